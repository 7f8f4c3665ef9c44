/*
 * DOC: peer: a BEEP peer on a socket, driven by libevent (see peer.h).
 *
 * Data flow. The bufferevent's input is moved into pend (at most 64 KiB
 * at a time) and fed to the session core; what the core does not take
 * (after a tuning trigger) stays in pend, so a callback never races the
 * evbuffer and the octets after the trigger are handed on intact: pushed
 * back under the TLS filter, or given to beep_peer_detach()'s caller.
 * The core's output goes straight to the bufferevent.
 *
 * Channel 0 is handled here: the greeting, a peer's start (the profile
 * is chosen, the owner's ops answer), close, and the replies to our own
 * start and close requests, matched by msgno. A callback may free the
 * peer (through gone() or directly): depth counts the libevent entries
 * on the stack and the free waits until the outermost returns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>

#include "log.h"
#include "mime.h"
#include "peer.h"
#include "tls.h"

#define PEER_READ_MAX	65536

enum preq_kind {
	PREQ_START,
	PREQ_CLOSE,
	PREQ_MSG,
};

/* A request of ours waiting for its reply. */
struct preq {
	TAILQ_ENTRY(preq)	 entry;
	enum preq_kind		 kind;
	uint32_t		 channel;	/* where the MSG went */
	uint32_t		 msgno;
	uint32_t		 target;	/* start/close: the channel */
	beep_start_cb		 start_cb;
	beep_reply_cb		 reply_cb;
	void			*arg;
};

struct pchan {
	TAILQ_ENTRY(pchan)		 entry;
	uint32_t			 num;
	const struct beep_profile_ops	*ops;
	void				*ctx;
};

struct sreq {
	TAILQ_ENTRY(sreq)	 entry;
	struct beep_start_req	 req;
	char			*uri;
	char			*server_name;
	uint8_t			*content;
};

struct beep_peer {
	struct beep_peer_cfg	 cfg;
	struct event_base	*base;
	int			 fd;
	struct bufferevent	*bev;		/* socket, or TLS filter */
	SSL			*ssl;
	struct beep_session	*sess;
	struct buf		 pend;		/* input not yet consumed */
	char			*name;
	char			*user;
	char			**offers;	/* the peer's greeting */
	size_t			 noffers;
	bool			 ready;
	bool			 tuning;
	bool			 tls;
	bool			 tls_server;
	SSL			*tls_pending;
	bool			 releasing;	/* close TCP once flushed */
	bool			 dead;
	bool			 free_asked;
	int			 depth;
	char			 why[160];
	TAILQ_HEAD(, preq)	 preqs;
	TAILQ_HEAD(, pchan)	 chans;
	TAILQ_HEAD(, sreq)	 sreqs;
};

static void	peer_read(struct bufferevent *, void *);
static void	peer_write(struct bufferevent *, void *);
static void	peer_event(struct bufferevent *, short, void *);
static void	peer_gone(struct beep_peer *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* ---- helpers ---------------------------------------------------------- */

static struct pchan *
chan_find(const struct beep_peer *p, uint32_t num)
{
	struct pchan	*c;

	TAILQ_FOREACH(c, &p->chans, entry)
		if (c->num == num)
			return c;
	return NULL;
}

static void
chan_drop(struct beep_peer *p, struct pchan *c)
{
	/* the profile still finds its channel context from closed() */
	if (c->ops->closed != NULL)
		c->ops->closed(p, c->num, c->ops->arg);
	TAILQ_REMOVE(&p->chans, c, entry);
	free(c);
}

static void
chans_drop_all(struct beep_peer *p)
{
	struct pchan	*c;

	while ((c = TAILQ_FIRST(&p->chans)) != NULL)
		chan_drop(p, c);
}

static void
preqs_drop_all(struct beep_peer *p)
{
	struct preq	*r;

	while ((r = TAILQ_FIRST(&p->preqs)) != NULL) {
		TAILQ_REMOVE(&p->preqs, r, entry);
		free(r);
	}
}

static void
sreq_free(struct beep_peer *p, struct sreq *sr)
{
	TAILQ_REMOVE(&p->sreqs, sr, entry);
	free(sr->uri);
	free(sr->server_name);
	free(sr->content);
	free(sr);
}

static void
offers_clear(struct beep_peer *p)
{
	size_t	 i;

	for (i = 0; i < p->noffers; i++)
		free(p->offers[i]);
	free(p->offers);
	p->offers = NULL;
	p->noffers = 0;
}

static const struct beep_profile_ops *
ops_find(const struct beep_peer *p, const char *uri)
{
	size_t	 i;

	for (i = 0; i < p->cfg.nprofiles; i++)
		if (strcmp(p->cfg.profiles[i].uri, uri) == 0)
			return &p->cfg.profiles[i];
	return NULL;
}

static bool
ops_offered(struct beep_peer *p, const struct beep_profile_ops *o)
{
	return o->offer == NULL || o->offer(p, o->arg);
}

unsigned int
beep_xml_body(const uint8_t *p, size_t len, const uint8_t **body,
    size_t *blen)
{
	struct beep_mime	 m;
	enum beep_mime_err	 e;

	if ((e = beep_mime_parse(p, len, &m)) != BEEP_MIME_OK ||
	    (!m.headerless && (e = beep_mime_xml_check(&m)) != BEEP_MIME_OK))
		return beep_mime_err_code(e);
	*body = m.body;
	*blen = m.body_len;
	return 0;
}

int
beep_xml_msg(struct buf *out, const struct beep_mgmt *m)
{
	return beep_mgmt_msg_put(out, m) == BEEP_MGMT_OK && buf_ok(out) ?
	    0 : -1;
}

/* A channel-0 body parsed with the elements allowed; code on failure. */
static unsigned int
xml_parse(struct beep_mgmt *m, const uint8_t *p, size_t len,
    unsigned int allow)
{
	const uint8_t		*body;
	size_t			 blen;
	unsigned int		 code;
	enum beep_mgmt_err	 e;

	memset(m, 0, sizeof(*m));
	if ((code = beep_xml_body(p, len, &body, &blen)) != 0)
		return code;
	if ((e = beep_mgmt_parse(m, body, blen, allow)) != BEEP_MGMT_OK)
		return beep_mgmt_err_code(e);
	return 0;
}

static int
send_error(struct beep_peer *p, uint32_t channel, uint32_t msgno,
    unsigned int code, const char *text)
{
	struct beep_mgmt	 m;
	struct buf		 b = BUF_INIT;
	int			 rc = -1;

	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_ERROR;
	m.u.error.code = code;
	m.u.error.text = text != NULL && *text != '\0' ? text : NULL;
	if (beep_xml_msg(&b, &m) == 0 &&
	    beep_session_send_err(p->sess, channel, msgno, b.data, b.len) ==
	    BEEP_SESS_OK)
		rc = 0;
	buf_free(&b);
	return rc;
}

/* ---- the greeting ------------------------------------------------------ */

int
beep_peer_greet(struct beep_peer *p)
{
	struct beep_profile	 prof[BEEP_MGMT_PROFILES_MAX];
	struct beep_mgmt	 m;
	struct buf		 b = BUF_INIT;
	size_t			 i, n = 0;
	int			 rc = -1;

	memset(prof, 0, sizeof(prof));
	for (i = 0; i < p->cfg.nprofiles && n < BEEP_MGMT_PROFILES_MAX; i++)
		if (ops_offered(p, &p->cfg.profiles[i]))
			prof[n++].uri = p->cfg.profiles[i].uri;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_GREETING;
	m.u.greeting.profiles = prof;
	m.u.greeting.nprofiles = n;
	if (beep_xml_msg(&b, &m) == 0 &&
	    beep_session_greet(p->sess, b.data, b.len) == BEEP_SESS_OK)
		rc = 0;
	buf_free(&b);
	return rc;
}

int
beep_peer_refuse_session(struct beep_peer *p, unsigned int code,
    const char *text)
{
	struct beep_mgmt	 m;
	struct buf		 b = BUF_INIT;
	int			 rc = -1;

	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_ERROR;
	m.u.error.code = code;
	m.u.error.text = text;
	if (beep_xml_msg(&b, &m) == 0 &&
	    beep_session_refuse(p->sess, b.data, b.len) == BEEP_SESS_OK)
		rc = 0;
	buf_free(&b);
	p->releasing = true;
	if (evbuffer_get_length(bufferevent_get_output(p->bev)) == 0)
		peer_gone(p, "session refused (%u)", code);
	return rc;
}

static void
on_greeting(void *arg, enum beep_type type, const uint8_t *d, size_t len)
{
	struct beep_peer	*p = arg;
	struct beep_mgmt	 m;
	unsigned int		 code;
	size_t			 i;

	code = xml_parse(&m, d, len, type == BEEP_TYPE_RPY ?
	    BEEP_EL_BIT(BEEP_EL_GREETING) : BEEP_EL_BIT(BEEP_EL_ERROR));
	if (code != 0) {
		beep_session_abort(p->sess, "malformed greeting");
		peer_gone(p, "malformed greeting (%u)", code);
		return;
	}
	if (type != BEEP_TYPE_RPY) {
		peer_gone(p, "session refused by the peer: %u %s",
		    m.u.error.code, m.u.error.text ? m.u.error.text : "");
		beep_mgmt_clear(&m);
		return;
	}
	offers_clear(p);
	if (m.u.greeting.nprofiles > 0 &&
	    (p->offers = calloc(m.u.greeting.nprofiles, sizeof(char *))) ==
	    NULL) {
		beep_mgmt_clear(&m);
		peer_gone(p, "out of memory");
		return;
	}
	for (i = 0; i < m.u.greeting.nprofiles; i++)
		if ((p->offers[p->noffers] =
		    strdup(m.u.greeting.profiles[i].uri)) != NULL)
			p->noffers++;
	beep_mgmt_clear(&m);
	p->ready = true;
	if (p->cfg.ready != NULL)
		p->cfg.ready(p, p->cfg.arg);
}

/* ---- a peer's requests on channel 0 ------------------------------------ */

static void
rx_start(struct beep_peer *p, uint32_t msgno, const struct beep_start *st)
{
	const struct beep_profile_ops	*o = NULL;
	const struct beep_profile	*chosen = NULL;
	struct sreq			*sr;
	size_t				 i;

	switch (beep_session_start_check(p->sess, st->number)) {
	case BEEP_START_OK:
		break;
	case BEEP_START_PARITY:
		send_error(p, 0, msgno, 501, "channel number of the wrong parity");
		return;
	case BEEP_START_IN_USE:
		send_error(p, 0, msgno, 550, "channel number in use");
		return;
	default:
		send_error(p, 0, msgno, 501, "bad channel number");
		return;
	}
	for (i = 0; i < st->nprofiles && o == NULL; i++) {
		const struct beep_profile_ops *c = ops_find(p,
		    st->profiles[i].uri);

		if (c != NULL && ops_offered(p, c)) {
			o = c;
			chosen = &st->profiles[i];
		}
	}
	if (o == NULL) {
		send_error(p, 0, msgno, 550, "no profile offered is available");
		return;
	}
	if ((sr = calloc(1, sizeof(*sr))) == NULL ||
	    (sr->uri = strdup(o->uri)) == NULL ||
	    (st->server_name != NULL &&
	    (sr->server_name = strdup(st->server_name)) == NULL) ||
	    (chosen->content_len > 0 &&
	    (sr->content = malloc(chosen->content_len + 1)) == NULL)) {
		if (sr != NULL) {
			free(sr->uri);
			free(sr->server_name);
		}
		free(sr);
		send_error(p, 0, msgno, 451, "out of memory");
		return;
	}
	if (chosen->content_len > 0) {
		memcpy(sr->content, chosen->content, chosen->content_len);
		sr->content[chosen->content_len] = '\0';
	}
	sr->req.peer = p;
	sr->req.msgno = msgno;
	sr->req.channel = st->number;
	sr->req.uri = sr->uri;
	sr->req.server_name = sr->server_name;
	sr->req.content = sr->content;
	sr->req.content_len = chosen->content_len;
	sr->req.ops_arg = o->arg;
	TAILQ_INSERT_TAIL(&p->sreqs, sr, entry);
	o->start(p, &sr->req, o->arg);
}

static struct sreq *
sreq_of(struct beep_start_req *req)
{
	return (struct sreq *)((char *)req - offsetof(struct sreq, req));
}

int
beep_peer_accept(struct beep_start_req *req, const void *content,
    size_t len)
{
	struct beep_peer		*p = req->peer;
	struct sreq			*sr = sreq_of(req);
	const struct beep_profile_ops	*o = ops_find(p, req->uri);
	struct beep_mgmt		 m;
	struct buf			 b = BUF_INIT;
	struct pchan			*c;
	int				 rc = -1;

	if (req->answered || o == NULL)
		return -1;
	req->answered = true;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_PROFILE;
	m.u.profile.uri = req->uri;
	m.u.profile.content = content;
	m.u.profile.content_len = content != NULL ? len : 0;
	if ((c = calloc(1, sizeof(*c))) != NULL && beep_xml_msg(&b, &m) == 0 &&
	    beep_session_channel_open(p->sess, req->channel, o->chan_flags) ==
	    BEEP_SESS_OK) {
		c->num = req->channel;
		c->ops = o;
		TAILQ_INSERT_TAIL(&p->chans, c, entry);
		c = NULL;
		if (beep_session_send_rpy(p->sess, 0, req->msgno, b.data,
		    b.len) == BEEP_SESS_OK)
			rc = 0;
	}
	free(c);
	buf_free(&b);
	sreq_free(p, sr);
	return rc;
}

int
beep_peer_refuse(struct beep_start_req *req, unsigned int code,
    const char *text)
{
	struct beep_peer	*p = req->peer;
	int			 rc;

	if (req->answered)
		return -1;
	req->answered = true;
	rc = send_error(p, 0, req->msgno, code, text);
	sreq_free(p, sreq_of(req));
	return rc;
}

static void
rx_close(struct beep_peer *p, uint32_t msgno, const struct beep_close *cl)
{
	struct beep_chan_status	 st;
	struct pchan		*c = NULL;
	struct beep_mgmt	 m;
	struct buf		 b = BUF_INIT;

	if (cl->number == 0) {
		if (!TAILQ_EMPTY(&p->chans)) {
			send_error(p, 0, msgno, 550, "channels are still open");
			return;
		}
	} else {
		if ((c = chan_find(p, cl->number)) == NULL) {
			send_error(p, 0, msgno, 550, "no such channel");
			return;
		}
		if (beep_session_channel_status(p->sess, cl->number, &st) !=
		    BEEP_SESS_OK || st.replies_owed > 0 ||
		    st.msgs_unreplied > 0) {
			send_error(p, 0, msgno, 550, "still working");
			return;
		}
	}
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_OK;
	if (beep_xml_msg(&b, &m) == 0)
		beep_session_send_rpy(p->sess, 0, msgno, b.data, b.len);
	buf_free(&b);
	if (cl->number == 0) {
		/* digest 1: the answering side closes TCP at once */
		beep_session_release(p->sess);
		p->releasing = true;
		if (evbuffer_get_length(bufferevent_get_output(p->bev)) == 0)
			peer_gone(p, "released by the peer");
		return;
	}
	beep_session_channel_close(p->sess, cl->number);
	chan_drop(p, c);
}

/* ---- replies to our requests on channel 0 ------------------------------ */

static struct preq *
preq_find(struct beep_peer *p, uint32_t channel, uint32_t msgno)
{
	struct preq	*r;

	TAILQ_FOREACH(r, &p->preqs, entry)
		if (r->channel == channel && r->msgno == msgno)
			return r;
	return NULL;
}

static void
rx_ch0_reply(struct beep_peer *p, enum beep_type type, struct preq *r,
    const uint8_t *d, size_t len)
{
	struct beep_start_result	 res;
	struct beep_mgmt		 m;
	const struct beep_profile_ops	*o;
	struct pchan			*c;
	unsigned int			 allow;

	if (type == BEEP_TYPE_ERR)
		allow = BEEP_EL_BIT(BEEP_EL_ERROR);
	else if (r->kind == PREQ_START)
		allow = BEEP_EL_BIT(BEEP_EL_PROFILE);
	else
		allow = BEEP_EL_BIT(BEEP_EL_OK);
	if ((type != BEEP_TYPE_RPY && type != BEEP_TYPE_ERR) ||
	    xml_parse(&m, d, len, allow) != 0) {
		/* checklist 39: a malformed channel-0 reply is fatal */
		beep_session_abort(p->sess, "malformed channel 0 reply");
		peer_gone(p, "malformed channel 0 reply");
		return;
	}
	TAILQ_REMOVE(&p->preqs, r, entry);
	memset(&res, 0, sizeof(res));
	res.channel = r->target;
	if (type == BEEP_TYPE_ERR) {
		res.code = m.u.error.code;
		res.text = m.u.error.text != NULL ? m.u.error.text : "";
	} else if (r->kind == PREQ_START) {
		res.ok = true;
		res.uri = m.u.profile.uri;
		res.content = m.u.profile.content;
		res.content_len = m.u.profile.content_len;
		o = ops_find(p, res.uri);
		if ((c = calloc(1, sizeof(*c))) == NULL ||
		    beep_session_channel_open(p->sess, r->target,
		    o != NULL ? o->chan_flags : 0) != BEEP_SESS_OK) {
			free(c);
			res.ok = false;
			res.code = 451;
			res.text = "cannot open the channel";
		} else {
			static const struct beep_profile_ops none = { .uri = "" };

			c->num = r->target;
			c->ops = o != NULL ? o : &none;
			TAILQ_INSERT_TAIL(&p->chans, c, entry);
		}
	} else {
		res.ok = true;
		if (r->target == 0) {
			beep_session_release(p->sess);
			if (r->start_cb != NULL)
				r->start_cb(p, &res, r->arg);
			free(r);
			beep_mgmt_clear(&m);
			peer_gone(p, "released");
			return;
		}
		beep_session_channel_close(p->sess, r->target);
		if ((c = chan_find(p, r->target)) != NULL)
			chan_drop(p, c);
	}
	if (r->start_cb != NULL)
		r->start_cb(p, &res, r->arg);
	free(r);
	beep_mgmt_clear(&m);
}

static void
on_channel0(void *arg, enum beep_type type, uint32_t msgno, uint32_t ansno,
    const uint8_t *d, size_t len)
{
	struct beep_peer	*p = arg;
	struct beep_mgmt	 m;
	struct preq		*r;
	unsigned int		 code;

	if (type != BEEP_TYPE_MSG) {
		if ((r = preq_find(p, 0, msgno)) == NULL) {
			beep_session_abort(p->sess, "reply to nothing");
			peer_gone(p, "channel 0 reply to no request");
			return;
		}
		if (r->kind == PREQ_MSG) {
			/* a raw MSG of the owner's on channel 0 */
			TAILQ_REMOVE(&p->preqs, r, entry);
			if (r->reply_cb != NULL)
				r->reply_cb(p, 0, type, d, len, r->arg);
			free(r);
			return;
		}
		rx_ch0_reply(p, type, r, d, len);
		return;
	}
	if ((code = xml_parse(&m, d, len, BEEP_EL_CH0_MSG)) != 0) {
		/* checklist 20, 39: an error, the session stays */
		send_error(p, 0, msgno, code, "malformed channel management message");
		return;
	}
	if (m.type == BEEP_EL_START)
		rx_start(p, msgno, &m.u.start);
	else
		rx_close(p, msgno, &m.u.close);
	beep_mgmt_clear(&m);
}

static void
on_deliver(void *arg, uint32_t channel, enum beep_type type, uint32_t msgno,
    uint32_t ansno, const uint8_t *d, size_t len, bool complete)
{
	struct beep_peer	*p = arg;
	struct pchan		*c = chan_find(p, channel);
	struct preq		*r;

	if (type == BEEP_TYPE_MSG) {
		if (c == NULL || c->ops->message == NULL) {
			/* checklist 24: never silence */
			if (complete)
				send_error(p, channel, msgno, 500,
				    "no MSG expected on this channel");
			return;
		}
		c->ops->message(p, channel, type, msgno, d, len, c->ops->arg);
		return;
	}
	if ((r = preq_find(p, channel, msgno)) == NULL)
		return;
	if (type == BEEP_TYPE_RPY || type == BEEP_TYPE_ERR ||
	    type == BEEP_TYPE_NUL)
		TAILQ_REMOVE(&p->preqs, r, entry);
	if (r->reply_cb != NULL)
		r->reply_cb(p, channel, type, d, len, r->arg);
	if (type != BEEP_TYPE_ANS)
		free(r);
}

static void
on_output(void *arg, const uint8_t *d, size_t len)
{
	struct beep_peer	*p = arg;

	if (p->bev != NULL)
		bufferevent_write(p->bev, d, len);
}

/* ---- our requests ------------------------------------------------------ */

static struct preq *
preq_new(struct beep_peer *p, enum preq_kind kind, uint32_t channel,
    uint32_t target)
{
	struct preq	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->kind = kind;
	r->channel = channel;
	r->target = target;
	return r;
}

int
beep_peer_start(struct beep_peer *p, const char *uri, const void *content,
    size_t len, const char *server_name, beep_start_cb cb, void *arg)
{
	struct beep_profile	 prof;
	struct beep_mgmt	 m;
	struct buf		 b = BUF_INIT;
	struct preq		*r;
	uint32_t		 num;
	int			 rc = -1;

	if (!p->ready || p->tuning ||
	    beep_session_channel_next(p->sess, &num) != BEEP_SESS_OK ||
	    (r = preq_new(p, PREQ_START, 0, num)) == NULL)
		return -1;
	memset(&prof, 0, sizeof(prof));
	prof.uri = uri;
	prof.content = content;
	prof.content_len = content != NULL ? len : 0;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_START;
	m.u.start.number = num;
	m.u.start.server_name = server_name;
	m.u.start.profiles = &prof;
	m.u.start.nprofiles = 1;
	r->start_cb = cb;
	r->arg = arg;
	if (beep_xml_msg(&b, &m) == 0 && beep_session_send_msg(p->sess, 0,
	    b.data, b.len, &r->msgno) == BEEP_SESS_OK) {
		TAILQ_INSERT_TAIL(&p->preqs, r, entry);
		rc = 0;
	} else
		free(r);
	buf_free(&b);
	return rc;
}

int
beep_peer_close(struct beep_peer *p, uint32_t channel, beep_start_cb cb,
    void *arg)
{
	struct beep_chan_status	 st;
	struct beep_mgmt	 m;
	struct buf		 b = BUF_INIT;
	struct preq		*r;
	int			 rc = -1;

	if (!p->ready || p->tuning)
		return -1;
	/* checklist 34: only once our MSGs there are acknowledged */
	if (channel != 0 && (beep_session_channel_status(p->sess, channel,
	    &st) != BEEP_SESS_OK || st.msgs_unacked > 0))
		return -1;
	if ((r = preq_new(p, PREQ_CLOSE, 0, channel)) == NULL)
		return -1;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_CLOSE;
	m.u.close.number = channel;
	m.u.close.code = 200;
	r->start_cb = cb;
	r->arg = arg;
	if (beep_xml_msg(&b, &m) == 0 && beep_session_send_msg(p->sess, 0,
	    b.data, b.len, &r->msgno) == BEEP_SESS_OK) {
		TAILQ_INSERT_TAIL(&p->preqs, r, entry);
		if (channel != 0)
			beep_session_channel_closing(p->sess, channel);
		rc = 0;
	} else
		free(r);
	buf_free(&b);
	return rc;
}

int
beep_peer_release(struct beep_peer *p, beep_start_cb cb, void *arg)
{
	return beep_peer_close(p, 0, cb, arg);
}

int
beep_peer_msg(struct beep_peer *p, uint32_t channel, const void *d,
    size_t len, beep_reply_cb cb, void *arg)
{
	struct preq	*r;

	if (p->tuning || (r = preq_new(p, PREQ_MSG, channel, channel)) == NULL)
		return -1;
	r->reply_cb = cb;
	r->arg = arg;
	if (beep_session_send_msg(p->sess, channel, d, len, &r->msgno) !=
	    BEEP_SESS_OK) {
		free(r);
		return -1;
	}
	TAILQ_INSERT_TAIL(&p->preqs, r, entry);
	return 0;
}

int
beep_peer_rpy(struct beep_peer *p, uint32_t channel, uint32_t msgno,
    const void *d, size_t len)
{
	return beep_session_send_rpy(p->sess, channel, msgno, d, len) ==
	    BEEP_SESS_OK ? 0 : -1;
}

int
beep_peer_err(struct beep_peer *p, uint32_t channel, uint32_t msgno,
    unsigned int code, const char *text)
{
	return send_error(p, channel, msgno, code, text);
}

/* ---- the socket -------------------------------------------------------- */

static void
peer_really_free(struct beep_peer *p)
{
	struct sreq	*sr;

	chans_drop_all(p);
	preqs_drop_all(p);
	while ((sr = TAILQ_FIRST(&p->sreqs)) != NULL)
		sreq_free(p, sr);
	if (p->bev != NULL) {
		struct bufferevent *u = bufferevent_get_underlying(p->bev);

		/* the fd closes below; nothing may still poll it */
		if (u != NULL)
			bufferevent_disable(u, EV_READ | EV_WRITE);
		bufferevent_disable(p->bev, EV_READ | EV_WRITE);
		bufferevent_free(p->bev);
	}
	if (p->tls_pending != NULL)
		SSL_free(p->tls_pending);
	if (p->fd != -1)
		close(p->fd);
	if (p->sess != NULL)
		beep_session_free(p->sess);
	offers_clear(p);
	buf_free(&p->pend);
	free(p->name);
	free(p->user);
	free(p);
}

void
beep_peer_free(struct beep_peer *p)
{
	if (p == NULL)
		return;
	if (p->depth > 0) {
		p->free_asked = true;
		p->dead = true;
		return;
	}
	peer_really_free(p);
}

static void
peer_enter(struct beep_peer *p)
{
	p->depth++;
}

/* Returns false if the peer is gone and must not be touched. */
static bool
peer_leave(struct beep_peer *p)
{
	if (--p->depth == 0 && p->free_asked) {
		peer_really_free(p);
		return false;
	}
	return !p->dead;
}

static void
peer_gone(struct beep_peer *p, const char *fmt, ...)
{
	va_list	 ap;

	if (p->dead)
		return;
	p->dead = true;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	if (p->bev != NULL)
		bufferevent_disable(p->bev, EV_READ | EV_WRITE);
	if (p->cfg.gone != NULL)
		p->cfg.gone(p, p->why, p->cfg.arg);
}

void
beep_peer_abort(struct beep_peer *p, const char *why)
{
	beep_session_abort(p->sess, why);
	peer_gone(p, "%s", why);
}

/* The TLS switch deferred until the input that triggered it is drained. */
static void
peer_tls_now(struct beep_peer *p)
{
	struct bufferevent	*f;
	SSL			*ssl = p->tls_pending;

	p->tls_pending = NULL;
	/* octets after proceed's END CR LF are the handshake's */
	if (p->pend.len > 0) {
		evbuffer_prepend(bufferevent_get_input(p->bev), p->pend.data,
		    p->pend.len);
		buf_reset(&p->pend);
	}
	/* tls.c frees ssl and the socket's bufferevent if it fails */
	f = beep_tls_bev_filter(p->base, p->bev, ssl, p->tls_server);
	if (f == NULL) {
		p->bev = NULL;
		peer_gone(p, "TLS: cannot make the filter");
		return;
	}
	/*
	 * A peer closing TCP without close_notify ends the stream, no
	 * more: BEEP frames carry their own ends, and the pipe after a
	 * tunnel is the application's to delimit.
	 */
	bufferevent_openssl_set_allow_dirty_shutdown(f, 1);
	p->bev = f;
	p->ssl = ssl;
	bufferevent_setcb(f, peer_read, peer_write, peer_event, p);
	bufferevent_enable(f, EV_READ | EV_WRITE);
}

static void
peer_feed(struct beep_peer *p)
{
	struct evbuffer		*in;
	enum beep_sess_err	 e;
	size_t			 n, used;
	uint8_t			*d;

	while (!p->tuning && !p->dead && p->bev != NULL) {
		if (p->pend.len == 0) {
			in = bufferevent_get_input(p->bev);
			if ((n = evbuffer_get_length(in)) == 0)
				break;
			if (n > PEER_READ_MAX)
				n = PEER_READ_MAX;
			if ((d = buf_space(&p->pend, n)) == NULL) {
				peer_gone(p, "out of memory");
				return;
			}
			evbuffer_remove(in, d, n);
			p->pend.len = n;
		}
		e = beep_session_recv(p->sess, p->pend.data, p->pend.len,
		    &used);
		if (p->dead)
			return;
		buf_consume(&p->pend, used);
		if (beep_sess_err_fatal(e)) {
			peer_gone(p, "%s", beep_session_errmsg(p->sess));
			return;
		}
		if (e != BEEP_SESS_OK && used == 0)
			break;
	}
	if (p->tls_pending != NULL && !p->dead)
		peer_tls_now(p);
}

static void
peer_read(struct bufferevent *bev, void *arg)
{
	struct beep_peer	*p = arg;

	peer_enter(p);
	peer_feed(p);
	peer_leave(p);
}

static void
peer_write(struct bufferevent *bev, void *arg)
{
	struct beep_peer	*p = arg;

	peer_enter(p);
	if (p->releasing && !p->dead)
		peer_gone(p, "released");
	peer_leave(p);
}

/*
 * Digest 8: a new session on the same roles. Everything learned about
 * the old one goes (channels, requests, the peer's profiles, the user);
 * our greeting goes out at once.
 */
static int
peer_fresh(struct beep_peer *p)
{
	beep_session_reset(p->sess);
	chans_drop_all(p);
	preqs_drop_all(p);
	offers_clear(p);
	p->ready = false;
	p->tuning = false;
	free(p->user);
	p->user = NULL;
	return beep_peer_greet(p);
}

static void
peer_event(struct bufferevent *bev, short what, void *arg)
{
	struct beep_peer	*p = arg;
	char			 e[256];

	peer_enter(p);
	if (what & BEV_EVENT_CONNECTED) {
		/* the TLS handshake is done: a new session inside it */
		p->tls = true;
		if (peer_fresh(p) == -1)
			peer_gone(p, "cannot greet after TLS");
		else
			peer_feed(p);
	} else if (what & BEV_EVENT_EOF) {
		peer_gone(p, "connection closed by the peer");
	} else if (what & (BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) {
		if (p->ssl != NULL)
			peer_gone(p, "TLS: %s",
			    beep_tls_bev_errstr(bev, e, sizeof(e)));
		else if (what & BEV_EVENT_TIMEOUT)
			peer_gone(p, "timeout");
		else
			peer_gone(p, "connection error: %s",
			    strerror(EVUTIL_SOCKET_ERROR()));
	}
	peer_leave(p);
}

struct beep_peer *
beep_peer_new(struct event_base *base, int fd,
    const struct beep_peer_cfg *cfg, char *err, size_t errlen)
{
	struct beep_session_cfg	 sc;
	struct beep_peer	*p;
	int			 one = 1;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		snprintf(err, errlen, "out of memory");
		close(fd);
		return NULL;
	}
	p->cfg = *cfg;
	p->base = base;
	p->fd = fd;
	TAILQ_INIT(&p->preqs);
	TAILQ_INIT(&p->chans);
	TAILQ_INIT(&p->sreqs);
	buf_init(&p->pend);
	p->name = strdup(cfg->name != NULL ? cfg->name : "peer");
	/* digest 7, checklist 48: tiny remainder frames must not wait */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	evutil_make_socket_nonblocking(fd);
	memset(&sc, 0, sizeof(sc));
	sc.role = cfg->role;
	sc.window = cfg->window;
	sc.frame_max = cfg->frame_max;
	sc.arg = p;
	sc.output = on_output;
	sc.greeting = on_greeting;
	sc.channel0 = on_channel0;
	sc.deliver = on_deliver;
	if (p->name == NULL || (p->sess = beep_session_new(&sc)) == NULL ||
	    (p->bev = bufferevent_socket_new(base, fd, 0)) == NULL) {
		snprintf(err, errlen, "out of memory");
		peer_really_free(p);
		return NULL;
	}
	bufferevent_setcb(p->bev, peer_read, peer_write, peer_event, p);
	bufferevent_enable(p->bev, EV_READ | EV_WRITE);
	return p;
}

/* ---- accessors --------------------------------------------------------- */

const char *
beep_peer_name(const struct beep_peer *p)
{
	return p->name;
}

void *
beep_peer_arg(const struct beep_peer *p)
{
	return p->cfg.arg;
}

enum beep_role
beep_peer_role(const struct beep_peer *p)
{
	return p->cfg.role;
}

struct event_base *
beep_peer_base(const struct beep_peer *p)
{
	return p->base;
}

bool
beep_peer_is_ready(const struct beep_peer *p)
{
	return p->ready && !p->tuning && !p->dead;
}

bool
beep_peer_offers(const struct beep_peer *p, const char *uri)
{
	size_t	 i;

	for (i = 0; i < p->noffers; i++)
		if (strcmp(p->offers[i], uri) == 0)
			return true;
	return false;
}

bool
beep_peer_tls_active(const struct beep_peer *p)
{
	return p->tls;
}

SSL *
beep_peer_ssl(const struct beep_peer *p)
{
	return p->ssl;
}

const char *
beep_peer_user(const struct beep_peer *p)
{
	return p->user;
}

int
beep_peer_set_user(struct beep_peer *p, const char *user)
{
	char	*u = NULL;

	if (user != NULL && (u = strdup(user)) == NULL)
		return -1;
	free(p->user);
	p->user = u;
	return 0;
}

unsigned int
beep_peer_channels(const struct beep_peer *p)
{
	struct pchan	*c;
	unsigned int	 n = 0;

	TAILQ_FOREACH(c, &p->chans, entry)
		n++;
	return n;
}

void *
beep_peer_chan_ctx(const struct beep_peer *p, uint32_t channel)
{
	struct pchan	*c = chan_find(p, channel);

	return c != NULL ? c->ctx : NULL;
}

int
beep_peer_set_chan_ctx(struct beep_peer *p, uint32_t channel, void *ctx)
{
	struct pchan	*c = chan_find(p, channel);

	if (c == NULL)
		return -1;
	c->ctx = ctx;
	return 0;
}

/* ---- tuning ------------------------------------------------------------ */

void
beep_peer_tune(struct beep_peer *p)
{
	beep_session_stop(p->sess);
	p->tuning = true;
}

int
beep_peer_restart(struct beep_peer *p)
{
	if (!p->tuning || p->dead)
		return -1;
	if (peer_fresh(p) == -1)
		return -1;
	/* what already arrived belongs to the new session */
	if (p->depth == 0) {
		peer_enter(p);
		peer_feed(p);
		return peer_leave(p) ? 0 : -1;
	}
	return 0;
}

int
beep_peer_starttls(struct beep_peer *p, SSL *ssl, bool server)
{
	/* p->tls may be set: TLS inside TLS, after a tunnel, is fine */
	if (!p->tuning || p->dead || p->tls_pending != NULL) {
		SSL_free(ssl);
		return -1;
	}
	p->tls_pending = ssl;
	p->tls_server = server;
	if (p->depth == 0) {
		peer_enter(p);
		peer_tls_now(p);
		return peer_leave(p) ? 0 : -1;
	}
	return 0;
}

int
beep_peer_detach(struct beep_peer *p, struct beep_detached *d)
{
	struct evbuffer	*in, *out;
	size_t		 n;
	uint8_t		*s;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	buf_init(&d->in);
	buf_init(&d->out);
	if (!p->tuning || p->dead || p->bev == NULL)
		return -1;
	buf_put_bytes(&d->in, p->pend.data, p->pend.len);
	buf_reset(&p->pend);
	if (p->ssl != NULL) {
		/* the filter keeps its own buffers; hand it over whole */
		in = bufferevent_get_input(p->bev);
		if ((n = evbuffer_get_length(in)) > 0 &&
		    (s = buf_space(&d->in, n)) != NULL) {
			evbuffer_remove(in, s, n);
			d->in.len += n;
		}
		bufferevent_disable(p->bev, EV_READ | EV_WRITE);
		bufferevent_setcb(p->bev, NULL, NULL, NULL, NULL);
		d->tls = p->bev;
		d->fd = p->fd;
		p->ssl = NULL;
	} else {
		in = bufferevent_get_input(p->bev);
		out = bufferevent_get_output(p->bev);
		if ((n = evbuffer_get_length(in)) > 0 &&
		    (s = buf_space(&d->in, n)) != NULL) {
			evbuffer_remove(in, s, n);
			d->in.len += n;
		}
		if ((n = evbuffer_get_length(out)) > 0 &&
		    (s = buf_space(&d->out, n)) != NULL) {
			evbuffer_remove(out, s, n);
			d->out.len += n;
		}
		bufferevent_free(p->bev);
		d->fd = p->fd;
	}
	if (!buf_ok(&d->in) || !buf_ok(&d->out)) {
		buf_free(&d->in);
		buf_free(&d->out);
		if (d->tls != NULL)
			bufferevent_free(d->tls);
		close(d->fd);
		d->fd = -1;
		d->tls = NULL;
		p->bev = NULL;
		p->fd = -1;
		return -1;
	}
	p->bev = NULL;
	p->fd = -1;
	p->dead = true;
	return 0;
}

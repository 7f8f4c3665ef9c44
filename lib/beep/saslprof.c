/*
 * DOC: saslprof: the SASL profile family (RFC 3080 4, digest 10) on a
 * beep_peer, over sasl.c's mechanisms. Blobs travel base64 inside
 * <blob> (mgmt.c encodes and decodes); sasl.c sees raw octets.
 *
 * Server: the start may piggyback the client's initial response; each
 * round is a MSG <blob> answered by RPY <blob> (a challenge), RPY
 * <blob status='complete'> (success, with SCRAM's server-final message)
 * or ERR <error code=...> (535 for bad credentials, never saying whether
 * the user exists). Success sets the peer's user for the whole session.
 * A client <blob status='abort'/> ends the exchange unauthenticated.
 *
 * Client: beep_sasl_login() runs the exchange to the end, checks the
 * server's proof (SCRAM authenticates the server too), closes the
 * channel so that a tuning profile may follow, and calls back once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "saslprof.h"

#define SASL_XML_HDR	"Content-Type: application/beep+xml\r\n\r\n"

/* ---- the server ------------------------------------------------------------ */

struct sasl_serve {
	struct beep_sasl_server	*srv;
	beep_sasl_result_cb	 cb;
	void			*arg;
	bool			 over;
};

static int
blob_put(struct buf *b, enum beep_blob_status st, const void *d, size_t len)
{
	struct beep_sasl_blob	 bl;

	memset(&bl, 0, sizeof(bl));
	bl.status = st;
	bl.data = d;
	bl.len = len;
	return beep_sasl_blob_put(b, &bl) == BEEP_MGMT_OK && buf_ok(b) ? 0 :
	    -1;
}

static int
blob_msg(struct buf *b, enum beep_blob_status st, const void *d, size_t len)
{
	buf_put_str(b, SASL_XML_HDR);
	if (blob_put(b, st, d, len) == -1)
		return -1;
	buf_put_str(b, "\r\n");
	return buf_ok(b) ? 0 : -1;
}

/* A blob element from p, or a reply code. */
static unsigned int
blob_parse(struct beep_mgmt *m, const uint8_t *p, size_t len)
{
	enum beep_mgmt_err	 e;

	if ((e = beep_mgmt_parse(m, p, len, BEEP_EL_BIT(BEEP_EL_BLOB))) !=
	    BEEP_MGMT_OK)
		return beep_mgmt_err_code(e);
	return 0;
}

static void
serve_end(struct beep_peer *p, struct sasl_serve *ss, bool ok,
    unsigned int code)
{
	/* on failure, the name tried (for the log line), never trusted */
	const char	*user = ss->srv == NULL ? NULL : ok ?
	    beep_sasl_server_user(ss->srv) : beep_sasl_server_attempt(ss->srv);

	ss->over = true;
	if (ok)
		beep_peer_set_user(p, user);
	if (ss->cb != NULL)
		ss->cb(p, ok, user, code, ss->arg);
}

static void
serve_free(struct sasl_serve *ss)
{
	if (ss == NULL)
		return;
	beep_sasl_server_free(ss->srv);
	free(ss);
}

/*
 * One round: in -> out. Returns the blob status to send, or sets *code
 * for an ERR.
 */
static int
serve_step(struct sasl_serve *ss, const uint8_t *in, size_t len,
    struct buf *out, unsigned int *code)
{
	switch (beep_sasl_server_step(ss->srv, in, len, out, code)) {
	case BEEP_SASL_CONTINUE:
		return BEEP_BLOB_CONTINUE;
	case BEEP_SASL_DONE:
		return BEEP_BLOB_COMPLETE;
	default:
		if (*code == 0)
			*code = 535;
		return -1;
	}
}

void
beep_sasl_serve_start(struct beep_start_req *req, struct beep_sasl_ctx *ctx,
    const struct beep_sasl_server_cfg *cfg, beep_sasl_result_cb cb, void *arg)
{
	struct beep_peer	*p = req->peer;
	struct sasl_serve	*ss;
	struct beep_mgmt	 m;
	struct buf		 out = BUF_INIT, reply = BUF_INIT;
	const char		*mech = req->uri + strlen(BEEP_URI_SASL);
	unsigned int		 code = 0;
	uint32_t		 channel = req->channel;
	int			 st;

	if ((ss = calloc(1, sizeof(*ss))) == NULL) {
		beep_peer_refuse(req, 451, "out of memory");
		return;
	}
	ss->cb = cb;
	ss->arg = arg;
	if ((ss->srv = beep_sasl_server_new(ctx, mech, cfg, &code)) == NULL) {
		beep_peer_refuse(req, code ? code : 504,
		    "mechanism not available");
		serve_end(p, ss, false, code ? code : 504);
		serve_free(ss);
		return;
	}
	if (req->content_len == 0) {
		/* the first response comes as a MSG */
		if (beep_peer_accept(req, NULL, 0) == 0 &&
		    beep_peer_set_chan_ctx(p, channel, ss) == 0)
			return;
		serve_free(ss);
		return;
	}
	if ((code = blob_parse(&m, req->content, req->content_len)) != 0) {
		/* checklist 55: not base64, 501 */
		beep_peer_refuse(req, code, "bad blob");
		serve_end(p, ss, false, code);
		serve_free(ss);
		return;
	}
	st = serve_step(ss, m.u.blob.data, m.u.blob.len, &out, &code);
	beep_mgmt_clear(&m);
	if (st == -1) {
		beep_peer_refuse(req, code, "authentication failure");
		serve_end(p, ss, false, code);
		serve_free(ss);
		buf_free(&out);
		return;
	}
	if (blob_put(&reply, st, out.data, out.len) == -1 ||
	    beep_peer_accept(req, reply.data, reply.len) == -1 ||
	    beep_peer_set_chan_ctx(p, channel, ss) == -1) {
		serve_free(ss);
		buf_free(&out);
		buf_free(&reply);
		return;
	}
	buf_free(&out);
	buf_free(&reply);
	if (st == BEEP_BLOB_COMPLETE)
		serve_end(p, ss, true, 200);
}

void
beep_sasl_serve_message(struct beep_peer *p, uint32_t channel,
    uint32_t msgno, const uint8_t *d, size_t len)
{
	struct sasl_serve	*ss = beep_peer_chan_ctx(p, channel);
	struct beep_mgmt	 m;
	struct buf		 out = BUF_INIT, reply = BUF_INIT;
	const uint8_t		*body;
	size_t			 blen;
	unsigned int		 code;
	int			 st;

	if (ss == NULL || ss->over) {
		beep_peer_err(p, channel, msgno, 554, "exchange is over");
		return;
	}
	if ((code = beep_xml_body(d, len, &body, &blen)) != 0 ||
	    (code = blob_parse(&m, body, blen)) != 0) {
		beep_peer_err(p, channel, msgno, code, "bad blob");
		return;
	}
	if (m.u.blob.status == BEEP_BLOB_ABORT) {
		/* checklist 57: ends without authentication */
		beep_mgmt_clear(&m);
		if (blob_msg(&reply, BEEP_BLOB_ABORT, NULL, 0) == 0)
			beep_peer_rpy(p, channel, msgno, reply.data,
			    reply.len);
		buf_free(&reply);
		serve_end(p, ss, false, 535);
		return;
	}
	code = 0;
	st = serve_step(ss, m.u.blob.data, m.u.blob.len, &out, &code);
	beep_mgmt_clear(&m);
	if (st == -1) {
		beep_peer_err(p, channel, msgno, code, "authentication failure");
		serve_end(p, ss, false, code);
	} else if (blob_msg(&reply, st, out.data, out.len) == 0) {
		beep_peer_rpy(p, channel, msgno, reply.data, reply.len);
		if (st == BEEP_BLOB_COMPLETE)
			serve_end(p, ss, true, 200);
	}
	buf_free(&out);
	buf_free(&reply);
}

void
beep_sasl_serve_closed(struct beep_peer *p, uint32_t channel)
{
	struct sasl_serve	*ss = beep_peer_chan_ctx(p, channel);

	if (ss != NULL && !ss->over && ss->cb != NULL) {
		ss->over = true;
		ss->cb(p, false, NULL, 535, ss->arg);
	}
	serve_free(ss);
	beep_peer_set_chan_ctx(p, channel, NULL);
}

/* ---- the client ------------------------------------------------------------ */

struct sasl_login {
	struct beep_sasl_client	*cl;
	beep_sasl_login_cb	 cb;
	void			*arg;
	uint32_t		 channel;
};

static void
login_end(struct beep_peer *p, struct sasl_login *sl, bool ok,
    unsigned int code, const char *text)
{
	beep_sasl_login_cb	 cb = sl->cb;
	void			*arg = sl->arg;

	/* a failed exchange leaves nothing open: another may follow */
	if (!ok && sl->channel != 0)
		beep_peer_close(p, sl->channel, NULL, NULL);
	beep_sasl_client_free(sl->cl);
	free(sl);
	cb(p, ok, code, text, arg);
}

static void
login_closed(struct beep_peer *p, const struct beep_start_result *r,
    void *arg)
{
	struct sasl_login	*sl = arg;

	login_end(p, sl, true, 200, "");
}

static void	login_reply(struct beep_peer *, uint32_t, enum beep_type,
		    const uint8_t *, size_t, void *);

/* Handle a server blob (challenge or completion). */
static void
login_blob(struct beep_peer *p, struct sasl_login *sl,
    const struct beep_sasl_blob *bl)
{
	struct buf		 out = BUF_INIT, msg = BUF_INIT;
	unsigned int		 code = 0;
	enum beep_sasl_step	 st;

	if (bl->status == BEEP_BLOB_ABORT) {
		login_end(p, sl, false, 535, "aborted by the server");
		return;
	}
	st = beep_sasl_client_step(sl->cl, bl->data, bl->len, &out, &code);
	if (bl->status == BEEP_BLOB_COMPLETE) {
		buf_free(&out);
		if (st != BEEP_SASL_DONE) {
			/* SCRAM: the server could not prove itself */
			login_end(p, sl, false, 535,
			    "the server's proof is wrong");
			return;
		}
		/* close the channel: a tuning profile may follow */
		if (beep_peer_close(p, sl->channel, login_closed, sl) == -1)
			login_end(p, sl, true, 200, "");
		return;
	}
	if (st == BEEP_SASL_FAIL || blob_msg(&msg, BEEP_BLOB_CONTINUE,
	    out.data, out.len) == -1 || beep_peer_msg(p, sl->channel,
	    msg.data, msg.len, login_reply, sl) == -1) {
		buf_free(&out);
		buf_free(&msg);
		login_end(p, sl, false, code ? code : 535,
		    "the exchange failed");
		return;
	}
	buf_free(&out);
	buf_free(&msg);
}

static void
login_reply(struct beep_peer *p, uint32_t channel, enum beep_type type,
    const uint8_t *d, size_t len, void *arg)
{
	struct sasl_login	*sl = arg;
	struct beep_mgmt	 m;
	const uint8_t		*body;
	size_t			 blen;
	char			 text[160];

	if (beep_xml_body(d, len, &body, &blen) != 0 ||
	    beep_mgmt_parse(&m, body, blen, BEEP_EL_BIT(BEEP_EL_BLOB) |
	    BEEP_EL_BIT(BEEP_EL_ERROR)) != BEEP_MGMT_OK) {
		login_end(p, sl, false, 500, "malformed reply");
		return;
	}
	if (m.type == BEEP_EL_ERROR) {
		unsigned int code = m.u.error.code;

		snprintf(text, sizeof(text), "%s", m.u.error.text ?
		    m.u.error.text : "");
		beep_mgmt_clear(&m);
		login_end(p, sl, false, code, text);
		return;
	}
	login_blob(p, sl, &m.u.blob);
	beep_mgmt_clear(&m);
}

static void
login_started(struct beep_peer *p, const struct beep_start_result *r,
    void *arg)
{
	struct sasl_login	*sl = arg;
	struct beep_mgmt	 m;
	char			 text[160];

	if (!r->ok) {
		login_end(p, sl, false, r->code, r->text);
		return;
	}
	sl->channel = r->channel;
	if (r->content_len == 0) {
		login_end(p, sl, false, 500, "no challenge from the server");
		return;
	}
	if (beep_mgmt_parse(&m, r->content, r->content_len,
	    BEEP_EL_BIT(BEEP_EL_BLOB) | BEEP_EL_BIT(BEEP_EL_ERROR)) !=
	    BEEP_MGMT_OK) {
		login_end(p, sl, false, 500, "malformed reply");
		return;
	}
	if (m.type == BEEP_EL_ERROR) {
		unsigned int code = m.u.error.code;

		snprintf(text, sizeof(text), "%s", m.u.error.text ?
		    m.u.error.text : "");
		beep_mgmt_clear(&m);
		login_end(p, sl, false, code, text);
		return;
	}
	login_blob(p, sl, &m.u.blob);
	beep_mgmt_clear(&m);
}

int
beep_sasl_login(struct beep_peer *p, struct beep_sasl_ctx *ctx,
    const char *mech, const char *user, const char *pass,
    beep_sasl_login_cb cb, void *arg)
{
	struct sasl_login	*sl;
	struct buf		 first = BUF_INIT, blob = BUF_INIT;
	char			 uri[128];
	unsigned int		 code = 0;
	int			 rc = -1;

	if ((sl = calloc(1, sizeof(*sl))) == NULL)
		return -1;
	sl->cb = cb;
	sl->arg = arg;
	snprintf(uri, sizeof(uri), "%s%s", BEEP_URI_SASL, mech);
	if ((sl->cl = beep_sasl_client_new(ctx, mech, user, pass)) != NULL &&
	    beep_sasl_client_start(sl->cl, &first, &code) != BEEP_SASL_FAIL &&
	    blob_put(&blob, BEEP_BLOB_CONTINUE, first.data, first.len) == 0 &&
	    beep_peer_start(p, uri, blob.data, blob.len, NULL, login_started,
	    sl) == 0)
		rc = 0;
	buf_free(&first);
	buf_free(&blob);
	if (rc == -1) {
		beep_sasl_client_free(sl->cl);
		free(sl);
	}
	return rc;
}

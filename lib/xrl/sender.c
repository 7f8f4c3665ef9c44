/*
 * DOC: sender connections, pooled per (protocol, address) and shared by
 * every target behind that address (§11.5). A connection pipelines up to
 * `window` requests (§10.3); later calls wait on it, already framed, and
 * go out as replies free the window, so a send never fails for lack of
 * room. Calls sit in one list in send order: the sent ones (in sequence
 * order, so the usual in-order reply is found at the head) and then the
 * queued ones. One timer per connection serves both the call timeouts
 * (it looks only at the oldest call: all share the router's timeout) and
 * the keepalive: a connection with nothing received for keepalive_ms sends
 * HELO, and one whose HELO stays unanswered that long is dead. A dead
 * connection fails its calls with SEND_FAILED and uncaches every
 * resolution that pointed at it, so the next call resolves afresh.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"
#include "sock.h"

static const struct xrl_args no_args = XRL_ARGS_INIT;

static void	sconn_fail(struct sconn *, const char *);

/*
 * A request frame: header, then the packed XRL, built as its argument
 * list with one more item, the head atom, spliced in front (§10.2).
 */
static bool
frame_put(struct buf *b, uint32_t seq, const struct buf *head,
    const struct xrl_args *args, const struct buf *packed)
{
	struct stcp_hdr	 h;
	size_t		 at = b->len;
	uint32_t	 i, n;

	n = args ? args->count : be32_load(packed->data) & 0xffffff;
	if (n >= 0xffffff)
		return false;
	memset(&h, 0, sizeof(h));
	h.seq = seq;
	h.type = STCP_REQUEST;
	h.code = XRL_OKAY;
	if (!stcp_hdr_put(b, &h) || !buf_put_u32(b, 0xcc000000u | (n + 1)) ||
	    !buf_put_bytes(b, head->data, head->len))
		return false;
	if (args != NULL) {
		for (i = 0; i < n; i++)
			if (!xrl_atom_pack(&args->atoms[i], b))
				return false;
	} else if (!buf_put_bytes(b, packed->data + 4, packed->len - 4))
		return false;
	be32_store(b->data + at + 20, (uint32_t)(b->len - at - STCP_HDR_LEN));
	return true;
}

static void
sconn_arm(struct sconn *c, uint64_t at)
{
	uint64_t	 now = router_now(c->r);

	if (evtimer_pending(c->timer, NULL) && c->timer_at <= at)
		return;
	c->timer_at = at;
	evtimer_add_ms(c->timer, at > now ? at - now : 0);
}

/* Send queued calls while the window allows. */
static void
sconn_pump(struct sconn *c)
{
	struct xrl_router	*r = c->r;
	struct xrl_call		*call;
	struct buf		*w = &c->s.wbuf;
	size_t			 at;
	bool			 sent = false;

	while ((call = c->unsent) != NULL && c->connected &&
	    c->inflight < r->window) {
		call->seq = c->next_seq++;
		at = w->len;
		if (buf_put_bytes(w, call->frame.data, call->frame.len))
			be32_store(w->data + at + 6, call->seq);
		call->state = CALL_SENT;
		c->inflight++;
		c->unsent = TAILQ_NEXT(call, entry);
		sent = true;
	}
	if (sent)
		stream_output(&c->s);
}

void
sconn_send(struct sconn *c, const struct buf *head, struct xrl_call *call,
    const struct xrl_args *args, const struct buf *packed)
{
	struct xrl_router	*r = c->r;
	bool			 first = TAILQ_EMPTY(&c->calls);

	if (c->connected && c->unsent == NULL && c->inflight < r->window) {
		/* The fast path: straight into the output, no copy. */
		call->seq = c->next_seq++;
		call->state = CALL_SENT;
		(void)frame_put(&c->s.wbuf, call->seq, head, args, packed);
		c->inflight++;
		TAILQ_INSERT_TAIL(&c->calls, call, entry);
		stream_output(&c->s);
	} else {
		buf_reset(&call->frame);
		if (!frame_put(&call->frame, 0, head, args, packed)) {
			call_fail(r, call, XRL_INTERNAL_ERROR,
			    "cannot build request");
			return;
		}
		call->state = CALL_QUEUED;
		TAILQ_INSERT_TAIL(&c->calls, call, entry);
		if (c->unsent == NULL)
			c->unsent = call;
	}
	if (first)
		sconn_arm(c, call->deadline);
}

static struct xrl_call *
sconn_find(struct sconn *c, uint32_t seq)
{
	struct xrl_call	*call;

	TAILQ_FOREACH(call, &c->calls, entry) {
		if (call == c->unsent)
			return NULL;
		if (call->seq == seq)
			return call;
	}
	return NULL;
}

static void
sconn_done(struct sconn *c, struct xrl_call *call)
{
	if (call == c->unsent)
		c->unsent = TAILQ_NEXT(call, entry);
	else if (call->state == CALL_SENT)
		c->inflight--;
	TAILQ_REMOVE(&c->calls, call, entry);
}

static void
sconn_trace(struct sconn *c, const struct stcp_frame *f,
    const struct xrl_error *err, const struct xrl_args *reply)
{
	struct buf	 b = BUF_INIT;
	char		 ebuf[XRL_NOTE_MAX + 64];

	(void)xrl_args_print(reply, &b);
	log_info("XRLTRACE reply %s seq %u: %s%s%s", c->key, f->hdr.seq,
	    xrl_error_print(err, ebuf, sizeof(ebuf)), b.len ? " " : "",
	    b.len ? buf_cstr(&b) : "");
	buf_free(&b);
}

static void
sconn_reply(struct sconn *c, const struct stcp_frame *f)
{
	struct xrl_router	*r = c->r;
	struct xrl_call		*call;
	struct xrl_error	 err;
	struct xrl_args		*reply = &r->scratch;
	char			 msg[XRL_ERRBUF];

	if ((call = sconn_find(c, f->hdr.seq)) == NULL)
		return;		/* timed out already, or never sent */
	sconn_done(c, call);
	xrl_error_from_wire(&err, f->hdr.code, (const char *)f->note,
	    f->hdr.note_len);
	/* XORP always sends "cc 00 00 00"; take nothing at all as that. */
	if (err.code == XRL_OKAY && f->hdr.payload_len != 0 &&
	    xrl_args_unpack(reply, f->payload, f->hdr.payload_len, msg,
	    sizeof(msg)) == -1)
		xrl_error_set(&err, XRL_INTERNAL_ERROR, "corrupt reply: %s",
		    msg);
	if (r->trace)
		sconn_trace(c, f, &err, reply);
	call_complete(r, call, &err, err.code == XRL_OKAY ? reply : &no_args);
	xrl_args_clear(reply);
}

static void
sconn_helo_ack(struct sconn *c, uint32_t seq)
{
	struct stcp_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.seq = seq;
	h.type = STCP_HELO_ACK;
	h.code = XRL_OKAY;
	(void)stcp_hdr_put(&c->s.wbuf, &h);
	stream_output(&c->s);
}

/* Decode what was read; -1 when the connection died. */
static int
sconn_input(struct sconn *c)
{
	struct stream		*s = &c->s;
	struct stcp_frame	 f;
	struct xrl_call		*call;
	struct xrl_error	 err;
	size_t			 used, need;
	unsigned		 n = 0, every;

	every = router_flush_every(c->inflight);
	while (n < XRL_FRAMES_PER_PASS) {
		switch (stcp_decode(&s->dec, s->rbuf + s->roff,
		    s->rlen - s->roff, &used, &need, &f)) {
		case STCP_DEC_MORE:
			s->roff += used;
			s->need = need;
			s->more = false;
			return 0;
		case STCP_DEC_SKIP:
			s->roff += used;
			continue;
		case STCP_DEC_BAD:
			sconn_fail(c, "bad frame header");
			return -1;
		case STCP_DEC_OVERSIZE:
			s->roff += used;
			n++;
			if (f.hdr.type != STCP_RESPONSE ||
			    (call = sconn_find(c, f.hdr.seq)) == NULL)
				break;
			sconn_done(c, call);
			xrl_error_set(&err, XRL_INTERNAL_ERROR,
			    "reply of %llu bytes exceeds the limit",
			    (unsigned long long)f.hdr.note_len +
			    f.hdr.payload_len);
			call_complete(c->r, call, &err, &no_args);
			break;
		case STCP_DEC_FRAME:
			s->roff += used;
			n++;
			if (f.hdr.type == STCP_RESPONSE)
				sconn_reply(c, &f);
			else if (f.hdr.type == STCP_HELO_ACK)
				c->helo_out = false;
			else if (f.hdr.type == STCP_HELO)
				sconn_helo_ack(c, f.hdr.seq);
			break;
		}
		if (n % every == 0) {
			/* Keep the peer busy while we finish this batch. */
			sconn_pump(c);
			router_flush(c->r);
		}
	}
	s->need = STCP_HDR_LEN;
	s->more = true;
	event_active(s->rd, EV_READ, 0);
	return 0;
}

static void
sconn_readcb(evutil_socket_t fd, short ev, void *arg)
{
	struct sconn		*c = arg;
	struct xrl_router	*r = c->r;
	ssize_t			 n;

	if (c->s.werr) {
		sconn_fail(c, "write failed");
		return;
	}
	if (!c->s.more) {
		n = stream_read(&c->s, c->s.need);
		if (n == -2)
			return;
		if (n <= 0) {
			sconn_fail(c, n == 0 ? "connection closed" :
			    "read failed");
			return;
		}
	}
	router_enter(r);
	if (sconn_input(c) == 0)
		sconn_pump(c);
	router_leave(r);
}

static void
sconn_writecb(evutil_socket_t fd, short ev, void *arg)
{
	struct sconn		*c = arg;
	struct xrl_router	*r = c->r;
	socklen_t		 len = sizeof(int);
	int			 soerr = 0;

	if (c->connected) {
		stream_writable(&c->s);
		return;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		soerr = errno;
	if (soerr != 0) {
		sconn_fail(c, strerror(soerr));
		return;
	}
	c->connected = true;
	c->s.last_rx = router_now(r);
	router_enter(r);
	sconn_pump(c);
	router_leave(r);
}

static void
sconn_timercb(evutil_socket_t fd, short ev, void *arg)
{
	struct sconn		*c = arg;
	struct xrl_router	*r = c->r;
	struct xrl_call		*call;
	struct xrl_error	 err;
	struct stcp_hdr		 h;
	uint64_t		 now = router_now(r), next;

	/* Not connected counts as an unanswered HELO sent at creation. */
	if ((c->helo_out || !c->connected) &&
	    now - c->helo_at >= r->keepalive_ms) {
		sconn_fail(c, c->connected ? "keepalive not answered" :
		    "connect timed out");
		return;
	}
	router_enter(r);
	while ((call = TAILQ_FIRST(&c->calls)) != NULL &&
	    call->deadline <= now) {
		sconn_done(c, call);
		xrl_error_set(&err, XRL_REPLY_TIMED_OUT, "%s", c->key);
		call_complete(r, call, &err, &no_args);
	}
	if (c->connected && !c->helo_out &&
	    now - c->s.last_rx >= r->keepalive_ms) {
		memset(&h, 0, sizeof(h));
		h.seq = c->next_seq++;
		h.type = STCP_HELO;
		h.code = XRL_OKAY;
		(void)stcp_hdr_put(&c->s.wbuf, &h);
		stream_output(&c->s);
		c->helo_out = true;
		c->helo_at = now;
	}
	sconn_pump(c);
	router_leave(r);
	next = (c->helo_out || !c->connected ? c->helo_at : c->s.last_rx) +
	    r->keepalive_ms;
	if ((call = TAILQ_FIRST(&c->calls)) != NULL && call->deadline < next)
		next = call->deadline;
	c->timer_at = next;
	evtimer_add_ms(c->timer, next > now ? next - now : 1);
}

static void
sconn_fail(struct sconn *c, const char *why)
{
	struct xrl_router	*r = c->r;
	struct xrl_call		*call;
	struct resol		*res;

	/* A peer closing an idle connection is ordinary (§10.3). */
	if (TAILQ_EMPTY(&c->calls))
		log_debug("xrl sender %s: %s", c->key, why);
	else if (log_limit_ok(&r->lim))
		log_warnx("xrl sender %s: %s", c->key, why);
	TAILQ_REMOVE(&r->sconns, c, entry);
	while ((res = TAILQ_FIRST(&c->resols)) != NULL)
		resol_del(r, res);
	while ((call = TAILQ_FIRST(&c->calls)) != NULL) {
		TAILQ_REMOVE(&c->calls, call, entry);
		call_fail(r, call, XRL_SEND_FAILED, "%s: %s", c->key, why);
	}
	if (c->timer)
		event_free(c->timer);
	stream_fini(&c->s);
	free(c->key);
	free(c);
}

static int
sconn_connect(struct sconn *c, const char *proto, const char *addr,
    size_t addrlen)
{
	char		 a[256], host[128];
	uint16_t	 port;
	size_t		 i;

	if (addrlen >= sizeof(a)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(a, addr, addrlen);
	a[addrlen] = '\0';
	if (strcmp(proto, "unix") == 0) {
		for (i = 0; i < addrlen; i++)
			if (a[i] == ':')
				a[i] = '/';
		/* A local connect completes or fails on the spot. */
		c->connected = true;
		return sock_connect_unix(a, true);
	}
	if (strcmp(proto, "stcp") == 0) {
		if (sock_split_hostport(a, host, sizeof(host), &port) == -1)
			return -1;
		return sock_connect_tcp(host, port, true);
	}
	errno = EPROTONOSUPPORT;
	return -1;
}

struct sconn *
sconn_get(struct xrl_router *r, const char *proto, const char *addr,
    size_t addrlen)
{
	struct sconn	*c;
	char		 key[300];
	int		 fd;

	if ((size_t)snprintf(key, sizeof(key), "%s://%.*s", proto,
	    (int)addrlen, addr) >= sizeof(key))
		return NULL;
	TAILQ_FOREACH(c, &r->sconns, entry)
		if (strcmp(c->key, key) == 0)
			return c;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->r = r;
	TAILQ_INIT(&c->calls);
	TAILQ_INIT(&c->resols);
	if ((fd = sconn_connect(c, proto, addr, addrlen)) == -1) {
		if (r->fctrace || r->trace)
			log_warn("xrl sender %s: connect", key);
		free(c);
		return NULL;
	}
	if ((c->key = strdup(key)) == NULL ||
	    (c->timer = evtimer_new(r->base, sconn_timercb, c)) == NULL) {
		close(fd);
		goto fail;
	}
	if (stream_init(&c->s, r, fd, sconn_readcb, sconn_writecb, c) == -1)
		goto fail;	/* closed fd */
	c->helo_at = router_now(r);
	event_add(c->s.rd, NULL);
	if (!c->connected)
		event_add(c->s.wr, NULL);
	sconn_arm(c, c->helo_at + r->keepalive_ms);
	TAILQ_INSERT_TAIL(&r->sconns, c, entry);
	return c;
fail:
	if (c->timer)
		event_free(c->timer);
	free(c->key);
	free(c);
	return NULL;
}

void
sconn_free_all(struct xrl_router *r)
{
	struct sconn	*c;
	struct xrl_call	*call;

	while ((c = TAILQ_FIRST(&r->sconns)) != NULL) {
		TAILQ_REMOVE(&r->sconns, c, entry);
		/* Pending calls are dropped with the router, uncompleted. */
		while ((call = TAILQ_FIRST(&c->calls)) != NULL) {
			TAILQ_REMOVE(&c->calls, call, entry);
			call_put(r, call);
		}
		while (TAILQ_FIRST(&c->resols) != NULL) {
			TAILQ_FIRST(&c->resols)->conn = NULL;
			TAILQ_REMOVE(&c->resols, TAILQ_FIRST(&c->resols),
			    centry);
		}
		event_free(c->timer);
		stream_fini(&c->s);
		free(c->key);
		free(c);
	}
}

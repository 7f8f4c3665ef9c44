/*
 * DOC: one Finder-protocol connection on a libevent loop. Outgoing messages
 * are framed into `out` and written as the socket allows; incoming bytes
 * collect in `in` and are cut into frames. Each frame is a request (handed
 * to the owner's request callback) or a reply (matched by sequence number
 * against the pending calls, in any order).
 *
 * A call is its own object with its own event, so that it can outlive the
 * connection: every completion (reply, timeout, connection loss) is made by
 * activating that event, which runs the user's callback later from the loop
 * and never inside fconn_call() or fconn_free().
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "fconn.h"
#include "log.h"

#define FCONN_FIRST_SEQ		1001	/* as XORP numbers its first call */
#define FCONN_TIMEOUT_MS	30000	/* §11.2 */
#define FCONN_READ_CHUNK	16384

struct fconn_call {
	TAILQ_ENTRY(fconn_call)	 entry;
	struct fconn		*fc;		/* NULL once completed */
	uint32_t		 seq;
	struct event		*ev;		/* timeout, then completion */
	xrl_reply_fn		 fn;
	xrl_fnptr		 ucb;
	void			*arg;
	struct xrl_error	 err;
	struct xrl_args		 reply;
};

TAILQ_HEAD(fconn_calls, fconn_call);

struct fconn {
	struct event_base	*base;
	int			 fd;
	struct event		*rev;
	struct event		*wev;
	struct fconn_cbs	 cbs;
	void			*arg;
	struct buf		 in;
	struct buf		 out;
	struct fconn_calls	 pending;
	uint32_t		 npending;
	uint32_t		 next_seq;
	unsigned		 busy;		/* inside a callback */
	bool			 dead;		/* freed while busy */
	bool			 closed;	/* the stream is unusable */
	bool			 werror;	/* a write failed; close soon */
	struct log_limit	 loglim;
	char			 peer[64];
};

static void	fconn_read(evutil_socket_t, short, void *);
static void	fconn_write(evutil_socket_t, short, void *);
static void	fconn_call_fire(evutil_socket_t, short, void *);

static void
fconn_describe(struct fconn *fc)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(ss);
	char			 a[INET6_ADDRSTRLEN];

	snprintf(fc->peer, sizeof(fc->peer), "fd %d", fc->fd);
	if (getpeername(fc->fd, (struct sockaddr *)&ss, &len) == -1)
		return;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
		snprintf(fc->peer, sizeof(fc->peer), "%s:%u", a,
		    ntohs(sin->sin_port));
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, a, sizeof(a));
		snprintf(fc->peer, sizeof(fc->peer), "[%s]:%u", a,
		    ntohs(sin6->sin6_port));
	} else if (ss.ss_family == AF_UNIX)
		snprintf(fc->peer, sizeof(fc->peer), "unix");
}

struct fconn *
fconn_new(struct event_base *base, int fd, const struct fconn_cbs *cbs,
    void *arg)
{
	struct fconn	*fc;

	if ((fc = calloc(1, sizeof(*fc))) == NULL)
		return NULL;
	fc->base = base;
	fc->fd = fd;
	fc->cbs = *cbs;
	fc->arg = arg;
	fc->next_seq = FCONN_FIRST_SEQ;
	buf_init(&fc->in);
	buf_init(&fc->out);
	TAILQ_INIT(&fc->pending);
	fc->loglim = (struct log_limit)LOG_LIMIT_INIT(10, 5);
	if (evutil_make_socket_nonblocking(fd) == -1)
		goto fail;
	fc->rev = event_new(base, fd, EV_READ | EV_PERSIST, fconn_read, fc);
	fc->wev = event_new(base, fd, EV_WRITE | EV_PERSIST, fconn_write, fc);
	if (fc->rev == NULL || fc->wev == NULL || event_add(fc->rev, NULL))
		goto fail;
	fconn_describe(fc);
	return fc;
fail:
	if (fc->rev)
		event_free(fc->rev);
	if (fc->wev)
		event_free(fc->wev);
	free(fc);
	return NULL;
}

/* Take a call off the connection and let its callback run from the loop. */
static void
fconn_call_complete(struct fconn_call *c, uint32_t code, const char *note)
{
	struct fconn	*fc = c->fc;

	TAILQ_REMOVE(&fc->pending, c, entry);
	fc->npending--;
	c->fc = NULL;
	if (code != XRL_OKAY) {
		xrl_args_clear(&c->reply);
		xrl_error_set(&c->err, code, "%s", note ? note : "");
	}
	event_del(c->ev);
	event_active(c->ev, EV_TIMEOUT, 0);
}

static void
fconn_call_fire(evutil_socket_t fd, short what, void *arg)
{
	struct fconn_call	*c = arg;

	if (c->fc != NULL) {		/* still pending: this is the timeout */
		log_debug("fconn %s: call %u timed out", c->fc->peer, c->seq);
		fconn_call_complete(c, XRL_REPLY_TIMED_OUT, NULL);
		return;			/* fires again at once, completed */
	}
	c->fn(&c->err, &c->reply, c->ucb, c->arg);
	xrl_args_clear(&c->reply);
	event_free(c->ev);
	free(c);
}

/* Stop all I/O; pending calls fail with SEND_FAILED. */
static void
fconn_shutdown(struct fconn *fc)
{
	struct fconn_call	*c;

	if (!fc->closed) {
		fc->closed = true;
		event_del(fc->rev);
		event_del(fc->wev);
	}
	while ((c = TAILQ_FIRST(&fc->pending)) != NULL)
		fconn_call_complete(c, XRL_SEND_FAILED, "connection closed");
}

static void
fconn_destroy(struct fconn *fc)
{
	event_free(fc->rev);
	event_free(fc->wev);
	if (fc->fd != -1)
		close(fc->fd);
	buf_free(&fc->in);
	buf_free(&fc->out);
	free(fc);
}

void
fconn_free(struct fconn *fc)
{
	if (fc == NULL || fc->dead)
		return;
	fconn_shutdown(fc);
	if (fc->busy) {
		/* The frame loop below us still holds fc; it frees it. */
		fc->dead = true;
		return;
	}
	fconn_destroy(fc);
}

/* The stream is broken: tell the owner, who frees us. */
static void
fconn_lost(struct fconn *fc)
{
	fconn_shutdown(fc);
	fc->busy++;
	fc->cbs.closed(fc, fc->arg);
	fc->busy--;
}

static void
fconn_flush(struct fconn *fc)
{
	ssize_t	 n;

	while (fc->out.len > 0) {
		n = write(fc->fd, fc->out.data, fc->out.len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			log_debug("fconn %s: write: %s", fc->peer,
			    strerror(errno));
			/* Report the loss from the loop, not to our caller. */
			fc->werror = true;
			buf_reset(&fc->out);
			event_active(fc->wev, EV_WRITE, 0);
			return;
		}
		buf_consume(&fc->out, (size_t)n);
	}
	if (fc->out.len > 0)
		event_add(fc->wev, NULL);
	else
		event_del(fc->wev);
}

static void
fconn_write(evutil_socket_t fd, short what, void *arg)
{
	struct fconn	*fc = arg;

	if (fc->closed)
		return;
	if (fc->werror) {
		fconn_lost(fc);
		if (fc->dead)
			fconn_destroy(fc);
		return;
	}
	fconn_flush(fc);
}

int
fconn_call(struct fconn *fc, const struct xrl *x, uint32_t timeout_ms,
    xrl_reply_fn fn, xrl_fnptr ucb, void *arg)
{
	struct fconn_call	*c;

	if (fc->closed || fc->werror)
		return -1;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	if ((c->ev = evtimer_new(fc->base, fconn_call_fire, c)) == NULL) {
		free(c);
		return -1;
	}
	c->seq = fc->next_seq;
	if (!finder_msg_request(&fc->out, c->seq, x)) {
		log_warnx("fconn %s: cannot send %s/%s: message too large or "
		    "no memory", fc->peer, x->target ? x->target : "",
		    x->command ? x->command : "");
		if (!buf_ok(&fc->out)) {
			/* Half-written output cannot be repaired. */
			fc->werror = true;
			event_active(fc->wev, EV_WRITE, 0);
		}
		event_free(c->ev);
		free(c);
		return -1;
	}
	fc->next_seq++;
	c->fc = fc;
	c->fn = fn;
	c->ucb = ucb;
	c->arg = arg;
	xrl_args_init(&c->reply);
	xrl_error_ok(&c->err);
	TAILQ_INSERT_TAIL(&fc->pending, c, entry);
	fc->npending++;
	evtimer_add_ms(c->ev, timeout_ms ? timeout_ms : FCONN_TIMEOUT_MS);
	fconn_flush(fc);
	return 0;
}

int
fconn_reply(struct fconn *fc, uint32_t seq, const struct xrl_error *err,
    const struct xrl_args *args)
{
	struct xrl_error	 e;

	if (fc->closed || fc->werror)
		return -1;
	if (!finder_msg_reply(&fc->out, seq, err, args)) {
		if (!buf_ok(&fc->out)) {
			fc->werror = true;
			event_active(fc->wev, EV_WRITE, 0);
			return -1;
		}
		/* Too big: the caller still gets an answer. */
		log_warnx("fconn %s: reply %u too large", fc->peer, seq);
		xrl_error_set(&e, XRL_INTERNAL_ERROR, "reply too large");
		if (!finder_msg_reply(&fc->out, seq, &e, NULL))
			return -1;
		fconn_flush(fc);
		return -1;
	}
	fconn_flush(fc);
	return 0;
}

static struct fconn_call *
fconn_find(struct fconn *fc, uint32_t seq)
{
	struct fconn_call	*c;

	TAILQ_FOREACH(c, &fc->pending, entry)
		if (c->seq == seq)
			return c;
	return NULL;
}

static void
fconn_got_reply(struct fconn *fc, struct finder_msg *m, bool ok,
    const char *why)
{
	struct fconn_call	*c;

	if ((c = fconn_find(fc, m->seq)) == NULL) {
		if (log_limit_ok(&fc->loglim))
			log_warnx("fconn %s: reply %u matches no call",
			    fc->peer, m->seq);
		return;
	}
	if (!ok) {
		if (log_limit_ok(&fc->loglim))
			log_warnx("fconn %s: corrupt reply %u: %s", fc->peer,
			    m->seq, why);
		fconn_call_complete(c, XRL_INTERNAL_ERROR, "corrupt reply");
		return;
	}
	c->err = m->err;
	if (m->err.code == XRL_OKAY) {
		c->reply = m->args;
		xrl_args_init(&m->args);
	}
	fconn_call_complete(c, m->err.code, m->err.note);
}

/* One well-framed message. */
static void
fconn_frame(struct fconn *fc, const uint8_t *p, size_t len)
{
	struct finder_msg	 m;
	struct xrl_error	 e;
	char			 why[XRL_ERRBUF];
	uint32_t		 seq;
	bool			 have_seq = false;

	why[0] = '\0';
	seq = 0;
	if (finder_msg_parse(&m, p, len, &seq, why, sizeof(why)) == 0) {
		if (m.type == FINDER_MSG_REPLY)
			fconn_got_reply(fc, &m, true, NULL);
		else
			fc->cbs.request(fc, &m, fc->arg);
		finder_msg_clear(&m);
		return;
	}
	have_seq = m.type != 0;
	if (have_seq && m.type == FINDER_MSG_REPLY) {
		fconn_got_reply(fc, &m, false, why);
		finder_msg_clear(&m);
		return;
	}
	finder_msg_clear(&m);
	if (log_limit_ok(&fc->loglim))
		log_warnx("fconn %s: malformed %s: %s", fc->peer,
		    have_seq ? "request" : "message", why);
	if (have_seq) {
		xrl_error_set(&e, XRL_BAD_ARGS, "%s", why);
		fconn_reply(fc, seq, &e, NULL);
	}
}

/* Cut complete frames off the input; false once the stream is broken. */
static bool
fconn_frames(struct fconn *fc)
{
	size_t		 off = 0;
	uint32_t	 len;

	while (!fc->closed && fc->in.len - off >= 4) {
		len = be32_load(fc->in.data + off);
		if (len == 0 || len > FINDER_MSG_MAX) {
			if (log_limit_ok(&fc->loglim))
				log_warnx("fconn %s: bad frame length %u, "
				    "closing", fc->peer, len);
			return false;
		}
		if (fc->in.len - off - 4 < len)
			break;
		fconn_frame(fc, fc->in.data + off + 4, len);
		off += 4 + (size_t)len;
	}
	buf_consume(&fc->in, off);
	return true;
}

static void
fconn_read(evutil_socket_t fd, short what, void *arg)
{
	struct fconn	*fc = arg;
	uint8_t		*p;
	ssize_t		 n;
	bool		 ok;

	if (fc->closed)
		return;
	if ((p = buf_space(&fc->in, FCONN_READ_CHUNK)) == NULL) {
		log_warnx("fconn %s: out of memory", fc->peer);
		fconn_lost(fc);
		goto out;
	}
	n = read(fd, p, FCONN_READ_CHUNK);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return;
	if (n <= 0) {
		if (n == -1)
			log_debug("fconn %s: read: %s", fc->peer,
			    strerror(errno));
		else
			log_debug("fconn %s: closed by peer", fc->peer);
		fconn_lost(fc);
		goto out;
	}
	fc->in.len += (size_t)n;
	fc->busy++;
	ok = fconn_frames(fc);
	fc->busy--;
	if (!ok && !fc->closed)
		fconn_lost(fc);
out:
	if (fc->dead && fc->busy == 0)
		fconn_destroy(fc);
}

const char *
fconn_peer(const struct fconn *fc)
{
	return fc->peer;
}

uint32_t
fconn_outstanding(const struct fconn *fc)
{
	return fc->npending;
}

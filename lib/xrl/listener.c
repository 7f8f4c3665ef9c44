/*
 * DOC: the listeners that serve a router's targets: one Unix stream socket
 * (opts->unix_dir/xrl.<pid>.<random>, removed on close) and one TCP socket
 * on 127.0.0.1 with an ephemeral port, framed identically (§10.3). Each
 * accepted connection reads a large chunk, answers every complete request
 * in it through stcp_serve() (at most XRL_FRAMES_PER_PASS, then it yields
 * and resumes without a read), and writes all the responses at once. A
 * peer silent for idle_ms (180 s) is dropped; only a bad header closes a
 * connection otherwise.
 */
#include <sys/random.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"
#include "sock.h"

static void	lconn_close(struct lconn *, const char *);

static void
lconn_idle(evutil_socket_t fd, short ev, void *arg)
{
	struct lconn		*c = arg;
	struct xrl_router	*r = c->r;
	uint64_t		 quiet = router_now(r) - c->s.last_rx;

	if (quiet >= r->idle_ms) {
		lconn_close(c, "silent too long");
		return;
	}
	evtimer_add_ms(c->idle, r->idle_ms - quiet);
}

/* About how many frames were read: pipelined requests look alike. */
static unsigned
lconn_batch(const struct stream *s)
{
	struct stcp_hdr	 h;
	size_t		 have = s->rlen - s->roff, len;

	if (s->dec.skipping || have < STCP_HDR_LEN ||
	    stcp_hdr_parse(s->rbuf + s->roff, &h) == -1)
		return 0;
	len = STCP_HDR_LEN + (size_t)h.note_len + h.payload_len;
	return (unsigned)(have / len);
}

static void
lconn_readcb(evutil_socket_t fd, short ev, void *arg)
{
	struct lconn		*c = arg;
	struct xrl_router	*r = c->r;
	struct stream		*s = &c->s;
	size_t			 used, need;
	ssize_t			 rd;
	unsigned		 frames, n, every;
	bool			 bad;

	if (s->werr) {
		lconn_close(c, "write failed");
		return;
	}
	if (!s->more) {
		rd = stream_read(s, s->need);
		if (rd == -2)
			return;
		if (rd <= 0) {
			lconn_close(c, rd == 0 ? NULL : "read failed");
			return;
		}
	}
	router_enter(r);
	every = router_flush_every(lconn_batch(s));
	for (frames = 0; frames < XRL_FRAMES_PER_PASS; frames += n) {
		n = stcp_serve(&r->srv, &s->dec, s->rbuf + s->roff,
		    s->rlen - s->roff, every, &s->wbuf, &used, &need, &bad);
		s->roff += used;
		if (n < every || bad)
			break;
		/* More to do: let the first replies go meanwhile. */
		(void)stream_flush(s);
	}
	s->need = need;
	s->more = frames >= XRL_FRAMES_PER_PASS;
	if (s->more && !s->paused)
		event_active(s->rd, EV_READ, 0);
	if (s->wbuf.len > s->woff)
		stream_output(s);
	router_leave(r);
	if (bad) {
		/* The stream is lost; let the replies so far go first. */
		(void)stream_flush(s);
		lconn_close(c, "bad frame header");
		return;
	}
	if (!buf_ok(&s->wbuf))
		lconn_close(c, "out of memory");
}

static void
lconn_writecb(evutil_socket_t fd, short ev, void *arg)
{
	struct lconn	*c = arg;

	stream_writable(&c->s);
}

static void
lconn_close(struct lconn *c, const char *why)
{
	struct xrl_router	*r = c->r;

	if (why != NULL && log_limit_ok(&r->lim))
		log_warnx("xrl listener: closing connection: %s", why);
	TAILQ_REMOVE(&r->lconns, c, entry);
	if (c->idle)
		event_free(c->idle);
	stream_fini(&c->s);
	free(c);
}

static void
listener_accept(evutil_socket_t lfd, short ev, void *arg)
{
	struct xrl_router	*r = arg;
	struct lconn		*c;
	int			 fd, i;

	for (i = 0; i < 16; i++) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED &&
			    log_limit_ok(&r->lim))
				log_warn("xrl listener: accept");
			return;
		}
		if (lfd == r->tfd)
			sock_tune(fd);
		if ((c = calloc(1, sizeof(*c))) == NULL) {
			close(fd);
			continue;
		}
		c->r = r;
		if (stream_init(&c->s, r, fd, lconn_readcb, lconn_writecb,
		    c) == -1 || (c->idle = evtimer_new(r->base, lconn_idle,
		    c)) == NULL) {
			if (c->s.rd != NULL || c->s.fd != -1)
				stream_fini(&c->s);
			free(c);
			continue;
		}
		c->s.may_pause = true;
		TAILQ_INSERT_TAIL(&r->lconns, c, entry);
		event_add(c->s.rd, NULL);
		evtimer_add_ms(c->idle, r->idle_ms);
	}
}

static int
listener_unix(struct xrl_router *r)
{
	uint32_t	 rnd;
	char		 path[256];
	size_t		 i;

	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = (uint32_t)(uintptr_t)r ^ (uint32_t)router_now(r);
	if ((size_t)snprintf(path, sizeof(path), "%s/xrl.%ld.%08x",
	    r->unix_dir, (long)getpid(), rnd) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((r->ufd = sock_listen_unix(path, 0660)) == -1)
		return -1;
	if ((r->upath = strdup(path)) == NULL ||
	    (r->uaddr = strdup(path)) == NULL)
		return -1;
	for (i = 0; r->uaddr[i]; i++)
		if (r->uaddr[i] == '/')
			r->uaddr[i] = ':';
	r->uev = event_new(r->base, r->ufd, EV_READ | EV_PERSIST,
	    listener_accept, r);
	if (r->uev == NULL || event_add(r->uev, NULL) == -1)
		return -1;
	return 0;
}

static int
listener_tcp(struct xrl_router *r)
{
	uint16_t	 port;
	char		 addr[64];

	if ((r->tfd = sock_listen_tcp(r->listen_addr, 0, &port)) == -1)
		return -1;
	(void)snprintf(addr, sizeof(addr), "%s:%u", r->listen_addr, port);
	if ((r->taddr = strdup(addr)) == NULL)
		return -1;
	r->tev = event_new(r->base, r->tfd, EV_READ | EV_PERSIST,
	    listener_accept, r);
	if (r->tev == NULL || event_add(r->tev, NULL) == -1)
		return -1;
	return 0;
}

int
listener_open(struct xrl_router *r)
{
	if (r->listening)
		return 0;
	r->listening = true;
	if (r->unix_dir != NULL && listener_unix(r) == -1) {
		log_warn("xrl listener: unix socket in %s", r->unix_dir);
		goto fail;
	}
	if (!r->no_tcp && listener_tcp(r) == -1) {
		log_warn("xrl listener: tcp on %s", r->listen_addr);
		goto fail;
	}
	return 0;
fail:
	listener_close(r);
	return -1;
}

void
listener_close(struct xrl_router *r)
{
	struct lconn	*c;

	while ((c = TAILQ_FIRST(&r->lconns)) != NULL)
		lconn_close(c, NULL);
	if (r->uev)
		event_free(r->uev);
	if (r->tev)
		event_free(r->tev);
	r->uev = r->tev = NULL;
	if (r->ufd != -1)
		close(r->ufd);
	if (r->tfd != -1)
		close(r->tfd);
	r->ufd = r->tfd = -1;
	if (r->upath != NULL)
		(void)unlink(r->upath);
	free(r->upath);
	free(r->uaddr);
	free(r->taddr);
	r->upath = r->uaddr = r->taddr = NULL;
	r->listening = false;
}

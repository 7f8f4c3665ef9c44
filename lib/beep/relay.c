/*
 * DOC: the pipe-mode relay of a TUNNEL proxy (RFC 3620 2.3, digest 11.5).
 * See relay.h for the contract. A relay holds two directions, dir[0] from
 * A to B and dir[1] from B to A; each is a small pump with its own staging
 * area and its own events, so one direction blocked on a slow reader never
 * holds up the other (the deadlock of digest 11.5).
 *
 * File descriptors: each direction stages octets in a front buffer (the
 * pre-read octets, or everything in read/write mode) followed by a pipe
 * (splice mode). Octets leave in that order: buffer, then pipe. The
 * source's read event is armed only while the stage has room, the
 * destination's write event only while something is staged, both level
 * triggered, so a stalled destination costs no wakeups. A splice into a
 * pipe can fail with EAGAIN before the pipe holds pipe_cap octets (a TCP
 * segment may take a whole pipe slot); the stage then counts as full until
 * the destination takes something, which keeps us from spinning on a
 * readable socket we cannot empty.
 *
 * Bufferevents: a direction moves the chains of the source's input buffer
 * onto the destination's output buffer (no copy), stops reading the source
 * when that output passes BEEP_RELAY_BEV_HIGH and resumes from the
 * destination's write callback once it is down to BEEP_RELAY_BEV_LOW.
 *
 * Anything that ends the relay only records a reason; relay_settle(), the
 * last thing every callback does, then closes both sides and calls done,
 * which may free the relay.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "log.h"
#include "sock.h"
#include "relay.h"

#define RELAY_ROUNDS	16	/* read+write rounds per wakeup, for fairness */

enum relay_kind {
	RELAY_KIND_FD,
	RELAY_KIND_BEV,
};

static const char *const relay_dir_names[2] = { "A->B", "B->A" };

struct relay_dir {
	struct beep_relay	*r;
	int			 idx;		/* 0: A->B, 1: B->A */
	uint64_t		 bytes;		/* delivered (fd), moved (bev) */
	bool			 eof;		/* the source said EOF */
	bool			 shut;		/* and that reached the dest */

	/* fd relay */
	int			 src, dst;
	bool			 dst_sock;
	bool			 src_poll, dst_poll;	/* not a regular file */
	bool			 use_splice;
	bool			 full;		/* stage cannot take more now */
	int			 pipe_r, pipe_w;
	size_t			 pipe_cap;
	size_t			 pipe_len;
	uint8_t			*buf;		/* front of the stage */
	size_t			 buf_cap, buf_off, buf_len;
	struct event		*ev_rd, *ev_wr;
	bool			 rd_on, wr_on;

	/* bufferevent relay */
	struct bufferevent	*in, *out;
	bool			 blocked;	/* in's EV_READ off: out full */
	/*
	 * out is a filter (TLS): its records pile up in the buffer of the
	 * bufferevent below, which only the filter watches. A callback on
	 * that evbuffer kicks this direction when it drains.
	 */
	struct evbuffer		*below;
	struct evbuffer_cb_entry *below_cb;
	struct event		*ev_kick;
};

struct beep_relay {
	struct event_base	*base;
	enum relay_kind		 kind;
	int			 fd[2];
	struct beep_relay_side	 side[2];
	struct relay_dir	 dir[2];
	struct event		*ev_idle;
	struct event		*ev_linger;	/* TLS output still to flush */
	unsigned		 lingered;
	unsigned		 idle_secs;
	struct timeval		 last;		/* last octet moved */
	beep_relay_done_cb	 done;
	void			*arg;
	struct beep_relay_stats	 st;
	bool			 finished;
	char			 reason[160];	/* set once: the relay ends */
};

static void	relay_end(struct beep_relay *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	relay_settle(struct beep_relay *);

static void
relay_end(struct beep_relay *r, const char *fmt, ...)
{
	va_list	 ap;

	if (r->reason[0] != '\0')
		return;
	va_start(ap, fmt);
	(void)vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

static void
relay_touch(struct beep_relay *r)
{
	(void)event_base_gettimeofday_cached(r->base, &r->last);
}

static void
relay_nodelay(int fd)
{
	int	 one = 1;

	if (fd < 0)
		return;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) ==
	    -1 && errno != ENOTSOCK && errno != EOPNOTSUPP &&
	    errno != ENOPROTOOPT)
		log_debug("beep_relay: TCP_NODELAY on fd %d: %s", fd,
		    strerror(errno));
}


static void
relay_idle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct beep_relay	*r = arg;
	struct timeval		 now, idle, since, left;

	(void)event_base_gettimeofday_cached(r->base, &now);
	idle.tv_sec = r->idle_secs;
	idle.tv_usec = 0;
	timersub(&now, &r->last, &since);
	if (timercmp(&since, &idle, <)) {
		/* Traffic since we were armed: sleep for the rest. */
		timersub(&idle, &since, &left);
		event_add(r->ev_idle, &left);
		return;
	}
	relay_end(r, "idle");
	relay_settle(r);
}

/* ---- file descriptors: splice, or read/write ------------------------ */

static size_t
relay_fd_pending(const struct relay_dir *d)
{
	return d->pipe_len + (d->buf_len - d->buf_off);
}

/*
 * epoll refuses regular files, which are always ready anyway: their
 * "events" are fd-less and made active by hand, once per loop pass.
 */
static void
relay_ev_set(struct event *ev, bool poll, short what, bool *on, bool want)
{
	if (*on == want)
		return;
	if (want && poll)
		event_add(ev, NULL);
	else if (want)
		event_active(ev, what, 0);
	else
		event_del(ev);
	*on = want;
}

static void
relay_fd_arm(struct relay_dir *d)
{
	bool	 live = d->r->reason[0] == '\0';

	relay_ev_set(d->ev_rd, d->src_poll, EV_READ, &d->rd_on,
	    live && !d->eof && !d->full);
	relay_ev_set(d->ev_wr, d->dst_poll, EV_WRITE, &d->wr_on,
	    live && relay_fd_pending(d) > 0);
}

/*
 * Leave splice mode for good: the front buffer grows to BEEP_RELAY_BUF_SZ
 * and, from now on, is refilled from what is left in the pipe before the
 * source.
 */
static int
relay_fd_to_buffer(struct relay_dir *d)
{
	size_t	 len = d->buf_len - d->buf_off;
	uint8_t	*nb;

	if (d->buf_cap < BEEP_RELAY_BUF_SZ) {
		if ((nb = malloc(BEEP_RELAY_BUF_SZ)) == NULL) {
			relay_end(d->r, "error: %s: out of memory",
			    relay_dir_names[d->idx]);
			return -1;
		}
		if (len > 0)
			memcpy(nb, d->buf + d->buf_off, len);
		free(d->buf);
		d->buf = nb;
		d->buf_cap = BEEP_RELAY_BUF_SZ;
		d->buf_off = 0;
		d->buf_len = len;
	}
	d->use_splice = false;
	d->full = false;
	log_debug("beep_relay: %s: splice refused, using read/write",
	    relay_dir_names[d->idx]);
	return 0;
}

/* Move staged octets to the destination: 1 moved some, 0 would block. */
static int
relay_fd_out(struct relay_dir *d)
{
	ssize_t	 n;
	size_t	 len;

	if ((len = d->buf_len - d->buf_off) > 0) {
		if (d->dst_sock)
			n = send(d->dst, d->buf + d->buf_off, len,
			    MSG_NOSIGNAL);
		else
			n = write(d->dst, d->buf + d->buf_off, len);
		if (n > 0) {
			d->buf_off += n;
			if (d->buf_off == d->buf_len)
				d->buf_off = d->buf_len = 0;
		}
	} else {
		n = splice(d->pipe_r, NULL, d->dst, NULL, d->pipe_len,
		    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		if (n > 0)
			d->pipe_len -= n;
		else if (n == -1 && errno == EINVAL)
			return relay_fd_to_buffer(d) == 0 ? 1 : -1;
	}
	if (n > 0) {
		d->bytes += n;
		d->full = false;
		return 1;
	}
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n == 0)
		return 0;
	relay_end(d->r, "error: %s: write: %s", relay_dir_names[d->idx],
	    strerror(errno));
	return -1;
}

/* Stage octets from the source: 1 staged some or saw EOF, 0 nothing now. */
static int
relay_fd_in(struct relay_dir *d)
{
	ssize_t	 n;
	size_t	 len;
	int	 fd;

	if (d->use_splice) {
		n = splice(d->src, NULL, d->pipe_w, NULL,
		    d->pipe_cap - d->pipe_len,
		    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		if (n > 0) {
			d->pipe_len += n;
			if (d->pipe_len >= d->pipe_cap)
				d->full = true;
			return 1;
		}
		if (n == -1 && errno == EAGAIN) {
			/* No data, or no pipe slot left: see DOC. */
			if (d->pipe_len > 0)
				d->full = true;
			return 0;
		}
		if (n == -1 && errno == EINVAL)
			return relay_fd_to_buffer(d) == 0 ? 1 : -1;
	} else {
		if (d->buf_len == d->buf_cap && d->buf_off > 0) {
			len = d->buf_len - d->buf_off;
			memmove(d->buf, d->buf + d->buf_off, len);
			d->buf_off = 0;
			d->buf_len = len;
		}
		if ((len = d->buf_cap - d->buf_len) == 0) {
			d->full = true;
			return 0;
		}
		/* Octets left in the pipe by splice mode come first. */
		if (d->pipe_len > 0) {
			fd = d->pipe_r;
			if (len > d->pipe_len)
				len = d->pipe_len;
		} else
			fd = d->src;
		n = read(fd, d->buf + d->buf_len, len);
		if (n > 0) {
			d->buf_len += n;
			if (fd == d->pipe_r)
				d->pipe_len -= n;
			if (d->buf_len == d->buf_cap)
				d->full = true;
			return 1;
		}
		if (n == -1 && errno == EAGAIN)
			return 0;
	}
	if (n == 0) {
		d->eof = true;
		return 1;
	}
	if (errno == EINTR)
		return 0;
	relay_end(d->r, "error: %s: read: %s", relay_dir_names[d->idx],
	    strerror(errno));
	return -1;
}

static void
relay_fd_shut(struct relay_dir *d)
{
	struct beep_relay	*r = d->r;

	if (shutdown(d->dst, SHUT_WR) == -1 && errno != ENOTSOCK &&
	    errno != ENOTCONN) {
		relay_end(r, "error: %s: shutdown: %s",
		    relay_dir_names[d->idx], strerror(errno));
		return;
	}
	d->shut = true;
	if (r->dir[0].shut && r->dir[1].shut)
		relay_end(r, "eof");
}

static void
relay_fd_pump(struct relay_dir *d)
{
	struct beep_relay	*r = d->r;
	bool			 moved = false, any = false;
	int			 rounds, rv;

	for (rounds = 0; rounds < RELAY_ROUNDS; rounds++) {
		moved = false;
		if (relay_fd_pending(d) > 0) {
			if ((rv = relay_fd_out(d)) == -1)
				return;
			moved = rv == 1;
		}
		if (!d->eof && !d->full) {
			if ((rv = relay_fd_in(d)) == -1)
				return;
			moved = moved || rv == 1;
		}
		if (!moved)
			break;
		any = true;
	}
	if (any)
		relay_touch(r);
	if (d->eof && !d->shut && relay_fd_pending(d) == 0)
		relay_fd_shut(d);
	relay_fd_arm(d);
}

static void
relay_fd_cb(evutil_socket_t fd, short what, void *arg)
{
	struct relay_dir	*d = arg;
	struct beep_relay	*r = d->r;

	r->st.wakeups++;
	if ((what & EV_READ) && !d->src_poll)
		d->rd_on = false;
	if ((what & EV_WRITE) && !d->dst_poll)
		d->wr_on = false;
	relay_fd_pump(d);
	relay_settle(r);
}

static int
relay_fd_dir_init(struct beep_relay *r, int idx, const void *pre, size_t n)
{
	struct relay_dir	*d = &r->dir[idx];
	struct stat		 ss, ds;
	int			 p[2], sz;

	d->r = r;
	d->idx = idx;
	d->src = r->fd[idx];
	d->dst = r->fd[!idx];
	d->pipe_r = d->pipe_w = -1;
	if (fstat(d->src, &ss) == -1 || fstat(d->dst, &ds) == -1)
		return -1;
	d->dst_sock = S_ISSOCK(ds.st_mode);
	d->src_poll = !S_ISREG(ss.st_mode);
	d->dst_poll = !S_ISREG(ds.st_mode);
	d->use_splice = (S_ISSOCK(ss.st_mode) || S_ISFIFO(ss.st_mode)) &&
	    (S_ISSOCK(ds.st_mode) || S_ISFIFO(ds.st_mode));
	if (d->use_splice && pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0) {
		d->pipe_r = p[0];
		d->pipe_w = p[1];
		/* Over /proc/sys/fs/pipe-max-size: keep the default. */
		(void)fcntl(d->pipe_w, F_SETPIPE_SZ, BEEP_RELAY_PIPE_SZ);
		if ((sz = fcntl(d->pipe_w, F_GETPIPE_SZ)) <= 0)
			sz = 65536;
		d->pipe_cap = sz;
		d->buf_cap = n;		/* the front buffer holds pre only */
	} else {
		d->use_splice = false;
		d->buf_cap = n > BEEP_RELAY_BUF_SZ ? n : BEEP_RELAY_BUF_SZ;
	}
	if (d->buf_cap > 0 && (d->buf = malloc(d->buf_cap)) == NULL)
		return -1;
	if (n > 0) {
		memcpy(d->buf, pre, n);
		d->buf_len = n;
		if (!d->use_splice && d->buf_len == d->buf_cap)
			d->full = true;
	}
	d->ev_rd = event_new(r->base, d->src_poll ? d->src : -1,
	    d->src_poll ? EV_READ | EV_PERSIST : 0, relay_fd_cb, d);
	d->ev_wr = event_new(r->base, d->dst_poll ? d->dst : -1,
	    d->dst_poll ? EV_WRITE | EV_PERSIST : 0, relay_fd_cb, d);
	if (d->ev_rd == NULL || d->ev_wr == NULL)
		return -1;
	return 0;
}

/* ---- bufferevents ---------------------------------------------------- */

static size_t
relay_bev_outlen(const struct relay_dir *d)
{
	struct bufferevent	*b;
	size_t			 n = 0;

	/* down the chain of filters: what is not yet on the wire */
	for (b = d->out; b != NULL; b = bufferevent_get_underlying(b))
		n += evbuffer_get_length(bufferevent_get_output(b));
	return n;
}

static bool
relay_bev_plain(struct bufferevent *bev)
{
	return bufferevent_openssl_get_ssl(bev) == NULL &&
	    bufferevent_get_underlying(bev) == NULL &&
	    bufferevent_getfd(bev) >= 0;
}

static void
relay_bev_shut(struct relay_dir *d)
{
	struct beep_relay	*r = d->r;
	struct beep_relay_side	*s = &r->side[!d->idx];
	struct bufferevent	*out = d->out;

	if (out != s->in) {
		/* A stream of its own (stdout): closing it is the half-close. */
		bufferevent_free(out);
		d->out = s->out = NULL;
	} else if (relay_bev_plain(out)) {
		if (shutdown(bufferevent_getfd(out), SHUT_WR) == -1 &&
		    errno != ENOTSOCK &&
		    errno != ENOTCONN) {
			relay_end(r, "error: %s: shutdown: %s",
			    relay_dir_names[d->idx], strerror(errno));
			return;
		}
	} else if (bufferevent_openssl_get_ssl(out) != NULL) {
		/*
		 * TLS: close_notify is the half-close (TLS 1.3 lets the other
		 * side go on sending); the relay ends when both are done.
		 */
		SSL_shutdown(bufferevent_openssl_get_ssl(out));
		bufferevent_trigger(out, EV_WRITE, 0);
	} else {
		/* a filter of another kind cannot half-close */
		relay_end(r, "eof");
	}
	d->shut = true;
	if (r->dir[0].shut && r->dir[1].shut)
		relay_end(r, "eof");
}

static void
relay_bev_move(struct relay_dir *d)
{
	struct evbuffer	*in = bufferevent_get_input(d->in);
	struct evbuffer	*out = bufferevent_get_output(d->out);
	size_t		 n;

	if ((n = evbuffer_get_length(in)) > 0) {
		if (evbuffer_add_buffer(out, in) == -1) {
			relay_end(d->r, "error: %s: out of memory",
			    relay_dir_names[d->idx]);
			return;
		}
		d->bytes += n;
		relay_touch(d->r);
	}
	if (!d->blocked && !d->eof &&
	    relay_bev_outlen(d) >= BEEP_RELAY_BEV_HIGH) {
		bufferevent_disable(d->in, EV_READ);
		d->blocked = true;
	}
}

/*
 * libevent reads a socket at most 4-16 KiB per wakeup whatever
 * max_single_read says. From a plain socket source, read on straight into
 * the destination's output buffer, up to the high mark.
 */
static void
relay_bev_drain(struct relay_dir *d)
{
	struct evbuffer		*out = bufferevent_get_output(d->out);
	struct evbuffer_iovec	 v;
	evutil_socket_t		 fd = bufferevent_getfd(d->in);
	ssize_t			 n;
	int			 rounds;

	for (rounds = 0; rounds < RELAY_ROUNDS && !d->blocked; rounds++) {
		if (evbuffer_reserve_space(out, BEEP_RELAY_BUF_SZ, &v, 1) !=
		    1) {
			relay_end(d->r, "error: %s: out of memory",
			    relay_dir_names[d->idx]);
			return;
		}
		if ((n = read(fd, v.iov_base, v.iov_len)) == -1 &&
		    errno != EAGAIN && errno != EINTR) {
			/* A reset is reported once: say so now. */
			relay_end(d->r, "error: %s: read: %s",
			    d->idx ? "B" : "A", strerror(errno));
			return;
		}
		if (n <= 0)
			break;
		v.iov_len = n;
		(void)evbuffer_commit_space(out, &v, 1);
		d->bytes += n;
		relay_bev_move(d);	/* checks the high mark */
	}
	/* EOF is sticky: libevent's own read reports it. */
}

/*
 * Every callback of side i's bufferevents gets &dir[i], the direction whose
 * source that side is.
 */
static void
relay_bev_read_cb(struct bufferevent *bev, void *arg)
{
	struct relay_dir	*d = arg;
	struct beep_relay	*r = d->r;

	r->st.wakeups++;
	relay_bev_move(d);
	if (!d->blocked && !d->eof && r->reason[0] == '\0' &&
	    relay_bev_plain(d->in))
		relay_bev_drain(d);
	relay_settle(r);
}

static void
relay_bev_flushed(struct relay_dir *d)
{
	struct beep_relay	*r = d->r;
	size_t			 len = relay_bev_outlen(d);

	relay_touch(r);
	if (d->blocked && len <= BEEP_RELAY_BEV_LOW) {
		d->blocked = false;
		bufferevent_enable(d->in, EV_READ);
	}
	if (d->eof && !d->shut && len == 0)
		relay_bev_shut(d);
	relay_settle(r);
}

static void
relay_kick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct relay_dir	*d = arg;

	d->r->st.wakeups++;
	relay_bev_flushed(d);
}

/* Octets left the buffer below a TLS filter: look again, from the loop. */
static void
relay_below_cb(struct evbuffer *b, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct relay_dir	*d = arg;

	if (info->n_deleted > 0 && d->ev_kick != NULL &&
	    (d->blocked || d->eof))
		event_active(d->ev_kick, EV_TIMEOUT, 0);
}

/* arg is the direction whose source is on bev's side: we serve the other. */
static void
relay_bev_write_cb(struct bufferevent *bev, void *arg)
{
	struct relay_dir	*s = arg;
	struct beep_relay	*r = s->r;
	struct relay_dir	*d = &r->dir[!s->idx];
	size_t			 len = relay_bev_outlen(d);

	r->st.wakeups++;
	relay_touch(r);
	if (d->blocked && len <= BEEP_RELAY_BEV_LOW) {
		d->blocked = false;
		bufferevent_enable(d->in, EV_READ);
	}
	if (d->eof && !d->shut && len == 0)
		relay_bev_shut(d);
	relay_settle(r);
}

static void
relay_bev_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct relay_dir	*d = arg;
	struct beep_relay	*r = d->r;
	unsigned long		 e;
	char			 ebuf[120];
	int			 saved = errno;

	r->st.wakeups++;
	/* the OpenSSL filter reports EOF without BEV_EVENT_READING */
	if ((what & BEV_EVENT_EOF) && !(what & BEV_EVENT_WRITING) &&
	    !(what & BEV_EVENT_ERROR) && bev == d->in && !d->eof) {
		relay_bev_move(d);
		d->eof = true;
		d->blocked = false;
		bufferevent_disable(d->in, EV_READ);
		if (relay_bev_outlen(d) == 0)
			relay_bev_shut(d);
		else	/* be told when it is flushed */
			bufferevent_setwatermark(d->out, EV_WRITE, 0, 0);
	} else if (what & (BEV_EVENT_ERROR | BEV_EVENT_EOF |
	    BEV_EVENT_TIMEOUT)) {
		if ((e = bufferevent_get_openssl_error(bev)) != 0) {
			ERR_error_string_n(e, ebuf, sizeof(ebuf));
			relay_end(r, "error: %s: tls: %s", d->idx ? "B" : "A",
			    ebuf);
		} else if (what & BEV_EVENT_ERROR)
			relay_end(r, "error: %s: %s: %s", d->idx ? "B" : "A",
			    (what & BEV_EVENT_WRITING) ? "write" : "read",
			    saved ? strerror(saved) : "failed");
		else
			relay_end(r, "error: %s: unexpected event 0x%x",
			    d->idx ? "B" : "A", (unsigned)what);
	}
	relay_settle(r);
}

static int
relay_bev_side_init(struct beep_relay *r, int idx)
{
	struct beep_relay_side	*s = &r->side[idx];
	struct relay_dir	*d = &r->dir[idx];

	d->r = r;
	d->idx = idx;
	d->src = d->dst = d->pipe_r = d->pipe_w = -1;
	d->in = s->in;
	d->out = r->side[!idx].out;
	bufferevent_setcb(s->in, relay_bev_read_cb,
	    s->in == s->out ? relay_bev_write_cb : NULL, relay_bev_event_cb, d);
	if (s->out != s->in)
		bufferevent_setcb(s->out, NULL, relay_bev_write_cb,
		    relay_bev_event_cb, d);
	bufferevent_setwatermark(s->in, EV_READ, 0, 0);
	bufferevent_setwatermark(s->out, EV_WRITE, BEEP_RELAY_BEV_LOW, 0);
	(void)bufferevent_set_max_single_read(s->in, BEEP_RELAY_BUF_SZ);
	(void)bufferevent_set_max_single_write(s->out, BEEP_RELAY_BUF_SZ);
	relay_nodelay(bufferevent_getfd(s->in));
	if (s->out != s->in)
		relay_nodelay(bufferevent_getfd(s->out));
	if (bufferevent_get_underlying(d->out) != NULL) {
		struct bufferevent *b = d->out;

		while (bufferevent_get_underlying(b) != NULL)
			b = bufferevent_get_underlying(b);
		d->below = bufferevent_get_output(b);
		if ((d->ev_kick = event_new(r->base, -1, 0, relay_kick_cb,
		    d)) == NULL || (d->below_cb = evbuffer_add_cb(d->below,
		    relay_below_cb, d)) == NULL)
			return -1;
	}
	return 0;
}

/* ---- common ---------------------------------------------------------- */

static void
relay_release(struct beep_relay *r)
{
	struct relay_dir	*d;
	struct beep_relay_side	*s;
	int			 i;

	if (r->ev_idle != NULL) {
		event_free(r->ev_idle);
		r->ev_idle = NULL;
	}
	if (r->ev_linger != NULL) {
		event_free(r->ev_linger);
		r->ev_linger = NULL;
	}
	for (i = 0; i < 2; i++) {
		d = &r->dir[i];
		if (d->ev_rd != NULL)
			event_free(d->ev_rd);
		if (d->ev_wr != NULL)
			event_free(d->ev_wr);
		d->ev_rd = d->ev_wr = NULL;
		d->rd_on = d->wr_on = false;
		if (d->pipe_r != -1)
			close(d->pipe_r);
		if (d->pipe_w != -1)
			close(d->pipe_w);
		d->pipe_r = d->pipe_w = -1;
		free(d->buf);
		d->buf = NULL;
		d->buf_cap = d->buf_off = d->buf_len = d->pipe_len = 0;
		if (r->fd[i] != -1)
			close(r->fd[i]);
		r->fd[i] = -1;
	}
	for (i = 0; i < 2; i++) {
		d = &r->dir[i];
		if (d->below_cb != NULL)
			evbuffer_remove_cb_entry(d->below, d->below_cb);
		d->below_cb = NULL;
		d->below = NULL;
		if (d->ev_kick != NULL)
			event_free(d->ev_kick);
		d->ev_kick = NULL;
	}
	for (i = 0; i < 2; i++) {
		s = &r->side[i];
		if (s->out != NULL && s->out != s->in)
			bufferevent_free(s->out);
		if (s->in != NULL)
			bufferevent_free(s->in);
		s->in = s->out = NULL;
		r->dir[i].in = r->dir[i].out = NULL;
	}
}

static void
relay_stats_now(const struct beep_relay *r, struct beep_relay_stats *st)
{
	const struct relay_dir	*d;
	uint64_t		 b[2];
	int			 i;

	*st = r->st;
	for (i = 0; i < 2; i++) {
		d = &r->dir[i];
		b[i] = d->bytes;
		/* Moved onto an output buffer is not delivered yet. */
		if (r->kind == RELAY_KIND_BEV)
			b[i] -= relay_bev_outlen(d);
	}
	st->bytes_ab = b[0];
	st->bytes_ba = b[1];
}

/* Output not yet on the wire, down a chain of filters (TLS). */
static size_t
relay_chain_pending(struct bufferevent *b)
{
	size_t	 n = 0;

	for (; b != NULL; b = bufferevent_get_underlying(b))
		n += evbuffer_get_length(bufferevent_get_output(b));
	return n;
}

static void
relay_linger_cb(evutil_socket_t fd, short what, void *arg)
{
	relay_settle(arg);
}

/*
 * A clean end with a TLS side whose records still sit in the buffers
 * below the filter: freeing now would drop them. Wait for the socket
 * to take them, up to about 5 s.
 */
static bool
relay_linger(struct beep_relay *r)
{
	struct timeval	 tv = { 0, 20000 };
	size_t		 n = 0;
	int		 i;

	if (r->kind != RELAY_KIND_BEV || strcmp(r->reason, "eof") != 0 ||
	    r->lingered >= 250)
		return false;
	for (i = 0; i < 2; i++)
		if (r->side[i].out != NULL &&
		    bufferevent_get_underlying(r->side[i].out) != NULL)
			n += relay_chain_pending(r->side[i].out);
	if (n == 0)
		return false;
	if (r->ev_linger == NULL &&
	    (r->ev_linger = evtimer_new(r->base, relay_linger_cb, r)) == NULL)
		return false;
	r->lingered++;
	evtimer_add(r->ev_linger, &tv);
	return true;
}

static void
relay_settle(struct beep_relay *r)
{
	if (r->finished || r->reason[0] == '\0')
		return;
	if (relay_linger(r))
		return;
	r->finished = true;
	relay_stats_now(r, &r->st);
	(void)clock_gettime(CLOCK_REALTIME, &r->st.end);
	relay_release(r);
	log_debug("beep_relay: %s, %llu octets A->B, %llu B->A", r->reason,
	    (unsigned long long)r->st.bytes_ab,
	    (unsigned long long)r->st.bytes_ba);
	if (r->done != NULL)
		r->done(r->arg, &r->st, r->reason);	/* may free r */
}

static struct beep_relay *
relay_alloc(struct event_base *base, enum relay_kind kind,
    const struct beep_relay_cfg *cfg)
{
	struct beep_relay	*r;
	struct timeval		 tv;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->base = base;
	r->kind = kind;
	r->fd[0] = r->fd[1] = -1;
	r->dir[0].pipe_r = r->dir[0].pipe_w = -1;
	r->dir[1].pipe_r = r->dir[1].pipe_w = -1;
	r->idle_secs = cfg->idle_secs;
	r->done = cfg->done;
	r->arg = cfg->arg;
	(void)clock_gettime(CLOCK_REALTIME, &r->st.start);
	relay_touch(r);
	if (r->idle_secs > 0) {
		if ((r->ev_idle = evtimer_new(base, relay_idle_cb, r)) ==
		    NULL) {
			free(r);
			return NULL;
		}
		tv.tv_sec = r->idle_secs;
		tv.tv_usec = 0;
		evtimer_add(r->ev_idle, &tv);
	}
	return r;
}

/*
 * Relay between fd_a and fd_b, which the relay owns from now on and closes
 * when done. On failure, NULL with errno set; the caller keeps the fds.
 */
struct beep_relay *
beep_relay_new(struct event_base *base, int fd_a, int fd_b,
    const struct beep_relay_cfg *cfg)
{
	struct beep_relay	*r;
	int			 i, saved;

	if (fd_a < 0 || fd_b < 0 || fd_a == fd_b || (cfg->n_ab > 0 &&
	    cfg->pre_ab == NULL) || (cfg->n_ba > 0 && cfg->pre_ba == NULL)) {
		errno = EINVAL;
		return NULL;
	}
	if (sock_nonblock(fd_a) == -1 || sock_nonblock(fd_b) == -1)
		return NULL;
	if ((r = relay_alloc(base, RELAY_KIND_FD, cfg)) == NULL)
		return NULL;
	r->fd[0] = fd_a;
	r->fd[1] = fd_b;
	if (relay_fd_dir_init(r, 0, cfg->pre_ab, cfg->n_ab) == -1 ||
	    relay_fd_dir_init(r, 1, cfg->pre_ba, cfg->n_ba) == -1) {
		saved = errno ? errno : ENOMEM;
		r->fd[0] = r->fd[1] = -1;	/* still the caller's */
		relay_release(r);
		free(r);
		errno = saved;
		return NULL;
	}
	relay_nodelay(fd_a);
	relay_nodelay(fd_b);
	for (i = 0; i < 2; i++)
		relay_fd_arm(&r->dir[i]);
	return r;
}

/*
 * Relay between two sides made of bufferevents, which the relay owns from
 * now on and frees when done (set BEV_OPT_CLOSE_ON_FREE to have their fds
 * closed). Their callbacks and watermarks are replaced. Octets already in
 * a side's input buffer follow that direction's pre-read octets; anything
 * already in an output buffer (the `ok` itself) goes out first. On failure,
 * NULL with errno set; the caller keeps the bufferevents.
 */
struct beep_relay *
beep_relay_bev_new(struct event_base *base, const struct beep_relay_side *a,
    const struct beep_relay_side *b, const struct beep_relay_cfg *cfg)
{
	struct beep_relay	*r;
	struct relay_dir	*d;
	const void		*pre;
	size_t			 n;
	int			 i;

	if (a->in == NULL || a->out == NULL || b->in == NULL ||
	    b->out == NULL || a->in == b->in || a->out == b->out ||
	    (cfg->n_ab > 0 && cfg->pre_ab == NULL) ||
	    (cfg->n_ba > 0 && cfg->pre_ba == NULL)) {
		errno = EINVAL;
		return NULL;
	}
	if ((r = relay_alloc(base, RELAY_KIND_BEV, cfg)) == NULL)
		return NULL;
	r->side[0] = *a;
	r->side[1] = *b;
	for (i = 0; i < 2; i++)
		(void)relay_bev_side_init(r, i);
	for (i = 0; i < 2; i++) {
		d = &r->dir[i];
		pre = i == 0 ? cfg->pre_ab : cfg->pre_ba;
		n = i == 0 ? cfg->n_ab : cfg->n_ba;
		if (n > 0 && evbuffer_add(bufferevent_get_output(d->out), pre,
		    n) == -1) {
			for (i = 0; i < 2; i++) {
				bufferevent_setcb(r->side[i].in, NULL, NULL,
				    NULL, NULL);
				bufferevent_setcb(r->side[i].out, NULL, NULL,
				    NULL, NULL);
			}
			if (r->ev_idle != NULL)
				event_free(r->ev_idle);
			free(r);
			errno = ENOMEM;
			return NULL;
		}
		d->bytes += n;
	}
	for (i = 0; i < 2; i++) {
		d = &r->dir[i];
		relay_bev_move(d);
		if (!d->blocked)
			bufferevent_enable(d->in, EV_READ);
		bufferevent_enable(d->out, EV_WRITE);
	}
	return r;
}

/* Closes both sides if still open; never calls done. */
void
beep_relay_free(struct beep_relay *r)
{
	if (r == NULL)
		return;
	if (!r->finished)
		relay_release(r);
	free(r);
}

void
beep_relay_get_stats(const struct beep_relay *r, struct beep_relay_stats *st)
{
	if (r->finished)
		*st = r->st;
	else
		relay_stats_now(r, st);
}

/* Octets held by the relay itself, pipes and buffers, both ways. */
size_t
beep_relay_buffered(const struct beep_relay *r)
{
	const struct relay_dir	*d;
	size_t			 n = 0;
	int			 i;

	for (i = 0; i < 2; i++) {
		d = &r->dir[i];
		if (r->kind == RELAY_KIND_FD)
			n += relay_fd_pending(d);
		else {
			if (d->in != NULL)
				n += evbuffer_get_length(
				    bufferevent_get_input(d->in));
			n += relay_bev_outlen(d);
		}
	}
	return n;
}

int
beep_relay_is_done(const struct beep_relay *r)
{
	return r->finished;
}

/* Whether both directions still splice (for tests and benchmarks). */
int
beep_relay_uses_splice(const struct beep_relay *r)
{
	return r->kind == RELAY_KIND_FD && r->dir[0].use_splice &&
	    r->dir[1].use_splice;
}

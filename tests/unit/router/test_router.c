/*
 * DOC: the XRL runtime in one process, without a Finder: a serving router
 * (listeners and a target whose methods are bound under resolved names by
 * hand) and a calling router share one event loop and talk over unix://
 * and stcp://. Checks every reply of 10,000 pipelined calls, a small
 * window, raw malformed and oversized frames on a live connection,
 * timeouts, dead peers, keepalive and the listener's idle drop, NO_FINDER
 * and the blocking helper. Prints the loopback call rate.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "runtime.h"
#include "sock.h"

#define COOKIE	"-0123456789abcdef"

struct fixture {
	struct event_base	*base;
	struct xrl_router	*srv;
	struct xrl_router	*cli;
	struct xrl_target	*t;
	char			 dir[64];
	uint32_t		 served;
};

static void
h_ping(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	struct fixture	*f = ctx;

	f->served++;
}

static void
h_echo(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	struct fixture	*f = ctx;

	f->served++;
	xrl_args_add_u32(out, "n", in[0]->v.u32 + 1);
	xrl_args_add_txt(out, "s", (const char *)in[1]->v.bytes.p);
}

static void
h_fail(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	xrl_error_set(err, XRL_COMMAND_FAILED, "refused %u", in[0]->v.u32);
}

static const struct xrl_param echo_in[] = {
	{ "n", XRL_TYPE_U32, XRL_TYPE_NONE },
	{ "s", XRL_TYPE_TXT, XRL_TYPE_NONE },
};
static const struct xrl_param fail_in[] = {
	{ "n", XRL_TYPE_U32, XRL_TYPE_NONE },
};
static const struct xrl_method methods[] = {
	{ "test/1.0/ping", h_ping, NULL, 0, NULL, 0 },
	{ "test/1.0/echo", h_echo, echo_in, 2, echo_in, 2 },
	{ "test/1.0/fail", h_fail, fail_in, 1, NULL, 0 },
};

static uint64_t
now_us(void)
{
	struct timeval	 tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

static void
loop_timeout(evutil_socket_t fd, short ev, void *arg)
{
	*(bool *)arg = true;
}

/* Run the loop until *done reaches want or ms pass. */
static void
loop_until(struct event_base *base, const uint32_t *done, uint32_t want,
    uint32_t ms)
{
	bool		 expired = false;
	struct event	*t = evtimer_new(base, loop_timeout, &expired);

	evtimer_add_ms(t, ms);
	while (*done < want && !expired)
		event_base_loop(base, EVLOOP_ONCE);
	event_free(t);
}

static void
loop_for(struct event_base *base, uint32_t ms)
{
	uint32_t	 never = 0;

	loop_until(base, &never, 1, ms);
}

static struct xrl_router *
router(struct fixture *f, uint32_t window, uint32_t timeout_ms,
    uint32_t keepalive_ms, uint32_t idle_ms)
{
	struct xrl_router_opts	 o;

	memset(&o, 0, sizeof(o));
	o.unix_dir = f->dir;
	o.finder_path = "/nonexistent/finder";
	o.window = window;
	o.timeout_ms = timeout_ms;
	o.keepalive_ms = keepalive_ms;
	o.idle_ms = idle_ms;
	return xrl_router_new(f->base, &o);
}

static int
setup_opts(void **state, uint32_t window, uint32_t timeout_ms,
    uint32_t keepalive_ms, uint32_t idle_ms)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		 name[64];
	uint32_t	 i;

	assert_non_null(f);
	signal(SIGPIPE, SIG_IGN);
	snprintf(f->dir, sizeof(f->dir), "/tmp/okapi-rt.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_non_null(f->base = event_base_new());
	assert_non_null(f->srv = router(f, 0, 0, 0, idle_ms));
	assert_non_null(f->cli = router(f, window, timeout_ms, keepalive_ms,
	    0));
	assert_non_null(f->t = xrl_router_add_target(f->srv, "looptest",
	    false));
	assert_int_equal(xrl_dispatch_add_all(xrl_target_dispatch(f->t),
	    methods, 3, NULL, f), 0);
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "%s%s", methods[i].name, COOKIE);
		assert_int_equal(xrl_target_bind_resolved(f->t,
		    methods[i].name, name), 0);
	}
	assert_int_equal(xrl_router_listen(f->srv), 0);
	assert_non_null(xrl_router_listen_addr(f->srv, "unix"));
	assert_non_null(xrl_router_listen_addr(f->srv, "stcp"));
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	return setup_opts(state, 0, 0, 0, 0);
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 path[128];

	snprintf(path, sizeof(path), "%s",
	    xrl_router_listen_addr(f->srv, "unix"));
	xrl_router_free(f->cli);
	xrl_router_free(f->srv);
	event_base_free(f->base);
	/* The unix socket went with its router. */
	for (char *p = path; *p; p++)
		if (*p == ':')
			*p = '/';
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(rmdir(f->dir), 0);
	free(f);
	return 0;
}

/* One outstanding call and what came back. */
struct reply {
	uint32_t	 code;
	char		 note[XRL_NOTE_MAX];
	uint32_t	 n;
	char		 s[32];
	uint32_t	 count;
};

struct batch {
	uint32_t	 done;
	uint32_t	 bad;
	uint32_t	 next;		/* expected completion order */
	bool		 inside;	/* inside a send */
	struct reply	 last;
};

struct one {
	struct batch	*b;
	uint32_t	 i;
};

static void
echo_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct one		*o = arg;
	struct batch		*b = o->b;
	const struct xrl_atom	*n, *s;
	char			 want[32];

	assert_false(b->inside);
	snprintf(want, sizeof(want), "x%u", o->i);
	n = xrl_args_find(reply, "n");
	s = xrl_args_find(reply, "s");
	if (err->code != XRL_OKAY || n == NULL || s == NULL ||
	    n->v.u32 != o->i + 1 || strcmp((char *)s->v.bytes.p, want) != 0 ||
	    o->i != b->next)
		b->bad++;
	b->next++;
	b->done++;
}

static void
any_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct batch	*b = arg;

	assert_false(b->inside);
	b->last.code = err->code;
	snprintf(b->last.note, sizeof(b->last.note), "%s", err->note);
	b->last.count = reply->count;
	b->done++;
}

static void
xrl_to(struct xrl *x, struct fixture *f, const char *proto,
    const char *method)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "%s%s", method, COOKIE);
	xrl_init(x);
	assert_int_equal(xrl_set(x, proto, xrl_router_listen_addr(f->srv,
	    proto), cmd), 0);
}

static void
pipelined_echo(struct fixture *f, const char *proto, uint32_t n)
{
	struct batch	 b;
	struct one	*o = calloc(n, sizeof(*o));
	struct xrl	 x;
	char		 s[32];
	uint32_t	 i;

	memset(&b, 0, sizeof(b));
	xrl_to(&x, f, proto, "test/1.0/echo");
	for (i = 0; i < n; i++) {
		xrl_args_clear(&x.args);
		snprintf(s, sizeof(s), "x%u", i);
		assert_int_equal(xrl_args_add_u32(&x.args, "n", i), 0);
		assert_int_equal(xrl_args_add_txt(&x.args, "s", s), 0);
		o[i].b = &b;
		o[i].i = i;
		b.inside = true;
		assert_int_equal(xrl_router_send_xrl(f->cli, &x, echo_done,
		    NULL, &o[i]), 0);
		b.inside = false;
	}
	xrl_clear(&x);
	loop_until(f->base, &b.done, n, 20000);
	assert_int_equal(b.done, n);
	assert_int_equal(b.bad, 0);
	free(o);
}

static void
test_pipeline_unix(void **state)
{
	struct fixture	*f = *state;

	pipelined_echo(f, "unix", 10000);
	assert_int_equal(f->served, 10000);
	/* One pooled connection served them all. */
	assert_non_null(TAILQ_FIRST(&f->cli->sconns));
	assert_null(TAILQ_NEXT(TAILQ_FIRST(&f->cli->sconns), entry));
}

static void
test_pipeline_stcp(void **state)
{
	struct fixture	*f = *state;

	pipelined_echo(f, "stcp", 10000);
	assert_int_equal(f->served, 10000);
}

static void
test_small_window(void **state)
{
	struct fixture	*f = *state;

	pipelined_echo(f, "unix", 1000);
	assert_int_equal(f->served, 1000);
}

/* Completions send the next call, as a benchmark client does. */
struct chain {
	struct xrl_router	*r;
	struct xrl		*x;
	uint32_t		 left;
	uint32_t		 done;
	uint32_t		 bad;
};

static void
chain_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct chain	*c = arg;

	if (err->code != XRL_OKAY)
		c->bad++;
	c->done++;
	if (c->left > 0) {
		c->left--;
		xrl_router_send_xrl(c->r, c->x, chain_done, NULL, c);
	}
}

static double
ping_rate(struct fixture *f, const char *proto, uint32_t n,
    uint32_t inflight)
{
	struct chain	 c;
	struct xrl	 x;
	uint64_t	 t0, t1;
	uint32_t	 i;

	xrl_to(&x, f, proto, "test/1.0/ping");
	memset(&c, 0, sizeof(c));
	c.r = f->cli;
	c.x = &x;
	c.left = n - inflight;
	t0 = now_us();
	for (i = 0; i < inflight; i++)
		assert_int_equal(xrl_router_send_xrl(f->cli, &x, chain_done,
		    NULL, &c), 0);
	loop_until(f->base, &c.done, n, 60000);
	t1 = now_us();
	assert_int_equal(c.done, n);
	assert_int_equal(c.bad, 0);
	xrl_clear(&x);
	return (double)n * 1e6 / (double)(t1 - t0 ? t1 - t0 : 1);
}

static void
test_rate(void **state)
{
	struct fixture	*f = *state;
	double		 r1, r100, rtt;

	/* Warm up: connect, fill the free lists. */
	(void)ping_rate(f, "unix", 1000, 100);
	r100 = ping_rate(f, "unix", 300000, 100);
	r1 = ping_rate(f, "unix", 20000, 1);
	rtt = ping_rate(f, "stcp", 300000, 100);
	print_message("loopback, one process: %.0f calls/s pipelined (unix), "
	    "%.0f calls/s pipelined (stcp), %.0f calls/s one at a time "
	    "(%.1f us round trip)\n", r100, rtt, r1, 1e6 / r1);
	assert_true(r100 > 1000);
}

static void
test_errors(void **state)
{
	struct fixture	*f = *state;
	struct batch	 b;
	struct xrl	 x;

	memset(&b, 0, sizeof(b));
	/* A handler failure comes back with its note. */
	xrl_to(&x, f, "unix", "test/1.0/fail");
	assert_int_equal(xrl_args_add_u32(&x.args, "n", 42), 0);
	assert_int_equal(xrl_router_send_xrl(f->cli, &x, any_done, NULL, &b),
	    0);
	loop_until(f->base, &b.done, 1, 5000);
	assert_int_equal(b.last.code, XRL_COMMAND_FAILED);
	assert_string_equal(b.last.note, "refused 42");
	xrl_clear(&x);

	/* Bad arguments, and the connection stays. */
	xrl_to(&x, f, "unix", "test/1.0/fail");
	assert_int_equal(xrl_args_add_txt(&x.args, "n", "42"), 0);
	assert_int_equal(xrl_router_send_xrl(f->cli, &x, any_done, NULL, &b),
	    0);
	loop_until(f->base, &b.done, 2, 5000);
	assert_int_equal(b.last.code, XRL_BAD_ARGS);
	assert_non_null(strstr(b.last.note, "\"n\""));
	xrl_clear(&x);

	/* Without the cookie there is no such method. */
	xrl_init(&x);
	assert_int_equal(xrl_set(&x, "unix", xrl_router_listen_addr(f->srv,
	    "unix"), "test/1.0/ping"), 0);
	assert_int_equal(xrl_router_send_xrl(f->cli, &x, any_done, NULL, &b),
	    0);
	loop_until(f->base, &b.done, 3, 5000);
	assert_int_equal(b.last.code, XRL_NO_SUCH_METHOD);
	xrl_clear(&x);

	/* Nobody listening: SEND_FAILED, from the loop. */
	xrl_init(&x);
	assert_int_equal(xrl_set(&x, "unix", ":nonexistent:sock",
	    "a/1.0/b"), 0);
	b.inside = true;
	assert_int_equal(xrl_router_send_xrl(f->cli, &x, any_done, NULL, &b),
	    0);
	b.inside = false;
	assert_int_equal(b.done, 3);
	loop_until(f->base, &b.done, 4, 5000);
	assert_int_equal(b.last.code, XRL_SEND_FAILED);
	xrl_clear(&x);

	/* A target needing the Finder, which this router never started. */
	b.inside = true;
	assert_int_equal(xrl_router_send(f->cli, "rib", "rib/0.1/x", NULL,
	    any_done, NULL, &b), 0);
	b.inside = false;
	loop_until(f->base, &b.done, 5, 5000);
	assert_int_equal(b.last.code, XRL_NO_FINDER);
	assert_int_equal(xrl_router_send(f->cli, "finder", "finder/0.2/x",
	    NULL, any_done, NULL, &b), 0);
	loop_until(f->base, &b.done, 6, 5000);
	assert_int_equal(b.last.code, XRL_NO_FINDER);

	/* Refused outright: fn is never called. */
	assert_int_equal(xrl_router_send(f->cli, "", "a/1.0/b", NULL,
	    any_done, NULL, &b), -1);
	assert_int_equal(xrl_router_send(f->cli, "x", "", NULL, any_done,
	    NULL, &b), -1);
	xrl_init(&x);
	assert_int_equal(xrl_set(&x, "kill", "1", "a/1.0/b"), 0);
	assert_int_equal(xrl_router_send_xrl(f->cli, &x, any_done, NULL, &b),
	    -1);
	xrl_clear(&x);
	loop_for(f->base, 20);
	assert_int_equal(b.done, 6);
}

static void
test_blocking_call(void **state)
{
	struct fixture	*f = *state;
	struct xrl	 x;
	struct xrl_args	 reply = XRL_ARGS_INIT;
	struct xrl_error err;

	xrl_to(&x, f, "stcp", "test/1.0/echo");
	assert_int_equal(xrl_args_add_u32(&x.args, "n", 1), 0);
	assert_int_equal(xrl_args_add_txt(&x.args, "s", "hi there"), 0);
	assert_int_equal(xrl_router_call(f->cli, &x, &reply, &err), XRL_OKAY);
	assert_int_equal(reply.count, 2);
	assert_int_equal(xrl_args_find(&reply, "n")->v.u32, 2);
	assert_string_equal((char *)xrl_args_find(&reply, "s")->v.bytes.p,
	    "hi there");
	xrl_args_clear(&reply);
	xrl_clear(&x);
}

/* A raw client on the listener: write frames, read what comes back. */
static int
raw_connect(struct fixture *f)
{
	char	 path[128];
	int	 fd;

	snprintf(path, sizeof(path), "%s",
	    xrl_router_listen_addr(f->srv, "unix"));
	for (char *p = path; *p; p++)
		if (*p == ':')
			*p = '/';
	fd = sock_connect_unix(path, true);
	assert_true(fd != -1);
	return fd;
}

/* Feed len bytes of p (or zeros) while running the loop. */
static void
raw_write(struct fixture *f, int fd, const uint8_t *p, size_t len)
{
	static uint8_t	 zeros[65536];
	size_t		 off = 0, n;
	ssize_t		 w;

	while (off < len) {
		n = len - off > sizeof(zeros) ? sizeof(zeros) : len - off;
		w = write(fd, p ? p + off : zeros, n);
		if (w > 0)
			off += (size_t)w;
		else
			assert_true(errno == EAGAIN);
		event_base_loop(f->base, EVLOOP_NONBLOCK);
	}
}

/* Read one response frame; returns its header. */
static void
raw_read(struct fixture *f, int fd, struct stcp_hdr *h, uint8_t *body,
    size_t bodymax)
{
	uint8_t		 buf[STCP_HDR_LEN];
	size_t		 got = 0, want = STCP_HDR_LEN;
	ssize_t		 n;
	uint64_t	 t0 = now_us();
	bool		 hdr = true;

	while (got < want) {
		assert_true(now_us() - t0 < 5000000);
		n = read(fd, hdr ? buf + got : body + got, want - got);
		if (n > 0) {
			got += (size_t)n;
			if (hdr && got == want) {
				assert_int_equal(stcp_hdr_parse(buf, h), 0);
				want = h->note_len + h->payload_len;
				assert_true(want <= bodymax);
				got = 0;
				hdr = false;
			}
			continue;
		}
		assert_true(n == -1 && errno == EAGAIN);
		event_base_loop(f->base, EVLOOP_NONBLOCK);
	}
}

static size_t
raw_ping(uint8_t *p, struct fixture *f, uint32_t seq)
{
	struct buf	 b = BUF_INIT;
	struct buf	 head = BUF_INIT;
	struct stcp_hdr	 h;
	char		 s[256];
	size_t		 len;

	snprintf(s, sizeof(s), "unix://%s/test/1.0/ping%s",
	    xrl_router_listen_addr(f->srv, "unix"), COOKIE);
	memset(&h, 0, sizeof(h));
	h.seq = seq;
	h.type = STCP_REQUEST;
	h.code = 100;
	assert_true(stcp_hdr_put(&b, &h));
	assert_true(buf_put_u32(&b, 0xcc000001));
	assert_true(pack_head(&head, s, strlen(s)));
	assert_true(buf_put_bytes(&b, head.data, head.len));
	be32_store(b.data + 20, (uint32_t)(b.len - 24));
	memcpy(p, b.data, b.len);
	len = b.len;
	buf_free(&b);
	buf_free(&head);
	return len;
}

static void
test_raw_malformed(void **state)
{
	struct fixture	*f = *state;
	struct stcp_hdr	 h;
	uint8_t		 p[1024], body[1024];
	size_t		 len;
	int		 fd = raw_connect(f);

	/* A corrupt packed XRL, then a good request. */
	len = raw_ping(p, f, 1);
	p[24] = 0x00;
	len += raw_ping(p + len, f, 2);
	raw_write(f, fd, p, len);
	raw_read(f, fd, &h, body, sizeof(body));
	assert_int_equal(h.seq, 1);
	assert_int_equal(h.code, XRL_INTERNAL_ERROR);
	assert_int_equal(h.payload_len, 4);
	raw_read(f, fd, &h, body, sizeof(body));
	assert_int_equal(h.seq, 2);
	assert_int_equal(h.code, XRL_OKAY);
	assert_memory_equal(body + h.note_len, "\xcc\0\0\0", 4);

	/* Truncated inside the packed XRL. */
	len = raw_ping(p, f, 3);
	be32_store(p + 20, 6);
	len = 24 + 6;
	len += raw_ping(p + len, f, 4);
	raw_write(f, fd, p, len);
	raw_read(f, fd, &h, body, sizeof(body));
	assert_int_equal(h.seq, 3);
	assert_int_not_equal(h.code, XRL_OKAY);
	raw_read(f, fd, &h, body, sizeof(body));
	assert_int_equal(h.seq, 4);
	assert_int_equal(h.code, XRL_OKAY);

	/* HELO is acknowledged. */
	memset(&h, 0, sizeof(h));
	h.seq = 5;
	h.type = STCP_HELO;
	h.code = 100;
	stcp_hdr_write(p, &h);
	raw_write(f, fd, p, 24);
	raw_read(f, fd, &h, body, sizeof(body));
	assert_int_equal(h.type, STCP_HELO_ACK);
	assert_int_equal(h.seq, 5);
	assert_int_equal(f->served, 2);

	/* A bad header closes the connection. */
	memcpy(p, "XTCP", 4);
	raw_write(f, fd, p, 24);
	loop_for(f->base, 50);
	assert_int_equal(read(fd, body, sizeof(body)), 0);
	close(fd);
	assert_true(TAILQ_EMPTY(&f->srv->lconns));
}

static void
test_raw_oversize(void **state)
{
	struct fixture	*f = *state;
	struct stcp_hdr	 h;
	uint8_t		 p[1024], body[1024];
	size_t		 len;
	int		 fd = raw_connect(f);

	memset(&h, 0, sizeof(h));
	h.seq = 7;
	h.type = STCP_REQUEST;
	h.code = 100;
	h.payload_len = STCP_MAX_PAYLOAD + 100;
	stcp_hdr_write(p, &h);
	raw_write(f, fd, p, 24);
	/* The refusal comes at once, before the body. */
	raw_read(f, fd, &h, body, sizeof(body));
	assert_int_equal(h.seq, 7);
	assert_int_equal(h.code, XRL_INTERNAL_ERROR);
	raw_write(f, fd, NULL, STCP_MAX_PAYLOAD + 100);
	len = raw_ping(p, f, 8);
	raw_write(f, fd, p, len);
	raw_read(f, fd, &h, body, sizeof(body));
	assert_int_equal(h.seq, 8);
	assert_int_equal(h.code, XRL_OKAY);
	/* Nothing near the payload size was ever buffered. */
	assert_true(TAILQ_FIRST(&f->srv->lconns)->s.rcap <
	    4 * XRL_READ_CHUNK);
	close(fd);
}

/* A peer that accepts and never answers, or answers by closing. */
static void
test_timeout_and_dead_peer(void **state)
{
	struct fixture	*f = *state;
	struct batch	 b;
	struct xrl	 x;
	char		 path[128], addr[128];
	int		 lfd, cfd;
	uint64_t	 t0;
	uint32_t	 i;

	snprintf(path, sizeof(path), "%s/mute", f->dir);
	snprintf(addr, sizeof(addr), "%s", path);
	for (char *p = addr; *p; p++)
		if (*p == '/')
			*p = ':';
	assert_true((lfd = sock_listen_unix(path, 0600)) != -1);
	memset(&b, 0, sizeof(b));
	xrl_init(&x);
	assert_int_equal(xrl_set(&x, "unix", addr, "a/1.0/b"), 0);
	t0 = now_us();
	for (i = 0; i < 150; i++)
		assert_int_equal(xrl_router_send_xrl(f->cli, &x, any_done,
		    NULL, &b), 0);
	loop_until(f->base, &b.done, 150, 5000);
	assert_int_equal(b.done, 150);
	assert_int_equal(b.last.code, XRL_REPLY_TIMED_OUT);
	/* timeout_ms is 300 in this fixture */
	assert_true(now_us() - t0 >= 290000);
	assert_true(now_us() - t0 < 2000000);

	/* Now the peer closes with calls outstanding. */
	for (i = 0; i < 5; i++)
		assert_int_equal(xrl_router_send_xrl(f->cli, &x, any_done,
		    NULL, &b), 0);
	loop_for(f->base, 20);
	while ((cfd = accept(lfd, NULL, NULL)) != -1)
		close(cfd);
	loop_until(f->base, &b.done, 155, 5000);
	assert_int_equal(b.done, 155);
	assert_int_equal(b.last.code, XRL_SEND_FAILED);
	/* ...and the connection left the pool. */
	assert_true(TAILQ_EMPTY(&f->cli->sconns));
	close(lfd);
	unlink(path);
	xrl_clear(&x);
}

static int
setup_timeouts(void **state)
{
	return setup_opts(state, 0, 300, 0, 0);
}

static int
setup_window(void **state)
{
	return setup_opts(state, 7, 0, 0, 0);
}

static int
setup_keepalive(void **state)
{
	/*
	 * Client HELO every 100 ms; the listener drops at 2 s. The margin is
	 * wide so that a loaded machine cannot fail the test on timing.
	 */
	return setup_opts(state, 0, 0, 100, 2000);
}

static int
setup_idle(void **state)
{
	return setup_opts(state, 0, 0, 5000, 200);
}

static void
test_keepalive(void **state)
{
	struct fixture	*f = *state;

	pipelined_echo(f, "unix", 10);
	/* Idle for past the listener's limit: HELOs keep it alive. */
	loop_for(f->base, 3000);
	assert_false(TAILQ_EMPTY(&f->srv->lconns));
	assert_false(TAILQ_EMPTY(&f->cli->sconns));
	pipelined_echo(f, "unix", 10);
}

static void
test_idle_drop(void **state)
{
	struct fixture	*f = *state;

	pipelined_echo(f, "unix", 10);
	loop_for(f->base, 1500);
	/* Silent longer than idle_ms: dropped, and the sender noticed. */
	assert_true(TAILQ_EMPTY(&f->srv->lconns));
	assert_true(TAILQ_EMPTY(&f->cli->sconns));
	/* The next call simply connects again. */
	pipelined_echo(f, "unix", 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pipeline_unix, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pipeline_stcp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_small_window, setup_window,
		    teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocking_call, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_raw_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_raw_oversize, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_timeout_and_dead_peer,
		    setup_timeouts, teardown),
		cmocka_unit_test_setup_teardown(test_keepalive,
		    setup_keepalive, teardown),
		cmocka_unit_test_setup_teardown(test_idle_drop, setup_idle,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rate, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

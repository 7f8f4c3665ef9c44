/*
 * Unit tests for the pipe-mode relay of lib/beep (relay.c), digest 11.5
 * and checklist items 73-74, on real TCP connections over 127.0.0.1.
 *
 * Every endpoint is a test peer driven by the same event_base as the
 * relays: a writer sends a deterministic stream (a position-keyed pattern,
 * so that the reader checks each octet against its offset), a reader
 * checks what arrives and expects EOF at the right length. Nothing here
 * asserts on wall time; a guard timer only turns a hang into a failure.
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "sock.h"
#include "relay.h"

#define MB		(1000 * 1000)
#define BULK		(100ULL * MB)
#define CHUNK		(256 * 1024)
#define GUARD_SECS	240
#define SEED_AB		0x0123456789abcdefULL
#define SEED_BA		0xfedcba9876543210ULL

/* ---- the pattern ----------------------------------------------------- */

static uint64_t
pat_word(uint64_t seed, uint64_t i)
{
	uint64_t	 z = seed + (i + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The octets of stream `seed` at offsets [off, off + n). */
static void
pat_fill(uint64_t seed, uint64_t off, uint8_t *p, size_t n)
{
	uint64_t	 w;
	unsigned	 k;

	while (n > 0) {
		w = pat_word(seed, off >> 3);
		for (k = off & 7; k < 8 && n > 0; k++, n--, off++)
			*p++ = (uint8_t)(w >> (8 * k));
	}
}

/* ---- the harness ----------------------------------------------------- */

struct tctx;

struct peer {
	struct tctx	*t;
	int		 fd;
	struct event	*ev_rd, *ev_wr;
	/* writer: the stream from w_off to w_total, then SHUT_WR */
	uint64_t	 w_seed, w_off, w_total;
	uint8_t		*w_buf;
	size_t		 w_pos, w_len;
	bool		 w_on;		/* writes at all */
	bool		 w_after_eof;	/* starts once the reader saw EOF */
	bool		 w_done;
	/* reader: expects r_total octets of r_seed, then EOF */
	uint64_t	 r_seed, r_off, r_total;
	uint8_t		*r_buf, *r_exp;
	bool		 r_on, r_paused, r_eof, r_bad;
	int		 r_err;
	int		 relay_done_at_eof;	/* relay state when EOF came */
};

struct tctx {
	struct event_base	*base;
	struct event		*guard, *tick;
	int			 pending;	/* readers and relays to finish */
	bool			 timed_out;
	struct beep_relay	*relay[2];
	int			 ndone;
	char			 reason[2][160];
	struct beep_relay_stats	 st[2];
	void			(*on_tick)(struct tctx *);
	struct peer		*watch[2];	/* for on_tick */
	int			 state, stall, ticks;
	uint64_t		 last_off, last_bytes, wakeups;
	size_t			 last_buffered, max_buffered;
};

static void
tctx_finish_one(struct tctx *t)
{
	if (--t->pending == 0)
		event_base_loopexit(t->base, NULL);
}

static void
guard_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tctx	*t = arg;

	t->timed_out = true;
	event_base_loopbreak(t->base);
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tctx	*t = arg;

	if (t->on_tick != NULL)
		t->on_tick(t);
}

static void
tctx_init(struct tctx *t)
{
	struct timeval	 tv = { GUARD_SECS, 0 };
	struct timeval	 tick = { 0, 20 * 1000 };

	memset(t, 0, sizeof(*t));
	assert_non_null(t->base = event_base_new());
	assert_non_null(t->guard = evtimer_new(t->base, guard_cb, t));
	evtimer_add(t->guard, &tv);
	assert_non_null(t->tick = event_new(t->base, -1, EV_PERSIST,
	    tick_cb, t));
	event_add(t->tick, &tick);
}

static void
tctx_run(struct tctx *t)
{
	assert_int_equal(event_base_dispatch(t->base), 0);
	assert_false(t->timed_out);
}

static void
relay_done_cb(void *arg, const struct beep_relay_stats *st,
    const char *reason)
{
	struct tctx	*t = arg;
	int		 i = t->ndone++;

	assert_true(i < 2);
	snprintf(t->reason[i], sizeof(t->reason[i]), "%s", reason);
	t->st[i] = *st;
	tctx_finish_one(t);
}

/* A connected TCP pair over 127.0.0.1, both ends non-blocking. */
static void
tcp_pair(int *x, int *y, int bufsz)
{
	uint16_t	 port;
	int		 lfd;

	assert_true((lfd = sock_listen_tcp("127.0.0.1", 0, &port)) >= 0);
	assert_true((*x = sock_connect_tcp("127.0.0.1", port, false)) >= 0);
	assert_true((*y = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0);
	close(lfd);
	assert_int_equal(sock_nonblock(*x), 0);
	assert_int_equal(sock_nonblock(*y), 0);
	if (bufsz > 0) {
		assert_int_equal(setsockopt(*x, SOL_SOCKET, SO_SNDBUF,
		    &bufsz, sizeof(bufsz)), 0);
		assert_int_equal(setsockopt(*x, SOL_SOCKET, SO_RCVBUF,
		    &bufsz, sizeof(bufsz)), 0);
		assert_int_equal(setsockopt(*y, SOL_SOCKET, SO_SNDBUF,
		    &bufsz, sizeof(bufsz)), 0);
		assert_int_equal(setsockopt(*y, SOL_SOCKET, SO_RCVBUF,
		    &bufsz, sizeof(bufsz)), 0);
	}
}

static void	peer_write_cb(evutil_socket_t, short, void *);

static void
peer_shut(struct peer *p)
{
	p->w_done = true;
	if (p->ev_wr != NULL)
		event_del(p->ev_wr);
	(void)shutdown(p->fd, SHUT_WR);
}

static void
peer_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer	*p = arg;
	ssize_t		 n;
	size_t		 len;

	for (;;) {
		if (p->w_pos == p->w_len) {
			if (p->w_off == p->w_total) {
				peer_shut(p);
				return;
			}
			len = CHUNK;
			if (len > p->w_total - p->w_off)
				len = p->w_total - p->w_off;
			pat_fill(p->w_seed, p->w_off, p->w_buf, len);
			p->w_pos = 0;
			p->w_len = len;
		}
		n = write(p->fd, p->w_buf + p->w_pos, p->w_len - p->w_pos);
		if (n == -1 && errno == EAGAIN)
			return;
		assert_true(n > 0);
		p->w_pos += n;
		p->w_off += n;
	}
}

static void
peer_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer	*p = arg;
	ssize_t		 n;

	for (;;) {
		n = read(p->fd, p->r_buf, CHUNK);
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0) {
			if (n == -1)
				p->r_err = errno;
			p->r_eof = true;
			p->relay_done_at_eof = p->t->relay[0] != NULL ?
			    beep_relay_is_done(p->t->relay[0]) : -1;
			event_del(p->ev_rd);
			if (p->w_on && p->w_after_eof)
				event_add(p->ev_wr, NULL);
			tctx_finish_one(p->t);
			return;
		}
		if (!p->r_bad) {
			pat_fill(p->r_seed, p->r_off, p->r_exp, n);
			if (p->r_off + n > p->r_total ||
			    memcmp(p->r_buf, p->r_exp, n) != 0)
				p->r_bad = true;
		}
		p->r_off += n;
	}
}

/*
 * A peer on fd: writes [w_from, w_total) of w_seed (w_total 0: shuts at
 * once; UINT64_MAX: never writes) and reads r_total octets of r_seed
 * (UINT64_MAX: never reads).
 */
static void
peer_init(struct peer *p, struct tctx *t, int fd, uint64_t w_seed,
    uint64_t w_from, uint64_t w_total, uint64_t r_seed, uint64_t r_total)
{
	memset(p, 0, sizeof(*p));
	p->t = t;
	p->fd = fd;
	p->w_seed = w_seed;
	p->w_off = w_from;
	p->w_total = w_total;
	p->r_seed = r_seed;
	p->r_total = r_total;
	p->w_on = w_total != UINT64_MAX;
	p->r_on = r_total != UINT64_MAX;
	assert_non_null(p->w_buf = malloc(CHUNK));
	assert_non_null(p->r_buf = malloc(CHUNK));
	assert_non_null(p->r_exp = malloc(CHUNK));
	assert_non_null(p->ev_wr = event_new(t->base, fd,
	    EV_WRITE | EV_PERSIST, peer_write_cb, p));
	assert_non_null(p->ev_rd = event_new(t->base, fd,
	    EV_READ | EV_PERSIST, peer_read_cb, p));
}

static void
peer_start(struct peer *p)
{
	if (p->w_on && !p->w_after_eof)
		event_add(p->ev_wr, NULL);
	if (p->r_on) {
		p->t->pending++;
		if (!p->r_paused)
			event_add(p->ev_rd, NULL);
	}
}

/* The reader got exactly its stream, intact, then EOF. */
static void
peer_check(const struct peer *p)
{
	assert_true(p->r_eof);
	assert_int_equal(p->r_err, 0);
	assert_false(p->r_bad);
	assert_int_equal(p->r_off, p->r_total);
}

static void
peer_fini(struct peer *p)
{
	event_free(p->ev_rd);
	event_free(p->ev_wr);
	if (p->fd != -1)
		close(p->fd);
	free(p->w_buf);
	free(p->r_buf);
	free(p->r_exp);
}

static void
tctx_fini(struct tctx *t)
{
	int	 i;

	for (i = 0; i < 2; i++)
		beep_relay_free(t->relay[i]);
	event_free(t->guard);
	event_free(t->tick);
	event_base_free(t->base);
}

static struct beep_relay *
tctx_relay(struct tctx *t, int i, int fa, int fb, const void *pre_ab,
    size_t n_ab, const void *pre_ba, size_t n_ba, unsigned idle)
{
	struct beep_relay_cfg	 cfg = {
		.pre_ab = pre_ab, .n_ab = n_ab, .pre_ba = pre_ba,
		.n_ba = n_ba, .idle_secs = idle, .done = relay_done_cb,
		.arg = t,
	};

	assert_non_null(t->relay[i] = beep_relay_new(t->base, fa, fb, &cfg));
	t->pending++;
	return t->relay[i];
}

static struct bufferevent *
test_bev(struct tctx *t, int fd)
{
	struct bufferevent	*bev;

	assert_non_null(bev = bufferevent_socket_new(t->base, fd,
	    BEV_OPT_CLOSE_ON_FREE));
	return bev;
}

static struct beep_relay *
tctx_relay_bev(struct tctx *t, int i, const struct beep_relay_side *a,
    const struct beep_relay_side *b, const void *pre_ab, size_t n_ab,
    const void *pre_ba, size_t n_ba)
{
	struct beep_relay_cfg	 cfg = {
		.pre_ab = pre_ab, .n_ab = n_ab, .pre_ba = pre_ba,
		.n_ba = n_ba, .done = relay_done_cb, .arg = t,
	};

	assert_non_null(t->relay[i] = beep_relay_bev_new(t->base, a, b,
	    &cfg));
	t->pending++;
	return t->relay[i];
}

/* ---- bulk ------------------------------------------------------------ */

/*
 * Item 74: 100 MB each way at once, through `hops` relays (fd relays, or
 * bufferevent relays over plain sockets), intact and in order.
 */
static void
bulk(int hops, bool bev)
{
	struct tctx		 t;
	struct peer		 pa, pb;
	struct beep_relay_side	 sa, sb;
	int			 x[3], y[3], i;

	tctx_init(&t);
	for (i = 0; i <= hops; i++)
		tcp_pair(&x[i], &y[i], 0);
	/* pa on x[0]; relay i between y[i] and x[i+1]; pb on y[hops] */
	for (i = 0; i < hops; i++) {
		if (bev) {
			sa.in = sa.out = test_bev(&t, y[i]);
			sb.in = sb.out = test_bev(&t, x[i + 1]);
			tctx_relay_bev(&t, i, &sa, &sb, NULL, 0, NULL, 0);
		} else {
			tctx_relay(&t, i, y[i], x[i + 1], NULL, 0, NULL, 0, 0);
			assert_true(beep_relay_uses_splice(t.relay[i]));
		}
	}
	peer_init(&pa, &t, x[0], SEED_AB, 0, BULK, SEED_BA, BULK);
	peer_init(&pb, &t, y[hops], SEED_BA, 0, BULK, SEED_AB, BULK);
	peer_start(&pa);
	peer_start(&pb);
	tctx_run(&t);

	peer_check(&pa);
	peer_check(&pb);
	assert_int_equal(t.ndone, hops);
	for (i = 0; i < hops; i++) {
		assert_string_equal(t.reason[i], "eof");
		assert_int_equal(t.st[i].bytes_ab, BULK);
		assert_int_equal(t.st[i].bytes_ba, BULK);
		assert_true(t.st[i].end.tv_sec >= t.st[i].start.tv_sec);
	}
	peer_fini(&pa);
	peer_fini(&pb);
	tctx_fini(&t);
}

static void
test_check_74_bulk_one(void **state)
{
	bulk(1, false);
}

static void
test_check_74_bulk_two_chained(void **state)
{
	bulk(2, false);
}

static void
test_bev_bulk_one(void **state)
{
	bulk(1, true);
}

static void
test_bev_bulk_two_chained(void **state)
{
	bulk(2, true);
}

/* ---- pre-read octets ------------------------------------------------- */

/*
 * Item 73: octets read past the `ok` go out first and in order. pre_ab is
 * the head of A's stream, pre_ba that of B's: a small greeting-sized one
 * and one larger than a pipe, so that it leaves in several writes.
 */
static void
pre_read(bool bev)
{
	struct tctx		 t;
	struct peer		 pa, pb;
	struct beep_relay_side	 sa, sb;
	uint8_t			*pre_ab, *pre_ba;
	size_t			 n_ab = 113, n_ba = 3 * 1024 * 1024 + 17;
	uint64_t		 total = 8 * 1024 * 1024;
	int			 x[2], y[2];

	tctx_init(&t);
	tcp_pair(&x[0], &y[0], 0);
	tcp_pair(&x[1], &y[1], 0);
	assert_non_null(pre_ab = malloc(n_ab));
	assert_non_null(pre_ba = malloc(n_ba));
	pat_fill(SEED_AB, 0, pre_ab, n_ab);
	pat_fill(SEED_BA, 0, pre_ba, n_ba);
	if (bev) {
		sa.in = sa.out = test_bev(&t, y[0]);
		sb.in = sb.out = test_bev(&t, x[1]);
		tctx_relay_bev(&t, 0, &sa, &sb, pre_ab, n_ab, pre_ba, n_ba);
	} else
		tctx_relay(&t, 0, y[0], x[1], pre_ab, n_ab, pre_ba, n_ba, 0);
	/* The relay keeps its own copies. */
	memset(pre_ab, 0, n_ab);
	memset(pre_ba, 0, n_ba);
	free(pre_ab);
	free(pre_ba);
	peer_init(&pa, &t, x[0], SEED_AB, n_ab, total, SEED_BA, total);
	peer_init(&pb, &t, y[1], SEED_BA, n_ba, total, SEED_AB, total);
	peer_start(&pa);
	peer_start(&pb);
	tctx_run(&t);

	peer_check(&pa);
	peer_check(&pb);
	assert_string_equal(t.reason[0], "eof");
	assert_int_equal(t.st[0].bytes_ab, total);
	assert_int_equal(t.st[0].bytes_ba, total);
	peer_fini(&pa);
	peer_fini(&pb);
	tctx_fini(&t);
}

static void
test_check_73_pre_read_first(void **state)
{
	pre_read(false);
}

static void
test_bev_pre_read_first(void **state)
{
	pre_read(true);
}

/* ---- half-close, close, reset, idle ---------------------------------- */

/*
 * A sends 1000 octets and shuts its write side; B must see them and EOF
 * while the relay goes on, and only then answers with 5000 octets.
 */
static void
half_close(bool bev)
{
	struct tctx		 t;
	struct peer		 pa, pb;
	struct beep_relay_side	 sa, sb;
	int			 x[2], y[2];

	tctx_init(&t);
	tcp_pair(&x[0], &y[0], 0);
	tcp_pair(&x[1], &y[1], 0);
	if (bev) {
		sa.in = sa.out = test_bev(&t, y[0]);
		sb.in = sb.out = test_bev(&t, x[1]);
		tctx_relay_bev(&t, 0, &sa, &sb, NULL, 0, NULL, 0);
	} else
		tctx_relay(&t, 0, y[0], x[1], NULL, 0, NULL, 0, 0);
	peer_init(&pa, &t, x[0], SEED_AB, 0, 1000, SEED_BA, 5000);
	peer_init(&pb, &t, y[1], SEED_BA, 0, 5000, SEED_AB, 1000);
	pb.w_after_eof = true;
	peer_start(&pa);
	peer_start(&pb);
	tctx_run(&t);

	peer_check(&pb);
	assert_int_equal(pb.relay_done_at_eof, 0);	/* relay went on */
	peer_check(&pa);
	assert_string_equal(t.reason[0], "eof");
	assert_int_equal(t.st[0].bytes_ab, 1000);
	assert_int_equal(t.st[0].bytes_ba, 5000);
	peer_fini(&pa);
	peer_fini(&pb);
	tctx_fini(&t);
}

static void
test_half_close(void **state)
{
	half_close(false);
}

static void
test_bev_half_close(void **state)
{
	half_close(true);
}

/* Item 73: A closes outright; B sees everything, then EOF, and closes. */
static void
test_check_73_close_closes_other(void **state)
{
	struct tctx	 t;
	struct peer	 pb;
	uint8_t		 msg[4000];
	int		 x[2], y[2];

	tctx_init(&t);
	tcp_pair(&x[0], &y[0], 0);
	tcp_pair(&x[1], &y[1], 0);
	tctx_relay(&t, 0, y[0], x[1], NULL, 0, NULL, 0, 0);
	pat_fill(SEED_AB, 0, msg, sizeof(msg));
	assert_int_equal(write(x[0], msg, sizeof(msg)), sizeof(msg));
	close(x[0]);
	/* B reads it all and EOF, then closes by shutting its write side. */
	peer_init(&pb, &t, y[1], SEED_BA, 0, 0, SEED_AB, sizeof(msg));
	pb.w_after_eof = true;
	peer_start(&pb);
	tctx_run(&t);

	peer_check(&pb);
	assert_string_equal(t.reason[0], "eof");
	assert_int_equal(t.st[0].bytes_ab, sizeof(msg));
	assert_int_equal(t.st[0].bytes_ba, 0);
	peer_fini(&pb);
	tctx_fini(&t);
}

/* A resets its connection: the relay ends at once and closes B. */
static void
test_reset_closes_other(void **state)
{
	struct tctx	 t;
	struct peer	 pb;
	struct linger	 lg = { 1, 0 };
	int		 x[2], y[2];

	tctx_init(&t);
	tcp_pair(&x[0], &y[0], 0);
	tcp_pair(&x[1], &y[1], 0);
	tctx_relay(&t, 0, y[0], x[1], NULL, 0, NULL, 0, 0);
	/* B never writes nor shuts: only the relay can end B's stream. */
	peer_init(&pb, &t, y[1], 0, 0, UINT64_MAX, SEED_AB, 0);
	peer_start(&pb);
	assert_int_equal(setsockopt(x[0], SOL_SOCKET, SO_LINGER, &lg,
	    sizeof(lg)), 0);
	close(x[0]);
	tctx_run(&t);

	assert_int_equal(t.ndone, 1);
	assert_memory_equal(t.reason[0], "error: ", 7);
	assert_true(pb.r_eof);
	assert_int_equal(pb.r_off, 0);
	peer_fini(&pb);
	tctx_fini(&t);
}

/* No traffic for idle_secs: the relay ends with "idle", both see EOF. */
static void
test_idle_timeout(void **state)
{
	struct tctx	 t;
	struct peer	 pa, pb;
	int		 x[2], y[2];

	tctx_init(&t);
	tcp_pair(&x[0], &y[0], 0);
	tcp_pair(&x[1], &y[1], 0);
	tctx_relay(&t, 0, y[0], x[1], NULL, 0, NULL, 0, 1);
	peer_init(&pa, &t, x[0], 0, 0, UINT64_MAX, SEED_BA, 0);
	peer_init(&pb, &t, y[1], 0, 0, UINT64_MAX, SEED_AB, 0);
	peer_start(&pa);
	peer_start(&pb);
	tctx_run(&t);

	assert_int_equal(t.ndone, 1);
	assert_string_equal(t.reason[0], "idle");
	peer_check(&pa);
	peer_check(&pb);
	peer_fini(&pa);
	peer_fini(&pb);
	tctx_fini(&t);
}

/* ---- back-pressure --------------------------------------------------- */

#define BP_TOTAL	(32ULL * 1024 * 1024)
#define BP_LIMIT	(2 * 1024 * 1024 + 512 * 1024)
#define BP_SOCKBUF	(128 * 1024)

/*
 * Every tick: the relay's own buffering stays under BP_LIMIT. Once A's
 * writer and the relay have made no progress for three ticks (B is not
 * reading), A must be blocked short of its stream and the relay must sit
 * still (a handful of wakeups at most over five more ticks); then B reads
 * again and everything must arrive.
 */
static void
bp_tick(struct tctx *t)
{
	struct peer		*pa = t->watch[0], *pb = t->watch[1];
	struct beep_relay_stats	 st;
	size_t			 buffered;

	if (t->relay[0] == NULL || beep_relay_is_done(t->relay[0]))
		return;
	beep_relay_get_stats(t->relay[0], &st);
	buffered = beep_relay_buffered(t->relay[0]);
	if (buffered > t->max_buffered)
		t->max_buffered = buffered;
	switch (t->state) {
	case 0:
		if (pa->w_off == t->last_off && st.bytes_ab == t->last_bytes &&
		    buffered == t->last_buffered && pa->w_off > 0)
			t->stall++;
		else
			t->stall = 0;
		t->last_off = pa->w_off;
		t->last_bytes = st.bytes_ab;
		t->last_buffered = buffered;
		if (t->stall >= 3) {
			t->wakeups = st.wakeups;
			t->state = 1;
		}
		break;
	case 1:
		if (++t->ticks < 5)
			break;
		assert_true(st.wakeups - t->wakeups <= 2);
		assert_true(pa->w_off < BP_TOTAL);
		assert_true(buffered > 0);
		t->state = 2;
		pb->r_paused = false;
		event_add(pb->ev_rd, NULL);
		break;
	}
}

static void
back_pressure(bool bev)
{
	struct tctx		 t;
	struct peer		 pa, pb;
	struct beep_relay_side	 sa, sb;
	int			 x[2], y[2];

	tctx_init(&t);
	tcp_pair(&x[0], &y[0], BP_SOCKBUF);
	tcp_pair(&x[1], &y[1], BP_SOCKBUF);
	if (bev) {
		sa.in = sa.out = test_bev(&t, y[0]);
		sb.in = sb.out = test_bev(&t, x[1]);
		tctx_relay_bev(&t, 0, &sa, &sb, NULL, 0, NULL, 0);
	} else
		tctx_relay(&t, 0, y[0], x[1], NULL, 0, NULL, 0, 0);
	peer_init(&pa, &t, x[0], SEED_AB, 0, BP_TOTAL, SEED_BA, 0);
	peer_init(&pb, &t, y[1], SEED_BA, 0, 0, SEED_AB, BP_TOTAL);
	pb.r_paused = true;
	t.watch[0] = &pa;
	t.watch[1] = &pb;
	t.on_tick = bp_tick;
	peer_start(&pa);
	peer_start(&pb);
	tctx_run(&t);

	assert_int_equal(t.state, 2);
	assert_true(t.max_buffered <= BP_LIMIT);
	peer_check(&pa);
	peer_check(&pb);
	assert_string_equal(t.reason[0], "eof");
	assert_int_equal(t.st[0].bytes_ab, BP_TOTAL);
	peer_fini(&pa);
	peer_fini(&pb);
	tctx_fini(&t);
}

static void
test_back_pressure(void **state)
{
	back_pressure(false);
}

static void
test_bev_back_pressure(void **state)
{
	back_pressure(true);
}

/* ---- a side given as two bufferevents -------------------------------- */

/*
 * Side A reads from one connection and writes to another, as a client
 * tool's stdin and stdout: B's EOF is passed on by closing A's output.
 */
static void
test_bev_split_side(void **state)
{
	struct tctx		 t;
	struct peer		 pin, pout, pb;
	struct beep_relay_side	 sa, sb;
	uint64_t		 total = 4 * 1024 * 1024;
	int			 xi, yi, xo, yo, x, y;

	tctx_init(&t);
	tcp_pair(&xi, &yi, 0);
	tcp_pair(&xo, &yo, 0);
	tcp_pair(&x, &y, 0);
	sa.in = test_bev(&t, yi);
	sa.out = test_bev(&t, yo);
	sb.in = sb.out = test_bev(&t, x);
	tctx_relay_bev(&t, 0, &sa, &sb, NULL, 0, NULL, 0);
	peer_init(&pin, &t, xi, SEED_AB, 0, total, 0, UINT64_MAX);
	peer_init(&pout, &t, xo, 0, 0, UINT64_MAX, SEED_BA, total);
	peer_init(&pb, &t, y, SEED_BA, 0, total, SEED_AB, total);
	peer_start(&pin);
	peer_start(&pout);
	peer_start(&pb);
	tctx_run(&t);

	peer_check(&pout);
	peer_check(&pb);
	assert_string_equal(t.reason[0], "eof");
	assert_int_equal(t.st[0].bytes_ab, total);
	assert_int_equal(t.st[0].bytes_ba, total);
	peer_fini(&pin);
	peer_fini(&pout);
	peer_fini(&pb);
	tctx_fini(&t);
}

/* ---- read/write fallback --------------------------------------------- */

/*
 * A regular file on one side: no splice, no epoll; read/write with the
 * same semantics. B answers once it has the whole file, so that its
 * octets land after it (the file offset is shared by both directions).
 */
static void
test_fallback_regular_file(void **state)
{
	struct tctx	 t;
	struct peer	 pb;
	char		 path[] = "/tmp/okapi-relay-XXXXXX";
	uint8_t		*data, back[1000], exp[1000];
	size_t		 n = 3 * 1024 * 1024 + 5;
	int		 f, keep, x, y;

	tctx_init(&t);
	assert_true((f = mkstemp(path)) >= 0);
	unlink(path);
	assert_true((keep = dup(f)) >= 0);
	assert_non_null(data = malloc(n));
	pat_fill(SEED_AB, 0, data, n);
	assert_int_equal(write(f, data, n), (ssize_t)n);
	assert_int_equal(lseek(f, 0, SEEK_SET), 0);
	free(data);
	tcp_pair(&x, &y, 0);
	tctx_relay(&t, 0, f, x, NULL, 0, NULL, 0, 0);
	assert_false(beep_relay_uses_splice(t.relay[0]));
	peer_init(&pb, &t, y, SEED_BA, 0, sizeof(back), SEED_AB, n);
	pb.w_after_eof = true;
	peer_start(&pb);
	tctx_run(&t);

	peer_check(&pb);
	assert_string_equal(t.reason[0], "eof");
	assert_int_equal(t.st[0].bytes_ab, n);
	assert_int_equal(t.st[0].bytes_ba, sizeof(back));
	assert_int_equal(pread(keep, back, sizeof(back), n), sizeof(back));
	pat_fill(SEED_BA, 0, exp, sizeof(exp));
	assert_memory_equal(back, exp, sizeof(exp));
	close(keep);
	peer_fini(&pb);
	tctx_fini(&t);
}

/* Arguments: bad fds are refused and stay the caller's. */
static void
test_new_einval(void **state)
{
	struct event_base	*base;
	struct beep_relay_cfg	 cfg = { 0 };
	int			 x, y;

	assert_non_null(base = event_base_new());
	tcp_pair(&x, &y, 0);
	errno = 0;
	assert_null(beep_relay_new(base, x, x, &cfg));
	assert_int_equal(errno, EINVAL);
	assert_null(beep_relay_new(base, -1, y, &cfg));
	cfg.n_ab = 5;
	assert_null(beep_relay_new(base, x, y, &cfg));
	assert_int_equal(fcntl(x, F_GETFD), FD_CLOEXEC);
	assert_int_equal(fcntl(y, F_GETFD), FD_CLOEXEC);
	cfg.n_ab = 0;
	/* free before the loop ran: closes both, no callback */
	beep_relay_free(beep_relay_new(base, x, y, &cfg));
	assert_int_equal(fcntl(x, F_GETFD), -1);
	event_base_free(base);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_einval),
		cmocka_unit_test(test_check_74_bulk_one),
		cmocka_unit_test(test_check_74_bulk_two_chained),
		cmocka_unit_test(test_check_73_pre_read_first),
		cmocka_unit_test(test_half_close),
		cmocka_unit_test(test_check_73_close_closes_other),
		cmocka_unit_test(test_reset_closes_other),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_back_pressure),
		cmocka_unit_test(test_fallback_regular_file),
		cmocka_unit_test(test_bev_bulk_one),
		cmocka_unit_test(test_bev_bulk_two_chained),
		cmocka_unit_test(test_bev_pre_read_first),
		cmocka_unit_test(test_bev_half_close),
		cmocka_unit_test(test_bev_back_pressure),
		cmocka_unit_test(test_bev_split_side),
	};

	(void)signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

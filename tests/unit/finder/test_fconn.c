/*
 * Unit tests for lib/xrl/fconn.c over socketpairs: calls in both
 * directions, sequence numbers from 1001, out-of-order replies, timeouts,
 * completions only from the loop, bad framing, malformed requests.
 */
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "evloop.h"
#include "fconn.h"

struct side {
	struct fconn	*fc;
	uint32_t	 seqs[16];
	uint32_t	 nreq;
	bool		 autoreply;	/* answer each request at once */
	bool		 closed;
};

struct done {
	bool		 called;
	int		 times;
	uint32_t	 code;
	uint32_t	 value;		/* "v" from the reply, if any */
};

static struct event_base *base;

static void
run_ms(uint32_t ms)
{
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

static void
on_request(struct fconn *fc, struct finder_msg *m, void *arg)
{
	struct side		*s = arg;
	struct xrl_args		 out = XRL_ARGS_INIT;
	struct xrl_error	 e;
	const struct xrl_atom	*v;

	if (s->nreq < 16)
		s->seqs[s->nreq] = m->seq;
	s->nreq++;
	if (!s->autoreply)
		return;
	xrl_error_ok(&e);
	v = xrl_args_find(&m->xrl.args, "v");
	assert_int_equal(xrl_args_add_u32(&out, "v", v ? v->v.u32 * 10 : 0), 0);
	assert_int_equal(fconn_reply(fc, m->seq, &e, &out), 0);
	xrl_args_clear(&out);
}

static void
on_closed(struct fconn *fc, void *arg)
{
	struct side	*s = arg;

	s->closed = true;
	fconn_free(fc);
	s->fc = NULL;
}

static const struct fconn_cbs cbs = { on_request, on_closed };

static void
on_reply(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct done		*d = arg;
	const struct xrl_atom	*v;

	d->called = true;
	d->times++;
	d->code = err->code;
	if (err->code == XRL_OKAY) {
		v = xrl_args_find(reply, "v");
		d->value = v ? v->v.u32 : 0;
	} else
		assert_int_equal(reply->count, 0);
}

static void
make_xrl(struct xrl *x, uint32_t v)
{
	xrl_init(x);
	assert_int_equal(xrl_set(x, "finder", "t", "i/0.1/m"), 0);
	assert_int_equal(xrl_args_add_u32(&x->args, "v", v), 0);
}

static void
pair(struct side *a, struct side *b)
{
	int	 sv[2];

	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	a->fc = fconn_new(base, sv[0], &cbs, a);
	b->fc = fconn_new(base, sv[1], &cbs, b);
	assert_non_null(a->fc);
	assert_non_null(b->fc);
}

/* One fconn and a raw socket to poke it with. */
static int
half(struct side *a)
{
	int	 sv[2];

	memset(a, 0, sizeof(*a));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	a->fc = fconn_new(base, sv[0], &cbs, a);
	assert_non_null(a->fc);
	return sv[1];
}

static void
raw_send(int fd, const char *body)
{
	uint8_t		 len[4];
	size_t		 n = strlen(body);

	be32_store(len, (uint32_t)n);
	assert_int_equal(write(fd, len, 4), 4);
	assert_int_equal(write(fd, body, n), (ssize_t)n);
}

/* Read one frame body from the raw end, running the loop meanwhile. */
static size_t
raw_recv(int fd, char *out, size_t cap)
{
	struct pollfd	 p = { fd, POLLIN, 0 };
	uint8_t		 hdr[4];
	size_t		 got = 0, want = 4, len = 0;
	ssize_t		 n;
	int		 i;

	for (i = 0; i < 200; i++) {
		run_ms(5);
		if (poll(&p, 1, 0) != 1)
			continue;
		if (len == 0 && got < 4) {
			n = read(fd, hdr + got, 4 - got);
			assert_true(n > 0);
			got += (size_t)n;
			if (got == 4) {
				len = be32_load(hdr);
				assert_true(len < cap);
				want = len;
				got = 0;
			}
			continue;
		}
		n = read(fd, out + got, want - got);
		assert_true(n > 0);
		got += (size_t)n;
		if (got == want) {
			out[got] = '\0';
			return got;
		}
	}
	fail_msg("no frame arrived");
	return 0;
}

static void
test_both_ways(void **state)
{
	struct side	 a, b;
	struct done	 d1 = { 0 }, d2 = { 0 }, d3 = { 0 };
	struct xrl	 x;

	pair(&a, &b);
	a.autoreply = b.autoreply = true;
	make_xrl(&x, 1);
	assert_int_equal(fconn_call(a.fc, &x, 1000, on_reply, NULL, &d1), 0);
	xrl_clear(&x);
	make_xrl(&x, 2);
	assert_int_equal(fconn_call(a.fc, &x, 1000, on_reply, NULL, &d2), 0);
	xrl_clear(&x);
	make_xrl(&x, 3);
	assert_int_equal(fconn_call(b.fc, &x, 1000, on_reply, NULL, &d3), 0);
	xrl_clear(&x);
	/* Never from inside the call. */
	assert_false(d1.called || d2.called || d3.called);
	assert_int_equal(fconn_outstanding(a.fc), 2);
	run_ms(50);
	assert_int_equal(d1.times, 1);
	assert_int_equal(d1.code, XRL_OKAY);
	assert_int_equal(d1.value, 10);
	assert_int_equal(d2.value, 20);
	assert_int_equal(d3.value, 30);
	assert_int_equal(fconn_outstanding(a.fc), 0);
	/* Each side numbers its own requests from 1001. */
	assert_int_equal(b.nreq, 2);
	assert_int_equal(b.seqs[0], 1001);
	assert_int_equal(b.seqs[1], 1002);
	assert_int_equal(a.nreq, 1);
	assert_int_equal(a.seqs[0], 1001);
	assert_string_equal(fconn_peer(a.fc), "unix");
	fconn_free(a.fc);
	fconn_free(b.fc);
}

static void
test_out_of_order(void **state)
{
	struct side		 a, b;
	struct done		 d[3] = { { 0 } };
	struct xrl		 x;
	struct xrl_args		 out = XRL_ARGS_INIT;
	struct xrl_error	 e;
	int			 i;

	pair(&a, &b);
	for (i = 0; i < 3; i++) {
		make_xrl(&x, (uint32_t)i);
		assert_int_equal(fconn_call(a.fc, &x, 1000, on_reply, NULL,
		    &d[i]), 0);
		xrl_clear(&x);
	}
	run_ms(30);
	assert_int_equal(b.nreq, 3);
	/* Answer the last first; an error for the middle one. */
	xrl_error_ok(&e);
	assert_int_equal(xrl_args_add_u32(&out, "v", 300), 0);
	assert_int_equal(fconn_reply(b.fc, b.seqs[2], &e, &out), 0);
	xrl_args_clear(&out);
	xrl_error_set(&e, XRL_COMMAND_FAILED, "no");
	assert_int_equal(fconn_reply(b.fc, b.seqs[1], &e, NULL), 0);
	xrl_error_ok(&e);
	assert_int_equal(xrl_args_add_u32(&out, "v", 100), 0);
	assert_int_equal(fconn_reply(b.fc, b.seqs[0], &e, &out), 0);
	/* A reply nobody asked for is ignored. */
	assert_int_equal(fconn_reply(b.fc, 5, &e, &out), 0);
	xrl_args_clear(&out);
	run_ms(30);
	assert_int_equal(d[0].value, 100);
	assert_int_equal(d[1].code, XRL_COMMAND_FAILED);
	assert_int_equal(d[2].value, 300);
	for (i = 0; i < 3; i++)
		assert_int_equal(d[i].times, 1);
	fconn_free(a.fc);
	fconn_free(b.fc);
}

static void
test_timeout(void **state)
{
	struct side		 a, b;
	struct done		 d = { 0 };
	struct xrl		 x;
	struct xrl_error	 e;

	pair(&a, &b);
	make_xrl(&x, 1);
	assert_int_equal(fconn_call(a.fc, &x, 40, on_reply, NULL, &d), 0);
	xrl_clear(&x);
	run_ms(20);
	assert_false(d.called);
	run_ms(60);
	assert_int_equal(d.times, 1);
	assert_int_equal(d.code, XRL_REPLY_TIMED_OUT);
	assert_int_equal(fconn_outstanding(a.fc), 0);
	/* The late reply changes nothing. */
	xrl_error_ok(&e);
	assert_int_equal(fconn_reply(b.fc, b.seqs[0], &e, NULL), 0);
	run_ms(20);
	assert_int_equal(d.times, 1);
	assert_false(a.closed);
	fconn_free(a.fc);
	fconn_free(b.fc);
}

/* Freeing with calls pending fails them later, from the loop. */
static void
test_free_pending(void **state)
{
	struct side	 a, b;
	struct done	 d = { 0 };
	struct xrl	 x;

	pair(&a, &b);
	make_xrl(&x, 1);
	assert_int_equal(fconn_call(a.fc, &x, 1000, on_reply, NULL, &d), 0);
	xrl_clear(&x);
	fconn_free(a.fc);
	assert_false(d.called);
	run_ms(20);
	assert_int_equal(d.times, 1);
	assert_int_equal(d.code, XRL_SEND_FAILED);
	/* b saw its peer go. */
	assert_true(b.closed);
}

/* The peer closing fails what is pending and reports the close. */
static void
test_peer_close(void **state)
{
	struct side	 a;
	struct done	 d = { 0 };
	struct xrl	 x;
	int		 fd;

	fd = half(&a);
	make_xrl(&x, 1);
	assert_int_equal(fconn_call(a.fc, &x, 1000, on_reply, NULL, &d), 0);
	xrl_clear(&x);
	close(fd);
	run_ms(20);
	assert_true(a.closed);
	assert_int_equal(d.times, 1);
	assert_int_equal(d.code, XRL_SEND_FAILED);
}

static void
test_bad_length(void **state)
{
	const uint8_t	 zero[4] = { 0, 0, 0, 0 };
	const uint8_t	 big[4] = { 0, 1, 0, 1 };	/* 65537 */
	struct side	 a;
	int		 fd;

	fd = half(&a);
	assert_int_equal(write(fd, zero, 4), 4);
	run_ms(20);
	assert_true(a.closed);
	close(fd);

	fd = half(&a);
	assert_int_equal(write(fd, big, 4), 4);
	run_ms(20);
	assert_true(a.closed);
	close(fd);
}

/* Bytes dribbling in one at a time still make whole messages. */
static void
test_split_frames(void **state)
{
	const char	*body = "Finder 0.2\nMsgType x\nSeqNo 9\nMsgData "
	    "finder://t/i/0.1/m?v:u32=4";
	char		 frame[256], reply[256];
	struct side	 a;
	size_t		 n = strlen(body), i;
	int		 fd;

	fd = half(&a);
	a.autoreply = true;
	be32_store((uint8_t *)frame, (uint32_t)n);
	memcpy(frame + 4, body, n);
	for (i = 0; i < n + 4; i++) {
		assert_int_equal(write(fd, frame + i, 1), 1);
		run_ms(1);
	}
	raw_recv(fd, reply, sizeof(reply));
	assert_string_equal(reply, "Finder 0.2\nMsgType r\nSeqNo 9\nMsgData "
	    "100 / \nv:u32=40");
	assert_int_equal(a.nreq, 1);
	fconn_free(a.fc);
	close(fd);
}

/* A well-framed bad request gets BAD_ARGS and the connection lives on. */
static void
test_malformed_request(void **state)
{
	char		 reply[512];
	struct side	 a;
	int		 fd;

	fd = half(&a);
	a.autoreply = true;
	raw_send(fd, "Finder 0.2\nMsgType x\nSeqNo 31\nMsgData finder://t");
	raw_recv(fd, reply, sizeof(reply));
	assert_int_equal(strncmp(reply, "Finder 0.2\nMsgType r\nSeqNo 31\n"
	    "MsgData 101 / ", 43), 0);
	/* A bad header has no seq to answer: dropped, still connected. */
	raw_send(fd, "Finder 9.9\nMsgType x\nSeqNo 32\nMsgData finder://t/m");
	raw_send(fd, "Finder 0.2\nMsgType x\nSeqNo 33\nMsgData "
	    "finder://t/i/0.1/m?v:u32=5");
	raw_recv(fd, reply, sizeof(reply));
	assert_string_equal(reply, "Finder 0.2\nMsgType r\nSeqNo 33\nMsgData "
	    "100 / \nv:u32=50");
	assert_false(a.closed);
	assert_int_equal(a.nreq, 1);
	fconn_free(a.fc);
	close(fd);
}

/* A corrupt reply fails its call with INTERNAL_ERROR. */
static void
test_corrupt_reply(void **state)
{
	char		 req[512];
	struct side	 a;
	struct done	 d = { 0 };
	struct xrl	 x;
	int		 fd;

	fd = half(&a);
	make_xrl(&x, 1);
	assert_int_equal(fconn_call(a.fc, &x, 1000, on_reply, NULL, &d), 0);
	xrl_clear(&x);
	raw_recv(fd, req, sizeof(req));
	assert_string_equal(req, "Finder 0.2\nMsgType x\nSeqNo 1001\nMsgData "
	    "finder://t/i/0.1/m?v:u32=1");
	raw_send(fd, "Finder 0.2\nMsgType r\nSeqNo 1001\nMsgData 100 / \n"
	    "v:u32=nope");
	run_ms(20);
	assert_int_equal(d.times, 1);
	assert_int_equal(d.code, XRL_INTERNAL_ERROR);
	assert_false(a.closed);
	fconn_free(a.fc);
	close(fd);
}

/* Freeing the connection from inside its own request callback is safe. */
static void
on_request_free(struct fconn *fc, struct finder_msg *m, void *arg)
{
	struct side	*s = arg;

	s->nreq++;
	fconn_free(fc);
	s->fc = NULL;
}

static void
test_free_in_callback(void **state)
{
	static const struct fconn_cbs freeing = { on_request_free, on_closed };
	struct side	 a;
	int		 sv[2];

	memset(&a, 0, sizeof(a));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	a.fc = fconn_new(base, sv[0], &freeing, &a);
	raw_send(sv[1], "Finder 0.2\nMsgType x\nSeqNo 1\nMsgData finder://t/m");
	raw_send(sv[1], "Finder 0.2\nMsgType x\nSeqNo 2\nMsgData finder://t/m");
	run_ms(20);
	assert_int_equal(a.nreq, 1);
	assert_null(a.fc);
	close(sv[1]);
}

static void
test_too_large_call(void **state)
{
	static char	 big[FINDER_MSG_MAX + 10];
	struct side	 a, b;
	struct done	 d = { 0 };
	struct xrl	 x;

	pair(&a, &b);
	memset(big, 'x', sizeof(big) - 1);
	make_xrl(&x, 1);
	assert_int_equal(xrl_args_add_txt(&x.args, "big", big), 0);
	assert_int_equal(fconn_call(a.fc, &x, 1000, on_reply, NULL, &d), -1);
	xrl_clear(&x);
	run_ms(10);
	assert_false(d.called);
	assert_false(a.closed);
	assert_false(b.closed);
	fconn_free(a.fc);
	fconn_free(b.fc);
}

static int
setup(void **state)
{
	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	return base == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	event_base_free(base);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_ways),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_free_pending),
		cmocka_unit_test(test_peer_close),
		cmocka_unit_test(test_bad_length),
		cmocka_unit_test(test_split_frames),
		cmocka_unit_test(test_malformed_request),
		cmocka_unit_test(test_corrupt_reply),
		cmocka_unit_test(test_free_in_callback),
		cmocka_unit_test(test_too_large_call),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

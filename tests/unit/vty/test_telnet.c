/*
 * Unit tests for lib/vty/telnet.c: the opening negotiation bytes, RFC 1143
 * answers (and silence for acknowledgments), every IAC form, NAWS, CR LF /
 * CR NUL folding, output conversion, and that input cut at any byte gives
 * the same result as input in one piece.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "telnet.h"

#define IAC	"\xff"
#define WILL	"\xfb"
#define WONT	"\xfc"
#define DO	"\xfd"
#define DONT	"\xfe"
#define SB	"\xfa"
#define SE	"\xf0"

struct feed {
	struct telnet	 t;
	struct buf	 data;
	struct buf	 reply;
	bool		 resized;
};

static void
feed_init(struct feed *f)
{
	telnet_init(&f->t);
	buf_init(&f->data);
	buf_init(&f->reply);
	f->resized = false;
}

static void
feed_free(struct feed *f)
{
	buf_free(&f->data);
	buf_free(&f->reply);
}

static void
feed_reset(struct feed *f)
{
	buf_reset(&f->data);
	buf_reset(&f->reply);
	f->resized = false;
}

static void
feed(struct feed *f, const void *p, size_t n)
{
	if (telnet_input(&f->t, p, n, &f->data, &f->reply))
		f->resized = true;
}

#define FEED(f, s)	feed((f), (s), sizeof(s) - 1)

static void
assert_bytes(const struct buf *b, const void *want, size_t n)
{
	assert_int_equal(b->len, n);
	if (n > 0)
		assert_memory_equal(b->data, want, n);
}

#define ASSERT_BYTES(b, s)	assert_bytes((b), (s), sizeof(s) - 1)

static void
test_start_bytes(void **state)
{
	struct telnet	 t;
	struct buf	 out = BUF_INIT;
	const uint8_t	 want[] = { 0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03,
	    0xff, 0xfe, 0x22, 0xff, 0xfd, 0x1f };

	telnet_init(&t);
	telnet_start(&t, &out);
	assert_bytes(&out, want, sizeof(want));
	assert_int_equal(t.us[TELNET_OPT_ECHO], TELNET_Q_WANTYES);
	assert_int_equal(t.us[TELNET_OPT_SGA], TELNET_Q_WANTYES);
	assert_int_equal(t.him[TELNET_OPT_LINEMODE], TELNET_Q_WANTNO);
	assert_int_equal(t.him[TELNET_OPT_NAWS], TELNET_Q_WANTYES);
	buf_free(&out);
}

/* The replies a telnet client gives to the opening are all acknowledgments. */
static void
test_client_acks_silent(void **state)
{
	struct feed	 f;
	struct buf	 out = BUF_INIT;

	feed_init(&f);
	telnet_start(&f.t, &out);
	FEED(&f, IAC DO "\x01" IAC DO "\x03" IAC WONT "\x22" IAC WILL "\x1f"
	    IAC SB "\x1f\x00\x50\x00\x18" IAC SE);
	assert_int_equal(f.reply.len, 0);
	assert_int_equal(f.data.len, 0);
	assert_true(f.resized);
	assert_int_equal(f.t.width, 80);
	assert_int_equal(f.t.height, 24);
	assert_int_equal(f.t.us[TELNET_OPT_ECHO], TELNET_Q_YES);
	assert_int_equal(f.t.us[TELNET_OPT_SGA], TELNET_Q_YES);
	assert_int_equal(f.t.him[TELNET_OPT_LINEMODE], TELNET_Q_NO);
	assert_int_equal(f.t.him[TELNET_OPT_NAWS], TELNET_Q_YES);
	assert_int_equal(f.t.proto_errors, 0);

	/* Acknowledging again, or repeating settled states: still silence. */
	FEED(&f, IAC DO "\x01" IAC WILL "\x1f" IAC WONT "\x22" IAC DONT "\x22");
	assert_int_equal(f.reply.len, 0);

	/* A client that refuses everything is just as quiet. */
	feed_reset(&f);
	telnet_init(&f.t);
	telnet_start(&f.t, &out);
	FEED(&f, IAC DONT "\x01" IAC DONT "\x03" IAC WONT "\x1f");
	assert_int_equal(f.reply.len, 0);
	assert_int_equal(f.t.us[TELNET_OPT_ECHO], TELNET_Q_NO);
	assert_int_equal(f.t.him[TELNET_OPT_NAWS], TELNET_Q_NO);

	/* WILL LINEMODE crossing our DONT settles it, unanswered. */
	FEED(&f, IAC WILL "\x22");
	assert_int_equal(f.reply.len, 0);
	assert_int_equal(f.t.him[TELNET_OPT_LINEMODE], TELNET_Q_NO);
	assert_int_equal(f.t.proto_errors, 0);
	/* Asked again later, it is a request: refused. */
	FEED(&f, IAC WILL "\x22");
	ASSERT_BYTES(&f.reply, IAC DONT "\x22");
	buf_free(&out);
	feed_free(&f);
}

static void
test_other_options(void **state)
{
	struct feed	 f;

	feed_init(&f);
	/* Options we do not support are refused, each time asked. */
	FEED(&f, IAC DO "\x18");
	ASSERT_BYTES(&f.reply, IAC WONT "\x18");
	feed_reset(&f);
	FEED(&f, IAC WILL "\x18");
	ASSERT_BYTES(&f.reply, IAC DONT "\x18");
	feed_reset(&f);
	/* Turning off what is off, or a refusal's echo, is not answered. */
	FEED(&f, IAC WONT "\x18" IAC DONT "\x18" IAC DONT "\x05");
	assert_int_equal(f.reply.len, 0);
	/* The client may not make us echo it, nor take NAWS from us. */
	FEED(&f, IAC WILL "\x01" IAC DO "\x1f");
	ASSERT_BYTES(&f.reply, IAC DONT "\x01" IAC WONT "\x1f");
	assert_int_equal(f.t.him[TELNET_OPT_ECHO], TELNET_Q_NO);
	assert_int_equal(f.t.us[TELNET_OPT_NAWS], TELNET_Q_NO);
	feed_reset(&f);

	/* What we support is agreed to once, then acknowledged silently. */
	FEED(&f, IAC DO "\x01" IAC DO "\x01" IAC WILL "\x03" IAC WILL "\x03");
	ASSERT_BYTES(&f.reply, IAC WILL "\x01" IAC DO "\x03");
	feed_reset(&f);
	/* Turning off what is on is confirmed, once. */
	FEED(&f, IAC DONT "\x01" IAC DONT "\x01"
	    IAC WONT "\x03" IAC WONT "\x03");
	ASSERT_BYTES(&f.reply, IAC WONT "\x01" IAC DONT "\x03");
	assert_int_equal(f.t.us[TELNET_OPT_ECHO], TELNET_Q_NO);
	assert_int_equal(f.t.him[TELNET_OPT_SGA], TELNET_Q_NO);
	assert_int_equal(f.data.len, 0);
	feed_free(&f);
}

/*
 * A naive RFC 854 client: it answers every request that would change its
 * state and ignores the rest. Whatever it starts with, the exchange must
 * settle within a few rounds.
 */
struct naive {
	bool	 self_on[256];	/* options the client performs */
	bool	 peer_on[256];	/* options the server performs */
};

static void
naive_input(struct naive *c, const struct buf *in, struct buf *out)
{
	size_t	 i;
	uint8_t	 verb, opt, b[3] = { 0xff, 0, 0 };

	for (i = 0; i + 3 <= in->len; i++) {
		if (in->data[i] != 0xff)
			continue;
		verb = in->data[i + 1];
		opt = in->data[i + 2];
		b[2] = opt;
		switch (verb) {
		case 0xfb:	/* WILL */
			if (c->peer_on[opt])
				break;
			c->peer_on[opt] = opt == 1 || opt == 3;
			b[1] = c->peer_on[opt] ? 0xfd : 0xfe;
			buf_put_bytes(out, b, 3);
			break;
		case 0xfc:	/* WONT */
			if (!c->peer_on[opt])
				break;
			c->peer_on[opt] = false;
			b[1] = 0xfe;
			buf_put_bytes(out, b, 3);
			break;
		case 0xfd:	/* DO */
			if (c->self_on[opt])
				break;
			c->self_on[opt] = opt == 0x1f || opt == 0x18;
			b[1] = c->self_on[opt] ? 0xfb : 0xfc;
			buf_put_bytes(out, b, 3);
			break;
		case 0xfe:	/* DONT */
			if (!c->self_on[opt])
				break;
			c->self_on[opt] = false;
			b[1] = 0xfc;
			buf_put_bytes(out, b, 3);
			break;
		}
		i += 2;
	}
}

static void
test_no_loop_with_naive_client(void **state)
{
	struct feed	 f;
	struct naive	 c;
	struct buf	 to_client = BUF_INIT, to_server = BUF_INIT;
	int		 round;

	memset(&c, 0, sizeof(c));
	feed_init(&f);
	telnet_start(&f.t, &to_client);
	/* The client opens with its own wishes, crossing ours. */
	c.self_on[0x18] = c.self_on[0x1f] = c.self_on[0x22] = true;
	c.peer_on[3] = true;
	buf_put_bytes(&to_server, IAC WILL "\x18" IAC WILL "\x1f"
	    IAC WILL "\x22" IAC DO "\x03", 12);
	for (round = 0; round < 10; round++) {
		naive_input(&c, &to_client, &to_server);
		buf_reset(&to_client);
		if (to_server.len == 0)
			break;
		feed(&f, to_server.data, to_server.len);
		buf_reset(&to_server);
		buf_put_bytes(&to_client, f.reply.data, f.reply.len);
		buf_reset(&f.reply);
		if (to_client.len == 0)
			break;
	}
	assert_true(round < 4);
	assert_int_equal(f.t.us[TELNET_OPT_ECHO], TELNET_Q_YES);
	assert_int_equal(f.t.us[TELNET_OPT_SGA], TELNET_Q_YES);
	assert_int_equal(f.t.him[TELNET_OPT_NAWS], TELNET_Q_YES);
	assert_int_equal(f.t.him[0x18], TELNET_Q_NO);
	assert_int_equal(f.t.him[TELNET_OPT_LINEMODE], TELNET_Q_NO);
	assert_false(c.self_on[0x18]);
	assert_false(c.self_on[0x22]);
	assert_true(c.self_on[0x1f]);
	assert_true(c.peer_on[1]);
	buf_free(&to_client);
	buf_free(&to_server);
	feed_free(&f);
}

static void
test_iac_commands(void **state)
{
	struct feed	 f;

	feed_init(&f);
	FEED(&f, "a" IAC IAC "b");
	ASSERT_BYTES(&f.data, "a\xff" "b");
	feed_reset(&f);

	/* NOP, DM, BRK, AO, GA and a stray SE are ignored. */
	FEED(&f, "x" IAC "\xf1" IAC "\xf2" IAC "\xf3" IAC "\xf5" IAC "\xf9"
	    IAC SE "y");
	ASSERT_BYTES(&f.data, "xy");
	assert_int_equal(f.reply.len, 0);
	feed_reset(&f);

	FEED(&f, IAC "\xf4");			/* IP */
	ASSERT_BYTES(&f.data, "\x03");
	feed_reset(&f);
	FEED(&f, IAC "\xf7" IAC "\xf8");	/* EC, EL */
	ASSERT_BYTES(&f.data, "\x08\x15");
	feed_reset(&f);
	FEED(&f, IAC "\xf6");			/* AYT */
	ASSERT_BYTES(&f.reply, "\r\n[Yes]\r\n");
	assert_int_equal(f.data.len, 0);
	feed_reset(&f);

	/* IAC and a plain byte is no command: both dropped, counted. */
	FEED(&f, IAC "zq");
	ASSERT_BYTES(&f.data, "q");
	assert_int_equal(f.t.proto_errors, 1);
	feed_reset(&f);

	/* Subnegotiation of other options is consumed whole. */
	FEED(&f, "a" IAC SB "\x18\x00" "xterm" IAC IAC IAC SE "b");
	ASSERT_BYTES(&f.data, "ab");
	assert_int_equal(f.reply.len, 0);
	feed_reset(&f);

	/* An SB cut short by another command ends there; the command runs. */
	FEED(&f, IAC SB "\x18" "abc" IAC "\xf4" "d");
	ASSERT_BYTES(&f.data, "\x03" "d");
	assert_int_equal(f.t.proto_errors, 2);
	feed_reset(&f);
	FEED(&f, IAC SB "\x18" "abc" IAC "zd");
	ASSERT_BYTES(&f.data, "d");
	assert_int_equal(f.t.proto_errors, 4);
	feed_free(&f);
}

static void
test_naws(void **state)
{
	struct feed	 f;
	uint8_t		 big[200];
	size_t		 i;

	feed_init(&f);
	FEED(&f, IAC SB "\x1f\x00\x84\x00\x32" IAC SE);
	assert_true(f.resized);
	assert_int_equal(f.t.width, 132);
	assert_int_equal(f.t.height, 50);
	feed_reset(&f);

	/* The same size again is no change. */
	FEED(&f, IAC SB "\x1f\x00\x84\x00\x32" IAC SE);
	assert_false(f.resized);

	/* 0xFF inside SB is doubled. */
	FEED(&f, IAC SB "\x1f\x01" IAC IAC "\x00\x19" IAC SE);
	assert_true(f.resized);
	assert_int_equal(f.t.width, 0x1ff);
	assert_int_equal(f.t.height, 25);
	feed_reset(&f);

	/* Wrong lengths are counted and change nothing. */
	FEED(&f, IAC SB "\x1f\x00\x50\x00" IAC SE);
	FEED(&f, IAC SB "\x1f\x00\x50\x00\x18\x00" IAC SE);
	FEED(&f, IAC SB "\x1f" IAC SE);
	assert_false(f.resized);
	assert_int_equal(f.t.naws_errors, 3);
	assert_int_equal(f.t.width, 0x1ff);

	/* Oversize SB is dropped and counted; parsing goes on after it. */
	big[0] = 0xff;
	big[1] = 0xfa;
	big[2] = 0x1f;
	for (i = 3; i < sizeof(big) - 3; i++)
		big[i] = 'x';
	big[i++] = 0xff;
	big[i++] = 0xf0;
	big[i++] = 'k';
	feed(&f, big, sizeof(big));
	assert_false(f.resized);
	assert_int_equal(f.t.sb_overflows, 1);
	ASSERT_BYTES(&f.data, "k");
	assert_int_equal(f.t.width, 0x1ff);
	feed_free(&f);
}

static void
test_cr_lf(void **state)
{
	struct feed	 f;

	feed_init(&f);
	FEED(&f, "a\r\nb\r\0c\nd\r\r\ne\n\n");
	ASSERT_BYTES(&f.data, "a\rb\rc\nd\r\re\n\n");
	feed_reset(&f);

	/* The LF after CR may arrive in the next read. */
	FEED(&f, "x\r");
	FEED(&f, "\ny");
	ASSERT_BYTES(&f.data, "x\ry");
	feed_reset(&f);

	/* A NUL not after CR is data; a CR LF split by IAC NOP still folds. */
	FEED(&f, "\0" "\r" IAC "\xf1" "\n");
	ASSERT_BYTES(&f.data, "\0\r");
	feed_free(&f);
}

/* One input holding every form, cut at every byte and every pair. */
static const char split_input[] =
    IAC DO "\x01" "ab" IAC IAC "c\r\nd\r\0e" IAC SB "\x1f\x00\x50" IAC IAC
    "\x00\x18" IAC SE IAC WILL "\x18" IAC "\xf6" "f\n" IAC SB "\x18\x01" IAC SE
    IAC "\xf4" IAC SB "\x1f\x01" IAC SE IAC DONT "\x03" IAC "zg\r"
    IAC SB "\x05" "x" IAC "\xf1" "h";

static void
run_split(struct feed *f, size_t a, size_t b)
{
	const uint8_t	*p = (const uint8_t *)split_input;
	size_t		 n = sizeof(split_input) - 1;

	feed_init(f);
	feed(f, p, a);
	feed(f, p + a, b - a);
	feed(f, p + b, n - b);
}

static void
test_split_any_boundary(void **state)
{
	struct feed	 whole, part;
	size_t		 n = sizeof(split_input) - 1, a, b;

	run_split(&whole, 0, 0);
	assert_true(whole.data.len > 0);
	assert_true(whole.reply.len > 0);
	for (a = 0; a <= n; a++) {
		for (b = a; b <= n; b++) {
			run_split(&part, a, b);
			assert_int_equal(part.data.len, whole.data.len);
			assert_memory_equal(part.data.data, whole.data.data,
			    whole.data.len);
			assert_int_equal(part.reply.len, whole.reply.len);
			assert_memory_equal(part.reply.data, whole.reply.data,
			    whole.reply.len);
			assert_int_equal(part.t.width, whole.t.width);
			assert_int_equal(part.t.height, whole.t.height);
			assert_int_equal(part.t.naws_errors,
			    whole.t.naws_errors);
			assert_int_equal(part.t.proto_errors,
			    whole.t.proto_errors);
			assert_memory_equal(part.t.us, whole.t.us, 256);
			assert_memory_equal(part.t.him, whole.t.him, 256);
			feed_free(&part);
		}
	}
	/* And one byte at a time. */
	feed_init(&part);
	for (a = 0; a < n; a++)
		feed(&part, split_input + a, 1);
	assert_int_equal(part.data.len, whole.data.len);
	assert_memory_equal(part.data.data, whole.data.data, whole.data.len);
	feed_free(&part);
	feed_free(&whole);
}

static void
test_output(void **state)
{
	struct buf	 out = BUF_INIT;

	telnet_output(&out, "a\nb\r\nc\n\n", 8);
	ASSERT_BYTES(&out, "a\r\nb\r\nc\r\n\r\n");
	buf_reset(&out);

	telnet_output(&out, "\xff" "x\xff\xff", 4);
	ASSERT_BYTES(&out, "\xff\xff" "x\xff\xff\xff\xff");
	buf_reset(&out);

	/* A CR LF cut between two calls stays CR LF. */
	telnet_output(&out, "line\r", 5);
	telnet_output(&out, "\nnext", 5);
	ASSERT_BYTES(&out, "line\r\nnext");
	buf_reset(&out);

	telnet_output(&out, "\n", 1);
	telnet_output(&out, "", 0);
	telnet_output(&out, "\n", 1);
	ASSERT_BYTES(&out, "\r\n\r\n");
	buf_reset(&out);

	/* Bytes other than LF and 0xFF pass as they are. */
	telnet_output(&out, "\r\0\x08\x07", 4);
	ASSERT_BYTES(&out, "\r\0\x08\x07");
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_bytes),
		cmocka_unit_test(test_client_acks_silent),
		cmocka_unit_test(test_other_options),
		cmocka_unit_test(test_no_loop_with_naive_client),
		cmocka_unit_test(test_iac_commands),
		cmocka_unit_test(test_naws),
		cmocka_unit_test(test_cr_lf),
		cmocka_unit_test(test_split_any_boundary),
		cmocka_unit_test(test_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

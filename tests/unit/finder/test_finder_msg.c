/*
 * Unit tests for the Finder text protocol codec (lib/xrl/finder_msg.c):
 * every Finder message of spec xrl.md §11.8, §14.8 and §14.9, byte for byte,
 * plus round trips and the malformed headers the parser must refuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "finder_msg.h"

#define PYT	"pyt-0123456789abcdef0123456789abcdef@127.0.0.1"
#define HDR_X(seq)	"Finder 0.2\nMsgType x\nSeqNo " #seq "\nMsgData "
#define HDR_R(seq)	"Finder 0.2\nMsgType r\nSeqNo " #seq "\nMsgData "

static int
parse(struct finder_msg *m, const char *s, uint32_t *seq)
{
	char	 err[XRL_ERRBUF];

	err[0] = '\0';
	return finder_msg_parse(m, (const uint8_t *)s, strlen(s), seq, err,
	    sizeof(err));
}

/* Re-emit a parsed message and check it is exactly `want`, framed. */
static void
check_reprint(const struct finder_msg *m, const char *want)
{
	struct buf	 b = BUF_INIT;
	size_t		 n = strlen(want);

	if (m->type == FINDER_MSG_REQUEST)
		assert_true(finder_msg_request(&b, m->seq, &m->xrl));
	else
		assert_true(finder_msg_reply(&b, m->seq, &m->err, &m->args));
	assert_int_equal(b.len, n + 4);
	assert_int_equal(be32_load(b.data), n);
	assert_memory_equal(b.data + 4, want, n);
	buf_free(&b);
}

/* A request: parse, check its head, re-emit byte for byte. */
static void
check_request(const char *s, uint32_t seq, const char *target,
    const char *command, uint32_t nargs)
{
	struct finder_msg	 m;

	assert_int_equal(parse(&m, s, NULL), 0);
	assert_int_equal(m.type, FINDER_MSG_REQUEST);
	assert_int_equal(m.seq, seq);
	assert_string_equal(m.xrl.protocol, "finder");
	assert_string_equal(m.xrl.target, target);
	assert_string_equal(m.xrl.command, command);
	assert_int_equal(m.xrl.args.count, nargs);
	check_reprint(&m, s);
	finder_msg_clear(&m);
}

static const char *
txt(const struct xrl_args *a, const char *name)
{
	const struct xrl_atom	*at = xrl_args_find(a, name);

	assert_non_null(at);
	assert_int_equal(at->type, XRL_TYPE_TXT);
	return at->v.bytes.p ? (const char *)at->v.bytes.p : "";
}

static void
test_vectors_14_9(void **state)
{
	const char		*reg = HDR_X(1001) "finder://finder/finder/0.2/"
	    "register_finder_client?instance_name:txt=rib-1234@127.0.0.1&"
	    "class_name:txt=rib&singleton:bool=false&in_cookie:txt=";
	struct finder_msg	 m;

	check_request(reg, 1001, "finder", "finder/0.2/register_finder_client",
	    4);
	assert_int_equal(parse(&m, reg, NULL), 0);
	assert_string_equal(txt(&m.xrl.args, "instance_name"),
	    "rib-1234@127.0.0.1");
	assert_string_equal(txt(&m.xrl.args, "in_cookie"), "");
	assert_false(xrl_args_find(&m.xrl.args, "singleton")->v.boolean);
	finder_msg_clear(&m);

	/* XORP's test_finder_msgs */
	check_request(HDR_X(1001) "finder://finder/put_sock_in", 1001,
	    "finder", "put_sock_in", 0);

	/* OK reply with arguments */
	assert_int_equal(parse(&m, HDR_R(7) "100 / \nan-int:i32=67&"
	    "an-ipv4:ipv4=10.0.0.1", NULL), 0);
	assert_int_equal(m.type, FINDER_MSG_REPLY);
	assert_int_equal(m.seq, 7);
	assert_int_equal(m.err.code, XRL_OKAY);
	assert_string_equal(m.err.note, "");
	assert_int_equal(m.args.count, 2);
	assert_int_equal(xrl_args_find(&m.args, "an-int")->v.i32, 67);
	check_reprint(&m, HDR_R(7) "100 / \nan-int:i32=67&"
	    "an-ipv4:ipv4=10.0.0.1");
	finder_msg_clear(&m);

	/* Error reply with a note */
	assert_int_equal(parse(&m, HDR_R(1001) "102 / rib-1234@127.0.0.1+"
	    "already+registered.\n", NULL), 0);
	assert_int_equal(m.err.code, XRL_COMMAND_FAILED);
	assert_string_equal(m.err.note, "rib-1234@127.0.0.1 already "
	    "registered.");
	assert_int_equal(m.args.count, 0);
	check_reprint(&m, HDR_R(1001) "102 / rib-1234@127.0.0.1+already+"
	    "registered.\n");
	finder_msg_clear(&m);
}

/* §14.9: the 206-byte registration of §11.8 is framed as 00 00 00 ce. */
static void
test_framing(void **state)
{
	const char	*body = HDR_X(1) "finder://finder/finder/0.2/"
	    "register_finder_client?instance_name:txt=" PYT "&class_name:txt="
	    "pyt&singleton:bool=false&in_cookie:txt=";
	const uint8_t	 head[] = { 0x00, 0x00, 0x00, 0xce, 0x46, 0x69, 0x6e,
	    0x64, 0x65, 0x72, 0x20, 0x30, 0x2e, 0x32, 0x0a };
	struct finder_msg m;
	struct buf	 b = BUF_INIT;

	assert_int_equal(strlen(body), 206);
	assert_int_equal(parse(&m, body, NULL), 0);
	assert_true(finder_msg_request(&b, 1, &m.xrl));
	assert_int_equal(b.len, 210);
	assert_memory_equal(b.data, head, sizeof(head));
	assert_memory_equal(b.data + 4, body, 206);
	/* Messages append: a second one follows the first. */
	assert_true(finder_msg_request(&b, 2, &m.xrl));
	assert_int_equal(b.len, 420);
	assert_int_equal(be32_load(b.data + 210), 206);
	assert_memory_equal(b.data + 214, "Finder 0.2\nMsgType x\nSeqNo 2\n",
	    29);
	buf_free(&b);
	finder_msg_clear(&m);
}

/* Every message of the live transcript (§11.8). */
static void
test_transcript_11_8(void **state)
{
	struct finder_msg	 m;
	const char		*s;

	check_request(HDR_X(1) "finder://finder/finder/0.2/"
	    "register_finder_client?instance_name:txt=" PYT
	    "&class_name:txt=pyt&singleton:bool=false&in_cookie:txt=", 1,
	    "finder", "finder/0.2/register_finder_client", 4);

	s = HDR_R(1) "100 / \nout_cookie:txt=1e1bcc684557220c";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_string_equal(txt(&m.args, "out_cookie"), "1e1bcc684557220c");
	check_reprint(&m, s);
	finder_msg_clear(&m);

	s = HDR_X(2) "finder://finder/finder/0.2/add_xrl?xrl:txt=finder://"
	    PYT "/common/0.1/get_target_name&protocol_name:txt=stcp&"
	    "protocol_args:txt=127.0.0.1:45678";
	check_request(s, 2, "finder", "finder/0.2/add_xrl", 3);
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_string_equal(txt(&m.xrl.args, "xrl"), "finder://" PYT
	    "/common/0.1/get_target_name");
	assert_string_equal(txt(&m.xrl.args, "protocol_args"),
	    "127.0.0.1:45678");
	finder_msg_clear(&m);

	s = HDR_R(2) "100 / \nresolved_xrl_method_name:txt=common/0.1/"
	    "get_target_name-1e1bcc693a31b607";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_string_equal(txt(&m.args, "resolved_xrl_method_name"),
	    "common/0.1/get_target_name-1e1bcc693a31b607");
	check_reprint(&m, s);
	finder_msg_clear(&m);

	check_request(HDR_X(3) "finder://finder/finder/0.2/"
	    "set_finder_client_enabled?instance_name:txt=" PYT
	    "&enabled:bool=true", 3, "finder",
	    "finder/0.2/set_finder_client_enabled", 2);

	s = HDR_R(3) "100 / \n";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_int_equal(m.err.code, XRL_OKAY);
	assert_int_equal(m.args.count, 0);
	check_reprint(&m, s);
	finder_msg_clear(&m);

	check_request(HDR_X(4) "finder://finder/finder/0.2/resolve_xrl?"
	    "xrl:txt=finder://pyt/common/0.1/get_target_name", 4, "finder",
	    "finder/0.2/resolve_xrl", 1);

	s = HDR_R(4) "100 / \nresolutions:list=:txt=stcp://127.0.0.1:45678/"
	    "common/0.1/get_target_name-1e1bcc693a31b607";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_int_equal(m.args.count, 1);
	assert_int_equal(m.args.atoms[0].type, XRL_TYPE_LIST);
	assert_int_equal(m.args.atoms[0].v.list->count, 1);
	assert_string_equal((const char *)m.args.atoms[0].v.list->atoms[0].
	    v.bytes.p, "stcp://127.0.0.1:45678/common/0.1/"
	    "get_target_name-1e1bcc693a31b607");
	check_reprint(&m, s);
	finder_msg_clear(&m);

	check_request(HDR_X(5) "finder://finder/finder/0.2/resolve_xrl?"
	    "xrl:txt=finder://pyt/common/0.1/get_version", 5, "finder",
	    "finder/0.2/resolve_xrl", 1);

	s = HDR_R(5) "102 / Xrl+does+not+resolve:+finder://pyt/common/0.1/"
	    "get_version\n";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_int_equal(m.err.code, XRL_COMMAND_FAILED);
	assert_string_equal(m.err.note, "Xrl does not resolve: "
	    "finder://pyt/common/0.1/get_version");
	check_reprint(&m, s);
	finder_msg_clear(&m);

	s = HDR_R(1) "102 / pyt2-y@127.0.0.1+already+registered.\n";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_string_equal(m.err.note, "pyt2-y@127.0.0.1 already registered.");
	check_reprint(&m, s);
	finder_msg_clear(&m);

	/* What the Finder sent A when B's socket closed. */
	check_request(HDR_X(1001) "finder://pyt2-x@127.0.0.1/finder_client/0.2/"
	    "remove_xrls_for_target_from_cache?target_name:txt="
	    "pyt2-x@127.0.0.1", 1001, "pyt2-x@127.0.0.1",
	    "finder_client/0.2/remove_xrls_for_target_from_cache", 1);
	check_request(HDR_X(1002) "finder://pyt2/finder_client/0.2/"
	    "remove_xrls_for_target_from_cache?target_name:txt=pyt2", 1002,
	    "pyt2", "finder_client/0.2/remove_xrls_for_target_from_cache", 1);
	s = HDR_X(1003) "finder://" PYT "/finder_client/0.2/"
	    "dispatch_tunneled_xrl?xrl:txt=finder://" PYT
	    "/finder_event_observer/0.1/xrl_target_death-1e1bcc6b576e7b63?"
	    "target_class:txt%3Dpyt2%26target_instance:txt%3Dpyt2-x@127.0.0.1";
	check_request(s, 1003, PYT, "finder_client/0.2/dispatch_tunneled_xrl",
	    1);
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_string_equal(txt(&m.xrl.args, "xrl"), "finder://" PYT
	    "/finder_event_observer/0.1/xrl_target_death-1e1bcc6b576e7b63?"
	    "target_class:txt=pyt2&target_instance:txt=pyt2-x@127.0.0.1");
	finder_msg_clear(&m);

	/* The answer a client gives a tunneled call (§11.6). */
	s = HDR_R(1003) "100 / \nxrl_error:u32=100&xrl_error_note:txt=";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_int_equal(xrl_args_find(&m.args, "xrl_error")->v.u32, 100);
	check_reprint(&m, s);
	finder_msg_clear(&m);
}

/* §14.8, vectors 56-59, as carried in Finder messages. */
static void
test_vectors_14_8(void **state)
{
	struct finder_msg	 m;
	const char		*s;

	check_request(HDR_X(1001) "finder://finder/finder/0.2/resolve_xrl?"
	    "xrl:txt=finder://pyt/common/0.1/get_target_name", 1001, "finder",
	    "finder/0.2/resolve_xrl", 1);

	s = HDR_R(1001) "100 / \nresolutions:list=:txt=unix://:var:tmp:"
	    "xrl.RJyWjq/rib/0.1/add_route4-1e1bcc8b5f520f85,:txt=unix://:var:"
	    "tmp:xrl.ZDAXrJ/rib/0.1/add_route4-1e1bccc92aacfc00";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_int_equal(m.args.atoms[0].v.list->count, 2);
	assert_string_equal((const char *)m.args.atoms[0].v.list->atoms[1].
	    v.bytes.p, "unix://:var:tmp:xrl.ZDAXrJ/rib/0.1/"
	    "add_route4-1e1bccc92aacfc00");
	check_reprint(&m, s);
	finder_msg_clear(&m);

	s = HDR_X(1002) "finder://pyt-1@127.0.0.1/finder_client/0.2/"
	    "dispatch_tunneled_xrl?xrl:txt=finder://pyt-1@127.0.0.1/"
	    "finder_event_observer/0.1/xrl_target_birth-1e1bcc6a09ec8c12?"
	    "target_class:txt%3Dpyt2%26target_instance:txt%3Dpyt2-x@127.0.0.1";
	check_request(s, 1002, "pyt-1@127.0.0.1",
	    "finder_client/0.2/dispatch_tunneled_xrl", 1);
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_string_equal(txt(&m.xrl.args, "xrl"), "finder://pyt-1@127.0.0.1/"
	    "finder_event_observer/0.1/xrl_target_birth-1e1bcc6a09ec8c12?"
	    "target_class:txt=pyt2&target_instance:txt=pyt2-x@127.0.0.1");
	finder_msg_clear(&m);

	s = HDR_R(9) "100 / \nstatus:u32=3&reason:txt=Ready";
	assert_int_equal(parse(&m, s, NULL), 0);
	check_reprint(&m, s);
	finder_msg_clear(&m);
	s = HDR_R(9) "100 / \nipv4s:list=:ipv4=127.0.0.1,:ipv4=192.0.2.2";
	assert_int_equal(parse(&m, s, NULL), 0);
	check_reprint(&m, s);
	finder_msg_clear(&m);
	s = HDR_R(9) "100 / \nipv4_unicast_protocols:list=:txt=connected&"
	    "ipv6_unicast_protocols:list=&ipv4_multicast_protocols:list=&"
	    "ipv6_multicast_protocols:list=";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_int_equal(m.args.count, 4);
	check_reprint(&m, s);
	finder_msg_clear(&m);
	s = HDR_R(9) "202 / \n";
	assert_int_equal(parse(&m, s, NULL), 0);
	assert_int_equal(m.err.code, XRL_NO_SUCH_METHOD);
	check_reprint(&m, s);
	finder_msg_clear(&m);
}

/* Build from values, then parse back. */
static void
test_round_trip(void **state)
{
	struct xrl		 x;
	struct xrl_error	 e;
	struct xrl_args		 a = XRL_ARGS_INIT;
	struct finder_msg	 m;
	struct buf		 b = BUF_INIT;

	xrl_init(&x);
	assert_int_equal(xrl_set(&x, "finder", "oxo",
	    "finder_client/0.2/hello"), 0);
	assert_true(finder_msg_request(&b, UINT32_MAX, &x));
	assert_int_equal(finder_msg_parse(&m, b.data + 4, b.len - 4, NULL,
	    NULL, 0), 0);
	assert_int_equal(m.seq, UINT32_MAX);
	assert_string_equal(m.xrl.target, "oxo");
	assert_string_equal(m.xrl.command, "finder_client/0.2/hello");
	finder_msg_clear(&m);
	xrl_clear(&x);

	/* A note with every awkward byte survives the escaping. */
	buf_reset(&b);
	xrl_error_set(&e, XRL_COMMAND_FAILED, "a b\nc&d=e%%f+g\t/ h");
	assert_true(finder_msg_reply(&b, 0, &e, NULL));
	assert_non_null(buf_cstr(&b));
	assert_non_null(strstr((char *)b.data + 4, "MsgData 102 / a+b%0Ac%26d"
	    "%3De%25f%2Bg%09/+h\n"));
	assert_int_equal(finder_msg_parse(&m, b.data + 4, b.len - 4, NULL,
	    NULL, 0), 0);
	assert_int_equal(m.seq, 0);
	assert_int_equal(m.err.code, XRL_COMMAND_FAILED);
	assert_string_equal(m.err.note, "a b\nc&d=e%f+g\t/ h");
	finder_msg_clear(&m);

	/* Args on an OK reply, none on an error one given NULL. */
	buf_reset(&b);
	assert_int_equal(xrl_args_add_u32(&a, "n", 7), 0);
	assert_int_equal(xrl_args_add_txt(&a, "t", "x y"), 0);
	xrl_error_ok(&e);
	assert_true(finder_msg_reply(&b, 12, &e, &a));
	assert_int_equal(finder_msg_parse(&m, b.data + 4, b.len - 4, NULL,
	    NULL, 0), 0);
	assert_true(xrl_args_equal(&m.args, &a));
	finder_msg_clear(&m);
	xrl_args_clear(&a);
	buf_free(&b);
}

/* Nothing over FINDER_MSG_MAX is built, and nothing is appended then. */
static void
test_too_large(void **state)
{
	static char		 big[FINDER_MSG_MAX];
	struct xrl		 x;
	struct buf		 b = BUF_INIT;
	struct finder_msg	 m;
	uint8_t			*raw;
	size_t			 fixed, fill;

	xrl_init(&x);
	assert_int_equal(xrl_set(&x, "finder", "t", "m"), 0);
	/* Work out the overhead, then fill to exactly the limit. */
	assert_true(finder_msg_request(&b, 1, &x));
	fixed = b.len - 4 + strlen("?a:txt=");
	fill = FINDER_MSG_MAX - fixed;
	memset(big, 'a', fill);
	big[fill] = '\0';
	assert_int_equal(xrl_args_add_txt(&x.args, "a", big), 0);
	buf_reset(&b);
	assert_true(finder_msg_request(&b, 1, &x));
	assert_int_equal(b.len, FINDER_MSG_MAX + 4);
	/* The parser takes a body of exactly the limit. */
	assert_int_equal(finder_msg_parse(&m, b.data + 4, b.len - 4, NULL,
	    NULL, 0), 0);
	finder_msg_clear(&m);

	xrl_args_clear(&x.args);
	big[fill] = 'a';
	big[fill + 1] = '\0';
	assert_int_equal(xrl_args_add_txt(&x.args, "a", big), 0);
	buf_reset(&b);
	assert_true(buf_put_str(&b, "keep"));
	assert_false(finder_msg_request(&b, 1, &x));
	assert_true(buf_ok(&b));
	assert_int_equal(b.len, 4);		/* untouched */
	assert_memory_equal(b.data, "keep", 4);
	xrl_clear(&x);

	/* A body over the limit is refused by the parser too. */
	raw = calloc(1, FINDER_MSG_MAX + 1);
	assert_non_null(raw);
	memcpy(raw, HDR_X(1) "finder://t/m", strlen(HDR_X(1) "finder://t/m"));
	assert_int_equal(finder_msg_parse(&m, raw, FINDER_MSG_MAX + 1, NULL,
	    NULL, 0), -1);
	free(raw);
	buf_free(&b);
}

/* Headers: strict lines, exact version, one-letter type, plain decimals. */
static void
test_bad_headers(void **state)
{
	static const char *const bad[] = {
		"",
		"Finder 0.2",
		"Finder 0.2\n",
		"Finder 0.3\nMsgType x\nSeqNo 1\nMsgData finder://t/m",
		"Finder 1.2\nMsgType x\nSeqNo 1\nMsgData finder://t/m",
		"Finder 0.20\nMsgType x\nSeqNo 1\nMsgData finder://t/m",
		"finder 0.2\nMsgType x\nSeqNo 1\nMsgData finder://t/m",
		"Finder  0.2\nMsgType x\nSeqNo 1\nMsgData finder://t/m",
		"Finder 0.2\r\nMsgType x\r\nSeqNo 1\r\nMsgData finder://t/m",
		"Finder 0.2\nMsgType z\nSeqNo 1\nMsgData finder://t/m",
		"Finder 0.2\nMsgType X\nSeqNo 1\nMsgData finder://t/m",
		"Finder 0.2\nMsgType xx\nSeqNo 1\nMsgData finder://t/m",
		"Finder 0.2\nMsgType \nSeqNo 1\nMsgData finder://t/m",
		"Finder 0.2\nmsgtype x\nSeqNo 1\nMsgData finder://t/m",
		"Finder 0.2\nSeqNo 1\nMsgType x\nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo \nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo -1\nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo +1\nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 01\nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 1a\nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 0x10\nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo  1\nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 1 \nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 4294967296\nMsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 99999999999999999999999\n"
		    "MsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 1\nMsgData",
		"Finder 0.2\nMsgType x\nSeqNo 1\nMsgdata finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 1\n MsgData finder://t/m",
		"Finder 0.2\nMsgType x\nSeqNo 1",
	};
	struct finder_msg	 m;
	char			 err[XRL_ERRBUF];
	uint32_t		 seq;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		seq = 77;
		err[0] = '\0';
		if (finder_msg_parse(&m, (const uint8_t *)bad[i],
		    strlen(bad[i]), &seq, err, sizeof(err)) != -1)
			fail_msg("accepted header %zu: %s", i, bad[i]);
		assert_int_equal(seq, 77);	/* no seq from a bad header */
		assert_int_equal(m.type, 0);
		assert_true(err[0] != '\0');
		finder_msg_clear(&m);
	}
	/* The largest seq is fine. */
	assert_int_equal(parse(&m, "Finder 0.2\nMsgType x\nSeqNo 4294967295\n"
	    "MsgData finder://t/m", NULL), 0);
	assert_int_equal(m.seq, UINT32_MAX);
	finder_msg_clear(&m);
	assert_int_equal(parse(&m, "Finder 0.2\nMsgType x\nSeqNo 0\n"
	    "MsgData finder://t/m", NULL), 0);
	finder_msg_clear(&m);
}

/* A good header with a bad body: the seq comes back so it can be answered. */
static void
test_bad_bodies(void **state)
{
	static const char *const badreq[] = {
		"finder://t",
		"finder://t/",
		"",
		"finder://t/m?a:u32=x",
		"finder://t/m?bad.name:u32=1",
		"finder://t/m?a:txt=%zz",
		"finder://t/m\n",		/* requests end without \n */
		"finder://t/m?a:u32=1&a:u32=2",
	};
	static const char *const badrep[] = {
		"",
		"100",
		"100 /",
		"100 / ",			/* no newline after the note */
		"100 /\n",
		"100/ \n",
		"x00 / \n",
		"-1 / \n",
		"4294967296 / \n",
		"100 / %zz\n",
		"100 / \nn:u32=-1",
		"100 / \nn:frob=1",
	};
	struct finder_msg	 m;
	struct buf		 b = BUF_INIT;
	char			 err[XRL_ERRBUF];
	uint32_t		 seq;
	size_t			 i;

	for (i = 0; i < sizeof(badreq) / sizeof(badreq[0]); i++) {
		buf_reset(&b);
		buf_printf(&b, HDR_X(4242) "%s", badreq[i]);
		seq = 0;
		err[0] = '\0';
		if (finder_msg_parse(&m, b.data, b.len, &seq, err,
		    sizeof(err)) != -1)
			fail_msg("accepted request body %zu: %s", i, badreq[i]);
		assert_int_equal(seq, 4242);
		assert_int_equal(m.type, FINDER_MSG_REQUEST);
		assert_true(err[0] != '\0');
		assert_null(m.xrl.command);
		finder_msg_clear(&m);
	}
	for (i = 0; i < sizeof(badrep) / sizeof(badrep[0]); i++) {
		buf_reset(&b);
		buf_printf(&b, HDR_R(17) "%s", badrep[i]);
		seq = 0;
		if (finder_msg_parse(&m, b.data, b.len, &seq, NULL, 0) != -1)
			fail_msg("accepted reply body %zu: %s", i, badrep[i]);
		assert_int_equal(seq, 17);
		assert_int_equal(m.type, FINDER_MSG_REPLY);
		assert_int_equal(m.args.count, 0);
		finder_msg_clear(&m);
	}
	buf_free(&b);
}

/* Codes outside the table become INTERNAL_ERROR (§6). */
static void
test_unknown_code(void **state)
{
	struct finder_msg	 m;

	assert_int_equal(parse(&m, HDR_R(3) "999 / oops\n", NULL), 0);
	assert_int_equal(m.err.code, XRL_INTERNAL_ERROR);
	assert_non_null(strstr(m.err.note, "Errorcode 999 unknown"));
	finder_msg_clear(&m);
	assert_int_equal(parse(&m, HDR_R(3) "211 / \n", NULL), 0);
	assert_int_equal(m.err.code, XRL_REPLY_TIMED_OUT);
	finder_msg_clear(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_14_9),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_transcript_11_8),
		cmocka_unit_test(test_vectors_14_8),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_unknown_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

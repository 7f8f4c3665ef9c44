/*
 * DOC: the packed form (spec §10.1, §10.2): the byte vectors of §14.9, the
 * 144-byte packed XRL, pack/unpack round trips for every type, and the
 * unpacker's refusals of hostile input (truncation at every byte, bad
 * magic, types, counts, depth, trailing bytes, mixed lists).
 */
#include <arpa/inet.h>
#include <math.h>

#include "xrl_test.h"

static void
pack_atom_is(const char *text, const char *hex)
{
	struct xrl_atom	 a;
	struct xrl_args	 args = XRL_ARGS_INIT, back;
	struct buf	 b = BUF_INIT;
	uint8_t		 want[256];
	size_t		 n = xt_hex(hex, want, sizeof(want));
	char		 err[XRL_ERRBUF] = "";

	if (xrl_atom_parse(&a, text, strlen(text), err, sizeof(err)) != 0)
		fail_msg("parse \"%s\": %s", text, err);
	assert_true(xrl_atom_pack(&a, &b));
	xt_bytes_equal(b.data, b.len, want, n);

	/* Wrapped in a list header it unpacks to the same atom. */
	assert_int_equal(xrl_args_add_atom(&args, &a), 0);
	buf_reset(&b);
	assert_true(xrl_args_pack(&args, &b));
	assert_int_equal(b.data[0], 0xcc);
	assert_int_equal(b.data[3], 1);
	xt_bytes_equal(b.data + 4, b.len - 4, want, n);
	if (xrl_args_unpack(&back, b.data, b.len, err, sizeof(err)) != 0)
		fail_msg("unpack \"%s\": %s", text, err);
	assert_true(xrl_args_equal(&args, &back));
	xrl_args_clear(&back);
	xrl_args_clear(&args);
	xrl_atom_clear(&a);
	buf_free(&b);
}

static void
pack_atoms(void **state)
{
	pack_atom_is("b:bool=true", "ca 00 01 62 01");
	pack_atom_is("n:i32=-42", "c1 00 01 6e ff ff ff d6");
	pack_atom_is("a:ipv4=192.0.2.1", "c3 00 01 61 c0 00 02 01");
	pack_atom_is("n4:ipv4net=10.0.0.0/8", "c4 00 02 6e 34 0a 00 00 00 08");
	pack_atom_is("n6:ipv6net=2001:db8::/32",
	    "c6 00 02 6e 36 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 00 20");
	pack_atom_is("m:mac=aa:bb:cc:dd:ee:ff", "c7 00 01 6d 00 00 00 11"
	    "61 61 3a 62 62 3a 63 63 3a 64 64 3a 65 65 3a 66 66");
	pack_atom_is("t:txt=hello+world", "c8 00 01 74 00 00 00 0b"
	    "68 65 6c 6c 6f 20 77 6f 72 6c 64");
	pack_atom_is("f:fp64=0X1.4P%2B1", "ce 00 01 66 40 04 00 00 00 00 00 00");
	pack_atom_is("f:fp64=0X1P%2B0", "ce 00 01 66 3f f0 00 00 00 00 00 00");
	pack_atom_is("lst:list=:u32=1,:u32=2,:u32=3",
	    "c9 00 03 6c 73 74 00 00 00 03 42 00 00 00 01 42 00 00 00 02"
	    "42 00 00 00 03");
	pack_atom_is("nodata:u32", "82 00 06 6e 6f 64 61 74 61");
	pack_atom_is(":u32=7", "42 00 00 00 07");
	/* MAC text is packed without zero padding, as it prints. */
	pack_atom_is("m:mac=00:01:02:03:04:0a", "c7 00 01 6d 00 00 00 0b"
	    "30 3a 31 3a 32 3a 33 3a 34 3a 61");
}

static const char packed_add_route4[] =
    "cc 00 00 08 48 00 00 00 1f 66 69 6e 64 65 72 3a 2f 2f 72 69 62 2f 72 69"
    "62 2f 30 2e 31 2f"
    "61 64 64 5f 72 6f 75 74 65 34 c8 00 08 70 72 6f 74 6f 63 6f 6c 00 00 00"
    "06 73 74 61 74 69"
    "63 ca 00 07 75 6e 69 63 61 73 74 01 ca 00 09 6d 75 6c 74 69 63 61 73 74"
    "00 c4 00 07 6e 65"
    "74 77 6f 72 6b 0a 01 00 00 10 c3 00 07 6e 65 78 74 68 6f 70 c0 a8 00 01"
    "c2 00 06 6d 65 74"
    "72 69 63 00 00 00 01 c9 00 0a 70 6f 6c 69 63 79 74 61 67 73 00 00 00 00";

static void
pack_xrl_144(void **state)
{
	struct xrl	 x;
	struct xrl_args	 args;
	struct buf	 b = BUF_INIT, hb = BUF_INIT;
	uint8_t		 want[256];
	size_t		 n = xt_hex(packed_add_route4, want, sizeof(want));
	const char	*head, *s = "finder://rib/rib/0.1/add_route4?"
	    "protocol:txt=static&unicast:bool=true&multicast:bool=false"
	    "&network:ipv4net=10.1.0.0/16&nexthop:ipv4=192.168.0.1"
	    "&metric:u32=1&policytags:list=";
	size_t		 headlen;

	assert_int_equal(n, 144);
	assert_int_equal(xrl_parse(&x, s, strlen(s), NULL, 0), 0);
	assert_true(xrl_print_head(&x, &hb));
	assert_true(xrl_pack((char *)hb.data, hb.len, &x.args, &b));
	xt_bytes_equal(b.data, b.len, want, n);

	assert_int_equal(xrl_unpack(want, n, &head, &headlen, &args, NULL, 0),
	    0);
	/* The head is not copied: it points into the input. */
	assert_ptr_equal(head, (const char *)want + 9);
	assert_int_equal(headlen, 31);
	assert_memory_equal(head, "finder://rib/rib/0.1/add_route4", 31);
	assert_true(xrl_args_equal(&args, &x.args));
	xrl_args_clear(&args);
	/* A packed XRL is an argument list whose first atom is the head. */
	assert_int_equal(xrl_args_unpack(&args, want, n, NULL, 0), 0);
	assert_int_equal(args.count, 8);
	assert_null(args.atoms[0].name);
	assert_int_equal(args.atoms[0].type, XRL_TYPE_TXT);
	assert_string_equal((char *)args.atoms[0].v.bytes.p,
	    "finder://rib/rib/0.1/add_route4");
	xrl_args_clear(&args);
	xrl_clear(&x);
	buf_free(&b);
	buf_free(&hb);
}

/* STCP-independent parts of §14.9: reply payloads. */
static void
pack_reply_payloads(void **state)
{
	const char	 name[] = "xorp_rib-0123456789abcdef0123456789a@127.0.0.1";
	struct xrl_args	 args = XRL_ARGS_INIT, back;
	struct buf	 b = BUF_INIT;
	uint8_t		 want[128];
	size_t		 n;

	assert_int_equal(strlen(name), 46);
	assert_true(xrl_args_pack(&args, &b));
	n = xt_hex("cc 00 00 00", want, sizeof(want));
	xt_bytes_equal(b.data, b.len, want, n);
	assert_int_equal(xrl_args_unpack(&back, b.data, b.len, NULL, 0), 0);
	assert_int_equal(back.count, 0);

	buf_reset(&b);
	assert_int_equal(xrl_args_add_txt(&args, "name", name), 0);
	assert_true(xrl_args_pack(&args, &b));
	n = xt_hex("cc 00 00 01 c8 00 04 6e 61 6d 65 00 00 00 2e", want,
	    sizeof(want));
	memcpy(want + n, name, 46);
	xt_bytes_equal(b.data, b.len, want, n + 46);
	assert_int_equal(b.len, 61);
	assert_int_equal(xrl_args_unpack(&back, b.data, b.len, NULL, 0), 0);
	assert_true(xrl_args_equal(&args, &back));
	xrl_args_clear(&back);
	xrl_args_clear(&args);
	buf_free(&b);
}

/* Every type, named and not, dataless, lists (nested in packed form). */
static void
build_all_types(struct xrl_args *a)
{
	struct in_addr	 v4 = { .s_addr = htonl(0xc0000201) };
	struct prefix4	 p4 = { .addr = { htonl(0x0a0000ff) }, .len = 8 };
	struct in6_addr	 v6 = IN6ADDR_LOOPBACK_INIT;
	struct prefix6	 p6 = { .addr = IN6ADDR_LOOPBACK_INIT, .len = 127 };
	struct mac	 m = { { 0, 0xab, 0x10, 0x11, 0x12, 0x13 } };
	const uint8_t	 bin[] = { 0, 1, 2, 0xff, '&', ',' };
	struct xrl_args	*l;
	struct xrl_atom	*at;

	xrl_args_init(a);
	assert_int_equal(xrl_args_add_i32(a, "i32", INT32_MIN), 0);
	assert_int_equal(xrl_args_add_u32(a, "u32", UINT32_MAX), 0);
	assert_int_equal(xrl_args_add_ipv4(a, "ipv4", &v4), 0);
	assert_int_equal(xrl_args_add_ipv4net(a, "ipv4net", &p4), 0);
	assert_int_equal(xrl_args_add_ipv6(a, "ipv6", &v6), 0);
	assert_int_equal(xrl_args_add_ipv6net(a, "ipv6net", &p6), 0);
	assert_int_equal(xrl_args_add_mac(a, "mac", &m), 0);
	assert_int_equal(xrl_args_add_txt_len(a, "txt", "a\0b,c&d", 7), 0);
	assert_int_equal(xrl_args_add_bool(a, "bool", true), 0);
	assert_int_equal(xrl_args_add_binary(a, "binary", bin, sizeof(bin)),
	    0);
	assert_int_equal(xrl_args_add_i64(a, "i64", INT64_MIN), 0);
	assert_int_equal(xrl_args_add_u64(a, "u64", UINT64_MAX), 0);
	assert_int_equal(xrl_args_add_fp64(a, "fp64", -0.1), 0);
	assert_int_equal(xrl_args_add_fp64(a, "inf", INFINITY), 0);
	assert_int_equal(xrl_args_add_txt(a, NULL, "unnamed"), 0);
	assert_int_equal(xrl_args_add_u32(a, "", 5), 0);	/* unnamed */
	assert_non_null(l = xrl_args_add_list(a, "list"));
	assert_int_equal(xrl_args_add_txt(l, NULL, "x, y"), 0);
	assert_int_equal(xrl_args_add_txt(l, "named", ""), 0);
	assert_non_null(xrl_args_add_list(a, "empty"));
	assert_non_null(at = xrl_args_add(a, "dataless", XRL_TYPE_IPV6NET));
	at->has_data = false;
	assert_non_null(at = xrl_args_add(a, "dataless_list", XRL_TYPE_LIST));
	at->has_data = false;
	assert_int_equal(xrl_args_add_bool(a, "false", false), 0);
}

static void
pack_round_trip(void **state)
{
	struct xrl_args	 a, b, *l, *l2;
	struct buf	 p = BUF_INIT, q = BUF_INIT;
	const char	*head;
	size_t		 headlen;
	char		 err[XRL_ERRBUF] = "";

	build_all_types(&a);
	assert_true(xrl_args_pack(&a, &p));
	if (xrl_args_unpack(&b, p.data, p.len, err, sizeof(err)) != 0)
		fail_msg("unpack: %s", err);
	assert_true(xrl_args_equal(&a, &b));
	assert_true(xrl_args_pack(&b, &q));
	xt_bytes_equal(q.data, q.len, p.data, p.len);
	xrl_args_clear(&b);

	buf_reset(&p);
	assert_true(xrl_pack("stcp://127.0.0.1:1/a/1.0/b", 26, &a, &p));
	if (xrl_unpack(p.data, p.len, &head, &headlen, &b, err,
	    sizeof(err)) != 0)
		fail_msg("unpack xrl: %s", err);
	assert_int_equal(headlen, 26);
	assert_memory_equal(head, "stcp://127.0.0.1:1/a/1.0/b", 26);
	assert_true(xrl_args_equal(&a, &b));
	xrl_args_clear(&b);
	xrl_args_clear(&a);

	/* Nested lists exist only in packed form, up to the depth limit. */
	xrl_args_init(&a);
	l = xrl_args_add_list(&a, "deep");
	for (int i = 1; i < XRL_PACK_MAX_DEPTH; i++) {
		assert_non_null(l2 = xrl_args_add_list(l, NULL));
		l = l2;
	}
	assert_int_equal(xrl_args_add_u32(l, NULL, 42), 0);
	buf_reset(&p);
	assert_true(xrl_args_pack(&a, &p));
	assert_int_equal(xrl_args_unpack(&b, p.data, p.len, err, sizeof(err)),
	    0);
	assert_true(xrl_args_equal(&a, &b));
	xrl_args_clear(&b);
	/* One more level is refused by both sides. */
	assert_non_null(l2 = xrl_args_add_list(l, NULL));
	buf_reset(&p);
	assert_false(xrl_args_pack(&a, &p));
	xrl_args_clear(&a);
	buf_free(&p);
	buf_free(&q);
}

/* Every type survives text too: print(parse(print(a))) == print(a). */
static void
text_round_trip(void **state)
{
	struct xrl_args	 a, b;
	struct xrl_atom	*at;
	char		*s, *t, err[XRL_ERRBUF] = "";
	uint32_t	 i;

	build_all_types(&a);
	s = xt_print_args(&a);
	if (xrl_args_parse(&b, s, strlen(s), err, sizeof(err)) != 0)
		fail_msg("parse \"%s\": %s", s, err);
	assert_true(xrl_args_equal(&a, &b));
	t = xt_print_args(&b);
	assert_string_equal(s, t);
	free(s);
	free(t);
	xrl_args_clear(&b);
	/* NaN prints as NAN and reads back as a NaN. */
	for (i = 0; i < a.count; i++)
		if (a.atoms[i].type == XRL_TYPE_FP64)
			a.atoms[i].v.fp64 = NAN;
	at = xrl_args_add(&a, "neg_nan", XRL_TYPE_FP64);
	at->v.fp64 = -NAN;
	s = xt_print_args(&a);
	assert_non_null(strstr(s, "fp64:fp64=NAN&"));
	assert_non_null(strstr(s, "neg_nan:fp64=-NAN"));
	assert_int_equal(xrl_args_parse(&b, s, strlen(s), NULL, 0), 0);
	assert_true(xrl_args_equal(&a, &b));
	free(s);
	xrl_args_clear(&b);
	xrl_args_clear(&a);
}

static void
unpack_bad(const uint8_t *p, size_t n, const char *why)
{
	struct xrl_args	 a;
	char		 err[XRL_ERRBUF] = "";

	if (xrl_args_unpack(&a, p, n, err, sizeof(err)) == 0)
		fail_msg("unpacked but must not: %s", why);
	assert_true(err[0] != '\0');
	assert_int_equal(a.count, 0);
	assert_null(a.atoms);
}

static void
unpack_bad_hex(const char *hex, const char *why)
{
	uint8_t	 p[256];

	unpack_bad(p, xt_hex(hex, p, sizeof(p)), why);
}

static void
unpack_errors(void **state)
{
	struct xrl_args	 a;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	/* Every strict prefix of a valid encoding is refused. */
	build_all_types(&a);
	assert_true(xrl_args_pack(&a, &b));
	for (i = 0; i < b.len; i++)
		unpack_bad(b.data, i, "truncated");
	xrl_args_clear(&a);
	buf_free(&b);

	unpack_bad_hex("cd 00 00 00", "bad magic");
	unpack_bad_hex("00 00 00 00", "no magic");
	unpack_bad_hex("cc 00 00", "short header");
	unpack_bad_hex("cc 00 00 00 00", "trailing byte");
	unpack_bad_hex("cc 00 00 01 42 00 00 00 07 ff", "trailing byte");
	unpack_bad_hex("cc 00 00 01 40", "type none");
	unpack_bad_hex("cc 00 00 01 4f 00", "type 15");
	unpack_bad_hex("cc 00 00 01 7f 00", "type 63");
	unpack_bad_hex("cc ff ff ff 42 00 00 00 07", "count past the end");
	unpack_bad_hex("cc 00 00 02 42 00 00 00 07", "count one too many");
	unpack_bad_hex("cc 00 00 01 c9 00 01 6c ff ff ff ff",
	    "list count past the end");
	unpack_bad_hex("cc 00 00 01 c9 00 01 6c 00 00 00 02 42 00 00 00 01"
	    "48 00 00 00 00", "mixed list");
	unpack_bad_hex("cc 00 00 01 4a 02", "bool 2");
	unpack_bad_hex("cc 00 00 01 44 0a 00 00 00 21", "ipv4net /33");
	unpack_bad_hex("cc 00 00 01 46 00 00 00 00 00 00 00 00 00 00 00 00 00"
	    "00 00 00 81", "ipv6net /129");
	unpack_bad_hex("cc 00 00 01 47 00 00 00 03 31 3a 32", "short mac");
	unpack_bad_hex("cc 00 00 01 47 00 00 00 11 61 61 62 62 2e 63 63 64 64"
	    "2e 65 65 66 66 30 30 30", "dotted mac");
	unpack_bad_hex("cc 00 00 01 47 00 00 00 40", "long mac");
	unpack_bad_hex("cc 00 00 01 48 ff ff ff ff", "txt past the end");
	unpack_bad_hex("cc 00 00 01 4b 00 00 00 05 01 02", "binary past end");
	unpack_bad_hex("cc 00 00 01 c2 00 00 00 00 00 01", "empty name");
	unpack_bad_hex("cc 00 00 01 c2 00 03 61 2e 62 00 00 00 01", "name a.b");
	unpack_bad_hex("cc 00 00 01 c2 00 02 61 00 00 00 00 01", "name NUL");
	unpack_bad_hex("cc 00 00 01 c2 ff ff 61", "name past the end");
	unpack_bad_hex("cc 00 00 02 c2 00 01 61 00 00 00 01"
	    "c1 00 01 61 00 00 00 02", "duplicate name");
	unpack_bad_hex("cc 00 00 01 49 00 00 00 01 49 00 00 00 01 49 00 00 00"
	    "01 49 00 00 00 01 49 00 00 00 01 49 00 00 00 01 49 00 00 00 01 49"
	    "00 00 00 01 49 00 00 00 00", "nine nested lists");
}

static void
unpack_xrl_errors(void **state)
{
	uint8_t		 p[256];
	size_t		 n, headlen;
	const char	*head;
	struct xrl_args	 a;

	n = xt_hex("cc 00 00 00", p, sizeof(p));
	assert_int_equal(xrl_unpack(p, n, &head, &headlen, &a, NULL, 0), -1);
	n = xt_hex("cc 00 00 01 c8 00 01 61 00 00 00 01 2f", p, sizeof(p));
	assert_int_equal(xrl_unpack(p, n, &head, &headlen, &a, NULL, 0), -1);
	n = xt_hex("cc 00 00 01 4b 00 00 00 01 2f", p, sizeof(p));
	assert_int_equal(xrl_unpack(p, n, &head, &headlen, &a, NULL, 0), -1);
	n = xt_hex("cc 00 00 01 48 00 00 00 02 2f", p, sizeof(p));
	assert_int_equal(xrl_unpack(p, n, &head, &headlen, &a, NULL, 0), -1);
	n = xt_hex("cc 00 00 01 48 00 00 00 01 2f 00", p, sizeof(p));
	assert_int_equal(xrl_unpack(p, n, &head, &headlen, &a, NULL, 0), -1);
	n = xt_hex("cc 00 00 02 48 00 00 00 01 2f", p, sizeof(p));
	assert_int_equal(xrl_unpack(p, n, &head, &headlen, &a, NULL, 0), -1);
	assert_null(head);
	assert_int_equal(a.count, 0);
	n = xt_hex("cc 00 00 01 48 00 00 00 01 2f", p, sizeof(p));
	assert_int_equal(xrl_unpack(p, n, &head, &headlen, &a, NULL, 0), 0);
	assert_int_equal(headlen, 1);
	assert_int_equal(a.count, 0);
}

/* Host bits and MAC text case are normalised as XORP does. */
static void
unpack_normalises(void **state)
{
	uint8_t		 p[256];
	size_t		 n;
	struct xrl_args	 a;
	struct buf	 b = BUF_INIT;

	n = xt_hex("cc 00 00 02 44 0a 01 02 03 08 47 00 00 00 11"
	    "41 41 3a 42 42 3a 43 43 3a 44 44 3a 45 45 3a 46 46", p, sizeof(p));
	assert_int_equal(xrl_args_unpack(&a, p, n, NULL, 0), 0);
	assert_true(xrl_args_print(&a, &b));
	assert_string_equal(buf_cstr(&b),
	    ":ipv4net=10.0.0.0/8&:mac=aa:bb:cc:dd:ee:ff");
	xrl_args_clear(&a);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pack_atoms),
		cmocka_unit_test(pack_xrl_144),
		cmocka_unit_test(pack_reply_payloads),
		cmocka_unit_test(pack_round_trip),
		cmocka_unit_test(text_round_trip),
		cmocka_unit_test(unpack_errors),
		cmocka_unit_test(unpack_xrl_errors),
		cmocka_unit_test(unpack_normalises),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: the XRL value library outside the numbered vectors: error codes and
 * their text (§6), the escape codec (§3), the atom model (copy, equality,
 * lookup, duplicate names), and the strict parsing rules of §13 that the
 * vectors do not reach.
 */
#include "xrl_test.h"

static void
error_codes(void **state)
{
	static const struct {
		uint32_t	 code;
		const char	*msg;
	} t[] = {
		{ 100, "Okay" },
		{ 101, "Bad argument(s)" },
		{ 102, "Command failed" },
		{ 200, "Finder not present/ready" },
		{ 201, "Resolve failed" },
		{ 202, "No such method" },
		{ 210, "Transport failed" },
		{ 211, "Reply timed out" },
		{ 212, "Transient transport failure" },
		{ 220, "Internal error" },
	};
	struct xrl_error	 e;
	char			 buf[XRL_NOTE_MAX + 64], want[64];
	size_t			 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_string_equal(xrl_code_str(t[i].code), t[i].msg);
		xrl_error_from_wire(&e, t[i].code, NULL, 0);
		assert_int_equal(e.code, t[i].code);
		snprintf(want, sizeof(want), "%u %s", t[i].code, t[i].msg);
		assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)), want);
	}
	xrl_error_ok(&e);
	assert_int_equal(e.code, XRL_OKAY);
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)), "100 Okay");

	xrl_error_from_wire(&e, 102, "no route", 8);
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "102 Command failed no route");
	/* Unknown codes fold into INTERNAL_ERROR, keeping the note. */
	xrl_error_from_wire(&e, 103, NULL, 0);
	assert_int_equal(e.code, XRL_INTERNAL_ERROR);
	assert_string_equal(e.note, "Errorcode 103 unknown");
	xrl_error_from_wire(&e, 999, "it broke", 8);
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "220 Internal error Errorcode 999 unknown it broke");
	/* Old retired codes are unknown in 1.8. */
	xrl_error_from_wire(&e, 0, "", 0);
	assert_int_equal(e.code, XRL_INTERNAL_ERROR);
	assert_string_equal(e.note, "Errorcode 0 unknown");
}

static void
error_truncates(void **state)
{
	struct xrl_error	 e;
	char			 big[2000], buf[16];

	memset(big, 'x', sizeof(big));
	xrl_error_from_wire(&e, 102, big, sizeof(big));
	assert_int_equal(strlen(e.note), XRL_NOTE_MAX - 1);
	xrl_error_from_wire(&e, 77, big, sizeof(big));
	assert_int_equal(strlen(e.note), XRL_NOTE_MAX - 1);
	assert_memory_equal(e.note, "Errorcode 77 unknown x", 22);
	/* A caller's small buffer is never overrun. */
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "220 Internal er");
	big[sizeof(big) - 1] = '\0';
	xrl_error_set(&e, 102, "%s", big + 1000);
	assert_int_equal(strlen(e.note), XRL_NOTE_MAX - 1);
}

static void
escape_all_bytes(void **state)
{
	struct buf	 b = BUF_INIT, d = BUF_INIT;
	uint8_t		 all[256];
	size_t		 i;
	const char	*p;

	for (i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	assert_true(xrl_escape(&b, all, sizeof(all)));
	assert_int_equal(xrl_unescape(&d, (char *)b.data, b.len), 0);
	xt_bytes_equal(d.data, d.len, all, sizeof(all));
	/* Output has no byte that would split an XRL, and hex is upper case. */
	for (i = 0; i < b.len; i++) {
		assert_null(memchr("&=, [];{}#$", b.data[i], 11));
		assert_true(b.data[i] > 0x20 && b.data[i] < 0x7f);
	}
	p = strstr(buf_cstr(&b), "%FF");
	assert_non_null(p);
	buf_free(&b);
	buf_free(&d);
}

static void
unescape_rules(void **state)
{
	struct buf	 b = BUF_INIT;

	assert_int_equal(xrl_unescape(&b, "a+b c%2fd%2F", 12), 0);
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.data, "a b c/d/", 8);
	buf_reset(&b);
	assert_int_equal(xrl_unescape(&b, "x%", 2), -1);
	assert_int_equal(xrl_unescape(&b, "x%4", 3), -1);
	assert_int_equal(xrl_unescape(&b, "%g0", 3), -1);
	assert_int_equal(xrl_unescape(&b, "%0g", 3), -1);
	/* A failed decode appends nothing. */
	assert_int_equal(b.len, 0);
	/* The input length is honoured: the '%' after it is not seen. */
	assert_int_equal(xrl_unescape(&b, "ab%", 2), 0);
	assert_int_equal(b.len, 2);
	buf_free(&b);
}

static void
type_names(void **state)
{
	int	 t;

	for (t = XRL_TYPE_I32; t < XRL_TYPE_MAX; t++)
		assert_int_equal(xrl_type_lookup(xrl_type_names[t],
		    strlen(xrl_type_names[t])), t);
	assert_int_equal(xrl_type_lookup("none", 4), -1);
	assert_int_equal(xrl_type_lookup("u32x", 3), XRL_TYPE_U32);
	assert_int_equal(xrl_type_lookup("u32x", 4), -1);
	assert_int_equal(xrl_type_lookup("u3", 2), -1);
	assert_int_equal(xrl_type_lookup("U32", 3), -1);
	assert_int_equal(xrl_type_lookup("ipv4ne", 6), -1);
	assert_int_equal(xrl_type_lookup("", 0), -1);
	/* Found by fuzzing: a NUL inside the type name, read past the table. */
	assert_int_equal(xrl_type_lookup("u32\0x", 5), -1);
	assert_int_equal(xrl_type_lookup("ipv4\0\0\0", 7), -1);
	assert_true(xrl_name_valid("a-B_9", 5));
	assert_true(xrl_name_valid("", 0));
	assert_false(xrl_name_valid("a.b", 3));
	assert_false(xrl_name_valid("a b", 3));
	assert_false(xrl_name_valid("a\0b", 3));
}

static void
atom_model(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT, c, *l;
	struct xrl_atom		*at, copy;
	const struct xrl_atom	*f;

	assert_int_equal(xrl_args_add_u32(&a, "x", 1), 0);
	assert_int_equal(xrl_args_add_txt(&a, "t", "hello"), 0);
	assert_non_null(l = xrl_args_add_list(&a, "l"));
	assert_int_equal(xrl_args_add_i32(l, NULL, -1), 0);
	assert_int_equal(xrl_args_add_i32(l, NULL, -2), 0);
	assert_int_equal(xrl_args_add_txt(&a, NULL, "anon"), 0);

	f = xrl_args_find(&a, "t");
	assert_non_null(f);
	assert_string_equal((char *)f->v.bytes.p, "hello");
	assert_null(xrl_args_find(&a, "nope"));
	assert_null(xrl_args_find(&a, NULL));

	assert_int_equal(xrl_args_copy(&c, &a), 0);
	assert_true(xrl_args_equal(&a, &c));
	c.atoms[2].v.list->atoms[1].v.i32 = 7;
	assert_false(xrl_args_equal(&a, &c));
	c.atoms[2].v.list->atoms[1].v.i32 = -2;
	assert_true(xrl_args_equal(&a, &c));
	c.atoms[1].v.bytes.p[0] = 'j';
	assert_false(xrl_args_equal(&a, &c));
	xrl_args_clear(&c);

	/* A dataless atom differs from one holding zero. */
	assert_int_equal(xrl_atom_copy(&copy, &a.atoms[0]), 0);
	copy.v.u32 = 0;
	assert_false(xrl_atom_equal(&copy, &a.atoms[0]));
	copy.has_data = false;
	at = &a.atoms[0];
	at->has_data = false;
	assert_true(xrl_atom_equal(&copy, at));
	xrl_atom_clear(&copy);
	assert_null(copy.name);

	/* Names compare, and "" is the same as unnamed. */
	assert_int_equal(xrl_atom_copy(&copy, &a.atoms[3]), 0);
	assert_true(xrl_atom_equal(&copy, &a.atoms[3]));
	free(copy.name);
	copy.name = strdup("");
	assert_true(xrl_atom_equal(&copy, &a.atoms[3]));
	free(copy.name);
	copy.name = strdup("n");
	assert_false(xrl_atom_equal(&copy, &a.atoms[3]));
	xrl_atom_clear(&copy);

	assert_int_equal(xrl_args_add_atom(&a, &a.atoms[2]), 0);
	assert_int_equal(a.count, 5);
	assert_true(xrl_atom_equal(&a.atoms[2], &a.atoms[4]));
	assert_string_equal(xrl_args_dup_name(&a), "l");
	xrl_args_clear(&a);
	assert_int_equal(a.count, 0);
	assert_null(a.atoms);
}

/* Large lists use a hash table for the duplicate check. */
static void
dup_names(void **state)
{
	struct xrl_args	 a = XRL_ARGS_INIT;
	struct buf	 b = BUF_INIT;
	char		 name[32];
	int		 i;

	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		assert_int_equal(xrl_args_add_u32(&a, name, (uint32_t)i), 0);
		assert_int_equal(xrl_args_add_u32(&a, NULL, (uint32_t)i), 0);
	}
	assert_null(xrl_args_dup_name(&a));
	assert_int_equal(xrl_args_add_u32(&a, "n4321", 0), 0);
	assert_string_equal(xrl_args_dup_name(&a), "n4321");
	assert_true(xrl_args_print(&a, &b));
	xt_args_bad(buf_cstr(&b));
	xrl_args_clear(&a);
	buf_free(&b);
}

static void
xrl_head(void **state)
{
	struct xrl	 x;
	struct buf	 b = BUF_INIT;

	xrl_init(&x);
	assert_int_equal(xrl_set(&x, NULL, "rib", "common/0.1/get_status"), 0);
	assert_false(xrl_is_resolved(&x));
	assert_true(xrl_print(&x, &b));
	assert_string_equal(buf_cstr(&b), "finder://rib/common/0.1/get_status");
	assert_int_equal(xrl_set(&x, "stcp", "127.0.0.1:1", "a/1.0/b-0"), 0);
	assert_true(xrl_is_resolved(&x));
	assert_int_equal(xrl_args_add_u32(&x.args, "a", 1), 0);
	buf_reset(&b);
	assert_true(xrl_print_head(&x, &b));
	assert_string_equal(buf_cstr(&b), "stcp://127.0.0.1:1/a/1.0/b-0");
	buf_reset(&b);
	assert_true(xrl_print(&x, &b));
	assert_string_equal(buf_cstr(&b), "stcp://127.0.0.1:1/a/1.0/b-0?a:u32=1");
	xrl_clear(&x);
	assert_null(x.protocol);
	/* "FINDER" is still the unresolved form (case-insensitive). */
	xt_xrl("FINDER://t/m", "FINDER://t/m", &x);
	assert_false(xrl_is_resolved(&x));
	xrl_clear(&x);
	buf_free(&b);
}

/* §13: the strict rules for the XRL's shape. */
static void
xrl_shape(void **state)
{
	struct xrl	 x;

	/* "://" counts only before the first '/'. */
	xt_xrl("a/b?u:txt=x://y/z", "finder://a/b?u:txt=x://y/z", &x);
	assert_string_equal(x.target, "a");
	xrl_clear(&x);
	xt_xrl("x:/t/m", "finder://x:/t/m", &x);
	assert_string_equal(x.target, "x:");
	assert_string_equal(x.command, "t/m");
	xrl_clear(&x);
	xt_xrl_bad("://t/m");
	xt_xrl_bad("fin der://t/m");
	xt_xrl_bad("");
	xt_xrl_bad("/m");
	xt_xrl_bad("t");
	xt_xrl_bad("finder://t?/m");
	xt_xrl_bad("finder://t t/m");
	xt_xrl_bad("finder://t/m m");
	xt_xrl_bad("finder://t/m%20");
	xt_xrl_bad("finder://t/m:x");
	xt_xrl_bad("finder://t#/m");
	xt_xrl_bad("finder://t/?a:u32=1");
	xt_xrl("finder://a.b:c@d-e_f/A-z_0./9", "finder://a.b:c@d-e_f/A-z_0./9",
	    NULL);
	/* A NUL inside is just a bad byte, not the end of the string. */
	assert_int_equal(xrl_parse(&x, "finder://t\0/m", 13, NULL, 0), -1);
	assert_int_equal(xrl_parse(&x, "finder://t/m\0", 13, NULL, 0), -1);
	/* Only the given length is read. */
	assert_int_equal(xrl_parse(&x, "finder://t/mXYZ", 12, NULL, 0), 0);
	assert_string_equal(x.command, "m");
	xrl_clear(&x);
}

static void
args_rules(void **state)
{
	struct xrl_args	 a;
	struct xrl_atom	 at;
	char		 err[XRL_ERRBUF];

	xt_args("", "", &a);
	assert_int_equal(a.count, 0);
	xt_args_bad("&");
	xt_args_bad("&a:u32=1");
	xt_args_bad("a:u32=1&&");
	xt_args_bad(":");
	xt_args_bad("a:");
	xt_args_bad("a:=1");
	xt_args_bad("=1");
	xt_args_bad("a:u32:x=1");
	xt_args_bad("a b:u32=1");
	assert_int_equal(xrl_args_parse(&a, "u32\0001", 6, NULL, 0), -1);
	assert_int_equal(xrl_args_parse(&a, "a:u32\0=1", 8, NULL, 0), -1);
	/* Nested lists and empty items cannot be written in text. */
	xt_args_bad("a:list=:list=:u32=1");
	xt_args_bad("a:list=:u32=1,");
	xt_args_bad("a:list=,:u32=1");
	xt_args_bad("a:list=:u32=1,,:u32=2");
	xt_args_bad("a:list=:u32=x");
	xt_args_bad("a:list=:txt=%");
	/* Dataless atoms, in and out of lists. */
	xt_args("a:u32&:txt&b:list", "a:u32&:txt&b:list", &a);
	assert_false(a.atoms[0].has_data);
	assert_false(a.atoms[1].has_data);
	assert_null(a.atoms[1].name);
	assert_false(a.atoms[2].has_data);
	xrl_args_clear(&a);
	xt_args("a:list=:u32,:u32=2", "a:list=:u32,:u32=2", NULL);
	/* Dataless duplicates are still duplicates. */
	xt_args_bad("a:u32&a:txt");
	/* The txt value carries its length and a NUL past it. */
	xt_args("a:txt=x%00y", "a:txt=x%00y", &a);
	assert_int_equal(a.atoms[0].v.bytes.len, 3);
	assert_int_equal(a.atoms[0].v.bytes.p[1], 0);
	assert_int_equal(a.atoms[0].v.bytes.p[3], 0);
	xrl_args_clear(&a);
	/* Leading zeros are decimal, not octal. */
	xt_args("a:u32=010&b:i32=-0", "a:u32=10&b:i32=0", NULL);
	xt_args("a:ipv4net=0.0.0.0/0&b:ipv6net=::/0",
	    "a:ipv4net=0.0.0.0/0&b:ipv6net=::/0", NULL);
	/* A long numeric value is refused, not overrun. */
	xt_args_bad("a:u32=000000000000000000000000000000000000000000000000000"
	    "000000000000000000000000000000000000000000000000000000000000000000"
	    "000000000000000000000000000000000000000000000000000000000000000001");
	xt_args("a:fp64=0.00000000000000000000000000000000000000000000000000000"
	    "000000000000000000000000000000000000000000000000000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000001",
	    "a:fp64=0X1.0FF151A99F483P-608", NULL);

	assert_int_equal(xrl_atom_parse(&at, "x:txt=%", 7, err, sizeof(err)),
	    -1);
	assert_null(at.name);
	assert_int_equal(xrl_atom_parse(&at, "x:txt=%25", 9, NULL, 0), 0);
	assert_string_equal(at.name, "x");
	assert_string_equal((char *)at.v.bytes.p, "%");
	xrl_atom_clear(&at);
	/* The error message never echoes raw control bytes. */
	assert_int_equal(xrl_atom_parse(&at, "x:t\nt=1", 7, err, sizeof(err)),
	    -1);
	assert_null(strchr(err, '\n'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_codes),
		cmocka_unit_test(error_truncates),
		cmocka_unit_test(escape_all_bytes),
		cmocka_unit_test(unescape_rules),
		cmocka_unit_test(type_names),
		cmocka_unit_test(atom_model),
		cmocka_unit_test(dup_names),
		cmocka_unit_test(xrl_head),
		cmocka_unit_test(xrl_shape),
		cmocka_unit_test(args_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: the 60 numbered test vectors of spec §14, one test each (vNN maps to
 * vector NN). Where okapi deliberately differs from XORP (§13), the test
 * checks the okapi column and says so.
 */
#include <arpa/inet.h>
#include <math.h>

#include "xrl_test.h"

static const struct xrl_atom *
find(const struct xrl_args *a, const char *name, enum xrl_type type)
{
	const struct xrl_atom	*at = xrl_args_find(a, name);

	assert_non_null(at);
	assert_int_equal(at->type, type);
	assert_true(at->has_data);
	return at;
}

static void
assert_txt(const struct xrl_atom *a, const char *want)
{
	assert_int_equal(a->type, XRL_TYPE_TXT);
	assert_true(a->has_data);
	assert_int_equal(a->v.bytes.len, strlen(want));
	assert_memory_equal(a->v.bytes.p, want, strlen(want));
	assert_int_equal(a->v.bytes.p[a->v.bytes.len], '\0');
}

static void
assert_head(const struct xrl *x, const char *proto, const char *target,
    const char *cmd)
{
	assert_string_equal(x->protocol, proto);
	assert_string_equal(x->target, target);
	assert_string_equal(x->command, cmd);
}

static double
args_fp64(const char *in, const char *name)
{
	struct xrl_args	 a;
	double		 v;

	assert_int_equal(xrl_args_parse(&a, in, strlen(in), NULL, 0), 0);
	v = find(&a, name, XRL_TYPE_FP64)->v.fp64;
	xrl_args_clear(&a);
	return v;
}

/* §14.1 */
static void
v01(void **state)
{
	struct xrl	 x;
	const char	*s = "finder://bgp/bgp/1.0/set_local_as?as:u32=1777";

	xt_xrl(s, s, &x);
	assert_head(&x, "finder", "bgp", "bgp/1.0/set_local_as");
	assert_false(xrl_is_resolved(&x));
	assert_int_equal(x.args.count, 1);
	assert_int_equal(find(&x.args, "as", XRL_TYPE_U32)->v.u32, 1777);
	xrl_clear(&x);
}

static void
v02(void **state)
{
	struct xrl	 x;
	const char	*s =
	    "stcp://192.1.2.3:16878/bgp/1.0/set_local_as?as:u32=1777";

	xt_xrl(s, s, &x);
	assert_head(&x, "stcp", "192.1.2.3:16878", "bgp/1.0/set_local_as");
	assert_true(xrl_is_resolved(&x));
	xrl_clear(&x);
	s = "stcp://127.0.0.1:41234/common/0.1/get_status";
	xt_xrl(s, s, &x);
	assert_true(xrl_is_resolved(&x));
	assert_int_equal(x.args.count, 0);
	xrl_clear(&x);
}

static void
v03(void **state)
{
	struct xrl		 x;
	const struct xrl_atom	*a;
	char			 tmp[PREFIX4_STRLEN];

	xt_xrl("finder://fea/fti/0.1/add_route?net:ipv4net=10.0.0.1/8"
	    "&gateway:ipv4=192.150.187.1",
	    "finder://fea/fti/0.1/add_route?net:ipv4net=10.0.0.0/8"
	    "&gateway:ipv4=192.150.187.1", &x);
	a = find(&x.args, "net", XRL_TYPE_IPV4NET);
	assert_string_equal(prefix4_print(&a->v.ipv4net, tmp, sizeof(tmp)),
	    "10.0.0.0/8");
	a = find(&x.args, "gateway", XRL_TYPE_IPV4);
	assert_int_equal(a->v.ipv4.s_addr, htonl(0xc096bb01));
	xrl_clear(&x);
}

static void
v04(void **state)
{
	struct xrl	 x;
	const char	*s = "finder://rib/common/0.1/get_target_name";

	xt_xrl(s, s, &x);
	assert_int_equal(x.args.count, 0);
	xrl_clear(&x);
}

static void
v05(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://rib/common/0.1/get_target_name?",
	    "finder://rib/common/0.1/get_target_name", &x);
	assert_int_equal(x.args.count, 0);
	xrl_clear(&x);
}

static void
v06(void **state)
{
	struct xrl	 x;

	xt_xrl("rib/rib/0.1/get_registered_protocols?ipv4:bool=true"
	    "&ipv6:bool=false&unicast:bool=true&multicast:bool=false",
	    "finder://rib/rib/0.1/get_registered_protocols?ipv4:bool=true"
	    "&ipv6:bool=false&unicast:bool=true&multicast:bool=false", &x);
	assert_head(&x, "finder", "rib", "rib/0.1/get_registered_protocols");
	assert_true(find(&x.args, "ipv4", XRL_TYPE_BOOL)->v.boolean);
	assert_false(find(&x.args, "ipv6", XRL_TYPE_BOOL)->v.boolean);
	xrl_clear(&x);
}

static void
v07(void **state)
{
	struct xrl	 x;

	xt_xrl("t/m", "finder://t/m", &x);
	assert_head(&x, "finder", "t", "m");
	xrl_clear(&x);
}

static void
v08(void **state)
{
	xt_xrl_bad("finder://t");
}

static void
v09(void **state)
{
	xt_xrl_bad("finder://t/");
}

/* okapi: XORP accepts the empty target. */
static void
v10(void **state)
{
	xt_xrl_bad("finder:///m");
}

static void
v11(void **state)
{
	struct xrl	 x;
	const char	*s = "unix://:var:tmp:xrl.AbC123/rib/0.1/"
	    "add_route4-0000002a1b2c3d4e?protocol:txt=static";

	xt_xrl(s, s, &x);
	assert_head(&x, "unix", ":var:tmp:xrl.AbC123",
	    "rib/0.1/add_route4-0000002a1b2c3d4e");
	assert_true(xrl_is_resolved(&x));
	assert_txt(find(&x.args, "protocol", XRL_TYPE_TXT), "static");
	xrl_clear(&x);
}

/* §14.2 */
static void
v12(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:txt=", "finder://t/m?a:txt=", &x);
	assert_txt(find(&x.args, "a", XRL_TYPE_TXT), "");
	assert_non_null(x.args.atoms[0].v.bytes.p);
	xrl_clear(&x);
}

static void
v13(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:txt", "finder://t/m?a:txt", &x);
	assert_int_equal(x.args.count, 1);
	assert_string_equal(x.args.atoms[0].name, "a");
	assert_int_equal(x.args.atoms[0].type, XRL_TYPE_TXT);
	assert_false(x.args.atoms[0].has_data);
	xrl_clear(&x);
}

static void
v14(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:u32=1&", "finder://t/m?a:u32=1", &x);
	assert_int_equal(x.args.count, 1);
	xrl_clear(&x);
	/* Only one: the second '&' leaves an empty atom. */
	xt_xrl_bad("finder://t/m?a:u32=1&&");
}

static void
v15(void **state)
{
	xt_xrl_bad("finder://t/m?a:u32=1&&b:u32=2");
}

static void
v16(void **state)
{
	xt_xrl_bad("finder://t/m?a:u32=1&a:u32=2");
	xt_xrl_bad("finder://t/m?a:u32=1&a:i32=2");
}

static void
v17(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?:u32=1", "finder://t/m?:u32=1", &x);
	assert_int_equal(x.args.count, 1);
	assert_null(x.args.atoms[0].name);
	assert_int_equal(x.args.atoms[0].v.u32, 1);
	xrl_clear(&x);
	xt_xrl("finder://t/m?u32=1", "finder://t/m?:u32=1", &x);
	assert_null(x.args.atoms[0].name);
	assert_int_equal(x.args.atoms[0].type, XRL_TYPE_U32);
	assert_int_equal(x.args.atoms[0].v.u32, 1);
	xrl_clear(&x);
	/* Unnamed atoms do not count as duplicates of each other. */
	xt_xrl("finder://t/m?:u32=1&:u32=2", "finder://t/m?:u32=1&:u32=2",
	    NULL);
}

static void
v18(void **state)
{
	xt_xrl_bad("finder://t/m?a:I32=1");
	xt_xrl_bad("finder://t/m?a:int=1");
	xt_xrl_bad("finder://t/m?a:none=1");
}

/* okapi: a parse error where XORP aborts. */
static void
v19(void **state)
{
	xt_xrl_bad("finder://t/m?bad.name:u32=1");
}

/* §14.3 */
static void
v20(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:txt=hello+world%21",
	    "finder://t/m?a:txt=hello+world!", &x);
	assert_txt(find(&x.args, "a", XRL_TYPE_TXT), "hello world!");
	xrl_clear(&x);
}

static void
v21(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:txt=100%25", "finder://t/m?a:txt=100%25", &x);
	assert_txt(find(&x.args, "a", XRL_TYPE_TXT), "100%");
	xrl_clear(&x);
}

static void
v22(void **state)
{
	xt_xrl_bad("finder://t/m?a:txt=100%");
	xt_xrl_bad("finder://t/m?a:txt=%zz");
	xt_xrl_bad("finder://t/m?a:txt=%4");
}

static void
v23(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:txt=x=y", "finder://t/m?a:txt=x%3Dy", &x);
	assert_txt(find(&x.args, "a", XRL_TYPE_TXT), "x=y");
	xrl_clear(&x);
}

static void
v24(void **state)
{
	xt_xrl_bad("finder://t/m?a:txt=x&y");
}

static void
v25(void **state)
{
	struct xrl	 x;
	const char	*s = "finder://t/m?url:txt=http://example.com/a?b";

	xt_xrl(s, s, &x);
	assert_txt(find(&x.args, "url", XRL_TYPE_TXT),
	    "http://example.com/a?b");
	xrl_clear(&x);
}

static void
v26(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:txt=two words", "finder://t/m?a:txt=two+words",
	    &x);
	assert_txt(find(&x.args, "a", XRL_TYPE_TXT), "two words");
	xrl_clear(&x);
}

static void
v27(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:txt=%2b%2B+", "finder://t/m?a:txt=%2B%2B+", &x);
	assert_txt(find(&x.args, "a", XRL_TYPE_TXT), "++ ");
	xrl_clear(&x);
	xt_xrl("finder://t/m?a:txt=%41%42C", "finder://t/m?a:txt=ABC", &x);
	assert_txt(find(&x.args, "a", XRL_TYPE_TXT), "ABC");
	xrl_clear(&x);
}

static void
escape_is(const char *value, const char *want)
{
	struct buf	 b = BUF_INIT;
	struct xrl_args	 a = XRL_ARGS_INIT;
	char		*got;

	assert_true(xrl_escape(&b, value, strlen(value)));
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
	/* The same through a txt atom. */
	assert_int_equal(xrl_args_add_txt(&a, "a", value), 0);
	got = xt_print_args(&a);
	assert_string_equal(got + strlen("a:txt="), want);
	free(got);
	xrl_args_clear(&a);
}

static void
v28(void **state)
{
	escape_is("a&b=c+d%e$f,g;h{i}j#k[l]m n",
	    "a%26b%3Dc%2Bd%25e%24f%2Cg%3Bh%7Bi%7Dj%23k%5Bl%5Dm+n");
	escape_is("x:y/z?w!*()'\"@<>^`|\\~", "x:y/z?w!*()'\"@<>^`|\\~");
	escape_is("tab\tnl\ncr\r", "tab%09nl%0Acr%0D");
	escape_is("caf\xc3\xa9", "caf%C3%A9");
}

/* okapi rejects the spaces in the target and command; the value holds. */
static void
v29(void **state)
{
	const char	*text = "ABCabc DEFdef 1234 !@#$%^&*(){}[]:;'\"<>";
	const char	*enc = "foo-string:txt=ABCabc+DEFdef+1234+!@%23%24%25^"
	    "%26*()%7B%7D%5B%5D:%3B'\"<>";
	struct xrl_args	 a;
	char		 xrl[256];

	snprintf(xrl, sizeof(xrl), "finder://some target/take an argument?%s",
	    enc);
	xt_xrl_bad(xrl);
	xt_args(enc, enc, &a);
	assert_txt(find(&a, "foo-string", XRL_TYPE_TXT), text);
	xrl_args_clear(&a);
	snprintf(xrl, sizeof(xrl), "finder://some_target/take_an_argument?%s",
	    enc);
	xt_xrl(xrl, xrl, NULL);
}

/* §14.4 */
static void
v30(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:i32=-17", "finder://t/m?a:i32=-17", &x);
	assert_int_equal(find(&x.args, "a", XRL_TYPE_I32)->v.i32, -17);
	xrl_clear(&x);
	/* okapi: XORP reads all of these leniently. */
	xt_xrl_bad("finder://t/m?a:i32=abc");
	xt_xrl_bad("finder://t/m?a:u32=-1");
	xt_xrl_bad("finder://t/m?a:u32=0x10");
	xt_xrl_bad("finder://t/m?a:u32=99999999999");
	xt_xrl_bad("finder://t/m?a:u32=4294967296");
	xt_xrl_bad("finder://t/m?a:i32=2147483648");
	xt_xrl_bad("finder://t/m?a:i32=-2147483649");
	xt_xrl_bad("finder://t/m?a:i32=1x");
	xt_xrl_bad("finder://t/m?a:i32=+1");
	xt_xrl_bad("finder://t/m?a:i32=%201");
	xt_xrl_bad("finder://t/m?a:u32=1%00");
	xt_xrl("finder://t/m?a:u32=4294967295&b:i32=-2147483648",
	    "finder://t/m?a:u32=4294967295&b:i32=-2147483648", NULL);
}

static void
v31(void **state)
{
	struct xrl	 x;
	const char	*s = "finder://t/m?a:i64=-9223372036854775808"
	    "&b:u64=18446744073709551615";

	xt_xrl(s, s, &x);
	assert_true(find(&x.args, "a", XRL_TYPE_I64)->v.i64 == INT64_MIN);
	assert_true(find(&x.args, "b", XRL_TYPE_U64)->v.u64 == UINT64_MAX);
	xrl_clear(&x);
	xt_xrl_bad("finder://t/m?a:i64=9223372036854775808");
	xt_xrl_bad("finder://t/m?b:u64=18446744073709551616");
}

/* okapi: only true/false/1/0; XORP's "T", "yes" and "" are errors. */
static void
v32(void **state)
{
	xt_xrl_bad("finder://t/m?a:bool=1&b:bool=T&c:bool=yes&d:bool=false"
	    "&e:bool=");
	xt_xrl("finder://t/m?a:bool=1&b:bool=0&c:bool=true&d:bool=false",
	    "finder://t/m?a:bool=true&b:bool=false&c:bool=true&d:bool=false",
	    NULL);
	xt_xrl_bad("finder://t/m?b:bool=T");
	xt_xrl_bad("finder://t/m?c:bool=yes");
	xt_xrl_bad("finder://t/m?e:bool=");
	xt_xrl_bad("finder://t/m?e:bool=TRUE");
}

static void
v33(void **state)
{
	xt_xrl_bad("finder://t/m?a:ipv4=1.2.3");
	xt_xrl_bad("finder://t/m?a:ipv4=256.1.1.1");
	xt_xrl_bad("finder://t/m?a:ipv4=");
}

static void
v34(void **state)
{
	xt_xrl_bad("finder://t/m?a:ipv4net=10.0.0.0");
	/* okapi: XORP aborts on /33. */
	xt_xrl_bad("finder://t/m?a:ipv4net=10.0.0.0/33");
	xt_xrl_bad("finder://t/m?a:ipv4net=10.0.0.0/");
	xt_xrl_bad("finder://t/m?a:ipv4net=");
	xt_xrl("finder://t/m?a:ipv4net=10.0.0.0/32",
	    "finder://t/m?a:ipv4net=10.0.0.0/32", NULL);
}

static void
v35(void **state)
{
	xt_xrl("finder://t/m?a:ipv6=FE80:0:0:0:0:0:0:1",
	    "finder://t/m?a:ipv6=fe80::1", NULL);
	xt_xrl("finder://t/m?a:ipv6=::ffff:1.2.3.4",
	    "finder://t/m?a:ipv6=::ffff:1.2.3.4", NULL);
	xt_xrl("finder://t/m?a:ipv6=fe80::1&b:ipv6net=fe80::/10",
	    "finder://t/m?a:ipv6=fe80::1&b:ipv6net=fe80::/10", NULL);
	xt_xrl("finder://t/m?a:ipv6net=fe80::1/64",
	    "finder://t/m?a:ipv6net=fe80::/64", NULL);
	xt_xrl_bad("finder://t/m?a:ipv6net=fe80::/129");
	xt_xrl_bad("finder://t/m?a:ipv6=fe80::1::2");
}

static void
v36(void **state)
{
	struct xrl_args	 a = XRL_ARGS_INIT;
	struct mac	 m = { { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 } };
	char		*s;

	xt_xrl("finder://t/m?a:mac=AA:BB:CC:DD:EE:FF",
	    "finder://t/m?a:mac=aa:bb:cc:dd:ee:ff", NULL);
	assert_int_equal(xrl_args_add_mac(&a, "m", &m), 0);
	s = xt_print_args(&a);
	assert_string_equal(s, "m:mac=0:11:22:33:44:55");
	free(s);
	xrl_args_clear(&a);
	xt_xrl("finder://t/m?m:mac=0:11:22:33:44:55",
	    "finder://t/m?m:mac=0:11:22:33:44:55", NULL);
	xt_xrl_bad("finder://t/m?a:mac=aabb.ccdd.eeff");
	xt_xrl_bad("finder://t/m?a:mac=");
}

/* §14.5 */
static void
v37(void **state)
{
	struct xrl		 x;
	struct xrl_args		 a = XRL_ARGS_INIT;
	const struct xrl_atom	*at;
	const uint8_t		 want[] = { 0x00, 0x01, 0xff, 'a', 'b', 'c' };
	const uint8_t		 bin[] = { 0x00, 0x01, 0x41, 0x20, 0x25, 0xff };
	char			*s;

	xt_xrl("finder://t/m?a:binary=%00%01%FFabc",
	    "finder://t/m?a:binary=%00%01%FFabc", &x);
	at = find(&x.args, "a", XRL_TYPE_BINARY);
	assert_int_equal(at->v.bytes.len, sizeof(want));
	assert_memory_equal(at->v.bytes.p, want, sizeof(want));
	xrl_clear(&x);

	assert_int_equal(xrl_args_add_binary(&a, "bin", bin, sizeof(bin)), 0);
	s = xt_print_args(&a);
	assert_string_equal(s, "bin:binary=%00%01A+%25%FF");
	free(s);
	xrl_args_clear(&a);

	xt_xrl("finder://t/m?a:binary=", "finder://t/m?a:binary=", &x);
	at = find(&x.args, "a", XRL_TYPE_BINARY);
	assert_int_equal(at->v.bytes.len, 0);
	xrl_clear(&x);
}

static void
fp64_prints(double v, const char *want)
{
	struct xrl_args	 a = XRL_ARGS_INIT;
	char		*s;

	assert_int_equal(xrl_args_add_fp64(&a, "f", v), 0);
	s = xt_print_args(&a);
	assert_string_equal(s, want);
	free(s);
	xrl_args_clear(&a);
}

static void
v38(void **state)
{
	fp64_prints(2.5, "f:fp64=0X1.4P%2B1");
	fp64_prints(1.0, "f:fp64=0X1P%2B0");
	fp64_prints(0.1, "f:fp64=0X1.999999999999AP-4");
	fp64_prints(-2.5, "f:fp64=-0X1.4P%2B1");
	fp64_prints(0.0, "f:fp64=0X0P%2B0");
}

static void
v39(void **state)
{
	struct xrl	 x;
	double		 v;

	/* A raw '+' decodes to a space: the exponent is lost, as in XORP. */
	xt_xrl("finder://t/m?a:fp64=0X1.8P+1&b:fp64=2.5&c:fp64=1e-3",
	    "finder://t/m?a:fp64=0X1.8P%2B0&b:fp64=0X1.4P%2B1"
	    "&c:fp64=0X1.0624DD2F1A9FCP-10", &x);
	assert_true(find(&x.args, "a", XRL_TYPE_FP64)->v.fp64 == 1.5);
	assert_true(find(&x.args, "b", XRL_TYPE_FP64)->v.fp64 == 2.5);
	assert_true(find(&x.args, "c", XRL_TYPE_FP64)->v.fp64 == 0.001);
	xrl_clear(&x);
	assert_true(args_fp64("a:fp64=0X1.8P%2B1", "a") == 3.0);
	xt_xrl("finder://t/m?a:fp64=inf&b:fp64=nan",
	    "finder://t/m?a:fp64=INF&b:fp64=NAN", &x);
	assert_true(isinf(find(&x.args, "a", XRL_TYPE_FP64)->v.fp64));
	assert_true(isnan(find(&x.args, "b", XRL_TYPE_FP64)->v.fp64));
	xrl_clear(&x);
	v = args_fp64("a:fp64=-INF", "a");
	assert_true(isinf(v) && v < 0);
	/* okapi: no garbage after the number, no empty value. */
	xt_xrl_bad("finder://t/m?a:fp64=");
	xt_xrl_bad("finder://t/m?a:fp64=2.5x");
	xt_xrl_bad("finder://t/m?a:fp64=+2.5");
	xt_xrl_bad("finder://t/m?a:fp64=abc");
}

/* §14.6 */
static void
v40(void **state)
{
	struct xrl		 x;
	const struct xrl_atom	*l;
	const char		*s = "finder://t/m?a:list=:u32=1,:u32=2,:u32=3";
	uint32_t		 i;

	xt_xrl(s, s, &x);
	l = find(&x.args, "a", XRL_TYPE_LIST);
	assert_int_equal(l->v.list->count, 3);
	for (i = 0; i < 3; i++) {
		assert_null(l->v.list->atoms[i].name);
		assert_int_equal(l->v.list->atoms[i].type, XRL_TYPE_U32);
		assert_int_equal(l->v.list->atoms[i].v.u32, i + 1);
	}
	xrl_clear(&x);
}

static void
v41(void **state)
{
	struct xrl	 x;

	xt_xrl("finder://t/m?a:list=", "finder://t/m?a:list=", &x);
	assert_non_null(find(&x.args, "a", XRL_TYPE_LIST)->v.list);
	assert_int_equal(find(&x.args, "a", XRL_TYPE_LIST)->v.list->count, 0);
	xrl_clear(&x);
}

static void
v42(void **state)
{
	struct xrl		 x;
	const struct xrl_atom	*l;
	const char		*s = "finder://t/m?a:list=:txt=eth0,:txt=eth+1";

	xt_xrl(s, s, &x);
	l = find(&x.args, "a", XRL_TYPE_LIST);
	assert_int_equal(l->v.list->count, 2);
	assert_txt(&l->v.list->atoms[0], "eth0");
	assert_txt(&l->v.list->atoms[1], "eth 1");
	xrl_clear(&x);
}

static void
v43(void **state)
{
	struct xrl		 x;
	const struct xrl_atom	*l;
	const char		*s = "finder://t/m?a:list=x:u32=1,y:u32=2";

	xt_xrl(s, s, &x);
	l = find(&x.args, "a", XRL_TYPE_LIST);
	assert_string_equal(l->v.list->atoms[0].name, "x");
	assert_string_equal(l->v.list->atoms[1].name, "y");
	assert_int_equal(l->v.list->atoms[1].v.u32, 2);
	xrl_clear(&x);
}

/* okapi: XORP fails here (it decodes the list value twice, §4.3). */
static void
v44(void **state)
{
	struct xrl		 x;
	struct xrl_args		 a = XRL_ARGS_INIT, *l;
	const char		*s = "finder://t/m?a:list=:txt=a%2Cb";
	char			*p;

	xt_xrl(s, s, &x);
	assert_int_equal(x.args.atoms[0].v.list->count, 1);
	assert_txt(&x.args.atoms[0].v.list->atoms[0], "a,b");
	xrl_clear(&x);
	/* And it is what we print for that list. */
	assert_non_null(l = xrl_args_add_list(&a, "a"));
	assert_int_equal(xrl_args_add_txt(l, NULL, "a,b"), 0);
	p = xt_print_args(&a);
	assert_string_equal(p, "a:list=:txt=a%2Cb");
	free(p);
	xrl_args_clear(&a);
	/* 50% is decoded once too. */
	xt_xrl("finder://t/m?a:list=:txt=50%25", "finder://t/m?a:list=:txt=50%25",
	    NULL);
}

/* okapi: an error where XORP aborts. */
static void
v45(void **state)
{
	xt_xrl_bad("finder://t/m?a:list=:u32=1,:txt=x");
	xt_xrl_bad("finder://t/m?a:list=:u32=1,:i32=1");
}

static void
v46(void **state)
{
	struct xrl		 x;
	const struct xrl_atom	*l;
	const char		*s;

	s = "finder://t/m?a:list=:ipv6=fe80::1,:ipv6=::";
	xt_xrl(s, s, &x);
	l = find(&x.args, "a", XRL_TYPE_LIST);
	assert_int_equal(l->v.list->count, 2);
	assert_int_equal(l->v.list->atoms[0].type, XRL_TYPE_IPV6);
	xrl_clear(&x);
	s = "finder://t/m?a:list=:binary=%01%02,:binary=";
	xt_xrl(s, s, &x);
	l = find(&x.args, "a", XRL_TYPE_LIST);
	assert_int_equal(l->v.list->atoms[0].v.bytes.len, 2);
	assert_int_equal(l->v.list->atoms[1].v.bytes.len, 0);
	xrl_clear(&x);
	s = "finder://t/m?nets:list=:ipv4net=10.0.0.0/8,:ipv4net=192.168.1.0/24";
	xt_xrl(s, s, NULL);
}

/* okapi must parse what XORP cannot re-parse. */
static void
v47(void **state)
{
	struct xrl		 x;
	const struct xrl_atom	*l;
	const char		*s = "finder://test_target/test/1.0/all_types?"
	    "integer32:i32=-12345678&uinteger32:u32=12345678"
	    "&frank_ipv4:ipv4=128.16.6.31&frank_ipv4net:ipv4net=128.16.8.0/24"
	    "&some_ipv6:ipv6=fe80::20a:95ff:feda:7c7a"
	    "&an_ipv6net:ipv6net=fe80::20a:95ff:feda:7c7a/128"
	    "&a_mac_addr:mac=0:ab:10:11:12:13"
	    "&string:txt=hello+world%2C+kippers%2C+yum"
	    "&a_list:list=part_1:txt=Goodbye+Pork+Pie+Hat,"
	    "part_2:txt=Tic-Tocative%2C+Orlando%2C+Red's+Favorite"
	    "&integer64:i64=-1234567890123456789"
	    "&uinteger64:u64=12370755956899984470"
	    "&fp64:fp64=0X1.66DCE86877BCDP-4";

	xt_xrl(s, s, &x);
	assert_int_equal(x.args.count, 12);
	l = find(&x.args, "a_list", XRL_TYPE_LIST);
	assert_int_equal(l->v.list->count, 2);
	assert_string_equal(l->v.list->atoms[0].name, "part_1");
	assert_txt(&l->v.list->atoms[0], "Goodbye Pork Pie Hat");
	assert_string_equal(l->v.list->atoms[1].name, "part_2");
	assert_txt(&l->v.list->atoms[1],
	    "Tic-Tocative, Orlando, Red's Favorite");
	assert_txt(find(&x.args, "string", XRL_TYPE_TXT),
	    "hello world, kippers, yum");
	assert_int_equal(find(&x.args, "integer32", XRL_TYPE_I32)->v.i32,
	    -12345678);
	assert_true(find(&x.args, "uinteger64", XRL_TYPE_U64)->v.u64 ==
	    12370755956899984470ULL);
	assert_true(find(&x.args, "fp64", XRL_TYPE_FP64)->v.fp64 > 0.08);
	xrl_clear(&x);
}

/* §14.7 */
static void
v48(void **state)
{
	struct xrl		 x;
	struct xrl_error	 e;
	char			 buf[256];
	const char		*s = "finder://rib/rib/0.1/add_route4?"
	    "protocol:txt=static&unicast:bool=true&multicast:bool=false"
	    "&network:ipv4net=10.1.0.0/16&nexthop:ipv4=192.168.0.1"
	    "&metric:u32=1&policytags:list=:u32=0";

	xt_xrl(s, s, &x);
	assert_head(&x, "finder", "rib", "rib/0.1/add_route4");
	assert_int_equal(x.args.count, 7);
	assert_int_equal(find(&x.args, "policytags",
	    XRL_TYPE_LIST)->v.list->count, 1);
	xrl_clear(&x);
	s = "finder://rib/rib/0.1/add_route6?protocol:txt=ripng"
	    "&unicast:bool=true&multicast:bool=false"
	    "&network:ipv6net=2001:db8:1::/48&nexthop:ipv6=fe80::1&metric:u32=3"
	    "&policytags:list=:u32=10";
	xt_xrl(s, s, NULL);
	xrl_error_set(&e, XRL_COMMAND_FAILED, "Could not add IPv4 route net "
	    "%s, nexthop: %s to unicast RIB", "10.1.0.0/16", "192.0.2.1");
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "102 Command failed Could not add IPv4 route net 10.1.0.0/16, "
	    "nexthop: 192.0.2.1 to unicast RIB");
}

static void
v49(void **state)
{
	struct xrl_error	 e;
	char			 buf[256];
	const char		*s = "finder://rib/rib/0.1/delete_route4?"
	    "protocol:txt=static&unicast:bool=true&multicast:bool=false"
	    "&network:ipv4net=10.1.0.0/16";

	xt_xrl(s, s, NULL);
	xrl_error_set(&e, XRL_COMMAND_FAILED,
	    "Could not delete IPv4 route from unicast RIB");
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "102 Command failed Could not delete IPv4 route from unicast RIB");
}

static void
v50(void **state)
{
	struct xrl	 x;
	const char	*s = "finder://rib/rib/0.1/add_igp_table4?"
	    "protocol:txt=ospf&target_class:txt=ospfv2"
	    "&target_instance:txt=ospfv2&unicast:bool=true&multicast:bool=false";

	xt_xrl(s, s, &x);
	assert_int_equal(x.args.count, 5);
	assert_txt(find(&x.args, "target_class", XRL_TYPE_TXT), "ospfv2");
	xrl_clear(&x);
}

static void
v51(void **state)
{
	struct xrl_args	 a;
	const char	*s = "finder://rib/rib/0.1/lookup_route_by_dest4?"
	    "addr:ipv4=10.1.2.3&unicast:bool=true&multicast:bool=false";

	xt_xrl(s, s, NULL);
	xt_args("nexthop:ipv4=0.0.0.0", "nexthop:ipv4=0.0.0.0", &a);
	assert_int_equal(find(&a, "nexthop", XRL_TYPE_IPV4)->v.ipv4.s_addr, 0);
	xrl_args_clear(&a);
}

static void
v52(void **state)
{
	struct xrl	 x;

	xt_xrl("rib/rib/0.1/set_protocol_admin_distance?protocol:txt=ospf"
	    "&ipv4:bool=true&ipv6:bool=false&unicast:bool=true"
	    "&multicast:bool=false&admin_distance:u32=110",
	    "finder://rib/rib/0.1/set_protocol_admin_distance?protocol:txt=ospf"
	    "&ipv4:bool=true&ipv6:bool=false&unicast:bool=true"
	    "&multicast:bool=false&admin_distance:u32=110", &x);
	assert_int_equal(find(&x.args, "admin_distance",
	    XRL_TYPE_U32)->v.u32, 110);
	xrl_clear(&x);
	xt_xrl("ospfv2/ospfv2/0.1/create_peer?ifname:txt=eth0&vifname:txt=eth0"
	    "&addr:ipv4=10.0.0.1&type:txt=broadcast&area:ipv4=0.0.0.0",
	    "finder://ospfv2/ospfv2/0.1/create_peer?ifname:txt=eth0"
	    "&vifname:txt=eth0&addr:ipv4=10.0.0.1&type:txt=broadcast"
	    "&area:ipv4=0.0.0.0", NULL);
}

static void
v53(void **state)
{
	struct xrl	 x;

	xt_xrl("fea/ifmgr_replicator/0.1/register_ifmgr_mirror?"
	    "clientname:txt=rib-1a2b@127.0.0.1",
	    "finder://fea/ifmgr_replicator/0.1/register_ifmgr_mirror?"
	    "clientname:txt=rib-1a2b@127.0.0.1", &x);
	assert_head(&x, "finder", "fea",
	    "ifmgr_replicator/0.1/register_ifmgr_mirror");
	assert_txt(find(&x.args, "clientname", XRL_TYPE_TXT),
	    "rib-1a2b@127.0.0.1");
	xrl_clear(&x);
}

static void
v54(void **state)
{
	struct xrl		 x;
	const struct xrl_atom	*p;
	const uint8_t		 want[] = { 0x02, 0x01, 0x00, 0x2c };
	const char		*s = "finder://fea/raw_packet4/0.1/send?"
	    "if_name:txt=eth0&vif_name:txt=eth0&src_address:ipv4=10.0.0.1"
	    "&dst_address:ipv4=224.0.0.5&ip_protocol:u32=89&ip_ttl:i32=1"
	    "&ip_tos:i32=-1&ip_router_alert:bool=false"
	    "&ip_internet_control:bool=true&payload:binary=%02%01%00%2C";

	xt_xrl(s, s, &x);
	assert_int_equal(x.args.count, 10);
	assert_int_equal(find(&x.args, "ip_tos", XRL_TYPE_I32)->v.i32, -1);
	p = find(&x.args, "payload", XRL_TYPE_BINARY);
	assert_int_equal(p->v.bytes.len, 4);
	assert_memory_equal(p->v.bytes.p, want, 4);
	xrl_clear(&x);
}

/* §14.7a: okapi differs from XORP in both. */
static void
v55(void **state)
{
	struct xrl	 x;

	xt_xrl("rib/x/y?u:txt=http://a/b", "finder://rib/x/y?u:txt=http://a/b",
	    &x);
	assert_head(&x, "finder", "rib", "x/y");
	assert_false(xrl_is_resolved(&x));
	assert_txt(find(&x.args, "u", XRL_TYPE_TXT), "http://a/b");
	xrl_clear(&x);
	xt_xrl_bad("finder://t/m?ipv6=fe80::1");
	xt_xrl("finder://t/m?:ipv6=fe80::1", "finder://t/m?:ipv6=fe80::1", &x);
	assert_null(x.args.atoms[0].name);
	assert_int_equal(x.args.atoms[0].type, XRL_TYPE_IPV6);
	xrl_clear(&x);
}

/* §14.8 */
static void
v56(void **state)
{
	struct xrl		 x;
	struct xrl_args		 a;
	const struct xrl_atom	*l;
	const char		*s = "finder://finder/finder/0.2/resolve_xrl?"
	    "xrl:txt=finder://pyt/common/0.1/get_target_name";
	const char		*r = "resolutions:list=:txt=stcp://"
	    "127.0.0.1:45678/common/0.1/get_target_name-1e1bcc693a31b607";

	xt_xrl(s, s, &x);
	assert_txt(find(&x.args, "xrl", XRL_TYPE_TXT),
	    "finder://pyt/common/0.1/get_target_name");
	xrl_clear(&x);
	xt_args(r, r, &a);
	l = find(&a, "resolutions", XRL_TYPE_LIST);
	assert_int_equal(l->v.list->count, 1);
	assert_txt(&l->v.list->atoms[0], "stcp://127.0.0.1:45678/common/0.1/"
	    "get_target_name-1e1bcc693a31b607");
	/* The resolution is itself an XRL okapi parses. */
	xt_xrl((char *)l->v.list->atoms[0].v.bytes.p,
	    (char *)l->v.list->atoms[0].v.bytes.p, NULL);
	xrl_args_clear(&a);
}

static void
v57(void **state)
{
	struct xrl_args		 a;
	const struct xrl_atom	*l;
	const char		*r = "resolutions:list=:txt=unix://:var:tmp:"
	    "xrl.RJyWjq/rib/0.1/add_route4-1e1bcc8b5f520f85,:txt=unix://:var:"
	    "tmp:xrl.ZDAXrJ/rib/0.1/add_route4-1e1bccc92aacfc00";

	xt_args(r, r, &a);
	l = find(&a, "resolutions", XRL_TYPE_LIST);
	assert_int_equal(l->v.list->count, 2);
	assert_txt(&l->v.list->atoms[1], "unix://:var:tmp:xrl.ZDAXrJ/rib/0.1/"
	    "add_route4-1e1bccc92aacfc00");
	xrl_args_clear(&a);
}

static void
v58(void **state)
{
	struct xrl		 x, inner;
	const struct xrl_atom	*t;
	const char		*s = "finder://pyt-1@127.0.0.1/finder_client/0.2/"
	    "dispatch_tunneled_xrl?xrl:txt=finder://pyt-1@127.0.0.1/"
	    "finder_event_observer/0.1/xrl_target_birth-1e1bcc6a09ec8c12?"
	    "target_class:txt%3Dpyt2%26target_instance:txt%3Dpyt2-x@127.0.0.1";
	const char		*dec = "finder://pyt-1@127.0.0.1/"
	    "finder_event_observer/0.1/xrl_target_birth-1e1bcc6a09ec8c12?"
	    "target_class:txt=pyt2&target_instance:txt=pyt2-x@127.0.0.1";

	xt_xrl(s, s, &x);
	assert_head(&x, "finder", "pyt-1@127.0.0.1",
	    "finder_client/0.2/dispatch_tunneled_xrl");
	assert_int_equal(x.args.count, 1);
	t = find(&x.args, "xrl", XRL_TYPE_TXT);
	assert_txt(t, dec);
	xt_xrl((char *)t->v.bytes.p, dec, &inner);
	assert_txt(find(&inner.args, "target_instance", XRL_TYPE_TXT),
	    "pyt2-x@127.0.0.1");
	xrl_clear(&inner);
	xrl_clear(&x);
}

static void
v59(void **state)
{
	struct xrl_args		 a;
	const struct xrl_atom	*l;
	const char		*r;

	xt_args("status:u32=3&reason:txt=Ready",
	    "status:u32=3&reason:txt=Ready", &a);
	assert_int_equal(find(&a, "status", XRL_TYPE_U32)->v.u32, 3);
	assert_txt(find(&a, "reason", XRL_TYPE_TXT), "Ready");
	xrl_args_clear(&a);
	xt_args("version:txt=finder/0.0", "version:txt=finder/0.0", NULL);
	r = "ipv4s:list=:ipv4=127.0.0.1,:ipv4=192.0.2.2";
	xt_args(r, r, &a);
	assert_int_equal(find(&a, "ipv4s", XRL_TYPE_LIST)->v.list->count, 2);
	xrl_args_clear(&a);
	r = "ipv4_unicast_protocols:list=:txt=connected"
	    "&ipv6_unicast_protocols:list=&ipv4_multicast_protocols:list="
	    "&ipv6_multicast_protocols:list=";
	xt_args(r, r, &a);
	assert_int_equal(a.count, 4);
	l = find(&a, "ipv6_multicast_protocols", XRL_TYPE_LIST);
	assert_int_equal(l->v.list->count, 0);
	xrl_args_clear(&a);
}

static void
v60(void **state)
{
	struct xrl_error	 e;
	struct xrl		 x;
	char			 buf[256];

	xrl_error_set(&e, XRL_NO_SUCH_METHOD, "%s", "");
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "202 No such method");
	xrl_error_set(&e, XRL_BAD_ARGS, NULL);
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "101 Bad argument(s)");
	xrl_error_from_wire(&e, XRL_RESOLVE_FAILED, "", 0);
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "201 Resolve failed");
	xrl_error_set(&e, XRL_COMMAND_FAILED, "Invalid target name \"%s\"",
	    "finder");
	assert_string_equal(xrl_error_print(&e, buf, sizeof(buf)),
	    "102 Command failed Invalid target name \"finder\"");
	xt_xrl("finder://finder/finder/0.2/finder_client_enabled?:txt=finder",
	    "finder://finder/finder/0.2/finder_client_enabled?:txt=finder", &x);
	assert_null(x.args.atoms[0].name);
	assert_txt(&x.args.atoms[0], "finder");
	xrl_clear(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v01), cmocka_unit_test(v02),
		cmocka_unit_test(v03), cmocka_unit_test(v04),
		cmocka_unit_test(v05), cmocka_unit_test(v06),
		cmocka_unit_test(v07), cmocka_unit_test(v08),
		cmocka_unit_test(v09), cmocka_unit_test(v10),
		cmocka_unit_test(v11), cmocka_unit_test(v12),
		cmocka_unit_test(v13), cmocka_unit_test(v14),
		cmocka_unit_test(v15), cmocka_unit_test(v16),
		cmocka_unit_test(v17), cmocka_unit_test(v18),
		cmocka_unit_test(v19), cmocka_unit_test(v20),
		cmocka_unit_test(v21), cmocka_unit_test(v22),
		cmocka_unit_test(v23), cmocka_unit_test(v24),
		cmocka_unit_test(v25), cmocka_unit_test(v26),
		cmocka_unit_test(v27), cmocka_unit_test(v28),
		cmocka_unit_test(v29), cmocka_unit_test(v30),
		cmocka_unit_test(v31), cmocka_unit_test(v32),
		cmocka_unit_test(v33), cmocka_unit_test(v34),
		cmocka_unit_test(v35), cmocka_unit_test(v36),
		cmocka_unit_test(v37), cmocka_unit_test(v38),
		cmocka_unit_test(v39), cmocka_unit_test(v40),
		cmocka_unit_test(v41), cmocka_unit_test(v42),
		cmocka_unit_test(v43), cmocka_unit_test(v44),
		cmocka_unit_test(v45), cmocka_unit_test(v46),
		cmocka_unit_test(v47), cmocka_unit_test(v48),
		cmocka_unit_test(v49), cmocka_unit_test(v50),
		cmocka_unit_test(v51), cmocka_unit_test(v52),
		cmocka_unit_test(v53), cmocka_unit_test(v54),
		cmocka_unit_test(v55), cmocka_unit_test(v56),
		cmocka_unit_test(v57), cmocka_unit_test(v58),
		cmocka_unit_test(v59), cmocka_unit_test(v60),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

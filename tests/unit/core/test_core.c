/* Unit tests for lib/core: buffers, addresses, strict numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "addr.h"
#include "buf.h"
#include "sock.h"
#include "strnum.h"

static void
test_reader_bounds(void **state)
{
	const uint8_t	 in[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
	struct buf_reader r, sub;
	uint8_t		 u8;
	uint16_t	 u16;
	uint32_t	 u32;
	uint64_t	 u64;

	buf_reader_init(&r, in, sizeof(in));
	assert_true(buf_get_u16(&r, &u16));
	assert_int_equal(u16, 0x0102);
	assert_true(buf_get_u32(&r, &u32));
	assert_int_equal(u32, 0x03040506);
	assert_false(buf_get_u16(&r, &u16));	/* one byte left */
	assert_int_equal(buf_left(&r), 1);
	assert_false(buf_get_u64(&r, &u64));
	assert_int_equal(buf_left(&r), 1);	/* failed get consumes nothing */
	assert_true(buf_get_u8(&r, &u8));
	assert_int_equal(u8, 7);
	assert_false(buf_get_u8(&r, &u8));

	buf_reader_init(&r, in, sizeof(in));
	assert_true(buf_get_sub(&r, &sub, 3));
	assert_false(buf_get_u32(&sub, &u32));	/* sub-reader is bounded */
	assert_false(buf_get_sub(&r, &sub, 5));
}

static void
test_writer(void **state)
{
	struct buf	 b = BUF_INIT;
	int		 i;

	for (i = 0; i < 1000; i++)
		buf_put_u32(&b, (uint32_t)i);
	assert_true(buf_ok(&b));
	assert_int_equal(b.len, 4000);
	assert_int_equal(be32_load(b.data + 3996), 999);
	buf_reset(&b);
	buf_printf(&b, "%s-%d", "x", 42);
	assert_string_equal(buf_cstr(&b), "x-42");
	buf_consume(&b, 2);
	assert_string_equal(buf_cstr(&b), "42");
	buf_put_u64(&b, 0x0102030405060708ULL);
	assert_int_equal(b.len, 10);
	assert_int_equal(b.data[2], 1);
	assert_int_equal(b.data[9], 8);
	buf_free(&b);
}

static void
test_addr(void **state)
{
	struct in_addr	 a;
	struct prefix4	 p4;
	struct prefix6	 p6;
	struct mac	 m;
	char		 s[PREFIX6_STRLEN];

	assert_true(addr4_parse("192.0.2.1", &a));
	assert_false(addr4_parse("1.2.3", &a));
	assert_false(addr4_parse("256.1.1.1", &a));
	assert_false(addr4_parse("1.2.3.4 ", &a));
	assert_true(prefix4_parse("10.0.0.1/8", &p4));
	assert_string_equal(prefix4_print(&p4, s, sizeof(s)), "10.0.0.0/8");
	assert_false(prefix4_parse("10.0.0.0/33", &p4));
	assert_false(prefix4_parse("10.0.0.0", &p4));
	assert_false(prefix4_parse("10.0.0.0/", &p4));
	assert_false(prefix4_parse("10.0.0.0/-1", &p4));
	assert_true(prefix4_parse("0.0.0.0/0", &p4));
	assert_true(prefix6_parse("fe80::1/64", &p6));
	assert_string_equal(prefix6_print(&p6, s, sizeof(s)), "fe80::/64");
	assert_true(prefix6_parse("2001:db8:ffff::/33", &p6));
	assert_string_equal(prefix6_print(&p6, s, sizeof(s)), "2001:db8:8000::/33");
	assert_false(prefix6_parse("fe80::/129", &p6));
	assert_true(mac_parse("AA:BB:CC:DD:EE:FF", &m));
	assert_string_equal(mac_print(&m, s, sizeof(s)), "aa:bb:cc:dd:ee:ff");
	assert_true(mac_parse("0:11:22:33:44:5", &m));
	assert_string_equal(mac_print(&m, s, sizeof(s)), "0:11:22:33:44:5");
	assert_false(mac_parse("aabb.ccdd.eeff", &m));
	assert_false(mac_parse("aa:bb:cc:dd:ee", &m));
	assert_false(mac_parse("aa:bb:cc:dd:ee:ff:00", &m));
	assert_false(mac_parse("aaa:bb:cc:dd:ee:ff", &m));
	assert_true(prefix4_parse("127.0.0.0/8", &p4));
	assert_true(addr4_parse("127.1.2.3", &a));
	assert_true(prefix4_contains(&p4, &a));
	assert_true(addr4_is_loopback(&a));
}

static void
test_strnum(void **state)
{
	uint64_t	 u;
	int64_t		 i;
	char		 host[64];
	uint16_t	 port;

	assert_true(strnum_u64("4294967295", UINT32_MAX, &u));
	assert_false(strnum_u64("4294967296", UINT32_MAX, &u));
	assert_false(strnum_u64("-1", UINT32_MAX, &u));
	assert_false(strnum_u64("0x10", UINT32_MAX, &u));
	assert_false(strnum_u64("", UINT32_MAX, &u));
	assert_false(strnum_u64(" 1", UINT32_MAX, &u));
	assert_true(strnum_u64("18446744073709551615", UINT64_MAX, &u));
	assert_false(strnum_u64("18446744073709551616", UINT64_MAX, &u));
	assert_true(strnum_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &i));
	assert_true(i == INT64_MIN);
	assert_false(strnum_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &i));
	assert_false(strnum_i64("-", INT64_MIN, INT64_MAX, &i));
	assert_false(strnum_i64("-2147483649", INT32_MIN, INT32_MAX, &i));
	assert_true(sock_split_hostport("127.0.0.1:1104", host, sizeof(host),
	    &port) == 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 1104);
	assert_true(sock_split_hostport("[::1]:80", host, sizeof(host),
	    &port) == 0);
	assert_string_equal(host, "::1");
	assert_true(sock_split_hostport("1.2.3.4", host, sizeof(host),
	    &port) == -1);
	assert_true(sock_split_hostport("1.2.3.4:65536", host, sizeof(host),
	    &port) == -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_bounds),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_strnum),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}

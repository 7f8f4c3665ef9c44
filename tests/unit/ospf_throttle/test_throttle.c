/*
 * DOC: unit tests of the SPF throttle (throttle.c), with FRRouting's
 * default "timers throttle spf 0 50 5000" and a slower one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "throttle.h"

static const struct throttle_conf frr = { 0, 50, 5000 };

/* The first run ever, and a change after a quiet hold: DELAY. */
static void
test_first_and_quiet(void **state)
{
	uint32_t	 hold = 0;

	(void)state;
	assert_int_equal(throttle_delay(&frr, 1000, 0, false, &hold), 0);
	assert_int_equal(hold, 50);
	/* Last run 80 ms ago, hold 50: quiet, at once. */
	assert_int_equal(throttle_delay(&frr, 1080, 1000, true, &hold), 0);
	assert_int_equal(hold, 50);
}

/* Changes inside the hold wait for its end, and the hold doubles. */
static void
test_doubling(void **state)
{
	uint64_t	 now = 10000, last = 10000;
	uint32_t	 hold = 50;
	uint64_t	 want[] = { 40, 90, 190, 390, 790, 1590, 3190, 4990,
	    4990 };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		uint64_t d = throttle_delay(&frr, now + 10, last, true, &hold);

		assert_int_equal(d, want[i]);
		/* The run happens after d: the next change comes 10 ms
		 * after that run started. */
		last = now + 10 + d;
		now = last;
	}
	assert_int_equal(hold, 5000);	/* capped at MAX */
	/* A quiet MAX resets the hold. */
	assert_int_equal(throttle_delay(&frr, last + 5000, last, true, &hold),
	    0);
	assert_int_equal(hold, 50);
}

/* DELAY is a floor even inside the hold; MAX below HOLD means HOLD. */
static void
test_delay_floor(void **state)
{
	const struct throttle_conf slow = { 200, 100, 50 };
	uint32_t	 hold = 0;

	(void)state;
	assert_int_equal(throttle_delay(&slow, 1000, 0, false, &hold), 200);
	assert_int_equal(throttle_delay(&slow, 1030, 1000, true, &hold), 200);
	assert_int_equal(hold, 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_and_quiet),
		cmocka_unit_test(test_doubling),
		cmocka_unit_test(test_delay_floor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

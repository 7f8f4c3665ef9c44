/*
 * DOC: unit tests of the LSA key set (keyset.c): random adds, finds and
 * deletes checked against a plain array, iteration with deletion as the
 * retransmission timer does it, and growth past many thousands of keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keyset.h"

#define UNIVERSE	4096	/* distinct keys the random test draws from */

static void
key_of(unsigned k, struct lsa_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->type = (uint8_t)(1 + k % 5);
	h->id = 0x0a000000u + (k / 5) * 7;	/* clustered, as real IDs */
	h->adv_rtr = 0x0aff0000u + k % 3;
	h->seq = 0x80000000u + k;
}

static void
test_random(void **state)
{
	struct keyset	 ks;
	static bool	 in[UNIVERSE];
	struct lsa_hdr	 h, *f;
	size_t		 n = 0, i;
	unsigned	 step, k;

	(void)state;
	srandom(7);
	keyset_init(&ks);
	memset(in, 0, sizeof(in));
	for (step = 0; step < 200000; step++) {
		k = (unsigned)random() % UNIVERSE;
		key_of(k, &h);
		switch (random() % 3) {
		case 0:
			assert_true(keyset_add(&ks, &h));
			n += !in[k];
			in[k] = true;
			break;
		case 1:
			assert_int_equal(keyset_del(&ks, h.type, h.id,
			    h.adv_rtr), in[k]);
			n -= in[k];
			in[k] = false;
			break;
		default:
			f = keyset_find(&ks, h.type, h.id, h.adv_rtr);
			assert_int_equal(f != NULL, in[k]);
			if (f != NULL)
				assert_int_equal(f->seq, h.seq);
		}
		assert_int_equal(ks.n, n);
	}
	/* Iteration sees every key once. */
	for (i = 0, k = 0; keyset_next(&ks, &i) != NULL; k++)
		;
	assert_int_equal(k, n);
	keyset_clear(&ks);
}

/* Delete while iterating, stepping back as the DOC says: all go. */
static void
test_delete_while_iterating(void **state)
{
	struct keyset	 ks;
	struct lsa_hdr	 h, *p;
	size_t		 i = 0;
	unsigned	 k, seen = 0;

	(void)state;
	keyset_init(&ks);
	for (k = 0; k < 20000; k++) {
		key_of(k, &h);
		assert_true(keyset_add(&ks, &h));
	}
	assert_int_equal(ks.n, 20000);
	while ((p = keyset_next(&ks, &i)) != NULL) {
		if (p->seq % 2 == 0) {
			assert_true(keyset_del(&ks, p->type, p->id,
			    p->adv_rtr));
			i--;
		}
		seen++;
	}
	assert_int_equal(ks.n, 10000);
	for (k = 0; k < 20000; k++) {
		key_of(k, &h);
		assert_int_equal(keyset_find(&ks, h.type, h.id, h.adv_rtr) !=
		    NULL, k % 2 == 1);
	}
	keyset_clear(&ks);
}

/* Type 0 marks an empty slot: it is refused, and finds nothing. */
static void
test_type_zero(void **state)
{
	struct keyset	 ks;
	struct lsa_hdr	 h;

	(void)state;
	keyset_init(&ks);
	memset(&h, 0, sizeof(h));
	assert_false(keyset_add(&ks, &h));
	assert_null(keyset_find(&ks, 0, 0, 0));
	assert_false(keyset_del(&ks, 0, 0, 0));
	assert_int_equal(ks.n, 0);
	keyset_clear(&ks);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_delete_while_iterating),
		cmocka_unit_test(test_type_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: unit tests of the LSDB's index and order (lsdb.c): random installs,
 * replacements and deletes of summary-LSAs checked against a plain array
 * (lookup, walk order, seek, counts and checksum sums), walks that delete
 * as they go, and 50,000 LSAs installed and deleted in key order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "lsdb.h"
#include "ospf.h"

#define UNIVERSE	3000

struct key {
	uint8_t		 type;
	uint32_t	 id, adv;
};

static void
key_of(unsigned k, struct key *key)
{
	key->type = (uint8_t)(k % 2 ? LSA_TYPE_SUM_NET : LSA_TYPE_SUM_ASBR);
	key->id = 0x0a000000u + (k / 6) * 256;
	key->adv = 0x0aff0000u + k % 3;
}

static int
key_cmp(const struct key *a, const struct key *b)
{
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	if (a->adv != b->adv)
		return a->adv < b->adv ? -1 : 1;
	return 0;
}

static enum lsdb_ret
install(struct lsdb *db, const struct key *k, uint32_t seq)
{
	struct lsa_hdr		 h;
	struct lsa_summary	 s = { .mask = 0xffffff00u, .metric = 10 };
	struct buf		 b = BUF_INIT;
	enum lsdb_ret		 r;
	size_t			 start;

	memset(&h, 0, sizeof(h));
	h.type = k->type;
	h.id = k->id;
	h.adv_rtr = k->adv;
	h.seq = seq;
	h.options = OSPF_OPT_E;
	start = lsa_begin(&b, &h);
	lsa_summary_put(&b, &s);
	assert_true(lsa_finish(&b, start));
	r = lsdb_install(db, b.data, b.len, 0);
	buf_free(&b);
	return r;
}

static int
qcmp(const void *a, const void *b)
{
	return key_cmp(a, b);
}

/* The database walked in order equals the sorted set of keys present. */
static void
check_walk(const struct lsdb *db, const bool *in)
{
	static struct key	 want[UNIVERSE];
	const struct lsdb_entry	*e;
	size_t			 n = 0, i = 0;
	unsigned		 k;

	for (k = 0; k < UNIVERSE; k++)
		if (in[k])
			key_of(k, &want[n++]);
	qsort(want, n, sizeof(want[0]), qcmp);
	assert_int_equal(lsdb_size(db), n);
	for (e = lsdb_first(db); e != NULL; e = lsdb_next(db, e), i++) {
		struct key got = { e->lsa.hdr.type, e->lsa.hdr.id,
		    e->lsa.hdr.adv_rtr };

		assert_true(i < n);
		assert_int_equal(key_cmp(&got, &want[i]), 0);
	}
	assert_int_equal(i, n);
	assert_int_equal(lsdb_count(db, LSA_TYPE_SUM_NET) +
	    lsdb_count(db, LSA_TYPE_SUM_ASBR), n);
	/* seek lands on the first key not below the one asked for */
	for (i = 0; i < n; i += 97) {
		e = lsdb_seek(db, want[i].type, want[i].id, want[i].adv);
		assert_non_null(e);
		assert_int_equal(e->lsa.hdr.id, want[i].id);
		assert_int_equal(e->lsa.hdr.adv_rtr, want[i].adv);
		e = lsdb_seek(db, want[i].type, want[i].id, want[i].adv + 1);
		if (i + 1 == n) {
			assert_null(e);
			continue;
		}
		assert_non_null(e);
		assert_int_equal(e->lsa.hdr.id, want[i + 1].id);
		assert_int_equal(e->lsa.hdr.adv_rtr, want[i + 1].adv);
	}
}

static void
test_random(void **state)
{
	struct lsdb		*db = lsdb_new();
	static bool		 in[UNIVERSE];
	static uint32_t		 seq[UNIVERSE];
	struct lsdb_entry	*e;
	struct key		 key;
	unsigned		 step, k;
	uint32_t		 sum = 0;

	(void)state;
	srandom(11);
	for (step = 0; step < 40000; step++) {
		k = (unsigned)random() % UNIVERSE;
		key_of(k, &key);
		switch (random() % 3) {
		case 0:
		case 1: {
			enum lsdb_ret want = LSDB_SAME;

			if (!in[k]) {
				seq[k] = 0x80000001u;
				want = LSDB_NEW;
			} else if (random() % 2) {
				seq[k]++;
				want = LSDB_NEWER;
			}
			assert_int_equal(install(db, &key, seq[k]), want);
			if (in[k])
				assert_int_equal(install(db, &key, seq[k] - 1),
				    LSDB_OLDER);
			in[k] = true;
			break;
		}
		default:
			assert_int_equal(lsdb_delete(db, key.type, key.id,
			    key.adv), in[k]);
			in[k] = false;
		}
		e = lsdb_lookup(db, key.type, key.id, key.adv);
		assert_true((e != NULL) == in[k]);
		if (e != NULL)
			assert_int_equal(e->lsa.hdr.seq, seq[k]);
		if (step % 5000 == 0)
			check_walk(db, in);
	}
	check_walk(db, in);
	for (e = lsdb_first(db); e != NULL; e = lsdb_next(db, e))
		sum += e->lsa.hdr.cksum;
	assert_int_equal(lsdb_cksum_sum(db, LSA_TYPE_SUM_NET) +
	    lsdb_cksum_sum(db, LSA_TYPE_SUM_ASBR), sum);
	/* delete while walking, fetching the next entry first */
	for (e = lsdb_first(db); e != NULL; ) {
		struct lsdb_entry *next = lsdb_next(db, e);

		if (e->lsa.hdr.adv_rtr % 2)
			assert_true(lsdb_delete(db, e->lsa.hdr.type,
			    e->lsa.hdr.id, e->lsa.hdr.adv_rtr));
		e = next;
	}
	for (k = 0; k < UNIVERSE; k++) {
		key_of(k, &key);
		if (key.adv % 2)
			in[k] = false;
	}
	check_walk(db, in);
	lsdb_del(db);
}

/* Key order, as 50,000 redistributed prefixes arrive and are flushed. */
static void
test_in_order(void **state)
{
	struct lsdb		*db = lsdb_new();
	struct lsdb_entry	*e;
	struct key		 key = { LSA_TYPE_SUM_NET, 0, 0x0aff0001u };
	uint32_t		 i, n = 50000, prev = 0;

	(void)state;
	for (i = 0; i < n; i++) {
		key.id = 0x14000000u + (i << 8);
		assert_int_equal(install(db, &key, 0x80000001u), LSDB_NEW);
	}
	assert_int_equal(lsdb_size(db), n);
	i = 0;
	for (e = lsdb_first(db); e != NULL; e = lsdb_next(db, e), i++) {
		assert_true(i == 0 || e->lsa.hdr.id > prev);
		prev = e->lsa.hdr.id;
	}
	assert_int_equal(i, n);
	assert_true(lsdb_mem(db) > n * sizeof(struct lsdb_entry));
	for (i = 0; i < n; i++)
		assert_true(lsdb_delete(db, LSA_TYPE_SUM_NET,
		    0x14000000u + (i << 8), key.adv));
	assert_int_equal(lsdb_size(db), 0);
	assert_null(lsdb_first(db));
	lsdb_del(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for lib/rib: the prefix trie (against a naive array model),
 * route selection, replace semantics, change reports, ECMP limits,
 * recursive resolution and its loops, protocol flush, IPv6.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rib.h"
#include "trie.h"

/* A deterministic PRNG (xorshift64*), so that failures reproduce. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* ---- trie ---------------------------------------------------------- */

static struct in_addr
a4(const char *s)
{
	struct in_addr	 a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

struct collect {
	char	 out[4096];
	int	 n;
};

static int
collect_cb(const void *addr, unsigned int len, void *item, void *arg)
{
	struct collect	*c = arg;
	char		 b[INET_ADDRSTRLEN];
	size_t		 l = strlen(c->out);

	inet_ntop(AF_INET, addr, b, sizeof(b));
	snprintf(c->out + l, sizeof(c->out) - l, "%s%s/%u", l ? " " : "", b,
	    len);
	c->n++;
	return 0;
}

static void
test_trie_basic(void **state)
{
	struct trie	*t = trie_new(AF_INET);
	struct collect	 c;
	struct in_addr	 a, na;
	unsigned int	 plen, nlen;
	int		 items[8], i;
	const char	*pfx[] = { "10.0.0.0", "10.0.0.0", "10.1.0.0", "11.0.0.0",
	    "0.0.0.0", "10.1.2.3", "10.128.0.0" };
	unsigned int	 len[] = { 8, 16, 16, 8, 0, 32, 9 };

	assert_non_null(t);
	for (i = 0; i < 7; i++) {
		a = a4(pfx[i]);
		assert_int_equal(trie_insert(t, &a, len[i], &items[i]), 0);
	}
	assert_int_equal(trie_count(t), 7);
	a = a4("10.0.0.0");
	assert_int_equal(trie_insert(t, &a, 8, &items[7]), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(trie_insert(t, &a, 33, &items[7]), -1);
	assert_int_equal(errno, EINVAL);

	/* Host bits are ignored. */
	a = a4("10.1.255.255");
	assert_ptr_equal(trie_lookup(t, &a, 16), &items[2]);
	assert_null(trie_lookup(t, &a, 17));

	/* Longest-prefix match and covering prefix. */
	a = a4("10.1.2.3");
	assert_ptr_equal(trie_match(t, &a, 32, &plen), &items[5]);
	assert_int_equal(plen, 32);
	assert_ptr_equal(trie_cover(t, &a, 32, &plen), &items[2]);
	assert_int_equal(plen, 16);
	assert_ptr_equal(trie_cover(t, &a, 16, &plen), &items[0]);
	assert_ptr_equal(trie_cover(t, &a, 8, &plen), &items[4]);
	assert_int_equal(plen, 0);
	assert_null(trie_cover(t, &a, 0, &plen));
	a = a4("10.200.0.1");
	assert_ptr_equal(trie_match(t, &a, 32, &plen), &items[6]);
	assert_int_equal(plen, 9);
	a = a4("12.0.0.1");
	assert_ptr_equal(trie_match(t, &a, 32, &plen), &items[4]);

	/* Walk order: address, then shorter first. */
	memset(&c, 0, sizeof(c));
	a = a4("0.0.0.0");
	assert_int_equal(trie_walk(t, &a, 0, collect_cb, &c), 0);
	assert_string_equal(c.out, "0.0.0.0/0 10.0.0.0/8 10.0.0.0/16 "
	    "10.1.0.0/16 10.1.2.3/32 10.128.0.0/9 11.0.0.0/8");

	/* Subtree walks. */
	memset(&c, 0, sizeof(c));
	a = a4("10.0.0.0");
	trie_walk(t, &a, 15, collect_cb, &c);
	assert_string_equal(c.out, "10.0.0.0/16 10.1.0.0/16 10.1.2.3/32");
	memset(&c, 0, sizeof(c));
	a = a4("10.128.0.0");
	trie_walk(t, &a, 8, collect_cb, &c);
	assert_int_equal(c.n, 5);
	memset(&c, 0, sizeof(c));
	a = a4("12.0.0.0");
	trie_walk(t, &a, 8, collect_cb, &c);
	assert_int_equal(c.n, 0);

	/* Resumable iteration, also from a prefix that is not there. */
	assert_ptr_equal(trie_next(t, NULL, -1, &na, &nlen), &items[4]);
	assert_int_equal(nlen, 0);
	a = a4("10.0.0.0");
	assert_ptr_equal(trie_next(t, &a, 16, &na, &nlen), &items[2]);
	assert_int_equal(na.s_addr, a4("10.1.0.0").s_addr);
	a = a4("10.64.0.0");
	assert_ptr_equal(trie_next(t, &a, 10, &na, &nlen), &items[6]);
	a = a4("11.0.0.0");
	assert_null(trie_next(t, &a, 8, &na, &nlen));

	/* Removal keeps the rest reachable; glue goes away. */
	a = a4("10.0.0.0");
	assert_ptr_equal(trie_remove(t, &a, 8), &items[0]);
	assert_null(trie_remove(t, &a, 8));
	a = a4("10.1.2.3");
	assert_ptr_equal(trie_match(t, &a, 32, NULL), &items[5]);
	assert_ptr_equal(trie_cover(t, &a, 16, &plen), &items[4]);
	for (i = 1; i < 7; i++) {
		a = a4(pfx[i]);
		assert_ptr_equal(trie_remove(t, &a, len[i]), &items[i]);
	}
	assert_int_equal(trie_count(t), 0);
	assert_int_equal(trie_nodes(t), 0);
	trie_del(t);
}

/* The naive model: an array of prefixes, searched linearly. */
struct model {
	uint32_t	 key[4];	/* host order words */
	unsigned int	 len;
	int		 present;
};

static void
words_mask(uint32_t *k, unsigned int nw, unsigned int len)
{
	unsigned int	 i;

	for (i = 0; i < nw; i++) {
		if (len >= 32 * (i + 1))
			continue;
		k[i] = len <= 32 * i ? 0 : k[i] & ~0U << (32 - (len - 32 * i));
	}
}

static void
words_to_addr(const uint32_t *k, unsigned int nw, uint8_t *a)
{
	unsigned int	 i;

	for (i = 0; i < nw; i++) {
		a[4 * i] = k[i] >> 24;
		a[4 * i + 1] = k[i] >> 16;
		a[4 * i + 2] = k[i] >> 8;
		a[4 * i + 3] = k[i];
	}
}

static void
addr_to_words(const uint8_t *a, unsigned int nw, uint32_t *k)
{
	unsigned int	 i;

	for (i = 0; i < nw; i++)
		k[i] = (uint32_t)a[4 * i] << 24 | (uint32_t)a[4 * i + 1] << 16 |
		    (uint32_t)a[4 * i + 2] << 8 | a[4 * i + 3];
}

static int
model_contains(const struct model *m, const uint32_t *k, unsigned int nw)
{
	uint32_t	 x[4];

	memcpy(x, k, sizeof(x));
	words_mask(x, nw, m->len);
	return memcmp(x, m->key, nw * 4) == 0;
}

static int
model_cmp(const struct model *a, const struct model *b, unsigned int nw)
{
	unsigned int	 i;

	for (i = 0; i < nw; i++)
		if (a->key[i] != b->key[i])
			return a->key[i] < b->key[i] ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

struct walk_check {
	struct model	**sorted;
	size_t		 n, i;
	unsigned int	 nw;
	struct model	*base;
};

static int
walk_check_cb(const void *addr, unsigned int len, void *item, void *arg)
{
	struct walk_check	*w = arg;
	struct model		*m = item;
	uint32_t		 k[4] = { 0 };

	assert_true(w->i < w->n);
	assert_ptr_equal(m, w->sorted[w->i]);
	addr_to_words(addr, w->nw, k);
	assert_memory_equal(k, m->key, w->nw * 4);
	assert_int_equal(len, m->len);
	w->i++;
	return 0;
}

static unsigned int	 sort_nw;
static int
sort_cmp(const void *a, const void *b)
{
	return model_cmp(*(struct model *const *)a, *(struct model *const *)b,
	    sort_nw);
}

static void
model_verify(struct trie *t, struct model *m, size_t nm, unsigned int nw,
    uint64_t *seed)
{
	struct model	**sorted, *best, *got;
	struct walk_check w;
	uint32_t	 k[4];
	uint8_t		 a[16], na[16];
	unsigned int	 maxlen = 32 * nw, plen, nlen;
	size_t		 i, j, n = 0;
	const void	*prev;
	int		 prevlen;

	sorted = calloc(nm, sizeof(*sorted));
	assert_non_null(sorted);
	for (i = 0; i < nm; i++) {
		words_to_addr(m[i].key, nw, a);
		got = trie_lookup(t, a, m[i].len);
		if (m[i].present) {
			assert_ptr_equal(got, &m[i]);
			sorted[n++] = &m[i];
		} else
			assert_null(got);
	}
	assert_int_equal(trie_count(t), n);
	assert_true(trie_nodes(t) <= (n ? 2 * n - 1 : 0));
	sort_nw = nw;
	qsort(sorted, n, sizeof(*sorted), sort_cmp);

	/* Ordered walk. */
	w.sorted = sorted;
	w.n = n;
	w.i = 0;
	w.nw = nw;
	w.base = m;
	memset(a, 0, sizeof(a));
	assert_int_equal(trie_walk(t, a, 0, walk_check_cb, &w), 0);
	assert_int_equal(w.i, n);

	/* Resumable iteration gives the same sequence. */
	prev = NULL;
	prevlen = -1;
	for (i = 0; i < n; i++) {
		got = trie_next(t, prev, prevlen, na, &nlen);
		assert_ptr_equal(got, sorted[i]);
		memcpy(a, na, sizeof(a));
		prev = a;
		prevlen = (int)nlen;
	}
	assert_null(trie_next(t, prev, prevlen, na, &nlen));

	/* Longest-prefix match of random addresses near the keys. */
	for (j = 0; j < 300; j++) {
		const struct model	*near = &m[rnd(seed) % nm];

		memcpy(k, near->key, sizeof(k));
		k[nw - 1] ^= (uint32_t)rnd(seed) & 0xff;
		if (rnd(seed) % 4 == 0)
			k[0] ^= (uint32_t)rnd(seed);
		best = NULL;
		for (i = 0; i < nm; i++)
			if (m[i].present && model_contains(&m[i], k, nw) &&
			    (best == NULL || m[i].len > best->len))
				best = &m[i];
		words_to_addr(k, nw, a);
		got = trie_match(t, a, maxlen, &plen);
		assert_ptr_equal(got, best);
		if (best != NULL) {
			assert_int_equal(plen, best->len);
			/* The covering prefix is the next shorter match. */
			struct model	*cov = NULL;

			for (i = 0; i < nm; i++)
				if (m[i].present && m[i].len < best->len &&
				    model_contains(&m[i], k, nw) &&
				    (cov == NULL || m[i].len > cov->len))
					cov = &m[i];
			words_to_addr(best->key, nw, a);
			assert_ptr_equal(trie_cover(t, a, best->len, NULL),
			    cov);
		}
	}
	free(sorted);
}

static void
trie_random(int family, size_t nm, size_t nops, uint64_t seed)
{
	struct trie	*t = trie_new(family);
	struct model	*m = calloc(nm, sizeof(*m));
	unsigned int	 nw = family == AF_INET ? 1 : 4, maxlen = 32 * nw;
	uint32_t	 bases[16][4];
	uint8_t		 a[16];
	size_t		 i, j, op;
	void		*got;

	assert_non_null(t);
	assert_non_null(m);
	/* Few bases and random lengths: lots of nesting and shared paths. */
	for (i = 0; i < 16; i++)
		for (j = 0; j < 4; j++)
			bases[i][j] = (uint32_t)rnd(&seed);
	for (i = 0; i < nm; i++) {
	again:
		memcpy(m[i].key, bases[rnd(&seed) % 16], sizeof(m[i].key));
		m[i].key[nw - 1] ^= (uint32_t)rnd(&seed) & 0xffff;
		m[i].len = (unsigned int)(rnd(&seed) % (maxlen + 1));
		if (rnd(&seed) % 8 == 0)
			m[i].len = (unsigned int)(rnd(&seed) % 9);
		words_mask(m[i].key, nw, m[i].len);
		for (j = 0; j < i; j++)
			if (model_cmp(&m[i], &m[j], nw) == 0)
				goto again;
	}
	for (op = 0; op < nops; op++) {
		i = rnd(&seed) % nm;
		words_to_addr(m[i].key, nw, a);
		if (!m[i].present) {
			assert_int_equal(trie_insert(t, a, m[i].len, &m[i]), 0);
			m[i].present = 1;
		} else if (rnd(&seed) % 3 == 0) {
			assert_int_equal(trie_insert(t, a, m[i].len, &m[i]),
			    -1);
			assert_int_equal(errno, EEXIST);
		} else {
			got = trie_remove(t, a, m[i].len);
			assert_ptr_equal(got, &m[i]);
			m[i].present = 0;
		}
		if (op % 1000 == 999)
			model_verify(t, m, nm, nw, &seed);
	}
	/* Empty it completely. */
	for (i = 0; i < nm; i++) {
		if (!m[i].present)
			continue;
		words_to_addr(m[i].key, nw, a);
		assert_ptr_equal(trie_remove(t, a, m[i].len), &m[i]);
		m[i].present = 0;
	}
	assert_int_equal(trie_count(t), 0);
	assert_int_equal(trie_nodes(t), 0);
	trie_del(t);
	free(m);
}

static void
test_trie_random4(void **state)
{
	trie_random(AF_INET, 3000, 30000, 0x1234567887654321ULL);
}

static void
test_trie_random6(void **state)
{
	trie_random(AF_INET6, 2000, 16000, 0xfeedfacecafebeefULL);
}

/* ---- RIB helpers --------------------------------------------------- */

struct event {
	enum rib_fib_op	 op;
	char		 prefix[RIB_PREFIX_STRLEN];
	uint8_t		 old_proto, new_proto;
	uint32_t	 new_metric;
	char		 old_nh[256], new_nh[256];
};

struct recorder {
	struct rib	*rib;
	struct event	 ev[64];
	int		 n;		/* events recorded */
	int		 total;		/* events seen */
	int		 ebusy;		/* changes refused from the callback */
};

static void
nhg_str(int family, const struct rib_nhg *g, char *buf, size_t len)
{
	char		 b[RIB_NH_STRLEN];
	unsigned int	 i;
	size_t		 l;

	buf[0] = '\0';
	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++) {
		l = strlen(buf);
		snprintf(buf + l, len - l, "%s%s", i ? "," : "",
		    rib_nh_print(family, &g->nh[i], b, sizeof(b)));
	}
}

static void
record_cb(const struct rib_fib_change *ch, void *arg)
{
	struct recorder		*rec = arg;
	struct event		*e;
	struct rib_prefix	 p;
	struct rib_attr		 a = { RIB_PROTO_STATIC, 0, -1, 0, 0 };
	struct rib_nh		 nh;

	rec->total++;
	/* The RIB must refuse changes from inside its callback. */
	rib_nh_blackhole(&nh);
	assert_true(rib_prefix_parse("203.0.113.0/24", &p));
	if (rib_route_add(rec->rib, &p, &a, &nh, 1) == -1 && errno == EBUSY)
		rec->ebusy++;
	if (rec->n == (int)(sizeof(rec->ev) / sizeof(rec->ev[0])))
		return;
	e = &rec->ev[rec->n++];
	e->op = ch->op;
	rib_prefix_print(ch->prefix, e->prefix, sizeof(e->prefix));
	e->old_proto = ch->old_proto;
	e->new_proto = ch->new_proto;
	e->new_metric = ch->new_metric;
	nhg_str(ch->prefix->family, ch->old_nhg, e->old_nh, sizeof(e->old_nh));
	nhg_str(ch->prefix->family, ch->new_nhg, e->new_nh, sizeof(e->new_nh));
	if (ch->op == RIB_FIB_DELETE)
		assert_null(ch->route);
	else
		assert_non_null(ch->route);
}

static int
rib_setup(void **state)
{
	struct recorder	*rec = calloc(1, sizeof(*rec));

	assert_non_null(rec);
	rec->rib = rib_new(record_cb, rec);
	assert_non_null(rec->rib);
	*state = rec;
	return 0;
}

static int
rib_teardown(void **state)
{
	struct recorder	*rec = *state;

	rib_del(rec->rib);
	free(rec);
	return 0;
}

static void
clear(struct recorder *rec)
{
	rec->n = 0;
}

/*
 * Next hops as text: "192.0.2.1" (recursive), "192.0.2.1@3" (direct), "@3"
 * (interface), "blackhole"; comma separated.
 */
static unsigned int
nh_parse(const char *spec, struct rib_nh *nh, unsigned int max)
{
	char		 buf[2048], *s, *tok, *at;
	unsigned int	 n = 0;
	uint32_t	 ifindex;
	int		 family;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (s = buf; (tok = strsep(&s, ",")) != NULL && n < max; n++) {
		ifindex = 0;
		if ((at = strchr(tok, '@')) != NULL) {
			*at = '\0';
			ifindex = (uint32_t)atoi(at + 1);
		}
		assert_true(rib_nh_parse(tok, ifindex, &nh[n], &family));
	}
	return n;
}

static int
add(struct recorder *rec, uint8_t proto, const char *prefix, int distance,
    uint32_t metric, const char *nhs)
{
	struct rib_prefix	 p;
	struct rib_attr		 a;
	struct rib_nh		 nh[RIB_NH_MAX + 4];
	unsigned int		 n;

	assert_true(rib_prefix_parse(prefix, &p));
	memset(&a, 0, sizeof(a));
	a.proto = proto;
	a.distance = (int16_t)distance;
	a.metric = metric;
	n = nh_parse(nhs, nh, RIB_NH_MAX + 4);
	return rib_route_add(rec->rib, &p, &a, nh, n);
}

static int
del(struct recorder *rec, uint8_t proto, const char *prefix)
{
	struct rib_prefix	 p;

	assert_true(rib_prefix_parse(prefix, &p));
	return rib_route_del(rec->rib, &p, proto);
}

/* The selected route's protocol at prefix, or RIB_PROTO_NONE. */
static int
selected(struct recorder *rec, const char *prefix)
{
	struct rib_prefix	 p;
	const struct rib_dest	*d;
	const struct rib_route	*r;

	assert_true(rib_prefix_parse(prefix, &p));
	if ((d = rib_dest_lookup(rec->rib, &p)) == NULL ||
	    (r = rib_dest_selected(d)) == NULL)
		return RIB_PROTO_NONE;
	return r->proto;
}

/* A route's flags, or -1 if absent. */
static int
rflags(struct recorder *rec, uint8_t proto, const char *prefix)
{
	struct rib_prefix	 p;
	const struct rib_route	*r;

	assert_true(rib_prefix_parse(prefix, &p));
	if ((r = rib_route_lookup(rec->rib, &p, proto)) == NULL)
		return -1;
	return r->flags;
}

/* The resolved next hops of a route, as text. */
static const char *
fib(struct recorder *rec, uint8_t proto, const char *prefix)
{
	static char		 buf[512];	/* test helper only */
	struct rib_prefix	 p;
	const struct rib_route	*r;

	assert_true(rib_prefix_parse(prefix, &p));
	buf[0] = '\0';
	if ((r = rib_route_lookup(rec->rib, &p, proto)) != NULL)
		nhg_str(p.family, rib_route_fib(r), buf, sizeof(buf));
	return buf;
}

/* ---- selection ----------------------------------------------------- */

static void
test_select(void **state)
{
	struct recorder	*rec = *state;

	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.0.0.0/8", -1, 2,
	    "192.0.2.9@1"), 0);
	assert_int_equal(rec->n, 1);
	assert_int_equal(rec->ev[0].op, RIB_FIB_ADD);
	assert_string_equal(rec->ev[0].prefix, "10.0.0.0/8");
	assert_int_equal(rec->ev[0].new_proto, RIB_PROTO_RIP);
	assert_string_equal(rec->ev[0].new_nh, "192.0.2.9 if 1");
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_RIP);

	/* OSPF (110) beats RIP (120). */
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 50,
	    "192.0.2.1@1"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_OSPF);
	assert_int_equal(rec->n, 1);
	assert_int_equal(rec->ev[0].op, RIB_FIB_REPLACE);
	assert_int_equal(rec->ev[0].old_proto, RIB_PROTO_RIP);
	assert_int_equal(rec->ev[0].new_proto, RIB_PROTO_OSPF);
	assert_string_equal(rec->ev[0].old_nh, "192.0.2.9 if 1");
	assert_string_equal(rec->ev[0].new_nh, "192.0.2.1 if 1");
	assert_true(rflags(rec, RIB_PROTO_RIP, "10.0.0.0/8") & RIB_RF_ACTIVE);
	assert_false(rflags(rec, RIB_PROTO_RIP, "10.0.0.0/8") &
	    RIB_RF_SELECTED);

	/* Equal distance: lower metric wins. */
	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.0.0.0/8", 110, 10,
	    "192.0.2.9@1"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_RIP);
	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.0.0.0/8", 110, 60,
	    "192.0.2.9@1"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_OSPF);

	/* A static route with its own distance 200 is a floating static. */
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.0.0.0/8", 200, 0,
	    "192.0.2.5@2"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_OSPF);
	assert_int_equal(del(rec, RIB_PROTO_OSPF, "10.0.0.0/8"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_RIP);
	assert_int_equal(del(rec, RIB_PROTO_RIP, "10.0.0.0/8"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_STATIC);
	/* Distance 255: never selected. */
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.0.0.0/8", 255, 0,
	    "192.0.2.5@2"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_NONE);
	assert_int_equal(rec->n, 1);
	assert_int_equal(rec->ev[0].op, RIB_FIB_DELETE);
	assert_int_equal(rec->ev[0].old_proto, RIB_PROTO_STATIC);
	assert_int_equal(del(rec, RIB_PROTO_OSPF, "10.0.0.0/8"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(del(rec, RIB_PROTO_STATIC, "10.0.0.0/8"), 0);
	assert_int_equal(rib_count(rec->rib, AF_INET, -1), 0);
	assert_int_equal(rec->ebusy, rec->total);
}

static void
test_distance_change(void **state)
{
	struct recorder	*rec = *state;

	assert_int_equal(rib_distance(rec->rib, RIB_PROTO_OSPF), 110);
	assert_int_equal(rib_distance(rec->rib, RIB_PROTO_EBGP), 20);
	assert_int_equal(rib_distance(rec->rib, RIB_PROTO_IBGP), 200);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 0,
	    "192.0.2.1@1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.1.0.0/16", -1, 0,
	    "192.0.2.1@1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.0.0.0/8", -1, 0,
	    "192.0.2.2@1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.1.0.0/16", 100, 0,
	    "192.0.2.2@1"), 0);	/* own distance: not affected */
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_OSPF);
	assert_int_equal(selected(rec, "10.1.0.0/16"), RIB_PROTO_RIP);

	clear(rec);
	assert_int_equal(rib_set_distance(rec->rib, RIB_PROTO_RIP, 90), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_RIP);
	assert_int_equal(selected(rec, "10.1.0.0/16"), RIB_PROTO_RIP);
	assert_int_equal(rec->n, 1);
	assert_string_equal(rec->ev[0].prefix, "10.0.0.0/8");
	assert_int_equal(rec->ev[0].op, RIB_FIB_REPLACE);

	clear(rec);
	assert_int_equal(rib_set_distance(rec->rib, RIB_PROTO_OSPF, 80), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_OSPF);
	assert_int_equal(selected(rec, "10.1.0.0/16"), RIB_PROTO_OSPF);
	assert_int_equal(rec->n, 2);
	assert_int_equal(rib_set_distance(rec->rib, RIB_PROTO_OSPF, 256), -1);
	assert_int_equal(errno, EINVAL);
	/* The new default applies to routes added later. */
	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.2.0.0/16", -1, 0,
	    "192.0.2.2@1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.2.0.0/16", -1, 0,
	    "192.0.2.1@1"), 0);
	assert_int_equal(selected(rec, "10.2.0.0/16"), RIB_PROTO_OSPF);
}

static void
test_replace(void **state)
{
	struct recorder	*rec = *state;

	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 10,
	    "192.0.2.1@1"), 0);
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 10,
	    "192.0.2.7@3"), 0);
	assert_int_equal(rib_count(rec->rib, AF_INET, RIB_PROTO_OSPF), 1);
	assert_int_equal(rec->n, 1);
	assert_int_equal(rec->ev[0].op, RIB_FIB_REPLACE);
	assert_string_equal(rec->ev[0].old_nh, "192.0.2.1 if 1");
	assert_string_equal(rec->ev[0].new_nh, "192.0.2.7 if 3");
	/* A metric change is a REPLACE with the same next hops. */
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 20,
	    "192.0.2.7@3"), 0);
	assert_int_equal(rec->n, 1);
	assert_int_equal(rec->ev[0].op, RIB_FIB_REPLACE);
	assert_int_equal(rec->ev[0].new_metric, 20);
	assert_string_equal(rec->ev[0].old_nh, rec->ev[0].new_nh);
	/* Other protocols' routes for the prefix stay. */
	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.0.0.0/8", -1, 1,
	    "192.0.2.8@3"), 0);
	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.0.0.0/8", -1, 1,
	    "192.0.2.9@3"), 0);
	assert_int_equal(rib_count(rec->rib, AF_INET, RIB_PROTO_RIP), 1);
	assert_int_equal(rib_count(rec->rib, AF_INET, -1), 1);
	assert_string_equal(fib(rec, RIB_PROTO_RIP, "10.0.0.0/8"),
	    "192.0.2.9 if 3");
	assert_string_equal(fib(rec, RIB_PROTO_OSPF, "10.0.0.0/8"),
	    "192.0.2.7 if 3");
}

static void
test_identical_readd(void **state)
{
	struct recorder	*rec = *state;
	char		 p[32];
	int		 i;

	for (i = 0; i < 50; i++) {
		snprintf(p, sizeof(p), "10.%d.0.0/16", i);
		assert_int_equal(add(rec, RIB_PROTO_OSPF, p, -1, 10,
		    "192.0.2.1@1,192.0.2.2@2"), 0);
	}
	assert_int_equal(rec->total, 50);
	/* Same route again, next hops in another order: nothing to report. */
	clear(rec);
	for (i = 0; i < 50; i++) {
		snprintf(p, sizeof(p), "10.%d.0.0/16", i);
		assert_int_equal(add(rec, RIB_PROTO_OSPF, p, -1, 10,
		    "192.0.2.2@2,192.0.2.1@1"), 0);
	}
	assert_int_equal(rec->n, 0);

	/* A restart: mark stale, re-add most, sweep the rest. */
	assert_int_equal(rib_proto_mark_stale(rec->rib, RIB_PROTO_OSPF), 0);
	assert_true(rflags(rec, RIB_PROTO_OSPF, "10.3.0.0/16") & RIB_RF_STALE);
	for (i = 0; i < 40; i++) {
		snprintf(p, sizeof(p), "10.%d.0.0/16", i);
		assert_int_equal(add(rec, RIB_PROTO_OSPF, p, -1, 10,
		    "192.0.2.1@1,192.0.2.2@2"), 0);
	}
	assert_false(rflags(rec, RIB_PROTO_OSPF, "10.3.0.0/16") &
	    RIB_RF_STALE);
	assert_int_equal(rec->n, 0);
	assert_int_equal(rib_proto_sweep(rec->rib, RIB_PROTO_OSPF), 0);
	assert_int_equal(rec->n, 10);
	assert_int_equal(rec->ev[0].op, RIB_FIB_DELETE);
	assert_int_equal(rib_count(rec->rib, AF_INET, RIB_PROTO_OSPF), 40);

	/* Within a batch, delete and add back: nothing reported either. */
	clear(rec);
	assert_int_equal(rib_begin(rec->rib), 0);
	for (i = 0; i < 40; i++) {
		snprintf(p, sizeof(p), "10.%d.0.0/16", i);
		assert_int_equal(del(rec, RIB_PROTO_OSPF, p), 0);
	}
	assert_int_equal(rib_proto_flush(rec->rib, RIB_PROTO_OSPF), 0);
	for (i = 0; i < 40; i++) {
		snprintf(p, sizeof(p), "10.%d.0.0/16", i);
		assert_int_equal(add(rec, RIB_PROTO_OSPF, p, -1, 10,
		    "192.0.2.1@1,192.0.2.2@2"), 0);
	}
	assert_int_equal(rib_commit(rec->rib), 0);
	assert_int_equal(rec->n, 0);
	assert_int_equal(rib_commit(rec->rib), -1);
	assert_int_equal(errno, EINVAL);
}

static void
test_batch(void **state)
{
	struct recorder	*rec = *state;
	char		 p[32];
	int		 i;

	assert_int_equal(rib_begin(rec->rib), 0);
	assert_int_equal(rib_begin(rec->rib), 0);	/* nests */
	for (i = 0; i < 1000; i++) {
		snprintf(p, sizeof(p), "10.%d.%d.0/24", i / 256, i % 256);
		assert_int_equal(add(rec, RIB_PROTO_STATIC, p, -1, 0, "@4"), 0);
		assert_int_equal(add(rec, RIB_PROTO_STATIC, p, -1, 0, "@5"), 0);
	}
	assert_int_equal(rec->total, 0);
	assert_int_equal(rib_commit(rec->rib), 0);
	assert_int_equal(rec->total, 0);
	assert_int_equal(rib_commit(rec->rib), 0);
	assert_int_equal(rec->total, 1000);
	assert_int_equal(rec->ev[0].op, RIB_FIB_ADD);
	assert_string_equal(rec->ev[0].new_nh, "if 5");
}

static void
test_ecmp(void **state)
{
	struct recorder	*rec = *state;
	char		 spec[1024];
	size_t		 l;
	int		 i;

	spec[0] = '\0';
	for (i = 1; i <= 16; i++) {
		l = strlen(spec);
		snprintf(spec + l, sizeof(spec) - l, "%s192.0.2.%d@%d",
		    i > 1 ? "," : "", i, i);
	}
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 0, spec),
	    0);
	assert_int_equal(rec->n, 1);
	assert_int_equal(strncmp(rec->ev[0].new_nh, "192.0.2.1 if 1,", 15), 0);
	l = strlen(spec);
	snprintf(spec + l, sizeof(spec) - l, ",192.0.2.17@17");
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 0, spec),
	    -1);
	assert_int_equal(errno, E2BIG);
	assert_int_equal(rec->n, 0);
	/* The 16-way route is still there. */
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_OSPF);
	assert_non_null(strstr(fib(rec, RIB_PROTO_OSPF, "10.0.0.0/8"),
	    "192.0.2.16 if 16"));

	/* Bad next hops. */
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 0,
	    "blackhole,192.0.2.1@1"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 0,
	    "0.0.0.0"), -1);
	assert_int_equal(errno, EINVAL);
	{
		struct rib_prefix	 p;
		struct rib_attr		 a = { RIB_PROTO_OSPF, 0, -1, 0, 0 };
		struct rib_nh		 nh;

		assert_true(rib_prefix_parse("10.0.0.0/8", &p));
		assert_int_equal(rib_route_add(rec->rib, &p, &a, &nh, 0), -1);
		assert_int_equal(errno, EINVAL);
	}
}

/* ---- recursive resolution ------------------------------------------ */

static void
test_recursive_connected(void **state)
{
	struct recorder	*rec = *state;

	/* No route to the gateway yet: inactive, nothing installed. */
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.0.0.0/8", -1, 0,
	    "192.0.2.1"), 0);
	assert_int_equal(rec->n, 0);
	assert_true(rflags(rec, RIB_PROTO_STATIC, "10.0.0.0/8") &
	    RIB_RF_RECURSIVE);
	assert_false(rflags(rec, RIB_PROTO_STATIC, "10.0.0.0/8") &
	    RIB_RF_ACTIVE);

	/* The connected subnet appears: the static resolves through it. */
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "192.0.2.0/24", -1, 0,
	    "@7"), 0);
	assert_int_equal(rec->n, 2);
	assert_string_equal(rec->ev[0].prefix, "192.0.2.0/24");
	assert_string_equal(rec->ev[1].prefix, "10.0.0.0/8");
	assert_int_equal(rec->ev[1].op, RIB_FIB_ADD);
	assert_string_equal(rec->ev[1].new_nh, "192.0.2.1 if 7");
	assert_true(rflags(rec, RIB_PROTO_STATIC, "10.0.0.0/8") &
	    RIB_RF_SELECTED);

	/* What it resolved through, for `show ip route`. */
	{
		struct rib_prefix	 p;
		const struct rib_route	*r;
		const struct rib_dest	*via;
		char			 b[RIB_PREFIX_STRLEN];

		assert_true(rib_prefix_parse("10.0.0.0/8", &p));
		r = rib_route_lookup(rec->rib, &p, RIB_PROTO_STATIC);
		assert_non_null(via = rib_route_via(r, 0));
		rib_dest_prefix(via, &p);
		assert_string_equal(rib_prefix_print(&p, b, sizeof(b)),
		    "192.0.2.0/24");
		assert_null(rib_route_via(r, 1));
	}

	/* Forwarding lookup. */
	{
		struct in_addr		 a = a4("10.9.9.9");
		const struct rib_dest	*d = rib_match(rec->rib, AF_INET, &a);
		struct rib_prefix	 p;
		char			 b[RIB_PREFIX_STRLEN];

		assert_non_null(d);
		rib_dest_prefix(d, &p);
		assert_string_equal(rib_prefix_print(&p, b, sizeof(b)),
		    "10.0.0.0/8");
		a = a4("11.0.0.1");
		assert_null(rib_match(rec->rib, AF_INET, &a));
	}

	/* The interface goes down, then comes back. */
	clear(rec);
	assert_int_equal(del(rec, RIB_PROTO_CONNECTED, "192.0.2.0/24"), 0);
	assert_int_equal(rec->n, 2);
	assert_int_equal(rec->ev[1].op, RIB_FIB_DELETE);
	assert_string_equal(rec->ev[1].prefix, "10.0.0.0/8");
	assert_string_equal(rec->ev[1].old_nh, "192.0.2.1 if 7");
	assert_false(rflags(rec, RIB_PROTO_STATIC, "10.0.0.0/8") &
	    RIB_RF_ACTIVE);
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "192.0.2.0/24", -1, 0,
	    "@8"), 0);
	assert_int_equal(rec->n, 2);
	assert_string_equal(rec->ev[1].new_nh, "192.0.2.1 if 8");

	/* A more specific route to the gateway takes over. */
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "192.0.2.0/25", -1, 0,
	    "198.51.100.1@9"), 0);
	assert_int_equal(rec->n, 2);
	assert_string_equal(rec->ev[1].prefix, "10.0.0.0/8");
	assert_int_equal(rec->ev[1].op, RIB_FIB_REPLACE);
	assert_string_equal(rec->ev[1].new_nh, "198.51.100.1 if 9");
	clear(rec);
	assert_int_equal(del(rec, RIB_PROTO_OSPF, "192.0.2.0/25"), 0);
	assert_string_equal(fib(rec, RIB_PROTO_STATIC, "10.0.0.0/8"),
	    "192.0.2.1 if 8");

	/* Changes to unrelated prefixes leave it alone. */
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "192.0.3.0/24", -1, 0,
	    "@9"), 0);
	assert_int_equal(rec->n, 1);

	/* A mixed route: a direct next hop keeps it up. */
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.0.0.0/8", -1, 0,
	    "192.0.2.1,198.51.100.1@3"), 0);
	assert_string_equal(fib(rec, RIB_PROTO_STATIC, "10.0.0.0/8"),
	    "192.0.2.1 if 8,198.51.100.1 if 3");
	assert_int_equal(del(rec, RIB_PROTO_CONNECTED, "192.0.2.0/24"), 0);
	assert_string_equal(fib(rec, RIB_PROTO_STATIC, "10.0.0.0/8"),
	    "198.51.100.1 if 3");
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_STATIC);
}

static void
test_recursive_chain(void **state)
{
	struct recorder	*rec = *state;

	/* iBGP via a static, the static via a connected subnet. */
	assert_int_equal(add(rec, RIB_PROTO_IBGP, "203.0.113.0/24", -1, 0,
	    "10.1.1.1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.0.0.0/8", -1, 0,
	    "192.0.2.1"), 0);
	assert_int_equal(rec->n, 0);
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "192.0.2.0/24", -1, 0,
	    "@2"), 0);
	assert_int_equal(rec->n, 3);
	assert_string_equal(fib(rec, RIB_PROTO_IBGP, "203.0.113.0/24"),
	    "192.0.2.1 if 2");
	/* Withdrawing the bottom takes the chain down, in one call. */
	clear(rec);
	assert_int_equal(rib_proto_flush(rec->rib, RIB_PROTO_CONNECTED), 0);
	assert_int_equal(rec->n, 3);
	assert_int_equal(selected(rec, "203.0.113.0/24"), RIB_PROTO_NONE);

	/* Through a blackhole: no. */
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "192.0.2.0/24", -1, 0,
	    "@2"), 0);
	assert_int_equal(selected(rec, "203.0.113.0/24"), RIB_PROTO_IBGP);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.1.0.0/16", -1, 0,
	    "blackhole"), 0);
	assert_int_equal(selected(rec, "10.1.0.0/16"), RIB_PROTO_STATIC);
	assert_int_equal(selected(rec, "203.0.113.0/24"), RIB_PROTO_NONE);
	assert_int_equal(del(rec, RIB_PROTO_STATIC, "10.1.0.0/16"), 0);
	assert_int_equal(selected(rec, "203.0.113.0/24"), RIB_PROTO_IBGP);
	assert_int_equal(rib_proto_flush(rec->rib, RIB_PROTO_CONNECTED), 0);

	/* Not through the default route, unless allowed. */
	assert_int_equal(add(rec, RIB_PROTO_KERNEL, "0.0.0.0/0", -1, 0,
	    "198.51.100.1@4"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_NONE);
	clear(rec);
	assert_int_equal(rib_set_resolve_via_default(rec->rib, AF_INET, true),
	    0);
	assert_int_equal(rec->n, 2);
	assert_string_equal(fib(rec, RIB_PROTO_IBGP, "203.0.113.0/24"),
	    "198.51.100.1 if 4");
	assert_int_equal(rib_set_resolve_via_default(rec->rib, AF_INET,
	    false), 0);
	assert_int_equal(selected(rec, "203.0.113.0/24"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_NONE);

	/* eBGP single hop: only through a connected route. */
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "192.0.2.0/24", -1, 0,
	    "@2"), 0);
	{
		struct rib_prefix	 p;
		struct rib_attr		 a = { RIB_PROTO_EBGP,
		    RIB_RF_CONNECTED_ONLY, -1, 0, 0 };
		struct rib_nh		 nh;

		assert_true(rib_prefix_parse("198.18.0.0/15", &p));
		nh_parse("10.1.1.1", &nh, 1);
		assert_int_equal(rib_route_add(rec->rib, &p, &a, &nh, 1), 0);
		assert_int_equal(selected(rec, "198.18.0.0/15"),
		    RIB_PROTO_NONE);
		nh_parse("192.0.2.77", &nh, 1);
		assert_int_equal(rib_route_add(rec->rib, &p, &a, &nh, 1), 0);
		assert_int_equal(selected(rec, "198.18.0.0/15"),
		    RIB_PROTO_EBGP);
	}
}

static void
test_recursive_loop(void **state)
{
	struct recorder	*rec = *state;

	/* A route never resolves through itself. */
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.0.0.0/8", -1, 0,
	    "10.0.0.1"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_NONE);
	/* A host route via its own address resolves through the cover. */
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.1.1.1/32", -1, 0,
	    "10.1.1.1"), 0);
	assert_int_equal(selected(rec, "10.1.1.1/32"), RIB_PROTO_NONE);
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "10.1.1.0/24", -1, 0,
	    "@3"), 0);
	assert_string_equal(fib(rec, RIB_PROTO_STATIC, "10.1.1.1/32"),
	    "10.1.1.1 if 3");
	assert_int_equal(rib_proto_flush(rec->rib, RIB_PROTO_STATIC), 0);
	assert_int_equal(rib_proto_flush(rec->rib, RIB_PROTO_CONNECTED), 0);

	/* Two statics through each other: neither comes up. */
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "10.0.0.0/8", -1, 0,
	    "20.0.0.1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "20.0.0.0/8", -1, 0,
	    "10.0.0.1"), 0);
	assert_int_equal(rec->n, 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "20.0.0.0/8"), RIB_PROTO_NONE);

	/*
	 * With an IGP route under each, one static can come up through the
	 * other prefix's IGP route; both at once would be a loop.
	 */
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "10.0.0.0/8", -1, 0,
	    "192.0.2.10@1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "20.0.0.0/8", -1, 0,
	    "192.0.2.20@2"), 0);
	assert_true((selected(rec, "10.0.0.0/8") == RIB_PROTO_STATIC) !=
	    (selected(rec, "20.0.0.0/8") == RIB_PROTO_STATIC));
	/* The IGP route under the static that came up goes away. */
	if (selected(rec, "10.0.0.0/8") == RIB_PROTO_STATIC) {
		assert_string_equal(fib(rec, RIB_PROTO_STATIC, "10.0.0.0/8"),
		    "192.0.2.20 if 2");
		assert_int_equal(del(rec, RIB_PROTO_OSPF, "20.0.0.0/8"), 0);
		assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_OSPF);
		assert_int_equal(selected(rec, "20.0.0.0/8"),
		    RIB_PROTO_STATIC);
		assert_string_equal(fib(rec, RIB_PROTO_STATIC, "20.0.0.0/8"),
		    "192.0.2.10 if 1");
	} else {
		assert_string_equal(fib(rec, RIB_PROTO_STATIC, "20.0.0.0/8"),
		    "192.0.2.10 if 1");
		assert_int_equal(del(rec, RIB_PROTO_OSPF, "10.0.0.0/8"), 0);
		assert_int_equal(selected(rec, "20.0.0.0/8"), RIB_PROTO_OSPF);
		assert_int_equal(selected(rec, "10.0.0.0/8"),
		    RIB_PROTO_STATIC);
	}
	/* Everything goes: the statics are inactive, nothing is left. */
	assert_int_equal(rib_proto_flush(rec->rib, RIB_PROTO_OSPF), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "20.0.0.0/8"), RIB_PROTO_NONE);

	/* A longer loop, added in one batch, next to a sound chain. */
	assert_int_equal(rib_begin(rec->rib), 0);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "30.0.0.0/8", -1, 0,
	    "40.0.0.1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "40.0.0.0/8", -1, 0,
	    "50.0.0.1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "50.0.0.0/8", -1, 0,
	    "30.0.0.1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "60.0.0.0/8", -1, 0,
	    "192.0.2.1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "192.0.2.0/24", -1, 0,
	    "@1"), 0);
	assert_int_equal(rib_commit(rec->rib), 0);
	assert_int_equal(selected(rec, "30.0.0.0/8"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "40.0.0.0/8"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "50.0.0.0/8"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "60.0.0.0/8"), RIB_PROTO_STATIC);
	/* Breaking the loop with a direct route brings the chain up. */
	clear(rec);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "50.0.0.0/8", -1, 0,
	    "192.0.2.5"), 0);
	assert_int_equal(selected(rec, "30.0.0.0/8"), RIB_PROTO_STATIC);
	assert_string_equal(fib(rec, RIB_PROTO_STATIC, "30.0.0.0/8"),
	    "192.0.2.5 if 1");
	assert_int_equal(rec->n, 3);
	/* And closing it again takes it down. */
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "50.0.0.0/8", -1, 0,
	    "30.0.0.1"), 0);
	assert_int_equal(selected(rec, "30.0.0.0/8"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "40.0.0.0/8"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "50.0.0.0/8"), RIB_PROTO_NONE);
}

static void
test_recursive_deep(void **state)
{
	struct recorder	*rec = *state;
	struct rib_stats st;
	char		 p[32], gw[32], b[64];
	int		 i;

	/*
	 * A chain of 40 statics, each via the next prefix, the last via a
	 * connected subnet, added in one batch head first: all come up, and
	 * each is reported once.
	 */
	assert_int_equal(rib_begin(rec->rib), 0);
	for (i = 0; i < 40; i++) {
		snprintf(p, sizeof(p), "10.%d.0.0/16", i);
		snprintf(gw, sizeof(gw), "10.%d.0.1", i + 1);
		assert_int_equal(add(rec, RIB_PROTO_STATIC, p, -1, 0, gw), 0);
	}
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "10.40.0.0/16", -1, 0,
	    "@9"), 0);
	assert_int_equal(rib_commit(rec->rib), 0);
	assert_int_equal(rec->total, 41);
	for (i = 0; i < 40; i++) {
		snprintf(p, sizeof(p), "10.%d.0.0/16", i);
		assert_int_equal(selected(rec, p), RIB_PROTO_STATIC);
	}
	assert_string_equal(fib(rec, RIB_PROTO_STATIC, "10.0.0.0/16"),
	    "10.40.0.1 if 9");
	rib_get_stats(rec->rib, &st);
	assert_int_equal(st.frozen, 0);
	/* The bottom goes: the whole chain follows, in one call. */
	rec->total = 0;
	assert_int_equal(del(rec, RIB_PROTO_CONNECTED, "10.40.0.0/16"), 0);
	assert_int_equal(rec->total, 41);
	snprintf(b, sizeof(b), "%s", fib(rec, RIB_PROTO_STATIC, "10.0.0.0/16"));
	assert_string_equal(b, "");
}

/* ---- protocols ----------------------------------------------------- */

struct redist {
	int	 n;
	uint8_t	 proto;
};

static int
redist_cb(const struct rib_dest *d, const struct rib_route *r, void *arg)
{
	struct redist	*rd = arg;

	assert_int_equal(r->proto, rd->proto);
	assert_ptr_equal(rib_dest_selected(d), r);
	rd->n++;
	return 0;
}

static void
test_proto_flush(void **state)
{
	struct recorder	*rec = *state;
	struct redist	 rd = { 0, RIB_PROTO_RIP };
	char		 p[32];
	int		 i;

	for (i = 0; i < 200; i++) {
		snprintf(p, sizeof(p), "10.0.%d.0/24", i);
		assert_int_equal(add(rec, RIB_PROTO_RIP, p, -1, 1,
		    "192.0.2.1@1"), 0);
		if (i % 2 == 0)
			assert_int_equal(add(rec, RIB_PROTO_OSPF, p, -1, 1,
			    "192.0.2.2@1"), 0);
	}
	assert_int_equal(add(rec, RIB_PROTO_RIP, "2001:db8::/32", -1, 1,
	    "fe80::1@1"), 0);
	assert_int_equal(rib_proto_walk(rec->rib, AF_INET, RIB_PROTO_RIP,
	    redist_cb, &rd), 0);
	assert_int_equal(rd.n, 100);
	assert_int_equal(rib_count(rec->rib, AF_UNSPEC, RIB_PROTO_RIP), 201);

	clear(rec);
	rec->total = 0;
	assert_int_equal(rib_proto_flush(rec->rib, RIB_PROTO_RIP), 0);
	assert_int_equal(rec->total, 101);	/* 100 deletes, 1 IPv6 */
	assert_int_equal(rib_count(rec->rib, AF_UNSPEC, RIB_PROTO_RIP), 0);
	assert_int_equal(rib_count(rec->rib, AF_INET, -1), 100);
	assert_int_equal(rib_count(rec->rib, AF_INET6, -1), 0);
	assert_int_equal(rib_proto_flush(rec->rib, RIB_PROTO_OSPF), 0);
	assert_int_equal(rib_count(rec->rib, AF_INET, -1), 0);
}

static void
test_proto_names(void **state)
{
	struct recorder	*rec = *state;
	struct rib	*rib = rec->rib;
	int		 isis;

	assert_int_equal(rib_proto_parse(rib, "connected"),
	    RIB_PROTO_CONNECTED);
	assert_int_equal(rib_proto_parse(rib, "static"), RIB_PROTO_STATIC);
	assert_int_equal(rib_proto_parse(rib, "kernel"), RIB_PROTO_KERNEL);
	assert_int_equal(rib_proto_parse(rib, "rip"), RIB_PROTO_RIP);
	assert_int_equal(rib_proto_parse(rib, "ospf"), RIB_PROTO_OSPF);
	assert_int_equal(rib_proto_parse(rib, "ebgp"), RIB_PROTO_EBGP);
	assert_int_equal(rib_proto_parse(rib, "ibgp"), RIB_PROTO_IBGP);
	assert_int_equal(rib_proto_parse(rib, "bgp"), RIB_PROTO_EBGP);
	assert_int_equal(rib_proto_parse(rib, "nonsense"), -1);
	assert_int_equal(rib_proto_mask_parse(rib, "bgp"),
	    RIB_PROTO_BIT(RIB_PROTO_EBGP) | RIB_PROTO_BIT(RIB_PROTO_IBGP));
	assert_int_equal(rib_proto_mask_parse(rib, "ospf"),
	    RIB_PROTO_BIT(RIB_PROTO_OSPF));
	assert_string_equal(rib_proto_name(rib, RIB_PROTO_IBGP), "ibgp");
	assert_int_equal(rib_proto_letter(rib, RIB_PROTO_KERNEL), 'K');
	assert_int_equal(rib_proto_letter(rib, RIB_PROTO_CONNECTED), 'C');
	assert_int_equal(rib_proto_letter(rib, RIB_PROTO_STATIC), 'S');
	assert_int_equal(rib_proto_letter(rib, RIB_PROTO_RIP), 'R');
	assert_int_equal(rib_proto_letter(rib, RIB_PROTO_OSPF), 'O');
	assert_int_equal(rib_proto_letter(rib, RIB_PROTO_EBGP), 'B');
	assert_int_equal(rib_proto_letter(rib, RIB_PROTO_IBGP), 'B');
	assert_int_equal(rib_proto_rtproto(rib, RIB_PROTO_STATIC), 4);
	assert_int_equal(rib_proto_rtproto(rib, RIB_PROTO_OSPF), 188);
	assert_int_equal(rib_proto_rtproto(rib, RIB_PROTO_RIP), 189);
	assert_int_equal(rib_proto_rtproto(rib, RIB_PROTO_EBGP), 186);
	assert_int_equal(rib_proto_from_rtproto(rib, 3), RIB_PROTO_KERNEL);
	assert_int_equal(rib_proto_from_rtproto(rib, 188), RIB_PROTO_OSPF);
	assert_int_equal(rib_proto_from_rtproto(rib, 99), -1);
	assert_false(rib_proto_installs(RIB_PROTO_CONNECTED));
	assert_true(rib_proto_installs(RIB_PROTO_OSPF));

	/* Prefix and next-hop helpers. */
	{
		struct rib_prefix	 p;
		union rib_addr		 a;
		struct rib_nh		 nh;
		char			 b[RIB_NH_STRLEN];
		int			 family;

		assert_true(rib_prefix_parse("10.1.2.3/16", &p));
		assert_string_equal(rib_prefix_print(&p, b, sizeof(b)),
		    "10.1.0.0/16");
		assert_false(rib_prefix_parse("10.1.2.3/33", &p));
		assert_false(rib_prefix_parse("10.1.2.3", &p));
		assert_true(rib_prefix_parse("10.1.0.0/16", &p));
		memset(&a, 0, sizeof(a));
		a.v4 = a4("10.1.255.1");
		assert_true(rib_prefix_contains(&p, &a));
		a.v4 = a4("10.2.0.1");
		assert_false(rib_prefix_contains(&p, &a));
		assert_true(rib_nh_parse("fe80::1", 4, &nh, &family));
		assert_int_equal(family, AF_INET6);
		assert_string_equal(rib_nh_print(family, &nh, b, sizeof(b)),
		    "fe80::1 if 4");
		assert_false(rib_nh_is_recursive(family, &nh));
		assert_true(rib_nh_parse("192.0.2.1", 0, &nh, &family));
		assert_true(rib_nh_is_recursive(family, &nh));
		assert_true(rib_nh_parse("blackhole", 0, &nh, &family));
		assert_string_equal(rib_nh_print(AF_INET, &nh, b, sizeof(b)),
		    "blackhole");
		assert_false(rib_nh_parse("192.0.2.300", 0, &nh, &family));
		assert_false(rib_nh_parse(NULL, 0, &nh, &family));
	}

	/* Another protocol, by name. */
	isis = rib_proto_register(rib, "isis", 'I', 115, RIB_RTPROT_ZEBRA);
	assert_int_equal(isis, RIB_PROTO_OTHER);
	assert_int_equal(rib_proto_register(rib, "isis", 'I', 115, 11), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(rib_proto_parse(rib, "isis"), isis);
	assert_string_equal(rib_proto_name(rib, (uint8_t)isis), "isis");
	assert_int_equal(rib_proto_letter(rib, (uint8_t)isis), 'I');
	assert_int_equal(rib_proto_rtproto(rib, (uint8_t)isis), 11);
	assert_int_equal(rib_proto_from_rtproto(rib, 11), -1);
	assert_int_equal(add(rec, (uint8_t)isis, "10.0.0.0/8", -1, 10,
	    "192.0.2.1@1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_RIP, "10.0.0.0/8", -1, 10,
	    "192.0.2.1@1"), 0);
	assert_int_equal(selected(rec, "10.0.0.0/8"), isis);
	assert_int_equal(add(rec, RIB_PROTO_OTHER + 3, "10.0.0.0/8", -1, 10,
	    "192.0.2.1@1"), -1);
	assert_int_equal(errno, EINVAL);
}

/* ---- IPv6 ---------------------------------------------------------- */

struct show {
	char	 out[1024];
};

static int
show_cb(const struct rib_dest *d, void *arg)
{
	struct show		*s = arg;
	struct rib_prefix	 p;
	const struct rib_route	*r = rib_dest_selected(d);
	char			 b[RIB_PREFIX_STRLEN];
	size_t			 l = strlen(s->out);

	rib_dest_prefix(d, &p);
	snprintf(s->out + l, sizeof(s->out) - l, "%s%c %s", l ? "; " : "",
	    r != NULL ? 'x' : '-',
	    rib_prefix_print(&p, b, sizeof(b)));
	return 0;
}

static void
test_ipv6(void **state)
{
	struct recorder		*rec = *state;
	struct show		 s;
	struct rib_prefix	 p;
	struct in6_addr		 a;
	const struct rib_dest	*d;
	char			 b[RIB_PREFIX_STRLEN];

	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "2001:db8:1::/64", -1,
	    0, "@5"), 0);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "2001:db8:ff::/48", -1, 0,
	    "2001:db8:1::1"), 0);
	assert_int_equal(add(rec, RIB_PROTO_STATIC, "::/0", -1, 0,
	    "2001:db8:1::fe"), 0);
	assert_int_equal(add(rec, RIB_PROTO_OSPF, "2001:db8::/32", -1, 0,
	    "fe80::1@5,fe80::2@6"), 0);
	assert_int_equal(rec->n, 4);
	assert_string_equal(rec->ev[1].prefix, "2001:db8:ff::/48");
	assert_string_equal(rec->ev[1].new_nh, "2001:db8:1::1 if 5");
	assert_string_equal(fib(rec, RIB_PROTO_OSPF, "2001:db8::/32"),
	    "fe80::1 if 5,fe80::2 if 6");

	assert_int_equal(inet_pton(AF_INET6, "2001:db8:ff::42", &a), 1);
	assert_non_null(d = rib_match(rec->rib, AF_INET6, &a));
	rib_dest_prefix(d, &p);
	assert_string_equal(rib_prefix_print(&p, b, sizeof(b)),
	    "2001:db8:ff::/48");
	assert_int_equal(inet_pton(AF_INET6, "2001:db9::1", &a), 1);
	assert_non_null(d = rib_match(rec->rib, AF_INET6, &a));
	rib_dest_prefix(d, &p);
	assert_int_equal(p.len, 0);

	/* Walk in prefix order, and a subtree. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(rib_walk(rec->rib, AF_INET6, NULL, show_cb, &s), 0);
	assert_string_equal(s.out, "x ::/0; x 2001:db8::/32; "
	    "x 2001:db8:1::/64; x 2001:db8:ff::/48");
	memset(&s, 0, sizeof(s));
	assert_true(rib_prefix_parse("2001:db8::/44", &p));
	assert_int_equal(rib_walk(rec->rib, AF_INET6, &p, show_cb, &s), 0);
	assert_string_equal(s.out, "x 2001:db8:1::/64");
	d = rib_dest_next(rec->rib, AF_INET6, NULL);
	assert_non_null(d);
	rib_dest_prefix(d, &p);
	assert_int_equal(p.len, 0);
	d = rib_dest_next(rec->rib, AF_INET6, &p);
	rib_dest_prefix(d, &p);
	assert_string_equal(rib_prefix_print(&p, b, sizeof(b)),
	    "2001:db8::/32");

	/* IPv4 is a separate table. */
	assert_int_equal(rib_count(rec->rib, AF_INET, -1), 0);
	assert_int_equal(rib_count(rec->rib, AF_INET6, -1), 4);

	/*
	 * Connected goes away: the statics' gateways now fall under the OSPF
	 * /32, and resolution follows it.
	 */
	clear(rec);
	assert_int_equal(del(rec, RIB_PROTO_CONNECTED, "2001:db8:1::/64"), 0);
	assert_int_equal(rec->n, 3);
	assert_int_equal(rec->ev[1].op, RIB_FIB_REPLACE);
	assert_string_equal(fib(rec, RIB_PROTO_STATIC, "2001:db8:ff::/48"),
	    "fe80::1 if 5,fe80::2 if 6");
	/* Then that goes too: both statics are inactive. */
	assert_int_equal(del(rec, RIB_PROTO_OSPF, "2001:db8::/32"), 0);
	assert_int_equal(selected(rec, "::/0"), RIB_PROTO_NONE);
	assert_int_equal(selected(rec, "2001:db8:ff::/48"), RIB_PROTO_NONE);
	assert_int_equal(add(rec, RIB_PROTO_CONNECTED, "2001:db8:1::/64", -1,
	    0, "@5"), 0);
	assert_string_equal(fib(rec, RIB_PROTO_STATIC, "::/0"),
	    "2001:db8:1::fe if 5");
	assert_int_equal(selected(rec, "2001:db8:ff::/48"), RIB_PROTO_STATIC);
}

/* A pseudo-random mix of routes and deletes checked against a rebuild. */
static int
dump_cb(const struct rib_dest *d, void *arg)
{
	char			*out = arg;
	const struct rib_route	*r = rib_dest_selected(d);
	struct rib_prefix	 p;
	char			 b[RIB_PREFIX_STRLEN], n[512];
	size_t			 l = strlen(out);

	if (r == NULL)
		return 0;
	rib_dest_prefix(d, &p);
	nhg_str(AF_INET, rib_route_fib(r), n, sizeof(n));
	snprintf(out + l, 65536 - l, "%s %d %s\n",
	    rib_prefix_print(&p, b, sizeof(b)), r->proto, n);
	return 0;
}

static void
test_random_rebuild(void **state)
{
	struct recorder	*rec = *state;
	struct rib_prefix p;
	struct rib_attr	 a;
	struct rib_nh	 nh[2];
	struct rib	*fresh;
	char		*s1, *s2;
	uint64_t	 seed = 42;
	int		 i, j;
	struct {
		uint32_t	 addr, gw;
		uint8_t		 len, proto, used, ifindex;
	} r[300];

	/*
	 * Random routes, some recursive, over a small address space; after
	 * each round the incremental RIB must equal one built from scratch.
	 */
	memset(r, 0, sizeof(r));
	s1 = calloc(1, 65536);
	s2 = calloc(1, 65536);
	for (i = 0; i < 3000; i++) {
		j = (int)(rnd(&seed) % 300);
		memset(&p, 0, sizeof(p));
		p.family = AF_INET;
		if (!r[j].used || rnd(&seed) % 3 != 0) {
			/*
			 * Three layers, loop-free by construction: direct
			 * routes in 10/8, routes in 20/8 via gateways in
			 * 10/8, routes in 30/8 via gateways in 20/8.
			 */
			uint32_t	 layer = (uint32_t)(rnd(&seed) % 3);

			r[j].used = 1;
			r[j].len = (uint8_t)(8 + rnd(&seed) % 25);
			r[j].addr = (10 + 10 * layer) << 24 |
			    ((uint32_t)rnd(&seed) & 0x070f0f);
			r[j].proto = (uint8_t)(rnd(&seed) % 5);
			r[j].ifindex = (uint8_t)(layer == 0 ?
			    1 + rnd(&seed) % 4 : 0);
			r[j].gw = (layer == 0 ? 10 : 10 * layer) << 24 |
			    ((uint32_t)rnd(&seed) & 0x070f0f);
			if (layer == 0 && rnd(&seed) % 4 == 0)
				r[j].gw = 0;
		}
		p.len = r[j].len;
		p.addr.v4.s_addr = htonl(r[j].addr);
		rib_prefix_mask(&p);
		memset(&a, 0, sizeof(a));
		a.proto = r[j].proto;
		a.distance = -1;
		rib_nh_set(&nh[0], AF_INET, &(uint32_t){ htonl(r[j].gw) },
		    r[j].ifindex);
		if (r[j].used && rnd(&seed) % 4 == 0) {
			rib_route_del(rec->rib, &p, r[j].proto);
			r[j].used = 0;
		} else {
			/* Another slot may hold the same (prefix, proto). */
			rib_route_add(rec->rib, &p, &a, nh, 1);
		}
		if (i % 300 != 299)
			continue;
		/* Rebuild from what the RIB holds. */
		fresh = rib_new(NULL, NULL);
		assert_non_null(fresh);
		assert_int_equal(rib_begin(fresh), 0);
		{
			const struct rib_dest	*d;
			const struct rib_route	*rt;
			struct rib_prefix	 q;

			for (d = rib_dest_next(rec->rib, AF_INET, NULL);
			    d != NULL;
			    d = rib_dest_next(rec->rib, AF_INET, &q)) {
				rib_dest_prefix(d, &q);
				for (rt = rib_dest_routes(d); rt != NULL;
				    rt = rt->next) {
					a.proto = rt->proto;
					a.metric = rt->metric;
					assert_int_equal(rib_route_add(fresh,
					    &q, &a, rt->nhg->nh, rt->nhg->n),
					    0);
				}
			}
		}
		assert_int_equal(rib_commit(fresh), 0);
		s1[0] = s2[0] = '\0';
		rib_walk(rec->rib, AF_INET, NULL, dump_cb, s1);
		rib_walk(fresh, AF_INET, NULL, dump_cb, s2);
		assert_string_equal(s1, s2);
		rib_del(fresh);
	}
	free(s1);
	free(s2);
}

/* ---- random routes with loops, checked against the rules ------------ */

/* The FIB as told by the change callbacks. */
struct shadow {
	struct {
		char	 prefix[RIB_PREFIX_STRLEN];
		uint8_t	 proto;
		char	 nh[512];
	}		 e[512];
	int		 n;
	int		 batch;
	int		 via_default;
	int		 iter;
	int		 ops_gave_up;
};

static int
shadow_find(struct shadow *sh, const char *prefix)
{
	int	 i;

	for (i = 0; i < sh->n; i++)
		if (strcmp(sh->e[i].prefix, prefix) == 0)
			return i;
	return -1;
}

static void
shadow_cb(const struct rib_fib_change *ch, void *arg)
{
	struct shadow	*sh = arg;
	char		 p[RIB_PREFIX_STRLEN], old[512], new[512];
	int		 i;

	rib_prefix_print(ch->prefix, p, sizeof(p));
	nhg_str(AF_INET, ch->old_nhg, old, sizeof(old));
	nhg_str(AF_INET, ch->new_nhg, new, sizeof(new));
	i = shadow_find(sh, p);
	if (ch->op == RIB_FIB_ADD) {
		assert_int_equal(i, -1);
		assert_true(sh->n < 512);
		i = sh->n++;
		snprintf(sh->e[i].prefix, sizeof(sh->e[i].prefix), "%s", p);
	} else {
		assert_true(i >= 0);
		assert_int_equal(sh->e[i].proto, ch->old_proto);
		assert_string_equal(sh->e[i].nh, old);
	}
	assert_true(ch->op == RIB_FIB_DELETE || ch->new_nhg != NULL);
	if (ch->op == RIB_FIB_DELETE) {
		sh->e[i] = sh->e[--sh->n];
		return;
	}
	/* A REPLACE changes something. */
	if (ch->op == RIB_FIB_REPLACE)
		assert_true(ch->old_proto != ch->new_proto ||
		    ch->old_metric != ch->new_metric || ch->old_nhg !=
		    ch->new_nhg);
	sh->e[i].proto = ch->new_proto;
	snprintf(sh->e[i].nh, sizeof(sh->e[i].nh), "%s", new);
}

/* The dest a recursive next hop of a route at d resolves through. */
static const struct rib_dest *
resolver(struct rib *rib, const struct rib_dest *d, const struct in_addr *gw,
    int via_default)
{
	const struct rib_dest	*e;
	struct rib_prefix	 p;
	int			 len;

	for (len = 32; len >= 0; len--) {
		memset(&p, 0, sizeof(p));
		p.family = AF_INET;
		p.len = (uint8_t)len;
		p.addr.v4 = *gw;
		rib_prefix_mask(&p);
		if ((e = rib_dest_lookup(rib, &p)) == NULL || e == d)
			continue;
		if (len == 0 && !via_default)
			return NULL;
		if (rib_dest_selected(e) != NULL)
			return e;
	}
	return NULL;
}

/* Does the resolution of e's selected route go through d, as the RIB has it? */
static bool
depends(const struct rib_dest *e, const struct rib_dest *d, int depth)
{
	const struct rib_route	*s = rib_dest_selected(e);
	const struct rib_dest	*v;
	unsigned int		 i;

	assert_true(depth < 64);	/* else the RIB made a cycle */
	if (s == NULL)
		return false;
	for (i = 0; i < s->nhg->n; i++)
		if ((v = rib_route_via(s, i)) != NULL &&
		    (v == d || depends(v, d, depth + 1)))
			return true;
	return false;
}

static int
nh_memcmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct rib_nh));
}

/*
 * Checks route r at d against the rules: each recursive next hop resolved
 * through the right prefix, or was refused for a reason that holds now; the
 * resolved set is what those give. Returns the expected set as text.
 */
static void
expect_fib(struct rib *rib, const struct rib_dest *d, const struct rib_route *r,
    int via_default, char *buf, size_t len, char *why, size_t whylen)
{
	struct rib_nh		 out[RIB_NH_MAX + 1], x;
	const struct rib_nhg	*f;
	const struct rib_dest	*e, *via;
	const struct rib_route	*s;
	unsigned int		 i, j, k, n = 0;
	char			 pb[RIB_PREFIX_STRLEN];
	struct rib_prefix	 p;

	why[0] = '\0';
	for (i = 0; i < r->nhg->n; i++) {
		const struct rib_nh	*nh = &r->nhg->nh[i];

		if (!rib_nh_is_recursive(AF_INET, nh)) {
			for (k = 0; k < n; k++)
				if (memcmp(&out[k], nh, sizeof(*nh)) == 0)
					break;
			if (k == n && n < RIB_NH_MAX)	/* capped, as the RIB */
				out[n++] = *nh;
			continue;
		}
		e = resolver(rib, d, &nh->gw.v4, via_default);
		via = rib_route_via(r, i);
		if (via != NULL && via != e) {
			snprintf(why, whylen, "nh %u resolved via the wrong "
			    "prefix", i);
			return;
		}
		if (e == NULL)
			continue;
		s = rib_dest_selected(e);
		f = rib_route_fib(s);
		if (((r->flags & RIB_RF_CONNECTED_ONLY) &&
		    s->proto != RIB_PROTO_CONNECTED) ||
		    rib_nhg_is_blackhole(f)) {
			if (via != NULL)
				snprintf(why, whylen, "nh %u: should fail", i);
			continue;
		}
		if (depends(e, d, 0)) {
			/*
			 * A route that is not selected may keep a resolution
			 * that would loop if it were: it is resolved again
			 * before it can be selected.
			 */
			if (via != NULL && (r->flags & RIB_RF_SELECTED))
				snprintf(why, whylen, "nh %u makes a loop", i);
			if (via == NULL)
				continue;
		}
		if (via == NULL) {
			/*
			 * Refused though no loop is left: only allowed when
			 * the RIB gave up an oscillating loop in this op.
			 */
			if (r->flags & RIB_RF_GAVE_UP)
				continue;
			rib_dest_prefix(e, &p);
			snprintf(why, whylen, "nh %u refused, could resolve via "
			    "%s", i, rib_prefix_print(&p, pb, sizeof(pb)));
			return;
		}
		for (j = 0; j < f->n; j++) {
			memset(&x, 0, sizeof(x));
			x.gw = f->nh[j].gw.v4.s_addr == 0 ? nh->gw : f->nh[j].gw;
			x.ifindex = f->nh[j].ifindex;
			for (k = 0; k < n; k++)
				if (memcmp(&out[k], &x, sizeof(x)) == 0)
					break;
			if (k == n && n < RIB_NH_MAX)
				out[n++] = x;
		}
	}
	buf[0] = '\0';
	if (n == 0)
		return;
	/* The RIB keeps next hops sorted by their bytes. */
	qsort(out, n, sizeof(out[0]), nh_memcmp);
	for (i = 0; i < n; i++) {
		char	 nb[RIB_NH_STRLEN];
		size_t	 l = strlen(buf);

		snprintf(buf + l, len - l, "%s%s", i ? "," : "",
		    rib_nh_print(AF_INET, &out[i], nb, sizeof(nb)));
	}
}

static int
dump_one(const struct rib_dest *d, void *arg)
{
	const struct rib_route	*r;
	struct rib_prefix	 p;
	char			 pb[RIB_PREFIX_STRLEN], n1[512], n2[512];

	rib_dest_prefix(d, &p);
	for (r = rib_dest_routes(d); r != NULL; r = r->next) {
		nhg_str(AF_INET, r->nhg, n1, sizeof(n1));
		nhg_str(AF_INET, rib_route_fib(r), n2, sizeof(n2));
		char		 vb[256] = "";
		unsigned int	 i;

		for (i = 0; i < r->nhg->n; i++) {
			const struct rib_dest	*v = rib_route_via(r, i);
			struct rib_prefix	 q;
			char			 qb[RIB_PREFIX_STRLEN];

			if (v == NULL)
				continue;
			rib_dest_prefix(v, &q);
			snprintf(vb + strlen(vb), sizeof(vb) - strlen(vb),
			    " %u:%s", i, rib_prefix_print(&q, qb, sizeof(qb)));
		}
		print_message("%-16s p%d d%d m%u f%#04x [%s] -> [%s]%s\n",
		    rib_prefix_print(&p, pb, sizeof(pb)), r->proto,
		    r->distance, r->metric, r->flags, n1, n2, vb);
	}
	return 0;
}

static void
dump_rib(struct rib *rib)
{
	rib_walk(rib, AF_INET, NULL, dump_one, NULL);
}

struct check {
	struct rib	*rib;
	struct shadow	*sh;
	int		 dests;
};

static int
check_dest(const struct rib_dest *d, void *arg)
{
	struct check		*c = arg;
	const struct rib_route	*r, *best = NULL, *sel;
	struct rib_prefix	 p;
	char			 pb[RIB_PREFIX_STRLEN], want[512], got[512];
	char			 why[128];
	int			 i;

	c->dests++;
	rib_dest_prefix(d, &p);
	rib_prefix_print(&p, pb, sizeof(pb));
	assert_non_null(rib_dest_routes(d));
	for (r = rib_dest_routes(d); r != NULL; r = r->next) {
		nhg_str(AF_INET, rib_route_fib(r), got, sizeof(got));
		if (r->flags & RIB_RF_RECURSIVE) {
			expect_fib(c->rib, d, r, c->sh->via_default, want,
			    sizeof(want), why, sizeof(why));
			if (why[0] != '\0' || strcmp(want, got) != 0) {
				char	 cfg[512];

				nhg_str(AF_INET, r->nhg, cfg, sizeof(cfg));
				dump_rib(c->rib);
				fail_msg("op %d: %s proto %d flags %#x via %s:"
				    " resolves to '%s', expected '%s' %s",
				    c->sh->iter, pb, r->proto, r->flags, cfg,
				    got, want, why);
			}
		}
		assert_int_equal(!!(r->flags & RIB_RF_ACTIVE),
		    r->distance < 255 && rib_route_fib(r) != NULL);
		if ((r->flags & RIB_RF_ACTIVE) && (best == NULL ||
		    r->distance < best->distance ||
		    (r->distance == best->distance &&
		    (r->metric < best->metric || (r->metric == best->metric &&
		    r->proto < best->proto)))))
			best = r;
	}
	sel = rib_dest_selected(d);
	assert_ptr_equal(sel, best);
	i = shadow_find(c->sh, pb);
	if (sel == NULL)
		assert_int_equal(i, -1);
	else {
		assert_true(i >= 0);
		assert_int_equal(c->sh->e[i].proto, sel->proto);
		nhg_str(AF_INET, rib_route_fib(sel), got, sizeof(got));
		assert_string_equal(c->sh->e[i].nh, got);
	}
	return 0;
}

static void
check_all(struct rib *rib, struct shadow *sh)
{
	struct check	 c = { rib, sh, 0 };
	int		 i, sel = 0;

	assert_int_equal(rib_walk(rib, AF_INET, NULL, check_dest, &c), 0);
	assert_int_equal((size_t)c.dests, rib_count(rib, AF_INET, -1));
	/* Every FIB entry told is still a selected prefix. */
	for (i = 0; i < sh->n; i++) {
		struct rib_prefix	 p;
		const struct rib_dest	*d;

		assert_true(rib_prefix_parse(sh->e[i].prefix, &p));
		assert_non_null(d = rib_dest_lookup(rib, &p));
		assert_non_null(rib_dest_selected(d));
		sel++;
	}
	assert_int_equal(sel, sh->n);
}

static void
random_loops(uint64_t seed, int nops)
{
	static const uint8_t	 lens[] = { 8, 12, 16, 20, 24, 28, 30, 32 };
	struct shadow		*sh = calloc(1, sizeof(*sh));
	struct rib		*rib;
	struct rib_prefix	 p;
	struct rib_attr		 a;
	struct rib_nh		 nh[4];
	unsigned int		 nnh, k;
	uint32_t		 gw;
	int			 i, active = 0, recursive_active = 0;
	const struct rib_dest	*d;

	assert_non_null(sh);
	rib = rib_new(shadow_cb, sh);
	assert_non_null(rib);
	for (i = 0; i < nops; i++) {
		uint64_t	 op = rnd(&seed) % 100;

		struct rib_stats	 st0, st1;

		sh->iter = i;
		rib_get_stats(rib, &st0);

		memset(&p, 0, sizeof(p));
		p.family = AF_INET;
		p.len = lens[rnd(&seed) % sizeof(lens)];
		if (rnd(&seed) % 50 == 0)
			p.len = 0;
		p.addr.v4.s_addr = htonl(0x0a000000 |
		    (uint32_t)(rnd(&seed) % 4) << 16 |
		    (uint32_t)(rnd(&seed) % 4) << 8 |
		    (uint32_t)(rnd(&seed) % 4));
		rib_prefix_mask(&p);
		memset(&a, 0, sizeof(a));
		a.proto = (uint8_t)(rnd(&seed) % 7);
		a.distance = rnd(&seed) % 10 == 0 ?
		    (int16_t)(rnd(&seed) % 256) : RIB_DISTANCE_PROTO;
		a.metric = (uint32_t)(rnd(&seed) % 3);
		if (a.proto == RIB_PROTO_EBGP && rnd(&seed) % 2)
			a.flags = RIB_RF_CONNECTED_ONLY;
		nnh = 1 + (unsigned int)(rnd(&seed) % 3);
		for (k = 0; k < nnh; k++) {
			gw = htonl(0x0a000000 |
			    (uint32_t)(rnd(&seed) % 4) << 16 |
			    (uint32_t)(rnd(&seed) % 4) << 8 |
			    (uint32_t)(rnd(&seed) % 4));
			if (a.proto == RIB_PROTO_CONNECTED)
				rib_nh_set(&nh[k], AF_INET, NULL,
				    1 + (uint32_t)(rnd(&seed) % 4));
			else if (a.proto == RIB_PROTO_OSPF ||
			    a.proto == RIB_PROTO_RIP || rnd(&seed) % 5 == 0)
				rib_nh_set(&nh[k], AF_INET, &gw,
				    1 + (uint32_t)(rnd(&seed) % 4));
			else
				rib_nh_set(&nh[k], AF_INET, &gw, 0);
		}
		if (a.proto == RIB_PROTO_STATIC && rnd(&seed) % 15 == 0) {
			rib_nh_blackhole(&nh[0]);
			nnh = 1;
		}

		if (op < 55)
			assert_int_equal(rib_route_add(rib, &p, &a, nh, nnh),
			    0);
		else if (op < 90)
			rib_route_del(rib, &p, a.proto);
		else if (op < 92)
			assert_int_equal(rib_proto_flush(rib, a.proto), 0);
		else if (op < 94)
			assert_int_equal(rib_set_distance(rib, a.proto,
			    (unsigned int)(rnd(&seed) % 256)), 0);
		else if (op < 95) {
			sh->via_default = !sh->via_default;
			assert_int_equal(rib_set_resolve_via_default(rib,
			    AF_INET, sh->via_default), 0);
		} else if (op < 98 && !sh->batch) {
			assert_int_equal(rib_begin(rib), 0);
			sh->batch = 1;
		} else if (sh->batch) {
			assert_int_equal(rib_commit(rib), 0);
			sh->batch = 0;
		}
		rib_get_stats(rib, &st1);
		if (st1.frozen != st0.frozen)
			sh->ops_gave_up++;
		if (!sh->batch)
			check_all(rib, sh);
	}
	if (sh->batch)
		assert_int_equal(rib_commit(rib), 0);
	check_all(rib, sh);
	/* The run made something of everything. */
	for (d = rib_dest_next(rib, AF_INET, NULL); d != NULL;
	    d = rib_dest_next(rib, AF_INET, &p)) {
		const struct rib_route	*r = rib_dest_selected(d);

		rib_dest_prefix(d, &p);
		if (r == NULL)
			continue;
		active++;
		if (r->flags & RIB_RF_RECURSIVE)
			recursive_active++;
	}
	print_message("%d selected, %d of them recursive, %d FIB entries; "
	    "%d of %d ops gave up a loop\n", active, recursive_active, sh->n,
	    sh->ops_gave_up, nops);
	assert_true(recursive_active > 5);
	assert_true(sh->ops_gave_up < nops / 20);
	rib_del(rib);
	free(sh);
}

/*
 * Random routes in a small space, half of them recursive, so that loops of
 * every shape come and go; after each change the RIB is checked against the
 * rules (resolution, loop refusals, selection, reported FIB state).
 */
static void
test_random_loops(void **state)
{
	random_loops(0xabcdef, 4000);
	random_loops(9, 4000);		/* seeds with oscillating loops */
	random_loops(18, 4000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trie_basic),
		cmocka_unit_test(test_trie_random4),
		cmocka_unit_test(test_trie_random6),
		cmocka_unit_test_setup_teardown(test_select, rib_setup,
		    rib_teardown),
		cmocka_unit_test_setup_teardown(test_distance_change,
		    rib_setup, rib_teardown),
		cmocka_unit_test_setup_teardown(test_replace, rib_setup,
		    rib_teardown),
		cmocka_unit_test_setup_teardown(test_identical_readd,
		    rib_setup, rib_teardown),
		cmocka_unit_test_setup_teardown(test_batch, rib_setup,
		    rib_teardown),
		cmocka_unit_test_setup_teardown(test_ecmp, rib_setup,
		    rib_teardown),
		cmocka_unit_test_setup_teardown(test_recursive_connected,
		    rib_setup, rib_teardown),
		cmocka_unit_test_setup_teardown(test_recursive_chain,
		    rib_setup, rib_teardown),
		cmocka_unit_test_setup_teardown(test_recursive_loop,
		    rib_setup, rib_teardown),
		cmocka_unit_test_setup_teardown(test_recursive_deep,
		    rib_setup, rib_teardown),
		cmocka_unit_test_setup_teardown(test_proto_flush, rib_setup,
		    rib_teardown),
		cmocka_unit_test_setup_teardown(test_proto_names, rib_setup,
		    rib_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6, rib_setup,
		    rib_teardown),
		cmocka_unit_test_setup_teardown(test_random_rebuild,
		    rib_setup, rib_teardown),
		cmocka_unit_test(test_random_loops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

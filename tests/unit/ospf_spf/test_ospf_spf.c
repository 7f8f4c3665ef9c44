/*
 * Unit tests for the LSDB and the intra-area SPF of daemons/ospfd: LSAs
 * are built with the codec's builders, installed, and SPF's routes and
 * next hops are checked exactly on small topologies (a point-to-point
 * chain, a broadcast segment with a DR, an equal-cost square with parallel
 * links, links without a link back, stub networks, MaxAge LSAs); the LSDB's
 * 13.1 install results, ages, counters and iteration order are checked;
 * and random topologies are cross-checked against an O(V^2) Dijkstra
 * written from RFC 2328 16.1 with an adjacency matrix.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "lsdb.h"
#include "ospf.h"
#include "spf.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			    (uint32_t)(c) << 8 | (uint32_t)(d))
#define R1		IP(1, 1, 1, 1)
#define R2		IP(2, 2, 2, 2)
#define R3		IP(3, 3, 3, 3)
#define R4		IP(4, 4, 4, 4)
#define M30		IP(255, 255, 255, 252)
#define M24		IP(255, 255, 255, 0)
#define M32		0xffffffffU
#define SEQ		(OSPF_INITIAL_SEQ + 10)
#define NOW		1000

#define P2P(nbr, ifa, m)	{ .id = (nbr), .data = (ifa), \
				    .type = LSA_LINK_P2P, .metric = (m) }
#define TRANSIT(dr, ifa, m)	{ .id = (dr), .data = (ifa), \
				    .type = LSA_LINK_TRANSIT, .metric = (m) }
#define STUB(net, mask, m)	{ .id = (net), .data = (mask), \
				    .type = LSA_LINK_STUB, .metric = (m) }
#define VLINK(nbr, ifa, m)	{ .id = (nbr), .data = (ifa), \
				    .type = LSA_LINK_VIRTUAL, .metric = (m) }

#define LINKS(...)	(const struct lsa_rtr_link[]){ __VA_ARGS__ }, \
	sizeof((const struct lsa_rtr_link[]){ __VA_ARGS__ }) / \
	sizeof(struct lsa_rtr_link)
#define RTRS(...)	(const uint32_t[]){ __VA_ARGS__ }, \
	sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t)

/* ---- building LSAs ------------------------------------------------- */

static struct lsa_hdr
hdr_make(uint8_t type, uint32_t id, uint32_t adv, uint16_t age, uint32_t seq)
{
	struct lsa_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.age = age;
	h.options = OSPF_OPT_E;
	h.type = type;
	h.id = id;
	h.adv_rtr = adv;
	h.seq = seq;
	return h;
}

static void
rtr_build(struct buf *b, uint32_t rid, uint8_t flags, uint16_t age,
    uint32_t seq, const struct lsa_rtr_link *l, size_t n)
{
	struct lsa_hdr	 h = hdr_make(LSA_TYPE_ROUTER, rid, rid, age, seq);
	size_t		 start, i;

	buf_reset(b);
	start = lsa_begin(b, &h);
	lsa_router_put(b, flags, (uint16_t)n);
	for (i = 0; i < n; i++)
		lsa_rtr_link_put(b, &l[i]);
	assert_true(lsa_finish(b, start));
}

static enum lsdb_ret
rtr_install(struct lsdb *db, uint32_t rid, uint8_t flags, uint16_t age,
    time_t now, const struct lsa_rtr_link *l, size_t n)
{
	struct buf	 b = BUF_INIT;
	enum lsdb_ret	 r;

	rtr_build(&b, rid, flags, age, SEQ, l, n);
	r = lsdb_install(db, b.data, b.len, now);
	buf_free(&b);
	return r;
}

static enum lsdb_ret
net_install(struct lsdb *db, uint32_t dr, uint32_t adv, uint32_t mask,
    uint16_t age, const uint32_t *rtrs, size_t n)
{
	struct lsa_hdr	 h = hdr_make(LSA_TYPE_NETWORK, dr, adv, age, SEQ);
	struct buf	 b = BUF_INIT;
	enum lsdb_ret	 r;
	size_t		 start;

	start = lsa_begin(&b, &h);
	lsa_network_put(&b, mask, rtrs, n);
	assert_true(lsa_finish(&b, start));
	r = lsdb_install(db, b.data, b.len, NOW);
	buf_free(&b);
	return r;
}

static enum lsdb_ret
sum_install(struct lsdb *db, uint32_t id, uint32_t adv, uint32_t seq,
    uint16_t age, uint32_t metric, time_t now)
{
	struct lsa_hdr		 h = hdr_make(LSA_TYPE_SUM_NET, id, adv, age,
				    seq);
	struct lsa_summary	 s = { .mask = M24, .metric = metric };
	struct buf		 b = BUF_INIT;
	enum lsdb_ret		 r;
	size_t			 start;

	start = lsa_begin(&b, &h);
	lsa_summary_put(&b, &s);
	assert_true(lsa_finish(&b, start));
	r = lsdb_install(db, b.data, b.len, now);
	buf_free(&b);
	return r;
}

#define RTR(db, rid, ...) \
	assert_int_equal(rtr_install(db, rid, 0, 1, NOW, LINKS(__VA_ARGS__)), \
	    LSDB_NEW)
#define NET(db, dr, adv, mask, ...) \
	assert_int_equal(net_install(db, dr, adv, mask, 1, RTRS(__VA_ARGS__)), \
	    LSDB_NEW)

/* ---- checking routes ----------------------------------------------- */

static struct spf_result
spf(const struct lsdb *db, uint32_t root, time_t now)
{
	struct spf_result	 res;

	spf_result_init(&res);
	assert_int_equal(spf_run(db, root, now, &res), 0);
	return res;
}

/* The route exists with this cost and exactly these nnh next hops, given
 * as (ifaddr, gateway) pairs in any order. */
static void
expect_route(const struct spf_result *res, enum spf_dest dest, uint32_t addr,
    uint32_t mask, uint32_t cost, unsigned int nnh, ...)
{
	const struct spf_route	*rt;
	va_list			 ap;
	uint32_t		 ifa, gw;
	unsigned int		 i, j;
	bool			 found;

	rt = spf_route_find(res, dest, addr, mask);
	if (rt == NULL)
		fail_msg("no route to %08x/%08x (%s)", addr, mask,
		    spf_dest_name(dest));
	assert_int_equal(rt->path, SPF_PATH_INTRA);
	assert_int_equal(rt->cost, cost);
	assert_int_equal(rt->nnh, nnh);
	va_start(ap, nnh);
	for (i = 0; i < nnh; i++) {
		ifa = va_arg(ap, uint32_t);
		gw = va_arg(ap, uint32_t);
		found = false;
		for (j = 0; j < rt->nnh; j++)
			if (rt->nh[j].ifaddr == ifa && rt->nh[j].gateway == gw)
				found = true;
		if (!found)
			fail_msg("route %08x/%08x: no next hop %08x via %08x",
			    addr, mask, ifa, gw);
	}
	va_end(ap);
}

static void
expect_none(const struct spf_result *res, enum spf_dest dest, uint32_t addr,
    uint32_t mask)
{
	if (spf_route_find(res, dest, addr, mask) != NULL)
		fail_msg("unexpected route to %08x/%08x", addr, mask);
}

static int
setup_db(void **state)
{
	*state = lsdb_new();
	return *state == NULL ? -1 : 0;
}

static int
teardown_db(void **state)
{
	lsdb_del(*state);
	return 0;
}

/* ---- SPF on small topologies --------------------------------------- */

/* 1.1.1.1 -(10)- 2.2.2.2 -(5)- 3.3.3.3, numbered /30 point-to-point. */
static void
chain_build(struct lsdb *db)
{
	RTR(db, R1,
	    P2P(R2, IP(10, 0, 12, 1), 10),
	    STUB(IP(10, 0, 12, 0), M30, 10),
	    STUB(R1, M32, 0));
	RTR(db, R2,
	    P2P(R1, IP(10, 0, 12, 2), 10),
	    STUB(IP(10, 0, 12, 0), M30, 10),
	    P2P(R3, IP(10, 0, 23, 1), 5),
	    STUB(IP(10, 0, 23, 0), M30, 5));
	RTR(db, R3,
	    P2P(R2, IP(10, 0, 23, 2), 7),
	    STUB(IP(10, 0, 23, 0), M30, 7),
	    STUB(R3, M32, 1));
}

static void
test_spf_chain(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;

	chain_build(db);
	res = spf(db, R1, NOW);
	assert_int_equal(res.nvertex, 3);
	assert_int_equal(res.nroute, 6);
	expect_route(&res, SPF_DEST_ROUTER, R2, M32, 10, 1,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2));
	expect_route(&res, SPF_DEST_ROUTER, R3, M32, 15, 1,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2));
	expect_route(&res, SPF_DEST_NETWORK, IP(10, 0, 12, 0), M30, 10, 1,
	    IP(10, 0, 12, 1), 0);
	expect_route(&res, SPF_DEST_NETWORK, IP(10, 0, 23, 0), M30, 15, 1,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2));
	expect_route(&res, SPF_DEST_NETWORK, R3, M32, 16, 1,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2));
	expect_route(&res, SPF_DEST_NETWORK, R1, M32, 0, 1, R1, 0);

	/* From the far end, costs are those of the other direction. */
	res.nroute = 0;
	assert_int_equal(spf_run(db, R3, NOW, &res), 0);
	expect_route(&res, SPF_DEST_ROUTER, R1, M32, 17, 1,
	    IP(10, 0, 23, 2), IP(10, 0, 23, 1));
	expect_route(&res, SPF_DEST_NETWORK, IP(10, 0, 23, 0), M30, 7, 1,
	    IP(10, 0, 23, 2), 0);
	expect_route(&res, SPF_DEST_NETWORK, R1, M32, 17, 1,
	    IP(10, 0, 23, 2), IP(10, 0, 23, 1));

	/* An unknown root has no routes. */
	assert_int_equal(spf_run(db, R4, NOW, &res), 0);
	assert_int_equal(res.nroute, 0);
	spf_result_free(&res);
}

/* 192.168.1.0/24 with R1 .1, R2 .2 (the DR), R3 .3. */
static void
test_spf_broadcast(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;
	const uint32_t		 dr = IP(192, 168, 1, 2);

	RTR(db, R1, TRANSIT(dr, IP(192, 168, 1, 1), 10));
	RTR(db, R2, TRANSIT(dr, IP(192, 168, 1, 2), 20),
	    STUB(IP(172, 16, 0, 0), IP(255, 255, 0, 0), 5));
	RTR(db, R3, TRANSIT(dr, IP(192, 168, 1, 3), 30), STUB(R3, M32, 1));
	NET(db, dr, R2, M24, R1, R2, R3);

	res = spf(db, R1, NOW);
	assert_int_equal(res.nvertex, 4);
	assert_int_equal(res.nroute, 5);
	expect_route(&res, SPF_DEST_NETWORK, IP(192, 168, 1, 0), M24, 10, 1,
	    IP(192, 168, 1, 1), 0);
	expect_route(&res, SPF_DEST_ROUTER, R2, M32, 10, 1,
	    IP(192, 168, 1, 1), IP(192, 168, 1, 2));
	expect_route(&res, SPF_DEST_ROUTER, R3, M32, 10, 1,
	    IP(192, 168, 1, 1), IP(192, 168, 1, 3));
	expect_route(&res, SPF_DEST_NETWORK, R3, M32, 11, 1,
	    IP(192, 168, 1, 1), IP(192, 168, 1, 3));
	expect_route(&res, SPF_DEST_NETWORK, IP(172, 16, 0, 0),
	    IP(255, 255, 0, 0), 15, 1, IP(192, 168, 1, 1), IP(192, 168, 1, 2));

	/* From R3, the cost to the segment is R3's own. */
	assert_int_equal(spf_run(db, R3, NOW, &res), 0);
	expect_route(&res, SPF_DEST_ROUTER, R2, M32, 30, 1,
	    IP(192, 168, 1, 3), IP(192, 168, 1, 2));
	expect_route(&res, SPF_DEST_NETWORK, IP(172, 16, 0, 0),
	    IP(255, 255, 0, 0), 35, 1, IP(192, 168, 1, 3), IP(192, 168, 1, 2));
	spf_result_free(&res);
}

/*
 * R1 -(10)- R2 -(5)- R4 and R1 -(10)- R3 -(5)- R4: two equal paths to R4,
 * and two parallel links R1-R2 (R2 lists its links back in the other
 * order, so the gateway must be matched by subnet). Beyond a broadcast
 * segment behind R4, the next hops are inherited.
 */
static void
test_spf_ecmp(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;
	const uint32_t		 dr = IP(192, 168, 4, 4);

	RTR(db, R1,
	    P2P(R2, IP(10, 0, 12, 1), 10), STUB(IP(10, 0, 12, 0), M30, 10),
	    P2P(R2, IP(10, 0, 21, 1), 10), STUB(IP(10, 0, 21, 0), M30, 10),
	    P2P(R3, IP(10, 0, 13, 1), 10), STUB(IP(10, 0, 13, 0), M30, 10));
	RTR(db, R2,
	    P2P(R1, IP(10, 0, 21, 2), 10), P2P(R1, IP(10, 0, 12, 2), 10),
	    P2P(R4, IP(10, 0, 24, 2), 5));
	RTR(db, R3,
	    P2P(R1, IP(10, 0, 13, 3), 10), P2P(R4, IP(10, 0, 34, 3), 5));
	RTR(db, R4,
	    P2P(R2, IP(10, 0, 24, 4), 5), P2P(R3, IP(10, 0, 34, 4), 5),
	    TRANSIT(dr, dr, 1), STUB(R4, M32, 0));
	RTR(db, IP(5, 5, 5, 5), TRANSIT(dr, IP(192, 168, 4, 5), 1));
	NET(db, dr, R4, M24, R4, IP(5, 5, 5, 5));

	res = spf(db, R1, NOW);
	expect_route(&res, SPF_DEST_ROUTER, R2, M32, 10, 2,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2),
	    IP(10, 0, 21, 1), IP(10, 0, 21, 2));
	expect_route(&res, SPF_DEST_ROUTER, R3, M32, 10, 1,
	    IP(10, 0, 13, 1), IP(10, 0, 13, 3));
	expect_route(&res, SPF_DEST_ROUTER, R4, M32, 15, 3,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2),
	    IP(10, 0, 21, 1), IP(10, 0, 21, 2),
	    IP(10, 0, 13, 1), IP(10, 0, 13, 3));
	expect_route(&res, SPF_DEST_NETWORK, R4, M32, 15, 3,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2),
	    IP(10, 0, 21, 1), IP(10, 0, 21, 2),
	    IP(10, 0, 13, 1), IP(10, 0, 13, 3));
	expect_route(&res, SPF_DEST_NETWORK, IP(192, 168, 4, 0), M24, 16, 3,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2),
	    IP(10, 0, 21, 1), IP(10, 0, 21, 2),
	    IP(10, 0, 13, 1), IP(10, 0, 13, 3));
	expect_route(&res, SPF_DEST_ROUTER, IP(5, 5, 5, 5), M32, 16, 3,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2),
	    IP(10, 0, 21, 1), IP(10, 0, 21, 2),
	    IP(10, 0, 13, 1), IP(10, 0, 13, 3));

	/* From R4: R1 by two paths of 15 (R4-R2 5 + R2-R1 10 twice, R3). */
	assert_int_equal(spf_run(db, R4, NOW, &res), 0);
	expect_route(&res, SPF_DEST_ROUTER, R1, M32, 15, 2,
	    IP(10, 0, 24, 4), IP(10, 0, 24, 2),
	    IP(10, 0, 34, 4), IP(10, 0, 34, 3));
	expect_route(&res, SPF_DEST_ROUTER, IP(5, 5, 5, 5), M32, 1, 1, dr,
	    IP(192, 168, 4, 5));
	expect_route(&res, SPF_DEST_NETWORK, IP(192, 168, 4, 0), M24, 1, 1,
	    dr, 0);
	spf_result_free(&res);
}

/*
 * 16.1 step 3: at equal distance a network leaves the candidate list
 * before a router, so R2, at 10 both over the point-to-point link and
 * across the segment, gets the next hops of both.
 */
static void
test_spf_net_first(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;
	const uint32_t		 dr = IP(192, 168, 1, 2);

	RTR(db, R1, P2P(R2, IP(10, 0, 12, 1), 10),
	    TRANSIT(dr, IP(192, 168, 1, 1), 10));
	RTR(db, R2, P2P(R1, IP(10, 0, 12, 2), 10), TRANSIT(dr, dr, 10),
	    STUB(R2, M32, 0));
	NET(db, dr, R2, M24, R1, R2);
	res = spf(db, R1, NOW);
	expect_route(&res, SPF_DEST_ROUTER, R2, M32, 10, 2,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2), IP(192, 168, 1, 1), dr);
	expect_route(&res, SPF_DEST_NETWORK, R2, M32, 10, 2,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2), IP(192, 168, 1, 1), dr);
	spf_result_free(&res);
}

/* More than SPF_MAX_NEXTHOPS equal paths keep the first 16. */
static void
test_spf_ecmp_cap(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;
	const struct spf_route	*rt;
	struct lsa_rtr_link	 l1[20], l4[20];
	uint32_t		 mid;
	int			 i, j;

	for (i = 0; i < 20; i++) {
		mid = IP(7, 0, 0, i + 1);
		l1[i] = (struct lsa_rtr_link)P2P(mid, IP(10, 1, i, 1), 1);
		l4[i] = (struct lsa_rtr_link)P2P(mid, IP(10, 4, i, 4), 1);
		assert_int_equal(rtr_install(db, mid, 0, 1, NOW,
		    LINKS(P2P(R1, IP(10, 1, i, 2), 1),
		    P2P(R4, IP(10, 4, i, 2), 1))), LSDB_NEW);
	}
	assert_int_equal(rtr_install(db, R1, 0, 1, NOW, l1, 20), LSDB_NEW);
	assert_int_equal(rtr_install(db, R4, 0, 1, NOW, l4, 20), LSDB_NEW);
	res = spf(db, R1, NOW);
	rt = spf_route_find(&res, SPF_DEST_ROUTER, R4, M32);
	assert_non_null(rt);
	assert_int_equal(rt->cost, 2);
	assert_int_equal(rt->nnh, SPF_MAX_NEXTHOPS);
	/* Sixteen distinct paths, which ones depends on the heap's order. */
	for (i = 0; i < SPF_MAX_NEXTHOPS; i++) {
		mid = rt->nh[i].ifaddr;
		assert_int_equal(mid & 0xffff00ffU, IP(10, 1, 0, 1));
		assert_in_range((mid >> 8) & 0xff, 0, 19);
		assert_int_equal(rt->nh[i].gateway, mid + 1);
		for (j = 0; j < i; j++)
			assert_int_not_equal(rt->nh[j].ifaddr, mid);
	}
	spf_result_free(&res);
}

/* 16.1 step 2b: a link the far end does not return is not used. */
static void
test_spf_no_backlink(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;
	const uint32_t		 dr = IP(192, 168, 1, 1);
	const uint32_t		 dr2 = IP(192, 168, 2, 1);

	/* R2 does not link back to R1. */
	RTR(db, R1, P2P(R2, IP(10, 0, 12, 1), 10),
	    TRANSIT(dr, dr, 1), TRANSIT(dr2, dr2, 1));
	RTR(db, R2, STUB(IP(172, 16, 2, 0), M24, 1),
	    P2P(R3, IP(10, 0, 23, 2), 1));
	/* R3 is listed on the segment but has no transit link to it. */
	RTR(db, R3, P2P(R2, IP(10, 0, 23, 3), 1),
	    STUB(IP(172, 16, 3, 0), M24, 1));
	NET(db, dr, R1, M24, R1, R3);
	/* The second segment does not list R1: unreachable, and R4 too. */
	RTR(db, R4, TRANSIT(dr2, IP(192, 168, 2, 4), 1));
	NET(db, dr2, R1, M24, R4);
	/* A virtual link is ignored. */
	RTR(db, IP(9, 9, 9, 9), VLINK(R1, IP(10, 9, 9, 9), 1));

	res = spf(db, R1, NOW);
	assert_int_equal(res.nvertex, 2);
	assert_int_equal(res.nroute, 1);
	expect_route(&res, SPF_DEST_NETWORK, IP(192, 168, 1, 0), M24, 1, 1,
	    dr, 0);
	expect_none(&res, SPF_DEST_ROUTER, R2, M32);
	expect_none(&res, SPF_DEST_ROUTER, R3, M32);
	expect_none(&res, SPF_DEST_ROUTER, R4, M32);
	expect_none(&res, SPF_DEST_NETWORK, IP(192, 168, 2, 0), M24);
	expect_none(&res, SPF_DEST_NETWORK, IP(172, 16, 2, 0), M24);
	spf_result_free(&res);
}

/*
 * A virtual link both ends list is a point-to-point link: the next hop
 * is the pair of its ends' addresses, which the daemon resolves through
 * the transit area.
 */
static void
test_spf_vlink(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;
	const uint32_t		 a1 = IP(10, 1, 12, 1), a2 = IP(10, 1, 23, 3);

	RTR(db, R1, VLINK(R2, a1, 7), STUB(R1, M32, 0));
	RTR(db, R2, VLINK(R1, a2, 9), STUB(IP(172, 16, 2, 0), M24, 1));
	res = spf(db, R1, NOW);
	assert_int_equal(res.nvertex, 2);
	expect_route(&res, SPF_DEST_ROUTER, R2, M32, 7, 1, a1, a2);
	expect_route(&res, SPF_DEST_NETWORK, IP(172, 16, 2, 0), M24, 8, 1,
	    a1, a2);
	spf_result_free(&res);
}

/*
 * Stub networks: one prefix from two routers at equal cost merges, at
 * different costs the cheaper wins, a stub equal to a transit network's
 * prefix at a higher cost loses, and host bits of the Link ID are masked.
 */
static void
test_spf_stub(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;
	const uint32_t		 dr = IP(192, 168, 1, 1);

	RTR(db, R1, TRANSIT(dr, dr, 10), STUB(IP(10, 99, 0, 1), M24, 3),
	    STUB(IP(172, 20, 0, 0), M24, 100));
	RTR(db, R2, TRANSIT(dr, IP(192, 168, 1, 2), 10),
	    STUB(IP(172, 16, 0, 0), M24, 5), STUB(IP(172, 17, 0, 0), M24, 5),
	    STUB(IP(192, 168, 1, 0), M24, 1), STUB(IP(172, 20, 0, 0), M24, 1));
	RTR(db, R3, TRANSIT(dr, IP(192, 168, 1, 3), 10),
	    STUB(IP(172, 16, 0, 0), M24, 5), STUB(IP(172, 17, 0, 0), M24, 6));
	NET(db, dr, R1, M24, R1, R2, R3);

	res = spf(db, R1, NOW);
	expect_route(&res, SPF_DEST_NETWORK, IP(172, 16, 0, 0), M24, 15, 2,
	    dr, IP(192, 168, 1, 2), dr, IP(192, 168, 1, 3));
	expect_route(&res, SPF_DEST_NETWORK, IP(172, 17, 0, 0), M24, 15, 1,
	    dr, IP(192, 168, 1, 2));
	expect_route(&res, SPF_DEST_NETWORK, IP(192, 168, 1, 0), M24, 10, 1,
	    dr, 0);
	expect_route(&res, SPF_DEST_NETWORK, IP(10, 99, 0, 0), M24, 3, 1,
	    0, 0);
	/* Our own stub costs 100, R2's 11: the remote one wins. */
	expect_route(&res, SPF_DEST_NETWORK, IP(172, 20, 0, 0), M24, 11, 1,
	    dr, IP(192, 168, 1, 2));
	assert_int_equal(res.nroute, 2 + 5);
	spf_result_free(&res);
}

/* MaxAge LSAs, installed so or aged into it, are not in the tree. */
static void
test_spf_maxage(void **state)
{
	struct lsdb		*db = *state;
	struct spf_result	 res;
	const uint32_t		 dr = IP(192, 168, 1, 1);

	chain_build(db);
	/* R3 re-announced at MaxAge (a flush): gone. */
	assert_int_equal(rtr_install(db, R3, 0, OSPF_MAX_AGE, NOW,
	    LINKS(P2P(R2, IP(10, 0, 23, 2), 7),
	    STUB(IP(10, 0, 23, 0), M30, 7),
	    STUB(R3, M32, 1))), LSDB_NEWER);
	res = spf(db, R1, NOW);
	expect_route(&res, SPF_DEST_ROUTER, R2, M32, 10, 1,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2));
	expect_none(&res, SPF_DEST_ROUTER, R3, M32);
	expect_none(&res, SPF_DEST_NETWORK, R3, M32);

	/* A segment whose network-LSA ages out between two runs. */
	assert_int_equal(rtr_install(db, R4, 0, 1, NOW,
	    LINKS(TRANSIT(dr, IP(192, 168, 1, 4), 1))), LSDB_NEW);
	assert_true(lsdb_delete(db, LSA_TYPE_ROUTER, R1, R1));
	assert_int_equal(rtr_install(db, R1, 0, 1, NOW,
	    LINKS(P2P(R2, IP(10, 0, 12, 1), 10), TRANSIT(dr, dr, 2))),
	    LSDB_NEW);
	assert_int_equal(net_install(db, dr, R1, M24, OSPF_MAX_AGE - 100,
	    RTRS(R1, R4)), LSDB_NEW);
	assert_int_equal(spf_run(db, R1, NOW + 99, &res), 0);
	expect_route(&res, SPF_DEST_ROUTER, R4, M32, 2, 1, dr,
	    IP(192, 168, 1, 4));
	assert_int_equal(spf_run(db, R1, NOW + 100, &res), 0);
	expect_none(&res, SPF_DEST_ROUTER, R4, M32);
	expect_none(&res, SPF_DEST_NETWORK, IP(192, 168, 1, 0), M24);
	expect_route(&res, SPF_DEST_ROUTER, R2, M32, 10, 1,
	    IP(10, 0, 12, 1), IP(10, 0, 12, 2));

	/* Our own router-LSA at MaxAge: no routes at all. */
	assert_int_equal(spf_run(db, R1, NOW + OSPF_MAX_AGE, &res), 0);
	assert_int_equal(res.nroute, 0);
	spf_result_free(&res);
}

/* ---- the LSDB ------------------------------------------------------ */

static void
test_lsdb_install(void **state)
{
	struct lsdb		*db = *state;
	struct lsdb_entry	*e;
	struct lsa_hdr		 h;
	struct buf		 b = BUF_INIT;
	uint32_t		 ck1, ck2;

	assert_int_equal(sum_install(db, IP(10, 0, 0, 0), R1, SEQ, 10, 1, 0),
	    LSDB_NEW);
	e = lsdb_lookup(db, LSA_TYPE_SUM_NET, IP(10, 0, 0, 0), R1);
	assert_non_null(e);
	assert_int_equal(e->lsa.u.summary.metric, 1);
	ck1 = e->lsa.hdr.cksum;
	assert_int_equal(lsdb_age(e, 0), 10);
	assert_int_equal(lsdb_age(e, 50), 60);
	assert_int_equal(lsdb_age(e, 5000), OSPF_MAX_AGE);
	lsdb_entry_hdr(e, 7, &h);
	assert_int_equal(h.age, 17);
	assert_int_equal(h.seq, SEQ);

	/* The same instance, a little older: same. */
	assert_int_equal(sum_install(db, IP(10, 0, 0, 0), R1, SEQ, 12, 1, 2),
	    LSDB_SAME);
	/* An older sequence number: older, and the stored one stays. */
	assert_int_equal(sum_install(db, IP(10, 0, 0, 0), R1, SEQ - 1, 0, 9,
	    3), LSDB_OLDER);
	e = lsdb_lookup(db, LSA_TYPE_SUM_NET, IP(10, 0, 0, 0), R1);
	assert_int_equal(e->lsa.hdr.seq, SEQ);
	assert_int_equal(e->lsa.u.summary.metric, 1);
	/* A newer one replaces it. */
	assert_int_equal(sum_install(db, IP(10, 0, 0, 0), R1, SEQ + 1, 0, 2,
	    4), LSDB_NEWER);
	e = lsdb_lookup(db, LSA_TYPE_SUM_NET, IP(10, 0, 0, 0), R1);
	assert_int_equal(e->lsa.hdr.seq, SEQ + 1);
	assert_int_equal(e->lsa.u.summary.metric, 2);
	assert_int_equal(lsdb_age(e, 4), 0);
	ck2 = e->lsa.hdr.cksum;
	assert_int_equal(lsdb_count(db, LSA_TYPE_SUM_NET), 1);
	assert_int_equal(lsdb_cksum_sum(db, LSA_TYPE_SUM_NET), ck2);
	assert_int_not_equal(ck1, ck2);
	/* The same instance at MaxAge is newer (a flush). */
	assert_int_equal(sum_install(db, IP(10, 0, 0, 0), R1, SEQ + 1,
	    OSPF_MAX_AGE, 2, 5), LSDB_NEWER);
	/* Ages apart by more than MaxAgeDiff: the younger is newer, and the
	 * stored instance is compared at its current age. */
	assert_int_equal(sum_install(db, IP(10, 0, 0, 1), R1, SEQ, 0, 1, 0),
	    LSDB_NEW);
	assert_int_equal(sum_install(db, IP(10, 0, 0, 1), R1, SEQ, 0, 1,
	    OSPF_MAX_AGE_DIFF), LSDB_SAME);
	assert_int_equal(sum_install(db, IP(10, 0, 0, 1), R1, SEQ, 0, 1,
	    OSPF_MAX_AGE_DIFF + 1), LSDB_NEWER);
	e = lsdb_lookup(db, LSA_TYPE_SUM_NET, IP(10, 0, 0, 1), R1);
	assert_int_equal(e->installed, OSPF_MAX_AGE_DIFF + 1);

	/* Bytes that do not parse change nothing. */
	rtr_build(&b, R1, 0, 1, SEQ, LINKS(STUB(R1, M32, 1)));
	assert_int_equal(lsdb_install(db, b.data, b.len - 1, 0), LSDB_BAD);
	b.data[3] = LSA_TYPE_GROUP;
	assert_int_equal(lsdb_install(db, b.data, b.len, 0), LSDB_BAD);
	assert_int_equal(lsdb_size(db), 2);
	assert_null(lsdb_lookup(db, LSA_TYPE_ROUTER, R1, R1));
	/* The LSDB holds its own copy of the bytes. */
	b.data[3] = LSA_TYPE_ROUTER;
	assert_int_equal(lsdb_install(db, b.data, b.len, 0), LSDB_NEW);
	memset(b.data, 0xee, b.len);
	e = lsdb_lookup(db, LSA_TYPE_ROUTER, R1, R1);
	assert_int_equal(e->lsa.u.router.nlinks, 1);
	assert_int_equal(e->len, b.len);
	assert_true(lsa_cksum_ok(e->bytes, e->len));
	assert_string_equal(lsdb_ret_name(LSDB_OLDER), "older");
	buf_free(&b);
}

static void
test_lsdb_order(void **state)
{
	struct lsdb		*db = *state;
	struct lsdb_entry	*e, *prev, *next;
	uint32_t		 sum[LSA_TYPE_MAX] = { 0 };
	size_t			 cnt[LSA_TYPE_MAX] = { 0 };
	size_t			 i, n;
	uint32_t		 id, adv;
	unsigned int		 t;

	srandom(7);
	/* 300 LSAs of three types, in random order, some keys twice. */
	for (i = 0; i < 300; i++) {
		id = IP(10, 0, random() % 8, 0);
		adv = IP(1, 1, 1, random() % 6);
		switch (random() % 3) {
		case 0:
			(void)sum_install(db, id, adv, SEQ, 1, 1, NOW);
			break;
		case 1:
			(void)net_install(db, id, adv, M24, 1, RTRS(adv));
			break;
		default:
			(void)rtr_install(db, adv, 0, 1, NOW,
			    LINKS(STUB(id, M24, (uint16_t)i)));
			break;
		}
	}
	n = 0;
	prev = NULL;
	for (e = lsdb_first(db); e != NULL; e = lsdb_next(db, e)) {
		if (prev != NULL) {
			const struct lsa_hdr *a = &prev->lsa.hdr;
			const struct lsa_hdr *b = &e->lsa.hdr;

			assert_true(a->type < b->type ||
			    (a->type == b->type && (a->id < b->id ||
			    (a->id == b->id && a->adv_rtr < b->adv_rtr))));
		}
		assert_ptr_equal(lsdb_lookup(db, e->lsa.hdr.type,
		    e->lsa.hdr.id, e->lsa.hdr.adv_rtr), e);
		cnt[e->lsa.hdr.type]++;
		sum[e->lsa.hdr.type] += e->lsa.hdr.cksum;
		prev = e;
		n++;
	}
	assert_int_equal(n, lsdb_size(db));
	assert_true(n > 20);
	for (t = 0; t < LSA_TYPE_MAX; t++) {
		assert_int_equal(lsdb_count(db, t), cnt[t]);
		assert_int_equal(lsdb_cksum_sum(db, t), sum[t]);
	}
	assert_int_equal(lsdb_count(db, LSA_TYPE_MAX + 5), 0);

	/* Seek to a type, and delete while walking. */
	e = lsdb_seek(db, LSA_TYPE_NETWORK, 0, 0);
	assert_non_null(e);
	assert_int_equal(e->lsa.hdr.type, LSA_TYPE_NETWORK);
	while (e != NULL && e->lsa.hdr.type == LSA_TYPE_NETWORK) {
		next = lsdb_next(db, e);
		assert_true(lsdb_delete(db, e->lsa.hdr.type, e->lsa.hdr.id,
		    e->lsa.hdr.adv_rtr));
		e = next;
	}
	assert_int_equal(lsdb_count(db, LSA_TYPE_NETWORK), 0);
	assert_int_equal(lsdb_cksum_sum(db, LSA_TYPE_NETWORK), 0);
	assert_int_equal(lsdb_size(db), n - cnt[LSA_TYPE_NETWORK]);
	assert_false(lsdb_delete(db, LSA_TYPE_NETWORK, IP(10, 0, 0, 0),
	    IP(1, 1, 1, 0)));
	assert_null(lsdb_seek(db, LSA_TYPE_SUM_NET, 0xffffffffU, 0xffffffffU));
	lsdb_clear(db);
	assert_null(lsdb_first(db));
	assert_int_equal(lsdb_count(db, LSA_TYPE_ROUTER), 0);
}

/* ---- random topologies against a reference ------------------------- */

#define RNDR		24	/* routers */
#define RNDN		6	/* transit networks */
#define RNDV		(RNDR + RNDN)
#define RNDP		12	/* stub prefixes */
#define INF		UINT32_MAX

struct rnd_topo {
	/* p2p[i][j]: metric of i's link to j, 0 none */
	uint16_t	 p2p[RNDR][RNDR];
	/* tr[i][k]: metric of i's transit link to network k, 0 none */
	uint16_t	 tr[RNDR][RNDN];
	bool		 listed[RNDN][RNDR];	/* in k's network-LSA */
	uint16_t	 stub[RNDR][RNDP];	/* 0 none, else metric */
	uint8_t		 dr[RNDN];		/* the DR router */
};

static uint32_t
rnd_rid(int i)
{
	return IP(10, 255, 0, i + 1);
}

static uint32_t
rnd_dr_addr(int k)
{
	return IP(192, 168, k, 1);
}

static uint32_t
rnd_stub(int p)
{
	return IP(172, 16, p, 0);
}

static void
rnd_make(struct rnd_topo *t)
{
	int	 i, j, k, p;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < RNDR; i++)
		for (j = i + 1; j < RNDR; j++) {
			if (random() % 8)
				continue;
			t->p2p[i][j] = 1 + random() % 20;
			t->p2p[j][i] = 1 + random() % 20;
			if (random() % 10 == 0)	/* one way only */
				t->p2p[random() % 2 ? i : j]
				    [random() % 2 ? i : j] = 0;
		}
	for (i = 0; i < RNDR; i++)
		t->p2p[i][i] = 0;
	for (k = 0; k < RNDN; k++) {
		t->dr[k] = random() % RNDR;
		t->tr[t->dr[k]][k] = 1 + random() % 20;
		t->listed[k][t->dr[k]] = true;
		for (i = 0; i < RNDR; i++) {
			if (i == t->dr[k] || random() % 5)
				continue;
			/* Mostly both ways, sometimes one only. */
			switch (random() % 10) {
			case 0:
				t->tr[i][k] = 1 + random() % 20;
				break;
			case 1:
				t->listed[k][i] = true;
				break;
			default:
				t->tr[i][k] = 1 + random() % 20;
				t->listed[k][i] = true;
				break;
			}
		}
	}
	for (i = 0; i < RNDR; i++)
		for (p = 0; p < RNDP; p++)
			if (random() % 6 == 0)
				t->stub[i][p] = random() % 30;
}

static void
rnd_install(struct lsdb *db, const struct rnd_topo *t)
{
	struct lsa_rtr_link	 l[RNDR + RNDN + RNDP];
	uint32_t		 rtrs[RNDR];
	struct buf		 b = BUF_INIT;
	size_t			 n, nr, start;
	struct lsa_hdr		 h;
	int			 i, j, k, p;

	for (i = 0; i < RNDR; i++) {
		n = 0;
		for (j = 0; j < RNDR; j++)
			if (t->p2p[i][j])
				l[n++] = (struct lsa_rtr_link)P2P(rnd_rid(j),
				    IP(10, i, j, 1), t->p2p[i][j]);
		for (k = 0; k < RNDN; k++)
			if (t->tr[i][k])
				l[n++] = (struct lsa_rtr_link)TRANSIT(
				    rnd_dr_addr(k), IP(192, 168, k, 10 + i),
				    t->tr[i][k]);
		for (p = 0; p < RNDP; p++)
			if (t->stub[i][p])
				l[n++] = (struct lsa_rtr_link)STUB(
				    rnd_stub(p), M24, t->stub[i][p]);
		assert_int_equal(rtr_install(db, rnd_rid(i), 0, 1, NOW, l, n),
		    LSDB_NEW);
	}
	for (k = 0; k < RNDN; k++) {
		nr = 0;
		for (i = 0; i < RNDR; i++)
			if (t->listed[k][i])
				rtrs[nr++] = rnd_rid(i);
		h = hdr_make(LSA_TYPE_NETWORK, rnd_dr_addr(k),
		    rnd_rid(t->dr[k]), 1, SEQ);
		buf_reset(&b);
		start = lsa_begin(&b, &h);
		lsa_network_put(&b, M24, rtrs, nr);
		assert_true(lsa_finish(&b, start));
		assert_int_equal(lsdb_install(db, b.data, b.len, NOW),
		    LSDB_NEW);
	}
	buf_free(&b);
}

/* RFC 2328 16.1 with an adjacency matrix: vertices 0..RNDR-1 routers,
 * RNDR.. networks; an edge counts when both ends list each other. */
static void
rnd_reference(const struct rnd_topo *t, uint32_t *dist)
{
	static uint32_t	 w[RNDV][RNDV];
	bool		 done[RNDV] = { false };
	int		 i, j, k, u, v;

	for (i = 0; i < RNDV; i++)
		for (j = 0; j < RNDV; j++)
			w[i][j] = INF;
	for (i = 0; i < RNDR; i++)
		for (j = 0; j < RNDR; j++)
			if (t->p2p[i][j] && t->p2p[j][i])
				w[i][j] = t->p2p[i][j];
	for (i = 0; i < RNDR; i++)
		for (k = 0; k < RNDN; k++)
			if (t->tr[i][k] && t->listed[k][i]) {
				w[i][RNDR + k] = t->tr[i][k];
				w[RNDR + k][i] = 0;
			}
	for (v = 0; v < RNDV; v++)
		dist[v] = INF;
	dist[0] = 0;
	for (;;) {
		u = -1;
		for (v = 0; v < RNDV; v++)
			if (!done[v] && dist[v] != INF &&
			    (u == -1 || dist[v] < dist[u]))
				u = v;
		if (u == -1)
			break;
		done[u] = true;
		for (v = 0; v < RNDV; v++)
			if (w[u][v] != INF && dist[u] + w[u][v] < dist[v])
				dist[v] = dist[u] + w[u][v];
	}
}

static void
test_spf_random(void **state)
{
	struct lsdb		*db;
	struct rnd_topo		 t;
	struct spf_result	 res;
	const struct spf_route	*rt;
	uint32_t		 dist[RNDV], best, c;
	size_t			 expect, i;
	int			 round, v, p;

	(void)state;
	srandom(2328);
	spf_result_init(&res);
	for (round = 0; round < 200; round++) {
		assert_non_null(db = lsdb_new());
		rnd_make(&t);
		rnd_install(db, &t);
		rnd_reference(&t, dist);
		assert_int_equal(spf_run(db, rnd_rid(0), NOW, &res), 0);

		expect = 0;
		for (v = 1; v < RNDR; v++) {
			rt = spf_route_find(&res, SPF_DEST_ROUTER, rnd_rid(v),
			    M32);
			if (dist[v] == INF) {
				assert_null(rt);
				continue;
			}
			expect++;
			assert_non_null(rt);
			assert_int_equal(rt->cost, dist[v]);
			assert_in_range(rt->nnh, 1, SPF_MAX_NEXTHOPS);
		}
		for (v = 0; v < RNDN; v++) {
			rt = spf_route_find(&res, SPF_DEST_NETWORK,
			    rnd_dr_addr(v), M24);
			if (dist[RNDR + v] == INF) {
				assert_null(rt);
				continue;
			}
			expect++;
			assert_non_null(rt);
			assert_int_equal(rt->cost, dist[RNDR + v]);
			assert_in_range(rt->nnh, 1, SPF_MAX_NEXTHOPS);
		}
		for (p = 0; p < RNDP; p++) {
			best = INF;
			for (v = 0; v < RNDR; v++) {
				if (!t.stub[v][p] || dist[v] == INF)
					continue;
				c = dist[v] + t.stub[v][p];
				if (c < best)
					best = c;
			}
			rt = spf_route_find(&res, SPF_DEST_NETWORK,
			    rnd_stub(p), M24);
			if (best == INF) {
				assert_null(rt);
				continue;
			}
			expect++;
			assert_non_null(rt);
			assert_int_equal(rt->cost, best);
			assert_in_range(rt->nnh, 1, SPF_MAX_NEXTHOPS);
		}
		assert_int_equal(res.nroute, expect);
		for (i = 1; i < res.nroute; i++)
			assert_true(res.routes[i - 1].dest <
			    res.routes[i].dest ||
			    (res.routes[i - 1].dest == res.routes[i].dest &&
			    res.routes[i - 1].addr < res.routes[i].addr));
		lsdb_del(db);
	}
	spf_result_free(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spf_chain, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_spf_broadcast, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_spf_ecmp, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_spf_net_first, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_spf_ecmp_cap, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_spf_no_backlink, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_spf_vlink, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_spf_stub, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_spf_maxage, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_lsdb_install, setup_db,
		    teardown_db),
		cmocka_unit_test_setup_teardown(test_lsdb_order, setup_db,
		    teardown_db),
		cmocka_unit_test(test_spf_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

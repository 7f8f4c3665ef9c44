/*
 * Unit tests for spf_ext (RFC 2328 16.2 and 16.4) of daemons/ospfd: areas
 * are built from router-LSAs, summary-LSAs and AS-external LSAs made with
 * the codec's builders, spf_run() gives each area's intra-area routes and
 * spf_ext_run() merges them with inter-area and external routes. Checked
 * exactly: path types, costs, next hops and attributes, on an ABR (only
 * backbone summaries) and a non-ABR, intra preferred over inter, ECMP
 * through two ABRs, E1 over E2, the E2 tie-break, forwarding addresses
 * (reachable, directly attached, unreachable), MaxAge and LSInfinity
 * LSAs, an ASBR reached through a summary-4 alone, 16.4.1 between areas,
 * and the result's sort order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "lsdb.h"
#include "ospf.h"
#include "spf.h"
#include "spf_ext.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			    (uint32_t)(c) << 8 | (uint32_t)(d))
#define R1		IP(1, 1, 1, 1)
#define R2		IP(2, 2, 2, 2)
#define R3		IP(3, 3, 3, 3)
#define R4		IP(4, 4, 4, 4)
#define R5		IP(5, 5, 5, 5)
#define R6		IP(6, 6, 6, 6)
#define R7		IP(7, 7, 7, 7)
#define M30		IP(255, 255, 255, 252)
#define M24		IP(255, 255, 255, 0)
#define M16		IP(255, 255, 0, 0)
#define M32		0xffffffffU
#define SEQ		(OSPF_INITIAL_SEQ + 10)
#define NOW		1000
#define AREA0		0
#define AREA1		IP(0, 0, 0, 1)
#define INF		OSPF_LS_INFINITY
#define MAXAGE		OSPF_MAX_AGE

/* Our addresses on the point-to-point links to R2 and R3, theirs. */
#define A12		IP(10, 0, 12, 1)
#define A21		IP(10, 0, 12, 2)
#define A13		IP(10, 0, 13, 1)
#define A31		IP(10, 0, 13, 3)

#define P2P(nbr, ifa, m)	{ .id = (nbr), .data = (ifa), \
				    .type = LSA_LINK_P2P, .metric = (m) }
#define STUB(net, mask, m)	{ .id = (net), .data = (mask), \
				    .type = LSA_LINK_STUB, .metric = (m) }
#define LINKS(...)	(const struct lsa_rtr_link[]){ __VA_ARGS__ }, \
	sizeof((const struct lsa_rtr_link[]){ __VA_ARGS__ }) / \
	sizeof(struct lsa_rtr_link)

/* ---- building LSAs ------------------------------------------------- */

static struct lsa_hdr
hdr_make(uint8_t type, uint32_t id, uint32_t adv, uint16_t age)
{
	struct lsa_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.age = age;
	h.options = OSPF_OPT_E;
	h.type = type;
	h.id = id;
	h.adv_rtr = adv;
	h.seq = SEQ;
	return h;
}

static void
install(struct lsdb *db, struct buf *b, size_t start)
{
	assert_true(lsa_finish(b, start));
	assert_int_equal(lsdb_install(db, b->data, b->len, NOW), LSDB_NEW);
	buf_free(b);
}

static void
rtr_install(struct lsdb *db, uint32_t rid, uint8_t flags,
    const struct lsa_rtr_link *l, size_t n)
{
	struct lsa_hdr	 h = hdr_make(LSA_TYPE_ROUTER, rid, rid, 1);
	struct buf	 b = BUF_INIT;
	size_t		 start, i;

	start = lsa_begin(&b, &h);
	lsa_router_put(&b, flags, (uint16_t)n);
	for (i = 0; i < n; i++)
		lsa_rtr_link_put(&b, &l[i]);
	install(db, &b, start);
}

/* A summary-LSA: type 3 for (id, mask), type 4 for ASBR id. */
static void
sum_install(struct lsdb *db, uint8_t type, uint32_t id, uint32_t mask,
    uint32_t adv, uint32_t metric, uint16_t age)
{
	struct lsa_hdr		 h = hdr_make(type, id, adv, age);
	struct lsa_summary	 s = { .mask = mask, .metric = metric };
	struct buf		 b = BUF_INIT;
	size_t			 start;

	start = lsa_begin(&b, &h);
	lsa_summary_put(&b, &s);
	install(db, &b, start);
}

static void
ext_install_type(struct lsdb *db, uint8_t type, uint32_t id, uint32_t mask,
    uint32_t adv, bool e2, uint32_t metric, uint32_t fwd, uint16_t age)
{
	struct lsa_hdr		 h = hdr_make(type, id, adv, age);
	struct lsa_external	 x = { .mask = mask, .ebit = e2,
				    .metric = metric, .fwd = fwd,
				    .tag = id ^ adv };
	struct buf		 b = BUF_INIT;
	size_t			 start;

	start = lsa_begin(&b, &h);
	lsa_external_put(&b, &x);
	install(db, &b, start);
}

#define RTR(db, rid, flags, ...) \
	rtr_install(db, rid, flags, LINKS(__VA_ARGS__))
#define SUM3(db, net, mask, adv, metric) \
	sum_install(db, LSA_TYPE_SUM_NET, net, mask, adv, metric, 1)
#define SUM4(db, asbr, adv, metric) \
	sum_install(db, LSA_TYPE_SUM_ASBR, asbr, 0, adv, metric, 1)
static void
ext_install(struct lsdb *db, uint32_t id, uint32_t mask, uint32_t adv,
    bool e2, uint32_t metric, uint32_t fwd, uint16_t age)
{
	ext_install_type(db, LSA_TYPE_EXTERNAL, id, mask, adv, e2, metric,
	    fwd, age);
}

#define N7(db, net, mask, adv, metric, fwd) \
	ext_install_type(db, LSA_TYPE_NSSA, net, mask, adv, true, metric, \
	    fwd, 1)
#define E1(db, net, mask, adv, metric, fwd) \
	ext_install(db, net, mask, adv, false, metric, fwd, 1)
#define E2(db, net, mask, adv, metric, fwd) \
	ext_install(db, net, mask, adv, true, metric, fwd, 1)

/* ---- the fixture: the backbone, area 0.0.0.1, the AS-external LSDB -- */

struct fix {
	struct lsdb		*db[2];		/* AREA0, AREA1 */
	struct lsdb		*xdb;
	struct spf_result	 intra[2];
	struct spf_result	 res;
	struct spf_ext_attrs	 attrs;
	bool			 nssa1;		/* AREA1 is an NSSA */
};

#define IN_BACKBONE	0x1
#define IN_AREA1	0x2

static int
setup(void **state)
{
	struct fix	*f = calloc(1, sizeof(*f));

	if (f == NULL || (f->db[0] = lsdb_new()) == NULL ||
	    (f->db[1] = lsdb_new()) == NULL || (f->xdb = lsdb_new()) == NULL)
		return -1;
	spf_result_init(&f->intra[0]);
	spf_result_init(&f->intra[1]);
	spf_result_init(&f->res);
	spf_ext_attrs_init(&f->attrs);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix	*f = *state;

	lsdb_del(f->db[0]);
	lsdb_del(f->db[1]);
	lsdb_del(f->xdb);
	spf_result_free(&f->intra[0]);
	spf_result_free(&f->intra[1]);
	spf_result_free(&f->res);
	spf_ext_attrs_free(&f->attrs);
	free(f);
	return 0;
}

static void
check_sorted(const struct fix *f)
{
	const struct spf_route	*a, *b;
	size_t			 i;

	assert_int_equal(f->attrs.n, f->res.nroute);
	for (i = 1; i < f->res.nroute; i++) {
		a = &f->res.routes[i - 1];
		b = &f->res.routes[i];
		assert_true(a->dest < b->dest || (a->dest == b->dest &&
		    (a->addr < b->addr || (a->addr == b->addr &&
		    a->mask < b->mask))));
	}
}

/* SPF in the areas of `which` from R1, then spf_ext_run(). */
static void
run(struct fix *f, unsigned int which, bool abr, bool compat)
{
	static const uint32_t	 ids[2] = { AREA0, AREA1 };
	struct spf_ext_area	 areas[2];
	struct spf_ext_input	 in;
	size_t			 i;

	memset(&in, 0, sizeof(in));
	memset(areas, 0, sizeof(areas));
	for (i = 0; i < 2; i++) {
		if ((which & (1U << i)) == 0)
			continue;
		assert_int_equal(spf_run(f->db[i], R1, NOW, &f->intra[i]), 0);
		areas[in.nareas].id = ids[i];
		areas[in.nareas].db = f->db[i];
		areas[in.nareas].intra = &f->intra[i];
		areas[in.nareas].nssa = i == 1 && f->nssa1;
		in.nareas++;
	}
	in.areas = areas;
	in.ext_db = f->xdb;
	in.rtr_id = R1;
	in.now = NOW;
	in.abr = abr;
	in.rfc1583compat = compat;
	assert_int_equal(spf_ext_run(&in, &f->res, &f->attrs), 0);
	check_sorted(f);
}

/*
 * The route exists with this path type, cost and exactly these nnh next
 * hops, given as (ifaddr, gateway) pairs in any order. Returns its
 * attributes.
 */
static const struct spf_ext_attr *
expect_route(const struct fix *f, enum spf_dest dest, uint32_t addr,
    uint32_t mask, enum spf_path path, uint32_t cost, unsigned int nnh, ...)
{
	const struct spf_route	*rt;
	va_list			 ap;
	uint32_t		 ifa, gw;
	unsigned int		 i, j;
	bool			 found;

	rt = spf_route_find(&f->res, dest, addr, mask);
	if (rt == NULL)
		fail_msg("no route to %08x/%08x (%s)", addr, mask,
		    spf_dest_name(dest));
	if (rt->path != path)
		fail_msg("route %08x/%08x: %s, not %s", addr, mask,
		    spf_path_name(rt->path), spf_path_name(path));
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
	return &f->attrs.a[rt - f->res.routes];
}

static void
expect_none(const struct fix *f, enum spf_dest dest, uint32_t addr,
    uint32_t mask)
{
	if (spf_route_find(&f->res, dest, addr, mask) != NULL)
		fail_msg("unexpected route to %08x/%08x", addr, mask);
}

/* ---- 16.2 ---------------------------------------------------------- */

/*
 * Area 0.0.0.1: R1 -(10)- R2, an ABR. R2 summarises 172.16.0.0/24 (type
 * 3) and ASBR R5 (type 4), and also 192.168.2.0/24, which is R2's own
 * stub, so intra-area.
 */
static void
area1_build(struct fix *f)
{
	struct lsdb	*db = f->db[1];

	RTR(db, R1, 0, P2P(R2, A12, 10), STUB(IP(10, 0, 12, 0), M30, 10));
	RTR(db, R2, LSA_RTR_B, P2P(R1, A21, 10),
	    STUB(IP(10, 0, 12, 0), M30, 10),
	    STUB(IP(192, 168, 2, 0), M24, 50));
	SUM3(db, IP(172, 16, 0, 0), M24, R2, 5);
	SUM3(db, IP(192, 168, 2, 0), M24, R2, 1);
	SUM4(db, R5, R2, 7);
}

static void
test_inter_basic(void **state)
{
	struct fix			*f = *state;
	const struct spf_ext_attr	*a;

	area1_build(f);
	run(f, IN_AREA1, false, false);
	a = expect_route(f, SPF_DEST_NETWORK, IP(172, 16, 0, 0), M24,
	    SPF_PATH_INTER, 15, 1, A12, A21);
	assert_int_equal(a->area, AREA1);
	assert_int_equal(a->adv_rtr, R2);
	a = expect_route(f, SPF_DEST_ROUTER, R5, M32, SPF_PATH_INTER, 17, 1,
	    A12, A21);
	assert_int_equal(f->res.routes[a - f->attrs.a].rtr_flags,
	    LSA_RTR_E);
	/* Intra-area beats a cheaper summary. */
	a = expect_route(f, SPF_DEST_NETWORK, IP(192, 168, 2, 0), M24,
	    SPF_PATH_INTRA, 60, 1, A12, A21);
	assert_int_equal(a->area, AREA1);
	/* The intra-area routes are all there, untouched. */
	expect_route(f, SPF_DEST_NETWORK, IP(10, 0, 12, 0), M30,
	    SPF_PATH_INTRA, 10, 1, A12, 0);
	expect_route(f, SPF_DEST_ROUTER, R2, M32, SPF_PATH_INTRA, 10, 1,
	    A12, A21);
	assert_int_equal(f->res.nroute, 5);
	assert_int_equal(f->res.nvertex, 2);
}

/*
 * The same area 0.0.0.1 and a backbone R1 -(10)- R3, R3 an ABR
 * summarising 172.17.0.0/24 and 192.168.2.0/24. As an ABR, R1 uses the
 * backbone's summaries alone; as a non-ABR it would use both (a
 * configuration that cannot happen, but shows the flag at work).
 */
static void
test_inter_abr_backbone_only(void **state)
{
	struct fix			*f = *state;
	const struct spf_ext_attr	*a;

	area1_build(f);
	RTR(f->db[0], R1, LSA_RTR_B, P2P(R3, A13, 10));
	RTR(f->db[0], R3, LSA_RTR_B, P2P(R1, A31, 10));
	SUM3(f->db[0], IP(172, 17, 0, 0), M24, R3, 3);
	SUM3(f->db[0], IP(192, 168, 2, 0), M24, R3, 1);

	run(f, IN_BACKBONE | IN_AREA1, true, false);
	a = expect_route(f, SPF_DEST_NETWORK, IP(172, 17, 0, 0), M24,
	    SPF_PATH_INTER, 13, 1, A13, A31);
	assert_int_equal(a->area, AREA0);
	assert_int_equal(a->adv_rtr, R3);
	expect_none(f, SPF_DEST_NETWORK, IP(172, 16, 0, 0), M24);
	expect_none(f, SPF_DEST_ROUTER, R5, M32);
	/* A backbone summary does not beat an intra-area route of another
	 * area, however cheap. */
	a = expect_route(f, SPF_DEST_NETWORK, IP(192, 168, 2, 0), M24,
	    SPF_PATH_INTRA, 60, 1, A12, A21);
	assert_int_equal(a->area, AREA1);
	/* Router entries of both areas. */
	expect_route(f, SPF_DEST_ROUTER, R2, M32, SPF_PATH_INTRA, 10, 1,
	    A12, A21);
	expect_route(f, SPF_DEST_ROUTER, R3, M32, SPF_PATH_INTRA, 10, 1,
	    A13, A31);

	run(f, IN_BACKBONE | IN_AREA1, false, false);
	expect_route(f, SPF_DEST_NETWORK, IP(172, 17, 0, 0), M24,
	    SPF_PATH_INTER, 13, 1, A13, A31);
	expect_route(f, SPF_DEST_NETWORK, IP(172, 16, 0, 0), M24,
	    SPF_PATH_INTER, 15, 1, A12, A21);
	expect_route(f, SPF_DEST_ROUTER, R5, M32, SPF_PATH_INTER, 17, 1,
	    A12, A21);
}

/*
 * Area 0.0.0.1: R1 -(10)- R2 and R1 -(10)- R3, both ABRs, and R4 behind
 * R2, not an ABR. Equal summaries merge their next hops, a cheaper one
 * wins alone, a summary from a non-ABR, from ourselves, or of ourselves
 * is ignored.
 */
static void
test_inter_ecmp(void **state)
{
	struct fix			*f = *state;
	struct lsdb			*db = f->db[1];
	const struct spf_ext_attr	*a;

	RTR(db, R1, 0, P2P(R2, A12, 10), P2P(R3, A13, 10));
	RTR(db, R2, LSA_RTR_B, P2P(R1, A21, 10), P2P(R4, A21, 1));
	RTR(db, R3, LSA_RTR_B, P2P(R1, A31, 10));
	RTR(db, R4, 0, P2P(R2, IP(10, 0, 24, 4), 1));
	SUM3(db, IP(172, 16, 0, 0), M24, R2, 5);
	SUM3(db, IP(172, 16, 0, 0), M24, R3, 5);
	SUM3(db, IP(172, 17, 0, 0), M24, R2, 6);
	SUM3(db, IP(172, 17, 0, 0), M24, R3, 5);
	SUM4(db, R5, R2, 7);
	SUM4(db, R5, R3, 7);
	SUM3(db, IP(172, 18, 0, 0), M24, R4, 1);	/* not an ABR */
	SUM3(db, IP(172, 19, 0, 0), M24, R1, 1);	/* our own */
	SUM4(db, R1, R2, 1);				/* us */

	run(f, IN_AREA1, false, false);
	a = expect_route(f, SPF_DEST_NETWORK, IP(172, 16, 0, 0), M24,
	    SPF_PATH_INTER, 15, 2, A12, A21, A13, A31);
	assert_int_equal(a->area, AREA1);
	expect_route(f, SPF_DEST_NETWORK, IP(172, 17, 0, 0), M24,
	    SPF_PATH_INTER, 15, 1, A13, A31);
	expect_route(f, SPF_DEST_ROUTER, R5, M32, SPF_PATH_INTER, 17, 2,
	    A12, A21, A13, A31);
	expect_none(f, SPF_DEST_NETWORK, IP(172, 18, 0, 0), M24);
	expect_none(f, SPF_DEST_NETWORK, IP(172, 19, 0, 0), M24);
	expect_none(f, SPF_DEST_ROUTER, R1, M32);
}

/* MaxAge and LSInfinity summaries are ignored, and do not hide others. */
static void
test_inter_unusable(void **state)
{
	struct fix	*f = *state;
	struct lsdb	*db = f->db[1];

	RTR(db, R1, 0, P2P(R2, A12, 10), P2P(R3, A13, 10));
	RTR(db, R2, LSA_RTR_B, P2P(R1, A21, 10));
	RTR(db, R3, LSA_RTR_B, P2P(R1, A31, 20));
	sum_install(db, LSA_TYPE_SUM_NET, IP(172, 16, 0, 0), M24, R2, 1,
	    MAXAGE);
	sum_install(db, LSA_TYPE_SUM_NET, IP(172, 17, 0, 0), M24, R2, INF, 1);
	sum_install(db, LSA_TYPE_SUM_NET, IP(172, 18, 0, 0), M24, R2, 1,
	    MAXAGE);
	SUM3(db, IP(172, 18, 0, 0), M24, R3, 30);
	sum_install(db, LSA_TYPE_SUM_ASBR, R5, 0, R2, 1, MAXAGE);
	sum_install(db, LSA_TYPE_SUM_ASBR, R6, 0, R2, INF, 1);
	E1(f->xdb, IP(10, 50, 0, 0), M16, R5, 1, 0);
	E1(f->xdb, IP(10, 60, 0, 0), M16, R6, 1, 0);

	run(f, IN_AREA1, false, false);
	expect_none(f, SPF_DEST_NETWORK, IP(172, 16, 0, 0), M24);
	expect_none(f, SPF_DEST_NETWORK, IP(172, 17, 0, 0), M24);
	expect_route(f, SPF_DEST_NETWORK, IP(172, 18, 0, 0), M24,
	    SPF_PATH_INTER, 40, 1, A13, A31);
	expect_none(f, SPF_DEST_ROUTER, R5, M32);
	expect_none(f, SPF_DEST_ROUTER, R6, M32);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 50, 0, 0), M16);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 60, 0, 0), M16);
}

/* ---- 16.4 ---------------------------------------------------------- */

/*
 * Area 0.0.0.1: R1 -(10)- R2 and R1 -(20)- R3, both ASBRs; R4 behind R2
 * is not. R2 has the stub 192.168.2.0/24 (cost 1), R1 the stub
 * 192.168.1.0/24 (cost 1).
 */
static void
ext_area_build(struct fix *f)
{
	struct lsdb	*db = f->db[1];

	RTR(db, R1, 0, P2P(R2, A12, 10), P2P(R3, A13, 20),
	    STUB(IP(10, 0, 12, 0), M30, 10),
	    STUB(IP(192, 168, 1, 0), M24, 1));
	RTR(db, R2, LSA_RTR_E, P2P(R1, A21, 10), P2P(R4, A21, 1),
	    STUB(IP(192, 168, 2, 0), M24, 1));
	RTR(db, R3, LSA_RTR_E, P2P(R1, A31, 20));
	RTR(db, R4, 0, P2P(R2, IP(10, 0, 24, 4), 1));
}

static void
test_ext_types(void **state)
{
	struct fix			*f = *state;
	struct lsdb			*x = f->xdb;
	const struct spf_ext_attr	*a;

	ext_area_build(f);
	/* E1 beats E2 whatever the metrics. */
	E2(x, IP(10, 10, 0, 0), M16, R2, 1, 0);
	E1(x, IP(10, 10, 0, 0), M16, R3, 100, 0);
	/* Equal type 2 metrics: the nearer ASBR. */
	E2(x, IP(10, 20, 0, 0), M16, R2, 50, 0);
	E2(x, IP(10, 20, 0, 0), M16, R3, 50, 0);
	/* Smaller type 2 metric first, however far. */
	E2(x, IP(10, 21, 0, 0), M16, R2, 60, 0);
	E2(x, IP(10, 21, 0, 0), M16, R3, 50, 0);
	/* E1: distance plus metric, equal sums merge. */
	E1(x, IP(10, 30, 0, 0), M16, R2, 20, 0);
	E1(x, IP(10, 30, 0, 0), M16, R3, 10, 0);
	E1(x, IP(10, 31, 0, 0), M16, R2, 5, 0);
	E1(x, IP(10, 31, 0, 0), M16, R3, 1, 0);
	/* Equal type 2 metrics, one with a forwarding address. */
	E2(x, IP(10, 32, 0, 0), M16, R2, 7, IP(192, 168, 2, 9));
	E2(x, IP(10, 32, 0, 0), M16, R3, 7, 0);
	/* Not from an ASBR, from ourselves, or over an intra route. */
	E1(x, IP(10, 40, 0, 0), M16, R4, 1, 0);
	E1(x, IP(10, 41, 0, 0), M16, R1, 1, 0);
	E1(x, IP(192, 168, 2, 0), M24, R3, 1, 0);
	/* MaxAge and LSInfinity, alone or beside a usable one. */
	ext_install(x, IP(10, 42, 0, 0), M16, R2, false, 1, 0, MAXAGE);
	ext_install(x, IP(10, 43, 0, 0), M16, R2, true, INF, 0, 1);
	ext_install(x, IP(10, 44, 0, 0), M16, R2, false, 1, 0, MAXAGE);
	ext_install(x, IP(10, 44, 0, 0), M16, R3, false, INF, 0, 1);
	E2(x, IP(10, 44, 0, 0), M16, R4, 1, 0);
	ext_install(x, IP(10, 45, 0, 0), M16, R2, false, 1, 0, MAXAGE);
	E2(x, IP(10, 45, 0, 0), M16, R3, 100, 0);

	run(f, IN_AREA1, false, false);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 10, 0, 0), M16,
	    SPF_PATH_EXT1, 120, 1, A13, A31);
	assert_int_equal(a->adv_rtr, R3);
	assert_int_equal(a->type2_cost, 0);
	assert_int_equal(a->area, AREA1);
	assert_int_equal(a->tag, IP(10, 10, 0, 0) ^ R3);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 20, 0, 0), M16,
	    SPF_PATH_EXT2, 10, 1, A12, A21);
	assert_int_equal(a->type2_cost, 50);
	assert_int_equal(a->adv_rtr, R2);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 21, 0, 0), M16,
	    SPF_PATH_EXT2, 20, 1, A13, A31);
	assert_int_equal(a->type2_cost, 50);
	assert_int_equal(a->adv_rtr, R3);
	expect_route(f, SPF_DEST_NETWORK, IP(10, 30, 0, 0), M16,
	    SPF_PATH_EXT1, 30, 2, A12, A21, A13, A31);
	expect_route(f, SPF_DEST_NETWORK, IP(10, 31, 0, 0), M16,
	    SPF_PATH_EXT1, 15, 1, A12, A21);
	/* 192.168.2.9 is 11 away (R2's stub), R3 is 20: not equal. */
	expect_route(f, SPF_DEST_NETWORK, IP(10, 32, 0, 0), M16,
	    SPF_PATH_EXT2, 11, 1, A12, A21);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 40, 0, 0), M16);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 41, 0, 0), M16);
	expect_route(f, SPF_DEST_NETWORK, IP(192, 168, 2, 0), M24,
	    SPF_PATH_INTRA, 11, 1, A12, A21);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 42, 0, 0), M16);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 43, 0, 0), M16);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 44, 0, 0), M16);
	expect_route(f, SPF_DEST_NETWORK, IP(10, 45, 0, 0), M16,
	    SPF_PATH_EXT2, 20, 1, A13, A31);
}

/* Equal type 2 metric and equal distance: the paths merge. */
static void
test_ext_e2_ecmp(void **state)
{
	struct fix	*f = *state;
	struct lsdb	*db = f->db[1];

	RTR(db, R1, 0, P2P(R2, A12, 10), P2P(R3, A13, 10));
	RTR(db, R2, LSA_RTR_E, P2P(R1, A21, 10));
	RTR(db, R3, LSA_RTR_E, P2P(R1, A31, 10));
	E2(f->xdb, IP(10, 10, 0, 0), M16, R2, 20, 0);
	E2(f->xdb, IP(10, 10, 0, 0), M16, R3, 20, 0);
	E2(f->xdb, IP(10, 11, 0, 0), M16, R2, 20, 0);
	E1(f->xdb, IP(10, 11, 0, 0), M16, R3, 1000, 0);
	run(f, IN_AREA1, false, false);
	expect_route(f, SPF_DEST_NETWORK, IP(10, 10, 0, 0), M16,
	    SPF_PATH_EXT2, 10, 2, A12, A21, A13, A31);
	expect_route(f, SPF_DEST_NETWORK, IP(10, 11, 0, 0), M16,
	    SPF_PATH_EXT1, 1010, 1, A13, A31);
}

/* 16.4 step 3: forwarding addresses. */
static void
test_ext_forwarding(void **state)
{
	struct fix			*f = *state;
	struct lsdb			*x = f->xdb;
	const struct spf_ext_attr	*a;

	ext_area_build(f);
	/* On R2's stub: R2's next hop, the distance to the stub. */
	E2(x, IP(10, 50, 0, 0), M16, R3, 5, IP(192, 168, 2, 7));
	E1(x, IP(10, 51, 0, 0), M16, R3, 5, IP(192, 168, 2, 7));
	/* On our own stub: the forwarding address is the gateway. */
	E2(x, IP(10, 52, 0, 0), M16, R2, 5, IP(192, 168, 1, 9));
	/* Nowhere: skipped, even with the ASBR reachable. */
	E1(x, IP(10, 53, 0, 0), M16, R3, 5, IP(203, 0, 113, 9));
	/* Reachable, but the ASBR is not. */
	E1(x, IP(10, 54, 0, 0), M16, R7, 5, IP(192, 168, 2, 7));
	/* Covered only by an external route (seen first): skipped, too. */
	E1(x, IP(10, 55, 1, 0), M24, R2, 1, 0);
	E1(x, IP(10, 55, 2, 0), M24, R3, 5, IP(10, 55, 1, 1));
	/* The forwarding address route, not the ASBR's, for E2 ties. */
	E2(x, IP(10, 56, 0, 0), M16, R2, 5, 0);
	E2(x, IP(10, 56, 0, 0), M16, R3, 5, IP(192, 168, 1, 9));

	run(f, IN_AREA1, false, false);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 50, 0, 0), M16,
	    SPF_PATH_EXT2, 11, 1, A12, A21);
	assert_int_equal(a->fwd, IP(192, 168, 2, 7));
	assert_int_equal(a->adv_rtr, R3);
	assert_int_equal(a->type2_cost, 5);
	expect_route(f, SPF_DEST_NETWORK, IP(10, 51, 0, 0), M16,
	    SPF_PATH_EXT1, 16, 1, A12, A21);
	expect_route(f, SPF_DEST_NETWORK, IP(10, 52, 0, 0), M16,
	    SPF_PATH_EXT2, 1, 1, 0, IP(192, 168, 1, 9));
	expect_none(f, SPF_DEST_NETWORK, IP(10, 53, 0, 0), M16);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 54, 0, 0), M16);
	expect_route(f, SPF_DEST_NETWORK, IP(10, 55, 1, 0), M24,
	    SPF_PATH_EXT1, 11, 1, A12, A21);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 55, 2, 0), M24);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 56, 0, 0), M16,
	    SPF_PATH_EXT2, 1, 1, 0, IP(192, 168, 1, 9));
	assert_int_equal(a->adv_rtr, R3);
}

/*
 * ASBR R5 is in no area of ours: R2, the ABR of area 0.0.0.1, announces
 * it with a summary-4 (7) and 172.16.0.0/24 with a summary-3 (5). R6 has
 * no summary-4 and is unreachable.
 */
static void
test_ext_asbr_via_summary(void **state)
{
	struct fix			*f = *state;
	struct lsdb			*x = f->xdb;
	const struct spf_ext_attr	*a;

	area1_build(f);
	E1(x, IP(10, 60, 0, 0), M16, R5, 3, 0);
	E2(x, IP(10, 61, 0, 0), M16, R5, 3, 0);
	E1(x, IP(10, 62, 0, 0), M16, R5, 3, IP(172, 16, 0, 44));
	E1(x, IP(10, 63, 0, 0), M16, R6, 3, 0);
	/* An ABR without E is no ASBR. */
	E1(x, IP(10, 64, 0, 0), M16, R2, 3, 0);

	run(f, IN_AREA1, false, false);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 60, 0, 0), M16,
	    SPF_PATH_EXT1, 20, 1, A12, A21);
	assert_int_equal(a->adv_rtr, R5);
	assert_int_equal(a->area, AREA1);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 61, 0, 0), M16,
	    SPF_PATH_EXT2, 17, 1, A12, A21);
	assert_int_equal(a->type2_cost, 3);
	/* A forwarding address on an inter-area route. */
	expect_route(f, SPF_DEST_NETWORK, IP(10, 62, 0, 0), M16,
	    SPF_PATH_EXT1, 18, 1, A12, A21);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 63, 0, 0), M16);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 64, 0, 0), M16);
}

/*
 * 16.4.1: ASBR R7 is reached intra-area in both areas, through the
 * backbone (R1 -(10)- R7) and through area 0.0.0.1 (R1 -(30)- R7). The
 * non-backbone path wins unless RFC1583Compatibility is on, then the
 * cheaper one. Externals compare the same way (16.4 step 6c): R3, an
 * ASBR in the backbone at 5, loses to R7 in area 0.0.0.1 at 30.
 */
static void
test_ext_asbr_pref(void **state)
{
	struct fix			*f = *state;
	const struct spf_ext_attr	*a;
	const uint32_t			 a17 = IP(10, 0, 17, 1),
					 a71 = IP(10, 0, 17, 7),
					 b17 = IP(10, 1, 17, 1),
					 b71 = IP(10, 1, 17, 7);

	RTR(f->db[0], R1, LSA_RTR_B, P2P(R7, a17, 10), P2P(R3, A13, 5));
	RTR(f->db[0], R7, LSA_RTR_B | LSA_RTR_E, P2P(R1, a71, 10));
	RTR(f->db[0], R3, LSA_RTR_E, P2P(R1, A31, 5));
	RTR(f->db[1], R1, LSA_RTR_B, P2P(R7, b17, 30));
	RTR(f->db[1], R7, LSA_RTR_B | LSA_RTR_E, P2P(R1, b71, 30));
	E1(f->xdb, IP(10, 70, 0, 0), M16, R7, 1, 0);
	E2(f->xdb, IP(10, 71, 0, 0), M16, R7, 9, 0);
	E2(f->xdb, IP(10, 71, 0, 0), M16, R3, 9, 0);

	run(f, IN_BACKBONE | IN_AREA1, true, false);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 70, 0, 0), M16,
	    SPF_PATH_EXT1, 31, 1, b17, b71);
	assert_int_equal(a->area, AREA1);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 71, 0, 0), M16,
	    SPF_PATH_EXT2, 30, 1, b17, b71);
	assert_int_equal(a->adv_rtr, R7);
	/* The router entry kept for R7 is the one 16.4.1 prefers. */
	a = expect_route(f, SPF_DEST_ROUTER, R7, M32, SPF_PATH_INTRA, 30, 1,
	    b17, b71);
	assert_int_equal(a->area, AREA1);

	run(f, IN_BACKBONE | IN_AREA1, true, true);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 70, 0, 0), M16,
	    SPF_PATH_EXT1, 11, 1, a17, a71);
	assert_int_equal(a->area, AREA0);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 71, 0, 0), M16,
	    SPF_PATH_EXT2, 5, 1, A13, A31);
	assert_int_equal(a->adv_rtr, R3);
	a = expect_route(f, SPF_DEST_ROUTER, R7, M32, SPF_PATH_INTRA, 10, 1,
	    a17, a71);
	assert_int_equal(a->area, AREA0);
}

/* 16.4.1: equal costs in two areas, the largest area ID wins. */
static void
test_ext_asbr_area_tie(void **state)
{
	struct fix			*f = *state;
	const struct spf_ext_attr	*a;
	const uint32_t			 b17 = IP(10, 1, 17, 1),
					 b71 = IP(10, 1, 17, 7);

	RTR(f->db[0], R1, LSA_RTR_B, P2P(R7, A13, 10));
	RTR(f->db[0], R7, LSA_RTR_B | LSA_RTR_E, P2P(R1, A31, 10));
	RTR(f->db[1], R1, LSA_RTR_B, P2P(R7, b17, 10));
	RTR(f->db[1], R7, LSA_RTR_B | LSA_RTR_E, P2P(R1, b71, 10));
	E1(f->xdb, IP(10, 70, 0, 0), M16, R7, 1, 0);
	run(f, IN_BACKBONE | IN_AREA1, true, true);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 70, 0, 0), M16,
	    SPF_PATH_EXT1, 11, 1, b17, b71);
	assert_int_equal(a->area, AREA1);
	a = expect_route(f, SPF_DEST_ROUTER, R7, M32, SPF_PATH_INTRA, 10, 1,
	    b17, b71);
	assert_int_equal(a->area, AREA1);
}

/*
 * RFC 3101 2.5: area 0.0.0.1 is an NSSA where R2 (an ASBR) originates
 * type-7 LSAs; R3 in the backbone originates a type-5 for one prefix
 * R2 also announces, at the same cost: type 5 wins the tie. Type-7 LSAs
 * of an area not marked NSSA are not read, nor those whose ASBR is only
 * reachable elsewhere.
 */
static void
test_nssa_type7(void **state)
{
	struct fix			*f = *state;
	const struct spf_ext_attr	*a;
	const uint32_t			 b12 = IP(10, 1, 12, 1),
					 b21 = IP(10, 1, 12, 2);

	RTR(f->db[0], R1, LSA_RTR_B, P2P(R3, A13, 10));
	RTR(f->db[0], R3, LSA_RTR_E, P2P(R1, A31, 10));
	RTR(f->db[1], R1, LSA_RTR_B, P2P(R2, b12, 10));
	RTR(f->db[1], R2, LSA_RTR_E, P2P(R1, b21, 10));
	N7(f->db[1], IP(10, 80, 0, 0), M16, R2, 5, 0);
	N7(f->db[1], IP(10, 81, 0, 0), M16, R2, 5, 0);
	E2(f->xdb, IP(10, 81, 0, 0), M16, R3, 5, 0);
	/* R3's type 7 in area 1, where R3 is not: ignored. */
	N7(f->db[1], IP(10, 82, 0, 0), M16, R3, 5, 0);

	f->nssa1 = true;
	run(f, IN_BACKBONE | IN_AREA1, true, true);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 80, 0, 0), M16,
	    SPF_PATH_EXT2, 10, 1, b12, b21);
	assert_int_equal(a->lsa_type, LSA_TYPE_NSSA);
	assert_int_equal(a->adv_rtr, R2);
	a = expect_route(f, SPF_DEST_NETWORK, IP(10, 81, 0, 0), M16,
	    SPF_PATH_EXT2, 10, 1, A13, A31);
	assert_int_equal(a->lsa_type, LSA_TYPE_EXTERNAL);
	assert_int_equal(a->adv_rtr, R3);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 82, 0, 0), M16);

	f->nssa1 = false;
	run(f, IN_BACKBONE | IN_AREA1, true, true);
	expect_none(f, SPF_DEST_NETWORK, IP(10, 80, 0, 0), M16);
}

/* 16.2 (3): a summary equal to one of our active ranges is ignored,
 * one inside it is not. */
static void
test_inter_own_range(void **state)
{
	struct fix			*f = *state;
	const struct spf_ext_range	 rg = { IP(10, 50, 0, 0), M16 };
	struct spf_ext_area		 area;
	struct spf_ext_input		 in;

	RTR(f->db[0], R1, LSA_RTR_B, P2P(R2, A12, 10));
	RTR(f->db[0], R2, LSA_RTR_B, P2P(R1, A21, 10));
	SUM3(f->db[0], IP(10, 50, 0, 0), M16, R2, 5);
	SUM3(f->db[0], IP(10, 50, 1, 0), M24, R2, 5);
	assert_int_equal(spf_run(f->db[0], R1, NOW, &f->intra[0]), 0);
	memset(&in, 0, sizeof(in));
	area.id = AREA0;
	area.db = f->db[0];
	area.intra = &f->intra[0];
	area.nssa = false;
	in.areas = &area;
	in.nareas = 1;
	in.rtr_id = R1;
	in.now = NOW;
	in.ranges = &rg;
	in.nranges = 1;
	assert_int_equal(spf_ext_run(&in, &f->res, &f->attrs), 0);
	assert_null(spf_route_find(&f->res, SPF_DEST_NETWORK,
	    IP(10, 50, 0, 0), M16));
	assert_non_null(spf_route_find(&f->res, SPF_DEST_NETWORK,
	    IP(10, 50, 1, 0), M24));
	in.nranges = 0;
	assert_int_equal(spf_ext_run(&in, &f->res, &f->attrs), 0);
	assert_non_null(spf_route_find(&f->res, SPF_DEST_NETWORK,
	    IP(10, 50, 0, 0), M16));
}

/* No areas, no LSDB: an empty result; attributes are optional. */
static void
test_empty(void **state)
{
	struct fix		*f = *state;
	struct spf_ext_input	 in;

	memset(&in, 0, sizeof(in));
	in.rtr_id = R1;
	assert_int_equal(spf_ext_run(&in, &f->res, NULL), 0);
	assert_int_equal(f->res.nroute, 0);
	ext_area_build(f);
	E1(f->xdb, IP(10, 10, 0, 0), M16, R2, 1, 0);
	assert_int_equal(spf_run(f->db[1], R1, NOW, &f->intra[1]), 0);
	in.areas = &(const struct spf_ext_area){ AREA1, f->db[1],
	    &f->intra[1], false };
	in.nareas = 1;
	in.ext_db = f->xdb;
	in.now = NOW;
	assert_int_equal(spf_ext_run(&in, &f->res, NULL), 0);
	assert_non_null(spf_route_find(&f->res, SPF_DEST_NETWORK,
	    IP(10, 10, 0, 0), M16));
	/* Later, the LSAs have aged out. */
	in.now = NOW + MAXAGE;
	assert_int_equal(spf_ext_run(&in, &f->res, NULL), 0);
	assert_null(spf_route_find(&f->res, SPF_DEST_NETWORK,
	    IP(10, 10, 0, 0), M16));
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_inter_basic),
		T(test_inter_abr_backbone_only),
		T(test_inter_ecmp),
		T(test_inter_unusable),
		T(test_ext_types),
		T(test_ext_e2_ecmp),
		T(test_ext_forwarding),
		T(test_ext_asbr_via_summary),
		T(test_ext_asbr_pref),
		T(test_nssa_type7),
		T(test_inter_own_range),
		T(test_ext_asbr_area_tie),
		T(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: spf_ext: RFC 2328 16.2 and 16.4, see spf_ext.h. The table being
 * built is an array of struct xroute (a route, its attributes, its
 * 16.4.1 preference class) with a hash from (destination, address, mask,
 * area) to it; the area is part of the key for router entries only, which
 * 16 keeps per area. Entries are only appended: a better path overwrites
 * one, an equal one merges its next hops. At the end the entries are
 * sorted by key and copied out, router entries collapsed to one per
 * router ID.
 *
 * Forwarding addresses (16.4 step 3) are matched against the intra- and
 * inter-area network routes, longest mask first, by probing the hash once
 * per distinct mask among those routes (at most 33 with contiguous
 * masks). A forwarding address covered only by an AS-external route is
 * therefore matched by the longest intra- or inter-area route covering
 * it, if any, as "the matching entry must specify an intra-area or
 * inter-area path" reads.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lsdb.h"
#include "ospf.h"
#include "spf.h"
#include "spf_ext.h"

#define HOST_MASK	0xffffffffU

/* One entry of the table being built. */
struct xroute {
	struct spf_route	 rt;
	struct spf_ext_attr	 attr;
	uint32_t		 key_area;	/* routers: the area; networks: 0 */
	uint8_t			 pref;		/* 16.4.1 class, 0 is best */
};

struct xtable {
	struct xroute	*r;
	size_t		 n;
	size_t		 cap;
	uint32_t	*slot;		/* index + 1 into r; 0: empty */
	size_t		 smask;		/* slots - 1, a power of 2 minus 1 */
	uint32_t	*masks;		/* 16.4 step 3: longest first */
	size_t		 nmask;
};

/* A path found by 16.2 or 16.4, before it makes or joins a route. */
struct xpath {
	uint32_t		 cost;
	uint8_t			 path;		/* enum spf_path */
	uint8_t			 pref;
	uint8_t			 rtr_flags;
	uint8_t			 nnh;
	struct spf_nexthop	 nh[SPF_MAX_NEXTHOPS];
	struct spf_ext_attr	 attr;
};

/* For the final sort: (dest, address) and (mask, area), then the entry. */
struct xsort {
	uint64_t	 k1;
	uint64_t	 k2;
	uint32_t	 i;
};

void
spf_ext_attrs_init(struct spf_ext_attrs *attrs)
{
	memset(attrs, 0, sizeof(*attrs));
}

void
spf_ext_attrs_free(struct spf_ext_attrs *attrs)
{
	free(attrs->a);
	memset(attrs, 0, sizeof(*attrs));
}

static uint32_t
cost_add(uint32_t a, uint32_t b)
{
	return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

/*
 * 16.4.1: with RFC1583Compatibility disabled, intra-area paths through a
 * non-backbone area come first; intra-area backbone paths and inter-area
 * paths are of equal preference. Enabled, all are equal.
 */
static uint8_t
path_pref(const struct spf_ext_input *in, uint8_t path, uint32_t area)
{
	if (in->rfc1583compat)
		return 0;
	return path == SPF_PATH_INTRA && area != SPF_EXT_BACKBONE ? 0 : 1;
}

/* ---- the table ----------------------------------------------------- */

static size_t
xt_hash(const struct xtable *t, uint8_t dest, uint32_t addr, uint32_t mask,
    uint32_t area)
{
	uint64_t	 k;

	k = ((uint64_t)addr << 32 | mask) * 0x9e3779b97f4a7c15ULL;
	k ^= ((uint64_t)area << 1 | dest) * 0xc2b2ae3d27d4eb4fULL;
	k ^= k >> 31;
	return (size_t)(k >> 17) & t->smask;
}

static struct xroute *
xt_find(const struct xtable *t, uint8_t dest, uint32_t addr, uint32_t mask,
    uint32_t area)
{
	struct xroute	*x;
	size_t		 i;

	if (t->slot == NULL)
		return NULL;
	for (i = xt_hash(t, dest, addr, mask, area);; i = (i + 1) & t->smask) {
		if (t->slot[i] == 0)
			return NULL;
		x = &t->r[t->slot[i] - 1];
		if (x->rt.dest == dest && x->rt.addr == addr &&
		    x->rt.mask == mask && x->key_area == area)
			return x;
	}
}

static void
xt_slot_put(struct xtable *t, size_t ri)
{
	const struct xroute	*x = &t->r[ri];
	size_t			 i;

	i = xt_hash(t, x->rt.dest, x->rt.addr, x->rt.mask, x->key_area);
	while (t->slot[i] != 0)
		i = (i + 1) & t->smask;
	t->slot[i] = (uint32_t)ri + 1;
}

/* Room for one more entry, the hash kept at most half full. */
static int
xt_reserve(struct xtable *t)
{
	struct xroute	*grown;
	uint32_t	*slot;
	size_t		 cap, nslot, i;

	if (t->n >= UINT32_MAX - 1)
		return -1;
	if (t->n == t->cap) {
		cap = t->cap ? 2 * t->cap : 64;
		if ((grown = realloc(t->r, cap * sizeof(*grown))) == NULL)
			return -1;
		t->r = grown;
		t->cap = cap;
	}
	if (t->slot != NULL && 2 * (t->n + 1) <= t->smask + 1)
		return 0;
	nslot = t->slot != NULL ? 2 * (t->smask + 1) : 128;
	if ((slot = calloc(nslot, sizeof(*slot))) == NULL)
		return -1;
	free(t->slot);
	t->slot = slot;
	t->smask = nslot - 1;
	for (i = 0; i < t->n; i++)
		xt_slot_put(t, i);
	return 0;
}

/* A new entry, else NULL: pointers to entries die here. */
static struct xroute *
xt_add(struct xtable *t, uint8_t dest, uint32_t addr, uint32_t mask,
    uint32_t area)
{
	struct xroute	*x;

	if (xt_reserve(t) == -1)
		return NULL;
	x = &t->r[t->n];
	memset(x, 0, sizeof(*x));
	x->rt.dest = dest;
	x->rt.addr = addr;
	x->rt.mask = mask;
	x->key_area = area;
	xt_slot_put(t, t->n++);
	return x;
}

static void
xt_free(struct xtable *t)
{
	free(t->r);
	free(t->slot);
	free(t->masks);
}

/* The path p replaces the paths of x. */
static void
xroute_set(struct xroute *x, const struct xpath *p)
{
	x->rt.cost = p->cost;
	x->rt.path = p->path;
	x->rt.rtr_flags = p->rtr_flags;
	x->rt.nnh = p->nnh;
	memcpy(x->rt.nh, p->nh, p->nnh * sizeof(p->nh[0]));
	x->attr = p->attr;
	x->pref = p->pref;
}

/* The path p is as good as those of x: its next hops join them. */
static void
xroute_merge(struct xroute *x, const struct xpath *p)
{
	uint8_t	 i;

	for (i = 0; i < p->nnh; i++)
		spf_nh_add(x->rt.nh, &x->rt.nnh, p->nh[i].ifaddr,
		    p->nh[i].gateway);
}

/* The path to route x, to be extended by a summary or external metric. */
static void
xpath_via(struct xpath *p, const struct xroute *x)
{
	memset(p, 0, sizeof(*p));
	p->cost = x->rt.cost;
	p->nnh = x->rt.nnh;
	memcpy(p->nh, x->rt.nh, x->rt.nnh * sizeof(x->rt.nh[0]));
	p->attr.area = x->attr.area;
}

/* ---- 16.1: the intra-area routes ----------------------------------- */

/*
 * Every area's routes, as spf_run() made them. A network found in two
 * areas keeps the cheaper path, equal costs merging their next hops.
 */
static int
intra_add(struct xtable *t, const struct spf_ext_input *in,
    const struct spf_ext_area *a)
{
	const struct spf_route	*rt;
	struct xroute		*x;
	struct xpath		 p;
	uint32_t		 key_area;
	size_t			 i;

	for (i = 0; i < a->intra->nroute; i++) {
		rt = &a->intra->routes[i];
		key_area = rt->dest == SPF_DEST_ROUTER ? a->id : 0;
		memset(&p, 0, sizeof(p));
		p.cost = rt->cost;
		p.path = SPF_PATH_INTRA;
		p.pref = path_pref(in, SPF_PATH_INTRA, a->id);
		p.rtr_flags = rt->rtr_flags;
		p.nnh = rt->nnh > SPF_MAX_NEXTHOPS ? SPF_MAX_NEXTHOPS : rt->nnh;
		memcpy(p.nh, rt->nh, p.nnh * sizeof(p.nh[0]));
		p.attr.area = a->id;
		x = xt_find(t, rt->dest, rt->addr, rt->mask, key_area);
		if (x == NULL) {
			if ((x = xt_add(t, rt->dest, rt->addr, rt->mask,
			    key_area)) == NULL)
				return -1;
			xroute_set(x, &p);
		} else if (p.cost < x->rt.cost)
			xroute_set(x, &p);
		else if (p.cost == x->rt.cost)
			xroute_merge(x, &p);
	}
	return 0;
}

/* ---- 16.2: inter-area routes --------------------------------------- */

/* 16.2: one summary-LSA (type 3 or 4) of area a, at its current age. */
static int
summary_consider(struct xtable *t, const struct spf_ext_input *in,
    const struct spf_ext_area *a, const struct lsa *l, uint16_t age)
{
	const struct xroute	*br;
	struct xroute		*x;
	struct xpath		 p;
	uint32_t		 metric, addr, mask, key_area;
	uint8_t			 dest;

	/* (1) and (2): unusable, or our own. */
	metric = l->u.summary.metric & LSA_METRIC_MASK;
	if (age >= OSPF_MAX_AGE || metric >= OSPF_LS_INFINITY)
		return 0;
	if (l->hdr.adv_rtr == in->rtr_id)
		return 0;
	/* (3) A network equal to one of our active ranges. */
	if (l->hdr.type == LSA_TYPE_SUM_NET) {
		size_t	 i;

		for (i = 0; i < in->nranges; i++)
			if (in->ranges[i].mask == l->u.summary.mask &&
			    in->ranges[i].addr == (l->hdr.id &
			    l->u.summary.mask))
				return 0;
	}
	if (l->hdr.type == LSA_TYPE_SUM_ASBR) {
		if (l->hdr.id == in->rtr_id)
			return 0;
		dest = SPF_DEST_ROUTER;
		addr = l->hdr.id;
		mask = HOST_MASK;
		key_area = a->id;
	} else {
		dest = SPF_DEST_NETWORK;
		mask = l->u.summary.mask;
		addr = l->hdr.id & mask;
		key_area = 0;
	}
	/* (4): the area border router, reachable inside this area. */
	br = xt_find(t, SPF_DEST_ROUTER, l->hdr.adv_rtr, HOST_MASK, a->id);
	if (br == NULL || br->rt.path != SPF_PATH_INTRA ||
	    (br->rt.rtr_flags & LSA_RTR_B) == 0)
		return 0;
	xpath_via(&p, br);
	p.cost = cost_add(br->rt.cost, metric);
	p.path = SPF_PATH_INTER;
	p.pref = path_pref(in, SPF_PATH_INTER, a->id);
	p.rtr_flags = dest == SPF_DEST_ROUTER ? LSA_RTR_E : 0;
	p.attr.area = a->id;
	p.attr.adv_rtr = l->hdr.adv_rtr;
	/* (5) and (6): install, or improve, never over an intra-area path. */
	if ((x = xt_find(t, dest, addr, mask, key_area)) == NULL) {
		if ((x = xt_add(t, dest, addr, mask, key_area)) == NULL)
			return -1;
		xroute_set(x, &p);
	} else if (x->rt.path == SPF_PATH_INTRA)
		return 0;
	else if (x->rt.path != SPF_PATH_INTER || p.cost < x->rt.cost)
		xroute_set(x, &p);
	else if (p.cost == x->rt.cost)
		xroute_merge(x, &p);
	return 0;
}

/* The LSDB walked in key order from the first summary-LSA. */
static int
inter_area(struct xtable *t, const struct spf_ext_input *in,
    const struct spf_ext_area *a)
{
	const struct lsdb_entry	*e;

	if (a->db == NULL)
		return 0;
	for (e = lsdb_seek(a->db, LSA_TYPE_SUM_NET, 0, 0); e != NULL;
	    e = lsdb_next(a->db, e)) {
		if (e->lsa.hdr.type < LSA_TYPE_SUM_NET)
			continue;
		if (e->lsa.hdr.type > LSA_TYPE_SUM_ASBR)
			break;
		if (summary_consider(t, in, a, &e->lsa,
		    lsdb_age(e, in->now)) == -1)
			return -1;
	}
	return 0;
}

/* ---- 16.4: AS-external routes -------------------------------------- */

static int
mask_cmp_desc(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The distinct masks of the network routes so far (intra and inter). */
static int
masks_make(struct xtable *t)
{
	size_t	 i, n = 0;

	if ((t->masks = malloc((t->n ? t->n : 1) * sizeof(*t->masks))) == NULL)
		return -1;
	for (i = 0; i < t->n; i++)
		if (t->r[i].rt.dest == SPF_DEST_NETWORK)
			t->masks[n++] = t->r[i].rt.mask;
	qsort(t->masks, n, sizeof(*t->masks), mask_cmp_desc);
	for (i = 0, t->nmask = 0; i < n; i++)
		if (t->nmask == 0 || t->masks[t->nmask - 1] != t->masks[i])
			t->masks[t->nmask++] = t->masks[i];
	return 0;
}

/* 16.4 step 3: the intra- or inter-area route to a forwarding address. */
static const struct xroute *
fwd_route(const struct xtable *t, uint32_t fwd)
{
	const struct xroute	*x;
	size_t			 i;

	for (i = 0; i < t->nmask; i++) {
		x = xt_find(t, SPF_DEST_NETWORK, fwd & t->masks[i],
		    t->masks[i], 0);
		if (x != NULL && x->rt.path <= SPF_PATH_INTER)
			return x;
	}
	return NULL;
}

/* 16.4.1: whether router entry a is preferred to b. */
static bool
rtr_better(const struct xroute *a, const struct xroute *b)
{
	if (a->pref != b->pref)
		return a->pref < b->pref;
	if (a->rt.cost != b->rt.cost)
		return a->rt.cost < b->rt.cost;
	return a->key_area > b->key_area;
}

/*
 * 16.4 step 3 and 16.4.1: the preferred routing table entry for ASBR
 * among those of every area, or only of area scope if not NULL.
 */
static const struct xroute *
asbr_select(const struct xtable *t, const struct spf_ext_input *in,
    uint32_t asbr, const struct spf_ext_area *scope)
{
	const struct xroute	*x, *best = NULL;
	size_t			 i;

	for (i = 0; i < in->nareas; i++) {
		if (scope != NULL && in->areas[i].id != scope->id)
			continue;
		x = xt_find(t, SPF_DEST_ROUTER, asbr, HOST_MASK,
		    in->areas[i].id);
		if (x == NULL || (x->rt.rtr_flags & LSA_RTR_E) == 0 ||
		    x->rt.path > SPF_PATH_INTER)
			continue;
		if (best == NULL || rtr_better(x, best))
			best = x;
	}
	return best;
}

/*
 * 16.4 step 6 (b) to (d): < 0 if the new external path p is preferred to
 * those of x, 0 if of equal preference.
 */
static int
ext_cmp(const struct spf_ext_input *in, const struct xpath *p,
    const struct xroute *x)
{
	if (p->path != x->rt.path)
		return p->path < x->rt.path ? -1 : 1;
	if (p->path == SPF_PATH_EXT2 &&
	    p->attr.type2_cost != x->attr.type2_cost)
		return p->attr.type2_cost < x->attr.type2_cost ? -1 : 1;
	if (!in->rfc1583compat && p->pref != x->pref)
		return p->pref < x->pref ? -1 : 1;
	if (p->cost != x->rt.cost)
		return p->cost < x->rt.cost ? -1 : 1;
	/* RFC 3101 2.5 (6)(e): type 5 before type 7. */
	if (p->attr.lsa_type != x->attr.lsa_type)
		return p->attr.lsa_type < x->attr.lsa_type ? -1 : 1;
	return 0;
}

/*
 * 16.4: one AS-external LSA at its current age. scope is NULL for a
 * type-5 LSA, whose ASBR may be reached in any area; it is the hook for
 * RFC 3101 type-7 LSAs, whose ASBR is looked up in their NSSA alone.
 */
static int
ext_consider(struct xtable *t, const struct spf_ext_input *in,
    const struct lsa *l, uint16_t age, const struct spf_ext_area *scope)
{
	const struct lsa_external	*ext = &l->u.external;
	const struct xroute		*asbr, *via;
	struct xroute			*x;
	struct xpath			 p;
	uint32_t			 metric, addr;
	uint8_t				 i;

	/* (1) and (2). */
	metric = ext->metric & LSA_METRIC_MASK;
	if (age >= OSPF_MAX_AGE || metric >= OSPF_LS_INFINITY)
		return 0;
	if (l->hdr.adv_rtr == in->rtr_id)
		return 0;
	/* (3): the ASBR must be reachable, and so must a forwarding
	 * address, through an intra- or inter-area route. */
	if ((asbr = asbr_select(t, in, l->hdr.adv_rtr, scope)) == NULL)
		return 0;
	via = asbr;
	if (ext->fwd != 0 && (via = fwd_route(t, ext->fwd)) == NULL)
		return 0;
	xpath_via(&p, via);
	p.pref = path_pref(in, via->rt.path, via->attr.area);
	if (ext->fwd != 0)
		/* On a network we are attached to, the forwarding address
		 * is the gateway itself. */
		for (i = 0; i < p.nnh; i++)
			if (p.nh[i].gateway == 0)
				p.nh[i].gateway = ext->fwd;
	/* (4): X is the distance to the ASBR or forwarding address. */
	if (ext->ebit) {
		p.path = SPF_PATH_EXT2;
		p.attr.type2_cost = metric;
	} else {
		p.path = SPF_PATH_EXT1;
		p.cost = cost_add(p.cost, metric);
	}
	p.attr.adv_rtr = l->hdr.adv_rtr;
	p.attr.fwd = ext->fwd;
	p.attr.tag = ext->tag;
	p.attr.lsa_type = l->hdr.type;
	/* (5) and (6). */
	addr = l->hdr.id & ext->mask;
	if ((x = xt_find(t, SPF_DEST_NETWORK, addr, ext->mask, 0)) == NULL) {
		if ((x = xt_add(t, SPF_DEST_NETWORK, addr, ext->mask,
		    0)) == NULL)
			return -1;
		xroute_set(x, &p);
		return 0;
	}
	if (x->rt.path <= SPF_PATH_INTER)	/* (a) */
		return 0;
	switch (ext_cmp(in, &p, x)) {
	case -1:
		xroute_set(x, &p);
		break;
	case 0:
		xroute_merge(x, &p);
		break;
	default:
		break;
	}
	return 0;
}

/* The LSAs of one type in db: type 5 (scope NULL) or an NSSA's type 7. */
static int
ext_walk(struct xtable *t, const struct spf_ext_input *in,
    const struct lsdb *db, uint8_t type, const struct spf_ext_area *scope)
{
	const struct lsdb_entry	*e;

	if (db == NULL)
		return 0;
	for (e = lsdb_seek(db, type, 0, 0); e != NULL;
	    e = lsdb_next(db, e)) {
		if (e->lsa.hdr.type < type)
			continue;
		if (e->lsa.hdr.type > type)
			break;
		if (ext_consider(t, in, &e->lsa, lsdb_age(e, in->now),
		    scope) == -1)
			return -1;
	}
	return 0;
}

static int
as_external(struct xtable *t, const struct spf_ext_input *in)
{
	size_t	 i;

	if (ext_walk(t, in, in->ext_db, LSA_TYPE_EXTERNAL, NULL) == -1)
		return -1;
	for (i = 0; i < in->nareas; i++)
		if (in->areas[i].nssa && ext_walk(t, in, in->areas[i].db,
		    LSA_TYPE_NSSA, &in->areas[i]) == -1)
			return -1;
	return 0;
}

/* ---- the result ---------------------------------------------------- */

static int
xsort_cmp(const void *a, const void *b)
{
	const struct xsort	*x = a, *y = b;

	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->k2 != y->k2)
		return x->k2 < y->k2 ? -1 : 1;
	return 0;
}

/*
 * The table in spf.c's order: networks by (address, mask), then routers
 * by router ID, the entry 16.4.1 prefers among a router's areas.
 */
static int
result_make(const struct xtable *t, struct spf_result *res,
    struct spf_ext_attrs *attrs)
{
	struct spf_route	*routes;
	struct spf_ext_attr	*a;
	struct xsort		*s;
	const struct xroute	*x, *best;
	size_t			 i, j, n = 0;

	if ((s = malloc((t->n ? t->n : 1) * sizeof(*s))) == NULL)
		return -1;
	for (i = 0; i < t->n; i++) {
		x = &t->r[i];
		s[i].k1 = (uint64_t)x->rt.dest << 32 | x->rt.addr;
		s[i].k2 = (uint64_t)x->rt.mask << 32 | x->key_area;
		s[i].i = (uint32_t)i;
	}
	qsort(s, t->n, sizeof(*s), xsort_cmp);
	/* Collapse in place: s[n] is the entry of the n-th route. */
	for (i = 0; i < t->n; i = j) {
		best = &t->r[s[i].i];
		for (j = i + 1; j < t->n && s[j].k1 == s[i].k1 &&
		    (s[j].k2 >> 32) == (s[i].k2 >> 32); j++)
			if (rtr_better(&t->r[s[j].i], best))
				best = &t->r[s[j].i];
		s[n++].i = (uint32_t)(best - t->r);
	}
	if (n > res->cap) {
		if ((routes = realloc(res->routes, n * sizeof(*routes))) ==
		    NULL)
			goto fail;
		res->routes = routes;
		res->cap = n;
	}
	if (attrs != NULL && n > attrs->cap) {
		if ((a = realloc(attrs->a, n * sizeof(*a))) == NULL)
			goto fail;
		attrs->a = a;
		attrs->cap = n;
	}
	for (i = 0; i < n; i++) {
		x = &t->r[s[i].i];
		res->routes[i] = x->rt;
		if (attrs != NULL)
			attrs->a[i] = x->attr;
	}
	res->nroute = n;
	if (attrs != NULL)
		attrs->n = n;
	free(s);
	return 0;
fail:
	free(s);
	return -1;
}

/*
 * RFC 2328 16.2 and 16.4 over the areas and external LSDB of in, from the
 * intra-area routes each area's spf_run() found (res must not be one of
 * them). Replaces the routes in res, and their attributes in attrs if not
 * NULL; res->nvertex is the sum of the areas'. Returns 0, or -1 with errno
 * ENOMEM and res (and attrs) empty.
 */
int
spf_ext_run(const struct spf_ext_input *in, struct spf_result *res,
    struct spf_ext_attrs *attrs)
{
	struct xtable	 t;
	size_t		 i, nvertex = 0;
	int		 rv = -1;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < in->nareas; i++) {
		nvertex += in->areas[i].intra->nvertex;
		if (intra_add(&t, in, &in->areas[i]) == -1)
			goto out;
	}
	/* 16.2: an area border router looks at the backbone alone. */
	for (i = 0; i < in->nareas; i++)
		if ((!in->abr || in->areas[i].id == SPF_EXT_BACKBONE) &&
		    inter_area(&t, in, &in->areas[i]) == -1)
			goto out;
	/* 16.4, after the table holds every intra- and inter-area route,
	 * then RFC 3101 2.5 with each NSSA's type-7 LSAs. */
	if (masks_make(&t) == -1 || as_external(&t, in) == -1)
		goto out;
	if (result_make(&t, res, attrs) == -1)
		goto out;
	res->nvertex = nvertex;
	rv = 0;
out:
	if (rv == -1) {
		res->nroute = 0;
		res->nvertex = 0;
		if (attrs != NULL)
			attrs->n = 0;
		errno = ENOMEM;
	}
	xt_free(&t);
	return rv;
}

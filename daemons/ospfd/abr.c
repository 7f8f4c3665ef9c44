/*
 * DOC: abr: what an area border router originates from its routing table
 * after each SPF run, and the NSSA translator's type-5 LSAs.
 *
 * Summary-LSAs (RFC 2328 12.4.3): into each attached area, a type 3 for
 * every intra-area network of the other areas and, into non-backbone
 * areas, every inter-area network (those come from the backbone only);
 * a type 4 for every ASBR reached in another area, into normal areas
 * only. Networks inside a configured range of their area are replaced
 * by the range: advertised at the largest component cost (or the cost
 * configured), or not at all with not-advertise. Stub areas and NSSAs
 * get a default summary (0.0.0.0/0 at the area's default-cost; for an
 * NSSA that is FRRouting's choice, where RFC 3101 would allow a type-7
 * default) and, with no-summary, nothing else.
 *
 * NSSA translation (RFC 3101 3.1, 3.2): among the border routers of an
 * NSSA reachable inside it, the one with the highest router ID
 * translates; it turns each type-7 LSA with the P bit and a forwarding
 * address into a type-5 LSA with the same prefix, metric, forwarding
 * address and tag, flooded into the normal areas.
 *
 * Each run computes the whole wanted set and makes the LSDBs agree: what
 * is new or changed is originated (origin_install() skips nothing, so
 * the comparison is made here), what is no longer wanted is flushed. The
 * sets are kept until the next run so that our LSAs coming back (13.4)
 * and the 30-minute refresh find their bodies.
 *
 * Link State IDs: the network address; when two prefixes share it, the
 * longer one gets its host bits set (RFC 2328 appendix E).
 */
#include <stdlib.h>
#include <string.h>

#include "ospfd.h"

struct abr_lsa {
	uint8_t		 type;		/* 3, 4 or 5 */
	uint32_t	 id;		/* Link State ID */
	uint32_t	 addr;		/* network, or router ID for type 4 */
	struct lsa_external x;		/* mask and metric; 5: all of it */
};

struct abr_set {
	struct abr_lsa	*v;
	size_t		 n, cap;
};

/* Per area, and one for the translations: indexed like od->areas. */
struct abr_state {
	struct abr_set	 want[16];	/* by area position */
	uint32_t	 area_id[16];
	size_t		 nareas;
	struct abr_set	 xlate;		/* type 5, normal areas */
};

static struct abr_state *
abr_state(struct ospfd *od)
{
	if (od->abr_state == NULL)
		od->abr_state = calloc(1, sizeof(struct abr_state));
	return od->abr_state;
}

static int
set_add(struct abr_set *s, uint8_t type, uint32_t addr,
    const struct lsa_external *x)
{
	struct abr_lsa	*v;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;

		if ((v = realloc(s->v, cap * sizeof(*v))) == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	v = &s->v[s->n++];
	memset(v, 0, sizeof(*v));
	v->type = type;
	v->addr = addr;
	v->id = addr;
	v->x = *x;
	return 0;
}

static int
lsa_cmp(const void *a, const void *b)
{
	const struct abr_lsa	*x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->x.mask != y->x.mask)
		return x->x.mask < y->x.mask ? -1 : 1;
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	const struct abr_lsa	*x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

/*
 * Sorted, duplicates merged (a range and a summary of the same prefix:
 * the first, the range, stays), IDs per appendix E, then sorted by ID.
 */
static void
set_finish(struct abr_set *s)
{
	size_t	 i, n = 0;

	if (s->n == 0)
		return;		/* s->v may be NULL: not for qsort() */
	qsort(s->v, s->n, sizeof(*s->v), lsa_cmp);
	for (i = 0; i < s->n; i++) {
		if (n > 0 && lsa_cmp(&s->v[n - 1], &s->v[i]) == 0)
			continue;
		s->v[n] = s->v[i];
		if (n > 0 && s->v[n - 1].type == s->v[n].type &&
		    s->v[n - 1].addr == s->v[n].addr)
			s->v[n].id = s->v[n].addr | ~s->v[n].x.mask;
		n++;
	}
	s->n = n;
	qsort(s->v, s->n, sizeof(*s->v), id_cmp);
}

static const struct abr_lsa *
set_find(const struct abr_set *s, uint8_t type, uint32_t id)
{
	struct abr_lsa	 k;

	if (s->n == 0)
		return NULL;
	memset(&k, 0, sizeof(k));
	k.type = type;
	k.id = id;
	return bsearch(&k, s->v, s->n, sizeof(k), id_cmp);
}

/* ---- summary-LSAs */

static const struct ospf_range *
range_of(const struct ospfd *od, uint32_t area, uint32_t addr,
    uint32_t mask)
{
	const struct ospf_areaconf	*ac = area_conf(&od->conf, area);
	const struct ospf_range		*r;

	if (ac == NULL)
		return NULL;
	TAILQ_FOREACH(r, &ac->ranges, entry) {
		uint32_t rm = ospf_plen_mask(r->plen);

		if ((addr & rm) == r->addr && (mask & rm) == rm)
			return r;
	}
	return NULL;
}

static bool
summaries_into(const struct ospfd *od, const struct ospf_area *a)
{
	const struct ospf_areaconf *ac = area_conf(&od->conf, a->id);

	return a->type == AREA_NORMAL || ac == NULL || !ac->no_summary;
}

/* 12.4.3 for area a, from the routing table and the configured ranges. */
static int
summaries_want(struct ospfd *od, struct ospf_area *a, struct abr_set *s)
{
	const struct ospf_areaconf	*ac = area_conf(&od->conf, a->id);
	struct ospf_area		*b;
	struct lsa_external		 x;
	size_t				 i;

	/* FRRouting gives an NSSA the same default summary as a stub area. */
	if (a->type != AREA_NORMAL) {
		memset(&x, 0, sizeof(x));
		x.metric = ac != NULL && ac->default_cost >= 0 ?
		    (uint32_t)ac->default_cost : OSPF_DEF_STUB_COST;
		if (set_add(s, LSA_TYPE_SUM_NET, 0, &x) == -1)
			return -1;
	}
	if (!summaries_into(od, a))
		return 0;
	for (i = 0; i < od->spf.nroute && i < od->spf_attrs.n; i++) {
		const struct spf_route		*r = &od->spf.routes[i];
		const struct spf_ext_attr	*at = &od->spf_attrs.a[i];

		if (r->path > SPF_PATH_INTER || r->cost >= OSPF_LS_INFINITY ||
		    at->area == a->id)
			continue;
		/* Inter-area routes came from the backbone: not back. */
		if (r->path == SPF_PATH_INTER && a->id == SPF_EXT_BACKBONE)
			continue;
		memset(&x, 0, sizeof(x));
		x.metric = r->cost;
		if (r->dest == SPF_DEST_NETWORK) {
			if (r->path == SPF_PATH_INTRA &&
			    range_of(od, at->area, r->addr, r->mask) != NULL)
				continue;
			x.mask = r->mask;
			if (set_add(s, LSA_TYPE_SUM_NET, r->addr & r->mask,
			    &x) == -1)
				return -1;
		} else if ((r->rtr_flags & LSA_RTR_E) &&
		    a->type == AREA_NORMAL && r->addr != od->rtr_id &&
		    area_conf_type(&od->conf, at->area) == AREA_NORMAL) {
			/* An NSSA's ASBR is reached through its
			 * translator's type-5 LSAs, not a type 4. */
			if (set_add(s, LSA_TYPE_SUM_ASBR, r->addr, &x) == -1)
				return -1;
		}
	}
	/* The other areas' ranges with at least one component. */
	TAILQ_FOREACH(b, &od->areas, entry) {
		const struct ospf_areaconf	*bc;
		const struct ospf_range		*rg;

		if (b == a || (bc = area_conf(&od->conf, b->id)) == NULL)
			continue;
		TAILQ_FOREACH(rg, &bc->ranges, entry) {
			uint32_t	 max = 0;
			bool		 active = false;

			for (i = 0; i < b->intra.nroute; i++) {
				const struct spf_route *r = &b->intra.routes[i];

				if (r->dest != SPF_DEST_NETWORK ||
				    range_of(od, b->id, r->addr, r->mask) !=
				    rg || r->cost >= OSPF_LS_INFINITY)
					continue;
				active = true;
				if (r->cost > max)
					max = r->cost;
			}
			if (!active || !rg->advertise)
				continue;
			memset(&x, 0, sizeof(x));
			x.mask = ospf_plen_mask(rg->plen);
			x.metric = rg->cost >= 0 ? (uint32_t)rg->cost : max;
			if (set_add(s, LSA_TYPE_SUM_NET, rg->addr, &x) == -1)
				return -1;
		}
	}
	return 0;
}

/* Install one of ours if new or changed. */
static void
put(struct ospf_area *a, const struct abr_lsa *w, bool force)
{
	struct ospfd		*od = a->od;
	struct lsa_summary	 sum;
	struct lsa_hdr		 h;
	struct buf		 b = BUF_INIT;
	size_t			 start;

	if (w->type == LSA_TYPE_EXTERNAL) {
		redist_lsa_put(a, LSA_TYPE_EXTERNAL, w->id, &w->x, force);
		return;
	}
	memset(&h, 0, sizeof(h));
	h.options = area_options(a);
	h.type = w->type;
	h.id = w->id;
	h.adv_rtr = od->rtr_id;
	if ((h.seq = origin_seq(a, w->type, w->id)) == 0)
		return;		/* the wrap: flushed, anew when gone */
	sum.mask = w->x.mask;
	sum.metric = w->x.metric;
	start = lsa_begin(&b, &h);
	lsa_summary_put(&b, &sum);
	origin_update(a, &h, &b, start, force);
	buf_free(&b);
}

/* Make area a's LSDB hold exactly our wanted LSAs of type 3 and 4, and
 * (normal areas) the type-5 translations. */
static void
sync_area(struct ospf_area *a, const struct abr_set *want,
    const struct abr_set *xlate, const struct abr_set *old_xlate)
{
	struct ospfd		*od = a->od;
	struct lsdb_entry	*e, *next;
	time_t			 now = ospf_now();
	size_t			 i;

	for (e = lsdb_first(a->db); e != NULL; e = next) {
		struct lsa_hdr	 h = e->lsa.hdr;

		next = lsdb_next(a->db, e);
		if (h.adv_rtr != od->rtr_id || lsdb_age(e, now) >= OSPF_MAX_AGE)
			continue;
		if (h.type == LSA_TYPE_SUM_NET || h.type == LSA_TYPE_SUM_ASBR) {
			if (set_find(want, h.type, h.id) != NULL)
				continue;
		} else if (h.type == LSA_TYPE_EXTERNAL) {
			/* Only translations we made and no longer want. */
			if (set_find(old_xlate, h.type, h.id) == NULL ||
			    set_find(xlate, h.type, h.id) != NULL)
				continue;
		} else
			continue;
		origin_flush(a, e);
		e = lsdb_lookup(a->db, h.type, h.id, h.adv_rtr);
		next = e != NULL ? lsdb_next(a->db, e) : NULL;
	}
	for (i = 0; i < want->n; i++)
		put(a, &want->v[i], false);
	if (a->type == AREA_NORMAL)
		for (i = 0; i < xlate->n; i++)
			put(a, &xlate->v[i], false);
}

/* ---- NSSA translation */

/*
 * RFC 3101 3.1: translate-always and translate-never decide alone; a
 * candidate translates unless a reachable border router of the NSSA
 * always does (its Nt bit) or, among candidates, has a higher router ID.
 * Only while we are a border router.
 */
static bool
translator_elect(struct ospfd *od, struct ospf_area *a)
{
	const struct ospf_areaconf *ac = area_conf(&od->conf, a->id);
	size_t	 i;
	bool	 higher = false;

	if (!od->abr || a->type != AREA_NSSA)
		return false;
	if (ac != NULL && ac->nssa_xlate != NSSA_XLATE_CANDIDATE)
		return ac->nssa_xlate == NSSA_XLATE_ALWAYS;
	for (i = 0; i < a->intra.nroute; i++) {
		const struct spf_route *r = &a->intra.routes[i];

		if (r->dest != SPF_DEST_ROUTER || !(r->rtr_flags & LSA_RTR_B))
			continue;
		if (r->rtr_flags & LSA_RTR_NT)
			return false;
		higher |= r->addr > od->rtr_id;
	}
	return !higher;
}

/* Our own redistribution keeps the Link State IDs it uses. */
static bool
xlate_ok(const struct ospfd *od, uint32_t id, uint32_t mask)
{
	return !redist_owns(od, id & mask);
}

static int
xlate_want(struct ospfd *od, struct abr_set *s)
{
	struct ospf_area	*a;
	const struct lsdb_entry	*e;
	time_t			 now = ospf_now();

	TAILQ_FOREACH(a, &od->areas, entry) {
		if (a->type != AREA_NSSA || !a->translator)
			continue;
		for (e = lsdb_seek(a->db, LSA_TYPE_NSSA, 0, 0); e != NULL;
		    e = lsdb_next(a->db, e)) {
			const struct lsa	*l = &e->lsa;

			if (l->hdr.type != LSA_TYPE_NSSA)
				break;
			if (l->hdr.adv_rtr == od->rtr_id ||
			    !(l->hdr.options & OSPF_OPT_NP) ||
			    l->u.external.fwd == 0 ||
			    lsdb_age(e, now) >= OSPF_MAX_AGE ||
			    (l->u.external.metric & LSA_METRIC_MASK) >=
			    OSPF_LS_INFINITY ||
			    spf_route_find(&a->intra, SPF_DEST_ROUTER,
			    l->hdr.adv_rtr, 0xffffffffU) == NULL ||
			    !xlate_ok(od, l->hdr.id, l->u.external.mask))
				continue;
			if (set_add(s, LSA_TYPE_EXTERNAL, l->hdr.id &
			    l->u.external.mask, &l->u.external) == -1)
				return -1;
		}
	}
	return 0;
}

/* A translator is an AS boundary router too. */
bool
abr_translating(const struct ospfd *od)
{
	const struct ospf_area	*a;

	TAILQ_FOREACH(a, &od->areas, entry)
		if (a->type == AREA_NSSA && a->translator)
			return true;
	return false;
}

/* ---- discard routes */

size_t
abr_nranges(const struct ospfd *od)
{
	const struct ospf_areaconf	*ac;
	const struct ospf_range		*r;
	size_t				 n = 0;

	TAILQ_FOREACH(ac, &od->conf.areas, entry)
		TAILQ_FOREACH(r, &ac->ranges, entry)
			n++;
	return n;
}

/* As FRRouting: a blackhole for each advertised range with a component,
 * so that traffic to its unused parts stops here instead of looping. */
size_t
abr_discards(struct ospfd *od, struct ospf_rt *out, size_t max)
{
	const struct ospf_areaconf	*ac;
	const struct ospf_range		*rg;
	const struct ospf_area		*a;
	size_t				 n = 0, i;

	if (!ospf_is_abr(od))
		return 0;
	TAILQ_FOREACH(ac, &od->conf.areas, entry) {
		if ((a = area_get(od, ac->id, false)) == NULL)
			continue;
		TAILQ_FOREACH(rg, &ac->ranges, entry) {
			if (!rg->advertise || n == max)
				continue;
			for (i = 0; i < a->intra.nroute; i++) {
				const struct spf_route *r = &a->intra.routes[i];

				if (r->dest == SPF_DEST_NETWORK &&
				    r->cost < OSPF_LS_INFINITY &&
				    range_of(od, a->id, r->addr, r->mask) == rg)
					break;
			}
			if (i == a->intra.nroute)
				continue;
			memset(&out[n], 0, sizeof(out[n]));
			out[n].addr = rg->addr;
			out[n].plen = rg->plen;
			out[n].discard = true;
			n++;
		}
	}
	return n;
}

/* ---- the run */

void
abr_originate(struct ospfd *od)
{
	struct abr_state	*st = abr_state(od);
	struct abr_set		 old_xlate;
	struct ospf_area	*a;
	bool			 abr = ospf_is_abr(od);
	size_t			 n = 0, i;

	if (st == NULL || od->rtr_id == 0)
		return;
	if (abr != od->abr) {
		od->abr = abr;
		log_info("%s an area border router", abr ? "now" : "no longer");
		TAILQ_FOREACH(a, &od->areas, entry)
			origin_rtr_lsa(a);
		redist_apply(od);	/* the P bit of our type-7 LSAs */
	}
	TAILQ_FOREACH(a, &od->areas, entry) {
		bool t = translator_elect(od, a);

		if (t != a->translator) {
			struct ospf_area *b;

			a->translator = t;
			log_info("area %u.%u.%u.%u: %s NSSA translator",
			    a->id >> 24, (a->id >> 16) & 0xff,
			    (a->id >> 8) & 0xff, a->id & 0xff,
			    t ? "now the" : "no longer the");
			/* Nt here, E (RFC 3101 3.1) everywhere. */
			TAILQ_FOREACH(b, &od->areas, entry)
				origin_rtr_lsa(b);
		}
	}
	old_xlate = st->xlate;
	memset(&st->xlate, 0, sizeof(st->xlate));
	if (xlate_want(od, &st->xlate) == -1)
		log_warnx("NSSA translation: out of memory");
	set_finish(&st->xlate);
	for (i = 0; i < st->nareas; i++)
		st->want[i].n = 0;
	TAILQ_FOREACH(a, &od->areas, entry) {
		struct abr_set *s;

		if (n == sizeof(st->want) / sizeof(st->want[0]))
			break;
		s = &st->want[n];
		s->n = 0;
		st->area_id[n] = a->id;
		if (od->abr && summaries_want(od, a, s) == -1)
			log_warnx("summaries: out of memory");
		set_finish(s);
		sync_area(a, s, &st->xlate, &old_xlate);
		n++;
	}
	st->nareas = n;
	free(old_xlate.v);
}

/* One of our summaries or translations came back or is due for refresh. */
bool
abr_self(struct ospf_area *a, struct lsdb_entry *e)
{
	struct abr_state	*st = a->od->abr_state;
	const struct abr_lsa	*w = NULL;
	size_t			 i;

	if (st == NULL)
		return false;
	if (e->lsa.hdr.type == LSA_TYPE_EXTERNAL)
		w = set_find(&st->xlate, LSA_TYPE_EXTERNAL, e->lsa.hdr.id);
	else if (e->lsa.hdr.type == LSA_TYPE_SUM_NET ||
	    e->lsa.hdr.type == LSA_TYPE_SUM_ASBR)
		for (i = 0; i < st->nareas; i++)
			if (st->area_id[i] == a->id)
				w = set_find(&st->want[i], e->lsa.hdr.type,
				    e->lsa.hdr.id);
	if (w == NULL)
		return false;
	put(a, w, true);
	return true;
}

void
abr_fini(struct ospfd *od)
{
	struct abr_state	*st = od->abr_state;
	size_t			 i;

	if (st == NULL)
		return;
	for (i = 0; i < sizeof(st->want) / sizeof(st->want[0]); i++)
		free(st->want[i].v);
	free(st->xlate.v);
	free(st);
	od->abr_state = NULL;
}

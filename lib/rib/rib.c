/*
 * DOC: rib: the RIB object and the calls that change it. Every change only
 * edits routes and marks their dests dirty; selection, resolution and change
 * reports are process.c's, run at the end of the call or at rib_commit().
 * Each route is on its dest's list (sorted by protocol) and on its
 * protocol's list in the table of its family.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rib_private.h"
#include "slab.h"
#include "trie.h"

static int
table_init(struct rib *rib, struct rib_table *t, int family)
{
	t->rib = rib;
	t->family = family;
	t->maxlen = family == AF_INET ? 32 : 128;
	t->worktail = &t->work;
	if ((t->dests = trie_new(family)) == NULL ||
	    (t->nht = trie_new(family)) == NULL ||
	    (t->dest_slab = slab_new(offsetof(struct rib_dest, addr) +
	    (family == AF_INET ? 4 : 16))) == NULL)
		return -1;
	return 0;
}

/* Frees a dest's routes, without reporting anything. */
static int
table_free_dest(const void *addr, unsigned int len, void *item, void *arg)
{
	struct rib_table	*t = arg;
	struct rib_dest		*d = item;
	struct rib_route	*r;

	while ((r = d->routes) != NULL) {
		d->routes = r->next;
		rec_free(t, r, r->rec, r->nhg);
		rib_nhg_unref(t->rib, r->nhg);
		slab_put(t->rib->route_slab, r);
	}
	rib_nhg_unref(t->rib, d->fib);
	slab_put(t->dest_slab, d);
	return 0;
}

static void
table_fini(struct rib_table *t)
{
	static const uint8_t	 zero[16];

	if (t->dests != NULL)
		trie_walk(t->dests, zero, 0, table_free_dest, t);
	trie_del(t->dests);
	trie_del(t->nht);
	slab_del(t->dest_slab);
}

/*
 * A new, empty RIB. cb (may be NULL) is told about every change of FIB
 * state, with arg.
 */
struct rib *
rib_new(rib_fib_cb cb, void *arg)
{
	struct rib	*rib;

	if ((rib = calloc(1, sizeof(*rib))) == NULL)
		return NULL;
	rib->cb = cb;
	rib->cbarg = arg;
	proto_init(rib);
	if (table_init(rib, &rib->t4, AF_INET) == -1 ||
	    table_init(rib, &rib->t6, AF_INET6) == -1 ||
	    (rib->route_slab = slab_new(sizeof(struct rib_route))) == NULL ||
	    (rib->nht_slab = slab_new(sizeof(struct rib_nht))) == NULL) {
		rib_del(rib);
		errno = ENOMEM;
		return NULL;
	}
	return rib;
}

/* Frees the RIB and all its routes; nothing is reported. */
void
rib_del(struct rib *rib)
{
	if (rib == NULL)
		return;
	table_fini(&rib->t4);
	table_fini(&rib->t6);
	slab_del(rib->route_slab);
	slab_del(rib->nht_slab);
	nhg_fini(rib);
	free(rib);
}

struct rib_table *
rib_table(const struct rib *rib, int family)
{
	if (family == AF_INET)
		return (struct rib_table *)&rib->t4;
	if (family == AF_INET6)
		return (struct rib_table *)&rib->t6;
	return NULL;
}

struct rib_route *
dest_selected(const struct rib_dest *d)
{
	struct rib_route	*r;

	for (r = d->routes; r != NULL; r = r->next)
		if (r->flags & RIB_RF_SELECTED)
			return r;
	return NULL;
}

/* The route's resolved next hops, NULL if none resolves. */
const struct rib_nhg *
route_fib(const struct rib_route *r)
{
	return r->rec != NULL ? r->rec->fib : r->nhg;
}

static struct rib_route *
dest_route(const struct rib_dest *d, uint8_t proto)
{
	struct rib_route	*r;

	for (r = d->routes; r != NULL && r->proto <= proto; r = r->next)
		if (r->proto == proto)
			return r;
	return NULL;
}

static struct rib_dest *
dest_new(struct rib_table *t, const struct rib_prefix *p)
{
	struct rib_dest	*d;

	if ((d = slab_get(t->dest_slab)) == NULL)
		return NULL;
	memset(d, 0, sizeof(*d));
	d->fib_proto = RIB_PROTO_NONE;
	d->len = p->len;
	d->family = (uint8_t)t->family;
	memcpy(d->addr, &p->addr, t->family == AF_INET ? 4 : 16);
	if (trie_insert(t->dests, d->addr, d->len, d) == -1) {
		slab_put(t->dest_slab, d);
		return NULL;
	}
	/* Listed at once: if it stays empty, processing frees it. */
	dest_mark(t, d);
	return d;
}

/*
 * A route was edited in place: evaluate its dest, and if it was the selected
 * route, tell the dependents even if the same route stays selected, since
 * its next hops may be new.
 */
static void
route_touch(struct rib_table *t, struct rib_route *r)
{
	if (r->flags & RIB_RF_SELECTED)
		r->dest->flags |= DEST_CHANGED;
	dest_mark(t, r->dest);
}

static void
route_remove(struct rib_table *t, struct rib_route *r)
{
	struct rib_dest		*d = r->dest;
	struct rib_route	**rp;

	if (r->flags & RIB_RF_SELECTED)
		d->flags |= DEST_CHANGED;
	for (rp = &d->routes; *rp != r; rp = &(*rp)->next)
		;
	*rp = r->next;
	LIST_REMOVE(r, plink);
	t->protos[r->proto].count--;
	rec_free(t, r, r->rec, r->nhg);
	rib_nhg_unref(t->rib, r->nhg);
	slab_put(t->rib->route_slab, r);
	dest_mark(t, d);
}

static void
rib_done(struct rib *rib)
{
	if (rib->batch == 0)
		rib_process(rib);
}

static int
nh_check(int family, const struct rib_nh *nh, unsigned int nnh)
{
	unsigned int	 i;

	if (nnh == 0) {
		errno = EINVAL;
		return -1;
	}
	if (nnh > RIB_NH_MAX) {
		errno = E2BIG;
		return -1;
	}
	for (i = 0; i < nnh; i++) {
		if (nh[i].flags & ~RIB_NH_BLACKHOLE)
			goto bad;
		if (nh[i].flags & RIB_NH_BLACKHOLE) {
			if (nnh > 1)
				goto bad;
			continue;
		}
		if (nh[i].ifindex == 0 && !rib_nh_is_recursive(family, &nh[i]))
			goto bad;	/* neither gateway nor interface */
	}
	return 0;
 bad:
	errno = EINVAL;
	return -1;
}

/*
 * Adds the route of protocol a->proto for prefix p, with nnh next hops
 * (1..RIB_NH_MAX), replacing that protocol's previous route for p. Adding a
 * route equal to the present one changes nothing (and clears its stale
 * mark). Fails with EINVAL, E2BIG (more than RIB_NH_MAX next hops),
 * EAFNOSUPPORT, ENOMEM, EBUSY.
 */
int
rib_route_add(struct rib *rib, const struct rib_prefix *p,
    const struct rib_attr *a, const struct rib_nh *nh, unsigned int nnh)
{
	struct rib_table	*t;
	struct rib_prefix	 pm;
	struct rib_dest		*d;
	struct rib_route	*r, **rp;
	struct rib_rec		*rec;
	const struct rib_nhg	*nhg;
	uint8_t			 distance, flags;

	if (rib->busy) {
		errno = EBUSY;
		return -1;
	}
	if ((t = rib_table(rib, p->family)) == NULL) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (p->len > t->maxlen || !proto_valid(rib, a->proto) ||
	    a->distance < RIB_DISTANCE_PROTO ||
	    a->distance > RIB_DISTANCE_MAX ||
	    (a->flags & ~RIB_RF_CONNECTED_ONLY)) {
		errno = EINVAL;
		return -1;
	}
	if (nh_check(t->family, nh, nnh) == -1)
		return -1;
	flags = a->flags;
	if (a->distance == RIB_DISTANCE_PROTO)
		distance = rib->protos[a->proto].distance;
	else {
		distance = (uint8_t)a->distance;
		flags |= RIB_RF_OWN_DISTANCE;
	}
	pm = *p;
	rib_prefix_mask(&pm);
	if ((nhg = nhg_get(rib, t->family, nh, nnh)) == NULL)
		return -1;

	d = trie_lookup(t->dests, &pm.addr, pm.len);
	r = d != NULL ? dest_route(d, a->proto) : NULL;
	if (r != NULL && r->nhg == nhg && r->metric == a->metric &&
	    r->distance == distance && (r->flags & (RIB_RF_OWN_DISTANCE |
	    RIB_RF_CONNECTED_ONLY)) == flags) {
		rib_nhg_unref(rib, nhg);
		r->flags &= ~RIB_RF_STALE;
		return 0;
	}
	if (d == NULL && (d = dest_new(t, &pm)) == NULL)
		goto fail;
	if (r == NULL) {
		if ((r = slab_get(rib->route_slab)) == NULL)
			goto fail;
		memset(r, 0, sizeof(*r));
		r->proto = a->proto;
		r->dest = d;
		if (rec_build(t, r, nhg, &rec) == -1) {
			slab_put(rib->route_slab, r);
			goto fail;
		}
		for (rp = &d->routes; *rp != NULL && (*rp)->proto < r->proto;
		    rp = &(*rp)->next)
			;
		r->next = *rp;
		*rp = r;
		LIST_INSERT_HEAD(&t->protos[r->proto].routes, r, plink);
		t->protos[r->proto].count++;
	} else {
		if (rec_build(t, r, nhg, &rec) == -1)
			goto fail;
		rec_free(t, r, r->rec, r->nhg);
		rib_nhg_unref(rib, r->nhg);
	}
	r->nhg = nhg;
	r->rec = rec;
	r->metric = a->metric;
	r->stamp = a->stamp;
	r->distance = distance;
	r->flags = (r->flags & RIB_RF_SELECTED) | flags |
	    (rec != NULL ? RIB_RF_RECURSIVE : 0);
	route_touch(t, r);
	rib_done(rib);
	return 0;
 fail:
	rib_nhg_unref(rib, nhg);
	rib_done(rib);		/* frees a dest left empty */
	errno = ENOMEM;
	return -1;
}

/* Deletes protocol proto's route for p: ENOENT if there is none. */
int
rib_route_del(struct rib *rib, const struct rib_prefix *p, uint8_t proto)
{
	struct rib_table	*t;
	struct rib_prefix	 pm;
	struct rib_dest		*d;
	struct rib_route	*r;

	if (rib->busy) {
		errno = EBUSY;
		return -1;
	}
	if ((t = rib_table(rib, p->family)) == NULL) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	pm = *p;
	rib_prefix_mask(&pm);
	if (pm.len > t->maxlen ||
	    (d = trie_lookup(t->dests, &pm.addr, pm.len)) == NULL ||
	    (r = dest_route(d, proto)) == NULL) {
		errno = ENOENT;
		return -1;
	}
	route_remove(t, r);
	rib_done(rib);
	return 0;
}

/* Applies fn to every route of proto in both families. */
static int
proto_each(struct rib *rib, uint8_t proto,
    void (*fn)(struct rib_table *, struct rib_route *))
{
	struct rib_table	*tables[2] = { &rib->t4, &rib->t6 }, *t;
	struct rib_route	*r, *next;
	int			 i;

	if (rib->busy) {
		errno = EBUSY;
		return -1;
	}
	if (!proto_valid(rib, proto)) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < 2; i++) {
		t = tables[i];
		for (r = LIST_FIRST(&t->protos[proto].routes); r != NULL;
		    r = next) {
			next = LIST_NEXT(r, plink);
			fn(t, r);
		}
	}
	rib_done(rib);
	return 0;
}

static void
flush_one(struct rib_table *t, struct rib_route *r)
{
	route_remove(t, r);
}

static void
stale_one(struct rib_table *t, struct rib_route *r)
{
	r->flags |= RIB_RF_STALE;
}

static void
sweep_one(struct rib_table *t, struct rib_route *r)
{
	if (r->flags & RIB_RF_STALE)
		route_remove(t, r);
}

/*
 * Deletes every route of proto (its daemon died). Costs the protocol's own
 * routes, not the table's.
 */
int
rib_proto_flush(struct rib *rib, uint8_t proto)
{
	return proto_each(rib, proto, flush_one);
}

/*
 * Graceful restart: marks every route of proto stale. The protocol then adds
 * its routes again (an identical route changes nothing in the FIB and
 * clears the mark) and rib_proto_sweep() deletes those not added again.
 */
int
rib_proto_mark_stale(struct rib *rib, uint8_t proto)
{
	return proto_each(rib, proto, stale_one);
}

int
rib_proto_sweep(struct rib *rib, uint8_t proto)
{
	return proto_each(rib, proto, sweep_one);
}

static void
distance_one(struct rib_table *t, struct rib_route *r)
{
	if (r->flags & RIB_RF_OWN_DISTANCE)
		return;
	r->distance = t->rib->protos[r->proto].distance;
	route_touch(t, r);
}

/*
 * Sets proto's administrative distance (0..255) and reselects every prefix
 * where it has a route without a distance of its own.
 */
int
rib_set_distance(struct rib *rib, uint8_t proto, unsigned int distance)
{
	if (distance > RIB_DISTANCE_MAX || !proto_valid(rib, proto)) {
		errno = EINVAL;
		return -1;
	}
	if (rib->busy) {
		errno = EBUSY;
		return -1;
	}
	rib->protos[proto].distance = (uint8_t)distance;
	return proto_each(rib, proto, distance_one);
}

/*
 * Whether recursive next hops of the family may resolve through the default
 * route (off by default, as in FRR).
 */
int
rib_set_resolve_via_default(struct rib *rib, int family, bool on)
{
	struct rib_table	*t;

	if (rib->busy) {
		errno = EBUSY;
		return -1;
	}
	if ((t = rib_table(rib, family)) == NULL) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (t->via_default != on) {
		t->via_default = on;
		nht_mark_all(t);
		rib_done(rib);
	}
	return 0;
}

/*
 * Starts a batch: changes are recorded, not processed, until the matching
 * rib_commit(). Batches nest.
 */
int
rib_begin(struct rib *rib)
{
	if (rib->busy) {
		errno = EBUSY;
		return -1;
	}
	rib->batch++;
	return 0;
}

/*
 * Ends a batch; the outermost commit selects, resolves and reports every
 * prefix changed since rib_begin(), each once.
 */
int
rib_commit(struct rib *rib)
{
	if (rib->busy) {
		errno = EBUSY;
		return -1;
	}
	if (rib->batch == 0) {
		errno = EINVAL;
		return -1;
	}
	if (--rib->batch == 0)
		rib_process(rib);
	return 0;
}

/*
 * Number of routes of proto in family (AF_UNSPEC: both), or with proto -1
 * the number of prefixes.
 */
size_t
rib_count(const struct rib *rib, int family, int proto)
{
	const struct rib_table	*t;
	size_t			 n = 0;
	int			 i;

	for (i = 0; i < 2; i++) {
		t = i == 0 ? &rib->t4 : &rib->t6;
		if (family != AF_UNSPEC && family != t->family)
			continue;
		if (proto < 0)
			n += trie_count(t->dests);
		else if (proto < RIB_PROTO_MAX)
			n += t->protos[proto].count;
	}
	return n;
}

void
rib_get_stats(const struct rib *rib, struct rib_stats *st)
{
	*st = rib->stats;
}

/* Memory held by the RIB's pools and tables (an estimate, for statistics). */
size_t
rib_bytes(const struct rib *rib)
{
	size_t	 n = sizeof(*rib);
	int	 i;

	n += trie_bytes(rib->t4.dests) + trie_bytes(rib->t4.nht) +
	    slab_bytes(rib->t4.dest_slab);
	n += trie_bytes(rib->t6.dests) + trie_bytes(rib->t6.nht) +
	    slab_bytes(rib->t6.dest_slab);
	n += slab_bytes(rib->route_slab) + slab_bytes(rib->nht_slab);
	for (i = 0; i <= RIB_NH_MAX; i++)
		if (rib->nhg_slab[i] != NULL)
			n += slab_bytes(rib->nhg_slab[i]);
	n += rib->nhg_buckets * sizeof(struct rib_nhg *) + rib->rec_bytes;
	return n;
}

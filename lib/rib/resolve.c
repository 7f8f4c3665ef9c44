/*
 * DOC: resolve: recursive next hops and next-hop tracking.
 *
 * A recursive next hop (gateway, no ifindex) of route r at dest d resolves
 * through the longest prefix e covering the gateway that has a selected
 * route s, walking up from the longest match and taking e as it is now (if
 * e changes later, d is evaluated again). On the way, d itself is skipped (a
 * route never resolves through its own prefix) and the default route stops
 * the walk unless the table allows it. The walk fails, and the next hop
 * stays unresolved, if s is a blackhole, is not connected for a
 * RIB_RF_CONNECTED_ONLY route, or if s's own resolution goes through d
 * (directly or further down): that would be a loop, and r is flagged
 * RIB_RF_LOOP. Through a route with a gateway the next hop becomes s's
 * (gateway, ifindex) pairs; through an interface route (connected) it keeps
 * its gateway and takes s's ifindex. The union, capped at RIB_NH_MAX, is
 * the route's resolved set.
 *
 * Loop refusals are the one result that depends on more than the prefix the
 * gateway falls in: on the whole chain below it. Routes with a refusal are
 * kept on the table's loop list and evaluated again whenever a selection or
 * a resolution changed (process.c). Some loops through several ECMP next
 * hops have no stable answer and would flip forever; a dest that changed
 * RIB_CHANGE_MAX times in one run stops resolving its recursive routes until
 * something changes again (RIB_RF_GAVE_UP).
 *
 * Each recursive next hop is a struct rib_dep filed under its gateway in the
 * table's nht trie and records the dest it resolved through. When dest e
 * changes, every dep whose gateway lies inside e's prefix is looked at, and
 * its route's dest marked dirty, unless the dep resolved through a longer
 * prefix than e, which e cannot affect.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rib_private.h"
#include "slab.h"
#include "trie.h"

static struct rib_nht *
nht_get(struct rib_table *t, const union rib_addr *gw)
{
	struct rib_nht	*n;

	if ((n = trie_lookup(t->nht, gw, t->maxlen)) != NULL)
		return n;
	if ((n = slab_get(t->rib->nht_slab)) == NULL)
		return NULL;
	LIST_INIT(&n->deps);
	if (trie_insert(t->nht, gw, t->maxlen, n) == -1) {
		slab_put(t->rib->nht_slab, n);
		return NULL;
	}
	return n;
}

/* The gateway of the i-th recursive next hop in nhg. */
static const union rib_addr *
dep_gw(const struct rib_table *t, const struct rib_nhg *nhg, unsigned int i)
{
	unsigned int	 k;

	for (k = 0; k < nhg->n; k++)
		if (rib_nh_is_recursive(t->family, &nhg->nh[k]) && i-- == 0)
			return &nhg->nh[k].gw;
	return NULL;
}

static void
dep_unlink(struct rib_table *t, struct rib_dep *dep, const union rib_addr *gw)
{
	struct rib_nht		*n;

	LIST_REMOVE(dep, link);
	n = trie_lookup(t->nht, gw, t->maxlen);
	if (n != NULL && LIST_EMPTY(&n->deps)) {
		trie_remove(t->nht, gw, t->maxlen);
		slab_put(t->rib->nht_slab, n);
	}
}

/*
 * The recursion state of route r for the next hops nhg: *recp is NULL if no
 * next hop is recursive. The deps are filed at once; r's other fields are
 * not touched, so that a failure leaves r as it was.
 */
int
rec_build(struct rib_table *t, struct rib_route *r, const struct rib_nhg *nhg,
    struct rib_rec **recp)
{
	struct rib_rec	*rec;
	struct rib_nht	*n;
	unsigned int	 i, k = 0;
	size_t		 size;

	*recp = NULL;
	for (i = 0; i < nhg->n; i++)
		if (rib_nh_is_recursive(t->family, &nhg->nh[i]))
			k++;
	if (k == 0)
		return 0;
	size = sizeof(*rec) + k * sizeof(rec->deps[0]);
	if ((rec = calloc(1, size)) == NULL)
		return -1;
	for (i = 0; i < nhg->n; i++) {
		if (!rib_nh_is_recursive(t->family, &nhg->nh[i]))
			continue;
		if ((n = nht_get(t, &nhg->nh[i].gw)) == NULL) {
			while (rec->ndeps > 0) {
				rec->ndeps--;
				dep_unlink(t, &rec->deps[rec->ndeps],
				    dep_gw(t, nhg, rec->ndeps));
			}
			free(rec);
			errno = ENOMEM;
			return -1;
		}
		rec->deps[rec->ndeps].route = r;
		LIST_INSERT_HEAD(&n->deps, &rec->deps[rec->ndeps], link);
		rec->ndeps++;
	}
	t->rib->rec_bytes += size;
	*recp = rec;
	return 0;
}

/* Frees a recursion state made by rec_build() for nhg. */
void
rec_free(struct rib_table *t, struct rib_route *r, struct rib_rec *rec,
    const struct rib_nhg *nhg)
{
	struct rib_rec	**rp;
	unsigned int	 i;

	if (rec == NULL)
		return;
	if (rec->onloop) {
		for (rp = &t->loops; *rp != rec; rp = &(*rp)->loop_next)
			;
		*rp = rec->loop_next;
	}
	for (i = 0; i < rec->ndeps; i++)
		dep_unlink(t, &rec->deps[i], dep_gw(t, nhg, i));
	rib_nhg_unref(t->rib, rec->fib);
	t->rib->rec_bytes -= sizeof(*rec) + rec->ndeps * sizeof(rec->deps[0]);
	free(rec);
}

/*
 * Does the resolution of e's selected route go through d, directly or
 * further down? A breadth-first walk of the dests that selected routes
 * resolve through, each visited once.
 */
static bool
dest_depends(struct rib_dest *e, const struct rib_dest *d)
{
	struct rib_dest		*seen[RIB_LOOP_CHECK_MAX], *v;
	const struct rib_route	*s;
	unsigned int		 i, j, n = 0;
	bool			 found = false;

	seen[n++] = e;
	e->flags |= DEST_SEEN;
	for (i = 0; i < n && !found; i++) {
		if ((s = dest_selected(seen[i])) == NULL || s->rec == NULL)
			continue;
		for (j = 0; j < s->rec->ndeps && !found; j++) {
			if ((v = s->rec->deps[j].via) == NULL ||
			    (v->flags & DEST_SEEN))
				continue;
			if (v == d || n == RIB_LOOP_CHECK_MAX) {
				found = true;	/* too far to tell: assume so */
				break;
			}
			v->flags |= DEST_SEEN;
			seen[n++] = v;
		}
	}
	for (i = 0; i < n; i++)
		seen[i]->flags &= ~DEST_SEEN;
	return found;
}

static void
nh_append(struct rib_nh *out, unsigned int *n, const struct rib_nh *nh)
{
	unsigned int	 i;

	for (i = 0; i < *n; i++)
		if (memcmp(&out[i], nh, sizeof(*nh)) == 0)
			return;
	if (*n < RIB_NH_MAX)
		out[(*n)++] = *nh;
}

static void
resolve_nh(struct rib_table *t, struct rib_dest *d, struct rib_route *r,
    const struct rib_nh *nh, struct rib_dep *dep, struct rib_nh *out,
    unsigned int *n)
{
	static const uint8_t	 zero[16];
	struct rib_dest		*e;
	const struct rib_route	*s;
	const struct rib_nhg	*f;
	struct rib_nh		 x;
	unsigned int		 i;
	size_t			 alen = t->family == AF_INET ? 4 : 16;

	for (e = trie_match(t->dests, &nh->gw, t->maxlen, NULL); e != NULL;
	    e = trie_cover(t->dests, e->addr, e->len, NULL)) {
		if (e == d)
			continue;
		if (e->len == 0 && !t->via_default)
			return;
		if ((s = dest_selected(e)) == NULL)
			continue;
		if ((r->flags & RIB_RF_CONNECTED_ONLY) &&
		    s->proto != RIB_PROTO_CONNECTED)
			return;
		if ((f = route_fib(s)) == NULL || rib_nhg_is_blackhole(f))
			return;
		if (dest_depends(e, d)) {
			r->flags |= RIB_RF_LOOP;
			return;
		}
		for (i = 0; i < f->n; i++) {
			memset(&x, 0, sizeof(x));
			if (memcmp(&f->nh[i].gw, zero, alen) == 0)
				memcpy(&x.gw, &nh->gw, alen);
			else
				memcpy(&x.gw, &f->nh[i].gw, alen);
			x.ifindex = f->nh[i].ifindex;
			nh_append(out, n, &x);
		}
		dep->via = e;
		return;
	}
}

/* Computes r->rec->fib, the resolved next hops of route r at dest d. */
void
route_resolve(struct rib_table *t, struct rib_dest *d, struct rib_route *r)
{
	struct rib_rec		*rec = r->rec;
	const struct rib_nhg	*nhg = r->nhg, *fib = NULL;
	struct rib_nh		 out[RIB_NH_MAX];
	unsigned int		 i, j = 0, n = 0;

	r->flags &= ~(RIB_RF_LOOP | RIB_RF_GAVE_UP);
	for (i = 0; i < nhg->n; i++) {
		if (!rib_nh_is_recursive(t->family, &nhg->nh[i])) {
			nh_append(out, &n, &nhg->nh[i]);
			continue;
		}
		rec->deps[j].via = NULL;
		if (d->flags & DEST_FROZEN)
			r->flags |= RIB_RF_LOOP | RIB_RF_GAVE_UP;
		else
			resolve_nh(t, d, r, &nhg->nh[i], &rec->deps[j], out,
			    &n);
		j++;
	}
	/* Out of memory leaves the route unresolved, hence inactive. */
	if (n > 0)
		fib = nhg_get(t->rib, t->family, out, n);
	rib_nhg_unref(t->rib, rec->fib);
	rec->fib = fib;
	if ((r->flags & RIB_RF_LOOP) && !rec->onloop) {
		rec->onloop = 1;
		rec->loop_next = t->loops;
		t->loops = rec;
	}
}

/*
 * Marks the dests of routes refused as loops dirty, and drops from the list
 * those that are not any more. Returns whether it marked any.
 */
bool
loops_mark(struct rib_table *t)
{
	struct rib_rec	**rp, *rec;
	bool		 any = false;

	for (rp = &t->loops; (rec = *rp) != NULL; ) {
		if (!(rec->deps[0].route->flags & RIB_RF_LOOP)) {
			*rp = rec->loop_next;
			rec->onloop = 0;
			continue;
		}
		dest_mark(t, rec->deps[0].route->dest);
		any = true;
		rp = &rec->loop_next;
	}
	return any;
}

struct nht_walk {
	struct rib_table	*t;
	struct rib_dest		*d;
};

static int
nht_changed_one(const void *addr, unsigned int len, void *item, void *arg)
{
	struct nht_walk		*w = arg;
	struct rib_nht		*n = item;
	struct rib_dep		*dep;

	LIST_FOREACH(dep, &n->deps, link) {
		if (dep->via != NULL && dep->via != w->d &&
		    dep->via->len > w->d->len)
			continue;	/* a longer match hides d */
		dest_mark(w->t, dep->route->dest);
	}
	return 0;
}

/* The selection or FIB state of d changed: mark who may depend on it. */
void
nht_changed(struct rib_table *t, struct rib_dest *d)
{
	struct nht_walk	 w = { t, d };

	trie_walk(t->nht, d->addr, d->len, nht_changed_one, &w);
}

static int
nht_forget_one(const void *addr, unsigned int len, void *item, void *arg)
{
	struct nht_walk		*w = arg;
	struct rib_nht		*n = item;
	struct rib_dep		*dep;

	LIST_FOREACH(dep, &n->deps, link)
		if (dep->via == w->d)
			dep->via = NULL;
	return 0;
}

/* d is about to be freed: drop references to it. */
void
nht_forget(struct rib_table *t, struct rib_dest *d)
{
	struct nht_walk	 w = { t, d };

	trie_walk(t->nht, d->addr, d->len, nht_forget_one, &w);
}

static int
nht_mark_one(const void *addr, unsigned int len, void *item, void *arg)
{
	struct rib_table	*t = arg;
	struct rib_nht		*n = item;
	struct rib_dep		*dep;

	LIST_FOREACH(dep, &n->deps, link)
		dest_mark(t, dep->route->dest);
	return 0;
}

/* Marks every dest with a recursive route dirty. */
void
nht_mark_all(struct rib_table *t)
{
	static const uint8_t	 zero[16];

	trie_walk(t->nht, zero, 0, nht_mark_one, t);
}

/*
 * DOC: process: evaluation of dirty dests and reports of FIB changes.
 *
 * Evaluating a dest resolves its recursive routes against the other dests as
 * they are, then selects the best active route: lowest distance, then
 * metric, then protocol number. If the selected route or its resolved next
 * hops changed, the dests whose routes have gateways inside this prefix are
 * marked dirty (resolve.c) and evaluated in turn, until nothing is dirty.
 * Dests are evaluated one at a time, never one inside another, so each
 * resolution sees complete states and the loop check stays sound. Dests
 * without recursive routes go first, so that a batch of routes and the
 * routes they resolve through mostly needs one evaluation per dest. A dest
 * whose result changes more than RIB_CHANGE_MAX times in one run stops
 * resolving its recursive routes (they are given up as looping), so a run
 * always ends: an evaluation that changes nothing marks nothing dirty.
 *
 * Routes refused as loops are tried again after any selection or resolution
 * changed, until nothing does (resolve.c).
 *
 * Reports come last, once per dest of the work list, comparing the FIB state
 * now with the one last reported: a route deleted and added back within a
 * batch reports nothing.
 */
#include <sys/socket.h>

#include <string.h>

#include "rib_private.h"
#include "slab.h"
#include "trie.h"

void
dest_mark(struct rib_table *t, struct rib_dest *d)
{
	if (!(d->flags & DEST_DIRTY)) {
		d->flags |= DEST_DIRTY;
		t->ndirty++;
	}
	if (!(d->flags & DEST_LISTED)) {
		d->flags |= DEST_LISTED;
		d->wnext = NULL;
		*t->worktail = d;
		t->worktail = &d->wnext;
	}
}

static bool
route_better(const struct rib_route *a, const struct rib_route *b)
{
	if (a->distance != b->distance)
		return a->distance < b->distance;
	if (a->metric != b->metric)
		return a->metric < b->metric;
	return a->proto < b->proto;
}

static struct rib_route *
dest_select(struct rib_dest *d)
{
	struct rib_route	*r, *best = NULL;

	for (r = d->routes; r != NULL; r = r->next) {
		r->flags &= ~(RIB_RF_SELECTED | RIB_RF_ACTIVE);
		if (r->distance >= RIB_DISTANCE_MAX || route_fib(r) == NULL)
			continue;
		r->flags |= RIB_RF_ACTIVE;
		if (best == NULL || route_better(r, best))
			best = r;
	}
	if (best != NULL)
		best->flags |= RIB_RF_SELECTED;
	return best;
}

/* Did the selected route's resolution go through other dests than before? */
static bool
vias_changed(const struct rib_route *r, struct rib_dest *const *vias)
{
	unsigned int	 i;

	for (i = 0; i < r->rec->ndeps; i++)
		if (r->rec->deps[i].via != vias[i])
			return true;
	return false;
}

/* Resolves and selects. */
void
dest_eval(struct rib_table *t, struct rib_dest *d)
{
	struct rib_route	*old, *best, *r;
	const struct rib_nhg	*oldfib;
	struct rib_dest		*vias[RIB_NH_MAX];
	unsigned int		 i;
	bool			 changed = false;

	if (d->flags & DEST_DIRTY) {
		d->flags &= ~DEST_DIRTY;
		t->ndirty--;
	}
	t->rib->stats.evals++;
	old = dest_selected(d);
	/* Hold the old set so that its address cannot be reused meanwhile. */
	oldfib = old != NULL ? route_fib(old) : NULL;
	rib_nhg_ref(oldfib);
	if (old != NULL && old->rec != NULL)
		for (i = 0; i < old->rec->ndeps; i++)
			vias[i] = old->rec->deps[i].via;

	for (r = d->routes; r != NULL; r = r->next)
		if (r->rec != NULL)
			route_resolve(t, d, r);
	best = dest_select(d);

	if (best != old || (best != NULL && route_fib(best) != oldfib) ||
	    (d->flags & DEST_CHANGED)) {
		nht_changed(t, d);
		changed = true;
	} else if (best != NULL && best->rec != NULL && vias_changed(best, vias))
		changed = true;
	d->flags &= ~DEST_CHANGED;
	if (changed) {
		t->graph_changed = true;
		/* A dest that keeps changing is in a loop with no stable end. */
		if (++d->changes > RIB_CHANGE_MAX &&
		    !(d->flags & DEST_FROZEN)) {
			d->flags |= DEST_FROZEN;
			t->rib->stats.frozen++;
		}
	}
	rib_nhg_unref(t->rib, oldfib);
}

/* Reports a change of FIB state; frees the dest if it has no route left. */
static void
dest_finalize(struct rib_table *t, struct rib_dest *d)
{
	struct rib		*rib = t->rib;
	struct rib_fib_change	 ch;
	struct rib_prefix	 p;
	const struct rib_route	*s = dest_selected(d);
	const struct rib_nhg	*fib = s != NULL ? route_fib(s) : NULL;
	uint8_t			 proto = s != NULL ? s->proto : RIB_PROTO_NONE;
	uint32_t		 metric = s != NULL ? s->metric : 0;

	d->flags &= ~(DEST_LISTED | DEST_FROZEN);
	d->changes = 0;
	d->wnext = NULL;
	if (fib != d->fib || proto != d->fib_proto || metric != d->fib_metric) {
		rib_dest_prefix(d, &p);
		memset(&ch, 0, sizeof(ch));
		ch.op = d->fib == NULL ? RIB_FIB_ADD :
		    fib == NULL ? RIB_FIB_DELETE : RIB_FIB_REPLACE;
		ch.prefix = &p;
		ch.old_proto = d->fib_proto;
		ch.old_metric = d->fib_metric;
		ch.old_nhg = d->fib;
		ch.new_proto = proto;
		ch.new_metric = metric;
		ch.new_nhg = fib;
		ch.route = s;
		rib_nhg_ref(fib);
		d->fib = fib;
		d->fib_proto = proto;
		d->fib_metric = metric;
		rib->stats.reports++;
		if (rib->cb != NULL)
			rib->cb(&ch, rib->cbarg);
		rib_nhg_unref(rib, ch.old_nhg);
	}
	if (d->routes == NULL) {
		trie_remove(t->dests, d->addr, d->len);
		nht_forget(t, d);
		slab_put(t->dest_slab, d);
	}
}

static bool
dest_recursive(const struct rib_dest *d)
{
	const struct rib_route	*r;

	for (r = d->routes; r != NULL; r = r->next)
		if (r->rec != NULL)
			return true;
	return false;
}

static void
table_process(struct rib_table *t)
{
	struct rib_dest	*d, *next;

	if (t->work == NULL)
		return;
	t->rib->stats.runs++;
	/*
	 * Dests without recursive routes first: then most recursive ones see
	 * what they resolve through already evaluated.
	 */
	for (d = t->work; d != NULL; d = d->wnext)
		if ((d->flags & DEST_DIRTY) && !dest_recursive(d))
			dest_eval(t, d);
	for (;;) {
		while (t->ndirty > 0)
			for (d = t->work; d != NULL; d = d->wnext)
				if (d->flags & DEST_DIRTY)
					dest_eval(t, d);
		/* Loop verdicts may be out of date: try those again. */
		if (!t->graph_changed || !loops_mark(t))
			break;
		t->graph_changed = false;
	}
	t->graph_changed = false;
	t->rib->busy++;
	for (d = t->work; d != NULL; d = next) {
		next = d->wnext;
		dest_finalize(t, d);
	}
	t->rib->busy--;
	t->work = NULL;
	t->worktail = &t->work;
}

/* Runs selection and resolution for all dirty dests and reports. */
void
rib_process(struct rib *rib)
{
	table_process(&rib->t4);
	table_process(&rib->t6);
}

/*
 * DOC: dr: the Designated Router and Backup Designated Router election of
 * RFC 2328 9.4 as a pure function of the routers on a segment. The input
 * is every router the calculating router X knows there, itself included
 * (at index self); the output is the DR and BDR, by interface address and
 * router ID. The function follows steps 1 to 5 literally; steps 6 and 7
 * (neighbour events) belong to the interface state machine (ism.c), which
 * compares the result with the interface variables.
 *
 * Consequences of following the steps literally, both intended: an
 * existing DR is never preempted by a router of higher priority (only
 * routers declaring themselves DR compete in step 3), and when nobody
 * declares DR the DR is the new BDR, so that on a fresh segment a router
 * that is not itself elected may, for one round, see the same neighbour
 * as DR and BDR until that neighbour's next Hello declares its own step 4
 * result.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ism.h"

/*
 * Declarations of one router, with X's own taken from the running
 * calculation rather than from the list (step 4 re-runs steps 2 and 3 with
 * X declaring what the first pass gave it).
 */
struct dr_decl {
	uint32_t	 dr;
	uint32_t	 bdr;
};

/*
 * 9.4 step 1: the routers eligible to become DR: X itself if its priority
 * is not 0, and the neighbours with bidirectional communication (state
 * 2-Way or more) and a priority other than 0.
 */
static bool
dr_eligible(const struct dr_cand *c, size_t i, size_t self)
{
	if (c->prio == 0 || c->addr == 0)
		return false;
	return i == self || c->twoway;
}

/* Highest priority wins, ties go to the highest router ID. */
static bool
dr_better(const struct dr_cand *a, const struct dr_cand *b)
{
	if (b == NULL)
		return true;
	if (a->prio != b->prio)
		return a->prio > b->prio;
	return a->rtr_id > b->rtr_id;
}

static struct dr_decl
dr_decl_of(const struct dr_cand *cands, size_t i, size_t self,
    const struct dr_decl *x)
{
	struct dr_decl	 d;

	if (i == self)
		return *x;
	d.dr = cands[i].dr;
	d.bdr = cands[i].bdr;
	return d;
}

/* 9.4 step 2: the new BDR, or NULL. */
static const struct dr_cand *
dr_elect_bdr(const struct dr_cand *cands, size_t n, size_t self,
    const struct dr_decl *x)
{
	const struct dr_cand	*best = NULL, *best_decl = NULL;
	struct dr_decl		 d;
	size_t			 i;

	for (i = 0; i < n; i++) {
		const struct dr_cand	*c = &cands[i];

		if (!dr_eligible(c, i, self))
			continue;
		d = dr_decl_of(cands, i, self, x);
		/* Routers declaring themselves DR are not eligible. */
		if (d.dr == c->addr)
			continue;
		if (d.bdr == c->addr) {
			if (dr_better(c, best_decl))
				best_decl = c;
		}
		if (dr_better(c, best))
			best = c;
	}
	return best_decl != NULL ? best_decl : best;
}

/* 9.4 step 3: the new DR, or NULL. */
static const struct dr_cand *
dr_elect_dr(const struct dr_cand *cands, size_t n, size_t self,
    const struct dr_decl *x, const struct dr_cand *bdr)
{
	const struct dr_cand	*best = NULL;
	struct dr_decl		 d;
	size_t			 i;

	for (i = 0; i < n; i++) {
		const struct dr_cand	*c = &cands[i];

		if (!dr_eligible(c, i, self))
			continue;
		d = dr_decl_of(cands, i, self, x);
		if (d.dr == c->addr && dr_better(c, best))
			best = c;
	}
	return best != NULL ? best : bdr;
}

/*
 * RFC 2328 9.4: elect the DR and BDR among the n routers of cands, X
 * being cands[self] (self >= n: X is not on the list, as a router that
 * only observes). X's declared DR and BDR are its interface variables
 * before the election.
 */
void
dr_elect(const struct dr_cand *cands, size_t n, size_t self,
    struct dr_result *out)
{
	const struct dr_cand	*dr, *bdr;
	struct dr_decl		 x = { 0, 0 };
	uint32_t		 xaddr = 0;
	bool			 was_dr, was_bdr;

	/* Step 1: note the current values. */
	if (self < n) {
		xaddr = cands[self].addr;
		x.dr = cands[self].dr;
		x.bdr = cands[self].bdr;
	}
	was_dr = xaddr != 0 && x.dr == xaddr;
	was_bdr = xaddr != 0 && x.bdr == xaddr;

	/* Steps 2 and 3. */
	bdr = dr_elect_bdr(cands, n, self, &x);
	dr = dr_elect_dr(cands, n, self, &x, bdr);

	/*
	 * Step 4: if X is newly DR or BDR, or no longer DR or BDR, repeat
	 * steps 2 and 3 with X declaring its new role.
	 */
	out->rerun = false;
	if (xaddr != 0 && ((dr == &cands[self]) != was_dr ||
	    (bdr == &cands[self]) != was_bdr)) {
		x.dr = dr != NULL ? dr->addr : 0;
		x.bdr = bdr != NULL ? bdr->addr : 0;
		bdr = dr_elect_bdr(cands, n, self, &x);
		dr = dr_elect_dr(cands, n, self, &x, bdr);
		out->rerun = true;
	}

	out->dr = dr != NULL ? dr->addr : 0;
	out->dr_id = dr != NULL ? dr->rtr_id : 0;
	out->bdr = bdr != NULL ? bdr->addr : 0;
	out->bdr_id = bdr != NULL ? bdr->rtr_id : 0;
}

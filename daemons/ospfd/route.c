/*
 * DOC: route: when SPF runs (FRR's "timers throttle spf": an initial
 * delay, then a hold time that doubles up to a maximum while changes keep
 * coming) and what ribd hears of its result. The routes ribd holds are
 * kept sorted, and each run sends only the differences: a replace for a
 * new or changed route (all equal-cost next hops at once), a delete for
 * a vanished one. Networks we are attached to are left to ribd's
 * connected routes, as FRR's zebra prefers them anyway.
 */
#include <arpa/inet.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "ospfd.h"
#include "rib_xif.h"
#include "throttle.h"

#define RIB_TARGET	"rib"
#define RIB_PROTO	"ospf"
#define OSPF_EXT_HOLD_MS 50	/* gathers a burst of external changes */
#define ROUTE_TRIM_MIN	4096	/* routes: a table worth trimming after */

static void	route_send(struct ospfd *, const struct ospf_rt *);
static void	route_delete(struct ospfd *, const struct ospf_rt *);

static int
rt_cmp(const struct ospf_rt *a, const struct ospf_rt *b)
{
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	return 0;
}

static bool
rt_same(const struct ospf_rt *a, const struct ospf_rt *b)
{
	return a->cost == b->cost && a->nnh == b->nnh &&
	    a->discard == b->discard &&
	    memcmp(a->gw, b->gw, sizeof(a->gw[0]) * a->nnh) == 0 &&
	    memcmp(a->ifindex, b->ifindex, sizeof(a->ifindex[0]) * a->nnh) == 0;
}

/* The routes ribd should hold for one SPF result, sorted. */
static size_t
route_from_spf(struct ospfd *od, const struct spf_result *res,
    struct ospf_rt *out)
{
	size_t	 i, n = 0;
	uint8_t	 j;

	for (i = 0; i < res->nroute; i++) {
		const struct spf_route	*sr = &res->routes[i];
		struct ospf_rt		*rt = &out[n];
		bool			 attached = false;

		if (sr->dest != SPF_DEST_NETWORK || sr->nnh == 0)
			continue;
		memset(rt, 0, sizeof(*rt));
		rt->addr = sr->addr & sr->mask;
		rt->plen = ospf_mask_plen(sr->mask);
		rt->cost = sr->cost;
		/* FRR's metric for a type 2 external: the type 2 metric. */
		if (sr->path == SPF_PATH_EXT2 && i < od->spf_attrs.n)
			rt->cost = od->spf_attrs.a[i].type2_cost;
		for (j = 0; j < sr->nnh; j++) {
			struct ospf_if *oif = iface_find_addr(od,
			    sr->nh[j].ifaddr);

			if (sr->nh[j].gateway == 0) {
				attached = true;
				break;
			}
			rt->gw[rt->nnh] = sr->nh[j].gateway;
			if (oif != NULL)
				rt->ifindex[rt->nnh] = oif->ifindex;
			rt->nnh++;
		}
		if (attached || rt->nnh == 0)
			continue;
		n++;
	}
	return n;
}

/*
 * 16.1 in every area, then 16.2 and 16.4 over the results. Each normal
 * area's LSDB holds a copy of the AS-external LSAs: the first is read.
 * Our active ranges' discard routes, which 16.2 (3) needs too, go to
 * disc (room for abr_nranges()); returns how many.
 */
static size_t
route_calc(struct ospfd *od, struct ospf_rt *disc)
{
	struct spf_ext_area	 ea[16];
	struct spf_ext_range	*rg = NULL;
	struct spf_ext_input	 in;
	struct ospf_area	*a;
	size_t			 n = 0, nr = 0, i;

	memset(&in, 0, sizeof(in));
	in.now = ospf_now();
	in.rtr_id = od->rtr_id;
	TAILQ_FOREACH(a, &od->areas, entry) {
		if (od->rtr_id == 0 || n == sizeof(ea) / sizeof(ea[0]))
			break;
		a->spf_runs++;
		if (spf_run(a->db, od->rtr_id, in.now, &a->intra) == -1)
			log_warnx("SPF in area %08x: out of memory", a->id);
		ea[n].id = a->id;
		ea[n].db = a->db;
		ea[n].intra = &a->intra;
		ea[n].nssa = a->type == AREA_NSSA;
		if (in.ext_db == NULL && a->type == AREA_NORMAL)
			in.ext_db = a->db;
		n++;
	}
	/* Virtual links' next hops, now that transit areas have theirs. */
	if ((a = area_get(od, SPF_EXT_BACKBONE, false)) != NULL)
		vlink_nexthops(od, &a->intra);
	in.areas = ea;
	in.nareas = n;
	in.abr = ospf_is_abr(od);
	/* 16.2 (3): the active ranges are those with a discard route. */
	if (disc != NULL && (nr = abr_discards(od, disc,
	    abr_nranges(od))) > 0 && (rg = calloc(nr, sizeof(*rg))) != NULL) {
		for (i = 0; i < nr; i++) {
			rg[i].addr = disc[i].addr;
			rg[i].mask = ospf_plen_mask(disc[i].plen);
		}
		in.ranges = rg;
		in.nranges = nr;
	}
	if (spf_ext_run(&in, &od->spf, &od->spf_attrs) == -1)
		log_warnx("SPF: out of memory for the routing table");
	free(rg);
	return nr;
}

static int
rt_qcmp(const void *a, const void *b)
{
	return rt_cmp(a, b);
}

/* The nd discard routes after rt[n], where no real route has the prefix. */
static size_t
route_add_discards(struct ospf_rt *rt, size_t n, size_t nd)
{
	size_t	 i, j = n;

	if (nd == 0)
		return n;
	for (i = n; i < n + nd; i++)
		if (bsearch(&rt[i], rt, n, sizeof(*rt), rt_qcmp) == NULL)
			rt[j++] = rt[i];
	qsort(rt, j, sizeof(*rt), rt_qcmp);
	return j;
}

/* Compute the routing table and send ribd the differences. */
static void
route_update(struct ospfd *od)
{
	struct ospf_rt		*nrt = NULL, *disc = NULL;
	size_t			 nn = 0, i = 0, j = 0, cap = 0, nd = 0;
	size_t			 nranges = abr_nranges(od);
	struct timespec		 s, e;

	clock_gettime(CLOCK_MONOTONIC, &s);
	if (nranges > 0 && (disc = calloc(nranges, sizeof(*disc))) == NULL)
		log_warnx("SPF: no memory for the discard routes");
	nd = route_calc(od, disc);
	clock_gettime(CLOCK_MONOTONIC, &e);
	od->spf_last_us = (uint32_t)((e.tv_sec - s.tv_sec) * 1000000 +
	    (e.tv_nsec - s.tv_nsec) / 1000);

	cap = od->spf.nroute + nd;
	if (cap > 0 && (nrt = calloc(cap, sizeof(*nrt))) == NULL) {
		log_warnx("SPF: no memory for %zu routes", cap);
		free(disc);
		return;
	}
	/* spf_run() sorts networks by (address, mask): so are these. */
	nn = route_from_spf(od, &od->spf, nrt);
	if (nd > 0)
		memcpy(nrt + nn, disc, nd * sizeof(*disc));
	free(disc);
	nn = route_add_discards(nrt, nn, nd);

	/* The difference, in one merge of two sorted lists. */
	while (i < od->nrt || j < nn) {
		int c = i == od->nrt ? 1 : j == nn ? -1 :
		    rt_cmp(&od->rt[i], &nrt[j]);

		if (c < 0)
			route_delete(od, &od->rt[i++]);
		else if (c > 0)
			route_send(od, &nrt[j++]);
		else {
			if (!rt_same(&od->rt[i], &nrt[j]))
				route_send(od, &nrt[j]);
			i++;
			j++;
		}
	}
	free(od->rt);
	od->rt = nrt;
	od->nrt = nn;
	/*
	 * Each run frees tables of every route (megabytes with many
	 * externals) that glibc keeps in the heap, fragmented: give the
	 * free pages back, or a burst of runs leaves the resident set at
	 * twice the live memory.
	 */
	if (nn >= ROUTE_TRIM_MIN)
		malloc_trim(0);
	vlink_update(od);
	abr_originate(od);
	log_debug("SPF run %llu: %zu vertices, %zu routes, %u us",
	    (unsigned long long)od->spf_runs, od->spf.nvertex, nn,
	    od->spf_last_us);
}

static void
spf_run_ev(evutil_socket_t fd, short what, void *arg)
{
	struct ospfd	*od = arg;

	(void)fd;
	(void)what;
	od->spf_last_ms = ospf_now_ms();
	od->spf_runs++;
	route_update(od);
}

static void
ext_run_ev(evutil_socket_t fd, short what, void *arg)
{
	struct ospfd	*od = arg;

	(void)fd;
	(void)what;
	/* A full run is coming: it covers the externals too. */
	if (od->spf_ev == NULL || !evtimer_pending(od->spf_ev, NULL))
		route_update(od);
}

/* A change: run SPF when "timers throttle spf" allows (throttle.c). */
void
spf_schedule(struct ospfd *od)
{
	struct throttle_conf c = { od->conf.spf_delay, od->conf.spf_hold,
	    od->conf.spf_max_hold };

	if (od->check || od->loop == NULL)
		return;
	if (od->spf_ev == NULL &&
	    (od->spf_ev = evtimer_new(od->loop->base, spf_run_ev, od)) == NULL)
		return;
	if (evtimer_pending(od->spf_ev, NULL))
		return;
	evtimer_add_ms(od->spf_ev, throttle_delay(&c, ospf_now_ms(),
	    od->spf_last_ms, od->spf_runs > 0, &od->spf_cur_hold));
}

/*
 * Only AS-external LSAs changed: the intra-area trees stand, so no SPF
 * throttle applies (16.6 would even allow one route at a time; FRR does
 * that). The table is recomputed after a short pause that gathers a
 * burst, four times as long as the last computation took, so a flood
 * of 50,000 changes spends at most a fifth of the CPU recomputing and
 * reaches ribd in steps instead of after the throttle's longest hold.
 */
void
spf_schedule_ext(struct ospfd *od)
{
	uint64_t	 ms = 4 * (uint64_t)od->spf_last_us / 1000;

	if (od->check || od->loop == NULL)
		return;
	if (od->ext_ev == NULL &&
	    (od->ext_ev = evtimer_new(od->loop->base, ext_run_ev, od)) == NULL)
		return;
	if (evtimer_pending(od->ext_ev, NULL))
		return;
	evtimer_add_ms(od->ext_ev, ms < OSPF_EXT_HOLD_MS ? OSPF_EXT_HOLD_MS :
	    ms);
}

/* ---- ribd */

static void
rib_done(const struct xrl_error *err, void *arg)
{
	struct ospfd	*od = arg;

	if (err->code != XRL_OKAY) {
		od->rib_errs++;
		if (err->code != XRL_RESOLVE_FAILED &&
		    err->code != XRL_SEND_FAILED)
			log_warnx("ribd: %s", err->note);
	}
}

static const char *
route_ifname(const struct ospfd *od, uint32_t ifindex)
{
	const struct ospf_if *oif;

	TAILQ_FOREACH(oif, &od->ifs, entry)
		if (ifindex != 0 && oif->ifindex == ifindex)
			return oif->name;
	return "";
}

static void
route_send(struct ospfd *od, const struct ospf_rt *rt)
{
	struct xrl_args	 nh = XRL_ARGS_INIT, ifn = XRL_ARGS_INIT;
	struct prefix4	 p;
	uint8_t		 i;

	if (!od->rib_ready)
		return;
	memset(&p, 0, sizeof(p));
	p.addr.s_addr = htonl(rt->addr);
	p.len = rt->plen;
	if (rt->discard) {
		struct in_addr	 any = { 0 };

		xrl_args_add_ipv4(&nh, NULL, &any);
		xrl_args_add_txt(&ifn, NULL, "blackhole");
	}
	for (i = 0; i < rt->nnh; i++) {
		struct in_addr	 g = { htonl(rt->gw[i]) };

		xrl_args_add_ipv4(&nh, NULL, &g);
		xrl_args_add_txt(&ifn, NULL, route_ifname(od, rt->ifindex[i]));
	}
	if (xrl_rib_v0p1_send_replace_multipath_route4(od->r, RIB_TARGET,
	    RIB_PROTO, &p, &nh, &ifn, rt->cost, rib_done, od) == 0)
		od->rib_adds++;
	xrl_args_clear(&nh);
	xrl_args_clear(&ifn);
}

static void
route_delete(struct ospfd *od, const struct ospf_rt *rt)
{
	struct prefix4	 p;

	if (!od->rib_ready)
		return;
	memset(&p, 0, sizeof(p));
	p.addr.s_addr = htonl(rt->addr);
	p.len = rt->plen;
	if (xrl_rib_v0p1_send_delete_route4(od->r, RIB_TARGET, RIB_PROTO,
	    true, false, &p, rib_done, od) == 0)
		od->rib_dels++;
}

static void
table_added(const struct xrl_error *err, void *arg)
{
	struct ospfd	*od = arg;
	size_t		 i;

	od->rib_table_pending = false;
	if (err->code != XRL_OKAY) {
		log_debug("ribd: add_igp_table4: %s", err->note);
		return;
	}
	od->rib_ready = true;
	log_info("ribd: sending %zu routes", od->nrt);
	for (i = 0; i < od->nrt; i++)
		route_send(od, &od->rt[i]);
	redist_rib_ready(od);
}

/* ribd is there (again): register our table and send every route. */
void
route_rib_ready(struct ospfd *od)
{
	if (od->rib_table_pending)
		return;
	od->rib_ready = false;
	if (xrl_rib_v0p1_send_add_igp_table4(od->r, RIB_TARGET, RIB_PROTO,
	    xrl_target_class(od->t), xrl_target_instance(od->t), true, false,
	    table_added, od) == 0)
		od->rib_table_pending = true;
}

void
route_fini(struct ospfd *od)
{
	if (od->spf_ev != NULL)
		event_free(od->spf_ev);
	od->spf_ev = NULL;
	if (od->ext_ev != NULL)
		event_free(od->ext_ev);
	od->ext_ev = NULL;
	spf_result_free(&od->spf);
	spf_ext_attrs_free(&od->spf_attrs);
	free(od->rt);
	od->rt = NULL;
	od->nrt = 0;
}

/*
 * DOC: the kernel FIB. The RIB reports each prefix whose selected route
 * changed; fib_change() turns that into one netlink request (install is a
 * replace, so a change of next hops never removes the route first) with
 * the owning protocol as rtm_protocol and FRR's metric 20, and hands the
 * change to redistribution. Connected and kernel routes are never
 * installed: the kernel has them already.
 *
 * Routes other programs put in the kernel (not ours, not proto kernel)
 * are learned as kernel routes, as zebra does. Our own routes seen by the
 * monitor are ignored.
 *
 * At start the routes a previous ribd left (our protocols) are flushed,
 * or with -K kept for a grace time so that restarting protocols take them
 * over without a flap, then the ones nobody re-added are removed. When the
 * monitor loses events (ENOBUFS) the kernel is re-read: every route we
 * want is installed again (a replace, harmless when present) and every
 * route of ours the RIB does not want is removed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ribd.h"

static void
route_from_prefix(struct nl_route *nr, const struct rib_prefix *p)
{
	memset(nr, 0, sizeof(*nr));
	nr->family = p->family;
	if (p->family == AF_INET) {
		nr->dst.v4.addr = p->addr.v4;
		nr->dst.v4.len = p->len;
	} else {
		nr->dst.v6.addr = p->addr.v6;
		nr->dst.v6.len = p->len;
	}
}

static void
prefix_from_nl(struct rib_prefix *p, uint8_t family, const union nl_prefix *dst)
{
	memset(p, 0, sizeof(*p));
	p->family = family;
	if (family == AF_INET) {
		p->addr.v4 = dst->v4.addr;
		p->len = dst->v4.len;
	} else {
		p->addr.v6 = dst->v6.addr;
		p->len = dst->v6.len;
	}
}

static void
prefix_from_route(struct rib_prefix *p, const struct nl_route *nr)
{
	prefix_from_nl(p, nr->family, &nr->dst);
}

/* d's selected route if it belongs in the kernel, else NULL. */
static const struct rib_route *
dest_wanted(const struct rib_dest *d)
{
	const struct rib_route	*sel = rib_dest_selected(d);

	if (sel == NULL || rib_route_fib(sel) == NULL ||
	    !rib_proto_installs(sel->proto))
		return NULL;
	return sel;
}

static const struct rib_route *
fib_wanted(const struct ribd *rd, const struct rib_prefix *p)
{
	const struct rib_dest	*d = rib_dest_lookup(rd->rib, p);

	return d != NULL ? dest_wanted(d) : NULL;
}

/* The kernel route the RIB wants for p. */
static void
route_build(struct ribd *rd, const struct rib_prefix *p, uint8_t proto,
    const struct rib_nhg *nhg, struct nl_route *nr)
{
	unsigned	 i;

	route_from_prefix(nr, p);
	nr->protocol = rib_proto_rtproto(rd->rib, proto);
	nr->table = rd->opts.table;
	nr->has_metric = true;
	nr->metric = RIBD_KERNEL_METRIC;
	if (rib_nhg_is_blackhole(nhg)) {
		nr->type = RTN_BLACKHOLE;
		return;
	}
	nr->type = RTN_UNICAST;
	for (i = 0; i < nhg->n && i < NL_NEXTHOP_MAX; i++) {
		const struct rib_nh *nh = &nhg->nh[i];

		nr->nh[nr->nnh].ifindex = nh->ifindex;
		if (p->family == AF_INET && nh->gw.v4.s_addr != 0) {
			nr->nh[nr->nnh].gw_family = AF_INET;
			nr->nh[nr->nnh].gw.v4 = nh->gw.v4;
		} else if (p->family == AF_INET6 &&
		    !IN6_IS_ADDR_UNSPECIFIED(&nh->gw.v6)) {
			nr->nh[nr->nnh].gw_family = AF_INET6;
			nr->nh[nr->nnh].gw.v6 = nh->gw.v6;
		}
		nr->nnh++;
	}
}

static void
fib_install(struct ribd *rd, const struct rib_prefix *p, uint8_t proto,
    const struct rib_nhg *nhg)
{
	struct nl_route	 nr;

	route_build(rd, p, proto, nhg, &nr);
	if (nl_fib_install(rd->fib, &nr) == -1)
		log_warn("fib: cannot queue an install");
	else
		rd->fib_installs++;
}

static void
fib_remove(struct ribd *rd, const struct rib_prefix *p, uint8_t proto)
{
	struct nl_route	 nr;

	route_from_prefix(&nr, p);
	nr.protocol = rib_proto_rtproto(rd->rib, proto);
	nr.table = rd->opts.table;
	nr.has_metric = true;
	nr.metric = RIBD_KERNEL_METRIC;
	if (nl_fib_remove(rd->fib, &nr) == -1)
		log_warn("fib: cannot queue a removal");
	else
		rd->fib_removes++;
}

void
fib_change(const struct rib_fib_change *c, void *arg)
{
	struct ribd	*rd = arg;
	bool		 old_in, new_in;

	old_in = c->old_nhg != NULL && rib_proto_installs(c->old_proto);
	new_in = c->new_nhg != NULL && rib_proto_installs(c->new_proto);
	if (new_in)
		fib_install(rd, c->prefix, c->new_proto, c->new_nhg);
	else if (old_in)
		fib_remove(rd, c->prefix, c->old_proto);
	redist_change(rd, c);
}

/* Each route request's outcome; failures are logged, lost acks retried. */
static void
fib_result(void *arg, const struct nl_fib_result *res)
{
	struct ribd		*rd = arg;
	struct rib_prefix	 p;
	const struct rib_route	*sel;
	char			 s[NL_ROUTE_STRLEN];

	if (res->error == 0)
		return;
	nl_prefix_print(res->family, &res->dst, s, sizeof(s));
	if (res->op == NL_FIB_REMOVE && res->error == ESRCH)
		return;		/* already gone */
	rd->fib_errors++;
	prefix_from_nl(&p, res->family, &res->dst);
	if (res->error == ENOBUFS) {
		/* The outcome is unknown: do what the RIB wants again. */
		if ((sel = fib_wanted(rd, &p)) != NULL)
			fib_install(rd, &p, sel->proto, rib_route_fib(sel));
		else if (res->op == NL_FIB_REMOVE)
			fib_remove(rd, &p, (uint8_t)rib_proto_from_rtproto(
			    rd->rib, res->protocol));
		return;
	}
	log_warnx("fib: failed to %s %s: %s%s%s",
	    res->op == NL_FIB_INSTALL ? "install" : "remove", s,
	    strerror(res->error), res->msg ? ": " : "", res->msg ? res->msg : "");
}

/* A route some other program put in the kernel: a "kernel" route. */
static void
fib_kernel_route(void *arg, enum nl_event ev, const struct nl_route *nr)
{
	struct ribd		*rd = arg;
	struct rib_prefix	 p;
	struct rib_nh		 nh[RIB_NH_MAX];
	struct rib_attr		 attr;
	unsigned		 i, n = 0;

	if (nr->protocol == RTPROT_KERNEL || nr->protocol == RTPROT_REDIRECT ||
	    nl_protoset_has(&rd->ours, nr->protocol))
		return;
	if (nr->table != rd->opts.table || (nr->type != RTN_UNICAST &&
	    nr->type != RTN_BLACKHOLE))
		return;
	prefix_from_route(&p, nr);
	if (ev == NL_EV_DEL) {
		if (rib_route_lookup(rd->rib, &p, RIB_PROTO_KERNEL) != NULL)
			(void)rib_route_del(rd->rib, &p, RIB_PROTO_KERNEL);
		return;
	}
	if (nr->type == RTN_BLACKHOLE)
		rib_nh_blackhole(&nh[n++]);
	else
		for (i = 0; i < nr->nnh && n < RIB_NH_MAX; i++)
			rib_nh_set(&nh[n++], nr->family,
			    nr->nh[i].gw_family ? (const void *)&nr->nh[i].gw :
			    NULL, nr->nh[i].ifindex);
	if (n == 0)
		return;
	memset(&attr, 0, sizeof(attr));
	attr.proto = RIB_PROTO_KERNEL;
	attr.distance = RIB_DISTANCE_PROTO;
	attr.stamp = ribd_now();
	attr.metric = nr->has_metric ? nr->metric : 0;
	(void)rib_route_add(rd->rib, &p, &attr, nh, n);
}

/*
 * Resync after lost events: read our routes back from the kernel and put
 * right only what differs from what the RIB wants. Reinstalling everything
 * would echo every route through the monitor again and, with a small
 * buffer, overflow it again.
 */
struct kroutes {
	struct ribd	*rd;
	struct nl_route	*v;
	size_t		 n, cap;
	size_t		 fixed;
	bool		 failed;	/* out of memory: keep what we have */
};

static int
kroute_cmp(const void *a, const void *b)
{
	const struct nl_route	*x = a, *y = b;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->family == AF_INET) {
		uint32_t u = ntohl(x->dst.v4.addr.s_addr);
		uint32_t v = ntohl(y->dst.v4.addr.s_addr);

		if (u != v)
			return u < v ? -1 : 1;
		return (int)x->dst.v4.len - (int)y->dst.v4.len;
	}
	int d = memcmp(&x->dst.v6.addr, &y->dst.v6.addr, 16);

	return d != 0 ? d : (int)x->dst.v6.len - (int)y->dst.v6.len;
}

static void
kroute_add(void *arg, const struct nl_route *nr)
{
	struct kroutes	*k = arg;
	struct nl_route	*v;

	if (k->n == k->cap) {
		if ((v = reallocarray(k->v, k->cap ? k->cap * 2 : 64,
		    sizeof(*v))) == NULL) {
			k->failed = true;
			return;
		}
		k->v = v;
		k->cap = k->cap ? k->cap * 2 : 64;
	}
	k->v[k->n++] = *nr;
}

/* A wanted route absent from the kernel's: install it. */
static int
want_route(const struct rib_dest *d, void *arg)
{
	struct kroutes		*k = arg;
	const struct rib_route	*sel;
	struct rib_prefix	 p;
	struct nl_route		 key;

	if ((sel = dest_wanted(d)) == NULL)
		return 0;
	rib_dest_prefix(d, &p);
	route_from_prefix(&key, &p);
	if (k->n > 0 && bsearch(&key, k->v, k->n, sizeof(key),
	    kroute_cmp) != NULL)
		return 0;
	fib_install(k->rd, &p, sel->proto, rib_route_fib(sel));
	k->fixed++;
	return 0;
}

static void
fib_resync(void *arg)
{
	struct ribd		*rd = arg;
	struct kroutes		 k = { rd, NULL, 0, 0, 0, false };
	struct rib_prefix	 p;
	struct nl_route		 want;
	const struct rib_route	*sel;
	size_t			 i;

	rd->resyncs++;
	log_warnx("fib: netlink events were lost; re-reading the kernel");
	/*
	 * The monitor's full dump follows: kernel routes and links it does
	 * not show are gone (swept at dump_done); ours are put right now.
	 */
	rd->resyncing = true;
	free(rd->seen_links);
	rd->seen_links = NULL;
	rd->nseen_links = 0;
	(void)rib_proto_mark_stale(rd->rib, RIB_PROTO_KERNEL);

	/* Requests still queued would read as differences: send them first. */
	(void)nl_fib_flush_sync(rd->fib);
	if (nl_dump_routes(rd->dump, &rd->ours, rd->opts.table, kroute_add,
	    &k) < 0 || k.failed) {
		log_warnx("fib: cannot read the kernel's routes back");
		free(k.v);
		return;
	}
	for (i = 0; i < k.n; i++) {
		prefix_from_route(&p, &k.v[i]);
		if ((sel = fib_wanted(rd, &p)) == NULL) {
			if (nl_fib_remove(rd->fib, &k.v[i]) == 0)
				rd->fib_removes++;
			k.fixed++;
			continue;
		}
		route_build(rd, &p, sel->proto, rib_route_fib(sel), &want);
		if (!nl_route_same_content(&want, &k.v[i])) {
			fib_install(rd, &p, sel->proto, rib_route_fib(sel));
			k.fixed++;
		}
	}
	if (k.n > 0)
		qsort(k.v, k.n, sizeof(*k.v), kroute_cmp);
	(void)rib_walk(rd->rib, AF_INET, NULL, want_route, &k);
	(void)rib_walk(rd->rib, AF_INET6, NULL, want_route, &k);
	log_info("fib: %zu of our routes in the kernel, %zu put right",
	    k.n, k.fixed);
	free(k.v);
}

static void
fib_dump_done(void *arg, unsigned int kind, int error)
{
	struct ribd	*rd = arg;

	if (!rd->resyncing)
		return;
	if (error != 0)
		log_warnx("fib: resync dump: %s", strerror(error));
	if (kind & NL_DUMP_LINKS)
		iface_sweep(rd);
	if (kind & NL_DUMP_ROUTES) {
		(void)rib_proto_sweep(rd->rib, RIB_PROTO_KERNEL);
		rd->resyncing = false;
		log_info("fib: resync done");
	}
}

/* Start-up: remember or flush what a previous ribd left. */
static void
leftover_add(void *arg, const struct nl_route *nr)
{
	struct ribd	*rd = arg;
	struct nl_route	*v;

	if ((v = reallocarray(rd->leftover, rd->nleftover + 1,
	    sizeof(*v))) == NULL)
		return;
	rd->leftover = v;
	v[rd->nleftover++] = *nr;
}

static void
grace_end(evutil_socket_t fd, short ev, void *arg)
{
	struct ribd	*rd = arg;
	size_t		 i, gone = 0;

	for (i = 0; i < rd->nleftover; i++) {
		struct rib_prefix	 p;
		const struct rib_route	*sel;

		prefix_from_route(&p, &rd->leftover[i]);
		if ((sel = fib_wanted(rd, &p)) != NULL &&
		    rib_proto_rtproto(rd->rib, sel->proto) ==
		    rd->leftover[i].protocol)
			continue;	/* taken over */
		if (nl_fib_remove(rd->fib, &rd->leftover[i]) == 0)
			gone++;
	}
	log_info("fib: grace time over: %zu of %zu routes left by a previous "
	    "ribd removed", gone, rd->nleftover);
	free(rd->leftover);
	rd->leftover = NULL;
	rd->nleftover = 0;
}

int
fib_init(struct ribd *rd)
{
	struct nl_events	 ev;
	struct timeval		 tv;
	long			 n;
	static const uint8_t	 ours[] = { RIB_RTPROT_STATIC, RIB_RTPROT_ZEBRA,
	    RIB_RTPROT_BGP, RIB_RTPROT_OSPF, RIB_RTPROT_RIP };
	unsigned		 i;

	memset(&rd->ours, 0, sizeof(rd->ours));
	for (i = 0; i < sizeof(ours); i++)
		nl_protoset_add(&rd->ours, ours[i]);
	memset(&ev, 0, sizeof(ev));
	ev.link = iface_link;
	ev.ifaddr = iface_addr;
	ev.route = fib_kernel_route;
	ev.resync = fib_resync;
	ev.dump_done = fib_dump_done;
	ev.arg = rd;
	ev.table = rd->opts.table;
	if ((rd->fib = nl_fib_new(rd->loop->base, fib_result, rd)) == NULL ||
	    (rd->dump = nl_dump_new(rd->loop->base, &ev)) == NULL)
		return -1;
	/* Monitor first, so nothing between the dump and it is missed. */
	if ((rd->mon = nl_monitor_new(rd->loop->base, rd->dump, &ev)) == NULL)
		return -1;
	if (rd->opts.grace_s > 0) {
		n = nl_dump_routes(rd->dump, &rd->ours, rd->opts.table,
		    leftover_add, rd);
		if (n > 0) {
			log_info("fib: keeping %ld routes of a previous ribd "
			    "for %us", n, rd->opts.grace_s);
			rd->grace_ev = evtimer_new(rd->loop->base, grace_end,
			    rd);
			tv.tv_sec = rd->opts.grace_s;
			tv.tv_usec = 0;
			if (rd->grace_ev != NULL)
				evtimer_add(rd->grace_ev, &tv);
		}
	} else {
		n = nl_fib_flush_protocols(rd->fib, rd->dump, &rd->ours,
		    rd->opts.table);
		if (n > 0)
			log_info("fib: removed %ld routes a previous ribd left",
			    n);
	}
	/* Links before addresses before routes: each needs the one before. */
	if (nl_dump_sync(rd->dump, NL_DUMP_ALL) == -1)
		return -1;
	rd->started = true;
	return 0;
}

/* Clean exit: our routes leave the kernel unless -k. */
void
fib_fini(struct ribd *rd)
{
	long	 n;

	if (rd->grace_ev != NULL) {
		event_free(rd->grace_ev);
		rd->grace_ev = NULL;
	}
	free(rd->leftover);
	rd->leftover = NULL;
	free(rd->seen_links);
	rd->seen_links = NULL;
	if (rd->fib != NULL && !rd->opts.keep) {
		n = nl_fib_flush_protocols(rd->fib, rd->dump, &rd->ours,
		    rd->opts.table);
		log_info("fib: removed our %ld routes from the kernel", n);
	} else if (rd->fib != NULL)
		(void)nl_fib_flush_sync(rd->fib);
	nl_monitor_del(rd->mon);
	nl_dump_del(rd->dump);
	nl_fib_del(rd->fib);
	rd->mon = NULL;
	rd->dump = NULL;
	rd->fib = NULL;
}

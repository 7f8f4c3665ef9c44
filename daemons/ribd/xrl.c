/*
 * DOC: ribd's XRL target (class "rib"): rib/0.1 for protocols,
 * ifmgr_replicator/0.1 (replicator.c), cli/0.1 (lib/vty), common/0.1, and
 * finder_event_observer/0.1 for the deaths it watches: a protocol's
 * target class (announced with add_igp_table4 and friends), a mirror or a
 * redistribution subscriber.
 *
 * When the last watched instance of a protocol's class dies, its routes are
 * withdrawn after the hold time (0 by default: at once). With a hold time
 * they are marked stale and only those the protocol has not re-added when
 * the time ends are removed, so a protocol that restarts quickly causes no
 * flap in the kernel.
 *
 * Every argument is checked; a bad one is BAD_ARGS with a note naming it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common_xif.h"
#include "finder_event_observer_xif.h"
#include "log.h"
#include "rib_xif.h"
#include "ribd.h"

struct proto_table {
	TAILQ_ENTRY(proto_table) entry;
	struct ribd		*rd;
	uint8_t			 proto;
	char			 cls[64];
	unsigned		 families;	/* bit 0 v4, bit 1 v6 */
	bool			 dead;
	struct event		*hold;
};

static struct proto_table *
table_find(struct ribd *rd, uint8_t proto, const char *cls)
{
	struct proto_table	*pt;

	TAILQ_FOREACH(pt, &rd->tables, entry)
		if (pt->proto == proto && (cls == NULL ||
		    strcmp(pt->cls, cls) == 0))
			return pt;
	return NULL;
}

/* The protocol a call names: a known one, or BAD_ARGS. */
static int
proto_arg(struct ribd *rd, struct xrl_error *err, const char *name,
    bool routes)
{
	int	 p = rib_proto_parse(rd->rib, name);

	if (p < 0) {
		xrl_error_set(err, XRL_BAD_ARGS, "protocol: unknown \"%s\"%s",
		    name, routes ? " (announce it with add_igp_table4)" : "");
		return -1;
	}
	if (routes && (p == RIB_PROTO_CONNECTED || p == RIB_PROTO_KERNEL)) {
		xrl_error_set(err, XRL_BAD_ARGS, "protocol: %s routes come "
		    "from the kernel", name);
		return -1;
	}
	return p;
}

static bool
cast_arg(struct xrl_error *err, bool unicast, bool multicast)
{
	if (!unicast || multicast) {
		xrl_error_set(err, XRL_BAD_ARGS, "%s: ribd keeps only the "
		    "unicast RIB", multicast ? "multicast" : "unicast");
		return false;
	}
	return true;
}

static void
hold_end(evutil_socket_t fd, short ev, void *arg)
{
	struct proto_table	*pt = arg;

	/* Back or not, what it has not re-added by now goes. */
	log_info("rib: hold time over: removing %s routes not re-added",
	    rib_proto_name(pt->rd->rib, pt->proto));
	(void)rib_proto_sweep(pt->rd->rib, pt->proto);
}

/* A protocol's target died: withdraw its routes, now or after the hold. */
static void
table_death(struct ribd *rd, struct proto_table *pt)
{
	const char	*name = rib_proto_name(rd->rib, pt->proto);

	pt->dead = true;
	if (rd->opts.hold_ms == 0) {
		log_info("rib: %s died: withdrawing its %s routes", pt->cls,
		    name);
		(void)rib_proto_flush(rd->rib, pt->proto);
		return;
	}
	log_info("rib: %s died: its %s routes go in %u ms unless re-added",
	    pt->cls, name, rd->opts.hold_ms);
	(void)rib_proto_mark_stale(rd->rib, pt->proto);
	if (pt->hold == NULL)
		pt->hold = evtimer_new(rd->loop->base, hold_end, pt);
	if (pt->hold != NULL)
		evtimer_add_ms(pt->hold, rd->opts.hold_ms);
}

static void
add_table(void *ctx, struct xrl_error *err, const char *protocol,
    const char *cls, const char *instance, bool unicast, bool multicast,
    unsigned family, bool egp)
{
	struct ribd		*rd = ctx;
	struct proto_table	*pt;
	int			 p;

	if (!cast_arg(err, unicast, multicast))
		return;
	if (*cls == '\0' || strlen(cls) >= sizeof(pt->cls)) {
		xrl_error_set(err, XRL_BAD_ARGS, "target_class: bad name");
		return;
	}
	if ((p = rib_proto_parse(rd->rib, protocol)) < 0) {
		/* A protocol okapi does not know: as XORP, it may join. */
		if (strlen(protocol) >= RIB_PROTO_NAMELEN || *protocol == '\0' ||
		    (p = rib_proto_register(rd->rib, protocol, '?',
		    egp ? 170 : 150, RIB_RTPROT_ZEBRA)) < 0) {
			xrl_error_set(err, XRL_BAD_ARGS, "protocol: cannot add "
			    "\"%s\"", protocol);
			return;
		}
	}
	if (p == RIB_PROTO_CONNECTED || p == RIB_PROTO_KERNEL) {
		xrl_error_set(err, XRL_BAD_ARGS, "protocol: %s is ribd's own",
		    protocol);
		return;
	}
	if ((pt = table_find(rd, (uint8_t)p, cls)) == NULL) {
		if ((pt = calloc(1, sizeof(*pt))) == NULL) {
			xrl_error_set(err, XRL_COMMAND_FAILED, "out of memory");
			return;
		}
		pt->rd = rd;
		pt->proto = (uint8_t)p;
		strcpy(pt->cls, cls);
		TAILQ_INSERT_TAIL(&rd->tables, pt, entry);
		(void)xrl_target_watch_class(rd->t, cls);
	}
	pt->families |= family;
	if (pt->dead) {
		/* Back: routes it re-adds are no longer stale. */
		pt->dead = false;
		log_info("rib: %s is back for %s", cls, protocol);
	}
}

static void
del_table(void *ctx, struct xrl_error *err, const char *protocol,
    const char *cls, bool unicast, bool multicast, unsigned family)
{
	struct ribd		*rd = ctx;
	struct proto_table	*pt;
	int			 p;

	if (!cast_arg(err, unicast, multicast) ||
	    (p = proto_arg(rd, err, protocol, false)) < 0)
		return;
	if ((pt = table_find(rd, (uint8_t)p, cls)) == NULL ||
	    !(pt->families & family)) {
		xrl_error_set(err, XRL_COMMAND_FAILED, "no %s table of %s",
		    protocol, cls);
		return;
	}
	pt->families &= ~family;
	if (pt->families == 0) {
		TAILQ_REMOVE(&rd->tables, pt, entry);
		if (pt->hold != NULL)
			event_free(pt->hold);
		free(pt);
		(void)rib_proto_flush(rd->rib, (uint8_t)p);
	}
}

#define TABLE_FNS(name, fam, egp)					\
static void								\
name##_add(void *ctx, struct xrl_error *err, const char *protocol,	\
    const char *cls, const char *instance, bool unicast, bool multicast) \
{									\
	add_table(ctx, err, protocol, cls, instance, unicast, multicast, \
	    fam, egp);							\
}									\
static void								\
name##_del(void *ctx, struct xrl_error *err, const char *protocol,	\
    const char *cls, const char *instance, bool unicast, bool multicast) \
{									\
	del_table(ctx, err, protocol, cls, unicast, multicast, fam);	\
}
TABLE_FNS(igp4, 1, false)
TABLE_FNS(egp4, 1, true)
TABLE_FNS(igp6, 2, false)
TABLE_FNS(egp6, 2, true)

/* Add or replace a protocol's route; nexthops already checked. */
static void
route_set(struct ribd *rd, struct xrl_error *err, int proto,
    const struct rib_prefix *p, const struct rib_nh *nh, unsigned n,
    uint32_t metric)
{
	struct rib_attr	 attr;
	char		 s[RIB_PREFIX_STRLEN];

	memset(&attr, 0, sizeof(attr));
	attr.proto = (uint8_t)proto;
	attr.distance = RIB_DISTANCE_PROTO;
	attr.stamp = ribd_now();
	attr.metric = metric;
	if (rib_route_add(rd->rib, p, &attr, nh, n) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "%s: %s",
		    rib_prefix_print(p, s, sizeof(s)), strerror(errno));
}

static uint32_t
ifindex_arg(struct ribd *rd, struct xrl_error *err, const char *ifname)
{
	const struct ift_if	*ifp;

	if (*ifname == '\0')
		return 0;
	if ((ifp = iftree_find(&rd->ifs, ifname)) == NULL) {
		xrl_error_set(err, XRL_BAD_ARGS, "ifname: no interface %s",
		    ifname);
		return UINT32_MAX;
	}
	return ifp->ifindex;
}

static void
route4(struct ribd *rd, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct prefix4 *net,
    const struct in_addr *gw, const char *ifname, uint32_t metric)
{
	struct rib_prefix	 p;
	struct rib_nh		 nh;
	uint32_t		 ifindex = 0;
	int			 proto;

	if (!cast_arg(err, unicast, multicast) ||
	    (proto = proto_arg(rd, err, protocol, true)) < 0)
		return;
	rib_prefix_from4(&p, net);
	if (ifname != NULL &&
	    (ifindex = ifindex_arg(rd, err, ifname)) == UINT32_MAX)
		return;
	if (gw->s_addr == 0 && ifindex == 0) {
		xrl_error_set(err, XRL_BAD_ARGS, "nexthop: 0.0.0.0 without an "
		    "interface");
		return;
	}
	rib_nh_set(&nh, AF_INET, gw->s_addr ? gw : NULL, ifindex);
	route_set(rd, err, proto, &p, &nh, 1, metric);
}

static void
route6(struct ribd *rd, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct prefix6 *net,
    const struct in6_addr *gw, const char *ifname, uint32_t metric)
{
	struct rib_prefix	 p;
	struct rib_nh		 nh;
	uint32_t		 ifindex = 0;
	int			 proto;
	bool			 any = IN6_IS_ADDR_UNSPECIFIED(gw);

	if (!cast_arg(err, unicast, multicast) ||
	    (proto = proto_arg(rd, err, protocol, true)) < 0)
		return;
	rib_prefix_from6(&p, net);
	if (ifname != NULL &&
	    (ifindex = ifindex_arg(rd, err, ifname)) == UINT32_MAX)
		return;
	if (any && ifindex == 0) {
		xrl_error_set(err, XRL_BAD_ARGS, "nexthop: :: without an "
		    "interface");
		return;
	}
	if (IN6_IS_ADDR_LINKLOCAL(gw) && ifindex == 0) {
		xrl_error_set(err, XRL_BAD_ARGS, "nexthop: a link-local "
		    "next hop needs an interface");
		return;
	}
	rib_nh_set(&nh, AF_INET6, any ? NULL : gw, ifindex);
	route_set(rd, err, proto, &p, &nh, 1, metric);
}

static void
add_route4(void *ctx, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct prefix4 *net,
    const struct in_addr *gw, uint32_t metric, const struct xrl_args *tags)
{
	route4(ctx, err, protocol, unicast, multicast, net, gw, NULL, metric);
}

static void
add_if_route4(void *ctx, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct prefix4 *net,
    const struct in_addr *gw, const char *ifname, const char *vifname,
    uint32_t metric, const struct xrl_args *tags)
{
	if (strcmp(ifname, vifname) != 0 && *vifname != '\0') {
		xrl_error_set(err, XRL_BAD_ARGS, "vifname: must be ifname");
		return;
	}
	route4(ctx, err, protocol, unicast, multicast, net, gw, ifname,
	    metric);
}

static void
add_route6(void *ctx, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct prefix6 *net,
    const struct in6_addr *gw, uint32_t metric, const struct xrl_args *tags)
{
	route6(ctx, err, protocol, unicast, multicast, net, gw, NULL, metric);
}

static void
add_if_route6(void *ctx, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct prefix6 *net,
    const struct in6_addr *gw, const char *ifname, const char *vifname,
    uint32_t metric, const struct xrl_args *tags)
{
	if (strcmp(ifname, vifname) != 0 && *vifname != '\0') {
		xrl_error_set(err, XRL_BAD_ARGS, "vifname: must be ifname");
		return;
	}
	route6(ctx, err, protocol, unicast, multicast, net, gw, ifname,
	    metric);
}

static void
del_route(struct ribd *rd, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct rib_prefix *p)
{
	int	 proto;
	char	 s[RIB_PREFIX_STRLEN];

	if (!cast_arg(err, unicast, multicast) ||
	    (proto = proto_arg(rd, err, protocol, true)) < 0)
		return;
	if (rib_route_lookup(rd->rib, p, (uint8_t)proto) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED, "no %s route for %s",
		    protocol, rib_prefix_print(p, s, sizeof(s)));
		return;
	}
	if (rib_route_del(rd->rib, p, (uint8_t)proto) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "%s",
		    strerror(errno));
}

static void
delete_route4(void *ctx, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct prefix4 *net)
{
	struct rib_prefix	 p;

	rib_prefix_from4(&p, net);
	del_route(ctx, err, protocol, unicast, multicast, &p);
}

static void
delete_route6(void *ctx, struct xrl_error *err, const char *protocol,
    bool unicast, bool multicast, const struct prefix6 *net)
{
	struct rib_prefix	 p;

	rib_prefix_from6(&p, net);
	del_route(ctx, err, protocol, unicast, multicast, &p);
}

static void
multipath(struct ribd *rd, struct xrl_error *err, const char *protocol,
    int family, const struct rib_prefix *p, const struct xrl_args *gws,
    const struct xrl_args *ifnames, uint32_t metric)
{
	struct rib_nh	 nh[RIB_NH_MAX];
	uint32_t	 i, ifindex;
	int		 proto;

	if ((proto = proto_arg(rd, err, protocol, true)) < 0)
		return;
	if (gws->count == 0 || gws->count > RIB_NH_MAX) {
		xrl_error_set(err, XRL_BAD_ARGS, "nexthops: 1 to %d next hops",
		    RIB_NH_MAX);
		return;
	}
	if (ifnames->count != 0 && ifnames->count != gws->count) {
		xrl_error_set(err, XRL_BAD_ARGS, "ifnames: empty or one per "
		    "next hop");
		return;
	}
	for (i = 0; i < gws->count; i++) {
		ifindex = 0;
		/* A discard route: the one next hop 0.0.0.0 on "blackhole"
		 * (an OSPF area range, a BGP aggregate). */
		if (gws->count == 1 && ifnames->count == 1 &&
		    strcmp((const char *)ifnames->atoms[0].v.bytes.p,
		    "blackhole") == 0) {
			rib_nh_blackhole(&nh[0]);
			break;
		}
		if (ifnames->count != 0 && (ifindex = ifindex_arg(rd, err,
		    (const char *)ifnames->atoms[i].v.bytes.p)) == UINT32_MAX)
			return;
		if (family == AF_INET) {
			const struct in_addr *g = &gws->atoms[i].v.ipv4;

			if (g->s_addr == 0 && ifindex == 0) {
				xrl_error_set(err, XRL_BAD_ARGS, "nexthops: "
				    "0.0.0.0 without an interface");
				return;
			}
			rib_nh_set(&nh[i], AF_INET, g->s_addr ? g : NULL,
			    ifindex);
		} else {
			const struct in6_addr *g = &gws->atoms[i].v.ipv6;
			bool any = IN6_IS_ADDR_UNSPECIFIED(g);

			if (any && ifindex == 0) {
				xrl_error_set(err, XRL_BAD_ARGS, "nexthops: :: "
				    "without an interface");
				return;
			}
			rib_nh_set(&nh[i], AF_INET6, any ? NULL : g, ifindex);
		}
	}
	route_set(rd, err, proto, p, nh, gws->count, metric);
}

static void
multipath4(void *ctx, struct xrl_error *err, const char *protocol,
    const struct prefix4 *net, const struct xrl_args *gws,
    const struct xrl_args *ifnames, uint32_t metric)
{
	struct rib_prefix	 p;

	rib_prefix_from4(&p, net);
	multipath(ctx, err, protocol, AF_INET, &p, gws, ifnames, metric);
}

static void
multipath6(void *ctx, struct xrl_error *err, const char *protocol,
    const struct prefix6 *net, const struct xrl_args *gws,
    const struct xrl_args *ifnames, uint32_t metric)
{
	struct rib_prefix	 p;

	rib_prefix_from6(&p, net);
	multipath(ctx, err, protocol, AF_INET6, &p, gws, ifnames, metric);
}

static const struct rib_nh *
lookup(struct ribd *rd, struct xrl_error *err, int family, const void *a,
    bool unicast, bool multicast)
{
	const struct rib_dest	*d;
	const struct rib_route	*sel;
	const struct rib_nhg	*fib;

	if (!cast_arg(err, unicast, multicast))
		return NULL;
	if ((d = rib_match(rd->rib, family, a)) == NULL ||
	    (sel = rib_dest_selected(d)) == NULL ||
	    (fib = rib_route_fib(sel)) == NULL || rib_nhg_is_blackhole(fib))
		return NULL;
	return &fib->nh[0];
}

static void
lookup4(void *ctx, struct xrl_error *err, const struct in_addr *a,
    bool unicast, bool multicast,
    struct xrl_rib_v0p1_lookup_route_by_dest4_out *out)
{
	const struct rib_nh	*nh = lookup(ctx, err, AF_INET, a, unicast,
				    multicast);

	out->nexthop.s_addr = nh ? nh->gw.v4.s_addr : 0;
}

static void
lookup6(void *ctx, struct xrl_error *err, const struct in6_addr *a,
    bool unicast, bool multicast,
    struct xrl_rib_v0p1_lookup_route_by_dest6_out *out)
{
	const struct rib_nh	*nh = lookup(ctx, err, AF_INET6, a, unicast,
				    multicast);

	out->nexthop = nh ? nh->gw.v6 : in6addr_any;
}

static void
redist_on(struct ribd *rd, struct xrl_error *err, int family,
    const char *to, const char *from, bool unicast, bool multicast,
    const struct rib_prefix *filter, const char *cookie)
{
	char	 msg[256];

	if (!cast_arg(err, unicast, multicast))
		return;
	if (redist_enable(rd, family, to, from, filter, cookie, msg,
	    sizeof(msg)) == -1)
		xrl_error_set(err, XRL_BAD_ARGS, "%s", msg);
}

static void
redist_en4(void *ctx, struct xrl_error *err, const char *to, const char *from,
    bool unicast, bool multicast, const struct prefix4 *net,
    const char *cookie)
{
	struct rib_prefix	 p;

	rib_prefix_from4(&p, net);
	redist_on(ctx, err, AF_INET, to, from, unicast, multicast, &p, cookie);
}

static void
redist_en6(void *ctx, struct xrl_error *err, const char *to, const char *from,
    bool unicast, bool multicast, const struct prefix6 *net,
    const char *cookie)
{
	struct rib_prefix	 p;

	rib_prefix_from6(&p, net);
	redist_on(ctx, err, AF_INET6, to, from, unicast, multicast, &p,
	    cookie);
}

static void
redist_off(struct ribd *rd, struct xrl_error *err, int family,
    const char *to, const char *from, bool unicast, bool multicast,
    const char *cookie)
{
	if (!cast_arg(err, unicast, multicast))
		return;
	if (redist_disable(rd, family, to, from, cookie) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "%s is not getting %s "
		    "routes (cookie \"%s\")", to, from, cookie);
}

static void
redist_dis4(void *ctx, struct xrl_error *err, const char *to,
    const char *from, bool unicast, bool multicast, const char *cookie)
{
	redist_off(ctx, err, AF_INET, to, from, unicast, multicast, cookie);
}

static void
redist_dis6(void *ctx, struct xrl_error *err, const char *to,
    const char *from, bool unicast, bool multicast, const char *cookie)
{
	redist_off(ctx, err, AF_INET6, to, from, unicast, multicast, cookie);
}

static void
registered(void *ctx, struct xrl_error *err, bool ipv4, bool ipv6,
    bool unicast, bool multicast,
    struct xrl_rib_v0p1_get_registered_protocols_out *out)
{
	struct ribd	*rd = ctx;
	int		 p;
	const char	*name;

	if (!unicast)
		return;
	for (p = 0; p < RIB_PROTO_MAX; p++) {
		if ((name = rib_proto_name(rd->rib, (uint8_t)p)) == NULL)
			continue;
		if (ipv4 && (rib_count(rd->rib, AF_INET, p) > 0 ||
		    table_find(rd, (uint8_t)p, NULL) != NULL))
			(void)xrl_args_add_txt(out->ipv4_unicast_protocols,
			    NULL, name);
		if (ipv6 && rib_count(rd->rib, AF_INET6, p) > 0)
			(void)xrl_args_add_txt(out->ipv6_unicast_protocols,
			    NULL, name);
	}
}

static void
distances(void *ctx, struct xrl_error *err, bool ipv4, bool unicast,
    struct xrl_rib_v0p1_get_protocol_admin_distances_out *out)
{
	struct ribd	*rd = ctx;
	int		 p;
	const char	*name;

	if (!unicast) {
		xrl_error_set(err, XRL_BAD_ARGS, "unicast: ribd keeps only the "
		    "unicast RIB");
		return;
	}
	for (p = 0; p < RIB_PROTO_MAX; p++) {
		if ((name = rib_proto_name(rd->rib, (uint8_t)p)) == NULL)
			continue;
		(void)xrl_args_add_txt(out->protocols, NULL, name);
		(void)xrl_args_add_u32(out->admin_distances, NULL,
		    (uint32_t)rib_distance(rd->rib, (uint8_t)p));
	}
}

static void
distance(void *ctx, struct xrl_error *err, const char *protocol, bool ipv4,
    bool unicast, struct xrl_rib_v0p1_get_protocol_admin_distance_out *out)
{
	struct ribd	*rd = ctx;
	int		 p;

	if (!cast_arg(err, unicast, false) ||
	    (p = proto_arg(rd, err, protocol, false)) < 0)
		return;
	out->admin_distance = (uint32_t)rib_distance(rd->rib, (uint8_t)p);
}

static void
set_distance(void *ctx, struct xrl_error *err, const char *protocol,
    bool ipv4, bool ipv6, bool unicast, bool multicast, uint32_t d)
{
	struct ribd	*rd = ctx;
	int		 p;

	if (!cast_arg(err, unicast, multicast) ||
	    (p = proto_arg(rd, err, protocol, false)) < 0)
		return;
	if (p == RIB_PROTO_CONNECTED) {
		xrl_error_set(err, XRL_BAD_ARGS, "protocol: connected routes "
		    "always have distance 0");
		return;
	}
	if (d < 1 || d > RIB_DISTANCE_MAX) {
		xrl_error_set(err, XRL_BAD_ARGS, "admin_distance: 1 to 255");
		return;
	}
	if (rib_set_distance(rd->rib, (uint8_t)p, d) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "%s", strerror(errno));
}

static const struct xrl_rib_v0p1 rib_impl = {
	.get_registered_protocols = registered,
	.add_igp_table4 = igp4_add,
	.delete_igp_table4 = igp4_del,
	.add_egp_table4 = egp4_add,
	.delete_egp_table4 = egp4_del,
	.add_route4 = add_route4,
	.replace_route4 = add_route4,
	.delete_route4 = delete_route4,
	.add_interface_route4 = add_if_route4,
	.replace_interface_route4 = add_if_route4,
	.replace_multipath_route4 = multipath4,
	.lookup_route_by_dest4 = lookup4,
	.redist_enable4 = redist_en4,
	.redist_disable4 = redist_dis4,
	.get_protocol_admin_distances = distances,
	.get_protocol_admin_distance = distance,
	.set_protocol_admin_distance = set_distance,
	.add_igp_table6 = igp6_add,
	.delete_igp_table6 = igp6_del,
	.add_egp_table6 = egp6_add,
	.delete_egp_table6 = egp6_del,
	.add_route6 = add_route6,
	.replace_route6 = add_route6,
	.delete_route6 = delete_route6,
	.add_interface_route6 = add_if_route6,
	.replace_interface_route6 = add_if_route6,
	.replace_multipath_route6 = multipath6,
	.lookup_route_by_dest6 = lookup6,
	.redist_enable6 = redist_en6,
	.redist_disable6 = redist_dis6,
};

static void
common_name(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_target_name_out *out)
{
	out->name = xrl_target_instance(((struct ribd *)ctx)->t);
}

static void
common_version(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_version_out *out)
{
	out->version = "ribd/0.1";
}

static void
common_status(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_status_out *out)
{
	out->status = 3;	/* PROC_READY */
	out->reason = "Ready";
}

static void
common_shutdown(void *ctx, struct xrl_error *err)
{
	event_base_loopexit(((struct ribd *)ctx)->loop->base, NULL);
}

static void
common_startup(void *ctx, struct xrl_error *err)
{
}

static const struct xrl_common_v0p1 common_impl = {
	.get_target_name = common_name,
	.get_version = common_version,
	.get_status = common_status,
	.shutdown = common_shutdown,
	.startup = common_startup,
};

static void
birth(void *ctx, struct xrl_error *err, const char *cls, const char *inst)
{
}

static void
death(void *ctx, struct xrl_error *err, const char *cls, const char *inst)
{
	struct ribd		*rd = ctx;
	struct proto_table	*pt;

	replicator_death(rd, inst);
	redist_death(rd, inst);
	redist_death(rd, cls);
	TAILQ_FOREACH(pt, &rd->tables, entry)
		if (strcmp(pt->cls, cls) == 0 && !pt->dead)
			table_death(rd, pt);
}

static const struct xrl_finder_event_observer_v0p1 observer_impl = {
	.xrl_target_birth = birth,
	.xrl_target_death = death,
};

int
ribd_xrl_init(struct ribd *rd)
{
	struct xrl_dispatch	*d = xrl_target_dispatch(rd->t);

	TAILQ_INIT(&rd->tables);
	if (xrl_rib_v0p1_register(d, &rib_impl, rd) == -1 ||
	    xrl_common_v0p1_register(d, &common_impl, rd) == -1 ||
	    xrl_finder_event_observer_v0p1_register(d, &observer_impl,
	    rd) == -1)
		return -1;
	return replicator_init(rd);
}

void
ribd_xrl_fini(struct ribd *rd)
{
	struct proto_table	*pt;

	while ((pt = TAILQ_FIRST(&rd->tables)) != NULL) {
		TAILQ_REMOVE(&rd->tables, pt, entry);
		if (pt->hold != NULL)
			event_free(pt->hold);
		free(pt);
	}
}

/*
 * DOC: vty: ribd's show commands, printed as FRRouting 8.4's zebra prints
 * them, and the installation of all of ribd's VTY commands (the static
 * route configuration lives in statics.c).
 *
 *   show ip route [<A.B.C.D|A.B.C.D/M>] [<kernel|...|bgp>] [json]
 *   show ipv6 route [<X:X::X:X|X:X::X:X/M>] [<kernel|...|bgp>] [json]
 *   show interface [IFNAME] [json]
 *   show interface brief
 *
 * Every handler reads the RIB (lib/rib, through its read-only walk calls)
 * and the interface tree (rd->ifs); nothing here changes either. The VTY
 * server's context (vty_server_new()'s ctx) is the struct ribd.
 *
 * The route list streams: each slice prints whole prefixes until the
 * session's output is full and remembers the last prefix printed, so that
 * a full table neither buffers in memory nor holds the event loop, and a
 * RIB that changes between slices is simply read where it is then. JSON
 * is built whole, as json-c needs it.
 *
 * Next hops as FRR shows them. The RIB keeps per route the next hops as
 * given and the resolved set (rib_route_fib()), not which given next hop
 * resolved to which. For display, a recursive next hop is looked up again
 * as the RIB does (longest prefix with a selected route, not the route's
 * own) and the resolving route's next hops that are also in the route's
 * resolved set are its own. Through a connected route the gateway is shown
 * with that interface on one line (FRR does not call that recursive);
 * through anything else it is shown "(recursive)", followed by indented
 * lines for what it resolved to.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "log.h"
#include "ribd.h"

#define RIBD_TABLE_MAIN		254	/* RT_TABLE_MAIN, FRR's "table" */

/* FRR's nexthop flags, for the "flags" of a JSON next hop. */
#define FRR_NH_ACTIVE		0x01
#define FRR_NH_FIB		0x02
#define FRR_NH_RECURSIVE	0x04

#define SHOW_ROUTE_V4_HEADER \
	"Codes: K - kernel route, C - connected, S - static, R - RIP,\n" \
	"       O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,\n" \
	"       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,\n" \
	"       f - OpenFabric,\n" \
	"       > - selected route, * - FIB route, q - queued, " \
	"r - rejected, b - backup\n" \
	"       t - trapped, o - offload failure\n\n"
#define SHOW_ROUTE_V6_HEADER \
	"Codes: K - kernel route, C - connected, S - static, R - RIPng,\n" \
	"       O - OSPFv3, I - IS-IS, B - BGP, N - NHRP, T - Table,\n" \
	"       v - VNC, V - VNC-Direct, A - Babel, F - PBR,\n" \
	"       f - OpenFabric,\n" \
	"       > - selected route, * - FIB route, q - queued, " \
	"r - rejected, b - backup\n" \
	"       t - trapped, o - offload failure\n\n"

/* One line of a route's next hops, as shown. */
struct nh_view {
	struct rib_nh		 nh;
	uint8_t			 level;		/* 1: resolves the one above */
	bool			 active;
	bool			 recursive;
};

/* Each given next hop, plus what each recursive one resolved to. */
#define NH_VIEW_MAX		(RIB_NH_MAX * (RIB_NH_MAX + 1))

struct route_view {
	const struct rib_route	*r;
	int			 family;
	bool			 installed;	/* '*': selected and active */
	bool			 weight;	/* FRR prints "weight 1" */
	unsigned		 n;
	struct nh_view		 v[NH_VIEW_MAX];
};

/* The state of a streamed "show ip route" between slices. */
struct show_route {
	int			 family;
	uint32_t		 mask;		/* RIB_PROTO_BIT()s, 0: all */
	bool			 header;	/* printed */
	bool			 started;
	struct rib_prefix	 last;		/* last prefix printed */
};

/* Seconds since the route last changed (its stamp, ribd_now()). */
uint32_t
ribd_route_age(const struct rib_route *r)
{
	uint32_t	 now = ribd_now();

	return now > r->stamp ? now - r->stamp : 0;
}

/* zebra's uptime: 00:01:02, then 3d04h05m, then 01w2d03h. */
char *
ribd_uptime_print(uint32_t secs, char *buf, size_t len)
{
	uint32_t	 d = secs / 86400, h = secs / 3600 % 24;
	uint32_t	 m = secs / 60 % 60, s = secs % 60;

	if (secs < 86400)
		snprintf(buf, len, "%02u:%02u:%02u", h, m, s);
	else if (secs < 7 * 86400)
		snprintf(buf, len, "%ud%02uh%02um", d, h, m);
	else
		snprintf(buf, len, "%02uw%ud%02uh", d / 7, d % 7, h);
	return buf;
}

static const char *
vty_ifname(const struct ribd *rd, uint32_t ifindex)
{
	const struct ift_if	*ifp = iftree_find_index(&rd->ifs, ifindex);

	return ifp != NULL ? ifp->name : "unknown";
}

static size_t
family_alen(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) :
	    sizeof(struct in6_addr);
}

static char *
family_addr_print(int family, const union rib_addr *a, char *buf, size_t len)
{
	if (family == AF_INET)
		return addr4_print(&a->v4, buf, len);
	return addr6_print(&a->v6, buf, len);
}

static bool
nh_gw_zero(int family, const struct rib_nh *nh)
{
	static const uint8_t	 zero[16];

	return memcmp(&nh->gw, zero, family_alen(family)) == 0;
}

static bool
nh_equal(int family, const struct rib_nh *a, const struct rib_nh *b)
{
	return (a->flags & RIB_NH_BLACKHOLE) == (b->flags & RIB_NH_BLACKHOLE) &&
	    a->ifindex == b->ifindex &&
	    memcmp(&a->gw, &b->gw, family_alen(family)) == 0;
}

static bool
nhg_has(const struct rib_nhg *g, int family, const struct rib_nh *nh)
{
	unsigned	 i;

	if (g == NULL)
		return false;
	for (i = 0; i < g->n; i++)
		if (nh_equal(family, &g->nh[i], nh))
			return true;
	return false;
}

/* zebra's names: "bgp" for both BGPs, "ripng" and "ospf6" in IPv6. */
static const char *
route_proto_name(const struct ribd *rd, int family, uint8_t proto)
{
	switch (proto) {
	case RIB_PROTO_EBGP:
	case RIB_PROTO_IBGP:
		return "bgp";
	case RIB_PROTO_RIP:
		return family == AF_INET6 ? "ripng" : "rip";
	case RIB_PROTO_OSPF:
		return family == AF_INET6 ? "ospf6" : "ospf";
	default:
		return rib_proto_name(rd->rib, proto);
	}
}

/*
 * The dest a recursive gateway resolves through: the longest prefix with
 * a selected route that holds it, other than the route's own (see DOC).
 */
static const struct rib_dest *
nh_resolving_dest(const struct ribd *rd, const struct rib_prefix *own,
    const union rib_addr *gw)
{
	const struct rib_dest	*e;
	struct rib_prefix	 p;
	int			 len;

	if ((e = rib_match(rd->rib, own->family, gw)) == NULL)
		return NULL;
	rib_dest_prefix(e, &p);
	if (p.len != own->len || memcmp(&p.addr, &own->addr,
	    family_alen(own->family)) != 0)
		return e;
	for (len = (int)own->len - 1; len >= 0; len--) {
		memset(&p, 0, sizeof(p));
		p.family = own->family;
		p.len = (uint8_t)len;
		p.addr = *gw;
		rib_prefix_mask(&p);
		if ((e = rib_dest_lookup(rd->rib, &p)) != NULL &&
		    rib_dest_selected(e) != NULL)
			return e;
	}
	return NULL;
}

static void
view_add(struct route_view *rv, const struct rib_nh *nh, uint8_t level,
    bool active, bool recursive)
{
	struct nh_view	*v;

	if (rv->n == NH_VIEW_MAX)
		return;
	v = &rv->v[rv->n++];
	v->nh = *nh;
	v->level = level;
	v->active = active;
	v->recursive = recursive;
}

/* A recursive next hop and what it resolved to (see DOC). */
static void
view_recursive(const struct ribd *rd, struct route_view *rv,
    const struct rib_prefix *own, const struct rib_nhg *fib,
    const struct rib_nh *nh)
{
	const struct rib_dest	*e;
	const struct rib_route	*s = NULL;
	const struct rib_nhg	*sf = NULL;
	struct rib_nh		 cand[RIB_NH_MAX], x;
	unsigned		 i, k = 0;
	size_t			 alen = family_alen(rv->family);

	if ((e = nh_resolving_dest(rd, own, &nh->gw)) != NULL &&
	    (s = rib_dest_selected(e)) != NULL)
		sf = rib_route_fib(s);
	if (sf != NULL && fib != NULL && !rib_nhg_is_blackhole(sf)) {
		for (i = 0; i < sf->n && k < RIB_NH_MAX; i++) {
			memset(&x, 0, sizeof(x));
			if (nh_gw_zero(rv->family, &sf->nh[i]))
				memcpy(&x.gw, &nh->gw, alen);
			else
				memcpy(&x.gw, &sf->nh[i].gw, alen);
			x.ifindex = sf->nh[i].ifindex;
			if (nhg_has(fib, rv->family, &x))
				cand[k++] = x;
		}
	}
	if (k == 0) {
		view_add(rv, nh, 0, false, false);
		return;
	}
	if (s->proto == RIB_PROTO_CONNECTED) {
		for (i = 0; i < k; i++)
			view_add(rv, &cand[i], 0, true, false);
		return;
	}
	view_add(rv, nh, 0, true, true);
	for (i = 0; i < k; i++)
		view_add(rv, &cand[i], 1, true, false);
}

static void
route_view_build(const struct ribd *rd, const struct rib_prefix *p,
    const struct rib_route *r, struct route_view *rv)
{
	const struct rib_nhg	*fib = rib_route_fib(r);
	const struct rib_nh	*nh;
	unsigned		 i;

	rv->r = r;
	rv->family = p->family;
	rv->installed = (r->flags & RIB_RF_SELECTED) &&
	    (r->flags & RIB_RF_ACTIVE);
	rv->weight = r->proto != RIB_PROTO_CONNECTED &&
	    r->proto != RIB_PROTO_KERNEL;
	rv->n = 0;
	for (i = 0; i < r->nhg->n; i++) {
		nh = &r->nhg->nh[i];
		if (rib_nh_is_recursive(p->family, nh))
			view_recursive(rd, rv, p, fib, nh);
		else
			view_add(rv, nh, 0, nhg_has(fib, p->family, nh), false);
	}
}

static char
view_status(const struct route_view *rv, const struct nh_view *v)
{
	return rv->installed && v->active && !v->recursive ? '*' : ' ';
}

/* The routes of a dest to show, the selected one first. */
static unsigned
dest_routes(const struct rib_dest *d, uint32_t mask,
    const struct rib_route **out)
{
	const struct rib_route	*r, *sel = rib_dest_selected(d);
	unsigned		 n = 0;

	if (sel != NULL && (mask == 0 || (mask & RIB_PROTO_BIT(sel->proto))))
		out[n++] = sel;
	for (r = rib_dest_routes(d); r != NULL && n < RIB_PROTO_MAX;
	    r = r->next)
		if (r != sel && (mask == 0 || (mask & RIB_PROTO_BIT(r->proto))))
			out[n++] = r;
	return n;
}

/* FRR's show_route_nexthop_helper(). */
static void
view_print(struct vty *vty, const struct ribd *rd, const struct route_view *rv,
    const struct nh_view *v)
{
	char	 a[ADDR6_STRLEN];

	if (v->nh.flags & RIB_NH_BLACKHOLE)
		vty_out(vty, " unreachable (blackhole)");
	else if (nh_gw_zero(rv->family, &v->nh))
		vty_out(vty, " is directly connected, %s",
		    vty_ifname(rd, v->nh.ifindex));
	else {
		vty_out(vty, " via %s",
		    family_addr_print(rv->family, &v->nh.gw, a, sizeof(a)));
		if (v->nh.ifindex != 0)
			vty_out(vty, ", %s", vty_ifname(rd, v->nh.ifindex));
	}
	if (!v->active)
		vty_out(vty, " inactive");
	if (v->recursive)
		vty_out(vty, " (recursive)");
	if (rv->weight)
		vty_out(vty, ", weight 1");
}

/* FRR's vty_show_ip_route(): one line per next hop. */
static void
route_print(struct vty *vty, const struct ribd *rd, const struct rib_prefix *p,
    const struct route_view *rv)
{
	const struct rib_route	*r = rv->r;
	char			 head[RIB_PREFIX_STRLEN + 64];
	char			 pfx[RIB_PREFIX_STRLEN], up[32];
	unsigned		 i;
	int			 len;

	ribd_uptime_print(ribd_route_age(r), up, sizeof(up));
	len = snprintf(head, sizeof(head), "%c%c%c %s",
	    rib_proto_letter(rd->rib, r->proto),
	    (r->flags & RIB_RF_SELECTED) ? '>' : ' ',
	    rv->n > 0 ? view_status(rv, &rv->v[0]) : ' ',
	    rib_prefix_print(p, pfx, sizeof(pfx)));
	if (r->proto != RIB_PROTO_CONNECTED || r->distance != 0 ||
	    r->metric != 0)
		len += snprintf(head + len, sizeof(head) - len, " [%u/%u]",
		    r->distance, r->metric);
	vty_out(vty, "%s", head);
	if (rv->n > 0)
		view_print(vty, rd, rv, &rv->v[0]);
	vty_out(vty, ", %s\n", up);
	for (i = 1; i < rv->n; i++) {
		vty_out(vty, "  %c%*c", view_status(rv, &rv->v[i]),
		    len - 3 + 2 * rv->v[i].level, ' ');
		view_print(vty, rd, rv, &rv->v[i]);
		vty_out(vty, ", %s\n", up);
	}
}

/* FRR's vty_show_ip_route_detail(), for one route. */
static void
route_print_detail(struct vty *vty, const struct ribd *rd,
    const struct rib_prefix *p, const struct route_view *rv)
{
	const struct rib_route	*r = rv->r;
	const struct nh_view	*v;
	char			 pfx[RIB_PREFIX_STRLEN], up[32];
	char			 a[ADDR6_STRLEN];
	unsigned		 i;

	vty_out(vty, "Routing entry for %s\n",
	    rib_prefix_print(p, pfx, sizeof(pfx)));
	vty_out(vty, "  Known via \"%s\", distance %u, metric %u%s\n",
	    route_proto_name(rd, p->family, r->proto), r->distance, r->metric,
	    (r->flags & RIB_RF_SELECTED) ? ", best" : "");
	vty_out(vty, "  Last update %s ago\n",
	    ribd_uptime_print(ribd_route_age(r), up, sizeof(up)));
	for (i = 0; i < rv->n; i++) {
		v = &rv->v[i];
		vty_out(vty, "  %c%s", view_status(rv, v),
		    v->level > 0 ? "  " : "");
		if (v->nh.flags & RIB_NH_BLACKHOLE)
			vty_out(vty, " unreachable (blackhole)");
		else if (nh_gw_zero(p->family, &v->nh))
			vty_out(vty, " directly connected, %s",
			    vty_ifname(rd, v->nh.ifindex));
		else {
			vty_out(vty, " %s", family_addr_print(p->family,
			    &v->nh.gw, a, sizeof(a)));
			if (v->nh.ifindex != 0)
				vty_out(vty, ", via %s",
				    vty_ifname(rd, v->nh.ifindex));
		}
		if (!v->active)
			vty_out(vty, " inactive");
		if (v->recursive)
			vty_out(vty, " (recursive)");
		if (rv->weight)
			vty_out(vty, ", weight 1");
		vty_out(vty, "\n");
	}
	vty_out(vty, "\n");
}

static json_object *
route_json(const struct ribd *rd, const struct rib_prefix *p,
    const struct route_view *rv)
{
	const struct rib_route	*r = rv->r;
	const struct nh_view	*v;
	json_object		*o, *nhs, *n;
	char			 pfx[RIB_PREFIX_STRLEN], up[32];
	char			 a[ADDR6_STRLEN];
	unsigned		 i, nactive = 0;
	int			 flags;

	o = json_object_new_object();
	nhs = json_object_new_array();
	json_object_object_add(o, "prefix", json_object_new_string(
	    rib_prefix_print(p, pfx, sizeof(pfx))));
	json_object_object_add(o, "prefixLen", json_object_new_int(p->len));
	json_object_object_add(o, "protocol", json_object_new_string(
	    route_proto_name(rd, p->family, r->proto)));
	json_object_object_add(o, "vrfId", json_object_new_int(0));
	json_object_object_add(o, "vrfName", json_object_new_string("default"));
	if (r->flags & RIB_RF_SELECTED) {
		json_object_object_add(o, "selected",
		    json_object_new_boolean(1));
		json_object_object_add(o, "destSelected",
		    json_object_new_boolean(1));
	}
	json_object_object_add(o, "distance", json_object_new_int(r->distance));
	json_object_object_add(o, "metric", json_object_new_int64(r->metric));
	if (rv->installed)
		json_object_object_add(o, "installed",
		    json_object_new_boolean(1));
	json_object_object_add(o, "table", json_object_new_int64(
	    rd->opts.table != 0 ? rd->opts.table : RIBD_TABLE_MAIN));
	json_object_object_add(o, "internalNextHopNum",
	    json_object_new_int(r->nhg->n));
	for (i = 0; i < rv->n; i++)
		if (rv->v[i].level == 0 && rv->v[i].active)
			nactive++;
	json_object_object_add(o, "internalNextHopActiveNum",
	    json_object_new_int((int)nactive));
	json_object_object_add(o, "uptime", json_object_new_string(
	    ribd_uptime_print(ribd_route_age(r), up, sizeof(up))));
	for (i = 0; i < rv->n; i++) {
		v = &rv->v[i];
		n = json_object_new_object();
		flags = 0;
		if (v->active)
			flags |= FRR_NH_ACTIVE;
		if (v->recursive)
			flags |= FRR_NH_RECURSIVE;
		else if (view_status(rv, v) == '*')
			flags |= FRR_NH_FIB;
		json_object_object_add(n, "flags", json_object_new_int(flags));
		if (flags & FRR_NH_FIB)
			json_object_object_add(n, "fib",
			    json_object_new_boolean(1));
		if (v->nh.flags & RIB_NH_BLACKHOLE) {
			json_object_object_add(n, "unreachable",
			    json_object_new_boolean(1));
			json_object_object_add(n, "blackhole",
			    json_object_new_boolean(1));
		} else if (nh_gw_zero(p->family, &v->nh)) {
			json_object_object_add(n, "directlyConnected",
			    json_object_new_boolean(1));
			json_object_object_add(n, "interfaceIndex",
			    json_object_new_int64(v->nh.ifindex));
			json_object_object_add(n, "interfaceName",
			    json_object_new_string(vty_ifname(rd,
			    v->nh.ifindex)));
		} else {
			json_object_object_add(n, "ip", json_object_new_string(
			    family_addr_print(p->family, &v->nh.gw, a,
			    sizeof(a))));
			json_object_object_add(n, "afi", json_object_new_string(
			    p->family == AF_INET ? "ipv4" : "ipv6"));
			if (v->nh.ifindex != 0) {
				json_object_object_add(n, "interfaceIndex",
				    json_object_new_int64(v->nh.ifindex));
				json_object_object_add(n, "interfaceName",
				    json_object_new_string(vty_ifname(rd,
				    v->nh.ifindex)));
			}
		}
		if (v->level > 0)
			json_object_object_add(n, "resolver",
			    json_object_new_boolean(1));
		if (v->active)
			json_object_object_add(n, "active",
			    json_object_new_boolean(1));
		if (v->recursive)
			json_object_object_add(n, "recursive",
			    json_object_new_boolean(1));
		if (rv->weight)
			json_object_object_add(n, "weight",
			    json_object_new_int(1));
		json_object_array_add(nhs, n);
	}
	json_object_object_add(o, "nexthops", nhs);
	return o;
}

/*
 * A dest's routes into the JSON object keyed by prefix; nothing when the
 * filter leaves none.
 */
static void
dest_json(const struct ribd *rd, const struct rib_dest *d, uint32_t mask,
    json_object *root)
{
	const struct rib_route	*routes[RIB_PROTO_MAX];
	struct route_view	 rv;
	struct rib_prefix	 p;
	json_object		*arr;
	char			 pfx[RIB_PREFIX_STRLEN];
	unsigned		 i, n;

	if ((n = dest_routes(d, mask, routes)) == 0)
		return;
	rib_dest_prefix(d, &p);
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		route_view_build(rd, &p, routes[i], &rv);
		json_object_array_add(arr, route_json(rd, &p, &rv));
	}
	json_object_object_add(root, rib_prefix_print(&p, pfx, sizeof(pfx)),
	    arr);
}

/* The protocol filter of a "show ... route" line. */
static uint32_t
show_route_mask(const struct ribd *rd, const struct cmd_match *m)
{
	const char	*proto = cmd_str(m, "proto");

	return proto != NULL ? rib_proto_mask_parse(rd->rib, proto) : 0;
}

/* The dest an address or prefix argument names; NULL if none. */
static const struct rib_dest *
show_route_dest(const struct ribd *rd, int family, const struct cmd_match *m)
{
	const struct rib_dest	*d;
	const struct cmd_value	*v;
	struct rib_prefix	 p;
	int			 len;

	if ((v = cmd_get(m, "prefix")) != NULL) {
		if (family == AF_INET)
			rib_prefix_from4(&p, &v->u.p4);
		else
			rib_prefix_from6(&p, &v->u.p6);
		return rib_dest_lookup(rd->rib, &p);
	}
	/* An address: its longest match, with a selected route or not. */
	v = cmd_get(m, "addr");
	for (len = family == AF_INET ? 32 : 128; len >= 0; len--) {
		memset(&p, 0, sizeof(p));
		p.family = (uint8_t)family;
		p.len = (uint8_t)len;
		if (family == AF_INET)
			p.addr.v4 = v->u.v4;
		else
			p.addr.v6 = v->u.v6;
		rib_prefix_mask(&p);
		if ((d = rib_dest_lookup(rd->rib, &p)) != NULL)
			return d;
	}
	return NULL;
}

static int
show_route_detail(struct vty *vty, struct ribd *rd, int family,
    const struct cmd_match *m)
{
	const struct rib_dest	*d = show_route_dest(rd, family, m);
	const struct rib_route	*routes[RIB_PROTO_MAX];
	struct route_view	 rv;
	struct rib_prefix	 p;
	json_object		*root;
	uint32_t		 mask = show_route_mask(rd, m);
	unsigned		 i, n;

	if (cmd_has(m, "json")) {
		root = json_object_new_object();
		if (d != NULL)
			dest_json(rd, d, mask, root);
		vty_json_out(vty, root);
		return CMD_SUCCESS;
	}
	if (d == NULL) {
		vty_out(vty, "%% Network not in table\n");
		return CMD_WARNING;
	}
	rib_dest_prefix(d, &p);
	n = dest_routes(d, mask, routes);
	for (i = 0; i < n; i++) {
		route_view_build(rd, &p, routes[i], &rv);
		route_print_detail(vty, rd, &p, &rv);
	}
	return CMD_SUCCESS;
}

static int
show_route_json(struct vty *vty, struct ribd *rd, int family, uint32_t mask)
{
	const struct rib_dest	*d;
	struct rib_prefix	 p;
	json_object		*root = json_object_new_object();

	for (d = rib_dest_next(rd->rib, family, NULL); d != NULL;
	    d = rib_dest_next(rd->rib, family, &p)) {
		rib_dest_prefix(d, &p);
		dest_json(rd, d, mask, root);
	}
	vty_json_out(vty, root);
	return CMD_SUCCESS;
}

static int
cmd_show_route(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ribd		*rd = arg;
	struct cmd_cont		*c = vty_cont(vty);
	struct show_route	*st = c->state;
	const struct rib_dest	*d;
	const struct rib_route	*routes[RIB_PROTO_MAX];
	struct route_view	 rv;
	unsigned		 i, n;

	if (st == NULL) {
		int	 family = cmd_has(m, "ipv6") ? AF_INET6 : AF_INET;

		if (cmd_has(m, "addr") || cmd_has(m, "prefix"))
			return show_route_detail(vty, rd, family, m);
		if (cmd_has(m, "json"))
			return show_route_json(vty, rd, family,
			    show_route_mask(rd, m));
		if ((st = calloc(1, sizeof(*st))) == NULL) {
			vty_out(vty, "%% No memory\n");
			return CMD_WARNING;
		}
		st->family = family;
		st->mask = show_route_mask(rd, m);
		c->state = st;
		c->free = free;
	}
	while (!vty_out_full(vty)) {
		d = rib_dest_next(rd->rib, st->family,
		    st->started ? &st->last : NULL);
		if (d == NULL)
			return CMD_SUCCESS;
		rib_dest_prefix(d, &st->last);
		st->started = true;
		if ((n = dest_routes(d, st->mask, routes)) == 0)
			continue;
		if (!st->header) {
			vty_out(vty, "%s", st->family == AF_INET ?
			    SHOW_ROUTE_V4_HEADER : SHOW_ROUTE_V6_HEADER);
			st->header = true;
		}
		for (i = 0; i < n; i++) {
			route_view_build(rd, &st->last, routes[i], &rv);
			route_print(vty, rd, &st->last, &rv);
		}
	}
	return CMD_CONTINUE;
}

/* Interfaces. */

/* FRR's if_flag_dump(), from what the tree knows. */
static char *
if_flags(const struct ift_if *ifp, char *buf, size_t len)
{
	const struct {
		bool		 set;
		const char	*name;
	} flags[] = {
		{ ifp->enabled, "UP" },
		{ ifp->broadcast, "BROADCAST" },
		{ ifp->loopback, "LOOPBACK" },
		{ ifp->p2p, "POINTOPOINT" },
		{ !ifp->no_carrier, "RUNNING" },
		{ ifp->multicast, "MULTICAST" },
	};
	size_t	 i, off;
	bool	 first = true;

	off = (size_t)snprintf(buf, len, "<");
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!flags[i].set || off >= len)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    first ? "" : ",", flags[i].name);
		first = false;
	}
	if (off < len)
		snprintf(buf + off, len - off, ">");
	return buf;
}

static char *
if_mac(const struct ift_if *ifp, char *buf, size_t len)
{
	const uint8_t	*o = ifp->mac.octet;

	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", o[0], o[1], o[2],
	    o[3], o[4], o[5]);
	return buf;
}

/* An IPv4 address and whether it is secondary, in zebra's order. */
struct if_a4 {
	const struct ift_addr4	*a;
	struct in_addr		 subnet;
	unsigned		 idx;		/* kernel order */
	unsigned		 nsubnet;	/* addresses in its subnet */
	bool			 secondary;
};

static int
if_a4_cmp(const void *x, const void *y)
{
	const struct if_a4	*a = x, *b = y;
	uint32_t		 sa = ntohl(a->subnet.s_addr);
	uint32_t		 sb = ntohl(b->subnet.s_addr);

	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (a->a->plen != b->a->plen)
		return a->a->plen < b->a->plen ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static bool
if_same_subnet(const struct if_a4 *a, const struct if_a4 *b)
{
	return a->a->plen == b->a->plen &&
	    a->subnet.s_addr == b->subnet.s_addr;
}

/*
 * The interface's IPv4 addresses as zebra lists them: by subnet, then in
 * the kernel's order; all but the first of a subnet are secondary (Linux's
 * IFA_F_SECONDARY). NULL with *n 0 if none or out of memory.
 */
static struct if_a4 *
if_a4_sorted(const struct ift_if *ifp, unsigned *n)
{
	const struct ift_addr4	*a;
	struct if_a4		*v;
	struct prefix4		 p;
	unsigned		 i, j;

	*n = 0;
	if (ifp->na4 == 0 || (v = calloc(ifp->na4, sizeof(*v))) == NULL)
		return NULL;
	TAILQ_FOREACH(a, &ifp->a4, entry) {
		if (*n == ifp->na4)
			break;
		p.addr = a->addr;
		p.len = a->plen;
		prefix4_mask(&p);
		v[*n].a = a;
		v[*n].subnet = p.addr;
		v[*n].idx = *n;
		(*n)++;
	}
	for (i = 0; i < *n; i++)
		for (j = 0; j < *n; j++) {
			if (!if_same_subnet(&v[i], &v[j]))
				continue;
			v[i].nsubnet++;
			if (j < i)
				v[i].secondary = true;
		}
	qsort(v, *n, sizeof(*v), if_a4_cmp);
	return v;
}

static void
if_print(struct vty *vty, const struct ift_if *ifp)
{
	const struct ift_addr6	*b;
	struct if_a4		*v;
	char			 buf[128], a[ADDR6_STRLEN];
	const char		*desc;
	unsigned		 i, n;

	vty_out(vty, "Interface %s is ", ifp->name);
	if (ifp->enabled)
		vty_out(vty, "up, line protocol is %s\n",
		    ifp->no_carrier ? "down" : "up");
	else
		vty_out(vty, "down\n");
	vty_out(vty, "  vrf: default\n");
	if ((desc = sysconf_description(vty_server_ctx(vty_server(vty)),
	    ifp->name)) != NULL)
		vty_out(vty, "  Description: %s\n", desc);
	vty_out(vty, "  index %u metric 0 mtu %u\n", ifp->ifindex, ifp->mtu);
	vty_out(vty, "  flags: %s\n", if_flags(ifp, buf, sizeof(buf)));
	if (ifp->has_mac)
		vty_out(vty, "  HWaddr: %s\n", if_mac(ifp, buf, sizeof(buf)));
	v = if_a4_sorted(ifp, &n);
	for (i = 0; i < n; i++) {
		vty_out(vty, "  inet %s/%u",
		    addr4_print(&v[i].a->addr, a, sizeof(a)), v[i].a->plen);
		if (v[i].a->has_peer)
			vty_out(vty, " peer %s/%u", addr4_print(&v[i].a->peer,
			    a, sizeof(a)), v[i].a->plen);
		if (v[i].secondary)
			vty_out(vty, " secondary");
		vty_out(vty, "\n");
	}
	free(v);
	TAILQ_FOREACH(b, &ifp->a6, entry) {
		vty_out(vty, "  inet6 %s/%u",
		    addr6_print(&b->addr, a, sizeof(a)), b->plen);
		if (b->has_peer)
			vty_out(vty, " peer %s/%u", addr6_print(&b->peer, a,
			    sizeof(a)), b->plen);
		vty_out(vty, "\n");
	}
}

static json_object *
if_address_json(const char *addr, unsigned plen, const char *peer,
    bool secondary)
{
	json_object	*o = json_object_new_object();
	char		 s[PREFIX6_STRLEN + 8];

	snprintf(s, sizeof(s), "%s/%u", addr, plen);
	json_object_object_add(o, "address", json_object_new_string(s));
	if (peer != NULL) {
		snprintf(s, sizeof(s), "%s/%u", peer, plen);
		json_object_object_add(o, "peer", json_object_new_string(s));
	}
	json_object_object_add(o, "secondary",
	    json_object_new_boolean(secondary));
	json_object_object_add(o, "unnumbered", json_object_new_boolean(0));
	return o;
}

/* FRR's if_dump_vty_json(). */
static json_object *
if_json(const struct ift_if *ifp)
{
	const struct ift_addr6	*b;
	struct if_a4		*v;
	json_object		*o = json_object_new_object(), *addrs;
	char			 buf[128], a[ADDR6_STRLEN], p[ADDR6_STRLEN];
	unsigned		 i, n;

	json_object_object_add(o, "administrativeStatus",
	    json_object_new_string(ifp->enabled ? "up" : "down"));
	if (ifp->enabled) {
		json_object_object_add(o, "operationalStatus",
		    json_object_new_string(ifp->no_carrier ? "down" : "up"));
		json_object_object_add(o, "linkDetection",
		    json_object_new_boolean(1));
	}
	json_object_object_add(o, "vrfName", json_object_new_string("default"));
	json_object_object_add(o, "pseudoInterface",
	    json_object_new_boolean(0));
	json_object_object_add(o, "index", json_object_new_int64(ifp->ifindex));
	json_object_object_add(o, "metric", json_object_new_int(0));
	json_object_object_add(o, "mtu", json_object_new_int64(ifp->mtu));
	json_object_object_add(o, "flags", json_object_new_string(
	    if_flags(ifp, buf, sizeof(buf))));
	if (ifp->has_mac)
		json_object_object_add(o, "hardwareAddress",
		    json_object_new_string(if_mac(ifp, buf, sizeof(buf))));
	addrs = json_object_new_array();
	v = if_a4_sorted(ifp, &n);
	for (i = 0; i < n; i++)
		json_object_array_add(addrs, if_address_json(
		    addr4_print(&v[i].a->addr, a, sizeof(a)), v[i].a->plen,
		    v[i].a->has_peer ? addr4_print(&v[i].a->peer, p,
		    sizeof(p)) : NULL, v[i].secondary));
	free(v);
	TAILQ_FOREACH(b, &ifp->a6, entry)
		json_object_array_add(addrs, if_address_json(
		    addr6_print(&b->addr, a, sizeof(a)), b->plen,
		    b->has_peer ? addr6_print(&b->peer, p, sizeof(p)) : NULL,
		    false));
	json_object_object_add(o, "ipAddresses", addrs);
	return o;
}

static int
cmd_show_interface(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ribd		*rd = arg;
	const struct ift_if	*ifp;
	const char		*name = cmd_str(m, "name");
	json_object		*root;

	if (name != NULL && (ifp = iftree_find(&rd->ifs, name)) == NULL) {
		if (cmd_has(m, "json"))
			vty_out(vty, "{}\n");
		else
			vty_out(vty, "%% Can't find interface %s\n", name);
		return CMD_WARNING;
	}
	if (cmd_has(m, "json")) {
		root = json_object_new_object();
		TAILQ_FOREACH(ifp, &rd->ifs.ifs, entry)
			if (name == NULL || strcmp(ifp->name, name) == 0)
				json_object_object_add(root, ifp->name,
				    if_json(ifp));
		vty_json_out(vty, root);
		return CMD_SUCCESS;
	}
	TAILQ_FOREACH(ifp, &rd->ifs.ifs, entry)
		if (name == NULL || strcmp(ifp->name, name) == 0)
			if_print(vty, ifp);
	return CMD_SUCCESS;
}

/* One address cell of "show interface brief", FRR's padding and "+ ". */
static void
brief_address(struct vty *vty, bool *first, bool more, const char *addr,
    unsigned plen)
{
	if (*first)
		vty_out(vty, "%-40s", "");
	vty_out(vty, "%s%s/%u\n", more ? "+ " : "", addr, plen);
	*first = true;
}

/* FRR's ifs_dump_brief_vty(). */
static int
cmd_show_interface_brief(struct vty *vty, const struct cmd_match *m,
    void *arg)
{
	struct ribd		*rd = arg;
	const struct ift_if	*ifp;
	const struct ift_addr6	*b;
	struct if_a4		*v;
	char			 a[ADDR6_STRLEN];
	unsigned		 i, n;
	bool			 printed;

	TAILQ_FOREACH(ifp, &rd->ifs.ifs, entry) {
		if (ifp == TAILQ_FIRST(&rd->ifs.ifs)) {
			vty_out(vty, "%-16s%-8s%-16s%s\n", "Interface",
			    "Status", "VRF", "Addresses");
			vty_out(vty, "%-16s%-8s%-16s%s\n", "---------",
			    "------", "---", "---------");
		}
		vty_out(vty, "%-16s%-8s%-16s", ifp->name,
		    ifp->enabled ? "up" : "down", "default");
		printed = false;
		v = if_a4_sorted(ifp, &n);
		for (i = 0; i < n; i++)
			if (!v[i].secondary)
				brief_address(vty, &printed, v[i].nsubnet > 1,
				    addr4_print(&v[i].a->addr, a, sizeof(a)),
				    v[i].a->plen);
		free(v);
		TAILQ_FOREACH(b, &ifp->a6, entry) {
			if (IN6_IS_ADDR_LINKLOCAL(&b->addr))
				continue;
			brief_address(vty, &printed, ifp->na6 > 1,
			    addr6_print(&b->addr, a, sizeof(a)), b->plen);
			break;
		}
		if (!printed)
			vty_out(vty, "\n");
	}
	vty_out(vty, "\n");
	return CMD_SUCCESS;
}

#define HELP_SHOW	"Show running system information\n"
#define HELP_PROTOS \
	"Kernel routes (not installed via the zebra RIB)\n" \
	"Connected routes (directly attached subnet or host)\n" \
	"Statically configured routes\n"

static const struct cmd_def view_cmds[] = {
	{ "show ip route [<A.B.C.D$addr|A.B.C.D/M$prefix>] "
	    "[<kernel|connected|static|rip|ospf|bgp>$proto] [json]",
	    HELP_SHOW "IP information\n"
	    "IP routing table\n"
	    "Network in the IP routing table to display\n"
	    "IP prefix <network>/<length>, e.g., 35.0.0.0/8\n"
	    HELP_PROTOS
	    "Routing Information Protocol (RIP)\n"
	    "Open Shortest Path First (OSPFv2)\n"
	    "Border Gateway Protocol (BGP)\n"
	    "JavaScript Object Notation", cmd_show_route, 0 },
	{ "show ipv6 route [<X:X::X:X$addr|X:X::X:X/M$prefix>] "
	    "[<kernel|connected|static|ripng|ospf6|bgp>$proto] [json]",
	    HELP_SHOW "IPv6 information\n"
	    "IPv6 routing table\n"
	    "IPv6 Address\n"
	    "IPv6 prefix\n"
	    HELP_PROTOS
	    "Routing Information Protocol next-generation (IPv6) (RIPng)\n"
	    "Open Shortest Path First (IPv6) (OSPFv3)\n"
	    "Border Gateway Protocol (BGP)\n"
	    "JavaScript Object Notation", cmd_show_route, 0 },
	{ "show interface [IFNAME$name] [json]",
	    HELP_SHOW "Interface status and configuration\n"
	    "Interface name\n"
	    "JavaScript Object Notation", cmd_show_interface, 0 },
	{ "show interface brief",
	    HELP_SHOW "Interface status and configuration\n"
	    "Interface status and configuration summary",
	    cmd_show_interface_brief, 0 },
};

int
ribd_vty_install(struct ribd *rd)
{
	if (vty_server_ctx(rd->vs) != rd) {
		log_warnx("%s: the VTY server's context is not ribd's",
		    __func__);
		return -1;
	}
	if (vty_install(rd->vs, VTY_NODE_VIEW, view_cmds,
	    sizeof(view_cmds) / sizeof(view_cmds[0])) == -1 ||
	    sysconf_vty_install(rd) == -1 || statics_vty_install(rd) == -1)
		return -1;
	return 0;
}

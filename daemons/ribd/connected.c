/*
 * DOC: connected routes. Each address of an interface that is up gives
 * its subnet as a connected route through that interface; an interface
 * going down (administratively or losing carrier) takes its connected
 * routes away, as in FRR. Two interfaces on one subnet make one connected
 * route with both as next hops. After any change of one interface, the
 * subnets it had before and has now are recomputed over the whole tree.
 * IPv6 link-local subnets (fe80::/10) are not routes.
 */
#include <string.h>

#include "log.h"
#include "ribd.h"

static bool
linklocal6(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80;
}

/* The subnet an address gives: its peer's for a /32 point-to-point. */
static void
subnet4(const struct ift_addr4 *a, struct rib_prefix *q)
{
	memset(q, 0, sizeof(*q));
	q->family = AF_INET;
	q->len = a->plen;
	q->addr.v4 = a->has_peer && a->plen == 32 ? a->peer : a->addr;
	rib_prefix_mask(q);
}

static void
subnet6(const struct ift_addr6 *b, struct rib_prefix *q)
{
	memset(q, 0, sizeof(*q));
	q->family = AF_INET6;
	q->len = b->plen;
	q->addr.v6 = b->addr;
	rib_prefix_mask(q);
}

static bool
same_prefix(const struct rib_prefix *a, const struct rib_prefix *b)
{
	return a->family == b->family && a->len == b->len &&
	    (a->family == AF_INET ? a->addr.v4.s_addr == b->addr.v4.s_addr :
	    memcmp(&a->addr.v6, &b->addr.v6, sizeof(a->addr.v6)) == 0);
}

/* Whether one of ifp's addresses gives subnet p. */
static bool
has_subnet(const struct ift_if *ifp, const struct rib_prefix *p)
{
	const struct ift_addr4	*a;
	const struct ift_addr6	*b;
	struct rib_prefix	 q;

	if (p->family == AF_INET) {
		TAILQ_FOREACH(a, &ifp->a4, entry) {
			subnet4(a, &q);
			if (same_prefix(&q, p))
				return true;
		}
	} else
		TAILQ_FOREACH(b, &ifp->a6, entry) {
			subnet6(b, &q);
			if (same_prefix(&q, p))
				return true;
		}
	return false;
}

/* Recompute the connected route for prefix p over every interface. */
static void
connected_prefix(struct ribd *rd, const struct rib_prefix *p)
{
	struct rib_nh		 nh[RIB_NH_MAX];
	struct rib_attr		 attr;
	const struct ift_if	*ifp;
	unsigned		 n = 0;
	char			 s[RIB_PREFIX_STRLEN];

	TAILQ_FOREACH(ifp, &rd->ifs.ifs, entry)
		if (ift_if_up(ifp) && n < RIB_NH_MAX && has_subnet(ifp, p))
			rib_nh_set(&nh[n++], p->family, NULL, ifp->ifindex);
	if (n == 0) {
		if (rib_route_lookup(rd->rib, p, RIB_PROTO_CONNECTED) != NULL)
			(void)rib_route_del(rd->rib, p, RIB_PROTO_CONNECTED);
		return;
	}
	memset(&attr, 0, sizeof(attr));
	attr.proto = RIB_PROTO_CONNECTED;
	attr.distance = RIB_DISTANCE_PROTO;
	attr.stamp = ribd_now();
	if (rib_route_add(rd->rib, p, &attr, nh, n) == -1)
		log_warn("connected: %s", rib_prefix_print(p, s, sizeof(s)));
}

/* The subnets of ifp's addresses, into ps (at most max). */
static unsigned
subnets(const struct ift_if *ifp, struct rib_prefix *ps, unsigned max)
{
	const struct ift_addr4	*a;
	const struct ift_addr6	*b;
	unsigned		 n = 0;

	if (ifp == NULL)
		return 0;
	TAILQ_FOREACH(a, &ifp->a4, entry) {
		if (n == max)
			break;
		subnet4(a, &ps[n++]);
	}
	TAILQ_FOREACH(b, &ifp->a6, entry) {
		if (n == max)
			break;
		if (linklocal6(&b->addr))
			continue;
		subnet6(b, &ps[n++]);
	}
	return n;
}

void
connected_refresh(struct ribd *rd, const struct ift_if *old,
    const struct ift_if *nw)
{
	struct rib_prefix	 ps[128];
	unsigned		 n, i;

	n = subnets(old, ps, 64);
	n += subnets(nw, ps + n, 64);
	for (i = 0; i < n; i++)
		connected_prefix(rd, &ps[i]);
	statics_refresh(rd);
}

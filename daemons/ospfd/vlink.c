/*
 * DOC: vlink: virtual links (RFC 2328 15 and 16.3), FRRouting's
 * "area X virtual-link A.B.C.D". A virtual link is a point-to-point
 * backbone interface whose packets travel, unicast, across the transit
 * area X to the other end's address there. After each SPF run the
 * transit area's tree says whether the other end is reachable; if so the
 * link comes up with the cost of that path, our address on the first
 * hop's interface, the other end's interface address from its router-LSA
 * in X, and that interface's socket to send through (io_fd()).
 *
 * The backbone's SPF treats virtual links as point-to-point links; the
 * next hops it finds through one are the two ends' addresses, which are
 * not neighbours on any wire, so vlink_nexthops() replaces them with the
 * transit area's next hops to the other end. The part of 16.3 that looks
 * for cheaper paths through the transit area's summary-LSAs is not done.
 * AS-external LSAs never cross a virtual link (10.3, 13.3).
 */
#include <string.h>

#include "ospfd.h"

static const struct ospf_vlconf *
vlconf_find(const struct ospfd *od, uint32_t transit, uint32_t peer)
{
	const struct ospf_areaconf	*ac = area_conf(&od->conf, transit);
	const struct ospf_vlconf	*vc;

	if (ac == NULL)
		return NULL;
	TAILQ_FOREACH(vc, &ac->vlinks, entry)
		if (vc->peer == peer)
			return vc;
	return NULL;
}

struct ospf_if *
vlink_for(const struct ospfd *od, const struct ospf_if *oif, uint32_t rtr_id)
{
	struct ospf_if	*vl;

	TAILQ_FOREACH(vl, &od->ifs, entry)
		if (vl->net == ISM_NET_VIRTUAL && vl->up &&
		    vl->vl_transit == oif->area->id && vl->vl_peer == rtr_id)
			return vl;
	return NULL;
}

bool
vlink_through(const struct ospf_area *a)
{
	const struct ospf_if	*vl;
	const struct ospf_nbr	*nbr;

	TAILQ_FOREACH(vl, &a->od->ifs, entry) {
		if (vl->net != ISM_NET_VIRTUAL || vl->vl_transit != a->id)
			continue;
		TAILQ_FOREACH(nbr, &vl->nbrs, entry)
			if (nbr->nsm.state == NSM_STA_FULL)
				return true;
	}
	return false;
}

/* The other end's address in the transit area: the Link Data of its first
 * link that is not a stub (an interface address, 12.4.1). */
static uint32_t
peer_addr(const struct ospf_area *t, uint32_t peer)
{
	const struct lsdb_entry	*e;
	struct buf_reader	 r;
	struct lsa_rtr_link	 l;

	e = lsdb_lookup(t->db, LSA_TYPE_ROUTER, peer, peer);
	if (e == NULL || lsdb_age(e, ospf_now()) >= OSPF_MAX_AGE)
		return 0;
	lsa_rtr_iter(&e->lsa.u.router, &r);
	while (lsa_rtr_next(&r, &l))
		if (l.type == LSA_LINK_P2P || l.type == LSA_LINK_TRANSIT)
			return l.data;
	return 0;
}

/* One virtual link as the transit area's tree says. */
static void
vlink_state(struct ospfd *od, struct ospf_if *vl)
{
	const struct ospf_vlconf *vc = vlconf_find(od, vl->vl_transit,
	    vl->vl_peer);
	struct ospf_area	*t = area_get(od, vl->vl_transit, false);
	const struct spf_route	*r = NULL;
	const struct ospf_if	*out = NULL;
	uint32_t		 paddr = 0, hello, dead;

	hello = vc != NULL && vc->hello > 0 ? (uint32_t)vc->hello :
	    OSPF_DEF_HELLO;
	dead = vc != NULL && vc->dead > 0 ? (uint32_t)vc->dead : 4 * hello;
	vl->hello = (uint16_t)hello;
	vl->dead = dead;
	/* A transit area must be a normal one (15). */
	if (t != NULL && t->type == AREA_NORMAL && od->rtr_id != 0 &&
	    (r = spf_route_find(&t->intra, SPF_DEST_ROUTER, vl->vl_peer,
	    0xffffffffU)) != NULL && r->nnh > 0 &&
	    (out = iface_find_addr(od, r->nh[0].ifaddr)) != NULL)
		paddr = peer_addr(t, vl->vl_peer);
	if (paddr == 0 || out == NULL) {
		if (vl->up) {
			log_info("%s: the other end is out of reach",
			    vl->name);
			iface_virtual_down(vl);
		}
		return;
	}
	if (vl->up && (vl->addr != out->addr || vl->peer != paddr)) {
		/* Other addresses: the adjacency starts over. */
		iface_virtual_down(vl);
	}
	vl->vl_ifindex = out->ifindex;
	vl->mtu = out->mtu;
	if (!vl->up) {
		vl->addr = out->addr;
		vl->peer = paddr;
		vl->cost = r->cost;
		iface_virtual_up(vl);
		return;
	}
	if (vl->cost != r->cost) {
		vl->cost = r->cost;
		origin_rtr_lsa(vl->area);
	}
}

/* After each SPF run: links made, updated, brought up or down, removed. */
void
vlink_update(struct ospfd *od)
{
	const struct ospf_areaconf	*ac;
	const struct ospf_vlconf	*vc;
	struct ospf_if			*vl, *next;

	TAILQ_FOREACH_SAFE(vl, &od->ifs, entry, next)
		if (vl->net == ISM_NET_VIRTUAL &&
		    (!od->conf.router || vlconf_find(od, vl->vl_transit,
		    vl->vl_peer) == NULL))
			iface_virtual_free(vl);
	if (!od->conf.router)
		return;
	TAILQ_FOREACH(ac, &od->conf.areas, entry)
		TAILQ_FOREACH(vc, &ac->vlinks, entry) {
			TAILQ_FOREACH(vl, &od->ifs, entry)
				if (vl->net == ISM_NET_VIRTUAL &&
				    vl->vl_transit == ac->id &&
				    vl->vl_peer == vc->peer)
					break;
			/* Only while the transit area is attached. */
			if (vl == NULL && area_get(od, ac->id, false) == NULL)
				continue;
			if (vl == NULL && (vl = iface_virtual_new(od, ac->id,
			    vc->peer)) == NULL)
				continue;
			vlink_state(od, vl);
		}
}

/* 16.3, the part that matters for forwarding: a backbone next hop over a
 * virtual link becomes the transit area's next hops to its other end. */
void
vlink_nexthops(struct ospfd *od, struct spf_result *bb)
{
	const struct ospf_if	*vl;
	size_t			 i;

	TAILQ_FOREACH(vl, &od->ifs, entry) {
		const struct ospf_area	*t;
		const struct spf_route	*tr;

		if (vl->net != ISM_NET_VIRTUAL || !vl->up ||
		    (t = area_get(od, vl->vl_transit, false)) == NULL ||
		    (tr = spf_route_find(&t->intra, SPF_DEST_ROUTER,
		    vl->vl_peer, 0xffffffffU)) == NULL)
			continue;
		for (i = 0; i < bb->nroute; i++) {
			struct spf_route	*r = &bb->routes[i];
			struct spf_nexthop	 nh[SPF_MAX_NEXTHOPS];
			uint8_t			 n = 0, j, k;
			bool			 hit = false;

			for (j = 0; j < r->nnh; j++) {
				if (r->nh[j].ifaddr != vl->addr ||
				    r->nh[j].gateway != vl->peer) {
					spf_nh_add(nh, &n, r->nh[j].ifaddr,
					    r->nh[j].gateway);
					continue;
				}
				hit = true;
				for (k = 0; k < tr->nnh; k++)
					spf_nh_add(nh, &n, tr->nh[k].ifaddr,
					    tr->nh[k].gateway);
			}
			if (!hit)
				continue;
			memcpy(r->nh, nh, n * sizeof(nh[0]));
			r->nnh = n;
		}
	}
}

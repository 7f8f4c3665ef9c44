/*
 * DOC: the interface manager. Links and addresses arrive from netlink
 * (the start-up dump, then the monitor). For each event ribd builds the
 * interface's new state on a copy, and ift_diff() against the old state
 * gives the ops that both update ribd's tree (ift_apply) and go to every
 * mirror (replicator_op), closed by hint_updates_made. The connected
 * routes of the interface are then brought in line (connected.c).
 *
 * Interfaces are keyed by ifindex: a rename is the old name going away and
 * the new one appearing, as a mirror keyed by name must see it.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ribd.h"

/* ifindex's interface name ("" if none), into buf. */
const char *
iface_name(const struct ribd *rd, uint32_t ifindex, char *buf, size_t len)
{
	const struct ift_if	*ifp = iftree_find_index(&rd->ifs, ifindex);

	snprintf(buf, len, "%s", ifp ? ifp->name : "");
	return buf;
}

static void
iface_emit(const struct ift_op *op, void *arg)
{
	struct ribd	*rd = arg;

	if (ift_apply(&rd->ifs, op) == -1) {
		log_warnx("ifmgr: %s %s does not fit the tree",
		    ift_op_names[op->type], op->ifname);
		return;
	}
	replicator_op(rd, op);
}

/* Move ifp from old to nw (either may be NULL) everywhere. */
static void
iface_change(struct ribd *rd, const struct ift_if *old, struct ift_if *nw)
{
	struct ift_op	 hint;
	struct ift_if	*before = NULL;

	/* old points into the tree, which the ops rewrite: keep a copy. */
	if (old != NULL && (before = ift_if_dup(old)) == NULL) {
		log_warnx("ifmgr: out of memory");
		return;
	}
	if (before != NULL && nw != NULL && strcmp(before->name,
	    nw->name) != 0) {
		log_info("ifmgr: %s renamed to %s", before->name, nw->name);
		ift_diff(before, NULL, iface_emit, rd);
		ift_diff(NULL, nw, iface_emit, rd);
	} else
		ift_diff(before, nw, iface_emit, rd);
	memset(&hint, 0, sizeof(hint));
	hint.type = IFT_HINT_UPDATES_MADE;
	hint.ifname = "";
	replicator_op(rd, &hint);
	connected_refresh(rd, before, nw);
	ift_if_free(before);
}

void
iface_link(void *arg, enum nl_event ev, const struct nl_link *l)
{
	struct ribd	*rd = arg;
	struct ift_if	*old, *nw;
	bool		 was_up, up;

	old = iftree_find_index(&rd->ifs, l->ifindex);
	if (rd->resyncing && ev != NL_EV_DEL) {
		uint32_t *v = reallocarray(rd->seen_links, rd->nseen_links + 1,
		    sizeof(*v));

		if (v != NULL) {
			rd->seen_links = v;
			v[rd->nseen_links++] = l->ifindex;
		}
	}
	if (ev == NL_EV_DEL) {
		if (old != NULL) {
			log_info("ifmgr: %s removed", old->name);
			iface_change(rd, old, NULL);
		}
		return;
	}
	/* A renamed interface keeps its addresses: they follow the ifindex. */
	nw = old != NULL ? ift_if_dup(old) : ift_if_alloc(l->name);
	if (nw == NULL || strlen(l->name) >= IFT_NAMSIZ) {
		log_warnx("ifmgr: %s: cannot track the interface", l->name);
		ift_if_free(nw);
		return;
	}
	strcpy(nw->name, l->name);
	nw->ifindex = l->ifindex;
	nw->mtu = l->mtu;
	nw->has_mac = l->has_mac;
	if (l->has_mac)
		nw->mac = l->mac;
	nw->enabled = (l->flags & IFF_UP) != 0;
	nw->no_carrier = (l->flags & IFF_RUNNING) == 0;
	nw->loopback = (l->flags & IFF_LOOPBACK) != 0;
	nw->broadcast = (l->flags & IFF_BROADCAST) != 0;
	nw->multicast = (l->flags & IFF_MULTICAST) != 0;
	nw->p2p = (l->flags & IFF_POINTOPOINT) != 0;
	nw->has_vif = true;
	was_up = old != NULL && ift_if_up(old);
	up = ift_if_up(nw);
	if (old == NULL)
		log_info("ifmgr: %s (index %u) appeared, %s", nw->name,
		    nw->ifindex, up ? "up" : "down");
	else if (was_up != up)
		log_info("ifmgr: %s is %s", nw->name, up ? "up" : "down");
	iface_change(rd, old, nw);
	ift_if_free(nw);
}

void
iface_addr(void *arg, enum nl_event ev, const struct nl_ifaddr *a)
{
	struct ribd		*rd = arg;
	struct ift_if		*old, *nw;
	struct ift_addr4	*x;
	struct ift_addr6	*y;

	if ((old = iftree_find_index(&rd->ifs, a->ifindex)) == NULL)
		return;		/* its link message comes first */
	if ((nw = ift_if_dup(old)) == NULL)
		return;
	if (a->family == AF_INET) {
		x = ift_a4_find(nw, a->addr.v4);
		if (ev == NL_EV_DEL) {
			if (x != NULL)
				ift_a4_del(nw, x);
		} else if ((x = ift_a4_add(nw, a->addr.v4)) != NULL) {
			x->plen = a->prefixlen;
			x->enabled = true;
			x->loopback = nw->loopback;
			x->multicast = nw->multicast;
			x->has_bcast = a->has_broadcast;
			if (a->has_broadcast)
				x->bcast = a->broadcast.v4;
			x->has_peer = a->has_peer;
			if (a->has_peer)
				x->peer = a->peer.v4;
		}
	} else if (a->family == AF_INET6) {
		y = ift_a6_find(nw, &a->addr.v6);
		if (ev == NL_EV_DEL) {
			if (y != NULL)
				ift_a6_del(nw, y);
		} else if ((y = ift_a6_add(nw, &a->addr.v6)) != NULL) {
			y->plen = a->prefixlen;
			y->enabled = true;
			y->loopback = nw->loopback;
			y->multicast = nw->multicast;
			y->has_peer = a->has_peer;
			if (a->has_peer)
				y->peer = a->peer.v6;
		}
	}
	iface_change(rd, old, nw);
	ift_if_free(nw);
}

/* After a resync's link dump: interfaces it did not show are gone. */
void
iface_sweep(struct ribd *rd)
{
	struct ift_if	*ifp, *next;
	size_t		 i;

	for (ifp = TAILQ_FIRST(&rd->ifs.ifs); ifp != NULL; ifp = next) {
		next = TAILQ_NEXT(ifp, entry);
		for (i = 0; i < rd->nseen_links; i++)
			if (rd->seen_links[i] == ifp->ifindex)
				break;
		if (i == rd->nseen_links) {
			log_info("ifmgr: %s went away while events were lost",
			    ifp->name);
			iface_change(rd, ifp, NULL);
		}
	}
	free(rd->seen_links);
	rd->seen_links = NULL;
	rd->nseen_links = 0;
}

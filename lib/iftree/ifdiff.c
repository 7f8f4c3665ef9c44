/*
 * DOC: changes to an interface tree as fea_ifmgr_mirror/0.1 ops: ift_diff()
 * computes the ops between two states of one interface, ift_apply()
 * carries one out. A new interface is described in XORP's order
 * (interface, its attributes, the vif, its attributes, then each address
 * and its attributes), so a mirror never sees an attribute of something it
 * has not been told exists.
 */
#include <string.h>

#include "iftree.h"

const char *const ift_op_names[IFT_OP_MAX] = {
	[IFT_IF_ADD] = "interface_add",
	[IFT_IF_REMOVE] = "interface_remove",
	[IFT_IF_ENABLED] = "interface_set_enabled",
	[IFT_IF_MTU] = "interface_set_mtu",
	[IFT_IF_MAC] = "interface_set_mac",
	[IFT_IF_PIF_INDEX] = "interface_set_pif_index",
	[IFT_IF_NO_CARRIER] = "interface_set_no_carrier",
	[IFT_VIF_ADD] = "vif_add",
	[IFT_VIF_REMOVE] = "vif_remove",
	[IFT_VIF_ENABLED] = "vif_set_enabled",
	[IFT_VIF_MULTICAST] = "vif_set_multicast_capable",
	[IFT_VIF_BROADCAST] = "vif_set_broadcast_capable",
	[IFT_VIF_P2P] = "vif_set_p2p_capable",
	[IFT_VIF_LOOPBACK] = "vif_set_loopback",
	[IFT_VIF_PIF_INDEX] = "vif_set_pif_index",
	[IFT_VIF_VIF_INDEX] = "vif_set_vif_index",
	[IFT_A4_ADD] = "ipv4_add",
	[IFT_A4_REMOVE] = "ipv4_remove",
	[IFT_A4_PREFIX] = "ipv4_set_prefix",
	[IFT_A4_ENABLED] = "ipv4_set_enabled",
	[IFT_A4_MULTICAST] = "ipv4_set_multicast_capable",
	[IFT_A4_LOOPBACK] = "ipv4_set_loopback",
	[IFT_A4_BROADCAST] = "ipv4_set_broadcast",
	[IFT_A4_ENDPOINT] = "ipv4_set_endpoint",
	[IFT_A6_ADD] = "ipv6_add",
	[IFT_A6_REMOVE] = "ipv6_remove",
	[IFT_A6_PREFIX] = "ipv6_set_prefix",
	[IFT_A6_ENABLED] = "ipv6_set_enabled",
	[IFT_A6_LOOPBACK] = "ipv6_set_loopback",
	[IFT_A6_MULTICAST] = "ipv6_set_multicast_capable",
	[IFT_A6_ENDPOINT] = "ipv6_set_endpoint",
	[IFT_HINT_TREE_COMPLETE] = "hint_tree_complete",
	[IFT_HINT_UPDATES_MADE] = "hint_updates_made",
};

struct emitter {
	ift_emit_fn	 fn;
	void		*arg;
	const char	*ifname;
};

static void
emit(struct emitter *e, enum ift_op_type type, struct ift_op *op)
{
	op->type = type;
	op->ifname = e->ifname;
	e->fn(op, e->arg);
}

static void
emit_bool(struct emitter *e, enum ift_op_type type, bool b)
{
	struct ift_op	 op;

	memset(&op, 0, sizeof(op));
	op.b = b;
	emit(e, type, &op);
}

static void
emit_u32(struct emitter *e, enum ift_op_type type, uint32_t u)
{
	struct ift_op	 op;

	memset(&op, 0, sizeof(op));
	op.u = u;
	emit(e, type, &op);
}

/* Attribute ops of a4 that differ from o (o NULL: every attribute). */
static void
diff_a4(struct emitter *e, const struct ift_addr4 *o,
    const struct ift_addr4 *n)
{
	struct ift_op	 op;

	memset(&op, 0, sizeof(op));
	op.a4 = n->addr;
	if (o == NULL)
		emit(e, IFT_A4_ADD, &op);
#define A4(cond, type, set) do {			\
	if (o == NULL || (cond)) {			\
		memset(&op, 0, sizeof(op));		\
		op.a4 = n->addr;			\
		set;					\
		emit(e, type, &op);			\
	}						\
} while (0)
	A4(o->plen != n->plen, IFT_A4_PREFIX, op.u = n->plen);
	A4(o->enabled != n->enabled, IFT_A4_ENABLED, op.b = n->enabled);
	A4(o->multicast != n->multicast, IFT_A4_MULTICAST,
	    op.b = n->multicast);
	A4(o->loopback != n->loopback, IFT_A4_LOOPBACK, op.b = n->loopback);
	if (n->has_bcast)
		A4(!o->has_bcast || o->bcast.s_addr != n->bcast.s_addr,
		    IFT_A4_BROADCAST, op.v4 = n->bcast);
	if (n->has_peer)
		A4(!o->has_peer || o->peer.s_addr != n->peer.s_addr,
		    IFT_A4_ENDPOINT, op.v4 = n->peer);
#undef A4
}

static void
diff_a6(struct emitter *e, const struct ift_addr6 *o,
    const struct ift_addr6 *n)
{
	struct ift_op	 op;

	memset(&op, 0, sizeof(op));
	op.a6 = n->addr;
	if (o == NULL)
		emit(e, IFT_A6_ADD, &op);
#define A6(cond, type, set) do {			\
	if (o == NULL || (cond)) {			\
		memset(&op, 0, sizeof(op));		\
		op.a6 = n->addr;			\
		set;					\
		emit(e, type, &op);			\
	}						\
} while (0)
	A6(o->plen != n->plen, IFT_A6_PREFIX, op.u = n->plen);
	A6(o->enabled != n->enabled, IFT_A6_ENABLED, op.b = n->enabled);
	A6(o->loopback != n->loopback, IFT_A6_LOOPBACK, op.b = n->loopback);
	A6(o->multicast != n->multicast, IFT_A6_MULTICAST,
	    op.b = n->multicast);
	if (n->has_peer)
		A6(!o->has_peer || memcmp(&o->peer, &n->peer,
		    sizeof(n->peer)) != 0, IFT_A6_ENDPOINT, op.v6 = n->peer);
#undef A6
}

void
ift_diff(const struct ift_if *o, const struct ift_if *n, ift_emit_fn fn,
    void *arg)
{
	struct emitter		 e = { fn, arg, NULL };
	struct ift_op		 op;
	const struct ift_addr4	*a;
	const struct ift_addr6	*b;

	if (n == NULL) {
		if (o != NULL) {
			e.ifname = o->name;
			memset(&op, 0, sizeof(op));
			emit(&e, IFT_IF_REMOVE, &op);
		}
		return;
	}
	e.ifname = n->name;
	memset(&op, 0, sizeof(op));
	if (o == NULL)
		emit(&e, IFT_IF_ADD, &op);
	if (o == NULL || o->ifindex != n->ifindex)
		emit_u32(&e, IFT_IF_PIF_INDEX, n->ifindex);
	if (o == NULL || o->mtu != n->mtu)
		emit_u32(&e, IFT_IF_MTU, n->mtu);
	if (n->has_mac && (o == NULL || !o->has_mac ||
	    memcmp(&o->mac, &n->mac, sizeof(n->mac)) != 0)) {
		memset(&op, 0, sizeof(op));
		op.mac = n->mac;
		emit(&e, IFT_IF_MAC, &op);
	}
	if (o == NULL || o->no_carrier != n->no_carrier)
		emit_bool(&e, IFT_IF_NO_CARRIER, n->no_carrier);
	if (o == NULL || o->enabled != n->enabled)
		emit_bool(&e, IFT_IF_ENABLED, n->enabled);
	if (o == NULL || !o->has_vif) {
		memset(&op, 0, sizeof(op));
		emit(&e, IFT_VIF_ADD, &op);
		o = NULL;	/* every vif attribute and address follows */
	}
	if (o == NULL || o->ifindex != n->ifindex) {
		emit_u32(&e, IFT_VIF_PIF_INDEX, n->ifindex);
		emit_u32(&e, IFT_VIF_VIF_INDEX, n->ifindex);
	}
	if (o == NULL || o->enabled != n->enabled)
		emit_bool(&e, IFT_VIF_ENABLED, n->enabled);
	if (o == NULL || o->broadcast != n->broadcast)
		emit_bool(&e, IFT_VIF_BROADCAST, n->broadcast);
	if (o == NULL || o->multicast != n->multicast)
		emit_bool(&e, IFT_VIF_MULTICAST, n->multicast);
	if (o == NULL || o->p2p != n->p2p)
		emit_bool(&e, IFT_VIF_P2P, n->p2p);
	if (o == NULL || o->loopback != n->loopback)
		emit_bool(&e, IFT_VIF_LOOPBACK, n->loopback);

	if (o != NULL) {
		TAILQ_FOREACH(a, &o->a4, entry)
			if (ift_a4_find(n, a->addr) == NULL) {
				memset(&op, 0, sizeof(op));
				op.a4 = a->addr;
				emit(&e, IFT_A4_REMOVE, &op);
			}
		TAILQ_FOREACH(b, &o->a6, entry)
			if (ift_a6_find(n, &b->addr) == NULL) {
				memset(&op, 0, sizeof(op));
				op.a6 = b->addr;
				emit(&e, IFT_A6_REMOVE, &op);
			}
	}
	TAILQ_FOREACH(a, &n->a4, entry)
		diff_a4(&e, o ? ift_a4_find(o, a->addr) : NULL, a);
	TAILQ_FOREACH(b, &n->a6, entry)
		diff_a6(&e, o ? ift_a6_find(o, &b->addr) : NULL, b);
}

void
ift_dump(const struct iftree *t, ift_emit_fn fn, void *arg)
{
	const struct ift_if	*ifp;
	struct ift_op		 op;

	TAILQ_FOREACH(ifp, &t->ifs, entry)
		ift_diff(NULL, ifp, fn, arg);
	memset(&op, 0, sizeof(op));
	op.type = IFT_HINT_TREE_COMPLETE;
	op.ifname = "";
	fn(&op, arg);
}

static int
tree_insert(struct iftree *t, const char *name)
{
	struct ift_if	*ifp, *at;

	if (iftree_find(t, name) != NULL)
		return 0;
	if ((ifp = ift_if_alloc(name)) == NULL)
		return -1;
	TAILQ_FOREACH(at, &t->ifs, entry)
		if (strcmp(at->name, name) > 0)
			break;
	if (at != NULL)
		TAILQ_INSERT_BEFORE(at, ifp, entry);
	else
		TAILQ_INSERT_TAIL(&t->ifs, ifp, entry);
	t->n++;
	return 0;
}

int
ift_apply(struct iftree *t, const struct ift_op *op)
{
	struct ift_if		*ifp;
	struct ift_addr4	*a = NULL;
	struct ift_addr6	*b = NULL;

	switch (op->type) {
	case IFT_HINT_TREE_COMPLETE:
	case IFT_HINT_UPDATES_MADE:
		return 0;
	case IFT_IF_ADD:
		return tree_insert(t, op->ifname);
	default:
		break;
	}
	if (op->type < 0 || op->type >= IFT_OP_MAX ||
	    (ifp = iftree_find(t, op->ifname)) == NULL)
		return -1;
	switch (op->type) {
	case IFT_A4_REMOVE: case IFT_A4_PREFIX: case IFT_A4_ENABLED:
	case IFT_A4_MULTICAST: case IFT_A4_LOOPBACK: case IFT_A4_BROADCAST:
	case IFT_A4_ENDPOINT:
		if ((a = ift_a4_find(ifp, op->a4)) == NULL)
			return -1;
		break;
	case IFT_A6_REMOVE: case IFT_A6_PREFIX: case IFT_A6_ENABLED:
	case IFT_A6_LOOPBACK: case IFT_A6_MULTICAST: case IFT_A6_ENDPOINT:
		if ((b = ift_a6_find(ifp, &op->a6)) == NULL)
			return -1;
		break;
	default:
		break;
	}
	switch (op->type) {
	case IFT_IF_REMOVE:
		TAILQ_REMOVE(&t->ifs, ifp, entry);
		t->n--;
		ift_if_free(ifp);
		break;
	case IFT_IF_ENABLED:
	case IFT_VIF_ENABLED:
		ifp->enabled = op->b;
		break;
	case IFT_IF_MTU:
		ifp->mtu = op->u;
		break;
	case IFT_IF_MAC:
		ifp->mac = op->mac;
		ifp->has_mac = true;
		break;
	case IFT_IF_PIF_INDEX:
	case IFT_VIF_PIF_INDEX:
	case IFT_VIF_VIF_INDEX:
		ifp->ifindex = op->u;
		break;
	case IFT_IF_NO_CARRIER:
		ifp->no_carrier = op->b;
		break;
	case IFT_VIF_ADD:
		ifp->has_vif = true;
		break;
	case IFT_VIF_REMOVE:
		ifp->has_vif = false;
		while ((a = TAILQ_FIRST(&ifp->a4)) != NULL)
			ift_a4_del(ifp, a);
		while ((b = TAILQ_FIRST(&ifp->a6)) != NULL)
			ift_a6_del(ifp, b);
		break;
	case IFT_VIF_MULTICAST:
		ifp->multicast = op->b;
		break;
	case IFT_VIF_BROADCAST:
		ifp->broadcast = op->b;
		break;
	case IFT_VIF_P2P:
		ifp->p2p = op->b;
		break;
	case IFT_VIF_LOOPBACK:
		ifp->loopback = op->b;
		break;
	case IFT_A4_ADD:
		if (!ifp->has_vif || ift_a4_add(ifp, op->a4) == NULL)
			return -1;
		break;
	case IFT_A4_REMOVE:
		ift_a4_del(ifp, a);
		break;
	case IFT_A4_PREFIX:
		if (op->u > 32)
			return -1;
		a->plen = (uint8_t)op->u;
		break;
	case IFT_A4_ENABLED:
		a->enabled = op->b;
		break;
	case IFT_A4_MULTICAST:
		a->multicast = op->b;
		break;
	case IFT_A4_LOOPBACK:
		a->loopback = op->b;
		break;
	case IFT_A4_BROADCAST:
		a->bcast = op->v4;
		a->has_bcast = true;
		break;
	case IFT_A4_ENDPOINT:
		a->peer = op->v4;
		a->has_peer = true;
		break;
	case IFT_A6_ADD:
		if (!ifp->has_vif || ift_a6_add(ifp, &op->a6) == NULL)
			return -1;
		break;
	case IFT_A6_REMOVE:
		ift_a6_del(ifp, b);
		break;
	case IFT_A6_PREFIX:
		if (op->u > 128)
			return -1;
		b->plen = (uint8_t)op->u;
		break;
	case IFT_A6_ENABLED:
		b->enabled = op->b;
		break;
	case IFT_A6_LOOPBACK:
		b->loopback = op->b;
		break;
	case IFT_A6_MULTICAST:
		b->multicast = op->b;
		break;
	case IFT_A6_ENDPOINT:
		b->peer = op->v6;
		b->has_peer = true;
		break;
	default:
		return -1;
	}
	return 0;
}

/*
 * DOC: interface tree ops over XRL. ift_op_send() turns one op into its
 * fea_ifmgr_mirror/0.1 call (ribd's replicator side); the mirror side
 * (struct ifmirror) serves fea_ifmgr_mirror/0.1, turns each call back
 * into an op and applies it to its own tree, then tells the daemon.
 *
 * A daemon that mirrors calls ifmirror_register() once its router is
 * ready and again whenever the replicator's class is born anew (it learns
 * that from its own finder_event_observer/0.1): the tree is emptied and
 * refilled by the replicator's dump, so a restarted ribd is followed.
 */
#include <stdlib.h>
#include <string.h>

#include "fea_ifmgr_mirror_xif.h"
#include "ifmgr_replicator_xif.h"
#include "ifxrl.h"
#include "log.h"

#define M(name)	xrl_fea_ifmgr_mirror_v0p1_send_##name

int
ift_op_send(struct xrl_router *r, const char *target, const struct ift_op *op,
    ift_sent_fn cb, void *arg)
{
	const char	*n = op->ifname;

	switch (op->type) {
	case IFT_IF_ADD:
		return M(interface_add)(r, target, n, cb, arg);
	case IFT_IF_REMOVE:
		return M(interface_remove)(r, target, n, cb, arg);
	case IFT_IF_ENABLED:
		return M(interface_set_enabled)(r, target, n, op->b, cb, arg);
	case IFT_IF_MTU:
		return M(interface_set_mtu)(r, target, n, op->u, cb, arg);
	case IFT_IF_MAC:
		return M(interface_set_mac)(r, target, n, &op->mac, cb, arg);
	case IFT_IF_PIF_INDEX:
		return M(interface_set_pif_index)(r, target, n, op->u, cb,
		    arg);
	case IFT_IF_NO_CARRIER:
		return M(interface_set_no_carrier)(r, target, n, op->b, cb,
		    arg);
	case IFT_VIF_ADD:
		return M(vif_add)(r, target, n, n, cb, arg);
	case IFT_VIF_REMOVE:
		return M(vif_remove)(r, target, n, n, cb, arg);
	case IFT_VIF_ENABLED:
		return M(vif_set_enabled)(r, target, n, n, op->b, cb, arg);
	case IFT_VIF_MULTICAST:
		return M(vif_set_multicast_capable)(r, target, n, n, op->b,
		    cb, arg);
	case IFT_VIF_BROADCAST:
		return M(vif_set_broadcast_capable)(r, target, n, n, op->b,
		    cb, arg);
	case IFT_VIF_P2P:
		return M(vif_set_p2p_capable)(r, target, n, n, op->b, cb, arg);
	case IFT_VIF_LOOPBACK:
		return M(vif_set_loopback)(r, target, n, n, op->b, cb, arg);
	case IFT_VIF_PIF_INDEX:
		return M(vif_set_pif_index)(r, target, n, n, op->u, cb, arg);
	case IFT_VIF_VIF_INDEX:
		return M(vif_set_vif_index)(r, target, n, n, op->u, cb, arg);
	case IFT_A4_ADD:
		return M(ipv4_add)(r, target, n, n, &op->a4, cb, arg);
	case IFT_A4_REMOVE:
		return M(ipv4_remove)(r, target, n, n, &op->a4, cb, arg);
	case IFT_A4_PREFIX:
		return M(ipv4_set_prefix)(r, target, n, n, &op->a4, op->u, cb,
		    arg);
	case IFT_A4_ENABLED:
		return M(ipv4_set_enabled)(r, target, n, n, &op->a4, op->b, cb,
		    arg);
	case IFT_A4_MULTICAST:
		return M(ipv4_set_multicast_capable)(r, target, n, n, &op->a4,
		    op->b, cb, arg);
	case IFT_A4_LOOPBACK:
		return M(ipv4_set_loopback)(r, target, n, n, &op->a4, op->b,
		    cb, arg);
	case IFT_A4_BROADCAST:
		return M(ipv4_set_broadcast)(r, target, n, n, &op->a4, &op->v4,
		    cb, arg);
	case IFT_A4_ENDPOINT:
		return M(ipv4_set_endpoint)(r, target, n, n, &op->a4, &op->v4,
		    cb, arg);
	case IFT_A6_ADD:
		return M(ipv6_add)(r, target, n, n, &op->a6, cb, arg);
	case IFT_A6_REMOVE:
		return M(ipv6_remove)(r, target, n, n, &op->a6, cb, arg);
	case IFT_A6_PREFIX:
		return M(ipv6_set_prefix)(r, target, n, n, &op->a6, op->u, cb,
		    arg);
	case IFT_A6_ENABLED:
		return M(ipv6_set_enabled)(r, target, n, n, &op->a6, op->b, cb,
		    arg);
	case IFT_A6_LOOPBACK:
		return M(ipv6_set_loopback)(r, target, n, n, &op->a6, op->b,
		    cb, arg);
	case IFT_A6_MULTICAST:
		return M(ipv6_set_multicast_capable)(r, target, n, n, &op->a6,
		    op->b, cb, arg);
	case IFT_A6_ENDPOINT:
		return M(ipv6_set_endpoint)(r, target, n, n, &op->a6, &op->v6,
		    cb, arg);
	case IFT_HINT_TREE_COMPLETE:
		return M(hint_tree_complete)(r, target, cb, arg);
	case IFT_HINT_UPDATES_MADE:
		return M(hint_updates_made)(r, target, cb, arg);
	default:
		return -1;
	}
}

struct ifmirror {
	struct xrl_router		*r;
	struct xrl_target		*target;
	char				*replicator;
	struct iftree			 tree;
	struct ifmirror_cbs		 cbs;
	void				*arg;
	bool				 complete;
	unsigned			 rejected;
};

/* Every mirror method funnels into here. */
static void
mirror_op(struct ifmirror *m, struct xrl_error *err, struct ift_op *op)
{
	if (op->type != IFT_HINT_TREE_COMPLETE &&
	    op->type != IFT_HINT_UPDATES_MADE && (*op->ifname == '\0' ||
	    strlen(op->ifname) >= IFT_NAMSIZ)) {
		xrl_error_set(err, XRL_BAD_ARGS, "ifname: bad name");
		return;
	}
	if (ift_apply(&m->tree, op) == -1) {
		m->rejected++;
		xrl_error_set(err, XRL_COMMAND_FAILED, "%s %s: does not fit "
		    "the tree", ift_op_names[op->type], op->ifname);
		return;
	}
	if (op->type == IFT_HINT_TREE_COMPLETE)
		m->complete = true;
	if (m->cbs.op != NULL)
		m->cbs.op(op, m->arg);
}

#define OP(t)	struct ift_op op; memset(&op, 0, sizeof(op)); \
		op.type = (t); op.ifname = ifname
#define VIF()	do { if (strcmp(vifname, ifname) != 0) {		\
		xrl_error_set(err, XRL_BAD_ARGS, "vifname: must be the "	\
		    "interface name"); return; } } while (0)

static void
m_if_add(void *c, struct xrl_error *err, const char *ifname)
{
	OP(IFT_IF_ADD);
	mirror_op(c, err, &op);
}

static void
m_if_remove(void *c, struct xrl_error *err, const char *ifname)
{
	OP(IFT_IF_REMOVE);
	mirror_op(c, err, &op);
}

#define IF_BOOL(fn, t)							\
static void								\
fn(void *c, struct xrl_error *err, const char *ifname, bool v)		\
{									\
	OP(t);								\
	op.b = v;							\
	mirror_op(c, err, &op);						\
}
#define IF_U32(fn, t)							\
static void								\
fn(void *c, struct xrl_error *err, const char *ifname, uint32_t v)	\
{									\
	OP(t);								\
	op.u = v;							\
	mirror_op(c, err, &op);						\
}
#define VIF_BOOL(fn, t)							\
static void								\
fn(void *c, struct xrl_error *err, const char *ifname,			\
    const char *vifname, bool v)					\
{									\
	OP(t);								\
	VIF();								\
	op.b = v;							\
	mirror_op(c, err, &op);						\
}
#define VIF_U32(fn, t)							\
static void								\
fn(void *c, struct xrl_error *err, const char *ifname,			\
    const char *vifname, uint32_t v)					\
{									\
	OP(t);								\
	VIF();								\
	op.u = v;							\
	mirror_op(c, err, &op);						\
}
#define A4_SET(fn, t, T, field)						\
static void								\
fn(void *c, struct xrl_error *err, const char *ifname,			\
    const char *vifname, const struct in_addr *a, T v)			\
{									\
	OP(t);								\
	VIF();								\
	op.a4 = *a;							\
	field;								\
	mirror_op(c, err, &op);						\
}
#define A6_SET(fn, t, T, field)						\
static void								\
fn(void *c, struct xrl_error *err, const char *ifname,			\
    const char *vifname, const struct in6_addr *a, T v)		\
{									\
	OP(t);								\
	VIF();								\
	op.a6 = *a;							\
	field;								\
	mirror_op(c, err, &op);						\
}

IF_BOOL(m_if_enabled, IFT_IF_ENABLED)
IF_U32(m_if_mtu, IFT_IF_MTU)
IF_U32(m_if_pif, IFT_IF_PIF_INDEX)
IF_BOOL(m_if_no_carrier, IFT_IF_NO_CARRIER)
VIF_BOOL(m_vif_enabled, IFT_VIF_ENABLED)
VIF_BOOL(m_vif_mcast, IFT_VIF_MULTICAST)
VIF_BOOL(m_vif_bcast, IFT_VIF_BROADCAST)
VIF_BOOL(m_vif_p2p, IFT_VIF_P2P)
VIF_BOOL(m_vif_loop, IFT_VIF_LOOPBACK)
VIF_U32(m_vif_pif, IFT_VIF_PIF_INDEX)
VIF_U32(m_vif_vif, IFT_VIF_VIF_INDEX)
A4_SET(m_a4_prefix, IFT_A4_PREFIX, uint32_t, op.u = v)
A4_SET(m_a4_enabled, IFT_A4_ENABLED, bool, op.b = v)
A4_SET(m_a4_mcast, IFT_A4_MULTICAST, bool, op.b = v)
A4_SET(m_a4_loop, IFT_A4_LOOPBACK, bool, op.b = v)
A4_SET(m_a4_bcast, IFT_A4_BROADCAST, const struct in_addr *, op.v4 = *v)
A4_SET(m_a4_peer, IFT_A4_ENDPOINT, const struct in_addr *, op.v4 = *v)
A6_SET(m_a6_prefix, IFT_A6_PREFIX, uint32_t, op.u = v)
A6_SET(m_a6_enabled, IFT_A6_ENABLED, bool, op.b = v)
A6_SET(m_a6_loop, IFT_A6_LOOPBACK, bool, op.b = v)
A6_SET(m_a6_mcast, IFT_A6_MULTICAST, bool, op.b = v)
A6_SET(m_a6_peer, IFT_A6_ENDPOINT, const struct in6_addr *, op.v6 = *v)

static void
m_if_mac(void *c, struct xrl_error *err, const char *ifname,
    const struct mac *mac)
{
	OP(IFT_IF_MAC);
	op.mac = *mac;
	mirror_op(c, err, &op);
}

static void
m_vif_add(void *c, struct xrl_error *err, const char *ifname,
    const char *vifname)
{
	OP(IFT_VIF_ADD);
	VIF();
	mirror_op(c, err, &op);
}

static void
m_vif_remove(void *c, struct xrl_error *err, const char *ifname,
    const char *vifname)
{
	OP(IFT_VIF_REMOVE);
	VIF();
	mirror_op(c, err, &op);
}

static void
m_a4_add(void *c, struct xrl_error *err, const char *ifname,
    const char *vifname, const struct in_addr *a)
{
	OP(IFT_A4_ADD);
	VIF();
	op.a4 = *a;
	mirror_op(c, err, &op);
}

static void
m_a4_remove(void *c, struct xrl_error *err, const char *ifname,
    const char *vifname, const struct in_addr *a)
{
	OP(IFT_A4_REMOVE);
	VIF();
	op.a4 = *a;
	mirror_op(c, err, &op);
}

static void
m_a6_add(void *c, struct xrl_error *err, const char *ifname,
    const char *vifname, const struct in6_addr *a)
{
	OP(IFT_A6_ADD);
	VIF();
	op.a6 = *a;
	mirror_op(c, err, &op);
}

static void
m_a6_remove(void *c, struct xrl_error *err, const char *ifname,
    const char *vifname, const struct in6_addr *a)
{
	OP(IFT_A6_REMOVE);
	VIF();
	op.a6 = *a;
	mirror_op(c, err, &op);
}

static void
m_hint_complete(void *c, struct xrl_error *err)
{
	struct ift_op	 op;

	memset(&op, 0, sizeof(op));
	op.type = IFT_HINT_TREE_COMPLETE;
	op.ifname = "";
	mirror_op(c, err, &op);
}

static void
m_hint_updates(void *c, struct xrl_error *err)
{
	struct ift_op	 op;

	memset(&op, 0, sizeof(op));
	op.type = IFT_HINT_UPDATES_MADE;
	op.ifname = "";
	mirror_op(c, err, &op);
}

static const struct xrl_fea_ifmgr_mirror_v0p1 mirror_impl = {
	.interface_add = m_if_add,
	.interface_remove = m_if_remove,
	.interface_set_enabled = m_if_enabled,
	.interface_set_mtu = m_if_mtu,
	.interface_set_mac = m_if_mac,
	.interface_set_pif_index = m_if_pif,
	.interface_set_no_carrier = m_if_no_carrier,
	.vif_add = m_vif_add,
	.vif_remove = m_vif_remove,
	.vif_set_enabled = m_vif_enabled,
	.vif_set_multicast_capable = m_vif_mcast,
	.vif_set_broadcast_capable = m_vif_bcast,
	.vif_set_p2p_capable = m_vif_p2p,
	.vif_set_loopback = m_vif_loop,
	.vif_set_pif_index = m_vif_pif,
	.vif_set_vif_index = m_vif_vif,
	.ipv4_add = m_a4_add,
	.ipv4_remove = m_a4_remove,
	.ipv4_set_prefix = m_a4_prefix,
	.ipv4_set_enabled = m_a4_enabled,
	.ipv4_set_multicast_capable = m_a4_mcast,
	.ipv4_set_loopback = m_a4_loop,
	.ipv4_set_broadcast = m_a4_bcast,
	.ipv4_set_endpoint = m_a4_peer,
	.ipv6_add = m_a6_add,
	.ipv6_remove = m_a6_remove,
	.ipv6_set_prefix = m_a6_prefix,
	.ipv6_set_enabled = m_a6_enabled,
	.ipv6_set_loopback = m_a6_loop,
	.ipv6_set_multicast_capable = m_a6_mcast,
	.ipv6_set_endpoint = m_a6_peer,
	.hint_tree_complete = m_hint_complete,
	.hint_updates_made = m_hint_updates,
};

struct ifmirror *
ifmirror_new(struct xrl_target *target, struct xrl_router *r,
    const char *replicator, const struct ifmirror_cbs *cbs, void *arg)
{
	struct ifmirror	*m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if ((m->replicator = strdup(replicator)) == NULL) {
		free(m);
		return NULL;
	}
	m->r = r;
	m->target = target;
	iftree_init(&m->tree);
	if (cbs != NULL)
		m->cbs = *cbs;
	m->arg = arg;
	if (xrl_fea_ifmgr_mirror_v0p1_register(xrl_target_dispatch(target),
	    &mirror_impl, m) == -1) {
		ifmirror_free(m);
		return NULL;
	}
	return m;
}

void
ifmirror_free(struct ifmirror *m)
{
	if (m == NULL)
		return;
	iftree_clear(&m->tree);
	free(m->replicator);
	free(m);
}

static void
registered(const struct xrl_error *err, void *arg)
{
	struct ifmirror	*m = arg;
	char		 buf[256];

	if (err->code != XRL_OKAY)
		log_warnx("ifmirror: register with %s: %s", m->replicator,
		    xrl_error_print(err, buf, sizeof(buf)));
}

int
ifmirror_register(struct ifmirror *m)
{
	struct ift_if	*ifp;
	struct ift_op	 op;

	/* Forget the old tree, telling the daemon its interfaces went. */
	while ((ifp = TAILQ_FIRST(&m->tree.ifs)) != NULL) {
		memset(&op, 0, sizeof(op));
		op.type = IFT_IF_REMOVE;
		op.ifname = ifp->name;
		if (m->cbs.op != NULL)
			m->cbs.op(&op, m->arg);
		TAILQ_REMOVE(&m->tree.ifs, ifp, entry);
		m->tree.n--;
		ift_if_free(ifp);
	}
	m->complete = false;
	return xrl_ifmgr_replicator_v0p1_send_register_ifmgr_mirror(m->r,
	    m->replicator, xrl_target_instance(m->target), registered, m);
}

const struct iftree *
ifmirror_tree(const struct ifmirror *m)
{
	return &m->tree;
}

bool
ifmirror_complete(const struct ifmirror *m)
{
	return m->complete;
}

unsigned
ifmirror_rejected(const struct ifmirror *m)
{
	return m->rejected;
}

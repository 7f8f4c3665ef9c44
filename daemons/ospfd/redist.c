/*
 * DOC: redist: routes from ribd as AS-external LSAs (RFC 2328 12.4.4),
 * with FRRouting's "redistribute <connected|static|kernel> [metric N]
 * [metric-type 1|2]" (default metric 20, type 2). ribd sends the routes of
 * each enabled source over redist4/0.1 (a dump, then every change), with
 * the source's name as the cookie. The prefixes held are a keyset keyed
 * (5, address, length << 8 | source), so a prefix that two sources give
 * is originated once and withdrawn (flushed) when the last one takes it
 * back. Our router-LSA carries the E bit while anything is redistributed.
 *
 * "default-information originate [always]" announces 0.0.0.0/0 the same
 * way: always, or while one of ribd's sources has a default route (the
 * sources are then read for that route alone if not redistributed).
 *
 * Each prefix goes out as a type-5 LSA into every normal area and as a
 * type-7 LSA (RFC 3101) into every NSSA; stub areas get nothing.
 *
 * Limits: the Link State ID is the network address, so two prefixes that
 * differ only in length share one LSA (RFC 2328 appendix E is not done).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ospfd.h"
#include "redist4_xif.h"
#include "rib_xif.h"
#include "vty.h"

static const char *const src_names[REDIST_MAX] = {
	[REDIST_CONNECTED] = "connected",
	[REDIST_STATIC] = "static",
	[REDIST_KERNEL] = "kernel",
};

const char *
redist_src_name(unsigned s)
{
	return s < REDIST_MAX ? src_names[s] : "unknown";
}

static int
src_of(const char *name)
{
	int	 i;

	for (i = 0; i < REDIST_MAX; i++)
		if (name != NULL && strcmp(name, src_names[i]) == 0)
			return i;
	return -1;
}

bool
redist_asbr(const struct ospfd *od)
{
	int	 i;

	if (od->conf.definfo.on)
		return true;
	for (i = 0; i < REDIST_MAX; i++)
		if (od->conf.redist[i].on)
			return true;
	return false;
}

/* The first enabled source that holds the prefix, or -1. */
static int
ext_src(const struct ospfd *od, uint32_t addr, uint8_t plen)
{
	int	 i;

	for (i = 0; i < REDIST_MAX; i++)
		if (od->conf.redist[i].on && keyset_find(&od->ext,
		    LSA_TYPE_EXTERNAL, addr, (uint32_t)plen << 8 | i) != NULL)
			return i;
	return -1;
}

/* Whether our redistribution announces something with this LS ID. */
bool
redist_owns(const struct ospfd *od, uint32_t id)
{
	unsigned	 plen;

	if (id == 0)
		return od->conf.definfo.on;
	for (plen = 1; plen <= 32; plen++)
		if ((id & ospf_plen_mask((uint8_t)plen)) == id &&
		    ext_src(od, id, (uint8_t)plen) >= 0)
			return true;
	return false;
}

/* Whether we announce a default route: always, or while ribd has one. */
static bool
def_wanted(const struct ospfd *od)
{
	return od->conf.definfo.on && (od->conf.definfo.always ||
	    od->def_srcs != 0);
}

/* Flush our LSA of this type and ID in every area that holds one. */
void
redist_lsa_flush(struct ospfd *od, uint8_t type, uint32_t id)
{
	struct ospf_area	*a;
	struct lsdb_entry	*e;

	TAILQ_FOREACH(a, &od->areas, entry)
		if ((e = lsdb_lookup(a->db, type, id, od->rtr_id)) != NULL &&
		    lsdb_age(e, ospf_now()) < OSPF_MAX_AGE)
			origin_flush(a, e);
}

/*
 * Our AS-external LSA x with ID id in area a (type 5, or 7 in an NSSA
 * with the P bit unless we are a border router, RFC 3101 2.4), installed
 * and flooded if new, changed or forced. Nothing in a stub area.
 */
void
redist_lsa_put(struct ospf_area *a, uint8_t type, uint32_t id,
    const struct lsa_external *x, bool force)
{
	struct ospfd		*od = a->od;
	struct lsa_hdr		 h;
	struct buf		 b = BUF_INIT;
	size_t			 start;

	if (!area_lsa_ok(a, type))
		return;
	memset(&h, 0, sizeof(h));
	h.options = type == LSA_TYPE_NSSA ? (od->abr ? 0 : OSPF_OPT_NP) :
	    OSPF_OPT_E;
	h.type = type;
	h.id = id;
	h.adv_rtr = od->rtr_id;
	if ((h.seq = origin_seq(a, type, id)) == 0)
		return;		/* the wrap: flushed, anew when gone */
	start = lsa_begin(&b, &h);
	lsa_external_put(&b, x);
	origin_update(a, &h, &b, start, force);
	buf_free(&b);
}

/*
 * RFC 3101 2.3: a type-7 LSA with the P bit carries a forwarding
 * address, one of ours in the NSSA: a loopback there if any, else the
 * first interface up.
 */
static uint32_t
nssa_fwd(const struct ospf_area *a)
{
	const struct ospf_if	*oif, *any = NULL;

	TAILQ_FOREACH(oif, &a->od->ifs, entry) {
		if (oif->area != a || !oif->up)
			continue;
		if (oif->loopback)
			return oif->addr;
		if (any == NULL)
			any = oif;
	}
	return any != NULL ? any->addr : 0;
}

/* One prefix of ours in every area as its kind wants it. */
static void
ext_put_all(struct ospfd *od, uint32_t addr, uint8_t plen, uint32_t metric,
    uint8_t mtype, bool force)
{
	struct ospf_area	*a;
	struct lsa_external	 x;

	TAILQ_FOREACH(a, &od->areas, entry) {
		memset(&x, 0, sizeof(x));
		x.mask = ospf_plen_mask(plen);
		x.ebit = mtype != 1;
		x.metric = metric;
		if (a->type == AREA_NSSA) {
			if (!od->abr)
				x.fwd = nssa_fwd(a);
			redist_lsa_put(a, LSA_TYPE_NSSA, addr, &x, force);
		} else if (a->type == AREA_NORMAL)
			redist_lsa_put(a, LSA_TYPE_EXTERNAL, addr, &x, force);
	}
}

static void
ext_withdraw(struct ospfd *od, uint32_t addr)
{
	redist_lsa_flush(od, LSA_TYPE_EXTERNAL, addr);
	redist_lsa_flush(od, LSA_TYPE_NSSA, addr);
}

/* The default route's LSAs as default-information originate says. */
static void
def_originate(struct ospfd *od, bool force)
{
	const struct ospf_definfo *d = &od->conf.definfo;

	if (od->rtr_id == 0)
		return;
	if (!def_wanted(od))
		ext_withdraw(od, 0);
	else
		ext_put_all(od, 0, 0, d->metric >= 0 ? (uint32_t)d->metric :
		    OSPF_DEF_EXT_METRIC, d->type, force);
}

/* Originate (or refresh, force) the LSAs for one prefix. */
static void
ext_originate(struct ospfd *od, uint32_t addr, uint8_t plen, bool force)
{
	int			 src = ext_src(od, addr, plen);
	const struct ospf_redist *r;

	if (od->rtr_id == 0)
		return;		/* kept; originated once an area exists */
	if (src < 0) {
		ext_withdraw(od, addr);
		return;
	}
	r = &od->conf.redist[src];
	ext_put_all(od, addr, plen, r->metric >= 0 ? (uint32_t)r->metric :
	    OSPF_DEF_EXT_METRIC, r->type, force);
}

/* 13.4 and the refresh: one of ours, still wanted? */
bool
redist_self(struct ospf_area *a, struct lsdb_entry *e)
{
	struct ospfd	*od = a->od;
	uint8_t		 plen = ospf_mask_plen(e->lsa.u.external.mask);

	if (e->lsa.hdr.id == 0 && plen == 0) {
		if (!def_wanted(od))
			return false;
		def_originate(od, true);
		return true;
	}
	if (ext_src(od, e->lsa.hdr.id, plen) < 0)
		return false;
	ext_originate(od, e->lsa.hdr.id, plen, true);
	return true;
}

/* ---- redist4/0.1 from ribd */

/*
 * Never announced: the default route (that is default-information
 * originate's), loopback 127/8, link-local 169.254/16, multicast and
 * class E.
 */
static bool
ext_allowed(const struct prefix4 *p)
{
	uint32_t	 a = ntohl(p->addr.s_addr);

	if (p->len == 0 || (a >> 24) == 127 || (a >> 16) == 0xa9fe ||
	    (a >> 28) >= 0xe)
		return false;
	return true;
}

/* Inside one of our network statements (FRRouting's prefix_match()). */
static bool
ospf_network(const struct ospfd *od, const struct prefix4 *p)
{
	const struct ospf_netconf	*n;
	uint32_t			 a = ntohl(p->addr.s_addr);

	TAILQ_FOREACH(n, &od->conf.nets, entry)
		if (n->plen <= p->len && (a & ospf_plen_mask(n->plen)) ==
		    n->addr)
			return true;
	return false;
}

static void
r_add(void *ctx, struct xrl_error *err, const struct prefix4 *dst,
    const struct in_addr *nexthop, const char *ifname, const char *vifname,
    uint32_t metric, uint32_t admin_distance, const char *cookie,
    const char *origin)
{
	struct ospfd	*od = ctx;
	struct lsa_hdr	 h;
	int		 src = src_of(cookie);

	(void)err; (void)nexthop; (void)ifname; (void)vifname; (void)metric;
	(void)admin_distance; (void)origin;
	if (src >= 0 && dst->len == 0) {
		od->def_srcs |= 1U << src;
		def_originate(od, false);
		return;
	}
	if (src < 0 || !od->conf.redist[src].on || !ext_allowed(dst))
		return;
	/* As FRRouting: a connected network that OSPF runs on is already
	 * announced inside the domain, not as an external. */
	if (src == REDIST_CONNECTED && ospf_network(od, dst))
		return;
	memset(&h, 0, sizeof(h));
	h.type = LSA_TYPE_EXTERNAL;
	h.id = ntohl(dst->addr.s_addr);
	h.adv_rtr = (uint32_t)dst->len << 8 | (uint32_t)src;
	if (!keyset_add(&od->ext, &h))
		return;
	ext_originate(od, h.id, dst->len, false);
}

static void
r_delete(void *ctx, struct xrl_error *err, const struct prefix4 *dst,
    const struct in_addr *nexthop, const char *ifname, const char *vifname,
    uint32_t metric, uint32_t admin_distance, const char *cookie,
    const char *origin)
{
	struct ospfd	*od = ctx;
	int		 src = src_of(cookie);
	uint32_t	 addr = ntohl(dst->addr.s_addr);

	(void)err; (void)nexthop; (void)ifname; (void)vifname; (void)metric;
	(void)admin_distance; (void)origin;
	if (src >= 0 && dst->len == 0) {
		od->def_srcs &= ~(1U << src);
		def_originate(od, false);
		return;
	}
	if (src < 0 || !keyset_del(&od->ext, LSA_TYPE_EXTERNAL, addr,
	    (uint32_t)dst->len << 8 | (uint32_t)src))
		return;
	ext_originate(od, addr, dst->len, false);
}

static void
r_dump(void *ctx, struct xrl_error *err, const char *cookie)
{
	(void)ctx; (void)err; (void)cookie;
}

static const struct xrl_redist4_v0p1 redist_impl = {
	.add_route = r_add,
	.delete_route = r_delete,
	.starting_route_dump = r_dump,
	.finishing_route_dump = r_dump,
};

int
redist_xrl_init(struct ospfd *od)
{
	keyset_init(&od->ext);
	return xrl_redist4_v0p1_register(xrl_target_dispatch(od->t),
	    &redist_impl, od);
}

static void
sent(const struct xrl_error *err, void *arg)
{
	(void)arg;
	if (err->code != XRL_OKAY)
		log_warnx("ribd: redistribution: %s", err->note);
}

/* Drop what one source gave: its prefixes go, or to another source. */
static void
redist_forget(struct ospfd *od, int src)
{
	struct lsa_hdr	*h, *keys = NULL;
	size_t		 i = 0, n = 0, k;

	if (od->ext.n > 0 && (keys = calloc(od->ext.n, sizeof(*keys))) ==
	    NULL)
		return;
	while ((h = keyset_next(&od->ext, &i)) != NULL)
		if ((int)(h->adv_rtr & 0xff) == src)
			keys[n++] = *h;
	for (k = 0; k < n; k++) {
		keyset_del(&od->ext, LSA_TYPE_EXTERNAL, keys[k].id,
		    keys[k].adv_rtr);
		ext_originate(od, keys[k].id, (uint8_t)(keys[k].adv_rtr >> 8),
		    false);
	}
	free(keys);
}

/* The configuration changed: tell ribd, originate or flush, E bit. */
void
redist_apply(struct ospfd *od)
{
	struct ospf_area *a;
	struct lsa_hdr	*h;
	struct prefix4	 all;
	size_t		 i = 0;
	int		 s;

	if (od->check || od->r == NULL)
		return;
	memset(&all, 0, sizeof(all));
	for (s = 0; s < REDIST_MAX; s++) {
		/* A source is also read for its default route alone. */
		bool on = od->conf.redist[s].on || (od->conf.definfo.on &&
		    !od->conf.definfo.always);

		if (on && !od->redist_sent[s] && od->rib_ready &&
		    xrl_rib_v0p1_send_redist_enable4(od->r, "rib",
		    xrl_target_instance(od->t), src_names[s], true, false, &all,
		    src_names[s], sent, od) == 0)
			od->redist_sent[s] = true;
		if (!on && od->redist_sent[s]) {
			(void)xrl_rib_v0p1_send_redist_disable4(od->r, "rib",
			    xrl_target_instance(od->t), src_names[s], true,
			    false, src_names[s], sent, od);
			od->redist_sent[s] = false;
		}
		if (!on)
			od->def_srcs &= ~(1U << s);
		if (!od->conf.redist[s].on)
			redist_forget(od, s);
	}
	def_originate(od, false);
	/* Metric or type may have changed: every LSA as it should be. */
	while ((h = keyset_next(&od->ext, &i)) != NULL)
		ext_originate(od, h->id, (uint8_t)(h->adv_rtr >> 8), false);
	TAILQ_FOREACH(a, &od->areas, entry)
		origin_rtr_lsa(a);
}

void
redist_rib_ready(struct ospfd *od)
{
	int	 s;

	for (s = 0; s < REDIST_MAX; s++)
		od->redist_sent[s] = false;
	redist_apply(od);
}

void
redist_fini(struct ospfd *od)
{
	keyset_clear(&od->ext);
}

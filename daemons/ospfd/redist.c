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
 * Limits: the Link State ID is the network address, so two prefixes that
 * differ only in length share one LSA (RFC 2328 appendix E is not done);
 * one area in this version, where the AS-external LSAs live too.
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

static void
ext_withdraw(struct ospfd *od, uint32_t addr)
{
	struct ospf_area	*a;
	struct lsdb_entry	*e;

	TAILQ_FOREACH(a, &od->areas, entry)
		if ((e = lsdb_lookup(a->db, LSA_TYPE_EXTERNAL, addr,
		    od->rtr_id)) != NULL && lsdb_age(e, ospf_now()) <
		    OSPF_MAX_AGE)
			origin_flush(a, e);
}

/* Originate (or refresh, force) the LSA for one prefix in every area. */
static void
ext_originate(struct ospfd *od, uint32_t addr, uint8_t plen, bool force)
{
	int			 src = ext_src(od, addr, plen);
	struct ospf_area	*a;

	if (od->rtr_id == 0)
		return;		/* kept; originated once an area exists */
	if (src < 0) {
		ext_withdraw(od, addr);
		return;
	}
	TAILQ_FOREACH(a, &od->areas, entry) {
		const struct ospf_redist *r = &od->conf.redist[src];
		struct lsdb_entry *e = lsdb_lookup(a->db, LSA_TYPE_EXTERNAL,
		    addr, od->rtr_id);
		struct lsa_external x;
		struct lsa_hdr	 h;
		struct buf	 b = BUF_INIT;
		size_t		 start;

		memset(&h, 0, sizeof(h));
		h.options = OSPF_OPT_E;
		h.type = LSA_TYPE_EXTERNAL;
		h.id = addr;
		h.adv_rtr = od->rtr_id;
		h.seq = e != NULL ? e->lsa.hdr.seq + 1 : OSPF_INITIAL_SEQ;
		if (e != NULL && e->lsa.hdr.seq == OSPF_MAX_SEQ) {
			/* The wrap: flush; originated anew when it is gone. */
			if (lsdb_age(e, ospf_now()) < OSPF_MAX_AGE)
				origin_flush(a, e);
			continue;
		}
		memset(&x, 0, sizeof(x));
		x.mask = ospf_plen_mask(plen);
		x.ebit = r->type != 1;
		x.metric = r->metric >= 0 ? (uint32_t)r->metric :
		    OSPF_DEF_EXT_METRIC;
		start = lsa_begin(&b, &h);
		lsa_external_put(&b, &x);
		if (buf_ok(&b) && (force || e == NULL || lsdb_age(e,
		    ospf_now()) >= OSPF_MAX_AGE || e->len != b.len - start ||
		    memcmp(e->bytes + LSA_HDR_LEN, b.data + start +
		    LSA_HDR_LEN, e->len - LSA_HDR_LEN) != 0))
			origin_install(a, &b, start);
		buf_free(&b);
	}
}

/* 13.4 and the refresh: one of ours, still wanted? */
bool
redist_self(struct ospf_area *a, struct lsdb_entry *e)
{
	struct ospfd	*od = a->od;
	uint8_t		 plen = ospf_mask_plen(e->lsa.u.external.mask);

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
	if (src < 0 || !od->conf.redist[src].on || !ext_allowed(dst))
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
		bool on = od->conf.redist[s].on;

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
			redist_forget(od, s);
	}
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

/*
 * DOC: origin: the LSAs this router originates (RFC 2328 12.4): one
 * router-LSA per area and a network-LSA per interface where we are DR
 * with at least one full adjacency. Origination is rate-limited by
 * MinLSInterval, skipped when the body would not change, refreshed every
 * LSRefreshTime, and handles sequence number wrap (12.1.6, flush then
 * start again at InitialSequenceNumber) and our own LSAs arriving from
 * the network (13.4: a newer instance gets a newer one of ours, an
 * unwanted one is flushed).
 */
#include <stdlib.h>
#include <string.h>

#include "ospfd.h"

#define MAX_LINKS	1024

static void
lsa_hdr_self(struct ospf_area *a, struct lsa_hdr *h, uint8_t type,
    uint32_t id, uint32_t seq)
{
	struct ospfd	*od = a->od;

	memset(h, 0, sizeof(*h));
	h->options = area_options(a);
	h->type = type;
	h->id = id;
	h->adv_rtr = od->rtr_id;
	h->seq = seq;
}

/* The next sequence number, or 0 at the wrap: flush first. */
uint32_t
origin_seq(struct ospf_area *a, uint8_t type, uint32_t id)
{
	struct lsdb_entry *e = lsdb_lookup(a->db, type, id, a->od->rtr_id);

	if (e == NULL)
		return OSPF_INITIAL_SEQ;
	if (e->lsa.hdr.seq == OSPF_MAX_SEQ) {
		if (lsdb_age(e, ospf_now()) < OSPF_MAX_AGE)
			origin_flush(a, e);
		return 0;
	}
	return e->lsa.hdr.seq + 1;
}

void
origin_install(struct ospf_area *a, struct buf *b, size_t start)
{
	struct ospfd		*od = a->od;
	struct lsdb_entry	*e;
	struct lsa_hdr		 h;

	if (!lsa_finish(b, start) ||
	    lsa_hdr_parse(b->data + start, b->len - start, &h) != OSPF_OK)
		return;
	switch (lsdb_install(a->db, b->data + start, b->len - start,
	    ospf_now())) {
	case LSDB_NEW:
	case LSDB_NEWER:
		break;
	default:
		log_warnx("could not install our %s LSA", lsa_type_name(h.type));
		return;
	}
	e = lsdb_lookup(a->db, h.type, h.id, h.adv_rtr);
	od->lsa_originated++;
	flood_lsa(a, e, NULL);
	spf_schedule(od);
}

/* Premature aging (14.1): MaxAge, flooded, removed when acknowledged. */
void
origin_flush(struct ospf_area *a, struct lsdb_entry *e)
{
	struct lsdb_entry *ne;
	struct lsa_hdr	 h = e->lsa.hdr;
	uint8_t		*copy;
	size_t		 len = e->len;

	if ((copy = malloc(len)) == NULL)
		return;
	memcpy(copy, e->bytes, len);
	copy[0] = OSPF_MAX_AGE >> 8;
	copy[1] = OSPF_MAX_AGE & 0xff;
	(void)lsdb_install(a->db, copy, len, ospf_now());
	free(copy);
	ne = lsdb_lookup(a->db, h.type, h.id, h.adv_rtr);
	if (ne == NULL || lsdb_age(ne, ospf_now()) < OSPF_MAX_AGE)
		return;
	h.age = OSPF_MAX_AGE;
	keyset_add(&a->maxage, &h);
	flood_lsa(a, ne, NULL);
	spf_schedule(a->od);
}

/* ---- router-LSA (12.4.1) */

static size_t
full_nbrs(const struct ospf_if *oif)
{
	const struct ospf_nbr *nbr;
	size_t		 n = 0;

	TAILQ_FOREACH(nbr, &oif->nbrs, entry)
		if (nbr->nsm.state == NSM_STA_FULL)
			n++;
	return n;
}

static bool
full_with_dr(const struct ospf_if *oif)
{
	const struct ospf_nbr *nbr;

	TAILQ_FOREACH(nbr, &oif->nbrs, entry)
		if (nbr->nsm.state == NSM_STA_FULL &&
		    nbr->addr == oif->ism.dr)
			return true;
	return false;
}

static size_t
rtr_links(struct ospf_area *a, struct lsa_rtr_link *l, size_t max)
{
	struct ospf_if	*oif;
	struct ospf_nbr	*nbr;
	size_t		 n = 0;

#define ADD(t, i, d, m) do {						\
	if (n < max) {							\
		l[n].type = (t); l[n].id = (i); l[n].data = (d);	\
		l[n].metric = maxmetric_link(a->od, (t), (m)); n++;	\
	}								\
} while (0)
	TAILQ_FOREACH(oif, &a->od->ifs, entry) {
		if (oif->area != a || !oif->up ||
		    oif->ism.state == ISM_STA_DOWN)
			continue;
		if (oif->net == ISM_NET_VIRTUAL) {
			TAILQ_FOREACH(nbr, &oif->nbrs, entry)
				if (nbr->nsm.state == NSM_STA_FULL)
					ADD(LSA_LINK_VIRTUAL, nbr->rtr_id,
					    oif->addr, oif->cost);
			continue;
		}
		if (oif->ism.state == ISM_STA_LOOPBACK || oif->loopback) {
			ADD(LSA_LINK_STUB, oif->addr, 0xffffffffU, 0);
			continue;
		}
		if (oif->net == ISM_NET_PTP) {
			TAILQ_FOREACH(nbr, &oif->nbrs, entry)
				if (nbr->nsm.state == NSM_STA_FULL)
					ADD(LSA_LINK_P2P, nbr->rtr_id,
					    oif->addr, oif->cost);
			if (oif->peer != 0 && oif->plen == 32)
				ADD(LSA_LINK_STUB, oif->peer, 0xffffffffU,
				    oif->cost);
			else
				ADD(LSA_LINK_STUB, oif->addr & oif->mask,
				    oif->mask, oif->cost);
			continue;
		}
		if (oif->ism.state != ISM_STA_WAITING && oif->ism.dr != 0 &&
		    ((oif->ism.state == ISM_STA_DR && full_nbrs(oif) > 0) ||
		    full_with_dr(oif)))
			ADD(LSA_LINK_TRANSIT, oif->ism.dr, oif->addr,
			    oif->cost);
		else
			ADD(LSA_LINK_STUB, oif->addr & oif->mask, oif->mask,
			    oif->cost);
	}
#undef ADD
	return n;
}

static bool
body_same(const struct lsdb_entry *e, const struct buf *b, size_t start)
{
	size_t	 len = b->len - start;

	return e != NULL && e->len == len && lsdb_age(e, ospf_now()) <
	    OSPF_MAX_AGE && memcmp(e->bytes + LSA_HDR_LEN,
	    b->data + start + LSA_HDR_LEN, len - LSA_HDR_LEN) == 0;
}

/* B: area border router; E: AS boundary router (not in a stub area,
 * where nothing external goes); Nt: we translate this NSSA's type 7. */
static uint8_t
rtr_flags(const struct ospf_area *a)
{
	uint8_t	 f = 0;

	if (a->od->abr)
		f |= LSA_RTR_B;
	if ((redist_asbr(a->od) || abr_translating(a->od)) &&
	    a->type != AREA_STUB)
		f |= LSA_RTR_E;
	if (a->type == AREA_NSSA && a->translator)
		f |= LSA_RTR_NT;
	if (vlink_through(a))
		f |= LSA_RTR_V;
	return f;
}

static void
rtr_lsa_build(struct ospf_area *a, bool force)
{
	struct ospfd		*od = a->od;
	struct lsa_rtr_link	*links;
	struct lsa_hdr		 h;
	struct buf		 b = BUF_INIT;
	size_t			 n, i, start;
	uint32_t		 seq;

	if (od->rtr_id == 0 || a->nif == 0)
		return;
	if ((links = calloc(MAX_LINKS, sizeof(*links))) == NULL)
		return;
	n = rtr_links(a, links, MAX_LINKS);
	if ((seq = origin_seq(a, LSA_TYPE_ROUTER, od->rtr_id)) == 0)
		goto done;
	lsa_hdr_self(a, &h, LSA_TYPE_ROUTER, od->rtr_id, seq);
	start = lsa_begin(&b, &h);
	lsa_router_put(&b, rtr_flags(a), (uint16_t)n);
	for (i = 0; i < n; i++)
		lsa_rtr_link_put(&b, &links[i]);
	if (!buf_ok(&b))
		goto done;
	if (!force && body_same(lsdb_lookup(a->db, LSA_TYPE_ROUTER,
	    od->rtr_id, od->rtr_id), &b, start))
		goto done;
	a->rtr_lsa_last_ms = ospf_now_ms();
	origin_install(a, &b, start);
done:
	buf_free(&b);
	free(links);
}

/* An LSA of ours built in b with header h: installed and flooded if
 * forced, new, or different from the instance we have (options too). */
void
origin_update(struct ospf_area *a, const struct lsa_hdr *h, struct buf *b,
    size_t start, bool force)
{
	struct lsdb_entry *e = lsdb_lookup(a->db, h->type, h->id, h->adv_rtr);

	if (!buf_ok(b))
		return;
	if (force || !body_same(e, b, start) || e->lsa.hdr.options !=
	    h->options)
		origin_install(a, b, start);
}

static void
rtr_lsa_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	rtr_lsa_build(arg, false);
}

/* Schedule a new router-LSA, at most one per MinLSInterval. */
void
origin_rtr_lsa(struct ospf_area *a)
{
	uint64_t	 now = ospf_now_ms(), due;

	if (a == NULL)
		return;
	if (a->rtr_lsa_ev == NULL &&
	    (a->rtr_lsa_ev = evtimer_new(a->od->loop->base, rtr_lsa_timer,
	    a)) == NULL)
		return;
	if (evtimer_pending(a->rtr_lsa_ev, NULL))
		return;
	due = a->rtr_lsa_last_ms + OSPF_MIN_LS_INTERVAL * 1000;
	evtimer_add_ms(a->rtr_lsa_ev, a->rtr_lsa_last_ms == 0 || now >= due ?
	    0 : due - now);
}

/* ---- network-LSA (12.4.2) */

static bool
net_lsa_wanted(const struct ospf_if *oif)
{
	return oif->up && oif->net != ISM_NET_PTP &&
	    oif->ism.state == ISM_STA_DR && full_nbrs(oif) > 0;
}

static void
net_lsa_build(struct ospf_if *oif, bool force)
{
	struct ospfd		*od = oif->od;
	struct ospf_area	*a = oif->area;
	struct lsdb_entry	*e = lsdb_lookup(a->db, LSA_TYPE_NETWORK,
	    oif->addr, od->rtr_id);
	struct ospf_nbr		*nbr;
	struct lsa_hdr		 h;
	struct buf		 b = BUF_INIT;
	size_t			 start;
	uint32_t		 seq;

	if (!net_lsa_wanted(oif) || od->rtr_id == 0) {
		oif->net_lsa_dr = false;
		if (e != NULL && lsdb_age(e, ospf_now()) < OSPF_MAX_AGE)
			origin_flush(a, e);
		return;
	}
	if ((seq = origin_seq(a, LSA_TYPE_NETWORK, oif->addr)) == 0)
		return;
	lsa_hdr_self(a, &h, LSA_TYPE_NETWORK, oif->addr, seq);
	start = lsa_begin(&b, &h);
	buf_put_u32(&b, oif->mask);
	buf_put_u32(&b, od->rtr_id);
	TAILQ_FOREACH(nbr, &oif->nbrs, entry)
		if (nbr->nsm.state == NSM_STA_FULL)
			buf_put_u32(&b, nbr->rtr_id);
	oif->net_lsa_dr = true;
	if (buf_ok(&b) && (force || !body_same(e, &b, start))) {
		oif->net_lsa_last_ms = ospf_now_ms();
		origin_install(a, &b, start);
	}
	buf_free(&b);
}

static void
net_lsa_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	net_lsa_build(arg, false);
}

/* Originate, refresh or flush the interface's network-LSA. */
void
origin_net_lsa(struct ospf_if *oif)
{
	uint64_t	 now = ospf_now_ms(), due;

	if (!net_lsa_wanted(oif)) {
		if (oif->net_lsa_ev != NULL)
			evtimer_del(oif->net_lsa_ev);
		net_lsa_build(oif, false);	/* a flush waits for nothing */
		return;
	}
	if (oif->net_lsa_ev == NULL &&
	    (oif->net_lsa_ev = evtimer_new(oif->od->loop->base,
	    net_lsa_timer, oif)) == NULL)
		return;
	if (evtimer_pending(oif->net_lsa_ev, NULL))
		return;
	due = oif->net_lsa_last_ms + OSPF_MIN_LS_INTERVAL * 1000;
	evtimer_add_ms(oif->net_lsa_ev, oif->net_lsa_last_ms == 0 ||
	    now >= due ? 0 : due - now);
}

/* ---- our LSAs from elsewhere (13.4), refresh, shutdown */

void
origin_self(struct ospf_area *a, struct lsdb_entry *e)
{
	struct ospfd	*od = a->od;
	struct ospf_if	*oif;
	struct lsa_hdr	 h = e->lsa.hdr;

	if (h.age >= OSPF_MAX_AGE && h.adv_rtr != od->rtr_id)
		return;
	if ((h.type == LSA_TYPE_EXTERNAL || h.type == LSA_TYPE_NSSA) &&
	    h.adv_rtr == od->rtr_id && redist_self(a, e))
		return;
	if (h.adv_rtr == od->rtr_id && abr_self(a, e))
		return;
	if (h.type == LSA_TYPE_ROUTER && h.id == od->rtr_id &&
	    h.adv_rtr == od->rtr_id && a->nif > 0) {
		rtr_lsa_build(a, true);
		return;
	}
	if (h.type == LSA_TYPE_NETWORK && h.adv_rtr == od->rtr_id &&
	    (oif = iface_find_addr(od, h.id)) != NULL && oif->area == a &&
	    net_lsa_wanted(oif)) {
		net_lsa_build(oif, true);
		return;
	}
	if (h.age >= OSPF_MAX_AGE)
		return;
	/* A type-5 LSA has a copy in every normal area: flush them all. */
	if (h.type == LSA_TYPE_EXTERNAL)
		redist_lsa_flush(od, h.type, h.id);
	else
		origin_flush(a, e);
}

void
origin_refresh(struct ospf_area *a, struct lsdb_entry *e)
{
	origin_self(a, e);
}

/* Flush every LSA of ours and send the flushes now: we are leaving. */
void
origin_flush_all(struct ospfd *od)
{
	struct ospf_area	*a;
	struct ospf_if		*oif;
	struct lsdb_entry	*e, *next;
	time_t			 now = ospf_now();

	TAILQ_FOREACH(a, &od->areas, entry) {
		for (e = lsdb_first(a->db); e != NULL; e = next) {
			next = lsdb_next(a->db, e);
			if (e->lsa.hdr.adv_rtr == od->rtr_id &&
			    lsdb_age(e, now) < OSPF_MAX_AGE) {
				struct lsa_hdr h = e->lsa.hdr;

				origin_flush(a, e);
				/* The table may have moved: find our place. */
				e = lsdb_lookup(a->db, h.type, h.id, h.adv_rtr);
				next = e ? lsdb_next(a->db, e) : NULL;
			}
		}
	}
	TAILQ_FOREACH(oif, &od->ifs, entry)
		flood_flush(oif);
}

/*
 * DOC: nbr: neighbours and their state machine's side effects (RFC 2328
 * 10): the Inactivity Timer, the Database Description exchange with
 * master/slave negotiation, duplicate detection and the MTU check (10.6,
 * 10.8), and Link State Requests in both directions (10.7, 10.9). The
 * adjacency log lines follow FRR's log-adjacency-changes.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ospfd.h"

#define DD_FLAGS	(OSPF_DD_I | OSPF_DD_M | OSPF_DD_MS)

static void	dd_send(struct ospf_nbr *, bool init);
static const struct nsm_cb nbr_nsm_cb;

static char *
ip_str(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
	return buf;
}

size_t
ospf_if_room(const struct ospf_if *oif)
{
	size_t	 mtu = oif->mtu ? oif->mtu : 1500;

	if (mtu > OSPF_MAX_PKT)
		mtu = OSPF_MAX_PKT;
	return mtu - 20;	/* the IP header */
}

/* DD, LSR, direct LSU and LSAck: to the neighbour, or AllSPFRouters on
 * point-to-point links, where the peer's address may be unnumbered. */
uint32_t
nbr_dst(const struct ospf_nbr *nbr)
{
	if (nbr->oif->net == ISM_NET_VIRTUAL)
		return nbr->oif->peer;
	if (nbr->oif->net == ISM_NET_PTP)
		return OSPF_ALL_SPF_ROUTERS;
	return nbr->addr;
}

const char *
nbr_role(const struct ospf_nbr *nbr)
{
	const struct ospf_if *oif = nbr->oif;

	if (oif->net == ISM_NET_PTP || oif->net == ISM_NET_VIRTUAL)
		return "-";
	if (oif->ism.dr == nbr->addr && nbr->addr != 0)
		return "DR";
	if (oif->ism.bdr == nbr->addr && nbr->addr != 0)
		return "Backup";
	return "DROther";
}

bool
nbr_exchanging(const struct ospf_area *a)
{
	struct ospf_if	*oif;
	struct ospf_nbr	*nbr;

	TAILQ_FOREACH(oif, &a->od->ifs, entry) {
		if (oif->area != a)
			continue;
		TAILQ_FOREACH(nbr, &oif->nbrs, entry)
			if (nbr->nsm.state & (NSM_STA_EXCHANGE |
			    NSM_STA_LOADING))
				return true;
	}
	return false;
}

struct ospf_nbr *
nbr_find(const struct ospf_if *oif, uint32_t rtr_id)
{
	struct ospf_nbr	*nbr;

	TAILQ_FOREACH(nbr, &oif->nbrs, entry)
		if (nbr->rtr_id == rtr_id)
			return nbr;
	return NULL;
}

struct ospf_nbr *
nbr_find_addr(const struct ospf_if *oif, uint32_t addr)
{
	struct ospf_nbr	*nbr;

	TAILQ_FOREACH(nbr, &oif->nbrs, entry)
		if (nbr->addr == addr)
			return nbr;
	return NULL;
}

/* ---- timers */

static void
nbr_inact_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ospf_nbr	*nbr = arg;

	(void)fd;
	(void)what;
	nbr_event(nbr, NSM_EVT_INACT_TIMER);
	/* RFC 2328 10.3: a neighbour that went Down is forgotten. */
	if (nbr->nsm.state == NSM_STA_DOWN)
		nbr_free(nbr);
}

static void
nbr_dd_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ospf_nbr	*nbr = arg;

	(void)fd;
	(void)what;
	if (!(nbr->nsm.state & (NSM_STA_EXSTART | NSM_STA_EXCHANGE)) ||
	    !nbr->nsm.master || nbr->dd_last.len == 0)
		return;
	/* Master: resend until the slave's answer acknowledges it. */
	buf_reset(&nbr->oif->od->txbuf);
	buf_put_bytes(&nbr->oif->od->txbuf, nbr->dd_last.data,
	    nbr->dd_last.len);
	io_send(nbr->oif, 0, nbr_dst(nbr));
	evtimer_add_ms(nbr->dd_ev, (uint64_t)nbr->oif->rxmt * 1000);
}

static void
nbr_lsr_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ospf_nbr	*nbr = arg;

	(void)fd;
	(void)what;
	lsr_send(nbr);
}

struct ospf_nbr *
nbr_new(struct ospf_if *oif, uint32_t rtr_id, uint32_t addr)
{
	struct ospf_nbr			*nbr;
	struct event_base		*base = oif->od->loop->base;
	char				 a[16], r[16], name[64];

	if ((nbr = calloc(1, sizeof(*nbr))) == NULL)
		return NULL;
	nbr->oif = oif;
	nbr->rtr_id = rtr_id;
	nbr->addr = addr;
	nbr->since = ospf_now();
	buf_init(&nbr->dd_last);
	keyset_init(&nbr->req);
	keyset_init(&nbr->rxmt);
	nbr->inact_ev = evtimer_new(base, nbr_inact_timer, nbr);
	nbr->dd_ev = evtimer_new(base, nbr_dd_timer, nbr);
	nbr->lsr_ev = evtimer_new(base, nbr_lsr_timer, nbr);
	nbr->rxmt_ev = evtimer_new(base, flood_rxmt_timer, nbr);
	snprintf(name, sizeof(name), "%s(%s) on %s", ip_str(rtr_id, r,
	    sizeof(r)), ip_str(addr, a, sizeof(a)), oif->name);
	nsm_init(&nbr->nsm, name, &nbr_nsm_cb, nbr);
	TAILQ_INSERT_TAIL(&oif->nbrs, nbr, entry);
	oif->nnbr++;
	return nbr;
}

void
nbr_free(struct ospf_nbr *nbr)
{
	struct ospf_if	*oif = nbr->oif;

	TAILQ_REMOVE(&oif->nbrs, nbr, entry);
	oif->nnbr--;
	event_free(nbr->inact_ev);
	event_free(nbr->dd_ev);
	event_free(nbr->lsr_ev);
	event_free(nbr->rxmt_ev);
	free(nbr->summary);
	buf_free(&nbr->dd_last);
	keyset_clear(&nbr->req);
	keyset_clear(&nbr->rxmt);
	free(nbr);
	/* A neighbour that held a flushed LSA on its list lets it go. */
	maxage_check(oif->area);
}

/*
 * Every event goes through here: the state machine runs, then what
 * depends on the new state (the election, our LSAs) is reconsidered.
 */
void
nbr_event(struct ospf_nbr *nbr, enum nsm_event ev)
{
	struct ospf_if	*oif = nbr->oif;
	struct ospfd	*od = oif->od;
	enum nsm_state	 old = nbr->nsm.state, now;
	bool		 was2 = old & NSM_STA_2WAY_UP;
	char		 r[16], a[16];

	now = nsm_event(&nbr->nsm, ev);
	if (now == old)
		return;
	nbr->since = ospf_now();
	nbr->state_changes++;
	if (od->conf.log_adj_detail || (od->conf.log_adj &&
	    (now == NSM_STA_FULL || old == NSM_STA_FULL ||
	    now == NSM_STA_DOWN)))
		log_info("AdjChg: Nbr %s(%s) on %s:%s: %s -> %s (%s)",
		    ip_str(nbr->rtr_id, r, sizeof(r)), "default", oif->name,
		    ip_str(oif->addr, a, sizeof(a)), nsm_state_name(old),
		    nsm_state_name(now), nsm_event_name(ev));
	if (was2 != ((now & NSM_STA_2WAY_UP) != 0))
		iface_nbr_change(oif);
	if (now == NSM_STA_FULL || old == NSM_STA_FULL) {
		origin_rtr_lsa(oif->area);
		if (oif->net == ISM_NET_VIRTUAL)	/* the V bit */
			origin_rtr_lsa(area_get(od, oif->vl_transit, false));
		if (oif->ism.state == ISM_STA_DR)
			origin_net_lsa(oif);
	}
	if (now < NSM_STA_EXCHANGE)
		maxage_check(oif->area);
}

/* ---- the state machine's side effects */

static void
cb_inact_start(void *arg)
{
	struct ospf_nbr	*nbr = arg;
	uint64_t	 ms = (uint64_t)nbr->oif->dead * 1000;

	nbr->dead_at_ms = ospf_now_ms() + ms;
	evtimer_add_ms(nbr->inact_ev, ms);
}

static void
cb_inact_stop(void *arg)
{
	struct ospf_nbr	*nbr = arg;

	evtimer_del(nbr->inact_ev);
}

static bool
cb_adj_ok(void *arg)
{
	struct ospf_nbr	*nbr = arg;
	struct ospf_if	*oif = nbr->oif;

	return nsm_adj_wanted(oif->net, oif->addr, nbr->addr, oif->ism.dr,
	    oif->ism.bdr);
}

static uint32_t
cb_dd_seq_init(void *arg)
{
	struct ospf_nbr	*nbr = arg;
	struct ospfd	*od = nbr->oif->od;

	/* "Some unique value, like the time of day clock." */
	if (od->dd_seq_base == 0)
		od->dd_seq_base = (uint32_t)time(NULL);
	return od->dd_seq_base++;
}

static void
cb_dd_start(void *arg, uint32_t seq)
{
	struct ospf_nbr	*nbr = arg;

	(void)seq;
	nbr->dd_rcvd = false;
	dd_send(nbr, true);
}

/* 10.3 NegotiationDone: our database as it is now, MaxAge LSAs aside. */
static void
cb_db_summary(void *arg)
{
	struct ospf_nbr		*nbr = arg;
	struct ospf_area	*a = nbr->oif->area;
	struct lsdb_entry	*e;
	time_t			 now = ospf_now();
	size_t			 n = 0;

	free(nbr->summary);
	nbr->summary = calloc(lsdb_size(a->db) + 1, sizeof(*nbr->summary));
	nbr->nsummary = nbr->summary_pos = 0;
	if (nbr->summary == NULL)
		return;
	for (e = lsdb_first(a->db); e != NULL; e = lsdb_next(a->db, e)) {
		struct lsa_hdr	 h;

		/* 10.3: no AS-external LSAs over a virtual link. */
		if (e->lsa.hdr.type == LSA_TYPE_EXTERNAL &&
		    nbr->oif->net == ISM_NET_VIRTUAL)
			continue;
		lsdb_entry_hdr(e, now, &h);
		if (h.age >= OSPF_MAX_AGE) {
			keyset_add(&nbr->rxmt, &h);
			rxmt_arm(nbr);
			continue;
		}
		nbr->summary[n++] = h;
	}
	nbr->nsummary = n;
}

static bool
cb_lsreq_pending(void *arg)
{
	struct ospf_nbr	*nbr = arg;

	return nbr->req.n > 0;
}

static void
cb_lsreq_send(void *arg)
{
	lsr_send(arg);
}

static void
cb_lists_clear(void *arg)
{
	struct ospf_nbr	*nbr = arg;

	free(nbr->summary);
	nbr->summary = NULL;
	nbr->nsummary = nbr->summary_pos = 0;
	keyset_clear(&nbr->req);
	keyset_clear(&nbr->rxmt);
	nbr->lsr_outstanding = 0;
	buf_reset(&nbr->dd_last);
	nbr->dd_rcvd = false;
	evtimer_del(nbr->dd_ev);
	evtimer_del(nbr->lsr_ev);
	evtimer_del(nbr->rxmt_ev);
}

static void
cb_log(void *arg, const char *msg)
{
	(void)arg;
	log_debug("%s", msg);
}

static const struct nsm_cb nbr_nsm_cb = {
	.inact_start = cb_inact_start,
	.inact_stop = cb_inact_stop,
	.adj_ok = cb_adj_ok,
	.dd_seq_init = cb_dd_seq_init,
	.dd_start = cb_dd_start,
	.db_summary = cb_db_summary,
	.lsreq_pending = cb_lsreq_pending,
	.lsreq_send = cb_lsreq_send,
	.lists_clear = cb_lists_clear,
	.log = cb_log,
};

/* ---- Database Description (10.6, 10.8) */

/* Our next DD packet: the I bit in ExStart, headers while they fit. */
static void
dd_send(struct ospf_nbr *nbr, bool init)
{
	struct ospf_if	*oif = nbr->oif;
	struct buf	*b = &oif->od->txbuf;
	struct ospf_dd	 dd;
	size_t		 start, room = ospf_if_room(oif), mflag;

	memset(&dd, 0, sizeof(dd));
	dd.mtu = (uint16_t)(oif->mtu > 65535 ? 65535 : oif->mtu);
	dd.options = area_options(oif->area);
	dd.seq = nbr->nsm.dd_seq;
	if (nbr->nsm.master)
		dd.flags |= OSPF_DD_MS;
	if (init)
		dd.flags |= OSPF_DD_I | OSPF_DD_M;
	start = io_begin(oif, OSPF_PKT_DD);
	mflag = b->len + 6;	/* the flags byte */
	ospf_dd_put(b, &dd);
	if (!(dd.flags & OSPF_DD_I)) {
		while (nbr->summary_pos < nbr->nsummary &&
		    b->len - start + LSA_HDR_LEN <= room)
			lsa_hdr_put(b, &nbr->summary[nbr->summary_pos++]);
		nbr->more_sent = nbr->summary_pos < nbr->nsummary;
		if (nbr->more_sent)
			b->data[mflag] |= OSPF_DD_M;
	} else
		nbr->more_sent = true;
	if (!buf_ok(b))
		return;
	io_send(oif, start, nbr_dst(nbr));
	buf_reset(&nbr->dd_last);
	buf_put_bytes(&nbr->dd_last, b->data + start, b->len - start);
	nbr->dd_last_ms = ospf_now_ms();
	if (nbr->nsm.master)
		evtimer_add_ms(nbr->dd_ev, (uint64_t)oif->rxmt * 1000);
}

static void
dd_resend(struct ospf_nbr *nbr)
{
	struct buf	*b = &nbr->oif->od->txbuf;

	if (nbr->dd_last.len == 0)
		return;
	buf_reset(b);
	buf_put_bytes(b, nbr->dd_last.data, nbr->dd_last.len);
	io_send(nbr->oif, 0, nbr_dst(nbr));
}

static bool
dd_dup(const struct ospf_nbr *nbr, const struct ospf_dd *dd)
{
	return nbr->dd_rcvd && dd->flags == nbr->dd_flags &&
	    dd->options == nbr->dd_options && dd->seq == nbr->dd_seq_rcvd;
}

/* The headers of an accepted DD (10.6), then our answer (10.8). */
static void
dd_process(struct ospf_nbr *nbr, const struct ospf_dd *dd)
{
	struct ospf_area *a = nbr->oif->area;
	time_t		 now = ospf_now();
	size_t		 i;

	nbr->dd_rcvd = true;
	nbr->dd_flags = dd->flags;
	nbr->dd_options = dd->options;
	nbr->dd_seq_rcvd = dd->seq;
	for (i = 0; i < dd->nhdr; i++) {
		struct lsa_hdr		 h, cur;
		struct lsdb_entry	*e;

		ospf_dd_hdr(dd, i, &h);
		if (!area_lsa_ok(a, h.type)) {
			nbr_event(nbr, NSM_EVT_SEQ_MISMATCH);
			return;
		}
		e = lsdb_lookup(a->db, h.type, h.id, h.adv_rtr);
		if (e != NULL) {
			lsdb_entry_hdr(e, now, &cur);
			if (lsa_compare(&h, &cur) <= 0)
				continue;
		}
		h.age = 0;	/* not yet asked for */
		if (!keyset_add(&nbr->req, &h)) {
			nbr_event(nbr, NSM_EVT_SEQ_MISMATCH);
			return;
		}
	}
	if (nbr->nsm.master) {
		/* The slave acknowledged our packet dd_seq. */
		evtimer_del(nbr->dd_ev);
		nbr->nsm.dd_seq++;
		if (!(dd->flags & OSPF_DD_M) && !nbr->more_sent) {
			buf_reset(&nbr->dd_last);
			nbr_event(nbr, NSM_EVT_EXCH_DONE);
			return;
		}
		dd_send(nbr, false);
	} else {
		nbr->nsm.dd_seq = dd->seq;
		dd_send(nbr, false);
		if (!(dd->flags & OSPF_DD_M) && !nbr->more_sent)
			nbr_event(nbr, NSM_EVT_EXCH_DONE);
	}
	/* Ask for what we lack while the exchange goes on. */
	if (nbr->req.n > 0 && nbr->lsr_outstanding == 0 &&
	    (nbr->nsm.state & (NSM_STA_EXCHANGE | NSM_STA_LOADING)))
		lsr_send(nbr);
}

void
dd_recv(struct ospf_nbr *nbr, const struct ospf_pkt *p)
{
	const struct ospf_dd *dd = &p->u.dd;
	struct ospf_if	*oif = nbr->oif;
	struct ospfd	*od = oif->od;

	if (!oif->mtu_ignore && dd->mtu > oif->mtu) {
		io_drop(oif, DROP_MTU, nbr->addr, "neighbor MTU %u, ours %u "
		    "(ip ospf mtu-ignore)", dd->mtu, oif->mtu);
		return;
	}
	if (nbr->nsm.state == NSM_STA_INIT)
		nbr_event(nbr, NSM_EVT_2WAY_RCVD);
	switch (nbr->nsm.state) {
	case NSM_STA_EXSTART:
		if ((dd->flags & DD_FLAGS) == DD_FLAGS && dd->nhdr == 0 &&
		    p->hdr.rtr_id > od->rtr_id) {
			/* We are the slave. */
			nbr->nsm.master = false;
			evtimer_del(nbr->dd_ev);
			nbr->nsm.dd_seq = dd->seq;
			nbr_event(nbr, NSM_EVT_NEG_DONE);
			nbr->dd_rcvd = true;
			nbr->dd_flags = dd->flags;
			nbr->dd_options = dd->options;
			nbr->dd_seq_rcvd = dd->seq;
			dd_send(nbr, false);
			return;
		}
		if (!(dd->flags & (OSPF_DD_I | OSPF_DD_MS)) &&
		    dd->seq == nbr->nsm.dd_seq && p->hdr.rtr_id < od->rtr_id) {
			/* We are the master, and this answers our I packet. */
			nbr->nsm.master = true;
			nbr_event(nbr, NSM_EVT_NEG_DONE);
			dd_process(nbr, dd);
		}
		return;
	case NSM_STA_EXCHANGE:
		if (dd_dup(nbr, dd)) {
			if (!nbr->nsm.master)
				dd_resend(nbr);
			return;
		}
		if (((dd->flags & OSPF_DD_MS) != 0) == nbr->nsm.master ||
		    (dd->flags & OSPF_DD_I) ||
		    (nbr->dd_rcvd && dd->options != nbr->dd_options) ||
		    dd->seq != (nbr->nsm.master ? nbr->nsm.dd_seq :
		    nbr->nsm.dd_seq + 1)) {
			log_debug("%s: DD sequence mismatch (flags %02x seq "
			    "%u, expected %u)", nbr->nsm.name, dd->flags,
			    dd->seq, nbr->nsm.dd_seq);
			nbr_event(nbr, NSM_EVT_SEQ_MISMATCH);
			return;
		}
		dd_process(nbr, dd);
		return;
	case NSM_STA_LOADING:
	case NSM_STA_FULL:
		if (dd_dup(nbr, dd)) {
			if (!nbr->nsm.master)
				dd_resend(nbr);
			return;
		}
		nbr_event(nbr, NSM_EVT_SEQ_MISMATCH);
		return;
	default:
		return;		/* Down, Attempt, 2-Way: ignored */
	}
}

/* ---- Link State Requests (10.7, 10.9) */

void
lsr_send(struct ospf_nbr *nbr)
{
	struct ospf_if		*oif = nbr->oif;
	struct buf		*b = &oif->od->txbuf;
	struct lsa_hdr		*h;
	size_t			 start, i = 0, room = ospf_if_room(oif);
	uint32_t		 n = 0;

	evtimer_del(nbr->lsr_ev);
	if (nbr->req.n == 0 || !(nbr->nsm.state & (NSM_STA_EXCHANGE |
	    NSM_STA_LOADING)))
		return;
	start = io_begin(oif, OSPF_PKT_LSR);
	while ((h = keyset_next(&nbr->req, &i)) != NULL &&
	    b->len - start + OSPF_LSR_ENTRY_LEN <= room) {
		struct ospf_lsr_entry e = { h->type, h->id, h->adv_rtr };

		ospf_lsr_entry_put(b, &e);
		h->age = 1;	/* asked for */
		n++;
	}
	/* Entries asked for before but not in this packet stay marked;
	 * count only this packet's. */
	nbr->lsr_outstanding = n;
	if (!buf_ok(b))
		return;
	io_send(oif, start, nbr_dst(nbr));
	evtimer_add_ms(nbr->lsr_ev, (uint64_t)oif->rxmt * 1000);
}

/* An LSA we asked for arrived (or a newer one): off the list. */
void
lsr_satisfied(struct ospf_nbr *nbr, const struct lsa_hdr *h)
{
	struct lsa_hdr	*r = keyset_find(&nbr->req, h->type, h->id,
	    h->adv_rtr);

	if (r == NULL || lsa_compare(h, r) < 0)
		return;
	if (r->age == 1 && nbr->lsr_outstanding > 0)
		nbr->lsr_outstanding--;
	keyset_del(&nbr->req, h->type, h->id, h->adv_rtr);
	if (nbr->req.n == 0) {
		evtimer_del(nbr->lsr_ev);
		nbr->lsr_outstanding = 0;
		if (nbr->nsm.state == NSM_STA_LOADING)
			nbr_event(nbr, NSM_EVT_LOADING_DONE);
	} else if (nbr->lsr_outstanding == 0)
		lsr_send(nbr);
}

void
lsr_recv(struct ospf_nbr *nbr, const struct ospf_pkt *p)
{
	struct ospf_if		*oif = nbr->oif;
	struct lsu_tx		 tx;
	time_t			 now = ospf_now();
	size_t			 i;

	/* Check first: a bad request sends nothing at all. */
	for (i = 0; i < p->u.lsr.nreq; i++) {
		struct ospf_lsr_entry	 r;

		ospf_lsr_entry(&p->u.lsr, i, &r);
		if (r.type > 0xff || lsdb_lookup(oif->area->db,
		    (uint8_t)r.type, r.id, r.adv_rtr) == NULL) {
			log_debug("%s: request for an LSA we lack",
			    nbr->nsm.name);
			nbr_event(nbr, NSM_EVT_BAD_LS_REQ);
			return;
		}
	}
	lsu_tx_begin(&tx, oif, nbr_dst(nbr));
	for (i = 0; i < p->u.lsr.nreq; i++) {
		struct ospf_lsr_entry	 r;
		struct lsdb_entry	*e;

		ospf_lsr_entry(&p->u.lsr, i, &r);
		e = lsdb_lookup(oif->area->db, (uint8_t)r.type, r.id,
		    r.adv_rtr);
		lsu_tx_add(&tx, e->bytes, e->len, lsdb_age(e, now));
	}
	lsu_tx_end(&tx);
}

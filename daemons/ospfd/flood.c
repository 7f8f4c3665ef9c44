/*
 * DOC: flood: Link State Updates and Acknowledgments (RFC 2328 13): the
 * receive procedure, flooding out of every interface of the area with
 * many LSAs packed per Update up to the MTU, delayed and direct
 * acknowledgments (13.5), retransmission lists (13.6), and aging: MaxAge
 * LSAs are flooded and removed once every neighbour acknowledged them
 * (14), our own are refreshed every LSRefreshTime.
 */
#include <stdlib.h>
#include <string.h>

#include "ospfd.h"

#define RXMT_PACKETS	16	/* Updates per retransmission round */

static void	maxage_acked(struct ospf_area *, const struct lsa_hdr *);

static bool
self_originated(const struct ospfd *od, const struct lsa_hdr *h)
{
	if (h->adv_rtr == od->rtr_id)
		return true;
	return h->type == LSA_TYPE_NETWORK && iface_find_addr(od, h->id) !=
	    NULL;
}

/* ---- building Updates */

void
lsu_tx_begin(struct lsu_tx *tx, struct ospf_if *oif, uint32_t dst)
{
	tx->oif = oif;
	tx->dst = dst;
	tx->n = 0;
	tx->start = io_begin(oif, OSPF_PKT_LSU);
	ospf_lsu_put(&oif->od->txbuf, 0);
}

void
lsu_tx_end(struct lsu_tx *tx)
{
	struct buf	*b = &tx->oif->od->txbuf;

	if (tx->n == 0 || !buf_ok(b))
		return;
	be32_store(b->data + tx->start + OSPF_HDR_LEN, tx->n);
	io_send(tx->oif, tx->start, tx->dst);
	tx->n = 0;
}

/* Append one LSA with its age as it leaves (13.3: plus InfTransDelay). */
void
lsu_tx_add(struct lsu_tx *tx, const uint8_t *lsa, size_t len, uint16_t age)
{
	struct buf	*b = &tx->oif->od->txbuf;
	uint8_t		*p;

	if (tx->n > 0 && b->len - tx->start + len > ospf_if_room(tx->oif)) {
		lsu_tx_end(tx);
		lsu_tx_begin(tx, tx->oif, tx->dst);
	}
	if ((p = buf_space(b, len)) == NULL)
		return;
	memcpy(p, lsa, len);
	b->len += len;
	if (age < OSPF_MAX_AGE) {
		age += tx->oif->transdelay;
		if (age > OSPF_MAX_AGE)
			age = OSPF_MAX_AGE;
	}
	p[0] = age >> 8;
	p[1] = age & 0xff;
	tx->n++;
}

/* ---- flooding out of interfaces (13.3), packed per interface */

static uint32_t
flood_dst(const struct ospf_if *oif)
{
	if (oif->net == ISM_NET_VIRTUAL)
		return oif->peer;
	if (oif->net == ISM_NET_PTP)
		return OSPF_ALL_SPF_ROUTERS;
	if (oif->ism.state & (ISM_STA_DR | ISM_STA_BACKUP))
		return OSPF_ALL_SPF_ROUTERS;
	return OSPF_ALL_D_ROUTERS;
}

void
flood_flush(struct ospf_if *oif)
{
	struct buf_reader r;
	struct lsu_tx	 tx;

	if (oif->lsu_q_n == 0)
		return;
	if (oif->up && io_fd(oif) != -1) {
		lsu_tx_begin(&tx, oif, flood_dst(oif));
		buf_reader_init(&r, oif->lsu_q.data, oif->lsu_q.len);
		while (buf_left(&r) >= LSA_HDR_LEN) {
			const uint8_t	*p = r.p + r.off;
			size_t		 len = (size_t)p[18] << 8 | p[19];

			if (len < LSA_HDR_LEN || !buf_get_ptr(&r, &p, len))
				break;
			lsu_tx_add(&tx, p, len, (uint16_t)(p[0] << 8 | p[1]));
		}
		lsu_tx_end(&tx);
	}
	buf_reset(&oif->lsu_q);
	oif->lsu_q_n = 0;
}

static void
flood_flush_ev(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	flood_flush(arg);
}

static void
flood_queue(struct ospf_if *oif, const struct lsdb_entry *e, uint16_t age)
{
	uint8_t	*p;

	if (oif->flood_ev == NULL)
		oif->flood_ev = event_new(oif->od->loop->base, -1, 0,
		    flood_flush_ev, oif);
	if ((p = buf_space(&oif->lsu_q, e->len)) == NULL)
		return;
	memcpy(p, e->bytes, e->len);
	p[0] = age >> 8;
	p[1] = age & 0xff;
	oif->lsu_q.len += e->len;
	oif->lsu_q_n++;
	/* Sent when this round of work is done, so that many share one. */
	if (oif->flood_ev != NULL)
		event_active(oif->flood_ev, 0, 0);
	if (oif->lsu_q.len >= ospf_if_room(oif) * 8)
		flood_flush(oif);
}

/*
 * 13.3: put the LSA on the retransmission list of every adjacency that
 * needs it and send it out of the interfaces where one does. Returns
 * whether it went back out of the interface it came in on (13.5).
 */
bool
flood_lsa(struct ospf_area *a, const struct lsdb_entry *e,
    struct ospf_nbr *from)
{
	struct ospfd	*od = a->od;
	struct ospf_if	*oif;
	struct ospf_nbr	*nbr, *next;
	struct lsa_hdr	 h;
	time_t		 now = ospf_now();
	bool		 back = false;

	lsdb_entry_hdr(e, now, &h);
	TAILQ_FOREACH(oif, &od->ifs, entry) {
		bool	 added = false;

		if (oif->area != a || !oif->up || io_fd(oif) == -1)
			continue;
		/* 13.3: AS-external LSAs never cross virtual links. */
		if (oif->net == ISM_NET_VIRTUAL &&
		    h.type == LSA_TYPE_EXTERNAL)
			continue;
		TAILQ_FOREACH_SAFE(nbr, &oif->nbrs, entry, next) {
			struct lsa_hdr	*r;

			if (!(nbr->nsm.state & NSM_STA_EXCHANGE_UP))
				continue;
			if (nbr->nsm.state != NSM_STA_FULL &&
			    (r = keyset_find(&nbr->req, h.type, h.id,
			    h.adv_rtr)) != NULL) {
				int c = lsa_compare(&h, r);

				if (c < 0)
					continue;
				lsr_satisfied(nbr, &h);
				if (c == 0)
					continue;
			}
			if (nbr == from)
				continue;
			keyset_add(&nbr->rxmt, &h);
			rxmt_arm(nbr);
			added = true;
		}
		if (!added)
			continue;
		if (from != NULL && oif == from->oif) {
			if (from->addr == oif->ism.dr ||
			    from->addr == oif->ism.bdr)
				continue;
			if (oif->ism.state == ISM_STA_BACKUP)
				continue;
			back = true;
		}
		flood_queue(oif, e, h.age);
	}
	return back;
}

/* ---- acknowledgments (13.5) */

static void
ack_send(struct ospf_if *oif, const uint8_t *hdrs, size_t len, uint32_t dst)
{
	struct buf	*b = &oif->od->txbuf;
	size_t		 start, off = 0, room = ospf_if_room(oif);

	while (off < len) {
		start = io_begin(oif, OSPF_PKT_LSACK);
		while (off < len && b->len - start + LSA_HDR_LEN <= room) {
			buf_put_bytes(b, hdrs + off, LSA_HDR_LEN);
			off += LSA_HDR_LEN;
		}
		io_send(oif, start, dst);
	}
}

void
ack_direct(struct ospf_nbr *nbr, const uint8_t *hdr)
{
	ack_send(nbr->oif, hdr, LSA_HDR_LEN, nbr_dst(nbr));
}

void
ack_flush(struct ospf_if *oif)
{
	if (oif->ack_q.len > 0 && oif->up)
		ack_send(oif, oif->ack_q.data, oif->ack_q.len,
		    flood_dst(oif));
	buf_reset(&oif->ack_q);
}

static void
ack_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	ack_flush(arg);
}

void
ack_delayed(struct ospf_if *oif, const uint8_t *hdr)
{
	if (oif->ack_ev == NULL)
		oif->ack_ev = evtimer_new(oif->od->loop->base, ack_timer, oif);
	buf_put_bytes(&oif->ack_q, hdr, LSA_HDR_LEN);
	if (oif->ack_q.len + LSA_HDR_LEN > ospf_if_room(oif) - OSPF_HDR_LEN) {
		ack_flush(oif);
		return;
	}
	if (oif->ack_ev != NULL && !evtimer_pending(oif->ack_ev, NULL))
		evtimer_add_ms(oif->ack_ev, OSPF_ACK_DELAY_MS);
}

/* ---- receiving Updates (13) */

static void
rxmt_remove_all(struct ospf_area *a, const struct lsa_hdr *h)
{
	struct ospf_if	*oif;
	struct ospf_nbr	*nbr;

	TAILQ_FOREACH(oif, &a->od->ifs, entry) {
		if (oif->area != a)
			continue;
		TAILQ_FOREACH(nbr, &oif->nbrs, entry)
			keyset_del(&nbr->rxmt, h->type, h->id, h->adv_rtr);
	}
}

/* Send our newer copy back to a neighbour that has an older one. */
static void
lsu_send_one(struct ospf_nbr *nbr, const struct lsdb_entry *e)
{
	struct lsu_tx	 tx;

	lsu_tx_begin(&tx, nbr->oif, nbr_dst(nbr));
	lsu_tx_add(&tx, e->bytes, e->len, lsdb_age(e, ospf_now()));
	lsu_tx_end(&tx);
}

/* One LSA of an Update; false: stop processing the packet (BadLSReq). */
static bool
lsu_one(struct ospf_nbr *nbr, const uint8_t *p, size_t len)
{
	struct ospf_if		*oif = nbr->oif;
	struct ospf_area	*a = oif->area;
	struct ospfd		*od = oif->od;
	struct lsa		 lsa;
	struct lsdb_entry	*e;
	struct lsa_hdr		 cur;
	time_t			 now = ospf_now();
	enum ospf_err		 err;
	int			 c = 1;

	if (!lsa_cksum_ok(p, len)) {
		io_drop(oif, DROP_LSA, nbr->addr, "LSA checksum");
		return true;
	}
	if ((err = lsa_parse(p, len, &lsa)) != OSPF_OK) {
		io_drop(oif, DROP_LSA, nbr->addr, "%s", ospf_err_name(err));
		return true;
	}
	if (!area_lsa_ok(a, lsa.hdr.type)) {
		io_drop(oif, DROP_LSA, nbr->addr, "LS type %u in a%s area",
		    lsa.hdr.type, a->type == AREA_STUB ? " stub" :
		    a->type == AREA_NSSA ? "n NSSA" : " normal");
		return true;
	}
	od->lsa_received++;
	e = lsdb_lookup(a->db, lsa.hdr.type, lsa.hdr.id, lsa.hdr.adv_rtr);
	if (e != NULL) {
		lsdb_entry_hdr(e, now, &cur);
		c = lsa_compare(&lsa.hdr, &cur);
	}
	/* (4) A MaxAge LSA we do not have: acknowledge, keep nothing. */
	if (e == NULL && lsa.hdr.age >= OSPF_MAX_AGE && !nbr_exchanging(a)) {
		ack_direct(nbr, p);
		return true;
	}
	if (c > 0) {
		bool	 back;

		/* (5a) MinLSArrival: too soon after the last instance. */
		if (e != NULL && e->arrived_ms != 0 && ospf_now_ms() -
		    e->arrived_ms < OSPF_MIN_LS_ARRIVAL * 1000 &&
		    !self_originated(od, &lsa.hdr))
			return true;
		rxmt_remove_all(a, &lsa.hdr);
		switch (lsdb_install(a->db, p, len, now)) {
		case LSDB_NEW:
		case LSDB_NEWER:
			break;
		default:
			return true;
		}
		e = lsdb_lookup(a->db, lsa.hdr.type, lsa.hdr.id,
		    lsa.hdr.adv_rtr);
		e->arrived_ms = ospf_now_ms();
		lsr_satisfied(nbr, &lsa.hdr);
		back = flood_lsa(a, e, nbr);
		if (!back && !(oif->ism.state == ISM_STA_BACKUP &&
		    nbr->addr != oif->ism.dr))
			ack_delayed(oif, p);
		if (lsa.hdr.age >= OSPF_MAX_AGE)
			keyset_add(&a->maxage, &lsa.hdr);
		if (lsa.hdr.type == LSA_TYPE_EXTERNAL) {
			area_as_copy(od, a, p, len);
			spf_schedule_ext(od);
		} else
			spf_schedule(od);
		/* (5f) 13.4: ours, from a previous life or another router. */
		if (self_originated(od, &lsa.hdr))
			origin_self(a, e);
		return true;
	}
	/* (6) On the request list but not newer: the exchange went wrong. */
	if (keyset_find(&nbr->req, lsa.hdr.type, lsa.hdr.id,
	    lsa.hdr.adv_rtr) != NULL) {
		nbr_event(nbr, NSM_EVT_BAD_LS_REQ);
		return false;
	}
	if (c == 0) {
		/* (7) The same instance: an implied acknowledgment? */
		if (keyset_del(&nbr->rxmt, lsa.hdr.type, lsa.hdr.id,
		    lsa.hdr.adv_rtr)) {
			if (oif->ism.state == ISM_STA_BACKUP &&
			    nbr->addr == oif->ism.dr)
				ack_delayed(oif, p);
			maxage_acked(a, &lsa.hdr);
		} else
			ack_direct(nbr, p);
		return true;
	}
	/* (8) Ours is newer. */
	if (cur.age >= OSPF_MAX_AGE && cur.seq == OSPF_MAX_SEQ)
		return true;
	if (ospf_now_ms() - e->arrived_ms >= OSPF_MIN_LS_ARRIVAL * 1000) {
		e->arrived_ms = ospf_now_ms();	/* and sent back */
		lsu_send_one(nbr, e);
	}
	return true;
}

void
lsu_recv(struct ospf_nbr *nbr, const struct ospf_pkt *p)
{
	struct buf_reader r;
	const uint8_t	*lsa;
	size_t		 len;

	ospf_lsu_iter(&p->u.lsu, &r);
	while (ospf_lsu_next(&r, &lsa, &len))
		if (!lsu_one(nbr, lsa, len))
			break;
}

void
lsack_recv(struct ospf_nbr *nbr, const struct ospf_pkt *p)
{
	size_t	 i;

	for (i = 0; i < p->u.lsack.nhdr; i++) {
		struct lsa_hdr	 h, *r;

		ospf_lsack_hdr(&p->u.lsack, i, &h);
		r = keyset_find(&nbr->rxmt, h.type, h.id, h.adv_rtr);
		if (r == NULL || lsa_compare(&h, r) != 0)
			continue;
		keyset_del(&nbr->rxmt, h.type, h.id, h.adv_rtr);
		maxage_acked(nbr->oif->area, &h);
	}
	if (nbr->rxmt.n == 0)
		evtimer_del(nbr->rxmt_ev);
}

/* ---- retransmission (13.6) */

void
rxmt_arm(struct ospf_nbr *nbr)
{
	if (!evtimer_pending(nbr->rxmt_ev, NULL))
		evtimer_add_ms(nbr->rxmt_ev, (uint64_t)nbr->oif->rxmt * 1000);
}

void
flood_rxmt_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ospf_nbr		*nbr = arg;
	struct ospf_if		*oif = nbr->oif;
	struct lsu_tx		 tx;
	struct lsa_hdr		*h;
	time_t			 now = ospf_now();
	size_t			 i = 0, budget;

	(void)fd;
	(void)what;
	if (nbr->rxmt.n == 0)
		return;
	budget = ospf_if_room(oif) * RXMT_PACKETS;
	lsu_tx_begin(&tx, oif, nbr_dst(nbr));
	while ((h = keyset_next(&nbr->rxmt, &i)) != NULL && budget > 0) {
		struct lsdb_entry *e = lsdb_lookup(oif->area->db, h->type,
		    h->id, h->adv_rtr);

		if (e == NULL) {
			/* Gone from the database: nothing to wait for. */
			keyset_del(&nbr->rxmt, h->type, h->id, h->adv_rtr);
			i = i > 0 ? i - 1 : 0;
			continue;
		}
		lsu_tx_add(&tx, e->bytes, e->len, lsdb_age(e, now));
		nbr->rxmt_sent++;
		budget = budget > e->len ? budget - e->len : 0;
	}
	lsu_tx_end(&tx);
	if (nbr->rxmt.n > 0)
		rxmt_arm(nbr);
}

/* ---- aging (14) */

/* Remove flushed LSAs that nobody waits for any more. */
static bool
maxage_held(struct ospf_area *a, const struct lsa_key *k)
{
	struct ospf_if	*oif;
	struct ospf_nbr	*nbr;

	TAILQ_FOREACH(oif, &a->od->ifs, entry) {
		if (oif->area != a)
			continue;
		TAILQ_FOREACH(nbr, &oif->nbrs, entry)
			if (keyset_find(&nbr->rxmt, k->type, k->id,
			    k->adv) != NULL)
				return true;
	}
	return false;
}

static void
maxage_remove(struct ospf_area *a, const struct lsa_key *k, time_t now)
{
	struct lsdb_entry	*e = lsdb_lookup(a->db, k->type, k->id, k->adv);
	struct ospf_if		*oif;

	keyset_del(&a->maxage, k->type, k->id, k->adv);
	if (e == NULL || lsdb_age(e, now) < OSPF_MAX_AGE)
		return;		/* replaced by a newer instance */
	lsdb_delete(a->db, k->type, k->id, k->adv);
	/* Our own, flushed at the sequence number wrap: anew. */
	if (k->adv != a->od->rtr_id)
		return;
	if (k->type == LSA_TYPE_ROUTER)
		origin_rtr_lsa(a);
	else if (k->type == LSA_TYPE_NETWORK &&
	    (oif = iface_find_addr(a->od, k->id)) != NULL)
		origin_net_lsa(oif);
}

void
maxage_check(struct ospf_area *a)
{
	struct lsa_key	*done;
	struct lsa_hdr	*h;
	time_t		 now = ospf_now();
	size_t		 i = 0, n = 0, j;

	if (a == NULL || a->maxage.n == 0 || nbr_exchanging(a))
		return;
	if ((done = calloc(a->maxage.n, sizeof(*done))) == NULL)
		return;
	while ((h = keyset_next(&a->maxage, &i)) != NULL) {
		struct lsdb_entry *e = lsdb_lookup(a->db, h->type, h->id,
		    h->adv_rtr);
		struct lsa_key	 k = { h->type, h->id, h->adv_rtr };

		if (e != NULL && lsdb_age(e, now) >= OSPF_MAX_AGE &&
		    maxage_held(a, &k))
			continue;
		done[n++] = k;
	}
	for (j = 0; j < n; j++)
		maxage_remove(a, &done[j], now);
	free(done);
}

/*
 * One flushed LSA just acknowledged: removed at once if nobody else waits
 * for it. The check of one key, where maxage_check() walks them all:
 * 50,000 flushed LSAs acknowledged a packet at a time must not cost a
 * walk of the whole list per packet.
 */
static void
maxage_acked(struct ospf_area *a, const struct lsa_hdr *h)
{
	struct lsa_key		 k = { h->type, h->id, h->adv_rtr };
	struct lsdb_entry	*e;
	time_t			 now = ospf_now();

	if (a == NULL || keyset_find(&a->maxage, k.type, k.id, k.adv) ==
	    NULL || nbr_exchanging(a))
		return;
	e = lsdb_lookup(a->db, k.type, k.id, k.adv);
	if (e != NULL && lsdb_age(e, now) >= OSPF_MAX_AGE &&
	    maxage_held(a, &k))
		return;
	maxage_remove(a, &k, now);
}

void
aging_tick(struct ospfd *od)
{
	struct ospf_area	*a;
	struct lsdb_entry	*e, *next;
	time_t			 now = ospf_now();

	TAILQ_FOREACH(a, &od->areas, entry) {
		for (e = lsdb_first(a->db); e != NULL; e = next) {
			uint16_t	 age = lsdb_age(e, now);

			next = lsdb_next(a->db, e);
			if (age >= OSPF_MAX_AGE) {
				if (keyset_find(&a->maxage, e->lsa.hdr.type,
				    e->lsa.hdr.id, e->lsa.hdr.adv_rtr) == NULL) {
					struct lsa_hdr	 h;

					lsdb_entry_hdr(e, now, &h);
					keyset_add(&a->maxage, &h);
					flood_lsa(a, e, NULL);
					spf_schedule(od);
				}
				continue;
			}
			if (age >= OSPF_LS_REFRESH_TIME &&
			    e->lsa.hdr.adv_rtr == od->rtr_id)
				origin_refresh(a, e);
		}
		maxage_check(a);
	}
}

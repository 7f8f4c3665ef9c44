/*
 * DOC: hello: sending Hellos and receiving them (RFC 2328 9.5, 10.5):
 * the parameter checks, neighbour discovery, and the events that the
 * neighbour's Hello means for it and for the interface.
 */
#include <string.h>

#include "ospfd.h"

void
hello_send(struct ospf_if *oif)
{
	struct buf	*b = &oif->od->txbuf;
	struct ospf_hello h;
	struct ospf_nbr	*nbr;
	size_t		 start;

	if (io_fd(oif) == -1)
		return;
	memset(&h, 0, sizeof(h));
	h.mask = oif->mask;	/* point-to-point peers ignore it (10.5) */
	h.hello_interval = oif->hello;
	h.options = area_options(oif->area);
	h.prio = oif->prio;
	h.dead_interval = oif->dead;
	h.dr = oif->ism.dr;
	h.bdr = oif->ism.bdr;
	start = io_begin(oif, OSPF_PKT_HELLO);
	ospf_hello_put(b, &h);
	TAILQ_FOREACH(nbr, &oif->nbrs, entry)
		if (nbr->nsm.state & NSM_STA_INIT_UP)
			buf_put_u32(b, nbr->rtr_id);
	/* A virtual link's Hellos go to its other end, mask 0 (A.3.2). */
	io_send(oif, start, oif->net == ISM_NET_VIRTUAL ? oif->peer :
	    OSPF_ALL_SPF_ROUTERS);
}

static bool
hello_lists_us(const struct ospf_hello *h, uint32_t self)
{
	size_t	 i;

	for (i = 0; i < h->nnbr; i++)
		if (ospf_hello_nbr(h, i) == self)
			return true;
	return false;
}

void
hello_recv(struct ospf_if *oif, const struct ospf_pkt *p, uint32_t src,
    uint32_t dst)
{
	const struct ospf_hello *h = &p->u.hello;
	struct ospf_nbr	*nbr;
	uint32_t	 old_dr, old_bdr;
	uint8_t		 old_prio;
	bool		 p2p = oif->net == ISM_NET_PTP ||
	    oif->net == ISM_NET_VIRTUAL;

	(void)dst;
	if (oif->passive)
		return;
	if (!p2p && h->mask != oif->mask) {
		io_drop(oif, DROP_MASK, src, "mask %08x, ours %08x", h->mask,
		    oif->mask);
		return;
	}
	if (h->hello_interval != oif->hello || h->dead_interval != oif->dead) {
		io_drop(oif, DROP_HELLO, src, "hello %u dead %u, ours %u %u",
		    h->hello_interval, h->dead_interval, oif->hello,
		    oif->dead);
		return;
	}
	/* 10.5: the E bit (stub areas) and N bit (NSSA, RFC 3101) agree. */
	if ((h->options & (OSPF_OPT_E | OSPF_OPT_NP)) !=
	    area_options(oif->area)) {
		io_drop(oif, DROP_OPTIONS, src, "%s bit",
		    (h->options & OSPF_OPT_E) != (area_options(oif->area) &
		    OSPF_OPT_E) ? "E" : "N");
		return;
	}
	oif->cnt.rx[OSPF_PKT_HELLO]++;
	oif->od->cnt.rx[OSPF_PKT_HELLO]++;

	nbr = p2p ? nbr_find(oif, p->hdr.rtr_id) : nbr_find_addr(oif, src);
	if (nbr == NULL) {
		if ((nbr = nbr_new(oif, p->hdr.rtr_id, src)) == NULL)
			return;
		nbr->prio = h->prio;
		nbr->dr = h->dr;
		nbr->bdr = h->bdr;
	} else if (nbr->rtr_id != p->hdr.rtr_id) {
		/* Another router behind the same address: start over. */
		nbr_event(nbr, NSM_EVT_KILL_NBR);
		nbr_free(nbr);
		if ((nbr = nbr_new(oif, p->hdr.rtr_id, src)) == NULL)
			return;
	}
	nbr->addr = src;
	nbr->options = h->options;
	old_prio = nbr->prio;
	old_dr = nbr->dr;
	old_bdr = nbr->bdr;
	nbr->prio = h->prio;
	nbr->dr = h->dr;
	nbr->bdr = h->bdr;

	nbr_event(nbr, NSM_EVT_HELLO_RCVD);
	if (!hello_lists_us(h, oif->od->rtr_id)) {
		nbr_event(nbr, NSM_EVT_1WAY_RCVD);
		return;
	}
	nbr_event(nbr, NSM_EVT_2WAY_RCVD);
	if (p2p)
		return;

	if (oif->ism.state == ISM_STA_WAITING &&
	    ((h->dr == src && h->bdr == 0) || h->bdr == src)) {
		ism_event(&oif->ism, ISM_EVT_BACKUP_SEEN);
		return;
	}
	if (old_prio != h->prio ||
	    (h->dr == src) != (old_dr == src) ||
	    (h->bdr == src) != (old_bdr == src))
		iface_nbr_change(oif);
}

/*
 * DOC: nbr.c: Hello and the one neighbour, the router under test: its
 * state machine (RFC 2328 10.3) and the Database Description exchange
 * (10.6, 10.8) with an empty database of our own, so that the adjacency
 * is Full after one or two round trips and the whole area then arrives by
 * flooding, where it is timed.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "inject.h"

const char *const nbr_evt_names[NBR_EVT_MAX] = {
	[NBR_EVT_HELLO_RCVD] = "HelloReceived",
	[NBR_EVT_2WAY_RCVD] = "2-WayReceived",
	[NBR_EVT_1WAY_RCVD] = "1-WayReceived",
	[NBR_EVT_NEG_DONE] = "NegotiationDone",
	[NBR_EVT_EXCH_DONE] = "ExchangeDone",
	[NBR_EVT_SEQ_MISMATCH] = "SeqNumberMismatch",
	[NBR_EVT_INACTIVITY] = "InactivityTimer",
};

const char *
nbr_state_name(enum nbr_state s)
{
	switch (s) {
	case NBR_STA_DOWN:
		return "Down";
	case NBR_STA_INIT:
		return "Init";
	case NBR_STA_EXSTART:
		return "ExStart";
	case NBR_STA_EXCHANGE:
		return "Exchange";
	case NBR_STA_FULL:
		return "Full";
	}
	return "?";
}

static void	nbr_act_hello(struct inject *);
static void	nbr_act_exstart(struct inject *);
static void	nbr_act_reset(struct inject *);
static void	nbr_act_full(struct inject *);

/*
 * RFC 2328 10.3, for a point-to-point neighbour (always adjacent: 2-Way
 * goes straight to ExStart) and no Loading (we request nothing). next 0
 * keeps the state.
 */
static const struct {
	unsigned int	 states;
	enum nbr_evt	 evt;
	void		(*act)(struct inject *);
	enum nbr_state	 next;
} nbr_table[] = {
	{ NBR_STA_DOWN, NBR_EVT_HELLO_RCVD, nbr_act_hello, NBR_STA_INIT },
	{ NBR_STA_ANY & ~NBR_STA_DOWN, NBR_EVT_HELLO_RCVD, nbr_act_hello, 0 },
	{ NBR_STA_INIT, NBR_EVT_2WAY_RCVD, nbr_act_exstart, NBR_STA_EXSTART },
	{ NBR_STA_ADJ, NBR_EVT_2WAY_RCVD, NULL, 0 },
	{ NBR_STA_INIT, NBR_EVT_1WAY_RCVD, NULL, 0 },
	{ NBR_STA_ADJ, NBR_EVT_1WAY_RCVD, nbr_act_reset, NBR_STA_INIT },
	{ NBR_STA_EXSTART, NBR_EVT_NEG_DONE, NULL, NBR_STA_EXCHANGE },
	{ NBR_STA_EXCHANGE, NBR_EVT_EXCH_DONE, nbr_act_full, NBR_STA_FULL },
	{ NBR_STA_EXCHANGE | NBR_STA_FULL, NBR_EVT_SEQ_MISMATCH,
	    nbr_act_exstart, NBR_STA_EXSTART },
	{ NBR_STA_ANY, NBR_EVT_INACTIVITY, nbr_act_reset, NBR_STA_DOWN },
};

/* Every transition goes through here. */
void
nbr_fsm(struct inject *inj, enum nbr_evt evt)
{
	struct nbr	*n = &inj->nbr;
	enum nbr_state	 old = n->state;
	size_t		 i;
	char		 a[INET_ADDRSTRLEN];
	struct in_addr	 ia;

	for (i = 0; i < sizeof(nbr_table) / sizeof(nbr_table[0]); i++)
		if ((nbr_table[i].states & old) && nbr_table[i].evt == evt)
			break;
	if (i == sizeof(nbr_table) / sizeof(nbr_table[0])) {
		if (inj->verbose)
			inj_log(inj, "neighbour: %s in %s ignored",
			    nbr_evt_names[evt], nbr_state_name(old));
		return;
	}
	if (nbr_table[i].next != 0)
		n->state = nbr_table[i].next;
	if (nbr_table[i].act != NULL)
		nbr_table[i].act(inj);
	if (n->state != old) {
		ia.s_addr = htonl(n->rid);
		inet_ntop(AF_INET, &ia, a, sizeof(a));
		inj_log(inj, "neighbour %s: %s -> %s (%s)", a,
		    nbr_state_name(old), nbr_state_name(n->state),
		    nbr_evt_names[evt]);
	}
}

static void
nbr_act_hello(struct inject *inj)
{
	inj->nbr.dead_at = inj_now() + inj->dead;
}

/* Our DD packet with no headers; kept to be sent again. */
static void
dd_send(struct inject *inj, uint8_t flags)
{
	struct nbr	*n = &inj->nbr;
	struct ospf_dd	 dd;
	size_t		 start;

	memset(&dd, 0, sizeof(dd));
	dd.mtu = inj->mtu;
	dd.options = OSPF_OPT_E;
	dd.flags = flags;
	dd.seq = n->dd_seq;
	start = pkt_begin(inj, OSPF_PKT_DD);
	ospf_dd_put(&inj->out, &dd);
	if (!ospf_pkt_finish(&inj->out, start))
		return;
	buf_reset(&n->last_dd);
	buf_put_bytes(&n->last_dd, inj->out.data + start,
	    inj->out.len - start);
	(void)sock_send(inj, n->last_dd.data, n->last_dd.len);
}

/* RFC 2328 10.8: claim mastership with I, M and MS set. */
static void
nbr_act_exstart(struct inject *inj)
{
	struct nbr	*n = &inj->nbr;

	flood_stop(inj);
	n->master = true;
	n->dd_seq = (uint32_t)time(NULL);
	dd_send(inj, OSPF_DD_I | OSPF_DD_M | OSPF_DD_MS);
	n->dd_rxmt_at = inj_now() + inj->hello;
}

static void
nbr_act_reset(struct inject *inj)
{
	flood_stop(inj);
	inj->nbr.dd_rxmt_at = 0;
	if (inj->nbr.state == NBR_STA_DOWN)
		inj->nbr.rid = 0;
}

static void
nbr_act_full(struct inject *inj)
{
	inj->nbr.dd_rxmt_at = 0;
	if (inj->t_full == 0)
		inj->t_full = inj_now();
	flood_start(inj);
}

void
hello_send(struct inject *inj)
{
	struct ospf_hello	 h;
	size_t			 start;

	memset(&h, 0, sizeof(h));
	h.mask = inj->mask;
	h.hello_interval = inj->hello;
	h.options = OSPF_OPT_E;
	h.prio = 0;
	h.dead_interval = inj->dead;
	start = pkt_begin(inj, OSPF_PKT_HELLO);
	ospf_hello_put(&inj->out, &h);
	if (inj->nbr.rid != 0)
		buf_put_u32(&inj->out, inj->nbr.rid);
	(void)pkt_send(inj, start);
}

/* RFC 2328 10.5: intervals and the E option must agree; the mask is not
 * checked on a point-to-point network. */
void
hello_recv(struct inject *inj, uint32_t src, const struct ospf_pkt *pkt)
{
	const struct ospf_hello	*h = &pkt->u.hello;
	struct nbr		*n = &inj->nbr;
	bool			 seen = false;
	size_t			 i;

	if (h->hello_interval != inj->hello || h->dead_interval != inj->dead ||
	    (h->options & OSPF_OPT_E) == 0) {
		inj_log(inj, "Hello from %08x: hello %u dead %u options %#x, "
		    "we have hello %u dead %u", pkt->hdr.rtr_id,
		    h->hello_interval, h->dead_interval, h->options,
		    inj->hello, inj->dead);
		return;
	}
	if (n->rid != 0 && n->rid != pkt->hdr.rtr_id) {
		inj_log(inj, "a second neighbour (%08x) ignored",
		    pkt->hdr.rtr_id);
		return;
	}
	n->rid = pkt->hdr.rtr_id;
	n->addr = src;
	nbr_fsm(inj, NBR_EVT_HELLO_RCVD);
	for (i = 0; i < h->nnbr; i++)
		if (ospf_hello_nbr(h, i) == inj->rid)
			seen = true;
	nbr_fsm(inj, seen ? NBR_EVT_2WAY_RCVD : NBR_EVT_1WAY_RCVD);
	/* Answer at once, so the neighbour sees 2-Way without waiting. */
	if (!seen || n->state == NBR_STA_INIT)
		hello_send(inj);
}

/* RFC 2328 10.6 in ExStart: who is master. */
static void
dd_exstart(struct inject *inj, const struct ospf_dd *dd)
{
	struct nbr	*n = &inj->nbr;
	uint8_t		 all = OSPF_DD_I | OSPF_DD_M | OSPF_DD_MS;

	if ((dd->flags & all) == all && dd->nhdr == 0 && n->rid > inj->rid) {
		n->master = false;
		n->dd_seq = dd->seq;
		nbr_fsm(inj, NBR_EVT_NEG_DONE);
		dd_send(inj, 0);	/* nothing to describe: M clear */
		n->dd_rxmt_at = 0;	/* the slave only answers */
		return;
	}
	if ((dd->flags & (OSPF_DD_I | OSPF_DD_MS)) == 0 &&
	    dd->seq == n->dd_seq && n->rid < inj->rid) {
		n->master = true;
		nbr_fsm(inj, NBR_EVT_NEG_DONE);
		/* Our I/M/MS packet said "more": one packet with M clear. */
		n->dd_seq++;
		dd_send(inj, OSPF_DD_MS);
		n->dd_rxmt_at = inj_now() + inj->hello;
	}
}

/* RFC 2328 10.6 in Exchange, and duplicates in Full. */
void
dd_recv(struct inject *inj, const struct ospf_pkt *pkt)
{
	const struct ospf_dd	*dd = &pkt->u.dd;
	struct nbr		*n = &inj->nbr;

	if (dd->mtu > inj->mtu) {
		inj_log(inj, "DD: the neighbour's MTU %u exceeds ours %u",
		    dd->mtu, inj->mtu);
		return;
	}
	switch (n->state) {
	case NBR_STA_INIT:
		nbr_fsm(inj, NBR_EVT_2WAY_RCVD);
		if (n->state == NBR_STA_EXSTART)
			dd_exstart(inj, dd);
		return;
	case NBR_STA_EXSTART:
		dd_exstart(inj, dd);
		return;
	case NBR_STA_EXCHANGE:
	case NBR_STA_FULL:
		break;
	default:
		return;
	}
	if (n->master) {
		if (dd->seq == n->dd_seq - 1 && n->state == NBR_STA_EXCHANGE)
			return;			/* a duplicate: ignored */
		if ((dd->flags & (OSPF_DD_I | OSPF_DD_MS)) ||
		    dd->seq != n->dd_seq || n->state == NBR_STA_FULL) {
			if (n->state == NBR_STA_FULL && dd->seq == n->dd_seq)
				return;
			nbr_fsm(inj, NBR_EVT_SEQ_MISMATCH);
			return;
		}
		if ((dd->flags & OSPF_DD_M) == 0) {
			nbr_fsm(inj, NBR_EVT_EXCH_DONE);
			return;
		}
		n->dd_seq++;
		dd_send(inj, OSPF_DD_MS);
		n->dd_rxmt_at = inj_now() + inj->hello;
		return;
	}
	/* Slave: a duplicate gets our last packet again. */
	if (dd->seq == n->dd_seq) {
		(void)sock_send(inj, n->last_dd.data, n->last_dd.len);
		return;
	}
	if ((dd->flags & (OSPF_DD_I | OSPF_DD_MS)) != OSPF_DD_MS ||
	    dd->seq != n->dd_seq + 1 || n->state == NBR_STA_FULL) {
		nbr_fsm(inj, NBR_EVT_SEQ_MISMATCH);
		return;
	}
	n->dd_seq = dd->seq;
	dd_send(inj, 0);
	if ((dd->flags & OSPF_DD_M) == 0)
		nbr_fsm(inj, NBR_EVT_EXCH_DONE);
}

/* The inactivity timer and the master's DD retransmission. */
void
nbr_timers(struct inject *inj, double now)
{
	struct nbr	*n = &inj->nbr;

	if (n->state != NBR_STA_DOWN && now >= n->dead_at) {
		nbr_fsm(inj, NBR_EVT_INACTIVITY);
		return;
	}
	if (n->dd_rxmt_at != 0 && now >= n->dd_rxmt_at &&
	    (n->state & (NBR_STA_EXSTART | NBR_STA_EXCHANGE))) {
		(void)sock_send(inj, n->last_dd.data, n->last_dd.len);
		n->dd_rxmt_at = now + inj->hello;
	}
}

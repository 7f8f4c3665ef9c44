/*
 * DOC: iface: which interfaces run OSPF, and their interface state
 * machines. The set is a function of ribd's interface tree (the mirror)
 * and the configuration (network statements, interface stanzas,
 * passive-interface): iface_reconfigure() computes it and makes the
 * running interfaces agree, so a configuration change and a link event
 * take the same path. An interface whose address, area or network type
 * changes is brought down and up again; timers, cost and priority change
 * in place.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "ifxrl.h"
#include "ospfd.h"

static void	iface_hello_timer(evutil_socket_t, short, void *);

struct ospf_area *
area_get(struct ospfd *od, uint32_t id, bool create)
{
	struct ospf_area	*a;

	TAILQ_FOREACH(a, &od->areas, entry)
		if (a->id == id)
			return a;
	if (!create)
		return NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if ((a->db = lsdb_new()) == NULL) {
		free(a);
		return NULL;
	}
	a->od = od;
	a->id = id;
	a->type = area_conf_type(&od->conf, id);
	keyset_init(&a->maxage);
	spf_result_init(&a->intra);
	/* Areas in ID order, as FRR lists them. */
	{
		struct ospf_area *b;

		TAILQ_FOREACH(b, &od->areas, entry)
			if (b->id > id)
				break;
		if (b != NULL)
			TAILQ_INSERT_BEFORE(b, a, entry);
		else
			TAILQ_INSERT_TAIL(&od->areas, a, entry);
	}
	area_as_import(a);
	return a;
}

static void
area_free(struct ospf_area *a)
{
	TAILQ_REMOVE(&a->od->areas, a, entry);
	if (a->rtr_lsa_ev != NULL)
		event_free(a->rtr_lsa_ev);
	keyset_clear(&a->maxage);
	spf_result_free(&a->intra);
	lsdb_del(a->db);
	free(a);
}

struct ospf_if *
iface_find(const struct ospfd *od, const char *name)
{
	struct ospf_if	*oif;

	TAILQ_FOREACH(oif, &od->ifs, entry)
		if (strcmp(oif->name, name) == 0)
			return oif;
	return NULL;
}

struct ospf_if *
iface_find_addr(const struct ospfd *od, uint32_t addr)
{
	struct ospf_if	*oif;

	TAILQ_FOREACH(oif, &od->ifs, entry)
		if (oif->addr == addr)
			return oif;
	return NULL;
}

/* ---- the interface state machine's side effects */

static void
cb_hello_start(void *arg)
{
	struct ospf_if	*oif = arg;

	if (oif->passive || oif->loopback)
		return;
	hello_send(oif);
	evtimer_add_ms(oif->hello_ev, (uint64_t)oif->hello * 1000);
}

static void
cb_hello_stop(void *arg)
{
	struct ospf_if	*oif = arg;

	evtimer_del(oif->hello_ev);
}

static void
iface_wait_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ospf_if	*oif = arg;

	(void)fd;
	(void)what;
	ism_event(&oif->ism, ISM_EVT_WAIT_TIMER);
}

static void
cb_wait_start(void *arg)
{
	struct ospf_if	*oif = arg;

	evtimer_add_ms(oif->wait_ev, (uint64_t)oif->dead * 1000);
}

static void
cb_wait_stop(void *arg)
{
	struct ospf_if	*oif = arg;

	evtimer_del(oif->wait_ev);
}

static void
cb_nbr_adjok(void *arg)
{
	struct ospf_if	*oif = arg;
	struct ospf_nbr	*nbr, *next;

	TAILQ_FOREACH_SAFE(nbr, &oif->nbrs, entry, next)
		if (nbr->nsm.state & NSM_STA_2WAY_UP)
			nbr_event(nbr, NSM_EVT_ADJ_OK);
}

static void
cb_nbr_kill(void *arg)
{
	struct ospf_if	*oif = arg;
	struct ospf_nbr	*nbr;

	while ((nbr = TAILQ_FIRST(&oif->nbrs)) != NULL) {
		nbr_event(nbr, NSM_EVT_KILL_NBR);
		nbr_free(nbr);
	}
}

static size_t
cb_dr_cands(void *arg, struct dr_cand *out, size_t max)
{
	struct ospf_if	*oif = arg;
	struct ospf_nbr	*nbr;
	size_t		 n = 0;

	TAILQ_FOREACH(nbr, &oif->nbrs, entry) {
		if (n < max) {
			out[n].rtr_id = nbr->rtr_id;
			out[n].addr = nbr->addr;
			out[n].prio = nbr->prio;
			out[n].dr = nbr->dr;
			out[n].bdr = nbr->bdr;
			out[n].twoway = (nbr->nsm.state & NSM_STA_2WAY_UP) != 0;
		}
		n++;
	}
	return n;
}

static void
cb_rtr_lsa(void *arg)
{
	struct ospf_if	*oif = arg;

	origin_rtr_lsa(oif->area);
}

static void
cb_net_lsa(void *arg, bool dr)
{
	struct ospf_if	*oif = arg;

	(void)dr;
	origin_net_lsa(oif);
}

static void
cb_log(void *arg, const char *msg)
{
	(void)arg;
	log_debug("%s", msg);
}

static const struct ism_cb iface_ism_cb = {
	.hello_start = cb_hello_start,
	.hello_stop = cb_hello_stop,
	.wait_start = cb_wait_start,
	.wait_stop = cb_wait_stop,
	.nbr_adjok = cb_nbr_adjok,
	.nbr_kill = cb_nbr_kill,
	.dr_cands = cb_dr_cands,
	.rtr_lsa = cb_rtr_lsa,
	.net_lsa = cb_net_lsa,
	.log = cb_log,
};

/* 9.2 NeighborChange, only where the state machine has a row for it. */
void
iface_nbr_change(struct ospf_if *oif)
{
	if (oif->ism.state & ISM_STA_ELECTED)
		ism_event(&oif->ism, ISM_EVT_NBR_CHANGE);
}

static void
iface_hello_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ospf_if	*oif = arg;

	(void)fd;
	(void)what;
	hello_send(oif);
	evtimer_add_ms(oif->hello_ev, (uint64_t)oif->hello * 1000);
}

/* ---- what the configuration and the tree say */

struct iface_want {
	const struct ift_if	*ifp;
	uint32_t		 addr;
	uint8_t			 plen;
	uint32_t		 peer;
	uint32_t		 area;
};

static bool
iface_wanted(const struct ospfd *od, const struct ift_if *ifp,
    struct iface_want *w)
{
	const struct ift_addr4	*a;

	if (!od->conf.router || od->rtr_id == 0)
		return false;
	TAILQ_FOREACH(a, &ifp->a4, entry) {
		uint32_t addr = ntohl(a->addr.s_addr);

		if (!conf_net_match(&od->conf, addr, a->plen, &w->area))
			continue;
		w->ifp = ifp;
		w->addr = addr;
		w->plen = a->plen;
		w->peer = a->has_peer ? ntohl(a->peer.s_addr) : 0;
		return true;
	}
	return false;
}

static void
iface_params(struct ospfd *od, struct ospf_if *oif, const struct ift_if *ifp)
{
	const struct ospf_ifconf *c = conf_if(&od->conf, oif->name);

	oif->cost = c && c->cost > 0 ? (uint32_t)c->cost : OSPF_DEF_COST;
	oif->hello = c && c->hello > 0 ? (uint16_t)c->hello : OSPF_DEF_HELLO;
	oif->dead = c && c->dead > 0 ? (uint32_t)c->dead : 4u * oif->hello;
	oif->rxmt = c && c->rxmt > 0 ? (uint16_t)c->rxmt : OSPF_DEF_RXMT;
	oif->transdelay = c && c->transdelay > 0 ? (uint16_t)c->transdelay :
	    OSPF_DEF_TRANSDELAY;
	oif->prio = c && c->prio >= 0 ? (uint8_t)c->prio : OSPF_DEF_PRIO;
	oif->mtu_ignore = c && c->mtu_ignore;
	oif->passive = (c && c->passive == 1) ||
	    (!(c && c->passive == 0) && conf_passive(&od->conf, oif->name));
	if (c && c->net >= 0)
		oif->net = (enum ism_net)c->net;
	else
		oif->net = ifp->p2p ? ISM_NET_PTP : ISM_NET_BROADCAST;
	oif->loopback = ifp->loopback;
	oif->mtu = ifp->mtu ? ifp->mtu : 1500;
}

static void
iface_up(struct ospf_if *oif)
{
	if (!oif->passive && !oif->loopback && io_open(oif) == -1)
		return;
	oif->up = true;
	oif->since = ospf_now();
	ism_event(&oif->ism, ISM_EVT_IF_UP);
	if (oif->loopback)
		ism_event(&oif->ism, ISM_EVT_LOOP_IND);
}

static void
iface_down(struct ospf_if *oif)
{
	if (!oif->up)
		return;
	oif->up = false;
	ism_event(&oif->ism, ISM_EVT_IF_DOWN);
	io_close(oif);
	buf_reset(&oif->ack_q);
	buf_reset(&oif->lsu_q);
	oif->lsu_q_n = 0;
}

static struct ospf_if *
iface_new(struct ospfd *od, const struct iface_want *w)
{
	struct ospf_if	*oif;
	struct event_base *base = od->loop->base;

	if ((oif = calloc(1, sizeof(*oif))) == NULL)
		return NULL;
	oif->od = od;
	oif->fd = -1;
	snprintf(oif->name, sizeof(oif->name), "%s", w->ifp->name);
	oif->ifindex = w->ifp->ifindex;
	oif->addr = w->addr;
	oif->plen = w->plen;
	oif->mask = ospf_plen_mask(w->plen);
	oif->peer = w->peer;
	TAILQ_INIT(&oif->nbrs);
	buf_init(&oif->ack_q);
	buf_init(&oif->lsu_q);
	if ((oif->area = area_get(od, w->area, false)) == NULL) {
		if ((oif->area = area_get(od, w->area, true)) == NULL) {
			free(oif);
			return NULL;
		}
		/* A new area: what we redistribute goes into it too. */
		redist_apply(od);
	}
	oif->area->nif++;
	iface_params(od, oif, w->ifp);
	oif->hello_ev = evtimer_new(base, iface_hello_timer, oif);
	oif->wait_ev = evtimer_new(base, iface_wait_timer, oif);
	ism_init(&oif->ism, oif->name, oif->net, od->rtr_id, oif->addr,
	    oif->prio, &iface_ism_cb, oif);
	TAILQ_INSERT_TAIL(&od->ifs, oif, entry);
	log_info("%s: OSPF enabled, %s, area %u.%u.%u.%u%s", oif->name,
	    ism_net_name(oif->net), w->area >> 24, (w->area >> 16) & 0xff,
	    (w->area >> 8) & 0xff, w->area & 0xff,
	    oif->passive ? ", passive" : "");
	return oif;
}

static void
iface_free(struct ospf_if *oif)
{
	struct ospf_area *a = oif->area;

	iface_down(oif);
	TAILQ_REMOVE(&oif->od->ifs, oif, entry);
	if (oif->net_lsa_dr || oif->net_lsa_ev != NULL) {
		oif->ism.state = ISM_STA_DOWN;
		origin_net_lsa(oif);	/* flush it now */
	}
	if (oif->net_lsa_ev != NULL)
		event_free(oif->net_lsa_ev);
	event_free(oif->hello_ev);
	event_free(oif->wait_ev);
	if (oif->ack_ev != NULL)
		event_free(oif->ack_ev);
	if (oif->flood_ev != NULL)
		event_free(oif->flood_ev);
	buf_free(&oif->ack_q);
	buf_free(&oif->lsu_q);
	log_info("%s: OSPF disabled", oif->name);
	free(oif);
	if (--a->nif == 0)
		area_free(a);
	else
		origin_rtr_lsa(a);
}

/* ---- virtual links: backbone interfaces without a socket of their own */

struct ospf_if *
iface_virtual_new(struct ospfd *od, uint32_t transit, uint32_t peer)
{
	struct event_base	*base = od->loop->base;
	const struct ospf_if	*o;
	struct ospf_if		*oif;
	unsigned		 n = 0;

	if ((oif = calloc(1, sizeof(*oif))) == NULL)
		return NULL;
	/* FRRouting's names: VLINK0, VLINK1... the first free. */
	for (;;) {
		snprintf(oif->name, sizeof(oif->name), "VLINK%u", n);
		TAILQ_FOREACH(o, &od->ifs, entry)
			if (strcmp(o->name, oif->name) == 0)
				break;
		if (o == NULL)
			break;
		n++;
	}
	oif->od = od;
	oif->fd = -1;
	oif->net = ISM_NET_VIRTUAL;
	oif->vl_transit = transit;
	oif->vl_peer = peer;
	oif->mask = 0;
	oif->mtu = 1500;
	oif->hello = OSPF_DEF_HELLO;
	oif->dead = OSPF_DEF_DEAD;
	oif->rxmt = OSPF_DEF_RXMT;
	oif->transdelay = OSPF_DEF_TRANSDELAY;
	TAILQ_INIT(&oif->nbrs);
	buf_init(&oif->ack_q);
	buf_init(&oif->lsu_q);
	if ((oif->area = area_get(od, SPF_EXT_BACKBONE, true)) == NULL) {
		free(oif);
		return NULL;
	}
	oif->area->nif++;
	oif->hello_ev = evtimer_new(base, iface_hello_timer, oif);
	oif->wait_ev = evtimer_new(base, iface_wait_timer, oif);
	ism_init(&oif->ism, oif->name, oif->net, od->rtr_id, 0, 0,
	    &iface_ism_cb, oif);
	TAILQ_INSERT_TAIL(&od->ifs, oif, entry);
	log_info("%s: virtual link to %u.%u.%u.%u through area %u.%u.%u.%u",
	    oif->name, peer >> 24, (peer >> 16) & 0xff, (peer >> 8) & 0xff,
	    peer & 0xff, transit >> 24, (transit >> 16) & 0xff,
	    (transit >> 8) & 0xff, transit & 0xff);
	return oif;
}

void
iface_virtual_up(struct ospf_if *oif)
{
	if (oif->up)
		return;
	oif->up = true;
	oif->since = ospf_now();
	oif->ism.addr = oif->addr;
	ism_event(&oif->ism, ISM_EVT_IF_UP);
}

void
iface_virtual_down(struct ospf_if *oif)
{
	iface_down(oif);
}

void
iface_virtual_free(struct ospf_if *oif)
{
	iface_free(oif);
}

/* Bring the running interfaces in line with the tree and configuration. */
void
iface_reconfigure(struct ospfd *od)
{
	const struct iftree	*tree;
	const struct ift_if	*ifp;
	struct ospf_if		*oif, *next;
	struct iface_want	 w;

	if (od->check || od->mirror == NULL)
		return;
	ospf_rtr_id_update(od);
	tree = ifmirror_tree(od->mirror);
	TAILQ_FOREACH_SAFE(oif, &od->ifs, entry, next) {
		enum ism_net	 net = oif->net;
		bool		 passive = oif->passive;
		uint8_t		 prio = oif->prio;
		uint32_t	 cost = oif->cost;

		if (oif->net == ISM_NET_VIRTUAL)
			continue;	/* vlink.c's, after SPF */
		ifp = iftree_find(tree, oif->name);
		if (ifp == NULL || !iface_wanted(od, ifp, &w) ||
		    w.addr != oif->addr || w.plen != oif->plen ||
		    w.area != oif->area->id || ifp->ifindex != oif->ifindex ||
		    oif->area->type != area_conf_type(&od->conf, w.area)) {
			/* A new area kind restarts the area: its LSDB goes. */
			iface_free(oif);
			continue;
		}
		iface_params(od, oif, ifp);
		if (oif->net != net || oif->passive != passive) {
			/* A new kind of interface: start it over. */
			iface_down(oif);
			oif->ism.net = oif->net;
			oif->ism.prio = oif->prio;
		} else if (oif->prio != prio) {
			oif->ism.prio = oif->prio;
			iface_nbr_change(oif);
		}
		if (oif->up && !ift_if_up(ifp))
			iface_down(oif);
		else if (!oif->up && ift_if_up(ifp))
			iface_up(oif);
		else if (oif->up && oif->cost != cost)
			origin_rtr_lsa(oif->area);
	}
	TAILQ_FOREACH(ifp, &tree->ifs, entry) {
		if (iface_find(od, ifp->name) != NULL ||
		    !iface_wanted(od, ifp, &w))
			continue;
		if ((oif = iface_new(od, &w)) != NULL && ift_if_up(ifp))
			iface_up(oif);
	}
}

static void
iface_reconf_ev(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	iface_reconfigure(arg);
}

/* An interface tree change from ribd: reconsider, once per burst. */
void
iface_mirror_op(const struct ift_op *op, void *arg)
{
	struct ospfd		*od = arg;

	(void)op;
	if (od->reconf_ev == NULL)
		od->reconf_ev = event_new(od->loop->base, -1, 0,
		    iface_reconf_ev, od);
	if (od->reconf_ev != NULL)
		event_active(od->reconf_ev, 0, 0);
}

void
iface_fini(struct ospfd *od)
{
	struct ospf_if	*oif;
	struct ospf_area *a;

	while ((oif = TAILQ_FIRST(&od->ifs)) != NULL)
		iface_free(oif);
	while ((a = TAILQ_FIRST(&od->areas)) != NULL)
		area_free(a);
	if (od->reconf_ev != NULL)
		event_free(od->reconf_ev);
	od->reconf_ev = NULL;
}

/* FRR's choice: the highest loopback address, else the highest address. */
uint32_t
ospf_rtr_id_auto(const struct ospfd *od)
{
	const struct ift_if	*ifp;
	const struct ift_addr4	*a;
	uint32_t		 lo = 0, any = 0;

	if (od->mirror == NULL)
		return 0;
	TAILQ_FOREACH(ifp, &ifmirror_tree(od->mirror)->ifs, entry) {
		TAILQ_FOREACH(a, &ifp->a4, entry) {
			uint32_t addr = ntohl(a->addr.s_addr);

			if ((addr >> 24) == 127)
				continue;
			if (ifp->loopback && addr > lo)
				lo = addr;
			if (addr > any)
				any = addr;
		}
	}
	return lo ? lo : any;
}

/*
 * The router ID in use follows the configuration (or the addresses).
 * A change restarts the protocol: every interface goes down, the old
 * identity's LSAs are dropped, and iface_reconfigure() starts it again.
 */
void
ospf_rtr_id_update(struct ospfd *od)
{
	uint32_t	 id = od->conf.rtr_id_conf ? od->conf.rtr_id_conf :
	    ospf_rtr_id_auto(od);
	struct ospf_area *a;

	if (id == od->rtr_id || od->check)
		return;
	if (od->rtr_id != 0 && od->conf.rtr_id_conf == 0 &&
	    !TAILQ_EMPTY(&od->ifs))
		return;		/* an automatic ID stays while OSPF runs */
	if (!TAILQ_EMPTY(&od->ifs)) {
		origin_flush_all(od);
		while (!TAILQ_EMPTY(&od->ifs))
			iface_free(TAILQ_FIRST(&od->ifs));
	}
	while ((a = TAILQ_FIRST(&od->areas)) != NULL)
		area_free(a);
	log_info("router ID %u.%u.%u.%u", id >> 24, (id >> 16) & 0xff,
	    (id >> 8) & 0xff, id & 0xff);
	od->rtr_id = id;
	spf_schedule(od);
	iface_mirror_op(NULL, od);	/* start the interfaces again */
}

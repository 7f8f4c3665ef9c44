/*
 * DOC: reset: FRRouting 8.4's "clear" commands (enable node).
 *
 *   clear ip ospf process               every adjacency starts again
 *   clear ip ospf interface [IFNAME]    InterfaceDown then InterfaceUp
 *   clear ip ospf neighbor [A.B.C.D]    KillNbr to one or every neighbour
 *
 * A killed neighbour is forgotten (RFC 2328 10.3 KillNbr); our next Hello
 * no longer lists it, so it drops the adjacency too (1-WayReceived) and
 * both go through ExStart to Full again. Our router-LSAs and network-LSAs
 * follow the adjacencies as always (origin.c). Unlike FRRouting, which
 * flushes all its LSAs and originates them anew, "process" flushes
 * nothing that is still wanted: the AS-external LSAs stay, the router-LSA
 * is re-originated (its links changed), and SPF runs again at once, so
 * routes through other neighbours survive.
 */
#include <arpa/inet.h>

#include "cmd.h"
#include "ospfd.h"
#include "vty.h"

#define HELP_CLEAR	"Reset functions\nIP information\nOSPF information\n"

/* Kill the neighbours of oif (rtr_id 0: all); how many. */
static unsigned
reset_nbrs(struct ospf_if *oif, uint32_t rtr_id)
{
	struct ospf_nbr	*nbr, *next;
	unsigned	 n = 0;

	TAILQ_FOREACH_SAFE(nbr, &oif->nbrs, entry, next) {
		if (rtr_id != 0 && nbr->rtr_id != rtr_id)
			continue;
		nbr_event(nbr, NSM_EVT_KILL_NBR);
		nbr_free(nbr);
		n++;
	}
	return n;
}

/* FRRouting's ospf_if_reset(): down and up again, the sockets kept. */
static void
reset_if(struct ospf_if *oif)
{
	if (!oif->up)
		return;
	log_info("clear: interface %s down and up", oif->name);
	ism_event(&oif->ism, ISM_EVT_IF_DOWN);
	oif->since = ospf_now();
	ism_event(&oif->ism, ISM_EVT_IF_UP);
	if (oif->loopback)
		ism_event(&oif->ism, ISM_EVT_LOOP_IND);
}

static void
reset_after(struct ospfd *od)
{
	struct ospf_area *a;
	struct ospf_if	*oif;

	TAILQ_FOREACH(a, &od->areas, entry)
		origin_rtr_lsa(a);
	TAILQ_FOREACH(oif, &od->ifs, entry)
		if (oif->up)
			origin_net_lsa(oif);
	spf_schedule(od);
}

static int
cmd_clear_process(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;
	struct ospf_if	*oif;
	unsigned	 n = 0;

	(void)vty;
	(void)m;
	if (!od->conf.router)
		return CMD_SUCCESS;
	TAILQ_FOREACH(oif, &od->ifs, entry)
		n += reset_nbrs(oif, 0);
	log_info("clear: ospf process, %u neighbours reset", n);
	reset_after(od);
	return CMD_SUCCESS;
}

static int
cmd_clear_interface(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;
	const char	*name = cmd_str(m, "ifname");
	struct ospf_if	*oif;

	if (!od->conf.router)
		return CMD_SUCCESS;
	if (name != NULL) {
		if ((oif = iface_find(od, name)) == NULL) {
			/* FRR's words, for a name it has no interface of. */
			vty_out(vty, "No such interface name\n");
			return CMD_WARNING;
		}
		reset_if(oif);
	} else
		TAILQ_FOREACH(oif, &od->ifs, entry)
			reset_if(oif);
	reset_after(od);
	return CMD_SUCCESS;
}

static int
cmd_clear_neighbor(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const struct cmd_value	*v = cmd_get(m, "nbr");
	uint32_t		 id = v != NULL ? ntohl(v->u.v4.s_addr) : 0;
	struct ospf_if		*oif;
	unsigned		 n = 0;

	(void)vty;
	if (!od->conf.router)
		return CMD_SUCCESS;
	TAILQ_FOREACH(oif, &od->ifs, entry)
		n += reset_nbrs(oif, id);
	if (n > 0) {
		log_info("clear: %u neighbours reset", n);
		reset_after(od);
	}
	return CMD_SUCCESS;
}

static const struct cmd_def enable_cmds[] = {
	{ "clear ip ospf process", HELP_CLEAR "Reset OSPF Process",
	    cmd_clear_process, 0 },
	{ "clear ip ospf interface [IFNAME$ifname]", HELP_CLEAR
	    "Interface information\nInterface name", cmd_clear_interface, 0 },
	{ "clear ip ospf neighbor [A.B.C.D$nbr]", HELP_CLEAR
	    "Reset OSPF Neighbor\nNeighbor ID", cmd_clear_neighbor, 0 },
};

int
reset_vty_install(struct ospfd *od)
{
	return vty_install(od->vs, VTY_NODE_ENABLE, enable_cmds,
	    sizeof(enable_cmds) / sizeof(enable_cmds[0]));
}

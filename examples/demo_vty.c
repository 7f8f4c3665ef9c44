/*
 * DOC: the example daemon's VTY. "router demo" creates the (one) demo
 * router and enters its node; its settings print back, in a fixed order,
 * through the config writer so that "show running-config" parses back to
 * the same state. Neighbours are kept sorted by address.
 *
 *   router demo
 *    greeting LINE
 *    passive
 *    neighbor A.B.C.D [cost (1-65535)]
 *   exit
 */
#include <sys/queue.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "addr.h"
#include "demo_vty.h"
#include "vty.h"

#define DEMO_COST_DEFAULT	10

struct demo_nbr {
	TAILQ_ENTRY(demo_nbr)	 entry;
	struct in_addr		 addr;
	uint16_t		 cost;		/* 0: not configured */
};

struct demo_vty {
	bool			 enabled;	/* "router demo" given */
	char			 greeting[256];
	bool			 passive;
	TAILQ_HEAD(, demo_nbr)	 nbrs;
	unsigned		 nnbrs;
	int			 node;
};

struct demo_vty *
demo_vty_new(void)
{
	struct demo_vty	*dv;

	if ((dv = calloc(1, sizeof(*dv))) == NULL)
		return NULL;
	TAILQ_INIT(&dv->nbrs);
	dv->node = -1;
	return dv;
}

static void
demo_reset(struct demo_vty *dv)
{
	struct demo_nbr	*n;

	while ((n = TAILQ_FIRST(&dv->nbrs)) != NULL) {
		TAILQ_REMOVE(&dv->nbrs, n, entry);
		free(n);
	}
	dv->nnbrs = 0;
	dv->enabled = false;
	dv->passive = false;
	dv->greeting[0] = '\0';
}

void
demo_vty_free(struct demo_vty *dv)
{
	if (dv == NULL)
		return;
	demo_reset(dv);
	free(dv);
}

static struct demo_nbr *
demo_nbr_find(struct demo_vty *dv, struct in_addr a, struct demo_nbr **before)
{
	struct demo_nbr	*n;

	*before = NULL;
	TAILQ_FOREACH(n, &dv->nbrs, entry) {
		if (n->addr.s_addr == a.s_addr)
			return n;
		if (ntohl(n->addr.s_addr) > ntohl(a.s_addr)) {
			*before = n;
			break;
		}
	}
	return NULL;
}

static int
cmd_router_demo(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct demo_vty	*dv = arg;

	dv->enabled = true;
	vty_node_enter(vty, dv->node, dv);
	return CMD_SUCCESS;
}

static int
cmd_no_router_demo(struct vty *vty, const struct cmd_match *m, void *arg)
{
	demo_reset(arg);
	return CMD_SUCCESS;
}

static int
cmd_greeting(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct demo_vty	*dv = arg;

	snprintf(dv->greeting, sizeof(dv->greeting), "%s", cmd_str(m, "LINE"));
	return CMD_SUCCESS;
}

static int
cmd_no_greeting(struct vty *vty, const struct cmd_match *m, void *arg)
{
	((struct demo_vty *)arg)->greeting[0] = '\0';
	return CMD_SUCCESS;
}

static int
cmd_passive(struct vty *vty, const struct cmd_match *m, void *arg)
{
	((struct demo_vty *)arg)->passive = !cmd_has(m, "no");
	return CMD_SUCCESS;
}

static int
cmd_neighbor(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct demo_vty		*dv = arg;
	const struct cmd_value	*a = cmd_get(m, "A.B.C.D");
	const struct cmd_value	*c = cmd_get(m, "(1-65535)");
	struct demo_nbr		*n, *before;

	if ((n = demo_nbr_find(dv, a->u.v4, &before)) == NULL) {
		if ((n = calloc(1, sizeof(*n))) == NULL) {
			vty_out(vty, "%% No memory\n");
			return CMD_WARNING;
		}
		n->addr = a->u.v4;
		if (before)
			TAILQ_INSERT_BEFORE(before, n, entry);
		else
			TAILQ_INSERT_TAIL(&dv->nbrs, n, entry);
		dv->nnbrs++;
	}
	n->cost = c ? (uint16_t)c->u.num : 0;
	return CMD_SUCCESS;
}

static int
cmd_no_neighbor(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct demo_vty		*dv = arg;
	const struct cmd_value	*a = cmd_get(m, "A.B.C.D");
	struct demo_nbr		*n, *before;
	char			 s[ADDR4_STRLEN];

	if ((n = demo_nbr_find(dv, a->u.v4, &before)) == NULL) {
		vty_out(vty, "%% No such neighbor %s\n",
		    addr4_print(&a->u.v4, s, sizeof(s)));
		return CMD_WARNING;
	}
	TAILQ_REMOVE(&dv->nbrs, n, entry);
	free(n);
	dv->nnbrs--;
	return CMD_SUCCESS;
}

static int
cmd_show_demo(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct demo_vty	*dv = arg;

	if (!dv->enabled) {
		vty_out(vty, "Demo router is not configured\n");
		return CMD_SUCCESS;
	}
	vty_out(vty, " Demo router on %s\n", vty_server_hostname(
	    vty_server(vty)));
	vty_out(vty, " Greeting: %s\n", dv->greeting[0] ? dv->greeting :
	    "(none)");
	vty_out(vty, " Passive: %s\n", dv->passive ? "yes" : "no");
	vty_out(vty, " Number of neighbors: %u\n", dv->nnbrs);
	return CMD_SUCCESS;
}

static int
cmd_show_neighbors(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct demo_vty	*dv = arg;
	struct demo_nbr	*n;
	json_object	*root, *nbrs, *o;
	char		 s[ADDR4_STRLEN], p[PREFIX4_STRLEN + 4];

	if (cmd_has(m, "json")) {
		root = json_object_new_object();
		nbrs = json_object_new_object();
		TAILQ_FOREACH(n, &dv->nbrs, entry) {
			addr4_print(&n->addr, s, sizeof(s));
			snprintf(p, sizeof(p), "%s/32", s);
			o = json_object_new_object();
			json_object_object_add(o, "address",
			    json_object_new_string(s));
			json_object_object_add(o, "prefix",
			    json_object_new_string(p));
			json_object_object_add(o, "cost", json_object_new_int(
			    n->cost ? n->cost : DEMO_COST_DEFAULT));
			json_object_object_add(o, "costConfigured",
			    json_object_new_boolean(n->cost != 0));
			json_object_object_add(nbrs, s, o);
		}
		json_object_object_add(root, "neighbors", nbrs);
		vty_json_out(vty, root);
		return CMD_SUCCESS;
	}
	vty_out(vty, "\n%-15s %5s %-10s\n", "Neighbor", "Cost", "Source");
	TAILQ_FOREACH(n, &dv->nbrs, entry)
		vty_out(vty, "%-15s %5u %-10s\n",
		    addr4_print(&n->addr, s, sizeof(s)),
		    n->cost ? n->cost : DEMO_COST_DEFAULT,
		    n->cost ? "configured" : "default");
	vty_out(vty, "\n");
	return CMD_SUCCESS;
}

/* n lines of 100 bytes, streamed as the client drains them. */
static int
cmd_show_lines(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct cmd_cont	*c = vty_cont(vty);
	uint64_t	 n = cmd_get(m, "n")->u.num;

	while (c->pos < n && !vty_out_full(vty)) {
		c->pos++;
		vty_out(vty, "line %9llu of %9llu: the quick brown fox jumps "
		    "over the lazy dog, again and again%10s\n",
		    (unsigned long long)c->pos, (unsigned long long)n, "");
	}
	return c->pos < n ? CMD_CONTINUE : CMD_SUCCESS;
}

static void
demo_config_write(struct buf *b, void *arg)
{
	struct demo_vty	*dv = arg;
	struct demo_nbr	*n;
	char		 s[ADDR4_STRLEN];

	if (!dv->enabled)
		return;
	buf_printf(b, "router demo\n");
	if (dv->greeting[0])
		buf_printf(b, " greeting %s\n", dv->greeting);
	if (dv->passive)
		buf_printf(b, " passive\n");
	TAILQ_FOREACH(n, &dv->nbrs, entry) {
		buf_printf(b, " neighbor %s", addr4_print(&n->addr, s,
		    sizeof(s)));
		if (n->cost)
			buf_printf(b, " cost %u", n->cost);
		buf_printf(b, "\n");
	}
	buf_printf(b, "exit\n!\n");
}

static const struct cmd_def config_cmds[] = {
	{ "router demo", "Enable a routing process\nThe demo router",
	    cmd_router_demo, 0 },
	{ "no router demo", "Negate a command or set its defaults\n"
	    "Enable a routing process\nThe demo router", cmd_no_router_demo,
	    0 },
};

static const struct cmd_def router_cmds[] = {
	{ "greeting LINE", "What the demo says\nThe words",
	    cmd_greeting, 0 },
	{ "no greeting [LINE]", "Negate a command or set its defaults\n"
	    "What the demo says\nThe words", cmd_no_greeting, 0 },
	{ "[no] passive", "Negate a command or set its defaults\n"
	    "Send nothing to neighbors", cmd_passive, 0 },
	{ "neighbor A.B.C.D [cost (1-65535)]", "Specify a neighbor router\n"
	    "Neighbor address\nLink cost\nCost value", cmd_neighbor, 0 },
	{ "no neighbor A.B.C.D [cost (1-65535)]",
	    "Negate a command or set its defaults\nSpecify a neighbor router\n"
	    "Neighbor address\nLink cost\nCost value", cmd_no_neighbor, 0 },
};

static const struct cmd_def view_cmds[] = {
	{ "show demo", "Show running system information\nThe demo router",
	    cmd_show_demo, 0 },
	{ "show demo neighbors [json]", "Show running system information\n"
	    "The demo router\nNeighbor list\nJavaScript Object Notation",
	    cmd_show_neighbors, 0 },
	{ "show demo lines (1-100000000)$n", "Show running system "
	    "information\nThe demo router\nPrint many lines (tests)\n"
	    "How many", cmd_show_lines, 0 },
};

#define NITEMS(a)	(unsigned)(sizeof(a) / sizeof((a)[0]))

int
demo_vty_install(struct vty_server *srv, struct demo_vty *dv)
{
	if ((dv->node = vty_node_add(srv, "(config-router)",
	    VTY_NODE_CONFIG)) == -1 ||
	    vty_install(srv, VTY_NODE_CONFIG, config_cmds,
	    NITEMS(config_cmds)) == -1 ||
	    vty_install(srv, dv->node, router_cmds, NITEMS(router_cmds)) == -1 ||
	    vty_install(srv, VTY_NODE_VIEW, view_cmds, NITEMS(view_cmds)) == -1 ||
	    vty_config_writer(srv, demo_config_write, dv) == -1)
		return -1;
	return 0;
}

/*
 * DOC: conf: ospfd's configuration, in FRRouting 8.4's ospfd.conf syntax,
 * and its writer for "show running-config".
 *
 *   router ospf                          (config-router)
 *    ospf router-id A.B.C.D
 *    log-adjacency-changes [detail]
 *    auto-cost reference-bandwidth (1-4294967)
 *    timers throttle spf DELAY HOLD MAX-HOLD
 *    passive-interface <IFNAME|default>
 *    network A.B.C.D/M area <A.B.C.D|(0-4294967295)>
 *   interface IFNAME                     (config-if)
 *    description LINE
 *    ip ospf <cost|hello-interval|dead-interval|retransmit-interval|
 *             transmit-delay|priority|network|mtu-ignore|passive> ...
 *   (and every "no" form)
 *
 * Everything lands in od->conf (ospfd.h): iface.c reads it through
 * conf_if(), conf_passive() and conf_net_match() whenever
 * iface_reconfigure() asks it to, route.c reads the SPF timers directly.
 * Each command that changes what interfaces run, or how, calls
 * iface_reconfigure(); a router ID change calls ospf_rtr_id_update(). With
 * -n (od->check) neither is called: the file is only checked.
 *
 * As in FRRouting 8.4, "passive-interface IFNAME" is deprecated: it prints
 * a notice and becomes "ip ospf passive" on the interface, which is where
 * the running configuration shows it. An area typed as a number is written
 * back as a number, a dotted one dotted. Interface stanzas are written
 * only when they hold something, sorted by name as FRRouting sorts them
 * (eth2 before eth10); an interface stanza outlives "no router ospf".
 * The "frr version" and "frr defaults" lines FRRouting writes at the top
 * of its files are taken and ignored, so its ospfd.conf loads as is.
 * Differences: "ip ospf network" takes broadcast and point-to-point only,
 * "ip ospf area", per-address parameters and authentication are not here.
 */
#include <sys/queue.h>

#include <arpa/inet.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iftree.h"
#include "log.h"
#include "vty.h"
#include "ospfd.h"

#define HELP_NO		"Negate a command or set its defaults\n"
#define HELP_IP_OSPF	"IP Information\nOSPF interface commands\n"
#define HELP_AREA_ID	"OSPF area ID in IP address format\n" \
			"OSPF area ID as a decimal value"
#define MSG_DELETED	"%% Current configuration object was deleted by " \
			"another process.\n"

/* A network statement and the form its area was typed in. */
struct net_stmt {
	struct ospf_netconf	 nc;	/* first: on conf->nets */
	bool			 area_dotted;
};

static int	 router_node = -1;
static int	 if_node = -1;

void
conf_init(struct ospf_conf *c)
{
	unsigned	 i;

	memset(c, 0, sizeof(*c));
	c->spf_delay = OSPF_SPF_DELAY;
	c->spf_hold = OSPF_SPF_HOLD;
	c->spf_max_hold = OSPF_SPF_MAX_HOLD;
	c->ref_bw = OSPF_DEF_REF_BW;
	for (i = 0; i < REDIST_MAX; i++) {
		c->redist[i].metric = -1;
		c->redist[i].type = 2;
	}
	c->definfo.metric = -1;
	c->definfo.type = 2;
	TAILQ_INIT(&c->nets);
	TAILQ_INIT(&c->passives);
	TAILQ_INIT(&c->ifs);
	TAILQ_INIT(&c->areas);
}

/* What "no router ospf" forgets: all but the interface stanzas. */
static void
conf_router_clear(struct ospf_conf *c)
{
	struct ospf_netconf	*n;
	struct ospf_passive	*p;
	unsigned		 i;

	while ((n = TAILQ_FIRST(&c->nets)) != NULL) {
		TAILQ_REMOVE(&c->nets, n, entry);
		free((struct net_stmt *)n);
	}
	while ((p = TAILQ_FIRST(&c->passives)) != NULL) {
		TAILQ_REMOVE(&c->passives, p, entry);
		free(p);
	}
	c->router = false;
	c->rtr_id_conf = 0;
	c->spf_delay = OSPF_SPF_DELAY;
	c->spf_hold = OSPF_SPF_HOLD;
	c->spf_max_hold = OSPF_SPF_MAX_HOLD;
	c->log_adj = c->log_adj_detail = false;
	c->passive_default = false;
	c->ref_bw = OSPF_DEF_REF_BW;
	maxmetric_conf_clear(&c->mm);
	for (i = 0; i < REDIST_MAX; i++) {
		c->redist[i].on = false;
		c->redist[i].metric = -1;
		c->redist[i].type = 2;
	}
	memset(&c->definfo, 0, sizeof(c->definfo));
	c->definfo.metric = -1;
	c->definfo.type = 2;
	area_conf_clear(c);
}

void
conf_fini(struct ospf_conf *c)
{
	struct ospf_ifconf	*i;

	conf_router_clear(c);
	while ((i = TAILQ_FIRST(&c->ifs)) != NULL) {
		TAILQ_REMOVE(&c->ifs, i, entry);
		free(i->desc);
		free(i);
	}
}

/*
 * Interface names in FRRouting's order: the letters compare as text, the
 * digit runs as numbers (eth2 < eth10), then as text (foo-1 < foo-001).
 */
int
conf_ifname_cmp(const char *a, const char *b)
{
	size_t		 la, lb;
	unsigned long	 na, nb;
	char		*ea, *eb;
	int		 c;

	while (*a != '\0' && *b != '\0') {
		la = strcspn(a, "0123456789");
		lb = strcspn(b, "0123456789");
		if (la != lb)
			return strcmp(a, b);
		if ((c = strncmp(a, b, la)) != 0)
			return c;
		a += la;
		b += lb;
		if (*a == '\0' || *b == '\0')
			break;
		na = strtoul(a, &ea, 10);
		nb = strtoul(b, &eb, 10);
		if (na != nb)
			return na < nb ? -1 : 1;
		if (ea - a != eb - b)
			return strcmp(a, b);
		a = ea;
		b = eb;
	}
	return (*a != '\0') - (*b != '\0');
}

static struct ospf_ifconf *
ifconf_find(const struct ospf_conf *c, const char *name,
    struct ospf_ifconf **before)
{
	struct ospf_ifconf	*i;
	int			 d;

	*before = NULL;
	TAILQ_FOREACH(i, &c->ifs, entry) {
		if ((d = conf_ifname_cmp(i->name, name)) == 0 &&
		    strcmp(i->name, name) == 0)
			return i;
		if (d > 0) {
			*before = i;
			break;
		}
	}
	return NULL;
}

const struct ospf_ifconf *
conf_if(const struct ospf_conf *c, const char *name)
{
	struct ospf_ifconf	*before;

	return ifconf_find(c, name, &before);
}

static struct ospf_ifconf *
ifconf_get(struct ospf_conf *c, const char *name)
{
	struct ospf_ifconf	*i, *before;

	if ((i = ifconf_find(c, name, &before)) != NULL)
		return i;
	if ((i = calloc(1, sizeof(*i))) == NULL)
		return NULL;
	snprintf(i->name, sizeof(i->name), "%s", name);
	i->cost = i->hello = i->dead = i->rxmt = -1;
	i->transdelay = i->prio = i->net = -1;
	i->passive = -1;
	i->auth = -1;
	if (before != NULL)
		TAILQ_INSERT_BEFORE(before, i, entry);
	else
		TAILQ_INSERT_TAIL(&c->ifs, i, entry);
	return i;
}

bool
conf_passive(const struct ospf_conf *c, const char *name)
{
	const struct ospf_ifconf	*i = conf_if(c, name);
	const struct ospf_passive	*p;

	if (i != NULL && i->passive != -1)
		return i->passive == 1;
	if (c->passive_default)
		return true;
	TAILQ_FOREACH(p, &c->passives, entry)
		if (strcmp(p->name, name) == 0)
			return true;
	return false;
}

/*
 * The area of the longest network statement that holds addr, as FRRouting
 * picks it: only the address counts (an interface 10.0.0.1/16 runs OSPF
 * under "network 10.0.0.0/24"), not the interface's prefix length.
 */
bool
conf_net_match(const struct ospf_conf *c, uint32_t addr, uint8_t plen,
    uint32_t *area)
{
	const struct ospf_netconf	*n, *best = NULL;

	(void)plen;
	TAILQ_FOREACH(n, &c->nets, entry)
		if ((addr & ospf_plen_mask(n->plen)) == n->addr &&
		    (best == NULL || n->plen > best->plen))
			best = n;
	if (best == NULL)
		return false;
	*area = best->area;
	return true;
}

static void
apply_ifs(struct ospfd *od)
{
	if (!od->check)
		iface_reconfigure(od);
}

static void
apply_rtr_id(struct ospfd *od)
{
	if (!od->check)
		ospf_rtr_id_update(od);
}

/* Commands of the router node need "router ospf" to still exist. */
static bool
router_alive(struct vty *vty, const struct ospfd *od)
{
	if (od->conf.router)
		return true;
	vty_out(vty, MSG_DELETED);
	return false;
}

static int
cmd_router_ospf(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;

	if (!od->conf.router) {
		od->conf.router = true;
		apply_ifs(od);
	}
	vty_node_enter(vty, router_node, od);
	return CMD_SUCCESS;
}

static int
cmd_no_router_ospf(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;
	bool		 had_id = od->conf.rtr_id_conf != 0;

	/* Nothing to remove: FRRouting says nothing either. */
	if (!od->conf.router)
		return CMD_SUCCESS;
	conf_router_clear(&od->conf);
	apply_ifs(od);
	if (had_id)
		apply_rtr_id(od);
	return CMD_SUCCESS;
}

static int
cmd_router_id(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const struct cmd_value	*v = cmd_get(m, "A.B.C.D");
	uint32_t		 id = 0;

	if (!router_alive(vty, od))
		return CMD_WARNING;
	if (v != NULL)
		id = ntohl(v->u.v4.s_addr);
	if (cmd_has(m, "no")) {
		if (v != NULL && id != od->conf.rtr_id_conf) {
			vty_out(vty, "%% OSPF router-id doesn't match\n");
			return CMD_WARNING;
		}
		id = 0;
	}
	if (id == od->conf.rtr_id_conf)
		return CMD_SUCCESS;
	od->conf.rtr_id_conf = id;
	apply_rtr_id(od);
	return CMD_SUCCESS;
}

static int
cmd_log_adj(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;
	bool		 detail = cmd_has(m, "detail");

	if (!router_alive(vty, od))
		return CMD_WARNING;
	if (cmd_has(m, "no")) {
		/* "no ... detail" keeps the plain logging. */
		if (!detail)
			od->conf.log_adj = false;
		od->conf.log_adj_detail = false;
	} else {
		od->conf.log_adj = true;
		od->conf.log_adj_detail = detail;
	}
	return CMD_SUCCESS;
}

static int
cmd_auto_cost(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;
	uint32_t	 bw = OSPF_DEF_REF_BW;

	if (!router_alive(vty, od))
		return CMD_WARNING;
	if (!cmd_has(m, "no"))
		bw = (uint32_t)cmd_get(m, "(1-4294967)")->u.num;
	else if (od->conf.ref_bw != OSPF_DEF_REF_BW) {
		vty_out(vty, "%% OSPF: Reference bandwidth is changed.\n");
		vty_out(vty, "        Please ensure reference bandwidth is "
		    "consistent across all routers\n");
	}
	if (bw == od->conf.ref_bw)
		return CMD_SUCCESS;
	od->conf.ref_bw = bw;
	apply_ifs(od);
	return CMD_SUCCESS;
}

static int
cmd_timers_spf(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;

	if (!router_alive(vty, od))
		return CMD_WARNING;
	if (cmd_has(m, "no")) {
		od->conf.spf_delay = OSPF_SPF_DELAY;
		od->conf.spf_hold = OSPF_SPF_HOLD;
		od->conf.spf_max_hold = OSPF_SPF_MAX_HOLD;
	} else {
		od->conf.spf_delay = (uint32_t)cmd_get(m, "delay")->u.num;
		od->conf.spf_hold = (uint32_t)cmd_get(m, "hold")->u.num;
		od->conf.spf_max_hold = (uint32_t)cmd_get(m, "max")->u.num;
	}
	return CMD_SUCCESS;
}

static int
cmd_passive_default(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;
	bool		 on = !cmd_has(m, "no");

	if (!router_alive(vty, od))
		return CMD_WARNING;
	if (od->conf.passive_default == on)
		return CMD_SUCCESS;
	od->conf.passive_default = on;
	apply_ifs(od);
	return CMD_SUCCESS;
}

/* "redistribute <connected|static|kernel> [{metric N|metric-type 1|2}]" */
static int
cmd_redistribute(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const char		*src = cmd_str(m, "src");
	const struct cmd_value	*v;
	struct ospf_redist	*r = NULL;
	unsigned		 i;

	if (!router_alive(vty, od))
		return CMD_WARNING;
	for (i = 0; i < REDIST_MAX; i++)
		if (strcmp(src, redist_src_name(i)) == 0)
			r = &od->conf.redist[i];
	if (r == NULL)
		return CMD_WARNING;
	if (cmd_has(m, "no")) {
		r->on = false;
		r->metric = -1;
		r->type = 2;
	} else {
		r->on = true;
		r->metric = (v = cmd_get(m, "metric")) != NULL ?
		    (int32_t)v->u.num : -1;
		r->type = (v = cmd_get(m, "mtype")) != NULL ?
		    (uint8_t)v->u.num : 2;
	}
	if (!od->check)
		redist_apply(od);
	return CMD_SUCCESS;
}

/* "default-information originate [{always|metric N|metric-type 1|2}]" */
static int
cmd_definfo(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_definfo	*d = &od->conf.definfo;
	const struct cmd_value	*v;

	if (!router_alive(vty, od))
		return CMD_WARNING;
	if (cmd_has(m, "no")) {
		memset(d, 0, sizeof(*d));
		d->metric = -1;
		d->type = 2;
	} else {
		d->on = true;
		d->always = cmd_has(m, "always");
		d->metric = (v = cmd_get(m, "metric")) != NULL ?
		    (int32_t)v->u.num : -1;
		d->type = (v = cmd_get(m, "mtype")) != NULL ?
		    (uint8_t)v->u.num : 2;
	}
	if (!od->check)
		redist_apply(od);
	return CMD_SUCCESS;
}

static bool
ifname_ok(struct vty *vty, const char *name)
{
	if (strlen(name) >= IFT_NAMSIZ) {
		vty_out(vty, "%% Configuration failed.\n\n"
		    "Error type: validation\n"
		    "Error description: Maximum interface name length is %d "
		    "characters\n", IFT_NAMSIZ - 1);
		return false;
	}
	return true;
}

/* FRRouting 8.4: deprecated, stored as "ip ospf passive" on the stanza. */
static int
cmd_passive_if(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const char		*name = cmd_str(m, "IFNAME");
	bool			 no = cmd_has(m, "no");
	struct ospf_ifconf	*i;

	if (!router_alive(vty, od))
		return CMD_WARNING;
	vty_out(vty, "This command is deprecated, because it is not "
	    "VRF-aware.\n");
	vty_out(vty, "Please, use \"%sip ospf passive\" on an interface "
	    "instead.\n", no ? "no " : "");
	if (!ifname_ok(vty, name))
		return CMD_WARNING;
	if ((i = ifconf_get(&od->conf, name)) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	i->passive = no ? -1 : 1;
	apply_ifs(od);
	return CMD_SUCCESS;
}

static struct net_stmt *
net_find(struct ospf_conf *c, uint32_t addr, uint8_t plen,
    struct ospf_netconf **before)
{
	struct ospf_netconf	*n;

	*before = NULL;
	TAILQ_FOREACH(n, &c->nets, entry) {
		if (n->addr == addr && n->plen == plen)
			return (struct net_stmt *)n;
		/* A prefix table's order: address, then length. */
		if (n->addr > addr || (n->addr == addr && n->plen > plen)) {
			*before = n;
			break;
		}
	}
	return NULL;
}

static int
cmd_network(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const struct cmd_value	*p = cmd_get(m, "A.B.C.D/M");
	const struct cmd_value	*aip = cmd_get(m, "aip");
	struct ospf_netconf	*before;
	struct net_stmt		*s;
	uint32_t		 addr, area;
	uint8_t			 plen;

	if (!router_alive(vty, od))
		return CMD_WARNING;
	addr = ntohl(p->u.p4.addr.s_addr);
	plen = p->u.p4.len;
	area = aip != NULL ? ntohl(aip->u.v4.s_addr) :
	    (uint32_t)cmd_get(m, "anum")->u.num;
	s = net_find(&od->conf, addr, plen, &before);
	if (cmd_has(m, "no")) {
		if (s == NULL || s->nc.area != area) {
			vty_out(vty, "Can't find specified network area "
			    "configuration.\n");
			return CMD_WARNING;
		}
		TAILQ_REMOVE(&od->conf.nets, &s->nc, entry);
		free(s);
		apply_ifs(od);
		return CMD_SUCCESS;
	}
	if (s != NULL) {
		vty_out(vty, "There is already same network statement.\n");
		return CMD_WARNING;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	s->nc.addr = addr;
	s->nc.plen = plen;
	s->nc.area = area;
	s->area_dotted = aip != NULL;
	if (before != NULL)
		TAILQ_INSERT_BEFORE(before, &s->nc, entry);
	else
		TAILQ_INSERT_TAIL(&od->conf.nets, &s->nc, entry);
	apply_ifs(od);
	return CMD_SUCCESS;
}

/* FRRouting's config files carry these lines; they set nothing here. */
static int
cmd_frr_header(struct vty *vty, const struct cmd_match *m, void *arg)
{
	return CMD_SUCCESS;
}

/* Interfaces. */

static int
cmd_interface(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const char		*name = cmd_str(m, "IFNAME");
	struct ospf_ifconf	*i;

	if (!ifname_ok(vty, name))
		return CMD_WARNING;
	if ((i = ifconf_get(&od->conf, name)) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	vty_node_enter(vty, if_node, i);
	return CMD_SUCCESS;
}

static int
cmd_description(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospf_ifconf	*i = vty_node_ctx(vty);
	char			*d = NULL;

	if (!cmd_has(m, "no") && (d = strdup(cmd_str(m, "LINE"))) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	free(i->desc);
	i->desc = d;
	return CMD_SUCCESS;
}

/* "ip ospf <param> N" and "no ip ospf <param> [N]": -1 is the default. */
static int
cmd_if_number(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_ifconf	*i = vty_node_ctx(vty);
	const struct cmd_value	*v = cmd_get(m, "val");
	int32_t			 val = -1, *field;

	if (cmd_has(m, "cost"))
		field = &i->cost;
	else if (cmd_has(m, "hello-interval"))
		field = &i->hello;
	else if (cmd_has(m, "dead-interval"))
		field = &i->dead;
	else if (cmd_has(m, "retransmit-interval"))
		field = &i->rxmt;
	else if (cmd_has(m, "transmit-delay"))
		field = &i->transdelay;
	else
		field = &i->prio;
	if (!cmd_has(m, "no"))
		val = (int32_t)v->u.num;
	if (*field == val)
		return CMD_SUCCESS;
	*field = val;
	apply_ifs(od);
	return CMD_SUCCESS;
}

static int
cmd_if_network(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_ifconf	*i = vty_node_ctx(vty);
	const char		*type = cmd_str(m, "type");
	int32_t			 net = -1;

	if (!cmd_has(m, "no")) {
		if (strcmp(type, "broadcast") == 0)
			net = ISM_NET_BROADCAST;
		else if (strcmp(type, "point-to-point") == 0)
			net = ISM_NET_PTP;
		else {
			vty_out(vty, "%% OSPF network type %s is not "
			    "supported\n", type);
			return CMD_WARNING;
		}
	}
	if (i->net == net)
		return CMD_SUCCESS;
	i->net = net;
	apply_ifs(od);
	return CMD_SUCCESS;
}

static int
cmd_if_mtu_ignore(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_ifconf	*i = vty_node_ctx(vty);
	bool			 on = !cmd_has(m, "no");

	if (i->mtu_ignore == on)
		return CMD_SUCCESS;
	i->mtu_ignore = on;
	apply_ifs(od);
	return CMD_SUCCESS;
}

/* "no ip ospf passive" makes it active even under "passive-interface
 * default", as in FRRouting 8.4; a stanza's default is unset. */
static int
cmd_if_passive(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_ifconf	*i = vty_node_ctx(vty);
	int8_t			 p = cmd_has(m, "no") ? 0 : 1;

	if (i->passive == p)
		return CMD_SUCCESS;
	i->passive = p;
	apply_ifs(od);
	return CMD_SUCCESS;
}

/* The writer. */

static char *
ip4_str(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
	return buf;
}

/* The network type an interface has without configuration. */
static int32_t
if_default_net(const struct ospfd *od, const char *name)
{
	const struct ospf_if	*oif;

	TAILQ_FOREACH(oif, &od->ifs, entry)
		if (strcmp(oif->name, name) == 0)
			return oif->peer != 0 ? ISM_NET_PTP : ISM_NET_BROADCAST;
	return ISM_NET_BROADCAST;
}

/* FRRouting's config_write_interface_one(): only what differs. */
static void
conf_write_if(struct buf *b, const struct ospfd *od,
    const struct ospf_ifconf *i)
{
	size_t	 mark = b->len, body;

	buf_printf(b, "interface %s\n", i->name);
	body = b->len;
	if (i->desc != NULL)
		buf_printf(b, " description %s\n", i->desc);
	if (i->net != -1 && i->net != if_default_net(od, i->name))
		buf_printf(b, " ip ospf network %s\n",
		    i->net == ISM_NET_PTP ? "point-to-point" : "broadcast");
	if (i->cost != -1)
		buf_printf(b, " ip ospf cost %d\n", i->cost);
	if (i->hello != -1 && i->hello != OSPF_DEF_HELLO)
		buf_printf(b, " ip ospf hello-interval %d\n", i->hello);
	if (i->dead != -1)
		buf_printf(b, " ip ospf dead-interval %d\n", i->dead);
	if (i->prio != -1 && i->prio != OSPF_DEF_PRIO)
		buf_printf(b, " ip ospf priority %d\n", i->prio);
	if (i->rxmt != -1 && i->rxmt != OSPF_DEF_RXMT)
		buf_printf(b, " ip ospf retransmit-interval %d\n", i->rxmt);
	if (i->transdelay != -1 && i->transdelay != OSPF_DEF_TRANSDELAY)
		buf_printf(b, " ip ospf transmit-delay %d\n", i->transdelay);
	auth_conf_write(b, i);
	if (i->mtu_ignore)
		buf_printf(b, " ip ospf mtu-ignore\n");
	if (i->passive != -1)
		buf_printf(b, " %sip ospf passive\n", i->passive ? "" : "no ");
	if (b->len == body) {
		b->len = mark;
		return;
	}
	buf_printf(b, "exit\n!\n");
}

/* FRRouting's ospf_config_write_one(), in its order. */
static void
conf_write_router(struct buf *b, const struct ospf_conf *c)
{
	const struct ospf_netconf	*n;
	unsigned			 i;
	char				 a[16], area[16];

	buf_printf(b, "router ospf\n");
	if (c->rtr_id_conf != 0)
		buf_printf(b, " ospf router-id %s\n",
		    ip4_str(c->rtr_id_conf, a, sizeof(a)));
	if (c->log_adj)
		buf_printf(b, " log-adjacency-changes%s\n",
		    c->log_adj_detail ? " detail" : "");
	if (c->ref_bw != OSPF_DEF_REF_BW) {
		buf_printf(b, "! Important: ensure reference bandwidth is "
		    "consistent across all routers\n");
		buf_printf(b, " auto-cost reference-bandwidth %u\n", c->ref_bw);
	}
	if (c->spf_delay != OSPF_SPF_DELAY || c->spf_hold != OSPF_SPF_HOLD ||
	    c->spf_max_hold != OSPF_SPF_MAX_HOLD)
		buf_printf(b, " timers throttle spf %u %u %u\n", c->spf_delay,
		    c->spf_hold, c->spf_max_hold);
	maxmetric_conf_write(b, &c->mm);
	if (c->passive_default)
		buf_printf(b, " passive-interface default\n");
	for (i = 0; i < REDIST_MAX; i++) {
		const struct ospf_redist *r = &c->redist[i];

		if (!r->on)
			continue;
		buf_printf(b, " redistribute %s", redist_src_name(i));
		if (r->metric >= 0)
			buf_printf(b, " metric %d", r->metric);
		if (r->type == 1)
			buf_printf(b, " metric-type 1");
		buf_printf(b, "\n");
	}
	TAILQ_FOREACH(n, &c->nets, entry) {
		if (((const struct net_stmt *)n)->area_dotted)
			ip4_str(n->area, area, sizeof(area));
		else
			snprintf(area, sizeof(area), "%u", n->area);
		buf_printf(b, " network %s/%u area %s\n",
		    ip4_str(n->addr, a, sizeof(a)), n->plen, area);
	}
	area_conf_write(b, c);
	if (c->definfo.on) {
		buf_printf(b, " default-information originate%s",
		    c->definfo.always ? " always" : "");
		if (c->definfo.metric >= 0)
			buf_printf(b, " metric %d", c->definfo.metric);
		if (c->definfo.type == 1)
			buf_printf(b, " metric-type 1");
		buf_printf(b, "\n");
	}
	/* FRRouting 8.4 ends the block with an empty line (spec a.3). */
	buf_printf(b, "\nexit\n!\n");
}

static void
conf_write(struct buf *b, void *arg)
{
	const struct ospfd		*od = arg;
	const struct ospf_ifconf	*i;

	TAILQ_FOREACH(i, &od->conf.ifs, entry)
		conf_write_if(b, od, i);
	if (od->conf.router)
		conf_write_router(b, &od->conf);
}

static const struct cmd_def config_cmds[] = {
	{ "router ospf", "Enable a routing process\n"
	    "Start OSPF configuration", cmd_router_ospf, 0 },
	{ "no router ospf", HELP_NO "Enable a routing process\n"
	    "Start OSPF configuration", cmd_no_router_ospf, 0 },
	{ "interface IFNAME", "Select an interface to configure\n"
	    "Interface's name", cmd_interface, 0 },
	{ "frr version LINE", "FRRouting global parameters\n"
	    "version of FRRouting that wrote this file\n"
	    "version", cmd_frr_header, CMD_F_HIDDEN },
	{ "frr defaults WORD", "FRRouting global parameters\n"
	    "set of configuration defaults used\n"
	    "profile", cmd_frr_header, CMD_F_HIDDEN },
};

static const struct cmd_def router_cmds[] = {
	{ "redistribute <connected|static|kernel>$src "
	    "[{metric (0-16777214)$metric|metric-type (1-2)$mtype}]",
	    "Redistribute information from another routing protocol\n"
	    "Connected routes (directly attached subnet or host)\n"
	    "Statically configured routes\n"
	    "Kernel routes (not installed via the zebra RIB)\n"
	    "Metric for redistributed routes\nOSPF default metric\n"
	    "OSPF exterior metric type for redistributed routes\n"
	    "Set OSPF External Type 1/2 metrics", cmd_redistribute, 0 },
	{ "no redistribute <connected|static|kernel>$src "
	    "[{metric (0-16777214)|metric-type (1-2)}]",
	    "Negate a command or set its defaults\n"
	    "Redistribute information from another routing protocol\n"
	    "Connected routes (directly attached subnet or host)\n"
	    "Statically configured routes\n"
	    "Kernel routes (not installed via the zebra RIB)\n"
	    "Metric for redistributed routes\nOSPF default metric\n"
	    "OSPF exterior metric type for redistributed routes\n"
	    "Set OSPF External Type 1/2 metrics", cmd_redistribute, 0 },
	{ "[no] default-information originate "
	    "[{always$always|metric (0-16777214)$metric|"
	    "metric-type (1-2)$mtype}]", HELP_NO
	    "Control distribution of default information\n"
	    "Distribute a default route\n"
	    "Always advertise default route\n"
	    "OSPF default metric\nOSPF metric\n"
	    "OSPF metric type for default routes\n"
	    "Set OSPF External Type 1/2 metrics", cmd_definfo, 0 },
	{ "ospf router-id A.B.C.D", "OSPF specific commands\n"
	    "router-id for the OSPF process\n"
	    "OSPF router-id in IP address format", cmd_router_id, 0 },
	{ "no ospf router-id [A.B.C.D]", HELP_NO "OSPF specific commands\n"
	    "router-id for the OSPF process\n"
	    "OSPF router-id in IP address format", cmd_router_id, 0 },
	{ "[no] log-adjacency-changes [detail]", HELP_NO
	    "Log changes in adjacency state\n"
	    "Log all state changes", cmd_log_adj, 0 },
	{ "auto-cost reference-bandwidth (1-4294967)",
	    "Calculate OSPF interface cost according to bandwidth\n"
	    "Use reference bandwidth method to assign OSPF cost\n"
	    "The reference bandwidth in terms of Mbits per second",
	    cmd_auto_cost, 0 },
	{ "no auto-cost reference-bandwidth [(1-4294967)]", HELP_NO
	    "Calculate OSPF interface cost according to bandwidth\n"
	    "Use reference bandwidth method to assign OSPF cost\n"
	    "The reference bandwidth in terms of Mbits per second",
	    cmd_auto_cost, 0 },
	{ "timers throttle spf (0-600000)$delay (0-600000)$hold "
	    "(0-600000)$max", "Adjust routing timers\n"
	    "Throttling adaptive timer\n"
	    "OSPF SPF timers\n"
	    "Delay (msec) from first change received till SPF calculation\n"
	    "Initial hold time (msec) between consecutive SPF calculations\n"
	    "Maximum hold time (msec)", cmd_timers_spf, 0 },
	{ "no timers throttle spf [(0-600000) (0-600000) (0-600000)]",
	    HELP_NO "Adjust routing timers\n"
	    "Throttling adaptive timer\n"
	    "OSPF SPF timers\n"
	    "Delay (msec) from first change received till SPF calculation\n"
	    "Initial hold time (msec) between consecutive SPF calculations\n"
	    "Maximum hold time (msec)", cmd_timers_spf, 0 },
	{ "[no] passive-interface default", HELP_NO
	    "Suppress routing updates on an interface\n"
	    "Suppress routing updates on interfaces by default",
	    cmd_passive_default, 0 },
	{ "[no] passive-interface IFNAME", HELP_NO
	    "Suppress routing updates on an interface\n"
	    "Interface's name", cmd_passive_if, CMD_F_HIDDEN },
	{ "[no] network A.B.C.D/M area <A.B.C.D$aip|(0-4294967295)$anum>",
	    HELP_NO "Enable routing on an IP network\n"
	    "OSPF network prefix\n"
	    "Set the OSPF area ID\n" HELP_AREA_ID, cmd_network, 0 },
};

static const struct cmd_def if_cmds[] = {
	{ "description LINE", "Interface specific description\n"
	    "Characters describing this interface", cmd_description, 0 },
	{ "no description", HELP_NO "Interface specific description",
	    cmd_description, 0 },
	{ "ip ospf cost (1-65535)$val", HELP_IP_OSPF "Interface cost\n"
	    "Cost", cmd_if_number, 0 },
	{ "no ip ospf cost [(1-65535)]", HELP_NO HELP_IP_OSPF
	    "Interface cost\nCost", cmd_if_number, 0 },
	{ "ip ospf hello-interval (1-65535)$val", HELP_IP_OSPF
	    "Time between HELLO packets\nSeconds", cmd_if_number, 0 },
	{ "no ip ospf hello-interval [(1-65535)]", HELP_NO HELP_IP_OSPF
	    "Time between HELLO packets\nSeconds", cmd_if_number, 0 },
	{ "ip ospf dead-interval (1-65535)$val", HELP_IP_OSPF
	    "Interval time after which a neighbor is declared down\n"
	    "Seconds", cmd_if_number, 0 },
	{ "no ip ospf dead-interval [(1-65535)]", HELP_NO HELP_IP_OSPF
	    "Interval time after which a neighbor is declared down\n"
	    "Seconds", cmd_if_number, 0 },
	{ "ip ospf retransmit-interval (1-65535)$val", HELP_IP_OSPF
	    "Time between retransmitting lost link state advertisements\n"
	    "Seconds", cmd_if_number, 0 },
	{ "no ip ospf retransmit-interval [(1-65535)]", HELP_NO HELP_IP_OSPF
	    "Time between retransmitting lost link state advertisements\n"
	    "Seconds", cmd_if_number, 0 },
	{ "ip ospf transmit-delay (1-65535)$val", HELP_IP_OSPF
	    "Link state transmit delay\nSeconds", cmd_if_number, 0 },
	{ "no ip ospf transmit-delay [(1-65535)]", HELP_NO HELP_IP_OSPF
	    "Link state transmit delay\nSeconds", cmd_if_number, 0 },
	{ "ip ospf priority (0-255)$val", HELP_IP_OSPF "Router priority\n"
	    "Priority", cmd_if_number, 0 },
	{ "no ip ospf priority [(0-255)]", HELP_NO HELP_IP_OSPF
	    "Router priority\nPriority", cmd_if_number, 0 },
	{ "ip ospf network <broadcast|non-broadcast|point-to-multipoint|"
	    "point-to-point>$type", HELP_IP_OSPF "Network type\n"
	    "Specify OSPF broadcast multi-access network\n"
	    "Specify OSPF NBMA network\n"
	    "Specify OSPF point-to-multipoint network\n"
	    "Specify OSPF point-to-point network", cmd_if_network, 0 },
	{ "no ip ospf network [<broadcast|non-broadcast|point-to-multipoint|"
	    "point-to-point>]", HELP_NO HELP_IP_OSPF "Network type\n"
	    "Specify OSPF broadcast multi-access network\n"
	    "Specify OSPF NBMA network\n"
	    "Specify OSPF point-to-multipoint network\n"
	    "Specify OSPF point-to-point network", cmd_if_network, 0 },
	{ "[no] ip ospf mtu-ignore", HELP_NO HELP_IP_OSPF
	    "Disable MTU mismatch detection on this interface",
	    cmd_if_mtu_ignore, 0 },
	{ "[no] ip ospf passive", HELP_NO HELP_IP_OSPF
	    "Suppress routing updates on an interface", cmd_if_passive, 0 },
};

#define N(a)	(unsigned)(sizeof(a) / sizeof((a)[0]))

int
conf_vty_install(struct ospfd *od)
{
	if ((router_node = vty_node_add(od->vs, "(config-router)",
	    VTY_NODE_CONFIG)) == -1 ||
	    (if_node = vty_node_add(od->vs, "(config-if)",
	    VTY_NODE_CONFIG)) == -1 ||
	    vty_install(od->vs, VTY_NODE_CONFIG, config_cmds,
	    N(config_cmds)) == -1 ||
	    vty_install(od->vs, router_node, router_cmds,
	    N(router_cmds)) == -1 ||
	    vty_install(od->vs, if_node, if_cmds, N(if_cmds)) == -1 ||
	    auth_vty_install(od, if_node) == -1 ||
	    area_vty_install(od, router_node) == -1 ||
	    maxmetric_vty_install(od, router_node) == -1 ||
	    vty_config_writer(od->vs, conf_write, od) == -1)
		return -1;
	return 0;
}

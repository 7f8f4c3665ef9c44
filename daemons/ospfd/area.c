/*
 * DOC: area: the "area X ..." commands under router ospf (FRRouting's:
 * stub [no-summary], nssa [no-summary], default-cost, range), and what an
 * area's kind means for the rest of the daemon: the options bits of its
 * Hellos, DDs and LSAs (E in a normal area, N/P in an NSSA, neither in a
 * stub area), which LS types its LSDB may hold (type 5 only in normal
 * areas, type 7 only in NSSAs), and the AS flooding scope of type-5 LSAs,
 * which live as one copy in each normal area's LSDB.
 *
 * A change of an area's kind restarts the area (iface.c brings its
 * interfaces down and up, as FRRouting resets the adjacencies): the
 * neighbours must agree on the options anyway.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ospfd.h"
#include "vty.h"

#define HELP_NO		"Negate a command or set its defaults\n"
#define HELP_AREA	"OSPF area parameters\n" \
			"OSPF area ID in IP address format\n" \
			"OSPF area ID as a decimal value\n"
#define AREA_ARG	"area <A.B.C.D$aip|(0-4294967295)$anum>"

const struct ospf_areaconf *
area_conf(const struct ospf_conf *c, uint32_t id)
{
	const struct ospf_areaconf *ac;

	TAILQ_FOREACH(ac, &c->areas, entry)
		if (ac->id == id)
			return ac;
	return NULL;
}

enum ospf_area_type
area_conf_type(const struct ospf_conf *c, uint32_t id)
{
	const struct ospf_areaconf *ac = area_conf(c, id);

	return ac != NULL ? (enum ospf_area_type)ac->type : AREA_NORMAL;
}

uint8_t
area_options(const struct ospf_area *a)
{
	switch (a->type) {
	case AREA_STUB:
		return 0;
	case AREA_NSSA:
		return OSPF_OPT_NP;
	default:
		return OSPF_OPT_E;
	}
}

bool
area_lsa_ok(const struct ospf_area *a, uint8_t type)
{
	switch (type) {
	case LSA_TYPE_ROUTER:
	case LSA_TYPE_NETWORK:
	case LSA_TYPE_SUM_NET:
	case LSA_TYPE_SUM_ASBR:
		return true;
	case LSA_TYPE_EXTERNAL:
		return a->type == AREA_NORMAL;
	case LSA_TYPE_NSSA:
		return a->type == AREA_NSSA;
	default:
		return false;
	}
}

const char *
area_type_name(const struct ospf_area *a)
{
	if (a->id == 0)
		return "Backbone";
	return a->type == AREA_STUB ? "Stub" : a->type == AREA_NSSA ?
	    "NSSA" : NULL;
}

/* FRRouting's "alternative Cisco" ABR: two areas or more, one the
 * backbone, each with an interface up. */
bool
ospf_is_abr(const struct ospfd *od)
{
	const struct ospf_area	*a;
	const struct ospf_if	*oif;
	unsigned		 n = 0;
	bool			 bb = false;

	TAILQ_FOREACH(a, &od->areas, entry) {
		TAILQ_FOREACH(oif, &od->ifs, entry)
			if (oif->area == a && oif->up)
				break;
		if (oif == NULL)
			continue;
		n++;
		bb |= a->id == 0;
	}
	return n > 1 && bb;
}

void
area_as_copy(struct ospfd *od, const struct ospf_area *from,
    const uint8_t *p, size_t len)
{
	struct ospf_area	*a;
	struct lsdb_entry	*e;
	struct lsa_hdr		 h;

	if (lsa_hdr_parse(p, len, &h) != OSPF_OK)
		return;
	TAILQ_FOREACH(a, &od->areas, entry) {
		if (a == from || a->type != AREA_NORMAL)
			continue;
		switch (lsdb_install(a->db, p, len, ospf_now())) {
		case LSDB_NEW:
		case LSDB_NEWER:
			break;
		default:
			continue;	/* this area has it already */
		}
		if ((e = lsdb_lookup(a->db, h.type, h.id, h.adv_rtr)) == NULL)
			continue;
		e->arrived_ms = ospf_now_ms();
		if (h.age >= OSPF_MAX_AGE)
			keyset_add(&a->maxage, &h);
		flood_lsa(a, e, NULL);
	}
}

/* A new normal area starts with the AS-external LSAs the others hold. */
void
area_as_import(struct ospf_area *a)
{
	struct ospf_area	*from;
	const struct lsdb_entry	*e;
	time_t			 now = ospf_now();
	uint8_t			*copy = NULL;
	size_t			 cap = 0;

	if (a->type != AREA_NORMAL)
		return;
	TAILQ_FOREACH(from, &a->od->areas, entry)
		if (from != a && from->type == AREA_NORMAL)
			break;
	if (from == NULL)
		return;
	for (e = lsdb_seek(from->db, LSA_TYPE_EXTERNAL, 0, 0); e != NULL;
	    e = lsdb_next(from->db, e)) {
		uint16_t age;

		if (e->lsa.hdr.type != LSA_TYPE_EXTERNAL)
			break;
		if (e->len > cap) {
			uint8_t *n = realloc(copy, e->len);

			if (n == NULL)
				break;
			copy = n;
			cap = e->len;
		}
		/* Stored bytes carry the age at install: give today's. */
		memcpy(copy, e->bytes, e->len);
		age = lsdb_age(e, now);
		copy[0] = (uint8_t)(age >> 8);
		copy[1] = (uint8_t)age;
		(void)lsdb_install(a->db, copy, e->len, now);
	}
	free(copy);
}

/* ---- configuration */

static struct ospf_areaconf *
areaconf_find(struct ospf_conf *c, uint32_t id)
{
	struct ospf_areaconf	*ac;

	TAILQ_FOREACH(ac, &c->areas, entry)
		if (ac->id == id)
			return ac;
	return NULL;
}

static struct ospf_areaconf *
areaconf_get(struct ospf_conf *c, uint32_t id, bool dotted)
{
	struct ospf_areaconf	*ac, *b;

	if ((ac = areaconf_find(c, id)) != NULL)
		return ac;
	if ((ac = calloc(1, sizeof(*ac))) == NULL)
		return NULL;
	ac->id = id;
	ac->dotted = dotted;
	ac->default_cost = -1;
	ac->auth = -1;
	TAILQ_INIT(&ac->ranges);
	TAILQ_INIT(&ac->vlinks);
	TAILQ_FOREACH(b, &c->areas, entry)
		if (b->id > id)
			break;
	if (b != NULL)
		TAILQ_INSERT_BEFORE(b, ac, entry);
	else
		TAILQ_INSERT_TAIL(&c->areas, ac, entry);
	return ac;
}

static void
areaconf_free(struct ospf_conf *c, struct ospf_areaconf *ac)
{
	struct ospf_range	*r;
	struct ospf_vlconf	*v;

	while ((r = TAILQ_FIRST(&ac->ranges)) != NULL) {
		TAILQ_REMOVE(&ac->ranges, r, entry);
		free(r);
	}
	while ((v = TAILQ_FIRST(&ac->vlinks)) != NULL) {
		TAILQ_REMOVE(&ac->vlinks, v, entry);
		free(v);
	}
	TAILQ_REMOVE(&c->areas, ac, entry);
	free(ac);
}

/* An entry left with every default goes. */
static void
areaconf_gc(struct ospf_conf *c, struct ospf_areaconf *ac)
{
	if (ac->type == AREA_NORMAL && !ac->no_summary &&
	    ac->default_cost < 0 && ac->auth < 0 &&
	    TAILQ_EMPTY(&ac->ranges) && TAILQ_EMPTY(&ac->vlinks))
		areaconf_free(c, ac);
}

void
area_conf_clear(struct ospf_conf *c)
{
	struct ospf_areaconf	*ac;

	while ((ac = TAILQ_FIRST(&c->areas)) != NULL)
		areaconf_free(c, ac);
}

static uint32_t
area_arg(const struct cmd_match *m, bool *dotted)
{
	const struct cmd_value	*aip = cmd_get(m, "aip");

	*dotted = aip != NULL;
	return aip != NULL ? ntohl(aip->u.v4.s_addr) :
	    (uint32_t)cmd_get(m, "anum")->u.num;
}

/* A new kind or cost: interfaces restart, summaries are recomputed. */
static void
area_apply(struct ospfd *od)
{
	if (od->check)
		return;
	iface_reconfigure(od);
	redist_apply(od);
	spf_schedule(od);
}

static int
cmd_area_kind(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_areaconf	*ac;
	bool			 dotted, no = cmd_has(m, "no");
	bool			 nosum = cmd_has(m, "no-summary");
	uint8_t			 type = cmd_has(m, "nssa") ? AREA_NSSA :
	    AREA_STUB;
	uint32_t		 id = area_arg(m, &dotted);

	if (!od->conf.router)
		return CMD_WARNING;
	if (id == 0) {
		vty_out(vty, "%% You can't configure %s to backbone\n",
		    type == AREA_NSSA ? "NSSA" : "stub");
		return CMD_WARNING;
	}
	if (no) {
		if ((ac = areaconf_find(&od->conf, id)) ==
		    NULL || ac->type != type)
			return CMD_SUCCESS;
		if (nosum)	/* "no area X stub no-summary": that alone */
			ac->no_summary = false;
		else {
			ac->type = AREA_NORMAL;
			ac->no_summary = false;
			ac->nssa_xlate = NSSA_XLATE_CANDIDATE;
		}
		areaconf_gc(&od->conf, ac);
		area_apply(od);
		return CMD_SUCCESS;
	}
	if ((ac = areaconf_get(&od->conf, id, dotted)) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	if (!TAILQ_EMPTY(&ac->vlinks)) {
		vty_out(vty, "%% Area cannot be %s as it contains a virtual "
		    "link\n", type == AREA_NSSA ? "nssa" : "stub");
		return CMD_WARNING;
	}
	ac->type = type;
	ac->no_summary = nosum;
	ac->nssa_xlate = NSSA_XLATE_CANDIDATE;
	if (type == AREA_NSSA && cmd_has(m, "xlate")) {
		const char *x = cmd_str(m, "xlate");

		ac->nssa_xlate = strcmp(x, "translate-never") == 0 ?
		    NSSA_XLATE_NEVER : strcmp(x, "translate-always") == 0 ?
		    NSSA_XLATE_ALWAYS : NSSA_XLATE_CANDIDATE;
	}
	area_apply(od);
	return CMD_SUCCESS;
}

static int
cmd_area_cost(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_areaconf	*ac;
	bool			 dotted;
	uint32_t		 id = area_arg(m, &dotted);

	if (!od->conf.router)
		return CMD_WARNING;
	if (id == 0) {
		vty_out(vty, "%% You can't configure default-cost to "
		    "backbone\n");
		return CMD_WARNING;
	}
	if (cmd_has(m, "no")) {
		if ((ac = areaconf_find(&od->conf, id)) == NULL)
			return CMD_SUCCESS;
		ac->default_cost = -1;
		areaconf_gc(&od->conf, ac);
	} else {
		if ((ac = areaconf_get(&od->conf, id, dotted)) == NULL) {
			vty_out(vty, "%% Out of memory\n");
			return CMD_WARNING;
		}
		ac->default_cost = (int32_t)cmd_get(m, "cost")->u.num;
	}
	area_apply(od);
	return CMD_SUCCESS;
}

static int
cmd_area_range(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const struct cmd_value	*p = cmd_get(m, "A.B.C.D/M"), *v;
	struct ospf_areaconf	*ac;
	struct ospf_range	*r, *before;
	bool			 dotted;
	uint32_t		 id = area_arg(m, &dotted);
	uint8_t			 plen = p->u.p4.len;
	uint32_t		 addr = ntohl(p->u.p4.addr.s_addr) &
	    ospf_plen_mask(plen);

	if (!od->conf.router)
		return CMD_WARNING;
	ac = areaconf_find(&od->conf, id);
	r = NULL;
	if (ac != NULL)
		TAILQ_FOREACH(r, &ac->ranges, entry)
			if (r->addr == addr && r->plen == plen)
				break;
	if (cmd_has(m, "no")) {
		if (r == NULL)
			return CMD_SUCCESS;
		TAILQ_REMOVE(&ac->ranges, r, entry);
		free(r);
		areaconf_gc(&od->conf, ac);
		area_apply(od);
		return CMD_SUCCESS;
	}
	if (r == NULL) {
		if ((ac = areaconf_get(&od->conf, id, dotted)) == NULL ||
		    (r = calloc(1, sizeof(*r))) == NULL) {
			vty_out(vty, "%% Out of memory\n");
			return CMD_WARNING;
		}
		r->addr = addr;
		r->plen = plen;
		r->cost = -1;
		TAILQ_FOREACH(before, &ac->ranges, entry)
			if (before->addr > addr || (before->addr == addr &&
			    before->plen > plen))
				break;
		if (before != NULL)
			TAILQ_INSERT_BEFORE(before, r, entry);
		else
			TAILQ_INSERT_TAIL(&ac->ranges, r, entry);
	}
	r->advertise = !cmd_has(m, "not-advertise");
	if ((v = cmd_get(m, "cost")) != NULL)
		r->cost = (int32_t)v->u.num;
	else if (!r->advertise)
		r->cost = -1;
	area_apply(od);
	return CMD_SUCCESS;
}

/* "area X authentication [message-digest]": the default of the area's
 * interfaces; the keys stay per interface. */
static int
cmd_area_auth(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_areaconf	*ac;
	bool			 dotted;
	uint32_t		 id = area_arg(m, &dotted);

	if (!od->conf.router)
		return CMD_WARNING;
	if (cmd_has(m, "no")) {
		if ((ac = areaconf_find(&od->conf, id)) == NULL)
			return CMD_SUCCESS;
		ac->auth = -1;
		areaconf_gc(&od->conf, ac);
		return CMD_SUCCESS;
	}
	if ((ac = areaconf_get(&od->conf, id, dotted)) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	ac->auth = cmd_has(m, "message-digest") ? OSPF_AUTH_CRYPT :
	    OSPF_AUTH_SIMPLE;
	return CMD_SUCCESS;
}

/* "area X virtual-link A.B.C.D [{hello-interval N|dead-interval N}]" */
static int
cmd_area_vlink(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const struct cmd_value	*v;
	struct ospf_areaconf	*ac;
	struct ospf_vlconf	*vc = NULL;
	bool			 dotted;
	uint32_t		 id = area_arg(m, &dotted);
	uint32_t		 peer = ntohl(cmd_get(m, "peer")->u.v4.s_addr);

	if (!od->conf.router)
		return CMD_WARNING;
	if (id == SPF_EXT_BACKBONE) {
		vty_out(vty, "Configuring VLs over the backbone is not "
		    "allowed\n");
		return CMD_WARNING;
	}
	if ((ac = areaconf_find(&od->conf, id)) != NULL)
		TAILQ_FOREACH(vc, &ac->vlinks, entry)
			if (vc->peer == peer)
				break;
	if (cmd_has(m, "no")) {
		if (vc == NULL)
			return CMD_SUCCESS;
		TAILQ_REMOVE(&ac->vlinks, vc, entry);
		free(vc);
		areaconf_gc(&od->conf, ac);
		if (!od->check)
			spf_schedule(od);
		return CMD_SUCCESS;
	}
	if (ac != NULL && ac->type != AREA_NORMAL) {
		vty_out(vty, "%% Area cannot be %s as it contains a virtual "
		    "link\n", ac->type == AREA_STUB ? "stub" : "nssa");
		return CMD_WARNING;
	}
	if (vc == NULL) {
		if ((ac = areaconf_get(&od->conf, id, dotted)) == NULL ||
		    (vc = calloc(1, sizeof(*vc))) == NULL) {
			vty_out(vty, "%% Out of memory\n");
			return CMD_WARNING;
		}
		vc->peer = peer;
		vc->hello = vc->dead = -1;
		TAILQ_INSERT_TAIL(&ac->vlinks, vc, entry);
	}
	if ((v = cmd_get(m, "hello")) != NULL)
		vc->hello = (int32_t)v->u.num;
	if ((v = cmd_get(m, "dead")) != NULL)
		vc->dead = (int32_t)v->u.num;
	if (!od->check)
		spf_schedule(od);
	return CMD_SUCCESS;
}

static const char *
area_str(const struct ospf_areaconf *ac, char *buf, size_t len)
{
	if (ac->dotted)
		snprintf(buf, len, "%u.%u.%u.%u", ac->id >> 24,
		    (ac->id >> 16) & 0xff, (ac->id >> 8) & 0xff, ac->id & 0xff);
	else
		snprintf(buf, len, "%u", ac->id);
	return buf;
}

/* FRRouting's ospf_config_write_area(): ranges, then the kind, then cost. */
void
area_conf_write(struct buf *b, const struct ospf_conf *c)
{
	const struct ospf_areaconf	*ac;
	const struct ospf_range		*r;
	const struct ospf_vlconf	*vl;
	char				 id[16];

	TAILQ_FOREACH(ac, &c->areas, entry) {
		area_str(ac, id, sizeof(id));
		TAILQ_FOREACH(r, &ac->ranges, entry) {
			uint32_t a = r->addr;

			buf_printf(b, " area %s range %u.%u.%u.%u/%u", id,
			    a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
			    a & 0xff, r->plen);
			if (!r->advertise)
				buf_printf(b, " not-advertise");
			if (r->cost >= 0)
				buf_printf(b, " cost %d", r->cost);
			buf_printf(b, "\n");
		}
		if (ac->type == AREA_STUB)
			buf_printf(b, " area %s stub%s\n", id,
			    ac->no_summary ? " no-summary" : "");
		else if (ac->type == AREA_NSSA)
			buf_printf(b, " area %s nssa %s%s%s\n", id,
			    ac->nssa_xlate == NSSA_XLATE_NEVER ?
			    "translate-never" : ac->nssa_xlate ==
			    NSSA_XLATE_ALWAYS ? "translate-always" : "",
			    ac->nssa_xlate != NSSA_XLATE_CANDIDATE &&
			    ac->no_summary ? " " : "",
			    ac->no_summary ? "no-summary" : "");
		TAILQ_FOREACH(vl, &ac->vlinks, entry) {
			uint32_t p = vl->peer;

			buf_printf(b, " area %s virtual-link %u.%u.%u.%u", id,
			    p >> 24, (p >> 16) & 0xff, (p >> 8) & 0xff,
			    p & 0xff);
			if (vl->hello > 0)
				buf_printf(b, " hello-interval %d", vl->hello);
			if (vl->dead > 0)
				buf_printf(b, " dead-interval %d", vl->dead);
			buf_printf(b, "\n");
		}
		if (ac->auth == OSPF_AUTH_SIMPLE)
			buf_printf(b, " area %s authentication\n", id);
		else if (ac->auth == OSPF_AUTH_CRYPT)
			buf_printf(b, " area %s authentication message-digest\n",
			    id);
		if (ac->default_cost >= 0)
			buf_printf(b, " area %s default-cost %d\n", id,
			    ac->default_cost);
	}
}

static const struct cmd_def area_cmds[] = {
	{ "[no] " AREA_ARG " stub [no-summary]", HELP_NO HELP_AREA
	    "Configure OSPF area as stub\n"
	    "Do not inject inter-area routes into stub", cmd_area_kind, 0 },
	{ "[no] " AREA_ARG " nssa [{no-summary|<translate-candidate|"
	    "translate-never|translate-always>$xlate}]", HELP_NO HELP_AREA
	    "Configure OSPF area as nssa\n"
	    "Do not inject inter-area routes into nssa\n"
	    "Configure NSSA-ABR for translate election (default)\n"
	    "Configure NSSA-ABR to never translate\n"
	    "Configure NSSA-ABR to always translate", cmd_area_kind, 0 },
	{ "[no] " AREA_ARG " authentication [message-digest]", HELP_NO
	    HELP_AREA "Enable authentication\n"
	    "Use message-digest authentication", cmd_area_auth, 0 },
	{ "[no] " AREA_ARG " virtual-link A.B.C.D$peer "
	    "[{hello-interval (1-65535)$hello|dead-interval (1-65535)$dead}]",
	    HELP_NO HELP_AREA
	    "Configure a virtual link\n"
	    "Router ID of the remote ABR\n"
	    "Time between HELLO packets\nSeconds\n"
	    "Interval time after which a neighbor is declared down\n"
	    "Seconds", cmd_area_vlink, 0 },
	{ AREA_ARG " default-cost (0-16777215)$cost", HELP_AREA
	    "Set the summary-default cost of a NSSA or stub area\n"
	    "Stub's advertised default summary cost", cmd_area_cost, 0 },
	{ "no " AREA_ARG " default-cost [(0-16777215)]", HELP_NO HELP_AREA
	    "Set the summary-default cost of a NSSA or stub area\n"
	    "Stub's advertised default summary cost", cmd_area_cost, 0 },
	{ AREA_ARG " range A.B.C.D/M [<not-advertise|advertise>] "
	    "[cost (0-16777215)$cost]", HELP_AREA
	    "Summarize routes matching address/mask (border routers only)\n"
	    "Area range prefix\n"
	    "DoNotAdvertise this range\n"
	    "Advertise this range (default)\n"
	    "User specified metric for this range\n"
	    "Advertised metric for this range", cmd_area_range, 0 },
	{ "no " AREA_ARG " range A.B.C.D/M [<not-advertise|advertise>] "
	    "[cost (0-16777215)]", HELP_NO HELP_AREA
	    "Summarize routes matching address/mask (border routers only)\n"
	    "Area range prefix\n"
	    "DoNotAdvertise this range\n"
	    "Advertise this range (default)\n"
	    "User specified metric for this range\n"
	    "Advertised metric for this range", cmd_area_range, 0 },
};

int
area_vty_install(struct ospfd *od, int router_node)
{
	return vty_install(od->vs, router_node, area_cmds,
	    sizeof(area_cmds) / sizeof(area_cmds[0]));
}

/*
 * DOC: vty: ospfd's show commands, printed as FRRouting 8.4's ospfd prints
 * them (columns, blank lines, time formats, JSON key names), and the
 * table that installs them. "show ip ospf database" is in vty_db.c, the
 * formatting and model helpers both use in vty_util.c.
 *
 *   show ip ospf [json]
 *   show ip ospf neighbor [detail] [json]
 *   show ip ospf neighbor A.B.C.D [detail] [json]
 *   show ip ospf neighbor detail A.B.C.D [json]
 *   show ip ospf neighbor IFNAME [json]
 *   show ip ospf interface [IFNAME] [json]
 *   show ip ospf interface traffic [IFNAME] [json]
 *   show ip ospf database ... (vty_db.c)
 *   show ip ospf route [json]
 *   show ip ospf border-routers
 *
 * Every handler reads struct ospfd (the VTY server's context) and changes
 * nothing. Timers come from the *_ms deadlines, the routes from the last
 * SPF result (od->spf), whose next hops name our interface by address
 * (iface_find_addr()). An area's kind (stub, NSSA), which FRRouting
 * prints in "show ip ospf" and after area IDs ("0.0.0.1 [NSSA]"), is read
 * from our own router-LSA's options there (vty_util.c area_kind()); the
 * stub router lines come from maxmetric.c.
 *
 * The layouts were checked against a running FRRouting 8.4.4 (Debian 12)
 * peering with this ospfd. What differs is what okapi does not have:
 * the bandwidth is the one the costs assume (10000 Mbit) where FRR shows
 * the link's speed, ECMP is SPF_MAX_NEXTHOPS wide, "Packets Queued"
 * counts the LSAs waiting to be flooded, and an Up Time counts from the
 * neighbour's last state change, kept to the second.
 */
#include <sys/queue.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>

#include <event2/event.h>
#include <json-c/json.h>

#include "iftree.h"
#include "log.h"
#include "vty.h"
#include "ospfd.h"
#include "vty_util.h"

#define FRR_DISTANCE		110
#define FRR_LSA_MIN_INTERVAL	5000	/* msecs */
#define FRR_LSA_MIN_ARRIVAL	1000	/* msecs */
#define FRR_WRITE_MULTIPLIER	20
#define FRR_REFRESH_TIMER	10	/* secs */
#define OKAPI_BANDWIDTH		(OSPF_DEF_REF_BW / OSPF_DEF_COST)

/* ---- show ip ospf ------------------------------------------------- */

static void
show_area(struct vty *vty, const struct ospfd *od, const struct ospf_area *a,
    json_object *jareas)
{
	const struct ospf_if	*oif;
	const struct lsdb	*db = a->db;
	json_object		*j = NULL;
	unsigned		 total = 0, active = 0, full = 0;
	size_t			 nlsa = 0;
	char			 s[16];
	enum ospf_area_type	 kind = area_kind(od, a);
	static const struct {
		unsigned	 type;
		const char	*text, *num, *sum;
	} types[] = {
		{ LSA_TYPE_ROUTER, "router", "lsaRouterNumber",
		    "lsaRouterChecksum" },
		{ LSA_TYPE_NETWORK, "network", "lsaNetworkNumber",
		    "lsaNetworkChecksum" },
		{ LSA_TYPE_SUM_NET, "summary", "lsaSummaryNumber",
		    "lsaSummaryChecksum" },
		{ LSA_TYPE_SUM_ASBR, "ASBR summary", "lsaAsbrNumber",
		    "lsaAsbrChecksum" },
		{ LSA_TYPE_NSSA, "NSSA", "lsaNssaNumber", "lsaNssaChecksum" },
	};
	size_t			 i;

	TAILQ_FOREACH(oif, &od->ifs, entry) {
		if (oif->area != a)
			continue;
		total++;
		if (oif->ism.state != ISM_STA_DOWN)
			active++;
		full += oif_nbr_count(oif, NSM_STA_FULL);
	}
	/* FRR counts the area's own LSAs: AS-external ones live apart. */
	if (db != NULL)
		nlsa = lsdb_size(db) - lsdb_count(db, LSA_TYPE_EXTERNAL);
	ip4_str(a->id, s, sizeof(s));
	if (jareas != NULL) {
		j = json_object_new_object();
		if (a->id == 0)
			json_add_true(j, "backbone");
		else
			json_add_str(j, "shortcuttingMode", "Default");
		json_add_int(j, "areaIfTotalCounter", total);
		json_add_int(j, "areaIfActiveCounter", active);
		if (kind == AREA_NSSA) {
			json_add_true(j, "nssa");
			json_object_object_add(j, "abr",
			    json_object_new_boolean(ospf_is_abr(od)));
			if (ospf_is_abr(od))
				json_object_object_add(j,
				    "nssaTranslatorElected",
				    json_object_new_boolean(
				    area_nssa_translator(od, a)));
		}
		maxmetric_show_area(vty, od, j);
		json_add_int(j, "nbrFullAdjacentCounter", full);
		json_add_str(j, "authentication", "authenticationNone");
		if (a->id != 0)
			json_add_int(j, "virtualAdjacenciesPassingCounter", 0);
		json_add_int(j, "spfExecutedCounter", (int64_t)a->spf_runs);
		json_add_int(j, "lsaNumber", (int64_t)nlsa);
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			json_add_int(j, types[i].num, db ? (int64_t)
			    lsdb_count(db, types[i].type) : 0);
			json_add_int(j, types[i].sum, db ? (int64_t)
			    lsdb_cksum_sum(db, types[i].type) : 0);
		}
		json_add_int(j, "lsaOpaqueLinkNumber", 0);
		json_add_int(j, "lsaOpaqueLinkChecksum", 0);
		json_add_int(j, "lsaOpaqueAreaNumber", 0);
		json_add_int(j, "lsaOpaqueAreaChecksum", 0);
		json_object_object_add(jareas, s, j);
		return;
	}
	vty_out(vty, " Area ID: %s", s);
	if (a->id == 0)
		vty_out(vty, " (Backbone)\n");
	else {
		if (kind == AREA_STUB)
			vty_out(vty, " (Stub)");
		else if (kind == AREA_NSSA)
			vty_out(vty, " (NSSA)");
		vty_out(vty, "\n");
		vty_out(vty, "   Shortcutting mode: Default, S-bit consensus: "
		    "no\n");
	}
	vty_out(vty, "   Number of interfaces in this area: Total: %u, "
	    "Active: %u\n", total, active);
	if (kind == AREA_NSSA) {
		vty_out(vty, "   It is an NSSA configuration.\n"
		    "   Elected NSSA/ABR performs type-7/type-5 LSA "
		    "translation.\n");
		if (!ospf_is_abr(od))
			vty_out(vty, "   It is not ABR, therefore not "
			    "Translator.\n");
		else if (area_nssa_translator(od, a))
			vty_out(vty, "   We are an ABR and the NSSA Elected "
			    "Translator.\n");
		else
			vty_out(vty, "   We are an ABR, but not the NSSA "
			    "Elected Translator.\n");
	}
	maxmetric_show_area(vty, od, NULL);
	vty_out(vty, "   Number of fully adjacent neighbors in this area: "
	    "%u\n", full);
	vty_out(vty, "   Area has no authentication\n");
	if (a->id != 0)
		vty_out(vty, "   Number of full virtual adjacencies going "
		    "through this area: 0\n");
	vty_out(vty, "   SPF algorithm executed %lu times\n",
	    (unsigned long)a->spf_runs);
	vty_out(vty, "   Number of LSA %lu\n", (unsigned long)nlsa);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		vty_out(vty, "   Number of %s LSA %lu. Checksum Sum 0x%08x\n",
		    types[i].text, (unsigned long)(db ? lsdb_count(db,
		    types[i].type) : 0), db ? lsdb_cksum_sum(db,
		    types[i].type) : 0);
	vty_out(vty, "   Number of opaque link LSA 0. Checksum Sum "
	    "0x00000000\n");
	vty_out(vty, "   Number of opaque area LSA 0. Checksum Sum "
	    "0x00000000\n");
	vty_out(vty, "\n");
}

/* When a pending timer fires, in ms from now (0: not pending, or due). */
static uint64_t
ev_due_ms(const struct event *ev)
{
	struct timeval	 tv, now;

	/* libevent gives the deadline on its own (wall) clock. */
	if (ev == NULL || !event_pending(ev, EV_TIMEOUT, &tv) ||
	    event_base_gettimeofday_cached(event_get_base(ev), &now) != 0 ||
	    !timercmp(&tv, &now, >))
		return 0;
	timersub(&tv, &now, &tv);
	return (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
}

static int
cmd_show_ospf(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_area	*v[VTY_AREAS_MAX];
	const struct lsdb	*xdb = as_db(od);
	bool			 json = cmd_has(m, "json");
	json_object		*j = NULL, *jareas = NULL;
	uint64_t		 now = ospf_now_ms();
	unsigned		 mult = 1;
	size_t			 i, n;
	char			 s[16], t[32];

	/* FRRouting prints nothing at all without "router ospf". */
	if (!od->conf.router)
		return CMD_SUCCESS;
	if (od->conf.spf_hold > 0 && od->spf_cur_hold > od->conf.spf_hold)
		mult = od->spf_cur_hold / od->conf.spf_hold;
	n = areas_sorted(od, v, VTY_AREAS_MAX);
	if (json) {
		j = json_object_new_object();
		jareas = json_object_new_object();
		json_add_ip(j, "routerId", od->rtr_id);
		json_add_true(j, "tosRoutesOnly");
		json_add_true(j, "rfc2328Conform");
		maxmetric_show(vty, od, j);
		json_add_int(j, "spfScheduleDelayMsecs", od->conf.spf_delay);
		json_add_int(j, "holdtimeMinMsecs", od->conf.spf_hold);
		json_add_int(j, "holdtimeMaxMsecs", od->conf.spf_max_hold);
		json_add_int(j, "holdtimeMultplier", mult);
		if (od->spf_runs > 0) {
			json_add_int(j, "spfLastExecutedMsecs",
			    (int64_t)(now - od->spf_last_ms));
			json_add_int(j, "spfLastDurationMsecs",
			    od->spf_last_us / 1000);
		} else
			json_add_true(j, "spfHasNotRun");
		if (ev_on(od->spf_ev))
			json_add_int(j, "spfTimerDueInMsecs",
			    (int64_t)ev_due_ms(od->spf_ev));
		json_add_int(j, "lsaMinIntervalMsecs", FRR_LSA_MIN_INTERVAL);
		json_add_int(j, "lsaMinArrivalMsecs", FRR_LSA_MIN_ARRIVAL);
		json_add_int(j, "writeMultiplier", FRR_WRITE_MULTIPLIER);
		json_add_int(j, "refreshTimerMsecs", FRR_REFRESH_TIMER * 1000);
		json_add_int(j, "maximumPaths", SPF_MAX_NEXTHOPS);
		json_add_int(j, "preference", FRR_DISTANCE);
		if (ospf_is_abr(od))
			json_add_str(j, "abrType", "Alternative Cisco");
		if (redist_asbr(od))
			json_add_str(j, "asbrRouter",
			    "injectingExternalRoutingInformation");
		json_add_int(j, "lsaExternalCounter", xdb ? (int64_t)
		    lsdb_count(xdb, LSA_TYPE_EXTERNAL) : 0);
		json_add_int(j, "lsaExternalChecksum", xdb ? (int64_t)
		    lsdb_cksum_sum(xdb, LSA_TYPE_EXTERNAL) : 0);
		json_add_int(j, "lsaAsopaqueCounter", 0);
		json_add_int(j, "lsaAsOpaqueChecksum", 0);
		json_add_int(j, "attachedAreaCounter", (int64_t)n);
		if (od->conf.log_adj)
			json_add_true(j, od->conf.log_adj_detail ?
			    "adjacencyChangesLoggedAll" :
			    "adjacencyChangesLogged");
		for (i = 0; i < n; i++)
			show_area(vty, od, v[i], jareas);
		json_object_object_add(j, "areas", jareas);
		vty_json_out(vty, j);
		return CMD_SUCCESS;
	}
	vty_out(vty, " OSPF Routing Process, Router ID: %s\n",
	    ip4_str(od->rtr_id, s, sizeof(s)));
	vty_out(vty, " Supports only single TOS (TOS0) routes\n");
	vty_out(vty, " This implementation conforms to RFC2328\n");
	vty_out(vty, " RFC1583Compatibility flag is disabled\n");
	vty_out(vty, " OpaqueCapability flag is disabled\n");
	maxmetric_show(vty, od, NULL);
	vty_out(vty, " Initial SPF scheduling delay %u millisec(s)\n"
	    " Minimum hold time between consecutive SPFs %u millisec(s)\n"
	    " Maximum hold time between consecutive SPFs %u millisec(s)\n"
	    " Hold time multiplier is currently %u\n", od->conf.spf_delay,
	    od->conf.spf_hold, od->conf.spf_max_hold, mult);
	vty_out(vty, " SPF algorithm ");
	if (od->spf_runs > 0) {
		vty_out(vty, "last executed %s ago\n",
		    ms_dump(now - od->spf_last_ms, t, sizeof(t)));
		vty_out(vty, " Last SPF duration %s\n", tv_dump(
		    od->spf_last_us / 1000000, od->spf_last_us % 1000000, t,
		    sizeof(t)));
	} else
		vty_out(vty, "has not been run\n");
	if (ev_on(od->spf_ev))
		vty_out(vty, " SPF timer due in %s\n",
		    ms_dump(ev_due_ms(od->spf_ev), t, sizeof(t)));
	else
		vty_out(vty, " SPF timer is inactive\n");
	vty_out(vty, " LSA minimum interval %d msecs\n", FRR_LSA_MIN_INTERVAL);
	vty_out(vty, " LSA minimum arrival %d msecs\n", FRR_LSA_MIN_ARRIVAL);
	vty_out(vty, " Write Multiplier set to %d \n", FRR_WRITE_MULTIPLIER);
	vty_out(vty, " Refresh timer %d secs\n", FRR_REFRESH_TIMER);
	vty_out(vty, " Maximum multiple paths(ECMP) supported %d\n",
	    SPF_MAX_NEXTHOPS);
	vty_out(vty, " Administrative distance %u\n", FRR_DISTANCE);
	if (ospf_is_abr(od))
		vty_out(vty, " This router is an ABR, ABR type is: "
		    "Alternative Cisco\n");
	if (redist_asbr(od))
		vty_out(vty, " This router is an ASBR (injecting external "
		    "routing information)\n");
	vty_out(vty, " Number of external LSA %lu. Checksum Sum 0x%08x\n",
	    (unsigned long)(xdb ? lsdb_count(xdb, LSA_TYPE_EXTERNAL) : 0),
	    xdb ? lsdb_cksum_sum(xdb, LSA_TYPE_EXTERNAL) : 0);
	vty_out(vty, " Number of opaque AS LSA 0. Checksum Sum 0x00000000\n");
	vty_out(vty, " Number of areas attached to this router: %lu\n",
	    (unsigned long)n);
	if (od->conf.log_adj)
		vty_out(vty, od->conf.log_adj_detail ?
		    " All adjacency changes are logged\n" :
		    " Adjacency changes are logged\n");
	for (i = 0; i < n; i++)
		show_area(vty, od, v[i], NULL);
	vty_out(vty, "\n");
	return CMD_SUCCESS;
}

/* ---- show ip ospf neighbor ---------------------------------------- */

static void
nbr_header(struct vty *vty)
{
	vty_out(vty, "\n%-15s %-3s %-15s %-15s %-9s %-15s %-32s %5s %5s %5s\n",
	    "Neighbor ID", "Pri", "State", "Up Time", "Dead Time", "Address",
	    "Interface", "RXmtL", "RqstL", "DBsmL");
}

/* FRR's show_ip_ospf_neighbour_brief(): a row, or a JSON object. */
static void
nbr_brief(struct vty *vty, const struct ospf_nbr *n, json_object *jnbrs,
    uint64_t now)
{
	char		 id[16], addr[16], st[40], up[32], dead[32];
	char		 lbl[40];
	json_object	*arr, *j;
	uint64_t	 up_ms = nbr_up_ms(n, now);
	uint64_t	 dead_ms = ms_until(n->dead_at_ms, now);
	bool		 anon = n->nsm.state == NSM_STA_ATTEMPT &&
			    n->rtr_id == 0;

	ip4_str(n->rtr_id, id, sizeof(id));
	ip4_str(n->addr, addr, sizeof(addr));
	nbr_state_str(n, st, sizeof(st));
	ms_dump(up_ms, up, sizeof(up));
	if (n->dead_at_ms != 0)
		ms_dump(dead_ms, dead, sizeof(dead));
	else
		snprintf(dead, sizeof(dead), "inactive");
	oif_label(n->oif, lbl, sizeof(lbl));
	if (jnbrs == NULL) {
		vty_out(vty, "%-15s %3d %-15s ", anon ? "-" : id, n->prio, st);
		vty_out(vty, "%-15s ", up);
		vty_out(vty, "%9s ", dead);
		vty_out(vty, "%-15s ", addr);
		vty_out(vty, "%-32s %5lu %5lu %5lu\n", lbl,
		    (unsigned long)n->rxmt.n, (unsigned long)n->req.n,
		    (unsigned long)nbr_dbsum(n));
		return;
	}
	if (!json_object_object_get_ex(jnbrs, anon ? "neighbor" : id, &arr)) {
		arr = json_object_new_array();
		json_object_object_add(jnbrs, anon ? "neighbor" : id, arr);
	}
	j = json_object_new_object();
	/* FRRouting 8.4 gives the old key and the new one, in this order. */
	json_add_int(j, "priority", n->prio);
	json_add_str(j, "state", st);
	json_add_int(j, "nbrPriority", n->prio);
	json_add_str(j, "nbrState", st);
	json_add_str(j, "converged", nsm_state_name(n->nsm.state));
	json_add_str(j, "role", nbr_role_json(n));
	if (n->dead_at_ms != 0) {
		json_add_int(j, "upTimeInMsec", (int64_t)up_ms);
		json_add_int(j, "deadTimeMsecs", (int64_t)dead_ms);
		json_add_int(j, "routerDeadIntervalTimerDueMsec",
		    (int64_t)dead_ms);
		json_add_str(j, "upTime", up);
		json_add_str(j, "deadTime", dead);
	} else {
		json_add_str(j, "deadTimeMsecs", "inactive");
		json_add_str(j, "routerDeadIntervalTimerDueMsec", "inactive");
	}
	json_add_str(j, "address", addr);
	json_add_str(j, "ifaceAddress", addr);
	json_add_str(j, "ifaceName", lbl);
	json_add_int(j, "retransmitCounter", (int64_t)n->rxmt.n);
	json_add_int(j, "linkStateRetransmissionListCounter",
	    (int64_t)n->rxmt.n);
	json_add_int(j, "requestCounter", (int64_t)n->req.n);
	json_add_int(j, "linkStateRequestListCounter", (int64_t)n->req.n);
	json_add_int(j, "dbSummaryCounter", (int64_t)nbr_dbsum(n));
	json_add_int(j, "databaseSummaryListCounter", (int64_t)nbr_dbsum(n));
	json_object_array_add(arr, j);
}

/*
 * FRRouting's request and update retransmission timers run from Exchange
 * on, re-arming themselves whether anything waits or not; ours run only
 * while something waits. Shown as FRRouting would show them.
 */
static bool
nbr_rxmt_on(const struct ospf_nbr *n, const struct event *ev)
{
	return ev_on(ev) || (n->nsm.state & NSM_STA_EXCHANGE_UP) != 0;
}

/* FRR's show_ip_ospf_neighbor_detail_sub(). */
static void
nbr_detail(struct vty *vty, const struct ospf_nbr *n, json_object *jnbrs,
    uint64_t now)
{
	const struct ospf_if	*oif = n->oif;
	char			 id[16], addr[16], area[32], st[40], t[32];
	char			 dr[16], bdr[16], opt[40];
	json_object		*arr, *j;
	bool			 anon = n->nsm.state == NSM_STA_ATTEMPT &&
				    n->rtr_id == 0;

	ip4_str(n->rtr_id, id, sizeof(id));
	ip4_str(n->addr, addr, sizeof(addr));
	area_desc(oif->od, oif->area, area, sizeof(area));
	ip4_str(n->dr, dr, sizeof(dr));
	ip4_str(n->bdr, bdr, sizeof(bdr));
	nbr_state_str(n, st, sizeof(st));
	options_str(n->options, opt, sizeof(opt));
	if (jnbrs != NULL) {
		const char	*key = anon ? "noNbrId" : id;

		if (!json_object_object_get_ex(jnbrs, key, &arr)) {
			arr = json_object_new_array();
			json_object_object_add(jnbrs, key, arr);
		}
		j = json_object_new_object();
		json_add_str(j, "ifaceAddress", addr);
		json_add_str(j, "areaId", area);
		json_add_str(j, "ifaceName", oif->name);
		json_add_int(j, "nbrPriority", n->prio);
		json_add_str(j, "nbrState", st);
		json_add_int(j, "stateChangeCounter",
		    (int64_t)n->state_changes);
		json_add_int(j, "lastPrgrsvChangeMsec",
		    (int64_t)nbr_up_ms(n, now));
		json_add_str(j, "routerDesignatedId", dr);
		json_add_str(j, "routerDesignatedBackupId", bdr);
		json_add_int(j, "optionsCounter", n->options);
		json_add_str(j, "optionsList", opt);
		json_add_int(j, "routerDeadIntervalTimerDueMsec",
		    n->dead_at_ms != 0 ? (int64_t)ms_until(n->dead_at_ms, now) :
		    -1);
		json_add_int(j, "databaseSummaryListCounter",
		    (int64_t)nbr_dbsum(n));
		json_add_int(j, "linkStateRequestListCounter",
		    (int64_t)n->req.n);
		json_add_int(j, "linkStateRetransmissionListCounter",
		    (int64_t)n->rxmt.n);
		if (ev_on(n->inact_ev))
			json_add_str(j, "threadInactivityTimer", "on");
		if (ev_on(n->dd_ev))
			json_add_str(j,
			    "threadDatabaseDescriptionRetransmission", "on");
		if (nbr_rxmt_on(n, n->lsr_ev))
			json_add_str(j,
			    "threadLinkStateRequestRetransmission", "on");
		if (nbr_rxmt_on(n, n->rxmt_ev))
			json_add_str(j,
			    "threadLinkStateUpdateRetransmission", "on");
		json_add_str(j, "grHelperStatus", "None");
		json_object_array_add(arr, j);
		return;
	}
	vty_out(vty, " Neighbor %s,", anon ? "-" : id);
	vty_out(vty, " interface address %s\n", addr);
	vty_out(vty, "    In the area %s via interface %s\n", area, oif->name);
	vty_out(vty, "    Neighbor priority is %d, State is %s,", n->prio, st);
	vty_out(vty, " %lu state changes\n", (unsigned long)n->state_changes);
	vty_out(vty, "    Most recent state change statistics:\n");
	vty_out(vty, "      Progressive change %s ago\n",
	    ms_dump(nbr_up_ms(n, now), t, sizeof(t)));
	vty_out(vty, "    DR is %s,", dr);
	vty_out(vty, " BDR is %s\n", bdr);
	vty_out(vty, "    Options %d %s\n", n->options, opt);
	if (n->dead_at_ms != 0)
		ms_dump(ms_until(n->dead_at_ms, now), t, sizeof(t));
	else
		snprintf(t, sizeof(t), "inactive");
	vty_out(vty, "    Dead timer due in %s\n", t);
	vty_out(vty, "    Database Summary List %lu\n",
	    (unsigned long)nbr_dbsum(n));
	vty_out(vty, "    Link State Request List %lu\n",
	    (unsigned long)n->req.n);
	vty_out(vty, "    Link State Retransmission List %lu\n",
	    (unsigned long)n->rxmt.n);
	vty_out(vty, "    Thread Inactivity Timer %s\n",
	    ev_on(n->inact_ev) ? "on" : "off");
	/* The misspelling is FRRouting's. */
	vty_out(vty, "    Thread Database Description Retransmision %s\n",
	    ev_on(n->dd_ev) ? "on" : "off");
	vty_out(vty, "    Thread Link State Request Retransmission %s\n",
	    nbr_rxmt_on(n, n->lsr_ev) ? "on" : "off");
	vty_out(vty, "    Thread Link State Update Retransmission %s\n\n",
	    nbr_rxmt_on(n, n->rxmt_ev) ? "on" : "off");
	vty_out(vty, "    Graceful restart Helper info:\n");
	vty_out(vty, "      Graceful Restart HELPER Status : None\n");
	vty_out(vty, "\n");
}

/* Neighbours to show: not Down, on oif (NULL: all), with rtr_id (0: any). */
static void
nbr_walk(struct vty *vty, const struct ospfd *od, const struct ospf_if *only,
    uint32_t rtr_id, bool detail, json_object *jnbrs)
{
	const struct ospf_if	*oif;
	struct ospf_nbr		**v;
	uint64_t		 now = ospf_now_ms();
	size_t			 i, n;

	TAILQ_FOREACH(oif, &od->ifs, entry) {
		if (only != NULL && oif != only)
			continue;
		v = nbrs_sorted(oif, &n);
		for (i = 0; i < n; i++) {
			if (v[i]->nsm.state == NSM_STA_DOWN ||
			    (rtr_id != 0 && v[i]->rtr_id != rtr_id))
				continue;
			if (detail)
				nbr_detail(vty, v[i], jnbrs, now);
			else
				nbr_brief(vty, v[i], jnbrs, now);
		}
		free(v);
	}
}

static int
cmd_show_neighbor(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const struct cmd_value	*nv = cmd_get(m, "nbr");
	const char		*ifname = cmd_str(m, "ifname");
	const struct ospf_if	*only = NULL;
	bool			 json = cmd_has(m, "json");
	bool			 detail = cmd_has(m, "detail");
	json_object		*j = NULL, *jn = NULL;

	/* FRRouting says nothing at all for "detail" there. */
	if (!od->conf.router && detail && nv == NULL)
		return CMD_SUCCESS;
	if (!ospf_running(vty, od, json))
		return CMD_SUCCESS;
	if (ifname != NULL) {
		/* FRR prints the header, then looks the name up. */
		if (!json)
			nbr_header(vty);
		if ((only = iface_find(od, ifname)) == NULL) {
			if (mirror_if(od, ifname) == NULL)
				return CMD_SUCCESS;
			if (json)
				vty_json_out(vty, json_object_new_object());
			else
				vty_out(vty, "\n");
			return CMD_SUCCESS;
		}
	}
	if (json) {
		j = json_object_new_object();
		/* These list straight under the top object. */
		jn = nv != NULL || ifname != NULL ? j :
		    json_object_new_object();
	}
	if (nv != NULL)
		/* Without a header, as FRRouting does. */
		nbr_walk(vty, od, NULL, ntohl(nv->u.v4.s_addr), detail, jn);
	else if (ifname != NULL)
		nbr_walk(vty, od, only, 0, false, jn);
	else {
		if (!detail && !json)
			nbr_header(vty);
		nbr_walk(vty, od, NULL, 0, detail, jn);
	}
	if (json) {
		if (jn != j)
			json_object_object_add(j, "neighbors", jn);
		vty_json_out(vty, j);
	} else
		vty_out(vty, "\n");
	return CMD_SUCCESS;
}

/* ---- show ip ospf interface --------------------------------------- */

/* The DR or BDR as FRR finds it among the neighbours, self included. */
static bool
oif_router(const struct ospfd *od, const struct ospf_if *oif, uint32_t addr,
    uint32_t *rtr_id)
{
	const struct ospf_nbr	*n;

	if (addr == 0)
		return false;
	if (addr == oif->addr) {
		*rtr_id = od->rtr_id;
		return true;
	}
	if ((n = oif_nbr_by_addr(oif, addr)) == NULL)
		return false;
	*rtr_id = n->rtr_id;
	return true;
}

/* The next Hello, from its timer or else from hello_due_ms. */
static uint64_t
oif_hello_due(const struct ospf_if *oif, uint64_t now)
{
	if (ev_on(oif->hello_ev))
		return ev_due_ms(oif->hello_ev);
	return oif->hello_due_ms != 0 ? ms_until(oif->hello_due_ms, now) : 0;
}

/* Zebra calls a /32 without a peer unnumbered, and so FRRouting shows it;
 * not on a loopback. */
static bool
oif_unnumbered(const struct ospf_if *oif)
{
	return oif->plen == 32 && oif->peer == 0 && !oif->loopback;
}

/* What FRRouting shows of a loopback: no speed, and the cost its stub
 * link has in our router-LSA (origin.c). */
static unsigned
oif_bw(const struct ospf_if *oif)
{
	return oif->loopback ? 0 : OKAPI_BANDWIDTH;
}

static unsigned
oif_cost(const struct ospf_if *oif)
{
	return oif->loopback ? 0 : oif->cost;
}

/* FRR's show_ip_ospf_interface_sub(). */
static void
show_oif(struct vty *vty, const struct ospfd *od, const struct ospf_if *oif,
    json_object *j)
{
	char		 s[16], d[16], t[32], flags[128];
	uint32_t	 dest, id;
	uint64_t	 now = ospf_now_ms();
	bool		 drs = oif->ism.state == ISM_STA_DR ||
			    oif->ism.state == ISM_STA_BACKUP;
	const char	*area;
	char		 abuf[32];

	area = area_desc(od, oif->area, abuf, sizeof(abuf));
	if_flags(od, oif, oif->name, flags, sizeof(flags));
	if (oif->peer != 0)
		dest = oif->peer;
	else
		dest = oif->addr | ~oif->mask;
	if (j != NULL) {
		if (oif->up)
			json_add_true(j, "ifUp");
		else
			json_object_object_add(j, "ifDown",
			    json_object_new_boolean(0));
		json_add_int(j, "ifIndex", oif->ifindex);
		json_add_int(j, "mtuBytes", oif->mtu);
		json_add_int(j, "bandwidthMbit", oif_bw(oif));
		json_add_str(j, "ifFlags", flags);
		if (!oif->up) {
			json_object_object_add(j, "ospfRunning",
			    json_object_new_boolean(0));
			return;
		}
		json_add_true(j, "ospfEnabled");
		if (oif_unnumbered(oif))
			json_add_true(j, "ifUnnumbered");
		else {
			json_add_ip(j, "ipAddress", oif->addr);
			json_add_int(j, "ipAddressPrefixlen", oif->plen);
			json_add_str(j, "ospfIfType", oif->peer != 0 ?
			    "Peer" : "Broadcast");
			json_add_ip(j, "localIfUsed", dest);
		}
		json_add_str(j, "area", area);
		/* FRR names it so, and sets it when detection is off. */
		if (oif->mtu_ignore)
			json_add_true(j, "mtuMismatchDetect");
		json_add_ip(j, "routerId", od->rtr_id);
		json_add_str(j, "networkType", oif_net_type(oif));
		json_add_int(j, "cost", oif_cost(oif));
		json_add_int(j, "transmitDelaySecs", oif->transdelay);
		json_add_str(j, "state", ism_state_name(oif->ism.state));
		json_add_int(j, "priority", oif->prio);
		if (oif_router(od, oif, oif->ism.dr, &id)) {
			json_add_ip(j, "drId", id);
			json_add_ip(j, "drAddress", oif->ism.dr);
		}
		if (oif->ism.dr != 0 && oif_router(od, oif, oif->ism.bdr,
		    &id)) {
			json_add_ip(j, "bdrId", id);
			json_add_ip(j, "bdrAddress", oif->ism.bdr);
		}
		if (!oif->passive) {
			json_add_true(j, "mcastMemberOspfAllRouters");
			if (drs)
				json_add_true(j,
				    "mcastMemberOspfDesignatedRouters");
		}
		json_add_int(j, "timerMsecs", (int64_t)oif->hello * 1000);
		json_add_int(j, "timerDeadSecs", oif->dead);
		json_add_int(j, "timerWaitSecs", oif->dead);
		json_add_int(j, "timerRetransmitSecs", oif->rxmt);
		if (!oif->passive)
			json_add_int(j, "timerHelloInMsecs",
			    (int64_t)oif_hello_due(oif, now));
		else
			json_add_true(j, "timerPassiveIface");
		json_add_int(j, "nbrCount", oif_nbr_count(oif, 0));
		json_add_int(j, "nbrAdjacentCount",
		    oif_nbr_count(oif, NSM_STA_FULL));
		return;
	}
	vty_out(vty, "%s is %s\n", oif->name, oif->up ? "up" : "down");
	vty_out(vty, "  ifindex %u, MTU %u bytes, BW %u Mbit %s\n",
	    oif->ifindex, oif->mtu, oif_bw(oif), flags);
	if (!oif->up) {
		vty_out(vty, "  OSPF is enabled, but not running on this "
		    "interface\n");
		return;
	}
	if (oif_unnumbered(oif))
		vty_out(vty, "  This interface is UNNUMBERED,");
	else {
		vty_out(vty, "  Internet Address %s/%u,", ip4_str(oif->addr,
		    s, sizeof(s)), oif->plen);
		vty_out(vty, " %s %s,", oif->peer != 0 ? "Peer" : "Broadcast",
		    ip4_str(dest, d, sizeof(d)));
	}
	vty_out(vty, " Area %s\n", area);
	vty_out(vty, "  MTU mismatch detection: %s\n", oif->mtu_ignore ?
	    "disabled" : "enabled");
	vty_out(vty, "  Router ID %s, Network Type %s, Cost: %u\n",
	    ip4_str(od->rtr_id, s, sizeof(s)), oif_net_type(oif),
	    oif_cost(oif));
	vty_out(vty, "  Transmit Delay is %u sec, State %s, Priority %u\n",
	    oif->transdelay, ism_state_name(oif->ism.state), oif->prio);
	/* FRR says "backup" when there is no DR at all. */
	if (oif->ism.dr == 0)
		vty_out(vty, "  No backup designated router on this network\n");
	else {
		if (oif_router(od, oif, oif->ism.dr, &id)) {
			vty_out(vty, "  Designated Router (ID) %s",
			    ip4_str(id, s, sizeof(s)));
			vty_out(vty, " Interface Address %s/%u\n",
			    ip4_str(oif->ism.dr, d, sizeof(d)), oif->plen);
		}
		if (oif_router(od, oif, oif->ism.bdr, &id)) {
			vty_out(vty, "  Backup Designated Router (ID) %s,",
			    ip4_str(id, s, sizeof(s)));
			vty_out(vty, " Interface Address %s\n",
			    ip4_str(oif->ism.bdr, d, sizeof(d)));
		} else
			vty_out(vty, "  No backup designated router on this "
			    "network\n");
	}
	vty_out(vty, "  Multicast group memberships:");
	if (oif->passive)
		vty_out(vty, " <None>");
	else {
		vty_out(vty, " OSPFAllRouters");
		if (drs)
			vty_out(vty, " OSPFDesignatedRouters");
	}
	vty_out(vty, "\n");
	vty_out(vty, "  Timer intervals configured,");
	vty_out(vty, " Hello %us,", oif->hello);
	vty_out(vty, " Dead %us, Wait %us, Retransmit %u\n", oif->dead,
	    oif->dead, oif->rxmt);
	if (!oif->passive) {
		if (ev_on(oif->hello_ev) || oif->hello_due_ms != 0)
			ms_dump(oif_hello_due(oif, now), t, sizeof(t));
		else
			snprintf(t, sizeof(t), "inactive");
		vty_out(vty, "    Hello due in %s\n", t);
	} else
		vty_out(vty, "    No Hellos (Passive interface)\n");
	vty_out(vty, "  Neighbor Count is %u, Adjacent neighbor count is %u\n",
	    oif_nbr_count(oif, 0), oif_nbr_count(oif, NSM_STA_FULL));
}

/* An interface that exists but does not run OSPF. */
static void
show_if_not_ospf(struct vty *vty, const struct ospfd *od,
    const struct ift_if *ifp, json_object *j)
{
	char	 flags[128];

	if_flags(od, NULL, ifp->name, flags, sizeof(flags));
	if (j != NULL) {
		if (ift_if_up(ifp))
			json_add_true(j, "ifUp");
		else
			json_object_object_add(j, "ifDown",
			    json_object_new_boolean(0));
		json_add_int(j, "ifIndex", ifp->ifindex);
		json_add_int(j, "mtuBytes", ifp->mtu);
		json_add_int(j, "bandwidthMbit", OKAPI_BANDWIDTH);
		json_add_str(j, "ifFlags", flags);
		json_object_object_add(j, "ospfEnabled",
		    json_object_new_boolean(0));
		return;
	}
	vty_out(vty, "%s is %s\n", ifp->name, ift_if_up(ifp) ? "up" : "down");
	vty_out(vty, "  ifindex %u, MTU %u bytes, BW %u Mbit %s\n",
	    ifp->ifindex, ifp->mtu, (unsigned)OKAPI_BANDWIDTH, flags);
	vty_out(vty, "  OSPF not enabled on this interface\n");
}

static int
cmd_show_interface(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const char		*name = cmd_str(m, "ifname");
	bool			 json = cmd_has(m, "json");
	json_object		*j = NULL, *jifs = NULL, *ji;
	struct ospf_if		**v;
	const struct ospf_if	*oif;
	const struct ift_if	*ifp = NULL;
	size_t			 i, n;

	if (!ospf_running(vty, od, json))
		return CMD_SUCCESS;
	if (json) {
		j = json_object_new_object();
		jifs = json_object_new_object();
	}
	if (name == NULL) {
		v = oifs_sorted(od, &n);
		for (i = 0; i < n; i++) {
			ji = json ? json_object_new_object() : NULL;
			show_oif(vty, od, v[i], ji);
			if (json)
				json_object_object_add(jifs, v[i]->name, ji);
		}
		free(v);
		if (json)
			json_object_object_add(j, "interfaces", jifs);
	} else if ((oif = iface_find(od, name)) != NULL ||
	    (ifp = mirror_if(od, name)) != NULL) {
		ji = json ? json_object_new_object() : NULL;
		if (oif != NULL)
			show_oif(vty, od, oif, ji);
		else
			show_if_not_ospf(vty, od, ifp, ji);
		if (json) {
			json_object_object_add(jifs, name, ji);
			json_object_object_add(j, "interfaces", jifs);
		}
	} else {
		if (json) {
			json_object_put(jifs);
			json_add_true(j, "noSuchIface");
		} else
			vty_out(vty, "No such interface name\n");
	}
	if (json)
		vty_json_out(vty, j);
	else
		vty_out(vty, "\n");
	return CMD_SUCCESS;
}

static void
traffic_row(struct vty *vty, const struct ospf_if *oif, json_object *j)
{
	const struct ospf_counters	*c = &oif->cnt;
	json_object			*o;

	if (j != NULL) {
		o = json_object_new_object();
		json_add_int(o, "ifIndex", oif->ifindex);
		json_add_int(o, "helloIn", (int64_t)c->rx[OSPF_PKT_HELLO]);
		json_add_int(o, "helloOut", (int64_t)c->tx[OSPF_PKT_HELLO]);
		json_add_int(o, "dbDescIn", (int64_t)c->rx[OSPF_PKT_DD]);
		json_add_int(o, "dbDescOut", (int64_t)c->tx[OSPF_PKT_DD]);
		json_add_int(o, "lsReqIn", (int64_t)c->rx[OSPF_PKT_LSR]);
		json_add_int(o, "lsReqOut", (int64_t)c->tx[OSPF_PKT_LSR]);
		json_add_int(o, "lsUpdIn", (int64_t)c->rx[OSPF_PKT_LSU]);
		json_add_int(o, "lsUpdOut", (int64_t)c->tx[OSPF_PKT_LSU]);
		json_add_int(o, "lsAckIn", (int64_t)c->rx[OSPF_PKT_LSACK]);
		json_add_int(o, "lsAckOut", (int64_t)c->tx[OSPF_PKT_LSACK]);
		json_add_int(o, "packetsQueued", oif->lsu_q_n);
		json_object_object_add(j, oif->name, o);
		return;
	}
	vty_out(vty, "%-10s %8u/%-8u %7u/%-7u %7u/%-7u %7u/%-7u %7u/%-7u "
	    "%12lu\n", oif->name, (unsigned)c->rx[OSPF_PKT_HELLO],
	    (unsigned)c->tx[OSPF_PKT_HELLO], (unsigned)c->rx[OSPF_PKT_DD],
	    (unsigned)c->tx[OSPF_PKT_DD], (unsigned)c->rx[OSPF_PKT_LSR],
	    (unsigned)c->tx[OSPF_PKT_LSR], (unsigned)c->rx[OSPF_PKT_LSU],
	    (unsigned)c->tx[OSPF_PKT_LSU], (unsigned)c->rx[OSPF_PKT_LSACK],
	    (unsigned)c->tx[OSPF_PKT_LSACK], (unsigned long)oif->lsu_q_n);
}

/* FRR's show_ip_ospf_interface_traffic_common(). */
static int
cmd_show_traffic(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	const char		*name = cmd_str(m, "ifname");
	bool			 json = cmd_has(m, "json");
	json_object		*j = NULL;
	struct ospf_if		**v;
	const struct ospf_if	*oif;
	size_t			 i, n;

	/* FRRouting is silent here without "router ospf". */
	if (!od->conf.router)
		return CMD_SUCCESS;
	if (json)
		j = json_object_new_object();
	else {
		vty_out(vty, "\n");
		vty_out(vty, "%-12s%-17s%-17s%-17s%-17s%-17s%-17s\n",
		    "Interface", "    HELLO", "    DB-Desc", "   LS-Req",
		    "   LS-Update", "   LS-Ack", "    Packets");
		vty_out(vty, "%-10s%-18s%-18s%-17s%-17s%-17s%-17s\n", "",
		    "      Rx/Tx", "     Rx/Tx", "    Rx/Tx", "    Rx/Tx",
		    "    Rx/Tx", "    Queued");
		/* 109 dashes. */
		vty_out(vty, "%s%s\n",
		    "--------------------------------------------------------",
		    "-----------------------------------------------------");
	}
	if (name == NULL) {
		v = oifs_sorted(od, &n);
		for (i = 0; i < n; i++)
			traffic_row(vty, v[i], j);
		free(v);
	} else if ((oif = iface_find(od, name)) != NULL)
		traffic_row(vty, oif, j);
	else if (mirror_if(od, name) != NULL) {
		vty_out(vty, "  OSPF not enabled on this interface %s\n", name);
		if (json)
			json_object_put(j);
		return CMD_SUCCESS;
	}
	if (json)
		vty_json_out(vty, j);
	else
		vty_out(vty, "\n");
	return CMD_SUCCESS;
}

/* ---- show ip ospf route ------------------------------------------- */

/*
 * The interface a next hop leaves through: by our address, else (spf.h:
 * a stub network of our own may come without one) the interface whose
 * subnet the route is, for a destination directly attached.
 */
static const struct ospf_if *
nh_oif(const struct ospfd *od, const struct spf_route *r,
    const struct spf_nexthop *nh)
{
	const struct ospf_if	*oif;

	if (nh->ifaddr != 0 && (oif = iface_find_addr(od, nh->ifaddr)) != NULL)
		return oif;
	if (nh->gateway != 0 || r->dest != SPF_DEST_NETWORK)
		return NULL;
	TAILQ_FOREACH(oif, &od->ifs, entry)
		if (oif->mask == r->mask && (oif->addr & oif->mask) == r->addr)
			return oif;
	return NULL;
}

/* The area of a route: that of its first next hop's interface. */
static uint32_t
route_area(const struct ospfd *od, const struct spf_route *r)
{
	const struct ospf_if	*oif;
	struct ospf_area	*v[1];
	uint8_t			 i;

	for (i = 0; i < r->nnh; i++)
		if ((oif = nh_oif(od, r, &r->nh[i])) != NULL &&
		    oif->area != NULL)
			return oif->area->id;
	return areas_sorted(od, v, 1) > 0 ? v[0]->id : 0;
}

static void
route_nexthops(struct vty *vty, const struct ospfd *od,
    const struct spf_route *r, json_object *j)
{
	const struct ospf_if	*oif;
	json_object		*arr = NULL, *jn;
	char			 s[16];
	uint8_t			 i;

	if (j != NULL) {
		arr = json_object_new_array();
		json_object_object_add(j, "nexthops", arr);
	}
	for (i = 0; i < r->nnh; i++) {
		jn = NULL;
		if (j != NULL) {
			jn = json_object_new_object();
			json_object_array_add(arr, jn);
		}
		/* FRR prints nothing for a next hop without an interface. */
		if ((oif = nh_oif(od, r, &r->nh[i])) == NULL)
			continue;
		if (r->nh[i].gateway == 0) {
			if (jn != NULL) {
				json_add_str(jn, "ip", " ");
				json_add_str(jn, "directly attached to",
				    oif->name);
				json_add_str(jn, "directlyAttachedTo",
				    oif->name);
			} else
				vty_out(vty, "%24s   directly attached to %s\n",
				    "", oif->name);
			continue;
		}
		ip4_str(r->nh[i].gateway, s, sizeof(s));
		if (jn != NULL) {
			json_add_str(jn, "ip", s);
			json_add_str(jn, "via", oif->name);
		} else
			vty_out(vty, "%24s   via %s, %s\n", "", s, oif->name);
	}
}

static void
route_network(struct vty *vty, const struct ospfd *od,
    const struct spf_route *r, json_object *j)
{
	char		 p[40], a[16], area[16];
	json_object	*jr = NULL;

	snprintf(p, sizeof(p), "%s/%d", ip4_str(r->addr, a, sizeof(a)),
	    ospf_mask_plen(r->mask));
	ip4_str(route_area(od, r), area, sizeof(area));
	if (j != NULL) {
		jr = json_object_new_object();
		json_object_object_add(j, p, jr);
		json_add_str(jr, "routeType", r->path == SPF_PATH_INTER ?
		    "N IA" : "N");
		json_add_int(jr, "cost", r->cost);
		json_add_str(jr, "area", area);
	} else
		vty_out(vty, "%s %-18s    [%u] area: %s\n",
		    r->path == SPF_PATH_INTER ? "N IA" : "N   ", p, r->cost,
		    area);
	route_nexthops(vty, od, r, jr);
}

/* FRR's router table holds area border and AS boundary routers only. */
static bool
route_is_border(const struct spf_route *r)
{
	return r->dest == SPF_DEST_ROUTER &&
	    (r->rtr_flags & (LSA_RTR_B | LSA_RTR_E)) != 0;
}

static void
route_router(struct vty *vty, const struct ospfd *od,
    const struct spf_route *r, json_object *j)
{
	char		 id[16], area[16];
	json_object	*jr = NULL;

	ip4_str(r->addr, id, sizeof(id));
	ip4_str(route_area(od, r), area, sizeof(area));
	if (j != NULL) {
		jr = json_object_new_object();
		json_object_object_add(j, id, jr);
		json_add_str(jr, "routeType", "R ");
		json_add_int(jr, "cost", r->cost);
		json_add_str(jr, "area", area);
		if (r->path == SPF_PATH_INTER)
			json_add_true(jr, "IA");
		if (r->rtr_flags & LSA_RTR_B)
			json_add_str(jr, "routerType", "abr");
		else if (r->rtr_flags & LSA_RTR_E)
			json_add_str(jr, "routerType", "asbr");
	} else {
		vty_out(vty, "R    %-15s    ", id);
		vty_out(vty, "%s [%u] area: %s", r->path == SPF_PATH_INTER ?
		    "IA" : "  ", r->cost, area);
		vty_out(vty, "%s%s\n", (r->rtr_flags & LSA_RTR_B) ? ", ABR" :
		    "", (r->rtr_flags & LSA_RTR_E) ? ", ASBR" : "");
	}
	route_nexthops(vty, od, r, jr);
}

static void
route_table_routers(struct vty *vty, const struct ospfd *od, json_object *j)
{
	size_t	 i;

	if (j == NULL)
		vty_out(vty, "============ OSPF router routing table "
		    "=============\n");
	for (i = 0; i < od->spf.nroute; i++)
		if (route_is_border(&od->spf.routes[i]))
			route_router(vty, od, &od->spf.routes[i], j);
	if (j == NULL)
		vty_out(vty, "\n");
}

/* FRR's external table: [cost] for E1, [cost/type 2 metric] for E2. */
static void
route_external(struct vty *vty, const struct ospfd *od, size_t i,
    json_object *j)
{
	const struct spf_route	*r = &od->spf.routes[i];
	const struct spf_ext_attr *x = i < od->spf_attrs.n ?
	    &od->spf_attrs.a[i] : NULL;
	uint32_t		 t2 = x ? x->type2_cost : 0, tag = x ? x->tag : 0;
	bool			 e2 = r->path == SPF_PATH_EXT2;
	char			 p[40], a[16];
	json_object		*jr = NULL;

	snprintf(p, sizeof(p), "%s/%d", ip4_str(r->addr, a, sizeof(a)),
	    ospf_mask_plen(r->mask));
	if (j != NULL) {
		jr = json_object_new_object();
		json_object_object_add(j, p, jr);
		json_add_str(jr, "routeType", e2 ? "N E2" : "N E1");
		json_add_int(jr, "cost", r->cost);
		if (e2)
			json_add_int(jr, "type2cost", t2);
		json_add_int(jr, "tag", tag);
	} else if (e2)
		vty_out(vty, "N E2 %-18s    [%u/%u] tag: %u\n", p, r->cost, t2,
		    tag);
	else
		vty_out(vty, "N E1 %-18s    [%u] tag: %u\n", p, r->cost, tag);
	route_nexthops(vty, od, r, jr);
}

/* FRR's show_ip_ospf_route_common(): networks, routers, externals. */
static int
cmd_show_route(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;
	bool		 json = cmd_has(m, "json");
	json_object	*j = NULL;
	size_t		 i;

	if (!ospf_running(vty, od, json))
		return CMD_SUCCESS;
	if (od->spf_runs == 0) {
		vty_out(vty, "No OSPF routing information exist\n");
		if (json)
			vty_out(vty, "{}\n");
		return CMD_SUCCESS;
	}
	if (json)
		j = json_object_new_object();
	else
		vty_out(vty, "============ OSPF network routing table "
		    "============\n");
	for (i = 0; i < od->spf.nroute; i++)
		if (od->spf.routes[i].dest == SPF_DEST_NETWORK &&
		    (od->spf.routes[i].path == SPF_PATH_INTRA ||
		    od->spf.routes[i].path == SPF_PATH_INTER))
			route_network(vty, od, &od->spf.routes[i], j);
	if (!json)
		vty_out(vty, "\n");
	route_table_routers(vty, od, j);
	if (!json)
		vty_out(vty, "============ OSPF external routing table "
		    "===========\n");
	for (i = 0; i < od->spf.nroute; i++)
		if (od->spf.routes[i].dest == SPF_DEST_NETWORK &&
		    (od->spf.routes[i].path == SPF_PATH_EXT1 ||
		    od->spf.routes[i].path == SPF_PATH_EXT2))
			route_external(vty, od, i, j);
	if (json) {
		json_out(vty, j, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
		return CMD_SUCCESS;
	}
	vty_out(vty, "\n");
	vty_out(vty, "\n");
	return CMD_SUCCESS;
}

static int
cmd_show_border_routers(struct vty *vty, const struct cmd_match *m,
    void *arg)
{
	struct ospfd	*od = arg;

	if (!ospf_running(vty, od, false))
		return CMD_SUCCESS;
	if (od->spf_runs == 0) {
		vty_out(vty, "No OSPF routing information exist\n");
		return CMD_SUCCESS;
	}
	route_table_routers(vty, od, NULL);
	vty_out(vty, "\n");
	return CMD_SUCCESS;
}

/* ---- installation ------------------------------------------------- */

#define HELP_SHOW_OSPF	"Show running system information\n" \
			"IP information\n" \
			"OSPF information\n"
#define HELP_JSON	"JavaScript Object Notation"
#define HELP_LSA_TYPES	"ASBR summary link states\n" \
			"External link states\n" \
			"Network link states\n" \
			"Router link states\n" \
			"Network summary link states\n" \
			"NSSA external link state\n"
#define DB_TYPES	"<asbr-summary|external|network|router|summary|" \
			"nssa-external>$type"

static const struct cmd_def view_cmds[] = {
	{ "show ip ospf [json]", HELP_SHOW_OSPF HELP_JSON, cmd_show_ospf, 0 },
	{ "show ip ospf neighbor [detail$detail] [json]", HELP_SHOW_OSPF
	    "Neighbor list\n"
	    "detail of all neighbors\n" HELP_JSON, cmd_show_neighbor, 0 },
	{ "show ip ospf neighbor A.B.C.D$nbr [detail$detail] [json]",
	    HELP_SHOW_OSPF "Neighbor list\n"
	    "Neighbor ID\n"
	    "Detailed output\n" HELP_JSON, cmd_show_neighbor, 0 },
	{ "show ip ospf neighbor detail$detail A.B.C.D$nbr [json]",
	    HELP_SHOW_OSPF "Neighbor list\n"
	    "detail of all neighbors\n"
	    "Neighbor ID\n" HELP_JSON, cmd_show_neighbor, 0 },
	{ "show ip ospf neighbor IFNAME$ifname [json]", HELP_SHOW_OSPF
	    "Neighbor list\n"
	    "Interface name\n" HELP_JSON, cmd_show_neighbor, 0 },
	{ "show ip ospf interface [IFNAME$ifname] [json]", HELP_SHOW_OSPF
	    "Interface information\n"
	    "Interface name\n" HELP_JSON, cmd_show_interface, 0 },
	{ "show ip ospf interface traffic [IFNAME$ifname] [json]",
	    HELP_SHOW_OSPF "Interface information\n"
	    "Protocol Packet counters\n"
	    "Interface name\n" HELP_JSON, cmd_show_traffic, 0 },
	{ "show ip ospf database [self-originate] [json]", HELP_SHOW_OSPF
	    "Database summary\n"
	    "Self-originated link states\n" HELP_JSON, cmd_show_database, 0 },
	{ "show ip ospf database " DB_TYPES " [A.B.C.D$lsid "
	    "[<self-originate|adv-router A.B.C.D$adv>]] [json]",
	    HELP_SHOW_OSPF "Database summary\n" HELP_LSA_TYPES
	    "Link State ID (as an IP address)\n"
	    "Self-originated link states\n"
	    "Advertising Router link states\n"
	    "Advertising Router (as an IP address)\n" HELP_JSON,
	    cmd_show_database, 0 },
	{ "show ip ospf database " DB_TYPES " <adv-router A.B.C.D$adv|"
	    "self-originate> [json]", HELP_SHOW_OSPF "Database summary\n"
	    HELP_LSA_TYPES
	    "Advertising Router link states\n"
	    "Advertising Router (as an IP address)\n"
	    "Self-originated link states\n" HELP_JSON, cmd_show_database, 0 },
	{ "show ip ospf route [json]", HELP_SHOW_OSPF "OSPF routing table\n"
	    HELP_JSON, cmd_show_route, 0 },
	{ "show ip ospf border-routers", HELP_SHOW_OSPF
	    "Show all the ABR's and ASBR's", cmd_show_border_routers, 0 },
};

int
ospfd_vty_install(struct ospfd *od)
{
	if (vty_server_ctx(od->vs) != od) {
		log_warnx("%s: the VTY server's context is not ospfd's",
		    __func__);
		return -1;
	}
	return vty_install(od->vs, VTY_NODE_VIEW, view_cmds,
	    sizeof(view_cmds) / sizeof(view_cmds[0]));
}

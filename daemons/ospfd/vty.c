/*
 * DOC: vty: ospfd's show commands, printed as FRRouting 8.4's ospfd prints
 * them (columns, blank lines, time formats, JSON key names).
 *
 *   show ip ospf [json]
 *   show ip ospf neighbor [detail] [json]
 *   show ip ospf neighbor A.B.C.D [detail] [json]
 *   show ip ospf neighbor detail A.B.C.D [json]
 *   show ip ospf neighbor IFNAME [json]
 *   show ip ospf interface [IFNAME] [json]
 *   show ip ospf interface traffic [IFNAME] [json]
 *   show ip ospf database [self-originate] [json]
 *   show ip ospf database TYPE [A.B.C.D [<self-originate|adv-router A.B.C.D>]]
 *       [json]
 *   show ip ospf database TYPE <self-originate|adv-router A.B.C.D> [json]
 *   show ip ospf route [json]
 *   show ip ospf border-routers
 *
 * Every handler reads struct ospfd (the VTY server's context) and changes
 * nothing. Ages come from lsdb_age() at ospf_now(), timers from the
 * *_ms deadlines, the routes from the last SPF result (od->spf), whose
 * next hops name our interface by address (iface_find_addr()).
 *
 * The LSDB listings stream: each slice prints whole LSAs until the
 * session's output is full and remembers the key of the last one, so a
 * large database neither buffers in memory nor holds the event loop, and
 * an LSDB that changes between slices is read where it is then. JSON is
 * built whole, as json-c needs it.
 *
 * AS-scoped LSAs (type 5) are read from the first area, by area ID, that
 * holds any: every area's database is assumed to carry the same copies.
 *
 * The layouts were checked against a running FRRouting 8.4.4 (Debian 12)
 * peering with this ospfd. What differs is what okapi does not have:
 * the bandwidth is the one the costs assume (10000 Mbit) where FRR shows
 * the link's speed, ECMP is SPF_MAX_NEXTHOPS wide, the external routing
 * table stays empty (spf.c computes intra-area routes), "Packets Queued"
 * counts the LSAs waiting to be flooded, and an Up Time counts from the
 * neighbour's last state change, kept to the second.
 */
#include <sys/queue.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <json-c/json.h>

#include "iftree.h"
#include "ifxrl.h"
#include "log.h"
#include "vty.h"
#include "ospfd.h"

#define VTY_AREAS_MAX		64	/* areas shown at most */
#define FRR_LSA_SELF		0x03	/* SELF|SELF_CHECKED */
#define FRR_LSA_RCVD		0x06	/* SELF_CHECKED|RECEIVED */
#define FRR_DISTANCE		110
#define FRR_LSA_MIN_INTERVAL	5000	/* msecs */
#define FRR_LSA_MIN_ARRIVAL	1000	/* msecs */
#define FRR_WRITE_MULTIPLIER	20
#define FRR_REFRESH_TIMER	10	/* secs */
#define OKAPI_BANDWIDTH		(OSPF_DEF_REF_BW / OSPF_DEF_COST)

#define WEEK_SECS		(7 * 86400)
#define DAY_SECS		86400

/* ---- formatting --------------------------------------------------- */

static char *
ip4_str(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
	return buf;
}

static int
mask_len(uint32_t mask)
{
	int	 n = 0;

	while (mask & 0x80000000U) {
		n++;
		mask <<= 1;
	}
	return n;
}

/* FRR's ospf_timeval_dump(): 51 usecs, 3.823s, 1m32s, 2h05m07s, 3d04h05m,
 * 1w2d03h. */
static char *
tv_dump(uint64_t sec, uint64_t usec, char *buf, size_t len)
{
	uint64_t	 w = 0, d = 0, h = 0, m = 0, ms = 0;

	if (usec >= 1000)
		ms = usec / 1000;
	if (ms >= 1000) {
		sec += ms / 1000;
		ms %= 1000;
	}
	if (sec > WEEK_SECS) {
		w = sec / WEEK_SECS;
		sec -= w * WEEK_SECS;
	}
	if (sec > DAY_SECS) {
		d = sec / DAY_SECS;
		sec -= d * DAY_SECS;
	}
	if (sec >= 3600) {
		h = sec / 3600;
		sec -= h * 3600;
	}
	if (sec >= 60) {
		m = sec / 60;
		sec -= m * 60;
	}
	if (w > 99)
		snprintf(buf, len, "%luw%1lud", (unsigned long)w,
		    (unsigned long)d);
	else if (w)
		snprintf(buf, len, "%luw%1lud%02luh", (unsigned long)w,
		    (unsigned long)d, (unsigned long)h);
	else if (d)
		snprintf(buf, len, "%1lud%02luh%02lum", (unsigned long)d,
		    (unsigned long)h, (unsigned long)m);
	else if (h)
		snprintf(buf, len, "%luh%02lum%02lus", (unsigned long)h,
		    (unsigned long)m, (unsigned long)sec);
	else if (m)
		snprintf(buf, len, "%lum%02lus", (unsigned long)m,
		    (unsigned long)sec);
	else if (sec > 0 || ms > 0)
		snprintf(buf, len, "%lu.%03lus", (unsigned long)sec,
		    (unsigned long)ms);
	else
		snprintf(buf, len, "%lu usecs", (unsigned long)usec);
	return buf;
}

static char *
ms_dump(uint64_t ms, char *buf, size_t len)
{
	return tv_dump(ms / 1000, (ms % 1000) * 1000, buf, len);
}

/* Milliseconds until a deadline, 0 once passed. */
static uint64_t
ms_until(uint64_t at, uint64_t now)
{
	return at > now ? at - now : 0;
}

/* FRR's ospf_options_dump(). */
static char *
options_str(uint8_t o, char *buf, size_t len)
{
	snprintf(buf, len, "*|%s|%s|%s|%s|%s|%s|%s",
	    (o & OSPF_OPT_O) ? "O" : "-", (o & OSPF_OPT_DC) ? "DC" : "-",
	    (o & OSPF_OPT_EA) ? "EA" : "-", (o & OSPF_OPT_NP) ? "N/P" : "-",
	    (o & OSPF_OPT_MC) ? "MC" : "-", (o & OSPF_OPT_E) ? "E" : "-",
	    (o & OSPF_OPT_MT) ? "M/T" : "-");
	return buf;
}

static bool
ev_on(const struct event *ev)
{
	return ev != NULL && event_pending(ev, EV_TIMEOUT, NULL);
}

static void
json_add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static void
json_add_int(json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static void
json_add_true(json_object *o, const char *k)
{
	json_object_object_add(o, k, json_object_new_boolean(1));
}

static void
json_add_ip(json_object *o, const char *k, uint32_t a)
{
	char	 s[16];

	json_add_str(o, k, ip4_str(a, s, sizeof(s)));
}

/* Some FRRouting JSON is not indented: the database spaced, routes plain. */
static void
json_out(struct vty *vty, json_object *o, int flags)
{
	const char	*s;

	s = json_object_to_json_string_ext(o, flags);
	if (s != NULL) {
		vty_write(vty, s, strlen(s));
		vty_write(vty, "\n", 1);
	}
	json_object_put(o);
}

/* ---- the model ---------------------------------------------------- */

static int
area_cmp(const void *x, const void *y)
{
	const struct ospf_area	*a = *(struct ospf_area *const *)x;
	const struct ospf_area	*b = *(struct ospf_area *const *)y;

	return a->id < b->id ? -1 : a->id > b->id;
}

/* The areas by area ID, as FRRouting keeps them. */
static size_t
areas_sorted(const struct ospfd *od, struct ospf_area **out, size_t max)
{
	struct ospf_area	*a;
	size_t			 n = 0;

	TAILQ_FOREACH(a, &od->areas, entry)
		if (n < max)
			out[n++] = a;
	qsort(out, n, sizeof(*out), area_cmp);
	return n;
}

/* Where AS-scoped LSAs are read (see DOC); NULL: none anywhere. */
static const struct lsdb *
as_db(const struct ospfd *od)
{
	struct ospf_area	*v[VTY_AREAS_MAX];
	size_t			 i, n;

	n = areas_sorted(od, v, VTY_AREAS_MAX);
	for (i = 0; i < n; i++)
		if (v[i]->db != NULL &&
		    lsdb_count(v[i]->db, LSA_TYPE_EXTERNAL) > 0)
			return v[i]->db;
	return NULL;
}

static bool
oif_ptp(const struct ospf_if *oif)
{
	return oif->net == ISM_NET_PTP;
}

/* FRR's IF_NAME(): "eth0:10.0.12.1". */
static char *
oif_label(const struct ospf_if *oif, char *buf, size_t len)
{
	char	 a[16];

	snprintf(buf, len, "%s:%s", oif->name, ip4_str(oif->addr, a,
	    sizeof(a)));
	return buf;
}

/* FRR's ospf_nbr_ism_state_message(): "Full/DR", "Full/-" on p2p. */
static char *
nbr_state_str(const struct ospf_nbr *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", nsm_state_name(n->nsm.state),
	    oif_ptp(n->oif) ? "-" : nbr_role(n));
	return buf;
}

/* FRR's ospf_nbr_ism_state(): what "role" says, DROther on p2p too. */
static const char *
nbr_role_json(const struct ospf_nbr *n)
{
	return oif_ptp(n->oif) ? "DROther" : nbr_role(n);
}

static uint64_t
nbr_up_ms(const struct ospf_nbr *n, uint64_t now)
{
	uint64_t	 since = (uint64_t)n->since * 1000;

	return now > since ? now - since : 0;
}

static size_t
nbr_dbsum(const struct ospf_nbr *n)
{
	return n->nsummary > n->summary_pos ? n->nsummary - n->summary_pos : 0;
}

/* FRRouting keys neighbours by router ID on p2p links, else by address. */
static int
nbr_cmp(const void *x, const void *y)
{
	const struct ospf_nbr	*a = *(struct ospf_nbr *const *)x;
	const struct ospf_nbr	*b = *(struct ospf_nbr *const *)y;
	uint32_t		 ka, kb;

	ka = oif_ptp(a->oif) ? a->rtr_id : a->addr;
	kb = oif_ptp(b->oif) ? b->rtr_id : b->addr;
	return ka < kb ? -1 : ka > kb;
}

/* The interface's neighbours in FRR's order; free() the array. */
static struct ospf_nbr **
nbrs_sorted(const struct ospf_if *oif, size_t *n)
{
	struct ospf_nbr		*nbr, **v;
	size_t			 cap = 0;

	*n = 0;
	TAILQ_FOREACH(nbr, &oif->nbrs, entry)
		cap++;
	if (cap == 0 || (v = calloc(cap, sizeof(*v))) == NULL)
		return NULL;
	TAILQ_FOREACH(nbr, &oif->nbrs, entry)
		v[(*n)++] = nbr;
	qsort(v, *n, sizeof(*v), nbr_cmp);
	return v;
}

static int
oif_cmp(const void *x, const void *y)
{
	const struct ospf_if	*a = *(struct ospf_if *const *)x;
	const struct ospf_if	*b = *(struct ospf_if *const *)y;

	return conf_ifname_cmp(a->name, b->name);
}

/* OSPF interfaces by name, as "show ip ospf interface" lists them. */
static struct ospf_if **
oifs_sorted(const struct ospfd *od, size_t *n)
{
	struct ospf_if	*oif, **v;
	size_t		 cap = 0;

	*n = 0;
	TAILQ_FOREACH(oif, &od->ifs, entry)
		cap++;
	if (cap == 0 || (v = calloc(cap, sizeof(*v))) == NULL)
		return NULL;
	TAILQ_FOREACH(oif, &od->ifs, entry)
		v[(*n)++] = oif;
	qsort(v, *n, sizeof(*v), oif_cmp);
	return v;
}

static const struct ift_if *
mirror_if(const struct ospfd *od, const char *name)
{
	const struct iftree	*t;

	if (od->mirror == NULL || (t = ifmirror_tree(od->mirror)) == NULL)
		return NULL;
	return iftree_find(t, name);
}

/* FRR's if_flag_dump(), from the mirror or else from what ospfd knows. */
static char *
if_flags(const struct ospfd *od, const struct ospf_if *oif,
    const char *name, char *buf, size_t len)
{
	const struct ift_if	*ifp = mirror_if(od, name);
	bool			 set[6];
	static const char *const names[6] = { "UP", "BROADCAST", "LOOPBACK",
	    "POINTOPOINT", "RUNNING", "MULTICAST" };
	size_t			 i, off;
	bool			 first = true;

	if (ifp != NULL) {
		set[0] = ifp->enabled;
		set[1] = ifp->broadcast;
		set[2] = ifp->loopback;
		set[3] = ifp->p2p;
		set[4] = !ifp->no_carrier;
		set[5] = ifp->multicast;
	} else {
		set[0] = set[4] = oif != NULL && oif->up;
		set[2] = oif != NULL && oif->loopback;
		set[3] = oif != NULL && oif->peer != 0;
		set[1] = !set[2] && !set[3];
		set[5] = !set[2];
	}
	off = (size_t)snprintf(buf, len, "<");
	for (i = 0; i < 6; i++) {
		if (!set[i] || off >= len)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    first ? "" : ",", names[i]);
		first = false;
	}
	if (off < len)
		snprintf(buf + off, len - off, ">");
	return buf;
}

static const char *
oif_net_type(const struct ospf_if *oif)
{
	if (oif->loopback)
		return "LOOPBACK";
	switch (oif->net) {
	case ISM_NET_BROADCAST:
		return "BROADCAST";
	case ISM_NET_NBMA:
		return "NBMA";
	case ISM_NET_PTP:
		return "POINTOPOINT";
	case ISM_NET_PTMP:
		return "POINTOMULTIPOINT";
	case ISM_NET_VIRTUAL:
		return "VIRTUALLINK";
	default:
		return "Null";
	}
}

static struct ospf_nbr *
oif_nbr_by_addr(const struct ospf_if *oif, uint32_t addr)
{
	struct ospf_nbr	*n;

	TAILQ_FOREACH(n, &oif->nbrs, entry)
		if (n->addr == addr)
			return n;
	return NULL;
}

static unsigned
oif_nbr_count(const struct ospf_if *oif, unsigned state)
{
	const struct ospf_nbr	*n;
	unsigned		 c = 0;

	TAILQ_FOREACH(n, &oif->nbrs, entry)
		if (state == 0 || n->nsm.state == state)
			c++;
	return c;
}

/* FRRouting 8.4's answer when there is no "router ospf". */
static bool
ospf_running(struct vty *vty, const struct ospfd *od, bool json)
{
	if (od->conf.router)
		return true;
	if (json)
		vty_json_out(vty, json_object_new_object());
	else
		vty_out(vty, "%% OSPF is not enabled in vrf default\n");
	return false;
}

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
		vty_out(vty, "\n");
		vty_out(vty, "   Shortcutting mode: Default, S-bit consensus: "
		    "no\n");
	}
	vty_out(vty, "   Number of interfaces in this area: Total: %u, "
	    "Active: %u\n", total, active);
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

/* RFC 2328 3.3: attached to the backbone and another active area. */
static bool
ospf_is_abr(const struct ospfd *od)
{
	const struct ospf_area	*a;
	unsigned		 n = 0;
	bool			 bb = false;

	TAILQ_FOREACH(a, &od->areas, entry)
		if (a->nif > 0) {
			n++;
			if (a->id == 0)
				bb = true;
		}
	return bb && n > 1;
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

/* FRR's show_ip_ospf_neighbor_detail_sub(). */
static void
nbr_detail(struct vty *vty, const struct ospf_nbr *n, json_object *jnbrs,
    uint64_t now)
{
	const struct ospf_if	*oif = n->oif;
	char			 id[16], addr[16], area[16], st[40], t[32];
	char			 dr[16], bdr[16], opt[40];
	json_object		*arr, *j;
	bool			 anon = n->nsm.state == NSM_STA_ATTEMPT &&
				    n->rtr_id == 0;

	ip4_str(n->rtr_id, id, sizeof(id));
	ip4_str(n->addr, addr, sizeof(addr));
	ip4_str(oif->area != NULL ? oif->area->id : 0, area, sizeof(area));
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
		if (ev_on(n->lsr_ev))
			json_add_str(j,
			    "threadLinkStateRequestRetransmission", "on");
		if (ev_on(n->rxmt_ev))
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
	    ev_on(n->lsr_ev) ? "on" : "off");
	vty_out(vty, "    Thread Link State Update Retransmission %s\n\n",
	    ev_on(n->rxmt_ev) ? "on" : "off");
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

/* Zebra calls a /32 without a peer unnumbered, and so FRRouting shows it. */
static bool
oif_unnumbered(const struct ospf_if *oif)
{
	return oif->plen == 32 && oif->peer == 0;
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
	char		 abuf[16];

	area = ip4_str(oif->area != NULL ? oif->area->id : 0, abuf,
	    sizeof(abuf));
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
		json_add_int(j, "bandwidthMbit", OKAPI_BANDWIDTH);
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
		json_add_int(j, "cost", oif->cost);
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
	    oif->ifindex, oif->mtu, (unsigned)OKAPI_BANDWIDTH, flags);
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
	    ip4_str(od->rtr_id, s, sizeof(s)), oif_net_type(oif), oif->cost);
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

/* ---- show ip ospf database ---------------------------------------- */

static const char *const db_desc[LSA_TYPE_MAX] = {
	[LSA_TYPE_ROUTER] = "Router Link States",
	[LSA_TYPE_NETWORK] = "Net Link States",
	[LSA_TYPE_SUM_NET] = "Summary Link States",
	[LSA_TYPE_SUM_ASBR] = "ASBR-Summary Link States",
	[LSA_TYPE_EXTERNAL] = "AS External Link States",
	[LSA_TYPE_GROUP] = "Group Membership LSA",
	[LSA_TYPE_NSSA] = "NSSA-external Link States",
};

static const char *const db_desc_json[LSA_TYPE_MAX] = {
	[LSA_TYPE_ROUTER] = "routerLinkStates",
	[LSA_TYPE_NETWORK] = "networkLinkStates",
	[LSA_TYPE_SUM_NET] = "summaryLinkStates",
	[LSA_TYPE_SUM_ASBR] = "asbrSummaryLinkStates",
	[LSA_TYPE_EXTERNAL] = "asExternalLinkStates",
	[LSA_TYPE_GROUP] = "groupMembershipLsa",
	[LSA_TYPE_NSSA] = "nssaExternalLinkStates",
};

#define DB_HEAD	"Link ID         ADV Router      Age  Seq#       CkSum"

static const char *const db_header[LSA_TYPE_MAX] = {
	[LSA_TYPE_ROUTER] = DB_HEAD "  Link count",
	[LSA_TYPE_NETWORK] = DB_HEAD,
	[LSA_TYPE_SUM_NET] = DB_HEAD "  Route",
	[LSA_TYPE_SUM_ASBR] = DB_HEAD,
	[LSA_TYPE_EXTERNAL] = DB_HEAD "  Route",
	[LSA_TYPE_GROUP] = " --- header for Group Member ----",
	[LSA_TYPE_NSSA] = DB_HEAD "  Route",
};

/* FRR's ospf_lsa_type_msg and ospf_link_state_id_type_msg. */
static const char *const lsa_type_msg[LSA_TYPE_MAX] = {
	[LSA_TYPE_ROUTER] = "router-LSA",
	[LSA_TYPE_NETWORK] = "network-LSA",
	[LSA_TYPE_SUM_NET] = "summary-LSA",
	[LSA_TYPE_SUM_ASBR] = "summary-LSA",
	[LSA_TYPE_EXTERNAL] = "AS-external-LSA",
	[LSA_TYPE_GROUP] = "GROUP MEMBER LSA",
	[LSA_TYPE_NSSA] = "NSSA-LSA",
};

static const char *const lsa_id_msg[LSA_TYPE_MAX] = {
	[LSA_TYPE_ROUTER] = "",
	[LSA_TYPE_NETWORK] = "(address of Designated Router)",
	[LSA_TYPE_SUM_NET] = "(summary Network Number)",
	[LSA_TYPE_SUM_ASBR] = "(AS Boundary Router address)",
	[LSA_TYPE_EXTERNAL] = "(External Network Number)",
	[LSA_TYPE_GROUP] = "",
	[LSA_TYPE_NSSA] = "(External Network Number For NSSA)",
};

static const char *const link_type_desc[LSA_LINK_MAX] = {
	[LSA_LINK_P2P] = "another Router (point-to-point)",
	[LSA_LINK_TRANSIT] = "a Transit Network",
	[LSA_LINK_STUB] = "Stub Network",
	[LSA_LINK_VIRTUAL] = "a Virtual Link",
};

static const char *const link_id_desc[LSA_LINK_MAX] = {
	[LSA_LINK_P2P] = "Neighboring Router ID",
	[LSA_LINK_TRANSIT] = "Designated Router address",
	[LSA_LINK_STUB] = "Net",
	[LSA_LINK_VIRTUAL] = "Neighboring Router ID",
};

static const char *const link_data_desc[LSA_LINK_MAX] = {
	[LSA_LINK_P2P] = "Router Interface address",
	[LSA_LINK_TRANSIT] = "Router Interface address",
	[LSA_LINK_STUB] = "Network Mask",
	[LSA_LINK_VIRTUAL] = "Router Interface address",
};

static const char *const link_id_json[LSA_LINK_MAX] = {
	[LSA_LINK_P2P] = "neighborRouterId",
	[LSA_LINK_TRANSIT] = "designatedRouterAddress",
	[LSA_LINK_STUB] = "networkAddress",
	[LSA_LINK_VIRTUAL] = "neighborRouterId",
};

static const char *const link_data_json[LSA_LINK_MAX] = {
	[LSA_LINK_P2P] = "routerInterfaceAddress",
	[LSA_LINK_TRANSIT] = "routerInterfaceAddress",
	[LSA_LINK_STUB] = "networkMask",
	[LSA_LINK_VIRTUAL] = "routerInterfaceAddress",
};

static const char *
tbl(const char *const *t, unsigned n, unsigned i, const char *dflt)
{
	return i < n && t[i] != NULL ? t[i] : dflt;
}

#define TBL(t, i, d)	tbl((t), sizeof(t) / sizeof((t)[0]), (i), (d))

/* The area types of a summary, in FRRouting's order; then type 5. */
static const uint8_t area_types[] = {
	LSA_TYPE_ROUTER, LSA_TYPE_NETWORK, LSA_TYPE_SUM_NET,
	LSA_TYPE_SUM_ASBR, LSA_TYPE_NSSA,
};

/* One line of "show ip ospf database", FRR's show_lsa_summary(). */
static void
lsa_summary(struct vty *vty, const struct lsdb_entry *e, time_t now,
    json_object *j)
{
	const struct lsa	*l = &e->lsa;
	char			 id[16], adv[16], p[40], x[16];

	ip4_str(l->hdr.id, id, sizeof(id));
	ip4_str(l->hdr.adv_rtr, adv, sizeof(adv));
	if (j == NULL) {
		vty_out(vty, "%-15s", id);
		vty_out(vty, "%-15s %4u 0x%08lx 0x%04x", adv,
		    lsdb_age(e, now), (unsigned long)l->hdr.seq, l->hdr.cksum);
	} else {
		json_add_str(j, "lsId", id);
		json_add_str(j, "advertisedRouter", adv);
		json_add_int(j, "lsaAge", lsdb_age(e, now));
		snprintf(x, sizeof(x), "%x", l->hdr.seq);
		json_add_str(j, "sequenceNumber", x);
		snprintf(x, sizeof(x), "%x", l->hdr.cksum);
		json_add_str(j, "checksum", x);
	}
	switch (l->hdr.type) {
	case LSA_TYPE_ROUTER:
		if (j == NULL)
			vty_out(vty, " %-d", l->u.router.nlinks);
		else
			json_add_int(j, "numOfRouterLinks",
			    l->u.router.nlinks);
		break;
	case LSA_TYPE_SUM_NET:
		snprintf(p, sizeof(p), "%s/%d", ip4_str(l->hdr.id &
		    l->u.summary.mask, x, sizeof(x)),
		    mask_len(l->u.summary.mask));
		if (j == NULL)
			vty_out(vty, " %s", p);
		else
			json_add_str(j, "summaryAddress", p);
		break;
	case LSA_TYPE_EXTERNAL:
	case LSA_TYPE_NSSA:
		snprintf(p, sizeof(p), "%s/%d", ip4_str(l->hdr.id &
		    l->u.external.mask, x, sizeof(x)),
		    mask_len(l->u.external.mask));
		if (j == NULL)
			vty_out(vty, " %s %s [0x%lx]", l->u.external.ebit ?
			    "E2" : "E1", p, (unsigned long)l->u.external.tag);
		else {
			json_add_str(j, "metricType", l->u.external.ebit ?
			    "E2" : "E1");
			json_add_str(j, "route", p);
			json_add_int(j, "tag", l->u.external.tag);
		}
		break;
	default:
		break;
	}
	if (j == NULL)
		vty_out(vty, "\n");
}

/* FRR's show_ip_ospf_database_header(). */
static void
lsa_detail_header(struct vty *vty, const struct ospfd *od,
    const struct lsdb_entry *e, time_t now, json_object *j)
{
	const struct lsa	*l = &e->lsa;
	unsigned		 lflags = l->hdr.adv_rtr == od->rtr_id ?
				    FRR_LSA_SELF : FRR_LSA_RCVD;
	uint8_t			 rf = l->u.router.flags;
	char			 s[16], opt[40], x[16];

	options_str(l->hdr.options, opt, sizeof(opt));
	if (j != NULL) {
		json_add_int(j, "lsaAge", lsdb_age(e, now));
		json_add_str(j, "options", opt);
		json_add_int(j, "lsaFlags", lflags);
		if (l->hdr.type == LSA_TYPE_ROUTER) {
			json_add_int(j, "flags", rf);
			if (rf & LSA_RTR_B)
				json_add_true(j, "abr");
			if (rf & LSA_RTR_E)
				json_add_true(j, "asbr");
			if (rf & LSA_RTR_V)
				json_add_true(j, "vlEndpoint");
		}
		json_add_str(j, "lsaType", TBL(lsa_type_msg, l->hdr.type,
		    "unknown"));
		json_add_ip(j, "linkStateId", l->hdr.id);
		json_add_ip(j, "advertisingRouter", l->hdr.adv_rtr);
		snprintf(x, sizeof(x), "%x", l->hdr.seq);
		json_add_str(j, "lsaSeqNumber", x);
		snprintf(x, sizeof(x), "%x", l->hdr.cksum);
		json_add_str(j, "checksum", x);
		json_add_int(j, "length", l->hdr.len);
		return;
	}
	vty_out(vty, "  LS age: %u\n", lsdb_age(e, now));
	vty_out(vty, "  Options: 0x%-2x : %s\n", l->hdr.options, opt);
	vty_out(vty, "  LS Flags: 0x%-2x %s\n", lflags, "");
	if (l->hdr.type == LSA_TYPE_ROUTER) {
		vty_out(vty, "  Flags: 0x%x", rf);
		if (rf)
			vty_out(vty, " :%s%s%s%s", (rf & LSA_RTR_B) ? " ABR" :
			    "", (rf & LSA_RTR_E) ? " ASBR" : "",
			    (rf & LSA_RTR_V) ? " VL-endpoint" : "", "");
		vty_out(vty, "\n");
	}
	vty_out(vty, "  LS Type: %s\n", TBL(lsa_type_msg, l->hdr.type,
	    "unknown"));
	vty_out(vty, "  Link State ID: %s %s\n", ip4_str(l->hdr.id, s,
	    sizeof(s)), TBL(lsa_id_msg, l->hdr.type, "(unknown)"));
	vty_out(vty, "  Advertising Router: %s\n", ip4_str(l->hdr.adv_rtr, s,
	    sizeof(s)));
	vty_out(vty, "  LS Seq Number: %08lx\n", (unsigned long)l->hdr.seq);
	vty_out(vty, "  Checksum: 0x%04x\n", l->hdr.cksum);
	vty_out(vty, "  Length: %u\n\n", l->hdr.len);
}

static void
lsa_detail_router(struct vty *vty, const struct lsa_router *r,
    json_object *j)
{
	struct buf_reader	 it;
	struct lsa_rtr_link	 k;
	json_object		*links = NULL, *jl;
	char			 s[16], key[16];
	unsigned		 i;

	if (j != NULL) {
		json_add_int(j, "numOfLinks", r->nlinks);
		links = json_object_new_object();
	} else
		vty_out(vty, "   Number of Links: %u\n\n", r->nlinks);
	lsa_rtr_iter(r, &it);
	for (i = 0; i < r->nlinks && lsa_rtr_next(&it, &k); i++) {
		if (j != NULL) {
			snprintf(key, sizeof(key), "link%u", i);
			jl = json_object_new_object();
			json_add_str(jl, "linkType", TBL(link_type_desc,
			    k.type, "(null)"));
			json_add_ip(jl, TBL(link_id_json, k.type, "null"),
			    k.id);
			json_add_ip(jl, TBL(link_data_json, k.type, "null"),
			    k.data);
			json_add_int(jl, "numOfTosMetrics", 0);
			json_add_int(jl, "tos0Metric", k.metric);
			json_object_object_add(links, key, jl);
			continue;
		}
		vty_out(vty, "    Link connected to: %s\n",
		    TBL(link_type_desc, k.type, "(null)"));
		vty_out(vty, "     (Link ID) %s: %s\n", TBL(link_id_desc,
		    k.type, "(null)"), ip4_str(k.id, s, sizeof(s)));
		vty_out(vty, "     (Link Data) %s: %s\n", TBL(link_data_desc,
		    k.type, "(null)"), ip4_str(k.data, s, sizeof(s)));
		vty_out(vty, "      Number of TOS metrics: 0\n");
		vty_out(vty, "       TOS 0 Metric: %u\n", k.metric);
		vty_out(vty, "\n");
	}
	if (j != NULL)
		json_object_object_add(j, "routerLinks", links);
	else
		vty_out(vty, "\n");
}

static void
lsa_detail_network(struct vty *vty, const struct lsa_network *nw,
    json_object *j)
{
	json_object	*rtrs = NULL, *jr;
	char		 s[16];
	size_t		 i;

	if (j != NULL) {
		json_add_int(j, "networkMask", mask_len(nw->mask));
		rtrs = json_object_new_object();
	} else
		vty_out(vty, "  Network Mask: /%d\n", mask_len(nw->mask));
	for (i = 0; i < nw->nrtr; i++) {
		ip4_str(lsa_network_rtr(nw, i), s, sizeof(s));
		if (j != NULL) {
			jr = json_object_new_object();
			json_add_str(jr, "attachedRouterId", s);
			json_object_object_add(rtrs, s, jr);
			continue;
		}
		vty_out(vty, "        Attached Router: %s\n", s);
		vty_out(vty, "\n");
	}
	/* The key's spelling is FRRouting's. */
	if (j != NULL)
		json_object_object_add(j, "attchedRouters", rtrs);
}

static void
lsa_detail_summary(struct vty *vty, const struct lsa_summary *su,
    json_object *j)
{
	if (j != NULL) {
		json_add_int(j, "networkMask", mask_len(su->mask));
		json_add_int(j, "tos0Metric", su->metric);
		return;
	}
	vty_out(vty, "  Network Mask: /%d\n", mask_len(su->mask));
	vty_out(vty, "        TOS: 0  Metric: %u\n", su->metric);
	vty_out(vty, "\n");
}

static void
lsa_detail_external(struct vty *vty, const struct lsa_external *x,
    bool nssa, json_object *j)
{
	char	 s[16];

	ip4_str(x->fwd, s, sizeof(s));
	if (j != NULL) {
		json_add_int(j, "networkMask", mask_len(x->mask));
		json_add_str(j, "metricType", x->ebit ?
		    "E2 (Larger than any link state path)" : "E1");
		json_add_int(j, "tos", 0);
		json_add_int(j, "metric", x->metric);
		json_add_str(j, nssa ? "nssaForwardAddress" : "forwardAddress",
		    s);
		json_add_int(j, "externalRouteTag", x->tag);
		return;
	}
	vty_out(vty, "  Network Mask: /%d\n", mask_len(x->mask));
	vty_out(vty, "        Metric Type: %s\n", x->ebit ?
	    "2 (Larger than any link state path)" : "1");
	vty_out(vty, "        TOS: 0\n");
	vty_out(vty, "        Metric: %u\n", x->metric);
	vty_out(vty, "        %sForward Address: %s\n", nssa ? "NSSA: " : "",
	    s);
	vty_out(vty, "        External Route Tag: %u\n\n", x->tag);
}

/* FRR's show_function[]: one LSA in full. */
static void
lsa_detail(struct vty *vty, const struct ospfd *od,
    const struct lsdb_entry *e, time_t now, json_object *j)
{
	const struct lsa	*l = &e->lsa;

	switch (l->hdr.type) {
	case LSA_TYPE_ROUTER:
		lsa_detail_header(vty, od, e, now, j);
		lsa_detail_router(vty, &l->u.router, j);
		break;
	case LSA_TYPE_NETWORK:
		lsa_detail_header(vty, od, e, now, j);
		lsa_detail_network(vty, &l->u.network, j);
		break;
	case LSA_TYPE_SUM_NET:
	case LSA_TYPE_SUM_ASBR:
		lsa_detail_header(vty, od, e, now, j);
		lsa_detail_summary(vty, &l->u.summary, j);
		break;
	case LSA_TYPE_EXTERNAL:
	case LSA_TYPE_NSSA:
		lsa_detail_header(vty, od, e, now, j);
		lsa_detail_external(vty, &l->u.external,
		    l->hdr.type == LSA_TYPE_NSSA, j);
		break;
	default:
		break;
	}
}

/* What a database listing shows, and where a streamed one stands. */
enum db_mode {
	DB_SUMMARY,		/* database [self-originate] */
	DB_DETAIL,		/* TYPE [A.B.C.D [adv]]: show_lsa_detail() */
	DB_DETAIL_ADV,		/* TYPE <adv-router X|self-originate> */
};

struct db_query {
	enum db_mode	 mode;
	uint8_t		 type;		/* DB_DETAIL* */
	bool		 self;		/* DB_SUMMARY: ours only */
	bool		 has_id, has_adv;
	uint32_t	 id, adv;
};

/* A section: one LS type of one area (area_id) or of the AS. */
struct db_section {
	const struct ospf_area	*area;	/* NULL: AS-scoped */
	const struct lsdb	*db;
	uint8_t			 type;
};

struct db_walk {
	struct db_query	 q;
	bool		 intro;		/* router ID line printed */
	size_t		 step;		/* current section */
	bool		 in_section;
	bool		 have_last;
	struct lsa_key	 last;
};

static bool
db_match(const struct db_query *q, const struct lsdb_entry *e)
{
	const struct lsa_hdr	*h = &e->lsa.hdr;

	if (q->has_id && h->id != q->id)
		return false;
	if (q->has_adv && h->adv_rtr != q->adv)
		return false;
	return true;
}

static size_t
db_count_match(const struct db_query *q, const struct lsdb *db, uint8_t type)
{
	const struct lsdb_entry	*e;
	size_t			 n = 0;

	if (!q->has_id && !q->has_adv)
		return lsdb_count(db, type);
	for (e = lsdb_seek(db, type, 0, 0); e != NULL && e->lsa.hdr.type ==
	    type; e = lsdb_next(db, e))
		if (db_match(q, e))
			n++;
	return n;
}

/*
 * The sections of a listing, from the areas as they are now: a summary
 * shows the types that have LSAs (to show), a detail listing one type in
 * every area, or the AS section for type 5.
 */
static size_t
db_sections(const struct ospfd *od, const struct db_query *q,
    struct db_section *out, size_t max)
{
	struct ospf_area	*v[VTY_AREAS_MAX];
	const struct lsdb	*xdb = as_db(od);
	size_t			 i, k, n = 0, na = areas_sorted(od, v,
				    VTY_AREAS_MAX);

	if (q->mode != DB_SUMMARY) {
		if (q->type == LSA_TYPE_EXTERNAL) {
			if (max > 0) {
				out[0].area = NULL;
				out[0].db = xdb;
				out[0].type = q->type;
				n = 1;
			}
			return n;
		}
		for (i = 0; i < na && n < max; i++) {
			out[n].area = v[i];
			out[n].db = v[i]->db;
			out[n++].type = q->type;
		}
		return n;
	}
	for (i = 0; i < na; i++)
		for (k = 0; k < sizeof(area_types); k++) {
			if (n == max || v[i]->db == NULL ||
			    db_count_match(q, v[i]->db, area_types[k]) == 0)
				continue;
			out[n].area = v[i];
			out[n].db = v[i]->db;
			out[n++].type = area_types[k];
		}
	if (xdb != NULL && n < max && db_count_match(q, xdb,
	    LSA_TYPE_EXTERNAL) > 0) {
		out[n].area = NULL;
		out[n].db = xdb;
		out[n++].type = LSA_TYPE_EXTERNAL;
	}
	return n;
}

/* The first entry of the section after the last one shown. */
static const struct lsdb_entry *
db_next(const struct db_walk *w, const struct db_section *s)
{
	const struct lsdb_entry	*e;
	const struct lsa_key	*k = &w->last;

	if (s->db == NULL)
		return NULL;
	if (!w->have_last)
		e = lsdb_seek(s->db, s->type, w->q.has_id ? w->q.id : 0, 0);
	else if (k->adv != UINT32_MAX)
		e = lsdb_seek(s->db, k->type, k->id, k->adv + 1);
	else if (k->id != UINT32_MAX)
		e = lsdb_seek(s->db, k->type, k->id + 1, 0);
	else
		e = NULL;
	for (; e != NULL && e->lsa.hdr.type == s->type;
	    e = lsdb_next(s->db, e)) {
		if (w->q.has_id && e->lsa.hdr.id > w->q.id)
			return NULL;
		if (db_match(&w->q, e))
			return e;
	}
	return NULL;
}

static void
db_section_title(struct vty *vty, const struct db_query *q,
    const struct db_section *s)
{
	char	 a[16];

	if (s->area != NULL)
		ip4_str(s->area->id, a, sizeof(a));
	if (q->mode == DB_SUMMARY) {
		if (s->area != NULL)
			vty_out(vty, "                %s (Area %s)\n\n",
			    TBL(db_desc, s->type, "unknown"), a);
		else
			vty_out(vty, "                %s\n\n",
			    TBL(db_desc, s->type, "unknown"));
		vty_out(vty, "%s\n", TBL(db_header, s->type, ""));
	} else if (s->area != NULL)
		vty_out(vty, "\n                %s (Area %s)\n\n",
		    TBL(db_desc, s->type, "unknown"), a);
	else
		vty_out(vty, "                %s \n\n",
		    TBL(db_desc, s->type, "unknown"));
}

#define DB_SECTIONS_MAX		(VTY_AREAS_MAX * 5 + 1)

/* One slice of a text listing (see DOC). */
static int
db_slice(struct vty *vty, struct ospfd *od, struct db_walk *w)
{
	struct db_section	 secs[DB_SECTIONS_MAX];
	const struct lsdb_entry	*e;
	size_t			 n = db_sections(od, &w->q, secs,
				    DB_SECTIONS_MAX);
	time_t			 now = ospf_now();
	char			 s[16];

	if (!w->intro) {
		vty_out(vty, "\n       OSPF Router with ID (%s)\n\n",
		    ip4_str(od->rtr_id, s, sizeof(s)));
		w->intro = true;
	}
	while (!vty_out_full(vty)) {
		if (w->step >= n) {
			if (w->q.mode == DB_SUMMARY)
				vty_out(vty, "\n");
			return CMD_SUCCESS;
		}
		if (!w->in_section) {
			db_section_title(vty, &w->q, &secs[w->step]);
			w->in_section = true;
			w->have_last = false;
		}
		if ((e = db_next(w, &secs[w->step])) == NULL) {
			if (w->q.mode == DB_SUMMARY)
				vty_out(vty, "\n");
			w->in_section = false;
			w->step++;
			continue;
		}
		if (w->q.mode == DB_SUMMARY)
			lsa_summary(vty, e, now, NULL);
		else
			lsa_detail(vty, od, e, now, NULL);
		w->last.type = e->lsa.hdr.type;
		w->last.id = e->lsa.hdr.id;
		w->last.adv = e->lsa.hdr.adv_rtr;
		w->have_last = true;
	}
	return CMD_CONTINUE;
}

/* The entries of a section into a JSON array, or keyed by LS ID. */
static void
db_json_section(const struct ospfd *od, const struct db_query *q,
    const struct db_section *s, json_object *arr, json_object *by_id)
{
	struct db_walk		 w;
	const struct lsdb_entry	*e;
	json_object		*jl;
	time_t			 now = ospf_now();
	char			 id[16];

	memset(&w, 0, sizeof(w));
	w.q = *q;
	while ((e = db_next(&w, s)) != NULL) {
		jl = json_object_new_object();
		if (q->mode == DB_SUMMARY)
			lsa_summary(NULL, e, now, jl);
		else
			lsa_detail(NULL, od, e, now, jl);
		if (by_id != NULL)
			json_object_object_add(by_id, ip4_str(e->lsa.hdr.id,
			    id, sizeof(id)), jl);
		else
			json_object_array_add(arr, jl);
		w.last.type = e->lsa.hdr.type;
		w.last.id = e->lsa.hdr.id;
		w.last.adv = e->lsa.hdr.adv_rtr;
		w.have_last = true;
	}
}

/* A summary section: its array, then "<key>Count". */
static void
db_json_counted(const struct ospfd *od, const struct db_query *q,
    const struct db_section *s, json_object *j)
{
	json_object	*arr = json_object_new_array();
	const char	*key = TBL(db_desc_json, s->type, "unknown");
	char		 ck[64];

	db_json_section(od, q, s, arr, NULL);
	json_object_object_add(j, key, arr);
	snprintf(ck, sizeof(ck), "%sCount", key);
	json_add_int(j, ck, (int64_t)json_object_array_length(arr));
}

/* FRRouting's JSON layouts, one per kind of listing. */
static json_object *
db_json(const struct ospfd *od, const struct db_query *q)
{
	struct db_section	 secs[DB_SECTIONS_MAX];
	struct ospf_area	*v[VTY_AREAS_MAX];
	json_object		*j = json_object_new_object(), *jareas, *ja;
	json_object		*jt, *arr;
	size_t			 i, k, n, na;
	char			 a[16];

	json_add_ip(j, "routerId", od->rtr_id);
	n = db_sections(od, q, secs, DB_SECTIONS_MAX);
	if (q->mode == DB_SUMMARY) {
		jareas = json_object_new_object();
		na = areas_sorted(od, v, VTY_AREAS_MAX);
		for (i = 0; i < na; i++) {
			ja = json_object_new_object();
			for (k = 0; k < n; k++) {
				if (secs[k].area != v[i])
					continue;
				db_json_counted(od, q, &secs[k], ja);
			}
			json_object_object_add(jareas, ip4_str(v[i]->id, a,
			    sizeof(a)), ja);
		}
		json_object_object_add(j, "areas", jareas);
		for (k = 0; k < n; k++)
			if (secs[k].area == NULL)
				db_json_counted(od, q, &secs[k], j);
		return j;
	}
	if (q->mode == DB_DETAIL_ADV) {
		/* FRRouting keys this one with the text title. */
		jt = json_object_new_object();
		for (k = 0; k < n; k++) {
			if (secs[k].area == NULL) {
				db_json_section(od, q, &secs[k], NULL, jt);
				continue;
			}
			ja = json_object_new_object();
			db_json_section(od, q, &secs[k], NULL, ja);
			json_object_object_add(jt, ip4_str(secs[k].area->id,
			    a, sizeof(a)), ja);
		}
		json_object_object_add(j, TBL(db_desc, q->type, "unknown"), jt);
		return j;
	}
	if (q->type == LSA_TYPE_EXTERNAL) {
		arr = json_object_new_array();
		for (k = 0; k < n; k++)
			db_json_section(od, q, &secs[k], arr, NULL);
		json_object_object_add(j, TBL(db_desc_json, q->type,
		    "unknown"), arr);
		return j;
	}
	jt = json_object_new_object();
	jareas = json_object_new_object();
	for (k = 0; k < n; k++) {
		arr = json_object_new_array();
		db_json_section(od, q, &secs[k], arr, NULL);
		json_object_object_add(jareas, ip4_str(secs[k].area->id, a,
		    sizeof(a)), arr);
	}
	json_object_object_add(jt, "areas", jareas);
	json_object_object_add(j, TBL(db_desc_json, q->type, "unknown"), jt);
	return j;
}

static uint8_t
db_type(const char *t)
{
	static const struct {
		const char	*name;
		uint8_t		 type;
	} types[] = {
		{ "router", LSA_TYPE_ROUTER },
		{ "network", LSA_TYPE_NETWORK },
		{ "summary", LSA_TYPE_SUM_NET },
		{ "asbr-summary", LSA_TYPE_SUM_ASBR },
		{ "external", LSA_TYPE_EXTERNAL },
		{ "nssa-external", LSA_TYPE_NSSA },
	};
	size_t	 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].type;
	return 0;
}

static int
cmd_show_database(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct cmd_cont		*c = vty_cont(vty);
	struct db_walk		*w = c->state;
	const struct cmd_value	*lsid, *adv;
	const char		*type;
	struct db_query		 q;

	if (w != NULL)
		return db_slice(vty, od, w);
	if (!od->conf.router) {
		vty_out(vty, "%% OSPF is not enabled in vrf default\n");
		return CMD_SUCCESS;
	}
	memset(&q, 0, sizeof(q));
	type = cmd_str(m, "type");
	lsid = cmd_get(m, "lsid");
	adv = cmd_get(m, "adv");
	if (type == NULL) {
		q.mode = DB_SUMMARY;
		if (cmd_has(m, "self-originate")) {
			q.self = q.has_adv = true;
			q.adv = od->rtr_id;
		}
	} else {
		q.type = db_type(type);
		q.mode = lsid != NULL || (adv == NULL &&
		    !cmd_has(m, "self-originate")) ? DB_DETAIL : DB_DETAIL_ADV;
		if (lsid != NULL) {
			q.has_id = true;
			q.id = ntohl(lsid->u.v4.s_addr);
		}
		if (adv != NULL) {
			q.has_adv = true;
			q.adv = ntohl(adv->u.v4.s_addr);
		} else if (cmd_has(m, "self-originate")) {
			q.has_adv = true;
			q.adv = od->rtr_id;
		}
	}
	if (cmd_has(m, "json")) {
		json_out(vty, db_json(od, &q), JSON_C_TO_STRING_SPACED);
		return CMD_SUCCESS;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		vty_out(vty, "%% No memory\n");
		return CMD_WARNING;
	}
	w->q = q;
	c->state = w;
	c->free = free;
	return db_slice(vty, od, w);
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
	    mask_len(r->mask));
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
	/* External routes are not computed (spf.h): an empty table. */
	if (json) {
		json_out(vty, j, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
		return CMD_SUCCESS;
	}
	vty_out(vty, "============ OSPF external routing table "
	    "===========\n");
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

/*
 * DOC: vty_util: what ospfd's show commands (vty.c, vty_db.c) share.
 * Formatting in FRRouting 8.4's ways: dotted quads, prefix lengths, its
 * ospf_timeval_dump() durations, LSA options, JSON members and the JSON
 * layouts it prints unindented. And the model as FRRouting shows it: areas
 * by area ID, interfaces by name, neighbours by router ID or address, the
 * labels, flags and states it gives them, and its answer when there is no
 * "router ospf". Everything reads struct ospfd and changes nothing; the
 * strings go to caller-supplied buffers.
 *
 * AS-scoped LSAs (type 5) are read from the first area, by area ID, that
 * holds any: every area's database is assumed to carry the same copies.
 */
#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <json-c/json.h>

#include "iftree.h"
#include "ifxrl.h"
#include "vty.h"
#include "ospfd.h"
#include "vty_util.h"

#define WEEK_SECS		(7 * 86400)
#define DAY_SECS		86400

/* ---- formatting --------------------------------------------------- */

char *
ip4_str(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
	return buf;
}

/* FRR's ospf_timeval_dump(): 51 usecs, 3.823s, 1m32s, 2h05m07s, 3d04h05m,
 * 1w2d03h. */
char *
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

char *
ms_dump(uint64_t ms, char *buf, size_t len)
{
	return tv_dump(ms / 1000, (ms % 1000) * 1000, buf, len);
}

/* Milliseconds until a deadline, 0 once passed. */
uint64_t
ms_until(uint64_t at, uint64_t now)
{
	return at > now ? at - now : 0;
}

/* FRR's ospf_options_dump(). */
char *
options_str(uint8_t o, char *buf, size_t len)
{
	snprintf(buf, len, "*|%s|%s|%s|%s|%s|%s|%s",
	    (o & OSPF_OPT_O) ? "O" : "-", (o & OSPF_OPT_DC) ? "DC" : "-",
	    (o & OSPF_OPT_EA) ? "EA" : "-", (o & OSPF_OPT_NP) ? "N/P" : "-",
	    (o & OSPF_OPT_MC) ? "MC" : "-", (o & OSPF_OPT_E) ? "E" : "-",
	    (o & OSPF_OPT_MT) ? "M/T" : "-");
	return buf;
}

bool
ev_on(const struct event *ev)
{
	return ev != NULL && event_pending(ev, EV_TIMEOUT, NULL);
}

void
json_add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

void
json_add_int(json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

void
json_add_true(json_object *o, const char *k)
{
	json_object_object_add(o, k, json_object_new_boolean(1));
}

void
json_add_ip(json_object *o, const char *k, uint32_t a)
{
	char	 s[16];

	json_add_str(o, k, ip4_str(a, s, sizeof(s)));
}

/* Some FRRouting JSON is not indented: the database spaced, routes plain. */
void
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
size_t
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
const struct lsdb *
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

enum ospf_area_type
area_kind(const struct ospfd *od, const struct ospf_area *a)
{
	const struct lsdb_entry	*e;

	if (a->id == 0 || a->db == NULL || (e = lsdb_lookup(a->db,
	    LSA_TYPE_ROUTER, od->rtr_id, od->rtr_id)) == NULL)
		return AREA_NORMAL;
	if (e->lsa.hdr.options & OSPF_OPT_NP)
		return AREA_NSSA;
	if (!(e->lsa.hdr.options & OSPF_OPT_E))
		return AREA_STUB;
	return AREA_NORMAL;
}

char *
area_desc(const struct ospfd *od, const struct ospf_area *a, char *buf,
    size_t len)
{
	static const char *const tag[] = {
		[AREA_NORMAL] = "", [AREA_STUB] = " [Stub]",
		[AREA_NSSA] = " [NSSA]",
	};
	char	 s[16];

	if (a == NULL)
		snprintf(buf, len, "(incomplete)");
	else
		snprintf(buf, len, "%s%s", ip4_str(a->id, s, sizeof(s)),
		    tag[area_kind(od, a)]);
	return buf;
}

bool
area_nssa_translator(const struct ospfd *od, const struct ospf_area *a)
{
	(void)od;
	return a->translator;
}

static bool
oif_ptp(const struct ospf_if *oif)
{
	return oif->net == ISM_NET_PTP;
}

/* FRR's IF_NAME(): "eth0:10.0.12.1". */
char *
oif_label(const struct ospf_if *oif, char *buf, size_t len)
{
	char	 a[16];

	snprintf(buf, len, "%s:%s", oif->name, ip4_str(oif->addr, a,
	    sizeof(a)));
	return buf;
}

/* FRR's ospf_nbr_ism_state_message(): "Full/DR", "Full/-" on p2p. */
char *
nbr_state_str(const struct ospf_nbr *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", nsm_state_name(n->nsm.state),
	    oif_ptp(n->oif) ? "-" : nbr_role(n));
	return buf;
}

/* FRR's ospf_nbr_ism_state(): what "role" says, DROther on p2p too. */
const char *
nbr_role_json(const struct ospf_nbr *n)
{
	return oif_ptp(n->oif) ? "DROther" : nbr_role(n);
}

uint64_t
nbr_up_ms(const struct ospf_nbr *n, uint64_t now)
{
	uint64_t	 since = (uint64_t)n->since * 1000;

	return now > since ? now - since : 0;
}

size_t
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
struct ospf_nbr **
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
struct ospf_if **
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

const struct ift_if *
mirror_if(const struct ospfd *od, const char *name)
{
	const struct iftree	*t;

	if (od->mirror == NULL || (t = ifmirror_tree(od->mirror)) == NULL)
		return NULL;
	return iftree_find(t, name);
}

/* FRR's if_flag_dump(), from the mirror or else from what ospfd knows. */
char *
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

const char *
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

struct ospf_nbr *
oif_nbr_by_addr(const struct ospf_if *oif, uint32_t addr)
{
	struct ospf_nbr	*n;

	TAILQ_FOREACH(n, &oif->nbrs, entry)
		if (n->addr == addr)
			return n;
	return NULL;
}

unsigned
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
bool
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

/*
 * DOC: vty_db: "show ip ospf database", printed as FRRouting 8.4's ospfd
 * prints it, text and JSON (vty.c installs the commands).
 *
 *   show ip ospf database [self-originate] [json]
 *   show ip ospf database TYPE [A.B.C.D [<self-originate|adv-router A.B.C.D>]]
 *       [json]
 *   show ip ospf database TYPE <self-originate|adv-router A.B.C.D> [json]
 *
 * The command becomes a query (struct db_query); a listing is a list of
 * sections, one LS type of one area or of the AS, each walked in LSDB
 * order and printed as a summary line per LSA or in full. Ages come from
 * lsdb_age() at ospf_now(); nothing is changed.
 *
 * The LSDB listings stream: each slice prints whole LSAs until the
 * session's output is full and remembers the key of the last one, so a
 * large database neither buffers in memory nor holds the event loop, and
 * an LSDB that changes between slices is read where it is then. JSON is
 * built whole, as json-c needs it.
 *
 * AS-scoped LSAs (type 5) are read from as_db() (vty_util.c): the first
 * area, by area ID, that holds any.
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "vty.h"
#include "ospfd.h"
#include "vty_util.h"

#define FRR_LSA_SELF		0x03	/* SELF|SELF_CHECKED */
#define FRR_LSA_SELF_APPROVED	0x0b	/* and APPROVED: types 3, 4, 5, 7 */
#define FRR_LSA_RCVD		0x06	/* SELF_CHECKED|RECEIVED */

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
	[LSA_TYPE_NSSA] = "(External Network Number for NSSA)",
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
		    ospf_mask_plen(l->u.summary.mask));
		if (j == NULL)
			vty_out(vty, " %s", p);
		else
			json_add_str(j, "summaryAddress", p);
		break;
	case LSA_TYPE_EXTERNAL:
	case LSA_TYPE_NSSA:
		snprintf(p, sizeof(p), "%s/%d", ip4_str(l->hdr.id &
		    l->u.external.mask, x, sizeof(x)),
		    ospf_mask_plen(l->u.external.mask));
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
	unsigned		 lflags = FRR_LSA_RCVD;
	uint8_t			 rf = l->u.router.flags;
	char			 s[16], opt[40], x[16];

	/* FRRouting approves the summaries and externals it originates. */
	if (l->hdr.adv_rtr == od->rtr_id)
		lflags = l->hdr.type == LSA_TYPE_ROUTER ||
		    l->hdr.type == LSA_TYPE_NETWORK ? FRR_LSA_SELF :
		    FRR_LSA_SELF_APPROVED;
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
		json_add_int(j, "networkMask", ospf_mask_plen(nw->mask));
		rtrs = json_object_new_object();
	} else
		vty_out(vty, "  Network Mask: /%d\n", ospf_mask_plen(nw->mask));
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
		json_add_int(j, "networkMask", ospf_mask_plen(su->mask));
		json_add_int(j, "tos0Metric", su->metric);
		return;
	}
	vty_out(vty, "  Network Mask: /%d\n", ospf_mask_plen(su->mask));
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
		json_add_int(j, "networkMask", ospf_mask_plen(x->mask));
		json_add_str(j, "metricType", x->ebit ?
		    "E2 (Larger than any link state path)" : "E1");
		json_add_int(j, "tos", 0);
		json_add_int(j, "metric", x->metric);
		json_add_str(j, nssa ? "nssaForwardAddress" : "forwardAddress",
		    s);
		json_add_int(j, "externalRouteTag", x->tag);
		return;
	}
	vty_out(vty, "  Network Mask: /%d\n", ospf_mask_plen(x->mask));
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
db_section_title(struct vty *vty, const struct ospfd *od,
    const struct db_query *q, const struct db_section *s)
{
	char	 a[32];

	if (s->area != NULL)
		area_desc(od, s->area, a, sizeof(a));
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
			db_section_title(vty, od, &w->q, &secs[w->step]);
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

int
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

/*
 * ospfd's VTY (daemons/ospfd/conf.c and vty.c) against a struct ospfd
 * built by hand, the lab of the spec's FRRouting 8.4 captures:
 *
 *   us 10.255.0.1, area 0.0.0.0, eth-b 10.0.12.1/24 ifindex 4, DR
 *   neighbour 10.255.0.2 at 10.0.12.2, Full, Backup, an ASBR
 *   LSDB: two router-LSAs, the network-LSA of 10.0.12.1, one external
 *   last SPF: 10.0.12.0/24 direct, 10.2.2.0/24 via 10.0.12.2, router
 *   10.255.0.2 (ASBR) via 10.0.12.2
 *
 * Commands run through vty_execute() and the output is compared with
 * FRRouting's layout byte for byte; what depends on the clock (3.823s)
 * keeps its width and has its digits replaced by '#'. The daemon's
 * functions vty.c and conf.c call are stubbed here and count their calls.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "iftree.h"
#include "ifxrl.h"
#include "log.h"
#include "vty.h"
#include "ospfd.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			    (uint32_t)(c) << 8 | (uint32_t)(d))
#define R1		IP(10, 255, 0, 1)
#define R2		IP(10, 255, 0, 2)
#define IF1		IP(10, 0, 12, 1)
#define IF2		IP(10, 0, 12, 2)
#define M24		IP(255, 255, 255, 0)
#define M32		0xffffffffU

/* ---- stubs for the daemon's other files --------------------------- */

static unsigned	 n_reconfigure, n_rtr_id;

void
iface_reconfigure(struct ospfd *od)
{
	n_reconfigure++;
}

void
ospf_rtr_id_update(struct ospfd *od)
{
	n_rtr_id++;
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

const char *
nbr_role(const struct ospf_nbr *n)
{
	if (n->addr == n->oif->ism.dr)
		return "DR";
	if (n->addr == n->oif->ism.bdr)
		return "Backup";
	return "DROther";
}

const struct iftree *
ifmirror_tree(const struct ifmirror *m)
{
	return NULL;
}

static unsigned	 n_drop, n_redist;

void
redist_apply(struct ospfd *od)
{
	n_redist++;
}

void
spf_schedule(struct ospfd *od)
{
}

bool
flood_lsa(struct ospf_area *a, const struct lsdb_entry *e,
    struct ospf_nbr *from)
{
	return false;
}

const char *
redist_src_name(unsigned s)
{
	static const char *const names[] = { "connected", "static",
	    "kernel" };

	return s < 3 ? names[s] : "unknown";
}

void
io_drop(struct ospf_if *oif, enum ospf_drop why, uint32_t src,
    const char *fmt, ...)
{
	n_drop++;
}

struct ospf_nbr *
nbr_find(const struct ospf_if *oif, uint32_t rtr_id)
{
	return NULL;
}

struct ospf_nbr *
nbr_find_addr(const struct ospf_if *oif, uint32_t addr)
{
	return NULL;
}

static unsigned	 n_rtr_lsa;
static bool	 asbr;

bool
redist_asbr(const struct ospfd *od)
{
	return asbr;
}

void
origin_rtr_lsa(struct ospf_area *a)
{
	n_rtr_lsa++;
}

/* ---- the fake daemon ---------------------------------------------- */

struct h {
	struct event_base	*base;
	struct ospfd		 od;
	struct ospf_area	 area;
	struct ospf_if		 oif;
	struct ospf_nbr		 nbr;
	struct buf		 out;
	uint16_t		 cksum[4];	/* R1, R2, network, AS-ext */
};

static struct lsa_hdr
hdr_make(uint8_t type, uint32_t id, uint32_t adv, uint16_t age, uint32_t seq)
{
	struct lsa_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.age = age;
	h.options = OSPF_OPT_E;
	h.type = type;
	h.id = id;
	h.adv_rtr = adv;
	h.seq = seq;
	return h;
}

/* Installed an hour ahead: the ages shown stay those given. */
static uint16_t
install(struct lsdb *db, struct buf *b, size_t start)
{
	struct lsa_hdr	 h;

	assert_true(lsa_finish(b, start));
	assert_int_equal(lsdb_install(db, b->data, b->len, ospf_now() + 3600),
	    LSDB_NEW);
	assert_int_equal(lsa_hdr_parse(b->data, b->len, &h), OSPF_OK);
	buf_reset(b);
	return h.cksum;
}

static void
h_lsdb(struct h *h)
{
	struct buf		 b = BUF_INIT;
	struct lsa_hdr		 hd;
	struct lsa_rtr_link	 l;
	struct lsa_external	 x = { .mask = M24, .ebit = true,
				    .metric = 10000 };
	uint32_t		 rtrs[2] = { R1, R2 };
	size_t			 start;

	hd = hdr_make(LSA_TYPE_ROUTER, R1, R1, 13, 0x80000005);
	start = lsa_begin(&b, &hd);
	lsa_router_put(&b, LSA_RTR_E, 2);
	l = (struct lsa_rtr_link){ .id = IF1, .data = IF1,
	    .type = LSA_LINK_TRANSIT, .metric = 10 };
	lsa_rtr_link_put(&b, &l);
	l = (struct lsa_rtr_link){ .id = R1, .data = M32,
	    .type = LSA_LINK_STUB, .metric = 10 };
	lsa_rtr_link_put(&b, &l);
	h->cksum[0] = install(h->area.db, &b, start);

	hd = hdr_make(LSA_TYPE_ROUTER, R2, R2, 12, 0x80000002);
	start = lsa_begin(&b, &hd);
	lsa_router_put(&b, LSA_RTR_E, 1);
	l = (struct lsa_rtr_link){ .id = IF1, .data = IF2,
	    .type = LSA_LINK_TRANSIT, .metric = 10 };
	lsa_rtr_link_put(&b, &l);
	h->cksum[1] = install(h->area.db, &b, start);

	hd = hdr_make(LSA_TYPE_NETWORK, IF1, R1, 13, 0x80000001);
	start = lsa_begin(&b, &hd);
	lsa_network_put(&b, M24, rtrs, 2);
	h->cksum[2] = install(h->area.db, &b, start);

	hd = hdr_make(LSA_TYPE_EXTERNAL, IP(10, 2, 99, 0), R2, 17, 0x80000001);
	start = lsa_begin(&b, &hd);
	lsa_external_put(&b, &x);
	h->cksum[3] = install(h->area.db, &b, start);
	buf_free(&b);
}

static void
h_route(struct h *h, uint32_t addr, uint32_t mask, uint32_t cost,
    uint8_t dest, uint8_t flags, uint32_t gw)
{
	struct spf_route	*r = &h->od.spf.routes[h->od.spf.nroute++];

	memset(r, 0, sizeof(*r));
	r->addr = addr;
	r->mask = mask;
	r->cost = cost;
	r->dest = dest;
	r->path = SPF_PATH_INTRA;
	r->rtr_flags = flags;
	r->nnh = 1;
	r->nh[0].ifaddr = IF1;
	r->nh[0].gateway = gw;
}

static void
h_init(struct h *h, bool lab)
{
	struct vty_server_opts	 o;
	uint64_t		 now = ospf_now_ms();

	memset(h, 0, sizeof(*h));
	conf_init(&h->od.conf);
	TAILQ_INIT(&h->od.areas);
	TAILQ_INIT(&h->od.ifs);
	spf_result_init(&h->od.spf);
	assert_non_null(h->base = event_base_new());
	memset(&o, 0, sizeof(o));
	o.daemon = "ospfd";
	o.tag = "OSPF";
	o.version = "test";
	assert_non_null(h->od.vs = vty_server_new(h->base, &o, &h->od));
	assert_int_equal(conf_vty_install(&h->od), 0);
	assert_int_equal(ospfd_vty_install(&h->od), 0);
	n_reconfigure = n_rtr_id = 0;
	if (!lab)
		return;
	h->od.conf.router = true;
	h->od.rtr_id = R1;

	h->area.od = &h->od;
	h->area.id = 0;
	h->area.nif = 1;
	h->area.spf_runs = 5;
	assert_non_null(h->area.db = lsdb_new());
	TAILQ_INSERT_TAIL(&h->od.areas, &h->area, entry);
	h_lsdb(h);

	h->oif.od = &h->od;
	h->oif.area = &h->area;
	snprintf(h->oif.name, sizeof(h->oif.name), "eth-b");
	h->oif.ifindex = 4;
	h->oif.addr = IF1;
	h->oif.plen = 24;
	h->oif.mask = M24;
	h->oif.mtu = 1500;
	h->oif.up = true;
	h->oif.cost = 10;
	h->oif.hello = 1;
	h->oif.dead = 4;
	h->oif.rxmt = 5;
	h->oif.transdelay = 1;
	h->oif.prio = 100;
	h->oif.net = ISM_NET_BROADCAST;
	h->oif.ism.state = ISM_STA_DR;
	h->oif.ism.dr = IF1;
	h->oif.ism.dr_id = R1;
	h->oif.ism.bdr = IF2;
	h->oif.ism.bdr_id = R2;
	h->oif.hello_due_ms = now + 718;
	h->oif.cnt.rx[OSPF_PKT_HELLO] = 120;
	h->oif.cnt.tx[OSPF_PKT_HELLO] = 121;
	h->oif.cnt.rx[OSPF_PKT_DD] = 3;
	h->oif.cnt.tx[OSPF_PKT_DD] = 4;
	h->oif.cnt.rx[OSPF_PKT_LSU] = 7;
	h->oif.cnt.tx[OSPF_PKT_LSACK] = 6;
	TAILQ_INIT(&h->oif.nbrs);
	TAILQ_INSERT_TAIL(&h->od.ifs, &h->oif, entry);

	h->nbr.oif = &h->oif;
	h->nbr.rtr_id = R2;
	h->nbr.addr = IF2;
	h->nbr.prio = 1;
	h->nbr.options = OSPF_OPT_E;
	h->nbr.dr = IF1;
	h->nbr.bdr = IF2;
	h->nbr.nsm.state = NSM_STA_FULL;
	h->nbr.since = ospf_now() - 13;
	h->nbr.state_changes = 6;
	h->nbr.dead_at_ms = now + 3823;
	TAILQ_INSERT_TAIL(&h->oif.nbrs, &h->nbr, entry);
	h->oif.nnbr = 1;

	h->od.spf_runs = 5;
	h->od.spf_last_ms = now - 6148;
	h->od.spf_last_us = 51;
	h->od.spf.cap = 8;
	assert_non_null(h->od.spf.routes = calloc(8, sizeof(struct spf_route)));
	h_route(h, IP(10, 0, 12, 0), M24, 10, SPF_DEST_NETWORK, 0, 0);
	h_route(h, IP(10, 2, 2, 0), M24, 20, SPF_DEST_NETWORK, 0, IF2);
	h_route(h, IP(10, 3, 3, 0), M24, 30, SPF_DEST_NETWORK, 0, IF2);
	h_route(h, R2, M32, 10, SPF_DEST_ROUTER, LSA_RTR_E, IF2);
}

static void
h_fini(struct h *h)
{
	vty_server_free(h->od.vs);
	conf_fini(&h->od.conf);
	if (h->area.db != NULL)
		lsdb_del(h->area.db);
	spf_result_free(&h->od.spf);
	event_base_free(h->base);
	buf_free(&h->out);
	buf_free(&h->od.sigbuf);
}

/* Clock-made times keep their width, digits read '#': 3.823s, 1m05s. */
static void
mask_times(char *s)
{
	char	*p, *q;

	for (p = s; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) || (p > s &&
		    (isalnum((unsigned char)p[-1]) || p[-1] == '.')))
			continue;
		for (q = p; isdigit((unsigned char)*q); q++)
			;
		if (*q == '.' && isdigit((unsigned char)q[1]) &&
		    isdigit((unsigned char)q[2]) &&
		    isdigit((unsigned char)q[3]) && q[4] == 's') {
			for (; p < q + 4; p++)
				if (*p != '.')
					*p = '#';
		} else if (*q == 'm' && isdigit((unsigned char)q[1]) &&
		    isdigit((unsigned char)q[2]) && q[3] == 's') {
			for (; p < q + 3; p++)
				if (*p != 'm')
					*p = '#';
		}
	}
}

/* Lines from ENABLE; the output, valid until the next call. */
static char *
run(struct h *h, const char *lines)
{
	char	*s;

	buf_reset(&h->out);
	vty_execute(h->od.vs, lines, &h->out);
	s = buf_cstr(&h->out);
	mask_times(s);
	return s;
}

/* The same, in a copy to free(). */
static char *
run_dup(struct h *h, const char *lines)
{
	char	*s;

	assert_non_null(s = strdup(run(h, lines)));
	return s;
}

/* Lines in CONFIG mode; what they print. */
static char *
config(struct h *h, const char *lines)
{
	char	 cmd[4096];

	snprintf(cmd, sizeof(cmd), "configure terminal\n%s\nend", lines);
	return run(h, cmd);
}

/* The running configuration after the globals. */
static const char *
rc_body(struct h *h)
{
	const char	*s = run(h, "show running-config"), *p;

	assert_non_null(p = strstr(s, "Current configuration:\n!\n"));
	return p + strlen("Current configuration:\n!\n");
}

/* ---- configuration ------------------------------------------------ */

static void
test_running_config(void **state)
{
	struct h	 h, h2;
	char		 path[] = "/tmp/test_ospfd_vty.XXXXXX", err[256];
	char		*copy;
	const char	*want =
	    "interface eth2\n"
	    " ip ospf network point-to-point\n"
	    " ip ospf hello-interval 2\n"
	    " ip ospf dead-interval 8\n"
	    "exit\n!\n"
	    "interface eth10\n"
	    " description uplink to r2\n"
	    " ip ospf cost 5\n"
	    " ip ospf priority 100\n"
	    " ip ospf retransmit-interval 6\n"
	    " ip ospf transmit-delay 2\n"
	    " ip ospf mtu-ignore\n"
	    " ip ospf passive\n"
	    "exit\n!\n"
	    "interface lo\n"
	    " no ip ospf passive\n"
	    "exit\n!\n"
	    "router ospf\n"
	    " ospf router-id 10.255.0.1\n"
	    " log-adjacency-changes detail\n"
	    "! Important: ensure reference bandwidth is consistent across "
	    "all routers\n"
	    " auto-cost reference-bandwidth 1000\n"
	    " timers throttle spf 10 100 1000\n"
	    " passive-interface default\n"
	    " network 10.0.12.0/24 area 0\n"
	    " network 10.0.12.0/30 area 0.0.0.1\n"
	    " network 10.255.0.1/32 area 0.0.0.0\n"
	    "\nexit\n!\n"
	    "end\n";
	int		 fd;

	h_init(&h, false);
	assert_string_equal(config(&h,
	    "interface eth10\n description uplink to r2\n ip ospf cost 5\n"
	    " ip ospf priority 100\n ip ospf retransmit-interval 6\n"
	    " ip ospf transmit-delay 2\n ip ospf mtu-ignore\n"
	    " ip ospf passive\n"
	    "interface eth2\n ip ospf network point-to-point\n"
	    " ip ospf hello-interval 2\n ip ospf dead-interval 8\n"
	    "interface empty0\n"
	    "interface lo\n no ip ospf passive\n"
	    "router ospf\n ospf router-id 10.255.0.1\n"
	    " log-adjacency-changes detail\n"
	    " auto-cost reference-bandwidth 1000\n"
	    " timers throttle spf 10 100 1000\n"
	    " passive-interface default\n"
	    " network 10.255.0.1/32 area 0.0.0.0\n"
	    " network 10.0.12.7/24 area 0\n"
	    " network 10.0.12.0/30 area 0.0.0.1\n"), "");
	assert_true(n_reconfigure > 0);
	assert_int_equal(n_rtr_id, 1);
	assert_string_equal(rc_body(&h), want);

	/* Defaults given explicitly print nothing. */
	config(&h, "interface empty0\n ip ospf hello-interval 10\n"
	    " ip ospf priority 1\n ip ospf retransmit-interval 5\n"
	    " ip ospf transmit-delay 1\n");
	assert_string_equal(rc_body(&h), want);

	/* It loads back into a fresh ospfd, in -n mode: same output. */
	assert_non_null(copy = strdup(run(&h, "show running-config")));
	assert_int_not_equal(fd = mkstemp(path), -1);
	assert_int_equal(write(fd, strstr(copy, "!\n"),
	    strlen(strstr(copy, "!\n"))), (ssize_t)strlen(strstr(copy,
	    "!\n")));
	close(fd);
	h_init(&h2, false);
	h2.od.check = true;
	if (vty_server_load(h2.od.vs, path, err, sizeof(err)) != 0)
		fail_msg("load: %s", err);
	assert_int_equal(n_reconfigure, 0);
	assert_int_equal(n_rtr_id, 0);
	assert_string_equal(run(&h2, "show running-config"), copy);
	unlink(path);
	free(copy);

	/* "no router ospf" keeps the interface stanzas. */
	config(&h, "no router ospf");
	assert_string_equal(rc_body(&h), "interface eth2\n"
	    " ip ospf network point-to-point\n"
	    " ip ospf hello-interval 2\n ip ospf dead-interval 8\nexit\n!\n"
	    "interface eth10\n description uplink to r2\n ip ospf cost 5\n"
	    " ip ospf priority 100\n ip ospf retransmit-interval 6\n"
	    " ip ospf transmit-delay 2\n ip ospf mtu-ignore\n"
	    " ip ospf passive\nexit\n!\n"
	    "interface lo\n no ip ospf passive\nexit\n!\nend\n");
	assert_int_equal(h.od.conf.rtr_id_conf, 0);
	assert_true(TAILQ_EMPTY(&h.od.conf.nets));
	assert_int_equal(h.od.conf.ref_bw, OSPF_DEF_REF_BW);

	/* Every "no" form takes its value back. */
	config(&h, "interface eth10\n no description\n no ip ospf cost 5\n"
	    " no ip ospf priority\n no ip ospf retransmit-interval\n"
	    " no ip ospf transmit-delay 2\n no ip ospf mtu-ignore\n"
	    "interface eth2\n no ip ospf network\n"
	    " no ip ospf hello-interval\n no ip ospf dead-interval 8\n");
	assert_string_equal(rc_body(&h), "interface eth10\n"
	    " ip ospf passive\nexit\n!\n"
	    "interface lo\n no ip ospf passive\nexit\n!\nend\n");
	h_fini(&h2);
	h_fini(&h);
}

/* An ospfd.conf as FRRouting 8.4 writes it loads, and prints back. */
static void
test_frr_conf(void **state)
{
	struct h		 h;
	char			 path[] = "/tmp/test_ospfd_vty.XXXXXX";
	char			 err[256];
	const struct ospf_ifconf *c;
	uint32_t		 area;
	FILE			*f;
	int			 fd;

	assert_int_not_equal(fd = mkstemp(path), -1);
	assert_non_null(f = fdopen(fd, "w"));
	fprintf(f, "!\n! Zebra configuration saved from vty\n"
	    "!   2024/05/02 10:11:12\n!\nfrr version 8.4.4\n"
	    "frr defaults traditional\n!\nhostname frr1\n"
	    "!\n"
	    "interface eth-b\n ip ospf hello-interval 1\n"
	    " ip ospf dead-interval 4\n ip ospf priority 100\nexit\n!\n"
	    "interface stub0\n ip ospf passive\nexit\n!\n"
	    "router ospf\n ospf router-id 10.255.0.1\n"
	    " log-adjacency-changes\n passive-interface eth-c\n"
	    " network 10.0.12.0/24 area 0\n network 10.255.0.1/32 area 0\n"
	    " network 10.0.0.0/8 area 1\n"
	    "exit\n!\nline vty\n!\nend\n");
	fclose(f);
	h_init(&h, false);
	if (vty_server_load(h.od.vs, path, err, sizeof(err)) != 0)
		fail_msg("load: %s", err);
	unlink(path);
	assert_non_null(c = conf_if(&h.od.conf, "eth-b"));
	assert_int_equal(c->hello, 1);
	assert_int_equal(c->dead, 4);
	assert_int_equal(c->prio, 100);
	assert_int_equal(c->cost, -1);
	assert_true(conf_passive(&h.od.conf, "stub0"));
	assert_true(conf_passive(&h.od.conf, "eth-c"));
	assert_false(conf_passive(&h.od.conf, "eth-b"));
	assert_null(conf_if(&h.od.conf, "eth-x"));
	/* The longest network statement holding the address decides. */
	assert_true(conf_net_match(&h.od.conf, IF1, 24, &area));
	assert_int_equal(area, 0);
	assert_true(conf_net_match(&h.od.conf, IP(10, 0, 13, 1), 24, &area));
	assert_int_equal(area, 1);
	assert_false(conf_net_match(&h.od.conf, IP(192, 0, 2, 1), 24, &area));
	assert_string_equal(rc_body(&h), "hostname frr1\n!\n"
	    "interface eth-b\n ip ospf hello-interval 1\n"
	    " ip ospf dead-interval 4\n ip ospf priority 100\nexit\n!\n"
	    "interface eth-c\n ip ospf passive\nexit\n!\n"
	    "interface stub0\n ip ospf passive\nexit\n!\n"
	    "router ospf\n ospf router-id 10.255.0.1\n"
	    " log-adjacency-changes\n"
	    " network 10.0.0.0/8 area 1\n"
	    " network 10.0.12.0/24 area 0\n network 10.255.0.1/32 area 0\n"
	    "\nexit\n!\nend\n");
	h_fini(&h);
}

/* "area X ..." and default-information: accepted, written back in
 * FRRouting's order and form, removed again. */
static void
test_area_config(void **state)
{
	struct h	 h;
	const char	*rc;

	h_init(&h, false);
	assert_string_equal(config(&h, "router ospf\n"
	    " network 10.0.12.0/24 area 0\n"
	    " area 0.0.0.2 nssa no-summary\n"
	    " area 1 stub no-summary\n"
	    " area 1 range 10.1.0.0/16\n"
	    " area 1 range 10.2.0.0/16 not-advertise\n"
	    " area 1 range 10.3.0.0/16 cost 77\n"
	    " area 1 default-cost 5\n"
	    " area 0.0.0.3 authentication message-digest\n"
	    " area 0.0.0.4 nssa no-summary translate-always\n"
	    " area 0.0.0.5 virtual-link 10.0.0.5 hello-interval 2\n"
	    " default-information originate always metric 7 metric-type 1\n"
	    " redistribute connected"), "");
	assert_int_equal(area_conf(&h.od.conf, 4)->nssa_xlate,
	    NSSA_XLATE_ALWAYS);
	assert_int_equal(area_conf_type(&h.od.conf, 1), AREA_STUB);
	assert_int_equal(area_conf_type(&h.od.conf, 2), AREA_NSSA);
	assert_int_equal(area_conf_type(&h.od.conf, 3), AREA_NORMAL);
	rc = rc_body(&h);
	assert_non_null(strstr(rc, "router ospf\n"
	    " redistribute connected\n"
	    " network 10.0.12.0/24 area 0\n"
	    " area 1 range 10.1.0.0/16\n"
	    " area 1 range 10.2.0.0/16 not-advertise\n"
	    " area 1 range 10.3.0.0/16 cost 77\n"
	    " area 1 stub no-summary\n"
	    " area 1 default-cost 5\n"
	    " area 0.0.0.2 nssa no-summary\n"
	    " area 0.0.0.3 authentication message-digest\n"
	    " area 0.0.0.4 nssa translate-always no-summary\n"
	    " area 0.0.0.5 virtual-link 10.0.0.5 hello-interval 2\n"
	    " default-information originate always metric 7 metric-type 1\n"
	    "\nexit\n"));
	/* A transit area stays normal; no virtual link over the backbone. */
	assert_string_equal(config(&h, "router ospf\n area 0.0.0.5 stub"),
	    "% Area cannot be stub as it contains a virtual link\n");
	assert_string_equal(config(&h, "router ospf\n"
	    " area 0 virtual-link 10.0.0.9"),
	    "Configuring VLs over the backbone is not allowed\n");
	/* The backbone is never stub nor NSSA. */
	assert_string_equal(config(&h, "router ospf\n area 0 stub"),
	    "% You can't configure stub to backbone\n");
	assert_string_equal(config(&h, "router ospf\n area 0.0.0.0 nssa"),
	    "% You can't configure NSSA to backbone\n");
	/* "no ... no-summary" drops that alone; the rest goes item by item. */
	config(&h, "router ospf\n no area 1 stub no-summary");
	assert_int_equal(area_conf_type(&h.od.conf, 1), AREA_STUB);
	assert_false(area_conf(&h.od.conf, 1)->no_summary);
	assert_string_equal(config(&h, "router ospf\n no area 1 stub\n"
	    " no area 1 range 10.1.0.0/16\n no area 1 range 10.2.0.0/16\n"
	    " no area 1 range 10.3.0.0/16\n no area 1 default-cost\n"
	    " no area 0.0.0.2 nssa\n no area 0.0.0.3 authentication\n"
	    " no area 0.0.0.4 nssa\n no area 0.0.0.5 virtual-link 10.0.0.5\n"
	    " no default-information originate"), "");
	assert_null(area_conf(&h.od.conf, 1));
	assert_null(area_conf(&h.od.conf, 2));
	assert_null(area_conf(&h.od.conf, 3));
	assert_null(area_conf(&h.od.conf, 4));
	assert_null(area_conf(&h.od.conf, 5));
	assert_false(h.od.conf.definfo.on);
	rc = rc_body(&h);
	assert_null(strstr(rc, "\n area "));
	assert_null(strstr(rc, "default-information"));
	h_fini(&h);
}

static void
test_config_errors(void **state)
{
	struct h	 h;

	h_init(&h, false);
	assert_string_equal(config(&h, "router ospf\n"
	    " network 10.0.12.0/24 area 0\n network 10.0.12.0/24 area 1"),
	    "There is already same network statement.\n");
	assert_string_equal(config(&h, "router ospf\n"
	    " no network 10.0.12.0/24 area 1"),
	    "Can't find specified network area configuration.\n");
	assert_string_equal(config(&h, "router ospf\n"
	    " no network 10.0.12.0/24 area 0.0.0.0"), "");
	assert_string_equal(config(&h, "router ospf\n"
	    " ospf router-id 1.1.1.1\n no ospf router-id 2.2.2.2"),
	    "% OSPF router-id doesn't match\n");
	assert_string_equal(config(&h, "router ospf\n"
	    " passive-interface eth0"),
	    "This command is deprecated, because it is not VRF-aware.\n"
	    "Please, use \"ip ospf passive\" on an interface instead.\n");
	assert_string_equal(config(&h, "router ospf\n"
	    " auto-cost reference-bandwidth 1000\n"
	    " no auto-cost reference-bandwidth"),
	    "% OSPF: Reference bandwidth is changed.\n"
	    "        Please ensure reference bandwidth is consistent across "
	    "all routers\n");
	assert_string_equal(config(&h, "interface eth0\n"
	    " ip ospf network non-broadcast"),
	    "% OSPF network type non-broadcast is not supported\n");
	assert_string_equal(config(&h, "interface eth0123456789abcdef"),
	    "% Configuration failed.\n\nError type: validation\n"
	    "Error description: Maximum interface name length is 15 "
	    "characters\n");
	/* log-adjacency-changes as FRRouting: "no ... detail" keeps it on. */
	config(&h, "router ospf\n log-adjacency-changes detail\n"
	    " no log-adjacency-changes detail");
	assert_true(h.od.conf.log_adj);
	assert_false(h.od.conf.log_adj_detail);
	config(&h, "router ospf\n no log-adjacency-changes");
	assert_false(h.od.conf.log_adj);
	h_fini(&h);
}

/* ---- authentication (auth.c) ------------------------------------- */

/* A Hello signed as eth-b would send it, copied out of od->sigbuf. */
static size_t
auth_hello(struct h *h, uint8_t *out, size_t max)
{
	struct ospf_hdr	 hd;
	struct ospf_hello hello;
	struct buf	 b = BUF_INIT;
	const uint8_t	*sig;
	size_t		 start, len;

	memset(&hd, 0, sizeof(hd));
	hd.version = OSPF_VERSION;
	hd.type = OSPF_PKT_HELLO;
	hd.rtr_id = 0x0aff0002;
	auth_hdr(&h->oif, &hd);
	memset(&hello, 0, sizeof(hello));
	hello.mask = 0xffffff00;
	hello.hello_interval = 10;
	hello.dead_interval = 40;
	start = ospf_pkt_begin(&b, &hd);
	ospf_hello_put(&b, &hello);
	assert_true(ospf_pkt_finish(&b, start));
	assert_non_null(sig = auth_sign(&h->oif, b.data, b.len, &len));
	assert_true(len <= max);
	memcpy(out, sig, len);
	buf_free(&b);
	return len;
}

static bool
auth_ok(struct h *h, const uint8_t *p, size_t len)
{
	struct ospf_pkt	 pkt;

	if (ospf_pkt_parse(p, len, &pkt) != OSPF_OK)
		return false;
	return auth_check(&h->oif, p, len, &pkt, 0x0a000c02);
}

static void
test_auth(void **state)
{
	struct h	 h;
	uint8_t		 p[256];
	size_t		 len;
	unsigned	 drops;

	h_init(&h, true);
	/* Null by default: nothing appended, accepted. */
	len = auth_hello(&h, p, sizeof(p));
	assert_int_equal(len, OSPF_HDR_LEN + OSPF_HELLO_LEN);
	assert_true(auth_ok(&h, p, len));

	/* Simple password: in the header, a wrong one is dropped. */
	config(&h, "interface eth-b\n ip ospf authentication\n"
	    " ip ospf authentication-key okapi123");
	len = auth_hello(&h, p, sizeof(p));
	assert_memory_equal(p + 16, "okapi123", 8);
	assert_true(auth_ok(&h, p, len));
	config(&h, "interface eth-b\n ip ospf authentication-key other");
	drops = n_drop;
	assert_false(auth_ok(&h, p, len));
	assert_int_equal(n_drop, drops + 1);

	/* Keyed MD5, then HMAC-SHA-256 as the newest key (rollover). */
	config(&h, "interface eth-b\n ip ospf authentication message-digest\n"
	    " ip ospf message-digest-key 1 md5 secret");
	len = auth_hello(&h, p, sizeof(p));
	assert_int_equal(len, OSPF_HDR_LEN + OSPF_HELLO_LEN + 16);
	assert_int_equal(p[18], 1);		/* key ID */
	assert_int_equal(p[19], 16);		/* digest length */
	assert_true(auth_ok(&h, p, len));
	p[30] ^= 1;				/* tampered */
	assert_false(auth_ok(&h, p, len));
	config(&h, "interface eth-b\n"
	    " ip ospf message-digest-key 2 hmac-sha-256 a-longer-secret");
	len = auth_hello(&h, p, sizeof(p));
	assert_int_equal(p[18], 2);
	assert_int_equal(len, OSPF_HDR_LEN + OSPF_HELLO_LEN + 32);
	assert_true(auth_ok(&h, p, len));
	/* The other side changes key 2: our digest no longer matches. */
	config(&h, "interface eth-b\n"
	    " ip ospf message-digest-key 2 hmac-sha-256 another");
	assert_false(auth_ok(&h, p, len));
	/* A key we do not know. */
	config(&h, "interface eth-b\n no ip ospf message-digest-key 2");
	assert_false(auth_ok(&h, p, len));
	assert_string_equal(config(&h, "interface eth-b\n"
	    " no ip ospf message-digest-key 9"),
	    "OSPF: Key 9 does not exist\n");
	/* The running configuration keeps it all. */
	assert_non_null(strstr(rc_body(&h), "interface eth-b\n"));
	assert_non_null(strstr(rc_body(&h),
	    " ip ospf authentication message-digest\n"
	    " ip ospf authentication-key other\n"
	    " ip ospf message-digest-key 1 md5 secret\n"));
	h_fini(&h);
}

/* ---- show commands ------------------------------------------------ */

static void
test_show_neighbor(void **state)
{
	struct h	 h;
	json_object	*j, *a, *n, *v;
	char		*detail;

	h_init(&h, true);
	assert_string_equal(run(&h, "show ip ospf neighbor"), "\n"
	    "Neighbor ID     Pri State           Up Time         Dead Time "
	    "Address         Interface                        RXmtL RqstL "
	    "DBsmL\n"
	    "10.255.0.2        1 Full/Backup     ##.###s            #.###s "
	    "10.0.12.2       eth-b:10.0.12.1                      0     0 "
	    "    0\n"
	    "\n");
	assert_string_equal(run(&h, "show ip ospf neighbor detail"),
	    " Neighbor 10.255.0.2, interface address 10.0.12.2\n"
	    "    In the area 0.0.0.0 via interface eth-b\n"
	    "    Neighbor priority is 1, State is Full/Backup, 6 state "
	    "changes\n"
	    "    Most recent state change statistics:\n"
	    "      Progressive change ##.###s ago\n"
	    "    DR is 10.0.12.1, BDR is 10.0.12.2\n"
	    "    Options 2 *|-|-|-|-|-|E|-\n"
	    "    Dead timer due in #.###s\n"
	    "    Database Summary List 0\n"
	    "    Link State Request List 0\n"
	    "    Link State Retransmission List 0\n"
	    "    Thread Inactivity Timer off\n"
	    "    Thread Database Description Retransmision off\n"
	    "    Thread Link State Request Retransmission on\n"
	    "    Thread Link State Update Retransmission on\n"
	    "\n"
	    "    Graceful restart Helper info:\n"
	    "      Graceful Restart HELPER Status : None\n"
	    "\n"
	    "\n");
	/* The other spellings FRRouting takes, and a miss. */
	detail = run_dup(&h, "show ip ospf neighbor detail");
	assert_string_equal(run(&h, "show ip ospf neighbor 10.255.0.2 detail"),
	    detail);
	assert_string_equal(run(&h, "show ip ospf neighbor detail 10.255.0.2"),
	    detail);
	free(detail);
	assert_string_equal(run(&h, "show ip ospf neighbor 10.9.9.9"), "\n");
	assert_non_null(strstr(run(&h, "show ip ospf neighbor eth-b"),
	    "Full/Backup"));
	assert_string_equal(run(&h, "sh ip os nei 10.255.0.2"),
	    "10.255.0.2        1 Full/Backup     ##.###s            #.###s "
	    "10.0.12.2       eth-b:10.0.12.1                      0     0 "
	    "    0\n\n");

	/* Point-to-point: no role. */
	h.oif.net = ISM_NET_PTP;
	assert_non_null(strstr(run(&h, "show ip ospf neighbor"),
	    " Full/-          "));
	h.oif.net = ISM_NET_BROADCAST;

	/* JSON, FRRouting 8.4's keys in its order. */
	assert_non_null(j = json_tokener_parse(run(&h,
	    "show ip ospf neighbor json")));
	assert_true(json_object_object_get_ex(j, "neighbors", &n));
	assert_true(json_object_object_get_ex(n, "10.255.0.2", &a));
	assert_int_equal(json_object_array_length(a), 1);
	v = json_object_array_get_idx(a, 0);
	{
		static const char *const keys[] = { "priority", "state",
		    "nbrPriority", "nbrState", "converged", "role",
		    "upTimeInMsec", "deadTimeMsecs",
		    "routerDeadIntervalTimerDueMsec", "upTime", "deadTime",
		    "address", "ifaceAddress", "ifaceName",
		    "retransmitCounter", "linkStateRetransmissionListCounter",
		    "requestCounter", "linkStateRequestListCounter",
		    "dbSummaryCounter", "databaseSummaryListCounter" };
		size_t	 i = 0;

		json_object_object_foreach(v, key, val) {
			(void)val;
			assert_true(i < sizeof(keys) / sizeof(keys[0]));
			assert_string_equal(key, keys[i]);
			i++;
		}
		assert_int_equal(i, sizeof(keys) / sizeof(keys[0]));
	}
	assert_true(json_object_object_get_ex(v, "state", &n));
	assert_string_equal(json_object_get_string(n), "Full/Backup");
	assert_true(json_object_object_get_ex(v, "ifaceName", &n));
	assert_string_equal(json_object_get_string(n), "eth-b:10.0.12.1");
	json_object_put(j);
	/* json-c escapes the slash, as FRRouting's output shows. */
	assert_non_null(strstr(run(&h, "show ip ospf neighbor json"),
	    "\"Full\\/Backup\""));
	h_fini(&h);
}

static void
test_show_interface(void **state)
{
	struct h	 h;
	json_object	*j, *i, *v;
	char		*all, want[1024];

	h_init(&h, true);
	assert_string_equal(run(&h, "show ip ospf interface"),
	    "eth-b is up\n"
	    "  ifindex 4, MTU 1500 bytes, BW 10000 Mbit "
	    "<UP,BROADCAST,RUNNING,MULTICAST>\n"
	    "  Internet Address 10.0.12.1/24, Broadcast 10.0.12.255, "
	    "Area 0.0.0.0\n"
	    "  MTU mismatch detection: enabled\n"
	    "  Router ID 10.255.0.1, Network Type BROADCAST, Cost: 10\n"
	    "  Transmit Delay is 1 sec, State DR, Priority 100\n"
	    "  Designated Router (ID) 10.255.0.1 Interface Address "
	    "10.0.12.1/24\n"
	    "  Backup Designated Router (ID) 10.255.0.2, Interface Address "
	    "10.0.12.2\n"
	    "  Multicast group memberships: OSPFAllRouters "
	    "OSPFDesignatedRouters\n"
	    "  Timer intervals configured, Hello 1s, Dead 4s, Wait 4s, "
	    "Retransmit 5\n"
	    "    Hello due in #.###s\n"
	    "  Neighbor Count is 1, Adjacent neighbor count is 1\n"
	    "\n");
	all = run_dup(&h, "show ip ospf interface");
	assert_string_equal(run(&h, "show ip ospf interface eth-b"), all);
	free(all);
	assert_string_equal(run(&h, "show ip ospf interface eth-z"),
	    "No such interface name\n\n");
	h.oif.passive = true;
	assert_non_null(strstr(run(&h, "show ip ospf interface"),
	    "  Multicast group memberships: <None>\n"
	    "  Timer intervals configured, Hello 1s, Dead 4s, Wait 4s, "
	    "Retransmit 5\n"
	    "    No Hellos (Passive interface)\n"));
	h.oif.passive = false;
	/* Zebra calls a /32 unnumbered, FRRouting shows it so. */
	h.oif.plen = 32;
	assert_non_null(strstr(run(&h, "show ip ospf interface"),
	    "\n  This interface is UNNUMBERED, Area 0.0.0.0\n"
	    "  MTU mismatch detection: enabled\n"));
	h.oif.plen = 24;

	assert_non_null(j = json_tokener_parse(run(&h,
	    "show ip ospf interface json")));
	assert_true(json_object_object_get_ex(j, "interfaces", &i));
	assert_true(json_object_object_get_ex(i, "eth-b", &i));
	assert_true(json_object_object_get_ex(i, "ifUp", &v));
	assert_true(json_object_object_get_ex(i, "drId", &v));
	assert_string_equal(json_object_get_string(v), "10.255.0.1");
	assert_true(json_object_object_get_ex(i, "bdrAddress", &v));
	assert_string_equal(json_object_get_string(v), "10.0.12.2");
	assert_true(json_object_object_get_ex(i, "networkType", &v));
	assert_string_equal(json_object_get_string(v), "BROADCAST");
	assert_true(json_object_object_get_ex(i, "timerMsecs", &v));
	assert_int_equal(json_object_get_int(v), 1000);
	json_object_put(j);

	/* As FRRouting 8.4.4 printed it (captured). */
	snprintf(want, sizeof(want), "\n"
	    "Interface       HELLO            DB-Desc         LS-Req         "
	    "  LS-Update        LS-Ack            Packets      \n"
	    "                Rx/Tx            Rx/Tx            Rx/Tx         "
	    "   Rx/Tx            Rx/Tx            Queued       \n"
	    "%.109s\n"
	    "eth-b           120/121            3/4             0/0         "
	    "    7/0             0/6                  0\n"
	    "\n", "------------------------------------------------------------"
	    "------------------------------------------------------------");
	assert_string_equal(run(&h, "show ip ospf interface traffic"), want);
	assert_string_equal(run(&h, "show ip ospf interface traffic eth-b"),
	    want);
	h_fini(&h);
}

static void
test_show_ospf(void **state)
{
	struct h	 h;
	char		 want[4096];
	json_object	*j, *v;

	h_init(&h, true);
	snprintf(want, sizeof(want),
	    " OSPF Routing Process, Router ID: 10.255.0.1\n"
	    " Supports only single TOS (TOS0) routes\n"
	    " This implementation conforms to RFC2328\n"
	    " RFC1583Compatibility flag is disabled\n"
	    " OpaqueCapability flag is disabled\n"
	    " Initial SPF scheduling delay 0 millisec(s)\n"
	    " Minimum hold time between consecutive SPFs 50 millisec(s)\n"
	    " Maximum hold time between consecutive SPFs 5000 millisec(s)\n"
	    " Hold time multiplier is currently 1\n"
	    " SPF algorithm last executed #.###s ago\n"
	    " Last SPF duration 51 usecs\n"
	    " SPF timer is inactive\n"
	    " LSA minimum interval 5000 msecs\n"
	    " LSA minimum arrival 1000 msecs\n"
	    " Write Multiplier set to 20 \n"
	    " Refresh timer 10 secs\n"
	    " Maximum multiple paths(ECMP) supported %d\n"
	    " Administrative distance 110\n"
	    " Number of external LSA 1. Checksum Sum 0x%08x\n"
	    " Number of opaque AS LSA 0. Checksum Sum 0x00000000\n"
	    " Number of areas attached to this router: 1\n"
	    " All adjacency changes are logged\n"
	    " Area ID: 0.0.0.0 (Backbone)\n"
	    "   Number of interfaces in this area: Total: 1, Active: 1\n"
	    "   Number of fully adjacent neighbors in this area: 1\n"
	    "   Area has no authentication\n"
	    "   SPF algorithm executed 5 times\n"
	    "   Number of LSA 3\n"
	    "   Number of router LSA 2. Checksum Sum 0x%08x\n"
	    "   Number of network LSA 1. Checksum Sum 0x%08x\n"
	    "   Number of summary LSA 0. Checksum Sum 0x00000000\n"
	    "   Number of ASBR summary LSA 0. Checksum Sum 0x00000000\n"
	    "   Number of NSSA LSA 0. Checksum Sum 0x00000000\n"
	    "   Number of opaque link LSA 0. Checksum Sum 0x00000000\n"
	    "   Number of opaque area LSA 0. Checksum Sum 0x00000000\n"
	    "\n"
	    "\n", SPF_MAX_NEXTHOPS, h.cksum[3], h.cksum[0] + h.cksum[1],
	    h.cksum[2]);
	h.od.conf.log_adj = h.od.conf.log_adj_detail = true;
	assert_string_equal(run(&h, "show ip ospf"), want);
	assert_non_null(j = json_tokener_parse(run(&h, "show ip ospf json")));
	assert_true(json_object_object_get_ex(j, "routerId", &v));
	assert_string_equal(json_object_get_string(v), "10.255.0.1");
	assert_true(json_object_object_get_ex(j, "areas", &v));
	assert_true(json_object_object_get_ex(v, "0.0.0.0", &v));
	assert_true(json_object_object_get_ex(v, "lsaNumber", &v));
	assert_int_equal(json_object_get_int(v), 3);
	json_object_put(j);

	/* Without "router ospf" FRRouting prints nothing, or says so. */
	h.od.conf.router = false;
	assert_string_equal(run(&h, "show ip ospf"), "");
	assert_string_equal(run(&h, "show ip ospf neighbor"),
	    "% OSPF is not enabled in vrf default\n");
	assert_string_equal(run(&h, "show ip ospf neighbor detail"), "");
	assert_string_equal(run(&h, "show ip ospf route json"), "{\n}\n");
	h_fini(&h);
}

static void
test_show_database(void **state)
{
	struct h	 h;
	char		 want[4096];

	h_init(&h, true);
	snprintf(want, sizeof(want), "\n"
	    "       OSPF Router with ID (10.255.0.1)\n\n"
	    "                Router Link States (Area 0.0.0.0)\n\n"
	    "Link ID         ADV Router      Age  Seq#       CkSum  "
	    "Link count\n"
	    "10.255.0.1     10.255.0.1        13 0x80000005 0x%04x 2\n"
	    "10.255.0.2     10.255.0.2        12 0x80000002 0x%04x 1\n"
	    "\n"
	    "                Net Link States (Area 0.0.0.0)\n\n"
	    "Link ID         ADV Router      Age  Seq#       CkSum\n"
	    "10.0.12.1      10.255.0.1        13 0x80000001 0x%04x\n"
	    "\n"
	    "                AS External Link States\n\n"
	    "Link ID         ADV Router      Age  Seq#       CkSum  Route\n"
	    "10.2.99.0      10.255.0.2        17 0x80000001 0x%04x "
	    "E2 10.2.99.0/24 [0x0]\n"
	    "\n"
	    "\n", h.cksum[0], h.cksum[1], h.cksum[2], h.cksum[3]);
	assert_string_equal(run(&h, "show ip ospf database"), want);

	snprintf(want, sizeof(want), "\n"
	    "       OSPF Router with ID (10.255.0.1)\n\n"
	    "                Router Link States (Area 0.0.0.0)\n\n"
	    "Link ID         ADV Router      Age  Seq#       CkSum  "
	    "Link count\n"
	    "10.255.0.1     10.255.0.1        13 0x80000005 0x%04x 2\n"
	    "\n"
	    "                Net Link States (Area 0.0.0.0)\n\n"
	    "Link ID         ADV Router      Age  Seq#       CkSum\n"
	    "10.0.12.1      10.255.0.1        13 0x80000001 0x%04x\n"
	    "\n"
	    "\n", h.cksum[0], h.cksum[2]);
	assert_string_equal(run(&h, "show ip ospf database self-originate"),
	    want);

	snprintf(want, sizeof(want), "\n"
	    "       OSPF Router with ID (10.255.0.1)\n\n"
	    "\n"
	    "                Router Link States (Area 0.0.0.0)\n\n"
	    "  LS age: 13\n"
	    "  Options: 0x2  : *|-|-|-|-|-|E|-\n"
	    "  LS Flags: 0x3  \n"
	    "  Flags: 0x2 : ASBR\n"
	    "  LS Type: router-LSA\n"
	    "  Link State ID: 10.255.0.1 \n"
	    "  Advertising Router: 10.255.0.1\n"
	    "  LS Seq Number: 80000005\n"
	    "  Checksum: 0x%04x\n"
	    "  Length: 48\n\n"
	    "   Number of Links: 2\n\n"
	    "    Link connected to: a Transit Network\n"
	    "     (Link ID) Designated Router address: 10.0.12.1\n"
	    "     (Link Data) Router Interface address: 10.0.12.1\n"
	    "      Number of TOS metrics: 0\n"
	    "       TOS 0 Metric: 10\n\n"
	    "    Link connected to: Stub Network\n"
	    "     (Link ID) Net: 10.255.0.1\n"
	    "     (Link Data) Network Mask: 255.255.255.255\n"
	    "      Number of TOS metrics: 0\n"
	    "       TOS 0 Metric: 10\n\n"
	    "\n", h.cksum[0]);
	assert_string_equal(run(&h, "show ip ospf database router self"),
	    want);
	assert_string_equal(run(&h,
	    "show ip ospf database router 10.255.0.1"), want);
	assert_string_equal(run(&h, "show ip ospf database router "
	    "10.255.0.1 adv-router 10.255.0.1"), want);

	snprintf(want, sizeof(want), "\n"
	    "       OSPF Router with ID (10.255.0.1)\n\n"
	    "\n"
	    "                Net Link States (Area 0.0.0.0)\n\n"
	    "  LS age: 13\n"
	    "  Options: 0x2  : *|-|-|-|-|-|E|-\n"
	    "  LS Flags: 0x3  \n"
	    "  LS Type: network-LSA\n"
	    "  Link State ID: 10.0.12.1 (address of Designated Router)\n"
	    "  Advertising Router: 10.255.0.1\n"
	    "  LS Seq Number: 80000001\n"
	    "  Checksum: 0x%04x\n"
	    "  Length: 32\n\n"
	    "  Network Mask: /24\n"
	    "        Attached Router: 10.255.0.1\n\n"
	    "        Attached Router: 10.255.0.2\n\n", h.cksum[2]);
	assert_string_equal(run(&h, "show ip ospf database network"), want);

	snprintf(want, sizeof(want), "\n"
	    "       OSPF Router with ID (10.255.0.1)\n\n"
	    "                AS External Link States \n\n"
	    "  LS age: 17\n"
	    "  Options: 0x2  : *|-|-|-|-|-|E|-\n"
	    "  LS Flags: 0x6  \n"
	    "  LS Type: AS-external-LSA\n"
	    "  Link State ID: 10.2.99.0 (External Network Number)\n"
	    "  Advertising Router: 10.255.0.2\n"
	    "  LS Seq Number: 80000001\n"
	    "  Checksum: 0x%04x\n"
	    "  Length: 36\n\n"
	    "  Network Mask: /24\n"
	    "        Metric Type: 2 (Larger than any link state path)\n"
	    "        TOS: 0\n"
	    "        Metric: 10000\n"
	    "        Forward Address: 0.0.0.0\n"
	    "        External Route Tag: 0\n\n", h.cksum[3]);
	assert_string_equal(run(&h, "show ip ospf database external"), want);

	/* An empty type prints the titles only (spec a.4). */
	assert_string_equal(run(&h, "show ip ospf database summary"), "\n"
	    "       OSPF Router with ID (10.255.0.1)\n\n\n"
	    "                Summary Link States (Area 0.0.0.0)\n\n");
	assert_non_null(strstr(run(&h, "show ip ospf database json"),
	    "\"routerLinkStates\": [ { \"lsId\": \"10.255.0.1\", "
	    "\"advertisedRouter\": \"10.255.0.1\", \"lsaAge\": 13, "
	    "\"sequenceNumber\": \"80000005\""));
	assert_non_null(strstr(run(&h, "show ip ospf database json"),
	    "\"routerLinkStatesCount\": 2, \"networkLinkStates\""));
	assert_non_null(strstr(run(&h, "show ip ospf database json"),
	    "\"route\": \"10.2.99.0\\/24\", \"tag\": 0 } ], "
	    "\"asExternalLinkStatesCount\": 1 }"));
	h_fini(&h);
}

/* A database too big for one slice streams, in order, all of it. */
static void
test_show_database_big(void **state)
{
	struct h		 h;
	struct buf		 b = BUF_INIT;
	struct lsa_hdr		 hd;
	struct lsa_summary	 su = { .mask = M24, .metric = 1 };
	const char		*s, *p;
	size_t			 start;
	unsigned		 i, n = 0;

	h_init(&h, true);
	for (i = 0; i < 5000; i++) {
		hd = hdr_make(LSA_TYPE_SUM_NET, IP(172, 16 + i / 256, i % 256,
		    0), R2, 1, 0x80000001);
		start = lsa_begin(&b, &hd);
		lsa_summary_put(&b, &su);
		(void)install(h.area.db, &b, start);
	}
	buf_free(&b);
	s = run(&h, "show ip ospf database summary");
	for (p = s; (p = strstr(p, "  LS Type: summary-LSA\n")) != NULL; p++)
		n++;
	assert_int_equal(n, 5000);
	assert_non_null(strstr(s, "  Link State ID: 172.35.135.0 (summary "
	    "Network Number)\n"));
	assert_non_null(strstr(run(&h, "show ip ospf database"),
	    "172.35.135.0   10.255.0.2         1 0x80000001 0x"));
	h_fini(&h);
}

static void
test_show_route(void **state)
{
	struct h	 h;
	json_object	*j, *v;

	h_init(&h, true);
	/* A connected stub may come without our address (spf.h). */
	h.od.spf.routes[0].nh[0].ifaddr = 0;
	assert_string_equal(run(&h, "show ip ospf route"),
	    "============ OSPF network routing table ============\n"
	    "N    10.0.12.0/24          [10] area: 0.0.0.0\n"
	    "                           directly attached to eth-b\n"
	    "N    10.2.2.0/24           [20] area: 0.0.0.0\n"
	    "                           via 10.0.12.2, eth-b\n"
	    "N    10.3.3.0/24           [30] area: 0.0.0.0\n"
	    "                           via 10.0.12.2, eth-b\n"
	    "\n"
	    "============ OSPF router routing table =============\n"
	    "R    10.255.0.2            [10] area: 0.0.0.0, ASBR\n"
	    "                           via 10.0.12.2, eth-b\n"
	    "\n"
	    "============ OSPF external routing table ===========\n"
	    "\n"
	    "\n");
	assert_non_null(strstr(run(&h, "show ip ospf route json"),
	    "{\"10.0.12.0/24\":{\"routeType\":\"N\",\"cost\":10,"
	    "\"area\":\"0.0.0.0\",\"nexthops\":[{\"ip\":\" \","
	    "\"directly attached to\":\"eth-b\",\"directlyAttachedTo\":"
	    "\"eth-b\"}]},"));
	assert_non_null(j = json_tokener_parse(run(&h,
	    "show ip ospf route json")));
	assert_true(json_object_object_get_ex(j, "10.2.2.0/24", &v));
	assert_true(json_object_object_get_ex(v, "cost", &v));
	assert_int_equal(json_object_get_int(v), 20);
	assert_true(json_object_object_get_ex(j, "10.255.0.2", &v));
	assert_true(json_object_object_get_ex(v, "routerType", &v));
	assert_string_equal(json_object_get_string(v), "asbr");
	json_object_put(j);
	h.od.spf_runs = 0;
	assert_string_equal(run(&h, "show ip ospf route"),
	    "No OSPF routing information exist\n");
	h_fini(&h);
}

/* The dead timer runs into the future, whatever the host's uptime. */
static const char *
dead_in(struct h *h, uint64_t ms)
{
	const char	*s, *p;

	h->nbr.dead_at_ms = ospf_now_ms() + ms;
	buf_reset(&h->out);
	vty_execute(h->od.vs, "show ip ospf neighbor detail", &h->out);
	s = buf_cstr(&h->out);
	assert_non_null(p = strstr(s, "    Dead timer due in "));
	return p + strlen("    Dead timer due in ");
}

#define DEAD_IS(h, ms, want) \
	assert_memory_equal(dead_in((h), (ms)), want "\n", strlen(want "\n"))

static void
test_time_format(void **state)
{
	struct h	 h;

	h_init(&h, true);
	h.nbr.dead_at_ms = 0;
	assert_non_null(strstr(run(&h, "show ip ospf neighbor detail"),
	    "    Dead timer due in inactive\n"));
	/* The spec's examples, each with half a second to spare. */
	DEAD_IS(&h, 92 * 1000 + 500, "1m32s");
	DEAD_IS(&h, (2 * 3600 + 5 * 60 + 7) * 1000ULL + 500, "2h05m07s");
	DEAD_IS(&h, (3 * 86400 + 4 * 3600 + 5 * 60 + 30) * 1000ULL + 500,
	    "3d04h05m");
	DEAD_IS(&h, (9 * 86400 + 3 * 3600 + 60) * 1000ULL + 500, "1w2d03h");
	DEAD_IS(&h, 700ULL * 7 * 86400 * 1000 + 500, "700w0d");
	h_fini(&h);
}

/* ---- max-metric router-lsa (maxmetric.c) -------------------------- */

static void
test_max_metric(void **state)
{
	struct h	 h;
	struct evloop	 loop;
	const char	*s;
	json_object	*j, *v;

	h_init(&h, true);
	memset(&loop, 0, sizeof(loop));
	loop.base = h.base;
	h.od.loop = &loop;
	n_rtr_lsa = 0;

	/* Off: every link keeps its metric. */
	assert_int_equal(maxmetric_link(&h.od, LSA_LINK_P2P, 10), 10);
	assert_false(maxmetric_active(&h.od));

	/* Administrative: MaxLinkMetric but on stub links (RFC 6987). */
	assert_string_equal(config(&h, "router ospf\n"
	    " max-metric router-lsa administrative"), "");
	assert_int_equal(n_rtr_lsa, 1);
	assert_int_equal(maxmetric_link(&h.od, LSA_LINK_P2P, 10), 0xffff);
	assert_int_equal(maxmetric_link(&h.od, LSA_LINK_TRANSIT, 1), 0xffff);
	assert_int_equal(maxmetric_link(&h.od, LSA_LINK_STUB, 10), 10);
	assert_non_null(strstr(rc_body(&h),
	    " max-metric router-lsa administrative\n"));
	s = run(&h, "show ip ospf");
	assert_null(strstr(s, "Stub router advertisement"));
	assert_non_null(strstr(s, "Active: 1\n"
	    "   Originating stub / maximum-distance Router-LSA\n"
	    "     Administratively activated (indefinitely)\n"
	    "   Number of fully adjacent neighbors in this area: 1\n"));
	assert_non_null(j = json_tokener_parse(run(&h, "show ip ospf json")));
	assert_true(json_object_object_get_ex(j, "areas", &v));
	assert_true(json_object_object_get_ex(v, "0.0.0.0", &v));
	assert_true(json_object_object_get_ex(v, "indefiniteActiveAdmin",
	    &v));
	json_object_put(j);
	/* Again: nothing changes, nothing is originated. */
	config(&h, "router ospf\n max-metric router-lsa administrative");
	assert_int_equal(n_rtr_lsa, 1);
	config(&h, "router ospf\n no max-metric router-lsa administrative");
	assert_int_equal(n_rtr_lsa, 2);
	assert_int_equal(maxmetric_link(&h.od, LSA_LINK_P2P, 10), 10);
	assert_null(strstr(rc_body(&h), "max-metric"));

	/* On-startup configured after the first router-LSA: next start. */
	config(&h, "router ospf\n max-metric router-lsa on-startup 30");
	assert_int_equal(maxmetric_link(&h.od, LSA_LINK_P2P, 10), 10);
	assert_non_null(strstr(rc_body(&h),
	    " max-metric router-lsa on-startup 30\n"));
	assert_non_null(strstr(run(&h, "show ip ospf"),
	    " OpaqueCapability flag is disabled\n"
	    " Stub router advertisement is configured\n"
	    "   Enabled for 30s after start-up\n"
	    " Initial SPF scheduling delay"));
	h_fini(&h);

	/* Configured before: the window opens with the first router-LSA. */
	h_init(&h, true);
	h.od.loop = &loop;
	loop.base = h.base;
	n_rtr_lsa = 0;
	config(&h, "router ospf\n max-metric router-lsa on-startup 30");
	assert_int_equal(maxmetric_link(&h.od, LSA_LINK_P2P, 10), 0xffff);
	assert_non_null(strstr(run(&h, "show ip ospf"),
	    "   Originating stub / maximum-distance Router-LSA\n"
	    "     Active from startup, ##.###s remaining\n"));
	assert_non_null(j = json_tokener_parse(run(&h, "show ip ospf json")));
	assert_true(json_object_object_get_ex(j, "stubAdvertisement", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(j, "postStartEnabledSecs", &v));
	assert_int_equal(json_object_get_int(v), 30);
	json_object_put(j);
	/* Removed: over at once, and the router-LSA says so. */
	config(&h, "router ospf\n no max-metric router-lsa on-startup");
	assert_int_equal(n_rtr_lsa, 1);
	assert_int_equal(maxmetric_link(&h.od, LSA_LINK_P2P, 10), 10);
	assert_null(strstr(run(&h, "show ip ospf"), "stub"));
	/* The range is FRRouting's. */
	assert_non_null(strstr(config(&h, "router ospf\n"
	    " max-metric router-lsa on-startup 4"), "%"));
	h_fini(&h);
}

/* ---- a second area: stub or NSSA, as our router-LSA there says ----- */

static void
test_areas(void **state)
{
	struct h		 h;
	struct ospf_area	 a1;
	struct buf		 b = BUF_INIT;
	struct lsa_hdr		 hd;
	struct lsa_external	 x = { .mask = M24, .ebit = true,
				    .metric = 20, .fwd = IP(10, 8, 12, 2) };
	uint16_t		 ck;
	size_t			 start;
	char			 want[2048];
	const char		*out;

	h_init(&h, true);
	memset(&a1, 0, sizeof(a1));
	a1.od = &h.od;
	a1.id = 1;
	assert_non_null(a1.db = lsdb_new());
	TAILQ_INSERT_TAIL(&h.od.areas, &a1, entry);

	/* Our router-LSA in area 1 without E, with N/P: an NSSA. */
	hd = hdr_make(LSA_TYPE_ROUTER, R1, R1, 20, 0x80000001);
	hd.options = OSPF_OPT_NP;
	start = lsa_begin(&b, &hd);
	lsa_router_put(&b, 0, 0);
	install(a1.db, &b, start);
	hd = hdr_make(LSA_TYPE_NSSA, IP(10, 99, 2, 0), R2, 16, 0x80000002);
	hd.options = OSPF_OPT_NP | OSPF_OPT_E;
	start = lsa_begin(&b, &hd);
	lsa_external_put(&b, &x);
	ck = install(a1.db, &b, start);

	asbr = true;
	out = run(&h, "show ip ospf");
	assert_non_null(strstr(out, " Administrative distance 110\n"
	    " This router is an ASBR (injecting external routing "
	    "information)\n"
	    " Number of external LSA"));
	/* FRRouting 8.4's lines for an NSSA, a router that is no ABR. */
	assert_non_null(strstr(out, " Area ID: 0.0.0.1 (NSSA)\n"
	    "   Shortcutting mode: Default, S-bit consensus: no\n"
	    "   Number of interfaces in this area: Total: 0, Active: 0\n"
	    "   It is an NSSA configuration.\n"
	    "   Elected NSSA/ABR performs type-7/type-5 LSA translation.\n"
	    "   It is not ABR, therefore not Translator.\n"
	    "   Number of fully adjacent neighbors in this area: 0\n"));
	asbr = false;
	assert_null(strstr(run(&h, "show ip ospf"), "is an ASBR"));

	/* As FRRouting 8.4 printed it (f2's, but received: LS Flags 0x6). */
	snprintf(want, sizeof(want), "\n"
	    "       OSPF Router with ID (10.255.0.1)\n\n"
	    "\n"
	    "                NSSA-external Link States (Area 0.0.0.0)\n\n"
	    "\n"
	    "                NSSA-external Link States (Area 0.0.0.1 "
	    "[NSSA])\n\n"
	    "  LS age: 16\n"
	    "  Options: 0xa  : *|-|-|-|N/P|-|E|-\n"
	    "  LS Flags: 0x6  \n"
	    "  LS Type: NSSA-LSA\n"
	    "  Link State ID: 10.99.2.0 (External Network Number for NSSA)\n"
	    "  Advertising Router: 10.255.0.2\n"
	    "  LS Seq Number: 80000002\n"
	    "  Checksum: 0x%04x\n"
	    "  Length: 36\n\n"
	    "  Network Mask: /24\n"
	    "        Metric Type: 2 (Larger than any link state path)\n"
	    "        TOS: 0\n"
	    "        Metric: 20\n"
	    "        NSSA: Forward Address: 10.8.12.2\n"
	    "        External Route Tag: 0\n\n", ck);
	assert_string_equal(run(&h, "show ip ospf database nssa-external"),
	    want);
	/* Ours: FRRouting's flags of an approved self-originated LSA. */
	hd = hdr_make(LSA_TYPE_NSSA, IP(10, 99, 1, 0), R1, 16, 0x80000001);
	start = lsa_begin(&b, &hd);
	lsa_external_put(&b, &x);
	install(a1.db, &b, start);
	assert_non_null(strstr(run(&h, "show ip ospf database nssa-external "
	    "self-originate"), "  LS Flags: 0xb  \n  LS Type: NSSA-LSA\n"));

	/* Without E nor N/P: a stub area, in the titles too. */
	lsdb_del(a1.db);
	assert_non_null(a1.db = lsdb_new());
	hd = hdr_make(LSA_TYPE_ROUTER, R1, R1, 20, 0x80000001);
	hd.options = 0;
	start = lsa_begin(&b, &hd);
	lsa_router_put(&b, 0, 0);
	install(a1.db, &b, start);
	out = run(&h, "show ip ospf");
	assert_non_null(strstr(out, " Area ID: 0.0.0.1 (Stub)\n"
	    "   Shortcutting mode: Default, S-bit consensus: no\n"
	    "   Number of interfaces in this area: Total: 0, Active: 0\n"
	    "   Number of fully adjacent neighbors in this area: 0\n"));
	assert_non_null(strstr(run(&h, "show ip ospf database router"),
	    "                Router Link States (Area 0.0.0.1 [Stub])\n"));
	/* An interface in area 1: one active area besides the backbone. */
	h.oif.area = &a1;
	assert_non_null(strstr(run(&h, "show ip ospf interface eth-b"),
	    " Area 0.0.0.1 [Stub]\n"));
	assert_non_null(strstr(run(&h, "show ip ospf neighbor detail"),
	    "    In the area 0.0.0.1 [Stub] via interface eth-b\n"));
	h.oif.area = &h.area;

	TAILQ_REMOVE(&h.od.areas, &a1, entry);
	lsdb_del(a1.db);
	buf_free(&b);
	h_fini(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_running_config),
		cmocka_unit_test(test_frr_conf),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_area_config),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_show_neighbor),
		cmocka_unit_test(test_show_interface),
		cmocka_unit_test(test_show_ospf),
		cmocka_unit_test(test_show_database),
		cmocka_unit_test(test_show_database_big),
		cmocka_unit_test(test_show_route),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_max_metric),
		cmocka_unit_test(test_areas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

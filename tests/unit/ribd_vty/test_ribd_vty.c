/*
 * ribd's VTY against a struct ribd built by hand: a RIB whose change
 * callback does nothing, an interface tree with two Ethernet interfaces
 * and a loopback, and a VTY server without a listener. Commands run
 * through vty_execute() and their output is compared with FRRouting's
 * layout, byte for byte.
 *
 *   eth-a  ifindex 2  10.0.12.1/24, 2001:db8:12::1/64, fe80::a/64
 *   eth-b  ifindex 3  10.0.13.1/24
 *   lo     ifindex 1  127.0.0.1/8, ::1/128
 *   connected routes for the IPv4 and global IPv6 subnets;
 *   OSPF 10.9.9.0/24 via 10.0.12.2 on eth-a (for recursive statics).
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

#include "log.h"
#include "ribd.h"

#define V4_HEADER \
	"Codes: K - kernel route, C - connected, S - static, R - RIP,\n" \
	"       O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,\n" \
	"       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,\n" \
	"       f - OpenFabric,\n" \
	"       > - selected route, * - FIB route, q - queued, r - rejected, " \
	"b - backup\n" \
	"       t - trapped, o - offload failure\n\n"
#define V6_HEADER \
	"Codes: K - kernel route, C - connected, S - static, R - RIPng,\n" \
	"       O - OSPFv3, I - IS-IS, B - BGP, N - NHRP, T - Table,\n" \
	"       v - VNC, V - VNC-Direct, A - Babel, F - PBR,\n" \
	"       f - OpenFabric,\n" \
	"       > - selected route, * - FIB route, q - queued, r - rejected, " \
	"b - backup\n" \
	"       t - trapped, o - offload failure\n\n"

#define CONNECTED_V4 \
	"C>* 10.0.12.0/24 is directly connected, eth-a, 00:00:00\n" \
	"C>* 10.0.13.0/24 is directly connected, eth-b, 00:00:00\n"
#define OSPF_V4 \
	"O>* 10.9.9.0/24 [110/20] via 10.0.12.2, eth-a, weight 1, 00:00:00\n"

struct h {
	struct event_base	*base;
	struct ribd		 rd;
	struct buf		 out;
	unsigned		 changes;
};

/* The RIB's change callback: counted, nothing else. */
static void
h_change(const struct rib_fib_change *c, void *arg)
{
	struct h	*h = arg;

	h->changes++;
}

static void
apply_op(const struct ift_op *op, void *arg)
{
	assert_int_equal(ift_apply(arg, op), 0);
}

static struct in_addr
a4(const char *s)
{
	struct in_addr	 a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static struct in6_addr
a6(const char *s)
{
	struct in6_addr	 a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* Add an interface to the tree through the mirror ops, as iface.c does. */
static void
h_if(struct h *h, const char *name, uint32_t ifindex, bool loopback,
    const char *v4[], const uint8_t v4len[], const char *v6[],
    const uint8_t v6len[])
{
	struct ift_if		*ifp;
	struct ift_addr4	*x;
	struct ift_addr6	*y;
	unsigned		 i;

	assert_non_null(ifp = ift_if_alloc(name));
	ifp->ifindex = ifindex;
	ifp->has_vif = true;
	ifp->enabled = true;
	ifp->loopback = loopback;
	ifp->mtu = loopback ? 65536 : 1500;
	if (!loopback) {
		ifp->has_mac = true;
		ifp->mac.octet[0] = 0x02;
		ifp->mac.octet[5] = (uint8_t)ifindex;
		ifp->broadcast = true;
		ifp->multicast = true;
	}
	for (i = 0; v4 != NULL && v4[i] != NULL; i++) {
		assert_non_null(x = ift_a4_add(ifp, a4(v4[i])));
		x->plen = v4len[i];
		x->enabled = true;
	}
	for (i = 0; v6 != NULL && v6[i] != NULL; i++) {
		struct in6_addr	 b = a6(v6[i]);

		assert_non_null(y = ift_a6_add(ifp, &b));
		y->plen = v6len[i];
		y->enabled = true;
	}
	ift_diff(NULL, ifp, apply_op, &h->rd.ifs);
	ift_if_free(ifp);
}

static void
h_connected(struct h *h, const char *prefix, uint32_t ifindex)
{
	struct rib_prefix	 p;
	struct rib_attr		 attr = { .proto = RIB_PROTO_CONNECTED,
				    .distance = RIB_DISTANCE_PROTO,
				    .stamp = ribd_now() };
	struct rib_nh		 nh;

	assert_true(rib_prefix_parse(prefix, &p));
	rib_nh_set(&nh, p.family, NULL, ifindex);
	assert_int_equal(rib_route_add(h->rd.rib, &p, &attr, &nh, 1), 0);
}

static void
h_init(struct h *h, bool routes)
{
	static const char	*eth_a4[] = { "10.0.12.1", NULL };
	static const uint8_t	 eth_a4l[] = { 24 };
	static const char	*eth_a6[] = { "2001:db8:12::1", "fe80::a",
				    NULL };
	static const uint8_t	 eth_a6l[] = { 64, 64 };
	static const char	*eth_b4[] = { "10.0.13.1", NULL };
	static const uint8_t	 eth_b4l[] = { 24 };
	static const char	*lo4[] = { "127.0.0.1", NULL };
	static const uint8_t	 lo4l[] = { 8 };
	static const char	*lo6[] = { "::1", NULL };
	static const uint8_t	 lo6l[] = { 128 };
	struct vty_server_opts	 o;
	struct rib_prefix	 p;
	struct rib_attr		 attr = { .proto = RIB_PROTO_OSPF,
				    .distance = RIB_DISTANCE_PROTO,
				    .metric = 20, .stamp = ribd_now() };
	struct rib_nh		 nh;
	struct in_addr		 gw;

	memset(h, 0, sizeof(*h));
	TAILQ_INIT(&h->rd.mirrors);
	TAILQ_INIT(&h->rd.redists);
	TAILQ_INIT(&h->rd.tables);
	TAILQ_INIT(&h->rd.statics);
	iftree_init(&h->rd.ifs);
	h->rd.check = true;	/* "ip forwarding" must not touch this host */
	assert_non_null(h->rd.rib = rib_new(h_change, h));
	assert_non_null(h->base = event_base_new());
	memset(&o, 0, sizeof(o));
	o.daemon = "ribd";
	o.tag = "ZEBRA";
	o.version = "test";
	assert_non_null(h->rd.vs = vty_server_new(h->base, &o, &h->rd));
	assert_int_equal(ribd_vty_install(&h->rd), 0);
	if (!routes)
		return;
	h_if(h, "eth-a", 2, false, eth_a4, eth_a4l, eth_a6, eth_a6l);
	h_if(h, "eth-b", 3, false, eth_b4, eth_b4l, NULL, NULL);
	h_if(h, "lo", 1, true, lo4, lo4l, lo6, lo6l);
	h_connected(h, "10.0.12.0/24", 2);
	h_connected(h, "10.0.13.0/24", 3);
	h_connected(h, "2001:db8:12::/64", 2);
	assert_true(rib_prefix_parse("10.9.9.0/24", &p));
	gw = a4("10.0.12.2");
	rib_nh_set(&nh, AF_INET, &gw, 2);
	assert_int_equal(rib_route_add(h->rd.rib, &p, &attr, &nh, 1), 0);
}

static void
h_fini(struct h *h)
{
	statics_fini(&h->rd);
	sysconf_fini(&h->rd);
	vty_server_free(h->rd.vs);
	rib_del(h->rd.rib);
	iftree_clear(&h->rd.ifs);
	event_base_free(h->base);
	buf_free(&h->out);
}

/* Run lines from ENABLE; the output, valid until the next call. */
static const char *
run(struct h *h, const char *lines)
{
	char	*s, *c;

	buf_reset(&h->out);
	vty_execute(h->rd.vs, lines, &h->out);
	/*
	 * Uptimes depend on the clock: a second may tick between a route's
	 * change and the show. Every ", HH:MM:SS" and "update HH:MM:SS"
	 * reads as 00:00:00 here, and
	 * the format itself is test_uptime_format's.
	 */
	s = (char *)buf_cstr(&h->out);
	for (c = s; (c = strchr(c, ':')) != NULL; c++)
		if (c - s >= 9 && c[-3] == ' ' && (c[-4] == ',' ||
		    memcmp(c - 9, "update ", 7) == 0) && c[1] && c[2] &&
		    c[3] == ':' && c[4] &&
		    c[5] && isdigit((unsigned char)c[-1]) &&
		    isdigit((unsigned char)c[-2]) &&
		    isdigit((unsigned char)c[1]) && isdigit((unsigned char)c[2]) &&
		    isdigit((unsigned char)c[4]) && isdigit((unsigned char)c[5]))
			memcpy(c - 2, "00:00:00", 8);
	return s;
}

/* Lines in CONFIG mode; they must print nothing. */
static void
config(struct h *h, const char *lines)
{
	char	 cmd[4096];

	snprintf(cmd, sizeof(cmd), "configure terminal\n%s\nend", lines);
	assert_string_equal(run(h, cmd), "");
}

static void
set_up(struct h *h, const char *name, bool up)
{
	struct ift_if	*ifp;

	assert_non_null(ifp = iftree_find(&h->rd.ifs, name));
	ifp->enabled = up;
	statics_refresh(&h->rd);
}

static void
test_gateway_ifname_blackhole(void **state)
{
	struct h	 h;

	h_init(&h, true);
	assert_string_equal(run(&h, "show ip route"),
	    V4_HEADER CONNECTED_V4 OSPF_V4);
	config(&h, "ip route 10.1.0.0/16 10.0.12.2\n"
	    "ip route 10.2.0.0/16 eth-b\n"
	    "ip route 10.3.0.0/16 blackhole 200\n"
	    "ip route 10.6.0.0/16 10.9.9.9");
	assert_string_equal(run(&h, "show ip route"), V4_HEADER CONNECTED_V4
	    "S>* 10.1.0.0/16 [1/0] via 10.0.12.2, eth-a, weight 1, 00:00:00\n"
	    "S>* 10.2.0.0/16 [1/0] is directly connected, eth-b, weight 1, "
	    "00:00:00\n"
	    "S>* 10.3.0.0/16 [200/0] unreachable (blackhole), weight 1, "
	    "00:00:00\n"
	    "S>  10.6.0.0/16 [1/0] via 10.9.9.9 (recursive), weight 1, "
	    "00:00:00\n"
	    "  *                     via 10.0.12.2, eth-a, weight 1, 00:00:00\n"
	    OSPF_V4);
	/* What went into the RIB. */
	{
		struct rib_prefix	 p;
		const struct rib_route	*r;

		assert_true(rib_prefix_parse("10.3.0.0/16", &p));
		assert_non_null(r = rib_route_lookup(h.rd.rib, &p,
		    RIB_PROTO_STATIC));
		assert_int_equal(r->distance, 200);
		assert_true(rib_nhg_is_blackhole(r->nhg));
		assert_true(rib_prefix_parse("10.2.0.0/16", &p));
		assert_non_null(r = rib_route_lookup(h.rd.rib, &p,
		    RIB_PROTO_STATIC));
		assert_int_equal(r->nhg->n, 1);
		assert_int_equal(r->nhg->nh[0].ifindex, 3);
		assert_int_equal(r->distance, 1);
		assert_false(r->flags & RIB_RF_OWN_DISTANCE);
	}
	/* Typing a line again with another distance changes the distance. */
	config(&h, "ip route 10.1.0.0/16 10.0.12.2 7");
	assert_string_equal(run(&h, "show ip route static | include 10.1"),
	    "S>* 10.1.0.0/16 [7/0] via 10.0.12.2, eth-a, weight 1, 00:00:00\n");
	/* A keyword abbreviation is blackhole, as in FRR, not IFNAME. */
	config(&h, "ip route 10.7.0.0/16 bl");
	assert_string_equal(run(&h, "show ip route static | include 10.7"),
	    "S>* 10.7.0.0/16 [1/0] unreachable (blackhole), weight 1, "
	    "00:00:00\n");
	/* '?' after the prefix: the three kinds of next hop. */
	buf_reset(&h.out);
	assert_int_equal(vty_describe(h.rd.vs, "configure terminal",
	    "ip route 10.8.0.0/16 ", &h.out), 3);
	assert_string_equal(buf_cstr(&h.out), "A.B.C.D\tIP gateway address\n"
	    "IFNAME\tIP gateway interface name\n"
	    "blackhole\tEmit an ICMP unreachable when matched\n");
	/* Bad next hops. */
	assert_string_equal(run(&h, "configure terminal\n"
	    "ip route 10.8.0.0/16 0.0.0.0"), "% Invalid nexthop address "
	    "0.0.0.0\n");
	assert_string_equal(run(&h, "configure terminal\n"
	    "ip route 10.8.0.0/16 eth:0"), "% Invalid interface name eth:0\n");
	assert_string_equal(run(&h, "configure terminal\n"
	    "ipv6 route 2001:db8:8::/48 fe80::1"), "% Link-local nexthop "
	    "fe80::1 needs an interface\n");
	h_fini(&h);
}

static void
test_ecmp_distance_no(void **state)
{
	struct h	 h;

	h_init(&h, true);
	config(&h, "ip route 10.4.0.0/16 10.0.13.2\n"
	    "ip route 10.4.0.0/16 10.0.12.2\n"
	    "ip route 10.4.0.0/16 10.9.9.9 20\n");
	assert_string_equal(run(&h, "show ip route static"), V4_HEADER
	    "S>* 10.4.0.0/16 [1/0] via 10.0.12.2, eth-a, weight 1, 00:00:00\n"
	    "  *                   via 10.0.13.2, eth-b, weight 1, 00:00:00\n");
	/* The lowest distance only; the distance-20 one stays configured. */
	config(&h, "no ip route 10.4.0.0/16 10.0.12.2\n"
	    "no ip route 10.4.0.0/16 10.0.13.2 1");
	assert_string_equal(run(&h, "show ip route static"), V4_HEADER
	    "S>  10.4.0.0/16 [20/0] via 10.9.9.9 (recursive), weight 1, "
	    "00:00:00\n"
	    "  *                      via 10.0.12.2, eth-a, weight 1, "
	    "00:00:00\n");
	assert_string_equal(run(&h, "configure terminal\n"
	    "no ip route 10.4.0.0/16 10.9.9.9 30\n"
	    "no ip route 10.4.0.0/16 eth-a\n"
	    "no ip route 10.5.0.0/16 10.9.9.9"),
	    "% Refusing to remove a non-existent route\n"
	    "% Refusing to remove a non-existent route\n"
	    "% Refusing to remove a non-existent route\n");
	config(&h, "no ip route 10.4.0.0/16 10.9.9.9");
	assert_string_equal(run(&h, "show ip route static"), "");
	assert_true(TAILQ_EMPTY(&h.rd.statics));
	h_fini(&h);
}

static void
test_interface_down(void **state)
{
	struct h		 h;
	struct rib_prefix	 p;
	unsigned		 before;

	h_init(&h, true);
	/* A floating static: eth-b first, the gateway when eth-b is down. */
	config(&h, "ip route 10.2.0.0/16 eth-b\n"
	    "ip route 10.5.0.0/16 eth-b\n"
	    "ip route 10.5.0.0/16 10.0.12.2 50\n"
	    "ip route 10.6.0.0/16 eth-b\n"
	    "ip route 10.6.0.0/16 eth-a\n"
	    "ip route 10.4.0.0/16 10.0.13.2\n"
	    "ip route 10.4.0.0/16 10.0.12.2\n");
	assert_string_equal(run(&h, "show ip route static"), V4_HEADER
	    "S>* 10.2.0.0/16 [1/0] is directly connected, eth-b, weight 1, "
	    "00:00:00\n"
	    "S>* 10.4.0.0/16 [1/0] via 10.0.12.2, eth-a, weight 1, 00:00:00\n"
	    "  *                   via 10.0.13.2, eth-b, weight 1, 00:00:00\n"
	    "S>* 10.5.0.0/16 [1/0] is directly connected, eth-b, weight 1, "
	    "00:00:00\n"
	    "S>* 10.6.0.0/16 [1/0] is directly connected, eth-a, weight 1, "
	    "00:00:00\n"
	    "  *                   is directly connected, eth-b, weight 1, "
	    "00:00:00\n");
	/* Nothing changed: statics_refresh() tells the RIB nothing. */
	before = h.changes;
	statics_refresh(&h.rd);
	assert_int_equal(h.changes, before);

	/* eth-b goes down; connected.c would withdraw its subnet. */
	set_up(&h, "eth-b", false);
	assert_true(rib_prefix_parse("10.0.13.0/24", &p));
	assert_int_equal(rib_route_del(h.rd.rib, &p, RIB_PROTO_CONNECTED), 0);
	assert_string_equal(run(&h, "show ip route static"), V4_HEADER
	    "S>* 10.4.0.0/16 [1/0] via 10.0.12.2, eth-a, weight 1, 00:00:00\n"
	    "                      via 10.0.13.2 inactive, weight 1, "
	    "00:00:00\n"
	    "S>* 10.5.0.0/16 [50/0] via 10.0.12.2, eth-a, weight 1, 00:00:00\n"
	    "S>* 10.6.0.0/16 [1/0] is directly connected, eth-a, weight 1, "
	    "00:00:00\n");
	assert_true(rib_prefix_parse("10.2.0.0/16", &p));
	assert_null(rib_route_lookup(h.rd.rib, &p, RIB_PROTO_STATIC));
	/* Still configured. */
	assert_non_null(strstr(run(&h, "show running-config"),
	    "ip route 10.2.0.0/16 eth-b\n"));

	/* Back up. */
	h_connected(&h, "10.0.13.0/24", 3);
	set_up(&h, "eth-b", true);
	assert_string_equal(run(&h, "show ip route static | include eth-b"),
	    "S>* 10.2.0.0/16 [1/0] is directly connected, eth-b, weight 1, "
	    "00:00:00\n"
	    "  *                   via 10.0.13.2, eth-b, weight 1, 00:00:00\n"
	    "S>* 10.5.0.0/16 [1/0] is directly connected, eth-b, weight 1, "
	    "00:00:00\n"
	    "  *                   is directly connected, eth-b, weight 1, "
	    "00:00:00\n");
	/* An interface that goes away entirely, and one that never was. */
	config(&h, "ip route 10.10.0.0/16 eth-c");
	assert_true(rib_prefix_parse("10.10.0.0/16", &p));
	assert_null(rib_route_lookup(h.rd.rib, &p, RIB_PROTO_STATIC));
	h_fini(&h);
}

static void
test_running_config(void **state)
{
	struct h	 h, h2;
	char		 path[] = "/tmp/test_ribd_vty.XXXXXX", err[256];
	const char	*rc, *want =
	    "ip route 10.0.0.0/8 192.0.2.1\n"
	    "ip route 10.0.0.0/8 eth-a 5\n"
	    "ip route 10.0.0.0/8 blackhole 200\n"
	    "ip route 10.0.0.0/16 10.0.12.2\n"
	    "ip route 10.1.0.0/16 10.0.12.2\n"
	    "ipv6 route 2001:db8::/32 2001:db8:12::2\n"
	    "ipv6 route 2001:db8::/32 eth-a 3\n"
	    "ipv6 route 2001:db8:99::/48 blackhole\n"
	    "!\n";
	char		*copy, *body;
	int		 fd;

	h_init(&h, true);
	/* Typed out of order, host bits set: printed sorted and masked. */
	config(&h, "ipv6 route 2001:db8:99::/48 blackhole\n"
	    "ip route 10.1.0.0/16 10.0.12.2\n"
	    "ip route 10.0.0.0/8 blackhole 200\n"
	    "ipv6 route 2001:db8::1/32 eth-a 3\n"
	    "ip route 10.0.0.0/8 eth-a 5\n"
	    "ip route 10.0.7.7/16 10.0.12.2\n"
	    "ipv6 route 2001:db8::/32 2001:db8:12::2\n"
	    "ip route 10.0.0.0/8 192.0.2.1\n");
	rc = run(&h, "show running-config");
	assert_non_null(strstr(rc, want));
	assert_non_null(copy = strdup(rc));
	/* The file has what follows the "show" banner. */
	assert_non_null(body = strstr(copy, "Current configuration:\n"));
	body += strlen("Current configuration:\n");

	/* The configuration loads back into a fresh ribd, same output. */
	assert_int_not_equal(fd = mkstemp(path), -1);
	assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
	close(fd);
	h_init(&h2, false);
	if (vty_server_load(h2.rd.vs, path, err, sizeof(err)) != 0)
		fail_msg("load: %s", err);
	assert_string_equal(run(&h2, "show running-config"), copy);
	unlink(path);
	free(copy);
	h_fini(&h2);
	h_fini(&h);
}

static void
test_show_filters(void **state)
{
	struct h		 h;
	json_object		*root, *arr, *r, *nhs, *nh, *v;

	h_init(&h, true);
	config(&h, "ip route 10.1.0.0/16 10.0.12.2\n"
	    "ip route 10.0.12.0/24 10.0.13.2 250\n"
	    "ip route 10.6.0.0/16 10.9.9.9");
	assert_string_equal(run(&h, "show ip route connected"),
	    V4_HEADER CONNECTED_V4);
	assert_string_equal(run(&h, "show ip route ospf"), V4_HEADER OSPF_V4);
	assert_string_equal(run(&h, "show ip route bgp"), "");
	/* Per prefix the selected route first, then the others. */
	assert_string_equal(run(&h, "show ip route | include 10.0.12.0"),
	    "C>* 10.0.12.0/24 is directly connected, eth-a, 00:00:00\n"
	    "S   10.0.12.0/24 [250/0] via 10.0.13.2, eth-b, weight 1, "
	    "00:00:00\n");

	/* An address: its longest match, in the detailed form. */
	assert_string_equal(run(&h, "show ip route 10.1.2.3"),
	    "Routing entry for 10.1.0.0/16\n"
	    "  Known via \"static\", distance 1, metric 0, best\n"
	    "  Last update 00:00:00 ago\n"
	    "  * 10.0.12.2, via eth-a, weight 1\n"
	    "\n");
	assert_string_equal(run(&h, "show ip route 10.6.0.0/16"),
	    "Routing entry for 10.6.0.0/16\n"
	    "  Known via \"static\", distance 1, metric 0, best\n"
	    "  Last update 00:00:00 ago\n"
	    "    10.9.9.9 (recursive), weight 1\n"
	    "  *   10.0.12.2, via eth-a, weight 1\n"
	    "\n");
	assert_string_equal(run(&h, "show ip route 10.0.12.7"),
	    "Routing entry for 10.0.12.0/24\n"
	    "  Known via \"connected\", distance 0, metric 0, best\n"
	    "  Last update 00:00:00 ago\n"
	    "  * directly connected, eth-a\n"
	    "\n"
	    "Routing entry for 10.0.12.0/24\n"
	    "  Known via \"static\", distance 250, metric 0\n"
	    "  Last update 00:00:00 ago\n"
	    "    10.0.13.2, via eth-b, weight 1\n"
	    "\n");
	assert_string_equal(run(&h, "show ip route 10.0.12.7 static"),
	    "Routing entry for 10.0.12.0/24\n"
	    "  Known via \"static\", distance 250, metric 0\n"
	    "  Last update 00:00:00 ago\n"
	    "    10.0.13.2, via eth-b, weight 1\n"
	    "\n");
	assert_string_equal(run(&h, "show ip route 10.9.9.9"),
	    "Routing entry for 10.9.9.0/24\n"
	    "  Known via \"ospf\", distance 110, metric 20, best\n"
	    "  Last update 00:00:00 ago\n"
	    "  * 10.0.12.2, via eth-a, weight 1\n"
	    "\n");
	assert_string_equal(run(&h, "show ip route 10.1.0.0/24"),
	    "% Network not in table\n");
	assert_string_equal(run(&h, "show ip route 192.0.2.1"),
	    "% Network not in table\n");
	assert_string_equal(run(&h, "show ip route 10.1.0.0/24 json"),
	    "{\n}\n");

	/* JSON: FRR's keys. */
	assert_non_null(root = json_tokener_parse(run(&h,
	    "show ip route json")));
	assert_int_equal(json_object_object_length(root), 5);
	assert_true(json_object_object_get_ex(root, "10.6.0.0/16", &arr));
	assert_int_equal(json_object_array_length(arr), 1);
	r = json_object_array_get_idx(arr, 0);
	assert_true(json_object_object_get_ex(r, "prefix", &v));
	assert_string_equal(json_object_get_string(v), "10.6.0.0/16");
	assert_true(json_object_object_get_ex(r, "prefixLen", &v));
	assert_int_equal(json_object_get_int(v), 16);
	assert_true(json_object_object_get_ex(r, "protocol", &v));
	assert_string_equal(json_object_get_string(v), "static");
	assert_true(json_object_object_get_ex(r, "selected", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(r, "destSelected", &v));
	assert_true(json_object_object_get_ex(r, "distance", &v));
	assert_int_equal(json_object_get_int(v), 1);
	assert_true(json_object_object_get_ex(r, "metric", &v));
	assert_int_equal(json_object_get_int(v), 0);
	assert_true(json_object_object_get_ex(r, "installed", &v));
	assert_true(json_object_object_get_ex(r, "table", &v));
	assert_int_equal(json_object_get_int(v), 254);
	assert_true(json_object_object_get_ex(r, "uptime", &v));
	assert_string_equal(json_object_get_string(v), "00:00:00");
	assert_true(json_object_object_get_ex(r, "nexthops", &nhs));
	assert_int_equal(json_object_array_length(nhs), 2);
	nh = json_object_array_get_idx(nhs, 0);
	assert_true(json_object_object_get_ex(nh, "ip", &v));
	assert_string_equal(json_object_get_string(v), "10.9.9.9");
	assert_true(json_object_object_get_ex(nh, "afi", &v));
	assert_string_equal(json_object_get_string(v), "ipv4");
	assert_true(json_object_object_get_ex(nh, "recursive", &v));
	assert_true(json_object_object_get_ex(nh, "active", &v));
	assert_false(json_object_object_get_ex(nh, "fib", &v));
	assert_false(json_object_object_get_ex(nh, "interfaceIndex", &v));
	nh = json_object_array_get_idx(nhs, 1);
	assert_true(json_object_object_get_ex(nh, "ip", &v));
	assert_string_equal(json_object_get_string(v), "10.0.12.2");
	assert_true(json_object_object_get_ex(nh, "interfaceIndex", &v));
	assert_int_equal(json_object_get_int(v), 2);
	assert_true(json_object_object_get_ex(nh, "interfaceName", &v));
	assert_string_equal(json_object_get_string(v), "eth-a");
	assert_true(json_object_object_get_ex(nh, "fib", &v));
	assert_true(json_object_object_get_ex(nh, "active", &v));
	assert_true(json_object_object_get_ex(nh, "resolver", &v));
	assert_true(json_object_object_get_ex(nh, "weight", &v));
	assert_int_equal(json_object_get_int(v), 1);

	/* The connected and the static route of 10.0.12.0/24. */
	assert_true(json_object_object_get_ex(root, "10.0.12.0/24", &arr));
	assert_int_equal(json_object_array_length(arr), 2);
	r = json_object_array_get_idx(arr, 0);
	assert_true(json_object_object_get_ex(r, "protocol", &v));
	assert_string_equal(json_object_get_string(v), "connected");
	assert_true(json_object_object_get_ex(r, "nexthops", &nhs));
	nh = json_object_array_get_idx(nhs, 0);
	assert_true(json_object_object_get_ex(nh, "directlyConnected", &v));
	assert_false(json_object_object_get_ex(nh, "ip", &v));
	assert_false(json_object_object_get_ex(nh, "weight", &v));
	r = json_object_array_get_idx(arr, 1);
	assert_false(json_object_object_get_ex(r, "selected", &v));
	assert_false(json_object_object_get_ex(r, "installed", &v));
	json_object_put(root);

	/* An address with json: the one prefix. */
	assert_non_null(root = json_tokener_parse(run(&h,
	    "show ip route 10.1.2.3 json")));
	assert_int_equal(json_object_object_length(root), 1);
	assert_true(json_object_object_get_ex(root, "10.1.0.0/16", &arr));
	json_object_put(root);
	/* A filter with json. */
	assert_non_null(root = json_tokener_parse(run(&h,
	    "show ip route static json")));
	assert_int_equal(json_object_object_length(root), 3);
	json_object_put(root);
	h_fini(&h);
}

static void
test_ipv6(void **state)
{
	struct h	 h;
	json_object	*root, *arr, *r, *v;

	h_init(&h, true);
	config(&h, "ipv6 route 2001:db8:99::/48 2001:db8:12::2\n"
	    "ipv6 route 2001:db8:98::/48 eth-a 10\n"
	    "ipv6 route 2001:db8:97::/48 blackhole\n");
	assert_string_equal(run(&h, "show ipv6 route"), V6_HEADER
	    "C>* 2001:db8:12::/64 is directly connected, eth-a, 00:00:00\n"
	    "S>* 2001:db8:97::/48 [1/0] unreachable (blackhole), weight 1, "
	    "00:00:00\n"
	    "S>* 2001:db8:98::/48 [10/0] is directly connected, eth-a, "
	    "weight 1, 00:00:00\n"
	    "S>* 2001:db8:99::/48 [1/0] via 2001:db8:12::2, eth-a, weight 1, "
	    "00:00:00\n");
	assert_string_equal(run(&h, "show ipv6 route 2001:db8:99::1"),
	    "Routing entry for 2001:db8:99::/48\n"
	    "  Known via \"static\", distance 1, metric 0, best\n"
	    "  Last update 00:00:00 ago\n"
	    "  * 2001:db8:12::2, via eth-a, weight 1\n"
	    "\n");
	assert_string_equal(run(&h, "show ipv6 route connected"), V6_HEADER
	    "C>* 2001:db8:12::/64 is directly connected, eth-a, 00:00:00\n");
	assert_string_equal(run(&h, "show ipv6 route ospf6"), "");
	assert_non_null(root = json_tokener_parse(run(&h,
	    "show ipv6 route 2001:db8:99::/48 json")));
	assert_true(json_object_object_get_ex(root, "2001:db8:99::/48", &arr));
	r = json_object_array_get_idx(arr, 0);
	assert_true(json_object_object_get_ex(r, "nexthops", &arr));
	r = json_object_array_get_idx(arr, 0);
	assert_true(json_object_object_get_ex(r, "afi", &v));
	assert_string_equal(json_object_get_string(v), "ipv6");
	json_object_put(root);
	/* The IPv4 table does not see them. */
	assert_null(strstr(run(&h, "show ip route"), "2001"));
	config(&h, "no ipv6 route 2001:db8:98::/48 eth-a 10\n"
	    "no ipv6 route 2001:db8:97::/48 blackhole\n"
	    "no ipv6 route 2001:db8:99::/48 2001:db8:12::2");
	assert_string_equal(run(&h, "show ipv6 route static"), "");
	h_fini(&h);
}

static void
test_show_interface(void **state)
{
	struct h		 h;
	struct ift_if		*ifp;
	struct ift_addr4	*x;
	json_object		*root, *o, *v, *addrs;

	h_init(&h, true);
	/* A second address in eth-b's subnet and one in another subnet. */
	assert_non_null(ifp = iftree_find(&h.rd.ifs, "eth-b"));
	assert_non_null(x = ift_a4_add(ifp, a4("10.0.13.5")));
	x->plen = 24;
	assert_non_null(x = ift_a4_add(ifp, a4("10.0.11.1")));
	x->plen = 24;
	ifp->no_carrier = true;

	assert_string_equal(run(&h, "show interface eth-a"),
	    "Interface eth-a is up, line protocol is up\n"
	    "  vrf: default\n"
	    "  index 2 metric 0 mtu 1500\n"
	    "  flags: <UP,BROADCAST,RUNNING,MULTICAST>\n"
	    "  HWaddr: 02:00:00:00:00:02\n"
	    "  inet 10.0.12.1/24\n"
	    "  inet6 2001:db8:12::1/64\n"
	    "  inet6 fe80::a/64\n");
	assert_string_equal(run(&h, "show interface eth-b"),
	    "Interface eth-b is up, line protocol is down\n"
	    "  vrf: default\n"
	    "  index 3 metric 0 mtu 1500\n"
	    "  flags: <UP,BROADCAST,MULTICAST>\n"
	    "  HWaddr: 02:00:00:00:00:03\n"
	    "  inet 10.0.11.1/24\n"
	    "  inet 10.0.13.1/24\n"
	    "  inet 10.0.13.5/24 secondary\n");
	ifp->enabled = false;
	assert_string_equal(run(&h, "show interface"),
	    "Interface eth-a is up, line protocol is up\n"
	    "  vrf: default\n"
	    "  index 2 metric 0 mtu 1500\n"
	    "  flags: <UP,BROADCAST,RUNNING,MULTICAST>\n"
	    "  HWaddr: 02:00:00:00:00:02\n"
	    "  inet 10.0.12.1/24\n"
	    "  inet6 2001:db8:12::1/64\n"
	    "  inet6 fe80::a/64\n"
	    "Interface eth-b is down\n"
	    "  vrf: default\n"
	    "  index 3 metric 0 mtu 1500\n"
	    "  flags: <BROADCAST,MULTICAST>\n"
	    "  HWaddr: 02:00:00:00:00:03\n"
	    "  inet 10.0.11.1/24\n"
	    "  inet 10.0.13.1/24\n"
	    "  inet 10.0.13.5/24 secondary\n"
	    "Interface lo is up, line protocol is up\n"
	    "  vrf: default\n"
	    "  index 1 metric 0 mtu 65536\n"
	    "  flags: <UP,LOOPBACK,RUNNING>\n"
	    "  inet 127.0.0.1/8\n"
	    "  inet6 ::1/128\n");
	assert_string_equal(run(&h, "show interface brief"),
	    "Interface       Status  VRF             Addresses\n"
	    "---------       ------  ---             ---------\n"
	    "eth-a           up      default         10.0.12.1/24\n"
	    "                                        + 2001:db8:12::1/64\n"
	    "eth-b           down    default         10.0.11.1/24\n"
	    "                                        + 10.0.13.1/24\n"
	    "lo              up      default         127.0.0.1/8\n"
	    "                                        ::1/128\n"
	    "\n");
	assert_string_equal(run(&h, "show interface eth-z"),
	    "% Can't find interface eth-z\n");

	assert_non_null(root = json_tokener_parse(run(&h,
	    "show interface json")));
	assert_int_equal(json_object_object_length(root), 3);
	assert_true(json_object_object_get_ex(root, "eth-a", &o));
	assert_true(json_object_object_get_ex(o, "administrativeStatus", &v));
	assert_string_equal(json_object_get_string(v), "up");
	assert_true(json_object_object_get_ex(o, "operationalStatus", &v));
	assert_string_equal(json_object_get_string(v), "up");
	assert_true(json_object_object_get_ex(o, "vrfName", &v));
	assert_string_equal(json_object_get_string(v), "default");
	assert_true(json_object_object_get_ex(o, "index", &v));
	assert_int_equal(json_object_get_int(v), 2);
	assert_true(json_object_object_get_ex(o, "mtu", &v));
	assert_int_equal(json_object_get_int(v), 1500);
	assert_true(json_object_object_get_ex(o, "flags", &v));
	assert_string_equal(json_object_get_string(v),
	    "<UP,BROADCAST,RUNNING,MULTICAST>");
	assert_true(json_object_object_get_ex(o, "hardwareAddress", &v));
	assert_string_equal(json_object_get_string(v), "02:00:00:00:00:02");
	assert_true(json_object_object_get_ex(o, "ipAddresses", &addrs));
	assert_int_equal(json_object_array_length(addrs), 3);
	v = json_object_array_get_idx(addrs, 0);
	assert_true(json_object_object_get_ex(v, "address", &o));
	assert_string_equal(json_object_get_string(o), "10.0.12.1/24");
	assert_true(json_object_object_get_ex(v, "secondary", &o));
	assert_false(json_object_get_boolean(o));
	assert_true(json_object_object_get_ex(root, "eth-b", &o));
	assert_true(json_object_object_get_ex(o, "administrativeStatus", &v));
	assert_string_equal(json_object_get_string(v), "down");
	assert_false(json_object_object_get_ex(o, "operationalStatus", &v));
	assert_true(json_object_object_get_ex(o, "ipAddresses", &addrs));
	v = json_object_array_get_idx(addrs, 2);
	assert_true(json_object_object_get_ex(v, "secondary", &o));
	assert_true(json_object_get_boolean(o));
	json_object_put(root);

	assert_non_null(root = json_tokener_parse(run(&h,
	    "show interface lo json")));
	assert_int_equal(json_object_object_length(root), 1);
	assert_true(json_object_object_get_ex(root, "lo", &o));
	assert_false(json_object_object_get_ex(o, "hardwareAddress", &v));
	json_object_put(root);
	h_fini(&h);
}

/* Output larger than one slice streams and stays complete. */
static void
test_many_routes(void **state)
{
	struct h		 h;
	struct rib_prefix	 p;
	struct rib_attr		 attr = { .proto = RIB_PROTO_KERNEL,
				    .distance = RIB_DISTANCE_PROTO,
				    .stamp = ribd_now() };
	struct rib_nh		 nh;
	const char		*s;
	unsigned		 i, n = 0;

	h_init(&h, false);
	rib_nh_blackhole(&nh);
	for (i = 0; i < 5000; i++) {
		memset(&p, 0, sizeof(p));
		p.family = AF_INET;
		p.len = 32;
		p.addr.v4.s_addr = htonl(0x0a000000 + i);
		assert_int_equal(rib_route_add(h.rd.rib, &p, &attr, &nh, 1), 0);
	}
	s = run(&h, "show ip route");
	for (; (s = strstr(s, "K>* ")) != NULL; s++)
		n++;
	assert_int_equal(n, 5000);
	assert_non_null(strstr(buf_cstr(&h.out),
	    "K>* 10.0.19.135/32 [0/0] unreachable (blackhole), 00:00:00\n"));
	h_fini(&h);
}

static void
test_uptime_format(void **state)
{
	struct h	 h;
	char		 b[32];

	assert_string_equal(ribd_uptime_print(0, b, sizeof(b)), "00:00:00");
	assert_string_equal(ribd_uptime_print(3723, b, sizeof(b)), "01:02:03");
	assert_string_equal(ribd_uptime_print(86399, b, sizeof(b)),
	    "23:59:59");
	assert_string_equal(ribd_uptime_print(86400, b, sizeof(b)),
	    "1d00h00m");
	assert_string_equal(ribd_uptime_print(3 * 86400 + 4 * 3600 + 5 * 60 +
	    59, b, sizeof(b)), "3d04h05m");
	assert_string_equal(ribd_uptime_print(7 * 86400 - 1, b, sizeof(b)),
	    "6d23h59m");
	assert_string_equal(ribd_uptime_print(7 * 86400, b, sizeof(b)),
	    "01w0d00h");
	assert_string_equal(ribd_uptime_print(9 * 86400 + 3 * 3600, b,
	    sizeof(b)), "01w2d03h");
	assert_string_equal(ribd_uptime_print(400 * 86400, b, sizeof(b)),
	    "57w1d00h");
	/* ribd_route_age() is 0 until rib_route has a timestamp. */
	h_init(&h, true);
	assert_non_null(strstr(run(&h, "show ip route"), ", 00:00:00\n"));
	h_fini(&h);
}

/* A zebra.conf as FRRouting users write it loads, and prints back. */
static void
test_zebra_conf(void **state)
{
	struct h	 h;
	char		 path[] = "/tmp/test_ribd_vty.XXXXXX", err[256];
	char		 logpath[64];
	const char	*rc;
	FILE		*f;
	int		 fd;

	assert_int_not_equal(fd = mkstemp(path), -1);
	snprintf(logpath, sizeof(logpath), "%s.log", path);
	assert_non_null(f = fdopen(fd, "w"));
	fprintf(f, "!\n! Zebra configuration saved from vty\n!\n"
	    "hostname r1\nlog file %s informational\n!\n"
	    "interface eth-a\n description uplink to r2\n!\n"
	    "interface eth-z\n!\nip forwarding\nno ipv6 forwarding\n"
	    "ip route 10.5.0.0/16 10.0.12.2\n!\nline vty\n!\n", logpath);
	fclose(f);
	h_init(&h, true);
	if (vty_server_load(h.rd.vs, path, err, sizeof(err)) != 0)
		fail_msg("load: %s", err);
	rc = run(&h, "show running-config");
	assert_non_null(strstr(rc, "hostname r1\n"));
	assert_non_null(strstr(rc, "log file "));
	assert_non_null(strstr(rc, ".log informational\n"));
	assert_non_null(strstr(rc, "interface eth-a\n description uplink to "
	    "r2\nexit\n!\ninterface eth-z\nexit\n!\n"
	    "ip forwarding\nno ipv6 forwarding\n!\n"
	    "ip route 10.5.0.0/16 10.0.12.2\n"));
	assert_non_null(strstr(run(&h, "show interface eth-a"),
	    "  vrf: default\n  Description: uplink to r2\n"));
	h_fini(&h);
	(void)log_set_file(NULL, 7);
	unlink(path);
	unlink(logpath);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gateway_ifname_blackhole),
		cmocka_unit_test(test_ecmp_distance_no),
		cmocka_unit_test(test_interface_down),
		cmocka_unit_test(test_running_config),
		cmocka_unit_test(test_show_filters),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_show_interface),
		cmocka_unit_test(test_many_routes),
		cmocka_unit_test(test_uptime_format),
		cmocka_unit_test(test_zebra_conf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

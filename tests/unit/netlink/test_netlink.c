/*
 * Unit tests for lib/netlink. Needs root: the process moves itself into a
 * network namespace of its own (unshare(CLONE_NEWNET)) so nothing touches
 * the host, and exits 77 (skip) with the reason if it cannot. Inside: lo,
 * a veth pair nlt0/nlt1 with 10.1.0.1/24 and 2001:db8:1::1/64 on nlt0,
 * made with netlink requests of our own (the kernel here has no dummy).
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/veth.h>

#include "netlink.h"
#include "rtnl.h"

#define PROTO_OSPF	188
#define PROTO_RIP	189
#define PROTO_STATIC	4
#define BULK		100000

static uint32_t	 if0, if1;		/* nlt0, nlt1 */

/* ---- set-up requests, blocking, with libmnl ---- */

static int
tnl_request(struct nlmsghdr *nlh)
{
	struct mnl_socket *nl;
	char		 buf[8192];
	struct rtnl_ack	 ack;
	ssize_t		 n;
	int		 err = EPROTO;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	if ((nl = mnl_socket_open(NETLINK_ROUTE)) == NULL)
		return errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0 &&
	    mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) >= 0 &&
	    (n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0 &&
	    rtnl_ack_parse(buf, (size_t)n, &ack) == NL_PARSE_OK)
		err = ack.error;
	mnl_socket_close(nl);
	return err;
}

static int
veth_add(const char *name, const char *peer)
{
	char		 buf[1024];
	struct nlmsghdr	*nlh;
	struct ifinfomsg *ifi;
	struct nlattr	*linkinfo, *data, *peerinfo;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peerinfo = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	nlh->nlmsg_len += sizeof(*ifi);		/* the peer's ifinfomsg */
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_nest_end(nlh, peerinfo);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return tnl_request(nlh);
}

static int
link_set_up(uint32_t ifindex, bool up)
{
	char		 buf[256];
	struct nlmsghdr	*nlh;
	struct ifinfomsg *ifi;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = (int)ifindex;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return tnl_request(nlh);
}

static int
addr_change(uint16_t cmd, uint32_t ifindex, const char *addr, uint8_t plen)
{
	char		 buf[256];
	struct nlmsghdr	*nlh;
	struct ifaddrmsg *ifa;
	struct in6_addr	 a6;
	struct in_addr	 a4;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = cmd;
	if (cmd == RTM_NEWADDR)
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_index = ifindex;
	ifa->ifa_prefixlen = plen;
	if (inet_pton(AF_INET, addr, &a4) == 1) {
		ifa->ifa_family = AF_INET;
		mnl_attr_put(nlh, IFA_LOCAL, sizeof(a4), &a4);
		mnl_attr_put(nlh, IFA_ADDRESS, sizeof(a4), &a4);
	} else {
		assert_int_equal(inet_pton(AF_INET6, addr, &a6), 1);
		ifa->ifa_family = AF_INET6;
		mnl_attr_put(nlh, IFA_ADDRESS, sizeof(a6), &a6);
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
	}
	return tnl_request(nlh);
}

static int
group_setup(void **state)
{
	if (link_set_up(1, true) != 0)
		return -1;
	if (veth_add("nlt0", "nlt1") != 0)
		return -1;
	if ((if0 = if_nametoindex("nlt0")) == 0 ||
	    (if1 = if_nametoindex("nlt1")) == 0)
		return -1;
	if (link_set_up(if0, true) != 0 || link_set_up(if1, true) != 0)
		return -1;
	if (addr_change(RTM_NEWADDR, if0, "10.1.0.1", 24) != 0 ||
	    addr_change(RTM_NEWADDR, if0, "2001:db8:1::1", 64) != 0)
		return -1;
	return 0;
}

/* ---- routes and results ---- */

static struct nl_route
route4(const char *pfx, uint8_t proto)
{
	struct nl_route	 rt;

	memset(&rt, 0, sizeof(rt));
	rt.family = AF_INET;
	assert_true(prefix4_parse(pfx, &rt.dst.v4));
	rt.protocol = proto;
	rt.table = RT_TABLE_MAIN;
	return rt;
}

static struct nl_route
route6(const char *pfx, uint8_t proto)
{
	struct nl_route	 rt;

	memset(&rt, 0, sizeof(rt));
	rt.family = AF_INET6;
	assert_true(prefix6_parse(pfx, &rt.dst.v6));
	rt.protocol = proto;
	rt.table = RT_TABLE_MAIN;
	return rt;
}

static void
nh_add(struct nl_route *rt, const char *gw, uint32_t ifindex)
{
	struct nl_nexthop *nh = &rt->nh[rt->nnh++];

	memset(nh, 0, sizeof(*nh));
	nh->ifindex = ifindex;
	if (gw == NULL)
		return;
	if (inet_pton(AF_INET, gw, &nh->gw.v4) == 1)
		nh->gw_family = AF_INET;
	else {
		assert_int_equal(inet_pton(AF_INET6, gw, &nh->gw.v6), 1);
		nh->gw_family = AF_INET6;
	}
}

struct results {
	size_t		 n;
	size_t		 errors;
	struct {
		struct nl_fib_result r;
		char	 pfx[PREFIX6_STRLEN];
		char	 msg[128];
	}		 last[8];
};

static void
collect(void *arg, const struct nl_fib_result *r)
{
	struct results	*res = arg;
	size_t		 i = res->n % 8;

	res->n++;
	if (r->error)
		res->errors++;
	res->last[i].r = *r;
	nl_prefix_print(r->family, &r->dst, res->last[i].pfx,
	    sizeof(res->last[i].pfx));
	snprintf(res->last[i].msg, sizeof(res->last[i].msg), "%s",
	    r->msg ? r->msg : "");
	res->last[i].r.msg = NULL;
	if (r->error && res->errors <= 5)
		printf("  failed to %s %s: %s%s%s\n", nl_fib_op_name(r->op),
		    res->last[i].pfx, strerror(r->error), r->msg ? ": " : "",
		    r->msg ? r->msg : "");
}

struct routes {
	size_t		 n;
	struct nl_route	 rt[64];
};

static void
keep_route(void *arg, const struct nl_route *rt)
{
	struct routes	*rs = arg;

	if (rs->n < 64)
		rs->rt[rs->n] = *rt;
	rs->n++;
}

static long
dump_proto(struct nl_dump *d, uint8_t proto, struct routes *rs)
{
	struct nl_protoset ps;
	long		 n;

	memset(&ps, 0, sizeof(ps));
	nl_protoset_add(&ps, proto);
	memset(rs, 0, sizeof(*rs));
	n = nl_dump_routes(d, &ps, RT_TABLE_MAIN, keep_route, rs);
	assert_true(n >= 0);
	assert_int_equal((size_t)n, rs->n);
	return n;
}

static const struct nl_route *
find_route(const struct routes *rs, const struct nl_route *want)
{
	size_t		 i;

	for (i = 0; i < rs->n && i < 64; i++)
		if (nl_route_same_key(want, &rs->rt[i]))
			return &rs->rt[i];
	return NULL;
}

static void
fib_apply(struct nl_fib *fib, enum nl_fib_op op, const struct nl_route *rt)
{
	if (op == NL_FIB_INSTALL)
		assert_int_equal(nl_fib_install(fib, rt), 0);
	else
		assert_int_equal(nl_fib_remove(fib, rt), 0);
}

/* Install want, check the kernel has exactly it; returns nothing. */
static void
install_and_check(struct nl_fib *fib, struct nl_dump *d,
    struct results *res, const struct nl_route *want)
{
	struct routes	 rs;
	const struct nl_route *kern;
	char		 b1[NL_ROUTE_STRLEN], b2[NL_ROUTE_STRLEN];
	size_t		 before = res->n;

	fib_apply(fib, NL_FIB_INSTALL, want);
	assert_int_equal(nl_fib_flush_sync(fib), 0);
	assert_int_equal(res->n, before + 1);
	assert_int_equal(res->errors, 0);
	dump_proto(d, want->protocol, &rs);
	kern = find_route(&rs, want);
	assert_non_null(kern);
	if (!nl_route_same_content(want, kern)) {
		print_message("want %s\nkern %s\n",
		    nl_route_print(want, b1, sizeof(b1)),
		    nl_route_print(kern, b2, sizeof(b2)));
		fail();
	}
}

static char *
run_cmd(const char *cmd, char *out, size_t size)
{
	FILE		*f;
	size_t		 n;

	assert_non_null(f = popen(cmd, "r"));
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	pclose(f);
	return out;
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ---- pure: build and parse ---- */

static void
test_build_parse(void **state)
{
	uint8_t		 buf[4096] __attribute__((aligned(4)));
	struct nl_route	 rt = route4("10.9.0.0/16", PROTO_OSPF), back;
	struct nl_route	 r6 = route6("2001:db8:9::/48", PROTO_OSPF);
	enum nl_event	 ev;
	size_t		 len, cut, small, tmp;
	unsigned int	 i;
	char		 gw[32];

	rt.has_metric = true;
	rt.metric = 20;
	for (i = 0; i < NL_NEXTHOP_MAX; i++) {
		snprintf(gw, sizeof(gw), "10.1.0.%u", i + 2);
		nh_add(&rt, gw, i % 2 ? if0 : 0);
		rt.nh[i].weight = (uint16_t)(i + 1);
	}
	assert_int_equal(nl_route_build(buf, sizeof(buf), NL_FIB_INSTALL, &rt,
	    7, &len), 0);
	assert_int_equal(nl_route_parse(buf, len, &back, &ev), NL_PARSE_OK);
	assert_int_equal(ev, NL_EV_NEW);
	assert_true(nl_route_same_key(&rt, &back));
	assert_true(nl_route_same_content(&rt, &back));
	assert_int_equal(back.nnh, NL_NEXTHOP_MAX);

	/* Every cut of the message is refused or parses within bounds. */
	for (cut = 0; cut < len; cut++) {
		struct nlmsghdr	*h = (struct nlmsghdr *)buf;
		uint32_t	 save = h->nlmsg_len;

		assert_int_equal(nl_route_parse(buf, cut, &back, &ev),
		    NL_PARSE_BAD);
		h->nlmsg_len = (uint32_t)cut;
		(void)nl_route_parse(buf, len, &back, &ev);
		h->nlmsg_len = save;
	}
	/* No room: ENOSPC at every size short of the whole. */
	for (small = 0; small < len; small += 4) {
		errno = 0;
		assert_int_equal(nl_route_build(buf, small, NL_FIB_INSTALL,
		    &rt, 7, &tmp), -1);
		assert_int_equal(errno, ENOSPC);
	}

	/* IPv4 via IPv6 (RTA_VIA), and IPv6 with one hop. */
	rt.nnh = 0;
	nh_add(&rt, "fe80::1", if0);
	assert_int_equal(nl_route_build(buf, sizeof(buf), NL_FIB_INSTALL, &rt,
	    8, &len), 0);
	assert_int_equal(nl_route_parse(buf, len, &back, &ev), NL_PARSE_OK);
	assert_true(nl_route_same_content(&rt, &back));
	nh_add(&r6, "2001:db8:1::2", if0);
	assert_int_equal(nl_route_build(buf, sizeof(buf), NL_FIB_REMOVE, &r6,
	    9, &len), 0);
	assert_int_equal(nl_route_parse(buf, len, &back, &ev), NL_PARSE_OK);
	assert_int_equal(ev, NL_EV_DEL);
	assert_true(nl_route_same_key(&r6, &back));
	assert_int_equal(back.nnh, 0);	/* removal goes by key */

	/* Routes the kernel could not take. */
	rt.nnh = 0;
	assert_int_equal(nl_route_build(buf, sizeof(buf), NL_FIB_INSTALL, &rt,
	    1, &len), -1);		/* unicast without next hop */
	assert_int_equal(errno, EINVAL);
	rt.type = RTN_BLACKHOLE;
	nh_add(&rt, "10.1.0.2", 0);
	assert_int_equal(nl_route_build(buf, sizeof(buf), NL_FIB_INSTALL, &rt,
	    1, &len), -1);		/* blackhole with a next hop */
	r6.nnh = 0;
	nh_add(&r6, "10.1.0.2", 0);
	assert_int_equal(nl_route_build(buf, sizeof(buf), NL_FIB_INSTALL, &r6,
	    1, &len), -1);		/* IPv6 via IPv4 */
	rt.family = AF_UNSPEC;
	assert_int_equal(nl_route_build(buf, sizeof(buf), NL_FIB_REMOVE, &rt,
	    1, &len), -1);
	assert_int_equal(nl_route_build(buf + 1, sizeof(buf) - 1,
	    NL_FIB_REMOVE, &r6, 1, &len), -1);	/* unaligned */
}

static void
test_parse_malformed(void **state)
{
	struct {
		struct nlmsghdr	 h;
		struct rtmsg	 rtm;
		uint8_t		 attrs[64];
	}		 m;
	struct nl_route	 rt;
	struct nl_link	 l;
	struct nl_ifaddr a;
	enum nl_event	 ev;
	struct nlattr	 na;
	size_t		 base = NLMSG_HDRLEN + sizeof(struct rtmsg);

	memset(&m, 0, sizeof(m));
	m.h.nlmsg_type = RTM_NEWROUTE;
	m.h.nlmsg_len = (uint32_t)base;
	m.rtm.rtm_family = AF_INET;
	assert_int_equal(nl_route_parse(&m, sizeof(m), &rt, &ev), NL_PARSE_OK);
	assert_int_equal(rt.nnh, 0);

	m.rtm.rtm_dst_len = 33;			/* longer than IPv4 */
	assert_int_equal(nl_route_parse(&m, sizeof(m), &rt, &ev),
	    NL_PARSE_BAD);
	m.rtm.rtm_dst_len = 24;			/* no RTA_DST */
	assert_int_equal(nl_route_parse(&m, sizeof(m), &rt, &ev),
	    NL_PARSE_BAD);

	/* An attribute running past the message. */
	na.nla_type = RTA_DST;
	na.nla_len = 40;
	memcpy(m.attrs, &na, sizeof(na));
	m.h.nlmsg_len = (uint32_t)(base + 8);
	assert_int_equal(nl_route_parse(&m, sizeof(m), &rt, &ev),
	    NL_PARSE_BAD);
	/* RTA_DST of the wrong size. */
	na.nla_len = 4 + 3;
	memcpy(m.attrs, &na, sizeof(na));
	assert_int_equal(nl_route_parse(&m, sizeof(m), &rt, &ev),
	    NL_PARSE_BAD);
	/* A multipath entry with rtnh_len past its attribute. */
	m.rtm.rtm_dst_len = 0;
	na.nla_type = RTA_MULTIPATH;
	na.nla_len = 4 + 8;
	memcpy(m.attrs, &na, sizeof(na));
	m.attrs[4] = 200;			/* rtnh_len */
	m.h.nlmsg_len = (uint32_t)(base + 12);
	assert_int_equal(nl_route_parse(&m, sizeof(m), &rt, &ev),
	    NL_PARSE_BAD);
	/* nlmsg_len past the buffer, and other families skipped. */
	assert_int_equal(nl_route_parse(&m, base, &rt, &ev), NL_PARSE_BAD);
	m.h.nlmsg_len = (uint32_t)base;
	m.rtm.rtm_family = AF_BRIDGE;
	assert_int_equal(nl_route_parse(&m, sizeof(m), &rt, &ev),
	    NL_PARSE_SKIP);
	m.h.nlmsg_type = RTM_NEWLINK;
	assert_int_equal(nl_route_parse(&m, sizeof(m), &rt, &ev),
	    NL_PARSE_SKIP);
	/* A link message too short for its ifinfomsg, with no index. */
	m.h.nlmsg_len = NLMSG_HDRLEN + 8;
	assert_int_equal(nl_link_parse(&m, sizeof(m), &l, &ev), NL_PARSE_BAD);
	m.h.nlmsg_len = NLMSG_HDRLEN + sizeof(struct ifinfomsg);
	memset(&m.rtm, 0, sizeof(m.rtm));
	assert_int_equal(nl_link_parse(&m, sizeof(m), &l, &ev), NL_PARSE_BAD);
	/* An address message without any address. */
	m.h.nlmsg_type = RTM_NEWADDR;
	m.h.nlmsg_len = NLMSG_HDRLEN + sizeof(struct ifaddrmsg);
	((uint8_t *)&m.rtm)[0] = AF_INET;	/* ifa_family */
	((uint8_t *)&m.rtm)[4] = 1;		/* ifa_index */
	assert_int_equal(nl_ifaddr_parse(&m, sizeof(m), &a, &ev),
	    NL_PARSE_BAD);
}

/* ---- kernel: FIB ---- */

struct fixture {
	struct nl_fib	*fib;
	struct nl_dump	*dump;
	struct results	 res;
};

static int
fixture_setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	if (f == NULL || (f->fib = nl_fib_new(NULL, collect, &f->res)) ==
	    NULL || (f->dump = nl_dump_new(NULL, NULL)) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
fixture_teardown(void **state)
{
	struct fixture	*f = *state;
	struct nl_protoset ps;

	memset(&ps, 0, sizeof(ps));
	nl_protoset_add(&ps, PROTO_OSPF);
	nl_protoset_add(&ps, PROTO_RIP);
	nl_protoset_add(&ps, PROTO_STATIC);
	(void)nl_fib_flush_protocols(f->fib, f->dump, &ps, RT_TABLE_MAIN);
	nl_fib_del(f->fib);
	nl_dump_del(f->dump);
	free(f);
	return 0;
}

static void
test_install_replace_remove(void **state)
{
	struct fixture	*f = *state;
	struct nl_route	 rt = route4("10.10.0.0/24", PROTO_OSPF);
	struct routes	 rs;
	char		 out[4096];

	rt.has_metric = true;
	rt.metric = 20;
	nh_add(&rt, "10.1.0.2", if0);
	install_and_check(f->fib, f->dump, &f->res, &rt);
	run_cmd("ip route show proto 188", out, sizeof(out));
	assert_non_null(strstr(out,
	    "10.10.0.0/24 via 10.1.0.2 dev nlt0 metric 20"));

	/* A new next hop is one replace: still one route. */
	rt.nh[0].gw.v4.s_addr = htonl(0x0a010003);
	install_and_check(f->fib, f->dump, &f->res, &rt);
	assert_int_equal(dump_proto(f->dump, PROTO_OSPF, &rs), 1);
	assert_int_equal(ntohl(rs.rt[0].nh[0].gw.v4.s_addr), 0x0a010003);

	/* Device route, no gateway: scope link. */
	rt = route4("10.10.1.0/24", PROTO_OSPF);
	nh_add(&rt, NULL, if0);
	install_and_check(f->fib, f->dump, &f->res, &rt);

	fib_apply(f->fib, NL_FIB_REMOVE, &rt);
	rt = route4("10.10.0.0/24", PROTO_OSPF);
	rt.has_metric = true;
	rt.metric = 20;
	fib_apply(f->fib, NL_FIB_REMOVE, &rt);
	assert_int_equal(nl_fib_flush_sync(f->fib), 0);
	assert_int_equal(f->res.errors, 0);
	assert_int_equal(dump_proto(f->dump, PROTO_OSPF, &rs), 0);
	run_cmd("ip route show proto 188", out, sizeof(out));
	assert_string_equal(out, "");
}

static void
test_multipath(void **state)
{
	struct fixture	*f = *state;
	struct nl_route	 rt = route4("10.11.0.0/24", PROTO_OSPF);
	struct routes	 rs;
	char		 gw[32];
	unsigned int	 i;

	nh_add(&rt, "10.1.0.2", if0);
	nh_add(&rt, "10.1.0.3", if0);
	rt.nh[1].weight = 3;
	install_and_check(f->fib, f->dump, &f->res, &rt);

	rt = route4("10.12.0.0/24", PROTO_OSPF);
	for (i = 0; i < 16; i++) {
		snprintf(gw, sizeof(gw), "10.1.0.%u", i + 2);
		nh_add(&rt, gw, i % 2 ? if0 : 0);
	}
	install_and_check(f->fib, f->dump, &f->res, &rt);

	/* Shrink 16 to 2 hops in one replace. */
	rt.nnh = 2;
	install_and_check(f->fib, f->dump, &f->res, &rt);
	assert_int_equal(dump_proto(f->dump, PROTO_OSPF, &rs), 2);
}

static void
test_blackhole_ipv6(void **state)
{
	struct fixture	*f = *state;
	struct nl_route	 rt = route4("10.13.0.0/24", PROTO_STATIC);
	struct routes	 rs;

	rt.type = RTN_BLACKHOLE;
	install_and_check(f->fib, f->dump, &f->res, &rt);
	dump_proto(f->dump, PROTO_STATIC, &rs);
	assert_int_equal(rs.rt[0].type, RTN_BLACKHOLE);
	assert_int_equal(rs.rt[0].nnh, 0);

	rt = route6("2001:db8:dead::/48", PROTO_STATIC);
	rt.type = RTN_BLACKHOLE;
	install_and_check(f->fib, f->dump, &f->res, &rt);

	rt = route6("2001:db8:100::/48", PROTO_OSPF);
	rt.has_metric = true;
	rt.metric = 100;
	nh_add(&rt, "2001:db8:1::2", if0);
	install_and_check(f->fib, f->dump, &f->res, &rt);
	nh_add(&rt, "2001:db8:1::3", if0);	/* to multipath, one replace */
	install_and_check(f->fib, f->dump, &f->res, &rt);
	rt.nnh = 1;
	rt.nh[0].gw.v6.s6_addr[15] = 4;		/* back to one, elsewhere */
	install_and_check(f->fib, f->dump, &f->res, &rt);
	assert_int_equal(dump_proto(f->dump, PROTO_OSPF, &rs), 1);
	assert_int_equal(rs.rt[0].nnh, 1);

	/* Link-local gateway, default metric. */
	rt = route6("2001:db8:101::/48", PROTO_OSPF);
	nh_add(&rt, "fe80::1", if0);
	install_and_check(f->fib, f->dump, &f->res, &rt);
	fib_apply(f->fib, NL_FIB_REMOVE, &rt);
	assert_int_equal(nl_fib_flush_sync(f->fib), 0);
	assert_int_equal(f->res.errors, 0);
}

/* Good and bad changes in one batch: each verdict reaches its own route. */
static void
test_errors(void **state)
{
	struct fixture	*f = *state;
	struct nl_route	 good1 = route4("10.20.1.0/24", PROTO_OSPF);
	struct nl_route	 bad = route4("10.20.2.0/24", PROTO_OSPF);
	struct nl_route	 good2 = route4("10.20.3.0/24", PROTO_OSPF);
	struct nl_route	 gone = route4("10.20.4.0/24", PROTO_OSPF);
	struct nl_route	 baddev = route4("10.20.5.0/24", PROTO_OSPF);
	struct routes	 rs;
	size_t		 i;

	nh_add(&good1, "10.1.0.2", 0);
	nh_add(&bad, "192.0.2.1", 0);
	nh_add(&good2, "10.1.0.2", if0);
	nh_add(&baddev, NULL, 9999);		/* no such interface */
	memset(&f->res, 0, sizeof(f->res));
	fib_apply(f->fib, NL_FIB_INSTALL, &good1);
	fib_apply(f->fib, NL_FIB_INSTALL, &bad);
	fib_apply(f->fib, NL_FIB_INSTALL, &good2);
	fib_apply(f->fib, NL_FIB_REMOVE, &gone);
	fib_apply(f->fib, NL_FIB_INSTALL, &baddev);
	assert_int_equal(nl_fib_pending(f->fib), 5);
	assert_int_equal(nl_fib_flush_sync(f->fib), 0);
	assert_int_equal(nl_fib_pending(f->fib), 0);
	assert_int_equal(f->res.n, 5);
	assert_int_equal(f->res.errors, 3);
	for (i = 0; i < 5; i++) {
		const char *pfx = f->res.last[i].pfx;

		if (strcmp(pfx, "10.20.2.0/24") == 0)
			assert_int_equal(f->res.last[i].r.error, ENETUNREACH);
		else if (strcmp(pfx, "10.20.4.0/24") == 0) {
			assert_int_equal(f->res.last[i].r.error, ESRCH);
			assert_int_equal(f->res.last[i].r.op, NL_FIB_REMOVE);
		} else if (strcmp(pfx, "10.20.5.0/24") == 0)
			assert_int_equal(f->res.last[i].r.error, ENODEV);
		else
			assert_int_equal(f->res.last[i].r.error, 0);
		assert_int_equal(f->res.last[i].r.protocol, PROTO_OSPF);
	}
	assert_int_equal(dump_proto(f->dump, PROTO_OSPF, &rs), 2);
	assert_non_null(find_route(&rs, &good1));
	assert_non_null(find_route(&rs, &good2));

	/* Refused before queueing. */
	bad.nnh = 0;
	assert_int_equal(nl_fib_install(f->fib, &bad), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(nl_fib_pending(f->fib), 0);
}

struct bulk {
	uint8_t		*seen;
	size_t		 count;
	size_t		 other;
};

static void
bulk_seen(void *arg, const struct nl_route *rt)
{
	struct bulk	*b = arg;
	uint32_t	 i = (ntohl(rt->dst.v4.addr.s_addr) - 0x14000000) >> 8;

	if (rt->family == AF_INET && rt->dst.v4.len == 24 && i < BULK &&
	    !b->seen[i]) {
		b->seen[i] = 1;
		b->count++;
	} else
		b->other++;
}

static void
bulk_route(struct nl_route *rt, uint32_t i)
{
	memset(rt, 0, sizeof(*rt));
	rt->family = AF_INET;
	rt->dst.v4.addr.s_addr = htonl(0x14000000 + (i << 8));
	rt->dst.v4.len = 24;
	rt->protocol = PROTO_OSPF;
	rt->nnh = 1;
	rt->nh[0].gw_family = AF_INET;
	rt->nh[0].gw.v4.s_addr = htonl(0x0a010002);
	rt->nh[0].ifindex = if0;
}

static void
bulk_run(struct fixture *f, size_t batch)
{
	struct nl_protoset ps;
	struct nl_route	 rt;
	struct bulk	 b;
	struct timespec	 t0;
	double		 tin, tdump, tout;
	uint64_t	 batches;
	uint32_t	 i;

	memset(&ps, 0, sizeof(ps));
	nl_protoset_add(&ps, PROTO_OSPF);
	memset(&b, 0, sizeof(b));
	assert_non_null(b.seen = calloc(BULK, 1));
	memset(&f->res, 0, sizeof(f->res));
	assert_int_equal(nl_fib_set_batch(f->fib, batch), 0);
	batches = nl_fib_stats(f->fib)->batches;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < BULK; i++) {
		bulk_route(&rt, i);
		assert_int_equal(nl_fib_install(f->fib, &rt), 0);
	}
	assert_int_equal(nl_fib_flush_sync(f->fib), 0);
	tin = ms_since(&t0);
	batches = nl_fib_stats(f->fib)->batches - batches;
	assert_int_equal(f->res.n, BULK);
	assert_int_equal(f->res.errors, 0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(nl_dump_routes(f->dump, &ps, RT_TABLE_MAIN,
	    bulk_seen, &b), BULK);
	tdump = ms_since(&t0);
	assert_int_equal(b.count, BULK);	/* none missing */
	assert_int_equal(b.other, 0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < BULK; i++) {
		bulk_route(&rt, i);
		assert_int_equal(nl_fib_remove(f->fib, &rt), 0);
	}
	assert_int_equal(nl_fib_flush_sync(f->fib), 0);
	tout = ms_since(&t0);
	assert_int_equal(f->res.n, 2 * BULK);
	assert_int_equal(f->res.errors, 0);
	free(b.seen);
	memset(&b, 0, sizeof(b));
	assert_non_null(b.seen = calloc(BULK, 1));
	assert_int_equal(nl_dump_routes(f->dump, &ps, RT_TABLE_MAIN,
	    bulk_seen, &b), 0);
	free(b.seen);

	printf("netlink: %d routes, %zu KB batches (%llu sendmsg): "
	    "install %.0f ms (%.0f/s), dump %.0f ms, remove %.0f ms "
	    "(%.0f/s)\n", BULK, batch / 1024, (unsigned long long)batches,
	    tin, BULK / tin * 1e3, tdump, tout, BULK / tout * 1e3);
}

static void
test_bulk(void **state)
{
	bulk_run(*state, 64 * 1024);
	bulk_run(*state, 256 * 1024);
}

static void
test_flush_protocols(void **state)
{
	struct fixture	*f = *state;
	struct nl_protoset ps;
	struct nl_route	 rt;
	struct routes	 rs;
	uint32_t	 i;

	for (i = 0; i < 110; i++) {
		rt = route4("10.30.0.0/32", i < 50 ? PROTO_OSPF :
		    i < 100 ? PROTO_RIP : PROTO_STATIC);
		rt.dst.v4.addr.s_addr = htonl(0x0a1e0000 + i);
		nh_add(&rt, "10.1.0.2", if0);
		fib_apply(f->fib, NL_FIB_INSTALL, &rt);
	}
	rt = route6("2001:db8:30::/64", PROTO_RIP);
	nh_add(&rt, "2001:db8:1::2", if0);
	fib_apply(f->fib, NL_FIB_INSTALL, &rt);
	assert_int_equal(nl_fib_flush_sync(f->fib), 0);

	memset(&ps, 0, sizeof(ps));
	nl_protoset_add(&ps, PROTO_OSPF);
	nl_protoset_add(&ps, PROTO_RIP);
	memset(&f->res, 0, sizeof(f->res));
	assert_int_equal(nl_fib_flush_protocols(f->fib, f->dump, &ps,
	    RT_TABLE_MAIN), 101);
	assert_int_equal(f->res.n, 101);
	assert_int_equal(f->res.errors, 0);
	assert_int_equal(dump_proto(f->dump, PROTO_OSPF, &rs), 0);
	assert_int_equal(dump_proto(f->dump, PROTO_RIP, &rs), 0);
	assert_int_equal(dump_proto(f->dump, PROTO_STATIC, &rs), 10);
}

/* ---- kernel: dumps of links and addresses ---- */

struct seen {
	struct nl_link	 lo, l0, l1;
	int		 addrs;		/* bits: 10.1.0.1, 2001:db8:1::1, lo */
	int		 dumps_done;
	int		 resyncs;
	long		 routes;
	long		 routes188;
	int		 link_ev, addr_ev, route_ev;
	enum nl_event	 last_ev;
	struct nl_ifaddr last_addr;
	struct nl_route	 last_route;
	struct timespec	 t_last;
};

static void
seen_link(void *arg, enum nl_event ev, const struct nl_link *l)
{
	struct seen	*s = arg;

	if (l->ifindex == 1)
		s->lo = *l;
	else if (l->ifindex == if0)
		s->l0 = *l;
	else if (l->ifindex == if1)
		s->l1 = *l;
	s->link_ev++;
	s->last_ev = ev;
	clock_gettime(CLOCK_MONOTONIC, &s->t_last);
}

static void
seen_addr(void *arg, enum nl_event ev, const struct nl_ifaddr *a)
{
	struct seen	*s = arg;
	char		 buf[ADDR6_STRLEN];

	if (a->family == AF_INET)
		addr4_print(&a->addr.v4, buf, sizeof(buf));
	else
		addr6_print(&a->addr.v6, buf, sizeof(buf));
	if (strcmp(buf, "10.1.0.1") == 0 && a->prefixlen == 24 &&
	    a->ifindex == if0)
		s->addrs |= 1;
	if (strcmp(buf, "2001:db8:1::1") == 0 && a->prefixlen == 64 &&
	    a->ifindex == if0)
		s->addrs |= 2;
	if (strcmp(buf, "127.0.0.1") == 0 && a->ifindex == 1)
		s->addrs |= 4;
	s->addr_ev++;
	s->last_ev = ev;
	s->last_addr = *a;
}

static void
seen_route(void *arg, enum nl_event ev, const struct nl_route *rt)
{
	struct seen	*s = arg;

	if (ev == NL_EV_DUMP) {
		s->routes++;
		if (rt->protocol == PROTO_OSPF)
			s->routes188++;
	}
	s->route_ev++;
	s->last_ev = ev;
	s->last_route = *rt;
}

static void
seen_done(void *arg, unsigned int kind, int error)
{
	struct seen	*s = arg;

	assert_int_equal(error, 0);
	s->dumps_done |= (int)kind;
}

static void
seen_resync(void *arg)
{
	struct seen	*s = arg;

	s->resyncs++;
	s->routes = 0;
	s->routes188 = 0;
	s->dumps_done = 0;
}

static const struct nl_events seen_events = {
	.link = seen_link,
	.ifaddr = seen_addr,
	.route = seen_route,
	.resync = seen_resync,
	.dump_done = seen_done,
	.table = RT_TABLE_MAIN,
};

static void
test_dump_links_addrs(void **state)
{
	struct nl_events evs = seen_events;
	struct seen	 s;
	struct nl_dump	*d;

	memset(&s, 0, sizeof(s));
	evs.arg = &s;
	assert_non_null(d = nl_dump_new(NULL, &evs));
	assert_int_equal(nl_dump_sync(d, NL_DUMP_ALL), 0);
	assert_int_equal(s.dumps_done, NL_DUMP_ALL);
	assert_string_equal(s.lo.name, "lo");
	assert_true(s.lo.flags & IFF_UP);
	assert_true(s.lo.flags & IFF_LOOPBACK);
	assert_string_equal(s.l0.name, "nlt0");
	assert_string_equal(s.l0.kind, "veth");
	assert_true(s.l0.has_mac);
	assert_int_equal(s.l0.mtu, 1500);
	assert_true(s.l0.flags & IFF_UP);
	assert_true(s.l0.flags & IFF_LOWER_UP);
	assert_true(s.l0.flags & IFF_RUNNING);
	assert_string_equal(s.l1.name, "nlt1");
	assert_int_equal(s.addrs, 7);
	assert_true(s.routes >= 2);	/* the connected routes of nlt0 */
	assert_int_equal(s.last_ev, NL_EV_DUMP);
	nl_dump_del(d);
}

/* ---- kernel: monitor ---- */

struct loop {
	struct event_base *base;
	struct nl_dump	*dump;
	struct nl_monitor *mon;
	struct seen	 s;
};

static void
loop_stop(evutil_socket_t fd, short ev, void *arg)
{
	*(bool *)arg = true;
}

/* Run the loop until *cond (checked after every wakeup) or timeout. */
static bool
loop_until(struct event_base *base, bool (*cond)(void *), void *arg,
    int timeout_ms)
{
	struct timeval	 tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	struct event	*timer;
	bool		 expired = false;

	timer = evtimer_new(base, loop_stop, &expired);
	evtimer_add(timer, &tv);
	while (!cond(arg) && !expired)
		event_base_loop(base, EVLOOP_ONCE);
	event_free(timer);
	return cond(arg);
}

static int
loop_setup(void **state)
{
	struct loop	*l = calloc(1, sizeof(*l));
	struct nl_events evs = seen_events;

	if (l == NULL || (l->base = event_base_new()) == NULL)
		return -1;
	evs.arg = &l->s;
	if ((l->dump = nl_dump_new(l->base, &evs)) == NULL ||
	    (l->mon = nl_monitor_new(l->base, l->dump, &evs)) == NULL)
		return -1;
	*state = l;
	return 0;
}

static int
loop_teardown(void **state)
{
	struct loop	*l = *state;

	nl_monitor_del(l->mon);
	nl_dump_del(l->dump);
	event_base_free(l->base);
	free(l);
	return 0;
}

static bool
l1_down(void *arg)
{
	struct seen	*s = arg;

	return s->l1.ifindex != 0 && !(s->l1.flags & IFF_UP) &&
	    !(s->l0.flags & IFF_LOWER_UP) && s->l0.ifindex != 0;
}

static bool
l1_up(void *arg)
{
	struct seen	*s = arg;

	return (s->l1.flags & IFF_UP) && (s->l0.flags & IFF_RUNNING);
}

static bool
addr_added(void *arg)
{
	struct seen	*s = arg;

	return s->addr_ev > 0 && s->last_ev == NL_EV_NEW &&
	    s->last_addr.prefixlen == 28;
}

static bool
addr_deleted(void *arg)
{
	struct seen	*s = arg;

	return s->addr_ev > 0 && s->last_ev == NL_EV_DEL &&
	    s->last_addr.prefixlen == 28;
}

static bool
route_added(void *arg)
{
	struct seen	*s = arg;

	return s->route_ev > 0 && s->last_ev == NL_EV_NEW &&
	    s->last_route.protocol == PROTO_OSPF;
}

static bool
route_deleted(void *arg)
{
	struct seen	*s = arg;

	return s->route_ev > 0 && s->last_ev == NL_EV_DEL &&
	    s->last_route.protocol == PROTO_OSPF;
}

static void
test_monitor(void **state)
{
	struct loop	*l = *state;
	struct results	 res;
	struct nl_fib	*fib;
	struct nl_route	 rt = route4("10.40.0.0/24", PROTO_OSPF);
	struct timespec	 t0;
	double		 down_ms;
	char		 a[ADDR4_STRLEN];

	memset(&l->s, 0, sizeof(l->s));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(link_set_up(if1, false), 0);
	assert_true(loop_until(l->base, l1_down, &l->s, 2000));
	down_ms = ms_since(&t0);
	printf("netlink: link down seen by the monitor after %.2f ms\n",
	    down_ms);
	assert_true(down_ms < 100);
	assert_int_equal(l->s.last_ev, NL_EV_NEW);

	assert_int_equal(link_set_up(if1, true), 0);
	assert_true(loop_until(l->base, l1_up, &l->s, 2000));

	l->s.addr_ev = 0;
	assert_int_equal(addr_change(RTM_NEWADDR, if0, "10.2.0.1", 28), 0);
	assert_true(loop_until(l->base, addr_added, &l->s, 2000));
	assert_int_equal(l->s.last_addr.ifindex, if0);
	assert_string_equal(addr4_print(&l->s.last_addr.addr.v4, a,
	    sizeof(a)), "10.2.0.1");
	assert_true(l->s.last_addr.has_broadcast == false ||
	    l->s.last_addr.broadcast.v4.s_addr != 0);
	assert_int_equal(addr_change(RTM_DELADDR, if0, "10.2.0.1", 28), 0);
	assert_true(loop_until(l->base, addr_deleted, &l->s, 2000));

	/* Our own routes, programmed through the loop, come back as events. */
	memset(&res, 0, sizeof(res));
	assert_non_null(fib = nl_fib_new(l->base, collect, &res));
	nh_add(&rt, "10.1.0.2", if0);
	assert_int_equal(nl_fib_install(fib, &rt), 0);
	l->s.route_ev = 0;
	assert_true(loop_until(l->base, route_added, &l->s, 2000));
	assert_true(nl_route_same_content(&rt, &l->s.last_route));
	assert_int_equal(res.n, 1);
	assert_int_equal(res.errors, 0);
	assert_int_equal(nl_fib_remove(fib, &rt), 0);
	assert_true(loop_until(l->base, route_deleted, &l->s, 2000));
	assert_int_equal(res.n, 2);
	assert_int_equal(res.errors, 0);
	nl_fib_del(fib);
	assert_int_equal(nl_monitor_stats(l->mon)->overruns, 0);
	assert_int_equal(nl_monitor_stats(l->mon)->bad, 0);
}

struct async {
	struct results	*res;
	size_t		 want;
};

static bool
results_in(void *arg)
{
	struct async	*a = arg;

	return a->res->n >= a->want;
}

static bool
resync_done(void *arg)
{
	struct seen	*s = arg;

	return s->resyncs > 0 && s->dumps_done == NL_DUMP_ALL;
}

/*
 * Changes queued in the loop go out in passes of a few milliseconds and
 * the monitor keeps up. Then a monitor too small for a burst it did not
 * read overflows and recovers with a full dump.
 */
static void
test_async_and_resync(void **state)
{
	struct loop	*l = *state;
	struct results	 res;
	struct async	 a = { &res, 0 };
	struct nl_fib	*fib;
	struct nl_route	 rt;
	uint64_t	 passes;
	uint32_t	 i, n = 20000;

	memset(&res, 0, sizeof(res));
	memset(&l->s, 0, sizeof(l->s));
	assert_non_null(fib = nl_fib_new(l->base, collect, &res));
	for (i = 0; i < n; i++) {
		bulk_route(&rt, i);
		assert_int_equal(nl_fib_install(fib, &rt), 0);
	}
	assert_int_equal(res.n, 0);		/* nothing sent yet */
	passes = nl_fib_stats(fib)->passes;
	a.want = n;
	assert_true(loop_until(l->base, results_in, &a, 20000));
	assert_int_equal(res.errors, 0);
	assert_int_equal(nl_fib_pending(fib), 0);
	passes = nl_fib_stats(fib)->passes - passes;
	printf("netlink: %u routes through the loop in %llu passes\n", n,
	    (unsigned long long)passes);
	assert_true(passes > 1);
	assert_int_equal(nl_monitor_stats(l->mon)->overruns, 0);

	/* A burst the monitor does not read: remove all, put half back. */
	assert_int_equal(nl_monitor_set_rcvbuf(l->mon, 64 * 1024), 0);
	for (i = 0; i < n; i++) {
		bulk_route(&rt, i);
		assert_int_equal(nl_fib_remove(fib, &rt), 0);
	}
	assert_int_equal(nl_fib_flush_sync(fib), 0);
	for (i = 0; i < n / 2; i++) {
		bulk_route(&rt, i);
		assert_int_equal(nl_fib_install(fib, &rt), 0);
	}
	assert_int_equal(nl_fib_flush_sync(fib), 0);
	assert_int_equal(res.n, 2 * n + n / 2);
	assert_int_equal(res.errors, 0);
	memset(&l->s, 0, sizeof(l->s));
	assert_true(loop_until(l->base, resync_done, &l->s, 20000));
	assert_true(nl_monitor_stats(l->mon)->overruns >= 1);
	assert_int_equal(l->s.routes188, n / 2);
	assert_int_equal(nl_monitor_set_rcvbuf(l->mon, 32 * 1024 * 1024), 0);

	for (i = 0; i < n / 2; i++) {
		bulk_route(&rt, i);
		assert_int_equal(nl_fib_remove(fib, &rt), 0);
	}
	assert_int_equal(nl_fib_flush_sync(fib), 0);
	assert_int_equal(res.errors, 0);
	nl_fib_del(fib);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_build_parse),
		cmocka_unit_test(test_parse_malformed),
	};
	const struct CMUnitTest kernel[] = {
		cmocka_unit_test_setup_teardown(test_install_replace_remove,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_multipath,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_blackhole_ipv6,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_errors,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_flush_protocols,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bulk,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test(test_dump_links_addrs),
		cmocka_unit_test_setup_teardown(test_monitor,
		    loop_setup, loop_teardown),
		cmocka_unit_test_setup_teardown(test_async_and_resync,
		    loop_setup, loop_teardown),
	};
	int		 fails;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fails = cmocka_run_group_tests_name("netlink_pure", pure, NULL, NULL);
	if (geteuid() != 0) {
		printf("netlink: skipping kernel tests: needs root "
		    "(CAP_SYS_ADMIN for a network namespace)\n");
		return fails ? fails : 77;
	}
	if (unshare(CLONE_NEWNET) == -1) {
		printf("netlink: skipping kernel tests: unshare(CLONE_NEWNET): "
		    "%s\n", strerror(errno));
		return fails ? fails : 77;
	}
	if (group_setup(NULL) != 0) {
		printf("netlink: cannot set up nlt0/nlt1 in the namespace\n");
		return 1;
	}
	return fails + cmocka_run_group_tests_name("netlink_kernel", kernel,
	    NULL, NULL);
}

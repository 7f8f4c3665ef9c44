/*
 * DOC: libFuzzer target for the rtnetlink decoders of lib/netlink. The
 * input is one datagram as the kernel would send it: a run of netlink
 * messages, each fed to the route, link, address and ack parsers (the
 * input is used in place, unaligned as it comes). Accepted objects must
 * hold their invariants, and a route the builder takes must come back
 * from nl_route_parse() the same route (same key, same content).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netlink.h"
#include "rtnl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_route(const struct nl_route *rt)
{
	uint8_t		 buf[4096] __attribute__((aligned(8)));
	char		 text[NL_ROUTE_STRLEN];
	struct nl_route	 want = *rt, back;
	enum nl_event	 ev;
	size_t		 len;
	unsigned int	 i;

	if (rt->nnh > NL_NEXTHOP_MAX ||
	    (rt->family == AF_INET && rt->dst.v4.len > 32) ||
	    (rt->family == AF_INET6 && rt->dst.v6.len > 128))
		abort();
	nl_route_print(rt, text, sizeof(text));
	if (strlen(text) >= sizeof(text))
		abort();

	/* A single path carries no weight on the wire. */
	if (want.nnh == 1)
		want.nh[0].weight = 1;
	for (i = 0; i < want.nnh; i++)
		want.nh[i].weight = want.nh[i].weight ? want.nh[i].weight : 1;
	if (nl_route_build(buf, sizeof(buf), NL_FIB_INSTALL, &want, 1,
	    &len) == -1)
		return;
	if (nl_route_parse(buf, len, &back, &ev) != NL_PARSE_OK ||
	    ev != NL_EV_NEW || !nl_route_same_key(&want, &back) ||
	    !nl_route_same_content(&want, &back))
		abort();
	if (nl_route_build(buf, sizeof(buf), NL_FIB_REMOVE, &want, 2,
	    &len) == -1 ||
	    nl_route_parse(buf, len, &back, &ev) != NL_PARSE_OK ||
	    ev != NL_EV_DEL || !nl_route_same_key(&want, &back))
		abort();
}

static void
check_one(const uint8_t *p, size_t len)
{
	struct nl_route	 rt;
	struct nl_link	 l;
	struct nl_ifaddr a;
	struct rtnl_ack	 ack;
	enum nl_event	 ev;

	if (nl_route_parse(p, len, &rt, &ev) == NL_PARSE_OK)
		check_route(&rt);
	if (nl_link_parse(p, len, &l, &ev) == NL_PARSE_OK &&
	    (l.ifindex == 0 || memchr(l.name, '\0', sizeof(l.name)) == NULL ||
	    memchr(l.kind, '\0', sizeof(l.kind)) == NULL))
		abort();
	if (nl_ifaddr_parse(p, len, &a, &ev) == NL_PARSE_OK &&
	    (a.prefixlen > (a.family == AF_INET ? 32 : 128) ||
	    memchr(a.label, '\0', sizeof(a.label)) == NULL))
		abort();
	if (rtnl_ack_parse(p, len, &ack) == NL_PARSE_OK &&
	    (ack.error < 0 || ack.error > 4095 ||
	    memchr(ack.msg, '\0', sizeof(ack.msg)) == NULL))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		 step;

	while (size >= NLMSG_HDRLEN) {
		step = rtnl_msg_next(data, size);
		check_one(data, size);
		data += step;
		size -= step;
	}
	return 0;
}

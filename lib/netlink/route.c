/*
 * DOC: routes on the wire. nl_route_parse() turns one RTM_NEWROUTE or
 * RTM_DELROUTE message into a struct nl_route, including RTA_MULTIPATH's
 * rtnexthop list, each length checked against its parent's;
 * nl_route_build() writes the request for one route change into a
 * caller's buffer and refuses routes the kernel could not take. The
 * comparisons are what reconciliation needs: the identity of a route in
 * the kernel (family, prefix, table, metric) and its content (protocol,
 * type, source, next hops as a set). All pure.
 */
#include <sys/socket.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rtnl.h"

#define IP6_RT_PRIO_USER	1024	/* kernel's IPv6 metric when none given */

static size_t
family_addrlen(uint8_t family)
{
	switch (family) {
	case AF_INET:
		return sizeof(struct in_addr);
	case AF_INET6:
		return sizeof(struct in6_addr);
	default:
		return 0;
	}
}

static unsigned int
family_maxlen(uint8_t family)
{
	return family == AF_INET ? 32 : 128;
}

static void
prefix_set(uint8_t family, union nl_prefix *dst, const void *addr,
    uint8_t len)
{
	if (family == AF_INET) {
		memcpy(&dst->v4.addr, addr, sizeof(dst->v4.addr));
		dst->v4.len = len;
		prefix4_mask(&dst->v4);
	} else {
		memcpy(&dst->v6.addr, addr, sizeof(dst->v6.addr));
		dst->v6.len = len;
		prefix6_mask(&dst->v6);
	}
}

/* RTA_GATEWAY (route's family) or RTA_VIA (any family) of one next hop. */
static int
nexthop_gw(uint8_t family, const uint8_t *gw, const uint8_t *via,
    struct nl_nexthop *nh)
{
	struct rtvia	 v;
	size_t		 alen;

	if (gw != NULL) {
		if (!rtnl_attr_bytes(gw, &nh->gw, family_addrlen(family)))
			return NL_PARSE_BAD;
		nh->gw_family = family;
	} else if (via != NULL) {
		if (rtnl_attr_len(via) < sizeof(v))
			return NL_PARSE_BAD;
		memcpy(&v, rtnl_attr_data(via), sizeof(v));
		if (v.rtvia_family > UINT8_MAX ||
		    (alen = family_addrlen((uint8_t)v.rtvia_family)) == 0 ||
		    rtnl_attr_len(via) != sizeof(v) + alen)
			return NL_PARSE_BAD;
		memcpy(&nh->gw, rtnl_attr_data(via) + sizeof(v), alen);
		nh->gw_family = (uint8_t)v.rtvia_family;
	}
	return NL_PARSE_OK;
}

static int
multipath_parse(const uint8_t *mp, struct nl_route *rt)
{
	const uint8_t	*tb[RTA_MAX + 1];
	const uint8_t	*p = rtnl_attr_data(mp);
	size_t		 left = rtnl_attr_len(mp), step;
	struct rtnexthop rtnh;
	struct nl_nexthop *nh;

	while (left > 0) {
		if (left < sizeof(rtnh))
			return NL_PARSE_BAD;
		memcpy(&rtnh, p, sizeof(rtnh));
		if (rtnh.rtnh_len < sizeof(rtnh) || rtnh.rtnh_len > left)
			return NL_PARSE_BAD;
		if (rtnl_attr_index(p + RTNH_ALIGN(sizeof(rtnh)),
		    rtnh.rtnh_len - RTNH_ALIGN(sizeof(rtnh)), tb,
		    RTA_MAX) != NL_PARSE_OK)
			return NL_PARSE_BAD;
		if (rt->nnh == NL_NEXTHOP_MAX)
			rt->nh_truncated = true;
		else {
			nh = &rt->nh[rt->nnh++];
			nh->ifindex = (uint32_t)rtnh.rtnh_ifindex;
			nh->weight = (uint16_t)(rtnh.rtnh_hops + 1);
			nh->flags = rtnh.rtnh_flags;
			if (nexthop_gw(rt->family, tb[RTA_GATEWAY], tb[RTA_VIA],
			    nh) != NL_PARSE_OK)
				return NL_PARSE_BAD;
		}
		step = RTNH_ALIGN(rtnh.rtnh_len);
		if (step >= left)
			break;
		p += step;
		left -= step;
	}
	return NL_PARSE_OK;
}

/*
 * One RTM_NEWROUTE / RTM_DELROUTE message. NL_PARSE_SKIP for other
 * messages, families other than IPv4 and IPv6, and cached clones.
 */
int
nl_route_parse(const void *buf, size_t len, struct nl_route *rt,
    enum nl_event *ev)
{
	const uint8_t	*tb[RTA_MAX + 1];
	struct rtnl_msg	 m;
	struct rtmsg	 rtm;
	uint8_t		 dst[sizeof(struct in6_addr)];
	size_t		 alen;
	uint32_t	 v;

	memset(rt, 0, sizeof(*rt));
	if (rtnl_msg_read(buf, len, &rtm, sizeof(rtm), &m) != NL_PARSE_OK)
		return NL_PARSE_BAD;
	switch (m.hdr.nlmsg_type) {
	case RTM_NEWROUTE:
		*ev = NL_EV_NEW;
		break;
	case RTM_DELROUTE:
		*ev = NL_EV_DEL;
		break;
	default:
		return NL_PARSE_SKIP;
	}
	if ((alen = family_addrlen(rtm.rtm_family)) == 0 ||
	    (rtm.rtm_flags & RTM_F_CLONED))
		return NL_PARSE_SKIP;
	if (rtm.rtm_dst_len > family_maxlen(rtm.rtm_family))
		return NL_PARSE_BAD;
	if (rtnl_attr_index(m.attrs, m.attrlen, tb, RTA_MAX) != NL_PARSE_OK)
		return NL_PARSE_BAD;

	rt->family = rtm.rtm_family;
	rt->protocol = rtm.rtm_protocol;
	rt->type = rtm.rtm_type;
	rt->scope = rtm.rtm_scope;
	rt->tos = rtm.rtm_tos;
	rt->flags = rtm.rtm_flags;
	rt->table = rtm.rtm_table;
	if (tb[RTA_TABLE] && !rtnl_attr_u32(tb[RTA_TABLE], &rt->table))
		return NL_PARSE_BAD;
	memset(dst, 0, sizeof(dst));
	if (tb[RTA_DST]) {
		if (!rtnl_attr_bytes(tb[RTA_DST], dst, alen))
			return NL_PARSE_BAD;
	} else if (rtm.rtm_dst_len != 0)
		return NL_PARSE_BAD;
	prefix_set(rt->family, &rt->dst, dst, rtm.rtm_dst_len);
	if (tb[RTA_PRIORITY]) {
		if (!rtnl_attr_u32(tb[RTA_PRIORITY], &rt->metric))
			return NL_PARSE_BAD;
		rt->has_metric = true;
	}
	if (tb[RTA_PREFSRC]) {
		if (!rtnl_attr_bytes(tb[RTA_PREFSRC], &rt->prefsrc, alen))
			return NL_PARSE_BAD;
		rt->has_prefsrc = true;
	}
	if (tb[RTA_NH_ID] && !rtnl_attr_u32(tb[RTA_NH_ID], &rt->nhid))
		return NL_PARSE_BAD;

	if (tb[RTA_MULTIPATH])
		return multipath_parse(tb[RTA_MULTIPATH], rt);
	if (tb[RTA_GATEWAY] || tb[RTA_VIA] || tb[RTA_OIF]) {
		rt->nnh = 1;
		rt->nh[0].weight = 1;
		rt->nh[0].flags = (uint8_t)(rtm.rtm_flags & 0xff);
		if (tb[RTA_OIF]) {
			if (!rtnl_attr_u32(tb[RTA_OIF], &v))
				return NL_PARSE_BAD;
			rt->nh[0].ifindex = v;
		}
		if (nexthop_gw(rt->family, tb[RTA_GATEWAY], tb[RTA_VIA],
		    &rt->nh[0]) != NL_PARSE_OK)
			return NL_PARSE_BAD;
	}
	return NL_PARSE_OK;
}

static bool
nexthop_valid(const struct nl_route *rt, const struct nl_nexthop *nh)
{
	if (nh->weight > 256)
		return false;
	switch (nh->gw_family) {
	case 0:
		return nh->ifindex != 0;
	case AF_INET:
		return rt->family == AF_INET;	/* no IPv6 via IPv4 */
	case AF_INET6:
		return true;
	default:
		return false;
	}
}

static bool
route_valid(enum nl_fib_op op, const struct nl_route *rt)
{
	uint8_t		 len;
	unsigned int	 i;

	switch (rt->family) {
	case AF_INET:
		len = rt->dst.v4.len;
		break;
	case AF_INET6:
		len = rt->dst.v6.len;
		break;
	default:
		return false;
	}
	if (len > family_maxlen(rt->family) || rt->nnh > NL_NEXTHOP_MAX)
		return false;
	if (op == NL_FIB_REMOVE)
		return true;
	switch (rt->type) {
	case RTN_UNSPEC:
	case RTN_UNICAST:
		if (rt->nnh == 0)
			return false;
		break;
	case RTN_BLACKHOLE:
	case RTN_UNREACHABLE:
	case RTN_PROHIBIT:
		if (rt->nnh != 0)
			return false;
		break;
	default:
		return false;
	}
	for (i = 0; i < rt->nnh; i++)
		if (!nexthop_valid(rt, &rt->nh[i]))
			return false;
	return true;
}

static bool
put_gw(struct nlmsghdr *nlh, size_t size, uint8_t family,
    const struct nl_nexthop *nh)
{
	uint8_t		 via[sizeof(struct rtvia) + sizeof(struct in6_addr)];
	struct rtvia	 v;
	size_t		 alen = family_addrlen(nh->gw_family);

	if (nh->gw_family == 0)
		return true;
	if (nh->gw_family == family)
		return mnl_attr_put_check(nlh, size, RTA_GATEWAY, alen,
		    &nh->gw);
	memset(&v, 0, sizeof(v));
	v.rtvia_family = nh->gw_family;
	memcpy(via, &v, sizeof(v));
	memcpy(via + sizeof(v), &nh->gw, alen);
	return mnl_attr_put_check(nlh, size, RTA_VIA, sizeof(v) + alen, via);
}

static bool
put_multipath(struct nlmsghdr *nlh, size_t size, const struct nl_route *rt)
{
	const struct nl_nexthop *nh;
	struct nlattr	*nest;
	struct rtnexthop rtnh;
	uint8_t		*start;
	unsigned int	 i;

	if ((nest = mnl_attr_nest_start_check(nlh, size, RTA_MULTIPATH)) ==
	    NULL)
		return false;
	for (i = 0; i < rt->nnh; i++) {
		nh = &rt->nh[i];
		start = mnl_nlmsg_get_payload_tail(nlh);
		if (NLMSG_ALIGN(nlh->nlmsg_len) + RTNH_ALIGN(sizeof(rtnh)) >
		    size)
			return false;
		nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) +
		    RTNH_ALIGN(sizeof(rtnh));
		if (!put_gw(nlh, size, rt->family, nh))
			return false;
		memset(&rtnh, 0, sizeof(rtnh));
		rtnh.rtnh_len = (unsigned short)((uint8_t *)
		    mnl_nlmsg_get_payload_tail(nlh) - start);
		rtnh.rtnh_flags = nh->flags & RTNH_F_ONLINK;
		rtnh.rtnh_hops = nh->weight ? (uint8_t)(nh->weight - 1) : 0;
		rtnh.rtnh_ifindex = (int)nh->ifindex;
		memcpy(start, &rtnh, sizeof(rtnh));
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static uint8_t
route_scope(const struct nl_route *rt)
{
	unsigned int	 i;

	if (rt->scope != RT_SCOPE_UNIVERSE || rt->family != AF_INET)
		return rt->scope;
	if (rt->type != RTN_UNSPEC && rt->type != RTN_UNICAST)
		return RT_SCOPE_UNIVERSE;
	for (i = 0; i < rt->nnh; i++)
		if (rt->nh[i].gw_family != 0)
			return RT_SCOPE_UNIVERSE;
	return RT_SCOPE_LINK;
}

/*
 * Write the request for one route change at buf (size bytes, 4-byte
 * aligned), NLM_F_ACK set, and its length to *lenp. Returns 0, or -1 with
 * errno EINVAL (a route the kernel cannot take) or ENOSPC (no room).
 */
int
nl_route_build(void *buf, size_t size, enum nl_fib_op op,
    const struct nl_route *rt, uint32_t seq, size_t *lenp)
{
	struct nlmsghdr	*nlh;
	struct rtmsg	*rtm;
	uint32_t	 table = rt->table ? rt->table : RT_TABLE_MAIN;
	size_t		 alen = family_addrlen(rt->family);
	uint8_t		 dlen;
	bool		 ok = true;

	if (((uintptr_t)buf & 3) != 0 ||
	    (op != NL_FIB_INSTALL && op != NL_FIB_REMOVE) ||
	    !route_valid(op, rt)) {
		errno = EINVAL;
		return -1;
	}
	if (size < NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*rtm))) {
		errno = ENOSPC;
		return -1;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (op == NL_FIB_INSTALL) {
		nlh->nlmsg_type = RTM_NEWROUTE;
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	} else
		nlh->nlmsg_type = RTM_DELROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	dlen = rt->family == AF_INET ? rt->dst.v4.len : rt->dst.v6.len;
	rtm->rtm_family = rt->family;
	rtm->rtm_dst_len = dlen;
	rtm->rtm_tos = rt->tos;
	rtm->rtm_protocol = rt->protocol;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	if (op == NL_FIB_INSTALL) {
		rtm->rtm_type = rt->type ? rt->type : RTN_UNICAST;
		rtm->rtm_scope = route_scope(rt);
	} else {
		/* Match whatever type and scope the kernel has. */
		rtm->rtm_type = RTN_UNSPEC;
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	}
	if (table >= 256)
		ok = ok && mnl_attr_put_u32_check(nlh, size, RTA_TABLE, table);
	if (dlen > 0)
		ok = ok && mnl_attr_put_check(nlh, size, RTA_DST, alen,
		    rt->family == AF_INET ? (const void *)&rt->dst.v4.addr :
		    (const void *)&rt->dst.v6.addr);
	if (rt->has_metric)
		ok = ok && mnl_attr_put_u32_check(nlh, size, RTA_PRIORITY,
		    rt->metric);
	if (op == NL_FIB_INSTALL) {
		if (rt->has_prefsrc)
			ok = ok && mnl_attr_put_check(nlh, size, RTA_PREFSRC,
			    alen, &rt->prefsrc);
		if (rt->nnh == 1) {
			rtm->rtm_flags |= rt->nh[0].flags & RTNH_F_ONLINK;
			ok = ok && put_gw(nlh, size, rt->family, &rt->nh[0]);
			if (rt->nh[0].ifindex)
				ok = ok && mnl_attr_put_u32_check(nlh, size,
				    RTA_OIF, rt->nh[0].ifindex);
		} else if (rt->nnh > 1)
			ok = ok && put_multipath(nlh, size, rt);
	}
	if (!ok || NLMSG_ALIGN(nlh->nlmsg_len) > size) {
		errno = ENOSPC;
		return -1;
	}
	*lenp = NLMSG_ALIGN(nlh->nlmsg_len);
	return 0;
}

static uint32_t
route_metric(const struct nl_route *rt)
{
	if (rt->has_metric)
		return rt->metric;
	return rt->family == AF_INET6 ? IP6_RT_PRIO_USER : 0;
}

/*
 * Same kernel route: family, prefix, table, metric (a missing metric is
 * the kernel's default), tos.
 */
bool
nl_route_same_key(const struct nl_route *a, const struct nl_route *b)
{
	uint32_t	 ta = a->table ? a->table : RT_TABLE_MAIN;
	uint32_t	 tbl = b->table ? b->table : RT_TABLE_MAIN;

	if (a->family != b->family || ta != tbl || a->tos != b->tos ||
	    route_metric(a) != route_metric(b))
		return false;
	if (a->family == AF_INET)
		return a->dst.v4.len == b->dst.v4.len &&
		    a->dst.v4.addr.s_addr == b->dst.v4.addr.s_addr;
	return a->dst.v6.len == b->dst.v6.len &&
	    memcmp(&a->dst.v6.addr, &b->dst.v6.addr,
	    sizeof(a->dst.v6.addr)) == 0;
}

/* A wanted next hop without ifindex matches the one the kernel resolved. */
static bool
nexthop_match(const struct nl_nexthop *want, const struct nl_nexthop *kern)
{
	uint16_t	 wa = want->weight ? want->weight : 1;
	uint16_t	 wb = kern->weight ? kern->weight : 1;

	if (want->gw_family != kern->gw_family || wa != wb)
		return false;
	if (want->ifindex != 0 && want->ifindex != kern->ifindex)
		return false;
	return memcmp(&want->gw, &kern->gw,
	    family_addrlen(want->gw_family)) == 0;
}

/*
 * Same protocol and type and, for unicast, source and set of next hops (in
 * any order).
 */
bool
nl_route_same_content(const struct nl_route *want,
    const struct nl_route *kern)
{
	bool		 used[NL_NEXTHOP_MAX];
	uint8_t		 ta = want->type ? want->type : RTN_UNICAST;
	uint8_t		 tk = kern->type ? kern->type : RTN_UNICAST;
	unsigned int	 i, j;

	if (want->protocol != kern->protocol || ta != tk)
		return false;
	/* IPv6 reports blackholes and the like as going out of lo. */
	if (ta != RTN_UNICAST)
		return true;
	if (want->nnh != kern->nnh || kern->nh_truncated ||
	    want->has_prefsrc != kern->has_prefsrc)
		return false;
	if (want->has_prefsrc && memcmp(&want->prefsrc, &kern->prefsrc,
	    family_addrlen(want->family)) != 0)
		return false;
	memset(used, 0, sizeof(used));
	for (i = 0; i < want->nnh; i++) {
		for (j = 0; j < kern->nnh; j++)
			if (!used[j] && nexthop_match(&want->nh[i],
			    &kern->nh[j]))
				break;
		if (j == kern->nnh)
			return false;
		used[j] = true;
	}
	return true;
}

char *
nl_prefix_print(uint8_t family, const union nl_prefix *p, char *buf,
    size_t size)
{
	if (family == AF_INET)
		return prefix4_print(&p->v4, buf, size);
	if (family == AF_INET6)
		return prefix6_print(&p->v6, buf, size);
	snprintf(buf, size, "(family %u)", family);
	return buf;
}

static void
print_cat(char *buf, size_t size, size_t *off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
print_cat(char *buf, size_t size, size_t *off, const char *fmt, ...)
{
	va_list		 ap;
	int		 n;

	if (*off >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, size - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n;
}

static const char *
nexthop_gw_print(const struct nl_nexthop *nh, char *buf, size_t size)
{
	if (nh->gw_family == AF_INET)
		return addr4_print(&nh->gw.v4, buf, size);
	return addr6_print(&nh->gw.v6, buf, size);
}

/* Like ip route: "10.0.0.0/24 proto 188 metric 20 via 10.1.0.2 if 3". */
char *
nl_route_print(const struct nl_route *rt, char *buf, size_t size)
{
	char		 a[ADDR6_STRLEN + 4];
	size_t		 off = 0;
	unsigned int	 i;
	const struct nl_nexthop *nh;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (rt->type == RTN_BLACKHOLE)
		print_cat(buf, size, &off, "blackhole ");
	else if (rt->type == RTN_UNREACHABLE)
		print_cat(buf, size, &off, "unreachable ");
	else if (rt->type == RTN_PROHIBIT)
		print_cat(buf, size, &off, "prohibit ");
	else if (rt->type != RTN_UNICAST && rt->type != RTN_UNSPEC)
		print_cat(buf, size, &off, "type %u ", rt->type);
	print_cat(buf, size, &off, "%s proto %u",
	    nl_prefix_print(rt->family, &rt->dst, a, sizeof(a)), rt->protocol);
	if (rt->table && rt->table != RT_TABLE_MAIN)
		print_cat(buf, size, &off, " table %u", rt->table);
	if (rt->has_metric)
		print_cat(buf, size, &off, " metric %u", rt->metric);
	for (i = 0; i < rt->nnh; i++) {
		nh = &rt->nh[i];
		if (rt->nnh > 1)
			print_cat(buf, size, &off, " nexthop");
		if (nh->gw_family)
			print_cat(buf, size, &off, " via %s",
			    nexthop_gw_print(nh, a, sizeof(a)));
		if (nh->ifindex)
			print_cat(buf, size, &off, " if %u", nh->ifindex);
		if (rt->nnh > 1 && nh->weight > 1)
			print_cat(buf, size, &off, " weight %u", nh->weight);
	}
	return buf;
}

/*
 * DOC: links and interface addresses on the wire. nl_link_parse() turns
 * RTM_NEWLINK / RTM_DELLINK into a struct nl_link (index, name, flags, MTU,
 * MAC, operstate, master, IFLA_INFO_KIND); nl_ifaddr_parse() turns
 * RTM_NEWADDR / RTM_DELADDR into a struct nl_ifaddr. For a point-to-point
 * address the kernel puts the local side in IFA_LOCAL and the peer in
 * IFA_ADDRESS; otherwise IFA_ADDRESS alone is the local address. Pure.
 */
#include <sys/socket.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>

#include "rtnl.h"

/*
 * One RTM_NEWLINK / RTM_DELLINK message. NL_PARSE_SKIP for others and for
 * bridge port messages (AF_BRIDGE).
 */
int
nl_link_parse(const void *buf, size_t len, struct nl_link *l,
    enum nl_event *ev)
{
	const uint8_t	*tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	struct rtnl_msg	 m;
	struct ifinfomsg ifi;

	memset(l, 0, sizeof(*l));
	if (rtnl_msg_read(buf, len, &ifi, sizeof(ifi), &m) != NL_PARSE_OK)
		return NL_PARSE_BAD;
	switch (m.hdr.nlmsg_type) {
	case RTM_NEWLINK:
		*ev = NL_EV_NEW;
		break;
	case RTM_DELLINK:
		*ev = NL_EV_DEL;
		break;
	default:
		return NL_PARSE_SKIP;
	}
	if (ifi.ifi_family != AF_UNSPEC)
		return NL_PARSE_SKIP;
	if (ifi.ifi_index <= 0)
		return NL_PARSE_BAD;
	if (rtnl_attr_index(m.attrs, m.attrlen, tb, IFLA_MAX) != NL_PARSE_OK)
		return NL_PARSE_BAD;
	l->ifindex = (uint32_t)ifi.ifi_index;
	l->flags = ifi.ifi_flags;
	l->type = ifi.ifi_type;
	if (tb[IFLA_IFNAME] &&
	    !rtnl_attr_str(tb[IFLA_IFNAME], l->name, sizeof(l->name)))
		return NL_PARSE_BAD;
	if (tb[IFLA_MTU] && !rtnl_attr_u32(tb[IFLA_MTU], &l->mtu))
		return NL_PARSE_BAD;
	if (tb[IFLA_OPERSTATE] &&
	    !rtnl_attr_u8(tb[IFLA_OPERSTATE], &l->operstate))
		return NL_PARSE_BAD;
	if (tb[IFLA_MASTER] && !rtnl_attr_u32(tb[IFLA_MASTER], &l->master))
		return NL_PARSE_BAD;
	/* Only Ethernet-sized link addresses are MACs; others are ignored. */
	if (tb[IFLA_ADDRESS] && rtnl_attr_len(tb[IFLA_ADDRESS]) ==
	    sizeof(l->mac.octet)) {
		memcpy(l->mac.octet, rtnl_attr_data(tb[IFLA_ADDRESS]),
		    sizeof(l->mac.octet));
		l->has_mac = true;
	}
	if (tb[IFLA_LINKINFO]) {
		if (rtnl_attr_index(rtnl_attr_data(tb[IFLA_LINKINFO]),
		    rtnl_attr_len(tb[IFLA_LINKINFO]), li,
		    IFLA_INFO_MAX) != NL_PARSE_OK)
			return NL_PARSE_BAD;
		if (li[IFLA_INFO_KIND] &&
		    !rtnl_attr_str(li[IFLA_INFO_KIND], l->kind, sizeof(l->kind)))
			return NL_PARSE_BAD;
	}
	return NL_PARSE_OK;
}

/* One RTM_NEWADDR / RTM_DELADDR message of IPv4 or IPv6. */
int
nl_ifaddr_parse(const void *buf, size_t len, struct nl_ifaddr *a,
    enum nl_event *ev)
{
	const uint8_t	*tb[IFA_MAX + 1], *local, *address;
	struct rtnl_msg	 m;
	struct ifaddrmsg ifa;
	size_t		 alen;

	memset(a, 0, sizeof(*a));
	if (rtnl_msg_read(buf, len, &ifa, sizeof(ifa), &m) != NL_PARSE_OK)
		return NL_PARSE_BAD;
	switch (m.hdr.nlmsg_type) {
	case RTM_NEWADDR:
		*ev = NL_EV_NEW;
		break;
	case RTM_DELADDR:
		*ev = NL_EV_DEL;
		break;
	default:
		return NL_PARSE_SKIP;
	}
	if (ifa.ifa_family == AF_INET)
		alen = sizeof(struct in_addr);
	else if (ifa.ifa_family == AF_INET6)
		alen = sizeof(struct in6_addr);
	else
		return NL_PARSE_SKIP;
	if (ifa.ifa_prefixlen > alen * 8 || ifa.ifa_index == 0)
		return NL_PARSE_BAD;
	if (rtnl_attr_index(m.attrs, m.attrlen, tb, IFA_MAX) != NL_PARSE_OK)
		return NL_PARSE_BAD;
	a->ifindex = ifa.ifa_index;
	a->family = ifa.ifa_family;
	a->prefixlen = ifa.ifa_prefixlen;
	a->scope = ifa.ifa_scope;
	a->flags = ifa.ifa_flags;
	if (tb[IFA_FLAGS] && !rtnl_attr_u32(tb[IFA_FLAGS], &a->flags))
		return NL_PARSE_BAD;

	local = tb[IFA_LOCAL];
	address = tb[IFA_ADDRESS];
	if (local == NULL && (local = address) == NULL)
		return NL_PARSE_BAD;
	if (!rtnl_attr_bytes(local, &a->addr, alen))
		return NL_PARSE_BAD;
	if (address != NULL && address != local) {
		if (!rtnl_attr_bytes(address, &a->peer, alen))
			return NL_PARSE_BAD;
		a->has_peer = memcmp(&a->peer, &a->addr, alen) != 0;
		if (!a->has_peer)
			memset(&a->peer, 0, sizeof(a->peer));
	}
	if (tb[IFA_BROADCAST]) {
		if (!rtnl_attr_bytes(tb[IFA_BROADCAST], &a->broadcast, alen))
			return NL_PARSE_BAD;
		a->has_broadcast = true;
	}
	if (tb[IFA_LABEL] &&
	    !rtnl_attr_str(tb[IFA_LABEL], a->label, sizeof(a->label)))
		return NL_PARSE_BAD;
	return NL_PARSE_OK;
}

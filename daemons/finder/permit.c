/*
 * DOC: who may talk to the Finder (§11.1, §11.7). Loopback, every address
 * of this host (read once at start), hosts given with -a and nets given
 * with -n. The same list answers finder/0.2/get_*_permitted_*, which XORP
 * clients use to decide whom their own listeners accept.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <stdlib.h>
#include <string.h>

#include "finder.h"

static int
permit_push4(struct permit *p, const struct in_addr *a)
{
	struct in_addr	*n;
	uint32_t	 i;

	for (i = 0; i < p->nhosts4; i++)
		if (p->hosts4[i].s_addr == a->s_addr)
			return 0;
	if ((n = reallocarray(p->hosts4, p->nhosts4 + 1, sizeof(*n))) == NULL)
		return -1;
	p->hosts4 = n;
	p->hosts4[p->nhosts4++] = *a;
	return 0;
}

static int
permit_push6(struct permit *p, const struct in6_addr *a)
{
	struct in6_addr	*n;
	uint32_t	 i;

	for (i = 0; i < p->nhosts6; i++)
		if (memcmp(&p->hosts6[i], a, sizeof(*a)) == 0)
			return 0;
	if ((n = reallocarray(p->hosts6, p->nhosts6 + 1, sizeof(*n))) == NULL)
		return -1;
	p->hosts6 = n;
	p->hosts6[p->nhosts6++] = *a;
	return 0;
}

/* Loopback and this host's own addresses. */
int
permit_init(struct permit *p)
{
	struct ifaddrs	*ifa, *i;
	struct in_addr	 lo4 = { htonl(INADDR_LOOPBACK) };
	int		 rv = 0;

	memset(p, 0, sizeof(*p));
	if (permit_push4(p, &lo4) == -1 || permit_push6(p, &in6addr_loopback))
		return -1;
	if (getifaddrs(&ifa) == -1)
		return 0;	/* loopback alone still works */
	for (i = ifa; i != NULL && rv == 0; i = i->ifa_next) {
		if (i->ifa_addr == NULL)
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			rv = permit_push4(p,
			    &((struct sockaddr_in *)i->ifa_addr)->sin_addr);
		else if (i->ifa_addr->sa_family == AF_INET6)
			rv = permit_push6(p,
			    &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr);
	}
	freeifaddrs(ifa);
	return rv;
}

void
permit_clear(struct permit *p)
{
	free(p->hosts4);
	free(p->hosts6);
	free(p->nets4);
	free(p->nets6);
	memset(p, 0, sizeof(*p));
}

int
permit_add_host(struct permit *p, const char *s)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;

	if (addr4_parse(s, &a4))
		return permit_push4(p, &a4);
	if (addr6_parse(s, &a6))
		return permit_push6(p, &a6);
	return -1;
}

int
permit_add_net(struct permit *p, const char *s)
{
	struct prefix4	 p4, *n4;
	struct prefix6	 p6, *n6;

	if (prefix4_parse(s, &p4)) {
		n4 = reallocarray(p->nets4, p->nnets4 + 1, sizeof(*n4));
		if (n4 == NULL)
			return -1;
		p->nets4 = n4;
		p->nets4[p->nnets4++] = p4;
		return 0;
	}
	if (prefix6_parse(s, &p6)) {
		n6 = reallocarray(p->nets6, p->nnets6 + 1, sizeof(*n6));
		if (n6 == NULL)
			return -1;
		p->nets6 = n6;
		p->nets6[p->nnets6++] = p6;
		return 0;
	}
	return -1;
}

static bool
permit_in6(const struct prefix6 *n, const struct in6_addr *a)
{
	unsigned	 full = n->len / 8, rest = n->len % 8;
	uint8_t		 mask;

	if (memcmp(&n->addr, a, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return (n->addr.s6_addr[full] & mask) == (a->s6_addr[full] & mask);
}

static bool
permit_check4(const struct permit *p, const struct in_addr *a)
{
	uint32_t	 i;

	if (addr4_is_loopback(a))
		return true;
	for (i = 0; i < p->nhosts4; i++)
		if (p->hosts4[i].s_addr == a->s_addr)
			return true;
	for (i = 0; i < p->nnets4; i++)
		if (prefix4_contains(&p->nets4[i], a))
			return true;
	return false;
}

bool
permit_check(const struct permit *p, const struct sockaddr *sa)
{
	const struct in6_addr	*a6;
	struct in_addr		 a4;
	uint32_t		 i;

	switch (sa->sa_family) {
	case AF_UNIX:
		return true;	/* the socket file's mode decides */
	case AF_INET:
		return permit_check4(p,
		    &((const struct sockaddr_in *)sa)->sin_addr);
	case AF_INET6:
		a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			memcpy(&a4, &a6->s6_addr[12], sizeof(a4));
			return permit_check4(p, &a4);
		}
		if (IN6_IS_ADDR_LOOPBACK(a6))
			return true;
		for (i = 0; i < p->nhosts6; i++)
			if (memcmp(&p->hosts6[i], a6, sizeof(*a6)) == 0)
				return true;
		for (i = 0; i < p->nnets6; i++)
			if (permit_in6(&p->nets6[i], a6))
				return true;
		return false;
	default:
		return false;
	}
}

int
permit_list_hosts4(const struct permit *p, struct xrl_args *out)
{
	uint32_t	 i;

	for (i = 0; i < p->nhosts4; i++)
		if (xrl_args_add_ipv4(out, NULL, &p->hosts4[i]) == -1)
			return -1;
	return 0;
}

int
permit_list_hosts6(const struct permit *p, struct xrl_args *out)
{
	uint32_t	 i;

	for (i = 0; i < p->nhosts6; i++)
		if (xrl_args_add_ipv6(out, NULL, &p->hosts6[i]) == -1)
			return -1;
	return 0;
}

int
permit_list_nets4(const struct permit *p, struct xrl_args *out)
{
	uint32_t	 i;

	for (i = 0; i < p->nnets4; i++)
		if (xrl_args_add_ipv4net(out, NULL, &p->nets4[i]) == -1)
			return -1;
	return 0;
}

int
permit_list_nets6(const struct permit *p, struct xrl_args *out)
{
	uint32_t	 i;

	for (i = 0; i < p->nnets6; i++)
		if (xrl_args_add_ipv6net(out, NULL, &p->nets6[i]) == -1)
			return -1;
	return 0;
}

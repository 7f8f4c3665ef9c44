/*
 * DOC: prefix: struct rib_prefix (either family) and struct rib_nh helpers:
 * conversion from lib/core's prefix4/prefix6, parsing and printing into
 * caller buffers. Parsing is lib/core's: strict, host bits cleared.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <string.h>

#include "rib_private.h"

static const uint8_t	 zero6[16];

bool
rib_prefix_parse(const char *s, struct rib_prefix *p)
{
	struct prefix4	 p4;
	struct prefix6	 p6;

	if (strchr(s, ':') == NULL) {
		if (!prefix4_parse(s, &p4))
			return false;
		rib_prefix_from4(p, &p4);
		return true;
	}
	if (!prefix6_parse(s, &p6))
		return false;
	rib_prefix_from6(p, &p6);
	return true;
}

char *
rib_prefix_print(const struct rib_prefix *p, char *buf, size_t len)
{
	struct prefix4	 p4;
	struct prefix6	 p6;

	if (p->family == AF_INET) {
		p4.addr = p->addr.v4;
		p4.len = p->len;
		return prefix4_print(&p4, buf, len);
	}
	p6.addr = p->addr.v6;
	p6.len = p->len;
	return prefix6_print(&p6, buf, len);
}

void
rib_prefix_from4(struct rib_prefix *p, const struct prefix4 *p4)
{
	memset(p, 0, sizeof(*p));
	p->family = AF_INET;
	p->len = p4->len;
	p->addr.v4 = p4->addr;
	rib_prefix_mask(p);
}

void
rib_prefix_from6(struct rib_prefix *p, const struct prefix6 *p6)
{
	memset(p, 0, sizeof(*p));
	p->family = AF_INET6;
	p->len = p6->len;
	p->addr.v6 = p6->addr;
	rib_prefix_mask(p);
}

/* Clears host bits (and clamps the length to the family's). */
void
rib_prefix_mask(struct rib_prefix *p)
{
	struct prefix4	 p4;
	struct prefix6	 p6;

	if (p->family == AF_INET) {
		p4.addr = p->addr.v4;
		p4.len = p->len > 32 ? 32 : p->len;
		prefix4_mask(&p4);
		memset(&p->addr, 0, sizeof(p->addr));
		p->addr.v4 = p4.addr;
		p->len = p4.len;
	} else {
		p6.addr = p->addr.v6;
		p6.len = p->len;
		prefix6_mask(&p6);
		p->addr.v6 = p6.addr;
		p->len = p6.len;
	}
}

bool
rib_prefix_contains(const struct rib_prefix *p, const union rib_addr *a)
{
	const uint8_t	*x = (const uint8_t *)&p->addr, *y = (const uint8_t *)a;
	unsigned int	 i;

	for (i = 0; i < p->len / 8u; i++)
		if (x[i] != y[i])
			return false;
	if (p->len % 8 == 0)
		return true;
	return ((x[i] ^ y[i]) & (0xff00 >> (p->len % 8))) == 0;
}

/* A next hop with gateway gw (NULL: none) and ifindex (0: unknown). */
void
rib_nh_set(struct rib_nh *nh, int family, const void *gw, uint32_t ifindex)
{
	memset(nh, 0, sizeof(*nh));
	if (gw != NULL)
		memcpy(&nh->gw, gw, family == AF_INET ? 4 : 16);
	nh->ifindex = ifindex;
}

void
rib_nh_blackhole(struct rib_nh *nh)
{
	memset(nh, 0, sizeof(*nh));
	nh->flags = RIB_NH_BLACKHOLE;
}

/*
 * A next hop from a gateway address text ("192.0.2.1", "fe80::1", or NULL
 * or "" for none, or "blackhole"/"null0") and an ifindex; *family tells which
 * family the gateway was.
 */
bool
rib_nh_parse(const char *gw, uint32_t ifindex, struct rib_nh *nh,
    int *family)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;

	if (gw == NULL || *gw == '\0') {
		if (ifindex == 0)
			return false;
		rib_nh_set(nh, AF_UNSPEC, NULL, ifindex);
		*family = AF_UNSPEC;
		return true;
	}
	if (strcmp(gw, "blackhole") == 0 || strcmp(gw, "null0") == 0 ||
	    strcmp(gw, "Null0") == 0) {
		rib_nh_blackhole(nh);
		*family = AF_UNSPEC;
		return true;
	}
	if (addr4_parse(gw, &a4)) {
		rib_nh_set(nh, AF_INET, &a4, ifindex);
		*family = AF_INET;
		return true;
	}
	if (addr6_parse(gw, &a6)) {
		rib_nh_set(nh, AF_INET6, &a6, ifindex);
		*family = AF_INET6;
		return true;
	}
	return false;
}

static bool
gw_is_zero(int family, const union rib_addr *gw)
{
	return memcmp(gw, zero6, family == AF_INET ? 4 : 16) == 0;
}

/* "192.0.2.1 if 3", "192.0.2.1", "if 3", "blackhole". */
char *
rib_nh_print(int family, const struct rib_nh *nh, char *buf, size_t len)
{
	char	 a[ADDR6_STRLEN];

	if (nh->flags & RIB_NH_BLACKHOLE)
		snprintf(buf, len, "blackhole");
	else if (gw_is_zero(family, &nh->gw))
		snprintf(buf, len, "if %u", nh->ifindex);
	else {
		if (family == AF_INET)
			addr4_print(&nh->gw.v4, a, sizeof(a));
		else
			addr6_print(&nh->gw.v6, a, sizeof(a));
		if (nh->ifindex != 0)
			snprintf(buf, len, "%s if %u", a, nh->ifindex);
		else
			snprintf(buf, len, "%s", a);
	}
	return buf;
}

/* A gateway without an ifindex: resolved through other routes. */
bool
rib_nh_is_recursive(int family, const struct rib_nh *nh)
{
	return !(nh->flags & RIB_NH_BLACKHOLE) && nh->ifindex == 0 &&
	    !gw_is_zero(family, &nh->gw);
}

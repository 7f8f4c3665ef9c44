/*
 * DOC: address parsing is strict (inet_pton: no short forms, no leading
 * zeros, no trailing junk); printing follows inet_ntop, and MACs print as
 * glibc's ether_ntoa does (lower case, no zero padding), which is XORP's
 * canonical form.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "strnum.h"

bool
addr4_parse(const char *s, struct in_addr *a)
{
	return inet_pton(AF_INET, s, a) == 1;
}

bool
addr6_parse(const char *s, struct in6_addr *a)
{
	return inet_pton(AF_INET6, s, a) == 1;
}

/* Split "addr/len" into the address text (in tmp) and a checked length. */
static bool
prefix_split(const char *s, char *tmp, size_t tmplen, unsigned max,
    uint8_t *len)
{
	const char	*slash = strchr(s, '/');
	uint64_t	 v;

	if (slash == NULL || (size_t)(slash - s) >= tmplen)
		return false;
	memcpy(tmp, s, slash - s);
	tmp[slash - s] = '\0';
	if (!strnum_u64(slash + 1, max, &v))
		return false;
	*len = (uint8_t)v;
	return true;
}

bool
prefix4_parse(const char *s, struct prefix4 *p)
{
	char	 tmp[ADDR4_STRLEN];

	if (!prefix_split(s, tmp, sizeof(tmp), 32, &p->len) ||
	    !addr4_parse(tmp, &p->addr))
		return false;
	prefix4_mask(p);
	return true;
}

bool
prefix6_parse(const char *s, struct prefix6 *p)
{
	char	 tmp[ADDR6_STRLEN];

	if (!prefix_split(s, tmp, sizeof(tmp), 128, &p->len) ||
	    !addr6_parse(tmp, &p->addr))
		return false;
	prefix6_mask(p);
	return true;
}

/* Six colon-separated groups of one or two hex digits, any case. */
bool
mac_parse(const char *s, struct mac *m)
{
	int	 i, d, v;

	for (i = 0; i < 6; i++) {
		if ((v = hexdigit(*s++)) < 0)
			return false;
		if ((d = hexdigit(*s)) >= 0) {
			v = v * 16 + d;
			s++;
		}
		m->octet[i] = (uint8_t)v;
		if (i < 5 && *s++ != ':')
			return false;
	}
	return *s == '\0';
}

char *
addr4_print(const struct in_addr *a, char *buf, size_t len)
{
	if (inet_ntop(AF_INET, a, buf, len) == NULL && len)
		buf[0] = '\0';
	return buf;
}

char *
addr6_print(const struct in6_addr *a, char *buf, size_t len)
{
	if (inet_ntop(AF_INET6, a, buf, len) == NULL && len)
		buf[0] = '\0';
	return buf;
}

char *
prefix4_print(const struct prefix4 *p, char *buf, size_t len)
{
	char	 a[ADDR4_STRLEN];

	snprintf(buf, len, "%s/%u", addr4_print(&p->addr, a, sizeof(a)),
	    p->len);
	return buf;
}

char *
prefix6_print(const struct prefix6 *p, char *buf, size_t len)
{
	char	 a[ADDR6_STRLEN];

	snprintf(buf, len, "%s/%u", addr6_print(&p->addr, a, sizeof(a)),
	    p->len);
	return buf;
}

char *
mac_print(const struct mac *m, char *buf, size_t len)
{
	snprintf(buf, len, "%x:%x:%x:%x:%x:%x", m->octet[0], m->octet[1],
	    m->octet[2], m->octet[3], m->octet[4], m->octet[5]);
	return buf;
}

void
prefix4_mask(struct prefix4 *p)
{
	uint32_t	 mask;

	if (p->len > 32)
		p->len = 32;
	mask = p->len ? htonl(~0U << (32 - p->len)) : 0;
	p->addr.s_addr &= mask;
}

void
prefix6_mask(struct prefix6 *p)
{
	unsigned	 i;

	if (p->len > 128)
		p->len = 128;
	for (i = 0; i < 16; i++) {
		if (p->len >= (i + 1) * 8)
			continue;
		if (p->len <= i * 8)
			p->addr.s6_addr[i] = 0;
		else
			p->addr.s6_addr[i] &= (uint8_t)(0xff00 >> (p->len % 8));
	}
}

bool
prefix4_contains(const struct prefix4 *p, const struct in_addr *a)
{
	uint32_t	 mask = p->len ? htonl(~0U << (32 - p->len)) : 0;

	return (a->s_addr & mask) == p->addr.s_addr;
}

bool
addr4_is_loopback(const struct in_addr *a)
{
	return (ntohl(a->s_addr) >> 24) == 127;
}

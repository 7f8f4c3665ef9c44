/*
 * DOC: IPv4/IPv6 addresses, prefixes and MAC addresses: strict parsing and
 * printing into caller-supplied buffers. Prefixes are always kept with their
 * host bits cleared.
 */
#ifndef OKAPI_ADDR_H
#define OKAPI_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

struct prefix4 {
	struct in_addr	 addr;
	uint8_t		 len;		/* 0..32 */
};

struct prefix6 {
	struct in6_addr	 addr;
	uint8_t		 len;		/* 0..128 */
};

struct mac {
	uint8_t		 octet[6];
};

#define ADDR4_STRLEN	16		/* "255.255.255.255" + NUL */
#define ADDR6_STRLEN	46		/* INET6_ADDRSTRLEN */
#define PREFIX4_STRLEN	(ADDR4_STRLEN + 3)
#define PREFIX6_STRLEN	(ADDR6_STRLEN + 4)
#define MAC_STRLEN	18

/* addr.c */
bool	 addr4_parse(const char *, struct in_addr *);
bool	 addr6_parse(const char *, struct in6_addr *);
bool	 prefix4_parse(const char *, struct prefix4 *);
bool	 prefix6_parse(const char *, struct prefix6 *);
bool	 mac_parse(const char *, struct mac *);
char	*addr4_print(const struct in_addr *, char *, size_t);
char	*addr6_print(const struct in6_addr *, char *, size_t);
char	*prefix4_print(const struct prefix4 *, char *, size_t);
char	*prefix6_print(const struct prefix6 *, char *, size_t);
char	*mac_print(const struct mac *, char *, size_t);
void	 prefix4_mask(struct prefix4 *);
void	 prefix6_mask(struct prefix6 *);
bool	 prefix4_contains(const struct prefix4 *, const struct in_addr *);
bool	 addr4_is_loopback(const struct in_addr *);

#endif

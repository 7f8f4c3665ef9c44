/*
 * DOC: trie: a path-compressed binary (Patricia) trie of IPv4 or IPv6
 * prefixes, one implementation for both key lengths. Each prefix maps to a
 * caller item (a non-NULL pointer). Addresses go in and come out in network
 * byte order (a struct in_addr or struct in6_addr); host bits beyond the
 * prefix length are ignored on input and zero on output.
 *
 * Nodes are 32 bytes for IPv4 and 48 for IPv6 (two children, the item, the
 * length and the key), taken from a slab; a trie of N prefixes has at most
 * 2N - 1 nodes. Walks visit prefixes in address order, shorter prefix first
 * (10.0.0.0/8, 10.0.0.0/16, 10.1.0.0/16, 11.0.0.0/8), which is the order of
 * `show ip route`. A walk callback must not modify the trie; to change it
 * while iterating, resume with trie_next() from the last prefix seen.
 */
#ifndef OKAPI_TRIE_H
#define OKAPI_TRIE_H

#include <stddef.h>

struct trie;

/*
 * Called for each prefix (addr/len) and its item; a non-zero return stops the
 * walk and is returned by trie_walk().
 */
typedef int (*trie_walk_cb)(const void *addr, unsigned int len, void *item,
    void *arg);

/* trie.c */
struct trie	*trie_new(int family);
void		 trie_del(struct trie *);
int		 trie_insert(struct trie *, const void *addr, unsigned int len,
		    void *item);
void		*trie_lookup(const struct trie *, const void *addr,
		    unsigned int len);
void		*trie_remove(struct trie *, const void *addr, unsigned int len);
void		*trie_match(const struct trie *, const void *addr,
		    unsigned int len, unsigned int *plen);
void		*trie_cover(const struct trie *, const void *addr,
		    unsigned int len, unsigned int *plen);
void		*trie_next(const struct trie *, const void *addr, int len,
		    void *naddr, unsigned int *nlen);
int		 trie_walk(const struct trie *, const void *addr,
		    unsigned int len, trie_walk_cb, void *arg);
size_t		 trie_count(const struct trie *);
size_t		 trie_nodes(const struct trie *);
size_t		 trie_bytes(const struct trie *);
int		 trie_family(const struct trie *);
unsigned int	 trie_maxlen(const struct trie *);

#endif

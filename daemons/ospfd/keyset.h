/*
 * DOC: keyset: a set of LSA keys (LS type, Link State ID, Advertising
 * Router), each with the LSA header it was added with, pure. Neighbours
 * keep their Link state request and retransmission lists in one, areas
 * their LSAs being flushed, ospfd its redistributed prefixes.
 */
#ifndef OKAPI_OSPF_KEYSET_H
#define OKAPI_OSPF_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ospf.h"

struct keyset_slot {
	struct lsa_hdr	 hdr;		/* hdr.type 0: empty */
};

struct keyset {
	struct keyset_slot	*slot;
	size_t			 cap;	/* power of two or 0 */
	size_t			 n;
};

/* keyset.c */
void		 keyset_init(struct keyset *);
void		 keyset_clear(struct keyset *);
/* Adds or replaces the header (type 0 is refused); false: no memory. */
bool		 keyset_add(struct keyset *, const struct lsa_hdr *);
struct lsa_hdr	*keyset_find(const struct keyset *, uint8_t, uint32_t,
		    uint32_t);
bool		 keyset_del(struct keyset *, uint8_t, uint32_t, uint32_t);
/*
 * Iterate: i starts at 0; returns NULL at the end. Deleting the entry
 * just returned moves a later one into its slot: step i back by one.
 */
struct lsa_hdr	*keyset_next(const struct keyset *, size_t *i);

#endif

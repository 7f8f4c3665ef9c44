/*
 * DOC: slab: a pool of fixed-size objects carved from 64 KB blocks. The
 * millions of small trie nodes, destinations and routes of a full table then
 * cost their own size, with no per-object malloc header. Freed objects are
 * kept on a free list for reuse; the blocks return to the system only in
 * slab_del(). Under AddressSanitizer every object is a plain malloc() so
 * that use-after-free is still caught.
 */
#ifndef OKAPI_SLAB_H
#define OKAPI_SLAB_H

#include <stddef.h>

struct slab;

/* slab.c */
struct slab	*slab_new(size_t objsize);
void		 slab_del(struct slab *);
void		*slab_get(struct slab *);
void		 slab_put(struct slab *, void *);
size_t		 slab_inuse(const struct slab *);
size_t		 slab_bytes(const struct slab *);

#endif

/*
 * DOC: slab: objects are handed out from the unused tail of the newest block
 * first, then from the free list (which threads through the freed objects
 * themselves). Object sizes are rounded up to pointer alignment.
 */
#include <stdint.h>
#include <stdlib.h>

#include "slab.h"

#if defined(__SANITIZE_ADDRESS__)
#define SLAB_MALLOC	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_MALLOC	1
#endif
#endif

#define SLAB_BLOCK	(64 * 1024 - 64)	/* leave room for malloc's header */

struct slab_block {
	struct slab_block	*next;
	void			*align[1];	/* objects start here */
};

struct slab {
	size_t			 objsize;
	size_t			 inuse;
	size_t			 nblocks;
	struct slab_block	*blocks;
	void			*free;
	char			*tail;
	char			*end;
};

struct slab *
slab_new(size_t objsize)
{
	struct slab	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if (objsize < sizeof(void *))
		objsize = sizeof(void *);
	s->objsize = (objsize + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
	return s;
}

void
slab_del(struct slab *s)
{
	struct slab_block	*b;

	if (s == NULL)
		return;
	while ((b = s->blocks) != NULL) {
		s->blocks = b->next;
		free(b);
	}
	free(s);
}

void *
slab_get(struct slab *s)
{
	struct slab_block	*b;
	void			*p;

#ifdef SLAB_MALLOC
	if ((p = malloc(s->objsize)) != NULL)
		s->inuse++;
	return p;
#endif
	if ((p = s->free) != NULL) {
		s->free = *(void **)p;
		s->inuse++;
		return p;
	}
	if (s->tail == NULL || (size_t)(s->end - s->tail) < s->objsize) {
		size_t	 bsize = SLAB_BLOCK;

		if (bsize < offsetof(struct slab_block, align) + s->objsize)
			bsize = offsetof(struct slab_block, align) + s->objsize;
		if ((b = malloc(bsize)) == NULL)
			return NULL;
		b->next = s->blocks;
		s->blocks = b;
		s->nblocks++;
		s->tail = (char *)b->align;
		s->end = (char *)b + bsize;
	}
	p = s->tail;
	s->tail += s->objsize;
	s->inuse++;
	return p;
}

void
slab_put(struct slab *s, void *p)
{
	if (p == NULL)
		return;
	s->inuse--;
#ifdef SLAB_MALLOC
	free(p);
	return;
#endif
	*(void **)p = s->free;
	s->free = p;
}

size_t
slab_inuse(const struct slab *s)
{
	return s->inuse;
}

/* Memory held, used or not. */
size_t
slab_bytes(const struct slab *s)
{
#ifdef SLAB_MALLOC
	return s->inuse * s->objsize;
#endif
	return s->nblocks * SLAB_BLOCK;
}

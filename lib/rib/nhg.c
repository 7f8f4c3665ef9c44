/*
 * DOC: nhg: next-hop sets are interned in a hash table owned by the RIB, so
 * that the thousands of routes through the same next hops share one set and
 * two sets compare equal by pointer. A set is put in canonical form first
 * (padding zeroed, sorted, duplicates dropped), then looked up; the last
 * unref frees it.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rib_private.h"
#include "slab.h"

static int
nh_cmp(const struct rib_nh *a, const struct rib_nh *b)
{
	return memcmp(a, b, sizeof(*a));
}

static uint32_t
nhg_hashof(int family, const struct rib_nh *nh, unsigned int n)
{
	const uint8_t	*p = (const uint8_t *)nh;
	size_t		 i, len = n * sizeof(*nh);
	uint32_t	 h = 2166136261U;

	h = (h ^ (uint32_t)family) * 16777619U;
	h = (h ^ n) * 16777619U;
	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619U;
	return h ^ (h >> 15);
}

static int
nhg_grow(struct rib *rib)
{
	struct rib_nhg	**nb, *g, *next;
	size_t		 i, nbuckets = rib->nhg_buckets ? 2 * rib->nhg_buckets : 64;
	uint32_t	 h;

	if ((nb = calloc(nbuckets, sizeof(*nb))) == NULL)
		return -1;
	for (i = 0; i < rib->nhg_buckets; i++)
		for (g = rib->nhg_hash[i]; g != NULL; g = next) {
			next = g->hnext;
			h = nhg_hashof(g->family, g->nh, g->n) & (nbuckets - 1);
			g->hnext = nb[h];
			nb[h] = g;
		}
	free(rib->nhg_hash);
	rib->nhg_hash = nb;
	rib->nhg_buckets = nbuckets;
	return 0;
}

/*
 * The interned set of next hops nh[0..n-1] with one more reference, or NULL
 * (ENOMEM, EINVAL for n outside 1..RIB_NH_MAX).
 */
const struct rib_nhg *
nhg_get(struct rib *rib, int family, const struct rib_nh *nh, unsigned int n)
{
	struct rib_nh	 c[RIB_NH_MAX], tmp;
	struct rib_nhg	*g;
	unsigned int	 i, j, m;
	uint32_t	 h;

	if (n == 0 || n > RIB_NH_MAX) {
		errno = EINVAL;
		return NULL;
	}
	/* Canonical form, insertion sorted. */
	for (i = 0; i < n; i++) {
		memset(&tmp, 0, sizeof(tmp));
		if (nh[i].flags & RIB_NH_BLACKHOLE)
			tmp.flags = RIB_NH_BLACKHOLE;
		else {
			if (family == AF_INET)
				tmp.gw.v4 = nh[i].gw.v4;
			else
				tmp.gw.v6 = nh[i].gw.v6;
			tmp.ifindex = nh[i].ifindex;
		}
		for (j = i; j > 0 && nh_cmp(&c[j - 1], &tmp) > 0; j--)
			c[j] = c[j - 1];
		c[j] = tmp;
	}
	for (i = 1, m = 1; i < n; i++)
		if (nh_cmp(&c[m - 1], &c[i]) != 0)
			c[m++] = c[i];
	n = m;

	h = nhg_hashof(family, c, n);
	if (rib->nhg_buckets > 0)
		for (g = rib->nhg_hash[h & (rib->nhg_buckets - 1)]; g != NULL;
		    g = g->hnext)
			if (g->family == family && g->n == n &&
			    memcmp(g->nh, c, n * sizeof(c[0])) == 0) {
				g->refcnt++;
				return g;
			}
	if (rib->nhg_count >= rib->nhg_buckets && nhg_grow(rib) == -1)
		return NULL;
	if (rib->nhg_slab[n] == NULL && (rib->nhg_slab[n] =
	    slab_new(sizeof(*g) + n * sizeof(c[0]))) == NULL)
		return NULL;
	if ((g = slab_get(rib->nhg_slab[n])) == NULL)
		return NULL;
	g->refcnt = 1;
	g->family = (uint8_t)family;
	g->n = (uint8_t)n;
	memcpy(g->nh, c, n * sizeof(c[0]));
	g->hnext = rib->nhg_hash[h & (rib->nhg_buckets - 1)];
	rib->nhg_hash[h & (rib->nhg_buckets - 1)] = g;
	rib->nhg_count++;
	return g;
}

/* Frees the hash table; every set must have been unreferenced. */
void
nhg_fini(struct rib *rib)
{
	unsigned int	 i;

	free(rib->nhg_hash);
	rib->nhg_hash = NULL;
	rib->nhg_buckets = 0;
	for (i = 0; i <= RIB_NH_MAX; i++) {
		slab_del(rib->nhg_slab[i]);
		rib->nhg_slab[i] = NULL;
	}
}

/* Keeps a set alive past the callback that handed it out. */
void
rib_nhg_ref(const struct rib_nhg *cg)
{
	struct rib_nhg	*g = (struct rib_nhg *)cg;	/* refcnt is mutable */

	if (g != NULL)
		g->refcnt++;
}

void
rib_nhg_unref(struct rib *rib, const struct rib_nhg *cg)
{
	struct rib_nhg	*g = (struct rib_nhg *)cg, **gp;
	uint32_t	 h;

	if (g == NULL || --g->refcnt > 0)
		return;
	h = nhg_hashof(g->family, g->nh, g->n);
	for (gp = &rib->nhg_hash[h & (rib->nhg_buckets - 1)]; *gp != g;
	    gp = &(*gp)->hnext)
		;
	*gp = g->hnext;
	rib->nhg_count--;
	slab_put(rib->nhg_slab[g->n], g);
}

bool
rib_nhg_is_blackhole(const struct rib_nhg *g)
{
	return g != NULL && g->n == 1 && (g->nh[0].flags & RIB_NH_BLACKHOLE);
}

/*
 * DOC: keyset: a set of LSA keys (LS type, Link State ID, Advertising
 * Router), each with the LSA header it was added with. Neighbours keep
 * their Link state request and retransmission lists in one (RFC 2328 10),
 * which must find, add and remove one key in O(1) with thousands of LSAs
 * outstanding. Open addressing with linear probing; deletion shifts the
 * following run back, so there are no tombstones.
 */
#include <stdlib.h>
#include <string.h>

#include "keyset.h"

static size_t
keyset_hash(uint8_t type, uint32_t id, uint32_t adv)
{
	uint64_t	 h = ((uint64_t)id << 32 | adv) ^ (uint64_t)type << 56;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (size_t)h;
}

void
keyset_init(struct keyset *ks)
{
	memset(ks, 0, sizeof(*ks));
}

void
keyset_clear(struct keyset *ks)
{
	free(ks->slot);
	keyset_init(ks);
}

static size_t
keyset_pos(const struct keyset *ks, uint8_t type, uint32_t id, uint32_t adv,
    bool *found)
{
	size_t	 i = keyset_hash(type, id, adv) & (ks->cap - 1);
	const struct lsa_hdr *h;

	for (;;) {
		h = &ks->slot[i].hdr;
		if (h->type == 0) {
			*found = false;
			return i;
		}
		if (h->type == type && h->id == id && h->adv_rtr == adv) {
			*found = true;
			return i;
		}
		i = (i + 1) & (ks->cap - 1);
	}
}

static bool
keyset_grow(struct keyset *ks)
{
	struct keyset	 nk;
	size_t		 i;
	bool		 found;

	nk.cap = ks->cap ? ks->cap * 2 : 16;
	nk.n = ks->n;
	if ((nk.slot = calloc(nk.cap, sizeof(*nk.slot))) == NULL)
		return false;
	for (i = 0; i < ks->cap; i++) {
		const struct lsa_hdr *h = &ks->slot[i].hdr;

		if (h->type == 0)
			continue;
		nk.slot[keyset_pos(&nk, h->type, h->id, h->adv_rtr,
		    &found)].hdr = *h;
	}
	free(ks->slot);
	*ks = nk;
	return true;
}

bool
keyset_add(struct keyset *ks, const struct lsa_hdr *hdr)
{
	size_t	 i;
	bool	 found;

	if (hdr->type == 0)
		return false;
	if ((ks->n + 1) * 4 > ks->cap * 3 && !keyset_grow(ks))
		return false;
	i = keyset_pos(ks, hdr->type, hdr->id, hdr->adv_rtr, &found);
	ks->slot[i].hdr = *hdr;
	if (!found)
		ks->n++;
	return true;
}

struct lsa_hdr *
keyset_find(const struct keyset *ks, uint8_t type, uint32_t id, uint32_t adv)
{
	size_t	 i;
	bool	 found;

	if (ks->n == 0 || type == 0)
		return NULL;
	i = keyset_pos(ks, type, id, adv, &found);
	return found ? &ks->slot[i].hdr : NULL;
}

bool
keyset_del(struct keyset *ks, uint8_t type, uint32_t id, uint32_t adv)
{
	size_t	 i, j, k, mask = ks->cap - 1;
	bool	 found;

	if (ks->n == 0 || type == 0)
		return false;
	i = keyset_pos(ks, type, id, adv, &found);
	if (!found)
		return false;
	/* Backward shift: move up every entry whose home is not in (i, j]. */
	j = i;
	for (;;) {
		const struct lsa_hdr *h;

		j = (j + 1) & mask;
		h = &ks->slot[j].hdr;
		if (h->type == 0)
			break;
		k = keyset_hash(h->type, h->id, h->adv_rtr) & mask;
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		ks->slot[i] = ks->slot[j];
		i = j;
	}
	memset(&ks->slot[i], 0, sizeof(ks->slot[i]));
	ks->n--;
	return true;
}

struct lsa_hdr *
keyset_next(const struct keyset *ks, size_t *i)
{
	while (*i < ks->cap) {
		struct lsa_hdr *h = &ks->slot[(*i)++].hdr;

		if (h->type != 0)
			return h;
	}
	return NULL;
}

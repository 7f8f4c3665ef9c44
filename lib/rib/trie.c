/*
 * DOC: trie: keys are kept as 1 (IPv4) or 4 (IPv6) 32-bit words in host byte
 * order, most significant bit first, so that bit tests and the length of a
 * common prefix are shifts and count-leading-zeros. A node with an item is a
 * prefix; a node without one is glue and always has two children. A child of
 * node n is longer than n and agrees with n on n's len bits; which child it
 * is, is given by its key bit at position n->len.
 */
#include <sys/socket.h>

#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slab.h"
#include "trie.h"

#define TRIE_WORDS	4
#define TRIE_MAXLEN	128
#define TRIE_STACK	(2 * (TRIE_MAXLEN + 2))

struct trie_node {
	struct trie_node	*child[2];
	void			*item;
	uint8_t			 len;
	uint32_t		 key[];
};

struct trie {
	struct trie_node	*root;
	struct slab		*slab;
	size_t			 count;
	size_t			 nodes;
	unsigned int		 nwords;
	unsigned int		 maxlen;
	int			 family;
};

static void
key_mask(uint32_t *k, unsigned int nwords, unsigned int len)
{
	unsigned int	 i;

	for (i = 0; i < nwords; i++) {
		if (len >= 32 * (i + 1))
			continue;
		if (len <= 32 * i)
			k[i] = 0;
		else
			k[i] &= ~0U << (32 - (len - 32 * i));
	}
}

static void
key_load(const struct trie *t, const void *addr, unsigned int len,
    uint32_t *k)
{
	const uint8_t	*p = addr;
	unsigned int	 i;

	for (i = 0; i < t->nwords; i++, p += 4)
		k[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	key_mask(k, t->nwords, len);
}

static void
key_store(const struct trie *t, const uint32_t *k, void *addr)
{
	uint8_t		*p = addr;
	unsigned int	 i;

	for (i = 0; i < t->nwords; i++, p += 4) {
		p[0] = k[i] >> 24;
		p[1] = k[i] >> 16;
		p[2] = k[i] >> 8;
		p[3] = k[i];
	}
}

static unsigned int
key_bit(const uint32_t *k, unsigned int i)
{
	return k[i >> 5] >> (31 - (i & 31)) & 1;
}

/* Number of leading bits a and b share, at most limit. */
static unsigned int
key_common(const uint32_t *a, const uint32_t *b, unsigned int nwords,
    unsigned int limit)
{
	unsigned int	 i, c;
	uint32_t	 x;

	for (i = 0; i < nwords && 32 * i < limit; i++) {
		if ((x = a[i] ^ b[i]) != 0) {
			c = 32 * i + (unsigned int)__builtin_clz(x);
			return c < limit ? c : limit;
		}
	}
	return limit;
}

/* Does node n's prefix contain the key k? */
static int
node_covers(const struct trie *t, const struct trie_node *n,
    const uint32_t *k)
{
	return key_common(n->key, k, t->nwords, n->len) == n->len;
}

/* Compare (key, len) pairs in walk order: address first, shorter first. */
static int
key_cmp(const struct trie *t, const uint32_t *a, unsigned int alen,
    const uint32_t *b, unsigned int blen)
{
	unsigned int	 i;

	for (i = 0; i < t->nwords; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

/* Is the last address of node n's prefix below the address k? */
static int
node_before(const struct trie *t, const struct trie_node *n,
    const uint32_t *k)
{
	uint32_t	 last[TRIE_WORDS], mask[TRIE_WORDS];
	unsigned int	 i;

	for (i = 0; i < t->nwords; i++)
		mask[i] = ~0U;
	key_mask(mask, t->nwords, n->len);
	for (i = 0; i < t->nwords; i++)
		last[i] = n->key[i] | ~mask[i];
	return key_cmp(t, last, 0, k, 0) < 0;
}

static struct trie_node *
node_new(struct trie *t, const uint32_t *k, unsigned int len, void *item)
{
	struct trie_node	*n;

	if ((n = slab_get(t->slab)) == NULL)
		return NULL;
	n->child[0] = n->child[1] = NULL;
	n->item = item;
	n->len = (uint8_t)len;
	memcpy(n->key, k, t->nwords * sizeof(uint32_t));
	key_mask(n->key, t->nwords, len);
	t->nodes++;
	return n;
}

static void
node_free(struct trie *t, struct trie_node *n)
{
	t->nodes--;
	slab_put(t->slab, n);
}

/* A trie of AF_INET (32-bit) or AF_INET6 (128-bit) prefixes. */
struct trie *
trie_new(int family)
{
	struct trie	*t;

	if (family != AF_INET && family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->family = family;
	t->nwords = family == AF_INET ? 1 : 4;
	t->maxlen = 32 * t->nwords;
	if ((t->slab = slab_new(offsetof(struct trie_node, key) +
	    t->nwords * sizeof(uint32_t))) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

/* Frees the trie, not the items: walk it first if they need freeing. */
void
trie_del(struct trie *t)
{
	struct trie_node	*stack[TRIE_STACK], *n;
	int			 sp = 0;

	if (t == NULL)
		return;
	/* Under ASan the slab does not own its objects: free them one by one. */
	if (t->root != NULL)
		stack[sp++] = t->root;
	while (sp > 0) {
		n = stack[--sp];
		if (n->child[1] != NULL)
			stack[sp++] = n->child[1];
		if (n->child[0] != NULL)
			stack[sp++] = n->child[0];
		slab_put(t->slab, n);
	}
	slab_del(t->slab);
	free(t);
}

/*
 * Adds addr/len with a non-NULL item. Fails with EEXIST if the prefix is
 * already there, EINVAL for a bad length or a NULL item, ENOMEM.
 */
int
trie_insert(struct trie *t, const void *addr, unsigned int len, void *item)
{
	struct trie_node	**np = &t->root, *n, *nn, *glue;
	uint32_t		 k[TRIE_WORDS];
	unsigned int		 c = 0;

	if (len > t->maxlen || item == NULL) {
		errno = EINVAL;
		return -1;
	}
	key_load(t, addr, len, k);
	while ((n = *np) != NULL) {
		c = key_common(n->key, k, t->nwords,
		    n->len < len ? n->len : len);
		if (c < n->len)
			break;
		if (n->len == len) {
			if (n->item != NULL) {
				errno = EEXIST;
				return -1;
			}
			n->item = item;
			t->count++;
			return 0;
		}
		np = &n->child[key_bit(k, n->len)];
	}
	if ((nn = node_new(t, k, len, item)) == NULL)
		return -1;
	if (n == NULL)
		*np = nn;
	else if (c == len) {
		/* The new prefix is shorter than n and covers it. */
		nn->child[key_bit(n->key, len)] = n;
		*np = nn;
	} else {
		/* They part at bit c: a glue node of length c joins them. */
		if ((glue = node_new(t, k, c, NULL)) == NULL) {
			node_free(t, nn);
			return -1;
		}
		glue->child[key_bit(k, c)] = nn;
		glue->child[key_bit(n->key, c)] = n;
		*np = glue;
	}
	t->count++;
	return 0;
}

/* The item of exactly addr/len, or NULL. */
void *
trie_lookup(const struct trie *t, const void *addr, unsigned int len)
{
	const struct trie_node	*n;
	uint32_t		 k[TRIE_WORDS];

	if (len > t->maxlen)
		return NULL;
	key_load(t, addr, len, k);
	for (n = t->root; n != NULL; n = n->child[key_bit(k, n->len)]) {
		if (n->len > len || !node_covers(t, n, k))
			return NULL;
		if (n->len == len)
			return n->item;
	}
	return NULL;
}

/*
 * Removes addr/len and returns its item, or NULL if it was not there. A node
 * left with one child is spliced out; glue never has fewer than two.
 */
void *
trie_remove(struct trie *t, const void *addr, unsigned int len)
{
	struct trie_node	**path[TRIE_MAXLEN + 2], **np, *n, *p;
	uint32_t		 k[TRIE_WORDS];
	void			*item;
	int			 depth = 0;

	if (len > t->maxlen)
		return NULL;
	key_load(t, addr, len, k);
	np = &t->root;
	while ((n = *np) != NULL) {
		if (n->len > len || !node_covers(t, n, k))
			return NULL;
		if (n->len == len)
			break;
		path[depth++] = np;
		np = &n->child[key_bit(k, n->len)];
	}
	if (n == NULL || n->item == NULL)
		return NULL;
	item = n->item;
	n->item = NULL;
	t->count--;
	if (n->child[0] != NULL && n->child[1] != NULL)
		return item;			/* stays as glue */
	if (n->child[0] != NULL || n->child[1] != NULL) {
		*np = n->child[0] != NULL ? n->child[0] : n->child[1];
		node_free(t, n);
		return item;
	}
	*np = NULL;
	node_free(t, n);
	if (depth > 0) {
		np = path[depth - 1];
		p = *np;
		if (p->item == NULL) {
			*np = p->child[0] != NULL ? p->child[0] : p->child[1];
			node_free(t, p);
		}
	}
	return item;
}

/*
 * Longest-prefix match: the item of the longest prefix of length at most len
 * that contains addr/len (len = 32 or 128 for an address). Its length goes to
 * *plen if plen is not NULL.
 */
void *
trie_match(const struct trie *t, const void *addr, unsigned int len,
    unsigned int *plen)
{
	const struct trie_node	*n, *best = NULL;
	uint32_t		 k[TRIE_WORDS];

	if (len > t->maxlen)
		len = t->maxlen;
	key_load(t, addr, len, k);
	for (n = t->root; n != NULL; n = n->child[key_bit(k, n->len)]) {
		if (n->len > len || !node_covers(t, n, k))
			break;
		if (n->item != NULL)
			best = n;
		if (n->len == len)
			break;
	}
	if (best == NULL)
		return NULL;
	if (plen != NULL)
		*plen = best->len;
	return best->item;
}

/* The longest prefix strictly shorter than len that covers addr/len. */
void *
trie_cover(const struct trie *t, const void *addr, unsigned int len,
    unsigned int *plen)
{
	if (len == 0)
		return NULL;
	return trie_match(t, addr, len - 1, plen);
}

/*
 * The first prefix after addr/len in walk order (the very first if len < 0),
 * copied to naddr/nlen when those are not NULL; its item, or NULL at the end.
 * addr/len itself need not be in the trie, so an iteration survives changes
 * made between two calls.
 */
void *
trie_next(const struct trie *t, const void *addr, int len, void *naddr,
    unsigned int *nlen)
{
	const struct trie_node	*stack[TRIE_STACK], *n;
	uint32_t		 k[TRIE_WORDS];
	int			 sp = 0;

	if (len > (int)t->maxlen)
		len = (int)t->maxlen;
	if (len >= 0)
		key_load(t, addr, (unsigned int)len, k);
	if (t->root != NULL)
		stack[sp++] = t->root;
	while (sp > 0) {
		n = stack[--sp];
		/* Skip subtrees that end before the start point. */
		if (len >= 0 && node_before(t, n, k))
			continue;
		if (n->item != NULL && (len < 0 ||
		    key_cmp(t, n->key, n->len, k, (unsigned int)len) > 0)) {
			if (naddr != NULL)
				key_store(t, n->key, naddr);
			if (nlen != NULL)
				*nlen = n->len;
			return n->item;
		}
		if (n->child[1] != NULL)
			stack[sp++] = n->child[1];
		if (n->child[0] != NULL)
			stack[sp++] = n->child[0];
	}
	return NULL;
}

/*
 * Calls cb for every prefix inside addr/len (addr/len itself included), in
 * walk order; len 0 walks the whole trie.
 */
int
trie_walk(const struct trie *t, const void *addr, unsigned int len,
    trie_walk_cb cb, void *arg)
{
	const struct trie_node	*stack[TRIE_STACK], *n;
	uint32_t		 k[TRIE_WORDS];
	uint8_t			 a[4 * TRIE_WORDS];
	int			 sp = 0, rv;

	if (len > t->maxlen) {
		errno = EINVAL;
		return -1;
	}
	key_load(t, addr, len, k);
	/* Find the top of the subtree: the first node of len >= len. */
	for (n = t->root; n != NULL; n = n->child[key_bit(k, n->len)]) {
		if (n->len >= len) {
			if (key_common(n->key, k, t->nwords, len) < len)
				n = NULL;
			break;
		}
		if (!node_covers(t, n, k)) {
			n = NULL;
			break;
		}
	}
	if (n != NULL)
		stack[sp++] = n;
	while (sp > 0) {
		n = stack[--sp];
		if (n->item != NULL) {
			key_store(t, n->key, a);
			if ((rv = cb(a, n->len, n->item, arg)) != 0)
				return rv;
		}
		if (n->child[1] != NULL)
			stack[sp++] = n->child[1];
		if (n->child[0] != NULL)
			stack[sp++] = n->child[0];
	}
	return 0;
}

/* Number of prefixes (items). */
size_t
trie_count(const struct trie *t)
{
	return t->count;
}

/* Number of nodes, prefixes and glue. */
size_t
trie_nodes(const struct trie *t)
{
	return t->nodes;
}

/* Memory held by the nodes. */
size_t
trie_bytes(const struct trie *t)
{
	return slab_bytes(t->slab);
}

int
trie_family(const struct trie *t)
{
	return t->family;
}

unsigned int
trie_maxlen(const struct trie *t)
{
	return t->maxlen;
}

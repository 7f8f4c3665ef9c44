/*
 * DOC: lsdb: one area's link state database, see lsdb.h. Each entry is one
 * allocation (the struct and its LSA's bytes), linked into a treap for
 * key order and pointed at from an open-addressing hash index (linear
 * probing, backward-shift deletion: no tombstones) for lookups. The
 * per-type counts and checksum sums of `show ip ospf` are kept up to date
 * on every install and delete.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lsdb.h"
#include "ospf.h"

static const char *const lsdb_ret_names[LSDB_RET_MAX] = {
	[LSDB_NEW] = "new",
	[LSDB_NEWER] = "newer",
	[LSDB_SAME] = "same",
	[LSDB_OLDER] = "older",
	[LSDB_BAD] = "bad",
	[LSDB_NOMEM] = "no memory",
};

const char *
lsdb_ret_name(unsigned int r)
{
	if (r >= LSDB_RET_MAX || lsdb_ret_names[r] == NULL)
		return "unknown";
	return lsdb_ret_names[r];
}

struct lsdb *
lsdb_new(void)
{
	return calloc(1, sizeof(struct lsdb));
}

void
lsdb_clear(struct lsdb *db)
{
	size_t	 i;

	for (i = 0; i < db->cap; i++)
		free(db->slot[i]);
	free(db->slot);
	memset(db, 0, sizeof(*db));
}

void
lsdb_del(struct lsdb *db)
{
	if (db == NULL)
		return;
	lsdb_clear(db);
	free(db);
}

static int
key_cmp(const struct lsa_hdr *h, uint8_t type, uint32_t id, uint32_t adv)
{
	if (h->type != type)
		return h->type < type ? -1 : 1;
	if (h->id != id)
		return h->id < id ? -1 : 1;
	if (h->adv_rtr != adv)
		return h->adv_rtr < adv ? -1 : 1;
	return 0;
}

static uint64_t
key_hash(uint8_t type, uint32_t id, uint32_t adv)
{
	uint64_t	 h = ((uint64_t)id << 32 | adv) ^ (uint64_t)type << 56;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* ---- the hash index */

/* The slot holding the key, or the empty slot where it would go. */
static size_t
slot_pos(const struct lsdb *db, uint8_t type, uint32_t id, uint32_t adv)
{
	size_t	 mask = db->cap - 1, i = key_hash(type, id, adv) & mask;

	while (db->slot[i] != NULL &&
	    key_cmp(&db->slot[i]->lsa.hdr, type, id, adv) != 0)
		i = (i + 1) & mask;
	return i;
}

static bool
index_grow(struct lsdb *db)
{
	struct lsdb_entry	**old = db->slot;
	size_t			  ocap = db->cap, i;

	if ((db->n + 1) * 4 <= db->cap * 3)
		return true;
	db->cap = ocap ? ocap * 2 : 64;
	if ((db->slot = calloc(db->cap, sizeof(*db->slot))) == NULL) {
		db->slot = old;
		db->cap = ocap;
		return false;
	}
	for (i = 0; i < ocap; i++)
		if (old[i] != NULL)
			db->slot[slot_pos(db, old[i]->lsa.hdr.type,
			    old[i]->lsa.hdr.id, old[i]->lsa.hdr.adv_rtr)] = old[i];
	free(old);
	return true;
}

/* Empty slot i, moving back every later entry of the run that may. */
static void
index_remove(struct lsdb *db, size_t i)
{
	size_t	 j = i, k, mask = db->cap - 1;

	for (;;) {
		const struct lsa_hdr *h;

		j = (j + 1) & mask;
		if (db->slot[j] == NULL)
			break;
		h = &db->slot[j]->lsa.hdr;
		k = key_hash(h->type, h->id, h->adv_rtr) & mask;
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		db->slot[i] = db->slot[j];
		i = j;
	}
	db->slot[i] = NULL;
}

/* ---- the treap: a search tree by key, a heap by prio */

static struct lsdb_entry **
link_of(struct lsdb *db, struct lsdb_entry *e)
{
	if (e->up == NULL)
		return &db->root;
	return e->up->left == e ? &e->up->left : &e->up->right;
}

/* Turn e's parent into e's child, e taking its place. */
static void
rotate_up(struct lsdb *db, struct lsdb_entry *e)
{
	struct lsdb_entry	*p = e->up, **pl = link_of(db, p);

	if (p->left == e) {
		p->left = e->right;
		if (e->right != NULL)
			e->right->up = p;
		e->right = p;
	} else {
		p->right = e->left;
		if (e->left != NULL)
			e->left->up = p;
		e->left = p;
	}
	e->up = p->up;
	p->up = e;
	*pl = e;
}

static void
tree_insert(struct lsdb *db, struct lsdb_entry *e)
{
	struct lsdb_entry	**l = &db->root, *up = NULL;
	const struct lsa_hdr	 *h = &e->lsa.hdr;

	while (*l != NULL) {
		up = *l;
		l = key_cmp(&up->lsa.hdr, h->type, h->id, h->adv_rtr) < 0 ?
		    &up->right : &up->left;
	}
	e->up = up;
	e->left = e->right = NULL;
	*l = e;
	while (e->up != NULL && e->up->prio < e->prio)
		rotate_up(db, e);
}

static void
tree_remove(struct lsdb *db, struct lsdb_entry *e)
{
	struct lsdb_entry	*c;

	/* Down to a leaf's place, under the child of higher priority. */
	while (e->left != NULL && e->right != NULL) {
		c = e->left->prio > e->right->prio ? e->left : e->right;
		rotate_up(db, c);
	}
	c = e->left != NULL ? e->left : e->right;
	if (c != NULL)
		c->up = e->up;
	*link_of(db, e) = c;
}

/* new takes old's place in the tree (same key). */
static void
tree_replace(struct lsdb *db, struct lsdb_entry *old, struct lsdb_entry *new)
{
	*link_of(db, old) = new;
	new->up = old->up;
	new->left = old->left;
	new->right = old->right;
	new->prio = old->prio;
	if (new->left != NULL)
		new->left->up = new;
	if (new->right != NULL)
		new->right->up = new;
}

static void
account(struct lsdb *db, const struct lsdb_entry *e, bool add)
{
	unsigned int	 t = e->lsa.hdr.type;

	/* lsa_parse() only accepts types below LSA_TYPE_MAX. */
	if (add) {
		db->count[t]++;
		db->cksum_sum[t] += e->lsa.hdr.cksum;
	} else {
		db->count[t]--;
		db->cksum_sum[t] -= e->lsa.hdr.cksum;
	}
}

static uint16_t
age_cap(uint16_t age)
{
	return age > OSPF_MAX_AGE ? OSPF_MAX_AGE : age;
}

/* 13.2: the LS age now, from the age at install and the time since. */
uint16_t
lsdb_age(const struct lsdb_entry *e, time_t now)
{
	uint32_t	 age = age_cap(e->lsa.hdr.age);

	if (now > e->installed) {
		if ((uint64_t)(now - e->installed) >= OSPF_MAX_AGE)
			return OSPF_MAX_AGE;
		age += (uint32_t)(now - e->installed);
	}
	return age > OSPF_MAX_AGE ? OSPF_MAX_AGE : (uint16_t)age;
}

/* The entry's header with its current age, for DD and Ack lists. */
void
lsdb_entry_hdr(const struct lsdb_entry *e, time_t now, struct lsa_hdr *h)
{
	*h = e->lsa.hdr;
	h->age = lsdb_age(e, now);
}

/*
 * RFC 2328 13 steps 5 and 7: installs an LSA (bytes copied) unless the
 * database holds the same or a more recent instance (13.1, the stored one
 * taken at its current age). The caller checks the checksum first
 * (lsa_cksum_ok) and does the flooding; this only keeps the database.
 */
enum lsdb_ret
lsdb_install(struct lsdb *db, const uint8_t *p, size_t len, time_t now)
{
	struct lsdb_entry	*e, *old;
	struct lsa_hdr		 cur;
	const struct lsa_hdr	*h;
	size_t			 i;
	int			 c;

	if ((e = calloc(1, sizeof(*e) + (len ? len : 1))) == NULL)
		return LSDB_NOMEM;
	e->bytes = e->copy;
	if (len)
		memcpy(e->bytes, p, len);
	e->len = len;
	e->installed = now;
	if (lsa_parse(e->bytes, len, &e->lsa) != OSPF_OK) {
		free(e);
		return LSDB_BAD;
	}
	h = &e->lsa.hdr;
	if (!index_grow(db)) {
		free(e);
		return LSDB_NOMEM;
	}
	i = slot_pos(db, h->type, h->id, h->adv_rtr);
	if ((old = db->slot[i]) != NULL) {
		lsdb_entry_hdr(old, now, &cur);
		if ((c = lsa_compare(h, &cur)) <= 0) {
			free(e);
			return c == 0 ? LSDB_SAME : LSDB_OLDER;
		}
		account(db, old, false);
		tree_replace(db, old, e);
		free(old);
		db->slot[i] = e;
		account(db, e, true);
		return LSDB_NEWER;
	}
	e->prio = (uint32_t)(key_hash(h->type, h->id, h->adv_rtr) >> 32);
	db->slot[i] = e;
	tree_insert(db, e);
	db->n++;
	account(db, e, true);
	return LSDB_NEW;
}

struct lsdb_entry *
lsdb_lookup(const struct lsdb *db, uint8_t type, uint32_t id, uint32_t adv)
{
	if (db->n == 0)
		return NULL;
	return db->slot[slot_pos(db, type, id, adv)];
}

/* Removes and frees an entry; false when there is none. */
bool
lsdb_delete(struct lsdb *db, uint8_t type, uint32_t id, uint32_t adv)
{
	struct lsdb_entry	*e;
	size_t			 i;

	if (db->n == 0)
		return false;
	i = slot_pos(db, type, id, adv);
	if ((e = db->slot[i]) == NULL)
		return false;
	index_remove(db, i);
	tree_remove(db, e);
	account(db, e, false);
	free(e);
	db->n--;
	return true;
}

/*
 * The first entry whose key is not below (type, id, adv), or NULL. Seek to
 * (type, 0, 0) to walk one type, or to resume a walk after a delete.
 */
struct lsdb_entry *
lsdb_seek(const struct lsdb *db, uint8_t type, uint32_t id, uint32_t adv)
{
	struct lsdb_entry	*e = db->root, *best = NULL;

	while (e != NULL) {
		if (key_cmp(&e->lsa.hdr, type, id, adv) < 0)
			e = e->right;
		else {
			best = e;
			e = e->left;
		}
	}
	return best;
}

struct lsdb_entry *
lsdb_first(const struct lsdb *db)
{
	struct lsdb_entry	*e = db->root;

	while (e != NULL && e->left != NULL)
		e = e->left;
	return e;
}

/* The entry after e, which must be in db (fetch it before deleting e). */
struct lsdb_entry *
lsdb_next(const struct lsdb *db, const struct lsdb_entry *e)
{
	const struct lsdb_entry	*c;

	(void)db;
	if (e->right != NULL) {
		for (c = e->right; c->left != NULL; c = c->left)
			;
		return (struct lsdb_entry *)c;
	}
	while (e->up != NULL && e->up->right == e)
		e = e->up;
	return e->up;
}

size_t
lsdb_size(const struct lsdb *db)
{
	return db->n;
}

/* Bytes the database allocated: its index and its entries. */
size_t
lsdb_mem(const struct lsdb *db)
{
	size_t	 i, n = sizeof(*db) + db->cap * sizeof(*db->slot);

	for (i = 0; i < db->cap; i++)
		if (db->slot[i] != NULL)
			n += sizeof(*db->slot[i]) + db->slot[i]->len;
	return n;
}

size_t
lsdb_count(const struct lsdb *db, unsigned int type)
{
	return type < LSA_TYPE_MAX ? db->count[type] : 0;
}

/* The sum of the checksums of one type's LSAs, as `show ip ospf` prints. */
uint32_t
lsdb_cksum_sum(const struct lsdb *db, unsigned int type)
{
	return type < LSA_TYPE_MAX ? db->cksum_sum[type] : 0;
}

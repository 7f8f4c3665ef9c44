/*
 * DOC: lsdb: one area's link state database, see lsdb.h. A sorted array of
 * entry pointers: lookups and the ordered walk are binary searches, and
 * the per-type counts and checksum sums of `show ip ospf` are kept up to
 * date on every install and delete.
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

static void
entry_free(struct lsdb_entry *e)
{
	free(e->bytes);
	free(e);
}

void
lsdb_clear(struct lsdb *db)
{
	size_t	 i;

	for (i = 0; i < db->n; i++)
		entry_free(db->ent[i]);
	free(db->ent);
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

/* The index of the first entry whose key is not below (type, id, adv). */
static size_t
lower_bound(const struct lsdb *db, uint8_t type, uint32_t id, uint32_t adv)
{
	size_t	 lo = 0, hi = db->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (key_cmp(&db->ent[mid]->lsa.hdr, type, id, adv) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
found_at(const struct lsdb *db, size_t i, uint8_t type, uint32_t id,
    uint32_t adv)
{
	return i < db->n && key_cmp(&db->ent[i]->lsa.hdr, type, id, adv) == 0;
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
	struct lsdb_entry	*e, *old, **grown;
	struct lsa_hdr		 cur;
	size_t			 i, cap;
	int			 c;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return LSDB_NOMEM;
	if ((e->bytes = malloc(len ? len : 1)) == NULL) {
		free(e);
		return LSDB_NOMEM;
	}
	if (len)
		memcpy(e->bytes, p, len);
	e->len = len;
	e->installed = now;
	if (lsa_parse(e->bytes, len, &e->lsa) != OSPF_OK) {
		entry_free(e);
		return LSDB_BAD;
	}

	i = lower_bound(db, e->lsa.hdr.type, e->lsa.hdr.id,
	    e->lsa.hdr.adv_rtr);
	if (found_at(db, i, e->lsa.hdr.type, e->lsa.hdr.id,
	    e->lsa.hdr.adv_rtr)) {
		old = db->ent[i];
		lsdb_entry_hdr(old, now, &cur);
		if ((c = lsa_compare(&e->lsa.hdr, &cur)) <= 0) {
			entry_free(e);
			return c == 0 ? LSDB_SAME : LSDB_OLDER;
		}
		account(db, old, false);
		entry_free(old);
		db->ent[i] = e;
		account(db, e, true);
		return LSDB_NEWER;
	}

	if (db->n == db->cap) {
		cap = db->cap ? db->cap * 2 : 64;
		if ((grown = realloc(db->ent, cap * sizeof(*grown))) == NULL) {
			entry_free(e);
			return LSDB_NOMEM;
		}
		db->ent = grown;
		db->cap = cap;
	}
	memmove(db->ent + i + 1, db->ent + i, (db->n - i) * sizeof(*db->ent));
	db->ent[i] = e;
	db->n++;
	account(db, e, true);
	return LSDB_NEW;
}

struct lsdb_entry *
lsdb_lookup(const struct lsdb *db, uint8_t type, uint32_t id, uint32_t adv)
{
	size_t	 i = lower_bound(db, type, id, adv);

	return found_at(db, i, type, id, adv) ? db->ent[i] : NULL;
}

/* Removes and frees an entry; false when there is none. */
bool
lsdb_delete(struct lsdb *db, uint8_t type, uint32_t id, uint32_t adv)
{
	size_t	 i = lower_bound(db, type, id, adv);

	if (!found_at(db, i, type, id, adv))
		return false;
	account(db, db->ent[i], false);
	entry_free(db->ent[i]);
	memmove(db->ent + i, db->ent + i + 1,
	    (db->n - i - 1) * sizeof(*db->ent));
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
	size_t	 i = lower_bound(db, type, id, adv);

	return i < db->n ? db->ent[i] : NULL;
}

struct lsdb_entry *
lsdb_first(const struct lsdb *db)
{
	return db->n ? db->ent[0] : NULL;
}

/* The entry after e, which must be in db (fetch it before deleting e). */
struct lsdb_entry *
lsdb_next(const struct lsdb *db, const struct lsdb_entry *e)
{
	size_t	 i = lower_bound(db, e->lsa.hdr.type, e->lsa.hdr.id,
		    e->lsa.hdr.adv_rtr);

	return i + 1 < db->n ? db->ent[i + 1] : NULL;
}

size_t
lsdb_size(const struct lsdb *db)
{
	return db->n;
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

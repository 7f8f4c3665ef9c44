/*
 * DOC: lsdb: the link state database of one OSPF area (RFC 2328 12.2),
 * pure: no sockets, no timers, no globals. Each entry holds a private copy
 * of one LSA's bytes and the struct lsa parsed from that copy, keyed by
 * (LS type, Link State ID, Advertising Router).
 *
 * A hash index finds an entry by key in O(1); a treap (a binary search
 * tree kept balanced by a priority derived from the key's hash) keeps
 * them in key order, so a walk with lsdb_first()/lsdb_next() or from
 * lsdb_seek() visits them in the order of `show ip ospf database`: by
 * type, then Link State ID, then advertising router. Installing and
 * deleting are O(log n), so 50,000 AS-external LSAs arriving or being
 * flushed in key order cost no more than in any other order.
 *
 * Ages (13.2, 14). The database keeps no clock: each entry records the
 * time it was installed and its LS age at that time, and lsdb_age()
 * derives the current age from the `now` the daemon passes (monotonic
 * seconds), capped at MaxAge. lsdb_install() compares an arriving instance
 * with the stored one at its current age (13.1) and keeps the newer.
 */
#ifndef OKAPI_LSDB_H
#define OKAPI_LSDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ospf.h"

/* The result of lsdb_install(). */
enum lsdb_ret {
	LSDB_NEW = 0,	/* no instance before: installed */
	LSDB_NEWER,	/* more recent than the stored one: replaced it */
	LSDB_SAME,	/* the same instance (13.1): kept the stored one */
	LSDB_OLDER,	/* less recent: kept the stored one */
	LSDB_BAD,	/* did not parse: nothing changed */
	LSDB_NOMEM,	/* out of memory: nothing changed */
	LSDB_RET_MAX
};

struct lsdb_entry {
	struct lsa	 lsa;		/* parsed from bytes; age at install */
	uint8_t		*bytes;		/* a private copy of the LSA, in copy */
	size_t		 len;
	time_t		 installed;	/* the `now` of lsdb_install() */
	uint64_t	 arrived_ms;	/* the daemon's: MinLSArrival (13) */
	/* lsdb.c's: the treap */
	struct lsdb_entry *up, *left, *right;
	uint32_t	 prio;
	uint8_t		 copy[];
};

struct lsdb {
	struct lsdb_entry	 *root;	/* the treap, in key order */
	struct lsdb_entry	**slot;	/* hash index, open addressing */
	size_t			  cap;	/* slots: a power of two, or 0 */
	size_t			  n;
	size_t			  count[LSA_TYPE_MAX];
	uint32_t		  cksum_sum[LSA_TYPE_MAX];
};

/* lsdb.c */
const char		*lsdb_ret_name(unsigned int);
struct lsdb		*lsdb_new(void);
void			 lsdb_del(struct lsdb *);
void			 lsdb_clear(struct lsdb *);
enum lsdb_ret		 lsdb_install(struct lsdb *, const uint8_t *, size_t,
			    time_t);
struct lsdb_entry	*lsdb_lookup(const struct lsdb *, uint8_t, uint32_t,
			    uint32_t);
bool			 lsdb_delete(struct lsdb *, uint8_t, uint32_t,
			    uint32_t);
struct lsdb_entry	*lsdb_seek(const struct lsdb *, uint8_t, uint32_t,
			    uint32_t);
struct lsdb_entry	*lsdb_first(const struct lsdb *);
struct lsdb_entry	*lsdb_next(const struct lsdb *,
			    const struct lsdb_entry *);
uint16_t		 lsdb_age(const struct lsdb_entry *, time_t);
void			 lsdb_entry_hdr(const struct lsdb_entry *, time_t,
			    struct lsa_hdr *);
size_t			 lsdb_size(const struct lsdb *);
size_t			 lsdb_mem(const struct lsdb *);
size_t			 lsdb_count(const struct lsdb *, unsigned int);
uint32_t		 lsdb_cksum_sum(const struct lsdb *, unsigned int);

#endif

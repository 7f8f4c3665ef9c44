/*
 * DOC: rib_private: the RIB's internal structures, shared by its files and
 * by nobody else.
 *
 * A struct rib holds one rib_table per family. A table maps prefixes to
 * struct rib_dest in a trie; each dest lists its routes (one per protocol)
 * and remembers its FIB state as last reported. Each protocol keeps a list of
 * its routes, so that flushing or redistributing a protocol costs its own
 * routes only.
 *
 * Work list. A change marks its dest dirty and puts it on the table's work
 * list (at most once). rib_process() evaluates dirty dests (resolution and
 * selection) until none is left, then reports the dests of the list whose FIB
 * state differs from what was last reported, and frees the ones left empty.
 *
 * Next-hop tracking. Every recursive next hop of a route is a struct rib_dep
 * on the list of its gateway's struct rib_nht, kept in a second trie of host
 * prefixes. When the selected route or the FIB state of a dest changes, the
 * gateways inside the dest's prefix are found by a subtree walk of that trie,
 * and the dests of the routes depending on them are marked dirty.
 *
 * Loops. A next hop refused because it would close a resolution loop
 * depends on the whole chain below it, not only on the prefix it resolves
 * through, so such routes are kept on a list; when any selection or
 * resolution changed during a run, they are evaluated again.
 */
#ifndef OKAPI_RIB_PRIVATE_H
#define OKAPI_RIB_PRIVATE_H

#include "rib.h"

struct slab;
struct trie;

/* How many prefixes the loop check looks at before it assumes a loop. */
#define RIB_LOOP_CHECK_MAX	256
/* Changes of one dest per rib_process() before its recursion stops. */
#define RIB_CHANGE_MAX		16

struct rib_dest {
	struct rib_route	*routes;
	struct rib_dest		*wnext;		/* work list */
	const struct rib_nhg	*fib;		/* FIB state last reported */
	uint32_t		 fib_metric;
	uint8_t			 fib_proto;
	uint8_t			 flags;
#define DEST_LISTED		0x01	/* on the work list */
#define DEST_DIRTY		0x02	/* needs evaluation */
#define DEST_FROZEN		0x08	/* too many evaluations: recursion off */
#define DEST_CHANGED		0x10	/* selected route edited or deleted */
#define DEST_SEEN		0x20	/* visited by the loop check */
	uint8_t			 changes;	/* in this run */
	uint8_t			 len;
	uint8_t			 family;
	uint8_t			 addr[];	/* 4 or 16 bytes, network order */
};

/*
 * A recursive next hop of a route: how it resolved and who to tell. The
 * i-th dep of a route is its i-th recursive next hop.
 */
struct rib_dep {
	LIST_ENTRY(rib_dep)	 link;		/* on its gateway's rib_nht */
	struct rib_route	*route;
	struct rib_dest		*via;		/* resolved through, or NULL */
};

struct rib_rec {
	const struct rib_nhg	*fib;		/* resolved next hops or NULL */
	struct rib_rec		*loop_next;	/* table's list of loop suspects */
	uint8_t			 ndeps;
	uint8_t			 onloop;	/* on that list */
	struct rib_dep		 deps[];
};

/* One tracked gateway address. */
struct rib_nht {
	LIST_HEAD(, rib_dep)	 deps;
};

struct rib_proto_list {
	LIST_HEAD(, rib_route)	 routes;
	size_t			 count;
};

struct rib_table {
	struct rib		*rib;
	int			 family;
	unsigned int		 maxlen;
	struct trie		*dests;
	struct trie		*nht;
	struct slab		*dest_slab;
	struct rib_proto_list	 protos[RIB_PROTO_MAX];
	struct rib_dest		*work;
	struct rib_dest		**worktail;
	size_t			 ndirty;
	struct rib_rec		*loops;		/* routes given up as loops */
	bool			 graph_changed;	/* a selection or via changed */
	bool			 via_default;
};

struct rib_proto_def {
	char			 name[RIB_PROTO_NAMELEN];
	char			 letter;
	uint8_t			 distance;
	uint8_t			 rtproto;
	bool			 used;
};

struct rib {
	struct rib_table	 t4;
	struct rib_table	 t6;
	struct rib_proto_def	 protos[RIB_PROTO_MAX];
	rib_fib_cb		 cb;
	void			*cbarg;
	int			 batch;		/* rib_begin() depth */
	int			 busy;		/* in a callback or a walk */
	struct slab		*route_slab;
	struct slab		*nht_slab;
	struct slab		*nhg_slab[RIB_NH_MAX + 1];
	struct rib_nhg		**nhg_hash;
	size_t			 nhg_buckets;
	size_t			 nhg_count;
	size_t			 rec_bytes;
	struct rib_stats	 stats;
};

/* rib.c */
struct rib_table	*rib_table(const struct rib *, int family);
struct rib_route	*dest_selected(const struct rib_dest *);
const struct rib_nhg	*route_fib(const struct rib_route *);

/* process.c */
void		 dest_mark(struct rib_table *, struct rib_dest *);
void		 dest_eval(struct rib_table *, struct rib_dest *);
void		 rib_process(struct rib *);

/* resolve.c */
int		 rec_build(struct rib_table *, struct rib_route *,
		    const struct rib_nhg *, struct rib_rec **);
void		 rec_free(struct rib_table *, struct rib_route *,
		    struct rib_rec *, const struct rib_nhg *);
void		 route_resolve(struct rib_table *, struct rib_dest *,
		    struct rib_route *);
void		 nht_changed(struct rib_table *, struct rib_dest *);
void		 nht_forget(struct rib_table *, struct rib_dest *);
void		 nht_mark_all(struct rib_table *);
bool		 loops_mark(struct rib_table *);

/* nhg.c */
const struct rib_nhg *nhg_get(struct rib *, int family,
		    const struct rib_nh *, unsigned int);
void		 nhg_fini(struct rib *);

/* proto.c */
void		 proto_init(struct rib *);
bool		 proto_valid(const struct rib *, uint8_t);

#endif

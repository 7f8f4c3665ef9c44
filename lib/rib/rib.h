/*
 * DOC: rib: the routing information base of ribd, pure (no sockets, no
 * netlink, no event loop), for IPv4 and IPv6.
 *
 * Data flow. Protocols add and delete routes: at most one route per
 * (protocol, prefix); adding again replaces it. For each prefix the RIB
 * selects one route among the active ones: lowest administrative distance,
 * then lowest metric, then the lower protocol number. A next hop with a
 * gateway but no ifindex is recursive: it is resolved by longest-prefix match
 * of the gateway against the other prefixes' selected routes (never the
 * route's own prefix, never the default route unless allowed, never a
 * blackhole, never a route whose own resolution goes through this prefix:
 * such a next hop is refused and the route flagged RIB_RF_LOOP). A route
 * none of whose next hops resolves is inactive. The resolved next hops of
 * the selected route, a set of (gateway, ifindex) pairs or a blackhole, is
 * what goes into the kernel: the "FIB state" of the prefix. When a route
 * used for resolution changes, the routes resolved through it are resolved
 * again (next-hop tracking, see resolve.c).
 *
 * Each time the FIB state of a prefix changes (route, protocol, metric or
 * resolved next hops), the RIB calls the change callback given to rib_new()
 * with the old and the new state: FIB_ADD, FIB_REPLACE or FIB_DELETE. Nothing
 * is reported for a change that ends where it started, such as a protocol
 * re-adding an identical route. Without rib_begin() each call reports its
 * changes before it returns; between rib_begin() and rib_commit() changes are
 * only recorded, and rib_commit() works out selection and resolution once
 * and reports each changed prefix once.
 *
 * Next-hop sets (struct rib_nhg) are interned and reference counted: two
 * equal sets are the same pointer. They stay valid during a callback; keep
 * one longer with rib_nhg_ref() and rib_nhg_unref().
 *
 * A commit of a big batch is work proportional to what changed; to keep an
 * event loop responsive, commit every few thousand routes.
 *
 * Errors: calls return -1 (or NULL) and set errno; the RIB is unchanged by a
 * failed call. Calls that change the RIB fail with EBUSY from inside a
 * change callback or a walk.
 */
#ifndef OKAPI_RIB_H
#define OKAPI_RIB_H

#include <sys/queue.h>

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

struct rib;
struct rib_dest;		/* one prefix and its routes; opaque */

/*
 * Route sources. Built-in protocols have fixed numbers; more ("isis",
 * "babel", ...) are registered at run time with rib_proto_register() and get
 * numbers from RIB_PROTO_OTHER up.
 */
enum rib_proto {
	RIB_PROTO_CONNECTED,
	RIB_PROTO_KERNEL,
	RIB_PROTO_STATIC,
	RIB_PROTO_RIP,
	RIB_PROTO_OSPF,
	RIB_PROTO_EBGP,
	RIB_PROTO_IBGP,
	RIB_PROTO_OTHER,		/* first registered protocol */
	RIB_PROTO_MAX = 32,
	RIB_PROTO_NONE = 255		/* "no route" in a change */
};
#define RIB_PROTO_NAMELEN	16
#define RIB_PROTO_BIT(p)	(1U << (p))

/* Linux rtnetlink route protocols (rtm_protocol), <linux/rtnetlink.h>. */
#define RIB_RTPROT_KERNEL	2
#define RIB_RTPROT_BOOT		3
#define RIB_RTPROT_STATIC	4
#define RIB_RTPROT_ZEBRA	11
#define RIB_RTPROT_BGP		186
#define RIB_RTPROT_OSPF		188
#define RIB_RTPROT_RIP		189

#define RIB_DISTANCE_PROTO	(-1)	/* use the protocol's distance */
#define RIB_DISTANCE_MAX	255	/* never selected (FRR) */
#define RIB_NH_MAX		16	/* next hops per route (ECMP) */

union rib_addr {
	struct in_addr		 v4;
	struct in6_addr		 v6;
};

/* A prefix of either family; host bits are cleared by the RIB. */
struct rib_prefix {
	uint8_t			 family;	/* AF_INET or AF_INET6 */
	uint8_t			 len;
	union rib_addr		 addr;
};
#define RIB_PREFIX_STRLEN	PREFIX6_STRLEN
#define RIB_NH_STRLEN		(ADDR6_STRLEN + 32)

/*
 * A next hop, in the family of its route's prefix:
 *  - gateway and ifindex: direct, installed as is;
 *  - ifindex only (gateway zero): an interface route;
 *  - gateway only (ifindex 0): recursive, resolved through other routes;
 *  - RIB_NH_BLACKHOLE: discard (the route's only next hop).
 * Zero the whole struct before filling it in (rib_nh_set() does).
 */
struct rib_nh {
	union rib_addr		 gw;
	uint32_t		 ifindex;
	uint8_t			 flags;
#define RIB_NH_BLACKHOLE	0x01
	uint8_t			 pad[3];
};

/* An interned, immutable set of next hops, sorted, without duplicates. */
struct rib_nhg {
	struct rib_nhg		*hnext;		/* private: hash chain */
	uint32_t		 refcnt;	/* private */
	uint8_t			 family;
	uint8_t			 n;		/* 1..RIB_NH_MAX */
	struct rib_nh		 nh[];
};

/* What a protocol says about its route, besides prefix and next hops. */
struct rib_attr {
	uint8_t			 proto;		/* enum rib_proto */
	uint8_t			 flags;		/* RIB_RF_CONNECTED_ONLY */
	int16_t			 distance;	/* 0..255 or RIB_DISTANCE_PROTO */
	uint32_t		 metric;
	uint32_t		 stamp;		/* the caller's clock; kept with
						   the route when it changes */
};

/*
 * A route, as the RIB keeps it. Read-only for callers; fields marked private
 * are the RIB's. Iterate a prefix's routes with rib_dest_routes() and next.
 */
struct rib_route {
	struct rib_route	*next;		/* same prefix, other protocol */
	LIST_ENTRY(rib_route)	 plink;		/* private: protocol's list */
	struct rib_dest		*dest;		/* private */
	const struct rib_nhg	*nhg;		/* next hops as given */
	struct rib_rec		*rec;		/* private: recursion state */
	uint32_t		 metric;
	uint8_t			 proto;
	uint8_t			 distance;	/* in effect */
	uint8_t			 flags;
#define RIB_RF_SELECTED		0x01	/* the prefix's best route */
#define RIB_RF_ACTIVE		0x02	/* usable: resolved, distance < 255 */
#define RIB_RF_RECURSIVE	0x04	/* has recursive next hops */
#define RIB_RF_OWN_DISTANCE	0x08	/* distance given with the route */
#define RIB_RF_STALE		0x10	/* marked by rib_proto_mark_stale() */
#define RIB_RF_CONNECTED_ONLY	0x20	/* resolve only via connected routes */
#define RIB_RF_LOOP		0x40	/* a next hop refused: it would loop */
#define RIB_RF_GAVE_UP		0x80	/* resolution kept changing: given up */
	uint8_t			 spare;
	uint32_t		 stamp;		/* rib_attr.stamp of the last
						   change ("uptime") */
};

enum rib_fib_op {
	RIB_FIB_ADD,
	RIB_FIB_REPLACE,
	RIB_FIB_DELETE
};

/*
 * One prefix whose FIB state changed. For RIB_FIB_ADD the old_* fields are
 * RIB_PROTO_NONE/0/NULL, for RIB_FIB_DELETE the new_* ones and route. A
 * REPLACE may change only the protocol or the metric, with the same next
 * hops. Connected and kernel routes are reported too (for redistribution)
 * although they need no installing: see rib_proto_installs().
 */
struct rib_fib_change {
	enum rib_fib_op		 op;
	const struct rib_prefix	*prefix;
	uint8_t			 old_proto;
	uint8_t			 new_proto;
	uint32_t		 old_metric;
	uint32_t		 new_metric;
	const struct rib_nhg	*old_nhg;	/* resolved next hops */
	const struct rib_nhg	*new_nhg;
	const struct rib_route	*route;		/* the new selected route */
};

/* Work counters, for `show` and tests. */
struct rib_stats {
	uint64_t		 runs;		/* processing runs */
	uint64_t		 evals;		/* prefix evaluations */
	uint64_t		 reports;	/* change callbacks */
	uint64_t		 frozen;	/* prefixes whose recursion gave up */
};

typedef void (*rib_fib_cb)(const struct rib_fib_change *, void *arg);
typedef int (*rib_dest_cb)(const struct rib_dest *, void *arg);
typedef int (*rib_route_cb)(const struct rib_dest *, const struct rib_route *,
    void *arg);

/* rib.c: the RIB, routes, protocols' tables */
struct rib	*rib_new(rib_fib_cb, void *arg);
void		 rib_del(struct rib *);
int		 rib_route_add(struct rib *, const struct rib_prefix *,
		    const struct rib_attr *, const struct rib_nh *,
		    unsigned int nnh);
int		 rib_route_del(struct rib *, const struct rib_prefix *,
		    uint8_t proto);
int		 rib_proto_flush(struct rib *, uint8_t proto);
int		 rib_proto_mark_stale(struct rib *, uint8_t proto);
int		 rib_proto_sweep(struct rib *, uint8_t proto);
int		 rib_set_distance(struct rib *, uint8_t proto, unsigned int);
int		 rib_set_resolve_via_default(struct rib *, int family, bool);
int		 rib_begin(struct rib *);
int		 rib_commit(struct rib *);
size_t		 rib_count(const struct rib *, int family, int proto);
size_t		 rib_bytes(const struct rib *);
void		 rib_get_stats(const struct rib *, struct rib_stats *);

/* walk.c: lookups and walks (read-only) */
const struct rib_dest	*rib_dest_lookup(const struct rib *,
			    const struct rib_prefix *);
const struct rib_dest	*rib_match(const struct rib *, int family,
			    const void *addr);
const struct rib_dest	*rib_dest_next(const struct rib *, int family,
			    const struct rib_prefix *after);
int			 rib_walk(struct rib *, int family,
			    const struct rib_prefix *under, rib_dest_cb,
			    void *arg);
int			 rib_proto_walk(struct rib *, int family,
			    uint8_t proto, rib_route_cb, void *arg);
void			 rib_dest_prefix(const struct rib_dest *,
			    struct rib_prefix *);
const struct rib_route	*rib_dest_routes(const struct rib_dest *);
const struct rib_route	*rib_dest_selected(const struct rib_dest *);
const struct rib_route	*rib_route_lookup(const struct rib *,
			    const struct rib_prefix *, uint8_t proto);
const struct rib_nhg	*rib_route_fib(const struct rib_route *);
const struct rib_dest	*rib_route_via(const struct rib_route *,
			    unsigned int nh);

/* proto.c: protocol names, codes, distances */
int		 rib_proto_register(struct rib *, const char *name,
		    char letter, unsigned int distance, uint8_t rtproto);
int		 rib_proto_parse(const struct rib *, const char *);
uint32_t	 rib_proto_mask_parse(const struct rib *, const char *);
const char	*rib_proto_name(const struct rib *, uint8_t proto);
char		 rib_proto_letter(const struct rib *, uint8_t proto);
uint8_t		 rib_proto_rtproto(const struct rib *, uint8_t proto);
int		 rib_proto_from_rtproto(const struct rib *, uint8_t rtproto);
bool		 rib_proto_installs(uint8_t proto);
int		 rib_distance(const struct rib *, uint8_t proto);

/* prefix.c: prefixes and next hops */
bool		 rib_prefix_parse(const char *, struct rib_prefix *);
char		*rib_prefix_print(const struct rib_prefix *, char *, size_t);
void		 rib_prefix_from4(struct rib_prefix *, const struct prefix4 *);
void		 rib_prefix_from6(struct rib_prefix *, const struct prefix6 *);
void		 rib_prefix_mask(struct rib_prefix *);
bool		 rib_prefix_contains(const struct rib_prefix *,
		    const union rib_addr *);
void		 rib_nh_set(struct rib_nh *, int family, const void *gw,
		    uint32_t ifindex);
void		 rib_nh_blackhole(struct rib_nh *);
bool		 rib_nh_parse(const char *gw, uint32_t ifindex,
		    struct rib_nh *, int *family);
char		*rib_nh_print(int family, const struct rib_nh *, char *,
		    size_t);
bool		 rib_nh_is_recursive(int family, const struct rib_nh *);

/* nhg.c: interned next-hop sets */
void		 rib_nhg_ref(const struct rib_nhg *);
void		 rib_nhg_unref(struct rib *, const struct rib_nhg *);
bool		 rib_nhg_is_blackhole(const struct rib_nhg *);

#endif

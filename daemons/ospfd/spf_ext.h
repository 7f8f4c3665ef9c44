/*
 * DOC: spf_ext: the routing table past one area, RFC 2328 16.2 (inter-area
 * routes from summary-LSAs) and 16.4 (AS-external routes from type-5
 * LSAs), pure: it reads LSDBs and the intra-area results of spf_run(),
 * and fills one route list, nothing else.
 *
 * Input. One struct spf_ext_area per attached area: its ID, its LSDB (for
 * the summary-LSAs) and the result of spf_run() on that LSDB; the LSDB
 * holding the AS-external LSAs (AS-scoped, so given once, may be NULL or
 * one of the areas' LSDBs: only type 5 is read from it); our router ID,
 * whether we are an area border router (16.2: then only the backbone's
 * summary-LSAs are examined, else those of every listed area, normally
 * one), and RFC1583Compatibility (16.4.1, off by default as in RFC 2328).
 *
 * The table is built in the order of RFC 2328 16: the intra-area routes of
 * every area (a network found in two areas keeps the cheaper, equal costs
 * merge their next hops), then 16.2, then 16.4. Router entries are kept
 * per area while the table is built, as 16 asks (an ASBR may be reached in
 * several areas, 16.4.1 picks one); in the result they are collapsed to
 * one per router ID, the one 16.4.1 prefers.
 *
 * Output. One struct spf_result sorted as spf.c sorts it (networks by
 * (address, mask), then routers by router ID), so spf_route_find() works
 * on it, each route with its path type. Costs follow RFC 2328 11: for a
 * type 2 external route `cost` is the distance to the ASBR or forwarding
 * address and the type 2 metric is kept apart, in struct spf_ext_attr;
 * for type 1 it is that distance plus the metric. The attributes, if
 * asked for, are an array parallel to the routes: attrs->a[i] describes
 * res->routes[i].
 *
 * NSSAs (RFC 3101 2.5): the type-7 LSAs of each area marked nssa are
 * read after the type-5 LSAs, as AS-external LSAs whose ASBR must be
 * reached inside that area; at equal preference a type-5 path wins.
 *
 * Not handled: virtual links and transit areas (16.3: the daemon turns
 * next hops over virtual links into real ones before), and TOS.
 */
#ifndef OKAPI_SPF_EXT_H
#define OKAPI_SPF_EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lsdb.h"
#include "spf.h"

#define SPF_EXT_BACKBONE	0x00000000U	/* area 0.0.0.0 */

/* One attached area: spf_run(db, rtr_id, now, intra) already done. */
struct spf_ext_area {
	uint32_t		 id;
	const struct lsdb	*db;
	const struct spf_result	*intra;
	bool			 nssa;	/* read its type-7 LSAs (RFC 3101) */
};

struct spf_ext_input {
	const struct spf_ext_area *areas;
	size_t			 nareas;
	const struct lsdb	*ext_db;	/* type-5 LSAs, or NULL */
	uint32_t		 rtr_id;	/* ours */
	time_t			 now;		/* for LSA ages, as spf_run() */
	bool			 abr;		/* 16.2: backbone summaries only */
	bool			 rfc1583compat;	/* 16.4.1 */
	/* 16.2 (3): our own active area ranges, whose summaries from
	 * other border routers are ignored. */
	const struct spf_ext_range *ranges;
	size_t			 nranges;
};

struct spf_ext_range {
	uint32_t		 addr;
	uint32_t		 mask;
};

/*
 * What a route carries besides struct spf_route. With equal-cost paths
 * through several ABRs or ASBRs, adv_rtr, fwd and tag are the first
 * path's.
 */
struct spf_ext_attr {
	uint32_t	 area;		/* the area of the path, or of the path
					 * to the ASBR or forwarding address */
	uint32_t	 adv_rtr;	/* inter: the ABR; external: the ASBR */
	uint32_t	 type2_cost;	/* SPF_PATH_EXT2: the type 2 metric */
	uint32_t	 fwd;		/* externals: forwarding address */
	uint32_t	 tag;		/* externals: external route tag */
	uint8_t		 lsa_type;	/* externals: 5, or 7 from an NSSA */
};

struct spf_ext_attrs {
	struct spf_ext_attr	*a;	/* parallel to spf_result.routes */
	size_t			 n;
	size_t			 cap;
};

/* spf_ext.c */
void		 spf_ext_attrs_init(struct spf_ext_attrs *);
void		 spf_ext_attrs_free(struct spf_ext_attrs *);
int		 spf_ext_run(const struct spf_ext_input *,
		    struct spf_result *, struct spf_ext_attrs *);

#endif

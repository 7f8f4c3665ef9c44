/*
 * DOC: spf: the intra-area shortest-path calculation of RFC 2328 16.1 over
 * one area's LSDB, pure: it reads a struct lsdb and fills a route list,
 * nothing else.
 *
 * Vertices are routers (router-LSAs) and transit networks (network-LSAs);
 * a link counts only when the far vertex links back (16.1 step 2b), and
 * LSAs at MaxAge are ignored. Dijkstra runs with a binary heap, networks
 * before routers at equal distance (step 3), so O((V + E) log V). Next
 * hops follow 16.1.1 and are kept for every equal-cost path, up to
 * SPF_MAX_NEXTHOPS. Stub links are added in the second stage.
 *
 * A next hop names the outgoing interface by our own interface address
 * (the Link Data of our router-LSA link: for an unnumbered link that is
 * its MIB-II ifIndex) and the gateway, 0 for a directly connected
 * destination. For a stub network of our own router-LSA, the interface
 * is found by matching the stub prefix against our other links' data,
 * else it is the stub address itself for a /32, else 0: the daemon knows
 * its interfaces and should prefer its own for connected routes.
 *
 * The result is sorted: networks by (address, mask), then routers by
 * router ID. Virtual links count as point-to-point links; a next hop
 * over one is (our end's address, the other end's address), which the
 * daemon turns into the transit area's next hops (vlink.c). TOS other
 * than 0, and inter-area and external routes (16.2 to 16.4) are not
 * handled here.
 */
#ifndef OKAPI_SPF_H
#define OKAPI_SPF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lsdb.h"

#define SPF_MAX_NEXTHOPS	16

enum spf_dest {
	SPF_DEST_NETWORK = 0,
	SPF_DEST_ROUTER,
	SPF_DEST_MAX
};

/* RFC 2328 11: path types, best first. */
enum spf_path {
	SPF_PATH_INTRA = 0,
	SPF_PATH_INTER,
	SPF_PATH_EXT1,
	SPF_PATH_EXT2,
	SPF_PATH_MAX
};

struct spf_nexthop {
	uint32_t	 ifaddr;	/* our interface address */
	uint32_t	 gateway;	/* 0: directly connected */
};

struct spf_route {
	uint32_t		 addr;	/* network, or router ID */
	uint32_t		 mask;	/* 0xffffffff for a router */
	uint32_t		 cost;
	uint8_t			 dest;	/* enum spf_dest */
	uint8_t			 path;	/* enum spf_path */
	uint8_t			 rtr_flags;	/* routers: LSA_RTR_B, _E, _V */
	uint8_t			 nnh;
	struct spf_nexthop	 nh[SPF_MAX_NEXTHOPS];
};

struct spf_result {
	struct spf_route	*routes;
	size_t			 nroute;
	size_t			 cap;
	size_t			 nvertex;	/* in the tree, root included */
};

/* spf.c */
const char		*spf_dest_name(unsigned int);
const char		*spf_path_name(unsigned int);
void			 spf_result_init(struct spf_result *);
void			 spf_result_free(struct spf_result *);
int			 spf_run(const struct lsdb *, uint32_t, time_t,
			    struct spf_result *);
void			 spf_nh_add(struct spf_nexthop *, uint8_t *,
			    uint32_t ifaddr, uint32_t gateway);
const struct spf_route	*spf_route_find(const struct spf_result *,
			    enum spf_dest, uint32_t, uint32_t);

#endif

/*
 * DOC: synth: synthetic OSPF areas, for bench/spf and tools/ospf-inject.
 *
 * An area is N routers in one of two shapes:
 *
 * - grid: side x side routers (side = round(sqrt(N))), a point-to-point
 *   link between each pair of grid neighbours, all of cost 10 (the worst
 *   case for equal-cost paths); the root is the middle router;
 * - random: N routers joined by a random spanning tree plus random extra
 *   links up to 4N links in all (average degree 8), costs 1 to 20, and 5%
 *   of the routers on broadcast LANs of 3 to 5 routers, each with its
 *   network-LSA; the root is a random router.
 *
 * Each router advertises what a real one would: a /32 stub for its
 * loopback (its router ID), and for each numbered point-to-point link a
 * type 1 link to the neighbour plus a type 3 stub for the /30; for each
 * LAN a type 2 link to the DR's address. On top of that, for injection,
 * each router may carry nstub stub networks (/24s) and the area next
 * AS-external LSAs (type 5, E2), originated by a few routers spread over
 * the area (nasbr of them, with the E bit in their router-LSAs).
 *
 * Addresses, all disjoint: router r is 10.0.0.1 + r; link k is the k-th
 * /30 of 100.64.0.0/10; LAN k the k-th /24 of 172.16.0.0/12; stub s the
 * s-th /24 from 20.0.0.0; external k the k-th /24 from 48.0.0.0.
 *
 * The LSAs are built with the ospfd codec (lsa_begin .. lsa_finish). The
 * generator is deterministic for a given seed; its random state is the
 * caller's.
 */
#ifndef OKAPI_SYNTH_H
#define OKAPI_SYNTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ospf.h"

#define SYNTH_RID_BASE		0x0a000001U	/* 10.0.0.1 */
#define SYNTH_P2P_BASE		0x64400000U	/* 100.64.0.0/10 */
#define SYNTH_LAN_BASE		0xac100000U	/* 172.16.0.0/12 */
#define SYNTH_STUB_BASE		0x14000000U	/* 20.0.0.0 */
#define SYNTH_EXT_BASE		0x30000000U	/* 48.0.0.0 */
#define SYNTH_MAX_ROUTERS	250000	/* 4N /30s fit in 100.64.0.0/10 */
#define SYNTH_MAX_STUBS		(1U << 20)	/* 20/8 .. 35/8 */
#define SYNTH_MAX_EXT		(1U << 20)	/* 48/8 .. 63/8 */
#define SYNTH_GRID_COST		10
#define SYNTH_STUB_COST		10
#define SYNTH_EXT_METRIC	20
#define SYNTH_MAX_ASBR		16

enum synth_kind {
	SYNTH_GRID = 0,
	SYNTH_RANDOM,
	SYNTH_MAX
};

extern const char *const synth_kind_names[SYNTH_MAX];

/* A point-to-point link k between routers a and b: a is .1 of its /30. */
struct synth_link {
	uint32_t	 a, b;
	uint16_t	 cost;
};

/* A LAN k: routers lan_rtr[first .. first + n - 1], the first is the DR,
 * member j is at .j+1 of the /24; cost is each member's to the LAN. */
struct synth_lan {
	uint32_t	 first;
	uint32_t	 n;
	uint16_t	 cost;
};

struct synth_area {
	enum synth_kind		 kind;
	uint32_t		 nrtr;
	uint32_t		 root;
	struct synth_link	*link;
	size_t			 nlink;
	struct synth_lan	*lan;
	size_t			 nlan;
	uint32_t		*lan_rtr;
	size_t			 nlan_rtr;
	/* Per router, its links (CSR: rl_off[r] .. rl_off[r + 1] in rl)
	 * and its LANs as (LAN, member index) pairs. */
	uint32_t		*rl_off, *rl;
	uint32_t		*rn_off, *rn;
	uint32_t		 nstub;		/* stub networks per router */
	uint32_t		 next;		/* AS-external LSAs */
	uint32_t		 nasbr;		/* routers originating them */
};

/* Every LSA of an area back to back: LSA i is at off[i], off[i + 1]. */
struct synth_lsas {
	struct buf	 b;
	size_t		*off;
	size_t		 n;
};

static inline uint32_t
synth_rid(uint32_t r)
{
	return SYNTH_RID_BASE + r;
}

static inline uint32_t
synth_link_net(size_t k)
{
	return SYNTH_P2P_BASE + 4 * (uint32_t)k;
}

static inline uint32_t
synth_lan_net(size_t k)
{
	return SYNTH_LAN_BASE + ((uint32_t)k << 8);
}

static inline uint32_t
synth_stub_net(size_t s)
{
	return SYNTH_STUB_BASE + ((uint32_t)s << 8);
}

static inline uint32_t
synth_ext_net(size_t k)
{
	return SYNTH_EXT_BASE + ((uint32_t)k << 8);
}

/* synth.c */
uint64_t synth_rng(uint64_t *);
int	 synth_make(struct synth_area *, enum synth_kind, uint32_t,
	    uint32_t, uint32_t, uint64_t *);
void	 synth_free(struct synth_area *);
uint32_t synth_asbr(const struct synth_area *, size_t);
bool	 synth_is_asbr(const struct synth_area *, uint32_t);
bool	 synth_router_lsa(const struct synth_area *, uint32_t,
	    const struct lsa_rtr_link *, size_t, struct buf *);
bool	 synth_network_lsa(const struct synth_area *, size_t, struct buf *);
bool	 synth_external_lsa(const struct synth_area *, size_t, struct buf *);
int	 synth_lsas_make(const struct synth_area *, bool, struct synth_lsas *);
void	 synth_lsas_free(struct synth_lsas *);
size_t	 synth_nprefix(const struct synth_area *);
void	 synth_prefix(const struct synth_area *, size_t, uint32_t *,
	    uint8_t *);

#endif

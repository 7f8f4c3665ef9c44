/*
 * DOC: spf: RFC 2328 16.1, the shortest-path tree of one area, see spf.h.
 * spf_run() makes one vertex per usable router-LSA and network-LSA (in an
 * array sorted by type and Link State ID, the LSDB's own order), with a
 * hash from (type, Link State ID) to vertex. Each router-LSA's
 * point-to-point and transit links are parsed once into an array, with
 * their far vertex already found, so that Dijkstra (from our router's
 * vertex, with a binary heap) and the link-back checks of step 2b read
 * plain structs. Then the tree and the stub links become routes: network
 * entries are radix-sorted by (address, mask), and equal-cost entries for
 * the same destination merged; router routes follow in vertex order.
 *
 * bench/spf times this on areas of 1k to 50k routers.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "lsdb.h"
#include "ospf.h"
#include "spf.h"

static const char *const spf_dest_names[SPF_DEST_MAX] = {
	[SPF_DEST_NETWORK] = "network",
	[SPF_DEST_ROUTER] = "router",
};

static const char *const spf_path_names[SPF_PATH_MAX] = {
	[SPF_PATH_INTRA] = "intra-area",
	[SPF_PATH_INTER] = "inter-area",
	[SPF_PATH_EXT1] = "external-1",
	[SPF_PATH_EXT2] = "external-2",
};

enum vtx_state {
	VTX_NONE = 0,	/* not reached yet */
	VTX_CAND,	/* on the candidate list (the heap) */
	VTX_TREE	/* on the shortest-path tree */
};

#define VTX_NONE_IDX	UINT32_MAX	/* no such vertex */

/*
 * Indices (of vertices, links, heap slots) are 32 bits and the next hops
 * are kept apart, so that a vertex takes 48 bytes: Dijkstra visits them
 * in no order, and is bound by cache misses.
 */
struct vertex {
	const struct lsa	*lsa;
	struct spf_nexthop	*nh;	/* SPF_MAX_NEXTHOPS in spf_run.nhs */
	uint32_t		 id;	/* Link State ID */
	uint32_t		 dist;
	uint32_t		 heap;	/* index in the heap while VTX_CAND */
	uint32_t		 link;	/* routers: first of its links */
	uint32_t		 nlink;	/* in spf_run.links */
	uint32_t		 stub;	/* routers: first of its stub links */
	uint32_t		 nstub;	/* in spf_run.stubs */
	uint8_t			 type;	/* LSA_TYPE_ROUTER or _NETWORK */
	uint8_t			 state;	/* enum vtx_state */
	uint8_t			 nnh;
};

/* A link of a router-LSA, in LSA order. */
struct vlink {
	uint32_t		 id;	/* Link ID */
	uint32_t		 data;	/* Link Data */
	uint32_t		 w;	/* far vertex, VTX_NONE_IDX if none */
	uint16_t		 metric;
	uint8_t			 type;	/* enum lsa_link_type */
};

/* A slot of the vertex hash: the vertex index, with VSLOT_NET for a
 * network (no need to visit the vertex); VTX_NONE_IDX when empty. */
#define VSLOT_NET	0x80000000U
struct vslot {
	uint32_t		 id;
	uint32_t		 vi;
};

struct spf_run {
	struct vertex		*v;
	size_t			 nv;
	struct spf_nexthop	*nhs;	/* the vertices' next hops */
	uint32_t		*heap;	/* vertex indices, a binary min-heap */
	size_t			 nheap;
	struct vertex		*root;
	struct vlink		*links;	/* point-to-point and transit */
	size_t			 nlinks;
	struct vlink		*stubs;
	size_t			 nstubs;
	struct vslot		*hash;	/* open addressing, linear probing */
	size_t			 hmask;	/* slots - 1, a power of 2 minus 1 */
};

const char *
spf_dest_name(unsigned int d)
{
	return d < SPF_DEST_MAX ? spf_dest_names[d] : "unknown";
}

const char *
spf_path_name(unsigned int p)
{
	return p < SPF_PATH_MAX ? spf_path_names[p] : "unknown";
}

void
spf_result_init(struct spf_result *res)
{
	memset(res, 0, sizeof(*res));
}

void
spf_result_free(struct spf_result *res)
{
	free(res->routes);
	memset(res, 0, sizeof(*res));
}

/* ---- vertices ------------------------------------------------------ */

static size_t
vertex_hash(const struct spf_run *s, uint8_t type, uint32_t id)
{
	uint64_t	 k = ((uint64_t)type << 32 | id) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(k >> 32) & s->hmask;
}

static uint32_t
vertex_index(const struct spf_run *s, uint8_t type, uint32_t id)
{
	const struct vslot	*sl;
	uint32_t		 net;
	size_t			 i;

	net = type == LSA_TYPE_NETWORK ? VSLOT_NET : 0;
	for (i = vertex_hash(s, type, id);; i = (i + 1) & s->hmask) {
		sl = &s->hash[i];
		if (sl->vi == VTX_NONE_IDX)
			return VTX_NONE_IDX;
		if (sl->id == id && (sl->vi & VSLOT_NET) == net)
			return sl->vi & ~VSLOT_NET;
	}
}

static struct vertex *
vertex_find(const struct spf_run *s, uint8_t type, uint32_t id)
{
	uint32_t	 vi = vertex_index(s, type, id);

	return vi == VTX_NONE_IDX ? NULL : &s->v[vi];
}

/* The hash of all vertices, at most half full. */
static int
hash_make(struct spf_run *s)
{
	size_t	 n, i, j;

	for (n = 16; n < 2 * s->nv; n *= 2)
		;
	if ((s->hash = malloc(n * sizeof(*s->hash))) == NULL)
		return -1;
	s->hmask = n - 1;
	for (i = 0; i < n; i++)
		s->hash[i].vi = VTX_NONE_IDX;
	for (i = 0; i < s->nv; i++) {
		j = vertex_hash(s, s->v[i].type, s->v[i].id);
		while (s->hash[j].vi != VTX_NONE_IDX)
			j = (j + 1) & s->hmask;
		s->hash[j].id = s->v[i].id;
		s->hash[j].vi = (uint32_t)i |
		    (s->v[i].type == LSA_TYPE_NETWORK ? VSLOT_NET : 0);
	}
	return 0;
}

/*
 * Each router vertex's links, parsed once: point-to-point and transit
 * links with the vertex at the far end, and stub links apart, for the
 * second stage. Virtual links are ignored.
 */
static int
links_make(struct spf_run *s)
{
	struct buf_reader	 r;
	struct lsa_rtr_link	 l;
	struct vertex		*v;
	struct vlink		*vl;
	size_t			 i, n = 0;

	for (i = 0; i < s->nv; i++)
		if (s->v[i].type == LSA_TYPE_ROUTER)
			n += s->v[i].lsa->u.router.nlinks;
	if (n > UINT32_MAX)
		return -1;
	if ((s->links = malloc((n ? n : 1) * sizeof(*s->links))) == NULL ||
	    (s->stubs = malloc((n ? n : 1) * sizeof(*s->stubs))) == NULL)
		return -1;
	for (i = 0; i < s->nv; i++) {
		v = &s->v[i];
		if (v->type != LSA_TYPE_ROUTER)
			continue;
		v->link = (uint32_t)s->nlinks;
		v->stub = (uint32_t)s->nstubs;
		lsa_rtr_iter(&v->lsa->u.router, &r);
		while (lsa_rtr_next(&r, &l)) {
			if (l.type == LSA_LINK_P2P ||
			    l.type == LSA_LINK_VIRTUAL ||
			    l.type == LSA_LINK_TRANSIT) {
				vl = &s->links[s->nlinks++];
				vl->w = vertex_index(s,
				    l.type == LSA_LINK_TRANSIT ?
				    LSA_TYPE_NETWORK : LSA_TYPE_ROUTER, l.id);
			} else if (l.type == LSA_LINK_STUB) {
				vl = &s->stubs[s->nstubs++];
				vl->w = VTX_NONE_IDX;
			} else
				continue;
			vl->id = l.id;
			vl->data = l.data;
			vl->metric = l.metric;
			vl->type = l.type;
		}
		v->nlink = (uint32_t)s->nlinks - v->link;
		v->nstub = (uint32_t)s->nstubs - v->stub;
	}
	return 0;
}

/*
 * One vertex per router-LSA (whose Link State ID must be its advertising
 * router) and per network-LSA, skipping MaxAge. Two network-LSAs with one
 * Link State ID (a DR change not yet flushed): the first one is used.
 * The LSDB is walked in key order from its first router-LSA (lsdb.h:
 * lsdb_next() is a step in its tree, no search).
 */
static int
vertices_make(struct spf_run *s, const struct lsdb *db, time_t now)
{
	struct lsdb_entry	*e;
	struct vertex		*v;
	size_t			 n;

	n = lsdb_count(db, LSA_TYPE_ROUTER) + lsdb_count(db, LSA_TYPE_NETWORK);
	if (n >= VSLOT_NET - 1)	/* indices must leave the top bit free */
		return -1;
	if ((s->v = calloc(n ? n : 1, sizeof(*s->v))) == NULL ||
	    (s->heap = calloc(n ? n : 1, sizeof(*s->heap))) == NULL ||
	    (s->nhs = malloc((n ? n : 1) * SPF_MAX_NEXTHOPS *
	    sizeof(*s->nhs))) == NULL)
		return -1;
	for (e = lsdb_seek(db, LSA_TYPE_ROUTER, 0, 0); e != NULL;
	    e = lsdb_next(db, e)) {
		if (e->lsa.hdr.type < LSA_TYPE_ROUTER)
			continue;
		if (e->lsa.hdr.type > LSA_TYPE_NETWORK)
			break;
		if (lsdb_age(e, now) >= OSPF_MAX_AGE)
			continue;
		if (e->lsa.hdr.type == LSA_TYPE_ROUTER &&
		    e->lsa.hdr.id != e->lsa.hdr.adv_rtr)
			continue;
		if (s->nv > 0 && s->v[s->nv - 1].type == e->lsa.hdr.type &&
		    s->v[s->nv - 1].id == e->lsa.hdr.id)
			continue;
		v = &s->v[s->nv++];
		v->lsa = &e->lsa;
		v->nh = &s->nhs[(s->nv - 1) * SPF_MAX_NEXTHOPS];
		v->id = e->lsa.hdr.id;
		v->type = e->lsa.hdr.type;
	}
	if (hash_make(s) == -1 || links_make(s) == -1)
		return -1;
	return 0;
}

/* ---- the candidate list -------------------------------------------- */

/* 16.1 step 3: nearest first, networks before routers at equal cost. */
static bool
vtx_before(const struct vertex *a, const struct vertex *b)
{
	if (a->dist != b->dist)
		return a->dist < b->dist;
	return a->type == LSA_TYPE_NETWORK && b->type == LSA_TYPE_ROUTER;
}

static void
heap_set(struct spf_run *s, size_t i, size_t vi)
{
	s->heap[i] = (uint32_t)vi;
	s->v[vi].heap = (uint32_t)i;
}

static void
heap_up(struct spf_run *s, size_t i)
{
	size_t	 vi = s->heap[i], p;

	while (i > 0) {
		p = (i - 1) / 2;
		if (!vtx_before(&s->v[vi], &s->v[s->heap[p]]))
			break;
		heap_set(s, i, s->heap[p]);
		i = p;
	}
	heap_set(s, i, vi);
}

static void
heap_down(struct spf_run *s, size_t i)
{
	size_t	 vi = s->heap[i], c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap &&
		    vtx_before(&s->v[s->heap[c + 1]], &s->v[s->heap[c]]))
			c++;
		if (!vtx_before(&s->v[s->heap[c]], &s->v[vi]))
			break;
		heap_set(s, i, s->heap[c]);
		i = c;
	}
	heap_set(s, i, vi);
}

static void
heap_push(struct spf_run *s, struct vertex *w)
{
	size_t	 i = s->nheap++;

	heap_set(s, i, (size_t)(w - s->v));
	heap_up(s, i);
}

static struct vertex *
heap_pop(struct spf_run *s)
{
	struct vertex	*v;

	if (s->nheap == 0)
		return NULL;
	v = &s->v[s->heap[0]];
	if (--s->nheap > 0) {
		heap_set(s, 0, s->heap[s->nheap]);
		heap_down(s, 0);
	}
	return v;
}

/* ---- links --------------------------------------------------------- */

/* The first link of router vertex rtr of this type and Link ID. */
static const struct vlink *
rtr_link_find(const struct spf_run *s, const struct vertex *rtr,
    uint8_t type, uint32_t id)
{
	const struct vlink	*l = &s->links[rtr->link];
	size_t			 i;

	for (i = 0; i < rtr->nlink; i++)
		if (l[i].type == type && l[i].id == id)
			return &l[i];
	return NULL;
}

/* 16.1 step 2b: does w link back to v? */
static bool
links_back(const struct spf_run *s, const struct vertex *w,
    const struct vertex *v)
{
	const struct lsa_network	*net;
	size_t				 i;

	if (w->type == LSA_TYPE_NETWORK) {
		net = &w->lsa->u.network;
		for (i = 0; i < net->nrtr; i++)
			if (lsa_network_rtr(net, i) == v->id)
				return true;
		return false;
	}
	if (v->type == LSA_TYPE_NETWORK)
		return rtr_link_find(s, w, LSA_LINK_TRANSIT, v->id) != NULL;
	return rtr_link_find(s, w, LSA_LINK_P2P, v->id) != NULL ||
	    rtr_link_find(s, w, LSA_LINK_VIRTUAL, v->id) != NULL;
}

/* Whether a and b are both in one of our (root's) stub subnets. */
static bool
root_same_subnet(const struct lsa *root, uint32_t a, uint32_t b)
{
	struct buf_reader	 r;
	struct lsa_rtr_link	 l;

	lsa_rtr_iter(&root->u.router, &r);
	while (lsa_rtr_next(&r, &l))
		if (l.type == LSA_LINK_STUB && l.data != 0xffffffffU &&
		    (a & l.data) == (l.id & l.data) &&
		    (b & l.data) == (l.id & l.data))
			return true;
	return false;
}

/*
 * 16.1.1: the gateway over our point-to-point link whose Link Data is
 * ifaddr to router w: the Link Data of w's link back to us. With parallel
 * links, the one in the same subnet as ifaddr (by our stub links), else
 * the first.
 */
static uint32_t
p2p_gateway(const struct spf_run *s, uint8_t type, uint32_t ifaddr,
    const struct vertex *w)
{
	struct buf_reader	 r;
	struct lsa_rtr_link	 l;
	uint32_t		 first = 0;
	bool			 found = false;

	lsa_rtr_iter(&w->lsa->u.router, &r);
	while (lsa_rtr_next(&r, &l)) {
		if (l.type != type || l.id != s->root->id)
			continue;
		if (root_same_subnet(s->root->lsa, ifaddr, l.data))
			return l.data;
		if (!found) {
			first = l.data;
			found = true;
		}
	}
	return first;
}

/* Our interface address for one of our own stub networks, see spf.h. */
static uint32_t
stub_ifaddr(const struct lsa *root, uint32_t net, uint32_t mask)
{
	struct buf_reader	 r;
	struct lsa_rtr_link	 l;

	lsa_rtr_iter(&root->u.router, &r);
	while (lsa_rtr_next(&r, &l))
		if ((l.type == LSA_LINK_P2P || l.type == LSA_LINK_TRANSIT) &&
		    (l.data & mask) == net)
			return l.data;
	return mask == 0xffffffffU ? net : 0;
}

/* ---- next hops ----------------------------------------------------- */

/* Adds a next hop once, up to SPF_MAX_NEXTHOPS (spf_ext.c uses it too). */
void
spf_nh_add(struct spf_nexthop *nh, uint8_t *nnh, uint32_t ifaddr,
    uint32_t gw)
{
	uint8_t	 i;

	for (i = 0; i < *nnh; i++)
		if (nh[i].ifaddr == ifaddr && nh[i].gateway == gw)
			return;
	if (*nnh >= SPF_MAX_NEXTHOPS)
		return;
	nh[*nnh].ifaddr = ifaddr;
	nh[*nnh].gateway = gw;
	(*nnh)++;
}

/*
 * 16.1.1: adds to w the next hops of the path through its parent v, over
 * link l of v when v is a router.
 */
static void
nexthop_calc(const struct spf_run *s, struct vertex *w,
    const struct vertex *v, const struct vlink *l)
{
	const struct vlink	*back;
	uint32_t		 gw;
	uint8_t			 i;

	if (v == s->root) {
		/* Directly attached: our interface, and over a point-to-point
		 * link the neighbour's address at the far end. */
		gw = w->type == LSA_TYPE_ROUTER ?
		    p2p_gateway(s, l->type, l->data, w) : 0;
		spf_nh_add(w->nh, &w->nnh, l->data, gw);
		return;
	}
	for (i = 0; i < v->nnh; i++) {
		/* A router across a network directly attached to us: its
		 * address on that network, from its transit link. */
		if (v->type == LSA_TYPE_NETWORK && v->nh[i].gateway == 0 &&
		    w->type == LSA_TYPE_ROUTER &&
		    (back = rtr_link_find(s, w, LSA_LINK_TRANSIT,
		    v->id)) != NULL)
			spf_nh_add(w->nh, &w->nnh, v->nh[i].ifaddr, back->data);
		else
			spf_nh_add(w->nh, &w->nnh, v->nh[i].ifaddr,
			    v->nh[i].gateway);
	}
}

/* 16.1 step 2d: w reached from v at distance d. */
static void
relax(struct spf_run *s, struct vertex *w, const struct vertex *v,
    const struct vlink *l, uint32_t d)
{
	if (w->state == VTX_TREE)
		return;
	if (w->state == VTX_CAND && d > w->dist)
		return;
	if (w->state == VTX_CAND && d == w->dist) {
		nexthop_calc(s, w, v, l);
		return;
	}
	w->dist = d;
	w->nnh = 0;
	nexthop_calc(s, w, v, l);
	if (w->state == VTX_NONE) {
		w->state = VTX_CAND;
		heap_push(s, w);
	} else
		heap_up(s, w->heap);
}

/* 16.1 step 2: the links of v, newly added to the tree. */
static void
vertex_expand(struct spf_run *s, struct vertex *v)
{
	const struct lsa_network	*net;
	const struct vlink		*l;
	struct vertex			*w;
	size_t				 i;

	if (v->type == LSA_TYPE_NETWORK) {
		net = &v->lsa->u.network;
		for (i = 0; i < net->nrtr; i++) {
			w = vertex_find(s, LSA_TYPE_ROUTER,
			    lsa_network_rtr(net, i));
			if (w != NULL && w->state != VTX_TREE &&
			    links_back(s, w, v))
				relax(s, w, v, NULL, v->dist);
		}
		return;
	}
	for (i = 0; i < v->nlink; i++) {
		l = &s->links[v->link + i];
		if (l->w == VTX_NONE_IDX)
			continue;
		w = &s->v[l->w];
		if (w->state != VTX_TREE && links_back(s, w, v))
			relax(s, w, v, l, v->dist + l->metric);
	}
}

/* ---- routes -------------------------------------------------------- */

#define CAND_OWN	0x80000000U	/* a stub of our own router-LSA */

/* A network route before merging, keyed by address << 32 | mask. */
struct cand {
	uint64_t	 key;
	uint32_t	 cost;
	uint32_t	 vi;	/* the vertex it takes next hops from, | CAND_OWN */
};

static int
route_key_cmp(const struct spf_route *a, unsigned int dest, uint32_t addr,
    uint32_t mask)
{
	if (a->dest != dest)
		return a->dest < dest ? -1 : 1;
	if (a->addr != addr)
		return a->addr < addr ? -1 : 1;
	if (a->mask != mask)
		return a->mask < mask ? -1 : 1;
	return 0;
}

static int
routes_reserve(struct spf_result *res, size_t n)
{
	struct spf_route	*grown;

	if (n <= res->cap)
		return 0;
	if ((grown = realloc(res->routes, n * sizeof(*grown))) == NULL)
		return -1;
	res->routes = grown;
	res->cap = n;
	return 0;
}

/* The next route, in room that routes_reserve() made. */
static struct spf_route *
route_add(struct spf_result *res, enum spf_dest dest, uint32_t addr,
    uint32_t mask, uint32_t cost)
{
	struct spf_route	*rt = &res->routes[res->nroute++];

	memset(rt, 0, sizeof(*rt));
	rt->dest = dest;
	rt->path = SPF_PATH_INTRA;
	rt->addr = addr & mask;
	rt->mask = mask;
	rt->cost = cost;
	return rt;
}

static void
cand_set(struct cand *c, uint32_t addr, uint32_t mask, uint32_t cost,
    uint32_t vi)
{
	c->key = (uint64_t)(addr & mask) << 32 | mask;
	c->cost = cost;
	c->vi = vi;
}

/* The network entries of the tree, networks and stub links, in vertex
 * order. Returns how many. */
static size_t
cands_make(const struct spf_run *s, struct cand *c)
{
	const struct vertex	*v;
	const struct vlink	*l;
	uint32_t		 own;
	size_t			 i, j, n = 0;

	for (i = 0; i < s->nv; i++) {
		v = &s->v[i];
		if (v->state != VTX_TREE)
			continue;
		if (v->type == LSA_TYPE_NETWORK) {
			cand_set(&c[n++], v->id, v->lsa->u.network.mask,
			    v->dist, (uint32_t)i);
			continue;
		}
		own = v == s->root ? CAND_OWN : 0;
		for (j = 0; j < v->nstub; j++) {
			l = &s->stubs[v->stub + j];
			cand_set(&c[n++], l->id, l->data, v->dist + l->metric,
			    (uint32_t)i | own);
		}
	}
	return n;
}

/*
 * Sorts n entries by key, stably: equal keys keep the order they were
 * made in, so their next hops merge in vertex order. An LSD radix sort on
 * the 8 bytes of the key, skipping the bytes all keys share (most of the
 * mask, often the first bytes of the address). tmp has room for n.
 * Returns the sorted array, c or tmp.
 */
static struct cand *
cands_sort(struct cand *c, struct cand *tmp, size_t n)
{
	size_t		 count[8][256], pos[256], i, sum;
	struct cand	*from = c, *to = tmp, *swap;
	unsigned int	 b, d;

	if (n < 2)
		return c;
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][(c[i].key >> (8 * b)) & 0xff]++;
	for (b = 0; b < 8; b++) {
		if (count[b][(c[0].key >> (8 * b)) & 0xff] == n)
			continue;	/* one value: nothing moves */
		for (sum = 0, d = 0; d < 256; d++) {
			pos[d] = sum;
			sum += count[b][d];
		}
		for (i = 0; i < n; i++)
			to[pos[(from[i].key >> (8 * b)) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	return from;
}

/*
 * 16.1 step 2 second stage: one route per destination, the cheapest
 * entries win and equal costs merge their next hops.
 */
static void
cands_merge(const struct spf_run *s, const struct cand *c, size_t n,
    struct spf_result *res)
{
	const struct vertex	*v;
	struct spf_route	*rt;
	size_t			 i, j, end;
	uint32_t		 cost;
	uint8_t			 k;

	for (i = 0; i < n; i = end) {
		cost = c[i].cost;
		for (end = i + 1; end < n && c[end].key == c[i].key; end++)
			if (c[end].cost < cost)
				cost = c[end].cost;
		rt = route_add(res, SPF_DEST_NETWORK, (uint32_t)(c[i].key >> 32),
		    (uint32_t)c[i].key, cost);
		for (j = i; j < end; j++) {
			if (c[j].cost != cost)
				continue;
			v = &s->v[c[j].vi & ~CAND_OWN];
			if (c[j].vi & CAND_OWN)
				spf_nh_add(rt->nh, &rt->nnh, stub_ifaddr(v->lsa,
				    rt->addr, rt->mask), 0);
			else
				for (k = 0; k < v->nnh; k++)
					spf_nh_add(rt->nh, &rt->nnh,
					    v->nh[k].ifaddr, v->nh[k].gateway);
		}
	}
}

/*
 * The routes of the tree: networks by (address, mask), then routers by
 * router ID, which is vertex order.
 */
static int
routes_make(struct spf_run *s, struct spf_result *res)
{
	struct cand		*c, *tmp, *sorted;
	struct vertex		*v;
	struct spf_route	*rt;
	size_t			 i, n = 0, nrtr = 0, nnet;
	int			 rv = -1;

	for (i = 0; i < s->nv; i++) {
		v = &s->v[i];
		if (v->state != VTX_TREE)
			continue;
		res->nvertex++;
		if (v->type == LSA_TYPE_NETWORK)
			n++;
		else {
			n += v->nstub;
			nrtr += v != s->root;
		}
	}
	c = malloc((n ? n : 1) * sizeof(*c));
	tmp = malloc((n ? n : 1) * sizeof(*tmp));
	if (c == NULL || tmp == NULL)
		goto out;
	n = cands_make(s, c);
	sorted = cands_sort(c, tmp, n);
	for (nnet = 0, i = 0; i < n; i++)
		nnet += i == 0 || sorted[i].key != sorted[i - 1].key;
	if (routes_reserve(res, nnet + nrtr) == -1)
		goto out;
	cands_merge(s, sorted, n, res);
	for (i = 0; i < s->nv; i++) {
		v = &s->v[i];
		if (v->state != VTX_TREE || v->type != LSA_TYPE_ROUTER ||
		    v == s->root)
			continue;
		rt = route_add(res, SPF_DEST_ROUTER, v->id, 0xffffffffU,
		    v->dist);
		rt->rtr_flags = v->lsa->u.router.flags;
		rt->nnh = v->nnh;
		memcpy(rt->nh, v->nh, v->nnh * sizeof(*v->nh));
	}
	rv = 0;
out:
	free(c);
	free(tmp);
	return rv;
}

/*
 * RFC 2328 16.1 for the area whose LSDB is db, from the router root (our
 * router ID), with LSA ages taken at now. Replaces the routes in res.
 * Returns 0, or -1 with errno ENOMEM and res empty. Without a usable
 * router-LSA of our own there are no routes.
 */
int
spf_run(const struct lsdb *db, uint32_t root, time_t now,
    struct spf_result *res)
{
	struct spf_run	 s;
	struct vertex	*v;
	int		 rv = -1;

	memset(&s, 0, sizeof(s));
	res->nroute = 0;
	res->nvertex = 0;
	if (vertices_make(&s, db, now) == -1)
		goto out;
	if ((s.root = vertex_find(&s, LSA_TYPE_ROUTER, root)) != NULL) {
		s.root->state = VTX_TREE;
		for (v = s.root; v != NULL; v = heap_pop(&s)) {
			v->state = VTX_TREE;
			vertex_expand(&s, v);
		}
		if (routes_make(&s, res) == -1)
			goto out;
	}
	rv = 0;
out:
	if (rv == -1) {
		res->nroute = 0;
		res->nvertex = 0;
		errno = ENOMEM;
	}
	free(s.v);
	free(s.heap);
	free(s.nhs);
	free(s.links);
	free(s.stubs);
	free(s.hash);
	return rv;
}

const struct spf_route *
spf_route_find(const struct spf_result *res, enum spf_dest dest,
    uint32_t addr, uint32_t mask)
{
	size_t	 lo = 0, hi = res->nroute, mid;
	int	 c;

	addr &= mask;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = route_key_cmp(&res->routes[mid], dest, addr, mask);
		if (c == 0)
			return &res->routes[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * DOC: spf: RFC 2328 16.1, the shortest-path tree of one area, see spf.h.
 * spf_run() makes one vertex per usable router-LSA and network-LSA (in an
 * array sorted by type and Link State ID, the LSDB's own order, so a link
 * finds its far end by binary search), runs Dijkstra from our router's
 * vertex with a binary heap, then turns the tree and the stub links into
 * routes, merging equal-cost entries for the same destination.
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

struct vertex {
	const struct lsa	*lsa;
	uint32_t		 id;	/* Link State ID */
	uint8_t			 type;	/* LSA_TYPE_ROUTER or _NETWORK */
	uint8_t			 state;	/* enum vtx_state */
	uint8_t			 nnh;
	uint32_t		 dist;
	size_t			 heap;	/* index in the heap while VTX_CAND */
	struct spf_nexthop	 nh[SPF_MAX_NEXTHOPS];
};

struct spf_run {
	struct vertex		*v;
	size_t			 nv;
	size_t			*heap;	/* vertex indices, a binary min-heap */
	size_t			 nheap;
	struct vertex		*root;
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

static struct vertex *
vertex_find(const struct spf_run *s, uint8_t type, uint32_t id)
{
	size_t		 lo = 0, hi = s->nv, mid;
	struct vertex	*v;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		v = &s->v[mid];
		if (v->type == type && v->id == id)
			return v;
		if (v->type < type || (v->type == type && v->id < id))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * One vertex per router-LSA (whose Link State ID must be its advertising
 * router) and per network-LSA, skipping MaxAge. Two network-LSAs with one
 * Link State ID (a DR change not yet flushed): the first one is used.
 */
static int
vertices_make(struct spf_run *s, const struct lsdb *db, time_t now)
{
	struct lsdb_entry	*e;
	struct vertex		*v;
	size_t			 n;

	n = lsdb_count(db, LSA_TYPE_ROUTER) + lsdb_count(db, LSA_TYPE_NETWORK);
	if ((s->v = calloc(n ? n : 1, sizeof(*s->v))) == NULL ||
	    (s->heap = calloc(n ? n : 1, sizeof(*s->heap))) == NULL)
		return -1;
	for (e = lsdb_seek(db, LSA_TYPE_ROUTER, 0, 0);
	    e != NULL && e->lsa.hdr.type <= LSA_TYPE_NETWORK;
	    e = lsdb_next(db, e)) {
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
		v->id = e->lsa.hdr.id;
		v->type = e->lsa.hdr.type;
	}
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
	s->heap[i] = vi;
	s->v[vi].heap = i;
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

/* A link of router-LSA rtr of this type and Link ID; its data in *data. */
static bool
rtr_link_find(const struct lsa *rtr, uint8_t type, uint32_t id,
    uint32_t *data)
{
	struct buf_reader	 r;
	struct lsa_rtr_link	 l;

	lsa_rtr_iter(&rtr->u.router, &r);
	while (lsa_rtr_next(&r, &l))
		if (l.type == type && l.id == id) {
			if (data != NULL)
				*data = l.data;
			return true;
		}
	return false;
}

/* 16.1 step 2b: does w link back to v? */
static bool
links_back(const struct vertex *w, const struct vertex *v)
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
	return rtr_link_find(w->lsa, v->type == LSA_TYPE_NETWORK ?
	    LSA_LINK_TRANSIT : LSA_LINK_P2P, v->id, NULL);
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
p2p_gateway(const struct spf_run *s, uint32_t ifaddr, const struct vertex *w)
{
	struct buf_reader	 r;
	struct lsa_rtr_link	 l;
	uint32_t		 first = 0;
	bool			 found = false;

	lsa_rtr_iter(&w->lsa->u.router, &r);
	while (lsa_rtr_next(&r, &l)) {
		if (l.type != LSA_LINK_P2P || l.id != s->root->id)
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

static void
nh_add(struct spf_nexthop *nh, uint8_t *nnh, uint32_t ifaddr, uint32_t gw)
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
    const struct vertex *v, const struct lsa_rtr_link *l)
{
	uint32_t	 gw;
	uint8_t		 i;

	if (v == s->root) {
		/* Directly attached: our interface, and over a point-to-point
		 * link the neighbour's address at the far end. */
		gw = w->type == LSA_TYPE_ROUTER ?
		    p2p_gateway(s, l->data, w) : 0;
		nh_add(w->nh, &w->nnh, l->data, gw);
		return;
	}
	for (i = 0; i < v->nnh; i++) {
		/* A router across a network directly attached to us: its
		 * address on that network, from its transit link. */
		if (v->type == LSA_TYPE_NETWORK && v->nh[i].gateway == 0 &&
		    w->type == LSA_TYPE_ROUTER &&
		    rtr_link_find(w->lsa, LSA_LINK_TRANSIT, v->id, &gw))
			nh_add(w->nh, &w->nnh, v->nh[i].ifaddr, gw);
		else
			nh_add(w->nh, &w->nnh, v->nh[i].ifaddr,
			    v->nh[i].gateway);
	}
}

/* 16.1 step 2d: w reached from v at distance d. */
static void
relax(struct spf_run *s, struct vertex *w, const struct vertex *v,
    const struct lsa_rtr_link *l, uint32_t d)
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
	struct buf_reader		 r;
	struct lsa_rtr_link		 l;
	struct vertex			*w;
	size_t				 i;

	if (v->type == LSA_TYPE_NETWORK) {
		net = &v->lsa->u.network;
		for (i = 0; i < net->nrtr; i++) {
			w = vertex_find(s, LSA_TYPE_ROUTER,
			    lsa_network_rtr(net, i));
			if (w != NULL && w->state != VTX_TREE &&
			    links_back(w, v))
				relax(s, w, v, NULL, v->dist);
		}
		return;
	}
	lsa_rtr_iter(&v->lsa->u.router, &r);
	while (lsa_rtr_next(&r, &l)) {
		if (l.type == LSA_LINK_P2P)
			w = vertex_find(s, LSA_TYPE_ROUTER, l.id);
		else if (l.type == LSA_LINK_TRANSIT)
			w = vertex_find(s, LSA_TYPE_NETWORK, l.id);
		else
			continue;	/* stubs later, virtual links ignored */
		if (w != NULL && w->state != VTX_TREE && links_back(w, v))
			relax(s, w, v, &l, v->dist + l.metric);
	}
}

/* ---- routes -------------------------------------------------------- */

static struct spf_route *
route_new(struct spf_result *res)
{
	struct spf_route	*grown;
	size_t			 cap;

	if (res->nroute == res->cap) {
		cap = res->cap ? res->cap * 2 : 32;
		grown = realloc(res->routes, cap * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		res->routes = grown;
		res->cap = cap;
	}
	memset(&res->routes[res->nroute], 0, sizeof(*res->routes));
	return &res->routes[res->nroute++];
}

static int
route_add(struct spf_result *res, enum spf_dest dest, uint32_t addr,
    uint32_t mask, uint32_t cost, const struct spf_nexthop *nh, uint8_t nnh)
{
	struct spf_route	*rt;

	if ((rt = route_new(res)) == NULL)
		return -1;
	rt->dest = dest;
	rt->path = SPF_PATH_INTRA;
	rt->addr = addr & mask;
	rt->mask = mask;
	rt->cost = cost;
	rt->nnh = nnh;
	memcpy(rt->nh, nh, nnh * sizeof(*nh));
	return 0;
}

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
route_order(const void *pa, const void *pb)
{
	const struct spf_route	*a = pa, *b = pb;
	int			 c;

	if ((c = route_key_cmp(a, b->dest, b->addr, b->mask)) != 0)
		return c;
	if (a->cost != b->cost)
		return a->cost < b->cost ? -1 : 1;
	return 0;
}

/* 16.1 step 2 second stage: the cheapest entry wins, equal costs merge. */
static void
routes_merge(struct spf_result *res)
{
	struct spf_route	*out, *in;
	size_t			 i, n = 0;
	uint8_t			 j;

	qsort(res->routes, res->nroute, sizeof(*res->routes), route_order);
	for (i = 0; i < res->nroute; i++) {
		in = &res->routes[i];
		out = n > 0 ? &res->routes[n - 1] : NULL;
		if (out != NULL &&
		    route_key_cmp(out, in->dest, in->addr, in->mask) == 0) {
			if (in->cost == out->cost)
				for (j = 0; j < in->nnh; j++)
					nh_add(out->nh, &out->nnh,
					    in->nh[j].ifaddr,
					    in->nh[j].gateway);
			continue;
		}
		if (&res->routes[n] != in)
			res->routes[n] = *in;
		n++;
	}
	res->nroute = n;
}

static int
routes_make(struct spf_run *s, struct spf_result *res)
{
	struct spf_nexthop	 own;
	struct buf_reader	 r;
	struct lsa_rtr_link	 l;
	struct vertex		*v;
	struct spf_route	*rt;
	size_t			 i;
	uint32_t		 mask;

	for (i = 0; i < s->nv; i++) {
		v = &s->v[i];
		if (v->state != VTX_TREE)
			continue;
		res->nvertex++;
		if (v->type == LSA_TYPE_NETWORK) {
			mask = v->lsa->u.network.mask;
			if (route_add(res, SPF_DEST_NETWORK, v->id, mask,
			    v->dist, v->nh, v->nnh) == -1)
				return -1;
			continue;
		}
		if (v != s->root) {
			if (route_add(res, SPF_DEST_ROUTER, v->id, 0xffffffffU,
			    v->dist, v->nh, v->nnh) == -1)
				return -1;
			rt = &res->routes[res->nroute - 1];
			rt->rtr_flags = v->lsa->u.router.flags;
		}
		lsa_rtr_iter(&v->lsa->u.router, &r);
		while (lsa_rtr_next(&r, &l)) {
			if (l.type != LSA_LINK_STUB)
				continue;
			if (v == s->root) {
				own.ifaddr = stub_ifaddr(v->lsa,
				    l.id & l.data, l.data);
				own.gateway = 0;
				if (route_add(res, SPF_DEST_NETWORK, l.id,
				    l.data, l.metric, &own, 1) == -1)
					return -1;
			} else if (route_add(res, SPF_DEST_NETWORK, l.id,
			    l.data, v->dist + l.metric, v->nh, v->nnh) == -1)
				return -1;
		}
	}
	routes_merge(res);
	return 0;
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

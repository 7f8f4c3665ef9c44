/*
 * DOC: bench_spf: the intra-area SPF of daemons/ospfd (spf.c, RFC 2328
 * 16.1) on synthetic areas, with a plain Dijkstra beside it as a floor.
 *
 * For each size N (1k, 10k and 50k routers, or -n N) two areas are made:
 *
 * - grid: side x side routers (side = round(sqrt(N))), a point-to-point
 *   link between each pair of grid neighbours, all of cost 10 (the worst
 *   case for equal-cost paths);
 * - random: N routers joined by a random spanning tree plus random extra
 *   links up to 4N links in all (average degree 8: "10,000 routers with
 *   40,000 links"), costs 1 to 20, and 5% of the routers on broadcast
 *   LANs of 3 to 5 routers, each with its network-LSA.
 *
 * Each router advertises what a real one would: a /32 stub for its
 * loopback (its router ID), and for each numbered point-to-point link a
 * type 1 link to the neighbour plus a type 3 stub for the /30; for each
 * LAN a type 2 link to the DR's address.
 *
 * The LSAs are built with the codec's builders into one buffer, then
 * installed into an lsdb twice: in key order (the order a Database
 * Description exchange delivers) and shuffled (the order flooding may),
 * each timed; the memory that costs is the VmRSS delta and the lsdb's own
 * count of its allocations. spf_run() then runs -r times from one root,
 * and a binary-heap Dijkstra over the same graph held as an adjacency
 * array (distances only, no LSAs, no next hops, no routes) runs as often.
 * Every router's and LAN's cost in the routes is checked against it.
 */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "lsdb.h"
#include "ospf.h"
#include "spf.h"

#define NOW		1000
#define RID_BASE	0x0a000001U	/* 10.0.0.1: router i is RID_BASE + i */
#define P2P_BASE	0x64400000U	/* 100.64.0.0/10: link k is a /30 */
#define LAN_BASE	0xac100000U	/* 172.16.0.0/12: LAN k is a /24 */
#define M32		0xffffffffU
#define M30		0xfffffffcU
#define M24		0xffffff00U
#define GRID_COST	10
#define LINKS_PER_RTR	4	/* random graphs: links = 4N */
#define LAN_PERCENT	5	/* random graphs: routers on LANs */
#define MAX_RUNS	101
#define MAX_ROUTERS	250000	/* 4N /30s fit in 100.64.0.0/10 */
#define INF		UINT32_MAX

enum topo_kind {
	TOPO_GRID = 0,
	TOPO_RANDOM,
	TOPO_MAX
};

static const char *const topo_kind_names[TOPO_MAX] = {
	[TOPO_GRID] = "grid",
	[TOPO_RANDOM] = "random",
};

/* A point-to-point link k between routers a and b: a is .1 of its /30. */
struct link {
	uint32_t	 a, b;
	uint16_t	 cost;
};

/* A LAN k: routers lan_rtr[first .. first + n - 1], the first is the DR,
 * member j is at .j+1 of the /24; cost is each member's to the LAN. */
struct lan {
	uint32_t	 first;
	uint32_t	 n;
	uint16_t	 cost;
};

struct topo {
	enum topo_kind	 kind;
	uint32_t	 nrtr;
	uint32_t	 root;
	struct link	*link;
	size_t		 nlink;
	struct lan	*lan;
	size_t		 nlan;
	uint32_t	*lan_rtr;
	size_t		 nlan_rtr;
	/* Per router, its links (CSR: rl_off[r] .. rl_off[r + 1] in rl)
	 * and its LANs as (LAN, member index) pairs. */
	uint32_t	*rl_off, *rl;
	uint32_t	*rn_off, *rn;
};

/* The graph of the floor Dijkstra: routers then LANs, CSR. */
struct graph {
	uint32_t	 nv;
	uint32_t	*off;
	uint32_t	*to;
	uint32_t	*cost;
};

struct lsas {
	struct buf	 b;
	size_t		*off;	/* LSA i is at off[i], off[i + 1] - off[i] */
	size_t		 n;
};

struct figures {
	const char	*name;
	uint32_t	 nrtr;
	size_t		 nlink, nlan, nlsa, lsa_bytes;
	double		 inst_sorted, inst_shuffled;	/* ms */
	double		 rss_per_lsa, own_per_lsa;	/* bytes */
	double		 spf_first, spf_min, spf_med;	/* ms */
	double		 dij_min, dij_med;
	double		 faults;	/* minor page faults per SPF run */
	size_t		 nroute, nvertex, bad;
};

/* ---- small things -------------------------------------------------- */

static uint64_t	 rng_state;

/* splitmix64: fast, seedable, good enough for topologies. */
static uint64_t
rng(void)
{
	uint64_t	 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
rng_below(uint32_t n)
{
	return (uint32_t)(rng() % n);
}

static void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n ? n : 1, size);

	if (p == NULL) {
		fprintf(stderr, "bench_spf: out of memory\n");
		exit(1);
	}
	return p;
}

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
minor_faults(void)
{
	struct rusage	 ru;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		return 0;
	return ru.ru_minflt;
}

/* VmRSS in bytes, 0 when unknown. */
static size_t
rss_bytes(void)
{
	FILE		*f;
	char		 line[256];
	unsigned long	 kb = 0;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return (size_t)kb * 1024;
}

static int
dbl_cmp(const void *pa, const void *pb)
{
	double	 a = *(const double *)pa, b = *(const double *)pb;

	return a < b ? -1 : a > b;
}

static void
min_median(double *t, int n, double *min, double *med)
{
	qsort(t, n, sizeof(*t), dbl_cmp);
	*min = t[0];
	*med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static uint32_t
rid(uint32_t r)
{
	return RID_BASE + r;
}

static uint32_t
link_net(size_t k)
{
	return P2P_BASE + 4 * (uint32_t)k;
}

static uint32_t
lan_net(size_t k)
{
	return LAN_BASE + ((uint32_t)k << 8);
}

/* ---- topologies ---------------------------------------------------- */

static void
link_add(struct topo *t, uint32_t a, uint32_t b, uint16_t cost)
{
	t->link[t->nlink].a = a;
	t->link[t->nlink].b = b;
	t->link[t->nlink].cost = cost;
	t->nlink++;
}

static void
grid_make(struct topo *t, uint32_t n)
{
	uint32_t	 side = (uint32_t)lround(sqrt((double)n)), i, j;

	if (side < 2)
		side = 2;
	t->nrtr = side * side;
	t->link = xcalloc(2 * (size_t)side * (side - 1), sizeof(*t->link));
	for (i = 0; i < side; i++)
		for (j = 0; j < side; j++) {
			if (j + 1 < side)
				link_add(t, i * side + j, i * side + j + 1,
				    GRID_COST);
			if (i + 1 < side)
				link_add(t, i * side + j, (i + 1) * side + j,
				    GRID_COST);
		}
	t->root = (side / 2) * side + side / 2;	/* the middle */
}

/* Open addressing on (a, b) pairs, to refuse parallel links. */
static bool
pair_insert(uint64_t *set, size_t mask, uint32_t a, uint32_t b)
{
	uint64_t	 key, h;
	size_t		 i;

	if (a > b) {
		key = a;
		a = b;
		b = (uint32_t)key;
	}
	key = ((uint64_t)a << 32 | b) + 1;	/* 0 is empty */
	h = key * 0x9e3779b97f4a7c15ULL;
	for (i = (size_t)(h >> 20) & mask; set[i] != 0; i = (i + 1) & mask)
		if (set[i] == key)
			return false;
	set[i] = key;
	return true;
}

static void
random_make(struct topo *t, uint32_t n)
{
	uint64_t	*set;
	uint32_t	*perm, a, b, i, j, k, left, size, used = 0;
	size_t		 want, mask;

	if (n < 8)
		n = 8;
	t->nrtr = n;
	want = (size_t)LINKS_PER_RTR * n;
	t->link = xcalloc(want, sizeof(*t->link));
	for (mask = 1; mask < 4 * want; mask <<= 1)
		;
	set = xcalloc(mask, sizeof(*set));
	mask--;
	/* A random tree first, so that the area is connected. */
	for (i = 1; i < n; i++) {
		j = rng_below(i);
		pair_insert(set, mask, i, j);
		link_add(t, i, j, 1 + rng_below(20));
	}
	while (t->nlink < want) {
		a = rng_below(n);
		b = rng_below(n);
		if (a != b && pair_insert(set, mask, a, b))
			link_add(t, a, b, 1 + rng_below(20));
	}
	free(set);

	/* LANs: 5% of the routers, shuffled, in groups of 3 to 5. */
	perm = xcalloc(n, sizeof(*perm));
	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = rng_below(i + 1);
		k = perm[i];
		perm[i] = perm[j];
		perm[j] = k;
	}
	left = (n * LAN_PERCENT + 99) / 100;
	t->lan = xcalloc(left / 3 + 1, sizeof(*t->lan));
	t->lan_rtr = xcalloc(left, sizeof(*t->lan_rtr));
	while (left >= 3) {
		size = 3 + rng_below(3);
		if (size > left)
			size = left;
		t->lan[t->nlan].first = (uint32_t)t->nlan_rtr;
		t->lan[t->nlan].n = size;
		t->lan[t->nlan].cost = 1 + rng_below(20);
		for (k = 0; k < size; k++)
			t->lan_rtr[t->nlan_rtr++] = perm[used++];
		t->nlan++;
		left -= size;
	}
	free(perm);
	t->root = rng_below(n);
}

/* Each router's links and LANs, for building its router-LSA. */
static void
topo_index(struct topo *t)
{
	uint32_t	*fill;
	size_t		 k, m;
	uint32_t	 r;

	t->rl_off = xcalloc(t->nrtr + 1, sizeof(*t->rl_off));
	t->rl = xcalloc(2 * t->nlink, sizeof(*t->rl));
	t->rn_off = xcalloc(t->nrtr + 1, sizeof(*t->rn_off));
	t->rn = xcalloc(2 * t->nlan_rtr, sizeof(*t->rn));
	for (k = 0; k < t->nlink; k++) {
		t->rl_off[t->link[k].a + 1]++;
		t->rl_off[t->link[k].b + 1]++;
	}
	for (k = 0; k < t->nlan_rtr; k++)
		t->rn_off[t->lan_rtr[k] + 1]++;
	for (r = 0; r < t->nrtr; r++) {
		t->rl_off[r + 1] += t->rl_off[r];
		t->rn_off[r + 1] += t->rn_off[r];
	}
	fill = xcalloc(t->nrtr, sizeof(*fill));
	for (k = 0; k < t->nlink; k++) {
		r = t->link[k].a;
		t->rl[t->rl_off[r] + fill[r]++] = (uint32_t)k;
		r = t->link[k].b;
		t->rl[t->rl_off[r] + fill[r]++] = (uint32_t)k;
	}
	memset(fill, 0, t->nrtr * sizeof(*fill));
	for (k = 0; k < t->nlan; k++)
		for (m = 0; m < t->lan[k].n; m++) {
			r = t->lan_rtr[t->lan[k].first + m];
			t->rn[2 * (t->rn_off[r] + fill[r])] = (uint32_t)k;
			t->rn[2 * (t->rn_off[r] + fill[r]) + 1] = (uint32_t)m;
			fill[r]++;
		}
	free(fill);
}

static void
topo_make(struct topo *t, enum topo_kind kind, uint32_t n)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	if (kind == TOPO_GRID)
		grid_make(t, n);
	else
		random_make(t, n);
	topo_index(t);
}

static void
topo_free(struct topo *t)
{
	free(t->link);
	free(t->lan);
	free(t->lan_rtr);
	free(t->rl_off);
	free(t->rl);
	free(t->rn_off);
	free(t->rn);
	memset(t, 0, sizeof(*t));
}

/* ---- LSAs ---------------------------------------------------------- */

static void
hdr_make(struct lsa_hdr *h, uint8_t type, uint32_t id, uint32_t adv)
{
	memset(h, 0, sizeof(*h));
	h->age = 1;
	h->options = OSPF_OPT_E;
	h->type = type;
	h->id = id;
	h->adv_rtr = adv;
	h->seq = OSPF_INITIAL_SEQ;
}

static void
lsa_end(struct lsas *ls, size_t start)
{
	if (!lsa_finish(&ls->b, start)) {
		fprintf(stderr, "bench_spf: cannot build an LSA\n");
		exit(1);
	}
	ls->off[ls->n++] = start;
}

static void
router_lsa(const struct topo *t, struct lsas *ls, uint32_t r)
{
	const struct link	*lk;
	const struct lan	*ln;
	struct lsa_rtr_link	 l;
	struct lsa_hdr		 h;
	size_t			 start, nlinks, i;
	uint32_t		 k, m;
	bool			 is_a;

	nlinks = 1 + 2 * (size_t)(t->rl_off[r + 1] - t->rl_off[r]) +
	    (t->rn_off[r + 1] - t->rn_off[r]);
	hdr_make(&h, LSA_TYPE_ROUTER, rid(r), rid(r));
	start = lsa_begin(&ls->b, &h);
	lsa_router_put(&ls->b, 0, (uint16_t)nlinks);
	memset(&l, 0, sizeof(l));
	l.type = LSA_LINK_STUB;		/* the loopback */
	l.id = rid(r);
	l.data = M32;
	l.metric = 0;
	lsa_rtr_link_put(&ls->b, &l);
	for (i = t->rl_off[r]; i < t->rl_off[r + 1]; i++) {
		k = t->rl[i];
		lk = &t->link[k];
		is_a = lk->a == r;
		l.type = LSA_LINK_P2P;
		l.id = rid(is_a ? lk->b : lk->a);
		l.data = link_net(k) + (is_a ? 1 : 2);
		l.metric = lk->cost;
		lsa_rtr_link_put(&ls->b, &l);
		l.type = LSA_LINK_STUB;
		l.id = link_net(k);
		l.data = M30;
		lsa_rtr_link_put(&ls->b, &l);
	}
	for (i = t->rn_off[r]; i < t->rn_off[r + 1]; i++) {
		k = t->rn[2 * i];
		m = t->rn[2 * i + 1];
		ln = &t->lan[k];
		l.type = LSA_LINK_TRANSIT;
		l.id = lan_net(k) + 1;		/* the DR's address */
		l.data = lan_net(k) + 1 + m;
		l.metric = ln->cost;
		lsa_rtr_link_put(&ls->b, &l);
	}
	lsa_end(ls, start);
}

static void
network_lsa(const struct topo *t, struct lsas *ls, size_t k)
{
	const struct lan	*ln = &t->lan[k];
	uint32_t		 rtrs[8];
	struct lsa_hdr		 h;
	size_t			 start;
	uint32_t		 m;

	for (m = 0; m < ln->n; m++)
		rtrs[m] = rid(t->lan_rtr[ln->first + m]);
	hdr_make(&h, LSA_TYPE_NETWORK, lan_net(k) + 1, rtrs[0]);
	start = lsa_begin(&ls->b, &h);
	lsa_network_put(&ls->b, M24, rtrs, ln->n);
	lsa_end(ls, start);
}

/* Every LSA of the area, in key order: router-LSAs, then network-LSAs. */
static void
lsas_make(const struct topo *t, struct lsas *ls)
{
	uint32_t	 r;
	size_t		 k;

	memset(ls, 0, sizeof(*ls));
	buf_init(&ls->b);
	ls->off = xcalloc(t->nrtr + t->nlan + 1, sizeof(*ls->off));
	for (r = 0; r < t->nrtr; r++)
		router_lsa(t, ls, r);
	for (k = 0; k < t->nlan; k++)
		network_lsa(t, ls, k);
	ls->off[ls->n] = ls->b.len;
}

static void
lsas_free(struct lsas *ls)
{
	buf_free(&ls->b);
	free(ls->off);
}

/* Installs the LSAs in the order given by idx (NULL: as built). */
static struct lsdb *
lsas_install(const struct lsas *ls, const size_t *idx, double *ms)
{
	struct lsdb	*db;
	enum lsdb_ret	 ret;
	double		 t0;
	size_t		 i, j;

	if ((db = lsdb_new()) == NULL) {
		fprintf(stderr, "bench_spf: out of memory\n");
		exit(1);
	}
	t0 = now_ms();
	for (i = 0; i < ls->n; i++) {
		j = idx != NULL ? idx[i] : i;
		ret = lsdb_install(db, ls->b.data + ls->off[j],
		    ls->off[j + 1] - ls->off[j], NOW);
		if (ret != LSDB_NEW) {
			fprintf(stderr, "bench_spf: install: %s\n",
			    lsdb_ret_name(ret));
			exit(1);
		}
	}
	*ms = now_ms() - t0;
	return db;
}

/* What the lsdb itself allocated: its index, entries and LSA copies. */
static size_t
lsdb_own_bytes(const struct lsdb *db)
{
	return lsdb_mem(db);
}

/* ---- the floor: Dijkstra over an adjacency array ------------------- */

static void
graph_make(const struct topo *t, struct graph *g)
{
	uint32_t	*fill, v, w, net;
	size_t		 k, m, ne;

	g->nv = t->nrtr + (uint32_t)t->nlan;
	ne = 2 * t->nlink + 2 * t->nlan_rtr;
	g->off = xcalloc(g->nv + 1, sizeof(*g->off));
	g->to = xcalloc(ne, sizeof(*g->to));
	g->cost = xcalloc(ne, sizeof(*g->cost));
	for (k = 0; k < t->nlink; k++) {
		g->off[t->link[k].a + 1]++;
		g->off[t->link[k].b + 1]++;
	}
	for (k = 0; k < t->nlan; k++) {
		g->off[t->nrtr + k + 1] += t->lan[k].n;
		for (m = 0; m < t->lan[k].n; m++)
			g->off[t->lan_rtr[t->lan[k].first + m] + 1]++;
	}
	for (v = 0; v < g->nv; v++)
		g->off[v + 1] += g->off[v];
	fill = xcalloc(g->nv, sizeof(*fill));
#define EDGE(from, dst, c) do {						\
		g->to[g->off[from] + fill[from]] = (dst);		\
		g->cost[g->off[from] + fill[from]++] = (c);		\
	} while (0)
	for (k = 0; k < t->nlink; k++) {
		v = t->link[k].a;
		w = t->link[k].b;
		EDGE(v, w, t->link[k].cost);
		EDGE(w, v, t->link[k].cost);
	}
	for (k = 0; k < t->nlan; k++) {
		net = t->nrtr + (uint32_t)k;
		for (m = 0; m < t->lan[k].n; m++) {
			v = t->lan_rtr[t->lan[k].first + m];
			EDGE(v, net, t->lan[k].cost);
			EDGE(net, v, 0);
		}
	}
#undef EDGE
	free(fill);
}

static void
graph_free(struct graph *g)
{
	free(g->off);
	free(g->to);
	free(g->cost);
}

struct dheap {
	uint32_t	*h;	/* vertices */
	uint32_t	*pos;	/* index in h, INF when not in it */
	uint32_t	 n;
	const uint32_t	*dist;
};

static void
dheap_up(struct dheap *q, uint32_t i)
{
	uint32_t	 v = q->h[i], p;

	while (i > 0) {
		p = (i - 1) / 2;
		if (q->dist[q->h[p]] <= q->dist[v])
			break;
		q->h[i] = q->h[p];
		q->pos[q->h[i]] = i;
		i = p;
	}
	q->h[i] = v;
	q->pos[v] = i;
}

static uint32_t
dheap_pop(struct dheap *q)
{
	uint32_t	 top = q->h[0], v, i = 0, c;

	q->pos[top] = INF;
	if (--q->n == 0)
		return top;
	v = q->h[q->n];
	for (;;) {
		c = 2 * i + 1;
		if (c >= q->n)
			break;
		if (c + 1 < q->n && q->dist[q->h[c + 1]] < q->dist[q->h[c]])
			c++;
		if (q->dist[q->h[c]] >= q->dist[v])
			break;
		q->h[i] = q->h[c];
		q->pos[q->h[i]] = i;
		i = c;
	}
	q->h[i] = v;
	q->pos[v] = i;
	return top;
}

/* Distances from root into dist (g->nv entries); allocates its heap, as
 * spf_run() does, so that both pay for their memory. */
static void
dijkstra(const struct graph *g, uint32_t root, uint32_t *dist)
{
	struct dheap	 q;
	uint32_t	 v, w, d;
	size_t		 e;

	q.h = xcalloc(g->nv, sizeof(*q.h));
	q.pos = xcalloc(g->nv, sizeof(*q.pos));
	q.n = 0;
	q.dist = dist;
	for (v = 0; v < g->nv; v++) {
		dist[v] = INF;
		q.pos[v] = INF;
	}
	dist[root] = 0;
	q.h[q.n++] = root;
	q.pos[root] = 0;
	while (q.n > 0) {
		v = dheap_pop(&q);
		for (e = g->off[v]; e < g->off[v + 1]; e++) {
			w = g->to[e];
			d = dist[v] + g->cost[e];
			if (d >= dist[w])
				continue;
			dist[w] = d;
			if (q.pos[w] == INF) {
				q.h[q.n] = w;
				q.pos[w] = q.n++;
			}
			dheap_up(&q, q.pos[w]);
		}
	}
	free(q.h);
	free(q.pos);
}

/* ---- one area ------------------------------------------------------ */

/* Routes whose cost disagrees with the floor: routers and LANs. */
static size_t
routes_check(const struct topo *t, const struct spf_result *res,
    const uint32_t *dist)
{
	const struct spf_route	*rt;
	size_t			 bad = 0, k;
	uint32_t		 r;

	for (r = 0; r < t->nrtr; r++) {
		if (r == t->root)
			continue;
		rt = spf_route_find(res, SPF_DEST_ROUTER, rid(r), M32);
		if (rt == NULL || rt->cost != dist[r])
			bad++;
	}
	for (k = 0; k < t->nlan; k++) {
		rt = spf_route_find(res, SPF_DEST_NETWORK, lan_net(k), M24);
		if (rt == NULL || rt->cost != dist[t->nrtr + k])
			bad++;
	}
	return bad;
}

static void
area_bench(enum topo_kind kind, uint32_t n, uint64_t seed, int runs,
    struct figures *f)
{
	struct topo		 t;
	struct lsas		 ls;
	struct graph		 g;
	struct spf_result	 res;
	struct lsdb		*db;
	double			 ts[MAX_RUNS], td[MAX_RUNS], t0;
	uint32_t		*dist;
	size_t			*idx, i, j, k, rss0;
	long			 flt0 = 0;
	int			 run;

	/* Each area from its own seed, whichever sizes run. */
	rng_state = seed ^ ((uint64_t)kind << 32 | n) * 0x9e3779b97f4a7c15ULL;
	memset(f, 0, sizeof(*f));
	topo_make(&t, kind, n);
	lsas_make(&t, &ls);
	f->name = topo_kind_names[kind];
	f->nrtr = t.nrtr;
	f->nlink = t.nlink;
	f->nlan = t.nlan;
	f->nlsa = ls.n;
	f->lsa_bytes = ls.b.len;

	/* In key order, measuring memory too. */
	malloc_trim(0);
	rss0 = rss_bytes();
	db = lsas_install(&ls, NULL, &f->inst_sorted);
	f->rss_per_lsa = ((double)rss_bytes() - (double)rss0) / ls.n;
	f->own_per_lsa = (double)lsdb_own_bytes(db) / ls.n;
	lsdb_del(db);

	/* Shuffled; this one is kept for SPF. */
	idx = xcalloc(ls.n, sizeof(*idx));
	for (i = 0; i < ls.n; i++)
		idx[i] = i;
	for (i = ls.n - 1; i > 0; i--) {
		j = rng_below((uint32_t)i + 1);
		k = idx[i];
		idx[i] = idx[j];
		idx[j] = k;
	}
	db = lsas_install(&ls, idx, &f->inst_shuffled);
	free(idx);

	/*
	 * One result for every run, as a daemon keeps its last one: the
	 * first run allocates it, the others reuse it and are the ones
	 * counted (minimum, median, page faults).
	 */
	spf_result_init(&res);
	for (run = -1; run < runs; run++) {
		if (run == 0)
			flt0 = minor_faults();
		t0 = now_ms();
		if (spf_run(db, rid(t.root), NOW, &res) == -1) {
			fprintf(stderr, "bench_spf: spf_run: %s\n",
			    strerror(errno));
			exit(1);
		}
		if (run < 0)
			f->spf_first = now_ms() - t0;
		else
			ts[run] = now_ms() - t0;
	}
	f->faults = (double)(minor_faults() - flt0) / runs;
	f->nroute = res.nroute;
	f->nvertex = res.nvertex;
	min_median(ts, runs, &f->spf_min, &f->spf_med);

	graph_make(&t, &g);
	dist = xcalloc(g.nv, sizeof(*dist));
	for (run = 0; run < runs; run++) {
		t0 = now_ms();
		dijkstra(&g, t.root, dist);
		td[run] = now_ms() - t0;
	}
	min_median(td, runs, &f->dij_min, &f->dij_med);
	f->bad = routes_check(&t, &res, dist);

	spf_result_free(&res);
	free(dist);
	graph_free(&g);
	lsdb_del(db);
	lsas_free(&ls);
	topo_free(&t);
	malloc_trim(0);
}

/* ---- output -------------------------------------------------------- */

static void
cpu_name(char *out, size_t len)
{
	FILE	*f;
	char	 line[256], *p;

	snprintf(out, len, "unknown CPU");
	if ((f = fopen("/proc/cpuinfo", "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "model name", 10) == 0 &&
		    (p = strchr(line, ':')) != NULL) {
			p += strspn(p + 1, " ") + 1;
			p[strcspn(p, "\n")] = '\0';
			snprintf(out, len, "%s", p);
			break;
		}
	fclose(f);
}

static void
print_tables(const struct figures *f, size_t nf)
{
	size_t	 i;

	printf("\nLSDB (install: lsdb_install of every LSA; memory per LSA: "
	    "VmRSS delta, and the lsdb's own allocations)\n\n");
	printf("| topology | routers | links | LANs | LSAs | LSA bytes "
	    "| install, key order | install, shuffled "
	    "| RSS B/LSA | lsdb B/LSA |\n");
	printf("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	for (i = 0; i < nf; i++)
		printf("| %s | %u | %zu | %zu | %zu | %zu | %.2f ms "
		    "| %.2f ms | %.0f | %.0f |\n", f[i].name, f[i].nrtr,
		    f[i].nlink, f[i].nlan, f[i].nlsa, f[i].lsa_bytes,
		    f[i].inst_sorted, f[i].inst_shuffled, f[i].rss_per_lsa,
		    f[i].own_per_lsa);

	printf("\nSPF (spf_run from one root: the first run, then min and "
	    "median of the next ones,\nwhich reuse the result, with their "
	    "minor page faults; floor: binary-heap Dijkstra on\nan adjacency "
	    "array, distances only; check: every router's and LAN's cost in "
	    "the\nroutes against the floor's)\n\n");
	printf("| topology | routers | links | SPF first | SPF min "
	    "| SPF median | per router | faults | floor min | floor median "
	    "| SPF / floor | routes | check |\n");
	printf("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
	for (i = 0; i < nf; i++) {
		printf("| %s | %u | %zu | %.2f ms | %.2f ms | %.2f ms "
		    "| %.0f ns | %.0f | %.2f ms | %.2f ms | %.1f | %zu | ",
		    f[i].name, f[i].nrtr, f[i].nlink, f[i].spf_first,
		    f[i].spf_min, f[i].spf_med,
		    f[i].spf_med * 1e6 / f[i].nrtr, f[i].faults,
		    f[i].dij_min, f[i].dij_med, f[i].dij_min > 0 ?
		    f[i].spf_min / f[i].dij_min : 0.0, f[i].nroute);
		if (f[i].bad == 0)
			printf("ok |\n");
		else
			printf("%zu costs differ |\n", f[i].bad);
	}
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: bench_spf [-n routers] [-r runs] "
	    "[-s seed]\n\t-n: 4 to %d (default 1000, 10000 and 50000)\n"
	    "\t-r: 1 to %d (default 5)\n", MAX_ROUTERS, MAX_RUNS);
	exit(2);
}

static long
num_arg(const char *s, long min, long max)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	static const uint32_t	 sizes[] = { 1000, 10000, 50000 };
	struct figures		 f[2 * 3];
	char			 cpu[128];
	uint32_t		 only = 0;
	uint64_t		 seed = 1;
	size_t			 nf = 0, i, nsize;
	int			 c, runs = 5, kind;
	bool			 bad = false;

	while ((c = getopt(argc, argv, "n:r:s:")) != -1) {
		switch (c) {
		case 'n':
			only = (uint32_t)num_arg(optarg, 4, MAX_ROUTERS);
			break;
		case 'r':
			runs = (int)num_arg(optarg, 1, MAX_RUNS);
			break;
		case 's':
			seed = (uint64_t)num_arg(optarg, 0, LONG_MAX);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	nsize = only ? 1 : sizeof(sizes) / sizeof(sizes[0]);

	cpu_name(cpu, sizeof(cpu));
	printf("bench_spf: %d runs, seed %llu, %s\n", runs,
	    (unsigned long long)seed, cpu);
	for (i = 0; i < nsize; i++)
		for (kind = 0; kind < TOPO_MAX; kind++) {
			area_bench(kind, only ? only : sizes[i], seed,
			    runs, &f[nf]);
			fprintf(stderr, "bench_spf: %s %u done\n",
			    f[nf].name, f[nf].nrtr);
			bad |= f[nf].bad != 0;
			nf++;
		}
	print_tables(f, nf);
	return bad ? 1 : 0;
}

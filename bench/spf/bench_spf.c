/*
 * DOC: bench_spf: the intra-area SPF of daemons/ospfd (spf.c, RFC 2328
 * 16.1) on synthetic areas, with a plain Dijkstra beside it as a floor.
 *
 * For each size N (1k, 10k and 50k routers, or -n N) two areas are made
 * by lib/ospfsynth (synth.h): a grid, and a random graph with LANs
 * ("10,000 routers with 40,000 links").
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
#include "synth.h"

#define NOW		1000
#define M32		0xffffffffU
#define M24		0xffffff00U
#define MAX_RUNS	101
#define INF		UINT32_MAX

/* The graph of the floor Dijkstra: routers then LANs, CSR. */
struct graph {
	uint32_t	 nv;
	uint32_t	*off;
	uint32_t	*to;
	uint32_t	*cost;
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

/* ---- LSAs ---------------------------------------------------------- */

/* Installs the LSAs in the order given by idx (NULL: as built). */
static struct lsdb *
lsas_install(const struct synth_lsas *ls, const size_t *idx, double *ms)
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
graph_make(const struct synth_area *t, struct graph *g)
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
routes_check(const struct synth_area *t, const struct spf_result *res,
    const uint32_t *dist)
{
	const struct spf_route	*rt;
	size_t			 bad = 0, k;
	uint32_t		 r;

	for (r = 0; r < t->nrtr; r++) {
		if (r == t->root)
			continue;
		rt = spf_route_find(res, SPF_DEST_ROUTER, synth_rid(r), M32);
		if (rt == NULL || rt->cost != dist[r])
			bad++;
	}
	for (k = 0; k < t->nlan; k++) {
		rt = spf_route_find(res, SPF_DEST_NETWORK, synth_lan_net(k),
		    M24);
		if (rt == NULL || rt->cost != dist[t->nrtr + k])
			bad++;
	}
	return bad;
}

static void
area_bench(enum synth_kind kind, uint32_t n, uint64_t seed, int runs,
    struct figures *f)
{
	struct synth_area	 t;
	struct synth_lsas	 ls;
	struct graph		 g;
	struct spf_result	 res;
	struct lsdb		*db;
	double			 ts[MAX_RUNS], td[MAX_RUNS], t0;
	uint32_t		*dist;
	uint64_t		 rs;
	size_t			*idx, i, j, k, rss0;
	long			 flt0 = 0;
	int			 run;

	/* Each area from its own seed, whichever sizes run. */
	rs = seed ^ ((uint64_t)kind << 32 | n) * 0x9e3779b97f4a7c15ULL;
	memset(f, 0, sizeof(*f));
	if (synth_make(&t, kind, n, 0, 0, &rs) == -1 ||
	    synth_lsas_make(&t, true, &ls) == -1) {
		fprintf(stderr, "bench_spf: %s\n", strerror(errno));
		exit(1);
	}
	f->name = synth_kind_names[kind];
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
		j = synth_rng(&rs) % (i + 1);
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
		if (spf_run(db, synth_rid(t.root), NOW, &res) == -1) {
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
	synth_lsas_free(&ls);
	synth_free(&t);
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
	    "\t-r: 1 to %d (default 5)\n", SYNTH_MAX_ROUTERS, MAX_RUNS);
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
			only = (uint32_t)num_arg(optarg, 4, SYNTH_MAX_ROUTERS);
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
		for (kind = 0; kind < SYNTH_MAX; kind++) {
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

/*
 * DOC: rib-mem: memory per route and operation rates of lib/rib with a
 * full-table-sized load: N (default 1,000,000) random IPv4 /24../32 prefixes
 * (fixed seed), each with one next hop. Memory is malloc's own count
 * (mallinfo2: arena bytes in use plus mmapped bytes) after the routes are in,
 * minus the count before, divided by the number of distinct prefixes.
 *
 * Cases:
 *   shared    next hop = one of 64 (gateway, ifindex) pairs: a real table
 *   unique    a different gateway per route: the worst case for next hops
 *   recursive iBGP-like: gateway only, one of 1,000, resolved through
 *             connected /24s
 * For "shared" it also times adding without batches (one change report per
 * call), adding in batches of 10,000, longest-prefix lookups of random
 * addresses, re-adding identical routes and deleting everything.
 *
 * usage: rib-mem [-n routes]
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rib.h"

#define BATCH	10000

struct route4 {
	uint32_t	 addr;		/* host order */
	uint8_t		 len;
};

enum bench_case {
	CASE_SHARED,
	CASE_UNIQUE,
	CASE_RECURSIVE
};

static const char *const case_names[] = {
	[CASE_SHARED] = "shared",
	[CASE_UNIQUE] = "unique",
	[CASE_RECURSIVE] = "recursive",
};

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
heap_bytes(void)
{
	struct mallinfo2	 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void
count_cb(const struct rib_fib_change *ch, void *arg)
{
	(*(size_t *)arg)++;
}

static void
prefix_of(const struct route4 *r, struct rib_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = AF_INET;
	p->len = r->len;
	p->addr.v4.s_addr = htonl(r->addr);
}

/* The next hop depends on the prefix only: adding again is identical. */
static void
nh_of(enum bench_case c, const struct route4 *r, struct rib_nh *nh)
{
	uint32_t	 gw, i = (r->addr ^ r->addr >> 11) * 2654435761U + r->len;

	switch (c) {
	case CASE_SHARED:
		gw = htonl(0xc0000200 | (i % 64 + 1));
		rib_nh_set(nh, AF_INET, &gw, i % 4 + 1);
		break;
	case CASE_UNIQUE:
		gw = htonl(r->addr ^ 0x5a5a5a5a);
		rib_nh_set(nh, AF_INET, &gw, 1);
		break;
	case CASE_RECURSIVE:
		/* 1,000 gateways in 100.64.0.0/14, one /24 each. */
		gw = htonl(0x64400000 | (i % 1000) << 8 | 1);
		rib_nh_set(nh, AF_INET, &gw, 0);
		break;
	}
}

/* Adds the connected /24s the recursive case resolves through. */
static void
add_connected(struct rib *rib)
{
	struct rib_prefix	 p;
	struct rib_attr		 a = { RIB_PROTO_CONNECTED, 0, -1, 0, 0 };
	struct rib_nh		 nh;
	uint32_t		 i;

	for (i = 0; i < 1000; i++) {
		memset(&p, 0, sizeof(p));
		p.family = AF_INET;
		p.len = 24;
		p.addr.v4.s_addr = htonl(0x64400000 | i << 8);
		rib_nh_set(&nh, AF_INET, NULL, i % 8 + 1);
		if (rib_route_add(rib, &p, &a, &nh, 1) == -1) {
			perror("rib_route_add");
			exit(1);
		}
	}
}

static void
add_all(struct rib *rib, enum bench_case c, const struct route4 *r, size_t n,
    bool batch)
{
	struct rib_prefix	 p;
	struct rib_attr		 a = { RIB_PROTO_OSPF, 0, -1, 10, 0 };
	struct rib_nh		 nh;
	size_t			 i;

	if (c == CASE_RECURSIVE)
		a.proto = RIB_PROTO_IBGP;
	for (i = 0; i < n; i++) {
		if (batch && i % BATCH == 0)
			rib_begin(rib);
		prefix_of(&r[i], &p);
		nh_of(c, &r[i], &nh);
		if (rib_route_add(rib, &p, &a, &nh, 1) == -1) {
			perror("rib_route_add");
			exit(1);
		}
		if (batch && (i % BATCH == BATCH - 1 || i == n - 1))
			rib_commit(rib);
	}
}

static void
mem_case(enum bench_case c, const struct route4 *r, size_t n)
{
	struct rib	*rib;
	size_t		 before, after, changes = 0, routes;
	double		 t0, t1;

	before = heap_bytes();
	if ((rib = rib_new(count_cb, &changes)) == NULL) {
		perror("rib_new");
		exit(1);
	}
	if (c == CASE_RECURSIVE)
		add_connected(rib);
	t0 = now();
	add_all(rib, c, r, n, true);
	t1 = now();
	after = heap_bytes();
	routes = rib_count(rib, AF_INET, c == CASE_RECURSIVE ?
	    RIB_PROTO_IBGP : RIB_PROTO_OSPF);
	printf("| %-9s | %9zu | %8.1f | %8.1f | %9.0f | %9zu |\n",
	    case_names[c], routes, (double)(after - before) / routes,
	    (double)rib_bytes(rib) / routes, n / (t1 - t0), changes);
	rib_del(rib);
}

static void
rates(const struct route4 *r, size_t n)
{
	struct rib		*rib;
	struct rib_prefix	 p;
	size_t			 i, changes = 0, found = 0;
	uint64_t		 seed = 7;
	struct in_addr		 a;
	double			 t0, t1;

	if ((rib = rib_new(count_cb, &changes)) == NULL) {
		perror("rib_new");
		exit(1);
	}
	t0 = now();
	add_all(rib, CASE_SHARED, r, n, false);
	t1 = now();
	printf("| add, one call each        | %10.0f | %9zu |\n",
	    n / (t1 - t0), changes);

	changes = 0;
	t0 = now();
	add_all(rib, CASE_SHARED, r, n, false);
	t1 = now();
	printf("| re-add identical          | %10.0f | %9zu |\n",
	    n / (t1 - t0), changes);

	t0 = now();
	for (i = 0; i < n; i++) {
		a.s_addr = (uint32_t)rnd(&seed);
		if (rib_match(rib, AF_INET, &a) != NULL)
			found++;
	}
	t1 = now();
	printf("| lookup (LPM), random addr | %10.0f | %9zu |\n",
	    n / (t1 - t0), found);

	found = 0;
	t0 = now();
	for (i = 0; i < n; i++) {
		prefix_of(&r[i], &p);
		if (rib_dest_lookup(rib, &p) != NULL)
			found++;
	}
	t1 = now();
	printf("| lookup (exact)            | %10.0f | %9zu |\n",
	    n / (t1 - t0), found);

	changes = 0;
	t0 = now();
	for (i = 0; i < n; i++) {
		prefix_of(&r[i], &p);
		rib_route_del(rib, &p, RIB_PROTO_OSPF);	/* dups: ENOENT */
	}
	t1 = now();
	printf("| delete, one call each     | %10.0f | %9zu |\n",
	    n / (t1 - t0), changes);

	add_all(rib, CASE_SHARED, r, n, true);
	changes = 0;
	t0 = now();
	rib_proto_flush(rib, RIB_PROTO_OSPF);
	t1 = now();
	printf("| flush protocol            | %10.0f | %9zu |\n",
	    n / (t1 - t0), changes);
	rib_del(rib);
}

int
main(int argc, char *argv[])
{
	struct route4	*r;
	size_t		 n = 1000000, i;
	uint64_t	 seed = 0x5eed;
	int		 ch;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		switch (ch) {
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: rib-mem [-n routes]\n");
			return 1;
		}
	}
	if (n == 0 || (r = calloc(n, sizeof(*r))) == NULL) {
		fprintf(stderr, "rib-mem: bad count or out of memory\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		r[i].len = (uint8_t)(24 + rnd(&seed) % 9);
		r[i].addr = (uint32_t)rnd(&seed);
		if (r[i].len < 32)
			r[i].addr &= ~0U << (32 - r[i].len);
	}

	printf("%zu random IPv4 /24../32 prefixes, one next hop each\n\n", n);
	printf("| case      | prefixes  | B/route  | rib est. | adds/s    "
	    "| reports   |\n");
	printf("|-----------|-----------|----------|----------|-----------"
	    "|-----------|\n");
	mem_case(CASE_SHARED, r, n);
	mem_case(CASE_UNIQUE, r, n);
	mem_case(CASE_RECURSIVE, r, n);
	printf("\nB/route: mallinfo2() growth / prefixes; rib est.: "
	    "rib_bytes(); adds in batches of %d\n\n", BATCH);

	printf("| operation (shared case)   | per second | reports   |\n");
	printf("|---------------------------|------------|-----------|\n");
	rates(r, n);
	free(r);
	return 0;
}

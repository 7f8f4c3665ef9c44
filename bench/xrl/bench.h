/*
 * DOC: shared pieces of the XRL benchmark: CPU placement, clocks and
 * latency summaries.
 */
#ifndef OKAPI_BENCH_H
#define OKAPI_BENCH_H

#include <stdbool.h>
#include <stdint.h>

enum bench_sock { BENCH_UNIX, BENCH_TCP };
enum bench_place { BENCH_SAME_CPU, BENCH_CROSS_CPU };

struct bench_lat {
	double	 p50_us;
	double	 p99_us;
	double	 mean_us;
};

/* bench.c */
void	 bench_pin(int cpu);
void	 bench_unpin(void);
uint64_t bench_now_ns(void);
void	 bench_lat_summarise(uint64_t *ns, unsigned n, struct bench_lat *);
void	 sock_blocking(int fd);

/* floor.c */
int	 bench_floor(enum bench_sock, enum bench_place, unsigned n,
	    struct bench_lat *);

#endif

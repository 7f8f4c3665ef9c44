/*
 * DOC: CPU pinning, a monotonic clock in nanoseconds and percentiles.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

void
bench_pin(int cpu)
{
	cpu_set_t	 set;
	long		 ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	CPU_ZERO(&set);
	CPU_SET(ncpu > 1 ? cpu % ncpu : 0, &set);
	(void)sched_setaffinity(0, sizeof(set), &set);
}

void
bench_unpin(void)
{
	cpu_set_t	 set;
	long		 i, ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	CPU_ZERO(&set);
	for (i = 0; i < ncpu; i++)
		CPU_SET(i, &set);
	(void)sched_setaffinity(0, sizeof(set), &set);
}

uint64_t
bench_now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
bench_lat_summarise(uint64_t *ns, unsigned n, struct bench_lat *out)
{
	double		 sum = 0;
	unsigned	 i;

	out->p50_us = out->p99_us = out->mean_us = 0;
	if (n == 0)
		return;
	qsort(ns, n, sizeof(*ns), cmp_u64);
	for (i = 0; i < n; i++)
		sum += (double)ns[i];
	out->p50_us = ns[n / 2] / 1000.0;
	out->p99_us = ns[(size_t)n * 99 / 100] / 1000.0;
	out->mean_us = sum / n / 1000.0;
}

void
sock_blocking(int fd)
{
	int	 fl = fcntl(fd, F_GETFL);

	if (fl != -1)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

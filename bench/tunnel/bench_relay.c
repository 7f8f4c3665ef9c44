/*
 * DOC: throughput of the TUNNEL pipe-mode relay (lib/beep/relay.c) on
 * loopback, beside a direct TCP connection measured in the same run
 * (digest checklist item 74: within 2x of direct). A sender thread writes
 * -n MB down a chain of TCP connections and the main thread reads them at
 * the far end; between consecutive connections sits a relay, each in a
 * thread of its own with its own event_base, as separate hops would be.
 * Rows: direct, 1 and 3 splice relays, 1 and 3 bufferevent relays. Each
 * row is run -r times; the table gives the median and the best, in MB/s
 * (10^6 octets per second), and the median's ratio to direct.
 */
#include <sys/socket.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "sock.h"
#include "relay.h"

#define BENCH_MAX_HOPS	3
#define BENCH_IO_SZ	(1024 * 1024)

struct bench_hop {
	pthread_t		 th;
	int			 fd_a, fd_b;
	bool			 bev;
	bool			 spliced;
	char			 reason[64];
};

struct bench_sender {
	pthread_t		 th;
	int			 fd;
	uint64_t		 total;
};

static double
bench_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
bench_done(void *arg, const struct beep_relay_stats *st, const char *reason)
{
	struct bench_hop	*h = arg;

	snprintf(h->reason, sizeof(h->reason), "%s", reason);
}

static void *
bench_hop_main(void *arg)
{
	struct bench_hop	*h = arg;
	struct event_base	*base;
	struct beep_relay	*r;
	struct beep_relay_side	 a, b;
	struct beep_relay_cfg	 cfg = { .done = bench_done, .arg = h };

	if ((base = event_base_new()) == NULL) {
		snprintf(h->reason, sizeof(h->reason), "event_base_new");
		return NULL;
	}
	if (h->bev) {
		a.in = a.out = bufferevent_socket_new(base, h->fd_a,
		    BEV_OPT_CLOSE_ON_FREE);
		b.in = b.out = bufferevent_socket_new(base, h->fd_b,
		    BEV_OPT_CLOSE_ON_FREE);
		r = a.in && b.in ? beep_relay_bev_new(base, &a, &b, &cfg) :
		    NULL;
	} else
		r = beep_relay_new(base, h->fd_a, h->fd_b, &cfg);
	if (r == NULL) {
		snprintf(h->reason, sizeof(h->reason), "relay_new: %s",
		    strerror(errno));
		event_base_free(base);
		return NULL;
	}
	h->spliced = beep_relay_uses_splice(r);
	event_base_dispatch(base);
	beep_relay_free(r);
	event_base_free(base);
	return NULL;
}

static void *
bench_send_main(void *arg)
{
	struct bench_sender	*s = arg;
	uint8_t			*buf;
	uint64_t		 left = s->total;
	ssize_t			 n;
	size_t			 len;

	if ((buf = malloc(BENCH_IO_SZ)) == NULL)
		return NULL;
	memset(buf, 0x5a, BENCH_IO_SZ);
	while (left > 0) {
		len = left < BENCH_IO_SZ ? left : BENCH_IO_SZ;
		if ((n = write(s->fd, buf, len)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			break;
		}
		left -= n;
	}
	shutdown(s->fd, SHUT_WR);
	free(buf);
	return NULL;
}

static int
bench_pair(int *x, int *y)
{
	uint16_t	 port;
	int		 lfd;

	if ((lfd = sock_listen_tcp("127.0.0.1", 0, &port)) == -1)
		return -1;
	*x = sock_connect_tcp("127.0.0.1", port, false);
	*y = *x == -1 ? -1 : accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	close(lfd);
	if (*x == -1 || *y == -1)
		return -1;
	return 0;
}

/* One run: MB/s through `hops` relays, or -1. */
static double
bench_run(int hops, bool bev, uint64_t total)
{
	struct bench_hop	 hop[BENCH_MAX_HOPS];
	struct bench_sender	 snd;
	int			 x[BENCH_MAX_HOPS + 1], y[BENCH_MAX_HOPS + 1];
	uint8_t			*buf;
	uint64_t		 got = 0;
	ssize_t			 n;
	double			 t0, t1;
	int			 i;

	for (i = 0; i <= hops; i++)
		if (bench_pair(&x[i], &y[i]) == -1) {
			fprintf(stderr, "bench_relay: tcp pair: %s\n",
			    strerror(errno));
			return -1;
		}
	if ((buf = malloc(BENCH_IO_SZ)) == NULL)
		return -1;
	memset(hop, 0, sizeof(hop));
	for (i = 0; i < hops; i++) {
		hop[i].fd_a = y[i];
		hop[i].fd_b = x[i + 1];
		hop[i].bev = bev;
		pthread_create(&hop[i].th, NULL, bench_hop_main, &hop[i]);
	}
	snd.fd = x[0];
	snd.total = total;
	t0 = bench_now();
	pthread_create(&snd.th, NULL, bench_send_main, &snd);
	while ((n = read(y[hops], buf, BENCH_IO_SZ)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		got += n;
	}
	t1 = bench_now();
	pthread_join(snd.th, NULL);
	close(x[0]);
	close(y[hops]);
	for (i = 0; i < hops; i++) {
		pthread_join(hop[i].th, NULL);
		if (strcmp(hop[i].reason, "eof") != 0)
			fprintf(stderr, "bench_relay: hop %d ended: %s\n", i,
			    hop[i].reason);
		if (!bev && !hop[i].spliced)
			fprintf(stderr, "bench_relay: hop %d not spliced\n",
			    i);
	}
	free(buf);
	if (got != total) {
		fprintf(stderr, "bench_relay: got %llu of %llu octets\n",
		    (unsigned long long)got, (unsigned long long)total);
		return -1;
	}
	return total / (t1 - t0) / 1e6;
}

static int
bench_cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_relay [-n MB] [-o row] [-r runs]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		 hops;
		bool		 bev;
	} rows[] = {
		{ "direct TCP", 0, false },
		{ "1 relay (splice)", 1, false },
		{ "3 relays (splice)", 3, false },
		{ "1 relay (bufferevent)", 1, true },
		{ "3 relays (bufferevent)", 3, true },
	};
	double		 mbs[sizeof(rows) / sizeof(rows[0])][16];
	double		 med, direct = 0;
	uint64_t	 total;
	long		 mb = 1000, runs = 3, only = -1;
	size_t		 i;
	int		 ch, k;

	while ((ch = getopt(argc, argv, "n:o:r:")) != -1) {
		switch (ch) {
		case 'n':
			if ((mb = strtol(optarg, NULL, 10)) <= 0)
				usage();
			break;
		case 'o':	/* one row only, for profiling */
			only = strtol(optarg, NULL, 10);
			break;
		case 'r':
			if ((runs = strtol(optarg, NULL, 10)) <= 0 || runs > 16)
				usage();
			break;
		default:
			usage();
		}
	}
	(void)signal(SIGPIPE, SIG_IGN);
	total = (uint64_t)mb * 1000 * 1000;
	/* Interleave the rows so that drift in the machine hits all alike. */
	for (k = 0; k < runs; k++)
		for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			if (only != -1 && (long)i != only && i != 0)
				mbs[i][k] = 0;
			else if ((mbs[i][k] = bench_run(rows[i].hops, rows[i].bev,
			    total)) < 0)
				return 1;
	printf("%ld MB one way over 127.0.0.1, %ld runs, %ld CPUs online\n\n",
	    mb, runs, sysconf(_SC_NPROCESSORS_ONLN));
	printf("| path | MB/s median | MB/s best | median / direct |\n");
	printf("|---|---:|---:|---:|\n");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		qsort(mbs[i], runs, sizeof(double), bench_cmp);
		med = mbs[i][runs / 2];
		if (i == 0)
			direct = med;
		printf("| %s | %.0f | %.0f | %.2f |\n", rows[i].name, med,
		    mbs[i][runs - 1], med / direct);
	}
	return 0;
}

/*
 * DOC: main.c: ospf-inject's options, the poll loop and the report.
 *
 *   ospf-inject -i IFACE [-a AREA] [--grid N | --random N] [-m STUBS]
 *       [-k EXTERNALS] [--hello S] [--dead S] [--rxmt S] [--cost C]
 *       [--seed S] [--burst P] [--pace-us U] [--netns NS [--proto P]
 *       [--wait-routes N]] [--prefixes FILE] [--timeout S] [--hold S]
 *       [-v]
 *
 * Times are CLOCK_MONOTONIC (the clock of Python's time.monotonic()),
 * printed relative to our start (Full) or to the first Update sent (the
 * rest); the last line, "result ...", is for scripts.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inject.h"

#define DEFAULT_ROUTERS	100

double
inj_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
inj_log(const struct inject *inj, const char *fmt, ...)
{
	va_list	 ap;

	printf("ospf-inject: %7.3f ", inj_now() - inj->t_start);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static const char *
ip_str(uint32_t a, char *out, size_t len)
{
	struct in_addr	 ia = { .s_addr = htonl(a) };

	return inet_ntop(AF_INET, &ia, out, (socklen_t)len);
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: ospf-inject -i IFACE [-a AREA] [--grid N | --random N]\n"
	    "\t[-m STUBS] [-k EXTERNALS] [--hello S] [--dead S] [--rxmt S]\n"
	    "\t[--cost C] [--seed S] [--burst PACKETS] [--pace-us US]\n"
	    "\t[--netns NS [--proto ospf|bird|N] [--wait-routes N]]\n"
	    "\t[--prefixes FILE] [--timeout S] [--hold S] [-v]\n"
	    "The router under test runs OSPF point-to-point on the other end\n"
	    "of IFACE with the same hello and dead intervals.\n");
	exit(2);
}

static long
num_arg(const char *s, long min, long max)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "ospf-inject: %s: want %ld to %ld\n", s, min,
		    max);
		usage();
	}
	return v;
}

struct opts {
	enum synth_kind	 kind;
	uint32_t	 nrtr, nstub, next;
	uint64_t	 seed;
	const char	*netns, *prefixes;
	int		 proto;
	long		 want_routes;	/* -1: every prefix of the area */
	double		 timeout;
	double		 hold;
};

static void
opts_parse(int argc, char **argv, struct inject *inj, struct opts *o)
{
	enum { O_GRID = 256, O_RANDOM, O_HELLO, O_DEAD, O_RXMT, O_COST,
	    O_SEED, O_BURST, O_PACE, O_NETNS, O_PROTO, O_WAIT, O_PREFIXES,
	    O_TIMEOUT, O_HOLD };
	static const struct option longopts[] = {
		{ "grid", required_argument, NULL, O_GRID },
		{ "random", required_argument, NULL, O_RANDOM },
		{ "hello", required_argument, NULL, O_HELLO },
		{ "dead", required_argument, NULL, O_DEAD },
		{ "rxmt", required_argument, NULL, O_RXMT },
		{ "cost", required_argument, NULL, O_COST },
		{ "seed", required_argument, NULL, O_SEED },
		{ "burst", required_argument, NULL, O_BURST },
		{ "pace-us", required_argument, NULL, O_PACE },
		{ "netns", required_argument, NULL, O_NETNS },
		{ "proto", required_argument, NULL, O_PROTO },
		{ "wait-routes", required_argument, NULL, O_WAIT },
		{ "prefixes", required_argument, NULL, O_PREFIXES },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "hold", required_argument, NULL, O_HOLD },
		{ NULL, 0, NULL, 0 }
	};
	struct in_addr	 ia;
	int		 c;

	while ((c = getopt_long(argc, argv, "i:a:m:k:v", longopts, NULL))
	    != -1) {
		switch (c) {
		case 'i':
			if (strlen(optarg) >= sizeof(inj->ifname))
				usage();
			strcpy(inj->ifname, optarg);
			break;
		case 'a':
			if (inet_pton(AF_INET, optarg, &ia) != 1)
				usage();
			inj->area_id = ntohl(ia.s_addr);
			break;
		case 'm':
			o->nstub = (uint32_t)num_arg(optarg, 0, 1000);
			break;
		case 'k':
			o->next = (uint32_t)num_arg(optarg, 0, SYNTH_MAX_EXT);
			break;
		case 'v':
			inj->verbose = true;
			break;
		case O_GRID:
		case O_RANDOM:
			o->kind = c == O_GRID ? SYNTH_GRID : SYNTH_RANDOM;
			o->nrtr = (uint32_t)num_arg(optarg, 4,
			    SYNTH_MAX_ROUTERS);
			break;
		case O_HELLO:
			inj->hello = (uint16_t)num_arg(optarg, 1, 65535);
			break;
		case O_DEAD:
			inj->dead = (uint16_t)num_arg(optarg, 2, 65535);
			break;
		case O_RXMT:
			inj->rxmt = (uint16_t)num_arg(optarg, 1, 3600);
			break;
		case O_COST:
			inj->cost = (uint16_t)num_arg(optarg, 1, 65535);
			break;
		case O_SEED:
			o->seed = (uint64_t)num_arg(optarg, 0, 1L << 62);
			break;
		case O_BURST:
			inj->burst = (unsigned int)num_arg(optarg, 1, 100000);
			break;
		case O_PACE:
			inj->pace = num_arg(optarg, 0, 1000000) / 1e6;
			break;
		case O_NETNS:
			o->netns = optarg;
			break;
		case O_PROTO:
			if ((o->proto = kroute_proto(optarg)) == -1)
				usage();
			break;
		case O_WAIT:
			o->want_routes = num_arg(optarg, 0, 100000000);
			break;
		case O_PREFIXES:
			o->prefixes = optarg;
			break;
		case O_TIMEOUT:
			o->timeout = (double)num_arg(optarg, 1, 86400);
			break;
		case O_HOLD:
			o->hold = (double)num_arg(optarg, 0, 86400);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || inj->ifname[0] == '\0' ||
	    inj->dead <= inj->hello)
		usage();
}

/* The prefixes the router under test should learn, one a line. */
static int
prefixes_write(const struct synth_area *area, const char *path)
{
	FILE	*f;
	char	 a[INET_ADDRSTRLEN];
	size_t	 i, n = synth_nprefix(area);
	uint32_t net;
	uint8_t	 plen;

	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "ospf-inject: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		synth_prefix(area, i, &net, &plen);
		fprintf(f, "%s/%u\n", ip_str(net, a, sizeof(a)), plen);
	}
	if (fclose(f) == EOF) {
		fprintf(stderr, "ospf-inject: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static double
earliest(double a, double b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

/* Whether everything asked for has happened. */
static bool
done(const struct inject *inj)
{
	return inj->t_acked != 0 && (inj->kr == NULL || inj->t_routes != 0);
}

static void
routes_check(struct inject *inj, double now)
{
	size_t	 n;

	if (inj->kr == NULL || inj->t_routes != 0 || inj->t_flood == 0 ||
	    !kroute_due(inj->kr, now))
		return;
	n = kroute_count(inj->kr, now);
	if (inj->verbose && n != (size_t)-1)
		inj_log(inj, "kernel: %zu routes, last change %.3f s after the "
		    "first Update", n, kroute_last_change(inj->kr) -
		    inj->t_flood);
	if (n == (size_t)-1 || n < inj->want_routes)
		return;
	/* Changes read after the dump still belong to it. */
	kroute_events(inj->kr, inj_now());
	inj->t_routes = kroute_last_change(inj->kr);
	if (inj->t_routes < inj->t_flood)
		inj->t_routes = inj->t_flood;
	inj_log(inj, "%zu routes in the kernel (%zu wanted), %.3f s after "
	    "the first Update", n, inj->want_routes,
	    inj->t_routes - inj->t_flood);
}

/*
 * The loop, until everything asked for has happened (until_done) or
 * until the time until; -1 when until comes first under until_done.
 */
static int
run(struct inject *inj, double until, bool until_done)
{
	struct pollfd	 pfd[2];
	double		 now, wake;
	int		 npfd, ms;

	if (inj->hello_at == 0)
		inj->hello_at = inj_now();
	while (!until_done || !done(inj)) {
		now = inj_now();
		if (now >= until)
			return until_done ? -1 : 0;
		if (now >= inj->hello_at) {
			hello_send(inj);
			inj->hello_at = now + inj->hello;
		}
		nbr_timers(inj, now);
		flood_tick(inj, now);
		routes_check(inj, now);
		wake = earliest(earliest(inj->hello_at, flood_next(inj)),
		    until);
		if (inj->nbr.state != NBR_STA_DOWN)
			wake = earliest(wake, inj->nbr.dead_at);
		wake = earliest(wake, inj->nbr.dd_rxmt_at);
		if (inj->kr != NULL && inj->t_flood != 0 && inj->t_routes == 0)
			wake = earliest(wake, now + 0.05);
		ms = (int)((wake - now) * 1000 + 0.999);
		if (ms < 0)
			ms = 0;
		pfd[0].fd = inj->fd;
		pfd[0].events = POLLIN;
		npfd = 1;
		if (inj->kr != NULL) {
			pfd[1].fd = kroute_fd(inj->kr);
			pfd[1].events = POLLIN;
			npfd = 2;
		}
		if (poll(pfd, (nfds_t)npfd, ms) == -1) {
			if (errno == EINTR)
				continue;
			perror("ospf-inject: poll");
			return -1;
		}
		if (pfd[0].revents & POLLIN)
			sock_recv(inj);
		if (npfd == 2 && (pfd[1].revents & POLLIN))
			kroute_events(inj->kr, inj_now());
	}
	return 0;
}

static double
since(double t, double t0)
{
	return t != 0 && t0 != 0 ? t - t0 : -1;
}

static void
report(const struct inject *inj, const struct opts *o, int rc)
{
	size_t	 n = inj->lsas.n + 1;

	if (rc != 0)
		inj_log(inj, "gave up after %.0f s: %s", o->timeout,
		    inj->t_full == 0 ? "no Full adjacency" :
		    inj->t_acked == 0 ? "LSAs unacknowledged" :
		    "routes missing from the kernel");
	printf("result full=%.3f first_update=%.3f sent=%.3f acked=%.3f "
	    "routes=%.3f routers=%u lsas=%zu acked_lsas=%zu updates=%llu "
	    "retransmitted=%llu prefixes=%zu want_routes=%zu\n",
	    since(inj->t_full, inj->t_start), since(inj->t_flood, inj->t_full),
	    since(inj->t_sent, inj->t_flood), since(inj->t_acked, inj->t_flood),
	    since(inj->t_routes, inj->t_flood), inj->area.nrtr, n, inj->nacked,
	    (unsigned long long)inj->nlsu, (unsigned long long)inj->nrxmt,
	    synth_nprefix(&inj->area), inj->want_routes);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	struct inject	 inj;
	struct opts	 o;
	char		 err[256], a[INET_ADDRSTRLEN];
	uint64_t	 rs;
	int		 rc;

	memset(&inj, 0, sizeof(inj));
	memset(&o, 0, sizeof(o));
	inj.t_start = inj_now();
	inj.hello = 10;
	inj.dead = 40;
	inj.rxmt = 5;
	inj.cost = 10;
	inj.burst = 4;
	inj.pace = 0.001;
	inj.fd = -1;
	buf_init(&inj.out);
	buf_init(&inj.root_lsa);
	buf_init(&inj.nbr.last_dd);
	inj.nbr.state = NBR_STA_DOWN;
	o.kind = SYNTH_GRID;
	o.nrtr = DEFAULT_ROUTERS;
	o.seed = 1;
	o.proto = -1;
	o.want_routes = -1;
	o.timeout = 600;
	opts_parse(argc, argv, &inj, &o);
	signal(SIGPIPE, SIG_IGN);

	rs = o.seed;
	if (synth_make(&inj.area, o.kind, o.nrtr, o.nstub, o.next, &rs) == -1) {
		fprintf(stderr, "ospf-inject: the area: %s\n", strerror(errno));
		return 1;
	}
	if (flood_init(&inj) == -1) {
		fprintf(stderr, "ospf-inject: the LSAs: %s\n", strerror(errno));
		return 1;
	}
	inj.rid = synth_rid(inj.area.root);
	inj.want_routes = o.want_routes >= 0 ? (size_t)o.want_routes :
	    synth_nprefix(&inj.area);
	if (o.prefixes != NULL && prefixes_write(&inj.area, o.prefixes) == -1)
		return 1;
	if (sock_iface(&inj) == -1 || sock_open(&inj) == -1)
		return 1;
	if (o.netns != NULL) {
		if (o.proto == -1) {
			fprintf(stderr, "ospf-inject: --netns needs --proto\n");
			return 2;
		}
		if ((inj.kr = kroute_open(o.netns, o.proto, err,
		    sizeof(err))) == NULL) {
			fprintf(stderr, "ospf-inject: %s\n", err);
			return 1;
		}
	}
	printf("ospf-inject: %s area: %u routers, %zu links, %zu LANs, "
	    "%u stubs per router, %u externals from %u ASBRs: %zu LSAs "
	    "(%zu bytes), %zu prefixes\n", synth_kind_names[inj.area.kind],
	    inj.area.nrtr, inj.area.nlink, inj.area.nlan, inj.area.nstub,
	    inj.area.next, inj.area.nasbr, inj.lsas.n + 1, inj.lsas.b.len,
	    synth_nprefix(&inj.area));
	printf("ospf-inject: router ID %s on %s", ip_str(inj.rid, a,
	    sizeof(a)), inj.ifname);
	printf(" %s/%u mtu %u, hello %u dead %u rxmt %u, %u Updates per "
	    "%.0f us\n", ip_str(inj.addr, a, sizeof(a)),
	    ospf_mask_plen(inj.mask), inj.mtu, inj.hello, inj.dead,
	    inj.rxmt, inj.burst, inj.pace * 1e6);
	fflush(stdout);

	rc = run(&inj, inj.t_start + o.timeout, true);
	if (inj.t_full != 0)
		inj_log(&inj, "Full %.3f s after start", inj.t_full -
		    inj.t_start);
	if (inj.t_sent != 0)
		inj_log(&inj, "%zu LSAs sent in %llu Updates in %.3f s, "
		    "%zu acknowledged %.3f s after the first Update, %llu "
		    "sent again", inj.lsas.n + 1,
		    (unsigned long long)inj.nlsu, inj.t_sent - inj.t_flood,
		    inj.nacked, inj.t_acked ? inj.t_acked - inj.t_flood : -1,
		    (unsigned long long)inj.nrxmt);
	report(&inj, &o, rc);
	/* Keep the adjacency up, e.g. until a test kills us. */
	if (rc == 0 && o.hold > 0)
		(void)run(&inj, inj_now() + o.hold, false);
	kroute_close(inj.kr);
	return rc == 0 ? 0 : 1;
}

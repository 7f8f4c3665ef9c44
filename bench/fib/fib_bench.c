/*
 * fib-bench: how fast routes given to ribd over XRL reach the kernel, and
 * leave it, beside the kernel's own floor measured in the same run: the
 * same routes through `ip -batch`.
 *
 *   fib-bench [-n count]... FINDER RIBD
 *
 * Runs in a network namespace of its own (unshare; needs root) with one
 * veth pair, its own okapi-finder and ribd. For each count (default 10000
 * and 100000) it times:
 *  - ip -batch: "route add 20.x.y.0/24 via 10.0.2.2 proto 188 metric 20"
 *    lines, then the same deletes;
 *  - ribd: the test process sends rib/0.1/add_route4 pipelined (ospf,
 *    11.0.0.0/24 and up, via 10.0.2.2) and a netlink monitor counts the routes
 *    appearing in the kernel; the clock stops at the last one. Then the
 *    deletes, until the last route is gone.
 * Prints a Markdown table with the ratio to the floor. Never judges.
 */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "evloop.h"
#include "log.h"
#include "netlink.h"
#include "rib_xif.h"
#include "router.h"

#define MAX_COUNTS	4

static struct {
	struct evloop		 loop;
	struct xrl_router	*r;
	struct nl_dump		*dump;
	struct nl_monitor	*mon;
	unsigned		 added, removed, replies, failed;
	bool			 overrun;	/* counts lost: recount */
	unsigned		 expected;	/* routes present after adds */
	pid_t			 pids[2];
} b;

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
on_route(void *arg, enum nl_event ev, const struct nl_route *nr)
{
	uint32_t	 a = ntohl(nr->dst.v4.addr.s_addr) >> 24;

	if (nr->protocol != RTPROT_OSPF || nr->family != AF_INET ||
	    (a != 11 && a != 12))
		return;
	if (ev == NL_EV_NEW)
		b.added++;
	else if (ev == NL_EV_DEL)
		b.removed++;
}

static void
on_resync(void *arg)
{
	b.overrun = true;
}

static void
count_route(void *arg, const struct nl_route *nr)
{
	uint32_t	 a = ntohl(nr->dst.v4.addr.s_addr) >> 24;

	if (nr->family == AF_INET && (a == 11 || a == 12))
		(*(unsigned *)arg)++;
}

/* After a monitor overrun the events are gone: count the kernel's table. */
static void
recount(void)
{
	struct nl_protoset	 ps;
	unsigned		 n = 0;

	memset(&ps, 0, sizeof(ps));
	nl_protoset_add(&ps, RTPROT_OSPF);
	if (nl_dump_routes(b.dump, &ps, RT_TABLE_MAIN, count_route, &n) < 0)
		return;
	b.added = n;
	b.removed = b.expected - n;
	b.overrun = false;
}

static void
on_reply(const struct xrl_error *err, void *arg)
{
	b.replies++;
	if (err->code != XRL_OKAY)
		b.failed++;
}

static void
pump(unsigned ms)
{
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };

	event_base_loopexit(b.loop.base, &tv);
	event_base_dispatch(b.loop.base);
}

static pid_t
spawn(char *const argv[], const char *log)
{
	pid_t	 pid;
	FILE	*f;

	if ((pid = fork()) == 0) {
		if ((f = freopen(log, "w", stdout)) != NULL)
			dup2(fileno(f), 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static void
stop_all(void)
{
	int	 i;

	for (i = 0; i < 2; i++)
		if (b.pids[i] > 0) {
			kill(b.pids[i], SIGTERM);
			waitpid(b.pids[i], NULL, 0);
			b.pids[i] = 0;
		}
}

/* ip -batch of n adds, then n deletes; seconds for each. */
static void
floor_run(unsigned n, double *add_s, double *del_s)
{
	const char	*path = "/tmp/okapi-fib-bench.batch";
	FILE		*f;
	unsigned	 i, pass;
	double		 t0;
	char		 cmd[128];

	for (pass = 0; pass < 2; pass++) {
		if ((f = fopen(path, "w")) == NULL)
			err(1, "%s", path);
		for (i = 0; i < n; i++)
			fprintf(f, "route %s %u.%u.%u.0/24 via 10.0.2.2 proto "
			    "188 metric 20\n", pass ? "del" : "add",
			    20 + (i >> 16), (i >> 8) & 255, i & 255);
		fclose(f);
		snprintf(cmd, sizeof(cmd), "ip -batch %s", path);
		t0 = now_s();
		if (system(cmd) != 0)
			errx(1, "%s failed", cmd);
		*(pass ? del_s : add_s) = now_s() - t0;
	}
	unlink(path);
}

/* The same routes through ribd; seconds until the kernel has them all. */
static void
ribd_run(unsigned n, double *add_s, double *del_s)
{
	struct prefix4	 p;
	struct in_addr	 gw;
	struct xrl_args	 tags = XRL_ARGS_INIT;
	unsigned	 i, pass;
	double		 t0, end;

	inet_pton(AF_INET, "10.0.2.2", &gw);
	for (pass = 0; pass < 2; pass++) {
		b.added = b.removed = b.replies = b.failed = 0;
		t0 = now_s();
		for (i = 0; i < n; i++) {
			p.addr.s_addr = htonl(0x0b000000u + (i << 8));
			p.len = 24;
			if ((pass == 0 ? xrl_rib_v0p1_send_add_route4(b.r,
			    "rib", "ospf", true, false, &p, &gw, 1, &tags,
			    on_reply, NULL) : xrl_rib_v0p1_send_delete_route4(
			    b.r, "rib", "ospf", true, false, &p, on_reply,
			    NULL)) == -1)
				errx(1, "cannot queue an XRL");
		}
		end = t0 + 600;
		b.expected = n;
		while ((pass == 0 ? b.added : b.removed) < n && now_s() < end) {
			pump(1);
			if (b.overrun)
				recount();
		}
		*(pass ? del_s : add_s) = now_s() - t0;
		while (b.replies < n && now_s() < end)
			pump(10);
		if (b.failed || (pass == 0 ? b.added : b.removed) < n)
			errx(1, "ribd: %u of %u routes, %u failed replies",
			    pass == 0 ? b.added : b.removed, n, b.failed);
	}
}

int
main(int argc, char *argv[])
{
	unsigned		 counts[MAX_COUNTS], ncounts = 0, i;
	struct xrl_router_opts	 ropts;
	struct nl_events	 ev;
	char			 port[16], fport[32], vport[16];
	int			 ch;
	double			 fa = 0, fd = 0, ra = 0, rd = 0;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		if (ch != 'n' || ncounts == MAX_COUNTS)
			goto usage;
		counts[ncounts++] = (unsigned)strtoul(optarg, NULL, 10);
	}
	if (argc - optind != 2)
		goto usage;
	if (ncounts == 0) {
		counts[ncounts++] = 10000;
		counts[ncounts++] = 100000;
	}
	if (unshare(CLONE_NEWNET) == -1)
		err(1, "unshare (needs root)");
	if (system("ip link set lo up && ip link add v0 type veth peer name "
	    "v1 && ip addr add 10.0.2.1/24 dev v0 && ip link set v0 up && "
	    "ip link set v1 up") != 0)
		errx(1, "cannot set up the namespace");
	log_init("fib-bench", 0, false);
	if (evloop_init(&b.loop) == -1)
		errx(1, "event loop");

	snprintf(port, sizeof(port), "%u", 20000 + (unsigned)getpid() % 20000);
	snprintf(fport, sizeof(fport), "127.0.0.1:%s", port);
	snprintf(vport, sizeof(vport), "%u", 40000 + (unsigned)getpid() % 20000);
	{
		char *fargv[] = { argv[optind], "-p", port, NULL };
		char *rargv[] = { argv[optind + 1], "-F", fport, "-P", vport,
		    "-f", "/nonexistent/ribd.conf", NULL };

		b.pids[0] = spawn(fargv, "/tmp/okapi-fib-bench-finder.log");
		usleep(200000);
		b.pids[1] = spawn(rargv, "/tmp/okapi-fib-bench-ribd.log");
	}
	atexit(stop_all);

	memset(&ev, 0, sizeof(ev));
	ev.route = on_route;
	ev.resync = on_resync;
	if ((b.dump = nl_dump_new(b.loop.base, &ev)) == NULL ||
	    (b.mon = nl_monitor_new(b.loop.base, b.dump, &ev)) == NULL)
		errx(1, "netlink");
	memset(&ropts, 0, sizeof(ropts));
	ropts.finder_addr = "127.0.0.1";
	ropts.finder_port = (uint16_t)atoi(port);
	if ((b.r = xrl_router_new(b.loop.base, &ropts)) == NULL ||
	    xrl_router_start(b.r) == -1 || !xrl_router_wait_ready(b.r, 10000))
		errx(1, "xrl router");
	pump(1000);	/* ribd registers */

	printf("| routes | `ip -batch` add | ribd add | ratio | "
	    "`ip -batch` delete | ribd delete | ratio |\n");
	printf("|---:|---:|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < ncounts; i++) {
		/* Keep the monitor's counts out of the floor's run. */
		floor_run(counts[i], &fa, &fd);
		pump(200);
		ribd_run(counts[i], &ra, &rd);
		printf("| %u | %.3f s | %.3f s | %.2f× | %.3f s | %.3f s | "
		    "%.2f× |\n", counts[i], fa, ra, ra / fa, fd, rd, rd / fd);
	}
	nl_monitor_del(b.mon);
	nl_dump_del(b.dump);
	xrl_router_free(b.r);
	evloop_fini(&b.loop);
	return 0;
 usage:
	fprintf(stderr, "usage: fib-bench [-n count]... finder ribd\n");
	return 2;
}

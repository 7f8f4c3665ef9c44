/*
 * DOC: bench/xrl - XRL throughput and latency between two processes, with
 * the floor (a bare 32-byte ping-pong on the same kind of socket) measured
 * in the same run. Prints a Markdown table; never passes or fails on time.
 *
 *   xrl-bench [-n calls] [-q]
 *
 * It starts its own okapi-finder and two okapi-demo servers (one reachable
 * only over unix://, one only over stcp://), found next to this binary in
 * the build tree. Pipelined runs put the client on CPU 0 and the server on
 * CPU 1; latency runs are made with both placements.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "evloop.h"
#include "log.h"
#include "router.h"
#include "sock.h"
#include "strnum.h"

#include "demo_xif.h"

struct run {
	struct xrl_router	*r;
	struct event_base	*base;
	const char		*target;
	const struct xrl_args	*items;		/* NULL: ping */
	unsigned		 total;
	unsigned		 sent;
	unsigned		 done;
	unsigned		 errors;
	uint32_t		 last_code;
};

static pid_t	children[4];
static int	nchildren;

static void
kill_children(void)
{
	while (nchildren > 0) {
		kill(children[--nchildren], SIGKILL);
		waitpid(children[nchildren], NULL, 0);
	}
}

static pid_t
spawn(char *const argv[], const char *log)
{
	pid_t	 pid;

	fflush(NULL);		/* or the child writes our buffer again */
	if ((pid = fork()) == 0) {
		if (freopen(log, "a", stdout) == NULL ||
		    freopen(log, "a", stderr) == NULL)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		children[nchildren++] = pid;
	return pid;
}

static void
set_affinity(pid_t pid, int cpu)
{
	cpu_set_t	 set;

	CPU_ZERO(&set);
	CPU_SET(cpu % sysconf(_SC_NPROCESSORS_ONLN), &set);
	(void)sched_setaffinity(pid, sizeof(set), &set);
}

static void	issue(struct run *);

static void
ping_done(const struct xrl_error *err, void *arg)
{
	struct run	*run = arg;

	run->done++;
	if (err->code != XRL_OKAY) {
		run->errors++;
		run->last_code = err->code;
	}
	issue(run);
}

static void
echo_done(const struct xrl_error *err, const struct xrl_args *items,
    void *arg)
{
	struct run	*run = arg;

	run->done++;
	if (err->code != XRL_OKAY || items == NULL ||
	    items->count != run->items->count) {
		run->errors++;
		run->last_code = err->code;
	}
	issue(run);
}

static void
issue(struct run *run)
{
	int	 rc;

	if (run->sent >= run->total)
		return;
	run->sent++;
	if (run->items == NULL)
		rc = xrl_demo_v0p1_send_ping(run->r, run->target, ping_done,
		    run);
	else
		rc = xrl_demo_v0p1_send_echo(run->r, run->target, run->items,
		    echo_done, run);
	if (rc == -1) {
		run->done++;
		run->errors++;
	}
}

/* Keep `window` calls in flight until `total` are answered; calls/s. */
static double
pipelined(struct run *run, unsigned window, unsigned total)
{
	uint64_t	 t0;
	unsigned	 i;

	run->total = total;
	run->sent = run->done = run->errors = 0;
	t0 = bench_now_ns();
	for (i = 0; i < window; i++)
		issue(run);
	while (run->done < run->total)
		event_base_loop(run->base, EVLOOP_ONCE);
	return total / ((bench_now_ns() - t0) / 1e9);
}

/* One call in flight at a time; per-call latency. */
static void
one_in_flight(struct run *run, unsigned n, struct bench_lat *lat)
{
	uint64_t	*ns = calloc(n, sizeof(*ns));
	unsigned	 i, warm = n / 10;

	run->errors = 0;
	for (i = 0; i < n + warm; i++) {
		uint64_t t0 = bench_now_ns();

		run->total = run->sent + 1;
		issue(run);
		while (run->done < run->total)
			event_base_loop(run->base, EVLOOP_ONCE);
		if (i >= warm)
			ns[i - warm] = bench_now_ns() - t0;
	}
	bench_lat_summarise(ns, n, lat);
	free(ns);
}

static void
wait_target(struct run *run)
{
	unsigned	 tries;

	for (tries = 0; tries < 200; tries++) {
		run->total = run->sent + 1;
		run->errors = 0;
		issue(run);
		while (run->done < run->total)
			event_base_loop(run->base, EVLOOP_ONCE);
		if (run->errors == 0)
			return;
		usleep(50000);
	}
	fprintf(stderr, "xrl-bench: target %s never answered (code %u)\n",
	    run->target, run->last_code);
	kill_children();
	exit(1);
}

int
main(int argc, char *argv[])
{
	static const unsigned	 payloads[] = { 0, 1, 10, 25 };
	static const unsigned	 windows[] = { 40, 100 };
	static const char *const sockname[] = { "unix", "tcp" };
	static const char *const placename[] = { "same CPU", "across CPUs" };
	char			 self[PATH_MAX], dir[PATH_MAX], finder[PATH_MAX + 64],
				 demo[PATH_MAX + 64], fport[16], faddr[32], rundir[64],
				 log[PATH_MAX];
	struct xrl_router_opts	 o;
	struct evloop		 loop;
	struct xrl_args		 items[4];
	struct bench_lat	 floor_lat[2][2], xrl_lat[2][2];
	double			 tput[2][2][4];
	struct run		 run;
	uint64_t		 v;
	unsigned		 n = 300000, nlat = 20000, s, p, wi, pi;
	pid_t			 server[2];
	int			 ch;
	ssize_t			 len;

	while ((ch = getopt(argc, argv, "n:q")) != -1) {
		switch (ch) {
		case 'n':
			if (!strnum_u64(optarg, 100000000, &v) || v < 100)
				goto usage;
			n = (unsigned)v;
			break;
		case 'q':
			n = 20000;
			nlat = 2000;
			break;
		default:
usage:
			fprintf(stderr, "usage: xrl-bench [-n calls] [-q]\n");
			return 2;
		}
	}
	log_init("xrl-bench", 0, false);
	if ((len = readlink("/proc/self/exe", self, sizeof(self) - 1)) == -1)
		fatal("readlink");
	self[len] = '\0';
	snprintf(dir, sizeof(dir), "%s", dirname(self));
	snprintf(finder, sizeof(finder), "%s/../../daemons/finder/okapi-finder",
	    dir);
	snprintf(demo, sizeof(demo), "%s/../../examples/okapi-demo", dir);
	snprintf(rundir, sizeof(rundir), "/tmp/okapi-bench.%d", (int)getpid());
	mkdir(rundir, 0700);
	setenv("OKAPI_RUNDIR", rundir, 1);
	atexit(kill_children);

	printf("# floor: bare 32-byte ping-pong, %u round trips each\n", nlat);
	for (s = 0; s < 2; s++)
		for (p = 0; p < 2; p++)
			if (bench_floor(s, p, nlat, &floor_lat[s][p]) == -1)
				fatal("floor %s", sockname[s]);

	{
		uint16_t port;
		int fd = sock_listen_tcp("127.0.0.1", 0, &port);

		close(fd);
		snprintf(fport, sizeof(fport), "%u", port);
		snprintf(faddr, sizeof(faddr), "127.0.0.1:%u", port);
	}
	snprintf(log, sizeof(log), "%s/finder.log", rundir);
	spawn((char *[]){ finder, "-d", "-p", fport, NULL }, log);
	usleep(200000);
	snprintf(log, sizeof(log), "%s/demo-unix.log", rundir);
	server[0] = spawn((char *[]){ demo, "-F", faddr, "-c", "bench_unix",
	    "-x", "unix", NULL }, log);
	snprintf(log, sizeof(log), "%s/demo-tcp.log", rundir);
	server[1] = spawn((char *[]){ demo, "-F", faddr, "-c", "bench_tcp",
	    "-x", "stcp", NULL }, log);

	if (evloop_init(&loop) == -1)
		fatal("event loop");
	memset(&o, 0, sizeof(o));
	o.finder_addr = "127.0.0.1";
	o.finder_port = (uint16_t)atoi(fport);
	o.unix_dir = "";
	o.window = 100;
	if ((run.r = xrl_router_new(loop.base, &o)) == NULL ||
	    xrl_router_start(run.r) == -1)
		fatal("router");
	run.base = loop.base;
	for (pi = 0; pi < 4; pi++) {
		xrl_args_init(&items[pi]);
		for (v = 0; v < payloads[pi]; v++)
			xrl_args_add_u32(&items[pi], NULL, (uint32_t)v);
	}

	for (s = 0; s < 2; s++) {
		memset(&run.sent, 0, sizeof(run) - offsetof(struct run, sent));
		run.target = s == 0 ? "bench_unix" : "bench_tcp";
		run.items = NULL;
		wait_target(&run);
		for (p = 0; p < 2; p++) {
			bench_pin(0);
			set_affinity(server[s], p == BENCH_SAME_CPU ? 0 : 1);
			one_in_flight(&run, nlat, &xrl_lat[s][p]);
		}
		bench_pin(0);
		set_affinity(server[s], 1);
		for (wi = 0; wi < 2; wi++)
			for (pi = 0; pi < 4; pi++) {
				run.items = pi == 0 ? NULL : &items[pi];
				tput[s][wi][pi] = pipelined(&run, windows[wi],
				    pi == 0 ? n : n / 2);
				if (run.errors)
					fprintf(stderr, "xrl-bench: %u errors "
					    "(last code %u)\n", run.errors,
					    run.last_code);
			}
	}

	printf("\n## Pipelined XRL calls/s (client CPU 0, server CPU 1)\n\n");
	printf("| socket | window | 0 items | 1 item | 10 items | 25 items |\n");
	printf("|---|---|---|---|---|---|\n");
	for (s = 0; s < 2; s++)
		for (wi = 0; wi < 2; wi++)
			printf("| %s | %u | %.0f | %.0f | %.0f | %.0f |\n",
			    sockname[s], windows[wi], tput[s][wi][0],
			    tput[s][wi][1], tput[s][wi][2], tput[s][wi][3]);
	printf("\n## One call in flight: round trip (µs), XRL ping vs the "
	    "32-byte floor\n\n");
	printf("| socket | placement | XRL p50 | XRL p99 | floor p50 | "
	    "floor p99 | XRL/floor (p50) |\n");
	printf("|---|---|---|---|---|---|---|\n");
	for (s = 0; s < 2; s++)
		for (p = 0; p < 2; p++)
			printf("| %s | %s | %.1f | %.1f | %.1f | %.1f | %.2f |\n",
			    sockname[s], placename[p], xrl_lat[s][p].p50_us,
			    xrl_lat[s][p].p99_us, floor_lat[s][p].p50_us,
			    floor_lat[s][p].p99_us, xrl_lat[s][p].p50_us /
			    floor_lat[s][p].p50_us);

	for (pi = 0; pi < 4; pi++)
		xrl_args_clear(&items[pi]);
	xrl_router_free(run.r);
	evloop_fini(&loop);
	kill_children();
	snprintf(log, sizeof(log), "rm -rf %s", rundir);
	(void)system(log);
	return 0;
}

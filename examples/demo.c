/*
 * DOC: okapi-demo - an example XRL target. It serves common/0.1 and
 * demo/0.1 (ping, echo, add, greet, fail, sleep) and, when asked to watch a
 * class, prints the Finder's birth and death events for it. The lab, the
 * integration tests and the benchmarks run it.
 *
 *   okapi-demo [-F host:port] [-c class]... [-w class]... [-s] [-v]
 *              [-x unix|stcp] [-P port] [-f file] [-n]
 *
 * Each -c adds one target (default class "demo"); all share one Finder
 * connection, as a daemon hosting several targets does. Prints
 * "ready <instance>..." on stdout once every target is enabled, and
 * "birth|death <class> <instance>" for watched classes. -x registers only
 * one transport (benchmarks use it to pick the socket kind).
 *
 * It also shows how a daemon serves a VTY (demo_vty.c): -P opens the
 * Telnet VTY on 127.0.0.1 (tag "DEMO"), -f loads a configuration file
 * ("write memory" saves back to it), -n only checks that file and exits
 * 0 or 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo_vty.h"
#include "vty_xrl.h"
#include "evloop.h"
#include "log.h"
#include "router.h"
#include "sock.h"
#include "strnum.h"
#include "vty.h"

#include "common_xif.h"
#include "demo_xif.h"
#include "finder_event_observer_xif.h"

#define DEMO_MAX_TARGETS	8

struct demo {
	struct evloop		*loop;
	struct xrl_target	*target;
	char			 greeting[256];
};

static void
common_get_target_name(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_target_name_out *out)
{
	struct demo	*d = ctx;

	out->name = xrl_target_instance(d->target);
}

static void
common_get_version(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_version_out *out)
{
	out->version = "okapi-demo/0.1";
}

static void
common_get_status(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_status_out *out)
{
	out->status = 3;	/* PROC_READY, as XORP numbers it */
	out->reason = "Ready";
}

static void
common_shutdown(void *ctx, struct xrl_error *err)
{
	struct demo	*d = ctx;

	/* Reply first: the loop stops after this pass. */
	event_base_loopexit(d->loop->base, NULL);
}

static void
common_startup(void *ctx, struct xrl_error *err)
{
}

static const struct xrl_common_v0p1 common_impl = {
	.get_target_name = common_get_target_name,
	.get_version = common_get_version,
	.get_status = common_get_status,
	.shutdown = common_shutdown,
	.startup = common_startup,
};

static void
demo_ping(void *ctx, struct xrl_error *err)
{
}

static void
demo_echo(void *ctx, struct xrl_error *err, const struct xrl_args *items,
    struct xrl_demo_v0p1_echo_out *out)
{
	if (xrl_args_copy(out->echoed, items) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "no memory");
}

static void
demo_add(void *ctx, struct xrl_error *err, int32_t a, int32_t b,
    struct xrl_demo_v0p1_add_out *out)
{
	out->sum = (int32_t)((uint32_t)a + (uint32_t)b);
}

static void
demo_greet(void *ctx, struct xrl_error *err, const char *name,
    struct xrl_demo_v0p1_greet_out *out)
{
	struct demo	*d = ctx;

	snprintf(d->greeting, sizeof(d->greeting), "Hello %s, I am %s", name,
	    xrl_target_instance(d->target));
	out->greeting = d->greeting;
}

static void
demo_fail(void *ctx, struct xrl_error *err, const char *reason)
{
	xrl_error_set(err, XRL_COMMAND_FAILED, "%s", reason);
}

/* Blocks the loop on purpose: tests use it to provoke reply timeouts. */
static void
demo_sleep(void *ctx, struct xrl_error *err, uint32_t ms)
{
	if (ms > 60000) {
		xrl_error_set(err, XRL_BAD_ARGS, "ms: at most 60000");
		return;
	}
	usleep(ms * 1000);
}

static const struct xrl_demo_v0p1 demo_impl = {
	.ping = demo_ping,
	.echo = demo_echo,
	.add = demo_add,
	.greet = demo_greet,
	.fail = demo_fail,
	.sleep = demo_sleep,
};

static void
observer_birth(void *ctx, struct xrl_error *err, const char *cls,
    const char *instance)
{
	printf("birth %s %s\n", cls, instance);
	fflush(stdout);
}

static void
observer_death(void *ctx, struct xrl_error *err, const char *cls,
    const char *instance)
{
	printf("death %s %s\n", cls, instance);
	fflush(stdout);
}

static const struct xrl_finder_event_observer_v0p1 observer_impl = {
	.xrl_target_birth = observer_birth,
	.xrl_target_death = observer_death,
};

static void
ready(struct xrl_router *r, void *arg)
{
	struct demo	*d = arg;
	int		 i;

	printf("ready");
	for (i = 0; i < DEMO_MAX_TARGETS && d[i].target; i++)
		printf(" %s", xrl_target_instance(d[i].target));
	printf("\n");
	fflush(stdout);
}

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: okapi-demo [-F host:port] [-c class]... "
	    "[-w class]... [-s] [-v] [-x unix|stcp]\n"
	    "                  [-P port] [-f file] [-n]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct xrl_router_opts	 ropts;
	struct evloop		 loop;
	struct xrl_router	*r;
	struct demo		 demo[DEMO_MAX_TARGETS];
	const char		*classes[DEMO_MAX_TARGETS], *watch[DEMO_MAX_TARGETS];
	struct vty_server_opts	 vopts;
	struct vty_server	*vs = NULL;
	struct demo_vty		*dv = NULL;
	const char		*config = NULL;
	char			 host[64], err[1024];
	uint64_t		 port = 0;
	int			 ch, i, j, nclass = 0, nwatch = 0;
	bool			 singleton = false, check = false;

	memset(&ropts, 0, sizeof(ropts));
	memset(demo, 0, sizeof(demo));
	while ((ch = getopt(argc, argv, "F:P:c:f:nsvw:x:")) != -1) {
		switch (ch) {
		case 'P':
			if (!strnum_u64(optarg, 65535, &port))
				usage();
			break;
		case 'f':
			config = optarg;
			break;
		case 'n':
			check = true;
			break;
		case 'F':
			if (sock_split_hostport(optarg, host, sizeof(host),
			    &ropts.finder_port) == -1)
				usage();
			ropts.finder_addr = host;
			break;
		case 'c':
			if (nclass == DEMO_MAX_TARGETS)
				usage();
			classes[nclass++] = optarg;
			break;
		case 's':
			singleton = true;
			break;
		case 'v':
			log_setverbose(log_getverbose() + 1);
			break;
		case 'x':
			if (strcmp(optarg, "unix") == 0)
				ropts.no_tcp = true;
			else if (strcmp(optarg, "stcp") == 0)
				ropts.unix_dir = "";
			else
				usage();
			break;
		case 'w':
			if (nwatch == DEMO_MAX_TARGETS)
				usage();
			watch[nwatch++] = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (nclass == 0)
		classes[nclass++] = "demo";
	log_init("okapi-demo", log_getverbose(), false);

	if (evloop_init(&loop) == -1)
		fatal("event loop");
	if (config || port || check) {
		memset(&vopts, 0, sizeof(vopts));
		vopts.daemon = "okapi-demo";
		vopts.tag = "DEMO";
		vopts.version = "0.1.0";
		vopts.port = (uint16_t)port;
		vopts.config_path = config;
		if ((dv = demo_vty_new()) == NULL ||
		    (vs = vty_server_new(loop.base, &vopts, dv)) == NULL ||
		    demo_vty_install(vs, dv) == -1)
			fatalx("cannot set up the vty");
		if (config && vty_server_load(vs, config, err,
		    sizeof(err)) == -1) {
			if (check) {
				fprintf(stderr, "%s\n", err);
				return 1;
			}
			fatalx("%s", err);
		}
		if (check) {
			printf("%s: configuration OK\n", config ? config :
			    "(no file)");
			return 0;
		}
		if (vty_server_listen(vs, err, sizeof(err)) == -1)
			fatalx("%s", err);
	}
	if ((r = xrl_router_new(loop.base, &ropts)) == NULL)
		fatal("xrl router");
	for (i = 0; i < nclass; i++) {
		struct xrl_dispatch *d;

		demo[i].loop = &loop;
		if ((demo[i].target = xrl_router_add_target(r, classes[i],
		    singleton)) == NULL)
			fatalx("cannot add target %s", classes[i]);
		d = xrl_target_dispatch(demo[i].target);
		if (xrl_common_v0p1_register(d, &common_impl, &demo[i]) == -1 ||
		    xrl_demo_v0p1_register(d, &demo_impl, &demo[i]) == -1 ||
		    xrl_finder_event_observer_v0p1_register(d, &observer_impl,
		    &demo[i]) == -1)
			fatalx("cannot register methods");
		for (j = 0; i == 0 && j < nwatch; j++)
			if (xrl_target_watch_class(demo[i].target,
			    watch[j]) == -1)
				fatalx("cannot watch %s", watch[j]);
	}
	/* Its VTY commands are callable over XRL too (cli/0.1, okapi-sh). */
	if (vs != NULL && vty_xrl_register(vs, demo[0].target) == -1)
		fatalx("cannot register cli/0.1");
	xrl_router_on_ready(r, ready, demo);
	if (xrl_router_start(r) == -1)
		fatal("xrl router start");
	evloop_run(&loop);
	xrl_router_free(r);
	vty_server_free(vs);
	demo_vty_free(dv);
	evloop_fini(&loop);
	return 0;
}

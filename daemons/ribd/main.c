/*
 * DOC: ribd - okapi's RIB, kernel FIB and interface manager (see ribd.h).
 *
 *   ribd [-dknv] [-A addr] [-F host:port|path] [-f file] [-H ms] [-K s]
 *        [-P port] [-R bytes] [-S path] [-T table]
 *
 * -f config file (FRRouting's zebra.conf syntax for what ribd supports;
 * default /etc/okapi/ribd.conf, used if present), -n check it and exit,
 * -P VTY port (2601; 0: none), -A VTY address (loopback unless given, and
 * then a password is required), -F the Finder, -k keep our routes in the
 * kernel at exit, -K keep the routes a previous ribd left for that many
 * seconds so that protocols can take them over, -H hold a dead protocol's
 * routes that many ms, -S also serve the VTY on a Unix socket (mode 0600,
 * for local tools, as FRR's zebra.vty), -T kernel table (254, main), -R
 * the netlink monitor's receive buffer (32 MB; tests make it tiny to
 * provoke the lost-events resync).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "ribd.h"
#include "strnum.h"
#include "vty_xrl.h"

#define RIBD_CONFIG	"/etc/okapi/ribd.conf"

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: ribd [-dknv] [-A addr] [-F host:port|path] "
	    "[-f file] [-H ms]\n            [-K seconds] [-P port] "
	    "[-R bytes] [-S path] [-T table]\n");
	exit(2);
}

static void
ready(struct xrl_router *r, void *arg)
{
	struct ribd	*rd = arg;

	log_info("ribd: ready as %s", xrl_target_instance(rd->t));
}

int
main(int argc, char *argv[])
{
	struct ribd		 rd;
	struct evloop		 loop;
	struct xrl_router_opts	 ropts;
	struct vty_server_opts	 vopts;
	const char		*config = NULL, *vaddr = NULL, *vsock = NULL;
	char			 host[64], err[1024];
	uint64_t		 v, port = RIBD_VTY_PORT;
	int			 rcvbuf = 0;
	int			 ch;
	bool			 check = false, debug = false, explicit = false;
	struct stat		 st;

	memset(&rd, 0, sizeof(rd));
	memset(&ropts, 0, sizeof(ropts));
	rd.opts.table = RT_TABLE_MAIN;
	while ((ch = getopt(argc, argv, "A:F:H:K:P:R:S:T:df:knv")) != -1) {
		switch (ch) {
		case 'A':
			vaddr = optarg;
			break;
		case 'F':
			if (xrl_router_opts_finder(&ropts, optarg, host,
			    sizeof(host)) == -1)
				usage();
			break;
		case 'H':
			if (!strnum_u64(optarg, 86400000, &v))
				usage();
			rd.opts.hold_ms = (uint32_t)v;
			break;
		case 'K':
			if (!strnum_u64(optarg, 86400, &v))
				usage();
			rd.opts.grace_s = (uint32_t)v;
			break;
		case 'P':
			if (!strnum_u64(optarg, 65535, &port))
				usage();
			break;
		case 'R':
			if (!strnum_u64(optarg, 1 << 30, &v) || v < 1024)
				usage();
			rcvbuf = (int)v;
			break;
		case 'S':
			vsock = optarg;
			break;
		case 'T':
			if (!strnum_u64(optarg, UINT32_MAX, &v) || v == 0)
				usage();
			rd.opts.table = (uint32_t)v;
			break;
		case 'd':
			debug = true;
			break;
		case 'f':
			config = optarg;
			explicit = true;
			break;
		case 'k':
			rd.opts.keep = true;
			break;
		case 'n':
			check = true;
			break;
		case 'v':
			log_setverbose(log_getverbose() + 1);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	(void)debug;	/* ribd always stays in the foreground */
	if (config == NULL && stat(RIBD_CONFIG, &st) == 0)
		config = RIBD_CONFIG;
	log_init("ribd", log_getverbose(), false);

	if (evloop_init(&loop) == -1)
		fatal("event loop");
	rd.loop = &loop;
	iftree_init(&rd.ifs);
	TAILQ_INIT(&rd.redists);
	TAILQ_INIT(&rd.statics);
	if ((rd.rib = rib_new(fib_change, &rd)) == NULL)
		fatal("rib");

	memset(&vopts, 0, sizeof(vopts));
	vopts.daemon = "ribd";
	vopts.tag = "ZEBRA";
	vopts.version = "0.1.0";
	vopts.port = (uint16_t)port;
	vopts.listen_addr = vaddr;
	vopts.config_path = config ? config : RIBD_CONFIG;
	if ((rd.vs = vty_server_new(loop.base, &vopts, &rd)) == NULL ||
	    ribd_vty_install(&rd) == -1)
		fatalx("cannot set up the vty");
	if (check) {
		int	 rc = 0;

		rd.check = true;
		if (config != NULL && vty_server_load(rd.vs, config, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "%s\n", err);
			rc = 1;
		} else
			printf("%s: configuration OK\n", config ? config :
			    "(no file)");
		vty_server_free(rd.vs);
		statics_fini(&rd);
		sysconf_fini(&rd);
		rib_del(rd.rib);
		iftree_clear(&rd.ifs);
		evloop_fini(&loop);
		return rc;
	}
	if (explicit && stat(config, &st) == -1 && errno != ENOENT)
		fatal("%s", config);

	/* The kernel first: statics in the config need the interfaces. */
	if (fib_init(&rd) == -1)
		fatal("netlink");
	if (rcvbuf != 0 && nl_monitor_set_rcvbuf(rd.mon, rcvbuf) == -1)
		fatal("netlink monitor buffer");
	if (config != NULL && stat(config, &st) == 0 &&
	    vty_server_load(rd.vs, config, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (port != 0 && vty_server_listen(rd.vs, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (vsock != NULL && vty_server_listen_unix(rd.vs, vsock, err,
	    sizeof(err)) == -1)
		fatalx("%s", err);

	if ((rd.r = xrl_router_new(loop.base, &ropts)) == NULL ||
	    (rd.t = xrl_router_add_target(rd.r, "rib", true)) == NULL)
		fatalx("xrl router");
	if (ribd_xrl_init(&rd) == -1 || vty_xrl_register(rd.vs, rd.t) == -1)
		fatalx("cannot register the XRL methods");
	xrl_router_on_ready(rd.r, ready, &rd);
	if (xrl_router_start(rd.r) == -1)
		fatal("xrl router start");
	log_info("ribd: %zu interfaces, %zu IPv4 and %zu IPv6 routes; VTY "
	    "on %s:%llu", (size_t)rd.ifs.n, rib_count(rd.rib, AF_INET, -1),
	    rib_count(rd.rib, AF_INET6, -1), vaddr ? vaddr : "127.0.0.1",
	    (unsigned long long)port);

	evloop_run(&loop);

	log_info("ribd: stopping (%s)", rd.opts.keep ?
	    "routes stay in the kernel" : "removing our routes");
	xrl_router_free(rd.r);
	rd.r = NULL;
	replicator_fini(&rd);
	redist_fini(&rd);
	ribd_xrl_fini(&rd);
	fib_fini(&rd);
	vty_server_free(rd.vs);
	statics_fini(&rd);
	sysconf_fini(&rd);
	rib_del(rd.rib);
	iftree_clear(&rd.ifs);
	evloop_fini(&loop);
	return 0;
}

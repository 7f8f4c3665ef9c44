/*
 * DOC: ospfd - okapi's OSPFv2 daemon (see ospfd.h).
 *
 *   ospfd [-dnv] [-A addr] [-F host:port|path] [-f file] [-P port]
 *
 * -f config file (FRRouting's ospfd.conf syntax; default
 * /etc/okapi/ospfd.conf, used if present), -n check it and exit, -P VTY
 * port (2604; 0: none), -A VTY address (loopback unless given, and then a
 * password is required), -F the Finder. Interfaces come from ribd, which
 * must run too; routes go to it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ifxrl.h"
#include "ospfd.h"
#include "strnum.h"
#include "vty.h"
#include "vty_xrl.h"

#define OSPFD_CONFIG	"/etc/okapi/ospfd.conf"

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: ospfd [-dnv] [-A addr] [-F host:port|path] "
	    "[-f file] [-P port]\n");
	exit(2);
}

static void
ready(struct xrl_router *r, void *arg)
{
	struct ospfd	*od = arg;

	(void)r;
	log_info("ospfd: ready as %s", xrl_target_instance(od->t));
	(void)ifmirror_register(od->mirror);
	route_rib_ready(od);
}

static void
tick(evutil_socket_t fd, short what, void *arg)
{
	struct ospfd	*od = arg;

	(void)fd;
	(void)what;
	aging_tick(od);
}

/*
 * A neighbour discards an instance arriving less than MinLSArrival after
 * the one before (RFC 2328 13 (5a)) and waits for a retransmission that
 * will never come: our flushes at exit go no sooner than that after our
 * last router- or network-LSA, or the neighbour keeps them until its dead
 * interval (and our router-LSA for an hour).
 */
static void
flush_wait(struct ospfd *od)
{
	struct ospf_area	*a;
	struct ospf_if		*oif;
	uint64_t		 last = 0, now = ospf_now_ms(), due;

	TAILQ_FOREACH(a, &od->areas, entry)
		if (a->rtr_lsa_last_ms > last)
			last = a->rtr_lsa_last_ms;
	TAILQ_FOREACH(oif, &od->ifs, entry)
		if (oif->net_lsa_last_ms > last)
			last = oif->net_lsa_last_ms;
	due = last + OSPF_MIN_LS_ARRIVAL * 1000 + 200;
	if (last != 0 && now < due)
		usleep((useconds_t)((due - now) * 1000));
}

int
main(int argc, char *argv[])
{
	struct ospfd		 od;
	struct evloop		 loop;
	struct xrl_router_opts	 ropts;
	struct vty_server_opts	 vopts;
	struct timeval		 one = { 1, 0 };
	const char		*config = NULL, *vaddr = NULL;
	char			 host[64], err[1024];
	uint64_t		 port = OSPFD_VTY_PORT;
	int			 ch;
	bool			 check = false, explicit = false;
	struct stat		 st;

	memset(&od, 0, sizeof(od));
	memset(&ropts, 0, sizeof(ropts));
	while ((ch = getopt(argc, argv, "A:F:P:df:nv")) != -1) {
		switch (ch) {
		case 'A':
			vaddr = optarg;
			break;
		case 'F':
			if (xrl_router_opts_finder(&ropts, optarg, host,
			    sizeof(host)) == -1)
				usage();
			break;
		case 'P':
			if (!strnum_u64(optarg, 65535, &port))
				usage();
			break;
		case 'd':
			break;	/* always in the foreground */
		case 'f':
			config = optarg;
			explicit = true;
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
	if (config == NULL && stat(OSPFD_CONFIG, &st) == 0)
		config = OSPFD_CONFIG;
	log_init("ospfd", log_getverbose(), false);

	if (evloop_init(&loop) == -1)
		fatal("event loop");
	od.loop = &loop;
	od.check = check;
	od.started = ospf_now();
	od.drop_log = (struct log_limit)LOG_LIMIT_INIT(1, 10);
	TAILQ_INIT(&od.areas);
	TAILQ_INIT(&od.ifs);
	buf_init(&od.txbuf);
	buf_init(&od.sigbuf);
	spf_result_init(&od.spf);
	spf_ext_attrs_init(&od.spf_attrs);
	conf_init(&od.conf);

	memset(&vopts, 0, sizeof(vopts));
	vopts.daemon = "ospfd";
	vopts.tag = "OSPF";
	vopts.version = "0.1.0";
	vopts.port = (uint16_t)port;
	vopts.listen_addr = vaddr;
	vopts.config_path = config ? config : OSPFD_CONFIG;
	if ((od.vs = vty_server_new(loop.base, &vopts, &od)) == NULL ||
	    conf_vty_install(&od) == -1 || ospfd_vty_install(&od) == -1 ||
	    stats_vty_install(&od) == -1 || reset_vty_install(&od) == -1)
		fatalx("cannot set up the vty");
	if (check) {
		int	 rc = 0;

		if (config != NULL && vty_server_load(od.vs, config, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "%s\n", err);
			rc = 1;
		} else
			printf("%s: configuration OK\n", config ? config :
			    "(no file)");
		vty_server_free(od.vs);
		conf_fini(&od.conf);
		evloop_fini(&loop);
		return rc;
	}
	if (explicit && stat(config, &st) == -1 && errno != ENOENT)
		fatal("%s", config);

	if ((od.r = xrl_router_new(loop.base, &ropts)) == NULL ||
	    (od.t = xrl_router_add_target(od.r, "ospfd", true)) == NULL)
		fatalx("xrl router");
	if (ospfd_xrl_init(&od) == -1 || vty_xrl_register(od.vs, od.t) == -1)
		fatalx("cannot register the XRL methods");
	if (config != NULL && stat(config, &st) == 0 &&
	    vty_server_load(od.vs, config, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (port != 0 && vty_server_listen(od.vs, err, sizeof(err)) == -1)
		fatalx("%s", err);
	xrl_router_on_ready(od.r, ready, &od);
	if (xrl_router_start(od.r) == -1)
		fatal("xrl router start");
	od.tick_ev = event_new(loop.base, -1, EV_PERSIST, tick, &od);
	if (od.tick_ev == NULL || event_add(od.tick_ev, &one) == -1)
		fatalx("timer");
	log_info("ospfd: VTY on %s:%llu", vaddr ? vaddr : "127.0.0.1",
	    (unsigned long long)port);

	evloop_run(&loop);

	log_info("ospfd: stopping, flushing our LSAs");
	flush_wait(&od);
	origin_flush_all(&od);
	event_free(od.tick_ev);
	iface_fini(&od);
	route_fini(&od);
	redist_fini(&od);
	abr_fini(&od);
	xrl_router_free(od.r);
	ifmirror_free(od.mirror);
	vty_server_free(od.vs);
	conf_fini(&od.conf);
	buf_free(&od.txbuf);
	buf_free(&od.sigbuf);
	evloop_fini(&loop);
	return 0;
}

/*
 * DOC: okapi-sh-fakevtyd - a daemon serving cli/0.1 (lib/vty/vty_xrl.c)
 * over the fake VTY of fake_vty.h, for the okapi-sh tests.
 *
 *   okapi-sh-fakevtyd -F host:port -c class
 *
 * Prints "ready" once registered with the Finder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "fake_vty.h"
#include "log.h"
#include "router.h"
#include "sock.h"
#include "vty_xrl.h"

static void
ready(struct xrl_router *r, void *arg)
{
	printf("ready\n");
	fflush(stdout);
}

int
main(int argc, char *argv[])
{
	struct xrl_router_opts	 ropts;
	struct evloop		 loop;
	struct xrl_router	*r;
	struct xrl_target	*t;
	struct vty_server	*vs;
	const char		*cls = "fake";
	char			 host[64];
	int			 ch;

	memset(&ropts, 0, sizeof(ropts));
	while ((ch = getopt(argc, argv, "F:c:")) != -1) {
		switch (ch) {
		case 'F':
			if (sock_split_hostport(optarg, host, sizeof(host),
			    &ropts.finder_port) == -1)
				return 2;
			ropts.finder_addr = host;
			break;
		case 'c':
			cls = optarg;
			break;
		default:
			fprintf(stderr, "usage: okapi-sh-fakevtyd -F host:port "
			    "-c class\n");
			return 2;
		}
	}
	log_init("okapi-sh-fakevtyd", 0, false);
	if (evloop_init(&loop) == -1)
		fatal("event loop");
	if ((vs = fake_vty_new(cls)) == NULL ||
	    (r = xrl_router_new(loop.base, &ropts)) == NULL ||
	    (t = xrl_router_add_target(r, cls, false)) == NULL ||
	    vty_xrl_register(vs, t) == -1)
		fatalx("cannot set up");
	xrl_router_on_ready(r, ready, NULL);
	if (xrl_router_start(r) == -1)
		fatal("xrl router start");
	evloop_run(&loop);
	xrl_router_free(r);
	fake_vty_free(vs);
	evloop_fini(&loop);
	return 0;
}

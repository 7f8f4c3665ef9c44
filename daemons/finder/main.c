/*
 * DOC: okapi-finder's entry point: options, listeners, the event loop.
 * The Finder binds to loopback unless told otherwise twice (-l and -A),
 * because anyone who reaches it can register targets and redirect XRLs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "finder.h"
#include "finder_msg.h"
#include "strnum.h"

#define MAX_LISTEN	8

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr,
	    "usage: okapi-finder [-Adv]  [-a host] [-H hello_s] [-l addr] "
	    "[-n net]\n"
	    "                    [-p port] [-T timeout_s] [-u path]\n"
	    "  -p port     TCP port (default %u)\n"
	    "  -l addr     listen on addr instead of 127.0.0.1 (repeatable)\n"
	    "  -A          allow -l with a non-loopback address\n"
	    "  -u path     also listen on a Unix socket\n"
	    "  -a host     permit a host (IPv4 or IPv6 literal; repeatable)\n"
	    "  -n net      permit a network (prefix; repeatable)\n"
	    "  -H secs     hello interval (default %u)\n"
	    "  -T secs     timeout for calls to clients (default %u)\n"
	    "  -d          debug: log to stderr (always in the foreground)\n"
	    "  -v          verbose\n"
	    "FINDERTRACE=1 in the environment logs every Finder method.\n",
	    FINDER_DEFAULT_PORT, FINDER_HELLO_MS / 1000,
	    FINDER_TIMEOUT_MS / 1000);
	exit(1);
}

static bool
is_loopback(const char *addr)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;

	if (addr4_parse(addr, &a4))
		return addr4_is_loopback(&a4);
	if (addr6_parse(addr, &a6))
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

static uint32_t
seconds_ms(const char *s, const char *what)
{
	uint64_t	 v;

	if (!strnum_u64(s, 86400, &v) || v == 0) {
		fprintf(stderr, "okapi-finder: bad %s \"%s\": want 1-86400 "
		    "seconds\n", what, s);
		exit(1);
	}
	return (uint32_t)v * 1000;
}

int
main(int argc, char *argv[])
{
	struct evloop		 loop;
	struct finder_opts	 opts;
	struct finder		*f;
	struct listener		*ls[MAX_LISTEN + 1];
	const char		*addrs[MAX_LISTEN];
	const char		*hosts[64], *nets[64];
	const char		*upath = NULL, *trace;
	unsigned		 naddrs = 0, nhosts = 0, nnets = 0, nls = 0, i;
	uint64_t		 port = FINDER_DEFAULT_PORT;
	bool			 debug = false, allow_remote = false;
	int			 verbose = 0, ch;

	memset(&opts, 0, sizeof(opts));
	opts.hello_ms = FINDER_HELLO_MS;
	opts.timeout_ms = FINDER_TIMEOUT_MS;
	while ((ch = getopt(argc, argv, "Aa:dH:hl:n:p:T:u:v")) != -1) {
		switch (ch) {
		case 'A':
			allow_remote = true;
			break;
		case 'a':
			if (nhosts == sizeof(hosts) / sizeof(hosts[0]))
				usage();
			hosts[nhosts++] = optarg;
			break;
		case 'd':
			debug = true;
			break;
		case 'H':
			opts.hello_ms = seconds_ms(optarg, "hello interval");
			break;
		case 'l':
			if (naddrs == MAX_LISTEN)
				usage();
			addrs[naddrs++] = optarg;
			break;
		case 'n':
			if (nnets == sizeof(nets) / sizeof(nets[0]))
				usage();
			nets[nnets++] = optarg;
			break;
		case 'p':
			if (!strnum_u64(optarg, 65535, &port) || port == 0) {
				fprintf(stderr, "okapi-finder: bad port "
				    "\"%s\"\n", optarg);
				return 1;
			}
			break;
		case 'T':
			opts.timeout_ms = seconds_ms(optarg, "timeout");
			break;
		case 'u':
			upath = optarg;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (naddrs == 0)
		addrs[naddrs++] = "127.0.0.1";
	for (i = 0; i < naddrs; i++) {
		if (!addr4_parse(addrs[i], &(struct in_addr){ 0 }) &&
		    !addr6_parse(addrs[i], &(struct in6_addr){ { { 0 } } })) {
			fprintf(stderr, "okapi-finder: -l %s: not an IPv4 or "
			    "IPv6 address\n", addrs[i]);
			return 1;
		}
		if (!is_loopback(addrs[i]) && !allow_remote) {
			fprintf(stderr, "okapi-finder: refusing to listen on "
			    "non-loopback %s without -A\n", addrs[i]);
			return 1;
		}
	}
	trace = getenv("FINDERTRACE");
	opts.trace = trace != NULL && *trace != '\0' && strcmp(trace, "0");

	log_init("okapi-finder", verbose, !debug);
	if (evloop_init(&loop) == -1)
		fatalx("cannot create the event loop");
	if ((f = finder_new(loop.base, &opts)) == NULL ||
	    xrl_target_init(f) == -1)
		fatalx("out of memory");
	for (i = 0; i < nhosts; i++)
		if (permit_add_host(&f->permit, hosts[i]) == -1)
			fatalx("-a %s: not an IPv4 or IPv6 address", hosts[i]);
	for (i = 0; i < nnets; i++)
		if (permit_add_net(&f->permit, nets[i]) == -1)
			fatalx("-n %s: not an IPv4 or IPv6 prefix", nets[i]);
	for (i = 0; i < naddrs; i++)
		if ((ls[nls++] = listener_tcp(f, addrs[i],
		    (uint16_t)port)) == NULL)
			fatal("listen on %s port %u", addrs[i],
			    (unsigned)port);
	if (upath != NULL && (ls[nls++] = listener_unix(f, upath)) == NULL)
		fatal("listen on %s", upath);
	log_info("okapi-finder ready (hello %us, timeout %us%s)",
	    opts.hello_ms / 1000, opts.timeout_ms / 1000,
	    opts.trace ? ", tracing" : "");

	evloop_run(&loop);

	if (loop.signo)
		log_info("okapi-finder: signal %d, exiting", loop.signo);
	else
		log_info("okapi-finder: exiting");
	for (i = 0; i < nls; i++)
		listener_free(ls[i]);
	finder_free(f);
	evloop_fini(&loop);
	return 0;
}

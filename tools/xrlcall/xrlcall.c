/*
 * DOC: xrlcall - call any XRL from a shell.
 *
 *   xrlcall [-F host:port] [-r retries] [-w ms] [-t ms] XRL...
 *   xrlcall [-F host:port] --targets
 *   xrlcall [-F host:port] --xrls TARGET
 *   xrlcall ... -f FILE        (one XRL per line, '#' comments)
 *
 * Prints each reply's atoms in XRL text on one line (an empty line for no
 * atoms). On failure prints "xrlcall: NAME: <code> <message> <note>" on
 * stderr and exits 1; usage errors exit 2. Retries (-r) apply to the errors
 * a starting system gives (no Finder yet, target not registered yet).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "log.h"
#include "router.h"
#include "strnum.h"
#include "xrl.h"

struct opts {
	struct xrl_router_opts	 ropts;
	char			 host[64];
	unsigned		 retries;
	unsigned		 wait_ms;
};

static const char *
code_name(uint32_t code)
{
	switch (code) {
	case XRL_OKAY:			return "OKAY";
	case XRL_BAD_ARGS:		return "BAD_ARGS";
	case XRL_COMMAND_FAILED:	return "COMMAND_FAILED";
	case XRL_NO_FINDER:		return "NO_FINDER";
	case XRL_RESOLVE_FAILED:	return "RESOLVE_FAILED";
	case XRL_NO_SUCH_METHOD:	return "NO_SUCH_METHOD";
	case XRL_SEND_FAILED:		return "SEND_FAILED";
	case XRL_REPLY_TIMED_OUT:	return "REPLY_TIMED_OUT";
	case XRL_SEND_FAILED_TRANSIENT:	return "SEND_FAILED_TRANSIENT";
	default:			return "INTERNAL_ERROR";
	}
}

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: xrlcall [-F host:port] [-r retries] [-w ms] "
	    "[-t ms] [-f file] XRL...\n"
	    "       xrlcall [-F host:port] --targets | --xrls TARGET\n");
	exit(2);
}

static bool
retryable(uint32_t code)
{
	return code == XRL_NO_FINDER || code == XRL_RESOLVE_FAILED ||
	    code == XRL_SEND_FAILED;
}

/* Call one XRL text; print the reply. Returns the reply code. */
static uint32_t
call_text(struct xrl_router *r, const struct opts *o, const char *text,
    struct xrl_args *reply)
{
	struct xrl		 x;
	struct xrl_error	 err;
	struct buf		 out = BUF_INIT;
	char			 ebuf[XRL_ERRBUF], line[XRL_NOTE_MAX + 64];
	unsigned		 attempt;

	xrl_init(&x);
	if (xrl_parse(&x, text, strlen(text), ebuf, sizeof(ebuf)) == -1) {
		fprintf(stderr, "xrlcall: bad XRL: %s\n", ebuf);
		exit(2);
	}
	for (attempt = 0;; attempt++) {
		xrl_args_clear(reply);
		if (xrl_router_call(r, &x, reply, &err) == XRL_OKAY)
			break;
		if (attempt >= o->retries || !retryable(err.code))
			break;
		usleep(o->wait_ms * 1000);
		(void)xrl_router_wait_ready(r, o->wait_ms);
	}
	xrl_clear(&x);
	if (err.code != XRL_OKAY) {
		fprintf(stderr, "xrlcall: %s: %s\n", code_name(err.code),
		    xrl_error_print(&err, line, sizeof(line)));
		return err.code;
	}
	if (reply != NULL && xrl_args_print(reply, &out) && buf_cstr(&out))
		printf("%s\n", (char *)out.data);
	else
		printf("\n");
	buf_free(&out);
	return XRL_OKAY;
}

/* Print the txt items of a list reply, one per line. */
static uint32_t
call_list(struct xrl_router *r, const struct opts *o, const char *text)
{
	struct xrl_args		 reply = XRL_ARGS_INIT;
	struct xrl		 x;
	struct xrl_error	 err;
	char			 line[XRL_NOTE_MAX + 64];
	uint32_t		 i, code;

	xrl_init(&x);
	if (xrl_parse(&x, text, strlen(text), NULL, 0) == -1)
		return XRL_INTERNAL_ERROR;
	code = xrl_router_call(r, &x, &reply, &err);
	xrl_clear(&x);
	if (code != XRL_OKAY) {
		fprintf(stderr, "xrlcall: %s: %s\n", code_name(err.code),
		    xrl_error_print(&err, line, sizeof(line)));
		return code;
	}
	if (reply.count == 1 && reply.atoms[0].type == XRL_TYPE_LIST) {
		const struct xrl_args *l = reply.atoms[0].v.list;

		for (i = 0; i < l->count; i++)
			if (l->atoms[i].type == XRL_TYPE_TXT)
				printf("%s\n", (char *)l->atoms[i].v.bytes.p);
	}
	xrl_args_clear(&reply);
	(void)o;
	return XRL_OKAY;
}

static int
run_file(struct xrl_router *r, const struct opts *o, const char *path)
{
	FILE		*f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	struct xrl_args	 reply = XRL_ARGS_INIT;
	char		*line = NULL, *s;
	size_t		 cap = 0;
	ssize_t		 n;
	int		 rc = 0;

	if (f == NULL) {
		fprintf(stderr, "xrlcall: %s: %s\n", path, strerror(errno));
		return 2;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		    line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		for (s = line; *s == ' ' || *s == '\t'; s++)
			;
		if (*s == '\0' || *s == '#')
			continue;
		if (call_text(r, o, s, &reply) != XRL_OKAY)
			rc = 1;
	}
	xrl_args_clear(&reply);
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "targets", no_argument, NULL, 'T' },
		{ "xrls", required_argument, NULL, 'X' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts		 o;
	struct evloop		 loop;
	struct xrl_router	*r;
	struct xrl_args		 reply = XRL_ARGS_INIT;
	const char		*file = NULL, *xrls = NULL;
	bool			 targets = false;
	uint64_t		 v;
	int			 ch, i, rc = 0;

	memset(&o, 0, sizeof(o));
	o.wait_ms = 200;
	log_init("xrlcall", 0, false);
	while ((ch = getopt_long(argc, argv, "F:f:r:t:vw:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'F':
			if (xrl_router_opts_finder(&o.ropts, optarg, o.host,
			    sizeof(o.host)) == -1)
				usage();
			break;
		case 'f':
			file = optarg;
			break;
		case 'r':
			if (!strnum_u64(optarg, 100000, &v))
				usage();
			o.retries = (unsigned)v;
			break;
		case 't':
			if (!strnum_u64(optarg, 3600000, &v) || v == 0)
				usage();
			o.ropts.timeout_ms = (uint32_t)v;
			break;
		case 'v':
			log_setverbose(log_getverbose() + 1);
			break;
		case 'w':
			if (!strnum_u64(optarg, 60000, &v))
				usage();
			o.wait_ms = (unsigned)v;
			break;
		case 'T':
			targets = true;
			break;
		case 'X':
			xrls = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 && file == NULL && !targets && xrls == NULL)
		usage();

	for (i = 0; i < argc; i++) {
		struct xrl	 x;
		char		 ebuf[XRL_ERRBUF];

		xrl_init(&x);
		if (xrl_parse(&x, argv[i], strlen(argv[i]), ebuf,
		    sizeof(ebuf)) == -1) {
			fprintf(stderr, "xrlcall: bad XRL: %s\n", ebuf);
			return 2;
		}
		xrl_clear(&x);
	}

	if (evloop_init(&loop) == -1)
		fatal("event loop");
	/*
	 * A pure client: no listeners, and calls wait only for the first
	 * connection attempt to the Finder, so a missing Finder is reported
	 * at once as NO_FINDER.
	 */
	o.ropts.unix_dir = "";
	o.ropts.no_tcp = true;
	if ((r = xrl_router_new(loop.base, &o.ropts)) == NULL ||
	    xrl_router_start(r) == -1)
		fatal("xrl router");

	if (targets && call_list(r, &o,
	    "finder://finder/finder/0.2/get_xrl_targets") != XRL_OKAY)
		rc = 1;
	if (xrls != NULL) {
		struct xrl	 x;
		struct buf	 b = BUF_INIT;

		xrl_init(&x);
		if (xrl_set(&x, "finder", "finder",
		    "finder/0.2/get_xrls_registered_by") == -1 ||
		    xrl_args_add_txt(&x.args, "target_name", xrls) == -1 ||
		    !xrl_print(&x, &b) || buf_cstr(&b) == NULL)
			fatalx("no memory");
		if (call_list(r, &o, (char *)b.data) != XRL_OKAY)
			rc = 1;
		xrl_clear(&x);
		buf_free(&b);
	}
	if (file != NULL && run_file(r, &o, file) != 0)
		rc = 1;
	for (i = 0; i < argc; i++)
		if (call_text(r, &o, argv[i], &reply) != XRL_OKAY)
			rc = 1;
	xrl_args_clear(&reply);
	xrl_router_free(r);
	evloop_fini(&loop);
	return rc;
}

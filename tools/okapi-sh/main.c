/*
 * DOC: okapi-sh - the integrated shell: one command line for every okapi
 * daemon, as vtysh is for FRRouting. See docs/okapi-sh.md.
 *
 *   okapi-sh [-F host:port|path] [-d daemon]... [-c command]... [-v]
 *
 * With -c, runs the commands in order (a command may hold several
 * '\n'-separated lines) and exits 1 if any failed; without, reads lines
 * from the terminal (libedit) or, when stdin is not one, from stdin.
 * Exits 1 when the Finder cannot be reached, 2 on usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "log.h"
#include "okapi_sh.h"
#include "router.h"
#include "strnum.h"

#define SH_MAX_COMMANDS	256

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: okapi-sh [-F host:port] [-d daemon]... "
	    "[-c command]... [-t ms] [-v]\n");
	exit(2);
}

/* Each '\n'-separated line of text in turn; false if any failed. */
static bool
run_lines(struct sh *sh, const char *text)
{
	char	*copy, *s, *e;
	bool	 ok = true;

	if ((copy = strdup(text)) == NULL)
		return false;
	for (s = copy; s != NULL && !sh->quit; s = e) {
		if ((e = strchr(s, '\n')) != NULL)
			*e++ = '\0';
		if (!sh_run(sh, s))
			ok = false;
	}
	free(copy);
	return ok;
}

static int
run_stdin(struct sh *sh)
{
	char	*line = NULL;
	size_t	 cap = 0;
	int	 rc = 0;

	while (!sh->quit && getline(&line, &cap, stdin) != -1) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!sh_run(sh, line))
			rc = 1;
	}
	free(line);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct xrl_router_opts	 ropts;
	struct evloop		 loop;
	struct sh		 sh;
	const char		*cmds[SH_MAX_COMMANDS];
	char			 host[64];
	uint64_t		 v;
	unsigned		 ncmds = 0, i;
	int			 ch, rc = 0;

	memset(&ropts, 0, sizeof(ropts));
	memset(&sh, 0, sizeof(sh));
	while ((ch = getopt(argc, argv, "F:c:d:t:v")) != -1) {
		switch (ch) {
		case 'F':
			if (xrl_router_opts_finder(&ropts, optarg, host,
			    sizeof(host)) == -1)
				usage();
			break;
		case 'c':
			if (ncmds == SH_MAX_COMMANDS)
				usage();
			cmds[ncmds++] = optarg;
			break;
		case 'd':
			if (sh.nonly == SH_MAX_ONLY)
				usage();
			sh.only[sh.nonly++] = optarg;
			break;
		case 't':
			if (!strnum_u64(optarg, 3600000, &v) || v == 0)
				usage();
			ropts.timeout_ms = (uint32_t)v;
			break;
		case 'v':
			sh.verbose = true;
			log_setverbose(log_getverbose() + 1);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_init("okapi-sh", log_getverbose(), false);

	if (evloop_init(&loop) == -1)
		fatal("event loop");
	/* A pure client, as xrlcall: no listeners, and a missing Finder is
	 * reported at once. */
	ropts.unix_dir = "";
	ropts.no_tcp = true;
	if ((sh.r = xrl_router_new(loop.base, &ropts)) == NULL ||
	    xrl_router_start(sh.r) == -1)
		fatal("xrl router");
	if (sh_discover(&sh) == -1) {
		xrl_router_free(sh.r);
		evloop_fini(&loop);
		return 1;
	}
	sh_init(&sh);

	if (ncmds > 0) {
		for (i = 0; i < ncmds && !sh.quit; i++)
			if (!run_lines(&sh, cmds[i]))
				rc = 1;
	} else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		rc = sh_interactive(&sh);
	else
		rc = run_stdin(&sh);

	sh_fini(&sh);
	xrl_router_free(sh.r);
	evloop_fini(&loop);
	return rc;
}

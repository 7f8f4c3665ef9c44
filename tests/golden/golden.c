/*
 * DOC: configuration round trips. For each cases/NAME.conf: load it into a
 * fresh server with the example daemon's commands; if NAME.err exists the
 * load must fail with exactly that message (the directory stripped from
 * the path), otherwise "show running-config" must print NAME.out, and
 * loading that output into another fresh server must print it again.
 *
 *   golden CASES-DIR
 */
#include <dirent.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo_vty.h"
#include "vty.h"

struct inst {
	struct event_base	*base;
	struct demo_vty		*dv;
	struct vty_server	*srv;
};

static int
inst_new(struct inst *in)
{
	struct vty_server_opts	 o;

	memset(&o, 0, sizeof(o));
	o.daemon = "demo";
	o.tag = "DEMO";
	in->base = event_base_new();
	in->dv = demo_vty_new();
	if (in->base == NULL || in->dv == NULL ||
	    (in->srv = vty_server_new(in->base, &o, in->dv)) == NULL ||
	    demo_vty_install(in->srv, in->dv) == -1)
		return -1;
	return 0;
}

static void
inst_free(struct inst *in)
{
	vty_server_free(in->srv);
	demo_vty_free(in->dv);
	event_base_free(in->base);
}

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*s;
	long	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if ((s = calloc(1, (size_t)n + 1)) != NULL &&
	    fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* Load path into a fresh instance and print its running configuration. */
static int
run_case(const char *path, struct buf *out, char *err, size_t errlen)
{
	struct inst	 in;
	int		 rc;

	if (inst_new(&in) == -1) {
		snprintf(err, errlen, "no memory");
		return -1;
	}
	if ((rc = vty_server_load(in.srv, path, err, errlen)) == 0)
		rc = vty_execute(in.srv, "show running-config", out) ==
		    CMD_SUCCESS ? 0 : -1;
	inst_free(&in);
	return rc;
}

static int
check(const char *dir, const char *name)
{
	struct buf	 out = BUF_INIT, again = BUF_INIT;
	char		 conf[1024], exp[1024], errf[1024], tmp[] =
			    "/tmp/golden.XXXXXX";
	char		 err[1024], *want, *p;
	int		 fd, bad = 0;
	size_t		 skip;

	snprintf(conf, sizeof(conf), "%s/%s.conf", dir, name);
	snprintf(exp, sizeof(exp), "%s/%s.out", dir, name);
	snprintf(errf, sizeof(errf), "%s/%s.err", dir, name);
	if ((want = slurp(errf)) != NULL) {
		if (run_case(conf, &out, err, sizeof(err)) == 0) {
			printf("FAIL %s: loaded, expected an error\n", name);
			bad = 1;
		} else {
			skip = strlen(dir) + 1;
			if ((p = strchr(want, '\n')) != NULL)
				*p = '\0';
			if (strcmp(err + skip, want) != 0) {
				printf("FAIL %s: error\n  got:  %s\n  want: %s\n",
				    name, err + skip, want);
				bad = 1;
			}
		}
		goto done;
	}
	if ((want = slurp(exp)) == NULL) {
		printf("FAIL %s: no %s\n", name, exp);
		return 1;
	}
	if (run_case(conf, &out, err, sizeof(err)) == -1) {
		printf("FAIL %s: %s\n", name, err);
		bad = 1;
		goto done;
	}
	if (strcmp(buf_cstr(&out), want) != 0) {
		printf("FAIL %s: show running-config differs\n--- got\n%s"
		    "--- want\n%s", name, buf_cstr(&out), want);
		bad = 1;
		goto done;
	}
	/* The output after the header is a configuration. */
	p = strstr(buf_cstr(&out), "Current configuration:\n");
	p = p ? p + 23 : buf_cstr(&out);
	if ((fd = mkstemp(tmp)) == -1 ||
	    write(fd, p, strlen(p)) != (ssize_t)strlen(p)) {
		printf("FAIL %s: temp file\n", name);
		bad = 1;
		goto done;
	}
	close(fd);
	if (run_case(tmp, &again, err, sizeof(err)) == -1 ||
	    strcmp(buf_cstr(&again), want) != 0) {
		printf("FAIL %s: round trip\n%s\n%s", name, err,
		    buf_cstr(&again));
		bad = 1;
	}
	unlink(tmp);
done:
	if (!bad)
		printf("ok   %s\n", name);
	free(want);
	buf_free(&out);
	buf_free(&again);
	return bad;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_conf(const struct dirent *d)
{
	size_t	 n = strlen(d->d_name);

	return n > 5 && strcmp(d->d_name + n - 5, ".conf") == 0;
}

int
main(int argc, char *argv[])
{
	struct dirent	**ents;
	char		  name[256];
	int		  n, i, bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: golden CASES-DIR\n");
		return 2;
	}
	if ((n = scandir(argv[1], &ents, is_conf, by_name)) <= 0) {
		fprintf(stderr, "golden: no cases in %s\n", argv[1]);
		return 1;
	}
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%.*s",
		    (int)strlen(ents[i]->d_name) - 5, ents[i]->d_name);
		bad += check(argv[1], name);
		free(ents[i]);
	}
	free(ents);
	printf("%d of %d cases failed\n", bad, n);
	return bad ? 1 : 0;
}

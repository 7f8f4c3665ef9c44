/*
 * Integration: okapi-sh and cli/0.1 with a real Finder and two fake VTY
 * daemons ("alpha", "beta": fake_vty.h) as separate processes on a free
 * loopback port; then okapi-sh with a Finder and no daemon, with no
 * Finder, and against okapi-demo when it serves cli/0.1. Steps run in
 * order and share one world (the daemons keep their configuration).
 *
 *   test_okapi_sh OKAPI_FINDER OKAPI_SH FAKEVTYD OKAPI_DEMO
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "evloop.h"
#include "log.h"
#include "router.h"
#include "xrl.h"

#include "cli_xif.h"
#include "okapi_sh.h"
#include "proc.h"
#include "vty_xrl.h"

#define DEADLINE_MS	10000
#define MAX_ARGS	32

static struct world {
	const char		*finder_bin, *sh_bin, *fake_bin, *demo_bin;
	char			 dir[64];
	char			 fport[32];	/* "127.0.0.1:port" */
	pid_t			 finder;
	struct evloop		 loop;
	struct xrl_router	*r;
} w;

struct result {
	int		 rc;
	char		*out;
	size_t		 outlen;
	char		*err;
};

static void
result_free(struct result *res)
{
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "r");
	char	*p = NULL;
	size_t	 cap = 0, n = 0, got;

	if (f == NULL)
		return strdup("");
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			if ((p = realloc(p, cap + 1)) == NULL)
				abort();
		}
		if ((got = fread(p + n, 1, cap - n, f)) == 0)
			break;
		n += got;
	}
	fclose(f);
	p[n] = '\0';
	if (len != NULL)
		*len = n;
	return p;
}

/*
 * Run okapi-sh with -F port and args (NULL-terminated), stdin from the
 * file in_path (or /dev/null), stdout and stderr captured.
 */
static void
run_sh_in(struct result *res, const char *port, const char *in_path, ...)
{
	char		*argv[MAX_ARGS], out[128], err[128];
	const char	*a;
	va_list		 ap;
	int		 argc = 0, status, fd;
	pid_t		 pid;

	memset(res, 0, sizeof(*res));
	argv[argc++] = (char *)w.sh_bin;
	argv[argc++] = "-F";
	argv[argc++] = (char *)port;
	va_start(ap, in_path);
	while ((a = va_arg(ap, const char *)) != NULL && argc < MAX_ARGS - 1)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	snprintf(out, sizeof(out), "%s/sh.out", w.dir);
	snprintf(err, sizeof(err), "%s/sh.err", w.dir);
	fflush(NULL);
	if ((pid = fork()) == -1)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		if ((fd = open(in_path ? in_path : "/dev/null", O_RDONLY)) !=
		    -1)
			dup2(fd, 0);
		if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644)) != -1)
			dup2(fd, 1);
		if ((fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644)) != -1)
			dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1)
		fail_msg("waitpid: %s", strerror(errno));
	res->rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	res->out = slurp(out, &res->outlen);
	res->err = slurp(err, NULL);
}

#define run_sh(res, ...)	run_sh_in(res, w.fport, NULL, __VA_ARGS__, \
				    (const char *)NULL)

static void
expect(struct result *res, int rc, const char *out)
{
	if (res->rc != rc || strcmp(res->out, out) != 0)
		print_error("rc %d (want %d)\nstdout:\n%s\nwant:\n%s\n"
		    "stderr:\n%s\n", res->rc, rc, res->out, out, res->err);
	assert_int_equal(res->rc, rc);
	assert_string_equal(res->out, out);
}

static pid_t
start_fake(const char *cls)
{
	char	 log[128];
	char	*argv[] = { (char *)w.fake_bin, "-F", w.fport, "-c",
		    (char *)cls, NULL };

	snprintf(log, sizeof(log), "%s/%s.log", w.dir, cls);
	return proc_start(log, argv);
}

/* Until okapi-sh lists every class in want (NULL-terminated). */
static bool
wait_daemons(const char *port, const char *const *want, unsigned ms)
{
	struct result	 res;
	uint64_t	 end = proc_now_us() + ms * 1000ull;
	unsigned	 i;
	bool		 all = false;

	while (!all && proc_now_us() < end) {
		run_sh_in(&res, port, NULL, "-c", "show daemons",
		    (const char *)NULL);
		for (all = true, i = 0; want[i] != NULL; i++)
			if (strstr(res.out, want[i]) == NULL)
				all = false;
		result_free(&res);
		if (!all)
			usleep(50000);
	}
	return all;
}

/*
 * Until the fake daemon of class cls said "ready" in its log: its target
 * is enabled in the Finder then. "show daemons" lists a target as soon
 * as it is registered, a moment before it is enabled and resolvable.
 */
static bool
wait_fake_ready(const char *cls, unsigned ms)
{
	uint64_t	 end = proc_now_us() + ms * 1000ull;
	char		 path[160], buf[256];
	FILE		*f;
	bool		 ready = false;

	snprintf(path, sizeof(path), "%s/%s.log", w.dir, cls);
	while (!ready && proc_now_us() < end) {
		if ((f = fopen(path, "r")) != NULL) {
			while (!ready && fgets(buf, sizeof(buf), f) != NULL)
				ready = strcmp(buf, "ready\n") == 0;
			fclose(f);
		}
		if (!ready)
			usleep(20000);
	}
	return ready;
}

static int
setup(void **state)
{
	static const char *const both[] = { "alpha ", "beta ", NULL };
	char	 log[128];
	char	*fargv[] = { (char *)w.finder_bin, "-d", "-p", NULL, NULL };
	char	 port[16];
	struct xrl_router_opts ropts;
	static char host[] = "127.0.0.1";

	snprintf(w.dir, sizeof(w.dir), "/tmp/okapi-sh-test.XXXXXX");
	if (mkdtemp(w.dir) == NULL)
		return -1;
	snprintf(port, sizeof(port), "%u", proc_free_port());
	snprintf(w.fport, sizeof(w.fport), "127.0.0.1:%s", port);
	fargv[3] = port;
	snprintf(log, sizeof(log), "%s/finder.log", w.dir);
	if ((w.finder = proc_start(log, fargv)) == -1)
		return -1;
	if (start_fake("alpha") == -1 || start_fake("beta") == -1)
		return -1;
	if (!wait_fake_ready("alpha", DEADLINE_MS) ||
	    !wait_fake_ready("beta", DEADLINE_MS) ||
	    !wait_daemons(w.fport, both, DEADLINE_MS)) {
		fprintf(stderr, "daemons did not register; logs in %s\n",
		    w.dir);
		return -1;
	}
	log_init("test_okapi_sh", 0, false);
	if (evloop_init(&w.loop) == -1)
		return -1;
	memset(&ropts, 0, sizeof(ropts));
	ropts.finder_addr = host;
	ropts.finder_port = (uint16_t)atoi(port);
	ropts.unix_dir = "";
	ropts.no_tcp = true;
	if ((w.r = xrl_router_new(w.loop.base, &ropts)) == NULL ||
	    xrl_router_start(w.r) == -1)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[256];

	if (w.r != NULL)
		xrl_router_free(w.r);
	evloop_fini(&w.loop);
	proc_kill_all();
	/* The daemons' logs go to stderr, which meson shows on failure. */
	snprintf(cmd, sizeof(cmd), "for f in %s/*.log; do echo \"== $f\"; "
	    "cat \"$f\"; done >&2; rm -rf %s", w.dir, w.dir);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

/* Call an XRL given as text; the reply's atoms in *reply. */
static uint32_t
call(const char *text, struct xrl_args *reply)
{
	struct xrl		 x;
	struct xrl_error	 err;
	char			 ebuf[XRL_ERRBUF];
	uint32_t		 code;

	xrl_init(&x);
	if (xrl_parse(&x, text, strlen(text), ebuf, sizeof(ebuf)) == -1)
		fail_msg("bad XRL %s: %s", text, ebuf);
	code = xrl_router_call(w.r, &x, reply, &err);
	xrl_clear(&x);
	return code;
}

static const char *
reply_txt(const struct xrl_args *reply, const char *name)
{
	const struct xrl_atom	*a = xrl_args_find(reply, name);

	assert_non_null(a);
	assert_int_equal(a->type, XRL_TYPE_TXT);
	return a->v.bytes.p != NULL ? (const char *)a->v.bytes.p : "";
}

static int64_t
reply_num(const struct xrl_args *reply, const char *name)
{
	const struct xrl_atom	*a = xrl_args_find(reply, name);

	assert_non_null(a);
	if (a->type == XRL_TYPE_U32)
		return a->v.u32;
	assert_int_equal(a->type, XRL_TYPE_I32);
	return a->v.i32;
}

/* vty_xrl.c's hand-written table is cli.xif's, as xifgen reads it. */
static void
test_signatures(void **state)
{
	const struct xrl_method	*mine;
	unsigned		 n, i, j;

	mine = vty_xrl_methods(&n);
	assert_int_equal(n, XRL_CLI_V0P1_NMETHODS);
	for (i = 0; i < n; i++) {
		const struct xrl_method *gen = &xrl_cli_v0p1_methods[i];

		assert_string_equal(mine[i].name, gen->name);
		assert_int_equal(mine[i].nin, gen->nin);
		assert_int_equal(mine[i].nout, gen->nout);
		for (j = 0; j < gen->nin; j++) {
			assert_string_equal(mine[i].in[j].name,
			    gen->in[j].name);
			assert_int_equal(mine[i].in[j].type, gen->in[j].type);
		}
		for (j = 0; j < gen->nout; j++) {
			assert_string_equal(mine[i].out[j].name,
			    gen->out[j].name);
			assert_int_equal(mine[i].out[j].type,
			    gen->out[j].type);
		}
	}
}

static void
test_truncate(void **state)
{
	struct buf	 b = BUF_INIT;

	buf_put_str(&b, "line one\nline two\nline three\n");
	vty_xrl_truncate(&b, 1000);
	assert_int_equal(b.len, 29);
	vty_xrl_truncate(&b, 20);
	/* No line fits with the note: only the note is left. */
	assert_string_equal(buf_cstr(&b),
	    "% Output truncated: more than 0 MiB.\n");
	buf_free(&b);
}

static void
test_mode_name(void **state)
{
	char	 m[64];

	vty_xrl_mode_name("router ospf", m, sizeof(m));
	assert_string_equal(m, "config-router");
	vty_xrl_mode_name("int eth0", m, sizeof(m));
	assert_string_equal(m, "config-if");
	vty_xrl_mode_name("route-map X permit 10", m, sizeof(m));
	assert_string_equal(m, "config-route-map");
	vty_xrl_mode_name("mpls ldp", m, sizeof(m));
	assert_string_equal(m, "config-mpls");
}

static void
test_merge(void **state)
{
	const char	*texts[] = {
		"Building configuration...\n\nCurrent configuration:\n!\n"
		"hostname r1\nlog syslog\n!\nrouter a\n x 1\nexit\n!\nend\n",
		"Building configuration...\n\nCurrent configuration:\n!\n"
		"hostname r2\nlog syslog\nservice b\n!\nrouter a\n y 2\n"
		" x 1\nexit\n!\ninterface e0\n ip b\nexit\n!\nend\n",
		"hostname r3\n",
	};
	struct buf	 out = BUF_INIT;

	sh_merge_config(texts, 3, &out);
	assert_string_equal(buf_cstr(&out),
	    "Building configuration...\n\nCurrent configuration:\n!\n"
	    "hostname r1\nlog syslog\nservice b\n!\n"
	    "router a\n x 1\n y 2\nexit\n!\n"
	    "interface e0\n ip b\nexit\n!\nend\n");
	buf_free(&out);
}

static void
test_sort_unique(void **state)
{
	struct buf	 b = BUF_INIT;

	buf_put_str(&b, "<cr>\t\nshow\tShow\nconfigure\tConf\nshow\tShow it"
	    "\n");
	assert_int_equal(sh_sort_unique(&b, true), 3);
	assert_string_equal(buf_cstr(&b),
	    "configure\tConf\nshow\tShow\n<cr>\t\n");
	buf_free(&b);
}

static void
test_show_version(void **state)
{
	struct result	 res;

	run_sh(&res, "-c", "show version");
	expect(&res, 0, "okapi fake alpha 0.1\nokapi fake beta 0.1\n");
	result_free(&res);
}

static void
test_show_daemons(void **state)
{
	struct result	 res;

	run_sh(&res, "-c", "show daemons");
	assert_int_equal(res.rc, 0);
	assert_true(strncmp(res.out, "Daemon ", 7) == 0);
	assert_non_null(strstr(res.out, "\nalpha            alpha-"));
	assert_non_null(strstr(res.out, "\nbeta             beta-"));
	result_free(&res);
}

/* A command one daemon knows: only its output, and success. */
static void
test_one_daemon(void **state)
{
	struct result	 res;

	run_sh(&res, "-c", "show alpha");
	expect(&res, 0, "alpha: 0 neighbors\n");
	result_free(&res);
}

static void
test_unknown(void **state)
{
	struct result	 res;

	run_sh(&res, "-c", "foo bar");
	expect(&res, 1, "% Unknown command: foo bar\n");
	result_free(&res);
	/* A later success does not hide an earlier failure. */
	run_sh(&res, "-c", "foo", "-c", "show alpha");
	expect(&res, 1, "% Unknown command: foo\nalpha: 0 neighbors\n");
	result_free(&res);
}

static void
test_incomplete(void **state)
{
	struct result	 res;

	run_sh(&res, "-c", "configure terminal", "-c", "hostname");
	expect(&res, 1, "% Command incomplete.\n");
	result_free(&res);
}

/* A sub-mode only alpha has: its commands reach alpha alone. */
static void
test_modes(void **state)
{
	struct result	 res;

	run_sh(&res, "-c", "conf t", "-c", "router alpha", "-c",
	    "neighbor 10.0.0.1", "-c", "end", "-c", "show alpha", "-c",
	    "show beta");
	expect(&res, 0, "alpha: 1 neighbors\nbeta: 0 neighbors\n");
	result_free(&res);
	/* exit goes up one level only: back in CONFIG, then ENABLE. */
	run_sh(&res, "-c", "configure terminal\nrouter beta\n neighbor "
	    "10.0.0.2\nexit\nrouter alpha\nexit\nexit\nshow beta");
	expect(&res, 0, "beta: 1 neighbors\n");
	result_free(&res);
	/* In beta's mode, alpha's "neighbor" is not reachable. */
	run_sh(&res, "-c", "configure terminal", "-c", "router beta", "-c",
	    "show version");
	expect(&res, 1, "% Unknown command: show version\n");
	result_free(&res);
}

static void
test_warning(void **state)
{
	struct result	 res;

	run_sh(&res, "-c", "configure terminal", "-c", "router alpha", "-c",
	    "fail");
	expect(&res, 1, "% alpha fails\n");
	result_free(&res);
}

static void
test_running_config(void **state)
{
	struct result	 res;

	run_sh(&res, "-c", "configure terminal", "-c", "hostname r9", "-c",
	    "end", "-c", "show running-config");
	expect(&res, 0,
	    "Building configuration...\n\nCurrent configuration:\n!\n"
	    "hostname r9\nlog syslog informational\nservice alpha\n"
	    "service beta\n!\n"
	    "router alpha\n neighbor 10.0.0.1\nexit\n!\n"
	    "router beta\n neighbor 10.0.0.2\nexit\n!\nend\n");
	result_free(&res);
	/* "write terminal" is the same command. */
	run_sh(&res, "-c", "write terminal");
	assert_int_equal(res.rc, 0);
	assert_non_null(strstr(res.out, "\nrouter beta\n"));
	/* One "end", last. */
	assert_null(strstr(strstr(res.out, "\nend\n") + 4, "end"));
	assert_string_equal(res.out + res.outlen - 6, "!\nend\n");
	result_free(&res);
}

static void
test_only(void **state)
{
	struct result	 res;

	run_sh(&res, "-d", "beta", "-c", "show version");
	expect(&res, 0, "okapi fake beta 0.1\n");
	result_free(&res);
}

static void
test_stdin(void **state)
{
	struct result	 res;
	char		 in[128];
	FILE		*f;

	snprintf(in, sizeof(in), "%s/in.txt", w.dir);
	assert_non_null(f = fopen(in, "w"));
	fputs("show alpha\n! a comment\n\nconfigure terminal\nrouter beta\n"
	    "neighbor 10.0.0.3\nend\nshow beta\nexit\nshow alpha\n", f);
	fclose(f);
	run_sh_in(&res, w.fport, in, (const char *)NULL);
	/* "exit" in ENABLE leaves the shell: the last line never runs. */
	expect(&res, 0, "alpha: 1 neighbors\nbeta: 2 neighbors\n");
	result_free(&res);
}

static void
test_truncated(void **state)
{
	struct result	 res;
	static const char note[] = "% Output truncated: more than 8 MiB.\n";

	run_sh(&res, "-d", "alpha", "-c", "show big");
	assert_int_equal(res.rc, 0);
	assert_true(res.outlen <= VTY_XRL_OUTPUT_MAX);
	assert_true(res.outlen > VTY_XRL_OUTPUT_MAX - 128);
	assert_string_equal(res.out + res.outlen - strlen(note), note);
	result_free(&res);
}

/* cli/0.1 itself, as xrlcall would call it. */
static void
test_xrl(void **state)
{
	struct xrl_args	 reply = XRL_ARGS_INIT;

	assert_int_equal(call("finder://alpha/cli/0.1/execute?"
	    "command:txt=show+version", &reply), XRL_OKAY);
	assert_string_equal(reply_txt(&reply, "output"),
	    "okapi fake alpha 0.1\n");
	assert_int_equal(reply_num(&reply, "status"), 0);
	xrl_args_clear(&reply);

	assert_int_equal(call("finder://beta/cli/0.1/execute?"
	    "command:txt=configure+terminal%0Ahostname+r9%0Ab0gus",
	    &reply), XRL_OKAY);
	assert_string_equal(reply_txt(&reply, "output"),
	    "% [beta] Unknown command: b0gus\n");
	assert_int_equal(reply_num(&reply, "status"), 3);
	xrl_args_clear(&reply);

	assert_int_equal(call("finder://alpha/cli/0.1/execute_in?"
	    "context:txt=configure+terminal&command:txt=router+alpha",
	    &reply), XRL_OKAY);
	assert_string_equal(reply_txt(&reply, "output"), "");
	assert_int_equal(reply_num(&reply, "status"), 0);
	assert_string_equal(reply_txt(&reply, "new_context"),
	    "configure terminal\nrouter alpha");
	assert_string_equal(reply_txt(&reply, "prompt"),
	    "r9(config-router)# ");
	xrl_args_clear(&reply);

	/* beta has no "router alpha" mode: nothing runs. */
	assert_int_equal(call("finder://beta/cli/0.1/execute_in?"
	    "context:txt=configure+terminal%0Arouter+alpha&"
	    "command:txt=neighbor+1.2.3.4", &reply), XRL_OKAY);
	assert_int_equal(reply_num(&reply, "status"), 3);
	assert_string_equal(reply_txt(&reply, "new_context"),
	    "configure terminal\nrouter alpha");
	xrl_args_clear(&reply);

	assert_int_equal(call("finder://alpha/cli/0.1/describe?"
	    "context:txt=&line:txt=show+v", &reply), XRL_OKAY);
	assert_string_equal(reply_txt(&reply, "help"), "version\tVersion\n");
	assert_int_equal(reply_num(&reply, "count"), 1);
	xrl_args_clear(&reply);

	assert_int_equal(call("finder://alpha/cli/0.1/complete?"
	    "context:txt=configure+terminal&line:txt=ro", &reply), XRL_OKAY);
	assert_string_equal(reply_txt(&reply, "candidates"), "router\n");
	assert_int_equal(reply_num(&reply, "count"), 1);
	xrl_args_clear(&reply);

	assert_int_equal(call("finder://alpha/cli/0.1/describe?"
	    "context:txt=&line:txt=bogus+", &reply), XRL_OKAY);
	assert_int_equal(reply_num(&reply, "count"), -1);
	xrl_args_clear(&reply);
}

/* A Finder without daemons: okapi-sh's own commands only. */
static void
test_finder_only(void **state)
{
	struct result	 res;
	char		 port[16], fport[32], log[128];
	char		*fargv[] = { (char *)w.finder_bin, "-d", "-p", port, NULL };
	pid_t		 pid;
	uint64_t	 end = proc_now_us() + DEADLINE_MS * 1000ull;

	snprintf(port, sizeof(port), "%u", proc_free_port());
	snprintf(fport, sizeof(fport), "127.0.0.1:%s", port);
	snprintf(log, sizeof(log), "%s/finder2.log", w.dir);
	assert_true((pid = proc_start(log, fargv)) > 0);
	for (;;) {
		run_sh_in(&res, fport, NULL, "-c", "show daemons",
		    (const char *)NULL);
		if (res.rc == 0 || proc_now_us() > end)
			break;
		result_free(&res);
		usleep(50000);
	}
	expect(&res, 0, "No daemon serves cli/0.1.\n");
	result_free(&res);
	run_sh_in(&res, fport, NULL, "-c", "show version", (const char *)NULL);
	expect(&res, 1, "% Unknown command: show version\n");
	result_free(&res);
	run_sh_in(&res, fport, NULL, "-c", "exit", (const char *)NULL);
	expect(&res, 0, "");
	result_free(&res);
	proc_kill(pid, SIGTERM);
}

static void
test_no_finder(void **state)
{
	struct result	 res;
	char		 fport[32];

	snprintf(fport, sizeof(fport), "127.0.0.1:%u", proc_free_port());
	run_sh_in(&res, fport, NULL, "-c", "show version", (const char *)NULL);
	expect(&res, 1, "");
	assert_non_null(strstr(res.err, "okapi-sh: cannot list the daemons "
	    "through the Finder: 200"));
	result_free(&res);
}

/* okapi-demo through the real lib/vty and its cli/0.1. */
static void
test_demo(void **state)
{
	static const char *const demo[] = { "demo ", NULL };
	struct result	 res;
	char		 log[128];
	char		 vport[16];
	char		*argv[] = { (char *)w.demo_bin, "-F", w.fport, "-P", vport,
			    NULL };

	/* -P: the demo has a VTY only when asked for one. */
	snprintf(vport, sizeof(vport), "%u", proc_free_port());
	snprintf(log, sizeof(log), "%s/demo.log", w.dir);
	assert_true(proc_start(log, argv) > 0);
	if (!wait_daemons(w.fport, demo, 3000))
		fail_msg("okapi-demo does not serve cli/0.1");
	run_sh(&res, "-d", "demo", "-c", "show version");
	assert_int_equal(res.rc, 0);
	assert_true(res.outlen > 0);
	result_free(&res);
	run_sh(&res, "-d", "demo", "-c", "configure terminal", "-c",
	    "hostname okapi-sh-test", "-c", "end", "-c",
	    "show running-config");
	assert_int_equal(res.rc, 0);
	assert_non_null(strstr(res.out, "hostname okapi-sh-test\n"));
	assert_non_null(strstr(res.out, "end\n"));
	result_free(&res);
	run_sh(&res, "-d", "demo", "-c", "no such command");
	expect(&res, 1, "% Unknown command: no such command\n");
	result_free(&res);
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_mode_name),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_sort_unique),
	};
	const struct CMUnitTest live[] = {
		cmocka_unit_test(test_show_version),
		cmocka_unit_test(test_show_daemons),
		cmocka_unit_test(test_one_daemon),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_warning),
		cmocka_unit_test(test_running_config),
		cmocka_unit_test(test_only),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_xrl),
		cmocka_unit_test(test_finder_only),
		cmocka_unit_test(test_no_finder),
		cmocka_unit_test(test_demo),
	};
	int	 rc;

	if (argc != 5) {
		fprintf(stderr, "usage: test_okapi_sh OKAPI_FINDER OKAPI_SH "
		    "FAKEVTYD OKAPI_DEMO\n");
		return 2;
	}
	w.finder_bin = argv[1];
	w.sh_bin = argv[2];
	w.fake_bin = argv[3];
	w.demo_bin = argv[4];
	rc = cmocka_run_group_tests_name("okapi_sh_pure", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("okapi_sh", live, setup, teardown);
	return rc;
}

/*
 * End-to-end test of okapi-finder: starts the real binary (path in argv[1])
 * on a free 127.0.0.1 port and speaks the raw Finder text protocol over
 * its own sockets, checking the semantics of spec xrl.md §11: the §11.8
 * transcript, singletons, class and instance resolution, ownership, births
 * and deaths, cache invalidation, malformed input, hello keepalive.
 * Every daemon started here is killed by its PID when the test ends.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"

#define PYT	"pyt-0123456789abcdef0123456789abcdef@127.0.0.1"
#define F	"finder://finder/finder/0.2/"
#define FEN	"finder://finder/finder_event_notifier/0.1/"
#define MAXEV	256

static const char *finder_bin;
static char	 logpath[] = "/tmp/okapi-finder-test.XXXXXX";
static pid_t	 pids[4];
static int	 npids;
static uint16_t	 port;

/* A raw test client: its own socket, its own sequence numbers. */
struct tc {
	int		 fd;
	uint32_t	 seq;
	struct buf	 in;
	bool		 silent;	/* do not answer the Finder's calls */
	bool		 eof;
	char		*ev[MAXEV];	/* the Finder's calls, as received */
	int		 nev;
};

static uint64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint16_t
free_port(void)
{
	struct sockaddr_in	 sin = { .sin_family = AF_INET };
	socklen_t		 len = sizeof(sin);
	int			 fd;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

static int
try_connect(uint16_t p)
{
	struct sockaddr_in	 sin = { .sin_family = AF_INET };
	int			 fd;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(p);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
kill_all(void)
{
	int	 i;

	for (i = 0; i < npids; i++)
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
			pids[i] = 0;
		}
}

/* Start okapi-finder with extra arguments; returns its PID when it listens. */
static pid_t
start_finder(uint16_t p, const char *const *extra, bool trace)
{
	char		 ps[8];
	const char	*argv[16];
	int		 n = 0, i, fd;
	pid_t		 pid;

	snprintf(ps, sizeof(ps), "%u", p);
	argv[n++] = finder_bin;
	argv[n++] = "-d";
	argv[n++] = "-p";
	argv[n++] = ps;
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (trace)
			setenv("FINDERTRACE", "1", 1);
		if ((fd = open(logpath, O_WRONLY | O_APPEND)) != -1)
			dup2(fd, 2);
		execv(finder_bin, (char *const *)argv);
		_exit(127);
	}
	pids[npids++] = pid;
	for (i = 0; i < 500; i++) {
		if ((fd = try_connect(p)) != -1) {
			close(fd);
			return pid;
		}
		usleep(10000);
	}
	fail_msg("okapi-finder did not start on port %u", p);
	return -1;
}

static void
stop_finder(pid_t pid)
{
	int	 i, status;

	for (i = 0; i < npids; i++)
		if (pids[i] == pid)
			pids[i] = 0;
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void
tc_open(struct tc *c, uint16_t p)
{
	memset(c, 0, sizeof(*c));
	c->fd = try_connect(p);
	assert_true(c->fd >= 0);
	c->seq = 1;
	buf_init(&c->in);
}

static void
tc_close(struct tc *c)
{
	int	 i;

	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	for (i = 0; i < c->nev; i++)
		free(c->ev[i]);
	c->nev = 0;
	buf_free(&c->in);
}

static void
tc_write(struct tc *c, const void *p, size_t n)
{
	assert_int_equal(write(c->fd, p, n), (ssize_t)n);
}

static void
tc_frame(struct tc *c, const char *body)
{
	uint8_t	 len[4];

	be32_store(len, (uint32_t)strlen(body));
	tc_write(c, len, 4);
	tc_write(c, body, strlen(body));
}

static uint32_t
tc_send(struct tc *c, const char *xrl)
{
	struct buf	 b = BUF_INIT;
	uint32_t	 seq = c->seq++;

	buf_printf(&b, "Finder 0.2\nMsgType x\nSeqNo %u\nMsgData %s", seq, xrl);
	tc_frame(c, buf_cstr(&b));
	buf_free(&b);
	return seq;
}

/*
 * Read one frame into out (NUL-terminated); false on timeout or EOF.
 * Calls from the Finder are recorded and, unless silent, answered.
 */
static bool
tc_read(struct tc *c, char **out, int timeout_ms)
{
	struct pollfd	 p = { c->fd, POLLIN, 0 };
	uint64_t	 end = now_ms() + (uint64_t)timeout_ms;
	uint32_t	 len;
	uint8_t		*d;
	ssize_t		 n;
	int64_t		 left;

	for (;;) {
		if (c->in.len >= 4) {
			len = be32_load(c->in.data);
			if (c->in.len >= 4 + (size_t)len) {
				*out = malloc(len + 1);
				memcpy(*out, c->in.data + 4, len);
				(*out)[len] = '\0';
				buf_consume(&c->in, 4 + (size_t)len);
				return true;
			}
		}
		left = (int64_t)(end - now_ms());
		if (left <= 0 || c->eof)
			return false;
		if (poll(&p, 1, (int)left) != 1)
			continue;
		d = buf_space(&c->in, 65536);
		n = read(c->fd, d, 65536);
		if (n <= 0) {
			c->eof = true;
			return false;
		}
		c->in.len += (size_t)n;
	}
}

/* Answer (or not) a Finder->client call and keep it for the test. */
static void
tc_handle_call(struct tc *c, char *msg)
{
	struct buf	 b = BUF_INIT;
	unsigned	 seq;
	char		*data = strstr(msg, "\nMsgData ");

	assert_non_null(data);
	assert_int_equal(sscanf(msg, "Finder 0.2\nMsgType x\nSeqNo %u", &seq),
	    1);
	if (!c->silent) {
		buf_printf(&b, "Finder 0.2\nMsgType r\nSeqNo %u\nMsgData 100 / "
		    "\n%s", seq, strstr(data, "/dispatch_tunneled_xrl?") ?
		    "xrl_error:u32=100&xrl_error_note:txt=" : "");
		tc_frame(c, buf_cstr(&b));
		buf_free(&b);
	}
	assert_true(c->nev < MAXEV);
	c->ev[c->nev++] = strdup(data + strlen("\nMsgData "));
	free(msg);
}

/* Call the Finder; returns the reply's MsgData (malloc'd). */
static char *
tc_call(struct tc *c, const char *xrl)
{
	char		 want[64], *msg, *r;
	uint32_t	 seq = tc_send(c, xrl);

	snprintf(want, sizeof(want), "Finder 0.2\nMsgType r\nSeqNo %u\n"
	    "MsgData ", seq);
	for (;;) {
		if (!tc_read(c, &msg, 3000))
			fail_msg("no reply to %s", xrl);
		if (strncmp(msg, "Finder 0.2\nMsgType x\n", 21) == 0) {
			tc_handle_call(c, msg);
			continue;
		}
		assert_int_equal(strncmp(msg, want, strlen(want)), 0);
		r = strdup(msg + strlen(want));
		free(msg);
		return r;
	}
}

/* Call and compare the whole reply text. */
static void
tc_expect(struct tc *c, const char *xrl, const char *reply)
{
	char	*r = tc_call(c, xrl);

	if (strcmp(r, reply) != 0)
		fail_msg("%s\n  got      %s\n  expected %s", xrl, r, reply);
	free(r);
}

/* Call and check the reply starts with prefix and contains part. */
static void
tc_expect_like(struct tc *c, const char *xrl, const char *prefix,
    const char *part)
{
	char	*r = tc_call(c, xrl);

	if (strncmp(r, prefix, strlen(prefix)) != 0 ||
	    (part != NULL && strstr(r, part) == NULL))
		fail_msg("%s\n  got %s\n  expected %s...%s", xrl, r, prefix,
		    part ? part : "");
	free(r);
}

/* Answer the Finder's calls for a while. */
static void
tc_pump(struct tc *c, int ms)
{
	uint64_t	 end = now_ms() + (uint64_t)ms;
	char		*msg;

	while (now_ms() < end && tc_read(c, &msg, (int)(end - now_ms()))) {
		assert_int_equal(strncmp(msg, "Finder 0.2\nMsgType x\n", 21),
		    0);
		tc_handle_call(c, msg);
	}
}

static int
tc_find_event(struct tc *c, const char *a, const char *b)
{
	int	 i;

	for (i = 0; i < c->nev; i++)
		if (strstr(c->ev[i], a) && (b == NULL || strstr(c->ev[i], b)))
			return i;
	return -1;
}

/* Wait for a call from the Finder whose text contains a (and b). */
static void
tc_wait_event(struct tc *c, const char *a, const char *b)
{
	uint64_t	 end = now_ms() + 3000;

	while (tc_find_event(c, a, b) == -1 && now_ms() < end)
		tc_pump(c, 20);
	if (tc_find_event(c, a, b) == -1)
		fail_msg("no event %s %s", a, b ? b : "");
}

static void
tc_forget_events(struct tc *c)
{
	int	 i;

	for (i = 0; i < c->nev; i++)
		free(c->ev[i]);
	c->nev = 0;
}

static void
reg(struct tc *c, const char *inst, const char *cls, bool singleton)
{
	char	 x[512], *r;

	snprintf(x, sizeof(x), F "register_finder_client?instance_name:txt=%s"
	    "&class_name:txt=%s&singleton:bool=%s&in_cookie:txt=", inst, cls,
	    singleton ? "true" : "false");
	r = tc_call(c, x);
	if (strncmp(r, "100 / \nout_cookie:txt=", 22) != 0 ||
	    strlen(r) != 22 + 16)
		fail_msg("register %s: %s", inst, r);
	free(r);
}

/* add_xrl; returns the resolved method name. */
static char *
add(struct tc *c, const char *inst, const char *method, const char *addr)
{
	char	 x[512], *r, *name;
	size_t	 n;

	snprintf(x, sizeof(x), F "add_xrl?xrl:txt=finder://%s/%s&"
	    "protocol_name:txt=stcp&protocol_args:txt=%s", inst, method, addr);
	r = tc_call(c, x);
	if (strncmp(r, "100 / \nresolved_xrl_method_name:txt=", 36) != 0)
		fail_msg("add_xrl %s: %s", method, r);
	name = strdup(r + 36);
	free(r);
	n = strlen(method);
	/* <iface>/<ver>/<method>-<16 lower-case hex> */
	assert_int_equal(strlen(name), n + 17);
	assert_int_equal(strncmp(name, method, n), 0);
	assert_int_equal(name[n], '-');
	assert_int_equal(strspn(name + n + 1, "0123456789abcdef"), 16);
	return name;
}

static void
enable(struct tc *c, const char *inst, bool on)
{
	char	 x[512];

	snprintf(x, sizeof(x), F "set_finder_client_enabled?instance_name:txt="
	    "%s&enabled:bool=%s", inst, on ? "true" : "false");
	tc_expect(c, x, "100 / \n");
}

static char *
resolve(struct tc *c, const char *target, const char *method)
{
	char	 x[512];

	snprintf(x, sizeof(x), F "resolve_xrl?xrl:txt=finder://%s/%s", target,
	    method);
	return tc_call(c, x);
}

/* A watcher: a target with the observer methods, enabled. */
static void
make_watcher(struct tc *c, const char *inst, const char *cls)
{
	reg(c, inst, cls, false);
	free(add(c, inst, "finder_event_observer/0.1/xrl_target_birth",
	    "127.0.0.1:1"));
	free(add(c, inst, "finder_event_observer/0.1/xrl_target_death",
	    "127.0.0.1:1"));
	enable(c, inst, true);
}

static bool
targets_contain(struct tc *c, const char *name)
{
	char	*r = tc_call(c, F "get_xrl_targets"), needle[256];
	bool	 found;

	assert_int_equal(strncmp(r, "100 / \ntarget_names:list=", 25), 0);
	snprintf(needle, sizeof(needle), ":txt=%s,", name);
	found = strstr(r, needle) != NULL;
	snprintf(needle, sizeof(needle), ":txt=%s", name);
	if (!found) {
		size_t	 n = strlen(needle), l = strlen(r);

		found = l >= n && strcmp(r + l - n, needle) == 0;
	}
	free(r);
	return found;
}

/* §11.8, driven by this client against okapi-finder. */
static void
test_transcript(void **state)
{
	struct tc	 a;
	char		*name, *r, want[512];

	tc_open(&a, port);
	reg(&a, PYT, "pyt", false);
	name = add(&a, PYT, "common/0.1/get_target_name", "127.0.0.1:45678");
	/* Not visible until enabled. */
	tc_expect(&a, F "resolve_xrl?xrl:txt=finder://pyt/common/0.1/"
	    "get_target_name", "102 / Xrl+target+is+not+enabled.\n");
	tc_expect(&a, F "finder_client_enabled?instance_name:txt=" PYT,
	    "100 / \nenabled:bool=false");
	enable(&a, PYT, true);
	tc_expect(&a, F "finder_client_enabled?instance_name:txt=" PYT,
	    "100 / \nenabled:bool=true");
	snprintf(want, sizeof(want), "100 / \nresolutions:list=:txt=stcp://"
	    "127.0.0.1:45678/%s", name);
	r = resolve(&a, "pyt", "common/0.1/get_target_name");
	assert_string_equal(r, want);
	free(r);
	r = resolve(&a, PYT, "common/0.1/get_target_name");
	assert_string_equal(r, want);
	free(r);
	tc_expect(&a, F "resolve_xrl?xrl:txt=finder://pyt/common/0.1/"
	    "get_version", "102 / Xrl+does+not+resolve:+finder://pyt/common/"
	    "0.1/get_version\n");
	tc_expect(&a, F "resolve_xrl?xrl:txt=finder://nope/common/0.1/"
	    "get_version", "102 / Target+\"nope\"+does+not+exist+or+is+not+"
	    "enabled.\n");
	/* A second endpoint: resolutions in registration order. */
	free(add(&a, PYT, "common/0.1/get_target_name", "127.0.0.2:1"));
	r = resolve(&a, "pyt", "common/0.1/get_target_name");
	assert_non_null(strstr(r, want));
	assert_non_null(strstr(r, ",:txt=stcp://127.0.0.2:1/common/0.1/"
	    "get_target_name-"));
	free(r);
	free(name);

	tc_expect(&a, "finder://finder/common/0.1/get_target_name",
	    "100 / \nname:txt=finder");
	tc_expect(&a, "finder://finder/common/0.1/get_version",
	    "100 / \nversion:txt=finder/0.0");
	tc_expect(&a, "finder://finder/common/0.1/get_status",
	    "100 / \nstatus:u32=3&reason:txt=Ready");
	/* The target field of a Finder-borne XRL is ignored (§11.2). */
	tc_expect(&a, "finder://oxo/common/0.1/get_status",
	    "100 / \nstatus:u32=3&reason:txt=Ready");
	tc_expect(&a, F "no_such_method", "202 / \n");
	tc_expect_like(&a, F "finder_client_enabled", "101 / ", NULL);
	tc_expect(&a, F "finder_client_enabled?:txt=finder",
	    "102 / Invalid+target+name+\"finder\"\n");
	tc_expect(&a, F "get_xrls_registered_by?target_name:txt=" PYT,
	    "100 / \nxrls:list=:txt=finder://" PYT "/common/0.1/"
	    "get_target_name");
	r = tc_call(&a, F "get_xrls_registered_by?target_name:txt=finder");
	assert_non_null(strstr(r, ":txt=finder://finder/finder/0.2/"
	    "resolve_xrl,"));
	free(r);
	r = tc_call(&a, F "get_ipv4_permitted_hosts");
	assert_int_equal(strncmp(r, "100 / \nipv4s:list=:ipv4=127.0.0.1", 33),
	    0);
	free(r);
	tc_expect(&a, F "get_ipv4_permitted_nets",
	    "100 / \nipv4nets:list=:ipv4net=10.99.0.0/16");
	tc_close(&a);
}

/* Singletons, duplicates, re-registration, reserved names. */
static void
test_singleton(void **state)
{
	struct tc	 b, c;

	tc_open(&b, port);
	tc_open(&c, port);
	reg(&b, "pyt2-x@127.0.0.1", "pyt2", true);
	enable(&b, "pyt2-x@127.0.0.1", true);
	tc_expect(&c, F "register_finder_client?instance_name:txt="
	    "pyt2-y@127.0.0.1&class_name:txt=pyt2&singleton:bool=false&"
	    "in_cookie:txt=", "102 / pyt2-y@127.0.0.1+already+registered.\n");
	/* The same instance from another connection. */
	tc_expect(&c, F "register_finder_client?instance_name:txt="
	    "pyt2-x@127.0.0.1&class_name:txt=pyt2&singleton:bool=true&"
	    "in_cookie:txt=", "102 / pyt2-x@127.0.0.1+already+registered.\n");
	/* Again on the owning connection: fine. */
	reg(&b, "pyt2-x@127.0.0.1", "pyt2", true);
	/* A singleton cannot join a class that has instances. */
	reg(&c, "multi-1", "multi", false);
	tc_expect(&b, F "register_finder_client?instance_name:txt=multi-2&"
	    "class_name:txt=multi&singleton:bool=true&in_cookie:txt=",
	    "102 / multi-2+already+registered.\n");
	reg(&b, "multi-3", "multi", false);
	/* Names starting with "finder" belong to the Finder. */
	tc_expect(&b, F "register_finder_client?instance_name:txt=finder-x&"
	    "class_name:txt=x&singleton:bool=false&in_cookie:txt=",
	    "102 / Names+starting+with+\"finder\"+are+reserved.\n");
	tc_close(&b);
	tc_close(&c);
	/* Both connections gone: everything they held went with them. */
	tc_open(&b, port);
	assert_false(targets_contain(&b, "pyt2-x@127.0.0.1"));
	assert_false(targets_contain(&b, "multi-1"));
	assert_false(targets_contain(&b, "multi-3"));
	assert_true(targets_contain(&b, "finder"));
	reg(&b, "pyt2-y@127.0.0.1", "pyt2", true);
	tc_close(&b);
}

/* Class lookups go to the oldest live instance; the next takes over. */
static void
test_primary(void **state)
{
	struct tc	 c1, c2, w;
	char		*n1, *n2, *r, want[256];

	tc_open(&c1, port);
	tc_open(&c2, port);
	tc_open(&w, port);
	reg(&c1, "cls-1", "cls", false);
	reg(&c2, "cls-2", "cls", false);
	n1 = add(&c1, "cls-1", "x/1.0/m", "127.0.0.1:1001");
	n2 = add(&c2, "cls-2", "x/1.0/m", "127.0.0.1:1002");
	enable(&c2, "cls-2", true);
	enable(&c1, "cls-1", true);
	snprintf(want, sizeof(want), "100 / \nresolutions:list=:txt=stcp://"
	    "127.0.0.1:1001/%s", n1);
	r = resolve(&w, "cls", "x/1.0/m");
	assert_string_equal(r, want);
	free(r);
	snprintf(want, sizeof(want), "100 / \nresolutions:list=:txt=stcp://"
	    "127.0.0.1:1002/%s", n2);
	r = resolve(&w, "cls-2", "x/1.0/m");
	assert_string_equal(r, want);
	free(r);
	/* The primary leaves: every client drops instance and class. */
	tc_close(&c1);
	tc_wait_event(&w, "finder://cls-1/finder_client/0.2/"
	    "remove_xrls_for_target_from_cache?target_name:txt=cls-1", NULL);
	tc_wait_event(&c2, "finder://cls/finder_client/0.2/"
	    "remove_xrls_for_target_from_cache?target_name:txt=cls", NULL);
	tc_wait_event(&w, "remove_xrls_for_target_from_cache?target_name:txt="
	    "cls", NULL);
	r = resolve(&w, "cls", "x/1.0/m");
	assert_string_equal(r, want);
	free(r);
	free(n1);
	free(n2);
	tc_close(&c2);
	tc_close(&w);
}

/* Only the registering connection may act for a target (§11.3). */
static void
test_ownership(void **state)
{
	struct tc	 a, b;

	tc_open(&a, port);
	tc_open(&b, port);
	reg(&a, "own-1", "own", false);
	free(add(&a, "own-1", "x/1.0/m", "127.0.0.1:5"));
	tc_expect(&b, F "add_xrl?xrl:txt=finder://own-1/x/1.0/n&"
	    "protocol_name:txt=stcp&protocol_args:txt=127.0.0.1:6",
	    "102 / Target+\"own-1\"+does+not+exist+or+caller+is+not+"
	    "responsible+for+it.\n");
	tc_expect(&b, F "set_finder_client_enabled?instance_name:txt=own-1&"
	    "enabled:bool=true", "102 / Target+\"own-1\"+does+not+exist+or+"
	    "caller+is+not+responsible+for+it.\n");
	tc_expect(&b, F "remove_xrl?xrl:txt=finder://own-1/x/1.0/m",
	    "102 / Target+\"own-1\"+does+not+exist+or+caller+is+not+"
	    "responsible+for+it.\n");
	tc_expect(&b, F "unregister_finder_client?instance_name:txt=own-1",
	    "102 / Target+\"own-1\"+does+not+exist+or+caller+is+not+"
	    "responsible+for+it.\n");
	tc_expect(&b, FEN "register_class_event_interest?requester_instance:"
	    "txt=own-1&class_name:txt=own", "102 / failed+(not+originator).\n");
	tc_expect(&a, FEN "register_instance_event_interest?"
	    "requester_instance:txt=own-1&instance_name:txt=ghost",
	    "102 / Instance+\"ghost\"+does+not+exist.\n");
	/* Bad protocol families are refused. */
	tc_expect(&a, F "add_xrl?xrl:txt=finder://own-1/x/1.0/n&"
	    "protocol_name:txt=kill&protocol_args:txt=1",
	    "102 / Unknown+protocol+family+\"kill\".\n");
	/* The owner can; unregistering makes it vanish. */
	assert_true(targets_contain(&b, "own-1"));
	tc_expect(&a, F "unregister_finder_client?instance_name:txt=own-1",
	    "100 / \n");
	assert_false(targets_contain(&b, "own-1"));
	tc_close(&a);
	tc_close(&b);
}

/*
 * Births on registering interest and on enable; deaths on disable and on
 * connection loss, for every target of the connection (§11.6).
 */
static void
test_events(void **state)
{
	struct tc	 w, x, y;
	int		 i;

	tc_open(&w, port);
	tc_open(&x, port);
	tc_open(&y, port);
	make_watcher(&w, "w-1@127.0.0.1", "w");
	reg(&x, "xc-1@127.0.0.1", "xc", false);
	enable(&x, "xc-1@127.0.0.1", true);

	tc_expect(&w, FEN "register_class_event_interest?requester_instance:"
	    "txt=w-1@127.0.0.1&class_name:txt=xc", "100 / \n");
	tc_wait_event(&w, "finder://w-1@127.0.0.1/finder_client/0.2/"
	    "dispatch_tunneled_xrl?xrl:txt=finder://w-1@127.0.0.1/"
	    "finder_event_observer/0.1/xrl_target_birth-",
	    "?target_class:txt%3Dxc%26target_instance:txt%3Dxc-1@127.0.0.1");

	/* Registered but not enabled: no birth yet. */
	reg(&x, "xc-2@127.0.0.1", "xc", false);
	free(add(&x, "xc-2@127.0.0.1", "x/1.0/m", "127.0.0.1:7"));
	tc_pump(&w, 100);
	assert_int_equal(tc_find_event(&w, "xrl_target_birth",
	    "target_instance:txt%3Dxc-2@"), -1);
	enable(&x, "xc-2@127.0.0.1", true);
	tc_wait_event(&w, "xrl_target_birth", "target_instance:txt%3Dxc-2@");

	/* An instance watch from another client. */
	make_watcher(&y, "y-1@127.0.0.1", "y");
	tc_expect(&y, FEN "register_instance_event_interest?"
	    "requester_instance:txt=y-1@127.0.0.1&instance_name:txt="
	    "xc-2@127.0.0.1", "100 / \n");
	tc_wait_event(&y, "xrl_target_birth", "target_instance:txt%3Dxc-2@");

	/* Disable: death and cache invalidation. */
	enable(&x, "xc-2@127.0.0.1", false);
	tc_wait_event(&w, "xrl_target_death", "target_instance:txt%3Dxc-2@");
	tc_wait_event(&y, "xrl_target_death", "target_instance:txt%3Dxc-2@");
	tc_wait_event(&w, "remove_xrls_for_target_from_cache?target_name:txt="
	    "xc-2@127.0.0.1", NULL);
	enable(&x, "xc-2@127.0.0.1", true);
	tc_wait_event(&y, "xrl_target_birth", "target_instance:txt%3Dxc-2@");

	/* Removing a method invalidates it everywhere. */
	tc_expect(&x, F "remove_xrl?xrl:txt=finder://xc-2@127.0.0.1/x/1.0/m",
	    "100 / \n");
	tc_wait_event(&w, "finder://xc-2@127.0.0.1/finder_client/0.2/"
	    "remove_xrl_from_cache?xrl:txt=finder://xc-2@127.0.0.1/x/1.0/m",
	    NULL);
	tc_expect(&w, F "resolve_xrl?xrl:txt=finder://xc-2@127.0.0.1/x/1.0/m",
	    "102 / Xrl+does+not+resolve:+finder://xc-2@127.0.0.1/x/1.0/m\n");

	/* Two targets on one connection: closing removes both. */
	tc_forget_events(&w);
	tc_forget_events(&y);
	tc_close(&x);
	tc_wait_event(&w, "xrl_target_death", "target_instance:txt%3Dxc-1@");
	tc_wait_event(&w, "xrl_target_death", "target_instance:txt%3Dxc-2@");
	tc_wait_event(&y, "xrl_target_death", "target_instance:txt%3Dxc-2@");
	assert_false(targets_contain(&w, "xc-1@127.0.0.1"));
	assert_false(targets_contain(&w, "xc-2@127.0.0.1"));
	tc_expect(&w, F "finder_client_enabled?instance_name:txt="
	    "xc-2@127.0.0.1", "102 / Invalid+target+name+\"xc-2@127.0.0.1\"\n");
	/* One death each, and nothing for the watcher itself. */
	for (i = 0; i < w.nev; i++)
		assert_null(strstr(w.ev[i], "target_instance:txt%3Dw-1@"));

	/* A class watch on its own class sees itself. */
	tc_forget_events(&w);
	tc_expect(&w, FEN "register_class_event_interest?requester_instance:"
	    "txt=w-1@127.0.0.1&class_name:txt=w", "100 / \n");
	tc_wait_event(&w, "xrl_target_birth", "target_instance:txt%3Dw-1@");
	tc_expect(&w, FEN "deregister_class_event_interest?"
	    "requester_instance:txt=w-1@127.0.0.1&class_name:txt=w",
	    "100 / \n");
	tc_close(&w);
	tc_close(&y);
}

/* A reconnecting client's cookie evicts its stale registration. */
static void
test_cookie_reconnect(void **state)
{
	struct tc	 a, b, w;
	char		*r, x[512];

	tc_open(&w, port);
	make_watcher(&w, "w-2@127.0.0.1", "w2");
	tc_open(&a, port);
	r = tc_call(&a, F "register_finder_client?instance_name:txt=rc-1&"
	    "class_name:txt=rc&singleton:bool=false&in_cookie:txt=");
	assert_int_equal(strncmp(r, "100 / \nout_cookie:txt=", 22), 0);
	enable(&a, "rc-1", true);
	tc_expect(&w, FEN "register_instance_event_interest?"
	    "requester_instance:txt=w-2@127.0.0.1&instance_name:txt=rc-1",
	    "100 / \n");
	tc_wait_event(&w, "xrl_target_birth", "target_instance:txt%3Drc-1");
	/* a is hung, not closed; b is the same process, reconnected. */
	tc_open(&b, port);
	snprintf(x, sizeof(x), F "register_finder_client?instance_name:txt="
	    "rc-1&class_name:txt=rc&singleton:bool=false&in_cookie:txt=%s",
	    r + 22);
	tc_expect(&b, x, r);
	tc_wait_event(&w, "xrl_target_death", "target_instance:txt%3Drc-1");
	enable(&b, "rc-1", true);
	tc_expect(&a, F "set_finder_client_enabled?instance_name:txt=rc-1&"
	    "enabled:bool=false", "102 / Target+\"rc-1\"+does+not+exist+or+"
	    "caller+is+not+responsible+for+it.\n");
	free(r);
	tc_close(&a);
	tc_close(&b);
	tc_close(&w);
}

/* Bad input is answered or dropped; the connection and daemon live on. */
static void
test_malformed(void **state)
{
	struct tc	 a;
	char		*msg;
	uint8_t		 big[4] = { 0, 1, 0, 1 };	/* 65537 */

	tc_open(&a, port);
	/* A well-framed request with a bad XRL: BAD_ARGS with its seq. */
	tc_frame(&a, "Finder 0.2\nMsgType x\nSeqNo 555\nMsgData finder://t");
	assert_true(tc_read(&a, &msg, 3000));
	assert_int_equal(strncmp(msg, "Finder 0.2\nMsgType r\nSeqNo 555\n"
	    "MsgData 101 / ", 44), 0);
	free(msg);
	/* Wrong types and names: BAD_ARGS naming the argument. */
	tc_expect_like(&a, F "finder_client_enabled?instance_name:u32=5",
	    "101 / ", "instance_name");
	tc_expect_like(&a, F "finder_client_enabled?nom:txt=x", "101 / ",
	    "nom");
	tc_expect_like(&a, "finder://finder/common/0.1/get_status?extra:u32=1",
	    "101 / ", NULL);
	/* A bad header is dropped; the next request still works. */
	tc_frame(&a, "Finder 0.1\nMsgType x\nSeqNo 9\nMsgData finder://t/m");
	tc_frame(&a, "garbage");
	tc_expect(&a, "finder://finder/common/0.1/get_status",
	    "100 / \nstatus:u32=3&reason:txt=Ready");
	/* An oversized frame closes only that connection. */
	tc_write(&a, big, 4);
	assert_false(tc_read(&a, &msg, 3000));
	assert_true(a.eof);
	tc_close(&a);
	/* And a zero-length one. */
	tc_open(&a, port);
	memset(big, 0, sizeof(big));
	tc_write(&a, big, 4);
	assert_false(tc_read(&a, &msg, 3000));
	assert_true(a.eof);
	tc_close(&a);
	tc_open(&a, port);
	tc_expect(&a, "finder://finder/common/0.1/get_status",
	    "100 / \nstatus:u32=3&reason:txt=Ready");
	tc_close(&a);
}

/* -l with a non-loopback address needs -A. */
static void
test_nonloopback_refused(void **state)
{
	char		 ps[8], out[512];
	int		 status, p[2];
	ssize_t		 n;
	pid_t		 pid;

	snprintf(ps, sizeof(ps), "%u", free_port());
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 2);
		execl(finder_bin, finder_bin, "-d", "-p", ps, "-l",
		    "192.0.2.77", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	n = read(p[0], out, sizeof(out) - 1);
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_true(n > 0);
	out[n] = '\0';
	assert_non_null(strstr(out, "192.0.2.77"));
	assert_non_null(strstr(out, "-A"));
	/* One line saying why. */
	assert_true(strchr(out, '\n') == out + n - 1);
}

/* A client that does not answer hello is dropped with its targets. */
static void
test_hello(void **state)
{
	static const char *const opts[] = { "-H", "1", "-T", "1", NULL };
	struct tc	 s, w;
	uint16_t	 p2 = free_port();
	uint64_t	 end;
	pid_t		 pid;
	char		*msg;

	pid = start_finder(p2, opts, false);
	tc_open(&w, p2);
	tc_open(&s, p2);
	s.silent = true;
	reg(&s, "mute-1", "mute", false);
	enable(&s, "mute-1", true);
	make_watcher(&w, "hw-1", "hw");
	tc_expect(&w, FEN "register_class_event_interest?requester_instance:"
	    "txt=hw-1&class_name:txt=mute", "100 / \n");
	tc_wait_event(&w, "xrl_target_birth", "target_instance:txt%3Dmute-1");
	/* s reads but never answers: after ~2 s the Finder gives up on it. */
	end = now_ms() + 6000;
	while (!s.eof && now_ms() < end) {
		if (tc_read(&s, &msg, 50))
			tc_handle_call(&s, msg);
		tc_pump(&w, 10);
	}
	assert_true(s.eof);
	assert_true(tc_find_event(&s, "finder://oxo/finder_client/0.2/hello",
	    NULL) >= 0);
	tc_wait_event(&w, "xrl_target_death", "target_instance:txt%3Dmute-1");
	/* w answered its hellos and is still here. */
	assert_true(targets_contain(&w, "hw-1"));
	assert_false(targets_contain(&w, "mute-1"));
	tc_close(&s);
	tc_close(&w);
	stop_finder(pid);
}

/* FINDERTRACE=1 logs each method with its result. */
static void
test_trace(void **state)
{
	char	 line[1024];
	FILE	*f;
	bool	 reg_seen = false, err_seen = false;

	f = fopen(logpath, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "FINDERTRACE") &&
		    strstr(line, "finder/0.2/register_finder_client?") &&
		    strstr(line, "okay out_cookie:txt="))
			reg_seen = true;
		if (strstr(line, "FINDERTRACE") &&
		    strstr(line, "102 Command failed Xrl does not resolve"))
			err_seen = true;
	}
	fclose(f);
	assert_true(reg_seen);
	assert_true(err_seen);
}

static int
setup(void **state)
{
	static const char *const opts[] = { "-n", "10.99.0.0/16", NULL };
	int	 fd;

	if ((fd = mkstemp(logpath)) == -1)
		return -1;
	close(fd);
	port = free_port();
	start_finder(port, opts, true);
	return 0;
}

static int
teardown(void **state)
{
	if (pids[0] > 0)
		stop_finder(pids[0]);
	kill_all();
	if (getenv("KEEP_FINDER_LOG") == NULL)
		unlink(logpath);
	else
		fprintf(stderr, "finder log in %s\n", logpath);
	return 0;
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transcript),
		cmocka_unit_test(test_singleton),
		cmocka_unit_test(test_primary),
		cmocka_unit_test(test_ownership),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_cookie_reconnect),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_nonloopback_refused),
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_trace),
	};
	int	 rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s path-to-okapi-finder\n", argv[0]);
		return 2;
	}
	finder_bin = argv[1];
	signal(SIGPIPE, SIG_IGN);
	atexit(kill_all);
	rc = cmocka_run_group_tests(tests, setup, teardown);
	kill_all();
	return rc;
}

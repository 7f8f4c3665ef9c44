/*
 * Integration: a real Finder and example targets as separate processes,
 * driven from this process's own XRL router (which also hosts an observer
 * target). Steps run in order and share one world.
 *
 *   test_ipc OKAPI_FINDER OKAPI_DEMO
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
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
#include "sock.h"
#include "stcp.h"
#include "xrl.h"

#include "demo_xif.h"
#include "finder_event_observer_xif.h"
#include "proc.h"
#include "strnum.h"

#define NPIPELINED	10000
#define DEADLINE_MS	10000

static struct world {
	const char		*finder_bin;
	const char		*demo_bin;
	char			 dir[64];
	uint16_t		 port;
	char			 portarg[32];
	char			 fport[16];
	pid_t			 finder, alice, bob, multi;
	struct evloop		 loop;
	struct event		*tick;
	struct xrl_router	*r;
	struct xrl_target	*me;
	/* observer state */
	unsigned		 births, deaths;
	char			 last_birth[256], last_death[256];
	uint64_t		 death_us;
	/* pipelined state */
	unsigned		 replies, bad;
} w;

static void
tick(evutil_socket_t fd, short ev, void *arg)
{
}

/* Run the loop until *flag becomes true or ms pass. */
static bool
run_until(const volatile bool *flag, uint32_t ms)
{
	uint64_t	 end = proc_now_us() + (uint64_t)ms * 1000;

	while (!*flag && proc_now_us() < end)
		event_base_loop(w.loop.base, EVLOOP_ONCE);
	return *flag;
}

struct callres {
	bool		 done;
	struct xrl_error err;
	struct xrl_args	 reply;
};

static void
callres_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct callres	*c = arg;

	c->err = *err;
	xrl_args_clear(&c->reply);
	if (reply != NULL)
		(void)xrl_args_copy(&c->reply, reply);
	c->done = true;
}

/* Call an XRL given as text; returns the reply code, reply in c. */
static uint32_t
call(struct callres *c, const char *text)
{
	struct xrl	 x;
	char		 err[XRL_ERRBUF];

	memset(c, 0, sizeof(*c));
	xrl_init(&x);
	if (xrl_parse(&x, text, strlen(text), err, sizeof(err)) == -1)
		fail_msg("bad test XRL %s: %s", text, err);
	assert_int_equal(xrl_router_send_xrl(w.r, &x, callres_done, NULL, c),
	    0);
	xrl_clear(&x);
	if (!run_until(&c->done, DEADLINE_MS))
		fail_msg("no completion for %s", text);
	return c->err.code;
}

/* Retry a call until it succeeds (a target starting up). */
static bool
call_until_ok(const char *text, uint32_t ms)
{
	struct callres	 c;
	uint64_t	 end = proc_now_us() + (uint64_t)ms * 1000;

	do {
		if (call(&c, text) == XRL_OKAY) {
			xrl_args_clear(&c.reply);
			return true;
		}
		xrl_args_clear(&c.reply);
		usleep(20000);
	} while (proc_now_us() < end);
	return false;
}

static void
observer_birth(void *ctx, struct xrl_error *err, const char *cls,
    const char *instance)
{
	w.births++;
	snprintf(w.last_birth, sizeof(w.last_birth), "%s %s", cls, instance);
}

static void
observer_death(void *ctx, struct xrl_error *err, const char *cls,
    const char *instance)
{
	w.deaths++;
	w.death_us = proc_now_us();
	snprintf(w.last_death, sizeof(w.last_death), "%s %s", cls, instance);
}

static const struct xrl_finder_event_observer_v0p1 observer = {
	.xrl_target_birth = observer_birth,
	.xrl_target_death = observer_death,
};

static pid_t
start_finder(void)
{
	char	 log[128];
	char	*argv[] = { (char *)w.finder_bin, "-d", "-p", w.fport,
	    "-H", "100", NULL };

	snprintf(log, sizeof(log), "%s/finder.log", w.dir);
	return proc_start(log, argv);
}

static pid_t
start_demo(const char *name, const char *c1, const char *c2)
{
	char	 log[128];
	char	*argv[] = { (char *)w.demo_bin, "-F", w.portarg, "-c",
	    (char *)c1, c2 ? "-c" : NULL, (char *)c2, NULL };

	snprintf(log, sizeof(log), "%s/%s.log", w.dir, name);
	return proc_start(log, argv);
}

static int
world_setup(void **state)
{
	struct xrl_router_opts	 o;
	struct timeval		 tv = { 0, 10000 };

	snprintf(w.dir, sizeof(w.dir), "/tmp/okapi-itest.%d", (int)getpid());
	if (mkdir(w.dir, 0700) == -1 && errno != EEXIST)
		return -1;
	setenv("OKAPI_RUNDIR", w.dir, 1);
	w.port = proc_free_port();
	snprintf(w.fport, sizeof(w.fport), "%u", w.port);
	snprintf(w.portarg, sizeof(w.portarg), "127.0.0.1:%u", w.port);
	if ((w.finder = start_finder()) == -1)
		return -1;
	if (evloop_init(&w.loop) == -1)
		return -1;
	w.tick = event_new(w.loop.base, -1, EV_PERSIST, tick, NULL);
	event_add(w.tick, &tv);

	memset(&o, 0, sizeof(o));
	o.finder_addr = "127.0.0.1";
	o.finder_port = w.port;
	o.unix_dir = w.dir;
	o.timeout_ms = 5000;
	if ((w.r = xrl_router_new(w.loop.base, &o)) == NULL ||
	    (w.me = xrl_router_add_target(w.r, "itest", false)) == NULL ||
	    xrl_finder_event_observer_v0p1_register(xrl_target_dispatch(w.me),
	    &observer, NULL) == -1 ||
	    xrl_target_watch_class(w.me, "bob") == -1 ||
	    xrl_target_watch_class(w.me, "multi_a") == -1 ||
	    xrl_target_watch_class(w.me, "multi_b") == -1 ||
	    xrl_router_start(w.r) == -1)
		return -1;
	if (!xrl_router_wait_ready(w.r, DEADLINE_MS)) {
		fprintf(stderr, "itest router never became ready\n");
		return -1;
	}
	return 0;
}

static int
world_teardown(void **state)
{
	char	 cmd[128];

	xrl_router_free(w.r);
	event_free(w.tick);
	evloop_fini(&w.loop);
	proc_kill_all();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", w.dir);
	if (getenv("KEEP_LOGS") == NULL)
		(void)system(cmd);
	return 0;
}

static void
test_start_targets(void **state)
{
	w.alice = start_demo("alice", "alice", NULL);
	w.bob = start_demo("bob", "bob", NULL);
	assert_true(call_until_ok("finder://alice/common/0.1/get_status",
	    DEADLINE_MS));
	assert_true(call_until_ok("finder://bob/common/0.1/get_status",
	    DEADLINE_MS));
	/* Registering interest gave us bob's birth (now or when it came). */
	run_until(&(bool){ false }, 100);
	assert_true(w.births >= 1);
	assert_non_null(strstr(w.last_birth, "bob bob-"));
}

static void
test_resolve(void **state)
{
	struct callres		 c;
	const struct xrl_atom	*l;

	assert_int_equal(call(&c, "finder://finder/finder/0.2/resolve_xrl?"
	    "xrl:txt=finder://bob/demo/0.1/add"), XRL_OKAY);
	assert_int_equal(c.reply.count, 1);
	l = &c.reply.atoms[0];
	assert_int_equal(l->type, XRL_TYPE_LIST);
	assert_int_equal(l->v.list->count, 2);	/* unix first, then stcp */
	assert_memory_equal(l->v.list->atoms[0].v.bytes.p, "unix://", 7);
	assert_memory_equal(l->v.list->atoms[1].v.bytes.p, "stcp://127.0.0.1:",
	    17);
	assert_non_null(strstr((char *)l->v.list->atoms[1].v.bytes.p,
	    "/demo/0.1/add-"));
	xrl_args_clear(&c.reply);

	assert_int_equal(call(&c, "finder://finder/finder/0.2/get_xrl_targets"),
	    XRL_OKAY);
	xrl_args_clear(&c.reply);
	assert_int_equal(call(&c, "finder://finder/common/0.1/get_version"),
	    XRL_OKAY);
	assert_string_equal((char *)c.reply.atoms[0].v.bytes.p, "finder/0.0");
	xrl_args_clear(&c.reply);
}

static void
test_calls(void **state)
{
	struct callres	 c;

	assert_int_equal(call(&c, "finder://bob/demo/0.1/add?a:i32=2&b:i32=-5"),
	    XRL_OKAY);
	assert_int_equal(c.reply.count, 1);
	assert_string_equal(c.reply.atoms[0].name, "sum");
	assert_int_equal(c.reply.atoms[0].v.i32, -3);
	xrl_args_clear(&c.reply);

	assert_int_equal(call(&c, "finder://alice/demo/0.1/greet?"
	    "name:txt=test+suite"), XRL_OKAY);
	assert_non_null(strstr((char *)c.reply.atoms[0].v.bytes.p,
	    "Hello test suite, I am alice-"));
	xrl_args_clear(&c.reply);

	assert_int_equal(call(&c, "finder://bob/demo/0.1/echo?"
	    "items:list=:u32=1,:u32=2,:u32=3"), XRL_OKAY);
	assert_int_equal(c.reply.atoms[0].v.list->count, 3);
	assert_int_equal(c.reply.atoms[0].v.list->atoms[2].v.u32, 3);
	xrl_args_clear(&c.reply);

	/* An empty list is an ordinary value (XORP's RIB aborted on it). */
	assert_int_equal(call(&c, "finder://bob/demo/0.1/echo?items:list="),
	    XRL_OKAY);
	assert_int_equal(c.reply.atoms[0].v.list->count, 0);
	xrl_args_clear(&c.reply);

	assert_int_equal(call(&c, "finder://bob/demo/0.1/fail?"
	    "reason:txt=on+purpose"), XRL_COMMAND_FAILED);
	assert_string_equal(c.err.note, "on purpose");

	/* Wrong count, name, type, list member type: BAD_ARGS with a note. */
	assert_int_equal(call(&c, "finder://bob/demo/0.1/add?a:i32=1"),
	    XRL_BAD_ARGS);
	assert_true(c.err.note[0] != '\0');
	assert_int_equal(call(&c, "finder://bob/demo/0.1/add?a:i32=1&c:i32=2"),
	    XRL_BAD_ARGS);
	assert_int_equal(call(&c, "finder://bob/demo/0.1/add?a:i32=1&b:u32=2"),
	    XRL_BAD_ARGS);
	assert_int_equal(call(&c, "finder://bob/demo/0.1/echo?"
	    "items:list=:txt=x"), XRL_BAD_ARGS);
	/* Unregistered method: the Finder cannot resolve it. */
	assert_int_equal(call(&c, "finder://bob/demo/0.1/nonesuch"),
	    XRL_RESOLVE_FAILED);
	assert_int_equal(call(&c, "finder://nobody/demo/0.1/ping"),
	    XRL_RESOLVE_FAILED);
	/* And the target is still fine. */
	assert_int_equal(call(&c, "finder://bob/demo/0.1/ping"), XRL_OKAY);
}

static void
add_done(const struct xrl_error *err, const int32_t *sum, void *arg)
{
	intptr_t	 i = (intptr_t)arg;

	w.replies++;
	if (err->code != XRL_OKAY || sum == NULL || *sum != (int32_t)(3 * i))
		w.bad++;
}

static void
test_pipelined(void **state)
{
	intptr_t	 i;
	uint64_t	 t0;
	bool		 done = false;

	w.replies = w.bad = 0;
	t0 = proc_now_us();
	for (i = 0; i < NPIPELINED; i++)
		assert_int_equal(xrl_demo_v0p1_send_add(w.r, "bob", (int32_t)i,
		    (int32_t)(2 * i), add_done, (void *)i), 0);
	while (w.replies < NPIPELINED && proc_now_us() - t0 < 30000000)
		event_base_loop(w.loop.base, EVLOOP_ONCE);
	done = w.replies == NPIPELINED;
	printf("# %u pipelined calls answered in %.1f ms, %u bad\n",
	    w.replies, (proc_now_us() - t0) / 1000.0, w.bad);
	assert_true(done);
	assert_int_equal(w.bad, 0);
}

/* Write all of p, read one whole STCP frame back. */
static int
raw_roundtrip(int fd, const uint8_t *p, size_t len, struct stcp_hdr *h,
    struct buf *payload)
{
	uint8_t		 hdr[STCP_HDR_LEN];
	size_t		 off;
	ssize_t		 n;
	uint8_t		*note;

	for (off = 0; off < len; off += (size_t)n)
		if ((n = write(fd, p + off, len - off)) <= 0)
			return -1;
	for (off = 0; off < sizeof(hdr); off += (size_t)n)
		if ((n = read(fd, hdr + off, sizeof(hdr) - off)) <= 0)
			return -1;
	if (stcp_hdr_parse(hdr, h) == -1)
		return -1;
	buf_reset(payload);
	if ((note = buf_space(payload, h->note_len + h->payload_len)) == NULL)
		return -1;
	for (off = 0; off < h->note_len + h->payload_len; off += (size_t)n)
		if ((n = read(fd, note + off, h->note_len + h->payload_len -
		    off)) <= 0)
			return -1;
	payload->len = h->note_len + h->payload_len;
	return 0;
}

static void
frame(struct buf *b, uint32_t seq, const void *payload, size_t len)
{
	struct stcp_hdr	 h = { seq, 0, STCP_REQUEST, XRL_OKAY, 0,
	    (uint32_t)len };
	uint8_t		*p;

	buf_reset(b);
	p = buf_space(b, STCP_HDR_LEN);
	stcp_hdr_write(p, &h);
	b->len += STCP_HDR_LEN;
	buf_put_bytes(b, payload, len);
}

static void
test_malformed(void **state)
{
	struct callres		 c;
	struct buf		 out = BUF_INIT, in = BUF_INIT, packed = BUF_INIT;
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct stcp_hdr		 h;
	const char		*res, *slash;
	char			 host[64], addr[64], head[256];
	uint16_t		 port;
	const char		*rhead;
	size_t			 rheadlen;
	uint8_t			*big;
	int			 fd;

	/* Find bob's stcp endpoint for demo/0.1/add through the Finder. */
	assert_int_equal(call(&c, "finder://finder/finder/0.2/resolve_xrl?"
	    "xrl:txt=finder://bob/demo/0.1/add"), XRL_OKAY);
	res = (char *)c.reply.atoms[0].v.list->atoms[1].v.bytes.p;
	snprintf(head, sizeof(head), "%s", res);
	xrl_args_clear(&c.reply);
	slash = strchr(head + 7, '/');
	assert_non_null(slash);
	snprintf(addr, sizeof(addr), "%.*s", (int)(slash - head - 7), head + 7);
	assert_int_equal(sock_split_hostport(addr, host, sizeof(host), &port),
	    0);
	assert_true((fd = sock_connect_tcp(host, port, false)) != -1);

	/* Garbage payload in a good frame: an error reply, not a hang-up. */
	frame(&out, 1, "\xcc\x00\x00\x05garbage", 11);
	assert_int_equal(raw_roundtrip(fd, out.data, out.len, &h, &in), 0);
	assert_int_equal(h.type, STCP_RESPONSE);
	assert_int_equal(h.seq, 1);
	assert_int_not_equal(h.code, XRL_OKAY);

	/* An oversized request is skipped and refused; still usable after. */
	big = calloc(1, STCP_MAX_PAYLOAD + 1);
	assert_non_null(big);
	frame(&out, 2, big, STCP_MAX_PAYLOAD + 1);
	free(big);
	assert_int_equal(raw_roundtrip(fd, out.data, out.len, &h, &in), 0);
	assert_int_equal(h.seq, 2);
	assert_int_not_equal(h.code, XRL_OKAY);

	/* An unknown cookie: NO_SUCH_METHOD. */
	xrl_args_add_i32(&args, "a", 20);
	xrl_args_add_i32(&args, "b", 22);
	assert_true(xrl_pack("stcp://x/demo/0.1/add-0000000000000000", 38,
	    &args, &packed));
	frame(&out, 3, packed.data, packed.len);
	assert_int_equal(raw_roundtrip(fd, out.data, out.len, &h, &in), 0);
	assert_int_equal(h.code, XRL_NO_SUCH_METHOD);

	/* And a good request on the same connection works. */
	buf_reset(&packed);
	assert_true(xrl_pack(head, strlen(head), &args, &packed));
	frame(&out, 4, packed.data, packed.len);
	assert_int_equal(raw_roundtrip(fd, out.data, out.len, &h, &in), 0);
	assert_int_equal(h.seq, 4);
	assert_int_equal(h.code, XRL_OKAY);
	assert_int_equal(xrl_args_unpack(&reply, in.data + h.note_len,
	    h.payload_len, NULL, 0), 0);
	assert_int_equal(reply.count, 1);
	assert_int_equal(reply.atoms[0].v.i32, 42);
	(void)rhead; (void)rheadlen;

	close(fd);
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	buf_free(&out);
	buf_free(&in);
	buf_free(&packed);
}

static void
test_target_death(void **state)
{
	struct callres	 c;
	unsigned	 deaths = w.deaths;
	uint64_t	 t0;
	bool		 heard;

	t0 = proc_now_us();
	proc_kill(w.bob, SIGKILL);
	/*
	 * The Finder's hello interval is 100 s here: hearing of the death
	 * at all before the deadline means it came from the connection
	 * closing, not from a keepalive.
	 */
	while (w.deaths == deaths && proc_now_us() - t0 < DEADLINE_MS * 1000)
		event_base_loop(w.loop.base, EVLOOP_ONCE);
	heard = w.deaths > deaths;
	printf("# death of bob heard after %.1f ms\n",
	    heard ? (w.death_us - t0) / 1000.0 : -1.0);
	assert_true(heard);
	assert_non_null(strstr(w.last_death, "bob bob-"));
	assert_int_equal(call(&c, "finder://bob/demo/0.1/ping"),
	    XRL_RESOLVE_FAILED);

	/* Restart it: calls work again and its birth is announced. */
	w.bob = start_demo("bob", "bob", NULL);
	assert_true(call_until_ok("finder://bob/demo/0.1/ping", DEADLINE_MS));
	assert_int_equal(call(&c, "finder://bob/demo/0.1/add?a:i32=1&b:i32=1"),
	    XRL_OKAY);
	xrl_args_clear(&c.reply);
}

static void
test_finder_restart(void **state)
{
	struct callres	 c;
	uint64_t	 t0;
	unsigned	 deaths;
	bool		 alice = false, bob = false, me = false;
	uint32_t	 i;

	proc_kill(w.finder, SIGKILL);
	t0 = proc_now_us();
	while (xrl_router_ready(w.r) && proc_now_us() - t0 < DEADLINE_MS * 1000)
		event_base_loop(w.loop.base, EVLOOP_ONCE);
	assert_false(xrl_router_ready(w.r));
	/* With the Finder gone, calls fail fast instead of hanging. */
	t0 = proc_now_us();
	assert_int_equal(call(&c, "finder://bob/demo/0.1/ping"), XRL_NO_FINDER);
	printf("# call without a Finder failed after %.2f ms\n",
	    (proc_now_us() - t0) / 1000.0);

	w.finder = start_finder();
	assert_true(call_until_ok("finder://alice/demo/0.1/ping", DEADLINE_MS));
	assert_true(call_until_ok("finder://bob/demo/0.1/ping", DEADLINE_MS));
	assert_true(xrl_router_wait_ready(w.r, DEADLINE_MS));
	assert_int_equal(call(&c, "finder://finder/finder/0.2/get_xrl_targets"),
	    XRL_OKAY);
	for (i = 0; i < c.reply.atoms[0].v.list->count; i++) {
		const char *t = (char *)c.reply.atoms[0].v.list->atoms[i].v.bytes.p;

		alice |= strncmp(t, "alice-", 6) == 0;
		bob |= strncmp(t, "bob-", 4) == 0;
		me |= strncmp(t, "itest-", 6) == 0;
	}
	xrl_args_clear(&c.reply);
	assert_true(alice && bob && me);

	/* Our event interest came back too. */
	deaths = w.deaths;
	proc_kill(w.bob, SIGKILL);
	while (w.deaths == deaths && proc_now_us() - t0 < 2 * DEADLINE_MS * 1000)
		event_base_loop(w.loop.base, EVLOOP_ONCE);
	assert_true(w.deaths > deaths);
	w.bob = start_demo("bob", "bob", NULL);
	assert_true(call_until_ok("finder://bob/demo/0.1/ping", DEADLINE_MS));
}

static void
test_two_targets_one_connection(void **state)
{
	struct callres	 c;
	unsigned	 deaths;
	uint64_t	 t0;
	uint32_t	 i;

	w.multi = start_demo("multi", "multi_a", "multi_b");
	assert_true(call_until_ok("finder://multi_a/demo/0.1/ping", DEADLINE_MS));
	assert_true(call_until_ok("finder://multi_b/demo/0.1/ping", DEADLINE_MS));
	deaths = w.deaths;
	t0 = proc_now_us();
	proc_kill(w.multi, SIGKILL);
	while (w.deaths < deaths + 2 && proc_now_us() - t0 < DEADLINE_MS * 1000)
		event_base_loop(w.loop.base, EVLOOP_ONCE);
	assert_int_equal(w.deaths, deaths + 2);
	assert_int_equal(call(&c, "finder://finder/finder/0.2/get_xrl_targets"),
	    XRL_OKAY);
	for (i = 0; i < c.reply.atoms[0].v.list->count; i++)
		assert_null(strstr((char *)
		    c.reply.atoms[0].v.list->atoms[i].v.bytes.p, "multi_"));
	xrl_args_clear(&c.reply);
	assert_int_equal(call(&c, "finder://multi_b/demo/0.1/ping"),
	    XRL_RESOLVE_FAILED);
}

static void
test_timeout(void **state)
{
	struct callres	 c;

	/* bob blocks for 6 s; our per-call timeout is 5 s. */
	assert_int_equal(call(&c, "finder://bob/demo/0.1/sleep?ms:u32=6000"),
	    XRL_REPLY_TIMED_OUT);
	/* The late reply is dropped and later calls still match up. */
	assert_true(call_until_ok("finder://bob/demo/0.1/ping", DEADLINE_MS));
	assert_int_equal(call(&c, "finder://bob/demo/0.1/add?a:i32=5&b:i32=6"),
	    XRL_OKAY);
	assert_int_equal(c.reply.atoms[0].v.i32, 11);
	xrl_args_clear(&c.reply);
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_targets),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_pipelined),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_target_death),
		cmocka_unit_test(test_finder_restart),
		cmocka_unit_test(test_two_targets_one_connection),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: test_ipc okapi-finder okapi-demo\n");
		return 2;
	}
	w.finder_bin = argv[1];
	w.demo_bin = argv[2];
	log_init("test_ipc", 0, false);
	return cmocka_run_group_tests_name("ipc", tests, world_setup,
	    world_teardown);
}

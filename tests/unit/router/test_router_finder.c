/*
 * DOC: the router against a real okapi-finder (started by PID on a free
 * 127.0.0.1 port, killed at the end): registration, resolution by class
 * and by instance, pipelined calls queued behind a resolve, finder-bound
 * calls, birth and death events tunneled to a watcher, cache invalidation
 * when a target leaves, and a Finder restart with automatic
 * re-registration. The binary comes from $OKAPI_FINDER_BIN.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "evloop.h"
#include "router.h"
#include "sock.h"

struct fixture {
	bool			 skip;
	struct event_base	*base;
	pid_t			 finder;
	uint16_t		 port;
	char			 dir[64];
	uint32_t		 births;
	uint32_t		 deaths;
	char			 last_born[128];
	char			 last_dead[128];
};

static void
h_echo(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	xrl_args_add_u32(out, "n", in[0]->v.u32 + 1);
}

static void
h_birth(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	struct fixture	*f = ctx;

	f->births++;
	snprintf(f->last_born, sizeof(f->last_born), "%s",
	    (const char *)in[1]->v.bytes.p);
}

static void
h_death(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	struct fixture	*f = ctx;

	f->deaths++;
	snprintf(f->last_dead, sizeof(f->last_dead), "%s",
	    (const char *)in[1]->v.bytes.p);
}

static const struct xrl_param echo_in[] = {
	{ "n", XRL_TYPE_U32, XRL_TYPE_NONE },
};
static const struct xrl_param event_in[] = {
	{ "target_class", XRL_TYPE_TXT, XRL_TYPE_NONE },
	{ "target_instance", XRL_TYPE_TXT, XRL_TYPE_NONE },
};
static const struct xrl_method server_methods[] = {
	{ "test/1.0/echo", h_echo, echo_in, 1, echo_in, 1 },
};
static const struct xrl_method watcher_methods[] = {
	{ "finder_event_observer/0.1/xrl_target_birth", h_birth, event_in, 2,
	    NULL, 0 },
	{ "finder_event_observer/0.1/xrl_target_death", h_death, event_in, 2,
	    NULL, 0 },
};

static void
loop_timeout(evutil_socket_t fd, short ev, void *arg)
{
	*(bool *)arg = true;
}

static void
loop_until(struct event_base *base, const uint32_t *done, uint32_t want,
    uint32_t ms)
{
	bool		 expired = false;
	struct event	*t = evtimer_new(base, loop_timeout, &expired);

	evtimer_add_ms(t, ms);
	while (*done < want && !expired)
		event_base_loop(base, EVLOOP_ONCE);
	event_free(t);
}

static uint16_t
free_port(void)
{
	uint16_t	 port;
	int		 fd = sock_listen_tcp("127.0.0.1", 0, &port);

	assert_true(fd != -1);
	close(fd);
	return port;
}

static void
finder_start(struct fixture *f)
{
	const char	*bin = getenv("OKAPI_FINDER_BIN");
	char		 port[8];
	int		 fd, i;

	snprintf(port, sizeof(port), "%u", f->port);
	f->finder = fork();
	assert_true(f->finder != -1);
	if (f->finder == 0) {
		execl(bin, "okapi-finder", "-d", "-p", port, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		fd = sock_connect_tcp("127.0.0.1", f->port, false);
		if (fd != -1) {
			close(fd);
			return;
		}
		usleep(10000);
	}
	fail_msg("okapi-finder did not start on port %u", f->port);
}

static void
finder_stop(struct fixture *f)
{
	int	 status;

	if (f->finder <= 0)
		return;
	kill(f->finder, SIGTERM);
	waitpid(f->finder, &status, 0);
	f->finder = 0;
}

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	const char	*bin = getenv("OKAPI_FINDER_BIN");

	*state = f;
	if (bin == NULL || access(bin, X_OK) == -1) {
		print_message("skipping: OKAPI_FINDER_BIN (okapi-finder) not "
		    "set or not executable\n");
		f->skip = true;
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	snprintf(f->dir, sizeof(f->dir), "/tmp/okapi-rtf.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_non_null(f->base = event_base_new());
	f->port = free_port();
	finder_start(f);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	finder_stop(f);
	if (f->base)
		event_base_free(f->base);
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct xrl_router *
router(struct fixture *f)
{
	struct xrl_router_opts	 o;

	memset(&o, 0, sizeof(o));
	o.finder_addr = "127.0.0.1";
	o.finder_port = f->port;
	o.unix_dir = f->dir;
	o.timeout_ms = 5000;
	return xrl_router_new(f->base, &o);
}

static struct xrl_router *
server(struct fixture *f, struct xrl_target **tp)
{
	struct xrl_router	*r = router(f);
	struct xrl_target	*t;

	assert_non_null(r);
	assert_non_null(t = xrl_router_add_target(r, "e2e", false));
	assert_int_equal(xrl_dispatch_add_all(xrl_target_dispatch(t),
	    server_methods, 1, NULL, f), 0);
	assert_int_equal(xrl_router_start(r), 0);
	if (tp)
		*tp = t;
	return r;
}

static struct xrl_router *
watcher(struct fixture *f)
{
	struct xrl_router	*r = router(f);
	struct xrl_target	*t;

	assert_non_null(r);
	assert_non_null(t = xrl_router_add_target(r, "watcher", false));
	assert_int_equal(xrl_dispatch_add_all(xrl_target_dispatch(t),
	    watcher_methods, 2, NULL, f), 0);
	assert_int_equal(xrl_target_watch_class(t, "e2e"), 0);
	assert_int_equal(xrl_router_start(r), 0);
	return r;
}

struct batch {
	uint32_t	 done;
	uint32_t	 bad;
	uint32_t	 next;
	uint32_t	 code;
	char		 note[XRL_NOTE_MAX];
	struct xrl_args	 reply;
};

struct one {
	struct batch	*b;
	uint32_t	 i;
};

static void
echo_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct one		*o = arg;
	const struct xrl_atom	*n = xrl_args_find(reply, "n");

	if (err->code != XRL_OKAY || n == NULL || n->v.u32 != o->i + 1 ||
	    o->b->next != o->i)
		o->b->bad++;
	o->b->code = err->code;
	o->b->next++;
	o->b->done++;
}

static void
any_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct batch	*b = arg;

	b->code = err->code;
	snprintf(b->note, sizeof(b->note), "%s", err->note);
	xrl_args_clear(&b->reply);
	xrl_args_copy(&b->reply, reply);
	b->done++;
}

static uint32_t
echo_many(struct fixture *f, struct xrl_router *r, const char *target,
    uint32_t n)
{
	struct batch	 b;
	struct one	*o = calloc(n, sizeof(*o));
	struct xrl_args	 a = XRL_ARGS_INIT;
	uint32_t	 i;

	memset(&b, 0, sizeof(b));
	for (i = 0; i < n; i++) {
		o[i].b = &b;
		o[i].i = i;
		xrl_args_clear(&a);
		assert_int_equal(xrl_args_add_u32(&a, "n", i), 0);
		assert_int_equal(xrl_router_send(r, target, "test/1.0/echo",
		    &a, echo_done, NULL, &o[i]), 0);
	}
	xrl_args_clear(&a);
	loop_until(f->base, &b.done, n, 20000);
	assert_int_equal(b.done, n);
	free(o);
	return b.bad == 0 ? XRL_OKAY : b.code;
}

static void
test_register_resolve_call(void **state)
{
	struct fixture		*f = *state;
	struct xrl_router	*s, *c;
	struct xrl_target	*t;
	struct batch		 b;
	char			 instance[128];

	if (f->skip)
		skip();
	s = server(f, &t);
	c = watcher(f);
	assert_true(xrl_router_wait_ready(s, 5000));
	assert_true(xrl_router_wait_ready(c, 5000));
	/* The watcher hears of the server's birth. */
	loop_until(f->base, &f->births, 1, 5000);
	assert_int_equal(f->births, 1);
	assert_string_equal(f->last_born, xrl_target_instance(t));

	/* By class: 10,000 calls, the first ones queued behind resolve. */
	assert_int_equal(echo_many(f, c, "e2e", 10000), XRL_OKAY);
	/* By instance. */
	assert_int_equal(echo_many(f, c, xrl_target_instance(t), 100),
	    XRL_OKAY);

	/* The Finder's own methods go over the Finder connection. */
	memset(&b, 0, sizeof(b));
	assert_int_equal(xrl_router_send(c, "finder",
	    "finder/0.2/get_xrl_targets", NULL, any_done, NULL, &b), 0);
	loop_until(f->base, &b.done, 1, 5000);
	assert_int_equal(b.code, XRL_OKAY);
	assert_non_null(xrl_args_find(&b.reply, "target_names"));

	/* No such target. */
	assert_int_equal(xrl_router_send(c, "nosuch", "test/1.0/echo", NULL,
	    any_done, NULL, &b), 0);
	loop_until(f->base, &b.done, 2, 5000);
	assert_int_equal(b.code, XRL_RESOLVE_FAILED);
	/* No such method on a live target. */
	assert_int_equal(xrl_router_send(c, "e2e", "test/1.0/nosuch", NULL,
	    any_done, NULL, &b), 0);
	loop_until(f->base, &b.done, 3, 5000);
	assert_int_equal(b.code, XRL_RESOLVE_FAILED);

	/* The server leaves: a death, and its resolution is uncached. */
	snprintf(instance, sizeof(instance), "%s", xrl_target_instance(t));
	xrl_router_free(s);
	loop_until(f->base, &f->deaths, 1, 5000);
	assert_int_equal(f->deaths, 1);
	assert_string_equal(f->last_dead, instance);
	assert_int_equal(xrl_router_send(c, "e2e", "test/1.0/echo", NULL,
	    any_done, NULL, &b), 0);
	loop_until(f->base, &b.done, 4, 5000);
	assert_int_equal(b.code, XRL_RESOLVE_FAILED);

	/* A new server of the same class takes over. */
	s = server(f, &t);
	assert_true(xrl_router_wait_ready(s, 5000));
	loop_until(f->base, &f->births, 2, 5000);
	assert_int_equal(echo_many(f, c, "e2e", 100), XRL_OKAY);
	xrl_args_clear(&b.reply);
	xrl_router_free(c);
	xrl_router_free(s);
}

static void
test_finder_restart(void **state)
{
	struct fixture		*f = *state;
	struct xrl_router	*s, *c;
	struct batch		 b;

	if (f->skip)
		skip();
	s = server(f, NULL);
	c = watcher(f);
	assert_true(xrl_router_wait_ready(s, 5000));
	assert_true(xrl_router_wait_ready(c, 5000));
	assert_int_equal(echo_many(f, c, "e2e", 100), XRL_OKAY);

	finder_stop(f);
	memset(&b, 0, sizeof(b));
	/* Let both routers notice; then calls needing a resolve fail fast. */
	loop_until(f->base, &b.done, 1, 300);
	assert_false(xrl_router_ready(c));
	assert_int_equal(xrl_router_send(c, "e2e", "test/1.0/echo", NULL,
	    any_done, NULL, &b), 0);
	loop_until(f->base, &b.done, 1, 1000);
	assert_int_equal(b.code, XRL_NO_FINDER);

	/* Back again: both re-register by themselves. */
	finder_start(f);
	assert_true(xrl_router_wait_ready(s, 8000));
	assert_true(xrl_router_wait_ready(c, 8000));
	assert_int_equal(echo_many(f, c, "e2e", 1000), XRL_OKAY);
	xrl_args_clear(&b.reply);
	xrl_router_free(c);
	xrl_router_free(s);
}

static void
test_finder_late(void **state)
{
	struct fixture		*f = *state;
	struct xrl_router	*s;
	struct xrl		 x;
	struct xrl_args		 reply = XRL_ARGS_INIT;
	struct xrl_error	 err;

	if (f->skip)
		skip();
	/* The router starts first and keeps trying. */
	finder_stop(f);
	s = server(f, NULL);
	assert_false(xrl_router_wait_ready(s, 300));
	finder_start(f);
	assert_true(xrl_router_wait_ready(s, 8000));

	/* The blocking helper, through the Finder. */
	xrl_init(&x);
	assert_int_equal(xrl_set(&x, "finder", "e2e", "test/1.0/echo"), 0);
	assert_int_equal(xrl_args_add_u32(&x.args, "n", 41), 0);
	assert_int_equal(xrl_router_call(s, &x, &reply, &err), XRL_OKAY);
	assert_int_equal(xrl_args_find(&reply, "n")->v.u32, 42);
	xrl_args_clear(&reply);
	xrl_clear(&x);
	xrl_router_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register_resolve_call,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_finder_restart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_finder_late, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

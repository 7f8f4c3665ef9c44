/*
 * DOC: unit tests of the C that xifgen generates from okapi's own .xif
 * files. The method tables are checked against the interface facts (the
 * XORP signatures for common, finder and friends; demo/0.1 as okapi
 * defines it); the server wrappers are called directly, the way the
 * dispatcher calls them, and through the dispatcher; the client stubs and
 * their reply unmarshallers run against a stand-in xrl_router_send()
 * defined here, so no router, socket or event loop is involved.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common_xif.h"
#include "demo_xif.h"
#include "finder_client_xif.h"
#include "finder_event_notifier_xif.h"
#include "finder_event_observer_xif.h"
#include "finder_xif.h"

/* Type names as a .xif writes them, independent of lib/xrl's table. */
static const char *const tnames[XRL_TYPE_MAX] = {
	[XRL_TYPE_NONE] = "none", [XRL_TYPE_I32] = "i32",
	[XRL_TYPE_U32] = "u32", [XRL_TYPE_IPV4] = "ipv4",
	[XRL_TYPE_IPV4NET] = "ipv4net", [XRL_TYPE_IPV6] = "ipv6",
	[XRL_TYPE_IPV6NET] = "ipv6net", [XRL_TYPE_MAC] = "mac",
	[XRL_TYPE_TXT] = "txt", [XRL_TYPE_LIST] = "list",
	[XRL_TYPE_BOOL] = "bool", [XRL_TYPE_BINARY] = "binary",
	[XRL_TYPE_I64] = "i64", [XRL_TYPE_U64] = "u64",
	[XRL_TYPE_FP64] = "fp64",
};

static void
sig_print(char *buf, size_t len, const struct xrl_param *ps, uint32_t n)
{
	size_t	 off = strlen(buf);
	uint32_t i;

	for (i = 0; i < n; i++) {
		assert_true(ps[i].type < XRL_TYPE_MAX);
		off += snprintf(buf + off, len - off, "%s%s:%s", i > 0 ? "&" :
		    "", ps[i].name, tnames[ps[i].type]);
		if (ps[i].type == XRL_TYPE_LIST)
			off += snprintf(buf + off, len - off, "<%s>",
			    tnames[ps[i].member]);
		else
			assert_int_equal(ps[i].member, XRL_TYPE_NONE);
		assert_true(off < len);
	}
}

/* A table row in the --methods form: name?in->out. */
static void
method_print(char *buf, size_t len, const struct xrl_method *m)
{
	snprintf(buf, len, "%s", m->name);
	if (m->nin > 0) {
		strncat(buf, "?", len - strlen(buf) - 1);
		sig_print(buf, len, m->in, m->nin);
	} else
		assert_null(m->in);
	if (m->nout > 0) {
		strncat(buf, "->", len - strlen(buf) - 1);
		sig_print(buf, len, m->out, m->nout);
	} else
		assert_null(m->out);
}

static void
check_table(const struct xrl_method *ms, uint32_t n,
    const char *const *expected, uint32_t nexpected)
{
	char	 buf[512];
	uint32_t i;

	assert_int_equal(n, nexpected);
	for (i = 0; i < n; i++) {
		assert_non_null(ms[i].fn);
		method_print(buf, sizeof(buf), &ms[i]);
		assert_string_equal(buf, expected[i]);
	}
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static void
test_demo_table(void **state)
{
	static const char *const demo[] = {
		"demo/0.1/ping",
		"demo/0.1/echo?items:list<u32>->echoed:list<u32>",
		"demo/0.1/add?a:i32&b:i32->sum:i32",
		"demo/0.1/greet?name:txt->greeting:txt",
		"demo/0.1/fail?reason:txt",
		"demo/0.1/sleep?ms:u32",
	};

	assert_int_equal(XRL_DEMO_V0P1_NMETHODS, 6);
	check_table(xrl_demo_v0p1_methods, XRL_DEMO_V0P1_NMETHODS, demo,
	    NELEM(demo));
}

/* These must stay identical to XORP's, or XORP processes cannot talk to
 * okapi ones (shared/xorp-xif/methods.expected.tsv). */
static void
test_xorp_tables(void **state)
{
	static const char *const common[] = {
		"common/0.1/get_target_name->name:txt",
		"common/0.1/get_version->version:txt",
		"common/0.1/get_status->status:u32&reason:txt",
		"common/0.1/shutdown",
		"common/0.1/startup",
	};
	static const char *const finder[] = {
		"finder/0.2/register_finder_client?instance_name:txt&"
		    "class_name:txt&singleton:bool&in_cookie:txt->"
		    "out_cookie:txt",
		"finder/0.2/unregister_finder_client?instance_name:txt",
		"finder/0.2/set_finder_client_enabled?instance_name:txt&"
		    "enabled:bool",
		"finder/0.2/finder_client_enabled?instance_name:txt->"
		    "enabled:bool",
		"finder/0.2/add_xrl?xrl:txt&protocol_name:txt&"
		    "protocol_args:txt->resolved_xrl_method_name:txt",
		"finder/0.2/remove_xrl?xrl:txt",
		"finder/0.2/resolve_xrl?xrl:txt->resolutions:list<txt>",
		"finder/0.2/get_xrl_targets->target_names:list<txt>",
		"finder/0.2/get_xrls_registered_by?target_name:txt->"
		    "xrls:list<txt>",
		"finder/0.2/get_ipv4_permitted_hosts->ipv4s:list<ipv4>",
		"finder/0.2/get_ipv4_permitted_nets->ipv4nets:list<ipv4net>",
		"finder/0.2/get_ipv6_permitted_hosts->ipv6s:list<ipv6>",
		"finder/0.2/get_ipv6_permitted_nets->ipv6nets:list<ipv6net>",
	};
	static const char *const client[] = {
		"finder_client/0.2/hello",
		"finder_client/0.2/remove_xrl_from_cache?xrl:txt",
		"finder_client/0.2/remove_xrls_for_target_from_cache?"
		    "target_name:txt",
		"finder_client/0.2/dispatch_tunneled_xrl?xrl:txt->"
		    "xrl_error:u32&xrl_error_note:txt",
	};
	static const char *const notifier[] = {
		"finder_event_notifier/0.1/register_class_event_interest?"
		    "requester_instance:txt&class_name:txt",
		"finder_event_notifier/0.1/deregister_class_event_interest?"
		    "requester_instance:txt&class_name:txt",
		"finder_event_notifier/0.1/register_instance_event_interest?"
		    "requester_instance:txt&instance_name:txt",
		"finder_event_notifier/0.1/deregister_instance_event_interest?"
		    "requester_instance:txt&instance_name:txt",
	};
	static const char *const observer[] = {
		"finder_event_observer/0.1/xrl_target_birth?"
		    "target_class:txt&target_instance:txt",
		"finder_event_observer/0.1/xrl_target_death?"
		    "target_class:txt&target_instance:txt",
	};

	check_table(xrl_common_v0p1_methods, XRL_COMMON_V0P1_NMETHODS,
	    common, NELEM(common));
	check_table(xrl_finder_v0p2_methods, XRL_FINDER_V0P2_NMETHODS,
	    finder, NELEM(finder));
	check_table(xrl_finder_client_v0p2_methods,
	    XRL_FINDER_CLIENT_V0P2_NMETHODS, client, NELEM(client));
	check_table(xrl_finder_event_notifier_v0p1_methods,
	    XRL_FINDER_EVENT_NOTIFIER_V0P1_NMETHODS, notifier,
	    NELEM(notifier));
	check_table(xrl_finder_event_observer_v0p1_methods,
	    XRL_FINDER_EVENT_OBSERVER_V0P1_NMETHODS, observer,
	    NELEM(observer));
}

/* ------------------------------------------------------------------ */
/* Server side: a demo/0.1 implementation */

struct demo_ctx {
	int	 calls;
	char	 greeting[64];
	uint32_t slept;
};

static void
demo_add(void *ctx, struct xrl_error *err, int32_t a, int32_t b,
    struct xrl_demo_v0p1_add_out *out)
{
	struct demo_ctx	*dc = ctx;

	dc->calls++;
	out->sum = (int32_t)((uint32_t)a + (uint32_t)b);
}

static void
demo_greet(void *ctx, struct xrl_error *err, const char *name,
    struct xrl_demo_v0p1_greet_out *out)
{
	struct demo_ctx	*dc = ctx;

	dc->calls++;
	if (strcmp(name, "nobody") == 0)
		return;			/* NULL greeting: sent as "" */
	/* Results may point at the handler's own storage. */
	snprintf(dc->greeting, sizeof(dc->greeting), "hello, %s", name);
	out->greeting = dc->greeting;
}

static void
demo_echo(void *ctx, struct xrl_error *err, const struct xrl_args *items,
    struct xrl_demo_v0p1_echo_out *out)
{
	uint32_t i;

	assert_non_null(out->echoed);
	assert_int_equal(out->echoed->count, 0);
	for (i = 0; i < items->count; i++)
		assert_int_equal(xrl_args_add_u32(out->echoed, NULL,
		    items->atoms[i].v.u32 * 2), 0);
}

static void
demo_fail(void *ctx, struct xrl_error *err, const char *reason)
{
	xrl_error_set(err, XRL_COMMAND_FAILED, "%s", reason);
}

static void
demo_sleep(void *ctx, struct xrl_error *err, uint32_t ms)
{
	struct demo_ctx	*dc = ctx;

	dc->slept = ms;
}

static const struct xrl_demo_v0p1 demo_impl = {
	.add = demo_add,
	.greet = demo_greet,
	.echo = demo_echo,
	.fail = demo_fail,
	.sleep = demo_sleep,
	/* ping left NULL: "not implemented" */
};

static const struct xrl_method *
demo_method(const char *name)
{
	uint32_t i;

	for (i = 0; i < XRL_DEMO_V0P1_NMETHODS; i++)
		if (strcmp(xrl_demo_v0p1_methods[i].name, name) == 0)
			return &xrl_demo_v0p1_methods[i];
	fail_msg("no method %s", name);
	return NULL;
}

/* Call a wrapper as the dispatcher does once in matches m->in by position. */
static void
call_direct(const char *name, const void *impl, void *ctx,
    const struct xrl_args *in, struct xrl_args *out, struct xrl_error *err)
{
	const struct xrl_method	*m = demo_method(name);
	const struct xrl_atom	*bound[8];
	uint32_t		 i;

	assert_int_equal(in->count, m->nin);
	for (i = 0; i < in->count; i++)
		bound[i] = &in->atoms[i];
	xrl_error_ok(err);
	m->fn(m, impl, ctx, bound, out, err);
}

static void
test_server_wrappers(void **state)
{
	struct demo_ctx	 dc;
	struct xrl_args	 in, out;
	struct xrl_error err;
	const struct xrl_atom *a;
	struct xrl_args	*l;

	memset(&dc, 0, sizeof(dc));
	xrl_args_init(&in);
	xrl_args_init(&out);

	/* add: scalars in, a scalar out by name */
	assert_int_equal(xrl_args_add_i32(&in, "a", 40), 0);
	assert_int_equal(xrl_args_add_i32(&in, "b", 2), 0);
	call_direct("demo/0.1/add", &demo_impl, &dc, &in, &out, &err);
	assert_int_equal(err.code, XRL_OKAY);
	assert_int_equal(dc.calls, 1);
	assert_int_equal(out.count, 1);
	assert_string_equal(out.atoms[0].name, "sum");
	assert_int_equal(out.atoms[0].type, XRL_TYPE_I32);
	assert_int_equal(out.atoms[0].v.i32, 42);
	xrl_args_clear(&in);
	xrl_args_clear(&out);

	/* greet: txt in, txt out copied from the handler's storage */
	assert_int_equal(xrl_args_add_txt(&in, "name", "bob"), 0);
	call_direct("demo/0.1/greet", &demo_impl, &dc, &in, &out, &err);
	assert_int_equal(err.code, XRL_OKAY);
	memset(dc.greeting, 'x', sizeof(dc.greeting));	/* must be a copy */
	assert_non_null(a = xrl_args_find(&out, "greeting"));
	assert_int_equal(a->type, XRL_TYPE_TXT);
	assert_int_equal(a->v.bytes.len, 10);
	assert_memory_equal(a->v.bytes.p, "hello, bob", 10);
	xrl_args_clear(&in);
	xrl_args_clear(&out);

	/* a NULL txt result is sent as "" */
	assert_int_equal(xrl_args_add_txt(&in, "name", "nobody"), 0);
	call_direct("demo/0.1/greet", &demo_impl, &dc, &in, &out, &err);
	assert_int_equal(err.code, XRL_OKAY);
	assert_non_null(a = xrl_args_find(&out, "greeting"));
	assert_int_equal(a->v.bytes.len, 0);
	xrl_args_clear(&in);
	xrl_args_clear(&out);

	/* echo: a list in, the list the wrapper lent filled and moved out */
	assert_non_null(l = xrl_args_add_list(&in, "items"));
	assert_int_equal(xrl_args_add_u32(l, NULL, 1), 0);
	assert_int_equal(xrl_args_add_u32(l, NULL, 2), 0);
	assert_int_equal(xrl_args_add_u32(l, NULL, 3), 0);
	call_direct("demo/0.1/echo", &demo_impl, &dc, &in, &out, &err);
	assert_int_equal(err.code, XRL_OKAY);
	assert_int_equal(out.count, 1);
	assert_string_equal(out.atoms[0].name, "echoed");
	assert_int_equal(out.atoms[0].type, XRL_TYPE_LIST);
	assert_non_null(out.atoms[0].v.list);
	assert_int_equal(out.atoms[0].v.list->count, 3);
	assert_int_equal(out.atoms[0].v.list->atoms[2].v.u32, 6);
	xrl_args_clear(&in);
	xrl_args_clear(&out);

	/* fail: the handler's error goes back unchanged, with no results */
	assert_int_equal(xrl_args_add_txt(&in, "reason", "on purpose"), 0);
	call_direct("demo/0.1/fail", &demo_impl, &dc, &in, &out, &err);
	assert_int_equal(err.code, XRL_COMMAND_FAILED);
	assert_string_equal(err.note, "on purpose");
	assert_int_equal(out.count, 0);
	xrl_args_clear(&in);

	/* sleep: a u32 in, nothing out */
	assert_int_equal(xrl_args_add_u32(&in, "ms", 250), 0);
	call_direct("demo/0.1/sleep", &demo_impl, &dc, &in, &out, &err);
	assert_int_equal(err.code, XRL_OKAY);
	assert_int_equal(dc.slept, 250);
	assert_int_equal(out.count, 0);
	xrl_args_clear(&in);

	/* ping has no handler; no table at all answers the same */
	call_direct("demo/0.1/ping", &demo_impl, &dc, &in, &out, &err);
	assert_int_equal(err.code, XRL_COMMAND_FAILED);
	assert_string_equal(err.note, "not implemented");
	call_direct("demo/0.1/ping", NULL, &dc, &in, &out, &err);
	assert_int_equal(err.code, XRL_COMMAND_FAILED);
}

static void
test_dispatch(void **state)
{
	struct xrl_dispatch		*d;
	const struct xrl_dispatch_entry	*e;
	struct demo_ctx			 dc;
	struct xrl_args			 in, out;
	struct xrl_error		 err;
	const char			*name = "demo/0.1/add";

	memset(&dc, 0, sizeof(dc));
	xrl_args_init(&in);
	xrl_args_init(&out);
	assert_non_null(d = xrl_dispatch_new());
	assert_int_equal(xrl_demo_v0p1_register(d, &demo_impl, &dc), 0);
	assert_int_equal(xrl_common_v0p1_register(d,
	    &(struct xrl_common_v0p1){ 0 }, NULL), 0);
	assert_int_equal(xrl_dispatch_count(d),
	    XRL_DEMO_V0P1_NMETHODS + XRL_COMMON_V0P1_NMETHODS);
	assert_non_null(e = xrl_dispatch_lookup(d, name, strlen(name)));
	assert_ptr_equal(e->impl, &demo_impl);
	assert_ptr_equal(e->ctx, &dc);

	/* Named arguments may come in any order. */
	assert_int_equal(xrl_args_add_i32(&in, "b", -5), 0);
	assert_int_equal(xrl_args_add_i32(&in, "a", 12), 0);
	xrl_error_ok(&err);
	xrl_dispatch_call(e, &in, &out, &err);
	assert_int_equal(err.code, XRL_OKAY);
	assert_int_equal(xrl_args_find(&out, "sum")->v.i32, 7);
	xrl_args_clear(&in);
	xrl_args_clear(&out);

	/* A wrong type never reaches the handler. */
	assert_int_equal(xrl_args_add_i32(&in, "a", 1), 0);
	assert_int_equal(xrl_args_add_txt(&in, "b", "2"), 0);
	xrl_error_ok(&err);
	xrl_dispatch_call(e, &in, &out, &err);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	assert_int_equal(dc.calls, 1);
	assert_int_equal(out.count, 0);
	xrl_args_clear(&in);

	/* The empty common/0.1 table answers "not implemented". */
	name = "common/0.1/get_status";
	assert_non_null(e = xrl_dispatch_lookup(d, name, strlen(name)));
	xrl_error_ok(&err);
	xrl_dispatch_call(e, &in, &out, &err);
	assert_int_equal(err.code, XRL_COMMAND_FAILED);
	xrl_dispatch_free(d);
}

/* ------------------------------------------------------------------ */
/* Client side, against a stand-in router */

static struct {
	int		 calls;
	char		 target[64];
	char		 command[64];
	struct xrl_args	 args;
	xrl_reply_fn	 fn;
	xrl_fnptr	 ucb;
	void		*arg;
} sent;

/* Replaces lib/xrl/router.c's: records the call instead of sending it. */
int
xrl_router_send(struct xrl_router *r, const char *target,
    const char *command, const struct xrl_args *args, xrl_reply_fn fn,
    xrl_fnptr ucb, void *arg)
{
	sent.calls++;
	snprintf(sent.target, sizeof(sent.target), "%s", target);
	snprintf(sent.command, sizeof(sent.command), "%s", command);
	xrl_args_clear(&sent.args);
	assert_int_equal(xrl_args_copy(&sent.args, args), 0);
	sent.fn = fn;
	sent.ucb = ucb;
	sent.arg = arg;
	return 0;
}

struct result {
	int		 calls;
	uint32_t	 code;
	bool		 have;
	int32_t		 sum;
	char		 text[64];
	uint32_t	 count;
};

static void
add_cb(const struct xrl_error *err, const int32_t *sum, void *arg)
{
	struct result	*res = arg;

	res->calls++;
	res->code = err->code;
	res->have = sum != NULL;
	if (sum != NULL)
		res->sum = *sum;
}

static void
greet_cb(const struct xrl_error *err, const char *greeting, void *arg)
{
	struct result	*res = arg;

	res->calls++;
	res->code = err->code;
	res->have = greeting != NULL;
	if (greeting != NULL)
		snprintf(res->text, sizeof(res->text), "%s", greeting);
}

static void
echo_cb(const struct xrl_error *err, const struct xrl_args *items,
    void *arg)
{
	struct result	*res = arg;

	res->calls++;
	res->code = err->code;
	res->have = items != NULL;
	if (items != NULL)
		res->count = items->count;
}

static void
ping_cb(const struct xrl_error *err, void *arg)
{
	struct result	*res = arg;

	res->calls++;
	res->code = err->code;
}

static void
test_client_stubs(void **state)
{
	struct result	 res;
	struct xrl_args	 reply, items, *l;
	struct xrl_error ok, failed;
	const struct xrl_atom *a;

	xrl_args_init(&reply);
	xrl_args_init(&items);
	xrl_error_ok(&ok);
	xrl_error_set(&failed, XRL_RESOLVE_FAILED, "no such target");

	/* The call: command and named arguments in .xif order. */
	memset(&res, 0, sizeof(res));
	assert_int_equal(xrl_demo_v0p1_send_add(NULL, "demo-1", 2, -3,
	    add_cb, &res), 0);
	assert_int_equal(sent.calls, 1);
	assert_string_equal(sent.target, "demo-1");
	assert_string_equal(sent.command, "demo/0.1/add");
	assert_int_equal(sent.args.count, 2);
	assert_string_equal(sent.args.atoms[0].name, "a");
	assert_int_equal(sent.args.atoms[0].v.i32, 2);
	assert_string_equal(sent.args.atoms[1].name, "b");
	assert_int_equal(sent.args.atoms[1].v.i32, -3);
	assert_ptr_equal(sent.arg, &res);

	/* A good reply gives typed pointers. */
	assert_int_equal(xrl_args_add_i32(&reply, "sum", -1), 0);
	sent.fn(&ok, &reply, sent.ucb, sent.arg);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.code, XRL_OKAY);
	assert_true(res.have);
	assert_int_equal(res.sum, -1);

	/* An error is passed on with NULL results. */
	memset(&res, 0, sizeof(res));
	sent.fn(&failed, &items, sent.ucb, sent.arg);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.code, XRL_RESOLVE_FAILED);
	assert_false(res.have);

	/* A reply that does not match the signature is BAD_ARGS. */
	memset(&res, 0, sizeof(res));
	xrl_args_clear(&reply);
	assert_int_equal(xrl_args_add_txt(&reply, "sum", "-1"), 0);
	sent.fn(&ok, &reply, sent.ucb, sent.arg);
	assert_int_equal(res.code, XRL_BAD_ARGS);
	assert_false(res.have);
	xrl_args_clear(&reply);
	sent.fn(&ok, &reply, sent.ucb, sent.arg);	/* missing */
	assert_int_equal(res.code, XRL_BAD_ARGS);
	assert_int_equal(res.calls, 2);

	/* A NULL callback: fire and forget. */
	assert_int_equal(xrl_demo_v0p1_send_add(NULL, "demo", 1, 1, NULL,
	    NULL), 0);
	assert_int_equal(xrl_args_add_i32(&reply, "sum", 2), 0);
	sent.fn(&ok, &reply, sent.ucb, sent.arg);
	sent.fn(&failed, &items, sent.ucb, sent.arg);
	xrl_args_clear(&reply);

	/* txt: a NULL argument is sent as "", the result as a C string. */
	memset(&res, 0, sizeof(res));
	assert_int_equal(xrl_demo_v0p1_send_greet(NULL, "demo", NULL,
	    greet_cb, &res), 0);
	assert_string_equal(sent.command, "demo/0.1/greet");
	assert_non_null(a = xrl_args_find(&sent.args, "name"));
	assert_int_equal(a->type, XRL_TYPE_TXT);
	assert_int_equal(a->v.bytes.len, 0);
	assert_int_equal(xrl_args_add_txt(&reply, "greeting", "hi there"), 0);
	sent.fn(&ok, &reply, sent.ucb, sent.arg);
	assert_int_equal(res.code, XRL_OKAY);
	assert_string_equal(res.text, "hi there");
	xrl_args_clear(&reply);

	/* list<u32> both ways */
	memset(&res, 0, sizeof(res));
	assert_int_equal(xrl_args_add_u32(&items, NULL, 7), 0);
	assert_int_equal(xrl_args_add_u32(&items, NULL, 8), 0);
	assert_int_equal(xrl_demo_v0p1_send_echo(NULL, "demo", &items,
	    echo_cb, &res), 0);
	assert_non_null(a = xrl_args_find(&sent.args, "items"));
	assert_int_equal(a->type, XRL_TYPE_LIST);
	assert_int_equal(a->v.list->count, 2);
	assert_int_equal(a->v.list->atoms[1].v.u32, 8);
	assert_non_null(l = xrl_args_add_list(&reply, "echoed"));
	assert_int_equal(xrl_args_add_u32(l, NULL, 1), 0);
	assert_int_equal(xrl_args_add_u32(l, NULL, 2), 0);
	assert_int_equal(xrl_args_add_u32(l, NULL, 3), 0);
	sent.fn(&ok, &reply, sent.ucb, sent.arg);
	assert_int_equal(res.code, XRL_OKAY);
	assert_true(res.have);
	assert_int_equal(res.count, 3);
	xrl_args_clear(&reply);
	xrl_args_clear(&items);

	/* No results: an unexpected one is BAD_ARGS, as in XORP. */
	memset(&res, 0, sizeof(res));
	assert_int_equal(xrl_demo_v0p1_send_ping(NULL, "demo", ping_cb, &res),
	    0);
	assert_string_equal(sent.command, "demo/0.1/ping");
	assert_int_equal(sent.args.count, 0);
	sent.fn(&ok, &reply, sent.ucb, sent.arg);
	assert_int_equal(res.code, XRL_OKAY);
	assert_int_equal(xrl_args_add_u32(&reply, "extra", 1), 0);
	sent.fn(&ok, &reply, sent.ucb, sent.arg);
	assert_int_equal(res.code, XRL_BAD_ARGS);
	assert_int_equal(res.calls, 2);
	xrl_args_clear(&reply);
	xrl_args_clear(&sent.args);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_table),
		cmocka_unit_test(test_xorp_tables),
		cmocka_unit_test(test_server_wrappers),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_client_stubs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

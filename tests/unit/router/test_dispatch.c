/*
 * DOC: dispatch.c: xrl_args_bind (every matching rule of §5), the method
 * table, and xrl_dispatch_call's checks before and after a handler.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "dispatch.h"

static const struct xrl_param route_in[] = {
	{ "network", XRL_TYPE_IPV4NET, XRL_TYPE_NONE },
	{ "metric", XRL_TYPE_U32, XRL_TYPE_NONE },
	{ "tags", XRL_TYPE_LIST, XRL_TYPE_U32 },
};

static void
add_route_args(struct xrl_args *a, bool named, bool reverse)
{
	struct prefix4	 p;
	struct xrl_args	*l;

	assert_true(prefix4_parse("10.1.0.0/16", &p));
	if (reverse) {
		l = xrl_args_add_list(a, named ? "tags" : NULL);
		assert_non_null(l);
		assert_int_equal(xrl_args_add_u32(l, NULL, 7), 0);
		assert_int_equal(xrl_args_add_u32(a, named ? "metric" : NULL,
		    5), 0);
		assert_int_equal(xrl_args_add_ipv4net(a,
		    named ? "network" : NULL, &p), 0);
		return;
	}
	assert_int_equal(xrl_args_add_ipv4net(a, named ? "network" : NULL,
	    &p), 0);
	assert_int_equal(xrl_args_add_u32(a, named ? "metric" : NULL, 5), 0);
	l = xrl_args_add_list(a, named ? "tags" : NULL);
	assert_non_null(l);
	assert_int_equal(xrl_args_add_u32(l, NULL, 7), 0);
}

static void
test_bind_named_any_order(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT;
	const struct xrl_atom	*b[3];
	struct xrl_error	 err;

	add_route_args(&a, true, true);
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), 0);
	assert_int_equal(b[0]->type, XRL_TYPE_IPV4NET);
	assert_int_equal(b[0]->v.ipv4net.len, 16);
	assert_int_equal(b[1]->v.u32, 5);
	assert_int_equal(b[2]->v.list->atoms[0].v.u32, 7);
	xrl_args_clear(&a);
}

static void
test_bind_unnamed_by_position(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT;
	const struct xrl_atom	*b[3];
	struct xrl_error	 err;

	add_route_args(&a, false, false);
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), 0);
	assert_int_equal(b[1]->v.u32, 5);
	xrl_args_clear(&a);

	/* Unnamed in the wrong order: position wins, so the types clash. */
	add_route_args(&a, false, true);
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), -1);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	assert_non_null(strstr(err.note, "\"network\""));
	xrl_args_clear(&a);
}

static void
test_bind_mixed(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT;
	const struct xrl_atom	*b[2];
	struct xrl_error	 err;
	static const struct xrl_param p[] = {
		{ "a", XRL_TYPE_U32, XRL_TYPE_NONE },
		{ "b", XRL_TYPE_TXT, XRL_TYPE_NONE },
	};

	/* Unnamed first (position 0 = "a"), named "b" second. */
	assert_int_equal(xrl_args_add_u32(&a, NULL, 1), 0);
	assert_int_equal(xrl_args_add_txt(&a, "b", "x"), 0);
	assert_int_equal(xrl_args_bind(&a, p, 2, b, &err), 0);
	assert_int_equal(b[0]->v.u32, 1);
	xrl_args_clear(&a);

	/* Named "a" at position 1, then unnamed at position 1 too. */
	assert_int_equal(xrl_args_add_txt(&a, NULL, "x"), 0);
	assert_int_equal(xrl_args_add_u32(&a, "a", 1), 0);
	assert_int_equal(xrl_args_bind(&a, p, 2, b, &err), -1);
	xrl_args_clear(&a);

	/* The same name twice. */
	assert_int_equal(xrl_args_add_u32(&a, "a", 1), 0);
	assert_int_equal(xrl_args_add_u32(&a, "a", 2), 0);
	assert_int_equal(xrl_args_bind(&a, p, 2, b, &err), -1);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	assert_non_null(strstr(err.note, "\"a\""));
	xrl_args_clear(&a);
}

static void
test_bind_count(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT;
	const struct xrl_atom	*b[3];
	struct xrl_error	 err;

	add_route_args(&a, true, false);
	assert_int_equal(xrl_args_bind(&a, route_in, 2, b, &err), -1);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	assert_non_null(strstr(err.note, "expected 2 arguments, got 3"));
	xrl_args_clear(&a);

	assert_int_equal(xrl_args_add_u32(&a, "metric", 1), 0);
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), -1);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	xrl_args_clear(&a);

	/* No arguments expected, none given. */
	assert_int_equal(xrl_args_bind(&a, NULL, 0, b, &err), 0);
}

static void
test_bind_unknown_name(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT;
	const struct xrl_atom	*b[3];
	struct xrl_error	 err;
	struct prefix4		 p;

	assert_true(prefix4_parse("10.0.0.0/8", &p));
	assert_int_equal(xrl_args_add_ipv4net(&a, "network", &p), 0);
	assert_int_equal(xrl_args_add_u32(&a, "metrik", 1), 0);
	assert_non_null(xrl_args_add_list(&a, "tags"));
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), -1);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	assert_non_null(strstr(err.note, "\"metrik\""));
	xrl_args_clear(&a);
}

static void
test_bind_wrong_type(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT;
	const struct xrl_atom	*b[3];
	struct xrl_error	 err;
	struct prefix4		 p;

	assert_true(prefix4_parse("10.0.0.0/8", &p));
	assert_int_equal(xrl_args_add_ipv4net(&a, "network", &p), 0);
	assert_int_equal(xrl_args_add_i32(&a, "metric", 1), 0);
	assert_non_null(xrl_args_add_list(&a, "tags"));
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), -1);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	assert_non_null(strstr(err.note, "\"metric\""));
	assert_non_null(strstr(err.note, "u32"));
	assert_non_null(strstr(err.note, "i32"));
	xrl_args_clear(&a);
}

static void
test_bind_lists(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT, *l;
	const struct xrl_atom	*b[3];
	struct xrl_error	 err;
	struct prefix4		 p;
	static const struct xrl_param anylist[] = {
		{ "l", XRL_TYPE_LIST, XRL_TYPE_NONE },
	};

	assert_true(prefix4_parse("10.0.0.0/8", &p));
	/* An empty list is fine (XORP's RIB asserted on it). */
	assert_int_equal(xrl_args_add_ipv4net(&a, "network", &p), 0);
	assert_int_equal(xrl_args_add_u32(&a, "metric", 1), 0);
	assert_non_null(l = xrl_args_add_list(&a, "tags"));
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), 0);
	assert_int_equal(b[2]->v.list->count, 0);

	/* A member of the wrong type. */
	assert_int_equal(xrl_args_add_u32(l, NULL, 1), 0);
	assert_int_equal(xrl_args_add_txt(l, NULL, "two"), 0);
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), -1);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	assert_non_null(strstr(err.note, "\"tags\""));
	assert_non_null(strstr(err.note, "item 2"));
	xrl_args_clear(&a);

	/* A list where a scalar is expected, and the other way round. */
	assert_int_equal(xrl_args_add_ipv4net(&a, "network", &p), 0);
	assert_non_null(xrl_args_add_list(&a, "metric"));
	assert_int_equal(xrl_args_add_u32(&a, "tags", 1), 0);
	assert_int_equal(xrl_args_bind(&a, route_in, 3, b, &err), -1);
	xrl_args_clear(&a);

	/* No member type declared: anything goes. */
	assert_non_null(l = xrl_args_add_list(&a, "l"));
	assert_int_equal(xrl_args_add_u32(l, NULL, 1), 0);
	assert_int_equal(xrl_args_add_txt(l, NULL, "x"), 0);
	assert_int_equal(xrl_args_bind(&a, anylist, 1, b, &err), 0);
	xrl_args_clear(&a);
}

static void
test_bind_dataless(void **state)
{
	struct xrl_args		 a = XRL_ARGS_INIT;
	const struct xrl_atom	*b[1];
	struct xrl_atom		*at;
	struct xrl_error	 err;
	static const struct xrl_param p[] = {
		{ "n", XRL_TYPE_U32, XRL_TYPE_NONE },
	};

	assert_non_null(at = xrl_args_add(&a, "n", XRL_TYPE_U32));
	at->has_data = false;
	assert_int_equal(xrl_args_bind(&a, p, 1, b, &err), -1);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	assert_non_null(strstr(err.note, "\"n\""));
	xrl_args_clear(&a);
}

/* A handler that does what its context says. */
enum behave { OK, WRONG_OUT, FAIL, NO_OUT };

static void
h_metric(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	enum behave	*b = ctx;

	switch (*b) {
	case OK:
		xrl_args_add_u32(out, "doubled", in[1]->v.u32 * 2);
		xrl_args_add_u32(out, "ntags", in[2]->v.list->count);
		break;
	case WRONG_OUT:
		xrl_args_add_u32(out, "doubled", 1);
		xrl_args_add_txt(out, "ntags", "1");
		break;
	case FAIL:
		xrl_args_add_u32(out, "doubled", 1);
		xrl_error_set(err, XRL_COMMAND_FAILED, "no way");
		break;
	case NO_OUT:
		break;
	}
}

static const struct xrl_param metric_out[] = {
	{ "doubled", XRL_TYPE_U32, XRL_TYPE_NONE },
	{ "ntags", XRL_TYPE_U32, XRL_TYPE_NONE },
};

static const struct xrl_method methods[] = {
	{ "rib/0.1/metric", h_metric, route_in, 3, metric_out, 2 },
	{ "rib/0.1/nohandler", NULL, NULL, 0, NULL, 0 },
};

#define RESOLVED	"rib/0.1/metric-0123456789abcdef"

static void
test_dispatch_table(void **state)
{
	struct xrl_dispatch			*d = xrl_dispatch_new();
	const struct xrl_dispatch_entry		*e;
	struct xrl_dispatch_entry		 alias;
	static struct xrl_method		 many[100];
	char					 names[100][32];
	uint32_t				 i;

	assert_int_equal(xrl_dispatch_add_all(d, methods, 2, NULL, NULL), 0);
	assert_int_equal(xrl_dispatch_add(d, &methods[0], NULL, NULL), -1);
	assert_int_equal(xrl_dispatch_count(d), 2);
	assert_ptr_equal(xrl_dispatch_at(d, 1)->method, &methods[1]);
	assert_null(xrl_dispatch_at(d, 2));
	assert_non_null(e = xrl_dispatch_lookup(d, "rib/0.1/metricXX", 14));
	assert_ptr_equal(e->method, &methods[0]);
	assert_null(xrl_dispatch_lookup(d, "rib/0.1/metri", 13));
	assert_null(xrl_dispatch_lookup(d, "rib/0.1/nosuch", 14));

	/* Enough entries to rehash several times. */
	for (i = 0; i < 100; i++) {
		snprintf(names[i], sizeof(names[i]), "x/1.0/m%u", i);
		many[i].name = names[i];
		assert_int_equal(xrl_dispatch_add(d, &many[i], NULL, NULL), 0);
	}
	for (i = 0; i < 100; i++) {
		e = xrl_dispatch_lookup(d, names[i], strlen(names[i]));
		assert_non_null(e);
		assert_ptr_equal(e->method, &many[i]);
	}
	alias = *xrl_dispatch_lookup(d, "rib/0.1/metric", 14);
	/* Entering the same resolved name twice replaces it. */
	assert_int_equal(xrl_dispatch_add_as(d, RESOLVED, &alias), 0);
	assert_int_equal(xrl_dispatch_add_as(d, RESOLVED, &alias), 0);
	assert_int_equal(xrl_dispatch_count(d), 103);
	e = xrl_dispatch_lookup(d, RESOLVED, strlen(RESOLVED));
	assert_non_null(e);
	assert_ptr_equal(e->method, &methods[0]);
	xrl_dispatch_free(d);
}

static void
run(enum behave b, struct xrl_args *in, struct xrl_args *out,
    struct xrl_error *err)
{
	struct xrl_dispatch_entry	 e = { &methods[0], NULL, &b };

	xrl_dispatch_call(&e, in, out, err);
}

static void
test_dispatch_call(void **state)
{
	struct xrl_args			 in = XRL_ARGS_INIT;
	struct xrl_args			 out = XRL_ARGS_INIT;
	struct xrl_error		 err;
	struct xrl_dispatch_entry	 nh = { &methods[1], NULL, NULL };

	add_route_args(&in, true, true);
	run(OK, &in, &out, &err);
	assert_int_equal(err.code, XRL_OKAY);
	assert_int_equal(out.count, 2);
	assert_int_equal(xrl_args_find(&out, "doubled")->v.u32, 10);

	/* A handler error clears what it returned. */
	run(FAIL, &in, &out, &err);
	assert_int_equal(err.code, XRL_COMMAND_FAILED);
	assert_string_equal(err.note, "no way");
	assert_int_equal(out.count, 0);

	/* Handler bugs are internal errors, not bad replies. */
	run(WRONG_OUT, &in, &out, &err);
	assert_int_equal(err.code, XRL_INTERNAL_ERROR);
	assert_non_null(strstr(err.note, "\"ntags\""));
	assert_int_equal(out.count, 0);
	run(NO_OUT, &in, &out, &err);
	assert_int_equal(err.code, XRL_INTERNAL_ERROR);
	xrl_args_clear(&in);

	/* A bad call never reaches the handler (WRONG_OUT would show). */
	assert_int_equal(xrl_args_add_u32(&in, "metric", 1), 0);
	run(WRONG_OUT, &in, &out, &err);
	assert_int_equal(err.code, XRL_BAD_ARGS);
	xrl_args_clear(&in);

	xrl_dispatch_call(&nh, &in, &out, &err);
	assert_int_equal(err.code, XRL_INTERNAL_ERROR);
	xrl_args_clear(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bind_named_any_order),
		cmocka_unit_test(test_bind_unnamed_by_position),
		cmocka_unit_test(test_bind_mixed),
		cmocka_unit_test(test_bind_count),
		cmocka_unit_test(test_bind_unknown_name),
		cmocka_unit_test(test_bind_wrong_type),
		cmocka_unit_test(test_bind_lists),
		cmocka_unit_test(test_bind_dataless),
		cmocka_unit_test(test_dispatch_table),
		cmocka_unit_test(test_dispatch_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: the Finder's own XRL target `finder` (§11.3): common/0.1,
 * finder/0.2 and finder_event_notifier/0.1, bound to the generated
 * dispatch tables. The dispatcher has already checked argument count, names
 * and types (BAD_ARGS otherwise), so handlers only apply the semantics and
 * write XORP's error notes. f->active is the requesting connection, which
 * the ownership checks compare against.
 */
#include <stdlib.h>
#include <string.h>

#include "common_xif.h"
#include "finder.h"
#include "finder_event_notifier_xif.h"
#include "finder_xif.h"

#define NOT_OWNER	"Target \"%s\" does not exist or caller is not " \
			"responsible for it."

/* common/0.1 */

static void
common_get_target_name(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_target_name_out *out)
{
	out->name = FINDER_TARGET;
}

static void
common_get_version(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_version_out *out)
{
	out->version = FINDER_VERSION;
}

static void
common_get_status(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_status_out *out)
{
	out->status = 3;	/* PROC_READY, as XORP numbers it */
	out->reason = "Ready";
}

static void
common_shutdown(void *ctx, struct xrl_error *err)
{
	struct finder	*f = ctx;

	log_info("finder: shutdown requested by %s",
	    f->active ? f->active->peer : "?");
	f->shutdown = true;
}

static void
common_startup(void *ctx, struct xrl_error *err)
{
}

static const struct xrl_common_v0p1 common_impl = {
	.get_target_name = common_get_target_name,
	.get_version = common_get_version,
	.get_status = common_get_status,
	.shutdown = common_shutdown,
	.startup = common_startup,
};

/* finder/0.2 */

static void
finder_register_finder_client(void *ctx, struct xrl_error *err,
    const char *instance_name, const char *class_name, bool singleton,
    const char *in_cookie, struct xrl_finder_v0p2_register_finder_client_out
    *out)
{
	struct finder	*f = ctx;

	if (finder_register(f, instance_name, class_name, singleton, in_cookie,
	    f->cookie_out, err) == 0)
		out->out_cookie = f->cookie_out;
}

static void
finder_unregister_finder_client(void *ctx, struct xrl_error *err,
    const char *instance_name)
{
	struct finder	*f = ctx;
	struct ftarget	*t;

	if ((t = finder_target_owned(f, instance_name)) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED, NOT_OWNER,
		    instance_name);
		return;
	}
	finder_target_remove(f, t);
}

static void
finder_set_finder_client_enabled(void *ctx, struct xrl_error *err,
    const char *instance_name, bool enabled)
{
	struct finder	*f = ctx;
	struct ftarget	*t;

	if ((t = finder_target_owned(f, instance_name)) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED, NOT_OWNER,
		    instance_name);
		return;
	}
	finder_target_enable(f, t, enabled);
}

static void
finder_finder_client_enabled(void *ctx, struct xrl_error *err,
    const char *instance_name,
    struct xrl_finder_v0p2_finder_client_enabled_out *out)
{
	struct finder	*f = ctx;
	struct ftarget	*t;

	if ((t = finder_target(f, instance_name)) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Invalid target name \"%s\"", instance_name);
		return;
	}
	out->enabled = t->enabled;
}

static void
finder_add_xrl_h(void *ctx, struct xrl_error *err, const char *xrl,
    const char *protocol_name, const char *protocol_args,
    struct xrl_finder_v0p2_add_xrl_out *out)
{
	struct finder	*f = ctx;
	char		*name;

	if (finder_add_xrl(f, xrl, protocol_name, protocol_args, &name,
	    err) == -1)
		return;
	/* The wrapper copies the result after we return. */
	free(f->scratch);
	f->scratch = name;
	out->resolved_xrl_method_name = name;
}

static void
finder_remove_xrl_h(void *ctx, struct xrl_error *err, const char *xrl)
{
	finder_remove_xrl(ctx, xrl, err);
}

static void
finder_resolve_xrl(void *ctx, struct xrl_error *err, const char *xrl,
    struct xrl_finder_v0p2_resolve_xrl_out *out)
{
	finder_resolve(ctx, xrl, out->resolutions, err);
}

static int
finder_name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
finder_get_xrl_targets(void *ctx, struct xrl_error *err,
    struct xrl_finder_v0p2_get_xrl_targets_out *out)
{
	struct finder	*f = ctx;
	struct ftarget	*t;
	const char	**names;
	uint32_t	 n = 1, i;

	TAILQ_FOREACH(t, &f->targets, entry)
		n++;
	if ((names = calloc(n, sizeof(*names))) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED, "Out of memory.");
		return;
	}
	n = 0;
	names[n++] = FINDER_TARGET;
	TAILQ_FOREACH(t, &f->targets, entry)
		names[n++] = t->name;
	qsort(names, n, sizeof(*names), finder_name_cmp);
	for (i = 0; i < n; i++)
		if (xrl_args_add_txt(out->target_names, NULL, names[i]) == -1) {
			xrl_error_set(err, XRL_COMMAND_FAILED,
			    "Out of memory.");
			break;
		}
	free(names);
}

static void
finder_get_xrls_registered_by(void *ctx, struct xrl_error *err,
    const char *target_name,
    struct xrl_finder_v0p2_get_xrls_registered_by_out *out)
{
	struct finder			*f = ctx;
	const struct xrl_dispatch_entry	*e;
	struct ftarget			*t;
	struct fmethod			*m;
	struct buf			 b = BUF_INIT;
	uint32_t			 i;
	int				 rc = 0;

	if (strcmp(target_name, FINDER_TARGET) == 0) {
		for (i = 0; i < xrl_dispatch_count(f->dispatch) && rc == 0;
		    i++) {
			e = xrl_dispatch_at(f->dispatch, i);
			buf_reset(&b);
			buf_printf(&b, "finder://%s/%s", FINDER_TARGET,
			    e->method->name);
			rc = buf_ok(&b) ? xrl_args_add_txt_len(out->xrls, NULL,
			    b.data, b.len) : -1;
		}
		buf_free(&b);
	} else if ((t = finder_target(f, target_name)) != NULL) {
		TAILQ_FOREACH(m, &t->methods, entry)
			if ((rc = xrl_args_add_txt(out->xrls, NULL,
			    m->key)) == -1)
				break;
	} else {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "No such target \"%s\"", target_name);
		return;
	}
	if (rc == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "Out of memory.");
}

static void
finder_permit_result(int rc, struct xrl_error *err)
{
	if (rc == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "Out of memory.");
}

static void
finder_get_ipv4_permitted_hosts(void *ctx, struct xrl_error *err,
    struct xrl_finder_v0p2_get_ipv4_permitted_hosts_out *out)
{
	struct finder	*f = ctx;

	finder_permit_result(permit_list_hosts4(&f->permit, out->ipv4s), err);
}

static void
finder_get_ipv4_permitted_nets(void *ctx, struct xrl_error *err,
    struct xrl_finder_v0p2_get_ipv4_permitted_nets_out *out)
{
	struct finder	*f = ctx;

	finder_permit_result(permit_list_nets4(&f->permit, out->ipv4nets),
	    err);
}

static void
finder_get_ipv6_permitted_hosts(void *ctx, struct xrl_error *err,
    struct xrl_finder_v0p2_get_ipv6_permitted_hosts_out *out)
{
	struct finder	*f = ctx;

	finder_permit_result(permit_list_hosts6(&f->permit, out->ipv6s), err);
}

static void
finder_get_ipv6_permitted_nets(void *ctx, struct xrl_error *err,
    struct xrl_finder_v0p2_get_ipv6_permitted_nets_out *out)
{
	struct finder	*f = ctx;

	finder_permit_result(permit_list_nets6(&f->permit, out->ipv6nets),
	    err);
}

static const struct xrl_finder_v0p2 finder_impl = {
	.register_finder_client = finder_register_finder_client,
	.unregister_finder_client = finder_unregister_finder_client,
	.set_finder_client_enabled = finder_set_finder_client_enabled,
	.finder_client_enabled = finder_finder_client_enabled,
	.add_xrl = finder_add_xrl_h,
	.remove_xrl = finder_remove_xrl_h,
	.resolve_xrl = finder_resolve_xrl,
	.get_xrl_targets = finder_get_xrl_targets,
	.get_xrls_registered_by = finder_get_xrls_registered_by,
	.get_ipv4_permitted_hosts = finder_get_ipv4_permitted_hosts,
	.get_ipv4_permitted_nets = finder_get_ipv4_permitted_nets,
	.get_ipv6_permitted_hosts = finder_get_ipv6_permitted_hosts,
	.get_ipv6_permitted_nets = finder_get_ipv6_permitted_nets,
};

/* finder_event_notifier/0.1 */

static void
notifier_register_class(void *ctx, struct xrl_error *err,
    const char *requester_instance, const char *class_name)
{
	events_watch(ctx, FWATCH_CLASS, requester_instance, class_name, err);
}

static void
notifier_deregister_class(void *ctx, struct xrl_error *err,
    const char *requester_instance, const char *class_name)
{
	events_unwatch(ctx, FWATCH_CLASS, requester_instance, class_name, err);
}

static void
notifier_register_instance(void *ctx, struct xrl_error *err,
    const char *requester_instance, const char *instance_name)
{
	events_watch(ctx, FWATCH_INSTANCE, requester_instance, instance_name,
	    err);
}

static void
notifier_deregister_instance(void *ctx, struct xrl_error *err,
    const char *requester_instance, const char *instance_name)
{
	events_unwatch(ctx, FWATCH_INSTANCE, requester_instance,
	    instance_name, err);
}

static const struct xrl_finder_event_notifier_v0p1 notifier_impl = {
	.register_class_event_interest = notifier_register_class,
	.deregister_class_event_interest = notifier_deregister_class,
	.register_instance_event_interest = notifier_register_instance,
	.deregister_instance_event_interest = notifier_deregister_instance,
};

int
xrl_target_init(struct finder *f)
{
	if (xrl_common_v0p1_register(f->dispatch, &common_impl, f) == -1 ||
	    xrl_finder_v0p2_register(f->dispatch, &finder_impl, f) == -1 ||
	    xrl_finder_event_notifier_v0p1_register(f->dispatch,
	    &notifier_impl, f) == -1)
		return -1;
	return 0;
}

/* FINDERTRACE: every method, its arguments and its result (§12). */
void
xrl_target_trace(struct finder *f, const struct fclient *c,
    const struct xrl *x, const struct xrl_error *err,
    const struct xrl_args *out)
{
	struct buf	 req = BUF_INIT, res = BUF_INIT;
	char		 e[XRL_NOTE_MAX + 64];

	buf_put_str(&req, x->command);
	if (x->args.count > 0) {
		buf_put_u8(&req, '?');
		xrl_args_print(&x->args, &req);
	}
	if (err->code == XRL_OKAY)
		xrl_args_print(out, &res);
	else
		buf_put_str(&res, xrl_error_print(err, e, sizeof(e)));
	log_info("FINDERTRACE %s: %s -> %s%s", c->peer,
	    buf_ok(&req) ? buf_cstr(&req) : "?",
	    err->code == XRL_OKAY ? "okay " : "",
	    buf_ok(&res) && buf_cstr(&res) ? buf_cstr(&res) : "?");
	buf_free(&req);
	buf_free(&res);
}

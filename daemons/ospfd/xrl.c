/*
 * DOC: ospfd's XRL side: common/0.1, and finder_event_observer/0.1 for
 * ribd's births and deaths. When ribd (class "rib") is born, and once at
 * start, the interface mirror registers anew and our routing table is
 * registered and sent whole; after that only differences flow.
 */
#include <string.h>

#include "common_xif.h"
#include "finder_event_observer_xif.h"
#include "ifxrl.h"
#include "ospfd.h"

static void
common_name(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_target_name_out *out)
{
	(void)err;
	out->name = xrl_target_instance(((struct ospfd *)ctx)->t);
}

static void
common_version(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_version_out *out)
{
	(void)ctx;
	(void)err;
	out->version = "ospfd/0.1";
}

static void
common_status(void *ctx, struct xrl_error *err,
    struct xrl_common_v0p1_get_status_out *out)
{
	(void)ctx;
	(void)err;
	out->status = 3;	/* PROC_READY */
	out->reason = "Ready";
}

static void
common_shutdown(void *ctx, struct xrl_error *err)
{
	(void)err;
	event_base_loopexit(((struct ospfd *)ctx)->loop->base, NULL);
}

static void
common_startup(void *ctx, struct xrl_error *err)
{
	(void)ctx;
	(void)err;
}

static const struct xrl_common_v0p1 common_impl = {
	.get_target_name = common_name,
	.get_version = common_version,
	.get_status = common_status,
	.shutdown = common_shutdown,
	.startup = common_startup,
};

static void
birth(void *ctx, struct xrl_error *err, const char *cls, const char *inst)
{
	struct ospfd	*od = ctx;

	(void)err;
	(void)inst;
	if (strcmp(cls, "rib") != 0)
		return;
	log_info("ribd is up: registering");
	(void)ifmirror_register(od->mirror);
	route_rib_ready(od);
}

static void
death(void *ctx, struct xrl_error *err, const char *cls, const char *inst)
{
	struct ospfd	*od = ctx;

	(void)err;
	(void)inst;
	if (strcmp(cls, "rib") != 0)
		return;
	log_warnx("ribd went away: routes are sent again when it returns");
	od->rib_ready = false;
	od->rib_table_pending = false;
}

static const struct xrl_finder_event_observer_v0p1 observer_impl = {
	.xrl_target_birth = birth,
	.xrl_target_death = death,
};

int
ospfd_xrl_init(struct ospfd *od)
{
	struct xrl_dispatch		*d = xrl_target_dispatch(od->t);
	static const struct ifmirror_cbs cbs = { .op = iface_mirror_op };

	if (xrl_common_v0p1_register(d, &common_impl, od) == -1 ||
	    xrl_finder_event_observer_v0p1_register(d, &observer_impl,
	    od) == -1)
		return -1;
	if ((od->mirror = ifmirror_new(od->t, od->r, "rib", &cbs,
	    od)) == NULL || redist_xrl_init(od) == -1)
		return -1;
	return xrl_target_watch_class(od->t, "rib");
}

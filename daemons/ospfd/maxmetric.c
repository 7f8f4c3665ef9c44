/*
 * DOC: maxmetric: stub router advertisement (RFC 6987) with FRRouting
 * 8.4's commands under "router ospf":
 *
 *   max-metric router-lsa administrative        until "no ..." removes it
 *   max-metric router-lsa on-startup (5-86400)  for N s after our start
 *
 * While either is active, every point-to-point, transit and virtual link
 * of our router-LSAs carries MaxLinkMetric (0xffff): other routers route
 * around us whenever they can, and still reach the networks we attach to,
 * whose stub links keep their cost. origin.c asks maxmetric_link() for
 * each link's metric; a change of state re-originates the router-LSA of
 * every area (origin_rtr_lsa(), which keeps MinLSInterval).
 *
 * As in FRRouting, the on-startup window opens with our first router-LSA
 * (not when the process starts: ribd's interfaces may come later), and
 * only if configured by then: configured later, it waits for the next
 * start. FRRouting keeps that window per area; okapi keeps one, which is
 * the same as long as the areas come up together. "on-shutdown" is not
 * here: ospfd flushes its LSAs as it stops, which is quicker still.
 */
#include <json-c/json.h>

#include "cmd.h"
#include "ospfd.h"
#include "vty.h"
#include "vty_util.h"

#define MAX_LINK_METRIC		0xffff	/* RFC 6987 MaxLinkMetric */
#define HELP_MM			"OSPF maximum / infinite-distance metric\n" \
				"Advertise own Router-LSA with infinite " \
				"distance (stub router)\n"
#define HELP_STARTUP		"Automatically advertise stub Router-LSA " \
				"on startup of OSPF\n" \
				"Time (seconds) to advertise self as " \
				"stub-router"
#define HELP_ADMIN		"Administratively applied, for an " \
				"indefinite period"

static bool
startup_on(const struct ospf_maxmetric *mm, uint64_t now)
{
	return mm->startup_end_ms != 0 && now < mm->startup_end_ms;
}

bool
maxmetric_active(const struct ospfd *od)
{
	return od->conf.mm.admin || startup_on(&od->conf.mm, ospf_now_ms());
}

/* Every area's router-LSA again: the metrics changed. */
static void
maxmetric_reoriginate(struct ospfd *od)
{
	struct ospf_area *a;

	if (od->check)
		return;
	TAILQ_FOREACH(a, &od->areas, entry)
		origin_rtr_lsa(a);
}

static void
startup_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ospfd	*od = arg;

	(void)fd;
	(void)what;
	log_info("max-metric: the on-startup period is over%s",
	    od->conf.mm.admin ? ", administrative stays" : "");
	od->conf.mm.startup_end_ms = 0;
	maxmetric_reoriginate(od);
}

/* Our first router-LSA: the on-startup window opens, if configured. */
static void
startup_begin(struct ospfd *od)
{
	struct ospf_maxmetric	*mm = &od->conf.mm;

	mm->begun = true;
	if (mm->startup == 0 || od->check)
		return;
	if (mm->startup_ev == NULL && (mm->startup_ev =
	    evtimer_new(od->loop->base, startup_timer, od)) == NULL) {
		log_warnx("max-metric: no timer, on-startup ignored");
		return;
	}
	mm->startup_end_ms = ospf_now_ms() + (uint64_t)mm->startup * 1000;
	evtimer_add_ms(mm->startup_ev, (uint64_t)mm->startup * 1000);
	log_info("max-metric: stub router for %u s from start-up",
	    mm->startup);
}

uint16_t
maxmetric_link(struct ospfd *od, uint8_t type, uint32_t metric)
{
	if (!od->conf.mm.begun)
		startup_begin(od);
	if (type == LSA_LINK_STUB || !maxmetric_active(od))
		return (uint16_t)metric;
	return MAX_LINK_METRIC;
}

void
maxmetric_conf_clear(struct ospf_maxmetric *mm)
{
	if (mm->startup_ev != NULL)
		event_free(mm->startup_ev);
	mm->startup_ev = NULL;
	mm->admin = false;
	mm->startup = 0;
	mm->startup_end_ms = 0;
}

/* FRRouting's config_write_stub_router(). */
void
maxmetric_conf_write(struct buf *b, const struct ospf_maxmetric *mm)
{
	if (mm->startup != 0)
		buf_printf(b, " max-metric router-lsa on-startup %u\n",
		    mm->startup);
	if (mm->admin)
		buf_printf(b, " max-metric router-lsa administrative\n");
}

/* The show ip ospf lines, FRRouting's show_ip_ospf_common(). */
void
maxmetric_show(struct vty *vty, const struct ospfd *od, json_object *j)
{
	const struct ospf_maxmetric *mm = &od->conf.mm;

	if (mm->startup == 0)
		return;
	if (j != NULL) {
		json_object_object_add(j, "stubAdvertisement",
		    json_object_new_boolean(1));
		json_object_object_add(j, "postStartEnabledSecs",
		    json_object_new_int64(mm->startup));
		return;
	}
	vty_out(vty, " Stub router advertisement is configured\n");
	vty_out(vty, "   Enabled for %us after start-up\n", mm->startup);
}

/* FRRouting's show_ip_ospf_area(), the area's stub router state. */
void
maxmetric_show_area(struct vty *vty, const struct ospfd *od, json_object *j)
{
	const struct ospf_maxmetric *mm = &od->conf.mm;
	uint64_t	 now = ospf_now_ms(), left;
	char		 t[32];

	if (!maxmetric_active(od))
		return;
	left = startup_on(mm, now) ? mm->startup_end_ms - now : 0;
	if (j != NULL) {
		json_object_object_add(j, "originStubMaxDistRouterLsa",
		    json_object_new_boolean(1));
		if (mm->admin)
			json_object_object_add(j, "indefiniteActiveAdmin",
			    json_object_new_boolean(1));
		if (left > 0)
			json_object_object_add(j,
			    "activeStartupRemainderMsecs",
			    json_object_new_int64((int64_t)left));
		return;
	}
	vty_out(vty, "   Originating stub / maximum-distance Router-LSA\n");
	if (mm->admin)
		vty_out(vty, "     Administratively activated "
		    "(indefinitely)\n");
	if (left > 0)
		vty_out(vty, "     Active from startup, %s remaining\n",
		    ms_dump(left, t, sizeof(t)));
}

/* ---- the commands */

static bool
router_alive(struct vty *vty, const struct ospfd *od)
{
	if (od->conf.router)
		return true;
	vty_out(vty, "%% Current configuration object was deleted by "
	    "another process.\n");
	return false;
}

static int
cmd_admin(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = arg;
	bool		 on = !cmd_has(m, "no");

	if (!router_alive(vty, od))
		return CMD_WARNING;
	if (od->conf.mm.admin == on)
		return CMD_SUCCESS;
	od->conf.mm.admin = on;
	if (!od->check)
		log_info("max-metric: administrative %s", on ? "on" : "off");
	maxmetric_reoriginate(od);
	return CMD_SUCCESS;
}

static int
cmd_startup(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd		*od = arg;
	struct ospf_maxmetric	*mm = &od->conf.mm;
	bool			 was;

	if (!router_alive(vty, od))
		return CMD_WARNING;
	if (!cmd_has(m, "no")) {
		/* Takes effect at the next start, if we started already. */
		mm->startup = (uint32_t)cmd_get(m, "secs")->u.num;
		return CMD_SUCCESS;
	}
	was = maxmetric_active(od);
	mm->startup = 0;
	mm->startup_end_ms = 0;
	if (mm->startup_ev != NULL)
		evtimer_del(mm->startup_ev);
	if (was != maxmetric_active(od))
		maxmetric_reoriginate(od);
	return CMD_SUCCESS;
}

static const struct cmd_def router_cmds[] = {
	{ "max-metric router-lsa administrative", HELP_MM HELP_ADMIN,
	    cmd_admin, 0 },
	{ "no max-metric router-lsa administrative",
	    "Negate a command or set its defaults\n" HELP_MM HELP_ADMIN,
	    cmd_admin, 0 },
	{ "max-metric router-lsa on-startup (5-86400)$secs",
	    HELP_MM HELP_STARTUP, cmd_startup, 0 },
	{ "no max-metric router-lsa on-startup [(5-86400)]",
	    "Negate a command or set its defaults\n" HELP_MM HELP_STARTUP,
	    cmd_startup, 0 },
};

int
maxmetric_vty_install(struct ospfd *od, int router_node)
{
	return vty_install(od->vs, router_node, router_cmds,
	    sizeof(router_cmds) / sizeof(router_cmds[0]));
}

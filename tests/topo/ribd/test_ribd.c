/*
 * ribd against the real kernel, in a network namespace of its own: the
 * test unshares its network namespace first, so every interface, address
 * and route below exists only there and vanishes with the test; the
 * Finder, ribd and the example targets it starts run inside it too, and
 * are killed by PID at the end.
 *
 * The test process is itself an XRL target ("ribtest"): it serves
 * redist4/0.1 (redistribution) and fea_ifmgr_mirror/0.1 (an interface
 * mirror through lib/iftree), and calls rib/0.1 and cli/0.1 on ribd.
 *
 * Needs root (CAP_NET_ADMIN); without it the test is skipped with the
 * reason printed. Timings are printed, never judged.
 *
 *   test_ribd FINDER RIBD DEMO XRLCALL [bulk-routes]
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "evloop.h"
#include "fea_ifmgr_mirror_xif.h"
#include "ifxrl.h"
#include "log.h"
#include "proc.h"
#include "redist4_xif.h"
#include "rib_xif.h"
#include "router.h"
#include "xrl.h"

#define WAIT_MS		10000

struct rt_event {
	char		 what[16];	/* add, delete, start, finish */
	char		 dst[PREFIX4_STRLEN];
	char		 nexthop[ADDR4_STRLEN];
	char		 proto[16];
	uint32_t	 metric;
};

static struct {
	const char		*finder_bin, *ribd_bin, *demo_bin;
	const char		*xrlcall_bin;
	unsigned		 bulk;
	char			 dir[64];
	char			 fport[32];
	uint16_t		 port;
	pid_t			 ribd;
	struct evloop		 loop;
	struct xrl_router	*r;
	struct xrl_target	*t;
	struct ifmirror		*mirror;
	struct rt_event		 ev[64];
	unsigned		 nev;
	unsigned		 mirror_ops;
	uint64_t		 carrier_at;	/* when the mirror saw no carrier */
} w;

static void
sh(const char *fmt, ...)
{
	char	 cmd[1024];
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if ((rc = system(cmd)) != 0)
		fail_msg("'%s' exited %d", cmd, rc);
}

/* The output of a shell command, trailing newline trimmed. */
static char *
sh_out(const char *fmt, ...)
{
	static char	 out[1 << 16];
	char		 cmd[1024];
	va_list		 ap;
	FILE		*f;
	size_t		 n, i, j;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if ((f = popen(cmd, "r")) == NULL)
		fail_msg("popen %s", cmd);
	n = fread(out, 1, sizeof(out) - 1, f);
	pclose(f);
	out[n] = '\0';
	/* iproute2 ends some lines with a space: drop trailing blanks. */
	for (i = j = 0; i <= n; i++) {
		if (out[i] == ' ' && (out[i + 1] == '\n' || out[i + 1] == '\0' ||
		    out[i + 1] == ' '))
			continue;
		out[j++] = out[i];
	}
	n = j - 1;
	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	return out;
}

/* Run the loop for ms (serving XRLs meanwhile). */
static void
pump(unsigned ms)
{
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };

	event_base_loopexit(w.loop.base, &tv);
	event_base_dispatch(w.loop.base);
}

/* Until `ip route show ARGS` prints want (or, want NULL, nothing). */
static bool
kernel_until(const char *args, const char *want)
{
	uint64_t	 end = proc_now_us() + WAIT_MS * 1000ull;
	const char	*out;

	do {
		out = sh_out("ip %s route show %s", strchr(args, ':') ? "-6" :
		    "", args);
		if (want == NULL ? *out == '\0' : strcmp(out, want) == 0)
			return true;
		pump(20);
	} while (proc_now_us() < end);
	print_error("ip route show %s:\n%s\nwant:\n%s\n", args, out,
	    want ? want : "(nothing)");
	return false;
}

static uint32_t
call(const char *target, const char *cmd, struct xrl_args *args,
    struct xrl_args *reply, struct xrl_error *err)
{
	struct xrl	 x;
	uint32_t	 code;

	xrl_init(&x);
	assert_int_equal(xrl_set(&x, "finder", target, cmd), 0);
	if (args != NULL)
		assert_int_equal(xrl_args_copy(&x.args, args), 0);
	code = xrl_router_call(w.r, &x, reply, err);
	xrl_clear(&x);
	return code;
}

/* Lines through ribd's VTY (cli/0.1/execute); the output. */
static char *
vty(const char *lines)
{
	static char		 out[1 << 16];
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_error	 err;
	const struct xrl_atom	*a;

	xrl_args_add_txt(&args, "command", lines);
	assert_int_equal(call("rib", "cli/0.1/execute", &args, &reply, &err),
	    XRL_OKAY);
	a = xrl_args_find(&reply, "output");
	assert_non_null(a);
	snprintf(out, sizeof(out), "%s", a->v.bytes.p ? (char *)a->v.bytes.p :
	    "");
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	return out;
}

static uint32_t
rib4(const char *method, const char *proto, const char *net, const char *gw,
    struct xrl_error *err)
{
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_atom		*a;
	char			 cmd[128];
	uint32_t		 code;

	xrl_args_add_txt(&args, "protocol", proto);
	xrl_args_add_bool(&args, "unicast", true);
	xrl_args_add_bool(&args, "multicast", false);
	a = xrl_args_add(&args, "network", XRL_TYPE_IPV4NET);
	assert_true(prefix4_parse(net, &a->v.ipv4net));
	a->has_data = true;
	if (gw != NULL) {
		a = xrl_args_add(&args, "nexthop", XRL_TYPE_IPV4);
		assert_true(addr4_parse(gw, &a->v.ipv4));
		a->has_data = true;
		xrl_args_add_u32(&args, "metric", 7);
		assert_non_null(xrl_args_add_list(&args, "policytags"));
	}
	snprintf(cmd, sizeof(cmd), "rib/0.1/%s", method);
	code = call("rib", cmd, &args, &reply, err);
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	return code;
}

static uint32_t
igp_table(const char *proto, const char *cls)
{
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_error	 err;
	uint32_t		 code;

	xrl_args_add_txt(&args, "protocol", proto);
	xrl_args_add_txt(&args, "target_class", cls);
	xrl_args_add_txt(&args, "target_instance", cls);
	xrl_args_add_bool(&args, "unicast", true);
	xrl_args_add_bool(&args, "multicast", false);
	code = call("rib", "rib/0.1/add_igp_table4", &args, &reply, &err);
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	return code;
}

/* redist4/0.1, served by the test. */
static void
record(const char *what, const struct prefix4 *dst, const struct in_addr *gw,
    uint32_t metric, const char *proto)
{
	struct rt_event	*e;

	if (w.nev == sizeof(w.ev) / sizeof(w.ev[0]))
		return;
	e = &w.ev[w.nev++];
	memset(e, 0, sizeof(*e));
	snprintf(e->what, sizeof(e->what), "%s", what);
	if (dst != NULL)
		prefix4_print(dst, e->dst, sizeof(e->dst));
	if (gw != NULL)
		addr4_print(gw, e->nexthop, sizeof(e->nexthop));
	if (proto != NULL)
		snprintf(e->proto, sizeof(e->proto), "%s", proto);
	e->metric = metric;
}

static void
r_add(void *ctx, struct xrl_error *err, const struct prefix4 *dst,
    const struct in_addr *gw, const char *ifname, const char *vifname,
    uint32_t metric, uint32_t distance, const char *cookie, const char *proto)
{
	record("add", dst, gw, metric, proto);
}

static void
r_del(void *ctx, struct xrl_error *err, const struct prefix4 *dst,
    const struct in_addr *gw, const char *ifname, const char *vifname,
    uint32_t metric, uint32_t distance, const char *cookie, const char *proto)
{
	record("delete", dst, gw, metric, proto);
}

static void
r_start(void *ctx, struct xrl_error *err, const char *cookie)
{
	record("start", NULL, NULL, 0, NULL);
}

static void
r_finish(void *ctx, struct xrl_error *err, const char *cookie)
{
	record("finish", NULL, NULL, 0, NULL);
}

static const struct xrl_redist4_v0p1 redist_impl = {
	.add_route = r_add,
	.delete_route = r_del,
	.starting_route_dump = r_start,
	.finishing_route_dump = r_finish,
};

static void
mirror_op(const struct ift_op *op, void *arg)
{
	w.mirror_ops++;
	if (op->type == IFT_IF_NO_CARRIER && op->b &&
	    strcmp(op->ifname, "v0") == 0 && w.carrier_at == 0)
		w.carrier_at = proc_now_us();
}

static bool
event_until(unsigned n)
{
	uint64_t	 end = proc_now_us() + WAIT_MS * 1000ull;

	while (w.nev < n && proc_now_us() < end)
		pump(10);
	return w.nev >= n;
}

/* ribd with up to three more options (NULL-terminated). */
static pid_t
start_ribd(const char *extra, ...)
{
	char		 log[128], conf[128], vport[16];
	char		*argv[12] = { (char *)w.ribd_bin, "-F", w.fport, "-P",
			    vport, "-f", conf };
	int		 argc = 7;
	va_list		 ap;

	va_start(ap, extra);
	for (; extra != NULL && argc < 10; extra = va_arg(ap, const char *))
		argv[argc++] = (char *)extra;
	va_end(ap);
	argv[argc] = NULL;
	snprintf(log, sizeof(log), "%s/ribd.log", w.dir);
	snprintf(conf, sizeof(conf), "%s/ribd.conf", w.dir);
	snprintf(vport, sizeof(vport), "%u", proc_free_port());
	return proc_start(log, argv);
}

/* Until ribd serves its methods and has learned d0's connected route. */
static bool
ribd_until_ready(void)
{
	uint64_t	 end = proc_now_us() + WAIT_MS * 1000ull;
	struct xrl_args	 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_error err;

	xrl_args_add_txt(&args, "command", "show ip route connected");
	while (proc_now_us() < end) {
		xrl_args_clear(&reply);
		if (call("rib", "cli/0.1/execute", &args, &reply,
		    &err) == XRL_OKAY) {
			const struct xrl_atom *a = xrl_args_find(&reply,
			    "output");

			if (a && a->v.bytes.p && strstr((char *)a->v.bytes.p,
			    "10.0.1.0/24")) {
				xrl_args_clear(&args);
				xrl_args_clear(&reply);
				return true;
			}
		}
		pump(50);
	}
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	return false;
}

static int
setup(void **state)
{
	char		 log[128], port[16];
	char		*fargv[] = { (char *)w.finder_bin, "-d", "-p", port, NULL };
	struct xrl_router_opts ropts;
	static const struct ifmirror_cbs cbs = { mirror_op };
	FILE		*f;

	snprintf(w.dir, sizeof(w.dir), "/tmp/okapi-ribd-test.XXXXXX");
	if (mkdtemp(w.dir) == NULL)
		return -1;
	/* Lab network: two veth pairs (no dummy driver needed); v1 is pulled. */
	if (system("ip link set lo up && "
	    "ip link add d0 type veth peer name d0p && "
	    "ip addr add 10.0.1.1/24 dev d0 && "
	    "ip link set d0 up && ip link set d0p up && "
	    "ip link add v0 type veth peer name v1 && "
	    "ip addr add 10.0.2.1/24 dev v0 && ip link set v0 up && "
	    "ip link set v1 up && "
	    "ip -6 addr add 2001:db8:1::1/64 dev d0 nodad") != 0)
		return -1;
	snprintf(log, sizeof(log), "%s/ribd.conf", w.dir);
	if ((f = fopen(log, "w")) == NULL)
		return -1;
	fprintf(f, "hostname rtest\nip route 10.10.0.0/16 10.0.1.2\n");
	fclose(f);

	w.port = proc_free_port();
	snprintf(port, sizeof(port), "%u", w.port);
	snprintf(w.fport, sizeof(w.fport), "127.0.0.1:%u", w.port);
	snprintf(log, sizeof(log), "%s/finder.log", w.dir);
	if (proc_start(log, fargv) == -1)
		return -1;
	if ((w.ribd = start_ribd(NULL, (const char *)NULL)) == -1)
		return -1;

	log_init("test_ribd", 0, false);
	if (evloop_init(&w.loop) == -1)
		return -1;
	memset(&ropts, 0, sizeof(ropts));
	ropts.finder_addr = "127.0.0.1";
	ropts.finder_port = w.port;
	if ((w.r = xrl_router_new(w.loop.base, &ropts)) == NULL ||
	    (w.t = xrl_router_add_target(w.r, "ribtest", true)) == NULL ||
	    xrl_redist4_v0p1_register(xrl_target_dispatch(w.t), &redist_impl,
	    NULL) == -1 ||
	    (w.mirror = ifmirror_new(w.t, w.r, "rib", &cbs, NULL)) == NULL ||
	    xrl_router_start(w.r) == -1 ||
	    !xrl_router_wait_ready(w.r, WAIT_MS))
		return -1;
	if (!ribd_until_ready()) {
		fprintf(stderr, "ribd did not come up; logs in %s\n", w.dir);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[256];

	ifmirror_free(w.mirror);
	if (w.r != NULL)
		xrl_router_free(w.r);
	evloop_fini(&w.loop);
	proc_kill_all();
	snprintf(cmd, sizeof(cmd), "for f in %s/*.log; do echo \"== $f\"; "
	    "tail -200 \"$f\"; done >&2; rm -rf %s", w.dir, w.dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_static_config(void **state)
{
	assert_true(kernel_until("10.10.0.0/16",
	    "10.10.0.0/16 via 10.0.1.2 dev d0 proto static metric 20"));
	assert_non_null(strstr(vty("show ip route static"),
	    "S>* 10.10.0.0/16 [1/0] via 10.0.1.2, d0"));
}

static void
test_static_vty(void **state)
{
	vty("configure terminal\n"
	    "ip route 10.20.0.0/16 blackhole\n"
	    "ip route 10.30.0.0/16 10.0.1.2\n"
	    "ip route 10.30.0.0/16 10.0.1.3\n"
	    "ip route 10.40.0.0/16 10.10.0.5\n"
	    "ip route 10.60.0.0/16 v0");
	assert_true(kernel_until("10.20.0.0/16",
	    "blackhole 10.20.0.0/16 proto static metric 20"));
	assert_true(kernel_until("10.30.0.0/16",
	    "10.30.0.0/16 proto static metric 20\n"
	    "\tnexthop via 10.0.1.2 dev d0 weight 1\n"
	    "\tnexthop via 10.0.1.3 dev d0 weight 1"));
	/* Recursive: 10.10.0.5 resolves through the static 10.10.0.0/16. */
	assert_true(kernel_until("10.40.0.0/16",
	    "10.40.0.0/16 via 10.0.1.2 dev d0 proto static metric 20"));
	assert_true(kernel_until("10.60.0.0/16",
	    "10.60.0.0/16 dev v0 proto static scope link metric 20"));
	assert_non_null(strstr(vty("show running-config"),
	    "ip route 10.30.0.0/16 10.0.1.3\n"));

	vty("configure terminal\nno ip route 10.20.0.0/16 blackhole\n"
	    "no ip route 10.30.0.0/16 10.0.1.2");
	assert_true(kernel_until("10.20.0.0/16", NULL));
	assert_true(kernel_until("10.30.0.0/16",
	    "10.30.0.0/16 via 10.0.1.3 dev d0 proto static metric 20"));
	/* ip forwarding sets this namespace's switch, as zebra does. */
	vty("configure terminal\nno ip forwarding");
	assert_string_equal(sh_out("cat /proc/sys/net/ipv4/ip_forward"), "0");
	assert_string_equal(vty("show ip forwarding"),
	    "IP forwarding is off\n");
	vty("configure terminal\nip forwarding");
	assert_string_equal(sh_out("cat /proc/sys/net/ipv4/ip_forward"), "1");
	assert_string_equal(vty("show ip forwarding"), "IP forwarding is on\n");
	/* write memory: atomically, where it says. */
	assert_non_null(strstr(vty("write memory"), "ribd.conf"));
	assert_non_null(strstr(sh_out("cat %s/ribd.conf", w.dir),
	    "ip route 10.40.0.0/16 10.10.0.5"));
}

static void
test_xrl_routes(void **state)
{
	struct xrl_error	 err;

	assert_int_equal(igp_table("ospf", "ribtest"), XRL_OKAY);
	assert_int_equal(rib4("add_route4", "ospf", "10.50.0.0/16",
	    "10.0.2.2", &err), XRL_OKAY);
	assert_true(kernel_until("10.50.0.0/16",
	    "10.50.0.0/16 via 10.0.2.2 dev v0 proto ospf metric 20"));
	/* A static (distance 1) beats OSPF (110), and gives way again. */
	vty("configure terminal\nip route 10.50.0.0/16 10.0.1.3");
	assert_true(kernel_until("10.50.0.0/16",
	    "10.50.0.0/16 via 10.0.1.3 dev d0 proto static metric 20"));
	assert_non_null(strstr(vty("show ip route 10.50.0.0/16"),
	    "Known via \"static\""));
	vty("configure terminal\nno ip route 10.50.0.0/16 10.0.1.3");
	assert_true(kernel_until("10.50.0.0/16",
	    "10.50.0.0/16 via 10.0.2.2 dev v0 proto ospf metric 20"));

	/* The same from a shell, with xrlcall; an empty policytags list is an
	 * ordinary value (XORP's RIB aborts on it). */
	sh("%s -F %s 'finder://rib/rib/0.1/add_route4?protocol:txt=ospf&"
	    "unicast:bool=true&multicast:bool=false&"
	    "network:ipv4net=10.53.0.0/16&nexthop:ipv4=10.0.2.3&metric:u32=9&"
	    "policytags:list=' >/dev/null", w.xrlcall_bin, w.fport);
	assert_true(kernel_until("10.53.0.0/16",
	    "10.53.0.0/16 via 10.0.2.3 dev v0 proto ospf metric 20"));
	assert_string_equal(sh_out("%s -F %s 'finder://rib/rib/0.1/"
	    "lookup_route_by_dest4?addr:ipv4=10.53.1.1&unicast:bool=true&"
	    "multicast:bool=false'", w.xrlcall_bin, w.fport),
	    "nexthop:ipv4=10.0.2.3");
	sh("%s -F %s 'finder://rib/rib/0.1/delete_route4?protocol:txt=ospf&"
	    "unicast:bool=true&multicast:bool=false&"
	    "network:ipv4net=10.53.0.0/16' >/dev/null", w.xrlcall_bin, w.fport);
	assert_true(kernel_until("10.53.0.0/16", NULL));

	/* Bad arguments are refused with a reason, nothing changes. */
	assert_int_equal(rib4("add_route4", "nonsense", "10.51.0.0/16",
	    "10.0.2.2", &err), XRL_BAD_ARGS);
	assert_non_null(strstr(err.note, "protocol"));
	assert_int_equal(rib4("add_route4", "ospf", "10.51.0.0/16",
	    "0.0.0.0", &err), XRL_BAD_ARGS);
	assert_int_equal(rib4("add_route4", "connected", "10.51.0.0/16",
	    "10.0.2.2", &err), XRL_BAD_ARGS);
	assert_int_equal(rib4("delete_route4", "ospf", "10.52.0.0/16", NULL,
	    &err), XRL_COMMAND_FAILED);
	assert_true(kernel_until("10.51.0.0/16", NULL));

	assert_int_equal(rib4("delete_route4", "ospf", "10.50.0.0/16", NULL,
	    &err), XRL_OKAY);
	assert_true(kernel_until("10.50.0.0/16", NULL));
}

static void
test_redist(void **state)
{
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_error	 err;
	struct xrl_atom		*a;
	unsigned		 i, adds = 0, base;

	w.nev = 0;
	xrl_args_add_txt(&args, "to_xrl_target", "ribtest");
	xrl_args_add_txt(&args, "from_protocol", "static");
	xrl_args_add_bool(&args, "unicast", true);
	xrl_args_add_bool(&args, "multicast", false);
	a = xrl_args_add(&args, "network_prefix", XRL_TYPE_IPV4NET);
	assert_true(prefix4_parse("10.0.0.0/8", &a->v.ipv4net));
	a->has_data = true;
	xrl_args_add_txt(&args, "cookie", "c1");
	assert_int_equal(call("rib", "rib/0.1/redist_enable4", &args, &reply,
	    &err), XRL_OKAY);
	/* The statics left: 10.10/16, 10.30/16, 10.40/16, 10.60/16. */
	assert_true(event_until(6));
	assert_string_equal(w.ev[0].what, "start");
	for (i = 1; i + 1 < w.nev; i++) {
		assert_string_equal(w.ev[i].what, "add");
		assert_string_equal(w.ev[i].proto, "static");
		adds++;
	}
	assert_int_equal(adds, 4);
	assert_string_equal(w.ev[w.nev - 1].what, "finish");

	base = w.nev;
	vty("configure terminal\nip route 10.70.0.0/16 10.0.1.9");
	assert_true(event_until(base + 1));
	assert_string_equal(w.ev[base].what, "add");
	assert_string_equal(w.ev[base].dst, "10.70.0.0/16");
	assert_string_equal(w.ev[base].nexthop, "10.0.1.9");
	vty("configure terminal\nno ip route 10.70.0.0/16 10.0.1.9");
	assert_true(event_until(base + 2));
	assert_string_equal(w.ev[base + 1].what, "delete");
	assert_string_equal(w.ev[base + 1].dst, "10.70.0.0/16");
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
}

static void
test_ifmirror(void **state)
{
	const struct iftree	*t = ifmirror_tree(w.mirror);
	const struct ift_if	*ifp;
	uint64_t		 end, t0;
	struct in_addr		 a;

	assert_int_equal(ifmirror_register(w.mirror), 0);
	end = proc_now_us() + WAIT_MS * 1000ull;
	while (!ifmirror_complete(w.mirror) && proc_now_us() < end)
		pump(10);
	assert_true(ifmirror_complete(w.mirror));
	assert_non_null(ifp = iftree_find(t, "d0"));
	assert_true(ift_if_up(ifp));
	inet_pton(AF_INET, "10.0.1.1", &a);
	assert_non_null(ift_a4_find(ifp, a));
	assert_int_equal(ift_a4_find(ifp, a)->plen, 24);
	assert_non_null(ifp = iftree_find(t, "v0"));
	assert_true(ift_if_up(ifp));
	assert_int_equal(ifmirror_rejected(w.mirror), 0);

	/* The far end goes down: v0 loses carrier; the mirror hears it. */
	w.carrier_at = 0;
	t0 = proc_now_us();
	sh("ip link set v1 down");
	while (w.carrier_at == 0 && proc_now_us() < end + WAIT_MS * 1000ull)
		pump(1);
	assert_true(w.carrier_at != 0);
	printf("link down reached the mirror %.1f ms after 'ip link set' "
	    "returned\n", (double)(w.carrier_at - t0) / 1000.0);
	assert_false(ift_if_up(iftree_find(t, "v0")));
	/* Its connected route and the static through it leave the RIB. */
	assert_null(strstr(vty("show ip route connected"), "10.0.2.0/24"));
	assert_true(kernel_until("10.60.0.0/16", NULL));

	sh("ip link set v1 up");
	sh("ip addr add 10.0.3.1/24 dev d0");
	inet_pton(AF_INET, "10.0.3.1", &a);
	end = proc_now_us() + WAIT_MS * 1000ull;
	while ((ift_a4_find(iftree_find(t, "d0"), a) == NULL ||
	    !ift_if_up(iftree_find(t, "v0"))) && proc_now_us() < end)
		pump(10);
	assert_non_null(ift_a4_find(iftree_find(t, "d0"), a));
	assert_true(ift_if_up(iftree_find(t, "v0")));
	assert_true(kernel_until("10.60.0.0/16",
	    "10.60.0.0/16 dev v0 proto static scope link metric 20"));
	assert_int_equal(ifmirror_rejected(w.mirror), 0);
}

/* An example target as protocol ospfsim, its table and route to net. */
static pid_t
start_ospfsim(const char *net)
{
	char		 log[128];
	char		*argv[] = { (char *)w.demo_bin, "-F", w.fport, "-c",
			    "ospfsim", NULL };
	pid_t		 pid;
	struct xrl_error err;

	snprintf(log, sizeof(log), "%s/demo.log", w.dir);
	assert_true((pid = proc_start(log, argv)) != -1);
	pump(300);
	assert_int_equal(igp_table("ospf", "ospfsim"), XRL_OKAY);
	assert_int_equal(rib4("add_route4", "ospf", net,
	    "10.0.2.2", &err), XRL_OKAY);
	return pid;
}

/* kill -9 a protocol: its routes leave the kernel; it returns: they too. */
static void
test_death(void **state)
{
	pid_t	 demo;

	demo = start_ospfsim("10.80.0.0/16");
	assert_true(kernel_until("10.80.0.0/16",
	    "10.80.0.0/16 via 10.0.2.2 dev v0 proto ospf metric 20"));
	proc_kill(demo, SIGKILL);
	assert_true(kernel_until("10.80.0.0/16", NULL));
	demo = start_ospfsim("10.80.0.0/16");
	assert_true(kernel_until("10.80.0.0/16",
	    "10.80.0.0/16 via 10.0.2.2 dev v0 proto ospf metric 20"));
	proc_kill(demo, SIGKILL);
	assert_true(kernel_until("10.80.0.0/16", NULL));
}

/* Kernel routes others add, IPv6 statics, ECMP and distances over XRL. */
static void
test_more(void **state)
{
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_args		*l;
	struct xrl_atom		*a;
	struct xrl_error	 err;
	const char		*out;
	uint64_t		 end;

	/* A route another program adds is a kernel route in the RIB. */
	sh("ip route add 10.90.0.0/16 via 10.0.1.2");
	end = proc_now_us() + WAIT_MS * 1000ull;
	while (strstr(out = vty("show ip route kernel"),
	    "K>* 10.90.0.0/16 [0/0] via 10.0.1.2, d0") == NULL &&
	    proc_now_us() < end)
		pump(20);
	assert_non_null(strstr(out, "K>* 10.90.0.0/16 [0/0] via 10.0.1.2, d0"));
	sh("ip route del 10.90.0.0/16");
	end = proc_now_us() + WAIT_MS * 1000ull;
	while (strstr(vty("show ip route kernel"), "10.90.0.0/16") != NULL &&
	    proc_now_us() < end)
		pump(20);
	assert_null(strstr(vty("show ip route kernel"), "10.90.0.0/16"));

	out = vty("configure terminal\n"
	    "ipv6 route 2001:db8:99::/48 2001:db8:1::2");
	assert_string_equal(out, "");
	if (!kernel_until("2001:db8:99::/48",
	    "2001:db8:99::/48 via 2001:db8:1::2 dev d0 proto static metric 20 "
	    "pref medium"))
		fail_msg("%s", vty("show ipv6 route"));

	/* Two equal-cost next hops from a protocol, in one call. */
	assert_int_equal(igp_table("ospf", "ribtest"), XRL_OKAY);
	xrl_args_add_txt(&args, "protocol", "ospf");
	a = xrl_args_add(&args, "network", XRL_TYPE_IPV4NET);
	assert_true(prefix4_parse("10.95.0.0/16", &a->v.ipv4net));
	a->has_data = true;
	l = xrl_args_add_list(&args, "nexthops");
	a = xrl_args_add(l, NULL, XRL_TYPE_IPV4);
	assert_true(addr4_parse("10.0.1.7", &a->v.ipv4));
	a->has_data = true;
	a = xrl_args_add(l, NULL, XRL_TYPE_IPV4);
	assert_true(addr4_parse("10.0.2.7", &a->v.ipv4));
	a->has_data = true;
	assert_non_null(xrl_args_add_list(&args, "ifnames"));
	xrl_args_add_u32(&args, "metric", 5);
	assert_int_equal(call("rib", "rib/0.1/replace_multipath_route4",
	    &args, &reply, &err), XRL_OKAY);
	assert_true(kernel_until("10.95.0.0/16",
	    "10.95.0.0/16 proto ospf metric 20\n"
	    "\tnexthop via 10.0.1.7 dev d0 weight 1\n"
	    "\tnexthop via 10.0.2.7 dev v0 weight 1"));
	xrl_args_clear(&args);
	xrl_args_clear(&reply);

	/* OSPF at distance 1 ties with a static; the lower metric wins. */
	vty("configure terminal\nip route 10.95.0.0/16 10.0.1.3");
	assert_true(kernel_until("10.95.0.0/16",
	    "10.95.0.0/16 via 10.0.1.3 dev d0 proto static metric 20"));
	xrl_args_add_txt(&args, "protocol", "ospf");
	xrl_args_add_bool(&args, "ipv4", true);
	xrl_args_add_bool(&args, "ipv6", true);
	xrl_args_add_bool(&args, "unicast", true);
	xrl_args_add_bool(&args, "multicast", false);
	xrl_args_add_u32(&args, "admin_distance", 0);
	assert_int_equal(call("rib", "rib/0.1/set_protocol_admin_distance",
	    &args, &reply, &err), XRL_BAD_ARGS);
	args.atoms[args.count - 1].v.u32 = 1;
	assert_int_equal(call("rib", "rib/0.1/set_protocol_admin_distance",
	    &args, &reply, &err), XRL_OKAY);
	/* Static metric 0 still beats OSPF's 5 at equal distance. */
	assert_true(kernel_until("10.95.0.0/16",
	    "10.95.0.0/16 via 10.0.1.3 dev d0 proto static metric 20"));
	vty("configure terminal\nno ip route 10.95.0.0/16 10.0.1.3");
	assert_true(kernel_until("10.95.0.0/16",
	    "10.95.0.0/16 proto ospf metric 20\n"
	    "\tnexthop via 10.0.1.7 dev d0 weight 1\n"
	    "\tnexthop via 10.0.2.7 dev v0 weight 1"));
	assert_non_null(strstr(vty("show ip route 10.95.0.1"),
	    "Known via \"ospf\", distance 1, metric 5"));
	args.atoms[args.count - 1].v.u32 = 110;
	assert_int_equal(call("rib", "rib/0.1/set_protocol_admin_distance",
	    &args, &reply, &err), XRL_OKAY);
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	assert_int_equal(rib4("delete_route4", "ospf", "10.95.0.0/16", NULL,
	    &err), XRL_OKAY);
	assert_true(kernel_until("10.95.0.0/16", NULL));
}

static unsigned	 bulk_done, bulk_failed;

static void
bulk_cb(const struct xrl_error *err, void *arg)
{
	bulk_done++;
	if (err->code != XRL_OKAY)
		bulk_failed++;
}

/* n routes 11.0.0.0/24, 11.0.1.0/24... added (or deleted) over XRL. */
static double
bulk(bool add, unsigned n)
{
	struct prefix4	 p;
	struct in_addr	 gw;
	uint64_t	 t0 = proc_now_us(), end;
	unsigned	 i;
	struct xrl_args	 tags = XRL_ARGS_INIT;

	bulk_done = bulk_failed = 0;
	inet_pton(AF_INET, "10.0.2.2", &gw);
	for (i = 0; i < n; i++) {
		p.addr.s_addr = htonl(0x0b000000u + (i << 8));
		p.len = 24;
		if (add)
			assert_int_equal(xrl_rib_v0p1_send_add_route4(w.r,
			    "rib", "ospf", true, false, &p, &gw, 1, &tags,
			    bulk_cb, NULL), 0);
		else
			assert_int_equal(xrl_rib_v0p1_send_delete_route4(w.r,
			    "rib", "ospf", true, false, &p, bulk_cb, NULL), 0);
	}
	end = proc_now_us() + 300 * 1000000ull;
	while (bulk_done < n && proc_now_us() < end)
		pump(50);
	assert_int_equal(bulk_done, n);
	assert_int_equal(bulk_failed, 0);
	return (double)(proc_now_us() - t0) / 1e6;
}

static unsigned
kernel_count(const char *args)
{
	return (unsigned)strtoul(sh_out("ip -4 route show %s | wc -l", args),
	    NULL, 10);
}

static void
test_bulk(void **state)
{
	unsigned	 n = w.bulk, have = 0;
	uint64_t	 t0, end;
	double		 xrl_s;

	assert_int_equal(igp_table("ospf", "ribtest"), XRL_OKAY);
	t0 = proc_now_us();
	xrl_s = bulk(true, n);
	end = proc_now_us() + 300 * 1000000ull;
	while ((have = kernel_count("proto ospf")) < n &&
	    proc_now_us() < end)
		pump(200);
	assert_int_equal(have, n);
	printf("%u routes: XRL adds %.2f s, all in the kernel after %.2f s\n",
	    n, xrl_s, (double)(proc_now_us() - t0) / 1e6);
	t0 = proc_now_us();
	xrl_s = bulk(false, n);
	while ((have = kernel_count("proto ospf")) > 0 &&
	    proc_now_us() < end)
		pump(200);
	assert_int_equal(have, 0);
	printf("%u routes: XRL deletes %.2f s, all gone from the kernel after "
	    "%.2f s\n", n, xrl_s, (double)(proc_now_us() - t0) / 1e6);
}

/* A session on a Unix-socket VTY: send lines, read until it closes. */
static char *
unix_vty(const char *path, const char *lines)
{
	static char		 out[1 << 16];
	struct sockaddr_un	 sun;
	struct pollfd		 pfd;
	size_t			 len = 0;
	ssize_t			 n;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		fail_msg("%s: path too long", path);
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		fail_msg("connect %s: %s", path, strerror(errno));
	if (write(fd, lines, strlen(lines)) != (ssize_t)strlen(lines))
		fail_msg("write %s", path);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (len < sizeof(out) - 1 && poll(&pfd, 1, WAIT_MS) == 1 &&
	    (n = read(fd, out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fd);
	return out;
}

/* A clean exit removes ribd's routes; -k keeps them for the next ribd. */
static void
test_exit(void **state)
{
	char		 vsock[128];
	const char	*out;

	snprintf(vsock, sizeof(vsock), "%s/ribd.vty", w.dir);
	assert_true(kernel_until("10.10.0.0/16",
	    "10.10.0.0/16 via 10.0.1.2 dev d0 proto static metric 20"));
	proc_kill(w.ribd, SIGTERM);
	assert_int_equal(kernel_count("proto static"), 0);
	w.ribd = start_ribd("-k", (const char *)NULL);
	assert_true(ribd_until_ready());
	assert_true(kernel_until("10.10.0.0/16",
	    "10.10.0.0/16 via 10.0.1.2 dev d0 proto static metric 20"));
	proc_kill(w.ribd, SIGTERM);
	assert_int_equal(kernel_count("10.10.0.0/16"), 1);
	w.ribd = start_ribd("-S", vsock, (const char *)NULL);
	assert_true(ribd_until_ready());
	assert_true(kernel_until("10.10.0.0/16",
	    "10.10.0.0/16 via 10.0.1.2 dev d0 proto static metric 20"));
	/* The Unix-socket VTY: a local session, no password asked. */
	out = unix_vty(vsock, "show ip route static\nexit\n");
	assert_non_null(strstr(out, "S>* 10.10.0.0/16 [1/0] via 10.0.1.2, d0"));
}

/* The route must stay in the kernel for ms, looked at every 10 ms. */
static bool
kernel_stays(const char *args, const char *want, unsigned ms)
{
	uint64_t	 end = proc_now_us() + ms * 1000ull;
	const char	*out;

	while (proc_now_us() < end) {
		out = sh_out("ip route show %s", args);
		if (strcmp(out, want) != 0) {
			print_error("ip route show %s:\n%s\nwant:\n%s\n", args,
			    out, want);
			return false;
		}
		pump(10);
	}
	return true;
}


/*
 * -H: a protocol that dies and comes back within the hold time re-adds its
 * routes and the kernel never loses them; one that stays away loses them.
 * -K: a new ribd keeps what the old one left (-k) for the protocols to take
 * over, and removes what nobody re-added when the grace time ends.
 */
static void
test_graceful(void **state)
{
	static const char *r85 =
	    "10.85.0.0/16 via 10.0.2.2 dev v0 proto ospf metric 20";
	static const char *r86 =
	    "10.86.0.0/16 via 10.0.2.2 dev v0 proto ospf metric 20";
	struct xrl_error err;
	pid_t		 demo;

	proc_kill(w.ribd, SIGTERM);
	w.ribd = start_ribd("-k", "-H", "2000", (const char *)NULL);
	assert_true(ribd_until_ready());
	demo = start_ospfsim("10.85.0.0/16");
	assert_true(kernel_until("10.85.0.0/16", r85));

	proc_kill(demo, SIGKILL);
	assert_true(kernel_stays("10.85.0.0/16", r85, 500));
	demo = start_ospfsim("10.85.0.0/16");
	assert_true(kernel_stays("10.85.0.0/16", r85, 2500));

	proc_kill(demo, SIGKILL);
	assert_true(kernel_until("10.85.0.0/16", NULL));

	/* Two routes left by a ribd that exits with -k. */
	demo = start_ospfsim("10.85.0.0/16");
	assert_int_equal(rib4("add_route4", "ospf", "10.86.0.0/16",
	    "10.0.2.2", &err), XRL_OKAY);
	assert_true(kernel_until("10.86.0.0/16", r86));
	proc_kill(w.ribd, SIGTERM);
	proc_kill(demo, SIGKILL);
	assert_int_equal(kernel_count("proto ospf"), 2);

	/* The next ribd keeps them; the protocol re-adds one of the two. */
	w.ribd = start_ribd("-K", "2", (const char *)NULL);
	assert_true(ribd_until_ready());
	assert_int_equal(kernel_count("proto ospf"), 2);
	demo = start_ospfsim("10.85.0.0/16");
	assert_true(kernel_stays("10.85.0.0/16", r85, 2500));
	assert_true(kernel_until("10.86.0.0/16", NULL));
	assert_true(kernel_stays("10.85.0.0/16", r85, 200));
	proc_kill(demo, SIGKILL);
	assert_true(kernel_until("10.85.0.0/16", NULL));
}

/*
 * Lost netlink events: with a monitor buffer far too small for a bulk
 * change, ribd must notice (ENOBUFS), re-read the kernel and end with
 * exactly the routes it wants, and forget a kernel route deleted while
 * events were being lost.
 */
static void
test_resync(void **state)
{
	unsigned	 have = 0;
	uint64_t	 end;

	proc_kill(w.ribd, SIGTERM);
	w.ribd = start_ribd("-R", "4096", (const char *)NULL);
	assert_true(ribd_until_ready());
	assert_int_equal(igp_table("ospf", "ribtest"), XRL_OKAY);
	sh("ip route add 10.91.0.0/16 via 10.0.1.2");
	end = proc_now_us() + WAIT_MS * 1000ull;
	while (strstr(vty("show ip route kernel"), "10.91.0.0/16") == NULL &&
	    proc_now_us() < end)
		pump(20);
	assert_non_null(strstr(vty("show ip route kernel"), "10.91.0.0/16"));

	bulk(true, 20000);
	sh("ip route del 10.91.0.0/16");
	end = proc_now_us() + 60 * 1000000ull;
	while ((have = kernel_count("proto ospf")) != 20000 &&
	    proc_now_us() < end)
		pump(100);
	assert_int_equal(have, 20000);
	assert_non_null(strstr(sh_out("cat %s/ribd.log", w.dir),
	    "re-reading the kernel"));
	end = proc_now_us() + WAIT_MS * 1000ull;
	while (strstr(vty("show ip route kernel"), "10.91.0.0/16") != NULL &&
	    proc_now_us() < end)
		pump(50);
	assert_null(strstr(vty("show ip route kernel"), "10.91.0.0/16"));

	bulk(false, 20000);
	end = proc_now_us() + 60 * 1000000ull;
	while ((have = kernel_count("proto ospf")) != 0 && proc_now_us() < end)
		pump(100);
	assert_int_equal(have, 0);
	/* Still a working ribd. */
	assert_true(kernel_until("10.10.0.0/16",
	    "10.10.0.0/16 via 10.0.1.2 dev d0 proto static metric 20"));
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static_config),
		cmocka_unit_test(test_static_vty),
		cmocka_unit_test(test_xrl_routes),
		cmocka_unit_test(test_redist),
		cmocka_unit_test(test_ifmirror),
		cmocka_unit_test(test_death),
		cmocka_unit_test(test_more),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_exit),
		cmocka_unit_test(test_graceful),
		cmocka_unit_test(test_resync),
	};

	if (argc < 5) {
		fprintf(stderr, "usage: test_ribd finder ribd demo xrlcall "
		    "[bulk]\n");
		return 2;
	}
	w.finder_bin = argv[1];
	w.ribd_bin = argv[2];
	w.demo_bin = argv[3];
	w.xrlcall_bin = argv[4];
	w.bulk = argc > 5 ? (unsigned)atoi(argv[5]) : 100000;
	if (unshare(CLONE_NEWNET) == -1) {
		printf("SKIP: cannot make a network namespace (%s); needs "
		    "root\n", strerror(errno));
		return 77;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	return cmocka_run_group_tests_name("ribd", tests, setup, teardown);
}

/*
 * DOC: statics: configured static routes, FRRouting's staticd folded into
 * ribd.
 *
 *   ip route A.B.C.D/M <A.B.C.D|IFNAME|blackhole> [(1-255)]
 *   ipv6 route X:X::X:X/M <X:X::X:X|IFNAME|blackhole> [(1-255)]
 *   (and the same with "no")
 *
 * The configuration is a list of prefixes (rd->statics, in prefix order,
 * IPv4 first), each with its configured next hops: a gateway (recursive,
 * the RIB resolves it), an interface, or blackhole, each with an optional
 * distance. A (prefix, next hop) pair is configured once: typing it again
 * with another distance changes the distance.
 *
 * The RIB takes one static route per prefix, so each prefix becomes one
 * ECMP route: of the usable next hops, those that share the lowest
 * distance (at most RIB_NH_MAX of them, in the order the configuration
 * lists them). An interface next hop is usable while its interface exists
 * and is up; gateways and blackhole always are. That makes a route with a
 * higher distance a floating static: it takes over when the interfaces of
 * the better ones go down. A blackhole at the same distance as other next
 * hops only counts when they are all gone (the RIB takes a blackhole as a
 * route's only next hop). A prefix with nothing usable is withdrawn but
 * stays configured.
 *
 * Each prefix remembers what it gave the RIB, so that the RIB is told only
 * about real changes: after a command, and for every prefix whenever the
 * interfaces change (statics_refresh()).
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ribd.h"

enum static_nh_type {
	STATIC_NH_GATEWAY,
	STATIC_NH_IFNAME,
	STATIC_NH_BLACKHOLE,
};

struct static_nh {
	TAILQ_ENTRY(static_nh)	 entry;
	enum static_nh_type	 type;
	union rib_addr		 gw;		/* STATIC_NH_GATEWAY */
	char			 ifname[IFT_NAMSIZ]; /* STATIC_NH_IFNAME */
	uint8_t			 distance;	/* 0: not given */
};

struct static_route {
	TAILQ_ENTRY(static_route) entry;
	struct rib_prefix	 prefix;
	TAILQ_HEAD(, static_nh)	 nhs;		/* sorted: static_nh_cmp() */

	/* What the RIB has from us: nothing when ninst is 0. */
	unsigned		 ninst;
	int16_t			 idistance;
	struct rib_nh		 inst[RIB_NH_MAX];
};

static size_t
static_alen(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) :
	    sizeof(struct in6_addr);
}

/* Prefix order: family, then address, then length (a trie's pre-order). */
static int
static_prefix_cmp(const struct rib_prefix *a, const struct rib_prefix *b)
{
	int	 c;

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	if ((c = memcmp(&a->addr, &b->addr, static_alen(a->family))) != 0)
		return c;
	return (int)a->len - (int)b->len;
}

static int
static_nh_cmp(int family, const struct static_nh *a, const struct static_nh *b)
{
	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	switch (a->type) {
	case STATIC_NH_GATEWAY:
		return memcmp(&a->gw, &b->gw, static_alen(family));
	case STATIC_NH_IFNAME:
		return strcmp(a->ifname, b->ifname);
	case STATIC_NH_BLACKHOLE:
		break;
	}
	return 0;
}

/* The prefix's entry, or NULL and in *before where it would go. */
static struct static_route *
static_find(struct ribd *rd, const struct rib_prefix *p,
    struct static_route **before)
{
	struct static_route	*sr;
	int			 c;

	*before = NULL;
	TAILQ_FOREACH(sr, &rd->statics, entry) {
		if ((c = static_prefix_cmp(&sr->prefix, p)) == 0)
			return sr;
		if (c > 0) {
			*before = sr;
			break;
		}
	}
	return NULL;
}

static struct static_nh *
static_nh_find(struct static_route *sr, const struct static_nh *key,
    struct static_nh **before)
{
	struct static_nh	*nh;
	int			 c;

	*before = NULL;
	TAILQ_FOREACH(nh, &sr->nhs, entry) {
		if ((c = static_nh_cmp(sr->prefix.family, nh, key)) == 0)
			return nh;
		if (c > 0) {
			*before = nh;
			break;
		}
	}
	return NULL;
}

static unsigned
static_nh_distance(const struct ribd *rd, const struct static_nh *nh)
{
	int	 d;

	if (nh->distance != 0)
		return nh->distance;
	d = rib_distance(rd->rib, RIB_PROTO_STATIC);
	return d < 0 ? 1 : (unsigned)d;
}

/* The next hop as the RIB takes it; false while it is unusable. */
static bool
static_nh_usable(const struct ribd *rd, int family, const struct static_nh *nh,
    struct rib_nh *out)
{
	const struct ift_if	*ifp;

	switch (nh->type) {
	case STATIC_NH_GATEWAY:
		rib_nh_set(out, family, &nh->gw, 0);
		return true;
	case STATIC_NH_IFNAME:
		ifp = iftree_find(&rd->ifs, nh->ifname);
		if (ifp == NULL || ifp->ifindex == 0 || !ift_if_up(ifp))
			return false;
		rib_nh_set(out, family, NULL, ifp->ifindex);
		return true;
	case STATIC_NH_BLACKHOLE:
		rib_nh_blackhole(out);
		return true;
	}
	return false;
}

/*
 * What the prefix should have in the RIB: the usable next hops of the
 * lowest distance (see DOC). *n is 0 when nothing is usable.
 */
static void
static_select(const struct ribd *rd, const struct static_route *sr,
    struct rib_nh *out, unsigned *n, int16_t *distance)
{
	const struct static_nh	*nh;
	struct rib_nh		 x, bh;
	unsigned		 best = 256, d;
	bool			 given = false, blackhole = false;

	*n = 0;
	*distance = RIB_DISTANCE_PROTO;
	memset(&bh, 0, sizeof(bh));
	TAILQ_FOREACH(nh, &sr->nhs, entry)
		if (static_nh_usable(rd, sr->prefix.family, nh, &x) &&
		    (d = static_nh_distance(rd, nh)) < best)
			best = d;
	if (best == 256)
		return;
	TAILQ_FOREACH(nh, &sr->nhs, entry) {
		if (static_nh_distance(rd, nh) != best ||
		    !static_nh_usable(rd, sr->prefix.family, nh, &x))
			continue;
		if (nh->distance != 0)
			given = true;
		if (nh->type == STATIC_NH_BLACKHOLE) {
			bh = x;
			blackhole = true;
		} else if (*n < RIB_NH_MAX)
			out[(*n)++] = x;
	}
	if (*n == 0 && blackhole)
		out[(*n)++] = bh;
	if (given)
		*distance = (int16_t)best;
}

/* Tell the RIB if what the prefix should have differs from what it has. */
static void
static_push(struct ribd *rd, struct static_route *sr)
{
	struct rib_nh		 want[RIB_NH_MAX];
	struct rib_attr		 attr;
	unsigned		 n;
	int16_t			 distance;
	char			 p[RIB_PREFIX_STRLEN];

	if (rd->rib == NULL)
		return;
	static_select(rd, sr, want, &n, &distance);
	if (n == sr->ninst && (n == 0 || (distance == sr->idistance &&
	    memcmp(want, sr->inst, n * sizeof(want[0])) == 0)))
		return;
	rib_prefix_print(&sr->prefix, p, sizeof(p));
	if (n == 0) {
		if (rib_route_del(rd->rib, &sr->prefix, RIB_PROTO_STATIC) ==
		    -1 && errno != ENOENT) {
			log_warn("%s: static %s: withdraw", __func__, p);
			return;
		}
		log_debug("%s: static %s withdrawn", __func__, p);
	} else {
		memset(&attr, 0, sizeof(attr));
		attr.proto = RIB_PROTO_STATIC;
		attr.distance = distance;
		attr.stamp = ribd_now();
		if (rib_route_add(rd->rib, &sr->prefix, &attr, want, n) == -1) {
			log_warn("%s: static %s: install", __func__, p);
			return;
		}
		log_debug("%s: static %s: %u next hops", __func__, p, n);
	}
	sr->ninst = n;
	sr->idistance = distance;
	memcpy(sr->inst, want, n * sizeof(want[0]));
}

static void
static_free(struct static_route *sr)
{
	struct static_nh	*nh;

	while ((nh = TAILQ_FIRST(&sr->nhs)) != NULL) {
		TAILQ_REMOVE(&sr->nhs, nh, entry);
		free(nh);
	}
	free(sr);
}

void
statics_refresh(struct ribd *rd)
{
	struct static_route	*sr;

	TAILQ_FOREACH(sr, &rd->statics, entry)
		static_push(rd, sr);
}

/* Frees the configuration; the routes stay in the RIB (it goes as whole). */
void
statics_fini(struct ribd *rd)
{
	struct static_route	*sr;

	while ((sr = TAILQ_FIRST(&rd->statics)) != NULL) {
		TAILQ_REMOVE(&rd->statics, sr, entry);
		static_free(sr);
	}
}

/* Linux's dev_valid_name(): what cannot be an interface name. */
static bool
static_ifname_valid(const char *name)
{
	size_t	 len = strlen(name);

	return len > 0 && len < IFT_NAMSIZ && strcmp(name, ".") != 0 &&
	    strcmp(name, "..") != 0 && strpbrk(name, "/: \t") == NULL;
}

/* The prefix and the next hop of an "ip route" line; false: printed why. */
static bool
static_parse(struct vty *vty, const struct cmd_match *m,
    struct rib_prefix *p, struct static_nh *nh)
{
	const struct cmd_value	*v;
	const char		*name;
	bool			 v6 = cmd_has(m, "ipv6");
	static const uint8_t	 zero[16];

	memset(nh, 0, sizeof(*nh));
	if (v6)
		rib_prefix_from6(p, &cmd_get(m, "X:X::X:X/M")->u.p6);
	else
		rib_prefix_from4(p, &cmd_get(m, "A.B.C.D/M")->u.p4);
	if ((v = cmd_get(m, v6 ? "X:X::X:X" : "A.B.C.D")) != NULL) {
		nh->type = STATIC_NH_GATEWAY;
		if (v6)
			nh->gw.v6 = v->u.v6;
		else
			nh->gw.v4 = v->u.v4;
		if (memcmp(&nh->gw, zero, static_alen(p->family)) == 0) {
			vty_out(vty, "%% Invalid nexthop address %s\n",
			    v->text);
			return false;
		}
		/* Which link would fe80::1 be on? FRR wants "GW IFNAME". */
		if (v6 && IN6_IS_ADDR_LINKLOCAL(&nh->gw.v6)) {
			vty_out(vty, "%% Link-local nexthop %s needs an "
			    "interface\n", v->text);
			return false;
		}
	} else if (cmd_has(m, "blackhole"))
		nh->type = STATIC_NH_BLACKHOLE;
	else {
		nh->type = STATIC_NH_IFNAME;
		name = cmd_str(m, "IFNAME");
		if (!static_ifname_valid(name)) {
			vty_out(vty, "%% Invalid interface name %s\n", name);
			return false;
		}
		snprintf(nh->ifname, sizeof(nh->ifname), "%s", name);
	}
	if ((v = cmd_get(m, "(1-255)")) != NULL)
		nh->distance = (uint8_t)v->u.num;
	return true;
}

static int
cmd_static_add(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ribd		*rd = arg;
	struct static_route	*sr, *before;
	struct static_nh	 key, *nh, *nbefore;
	struct rib_prefix	 p;

	if (!static_parse(vty, m, &p, &key))
		return CMD_WARNING;
	if ((sr = static_find(rd, &p, &before)) == NULL) {
		if ((sr = calloc(1, sizeof(*sr))) == NULL) {
			vty_out(vty, "%% No memory\n");
			return CMD_WARNING;
		}
		sr->prefix = p;
		TAILQ_INIT(&sr->nhs);
		if (before)
			TAILQ_INSERT_BEFORE(before, sr, entry);
		else
			TAILQ_INSERT_TAIL(&rd->statics, sr, entry);
	}
	if ((nh = static_nh_find(sr, &key, &nbefore)) != NULL)
		nh->distance = key.distance;
	else {
		if ((nh = malloc(sizeof(*nh))) == NULL) {
			vty_out(vty, "%% No memory\n");
			if (TAILQ_EMPTY(&sr->nhs)) {
				TAILQ_REMOVE(&rd->statics, sr, entry);
				static_free(sr);
			}
			return CMD_WARNING;
		}
		*nh = key;
		if (nbefore)
			TAILQ_INSERT_BEFORE(nbefore, nh, entry);
		else
			TAILQ_INSERT_TAIL(&sr->nhs, nh, entry);
	}
	static_push(rd, sr);
	return CMD_SUCCESS;
}

static int
cmd_static_del(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ribd		*rd = arg;
	struct static_route	*sr, *before;
	struct static_nh	 key, *nh = NULL, *nbefore;
	struct rib_prefix	 p;

	if (!static_parse(vty, m, &p, &key))
		return CMD_WARNING;
	if ((sr = static_find(rd, &p, &before)) != NULL)
		nh = static_nh_find(sr, &key, &nbefore);
	/* A distance, if given, must be the one in effect (FRR). */
	if (nh == NULL || (key.distance != 0 &&
	    key.distance != static_nh_distance(rd, nh))) {
		vty_out(vty, "%% Refusing to remove a non-existent route\n");
		return CMD_SUCCESS;
	}
	TAILQ_REMOVE(&sr->nhs, nh, entry);
	free(nh);
	static_push(rd, sr);
	if (TAILQ_EMPTY(&sr->nhs)) {
		TAILQ_REMOVE(&rd->statics, sr, entry);
		static_free(sr);
	}
	return CMD_SUCCESS;
}

static void
statics_config_write(struct buf *b, void *arg)
{
	struct ribd		*rd = arg;
	struct static_route	*sr;
	struct static_nh	*nh;
	char			 p[RIB_PREFIX_STRLEN], a[ADDR6_STRLEN];

	TAILQ_FOREACH(sr, &rd->statics, entry) {
		rib_prefix_print(&sr->prefix, p, sizeof(p));
		TAILQ_FOREACH(nh, &sr->nhs, entry) {
			buf_printf(b, "%s %s ", sr->prefix.family == AF_INET ?
			    "ip route" : "ipv6 route", p);
			switch (nh->type) {
			case STATIC_NH_GATEWAY:
				if (sr->prefix.family == AF_INET)
					addr4_print(&nh->gw.v4, a, sizeof(a));
				else
					addr6_print(&nh->gw.v6, a, sizeof(a));
				buf_printf(b, "%s", a);
				break;
			case STATIC_NH_IFNAME:
				buf_printf(b, "%s", nh->ifname);
				break;
			case STATIC_NH_BLACKHOLE:
				buf_printf(b, "blackhole");
				break;
			}
			if (nh->distance != 0)
				buf_printf(b, " %u", nh->distance);
			buf_printf(b, "\n");
		}
	}
	if (!TAILQ_EMPTY(&rd->statics))
		buf_printf(b, "!\n");
}

#define HELP_NO		"Negate a command or set its defaults\n"
#define HELP_IP_ROUTE	"IP information\n" \
			"Establish static routes\n" \
			"IP destination prefix (e.g. 10.0.0.0/8)\n" \
			"IP gateway address\n" \
			"IP gateway interface name\n" \
			"Emit an ICMP unreachable when matched\n" \
			"Distance value for this route"
#define HELP_IPV6_ROUTE	"IPv6 information\n" \
			"Establish static routes\n" \
			"IPv6 destination prefix (e.g. 3ffe:506::/32)\n" \
			"IPv6 gateway address\n" \
			"IPv6 gateway interface name\n" \
			"Emit an ICMP unreachable when matched\n" \
			"Distance value for this prefix"

static const struct cmd_def statics_cmds[] = {
	{ "ip route A.B.C.D/M <A.B.C.D|IFNAME|blackhole> [(1-255)]",
	    HELP_IP_ROUTE, cmd_static_add, 0 },
	{ "no ip route A.B.C.D/M <A.B.C.D|IFNAME|blackhole> [(1-255)]",
	    HELP_NO HELP_IP_ROUTE, cmd_static_del, 0 },
	{ "ipv6 route X:X::X:X/M <X:X::X:X|IFNAME|blackhole> [(1-255)]",
	    HELP_IPV6_ROUTE, cmd_static_add, 0 },
	{ "no ipv6 route X:X::X:X/M <X:X::X:X|IFNAME|blackhole> [(1-255)]",
	    HELP_NO HELP_IPV6_ROUTE, cmd_static_del, 0 },
};

int
statics_vty_install(struct ribd *rd)
{
	if (vty_install(rd->vs, VTY_NODE_CONFIG, statics_cmds,
	    sizeof(statics_cmds) / sizeof(statics_cmds[0])) == -1 ||
	    vty_config_writer(rd->vs, statics_config_write, rd) == -1)
		return -1;
	return 0;
}

/*
 * DOC: redistribution (rib/0.1 redist_enable4/6). A subscriber names a
 * target serving redist4/0.1 (or redist6/0.1), the protocol whose routes it
 * wants ("all" for every one), a prefix filter and a cookie. It gets
 * starting_route_dump, an add_route for each selected route of that
 * protocol inside the filter, finishing_route_dump, then every change: a
 * route that becomes selected is an add_route, one that stops being
 * selected a delete_route, and a selected route that changes (metric, next
 * hop) a new add_route, which replaces (XORP's receivers treat it so).
 * next hop and ifname are the first resolved next hop's. A subscriber that
 * fails a call or dies is dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "redist4_xif.h"
#include "redist6_xif.h"
#include "ribd.h"

struct redist {
	TAILQ_ENTRY(redist)	 entry;
	struct ribd		*rd;
	int			 family;
	char			*target;
	char			*cookie;
	uint32_t		 protos;	/* RIB_PROTO_BIT mask */
	char			 from[RIB_PROTO_NAMELEN];
	struct rib_prefix	 filter;
	unsigned		 inflight;
	bool			 dead;
};

static void
redist_unref(struct redist *s)
{
	if (s->dead && s->inflight == 0) {
		free(s->target);
		free(s->cookie);
		free(s);
	}
}

static void
redist_drop(struct redist *s, const char *why)
{
	if (s->dead)
		return;
	log_info("redist: dropping %s (%s routes): %s", s->target, s->from,
	    why);
	TAILQ_REMOVE(&s->rd->redists, s, entry);
	s->dead = true;
	redist_unref(s);
}

static void
sent(const struct xrl_error *err, void *arg)
{
	struct redist	*s = arg;
	char		 buf[256];

	s->inflight--;
	if (err->code != XRL_OKAY)
		redist_drop(s, xrl_error_print(err, buf, sizeof(buf)));
	redist_unref(s);
}

static bool
in_filter(const struct redist *s, const struct rib_prefix *p)
{
	return p->family == s->family && p->len >= s->filter.len &&
	    rib_prefix_contains(&s->filter, &p->addr);
}

/* add_route (add) or delete_route for one route. */
static void
send_route(struct redist *s, bool add, const struct rib_prefix *p,
    uint8_t proto, uint32_t metric, const struct rib_nhg *nhg)
{
	struct ribd		*rd = s->rd;
	const struct rib_nh	*nh = nhg != NULL && nhg->n > 0 &&
				    !rib_nhg_is_blackhole(nhg) ? &nhg->nh[0] :
				    NULL;
	char			 ifname[IFT_NAMSIZ] = "";
	const char		*pname = rib_proto_name(rd->rib, proto);
	int			 dist = rib_distance(rd->rib, proto), rc;
	struct prefix4		 p4;
	struct prefix6		 p6;
	struct in_addr		 gw4 = { 0 };
	struct in6_addr		 gw6 = IN6ADDR_ANY_INIT;

	if (s->dead)
		return;
	if (nh != NULL) {
		iface_name(rd, nh->ifindex, ifname, sizeof(ifname));
		gw4 = nh->gw.v4;
		gw6 = nh->gw.v6;
	}
	if (dist < 0)
		dist = RIB_DISTANCE_MAX;
	if (s->family == AF_INET) {
		p4.addr = p->addr.v4;
		p4.len = p->len;
		rc = add ? xrl_redist4_v0p1_send_add_route(rd->r, s->target,
		    &p4, &gw4, ifname, ifname, metric, (uint32_t)dist,
		    s->cookie, pname ? pname : "", sent, s) :
		    xrl_redist4_v0p1_send_delete_route(rd->r, s->target, &p4,
		    &gw4, ifname, ifname, metric, (uint32_t)dist, s->cookie,
		    pname ? pname : "", sent, s);
	} else {
		p6.addr = p->addr.v6;
		p6.len = p->len;
		rc = add ? xrl_redist6_v0p1_send_add_route(rd->r, s->target,
		    &p6, &gw6, ifname, ifname, metric, (uint32_t)dist,
		    s->cookie, pname ? pname : "", sent, s) :
		    xrl_redist6_v0p1_send_delete_route(rd->r, s->target, &p6,
		    &gw6, ifname, ifname, metric, (uint32_t)dist, s->cookie,
		    pname ? pname : "", sent, s);
	}
	if (rc == -1)
		redist_drop(s, "cannot queue a call");
	else
		s->inflight++;
}

void
redist_change(struct ribd *rd, const struct rib_fib_change *c)
{
	struct redist	*s, *next;
	bool		 was, is;

	for (s = TAILQ_FIRST(&rd->redists); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (!in_filter(s, c->prefix))
			continue;
		was = c->old_nhg != NULL && c->old_proto < RIB_PROTO_MAX &&
		    (s->protos & RIB_PROTO_BIT(c->old_proto));
		is = c->new_nhg != NULL && c->new_proto < RIB_PROTO_MAX &&
		    (s->protos & RIB_PROTO_BIT(c->new_proto));
		if (is)
			send_route(s, true, c->prefix, c->new_proto,
			    c->new_metric, c->new_nhg);
		else if (was)
			send_route(s, false, c->prefix, c->old_proto,
			    c->old_metric, c->old_nhg);
	}
}

static int
dump_route(const struct rib_dest *d, void *arg)
{
	struct redist		*s = arg;
	const struct rib_route	*sel = rib_dest_selected(d);
	struct rib_prefix	 p;

	if (sel == NULL || rib_route_fib(sel) == NULL ||
	    !(s->protos & RIB_PROTO_BIT(sel->proto)))
		return 0;
	rib_dest_prefix(d, &p);
	if (in_filter(s, &p))
		send_route(s, true, &p, sel->proto, sel->metric,
		    rib_route_fib(sel));
	return s->dead ? -1 : 0;
}

static int
send_hint(struct redist *s, bool start)
{
	int	 rc;

	if (s->family == AF_INET)
		rc = start ? xrl_redist4_v0p1_send_starting_route_dump(
		    s->rd->r, s->target, s->cookie, sent, s) :
		    xrl_redist4_v0p1_send_finishing_route_dump(s->rd->r,
		    s->target, s->cookie, sent, s);
	else
		rc = start ? xrl_redist6_v0p1_send_starting_route_dump(
		    s->rd->r, s->target, s->cookie, sent, s) :
		    xrl_redist6_v0p1_send_finishing_route_dump(s->rd->r,
		    s->target, s->cookie, sent, s);
	if (rc == 0)
		s->inflight++;
	return rc;
}

static struct redist *
redist_find(struct ribd *rd, int family, const char *target,
    const char *from, const char *cookie)
{
	struct redist	*s;

	TAILQ_FOREACH(s, &rd->redists, entry)
		if (s->family == family && strcmp(s->target, target) == 0 &&
		    strcmp(s->from, from) == 0 &&
		    strcmp(s->cookie, cookie) == 0)
			return s;
	return NULL;
}

int
redist_enable(struct ribd *rd, int family, const char *target,
    const char *from, const struct rib_prefix *filter, const char *cookie,
    char *err, size_t errlen)
{
	struct redist	*s;
	uint32_t	 protos;
	int		 p;

	if (*target == '\0') {
		snprintf(err, errlen, "to_xrl_target: empty");
		return -1;
	}
	if (strcmp(from, "all") == 0 || strcmp(from, "any") == 0)
		protos = ~0U;
	else if ((p = rib_proto_parse(rd->rib, from)) >= 0)
		protos = RIB_PROTO_BIT(p);
	else {
		snprintf(err, errlen, "from_protocol: unknown protocol \"%s\"",
		    from);
		return -1;
	}
	if (strlen(from) >= RIB_PROTO_NAMELEN) {
		snprintf(err, errlen, "from_protocol: too long");
		return -1;
	}
	if ((s = redist_find(rd, family, target, from, cookie)) != NULL)
		redist_drop(s, "enabled again");
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->target = strdup(target)) == NULL ||
	    (s->cookie = strdup(cookie)) == NULL) {
		if (s != NULL)
			free(s->target);
		free(s);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->rd = rd;
	s->family = family;
	s->protos = protos;
	strcpy(s->from, from);
	s->filter = *filter;
	rib_prefix_mask(&s->filter);
	TAILQ_INSERT_TAIL(&rd->redists, s, entry);
	if (strchr(target, '@') != NULL)
		(void)xrl_target_watch_instance(rd->t, target);
	else
		(void)xrl_target_watch_class(rd->t, target);
	log_info("redist: %s routes to %s (cookie \"%s\")", from, target,
	    cookie);
	if (send_hint(s, true) == -1) {
		redist_drop(s, "cannot queue a call");
		return 0;
	}
	(void)rib_walk(rd->rib, family, NULL, dump_route, s);
	if (!s->dead && send_hint(s, false) == -1)
		redist_drop(s, "cannot queue a call");
	return 0;
}

int
redist_disable(struct ribd *rd, int family, const char *target,
    const char *from, const char *cookie)
{
	struct redist	*s;

	if ((s = redist_find(rd, family, target, from, cookie)) == NULL)
		return -1;
	redist_drop(s, "disabled");
	return 0;
}

/* A target died: drop its subscriptions (by instance or by class). */
void
redist_death(struct ribd *rd, const char *name)
{
	struct redist	*s, *next;

	for (s = TAILQ_FIRST(&rd->redists); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (strcmp(s->target, name) == 0)
			redist_drop(s, "its target died");
	}
}

void
redist_fini(struct ribd *rd)
{
	struct redist	*s;

	/* Called after the router is gone: no completion will come. */
	while ((s = TAILQ_FIRST(&rd->redists)) != NULL) {
		s->inflight = 0;
		redist_drop(s, "ribd stops");
	}
}

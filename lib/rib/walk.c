/*
 * DOC: walk: read-only access for `show` commands, forwarding lookups and
 * redistribution. Walks go in prefix order (shorter first); to stream a long
 * listing without holding the event loop, print a slice and resume later
 * with rib_dest_next() from the last prefix printed. During a batch
 * (between rib_begin() and rib_commit()) these calls see routes as added
 * but selection as of the last commit, and prefixes whose routes were all
 * deleted are still listed, with no route, until the commit.
 */
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include "rib_private.h"
#include "trie.h"

static const uint8_t	 zero[16];

/* The dest of exactly p, or NULL. */
const struct rib_dest *
rib_dest_lookup(const struct rib *rib, const struct rib_prefix *p)
{
	struct rib_table	*t;
	struct rib_prefix	 pm = *p;

	if ((t = rib_table(rib, p->family)) == NULL)
		return NULL;
	rib_prefix_mask(&pm);
	return trie_lookup(t->dests, &pm.addr, pm.len);
}

/*
 * Forwarding lookup: the longest prefix containing addr (a struct in_addr
 * or in6_addr) that has a selected route, or NULL.
 */
const struct rib_dest *
rib_match(const struct rib *rib, int family, const void *addr)
{
	struct rib_table	*t;
	struct rib_dest		*d;

	if ((t = rib_table(rib, family)) == NULL)
		return NULL;
	for (d = trie_match(t->dests, addr, t->maxlen, NULL); d != NULL;
	    d = trie_cover(t->dests, d->addr, d->len, NULL))
		if (dest_selected(d) != NULL)
			return d;
	return NULL;
}

/* The first dest after prefix after (the first of all if after is NULL). */
const struct rib_dest *
rib_dest_next(const struct rib *rib, int family,
    const struct rib_prefix *after)
{
	struct rib_table	*t;

	if ((t = rib_table(rib, family)) == NULL)
		return NULL;
	if (after == NULL)
		return trie_next(t->dests, NULL, -1, NULL, NULL);
	return trie_next(t->dests, &after->addr, after->len, NULL, NULL);
}

struct walk_arg {
	rib_dest_cb	 cb;
	void		*arg;
};

static int
walk_one(const void *addr, unsigned int len, void *item, void *arg)
{
	struct walk_arg	*w = arg;

	return w->cb(item, w->arg);
}

/*
 * Calls cb for each dest of the family inside under (all if NULL), in
 * prefix order; a non-zero return stops the walk and is returned. cb must
 * not change the RIB (such calls fail with EBUSY).
 */
int
rib_walk(struct rib *rib, int family, const struct rib_prefix *under,
    rib_dest_cb cb, void *arg)
{
	struct rib_table	*t;
	struct walk_arg		 w = { cb, arg };
	int			 rv;

	if ((t = rib_table(rib, family)) == NULL ||
	    (under != NULL && under->family != family)) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	rib->busy++;
	if (under == NULL)
		rv = trie_walk(t->dests, zero, 0, walk_one, &w);
	else {
		struct rib_prefix	 pm = *under;

		rib_prefix_mask(&pm);
		rv = trie_walk(t->dests, &pm.addr, pm.len, walk_one, &w);
	}
	rib->busy--;
	return rv;
}

/*
 * Redistribution: calls cb for each selected route of proto in the family
 * (in no particular order); a non-zero return stops the walk.
 */
int
rib_proto_walk(struct rib *rib, int family, uint8_t proto, rib_route_cb cb,
    void *arg)
{
	struct rib_table	*t;
	struct rib_route	*r;
	int			 rv = 0;

	if ((t = rib_table(rib, family)) == NULL) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (!proto_valid(rib, proto)) {
		errno = EINVAL;
		return -1;
	}
	rib->busy++;
	LIST_FOREACH(r, &t->protos[proto].routes, plink)
		if ((r->flags & RIB_RF_SELECTED) &&
		    (rv = cb(r->dest, r, arg)) != 0)
			break;
	rib->busy--;
	return rv;
}

void
rib_dest_prefix(const struct rib_dest *d, struct rib_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = d->family;
	p->len = d->len;
	memcpy(&p->addr, d->addr, d->family == AF_INET ? 4 : 16);
}

/* The dest's routes, by protocol number; follow route->next. */
const struct rib_route *
rib_dest_routes(const struct rib_dest *d)
{
	return d->routes;
}

const struct rib_route *
rib_dest_selected(const struct rib_dest *d)
{
	return dest_selected(d);
}

const struct rib_route *
rib_route_lookup(const struct rib *rib, const struct rib_prefix *p,
    uint8_t proto)
{
	const struct rib_dest	*d;
	const struct rib_route	*r;

	if ((d = rib_dest_lookup(rib, p)) == NULL)
		return NULL;
	for (r = d->routes; r != NULL; r = r->next)
		if (r->proto == proto)
			return r;
	return NULL;
}

/*
 * The next hops the route would install: its own for a direct route, the
 * resolved ones for a recursive one; NULL if none resolves.
 */
const struct rib_nhg *
rib_route_fib(const struct rib_route *r)
{
	return route_fib(r);
}

/*
 * For `show ip route`: the prefix a recursive next hop (r->nhg->nh[nh])
 * resolved through, or NULL if it is direct or did not resolve.
 */
const struct rib_dest *
rib_route_via(const struct rib_route *r, unsigned int nh)
{
	unsigned int	 i, j = 0;

	if (r->rec == NULL || nh >= r->nhg->n ||
	    !rib_nh_is_recursive(r->dest->family, &r->nhg->nh[nh]))
		return NULL;
	for (i = 0; i < nh; i++)
		if (rib_nh_is_recursive(r->dest->family, &r->nhg->nh[i]))
			j++;
	return r->rec->deps[j].via;
}

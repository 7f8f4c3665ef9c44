/*
 * DOC: interface tree storage: interfaces sorted by name, each with its
 * IPv4 and IPv6 addresses in the order they were added (the kernel's
 * order, so the primary address comes first).
 */
#include <stdlib.h>
#include <string.h>

#include "iftree.h"

void
iftree_init(struct iftree *t)
{
	TAILQ_INIT(&t->ifs);
	t->n = 0;
}

void
iftree_clear(struct iftree *t)
{
	struct ift_if	*ifp;

	while ((ifp = TAILQ_FIRST(&t->ifs)) != NULL) {
		TAILQ_REMOVE(&t->ifs, ifp, entry);
		ift_if_free(ifp);
	}
	t->n = 0;
}

struct ift_if *
iftree_find(const struct iftree *t, const char *name)
{
	struct ift_if	*ifp;

	TAILQ_FOREACH(ifp, &t->ifs, entry)
		if (strcmp(ifp->name, name) == 0)
			return ifp;
	return NULL;
}

struct ift_if *
iftree_find_index(const struct iftree *t, uint32_t ifindex)
{
	struct ift_if	*ifp;

	if (ifindex == 0)
		return NULL;
	TAILQ_FOREACH(ifp, &t->ifs, entry)
		if (ifp->ifindex == ifindex)
			return ifp;
	return NULL;
}

struct ift_if *
ift_if_alloc(const char *name)
{
	struct ift_if	*ifp;

	if (strlen(name) >= IFT_NAMSIZ || *name == '\0' ||
	    (ifp = calloc(1, sizeof(*ifp))) == NULL)
		return NULL;
	strcpy(ifp->name, name);
	TAILQ_INIT(&ifp->a4);
	TAILQ_INIT(&ifp->a6);
	return ifp;
}

void
ift_if_free(struct ift_if *ifp)
{
	struct ift_addr4	*a;
	struct ift_addr6	*b;

	if (ifp == NULL)
		return;
	while ((a = TAILQ_FIRST(&ifp->a4)) != NULL)
		ift_a4_del(ifp, a);
	while ((b = TAILQ_FIRST(&ifp->a6)) != NULL)
		ift_a6_del(ifp, b);
	free(ifp);
}

struct ift_if *
ift_if_dup(const struct ift_if *src)
{
	struct ift_if		*ifp;
	struct ift_addr4	*a, *na;
	struct ift_addr6	*b, *nb;

	if ((ifp = ift_if_alloc(src->name)) == NULL)
		return NULL;
	*ifp = *src;
	TAILQ_INIT(&ifp->a4);
	TAILQ_INIT(&ifp->a6);
	ifp->na4 = ifp->na6 = 0;
	TAILQ_FOREACH(a, &src->a4, entry) {
		if ((na = malloc(sizeof(*na))) == NULL)
			goto fail;
		*na = *a;
		TAILQ_INSERT_TAIL(&ifp->a4, na, entry);
		ifp->na4++;
	}
	TAILQ_FOREACH(b, &src->a6, entry) {
		if ((nb = malloc(sizeof(*nb))) == NULL)
			goto fail;
		*nb = *b;
		TAILQ_INSERT_TAIL(&ifp->a6, nb, entry);
		ifp->na6++;
	}
	return ifp;
 fail:
	ift_if_free(ifp);
	return NULL;
}

bool
ift_if_up(const struct ift_if *ifp)
{
	return ifp->enabled && !ifp->no_carrier;
}

struct ift_addr4 *
ift_a4_find(const struct ift_if *ifp, struct in_addr addr)
{
	struct ift_addr4	*a;

	TAILQ_FOREACH(a, &ifp->a4, entry)
		if (a->addr.s_addr == addr.s_addr)
			return a;
	return NULL;
}

struct ift_addr6 *
ift_a6_find(const struct ift_if *ifp, const struct in6_addr *addr)
{
	struct ift_addr6	*b;

	TAILQ_FOREACH(b, &ifp->a6, entry)
		if (memcmp(&b->addr, addr, sizeof(*addr)) == 0)
			return b;
	return NULL;
}

struct ift_addr4 *
ift_a4_add(struct ift_if *ifp, struct in_addr addr)
{
	struct ift_addr4	*a;

	if ((a = ift_a4_find(ifp, addr)) != NULL)
		return a;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->addr = addr;
	a->enabled = true;
	TAILQ_INSERT_TAIL(&ifp->a4, a, entry);
	ifp->na4++;
	return a;
}

struct ift_addr6 *
ift_a6_add(struct ift_if *ifp, const struct in6_addr *addr)
{
	struct ift_addr6	*b;

	if ((b = ift_a6_find(ifp, addr)) != NULL)
		return b;
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->addr = *addr;
	b->enabled = true;
	TAILQ_INSERT_TAIL(&ifp->a6, b, entry);
	ifp->na6++;
	return b;
}

void
ift_a4_del(struct ift_if *ifp, struct ift_addr4 *a)
{
	TAILQ_REMOVE(&ifp->a4, a, entry);
	ifp->na4--;
	free(a);
}

void
ift_a6_del(struct ift_if *ifp, struct ift_addr6 *b)
{
	TAILQ_REMOVE(&ifp->a6, b, entry);
	ifp->na6--;
	free(b);
}

/*
 * The interface tree: ift_diff() followed by ift_apply() must turn a
 * mirror of the old state into the new one, for every kind of change, and
 * a dump must rebuild a whole tree; ops that do not fit are refused.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iftree.h"

static bool
if_equal(const struct ift_if *a, const struct ift_if *b)
{
	const struct ift_addr4	*x, *y;
	const struct ift_addr6	*u, *v;

	if (strcmp(a->name, b->name) || a->ifindex != b->ifindex ||
	    a->mtu != b->mtu || a->has_mac != b->has_mac ||
	    (a->has_mac && memcmp(&a->mac, &b->mac, sizeof(a->mac))) ||
	    a->enabled != b->enabled || a->no_carrier != b->no_carrier ||
	    a->loopback != b->loopback || a->broadcast != b->broadcast ||
	    a->multicast != b->multicast || a->p2p != b->p2p ||
	    a->na4 != b->na4 || a->na6 != b->na6)
		return false;
	TAILQ_FOREACH(x, &a->a4, entry) {
		if ((y = ift_a4_find(b, x->addr)) == NULL ||
		    x->plen != y->plen || x->enabled != y->enabled ||
		    x->has_bcast != y->has_bcast ||
		    (x->has_bcast && x->bcast.s_addr != y->bcast.s_addr) ||
		    x->has_peer != y->has_peer ||
		    (x->has_peer && x->peer.s_addr != y->peer.s_addr))
			return false;
	}
	TAILQ_FOREACH(u, &a->a6, entry) {
		if ((v = ift_a6_find(b, &u->addr)) == NULL ||
		    u->plen != v->plen || u->has_peer != v->has_peer)
			return false;
	}
	return true;
}

static bool
tree_equal(const struct iftree *a, const struct iftree *b)
{
	const struct ift_if	*x, *y;

	if (a->n != b->n)
		return false;
	for (x = TAILQ_FIRST(&a->ifs), y = TAILQ_FIRST(&b->ifs); x && y;
	    x = TAILQ_NEXT(x, entry), y = TAILQ_NEXT(y, entry))
		if (!if_equal(x, y))
			return false;
	return true;
}

struct sink {
	struct iftree	*t;
	unsigned	 n, failed;
	enum ift_op_type last;
};

static void
apply_op(const struct ift_op *op, void *arg)
{
	struct sink	*s = arg;

	s->n++;
	s->last = op->type;
	if (ift_apply(s->t, op) == -1)
		s->failed++;
}

static struct in_addr
a4(const char *s)
{
	struct in_addr	a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static struct ift_if *
eth(const char *name, uint32_t idx)
{
	struct ift_if		*ifp = ift_if_alloc(name);
	struct ift_addr4	*a;
	struct ift_addr6	*b;
	struct in6_addr		 v6;

	assert_non_null(ifp);
	ifp->ifindex = idx;
	ifp->mtu = 1500;
	ifp->has_mac = true;
	ifp->mac.octet[5] = (uint8_t)idx;
	ifp->enabled = true;
	ifp->broadcast = ifp->multicast = true;
	ifp->has_vif = true;
	a = ift_a4_add(ifp, a4("10.0.0.1"));
	a->plen = 24;
	a->has_bcast = true;
	a->bcast = a4("10.0.0.255");
	inet_pton(AF_INET6, "fe80::1", &v6);
	b = ift_a6_add(ifp, &v6);
	b->plen = 64;
	return ifp;
}

/* Put ifp (owned by the caller) into mirror through ops; check equal. */
static void
change(struct iftree *mirror, const struct ift_if *old,
    const struct ift_if *nw)
{
	struct sink	 s = { mirror, 0, 0, 0 };

	ift_diff(old, nw, apply_op, &s);
	assert_int_equal(s.failed, 0);
	if (nw != NULL)
		assert_true(if_equal(iftree_find(mirror, nw->name), nw));
	else
		assert_null(iftree_find(mirror, old->name));
}

static void
test_diff_apply(void **state)
{
	struct iftree		 m;
	struct ift_if		*v1, *v2;
	struct ift_addr4	*a;
	struct sink		 s = { &m, 0, 0, 0 };

	iftree_init(&m);
	v1 = eth("eth0", 2);
	change(&m, NULL, v1);

	/* Nothing changed: no op at all. */
	ift_diff(v1, v1, apply_op, &s);
	assert_int_equal(s.n, 0);

	/* Link down (carrier), then admin down, MTU and MAC. */
	v2 = ift_if_dup(v1);
	v2->no_carrier = true;
	change(&m, v1, v2);
	ift_if_free(v1);
	v1 = ift_if_dup(v2);
	v2->enabled = false;
	v2->mtu = 9000;
	v2->mac.octet[0] = 0x02;
	change(&m, v1, v2);

	/* A second address, a prefix change, an address removed. */
	ift_if_free(v1);
	v1 = ift_if_dup(v2);
	a = ift_a4_add(v2, a4("192.0.2.1"));
	a->plen = 32;
	a->has_peer = true;
	a->peer = a4("192.0.2.2");
	ift_a4_find(v2, a4("10.0.0.1"))->plen = 16;
	change(&m, v1, v2);
	assert_int_equal(iftree_find(&m, "eth0")->na4, 2);
	ift_if_free(v1);
	v1 = ift_if_dup(v2);
	ift_a4_del(v2, ift_a4_find(v2, a4("10.0.0.1")));
	change(&m, v1, v2);
	assert_int_equal(iftree_find(&m, "eth0")->na4, 1);

	/* Gone. */
	change(&m, v2, NULL);
	assert_int_equal(m.n, 0);
	ift_if_free(v1);
	ift_if_free(v2);
	iftree_clear(&m);
}

static void
test_dump(void **state)
{
	struct iftree	 t, m;
	struct sink	 s = { &m, 0, 0, 0 };
	const char	*names[] = { "lo", "eth1", "veth0", "eth0", "dummy9" };
	unsigned	 i;
	struct ift_if	*ifp, *prev = NULL;
	struct sink	 build = { &t, 0, 0, 0 };

	iftree_init(&t);
	iftree_init(&m);
	for (i = 0; i < 5; i++) {
		ifp = eth(names[i], i + 1);
		ift_diff(NULL, ifp, apply_op, &build);
		ift_if_free(ifp);
	}
	assert_int_equal(build.failed, 0);
	assert_int_equal(t.n, 5);
	/* Sorted by name. */
	TAILQ_FOREACH(ifp, &t.ifs, entry) {
		if (prev)
			assert_true(strcmp(prev->name, ifp->name) < 0);
		prev = ifp;
	}
	ift_dump(&t, apply_op, &s);
	assert_int_equal(s.failed, 0);
	assert_int_equal(s.last, IFT_HINT_TREE_COMPLETE);
	assert_true(tree_equal(&t, &m));
	assert_non_null(iftree_find_index(&m, 3));
	iftree_clear(&t);
	iftree_clear(&m);
}

static void
test_refused(void **state)
{
	struct iftree	 t;
	struct ift_op	 op;

	iftree_init(&t);
	memset(&op, 0, sizeof(op));
	op.ifname = "eth0";
	op.type = IFT_IF_MTU;
	assert_int_equal(ift_apply(&t, &op), -1);	/* no such interface */
	op.type = IFT_IF_ADD;
	assert_int_equal(ift_apply(&t, &op), 0);
	op.type = IFT_A4_ADD;
	assert_int_equal(ift_apply(&t, &op), -1);	/* no vif yet */
	op.type = IFT_VIF_ADD;
	assert_int_equal(ift_apply(&t, &op), 0);
	op.type = IFT_A4_PREFIX;
	assert_int_equal(ift_apply(&t, &op), -1);	/* no such address */
	op.type = IFT_A4_ADD;
	assert_int_equal(ift_apply(&t, &op), 0);
	op.type = IFT_A4_PREFIX;
	op.u = 33;
	assert_int_equal(ift_apply(&t, &op), -1);	/* bad length */
	op.type = (enum ift_op_type)999;
	assert_int_equal(ift_apply(&t, &op), -1);
	op.type = IFT_IF_ADD;
	op.ifname = "a-name-much-too-long";
	assert_int_equal(ift_apply(&t, &op), -1);
	iftree_clear(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_apply),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

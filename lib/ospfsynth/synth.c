/*
 * DOC: synth.c: the synthetic areas of synth.h: the graph (grid or
 * random), each router's links and LANs, and their LSAs.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "synth.h"

#define LINKS_PER_RTR	4	/* random graphs: links = 4N */
#define LAN_PERCENT	5	/* random graphs: routers on LANs */
#define M32		0xffffffffU
#define M30		0xfffffffcU
#define M24		0xffffff00U

const char *const synth_kind_names[SYNTH_MAX] = {
	[SYNTH_GRID] = "grid",
	[SYNTH_RANDOM] = "random",
};

/* splitmix64: fast, seedable, good enough for topologies. */
uint64_t
synth_rng(uint64_t *state)
{
	uint64_t	 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
rng_below(uint64_t *state, uint32_t n)
{
	return (uint32_t)(synth_rng(state) % n);
}

static void
link_add(struct synth_area *t, uint32_t a, uint32_t b, uint16_t cost)
{
	t->link[t->nlink].a = a;
	t->link[t->nlink].b = b;
	t->link[t->nlink].cost = cost;
	t->nlink++;
}

static int
grid_make(struct synth_area *t, uint32_t n)
{
	uint32_t	 side = (uint32_t)lround(sqrt((double)n)), i, j;

	if (side < 2)
		side = 2;
	t->nrtr = side * side;
	t->link = calloc(2 * (size_t)side * (side - 1), sizeof(*t->link));
	if (t->link == NULL)
		return -1;
	for (i = 0; i < side; i++)
		for (j = 0; j < side; j++) {
			if (j + 1 < side)
				link_add(t, i * side + j, i * side + j + 1,
				    SYNTH_GRID_COST);
			if (i + 1 < side)
				link_add(t, i * side + j, (i + 1) * side + j,
				    SYNTH_GRID_COST);
		}
	t->root = (side / 2) * side + side / 2;	/* the middle */
	return 0;
}

/* Open addressing on (a, b) pairs, to refuse parallel links. */
static bool
pair_insert(uint64_t *set, size_t mask, uint32_t a, uint32_t b)
{
	uint64_t	 key, h;
	size_t		 i;

	if (a > b) {
		key = a;
		a = b;
		b = (uint32_t)key;
	}
	key = ((uint64_t)a << 32 | b) + 1;	/* 0 is empty */
	h = key * 0x9e3779b97f4a7c15ULL;
	for (i = (size_t)(h >> 20) & mask; set[i] != 0; i = (i + 1) & mask)
		if (set[i] == key)
			return false;
	set[i] = key;
	return true;
}

/* LANs: 5% of the routers, shuffled, in groups of 3 to 5. */
static int
lans_make(struct synth_area *t, uint64_t *rs)
{
	uint32_t	*perm, i, j, k, left, size, used = 0, n = t->nrtr;

	if ((perm = calloc(n, sizeof(*perm))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = rng_below(rs, i + 1);
		k = perm[i];
		perm[i] = perm[j];
		perm[j] = k;
	}
	left = (n * LAN_PERCENT + 99) / 100;
	t->lan = calloc(left / 3 + 1, sizeof(*t->lan));
	t->lan_rtr = calloc(left, sizeof(*t->lan_rtr));
	if (t->lan == NULL || t->lan_rtr == NULL) {
		free(perm);
		return -1;
	}
	while (left >= 3) {
		size = 3 + rng_below(rs, 3);
		if (size > left)
			size = left;
		t->lan[t->nlan].first = (uint32_t)t->nlan_rtr;
		t->lan[t->nlan].n = size;
		t->lan[t->nlan].cost = 1 + rng_below(rs, 20);
		for (k = 0; k < size; k++)
			t->lan_rtr[t->nlan_rtr++] = perm[used++];
		t->nlan++;
		left -= size;
	}
	free(perm);
	return 0;
}

static int
random_make(struct synth_area *t, uint32_t n, uint64_t *rs)
{
	uint64_t	*set;
	uint32_t	 a, b, i, j;
	size_t		 want, mask;

	if (n < 8)
		n = 8;
	t->nrtr = n;
	want = (size_t)LINKS_PER_RTR * n;
	if ((t->link = calloc(want, sizeof(*t->link))) == NULL)
		return -1;
	for (mask = 1; mask < 4 * want; mask <<= 1)
		;
	if ((set = calloc(mask, sizeof(*set))) == NULL)
		return -1;
	mask--;
	/* A random tree first, so that the area is connected. */
	for (i = 1; i < n; i++) {
		j = rng_below(rs, i);
		pair_insert(set, mask, i, j);
		link_add(t, i, j, 1 + rng_below(rs, 20));
	}
	while (t->nlink < want) {
		a = rng_below(rs, n);
		b = rng_below(rs, n);
		if (a != b && pair_insert(set, mask, a, b))
			link_add(t, a, b, 1 + rng_below(rs, 20));
	}
	free(set);
	if (lans_make(t, rs) == -1)
		return -1;
	t->root = rng_below(rs, n);
	return 0;
}

/* Each router's links and LANs, for building its router-LSA. */
static int
area_index(struct synth_area *t)
{
	uint32_t	*fill, r;
	size_t		 k, m;

	t->rl_off = calloc(t->nrtr + 1, sizeof(*t->rl_off));
	t->rl = calloc(2 * t->nlink + 1, sizeof(*t->rl));
	t->rn_off = calloc(t->nrtr + 1, sizeof(*t->rn_off));
	t->rn = calloc(2 * t->nlan_rtr + 1, sizeof(*t->rn));
	fill = calloc(t->nrtr, sizeof(*fill));
	if (t->rl_off == NULL || t->rl == NULL || t->rn_off == NULL ||
	    t->rn == NULL || fill == NULL) {
		free(fill);
		return -1;
	}
	for (k = 0; k < t->nlink; k++) {
		t->rl_off[t->link[k].a + 1]++;
		t->rl_off[t->link[k].b + 1]++;
	}
	for (k = 0; k < t->nlan_rtr; k++)
		t->rn_off[t->lan_rtr[k] + 1]++;
	for (r = 0; r < t->nrtr; r++) {
		t->rl_off[r + 1] += t->rl_off[r];
		t->rn_off[r + 1] += t->rn_off[r];
	}
	for (k = 0; k < t->nlink; k++) {
		r = t->link[k].a;
		t->rl[t->rl_off[r] + fill[r]++] = (uint32_t)k;
		r = t->link[k].b;
		t->rl[t->rl_off[r] + fill[r]++] = (uint32_t)k;
	}
	memset(fill, 0, t->nrtr * sizeof(*fill));
	for (k = 0; k < t->nlan; k++)
		for (m = 0; m < t->lan[k].n; m++) {
			r = t->lan_rtr[t->lan[k].first + m];
			t->rn[2 * (t->rn_off[r] + fill[r])] = (uint32_t)k;
			t->rn[2 * (t->rn_off[r] + fill[r]) + 1] = (uint32_t)m;
			fill[r]++;
		}
	free(fill);
	return 0;
}

/*
 * An area of about n routers (a grid rounds to a square), nstub stub
 * networks per router and next AS-external LSAs; -1 with errno EINVAL
 * (sizes out of range) or ENOMEM, the area then freed.
 */
int
synth_make(struct synth_area *t, enum synth_kind kind, uint32_t n,
    uint32_t nstub, uint32_t next, uint64_t *rs)
{
	int	 rc;

	memset(t, 0, sizeof(*t));
	if (kind >= SYNTH_MAX || n < 4 || n > SYNTH_MAX_ROUTERS ||
	    next > SYNTH_MAX_EXT) {
		errno = EINVAL;
		return -1;
	}
	t->kind = kind;
	rc = kind == SYNTH_GRID ? grid_make(t, n) : random_make(t, n, rs);
	if (rc == 0)
		rc = area_index(t);
	if (rc == -1) {
		synth_free(t);
		errno = ENOMEM;
		return -1;
	}
	if ((uint64_t)t->nrtr * nstub > SYNTH_MAX_STUBS) {
		synth_free(t);
		errno = EINVAL;
		return -1;
	}
	t->nstub = nstub;
	t->next = next;
	t->nasbr = next == 0 ? 0 : next < SYNTH_MAX_ASBR ? next :
	    SYNTH_MAX_ASBR;
	if (t->nasbr > t->nrtr)
		t->nasbr = t->nrtr;
	return 0;
}

void
synth_free(struct synth_area *t)
{
	free(t->link);
	free(t->lan);
	free(t->lan_rtr);
	free(t->rl_off);
	free(t->rl);
	free(t->rn_off);
	free(t->rn);
	memset(t, 0, sizeof(*t));
}

/* The router originating external k: ASBRs spread evenly over the area. */
uint32_t
synth_asbr(const struct synth_area *t, size_t k)
{
	return (uint32_t)((uint64_t)(k % t->nasbr) * t->nrtr / t->nasbr);
}

bool
synth_is_asbr(const struct synth_area *t, uint32_t r)
{
	uint64_t	 i;

	if (t->nasbr == 0)
		return false;
	/* The smallest i with i * nrtr / nasbr >= r. */
	i = ((uint64_t)r * t->nasbr + t->nrtr - 1) / t->nrtr;
	return i < t->nasbr && i * t->nrtr / t->nasbr == r;
}

static void
hdr_make(struct lsa_hdr *h, uint8_t type, uint32_t id, uint32_t adv)
{
	memset(h, 0, sizeof(*h));
	h->age = 1;
	h->options = OSPF_OPT_E;
	h->type = type;
	h->id = id;
	h->adv_rtr = adv;
	h->seq = OSPF_INITIAL_SEQ;
}

/* Router r's router-LSA, with nextra more links (the root's own), into b. */
bool
synth_router_lsa(const struct synth_area *t, uint32_t r,
    const struct lsa_rtr_link *extra, size_t nextra, struct buf *b)
{
	const struct synth_link	*lk;
	struct lsa_rtr_link	 l;
	struct lsa_hdr		 h;
	size_t			 start, nlinks, i;
	uint32_t		 k, m;
	bool			 is_a;

	nlinks = 1 + 2 * (size_t)(t->rl_off[r + 1] - t->rl_off[r]) +
	    (t->rn_off[r + 1] - t->rn_off[r]) + t->nstub + nextra;
	if (nlinks > UINT16_MAX)
		return false;
	hdr_make(&h, LSA_TYPE_ROUTER, synth_rid(r), synth_rid(r));
	start = lsa_begin(b, &h);
	lsa_router_put(b, synth_is_asbr(t, r) ? LSA_RTR_E : 0,
	    (uint16_t)nlinks);
	memset(&l, 0, sizeof(l));
	l.type = LSA_LINK_STUB;		/* the loopback */
	l.id = synth_rid(r);
	l.data = M32;
	l.metric = 0;
	lsa_rtr_link_put(b, &l);
	for (i = t->rl_off[r]; i < t->rl_off[r + 1]; i++) {
		k = t->rl[i];
		lk = &t->link[k];
		is_a = lk->a == r;
		l.type = LSA_LINK_P2P;
		l.id = synth_rid(is_a ? lk->b : lk->a);
		l.data = synth_link_net(k) + (is_a ? 1 : 2);
		l.metric = lk->cost;
		lsa_rtr_link_put(b, &l);
		l.type = LSA_LINK_STUB;
		l.id = synth_link_net(k);
		l.data = M30;
		lsa_rtr_link_put(b, &l);
	}
	for (i = t->rn_off[r]; i < t->rn_off[r + 1]; i++) {
		k = t->rn[2 * i];
		m = t->rn[2 * i + 1];
		l.type = LSA_LINK_TRANSIT;
		l.id = synth_lan_net(k) + 1;		/* the DR's address */
		l.data = synth_lan_net(k) + 1 + m;
		l.metric = t->lan[k].cost;
		lsa_rtr_link_put(b, &l);
	}
	for (i = 0; i < t->nstub; i++) {
		l.type = LSA_LINK_STUB;
		l.id = synth_stub_net((size_t)r * t->nstub + i);
		l.data = M24;
		l.metric = SYNTH_STUB_COST;
		lsa_rtr_link_put(b, &l);
	}
	for (i = 0; i < nextra; i++)
		lsa_rtr_link_put(b, &extra[i]);
	return lsa_finish(b, start);
}

bool
synth_network_lsa(const struct synth_area *t, size_t k, struct buf *b)
{
	const struct synth_lan	*ln = &t->lan[k];
	uint32_t		 rtrs[8];
	struct lsa_hdr		 h;
	size_t			 start;
	uint32_t		 m;

	for (m = 0; m < ln->n && m < 8; m++)
		rtrs[m] = synth_rid(t->lan_rtr[ln->first + m]);
	hdr_make(&h, LSA_TYPE_NETWORK, synth_lan_net(k) + 1, rtrs[0]);
	start = lsa_begin(b, &h);
	lsa_network_put(b, M24, rtrs, m);
	return lsa_finish(b, start);
}

bool
synth_external_lsa(const struct synth_area *t, size_t k, struct buf *b)
{
	struct lsa_external	 e;
	struct lsa_hdr		 h;
	size_t			 start;

	hdr_make(&h, LSA_TYPE_EXTERNAL, synth_ext_net(k),
	    synth_rid(synth_asbr(t, k)));
	start = lsa_begin(b, &h);
	memset(&e, 0, sizeof(e));
	e.mask = M24;
	e.ebit = true;
	e.metric = SYNTH_EXT_METRIC;
	lsa_external_put(b, &e);
	return lsa_finish(b, start);
}

/*
 * Every LSA of the area in key order: router-LSAs (the root's too when
 * with_root), network-LSAs, AS-external LSAs. -1 with errno ENOMEM.
 */
int
synth_lsas_make(const struct synth_area *t, bool with_root,
    struct synth_lsas *ls)
{
	size_t	 k;
	uint32_t r;

	memset(ls, 0, sizeof(*ls));
	buf_init(&ls->b);
	ls->off = calloc(t->nrtr + t->nlan + t->next + 1, sizeof(*ls->off));
	if (ls->off == NULL)
		goto fail;
	for (r = 0; r < t->nrtr; r++) {
		if (r == t->root && !with_root)
			continue;
		ls->off[ls->n] = ls->b.len;
		if (!synth_router_lsa(t, r, NULL, 0, &ls->b))
			goto fail;
		ls->n++;
	}
	for (k = 0; k < t->nlan; k++) {
		ls->off[ls->n] = ls->b.len;
		if (!synth_network_lsa(t, k, &ls->b))
			goto fail;
		ls->n++;
	}
	for (k = 0; k < t->next; k++) {
		ls->off[ls->n] = ls->b.len;
		if (!synth_external_lsa(t, k, &ls->b))
			goto fail;
		ls->n++;
	}
	ls->off[ls->n] = ls->b.len;
	return 0;
fail:
	synth_lsas_free(ls);
	errno = ENOMEM;
	return -1;
}

void
synth_lsas_free(struct synth_lsas *ls)
{
	buf_free(&ls->b);
	free(ls->off);
	memset(ls, 0, sizeof(*ls));
}

/*
 * The prefixes a router attached to the root learns from the area:
 * loopbacks, link /30s, LAN /24s, stubs and externals (not the root's
 * own extra links).
 */
size_t
synth_nprefix(const struct synth_area *t)
{
	return t->nrtr + t->nlink + t->nlan + (size_t)t->nrtr * t->nstub +
	    t->next;
}

/* Prefix i of synth_nprefix(), in that order: net and prefix length. */
void
synth_prefix(const struct synth_area *t, size_t i, uint32_t *net,
    uint8_t *plen)
{
	size_t	 nstubs = (size_t)t->nrtr * t->nstub;

	if (i < t->nrtr) {
		*net = synth_rid((uint32_t)i);
		*plen = 32;
	} else if ((i -= t->nrtr) < t->nlink) {
		*net = synth_link_net(i);
		*plen = 30;
	} else if ((i -= t->nlink) < t->nlan) {
		*net = synth_lan_net(i);
		*plen = 24;
	} else if ((i -= t->nlan) < nstubs) {
		*net = synth_stub_net(i);
		*plen = 24;
	} else {
		*net = synth_ext_net(i - nstubs);
		*plen = 24;
	}
}

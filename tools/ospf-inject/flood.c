/*
 * DOC: flood.c: our LSAs and the router under test's Link State Request,
 * Update and Acknowledgment packets.
 *
 * LSA 0 is ours, the root's router-LSA with the link to the router under
 * test, built at the first Full; LSAs 1..n are the rest of the area
 * (lib/ospfsynth), in key order. An index by (type, LS ID, advertising
 * router) answers requests and acknowledgments.
 *
 * Flooding (RFC 2328 13.3, one neighbour): at Full, passes over the LSAs
 * send each one not yet acknowledged, packed into Link State Updates up
 * to the MTU, burst packets per pace tick so that the router's socket
 * buffer is not simply overrun; a pass that ends with LSAs unacknowledged
 * is followed, RxmtInterval later, by another (13.6). An Update from the
 * router is acknowledged at once, packet by packet (13.5, direct); one
 * that holds a newer instance of one of our LSAs (a previous run's, say)
 * makes us originate ours again above it (13.4).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "inject.h"

#define LSA_SEQ_OFF	12
#define LSA_AGE_OFF	0

static size_t
lsa_count(const struct inject *inj)
{
	return inj->lsas.n + 1;
}

/* LSA i's bytes (LSA 0, ours, NULL until built). */
static uint8_t *
lsa_at(struct inject *inj, size_t i, size_t *len)
{
	if (i == 0) {
		*len = inj->root_lsa.len;
		return inj->root_lsa.len ? inj->root_lsa.data : NULL;
	}
	*len = inj->lsas.off[i] - inj->lsas.off[i - 1];
	return inj->lsas.b.data + inj->lsas.off[i - 1];
}

static size_t
key_hash(uint32_t type, uint32_t id, uint32_t adv)
{
	uint64_t	 h = ((uint64_t)id << 32 | adv) * 0x9e3779b97f4a7c15ULL;

	return (size_t)((h ^ (h >> 29) ^ type * 0xbf58476d1ce4e5b9ULL) >> 7);
}

static void
index_put(struct inject *inj, size_t i)
{
	struct lsa_index	*x = &inj->index;
	const uint8_t		*p;
	size_t			 len, h;

	p = lsa_at(inj, i, &len);
	h = key_hash(p[3], be32_load(p + 4), be32_load(p + 8)) & x->mask;
	while (x->slot[h] != 0)
		h = (h + 1) & x->mask;
	x->slot[h] = (uint32_t)i + 1;
}

/* The number of our LSA with that key, or -1. */
static long
index_find(struct inject *inj, uint32_t type, uint32_t id, uint32_t adv)
{
	struct lsa_index	*x = &inj->index;
	const uint8_t		*p;
	size_t			 len, h;
	uint32_t		 s;

	h = key_hash(type, id, adv) & x->mask;
	while ((s = x->slot[h]) != 0) {
		p = lsa_at(inj, s - 1, &len);
		if (p != NULL && p[3] == type && be32_load(p + 4) == id &&
		    be32_load(p + 8) == adv)
			return (long)s - 1;
		h = (h + 1) & x->mask;
	}
	return -1;
}

/* The area's LSAs but ours, and their index; -1 with errno. */
int
flood_init(struct inject *inj)
{
	size_t	 n, i;

	if (synth_lsas_make(&inj->area, false, &inj->lsas) == -1)
		return -1;
	n = lsa_count(inj);
	for (inj->index.mask = 1; inj->index.mask < 2 * n;
	    inj->index.mask <<= 1)
		;
	inj->index.slot = calloc(inj->index.mask, sizeof(uint32_t));
	inj->acked = calloc(n, 1);
	if (inj->index.slot == NULL || inj->acked == NULL) {
		errno = ENOMEM;
		return -1;
	}
	inj->index.mask--;
	for (i = 1; i < n; i++)
		index_put(inj, i);
	return 0;
}

/* Ours: the root's links plus the link to the neighbour and its subnet. */
int
flood_root_lsa(struct inject *inj)
{
	struct lsa_rtr_link	 l[2];

	memset(l, 0, sizeof(l));
	l[0].type = LSA_LINK_P2P;
	l[0].id = inj->nbr.rid;
	l[0].data = inj->addr;
	l[0].metric = inj->cost;
	l[1].type = LSA_LINK_STUB;
	l[1].id = inj->addr & inj->mask;
	l[1].data = inj->mask;
	l[1].metric = inj->cost;
	buf_reset(&inj->root_lsa);
	if (!synth_router_lsa(&inj->area, inj->area.root, l, 2,
	    &inj->root_lsa)) {
		errno = ENOMEM;
		return -1;
	}
	index_put(inj, 0);
	return 0;
}

static void
pass_start(struct inject *inj, double now)
{
	inj->flooding = true;
	inj->cursor = 0;
	inj->tick_at = now;
	inj->rxmt_at = 0;
}

void
flood_start(struct inject *inj)
{
	size_t	 n = lsa_count(inj);

	if (inj->root_lsa.len == 0 && flood_root_lsa(inj) == -1) {
		inj_log(inj, "our router-LSA: %s", strerror(errno));
		return;
	}
	memset(inj->acked, 0, n);
	inj->nacked = 0;
	pass_start(inj, inj_now());
}

void
flood_stop(struct inject *inj)
{
	inj->flooding = false;
	inj->rxmt_at = 0;
}

/* An Update being filled with our LSAs, up to the MTU. */
struct lsu_pack {
	struct inject	*inj;
	size_t		 start;
	uint32_t	 n;
	size_t		 room;
};

static void
lsu_open(struct lsu_pack *k)
{
	struct inject	*inj = k->inj;

	k->start = pkt_begin(inj, OSPF_PKT_LSU);
	ospf_lsu_put(&inj->out, 0);
	k->n = 0;
	k->room = inj->mtu - INJ_IP_HDR_LEN - OSPF_HDR_LEN - OSPF_LSU_LEN;
}

static bool
lsu_close(struct lsu_pack *k)
{
	struct inject	*inj = k->inj;

	if (k->n == 0 || !buf_ok(&inj->out))
		return true;
	be32_store(inj->out.data + k->start + OSPF_HDR_LEN, k->n);
	if (!pkt_send(inj, k->start))
		return false;
	inj->nlsu++;
	return true;
}

/* Whether LSA i would start a new packet. */
static bool
lsu_full(const struct lsu_pack *k, size_t len)
{
	return k->n > 0 && len > k->room;
}

/* RFC 2328 13.3: InfTransDelay (1 s) is added to the age on the way. */
static void
lsu_add(struct lsu_pack *k, const uint8_t *p, size_t len)
{
	struct inject	*inj = k->inj;
	size_t		 at = inj->out.len;
	uint16_t	 age;

	buf_put_bytes(&inj->out, p, len);
	if (!buf_ok(&inj->out))
		return;
	age = (uint16_t)(p[LSA_AGE_OFF] << 8 | p[LSA_AGE_OFF + 1]) + 1;
	inj->out.data[at] = age >> 8;
	inj->out.data[at + 1] = age & 0xff;
	k->n++;
	k->room = len < k->room ? k->room - len : 0;
}

/* One tick of a pass: up to burst Updates of unacknowledged LSAs. */
static void
pass_tick(struct inject *inj, double now)
{
	struct lsu_pack	 k = { .inj = inj };
	const uint8_t	*p;
	size_t		 n = lsa_count(inj), len, sent = 0, mark;

	lsu_open(&k);
	mark = inj->cursor;
	while (inj->cursor < n) {
		if (inj->acked[inj->cursor] ||
		    (p = lsa_at(inj, inj->cursor, &len)) == NULL) {
			inj->cursor++;
			continue;
		}
		if (lsu_full(&k, len)) {
			if (!lsu_close(&k)) {
				inj->cursor = mark;	/* the kernel is full */
				break;
			}
			if (inj->t_flood == 0)
				inj->t_flood = now;
			if (++sent == inj->burst)
				break;
			lsu_open(&k);
			mark = inj->cursor;
		}
		lsu_add(&k, p, len);
		inj->cursor++;
	}
	if (inj->cursor == n && sent < inj->burst) {
		if (!lsu_close(&k))
			inj->cursor = mark;
		else if (k.n > 0 && inj->t_flood == 0)
			inj->t_flood = now;
	}
	inj->tick_at = now + inj->pace;
	if (inj->cursor < n)
		return;
	inj->flooding = false;
	if (inj->t_sent == 0)
		inj->t_sent = now;
	if (inj->nacked < n)
		inj->rxmt_at = now + inj->rxmt;
}

void
flood_tick(struct inject *inj, double now)
{
	size_t	 n = lsa_count(inj), i;

	if (inj->flooding && now >= inj->tick_at)
		pass_tick(inj, now);
	else if (!inj->flooding && inj->rxmt_at != 0 && now >= inj->rxmt_at) {
		for (i = 0; i < n; i++)
			inj->nrxmt += !inj->acked[i];
		pass_start(inj, now);
		pass_tick(inj, now);
	}
}

/* When the loop must wake up for flooding next; 0: not for us. */
double
flood_next(const struct inject *inj)
{
	return inj->flooding ? inj->tick_at : inj->rxmt_at;
}

static void
acked(struct inject *inj, size_t i)
{
	if (inj->acked[i])
		return;
	inj->acked[i] = 1;
	if (++inj->nacked == lsa_count(inj))
		inj->t_acked = inj_now();
}

/* Whether h names our current instance of LSA i. */
static bool
same_instance(struct inject *inj, size_t i, const struct lsa_hdr *h)
{
	const uint8_t	*p;
	size_t		 len;

	p = lsa_at(inj, i, &len);
	return p != NULL && be32_load(p + LSA_SEQ_OFF) == h->seq &&
	    (uint16_t)(p[LSA_CKSUM_OFF] << 8 | p[LSA_CKSUM_OFF + 1]) ==
	    h->cksum;
}

void
flood_ack_recv(struct inject *inj, const struct ospf_pkt *pkt)
{
	struct lsa_hdr	 h;
	size_t		 i;
	long		 x;

	for (i = 0; i < pkt->u.lsack.nhdr; i++) {
		ospf_lsack_hdr(&pkt->u.lsack, i, &h);
		x = index_find(inj, h.type, h.id, h.adv_rtr);
		if (x >= 0 && same_instance(inj, (size_t)x, &h)) {
			acked(inj, (size_t)x);
			inj->nack_rcvd++;
		}
	}
}

/* RFC 2328 10.7: the requested LSAs, at once; false on BadLSReq. */
bool
flood_lsr_recv(struct inject *inj, const struct ospf_pkt *pkt)
{
	struct ospf_lsr_entry	 e;
	struct lsu_pack		 k = { .inj = inj };
	const uint8_t		*p;
	size_t			 i, len;
	long			 x;

	inj->nlsr_rcvd++;
	lsu_open(&k);
	for (i = 0; i < pkt->u.lsr.nreq; i++) {
		ospf_lsr_entry(&pkt->u.lsr, i, &e);
		x = index_find(inj, e.type, e.id, e.adv_rtr);
		if (x < 0)
			return false;
		p = lsa_at(inj, (size_t)x, &len);
		if (lsu_full(&k, len)) {
			(void)lsu_close(&k);
			lsu_open(&k);
		}
		lsu_add(&k, p, len);
	}
	(void)lsu_close(&k);
	return true;
}

/* RFC 2328 13.4: ours again, with a sequence number above theirs. */
static void
reoriginate(struct inject *inj, size_t i, uint32_t seq)
{
	uint8_t		*p;
	size_t		 len;
	uint16_t	 ck;

	p = lsa_at(inj, i, &len);
	be32_store(p + LSA_SEQ_OFF, seq + 1);
	p[LSA_AGE_OFF] = 0;
	p[LSA_AGE_OFF + 1] = 1;
	ck = lsa_cksum(p, len);
	p[LSA_CKSUM_OFF] = ck >> 8;
	p[LSA_CKSUM_OFF + 1] = ck & 0xff;
	if (inj->acked[i]) {
		inj->acked[i] = 0;
		inj->nacked--;
		inj->t_acked = 0;
	}
	if (!inj->flooding)
		pass_start(inj, inj_now());
	else if (inj->cursor > i)
		inj->cursor = i;
}

/* RFC 2328 13: every LSA acknowledged directly, one Ack per Update. */
void
flood_lsu_recv(struct inject *inj, const struct ospf_pkt *pkt)
{
	struct buf_reader	 it;
	struct lsa_hdr		 h, ours;
	const uint8_t		*p, *q;
	size_t			 len, qlen, start;
	long			 x;

	start = pkt_begin(inj, OSPF_PKT_LSACK);
	ospf_lsu_iter(&pkt->u.lsu, &it);
	while (ospf_lsu_next(&it, &p, &len)) {
		if (!lsa_cksum_ok(p, len) ||
		    lsa_hdr_parse(p, len, &h) != OSPF_OK)
			continue;
		/* An Ack is at most a packet: send one when it fills. */
		if (inj->out.len - start + LSA_HDR_LEN >
		    (size_t)inj->mtu - INJ_IP_HDR_LEN) {
			(void)pkt_send(inj, start);
			start = pkt_begin(inj, OSPF_PKT_LSACK);
		}
		lsa_hdr_put(&inj->out, &h);
		x = index_find(inj, h.type, h.id, h.adv_rtr);
		if (x < 0)
			continue;
		q = lsa_at(inj, (size_t)x, &qlen);
		(void)lsa_hdr_parse(q, qlen, &ours);
		if (lsa_compare(&h, &ours) > 0 && h.age < OSPF_MAX_AGE) {
			inj_log(inj, "LSA type %u %08x adv %08x: theirs is "
			    "newer (seq %#x): ours again above it", h.type,
			    h.id, h.adv_rtr, h.seq);
			reoriginate(inj, (size_t)x, h.seq);
			/* the Ack list is still in inj->out: lsa_at only */
		} else if (lsa_compare(&h, &ours) == 0)
			acked(inj, (size_t)x);		/* implied */
	}
	if (inj->out.len - start > OSPF_HDR_LEN)
		(void)pkt_send(inj, start);
}

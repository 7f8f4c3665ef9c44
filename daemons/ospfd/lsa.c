/*
 * DOC: lsa: OSPFv2 link state advertisements (RFC 2328 A.4, RFC 3101 for
 * NSSA): the 20-byte header, the bodies of types 1 to 5 and 7, their
 * Fletcher checksum (12.1.7) and the order of two instances of one LSA
 * (13.1). An LSA is parsed from exactly its own bytes, as sliced out of
 * an Update by ospf_lsu_next(); only the TOS 0 metric of each link or
 * route is kept, other TOS entries are checked to fit and skipped.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "ospf.h"

static const char *const lsa_type_names[LSA_TYPE_MAX] = {
	[LSA_TYPE_ROUTER] = "router",
	[LSA_TYPE_NETWORK] = "network",
	[LSA_TYPE_SUM_NET] = "summary",
	[LSA_TYPE_SUM_ASBR] = "asbr-summary",
	[LSA_TYPE_EXTERNAL] = "as-external",
	[LSA_TYPE_GROUP] = "group-membership",
	[LSA_TYPE_NSSA] = "nssa-external",
};

static const char *const lsa_link_type_names[LSA_LINK_MAX] = {
	[LSA_LINK_P2P] = "point-to-point",
	[LSA_LINK_TRANSIT] = "transit",
	[LSA_LINK_STUB] = "stub",
	[LSA_LINK_VIRTUAL] = "virtual",
};

const char *
lsa_type_name(unsigned int t)
{
	if (t >= LSA_TYPE_MAX || lsa_type_names[t] == NULL)
		return "unknown";
	return lsa_type_names[t];
}

const char *
lsa_link_type_name(unsigned int t)
{
	if (t >= LSA_LINK_MAX || lsa_link_type_names[t] == NULL)
		return "unknown";
	return lsa_link_type_names[t];
}

/*
 * RFC 2328 12.1.7, RFC 905 annex B: the Fletcher checksum of the LSA from
 * byte 2 on (LS age excluded), with the checksum field counted as zero.
 * Returns the two checksum bytes that make both running sums zero modulo
 * 255, each in 1..255. len is the whole LSA, at least LSA_HDR_LEN.
 */
uint16_t
lsa_cksum(const uint8_t *p, size_t len)
{
	uint64_t	 c0 = 0, c1 = 0;
	int64_t		 x, y;
	size_t		 i, n, off = LSA_CKSUM_OFF - 2;

	if (len < LSA_HDR_LEN)
		return 0;
	for (i = 2; i < len; i++) {
		c0 += (i == LSA_CKSUM_OFF || i == LSA_CKSUM_OFF + 1) ? 0 : p[i];
		c1 += c0;
	}
	c0 %= 255;
	c1 %= 255;
	n = len - 2;
	x = ((int64_t)(n - off - 1) * (int64_t)c0 - (int64_t)c1) % 255;
	if (x <= 0)
		x += 255;
	y = 510 - (int64_t)c0 - x;
	if (y > 255)
		y -= 255;
	return (uint16_t)(x << 8 | y);
}

/* The receiver's test: both sums over bytes 2.. are zero modulo 255. */
bool
lsa_cksum_ok(const uint8_t *p, size_t len)
{
	uint64_t	 c0 = 0, c1 = 0;
	size_t		 i;

	if (len < LSA_HDR_LEN)
		return false;
	for (i = 2; i < len; i++) {
		c0 += p[i];
		c1 += c0;
	}
	return c0 % 255 == 0 && c1 % 255 == 0;
}

enum ospf_err
lsa_hdr_parse(const uint8_t *p, size_t len, struct lsa_hdr *h)
{
	struct buf_reader	 r;

	buf_reader_init(&r, p, len);
	if (!buf_get_u16(&r, &h->age) || !buf_get_u8(&r, &h->options) ||
	    !buf_get_u8(&r, &h->type) || !buf_get_u32(&r, &h->id) ||
	    !buf_get_u32(&r, &h->adv_rtr) || !buf_get_u32(&r, &h->seq) ||
	    !buf_get_u16(&r, &h->cksum) || !buf_get_u16(&r, &h->len))
		return OSPF_ERR_SHORT;
	return OSPF_OK;
}

/* A.4.2: one link and its extra TOS entries, which are skipped. */
bool
lsa_rtr_next(struct buf_reader *r, struct lsa_rtr_link *l)
{
	size_t		 off = r->off;

	if (!buf_get_u32(r, &l->id) || !buf_get_u32(r, &l->data) ||
	    !buf_get_u8(r, &l->type) || !buf_get_u8(r, &l->ntos) ||
	    !buf_get_u16(r, &l->metric) ||
	    buf_left(r) < (size_t)l->ntos * LSA_TOS_LEN) {
		r->off = off;
		return false;
	}
	r->off += (size_t)l->ntos * LSA_TOS_LEN;
	return true;
}

void
lsa_rtr_iter(const struct lsa_router *rtr, struct buf_reader *r)
{
	buf_reader_init(r, rtr->links, rtr->links_len);
}

uint32_t
lsa_network_rtr(const struct lsa_network *net, size_t i)
{
	return be32_load(net->rtrs + 4 * i);
}

static enum ospf_err
router_parse(struct buf_reader *r, struct lsa_router *rtr)
{
	struct buf_reader	 it;
	struct lsa_rtr_link	 l;
	uint8_t			 zero;
	unsigned int		 i;

	if (!buf_get_u8(r, &rtr->flags) || !buf_get_u8(r, &zero) ||
	    !buf_get_u16(r, &rtr->nlinks))
		return OSPF_ERR_LSA_LENGTH;
	rtr->links_len = buf_left(r);
	(void)buf_get_ptr(r, &rtr->links, rtr->links_len);
	lsa_rtr_iter(rtr, &it);
	for (i = 0; i < rtr->nlinks; i++)
		if (!lsa_rtr_next(&it, &l))
			return OSPF_ERR_LSA_LENGTH;
	if (buf_left(&it) != 0)
		return OSPF_ERR_LSA_LENGTH;
	return OSPF_OK;
}

static enum ospf_err
network_parse(struct buf_reader *r, struct lsa_network *net)
{
	if (!buf_get_u32(r, &net->mask) || buf_left(r) % 4)
		return OSPF_ERR_LSA_LENGTH;
	net->nrtr = buf_left(r) / 4;
	(void)buf_get_ptr(r, &net->rtrs, buf_left(r));
	return OSPF_OK;
}

/* A.4.4: mask, 0 and the TOS 0 metric, then TOS entries of 4 bytes. */
static enum ospf_err
summary_parse(struct buf_reader *r, struct lsa_summary *sum)
{
	uint32_t	 v;

	if (!buf_get_u32(r, &sum->mask) || !buf_get_u32(r, &v) ||
	    buf_left(r) % LSA_TOS_LEN)
		return OSPF_ERR_LSA_LENGTH;
	sum->metric = v & LSA_METRIC_MASK;
	return OSPF_OK;
}

/* A.4.5: mask, then 12-byte blocks (E, TOS, metric, forwarding, tag). */
static enum ospf_err
external_parse(struct buf_reader *r, struct lsa_external *ext)
{
	uint32_t	 v;

	if (!buf_get_u32(r, &ext->mask) || !buf_get_u32(r, &v) ||
	    !buf_get_u32(r, &ext->fwd) || !buf_get_u32(r, &ext->tag) ||
	    buf_left(r) % 12)
		return OSPF_ERR_LSA_LENGTH;
	ext->ebit = (v & LSA_EXT_E) != 0;
	ext->metric = v & LSA_METRIC_MASK;
	return OSPF_OK;
}

/*
 * One whole LSA, len its exact size. The checksum is not checked here:
 * call lsa_cksum_ok() first on received LSAs.
 */
enum ospf_err
lsa_parse(const uint8_t *p, size_t len, struct lsa *lsa)
{
	struct buf_reader	 r;
	enum ospf_err		 e;

	memset(lsa, 0, sizeof(*lsa));
	if ((e = lsa_hdr_parse(p, len, &lsa->hdr)) != OSPF_OK)
		return e;
	if (lsa->hdr.len != len)
		return OSPF_ERR_LSA_LENGTH;
	buf_reader_init(&r, p + LSA_HDR_LEN, len - LSA_HDR_LEN);
	switch (lsa->hdr.type) {
	case LSA_TYPE_ROUTER:
		return router_parse(&r, &lsa->u.router);
	case LSA_TYPE_NETWORK:
		return network_parse(&r, &lsa->u.network);
	case LSA_TYPE_SUM_NET:
	case LSA_TYPE_SUM_ASBR:
		return summary_parse(&r, &lsa->u.summary);
	case LSA_TYPE_EXTERNAL:
	case LSA_TYPE_NSSA:
		return external_parse(&r, &lsa->u.external);
	}
	return OSPF_ERR_LSA_TYPE;
}

static uint16_t
lsa_age(const struct lsa_hdr *h)
{
	return h->age > OSPF_MAX_AGE ? OSPF_MAX_AGE : h->age;
}

/*
 * RFC 2328 13.1: which of two instances of the same LSA is more recent.
 * Returns > 0 when a is, < 0 when b is, 0 when they are the same instance.
 * Sequence numbers are signed; the greater checksum (as unsigned) wins
 * next; then an instance at MaxAge; then, when the ages differ by more
 * than MaxAgeDiff, the younger.
 */
int
lsa_compare(const struct lsa_hdr *a, const struct lsa_hdr *b)
{
	int32_t		 sa = (int32_t)a->seq, sb = (int32_t)b->seq;
	int		 aa = lsa_age(a), ab = lsa_age(b);

	if (sa != sb)
		return sa > sb ? 1 : -1;
	if (a->cksum != b->cksum)
		return a->cksum > b->cksum ? 1 : -1;
	if (aa == OSPF_MAX_AGE && ab != OSPF_MAX_AGE)
		return 1;
	if (ab == OSPF_MAX_AGE && aa != OSPF_MAX_AGE)
		return -1;
	if (aa - ab > OSPF_MAX_AGE_DIFF)
		return -1;
	if (ab - aa > OSPF_MAX_AGE_DIFF)
		return 1;
	return 0;
}

/* A header as it is, for Database Description and Acknowledgment lists. */
bool
lsa_hdr_put(struct buf *b, const struct lsa_hdr *h)
{
	buf_put_u16(b, h->age);
	buf_put_u8(b, h->options);
	buf_put_u8(b, h->type);
	buf_put_u32(b, h->id);
	buf_put_u32(b, h->adv_rtr);
	buf_put_u32(b, h->seq);
	buf_put_u16(b, h->cksum);
	return buf_put_u16(b, h->len);
}

/*
 * Starts an LSA: the header with length and checksum zero. Returns the
 * offset of the LSA in b, for lsa_finish().
 */
size_t
lsa_begin(struct buf *b, const struct lsa_hdr *h)
{
	struct lsa_hdr	 z = *h;
	size_t		 start = b->len;

	z.cksum = 0;
	z.len = 0;
	lsa_hdr_put(b, &z);
	return start;
}

/* Writes the length and the Fletcher checksum of the LSA at start. */
bool
lsa_finish(struct buf *b, size_t start)
{
	uint8_t		*p;
	size_t		 len;
	uint16_t	 ck;

	if (!buf_ok(b) || start > b->len)
		return false;
	p = b->data + start;
	len = b->len - start;
	if (len < LSA_HDR_LEN || len > UINT16_MAX)
		return false;
	p[18] = len >> 8;
	p[19] = len & 0xff;
	ck = lsa_cksum(p, len);
	p[LSA_CKSUM_OFF] = ck >> 8;
	p[LSA_CKSUM_OFF + 1] = ck & 0xff;
	return true;
}

/* The fixed part of a router-LSA; nlinks links follow. */
bool
lsa_router_put(struct buf *b, uint8_t flags, uint16_t nlinks)
{
	buf_put_u8(b, flags);
	buf_put_u8(b, 0);
	return buf_put_u16(b, nlinks);
}

/* One link, TOS 0 only (l->ntos is ignored). */
bool
lsa_rtr_link_put(struct buf *b, const struct lsa_rtr_link *l)
{
	buf_put_u32(b, l->id);
	buf_put_u32(b, l->data);
	buf_put_u8(b, l->type);
	buf_put_u8(b, 0);
	return buf_put_u16(b, l->metric);
}

bool
lsa_network_put(struct buf *b, uint32_t mask, const uint32_t *rtrs, size_t n)
{
	size_t	 i;

	buf_put_u32(b, mask);
	for (i = 0; i < n; i++)
		buf_put_u32(b, rtrs[i]);
	return buf_ok(b);
}

bool
lsa_summary_put(struct buf *b, const struct lsa_summary *sum)
{
	buf_put_u32(b, sum->mask);
	return buf_put_u32(b, sum->metric & LSA_METRIC_MASK);
}

bool
lsa_external_put(struct buf *b, const struct lsa_external *ext)
{
	buf_put_u32(b, ext->mask);
	buf_put_u32(b, (ext->ebit ? LSA_EXT_E : 0) |
	    (ext->metric & LSA_METRIC_MASK));
	buf_put_u32(b, ext->fwd);
	return buf_put_u32(b, ext->tag);
}

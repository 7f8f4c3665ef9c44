/*
 * DOC: packet: the OSPFv2 packet header and the five packet bodies of RFC
 * 2328 A.3, parsed from untrusted bytes and built into a struct buf.
 * Parsing checks everything that can be checked without state: version,
 * type, length against the bytes received, authentication type, the
 * checksum (except under cryptographic authentication, D.4.3), the fixed
 * part of each body and that every list fills the body exactly. What is
 * left to the daemon is what needs state: area, authentication key,
 * neighbour.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "ospf.h"

static const char *const ospf_err_names[OSPF_ERR_MAX] = {
	[OSPF_OK] = "ok",
	[OSPF_ERR_SHORT] = "truncated",
	[OSPF_ERR_VERSION] = "bad version",
	[OSPF_ERR_TYPE] = "bad packet type",
	[OSPF_ERR_LENGTH] = "bad length",
	[OSPF_ERR_CHECKSUM] = "bad checksum",
	[OSPF_ERR_AUTYPE] = "bad authentication type",
	[OSPF_ERR_LSA_TYPE] = "unsupported LSA type",
	[OSPF_ERR_LSA_LENGTH] = "bad LSA length",
};

static const char *const ospf_pkt_type_names[OSPF_PKT_MAX] = {
	[OSPF_PKT_HELLO] = "Hello",
	[OSPF_PKT_DD] = "Database Description",
	[OSPF_PKT_LSR] = "Link State Request",
	[OSPF_PKT_LSU] = "Link State Update",
	[OSPF_PKT_LSACK] = "Link State Acknowledgment",
};

static const char *const ospf_autype_names[OSPF_AUTH_MAX] = {
	[OSPF_AUTH_NULL] = "null",
	[OSPF_AUTH_SIMPLE] = "simple password",
	[OSPF_AUTH_CRYPT] = "cryptographic",
};

const char *
ospf_err_name(enum ospf_err e)
{
	if ((unsigned int)e >= OSPF_ERR_MAX)
		return "unknown error";
	return ospf_err_names[e];
}

const char *
ospf_pkt_type_name(unsigned int t)
{
	if (t >= OSPF_PKT_MAX || ospf_pkt_type_names[t] == NULL)
		return "unknown";
	return ospf_pkt_type_names[t];
}

const char *
ospf_autype_name(unsigned int t)
{
	if (t >= OSPF_AUTH_MAX)
		return "unknown";
	return ospf_autype_names[t];
}

static uint32_t
inet_sum(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t	 i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

/*
 * RFC 2328 A.3.1: the 16-bit one's complement of the one's complement sum
 * of the packet, the 64-bit authentication field excluded. The checksum
 * field counts as zero, so the result is the value to store and a
 * receiver compares it with the stored one.
 */
uint16_t
ospf_pkt_cksum(const uint8_t *p, size_t len)
{
	uint32_t	 sum = 0;

	if (len < OSPF_HDR_LEN)
		return 0;
	sum = inet_sum(sum, p, 12);		/* up to the checksum */
	sum = inet_sum(sum, p + 14, 2);		/* autype */
	sum = inet_sum(sum, p + OSPF_HDR_LEN, len - OSPF_HDR_LEN);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The 24 header bytes alone, unchecked: for logging a dropped packet. */
enum ospf_err
ospf_hdr_parse(const uint8_t *p, size_t len, struct ospf_hdr *h)
{
	struct buf_reader	 r;

	buf_reader_init(&r, p, len);
	if (!buf_get_u8(&r, &h->version) || !buf_get_u8(&r, &h->type) ||
	    !buf_get_u16(&r, &h->len) || !buf_get_u32(&r, &h->rtr_id) ||
	    !buf_get_u32(&r, &h->area_id) || !buf_get_u16(&r, &h->cksum) ||
	    !buf_get_u16(&r, &h->autype) ||
	    buf_left(&r) < OSPF_AUTH_LEN)
		return OSPF_ERR_SHORT;
	memset(&h->auth, 0, sizeof(h->auth));
	if (h->autype == OSPF_AUTH_CRYPT) {
		uint16_t	 zero;

		/* D.3: 16 bits of zero, key ID, length, sequence number. */
		(void)buf_get_u16(&r, &zero);
		(void)buf_get_u8(&r, &h->auth.crypt.key_id);
		(void)buf_get_u8(&r, &h->auth.crypt.auth_len);
		(void)buf_get_u32(&r, &h->auth.crypt.seq);
	} else
		(void)buf_get_bytes(&r, h->auth.simple, OSPF_AUTH_LEN);
	return OSPF_OK;
}

static enum ospf_err
hello_parse(struct buf_reader *r, struct ospf_hello *h)
{
	if (!buf_get_u32(r, &h->mask) || !buf_get_u16(r, &h->hello_interval) ||
	    !buf_get_u8(r, &h->options) || !buf_get_u8(r, &h->prio) ||
	    !buf_get_u32(r, &h->dead_interval) || !buf_get_u32(r, &h->dr) ||
	    !buf_get_u32(r, &h->bdr))
		return OSPF_ERR_SHORT;
	if (buf_left(r) % 4)
		return OSPF_ERR_LENGTH;
	h->nnbr = buf_left(r) / 4;
	(void)buf_get_ptr(r, &h->nbrs, buf_left(r));
	return OSPF_OK;
}

static enum ospf_err
dd_parse(struct buf_reader *r, struct ospf_dd *dd)
{
	if (!buf_get_u16(r, &dd->mtu) || !buf_get_u8(r, &dd->options) ||
	    !buf_get_u8(r, &dd->flags) || !buf_get_u32(r, &dd->seq))
		return OSPF_ERR_SHORT;
	if (buf_left(r) % LSA_HDR_LEN)
		return OSPF_ERR_LENGTH;
	dd->nhdr = buf_left(r) / LSA_HDR_LEN;
	(void)buf_get_ptr(r, &dd->hdrs, buf_left(r));
	return OSPF_OK;
}

static enum ospf_err
lsr_parse(struct buf_reader *r, struct ospf_lsr *lsr)
{
	if (buf_left(r) % OSPF_LSR_ENTRY_LEN)
		return OSPF_ERR_LENGTH;
	lsr->nreq = buf_left(r) / OSPF_LSR_ENTRY_LEN;
	(void)buf_get_ptr(r, &lsr->reqs, buf_left(r));
	return OSPF_OK;
}

/* A.3.5: each LSA is sliced by its own length; the count must match. */
static enum ospf_err
lsu_parse(struct buf_reader *r, struct ospf_lsu *lsu)
{
	struct buf_reader	 it;
	const uint8_t		*p;
	size_t			 len;
	uint32_t		 i;

	if (!buf_get_u32(r, &lsu->nlsa))
		return OSPF_ERR_SHORT;
	lsu->len = buf_left(r);
	(void)buf_get_ptr(r, &lsu->lsas, lsu->len);
	buf_reader_init(&it, lsu->lsas, lsu->len);
	for (i = 0; i < lsu->nlsa; i++)
		if (!ospf_lsu_next(&it, &p, &len))
			return OSPF_ERR_LENGTH;
	if (buf_left(&it) != 0)
		return OSPF_ERR_LENGTH;
	return OSPF_OK;
}

static enum ospf_err
lsack_parse(struct buf_reader *r, struct ospf_lsack *ack)
{
	if (buf_left(r) % LSA_HDR_LEN)
		return OSPF_ERR_LENGTH;
	ack->nhdr = buf_left(r) / LSA_HDR_LEN;
	(void)buf_get_ptr(r, &ack->hdrs, buf_left(r));
	return OSPF_OK;
}

/*
 * One OSPF packet, the IP payload exactly: under cryptographic
 * authentication the digest follows the hdr.len bytes of the packet and
 * is returned unverified in digest, digest_len.
 */
enum ospf_err
ospf_pkt_parse(const uint8_t *p, size_t len, struct ospf_pkt *pkt)
{
	struct ospf_hdr		*h = &pkt->hdr;
	struct buf_reader	 r;
	enum ospf_err		 e;

	memset(pkt, 0, sizeof(*pkt));
	if ((e = ospf_hdr_parse(p, len, h)) != OSPF_OK)
		return e;
	if (h->version != OSPF_VERSION)
		return OSPF_ERR_VERSION;
	if (h->type == 0 || h->type >= OSPF_PKT_MAX)
		return OSPF_ERR_TYPE;
	if (h->len < OSPF_HDR_LEN || h->len > len)
		return OSPF_ERR_LENGTH;
	switch (h->autype) {
	case OSPF_AUTH_NULL:
	case OSPF_AUTH_SIMPLE:
		if (h->len != len)
			return OSPF_ERR_LENGTH;
		if (ospf_pkt_cksum(p, len) != h->cksum)
			return OSPF_ERR_CHECKSUM;
		break;
	case OSPF_AUTH_CRYPT:
		/* D.4.3: no checksum; the digest trails the packet. */
		if (len - h->len != h->auth.crypt.auth_len)
			return OSPF_ERR_LENGTH;
		pkt->digest = p + h->len;
		pkt->digest_len = h->auth.crypt.auth_len;
		break;
	default:
		return OSPF_ERR_AUTYPE;
	}

	buf_reader_init(&r, p + OSPF_HDR_LEN, h->len - OSPF_HDR_LEN);
	switch (h->type) {
	case OSPF_PKT_HELLO:
		return hello_parse(&r, &pkt->u.hello);
	case OSPF_PKT_DD:
		return dd_parse(&r, &pkt->u.dd);
	case OSPF_PKT_LSR:
		return lsr_parse(&r, &pkt->u.lsr);
	case OSPF_PKT_LSU:
		return lsu_parse(&r, &pkt->u.lsu);
	case OSPF_PKT_LSACK:
		return lsack_parse(&r, &pkt->u.lsack);
	}
	return OSPF_ERR_TYPE;
}

/* Accessors of the lists ospf_pkt_parse() checked: i < the count. */
uint32_t
ospf_hello_nbr(const struct ospf_hello *h, size_t i)
{
	return be32_load(h->nbrs + 4 * i);
}

void
ospf_dd_hdr(const struct ospf_dd *dd, size_t i, struct lsa_hdr *lh)
{
	(void)lsa_hdr_parse(dd->hdrs + LSA_HDR_LEN * i, LSA_HDR_LEN, lh);
}

void
ospf_lsr_entry(const struct ospf_lsr *lsr, size_t i, struct ospf_lsr_entry *e)
{
	const uint8_t	*p = lsr->reqs + OSPF_LSR_ENTRY_LEN * i;

	e->type = be32_load(p);
	e->id = be32_load(p + 4);
	e->adv_rtr = be32_load(p + 8);
}

void
ospf_lsack_hdr(const struct ospf_lsack *ack, size_t i, struct lsa_hdr *lh)
{
	(void)lsa_hdr_parse(ack->hdrs + LSA_HDR_LEN * i, LSA_HDR_LEN, lh);
}

void
ospf_lsu_iter(const struct ospf_lsu *lsu, struct buf_reader *r)
{
	buf_reader_init(r, lsu->lsas, lsu->len);
}

/* The next LSA of an Update, whole (header included), by its length. */
bool
ospf_lsu_next(struct buf_reader *r, const uint8_t **p, size_t *len)
{
	const uint8_t	*lsa;
	uint16_t	 l;

	if (buf_left(r) < LSA_HDR_LEN)
		return false;
	lsa = r->p + r->off;
	l = (uint16_t)(lsa[18] << 8 | lsa[19]);
	if (l < LSA_HDR_LEN || !buf_get_ptr(r, p, l))
		return false;
	*len = l;
	return true;
}

/*
 * Appends the header with length and checksum zero; returns the offset of
 * the packet in b, for ospf_pkt_finish().
 */
size_t
ospf_pkt_begin(struct buf *b, const struct ospf_hdr *h)
{
	size_t	 start = b->len;

	buf_put_u8(b, h->version);
	buf_put_u8(b, h->type);
	buf_put_u16(b, 0);
	buf_put_u32(b, h->rtr_id);
	buf_put_u32(b, h->area_id);
	buf_put_u16(b, 0);
	buf_put_u16(b, h->autype);
	if (h->autype == OSPF_AUTH_CRYPT) {
		buf_put_u16(b, 0);
		buf_put_u8(b, h->auth.crypt.key_id);
		buf_put_u8(b, h->auth.crypt.auth_len);
		buf_put_u32(b, h->auth.crypt.seq);
	} else
		buf_put_bytes(b, h->auth.simple, OSPF_AUTH_LEN);
	return start;
}

/*
 * Writes the length and, but under cryptographic authentication, the
 * checksum of the packet that starts at start and ends at the end of b.
 */
bool
ospf_pkt_finish(struct buf *b, size_t start)
{
	uint8_t		*p;
	size_t		 len;
	uint16_t	 autype, ck = 0;

	if (!buf_ok(b) || start > b->len)
		return false;
	p = b->data + start;
	len = b->len - start;
	if (len < OSPF_HDR_LEN || len > UINT16_MAX)
		return false;
	p[2] = len >> 8;
	p[3] = len & 0xff;
	autype = (uint16_t)(p[14] << 8 | p[15]);
	if (autype != OSPF_AUTH_CRYPT)
		ck = ospf_pkt_cksum(p, len);
	p[12] = ck >> 8;
	p[13] = ck & 0xff;
	return true;
}

/* The fixed part; neighbours follow, one buf_put_u32() each. */
bool
ospf_hello_put(struct buf *b, const struct ospf_hello *h)
{
	buf_put_u32(b, h->mask);
	buf_put_u16(b, h->hello_interval);
	buf_put_u8(b, h->options);
	buf_put_u8(b, h->prio);
	buf_put_u32(b, h->dead_interval);
	buf_put_u32(b, h->dr);
	return buf_put_u32(b, h->bdr);
}

/* The fixed part; LSA headers follow, one lsa_hdr_put() each. */
bool
ospf_dd_put(struct buf *b, const struct ospf_dd *dd)
{
	buf_put_u16(b, dd->mtu);
	buf_put_u8(b, dd->options);
	buf_put_u8(b, dd->flags);
	return buf_put_u32(b, dd->seq);
}

bool
ospf_lsr_entry_put(struct buf *b, const struct ospf_lsr_entry *e)
{
	buf_put_u32(b, e->type);
	buf_put_u32(b, e->id);
	return buf_put_u32(b, e->adv_rtr);
}

/* The count; the n LSAs follow, whole, with buf_put_bytes(). */
bool
ospf_lsu_put(struct buf *b, uint32_t n)
{
	return buf_put_u32(b, n);
}

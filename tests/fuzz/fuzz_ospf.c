/*
 * DOC: libFuzzer target for the OSPFv2 codec of daemons/ospfd. The input
 * is one OSPF packet (the IP payload). It is parsed as it comes, and again
 * with its length and checksum fields fixed up so that the fuzzer gets
 * past them into the bodies; the whole input is also parsed as one LSA,
 * as it comes and with its length field fixed up. Every LSA of an accepted
 * Update goes through lsa_parse().
 *
 * What parses must rebuild: a packet rebuilt from its parsed struct with
 * the builders is the same bytes (but for the checksum and the reserved
 * field under cryptographic authentication, which the builder zeroes),
 * and an LSA rebuilt from its struct parses back to the same struct (TOS
 * entries other than 0 are not rebuilt), with a valid checksum.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ospf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
lsa_same(const struct lsa *a, const struct lsa *b)
{
	struct buf_reader	 ra, rb;
	struct lsa_rtr_link	 la, lb;
	size_t			 i;

	if (a->hdr.age != b->hdr.age || a->hdr.options != b->hdr.options ||
	    a->hdr.type != b->hdr.type || a->hdr.id != b->hdr.id ||
	    a->hdr.adv_rtr != b->hdr.adv_rtr || a->hdr.seq != b->hdr.seq)
		abort();
	switch (a->hdr.type) {
	case LSA_TYPE_ROUTER:
		if (a->u.router.flags != b->u.router.flags ||
		    a->u.router.nlinks != b->u.router.nlinks)
			abort();
		lsa_rtr_iter(&a->u.router, &ra);
		lsa_rtr_iter(&b->u.router, &rb);
		for (i = 0; i < a->u.router.nlinks; i++) {
			if (!lsa_rtr_next(&ra, &la) || !lsa_rtr_next(&rb, &lb))
				abort();
			if (la.id != lb.id || la.data != lb.data ||
			    la.type != lb.type || la.metric != lb.metric ||
			    lb.ntos != 0)
				abort();
		}
		if (lsa_rtr_next(&ra, &la) || lsa_rtr_next(&rb, &lb))
			abort();
		break;
	case LSA_TYPE_NETWORK:
		if (a->u.network.mask != b->u.network.mask ||
		    a->u.network.nrtr != b->u.network.nrtr)
			abort();
		for (i = 0; i < a->u.network.nrtr; i++)
			if (lsa_network_rtr(&a->u.network, i) !=
			    lsa_network_rtr(&b->u.network, i))
				abort();
		break;
	case LSA_TYPE_SUM_NET:
	case LSA_TYPE_SUM_ASBR:
		if (a->u.summary.mask != b->u.summary.mask ||
		    a->u.summary.metric != b->u.summary.metric ||
		    a->u.summary.metric > OSPF_LS_INFINITY)
			abort();
		break;
	case LSA_TYPE_EXTERNAL:
	case LSA_TYPE_NSSA:
		if (a->u.external.mask != b->u.external.mask ||
		    a->u.external.ebit != b->u.external.ebit ||
		    a->u.external.metric != b->u.external.metric ||
		    a->u.external.fwd != b->u.external.fwd ||
		    a->u.external.tag != b->u.external.tag ||
		    a->u.external.metric > OSPF_LS_INFINITY)
			abort();
		break;
	default:
		abort();
	}
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
check_lsa(const uint8_t *p, size_t len)
{
	struct lsa		 lsa, back;
	struct buf		 b = BUF_INIT;
	struct buf_reader	 it;
	struct lsa_rtr_link	 l;
	size_t			 s, i;
	uint8_t			*copy;

	(void)lsa_cksum_ok(p, len);
	if (lsa_parse(p, len, &lsa) != OSPF_OK)
		return;
	if (lsa.hdr.len != len)
		abort();

	s = lsa_begin(&b, &lsa.hdr);
	switch (lsa.hdr.type) {
	case LSA_TYPE_ROUTER:
		lsa_router_put(&b, lsa.u.router.flags, lsa.u.router.nlinks);
		lsa_rtr_iter(&lsa.u.router, &it);
		while (lsa_rtr_next(&it, &l))
			lsa_rtr_link_put(&b, &l);
		break;
	case LSA_TYPE_NETWORK:
		lsa_network_put(&b, lsa.u.network.mask, NULL, 0);
		for (i = 0; i < lsa.u.network.nrtr; i++)
			buf_put_u32(&b, lsa_network_rtr(&lsa.u.network, i));
		break;
	case LSA_TYPE_SUM_NET:
	case LSA_TYPE_SUM_ASBR:
		lsa_summary_put(&b, &lsa.u.summary);
		break;
	case LSA_TYPE_EXTERNAL:
	case LSA_TYPE_NSSA:
		lsa_external_put(&b, &lsa.u.external);
		break;
	default:
		abort();
	}
	if (!lsa_finish(&b, s)) {
		/* Only a router-LSA can grow: never past 64k from 64k. */
		if (buf_ok(&b))
			abort();
		buf_free(&b);
		return;
	}
	/* An exact-size copy, so that ASan sees a read past the end. */
	if ((copy = malloc(b.len)) == NULL)
		abort();
	memcpy(copy, b.data, b.len);
	if (!lsa_cksum_ok(copy, b.len) ||
	    lsa_parse(copy, b.len, &back) != OSPF_OK)
		abort();
	lsa_same(&lsa, &back);
	if (lsa_compare(&lsa.hdr, &lsa.hdr) != 0 ||
	    sign(lsa_compare(&lsa.hdr, &back.hdr)) !=
	    -sign(lsa_compare(&back.hdr, &lsa.hdr)))
		abort();
	free(copy);
	buf_free(&b);
}

/* Rebuilds an accepted packet with the builders: the same bytes. */
static void
check_pkt(const uint8_t *p, size_t len, const struct ospf_pkt *pkt)
{
	struct buf		 b = BUF_INIT;
	struct buf_reader	 it;
	struct lsa_hdr		 lh;
	struct ospf_lsr_entry	 e;
	const uint8_t		*lsa;
	size_t			 s, i, l, n = 0;

	s = ospf_pkt_begin(&b, &pkt->hdr);
	switch (pkt->hdr.type) {
	case OSPF_PKT_HELLO:
		ospf_hello_put(&b, &pkt->u.hello);
		for (i = 0; i < pkt->u.hello.nnbr; i++)
			buf_put_u32(&b, ospf_hello_nbr(&pkt->u.hello, i));
		break;
	case OSPF_PKT_DD:
		ospf_dd_put(&b, &pkt->u.dd);
		for (i = 0; i < pkt->u.dd.nhdr; i++) {
			ospf_dd_hdr(&pkt->u.dd, i, &lh);
			lsa_hdr_put(&b, &lh);
		}
		break;
	case OSPF_PKT_LSR:
		for (i = 0; i < pkt->u.lsr.nreq; i++) {
			ospf_lsr_entry(&pkt->u.lsr, i, &e);
			ospf_lsr_entry_put(&b, &e);
		}
		break;
	case OSPF_PKT_LSU:
		ospf_lsu_put(&b, pkt->u.lsu.nlsa);
		ospf_lsu_iter(&pkt->u.lsu, &it);
		while (ospf_lsu_next(&it, &lsa, &l)) {
			buf_put_bytes(&b, lsa, l);
			check_lsa(lsa, l);
			n++;
		}
		if (n != pkt->u.lsu.nlsa || buf_left(&it) != 0)
			abort();
		break;
	case OSPF_PKT_LSACK:
		for (i = 0; i < pkt->u.lsack.nhdr; i++) {
			ospf_lsack_hdr(&pkt->u.lsack, i, &lh);
			lsa_hdr_put(&b, &lh);
		}
		break;
	default:
		abort();
	}
	if (!ospf_pkt_finish(&b, s))
		abort();
	if (pkt->hdr.autype == OSPF_AUTH_CRYPT) {
		if (pkt->digest != p + pkt->hdr.len ||
		    pkt->digest_len != len - pkt->hdr.len)
			abort();
		buf_put_bytes(&b, pkt->digest, pkt->digest_len);
		if (b.len != len || b.data[12] != 0 || b.data[13] != 0 ||
		    memcmp(b.data, p, 12) != 0 ||
		    memcmp(b.data + 14, p + 14, 2) != 0 ||
		    memcmp(b.data + 18, p + 18, len - 18) != 0)
			abort();
	} else if (b.len != len || memcmp(b.data, p, len) != 0)
		abort();
	buf_free(&b);
}

static void
parse_one(const uint8_t *p, size_t len)
{
	struct ospf_pkt	 pkt;
	char		 line[128];

	if (ospf_pkt_parse(p, len, &pkt) != OSPF_OK)
		return;
	snprintf(line, sizeof(line), "%s %s",
	    ospf_pkt_type_name(pkt.hdr.type),
	    ospf_autype_name(pkt.hdr.autype));
	check_pkt(p, len, &pkt);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t		*copy;
	uint16_t	 ck;

	if (size > 65535 + 255)
		return 0;
	if ((copy = malloc(size ? size : 1)) == NULL)
		abort();
	if (size)
		memcpy(copy, data, size);
	parse_one(copy, size);
	check_lsa(copy, size);

	/* The length field and checksum made right. */
	if (size >= OSPF_HDR_LEN && size <= 65535) {
		size_t	 plen = size;

		/* Under crypto authentication the digest trails hdr.len. */
		if (copy[14] == 0 && copy[15] == OSPF_AUTH_CRYPT &&
		    size >= OSPF_HDR_LEN + (size_t)copy[19])
			plen = size - copy[19];
		copy[2] = plen >> 8;
		copy[3] = plen & 0xff;
		ck = ospf_pkt_cksum(copy, size);
		copy[12] = ck >> 8;
		copy[13] = ck & 0xff;
		parse_one(copy, size);
	}
	/* The same bytes as one LSA with its length made right. */
	memcpy(copy, data, size);
	if (size >= LSA_HDR_LEN && size <= 65535) {
		copy[18] = size >> 8;
		copy[19] = size & 0xff;
		check_lsa(copy, size);
	}
	free(copy);
	return 0;
}

/*
 * Unit tests for the OSPFv2 wire codec of daemons/ospfd: round trips of
 * every packet and LSA type, every truncation of every valid packet and
 * LSA refused (each parsed from a heap copy of exactly its size, so that
 * ASan sees any read past the end), bad checksum, version, length and
 * authentication type refused, the Fletcher checksum of a hand-made
 * router-LSA against a reference implementation and a brute-force search,
 * and the RFC 2328 13.1 order of LSA instances.
 *
 * With OSPF_WRITE_SEEDS=DIR in the environment, the valid packets are also
 * written to DIR as fuzz seeds (tests/fuzz/seeds/fuzz_ospf/).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "ospf.h"

#define RID1	0xc0a80101U	/* 192.168.1.1 */
#define RID2	0xc0a80102U
#define AREA0	0x00000000U

/* ---- helpers ------------------------------------------------------- */

static struct ospf_hdr
hdr_make(uint8_t type, uint16_t autype)
{
	struct ospf_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.version = OSPF_VERSION;
	h.type = type;
	h.rtr_id = RID1;
	h.area_id = AREA0;
	h.autype = autype;
	if (autype == OSPF_AUTH_SIMPLE)
		memcpy(h.auth.simple, "secret!!", OSPF_AUTH_LEN);
	return h;
}

static struct lsa_hdr
lsa_hdr_make(uint8_t type, uint32_t id, uint32_t adv)
{
	struct lsa_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.age = 7;
	h.options = OSPF_OPT_E;
	h.type = type;
	h.id = id;
	h.adv_rtr = adv;
	h.seq = OSPF_INITIAL_SEQ + 4;
	return h;
}

/* Parse from a heap copy of exactly len bytes. */
static enum ospf_err
pkt_parse_exact(const uint8_t *p, size_t len, struct ospf_pkt *pkt)
{
	uint8_t		*copy = malloc(len ? len : 1);
	enum ospf_err	 e;

	assert_non_null(copy);
	if (len)
		memcpy(copy, p, len);
	e = ospf_pkt_parse(copy, len, pkt);
	free(copy);
	return e;
}

static enum ospf_err
lsa_parse_exact(const uint8_t *p, size_t len)
{
	uint8_t		*copy = malloc(len ? len : 1);
	struct lsa	 lsa;
	enum ospf_err	 e;

	assert_non_null(copy);
	if (len)
		memcpy(copy, p, len);
	e = lsa_parse(copy, len, &lsa);
	free(copy);
	return e;
}

/* A reference Fletcher checksum, written straight from RFC 905 annex B. */
static bool
ref_fletcher_ok(const uint8_t *lsa, size_t len)
{
	int	 c0 = 0, c1 = 0;
	size_t	 i;

	for (i = 2; i < len; i++) {
		c0 = (c0 + lsa[i]) % 255;
		c1 = (c1 + c0) % 255;
	}
	return c0 == 0 && c1 == 0;
}

static uint16_t
ref_fletcher(const uint8_t *lsa, size_t len)
{
	uint8_t	*c = malloc(len);
	int	 c0 = 0, c1 = 0, x, y, n;
	size_t	 i;

	assert_non_null(c);
	memcpy(c, lsa, len);
	c[16] = c[17] = 0;
	for (i = 2; i < len; i++) {
		c0 = (c0 + c[i]) % 255;
		c1 = (c1 + c0) % 255;
	}
	free(c);
	/* Annex B: n is the 1-based position of the first checksum octet. */
	n = 15;
	x = (((int)(len - 2) - n) * c0 - c1) % 255;
	if (x < 0)
		x += 255;
	if (x == 0)
		x = 255;
	y = ((-((int)(len - 2) - n + 1) * c0 + c1) % 255 + 255) % 255;
	if (y == 0)
		y = 255;
	return (uint16_t)(x << 8 | y);
}

/* Every LSA type this codec knows, built into b, as a run of LSAs. */
static uint32_t
lsas_build(struct buf *b)
{
	struct lsa_hdr		 h;
	struct lsa_rtr_link	 l;
	struct lsa_summary	 sum;
	struct lsa_external	 ext;
	uint32_t		 rtrs[3] = { RID1, RID2, 0x0a000003 };
	size_t			 s;

	h = lsa_hdr_make(LSA_TYPE_ROUTER, RID1, RID1);
	s = lsa_begin(b, &h);
	lsa_router_put(b, LSA_RTR_E | LSA_RTR_B, 3);
	l = (struct lsa_rtr_link){ 0xc0a80100, 0xffffff00, LSA_LINK_STUB,
	    0, 10 };
	lsa_rtr_link_put(b, &l);
	l = (struct lsa_rtr_link){ RID2, 0x0a000001, LSA_LINK_P2P, 0, 1 };
	lsa_rtr_link_put(b, &l);
	l = (struct lsa_rtr_link){ 0x0a000002, 0x0a000001, LSA_LINK_TRANSIT,
	    0, 65535 };
	lsa_rtr_link_put(b, &l);
	assert_true(lsa_finish(b, s));

	h = lsa_hdr_make(LSA_TYPE_NETWORK, 0x0a000002, RID2);
	s = lsa_begin(b, &h);
	lsa_network_put(b, 0xffffff00, rtrs, 3);
	assert_true(lsa_finish(b, s));

	h = lsa_hdr_make(LSA_TYPE_SUM_NET, 0xac100000, RID1);
	s = lsa_begin(b, &h);
	sum = (struct lsa_summary){ 0xfff00000, 0x123456 };
	lsa_summary_put(b, &sum);
	assert_true(lsa_finish(b, s));

	h = lsa_hdr_make(LSA_TYPE_SUM_ASBR, RID2, RID1);
	s = lsa_begin(b, &h);
	sum = (struct lsa_summary){ 0, OSPF_LS_INFINITY };
	lsa_summary_put(b, &sum);
	assert_true(lsa_finish(b, s));

	h = lsa_hdr_make(LSA_TYPE_EXTERNAL, 0x08080800, RID1);
	s = lsa_begin(b, &h);
	ext = (struct lsa_external){ 0xffffff00, true, 20, 0x0a000009, 42 };
	lsa_external_put(b, &ext);
	assert_true(lsa_finish(b, s));

	h = lsa_hdr_make(LSA_TYPE_NSSA, 0x0b000000, RID2);
	h.options = OSPF_OPT_NP;
	s = lsa_begin(b, &h);
	ext = (struct lsa_external){ 0xff000000, false, 0xfffffe, 0,
	    0xdeadbeef };
	lsa_external_put(b, &ext);
	assert_true(lsa_finish(b, s));
	assert_true(buf_ok(b));
	return 6;
}

enum { P_HELLO, P_HELLO_SIMPLE, P_HELLO_CRYPT, P_DD, P_LSR, P_LSU,
    P_LSACK, P_HELLO_EMPTY, P_DD_EMPTY, P_MAX };

static const char *const pkt_names[P_MAX] = {
	[P_HELLO] = "hello", [P_HELLO_SIMPLE] = "hello-simple",
	[P_HELLO_CRYPT] = "hello-crypt", [P_DD] = "dd", [P_LSR] = "lsr",
	[P_LSU] = "lsu", [P_LSACK] = "lsack", [P_HELLO_EMPTY] = "hello-empty",
	[P_DD_EMPTY] = "dd-empty",
};

/* Builds valid packet number which into a fresh b. */
static void
pkt_build(int which, struct buf *b)
{
	struct ospf_hdr		 h;
	struct ospf_hello	 hello;
	struct ospf_dd		 dd;
	struct ospf_lsr_entry	 e;
	struct lsa_hdr		 lh;
	struct buf		 lsas = BUF_INIT;
	size_t			 s, i;
	uint32_t		 n;

	buf_reset(b);
	memset(&hello, 0, sizeof(hello));
	hello.mask = 0xffffff00;
	hello.hello_interval = 10;
	hello.options = OSPF_OPT_E;
	hello.prio = 1;
	hello.dead_interval = 40;
	hello.dr = 0xc0a80101;
	hello.bdr = 0xc0a80102;
	switch (which) {
	case P_HELLO:
	case P_HELLO_SIMPLE:
	case P_HELLO_CRYPT:
	case P_HELLO_EMPTY:
		h = hdr_make(OSPF_PKT_HELLO, which == P_HELLO_SIMPLE ?
		    OSPF_AUTH_SIMPLE : which == P_HELLO_CRYPT ?
		    OSPF_AUTH_CRYPT : OSPF_AUTH_NULL);
		if (which == P_HELLO_CRYPT) {
			h.auth.crypt.key_id = 5;
			h.auth.crypt.auth_len = 16;
			h.auth.crypt.seq = 0x01020304;
		}
		s = ospf_pkt_begin(b, &h);
		ospf_hello_put(b, &hello);
		if (which != P_HELLO_EMPTY) {
			buf_put_u32(b, RID2);
			buf_put_u32(b, 0x0a000003);
			buf_put_u32(b, 0x0a000004);
		}
		assert_true(ospf_pkt_finish(b, s));
		if (which == P_HELLO_CRYPT)
			buf_put_bytes(b, "0123456789abcdef", 16);
		break;
	case P_DD:
	case P_DD_EMPTY:
		h = hdr_make(OSPF_PKT_DD, OSPF_AUTH_NULL);
		s = ospf_pkt_begin(b, &h);
		dd = (struct ospf_dd){ .mtu = 1500, .options = OSPF_OPT_E,
		    .flags = OSPF_DD_I | OSPF_DD_M | OSPF_DD_MS,
		    .seq = 0x12345678 };
		if (which == P_DD_EMPTY)
			dd.flags = OSPF_DD_MS;
		ospf_dd_put(b, &dd);
		for (i = 0; which == P_DD && i < 3; i++) {
			lh = lsa_hdr_make(LSA_TYPE_ROUTER + i, RID1 + i, RID2);
			lh.cksum = 0x1234 + i;
			lh.len = 36;
			lsa_hdr_put(b, &lh);
		}
		assert_true(ospf_pkt_finish(b, s));
		break;
	case P_LSR:
		h = hdr_make(OSPF_PKT_LSR, OSPF_AUTH_NULL);
		s = ospf_pkt_begin(b, &h);
		for (i = 0; i < 4; i++) {
			e = (struct ospf_lsr_entry){ LSA_TYPE_ROUTER + i,
			    0x0a000000 + i, RID2 };
			ospf_lsr_entry_put(b, &e);
		}
		assert_true(ospf_pkt_finish(b, s));
		break;
	case P_LSU:
		h = hdr_make(OSPF_PKT_LSU, OSPF_AUTH_NULL);
		n = lsas_build(&lsas);
		s = ospf_pkt_begin(b, &h);
		ospf_lsu_put(b, n);
		buf_put_bytes(b, lsas.data, lsas.len);
		assert_true(ospf_pkt_finish(b, s));
		buf_free(&lsas);
		break;
	case P_LSACK:
		h = hdr_make(OSPF_PKT_LSACK, OSPF_AUTH_NULL);
		s = ospf_pkt_begin(b, &h);
		for (i = 0; i < 2; i++) {
			lh = lsa_hdr_make(LSA_TYPE_NETWORK, RID1 + i, RID2);
			lh.age = OSPF_MAX_AGE;
			lh.cksum = 0xabcd;
			lh.len = 32;
			lsa_hdr_put(b, &lh);
		}
		assert_true(ospf_pkt_finish(b, s));
		break;
	}
	assert_true(buf_ok(b));
}

/* ---- round trips --------------------------------------------------- */

static void
test_hello(void **state)
{
	struct buf		 b = BUF_INIT;
	struct ospf_pkt		 pkt;
	struct ospf_hello	*h = &pkt.u.hello;

	(void)state;
	pkt_build(P_HELLO, &b);
	assert_int_equal(b.len, OSPF_HDR_LEN + OSPF_HELLO_LEN + 12);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(pkt.hdr.version, 2);
	assert_int_equal(pkt.hdr.type, OSPF_PKT_HELLO);
	assert_int_equal(pkt.hdr.len, b.len);
	assert_int_equal(pkt.hdr.rtr_id, RID1);
	assert_int_equal(pkt.hdr.autype, OSPF_AUTH_NULL);
	assert_int_not_equal(pkt.hdr.cksum, 0);
	assert_null(pkt.digest);
	assert_int_equal(h->mask, 0xffffff00);
	assert_int_equal(h->hello_interval, 10);
	assert_int_equal(h->options, OSPF_OPT_E);
	assert_int_equal(h->prio, 1);
	assert_int_equal(h->dead_interval, 40);
	assert_int_equal(h->dr, 0xc0a80101);
	assert_int_equal(h->bdr, 0xc0a80102);
	assert_int_equal(h->nnbr, 3);
	assert_int_equal(ospf_hello_nbr(h, 0), RID2);
	assert_int_equal(ospf_hello_nbr(h, 2), 0x0a000004);

	pkt_build(P_HELLO_EMPTY, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(h->nnbr, 0);
	buf_free(&b);
}

static void
test_auth(void **state)
{
	struct buf	 b = BUF_INIT;
	struct ospf_pkt	 pkt;

	(void)state;
	pkt_build(P_HELLO_SIMPLE, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(pkt.hdr.autype, OSPF_AUTH_SIMPLE);
	assert_memory_equal(pkt.hdr.auth.simple, "secret!!", 8);
	/* The authentication field is outside the checksum. */
	b.data[20] ^= 0xff;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);

	pkt_build(P_HELLO_CRYPT, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(pkt.hdr.autype, OSPF_AUTH_CRYPT);
	assert_int_equal(pkt.hdr.cksum, 0);
	assert_int_equal(pkt.hdr.len, b.len - 16);
	assert_int_equal(pkt.hdr.auth.crypt.key_id, 5);
	assert_int_equal(pkt.hdr.auth.crypt.auth_len, 16);
	assert_int_equal(pkt.hdr.auth.crypt.seq, 0x01020304);
	assert_int_equal(pkt.digest_len, 16);
	assert_ptr_equal(pkt.digest, b.data + b.len - 16);
	assert_int_equal(pkt.u.hello.nnbr, 3);
	/* A digest of the wrong size. */
	assert_int_equal(ospf_pkt_parse(b.data, b.len - 1, &pkt),
	    OSPF_ERR_LENGTH);
	buf_put_u8(&b, 0);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_ERR_LENGTH);
	buf_free(&b);
}

static void
test_dd(void **state)
{
	struct buf	 b = BUF_INIT;
	struct ospf_pkt	 pkt;
	struct lsa_hdr	 lh;

	(void)state;
	pkt_build(P_DD, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(pkt.u.dd.mtu, 1500);
	assert_int_equal(pkt.u.dd.options, OSPF_OPT_E);
	assert_int_equal(pkt.u.dd.flags, OSPF_DD_I | OSPF_DD_M | OSPF_DD_MS);
	assert_int_equal(pkt.u.dd.seq, 0x12345678);
	assert_int_equal(pkt.u.dd.nhdr, 3);
	ospf_dd_hdr(&pkt.u.dd, 2, &lh);
	assert_int_equal(lh.type, LSA_TYPE_SUM_NET);
	assert_int_equal(lh.id, RID1 + 2);
	assert_int_equal(lh.adv_rtr, RID2);
	assert_int_equal(lh.seq, OSPF_INITIAL_SEQ + 4);
	assert_int_equal(lh.age, 7);
	assert_int_equal(lh.cksum, 0x1236);
	assert_int_equal(lh.len, 36);

	pkt_build(P_DD_EMPTY, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(pkt.u.dd.nhdr, 0);
	assert_int_equal(pkt.u.dd.flags, OSPF_DD_MS);
	buf_free(&b);
}

static void
test_lsr(void **state)
{
	struct buf		 b = BUF_INIT;
	struct ospf_pkt		 pkt;
	struct ospf_lsr_entry	 e;
	size_t			 i;

	(void)state;
	pkt_build(P_LSR, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(pkt.u.lsr.nreq, 4);
	for (i = 0; i < 4; i++) {
		ospf_lsr_entry(&pkt.u.lsr, i, &e);
		assert_int_equal(e.type, LSA_TYPE_ROUTER + i);
		assert_int_equal(e.id, 0x0a000000 + i);
		assert_int_equal(e.adv_rtr, RID2);
	}
	buf_free(&b);
}

static void
test_lsack(void **state)
{
	struct buf	 b = BUF_INIT;
	struct ospf_pkt	 pkt;
	struct lsa_hdr	 lh;

	(void)state;
	pkt_build(P_LSACK, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(pkt.u.lsack.nhdr, 2);
	ospf_lsack_hdr(&pkt.u.lsack, 1, &lh);
	assert_int_equal(lh.age, OSPF_MAX_AGE);
	assert_int_equal(lh.type, LSA_TYPE_NETWORK);
	assert_int_equal(lh.id, RID1 + 1);
	assert_int_equal(lh.cksum, 0xabcd);
	assert_int_equal(lh.len, 32);
	buf_free(&b);
}

static void
test_lsu(void **state)
{
	struct buf		 b = BUF_INIT;
	struct ospf_pkt		 pkt;
	struct buf_reader	 it, links;
	struct lsa		 lsa;
	struct lsa_rtr_link	 l;
	const uint8_t		*p;
	size_t			 len;
	int			 n = 0;

	(void)state;
	pkt_build(P_LSU, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	assert_int_equal(pkt.u.lsu.nlsa, 6);
	ospf_lsu_iter(&pkt.u.lsu, &it);
	while (ospf_lsu_next(&it, &p, &len)) {
		assert_true(lsa_cksum_ok(p, len));
		assert_true(ref_fletcher_ok(p, len));
		assert_int_equal(lsa_parse(p, len, &lsa), OSPF_OK);
		assert_int_equal(lsa.hdr.len, len);
		assert_int_equal(lsa.hdr.age, 7);
		assert_int_equal(lsa.hdr.seq, OSPF_INITIAL_SEQ + 4);
		assert_int_equal(lsa.hdr.cksum, ref_fletcher(p, len));
		switch (n++) {
		case 0:
			assert_int_equal(lsa.hdr.type, LSA_TYPE_ROUTER);
			assert_int_equal(lsa.u.router.flags,
			    LSA_RTR_E | LSA_RTR_B);
			assert_int_equal(lsa.u.router.nlinks, 3);
			lsa_rtr_iter(&lsa.u.router, &links);
			assert_true(lsa_rtr_next(&links, &l));
			assert_int_equal(l.id, 0xc0a80100);
			assert_int_equal(l.data, 0xffffff00);
			assert_int_equal(l.type, LSA_LINK_STUB);
			assert_int_equal(l.metric, 10);
			assert_true(lsa_rtr_next(&links, &l));
			assert_int_equal(l.type, LSA_LINK_P2P);
			assert_int_equal(l.id, RID2);
			assert_true(lsa_rtr_next(&links, &l));
			assert_int_equal(l.type, LSA_LINK_TRANSIT);
			assert_int_equal(l.metric, 65535);
			assert_false(lsa_rtr_next(&links, &l));
			break;
		case 1:
			assert_int_equal(lsa.hdr.type, LSA_TYPE_NETWORK);
			assert_int_equal(lsa.u.network.mask, 0xffffff00);
			assert_int_equal(lsa.u.network.nrtr, 3);
			assert_int_equal(lsa_network_rtr(&lsa.u.network, 0),
			    RID1);
			assert_int_equal(lsa_network_rtr(&lsa.u.network, 2),
			    0x0a000003);
			break;
		case 2:
			assert_int_equal(lsa.hdr.type, LSA_TYPE_SUM_NET);
			assert_int_equal(lsa.u.summary.mask, 0xfff00000);
			assert_int_equal(lsa.u.summary.metric, 0x123456);
			break;
		case 3:
			assert_int_equal(lsa.hdr.type, LSA_TYPE_SUM_ASBR);
			assert_int_equal(lsa.u.summary.metric,
			    OSPF_LS_INFINITY);
			break;
		case 4:
			assert_int_equal(lsa.hdr.type, LSA_TYPE_EXTERNAL);
			assert_int_equal(lsa.u.external.mask, 0xffffff00);
			assert_true(lsa.u.external.ebit);
			assert_int_equal(lsa.u.external.metric, 20);
			assert_int_equal(lsa.u.external.fwd, 0x0a000009);
			assert_int_equal(lsa.u.external.tag, 42);
			break;
		case 5:
			assert_int_equal(lsa.hdr.type, LSA_TYPE_NSSA);
			assert_int_equal(lsa.hdr.options, OSPF_OPT_NP);
			assert_false(lsa.u.external.ebit);
			assert_int_equal(lsa.u.external.metric, 0xfffffe);
			assert_int_equal(lsa.u.external.fwd, 0);
			assert_int_equal(lsa.u.external.tag, 0xdeadbeef);
			break;
		}
	}
	assert_int_equal(n, 6);
	assert_int_equal(buf_left(&it), 0);
	buf_free(&b);
}

/* ---- refusals ------------------------------------------------------ */

static void
test_truncations(void **state)
{
	struct buf		 b = BUF_INIT;
	struct ospf_pkt		 pkt;
	struct buf_reader	 it;
	const uint8_t		*p;
	size_t			 len, cut;
	int			 which;

	(void)state;
	for (which = 0; which < P_MAX; which++) {
		pkt_build(which, &b);
		assert_int_equal(pkt_parse_exact(b.data, b.len, &pkt),
		    OSPF_OK);
		for (cut = 0; cut < b.len; cut++)
			assert_int_not_equal(pkt_parse_exact(b.data, cut,
			    &pkt), OSPF_OK);
	}

	/* Every LSA, every truncation. */
	pkt_build(P_LSU, &b);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);
	ospf_lsu_iter(&pkt.u.lsu, &it);
	while (ospf_lsu_next(&it, &p, &len)) {
		assert_int_equal(lsa_parse_exact(p, len), OSPF_OK);
		for (cut = 0; cut < len; cut++)
			assert_int_not_equal(lsa_parse_exact(p, cut), OSPF_OK);
	}
	buf_free(&b);
}

/*
 * Truncations with the length and checksum fixed up, so that only the
 * body checks can refuse: what parses must stay within the new length.
 */
static void
test_truncations_fixed(void **state)
{
	struct buf		 b = BUF_INIT;
	struct ospf_pkt		 pkt;
	uint8_t			*copy;
	size_t			 cut;
	uint16_t		 ck;
	int			 which, ok;

	(void)state;
	for (which = 0; which < P_MAX; which++) {
		if (which == P_HELLO_CRYPT)
			continue;
		pkt_build(which, &b);
		ok = 0;
		for (cut = OSPF_HDR_LEN; cut < b.len; cut++) {
			copy = malloc(cut);
			assert_non_null(copy);
			memcpy(copy, b.data, cut);
			copy[2] = cut >> 8;
			copy[3] = cut & 0xff;
			ck = ospf_pkt_cksum(copy, cut);
			copy[12] = ck >> 8;
			copy[13] = ck & 0xff;
			if (ospf_pkt_parse(copy, cut, &pkt) == OSPF_OK) {
				ok++;
				/* Only whole list elements can go. */
				switch (which) {
				case P_HELLO:
				case P_HELLO_SIMPLE:
					assert_int_equal(cut % 4, 0);
					break;
				case P_DD:
					assert_int_equal((cut - 32) % 20, 0);
					break;
				case P_LSACK:
					assert_int_equal((cut - 24) % 20, 0);
					break;
				case P_LSR:
					assert_int_equal((cut - 24) % 12, 0);
					break;
				default:
					fail_msg("%s cut to %zu parsed",
					    pkt_names[which], cut);
				}
			}
			free(copy);
		}
		if (which == P_LSU || which == P_HELLO_EMPTY ||
		    which == P_DD_EMPTY)
			assert_int_equal(ok, 0);
	}
	buf_free(&b);
}

static void
test_bad(void **state)
{
	struct buf	 b = BUF_INIT;
	struct ospf_pkt	 pkt;
	uint16_t	 ck;

	(void)state;
	pkt_build(P_HELLO, &b);

	/* Checksum: a flipped bit anywhere but the authentication field. */
	b.data[30] ^= 0x10;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_CHECKSUM);
	b.data[30] ^= 0x10;
	b.data[13] ^= 0x01;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_CHECKSUM);
	b.data[13] ^= 0x01;
	b.data[5] ^= 0x80;		/* router ID */
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_CHECKSUM);
	b.data[5] ^= 0x80;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);

	/* Version. */
	b.data[0] = 3;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_VERSION);
	b.data[0] = 2;

	/* Type. */
	b.data[1] = 0;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_ERR_TYPE);
	b.data[1] = 6;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_ERR_TYPE);
	b.data[1] = OSPF_PKT_HELLO;

	/* Length field: longer, shorter, below the header. */
	b.data[3] += 4;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_LENGTH);
	b.data[3] -= 8;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_LENGTH);
	b.data[3] += 4;
	/* Trailing bytes after a well-formed packet. */
	buf_put_u32(&b, 0);
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_LENGTH);
	b.len -= 4;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt), OSPF_OK);

	/* A neighbour list that is not whole, checksum fixed up. */
	buf_put_u16(&b, 0);
	b.data[2] = b.len >> 8;
	b.data[3] = b.len & 0xff;
	ck = ospf_pkt_cksum(b.data, b.len);
	b.data[12] = ck >> 8;
	b.data[13] = ck & 0xff;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_LENGTH);

	/* Authentication type. */
	pkt_build(P_HELLO, &b);
	b.data[15] = 3;
	ck = ospf_pkt_cksum(b.data, b.len);
	b.data[12] = ck >> 8;
	b.data[13] = ck & 0xff;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_AUTYPE);
	buf_free(&b);
}

static void
test_lsu_bad(void **state)
{
	struct buf	 b = BUF_INIT;
	struct ospf_pkt	 pkt;
	uint16_t	 ck;
	int		 delta;
	static const int deltas[] = { 1, -1, 1000 };
	size_t		 i;

	(void)state;
	/* The count disagrees with the LSAs present. */
	for (i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++) {
		delta = deltas[i];
		pkt_build(P_LSU, &b);
		b.data[27] += delta;
		ck = ospf_pkt_cksum(b.data, b.len);
		b.data[12] = ck >> 8;
		b.data[13] = ck & 0xff;
		assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
		    OSPF_ERR_LENGTH);
	}
	/* An LSA length below the LSA header. */
	pkt_build(P_LSU, &b);
	b.data[28 + 18] = 0;
	b.data[28 + 19] = 19;
	ck = ospf_pkt_cksum(b.data, b.len);
	b.data[12] = ck >> 8;
	b.data[13] = ck & 0xff;
	assert_int_equal(ospf_pkt_parse(b.data, b.len, &pkt),
	    OSPF_ERR_LENGTH);
	buf_free(&b);
}

/* ---- LSAs ---------------------------------------------------------- */

/*
 * A router-LSA written out by hand: 192.168.1.1, ASBR clear, a stub link
 * to 192.168.1.0/24 metric 10 and a point-to-point link to 10.0.0.2 over
 * 10.0.0.1 metric 1. The checksum 0x766b was found independently by a
 * brute-force search over all values (the only pair in 1..255 that makes
 * both Fletcher sums zero).
 */
static const uint8_t rtr_lsa[48] = {
	0x00, 0x01, 0x02, 0x01,			/* age 1, options E, type 1 */
	0xc0, 0xa8, 0x01, 0x01,			/* link state ID */
	0xc0, 0xa8, 0x01, 0x01,			/* advertising router */
	0x80, 0x00, 0x00, 0x01,			/* InitialSequenceNumber */
	0x76, 0x6b, 0x00, 0x30,			/* checksum, length 48 */
	0x00, 0x00, 0x00, 0x02,			/* flags, 0, 2 links */
	0xc0, 0xa8, 0x01, 0x00, 0xff, 0xff, 0xff, 0x00,
	0x03, 0x00, 0x00, 0x0a,			/* stub, metric 10 */
	0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01,
	0x01, 0x00, 0x00, 0x01,			/* p2p, metric 1 */
};

static void
test_fletcher(void **state)
{
	uint8_t		 lsa[sizeof(rtr_lsa)];
	struct lsa	 l;
	struct lsa_hdr	 h;
	struct lsa_rtr_link link;
	struct buf	 b = BUF_INIT;
	size_t		 s;
	unsigned int	 x, y, found = 0, i, len;

	(void)state;
	assert_true(ref_fletcher_ok(rtr_lsa, sizeof(rtr_lsa)));
	assert_true(lsa_cksum_ok(rtr_lsa, sizeof(rtr_lsa)));
	assert_int_equal(lsa_cksum(rtr_lsa, sizeof(rtr_lsa)), 0x766b);
	assert_int_equal(ref_fletcher(rtr_lsa, sizeof(rtr_lsa)), 0x766b);

	/* The same search as in the comment, done again here. */
	memcpy(lsa, rtr_lsa, sizeof(lsa));
	for (x = 1; x < 256; x++)
		for (y = 1; y < 256; y++) {
			lsa[16] = x;
			lsa[17] = y;
			if (ref_fletcher_ok(lsa, sizeof(lsa))) {
				assert_int_equal(x << 8 | y, 0x766b);
				found++;
			}
		}
	assert_int_equal(found, 1);

	/* Age is outside the checksum, any other byte is not. */
	memcpy(lsa, rtr_lsa, sizeof(lsa));
	lsa[0] = 0x0e;
	lsa[1] = 0x10;
	assert_true(lsa_cksum_ok(lsa, sizeof(lsa)));
	for (i = 2; i < sizeof(lsa); i++) {
		memcpy(lsa, rtr_lsa, sizeof(lsa));
		lsa[i] ^= 0x01;
		assert_false(lsa_cksum_ok(lsa, sizeof(lsa)));
	}

	/* The builder produces the same bytes. */
	h = (struct lsa_hdr){ .age = 1, .options = OSPF_OPT_E,
	    .type = LSA_TYPE_ROUTER, .id = RID1, .adv_rtr = RID1,
	    .seq = OSPF_INITIAL_SEQ };
	s = lsa_begin(&b, &h);
	lsa_router_put(&b, 0, 2);
	link = (struct lsa_rtr_link){ 0xc0a80100, 0xffffff00, LSA_LINK_STUB,
	    0, 10 };
	lsa_rtr_link_put(&b, &link);
	link = (struct lsa_rtr_link){ 0x0a000002, 0x0a000001, LSA_LINK_P2P,
	    0, 1 };
	lsa_rtr_link_put(&b, &link);
	assert_true(lsa_finish(&b, s));
	assert_int_equal(b.len, sizeof(rtr_lsa));
	assert_memory_equal(b.data, rtr_lsa, sizeof(rtr_lsa));
	assert_int_equal(lsa_parse(rtr_lsa, sizeof(rtr_lsa), &l), OSPF_OK);
	assert_int_equal(l.hdr.cksum, 0x766b);
	assert_int_equal(l.u.router.nlinks, 2);

	/* Many sizes and contents against the reference. */
	for (len = LSA_HDR_LEN; len < 600; len += 4) {
		buf_reset(&b);
		h.seq = OSPF_INITIAL_SEQ + len;
		s = lsa_begin(&b, &h);
		for (i = LSA_HDR_LEN; i < len; i++)
			buf_put_u8(&b, (uint8_t)(i * 37 + len));
		assert_true(lsa_finish(&b, s));
		assert_true(ref_fletcher_ok(b.data, b.len));
		assert_int_equal(lsa_cksum(b.data, b.len),
		    ref_fletcher(b.data, b.len));
		assert_int_not_equal(b.data[16], 0);
		assert_int_not_equal(b.data[17], 0);
	}
	buf_free(&b);
}

static void
test_router_tos(void **state)
{
	struct buf		 b = BUF_INIT;
	struct lsa_hdr		 h = lsa_hdr_make(LSA_TYPE_ROUTER, RID1, RID1);
	struct lsa		 l;
	struct lsa_rtr_link	 link;
	struct buf_reader	 it;
	size_t			 s;

	(void)state;
	/* A link with two extra TOS entries, then a plain one. */
	s = lsa_begin(&b, &h);
	lsa_router_put(&b, LSA_RTR_V, 2);
	buf_put_u32(&b, RID2);
	buf_put_u32(&b, 0x0a000001);
	buf_put_u8(&b, LSA_LINK_P2P);
	buf_put_u8(&b, 2);
	buf_put_u16(&b, 5);
	buf_put_u32(&b, 0x02000007);		/* TOS 2, metric 7 */
	buf_put_u32(&b, 0x04000009);		/* TOS 4, metric 9 */
	link = (struct lsa_rtr_link){ 0x0a000000, 0xffffff00, LSA_LINK_STUB,
	    0, 3 };
	lsa_rtr_link_put(&b, &link);
	assert_true(lsa_finish(&b, s));
	assert_true(lsa_cksum_ok(b.data, b.len));
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_OK);
	assert_int_equal(l.u.router.flags, LSA_RTR_V);
	lsa_rtr_iter(&l.u.router, &it);
	assert_true(lsa_rtr_next(&it, &link));
	assert_int_equal(link.ntos, 2);
	assert_int_equal(link.metric, 5);
	assert_int_equal(link.id, RID2);
	assert_true(lsa_rtr_next(&it, &link));
	assert_int_equal(link.ntos, 0);
	assert_int_equal(link.type, LSA_LINK_STUB);
	assert_int_equal(link.metric, 3);
	assert_false(lsa_rtr_next(&it, &link));

	/* One link fewer than the bytes hold, or one more. */
	b.data[23] = 1;
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_ERR_LSA_LENGTH);
	b.data[23] = 3;
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_ERR_LSA_LENGTH);
	/* A TOS count past the end. */
	b.data[23] = 2;
	b.data[33] = 200;
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_ERR_LSA_LENGTH);
	buf_free(&b);
}

static void
test_lsa_bad(void **state)
{
	struct buf	 b = BUF_INIT;
	struct lsa_hdr	 h = lsa_hdr_make(LSA_TYPE_GROUP, RID1, RID1);
	struct lsa	 l;
	struct lsa_external ext = { 0, false, 1, 0, 0 };
	size_t		 s;

	(void)state;
	s = lsa_begin(&b, &h);
	buf_put_u32(&b, 0);
	assert_true(lsa_finish(&b, s));
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_ERR_LSA_TYPE);
	b.data[3] = 11;			/* opaque AS */
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_ERR_LSA_TYPE);

	/* Length field against the bytes. */
	buf_reset(&b);
	h.type = LSA_TYPE_EXTERNAL;
	s = lsa_begin(&b, &h);
	lsa_external_put(&b, &ext);
	assert_true(lsa_finish(&b, s));
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_OK);
	b.data[19]--;
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_ERR_LSA_LENGTH);
	b.data[19]++;
	/* An external TOS block that is not whole. */
	buf_put_u32(&b, 0);
	b.data[19] += 4;
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_ERR_LSA_LENGTH);
	/* A whole extra TOS block is accepted and skipped. */
	buf_put_u32(&b, 0);
	buf_put_u32(&b, 0);
	b.data[19] += 8;
	assert_int_equal(lsa_parse(b.data, b.len, &l), OSPF_OK);
	assert_int_equal(l.u.external.metric, 1);
	assert_int_equal(lsa_parse(b.data, 19, &l), OSPF_ERR_SHORT);
	buf_free(&b);
}

/* ---- 13.1 ---------------------------------------------------------- */

static void
test_compare(void **state)
{
	struct lsa_hdr	 a, b;

	(void)state;
	a = lsa_hdr_make(LSA_TYPE_ROUTER, RID1, RID1);
	a.cksum = 0x1000;
	b = a;
	assert_int_equal(lsa_compare(&a, &b), 0);

	/* Sequence numbers, signed. */
	b.seq = a.seq + 1;
	assert_true(lsa_compare(&a, &b) < 0);
	assert_true(lsa_compare(&b, &a) > 0);
	a.seq = OSPF_INITIAL_SEQ;
	b.seq = 0x00000001;
	assert_true(lsa_compare(&a, &b) < 0);
	b.seq = OSPF_MAX_SEQ;
	assert_true(lsa_compare(&a, &b) < 0);
	a.seq = 0xffffffff;			/* -1 */
	b.seq = 0;
	assert_true(lsa_compare(&a, &b) < 0);

	/* Same sequence: the greater checksum, as unsigned. */
	b = a;
	b.cksum = 0xff00;
	assert_true(lsa_compare(&a, &b) < 0);
	assert_true(lsa_compare(&b, &a) > 0);

	/* Same checksum: MaxAge wins, even against a much younger one. */
	b = a;
	b.age = OSPF_MAX_AGE;
	a.age = 0;
	assert_true(lsa_compare(&a, &b) < 0);
	assert_true(lsa_compare(&b, &a) > 0);
	a.age = OSPF_MAX_AGE;
	assert_int_equal(lsa_compare(&a, &b), 0);
	a.age = OSPF_MAX_AGE + 5;		/* counts as MaxAge */
	assert_int_equal(lsa_compare(&a, &b), 0);

	/* Neither at MaxAge: the younger, past MaxAgeDiff only. */
	a.age = 10;
	b.age = 10 + OSPF_MAX_AGE_DIFF;
	assert_int_equal(lsa_compare(&a, &b), 0);
	assert_int_equal(lsa_compare(&b, &a), 0);
	b.age++;
	assert_true(lsa_compare(&a, &b) > 0);
	assert_true(lsa_compare(&b, &a) < 0);
	a.age = OSPF_MAX_AGE - 1;
	b.age = 0;
	assert_true(lsa_compare(&a, &b) < 0);
}

static void
test_names(void **state)
{
	unsigned int	 i;

	(void)state;
	for (i = 0; i < OSPF_ERR_MAX; i++)
		assert_non_null(ospf_err_name(i));
	assert_string_equal(ospf_err_name(OSPF_ERR_CHECKSUM), "bad checksum");
	assert_string_equal(ospf_err_name(OSPF_ERR_MAX), "unknown error");
	for (i = 1; i < OSPF_PKT_MAX; i++)
		assert_string_not_equal(ospf_pkt_type_name(i), "unknown");
	assert_string_equal(ospf_pkt_type_name(0), "unknown");
	assert_string_equal(ospf_pkt_type_name(OSPF_PKT_LSU),
	    "Link State Update");
	for (i = 0; i < OSPF_AUTH_MAX; i++)
		assert_string_not_equal(ospf_autype_name(i), "unknown");
	assert_string_equal(ospf_autype_name(9), "unknown");
	for (i = 1; i < LSA_TYPE_MAX; i++)
		assert_string_not_equal(lsa_type_name(i), "unknown");
	assert_string_equal(lsa_type_name(LSA_TYPE_NSSA), "nssa-external");
	assert_string_equal(lsa_type_name(200), "unknown");
	for (i = 1; i < LSA_LINK_MAX; i++)
		assert_string_not_equal(lsa_link_type_name(i), "unknown");
	assert_string_equal(lsa_link_type_name(0), "unknown");
}

/* Valid packets as fuzz seeds, on request. */
static void
seeds_write(const char *dir)
{
	struct buf	 b = BUF_INIT;
	char		 path[4096];
	FILE		*f;
	int		 which;

	for (which = 0; which < P_MAX; which++) {
		pkt_build(which, &b);
		snprintf(path, sizeof(path), "%s/%s", dir, pkt_names[which]);
		if ((f = fopen(path, "wb")) == NULL) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			exit(1);
		}
		fwrite(b.data, 1, b.len, f);
		fclose(f);
	}
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_dd),
		cmocka_unit_test(test_lsr),
		cmocka_unit_test(test_lsack),
		cmocka_unit_test(test_lsu),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_truncations_fixed),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_lsu_bad),
		cmocka_unit_test(test_fletcher),
		cmocka_unit_test(test_router_tos),
		cmocka_unit_test(test_lsa_bad),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_names),
	};
	const char	*dir = getenv("OSPF_WRITE_SEEDS");

	if (dir != NULL)
		seeds_write(dir);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

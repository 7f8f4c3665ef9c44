/*
 * DOC: ospf: the OSPFv2 wire codec (RFC 2328 appendix A), pure: no
 * sockets, no timers, no globals. packet.c parses and builds the five
 * packet types inside the common 24-byte header; lsa.c parses and builds
 * LSAs (router, network, summary, AS-external, NSSA), computes their
 * Fletcher checksum and orders two instances of one LSA.
 *
 * Numbers. Every 32-bit identifier (router ID, area ID, Link State ID,
 * advertising router, masks, addresses) is held as a uint32_t in host byte
 * order: 224.0.0.5 is 0xe0000005. Convert with htonl() for struct in_addr.
 *
 * Receiving. ospf_pkt_parse() checks the header (version, type, length,
 * authentication type, checksum) and the fixed part of the body, and
 * checks that every list in the body fits exactly: afterwards the lists
 * (Hello neighbours, Database Description and Acknowledgment LSA headers,
 * Request entries, Update LSAs) are read with the accessors below, which
 * cannot fail. The lists point into the caller's buffer, nothing is
 * copied or allocated. An LSA from an Update is handed to lsa_parse(),
 * after lsa_cksum_ok() (RFC 2328 13 step 1: a bad LSA is dropped alone,
 * not the whole packet).
 *
 * Sending. Builders append to a struct buf: ospf_pkt_begin() writes the
 * header and returns where the packet starts, the body is appended with
 * the *_put() functions (lists one element at a time, so that a packet is
 * filled up to the MTU), ospf_pkt_finish() writes the length and the
 * checksum. LSAs are built the same way with lsa_begin() and lsa_finish(),
 * which computes the Fletcher checksum. Cryptographic authentication
 * (type 2) is parsed up to the digest, which is left to the caller.
 */
#ifndef OKAPI_OSPF_H
#define OKAPI_OSPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* RFC 2328 appendix B: architectural constants. */
#define OSPF_VERSION		2
#define OSPF_LS_REFRESH_TIME	1800	/* seconds */
#define OSPF_MIN_LS_INTERVAL	5	/* seconds */
#define OSPF_MIN_LS_ARRIVAL	1	/* seconds */
#define OSPF_MAX_AGE		3600	/* seconds */
#define OSPF_CHECK_AGE		300	/* seconds */
#define OSPF_MAX_AGE_DIFF	900	/* seconds */
#define OSPF_LS_INFINITY	0xffffffU	/* 24-bit metric */
#define OSPF_DEFAULT_DEST	0x00000000U
#define OSPF_INITIAL_SEQ	0x80000001U	/* InitialSequenceNumber */
#define OSPF_MAX_SEQ		0x7fffffffU	/* MaxSequenceNumber */

/* RFC 2328 A.1: the IP multicast groups and protocol number. */
#define OSPF_ALL_SPF_ROUTERS	0xe0000005U	/* 224.0.0.5 */
#define OSPF_ALL_D_ROUTERS	0xe0000006U	/* 224.0.0.6 */
#define OSPF_IPPROTO		89

/* RFC 2328 A.3.1: sizes. */
#define OSPF_HDR_LEN		24
#define OSPF_AUTH_LEN		8
#define OSPF_HELLO_LEN		20	/* fixed part */
#define OSPF_DD_LEN		8	/* fixed part */
#define OSPF_LSR_ENTRY_LEN	12
#define OSPF_LSU_LEN		4	/* fixed part */
#define LSA_HDR_LEN		20
#define LSA_RTR_LINK_LEN	12	/* a link without extra TOS */
#define LSA_TOS_LEN		4	/* a router-LSA TOS entry */
#define LSA_CKSUM_OFF		16	/* checksum offset in the LSA */

/* RFC 2328 A.3.1: packet types. */
enum ospf_pkt_type {
	OSPF_PKT_HELLO = 1,
	OSPF_PKT_DD,
	OSPF_PKT_LSR,
	OSPF_PKT_LSU,
	OSPF_PKT_LSACK,
	OSPF_PKT_MAX
};

/* RFC 2328 D.3: authentication types. */
enum ospf_autype {
	OSPF_AUTH_NULL = 0,
	OSPF_AUTH_SIMPLE,
	OSPF_AUTH_CRYPT,
	OSPF_AUTH_MAX
};

/* RFC 2328 A.2 and RFC 3101: the options field. */
#define OSPF_OPT_MT		0x01	/* was T: TOS routing */
#define OSPF_OPT_E		0x02	/* external routing capability */
#define OSPF_OPT_MC		0x04	/* multicast (MOSPF) */
#define OSPF_OPT_NP		0x08	/* N in Hello, P in NSSA LSAs */
#define OSPF_OPT_EA		0x10	/* external attributes */
#define OSPF_OPT_DC		0x20	/* demand circuits */
#define OSPF_OPT_O		0x40	/* opaque LSAs (RFC 5250) */

/* RFC 2328 A.3.3: Database Description flags. */
#define OSPF_DD_MS		0x01	/* master */
#define OSPF_DD_M		0x02	/* more */
#define OSPF_DD_I		0x04	/* init */

/* RFC 2328 A.4.1: LS types (and RFC 3101 for NSSA). */
enum lsa_type {
	LSA_TYPE_ROUTER = 1,
	LSA_TYPE_NETWORK,
	LSA_TYPE_SUM_NET,
	LSA_TYPE_SUM_ASBR,
	LSA_TYPE_EXTERNAL,
	LSA_TYPE_GROUP,		/* MOSPF, not parsed */
	LSA_TYPE_NSSA,
	LSA_TYPE_MAX
};

/* RFC 2328 A.4.2: router-LSA flags. */
#define LSA_RTR_B		0x01	/* area border router */
#define LSA_RTR_E		0x02	/* AS boundary router */
#define LSA_RTR_V		0x04	/* virtual link endpoint */
#define LSA_RTR_NT		0x10	/* NSSA translator (RFC 3101) */

/* RFC 2328 A.4.2: router-LSA link types. */
enum lsa_link_type {
	LSA_LINK_P2P = 1,
	LSA_LINK_TRANSIT,
	LSA_LINK_STUB,
	LSA_LINK_VIRTUAL,
	LSA_LINK_MAX
};

/* RFC 2328 A.4.5: the E bit of an AS-external or NSSA metric. */
#define LSA_EXT_E		0x80000000U
#define LSA_METRIC_MASK		0x00ffffffU

enum ospf_err {
	OSPF_OK = 0,
	OSPF_ERR_SHORT,		/* shorter than a header or fixed part */
	OSPF_ERR_VERSION,	/* not OSPFv2 */
	OSPF_ERR_TYPE,		/* unknown packet type */
	OSPF_ERR_LENGTH,	/* length field disagrees with the bytes */
	OSPF_ERR_CHECKSUM,	/* packet checksum wrong */
	OSPF_ERR_AUTYPE,	/* unknown authentication type */
	OSPF_ERR_LSA_TYPE,	/* LS type this codec does not parse */
	OSPF_ERR_LSA_LENGTH,	/* LSA length field or body inconsistent */
	OSPF_ERR_MAX
};

/* RFC 2328 A.3.1: the common header. */
struct ospf_hdr {
	uint8_t		 version;
	uint8_t		 type;		/* enum ospf_pkt_type */
	uint16_t	 len;		/* header and body, not the digest */
	uint32_t	 rtr_id;
	uint32_t	 area_id;
	uint16_t	 cksum;
	uint16_t	 autype;	/* enum ospf_autype */
	union {
		uint8_t	 simple[OSPF_AUTH_LEN];	/* OSPF_AUTH_NULL, _SIMPLE */
		struct {			/* OSPF_AUTH_CRYPT, D.3 */
			uint8_t	 key_id;
			uint8_t	 auth_len;	/* digest length */
			uint32_t seq;		/* crypto sequence number */
		} crypt;
	} auth;
};

/* RFC 2328 A.3.2. */
struct ospf_hello {
	uint32_t	 mask;
	uint16_t	 hello_interval;
	uint8_t		 options;
	uint8_t		 prio;
	uint32_t	 dead_interval;
	uint32_t	 dr;
	uint32_t	 bdr;
	const uint8_t	*nbrs;		/* parse only: nnbr router IDs */
	size_t		 nnbr;
};

/* RFC 2328 A.3.3. */
struct ospf_dd {
	uint16_t	 mtu;
	uint8_t		 options;
	uint8_t		 flags;		/* OSPF_DD_* */
	uint32_t	 seq;
	const uint8_t	*hdrs;		/* parse only: nhdr LSA headers */
	size_t		 nhdr;
};

/* RFC 2328 A.3.4: one Link State Request entry. */
struct ospf_lsr_entry {
	uint32_t	 type;
	uint32_t	 id;
	uint32_t	 adv_rtr;
};

struct ospf_lsr {
	const uint8_t	*reqs;		/* nreq entries */
	size_t		 nreq;
};

/* RFC 2328 A.3.5: nlsa LSAs, each checked to fit, back to back. */
struct ospf_lsu {
	uint32_t	 nlsa;
	const uint8_t	*lsas;
	size_t		 len;
};

/* RFC 2328 A.3.6. */
struct ospf_lsack {
	const uint8_t	*hdrs;		/* nhdr LSA headers */
	size_t		 nhdr;
};

struct ospf_pkt {
	struct ospf_hdr	 hdr;
	const uint8_t	*digest;	/* OSPF_AUTH_CRYPT: after hdr.len */
	size_t		 digest_len;
	union {
		struct ospf_hello	 hello;
		struct ospf_dd		 dd;
		struct ospf_lsr		 lsr;
		struct ospf_lsu		 lsu;
		struct ospf_lsack	 lsack;
	} u;
};

/* RFC 2328 A.4.1. */
struct lsa_hdr {
	uint16_t	 age;
	uint8_t		 options;
	uint8_t		 type;		/* enum lsa_type */
	uint32_t	 id;
	uint32_t	 adv_rtr;
	uint32_t	 seq;		/* compared as signed, see lsa_compare */
	uint16_t	 cksum;
	uint16_t	 len;
};

/* RFC 2328 A.4.2: one link, TOS 0 only. */
struct lsa_rtr_link {
	uint32_t	 id;
	uint32_t	 data;
	uint8_t		 type;		/* enum lsa_link_type */
	uint8_t		 ntos;		/* parse only: TOS entries skipped */
	uint16_t	 metric;
};

struct lsa_router {
	uint8_t		 flags;		/* LSA_RTR_* */
	uint16_t	 nlinks;
	const uint8_t	*links;		/* parse only: read with lsa_rtr_next */
	size_t		 links_len;
};

/* RFC 2328 A.4.3. */
struct lsa_network {
	uint32_t	 mask;
	const uint8_t	*rtrs;		/* parse only: nrtr router IDs */
	size_t		 nrtr;
};

/* RFC 2328 A.4.4: types 3 and 4, TOS 0 only. */
struct lsa_summary {
	uint32_t	 mask;
	uint32_t	 metric;	/* 24 bits */
};

/* RFC 2328 A.4.5 and RFC 3101: types 5 and 7, TOS 0 only. */
struct lsa_external {
	uint32_t	 mask;
	bool		 ebit;		/* type 2 external metric */
	uint32_t	 metric;	/* 24 bits */
	uint32_t	 fwd;		/* forwarding address */
	uint32_t	 tag;		/* external route tag */
};

struct lsa {
	struct lsa_hdr	 hdr;
	union {
		struct lsa_router	 router;
		struct lsa_network	 network;
		struct lsa_summary	 summary;	/* types 3 and 4 */
		struct lsa_external	 external;	/* types 5 and 7 */
	} u;
};

/* Masks and prefix lengths, host order. */
static inline uint32_t
ospf_plen_mask(uint8_t plen)
{
	return plen == 0 ? 0 : 0xffffffffU << (32 - (plen > 32 ? 32 : plen));
}

static inline uint8_t
ospf_mask_plen(uint32_t mask)
{
	uint8_t	 n = 0;

	while (n < 32 && (mask & (0x80000000U >> n)))
		n++;
	return n;
}

/* packet.c */
const char	*ospf_err_name(enum ospf_err);
const char	*ospf_pkt_type_name(unsigned int);
const char	*ospf_autype_name(unsigned int);
uint16_t	 ospf_pkt_cksum(const uint8_t *, size_t);
enum ospf_err	 ospf_hdr_parse(const uint8_t *, size_t, struct ospf_hdr *);
enum ospf_err	 ospf_pkt_parse(const uint8_t *, size_t, struct ospf_pkt *);
uint32_t	 ospf_hello_nbr(const struct ospf_hello *, size_t);
void		 ospf_dd_hdr(const struct ospf_dd *, size_t, struct lsa_hdr *);
void		 ospf_lsr_entry(const struct ospf_lsr *, size_t,
		    struct ospf_lsr_entry *);
void		 ospf_lsack_hdr(const struct ospf_lsack *, size_t,
		    struct lsa_hdr *);
void		 ospf_lsu_iter(const struct ospf_lsu *, struct buf_reader *);
bool		 ospf_lsu_next(struct buf_reader *, const uint8_t **, size_t *);
size_t		 ospf_pkt_begin(struct buf *, const struct ospf_hdr *);
bool		 ospf_pkt_finish(struct buf *, size_t);
bool		 ospf_hello_put(struct buf *, const struct ospf_hello *);
bool		 ospf_dd_put(struct buf *, const struct ospf_dd *);
bool		 ospf_lsr_entry_put(struct buf *, const struct ospf_lsr_entry *);
bool		 ospf_lsu_put(struct buf *, uint32_t);

/* lsa.c */
const char	*lsa_type_name(unsigned int);
const char	*lsa_link_type_name(unsigned int);
uint16_t	 lsa_cksum(const uint8_t *, size_t);
bool		 lsa_cksum_ok(const uint8_t *, size_t);
enum ospf_err	 lsa_hdr_parse(const uint8_t *, size_t, struct lsa_hdr *);
enum ospf_err	 lsa_parse(const uint8_t *, size_t, struct lsa *);
void		 lsa_rtr_iter(const struct lsa_router *, struct buf_reader *);
bool		 lsa_rtr_next(struct buf_reader *, struct lsa_rtr_link *);
uint32_t	 lsa_network_rtr(const struct lsa_network *, size_t);
int		 lsa_compare(const struct lsa_hdr *, const struct lsa_hdr *);
bool		 lsa_hdr_put(struct buf *, const struct lsa_hdr *);
size_t		 lsa_begin(struct buf *, const struct lsa_hdr *);
bool		 lsa_finish(struct buf *, size_t);
bool		 lsa_router_put(struct buf *, uint8_t, uint16_t);
bool		 lsa_rtr_link_put(struct buf *, const struct lsa_rtr_link *);
bool		 lsa_network_put(struct buf *, uint32_t, const uint32_t *,
		    size_t);
bool		 lsa_summary_put(struct buf *, const struct lsa_summary *);
bool		 lsa_external_put(struct buf *, const struct lsa_external *);

#endif

/*
 * DOC: ospfd, okapi's OSPFv2 daemon (RFC 2328), one event loop.
 *
 * Data flow: ribd's interface tree (ifmirror) and the configuration decide
 * which interfaces run OSPF (iface.c); each has a raw protocol 89 socket
 * (io.c) whose packets are checked and dispatched by type: Hellos to
 * hello.c (neighbours, ISM), Database Descriptions and Link State Requests
 * to nbr.c, Updates and Acknowledgments to flood.c. LSAs live in one LSDB
 * per area (lsdb.c); our own are built by origin.c. A changed LSDB asks
 * route.c for an SPF run (throttled), whose result goes to ribd as a diff.
 * vty*.c show it all on 127.0.0.1:2604 and conf.c holds the configuration.
 *
 * Identifiers are uint32_t in host byte order, as in ospf.h.
 */
#ifndef OKAPI_OSPFD_H
#define OKAPI_OSPFD_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <event2/event.h>

#include "buf.h"
#include "evloop.h"
#include "iftree.h"
#include "ism.h"
#include "keyset.h"
#include "log.h"
#include "lsdb.h"
#include "nsm.h"
#include "ospf.h"
#include "spf.h"
#include "spf_ext.h"

#ifndef TAILQ_FOREACH_SAFE	/* BSD's, absent from glibc's queue.h */
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);	\
	    (var) = (tvar))
#endif

#define OSPFD_VTY_PORT		2604
#define OSPF_DEF_HELLO		10
#define OSPF_DEF_DEAD		40
#define OSPF_DEF_RXMT		5
#define OSPF_DEF_TRANSDELAY	1
#define OSPF_DEF_PRIO		1
#define OSPF_DEF_COST		10
#define OSPF_DEF_REF_BW		100000	/* Mbit/s, FRR's auto-cost default */
#define OSPF_SPF_DELAY		0	/* ms, FRR's timers throttle spf */
#define OSPF_SPF_HOLD		50
#define OSPF_SPF_MAX_HOLD	5000
#define OSPF_ACK_DELAY_MS	1000	/* delayed acknowledgment (13.5) */
#define OSPF_MAX_PKT		65535

struct ospfd;
struct ospf_area;
struct ospf_if;
struct ospf_nbr;
struct abr_state;

/* An LSA's database key. */
struct lsa_key {
	uint8_t		 type;
	uint32_t	 id;
	uint32_t	 adv;
};


/* Why a packet was dropped: counters and rate-limited log lines. */
enum ospf_drop {
	DROP_PARSE = 0,		/* header or body malformed */
	DROP_CHECKSUM,
	DROP_VERSION,
	DROP_AREA,		/* area ID mismatch */
	DROP_MASK,		/* Hello network mask mismatch */
	DROP_HELLO,		/* Hello or dead interval mismatch */
	DROP_OPTIONS,		/* E bit mismatch */
	DROP_AUTH,
	DROP_SELF,		/* our own packet */
	DROP_NBR,		/* from no neighbour in the right state */
	DROP_DST,		/* AllDRouters while not DR/BDR, wrong addr */
	DROP_MTU,		/* DD MTU larger than ours */
	DROP_IPHDR,		/* IP header too short or inconsistent */
	DROP_LSA,		/* a bad LSA inside an Update (counted each) */
	DROP_MAX
};

struct ospf_counters {
	uint64_t	 rx[OSPF_PKT_MAX];	/* accepted, by type */
	uint64_t	 tx[OSPF_PKT_MAX];
	uint64_t	 drop[DROP_MAX];
	uint64_t	 tx_err;
};

/* Authentication (RFC 2328 D, RFC 5709): algorithms of a digest key. */
enum ospf_auth_algo {
	AUTH_MD5 = 0,
	AUTH_SHA1,
	AUTH_SHA256,
	AUTH_SHA384,
	AUTH_SHA512,
	AUTH_ALGO_MAX
};
#define OSPF_AUTH_KEYS		8
#define OSPF_AUTH_KEY_MAX	64

struct ospf_authkey {
	uint8_t		 id;
	uint8_t		 algo;		/* enum ospf_auth_algo */
	uint8_t		 len;
	char		 key[OSPF_AUTH_KEY_MAX + 1];
};

/* The configuration of one "interface NAME" stanza. -1/0: not set. */
struct ospf_ifconf {
	TAILQ_ENTRY(ospf_ifconf) entry;
	char		 name[16];
	int32_t		 cost;		/* -1: auto (reference bandwidth) */
	int32_t		 hello;		/* -1: OSPF_DEF_HELLO */
	int32_t		 dead;		/* -1: 4 x hello */
	int32_t		 rxmt;
	int32_t		 transdelay;
	int32_t		 prio;
	int32_t		 net;		/* -1: from the link; enum ism_net */
	bool		 mtu_ignore;
	int8_t		 passive;	/* -1 unset, 0 no, 1 yes */
	char		*desc;
	int8_t		 auth;		/* -1 unset, else enum ospf_autype */
	char		 auth_simple[OSPF_AUTH_LEN + 1];
	struct ospf_authkey keys[OSPF_AUTH_KEYS];	/* by id */
	unsigned	 nkeys;
};

/* A "network A.B.C.D/M area X" statement. */
struct ospf_netconf {
	TAILQ_ENTRY(ospf_netconf) entry;
	uint32_t	 addr;
	uint8_t		 plen;
	uint32_t	 area;
};

/* "passive-interface IFNAME" (or "default") under router ospf. */
struct ospf_passive {
	TAILQ_ENTRY(ospf_passive) entry;
	char		 name[16];
};

/* "redistribute <connected|static|kernel> [metric N] [metric-type 1|2]" */
enum ospf_redist_src {
	REDIST_CONNECTED = 0,
	REDIST_STATIC,
	REDIST_KERNEL,
	REDIST_MAX
};
#define OSPF_DEF_EXT_METRIC	20	/* FRR's default for redistribution */

struct ospf_redist {
	bool		 on;
	int32_t		 metric;	/* -1: OSPF_DEF_EXT_METRIC */
	uint8_t		 type;		/* 1 or 2 */
};

/* "default-information originate [always] [metric N] [metric-type 1|2]" */
struct ospf_definfo {
	bool		 on;
	bool		 always;
	int32_t		 metric;	/* -1: OSPF_DEF_EXT_METRIC */
	uint8_t		 type;		/* 1 or 2 */
};

/* Area kinds (RFC 2328 3.6, RFC 3101). */
enum ospf_area_type {
	AREA_NORMAL = 0,
	AREA_STUB,
	AREA_NSSA
};
#define OSPF_DEF_STUB_COST	1	/* FRR's "area X default-cost" */

/* RFC 3101 3.1: an NSSA border router's NSSATranslatorRole. */
enum ospf_nssa_xlate {
	NSSA_XLATE_CANDIDATE = 0,
	NSSA_XLATE_NEVER,
	NSSA_XLATE_ALWAYS
};

/* "area X range A.B.C.D/M [not-advertise] [cost N]" */
struct ospf_range {
	TAILQ_ENTRY(ospf_range) entry;
	uint32_t	 addr;
	uint8_t		 plen;
	bool		 advertise;
	int32_t		 cost;		/* -1: the largest component's */
};

/* "area X virtual-link A.B.C.D [hello-interval N] [dead-interval N]" */
struct ospf_vlconf {
	TAILQ_ENTRY(ospf_vlconf) entry;
	uint32_t	 peer;		/* the other end's router ID */
	int32_t		 hello;		/* -1: OSPF_DEF_HELLO */
	int32_t		 dead;		/* -1: 4 x hello */
};

/* The "area X ..." settings of one area; absent means all defaults. */
struct ospf_areaconf {
	TAILQ_ENTRY(ospf_areaconf) entry;
	uint32_t	 id;
	bool		 dotted;	/* written A.B.C.D, not a number */
	uint8_t		 type;		/* enum ospf_area_type */
	bool		 no_summary;
	uint8_t		 nssa_xlate;	/* enum ospf_nssa_xlate */
	int32_t		 default_cost;	/* -1: OSPF_DEF_STUB_COST */
	int8_t		 auth;		/* -1 unset, else enum ospf_autype */
	TAILQ_HEAD(, ospf_range) ranges;
	TAILQ_HEAD(, ospf_vlconf) vlinks;	/* this area as transit */
};

/*
 * "max-metric router-lsa" (RFC 6987 stub router), maxmetric.c: the
 * configuration and the on-startup window, which opens at our first
 * router-LSA and closes by itself (startup_ev).
 */
struct ospf_maxmetric {
	bool		 admin;		/* administrative */
	uint32_t	 startup;	/* on-startup seconds, 0: none */
	bool		 begun;		/* first router-LSA built */
	uint64_t	 startup_end_ms;	/* window's end, 0: none */
	struct event	*startup_ev;
};

struct ospf_conf {
	bool		 router;	/* "router ospf" exists */
	struct ospf_redist redist[REDIST_MAX];
	struct ospf_definfo definfo;
	TAILQ_HEAD(, ospf_areaconf) areas;
	uint32_t	 rtr_id_conf;	/* 0: automatic */
	uint32_t	 spf_delay, spf_hold, spf_max_hold;	/* ms */
	struct ospf_maxmetric mm;	/* max-metric router-lsa */
	bool		 log_adj, log_adj_detail;
	bool		 passive_default;
	uint32_t	 ref_bw;	/* Mbit/s */
	TAILQ_HEAD(, ospf_netconf) nets;
	TAILQ_HEAD(, ospf_passive) passives;
	TAILQ_HEAD(, ospf_ifconf) ifs;
};

struct ospf_nbr {
	TAILQ_ENTRY(ospf_nbr)	 entry;
	struct ospf_if		*oif;
	uint32_t		 rtr_id;
	uint32_t		 addr;		/* source address */
	uint8_t			 prio;
	uint8_t			 options;	/* from its Hello */
	uint32_t		 dr, bdr;	/* declared, addresses */
	struct nsm		 nsm;
	time_t			 since;		/* last state change, mono s */
	uint64_t		 state_changes;
	struct event		*inact_ev;
	struct event		*dd_ev;		/* DD retransmission */
	struct event		*lsr_ev;	/* LSR retransmission */
	struct event		*rxmt_ev;	/* LSU retransmission */
	uint64_t		 dead_at_ms;	/* inactivity expiry */

	/* Database Description exchange (10.6, 10.8). */
	struct lsa_hdr		*summary;	/* Database summary list */
	size_t			 nsummary, summary_pos;
	uint8_t			 dd_options;	/* last received */
	uint8_t			 dd_flags;
	uint32_t		 dd_seq_rcvd;
	bool			 dd_rcvd;	/* dd_* above valid */
	bool			 more_sent;	/* our last DD had M */
	struct buf		 dd_last;	/* last DD sent, for rxmt */
	uint64_t		 dd_last_ms;
	struct keyset		 req;		/* Link state request list */
	struct keyset		 rxmt;		/* Link state rxmt list */
	uint32_t		 lsr_outstanding;
	uint64_t		 rxmt_sent;	/* LSAs retransmitted */
	uint32_t		 crypt_seq;	/* highest seen (D.5) */
	bool			 crypt_seen;
};

struct ospf_if {
	TAILQ_ENTRY(ospf_if)	 entry;
	struct ospfd		*od;
	struct ospf_area	*area;
	char			 name[16];
	uint32_t		 ifindex;
	uint32_t		 addr;		/* primary address */
	uint8_t			 plen;
	uint32_t		 mask;
	uint32_t		 peer;		/* p2p peer address, 0 none */
	uint32_t		 mtu;
	bool			 up;		/* link and carrier */
	bool			 loopback;

	/* Effective parameters (conf with defaults). */
	uint32_t		 cost;
	uint16_t		 hello;
	uint32_t		 dead;
	uint16_t		 rxmt;
	uint16_t		 transdelay;
	uint8_t			 prio;
	enum ism_net		 net;
	bool			 passive;
	bool			 mtu_ignore;

	struct ism		 ism;
	int			 fd;		/* raw socket, -1: closed */
	struct event		*rd_ev;
	struct event		*hello_ev;
	struct event		*wait_ev;
	struct event		*ack_ev;	/* delayed acknowledgments */
	struct event		*flood_ev;	/* send queued LSUs */
	struct buf		 ack_q;		/* LSA headers to acknowledge */
	struct buf		 lsu_q;		/* LSAs to flood, back to back */
	uint32_t		 lsu_q_n;
	uint64_t		 hello_due_ms;
	uint64_t		 net_lsa_last_ms;	/* MinLSInterval */
	struct event		*net_lsa_ev;
	bool			 net_lsa_dr;		/* we originate one */
	TAILQ_HEAD(, ospf_nbr)	 nbrs;
	unsigned		 nnbr;
	struct ospf_counters	 cnt;
	time_t			 since;		/* up since, mono s */
	uint32_t		 crypt_seq;	/* sent, non-decreasing */

	/* A virtual link (net ISM_NET_VIRTUAL, area the backbone): its
	 * other end, its transit area, and the interface its packets leave
	 * by, all from the transit area's SPF (vlink.c). addr and peer are
	 * the two ends' addresses in the transit area. */
	uint32_t		 vl_peer;
	uint32_t		 vl_transit;
	uint32_t		 vl_ifindex;
};

struct ospf_area {
	TAILQ_ENTRY(ospf_area)	 entry;
	struct ospfd		*od;
	uint32_t		 id;
	struct lsdb		*db;
	unsigned		 nif;		/* interfaces in the area */
	uint64_t		 spf_runs;
	uint64_t		 rtr_lsa_last_ms;	/* MinLSInterval */
	struct event		*rtr_lsa_ev;
	/* LSAs at MaxAge being flushed (14): removed when acknowledged. */
	struct keyset		 maxage;
	struct spf_result	 intra;		/* 16.1 of the last SPF run */
	uint8_t			 type;		/* enum ospf_area_type */
	bool			 translator;	/* NSSA: we translate type 7 */
};

/* A route we gave ribd, kept to send only the differences. */
struct ospf_rt {
	uint32_t	 addr;
	uint8_t		 plen;
	uint32_t	 cost;
	uint8_t		 nnh;
	uint32_t	 gw[SPF_MAX_NEXTHOPS];
	uint32_t	 ifindex[SPF_MAX_NEXTHOPS];	/* 0: unknown */
	bool		 discard;	/* an active area range's blackhole */
};

struct ospfd {
	struct evloop		*loop;
	struct ospf_conf	 conf;
	uint32_t		 rtr_id;	/* in use, 0: none yet */
	struct xrl_router	*r;
	struct xrl_target	*t;
	struct vty_server	*vs;
	struct ifmirror		*mirror;
	bool			 check;		/* -n */
	time_t			 started;	/* mono s */

	TAILQ_HEAD(, ospf_area)	 areas;
	TAILQ_HEAD(, ospf_if)	 ifs;
	struct event		*tick_ev;	/* 1 s: aging, refresh */
	struct event		*reconf_ev;	/* iface_reconfigure() soon */

	/* SPF throttling (timers throttle spf). */
	struct event		*spf_ev;
	uint64_t		 spf_last_ms;	/* start of the last run */
	uint32_t		 spf_cur_hold;	/* ms */
	uint64_t		 spf_runs;
	uint32_t		 spf_last_us;	/* duration of the last run */
	struct event		*ext_ev;	/* AS-external changes only */
	struct spf_result	 spf;		/* last result: every path type */
	struct spf_ext_attrs	 spf_attrs;	/* parallel to spf.routes */

	/* Routes in ribd, sorted by (addr, plen). */
	struct ospf_rt		*rt;
	size_t			 nrt;
	bool			 rib_ready;	/* add_igp_table4 done */
	bool			 rib_table_pending;
	uint64_t		 rib_adds, rib_dels, rib_errs;

	bool			 abr;		/* ospf_is_abr() at the last SPF */
	struct abr_state	*abr_state;	/* abr.c's wanted LSAs */
	struct keyset		 ext;		/* redistributed prefixes */
	bool			 redist_sent[REDIST_MAX];	/* enabled in ribd */
	uint32_t		 def_srcs;	/* sources with a default route */
	struct ospf_counters	 cnt;		/* all interfaces */
	struct log_limit	 drop_log;	/* lines about dropped packets */
	uint32_t		 dd_seq_base;
	uint64_t		 lsa_originated, lsa_received;
	struct buf		 txbuf;
	struct buf		 sigbuf;	/* a packet and its digest */
	uint8_t			 rxbuf[OSPF_MAX_PKT + 1];
};

static inline uint64_t
ospf_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static inline time_t
ospf_now(void)
{
	return (time_t)(ospf_now_ms() / 1000);
}


/* io.c: sockets, receive checks and dispatch, send. */
int		 io_open(struct ospf_if *);
void		 io_close(struct ospf_if *);
void		 io_drop(struct ospf_if *, enum ospf_drop, uint32_t src,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Begin a packet of type in od->txbuf; returns the start offset. */
size_t		 io_begin(struct ospf_if *, enum ospf_pkt_type);
int		 io_send(struct ospf_if *, size_t start, uint32_t dst);
const char	*io_drop_name(unsigned);

/* iface.c: which interfaces run OSPF, their ISM. */
void		 iface_mirror_op(const struct ift_op *, void *);
void		 iface_reconfigure(struct ospfd *);	/* conf changed */
void		 iface_fini(struct ospfd *);
struct ospf_if	*iface_find(const struct ospfd *, const char *);
struct ospf_if	*iface_find_addr(const struct ospfd *, uint32_t);
struct ospf_area *area_get(struct ospfd *, uint32_t, bool create);
void		 iface_nbr_change(struct ospf_if *);
uint32_t	 ospf_rtr_id_auto(const struct ospfd *);
void		 ospf_rtr_id_update(struct ospfd *);

/* iface.c: virtual links' interfaces (vlink.c decides when). */
struct ospf_if	*iface_virtual_new(struct ospfd *, uint32_t transit,
		    uint32_t peer);
void		 iface_virtual_free(struct ospf_if *);
void		 iface_virtual_up(struct ospf_if *);
void		 iface_virtual_down(struct ospf_if *);

/* vlink.c: virtual links (RFC 2328 15, 16.3). */
void		 vlink_update(struct ospfd *);	/* after each SPF run */
/* The virtual link a backbone packet from rtr_id on oif belongs to. */
struct ospf_if	*vlink_for(const struct ospfd *, const struct ospf_if *,
		    uint32_t rtr_id);
bool		 vlink_through(const struct ospf_area *);	/* V bit */
/* The backbone's next hops over virtual links, made real (16.3). */
void		 vlink_nexthops(struct ospfd *, struct spf_result *);
int		 io_fd(const struct ospf_if *);

/* hello.c */
void		 hello_send(struct ospf_if *);
void		 hello_recv(struct ospf_if *, const struct ospf_pkt *,
		    uint32_t src, uint32_t dst);

/* nbr.c: neighbours, the DD exchange and LS requests. */
struct ospf_nbr	*nbr_new(struct ospf_if *, uint32_t rtr_id, uint32_t addr);
void		 nbr_free(struct ospf_nbr *);
struct ospf_nbr	*nbr_find(const struct ospf_if *, uint32_t rtr_id);
struct ospf_nbr	*nbr_find_addr(const struct ospf_if *, uint32_t addr);
void		 nbr_event(struct ospf_nbr *, enum nsm_event);
void		 dd_recv(struct ospf_nbr *, const struct ospf_pkt *);
void		 lsr_recv(struct ospf_nbr *, const struct ospf_pkt *);
void		 lsr_send(struct ospf_nbr *);
void		 lsr_satisfied(struct ospf_nbr *, const struct lsa_hdr *);
const char	*nbr_role(const struct ospf_nbr *);	/* DR, Backup... */
uint32_t	 nbr_dst(const struct ospf_nbr *);	/* unicast or not */
bool		 nbr_exchanging(const struct ospf_area *);	/* 13 (4) */
/* Packet room after the IP header, at most the interface MTU. */
size_t		 ospf_if_room(const struct ospf_if *);

/* flood.c: Updates, Acknowledgments, retransmission, aging. */
void		 lsu_recv(struct ospf_nbr *, const struct ospf_pkt *);
void		 lsack_recv(struct ospf_nbr *, const struct ospf_pkt *);
/* Flood an installed LSA (13.3); from is where it came from or NULL. */
bool		 flood_lsa(struct ospf_area *, const struct lsdb_entry *,
		    struct ospf_nbr *from);
/* Building Link State Updates in od->txbuf, split at the MTU. */
struct lsu_tx {
	struct ospf_if	*oif;
	uint32_t	 dst;
	size_t		 start;
	uint32_t	 n;
};
void		 lsu_tx_begin(struct lsu_tx *, struct ospf_if *, uint32_t);
void		 lsu_tx_add(struct lsu_tx *, const uint8_t *, size_t,
		    uint16_t age);
void		 lsu_tx_end(struct lsu_tx *);
void		 ack_direct(struct ospf_nbr *, const uint8_t *hdr);
void		 ack_delayed(struct ospf_if *, const uint8_t *hdr);
void		 flood_flush(struct ospf_if *);
void		 rxmt_arm(struct ospf_nbr *);
void		 flood_rxmt_timer(evutil_socket_t, short, void *);
void		 ack_flush(struct ospf_if *);
void		 aging_tick(struct ospfd *);
void		 maxage_check(struct ospf_area *);

/* origin.c: our router-LSA and network-LSAs (12.4). */
void		 origin_rtr_lsa(struct ospf_area *);	/* schedule */
void		 origin_net_lsa(struct ospf_if *);	/* schedule */
/* An LSA of ours arrived or was found (13.4); true: handled. */
void		 origin_self(struct ospf_area *, struct lsdb_entry *);
void		 origin_refresh(struct ospf_area *, struct lsdb_entry *);
/* Install bytes as ours and flood them. */
void		 origin_install(struct ospf_area *, struct buf *, size_t start);
/* The next sequence number for one of ours, or 0 at the wrap (flushed). */
uint32_t	 origin_seq(struct ospf_area *, uint8_t type, uint32_t id);
/* Install b's LSA (header h) if forced, new or changed. */
void		 origin_update(struct ospf_area *, const struct lsa_hdr *,
		    struct buf *, size_t start, bool force);
void		 origin_flush(struct ospf_area *, struct lsdb_entry *);
void		 origin_flush_all(struct ospfd *);

/* route.c: SPF scheduling and the routes in ribd. */
void		 spf_schedule(struct ospfd *);
void		 spf_schedule_ext(struct ospfd *);
void		 route_rib_ready(struct ospfd *);	/* ribd (re)born */
void		 route_fini(struct ospfd *);

/* xrl.c */
int		 ospfd_xrl_init(struct ospfd *);

/* conf.c: configuration commands and the writer. */
int		 conf_vty_install(struct ospfd *);
void		 conf_init(struct ospf_conf *);
void		 conf_fini(struct ospf_conf *);
const struct ospf_ifconf *conf_if(const struct ospf_conf *, const char *);
bool		 conf_passive(const struct ospf_conf *, const char *);
/* The area of the longest network statement covering addr, or false. */
bool		 conf_net_match(const struct ospf_conf *, uint32_t addr,
		    uint8_t plen, uint32_t *area);

/* auth.c: per-interface authentication (RFC 2328 D, RFC 5709). */
int		 auth_vty_install(struct ospfd *, int if_node);
void		 auth_conf_write(struct buf *, const struct ospf_ifconf *);
void		 auth_hdr(struct ospf_if *, struct ospf_hdr *);
/* The bytes to send: the packet, or a signed copy in od->sigbuf. */
const uint8_t	*auth_sign(struct ospf_if *, const uint8_t *, size_t,
		    size_t *outlen);
bool		 auth_check(struct ospf_if *, const uint8_t *, size_t,
		    const struct ospf_pkt *, uint32_t src);
const char	*auth_type_name(const struct ospf_if *);

/* redist.c: routes from ribd (redist4/0.1) as AS-external LSAs. */
int		 redist_xrl_init(struct ospfd *);
void		 redist_apply(struct ospfd *);	/* configuration changed */
void		 redist_rib_ready(struct ospfd *);	/* ribd (re)born */
bool		 redist_self(struct ospf_area *, struct lsdb_entry *);
bool		 redist_asbr(const struct ospfd *);
bool		 redist_owns(const struct ospfd *, uint32_t id);
void		 redist_lsa_put(struct ospf_area *, uint8_t type, uint32_t id,
		    const struct lsa_external *, bool force);
void		 redist_lsa_flush(struct ospfd *, uint8_t type, uint32_t id);
const char	*redist_src_name(unsigned);
void		 redist_fini(struct ospfd *);

/* area.c: "area X ..." commands, and what an area's kind allows. */
int		 area_vty_install(struct ospfd *, int router_node);
void		 area_conf_write(struct buf *, const struct ospf_conf *);
void		 area_conf_clear(struct ospf_conf *);
const struct ospf_areaconf *area_conf(const struct ospf_conf *, uint32_t);
enum ospf_area_type area_conf_type(const struct ospf_conf *, uint32_t);
uint8_t		 area_options(const struct ospf_area *);	/* E, N/P */
bool		 area_lsa_ok(const struct ospf_area *, uint8_t type);
const char	*area_type_name(const struct ospf_area *);
/* Copy a type-5 LSA installed in one area into every other normal area
 * (its flooding scope is the AS) and flood it there. */
void		 area_as_copy(struct ospfd *, const struct ospf_area *from,
		    const uint8_t *, size_t);
void		 area_as_import(struct ospf_area *);	/* a new area */
bool		 ospf_is_abr(const struct ospfd *);

/* abr.c: summary-LSAs (12.4.3) and NSSA translation (RFC 3101 3.2). */
void		 abr_originate(struct ospfd *);	/* after each SPF run */
bool		 abr_self(struct ospf_area *, struct lsdb_entry *);
bool		 abr_translating(const struct ospfd *);
/* Discard routes for our active ranges, into out (room for max). */
size_t		 abr_discards(struct ospfd *, struct ospf_rt *out, size_t max);
size_t		 abr_nranges(const struct ospfd *);
void		 abr_fini(struct ospfd *);

/* stats.c: show ip ospf statistics. */
int		 stats_vty_install(struct ospfd *);

/* maxmetric.c: "max-metric router-lsa", RFC 6987 stub router. */
int		 maxmetric_vty_install(struct ospfd *, int router_node);
/* A router-LSA link's metric: MaxLinkMetric while active, but stubs. */
uint16_t	 maxmetric_link(struct ospfd *, uint8_t type, uint32_t metric);
bool		 maxmetric_active(const struct ospfd *);
void		 maxmetric_conf_write(struct buf *,
		    const struct ospf_maxmetric *);
void		 maxmetric_conf_clear(struct ospf_maxmetric *);
struct vty;
struct json_object;
void		 maxmetric_show(struct vty *, const struct ospfd *,
		    struct json_object *);
void		 maxmetric_show_area(struct vty *, const struct ospfd *,
		    struct json_object *);

/* reset.c: "clear ip ospf <process|interface [IFNAME]|neighbor [ID]>". */
int		 reset_vty_install(struct ospfd *);

/* vty.c: the show commands. */
int		 ospfd_vty_install(struct ospfd *);

/* vty/conf additions */
/* conf.c: interface names in FRRouting's order (eth2 before eth10). */
int		 conf_ifname_cmp(const char *, const char *);

#endif

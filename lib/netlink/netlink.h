/*
 * DOC: the Linux kernel side of ribd: rtnetlink through libmnl.
 *
 * Three objects, each owning one NETLINK_ROUTE socket, each made with the
 * daemon's event_base (or NULL for the synchronous calls only, in tools and
 * tests):
 *
 * - struct nl_fib programs routes of the main (or any) table. The caller
 *   queues changes with nl_fib_install() / nl_fib_remove(); they are packed
 *   into batches of many netlink messages (NLM_F_ACK on every one, one
 *   sendmsg per batch of nl_fib_set_batch() bytes, 64 KB by default, about
 *   1,250 IPv4 routes and 3 ms of kernel time) and sent from the event loop
 *   in passes that stop after 5 ms, so a big change never stalls the loop. An install is RTM_NEWROUTE with
 *   NLM_F_CREATE|NLM_F_REPLACE: a change of next hops is one replace, never
 *   a delete and an add. The kernel handles a whole batch inside sendmsg(),
 *   so every ack is queued by the time it returns; acks are matched to their
 *   requests by sequence number and the outcome of every single route goes
 *   to the result callback ("failed to install 10.0.0.0/24: No such
 *   process"). An ack the kernel could not queue is reported as ENOBUFS:
 *   the outcome is unknown and the daemon should resync that route.
 *
 * - struct nl_dump dumps links, addresses and routes. Every object goes to
 *   the nl_events callbacks as NL_EV_DUMP, and each kind ends with
 *   dump_done(kind, error). A dump the kernel marks inconsistent
 *   (NLM_F_DUMP_INTR) is restarted up to three times, so a kind may deliver
 *   an object twice; dump_done then reports 0, or EINTR if it stayed
 *   inconsistent. Dumps are asynchronous (nl_dump_start) or blocking
 *   (nl_dump_sync, nl_dump_routes).
 *
 * - struct nl_monitor joins RTNLGRP_LINK, RTNLGRP_IPV{4,6}_IFADDR and
 *   RTNLGRP_IPV{4,6}_ROUTE and hands every change to the same callbacks as
 *   NL_EV_NEW / NL_EV_DEL, reading all that is queued at each wakeup. Its
 *   receive buffer is 32 MB (SO_RCVBUFFORCE, else SO_RCVBUF up to rmem_max).
 *   If it overflows anyway (ENOBUFS) events were lost: the monitor calls
 *   resync() and starts NL_DUMP_ALL on its nl_dump.
 *
 * Reconciliation is mark and sweep in the daemon: on resync() (or at start)
 * mark every kernel object stale; each NL_EV_DUMP object clears its mark
 * and is compared with what the RIB wants (nl_route_same_key,
 * nl_route_same_content); at dump_done(NL_DUMP_ROUTES, 0) remove stale
 * routes of our protocols and reinstall wanted routes the kernel lacks.
 * At start-up nl_dump_routes() lists, and nl_fib_flush_protocols() removes,
 * the routes a previous instance left behind.
 *
 * Parsing one message (nlmsghdr bytes to a struct) and building one route
 * message are pure functions with bounds checks on every length, fuzzed by
 * tests/fuzz/fuzz_netlink.c. Routes use the rtnetlink constants of
 * <linux/rtnetlink.h>: RTPROT_STATIC (4), RTPROT_ZEBRA (11), RTPROT_BGP
 * (186), RTPROT_ISIS (187), RTPROT_OSPF (188), RTPROT_RIP (189); RTN_UNICAST,
 * RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT; RT_TABLE_MAIN.
 *
 * Use in a daemon (error checks left out):
 *
 *	struct nl_events evs = { .link = if_change, .ifaddr = addr_change,
 *	    .route = kroute_change, .resync = kernel_mark_stale,
 *	    .dump_done = kernel_sweep, .arg = ribd, .table = RT_TABLE_MAIN };
 *	dump = nl_dump_new(base, &evs);
 *	mon = nl_monitor_new(base, dump, &evs);
 *	fib = nl_fib_new(base, fib_result, ribd);
 *	nl_protoset_add(&ours, RTPROT_OSPF);
 *	nl_fib_flush_protocols(fib, dump, &ours, RT_TABLE_MAIN);  (or adopt
 *	    them: nl_dump_routes(dump, &ours, RT_TABLE_MAIN, adopt, ribd))
 *	nl_dump_start(dump, NL_DUMP_ALL);
 *	...
 *	nl_fib_install(fib, &rt);	(any number, any time; results follow)
 *	...
 *	nl_fib_flush_sync(fib);		(at exit: nl_fib_del drops the queue)
 *
 *	static void
 *	fib_result(void *arg, const struct nl_fib_result *r)
 *	{
 *		if (r->error)
 *			log_warnx("kernel: failed to %s %s: %s%s%s",
 *			    nl_fib_op_name(r->op), nl_prefix_print(r->family,
 *			    &r->dst, buf, sizeof(buf)), strerror(r->error),
 *			    r->msg ? ": " : "", r->msg ? r->msg : "");
 *	}
 *
 * Callbacks must not delete the object that calls them, nor start a
 * blocking call on it. The pure functions need no particular alignment;
 * nl_route_build() wants a 4-byte aligned buffer.
 */
#ifndef OKAPI_NETLINK_H
#define OKAPI_NETLINK_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/rtnetlink.h>

#include "addr.h"

struct event_base;
struct nl_dump;
struct nl_fib;
struct nl_monitor;

#define NL_NEXTHOP_MAX		16
#define NL_KIND_LEN		16
#define NL_ROUTE_STRLEN		1024	/* enough for nl_route_print of 16 hops */

/* What a message or callback reports. */
enum nl_event {
	NL_EV_NEW,		/* added or changed */
	NL_EV_DEL,		/* removed */
	NL_EV_DUMP,		/* present, seen by a dump */
	NL_EV_MAX
};

/* What nl_fib does with a route. */
enum nl_fib_op {
	NL_FIB_INSTALL,		/* RTM_NEWROUTE, NLM_F_CREATE|NLM_F_REPLACE */
	NL_FIB_REMOVE,		/* RTM_DELROUTE */
	NL_FIB_OP_MAX
};

/* Dump kinds, a bit mask. */
#define NL_DUMP_LINKS		0x01
#define NL_DUMP_ADDRS		0x02
#define NL_DUMP_ROUTES		0x04
#define NL_DUMP_ALL		(NL_DUMP_LINKS | NL_DUMP_ADDRS | NL_DUMP_ROUTES)

/* What parsers return. */
#define NL_PARSE_OK		0
#define NL_PARSE_SKIP		1	/* well formed, not for us */
#define NL_PARSE_BAD		(-1)	/* malformed */

union nl_inaddr {
	struct in_addr		 v4;
	struct in6_addr		 v6;
};

/* A route's destination, host bits clear; which member is the route's family. */
union nl_prefix {
	struct prefix4		 v4;
	struct prefix6		 v6;
};

struct nl_nexthop {
	uint8_t			 gw_family;	/* 0 (none), AF_INET, AF_INET6 */
	union nl_inaddr		 gw;
	uint32_t		 ifindex;	/* 0: the kernel resolves gw */
	uint16_t		 weight;	/* 1..256; 0 means 1 */
	uint8_t			 flags;		/* RTNH_F_ONLINK to install;
						   RTNH_F_DEAD, _LINKDOWN seen */
};

/*
 * A route. To install: family, dst, protocol, next hops (unicast) or type
 * RTN_BLACKHOLE/UNREACHABLE/PROHIBIT with none, optional metric; table 0
 * means RT_TABLE_MAIN, scope 0 is computed (link for routes without
 * gateways, universe otherwise). To remove: family, dst, protocol, table
 * and metric (without a metric, the first route of that protocol and
 * prefix); next hops are ignored, so a multipath route goes whole.
 */
struct nl_route {
	uint8_t			 family;	/* AF_INET or AF_INET6 */
	union nl_prefix		 dst;
	uint8_t			 protocol;	/* RTPROT_* */
	uint8_t			 type;		/* RTN_*; 0 means RTN_UNICAST */
	uint8_t			 scope;		/* RT_SCOPE_* */
	uint8_t			 tos;
	uint32_t		 table;
	bool			 has_metric;
	uint32_t		 metric;	/* RTA_PRIORITY */
	bool			 has_prefsrc;
	union nl_inaddr		 prefsrc;
	uint32_t		 flags;		/* rtm_flags, as reported */
	uint32_t		 nhid;		/* RTA_NH_ID, as reported */
	bool			 nh_truncated;	/* kernel had > NL_NEXTHOP_MAX */
	uint8_t			 nnh;
	struct nl_nexthop	 nh[NL_NEXTHOP_MAX];
};

struct nl_link {
	uint32_t		 ifindex;
	char			 name[IFNAMSIZ];
	uint32_t		 flags;		/* IFF_UP, IFF_RUNNING,
						   IFF_LOWER_UP (0x10000) ... */
	uint32_t		 mtu;
	uint16_t		 type;		/* ARPHRD_* */
	uint8_t			 operstate;	/* IF_OPER_* */
	bool			 has_mac;
	struct mac		 mac;
	uint32_t		 master;	/* bridge or VRF, or 0 */
	char			 kind[NL_KIND_LEN];	/* "veth", "bridge", or "" */
};

/* An interface address; addr keeps its host bits. */
struct nl_ifaddr {
	uint32_t		 ifindex;
	uint8_t			 family;
	uint8_t			 prefixlen;
	uint8_t			 scope;		/* RT_SCOPE_* */
	uint32_t		 flags;		/* IFA_F_* */
	union nl_inaddr		 addr;
	bool			 has_peer;	/* point-to-point */
	union nl_inaddr		 peer;
	bool			 has_broadcast;
	union nl_inaddr		 broadcast;
	char			 label[IFNAMSIZ];
};

/* A set of route protocols (rtm_protocol values). */
struct nl_protoset {
	uint64_t		 bits[4];
};

static inline void
nl_protoset_add(struct nl_protoset *s, uint8_t proto)
{
	s->bits[proto >> 6] |= (uint64_t)1 << (proto & 63);
}

static inline bool
nl_protoset_has(const struct nl_protoset *s, uint8_t proto)
{
	return (s->bits[proto >> 6] >> (proto & 63)) & 1;
}

/*
 * Callbacks of nl_dump and nl_monitor; any may be NULL. Routes of other
 * tables than `table` are not delivered (0: every table).
 */
struct nl_events {
	void	(*link)(void *, enum nl_event, const struct nl_link *);
	void	(*ifaddr)(void *, enum nl_event, const struct nl_ifaddr *);
	void	(*route)(void *, enum nl_event, const struct nl_route *);
	void	(*resync)(void *);	/* events lost; NL_DUMP_ALL follows */
	void	(*dump_done)(void *, unsigned int kind, int error);
	void	*arg;
	uint32_t table;
};

/* The outcome of one queued route change. */
struct nl_fib_result {
	enum nl_fib_op		 op;
	uint8_t			 family;
	union nl_prefix		 dst;
	uint8_t			 protocol;
	uint32_t		 table;
	bool			 has_metric;
	uint32_t		 metric;
	int			 error;		/* 0 or an errno value */
	const char		*msg;		/* kernel's extended ack, or NULL */
};

typedef void nl_fib_result_cb(void *, const struct nl_fib_result *);

struct nl_fib_stats {
	uint64_t		 queued;	/* requests queued */
	uint64_t		 batches;	/* sendmsg calls */
	uint64_t		 acked;		/* acks matched */
	uint64_t		 errors;	/* acks carrying an error */
	uint64_t		 lost;		/* acks lost (ENOBUFS) */
	uint64_t		 passes;	/* event loop passes */
};

struct nl_monitor_stats {
	uint64_t		 msgs;
	uint64_t		 bad;		/* malformed, dropped */
	uint64_t		 overruns;	/* ENOBUFS: resyncs started */
};

/* nlmsg.c */
const char	*nl_event_name(enum nl_event);
const char	*nl_fib_op_name(enum nl_fib_op);

/* route.c: pure */
int	 nl_route_parse(const void *, size_t, struct nl_route *,
	    enum nl_event *);
int	 nl_route_build(void *, size_t, enum nl_fib_op, const struct nl_route *,
	    uint32_t seq, size_t *);
bool	 nl_route_same_key(const struct nl_route *want,
	    const struct nl_route *kern);
bool	 nl_route_same_content(const struct nl_route *want,
	    const struct nl_route *kern);
char	*nl_prefix_print(uint8_t family, const union nl_prefix *, char *,
	    size_t);
char	*nl_route_print(const struct nl_route *, char *, size_t);

/* link.c: pure */
int	 nl_link_parse(const void *, size_t, struct nl_link *, enum nl_event *);
int	 nl_ifaddr_parse(const void *, size_t, struct nl_ifaddr *,
	    enum nl_event *);

/* fib.c */
struct nl_fib	*nl_fib_new(struct event_base *, nl_fib_result_cb *, void *);
void		 nl_fib_del(struct nl_fib *);
int		 nl_fib_install(struct nl_fib *, const struct nl_route *);
int		 nl_fib_remove(struct nl_fib *, const struct nl_route *);
size_t		 nl_fib_pending(const struct nl_fib *);
int		 nl_fib_flush_sync(struct nl_fib *);
int		 nl_fib_set_batch(struct nl_fib *, size_t);
const struct nl_fib_stats *nl_fib_stats(const struct nl_fib *);
long		 nl_fib_flush_protocols(struct nl_fib *, struct nl_dump *,
		    const struct nl_protoset *, uint32_t table);

/* dump.c */
struct nl_dump	*nl_dump_new(struct event_base *, const struct nl_events *);
void		 nl_dump_del(struct nl_dump *);
int		 nl_dump_start(struct nl_dump *, unsigned int kinds);
int		 nl_dump_sync(struct nl_dump *, unsigned int kinds);
bool		 nl_dump_busy(const struct nl_dump *);
long		 nl_dump_routes(struct nl_dump *, const struct nl_protoset *,
		    uint32_t table,
		    void (*)(void *, const struct nl_route *), void *);

/* monitor.c */
struct nl_monitor *nl_monitor_new(struct event_base *, struct nl_dump *,
		    const struct nl_events *);
void		 nl_monitor_del(struct nl_monitor *);
int		 nl_monitor_set_rcvbuf(struct nl_monitor *, int);
const struct nl_monitor_stats *nl_monitor_stats(const struct nl_monitor *);

#endif

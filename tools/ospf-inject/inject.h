/*
 * DOC: ospf-inject: an OSPFv2 speaker that forms one point-to-point
 * adjacency with a router under test and floods a synthetic area into it
 * (lib/ospfsynth), timing how long the router takes to put the routes in
 * its kernel.
 *
 * The injector is one router of the synthetic area (its root): its
 * router-LSA holds the root's links plus a point-to-point link to the
 * router under test, whose router ID it learns from the first Hello.
 * Data flows: sock.c reads an IP packet, nbr.c handles Hello and Database
 * Description (the neighbour state machine, RFC 2328 10.3, with an empty
 * database: nothing is described, so the adjacency is Full quickly),
 * flood.c handles Link State Request, Update and Acknowledgment. At Full,
 * flood.c sends every LSA of the area in Link State Updates filled to the
 * MTU, paced, and retransmits what is not acknowledged. kroute.c counts
 * the routes of one protocol in the kernel of the router's namespace
 * (netlink, opened inside that namespace) and notes when the count
 * reaches the number of prefixes the area holds.
 *
 * Nothing is refreshed and nothing ages: a run lasts seconds.
 */
#ifndef OKAPI_INJECT_H
#define OKAPI_INJECT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ospf.h"
#include "synth.h"

#define INJ_IP_HDR_LEN		20
#define INJ_MAX_PKT		65535

/* RFC 2328 10.1: neighbour states, as bit flags for the table. Only those
 * a point-to-point neighbour of an empty database passes through. */
enum nbr_state {
	NBR_STA_DOWN = 0x01,
	NBR_STA_INIT = 0x02,
	NBR_STA_EXSTART = 0x04,
	NBR_STA_EXCHANGE = 0x08,
	NBR_STA_FULL = 0x10,
};
#define NBR_STA_ANY	0x1f
#define NBR_STA_ADJ	(NBR_STA_EXSTART | NBR_STA_EXCHANGE | NBR_STA_FULL)

/* RFC 2328 10.2: the events we raise. */
enum nbr_evt {
	NBR_EVT_HELLO_RCVD = 0,
	NBR_EVT_2WAY_RCVD,
	NBR_EVT_1WAY_RCVD,
	NBR_EVT_NEG_DONE,
	NBR_EVT_EXCH_DONE,
	NBR_EVT_SEQ_MISMATCH,
	NBR_EVT_INACTIVITY,
	NBR_EVT_MAX
};

struct nbr {
	enum nbr_state	 state;
	uint32_t	 rid;		/* 0 until the first Hello */
	uint32_t	 addr;
	bool		 master;	/* we are the master */
	uint32_t	 dd_seq;
	struct buf	 last_dd;	/* our last DD packet, to resend */
	double		 dead_at;	/* inactivity timer */
	double		 dd_rxmt_at;	/* 0: no DD retransmission */
};

/* An index of our LSAs by (type, LS ID, advertising router). */
struct lsa_index {
	uint32_t	*slot;		/* LSA number + 1, 0 empty */
	size_t		 mask;
};

struct kroute;

struct inject {
	/* configuration */
	char		 ifname[IF_NAMESIZE];
	unsigned int	 ifindex;
	uint32_t	 addr, mask;	/* our address on the link */
	uint16_t	 mtu;
	uint32_t	 area_id;
	uint32_t	 rid;
	uint16_t	 hello, dead, rxmt;
	uint16_t	 cost;		/* our link to the router under test */
	unsigned int	 burst;		/* LSU packets per pace tick */
	double		 pace;		/* seconds between ticks */
	bool		 verbose;

	/* the area: LSA 0 is ours (the root's), built at Full */
	struct synth_area area;
	struct synth_lsas lsas;
	struct buf	 root_lsa;
	struct lsa_index index;
	uint8_t		*acked;		/* per LSA */
	size_t		 nacked;
	size_t		 cursor;	/* next LSA of this flooding pass */
	bool		 flooding;	/* a pass is under way */
	double		 tick_at;	/* its next burst */
	double		 rxmt_at;	/* next retransmission pass, 0 none */
	uint64_t	 nlsu, nrxmt, nack_rcvd, nlsr_rcvd;

	/* the wire */
	int		 fd;
	struct buf	 out;
	struct nbr	 nbr;
	double		 hello_at;

	/* what is reported, CLOCK_MONOTONIC seconds; 0 until it happens */
	double		 t_start, t_full, t_flood, t_sent, t_acked, t_routes;
	struct kroute	*kr;
	size_t		 want_routes;
};

/* main.c */
double		 inj_now(void);
void		 inj_log(const struct inject *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* sock.c */
int		 sock_iface(struct inject *);
int		 sock_open(struct inject *);
bool		 sock_send(struct inject *, const uint8_t *, size_t);
void		 sock_recv(struct inject *);
size_t		 pkt_begin(struct inject *, enum ospf_pkt_type);
bool		 pkt_send(struct inject *, size_t);

/* nbr.c */
extern const char *const nbr_evt_names[NBR_EVT_MAX];
const char	*nbr_state_name(enum nbr_state);
void		 nbr_fsm(struct inject *, enum nbr_evt);
void		 hello_send(struct inject *);
void		 hello_recv(struct inject *, uint32_t, const struct ospf_pkt *);
void		 dd_recv(struct inject *, const struct ospf_pkt *);
void		 nbr_timers(struct inject *, double);

/* flood.c */
int		 flood_init(struct inject *);
int		 flood_root_lsa(struct inject *);
void		 flood_start(struct inject *);
void		 flood_stop(struct inject *);
void		 flood_tick(struct inject *, double);
double		 flood_next(const struct inject *);
bool		 flood_lsr_recv(struct inject *, const struct ospf_pkt *);
void		 flood_lsu_recv(struct inject *, const struct ospf_pkt *);
void		 flood_ack_recv(struct inject *, const struct ospf_pkt *);

/* kroute.c */
struct kroute	*kroute_open(const char *, int, char *, size_t);
void		 kroute_close(struct kroute *);
int		 kroute_fd(const struct kroute *);
void		 kroute_events(struct kroute *, double);
bool		 kroute_due(const struct kroute *, double);
size_t		 kroute_count(struct kroute *, double);
double		 kroute_last_change(const struct kroute *);
int		 kroute_proto(const char *);

#endif

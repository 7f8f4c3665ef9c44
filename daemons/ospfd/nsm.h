/*
 * DOC: nsm: the OSPFv2 neighbour state machine (RFC 2328 10.3), pure: no
 * sockets, no timers, no globals. The daemon owns a struct nsm per
 * neighbour and a struct nsm_cb of callbacks through which the actions
 * ask for side effects: arm the Inactivity Timer, send a Hello or Database
 * Description packets, fill or clear the neighbour's lists, and decide
 * whether an adjacency should be formed (10.4, nsm_adj_wanted() holds that
 * rule). Every event goes through nsm_event(), which looks the (state,
 * event) pair up in one table, runs the action, then logs and counts the
 * change and tells the daemon when bidirectional communication or a full
 * adjacency came or went. A pair without a row is logged and ignored.
 */
#ifndef OKAPI_OSPF_NSM_H
#define OKAPI_OSPF_NSM_H

#include <stdbool.h>
#include <stdint.h>

#include "ism.h"

/*
 * RFC 2328 10.1: neighbour states, bit flags in protocol order, so that a
 * state "or greater" is a mask and states compare as numbers.
 */
enum nsm_state {
	NSM_STA_DOWN		= 0x01,
	NSM_STA_ATTEMPT		= 0x02,
	NSM_STA_INIT		= 0x04,
	NSM_STA_2WAY		= 0x08,
	NSM_STA_EXSTART		= 0x10,
	NSM_STA_EXCHANGE	= 0x20,
	NSM_STA_LOADING		= 0x40,
	NSM_STA_FULL		= 0x80,
};
#define NSM_STA_ANY		0xff
#define NSM_STA_INIT_UP		0xfc	/* Init or greater */
#define NSM_STA_2WAY_UP		0xf8	/* 2-Way or greater */
#define NSM_STA_EXSTART_UP	0xf0	/* ExStart or greater */
#define NSM_STA_EXCHANGE_UP	0xe0	/* Exchange or greater */
#define NSM_STA_NAMES		(NSM_STA_FULL + 1)

/* RFC 2328 10.2: neighbour events. */
enum nsm_event {
	NSM_EVT_HELLO_RCVD,
	NSM_EVT_START,
	NSM_EVT_2WAY_RCVD,
	NSM_EVT_NEG_DONE,
	NSM_EVT_EXCH_DONE,
	NSM_EVT_BAD_LS_REQ,
	NSM_EVT_LOADING_DONE,
	NSM_EVT_ADJ_OK,
	NSM_EVT_SEQ_MISMATCH,
	NSM_EVT_1WAY_RCVD,
	NSM_EVT_KILL_NBR,
	NSM_EVT_INACT_TIMER,
	NSM_EVT_LL_DOWN,
	NSM_EVT_MAX
};

/*
 * Side effects asked for by the actions, each optional (NULL: nothing to
 * do, a NULL decision answers false). arg is nsm->arg. While a callback
 * runs, nsm->state still holds the old state.
 */
struct nsm_cb {
	void	(*inact_start)(void *arg);	/* start or restart */
	void	(*inact_stop)(void *arg);
	void	(*hello_send)(void *arg);	/* Start: NBMA Hello to it */
	/* 10.4: should an adjacency be formed (still exist) with it? */
	bool	(*adj_ok)(void *arg);
	/*
	 * 10.3 ExStart: first DD sequence number for this neighbour, "some
	 * unique value (like the time of day clock)"; later ones increment.
	 */
	uint32_t (*dd_seq_init)(void *arg);
	/*
	 * 10.3 ExStart: we are master with DD sequence number seq; send
	 * empty DD packets with I, M and MS set, every RxmtInterval.
	 */
	void	(*dd_start)(void *arg, uint32_t seq);
	/* 10.3 NegotiationDone: fill the Database summary list (and go on
	 * with the Database Description exchange, 10.8). */
	void	(*db_summary)(void *arg);
	/* 10.3 ExchangeDone: is the Link state request list not empty? */
	bool	(*lsreq_pending)(void *arg);
	/* 10.3 ExchangeDone: start (or continue) sending LS Requests */
	void	(*lsreq_send)(void *arg);
	/* clear the retransmission, Database summary and request lists,
	 * stopping what retransmits them */
	void	(*lists_clear)(void *arg);
	/* 9.2: bidirectional communication came or went: the ISM event
	 * NeighborChange for the interface */
	void	(*nbr_change)(void *arg);
	/* 12.4: the adjacency became (full) or ceased to be Full: router-LSA,
	 * and network-LSA when DR */
	void	(*adj_change)(void *arg, bool full);
	/* where messages go; NULL: log_info() and log_warnx() */
	void	(*log)(void *arg, const char *msg);
};

struct nsm {
	char			 name[64];	/* neighbour, for the log */
	enum nsm_state		 state;
	uint32_t		 dd_seq;	/* 10: DD sequence number */
	bool			 dd_seq_set;
	bool			 master;	/* 10: set on ExStart; the daemon
						 * clears it as slave (10.6) */
	unsigned int		 nchange;	/* state changes */
	unsigned int		 nignored;	/* events without a row */
	const struct nsm_cb	*cb;
	void			*arg;
};

/* nsm.c */
const char	*nsm_state_name(unsigned int);
const char	*nsm_event_name(unsigned int);
void		 nsm_init(struct nsm *, const char *, const struct nsm_cb *,
		    void *);
enum nsm_state	 nsm_event(struct nsm *, enum nsm_event);
bool		 nsm_adj_wanted(enum ism_net, uint32_t, uint32_t, uint32_t,
		    uint32_t);

#endif

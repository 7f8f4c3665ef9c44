/*
 * DOC: nsm: the OSPFv2 neighbour state machine of RFC 2328 10.3, as a
 * table of {states, event, action, next state} rows copied from the RFC
 * in its order. nsm_event() is the only place where nsm->state changes: it
 * finds the row, runs the action, and on a change logs "NSM 10.0.0.2 eth0:
 * Init -> 2-Way (2-WayReceived)", counts it, raises NeighborChange on the
 * interface when the neighbour crosses 2-Way (9.2) and tells the daemon
 * when the adjacency reaches or leaves Full (12.4). The actions only touch
 * the struct nsm; the rest is asked for through struct nsm_cb.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "nsm.h"

static const char *const nsm_state_names[NSM_STA_NAMES] = {
	[NSM_STA_DOWN] = "Down",
	[NSM_STA_ATTEMPT] = "Attempt",
	[NSM_STA_INIT] = "Init",
	[NSM_STA_2WAY] = "2-Way",
	[NSM_STA_EXSTART] = "ExStart",
	[NSM_STA_EXCHANGE] = "Exchange",
	[NSM_STA_LOADING] = "Loading",
	[NSM_STA_FULL] = "Full",
};

static const char *const nsm_event_names[NSM_EVT_MAX] = {
	[NSM_EVT_HELLO_RCVD] = "HelloReceived",
	[NSM_EVT_START] = "Start",
	[NSM_EVT_2WAY_RCVD] = "2-WayReceived",
	[NSM_EVT_NEG_DONE] = "NegotiationDone",
	[NSM_EVT_EXCH_DONE] = "ExchangeDone",
	[NSM_EVT_BAD_LS_REQ] = "BadLSReq",
	[NSM_EVT_LOADING_DONE] = "LoadingDone",
	[NSM_EVT_ADJ_OK] = "AdjOK?",
	[NSM_EVT_SEQ_MISMATCH] = "SeqNumberMismatch",
	[NSM_EVT_1WAY_RCVD] = "1-WayReceived",
	[NSM_EVT_KILL_NBR] = "KillNbr",
	[NSM_EVT_INACT_TIMER] = "InactivityTimer",
	[NSM_EVT_LL_DOWN] = "LLDown",
};

const char *
nsm_state_name(unsigned int s)
{
	if (s >= NSM_STA_NAMES || nsm_state_names[s] == NULL)
		return "unknown";
	return nsm_state_names[s];
}

const char *
nsm_event_name(unsigned int e)
{
	if (e >= NSM_EVT_MAX)
		return "unknown";
	return nsm_event_names[e];
}

/* Run an optional callback. */
#define NSM_CB(nbr, fn, ...) do {					\
	if ((nbr)->cb != NULL && (nbr)->cb->fn != NULL)			\
		(nbr)->cb->fn((nbr)->arg, ##__VA_ARGS__);		\
} while (0)

static void
nsm_log(struct nsm *nbr, bool warn, const char *msg)
{
	if (nbr->cb != NULL && nbr->cb->log != NULL)
		nbr->cb->log(nbr->arg, msg);
	else if (warn)
		log_warnx("%s", msg);
	else
		log_info("%s", msg);
}

static bool
nsm_ask(struct nsm *nbr, bool (*fn)(void *))
{
	return fn != NULL && fn(nbr->arg);
}

void
nsm_init(struct nsm *nbr, const char *name, const struct nsm_cb *cb,
    void *arg)
{
	memset(nbr, 0, sizeof(*nbr));
	snprintf(nbr->name, sizeof(nbr->name), "%s", name);
	nbr->state = NSM_STA_DOWN;
	nbr->cb = cb;
	nbr->arg = arg;
}

/*
 * RFC 2328 10.4: whether an adjacency should be formed with a neighbour
 * (addresses of us, the neighbour, the interface's DR and BDR): always on
 * point-to-point, point-to-multipoint and virtual links; on broadcast and
 * NBMA networks when either end is DR or BDR.
 */
bool
nsm_adj_wanted(enum ism_net net, uint32_t self, uint32_t nbr, uint32_t dr,
    uint32_t bdr)
{
	switch (net) {
	case ISM_NET_PTP:
	case ISM_NET_PTMP:
	case ISM_NET_VIRTUAL:
		return true;
	default:
		break;
	}
	if (dr != 0 && (self == dr || nbr == dr))
		return true;
	if (bdr != 0 && (self == bdr || nbr == bdr))
		return true;
	return false;
}

/* ---- actions: each returns the next state when the row leaves it open */

static enum nsm_state
nsm_act_nothing(struct nsm *nbr)
{
	return nbr->state;
}

/* Start: a Hello to the (NBMA) neighbour, and the Inactivity Timer. */
static enum nsm_state
nsm_act_start(struct nsm *nbr)
{
	NSM_CB(nbr, hello_send);
	NSM_CB(nbr, inact_start);
	return nbr->state;
}

/* HelloReceived: start or restart the Inactivity Timer. */
static enum nsm_state
nsm_act_hello(struct nsm *nbr)
{
	NSM_CB(nbr, inact_start);
	return nbr->state;
}

/*
 * Entering ExStart: increment the DD sequence number (a fresh value the
 * first time), declare ourselves master, send DD packets with I, M, MS.
 */
static enum nsm_state
nsm_exstart(struct nsm *nbr)
{
	if (nbr->dd_seq_set)
		nbr->dd_seq++;
	else {
		nbr->dd_seq = nbr->cb != NULL && nbr->cb->dd_seq_init != NULL ?
		    nbr->cb->dd_seq_init(nbr->arg) : 1;
		nbr->dd_seq_set = true;
	}
	nbr->master = true;
	NSM_CB(nbr, dd_start, nbr->dd_seq);
	return NSM_STA_EXSTART;
}

/* 2-WayReceived in Init, AdjOK? in 2-Way: form an adjacency if wanted. */
static enum nsm_state
nsm_act_adj_form(struct nsm *nbr)
{
	if (!nsm_ask(nbr, nbr->cb != NULL ? nbr->cb->adj_ok : NULL))
		return NSM_STA_2WAY;
	return nsm_exstart(nbr);
}

/* AdjOK? in ExStart or greater: tear the adjacency down if unwanted. */
static enum nsm_state
nsm_act_adj_keep(struct nsm *nbr)
{
	if (nsm_ask(nbr, nbr->cb != NULL ? nbr->cb->adj_ok : NULL))
		return nbr->state;
	NSM_CB(nbr, lists_clear);
	return NSM_STA_2WAY;
}

/* NegotiationDone: list the area database in the Database summary list. */
static enum nsm_state
nsm_act_neg_done(struct nsm *nbr)
{
	NSM_CB(nbr, db_summary);
	return nbr->state;
}

/* ExchangeDone: Full if nothing is left to request, else Loading. */
static enum nsm_state
nsm_act_exch_done(struct nsm *nbr)
{
	if (!nsm_ask(nbr, nbr->cb != NULL ? nbr->cb->lsreq_pending : NULL))
		return NSM_STA_FULL;
	NSM_CB(nbr, lsreq_send);
	return NSM_STA_LOADING;
}

/* SeqNumberMismatch, BadLSReq: tear down, then ExStart again. */
static enum nsm_state
nsm_act_restart(struct nsm *nbr)
{
	NSM_CB(nbr, lists_clear);
	return nsm_exstart(nbr);
}

/* 1-WayReceived, InactivityTimer: clear the lists. */
static enum nsm_state
nsm_act_clear(struct nsm *nbr)
{
	NSM_CB(nbr, lists_clear);
	return nbr->state;
}

/* KillNbr, LLDown: clear the lists, disable the Inactivity Timer. */
static enum nsm_state
nsm_act_kill(struct nsm *nbr)
{
	NSM_CB(nbr, lists_clear);
	NSM_CB(nbr, inact_stop);
	return nbr->state;
}

struct nsm_row {
	unsigned int	  states;	/* mask of enum nsm_state */
	enum nsm_event	  event;
	enum nsm_state	(*action)(struct nsm *);
	unsigned int	  next;		/* 0: the action's result */
};
#define NSM_NEXT_ACTION	0

/*
 * RFC 2328 10.3: the neighbour state machine, rows in the order of the
 * RFC. NSM_NEXT_ACTION stands for "Depends upon action routine" and for
 * "No state change" (the action returns the current state).
 */
static const struct nsm_row nsm_table[] = {
	{ NSM_STA_DOWN,		NSM_EVT_START,		nsm_act_start,
	  NSM_STA_ATTEMPT },
	{ NSM_STA_ATTEMPT,	NSM_EVT_HELLO_RCVD,	nsm_act_hello,
	  NSM_STA_INIT },
	{ NSM_STA_DOWN,		NSM_EVT_HELLO_RCVD,	nsm_act_hello,
	  NSM_STA_INIT },
	{ NSM_STA_INIT_UP,	NSM_EVT_HELLO_RCVD,	nsm_act_hello,
	  NSM_NEXT_ACTION },
	{ NSM_STA_INIT,		NSM_EVT_2WAY_RCVD,	nsm_act_adj_form,
	  NSM_NEXT_ACTION },
	{ NSM_STA_EXSTART,	NSM_EVT_NEG_DONE,	nsm_act_neg_done,
	  NSM_STA_EXCHANGE },
	{ NSM_STA_EXCHANGE,	NSM_EVT_EXCH_DONE,	nsm_act_exch_done,
	  NSM_NEXT_ACTION },
	{ NSM_STA_LOADING,	NSM_EVT_LOADING_DONE,	nsm_act_nothing,
	  NSM_STA_FULL },
	{ NSM_STA_2WAY,		NSM_EVT_ADJ_OK,		nsm_act_adj_form,
	  NSM_NEXT_ACTION },
	{ NSM_STA_EXSTART_UP,	NSM_EVT_ADJ_OK,		nsm_act_adj_keep,
	  NSM_NEXT_ACTION },
	{ NSM_STA_EXCHANGE_UP,	NSM_EVT_SEQ_MISMATCH,	nsm_act_restart,
	  NSM_STA_EXSTART },
	{ NSM_STA_EXCHANGE_UP,	NSM_EVT_BAD_LS_REQ,	nsm_act_restart,
	  NSM_STA_EXSTART },
	{ NSM_STA_ANY,		NSM_EVT_KILL_NBR,	nsm_act_kill,
	  NSM_STA_DOWN },
	{ NSM_STA_ANY,		NSM_EVT_LL_DOWN,	nsm_act_kill,
	  NSM_STA_DOWN },
	{ NSM_STA_ANY,		NSM_EVT_INACT_TIMER,	nsm_act_clear,
	  NSM_STA_DOWN },
	{ NSM_STA_2WAY_UP,	NSM_EVT_1WAY_RCVD,	nsm_act_clear,
	  NSM_STA_INIT },
	{ NSM_STA_2WAY_UP,	NSM_EVT_2WAY_RCVD,	nsm_act_nothing,
	  NSM_NEXT_ACTION },
	{ NSM_STA_INIT,		NSM_EVT_1WAY_RCVD,	nsm_act_nothing,
	  NSM_NEXT_ACTION },
};

/*
 * Feed one event to the neighbour: the only place where nsm->state
 * changes. Returns the new state.
 */
enum nsm_state
nsm_event(struct nsm *nbr, enum nsm_event ev)
{
	const struct nsm_row	*row = NULL;
	enum nsm_state		 old = nbr->state, next;
	char			 msg[128];
	size_t			 i;

	for (i = 0; i < sizeof(nsm_table) / sizeof(nsm_table[0]); i++) {
		if ((nsm_table[i].states & old) && nsm_table[i].event == ev) {
			row = &nsm_table[i];
			break;
		}
	}
	if (row == NULL) {
		nbr->nignored++;
		snprintf(msg, sizeof(msg), "NSM %s: event %s ignored in "
		    "state %s", nbr->name, nsm_event_name(ev),
		    nsm_state_name(old));
		nsm_log(nbr, true, msg);
		return old;
	}

	next = row->action(nbr);
	if (row->next != NSM_NEXT_ACTION)
		next = row->next;
	if (next == old)
		return old;

	nbr->state = next;
	nbr->nchange++;
	snprintf(msg, sizeof(msg), "NSM %s: %s -> %s (%s)", nbr->name,
	    nsm_state_name(old), nsm_state_name(next), nsm_event_name(ev));
	nsm_log(nbr, false, msg);

	/* 9.2: bidirectional communication established or lost. */
	if ((old >= NSM_STA_2WAY) != (next >= NSM_STA_2WAY))
		NSM_CB(nbr, nbr_change);
	/* 12.4: a full adjacency came up or went down. */
	if (next == NSM_STA_FULL)
		NSM_CB(nbr, adj_change, true);
	else if (old == NSM_STA_FULL)
		NSM_CB(nbr, adj_change, false);
	return next;
}

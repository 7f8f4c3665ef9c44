/*
 * DOC: ism: the OSPFv2 interface state machine of RFC 2328 9.3, as a
 * table of {states, event, action, next state} rows. ism_event() is the
 * only place where ism->state changes: it finds the row, runs the action,
 * and on a change logs "ISM eth0: Waiting -> DROther (WaitTimer)", counts
 * it and asks for a new router-LSA (12.4) and, when we become or cease to
 * be DR, for the network-LSA. Actions touch nothing outside the struct
 * ism: timers, neighbours and LSAs are the daemon's, reached through
 * struct ism_cb.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ism.h"
#include "log.h"

static const char *const ism_state_names[ISM_STA_NAMES] = {
	[ISM_STA_DOWN] = "Down",
	[ISM_STA_LOOPBACK] = "Loopback",
	[ISM_STA_WAITING] = "Waiting",
	[ISM_STA_PTP] = "Point-To-Point",
	[ISM_STA_DROTHER] = "DROther",
	[ISM_STA_BACKUP] = "Backup",
	[ISM_STA_DR] = "DR",
};

static const char *const ism_event_names[ISM_EVT_MAX] = {
	[ISM_EVT_IF_UP] = "InterfaceUp",
	[ISM_EVT_WAIT_TIMER] = "WaitTimer",
	[ISM_EVT_BACKUP_SEEN] = "BackupSeen",
	[ISM_EVT_NBR_CHANGE] = "NeighborChange",
	[ISM_EVT_LOOP_IND] = "LoopInd",
	[ISM_EVT_UNLOOP_IND] = "UnloopInd",
	[ISM_EVT_IF_DOWN] = "InterfaceDown",
};

static const char *const ism_net_names[ISM_NET_MAX] = {
	[ISM_NET_BROADCAST] = "broadcast",
	[ISM_NET_NBMA] = "NBMA",
	[ISM_NET_PTP] = "point-to-point",
	[ISM_NET_PTMP] = "point-to-multipoint",
	[ISM_NET_VIRTUAL] = "virtual link",
};

const char *
ism_state_name(unsigned int s)
{
	if (s >= ISM_STA_NAMES || ism_state_names[s] == NULL)
		return "unknown";
	return ism_state_names[s];
}

const char *
ism_event_name(unsigned int e)
{
	if (e >= ISM_EVT_MAX)
		return "unknown";
	return ism_event_names[e];
}

const char *
ism_net_name(unsigned int n)
{
	if (n >= ISM_NET_MAX)
		return "unknown";
	return ism_net_names[n];
}

/* Run an optional callback. */
#define ISM_CB(ism, fn, ...) do {					\
	if ((ism)->cb != NULL && (ism)->cb->fn != NULL)			\
		(ism)->cb->fn((ism)->arg, ##__VA_ARGS__);		\
} while (0)

static void
ism_log(struct ism *ism, bool warn, const char *msg)
{
	if (ism->cb != NULL && ism->cb->log != NULL)
		ism->cb->log(ism->arg, msg);
	else if (warn)
		log_warnx("%s", msg);
	else
		log_info("%s", msg);
}

void
ism_init(struct ism *ism, const char *name, enum ism_net net,
    uint32_t rtr_id, uint32_t addr, uint8_t prio, const struct ism_cb *cb,
    void *arg)
{
	memset(ism, 0, sizeof(*ism));
	snprintf(ism->name, sizeof(ism->name), "%s", name);
	ism->net = net;
	ism->rtr_id = rtr_id;
	ism->addr = addr;
	ism->prio = prio;
	ism->state = ISM_STA_DOWN;
	ism->cb = cb;
	ism->arg = arg;
}

/* ---- actions: each returns the next state when the row leaves it open */

/*
 * 9.3 InterfaceUp: start the Hello timer; point-to-point, point-to-
 * multipoint and virtual links go to Point-to-Point, a router that cannot
 * become DR to DR Other, the others wait to learn the DR.
 */
static enum ism_state
ism_act_up(struct ism *ism)
{
	ISM_CB(ism, hello_start);
	switch (ism->net) {
	case ISM_NET_PTP:
	case ISM_NET_PTMP:
	case ISM_NET_VIRTUAL:
		return ISM_STA_PTP;
	default:
		break;
	}
	if (ism->prio == 0)
		return ISM_STA_DROTHER;
	ISM_CB(ism, wait_start);
	if (ism->net == ISM_NET_NBMA)
		ISM_CB(ism, nbr_start_eligible);
	return ISM_STA_WAITING;
}

/*
 * 9.4: elect the DR and BDR, then steps 5 to 7. The candidates are the
 * neighbours the daemon reports, ourselves first.
 */
static enum ism_state
ism_act_elect(struct ism *ism)
{
	struct dr_cand	 stack[32], *cands = stack;
	struct dr_result res;
	size_t		 n = 0, max = sizeof(stack) / sizeof(stack[0]) - 1;
	bool		 was_elected, elected, changed;

	if (ism->cb != NULL && ism->cb->dr_cands != NULL) {
		n = ism->cb->dr_cands(ism->arg, &stack[1], max);
		if (n > max) {
			cands = calloc(n + 1, sizeof(*cands));
			if (cands == NULL) {
				char	 msg[96];

				snprintf(msg, sizeof(msg), "ISM %s: no memory "
				    "for the DR election, state kept",
				    ism->name);
				ism_log(ism, true, msg);
				return ism->state;
			}
			n = ism->cb->dr_cands(ism->arg, &cands[1], n);
		}
	}
	cands[0].rtr_id = ism->rtr_id;
	cands[0].addr = ism->addr;
	cands[0].prio = ism->prio;
	cands[0].dr = ism->dr;
	cands[0].bdr = ism->bdr;
	cands[0].twoway = true;
	dr_elect(cands, n + 1, 0, &res);
	if (cands != stack)
		free(cands);

	was_elected = ism->addr != 0 &&
	    (ism->dr == ism->addr || ism->bdr == ism->addr);
	elected = ism->addr != 0 &&
	    (res.dr == ism->addr || res.bdr == ism->addr);
	changed = res.dr != ism->dr || res.bdr != ism->bdr;
	ism->dr = res.dr;
	ism->dr_id = res.dr_id;
	ism->bdr = res.bdr;
	ism->bdr_id = res.bdr_id;
	/* Step 6: NBMA, just became DR or BDR: Hellos to priority 0 too. */
	if (ism->net == ISM_NET_NBMA && elected && !was_elected)
		ISM_CB(ism, nbr_start_ineligible);
	/* Step 7: the DR or BDR changed, revisit every adjacency. */
	if (changed)
		ISM_CB(ism, nbr_adjok);

	/* Step 5. */
	if (ism->addr != 0 && res.dr == ism->addr)
		return ISM_STA_DR;
	if (ism->addr != 0 && res.bdr == ism->addr)
		return ISM_STA_BACKUP;
	return ISM_STA_DROTHER;
}

/* 9.3 BackupSeen: the Wait Timer is no longer needed, then elect. */
static enum ism_state
ism_act_backup_seen(struct ism *ism)
{
	ISM_CB(ism, wait_stop);
	return ism_act_elect(ism);
}

/*
 * 9.3 InterfaceDown (and LoopInd): reset the interface variables, disable
 * the timers, KillNbr to every neighbour.
 */
static enum ism_state
ism_act_reset(struct ism *ism)
{
	ISM_CB(ism, hello_stop);
	ISM_CB(ism, wait_stop);
	ISM_CB(ism, nbr_kill);
	ism->dr = ism->dr_id = 0;
	ism->bdr = ism->bdr_id = 0;
	return ism->state;
}

/* 9.3 UnloopInd: "No actions are necessary." */
static enum ism_state
ism_act_nothing(struct ism *ism)
{
	return ism->state;
}

struct ism_row {
	unsigned int	  states;	/* mask of enum ism_state */
	enum ism_event	  event;
	enum ism_state	(*action)(struct ism *);
	unsigned int	  next;		/* 0: the action's result */
};
#define ISM_NEXT_ACTION	0

/* RFC 2328 9.3: the interface state machine, in the order of the RFC. */
static const struct ism_row ism_table[] = {
	{ ISM_STA_DOWN,		ISM_EVT_IF_UP,		ism_act_up,
	  ISM_NEXT_ACTION },
	{ ISM_STA_WAITING,	ISM_EVT_BACKUP_SEEN,	ism_act_backup_seen,
	  ISM_NEXT_ACTION },
	{ ISM_STA_WAITING,	ISM_EVT_WAIT_TIMER,	ism_act_elect,
	  ISM_NEXT_ACTION },
	{ ISM_STA_ELECTED,	ISM_EVT_NBR_CHANGE,	ism_act_elect,
	  ISM_NEXT_ACTION },
	{ ISM_STA_ANY,		ISM_EVT_IF_DOWN,	ism_act_reset,
	  ISM_STA_DOWN },
	{ ISM_STA_ANY,		ISM_EVT_LOOP_IND,	ism_act_reset,
	  ISM_STA_LOOPBACK },
	{ ISM_STA_LOOPBACK,	ISM_EVT_UNLOOP_IND,	ism_act_nothing,
	  ISM_STA_DOWN },
};

/*
 * Feed one event to the interface: the only place where ism->state
 * changes. Returns the new state.
 */
enum ism_state
ism_event(struct ism *ism, enum ism_event ev)
{
	const struct ism_row	*row = NULL;
	enum ism_state		 old = ism->state, next;
	char			 msg[128];
	size_t			 i;

	for (i = 0; i < sizeof(ism_table) / sizeof(ism_table[0]); i++) {
		if ((ism_table[i].states & old) && ism_table[i].event == ev) {
			row = &ism_table[i];
			break;
		}
	}
	if (row == NULL) {
		ism->nignored++;
		snprintf(msg, sizeof(msg), "ISM %s: event %s ignored in "
		    "state %s", ism->name, ism_event_name(ev),
		    ism_state_name(old));
		ism_log(ism, true, msg);
		return old;
	}

	next = row->action(ism);
	if (row->next != ISM_NEXT_ACTION)
		next = row->next;
	if (next == old)
		return old;

	ism->state = next;
	ism->nchange++;
	snprintf(msg, sizeof(msg), "ISM %s: %s -> %s (%s)", ism->name,
	    ism_state_name(old), ism_state_name(next), ism_event_name(ev));
	ism_log(ism, false, msg);

	/* 12.4: a change of interface state changes our router-LSA. */
	ISM_CB(ism, rtr_lsa);
	if (next == ISM_STA_DR)
		ISM_CB(ism, net_lsa, true);
	else if (old == ISM_STA_DR)
		ISM_CB(ism, net_lsa, false);
	return next;
}

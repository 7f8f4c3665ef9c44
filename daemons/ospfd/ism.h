/*
 * DOC: ism: the OSPFv2 interface state machine (RFC 2328 9.3) and the
 * Designated Router election (RFC 2328 9.4), pure: no sockets, no timers,
 * no globals. The daemon owns a struct ism per OSPF interface, fills in
 * its configuration (network type, router ID, interface address, router
 * priority) and a struct ism_cb of callbacks through which the actions ask
 * for side effects: arm or stop the Hello and Wait timers, generate
 * neighbour events, originate LSAs. Every event goes through ism_event(),
 * which looks the (state, event) pair up in one table, runs the action,
 * logs the change and counts it. A pair without a row is logged and
 * ignored.
 *
 * The election (dr.c) is a pure function of the candidate list; the ISM
 * builds that list from its own variables and the neighbours the daemon
 * reports through ism_cb.dr_cands.
 *
 * Identifiers are uint32_t in host byte order, as in ospf.h. The DR and
 * BDR are identified by their interface addresses (RFC 2328 9.4: "IP
 * interface address" on broadcast and NBMA networks); 0 means none.
 */
#ifndef OKAPI_OSPF_ISM_H
#define OKAPI_OSPF_ISM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 2328 9.1: interface states, bit flags so one row covers several. */
enum ism_state {
	ISM_STA_DOWN		= 0x01,
	ISM_STA_LOOPBACK	= 0x02,
	ISM_STA_WAITING		= 0x04,
	ISM_STA_PTP		= 0x08,
	ISM_STA_DROTHER		= 0x10,
	ISM_STA_BACKUP		= 0x20,
	ISM_STA_DR		= 0x40,
};
#define ISM_STA_ANY		0x7f
#define ISM_STA_ELECTED		(ISM_STA_DROTHER | ISM_STA_BACKUP | ISM_STA_DR)
#define ISM_STA_NAMES		(ISM_STA_DR + 1)

/* RFC 2328 9.2: interface events. */
enum ism_event {
	ISM_EVT_IF_UP,
	ISM_EVT_WAIT_TIMER,
	ISM_EVT_BACKUP_SEEN,
	ISM_EVT_NBR_CHANGE,
	ISM_EVT_LOOP_IND,
	ISM_EVT_UNLOOP_IND,
	ISM_EVT_IF_DOWN,
	ISM_EVT_MAX
};

/* RFC 2328 9: the OSPF network types. */
enum ism_net {
	ISM_NET_BROADCAST,
	ISM_NET_NBMA,
	ISM_NET_PTP,
	ISM_NET_PTMP,
	ISM_NET_VIRTUAL,
	ISM_NET_MAX
};

/* RFC 2328 9.4: one router on the segment, as the election sees it. */
struct dr_cand {
	uint32_t	 rtr_id;
	uint32_t	 addr;		/* interface address */
	uint8_t		 prio;		/* 0: never elected */
	uint32_t	 dr;		/* declared DR (address), 0: none */
	uint32_t	 bdr;		/* declared BDR (address), 0: none */
	bool		 twoway;	/* neighbour state >= 2-Way */
};

struct dr_result {
	uint32_t	 dr;		/* interface address, 0: none */
	uint32_t	 dr_id;		/* router ID, 0: none */
	uint32_t	 bdr;
	uint32_t	 bdr_id;
	bool		 rerun;		/* step 4 repeated steps 2 and 3 */
};

struct ism;

/*
 * Side effects asked for by the actions, each optional (NULL: nothing to
 * do). arg is ism->arg. While a callback runs, ism->state still holds the
 * old state but ism->dr and ism->bdr already hold the new election result.
 */
struct ism_cb {
	void	(*hello_start)(void *arg);	/* periodic Hello timer on */
	void	(*hello_stop)(void *arg);
	void	(*wait_start)(void *arg);	/* single shot Wait Timer */
	void	(*wait_stop)(void *arg);
	/* NBMA: event Start to each neighbour eligible to become DR (9.3) */
	void	(*nbr_start_eligible)(void *arg);
	/* NBMA: event Start to each neighbour of priority 0 (9.4 step 6) */
	void	(*nbr_start_ineligible)(void *arg);
	/* event AdjOK? to each neighbour in state >= 2-Way (9.4 step 7) */
	void	(*nbr_adjok)(void *arg);
	/* event KillNbr to every neighbour, reset the interface (9.3) */
	void	(*nbr_kill)(void *arg);
	/*
	 * The neighbours of the segment for the election (not ourselves):
	 * write at most max of them to out, return how many there are.
	 */
	size_t	(*dr_cands)(void *arg, struct dr_cand *out, size_t max);
	/* 12.4: the interface changed state, originate a new router-LSA */
	void	(*rtr_lsa)(void *arg);
	/* 12.4: we became (dr) or ceased to be (!dr) the DR: network-LSA */
	void	(*net_lsa)(void *arg, bool dr);
	/* where messages go; NULL: log_info() and log_warnx() */
	void	(*log)(void *arg, const char *msg);
};

struct ism {
	char			 name[16];	/* interface, for the log */
	enum ism_net		 net;
	uint32_t		 rtr_id;
	uint32_t		 addr;		/* our interface address */
	uint8_t			 prio;		/* our Router Priority */
	enum ism_state		 state;
	uint32_t		 dr, dr_id;	/* 9.1: Designated Router */
	uint32_t		 bdr, bdr_id;	/* 9.1: Backup DR */
	unsigned int		 nchange;	/* state changes */
	unsigned int		 nignored;	/* events without a row */
	const struct ism_cb	*cb;
	void			*arg;
};

/* ism.c */
const char	*ism_state_name(unsigned int);
const char	*ism_event_name(unsigned int);
const char	*ism_net_name(unsigned int);
void		 ism_init(struct ism *, const char *, enum ism_net, uint32_t,
		    uint32_t, uint8_t, const struct ism_cb *, void *);
enum ism_state	 ism_event(struct ism *, enum ism_event);

/* dr.c */
void		 dr_elect(const struct dr_cand *, size_t, size_t,
		    struct dr_result *);

#endif

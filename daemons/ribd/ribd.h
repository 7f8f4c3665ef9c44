/*
 * DOC: ribd, okapi's Zebra: the RIB (lib/rib), the kernel FIB through
 * netlink (lib/netlink), the interface manager (lib/iftree), served over
 * XRL as rib/0.1, ifmgr_replicator/0.1, cli/0.1 and common/0.1 by one
 * target of class "rib", and a VTY on 127.0.0.1:2601.
 *
 * Data flow: netlink links and addresses -> iface.c (tree, mirrors) ->
 * connected.c (connected routes) -> RIB; protocols -> xrl.c -> RIB; the
 * configuration -> statics.c -> RIB. Every change of a prefix's selected
 * route comes back from the RIB once, to fib.c, which programs the kernel
 * and tells redistribution subscribers (redist.c).
 */
#ifndef OKAPI_RIBD_H
#define OKAPI_RIBD_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "evloop.h"
#include "iftree.h"
#include "netlink.h"
#include "rib.h"
#include "router.h"
#include "vty.h"

#define RIBD_VTY_PORT		2601
#define RIBD_KERNEL_METRIC	20	/* RTA_PRIORITY of our routes, as FRR */

struct mirror;
struct redist;
struct static_route;
struct proto_table;
struct if_stanza;

struct ribd_opts {
	bool		 keep;		/* -k: leave our routes at exit */
	uint32_t	 grace_s;	/* -K: keep a previous ribd's routes */
	uint32_t	 hold_ms;	/* withdraw a dead protocol's routes */
	uint32_t	 table;		/* kernel table, RT_TABLE_MAIN */
};

struct ribd {
	struct evloop		*loop;
	struct ribd_opts	 opts;
	struct xrl_router	*r;
	struct xrl_target	*t;
	struct vty_server	*vs;
	struct rib		*rib;
	struct nl_fib		*fib;
	struct nl_dump		*dump;
	struct nl_monitor	*mon;
	struct nl_protoset	 ours;		/* rtm_protocols we install */
	struct iftree		 ifs;
	bool			 started;	/* first dump done */
	bool			 check;		/* -n: touch nothing */

	TAILQ_HEAD(, mirror)	 mirrors;
	unsigned		 nmirrors;
	TAILQ_HEAD(, redist)	 redists;
	TAILQ_HEAD(, proto_table) tables;	/* add_igp_table4 & co. */
	TAILQ_HEAD(, static_route) statics;
	TAILQ_HEAD(, if_stanza) ifconfs;	/* "interface" stanzas */
	int			 forward4;	/* -1 unset, 0 off, 1 on */
	int			 forward6;

	/* A previous ribd's routes, removed when the grace time ends. */
	struct nl_route		*leftover;
	size_t			 nleftover;
	struct event		*grace_ev;

	uint64_t		 fib_errors;
	uint64_t		 fib_installs;
	uint64_t		 fib_removes;
	uint64_t		 resyncs;
	bool			 resyncing;	/* a full dump after lost events */
	uint32_t		*seen_links;	/* ifindexes that dump showed */
	size_t			 nseen_links;
};

/* The clock of route stamps ("uptime"): monotonic seconds. */
static inline uint32_t
ribd_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_sec;
}

/* iface.c */
void	 iface_link(void *, enum nl_event, const struct nl_link *);
void	 iface_addr(void *, enum nl_event, const struct nl_ifaddr *);
void	 iface_sweep(struct ribd *);
const char *iface_name(const struct ribd *, uint32_t ifindex, char *,
	    size_t);

/* replicator.c */
int	 replicator_init(struct ribd *);
void	 replicator_fini(struct ribd *);
void	 replicator_op(struct ribd *, const struct ift_op *);
void	 replicator_death(struct ribd *, const char *instance);

/* connected.c */
void	 connected_refresh(struct ribd *, const struct ift_if *old,
	    const struct ift_if *nw);

/* fib.c */
int	 fib_init(struct ribd *);
void	 fib_fini(struct ribd *);
void	 fib_change(const struct rib_fib_change *, void *);

/* redist.c */
void	 redist_change(struct ribd *, const struct rib_fib_change *);
int	 redist_enable(struct ribd *, int family, const char *target,
	    const char *from, const struct rib_prefix *, const char *cookie,
	    char *err, size_t);
int	 redist_disable(struct ribd *, int family, const char *target,
	    const char *from, const char *cookie);
void	 redist_death(struct ribd *, const char *instance);
void	 redist_fini(struct ribd *);

/* xrl.c */
int	 ribd_xrl_init(struct ribd *);
void	 ribd_xrl_fini(struct ribd *);

/* statics.c */
void	 statics_refresh(struct ribd *);	/* interfaces changed */
void	 statics_fini(struct ribd *);
int	 statics_vty_install(struct ribd *);	/* commands, config writer */

/* sysconf.c */
int	 sysconf_vty_install(struct ribd *);
void	 sysconf_fini(struct ribd *);
const char *sysconf_description(const struct ribd *, const char *ifname);

/* vty.c */
int	 ribd_vty_install(struct ribd *);
uint32_t ribd_route_age(const struct rib_route *);	/* seconds */
char	*ribd_uptime_print(uint32_t secs, char *, size_t);	/* FRR's */

#endif

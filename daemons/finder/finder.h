/*
 * DOC: okapi-finder, the XRL name service (spec xrl.md §11). Targets
 * register over a Finder-protocol connection, add their methods, enable
 * themselves and are then resolvable by instance or class name. The Finder
 * announces births and deaths to watchers (tunneled through the watcher's
 * own connection) and tells every client to drop stale cache entries.
 *
 * Data flow: listener.c accepts and checks permit.c; client.c owns each
 * connection (request dispatch, the one-at-a-time outgoing queue, hello);
 * finder.c keeps targets, classes and registrations; events.c turns state
 * changes into births, deaths and cache invalidations; xrl_target.c is the
 * Finder's own XRL target. One event loop, no threads.
 */
#ifndef OKAPI_FINDER_H
#define OKAPI_FINDER_H

#include <sys/queue.h>

#include <netinet/in.h>

#include <event2/event.h>
#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "dispatch.h"
#include "fconn.h"
#include "log.h"
#include "xrl.h"

#define FINDER_TARGET		"finder"
#define FINDER_VERSION		"finder/0.0"
#define FINDER_HELLO_MS		100000	/* §11.4: hello every 100 s */
#define FINDER_TIMEOUT_MS	30000	/* §11.2 */
#define FINDER_COOKIE_LEN	16	/* hex digits */
#define FINDER_HELLO_TARGET	"oxo"	/* XORP's dummy target for hello */

struct finder;
struct fclient;

/* One endpoint of a registered method, in registration order. */
struct fres {
	char			*xrl;		/* "stcp://addr/i/1.0/m-cookie" */
	char			*method;	/* "iface/ver/m-cookie" */
};

/* One registered, unresolved XRL: "finder://instance/iface/ver/method". */
struct fmethod {
	TAILQ_ENTRY(fmethod)	 entry;
	char			*key;
	char			*command;
	struct fres		*res;
	uint32_t		 nres;
};

struct fclass;

struct ftarget {
	TAILQ_ENTRY(ftarget)	 entry;		/* finder: registration order */
	TAILQ_ENTRY(ftarget)	 cls_entry;	/* class: oldest first */
	char			*name;		/* instance */
	struct fclass		*cls;
	char			 cookie[FINDER_COOKIE_LEN + 1];
	bool			 singleton;
	bool			 enabled;
	struct fclient		*owner;
	TAILQ_HEAD(, fmethod)	 methods;
};

struct fclass {
	TAILQ_ENTRY(fclass)	 entry;
	char			*name;
	bool			 singleton;	/* set by its first instance */
	TAILQ_HEAD(, ftarget)	 instances;	/* the first is the primary */
};

enum fwatch_kind {
	FWATCH_CLASS,
	FWATCH_INSTANCE,
};

struct fwatch {
	TAILQ_ENTRY(fwatch)	 entry;
	enum fwatch_kind	 kind;
	char			*watcher;	/* instance told of events */
	char			*name;		/* watched class or instance */
};

/* A Finder->client call waiting its turn on one connection. */
struct fout {
	TAILQ_ENTRY(fout)	 entry;
	struct xrl		 xrl;
};

struct fclient {
	TAILQ_ENTRY(fclient)	 entry;
	struct finder		*f;
	struct fconn		*fc;
	struct event		*hello_ev;
	struct event		*kill_ev;
	TAILQ_HEAD(, fout)	 outq;
	uint32_t		 noutq;
	bool			 inflight;	/* one call at a time (§11.6) */
	bool			 dying;
	char			 peer[64];
};

/* Who may connect (§11.1); loopback and our own addresses always may. */
struct permit {
	struct in_addr		*hosts4;
	uint32_t		 nhosts4;
	struct in6_addr		*hosts6;
	uint32_t		 nhosts6;
	struct prefix4		*nets4;
	uint32_t		 nnets4;
	struct prefix6		*nets6;
	uint32_t		 nnets6;
};

struct finder_opts {
	uint32_t		 hello_ms;
	uint32_t		 timeout_ms;
	bool			 trace;		/* FINDERTRACE */
};

struct finder {
	struct event_base	*base;
	struct finder_opts	 opts;
	TAILQ_HEAD(, ftarget)	 targets;
	TAILQ_HEAD(, fclass)	 classes;
	TAILQ_HEAD(, fwatch)	 watches;
	TAILQ_HEAD(, fclient)	 clients;
	struct xrl_dispatch	*dispatch;
	struct fclient		*active;	/* the request being served */
	char			*scratch;	/* result the wrapper copies */
	char			 cookie_out[FINDER_COOKIE_LEN + 1];
	struct permit		 permit;
	uint32_t		 cookie_ctr;
	struct log_limit	 loglim;
	bool			 shutdown;	/* common/0.1/shutdown asked */
};

/* finder.c */
struct finder	*finder_new(struct event_base *, const struct finder_opts *);
void		 finder_free(struct finder *);
void		 finder_cookie(struct finder *, char *);	/* 17 bytes */
bool		 finder_name_ok(const char *);
struct ftarget	*finder_target(struct finder *, const char *);
struct fclass	*finder_class(struct finder *, const char *);
struct ftarget	*finder_target_owned(struct finder *, const char *);
int		 finder_register(struct finder *, const char *instance,
		    const char *cls, bool singleton, const char *in_cookie,
		    char *out_cookie, struct xrl_error *);
void		 finder_target_remove(struct finder *, struct ftarget *);
void		 finder_target_enable(struct finder *, struct ftarget *, bool);
struct fmethod	*finder_method(struct ftarget *, const char *command);
int		 finder_add_xrl(struct finder *, const char *xrl,
		    const char *pf, const char *pfargs, char **resolved,
		    struct xrl_error *);
int		 finder_remove_xrl(struct finder *, const char *xrl,
		    struct xrl_error *);
int		 finder_resolve(struct finder *, const char *xrl,
		    struct xrl_args *out, struct xrl_error *);
void		 finder_drop_client(struct finder *, struct fclient *);

/* events.c */
int		 events_watch(struct finder *, enum fwatch_kind,
		    const char *watcher, const char *name, struct xrl_error *);
int		 events_unwatch(struct finder *, enum fwatch_kind,
		    const char *watcher, const char *name, struct xrl_error *);
void		 events_forget_watcher(struct finder *, const char *watcher);
void		 events_birth(struct finder *, const struct ftarget *);
void		 events_death(struct finder *, const struct ftarget *,
		    bool was_primary);
void		 events_xrl_gone(struct finder *, const struct ftarget *,
		    const struct fmethod *);

/* client.c */
struct fclient	*client_new(struct finder *, int fd, const char *peer);
void		 client_free(struct fclient *);
void		 client_kill(struct fclient *, const char *why);
void		 client_send(struct fclient *, struct xrl *);

/* permit.c */
int		 permit_init(struct permit *);
void		 permit_clear(struct permit *);
int		 permit_add_host(struct permit *, const char *);
int		 permit_add_net(struct permit *, const char *);
bool		 permit_check(const struct permit *,
		    const struct sockaddr *);
int		 permit_list_hosts4(const struct permit *, struct xrl_args *);
int		 permit_list_hosts6(const struct permit *, struct xrl_args *);
int		 permit_list_nets4(const struct permit *, struct xrl_args *);
int		 permit_list_nets6(const struct permit *, struct xrl_args *);

/* xrl_target.c */
int		 xrl_target_init(struct finder *);
void		 xrl_target_trace(struct finder *, const struct fclient *,
		    const struct xrl *, const struct xrl_error *,
		    const struct xrl_args *);

/* listener.c */
struct listener;
struct listener	*listener_tcp(struct finder *, const char *addr,
		    uint16_t port);
struct listener	*listener_unix(struct finder *, const char *path);
void		 listener_free(struct listener *);

#endif

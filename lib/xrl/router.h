/*
 * DOC: an XRL router is a process's XRL endpoint. It owns the connection to
 * the Finder (registration, re-registration after a Finder restart, the
 * resolution cache and its invalidation), the listeners that serve the
 * process's targets (stcp:// on 127.0.0.1 and unix://), and a pool of
 * sender connections, one per (protocol, address), each pipelining up to
 * `window` calls. A process usually has one router hosting one target; a
 * router may host several targets on one Finder connection.
 *
 * Calls are asynchronous: xrl_router_send() queues the call and its
 * completion runs later from the event loop, exactly once: the reply, or
 * an error (NO_FINDER at once while the Finder is unreachable,
 * RESOLVE_FAILED, SEND_FAILED, REPLY_TIMED_OUT after timeout_ms).
 * Calls from one router to one target are delivered in order.
 */
#ifndef OKAPI_ROUTER_H
#define OKAPI_ROUTER_H

#include <event2/event.h>
#include <stdbool.h>
#include <stdint.h>

#include "dispatch.h"
#include "fconn.h"
#include "xrl.h"

struct xrl_router_opts {
	const char	*finder_addr;	/* default 127.0.0.1, or $OKAPI_FINDER */
	uint16_t	 finder_port;	/* default 1104 */
	const char	*finder_path;	/* Finder Unix socket instead of TCP */
	const char	*listen_addr;	/* stcp listener address; 127.0.0.1 */
	const char	*unix_dir;	/* unix listener directory; $OKAPI_RUNDIR
					   or /tmp; NULL-ish "" disables */
	bool		 no_tcp;	/* do not register an stcp endpoint */
	uint32_t	 timeout_ms;	/* per call; default 30000 */
	uint32_t	 window;	/* calls in flight per sender; 100 */
	uint32_t	 keepalive_ms;	/* idle sender HELO; 10000 */
	uint32_t	 idle_ms;	/* listener drops silent peers; 180000 */
};

struct xrl_router;
struct xrl_target;

/* router.c */
/*
 * A -F argument: a Unix socket path (it holds a '/'), HOST:PORT, or HOST
 * (port 1104). The options point into host (hostlen bytes) or into spec.
 * -1 when it is none of these.
 */
int		 xrl_router_opts_finder(struct xrl_router_opts *,
		    const char *spec, char *host, size_t hostlen);
struct xrl_router *xrl_router_new(struct event_base *,
		    const struct xrl_router_opts *);	/* opts may be NULL */
/* Calls still pending are dropped: their completions never run. */
void		 xrl_router_free(struct xrl_router *);
/* A target with a generated instance name "<class>-<32 hex>@127.0.0.1". */
struct xrl_target *xrl_router_add_target(struct xrl_router *,
		    const char *class_name, bool singleton);
const char	*xrl_target_instance(const struct xrl_target *);
const char	*xrl_target_class(const struct xrl_target *);
struct xrl_dispatch *xrl_target_dispatch(struct xrl_target *);
/* Ask the Finder for birth/death events (the target must implement
 * finder_event_observer/0.1). Kept across Finder restarts. */
int		 xrl_target_watch_class(struct xrl_target *, const char *);
int		 xrl_target_watch_instance(struct xrl_target *, const char *);
/* Open listeners and connect to the Finder; registration runs from the loop
 * and is redone, with backoff, whenever the Finder connection is lost. */
int		 xrl_router_start(struct xrl_router *);
/* Every target registered and enabled (false while re-registering). */
bool		 xrl_router_ready(const struct xrl_router *);
/* fn runs once, the first time the router is ready; set it before start. */
void		 xrl_router_on_ready(struct xrl_router *,
		    void (*)(struct xrl_router *, void *), void *);
struct event_base *xrl_router_base(const struct xrl_router *);

/*
 * Call target's command ("iface/ver/method") with args (copied: the caller
 * keeps them). target is a class or instance name; names starting with
 * "finder" are sent to the Finder itself. Returns 0, or -1 (no memory, bad
 * name) in which case fn is never called.
 */
int		 xrl_router_send(struct xrl_router *, const char *target,
		    const char *command, const struct xrl_args *args,
		    xrl_reply_fn fn, xrl_fnptr ucb, void *arg);
/* The same for a parsed XRL; stcp:// and unix:// XRLs skip the Finder. */
int		 xrl_router_send_xrl(struct xrl_router *, const struct xrl *,
		    xrl_reply_fn fn, xrl_fnptr ucb, void *arg);
/*
 * Blocking helper for tools: send and run the loop until the reply. Wait
 * for the router to be ready first when it hosts targets. Returns the
 * reply code; reply gets the atoms on OKAY.
 */
uint32_t	 xrl_router_call(struct xrl_router *, const struct xrl *,
		    struct xrl_args *reply, struct xrl_error *err);
/* Run the loop until the router is ready or ms pass; false on timeout. */
bool		 xrl_router_wait_ready(struct xrl_router *, uint32_t ms);

/*
 * Serving without a Finder (tests, benchmarks): open the listeners only,
 * and bind a method under a resolved name as if add_xrl had returned it.
 * The listener address is what follows "stcp://" or "unix://" in a
 * resolved XRL ("127.0.0.1:41234", ":tmp:xrl.12.0a1b2c3d"); NULL if none.
 */
int		 xrl_router_listen(struct xrl_router *);
const char	*xrl_router_listen_addr(const struct xrl_router *,
		    const char *protocol);
int		 xrl_target_bind_resolved(struct xrl_target *,
		    const char *method, const char *resolved);

#endif

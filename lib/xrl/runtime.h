/*
 * DOC: internals of the XRL runtime, shared by router.c (the router, its
 * targets, calls and their completion), stream.c (non-blocking STCP byte
 * streams), listener.c (serving our targets), sender.c (pooled, pipelined
 * connections to other targets), cache.c (the resolution cache and the
 * per-target call order) and finder_client.c (registration with the
 * Finder and its finder_client/0.2 calls). Not installed; no one outside
 * lib/xrl includes it.
 *
 * A call flows: xrl_router_send() -> cache_submit() -> on a cached
 * resolution sconn_send() builds the STCP frame straight into the
 * connection's output; otherwise the call waits on its remote target
 * until the Finder answers resolve_xrl, then follows the same path. The
 * reply comes back through sconn's read handler, which runs the
 * completion. Errors found outside the loop complete through the router's
 * deferred queue, so a completion never runs inside the call that queued
 * it.
 */
#ifndef OKAPI_XRL_RUNTIME_H
#define OKAPI_XRL_RUNTIME_H

#include <sys/queue.h>
#include <sys/types.h>

#include <event2/event.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "evloop.h"
#include "fconn.h"
#include "log.h"
#include "router.h"
#include "stcp.h"

#define XRL_DEFAULT_TIMEOUT_MS	30000
#define XRL_DEFAULT_WINDOW	100
#define XRL_KEEPALIVE_MS	10000	/* idle sender sends HELO */
#define XRL_IDLE_MS		180000	/* listener drops a silent peer */
#define XRL_FRAMES_PER_PASS	1024	/* then yield to the loop */
/*
 * A pass over a batch writes its output in about six pieces, so the peer
 * starts on the first while we do the rest: on two CPUs this halves the
 * time a pipelined batch takes (measured with window 100 and 40).
 */
#define XRL_FLUSH_SPLIT		6
#define XRL_FLUSH_MIN		8
#define XRL_FLUSH_MAX		32
#define XRL_READ_CHUNK		(256u << 10)
#define XRL_WBUF_HIGH		(8u << 20)	/* stop reading until drained */
#define FC_BACKOFF_MIN_MS	100
#define FC_BACKOFF_MAX_MS	2000

/* A chained hash with intrusive nodes; callers compare keys themselves. */
struct htab_node {
	struct htab_node	*next;
	uint32_t		 hash;
};

struct htab {
	struct htab_node	**b;
	uint32_t		  mask;
	uint32_t		  count;
};

/* A non-blocking STCP byte stream: read buffer, write buffer, events. */
struct stream {
	struct xrl_router	*r;
	int			 fd;
	struct event		*rd;
	struct event		*wr;
	uint8_t			*rbuf;
	size_t			 roff;		/* first unconsumed byte */
	size_t			 rlen;		/* end of data */
	size_t			 rcap;
	size_t			 need;		/* bytes the next frame needs */
	struct buf		 wbuf;
	size_t			 woff;		/* first unwritten byte */
	struct stcp_decoder	 dec;
	uint64_t		 last_rx;	/* ms */
	bool			 more;		/* frames left from last pass */
	bool			 werr;		/* a write failed */
	bool			 paused;	/* rd off until output drains */
	bool			 may_pause;	/* listener side only */
	bool			 on_dirty;
	TAILQ_ENTRY(stream)	 dirty;
};

enum call_state {
	CALL_IDLE,
	CALL_WAIT_FINDER,	/* finder-bound, Finder connecting */
	CALL_WAIT_RESOLVE,	/* on its rtarget's queue */
	CALL_QUEUED,		/* on a connection, not sent yet */
	CALL_SENT,
	CALL_DONE,		/* on the deferred completion queue */
};

struct xrl_call {
	TAILQ_ENTRY(xrl_call)	 entry;
	xrl_reply_fn		 fn;
	xrl_fnptr		 ucb;
	void			*arg;
	uint64_t		 deadline;	/* ms */
	uint32_t		 seq;
	uint8_t			 state;		/* enum call_state */
	struct rtarget		*rt;		/* while waiting */
	struct buf		 target;	/* finder-bound while waiting */
	struct buf		 cmd;		/* NUL-terminated, while waiting */
	struct buf		 args;		/* packed args, while waiting */
	struct buf		 frame;		/* whole frame, while queued */
	struct xrl_error	 err;		/* while CALL_DONE */
};
TAILQ_HEAD(call_list, xrl_call);

/* A target we call: a class or instance name, or "proto://addr". */
struct rtarget {
	struct htab_node	 hn;
	char			*name;
	bool			 direct;	/* no Finder: stcp:// unix:// */
	struct call_list	 wait;		/* in order, behind a resolve */
	TAILQ_HEAD(, resol)	 resols;
};

enum resol_state {
	RESOL_PENDING,		/* Finder connecting; not asked yet */
	RESOL_RESOLVING,
	RESOL_OK,
	RESOL_FAILED,		/* only while its target's queue drains */
};

/* One cached resolution: (target, command) -> connection + packed head. */
struct resol {
	struct htab_node	 hn;
	TAILQ_ENTRY(resol)	 rentry;	/* rtarget's list */
	TAILQ_ENTRY(resol)	 centry;	/* sconn's list, or orphans */
	struct rtarget		*rt;
	char			*command;
	uint8_t			 state;		/* enum resol_state */
	bool			 busy;		/* a resolve_xrl outstanding */
	bool			 orphan;	/* deleted while busy */
	struct sconn		*conn;
	struct buf		 head;		/* packed unnamed txt head atom */
	uint32_t		 code;		/* RESOL_FAILED */
	char			*note;
};

/* A pooled sender connection to one (protocol, address). */
struct sconn {
	TAILQ_ENTRY(sconn)	 entry;
	struct xrl_router	*r;
	char			*key;		/* "unix://:tmp:xrl.1.ab" */
	struct stream		 s;
	struct call_list	 calls;		/* sent (seq order), then queued */
	struct xrl_call		*unsent;	/* first queued */
	uint32_t		 inflight;
	uint32_t		 next_seq;
	bool			 connected;
	bool			 helo_out;
	uint64_t		 helo_at;
	struct event		*timer;
	uint64_t		 timer_at;
	TAILQ_HEAD(, resol)	 resols;
};

/* An accepted connection on one of our listeners. */
struct lconn {
	TAILQ_ENTRY(lconn)	 entry;
	struct xrl_router	*r;
	struct stream		 s;
	struct event		*idle;
};

/* An outstanding call to the Finder made by the router itself. */
enum fop_kind {
	FOP_REGISTER,
	FOP_RESOLVE,
};

struct fop {
	TAILQ_ENTRY(fop)	 entry;
	struct xrl_router	*r;		/* NULL: router gone */
	uint8_t			 kind;
	uint64_t		 gen;		/* Finder connection */
	struct resol		*res;		/* FOP_RESOLVE */
};

enum target_stage {
	TS_REGISTER,
	TS_ADD_XRL,
	TS_ENABLE,
	TS_WATCH,
	TS_DONE,
};

struct watch {
	char			*name;
	bool			 instance;
};

struct xrl_target {
	TAILQ_ENTRY(xrl_target)	 entry;
	struct xrl_router	*r;
	char			*class_name;
	char			*instance;
	bool			 singleton;
	struct xrl_dispatch	*d;
	char			*cookie;	/* from register_finder_client */
	struct watch		*watches;
	uint32_t		 nwatch;
	uint8_t			 stage;		/* enum target_stage */
	uint32_t		 idx;
};

enum fc_state {
	FC_IDLE,		/* not started */
	FC_DOWN,		/* waiting to reconnect */
	FC_CONNECTING,
	FC_UP,
};

struct xrl_router {
	struct event_base	*base;
	/* options, defaults applied */
	char			*finder_addr;
	uint16_t		 finder_port;
	char			*finder_path;
	char			*listen_addr;
	char			*unix_dir;	/* NULL: no unix listener */
	bool			 no_tcp;
	uint32_t		 timeout_ms;
	uint32_t		 window;
	uint32_t		 keepalive_ms;
	uint32_t		 idle_ms;
	bool			 trace;		/* XRLTRACE */
	bool			 fctrace;	/* FINDERCLIENTTRACE */

	TAILQ_HEAD(, xrl_target) targets;
	struct xrl_dispatch	*resolved;	/* resolved name -> entry */
	struct stcp_server	 srv;

	/* listener.c */
	bool			 listening;
	int			 ufd;
	int			 tfd;
	struct event		*uev;
	struct event		*tev;
	char			*upath;
	char			*uaddr;		/* path with '/' -> ':' */
	char			*taddr;		/* "127.0.0.1:41234" */
	TAILQ_HEAD(, lconn)	 lconns;
	struct log_limit	 lim;
	bool			 fc_unreachable;	/* said so; say when back */

	/* sender.c */
	TAILQ_HEAD(, sconn)	 sconns;
	struct xrl_args		 scratch;

	/* router.c: calls */
	struct call_list	 free_calls;
	uint32_t		 nfree;
	struct call_list	 done;
	struct event		*done_ev;
	int			 depth;
	TAILQ_HEAD(, stream)	 dirty;

	/* cache.c */
	struct htab		 rtargets;
	struct htab		 resols;
	TAILQ_HEAD(, resol)	 orphans;

	/* finder_client.c */
	uint8_t			 fc_state;	/* enum fc_state */
	struct fconn		*fc;
	int			 fc_fd;		/* while connecting */
	struct event		*fc_ev;		/* connect completion */
	struct event		*fc_timer;	/* reconnect, deferred drop */
	uint32_t		 fc_backoff;
	uint64_t		 fc_gen;
	bool			 fc_busy;	/* a registration step out */
	bool			 fc_drop;	/* drop the connection soon */
	struct xrl_dispatch	*fc_dispatch;	/* finder_client/0.2 */
	struct call_list	 fc_wait;	/* finder-bound, connecting */
	TAILQ_HEAD(, fop)	 fops;
	bool			 registered;
	bool			 ready_done;
	void			(*ready_fn)(struct xrl_router *, void *);
	void			*ready_arg;
};

/* router.c */
void		 router_enter(struct xrl_router *);
void		 router_leave(struct xrl_router *);
/* Write out every stream with output pending, even mid-pass. */
void		 router_flush(struct xrl_router *);
/* How many frames to handle between flushes, for a batch of n. */
unsigned	 router_flush_every(unsigned n);
struct xrl_call	*call_get(struct xrl_router *);
void		 call_put(struct xrl_router *, struct xrl_call *);
/* Complete now with the reply (from the loop only). */
void		 call_complete(struct xrl_router *, struct xrl_call *,
		    const struct xrl_error *, const struct xrl_args *);
/* Complete later, from the loop, with an error. */
void		 call_fail(struct xrl_router *, struct xrl_call *,
		    uint32_t code, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
uint64_t	 router_now(struct xrl_router *);

/* stream.c */
int		 stream_init(struct stream *, struct xrl_router *, int fd,
		    event_callback_fn rd, event_callback_fn wr, void *arg);
void		 stream_fini(struct stream *);
/* One read(): >0 bytes, 0 EOF, -1 error, -2 nothing to read. */
ssize_t		 stream_read(struct stream *, size_t need);
/* Output is buffered: write it now, or at the end of this pass. */
void		 stream_output(struct stream *);
/* Write what is buffered; -1 when the stream failed. */
int		 stream_flush(struct stream *);
/* The write event fired: flush, and resume reading when drained. */
void		 stream_writable(struct stream *);

/* listener.c */
int		 listener_open(struct xrl_router *);
void		 listener_close(struct xrl_router *);

/* sender.c */
struct sconn	*sconn_get(struct xrl_router *, const char *proto,
		    const char *addr, size_t addrlen);
/*
 * Send call on c: head is the packed head atom, and the arguments are
 * either args or packed ("cc n" + atoms, as xrl_args_pack makes them).
 */
void		 sconn_send(struct sconn *, const struct buf *head,
		    struct xrl_call *, const struct xrl_args *args,
		    const struct buf *packed);
void		 sconn_free_all(struct xrl_router *);

/* cache.c */
uint32_t	 htab_hash(const void *, size_t, uint32_t);
int		 htab_insert(struct htab *, struct htab_node *);
void		 htab_remove(struct htab *, struct htab_node *);
struct htab_node *htab_first(const struct htab *, uint32_t hash);
void		 cache_init(struct xrl_router *);
void		 cache_fini(struct xrl_router *);
struct rtarget	*rtarget_get(struct xrl_router *, const char *name,
		    size_t len, bool direct);
/* Route call to rt's command; args (or call->args if NULL) packed. */
void		 cache_submit(struct xrl_router *, struct rtarget *,
		    const char *command, struct xrl_call *,
		    const struct xrl_args *args);
void		 resol_del(struct xrl_router *, struct resol *);
void		 resol_fail(struct resol *, uint32_t code, const char *note);
/* Free a resolution nothing refers to any more. */
void		 resol_reap(struct resol *);
void		 cache_remove_xrl(struct xrl_router *, const char *target,
		    const char *command);
void		 cache_remove_target(struct xrl_router *, const char *);
/* The Finder came up: ask for every pending resolution. */
void		 cache_finder_up(struct xrl_router *);
/* The Finder went away: drop Finder resolutions, fail their waiters. */
void		 cache_finder_lost(struct xrl_router *);
/* A resolve_xrl call came back. */
void		 cache_resolved(struct xrl_router *, struct resol *,
		    const struct xrl_error *, const struct xrl_args *);
bool		 pack_head(struct buf *, const char *, size_t);

/* finder_client.c */
int		 fc_init(struct xrl_router *);
void		 fc_fini(struct xrl_router *);
int		 fc_start(struct xrl_router *);
/* Registration work appeared (a target or watch added). */
void		 fc_kick(struct xrl_router *);
/* Send a finder-bound call; fails it with NO_FINDER when down. */
void		 fc_send(struct xrl_router *, struct xrl_call *,
		    const struct xrl *);
/* Ask the Finder to resolve res. */
void		 fc_resolve(struct xrl_router *, struct resol *);

#endif

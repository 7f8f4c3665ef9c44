/*
 * DOC: a Finder-protocol connection (§11.1-11.2). Both ends send requests
 * on the same TCP or Unix stream and number them independently; replies
 * repeat the request's sequence number. Used by the Finder daemon (one per
 * client) and by every process's Finder client. Frames longer than
 * FINDER_MSG_MAX, or of length 0, close the connection (the stream cannot be
 * resynchronised); a well-framed but malformed request is answered with
 * BAD_ARGS and the connection stays up.
 */
#ifndef OKAPI_FCONN_H
#define OKAPI_FCONN_H

#include <event2/event.h>
#include <stdint.h>

#include "finder_msg.h"
#include "xrl.h"

typedef void (*xrl_fnptr)(void);
/*
 * Completion of a call: err is OKAY and reply holds the return atoms, or err
 * says what failed and reply is empty. ucb and arg are passed through
 * untouched (generated stubs put the typed user callback in ucb).
 * Completions always run from the event loop, never inside the call that
 * queued them.
 */
typedef void (*xrl_reply_fn)(const struct xrl_error *err,
    const struct xrl_args *reply, xrl_fnptr ucb, void *arg);

struct fconn;

struct fconn_cbs {
	/*
	 * An incoming request. Answer it, now or later, with fconn_reply();
	 * msg->xrl may be moved out by the callee (it is cleared afterwards).
	 */
	void	(*request)(struct fconn *, struct finder_msg *msg, void *arg);
	/* The peer went away or broke the framing; free the fconn here. */
	void	(*closed)(struct fconn *, void *arg);
};

/* fconn.c */
struct fconn	*fconn_new(struct event_base *, int fd, const struct fconn_cbs *,
		    void *arg);
/* Fails every outstanding call with SEND_FAILED (from the loop), closes. */
void		 fconn_free(struct fconn *);
/*
 * Send a request; fn runs once with the reply, or REPLY_TIMED_OUT after
 * timeout_ms (0: the 30 s default), or SEND_FAILED if the connection goes.
 * Requests are numbered from 1001 on each connection. Returns 0, or -1 (too
 * large, no memory, connection closed) and then fn is never called.
 */
int		 fconn_call(struct fconn *, const struct xrl *, uint32_t timeout_ms,
		    xrl_reply_fn fn, xrl_fnptr ucb, void *arg);
/* args may be NULL (error replies). -1 if it could not be queued. */
int		 fconn_reply(struct fconn *, uint32_t seq, const struct xrl_error *,
		    const struct xrl_args *);
/* Peer description for logs ("127.0.0.1:41234" or "unix"). */
const char	*fconn_peer(const struct fconn *);
uint32_t	 fconn_outstanding(const struct fconn *);

#endif

/*
 * DOC: session: the BEEP session core (RFC 3080 2, RFC 3081 3), a pure
 * state machine: no sockets, no event loop, no globals. The caller feeds
 * the octets read from TCP to beep_session_recv() and gets the octets to
 * write through the output callback; everything else comes back through
 * the other callbacks of struct beep_session_cfg.
 *
 * What it does. The greeting exchange on channel 0 (the first frame
 * received must be RPY 0 0, or ERR 0 0 from a listener); channel
 * bookkeeping (which numbers are open, the parity rule as helpers);
 * msgno allocation; the seqno of each channel and direction; every
 * per-frame rule of RFC 3080 2.2.1.1 that needs session state (digest
 * 2.3, checklist 5-13, 17, 46); reassembly of messages split over frames
 * up to a maximum size; replies sent in the order their MSGs arrived
 * whatever the order the application answers in; RFC 3081 flow control:
 * a receive window per channel advertised with SEQ, the peer's window
 * obeyed by splitting messages into frames that fit and queueing the
 * rest until its next SEQ.
 *
 * What it leaves to the layers above. Channel 0's XML (greeting, start,
 * close, ok, error) is handed over as bytes and sent as bytes; which
 * profile runs on which channel, when a channel may be closed (see
 * beep_session_channel_status()), TLS, SASL and TUNNEL are theirs. They
 * call beep_session_stop() at the frame that triggers a tuning reset,
 * beep_session_reset() once the new transport is ready, and
 * beep_session_release() after the close 0 / ok exchange.
 *
 * Errors. A poorly formed frame or a broken rule makes
 * beep_session_recv() return a fatal code (beep_session_err_fatal()) with
 * a message (beep_session_errmsg()); the caller then closes TCP without
 * sending anything more (digest 1, 2.3). Calls that cannot be done (a
 * reply to a MSG that did not arrive, a channel that is not open) return
 * a non-fatal code and change nothing.
 *
 * Callbacks may call back into the session (send a reply, open or close a
 * channel, stop, reset, abort), but not beep_session_free(). A payload
 * handed to a callback is valid until the callback returns.
 */
#ifndef OKAPI_BEEP_SESSION_H
#define OKAPI_BEEP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* RFC 3081 3.1.3: the window every channel starts with. */
#define BEEP_WINDOW_INITIAL	4096U
#define BEEP_MSG_MAX_DEFAULT	(1U << 20)

enum beep_role {
	BEEP_ROLE_INITIATOR,	/* active opener: odd channel numbers */
	BEEP_ROLE_LISTENER,	/* passive opener: even channel numbers */
};

enum beep_sess_state {
	BEEP_SESS_ST_GREETING	= 0x01,	/* the peer's greeting not yet in */
	BEEP_SESS_ST_OPEN	= 0x02,
	BEEP_SESS_ST_REFUSED	= 0x04,	/* ERR 0 0 sent or received */
	BEEP_SESS_ST_RELEASED	= 0x08,	/* close 0 answered with ok */
	BEEP_SESS_ST_ABORTED	= 0x10,	/* a fatal error */
};

enum beep_sess_err {
	BEEP_SESS_OK = 0,
	/* Fatal: close TCP without sending anything (digest 1, 2.3). */
	BEEP_SESS_ERR_FRAME,		/* poorly formed frame (codec) */
	BEEP_SESS_ERR_GREETING,		/* first frame not the greeting (28) */
	BEEP_SESS_ERR_CHANNEL,		/* channel not open (5) */
	BEEP_SESS_ERR_SEQNO,		/* unexpected seqno (6, 7) */
	BEEP_SESS_ERR_WINDOW,		/* past our advertised window (17) */
	BEEP_SESS_ERR_NUL,		/* NUL not after ANS (9) */
	BEEP_SESS_ERR_KEYWORD,		/* continuation changes keyword (10) */
	BEEP_SESS_ERR_INTERLEAVE,	/* other msgno after '*' (11) */
	BEEP_SESS_ERR_MSGNO_REUSE,	/* MSG awaiting our reply (12) */
	BEEP_SESS_ERR_MSGNO_UNKNOWN,	/* reply to no MSG of ours (13) */
	BEEP_SESS_ERR_SEQ,		/* bad SEQ channel or ackno (46) */
	BEEP_SESS_ERR_MSG_SIZE,		/* message above msg_max */
	BEEP_SESS_ERR_ABORT,		/* beep_session_abort() */
	BEEP_SESS_ERR_NOMEM,		/* out of memory */
	/* Not fatal: the call was refused, nothing changed. */
	BEEP_SESS_ERR_STATE,		/* not in this session state */
	BEEP_SESS_ERR_INVAL,		/* no such channel, msgno, ... */
	BEEP_SESS_ERR_CLOSED,		/* the session is over */
	BEEP_SESS_ERR_MAX
};

/* Why a peer's start cannot have a number (RFC 3080 2.3.1.2). */
enum beep_start_check {
	BEEP_START_OK,
	BEEP_START_ZERO,
	BEEP_START_PARITY,
	BEEP_START_IN_USE,
};

/* beep_session_channel_open() flags. */
#define BEEP_CHAN_STREAM	0x01	/* deliver each frame, no reassembly */
#define BEEP_CHAN_MANUAL	0x02	/* window reopens on ..._consume() */

struct beep_session_cfg {
	enum beep_role	 role;
	uint32_t	 window;	/* receive window; 0: 4096 */
	uint32_t	 frame_max;	/* payload per frame sent; 0: 4096 */
	uint32_t	 msg_max;	/* reassembled message; 0: 1 MiB */
	void		*arg;		/* first argument of every callback */
	/* Octets to write to TCP, in order. Required. */
	void		(*output)(void *arg, const uint8_t *p, size_t len);
	/* The peer's greeting (RPY) or refusal (ERR), whole. */
	void		(*greeting)(void *arg, enum beep_type type,
			    const uint8_t *p, size_t len);
	/* A whole channel-0 message other than the greeting. */
	void		(*channel0)(void *arg, enum beep_type type,
			    uint32_t msgno, uint32_t ansno, const uint8_t *p,
			    size_t len);
	/*
	 * A message on another channel: whole (complete true), or with
	 * BEEP_CHAN_STREAM one frame at a time, complete on the last. A
	 * NUL comes as an empty complete message.
	 */
	void		(*deliver)(void *arg, uint32_t channel,
			    enum beep_type type, uint32_t msgno,
			    uint32_t ansno, const uint8_t *p, size_t len,
			    bool complete);
};

/* What keeps a channel from closing (digest 5.4, checklist 34, 35). */
struct beep_chan_status {
	unsigned int	 msgs_unacked;	/* our MSGs with no reply frame yet */
	unsigned int	 msgs_unreplied; /* our MSGs without a whole reply */
	unsigned int	 replies_owed;	/* peer's MSGs not fully answered */
	size_t		 tx_queued;	/* payload octets not yet sent */
	uint32_t	 tx_space;	/* the peer's window left */
};

struct beep_session;

/* session.c */
const char	*beep_sess_err_str(enum beep_sess_err);
const char	*beep_sess_state_name(enum beep_sess_state);
bool		 beep_sess_err_fatal(enum beep_sess_err);

struct beep_session *beep_session_new(const struct beep_session_cfg *);
void		 beep_session_free(struct beep_session *);
enum beep_sess_state beep_session_state(const struct beep_session *);
enum beep_role	 beep_session_role(const struct beep_session *);
/* The last fatal error and its text ("" if none). */
enum beep_sess_err beep_session_err(const struct beep_session *);
const char	*beep_session_errmsg(const struct beep_session *);

/*
 * Take octets from TCP. *used (may be NULL) says how many were taken:
 * all of them unless a callback stopped or reset the session, in which
 * case the rest (TLS handshake, a TUNNEL pipe) belongs to the caller.
 */
enum beep_sess_err beep_session_recv(struct beep_session *,
		    const uint8_t *p, size_t len, size_t *used);

/* Our greeting (RPY 0 0), or as listener a refusal (ERR 0 0). */
enum beep_sess_err beep_session_greet(struct beep_session *,
		    const void *p, size_t len);
enum beep_sess_err beep_session_refuse(struct beep_session *,
		    const void *p, size_t len);

enum beep_sess_err beep_session_send_msg(struct beep_session *,
		    uint32_t channel, const void *p, size_t len,
		    uint32_t *msgno);
enum beep_sess_err beep_session_send_rpy(struct beep_session *,
		    uint32_t channel, uint32_t msgno, const void *p,
		    size_t len);
enum beep_sess_err beep_session_send_err(struct beep_session *,
		    uint32_t channel, uint32_t msgno, const void *p,
		    size_t len);
enum beep_sess_err beep_session_send_ans(struct beep_session *,
		    uint32_t channel, uint32_t msgno, const void *p,
		    size_t len, uint32_t *ansno);
enum beep_sess_err beep_session_send_nul(struct beep_session *,
		    uint32_t channel, uint32_t msgno);

/* Channel bookkeeping; channel 0 is always open. */
enum beep_sess_err beep_session_channel_open(struct beep_session *,
		    uint32_t channel, unsigned int flags);
enum beep_sess_err beep_session_channel_close(struct beep_session *,
		    uint32_t channel);
bool		 beep_session_channel_is_open(const struct beep_session *,
		    uint32_t channel);
/* A free number of our parity for a start we send. */
enum beep_sess_err beep_session_channel_next(struct beep_session *,
		    uint32_t *channel);
/* May the peer start this number (checklist 29)? */
enum beep_start_check beep_session_start_check(const struct beep_session *,
		    uint32_t channel);
/* After our close is sent: refuse new MSGs there (checklist 34). */
enum beep_sess_err beep_session_channel_closing(struct beep_session *,
		    uint32_t channel);
enum beep_sess_err beep_session_channel_status(const struct beep_session *,
		    uint32_t channel, struct beep_chan_status *);
/* Grow a channel's receive window; it never shrinks (checklist 45). */
enum beep_sess_err beep_session_channel_window(struct beep_session *,
		    uint32_t channel, uint32_t window);
/* BEEP_CHAN_MANUAL: the application has consumed n more octets. */
enum beep_sess_err beep_session_consume(struct beep_session *,
		    uint32_t channel, uint32_t n);

/*
 * Tuning (digest 8). stop: from now on no frame leaves, not even a SEQ,
 * and recv returns after the current frame. reset: every channel gone,
 * channel 0 fresh (seqnos 0, windows 4096, msgnos restart), awaiting
 * greetings again; roles are kept. release: the session is over after
 * close 0 / ok (digest 5.5). abort: the application found a fatal error
 * (for instance a malformed channel-0 reply, checklist 39).
 */
void		 beep_session_stop(struct beep_session *);
bool		 beep_session_stopped(const struct beep_session *);
void		 beep_session_reset(struct beep_session *);
void		 beep_session_release(struct beep_session *);
void		 beep_session_abort(struct beep_session *, const char *why);
/* Nothing queued on any channel: every frame given to output. */
bool		 beep_session_flushed(const struct beep_session *);

#endif

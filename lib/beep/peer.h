/*
 * DOC: peer: a BEEP peer on libevent (RFC 3080, RFC 3081). It joins the
 * pure pieces (session.c for frames and channels, mime.c and mgmt.c for
 * channel 0's XML) to a TCP socket through a bufferevent, and gives
 * profiles an event-driven API. No globals; errors are returned.
 *
 * Profiles. The owner registers profile implementations (struct
 * beep_profile_ops): each says whether it is offered in the greeting
 * right now (TUNNEL is not after TLS, PLAIN only inside TLS), answers a
 * peer's start, now or later (beep_peer_accept() / beep_peer_refuse()
 * on the struct beep_start_req it was handed), and gets the messages of
 * the channels it owns. The peer answers what no profile can: wrong
 * channel numbers (501), unknown profiles (550), malformed XML
 * (500/501), close requests.
 *
 * As client, beep_peer_start() asks the peer for a channel and
 * beep_peer_msg() sends a MSG on it; their callbacks get the answer.
 *
 * Tuning (digest 8). A profile that changes the session calls
 * beep_peer_tune() once the frame that triggers it has been sent or
 * received: nothing of the old session leaves after that, not even a
 * SEQ, and the octets that follow stay unread. Then one of:
 * beep_peer_restart() (a new session on the same TCP, both greet again:
 * TUNNEL's final destination and its initiator), beep_peer_starttls()
 * (a TLS handshake, then a new session inside it), or beep_peer_detach()
 * (the socket and every octet not yet consumed or sent go to a relay).
 *
 * Everything the peer learned is dropped at a reset; the facts that
 * survive are the owner's business (beep_peer_set_user(), the TLS flag).
 */
#ifndef OKAPI_BEEP_PEER_H
#define OKAPI_BEEP_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <event2/bufferevent.h>
#include <openssl/ssl.h>

#include "buf.h"
#include "frame.h"
#include "mgmt.h"
#include "session.h"

struct beep_peer;

/* A peer's start waiting for an answer; valid until answered. */
struct beep_start_req {
	struct beep_peer	*peer;
	uint32_t		 msgno;		/* of the start, on channel 0 */
	uint32_t		 channel;
	const char		*uri;		/* the profile chosen */
	const char		*server_name;	/* NULL: none */
	const uint8_t		*content;	/* piggyback, decoded; NULL */
	size_t			 content_len;
	void			*ops_arg;
	bool			 answered;
};

struct beep_profile_ops {
	const char	*uri;
	unsigned int	 chan_flags;	/* BEEP_CHAN_* for its channels */
	void		*arg;
	/* In our greeting now? NULL: always. */
	bool		(*offer)(struct beep_peer *, void *arg);
	/*
	 * The peer starts a channel with this profile. Answer with
	 * beep_peer_accept() or beep_peer_refuse(), before returning or
	 * later (the request stays valid until answered or the peer goes).
	 */
	void		(*start)(struct beep_peer *, struct beep_start_req *,
			    void *arg);
	/* A whole message (MIME entity) on one of its channels. */
	void		(*message)(struct beep_peer *, uint32_t channel,
			    enum beep_type, uint32_t msgno, const uint8_t *p,
			    size_t len, void *arg);
	/* One of its channels is gone (close, reset, end of session). */
	void		(*closed)(struct beep_peer *, uint32_t channel,
			    void *arg);
};

/* The answer to our start, or to a MSG we sent. */
struct beep_start_result {
	bool			 ok;
	uint32_t		 channel;
	const char		*uri;		/* ok: the profile accepted */
	const uint8_t		*content;	/* ok: piggybacked reply */
	size_t			 content_len;
	unsigned int		 code;		/* !ok: the error's code */
	const char		*text;		/* !ok: its text, or "" */
};

typedef void (*beep_start_cb)(struct beep_peer *,
		    const struct beep_start_result *, void *arg);
/* type is RPY, ERR, ANS or NUL; p/len the whole message. */
typedef void (*beep_reply_cb)(struct beep_peer *, uint32_t channel,
		    enum beep_type type, const uint8_t *p, size_t len,
		    void *arg);

struct beep_peer_cfg {
	enum beep_role			 role;
	const struct beep_profile_ops	*profiles;
	size_t				 nprofiles;
	uint32_t			 window;	/* 0: 4096 */
	uint32_t			 frame_max;	/* 0: 4096 */
	const char			*name;		/* for logs */
	void				*arg;
	/* The peer's greeting arrived (again after each reset). */
	void	(*ready)(struct beep_peer *, void *arg);
	/* The session is over: why says how. The owner frees the peer. */
	void	(*gone)(struct beep_peer *, const char *why, void *arg);
};

/* What beep_peer_detach() hands over. */
struct beep_detached {
	int			 fd;		/* the socket, now the caller's */
	struct bufferevent	*tls;		/* non-NULL: the TLS stream */
	struct buf		 in;		/* read, not consumed */
	struct buf		 out;		/* queued, not yet written */
};

/* peer.c */
/* fd is connected; the peer owns it from now on, even on failure. */
struct beep_peer *beep_peer_new(struct event_base *, int fd,
		    const struct beep_peer_cfg *, char *err, size_t errlen);
void		 beep_peer_free(struct beep_peer *);
/* Send our greeting, or as listener a refusal (ERR 0 0) and go. */
int		 beep_peer_greet(struct beep_peer *);
int		 beep_peer_refuse_session(struct beep_peer *,
		    unsigned int code, const char *text);

const char	*beep_peer_name(const struct beep_peer *);
/* The owner's arg from the configuration. */
void		*beep_peer_arg(const struct beep_peer *);
enum beep_role	 beep_peer_role(const struct beep_peer *);
struct event_base *beep_peer_base(const struct beep_peer *);
bool		 beep_peer_is_ready(const struct beep_peer *);
/* Does the peer's greeting offer this profile? */
bool		 beep_peer_offers(const struct beep_peer *, const char *uri);
bool		 beep_peer_tls_active(const struct beep_peer *);
SSL		*beep_peer_ssl(const struct beep_peer *);
/* The authenticated identity (set by SASL), NULL if none. */
const char	*beep_peer_user(const struct beep_peer *);
int		 beep_peer_set_user(struct beep_peer *, const char *);
/* Channels open besides 0. */
unsigned int	 beep_peer_channels(const struct beep_peer *);
void		*beep_peer_chan_ctx(const struct beep_peer *, uint32_t channel);
int		 beep_peer_set_chan_ctx(struct beep_peer *, uint32_t channel,
		    void *);

/* Answers to a peer's start. content is piggybacked (may be NULL). */
int		 beep_peer_accept(struct beep_start_req *,
		    const void *content, size_t len);
int		 beep_peer_refuse(struct beep_start_req *, unsigned int code,
		    const char *text);

/* As client: start a channel with one profile, piggyback optional. */
int		 beep_peer_start(struct beep_peer *, const char *uri,
		    const void *content, size_t len, const char *server_name,
		    beep_start_cb, void *arg);
/* A MSG on channel (a whole MIME entity), its reply to cb. */
int		 beep_peer_msg(struct beep_peer *, uint32_t channel,
		    const void *p, size_t len, beep_reply_cb, void *arg);
int		 beep_peer_rpy(struct beep_peer *, uint32_t channel,
		    uint32_t msgno, const void *p, size_t len);
int		 beep_peer_err(struct beep_peer *, uint32_t channel,
		    uint32_t msgno, unsigned int code, const char *text);
/* Close a channel (checklist 34); cb gets ok or the error. */
int		 beep_peer_close(struct beep_peer *, uint32_t channel,
		    beep_start_cb, void *);
/* Release the session (close 0); gone() follows. */
int		 beep_peer_release(struct beep_peer *, beep_start_cb, void *);
/* Close TCP now, without a word (fatal errors, digest 1). */
void		 beep_peer_abort(struct beep_peer *, const char *why);

/* Tuning (see DOC). */
void		 beep_peer_tune(struct beep_peer *);
int		 beep_peer_restart(struct beep_peer *);
int		 beep_peer_starttls(struct beep_peer *, SSL *, bool server);
int		 beep_peer_detach(struct beep_peer *, struct beep_detached *);

/* A message of type application/beep+xml: its body, or a reply code. */
unsigned int	 beep_xml_body(const uint8_t *p, size_t len,
		    const uint8_t **body, size_t *blen);
/* Content-Type: application/beep+xml, element, CR LF; into out. */
int		 beep_xml_msg(struct buf *out, const struct beep_mgmt *);

#endif

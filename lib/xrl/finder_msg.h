/*
 * DOC: the Finder's text protocol (§11.1, §11.2): each message is a 4-byte
 * big-endian length and then "Finder 0.2\nMsgType x|r\nSeqNo N\nMsgData ...".
 * Requests carry one XRL in text form; replies carry "<code> / <escaped
 * note>\n<return args>". Pure codec: no sockets.
 */
#ifndef OKAPI_FINDER_MSG_H
#define OKAPI_FINDER_MSG_H

#include <stdint.h>

#include "buf.h"
#include "xrl.h"

#define FINDER_MSG_MAX		65536	/* largest message body */
#define FINDER_DEFAULT_PORT	1104

enum finder_msg_type {
	FINDER_MSG_REQUEST = 'x',
	FINDER_MSG_REPLY = 'r',
};

struct finder_msg {
	char		 type;		/* enum finder_msg_type */
	uint32_t	 seq;
	struct xrl	 xrl;		/* requests */
	struct xrl_error err;		/* replies */
	struct xrl_args	 args;		/* replies */
};

/* finder_msg.c */
void	finder_msg_init(struct finder_msg *);
void	finder_msg_clear(struct finder_msg *);
/*
 * Parse one message body (without its length prefix). Returns 0, or -1 with
 * err filled. On a request whose header parsed but whose XRL did not, *seq
 * (if not NULL) is set so the caller can answer with an error; m->type and
 * m->seq are then set too (a reply with a corrupt body can fail its call).
 * m->type stays 0 when the header itself was bad.
 */
int	finder_msg_parse(struct finder_msg *, const uint8_t *, size_t,
	    uint32_t *seq, char *err, size_t errlen);
/*
 * Append a framed message (length prefix included). false if the body would
 * exceed FINDER_MSG_MAX (nothing is appended) or memory ran out (the buf is
 * marked failed). args may be NULL.
 */
bool	finder_msg_request(struct buf *, uint32_t seq, const struct xrl *);
bool	finder_msg_reply(struct buf *, uint32_t seq, const struct xrl_error *,
	    const struct xrl_args *);

#endif

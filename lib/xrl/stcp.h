/*
 * DOC: STCP framing (§10.3), shared by the stcp:// (TCP) and unix://
 * transports: a 24-byte big-endian header, an error note, a payload.
 */
#ifndef OKAPI_STCP_H
#define OKAPI_STCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "dispatch.h"
#include "xrl.h"

#define STCP_HDR_LEN		24
#define STCP_FOURCC		0x53544350	/* "STCP" */
#define STCP_MAJOR		1
#define STCP_MINOR		1
/* Largest payload we buffer; larger requests are skipped and refused. */
#define STCP_MAX_PAYLOAD	(16u << 20)

enum stcp_type {
	STCP_HELO = 0,
	STCP_HELO_ACK = 1,
	STCP_REQUEST = 2,
	STCP_RESPONSE = 3,
};

struct stcp_hdr {
	uint32_t	 seq;
	uint8_t		 flags;
	uint8_t		 type;		/* enum stcp_type */
	uint32_t	 code;		/* enum xrl_code; 100 in requests */
	uint32_t	 note_len;
	uint32_t	 payload_len;
};

/*
 * Incremental decoding of a received stream. Each step looks at the bytes
 * not yet consumed and says what it found; frames are returned in place
 * (note and payload point into the input), so a reader decodes straight
 * out of its read buffer. An oversized frame is reported once, with its
 * header, and its body is then skipped as it arrives, never buffered.
 */
enum stcp_dec {
	STCP_DEC_MORE,		/* need more bytes; *need says how many in all */
	STCP_DEC_FRAME,		/* a complete frame */
	STCP_DEC_OVERSIZE,	/* header of a frame too large to buffer */
	STCP_DEC_SKIP,		/* consumed part of an oversized body */
	STCP_DEC_BAD,		/* bad fourcc, version or type: close */
};

struct stcp_decoder {
	uint8_t		 skipping;
	uint64_t	 skip;		/* body bytes still to skip */
};

struct stcp_frame {
	struct stcp_hdr	 hdr;
	const uint8_t	*note;		/* hdr.note_len bytes */
	const uint8_t	*payload;	/* hdr.payload_len bytes */
};

/*
 * What a listener needs to answer requests: the resolved-name table and
 * scratch argument lists reused from call to call. Pure: no sockets.
 */
struct stcp_server {
	const struct xrl_dispatch *resolved;	/* resolved name -> entry */
	bool		 trace;			/* log requests (XRLTRACE) */
	struct xrl_args	 in;
	struct xrl_args	 out;
	uint64_t	 requests;
	uint64_t	 errors;		/* error responses sent */
};

/* stcp.c */
/* p holds at least STCP_HDR_LEN bytes; -1 on bad fourcc, version or type. */
int	stcp_hdr_parse(const uint8_t *p, struct stcp_hdr *);
void	stcp_hdr_write(uint8_t *p, const struct stcp_hdr *);
/* Append a header; its note and payload are the caller's to append. */
bool	stcp_hdr_put(struct buf *, const struct stcp_hdr *);
void	stcp_decoder_init(struct stcp_decoder *);
/* One step over p[0..len); *used bytes are consumed in every case. */
enum stcp_dec stcp_decode(struct stcp_decoder *, const uint8_t *p,
	    size_t len, size_t *used, size_t *need, struct stcp_frame *);

/* serve.c */
void	stcp_server_init(struct stcp_server *, const struct xrl_dispatch *);
void	stcp_server_clear(struct stcp_server *);
/*
 * Answer up to max complete frames of p[0..len), appending the responses
 * to out. Returns the number of frames handled (max means there may be
 * more); *used bytes are consumed, *need is how many bytes the next frame
 * needs in all, and *bad is set when the stream must be closed.
 */
unsigned stcp_serve(struct stcp_server *, struct stcp_decoder *,
	    const uint8_t *p, size_t len, unsigned max, struct buf *out,
	    size_t *used, size_t *need, bool *bad);
/* Answer one frame (any type) into out. */
void	stcp_serve_frame(struct stcp_server *, const struct stcp_frame *,
	    struct buf *out);

#endif

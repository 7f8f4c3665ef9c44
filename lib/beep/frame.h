/*
 * DOC: frame: the BEEP frame codec, pure: no sockets, no event loop, no
 * globals. It reads and writes the data frames of RFC 3080 2.2.1 (MSG,
 * RPY, ERR, ANS, NUL: a header line, size octets of payload, the trailer
 * END CR LF) and the SEQ frame of RFC 3081 3.1.3 (one line, no payload).
 *
 * Receiving. A struct beep_frame_dec takes the bytes of one direction of
 * a session as they come from TCP, split anywhere (byte by byte
 * included), and says what it found: a data frame's header (before any
 * of its payload is taken, so that the session can check the channel,
 * the seqno and its window first), a complete frame, or a poorly formed
 * one (RFC 3080 2.2.1.1), each kind with its own error code. It never
 * reads past the end of the frame it reports, so the octets after the
 * trailer of a TLS proceed or a TUNNEL ok stay in the caller's buffer.
 *
 * Payload memory. When a frame's payload and trailer arrive in the same
 * call as the payload's first octet, the frame points into the caller's
 * buffer and nothing is copied; otherwise the decoder copies the payload
 * into a buffer of its own (at most max_size octets). Either way a
 * reported frame is valid until the next call on that decoder.
 *
 * What the codec checks. Everything RFC 3080 2.2.1 lets one check from
 * the frame alone: the keyword, single spaces between fields, decimal
 * digits only (no sign, no space), each number in its range
 * (channel, msgno, size and window 0..2147483647; seqno and ackno
 * 0..4294967295; ansno too, see below), the more indicator, CR LF, the
 * ansno present on ANS and only there, NUL with more "." and size 0, the
 * size under a configurable maximum, and the trailer. Leading zeros are
 * accepted: the RFC gives each number as a value range, not a digit
 * pattern, and the value is what is checked; the header line is capped
 * at BEEP_HDR_MAX octets, so they cannot make it long. Keywords and END
 * are matched in upper case only, as RFC 3080 2.2.1.1 lists them.
 *
 * ansno: the ABNF of RFC 3080 says 0..2147483647, its prose
 * 0..4294967295. As the spec digest advises, parsing accepts the wider
 * range and building refuses anything above 2147483647.
 *
 * What it leaves to the session. The codec does not track sessions:
 * whether the channel is open, the expected seqno (previous seqno +
 * previous size, mod 2^32; beep_seqno_next() does the sum), msgno reuse,
 * keyword continuity within a message, NUL after ANS, interleaving after
 * a "*" frame, the window, and whether a SEQ's ackno is one we have sent
 * up to (RFC 3080 2.2.1.1 and 2.2.1.2, RFC 3081 3.1) are the session's.
 *
 * Sending. beep_frame_put() appends a whole frame to a struct buf;
 * beep_frame_hdr_put() and beep_frame_trailer_put() write the parts, for
 * a caller that appends the payload itself. Both check the header as
 * strictly as they would a received one, and write nothing if it fails.
 */
#ifndef OKAPI_BEEP_FRAME_H
#define OKAPI_BEEP_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define BEEP_NUM_MAX		2147483647U	/* channel, msgno, size... */
#define BEEP_SEQNO_MAX		4294967295U	/* seqno, ackno */
/* Longest header line accepted, CR LF included; the longest legal is 62. */
#define BEEP_HDR_MAX		64
#define BEEP_TRAILER		"END\r\n"
#define BEEP_TRAILER_LEN	5
/* A default for the largest payload a decoder takes in one frame. */
#define BEEP_FRAME_MAX_DEFAULT	(1U << 20)

enum beep_type {
	BEEP_TYPE_MSG,
	BEEP_TYPE_RPY,
	BEEP_TYPE_ERR,
	BEEP_TYPE_ANS,
	BEEP_TYPE_NUL,
	BEEP_TYPE_SEQ,		/* RFC 3081 */
	BEEP_TYPE_MAX
};

/* Why a frame is poorly formed (or cannot be built). */
enum beep_frame_err {
	BEEP_FRAME_OK = 0,
	BEEP_FRAME_ERR_KEYWORD,		/* not MSG RPY ERR ANS NUL SEQ */
	BEEP_FRAME_ERR_SEPARATOR,	/* not exactly one SP between fields */
	BEEP_FRAME_ERR_MISSING,		/* line ends before a field */
	BEEP_FRAME_ERR_NUMBER,		/* not a decimal number */
	BEEP_FRAME_ERR_RANGE,		/* number above its range */
	BEEP_FRAME_ERR_MORE,		/* more is not "." or "*" */
	BEEP_FRAME_ERR_CRLF,		/* LF without CR, or CR without LF */
	BEEP_FRAME_ERR_HDR_LONG,	/* no CR LF in BEEP_HDR_MAX octets */
	BEEP_FRAME_ERR_ANSNO_MISSING,	/* ANS without ansno */
	BEEP_FRAME_ERR_ANSNO_UNEXPECTED, /* ansno on MSG RPY ERR NUL */
	BEEP_FRAME_ERR_EXTRA,		/* a field after the last one */
	BEEP_FRAME_ERR_NUL_MORE,	/* NUL with more "*" */
	BEEP_FRAME_ERR_NUL_SIZE,	/* NUL with size other than 0 */
	BEEP_FRAME_ERR_SIZE_LIMIT,	/* size above the configured maximum */
	BEEP_FRAME_ERR_TRAILER,		/* not END CR LF after size octets */
	BEEP_FRAME_ERR_TRUNCATED,	/* header-only parse: no CR LF yet */
	BEEP_FRAME_ERR_TYPE,		/* building: no such frame type */
	BEEP_FRAME_ERR_NOMEM,		/* out of memory */
	BEEP_FRAME_ERR_MAX
};

/*
 * One header. Data frames use channel to size (and ansno for ANS); SEQ
 * uses channel, ackno and window. Other fields are zero after a parse.
 */
struct beep_frame_hdr {
	enum beep_type	 type;
	uint32_t	 channel;
	uint32_t	 msgno;
	bool		 more;		/* "*": more frames of this message */
	uint32_t	 seqno;
	uint32_t	 size;
	uint32_t	 ansno;		/* ANS */
	uint32_t	 ackno;		/* SEQ */
	uint32_t	 window;	/* SEQ */
};

struct beep_frame {
	struct beep_frame_hdr	 hdr;
	const uint8_t		*payload;	/* hdr.size octets; not NULL */
};

/* The header line scanner's state; one octet at a time. */
struct beep_hdr_scan {
	uint8_t			 st;
	uint8_t			 len;		/* octets of the line so far */
	uint8_t			 field;		/* the field being read */
	uint8_t			 nfields;
	char			 kw[3];
	uint64_t		 val;
	struct beep_frame_hdr	 h;
};

enum beep_dec {
	BEEP_DEC_MORE,		/* all input consumed, no frame complete */
	BEEP_DEC_HEADER,	/* a data frame's header: frame->hdr only */
	BEEP_DEC_FRAME,		/* a complete frame */
	BEEP_DEC_ERROR,		/* poorly formed: terminate the session */
};

struct beep_frame_dec {
	uint32_t		 max_size;
	uint8_t			 state;
	uint8_t			 tgot;		/* trailer octets matched */
	enum beep_frame_err	 err;
	struct beep_hdr_scan	 scan;
	struct beep_frame_hdr	 hdr;		/* frame being read */
	uint32_t		 got;		/* payload octets taken */
	const uint8_t		*direct;	/* payload in the input */
	struct buf		 payload;	/* or a copy of it */
	uint64_t		 offset;	/* octets consumed since init */
};

/* The seqno of the frame that follows one (RFC 3080 2.2.1.2). */
static inline uint32_t
beep_seqno_next(uint32_t seqno, uint32_t size)
{
	return seqno + size;		/* mod 2^32 */
}

/* frame.c */
const char	*beep_type_name(enum beep_type);
const char	*beep_frame_err_str(enum beep_frame_err);
/*
 * Check a header as the decoder does once its line is read: ranges (ansno
 * up to ansno_max), the type, NUL's more and size, size <= max_size.
 */
enum beep_frame_err beep_frame_hdr_check(const struct beep_frame_hdr *,
		    uint32_t max_size, uint32_t ansno_max);
/*
 * Parse the header line at the start of p[0..len): on BEEP_FRAME_OK *used
 * is its length, CR LF included. BEEP_FRAME_ERR_TRUNCATED when p ends
 * before the line does. The payload is not looked at.
 */
enum beep_frame_err beep_frame_hdr_parse(const uint8_t *p, size_t len,
		    uint32_t max_size, struct beep_frame_hdr *, size_t *used);

/* max_size: the largest payload accepted, at most BEEP_NUM_MAX. */
void		 beep_frame_dec_init(struct beep_frame_dec *,
		    uint32_t max_size);
void		 beep_frame_dec_clear(struct beep_frame_dec *);
/* Forget any partial frame and the error: a tuning reset. */
void		 beep_frame_dec_reset(struct beep_frame_dec *);
/*
 * One step over p[0..len): *used octets are consumed in every case (on
 * an error, up to and including the offending octet). Call again with
 * the rest until BEEP_DEC_MORE. After BEEP_DEC_ERROR every call returns
 * it again and consumes nothing.
 */
enum beep_dec	 beep_frame_decode(struct beep_frame_dec *, const uint8_t *p,
		    size_t len, size_t *used, struct beep_frame *);
enum beep_frame_err beep_frame_dec_err(const struct beep_frame_dec *);
/* Between frames: no octet of a next frame read yet (EOF is clean). */
bool		 beep_frame_dec_idle(const struct beep_frame_dec *);
/* Octets consumed since init; after an error, the bad octet's is -1. */
uint64_t	 beep_frame_dec_offset(const struct beep_frame_dec *);

/*
 * Append a frame; payload holds hdr->size octets (ignored for SEQ; NULL
 * with a size other than 0 is BEEP_FRAME_ERR_MISSING).
 */
enum beep_frame_err beep_frame_put(struct buf *,
		    const struct beep_frame_hdr *, const void *payload);
enum beep_frame_err beep_frame_hdr_put(struct buf *,
		    const struct beep_frame_hdr *);
enum beep_frame_err beep_frame_trailer_put(struct buf *);
enum beep_frame_err beep_seq_put(struct buf *, uint32_t channel,
		    uint32_t ackno, uint32_t window);

#endif

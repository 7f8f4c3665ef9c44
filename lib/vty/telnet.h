/*
 * DOC: the Telnet layer of a VTY session (RFC 854, 855, 857, 858, 1073).
 * A pure state machine: bytes from the client go in; plain data bytes (IAC
 * sequences removed, CR LF and CR NUL collapsed to CR) and the negotiation
 * replies to send come out. Option negotiation follows FRRouting: the server
 * offers WILL ECHO, WILL SUPPRESS-GO-AHEAD, DONT LINEMODE and DO NAWS at
 * the start and answers everything else so that no negotiation loops.
 */
#ifndef OKAPI_TELNET_H
#define OKAPI_TELNET_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

#define TELNET_IAC	255
#define TELNET_DONT	254
#define TELNET_DO	253
#define TELNET_WONT	252
#define TELNET_WILL	251
#define TELNET_SB	250
#define TELNET_GA	249
#define TELNET_EL	248	/* erase line: delivered as Ctrl-U */
#define TELNET_EC	247	/* erase character: delivered as Ctrl-H */
#define TELNET_AYT	246	/* are you there: "\r\n[Yes]\r\n" */
#define TELNET_AO	245
#define TELNET_IP	244	/* interrupt process: delivered as Ctrl-C */
#define TELNET_BRK	243
#define TELNET_DM	242
#define TELNET_NOP	241
#define TELNET_SE	240
#define TELNET_OPT_ECHO		1
#define TELNET_OPT_SGA		3
#define TELNET_OPT_NAWS		31
#define TELNET_OPT_LINEMODE	34

#define TELNET_SB_MAX	64

struct telnet {
	uint8_t		 state;		/* input parser state */
	uint8_t		 sb_opt;
	uint8_t		 sb_len;
	bool		 sb_overflow;
	uint8_t		 sb_buf[TELNET_SB_MAX];
	bool		 after_cr;	/* drop a following LF or NUL */
	uint16_t	 width;		/* from NAWS; 0 = not reported */
	uint16_t	 height;
	uint32_t	 naws_errors;	/* RFC 1073 violations seen */
	uint32_t	 sb_overflows;	/* SB over TELNET_SB_MAX: dropped */
	uint32_t	 proto_errors;	/* IAC + data byte, bad SB end */
	/* per-option negotiation state (RFC 1143 style, no queue) */
	uint8_t		 us[256];	/* our side: TELNET_Q_* */
	uint8_t		 him[256];	/* the client's side */
};

enum telnet_q { TELNET_Q_NO = 0, TELNET_Q_YES, TELNET_Q_WANTNO, TELNET_Q_WANTYES };

/* telnet.c */
void	telnet_init(struct telnet *);
/* Append the opening negotiation (FRRouting's four options) to out. */
void	telnet_start(struct telnet *, struct buf *out);
/*
 * Consume len bytes, which may be cut anywhere: state carries over between
 * calls. Data bytes go to data, replies (negotiation answers, the AYT
 * answer) to reply, ready to be sent as they are. Returns true when the
 * window size changed (width/height hold the new values).
 */
bool	telnet_input(struct telnet *, const uint8_t *, size_t, struct buf *data,
	    struct buf *reply);
/*
 * Append text for the client: LF becomes CR LF, 0xFF is doubled. A CR LF
 * already there stays CR LF, also when the CR was the last byte appended to
 * out by the previous call.
 */
void	telnet_output(struct buf *out, const void *, size_t);

#endif

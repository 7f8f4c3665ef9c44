/*
 * DOC: STCP framing (§10.3), shared by the stcp:// (TCP) and unix://
 * transports: a 24-byte big-endian header, an error note, a payload.
 */
#ifndef OKAPI_STCP_H
#define OKAPI_STCP_H

#include <stdbool.h>
#include <stdint.h>

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

/* stcp.c */
/* p holds at least STCP_HDR_LEN bytes; -1 on bad fourcc, version or type. */
int	stcp_hdr_parse(const uint8_t *p, struct stcp_hdr *);
void	stcp_hdr_write(uint8_t *p, const struct stcp_hdr *);

#endif

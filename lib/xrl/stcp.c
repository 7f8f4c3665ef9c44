/*
 * DOC: STCP framing (§10.3), identical for stcp:// and unix://. The header
 * codec and the incremental stream decoder live here, apart from any
 * socket: a reader hands its read buffer to stcp_decode() step by step and
 * gets frames back in place. The decoder keeps only the state needed to
 * skip an oversized body, so a peer can never make us buffer more than
 * STCP_HDR_LEN + STCP_MAX_PAYLOAD bytes.
 */
#include <string.h>

#include "buf.h"
#include "stcp.h"

int
stcp_hdr_parse(const uint8_t *p, struct stcp_hdr *h)
{
	if (be32_load(p) != STCP_FOURCC || p[4] != STCP_MAJOR ||
	    p[5] != STCP_MINOR || p[11] > STCP_RESPONSE)
		return -1;
	h->seq = be32_load(p + 6);
	h->flags = p[10];
	h->type = p[11];
	h->code = be32_load(p + 12);
	h->note_len = be32_load(p + 16);
	h->payload_len = be32_load(p + 20);
	return 0;
}

void
stcp_hdr_write(uint8_t *p, const struct stcp_hdr *h)
{
	be32_store(p, STCP_FOURCC);
	p[4] = STCP_MAJOR;
	p[5] = STCP_MINOR;
	be32_store(p + 6, h->seq);
	p[10] = h->flags;
	p[11] = h->type;
	be32_store(p + 12, h->code);
	be32_store(p + 16, h->note_len);
	be32_store(p + 20, h->payload_len);
}

bool
stcp_hdr_put(struct buf *b, const struct stcp_hdr *h)
{
	uint8_t	*p;

	if ((p = buf_space(b, STCP_HDR_LEN)) == NULL)
		return false;
	stcp_hdr_write(p, h);
	b->len += STCP_HDR_LEN;
	return true;
}

void
stcp_decoder_init(struct stcp_decoder *d)
{
	memset(d, 0, sizeof(*d));
}

enum stcp_dec
stcp_decode(struct stcp_decoder *d, const uint8_t *p, size_t len,
    size_t *used, size_t *need, struct stcp_frame *f)
{
	uint64_t	 body;
	size_t		 n;

	*used = 0;
	*need = STCP_HDR_LEN;
	if (d->skipping) {
		if (len == 0)
			return STCP_DEC_MORE;
		n = len < d->skip ? len : (size_t)d->skip;
		d->skip -= n;
		d->skipping = d->skip != 0;
		*used = n;
		return STCP_DEC_SKIP;
	}
	if (len < STCP_HDR_LEN)
		return STCP_DEC_MORE;
	if (stcp_hdr_parse(p, &f->hdr) == -1)
		return STCP_DEC_BAD;
	body = (uint64_t)f->hdr.note_len + f->hdr.payload_len;
	if (body > STCP_MAX_PAYLOAD) {
		/* Take what is here already; skip the rest as it comes. */
		n = len - STCP_HDR_LEN < body ? len - STCP_HDR_LEN :
		    (size_t)body;
		d->skip = body - n;
		d->skipping = d->skip != 0;
		*used = STCP_HDR_LEN + n;
		f->note = f->payload = NULL;
		return STCP_DEC_OVERSIZE;
	}
	*need = STCP_HDR_LEN + (size_t)body;
	if (len < *need)
		return STCP_DEC_MORE;
	f->note = p + STCP_HDR_LEN;
	f->payload = f->note + f->hdr.note_len;
	*used = *need;
	*need = STCP_HDR_LEN;
	return STCP_DEC_FRAME;
}

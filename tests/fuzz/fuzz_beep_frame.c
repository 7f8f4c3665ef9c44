/*
 * DOC: libFuzzer target for the BEEP frame codec of lib/beep. The first
 * input octet picks a chunk size, the second the decoder's maximum
 * payload size (1 << n, or the largest for n >= 24); the rest is one
 * direction of a session, as TCP would deliver it.
 *
 * The stream is decoded three ways: whole, in chunks of the chosen size
 * and byte by byte, each chunk a heap copy of exactly its size freed as
 * soon as it is consumed. All three must report the same events (headers,
 * frames with their payloads, the error and the octet it was found at).
 * At each frame boundary the header-only parse must agree with the
 * decoder. Each frame must rebuild (beep_frame_put) into octets that
 * decode to the same frame, and to the very octets received unless the
 * header had leading zeros; only an ansno above 2^31 - 1, which is
 * accepted but never sent, may be refused, and then as a range error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "frame.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
log_hdr(struct buf *log, uint8_t what, const struct beep_frame_hdr *h)
{
	(void)buf_put_u8(log, what);
	(void)buf_put_u8(log, (uint8_t)h->type);
	(void)buf_put_u32(log, h->channel);
	(void)buf_put_u32(log, h->msgno);
	(void)buf_put_u8(log, h->more);
	(void)buf_put_u32(log, h->seqno);
	(void)buf_put_u32(log, h->size);
	(void)buf_put_u32(log, h->ansno);
	(void)buf_put_u32(log, h->ackno);
	(void)buf_put_u32(log, h->window);
}

static bool
hdr_eq(const struct beep_frame_hdr *a, const struct beep_frame_hdr *b)
{
	return a->type == b->type && a->channel == b->channel &&
	    a->msgno == b->msgno && a->more == b->more &&
	    a->seqno == b->seqno && a->size == b->size &&
	    a->ansno == b->ansno && a->ackno == b->ackno &&
	    a->window == b->window;
}

/* A header line with a number that starts with 0 and goes on. */
static bool
leading_zero(const uint8_t *p, size_t len)
{
	size_t	 i;

	for (i = 1; i + 1 < len; i++)
		if (p[i - 1] == ' ' && p[i] == '0' && p[i + 1] >= '0' &&
		    p[i + 1] <= '9')
			return true;
	return false;
}

/* The frame f, read from p[start..end), rebuilt and decoded again. */
static void
check_rebuild(const struct beep_frame *f, const uint8_t *p, size_t start,
    size_t hdr_end, size_t end)
{
	struct beep_frame_dec	 d;
	struct beep_frame	 g;
	struct buf		 b = BUF_INIT;
	enum beep_frame_err	 e;
	enum beep_dec		 rc;
	size_t			 off = 0, used;

	e = beep_frame_put(&b, &f->hdr, f->payload);
	if (f->hdr.type == BEEP_TYPE_ANS && f->hdr.ansno > BEEP_NUM_MAX) {
		if (e != BEEP_FRAME_ERR_RANGE || b.len != 0)
			abort();
		buf_free(&b);
		return;
	}
	if (e != BEEP_FRAME_OK)
		abort();
	if (!leading_zero(p + start, hdr_end - start) &&
	    (b.len != end - start || memcmp(b.data, p + start, b.len) != 0))
		abort();
	beep_frame_dec_init(&d, f->hdr.size);
	do {
		rc = beep_frame_decode(&d, b.data + off, b.len - off, &used,
		    &g);
		off += used;
	} while (rc == BEEP_DEC_HEADER);
	if (rc != BEEP_DEC_FRAME || off != b.len || !hdr_eq(&f->hdr, &g.hdr) ||
	    memcmp(f->payload, g.payload, f->hdr.size) != 0)
		abort();
	beep_frame_dec_clear(&d);
	buf_free(&b);
}

/*
 * Decode p[0..len) in chunks of step octets (0: whole), logging every
 * event. The whole run also cross-checks the header-only parse and
 * rebuilds each frame.
 */
static void
run(const uint8_t *p, size_t len, size_t step, uint32_t max, struct buf *log)
{
	struct beep_frame_dec	 d;
	struct beep_frame	 f;
	struct beep_frame_hdr	 ph;
	enum beep_frame_err	 pe = BEEP_FRAME_OK;
	enum beep_dec		 rc = BEEP_DEC_MORE;
	size_t			 start, n, off, used, pused = 0, base = 0;
	size_t			 hdr_end = 0;
	uint8_t			*chunk;
	bool			 whole = step == 0;

	beep_frame_dec_init(&d, max);
	for (start = 0; start < len && rc != BEEP_DEC_ERROR; start += n) {
		n = whole || len - start < step ? len - start : step;
		if ((chunk = malloc(n)) == NULL)
			abort();
		memcpy(chunk, p + start, n);
		off = 0;
		do {
			bool	 idle = beep_frame_dec_idle(&d);

			if (whole && idle) {
				base = start + off;
				pe = beep_frame_hdr_parse(p + base, len - base,
				    max, &ph, &pused);
			}
			rc = beep_frame_decode(&d, chunk + off, n - off, &used,
			    &f);
			if (used > n - off)
				abort();
			off += used;
			if (whole && idle) {
				/* the header-only parse agrees */
				if (pe == BEEP_FRAME_ERR_TRUNCATED) {
					if (rc != BEEP_DEC_MORE)
						abort();
				} else if (pe != BEEP_FRAME_OK) {
					if (rc != BEEP_DEC_ERROR ||
					    beep_frame_dec_err(&d) != pe)
						abort();
				} else if ((rc != BEEP_DEC_HEADER &&
				    rc != BEEP_DEC_FRAME) ||
				    !hdr_eq(&ph, &f.hdr) || used != pused)
					abort();
			}
			switch (rc) {
			case BEEP_DEC_MORE:
				if (off != n)
					abort();
				break;
			case BEEP_DEC_HEADER:
				hdr_end = start + off;
				log_hdr(log, 'H', &f.hdr);
				break;
			case BEEP_DEC_FRAME:
				if (f.hdr.type == BEEP_TYPE_SEQ)
					hdr_end = start + off;
				log_hdr(log, 'F', &f.hdr);
				(void)buf_put_bytes(log, f.payload, f.hdr.size);
				if (whole)
					check_rebuild(&f, p, base, hdr_end,
					    start + off);
				break;
			case BEEP_DEC_ERROR:
				if (beep_frame_dec_err(&d) == BEEP_FRAME_OK ||
				    beep_frame_dec_offset(&d) != start + off)
					abort();
				(void)buf_put_u8(log, 'E');
				(void)buf_put_u8(log, beep_frame_dec_err(&d));
				(void)buf_put_u64(log,
				    beep_frame_dec_offset(&d));
				break;
			}
		} while (rc != BEEP_DEC_MORE && rc != BEEP_DEC_ERROR);
		free(chunk);
	}
	(void)buf_put_u8(log, beep_frame_dec_idle(&d) ? 'I' : 'P');
	beep_frame_dec_clear(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	size_t		 step;
	uint32_t	 max;

	if (size < 2)
		return 0;
	step = 1 + data[0];
	max = data[1] < 24 ? 1U << data[1] : BEEP_NUM_MAX;
	data += 2;
	size -= 2;
	run(data, size, 0, max, &a);
	run(data, size, step, max, &b);
	run(data, size, 1, max, &c);
	if (!buf_ok(&a) || !buf_ok(&b) || !buf_ok(&c) || a.len != b.len ||
	    a.len != c.len || memcmp(a.data, b.data, a.len) != 0 ||
	    memcmp(a.data, c.data, a.len) != 0)
		abort();
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	return 0;
}

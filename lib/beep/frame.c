/*
 * DOC: frame: BEEP frames (RFC 3080 2.2.1, RFC 3081 3.1.3) read from and
 * written to octet streams. The header line goes through a scanner that
 * takes one octet at a time and knows after each one whether the line
 * can still be well formed, so a bad header is reported at its first bad
 * octet whatever the split of the input (the checks that need the whole
 * line, NUL's more and size and the size limit, at its LF), and a header
 * is never buffered: the scanner keeps the numbers, not the text. The
 * decoder around it then takes size octets of payload, in place or
 * copied (see frame.h), and matches the trailer octet by octet. See
 * frame.h for what is checked here and what is left to the session.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "frame.h"

static const char *const beep_type_names[BEEP_TYPE_MAX] = {
	[BEEP_TYPE_MSG] = "MSG",
	[BEEP_TYPE_RPY] = "RPY",
	[BEEP_TYPE_ERR] = "ERR",
	[BEEP_TYPE_ANS] = "ANS",
	[BEEP_TYPE_NUL] = "NUL",
	[BEEP_TYPE_SEQ] = "SEQ",
};

static const char *const beep_frame_err_strs[BEEP_FRAME_ERR_MAX] = {
	[BEEP_FRAME_OK] = "ok",
	[BEEP_FRAME_ERR_KEYWORD] = "unknown keyword",
	[BEEP_FRAME_ERR_SEPARATOR] = "fields not separated by one space",
	[BEEP_FRAME_ERR_MISSING] = "header field missing",
	[BEEP_FRAME_ERR_NUMBER] = "bad number syntax",
	[BEEP_FRAME_ERR_RANGE] = "number out of range",
	[BEEP_FRAME_ERR_MORE] = "more indicator not '.' or '*'",
	[BEEP_FRAME_ERR_CRLF] = "CR and LF not paired",
	[BEEP_FRAME_ERR_HDR_LONG] = "header line too long",
	[BEEP_FRAME_ERR_ANSNO_MISSING] = "ANS without ansno",
	[BEEP_FRAME_ERR_ANSNO_UNEXPECTED] = "ansno on a frame other than ANS",
	[BEEP_FRAME_ERR_EXTRA] = "extra header field",
	[BEEP_FRAME_ERR_NUL_MORE] = "NUL with more '*'",
	[BEEP_FRAME_ERR_NUL_SIZE] = "NUL with non-zero size",
	[BEEP_FRAME_ERR_SIZE_LIMIT] = "size above the maximum",
	[BEEP_FRAME_ERR_TRAILER] = "trailer not END CR LF",
	[BEEP_FRAME_ERR_TRUNCATED] = "header line incomplete",
	[BEEP_FRAME_ERR_TYPE] = "bad frame type",
	[BEEP_FRAME_ERR_NOMEM] = "out of memory",
};

/* What the payload of an empty frame points to. */
static const uint8_t	 beep_empty[1];

const char *
beep_type_name(enum beep_type t)
{
	if ((unsigned int)t >= BEEP_TYPE_MAX)
		return "unknown";
	return beep_type_names[t];
}

const char *
beep_frame_err_str(enum beep_frame_err e)
{
	if ((unsigned int)e >= BEEP_FRAME_ERR_MAX)
		return "unknown error";
	return beep_frame_err_strs[e];
}

/* ---- the header line, one octet at a time -------------------------- */

enum scan_state {
	SC_KW,		/* in the keyword; field counts its octets */
	SC_KW_SP,	/* keyword read: SP next */
	SC_FIELD,	/* first octet of a field next */
	SC_NUM,		/* in a number */
	SC_MORE_SP,	/* more indicator read: SP next */
	SC_AFTER,	/* SP after the last field: never well formed */
	SC_LF,		/* CR after the last field: LF next */
	SC_DONE,
};

enum field_slot {
	F_CHANNEL,
	F_MSGNO,
	F_MORE,
	F_SEQNO,
	F_SIZE,
	F_ANSNO,
	F_ACKNO,
	F_WINDOW,
};

/* RFC 3080 2.2.1: common = channel SP msgno SP more SP seqno SP size. */
static const uint8_t data_fields[] = {
	F_CHANNEL, F_MSGNO, F_MORE, F_SEQNO, F_SIZE, F_ANSNO,
};
/* RFC 3081 3.1.3: "SEQ" SP channel SP ackno SP window CR LF. */
static const uint8_t seq_fields[] = { F_CHANNEL, F_ACKNO, F_WINDOW };

static const uint64_t slot_max[] = {
	[F_CHANNEL] = BEEP_NUM_MAX,
	[F_MSGNO] = BEEP_NUM_MAX,
	[F_MORE] = 0,
	[F_SEQNO] = BEEP_SEQNO_MAX,
	[F_SIZE] = BEEP_NUM_MAX,
	[F_ANSNO] = BEEP_SEQNO_MAX,	/* RFC 3080 prose; see frame.h */
	[F_ACKNO] = BEEP_SEQNO_MAX,
	[F_WINDOW] = BEEP_NUM_MAX,
};

static void
scan_init(struct beep_hdr_scan *s)
{
	memset(s, 0, sizeof(*s));
	s->st = SC_KW;
}

static uint8_t
scan_slot(const struct beep_hdr_scan *s, unsigned int field)
{
	if (s->h.type == BEEP_TYPE_SEQ)
		return seq_fields[field];
	return data_fields[field];
}

static void
scan_store(struct beep_hdr_scan *s)
{
	uint32_t	 v = (uint32_t)s->val;

	switch (scan_slot(s, s->field)) {
	case F_CHANNEL:
		s->h.channel = v;
		break;
	case F_MSGNO:
		s->h.msgno = v;
		break;
	case F_SEQNO:
		s->h.seqno = v;
		break;
	case F_SIZE:
		s->h.size = v;
		break;
	case F_ANSNO:
		s->h.ansno = v;
		break;
	case F_ACKNO:
		s->h.ackno = v;
		break;
	case F_WINDOW:
		s->h.window = v;
		break;
	}
	s->field++;
}

static enum beep_frame_err
scan_keyword(struct beep_hdr_scan *s, uint8_t c)
{
	unsigned int	 t, n = s->field;

	s->kw[n++] = (char)c;
	for (t = 0; t < BEEP_TYPE_MAX; t++)
		if (memcmp(beep_type_names[t], s->kw, n) == 0)
			break;
	if (t == BEEP_TYPE_MAX)
		return BEEP_FRAME_ERR_KEYWORD;
	if (n < sizeof(s->kw)) {
		s->field = n;
		return BEEP_FRAME_OK;
	}
	s->h.type = t;
	s->field = 0;
	if (t == BEEP_TYPE_SEQ)
		s->nfields = sizeof(seq_fields);
	else if (t == BEEP_TYPE_ANS)
		s->nfields = sizeof(data_fields);
	else
		s->nfields = sizeof(data_fields) - 1;
	s->st = SC_KW_SP;
	return BEEP_FRAME_OK;
}

/* A CR where field number `field` should start. */
static enum beep_frame_err
scan_missing(const struct beep_hdr_scan *s, unsigned int field)
{
	if (field < s->nfields && scan_slot(s, field) == F_ANSNO)
		return BEEP_FRAME_ERR_ANSNO_MISSING;
	return BEEP_FRAME_ERR_MISSING;
}

static enum beep_frame_err
scan_octet(struct beep_hdr_scan *s, uint8_t c)
{
	bool	 digit = c >= '0' && c <= '9';

	switch (s->st) {
	case SC_KW:
		return scan_keyword(s, c);
	case SC_KW_SP:
	case SC_MORE_SP:
		if (c == ' ') {
			s->st = SC_FIELD;
			return BEEP_FRAME_OK;
		}
		if (c == '\r')
			return scan_missing(s, s->field);
		if (c == '\n')
			return BEEP_FRAME_ERR_CRLF;
		if (c == '\t')
			return BEEP_FRAME_ERR_SEPARATOR;
		return s->st == SC_KW_SP ? BEEP_FRAME_ERR_KEYWORD :
		    BEEP_FRAME_ERR_MORE;
	case SC_FIELD:
		if (c == ' ' || c == '\t')
			return BEEP_FRAME_ERR_SEPARATOR;
		if (c == '\r')
			return scan_missing(s, s->field);
		if (c == '\n')
			return BEEP_FRAME_ERR_CRLF;
		if (scan_slot(s, s->field) == F_MORE) {
			if (c != '.' && c != '*')
				return BEEP_FRAME_ERR_MORE;
			s->h.more = c == '*';
			s->field++;
			s->st = SC_MORE_SP;
			return BEEP_FRAME_OK;
		}
		if (!digit)
			return BEEP_FRAME_ERR_NUMBER;
		s->val = c - '0';
		s->st = SC_NUM;
		return BEEP_FRAME_OK;
	case SC_NUM:
		if (digit) {
			/* val <= 2^32 - 1 here: no overflow */
			s->val = s->val * 10 + (c - '0');
			if (s->val > slot_max[scan_slot(s, s->field)])
				return BEEP_FRAME_ERR_RANGE;
			return BEEP_FRAME_OK;
		}
		if (c == ' ' || c == '\r') {
			scan_store(s);
			if (s->field < s->nfields) {
				if (c == '\r')
					return scan_missing(s, s->field);
				s->st = SC_FIELD;
			} else
				s->st = c == ' ' ? SC_AFTER : SC_LF;
			return BEEP_FRAME_OK;
		}
		if (c == '\n')
			return BEEP_FRAME_ERR_CRLF;
		if (c == '\t')
			return BEEP_FRAME_ERR_SEPARATOR;
		return BEEP_FRAME_ERR_NUMBER;
	case SC_AFTER:
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			return BEEP_FRAME_ERR_SEPARATOR;
		if (digit && s->h.type != BEEP_TYPE_ANS &&
		    s->h.type != BEEP_TYPE_SEQ)
			return BEEP_FRAME_ERR_ANSNO_UNEXPECTED;
		return BEEP_FRAME_ERR_EXTRA;
	case SC_LF:
		if (c != '\n')
			return BEEP_FRAME_ERR_CRLF;
		s->st = SC_DONE;
		return BEEP_FRAME_OK;
	}
	return BEEP_FRAME_ERR_KEYWORD;		/* SC_DONE: not reached */
}

/* One octet of the line, the length cap included. */
static enum beep_frame_err
scan_step(struct beep_hdr_scan *s, uint8_t c)
{
	enum beep_frame_err	 e;

	if ((e = scan_octet(s, c)) != BEEP_FRAME_OK)
		return e;
	if (++s->len >= BEEP_HDR_MAX && s->st != SC_DONE)
		return BEEP_FRAME_ERR_HDR_LONG;
	return BEEP_FRAME_OK;
}

enum beep_frame_err
beep_frame_hdr_check(const struct beep_frame_hdr *h, uint32_t max_size,
    uint32_t ansno_max)
{
	if ((unsigned int)h->type >= BEEP_TYPE_MAX)
		return BEEP_FRAME_ERR_TYPE;
	if (h->channel > BEEP_NUM_MAX)
		return BEEP_FRAME_ERR_RANGE;
	if (h->type == BEEP_TYPE_SEQ)
		return h->window > BEEP_NUM_MAX ? BEEP_FRAME_ERR_RANGE :
		    BEEP_FRAME_OK;
	if (h->msgno > BEEP_NUM_MAX || h->size > BEEP_NUM_MAX ||
	    (h->type == BEEP_TYPE_ANS && h->ansno > ansno_max))
		return BEEP_FRAME_ERR_RANGE;
	/* RFC 3080 2.2.1.1: NUL has more "." and size 0. */
	if (h->type == BEEP_TYPE_NUL && h->more)
		return BEEP_FRAME_ERR_NUL_MORE;
	if (h->type == BEEP_TYPE_NUL && h->size != 0)
		return BEEP_FRAME_ERR_NUL_SIZE;
	if (h->size > max_size)
		return BEEP_FRAME_ERR_SIZE_LIMIT;
	return BEEP_FRAME_OK;
}

enum beep_frame_err
beep_frame_hdr_parse(const uint8_t *p, size_t len, uint32_t max_size,
    struct beep_frame_hdr *h, size_t *used)
{
	struct beep_hdr_scan	 s;
	enum beep_frame_err	 e;
	size_t			 i;

	scan_init(&s);
	for (i = 0; i < len && s.st != SC_DONE; i++)
		if ((e = scan_step(&s, p[i])) != BEEP_FRAME_OK)
			return e;
	if (s.st != SC_DONE)
		return BEEP_FRAME_ERR_TRUNCATED;
	if ((e = beep_frame_hdr_check(&s.h, max_size, BEEP_SEQNO_MAX)) !=
	    BEEP_FRAME_OK)
		return e;
	*h = s.h;
	*used = i;
	return BEEP_FRAME_OK;
}

/* ---- the decoder ---------------------------------------------------- */

enum dec_state {
	DEC_HDR,
	DEC_PAYLOAD,
	DEC_TRAILER,
	DEC_ERROR,
};

void
beep_frame_dec_init(struct beep_frame_dec *d, uint32_t max_size)
{
	memset(d, 0, sizeof(*d));
	buf_init(&d->payload);
	d->max_size = max_size > BEEP_NUM_MAX ? BEEP_NUM_MAX : max_size;
	beep_frame_dec_reset(d);
}

void
beep_frame_dec_clear(struct beep_frame_dec *d)
{
	buf_free(&d->payload);
}

void
beep_frame_dec_reset(struct beep_frame_dec *d)
{
	d->state = DEC_HDR;
	d->err = BEEP_FRAME_OK;
	d->direct = NULL;
	d->got = 0;
	d->tgot = 0;
	buf_reset(&d->payload);
	scan_init(&d->scan);
}

enum beep_frame_err
beep_frame_dec_err(const struct beep_frame_dec *d)
{
	return d->err;
}

bool
beep_frame_dec_idle(const struct beep_frame_dec *d)
{
	return d->state == DEC_HDR && d->scan.len == 0;
}

uint64_t
beep_frame_dec_offset(const struct beep_frame_dec *d)
{
	return d->offset;
}

static enum beep_dec
dec_fail(struct beep_frame_dec *d, enum beep_frame_err e, size_t off,
    size_t *used)
{
	d->state = DEC_ERROR;
	d->err = e;
	d->direct = NULL;
	*used = off;
	return BEEP_DEC_ERROR;
}

enum beep_dec
beep_frame_decode(struct beep_frame_dec *d, const uint8_t *p, size_t len,
    size_t *used, struct beep_frame *f)
{
	enum beep_frame_err	 e;
	size_t			 off = 0, n;

	*used = 0;
	if (d->state == DEC_ERROR)
		return BEEP_DEC_ERROR;
	while (off < len) {
		switch (d->state) {
		case DEC_HDR:
			d->offset++;
			e = scan_step(&d->scan, p[off++]);
			if (e != BEEP_FRAME_OK)
				return dec_fail(d, e, off, used);
			if (d->scan.st != SC_DONE)
				break;
			d->hdr = d->scan.h;
			scan_init(&d->scan);
			if ((e = beep_frame_hdr_check(&d->hdr, d->max_size,
			    BEEP_SEQNO_MAX)) != BEEP_FRAME_OK)
				return dec_fail(d, e, off, used);
			f->hdr = d->hdr;
			f->payload = beep_empty;
			*used = off;
			if (d->hdr.type == BEEP_TYPE_SEQ)
				return BEEP_DEC_FRAME;
			d->state = DEC_PAYLOAD;
			d->got = 0;
			d->tgot = 0;
			d->direct = NULL;
			buf_reset(&d->payload);
			return BEEP_DEC_HEADER;
		case DEC_PAYLOAD:
			/*
			 * Point into the input when it holds the whole rest
			 * of the frame; the payload always starts a call,
			 * since the header ends one.
			 */
			if (d->got == 0 && len - off >=
			    (size_t)d->hdr.size + BEEP_TRAILER_LEN) {
				d->direct = p + off;
				n = d->hdr.size;
			} else {
				n = d->hdr.size - d->got;
				if (n > len - off)
					n = len - off;
				if (n > 0 &&
				    !buf_put_bytes(&d->payload, p + off, n))
					return dec_fail(d, BEEP_FRAME_ERR_NOMEM,
					    off, used);
			}
			off += n;
			d->offset += n;
			d->got += n;
			if (d->got == d->hdr.size)
				d->state = DEC_TRAILER;
			break;
		case DEC_TRAILER:
			d->offset++;
			if (p[off++] != BEEP_TRAILER[d->tgot])
				return dec_fail(d, BEEP_FRAME_ERR_TRAILER, off,
				    used);
			if (++d->tgot < BEEP_TRAILER_LEN)
				break;
			f->hdr = d->hdr;
			if (d->hdr.size == 0)
				f->payload = beep_empty;
			else if (d->direct != NULL)
				f->payload = d->direct;
			else
				f->payload = d->payload.data;
			d->direct = NULL;
			d->state = DEC_HDR;
			*used = off;
			return BEEP_DEC_FRAME;
		}
	}
	*used = off;
	return BEEP_DEC_MORE;
}

/* ---- building ------------------------------------------------------- */

enum beep_frame_err
beep_frame_hdr_put(struct buf *b, const struct beep_frame_hdr *h)
{
	enum beep_frame_err	 e;
	char			 line[BEEP_HDR_MAX];
	int			 n;

	if ((e = beep_frame_hdr_check(h, BEEP_NUM_MAX, BEEP_NUM_MAX)) !=
	    BEEP_FRAME_OK)
		return e;
	if (h->type == BEEP_TYPE_SEQ)
		n = snprintf(line, sizeof(line), "SEQ %u %u %u\r\n",
		    h->channel, h->ackno, h->window);
	else if (h->type == BEEP_TYPE_ANS)
		n = snprintf(line, sizeof(line), "ANS %u %u %c %u %u %u\r\n",
		    h->channel, h->msgno, h->more ? '*' : '.', h->seqno,
		    h->size, h->ansno);
	else
		n = snprintf(line, sizeof(line), "%s %u %u %c %u %u\r\n",
		    beep_type_names[h->type], h->channel, h->msgno,
		    h->more ? '*' : '.', h->seqno, h->size);
	/* Cannot be truncated: the longest line is 62 octets. */
	if (n < 0 || (size_t)n >= sizeof(line))
		return BEEP_FRAME_ERR_HDR_LONG;
	if (!buf_put_bytes(b, line, (size_t)n))
		return BEEP_FRAME_ERR_NOMEM;
	return BEEP_FRAME_OK;
}

enum beep_frame_err
beep_frame_trailer_put(struct buf *b)
{
	if (!buf_put_bytes(b, BEEP_TRAILER, BEEP_TRAILER_LEN))
		return BEEP_FRAME_ERR_NOMEM;
	return BEEP_FRAME_OK;
}

enum beep_frame_err
beep_frame_put(struct buf *b, const struct beep_frame_hdr *h,
    const void *payload)
{
	enum beep_frame_err	 e;
	size_t			 start = b->len;

	if ((e = beep_frame_hdr_put(b, h)) != BEEP_FRAME_OK ||
	    h->type == BEEP_TYPE_SEQ)
		return e;
	if (h->size > 0 && payload == NULL) {
		b->len = start;
		return BEEP_FRAME_ERR_MISSING;
	}
	if (!buf_put_bytes(b, payload, h->size) ||
	    (e = beep_frame_trailer_put(b)) != BEEP_FRAME_OK) {
		if (!b->failed)
			b->len = start;
		return BEEP_FRAME_ERR_NOMEM;
	}
	return BEEP_FRAME_OK;
}

enum beep_frame_err
beep_seq_put(struct buf *b, uint32_t channel, uint32_t ackno,
    uint32_t window)
{
	struct beep_frame_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.type = BEEP_TYPE_SEQ;
	h.channel = channel;
	h.ackno = ackno;
	h.window = window;
	return beep_frame_hdr_put(b, &h);
}

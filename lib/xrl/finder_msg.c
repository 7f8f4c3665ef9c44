/*
 * DOC: the Finder text protocol codec (§11.1, §11.2). A message body is four
 * strict header lines, the last one running into its payload:
 *
 *	Finder 0.2\nMsgType x\nSeqNo 1001\nMsgData <xrl>
 *	Finder 0.2\nMsgType r\nSeqNo 1001\nMsgData <code> / <note>\n<args>
 *
 * Builders append the 4-byte big-endian length and the body to a buf and
 * refuse to emit a body over FINDER_MSG_MAX. The parser takes one body
 * (length already stripped) and trusts nothing in it.
 */
#include <stdio.h>
#include <string.h>

#include "finder_msg.h"

#define FINDER_MSG_VERSION	"Finder 0.2\n"
#define FINDER_MSG_TYPE		"MsgType "
#define FINDER_MSG_SEQ		"SeqNo "
#define FINDER_MSG_DATA		"MsgData "
#define FINDER_MSG_NOTESEP	" / "

void
finder_msg_init(struct finder_msg *m)
{
	memset(m, 0, sizeof(*m));
	xrl_init(&m->xrl);
	xrl_args_init(&m->args);
	xrl_error_ok(&m->err);
}

void
finder_msg_clear(struct finder_msg *m)
{
	xrl_clear(&m->xrl);
	xrl_args_clear(&m->args);
	finder_msg_init(m);
}

/* Match a literal at the reader's position and step over it. */
static bool
finder_msg_lit(struct buf_reader *r, const char *lit)
{
	size_t		 n = strlen(lit);
	const uint8_t	*p;

	if (buf_left(r) < n || memcmp(r->p + r->off, lit, n) != 0)
		return false;
	return buf_get_ptr(r, &p, n);
}

/*
 * Decimal digits up to the terminator, no sign, no leading zero (XORP never
 * prints one), at most max.
 */
static bool
finder_msg_num(struct buf_reader *r, char term, uint64_t max, uint64_t *v)
{
	uint64_t	 n = 0;
	size_t		 digits = 0;
	uint8_t		 c;

	for (;;) {
		if (!buf_get_u8(r, &c))
			return false;
		if (c == (uint8_t)term)
			break;
		if (c < '0' || c > '9')
			return false;
		if (digits == 1 && n == 0)
			return false;
		n = n * 10 + (uint64_t)(c - '0');
		if (n > max)
			return false;
		digits++;
	}
	if (digits == 0)
		return false;
	*v = n;
	return true;
}

/* "<code> / <escaped note>\n<args>" */
static int
finder_msg_parse_reply(struct finder_msg *m, const char *p, size_t len,
    char *err, size_t errlen)
{
	struct buf_reader r;
	struct buf	 note = BUF_INIT;
	const char	*nl;
	uint64_t	 code;
	size_t		 notelen;

	buf_reader_init(&r, p, len);
	if (!finder_msg_num(&r, ' ', UINT32_MAX, &code))
		return xrl_errf(err, errlen, "%s", "bad reply code");
	if (!finder_msg_lit(&r, "/ "))
		return xrl_errf(err, errlen, "%s", "bad reply separator");
	p += r.off;
	len -= r.off;
	if ((nl = memchr(p, '\n', len)) == NULL)
		return xrl_errf(err, errlen, "%s", "unterminated reply note");
	notelen = (size_t)(nl - p);
	/* Most notes are empty: skip the decoder and its allocation. */
	if (notelen > 0 && (xrl_unescape(&note, p, notelen) == -1 ||
	    !buf_ok(&note))) {
		buf_free(&note);
		return xrl_errf(err, errlen, "%s", "bad escape in reply note");
	}
	xrl_error_from_wire(&m->err, (uint32_t)code, (const char *)note.data,
	    note.len);
	buf_free(&note);
	p = nl + 1;
	len -= notelen + 1;
	if (xrl_args_parse(&m->args, p, len, err, errlen) == -1)
		return -1;
	return 0;
}

int
finder_msg_parse(struct finder_msg *m, const uint8_t *in, size_t len,
    uint32_t *seqp, char *err, size_t errlen)
{
	struct buf_reader r;
	uint64_t	 seq;
	uint8_t		 type, nl;
	const char	*rest;
	size_t		 restlen;

	finder_msg_init(m);
	if (len > FINDER_MSG_MAX)
		return xrl_errf(err, errlen, "%s", "message too long");
	buf_reader_init(&r, in, len);
	if (!finder_msg_lit(&r, "Finder "))
		return xrl_errf(err, errlen, "%s", "not a Finder message");
	if (!finder_msg_lit(&r, "0.2\n"))
		return xrl_errf(err, errlen, "%s", "unsupported Finder protocol version");
	if (!finder_msg_lit(&r, FINDER_MSG_TYPE) || !buf_get_u8(&r, &type) ||
	    (type != FINDER_MSG_REQUEST && type != FINDER_MSG_REPLY) ||
	    !buf_get_u8(&r, &nl) || nl != '\n')
		return xrl_errf(err, errlen, "%s", "bad MsgType line");
	if (!finder_msg_lit(&r, FINDER_MSG_SEQ) ||
	    !finder_msg_num(&r, '\n', UINT32_MAX, &seq))
		return xrl_errf(err, errlen, "%s", "bad SeqNo line");
	if (!finder_msg_lit(&r, FINDER_MSG_DATA))
		return xrl_errf(err, errlen, "%s", "bad MsgData line");

	/* The header is good: from here on the peer can be answered. */
	m->type = (char)type;
	m->seq = (uint32_t)seq;
	if (seqp != NULL)
		*seqp = m->seq;
	rest = (const char *)in + r.off;
	restlen = buf_left(&r);
	if (type == FINDER_MSG_REQUEST) {
		if (xrl_parse(&m->xrl, rest, restlen, err, errlen) == -1)
			goto bad;
	} else if (finder_msg_parse_reply(m, rest, restlen, err,
	    errlen) == -1)
		goto bad;
	return 0;
bad:
	xrl_clear(&m->xrl);
	xrl_init(&m->xrl);
	xrl_args_clear(&m->args);
	xrl_args_init(&m->args);
	xrl_error_ok(&m->err);
	return -1;
}

static bool
finder_msg_header(struct buf *b, char type, uint32_t seq, size_t *lenoff)
{
	*lenoff = b->len;
	buf_put_u32(b, 0);
	return buf_printf(b, FINDER_MSG_VERSION FINDER_MSG_TYPE "%c\n"
	    FINDER_MSG_SEQ "%u\n" FINDER_MSG_DATA, type, seq);
}

/* Patch in the length, or take the whole message back out when too big. */
static bool
finder_msg_finish(struct buf *b, size_t lenoff)
{
	size_t	 body;

	if (!buf_ok(b))
		return false;
	body = b->len - lenoff - 4;
	if (body > FINDER_MSG_MAX) {
		b->len = lenoff;
		return false;
	}
	be32_store(b->data + lenoff, (uint32_t)body);
	return true;
}

bool
finder_msg_request(struct buf *b, uint32_t seq, const struct xrl *x)
{
	size_t	 lenoff;

	if (!finder_msg_header(b, FINDER_MSG_REQUEST, seq, &lenoff))
		return false;
	xrl_print(x, b);
	return finder_msg_finish(b, lenoff);
}

bool
finder_msg_reply(struct buf *b, uint32_t seq, const struct xrl_error *e,
    const struct xrl_args *args)
{
	size_t	 lenoff;

	if (!finder_msg_header(b, FINDER_MSG_REPLY, seq, &lenoff))
		return false;
	buf_printf(b, "%u" FINDER_MSG_NOTESEP, e->code);
	xrl_escape(b, e->note, strlen(e->note));
	buf_put_u8(b, '\n');
	if (args != NULL)
		xrl_args_print(args, b);
	return finder_msg_finish(b, lenoff);
}

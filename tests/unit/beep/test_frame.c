/*
 * Unit tests for the BEEP frame codec of lib/beep: round trips of every
 * frame type, the examples of RFC 3080 2.2 and 2.3 and of the spec digest
 * (../shared/spec/beep.md, sections 3, 11.7 and 13), every poorly formed
 * case with the octet where it is detected, and the same streams fed at
 * every split: byte by byte, cut once at every boundary, cut twice at
 * every pair of boundaries. Each chunk is a heap copy of exactly its
 * size, freed once consumed, so that ASan sees a read past a chunk or a
 * frame that points into a chunk already gone.
 *
 * Tests named test_check_NN_* cover item NN of the digest's conformance
 * checklist (section 14), as far as it concerns framing.
 *
 * With BEEP_WRITE_SEEDS=DIR in the environment, the example streams are
 * also written to DIR as fuzz seeds (tests/fuzz/seeds/fuzz_beep_frame/).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "frame.h"

#define CT	"Content-Type: application/beep+xml\r\n\r\n"

/* ---- the examples ---------------------------------------------------- */

/* RFC 3080 2.3.1.1: the listener's and the initiator's greetings. */
#define EX_GREET_L	"RPY 0 0 . 0 110\r\n" CT "<greeting>\r\n" \
	"   <profile uri='http://iana.org/beep/TLS' />\r\n" \
	"</greeting>\r\n" "END\r\n"
#define EX_GREET_I	"RPY 0 0 . 0 52\r\n" CT "<greeting />\r\n" "END\r\n"
/* RFC 3080 2.3.1.2: a start and its positive reply. */
#define EX_START	"MSG 0 1 . 52 120\r\n" CT "<start number='1'>\r\n" \
	"   <profile uri='http://iana.org/beep/SASL/OTP' />\r\n" \
	"</start>\r\n" "END\r\n"
#define EX_START_OK	"RPY 0 1 . 110 87\r\n" CT \
	"<profile uri='http://iana.org/beep/SASL/OTP' />\r\n" "END\r\n"
/* RFC 3080 2.2.1: an empty payload ends a message. */
#define EX_EMPTY	"RPY 0 1 * 287 20\r\n" "0123456789abcdefghij" \
	"END\r\n" "RPY 0 1 . 307 0\r\n" "END\r\n"
/* RFC 3080 2.2.1: two ANS messages interleaved, then the NUL. */
#define EX_ANS		"ANS 1 0 * 0 20 0\r\n" "answer zero, part 1." \
	"END\r\n" "ANS 1 0 * 20 20 1\r\n" "answer one, part 1.." "END\r\n" \
	"ANS 1 0 . 40 10 0\r\n" "zero, end." "END\r\n" \
	"ANS 1 0 . 50 9 1\r\n" "one, end." "END\r\n" \
	"NUL 1 0 . 59 0\r\n" "END\r\n"
/* Digest 3: the canonical channel-0 close. */
#define EX_CLOSE	"MSG 0 1 . 52 71\r\n" CT \
	"<close number='0' code='200' />\r\n" "END\r\n"
/* Digest 3 and 13: Vortex's headerless message and its SEQ. */
#define EX_VORTEX	"MSG 3 0 . 0 12\r\n" "\r\nmy message" "END\r\n"
#define EX_SEQ		"SEQ 0 2745 4096\r\n"
/* Digest 11.7: one TUNNEL hop, rows 1, 3, 5, 6, 8 and 9, and a failure. */
#define EX_T1		"RPY 0 0 . 0 113\r\n" CT "<greeting>\r\n" \
	"   <profile uri='http://iana.org/beep/TUNNEL' />\r\n" \
	"</greeting>\r\n" "END\r\n"
#define EX_T3		"MSG 0 1 . 52 163\r\n" CT "<start number='1'>\r\n" \
	"   <profile uri='http://iana.org/beep/TUNNEL'>" \
	"<![CDATA[<tunnel endpoint='cli' />]]></profile>\r\n" \
	"</start>\r\n" "END\r\n"
#define EX_T5		"MSG 0 1 . 52 148\r\n" CT "<start number='1'>\r\n" \
	"   <profile uri='http://iana.org/beep/TUNNEL'>" \
	"<![CDATA[<tunnel />]]></profile>\r\n" "</start>\r\n" "END\r\n"
#define EX_T6		"RPY 0 1 . 113 111\r\n" CT \
	"<profile uri='http://iana.org/beep/TUNNEL'>" \
	"<![CDATA[<ok />]]></profile>\r\n" "END\r\n"
#define EX_T8		"RPY 0 0 . 0 155\r\n" CT "<greeting>\r\n" \
	"   <profile uri='http://iana.org/beep/TLS' />\r\n" \
	"   <profile uri='urn:example:router:cli' />\r\n" \
	"</greeting>\r\n" "END\r\n"
#define EX_T9		"MSG 0 1 . 52 144\r\n" CT "<start number='1'>\r\n" \
	"   <profile uri='http://iana.org/beep/TLS'>" \
	"<![CDATA[<ready />]]></profile>\r\n" "</start>\r\n" "END\r\n"
#define EX_T9_OK	"RPY 0 1 . 155 113\r\n" CT \
	"<profile uri='http://iana.org/beep/TLS'>" \
	"<![CDATA[<proceed />]]></profile>\r\n" "END\r\n"
#define EX_TFAIL	"ERR 0 1 . 113 86\r\n" CT \
	"<error code='450'>next hop unreachable</error>\r\n" "END\r\n"

struct example {
	const char	*name;
	const char	*bytes;
	unsigned int	 nframes;
};

static const struct example examples[] = {
	{ "rfc3080-greeting-l", EX_GREET_L, 1 },
	{ "rfc3080-greeting-i", EX_GREET_I, 1 },
	{ "rfc3080-start", EX_START, 1 },
	{ "rfc3080-start-ok", EX_START_OK, 1 },
	{ "rfc3080-empty", EX_EMPTY, 2 },
	{ "rfc3080-ans", EX_ANS, 5 },
	{ "close", EX_CLOSE, 1 },
	{ "vortex-headerless", EX_VORTEX, 1 },
	{ "vortex-seq", EX_SEQ, 1 },
	{ "tunnel-greeting", EX_T1, 1 },
	{ "tunnel-start-endpoint", EX_T3, 1 },
	{ "tunnel-start", EX_T5, 1 },
	{ "tunnel-ok", EX_T6, 1 },
	{ "tunnel-greeting-tls", EX_T8, 1 },
	{ "tls-start", EX_T9, 1 },
	{ "tls-proceed", EX_T9_OK, 1 },
	{ "tunnel-error", EX_TFAIL, 1 },
};
#define NEXAMPLES	(sizeof(examples) / sizeof(examples[0]))

/* ---- feeding a stream in chunks ------------------------------------- */

#define RUN_MAX_FRAMES	32

struct rec {
	struct beep_frame_hdr	 hdr;
	uint8_t			*payload;
	bool			 direct;	/* pointed into the input */
};

struct run {
	unsigned int	 nframes;
	unsigned int	 nheaders;
	struct rec	 frames[RUN_MAX_FRAMES];
	bool		 error;
	enum beep_frame_err err;
	uint64_t	 err_at;	/* index of the offending octet */
	bool		 idle;		/* between frames at the end */
	size_t		 consumed;
};

static void
run_free(struct run *r)
{
	unsigned int	 i;

	for (i = 0; i < r->nframes; i++)
		free(r->frames[i].payload);
	memset(r, 0, sizeof(*r));
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

/*
 * Decode p[0..len) cut at cuts[0..ncuts) (increasing), each chunk from a
 * heap copy of its exact size. Checks the decoder's contract as it goes.
 */
static void
run_cuts(const uint8_t *p, size_t len, const size_t *cuts, size_t ncuts,
    uint32_t max, struct run *r)
{
	struct beep_frame_dec	 d;
	struct beep_frame_hdr	 last;
	struct beep_frame	 f;
	size_t			 c, start = 0, end, off, used;
	uint8_t			*chunk;
	enum beep_dec		 rc;
	bool			 have_hdr = false;

	memset(r, 0, sizeof(*r));
	memset(&last, 0, sizeof(last));
	beep_frame_dec_init(&d, max);
	for (c = 0; c <= ncuts && !r->error; c++) {
		end = c < ncuts ? cuts[c] : len;
		assert_true(end >= start && end <= len);
		chunk = malloc(end - start ? end - start : 1);
		assert_non_null(chunk);
		memcpy(chunk, p + start, end - start);
		off = 0;
		do {
			rc = beep_frame_decode(&d, chunk + off,
			    end - start - off, &used, &f);
			assert_true(used <= end - start - off);
			off += used;
			r->consumed += used;
			switch (rc) {
			case BEEP_DEC_MORE:
				assert_int_equal(off, end - start);
				break;
			case BEEP_DEC_HEADER:
				assert_int_not_equal(f.hdr.type, BEEP_TYPE_SEQ);
				assert_false(have_hdr);
				last = f.hdr;
				have_hdr = true;
				r->nheaders++;
				break;
			case BEEP_DEC_FRAME: {
				struct rec	*rec;

				assert_true(r->nframes < RUN_MAX_FRAMES);
				assert_non_null(f.payload);
				if (f.hdr.type == BEEP_TYPE_SEQ)
					assert_false(have_hdr);
				else {
					assert_true(have_hdr);
					assert_true(hdr_eq(&last, &f.hdr));
				}
				have_hdr = false;
				rec = &r->frames[r->nframes++];
				rec->hdr = f.hdr;
				rec->payload = malloc(f.hdr.size + 1);
				assert_non_null(rec->payload);
				memcpy(rec->payload, f.payload, f.hdr.size);
				rec->direct = f.hdr.size > 0 &&
				    f.payload >= chunk &&
				    f.payload < chunk + (end - start);
				break;
			}
			case BEEP_DEC_ERROR:
				r->error = true;
				r->err = beep_frame_dec_err(&d);
				assert_int_not_equal(r->err, BEEP_FRAME_OK);
				assert_true(beep_frame_dec_offset(&d) > 0);
				r->err_at = beep_frame_dec_offset(&d) - 1;
				assert_int_equal(r->err_at, r->consumed - 1);
				/* sticky, consumes nothing */
				assert_int_equal(beep_frame_decode(&d, chunk,
				    end - start, &used, &f), BEEP_DEC_ERROR);
				assert_int_equal(used, 0);
				break;
			}
		} while (rc != BEEP_DEC_MORE && rc != BEEP_DEC_ERROR);
		free(chunk);
		start = end;
	}
	r->idle = beep_frame_dec_idle(&d);
	beep_frame_dec_clear(&d);
}

static void
run_step(const uint8_t *p, size_t len, size_t step, uint32_t max,
    struct run *r)
{
	size_t	*cuts, n = 0, i;

	cuts = malloc((len / step + 1) * sizeof(*cuts));
	assert_non_null(cuts);
	for (i = step; i < len; i += step)
		cuts[n++] = i;
	run_cuts(p, len, cuts, n, max, r);
	free(cuts);
}

static void
run_same(const struct run *a, const struct run *b)
{
	unsigned int	 i;

	assert_int_equal(a->nframes, b->nframes);
	assert_int_equal(a->nheaders, b->nheaders);
	assert_int_equal(a->error, b->error);
	assert_int_equal(a->err, b->err);
	assert_int_equal(a->err_at, b->err_at);
	assert_int_equal(a->idle, b->idle);
	for (i = 0; i < a->nframes; i++) {
		assert_true(hdr_eq(&a->frames[i].hdr, &b->frames[i].hdr));
		assert_memory_equal(a->frames[i].payload, b->frames[i].payload,
		    a->frames[i].hdr.size);
	}
}

/*
 * The stream decoded whole, byte by byte, in steps of 2..7, cut once at
 * every boundary and (for short streams) twice at every pair: the same
 * frames, the same error at the same octet. Returns the whole run.
 */
static void
run_all_splits(const uint8_t *p, size_t len, uint32_t max, struct run *whole)
{
	struct run	 r;
	size_t		 i, j, cuts[2];

	run_cuts(p, len, NULL, 0, max, whole);
	for (i = 1; i <= 7; i++) {
		run_step(p, len, i, max, &r);
		run_same(whole, &r);
		run_free(&r);
	}
	for (i = 0; i <= len; i++) {
		cuts[0] = i;
		run_cuts(p, len, cuts, 1, max, &r);
		run_same(whole, &r);
		run_free(&r);
	}
	if (len > 200)
		return;
	for (i = 1; i < len; i++)
		for (j = i; j < len; j++) {
			cuts[0] = i;
			cuts[1] = j;
			run_cuts(p, len, cuts, 2, max, &r);
			run_same(whole, &r);
			run_free(&r);
		}
}

static void
run_str(const char *s, uint32_t max, struct run *whole)
{
	run_all_splits((const uint8_t *)s, strlen(s), max, whole);
}

/* A stream must fail with err at octet `at`, however it is split. */
static void
expect_err(const char *s, enum beep_frame_err err, uint64_t at)
{
	struct run	 r;

	run_str(s, BEEP_FRAME_MAX_DEFAULT, &r);
	if (!r.error || r.err != err || r.err_at != at)
		fail_msg("\"%s\": got %s (%d) at %llu, want %s at %llu", s,
		    r.error ? beep_frame_err_str(r.err) : "no error", r.err,
		    (unsigned long long)r.err_at, beep_frame_err_str(err),
		    (unsigned long long)at);
	run_free(&r);
}

/* A header line alone must parse, or fail the same way as the stream. */
static void
expect_hdr_err(const char *s, enum beep_frame_err err)
{
	struct beep_frame_hdr	 h;
	size_t			 used = 0;

	assert_int_equal(beep_frame_hdr_parse((const uint8_t *)s, strlen(s),
	    BEEP_FRAME_MAX_DEFAULT, &h, &used), err);
}

static struct beep_frame_hdr
hdr_make(enum beep_type type, uint32_t channel, uint32_t msgno, bool more,
    uint32_t seqno, uint32_t size)
{
	struct beep_frame_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.type = type;
	h.channel = channel;
	h.msgno = msgno;
	h.more = more;
	h.seqno = seqno;
	h.size = size;
	return h;
}

/* ---- round trips ------------------------------------------------------ */

static void
round_trip(const struct beep_frame_hdr *h, const char *payload,
    const char *want)
{
	struct buf	 b = BUF_INIT;
	struct run	 r;

	assert_int_equal(beep_frame_put(&b, h, payload), BEEP_FRAME_OK);
	assert_true(buf_ok(&b));
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.data, want, b.len);
	run_all_splits(b.data, b.len, BEEP_FRAME_MAX_DEFAULT, &r);
	assert_false(r.error);
	assert_true(r.idle);
	assert_int_equal(r.nframes, 1);
	assert_true(hdr_eq(&r.frames[0].hdr, h));
	assert_memory_equal(r.frames[0].payload, payload ? payload : "",
	    h->size);
	run_free(&r);
	buf_free(&b);
}

static void
test_round_trip(void **state)
{
	struct beep_frame_hdr	 h;

	h = hdr_make(BEEP_TYPE_MSG, 1, 2, false, 3, 5);
	round_trip(&h, "hello", "MSG 1 2 . 3 5\r\nhelloEND\r\n");
	h = hdr_make(BEEP_TYPE_MSG, 7, 0, true, 4294967295U, 3);
	round_trip(&h, "a\rb", "MSG 7 0 * 4294967295 3\r\na\rbEND\r\n");
	h = hdr_make(BEEP_TYPE_RPY, 0, 0, false, 0, 0);
	round_trip(&h, NULL, "RPY 0 0 . 0 0\r\nEND\r\n");
	h = hdr_make(BEEP_TYPE_ERR, 2147483647U, 2147483647U, false, 9, 4);
	round_trip(&h, "\r\nno",
	    "ERR 2147483647 2147483647 . 9 4\r\n\r\nnoEND\r\n");
	h = hdr_make(BEEP_TYPE_ANS, 1, 0, true, 20, 3);
	h.ansno = 2147483647U;
	round_trip(&h, "END", "ANS 1 0 * 20 3 2147483647\r\nENDEND\r\n");
	h = hdr_make(BEEP_TYPE_NUL, 1, 0, false, 23, 0);
	round_trip(&h, NULL, "NUL 1 0 . 23 0\r\nEND\r\n");
	h = hdr_make(BEEP_TYPE_SEQ, 5, 0, false, 0, 0);
	h.ackno = 4294967295U;
	h.window = 2147483647U;
	round_trip(&h, NULL, "SEQ 5 4294967295 2147483647\r\n");
}

/* Every octet value survives in a payload, END and CR LF included. */
static void
test_binary_payload(void **state)
{
	struct beep_frame_hdr	 h;
	struct buf		 b = BUF_INIT;
	uint8_t			 pay[256 + 10];
	struct run		 r;
	size_t			 i;

	for (i = 0; i < 256; i++)
		pay[i] = (uint8_t)i;
	memcpy(pay + 256, "END\r\nEND\r\n", 10);
	h = hdr_make(BEEP_TYPE_RPY, 3, 9, false, 100, sizeof(pay));
	assert_int_equal(beep_frame_put(&b, &h, pay), BEEP_FRAME_OK);
	run_all_splits(b.data, b.len, sizeof(pay), &r);
	assert_false(r.error);
	assert_int_equal(r.nframes, 1);
	assert_memory_equal(r.frames[0].payload, pay, sizeof(pay));
	run_free(&r);
	buf_free(&b);
}

static void
test_seq_put(void **state)
{
	struct buf	 b = BUF_INIT;

	assert_int_equal(beep_seq_put(&b, 0, 2745, 4096), BEEP_FRAME_OK);
	assert_int_equal(b.len, strlen(EX_SEQ));
	assert_memory_equal(b.data, EX_SEQ, b.len);
	assert_int_equal(beep_seq_put(&b, 0, 0, 2147483648U),
	    BEEP_FRAME_ERR_RANGE);
	assert_int_equal(beep_seq_put(&b, 2147483648U, 0, 1),
	    BEEP_FRAME_ERR_RANGE);
	assert_int_equal(b.len, strlen(EX_SEQ));
	buf_free(&b);
}

/* Header and trailer written apart, the payload by the caller. */
static void
test_put_parts(void **state)
{
	struct beep_frame_hdr	 h = hdr_make(BEEP_TYPE_MSG, 1, 1, false, 0, 2);
	struct buf		 b = BUF_INIT;

	assert_int_equal(beep_frame_hdr_put(&b, &h), BEEP_FRAME_OK);
	assert_true(buf_put_bytes(&b, "hi", 2));
	assert_int_equal(beep_frame_trailer_put(&b), BEEP_FRAME_OK);
	assert_int_equal(b.len, strlen("MSG 1 1 . 0 2\r\nhiEND\r\n"));
	assert_memory_equal(b.data, "MSG 1 1 . 0 2\r\nhiEND\r\n", b.len);
	buf_free(&b);
}

/* Building refuses what parsing would, and writes nothing. */
static void
test_put_refused(void **state)
{
	struct beep_frame_hdr	 h;
	struct buf		 b = BUF_INIT;

	h = hdr_make(BEEP_TYPE_NUL, 1, 0, true, 0, 0);
	assert_int_equal(beep_frame_put(&b, &h, NULL), BEEP_FRAME_ERR_NUL_MORE);
	h = hdr_make(BEEP_TYPE_NUL, 1, 0, false, 0, 1);
	assert_int_equal(beep_frame_put(&b, &h, "x"), BEEP_FRAME_ERR_NUL_SIZE);
	h = hdr_make(BEEP_TYPE_MSG, 2147483648U, 0, false, 0, 0);
	assert_int_equal(beep_frame_put(&b, &h, NULL), BEEP_FRAME_ERR_RANGE);
	h = hdr_make(BEEP_TYPE_MSG, 0, 2147483648U, false, 0, 0);
	assert_int_equal(beep_frame_put(&b, &h, NULL), BEEP_FRAME_ERR_RANGE);
	h = hdr_make(BEEP_TYPE_MSG, 0, 0, false, 0, 2147483648U);
	assert_int_equal(beep_frame_put(&b, &h, NULL), BEEP_FRAME_ERR_RANGE);
	/* ansno: accepted up to 2^32-1, never sent above 2^31-1 */
	h = hdr_make(BEEP_TYPE_ANS, 1, 0, false, 0, 0);
	h.ansno = 2147483648U;
	assert_int_equal(beep_frame_put(&b, &h, NULL), BEEP_FRAME_ERR_RANGE);
	h = hdr_make((enum beep_type)BEEP_TYPE_MAX, 0, 0, false, 0, 0);
	assert_int_equal(beep_frame_put(&b, &h, NULL), BEEP_FRAME_ERR_TYPE);
	h = hdr_make(BEEP_TYPE_MSG, 0, 0, false, 0, 3);
	assert_int_equal(beep_frame_put(&b, &h, NULL), BEEP_FRAME_ERR_MISSING);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* ---- the examples ------------------------------------------------------ */

static void
test_examples(void **state)
{
	struct buf	 b = BUF_INIT;
	struct run	 r;
	size_t		 i, j;

	for (i = 0; i < NEXAMPLES; i++) {
		run_str(examples[i].bytes, BEEP_FRAME_MAX_DEFAULT, &r);
		if (r.error)
			fail_msg("%s: %s at %llu", examples[i].name,
			    beep_frame_err_str(r.err),
			    (unsigned long long)r.err_at);
		assert_true(r.idle);
		assert_int_equal(r.nframes, examples[i].nframes);
		/* Each frame rebuilds to the same octets. */
		buf_reset(&b);
		for (j = 0; j < r.nframes; j++)
			assert_int_equal(beep_frame_put(&b, &r.frames[j].hdr,
			    r.frames[j].payload), BEEP_FRAME_OK);
		assert_int_equal(b.len, strlen(examples[i].bytes));
		assert_memory_equal(b.data, examples[i].bytes, b.len);
		run_free(&r);
	}
	buf_free(&b);
}

/* The fields of a few examples, read back. */
static void
test_example_fields(void **state)
{
	struct run	 r;

	run_str(EX_ANS, BEEP_FRAME_MAX_DEFAULT, &r);
	assert_int_equal(r.frames[1].hdr.type, BEEP_TYPE_ANS);
	assert_int_equal(r.frames[1].hdr.channel, 1);
	assert_int_equal(r.frames[1].hdr.msgno, 0);
	assert_true(r.frames[1].hdr.more);
	assert_int_equal(r.frames[1].hdr.seqno, 20);
	assert_int_equal(r.frames[1].hdr.size, 20);
	assert_int_equal(r.frames[1].hdr.ansno, 1);
	assert_int_equal(r.frames[4].hdr.type, BEEP_TYPE_NUL);
	assert_false(r.frames[4].hdr.more);
	run_free(&r);

	run_str(EX_SEQ, BEEP_FRAME_MAX_DEFAULT, &r);
	assert_int_equal(r.nheaders, 0);
	assert_int_equal(r.frames[0].hdr.type, BEEP_TYPE_SEQ);
	assert_int_equal(r.frames[0].hdr.channel, 0);
	assert_int_equal(r.frames[0].hdr.ackno, 2745);
	assert_int_equal(r.frames[0].hdr.window, 4096);
	run_free(&r);

	run_str(EX_VORTEX, BEEP_FRAME_MAX_DEFAULT, &r);
	assert_int_equal(r.frames[0].hdr.channel, 3);
	assert_int_equal(r.frames[0].hdr.size, 12);
	assert_memory_equal(r.frames[0].payload, "\r\nmy message", 12);
	run_free(&r);

	run_str(EX_CLOSE, BEEP_FRAME_MAX_DEFAULT, &r);
	assert_int_equal(r.frames[0].hdr.seqno, 52);
	assert_memory_equal(r.frames[0].payload, CT "<close", strlen(CT) + 6);
	run_free(&r);
}

/* The examples back to back, and the seqno arithmetic over them. */
static void
test_example_stream(void **state)
{
	static const char stream[] = EX_GREET_L EX_SEQ EX_START_OK EX_EMPTY
	    EX_ANS EX_VORTEX;
	struct run	 r;
	uint32_t	 next = 0;
	unsigned int	 i;

	run_str(stream, BEEP_FRAME_MAX_DEFAULT, &r);
	assert_false(r.error);
	assert_true(r.idle);
	assert_int_equal(r.nframes, 1 + 1 + 1 + 2 + 5 + 1);
	assert_int_equal(r.nheaders, r.nframes - 1);
	/* greeting then the start reply: channel 0's octets follow on */
	assert_int_equal(r.frames[2].hdr.seqno,
	    beep_seqno_next(r.frames[0].hdr.seqno, r.frames[0].hdr.size));
	/* the ANS frames of channel 1 */
	for (i = 5; i < 10; i++) {
		assert_int_equal(r.frames[i].hdr.seqno, next);
		next = beep_seqno_next(next, r.frames[i].hdr.size);
	}
	run_free(&r);
}

/* ---- decoder behaviour ------------------------------------------------ */

/* Whole frames point into the input; split ones are copied. */
static void
test_zero_copy(void **state)
{
	const char	*s = EX_CLOSE;
	size_t		 len = strlen(s), cut;
	size_t		 hlen = strlen("MSG 0 1 . 52 71\r\n");
	struct run	 r;

	run_cuts((const uint8_t *)s, len, NULL, 0, 4096, &r);
	assert_true(r.frames[0].direct);
	run_free(&r);
	/* cut right after the header: the payload still comes whole */
	cut = hlen;
	run_cuts((const uint8_t *)s, len, &cut, 1, 4096, &r);
	assert_true(r.frames[0].direct);
	run_free(&r);
	/* cut inside the payload or the trailer: copied */
	cut = hlen + 10;
	run_cuts((const uint8_t *)s, len, &cut, 1, 4096, &r);
	assert_false(r.frames[0].direct);
	run_free(&r);
	cut = len - 2;
	run_cuts((const uint8_t *)s, len, &cut, 1, 4096, &r);
	assert_false(r.frames[0].direct);
	run_free(&r);
}

/*
 * The decoder stops at the end of each frame: what follows the trailer
 * of a TUNNEL ok (digest 11.5) or a TLS proceed is left to the caller.
 */
static void
test_stops_after_frame(void **state)
{
	static const char in[] = EX_T6 "\x16\x03\x01 raw bytes";
	struct beep_frame_dec	 d;
	struct beep_frame	 f;
	size_t			 used, off = 0;

	beep_frame_dec_init(&d, 4096);
	assert_int_equal(beep_frame_decode(&d, (const uint8_t *)in,
	    sizeof(in) - 1, &used, &f), BEEP_DEC_HEADER);
	off += used;
	assert_int_equal(beep_frame_decode(&d, (const uint8_t *)in + off,
	    sizeof(in) - 1 - off, &used, &f), BEEP_DEC_FRAME);
	off += used;
	assert_int_equal(off, strlen(EX_T6));
	assert_true(beep_frame_dec_idle(&d));
	assert_int_equal(beep_frame_dec_offset(&d), strlen(EX_T6));
	beep_frame_dec_clear(&d);
}

/* Idle only between frames: an EOF elsewhere cuts a frame. */
static void
test_idle(void **state)
{
	const char		*s = EX_VORTEX EX_SEQ;
	struct beep_frame_dec	 d;
	struct beep_frame	 f;
	size_t			 i, used, len = strlen(s);
	size_t			 end1 = strlen(EX_VORTEX);

	beep_frame_dec_init(&d, 4096);
	assert_true(beep_frame_dec_idle(&d));
	for (i = 0; i < len; i++) {
		assert_int_not_equal(beep_frame_decode(&d,
		    (const uint8_t *)s + i, 1, &used, &f), BEEP_DEC_ERROR);
		assert_int_equal(used, 1);
		assert_int_equal(beep_frame_dec_idle(&d),
		    i + 1 == end1 || i + 1 == len);
	}
	beep_frame_dec_clear(&d);
}

/* A reset (tuning reset) forgets a partial frame and an error. */
static void
test_reset(void **state)
{
	struct beep_frame_dec	 d;
	struct beep_frame	 f;
	size_t			 used;

	beep_frame_dec_init(&d, 4096);
	assert_int_equal(beep_frame_decode(&d, (const uint8_t *)"XYZ", 3,
	    &used, &f), BEEP_DEC_ERROR);
	assert_int_equal(used, 1);
	assert_int_equal(beep_frame_dec_err(&d), BEEP_FRAME_ERR_KEYWORD);
	beep_frame_dec_reset(&d);
	assert_int_equal(beep_frame_dec_err(&d), BEEP_FRAME_OK);
	assert_int_equal(beep_frame_decode(&d, (const uint8_t *)"MSG 0 1 . 0 5"
	    "\r\nab", 17, &used, &f), BEEP_DEC_HEADER);
	beep_frame_dec_reset(&d);
	assert_true(beep_frame_dec_idle(&d));
	assert_int_equal(beep_frame_decode(&d, (const uint8_t *)EX_SEQ,
	    strlen(EX_SEQ), &used, &f), BEEP_DEC_FRAME);
	assert_int_equal(f.hdr.ackno, 2745);
	beep_frame_dec_clear(&d);
}

/* A configurable maximum size, checked on the header. */
static void
test_size_limit(void **state)
{
	struct run	 r;

	run_str("MSG 0 0 . 0 16\r\n0123456789abcdefEND\r\n", 16, &r);
	assert_false(r.error);
	run_free(&r);
	run_str("MSG 0 0 . 0 17\r\n0123456789abcdefgEND\r\n", 16, &r);
	assert_true(r.error);
	assert_int_equal(r.err, BEEP_FRAME_ERR_SIZE_LIMIT);
	assert_int_equal(r.err_at, strlen("MSG 0 0 . 0 17\r"));
	assert_int_equal(r.nheaders, 0);
	run_free(&r);
	/* size 0 passes any limit; NUL too */
	run_str("RPY 0 0 . 0 0\r\nEND\r\nNUL 0 1 . 0 0\r\nEND\r\n", 0, &r);
	assert_false(r.error);
	assert_int_equal(r.nframes, 2);
	run_free(&r);
	/* SEQ has no payload: the window is not a size */
	run_str("SEQ 1 0 2147483647\r\n", 0, &r);
	assert_false(r.error);
	run_free(&r);
}

/* The longest legal header, leading zeros, and the length cap. */
static void
test_header_length(void **state)
{
	static const char longest[] =
	    "ANS 2147483647 2147483647 * 4294967295 2147483647 4294967295\r\n";
	struct beep_frame_hdr	 h;
	struct beep_frame_dec	 d;
	struct beep_frame	 f;
	char			 line[80];
	size_t			 used;

	assert_int_equal(strlen(longest), 62);
	assert_int_equal(beep_frame_hdr_parse((const uint8_t *)longest,
	    strlen(longest), BEEP_NUM_MAX, &h, &used), BEEP_FRAME_OK);
	assert_int_equal(used, 62);
	assert_int_equal(h.ansno, 4294967295U);
	assert_int_equal(h.seqno, 4294967295U);
	beep_frame_dec_init(&d, BEEP_NUM_MAX);
	assert_int_equal(beep_frame_decode(&d, (const uint8_t *)longest,
	    strlen(longest), &used, &f), BEEP_DEC_HEADER);
	assert_int_equal(f.hdr.size, 2147483647U);
	beep_frame_dec_clear(&d);

	/* leading zeros are values like any other */
	expect_hdr_err("MSG 007 0001 . 00 0\r\n", BEEP_FRAME_OK);
	assert_int_equal(beep_frame_hdr_parse((const uint8_t *)
	    "MSG 007 0001 . 00 0\r\n", 21, 100, &h, &used), BEEP_FRAME_OK);
	assert_int_equal(h.channel, 7);
	assert_int_equal(h.msgno, 1);
	/* up to BEEP_HDR_MAX octets in all, then refused */
	snprintf(line, sizeof(line), "MSG %050d 1 . 0 0\r\n", 1);
	assert_int_equal(strlen(line), BEEP_HDR_MAX);
	expect_hdr_err(line, BEEP_FRAME_OK);
	snprintf(line, sizeof(line), "MSG %051d 1 . 0 0\r\nEND\r\n", 1);
	expect_err(line, BEEP_FRAME_ERR_HDR_LONG, BEEP_HDR_MAX - 1);
	/* zeros alone never overflow */
	snprintf(line, sizeof(line), "SEQ 0 %040d 0\r\n", 0);
	expect_hdr_err(line, BEEP_FRAME_OK);
}

/* The header-only parse agrees with the decoder. */
static void
test_hdr_parse(void **state)
{
	static const char in[] = "ANS 1 0 * 20 20 1\r\npayload...";
	struct beep_frame_hdr	 h;
	size_t			 used;

	assert_int_equal(beep_frame_hdr_parse((const uint8_t *)in,
	    sizeof(in) - 1, BEEP_FRAME_MAX_DEFAULT, &h, &used), BEEP_FRAME_OK);
	assert_int_equal(used, strlen("ANS 1 0 * 20 20 1\r\n"));
	assert_int_equal(h.type, BEEP_TYPE_ANS);
	assert_int_equal(h.seqno, 20);
	assert_int_equal(h.ansno, 1);
	assert_true(h.more);
	expect_hdr_err("ANS 1 0 * 20 20 1\r", BEEP_FRAME_ERR_TRUNCATED);
	expect_hdr_err("", BEEP_FRAME_ERR_TRUNCATED);
	expect_hdr_err("MSG 0 1 . 0 0", BEEP_FRAME_ERR_TRUNCATED);
	expect_hdr_err("MSG 0 1 . 0 0\n", BEEP_FRAME_ERR_CRLF);
	expect_hdr_err("NUL 0 1 . 0 1\r\n", BEEP_FRAME_ERR_NUL_SIZE);
	assert_int_equal(beep_frame_hdr_parse((const uint8_t *)
	    "MSG 0 1 . 0 11\r\n", 16, 10, &h, &used),
	    BEEP_FRAME_ERR_SIZE_LIMIT);
}

static void
test_seqno_next(void **state)
{
	assert_int_equal(beep_seqno_next(0, 52), 52);
	assert_int_equal(beep_seqno_next(4294967295U, 1), 0);
	assert_int_equal(beep_seqno_next(4294967200U, 2147483647U),
	    2147483551U);
}

static void
test_names(void **state)
{
	unsigned int	 i;

	for (i = 0; i < BEEP_FRAME_ERR_MAX; i++)
		assert_non_null(beep_frame_err_str(i));
	for (i = 0; i < BEEP_TYPE_MAX; i++)
		assert_int_equal(strlen(beep_type_name(i)), 3);
	assert_string_equal(beep_frame_err_str(BEEP_FRAME_ERR_MAX),
	    "unknown error");
	assert_string_equal(beep_type_name(BEEP_TYPE_MAX), "unknown");
	assert_string_equal(beep_type_name(BEEP_TYPE_ANS), "ANS");
}

/* ---- the conformance checklist (digest 14), framing items ------------- */

/* 1: a keyword other than MSG RPY ERR ANS NUL SEQ is fatal. */
static void
test_check_01_keyword(void **state)
{
	expect_err("XYZ 0 0 . 0 0\r\nEND\r\n", BEEP_FRAME_ERR_KEYWORD, 0);
	expect_err("MSX 0 0 . 0 0\r\nEND\r\n", BEEP_FRAME_ERR_KEYWORD, 2);
	expect_err("msg 0 0 . 0 0\r\nEND\r\n", BEEP_FRAME_ERR_KEYWORD, 0);
	expect_err("MSGS 0 0 . 0 0\r\n", BEEP_FRAME_ERR_KEYWORD, 3);
	expect_err("SEX 0 0 0\r\n", BEEP_FRAME_ERR_KEYWORD, 2);
	expect_err(" MSG 0 1 . 0 0\r\nEND\r\n", BEEP_FRAME_ERR_KEYWORD, 0);
	expect_err("\r\nMSG 0 1 . 0 0\r\nEND\r\n", BEEP_FRAME_ERR_KEYWORD, 0);
	/* a stray trailer between frames */
	expect_err("END\r\n", BEEP_FRAME_ERR_KEYWORD, 1);
	/* and after a good frame, at the right octet */
	expect_err(EX_GREET_I "RPZ 0 0 . 0 0\r\n", BEEP_FRAME_ERR_KEYWORD,
	    strlen(EX_GREET_I) + 2);
	/* every keyword is known */
	expect_hdr_err("MSG 0 0 . 0 0\r\n", BEEP_FRAME_OK);
	expect_hdr_err("RPY 0 0 . 0 0\r\n", BEEP_FRAME_OK);
	expect_hdr_err("ERR 0 0 . 0 0\r\n", BEEP_FRAME_OK);
	expect_hdr_err("ANS 0 0 . 0 0 0\r\n", BEEP_FRAME_OK);
	expect_hdr_err("NUL 0 0 . 0 0\r\n", BEEP_FRAME_OK);
	expect_hdr_err("SEQ 0 0 0\r\n", BEEP_FRAME_OK);
}

/* 2: fields separated by single spaces, the line ended by CR LF. */
static void
test_check_02_separators_crlf(void **state)
{
	expect_err("MSG  0 1 . 0 0\r\n", BEEP_FRAME_ERR_SEPARATOR, 4);
	expect_err("MSG 0  1 . 0 0\r\n", BEEP_FRAME_ERR_SEPARATOR, 6);
	expect_err("MSG\t0 1 . 0 0\r\n", BEEP_FRAME_ERR_SEPARATOR, 3);
	expect_err("MSG 0\t1 . 0 0\r\n", BEEP_FRAME_ERR_SEPARATOR, 5);
	expect_err("MSG 0 1 .  0 0\r\n", BEEP_FRAME_ERR_SEPARATOR, 10);
	expect_err("MSG 0 1 .\t0 0\r\n", BEEP_FRAME_ERR_SEPARATOR, 9);
	expect_err("MSG 0 1 . 0 0 \r\n", BEEP_FRAME_ERR_SEPARATOR, 14);
	expect_err("SEQ 0 0 4096 \r\n", BEEP_FRAME_ERR_SEPARATOR, 13);
	expect_err("SEQ 0 0 4096  \r\n", BEEP_FRAME_ERR_SEPARATOR, 13);
	/* CR LF and nothing else ends the line */
	expect_err("MSG 0 1 . 0 0\n", BEEP_FRAME_ERR_CRLF, 13);
	expect_err("MSG 0 1 . 0 0\r\r\n", BEEP_FRAME_ERR_CRLF, 14);
	expect_err("MSG 0 1 . 0 0\rX", BEEP_FRAME_ERR_CRLF, 14);
	expect_err("MSG 0 1\n", BEEP_FRAME_ERR_CRLF, 7);
	expect_err("MSG 0 1 .\n", BEEP_FRAME_ERR_CRLF, 9);
	expect_err("MSG\n", BEEP_FRAME_ERR_CRLF, 3);
	expect_err("SEQ 0 0 4096\n", BEEP_FRAME_ERR_CRLF, 12);
	/* a line that ends before its fields do */
	expect_err("MSG\r\n", BEEP_FRAME_ERR_MISSING, 3);
	expect_err("MSG 0 1 . 0\r\n", BEEP_FRAME_ERR_MISSING, 11);
	expect_err("MSG 0 1 .\r\n", BEEP_FRAME_ERR_MISSING, 9);
	expect_err("MSG 0 1 . \r\n", BEEP_FRAME_ERR_MISSING, 10);
	expect_err("SEQ 0 0\r\n", BEEP_FRAME_ERR_MISSING, 7);
	/* a field too many */
	expect_err("ANS 1 0 . 0 0 0 0\r\n", BEEP_FRAME_ERR_EXTRA, 16);
	expect_err("SEQ 0 0 4096 1\r\n", BEEP_FRAME_ERR_EXTRA, 13);
	expect_err("MSG 0 1 . 0 0 x\r\n", BEEP_FRAME_ERR_EXTRA, 14);
	/* ansno on ANS only, and always there */
	expect_err("ANS 1 0 . 0 5\r\n", BEEP_FRAME_ERR_ANSNO_MISSING, 13);
	expect_err("ANS 1 0 . 0 5 \r\n", BEEP_FRAME_ERR_ANSNO_MISSING, 14);
	expect_err("MSG 1 0 . 0 5 0\r\n", BEEP_FRAME_ERR_ANSNO_UNEXPECTED, 14);
	expect_err("RPY 1 0 . 0 5 0\r\n", BEEP_FRAME_ERR_ANSNO_UNEXPECTED, 14);
	expect_err("ERR 1 0 . 0 5 0\r\n", BEEP_FRAME_ERR_ANSNO_UNEXPECTED, 14);
	expect_err("NUL 1 0 . 0 0 0\r\n", BEEP_FRAME_ERR_ANSNO_UNEXPECTED, 14);
	/* the more indicator */
	expect_err("MSG 0 1 x 0 0\r\n", BEEP_FRAME_ERR_MORE, 8);
	expect_err("MSG 0 1 0 0 0\r\n", BEEP_FRAME_ERR_MORE, 8);
	expect_err("MSG 0 1 .. 0 0\r\n", BEEP_FRAME_ERR_MORE, 9);
	expect_err("MSG 0 1 *. 0 0\r\n", BEEP_FRAME_ERR_MORE, 9);
}

/* 3: digits only, and each number in its range. */
static void
test_check_03_numbers(void **state)
{
	expect_err("MSG -1 1 . 0 0\r\n", BEEP_FRAME_ERR_NUMBER, 4);
	expect_err("MSG +1 1 . 0 0\r\n", BEEP_FRAME_ERR_NUMBER, 4);
	expect_err("MSG 0x1 1 . 0 0\r\n", BEEP_FRAME_ERR_NUMBER, 5);
	expect_err("MSG 1a 1 . 0 0\r\n", BEEP_FRAME_ERR_NUMBER, 5);
	expect_err("MSG 0 1 . 0 1.5\r\n", BEEP_FRAME_ERR_NUMBER, 13);
	expect_err("MSG 0 1 . 0 \xd9\xa1\r\n", BEEP_FRAME_ERR_NUMBER, 12);
	expect_err("SEQ 0 ab 4096\r\n", BEEP_FRAME_ERR_NUMBER, 6);
	expect_err("SEQ 0 1 -4096\r\n", BEEP_FRAME_ERR_NUMBER, 8);
	/* the largest values pass, one more does not */
	expect_hdr_err("MSG 2147483647 2147483647 . 4294967295 0\r\n",
	    BEEP_FRAME_OK);
	expect_err("MSG 2147483648 0 . 0 0\r\n", BEEP_FRAME_ERR_RANGE, 13);
	expect_err("MSG 0 2147483648 . 0 0\r\n", BEEP_FRAME_ERR_RANGE, 15);
	expect_err("MSG 0 0 . 4294967296 0\r\n", BEEP_FRAME_ERR_RANGE, 19);
	expect_err("MSG 0 0 . 0 2147483648\r\n", BEEP_FRAME_ERR_RANGE, 21);
	expect_err("ANS 0 0 . 0 0 4294967296\r\n", BEEP_FRAME_ERR_RANGE, 23);
	expect_hdr_err("ANS 0 0 . 0 0 4294967295\r\n", BEEP_FRAME_OK);
	expect_err("SEQ 2147483648 0 0\r\n", BEEP_FRAME_ERR_RANGE, 13);
	expect_err("SEQ 0 4294967296 0\r\n", BEEP_FRAME_ERR_RANGE, 15);
	expect_err("SEQ 0 0 2147483648\r\n", BEEP_FRAME_ERR_RANGE, 17);
	expect_hdr_err("SEQ 2147483647 4294967295 2147483647\r\n",
	    BEEP_FRAME_OK);
	/* refused at the first digit too many, never wrapped */
	expect_err("MSG 99999999999999999999999 0 . 0 0\r\n",
	    BEEP_FRAME_ERR_RANGE, 13);
	expect_err("MSG 0 0 . 18446744073709551617 0\r\n",
	    BEEP_FRAME_ERR_RANGE, 20);
}

/* 4: a size that disagrees with the payload meets no END CR LF. */
static void
test_check_04_size_mismatch(void **state)
{
	/* one octet too many, too few, a wrong trailer */
	expect_err("MSG 0 0 . 0 3\r\nabcdEND\r\n", BEEP_FRAME_ERR_TRAILER, 18);
	expect_err("MSG 0 0 . 0 5\r\nabcEND\r\n", BEEP_FRAME_ERR_TRAILER, 20);
	expect_err("MSG 0 0 . 0 3\r\nabcEND\n", BEEP_FRAME_ERR_TRAILER, 21);
	expect_err("MSG 0 0 . 0 3\r\nabcend\r\n", BEEP_FRAME_ERR_TRAILER, 18);
	expect_err("MSG 0 0 . 0 3\r\nabcEND\r\r", BEEP_FRAME_ERR_TRAILER, 22);
	expect_err("MSG 0 0 . 0 3\r\nabc END\r\n", BEEP_FRAME_ERR_TRAILER, 18);
	expect_err("RPY 0 0 . 0 0\r\nXEND\r\n", BEEP_FRAME_ERR_TRAILER, 15);
	/* the greeting with its size off by one either way */
	expect_err("RPY 0 0 . 0 51\r\n" CT "<greeting />\r\nEND\r\n",
	    BEEP_FRAME_ERR_TRAILER, 16 + 51);
	expect_err("RPY 0 0 . 0 53\r\n" CT "<greeting />\r\nEND\r\n",
	    BEEP_FRAME_ERR_TRAILER, 16 + 53);
}

/* 8: NUL with more "*" or a size other than 0 is fatal. */
static void
test_check_08_nul(void **state)
{
	struct run	 r;

	expect_err("NUL 0 0 * 0 0\r\nEND\r\n", BEEP_FRAME_ERR_NUL_MORE, 14);
	expect_err("NUL 0 0 . 0 5\r\nabcdeEND\r\n", BEEP_FRAME_ERR_NUL_SIZE,
	    14);
	expect_err("NUL 0 0 * 0 5\r\nabcdeEND\r\n", BEEP_FRAME_ERR_NUL_MORE,
	    14);
	run_str("NUL 1 0 . 59 0\r\nEND\r\n", BEEP_FRAME_MAX_DEFAULT, &r);
	assert_false(r.error);
	assert_int_equal(r.nframes, 1);
	run_free(&r);
}

/* 14: size 0 followed directly by END CR LF is a frame. */
static void
test_check_14_zero_length(void **state)
{
	struct run	 r;

	run_str(EX_EMPTY, BEEP_FRAME_MAX_DEFAULT, &r);
	assert_false(r.error);
	assert_int_equal(r.nframes, 2);
	assert_int_equal(r.frames[1].hdr.size, 0);
	assert_false(r.frames[1].hdr.more);
	assert_int_equal(r.frames[1].hdr.seqno, 307);
	run_free(&r);
	run_str("MSG 5 9 . 0 0\r\nEND\r\nANS 1 0 * 0 0 7\r\nEND\r\n", 0, &r);
	assert_false(r.error);
	assert_int_equal(r.nframes, 2);
	run_free(&r);
}

/*
 * 15 (the codec's part): a message cut into frames at any octet is
 * carried identically; the frames' payloads, joined, are the message,
 * and the frames carry the seqnos and more flags a sender would set.
 */
static void
test_check_15_split_any_octet(void **state)
{
	static const char msg[] = CT "<close number='0' code='200' />\r\n";
	struct beep_frame_hdr	 h;
	struct buf		 b = BUF_INIT, joined = BUF_INIT;
	struct run		 r;
	size_t			 len = sizeof(msg) - 1, i, j, cut[2];
	unsigned int		 k;

	for (i = 0; i <= len; i++)
		for (j = i; j <= len; j++) {
			cut[0] = i;
			cut[1] = j;
			buf_reset(&b);
			for (k = 0; k < 3; k++) {
				size_t	 from = k ? cut[k - 1] : 0;
				size_t	 to = k < 2 ? cut[k] : len;

				h = hdr_make(BEEP_TYPE_MSG, 0, 1, k < 2,
				    (uint32_t)(52 + from), (uint32_t)(to -
				    from));
				assert_int_equal(beep_frame_put(&b, &h,
				    msg + from), BEEP_FRAME_OK);
			}
			run_step(b.data, b.len, 1 + (i + j) % 5,
			    BEEP_FRAME_MAX_DEFAULT, &r);
			assert_false(r.error);
			assert_int_equal(r.nframes, 3);
			buf_reset(&joined);
			for (k = 0; k < 3; k++) {
				assert_int_equal(r.frames[k].hdr.more, k < 2);
				assert_int_equal(r.frames[k].hdr.seqno,
				    52 + joined.len);
				assert_true(buf_put_bytes(&joined,
				    r.frames[k].payload,
				    r.frames[k].hdr.size));
			}
			assert_int_equal(joined.len, len);
			assert_memory_equal(joined.data, msg, len);
			run_free(&r);
		}
	buf_free(&b);
	buf_free(&joined);
}

/*
 * 17 (the codec's part): the header is reported before any payload
 * octet is taken, so the session can refuse a frame past its window
 * before buffering it.
 */
static void
test_check_17_header_before_payload(void **state)
{
	static const char in[] = "MSG 1 1 . 0 4097\r\n";
	struct beep_frame_dec	 d;
	struct beep_frame	 f;
	size_t			 used;
	uint8_t			*big;

	big = malloc(strlen(in) + 4097 + 5);
	assert_non_null(big);
	memcpy(big, in, strlen(in));
	memset(big + strlen(in), 'x', 4097);
	memcpy(big + strlen(in) + 4097, "END\r\n", 5);
	beep_frame_dec_init(&d, BEEP_FRAME_MAX_DEFAULT);
	assert_int_equal(beep_frame_decode(&d, big, strlen(in) + 4097 + 5,
	    &used, &f), BEEP_DEC_HEADER);
	assert_int_equal(used, strlen(in));
	assert_int_equal(f.hdr.size, 4097);
	assert_int_equal(f.hdr.seqno, 0);
	assert_int_equal(d.payload.len, 0);
	beep_frame_dec_clear(&d);
	free(big);
}

/* 46 (the codec's part): a SEQ missing a field or not numeric is fatal. */
static void
test_check_46_seq_malformed(void **state)
{
	expect_err("SEQ\r\n", BEEP_FRAME_ERR_MISSING, 3);
	expect_err("SEQ 0\r\n", BEEP_FRAME_ERR_MISSING, 5);
	expect_err("SEQ 0 4096\r\n", BEEP_FRAME_ERR_MISSING, 10);
	expect_err("SEQ 0 x 4096\r\n", BEEP_FRAME_ERR_NUMBER, 6);
	expect_err("SEQ 0 0 40k\r\n", BEEP_FRAME_ERR_NUMBER, 10);
	expect_err("SEQ 0 0 . 0 0\r\n", BEEP_FRAME_ERR_NUMBER, 8);
	expect_err("SEQ 0 0 4096 0\r\n", BEEP_FRAME_ERR_EXTRA, 13);
	expect_err("SEQ 0 0 4096\r\nEND\r\n", BEEP_FRAME_ERR_KEYWORD, 15);
}

/* ---- seeds -------------------------------------------------------------- */

/* The fuzz input: a chunk-size octet, a max-size octet, the stream. */
static void
seeds_write(const char *dir)
{
	char		 path[512];
	FILE		*fp;
	size_t		 i;

	for (i = 0; i < NEXAMPLES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, examples[i].name);
		if ((fp = fopen(path, "wb")) == NULL) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			continue;
		}
		fputc((int)(i * 7 % 64), fp);
		fputc(20, fp);
		fputs(examples[i].bytes, fp);
		fclose(fp);
	}
	/* and a whole exchange, back to back */
	snprintf(path, sizeof(path), "%s/stream", dir);
	if ((fp = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return;
	}
	fputc(5, fp);
	fputc(12, fp);
	for (i = 0; i < NEXAMPLES; i++)
		fputs(examples[i].bytes, fp);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_binary_payload),
		cmocka_unit_test(test_seq_put),
		cmocka_unit_test(test_put_parts),
		cmocka_unit_test(test_put_refused),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_example_fields),
		cmocka_unit_test(test_example_stream),
		cmocka_unit_test(test_zero_copy),
		cmocka_unit_test(test_stops_after_frame),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_header_length),
		cmocka_unit_test(test_hdr_parse),
		cmocka_unit_test(test_seqno_next),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_check_01_keyword),
		cmocka_unit_test(test_check_02_separators_crlf),
		cmocka_unit_test(test_check_03_numbers),
		cmocka_unit_test(test_check_04_size_mismatch),
		cmocka_unit_test(test_check_08_nul),
		cmocka_unit_test(test_check_14_zero_length),
		cmocka_unit_test(test_check_15_split_any_octet),
		cmocka_unit_test(test_check_17_header_before_payload),
		cmocka_unit_test(test_check_46_seq_malformed),
	};
	const char	*dir = getenv("BEEP_WRITE_SEEDS");

	if (dir != NULL)
		seeds_write(dir);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

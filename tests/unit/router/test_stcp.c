/*
 * DOC: STCP framing (§10.3) without sockets: the header codec against the
 * §11.8/§14.9 vectors byte for byte, the incremental decoder (split
 * anywhere, oversized bodies skipped), and stcp_serve answering requests,
 * errors and HELO the way a listener does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stcp.h"

#define INSTANCE	"pyt-0123456789abcdef0123456789abcdef@127.0.0.1"
#define RESOLVED	"stcp://127.0.0.1:45678/common/0.1/get_target_name-" \
			"1e1bcc693a31b607"

/* §14.9: the request header call_xrl sent. */
static const uint8_t req_hdr[STCP_HDR_LEN] = {
	0x53, 0x54, 0x43, 0x50, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x4b,
};

/* §11.8: the whole request frame. */
static size_t
req_frame(uint8_t *p)
{
	static const uint8_t head[] = { 0xcc, 0, 0, 1, 0x48, 0, 0, 0, 0x42 };

	memcpy(p, req_hdr, sizeof(req_hdr));
	memcpy(p + 24, head, sizeof(head));
	memcpy(p + 24 + sizeof(head), RESOLVED, strlen(RESOLVED));
	return 24 + sizeof(head) + strlen(RESOLVED);
}

/* §14.9: the response call_xrl accepted. */
static size_t
resp_frame(uint8_t *p)
{
	static const uint8_t hdr[] = {
		0x53, 0x54, 0x43, 0x50, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x03, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x3d,
		0xcc, 0x00, 0x00, 0x01, 0xc8, 0x00, 0x04, 0x6e, 0x61, 0x6d,
		0x65, 0x00, 0x00, 0x00, 0x2e,
	};

	memcpy(p, hdr, sizeof(hdr));
	memcpy(p + sizeof(hdr), INSTANCE, 46);
	return sizeof(hdr) + 46;
}

static void
test_hdr_vectors(void **state)
{
	struct stcp_hdr	 h;
	uint8_t		 p[STCP_HDR_LEN], f[256];
	size_t		 n;

	assert_int_equal(strlen(RESOLVED), 0x42);
	assert_int_equal(strlen(INSTANCE), 46);
	assert_int_equal(stcp_hdr_parse(req_hdr, &h), 0);
	assert_int_equal(h.seq, 0);
	assert_int_equal(h.flags, 0);
	assert_int_equal(h.type, STCP_REQUEST);
	assert_int_equal(h.code, 100);
	assert_int_equal(h.note_len, 0);
	assert_int_equal(h.payload_len, 75);
	stcp_hdr_write(p, &h);
	assert_memory_equal(p, req_hdr, STCP_HDR_LEN);
	assert_int_equal(req_frame(f), 24 + 75);

	n = resp_frame(f);
	assert_int_equal(stcp_hdr_parse(f, &h), 0);
	assert_int_equal(h.type, STCP_RESPONSE);
	assert_int_equal(h.payload_len, 61);
	assert_int_equal(n, 24 + 61);

	h.seq = 0x01020304;
	h.flags = 1;
	h.type = STCP_HELO_ACK;
	h.code = 0xa0b0c0d0;
	h.note_len = 0x11223344;
	h.payload_len = 0x55667788;
	stcp_hdr_write(p, &h);
	memset(&h, 0, sizeof(h));
	assert_int_equal(stcp_hdr_parse(p, &h), 0);
	assert_int_equal(h.seq, 0x01020304);
	assert_int_equal(h.flags, 1);
	assert_int_equal(h.code, 0xa0b0c0d0);
	assert_int_equal(h.note_len, 0x11223344);
	assert_int_equal(h.payload_len, 0x55667788);
}

static void
test_hdr_bad(void **state)
{
	struct stcp_hdr	 h;
	uint8_t		 p[STCP_HDR_LEN];
	int		 i;
	static const int bad[][2] = {
		{ 0, 'X' }, { 3, 'Q' }, { 4, 2 }, { 4, 0 }, { 5, 0 }, { 5, 2 },
		{ 11, 4 }, { 11, 0xff },
	};

	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		memcpy(p, req_hdr, sizeof(p));
		p[bad[i][0]] = (uint8_t)bad[i][1];
		assert_int_equal(stcp_hdr_parse(p, &h), -1);
	}
	/* The flags byte and every seq are fine. */
	memcpy(p, req_hdr, sizeof(p));
	p[10] = 0xff;
	p[6] = 0xff;
	assert_int_equal(stcp_hdr_parse(p, &h), 0);
}

/* Decode a stream handed over in pieces of `step` bytes. */
static unsigned
decode_chunks(const uint8_t *s, size_t len, size_t step, unsigned *oversize,
    unsigned *skips)
{
	struct stcp_decoder	 d;
	struct stcp_frame	 f;
	uint8_t			*acc = malloc(len + 1);
	size_t			 have = 0, off = 0, used, need, fed = 0;
	unsigned		 frames = 0;
	enum stcp_dec		 rc;

	stcp_decoder_init(&d);
	*oversize = *skips = 0;
	while (fed < len || off < have) {
		if (fed < len) {
			size_t n = len - fed < step ? len - fed : step;

			memcpy(acc + have, s + fed, n);
			have += n;
			fed += n;
		}
		for (;;) {
			rc = stcp_decode(&d, acc + off, have - off, &used,
			    &need, &f);
			off += used;
			if (rc == STCP_DEC_MORE)
				break;
			assert_int_not_equal(rc, STCP_DEC_BAD);
			if (rc == STCP_DEC_FRAME) {
				frames++;
				if (f.hdr.type == STCP_REQUEST)
					assert_memory_equal(f.payload + 9,
					    RESOLVED, strlen(RESOLVED));
			} else if (rc == STCP_DEC_OVERSIZE)
				(*oversize)++;
			else
				(*skips)++;
		}
		if (fed == len && rc == STCP_DEC_MORE)
			break;
	}
	assert_int_equal(off, have);
	free(acc);
	return frames;
}

static void
test_decoder_split(void **state)
{
	uint8_t		 s[4096];
	size_t		 len = 0, step;
	unsigned	 i, ov, sk;

	for (i = 0; i < 10; i++) {
		len += req_frame(s + len);
		len += resp_frame(s + len);
	}
	for (step = 1; step < 200; step += 7) {
		assert_int_equal(decode_chunks(s, len, step, &ov, &sk), 20);
		assert_int_equal(ov, 0);
	}
	assert_int_equal(decode_chunks(s, len, len, &ov, &sk), 20);
}

static void
test_decoder_oversize(void **state)
{
	struct stcp_hdr		 h;
	size_t			 big = STCP_MAX_PAYLOAD + 1, len, step;
	uint8_t			*s = calloc(1, big + 1024);
	unsigned		 ov, sk, frames;
	struct stcp_decoder	 d;
	struct stcp_frame	 f;
	size_t			 used, need;

	memset(&h, 0, sizeof(h));
	h.type = STCP_REQUEST;
	h.code = 100;
	h.seq = 9;
	h.payload_len = (uint32_t)big;
	stcp_hdr_write(s, &h);
	len = STCP_HDR_LEN + big;
	len += req_frame(s + len);
	for (step = 100000; step <= 4000000; step *= 4) {
		frames = decode_chunks(s, len, step, &ov, &sk);
		assert_int_equal(frames, 1);
		assert_int_equal(ov, 1);
		assert_true(sk >= 1);
	}
	/* The header alone: reported at once, the rest skipped later. */
	stcp_decoder_init(&d);
	assert_int_equal(stcp_decode(&d, s, STCP_HDR_LEN, &used, &need, &f),
	    STCP_DEC_OVERSIZE);
	assert_int_equal(used, STCP_HDR_LEN);
	assert_int_equal(f.hdr.seq, 9);
	assert_int_equal(stcp_decode(&d, s, 0, &used, &need, &f),
	    STCP_DEC_MORE);
	assert_int_equal(stcp_decode(&d, s, 1000, &used, &need, &f),
	    STCP_DEC_SKIP);
	assert_int_equal(used, 1000);
	/* A note counts against the limit too. */
	h.payload_len = 4;
	h.note_len = STCP_MAX_PAYLOAD;
	stcp_hdr_write(s, &h);
	stcp_decoder_init(&d);
	assert_int_equal(stcp_decode(&d, s, STCP_HDR_LEN, &used, &need, &f),
	    STCP_DEC_OVERSIZE);
	free(s);
}

/* A target method for stcp_serve: common/0.1/get_target_name. */
static void
h_name(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	xrl_args_add_txt(out, "name", INSTANCE);
}

static const struct xrl_param name_out[] = {
	{ "name", XRL_TYPE_TXT, XRL_TYPE_NONE },
};
static const struct xrl_method name_m = {
	"common/0.1/get_target_name", h_name, NULL, 0, name_out, 1,
};

struct served {
	struct xrl_dispatch	*d;
	struct stcp_server	 srv;
	struct stcp_decoder	 dec;
	struct buf		 out;
};

static int
setup(void **state)
{
	struct served			*s = calloc(1, sizeof(*s));
	struct xrl_dispatch_entry	 e = { &name_m, NULL, NULL };

	s->d = xrl_dispatch_new();
	assert_int_equal(xrl_dispatch_add_as(s->d,
	    "common/0.1/get_target_name-1e1bcc693a31b607", &e), 0);
	stcp_server_init(&s->srv, s->d);
	stcp_decoder_init(&s->dec);
	buf_init(&s->out);
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct served	*s = *state;

	stcp_server_clear(&s->srv);
	xrl_dispatch_free(s->d);
	buf_free(&s->out);
	free(s);
	return 0;
}

static void
expect_response(const uint8_t *p, uint32_t seq, uint32_t code,
    const char *note_part, struct stcp_hdr *h)
{
	assert_int_equal(stcp_hdr_parse(p, h), 0);
	assert_int_equal(h->type, STCP_RESPONSE);
	assert_int_equal(h->seq, seq);
	assert_int_equal(h->code, code);
	if (note_part != NULL) {
		char	*note = strndup((const char *)p + 24, h->note_len);

		assert_non_null(strstr(note, note_part));
		free(note);
	}
	if (code != XRL_OKAY) {
		assert_int_equal(h->payload_len, 4);
		assert_memory_equal(p + 24 + h->note_len, "\xcc\0\0\0", 4);
	}
}

static void
test_serve_vector(void **state)
{
	struct served	*s = *state;
	uint8_t		 in[256], want[256];
	size_t		 len = req_frame(in), wlen = resp_frame(want);
	size_t		 used, need;
	bool		 bad;

	assert_int_equal(stcp_serve(&s->srv, &s->dec, in, len, 100, &s->out,
	    &used, &need, &bad), 1);
	assert_false(bad);
	assert_int_equal(used, len);
	assert_int_equal(s->out.len, wlen);
	assert_memory_equal(s->out.data, want, wlen);
}

static void
test_serve_errors(void **state)
{
	struct served	*s = *state;
	struct stcp_hdr	 h;
	uint8_t		 in[2048], *p;
	size_t		 len = 0, off, used, need, n;
	bool		 bad;

	/* 1: HELO */
	memset(&h, 0, sizeof(h));
	h.type = STCP_HELO;
	h.seq = 1;
	h.code = 100;
	stcp_hdr_write(in, &h);
	len = STCP_HDR_LEN;
	/* 2: unknown method (the cookie is wrong) */
	n = req_frame(in + len);
	in[len + n - 1] = '0';
	in[len + 9] = 2;
	len += n;
	/* 3: a corrupt packed XRL (list header not 0xcc) */
	n = req_frame(in + len);
	in[len + 9] = 3;
	in[len + 24] = 0xcd;
	len += n;
	/* 4: arguments where none are expected */
	n = req_frame(in + len);
	in[len + 9] = 4;
	in[len + 27] = 2;		/* count 1 + 1 */
	memcpy(in + len + n, "\x42\0\0\0\x07", 5);	/* :u32=7 */
	be32_store(in + len + 20, 75 + 5);
	len += n + 5;
	/* 5: a good one, to show the stream is still in step */
	n = req_frame(in + len);
	in[len + 9] = 5;
	len += n;

	assert_int_equal(stcp_serve(&s->srv, &s->dec, in, len, 100, &s->out,
	    &used, &need, &bad), 5);
	assert_false(bad);
	assert_int_equal(used, len);
	p = s->out.data;
	assert_int_equal(stcp_hdr_parse(p, &h), 0);
	assert_int_equal(h.type, STCP_HELO_ACK);
	assert_int_equal(h.seq, 1);
	assert_int_equal(h.payload_len, 0);
	off = STCP_HDR_LEN;
	expect_response(p + off, 2, XRL_NO_SUCH_METHOD, "get_target_name",
	    &h);
	off += 24 + h.note_len + h.payload_len;
	expect_response(p + off, 3, XRL_INTERNAL_ERROR, "corrupt", &h);
	off += 24 + h.note_len + h.payload_len;
	expect_response(p + off, 4, XRL_BAD_ARGS, "expected 0 arguments",
	    &h);
	off += 24 + h.note_len + h.payload_len;
	expect_response(p + off, 5, XRL_OKAY, NULL, &h);
	assert_int_equal(h.payload_len, 61);
	off += 24 + h.note_len + h.payload_len;
	assert_int_equal(off, s->out.len);
	assert_int_equal(s->srv.requests, 4);
	assert_int_equal(s->srv.errors, 3);

	/* A bad header: what came before is answered, then stop. */
	buf_reset(&s->out);
	len = req_frame(in);
	memcpy(in + len, "NOPE", 4);
	memset(in + len + 4, 0, 20);
	len += 24;
	stcp_serve(&s->srv, &s->dec, in, len, 100, &s->out, &used, &need,
	    &bad);
	assert_true(bad);
	assert_int_equal(s->out.len, 24 + 61);
}

static void
test_serve_cap_and_partial(void **state)
{
	struct served	*s = *state;
	uint8_t		 in[4096];
	size_t		 len = 0, used, need;
	unsigned	 i;
	bool		 bad;

	for (i = 0; i < 10; i++)
		len += req_frame(in + len);
	/* At most 4 per pass. */
	assert_int_equal(stcp_serve(&s->srv, &s->dec, in, len, 4, &s->out,
	    &used, &need, &bad), 4);
	assert_int_equal(used, 4 * 99);
	/* A partial frame: nothing consumed, need says how much in all. */
	assert_int_equal(stcp_serve(&s->srv, &s->dec, in, 50, 100, &s->out,
	    &used, &need, &bad), 0);
	assert_int_equal(used, 0);
	assert_int_equal(need, 99);
	assert_int_equal(stcp_serve(&s->srv, &s->dec, in, 10, 100, &s->out,
	    &used, &need, &bad), 0);
	assert_int_equal(need, STCP_HDR_LEN);
}

static void
test_serve_oversize(void **state)
{
	struct served	*s = *state;
	struct stcp_hdr	 h;
	uint8_t		 in[256];
	size_t		 used, need;
	bool		 bad;

	memset(&h, 0, sizeof(h));
	h.type = STCP_REQUEST;
	h.code = 100;
	h.seq = 77;
	h.payload_len = STCP_MAX_PAYLOAD + 1;
	stcp_hdr_write(in, &h);
	assert_int_equal(stcp_serve(&s->srv, &s->dec, in, 24 + 100, 100,
	    &s->out, &used, &need, &bad), 1);
	assert_int_equal(used, 124);
	expect_response(s->out.data, 77, XRL_INTERNAL_ERROR, "exceeds", &h);
	assert_true(s->dec.skipping);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hdr_vectors),
		cmocka_unit_test(test_hdr_bad),
		cmocka_unit_test(test_decoder_split),
		cmocka_unit_test(test_decoder_oversize),
		cmocka_unit_test_setup_teardown(test_serve_vector, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_cap_and_partial,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_oversize, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: libFuzzer target for what a listener does with untrusted bytes:
 * the input is an incoming STCP stream, handed to stcp_serve() in pieces
 * the way reads would (the first byte picks the piece size), with a small
 * resolved table so well-formed requests reach real argument binding and
 * dispatch. Checks the listener's invariants: it consumes only what it was
 * given, never wants more than one maximal frame buffered, and everything
 * it writes parses as a sequence of response or HELO_ACK frames.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stcp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
h_echo(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	if (xrl_args_add_atom(out, in[0]) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "no memory");
}

static void
h_ping(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
}

static const struct xrl_param echo_p[] = {
	{ "l", XRL_TYPE_LIST, XRL_TYPE_U32 },
};
static const struct xrl_method methods[] = {
	{ "t/1.0/echo", h_echo, echo_p, 1, echo_p, 1 },
	{ "t/1.0/ping", h_ping, NULL, 0, NULL, 0 },
};

static void
check_output(const struct buf *out)
{
	struct stcp_hdr	 h;
	size_t		 off = 0;

	while (off < out->len) {
		if (out->len - off < STCP_HDR_LEN ||
		    stcp_hdr_parse(out->data + off, &h) == -1 ||
		    (h.type != STCP_RESPONSE && h.type != STCP_HELO_ACK))
			abort();
		off += STCP_HDR_LEN + (size_t)h.note_len + h.payload_len;
		if (off > out->len)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct xrl_dispatch	*d;
	struct stcp_server		 srv;
	struct stcp_decoder		 dec;
	struct buf			 out = BUF_INIT;
	uint8_t				*acc;
	size_t				 step, fed = 0, have = 0, off = 0;
	size_t				 used, need, n;
	bool				 bad = false;

	if (d == NULL) {
		struct xrl_dispatch_entry e = { &methods[0], NULL, NULL };

		d = xrl_dispatch_new();
		(void)xrl_dispatch_add_as(d, "t/1.0/echo-0123456789abcdef", &e);
		e.method = &methods[1];
		(void)xrl_dispatch_add_as(d, "t/1.0/ping-0123456789abcdef", &e);
	}
	if (size == 0)
		return 0;
	step = 1 + data[0] * 4;
	data++;
	size--;
	if ((acc = malloc(size + 1)) == NULL)
		return 0;
	stcp_server_init(&srv, d);
	stcp_decoder_init(&dec);
	while (!bad && (fed < size || off < have)) {
		n = size - fed < step ? size - fed : step;
		memcpy(acc + have, data + fed, n);
		have += n;
		fed += n;
		do {
			n = stcp_serve(&srv, &dec, acc + off, have - off, 8,
			    &out, &used, &need, &bad);
			if (used > have - off ||
			    need > STCP_HDR_LEN + STCP_MAX_PAYLOAD)
				abort();
			off += used;
		} while (n == 8 && !bad);
		if (fed == size)
			break;
	}
	check_output(&out);
	stcp_server_clear(&srv);
	buf_free(&out);
	free(acc);
	return 0;
}

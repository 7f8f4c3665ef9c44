/*
 * DOC: answering STCP requests, without sockets. A listener connection
 * passes the bytes it has read to stcp_serve(), which decodes every
 * complete frame, maps each request's resolved method name
 * ("iface/ver/method-cookie", §11.4) through the router's resolved table,
 * dispatches it and appends the response to one output buffer, so a whole
 * read's worth of replies leaves in one write. Nothing a peer sends makes
 * us drop the connection except a bad header, because only then is the
 * stream lost (§10.3): corrupt requests, unknown methods and oversized
 * payloads are all answered with an error.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "stcp.h"

void
stcp_server_init(struct stcp_server *srv, const struct xrl_dispatch *resolved)
{
	memset(srv, 0, sizeof(*srv));
	srv->resolved = resolved;
	xrl_args_init(&srv->in);
	xrl_args_init(&srv->out);
}

void
stcp_server_clear(struct stcp_server *srv)
{
	xrl_args_clear(&srv->in);
	xrl_args_clear(&srv->out);
}

static void
serve_reply(struct stcp_server *srv, struct buf *out, uint32_t seq,
    const struct xrl_error *err, const struct xrl_args *ret)
{
	struct stcp_hdr	 h;
	size_t		 at = out->len, body;
	static const uint8_t empty[4] = { 0xcc, 0, 0, 0 };

	memset(&h, 0, sizeof(h));
	h.seq = seq;
	h.type = STCP_RESPONSE;
	h.code = err->code;
	h.note_len = (uint32_t)strlen(err->note);
	if (err->code != XRL_OKAY)
		srv->errors++;
	if (!stcp_hdr_put(out, &h) ||
	    !buf_put_bytes(out, err->note, h.note_len))
		return;
	body = out->len;
	if (ret == NULL || ret->count == 0)
		(void)buf_put_bytes(out, empty, sizeof(empty));
	else
		(void)xrl_args_pack(ret, out);
	if (buf_ok(out))
		be32_store(out->data + at + 20, (uint32_t)(out->len - body));
}

/* The command of "protocol://target/command": after the third '/'. */
static int
head_command(const char *head, size_t len, const char **cmd, size_t *cmdlen)
{
	size_t	 i;
	int	 slashes = 0;

	for (i = 0; i < len && slashes < 3; i++)
		if (head[i] == '/')
			slashes++;
	if (slashes < 3 || i == len)
		return -1;
	*cmd = head + i;
	*cmdlen = len - i;
	return 0;
}

static void
serve_trace(struct stcp_server *srv, const char *head, size_t headlen,
    const struct xrl_error *err)
{
	struct buf	 b = BUF_INIT;
	char		 ebuf[XRL_NOTE_MAX + 64];

	(void)xrl_args_print(&srv->in, &b);
	log_info("XRLTRACE recv %.*s%s%s -> %s", (int)headlen, head,
	    srv->in.count ? "?" : "", b.len ? buf_cstr(&b) : "",
	    xrl_error_print(err, ebuf, sizeof(ebuf)));
	buf_free(&b);
}

static void
serve_request(struct stcp_server *srv, const struct stcp_frame *f,
    struct buf *out)
{
	const struct xrl_dispatch_entry	*e;
	struct xrl_error		 err;
	const char			*head = NULL, *cmd;
	size_t				 headlen = 0, cmdlen;
	char				 msg[XRL_ERRBUF];

	srv->requests++;
	xrl_error_ok(&err);
	xrl_args_clear(&srv->out);
	if (xrl_unpack(f->payload, f->hdr.payload_len, &head, &headlen,
	    &srv->in, msg, sizeof(msg)) == -1) {
		xrl_error_set(&err, XRL_INTERNAL_ERROR, "corrupt request: %s",
		    msg);
		head = NULL;
		goto reply;
	}
	if (head_command(head, headlen, &cmd, &cmdlen) == -1) {
		xrl_error_set(&err, XRL_INTERNAL_ERROR,
		    "corrupt request: no command in \"%.*s\"",
		    (int)(headlen > 128 ? 128 : headlen), head);
		goto reply;
	}
	if ((e = xrl_dispatch_lookup(srv->resolved, cmd, cmdlen)) == NULL) {
		xrl_error_set(&err, XRL_NO_SUCH_METHOD, "%.*s",
		    (int)(cmdlen > 256 ? 256 : cmdlen), cmd);
		goto reply;
	}
	xrl_dispatch_call(e, &srv->in, &srv->out, &err);
reply:
	if (srv->trace && head != NULL)
		serve_trace(srv, head, headlen, &err);
	serve_reply(srv, out, f->hdr.seq, &err,
	    err.code == XRL_OKAY ? &srv->out : NULL);
	xrl_args_clear(&srv->in);
}

void
stcp_serve_frame(struct stcp_server *srv, const struct stcp_frame *f,
    struct buf *out)
{
	struct stcp_hdr	 h;

	switch (f->hdr.type) {
	case STCP_HELO:
		memset(&h, 0, sizeof(h));
		h.seq = f->hdr.seq;
		h.type = STCP_HELO_ACK;
		h.code = XRL_OKAY;
		(void)stcp_hdr_put(out, &h);
		break;
	case STCP_REQUEST:
		serve_request(srv, f, out);
		break;
	default:
		/* Responses have no business here; nothing to answer. */
		break;
	}
}

unsigned
stcp_serve(struct stcp_server *srv, struct stcp_decoder *d, const uint8_t *p,
    size_t len, unsigned max, struct buf *out, size_t *used, size_t *need,
    bool *bad)
{
	struct stcp_frame	 f;
	struct xrl_error	 err;
	size_t			 off = 0, u;
	unsigned		 n = 0;

	*bad = false;
	*need = STCP_HDR_LEN;
	while (n < max) {
		switch (stcp_decode(d, p + off, len - off, &u, need, &f)) {
		case STCP_DEC_MORE:
			goto done;
		case STCP_DEC_FRAME:
			off += u;
			stcp_serve_frame(srv, &f, out);
			n++;
			break;
		case STCP_DEC_OVERSIZE:
			off += u;
			n++;
			if (f.hdr.type != STCP_REQUEST)
				break;
			srv->requests++;
			xrl_error_set(&err, XRL_INTERNAL_ERROR,
			    "request of %llu bytes exceeds the limit of %u",
			    (unsigned long long)f.hdr.note_len +
			    f.hdr.payload_len, STCP_MAX_PAYLOAD);
			serve_reply(srv, out, f.hdr.seq, &err, NULL);
			break;
		case STCP_DEC_SKIP:
			off += u;
			break;
		case STCP_DEC_BAD:
			*bad = true;
			goto done;
		}
	}
done:
	*used = off;
	return n;
}

/*
 * DOC: tlsprof: the TLS tuning profile (RFC 3080 3.1, digest 9) on a
 * beep_peer. The listener side answers a start carrying <ready /> (or a
 * channel whose first MSG is <ready />) with exactly <proceed />, then
 * stops the session and hands the socket to the TLS filter as server;
 * the initiator side sends exactly <ready /> piggybacked, sends nothing
 * until the answer, and on <proceed /> becomes the TLS client. The
 * handshake's bytes start right after the END CR LF of proceed's frame;
 * the peer keeps those octets for the filter (peer.c). Once the
 * handshake is over the peer greets again inside TLS and calls ready()
 * as for any greeting; beep_peer_tls_active() then says so.
 *
 * SSL objects come from the owner (tls.c makes them from its contexts);
 * they pass to the peer, which frees them.
 */
#include <stdlib.h>
#include <string.h>

#include "peer.h"
#include "tlsprof.h"

/* A ready element (piggybacked or a MSG body), or a reply code. */
static unsigned int
ready_check(const uint8_t *p, size_t len)
{
	struct beep_mgmt	 m;
	enum beep_mgmt_err	 e;

	if ((e = beep_mgmt_parse(&m, p, len, BEEP_EL_BIT(BEEP_EL_READY))) !=
	    BEEP_MGMT_OK)
		return beep_mgmt_err_code(e);
	beep_mgmt_clear(&m);
	return 0;
}

static int
proceed_put(struct buf *b)
{
	return beep_tls_proceed_put(b) == BEEP_MGMT_OK && buf_ok(b) ? 0 : -1;
}

void
beep_tls_server_start(struct beep_start_req *req, SSL *ssl)
{
	struct beep_peer	*p = req->peer;
	struct buf		 b = BUF_INIT;
	unsigned int		 code;

	if (req->content_len == 0) {
		/* ready will come as the channel's first MSG */
		SSL_free(ssl);
		beep_peer_accept(req, NULL, 0);
		return;
	}
	if ((code = ready_check(req->content, req->content_len)) != 0) {
		SSL_free(ssl);
		beep_peer_refuse(req, code, "expected <ready />");
		return;
	}
	if (proceed_put(&b) == -1 || beep_peer_accept(req, b.data, b.len) ==
	    -1) {
		SSL_free(ssl);
		buf_free(&b);
		beep_peer_abort(p, "TLS: cannot answer ready");
		return;
	}
	buf_free(&b);
	/* digest 9: the handshake starts right after proceed */
	beep_peer_tune(p);
	beep_peer_starttls(p, ssl, true);
}

void
beep_tls_server_message(struct beep_peer *p, uint32_t channel,
    uint32_t msgno, const uint8_t *d, size_t len, SSL *ssl)
{
	struct buf		 b = BUF_INIT, m = BUF_INIT;
	const uint8_t		*body;
	size_t			 blen;
	unsigned int		 code;

	if ((code = beep_xml_body(d, len, &body, &blen)) != 0 ||
	    (code = ready_check(body, blen)) != 0) {
		SSL_free(ssl);
		beep_peer_err(p, channel, msgno, code, "expected <ready />");
		return;
	}
	if (proceed_put(&b) == -1 ||
	    !buf_put_str(&m, "Content-Type: application/beep+xml\r\n\r\n") ||
	    !buf_put_bytes(&m, b.data, b.len) || !buf_put_str(&m, "\r\n") ||
	    beep_peer_rpy(p, channel, msgno, m.data, m.len) == -1) {
		SSL_free(ssl);
		buf_free(&b);
		buf_free(&m);
		beep_peer_abort(p, "TLS: cannot answer ready");
		return;
	}
	buf_free(&b);
	buf_free(&m);
	beep_peer_tune(p);
	beep_peer_starttls(p, ssl, true);
}

struct tls_client {
	SSL			*ssl;
	beep_tls_client_cb	 cb;
	void			*arg;
};

static void
client_started(struct beep_peer *p, const struct beep_start_result *r,
    void *arg)
{
	struct tls_client	*tc = arg;
	struct beep_mgmt	 m;
	SSL			*ssl = tc->ssl;
	beep_tls_client_cb	 cb = tc->cb;
	void			*cbarg = tc->arg;

	free(tc);
	if (!r->ok) {
		SSL_free(ssl);
		cb(p, false, r->code, r->text, cbarg);
		return;
	}
	if (beep_mgmt_parse(&m, r->content, r->content_len,
	    BEEP_EL_BIT(BEEP_EL_PROCEED) | BEEP_EL_BIT(BEEP_EL_ERROR)) !=
	    BEEP_MGMT_OK) {
		SSL_free(ssl);
		cb(p, false, 500, "no <proceed /> in the answer", cbarg);
		return;
	}
	if (m.type == BEEP_EL_ERROR) {
		/* a channel with an encapsulated error: TLS does not start */
		SSL_free(ssl);
		cb(p, false, m.u.error.code, m.u.error.text ? m.u.error.text :
		    "", cbarg);
		beep_mgmt_clear(&m);
		return;
	}
	beep_mgmt_clear(&m);
	beep_peer_tune(p);
	if (beep_peer_starttls(p, ssl, false) == -1) {
		cb(p, false, 451, "cannot start TLS", cbarg);
		return;
	}
	cb(p, true, 200, "", cbarg);
}

int
beep_tls_client_start(struct beep_peer *p, SSL *ssl, const char *server_name,
    beep_tls_client_cb cb, void *arg)
{
	struct tls_client	*tc;
	struct buf		 b = BUF_INIT;
	int			 rc;

	if ((tc = calloc(1, sizeof(*tc))) == NULL) {
		SSL_free(ssl);
		return -1;
	}
	tc->ssl = ssl;
	tc->cb = cb;
	tc->arg = arg;
	/* digest 9: exactly "<ready />", piggybacked */
	if (beep_tls_ready_put(&b, NULL) != BEEP_MGMT_OK || !buf_ok(&b)) {
		buf_free(&b);
		SSL_free(ssl);
		free(tc);
		return -1;
	}
	rc = beep_peer_start(p, BEEP_URI_TLS, b.data, b.len, server_name,
	    client_started, tc);
	buf_free(&b);
	if (rc == -1) {
		SSL_free(ssl);
		free(tc);
	}
	return rc;
}

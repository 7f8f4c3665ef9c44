/*
 * DOC: tls: the OpenSSL side of the BEEP TLS tuning profile (RFC 3080
 * 3.1, digest 9); tlsprof.c speaks the XML (<ready />, <proceed />) and
 * hands the socket over, this file makes the TLS objects it hands over.
 *
 * Contexts. beep_tls_ctx_new() turns a struct beep_tls_cfg into an
 * SSL_CTX: TLS 1.2 at least, no compression, no renegotiation, OpenSSL's
 * default ciphers at security level 2 or more. A server needs a
 * certificate and its key; a client may have one (client certificates).
 * Verification is on by default: a client with neither a CA file nor a
 * pinned fingerprint is refused here unless no_verify says otherwise.
 * With a CA file the chain and the peer's name (peer_name, set per
 * connection by beep_tls_ssl_new()) are checked during the handshake,
 * which then fails on a bad certificate. With only a pin, the chain is
 * not checked during the handshake (a pinned certificate is often
 * self-signed); beep_tls_check_peer() compares the fingerprint once the
 * handshake is over, and the pin then stands for the name as well.
 * Either way the owner calls beep_tls_check_peer() after the handshake,
 * before it trusts anything that came through TLS.
 *
 * The switch to TLS. In BEEP the handshake starts right after the END
 * CR LF of the frame that carries <proceed />, on a connection that
 * already has a socket bufferevent. beep_tls_bev_filter() stacks
 * libevent's OpenSSL filter on that bufferevent. Whatever plaintext is
 * still queued in its output goes first: the filter appends TLS records
 * to the same output buffer. The octets already read into its input (a
 * ClientHello that came in the same segment as the last plaintext) are
 * set aside while the filter is made, put back, and fed to the
 * handshake by an explicit (deferred) read trigger. libevent 2.1.12
 * does not look at them when the filter is made; it reads them only
 * when something else calls into the filter: the owner's
 * bufferevent_enable() (an SSL_read() that runs the handshake on the
 * side) or the underlying's write callback on a writable socket.
 * Older libevent ran the handshake inside
 * bufferevent_openssl_filter_new(), before the owner had set its
 * callbacks: a failure there went unreported and freed the SSL and the
 * underlying bufferevent under the owner's feet; hence the octets set
 * aside during the call.
 * The filter's callbacks are deferred for the same reason. Expect the
 * error event more than once for one failure.
 *
 * No globals: every function takes its context and a caller buffer
 * for the error text.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "tls.h"

#define TLS_SECLEVEL_MIN	2

static const char tls_no_anchor[] =
    "no CA file or pinned fingerprint: refusing an unverified TLS peer";

/*
 * The OpenSSL error queue as text: the first error (the cause; later
 * ones are the callers' "PEM lib" and the like), then the queue is
 * emptied so that the next failure starts clean.
 */
const char *
beep_tls_errstr(char *buf, size_t len)
{
	unsigned long	 e;

	if (len == 0)
		return buf;
	if ((e = ERR_get_error()) == 0)
		snprintf(buf, len, "unknown TLS error");
	else
		ERR_error_string_n(e, buf, len);
	ERR_clear_error();
	return buf;
}

/*
 * What went wrong on a TLS bufferevent, for its event callback: the
 * filter's own error queue, with the verification result when the
 * peer's certificate was the reason.
 */
const char *
beep_tls_bev_errstr(struct bufferevent *bev, char *buf, size_t len)
{
	SSL		*ssl;
	unsigned long	 e, first = 0;
	long		 vr;
	char		 s[160];

	if (len == 0)
		return buf;
	/*
	 * The filter hands its errors out last first, and stores among them
	 * SSL_get_error()'s code (SSL_ERROR_SSL, ...), which is no error
	 * code: keep the earliest from a library.
	 */
	while ((e = bufferevent_get_openssl_error(bev)) != 0)
		if (ERR_GET_LIB(e) != 0)
			first = e;
	if (first == 0) {
		snprintf(buf, len, "connection closed or reset during TLS");
		return buf;
	}
	ERR_error_string_n(first, s, sizeof(s));
	ssl = bufferevent_openssl_get_ssl(bev);
	if (ssl != NULL && (vr = SSL_get_verify_result(ssl)) != X509_V_OK)
		snprintf(buf, len, "%s (%s)", s,
		    X509_verify_cert_error_string(vr));
	else
		snprintf(buf, len, "%s", s);
	return buf;
}

static void
tls_err(char *err, size_t errlen, const char *what, const char *file)
{
	char	 e[160];

	beep_tls_errstr(e, sizeof(e));
	if (file != NULL)
		snprintf(err, errlen, "%s %s: %s", what, file, e);
	else
		snprintf(err, errlen, "%s: %s", what, e);
}

static int
tls_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * A SHA-256 fingerprint as people paste it: 64 hex digits, either case,
 * pairs optionally split by colons, an optional "sha256:" in front.
 */
int
beep_tls_pin_parse(const char *s, unsigned char md[32])
{
	size_t	 n = 0;
	int	 hi, lo;

	if (s == NULL)
		return -1;
	if (strncasecmp(s, "sha256:", 7) == 0)
		s += 7;
	while (*s != '\0') {
		if (n >= 32)
			return -1;
		if ((hi = tls_hexval(s[0])) == -1 ||
		    (lo = tls_hexval(s[1])) == -1)
			return -1;
		md[n++] = (unsigned char)(hi << 4 | lo);
		s += 2;
		if (*s == ':' && n < 32 && s[1] != '\0')
			s++;
	}
	return n == 32 ? 0 : -1;
}

/* "AB:CD:...", as openssl x509 -fingerprint -sha256 prints it. */
int
beep_tls_fingerprint(X509 *x, char *out, size_t outlen)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen, i;

	if (outlen < BEEP_TLS_FPR_LEN ||
	    !X509_digest(x, EVP_sha256(), md, &mdlen) || mdlen != 32) {
		if (outlen > 0)
			out[0] = '\0';
		return -1;
	}
	for (i = 0; i < mdlen; i++) {
		out[3 * i] = hex[md[i] >> 4];
		out[3 * i + 1] = hex[md[i] & 0xf];
		out[3 * i + 2] = i + 1 < mdlen ? ':' : '\0';
	}
	return 0;
}

/* The fingerprint of the first certificate in a PEM file, for tools. */
int
beep_tls_fingerprint_file(const char *path, char *out, size_t outlen,
    char *err, size_t errlen)
{
	FILE	*f;
	X509	*x;
	int	 rc;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ERR_clear_error();
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (x == NULL) {
		tls_err(err, errlen, "cannot read a certificate from", path);
		return -1;
	}
	if ((rc = beep_tls_fingerprint(x, out, outlen)) == -1)
		snprintf(err, errlen, "%s: cannot compute the fingerprint",
		    path);
	X509_free(x);
	return rc;
}

/* Pin-only verification: the chain is judged by beep_tls_check_peer(). */
static int
tls_verify_later(int ok, X509_STORE_CTX *xs)
{
	return 1;
}

static int
tls_ctx_keys(SSL_CTX *ctx, const struct beep_tls_cfg *cfg, bool server,
    char *err, size_t errlen)
{
	const char	*key;

	if (cfg->cert_file == NULL) {
		if (server) {
			snprintf(err, errlen, "a TLS server needs a "
			    "certificate and its key");
			return -1;
		}
		if (cfg->key_file != NULL) {
			snprintf(err, errlen, "a TLS key without its "
			    "certificate");
			return -1;
		}
		return 0;
	}
	key = cfg->key_file != NULL ? cfg->key_file : cfg->cert_file;
	if (SSL_CTX_use_certificate_chain_file(ctx, cfg->cert_file) != 1) {
		tls_err(err, errlen, "cannot load the certificate",
		    cfg->cert_file);
		return -1;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		if (ERR_GET_REASON(ERR_peek_last_error()) ==
		    X509_R_KEY_VALUES_MISMATCH) {
			ERR_clear_error();
			snprintf(err, errlen, "the key %s does not match the "
			    "certificate %s", key, cfg->cert_file);
		} else
			tls_err(err, errlen, "cannot load the key", key);
		return -1;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		tls_err(err, errlen, "the key does not match the certificate",
		    key);
		return -1;
	}
	return 0;
}

static int
tls_ctx_verify(SSL_CTX *ctx, const struct beep_tls_cfg *cfg, bool server,
    char *err, size_t errlen)
{
	STACK_OF(X509_NAME)	*names;
	unsigned char		 md[32];
	bool			 ca = cfg->ca_file != NULL;
	bool			 pin = cfg->pin_sha256 != NULL;
	int			 mode;

	if (pin && beep_tls_pin_parse(cfg->pin_sha256, md) == -1) {
		snprintf(err, errlen, "pinned fingerprint %s: not a SHA-256 "
		    "fingerprint (64 hex digits)", cfg->pin_sha256);
		return -1;
	}
	if (!cfg->no_verify && !ca && !pin &&
	    (!server || cfg->require_client_cert)) {
		snprintf(err, errlen, "%s", tls_no_anchor);
		return -1;
	}
	if (ca) {
		if (SSL_CTX_load_verify_locations(ctx, cfg->ca_file, NULL) !=
		    1) {
			tls_err(err, errlen, "cannot load the CA file",
			    cfg->ca_file);
			return -1;
		}
		if (server) {
			/* tell clients which CAs we take */
			if ((names = SSL_load_client_CA_file(cfg->ca_file)) ==
			    NULL) {
				tls_err(err, errlen, "cannot read CA names "
				    "from", cfg->ca_file);
				return -1;
			}
			SSL_CTX_set_client_CA_list(ctx, names);
		}
	}
	if (!server) {
		/* a client always gets the server's certificate */
		if (ca && !cfg->no_verify)
			SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		else
			SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		return 0;
	}
	/* a server asks for a certificate only when it can judge one */
	if (!ca && !pin && !cfg->require_client_cert) {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		return 0;
	}
	mode = SSL_VERIFY_PEER;
	if (cfg->require_client_cert)
		mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
	SSL_CTX_set_verify(ctx, mode, ca && !cfg->no_verify ? NULL :
	    tls_verify_later);
	return 0;
}

SSL_CTX *
beep_tls_ctx_new(const struct beep_tls_cfg *cfg, bool server, char *err,
    size_t errlen)
{
	SSL_CTX		*ctx;

	ERR_clear_error();
	if ((ctx = SSL_CTX_new(server ? TLS_server_method() :
	    TLS_client_method())) == NULL) {
		tls_err(err, errlen, "cannot make a TLS context", NULL);
		return NULL;
	}
	/* digest 9: TLS 1.2 or later whatever <ready version=...> says */
	if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
		tls_err(err, errlen, "cannot require TLS 1.2", NULL);
		goto fail;
	}
	if (SSL_CTX_get_security_level(ctx) < TLS_SECLEVEL_MIN)
		SSL_CTX_set_security_level(ctx, TLS_SECLEVEL_MIN);
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	    SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (tls_ctx_keys(ctx, cfg, server, err, errlen) == -1 ||
	    tls_ctx_verify(ctx, cfg, server, err, errlen) == -1)
		goto fail;
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

static bool
tls_name_is_ip(const char *name)
{
	unsigned char	 a[16];

	return inet_pton(AF_INET, name, a) == 1 ||
	    inet_pton(AF_INET6, name, a) == 1;
}

SSL *
beep_tls_ssl_new(SSL_CTX *ctx, const struct beep_tls_cfg *cfg, bool server,
    char *err, size_t errlen)
{
	X509_VERIFY_PARAM	*vp;
	SSL			*ssl;
	const char		*name = cfg->peer_name;

	ERR_clear_error();
	if ((ssl = SSL_new(ctx)) == NULL) {
		tls_err(err, errlen, "cannot make a TLS connection", NULL);
		return NULL;
	}
	if (name == NULL || *name == '\0')
		return ssl;
	vp = SSL_get0_param(ssl);
	X509_VERIFY_PARAM_set_hostflags(vp,
	    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	if (tls_name_is_ip(name)) {
		/* RFC 6066 3: no SNI for an address */
		if (X509_VERIFY_PARAM_set1_ip_asc(vp, name) != 1) {
			tls_err(err, errlen, "cannot check the address", name);
			goto fail;
		}
		return ssl;
	}
	if (X509_VERIFY_PARAM_set1_host(vp, name, 0) != 1) {
		tls_err(err, errlen, "cannot check the name", name);
		goto fail;
	}
	if (!server && SSL_set_tlsext_host_name(ssl, name) != 1) {
		tls_err(err, errlen, "cannot send the server name", name);
		goto fail;
	}
	return ssl;
fail:
	SSL_free(ssl);
	return NULL;
}

/*
 * After the handshake, before anything that came through TLS is
 * trusted: the certificate verified (unless no_verify) and, when a pin
 * is set, its SHA-256 equal to the pin.
 */
int
beep_tls_check_peer(SSL *ssl, const struct beep_tls_cfg *cfg, char *err,
    size_t errlen)
{
	X509		*x;
	unsigned char	 want[32], got[EVP_MAX_MD_SIZE];
	unsigned int	 gotlen;
	char		 fpr[BEEP_TLS_FPR_LEN];
	long		 vr;
	int		 rc = -1;

	if (ssl == NULL || !SSL_is_init_finished(ssl)) {
		snprintf(err, errlen, "TLS handshake not finished");
		return -1;
	}
	if ((x = SSL_get1_peer_certificate(ssl)) == NULL) {
		if (cfg->pin_sha256 != NULL ||
		    (SSL_is_server(ssl) ? cfg->require_client_cert :
		    !cfg->no_verify)) {
			snprintf(err, errlen, "the TLS peer sent no "
			    "certificate");
			return -1;
		}
		return 0;
	}
	if (!cfg->no_verify && cfg->ca_file != NULL &&
	    (vr = SSL_get_verify_result(ssl)) != X509_V_OK) {
		snprintf(err, errlen, "TLS peer certificate not verified: %s",
		    X509_verify_cert_error_string(vr));
		goto out;
	}
	if (!cfg->no_verify && cfg->ca_file == NULL &&
	    cfg->pin_sha256 == NULL) {
		snprintf(err, errlen, "%s", tls_no_anchor);
		goto out;
	}
	if (cfg->pin_sha256 != NULL) {
		if (beep_tls_pin_parse(cfg->pin_sha256, want) == -1) {
			snprintf(err, errlen, "pinned fingerprint %s: not a "
			    "SHA-256 fingerprint", cfg->pin_sha256);
			goto out;
		}
		if (!X509_digest(x, EVP_sha256(), got, &gotlen) ||
		    gotlen != sizeof(want) ||
		    CRYPTO_memcmp(got, want, sizeof(want)) != 0) {
			beep_tls_fingerprint(x, fpr, sizeof(fpr));
			snprintf(err, errlen, "TLS peer certificate %s does "
			    "not match the pinned fingerprint", fpr);
			goto out;
		}
	}
	rc = 0;
out:
	X509_free(x);
	return rc;
}

/*
 * The filter on a plaintext socket bufferevent, freeing it (and through
 * it the socket, if it owns it) when freed; it owns ssl. On failure
 * both ssl and underlying are freed: the connection is unusable then
 * (digest 9: a failed switch ends the session). The underlying's
 * callbacks and watermarks now belong to the filter; the owner sets its
 * own on the returned bufferevent, whose callbacks are deferred to the
 * event loop.
 */
struct bufferevent *
beep_tls_bev_filter(struct event_base *base, struct bufferevent *underlying,
    SSL *ssl, bool server)
{
	struct bufferevent	*f;
	struct evbuffer		*in, *held;

	if ((held = evbuffer_new()) == NULL)
		goto fail;
	in = bufferevent_get_input(underlying);
	if (evbuffer_add_buffer(held, in) == -1) {
		evbuffer_free(held);
		goto fail;
	}
	/*
	 * An extra reference each, so that whatever libevent frees on its
	 * failure path, we know what is left to free.
	 */
	SSL_up_ref(ssl);
	bufferevent_incref(underlying);
	f = bufferevent_openssl_filter_new(base, underlying, ssl,
	    server ? BUFFEREVENT_SSL_ACCEPTING : BUFFEREVENT_SSL_CONNECTING,
	    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	if (f == NULL) {
		/*
		 * Before the SSL got its BIO nothing was taken over; after,
		 * libevent freed its (the caller's) references.
		 */
		if (SSL_get_rbio(ssl) == NULL) {
			SSL_free(ssl);
			bufferevent_decref(underlying);
		}
		evbuffer_free(held);
		SSL_free(ssl);
		bufferevent_setcb(underlying, NULL, NULL, NULL, NULL);
		bufferevent_free(underlying);
		return NULL;
	}
	SSL_free(ssl);
	bufferevent_decref(underlying);
	/* the octets read ahead: the start of the peer's handshake */
	if (evbuffer_get_length(held) > 0) {
		evbuffer_prepend_buffer(in, held);
		bufferevent_trigger(underlying, EV_READ,
		    BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
	}
	evbuffer_free(held);
	return f;
fail:
	SSL_free(ssl);
	bufferevent_free(underlying);
	return NULL;
}

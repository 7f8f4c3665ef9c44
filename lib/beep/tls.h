/*
 * DOC: tls: the OpenSSL side of the BEEP TLS tuning profile (RFC 3080
 * 3.1, digest 9): contexts and connections made from a struct
 * beep_tls_cfg, the peer checks after the handshake (verification
 * result, pinned SHA-256 fingerprint), and the libevent filter that
 * turns a plaintext socket bufferevent into a TLS one in the middle of
 * its byte stream. See tls.c.
 */
#ifndef OKAPI_BEEP_TLS_H
#define OKAPI_BEEP_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include <event2/event.h>
#include <event2/bufferevent.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

/* "AB:CD:...:EF" for SHA-256 and its NUL. */
#define BEEP_TLS_FPR_LEN	(32 * 3)

struct beep_tls_cfg {
	const char	*cert_file;	/* PEM, chain allowed */
	const char	*key_file;	/* PEM; NULL: in cert_file */
	const char	*ca_file;	/* PEM CAs that verify the peer */
	/* the peer certificate's SHA-256, hex, colons and "sha256:" ok */
	const char	*pin_sha256;
	/* the name expected in the peer certificate: SAN DNS or IP */
	const char	*peer_name;
	bool		 no_verify;	/* explicit opt-out of verification */
	bool		 require_client_cert;	/* server side */
};

/* tls.c */
SSL_CTX		*beep_tls_ctx_new(const struct beep_tls_cfg *, bool server,
		    char *err, size_t errlen);
SSL		*beep_tls_ssl_new(SSL_CTX *, const struct beep_tls_cfg *,
		    bool server, char *err, size_t errlen);
int		 beep_tls_check_peer(SSL *, const struct beep_tls_cfg *,
		    char *err, size_t errlen);
struct bufferevent *beep_tls_bev_filter(struct event_base *,
		    struct bufferevent *underlying, SSL *, bool server);
int		 beep_tls_fingerprint(X509 *, char *out, size_t outlen);
int		 beep_tls_fingerprint_file(const char *path, char *out,
		    size_t outlen, char *err, size_t errlen);
int		 beep_tls_pin_parse(const char *, unsigned char md[32]);
const char	*beep_tls_errstr(char *buf, size_t len);
const char	*beep_tls_bev_errstr(struct bufferevent *, char *buf,
		    size_t len);

#endif

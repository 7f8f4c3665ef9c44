/*
 * lib/beep/tls.c over socketpairs and libevent bufferevents, with
 * certificates made at run time by scripts/mkcerts.sh (path in
 * OKAPI_MKCERTS): verification by CA and name, by pin, refusals (wrong
 * name, other CA, pin mismatch, no trust anchor, TLS 1.1, missing
 * client certificate), 1 MB each way, and the BEEP switch in the middle
 * of a byte stream: handshake octets already read into the underlying
 * bufferevent, plaintext still queued in its output.
 * Skips (77) when the openssl command is missing.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tls.h"

#define BULK		(1024 * 1024)
#define TIMEOUT_SEC	10

struct fixture {
	char	 dir[64];		/* CA "a": server, client, 127.0.0.1 */
	char	 a[96], b[96];		/* CA "b": server (same name) */
	char	 fpr_a_server[BEEP_TLS_FPR_LEN];	/* from mkcerts.sh */
};

enum end_mode {
	END_TLS,		/* the filter from the start */
	END_PLAIN_THEN_TLS,	/* a plaintext line first, then the filter */
};

struct world;

struct end {
	struct world		*w;
	bool			 server;
	enum end_mode		 mode;
	struct bufferevent	*plain;		/* before the switch */
	struct bufferevent	*bev;		/* the filter */
	SSL_CTX			*ctx;
	struct beep_tls_cfg	 cfg;
	int			 connected;
	int			 failed;
	char			 err[256];
	char			 line[64];	/* the plaintext line read */
	size_t			 left_at_wrap;	/* input octets at the switch */
	size_t			 queued_at_wrap;	/* output octets then */
	size_t			 rcvd;
	size_t			 bad;
	bool			 bulk;
};

struct world {
	struct event_base	*base;
	struct event		*timer;
	int			 sv[2];
	struct end		 c, s;
	bool			 want_bulk;
	bool			 timedout;
};

static unsigned char
bulk_byte(size_t i, bool server)
{
	return (unsigned char)((i * 7 + (server ? 3 : 0) + (i >> 12)) & 0xff);
}

static bool
end_done(const struct end *e)
{
	if (e->failed)
		return true;
	if (!e->connected)
		return false;
	return !e->w->want_bulk || e->rcvd >= BULK;
}

static void
world_check(struct world *w)
{
	if (end_done(&w->c) && end_done(&w->s))
		event_base_loopbreak(w->base);
}

static void
end_read(struct bufferevent *bev, void *arg)
{
	struct end		*e = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	unsigned char		 d[4096];
	size_t			 i;
	int			 n;

	while ((n = evbuffer_remove(in, d, sizeof(d))) > 0) {
		for (i = 0; i < (size_t)n; i++)
			if (d[i] != bulk_byte(e->rcvd + i, !e->server))
				e->bad++;
		e->rcvd += (size_t)n;
	}
	world_check(e->w);
}

static void
end_event(struct bufferevent *bev, short what, void *arg)
{
	struct end	*e = arg;
	unsigned char	*d;
	size_t		 i;

	if (what & BEV_EVENT_CONNECTED) {
		e->connected = 1;
		if (e->w->want_bulk) {
			assert_non_null(d = malloc(BULK));
			for (i = 0; i < BULK; i++)
				d[i] = bulk_byte(i, e->server);
			assert_int_equal(bufferevent_write(bev, d, BULK), 0);
			free(d);
		}
	} else if (what & (BEV_EVENT_ERROR | BEV_EVENT_EOF |
	    BEV_EVENT_TIMEOUT)) {
		if (!e->failed)
			beep_tls_bev_errstr(bev, e->err, sizeof(e->err));
		e->failed = 1;
	}
	world_check(e->w);
}

static void
end_wrap(struct end *e)
{
	char	 err[256];
	SSL	*ssl;

	ssl = beep_tls_ssl_new(e->ctx, &e->cfg, e->server, err, sizeof(err));
	if (ssl == NULL)
		fail_msg("beep_tls_ssl_new: %s", err);
	e->left_at_wrap = evbuffer_get_length(bufferevent_get_input(e->plain));
	e->queued_at_wrap =
	    evbuffer_get_length(bufferevent_get_output(e->plain));
	e->bev = beep_tls_bev_filter(e->w->base, e->plain, ssl, e->server);
	e->plain = NULL;
	assert_non_null(e->bev);
	bufferevent_setcb(e->bev, end_read, NULL, end_event, e);
	assert_int_equal(bufferevent_enable(e->bev, EV_READ | EV_WRITE), 0);
}

/* BEEP before the switch: one plaintext line, drained exactly. */
static void
end_plain_read(struct bufferevent *bev, void *arg)
{
	struct end		*e = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct evbuffer_ptr	 eol;
	size_t			 eol_len;

	eol = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_CRLF_STRICT);
	if (eol.pos < 0)
		return;
	assert_true((size_t)eol.pos < sizeof(e->line));
	assert_int_equal(evbuffer_remove(in, e->line, eol.pos), eol.pos);
	e->line[eol.pos] = '\0';
	assert_int_equal(evbuffer_drain(in, eol_len), 0);
	end_wrap(e);
}

static void
world_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct world	*w = arg;

	w->timedout = true;
	event_base_loopbreak(w->base);
}

static void
world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	assert_non_null(w->base = event_base_new());
	assert_non_null(w->timer = evtimer_new(w->base, world_timeout, w));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, w->sv), 0);
	assert_int_equal(evutil_make_socket_nonblocking(w->sv[0]), 0);
	assert_int_equal(evutil_make_socket_nonblocking(w->sv[1]), 0);
	w->c.w = w->s.w = w;
	w->s.server = true;
}

static SSL_CTX *
ctx_ok(const struct beep_tls_cfg *cfg, bool server)
{
	SSL_CTX		*ctx;
	char		 err[256];

	if ((ctx = beep_tls_ctx_new(cfg, server, err, sizeof(err))) == NULL)
		fail_msg("beep_tls_ctx_new: %s", err);
	return ctx;
}

/* An end on its socket: TLS at once, or a plaintext line first. */
static void
end_start(struct end *e, int fd, enum end_mode mode, const char *say)
{
	e->mode = mode;
	assert_non_null(e->plain = bufferevent_socket_new(e->w->base, fd,
	    BEV_OPT_CLOSE_ON_FREE));
	if (say != NULL)
		assert_int_equal(bufferevent_write(e->plain, say,
		    strlen(say)), 0);
	if (mode == END_TLS) {
		end_wrap(e);
		return;
	}
	bufferevent_setcb(e->plain, end_plain_read, NULL, NULL, e);
	assert_int_equal(bufferevent_enable(e->plain, EV_READ | EV_WRITE), 0);
}

static void
world_run(struct world *w)
{
	struct timeval	 tv = { TIMEOUT_SEC, 0 };

	evtimer_add(w->timer, &tv);
	event_base_dispatch(w->base);
	evtimer_del(w->timer);
}

static void
world_free(struct world *w)
{
	struct end	*e;
	int		 i;

	for (i = 0; i < 2; i++) {
		e = i == 0 ? &w->c : &w->s;
		if (e->bev != NULL)
			bufferevent_free(e->bev);	/* and e->plain's */
		else if (e->plain != NULL)
			bufferevent_free(e->plain);
		else if (w->sv[i == 0 ? 1 : 0] != -1)
			close(w->sv[i == 0 ? 1 : 0]);
		if (e->ctx != NULL)
			SSL_CTX_free(e->ctx);
	}
	event_free(w->timer);
	event_base_free(w->base);
}

/* A handshake between two configurations, TLS from the first octet. */
static void
world_tls(struct world *w, const struct beep_tls_cfg *ccfg,
    const struct beep_tls_cfg *scfg)
{
	w->c.cfg = *ccfg;
	w->s.cfg = *scfg;
	w->c.ctx = ctx_ok(ccfg, false);
	w->s.ctx = ctx_ok(scfg, true);
	end_start(&w->s, w->sv[0], END_TLS, NULL);
	end_start(&w->c, w->sv[1], END_TLS, NULL);
	w->sv[0] = w->sv[1] = -1;
	world_run(w);
	assert_false(w->timedout);
}

static void
path(char *out, size_t len, const char *dir, const char *file)
{
	int	 n = snprintf(out, len, "%s/%s", dir, file);

	assert_true(n > 0 && (size_t)n < len);
}

/* The usual pair: a client trusting CA a, the server with a's cert. */
struct pair_files {
	char	 ca[128], other_ca[128];
	char	 crt[128], key[128];
	char	 ip_crt[128], ip_key[128];
	char	 cl_crt[128], cl_key[128];
	char	 b_crt[128], b_key[128];
};

static void
files(const struct fixture *fx, struct pair_files *f)
{
	path(f->ca, sizeof(f->ca), fx->a, "ca.pem");
	path(f->other_ca, sizeof(f->other_ca), fx->b, "ca.pem");
	path(f->crt, sizeof(f->crt), fx->a, "server.pem");
	path(f->key, sizeof(f->key), fx->a, "server.key");
	path(f->ip_crt, sizeof(f->ip_crt), fx->a, "127.0.0.1.pem");
	path(f->ip_key, sizeof(f->ip_key), fx->a, "127.0.0.1.key");
	path(f->cl_crt, sizeof(f->cl_crt), fx->a, "client.pem");
	path(f->cl_key, sizeof(f->cl_key), fx->a, "client.key");
	path(f->b_crt, sizeof(f->b_crt), fx->b, "server.pem");
	path(f->b_key, sizeof(f->b_key), fx->b, "server.key");
}

static void
test_ca_and_name(void **state)
{
	const struct fixture	*fx = *state;
	struct pair_files	 f;
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };
	struct world		 w;
	char			 err[256], fpr[BEEP_TLS_FPR_LEN];
	const char		*sni;

	files(fx, &f);
	cc.ca_file = f.ca;
	cc.peer_name = "server";
	sc.cert_file = f.crt;
	sc.key_file = f.key;
	world_init(&w);
	world_tls(&w, &cc, &sc);
	assert_true(w.c.connected);
	assert_true(w.s.connected);
	assert_int_equal(beep_tls_check_peer(bufferevent_openssl_get_ssl(
	    w.c.bev), &cc, err, sizeof(err)), 0);
	assert_int_equal(beep_tls_check_peer(bufferevent_openssl_get_ssl(
	    w.s.bev), &sc, err, sizeof(err)), 0);
	/* SNI went out, TLS 1.2 at least, no compression */
	sni = SSL_get_servername(bufferevent_openssl_get_ssl(w.s.bev),
	    TLSEXT_NAMETYPE_host_name);
	assert_non_null(sni);
	assert_string_equal(sni, "server");
	assert_true(SSL_version(bufferevent_openssl_get_ssl(w.c.bev)) >=
	    TLS1_2_VERSION);
	assert_null(SSL_get_current_compression(bufferevent_openssl_get_ssl(
	    w.c.bev)));
	assert_int_equal(beep_tls_fingerprint(SSL_get0_peer_certificate(
	    bufferevent_openssl_get_ssl(w.c.bev)), fpr, sizeof(fpr)), 0);
	assert_string_equal(fpr, fx->fpr_a_server);
	world_free(&w);
}

static void
expect_refused(const struct beep_tls_cfg *cc, const struct beep_tls_cfg *sc,
    const char *client_says)
{
	struct world	 w;

	world_init(&w);
	world_tls(&w, cc, sc);
	assert_true(w.c.failed);
	assert_false(w.c.connected);
	assert_true(w.s.failed);
	if (strstr(w.c.err, client_says) == NULL)
		fail_msg("client error \"%s\", wanted \"%s\"", w.c.err,
		    client_says);
	world_free(&w);
}

static void
test_wrong_name(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };

	files(*state, &f);
	cc.ca_file = f.ca;
	cc.peer_name = "other";
	sc.cert_file = f.crt;
	sc.key_file = f.key;
	expect_refused(&cc, &sc, "hostname mismatch");
}

static void
test_ip_name(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };
	struct world		 w;
	char			 err[256];

	files(*state, &f);
	cc.ca_file = f.ca;
	cc.peer_name = "127.0.0.1";
	sc.cert_file = f.ip_crt;
	sc.key_file = f.ip_key;
	world_init(&w);
	world_tls(&w, &cc, &sc);
	assert_true(w.c.connected);
	assert_int_equal(beep_tls_check_peer(bufferevent_openssl_get_ssl(
	    w.c.bev), &cc, err, sizeof(err)), 0);
	/* no SNI for an address (RFC 6066 3) */
	assert_null(SSL_get_servername(bufferevent_openssl_get_ssl(w.s.bev),
	    TLSEXT_NAMETYPE_host_name));
	world_free(&w);

	cc.peer_name = "127.0.0.2";
	expect_refused(&cc, &sc, "IP address mismatch");
}

static void
test_other_ca(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };

	files(*state, &f);
	cc.ca_file = f.ca;
	cc.peer_name = "server";
	sc.cert_file = f.b_crt;
	sc.key_file = f.b_key;
	expect_refused(&cc, &sc, "certificate verify failed");
	/* a pin on top of the CA does not let a stranger in */
	cc.pin_sha256 = "00";
	{
		char	 err[256];

		assert_null(beep_tls_ctx_new(&cc, false, err, sizeof(err)));
		assert_non_null(strstr(err, "not a SHA-256 fingerprint"));
	}
}

static void
pin_case(const struct fixture *fx, const char *pin, const char *crt,
    const char *key, bool match)
{
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };
	struct world		 w;
	char			 err[256];
	int			 rc;

	cc.pin_sha256 = pin;
	cc.peer_name = "server";
	sc.cert_file = crt;
	sc.key_file = key;
	world_init(&w);
	world_tls(&w, &cc, &sc);
	/* pin only: the handshake goes through, the check decides */
	assert_true(w.c.connected);
	rc = beep_tls_check_peer(bufferevent_openssl_get_ssl(w.c.bev), &cc,
	    err, sizeof(err));
	if (match)
		assert_int_equal(rc, 0);
	else {
		assert_int_equal(rc, -1);
		if (strstr(err, "does not match the pinned") == NULL)
			fail_msg("pin mismatch said \"%s\"", err);
	}
	world_free(&w);
}

static void
test_pin(void **state)
{
	const struct fixture	*fx = *state;
	struct pair_files	 f;
	char			 lower[80], *p;
	const char		*s;

	files(fx, &f);
	/* as printed, then lower case without colons, then with a prefix */
	pin_case(fx, fx->fpr_a_server, f.crt, f.key, true);
	for (p = lower, s = fx->fpr_a_server; *s != '\0'; s++)
		if (*s != ':')
			*p++ = (char)tolower((unsigned char)*s);
	*p = '\0';
	assert_int_equal(strlen(lower), 64);
	pin_case(fx, lower, f.crt, f.key, true);
	{
		char	 pref[96];

		snprintf(pref, sizeof(pref), "sha256:%s", lower);
		pin_case(fx, pref, f.crt, f.key, true);
	}
	/* the same name from another CA: the pin tells them apart */
	pin_case(fx, fx->fpr_a_server, f.b_crt, f.b_key, false);
}

static void
test_pin_parse(void **state)
{
	unsigned char	 md[32];
	const char	*good = "ab:CD:ef:01:23:45:67:89:ab:cd:ef:01:23:45:"
	    "67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89";

	assert_int_equal(beep_tls_pin_parse(good, md), 0);
	assert_int_equal(md[0], 0xab);
	assert_int_equal(md[1], 0xcd);
	assert_int_equal(md[31], 0x89);
	assert_int_equal(beep_tls_pin_parse("abcd", md), -1);
	assert_int_equal(beep_tls_pin_parse(
	    "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:"
	    "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:00", md), -1);
	assert_int_equal(beep_tls_pin_parse(
	    "xbcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
	    md), -1);
	assert_int_equal(beep_tls_pin_parse(
	    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678:",
	    md), -1);
	assert_int_equal(beep_tls_pin_parse("", md), -1);
}

static void
test_ctx_refusals(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 c = { 0 };
	SSL_CTX			*ctx;
	char			 err[256];

	files(*state, &f);
	/* a client with nothing to verify with */
	assert_null(beep_tls_ctx_new(&c, false, err, sizeof(err)));
	assert_string_equal(err, "no CA file or pinned fingerprint: "
	    "refusing an unverified TLS peer");
	/* unless it says so */
	c.no_verify = true;
	assert_non_null(ctx = beep_tls_ctx_new(&c, false, err, sizeof(err)));
	assert_int_equal(SSL_CTX_get_min_proto_version(ctx), TLS1_2_VERSION);
	assert_true(SSL_CTX_get_security_level(ctx) >= 2);
	assert_true(SSL_CTX_get_options(ctx) & SSL_OP_NO_COMPRESSION);
	assert_true(SSL_CTX_get_options(ctx) & SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_free(ctx);
	/* a server without its certificate */
	memset(&c, 0, sizeof(c));
	assert_null(beep_tls_ctx_new(&c, true, err, sizeof(err)));
	assert_non_null(strstr(err, "certificate"));
	/* a key that is not the certificate's */
	c.cert_file = f.crt;
	c.key_file = f.cl_key;
	assert_null(beep_tls_ctx_new(&c, true, err, sizeof(err)));
	assert_non_null(strstr(err, "does not match"));
	/* a missing file, named */
	c.key_file = "/nonexistent/k.pem";
	assert_null(beep_tls_ctx_new(&c, true, err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/k.pem"));
	/* a server demanding client certificates it cannot judge */
	c.key_file = f.key;
	c.require_client_cert = true;
	assert_null(beep_tls_ctx_new(&c, true, err, sizeof(err)));
	assert_non_null(strstr(err, "refusing an unverified TLS peer"));
}

static void
test_fingerprint_file(void **state)
{
	const struct fixture	*fx = *state;
	struct pair_files	 f;
	char			 fpr[BEEP_TLS_FPR_LEN], err[256];

	files(fx, &f);
	assert_int_equal(beep_tls_fingerprint_file(f.crt, fpr, sizeof(fpr),
	    err, sizeof(err)), 0);
	/* the same text as openssl x509 -fingerprint -sha256 */
	assert_string_equal(fpr, fx->fpr_a_server);
	assert_int_equal(strlen(fpr), 95);
	assert_int_equal(beep_tls_fingerprint_file(f.crt, fpr, 95, err,
	    sizeof(err)), -1);
	assert_int_equal(beep_tls_fingerprint_file(f.key, fpr, sizeof(fpr),
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, f.key));
}

static void
test_client_cert(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };
	struct world		 w;
	char			 err[256];

	files(*state, &f);
	cc.ca_file = f.ca;
	cc.peer_name = "server";
	cc.cert_file = f.cl_crt;
	cc.key_file = f.cl_key;
	sc.cert_file = f.crt;
	sc.key_file = f.key;
	sc.ca_file = f.ca;
	sc.require_client_cert = true;
	world_init(&w);
	world_tls(&w, &cc, &sc);
	assert_true(w.c.connected);
	assert_true(w.s.connected);
	assert_int_equal(beep_tls_check_peer(bufferevent_openssl_get_ssl(
	    w.s.bev), &sc, err, sizeof(err)), 0);
	world_free(&w);

	/* no client certificate: the server refuses */
	cc.cert_file = cc.key_file = NULL;
	world_init(&w);
	world_tls(&w, &cc, &sc);
	assert_true(w.s.failed);
	assert_false(w.s.connected);
	if (strstr(w.s.err, "certificate") == NULL)
		fail_msg("server said \"%s\"", w.s.err);
	world_free(&w);

	/* a client certificate from another CA: refused too */
	cc.cert_file = f.b_crt;
	cc.key_file = f.b_key;
	world_init(&w);
	world_tls(&w, &cc, &sc);
	assert_true(w.s.failed);
	assert_false(w.s.connected);
	world_free(&w);
}

static void
test_bulk(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };
	struct world		 w;

	files(*state, &f);
	cc.ca_file = f.ca;
	cc.peer_name = "server";
	sc.cert_file = f.crt;
	sc.key_file = f.key;
	world_init(&w);
	w.want_bulk = true;
	world_tls(&w, &cc, &sc);
	assert_false(w.c.failed);
	assert_false(w.s.failed);
	assert_int_equal(w.c.rcvd, BULK);
	assert_int_equal(w.s.rcvd, BULK);
	assert_int_equal(w.c.bad, 0);
	assert_int_equal(w.s.bad, 0);
	world_free(&w);
}

static int
fd_unread(int fd)
{
	int	 n = 0;

	assert_int_equal(ioctl(fd, FIONREAD, &n), 0);
	return n;
}

/*
 * The client writes a plaintext line and starts TLS at once; by the
 * time the server has read the line, the ClientHello sits behind it in
 * the server's input buffer. The server drains exactly the line and
 * wraps: the filter must take the octets already read.
 */
static void
test_handshake_buffered(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };
	struct world		 w;
	int			 i;

	files(*state, &f);
	cc.ca_file = f.ca;
	cc.peer_name = "server";
	sc.cert_file = f.crt;
	sc.key_file = f.key;
	world_init(&w);
	w.want_bulk = true;
	w.c.cfg = cc;
	w.s.cfg = sc;
	w.c.ctx = ctx_ok(&cc, false);
	w.s.ctx = ctx_ok(&sc, true);
	end_start(&w.c, w.sv[1], END_TLS, "hello-before\r\n");
	/* the line's 14 octets and the ClientHello, all in the socket */
	for (i = 0; i < 1000 && fd_unread(w.sv[0]) <= 14; i++)
		event_base_loop(w.base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	assert_true(fd_unread(w.sv[0]) > 14);
	end_start(&w.s, w.sv[0], END_PLAIN_THEN_TLS, NULL);
	w.sv[0] = w.sv[1] = -1;
	world_run(&w);
	assert_false(w.timedout);
	assert_string_equal(w.s.line, "hello-before");
	assert_true(w.s.left_at_wrap > 0);	/* the case under test */
	assert_true(w.c.connected);
	assert_true(w.s.connected);
	assert_false(w.c.failed);
	assert_false(w.s.failed);
	assert_int_equal(w.c.rcvd, BULK);
	assert_int_equal(w.s.rcvd, BULK);
	assert_int_equal(w.c.bad + w.s.bad, 0);
	world_free(&w);
}

/*
 * BEEP's own order (RFC 3080 3.1): the server queues its last plaintext
 * (proceed's frame) and wraps before that has left; the client reads
 * the line, then starts TLS. The plaintext must leave first.
 */
static void
test_plaintext_queued(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 cc = { 0 }, sc = { 0 };
	struct world		 w;

	files(*state, &f);
	cc.ca_file = f.ca;
	cc.peer_name = "server";
	sc.cert_file = f.crt;
	sc.key_file = f.key;
	world_init(&w);
	w.want_bulk = true;
	w.c.cfg = cc;
	w.s.cfg = sc;
	w.c.ctx = ctx_ok(&cc, false);
	w.s.ctx = ctx_ok(&sc, true);
	end_start(&w.c, w.sv[1], END_PLAIN_THEN_TLS, NULL);
	end_start(&w.s, w.sv[0], END_TLS, "proceed-then-tls\r\n");
	w.sv[0] = w.sv[1] = -1;
	assert_true(w.s.queued_at_wrap > 0);	/* not sent yet */
	world_run(&w);
	assert_false(w.timedout);
	assert_string_equal(w.c.line, "proceed-then-tls");
	assert_true(w.c.connected);
	assert_true(w.s.connected);
	assert_int_equal(w.c.rcvd, BULK);
	assert_int_equal(w.s.rcvd, BULK);
	assert_int_equal(w.c.bad + w.s.bad, 0);
	world_free(&w);
}

/*
 * Not a ClientHello but junk already in the buffer: the failure reaches
 * the owner's event callback (set after the filter was made).
 */
static void
test_junk_buffered(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 sc = { 0 };
	struct world		 w;
	const char		 junk[] = "hello\r\nGET / HTTP/1.0\r\n\r\n";

	files(*state, &f);
	sc.cert_file = f.crt;
	sc.key_file = f.key;
	world_init(&w);
	w.s.cfg = sc;
	w.s.ctx = ctx_ok(&sc, true);
	assert_int_equal(write(w.sv[1], junk, sizeof(junk) - 1),
	    (ssize_t)sizeof(junk) - 1);
	w.c.failed = 1;		/* no client end */
	end_start(&w.s, w.sv[0], END_PLAIN_THEN_TLS, NULL);
	w.sv[0] = -1;
	world_run(&w);
	assert_false(w.timedout);
	assert_string_equal(w.s.line, "hello");
	assert_true(w.s.left_at_wrap > 0);
	assert_true(w.s.failed);
	assert_false(w.s.connected);
	assert_true(strlen(w.s.err) > 0);
	world_free(&w);
}

/* A client that offers TLS 1.1 only: our server must refuse it. */
static void
test_tls11_refused(void **state)
{
	struct pair_files	 f;
	struct beep_tls_cfg	 sc = { 0 }, cc = { 0 };
	struct world		 w;
	SSL_CTX			*old;

	files(*state, &f);
	sc.cert_file = f.crt;
	sc.key_file = f.key;
	if ((old = SSL_CTX_new(TLS_client_method())) == NULL ||
	    SSL_CTX_set_min_proto_version(old, TLS1_1_VERSION) != 1 ||
	    SSL_CTX_set_max_proto_version(old, TLS1_1_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(old, "DEFAULT:@SECLEVEL=0") != 1) {
		SSL_CTX_free(old);
		ERR_clear_error();
		print_message("skipped: this OpenSSL cannot make a TLS 1.1 "
		    "client\n");
		skip();
	}
	SSL_CTX_set_security_level(old, 0);
	SSL_CTX_set_verify(old, SSL_VERIFY_NONE, NULL);
	world_init(&w);
	cc.no_verify = true;
	w.c.cfg = cc;
	w.s.cfg = sc;
	w.c.ctx = old;
	w.s.ctx = ctx_ok(&sc, true);
	end_start(&w.s, w.sv[0], END_TLS, NULL);
	end_start(&w.c, w.sv[1], END_TLS, NULL);
	w.sv[0] = w.sv[1] = -1;
	world_run(&w);
	assert_false(w.timedout);
	assert_true(w.c.failed);
	assert_true(w.s.failed);
	assert_false(w.s.connected);
	if (strstr(w.s.err, "unsupported protocol") == NULL &&
	    strstr(w.c.err, "no protocols available") != NULL) {
		world_free(&w);
		print_message("skipped: the TLS 1.1 client could not say "
		    "hello (%s)\n", w.c.err);
		skip();
	}
	if (strstr(w.s.err, "unsupported protocol") == NULL)
		fail_msg("server said \"%s\", client \"%s\"", w.s.err,
		    w.c.err);
	world_free(&w);
}

/* Runs argv, its stdout into out (NUL-terminated); 0 if it exits 0. */
static int
run_cmd(char *const argv[], char *out, size_t outlen)
{
	pid_t	 pid;
	int	 p[2], st;
	size_t	 n = 0;
	ssize_t	 r;

	if (pipe(p) == -1)
		return -1;
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	while ((r = read(p[0], out + n, outlen - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(p[0]);
	if (waitpid(pid, &st, 0) == -1)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int
rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(p);
}

static int
group_setup(void **state)
{
	static struct fixture	 fx;
	const char		*script = getenv("OKAPI_MKCERTS");
	char			 out[2048], *s;
	char			*a_argv[] = { "sh", (char *)script, fx.a,
	    "server", "client", "127.0.0.1", NULL };
	char			*b_argv[] = { "sh", (char *)script, fx.b,
	    "server", NULL };

	if (script == NULL) {
		fprintf(stderr, "OKAPI_MKCERTS not set\n");
		return -1;
	}
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/okapi-tls-XXXXXX");
	if (mkdtemp(fx.dir) == NULL)
		return -1;
	snprintf(fx.a, sizeof(fx.a), "%s/a", fx.dir);
	snprintf(fx.b, sizeof(fx.b), "%s/b", fx.dir);
	if (run_cmd(a_argv, out, sizeof(out)) == -1) {
		fprintf(stderr, "%s failed\n", script);
		return -1;
	}
	/* "server AB:CD:..." */
	if ((s = strstr(out, "server ")) == NULL ||
	    strlen(s + 7) < BEEP_TLS_FPR_LEN - 1)
		return -1;
	memcpy(fx.fpr_a_server, s + 7, BEEP_TLS_FPR_LEN - 1);
	fx.fpr_a_server[BEEP_TLS_FPR_LEN - 1] = '\0';
	if (run_cmd(b_argv, out, sizeof(out)) == -1)
		return -1;
	/* idempotent: a second run keeps the CA and the certificates */
	{
		char	 again[2048];

		if (run_cmd(b_argv, again, sizeof(again)) == -1 ||
		    strcmp(out, again) != 0) {
			fprintf(stderr, "mkcerts.sh is not idempotent\n");
			return -1;
		}
	}
	*state = &fx;
	return 0;
}

static int
group_teardown(void **state)
{
	const struct fixture	*fx = *state;

	return nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool
have_openssl(void)
{
	char	 out[256];
	char	*argv[] = { "openssl", "version", NULL };

	return run_cmd(argv, out, sizeof(out)) == 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_parse),
		cmocka_unit_test(test_ctx_refusals),
		cmocka_unit_test(test_fingerprint_file),
		cmocka_unit_test(test_ca_and_name),
		cmocka_unit_test(test_wrong_name),
		cmocka_unit_test(test_ip_name),
		cmocka_unit_test(test_other_ca),
		cmocka_unit_test(test_pin),
		cmocka_unit_test(test_client_cert),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_handshake_buffered),
		cmocka_unit_test(test_plaintext_queued),
		cmocka_unit_test(test_junk_buffered),
		cmocka_unit_test(test_tls11_refused),
	};

	if (!have_openssl()) {
		printf("skipped: no openssl command to make certificates "
		    "with (apt-get install openssl)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

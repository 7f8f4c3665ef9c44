/*
 * The TLS and SASL profiles on real peers over loopback TCP, with
 * certificates made at run time by scripts/mkcerts.sh (OKAPI_MKCERTS).
 * Test names carry the conformance checklist items of the BEEP digest
 * (spec beep.md section 14) they cover. Skips (77) without openssl.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "peer.h"
#include "sasl.h"
#include "saslprof.h"
#include "tls.h"
#include "tlsprof.h"

static char	 certdir[64];
static char	 path_ca[128], path_cert[128], path_key[128], path_ca2[128];

struct side {
	struct beep_peer	*p;
	int			 fd;
	int			 ready;
	int			 gone;
	bool			 ok;
	unsigned int		 code;
	char			 text[160];
	int			 done;
};

struct world {
	struct event_base	*base;
	SSL_CTX			*srv, *cli;
	struct beep_sasl_ctx	*sasl;
	char			 verifier[256];
	struct side		 l, i;
	bool			 allow_plain;
};

static struct world	*W;

static void
run(struct world *w)
{
	int	 i;

	for (i = 0; i < 200; i++) {
		event_base_loop(w->base, EVLOOP_NONBLOCK);
		usleep(1000);
	}
}

static bool
offer_tls(struct beep_peer *p, void *arg)
{
	return !beep_peer_tls_active(p);
}

static void
tls_start(struct beep_peer *p, struct beep_start_req *req, void *arg)
{
	beep_tls_server_start(req, SSL_new(W->srv));
}

static const char *
lookup(void *arg, const char *user)
{
	return strcmp(user, "alice") == 0 ? W->verifier : NULL;
}

static void
served(struct beep_peer *p, bool ok, const char *user, unsigned int code,
    void *arg)
{
}

static void
sasl_start(struct beep_peer *p, struct beep_start_req *req, void *arg)
{
	struct beep_sasl_server_cfg	 sc;

	memset(&sc, 0, sizeof(sc));
	sc.lookup = lookup;
	sc.allow_plain = W->allow_plain;
	beep_sasl_serve_start(req, W->sasl, &sc, served, NULL);
}

static void
sasl_message(struct beep_peer *p, uint32_t channel, enum beep_type type,
    uint32_t msgno, const uint8_t *d, size_t len, void *arg)
{
	beep_sasl_serve_message(p, channel, msgno, d, len);
}

static void
sasl_closed(struct beep_peer *p, uint32_t channel, void *arg)
{
	beep_sasl_serve_closed(p, channel);
}

static const struct beep_profile_ops listener_ops[] = {
	{ .uri = BEEP_URI_TLS, .offer = offer_tls, .start = tls_start },
	{ .uri = BEEP_URI_SASL "SCRAM-SHA-256", .start = sasl_start,
	  .message = sasl_message, .closed = sasl_closed },
	{ .uri = BEEP_URI_SASL "PLAIN", .start = sasl_start,
	  .message = sasl_message, .closed = sasl_closed },
};

static void
side_ready(struct beep_peer *p, void *arg)
{
	((struct side *)arg)->ready++;
}

static void
side_gone(struct beep_peer *p, const char *why, void *arg)
{
	struct side	*s = arg;

	s->gone++;
	snprintf(s->text, sizeof(s->text), "%s", why);
	beep_peer_free(p);
	s->p = NULL;
}

static void
tcp_pair(int *a, int *b)
{
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof(sin);
	int			 l;

	l = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(l, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&sin, &sl), 0);
	*b = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(*b, (struct sockaddr *)&sin, sizeof(sin)), 0);
	*a = accept(l, NULL, NULL);
	assert_true(*a >= 0);
	close(l);
}

static void
world_new(struct world *w, const char *ca)
{
	struct beep_peer_cfg	 c;
	struct beep_tls_cfg	 tc;
	char			 err[256];
	int			 a, b;

	memset(w, 0, sizeof(*w));
	W = w;
	w->base = event_base_new();
	memset(&tc, 0, sizeof(tc));
	tc.cert_file = path_cert;
	tc.key_file = path_key;
	assert_non_null(w->srv = beep_tls_ctx_new(&tc, true, err, sizeof(err)));
	memset(&tc, 0, sizeof(tc));
	tc.ca_file = ca;
	assert_non_null(w->cli = beep_tls_ctx_new(&tc, false, err,
	    sizeof(err)));
	assert_non_null(w->sasl = beep_sasl_ctx_new(err, sizeof(err)));
	assert_int_equal(beep_scram_verifier_make("secret", 4096, w->verifier,
	    sizeof(w->verifier)), 0);
	tcp_pair(&a, &b);
	w->l.fd = a;
	w->i.fd = b;
	memset(&c, 0, sizeof(c));
	c.role = BEEP_ROLE_LISTENER;
	c.profiles = listener_ops;
	c.nprofiles = 3;
	c.ready = side_ready;
	c.gone = side_gone;
	c.arg = &w->l;
	assert_non_null(w->l.p = beep_peer_new(w->base, a, &c, err,
	    sizeof(err)));
	c.role = BEEP_ROLE_INITIATOR;
	c.profiles = NULL;
	c.nprofiles = 0;
	c.arg = &w->i;
	assert_non_null(w->i.p = beep_peer_new(w->base, b, &c, err,
	    sizeof(err)));
	assert_int_equal(beep_peer_greet(w->l.p), 0);
	assert_int_equal(beep_peer_greet(w->i.p), 0);
	run(w);
	assert_int_equal(w->i.ready, 1);
}

static void
world_free(struct world *w)
{
	beep_peer_free(w->l.p);
	beep_peer_free(w->i.p);
	SSL_CTX_free(w->srv);
	SSL_CTX_free(w->cli);
	beep_sasl_ctx_free(w->sasl);
	event_base_free(w->base);
}

/* Checklist 48: TCP_NODELAY on every BEEP socket. */
static void
test_48_nodelay(void **state)
{
	struct world	 w;
	int		 v = 0;
	socklen_t	 sl = sizeof(v);

	world_new(&w, path_ca);
	assert_int_equal(getsockopt(w.l.fd, IPPROTO_TCP, TCP_NODELAY, &v, &sl),
	    0);
	assert_int_equal(v, 1);
	v = 0;
	assert_int_equal(getsockopt(w.i.fd, IPPROTO_TCP, TCP_NODELAY, &v, &sl),
	    0);
	assert_int_equal(v, 1);
	world_free(&w);
}

static void
tls_cb(struct beep_peer *p, bool ok, unsigned int code, const char *text,
    void *arg)
{
	struct side	*s = arg;

	s->ok = ok;
	s->code = code;
	s->done++;
}

static void
start_tls(struct world *w)
{
	struct beep_tls_cfg	 tc;
	char			 err[256];
	SSL			*ssl;

	memset(&tc, 0, sizeof(tc));
	tc.peer_name = "server";
	assert_non_null(ssl = beep_tls_ssl_new(w->cli, &tc, false, err,
	    sizeof(err)));
	assert_int_equal(beep_tls_client_start(w->i.p, ssl, "server", tls_cb,
	    &w->i), 0);
	run(w);
}

/*
 * Checklist 51-54: ready / proceed, the handshake right after proceed,
 * new greetings inside TLS (state discarded), TLS no longer offered.
 */
static void
test_51_54_tls(void **state)
{
	struct world		 w;
	struct beep_tls_cfg	 tc;
	char			 err[256];

	world_new(&w, path_ca);
	assert_true(beep_peer_offers(w.i.p, BEEP_URI_TLS));
	start_tls(&w);
	assert_int_equal(w.i.done, 1);
	assert_true(w.i.ok);
	assert_int_equal(w.i.gone, 0);
	assert_int_equal(w.l.gone, 0);
	assert_int_equal(w.i.ready, 2);
	assert_int_equal(w.l.ready, 2);
	assert_true(beep_peer_tls_active(w.i.p));
	assert_true(beep_peer_tls_active(w.l.p));
	assert_false(beep_peer_offers(w.i.p, BEEP_URI_TLS));
	assert_int_equal(beep_peer_channels(w.i.p), 0);
	memset(&tc, 0, sizeof(tc));
	tc.peer_name = "server";
	tc.ca_file = path_ca;
	if (beep_tls_check_peer(beep_peer_ssl(w.i.p), &tc, err,
	    sizeof(err)) != 0)
		fail_msg("check_peer: %s", err);
	world_free(&w);
}

/* Checklist 53: a handshake that fails ends the session. */
static void
test_53_tls_failure(void **state)
{
	struct world	 w;

	world_new(&w, path_ca2);
	start_tls(&w);
	assert_int_equal(w.i.gone, 1);
	assert_int_equal(w.l.gone, 1);
	assert_non_null(strstr(w.i.text, "TLS"));
	world_free(&w);
}

static void
login_cb(struct beep_peer *p, bool ok, unsigned int code, const char *text,
    void *arg)
{
	struct side	*s = arg;

	s->ok = ok;
	s->code = code;
	snprintf(s->text, sizeof(s->text), "%s", text);
	s->done++;
}

/* Checklist 58, 56: a failure leaves the session usable; success sets the
 * identity for the session. */
static void
test_56_58_scram(void **state)
{
	struct world	 w;

	world_new(&w, path_ca);
	assert_int_equal(beep_sasl_login(w.i.p, w.sasl, "SCRAM-SHA-256",
	    "alice", "wrong", login_cb, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.done, 1);
	assert_false(w.i.ok);
	if (w.i.code != 535)
		fail_msg("code %u: %s", w.i.code, w.i.text);
	assert_null(beep_peer_user(w.l.p));
	/* unknown user: the same answer */
	assert_int_equal(beep_sasl_login(w.i.p, w.sasl, "SCRAM-SHA-256",
	    "mallory", "x", login_cb, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.done, 2);
	assert_int_equal(w.i.code, 535);
	assert_int_equal(beep_sasl_login(w.i.p, w.sasl, "SCRAM-SHA-256",
	    "alice", "secret", login_cb, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.done, 3);
	assert_true(w.i.ok);
	assert_non_null(beep_peer_user(w.l.p));
	assert_string_equal(beep_peer_user(w.l.p), "alice");
	/* the SASL channel is closed again: a tuning profile may follow */
	assert_int_equal(beep_peer_channels(w.i.p), 0);
	assert_int_equal(w.l.gone + w.i.gone, 0);
	world_free(&w);
}

/* PLAIN is refused unless the listener allows it (only inside TLS). */
static void
test_plain_needs_tls(void **state)
{
	struct world	 w;

	world_new(&w, path_ca);
	assert_int_equal(beep_sasl_login(w.i.p, w.sasl, "PLAIN", "alice",
	    "secret", login_cb, &w.i), 0);
	run(&w);
	assert_false(w.i.ok);
	assert_int_equal(w.i.code, 538);
	w.allow_plain = true;
	assert_int_equal(beep_sasl_login(w.i.p, w.sasl, "PLAIN", "alice",
	    "secret", login_cb, &w.i), 0);
	run(&w);
	assert_true(w.i.ok);
	world_free(&w);
}

static int
certs_make(void)
{
	const char	*script = getenv("OKAPI_MKCERTS");
	char		 cmd[512];

	if (script == NULL || system("command -v openssl >/dev/null") != 0) {
		printf("SKIP: openssl or OKAPI_MKCERTS missing\n");
		return 77;
	}
	snprintf(certdir, sizeof(certdir), "/tmp/okapi-peer-XXXXXX");
	if (mkdtemp(certdir) == NULL)
		return 1;
	snprintf(cmd, sizeof(cmd), "sh %s %s/a server >/dev/null && "
	    "sh %s %s/b other >/dev/null", script, certdir, script, certdir);
	if (system(cmd) != 0)
		return 1;
	snprintf(path_ca, sizeof(path_ca), "%s/a/ca.pem", certdir);
	snprintf(path_cert, sizeof(path_cert), "%s/a/server.pem", certdir);
	snprintf(path_key, sizeof(path_key), "%s/a/server.key", certdir);
	snprintf(path_ca2, sizeof(path_ca2), "%s/b/ca.pem", certdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_48_nodelay),
		cmocka_unit_test(test_51_54_tls),
		cmocka_unit_test(test_53_tls_failure),
		cmocka_unit_test(test_56_58_scram),
		cmocka_unit_test(test_plain_needs_tls),
	};
	char	 cmd[128];
	int	 rc;

	if ((rc = certs_make()) != 0)
		return rc;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", certdir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}

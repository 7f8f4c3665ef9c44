/*
 * tunneld's configuration (conf.c) through lib/vty, as tunneld loads it,
 * and its policy (policy.c) on the configurations that gives:
 *
 *  - examples/tunneld.conf loads, passes tunneld_conf_check() and holds
 *    what it says;
 *  - "show running-config" loads back into a fresh server to the same
 *    output; "no" forms undo;
 *  - each bad line is refused with its "% ..." message and changes
 *    nothing; a bad file names file:line;
 *  - tunneld_conf_check() refuses incomplete or inconsistent wholes;
 *  - rule order, deny by default, prefixes, port ranges, endpoint any,
 *    hosts, source routing, profile-map, reply codes, limits.
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <event2/event.h>

#include "buf.h"
#include "vty.h"
#include "tunneld_conf.h"

/* Passwords alice-pass, bob-pass (4096 rounds) and carol-pass (8192). */
#define V_ALICE	"SCRAM-SHA-256$4096:cjEtYWxpY2Utc2FsdC0wMQ==$" \
		"iVEYIPLFRc1JeIU8kyg6qu34l/CSRxMSaglfgLKcofI=:" \
		"KqRaLBwG4bxGacam09J4gju4Ney6XW8zHpjwmcvmAHs="
#define V_BOB	"SCRAM-SHA-256$4096:cjEtYm9iLXNhbHQtMDAwMg==$" \
		"iuxYC9Nqrrop4FOI2EwbLV1YwDGgb2EGL1HTrpMehI4=:" \
		"Nmc9OtM2f6qK8VyxKijJY9+CTAH+kTfKwYDXyNdVVkM="
#define V_CAROL	"SCRAM-SHA-256$8192:cjEtY2Fyb2wtc2FsdC0wMw==$" \
		"ZDQb+LuAhLNqsq7buRO6EZgNg9PC/eM0LOVFEtUClcg=:" \
		"Jh7yWIIAexDob/AFY+z+2hcocrSEu0P6LGmw49BqWKA="
#define KEY32	"iVEYIPLFRc1JeIU8kyg6qu34l/CSRxMSaglfgLKcofI="

struct h {
	struct event_base	*base;
	struct vty_server	*vs;
	struct tunneld_conf	*conf;
	struct buf		 out;
};

static void
h_init(struct h *h)
{
	struct vty_server_opts	 o;

	memset(h, 0, sizeof(*h));
	assert_non_null(h->base = event_base_new());
	assert_non_null(h->conf = tunneld_conf_new());
	memset(&o, 0, sizeof(o));
	o.daemon = "tunneld";
	o.tag = "TUNNEL";
	o.version = "test";
	assert_non_null(h->vs = vty_server_new(h->base, &o, h->conf));
	assert_int_equal(tunneld_conf_install(h->vs), 0);
}

static void
h_fini(struct h *h)
{
	vty_server_free(h->vs);
	tunneld_conf_free(h->conf);
	event_base_free(h->base);
	buf_free(&h->out);
}

static const char *
run(struct h *h, const char *lines)
{
	buf_reset(&h->out);
	vty_execute(h->vs, lines, &h->out);
	return buf_cstr(&h->out);
}

/* Lines in CONFIG mode; what they print. */
static const char *
config(struct h *h, const char *lines)
{
	char	 cmd[8192];

	snprintf(cmd, sizeof(cmd), "configure terminal\n%s\nend", lines);
	return run(h, cmd);
}

static char *
written(const struct tunneld_conf *c)
{
	struct buf	 b = BUF_INIT;
	char		*s;

	tunneld_conf_write(&b, c);
	assert_non_null(s = strdup(buf_cstr(&b)));
	buf_free(&b);
	return s;
}

/* Load text as a file; 0 or -1 with err. */
static int
load_text(struct h *h, const char *text, char *err, size_t errlen)
{
	char	 path[] = "/tmp/test_tunneld_conf.XXXXXX";
	int	 fd, rc;

	assert_int_not_equal(fd = mkstemp(path), -1);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	rc = vty_server_load(h->vs, path, err, errlen);
	unlink(path);
	return rc;
}

static const char minimal[] =
    "user alice scram-sha-256 " V_ALICE "\n"
    "endpoint cli address 127.0.0.1 port 2023 beep\n"
    "permit user alice endpoint cli\n";

/* ---- the example file -------------------------------------------------- */

static void
test_example(void **state)
{
	struct h			 h;
	const struct tunneld_endpoint	*e;
	const struct tunneld_rule	*r;
	char				 err[512];
	unsigned			 n = 0;

	h_init(&h);
	if (vty_server_load(h.vs, TUNNELD_EXAMPLE, err, sizeof(err)) != 0)
		fail_msg("load: %s", err);
	if (tunneld_conf_check(h.conf, err, sizeof(err)) != 0)
		fail_msg("check: %s", err);
	assert_string_equal(vty_server_hostname(h.vs), "r1");
	assert_false(TAILQ_EMPTY(&h.conf->listens));
	assert_int_equal(TAILQ_FIRST(&h.conf->listens)->port, 604);
	assert_string_equal(tunneld_user_verifier(h.conf, "alice"), V_ALICE);
	assert_string_equal(tunneld_user_verifier(h.conf, "bob"), V_BOB);
	assert_null(tunneld_user_verifier(h.conf, "mallory"));
	assert_null(tunneld_user_verifier(h.conf, "anonymous"));

	assert_non_null(e = tunneld_endpoint_find(h.conf, "ospfd"));
	assert_int_equal(e->kind, TUNNELD_EP_RAW);
	assert_int_equal(e->addr.af, AF_INET);
	assert_int_equal(e->port, 2604);
	assert_non_null(e = tunneld_endpoint_find(h.conf, "cli"));
	assert_int_equal(e->kind, TUNNELD_EP_BEEP);
	assert_non_null(e = tunneld_endpoint_find(h.conf, "self"));
	assert_int_equal(e->kind, TUNNELD_EP_LOCAL);
	assert_ptr_equal(tunneld_endpoint_local(h.conf), e);
	assert_null(tunneld_endpoint_find(h.conf, "nowhere"));

	TAILQ_FOREACH(r, &h.conf->rules, entry)
		n++;
	assert_int_equal(n, 7);
	r = TAILQ_FIRST(&h.conf->rules);
	assert_true(r->permit);
	assert_int_equal(r->kind, TUNNELD_RULE_ENDPOINT);
	assert_true(h.conf->source_routing);
	assert_int_equal(h.conf->hops, 8);
	assert_int_equal(h.conf->tunnels, 256);
	assert_int_equal(h.conf->tunnels_per_user, 16);
	assert_int_equal(h.conf->timeout_setup, 10);
	assert_int_equal(h.conf->timeout_idle, 3600);
	assert_string_equal(h.conf->tls_cert, "/etc/okapi/r1.pem");
	assert_string_equal(h.conf->tls_key, "/etc/okapi/r1.key");
	assert_string_equal(h.conf->tls_ca, "/etc/okapi/ca.pem");
	assert_string_equal(h.conf->upstream_user, "r1-proxy");
	assert_string_equal(h.conf->upstream_password_file,
	    "/etc/okapi/r1-proxy.secret");
	assert_true(h.conf->deviation[TUNNELD_DEV_TUNNEL_AFTER_TLS]);
	assert_true(h.conf->sasl[TUNNELD_SASL_PLAIN]);
	assert_true(h.conf->sasl[TUNNELD_SASL_ANONYMOUS]);
	h_fini(&h);
}

/* ---- the running configuration --------------------------------------------- */

static void
test_round_trip(void **state)
{
	struct h	 h, h2;
	char		 err[512], *rc1, *w1, *w2;
	const char	*want =
	    "listen 0.0.0.0 604\n"
	    "listen ::1 6040\n"
	    "user alice scram-sha-256 " V_ALICE "\n"
	    "user carol scram-sha-256 " V_CAROL "\n"
	    "endpoint ospfd address 127.0.0.1 port 2604 raw\n"
	    "endpoint v6 address 2001:db8::1 port 604 beep\n"
	    "endpoint self local\n"
	    "profile-map urn:x:cli endpoint v6\n"
	    "permit user alice endpoint ospfd\n"
	    "deny user carol endpoint any\n"
	    "permit user alice address 10.0.0.0/8 port 604\n"
	    "permit user alice address 127.0.0.1/32 port 2600-2610\n"
	    "deny user alice address 2001:db8::/32\n"
	    "permit user anonymous host r3.example.net port 604\n"
	    "source-routing\n"
	    "limit hops 3\n"
	    "limit tunnels 10\n"
	    "limit tunnels-per-user 2\n"
	    "timeout setup 5\n"
	    "timeout idle 0\n"
	    "tls certificate /c.pem key /k.pem\n"
	    "upstream user up password-file /up.secret\n"
	    "deviation tunnel-after-tls\n"
	    "sasl plain\n"
	    "sasl anonymous\n"
	    "!\n";

	h_init(&h);
	/* Typed differently from how it is written back. */
	assert_string_equal(config(&h,
	    "hostname r9\n"
	    "listen 0.0.0.0\n"
	    "listen ::1 6040\n"
	    "listen 0.0.0.0 604\n"
	    "user alice scram-sha-256 " V_BOB "\n"
	    "user carol scram-sha-256 " V_CAROL "\n"
	    "user alice scram-sha-256 " V_ALICE "\n"
	    "endpoint ospfd address 127.0.0.1 port 2604 beep\n"
	    "endpoint v6 address 2001:db8::1 port 604 beep\n"
	    "endpoint self local\n"
	    "endpoint ospfd address 127.0.0.1 port 2604 raw\n"
	    "profile-map urn:x:cli endpoint self\n"
	    "profile-map urn:x:cli endpoint v6\n"
	    "permit user alice endpoint ospfd\n"
	    "deny user carol endpoint any\n"
	    "permit user alice address 10.1.2.3/8 port 604\n"
	    "permit user alice endpoint ospfd\n"
	    "permit user alice address 127.0.0.1 port 2600-2610\n"
	    "deny user alice address 2001:db8::5/32\n"
	    "permit user anonymous host R3.Example.NET. port 604\n"
	    "source-routing\n"
	    "limit hops 3\nlimit tunnels 10\nlimit tunnels-per-user 2\n"
	    "timeout setup 5\ntimeout idle 0\n"
	    "tls certificate /c.pem key /k.pem\n"
	    "upstream user up password-file /up.secret\n"
	    "deviation tunnel-after-tls\n"
	    "sasl plain\nsasl anonymous\n"), "");
	assert_string_equal(w1 = written(h.conf), want);
	if (tunneld_conf_check(h.conf, err, sizeof(err)) != 0)
		fail_msg("check: %s", err);

	/* The whole of "show running-config" loads back to itself. */
	assert_non_null(rc1 = strdup(run(&h, "show running-config")));
	assert_non_null(strstr(rc1, "hostname r9\n"));
	assert_non_null(strstr(rc1, want));
	h_init(&h2);
	if (load_text(&h2, strstr(rc1, "!\n"), err, sizeof(err)) != 0)
		fail_msg("reload: %s", err);
	assert_string_equal(w2 = written(h2.conf), w1);
	assert_string_equal(run(&h2, "show running-config"), rc1);
	free(w2);
	h_fini(&h2);

	/* Defaults print nothing; "no" forms take everything away. */
	assert_string_equal(config(&h,
	    "limit hops 8\nno limit tunnels\nno limit tunnels-per-user 2\n"
	    "no timeout setup\ntimeout idle 3600\nno source-routing\n"
	    "no listen 0.0.0.0\nno listen ::1 6040\n"
	    "no permit user alice endpoint ospfd\n"
	    "no deny user carol endpoint any\n"
	    "no permit user alice address 10.0.0.0/8 port 604\n"
	    "no permit user alice address 127.0.0.1/32 port 2600-2610\n"
	    "no deny user alice address 2001:db8::/32\n"
	    "no permit user anonymous host r3.example.net port 604\n"
	    "no profile-map urn:x:cli\n"
	    "no endpoint ospfd\nno endpoint v6 address 2001:db8::1\n"
	    "no endpoint self\n"
	    "no user alice\nno user carol scram-sha-256 x\n"
	    "no tls\nno upstream user up\n"
	    "no deviation tunnel-after-tls\nno sasl plain\n"
	    "no sasl anonymous\n"), "");
	free(w1);
	assert_string_equal(w1 = written(h.conf), "!\n");
	free(w1);
	free(rc1);
	h_fini(&h);
}

/* ---- refused lines --------------------------------------------------------- */

static void
test_bad_lines(void **state)
{
	static const struct {
		const char	*line;
		const char	*msg;
	} bad[] = {
		{ "user bob scram-sha-256 hunter2",
		    "% bad SCRAM verifier: does not start with "
		    "SCRAM-SHA-256$ (plaintext passwords are never "
		    "accepted)\n" },
		{ "user bob password hunter2",
		    "% plaintext passwords are never accepted" },
		{ "user bob scram-sha-256 SCRAM-SHA-256$4096:c2FsdA",
		    "% bad SCRAM verifier: not of the form " },
		{ "user bob scram-sha-256 SCRAM-SHA-256$4096:c2FsdHNhbHQ?$"
		    KEY32 ":" KEY32,
		    "% bad SCRAM verifier: salt is not base64\n" },
		{ "user bob scram-sha-256 SCRAM-SHA-256$4096:c2FsdA==$"
		    KEY32 ":" KEY32,
		    "% bad SCRAM verifier: salt is 4 bytes, not 8 to 64\n" },
		{ "user bob scram-sha-256 SCRAM-SHA-256$1000:c2FsdHNhbHQ=$"
		    KEY32 ":" KEY32,
		    "% bad SCRAM verifier: iteration count 1000 is not "
		    "within 4096 to 10000000\n" },
		{ "user bob scram-sha-256 SCRAM-SHA-256$x4096:c2FsdHNhbHQ=$"
		    KEY32 ":" KEY32,
		    "% bad SCRAM verifier: iteration count is not a "
		    "number\n" },
		{ "user bob scram-sha-256 SCRAM-SHA-256$04096:c2FsdHNhbHQ=$"
		    KEY32 ":" KEY32,
		    "% bad SCRAM verifier: iteration count is not a "
		    "number\n" },
		{ "user bob scram-sha-256 SCRAM-SHA-256$4096:c2FsdHNhbHQ=$"
		    "c2FsdHNhbHQ=:" KEY32,
		    "% bad SCRAM verifier: StoredKey is 8 bytes, not 32\n" },
		{ "user bob scram-sha-256 SCRAM-SHA-256$4096:c2FsdHNhbHQ=$"
		    KEY32 ":" KEY32 "x",
		    "% bad SCRAM verifier: ServerKey is not base64\n" },
		/* Not canonical: the last character's low bits are set. */
		{ "user bob scram-sha-256 SCRAM-SHA-256$4096:c2FsdHNhbHR=$"
		    KEY32 ":" KEY32,
		    "% bad SCRAM verifier: salt is not base64\n" },
		{ "user bob scram-sha-256 SCRAM-SHA-256$4096:c2FsdHNhbHQ=$"
		    KEY32 ":",
		    "% bad SCRAM verifier: ServerKey is empty\n" },
		{ "user anonymous scram-sha-256 " V_ALICE,
		    "% user name anonymous is reserved" },
		{ "user b\x01o scram-sha-256 " V_ALICE,
		    "% bad user name: only printable ASCII characters\n" },
		{ "user aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaa scram-sha-256 " V_ALICE,
		    "% user name too long: at most 63 characters\n" },
		{ "endpoint any local",
		    "% endpoint name any is reserved" },
		{ "endpoint x address 1.2.3.4 port 0 raw",
		    "% [TUNNEL] Unknown command: " },
		{ "endpoint x address 1.2.3 port 5 raw",
		    "% [TUNNEL] Unknown command: " },
		{ "permit user alice address 10.0.0.0/8 port 0",
		    "% bad port range: 0 (a port 1-65535, or P-Q with "
		    "P <= Q)\n" },
		{ "permit user alice address 10.0.0.0/8 port 2610-2600",
		    "% bad port range: 2610-2600" },
		{ "permit user alice address 10.0.0.0/8 port 70000",
		    "% bad port range: 70000" },
		{ "permit user alice address 10.0.0.0/8 port 1-",
		    "% bad port range: 1-" },
		{ "permit user alice host -bad.example port 1",
		    "% bad host name: -bad.example\n" },
		{ "permit user alice host a..b port 1",
		    "% bad host name: a..b\n" },
		{ "permit user alice host a/b port 1",
		    "% bad host name: a/b\n" },
		{ "limit hops 17", "% [TUNNEL] Unknown command: " },
		{ "limit tunnels 0", "% [TUNNEL] Unknown command: " },
		{ "timeout setup 0", "% [TUNNEL] Unknown command: " },
		{ "tls certificate r1.pem key /k.pem",
		    "% tls certificate must be an absolute path: r1.pem\n" },
		{ "tls certificate /c.pem key /k.pem ca ca.pem",
		    "% tls ca must be an absolute path: ca.pem\n" },
		{ "upstream user up password-file up.secret",
		    "% password-file must be an absolute path: up.secret\n" },
		{ "sasl cram-md5", "% [TUNNEL] Unknown command: " },
		{ "deviation everything", "% [TUNNEL] Unknown command: " },
		{ "no user nobody", "% no such user: nobody\n" },
		{ "no endpoint nowhere", "% no such endpoint: nowhere\n" },
		{ "no profile-map urn:none", "% no such profile-map: "
		    "urn:none\n" },
		{ "no listen 10.9.9.9", "% no such listen address\n" },
		{ "no permit user alice endpoint nowhere",
		    "% no such rule: permit user alice endpoint nowhere\n" },
		{ "no user alice",
		    "% user alice is named by rule \"permit user alice "
		    "endpoint cli\": remove the rule first\n" },
		{ "no endpoint cli",
		    "% endpoint cli is named by rule \"permit user alice "
		    "endpoint cli\": remove the rule first\n" },
	};
	struct h	 h;
	char		*before, *after, err[512];
	const char	*out;
	unsigned	 i;

	h_init(&h);
	assert_string_equal(config(&h, minimal), "");
	before = written(h.conf);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = config(&h, bad[i].line);
		if (strstr(out, bad[i].msg) == NULL)
			fail_msg("\"%s\": got \"%s\", want \"%s\"",
			    bad[i].line, out, bad[i].msg);
		after = written(h.conf);
		assert_string_equal(after, before);
		free(after);
	}
	free(before);

	/* A file names where. */
	h_fini(&h);
	h_init(&h);
	assert_int_equal(load_text(&h, "hostname r1\n! users\n"
	    "user bob scram-sha-256 SCRAM-SHA-256$4096:c2FsdHNhbHQ%$"
	    KEY32 ":" KEY32 "\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: % bad SCRAM verifier: salt is not "
	    "base64"));
	h_fini(&h);
}

/* ---- the whole configuration ----------------------------------------------- */

static void
check_is(const char *text, const char *msg)
{
	struct h	 h;
	char		 err[512];

	h_init(&h);
	if (load_text(&h, text, err, sizeof(err)) != 0)
		fail_msg("load: %s", err);
	if (msg == NULL) {
		if (tunneld_conf_check(h.conf, err, sizeof(err)) != 0)
			fail_msg("check: %s", err);
	} else {
		assert_int_equal(tunneld_conf_check(h.conf, err, sizeof(err)),
		    -1);
		if (strcmp(err, msg) != 0)
			fail_msg("check: got \"%s\", want \"%s\"", err, msg);
	}
	h_fini(&h);
}

static void
test_check(void **state)
{
	struct tunneld_conf	*c;
	struct tunneld_user	*u;
	char			 err[256];

	check_is("", "no users configured: tunneld refuses to start without "
	    "users and rules");
	check_is("hostname r1\n!\n", "no users configured: tunneld refuses "
	    "to start without users and rules");
	check_is("user alice scram-sha-256 " V_ALICE "\n",
	    "no permit rules configured: tunneld refuses to start without "
	    "users and rules");
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "deny user alice endpoint any\n",
	    "no permit rules configured: tunneld refuses to start without "
	    "users and rules");
	check_is(minimal, NULL);
	check_is("permit user alice endpoint cli\n"
	    "user alice scram-sha-256 " V_ALICE "\n"
	    "endpoint cli address 127.0.0.1 port 2023 beep\n", NULL);
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice endpoint cli\n",
	    "rule 1 \"permit user alice endpoint cli\": no such endpoint "
	    "cli");
	check_is(minimal, NULL);
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice endpoint any\n"
	    "deny user bob endpoint any\n",
	    "rule 2 \"deny user bob endpoint any\": no such user bob");
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user anonymous endpoint any\n",
	    "rule 1 \"permit user anonymous endpoint any\": user anonymous "
	    "needs \"sasl anonymous\"");
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user anonymous endpoint any\nsasl anonymous\n", NULL);
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice address 10.0.0.0/8\n",
	    "rule 1 \"permit user alice address 10.0.0.0/8\": addresses and "
	    "hosts need \"source-routing\"");
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice host a.example port 22\n",
	    "rule 1 \"permit user alice host a.example port 22\": addresses "
	    "and hosts need \"source-routing\"");
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice host a.example port 22\nsource-routing\n",
	    NULL);
	check_is(minimal + 0, NULL);
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice endpoint any\n"
	    "profile-map urn:x endpoint gone\n",
	    "profile-map urn:x: no such endpoint gone");
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice endpoint any\nsasl plain\n",
	    "sasl plain needs tls: PLAIN is only offered inside TLS");
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice endpoint any\nsasl plain\n"
	    "tls certificate /c key /k\n",
	    "sasl plain is offered only inside TLS, where TUNNEL is not "
	    "offered without \"deviation tunnel-after-tls\"");
	check_is("user alice scram-sha-256 " V_ALICE "\n"
	    "permit user alice endpoint any\ndeviation tunnel-after-tls\n",
	    "deviation tunnel-after-tls needs tls");

	/* A verifier that went around the commands: plaintext is refused. */
	assert_non_null(c = tunneld_conf_new());
	assert_non_null(u = calloc(1, sizeof(*u)));
	snprintf(u->name, sizeof(u->name), "alice");
	assert_non_null(u->verifier = strdup("hunter2"));
	TAILQ_INSERT_TAIL(&c->users, u, entry);
	assert_int_equal(tunneld_conf_check(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no permit rules"));
	tunneld_conf_free(c);

	{
		struct h	 h;

		h_init(&h);
		assert_string_equal(config(&h, minimal), "");
		u = TAILQ_FIRST(&h.conf->users);
		free(u->verifier);
		assert_non_null(u->verifier = strdup("hunter2"));
		assert_int_equal(tunneld_conf_check(h.conf, err, sizeof(err)),
		    -1);
		assert_string_equal(err, "user alice: bad SCRAM verifier: does "
		    "not start with SCRAM-SHA-256$ (plaintext passwords are "
		    "never accepted)");
		h_fini(&h);
	}
}

static void
test_verifier(void **state)
{
	char	 err[128];

	assert_int_equal(tunneld_verifier_check(V_ALICE, err, sizeof(err)), 0);
	assert_int_equal(tunneld_verifier_check(V_CAROL, err, sizeof(err)), 0);
	/* 64-byte salt: the most; 65: too long. */
	assert_int_equal(tunneld_verifier_check("SCRAM-SHA-256$4096:"
	    "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"
	    "QUFBQUFBQUFBQUFBQUFBQQ==$" KEY32 ":" KEY32, err, sizeof(err)), 0);
	assert_int_equal(tunneld_verifier_check("SCRAM-SHA-256$4096:"
	    "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"
	    "QUFBQUFBQUFBQUFBQUFBQUE=$" KEY32 ":" KEY32, err, sizeof(err)), -1);
	assert_string_equal(err, "salt is 65 bytes, not 8 to 64");
	assert_int_equal(tunneld_verifier_check("SCRAM-SHA-1$4096:"
	    "c2FsdHNhbHQ=$" KEY32 ":" KEY32, err, sizeof(err)), -1);
	assert_int_equal(tunneld_verifier_check("SCRAM-SHA-256$4096:"
	    "c2FsdHNhbHQ=$" KEY32 ":" KEY32 ":" KEY32, err, sizeof(err)), -1);
	assert_int_equal(tunneld_verifier_check("SCRAM-SHA-256$4096:"
	    "c2Fsd=NhbHQ=$" KEY32 ":" KEY32, err, sizeof(err)), -1);
	assert_string_equal(err, "salt is not base64");
	assert_int_equal(tunneld_verifier_check("SCRAM-SHA-256$4096:"
	    "c2FsdHNhbHQ$" KEY32 ":" KEY32, err, sizeof(err)), -1);
	assert_string_equal(err, "salt is not base64");
	assert_int_equal(tunneld_verifier_check("SCRAM-SHA-256$99999999999:"
	    "c2FsdHNhbHQ=$" KEY32 ":" KEY32, err, sizeof(err)), -1);
	assert_string_equal(err, "iteration count 99999999999 is not within "
	    "4096 to 10000000");
}

/* ---- authorization ----------------------------------------------------------- */

static enum tunneld_verdict
az(const struct tunneld_conf *c, const char *user,
    enum tunneld_target_kind kind, const char *name, uint16_t port)
{
	struct tunneld_target	 t = { kind, name, port };

	return tunneld_authorize(c, user, &t);
}

#define EP(c, u, n)	az((c), (u), TUNNELD_TGT_ENDPOINT, (n), 0)
#define AD(c, u, a, p)	az((c), (u), TUNNELD_TGT_ADDRESS, (a), (p))
#define HO(c, u, a, p)	az((c), (u), TUNNELD_TGT_HOST, (a), (p))

static void
test_authorize(void **state)
{
	struct h			 h;
	const struct tunneld_conf	*c;
	char				 err[512];

	h_init(&h);
	c = h.conf;
	assert_string_equal(config(&h,
	    "user alice scram-sha-256 " V_ALICE "\n"
	    "user bob scram-sha-256 " V_BOB "\n"
	    "user carol scram-sha-256 " V_CAROL "\n"
	    "endpoint ospfd address 127.0.0.1 port 2604 raw\n"
	    "endpoint r2 address 10.0.12.2 port 604 raw\n"
	    "endpoint cli address 127.0.0.1 port 2023 beep\n"
	    "endpoint self local\n"
	    "profile-map http://example.org/beep/cli endpoint cli\n"
	    "deny user bob endpoint r2\n"
	    "permit user bob endpoint any\n"
	    "permit user alice endpoint ospfd\n"
	    "permit user alice endpoint self\n"
	    "permit user alice address 127.0.0.1/32 port 2600-2610\n"
	    "deny user alice address 10.1.0.0/16\n"
	    "permit user alice address 10.0.0.0/8 port 604\n"
	    "permit user alice address 2001:db8::/32 port 22\n"
	    "permit user alice host r3.example.net port 604\n"
	    "permit user carol host srv.example.net\n"
	    "permit user anonymous endpoint cli\n"
	    "sasl anonymous\n"), "");

	/* Source routing off: refused before any rule, for everyone. */
	assert_int_equal(AD(c, "alice", "10.0.0.1", 604),
	    TUNNELD_NO_SOURCE_ROUTING);
	assert_int_equal(AD(c, "alice", "not-an-address", 604),
	    TUNNELD_NO_SOURCE_ROUTING);
	assert_int_equal(HO(c, "alice", "r3.example.net", 604),
	    TUNNELD_NO_SOURCE_ROUTING);
	assert_int_equal(HO(c, "nobody", "r3.example.net", 604),
	    TUNNELD_NO_SOURCE_ROUTING);
	assert_int_equal(tunneld_verdict_code(TUNNELD_NO_SOURCE_ROUTING), 537);
	/* Endpoints do not need it. */
	assert_int_equal(EP(c, "alice", "ospfd"), TUNNELD_ALLOW);
	assert_string_equal(config(&h, "source-routing"), "");
	if (tunneld_conf_check(c, err, sizeof(err)) != 0)
		fail_msg("check: %s", err);

	/* First match wins: bob's deny before his "any". */
	assert_int_equal(EP(c, "bob", "r2"), TUNNELD_DENY);
	assert_int_equal(EP(c, "bob", "ospfd"), TUNNELD_ALLOW);
	assert_int_equal(EP(c, "bob", "cli"), TUNNELD_ALLOW);
	assert_int_equal(EP(c, "bob", "self"), TUNNELD_ALLOW);
	/* ... and in the other order, the permit. */
	assert_string_equal(config(&h, "no deny user bob endpoint r2\n"
	    "deny user bob endpoint r2\n"), "");
	assert_int_equal(EP(c, "bob", "r2"), TUNNELD_ALLOW);

	/* Deny by default. */
	assert_int_equal(EP(c, "alice", "r2"), TUNNELD_DENY);
	assert_int_equal(EP(c, "alice", "cli"), TUNNELD_DENY);
	assert_int_equal(EP(c, "mallory", "ospfd"), TUNNELD_DENY);
	assert_int_equal(EP(c, NULL, "ospfd"), TUNNELD_DENY);
	assert_int_equal(EP(c, "carol", "ospfd"), TUNNELD_DENY);
	assert_int_equal(tunneld_verdict_code(TUNNELD_DENY), 537);
	/* Endpoint rules do not cover their addresses. */
	assert_int_equal(AD(c, "bob", "127.0.0.1", 2604), TUNNELD_DENY);

	/*
	 * Unknown names: 550 only for a user allowed any endpoint (bob);
	 * for others 537, as for a known name they may not use, so that
	 * names cannot be probed.
	 */
	assert_int_equal(EP(c, "alice", "nowhere"), TUNNELD_DENY);
	assert_int_equal(EP(c, "mallory", "nowhere"), TUNNELD_DENY);
	assert_int_equal(EP(c, "bob", "nowhere"), TUNNELD_UNKNOWN_ENDPOINT);
	assert_int_equal(EP(c, "bob", "any"), TUNNELD_UNKNOWN_ENDPOINT);
	assert_int_equal(tunneld_verdict_code(TUNNELD_UNKNOWN_ENDPOINT), 550);

	/* Empty <tunnel/>: the local endpoint. */
	assert_int_equal(az(c, "alice", TUNNELD_TGT_LOCAL, NULL, 0),
	    TUNNELD_ALLOW);
	assert_int_equal(az(c, "carol", TUNNELD_TGT_LOCAL, NULL, 0),
	    TUNNELD_DENY);

	/* Prefixes and port ranges. */
	assert_int_equal(AD(c, "alice", "127.0.0.1", 2600), TUNNELD_ALLOW);
	assert_int_equal(AD(c, "alice", "127.0.0.1", 2605), TUNNELD_ALLOW);
	assert_int_equal(AD(c, "alice", "127.0.0.1", 2610), TUNNELD_ALLOW);
	assert_int_equal(AD(c, "alice", "127.0.0.1", 2599), TUNNELD_DENY);
	assert_int_equal(AD(c, "alice", "127.0.0.1", 2611), TUNNELD_DENY);
	assert_int_equal(AD(c, "alice", "127.0.0.2", 2605), TUNNELD_DENY);
	assert_int_equal(AD(c, "alice", "10.200.3.4", 604), TUNNELD_ALLOW);
	assert_int_equal(AD(c, "alice", "10.255.255.255", 604),
	    TUNNELD_ALLOW);
	assert_int_equal(AD(c, "alice", "10.200.3.4", 605), TUNNELD_DENY);
	assert_int_equal(AD(c, "alice", "11.0.0.1", 604), TUNNELD_DENY);
	/* The /16 deny comes first. */
	assert_int_equal(AD(c, "alice", "10.1.2.3", 604), TUNNELD_DENY);
	assert_int_equal(AD(c, "alice", "2001:db8:1::9", 22), TUNNELD_ALLOW);
	assert_int_equal(AD(c, "alice", "2001:db9::9", 22), TUNNELD_DENY);
	assert_int_equal(AD(c, "alice", "2001:db8::9", 23), TUNNELD_DENY);
	/* An IPv4 rule never holds an IPv6 target. */
	assert_int_equal(AD(c, "alice", "::ffff:10.0.0.1", 604),
	    TUNNELD_DENY);
	assert_int_equal(AD(c, "alice", "10.0.0.1x", 604), TUNNELD_BAD_TARGET);
	assert_int_equal(AD(c, "alice", NULL, 604), TUNNELD_BAD_TARGET);
	assert_int_equal(tunneld_verdict_code(TUNNELD_BAD_TARGET), 553);

	/* Hosts: by name only, without case or final dot. */
	assert_int_equal(HO(c, "alice", "r3.example.net", 604), TUNNELD_ALLOW);
	assert_int_equal(HO(c, "alice", "R3.EXAMPLE.net.", 604),
	    TUNNELD_ALLOW);
	assert_int_equal(HO(c, "alice", "r3.example.net", 605), TUNNELD_DENY);
	assert_int_equal(HO(c, "alice", "x.r3.example.net", 604),
	    TUNNELD_DENY);
	/* An address never matches a host rule, nor a name an address. */
	assert_int_equal(AD(c, "carol", "10.0.0.1", 604), TUNNELD_DENY);
	assert_int_equal(HO(c, "alice", "10.0.0.1", 604), TUNNELD_DENY);
	/* fqdn+srv: the port comes from SRV, only "any port" holds it. */
	assert_int_equal(HO(c, "carol", "srv.example.net", 0), TUNNELD_ALLOW);
	assert_int_equal(HO(c, "alice", "r3.example.net", 0), TUNNELD_DENY);

	/* ANONYMOUS sessions are the user anonymous. */
	assert_int_equal(EP(c, "anonymous", "cli"), TUNNELD_ALLOW);
	assert_int_equal(EP(c, "anonymous", "ospfd"), TUNNELD_DENY);
	assert_int_equal(tunneld_verdict_code(TUNNELD_ALLOW), 0);
	assert_string_equal(tunneld_verdict_name(TUNNELD_NO_SOURCE_ROUTING),
	    "no-source-routing");
	h_fini(&h);
}

static void
test_profile_map(void **state)
{
	struct h			 h;
	const struct tunneld_conf	*c;
	const struct tunneld_profile_map *pm;
	const struct tunneld_endpoint	*e;
	struct tunneld_target		 t;

	h_init(&h);
	c = h.conf;
	assert_string_equal(config(&h, minimal), "");
	assert_string_equal(config(&h,
	    "endpoint ospfd address 127.0.0.1 port 2604 raw\n"
	    "profile-map http://example.org/beep/cli endpoint cli\n"
	    "profile-map urn:okapi:ospf endpoint ospfd\n"
	    "profile-map urn:okapi:dangling endpoint gone\n"), "");
	assert_non_null(pm = tunneld_profile_find(c,
	    "http://example.org/beep/cli"));
	assert_string_equal(pm->endpoint, "cli");
	assert_string_equal(tunneld_profile_endpoint(c, "urn:okapi:ospf"),
	    "ospfd");
	assert_null(tunneld_profile_endpoint(c, "urn:none"));
	assert_null(tunneld_profile_find(c, "http://example.org/beep/CLI"));
	assert_null(tunneld_profile_find(c, "http://example.org/beep"));

	t = (struct tunneld_target){ TUNNELD_TGT_PROFILE,
	    "http://example.org/beep/cli", 0 };
	assert_non_null(e = tunneld_target_endpoint(c, &t));
	assert_string_equal(e->name, "cli");
	assert_int_equal(tunneld_authorize(c, "alice", &t), TUNNELD_ALLOW);
	t.name = "urn:okapi:ospf";
	assert_int_equal(tunneld_authorize(c, "alice", &t), TUNNELD_DENY);
	t.name = "urn:okapi:dangling";
	assert_null(tunneld_target_endpoint(c, &t));
	/* alice may not reach any endpoint: unknown looks like denied */
	assert_int_equal(tunneld_authorize(c, "alice", &t), TUNNELD_DENY);
	t.name = "urn:none";
	assert_int_equal(tunneld_authorize(c, "alice", &t), TUNNELD_DENY);
	/* No local endpoint: an empty <tunnel/> has nowhere to go. */
	t = (struct tunneld_target){ TUNNELD_TGT_LOCAL, NULL, 0 };
	assert_null(tunneld_target_endpoint(c, &t));
	assert_int_equal(tunneld_authorize(c, "alice", &t), TUNNELD_DENY);
	t = (struct tunneld_target){ TUNNELD_TGT_ADDRESS, "127.0.0.1", 2023 };
	assert_null(tunneld_target_endpoint(c, &t));
	h_fini(&h);
}

/* ---- limits and offers ------------------------------------------------------- */

static void
test_limits(void **state)
{
	struct h		 h;
	struct tunneld_usage	 u;
	unsigned		 i;

	h_init(&h);
	assert_string_equal(config(&h, "limit tunnels 5\n"
	    "limit tunnels-per-user 2\nlimit hops 3\n"), "");
	tunneld_usage_init(&u);
	assert_int_equal(tunneld_limit_check(h.conf, &u, "alice"), 0);
	assert_int_equal(tunneld_usage_inc(&u, "alice"), 0);
	assert_int_equal(tunneld_limit_check(h.conf, &u, "alice"), 0);
	assert_int_equal(tunneld_usage_inc(&u, "alice"), 0);
	assert_int_equal(tunneld_usage_count(&u, "alice"), 2);
	/* Per user: 554, and only that user. */
	assert_int_equal(tunneld_limit_check(h.conf, &u, "alice"), 554);
	assert_int_equal(tunneld_limit_check(h.conf, &u, "bob"), 0);
	assert_int_equal(tunneld_usage_inc(&u, "bob"), 0);
	assert_int_equal(tunneld_usage_inc(&u, "carol"), 0);
	assert_int_equal(tunneld_usage_inc(&u, "carol"), 0);
	assert_int_equal(u.total, 5);
	/* In all: 421, for everyone. */
	assert_int_equal(tunneld_limit_check(h.conf, &u, "dave"), 421);
	assert_int_equal(tunneld_limit_check(h.conf, &u, "bob"), 421);
	tunneld_usage_dec(&u, "carol");
	assert_int_equal(tunneld_limit_check(h.conf, &u, "dave"), 0);
	assert_int_equal(tunneld_limit_check(h.conf, &u, "alice"), 554);
	tunneld_usage_dec(&u, "alice");
	assert_int_equal(tunneld_limit_check(h.conf, &u, "alice"), 0);
	/* Stray decrements change nothing. */
	tunneld_usage_dec(&u, "nobody");
	tunneld_usage_dec(&u, "bob");
	tunneld_usage_dec(&u, "bob");
	assert_int_equal(tunneld_usage_count(&u, "bob"), 0);
	assert_int_equal(u.total, 2);
	for (i = 0; i < 2; i++)
		tunneld_usage_dec(&u, i == 0 ? "alice" : "carol");
	assert_int_equal(u.total, 0);
	assert_true(TAILQ_EMPTY(&u.users));
	assert_int_equal(tunneld_usage_inc(&u, "x"), 0);
	tunneld_usage_fini(&u);
	assert_int_equal(u.total, 0);

	assert_int_equal(tunneld_hops_check(h.conf, 1), 0);
	assert_int_equal(tunneld_hops_check(h.conf, 3), 0);
	assert_int_equal(tunneld_hops_check(h.conf, 4), 554);
	assert_string_equal(config(&h, "no limit hops\n"), "");
	assert_int_equal(tunneld_hops_check(h.conf, 8), 0);
	assert_int_equal(tunneld_hops_check(h.conf, 9), 554);
	h_fini(&h);
}

static void
test_offers(void **state)
{
	struct h	 h;

	h_init(&h);
	assert_true(tunneld_tunnel_offered(h.conf, false));
	assert_false(tunneld_tunnel_offered(h.conf, true));
	assert_true(tunneld_sasl_offered(h.conf, TUNNELD_SASL_SCRAM_SHA_256,
	    false));
	assert_false(tunneld_sasl_offered(h.conf, TUNNELD_SASL_PLAIN, true));
	assert_false(tunneld_sasl_offered(h.conf, TUNNELD_SASL_ANONYMOUS,
	    false));
	assert_string_equal(config(&h, "sasl plain\nsasl anonymous\n"
	    "tls certificate /c key /k\ndeviation tunnel-after-tls\n"), "");
	assert_true(tunneld_tunnel_offered(h.conf, true));
	assert_false(tunneld_sasl_offered(h.conf, TUNNELD_SASL_PLAIN, false));
	assert_true(tunneld_sasl_offered(h.conf, TUNNELD_SASL_PLAIN, true));
	assert_true(tunneld_sasl_offered(h.conf, TUNNELD_SASL_ANONYMOUS,
	    false));
	h_fini(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_verifier),
		cmocka_unit_test(test_authorize),
		cmocka_unit_test(test_profile_map),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_offers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

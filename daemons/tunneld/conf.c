/*
 * DOC: conf: tunneld's configuration commands, declared once on lib/vty,
 * and their writer for "show running-config". Every command lives in
 * CONFIG mode (tunneld.conf has no sub-modes):
 *
 *   listen <A.B.C.D|X:X::X:X> [PORT]             several; none: 0.0.0.0 604
 *   user NAME scram-sha-256 VERIFIER             salted verifiers only
 *   endpoint NAME address ADDR port PORT <raw|beep|tls>
 *   endpoint NAME local
 *   profile-map URI endpoint NAME
 *   <permit|deny> user NAME endpoint <NAME|any>
 *   <permit|deny> user NAME address PREFIX [port P[-Q]]
 *   <permit|deny> user NAME host FQDN [port P[-Q]]
 *   source-routing
 *   limit <hops|tunnels|tunnels-per-user> N
 *   timeout <setup|idle> SECONDS                 idle 0: none
 *   tls certificate PATH key PATH [ca PATH]
 *   upstream user NAME password-file PATH
 *   deviation tunnel-after-tls
 *   sasl <plain|anonymous>
 *   (and a "no" form of each)
 *
 * Handlers check each line on its own and refuse it with "% ..." naming
 * the problem; what needs the whole file (a rule naming an endpoint
 * defined further down, at least one user and one permit rule) is for
 * tunneld_conf_check() once the file is loaded. Rules keep the order
 * they were given in (the first match wins); a rule given twice stays
 * where it was. Defining a user or endpoint again replaces it in place.
 * The writer prints only what differs from the defaults, in the order
 * above, so that loading its output gives the same state back.
 *
 * Differences from the RFC's vocabulary: endpoint names are one word of
 * printable ASCII (the RFC allows any attribute string, "operator
 * console"); endpoints are address literals, not DNS names. lib/vty has
 * no end-of-line comments: a '!' starts a comment only as a line's first
 * word.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strnum.h"
#include "vty.h"
#include "tunneld_conf.h"

#define HELP_NO		"Negate a command or set its defaults\n"
#define HELP_LIMIT	"Limit resources\n"
#define HELP_TIMEOUT	"Set a timeout\n"
#define HELP_IP		"IPv4 address\nIPv6 address\n"
#define HELP_RULE	"Allow the tunnel\nRefuse the tunnel (537)\n" \
			"The SASL identity the rule applies to\n" \
			"User name (\"anonymous\" for SASL ANONYMOUS)\n"
#define HELP_PORTS	"Restrict to destination ports\n" \
			"A port or a range of ports, P-Q"
#define MSG_NOMEM	"%% Out of memory\n"

#define N(a)	(unsigned)(sizeof(a) / sizeof((a)[0]))

struct tunneld_conf *
tunneld_conf_new(void)
{
	struct tunneld_conf	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	TAILQ_INIT(&c->listens);
	TAILQ_INIT(&c->users);
	TAILQ_INIT(&c->endpoints);
	TAILQ_INIT(&c->profile_maps);
	TAILQ_INIT(&c->rules);
	c->hops = TUNNELD_DEF_HOPS;
	c->tunnels = TUNNELD_DEF_TUNNELS;
	c->tunnels_per_user = TUNNELD_DEF_PER_USER;
	c->timeout_setup = TUNNELD_DEF_SETUP;
	c->timeout_idle = TUNNELD_DEF_IDLE;
	c->sasl[TUNNELD_SASL_SCRAM_SHA_256] = true;
	return c;
}

static void
conf_tls_clear(struct tunneld_conf *c)
{
	free(c->tls_cert);
	free(c->tls_key);
	free(c->tls_ca);
	c->tls_cert = c->tls_key = c->tls_ca = NULL;
}

static void
conf_upstream_clear(struct tunneld_conf *c)
{
	free(c->upstream_password_file);
	c->upstream_password_file = NULL;
	c->upstream_user[0] = '\0';
}

static void
user_free(struct tunneld_user *u)
{
	/* A verifier is no password, but it allows an offline attack. */
	if (u->verifier != NULL)
		explicit_bzero(u->verifier, strlen(u->verifier));
	free(u->verifier);
	free(u);
}

void
tunneld_conf_free(struct tunneld_conf *c)
{
	struct tunneld_listen		*l;
	struct tunneld_user		*u;
	struct tunneld_endpoint		*e;
	struct tunneld_profile_map	*m;
	struct tunneld_rule		*r;

	if (c == NULL)
		return;
	while ((l = TAILQ_FIRST(&c->listens)) != NULL) {
		TAILQ_REMOVE(&c->listens, l, entry);
		free(l);
	}
	while ((u = TAILQ_FIRST(&c->users)) != NULL) {
		TAILQ_REMOVE(&c->users, u, entry);
		user_free(u);
	}
	while ((e = TAILQ_FIRST(&c->endpoints)) != NULL) {
		TAILQ_REMOVE(&c->endpoints, e, entry);
		free(e);
	}
	while ((m = TAILQ_FIRST(&c->profile_maps)) != NULL) {
		TAILQ_REMOVE(&c->profile_maps, m, entry);
		free(m);
	}
	while ((r = TAILQ_FIRST(&c->rules)) != NULL) {
		TAILQ_REMOVE(&c->rules, r, entry);
		free(r);
	}
	conf_tls_clear(c);
	conf_upstream_clear(c);
	free(c);
}

/* ---- checks on single words ------------------------------------------ */

/* A user or endpoint name: printable ASCII, no blanks, bounded. */
static bool
name_ok(struct vty *vty, const char *what, const char *name)
{
	const char	*p;

	if (strlen(name) >= TUNNELD_NAME_MAX) {
		vty_out(vty, "%% %s name too long: at most %d characters\n",
		    what, TUNNELD_NAME_MAX - 1);
		return false;
	}
	for (p = name; *p != '\0'; p++)
		if (!isgraph((unsigned char)*p)) {
			vty_out(vty, "%% bad %s name: only printable ASCII "
			    "characters\n", what);
			return false;
		}
	return true;
}

static bool
path_ok(struct vty *vty, const char *what, const char *path)
{
	if (path[0] != '/') {
		vty_out(vty, "%% %s must be an absolute path: %s\n", what,
		    path);
		return false;
	}
	return true;
}

/* An fqdn (RFC 1035 2.3.4, digits and '_' allowed); stored lower case. */
static bool
host_parse(struct vty *vty, const char *s, char *out, size_t outlen)
{
	size_t	 len = strlen(s), label = 0, i;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len >= outlen || len > 253) {
		vty_out(vty, "%% bad host name: %s\n", s);
		return false;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				goto bad;
			label = 0;
			out[i] = '.';
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			goto bad;
		if (++label > 63 || (label == 1 && s[i] == '-'))
			goto bad;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	if (s[len - 1] == '-')
		goto bad;
	out[len] = '\0';
	return true;
bad:
	vty_out(vty, "%% bad host name: %s\n", s);
	return false;
}

/* "604" or "2600-2610". */
static bool
ports_parse(struct vty *vty, const char *s, struct tunneld_rule *r)
{
	const char	*dash = strchr(s, '-');
	uint64_t	 lo, hi;

	if (dash == NULL) {
		if (!strnum_u64(s, 65535, &lo) || lo == 0)
			goto bad;
		hi = lo;
	} else if (!strnum_u64_len(s, (size_t)(dash - s), 65535, &lo) ||
	    !strnum_u64(dash + 1, 65535, &hi) || lo == 0 || hi < lo)
		goto bad;
	r->has_port = true;
	r->port_lo = (uint16_t)lo;
	r->port_hi = (uint16_t)hi;
	return true;
bad:
	vty_out(vty, "%% bad port range: %s (a port 1-65535, or P-Q with "
	    "P <= Q)\n", s);
	return false;
}

static void
ip_from_value(const struct cmd_value *v, struct tunneld_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (v->type == CMD_TOK_IPV6) {
		ip->af = AF_INET6;
		ip->u.v6 = v->u.v6;
	} else {
		ip->af = AF_INET;
		ip->u.v4 = v->u.v4;
	}
}

static bool
ip_equal(const struct tunneld_ip *a, const struct tunneld_ip *b)
{
	if (a->af != b->af)
		return false;
	if (a->af == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
}

static char *
ip_print(const struct tunneld_ip *ip, char *buf, size_t len)
{
	if (ip->af == AF_INET)
		return addr4_print(&ip->u.v4, buf, len);
	return addr6_print(&ip->u.v6, buf, len);
}

/* A rule as the writer prints it, for messages too. */
static char *
rule_print(const struct tunneld_rule *r, char *buf, size_t len)
{
	char	 what[TUNNELD_HOST_MAX + PREFIX6_STRLEN + 32], port[32];

	port[0] = '\0';
	if (r->has_port && r->port_lo == r->port_hi)
		snprintf(port, sizeof(port), " port %u", r->port_lo);
	else if (r->has_port)
		snprintf(port, sizeof(port), " port %u-%u", r->port_lo,
		    r->port_hi);
	switch (r->kind) {
	case TUNNELD_RULE_ENDPOINT:
		snprintf(what, sizeof(what), "endpoint %s", r->name);
		break;
	case TUNNELD_RULE_ENDPOINT_ANY:
		snprintf(what, sizeof(what), "endpoint any");
		break;
	case TUNNELD_RULE_ADDRESS:
		snprintf(what, sizeof(what), "address ");
		if (r->af == AF_INET)
			prefix4_print(&r->p4, what + 8, sizeof(what) - 8);
		else
			prefix6_print(&r->p6, what + 8, sizeof(what) - 8);
		break;
	case TUNNELD_RULE_HOST:
		snprintf(what, sizeof(what), "host %s", r->name);
		break;
	}
	snprintf(buf, len, "%s user %s %s%s", r->permit ? "permit" : "deny",
	    r->user, what, port);
	return buf;
}

static bool
rule_equal(const struct tunneld_rule *a, const struct tunneld_rule *b)
{
	char	 sa[512], sb[512];

	return strcmp(rule_print(a, sa, sizeof(sa)),
	    rule_print(b, sb, sizeof(sb))) == 0;
}

/* The first rule naming user or endpoint, for "no user", "no endpoint". */
static const struct tunneld_rule *
rule_naming(const struct tunneld_conf *c, const char *user,
    const char *endpoint)
{
	const struct tunneld_rule	*r;

	TAILQ_FOREACH(r, &c->rules, entry) {
		if (user != NULL && strcmp(r->user, user) == 0)
			return r;
		if (endpoint != NULL && r->kind == TUNNELD_RULE_ENDPOINT &&
		    strcmp(r->name, endpoint) == 0)
			return r;
	}
	return NULL;
}

/* ---- handlers ---------------------------------------------------------- */

static int
cmd_listen(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	const struct cmd_value	*v = cmd_get(m, "port");
	struct tunneld_listen	*l, k;

	ip_from_value(cmd_get(m, "addr"), &k.addr);
	k.port = v != NULL ? (uint16_t)v->u.num : TUNNELD_PORT;
	TAILQ_FOREACH(l, &c->listens, entry)
		if (ip_equal(&l->addr, &k.addr) && l->port == k.port)
			break;
	if (cmd_has(m, "no")) {
		if (l == NULL) {
			vty_out(vty, "%% no such listen address\n");
			return CMD_WARNING;
		}
		TAILQ_REMOVE(&c->listens, l, entry);
		free(l);
		return CMD_SUCCESS;
	}
	if (l != NULL)
		return CMD_SUCCESS;
	if ((l = malloc(sizeof(*l))) == NULL) {
		vty_out(vty, MSG_NOMEM);
		return CMD_WARNING;
	}
	*l = k;
	TAILQ_INSERT_TAIL(&c->listens, l, entry);
	return CMD_SUCCESS;
}

static int
cmd_user(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf		*c = arg;
	const char			*name = cmd_str(m, "name");
	const char			*ver = cmd_str(m, "verifier");
	struct tunneld_user		*u;
	char				 err[128];

	if (!name_ok(vty, "user", name))
		return CMD_WARNING;
	if (strcmp(name, TUNNELD_USER_ANONYMOUS) == 0) {
		vty_out(vty, "%% user name %s is reserved for SASL ANONYMOUS "
		    "sessions (sasl anonymous)\n", name);
		return CMD_WARNING;
	}
	if (tunneld_verifier_check(ver, err, sizeof(err)) == -1) {
		vty_out(vty, "%% bad SCRAM verifier: %s\n", err);
		return CMD_WARNING;
	}
	if ((u = (struct tunneld_user *)tunneld_user_find(c, name)) == NULL) {
		if ((u = calloc(1, sizeof(*u))) == NULL) {
			vty_out(vty, MSG_NOMEM);
			return CMD_WARNING;
		}
		snprintf(u->name, sizeof(u->name), "%s", name);
		TAILQ_INSERT_TAIL(&c->users, u, entry);
	} else {
		explicit_bzero(u->verifier, strlen(u->verifier));
		free(u->verifier);
	}
	if ((u->verifier = strdup(ver)) == NULL) {
		TAILQ_REMOVE(&c->users, u, entry);
		free(u);
		vty_out(vty, MSG_NOMEM);
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

/* Say why, rather than "Unknown command", to who types a password. */
static int
cmd_user_plain(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty_out(vty, "%% plaintext passwords are never accepted: give "
	    "\"user NAME scram-sha-256 %s<iter>:<salt>$<StoredKey>:"
	    "<ServerKey>\"\n", TUNNELD_SCRAM_PREFIX);
	return CMD_WARNING;
}

static int
cmd_no_user(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf		*c = arg;
	const char			*name = cmd_str(m, "name");
	struct tunneld_user		*u;
	const struct tunneld_rule	*r;
	char				 s[512];

	if ((u = (struct tunneld_user *)tunneld_user_find(c, name)) == NULL) {
		vty_out(vty, "%% no such user: %s\n", name);
		return CMD_WARNING;
	}
	if ((r = rule_naming(c, name, NULL)) != NULL) {
		vty_out(vty, "%% user %s is named by rule \"%s\": remove the "
		    "rule first\n", name, rule_print(r, s, sizeof(s)));
		return CMD_WARNING;
	}
	TAILQ_REMOVE(&c->users, u, entry);
	user_free(u);
	return CMD_SUCCESS;
}

static int
cmd_endpoint(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	const char		*name = cmd_str(m, "name");
	struct tunneld_endpoint	*e, k;

	if (!name_ok(vty, "endpoint", name))
		return CMD_WARNING;
	if (strcmp(name, "any") == 0) {
		vty_out(vty, "%% endpoint name any is reserved for rules "
		    "(permit user NAME endpoint any)\n");
		return CMD_WARNING;
	}
	memset(&k, 0, sizeof(k));
	snprintf(k.name, sizeof(k.name), "%s", name);
	if (cmd_has(m, "local"))
		k.kind = TUNNELD_EP_LOCAL;
	else {
		if (strcmp(cmd_str(m, "kind"), "beep") == 0)
			k.kind = TUNNELD_EP_BEEP;
		else if (strcmp(cmd_str(m, "kind"), "tls") == 0)
			k.kind = TUNNELD_EP_TLS;
		else
			k.kind = TUNNELD_EP_RAW;
		ip_from_value(cmd_get(m, "addr"), &k.addr);
		k.port = (uint16_t)cmd_get(m, "port")->u.num;
	}
	if ((e = (struct tunneld_endpoint *)tunneld_endpoint_find(c,
	    name)) == NULL) {
		if ((e = malloc(sizeof(*e))) == NULL) {
			vty_out(vty, MSG_NOMEM);
			return CMD_WARNING;
		}
		TAILQ_INSERT_TAIL(&c->endpoints, e, entry);
	}
	k.entry = e->entry;
	*e = k;
	return CMD_SUCCESS;
}

static int
cmd_no_endpoint(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf		*c = arg;
	const char			*name = cmd_str(m, "name");
	struct tunneld_endpoint		*e;
	const struct tunneld_profile_map *pm;
	const struct tunneld_rule	*r;
	char				 s[512];

	if ((e = (struct tunneld_endpoint *)tunneld_endpoint_find(c,
	    name)) == NULL) {
		vty_out(vty, "%% no such endpoint: %s\n", name);
		return CMD_WARNING;
	}
	if ((r = rule_naming(c, NULL, name)) != NULL) {
		vty_out(vty, "%% endpoint %s is named by rule \"%s\": remove "
		    "the rule first\n", name, rule_print(r, s, sizeof(s)));
		return CMD_WARNING;
	}
	TAILQ_FOREACH(pm, &c->profile_maps, entry)
		if (strcmp(pm->endpoint, name) == 0) {
			vty_out(vty, "%% endpoint %s is named by profile-map "
			    "%s: remove it first\n", name, pm->uri);
			return CMD_WARNING;
		}
	TAILQ_REMOVE(&c->endpoints, e, entry);
	free(e);
	return CMD_SUCCESS;
}

static int
cmd_profile_map(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf		*c = arg;
	const char			*uri = cmd_str(m, "uri");
	const char			*ep = cmd_str(m, "endpoint");
	struct tunneld_profile_map	*pm;

	pm = (struct tunneld_profile_map *)tunneld_profile_find(c, uri);
	if (cmd_has(m, "no")) {
		if (pm == NULL) {
			vty_out(vty, "%% no such profile-map: %s\n", uri);
			return CMD_WARNING;
		}
		TAILQ_REMOVE(&c->profile_maps, pm, entry);
		free(pm);
		return CMD_SUCCESS;
	}
	if (strlen(uri) >= TUNNELD_URI_MAX) {
		vty_out(vty, "%% profile URI too long: at most %d "
		    "characters\n", TUNNELD_URI_MAX - 1);
		return CMD_WARNING;
	}
	if (!name_ok(vty, "endpoint", ep))
		return CMD_WARNING;
	if (pm == NULL) {
		if ((pm = calloc(1, sizeof(*pm))) == NULL) {
			vty_out(vty, MSG_NOMEM);
			return CMD_WARNING;
		}
		snprintf(pm->uri, sizeof(pm->uri), "%s", uri);
		TAILQ_INSERT_TAIL(&c->profile_maps, pm, entry);
	}
	snprintf(pm->endpoint, sizeof(pm->endpoint), "%s", ep);
	return CMD_SUCCESS;
}

static int
cmd_rule(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	const struct cmd_value	*v;
	const char		*s;
	struct tunneld_rule	 k, *r;
	char			 buf[512];

	memset(&k, 0, sizeof(k));
	k.permit = strcmp(cmd_str(m, "action"), "permit") == 0;
	s = cmd_str(m, "user");
	if (!name_ok(vty, "user", s))
		return CMD_WARNING;
	snprintf(k.user, sizeof(k.user), "%s", s);
	if ((s = cmd_str(m, "endpoint")) != NULL) {
		if (strcmp(s, "any") == 0)
			k.kind = TUNNELD_RULE_ENDPOINT_ANY;
		else {
			if (!name_ok(vty, "endpoint", s))
				return CMD_WARNING;
			k.kind = TUNNELD_RULE_ENDPOINT;
			snprintf(k.name, sizeof(k.name), "%s", s);
		}
	} else if ((s = cmd_str(m, "host")) != NULL) {
		k.kind = TUNNELD_RULE_HOST;
		if (!host_parse(vty, s, k.name, sizeof(k.name)))
			return CMD_WARNING;
	} else {
		v = cmd_get(m, "addr");
		k.kind = TUNNELD_RULE_ADDRESS;
		switch (v->type) {
		case CMD_TOK_IPV4:
			k.af = AF_INET;
			k.p4.addr = v->u.v4;
			k.p4.len = 32;
			break;
		case CMD_TOK_IPV4_PREFIX:
			k.af = AF_INET;
			k.p4 = v->u.p4;
			break;
		case CMD_TOK_IPV6:
			k.af = AF_INET6;
			k.p6.addr = v->u.v6;
			k.p6.len = 128;
			break;
		default:
			k.af = AF_INET6;
			k.p6 = v->u.p6;
			break;
		}
	}
	if ((s = cmd_str(m, "ports")) != NULL && !ports_parse(vty, s, &k))
		return CMD_WARNING;
	TAILQ_FOREACH(r, &c->rules, entry)
		if (rule_equal(r, &k))
			break;
	if (cmd_has(m, "no")) {
		if (r == NULL) {
			vty_out(vty, "%% no such rule: %s\n",
			    rule_print(&k, buf, sizeof(buf)));
			return CMD_WARNING;
		}
		TAILQ_REMOVE(&c->rules, r, entry);
		free(r);
		return CMD_SUCCESS;
	}
	if (r != NULL)
		return CMD_SUCCESS;
	if ((r = malloc(sizeof(*r))) == NULL) {
		vty_out(vty, MSG_NOMEM);
		return CMD_WARNING;
	}
	*r = k;
	TAILQ_INSERT_TAIL(&c->rules, r, entry);
	return CMD_SUCCESS;
}

static int
cmd_source_routing(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;

	c->source_routing = !cmd_has(m, "no");
	return CMD_SUCCESS;
}

static int
cmd_limit(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	const struct cmd_value	*v = cmd_get(m, "n");
	bool			 no = cmd_has(m, "no");

	if (cmd_has(m, "hops"))
		c->hops = no ? TUNNELD_DEF_HOPS : (unsigned)v->u.num;
	else if (cmd_has(m, "tunnels-per-user"))
		c->tunnels_per_user = no ? TUNNELD_DEF_PER_USER :
		    (unsigned)v->u.num;
	else
		c->tunnels = no ? TUNNELD_DEF_TUNNELS : (unsigned)v->u.num;
	return CMD_SUCCESS;
}

static int
cmd_timeout(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	const struct cmd_value	*v = cmd_get(m, "n");
	bool			 no = cmd_has(m, "no");

	if (cmd_has(m, "setup"))
		c->timeout_setup = no ? TUNNELD_DEF_SETUP : (unsigned)v->u.num;
	else
		c->timeout_idle = no ? TUNNELD_DEF_IDLE : (unsigned)v->u.num;
	return CMD_SUCCESS;
}

static int
cmd_tls(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	const char		*cert = cmd_str(m, "cert");
	const char		*key = cmd_str(m, "key");
	const char		*ca = cmd_str(m, "ca");
	char			*ncert, *nkey, *nca = NULL;

	if (!path_ok(vty, "tls certificate", cert) ||
	    !path_ok(vty, "tls key", key) ||
	    (ca != NULL && !path_ok(vty, "tls ca", ca)))
		return CMD_WARNING;
	ncert = strdup(cert);
	nkey = strdup(key);
	if (ca != NULL)
		nca = strdup(ca);
	if (ncert == NULL || nkey == NULL || (ca != NULL && nca == NULL)) {
		free(ncert);
		free(nkey);
		free(nca);
		vty_out(vty, MSG_NOMEM);
		return CMD_WARNING;
	}
	conf_tls_clear(c);
	c->tls_cert = ncert;
	c->tls_key = nkey;
	c->tls_ca = nca;
	return CMD_SUCCESS;
}

static int
cmd_no_tls(struct vty *vty, const struct cmd_match *m, void *arg)
{
	conf_tls_clear(arg);
	return CMD_SUCCESS;
}

static int
cmd_upstream(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	const char		*user = cmd_str(m, "user");
	const char		*path = cmd_str(m, "path");
	char			*p;

	if (!name_ok(vty, "upstream user", user) ||
	    !path_ok(vty, "password-file", path))
		return CMD_WARNING;
	if ((p = strdup(path)) == NULL) {
		vty_out(vty, MSG_NOMEM);
		return CMD_WARNING;
	}
	conf_upstream_clear(c);
	snprintf(c->upstream_user, sizeof(c->upstream_user), "%s", user);
	c->upstream_password_file = p;
	return CMD_SUCCESS;
}

static int
cmd_no_upstream(struct vty *vty, const struct cmd_match *m, void *arg)
{
	conf_upstream_clear(arg);
	return CMD_SUCCESS;
}

static int
cmd_deviation(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	unsigned		 i;

	for (i = 0; i < TUNNELD_DEV_MAX; i++)
		if (cmd_has(m, tunneld_deviation_names[i]))
			c->deviation[i] = !cmd_has(m, "no");
	return CMD_SUCCESS;
}

static int
cmd_sasl(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct tunneld_conf	*c = arg;
	const char		*mech = cmd_str(m, "mech");
	unsigned		 i;

	for (i = 0; i < TUNNELD_SASL_MAX; i++)
		if (strcmp(mech, tunneld_sasl_names[i]) == 0)
			c->sasl[i] = !cmd_has(m, "no");
	return CMD_SUCCESS;
}

/* ---- the writer -------------------------------------------------------- */

void
tunneld_conf_write(struct buf *b, const struct tunneld_conf *c)
{
	const struct tunneld_listen	*l;
	const struct tunneld_user	*u;
	const struct tunneld_endpoint	*e;
	const struct tunneld_profile_map *pm;
	const struct tunneld_rule	*r;
	char				 s[512];
	unsigned			 i;

	TAILQ_FOREACH(l, &c->listens, entry)
		buf_printf(b, "listen %s %u\n", ip_print(&l->addr, s,
		    sizeof(s)), l->port);
	TAILQ_FOREACH(u, &c->users, entry)
		buf_printf(b, "user %s scram-sha-256 %s\n", u->name,
		    u->verifier);
	TAILQ_FOREACH(e, &c->endpoints, entry) {
		if (e->kind == TUNNELD_EP_LOCAL)
			buf_printf(b, "endpoint %s local\n", e->name);
		else
			buf_printf(b, "endpoint %s address %s port %u %s\n",
			    e->name, ip_print(&e->addr, s, sizeof(s)),
			    e->port, tunneld_ep_kind_names[e->kind]);
	}
	TAILQ_FOREACH(pm, &c->profile_maps, entry)
		buf_printf(b, "profile-map %s endpoint %s\n", pm->uri,
		    pm->endpoint);
	TAILQ_FOREACH(r, &c->rules, entry)
		buf_printf(b, "%s\n", rule_print(r, s, sizeof(s)));
	if (c->source_routing)
		buf_printf(b, "source-routing\n");
	if (c->hops != TUNNELD_DEF_HOPS)
		buf_printf(b, "limit hops %u\n", c->hops);
	if (c->tunnels != TUNNELD_DEF_TUNNELS)
		buf_printf(b, "limit tunnels %u\n", c->tunnels);
	if (c->tunnels_per_user != TUNNELD_DEF_PER_USER)
		buf_printf(b, "limit tunnels-per-user %u\n",
		    c->tunnels_per_user);
	if (c->timeout_setup != TUNNELD_DEF_SETUP)
		buf_printf(b, "timeout setup %u\n", c->timeout_setup);
	if (c->timeout_idle != TUNNELD_DEF_IDLE)
		buf_printf(b, "timeout idle %u\n", c->timeout_idle);
	if (c->tls_cert != NULL)
		buf_printf(b, "tls certificate %s key %s%s%s\n", c->tls_cert,
		    c->tls_key, c->tls_ca != NULL ? " ca " : "",
		    c->tls_ca != NULL ? c->tls_ca : "");
	if (c->upstream_password_file != NULL)
		buf_printf(b, "upstream user %s password-file %s\n",
		    c->upstream_user, c->upstream_password_file);
	for (i = 0; i < TUNNELD_DEV_MAX; i++)
		if (c->deviation[i])
			buf_printf(b, "deviation %s\n",
			    tunneld_deviation_names[i]);
	for (i = 0; i < TUNNELD_SASL_MAX; i++)
		if (i != TUNNELD_SASL_SCRAM_SHA_256 && c->sasl[i])
			buf_printf(b, "sasl %s\n", tunneld_sasl_names[i]);
	buf_printf(b, "!\n");
}

static void
conf_writer(struct buf *b, void *arg)
{
	tunneld_conf_write(b, arg);
}

/* ---- the whole configuration --------------------------------------------- */

static int
check_rule(const struct tunneld_conf *c, const struct tunneld_rule *r,
    unsigned n, char *err, size_t errlen)
{
	char	 s[512];

	rule_print(r, s, sizeof(s));
	if (strcmp(r->user, TUNNELD_USER_ANONYMOUS) == 0) {
		if (!c->sasl[TUNNELD_SASL_ANONYMOUS]) {
			snprintf(err, errlen, "rule %u \"%s\": user %s needs "
			    "\"sasl anonymous\"", n, s, r->user);
			return -1;
		}
	} else if (tunneld_user_find(c, r->user) == NULL) {
		snprintf(err, errlen, "rule %u \"%s\": no such user %s", n,
		    s, r->user);
		return -1;
	}
	if (r->kind == TUNNELD_RULE_ENDPOINT &&
	    tunneld_endpoint_find(c, r->name) == NULL) {
		snprintf(err, errlen, "rule %u \"%s\": no such endpoint %s", n,
		    s, r->name);
		return -1;
	}
	/* It could never match: say so rather than leave a dead rule. */
	if ((r->kind == TUNNELD_RULE_ADDRESS || r->kind == TUNNELD_RULE_HOST)
	    && !c->source_routing) {
		snprintf(err, errlen, "rule %u \"%s\": addresses and hosts "
		    "need \"source-routing\"", n, s);
		return -1;
	}
	return 0;
}

int
tunneld_conf_check(const struct tunneld_conf *c, char *err, size_t errlen)
{
	const struct tunneld_user	*u;
	const struct tunneld_profile_map *pm;
	const struct tunneld_rule	*r;
	char				 why[128];
	unsigned			 n = 0;
	bool				 permit = false;

	if (TAILQ_EMPTY(&c->users)) {
		snprintf(err, errlen, "no users configured: tunneld refuses "
		    "to start without users and rules");
		return -1;
	}
	TAILQ_FOREACH(r, &c->rules, entry)
		permit |= r->permit;
	if (!permit) {
		snprintf(err, errlen, "no permit rules configured: tunneld "
		    "refuses to start without users and rules");
		return -1;
	}
	/* The commands check these too; the struct may come from elsewhere. */
	TAILQ_FOREACH(u, &c->users, entry)
		if (u->verifier == NULL ||
		    tunneld_verifier_check(u->verifier, why, sizeof(why))) {
			snprintf(err, errlen, "user %s: bad SCRAM verifier: %s",
			    u->name, u->verifier == NULL ? "none" : why);
			return -1;
		}
	TAILQ_FOREACH(r, &c->rules, entry)
		if (check_rule(c, r, ++n, err, errlen) == -1)
			return -1;
	TAILQ_FOREACH(pm, &c->profile_maps, entry)
		if (tunneld_endpoint_find(c, pm->endpoint) == NULL) {
			snprintf(err, errlen, "profile-map %s: no such "
			    "endpoint %s", pm->uri, pm->endpoint);
			return -1;
		}
	if (c->tls_cert == NULL) {
		const struct tunneld_endpoint *e;

		TAILQ_FOREACH(e, &c->endpoints, entry)
			if (e->kind == TUNNELD_EP_TLS) {
				snprintf(err, errlen, "endpoint %s: kind tls "
				    "needs a tls certificate", e->name);
				return -1;
			}
	}
	if (c->tls_cert == NULL && c->sasl[TUNNELD_SASL_PLAIN]) {
		snprintf(err, errlen, "sasl plain needs tls: PLAIN is only "
		    "offered inside TLS");
		return -1;
	}
	/*
	 * TUNNEL is offered only before TLS (3620 7), PLAIN only after it:
	 * PLAIN could never authorize a tunnel.
	 */
	if (c->sasl[TUNNELD_SASL_PLAIN] &&
	    !c->deviation[TUNNELD_DEV_TUNNEL_AFTER_TLS]) {
		snprintf(err, errlen, "sasl plain is offered only inside TLS, "
		    "where TUNNEL is not offered without \"deviation "
		    "tunnel-after-tls\"");
		return -1;
	}
	if (c->tls_cert == NULL &&
	    c->deviation[TUNNELD_DEV_TUNNEL_AFTER_TLS]) {
		snprintf(err, errlen, "deviation tunnel-after-tls needs tls");
		return -1;
	}
	if (c->upstream_password_file != NULL &&
	    c->upstream_user[0] == '\0') {
		snprintf(err, errlen, "upstream: no user");
		return -1;
	}
	return 0;
}

/* ---- declarations ---------------------------------------------------------- */

static const struct cmd_def conf_cmds[] = {
	{ "listen <A.B.C.D|X:X::X:X>$addr [(1-65535)$port]",
	    "Accept BEEP TUNNEL sessions on an address\n" HELP_IP
	    "TCP port (default 604)", cmd_listen, 0 },
	{ "no listen <A.B.C.D|X:X::X:X>$addr [(1-65535)$port]", HELP_NO
	    "Accept BEEP TUNNEL sessions on an address\n" HELP_IP
	    "TCP port (default 604)", cmd_listen, 0 },
	{ "user WORD$name scram-sha-256 WORD$verifier",
	    "A user who may authenticate\nUser name (the SASL authcid)\n"
	    "A salted SCRAM-SHA-256 verifier, never a password\n"
	    "SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>",
	    cmd_user, CMD_F_SECRET },
	{ "user WORD$name <password|plaintext> LINE",
	    "A user who may authenticate\nUser name\n"
	    "Refused: plaintext passwords\nRefused: plaintext passwords\n"
	    "Password", cmd_user_plain, CMD_F_HIDDEN | CMD_F_SECRET },
	{ "no user WORD$name [LINE]", HELP_NO
	    "A user who may authenticate\nUser name\nIgnored",
	    cmd_no_user, 0 },
	{ "endpoint WORD$name address <A.B.C.D|X:X::X:X>$addr "
	    "port (1-65535)$port <raw|beep|tls>$kind",
	    "A destination clients may ask for by name\n"
	    "Its name (tunnel endpoint='NAME')\n"
	    "Where it is\n" HELP_IP
	    "Its TCP port\nPort\n"
	    "Not BEEP: ok as soon as TCP connects (RFC 3620 4 step 5)\n"
	    "A BEEP peer offering TUNNEL: a nested <tunnel/> is started there\n"
	    "Not BEEP, reached through TLS with this tunneld (end to end)",
	    cmd_endpoint, 0 },
	{ "endpoint WORD$name local",
	    "A destination clients may ask for by name\n"
	    "Its name (tunnel endpoint='NAME')\n"
	    "This tunneld itself (RFC 3620 4 step 1)", cmd_endpoint, 0 },
	{ "no endpoint WORD$name [LINE]", HELP_NO
	    "A destination clients may ask for by name\nIts name\nIgnored",
	    cmd_no_endpoint, 0 },
	{ "profile-map WORD$uri endpoint WORD$endpoint",
	    "Serve a profile URI (tunnel profile='URI') by an endpoint\n"
	    "Profile URI\nThe endpoint serving it\nEndpoint name",
	    cmd_profile_map, 0 },
	{ "no profile-map WORD$uri [endpoint WORD]", HELP_NO
	    "Serve a profile URI (tunnel profile='URI') by an endpoint\n"
	    "Profile URI\nThe endpoint serving it\nEndpoint name",
	    cmd_profile_map, 0 },
	{ "[no] <permit|deny>$action user WORD$user endpoint WORD$endpoint",
	    HELP_NO HELP_RULE "A named endpoint\n"
	    "Endpoint name, or any for every endpoint", cmd_rule, 0 },
	{ "[no] <permit|deny>$action user WORD$user address "
	    "<A.B.C.D[/M]|X:X::X:X[/M]>$addr [port WORD$ports]",
	    HELP_NO HELP_RULE "A source-routed destination (ip4, ip6)\n"
	    "IPv4 address or prefix\nIPv6 address or prefix\n" HELP_PORTS,
	    cmd_rule, 0 },
	{ "[no] <permit|deny>$action user WORD$user host WORD$host "
	    "[port WORD$ports]",
	    HELP_NO HELP_RULE "A source-routed destination by name (fqdn)\n"
	    "Fully-qualified domain name, matched as a name\n" HELP_PORTS,
	    cmd_rule, 0 },
	{ "[no] source-routing", HELP_NO
	    "Accept tunnel requests by address (fqdn, ip4, ip6)",
	    cmd_source_routing, 0 },
	{ "limit hops (1-16)$n", HELP_LIMIT
	    "Nested tunnel elements in one request (default 8)\nCount",
	    cmd_limit, 0 },
	{ "no limit hops [(1-16)]", HELP_NO HELP_LIMIT
	    "Nested tunnel elements in one request (default 8)\nCount",
	    cmd_limit, 0 },
	{ "limit tunnels (1-1000000)$n", HELP_LIMIT
	    "Open tunnels in all (default 256)\nCount", cmd_limit, 0 },
	{ "no limit tunnels [(1-1000000)]", HELP_NO HELP_LIMIT
	    "Open tunnels in all (default 256)\nCount", cmd_limit, 0 },
	{ "limit tunnels-per-user (1-1000000)$n", HELP_LIMIT
	    "Open tunnels per user (default 16)\nCount", cmd_limit, 0 },
	{ "no limit tunnels-per-user [(1-1000000)]", HELP_NO HELP_LIMIT
	    "Open tunnels per user (default 16)\nCount", cmd_limit, 0 },
	{ "timeout setup (1-3600)$n", HELP_TIMEOUT
	    "From the tunnel request to ok or error (default 10)\nSeconds",
	    cmd_timeout, 0 },
	{ "no timeout setup [(1-3600)]", HELP_NO HELP_TIMEOUT
	    "From the tunnel request to ok or error (default 10)\nSeconds",
	    cmd_timeout, 0 },
	{ "timeout idle (0-604800)$n", HELP_TIMEOUT
	    "A pipe without traffic (default 3600)\nSeconds, 0 for none",
	    cmd_timeout, 0 },
	{ "no timeout idle [(0-604800)]", HELP_NO HELP_TIMEOUT
	    "A pipe without traffic (default 3600)\nSeconds, 0 for none",
	    cmd_timeout, 0 },
	{ "tls certificate WORD$cert key WORD$key [ca WORD$ca]",
	    "TLS for the end-to-end leg\nCertificate\nPEM file\n"
	    "Private key\nPEM file\nCA certificates\nPEM file",
	    cmd_tls, 0 },
	{ "no tls [LINE]", HELP_NO "TLS for the end-to-end leg\nIgnored",
	    cmd_no_tls, 0 },
	{ "upstream user WORD$user password-file WORD$path",
	    "Credentials for a next-hop tunneld (nested tunnel elements)\n"
	    "SASL identity\nUser name\nFile holding the password\nPath",
	    cmd_upstream, 0 },
	{ "no upstream [LINE]", HELP_NO
	    "Credentials for a next-hop tunneld (nested tunnel elements)\n"
	    "Ignored", cmd_no_upstream, 0 },
	{ "[no] deviation tunnel-after-tls", HELP_NO
	    "A documented deviation from RFC 3620 (off by default)\n"
	    "Offer TUNNEL after TLS too (RFC 3620 7 leaves it undefined)",
	    cmd_deviation, 0 },
	{ "[no] sasl <plain|anonymous>$mech", HELP_NO
	    "SASL mechanisms beyond SCRAM-SHA-256\n"
	    "PLAIN, only ever offered inside TLS\n"
	    "ANONYMOUS: the rules see the user anonymous", cmd_sasl, 0 },
};

int
tunneld_conf_install(struct vty_server *vs)
{
	if (vty_install(vs, VTY_NODE_CONFIG, conf_cmds, N(conf_cmds)) == -1 ||
	    vty_config_writer(vs, conf_writer, vty_server_ctx(vs)) == -1)
		return -1;
	return 0;
}

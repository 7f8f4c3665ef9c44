/*
 * DOC: policy: what tunneld lets whom do, as pure functions of a struct
 * tunneld_conf (conf.c fills it). No vty, no sockets, no clock.
 *
 *  - SCRAM-SHA-256 verifiers: strict syntax (tunneld_verifier_check), so
 *    that a plaintext password can never be stored or used as a verifier.
 *  - Names: users (their verifier for the SASL layer), endpoints, the
 *    profile-map from a profile URI to an endpoint.
 *  - Authorization of one tunnel request (RFC 3620 4 and 7): the rules in
 *    order, first match wins, deny by default; source routing refused
 *    before any rule unless configured.
 *  - Limits: hops, total tunnels and tunnels per user, over the counters
 *    of a struct tunneld_usage the daemon keeps.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "b64.h"
#include "strnum.h"
#include "tunneld_conf.h"

const char *const tunneld_ep_kind_names[TUNNELD_EP_MAX] = {
	[TUNNELD_EP_RAW] = "raw",
	[TUNNELD_EP_BEEP] = "beep",
	[TUNNELD_EP_LOCAL] = "local",
	[TUNNELD_EP_TLS] = "tls",
};

const char *const tunneld_deviation_names[TUNNELD_DEV_MAX] = {
	[TUNNELD_DEV_TUNNEL_AFTER_TLS] = "tunnel-after-tls",
};

const char *const tunneld_sasl_names[TUNNELD_SASL_MAX] = {
	[TUNNELD_SASL_SCRAM_SHA_256] = "scram-sha-256",
	[TUNNELD_SASL_PLAIN] = "plain",
	[TUNNELD_SASL_ANONYMOUS] = "anonymous",
};

const char *const tunneld_verdict_names[TUNNELD_VERDICT_MAX] = {
	[TUNNELD_ALLOW] = "allow",
	[TUNNELD_DENY] = "deny",
	[TUNNELD_NO_SOURCE_ROUTING] = "no-source-routing",
	[TUNNELD_UNKNOWN_ENDPOINT] = "unknown-endpoint",
	[TUNNELD_BAD_TARGET] = "bad-target",
};

/* RFC 3620 6 codes. */
static const unsigned verdict_codes[TUNNELD_VERDICT_MAX] = {
	[TUNNELD_ALLOW] = 0,
	[TUNNELD_DENY] = 537,
	[TUNNELD_NO_SOURCE_ROUTING] = 537,
	[TUNNELD_UNKNOWN_ENDPOINT] = 550,
	[TUNNELD_BAD_TARGET] = 553,
};

#define CODE_NO_RESOURCES	421
#define CODE_POLICY		554

/* ---- SCRAM verifiers ------------------------------------------------ */

/* One base64 field of a verifier, of min..max decoded bytes. */
static int
verifier_b64(const char *p, size_t len, const char *what, size_t min,
    size_t max, char *err, size_t errlen)
{
	uint8_t	 raw[TUNNELD_SCRAM_SALT_MAX + 3];
	size_t	 n;

	if (len == 0) {
		snprintf(err, errlen, "%s is empty", what);
		return -1;
	}
	if (len % 4 != 0) {
		snprintf(err, errlen, "%s is not base64", what);
		return -1;
	}
	/* Longer than any allowed value: not worth decoding. */
	if (len > (max + 2) / 3 * 4) {
		snprintf(err, errlen, "%s is longer than %zu bytes", what, max);
		return -1;
	}
	if (!b64_decode_strict(p, len, raw, sizeof(raw), &n)) {
		snprintf(err, errlen, "%s is not base64", what);
		return -1;
	}
	if (n < min || n > max) {
		if (min == max)
			snprintf(err, errlen, "%s is %zu bytes, not %zu", what,
			    n, min);
		else
			snprintf(err, errlen, "%s is %zu bytes, not %zu to %zu",
			    what, n, min, max);
		return -1;
	}
	return 0;
}

int
tunneld_verifier_check(const char *v, char *err, size_t errlen)
{
	const char	*p, *salt, *stored, *server;
	uint64_t	 iter;
	size_t		 plen = strlen(TUNNELD_SCRAM_PREFIX);

	if (strncmp(v, TUNNELD_SCRAM_PREFIX, plen) != 0) {
		snprintf(err, errlen, "does not start with %s (plaintext "
		    "passwords are never accepted)", TUNNELD_SCRAM_PREFIX);
		return -1;
	}
	p = v + plen;
	if ((salt = strchr(p, ':')) == NULL ||
	    (stored = strchr(salt, '$')) == NULL ||
	    (server = strchr(stored, ':')) == NULL) {
		snprintf(err, errlen, "not of the form %s<iter>:<salt>$"
		    "<StoredKey>:<ServerKey>", TUNNELD_SCRAM_PREFIX);
		return -1;
	}
	/* No leading zeros either: the text is the only form it has. */
	if (!strnum_u64_len(p, (size_t)(salt - p), UINT64_MAX, &iter) ||
	    (*p == '0' && salt - p > 1)) {
		snprintf(err, errlen, "iteration count is not a number");
		return -1;
	}
	if (iter < TUNNELD_SCRAM_ITER_MIN || iter > TUNNELD_SCRAM_ITER_MAX) {
		snprintf(err, errlen, "iteration count %llu is not within "
		    "%u to %u", (unsigned long long)iter,
		    TUNNELD_SCRAM_ITER_MIN, TUNNELD_SCRAM_ITER_MAX);
		return -1;
	}
	salt++;
	stored++;
	server++;
	if (verifier_b64(salt, (size_t)(stored - 1 - salt), "salt",
	    TUNNELD_SCRAM_SALT_MIN, TUNNELD_SCRAM_SALT_MAX, err, errlen) ||
	    verifier_b64(stored, (size_t)(server - 1 - stored), "StoredKey",
	    TUNNELD_SCRAM_KEY_LEN, TUNNELD_SCRAM_KEY_LEN, err, errlen) ||
	    verifier_b64(server, strlen(server), "ServerKey",
	    TUNNELD_SCRAM_KEY_LEN, TUNNELD_SCRAM_KEY_LEN, err, errlen))
		return -1;
	return 0;
}

/* ---- names ------------------------------------------------------------ */

const struct tunneld_user *
tunneld_user_find(const struct tunneld_conf *c, const char *name)
{
	const struct tunneld_user	*u;

	TAILQ_FOREACH(u, &c->users, entry)
		if (strcmp(u->name, name) == 0)
			return u;
	return NULL;
}

const char *
tunneld_user_verifier(const struct tunneld_conf *c, const char *user)
{
	const struct tunneld_user	*u = tunneld_user_find(c, user);

	return u != NULL ? u->verifier : NULL;
}

const struct tunneld_endpoint *
tunneld_endpoint_find(const struct tunneld_conf *c, const char *name)
{
	const struct tunneld_endpoint	*e;

	TAILQ_FOREACH(e, &c->endpoints, entry)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

const struct tunneld_endpoint *
tunneld_endpoint_local(const struct tunneld_conf *c)
{
	const struct tunneld_endpoint	*e;

	TAILQ_FOREACH(e, &c->endpoints, entry)
		if (e->kind == TUNNELD_EP_LOCAL)
			return e;
	return NULL;
}

/* URIs compare as strings (RFC 3080 2.3.1.2: no normalization). */
const struct tunneld_profile_map *
tunneld_profile_find(const struct tunneld_conf *c, const char *uri)
{
	const struct tunneld_profile_map	*m;

	TAILQ_FOREACH(m, &c->profile_maps, entry)
		if (strcmp(m->uri, uri) == 0)
			return m;
	return NULL;
}

const char *
tunneld_profile_endpoint(const struct tunneld_conf *c, const char *uri)
{
	const struct tunneld_profile_map	*m = tunneld_profile_find(c, uri);

	return m != NULL ? m->endpoint : NULL;
}

const struct tunneld_endpoint *
tunneld_target_endpoint(const struct tunneld_conf *c,
    const struct tunneld_target *t)
{
	const struct tunneld_profile_map	*m;

	switch (t->kind) {
	case TUNNELD_TGT_LOCAL:
		return tunneld_endpoint_local(c);
	case TUNNELD_TGT_ENDPOINT:
		return t->name != NULL ? tunneld_endpoint_find(c, t->name) :
		    NULL;
	case TUNNELD_TGT_PROFILE:
		if (t->name == NULL ||
		    (m = tunneld_profile_find(c, t->name)) == NULL)
			return NULL;
		return tunneld_endpoint_find(c, m->endpoint);
	default:
		return NULL;
	}
}

/* ---- authorization ---------------------------------------------------- */

static bool
rule_port_match(const struct tunneld_rule *r, uint16_t port)
{
	if (!r->has_port)
		return true;
	/* An SRV target's port is unknown: only "any port" holds it. */
	return port != 0 && port >= r->port_lo && port <= r->port_hi;
}

static bool
prefix6_holds(const struct prefix6 *p, const struct in6_addr *a)
{
	unsigned	 i, bits;
	uint8_t		 mask;

	for (i = 0, bits = p->len; bits > 0; i++, bits -= bits > 8 ? 8 :
	    bits) {
		mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
		if ((a->s6_addr[i] & mask) != p->addr.s6_addr[i])
			return false;
	}
	return true;
}

/* fqdn targets compare without case and without a final dot. */
static bool
host_equal(const char *rule, const char *target)
{
	size_t	 n = strlen(target);

	if (n > 0 && target[n - 1] == '.')
		n--;
	return strlen(rule) == n && strncasecmp(rule, target, n) == 0;
}

static bool
rule_match(const struct tunneld_rule *r, const char *user,
    const struct tunneld_target *t, const struct tunneld_endpoint *ep,
    const struct tunneld_ip *ip)
{
	if (strcmp(r->user, user) != 0)
		return false;
	switch (r->kind) {
	case TUNNELD_RULE_ENDPOINT_ANY:
		/* unknown names too: whether they exist is not for all */
		return t->kind == TUNNELD_TGT_LOCAL ||
		    t->kind == TUNNELD_TGT_ENDPOINT ||
		    t->kind == TUNNELD_TGT_PROFILE;
	case TUNNELD_RULE_ENDPOINT:
		return ep != NULL && strcmp(r->name, ep->name) == 0;
	case TUNNELD_RULE_ADDRESS:
		if (ip == NULL || ip->af != r->af ||
		    !rule_port_match(r, t->port))
			return false;
		if (r->af == AF_INET)
			return prefix4_contains(&r->p4, &ip->u.v4);
		return prefix6_holds(&r->p6, &ip->u.v6);
	case TUNNELD_RULE_HOST:
		return t->kind == TUNNELD_TGT_HOST &&
		    host_equal(r->name, t->name) &&
		    rule_port_match(r, t->port);
	}
	return false;
}

enum tunneld_verdict
tunneld_authorize(const struct tunneld_conf *c, const char *user,
    const struct tunneld_target *t)
{
	const struct tunneld_endpoint	*ep = NULL;
	const struct tunneld_rule	*r;
	struct tunneld_ip		 ip, *ipp = NULL;

	switch (t->kind) {
	case TUNNELD_TGT_LOCAL:
	case TUNNELD_TGT_ENDPOINT:
	case TUNNELD_TGT_PROFILE:
		/*
		 * 3620 4 #2, #3: resolved by provisioning only. An unknown
		 * name is 550 only for a user whose rules allow any endpoint;
		 * everyone else gets 537, so names cannot be probed.
		 */
		ep = tunneld_target_endpoint(c, t);
		break;
	case TUNNELD_TGT_ADDRESS:
	case TUNNELD_TGT_HOST:
		/* Before anything else: no answer may depend on the name. */
		if (!c->source_routing)
			return TUNNELD_NO_SOURCE_ROUTING;
		if (t->name == NULL)
			return TUNNELD_BAD_TARGET;
		if (t->kind == TUNNELD_TGT_HOST)
			break;
		if (addr4_parse(t->name, &ip.u.v4))
			ip.af = AF_INET;
		else if (addr6_parse(t->name, &ip.u.v6))
			ip.af = AF_INET6;
		else
			return TUNNELD_BAD_TARGET;
		ipp = &ip;
		break;
	default:
		return TUNNELD_DENY;
	}
	if (user == NULL)
		return TUNNELD_DENY;
	TAILQ_FOREACH(r, &c->rules, entry)
		if (rule_match(r, user, t, ep, ipp)) {
			if (!r->permit)
				return TUNNELD_DENY;
			if (ep == NULL && ipp == NULL &&
			    t->kind != TUNNELD_TGT_HOST)
				return TUNNELD_UNKNOWN_ENDPOINT;
			return TUNNELD_ALLOW;
		}
	return TUNNELD_DENY;
}

unsigned
tunneld_verdict_code(enum tunneld_verdict v)
{
	if ((unsigned)v >= TUNNELD_VERDICT_MAX)
		return 537;
	return verdict_codes[v];
}

const char *
tunneld_verdict_name(enum tunneld_verdict v)
{
	if ((unsigned)v >= TUNNELD_VERDICT_MAX)
		return "unknown";
	return tunneld_verdict_names[v];
}

/*
 * 3620 7 (spec 11.9): TUNNEL is never offered once TLS is up, unless the
 * operator chose the documented deviation (Vortex behaves so).
 */
bool
tunneld_tunnel_offered(const struct tunneld_conf *c, bool tls_active)
{
	return !tls_active || c->deviation[TUNNELD_DEV_TUNNEL_AFTER_TLS];
}

/* PLAIN exposes a reusable secret: only inside TLS. */
bool
tunneld_sasl_offered(const struct tunneld_conf *c, enum tunneld_sasl s,
    bool tls_active)
{
	switch (s) {
	case TUNNELD_SASL_SCRAM_SHA_256:
		return true;
	case TUNNELD_SASL_PLAIN:
		return c->sasl[s] && tls_active;
	case TUNNELD_SASL_ANONYMOUS:
		return c->sasl[s];
	default:
		return false;
	}
}

/* ---- limits ------------------------------------------------------------ */

void
tunneld_usage_init(struct tunneld_usage *u)
{
	u->total = 0;
	TAILQ_INIT(&u->users);
}

void
tunneld_usage_fini(struct tunneld_usage *u)
{
	struct tunneld_user_count	*n;

	while ((n = TAILQ_FIRST(&u->users)) != NULL) {
		TAILQ_REMOVE(&u->users, n, entry);
		free(n);
	}
	u->total = 0;
}

static struct tunneld_user_count *
usage_find(const struct tunneld_usage *u, const char *user)
{
	struct tunneld_user_count	*n;

	TAILQ_FOREACH(n, &u->users, entry)
		if (strcmp(n->user, user) == 0)
			return n;
	return NULL;
}

unsigned
tunneld_usage_count(const struct tunneld_usage *u, const char *user)
{
	const struct tunneld_user_count	*n = usage_find(u, user);

	return n != NULL ? n->n : 0;
}

int
tunneld_usage_inc(struct tunneld_usage *u, const char *user)
{
	struct tunneld_user_count	*n;
	size_t				 len;

	if ((n = usage_find(u, user)) == NULL) {
		len = strlen(user) + 1;
		if ((n = malloc(sizeof(*n) + len)) == NULL)
			return -1;
		n->n = 0;
		memcpy(n->user, user, len);
		TAILQ_INSERT_TAIL(&u->users, n, entry);
	}
	n->n++;
	u->total++;
	return 0;
}

/* A user with no tunnel left is forgotten: the list holds active users. */
void
tunneld_usage_dec(struct tunneld_usage *u, const char *user)
{
	struct tunneld_user_count	*n;

	if ((n = usage_find(u, user)) == NULL || n->n == 0)
		return;
	u->total--;
	if (--n->n == 0) {
		TAILQ_REMOVE(&u->users, n, entry);
		free(n);
	}
}

unsigned
tunneld_limit_check(const struct tunneld_conf *c,
    const struct tunneld_usage *u, const char *user)
{
	if (u->total >= c->tunnels)
		return CODE_NO_RESOURCES;
	if (tunneld_usage_count(u, user) >= c->tunnels_per_user)
		return CODE_POLICY;
	return 0;
}

unsigned
tunneld_hops_check(const struct tunneld_conf *c, size_t nhops)
{
	return nhops > c->hops ? CODE_POLICY : 0;
}

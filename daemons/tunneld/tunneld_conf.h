/*
 * DOC: tunneld's configuration and authorization policy. tunneld is
 * okapi's BEEP TUNNEL (RFC 3620) proxy on TCP 604, the one network-facing
 * door, so its policy is deny by default and its configuration strict.
 *
 * conf.c declares the configuration commands on lib/vty (all in CONFIG
 * mode) and writes them back for "show running-config"; it fills a
 * struct tunneld_conf, which must be the ctx given to vty_server_new():
 *
 *	conf = tunneld_conf_new();
 *	vs = vty_server_new(base, &opts, conf);
 *	tunneld_conf_install(vs);
 *	vty_server_load(vs, path, err, sizeof(err));
 *	tunneld_conf_check(conf, err, sizeof(err));
 *
 * policy.c is pure (no vty, no I/O): SCRAM verifier syntax, user and
 * endpoint lookup, the authorization of one tunnel request, limits and
 * the usage counters behind them. The daemon asks it, for each request:
 * tunneld_limit_check(), tunneld_hops_check(), tunneld_authorize(), then
 * tunneld_target_endpoint() for where to dial, and counts with
 * tunneld_usage_inc()/_dec().
 */
#ifndef OKAPI_TUNNELD_CONF_H
#define OKAPI_TUNNELD_CONF_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

struct buf;
struct vty_server;

#define TUNNELD_PORT		604	/* IANA, RFC 3620 */
#define TUNNELD_NAME_MAX	64	/* user and endpoint names, with NUL */
#define TUNNELD_HOST_MAX	254	/* an fqdn, with NUL */
#define TUNNELD_URI_MAX		256	/* a profile URI, with NUL */
/* The deepest nesting lib/beep parses (BEEP_TUNNEL_HOPS_MAX). */
#define TUNNELD_HOPS_MAX	16

#define TUNNELD_DEF_HOPS	8
#define TUNNELD_DEF_TUNNELS	256
#define TUNNELD_DEF_PER_USER	16
#define TUNNELD_DEF_SETUP	10	/* seconds */
#define TUNNELD_DEF_IDLE	3600	/* seconds; 0: none */

/* SCRAM-SHA-256 verifiers (RFC 7677, the PostgreSQL text form). */
#define TUNNELD_SCRAM_PREFIX	"SCRAM-SHA-256$"
#define TUNNELD_SCRAM_ITER_MIN	4096	/* RFC 7677 4 */
#define TUNNELD_SCRAM_ITER_MAX	10000000
#define TUNNELD_SCRAM_SALT_MIN	8
#define TUNNELD_SCRAM_SALT_MAX	64
#define TUNNELD_SCRAM_KEY_LEN	32	/* SHA-256 */

/* The name ANONYMOUS sessions carry for the rules. */
#define TUNNELD_USER_ANONYMOUS	"anonymous"

struct tunneld_ip {
	int			 af;	/* AF_INET, AF_INET6 */
	union {
		struct in_addr	 v4;
		struct in6_addr	 v6;
	} u;
};

struct tunneld_listen {
	TAILQ_ENTRY(tunneld_listen) entry;
	struct tunneld_ip	 addr;
	uint16_t		 port;
};

struct tunneld_user {
	TAILQ_ENTRY(tunneld_user) entry;
	char			 name[TUNNELD_NAME_MAX];
	char			*verifier;	/* SCRAM-SHA-256$... */
};

enum tunneld_ep_kind {
	TUNNELD_EP_RAW,		/* not BEEP: ok once TCP is up (3620 4 #5) */
	TUNNELD_EP_BEEP,	/* a BEEP peer offering TUNNEL: <tunnel/> */
	TUNNELD_EP_LOCAL,	/* this tunneld is the destination (4 #1) */
	TUNNELD_EP_TLS,		/* not BEEP, behind our TLS: ok, then we are
				   the TLS server and pipe the clear bytes */
	TUNNELD_EP_MAX,
};

struct tunneld_endpoint {
	TAILQ_ENTRY(tunneld_endpoint) entry;
	char			 name[TUNNELD_NAME_MAX];
	enum tunneld_ep_kind	 kind;
	struct tunneld_ip	 addr;		/* not for LOCAL */
	uint16_t		 port;
};

struct tunneld_profile_map {
	TAILQ_ENTRY(tunneld_profile_map) entry;
	char			 uri[TUNNELD_URI_MAX];
	char			 endpoint[TUNNELD_NAME_MAX];
};

enum tunneld_rule_kind {
	TUNNELD_RULE_ENDPOINT,	/* endpoint NAME */
	TUNNELD_RULE_ENDPOINT_ANY, /* endpoint any: every configured one */
	TUNNELD_RULE_ADDRESS,	/* address PREFIX [port P[-Q]] */
	TUNNELD_RULE_HOST,	/* host FQDN [port P[-Q]] */
};

struct tunneld_rule {
	TAILQ_ENTRY(tunneld_rule) entry;
	bool			 permit;
	enum tunneld_rule_kind	 kind;
	char			 user[TUNNELD_NAME_MAX];
	char			 name[TUNNELD_HOST_MAX]; /* endpoint, host */
	int			 af;		/* ADDRESS */
	struct prefix4		 p4;
	struct prefix6		 p6;
	bool			 has_port;	/* else any port */
	uint16_t		 port_lo;
	uint16_t		 port_hi;
};

/* Documented departures from RFC 3620, each off by default. */
enum tunneld_deviation {
	/* Offer TUNNEL after TLS too (3620 7 leaves it undefined). */
	TUNNELD_DEV_TUNNEL_AFTER_TLS,
	TUNNELD_DEV_MAX,
};

enum tunneld_sasl {
	TUNNELD_SASL_SCRAM_SHA_256,	/* always */
	TUNNELD_SASL_PLAIN,		/* "sasl plain": inside TLS only */
	TUNNELD_SASL_ANONYMOUS,		/* "sasl anonymous" */
	TUNNELD_SASL_MAX,
};

struct tunneld_conf {
	TAILQ_HEAD(, tunneld_listen)	 listens;  /* empty: 0.0.0.0 604 */
	TAILQ_HEAD(, tunneld_user)	 users;
	TAILQ_HEAD(, tunneld_endpoint)	 endpoints;
	TAILQ_HEAD(, tunneld_profile_map) profile_maps;
	TAILQ_HEAD(, tunneld_rule)	 rules;	/* in order: first match */
	bool				 source_routing;
	unsigned			 hops;
	unsigned			 tunnels;
	unsigned			 tunnels_per_user;
	unsigned			 timeout_setup;
	unsigned			 timeout_idle;
	char				*tls_cert;	/* NULL: no TLS */
	char				*tls_key;
	char				*tls_ca;	/* optional */
	char				 upstream_user[TUNNELD_NAME_MAX];
	char				*upstream_password_file; /* NULL: none */
	bool				 deviation[TUNNELD_DEV_MAX];
	bool				 sasl[TUNNELD_SASL_MAX];
};

/* What a tunnel element asks for, as the daemon read it. */
enum tunneld_target_kind {
	TUNNELD_TGT_LOCAL,	/* <tunnel/>: this tunneld itself */
	TUNNELD_TGT_ENDPOINT,	/* endpoint='NAME' */
	TUNNELD_TGT_PROFILE,	/* profile='URI' */
	TUNNELD_TGT_ADDRESS,	/* ip4= or ip6= with port= */
	TUNNELD_TGT_HOST,	/* fqdn= with port= and/or srv= */
};

struct tunneld_target {
	enum tunneld_target_kind kind;
	const char		*name;	/* name, URI, literal or fqdn */
	uint16_t		 port;	/* ADDRESS, HOST; 0: from SRV */
};

enum tunneld_verdict {
	TUNNELD_ALLOW,
	TUNNELD_DENY,			/* 537 */
	TUNNELD_NO_SOURCE_ROUTING,	/* 537, and nothing is dialled */
	TUNNELD_UNKNOWN_ENDPOINT,	/* 550: no such name or mapping */
	TUNNELD_BAD_TARGET,		/* 553: not an address literal */
	TUNNELD_VERDICT_MAX,
};

/* Per-user counts of open tunnels (setting up or piping). */
struct tunneld_user_count {
	TAILQ_ENTRY(tunneld_user_count) entry;
	unsigned		 n;
	char			 user[];
};

struct tunneld_usage {
	unsigned			 total;
	TAILQ_HEAD(, tunneld_user_count) users;
};

/* conf.c */
struct tunneld_conf *tunneld_conf_new(void);
void		 tunneld_conf_free(struct tunneld_conf *);
/* Commands into CONFIG and the writer; the server's ctx is the conf. */
int		 tunneld_conf_install(struct vty_server *);
void		 tunneld_conf_write(struct buf *, const struct tunneld_conf *);
/*
 * The whole configuration, once loaded: 0, or -1 with the first problem
 * in err. tunneld refuses to start on -1.
 */
int		 tunneld_conf_check(const struct tunneld_conf *, char *err,
		    size_t errlen);

/* policy.c */
extern const char *const tunneld_ep_kind_names[TUNNELD_EP_MAX];
extern const char *const tunneld_deviation_names[TUNNELD_DEV_MAX];
extern const char *const tunneld_sasl_names[TUNNELD_SASL_MAX];
extern const char *const tunneld_verdict_names[TUNNELD_VERDICT_MAX];
/*
 * The syntax of a stored verifier, strictly:
 * SCRAM-SHA-256$<iter>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
 * with iter >= 4096, a salt of 8..64 bytes and 32-byte keys. 0, or -1
 * with what is wrong in err ("salt is not base64").
 */
int		 tunneld_verifier_check(const char *, char *err,
		    size_t errlen);
const struct tunneld_user *tunneld_user_find(const struct tunneld_conf *,
		    const char *name);
/* The verifier for the SASL layer; NULL: no such user. */
const char	*tunneld_user_verifier(const struct tunneld_conf *,
		    const char *user);
const struct tunneld_endpoint *tunneld_endpoint_find(
		    const struct tunneld_conf *, const char *name);
/* The first endpoint of kind LOCAL, for an empty <tunnel/>. */
const struct tunneld_endpoint *tunneld_endpoint_local(
		    const struct tunneld_conf *);
const struct tunneld_profile_map *tunneld_profile_find(
		    const struct tunneld_conf *, const char *uri);
/* The name of the endpoint serving a profile URI, or NULL. */
const char	*tunneld_profile_endpoint(const struct tunneld_conf *,
		    const char *uri);
/* The endpoint a LOCAL, ENDPOINT or PROFILE target names, or NULL. */
const struct tunneld_endpoint *tunneld_target_endpoint(
		    const struct tunneld_conf *, const struct tunneld_target *);
/*
 * May user (an authenticated SASL identity, or "anonymous") open a tunnel
 * to target? The rules in order, the first match decides; none: DENY.
 * Endpoint targets (LOCAL, ENDPOINT, PROFILE through its map) match only
 * endpoint rules, address targets only address rules and fqdn targets
 * only host rules (names are compared, never resolved). Address and fqdn
 * targets get NO_SOURCE_ROUTING without "source-routing", whatever the
 * user, so that answers reveal nothing about the far side (3620 7).
 */
enum tunneld_verdict tunneld_authorize(const struct tunneld_conf *,
		    const char *user, const struct tunneld_target *);
/* The reply code of the error answering a verdict; ALLOW: 0. */
unsigned	 tunneld_verdict_code(enum tunneld_verdict);
const char	*tunneld_verdict_name(enum tunneld_verdict);
/* May this be offered in a greeting, before or after TLS (3620 7)? */
bool		 tunneld_tunnel_offered(const struct tunneld_conf *,
		    bool tls_active);
bool		 tunneld_sasl_offered(const struct tunneld_conf *,
		    enum tunneld_sasl, bool tls_active);
void		 tunneld_usage_init(struct tunneld_usage *);
void		 tunneld_usage_fini(struct tunneld_usage *);
unsigned	 tunneld_usage_count(const struct tunneld_usage *,
		    const char *user);
/* -1 when out of memory; nothing is counted then. */
int		 tunneld_usage_inc(struct tunneld_usage *, const char *user);
void		 tunneld_usage_dec(struct tunneld_usage *, const char *user);
/*
 * May user open one more tunnel? 0, or the reply code: 421 when tunneld
 * holds "limit tunnels" already (it is out of resources), 554 when this
 * user holds "limit tunnels-per-user" (a policy the user hit, while the
 * proxy could serve others: 421 would wrongly say it is overloaded).
 */
unsigned	 tunneld_limit_check(const struct tunneld_conf *,
		    const struct tunneld_usage *, const char *user);
/* A request of nhops nested tunnel elements: 0, or 554 past "limit hops". */
unsigned	 tunneld_hops_check(const struct tunneld_conf *, size_t nhops);

#endif

/*
 * DOC: sasl: the SASL mechanics behind the BEEP SASL profile family
 * (RFC 3080 4, spec digest section 10), on raw octets: the <blob>
 * element and its base64 are mgmt.h's business. No sockets, no event
 * loop, no globals; GNU SASL (libgsasl) runs the mechanisms, OpenSSL
 * does the verifier arithmetic.
 *
 * Stored verifiers. Passwords are never stored: a user's secret is a
 * SCRAM-SHA-256 verifier in the PostgreSQL text form
 *
 *   SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
 *
 * with RFC 5802 3 / RFC 7677 arithmetic: SaltedPassword =
 * PBKDF2-HMAC-SHA-256(SASLprep(password), salt, iterations), ClientKey =
 * HMAC(SaltedPassword, "Client Key"), StoredKey = SHA-256(ClientKey),
 * ServerKey = HMAC(SaltedPassword, "Server Key"). We make 16-octet
 * random salts and 4096 iterations unless told more. The parser is
 * strict: the exact prefix, a decimal count without leading zero from
 * BEEP_SCRAM_ITER_MIN to BEEP_SCRAM_ITER_MAX, canonical padded base64
 * (no whitespace, unused bits zero), a salt of 8 to 64 octets, keys of
 * exactly 32 octets, nothing after.
 *
 * Mechanisms, server side:
 *
 *   SCRAM-SHA-256  the verifier's salt, count and keys are handed to
 *                  gsasl (properties GSASL_SCRAM_ITER: decimal;
 *                  GSASL_SCRAM_SALT, _STOREDKEY, _SERVERKEY: base64;
 *                  gsasl.h says "hex-encoded" for the keys, but 2.2.0
 *                  base64-decodes them and refuses hex as a bad proof),
 *                  so the server never needs a password;
 *   PLAIN          (RFC 4616) checked against the same verifier, in
 *                  constant time; only with cfg.allow_plain, which the
 *                  caller sets when TLS is active;
 *   ANONYMOUS      (RFC 4505) only with cfg.allow_anonymous.
 *
 * beep_sasl_server_new() refuses any other mechanism with a reply code
 * (RFC 3080 8): 538 PLAIN without allow_plain ("mechanism requires
 * encryption"), 534 ANONYMOUS not allowed and mechanisms we know but
 * deem too weak (SCRAM-SHA-1, CRAM-MD5, DIGEST-MD5, LOGIN), 504 any
 * other (SCRAM-SHA-256-PLUS included: no channel binding here).
 *
 * The exchange. Each client message goes to beep_sasl_server_step();
 * empty input at the first step means "no initial response" and is
 * answered with an empty challenge (CONTINUE). CONTINUE: out holds the
 * challenge, send <blob>; DONE: authenticated, out holds the final
 * server data if any (SCRAM's server-final-message), send <blob
 * status='complete'>; FAIL: *code is the <error> code:
 *
 *   535  bad credentials, whatever the reason: an unknown user, a wrong
 *        password, a bad proof or nonce. An unknown user looks like a
 *        known one with a wrong password: SCRAM gets a server-first
 *        message with a salt fabricated as HMAC(per-context random key,
 *        user name), stable for the context's life, and the count
 *        cfg.unknown_iterations (0: 4096), then fails at the proof;
 *        PLAIN runs the same PBKDF2 against fabricated keys;
 *   537  an authorization identity that is neither empty nor the
 *        authentication identity: we do not act on behalf of others;
 *   501  malformed input (unparsable, bad base64 inside SCRAM, a user
 *        name SASLprep refuses in PLAIN, over BEEP_SASL_DATA_MAX
 *        octets), or a step after the exchange ended;
 *   534  more than BEEP_SASL_ROUNDS_MAX steps ("sequence exhausted");
 *   454  a local failure (memory, gsasl).
 *
 * beep_sasl_server_why() has a short text for the <error> element, the
 * same for every 535 so that it tells nothing either. After DONE,
 * beep_sasl_server_user() is the identity the lookup callback accepted;
 * NULL for ANONYMOUS, whose trace token beep_sasl_server_trace() gives.
 *
 * Client side. beep_sasl_client_start() gives the initial response to
 * piggyback on <start>. Each server blob's content, the final 'complete'
 * one included (empty or not), goes to beep_sasl_client_step(). DONE
 * means the exchange is over from our side: for SCRAM only once the
 * server's signature checked out, so a server without the user's keys
 * is caught (FAIL 535); trust a server's 'complete' only with DONE.
 * The client refuses a SCRAM count below BEEP_SCRAM_ITER_MIN (534) or
 * above BEEP_SCRAM_ITER_MAX (501, it would burn our CPU). If the server
 * asked first, with an empty challenge, beep_sasl_client_step() with
 * that empty input starts the exchange. ANONYMOUS takes the trace token
 * as user ("anonymous" if NULL). Choosing PLAIN only over TLS is the
 * caller's business.
 *
 * Output is appended to the caller's struct buf.
 */
#ifndef OKAPI_BEEP_SASL_H
#define OKAPI_BEEP_SASL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define BEEP_SCRAM_ITER_DEFAULT	4096
#define BEEP_SCRAM_ITER_MIN	4096	/* RFC 7677 4: at least 4096 */
#define BEEP_SCRAM_ITER_MAX	10000000
#define BEEP_SCRAM_SALT_LEN	16	/* what we make */
#define BEEP_SCRAM_SALT_MIN	8	/* what we accept */
#define BEEP_SCRAM_SALT_MAX	64
#define BEEP_SCRAM_KEY_LEN	32	/* SHA-256 */
#define BEEP_SCRAM_VERIFIER_MAX	256	/* the text form, NUL included */
#define BEEP_SASL_DATA_MAX	4096	/* octets in one step's input */
#define BEEP_SASL_ROUNDS_MAX	8	/* steps in one exchange */

struct beep_scram_verifier {
	unsigned int	 iterations;
	uint8_t		 salt[BEEP_SCRAM_SALT_MAX];
	size_t		 saltlen;
	uint8_t		 stored_key[BEEP_SCRAM_KEY_LEN];
	uint8_t		 server_key[BEEP_SCRAM_KEY_LEN];
};

enum beep_sasl_step {
	BEEP_SASL_CONTINUE,		/* out holds the next message */
	BEEP_SASL_DONE,			/* over, successfully */
	BEEP_SASL_FAIL,			/* over; *code says why */
	BEEP_SASL_STEP_MAX
};

struct beep_sasl_ctx;
struct beep_sasl_server;
struct beep_sasl_client;

struct beep_sasl_server_cfg {
	/*
	 * The stored verifier of user, NULL if unknown. It is parsed at
	 * once and not kept. One that does not parse is logged and the
	 * user treated as unknown.
	 */
	const char	*(*lookup)(void *arg, const char *user);
	void		*arg;
	bool		 allow_plain;		/* set only under TLS */
	bool		 allow_anonymous;
	unsigned int	 unknown_iterations;	/* 0: BEEP_SCRAM_ITER_DEFAULT */
};

/* sasl.c */
const char	*beep_sasl_step_name(enum beep_sasl_step);

/*
 * 0 and the verifier in out, or -1: iterations 1..4095 or above the
 * maximum (0 means the default), an empty password or one SASLprep
 * refuses, out too small (BEEP_SCRAM_VERIFIER_MAX is always enough),
 * no randomness.
 */
int		 beep_scram_verifier_make(const char *password,
		    unsigned int iterations, char *out, size_t outlen);
/* The same with a given salt, for tests and migrations. */
int		 beep_scram_verifier_derive(const char *password,
		    unsigned int iterations, const uint8_t *salt,
		    size_t saltlen, char *out, size_t outlen);
/* 0, or -1 with the reason in err (which may be NULL). */
int		 beep_scram_verifier_parse(struct beep_scram_verifier *,
		    const char *s, char *err, size_t errlen);
/* Whether password matches, compared in constant time. */
bool		 beep_scram_verifier_check(const struct beep_scram_verifier *,
		    const char *password);

struct beep_sasl_ctx *beep_sasl_ctx_new(char *err, size_t errlen);
void		 beep_sasl_ctx_free(struct beep_sasl_ctx *);

/* NULL with the reply code in *code if the mechanism is refused. */
struct beep_sasl_server *beep_sasl_server_new(struct beep_sasl_ctx *,
		    const char *mechanism, const struct beep_sasl_server_cfg *,
		    unsigned int *code);
void		 beep_sasl_server_free(struct beep_sasl_server *);
enum beep_sasl_step beep_sasl_server_step(struct beep_sasl_server *,
		    const uint8_t *in, size_t inlen, struct buf *out,
		    unsigned int *code);
const char	*beep_sasl_server_user(const struct beep_sasl_server *);
const char	*beep_sasl_server_attempt(const struct beep_sasl_server *);
const char	*beep_sasl_server_trace(const struct beep_sasl_server *);
const char	*beep_sasl_server_why(const struct beep_sasl_server *);

/* NULL for a mechanism other than the three, or missing credentials. */
struct beep_sasl_client *beep_sasl_client_new(struct beep_sasl_ctx *,
		    const char *mechanism, const char *user,
		    const char *password);
void		 beep_sasl_client_free(struct beep_sasl_client *);
enum beep_sasl_step beep_sasl_client_start(struct beep_sasl_client *,
		    struct buf *out, unsigned int *code);
enum beep_sasl_step beep_sasl_client_step(struct beep_sasl_client *,
		    const uint8_t *in, size_t inlen, struct buf *out,
		    unsigned int *code);
const char	*beep_sasl_client_why(const struct beep_sasl_client *);

#endif

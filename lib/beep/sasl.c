/*
 * DOC: sasl: SCRAM-SHA-256 verifiers and the server and client ends of
 * a SASL exchange for the BEEP SASL profiles (RFC 3080 4). See sasl.h
 * for the contract and the reply codes.
 *
 * A context owns one Gsasl handle and a random key for fabricating the
 * secrets of unknown users. Each server or client owns one gsasl
 * session. gsasl asks for what it lacks through one callback; the
 * session hook leads it back to our server object, the callback hook to
 * the context. Clients set every property up front and answer nothing.
 *
 * The server callback cannot stop gsasl (gsasl_property_get() ignores
 * what it returns), so a decision taken there (537, or 454 when out of
 * memory) is kept in srv->refuse and applied once gsasl_step() returns.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsasl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "b64.h"
#include "buf.h"
#include "log.h"
#include "sasl.h"

#define SCRAM_PREFIX		"SCRAM-SHA-256$"
#define B64_LEN(n)		(((n) + 2) / 3 * 4)	/* without the NUL */
#define SASL_USER_MAX		1020	/* RFC 4616: 255 UTF-8 characters */
#define SASL_TRACE_MAX		1020	/* RFC 4505 token, likewise */
#define SASL_FAKE_KEY_LEN	32

static const char *const beep_sasl_step_names[BEEP_SASL_STEP_MAX] = {
	[BEEP_SASL_CONTINUE] = "continue",
	[BEEP_SASL_DONE] = "done",
	[BEEP_SASL_FAIL] = "fail",
};

enum sasl_mech {
	SASL_MECH_SCRAM_SHA256,
	SASL_MECH_PLAIN,
	SASL_MECH_ANONYMOUS,
	SASL_MECH_MAX
};

static const char *const sasl_mech_names[SASL_MECH_MAX] = {
	[SASL_MECH_SCRAM_SHA256] = "SCRAM-SHA-256",
	[SASL_MECH_PLAIN] = "PLAIN",
	[SASL_MECH_ANONYMOUS] = "ANONYMOUS",
};

/* Known, but we will not run them: 534 rather than 504. */
static const char *const sasl_mech_weak[] = {
	"SCRAM-SHA-1", "CRAM-MD5", "DIGEST-MD5", "LOGIN",
};

/* Texts for why(); every credential failure shares one. */
#define WHY_CREDENTIALS		"authentication failed"
#define WHY_AUTHZID		"authorization identity not allowed"
#define WHY_MALFORMED		"malformed SASL data"
#define WHY_TOO_LONG		"SASL data too long"
#define WHY_ROUNDS		"too many SASL rounds"
#define WHY_OVER		"SASL exchange already over"
#define WHY_LOCAL		"local error"
#define WHY_SERVER		"server not authenticated"
#define WHY_WEAK		"SCRAM iteration count too low"
#define WHY_HIGH		"SCRAM iteration count too high"

struct beep_sasl_ctx {
	Gsasl		*gsasl;
	uint8_t		 fake_key[SASL_FAKE_KEY_LEN];
};

enum sasl_state {
	SASL_ST_NEW,		/* client: nothing sent yet */
	SASL_ST_RUNNING,
	SASL_ST_SENT_LAST,	/* client: gsasl done, awaiting 'complete' */
	SASL_ST_DONE,
	SASL_ST_FAILED,
};

struct beep_sasl_server {
	struct beep_sasl_ctx		*ctx;
	Gsasl_session			*session;
	enum sasl_mech			 mech;
	struct beep_sasl_server_cfg	 cfg;
	enum sasl_state			 state;
	unsigned int			 rounds;
	unsigned int			 refuse;	/* code decided in callback */
	bool				 resolved;	/* SCRAM secrets handed over */
	bool				 fabricated;	/* ... for an unknown user */
	char				*user;		/* as the lookup accepted */
	char				*trace;		/* ANONYMOUS */
	char				 tried[64];	/* the name asked, for logs */
	const char			*why;
};

struct beep_sasl_client {
	struct beep_sasl_ctx	*ctx;
	Gsasl_session		*session;
	enum sasl_mech		 mech;
	enum sasl_state		 state;
	unsigned int		 rounds;
	bool			 scram_first;	/* server-first seen */
	const char		*why;
};

const char *
beep_sasl_step_name(enum beep_sasl_step s)
{
	if ((unsigned int)s >= BEEP_SASL_STEP_MAX)
		return "unknown";
	return beep_sasl_step_names[s];
}

static void
sasl_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static enum sasl_mech
sasl_mech_find(const char *name)
{
	enum sasl_mech	 m;

	if (name == NULL)
		return SASL_MECH_MAX;
	for (m = 0; m < SASL_MECH_MAX; m++)
		if (strcmp(name, sasl_mech_names[m]) == 0)
			return m;
	return SASL_MECH_MAX;
}

/* ---- base64, canonical only ------------------------------------------ */

/* out must hold B64_LEN(len) + 1 octets. */
static void
b64_encode(const uint8_t *p, size_t len, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, p, (int)len);
}

/* ---- verifiers ------------------------------------------------------- */

static bool
sasl_hmac(const uint8_t *key, size_t keylen, const void *msg, size_t len,
    uint8_t out[BEEP_SCRAM_KEY_LEN])
{
	unsigned int	 outlen = BEEP_SCRAM_KEY_LEN;

	return HMAC(EVP_sha256(), key, (int)keylen, msg, len, out,
	    &outlen) != NULL && outlen == BEEP_SCRAM_KEY_LEN;
}

/* StoredKey and ServerKey of password (RFC 5802 3). */
static bool
scram_keys(const char *password, const uint8_t *salt, size_t saltlen,
    unsigned int iterations, uint8_t stored[BEEP_SCRAM_KEY_LEN],
    uint8_t server[BEEP_SCRAM_KEY_LEN])
{
	uint8_t		 salted[BEEP_SCRAM_KEY_LEN];
	uint8_t		 client[BEEP_SCRAM_KEY_LEN];
	char		*prep = NULL;
	bool		 ok;

	/* The same normalization the gsasl client applies. */
	if (password == NULL ||
	    gsasl_saslprep(password, 0, &prep, NULL) != GSASL_OK)
		return false;
	ok = *prep != '\0' &&
	    PKCS5_PBKDF2_HMAC(prep, (int)strlen(prep), salt, (int)saltlen,
	    (int)iterations, EVP_sha256(), sizeof(salted), salted) == 1 &&
	    sasl_hmac(salted, sizeof(salted), "Client Key", 10, client) &&
	    SHA256(client, sizeof(client), stored) != NULL &&
	    sasl_hmac(salted, sizeof(salted), "Server Key", 10, server);
	OPENSSL_cleanse(prep, strlen(prep));
	gsasl_free(prep);
	OPENSSL_cleanse(salted, sizeof(salted));
	OPENSSL_cleanse(client, sizeof(client));
	return ok;
}

static int
scram_verifier_print(const struct beep_scram_verifier *v, char *out,
    size_t outlen)
{
	char	 salt[B64_LEN(BEEP_SCRAM_SALT_MAX) + 1];
	char	 stored[B64_LEN(BEEP_SCRAM_KEY_LEN) + 1];
	char	 server[B64_LEN(BEEP_SCRAM_KEY_LEN) + 1];
	int	 n;

	b64_encode(v->salt, v->saltlen, salt);
	b64_encode(v->stored_key, BEEP_SCRAM_KEY_LEN, stored);
	b64_encode(v->server_key, BEEP_SCRAM_KEY_LEN, server);
	n = snprintf(out, outlen, SCRAM_PREFIX "%u:%s$%s:%s", v->iterations,
	    salt, stored, server);
	OPENSSL_cleanse(stored, sizeof(stored));
	OPENSSL_cleanse(server, sizeof(server));
	if (n < 0 || (size_t)n >= outlen) {
		if (outlen > 0)
			OPENSSL_cleanse(out, outlen);
		return -1;
	}
	return 0;
}

int
beep_scram_verifier_derive(const char *password, unsigned int iterations,
    const uint8_t *salt, size_t saltlen, char *out, size_t outlen)
{
	struct beep_scram_verifier	 v;
	int				 rc = -1;

	if (iterations == 0)
		iterations = BEEP_SCRAM_ITER_DEFAULT;
	if (iterations < BEEP_SCRAM_ITER_MIN ||
	    iterations > BEEP_SCRAM_ITER_MAX ||
	    saltlen < BEEP_SCRAM_SALT_MIN || saltlen > BEEP_SCRAM_SALT_MAX)
		return -1;
	memset(&v, 0, sizeof(v));
	v.iterations = iterations;
	memcpy(v.salt, salt, saltlen);
	v.saltlen = saltlen;
	if (scram_keys(password, salt, saltlen, iterations, v.stored_key,
	    v.server_key))
		rc = scram_verifier_print(&v, out, outlen);
	OPENSSL_cleanse(&v, sizeof(v));
	return rc;
}

int
beep_scram_verifier_make(const char *password, unsigned int iterations,
    char *out, size_t outlen)
{
	uint8_t	 salt[BEEP_SCRAM_SALT_LEN];

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -1;
	return beep_scram_verifier_derive(password, iterations, salt,
	    sizeof(salt), out, outlen);
}

/* The base64 field s[0..len), min to max octets once decoded. */
static bool
scram_field(const char *s, size_t len, uint8_t *out, size_t min,
    size_t max, size_t *outlen)
{
	size_t	 n;

	if (!b64_decode_strict(s, len, out, max, &n) || n < min)
		return false;
	if (outlen != NULL)
		*outlen = n;
	return true;
}

int
beep_scram_verifier_parse(struct beep_scram_verifier *v, const char *s,
    char *err, size_t errlen)
{
	const char	*p, *sep;
	unsigned long	 iter = 0;

	memset(v, 0, sizeof(*v));
	if (s == NULL || strnlen(s, BEEP_SCRAM_VERIFIER_MAX) ==
	    BEEP_SCRAM_VERIFIER_MAX) {
		sasl_err(err, errlen, "verifier missing or too long");
		goto bad;
	}
	if (strncmp(s, SCRAM_PREFIX, strlen(SCRAM_PREFIX)) != 0) {
		sasl_err(err, errlen, "not a SCRAM-SHA-256 verifier");
		goto bad;
	}
	p = s + strlen(SCRAM_PREFIX);

	/* iterations: 1*DIGIT, no leading zero */
	for (sep = p; *sep >= '0' && *sep <= '9'; sep++)
		if (sep - p < 9)
			iter = iter * 10 + (unsigned long)(*sep - '0');
	if (sep == p || *sep != ':' || (*p == '0') || sep - p > 8) {
		sasl_err(err, errlen, "bad iteration count");
		goto bad;
	}
	if (iter < BEEP_SCRAM_ITER_MIN || iter > BEEP_SCRAM_ITER_MAX) {
		sasl_err(err, errlen, "iteration count %lu outside %u..%u",
		    iter, BEEP_SCRAM_ITER_MIN, BEEP_SCRAM_ITER_MAX);
		goto bad;
	}
	v->iterations = (unsigned int)iter;
	p = sep + 1;

	if ((sep = strchr(p, '$')) == NULL ||
	    !scram_field(p, (size_t)(sep - p), v->salt, BEEP_SCRAM_SALT_MIN,
	    BEEP_SCRAM_SALT_MAX, &v->saltlen)) {
		sasl_err(err, errlen, "bad salt (base64, %u to %u octets)",
		    BEEP_SCRAM_SALT_MIN, BEEP_SCRAM_SALT_MAX);
		goto bad;
	}
	p = sep + 1;

	if ((sep = strchr(p, ':')) == NULL ||
	    !scram_field(p, (size_t)(sep - p), v->stored_key,
	    BEEP_SCRAM_KEY_LEN, BEEP_SCRAM_KEY_LEN, NULL)) {
		sasl_err(err, errlen, "bad StoredKey (base64, %u octets)",
		    BEEP_SCRAM_KEY_LEN);
		goto bad;
	}
	p = sep + 1;

	if (!scram_field(p, strlen(p), v->server_key, BEEP_SCRAM_KEY_LEN,
	    BEEP_SCRAM_KEY_LEN, NULL)) {
		sasl_err(err, errlen, "bad ServerKey (base64, %u octets)",
		    BEEP_SCRAM_KEY_LEN);
		goto bad;
	}
	return 0;
 bad:
	OPENSSL_cleanse(v, sizeof(*v));
	return -1;
}

bool
beep_scram_verifier_check(const struct beep_scram_verifier *v,
    const char *password)
{
	uint8_t	 stored[BEEP_SCRAM_KEY_LEN], server[BEEP_SCRAM_KEY_LEN];
	bool	 ok;

	if (!scram_keys(password, v->salt, v->saltlen, v->iterations,
	    stored, server))
		return false;
	/* Both, without an early exit between them. */
	ok = (CRYPTO_memcmp(stored, v->stored_key, sizeof(stored)) |
	    CRYPTO_memcmp(server, v->server_key, sizeof(server))) == 0;
	OPENSSL_cleanse(stored, sizeof(stored));
	OPENSSL_cleanse(server, sizeof(server));
	return ok;
}

/* ---- context --------------------------------------------------------- */

static int	sasl_callback(Gsasl *, Gsasl_session *, Gsasl_property);

struct beep_sasl_ctx *
beep_sasl_ctx_new(char *err, size_t errlen)
{
	struct beep_sasl_ctx	*ctx;
	int			 rc;

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
		sasl_err(err, errlen, "out of memory");
		return NULL;
	}
	if ((rc = gsasl_init(&ctx->gsasl)) != GSASL_OK) {
		sasl_err(err, errlen, "gsasl_init: %s", gsasl_strerror(rc));
		free(ctx);
		return NULL;
	}
	if (!gsasl_server_support_p(ctx->gsasl, "SCRAM-SHA-256") ||
	    !gsasl_client_support_p(ctx->gsasl, "SCRAM-SHA-256")) {
		sasl_err(err, errlen, "gsasl lacks SCRAM-SHA-256");
		goto fail;
	}
	if (RAND_bytes(ctx->fake_key, sizeof(ctx->fake_key)) != 1) {
		sasl_err(err, errlen, "no randomness");
		goto fail;
	}
	gsasl_callback_set(ctx->gsasl, sasl_callback);
	gsasl_callback_hook_set(ctx->gsasl, ctx);
	return ctx;
 fail:
	gsasl_done(ctx->gsasl);
	free(ctx);
	return NULL;
}

void
beep_sasl_ctx_free(struct beep_sasl_ctx *ctx)
{
	if (ctx == NULL)
		return;
	gsasl_done(ctx->gsasl);
	OPENSSL_cleanse(ctx->fake_key, sizeof(ctx->fake_key));
	free(ctx);
}

/* ---- server: what gsasl asks of us ----------------------------------- */

/*
 * RFC 4422 3.4.1: the authorization identity, if any, must be the
 * authentication identity (gsasl's PLAIN fills an empty one in with it).
 */
static bool
server_authzid_ok(struct beep_sasl_server *srv, const char *user)
{
	const char	*authzid;

	authzid = gsasl_property_fast(srv->session, GSASL_AUTHZID);
	if (authzid == NULL || *authzid == '\0' ||
	    (user != NULL && strcmp(authzid, user) == 0))
		return true;
	srv->refuse = 537;
	srv->why = WHY_AUTHZID;
	return false;
}

/* The verifier of a known user, false for an unknown one. */
/* The name a client gave, printable, for log lines only. */
static void
server_note_tried(struct beep_sasl_server *srv, const char *user)
{
	size_t	 i;

	for (i = 0; user[i] != '\0' && i < sizeof(srv->tried) - 1; i++)
		srv->tried[i] = user[i] > 0x20 && user[i] < 0x7f ? user[i] :
		    '?';
	srv->tried[i] = '\0';
}

static bool
server_lookup(struct beep_sasl_server *srv, const char *user,
    struct beep_scram_verifier *v)
{
	const char	*s;
	char		 err[128];

	if (user == NULL || *user == '\0' ||
	    strnlen(user, SASL_USER_MAX + 1) > SASL_USER_MAX)
		return false;
	server_note_tried(srv, user);
	if ((s = srv->cfg.lookup(srv->cfg.arg, user)) == NULL)
		return false;
	if (beep_scram_verifier_parse(v, s, err, sizeof(err)) == -1) {
		log_warnx("%s: user %s: stored verifier refused: %s",
		    __func__, user, err);
		return false;
	}
	free(srv->user);
	if ((srv->user = strdup(user)) == NULL) {
		srv->refuse = 454;
		srv->why = WHY_LOCAL;
		OPENSSL_cleanse(v, sizeof(*v));
		return false;
	}
	return true;
}

/* HMAC(HMAC(context key, label), user): stable per user and context. */
static bool
server_fake(const struct beep_sasl_server *srv, const char *label,
    const char *user, uint8_t out[BEEP_SCRAM_KEY_LEN])
{
	uint8_t	 sub[BEEP_SCRAM_KEY_LEN];
	bool	 ok;

	ok = sasl_hmac(srv->ctx->fake_key, sizeof(srv->ctx->fake_key),
	    label, strlen(label), sub) &&
	    sasl_hmac(sub, sizeof(sub), user, strlen(user), out);
	OPENSSL_cleanse(sub, sizeof(sub));
	return ok;
}

/* Secrets for an unknown user that look like a real user's. */
static void
server_fabricate(struct beep_sasl_server *srv, const char *user,
    struct beep_scram_verifier *v)
{
	uint8_t	 salt[BEEP_SCRAM_KEY_LEN];

	if (user == NULL)
		user = "";
	memset(v, 0, sizeof(*v));
	srv->fabricated = true;
	free(srv->user);
	srv->user = NULL;
	v->iterations = srv->cfg.unknown_iterations ?
	    srv->cfg.unknown_iterations : BEEP_SCRAM_ITER_DEFAULT;
	v->saltlen = BEEP_SCRAM_SALT_LEN;
	if (!server_fake(srv, "salt", user, salt) ||
	    !server_fake(srv, "stored", user, v->stored_key) ||
	    !server_fake(srv, "server", user, v->server_key)) {
		srv->refuse = 454;
		srv->why = WHY_LOCAL;
	}
	memcpy(v->salt, salt, BEEP_SCRAM_SALT_LEN);
}

/*
 * SCRAM, once the client-first message is parsed: the iteration count,
 * salt and keys of the user, all at once, whichever gsasl asks first.
 */
static int
server_scram_secrets(struct beep_sasl_server *srv)
{
	struct beep_scram_verifier	 v;
	const char			*user;
	char				 iter[16];
	char				 salt[B64_LEN(BEEP_SCRAM_SALT_MAX) + 1];
	char				 stored[B64_LEN(BEEP_SCRAM_KEY_LEN) + 1];
	char				 server[B64_LEN(BEEP_SCRAM_KEY_LEN) + 1];
	int				 rc = GSASL_OK;

	if (srv->resolved)
		return GSASL_NO_CALLBACK;
	srv->resolved = true;
	user = gsasl_property_fast(srv->session, GSASL_AUTHID);
	(void)server_authzid_ok(srv, user);
	if (!server_lookup(srv, user, &v))
		server_fabricate(srv, user, &v);

	snprintf(iter, sizeof(iter), "%u", v.iterations);
	b64_encode(v.salt, v.saltlen, salt);
	b64_encode(v.stored_key, sizeof(v.stored_key), stored);
	b64_encode(v.server_key, sizeof(v.server_key), server);
	if (gsasl_property_set(srv->session, GSASL_SCRAM_ITER, iter) != 0 ||
	    gsasl_property_set(srv->session, GSASL_SCRAM_SALT, salt) != 0 ||
	    gsasl_property_set(srv->session, GSASL_SCRAM_STOREDKEY,
	    stored) != 0 ||
	    gsasl_property_set(srv->session, GSASL_SCRAM_SERVERKEY,
	    server) != 0) {
		srv->refuse = 454;
		srv->why = WHY_LOCAL;
		rc = GSASL_MALLOC_ERROR;
	}
	OPENSSL_cleanse(&v, sizeof(v));
	OPENSSL_cleanse(stored, sizeof(stored));
	OPENSSL_cleanse(server, sizeof(server));
	return rc;
}

/* PLAIN: gsasl has parsed and SASLprepped; the password is ours to check. */
static int
server_plain_validate(struct beep_sasl_server *srv)
{
	struct beep_scram_verifier	 v;
	const char			*user, *password;
	bool				 known, ok;

	user = gsasl_property_fast(srv->session, GSASL_AUTHID);
	password = gsasl_property_fast(srv->session, GSASL_PASSWORD);
	if (!server_authzid_ok(srv, user))
		return GSASL_AUTHENTICATION_ERROR;
	if (!(known = server_lookup(srv, user, &v)))
		server_fabricate(srv, user, &v);
	/* An unknown user costs the same PBKDF2 as a known one. */
	ok = beep_scram_verifier_check(&v, password != NULL ? password : "");
	OPENSSL_cleanse(&v, sizeof(v));
	gsasl_property_set(srv->session, GSASL_PASSWORD, NULL);
	return known && ok ? GSASL_OK : GSASL_AUTHENTICATION_ERROR;
}

/* RFC 4505 3: trace text, UTF-8 without control characters, kept. */
static bool
sasl_text_ok(const uint8_t *p, size_t len)
{
	size_t		 i = 0, n, k;
	uint32_t	 c;

	while (i < len) {
		c = p[i];
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return false;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			c &= 0x07;
		} else
			return false;
		if (len - i - 1 < n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			c = c << 6 | (p[i + k] & 0x3f);
		}
		/* overlong forms, surrogates, past U+10FFFF */
		if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
		    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return false;
		i += n + 1;
	}
	return true;
}

static int
server_anonymous_validate(struct beep_sasl_server *srv)
{
	const char	*token;

	token = gsasl_property_fast(srv->session, GSASL_ANONYMOUS_TOKEN);
	if (!srv->cfg.allow_anonymous || token == NULL ||
	    strlen(token) > SASL_TRACE_MAX ||
	    !sasl_text_ok((const uint8_t *)token, strlen(token)))
		return GSASL_AUTHENTICATION_ERROR;
	free(srv->trace);
	if ((srv->trace = strdup(token)) == NULL) {
		srv->refuse = 454;
		srv->why = WHY_LOCAL;
		return GSASL_MALLOC_ERROR;
	}
	return GSASL_OK;
}

static int
sasl_callback(Gsasl *gsasl, Gsasl_session *session, Gsasl_property prop)
{
	struct beep_sasl_ctx	*ctx = gsasl_callback_hook_get(gsasl);
	struct beep_sasl_server	*srv = gsasl_session_hook_get(session);

	/* Clients carry no hook: their properties are all set already. */
	if (srv == NULL || srv->ctx != ctx)
		return GSASL_NO_CALLBACK;
	switch (prop) {
	case GSASL_SCRAM_ITER:
	case GSASL_SCRAM_SALT:
	case GSASL_SCRAM_STOREDKEY:
	case GSASL_SCRAM_SERVERKEY:
		if (srv->mech != SASL_MECH_SCRAM_SHA256)
			return GSASL_NO_CALLBACK;
		return server_scram_secrets(srv);
	case GSASL_VALIDATE_SIMPLE:
		if (srv->mech != SASL_MECH_PLAIN)
			return GSASL_AUTHENTICATION_ERROR;
		return server_plain_validate(srv);
	case GSASL_VALIDATE_ANONYMOUS:
		if (srv->mech != SASL_MECH_ANONYMOUS)
			return GSASL_AUTHENTICATION_ERROR;
		return server_anonymous_validate(srv);
	default:
		/* No password, no channel binding: never. */
		return GSASL_NO_CALLBACK;
	}
}

/* ---- server ---------------------------------------------------------- */

/* The reply code for a failed gsasl_step() (either side). */
static unsigned int
sasl_gsasl_code(int rc)
{
	switch (rc) {
	case GSASL_AUTHENTICATION_ERROR:
		return 535;
	case GSASL_MECHANISM_PARSE_ERROR:
	case GSASL_BASE64_ERROR:
	case GSASL_SASLPREP_ERROR:
	case GSASL_MECHANISM_CALLED_TOO_MANY_TIMES:
		return 501;
	default:
		log_warnx("%s: %s", __func__, gsasl_strerror_name(rc));
		return 454;
	}
}

static const char *
sasl_gsasl_why(int rc, const char *credentials)
{
	switch (sasl_gsasl_code(rc)) {
	case 535:
		return credentials;
	case 501:
		return WHY_MALFORMED;
	default:
		return WHY_LOCAL;
	}
}

struct beep_sasl_server *
beep_sasl_server_new(struct beep_sasl_ctx *ctx, const char *mechanism,
    const struct beep_sasl_server_cfg *cfg, unsigned int *code)
{
	struct beep_sasl_server	*srv;
	enum sasl_mech		 mech;
	size_t			 i;

	*code = 0;
	if ((mech = sasl_mech_find(mechanism)) == SASL_MECH_MAX) {
		*code = 504;
		for (i = 0; mechanism != NULL &&
		    i < sizeof(sasl_mech_weak) / sizeof(sasl_mech_weak[0]); i++)
			if (strcmp(mechanism, sasl_mech_weak[i]) == 0)
				*code = 534;
		return NULL;
	}
	if (mech == SASL_MECH_PLAIN && !cfg->allow_plain) {
		*code = 538;
		return NULL;
	}
	if (mech == SASL_MECH_ANONYMOUS && !cfg->allow_anonymous) {
		*code = 534;
		return NULL;
	}
	if ((mech != SASL_MECH_ANONYMOUS && cfg->lookup == NULL) ||
	    (cfg->unknown_iterations != 0 &&
	    (cfg->unknown_iterations < BEEP_SCRAM_ITER_MIN ||
	    cfg->unknown_iterations > BEEP_SCRAM_ITER_MAX))) {
		*code = 454;	/* our configuration, not the peer's fault */
		return NULL;
	}
	if ((srv = calloc(1, sizeof(*srv))) == NULL) {
		*code = 454;
		return NULL;
	}
	srv->ctx = ctx;
	srv->mech = mech;
	srv->cfg = *cfg;
	srv->state = SASL_ST_RUNNING;
	if (gsasl_server_start(ctx->gsasl, sasl_mech_names[mech],
	    &srv->session) != GSASL_OK) {
		free(srv);
		*code = 454;
		return NULL;
	}
	gsasl_session_hook_set(srv->session, srv);
	gsasl_property_set(srv->session, GSASL_SERVICE, "beep");
	return srv;
}

void
beep_sasl_server_free(struct beep_sasl_server *srv)
{
	if (srv == NULL)
		return;
	gsasl_finish(srv->session);
	free(srv->user);
	free(srv->trace);
	free(srv);
}

static enum beep_sasl_step
server_fail(struct beep_sasl_server *srv, unsigned int *code,
    unsigned int c, const char *why)
{
	srv->state = SASL_ST_FAILED;
	free(srv->user);
	srv->user = NULL;
	*code = c;
	srv->why = why;
	return BEEP_SASL_FAIL;
}

enum beep_sasl_step
beep_sasl_server_step(struct beep_sasl_server *srv, const uint8_t *in,
    size_t inlen, struct buf *out, unsigned int *code)
{
	enum beep_sasl_step	 step;
	char			*o = NULL;
	size_t			 olen = 0;
	int			 rc;

	*code = 0;
	if (srv->state != SASL_ST_RUNNING) {
		/* An identity once established stays: no server_fail(). */
		*code = 501;
		srv->why = WHY_OVER;
		return BEEP_SASL_FAIL;
	}
	if (inlen > BEEP_SASL_DATA_MAX)
		return server_fail(srv, code, 501, WHY_TOO_LONG);
	if (++srv->rounds > BEEP_SASL_ROUNDS_MAX)
		return server_fail(srv, code, 534, WHY_ROUNDS);

	/* No input is no initial response: gsasl wants NULL for that. */
	rc = gsasl_step(srv->session, inlen ? (const char *)in : NULL, inlen,
	    &o, &olen);
	if (srv->refuse)
		step = server_fail(srv, code, srv->refuse, srv->why);
	else if (rc == GSASL_NEEDS_MORE || rc == GSASL_OK) {
		/* A fabricated user cannot succeed; be sure anyway. */
		if (rc == GSASL_OK && srv->mech != SASL_MECH_ANONYMOUS &&
		    (srv->fabricated || srv->user == NULL))
			step = server_fail(srv, code, 535, WHY_CREDENTIALS);
		else if (olen != 0 && !buf_put_bytes(out, o, olen))
			step = server_fail(srv, code, 454, WHY_LOCAL);
		else if (rc == GSASL_OK) {
			srv->state = SASL_ST_DONE;
			step = BEEP_SASL_DONE;
		} else
			step = BEEP_SASL_CONTINUE;
	} else
		step = server_fail(srv, code, sasl_gsasl_code(rc),
		    sasl_gsasl_why(rc, WHY_CREDENTIALS));
	if (o != NULL) {
		OPENSSL_cleanse(o, olen);
		gsasl_free(o);
	}
	return step;
}

const char *
beep_sasl_server_user(const struct beep_sasl_server *srv)
{
	if (srv->state != SASL_ST_DONE)
		return NULL;
	return srv->user;
}

/* The name a client tried, success or not: for logs only, never trusted. */
const char *
beep_sasl_server_attempt(const struct beep_sasl_server *srv)
{
	return srv->tried[0] != '\0' ? srv->tried : NULL;
}

const char *
beep_sasl_server_trace(const struct beep_sasl_server *srv)
{
	if (srv->state != SASL_ST_DONE)
		return NULL;
	return srv->trace;
}

const char *
beep_sasl_server_why(const struct beep_sasl_server *srv)
{
	return srv->why;
}

/* ---- client ---------------------------------------------------------- */

struct beep_sasl_client *
beep_sasl_client_new(struct beep_sasl_ctx *ctx, const char *mechanism,
    const char *user, const char *password)
{
	struct beep_sasl_client	*cl;
	enum sasl_mech		 mech;
	int			 rc;

	if ((mech = sasl_mech_find(mechanism)) == SASL_MECH_MAX)
		return NULL;
	if (mech != SASL_MECH_ANONYMOUS &&
	    (user == NULL || *user == '\0' || password == NULL ||
	    *password == '\0'))
		return NULL;
	if ((cl = calloc(1, sizeof(*cl))) == NULL)
		return NULL;
	cl->ctx = ctx;
	cl->mech = mech;
	cl->state = SASL_ST_NEW;
	if (gsasl_client_start(ctx->gsasl, sasl_mech_names[mech],
	    &cl->session) != GSASL_OK) {
		free(cl);
		return NULL;
	}
	gsasl_property_set(cl->session, GSASL_SERVICE, "beep");
	if (mech == SASL_MECH_ANONYMOUS)
		rc = gsasl_property_set(cl->session, GSASL_ANONYMOUS_TOKEN,
		    user != NULL && *user != '\0' ? user : "anonymous");
	else if ((rc = gsasl_property_set(cl->session, GSASL_AUTHID,
	    user)) == GSASL_OK)
		rc = gsasl_property_set(cl->session, GSASL_PASSWORD, password);
	if (rc != GSASL_OK) {
		beep_sasl_client_free(cl);
		return NULL;
	}
	return cl;
}

void
beep_sasl_client_free(struct beep_sasl_client *cl)
{
	if (cl == NULL)
		return;
	gsasl_finish(cl->session);
	free(cl);
}

static enum beep_sasl_step
client_fail(struct beep_sasl_client *cl, unsigned int *code,
    unsigned int c, const char *why)
{
	cl->state = SASL_ST_FAILED;
	*code = c;
	cl->why = why;
	return BEEP_SASL_FAIL;
}

/*
 * The i= attribute of a SCRAM server-first-message (RFC 5802 7);
 * 0 if missing or not a number, ULONG_MAX past nine digits.
 */
static unsigned long
scram_server_first_iter(const uint8_t *in, size_t inlen)
{
	unsigned long	 v;
	size_t		 i = 0, j, k;

	while (i < inlen) {
		for (j = i; j < inlen && in[j] != ','; j++)
			;
		if (j - i > 2 && in[i] == 'i' && in[i + 1] == '=') {
			if (j - i - 2 > 9)
				return ULONG_MAX;
			for (v = 0, k = i + 2; k < j; k++) {
				if (in[k] < '0' || in[k] > '9')
					return 0;
				v = v * 10 + (unsigned long)(in[k] - '0');
			}
			return v;
		}
		i = j + 1;
	}
	return 0;
}

/* One gsasl step of ours; in is NULL for the initial response. */
static enum beep_sasl_step
client_gsasl_step(struct beep_sasl_client *cl, const uint8_t *in,
    size_t inlen, struct buf *out, unsigned int *code)
{
	enum beep_sasl_step	 step;
	char			*o = NULL;
	size_t			 olen = 0;
	int			 rc;

	rc = gsasl_step(cl->session, (const char *)in, inlen, &o, &olen);
	if (rc != GSASL_NEEDS_MORE && rc != GSASL_OK)
		step = client_fail(cl, code, sasl_gsasl_code(rc),
		    sasl_gsasl_why(rc, WHY_SERVER));
	else if (olen != 0 && !buf_put_bytes(out, o, olen))
		step = client_fail(cl, code, 454, WHY_LOCAL);
	else if (rc == GSASL_NEEDS_MORE) {
		cl->state = SASL_ST_RUNNING;
		step = BEEP_SASL_CONTINUE;
	} else if (in == NULL) {
		/* Said all we had to say at once (PLAIN, ANONYMOUS). */
		cl->state = SASL_ST_SENT_LAST;
		step = BEEP_SASL_CONTINUE;
	} else {
		cl->state = SASL_ST_DONE;
		step = BEEP_SASL_DONE;
	}
	if (o != NULL) {
		OPENSSL_cleanse(o, olen);
		gsasl_free(o);
	}
	return step;
}

enum beep_sasl_step
beep_sasl_client_start(struct beep_sasl_client *cl, struct buf *out,
    unsigned int *code)
{
	*code = 0;
	if (cl->state != SASL_ST_NEW)
		return client_fail(cl, code, 501, WHY_OVER);
	return client_gsasl_step(cl, NULL, 0, out, code);
}

enum beep_sasl_step
beep_sasl_client_step(struct beep_sasl_client *cl, const uint8_t *in,
    size_t inlen, struct buf *out, unsigned int *code)
{
	unsigned long	 iter;

	*code = 0;
	if (inlen > BEEP_SASL_DATA_MAX)
		return client_fail(cl, code, 501, WHY_TOO_LONG);
	if (++cl->rounds > BEEP_SASL_ROUNDS_MAX)
		return client_fail(cl, code, 534, WHY_ROUNDS);
	switch (cl->state) {
	case SASL_ST_NEW:
		/* The server asked first, with an empty challenge. */
		if (inlen != 0)
			return client_fail(cl, code, 501, WHY_MALFORMED);
		return client_gsasl_step(cl, NULL, 0, out, code);
	case SASL_ST_SENT_LAST:
		/* Only the server's empty 'complete' may follow. */
		if (inlen != 0)
			return client_fail(cl, code, 501, WHY_MALFORMED);
		cl->state = SASL_ST_DONE;
		return BEEP_SASL_DONE;
	case SASL_ST_RUNNING:
		break;
	default:
		return client_fail(cl, code, 501, WHY_OVER);
	}
	/*
	 * gsasl would run PBKDF2 with whatever count the server names:
	 * refuse one too low to protect the password, or so high that it
	 * would stall us.
	 */
	if (cl->mech == SASL_MECH_SCRAM_SHA256 && !cl->scram_first) {
		cl->scram_first = true;
		iter = scram_server_first_iter(in, inlen);
		if (iter == 0)
			return client_fail(cl, code, 501, WHY_MALFORMED);
		if (iter < BEEP_SCRAM_ITER_MIN)
			return client_fail(cl, code, 534, WHY_WEAK);
		if (iter > BEEP_SCRAM_ITER_MAX)
			return client_fail(cl, code, 501, WHY_HIGH);
	}
	/* Never NULL here: NULL means "initial response" to gsasl. */
	return client_gsasl_step(cl, inlen ? in : (const uint8_t *)"", inlen,
	    out, code);
}

const char *
beep_sasl_client_why(const struct beep_sasl_client *cl)
{
	return cl->why;
}

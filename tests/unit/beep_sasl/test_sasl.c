/*
 * Unit tests for lib/beep/sasl.c: SCRAM-SHA-256 verifiers (the RFC 7677
 * vector and values computed independently with Python's hashlib,
 * hard-coded below), strict verifier parsing, and in-memory exchanges
 * between our client and server for SCRAM-SHA-256, PLAIN and ANONYMOUS,
 * plus a SCRAM client written here with OpenSSL alone, so that the
 * server is checked against the RFC 5802 arithmetic and not only
 * against gsasl's own client. No network.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "buf.h"
#include "sasl.h"

/*
 * RFC 7677 3: user "user", password "pencil". The verifier was computed
 * with Python's hashlib.pbkdf2_hmac / hmac / sha256, not with our code.
 */
#define RFC_SALT	"W22ZaJ0SNY7soEsUEjb6gQ=="
#define RFC_VERIFIER	"SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" \
			"WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:" \
			"wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="
#define RFC_AUTHMSG	"n=user,r=rOprNGfwEbeRWgbNEkqO," \
			"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0," \
			"s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws," \
			"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define RFC_PROOF	"dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define RFC_SERVERSIG	"6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

/* Password "secret", salt 00 01 .. 0f, 4096 iterations (hashlib). */
#define BOB_VERIFIER	"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$" \
			"THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:" \
			"7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ="

struct user_row {
	const char	*user;
	const char	*verifier;
};

struct fixture {
	struct beep_sasl_ctx	*ctx;
	struct user_row		 users[4];
	unsigned int		 lookups;
	struct beep_sasl_server_cfg cfg;
};

static const char *
lookup(void *arg, const char *user)
{
	struct fixture	*f = arg;
	size_t		 i;

	f->lookups++;
	for (i = 0; i < sizeof(f->users) / sizeof(f->users[0]); i++)
		if (f->users[i].user != NULL &&
		    strcmp(f->users[i].user, user) == 0)
			return f->users[i].verifier;
	return NULL;
}

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		 err[128];

	assert_non_null(f);
	f->ctx = beep_sasl_ctx_new(err, sizeof(err));
	if (f->ctx == NULL)
		fail_msg("beep_sasl_ctx_new: %s", err);
	f->users[0] = (struct user_row){ "bob", BOB_VERIFIER };
	f->users[1] = (struct user_row){ "user", RFC_VERIFIER };
	f->users[2] = (struct user_row){ "broken", "SCRAM-SHA-256$12:x$y:z" };
	f->cfg.lookup = lookup;
	f->cfg.arg = f;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	beep_sasl_ctx_free(f->ctx);
	free(f);
	return 0;
}

/* ---- helpers --------------------------------------------------------- */

static void
buf_is(const struct buf *b, const void *want, size_t len)
{
	assert_true(buf_ok(b));
	if (b->len != len || (len && memcmp(b->data, want, len) != 0))
		fail_msg("got '%.*s' (%zu), want '%.*s' (%zu)", (int)b->len,
		    (const char *)b->data, b->len, (int)len,
		    (const char *)want, len);
}

static size_t
b64_dec(const char *s, uint8_t *out)
{
	size_t	 len = strlen(s);
	int	 n = EVP_DecodeBlock(out, (const unsigned char *)s, (int)len);

	assert_true(n >= 0);
	if (len >= 1 && s[len - 1] == '=')
		n--;
	if (len >= 2 && s[len - 2] == '=')
		n--;
	return (size_t)n;
}

/* The value of attribute a= in a SCRAM message, into out. */
static void
scram_attr(const struct buf *b, char a, char *out, size_t outlen)
{
	const char	*p = (const char *)b->data, *end = p + b->len, *q;

	while (p < end) {
		for (q = p; q < end && *q != ','; q++)
			;
		if (q - p >= 2 && p[0] == a && p[1] == '=') {
			assert_true((size_t)(q - p - 2) < outlen);
			memcpy(out, p + 2, (size_t)(q - p - 2));
			out[q - p - 2] = '\0';
			return;
		}
		p = q + 1;
	}
	fail_msg("no %c= in '%.*s'", a, (int)b->len, (const char *)b->data);
}

struct exchange {
	struct beep_sasl_server	*srv;
	struct beep_sasl_client	*cl;
	struct buf		 cfirst, sfirst, cfinal, sfinal, last;
	unsigned int		 code;
	enum beep_sasl_step	 proof;		/* the server at the proof */
};

/*
 * A SCRAM-SHA-256 exchange up to the server's verdict on the proof:
 * client-first, server-first (always CONTINUE, known user or not),
 * client-final, then the server's answer in x->proof and x->code.
 */
static void
scram_run(struct fixture *f, struct exchange *x, const char *user,
    const char *password)
{
	unsigned int	 code;

	memset(x, 0, sizeof(*x));
	x->srv = beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &f->cfg,
	    &code);
	assert_non_null(x->srv);
	x->cl = beep_sasl_client_new(f->ctx, "SCRAM-SHA-256", user,
	    password);
	assert_non_null(x->cl);

	assert_int_equal(beep_sasl_client_start(x->cl, &x->cfirst, &code),
	    BEEP_SASL_CONTINUE);
	assert_true(x->cfirst.len > 0);
	assert_int_equal(beep_sasl_server_step(x->srv, x->cfirst.data,
	    x->cfirst.len, &x->sfirst, &code), BEEP_SASL_CONTINUE);
	assert_int_equal(beep_sasl_client_step(x->cl, x->sfirst.data,
	    x->sfirst.len, &x->cfinal, &code), BEEP_SASL_CONTINUE);
	x->proof = beep_sasl_server_step(x->srv, x->cfinal.data,
	    x->cfinal.len, &x->sfinal, &x->code);
}

static void
exchange_free(struct exchange *x)
{
	beep_sasl_server_free(x->srv);
	beep_sasl_client_free(x->cl);
	buf_free(&x->cfirst);
	buf_free(&x->sfirst);
	buf_free(&x->cfinal);
	buf_free(&x->sfinal);
	buf_free(&x->last);
}

/* ---- verifiers ------------------------------------------------------- */

static void
test_verifier_rfc7677(void **state)
{
	struct beep_scram_verifier	 v;
	uint8_t				 salt[32], proof[32], sig[32], key[32];
	uint8_t				 want[32];
	char				 out[BEEP_SCRAM_VERIFIER_MAX], err[128];
	unsigned int			 len = sizeof(sig);
	size_t				 i, n;

	(void)state;
	n = b64_dec(RFC_SALT, salt);
	assert_int_equal(n, 16);
	assert_int_equal(beep_scram_verifier_derive("pencil", 4096, salt, n,
	    out, sizeof(out)), 0);
	assert_string_equal(out, RFC_VERIFIER);

	assert_int_equal(beep_scram_verifier_parse(&v, out, err,
	    sizeof(err)), 0);
	assert_int_equal(v.iterations, 4096);
	assert_int_equal(v.saltlen, 16);
	assert_memory_equal(v.salt, salt, 16);

	/* RFC 7677 3: ServerSignature = HMAC(ServerKey, AuthMessage). */
	assert_non_null(HMAC(EVP_sha256(), v.server_key, 32, (const
	    uint8_t *)RFC_AUTHMSG, strlen(RFC_AUTHMSG), sig, &len));
	assert_int_equal(b64_dec(RFC_SERVERSIG, want), 32);
	assert_memory_equal(sig, want, 32);

	/* The RFC's ClientProof checks out against StoredKey alone. */
	assert_int_equal(b64_dec(RFC_PROOF, proof), 32);
	assert_non_null(HMAC(EVP_sha256(), v.stored_key, 32, (const
	    uint8_t *)RFC_AUTHMSG, strlen(RFC_AUTHMSG), sig, &len));
	for (i = 0; i < 32; i++)
		proof[i] ^= sig[i];
	SHA256(proof, 32, key);
	assert_memory_equal(key, v.stored_key, 32);

	assert_true(beep_scram_verifier_check(&v, "pencil"));
	assert_false(beep_scram_verifier_check(&v, "pencil "));
	assert_false(beep_scram_verifier_check(&v, ""));
}

static void
test_verifier_fixed_salt(void **state)
{
	uint8_t	 salt[16];
	char	 out[BEEP_SCRAM_VERIFIER_MAX];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(salt); i++)
		salt[i] = (uint8_t)i;
	/* 0 means the default, 4096. */
	assert_int_equal(beep_scram_verifier_derive("secret", 0, salt,
	    sizeof(salt), out, sizeof(out)), 0);
	assert_string_equal(out, BOB_VERIFIER);
	/* out too small: refused, not truncated */
	assert_int_equal(beep_scram_verifier_derive("secret", 0, salt,
	    sizeof(salt), out, strlen(BOB_VERIFIER)), -1);
	assert_int_equal(beep_scram_verifier_derive("secret", 0, salt, 4,
	    out, sizeof(out)), -1);
}

static void
test_verifier_make_round_trip(void **state)
{
	struct beep_scram_verifier	 v, w;
	char				 a[BEEP_SCRAM_VERIFIER_MAX];
	char				 b[BEEP_SCRAM_VERIFIER_MAX];
	char				 err[128];

	(void)state;
	assert_int_equal(beep_scram_verifier_make("correct horse", 0, a,
	    sizeof(a)), 0);
	assert_int_equal(strncmp(a, "SCRAM-SHA-256$4096:", 19), 0);
	assert_int_equal(beep_scram_verifier_parse(&v, a, err, sizeof(err)),
	    0);
	assert_int_equal(v.iterations, BEEP_SCRAM_ITER_DEFAULT);
	assert_int_equal(v.saltlen, BEEP_SCRAM_SALT_LEN);
	assert_true(beep_scram_verifier_check(&v, "correct horse"));
	assert_false(beep_scram_verifier_check(&v, "correct horsE"));

	/* Same password, new salt: another verifier. */
	assert_int_equal(beep_scram_verifier_make("correct horse", 5000, b,
	    sizeof(b)), 0);
	assert_int_equal(strncmp(b, "SCRAM-SHA-256$5000:", 19), 0);
	assert_int_equal(beep_scram_verifier_parse(&w, b, err, sizeof(err)),
	    0);
	assert_memory_not_equal(v.salt, w.salt, 16);
	assert_true(beep_scram_verifier_check(&w, "correct horse"));

	/* Refused: too few iterations, too many, an empty password. */
	assert_int_equal(beep_scram_verifier_make("x", 4095, a, sizeof(a)),
	    -1);
	assert_int_equal(beep_scram_verifier_make("x", 1, a, sizeof(a)), -1);
	assert_int_equal(beep_scram_verifier_make("x",
	    BEEP_SCRAM_ITER_MAX + 1, a, sizeof(a)), -1);
	assert_int_equal(beep_scram_verifier_make("", 0, a, sizeof(a)), -1);
}

static void
test_verifier_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"SCRAM-SHA-256",
		"SCRAM-SHA-1$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"scram-sha-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		/* iteration counts: below 4096, leading zero, sign, none */
		"SCRAM-SHA-256$4095:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$04096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$+4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$99999999999:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		/* salts: non-canonical bits, no padding, short, space */
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODx==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$4096:AAECAw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$4096:AAECAwQF BgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$4096:$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		/* keys: 31 octets, 33, '=' inside, missing, hex */
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNPw==:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQA",
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHn=UzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=",
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:",
		"SCRAM-SHA-256$4096:000102030405060708090a0b0c0d0e0f$"
		    "4c7a0f8684c0baaca842c2b87541e7714ce07c3f1f76686c80a66159"
		    "5a8d3f95:ed888730c8b639c5c646882e6f4dc4934e89459f5b9214ce"
		    "742cc76b988f2e24",
		/* trailing garbage, a newline, one field too many */
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=x",
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=\n",
		"SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
		    "THoPhoTAuqyoQsK4dUHncUzgfD8fdmhsgKZhWVqNP5U=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=:"
		    "7YiHMMi2OcXGRogub03Ek06JRZ9bkhTOdCzHa5iPLiQ=",
		/* the plain password itself */
		"secret",
	};
	struct beep_scram_verifier	 v;
	char				 err[128];
	size_t				 i;

	(void)state;
	assert_int_equal(beep_scram_verifier_parse(&v, BOB_VERIFIER, err,
	    sizeof(err)), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (beep_scram_verifier_parse(&v, bad[i], err,
		    sizeof(err)) != -1)
			fail_msg("accepted bad verifier %zu: %s", i, bad[i]);
		assert_true(err[0] != '\0');
		assert_int_equal(v.iterations, 0);
	}
	/* NULL and an over-long string; err may be NULL. */
	assert_int_equal(beep_scram_verifier_parse(&v, NULL, NULL, 0), -1);
	{
		char	 big[BEEP_SCRAM_VERIFIER_MAX + 10];

		memset(big, 'A', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(beep_scram_verifier_parse(&v, big, err,
		    sizeof(err)), -1);
	}
}

static void
test_step_names(void **state)
{
	(void)state;
	assert_string_equal(beep_sasl_step_name(BEEP_SASL_CONTINUE),
	    "continue");
	assert_string_equal(beep_sasl_step_name(BEEP_SASL_DONE), "done");
	assert_string_equal(beep_sasl_step_name(BEEP_SASL_FAIL), "fail");
	assert_string_equal(beep_sasl_step_name(BEEP_SASL_STEP_MAX),
	    "unknown");
}

/* ---- mechanisms ------------------------------------------------------ */

static void
test_mechanism_refused(void **state)
{
	struct fixture			*f = *state;
	struct beep_sasl_server_cfg	 cfg = f->cfg;
	unsigned int			 code;

	assert_null(beep_sasl_server_new(f->ctx, "FOO", &cfg, &code));
	assert_int_equal(code, 504);
	assert_null(beep_sasl_server_new(f->ctx, "SCRAM-SHA-256-PLUS", &cfg,
	    &code));
	assert_int_equal(code, 504);
	assert_null(beep_sasl_server_new(f->ctx, NULL, &cfg, &code));
	assert_int_equal(code, 504);
	assert_null(beep_sasl_server_new(f->ctx, "CRAM-MD5", &cfg, &code));
	assert_int_equal(code, 534);
	assert_null(beep_sasl_server_new(f->ctx, "SCRAM-SHA-1", &cfg,
	    &code));
	assert_int_equal(code, 534);
	/* PLAIN without TLS: RFC 3080's "mechanism requires encryption" */
	assert_null(beep_sasl_server_new(f->ctx, "PLAIN", &cfg, &code));
	assert_int_equal(code, 538);
	assert_null(beep_sasl_server_new(f->ctx, "ANONYMOUS", &cfg, &code));
	assert_int_equal(code, 534);
	/* a fabricated count below the minimum is our own mistake */
	cfg.unknown_iterations = 100;
	assert_null(beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &cfg,
	    &code));
	assert_int_equal(code, 454);

	assert_null(beep_sasl_client_new(f->ctx, "FOO", "bob", "secret"));
	assert_null(beep_sasl_client_new(f->ctx, "SCRAM-SHA-256", "bob",
	    NULL));
	assert_null(beep_sasl_client_new(f->ctx, "PLAIN", "", "secret"));
}

/* ---- SCRAM-SHA-256 ----------------------------------------------------- */

static void
test_scram_ok(void **state)
{
	struct fixture		*f = *state;
	struct exchange		 x;
	unsigned int		 code;

	scram_run(f, &x, "bob", "secret");
	assert_int_equal(x.proof, BEEP_SASL_DONE);
	assert_int_equal(x.code, 0);
	assert_string_equal(beep_sasl_server_user(x.srv), "bob");
	assert_null(beep_sasl_server_trace(x.srv));
	/* The server-first carries the stored salt and count. */
	{
		char	 s[64], i[16];

		scram_attr(&x.sfirst, 's', s, sizeof(s));
		scram_attr(&x.sfirst, 'i', i, sizeof(i));
		assert_string_equal(s, "AAECAwQFBgcICQoLDA0ODw==");
		assert_string_equal(i, "4096");
	}
	/* DONE comes with the server-final message for the client. */
	assert_true(x.sfinal.len > 2);
	assert_memory_equal(x.sfinal.data, "v=", 2);
	assert_int_equal(beep_sasl_client_step(x.cl, x.sfinal.data,
	    x.sfinal.len, &x.last, &code), BEEP_SASL_DONE);
	assert_int_equal(x.last.len, 0);

	/* Over is over, and the identity stays. */
	assert_int_equal(beep_sasl_server_step(x.srv, (const uint8_t *)"x",
	    1, &x.last, &code), BEEP_SASL_FAIL);
	assert_int_equal(code, 501);
	assert_string_equal(beep_sasl_server_user(x.srv), "bob");
	assert_int_equal(beep_sasl_client_step(x.cl, NULL, 0, &x.last,
	    &code), BEEP_SASL_FAIL);
	exchange_free(&x);

	/* The RFC 7677 user, through gsasl's client. */
	scram_run(f, &x, "user", "pencil");
	assert_int_equal(x.proof, BEEP_SASL_DONE);
	assert_string_equal(beep_sasl_server_user(x.srv), "user");
	exchange_free(&x);
}

static void
test_scram_wrong_password(void **state)
{
	struct fixture	*f = *state;
	struct exchange	 x;

	scram_run(f, &x, "bob", "Secret");
	assert_int_equal(x.proof, BEEP_SASL_FAIL);
	assert_int_equal(x.code, 535);
	assert_int_equal(x.sfinal.len, 0);
	assert_null(beep_sasl_server_user(x.srv));
	assert_string_equal(beep_sasl_server_why(x.srv),
	    "authentication failed");
	exchange_free(&x);
}

/*
 * An unknown user gets a server-first message like anyone else's, with
 * a salt stable across attempts, and fails where a wrong password does,
 * with the same code and text.
 */
static void
test_scram_unknown_user(void **state)
{
	struct fixture	*f = *state;
	struct exchange	 x, y, z;
	char		 s1[64], s2[64], s3[64], i1[16];
	unsigned int	 lookups = f->lookups;

	scram_run(f, &x, "mallory", "secret");
	assert_true(f->lookups > lookups);
	assert_int_equal(x.proof, BEEP_SASL_FAIL);
	assert_int_equal(x.code, 535);
	assert_string_equal(beep_sasl_server_why(x.srv),
	    "authentication failed");
	assert_null(beep_sasl_server_user(x.srv));
	scram_attr(&x.sfirst, 's', s1, sizeof(s1));
	scram_attr(&x.sfirst, 'i', i1, sizeof(i1));
	assert_string_equal(i1, "4096");
	assert_int_equal(strlen(s1), 24);	/* 16 octets, like ours */

	scram_run(f, &y, "mallory", "other");
	assert_int_equal(y.proof, BEEP_SASL_FAIL);
	assert_int_equal(y.code, 535);
	scram_attr(&y.sfirst, 's', s2, sizeof(s2));
	assert_string_equal(s1, s2);

	scram_run(f, &z, "trudy", "secret");
	assert_int_equal(z.code, 535);
	scram_attr(&z.sfirst, 's', s3, sizeof(s3));
	assert_string_not_equal(s1, s3);

	exchange_free(&x);
	exchange_free(&y);
	exchange_free(&z);

	/* A stored verifier that does not parse: an unknown user. */
	scram_run(f, &x, "broken", "secret");
	assert_int_equal(x.proof, BEEP_SASL_FAIL);
	assert_int_equal(x.code, 535);
	exchange_free(&x);
}

static void
test_scram_unknown_iterations(void **state)
{
	struct fixture			*f = *state;
	struct beep_sasl_server_cfg	 saved = f->cfg;
	struct exchange			 x;
	char				 i[16];

	f->cfg.unknown_iterations = 8192;
	scram_run(f, &x, "mallory", "secret");
	scram_attr(&x.sfirst, 'i', i, sizeof(i));
	assert_string_equal(i, "8192");
	assert_int_equal(x.code, 535);
	exchange_free(&x);
	f->cfg = saved;
}

/* A server without the right ServerKey cannot fake success. */
static void
test_scram_tampered_server_final(void **state)
{
	struct fixture	*f = *state;
	struct exchange	 x;
	unsigned int	 code;

	scram_run(f, &x, "bob", "secret");
	assert_int_equal(x.proof, BEEP_SASL_DONE);
	x.sfinal.data[5] = x.sfinal.data[5] == 'A' ? 'B' : 'A';
	assert_int_equal(beep_sasl_client_step(x.cl, x.sfinal.data,
	    x.sfinal.len, &x.last, &code), BEEP_SASL_FAIL);
	assert_int_equal(code, 535);
	assert_string_equal(beep_sasl_client_why(x.cl),
	    "server not authenticated");
	exchange_free(&x);

	/* A 'complete' without server-final data is no success either. */
	scram_run(f, &x, "bob", "secret");
	assert_int_equal(beep_sasl_client_step(x.cl, NULL, 0, &x.last,
	    &code), BEEP_SASL_FAIL);
	exchange_free(&x);

	/* Nor is an error in place of the verifier. */
	scram_run(f, &x, "bob", "secret");
	assert_int_equal(beep_sasl_client_step(x.cl,
	    (const uint8_t *)"e=invalid-proof", 15, &x.last, &code),
	    BEEP_SASL_FAIL);
	exchange_free(&x);
}

/* The server asks first (no piggybacked initial response). */
static void
test_scram_no_initial_response(void **state)
{
	struct fixture		*f = *state;
	struct beep_sasl_server	*srv;
	struct beep_sasl_client	*cl;
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	unsigned int		 code;

	srv = beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &f->cfg, &code);
	cl = beep_sasl_client_new(f->ctx, "SCRAM-SHA-256", "bob", "secret");
	assert_non_null(srv);
	assert_non_null(cl);
	assert_int_equal(beep_sasl_server_step(srv, NULL, 0, &a, &code),
	    BEEP_SASL_CONTINUE);
	assert_int_equal(a.len, 0);
	assert_int_equal(beep_sasl_client_step(cl, a.data, a.len, &b, &code),
	    BEEP_SASL_CONTINUE);
	assert_true(b.len > 0);
	buf_reset(&a);
	assert_int_equal(beep_sasl_server_step(srv, b.data, b.len, &a,
	    &code), BEEP_SASL_CONTINUE);
	buf_reset(&b);
	assert_int_equal(beep_sasl_client_step(cl, a.data, a.len, &b, &code),
	    BEEP_SASL_CONTINUE);
	buf_reset(&a);
	assert_int_equal(beep_sasl_server_step(srv, b.data, b.len, &a,
	    &code), BEEP_SASL_DONE);
	buf_reset(&b);
	assert_int_equal(beep_sasl_client_step(cl, a.data, a.len, &b, &code),
	    BEEP_SASL_DONE);
	assert_string_equal(beep_sasl_server_user(srv), "bob");
	beep_sasl_server_free(srv);
	beep_sasl_client_free(cl);
	buf_free(&a);
	buf_free(&b);
}

/* A server naming a weak or absurd iteration count is refused. */
static void
test_scram_client_iterations(void **state)
{
	static const struct {
		const char	*iter;
		unsigned int	 code;
	} cases[] = {
		{ "1024", 534 },
		{ "4095", 534 },
		{ "99999999999", 501 },
		{ "x", 501 },
	};
	struct fixture		*f = *state;
	struct beep_sasl_client	*cl;
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	char			 nonce[128], sf[256];
	unsigned int		 code;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cl = beep_sasl_client_new(f->ctx, "SCRAM-SHA-256", "bob",
		    "secret");
		assert_non_null(cl);
		buf_reset(&a);
		assert_int_equal(beep_sasl_client_start(cl, &a, &code),
		    BEEP_SASL_CONTINUE);
		scram_attr(&a, 'r', nonce, sizeof(nonce));
		snprintf(sf, sizeof(sf), "r=%sXYZ,s=AAECAwQFBgcICQoLDA0ODw==,"
		    "i=%s", nonce, cases[i].iter);
		assert_int_equal(beep_sasl_client_step(cl, (uint8_t *)sf,
		    strlen(sf), &b, &code), BEEP_SASL_FAIL);
		assert_int_equal(code, cases[i].code);
		assert_int_equal(b.len, 0);
		beep_sasl_client_free(cl);
	}
	buf_free(&a);
	buf_free(&b);
}

/* A nonce the client never sent is refused by the client. */
static void
test_scram_client_bad_nonce(void **state)
{
	struct fixture		*f = *state;
	struct beep_sasl_client	*cl;
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	const char		*sf = "r=abcdefXYZ,s=AAECAwQFBgcICQoLDA0ODw==,"
				    "i=4096";
	unsigned int		 code;

	cl = beep_sasl_client_new(f->ctx, "SCRAM-SHA-256", "bob", "secret");
	assert_int_equal(beep_sasl_client_start(cl, &a, &code),
	    BEEP_SASL_CONTINUE);
	assert_int_equal(beep_sasl_client_step(cl, (const uint8_t *)sf,
	    strlen(sf), &b, &code), BEEP_SASL_FAIL);
	beep_sasl_client_free(cl);
	buf_free(&a);
	buf_free(&b);
}

/*
 * Our server against a SCRAM-SHA-256 client written here with OpenSSL
 * (RFC 5802 3), with a fixed client nonce; the server's signature is
 * checked the same way.
 */
static void
test_scram_independent_client(void **state)
{
	struct fixture		*f = *state;
	struct beep_sasl_server	*srv;
	struct buf		 sfirst = BUF_INIT, sfinal = BUF_INIT;
	const char		*cfb = "n=bob,r=fyko+d2lbbFgONRv9qkxdawL";
	char			 cfirst[64], nonce[128], salt64[64], iter[16];
	char			 am[512], cfinal[512], proof64[64], v[64];
	uint8_t			 salt[64], salted[32], ckey[32], skey[32];
	uint8_t			 stored[32], csig[32], ssig[32], proof[32];
	unsigned int		 code, len = 32;
	size_t			 i, saltlen;

	snprintf(cfirst, sizeof(cfirst), "n,,%s", cfb);
	srv = beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &f->cfg, &code);
	assert_non_null(srv);
	assert_int_equal(beep_sasl_server_step(srv, (uint8_t *)cfirst,
	    strlen(cfirst), &sfirst, &code), BEEP_SASL_CONTINUE);
	scram_attr(&sfirst, 'r', nonce, sizeof(nonce));
	scram_attr(&sfirst, 's', salt64, sizeof(salt64));
	scram_attr(&sfirst, 'i', iter, sizeof(iter));
	assert_int_equal(strncmp(nonce, "fyko+d2lbbFgONRv9qkxdawL", 24), 0);
	assert_true(strlen(nonce) > 24);
	saltlen = b64_dec(salt64, salt);

	assert_int_equal(PKCS5_PBKDF2_HMAC("secret", 6, salt, (int)saltlen,
	    atoi(iter), EVP_sha256(), 32, salted), 1);
	HMAC(EVP_sha256(), salted, 32, (const uint8_t *)"Client Key", 10,
	    ckey, &len);
	HMAC(EVP_sha256(), salted, 32, (const uint8_t *)"Server Key", 10,
	    skey, &len);
	SHA256(ckey, 32, stored);
	snprintf(am, sizeof(am), "%s,%.*s,c=biws,r=%s", cfb,
	    (int)sfirst.len, (const char *)sfirst.data, nonce);
	HMAC(EVP_sha256(), stored, 32, (const uint8_t *)am, strlen(am), csig,
	    &len);
	for (i = 0; i < 32; i++)
		proof[i] = ckey[i] ^ csig[i];
	EVP_EncodeBlock((uint8_t *)proof64, proof, 32);
	snprintf(cfinal, sizeof(cfinal), "c=biws,r=%s,p=%s", nonce, proof64);

	assert_int_equal(beep_sasl_server_step(srv, (uint8_t *)cfinal,
	    strlen(cfinal), &sfinal, &code), BEEP_SASL_DONE);
	HMAC(EVP_sha256(), skey, 32, (const uint8_t *)am, strlen(am), ssig,
	    &len);
	EVP_EncodeBlock((uint8_t *)v, ssig, 32);
	scram_attr(&sfinal, 'v', proof64, sizeof(proof64));
	assert_string_equal(proof64, v);
	assert_string_equal(beep_sasl_server_user(srv), "bob");
	beep_sasl_server_free(srv);

	/* The same client-final replayed to a new server: a new nonce. */
	srv = beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &f->cfg, &code);
	buf_reset(&sfirst);
	assert_int_equal(beep_sasl_server_step(srv, (uint8_t *)cfirst,
	    strlen(cfirst), &sfirst, &code), BEEP_SASL_CONTINUE);
	buf_reset(&sfinal);
	assert_int_equal(beep_sasl_server_step(srv, (uint8_t *)cfinal,
	    strlen(cfinal), &sfinal, &code), BEEP_SASL_FAIL);
	assert_int_equal(code, 535);
	beep_sasl_server_free(srv);

	buf_free(&sfirst);
	buf_free(&sfinal);
}

static void
test_scram_malformed(void **state)
{
	static const char *const bad[] = {
		"hello",
		"x,,n=bob,r=abc",
		"n,,r=abc",
	};
	struct fixture		*f = *state;
	struct beep_sasl_server	*srv;
	struct buf		 out = BUF_INIT;
	unsigned int		 code;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		srv = beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &f->cfg,
		    &code);
		buf_reset(&out);
		assert_int_equal(beep_sasl_server_step(srv,
		    (const uint8_t *)bad[i], strlen(bad[i]), &out, &code),
		    BEEP_SASL_FAIL);
		assert_int_equal(code, 501);
		assert_int_equal(out.len, 0);
		beep_sasl_server_free(srv);
	}

	/* Over BEEP_SASL_DATA_MAX octets */
	{
		uint8_t	*big = calloc(1, BEEP_SASL_DATA_MAX + 1);

		assert_non_null(big);
		memset(big, 'a', BEEP_SASL_DATA_MAX + 1);
		srv = beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &f->cfg,
		    &code);
		assert_int_equal(beep_sasl_server_step(srv, big,
		    BEEP_SASL_DATA_MAX + 1, &out, &code), BEEP_SASL_FAIL);
		assert_int_equal(code, 501);
		beep_sasl_server_free(srv);
		free(big);
	}
	buf_free(&out);
}

static void
test_scram_authzid(void **state)
{
	struct fixture		*f = *state;
	struct beep_sasl_server	*srv;
	struct buf		 out = BUF_INIT;
	const char		*cf = "n,a=alice,n=bob,r=fyko+d2lbbFgONRv9qkxdawL";
	unsigned int		 code;

	srv = beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &f->cfg, &code);
	assert_int_equal(beep_sasl_server_step(srv, (const uint8_t *)cf,
	    strlen(cf), &out, &code), BEEP_SASL_FAIL);
	assert_int_equal(code, 537);
	assert_int_equal(out.len, 0);
	beep_sasl_server_free(srv);

	/* authzid = authcid is fine */
	cf = "n,a=bob,n=bob,r=fyko+d2lbbFgONRv9qkxdawL";
	srv = beep_sasl_server_new(f->ctx, "SCRAM-SHA-256", &f->cfg, &code);
	assert_int_equal(beep_sasl_server_step(srv, (const uint8_t *)cf,
	    strlen(cf), &out, &code), BEEP_SASL_CONTINUE);
	beep_sasl_server_free(srv);
	buf_free(&out);
}

/* SASLprep on both sides: U+00AD SOFT HYPHEN maps to nothing. */
static void
test_scram_saslprep(void **state)
{
	struct fixture	*f = *state;
	struct exchange	 x;

	scram_run(f, &x, "user", "pen\xc2\xad" "cil");
	assert_int_equal(x.proof, BEEP_SASL_DONE);
	exchange_free(&x);
}

/* ---- PLAIN ------------------------------------------------------------- */

static struct beep_sasl_server *
plain_server(struct fixture *f)
{
	struct beep_sasl_server_cfg	 cfg = f->cfg;
	struct beep_sasl_server		*srv;
	unsigned int			 code;

	cfg.allow_plain = true;
	srv = beep_sasl_server_new(f->ctx, "PLAIN", &cfg, &code);
	assert_non_null(srv);
	return srv;
}

static enum beep_sasl_step
plain_once(struct fixture *f, const char *msg, size_t len,
    unsigned int *code, char *user, size_t userlen)
{
	struct beep_sasl_server	*srv = plain_server(f);
	struct buf		 out = BUF_INIT;
	enum beep_sasl_step	 s;

	s = beep_sasl_server_step(srv, (const uint8_t *)msg, len, &out, code);
	assert_int_equal(out.len, 0);
	if (user != NULL) {
		const char	*u = beep_sasl_server_user(srv);

		snprintf(user, userlen, "%s", u != NULL ? u : "(null)");
	}
	beep_sasl_server_free(srv);
	buf_free(&out);
	return s;
}

static void
test_plain(void **state)
{
	struct fixture	*f = *state;
	char		 user[64];
	unsigned int	 code;

	/* digest 10 / checklist 60: AGJvYgBzZWNyZXQ= */
	assert_int_equal(plain_once(f, "\0bob\0secret", 11, &code, user,
	    sizeof(user)), BEEP_SASL_DONE);
	assert_string_equal(user, "bob");
	assert_int_equal(plain_once(f, "bob\0bob\0secret", 14, &code, user,
	    sizeof(user)), BEEP_SASL_DONE);
	assert_string_equal(user, "bob");
	/* SASLprep'd password */
	assert_int_equal(plain_once(f, "\0bob\0sec\xc2\xadret", 13, &code,
	    NULL, 0), BEEP_SASL_DONE);

	assert_int_equal(plain_once(f, "\0bob\0Secret", 11, &code, user,
	    sizeof(user)), BEEP_SASL_FAIL);
	assert_int_equal(code, 535);
	assert_string_equal(user, "(null)");
	assert_int_equal(plain_once(f, "\0mallory\0secret", 15, &code, NULL,
	    0), BEEP_SASL_FAIL);
	assert_int_equal(code, 535);
	assert_int_equal(plain_once(f, "\0broken\0secret", 14, &code, NULL,
	    0), BEEP_SASL_FAIL);
	assert_int_equal(code, 535);
	assert_int_equal(plain_once(f, "\0\0secret", 8, &code, NULL, 0),
	    BEEP_SASL_FAIL);
	assert_int_equal(code, 535);
	assert_int_equal(plain_once(f, "alice\0bob\0secret", 16, &code, NULL,
	    0), BEEP_SASL_FAIL);
	assert_int_equal(code, 537);

	assert_int_equal(plain_once(f, "bob", 3, &code, NULL, 0),
	    BEEP_SASL_FAIL);
	assert_int_equal(code, 501);
	assert_int_equal(plain_once(f, "\0bob", 4, &code, NULL, 0),
	    BEEP_SASL_FAIL);
	assert_int_equal(code, 501);
	assert_int_equal(plain_once(f, "\0bob\0sec\0ret", 12, &code, NULL, 0),
	    BEEP_SASL_FAIL);
	assert_int_equal(code, 501);
}

static void
test_plain_client(void **state)
{
	struct fixture		*f = *state;
	struct beep_sasl_server	*srv = plain_server(f);
	struct beep_sasl_client	*cl;
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	char			 b64[32];
	unsigned int		 code;

	cl = beep_sasl_client_new(f->ctx, "PLAIN", "bob", "secret");
	assert_non_null(cl);
	assert_int_equal(beep_sasl_client_start(cl, &a, &code),
	    BEEP_SASL_CONTINUE);
	buf_is(&a, "\0bob\0secret", 11);
	EVP_EncodeBlock((uint8_t *)b64, a.data, (int)a.len);
	assert_string_equal(b64, "AGJvYgBzZWNyZXQ=");
	assert_int_equal(beep_sasl_server_step(srv, a.data, a.len, &b,
	    &code), BEEP_SASL_DONE);
	assert_int_equal(b.len, 0);
	/* The server's empty 'complete' ends it for the client. */
	assert_int_equal(beep_sasl_client_step(cl, b.data, b.len, &a, &code),
	    BEEP_SASL_DONE);
	beep_sasl_client_free(cl);
	beep_sasl_server_free(srv);

	/* A challenge after PLAIN's only message is nonsense. */
	cl = beep_sasl_client_new(f->ctx, "PLAIN", "bob", "secret");
	buf_reset(&a);
	assert_int_equal(beep_sasl_client_start(cl, &a, &code),
	    BEEP_SASL_CONTINUE);
	assert_int_equal(beep_sasl_client_step(cl, (const uint8_t *)"x", 1,
	    &b, &code), BEEP_SASL_FAIL);
	assert_int_equal(code, 501);
	beep_sasl_client_free(cl);
	buf_free(&a);
	buf_free(&b);
}

/* No initial response: an empty challenge first; then a round cap. */
static void
test_plain_rounds(void **state)
{
	struct fixture		*f = *state;
	struct beep_sasl_server	*srv = plain_server(f);
	struct buf		 out = BUF_INIT;
	unsigned int		 code, i;

	assert_int_equal(beep_sasl_server_step(srv, NULL, 0, &out, &code),
	    BEEP_SASL_CONTINUE);
	assert_int_equal(out.len, 0);
	assert_int_equal(beep_sasl_server_step(srv,
	    (const uint8_t *)"\0bob\0secret", 11, &out, &code),
	    BEEP_SASL_DONE);
	assert_string_equal(beep_sasl_server_user(srv), "bob");
	beep_sasl_server_free(srv);

	srv = plain_server(f);
	for (i = 0; i < BEEP_SASL_ROUNDS_MAX; i++)
		assert_int_equal(beep_sasl_server_step(srv, NULL, 0, &out,
		    &code), BEEP_SASL_CONTINUE);
	assert_int_equal(beep_sasl_server_step(srv, NULL, 0, &out, &code),
	    BEEP_SASL_FAIL);
	assert_int_equal(code, 534);
	beep_sasl_server_free(srv);
	buf_free(&out);
}

/* ---- ANONYMOUS --------------------------------------------------------- */

static void
test_anonymous(void **state)
{
	struct fixture			*f = *state;
	struct beep_sasl_server_cfg	 cfg = f->cfg;
	struct beep_sasl_server		*srv;
	struct beep_sasl_client		*cl;
	struct buf			 a = BUF_INIT, b = BUF_INIT;
	unsigned int			 code;

	assert_null(beep_sasl_server_new(f->ctx, "ANONYMOUS", &cfg, &code));
	assert_int_equal(code, 534);

	cfg.allow_anonymous = true;
	cfg.lookup = NULL;		/* not needed */
	srv = beep_sasl_server_new(f->ctx, "ANONYMOUS", &cfg, &code);
	assert_non_null(srv);
	cl = beep_sasl_client_new(f->ctx, "ANONYMOUS", "ops@example.net",
	    NULL);
	assert_non_null(cl);
	assert_int_equal(beep_sasl_client_start(cl, &a, &code),
	    BEEP_SASL_CONTINUE);
	buf_is(&a, "ops@example.net", 15);
	assert_int_equal(beep_sasl_server_step(srv, a.data, a.len, &b,
	    &code), BEEP_SASL_DONE);
	assert_null(beep_sasl_server_user(srv));
	assert_string_equal(beep_sasl_server_trace(srv), "ops@example.net");
	assert_int_equal(beep_sasl_client_step(cl, b.data, b.len, &a, &code),
	    BEEP_SASL_DONE);
	beep_sasl_server_free(srv);
	beep_sasl_client_free(cl);

	/* A trace with a control character is refused. */
	srv = beep_sasl_server_new(f->ctx, "ANONYMOUS", &cfg, &code);
	assert_int_equal(beep_sasl_server_step(srv, (const uint8_t *)"a\nb",
	    3, &b, &code), BEEP_SASL_FAIL);
	assert_int_equal(code, 535);
	beep_sasl_server_free(srv);

	/* No token given: "anonymous". */
	cl = beep_sasl_client_new(f->ctx, "ANONYMOUS", NULL, NULL);
	buf_reset(&a);
	assert_int_equal(beep_sasl_client_start(cl, &a, &code),
	    BEEP_SASL_CONTINUE);
	buf_is(&a, "anonymous", 9);
	beep_sasl_client_free(cl);
	buf_free(&a);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verifier_rfc7677),
		cmocka_unit_test(test_verifier_fixed_salt),
		cmocka_unit_test(test_verifier_make_round_trip),
		cmocka_unit_test(test_verifier_malformed),
		cmocka_unit_test(test_step_names),
		cmocka_unit_test(test_mechanism_refused),
		cmocka_unit_test(test_scram_ok),
		cmocka_unit_test(test_scram_wrong_password),
		cmocka_unit_test(test_scram_unknown_user),
		cmocka_unit_test(test_scram_unknown_iterations),
		cmocka_unit_test(test_scram_tampered_server_final),
		cmocka_unit_test(test_scram_no_initial_response),
		cmocka_unit_test(test_scram_client_iterations),
		cmocka_unit_test(test_scram_client_bad_nonce),
		cmocka_unit_test(test_scram_independent_client),
		cmocka_unit_test(test_scram_malformed),
		cmocka_unit_test(test_scram_authzid),
		cmocka_unit_test(test_scram_saslprep),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_plain_client),
		cmocka_unit_test(test_plain_rounds),
		cmocka_unit_test(test_anonymous),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

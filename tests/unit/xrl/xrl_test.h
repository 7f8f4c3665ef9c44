/*
 * DOC: helpers shared by the XRL value tests: parse-and-reprint checks for
 * XRLs, argument lists and atoms, and hex comparison for packed bytes. Each
 * helper fails the running cmocka test with the offending string.
 */
#ifndef OKAPI_XRL_TEST_H
#define OKAPI_XRL_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xrl.h"

/* Print into a fresh NUL-terminated string the caller frees. */
static inline char *
xt_print_xrl(const struct xrl *x)
{
	struct buf	 b = BUF_INIT;

	assert_true(xrl_print(x, &b));
	assert_non_null(buf_cstr(&b));
	return (char *)b.data;
}

static inline char *
xt_print_args(const struct xrl_args *args)
{
	struct buf	 b = BUF_INIT;

	assert_true(xrl_args_print(args, &b));
	assert_non_null(buf_cstr(&b));
	return (char *)b.data;
}

/* in parses, prints as canonical, and canonical reprints as itself. */
static inline void
xt_xrl(const char *in, const char *canonical, struct xrl *out)
{
	struct xrl	 x, y;
	struct buf	 b = BUF_INIT;
	char		 err[XRL_ERRBUF] = "";

	if (xrl_parse(&x, in, strlen(in), err, sizeof(err)) != 0)
		fail_msg("parse \"%s\": %s", in, err);
	assert_true(xrl_print(&x, &b));
	assert_string_equal(buf_cstr(&b), canonical);
	if (xrl_parse(&y, (char *)b.data, b.len, err, sizeof(err)) != 0)
		fail_msg("reparse \"%s\": %s", canonical, err);
	assert_true(xrl_args_equal(&x.args, &y.args));
	buf_reset(&b);
	assert_true(xrl_print(&y, &b));
	assert_string_equal(buf_cstr(&b), canonical);
	xrl_clear(&y);
	buf_free(&b);
	if (out != NULL)
		*out = x;
	else
		xrl_clear(&x);
}

static inline void
xt_xrl_bad(const char *in)
{
	struct xrl	 x;
	char		 err[XRL_ERRBUF] = "";

	if (xrl_parse(&x, in, strlen(in), err, sizeof(err)) == 0)
		fail_msg("\"%s\" parsed but must not", in);
	assert_true(err[0] != '\0');
	/* On failure the output is left cleared. */
	assert_null(x.protocol);
	assert_null(x.target);
	assert_null(x.command);
	assert_int_equal(x.args.count, 0);
	assert_null(x.args.atoms);
}

static inline void
xt_args(const char *in, const char *canonical, struct xrl_args *out)
{
	struct xrl_args	 a, c;
	struct buf	 b = BUF_INIT;
	char		 err[XRL_ERRBUF] = "";

	if (xrl_args_parse(&a, in, strlen(in), err, sizeof(err)) != 0)
		fail_msg("parse \"%s\": %s", in, err);
	assert_true(xrl_args_print(&a, &b));
	assert_string_equal(buf_cstr(&b), canonical);
	if (xrl_args_parse(&c, (char *)b.data, b.len, err, sizeof(err)) != 0)
		fail_msg("reparse \"%s\": %s", canonical, err);
	assert_true(xrl_args_equal(&a, &c));
	xrl_args_clear(&c);
	buf_free(&b);
	if (out != NULL)
		*out = a;
	else
		xrl_args_clear(&a);
}

static inline void
xt_args_bad(const char *in)
{
	struct xrl_args	 a;
	char		 err[XRL_ERRBUF] = "";

	if (xrl_args_parse(&a, in, strlen(in), err, sizeof(err)) == 0)
		fail_msg("\"%s\" parsed but must not", in);
	assert_true(err[0] != '\0');
	assert_int_equal(a.count, 0);
	assert_null(a.atoms);
}

/* Bytes from "cc 00 01 ..." (spaces optional); returns the length. */
static inline size_t
xt_hex(const char *hex, uint8_t *out, size_t max)
{
	size_t		 n = 0;
	unsigned	 v;

	while (*hex) {
		if (*hex == ' ' || *hex == '\n') {
			hex++;
			continue;
		}
		assert_true(sscanf(hex, "%2x", &v) == 1);
		assert_true(n < max);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

static inline void
xt_bytes_equal(const uint8_t *got, size_t gotlen, const uint8_t *want,
    size_t wantlen)
{
	size_t	 i;

	for (i = 0; i < gotlen && i < wantlen; i++)
		if (got[i] != want[i])
			fail_msg("byte %zu: got %02x, want %02x", i, got[i],
			    want[i]);
	assert_int_equal(gotlen, wantlen);
}

#endif

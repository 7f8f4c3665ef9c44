/*
 * DOC: strict decimal number parsing: optional '-' for signed values, digits
 * only, the whole string, range-checked. No base prefixes, no whitespace.
 */
#ifndef OKAPI_STRNUM_H
#define OKAPI_STRNUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value of one hex digit, or -1. */
static inline int
hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* strnum.c */
bool	strnum_u64(const char *, uint64_t max, uint64_t *);
bool	strnum_i64(const char *, int64_t min, int64_t max, int64_t *);
bool	strnum_u64_len(const char *, size_t, uint64_t max, uint64_t *);

#endif

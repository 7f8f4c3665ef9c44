/*
 * DOC: strict decimal number parsing: optional '-' for signed values, digits
 * only, the whole string, range-checked. No base prefixes, no whitespace.
 */
#ifndef OKAPI_STRNUM_H
#define OKAPI_STRNUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* strnum.c */
bool	strnum_u64(const char *, uint64_t max, uint64_t *);
bool	strnum_i64(const char *, int64_t min, int64_t max, int64_t *);
bool	strnum_u64_len(const char *, size_t, uint64_t max, uint64_t *);

#endif

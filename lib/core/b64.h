/*
 * DOC: b64: strict base64 decoding (see b64.c).
 */
#ifndef OKAPI_B64_H
#define OKAPI_B64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* b64.c: s[0..slen) into out (room for max octets); false if not canonical. */
bool	b64_decode_strict(const char *s, size_t slen, uint8_t *out,
	    size_t max, size_t *outlen);

#endif

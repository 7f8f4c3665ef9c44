/*
 * DOC: b64: strict base64 (RFC 4648 4) for values that have one written
 * form only, such as stored SCRAM verifiers: a length that is a multiple
 * of four, no whitespace, '=' only as final padding, zero bits under the
 * padding. Pure; no allocation.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "b64.h"

static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decode s[0..slen) into out (room for max octets). Refuses what a
 * lenient decoder would let through: a length not a multiple of four,
 * whitespace, '=' but as final padding, non-zero bits under the padding.
 */
bool
b64_decode_strict(const char *s, size_t slen, uint8_t *out, size_t max,
    size_t *outlen)
{
	size_t		 i, n = 0, pad = 0;
	uint32_t	 w;
	int		 j, v;

	if (slen == 0 || slen % 4 != 0)
		return false;
	if (s[slen - 1] == '=')
		pad = s[slen - 2] == '=' ? 2 : 1;
	if (slen / 4 * 3 - pad > max)
		return false;
	for (i = 0; i < slen; i += 4) {
		w = 0;
		for (j = 0; j < 4; j++) {
			if (i + 4 == slen && j >= 4 - (int)pad)
				v = 0;
			else if ((v = b64_value(s[i + j])) == -1)
				return false;
			w = w << 6 | (uint32_t)v;
		}
		out[n++] = w >> 16;
		if (i + 4 < slen || pad < 2)
			out[n++] = (w >> 8) & 0xff;
		else if (w & 0xffff)
			return false;
		if (i + 4 < slen || pad < 1)
			out[n++] = w & 0xff;
		else if (w & 0xff)
			return false;
	}
	*outlen = n;
	return true;
}


/*
 * DOC: strict decimal parsing shared by XRL atoms, configuration and the CLI.
 */
#include <string.h>

#include "strnum.h"

bool
strnum_u64_len(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t	 v = 0;
	size_t		 i;

	if (len == 0 || len > 20)
		return false;
	for (i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return false;
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

bool
strnum_u64(const char *s, uint64_t max, uint64_t *out)
{
	return strnum_u64_len(s, strlen(s), max, out);
}

bool
strnum_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	uint64_t	 v;

	if (*s == '-') {
		if (!strnum_u64(s + 1, (uint64_t)INT64_MAX + 1, &v))
			return false;
		if (v == (uint64_t)INT64_MAX + 1)
			*out = INT64_MIN;
		else
			*out = -(int64_t)v;
	} else {
		if (!strnum_u64(s, INT64_MAX, &v))
			return false;
		*out = (int64_t)v;
	}
	return *out >= min && *out <= max;
}

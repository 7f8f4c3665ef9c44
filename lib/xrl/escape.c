/*
 * DOC: XORP's modified URL encoding of atom values (spec §3). Encoding turns
 * a space into '+' and writes the reserved set, control bytes and every
 * non-ASCII byte as upper-case %XX; decoding undoes that, accepts either
 * case of hex digit and keeps any other byte (even a raw space) as it is.
 * Both run over a byte class table and write straight into reserved room,
 * since every XRL value passes through here.
 */
#include "strnum.h"
#include "xrl.h"

enum esc_class {
	ESC_COPY = 0,
	ESC_PLUS,
	ESC_HEX,
};

#define HEX8(c)		[c] = ESC_HEX
static const uint8_t esc_class[256] = {
	/* control bytes */
	[0x00 ... 0x1f] = ESC_HEX,
	[0x7f] = ESC_HEX,
	/* non-ASCII, so UTF-8 goes byte by byte */
	[0x80 ... 0xff] = ESC_HEX,
	[' '] = ESC_PLUS,
	HEX8('['), HEX8(']'), HEX8('&'), HEX8('='), HEX8('+'), HEX8('%'),
	HEX8('$'), HEX8(','), HEX8(';'), HEX8('{'), HEX8('}'), HEX8('#'),
};
#undef HEX8

static const char hexupper[16] = "0123456789ABCDEF";

bool
xrl_escape(struct buf *b, const void *src, size_t len)
{
	const uint8_t	*s = src, *end = s + len;
	uint8_t		*d, *start;

	if (len > SIZE_MAX / 3) {
		b->failed = true;
		return false;
	}
	if ((start = d = buf_space(b, len * 3)) == NULL)
		return false;
	for (; s < end; s++) {
		switch (esc_class[*s]) {
		case ESC_COPY:
			*d++ = *s;
			break;
		case ESC_PLUS:
			*d++ = '+';
			break;
		default:
			*d++ = '%';
			*d++ = hexupper[*s >> 4];
			*d++ = hexupper[*s & 0xf];
			break;
		}
	}
	b->len += (size_t)(d - start);
	return true;
}

int
xrl_unescape_to(uint8_t *dst, const char *src, size_t len, size_t *outlen)
{
	const unsigned char	*s = (const unsigned char *)src;
	uint8_t			*d = dst;
	size_t			 i;
	int			 hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '+') {
			*d++ = ' ';
		} else if (s[i] == '%') {
			if (len - i < 3 || (hi = hexdigit(s[i + 1])) < 0 ||
			    (lo = hexdigit(s[i + 2])) < 0)
				return -1;
			*d++ = (uint8_t)(hi << 4 | lo);
			i += 2;
		} else
			*d++ = s[i];
	}
	*outlen = (size_t)(d - dst);
	return 0;
}

/* On a bad escape nothing is appended. */
int
xrl_unescape(struct buf *b, const char *s, size_t len)
{
	uint8_t	*d;
	size_t	 n;

	if ((d = buf_space(b, len)) == NULL)
		return -1;
	if (xrl_unescape_to(d, s, len, &n) == -1)
		return -1;
	b->len += n;
	return 0;
}

/*
 * DOC: mgmt: reading and writing the application/beep+xml elements of
 * channel management, TLS, SASL and TUNNEL (RFC 3080 2.3, 3, 4 and 7;
 * RFC 3620 2; spec digest sections 3, 5, 9-11). See mgmt.h for what is
 * accepted and refused.
 *
 * Parsing runs expat over the whole body at once. Its callbacks check
 * each element against two tables, the attributes it may have and those
 * it must have, and copy what they keep into one string arena allocated
 * up front with room for everything the input can decode to (decoding
 * never makes text longer, see arena_open()), so the pointers handed out
 * never move. The first error stops expat; it is the one reported.
 * Whatever the media type forbids (an XML declaration, a DOCTYPE, a
 * named entity of its own) is caught by an expat callback or error.
 *
 * Writing appends to a struct buf and, on any error, cuts the buf back
 * to where it was.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "buf.h"
#include "mgmt.h"
#include "mime.h"

static const char *const beep_el_names[BEEP_EL_MAX] = {
	[BEEP_EL_NONE] = "none",
	[BEEP_EL_GREETING] = "greeting",
	[BEEP_EL_START] = "start",
	[BEEP_EL_CLOSE] = "close",
	[BEEP_EL_OK] = "ok",
	[BEEP_EL_ERROR] = "error",
	[BEEP_EL_PROFILE] = "profile",
	[BEEP_EL_READY] = "ready",
	[BEEP_EL_PROCEED] = "proceed",
	[BEEP_EL_BLOB] = "blob",
	[BEEP_EL_TUNNEL] = "tunnel",
};

static const struct {
	const char	*str;
	unsigned int	 code;
} beep_mgmt_errs[BEEP_MGMT_ERR_MAX] = {
	[BEEP_MGMT_OK] = { "ok", 200 },
	[BEEP_MGMT_ERR_XML] = { "malformed XML", 500 },
	[BEEP_MGMT_ERR_XML_DECL] = { "XML declaration not allowed", 500 },
	[BEEP_MGMT_ERR_DOCTYPE] = { "DOCTYPE not allowed", 500 },
	[BEEP_MGMT_ERR_ENTITY] = { "entity reference not allowed", 500 },
	[BEEP_MGMT_ERR_LIMIT] = { "element too large", 500 },
	[BEEP_MGMT_ERR_ELEMENT] = { "unknown element", 501 },
	[BEEP_MGMT_ERR_UNEXPECTED] = { "element not expected here", 501 },
	[BEEP_MGMT_ERR_CONTENT] = { "content not allowed in element", 501 },
	[BEEP_MGMT_ERR_ATTR_UNKNOWN] = { "unknown attribute", 501 },
	[BEEP_MGMT_ERR_ATTR_MISSING] = { "required attribute missing", 501 },
	[BEEP_MGMT_ERR_ATTR_VALUE] = { "invalid attribute value", 501 },
	[BEEP_MGMT_ERR_NUMBER] = { "number expected", 501 },
	[BEEP_MGMT_ERR_CODE] = { "reply code not three digits", 501 },
	[BEEP_MGMT_ERR_NO_PROFILE] = { "start without profile", 501 },
	[BEEP_MGMT_ERR_PIGGYBACK] = { "profile content over 4096 octets",
	    501 },
	[BEEP_MGMT_ERR_BASE64] = { "content not valid base64", 501 },
	[BEEP_MGMT_ERR_ADDR] = { "malformed tunnel address", 501 },
	[BEEP_MGMT_ERR_TUNNEL_COMBO] = { "invalid tunnel attribute "
	    "combination", 501 },
	[BEEP_MGMT_ERR_TUNNEL_INNER] = { "tunnel without addressing must be "
	    "innermost", 501 },
	[BEEP_MGMT_ERR_RANGE] = { "parameter out of range", 553 },
	[BEEP_MGMT_ERR_CHAR] = { "string not representable in XML", 500 },
	[BEEP_MGMT_ERR_NOMEM] = { "out of memory", 451 },
};

static const char *const beep_blob_status_names[BEEP_BLOB_STATUS_MAX] = {
	[BEEP_BLOB_CONTINUE] = "continue",
	[BEEP_BLOB_ABORT] = "abort",
	[BEEP_BLOB_COMPLETE] = "complete",
};

const char *
beep_el_name(enum beep_el e)
{
	if ((unsigned int)e >= BEEP_EL_MAX)
		return "unknown";
	return beep_el_names[e];
}

const char *
beep_mgmt_err_str(enum beep_mgmt_err e)
{
	if ((unsigned int)e >= BEEP_MGMT_ERR_MAX)
		return "unknown error";
	return beep_mgmt_errs[e].str;
}

unsigned int
beep_mgmt_err_code(enum beep_mgmt_err e)
{
	if ((unsigned int)e >= BEEP_MGMT_ERR_MAX)
		return 500;
	return beep_mgmt_errs[e].code;
}

const char *
beep_blob_status_name(enum beep_blob_status s)
{
	if ((unsigned int)s >= BEEP_BLOB_STATUS_MAX)
		return "unknown";
	return beep_blob_status_names[s];
}

/* ---- attributes, as tables (RFC 3080 7, RFC 3620 2.2) ------------------- */

enum attr {
	AT_FEATURES,
	AT_LOCALIZE,
	AT_NUMBER,
	AT_SERVERNAME,
	AT_URI,
	AT_ENCODING,
	AT_CODE,
	AT_LANG,
	AT_VERSION,
	AT_STATUS,
	AT_SPACE,
	AT_FQDN,
	AT_IP4,
	AT_IP6,
	AT_PORT,
	AT_SRV,
	AT_PROFILE,
	AT_ENDPOINT,
	AT_MAX
};

static const char *const attr_names[AT_MAX] = {
	[AT_FEATURES] = "features",
	[AT_LOCALIZE] = "localize",
	[AT_NUMBER] = "number",
	[AT_SERVERNAME] = "serverName",
	[AT_URI] = "uri",
	[AT_ENCODING] = "encoding",
	[AT_CODE] = "code",
	[AT_LANG] = "xml:lang",
	[AT_VERSION] = "version",
	[AT_STATUS] = "status",
	[AT_SPACE] = "xml:space",
	[AT_FQDN] = "fqdn",
	[AT_IP4] = "ip4",
	[AT_IP6] = "ip6",
	[AT_PORT] = "port",
	[AT_SRV] = "srv",
	[AT_PROFILE] = "profile",
	[AT_ENDPOINT] = "endpoint",
};

#define A(a)	(1U << (a))

/* The attributes each element may carry. */
static const uint32_t el_attrs[BEEP_EL_MAX] = {
	[BEEP_EL_GREETING] = A(AT_FEATURES) | A(AT_LOCALIZE),
	[BEEP_EL_START] = A(AT_NUMBER) | A(AT_SERVERNAME),
	[BEEP_EL_CLOSE] = A(AT_NUMBER) | A(AT_CODE) | A(AT_LANG),
	[BEEP_EL_OK] = 0,
	[BEEP_EL_ERROR] = A(AT_CODE) | A(AT_LANG),
	[BEEP_EL_PROFILE] = A(AT_URI) | A(AT_ENCODING),
	[BEEP_EL_READY] = A(AT_VERSION),
	[BEEP_EL_PROCEED] = 0,
	[BEEP_EL_BLOB] = A(AT_STATUS) | A(AT_SPACE),
	[BEEP_EL_TUNNEL] = A(AT_FQDN) | A(AT_IP4) | A(AT_IP6) | A(AT_PORT) |
	    A(AT_SRV) | A(AT_PROFILE) | A(AT_ENDPOINT),
};

/* ... and those it must. */
static const uint32_t el_required[BEEP_EL_MAX] = {
	[BEEP_EL_START] = A(AT_NUMBER),
	[BEEP_EL_CLOSE] = A(AT_CODE),
	[BEEP_EL_ERROR] = A(AT_CODE),
	[BEEP_EL_PROFILE] = A(AT_URI),
};

/* RFC 3620 2.2: the attribute sets a tunnel element may have. */
#define T_FQDN		A(AT_FQDN)
#define T_IP4		A(AT_IP4)
#define T_IP6		A(AT_IP6)
#define T_PORT		A(AT_PORT)
#define T_SRV		A(AT_SRV)
#define T_PROFILE	A(AT_PROFILE)
#define T_ENDPOINT	A(AT_ENDPOINT)

static const struct {
	uint32_t	 attrs;
	bool		 innermost;	/* only on the innermost element */
} tunnel_sets[] = {
	{ T_FQDN | T_PORT, false },
	{ T_FQDN | T_SRV, false },
	{ T_FQDN | T_SRV | T_PORT, false },
	{ T_IP4 | T_PORT, false },
	{ T_IP6 | T_PORT, false },
	{ T_PROFILE, true },
	{ T_ENDPOINT, true },
	{ 0, true },
};

/* ---- values ---------------------------------------------------------- */

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_xml_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Decimal digits only, leading zeros allowed; the value in min..max. */
static enum beep_mgmt_err
num_parse(const char *s, uint32_t min, uint32_t max, uint32_t *v)
{
	uint64_t	 n = 0;
	bool		 big = false;

	if (*s == '\0')
		return BEEP_MGMT_ERR_NUMBER;
	for (; *s != '\0'; s++) {
		if (!is_digit(*s))
			return BEEP_MGMT_ERR_NUMBER;
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > max) {
			big = true;
			n = max + 1ULL;
		}
	}
	if (big || n < min)
		return BEEP_MGMT_ERR_RANGE;
	*v = (uint32_t)n;
	return BEEP_MGMT_OK;
}

/* RFC 3080 7.1: a reply code, [1-5][0-9][0-9]. */
static enum beep_mgmt_err
code_parse(const char *s, uint16_t *v)
{
	if (s[0] < '1' || s[0] > '5' || !is_digit(s[1]) || !is_digit(s[2]) ||
	    s[3] != '\0')
		return BEEP_MGMT_ERR_CODE;
	*v = (uint16_t)((s[0] - '0') * 100 + (s[1] - '0') * 10 + s[2] - '0');
	return BEEP_MGMT_OK;
}

static bool
code_ok(uint16_t code)
{
	return code >= 100 && code <= 599;
}

/* The TLS version: digits, optionally dotted ("1", "1.2"). */
static bool
version_ok(const char *s)
{
	bool	 digit = false;

	for (; *s != '\0'; s++) {
		if (is_digit(*s))
			digit = true;
		else if (*s == '.' && digit)
			digit = false;
		else
			return false;
	}
	return digit;
}

/* A DNS name: labels of 1..63 letters, digits, '-' or '_'. */
static enum beep_mgmt_err
fqdn_check(const char *s)
{
	size_t	 n = strlen(s), label = 0, i;

	if (n > 0 && s[n - 1] == '.')
		n--;			/* the root, written out */
	if (n == 0 || n > 253)
		return BEEP_MGMT_ERR_ADDR;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return BEEP_MGMT_ERR_ADDR;
			label = 0;
		} else if (is_alnum(s[i]) || s[i] == '_' ||
		    (s[i] == '-' && label > 0)) {
			if (++label > 63)
				return BEEP_MGMT_ERR_ADDR;
		} else
			return BEEP_MGMT_ERR_ADDR;
	}
	return s[n - 1] == '-' ? BEEP_MGMT_ERR_ADDR : BEEP_MGMT_OK;
}

/*
 * Dotted quad, decimal: letters or a wrong shape are syntax (501), an
 * octet over 255 a bad value (553). A leading zero is refused: some
 * resolvers read it as octal.
 */
static enum beep_mgmt_err
ip4_check(const char *s)
{
	const char	*first;
	unsigned int	 part, digits, v;

	for (part = 0; part < 4; part++) {
		if (part > 0 && *s++ != '.')
			return BEEP_MGMT_ERR_ADDR;
		first = s;
		for (digits = 0, v = 0; is_digit(*s) && digits < 4;
		    s++, digits++)
			v = v * 10 + (unsigned int)(*s - '0');
		if (digits == 0 || digits > 3 || (digits > 1 && *first == '0'))
			return BEEP_MGMT_ERR_ADDR;
		if (v > 255)
			return BEEP_MGMT_ERR_RANGE;
	}
	return *s == '\0' ? BEEP_MGMT_OK : BEEP_MGMT_ERR_ADDR;
}

static enum beep_mgmt_err
ip6_check(const char *s)
{
	struct in6_addr	 a;

	if (strlen(s) > 45 || inet_pton(AF_INET6, s, &a) != 1)
		return BEEP_MGMT_ERR_ADDR;
	return BEEP_MGMT_OK;
}

/* Two underscore labels joined by a dot: "_sep._tcp" (RFC 3620 2.2). */
static enum beep_mgmt_err
srv_check(const char *s)
{
	unsigned int	 label, n;

	for (label = 0; label < 2; label++) {
		if (label > 0 && *s++ != '.')
			return BEEP_MGMT_ERR_ADDR;
		if (*s++ != '_')
			return BEEP_MGMT_ERR_ADDR;
		for (n = 0; is_alnum(*s) || (*s == '-' && n > 0); s++)
			n++;
		if (n == 0 || n > 62 || s[-1] == '-')
			return BEEP_MGMT_ERR_ADDR;
	}
	return *s == '\0' ? BEEP_MGMT_OK : BEEP_MGMT_ERR_ADDR;
}

static uint32_t
hop_attrs(const struct beep_tunnel_hop *h)
{
	return (h->fqdn ? T_FQDN : 0) | (h->ip4 ? T_IP4 : 0) |
	    (h->ip6 ? T_IP6 : 0) | (h->port ? T_PORT : 0) |
	    (h->srv ? T_SRV : 0) | (h->profile ? T_PROFILE : 0) |
	    (h->endpoint ? T_ENDPOINT : 0);
}

static enum beep_mgmt_err
hop_check(const struct beep_tunnel_hop *h, bool innermost)
{
	enum beep_mgmt_err	 e = BEEP_MGMT_OK;
	uint32_t		 attrs = hop_attrs(h);
	size_t			 i;

	if (h->fqdn && (e = fqdn_check(h->fqdn)) != BEEP_MGMT_OK)
		return e;
	if (h->ip4 && (e = ip4_check(h->ip4)) != BEEP_MGMT_OK)
		return e;
	if (h->ip6 && (e = ip6_check(h->ip6)) != BEEP_MGMT_OK)
		return e;
	if (h->srv && (e = srv_check(h->srv)) != BEEP_MGMT_OK)
		return e;
	if ((h->profile && h->profile[0] == '\0') ||
	    (h->endpoint && h->endpoint[0] == '\0'))
		return BEEP_MGMT_ERR_ATTR_VALUE;
	for (i = 0; i < sizeof(tunnel_sets) / sizeof(tunnel_sets[0]); i++)
		if (tunnel_sets[i].attrs == attrs)
			return tunnel_sets[i].innermost && !innermost ?
			    BEEP_MGMT_ERR_TUNNEL_INNER : BEEP_MGMT_OK;
	return BEEP_MGMT_ERR_TUNNEL_COMBO;
}

enum beep_mgmt_err
beep_tunnel_check(const struct beep_tunnel_hop *hops, size_t nhops)
{
	enum beep_mgmt_err	 e;
	size_t			 i;

	if (nhops == 0 || hops == NULL)
		return BEEP_MGMT_ERR_CONTENT;
	if (nhops > BEEP_TUNNEL_HOPS_MAX)
		return BEEP_MGMT_ERR_LIMIT;
	for (i = 0; i < nhops; i++)
		if ((e = hop_check(&hops[i], i + 1 == nhops)) != BEEP_MGMT_OK)
			return e;
	return BEEP_MGMT_OK;
}

/* ---- base64 (RFC 4648 4) --------------------------------------------- */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
b64_value(uint8_t c)
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
 * Decode p[0..len) in place, skipping XML whitespace; padding required,
 * and only at the end. The output never overtakes the input.
 */
static enum beep_mgmt_err
b64_decode(uint8_t *p, size_t len, size_t *out)
{
	uint32_t	 acc = 0;
	size_t		 i, o = 0;
	unsigned int	 n = 0, pad = 0;
	int		 v;

	for (i = 0; i < len; i++) {
		if (is_xml_ws(p[i]))
			continue;
		if (p[i] == '=') {
			/* "xx==" or "xxx=" */
			if (n + pad < 2 || n + pad >= 4)
				return BEEP_MGMT_ERR_BASE64;
			pad++;
			if (n + pad == 4) {
				if (n == 2)
					p[o++] = (uint8_t)(acc >> 4);
				else {
					p[o++] = (uint8_t)(acc >> 10);
					p[o++] = (uint8_t)(acc >> 2);
				}
				n = 0;
			}
			continue;
		}
		if (pad > 0 || (v = b64_value(p[i])) < 0)
			return BEEP_MGMT_ERR_BASE64;
		acc = acc << 6 | (uint32_t)v;
		if (++n == 4) {
			p[o++] = (uint8_t)(acc >> 16);
			p[o++] = (uint8_t)(acc >> 8);
			p[o++] = (uint8_t)acc;
			n = 0;
			acc = 0;
		}
	}
	if (n != 0)
		return BEEP_MGMT_ERR_BASE64;
	*out = o;
	return BEEP_MGMT_OK;
}

static size_t
b64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

static void
b64_put(struct buf *b, const uint8_t *p, size_t n)
{
	char		 q[4];
	uint32_t	 v;
	size_t		 i;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = b64_alphabet[v >> 18 & 63];
		q[1] = b64_alphabet[v >> 12 & 63];
		q[2] = i + 1 < n ? b64_alphabet[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? b64_alphabet[v & 63] : '=';
		(void)buf_put_bytes(b, q, 4);
	}
}

/* ---- parsing --------------------------------------------------------- */

struct mgmt_parse {
	XML_Parser		 xp;
	struct beep_mgmt	*m;
	unsigned int		 allow;
	enum beep_mgmt_err	 err;
	unsigned int		 depth;
	enum beep_el		 stack[BEEP_TUNNEL_HOPS_MAX + 1];
	/* the text of the open element, when it is kept */
	bool			 collect;
	char			*text;
	size_t			 text_len;
	size_t			 text_max;
	enum beep_mgmt_err	 text_err;	/* over text_max */
	enum beep_encoding	 text_enc;
	struct beep_profile	*prof;
};

static void
parse_fail(struct mgmt_parse *pp, enum beep_mgmt_err e)
{
	if (pp->err == BEEP_MGMT_OK && e != BEEP_MGMT_OK) {
		pp->err = e;
		(void)XML_StopParser(pp->xp, XML_FALSE);
	}
}

/*
 * The arena: XML decoding only shrinks text (a reference is longer than
 * its character, CR LF becomes LF) and each kept string comes from at
 * least as many input octets plus a quote or delimiter for its NUL, so
 * twice the input is room enough; arena_put() still checks.
 */
static bool
arena_open(struct beep_mgmt *m, size_t len)
{
	m->strs_cap = 2 * len + 64;
	m->strs_len = 0;
	return (m->strs = malloc(m->strs_cap)) != NULL;
}

static char *
arena_put(struct mgmt_parse *pp, const void *p, size_t n)
{
	struct beep_mgmt	*m = pp->m;
	char			*s;

	if (n > m->strs_cap - m->strs_len) {
		parse_fail(pp, BEEP_MGMT_ERR_LIMIT);
		return NULL;
	}
	s = m->strs + m->strs_len;
	if (n)
		memcpy(s, p, n);
	m->strs_len += n;
	return s;
}

static const char *
arena_str(struct mgmt_parse *pp, const char *v)
{
	char	*s;

	if (v == NULL)
		return NULL;
	if ((s = arena_put(pp, v, strlen(v) + 1)) == NULL)
		return NULL;
	return s;
}

static enum beep_el
el_lookup(const char *name)
{
	unsigned int	 i;

	for (i = BEEP_EL_NONE + 1; i < BEEP_EL_MAX; i++)
		if (strcmp(name, beep_el_names[i]) == 0)
			return i;
	return BEEP_EL_NONE;
}

/* Sort the attributes into v[]: unknown ones and missing ones fail. */
static enum beep_mgmt_err
attrs_get(enum beep_el el, const char **atts, const char *v[AT_MAX])
{
	unsigned int	 a;
	uint32_t	 seen = 0;

	memset(v, 0, sizeof(*v) * AT_MAX);
	for (; atts[0] != NULL; atts += 2) {
		for (a = 0; a < AT_MAX; a++)
			if (strcmp(atts[0], attr_names[a]) == 0)
				break;
		if (a == AT_MAX || (el_attrs[el] & A(a)) == 0)
			return BEEP_MGMT_ERR_ATTR_UNKNOWN;
		v[a] = atts[1];
		seen |= A(a);
	}
	if ((seen & el_required[el]) != el_required[el])
		return BEEP_MGMT_ERR_ATTR_MISSING;
	return BEEP_MGMT_OK;
}

static void
text_begin(struct mgmt_parse *pp, size_t max, enum beep_mgmt_err over,
    enum beep_encoding enc)
{
	pp->collect = true;
	pp->text = pp->m->strs + pp->m->strs_len;
	pp->text_len = 0;
	pp->text_max = max;
	pp->text_err = over;
	pp->text_enc = enc;
}

/* NUL-end the text, decoded; NULL when empty. */
static const uint8_t *
text_end(struct mgmt_parse *pp, size_t *len)
{
	enum beep_mgmt_err	 e;
	char			*t = pp->text;
	size_t			 n = pp->text_len;

	pp->collect = false;
	if (pp->text_enc == BEEP_ENC_BASE64) {
		if ((e = b64_decode((uint8_t *)t, n, &n)) != BEEP_MGMT_OK) {
			parse_fail(pp, e);
			return NULL;
		}
		/* decoding shrank it: give the room back */
		pp->m->strs_len -= pp->text_len - n;
	}
	*len = n;
	if (arena_put(pp, "", 1) == NULL)
		return NULL;
	t[n] = '\0';
	return n > 0 ? (const uint8_t *)t : NULL;
}

static enum beep_mgmt_err
profile_begin(struct mgmt_parse *pp, struct beep_profile *p,
    const char *v[AT_MAX], bool in_greeting)
{
	memset(p, 0, sizeof(*p));
	if (v[AT_URI][0] == '\0')
		return BEEP_MGMT_ERR_ATTR_VALUE;
	if (v[AT_ENCODING] == NULL || strcmp(v[AT_ENCODING], "none") == 0)
		p->encoding = BEEP_ENC_NONE;
	else if (strcmp(v[AT_ENCODING], "base64") == 0)
		p->encoding = BEEP_ENC_BASE64;
	else
		return BEEP_MGMT_ERR_ATTR_VALUE;
	if ((p->uri = arena_str(pp, v[AT_URI])) == NULL)
		return pp->err;
	pp->prof = p;
	if (!in_greeting)
		text_begin(pp, BEEP_PIGGYBACK_MAX, BEEP_MGMT_ERR_PIGGYBACK,
		    p->encoding);
	return BEEP_MGMT_OK;
}

static enum beep_mgmt_err
tunnel_begin(struct mgmt_parse *pp, const char *v[AT_MAX])
{
	struct beep_mgmt	*m = pp->m;
	struct beep_tunnel_hop	*h;
	enum beep_mgmt_err	 e;
	uint32_t		 port;

	/* one nested element at most (RFC 3620 2.2) */
	if (m->u.tunnel.nhops > pp->depth)
		return BEEP_MGMT_ERR_CONTENT;
	if (pp->depth >= BEEP_TUNNEL_HOPS_MAX)
		return BEEP_MGMT_ERR_LIMIT;
	h = &m->hops[m->u.tunnel.nhops++];
	memset(h, 0, sizeof(*h));
	if (v[AT_PORT] != NULL) {
		if ((e = num_parse(v[AT_PORT], 1, 65535, &port)) !=
		    BEEP_MGMT_OK)
			return e;
		h->port = (uint16_t)port;
	}
	h->fqdn = arena_str(pp, v[AT_FQDN]);
	h->ip4 = arena_str(pp, v[AT_IP4]);
	h->ip6 = arena_str(pp, v[AT_IP6]);
	h->srv = arena_str(pp, v[AT_SRV]);
	h->profile = arena_str(pp, v[AT_PROFILE]);
	h->endpoint = arena_str(pp, v[AT_ENDPOINT]);
	return pp->err;
}

/* The root element's attributes. */
static enum beep_mgmt_err
root_begin(struct mgmt_parse *pp, enum beep_el el, const char *v[AT_MAX])
{
	struct beep_mgmt	*m = pp->m;
	enum beep_mgmt_err	 e = BEEP_MGMT_OK;
	uint32_t		 n;

	m->type = el;
	switch (el) {
	case BEEP_EL_GREETING:
		m->u.greeting.profiles = m->profiles;
		m->u.greeting.features = arena_str(pp, v[AT_FEATURES]);
		m->u.greeting.localize = arena_str(pp, v[AT_LOCALIZE]);
		break;
	case BEEP_EL_START:
		m->u.start.profiles = m->profiles;
		if ((e = num_parse(v[AT_NUMBER], 1, BEEP_CHANNEL_MAX, &n)) !=
		    BEEP_MGMT_OK)
			return e;
		m->u.start.number = n;
		m->u.start.server_name = arena_str(pp, v[AT_SERVERNAME]);
		break;
	case BEEP_EL_CLOSE:
		/* a missing number is the session (RFC 3080 2.3.1.3) */
		if (v[AT_NUMBER] != NULL && (e = num_parse(v[AT_NUMBER], 0,
		    BEEP_CHANNEL_MAX, &m->u.close.number)) != BEEP_MGMT_OK)
			return e;
		if ((e = code_parse(v[AT_CODE], &m->u.close.code)) !=
		    BEEP_MGMT_OK)
			return e;
		m->u.close.lang = arena_str(pp, v[AT_LANG]);
		text_begin(pp, BEEP_MGMT_LEN_MAX, BEEP_MGMT_ERR_LIMIT,
		    BEEP_ENC_NONE);
		break;
	case BEEP_EL_ERROR:
		if ((e = code_parse(v[AT_CODE], &m->u.error.code)) !=
		    BEEP_MGMT_OK)
			return e;
		m->u.error.lang = arena_str(pp, v[AT_LANG]);
		text_begin(pp, BEEP_MGMT_LEN_MAX, BEEP_MGMT_ERR_LIMIT,
		    BEEP_ENC_NONE);
		break;
	case BEEP_EL_PROFILE:
		return profile_begin(pp, &m->u.profile, v, false);
	case BEEP_EL_READY:
		if (v[AT_VERSION] != NULL && !version_ok(v[AT_VERSION]))
			return BEEP_MGMT_ERR_ATTR_VALUE;
		m->u.ready.version = arena_str(pp, v[AT_VERSION]);
		break;
	case BEEP_EL_BLOB:
		if (v[AT_STATUS] != NULL) {
			for (n = 0; n < BEEP_BLOB_STATUS_MAX; n++)
				if (strcmp(v[AT_STATUS],
				    beep_blob_status_names[n]) == 0)
					break;
			if (n == BEEP_BLOB_STATUS_MAX)
				return BEEP_MGMT_ERR_ATTR_VALUE;
			m->u.blob.status = n;
		}
		if (v[AT_SPACE] != NULL && strcmp(v[AT_SPACE], "preserve") &&
		    strcmp(v[AT_SPACE], "default"))
			return BEEP_MGMT_ERR_ATTR_VALUE;
		text_begin(pp, BEEP_MGMT_LEN_MAX, BEEP_MGMT_ERR_LIMIT,
		    BEEP_ENC_BASE64);
		break;
	case BEEP_EL_TUNNEL:
		m->u.tunnel.hops = m->hops;
		return tunnel_begin(pp, v);
	default:
		break;
	}
	return pp->err;
}

static void XMLCALL
on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct mgmt_parse	*pp = ud;
	struct beep_mgmt	*m = pp->m;
	const char		*v[AT_MAX];
	enum beep_mgmt_err	 e;
	enum beep_el		 el, parent;
	size_t			*np;

	if (pp->err != BEEP_MGMT_OK)
		return;
	el = el_lookup(name);
	if (pp->depth == 0) {
		if (el == BEEP_EL_NONE) {
			parse_fail(pp, BEEP_MGMT_ERR_ELEMENT);
			return;
		}
		if ((pp->allow & BEEP_EL_BIT(el)) == 0) {
			parse_fail(pp, BEEP_MGMT_ERR_UNEXPECTED);
			return;
		}
		if ((e = attrs_get(el, atts, v)) != BEEP_MGMT_OK ||
		    (e = root_begin(pp, el, v)) != BEEP_MGMT_OK) {
			parse_fail(pp, e);
			return;
		}
		pp->stack[pp->depth++] = el;
		return;
	}
	parent = pp->stack[pp->depth - 1];
	switch (parent) {
	case BEEP_EL_GREETING:
	case BEEP_EL_START:
		if (el != BEEP_EL_PROFILE) {
			e = el == BEEP_EL_NONE ? BEEP_MGMT_ERR_ELEMENT :
			    BEEP_MGMT_ERR_CONTENT;
			break;
		}
		np = parent == BEEP_EL_GREETING ? &m->u.greeting.nprofiles :
		    &m->u.start.nprofiles;
		if (*np == BEEP_MGMT_PROFILES_MAX) {
			e = BEEP_MGMT_ERR_LIMIT;
			break;
		}
		if ((e = attrs_get(el, atts, v)) == BEEP_MGMT_OK)
			e = profile_begin(pp, &m->profiles[(*np)++], v,
			    parent == BEEP_EL_GREETING);
		break;
	case BEEP_EL_TUNNEL:
		if (el != BEEP_EL_TUNNEL) {
			e = el == BEEP_EL_NONE ? BEEP_MGMT_ERR_ELEMENT :
			    BEEP_MGMT_ERR_CONTENT;
			break;
		}
		if ((e = attrs_get(el, atts, v)) == BEEP_MGMT_OK)
			e = tunnel_begin(pp, v);
		break;
	default:
		/* everything else holds text at most */
		e = el == BEEP_EL_NONE ? BEEP_MGMT_ERR_ELEMENT :
		    BEEP_MGMT_ERR_CONTENT;
		break;
	}
	if (e != BEEP_MGMT_OK) {
		parse_fail(pp, e);
		return;
	}
	pp->stack[pp->depth++] = el;
}

static void XMLCALL
on_end(void *ud, const XML_Char *name)
{
	struct mgmt_parse	*pp = ud;
	struct beep_mgmt	*m = pp->m;
	const uint8_t		*t;
	enum beep_mgmt_err	 e;
	enum beep_el		 el;
	size_t			 n = 0;

	if (pp->err != BEEP_MGMT_OK || pp->depth == 0)
		return;
	el = pp->stack[--pp->depth];
	if (pp->collect) {
		t = text_end(pp, &n);
		if (pp->err != BEEP_MGMT_OK)
			return;
		switch (el) {
		case BEEP_EL_PROFILE:
			pp->prof->content = t;
			pp->prof->content_len = n;
			break;
		case BEEP_EL_CLOSE:
			m->u.close.text = (const char *)t;
			break;
		case BEEP_EL_ERROR:
			m->u.error.text = (const char *)t;
			break;
		case BEEP_EL_BLOB:
			m->u.blob.data = t;
			m->u.blob.len = n;
			break;
		default:
			break;
		}
	}
	if (pp->depth > 0)
		return;
	if (el == BEEP_EL_START && m->u.start.nprofiles == 0)
		parse_fail(pp, BEEP_MGMT_ERR_NO_PROFILE);
	else if (el == BEEP_EL_TUNNEL && (e = beep_tunnel_check(
	    m->u.tunnel.hops, m->u.tunnel.nhops)) != BEEP_MGMT_OK)
		parse_fail(pp, e);
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct mgmt_parse	*pp = ud;
	int			 i;

	if (pp->err != BEEP_MGMT_OK || len <= 0)
		return;
	if (pp->collect) {
		if ((size_t)len > pp->text_max - pp->text_len) {
			parse_fail(pp, pp->text_err);
			return;
		}
		if (arena_put(pp, s, (size_t)len) != NULL)
			pp->text_len += (size_t)len;
		return;
	}
	for (i = 0; i < len; i++)
		if (!is_xml_ws((unsigned char)s[i])) {
			parse_fail(pp, BEEP_MGMT_ERR_CONTENT);
			return;
		}
}

/* digest 3: no XML declaration, no DOCTYPE, no entities of our own */
static void XMLCALL
on_xml_decl(void *ud, const XML_Char *version, const XML_Char *encoding,
    int standalone)
{
	parse_fail(ud, BEEP_MGMT_ERR_XML_DECL);
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	parse_fail(ud, BEEP_MGMT_ERR_DOCTYPE);
}

static void XMLCALL
on_entity_decl(void *ud, const XML_Char *name, int is_param,
    const XML_Char *value, int value_len, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid, const XML_Char *notation)
{
	parse_fail(ud, BEEP_MGMT_ERR_DOCTYPE);
}

static void XMLCALL
on_skipped_entity(void *ud, const XML_Char *name, int is_param)
{
	parse_fail(ud, BEEP_MGMT_ERR_ENTITY);
}

static enum beep_mgmt_err
xml_err_map(enum XML_Error xe)
{
	switch (xe) {
	case XML_ERROR_UNDEFINED_ENTITY:
	case XML_ERROR_RECURSIVE_ENTITY_REF:
	case XML_ERROR_BINARY_ENTITY_REF:
	case XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF:
		return BEEP_MGMT_ERR_ENTITY;
	case XML_ERROR_MISPLACED_XML_PI:
		return BEEP_MGMT_ERR_XML_DECL;
	case XML_ERROR_NO_MEMORY:
		return BEEP_MGMT_ERR_NOMEM;
	default:
		return BEEP_MGMT_ERR_XML;
	}
}

void
beep_mgmt_clear(struct beep_mgmt *m)
{
	free(m->strs);
	m->strs = NULL;
	m->strs_len = m->strs_cap = 0;
	m->type = BEEP_EL_NONE;
	memset(&m->u, 0, sizeof(m->u));
}

enum beep_mgmt_err
beep_mgmt_parse(struct beep_mgmt *m, const void *p, size_t len,
    unsigned int allow)
{
	struct mgmt_parse	 pp;
	enum XML_Status		 st;

	memset(m, 0, sizeof(*m));
	if (p == NULL) {
		p = "";
		len = 0;
	}
	if (len > BEEP_MGMT_LEN_MAX)
		return BEEP_MGMT_ERR_LIMIT;
	memset(&pp, 0, sizeof(pp));
	pp.m = m;
	pp.allow = allow;
	if (!arena_open(m, len))
		return BEEP_MGMT_ERR_NOMEM;
	/* UTF-8 whatever a BOM says; the charset is the MIME layer's */
	if ((pp.xp = XML_ParserCreate("UTF-8")) == NULL) {
		beep_mgmt_clear(m);
		return BEEP_MGMT_ERR_NOMEM;
	}
	XML_SetUserData(pp.xp, &pp);
	XML_SetElementHandler(pp.xp, on_start, on_end);
	XML_SetCharacterDataHandler(pp.xp, on_text);
	XML_SetXmlDeclHandler(pp.xp, on_xml_decl);
	XML_SetStartDoctypeDeclHandler(pp.xp, on_doctype);
	XML_SetEntityDeclHandler(pp.xp, on_entity_decl);
	XML_SetSkippedEntityHandler(pp.xp, on_skipped_entity);
	(void)XML_SetParamEntityParsing(pp.xp, XML_PARAM_ENTITY_PARSING_NEVER);
	st = XML_Parse(pp.xp, p, (int)len, XML_TRUE);
	if (st != XML_STATUS_OK && pp.err == BEEP_MGMT_OK)
		pp.err = xml_err_map(XML_GetErrorCode(pp.xp));
	if (pp.err != BEEP_MGMT_OK) {
		m->err_line = XML_GetCurrentLineNumber(pp.xp);
		m->err_col = XML_GetCurrentColumnNumber(pp.xp);
		if (XML_GetErrorCode(pp.xp) != XML_ERROR_ABORTED)
			m->err_detail = XML_ErrorString(
			    XML_GetErrorCode(pp.xp));
		beep_mgmt_clear(m);
	}
	XML_ParserFree(pp.xp);
	return pp.err;
}

/* ---- writing --------------------------------------------------------- */

/*
 * The length of the XML Char (XML 1.0 2.2) encoded in UTF-8 at s[0..n),
 * or 0 if there is none: invalid UTF-8, a control character, a
 * surrogate, U+FFFE or U+FFFF.
 */
static size_t
xml_char_len(const uint8_t *s, size_t n)
{
	uint32_t	 c;
	size_t		 len, i;

	if (s[0] < 0x80) {
		if (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' &&
		    s[0] != '\r')
			return 0;
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ||
	    c == 0xfffe || c == 0xffff)
		return 0;
	return len;
}

/*
 * s[0..n) as attribute value (attr) or text. Whitespace an XML parser
 * would normalize goes as a character reference, so it reads back.
 */
static enum beep_mgmt_err
put_escaped(struct buf *b, const void *p, size_t n, bool attr)
{
	const uint8_t	*s = p;
	const char	*rep;
	size_t		 i, c, run = 0;

	for (i = 0; i < n; i += c) {
		if ((c = xml_char_len(s + i, n - i)) == 0)
			return BEEP_MGMT_ERR_CHAR;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '\'':
			rep = attr ? "&apos;" : NULL;
			break;
		case '"':
			rep = attr ? "&quot;" : NULL;
			break;
		case '\t':
			rep = attr ? "&#9;" : NULL;
			break;
		case '\n':
			rep = attr ? "&#10;" : NULL;
			break;
		case '\r':
			rep = "&#13;";
			break;
		default:
			rep = NULL;
			break;
		}
		if (rep == NULL) {
			run += c;
			continue;
		}
		(void)buf_put_bytes(b, s + i - run, run);
		(void)buf_put_str(b, rep);
		run = 0;
	}
	(void)buf_put_bytes(b, s + n - run, run);
	return BEEP_MGMT_OK;
}

static enum beep_mgmt_err
put_attr(struct buf *b, const char *name, const char *value)
{
	enum beep_mgmt_err	 e;

	if (value == NULL)
		return BEEP_MGMT_OK;
	(void)buf_put_str(b, " ");
	(void)buf_put_str(b, name);
	(void)buf_put_str(b, "='");
	if ((e = put_escaped(b, value, strlen(value), true)) != BEEP_MGMT_OK)
		return e;
	(void)buf_put_str(b, "'");
	return BEEP_MGMT_OK;
}

static void
put_attr_num(struct buf *b, const char *name, unsigned long v)
{
	(void)buf_printf(b, " %s='%lu'", name, v);
}

/* The end of a put: out of memory, or an error, cuts b back. */
static enum beep_mgmt_err
put_done(struct buf *b, size_t start, enum beep_mgmt_err e)
{
	if (e == BEEP_MGMT_OK && !buf_ok(b))
		e = BEEP_MGMT_ERR_NOMEM;
	if (e != BEEP_MGMT_OK && buf_ok(b))
		b->len = start;
	return e;
}

/* Whether s[0..n) can go in a CDATA section unchanged. */
static bool
cdata_ok(const uint8_t *s, size_t n)
{
	size_t	 i, c;

	for (i = 0; i < n; i += c) {
		if ((c = xml_char_len(s + i, n - i)) == 0 || s[i] == '\r')
			return false;
		if (i + 3 <= n && memcmp(s + i, "]]>", 3) == 0)
			return false;
	}
	return true;
}

/* An element with text content (or none): "<name attrs" already out. */
static enum beep_mgmt_err
put_text_end(struct buf *b, const char *name, const char *text)
{
	enum beep_mgmt_err	 e;

	if (text == NULL || text[0] == '\0') {
		(void)buf_put_str(b, " />");
		return BEEP_MGMT_OK;
	}
	(void)buf_put_str(b, ">");
	if ((e = put_escaped(b, text, strlen(text), false)) != BEEP_MGMT_OK)
		return e;
	(void)buf_printf(b, "</%s>", name);
	return BEEP_MGMT_OK;
}

static enum beep_mgmt_err
profile_put(struct buf *b, const struct beep_profile *p, bool in_greeting)
{
	enum beep_mgmt_err	 e;

	if (p->uri == NULL)
		return BEEP_MGMT_ERR_ATTR_MISSING;
	if (p->uri[0] == '\0' || (p->encoding != BEEP_ENC_NONE &&
	    p->encoding != BEEP_ENC_BASE64))
		return BEEP_MGMT_ERR_ATTR_VALUE;
	if ((p->content == NULL && p->content_len > 0) ||
	    (in_greeting && p->content_len > 0))
		return BEEP_MGMT_ERR_CONTENT;
	if ((p->encoding == BEEP_ENC_BASE64 ? b64_len(p->content_len) :
	    p->content_len) > BEEP_PIGGYBACK_MAX)
		return BEEP_MGMT_ERR_PIGGYBACK;
	(void)buf_put_str(b, "<profile");
	if ((e = put_attr(b, "uri", p->uri)) != BEEP_MGMT_OK)
		return e;
	if (p->encoding == BEEP_ENC_BASE64)
		(void)buf_put_str(b, " encoding='base64'");
	if (p->content_len == 0) {
		(void)buf_put_str(b, " />");
		return BEEP_MGMT_OK;
	}
	(void)buf_put_str(b, ">");
	if (p->encoding == BEEP_ENC_BASE64)
		b64_put(b, p->content, p->content_len);
	else if (cdata_ok(p->content, p->content_len)) {
		(void)buf_put_str(b, "<![CDATA[");
		(void)buf_put_bytes(b, p->content, p->content_len);
		(void)buf_put_str(b, "]]>");
	} else if ((e = put_escaped(b, p->content, p->content_len, false)) !=
	    BEEP_MGMT_OK)
		return e;
	(void)buf_put_str(b, "</profile>");
	return BEEP_MGMT_OK;
}

/* A greeting's or a start's profiles, one per line, then the end tag. */
static enum beep_mgmt_err
profiles_put(struct buf *b, const char *name,
    const struct beep_profile *profiles, size_t n)
{
	enum beep_mgmt_err	 e;
	size_t			 i;

	if (n == 0) {
		(void)buf_put_str(b, " />");
		return BEEP_MGMT_OK;
	}
	if (profiles == NULL)
		return BEEP_MGMT_ERR_CONTENT;
	if (n > BEEP_MGMT_PROFILES_MAX)
		return BEEP_MGMT_ERR_LIMIT;
	(void)buf_put_str(b, ">\r\n");
	for (i = 0; i < n; i++) {
		(void)buf_put_str(b, "   ");
		if ((e = profile_put(b, &profiles[i],
		    strcmp(name, "greeting") == 0)) != BEEP_MGMT_OK)
			return e;
		(void)buf_put_str(b, "\r\n");
	}
	(void)buf_printf(b, "</%s>", name);
	return BEEP_MGMT_OK;
}

enum beep_mgmt_err
beep_greeting_put(struct buf *b, const struct beep_greeting *g)
{
	enum beep_mgmt_err	 e;
	size_t			 start = b->len;

	(void)buf_put_str(b, "<greeting");
	if ((e = put_attr(b, "features", g->features)) == BEEP_MGMT_OK &&
	    (e = put_attr(b, "localize", g->localize)) == BEEP_MGMT_OK)
		e = profiles_put(b, "greeting", g->profiles, g->nprofiles);
	return put_done(b, start, e);
}

enum beep_mgmt_err
beep_start_put(struct buf *b, const struct beep_start *s)
{
	enum beep_mgmt_err	 e;
	size_t			 start = b->len;

	if (s->number == 0 || s->number > BEEP_CHANNEL_MAX)
		return BEEP_MGMT_ERR_RANGE;
	if (s->nprofiles == 0)
		return BEEP_MGMT_ERR_NO_PROFILE;
	(void)buf_put_str(b, "<start");
	put_attr_num(b, "number", s->number);
	if ((e = put_attr(b, "serverName", s->server_name)) == BEEP_MGMT_OK)
		e = profiles_put(b, "start", s->profiles, s->nprofiles);
	return put_done(b, start, e);
}

enum beep_mgmt_err
beep_profile_put(struct buf *b, const struct beep_profile *p)
{
	size_t	 start = b->len;

	return put_done(b, start, profile_put(b, p, false));
}

enum beep_mgmt_err
beep_close_put(struct buf *b, const struct beep_close *c)
{
	enum beep_mgmt_err	 e;
	size_t			 start = b->len;

	if (c->number > BEEP_CHANNEL_MAX)
		return BEEP_MGMT_ERR_RANGE;
	if (!code_ok(c->code))
		return BEEP_MGMT_ERR_CODE;
	/* number always, even 0: Vortex needs it (digest 13, note 4) */
	(void)buf_put_str(b, "<close");
	put_attr_num(b, "number", c->number);
	put_attr_num(b, "code", c->code);
	if ((e = put_attr(b, "xml:lang", c->lang)) == BEEP_MGMT_OK)
		e = put_text_end(b, "close", c->text);
	return put_done(b, start, e);
}

enum beep_mgmt_err
beep_ok_put(struct buf *b)
{
	size_t	 start = b->len;

	(void)buf_put_str(b, "<ok />");
	return put_done(b, start, BEEP_MGMT_OK);
}

enum beep_mgmt_err
beep_error_put(struct buf *b, const struct beep_error *er)
{
	enum beep_mgmt_err	 e;
	size_t			 start = b->len;

	if (!code_ok(er->code))
		return BEEP_MGMT_ERR_CODE;
	(void)buf_put_str(b, "<error");
	put_attr_num(b, "code", er->code);
	if ((e = put_attr(b, "xml:lang", er->lang)) == BEEP_MGMT_OK)
		e = put_text_end(b, "error", er->text);
	return put_done(b, start, e);
}

/* Vortex compares the strings "<ready />" and "<proceed />" (digest 9). */
enum beep_mgmt_err
beep_tls_ready_put(struct buf *b, const struct beep_tls_ready *r)
{
	size_t	 start = b->len;

	if (r == NULL || r->version == NULL) {
		(void)buf_put_str(b, "<ready />");
		return put_done(b, start, BEEP_MGMT_OK);
	}
	if (!version_ok(r->version))
		return BEEP_MGMT_ERR_ATTR_VALUE;
	(void)buf_printf(b, "<ready version='%s' />", r->version);
	return put_done(b, start, BEEP_MGMT_OK);
}

enum beep_mgmt_err
beep_tls_proceed_put(struct buf *b)
{
	size_t	 start = b->len;

	(void)buf_put_str(b, "<proceed />");
	return put_done(b, start, BEEP_MGMT_OK);
}

enum beep_mgmt_err
beep_sasl_blob_put(struct buf *b, const struct beep_sasl_blob *bl)
{
	size_t	 start = b->len;

	if ((unsigned int)bl->status >= BEEP_BLOB_STATUS_MAX)
		return BEEP_MGMT_ERR_ATTR_VALUE;
	if (bl->data == NULL && bl->len > 0)
		return BEEP_MGMT_ERR_CONTENT;
	if (b64_len(bl->len) > BEEP_MGMT_LEN_MAX)
		return BEEP_MGMT_ERR_LIMIT;
	(void)buf_put_str(b, "<blob");
	if (bl->status != BEEP_BLOB_CONTINUE)
		(void)buf_printf(b, " status='%s'",
		    beep_blob_status_names[bl->status]);
	if (bl->len == 0)
		(void)buf_put_str(b, " />");
	else {
		(void)buf_put_str(b, ">");
		b64_put(b, bl->data, bl->len);
		(void)buf_put_str(b, "</blob>");
	}
	return put_done(b, start, BEEP_MGMT_OK);
}

enum beep_mgmt_err
beep_tunnel_put(struct buf *b, const struct beep_tunnel_hop *hops,
    size_t nhops)
{
	const struct beep_tunnel_hop	*h;
	enum beep_mgmt_err		 e;
	size_t				 i, start = b->len;

	if ((e = beep_tunnel_check(hops, nhops)) != BEEP_MGMT_OK)
		return e;
	for (i = 0; i < nhops; i++) {
		h = &hops[i];
		(void)buf_put_str(b, "<tunnel");
		if ((e = put_attr(b, "fqdn", h->fqdn)) != BEEP_MGMT_OK ||
		    (e = put_attr(b, "ip4", h->ip4)) != BEEP_MGMT_OK ||
		    (e = put_attr(b, "ip6", h->ip6)) != BEEP_MGMT_OK)
			return put_done(b, start, e);
		if (h->port != 0)
			put_attr_num(b, "port", h->port);
		if ((e = put_attr(b, "srv", h->srv)) != BEEP_MGMT_OK ||
		    (e = put_attr(b, "profile", h->profile)) !=
		    BEEP_MGMT_OK ||
		    (e = put_attr(b, "endpoint", h->endpoint)) !=
		    BEEP_MGMT_OK)
			return put_done(b, start, e);
		(void)buf_put_str(b, i + 1 == nhops ? " />" : ">");
	}
	for (i = 1; i < nhops; i++)
		(void)buf_put_str(b, "</tunnel>");
	return put_done(b, start, BEEP_MGMT_OK);
}

enum beep_mgmt_err
beep_mgmt_put(struct buf *b, const struct beep_mgmt *m)
{
	switch (m->type) {
	case BEEP_EL_GREETING:
		return beep_greeting_put(b, &m->u.greeting);
	case BEEP_EL_START:
		return beep_start_put(b, &m->u.start);
	case BEEP_EL_CLOSE:
		return beep_close_put(b, &m->u.close);
	case BEEP_EL_OK:
		return beep_ok_put(b);
	case BEEP_EL_ERROR:
		return beep_error_put(b, &m->u.error);
	case BEEP_EL_PROFILE:
		return beep_profile_put(b, &m->u.profile);
	case BEEP_EL_READY:
		return beep_tls_ready_put(b, &m->u.ready);
	case BEEP_EL_PROCEED:
		return beep_tls_proceed_put(b);
	case BEEP_EL_BLOB:
		return beep_sasl_blob_put(b, &m->u.blob);
	case BEEP_EL_TUNNEL:
		return beep_tunnel_put(b, m->u.tunnel.hops, m->u.tunnel.nhops);
	default:
		return BEEP_MGMT_ERR_ELEMENT;
	}
}

enum beep_mgmt_err
beep_mgmt_msg_put(struct buf *b, const struct beep_mgmt *m)
{
	enum beep_mgmt_err	 e;
	size_t			 start = b->len;

	if (beep_mime_put(b, BEEP_MIME_XML, NULL, 0) != BEEP_MIME_OK)
		return put_done(b, start, BEEP_MGMT_ERR_NOMEM);
	if ((e = beep_mgmt_put(b, m)) != BEEP_MGMT_OK)
		return put_done(b, start, e);
	(void)buf_put_str(b, "\r\n");
	return put_done(b, start, BEEP_MGMT_OK);
}

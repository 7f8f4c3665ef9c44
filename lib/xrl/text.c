/*
 * DOC: the canonical text form of XRLs (spec §2, §4). Printing emits exactly
 * what XORP prints: protocol always present, '?' only before a non-empty
 * argument list, atoms as name:type=value joined by '&', unnamed atoms with
 * their leading ':', list items joined by a raw ','. Parsing follows XORP's
 * splitting rules (first ':' of an atom, first '=' after it) with okapi's
 * stricter checks from §13: the protocol is looked for only before the first
 * '/', targets and commands have a fixed character set, values are range
 * checked, and a list value is split on ',' before its items are decoded,
 * so each item is decoded exactly once (§4.3).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strnum.h"
#include "xrl.h"

#define SCALAR_MAX	128	/* decoded scalars longer than this go to heap */


/* Copy len bytes of s for an error message, printable ASCII only. */
static const char *
quote(char *dst, size_t dstlen, const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len && n + 4 < dstlen; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (i < len) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
	return dst;
}


static bool
target_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' ||
	    c == '@' || c == '-';
}

static bool
command_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' ||
	    c == '-';
}

static bool
protocol_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
}

static bool
span_ok(const char *s, size_t len, bool (*ok)(unsigned char))
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!ok((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * strtod reads what sscanf("%lg") reads, but XORP also ignores what follows
 * the number. okapi refuses trailing garbage, except for the one case XORP
 * itself produces from hand-written text: a raw '+' in an exponent decoded
 * to a space (§4.2), "0X1.8P 1", which XORP reads as 0X1.8P = 1.5.
 */
static bool
fp64_parse(const char *s, double *v)
{
	char	*end;
	size_t	 i;

	if (*s == '\0' || *s == ' ' || (*s >= '\t' && *s <= '\r'))
		return false;
	*v = strtod(s, &end);
	if (end == s)
		return false;
	if (*end == '\0')
		return true;
	if (strchr("eEpP", *end) == NULL || end[1] != ' ')
		return false;
	for (i = 2; end[i] != '\0'; i++)
		if (end[i] < '0' || end[i] > '9')
			return false;
	return true;
}

/* The decoded value s (NUL-terminated, no NUL inside) for a scalar type. */
static bool
scalar_parse(struct xrl_atom *a, const char *s, size_t len)
{
	uint64_t	 u;
	int64_t		 i;

	if (len == 0)
		return false;
	switch (a->type) {
	case XRL_TYPE_I32:
		if (!strnum_i64(s, INT32_MIN, INT32_MAX, &i))
			return false;
		a->v.i32 = (int32_t)i;
		return true;
	case XRL_TYPE_U32:
		if (!strnum_u64_len(s, len, UINT32_MAX, &u))
			return false;
		a->v.u32 = (uint32_t)u;
		return true;
	case XRL_TYPE_I64:
		return strnum_i64(s, INT64_MIN, INT64_MAX, &a->v.i64);
	case XRL_TYPE_U64:
		return strnum_u64_len(s, len, UINT64_MAX, &a->v.u64);
	case XRL_TYPE_BOOL:
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
			a->v.boolean = true;
		else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
			a->v.boolean = false;
		else
			return false;
		return true;
	case XRL_TYPE_FP64:
		return fp64_parse(s, &a->v.fp64);
	case XRL_TYPE_IPV4:
		return addr4_parse(s, &a->v.ipv4);
	case XRL_TYPE_IPV4NET:
		return prefix4_parse(s, &a->v.ipv4net);
	case XRL_TYPE_IPV6:
		return addr6_parse(s, &a->v.ipv6);
	case XRL_TYPE_IPV6NET:
		return prefix6_parse(s, &a->v.ipv6net);
	case XRL_TYPE_MAC:
		return mac_parse(s, &a->v.mac);
	default:
		return false;
	}
}

/* How many items a separated list may hold, capped for the first allocation. */
static uint32_t
count_sep(const char *s, size_t len, char sep)
{
	const char	*end = s + len;
	uint32_t	 n = 1;

	while (n < 64 && (s = memchr(s, sep, (size_t)(end - s))) != NULL) {
		n++;
		s++;
	}
	return n;
}

static int	atom_parse(struct xrl_atom *, const char *, size_t, bool,
		    char *, size_t);

/* §4.3: split the raw value on ',' first, then parse each item once. */
static int
list_parse(struct xrl_args *list, const char *s, size_t len, char *err,
    size_t errlen)
{
	const char	*p = s, *end = s + len, *comma;
	struct xrl_atom	*item;
	size_t		 n;

	if (len == 0)
		return 0;
	if (xrl_args_reserve(list, count_sep(s, len, ',')) == -1)
		return xrl_errf(err, errlen, "out of memory");
	for (;;) {
		comma = memchr(p, ',', (size_t)(end - p));
		n = comma != NULL ? (size_t)(comma - p) : (size_t)(end - p);
		if (n == 0)
			return xrl_errf(err, errlen, "empty list item");
		if ((item = xrl_args_add(list, NULL, XRL_TYPE_NONE)) == NULL)
			return xrl_errf(err, errlen, "out of memory");
		if (atom_parse(item, p, n, true, err, errlen) == -1)
			return -1;
		if (item->type != list->atoms[0].type)
			return xrl_errf(err, errlen, "mixed list: %s item after %s",
			    xrl_type_names[item->type],
			    xrl_type_names[list->atoms[0].type]);
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

static int
value_parse(struct xrl_atom *a, const char *v, size_t len, bool in_list,
    char *err, size_t errlen)
{
	char		 tmp[SCALAR_MAX + 1], q[48], *s;
	uint8_t		*p;
	size_t		 n;
	bool		 ok;

	switch (a->type) {
	case XRL_TYPE_TXT:
	case XRL_TYPE_BINARY:
		if ((p = malloc(len + 1)) == NULL)
			return xrl_errf(err, errlen, "out of memory");
		if (xrl_unescape_to(p, v, len, &n) == -1) {
			free(p);
			return xrl_errf(err, errlen, "bad escape in \"%s\"",
			    quote(q, sizeof(q), v, len));
		}
		p[n] = '\0';
		a->v.bytes.p = p;
		a->v.bytes.len = n;
		return 0;
	case XRL_TYPE_LIST:
		if (in_list)
			return xrl_errf(err, errlen, "nested list");
		if ((a->v.list = xrl_args_new()) == NULL)
			return xrl_errf(err, errlen, "out of memory");
		return list_parse(a->v.list, v, len, err, errlen);
	default:
		break;
	}

	if (len == 0)
		return xrl_errf(err, errlen, "empty %s value",
		    xrl_type_names[a->type]);
	s = len <= SCALAR_MAX ? tmp : malloc(len + 1);
	if (s == NULL)
		return xrl_errf(err, errlen, "out of memory");
	ok = xrl_unescape_to((uint8_t *)s, v, len, &n) == 0;
	if (ok) {
		s[n] = '\0';
		ok = strlen(s) == n && scalar_parse(a, s, n);
	}
	if (s != tmp)
		free(s);
	if (!ok)
		return xrl_errf(err, errlen, "bad %s \"%s\"",
		    xrl_type_names[a->type], quote(q, sizeof(q), v, len));
	return 0;
}

/* §2.2 rule 5: first ':' anywhere gives the name, then first '=' the type. */
static int
atom_parse(struct xrl_atom *a, const char *s, size_t len, bool in_list,
    char *err, size_t errlen)
{
	const char	*colon, *rest, *eq;
	size_t		 namelen, restlen, typelen;
	char		 q[48];
	int		 type;

	memset(a, 0, sizeof(*a));
	if ((colon = memchr(s, ':', len)) != NULL) {
		namelen = (size_t)(colon - s);
		rest = colon + 1;
	} else {
		namelen = 0;
		rest = s;
	}
	restlen = len - (size_t)(rest - s);
	if (!xrl_name_valid(s, namelen))
		return xrl_errf(err, errlen, "bad atom name \"%s\"",
		    quote(q, sizeof(q), s, namelen));
	eq = memchr(rest, '=', restlen);
	typelen = eq != NULL ? (size_t)(eq - rest) : restlen;
	if ((type = xrl_type_lookup(rest, typelen)) == -1)
		return xrl_errf(err, errlen, "bad atom type \"%s\"",
		    quote(q, sizeof(q), rest, typelen));
	if (namelen && (a->name = strndup(s, namelen)) == NULL)
		return xrl_errf(err, errlen, "out of memory");
	a->type = (uint8_t)type;
	if (eq == NULL)
		return 0;	/* dataless: name:type */
	a->has_data = true;
	if (value_parse(a, eq + 1, restlen - typelen - 1, in_list, err,
	    errlen) == -1) {
		xrl_atom_clear(a);
		return -1;
	}
	return 0;
}

int
xrl_atom_parse(struct xrl_atom *a, const char *s, size_t len, char *err,
    size_t errlen)
{
	if (len == 0) {
		memset(a, 0, sizeof(*a));
		return xrl_errf(err, errlen, "empty atom");
	}
	return atom_parse(a, s, len, false, err, errlen);
}

int
xrl_args_parse(struct xrl_args *args, const char *s, size_t len, char *err,
    size_t errlen)
{
	const char	*p, *end, *amp;
	struct xrl_atom	*a;
	const char	*dup;
	size_t		 n;

	xrl_args_init(args);
	if (len == 0)
		return 0;
	p = s;
	end = s + len;
	if (xrl_args_reserve(args, count_sep(s, len, '&')) == -1)
		return xrl_errf(err, errlen, "out of memory");
	for (;;) {
		amp = memchr(p, '&', (size_t)(end - p));
		n = amp != NULL ? (size_t)(amp - p) : (size_t)(end - p);
		if (amp == NULL && n == 0)
			break;		/* one trailing '&' is tolerated */
		if (n == 0) {
			xrl_errf(err, errlen, "empty atom");
			goto bad;
		}
		if ((a = xrl_args_add(args, NULL, XRL_TYPE_NONE)) == NULL) {
			xrl_errf(err, errlen, "out of memory");
			goto bad;
		}
		if (atom_parse(a, p, n, false, err, errlen) == -1)
			goto bad;
		if (amp == NULL)
			break;
		p = amp + 1;
	}
	if ((dup = xrl_args_dup_name(args)) != NULL) {
		xrl_errf(err, errlen, "duplicate atom name \"%s\"", dup);
		goto bad;
	}
	return 0;
bad:
	xrl_args_clear(args);
	return -1;
}

/* [protocol "://"] target "/" command ["?" arglist], §2.2 with §13 checks. */
int
xrl_parse(struct xrl *x, const char *s, size_t len, char *err,
    size_t errlen)
{
	const char	*end, *slash, *p, *proto = "finder";
	const char	*target, *cmd, *qmark;
	size_t		 protolen = 6, targetlen, cmdlen;
	char		 q[48];

	xrl_init(x);
	if (len == 0)
		return xrl_errf(err, errlen, "empty XRL");
	end = s + len;
	if ((slash = memchr(s, '/', len)) == NULL)
		return xrl_errf(err, errlen, "no '/' after the target");
	p = s;
	/* "://" counts only if its '/' is the first one (§2.2 rule 1). */
	if (slash > s && slash[-1] == ':' && end - slash > 1 &&
	    slash[1] == '/') {
		proto = s;
		protolen = (size_t)(slash - 1 - s);
		if (protolen == 0 || !span_ok(proto, protolen, protocol_char))
			return xrl_errf(err, errlen, "bad protocol \"%s\"",
			    quote(q, sizeof(q), proto, protolen));
		p = slash + 2;
		if ((slash = memchr(p, '/', (size_t)(end - p))) == NULL)
			return xrl_errf(err, errlen, "no '/' after the target");
	}
	target = p;
	targetlen = (size_t)(slash - p);
	if (targetlen == 0)
		return xrl_errf(err, errlen, "empty target");
	if (!span_ok(target, targetlen, target_char))
		return xrl_errf(err, errlen, "bad target \"%s\"",
		    quote(q, sizeof(q), target, targetlen));
	cmd = slash + 1;
	qmark = memchr(cmd, '?', (size_t)(end - cmd));
	cmdlen = (size_t)((qmark != NULL ? qmark : end) - cmd);
	if (cmdlen == 0)
		return xrl_errf(err, errlen, "empty command");
	if (!span_ok(cmd, cmdlen, command_char))
		return xrl_errf(err, errlen, "bad command \"%s\"",
		    quote(q, sizeof(q), cmd, cmdlen));

	if ((x->protocol = strndup(proto, protolen)) == NULL ||
	    (x->target = strndup(target, targetlen)) == NULL ||
	    (x->command = strndup(cmd, cmdlen)) == NULL) {
		xrl_clear(x);
		return xrl_errf(err, errlen, "out of memory");
	}
	if (qmark != NULL && xrl_args_parse(&x->args, qmark + 1,
	    (size_t)(end - qmark - 1), err, errlen) == -1) {
		xrl_clear(x);
		return -1;
	}
	return 0;
}

/* Decimal without printf: every integer atom of every call comes here. */
static bool
put_dec(struct buf *b, uint64_t v, bool neg)
{
	char	 tmp[21], *p = tmp + sizeof(tmp);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		*--p = '-';
	return buf_put_bytes(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

static bool
put_signed(struct buf *b, int64_t v)
{
	if (v < 0)
		return put_dec(b, (uint64_t)0 - (uint64_t)v, true);
	return put_dec(b, (uint64_t)v, false);
}

/* inet_ntop's dotted quad, without the sprintf it uses underneath. */
static bool
put_addr4(struct buf *b, const struct in_addr *a)
{
	const uint8_t	*o = (const uint8_t *)&a->s_addr;
	char		 tmp[ADDR4_STRLEN], *p = tmp;
	int		 i;

	for (i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		if (o[i] >= 100)
			*p++ = (char)('0' + o[i] / 100);
		if (o[i] >= 10)
			*p++ = (char)('0' + o[i] / 10 % 10);
		*p++ = (char)('0' + o[i] % 10);
	}
	return buf_put_bytes(b, tmp, (size_t)(p - tmp));
}

static bool
list_print(const struct xrl_args *list, struct buf *b)
{
	uint32_t	 i;

	if (list == NULL)
		return buf_ok(b);
	for (i = 0; i < list->count; i++) {
		if (i && !buf_put_u8(b, ','))
			return false;
		if (!xrl_atom_print(&list->atoms[i], b))
			return false;
	}
	return buf_ok(b);
}

bool
xrl_atom_print_value(const struct xrl_atom *a, struct buf *b)
{
	char		 tmp[PREFIX6_STRLEN + 8];
	struct prefix4	 p4;
	struct prefix6	 p6;

	if (!a->has_data)
		return buf_ok(b);
	switch (a->type) {
	case XRL_TYPE_I32:
		return put_signed(b, a->v.i32);
	case XRL_TYPE_U32:
		return put_dec(b, a->v.u32, false);
	case XRL_TYPE_I64:
		return put_signed(b, a->v.i64);
	case XRL_TYPE_U64:
		return put_dec(b, a->v.u64, false);
	case XRL_TYPE_BOOL:
		return buf_put_str(b, a->v.boolean ? "true" : "false");
	case XRL_TYPE_FP64:
		/* %A's exponent sign goes through the encoder: '+' is %2B. */
		snprintf(tmp, sizeof(tmp), "%A", a->v.fp64);
		return xrl_escape(b, tmp, strlen(tmp));
	case XRL_TYPE_IPV4:
		return put_addr4(b, &a->v.ipv4);
	case XRL_TYPE_IPV4NET:
		p4.addr = a->v.ipv4net.addr;
		p4.len = a->v.ipv4net.len;
		prefix4_mask(&p4);
		return put_addr4(b, &p4.addr) && buf_put_u8(b, '/') &&
		    put_dec(b, p4.len, false);
	case XRL_TYPE_IPV6:
		return buf_put_str(b, addr6_print(&a->v.ipv6, tmp,
		    sizeof(tmp)));
	case XRL_TYPE_IPV6NET:
		p6.addr = a->v.ipv6net.addr;
		p6.len = a->v.ipv6net.len;
		prefix6_mask(&p6);
		return buf_put_str(b, prefix6_print(&p6, tmp, sizeof(tmp)));
	case XRL_TYPE_MAC:
		return buf_put_str(b, mac_print(&a->v.mac, tmp, sizeof(tmp)));
	case XRL_TYPE_TXT:
	case XRL_TYPE_BINARY:
		return xrl_escape(b, a->v.bytes.p, a->v.bytes.len);
	case XRL_TYPE_LIST:
		return list_print(a->v.list, b);
	default:
		b->failed = true;
		return false;
	}
}

bool
xrl_atom_print(const struct xrl_atom *a, struct buf *b)
{
	if (a->type == XRL_TYPE_NONE || a->type >= XRL_TYPE_MAX) {
		b->failed = true;
		return false;
	}
	if (a->name != NULL)
		buf_put_str(b, a->name);
	buf_put_u8(b, ':');
	buf_put_str(b, xrl_type_names[a->type]);
	if (!a->has_data)
		return buf_ok(b);
	buf_put_u8(b, '=');
	return xrl_atom_print_value(a, b);
}

bool
xrl_args_print(const struct xrl_args *args, struct buf *b)
{
	uint32_t	 i;

	for (i = 0; i < args->count; i++) {
		if (i && !buf_put_u8(b, '&'))
			return false;
		if (!xrl_atom_print(&args->atoms[i], b))
			return false;
	}
	return buf_ok(b);
}

bool
xrl_print_head(const struct xrl *x, struct buf *b)
{
	buf_put_str(b, x->protocol != NULL ? x->protocol : "finder");
	buf_put_bytes(b, "://", 3);
	if (x->target != NULL)
		buf_put_str(b, x->target);
	buf_put_u8(b, '/');
	if (x->command != NULL)
		buf_put_str(b, x->command);
	return buf_ok(b);
}

bool
xrl_print(const struct xrl *x, struct buf *b)
{
	if (!xrl_print_head(x, b))
		return false;
	if (x->args.count == 0)
		return true;
	buf_put_u8(b, '?');
	return xrl_args_print(&x->args, b);
}

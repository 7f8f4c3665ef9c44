/*
 * DOC: mime: splitting a BEEP message into MIME header fields and body,
 * and writing one (RFC 3080 2.2, RFC 2045, spec digest section 3). The
 * header part is read line by line with explicit bounds; nothing is
 * copied. See mime.h for the rules.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mime.h"

static const char *const beep_mime_err_strs[BEEP_MIME_ERR_MAX] = {
	[BEEP_MIME_OK] = "ok",
	[BEEP_MIME_ERR_NO_END] = "MIME headers not ended by an empty line",
	[BEEP_MIME_ERR_CRLF] = "CR and LF not paired in MIME headers",
	[BEEP_MIME_ERR_CHAR] = "control character in a MIME header",
	[BEEP_MIME_ERR_FIELD] = "MIME header line not name: value",
	[BEEP_MIME_ERR_TOO_MANY] = "too many MIME header fields",
	[BEEP_MIME_ERR_TOO_LONG] = "MIME header line too long",
	[BEEP_MIME_ERR_DUPLICATE] = "MIME content header repeated",
	[BEEP_MIME_ERR_VALUE] = "malformed Content-Type",
	[BEEP_MIME_ERR_TYPE] = "Content-Type not application/beep+xml",
	[BEEP_MIME_ERR_CHARSET] = "charset not supported",
	[BEEP_MIME_ERR_ENCODING] = "Content-Transfer-Encoding not supported",
	[BEEP_MIME_ERR_NOMEM] = "out of memory",
};

const char *
beep_mime_err_str(enum beep_mime_err e)
{
	if ((unsigned int)e >= BEEP_MIME_ERR_MAX)
		return "unknown error";
	return beep_mime_err_strs[e];
}

/*
 * RFC 3080 8: 500 for a message that cannot be read, 501 for a readable
 * one of the wrong type, 504 for what we could read but do not implement.
 */
unsigned int
beep_mime_err_code(enum beep_mime_err e)
{
	switch (e) {
	case BEEP_MIME_OK:
		return 200;
	case BEEP_MIME_ERR_TYPE:
		return 501;
	case BEEP_MIME_ERR_CHARSET:
	case BEEP_MIME_ERR_ENCODING:
		return 504;
	case BEEP_MIME_ERR_NOMEM:
		return 451;
	default:
		return 500;
	}
}

static bool
is_wsp(uint8_t c)
{
	return c == ' ' || c == '\t';
}

static bool
is_alnum(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* RFC 5322 ftext: printable ASCII but ':'. */
static bool
is_ftext(uint8_t c)
{
	return c >= 33 && c <= 126 && c != ':';
}

/* RFC 2045 token: printable ASCII but tspecials. */
static bool
is_token(uint8_t c)
{
	return c > 32 && c < 127 && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* The digest's "header-like line": letters, digits, '-', then ':'. */
static bool
header_like(const uint8_t *p, size_t len)
{
	size_t	 i;

	if (len == 0 || !is_alnum(p[0]))
		return false;
	for (i = 1; i < len && (is_alnum(p[i]) || p[i] == '-'); i++)
		;
	return i < len && p[i] == ':';
}

/*
 * The line at p[off..len): its length without CR LF in *n. Errors: no
 * CR LF before the end, a lone CR or LF, a control octet, a long line.
 */
static enum beep_mime_err
line_get(const uint8_t *p, size_t len, size_t off, size_t *n, size_t *bad)
{
	size_t	 i;

	for (i = off; i < len; i++) {
		if (p[i] == '\r') {
			if (i + 1 >= len) {
				*bad = i;
				return BEEP_MIME_ERR_NO_END;
			}
			if (p[i + 1] != '\n') {
				*bad = i;
				return BEEP_MIME_ERR_CRLF;
			}
			*n = i - off;
			return BEEP_MIME_OK;
		}
		if (p[i] == '\n') {
			*bad = i;
			return BEEP_MIME_ERR_CRLF;
		}
		if ((p[i] < 32 && p[i] != '\t') || p[i] == 127) {
			*bad = i;
			return BEEP_MIME_ERR_CHAR;
		}
		if (i - off >= BEEP_MIME_LINE_MAX) {
			*bad = i;
			return BEEP_MIME_ERR_TOO_LONG;
		}
	}
	*bad = len;
	return BEEP_MIME_ERR_NO_END;
}

static bool
name_is(const struct beep_mime_field *f, const char *name)
{
	return f->name_len == strlen(name) &&
	    strncasecmp(f->name, name, f->name_len) == 0;
}

/* Trim WSP and CR LF of folds from both ends of f's value. */
static void
value_trim(struct beep_mime_field *f)
{
	const uint8_t	*v = (const uint8_t *)f->value;
	size_t		 n = f->value_len;

	while (n > 0 && (is_wsp(v[0]) || v[0] == '\r' || v[0] == '\n')) {
		v++;
		n--;
	}
	while (n > 0 && (is_wsp(v[n - 1]) || v[n - 1] == '\r' ||
	    v[n - 1] == '\n'))
		n--;
	f->value = (const char *)v;
	f->value_len = n;
}

static enum beep_mime_err
mime_fail(struct beep_mime *m, enum beep_mime_err e, size_t off)
{
	m->err_off = off;
	m->nfields = 0;
	return e;
}

enum beep_mime_err
beep_mime_parse(const uint8_t *p, size_t len, struct beep_mime *m)
{
	static const uint8_t	 empty[1];
	struct beep_mime_field	*f = NULL;
	enum beep_mime_err	 e;
	size_t			 off = 0, n, bad, i;
	bool			 have_ct = false, have_cte = false;

	memset(m, 0, sizeof(*m));
	m->ctype = BEEP_MIME_DEFAULT_TYPE;
	m->ctype_len = strlen(BEEP_MIME_DEFAULT_TYPE);
	m->cte = BEEP_MIME_DEFAULT_CTE;
	m->cte_len = strlen(BEEP_MIME_DEFAULT_CTE);
	if (p == NULL) {
		p = empty;
		len = 0;
	}
	if (len >= 2 && p[0] == '\r' && p[1] == '\n') {
		m->body = p + 2;
		m->body_len = len - 2;
		return BEEP_MIME_OK;
	}
	if (!header_like(p, len)) {
		m->headerless = true;
		m->body = p;
		m->body_len = len;
		return BEEP_MIME_OK;
	}
	for (;;) {
		if ((e = line_get(p, len, off, &n, &bad)) != BEEP_MIME_OK)
			return mime_fail(m, e, bad);
		if (n == 0)
			break;			/* the empty line */
		if (is_wsp(p[off])) {
			/* a fold: the line continues the field before */
			if (f == NULL)
				return mime_fail(m, BEEP_MIME_ERR_FIELD, off);
			f->value_len = (size_t)((const char *)p + off + n -
			    f->value);
			if ((size_t)(p + off + n - (const uint8_t *)f->name) >
			    BEEP_MIME_FIELD_MAX)
				return mime_fail(m, BEEP_MIME_ERR_TOO_LONG,
				    off);
		} else {
			if (m->nfields == BEEP_MIME_FIELDS_MAX)
				return mime_fail(m, BEEP_MIME_ERR_TOO_MANY,
				    off);
			for (i = off; i < off + n && is_ftext(p[i]); i++)
				;
			if (i == off || i == off + n || p[i] != ':')
				return mime_fail(m, BEEP_MIME_ERR_FIELD, i);
			f = &m->fields[m->nfields++];
			f->name = (const char *)p + off;
			f->name_len = i - off;
			f->value = (const char *)p + i + 1;
			f->value_len = off + n - i - 1;
		}
		off += n + 2;
	}
	m->body = p + off + 2;
	m->body_len = len - off - 2;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		value_trim(f);
		if (name_is(f, "Content-Type")) {
			if (have_ct)
				return mime_fail(m, BEEP_MIME_ERR_DUPLICATE,
				    (size_t)((const uint8_t *)f->name - p));
			have_ct = true;
			m->ctype = f->value;
			m->ctype_len = f->value_len;
		} else if (name_is(f, "Content-Transfer-Encoding")) {
			if (have_cte)
				return mime_fail(m, BEEP_MIME_ERR_DUPLICATE,
				    (size_t)((const uint8_t *)f->name - p));
			have_cte = true;
			m->cte = f->value;
			m->cte_len = f->value_len;
		}
	}
	return BEEP_MIME_OK;
}

const struct beep_mime_field *
beep_mime_field(const struct beep_mime *m, const char *name)
{
	size_t	 i;

	for (i = 0; i < m->nfields; i++)
		if (name_is(&m->fields[i], name))
			return &m->fields[i];
	return NULL;
}

/* ---- Content-Type (RFC 2045 5.1) --------------------------------------- */

static size_t
skip_ws(const char *v, size_t len, size_t i)
{
	while (i < len && (is_wsp((uint8_t)v[i]) || v[i] == '\r' ||
	    v[i] == '\n'))
		i++;
	return i;
}

static size_t
skip_token(const char *v, size_t len, size_t i)
{
	while (i < len && is_token((uint8_t)v[i]))
		i++;
	return i;
}

static bool
slice_is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && strncasecmp(s, lit, n) == 0;
}

enum beep_mime_err
beep_mime_ctype_parse(const char *v, size_t len, struct beep_mime_ctype *ct)
{
	size_t	 i, j, k, pn, pv;
	bool	 quoted;

	memset(ct, 0, sizeof(*ct));
	i = skip_ws(v, len, 0);
	j = skip_token(v, len, i);
	if (j == i || j >= len || v[j] != '/')
		return BEEP_MIME_ERR_VALUE;
	ct->type = v + i;
	ct->type_len = j - i;
	k = skip_token(v, len, j + 1);
	if (k == j + 1)
		return BEEP_MIME_ERR_VALUE;
	ct->subtype = v + j + 1;
	ct->subtype_len = k - j - 1;
	for (i = skip_ws(v, len, k); i < len; i = skip_ws(v, len, i)) {
		if (v[i] != ';')
			return BEEP_MIME_ERR_VALUE;
		i = skip_ws(v, len, i + 1);
		if (i == len)
			break;			/* a trailing ';' is common */
		pn = i;
		i = skip_token(v, len, i);
		if (i == pn)
			return BEEP_MIME_ERR_VALUE;
		j = i;
		i = skip_ws(v, len, i);
		if (i == len || v[i] != '=')
			return BEEP_MIME_ERR_VALUE;
		i = skip_ws(v, len, i + 1);
		if ((quoted = i < len && v[i] == '"')) {
			pv = ++i;
			while (i < len && v[i] != '"' && v[i] != '\\')
				i++;
			/* quoted pairs are not worth supporting here */
			if (i == len || v[i] != '"')
				return BEEP_MIME_ERR_VALUE;
			k = i++;
		} else {
			pv = i;
			i = k = skip_token(v, len, i);
			if (k == pv)
				return BEEP_MIME_ERR_VALUE;
		}
		if (slice_is(v + pn, j - pn, "charset")) {
			if (ct->charset != NULL)
				return BEEP_MIME_ERR_VALUE;
			ct->charset = v + pv;
			ct->charset_len = k - pv;
		}
	}
	return BEEP_MIME_OK;
}

enum beep_mime_err
beep_mime_xml_check(const struct beep_mime *m)
{
	struct beep_mime_ctype	 ct;
	enum beep_mime_err	 e;

	if ((e = beep_mime_ctype_parse(m->ctype, m->ctype_len, &ct)) !=
	    BEEP_MIME_OK)
		return e;
	if (!slice_is(ct.type, ct.type_len, "application") ||
	    !slice_is(ct.subtype, ct.subtype_len, "beep+xml"))
		return BEEP_MIME_ERR_TYPE;
	if (ct.charset != NULL &&
	    !slice_is(ct.charset, ct.charset_len, "utf-8") &&
	    !slice_is(ct.charset, ct.charset_len, "us-ascii"))
		return BEEP_MIME_ERR_CHARSET;
	if (!slice_is(m->cte, m->cte_len, "binary") &&
	    !slice_is(m->cte, m->cte_len, "8bit") &&
	    !slice_is(m->cte, m->cte_len, "7bit"))
		return BEEP_MIME_ERR_ENCODING;
	return BEEP_MIME_OK;
}

/* ---- building --------------------------------------------------------- */

static enum beep_mime_err
field_check(const struct beep_mime_field *f)
{
	size_t	 i;

	if (f->name == NULL || f->name_len == 0 ||
	    (f->value == NULL && f->value_len > 0))
		return BEEP_MIME_ERR_FIELD;
	if (f->name_len + 2 + f->value_len > BEEP_MIME_LINE_MAX)
		return BEEP_MIME_ERR_TOO_LONG;
	/* a name that parses back as the first line's, too */
	if (!is_alnum((uint8_t)f->name[0]))
		return BEEP_MIME_ERR_FIELD;
	for (i = 0; i < f->name_len; i++)
		if (!is_alnum((uint8_t)f->name[i]) && f->name[i] != '-')
			return BEEP_MIME_ERR_FIELD;
	for (i = 0; i < f->value_len; i++) {
		uint8_t	 c = (uint8_t)f->value[i];

		if ((c < 32 && c != '\t') || c == 127)
			return BEEP_MIME_ERR_CHAR;
	}
	if (f->value_len > 0 && (is_wsp((uint8_t)f->value[0]) ||
	    is_wsp((uint8_t)f->value[f->value_len - 1])))
		return BEEP_MIME_ERR_FIELD;	/* would not read back */
	return BEEP_MIME_OK;
}

enum beep_mime_err
beep_mime_hdr_put(struct buf *b, const struct beep_mime_field *f, size_t n)
{
	enum beep_mime_err	 e;
	size_t			 i, start = b->len;

	if (n > BEEP_MIME_FIELDS_MAX)
		return BEEP_MIME_ERR_TOO_MANY;
	for (i = 0; i < n; i++)
		if ((e = field_check(&f[i])) != BEEP_MIME_OK)
			return e;
	for (i = 0; i < n; i++) {
		(void)buf_put_bytes(b, f[i].name, f[i].name_len);
		(void)buf_put_bytes(b, ": ", 2);
		(void)buf_put_bytes(b, f[i].value, f[i].value_len);
		(void)buf_put_bytes(b, "\r\n", 2);
	}
	if (!buf_put_bytes(b, "\r\n", 2)) {
		if (!b->failed)
			b->len = start;
		return BEEP_MIME_ERR_NOMEM;
	}
	return BEEP_MIME_OK;
}

enum beep_mime_err
beep_mime_put(struct buf *b, const char *ctype, const void *body, size_t len)
{
	struct beep_mime_field	 f;
	enum beep_mime_err	 e;
	size_t			 start = b->len;

	if (body == NULL && len > 0)
		return BEEP_MIME_ERR_FIELD;
	if (ctype != NULL) {
		f.name = "Content-Type";
		f.name_len = strlen(f.name);
		f.value = ctype;
		f.value_len = strlen(ctype);
		e = beep_mime_hdr_put(b, &f, 1);
	} else
		e = beep_mime_hdr_put(b, NULL, 0);
	if (e != BEEP_MIME_OK)
		return e;
	if (!buf_put_bytes(b, body, len)) {
		if (!b->failed)
			b->len = start;
		return BEEP_MIME_ERR_NOMEM;
	}
	return BEEP_MIME_OK;
}

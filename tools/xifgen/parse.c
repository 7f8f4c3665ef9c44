/*
 * DOC: the statements of a preprocessed .xif or .tgt file (spec xrl.md
 * §8.2, §8.3). The lines are joined into one buffer; statements end with
 * ';' (methods, targets) or are an interface header ending with '{' and
 * closed by '}'. Whitespace inside a method statement means nothing and is
 * removed before parsing, as XORP does. Unlike XORP, which only looks at
 * the first character of a name, every name must match its whole pattern,
 * and a list must name its member type.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xifgen.h"

const char *const xg_type_names[XG_TYPE_MAX] = {
	[XG_NONE] = "none",
	[XG_I32] = "i32",
	[XG_U32] = "u32",
	[XG_IPV4] = "ipv4",
	[XG_IPV4NET] = "ipv4net",
	[XG_IPV6] = "ipv6",
	[XG_IPV6NET] = "ipv6net",
	[XG_MAC] = "mac",
	[XG_TXT] = "txt",
	[XG_LIST] = "list",
	[XG_BOOL] = "bool",
	[XG_BINARY] = "binary",
	[XG_I64] = "i64",
	[XG_U64] = "u64",
	[XG_FP64] = "fp64",
};

/* The preprocessed text as one buffer, and where each line starts. */
struct text {
	const struct xg_src *src;
	char		*buf;
	size_t		 len;
	size_t		*starts;	/* offset of each src line */
	size_t		 pos;
};

static void
text_init(struct text *t, const struct xg_src *src)
{
	size_t	 i, cap = 0;

	memset(t, 0, sizeof(*t));
	t->src = src;
	t->starts = xg_alloc((src->nlines + 1) * sizeof(*t->starts));
	for (i = 0; i < src->nlines; i++) {
		size_t	 n = strlen(src->lines[i].text);

		t->buf = xg_grow(t->buf, &cap, t->len + n + 2, 1);
		t->starts[i] = t->len;
		memcpy(t->buf + t->len, src->lines[i].text, n);
		t->len += n;
		t->buf[t->len++] = '\n';
	}
	t->buf = xg_grow(t->buf, &cap, t->len + 1, 1);
	t->buf[t->len] = '\0';
}

/* The source line holding offset off. */
static const struct xg_line *
text_line(const struct text *t, size_t off)
{
	size_t	 lo = 0, hi = t->src->nlines, mid;

	if (hi == 0)
		return NULL;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (t->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return &t->src->lines[lo];
}

static void __attribute__((noreturn, format(printf, 3, 4)))
text_fatal(const struct text *t, size_t off, const char *fmt, ...)
{
	const struct xg_line	*l = text_line(t, off);
	char			 msg[512];
	va_list			 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l == NULL)
		xg_fatal("<input>", 0, "%s", msg);
	xg_fatal(l->file, l->lineno, "%s", msg);
}

static void
skip_ws(struct text *t)
{
	while (t->pos < t->len && isspace((unsigned char)t->buf[t->pos]))
		t->pos++;
}

/* Copy buf[from..to) without any whitespace. */
static char *
squeeze(const char *s, size_t len)
{
	char	*p = xg_alloc(len + 1);
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			p[n++] = s[i];
	p[n] = '\0';
	return p;
}

/*
 * Name patterns of §8.2. first: the class of the first character
 * ("a": letter, "w": word character); rest: extra characters allowed after
 * the first besides letters and digits.
 */
static bool
name_ok(const char *s, size_t len, bool letter_first, const char *extra)
{
	size_t	 i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char	 c = s[i];

		if (c >= 'a' && c <= 'z')
			continue;
		if (i == 0 && letter_first)
			return false;
		if ((c >= '0' && c <= '9') || (c != '\0' &&
		    strchr(extra, c) != NULL))
			continue;
		return false;
	}
	return true;
}

static bool
version_ok(const char *s, size_t len)
{
	size_t	 i = 0, d;

	for (d = 0; i < len && isdigit((unsigned char)s[i]); i++)
		d++;
	if (d == 0 || i == len || s[i++] != '.')
		return false;
	for (d = 0; i < len && isdigit((unsigned char)s[i]); i++)
		d++;
	return d > 0 && i == len;
}

/* "name/major.minor" as in an interface header or a target's ifref. */
static bool
ifref_ok(const char *s)
{
	const char	*slash = strchr(s, '/');

	return slash != NULL &&
	    name_ok(s, slash - s, false, "_-") &&
	    version_ok(slash + 1, strlen(slash + 1));
}

static enum xg_type
type_lookup(const char *s, size_t len)
{
	int	 i;

	for (i = XG_NONE + 1; i < XG_TYPE_MAX; i++)
		if (strlen(xg_type_names[i]) == len &&
		    memcmp(xg_type_names[i], s, len) == 0)
			return i;
	return XG_NONE;
}

static void
parse_param(const struct text *t, size_t off, const char *s, size_t len,
    struct xg_param *p)
{
	const char	*colon = memchr(s, ':', len);
	const char	*ty;
	size_t		 tylen;

	if (colon == NULL)
		text_fatal(t, off, "argument '%.*s' has no type (name:type)",
		    (int)len, s);
	if (!name_ok(s, colon - s, true, "_-"))
		text_fatal(t, off, "bad argument name '%.*s'",
		    (int)(colon - s), s);
	p->name = xg_strndup(s, colon - s);
	ty = colon + 1;
	tylen = len - (ty - s);
	p->member = XG_NONE;
	if (tylen >= 4 && memcmp(ty, "list", 4) == 0 &&
	    (tylen == 4 || ty[4] == '<')) {
		if (tylen == 4)
			text_fatal(t, off, "list argument '%s' needs a member "
			    "type (list<T>)", p->name);
		if (ty[tylen - 1] != '>')
			text_fatal(t, off, "bad list type '%.*s'",
			    (int)tylen, ty);
		p->type = XG_LIST;
		p->member = type_lookup(ty + 5, tylen - 6);
		if (p->member == XG_LIST)
			text_fatal(t, off, "nested list in argument '%s'",
			    p->name);
		if (p->member == XG_NONE)
			text_fatal(t, off, "unknown list member type '%.*s'",
			    (int)(tylen - 6), ty + 5);
		return;
	}
	p->type = type_lookup(ty, tylen);
	if (p->type == XG_NONE && memchr(ty, ':', tylen) != NULL)
		text_fatal(t, off, "argument '%s' has a bad type "
		    "(missing '&' before the next argument?)", p->name);
	if (p->type == XG_NONE)
		text_fatal(t, off, "unknown type '%.*s' for argument '%s'",
		    (int)tylen, ty, p->name);
}

/* "a:t&b:t" into a new array; *n gets its length. */
static struct xg_param *
parse_params(const struct text *t, size_t off, const char *s, size_t len,
    size_t *n, const char *what)
{
	struct xg_param	*ps = NULL;
	size_t		 cap = 0, plen;
	const char	*amp, *end = s + len;

	*n = 0;
	if (len == 0)
		text_fatal(t, off, "empty %s list", what);
	for (;;) {
		amp = memchr(s, '&', end - s);
		plen = (amp != NULL ? amp : end) - s;
		if (plen == 0)
			text_fatal(t, off, "empty argument in %s list", what);
		ps = xg_grow(ps, &cap, *n + 1, sizeof(*ps));
		parse_param(t, off, s, plen, &ps[*n]);
		(*n)++;
		if (amp == NULL)
			break;
		s = amp + 1;
	}
	return ps;
}

static void
check_dup(const struct text *t, size_t off, const struct xg_param *a,
    size_t na, const struct xg_param *b, size_t nb, const char *what)
{
	size_t	 i, j;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if ((a != b || i < j) &&
			    strcmp(a[i].name, b[j].name) == 0)
				text_fatal(t, off, "duplicate %s name '%s'",
				    what, a[i].name);
}

/* One method statement, whitespace already removed. */
static void
parse_method(const struct text *t, size_t off, const char *s,
    struct xg_method *m)
{
	const char	*arrow = strstr(s, "->");
	const char	*q;
	size_t		 head = arrow != NULL ? (size_t)(arrow - s) : strlen(s);
	size_t		 nlen;

	memset(m, 0, sizeof(*m));
	q = memchr(s, '?', head);
	nlen = q != NULL ? (size_t)(q - s) : head;
	if (nlen == 0)
		text_fatal(t, off, "method without a name");
	if (!name_ok(s, nlen, true, "_-/"))
		text_fatal(t, off, "bad method name '%.*s'", (int)nlen, s);
	m->name = xg_strndup(s, nlen);
	/* XORP's own rtrmgr.xif writes "get_pid ? -> pid:u32": an empty
	 * input list after '?' means none. */
	if (q != NULL && head - nlen - 1 > 0)
		m->in = parse_params(t, off, q + 1, head - nlen - 1, &m->nin,
		    "input");
	if (arrow != NULL) {
		if (strstr(arrow + 2, "->") != NULL)
			text_fatal(t, off, "more than one '->' in method '%s'",
			    m->name);
		if (memchr(arrow + 2, '?', strlen(arrow + 2)) != NULL)
			text_fatal(t, off, "'?' after '->' in method '%s'",
			    m->name);
		m->out = parse_params(t, off, arrow + 2, strlen(arrow + 2),
		    &m->nout, "output");
	}
	/* §8.2: no name is both an input and an output of one method. */
	check_dup(t, off, m->in, m->nin, m->in, m->nin, "input");
	check_dup(t, off, m->out, m->nout, m->out, m->nout, "output");
	check_dup(t, off, m->in, m->nin, m->out, m->nout, "input and output");
}

/* Read up to (not past) the first of stops; fail on EOF or on bad. */
static size_t
scan_to(struct text *t, const char *stops, const char *bad, size_t start,
    const char *what)
{
	while (t->pos < t->len) {
		char	 c = t->buf[t->pos];

		if (strchr(stops, c) != NULL)
			return t->pos;
		if (strchr(bad, c) != NULL)
			text_fatal(t, start, "unexpected '%c' in %s", c, what);
		t->pos++;
	}
	text_fatal(t, start, "unterminated %s", what);
}

static void
parse_interface(struct text *t, struct xg_spec *spec, size_t start)
{
	struct xg_iface	*ifc;
	size_t		 hdr = t->pos, end, cap = 0, stmt, i;
	char		*name, *slash, *s;

	end = scan_to(t, "{", ";}", start, "interface header");
	name = squeeze(t->buf + hdr, end - hdr);
	if (!ifref_ok(name))
		text_fatal(t, start, "bad interface name '%s' "
		    "(expected name/major.minor)", name);
	t->pos++;			/* '{' */

	spec->ifaces = xg_grow(spec->ifaces, (size_t[]){ spec->nifaces },
	    spec->nifaces + 1, sizeof(*spec->ifaces));
	ifc = &spec->ifaces[spec->nifaces];
	memset(ifc, 0, sizeof(*ifc));
	slash = strchr(name, '/');
	ifc->name = xg_strndup(name, slash - name);
	ifc->major = xg_strndup(slash + 1, strcspn(slash + 1, "."));
	ifc->minor = xg_strdup(strchr(slash + 1, '.') + 1);
	ifc->file = text_line(t, start)->file;
	ifc->lineno = text_line(t, start)->lineno;
	ifc->main = text_line(t, start)->main;
	for (i = 0; i < spec->nifaces; i++)
		if (strcmp(spec->ifaces[i].name, ifc->name) == 0 &&
		    strcmp(spec->ifaces[i].major, ifc->major) == 0 &&
		    strcmp(spec->ifaces[i].minor, ifc->minor) == 0)
			text_fatal(t, start, "interface %s defined twice "
			    "(first at %s:%d)", name, spec->ifaces[i].file,
			    spec->ifaces[i].lineno);
	free(name);

	for (;;) {
		struct xg_method	*m;

		skip_ws(t);
		stmt = t->pos;
		if (t->pos >= t->len)
			text_fatal(t, start, "interface without a closing '}'");
		if (t->buf[t->pos] == '}') {
			t->pos++;
			break;
		}
		end = scan_to(t, ";", "{}", stmt, "method (missing ';'?)");
		t->pos++;		/* ';' */
		s = squeeze(t->buf + stmt, end - stmt);
		ifc->methods = xg_grow(ifc->methods, &cap, ifc->nmethods + 1,
		    sizeof(*ifc->methods));
		m = &ifc->methods[ifc->nmethods];
		parse_method(t, stmt, s, m);
		m->file = text_line(t, stmt)->file;
		m->lineno = text_line(t, stmt)->lineno;
		for (i = 0; i < ifc->nmethods; i++)
			if (strcmp(ifc->methods[i].name, m->name) == 0)
				text_fatal(t, stmt, "method '%s' defined twice",
				    m->name);
		ifc->nmethods++;
		free(s);
	}
	spec->nifaces++;
}

static void
parse_target(struct text *t, struct xg_spec *spec, size_t start)
{
	struct xg_target *tg;
	size_t		 end, n, cap = 0;
	const char	*s;
	char		*list, *p, *comma;

	end = scan_to(t, ";", "{}", start, "target (missing ';'?)");
	t->pos++;
	s = t->buf + start + strlen("target");
	while (isspace((unsigned char)*s))
		s++;
	n = strcspn(s, " \t\n;");
	if (!name_ok(s, n, false, "_"))
		text_fatal(t, start, "bad target name '%.*s'", (int)n, s);

	spec->targets = xg_grow(spec->targets, (size_t[]){ spec->ntargets },
	    spec->ntargets + 1, sizeof(*spec->targets));
	tg = &spec->targets[spec->ntargets];
	memset(tg, 0, sizeof(*tg));
	tg->name = xg_strndup(s, n);
	tg->file = text_line(t, start)->file;
	tg->lineno = text_line(t, start)->lineno;

	s += n;
	if (!isspace((unsigned char)*s))
		text_fatal(t, start, "expected 'implements' after target %s",
		    tg->name);
	while (isspace((unsigned char)*s))
		s++;
	if (strncmp(s, "implements", 10) != 0 ||
	    !isspace((unsigned char)s[10]))
		text_fatal(t, start, "expected 'implements' after target %s",
		    tg->name);
	s += 10;
	list = squeeze(s, t->buf + end - s);
	for (p = list;; p = comma + 1) {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		if (!ifref_ok(p))
			text_fatal(t, start, "bad interface reference '%s' in "
			    "target %s", p, tg->name);
		tg->ifrefs = xg_grow(tg->ifrefs, &cap, tg->nifrefs + 1,
		    sizeof(*tg->ifrefs));
		tg->ifrefs[tg->nifrefs++] = xg_strdup(p);
		if (comma == NULL)
			break;
	}
	free(list);
	spec->ntargets++;
}

void
parse_spec(const struct xg_src *src, struct xg_spec *spec)
{
	struct text	 t;
	size_t		 start, w, i, j;

	memset(spec, 0, sizeof(*spec));
	text_init(&t, src);
	for (;;) {
		skip_ws(&t);
		if (t.pos >= t.len)
			break;
		start = t.pos;
		for (w = t.pos; w < t.len && (isalnum((unsigned char)t.buf[w]) ||
		    t.buf[w] == '_'); w++)
			;
		if (w - start == 9 && memcmp(t.buf + start, "interface", 9) == 0
		    && isspace((unsigned char)t.buf[w])) {
			t.pos = w;
			parse_interface(&t, spec, start);
		} else if (w - start == 6 &&
		    memcmp(t.buf + start, "target", 6) == 0 &&
		    isspace((unsigned char)t.buf[w])) {
			parse_target(&t, spec, start);
		} else
			text_fatal(&t, start, "expected 'interface' or 'target'");
	}
	/* A target may only implement interfaces of the same input. */
	for (i = 0; i < spec->ntargets; i++)
		for (j = 0; j < spec->targets[i].nifrefs; j++)
			if (spec_find_iface(spec,
			    spec->targets[i].ifrefs[j]) == NULL)
				xg_fatal(spec->targets[i].file,
				    spec->targets[i].lineno,
				    "target %s: unknown interface %s",
				    spec->targets[i].name,
				    spec->targets[i].ifrefs[j]);
	free(t.starts);
	free(t.buf);
}

static void
params_free(struct xg_param *ps, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(ps[i].name);
	free(ps);
}

void
spec_free(struct xg_spec *spec)
{
	struct xg_iface	*ifc;
	size_t		 i, j;

	for (i = 0; i < spec->nifaces; i++) {
		ifc = &spec->ifaces[i];
		for (j = 0; j < ifc->nmethods; j++) {
			free(ifc->methods[j].name);
			params_free(ifc->methods[j].in, ifc->methods[j].nin);
			params_free(ifc->methods[j].out, ifc->methods[j].nout);
		}
		free(ifc->methods);
		free(ifc->name);
		free(ifc->major);
		free(ifc->minor);
	}
	for (i = 0; i < spec->ntargets; i++) {
		for (j = 0; j < spec->targets[i].nifrefs; j++)
			free(spec->targets[i].ifrefs[j]);
		free(spec->targets[i].ifrefs);
		free(spec->targets[i].name);
	}
	free(spec->ifaces);
	free(spec->targets);
	memset(spec, 0, sizeof(*spec));
}

const struct xg_iface *
spec_find_iface(const struct xg_spec *spec, const char *ifref)
{
	const struct xg_iface	*ifc;
	size_t			 i, n;

	for (i = 0; i < spec->nifaces; i++) {
		ifc = &spec->ifaces[i];
		n = strlen(ifc->name);
		if (strncmp(ifref, ifc->name, n) == 0 && ifref[n] == '/' &&
		    strncmp(ifref + n + 1, ifc->major, strlen(ifc->major)) == 0
		    && ifref[n + 1 + strlen(ifc->major)] == '.' &&
		    strcmp(ifref + n + 2 + strlen(ifc->major), ifc->minor) == 0)
			return ifc;
	}
	return NULL;
}

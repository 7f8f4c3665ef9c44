/*
 * DOC: xifgen's preprocessor. XORP ran its .xif files through `cpp -C`; the
 * files only ever use #include, #ifdef, #ifndef, #else, #endif and, in
 * okapi's own files, #define, so this does exactly that much and no macro
 * expansion. Per file, in the C translation-phase order: comments become
 * a space (keeping line numbers), `\`-newline joins lines, then directives
 * run and the lines of active regions are appended, lower-cased (§8.1), to
 * struct xg_src. A missing <...> include (<xorp_config.h>) is silently
 * empty; a missing "..." include is an error.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xifgen.h"

#define CPP_MAX_DEPTH	32

struct cond {
	bool		 taking;	/* this branch is being kept */
	bool		 was_taken;	/* some branch of this #ifdef was */
	bool		 seen_else;
	int		 lineno;
};

struct cpp_file {
	const char	*path;
	int		 depth;
	struct cond	*conds;
	size_t		 nconds;
	size_t		 condcap;
};

static void	 cpp_file_run(struct xg_src *, const char *, int);

void
cpp_define(struct xg_src *src, const char *def)
{
	size_t	 len = strcspn(def, "=");
	size_t	 cap = src->ndefines;

	src->defines = xg_grow(src->defines, &cap, src->ndefines + 1,
	    sizeof(*src->defines));
	src->defines[src->ndefines++] = xg_strndup(def, len);
}

void
cpp_incdir(struct xg_src *src, const char *dir)
{
	size_t	 cap = src->nincdirs;

	src->incdirs = xg_grow(src->incdirs, &cap, src->nincdirs + 1,
	    sizeof(*src->incdirs));
	src->incdirs[src->nincdirs++] = xg_strdup(dir);
}

void
cpp_run(struct xg_src *src, const char *path)
{
	cpp_file_run(src, path, 0);
}

void
cpp_free(struct xg_src *src)
{
	size_t	 i;

	for (i = 0; i < src->nlines; i++)
		free(src->lines[i].text);
	for (i = 0; i < src->ndefines; i++)
		free(src->defines[i]);
	for (i = 0; i < src->nincdirs; i++)
		free(src->incdirs[i]);
	for (i = 0; i < src->npaths; i++)
		free(src->paths[i]);
	free(src->lines);
	free(src->defines);
	free(src->incdirs);
	free(src->paths);
	memset(src, 0, sizeof(*src));
}

static bool
cpp_defined(const struct xg_src *src, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < src->ndefines; i++)
		if (src->defines[i] != NULL &&
		    strlen(src->defines[i]) == len &&
		    memcmp(src->defines[i], name, len) == 0)
			return true;
	return false;
}

static void
cpp_undef(struct xg_src *src, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < src->ndefines; i++)
		if (src->defines[i] != NULL &&
		    strlen(src->defines[i]) == len &&
		    memcmp(src->defines[i], name, len) == 0) {
			free(src->defines[i]);
			src->defines[i] = NULL;
		}
}

static char *
read_file(const char *path, size_t *lenp)
{
	FILE	*f;
	char	*p = NULL;
	size_t	 len = 0, cap = 0, n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	for (;;) {
		p = xg_grow(p, &cap, len + 4097, 1);
		n = fread(p + len, 1, 4096, f);
		len += n;
		if (n < 4096)
			break;
	}
	if (ferror(f))
		xg_fatal(path, 0, "read: %s", strerror(errno));
	fclose(f);
	p[len] = '\0';
	if (memchr(p, '\0', len) != NULL)
		xg_fatal(path, 0, "file contains a NUL byte");
	*lenp = len;
	return p;
}

/*
 * Replace comments by a space in place, keeping the newlines inside block
 * comments so that line numbers stay true. `//` comments are removed too:
 * XORP's files put them after #endif.
 */
static void
strip_comments(const char *path, char *p, size_t len)
{
	size_t	 i = 0;
	int	 lineno = 1, start = 0;

	while (i < len) {
		if (p[i] == '\n') {
			lineno++;
			i++;
		} else if (p[i] == '/' && i + 1 < len && p[i + 1] == '*') {
			start = lineno;
			p[i++] = ' ';
			p[i++] = ' ';
			for (;;) {
				if (i >= len)
					xg_fatal(path, start,
					    "unterminated comment");
				if (p[i] == '*' && i + 1 < len &&
				    p[i + 1] == '/') {
					p[i++] = ' ';
					p[i++] = ' ';
					break;
				}
				if (p[i] == '\n')
					lineno++;
				else
					p[i] = ' ';
				i++;
			}
		} else if (p[i] == '/' && i + 1 < len && p[i + 1] == '/') {
			while (i < len && p[i] != '\n')
				p[i++] = ' ';
		} else
			i++;
	}
}

static void
add_line(struct xg_src *src, const char *path, int lineno, bool main,
    const char *text, size_t len)
{
	struct xg_line	*l;
	size_t		 i;

	src->lines = xg_grow(src->lines, &src->linecap, src->nlines + 1,
	    sizeof(*src->lines));
	l = &src->lines[src->nlines++];
	l->text = xg_strndup(text, len);
	for (i = 0; i < len; i++)
		l->text[i] = tolower((unsigned char)l->text[i]);
	l->file = path;
	l->lineno = lineno;
	l->main = main;
}

static bool
cpp_active(const struct cpp_file *cf)
{
	size_t	 i;

	for (i = 0; i < cf->nconds; i++)
		if (!cf->conds[i].taking)
			return false;
	return true;
}

static const char *
skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' ||
	    *s == '\v')
		s++;
	return s;
}

static size_t
ident_len(const char *s)
{
	size_t	 n = 0;

	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

/* The rest of a directive line must be empty. */
static void
expect_end(const struct cpp_file *cf, int lineno, const char *s,
    const char *what)
{
	if (*skip_space(s) != '\0')
		xg_fatal(cf->path, lineno, "extra tokens after #%s", what);
}

static char *
dirname_of(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xg_strdup(".");
	if (slash == path)
		return xg_strdup("/");
	return xg_strndup(path, slash - path);
}

static char *
path_join(const char *dir, const char *name)
{
	size_t	 len = strlen(dir) + strlen(name) + 2;
	char	*p = xg_alloc(len);

	snprintf(p, len, "%s/%s", dir, name);
	return p;
}

/*
 * Both include forms search the including file's directory first, then
 * each -I directory in order. Returns NULL when nothing is found.
 */
static char *
find_include(const struct xg_src *src, const char *from, const char *name)
{
	char	*dir, *p;
	size_t	 i;

	if (name[0] == '/')
		return access(name, R_OK) == 0 ? xg_strdup(name) : NULL;
	dir = dirname_of(from);
	p = path_join(dir, name);
	free(dir);
	if (access(p, R_OK) == 0)
		return p;
	free(p);
	for (i = 0; i < src->nincdirs; i++) {
		p = path_join(src->incdirs[i], name);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

static void
do_include(struct xg_src *src, struct cpp_file *cf, int lineno,
    const char *s)
{
	char		 close;
	const char	*end;
	char		*name, *path;

	s = skip_space(s);
	if (*s == '"')
		close = '"';
	else if (*s == '<')
		close = '>';
	else
		xg_fatal(cf->path, lineno, "#include expects \"FILE\" or <FILE>");
	if ((end = strchr(s + 1, close)) == NULL || end == s + 1)
		xg_fatal(cf->path, lineno, "bad #include file name");
	expect_end(cf, lineno, end + 1, "include");
	name = xg_strndup(s + 1, end - s - 1);
	if (cf->depth + 1 >= CPP_MAX_DEPTH)
		xg_fatal(cf->path, lineno, "#include nested too deeply");
	if ((path = find_include(src, cf->path, name)) == NULL) {
		/* A system header such as <xorp_config.h> has no meaning
		 * for an interface file: treat it as empty. */
		if (close == '>') {
			free(name);
			return;
		}
		xg_fatal(cf->path, lineno, "#include \"%s\": file not found",
		    name);
	}
	free(name);
	/* Lines keep pointing at the path for their messages. */
	src->paths = xg_grow(src->paths, &src->pathcap, src->npaths + 1,
	    sizeof(*src->paths));
	src->paths[src->npaths++] = path;
	cpp_file_run(src, path, cf->depth + 1);
}

static void
push_cond(struct cpp_file *cf, int lineno, bool taking)
{
	struct cond	*c;

	cf->conds = xg_grow(cf->conds, &cf->condcap, cf->nconds + 1,
	    sizeof(*cf->conds));
	c = &cf->conds[cf->nconds++];
	c->taking = taking;
	c->was_taken = taking;
	c->seen_else = false;
	c->lineno = lineno;
}

static void
directive(struct xg_src *src, struct cpp_file *cf, int lineno,
    const char *s)
{
	const char	*word;
	size_t		 wlen, n;
	bool		 active = cpp_active(cf);
	struct cond	*c;

	s = skip_space(s + 1);			/* past '#' */
	if (*s == '\0')
		return;				/* the null directive */
	word = s;
	while (isalpha((unsigned char)*s))
		s++;
	wlen = s - word;
#define IS(w)	(wlen == sizeof(w) - 1 && memcmp(word, w, wlen) == 0)
	if (IS("ifdef") || IS("ifndef")) {
		s = skip_space(s);
		if ((n = ident_len(s)) == 0)
			xg_fatal(cf->path, lineno, "#%.*s without a macro name",
			    (int)wlen, word);
		expect_end(cf, lineno, s + n, IS("ifdef") ? "ifdef" : "ifndef");
		push_cond(cf, lineno, active &&
		    cpp_defined(src, s, n) == IS("ifdef"));
		if (!active)
			cf->conds[cf->nconds - 1].was_taken = true;
	} else if (IS("else")) {
		if (cf->nconds == 0)
			xg_fatal(cf->path, lineno, "#else without #ifdef");
		c = &cf->conds[cf->nconds - 1];
		if (c->seen_else)
			xg_fatal(cf->path, lineno, "#else after #else");
		c->seen_else = true;
		c->taking = !c->was_taken;
		c->was_taken = true;
	} else if (IS("endif")) {
		/* Text after #endif is tolerated: XORP writes "#endif //ipv6",
		 * and the comment is already gone by now. */
		if (cf->nconds == 0)
			xg_fatal(cf->path, lineno, "#endif without #ifdef");
		cf->nconds--;
	} else if (IS("if") || IS("elif")) {
		xg_fatal(cf->path, lineno,
		    "#%.*s is not supported (use #ifdef or #ifndef)",
		    (int)wlen, word);
	} else if (!active) {
		return;
	} else if (IS("include")) {
		do_include(src, cf, lineno, s);
	} else if (IS("define") || IS("undef")) {
		s = skip_space(s);
		if ((n = ident_len(s)) == 0)
			xg_fatal(cf->path, lineno, "#%.*s without a macro name",
			    (int)wlen, word);
		if (IS("undef")) {
			expect_end(cf, lineno, s + n, "undef");
			cpp_undef(src, s, n);
		} else {
			/* The value, if any, is ignored: names only matter
			 * to #ifdef, nothing is expanded. */
			char	*name = xg_strndup(s, n);

			cpp_define(src, name);
			free(name);
		}
	} else if (IS("error")) {
		xg_fatal(cf->path, lineno, "#error%s", s);
	} else
		xg_fatal(cf->path, lineno, "unknown directive #%.*s",
		    (int)wlen, word);
#undef IS
}

static void
cpp_file_run(struct xg_src *src, const char *path, int depth)
{
	struct cpp_file	 cf;
	char		*text, *p, *nl, *joined = NULL;
	const char	*line;
	size_t		 len, jlen = 0, jcap = 0, n;
	int		 lineno = 0, start = 0;
	bool		 cont;

	if ((text = read_file(path, &len)) == NULL)
		xg_fatal(path, 0, "%s", strerror(errno));
	strip_comments(path, text, len);

	memset(&cf, 0, sizeof(cf));
	cf.path = path;
	cf.depth = depth;

	for (p = text; *p != '\0' || jlen > 0; ) {
		if (*p == '\0') {
			/* A continuation on the very last line. */
			line = "";
			nl = p;
			n = 0;
		} else {
			nl = strchr(p, '\n');
			if (nl == NULL)
				nl = p + strlen(p);
			line = p;
			n = nl - line;
		}
		lineno++;
		/* A trailing `\` joins the next line; allow blanks after it
		 * since they are invisible in an editor. */
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
		    line[n - 1] == '\r'))
			n--;
		cont = n > 0 && line[n - 1] == '\\';
		if (cont)
			n--;
		if (jlen == 0)
			start = lineno;
		joined = xg_grow(joined, &jcap, jlen + n + 2, 1);
		memcpy(joined + jlen, line, n);
		jlen += n;
		joined[jlen] = '\0';
		if (*p != '\0')
			p = *nl == '\n' ? nl + 1 : nl;
		else
			cont = false;
		if (cont) {
			joined[jlen++] = ' ';
			joined[jlen] = '\0';
			continue;
		}
		if (*skip_space(joined) == '#')
			directive(src, &cf, start, skip_space(joined));
		else if (cpp_active(&cf))
			add_line(src, path, start, depth == 0, joined, jlen);
		jlen = 0;
	}
	if (cf.nconds > 0)
		xg_fatal(path, cf.conds[cf.nconds - 1].lineno,
		    "unterminated #ifdef");
	free(cf.conds);
	free(joined);
	free(text);
}

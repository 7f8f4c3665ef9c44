/*
 * DOC: command sets and the syntax compiler. cmd_set_add() parses a
 * syntax string in FRRouting's notation by recursive descent and builds
 * its position automaton on the way (cmd_graph.h): every element returns
 * its first and last token sets and whether it may be skipped, and a
 * sequence links the last tokens of one element to the first tokens of
 * the next. Help lines are attached to tokens in textual order. All the
 * work and every check happen here, once, so that matching a line stays
 * a walk over bit sets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_graph.h"
#include "strnum.h"

/* What an element or a sequence of them contributes to the automaton. */
struct frag {
	struct cmd_tokset	 first;
	struct cmd_tokset	 last;
	bool			 nullable;
};

struct syn {
	const char		*s;		/* the syntax string */
	size_t			 pos;
	char			*pool;		/* NUL-terminated texts */
	size_t			 poollen;
	struct cmd_tok		*tok;		/* CMD_MAX_TOKENS */
	unsigned		 ntok;
	const char		*error;
};

static bool	syn_alts(struct syn *, unsigned, char, struct frag *);

struct cmd_set *
cmd_set_new(void)
{
	return calloc(1, sizeof(struct cmd_set));
}

void
cmd_set_free(struct cmd_set *set)
{
	unsigned	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		free(set->cmd[i]->strings);
		free(set->cmd[i]);
	}
	free(set->cmd);
	free(set);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Characters that end a token word in a syntax string. */
static bool
is_delim(char c)
{
	return c == '\0' || is_space(c) || strchr("[]<>{}()|$", c) != NULL;
}

static void
syn_skip(struct syn *y)
{
	while (is_space(y->s[y->pos]))
		y->pos++;
}

/* Copy n bytes of the syntax into the pool; the pool was sized for all. */
static const char *
syn_intern(struct syn *y, const char *p, size_t n)
{
	char	*r = y->pool + y->poollen;

	memcpy(r, p, n);
	r[n] = '\0';
	y->poollen += n + 1;
	return r;
}

static bool
syn_fail(struct syn *y, const char *why)
{
	if (y->error == NULL)
		y->error = why;
	return false;
}

/* "$name" after a token or a closing bracket; *name stays NULL if none. */
static bool
syn_name(struct syn *y, const char **name)
{
	size_t	 start;
	char	 c;

	*name = NULL;
	if (y->s[y->pos] != '$')
		return true;
	start = ++y->pos;
	while ((c = y->s[y->pos]) == '_' || c == '-' ||
	    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		y->pos++;
	if (y->pos == start)
		return syn_fail(y, "empty $name");
	*name = syn_intern(y, y->s + start, y->pos - start);
	return true;
}

static bool
is_upper_name(const char *p, size_t n)
{
	size_t	 i;

	if (n == 0 || p[0] < 'A' || p[0] > 'Z')
		return false;
	/* FRR's VARIABLE: [A-Z][-_A-Z:0-9]+ ("AA:NN"); one letter too. */
	for (i = 1; i < n; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '_' ||
		    p[i] == '-' || p[i] == ':'))
			return false;
	return true;
}

static bool
is_keyword(const char *p, size_t n)
{
	size_t	 i;

	if (n == 0 || !((p[0] >= 'a' && p[0] <= 'z') ||
	    (p[0] >= '0' && p[0] <= '9') || p[0] == '*'))
		return false;
	for (i = 1; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= '0' && p[i] <= '9') || strchr("-_.+*", p[i])))
			return false;
	return true;
}

static bool
word_is(const char *p, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(p, lit, n) == 0;
}

/* Classify the token text p[0..n) into t->type. */
static bool
syn_classify(struct syn *y, struct cmd_tok *t, const char *p, size_t n)
{
	if (word_is(p, n, "A.B.C.D"))
		t->type = CMD_TOK_IPV4;
	else if (word_is(p, n, "A.B.C.D/M"))
		t->type = CMD_TOK_IPV4_PREFIX;
	else if (word_is(p, n, "X:X::X:X"))
		t->type = CMD_TOK_IPV6;
	else if (word_is(p, n, "X:X::X:X/M"))
		t->type = CMD_TOK_IPV6_PREFIX;
	else if (word_is(p, n, "A.B.C.D[/M]"))
		t->type = CMD_TOK_IPV4_OPT;
	else if (word_is(p, n, "X:X::X:X[/M]"))
		t->type = CMD_TOK_IPV6_OPT;
	else if (word_is(p, n, "X:X:X:X:X:X"))
		t->type = CMD_TOK_MAC;
	else if (memchr(p, ':', n) != NULL && memchr(p, 'X', n) != NULL &&
	    memchr(p, '/', n) != NULL)
		return syn_fail(y, "unsupported token");	/* MAC_PREFIX */
	else if (word_is(p, n, "LINE") ||
	    (n > 3 && memcmp(p + n - 3, "...", 3) == 0 &&
	    is_upper_name(p, n - 3)))
		t->type = CMD_TOK_LINE;	/* FRR also writes "LINE..." */
	else if (is_upper_name(p, n))
		t->type = CMD_TOK_WORD;
	else if (is_keyword(p, n))
		t->type = CMD_TOK_KEYWORD;
	else
		return syn_fail(y, "bad token");
	return true;
}

static struct cmd_tok *
syn_newtok(struct syn *y, struct frag *f)
{
	struct cmd_tok	*t;

	if (y->ntok >= CMD_MAX_TOKENS) {
		syn_fail(y, "too many tokens");
		return NULL;
	}
	t = &y->tok[y->ntok];
	memset(t, 0, sizeof(*t));
	memset(f, 0, sizeof(*f));
	tokset_add(&f->first, y->ntok);
	tokset_add(&f->last, y->ntok);
	f->nullable = false;
	y->ntok++;
	return t;
}

/*
 * "(lo-hi)": unsigned 64-bit bounds, lo <= hi. As FRR's lexer, one space
 * may stand on either side of the dash; the token's text drops them, so
 * that '?' shows "(1-10)" either way. FRR's signed bounds are refused.
 */
static bool
syn_range(struct syn *y, struct frag *f)
{
	const char	*p = y->s + y->pos, *lo, *lo_end, *hi, *close;
	struct cmd_tok	*t;
	char		 text[48];

	lo = p + 1;
	for (lo_end = lo; *lo_end >= '0' && *lo_end <= '9'; lo_end++)
		;
	hi = lo_end + (*lo_end == ' ');
	if (*hi != '-')
		return syn_fail(y, "bad range");
	hi += 1 + (hi[1] == ' ');
	for (close = hi; *close >= '0' && *close <= '9'; close++)
		;
	if (*close != ')')
		return syn_fail(y, "bad range");
	if ((t = syn_newtok(y, f)) == NULL)
		return false;
	t->type = CMD_TOK_RANGE;
	if (!strnum_u64_len(lo, lo_end - lo, UINT64_MAX, &t->lo) ||
	    !strnum_u64_len(hi, close - hi, UINT64_MAX, &t->hi) ||
	    t->lo > t->hi)
		return syn_fail(y, "bad range");
	/* Both bounds fit in 20 digits each, checked just above. */
	snprintf(text, sizeof(text), "(%.*s-%.*s)", (int)(lo_end - lo), lo,
	    (int)(close - hi), hi);
	t->text = syn_intern(y, text, strlen(text));
	y->pos += close - p + 1;
	return syn_name(y, &t->name);
}

static bool
syn_token(struct syn *y, struct frag *f)
{
	const char	*p = y->s + y->pos;
	struct cmd_tok	*t;
	size_t		 n = 0;

	while (!is_delim(p[n]))
		n++;
	if (n == 0)
		return syn_fail(y, "unexpected character");
	/* "A.B.C.D[/M]" and "X:X::X:X[/M]" are one token, brackets and all. */
	if ((word_is(p, n, "A.B.C.D") || word_is(p, n, "X:X::X:X")) &&
	    strncmp(p + n, "[/M]", 4) == 0 && is_delim(p[n + 4]))
		n += 4;
	if ((t = syn_newtok(y, f)) == NULL || !syn_classify(y, t, p, n))
		return false;
	t->text = syn_intern(y, p, n);
	y->pos += n;
	return syn_name(y, &t->name);
}

/*
 * A bracketed group. [] may be skipped; {} is FRR's keyword group: its
 * alternatives repeat in any order, each at most once, which the automaton
 * approximates with a loop plus CMD_TOKF_GROUP, checked on the chosen path.
 */
static bool
syn_group(struct syn *y, unsigned depth, struct frag *f)
{
	const char	*name;
	char		 open = y->s[y->pos], close;
	unsigned	 t, i, from = y->ntok;
	uint64_t	 b;

	if (depth >= CMD_MAX_DEPTH)
		return syn_fail(y, "brackets nested too deep");
	close = open == '[' ? ']' : open == '<' ? '>' : '}';
	y->pos++;
	if (!syn_alts(y, depth + 1, close, f))
		return false;
	y->pos++;
	if (open == '[')
		f->nullable = true;
	if (open == '{') {
		TOKSET_FOREACH(t, &f->last, i, b)
			tokset_or(&y->tok[t].follow, &f->first);
		for (t = from; t < y->ntok; t++)
			y->tok[t].flags |= CMD_TOKF_GROUP;
	}
	if (!syn_name(y, &name))
		return false;
	/* The group's name goes to whichever token starts the choice. */
	if (name != NULL)
		TOKSET_FOREACH(t, &f->first, i, b)
			if (y->tok[t].name == NULL)
				y->tok[t].name = name;
	return true;
}

/* Elements up to '|', a closing bracket or the end. */
static bool
syn_seq(struct syn *y, unsigned depth, struct frag *f)
{
	struct frag	 e;
	unsigned	 t, i, n = 0;
	uint64_t	 b;
	char		 c;

	memset(f, 0, sizeof(*f));
	f->nullable = true;
	for (;;) {
		syn_skip(y);
		c = y->s[y->pos];
		if (c == '\0' || c == '|' || c == ']' || c == '>' || c == '}')
			break;
		if (c == '[' || c == '<' || c == '{') {
			if (!syn_group(y, depth, &e))
				return false;
		} else if (c == '(') {
			if (!syn_range(y, &e))
				return false;
		} else if (!syn_token(y, &e))
			return false;
		TOKSET_FOREACH(t, &f->last, i, b)
			tokset_or(&y->tok[t].follow, &e.first);
		if (f->nullable)
			tokset_or(&f->first, &e.first);
		if (e.nullable)
			tokset_or(&f->last, &e.last);
		else
			f->last = e.last;
		f->nullable = f->nullable && e.nullable;
		n++;
	}
	if (n == 0)
		return syn_fail(y, depth ? "empty alternative" :
		    "empty syntax");
	return true;
}

/* Alternatives separated by '|', up to the closer ('\0' at top level). */
static bool
syn_alts(struct syn *y, unsigned depth, char closer, struct frag *f)
{
	struct frag	 a;
	bool		 one = true;

	memset(f, 0, sizeof(*f));
	for (;;) {
		if (!syn_seq(y, depth, &a))
			return false;
		tokset_or(&f->first, &a.first);
		tokset_or(&f->last, &a.last);
		if (one)
			f->nullable = a.nullable;
		else
			f->nullable = f->nullable || a.nullable;
		one = false;
		if (y->s[y->pos] == closer)
			return true;
		if (y->s[y->pos] != '|')
			return syn_fail(y, closer == '\0' ?
			    "unbalanced bracket" : y->s[y->pos] == '\0' ?
			    "unclosed bracket" : "mismatched bracket");
		if (closer == '\0')
			return syn_fail(y, "'|' outside brackets");
		y->pos++;
	}
}

/* Hand out the help lines, one per token in textual order. */
static bool
syn_help(struct syn *y, const char *help)
{
	char		*p;
	size_t		 n;
	unsigned	 i;

	if (help == NULL)
		help = "";
	n = strlen(help);
	if (n > 0 && help[n - 1] == '\n')
		n--;		/* a final newline ends the last line */
	p = (char *)syn_intern(y, help, n);
	for (i = 0; i < y->ntok; i++) {
		if (i > 0) {
			if ((p = strchr(p, '\n')) == NULL)
				return syn_fail(y,
				    "fewer help lines than tokens");
			*p++ = '\0';
		}
		y->tok[i].help = p;
	}
	if (strchr(p, '\n') != NULL || (y->ntok == 0 && n > 0))
		return syn_fail(y, "more help lines than tokens");
	return true;
}

static bool
syn_check(struct syn *y, const struct frag *f)
{
	unsigned	 i;

	if (f->nullable)
		return syn_fail(y, "matches the empty line");
	for (i = 0; i < y->ntok; i++) {
		struct cmd_tok	*t = &y->tok[i];

		if (t->type == CMD_TOK_LINE &&
		    (!tokset_empty(&t->follow) || !tokset_has(&f->last, i)))
			return syn_fail(y, "LINE must be the last token");
		if (t->name == NULL)
			t->name = t->text;
		t->len = (uint16_t)strlen(t->text);
	}
	return true;
}

int
cmd_set_add(struct cmd_set *set, const struct cmd_def *def, char *err,
    size_t errlen)
{
	struct syn		 y;
	struct frag		 f;
	struct cmd_graph	*g = NULL, **v;
	size_t			 slen, hlen;

	memset(&y, 0, sizeof(y));
	if (def->syntax == NULL || (slen = strlen(def->syntax)) > 4096) {
		snprintf(err, errlen, "cmd: missing or oversized syntax");
		return -1;
	}
	hlen = def->help ? strlen(def->help) : 0;
	y.s = def->syntax;
	/*
	 * Token texts and names are disjoint pieces of the syntax, each
	 * copied once with a NUL, so twice the syntax bounds each kind.
	 */
	y.pool = malloc(4 * (slen + 1) + hlen + 1);
	y.tok = calloc(CMD_MAX_TOKENS, sizeof(*y.tok));
	if (y.pool == NULL || y.tok == NULL) {
		y.error = "out of memory";
		goto fail;
	}
	if (!syn_alts(&y, 0, '\0', &f) || !syn_check(&y, &f) ||
	    !syn_help(&y, def->help))
		goto fail;
	if (set->n == set->cap) {
		unsigned	 cap = set->cap ? set->cap * 2 : 64;

		if ((v = reallocarray(set->cmd, cap, sizeof(*v))) == NULL) {
			y.error = "out of memory";
			goto fail;
		}
		set->cmd = v;
		set->cap = cap;
	}
	g = malloc(sizeof(*g) + y.ntok * sizeof(g->tok[0]));
	if (g == NULL) {
		y.error = "out of memory";
		goto fail;
	}
	g->def = def;
	g->strings = y.pool;
	g->first = f.first;
	g->last = f.last;
	g->ntok = y.ntok;
	memcpy(g->tok, y.tok, y.ntok * sizeof(g->tok[0]));
	set->cmd[set->n++] = g;
	free(y.tok);
	return 0;

fail:
	snprintf(err, errlen, "cmd \"%.80s\": %s at offset %zu", def->syntax,
	    y.error ? y.error : "syntax error", y.pos);
	free(y.pool);
	free(y.tok);
	return -1;
}

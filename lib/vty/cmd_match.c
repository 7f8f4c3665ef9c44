/*
 * DOC: matching lines against compiled commands, '?' help and TAB.
 *
 * A line is split into words once; each word is classified once (IPv4?
 * number?). Every command's automaton then runs over the words, keeping
 * for each word the set of tokens it may be at.
 *
 * Which command wins follows FRRouting's lib/command_match.c: each matched
 * word scores by how it matched, addresses and ranges above an exact
 * keyword, above an abbreviated keyword, above WORD, above LINE; a path's
 * scores are compared word by word from the left and the first difference
 * decides. Equal best paths, in two commands or in one, are ambiguous. To
 * find a command's best path without trying them all (nested optionals
 * make that exponential), the run keeps for each word and token only the
 * best way there, and ranks the live tokens of each word so that the next
 * word compares two ways by one number (Viterbi).
 *
 * '?' and TAB do not rank: like FRR they offer what follows any way the
 * words typed so far can be read.
 */
#include <string.h>

#include "cmd.h"
#include "cmd_graph.h"
#include "strnum.h"

/* How a word matched a token; 0 is no match, higher is better. */
enum {
	SC_NONE,
	SC_LINE,
	SC_WORD,
	SC_PARTIAL,
	SC_EXACT,
	SC_TYPED,	/* address, prefix, range */
};

/* What a word can be, found once per word. */
#define WK_V4		0x01
#define WK_V4P		0x02
#define WK_V6		0x04
#define WK_V6P		0x08
#define WK_NUM		0x10
#define WK_MAC		0x20

struct cmd_line {
	unsigned	 nw;
	bool		 comment;
	bool		 partial;	/* no space after the last word */
	size_t		 erroff;	/* when splitting failed */
	const char	*w[CMD_MAX_WORDS];
	size_t		 off[CMD_MAX_WORDS];
	uint16_t	 len[CMD_MAX_WORDS];
	uint8_t		 kind[CMD_MAX_WORDS];
	uint64_t	 num[CMD_MAX_WORDS];
};

/* The best way to each token at each word (see DOC). */
struct cmd_run {
	struct cmd_tokset	 live[CMD_MAX_WORDS];
	int16_t			 pred[CMD_MAX_WORDS][CMD_MAX_TOKENS];
	uint8_t			 rank[CMD_MAX_WORDS][CMD_MAX_TOKENS];
	uint8_t			 score[CMD_MAX_WORDS][CMD_MAX_TOKENS];
	bool			 tied[CMD_MAX_WORDS][CMD_MAX_TOKENS];
};

#define STORE_LEN	(sizeof(((struct cmd_match *)0)->store))

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

static uint8_t
word_kind(const char *w, size_t len, uint64_t *num)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	struct prefix4	 p4;
	struct prefix6	 p6;
	struct mac	 mac;
	uint8_t		 k = 0;
	bool		 slash = memchr(w, '/', len) != NULL;

	if (strnum_u64_len(w, len, UINT64_MAX, num))
		return WK_NUM;
	if (memchr(w, ':', len) != NULL) {
		if (slash ? prefix6_parse(w, &p6) : addr6_parse(w, &a6))
			k |= slash ? WK_V6P : WK_V6;
		if (!slash && mac_parse(w, &mac))
			k |= WK_MAC;
	} else if (memchr(w, '.', len) != NULL) {
		if (slash ? prefix4_parse(w, &p4) : addr4_parse(w, &a4))
			k |= slash ? WK_V4P : WK_V4;
	}
	return k;
}

/*
 * Split into words, copied NUL-terminated into buf. False when the line
 * has too many words or does not fit, with erroff at the word at fault.
 */
static bool
line_split(const char *line, char *buf, size_t buflen, struct cmd_line *l)
{
	const char	*p = line, *start;
	size_t		 used = 0, n;

	l->nw = 0;
	l->partial = false;
	l->comment = false;
	while (is_space(*p))
		p++;
	if (*p == '!' || *p == '#') {
		l->comment = true;
		return true;
	}
	for (;;) {
		while (is_space(*p))
			p++;
		if (*p == '\0')
			return true;
		start = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		n = p - start;
		l->erroff = start - line;
		if (l->nw == CMD_MAX_WORDS || n + 1 > buflen - used ||
		    n > UINT16_MAX)
			return false;
		memcpy(buf + used, start, n);
		buf[used + n] = '\0';
		l->w[l->nw] = buf + used;
		l->off[l->nw] = start - line;
		l->len[l->nw] = (uint16_t)n;
		l->kind[l->nw] = word_kind(buf + used, n, &l->num[l->nw]);
		l->partial = *p == '\0';
		l->nw++;
		used += n + 1;
	}
}

static int
tok_score(const struct cmd_tok *t, const struct cmd_line *l, unsigned i)
{
	switch (t->type) {
	case CMD_TOK_KEYWORD:
		if (l->len[i] > t->len || memcmp(t->text, l->w[i], l->len[i]))
			return SC_NONE;
		return l->len[i] == t->len ? SC_EXACT : SC_PARTIAL;
	case CMD_TOK_IPV4:
		return l->kind[i] & WK_V4 ? SC_TYPED : SC_NONE;
	case CMD_TOK_IPV4_PREFIX:
		return l->kind[i] & WK_V4P ? SC_TYPED : SC_NONE;
	case CMD_TOK_IPV6:
		return l->kind[i] & WK_V6 ? SC_TYPED : SC_NONE;
	case CMD_TOK_IPV6_PREFIX:
		return l->kind[i] & WK_V6P ? SC_TYPED : SC_NONE;
	case CMD_TOK_IPV4_OPT:
		return l->kind[i] & (WK_V4 | WK_V4P) ? SC_TYPED : SC_NONE;
	case CMD_TOK_IPV6_OPT:
		return l->kind[i] & (WK_V6 | WK_V6P) ? SC_TYPED : SC_NONE;
	case CMD_TOK_MAC:
		return l->kind[i] & WK_MAC ? SC_TYPED : SC_NONE;
	case CMD_TOK_RANGE:
		return (l->kind[i] & WK_NUM) && l->num[i] >= t->lo &&
		    l->num[i] <= t->hi ? SC_TYPED : SC_NONE;
	case CMD_TOK_WORD:
		return SC_WORD;
	case CMD_TOK_LINE:
		return SC_LINE;
	}
	return SC_NONE;
}

/* Give the live tokens of word i ranks: equal ranks, equal paths so far. */
static void
run_rank(const struct cmd_graph *g, struct cmd_run *r, unsigned i)
{
	unsigned	 st[CMD_MAX_TOKENS], key[CMD_MAX_TOKENS];
	unsigned	 n = 0, t, k, j, rank = 0, w;
	uint64_t	 b;

	(void)g;
	TOKSET_FOREACH(t, &r->live[i], w, b) {
		unsigned	 kv = r->score[i][t];

		if (i > 0)
			kv += 8 * r->rank[i - 1][r->pred[i][t]];
		for (j = n; j > 0 && key[j - 1] > kv; j--) {
			key[j] = key[j - 1];
			st[j] = st[j - 1];
		}
		key[j] = kv;
		st[j] = t;
		n++;
	}
	for (k = 0; k < n; k++) {
		if (k > 0 && key[k] != key[k - 1])
			rank++;
		r->rank[i][st[k]] = (uint8_t)rank;
	}
}

/* Word i may be token t, coming from token p (or from the start). */
static void
run_step(const struct cmd_graph *g, const struct cmd_line *l,
    struct cmd_run *r, struct cmd_tokset *tried, unsigned i, unsigned t,
    int p)
{
	int	 s;

	if (tokset_has(&r->live[i], t)) {
		unsigned	 rp = r->rank[i - 1][p];
		unsigned	 rb = r->rank[i - 1][r->pred[i][t]];

		if (rp > rb) {
			r->pred[i][t] = (int16_t)p;
			r->tied[i][t] = r->tied[i - 1][p];
		} else if (rp == rb)
			r->tied[i][t] = true;
		return;
	}
	if (tokset_has(tried, t))
		return;
	tokset_add(tried, t);
	if ((s = tok_score(&g->tok[t], l, i)) == SC_NONE)
		return;
	tokset_add(&r->live[i], t);
	r->score[i][t] = (uint8_t)s;
	r->pred[i][t] = (int16_t)p;
	r->tied[i][t] = p >= 0 ? r->tied[i - 1][p] : false;
}

/*
 * Run one command over the words. Returns the index of the first word no
 * token accepted (l->nw if all were); *best is the token of the best
 * complete path's last word, or -1, and *tied says it has an equal rival.
 */
static unsigned
run_graph(const struct cmd_graph *g, const struct cmd_line *l,
    struct cmd_run *r, int *best, bool *tied)
{
	struct cmd_tokset	 tried;
	unsigned		 i, t, p, w, w2;
	uint64_t		 b, b2;

	*best = -1;
	*tied = false;
	for (i = 0; i < l->nw; i++) {
		memset(&r->live[i], 0, sizeof(r->live[i]));
		memset(&tried, 0, sizeof(tried));
		if (i == 0) {
			TOKSET_FOREACH(t, &g->first, w, b)
				run_step(g, l, r, &tried, i, t, -1);
		} else {
			TOKSET_FOREACH(p, &r->live[i - 1], w, b) {
				/* LINE swallows every word after it. */
				if (g->tok[p].type == CMD_TOK_LINE)
					run_step(g, l, r, &tried, i, p, p);
				TOKSET_FOREACH(t, &g->tok[p].follow, w2, b2)
					run_step(g, l, r, &tried, i, t, p);
			}
		}
		if (tokset_empty(&r->live[i]))
			return i;
		run_rank(g, r, i);
	}
	i = l->nw - 1;
	TOKSET_FOREACH(t, &r->live[i], w, b) {
		if (!tokset_has(&g->last, t))
			continue;
		if (*best < 0 || r->rank[i][t] > r->rank[i][*best]) {
			*best = (int)t;
			*tied = r->tied[i][t];
		} else if (r->rank[i][t] == r->rank[i][*best])
			*tied = true;
	}
	return l->nw;
}

/*
 * Trace the best path back into path[]. Returns the word at which a {}
 * token came back a second time, or l->nw if none did.
 */
static unsigned
run_path(const struct cmd_graph *g, const struct cmd_line *l,
    const struct cmd_run *r, int best, int16_t *path, uint8_t *vec)
{
	struct cmd_tokset	 seen;
	unsigned		 i, bad = l->nw;
	int			 t = best;

	memset(&seen, 0, sizeof(seen));
	for (i = l->nw; i-- > 0; ) {
		path[i] = (int16_t)t;
		vec[i] = r->score[i][t];
		t = r->pred[i][t];
	}
	for (i = 0; i < l->nw; i++) {
		if (!(g->tok[path[i]].flags & CMD_TOKF_GROUP))
			continue;
		if (tokset_has(&seen, path[i])) {
			bad = i;
			break;
		}
		tokset_add(&seen, path[i]);
	}
	return bad;
}

/* Fill the values of the winning path; the words are in m->store. */
static void
match_values(const struct cmd_graph *g, const struct cmd_line *l,
    const int16_t *path, struct cmd_match *m)
{
	const struct cmd_tok	*t;
	struct cmd_value	*v;
	unsigned		 i, j;

	m->def = g->def;
	m->nvals = 0;
	for (i = 0; i < l->nw; i++) {
		t = &g->tok[path[i]];
		v = &m->vals[m->nvals++];
		memset(v, 0, sizeof(*v));
		v->name = t->name;
		v->type = t->type;
		v->text = l->w[i];
		switch (t->type) {
		case CMD_TOK_KEYWORD:
			v->text = t->text;
			break;
		case CMD_TOK_IPV4:
			addr4_parse(l->w[i], &v->u.v4);
			break;
		case CMD_TOK_IPV4_PREFIX:
			prefix4_parse(l->w[i], &v->u.p4);
			break;
		case CMD_TOK_IPV6:
			addr6_parse(l->w[i], &v->u.v6);
			break;
		case CMD_TOK_IPV6_PREFIX:
			prefix6_parse(l->w[i], &v->u.p6);
			break;
		/* The value says which of the two was typed. */
		case CMD_TOK_IPV4_OPT:
			if (l->kind[i] & WK_V4P) {
				v->type = CMD_TOK_IPV4_PREFIX;
				prefix4_parse(l->w[i], &v->u.p4);
			} else {
				v->type = CMD_TOK_IPV4;
				addr4_parse(l->w[i], &v->u.v4);
			}
			break;
		case CMD_TOK_IPV6_OPT:
			if (l->kind[i] & WK_V6P) {
				v->type = CMD_TOK_IPV6_PREFIX;
				prefix6_parse(l->w[i], &v->u.p6);
			} else {
				v->type = CMD_TOK_IPV6;
				addr6_parse(l->w[i], &v->u.v6);
			}
			break;
		case CMD_TOK_MAC:
			mac_parse(l->w[i], &v->u.mac);
			break;
		case CMD_TOK_RANGE:
			v->u.num = l->num[i];
			break;
		case CMD_TOK_LINE:
			/* The rest, words joined by one space, as FRR does. */
			for (j = i + 1; j < l->nw; j++)
				((char *)l->w[j])[-1] = ' ';
			return;
		}
	}
}

enum cmd_verdict
cmd_match(const struct cmd_set *const *sets, unsigned nsets,
    const char *line, struct cmd_match *m, size_t *errpos)
{
	struct cmd_line			 l;
	struct cmd_run			 run;
	const struct cmd_graph		*g, *win = NULL;
	int16_t				 path[CMD_MAX_WORDS];
	int16_t				 winpath[CMD_MAX_WORDS];
	uint8_t				 vec[CMD_MAX_WORDS];
	uint8_t				 winvec[CMD_MAX_WORDS];
	unsigned			 si, ci, far = 0, end;
	bool				 incomplete = false;
	bool				 wintied = false;
	bool				 tied;
	int				 best, c;

	m->def = NULL;
	m->nvals = 0;
	*errpos = 0;
	if (!line_split(line, m->store, sizeof(m->store), &l)) {
		*errpos = l.erroff;
		return CMD_MATCH_UNKNOWN;
	}
	if (l.comment || l.nw == 0)
		return CMD_MATCH_EMPTY;
	for (si = 0; si < nsets; si++) {
		if (sets[si] == NULL)
			continue;
		for (ci = 0; ci < sets[si]->n; ci++) {
			g = sets[si]->cmd[ci];
			end = run_graph(g, &l, &run, &best, &tied);
			if (end < l.nw) {
				if (end > far)
					far = end;
				continue;
			}
			if (best < 0) {
				incomplete = true;
				continue;
			}
			if ((end = run_path(g, &l, &run, best, path,
			    vec)) < l.nw) {
				if (end > far)
					far = end;
				continue;
			}
			c = win ? memcmp(vec, winvec, l.nw) : 1;
			if (c > 0) {
				win = g;
				wintied = tied;
				memcpy(winvec, vec, l.nw);
				memcpy(winpath, path, l.nw * sizeof(path[0]));
			} else if (c == 0 && g->def != win->def)
				wintied = true;
		}
	}
	if (win != NULL && wintied)
		return CMD_MATCH_AMBIGUOUS;
	if (win != NULL) {
		match_values(win, &l, winpath, m);
		return CMD_MATCH_OK;
	}
	if (incomplete)
		return CMD_MATCH_INCOMPLETE;
	*errpos = l.off[far];
	return CMD_MATCH_UNKNOWN;
}

/*
 * '?' and TAB: which tokens of g may come after the first n words, read
 * any way they can be. False when the words match nothing.
 */
static bool
reach(const struct cmd_graph *g, const struct cmd_line *l, unsigned n,
    struct cmd_tokset *next, bool *end)
{
	struct cmd_tokset	 live, nl;
	unsigned		 i, p, t, w, w2;
	uint64_t		 b, b2;

	*end = false;
	if (n == 0) {
		*next = g->first;
		return true;
	}
	memset(&live, 0, sizeof(live));
	for (i = 0; i < n; i++) {
		memset(&nl, 0, sizeof(nl));
		if (i == 0) {
			TOKSET_FOREACH(t, &g->first, w, b)
				if (tok_score(&g->tok[t], l, i) != SC_NONE)
					tokset_add(&nl, t);
		} else {
			TOKSET_FOREACH(p, &live, w, b) {
				if (g->tok[p].type == CMD_TOK_LINE)
					tokset_add(&nl, p);
				TOKSET_FOREACH(t, &g->tok[p].follow, w2, b2)
					if (!tokset_has(&nl, t) &&
					    tok_score(&g->tok[t], l, i) !=
					    SC_NONE)
						tokset_add(&nl, t);
			}
		}
		if (tokset_empty(&nl))
			return false;
		live = nl;
	}
	memset(next, 0, sizeof(*next));
	TOKSET_FOREACH(p, &live, w, b) {
		if (g->tok[p].type == CMD_TOK_LINE)
			tokset_add(next, p);
		tokset_or(next, &g->tok[p].follow);
	}
	*end = tokset_meets(&live, &g->last);
	return true;
}

/* Could the partial IPv4 address s[0..n) still become a valid one? */
static bool
v4_partial(const char *s, size_t n)
{
	unsigned	 dots = 0, digits = 0, v = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (digits == 0 || ++dots > 3)
				return false;
			digits = v = 0;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (digits == 1 && v == 0)
				return false;	/* no leading zeros */
			v = v * 10 + (s[i] - '0');
			if (++digits > 3 || v > 255)
				return false;
		} else
			return false;
	}
	return true;
}

static bool
v6_partial(const char *s, size_t n)
{
	size_t	 i;

	if (n > 45)
		return false;
	for (i = 0; i < n; i++)
		if (hexdigit(s[i]) < 0 && s[i] != ':' && s[i] != '.')
			return false;
	return true;
}

/* Up to six groups of one or two hex digits, separated by ':'. */
static bool
mac_partial(const char *s, size_t n)
{
	unsigned	 groups = 1, digits = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (s[i] == ':') {
			if (digits == 0 || ++groups > 6)
				return false;
			digits = 0;
		} else if (hexdigit(s[i]) < 0 || ++digits > 2)
			return false;
	}
	return true;
}

/* A partial "addr/len": the address may be partial only without '/'. */
static bool
prefix_partial(const char *s, size_t n, bool v6)
{
	const char	*slash = memchr(s, '/', n);
	uint64_t	 len;
	size_t		 an;

	if (slash == NULL)
		return v6 ? v6_partial(s, n) : v4_partial(s, n);
	an = slash - s;
	if (n == an + 1)
		return v6 ? v6_partial(s, an) : v4_partial(s, an);
	return (v6 ? v6_partial(s, an) : v4_partial(s, an)) &&
	    strnum_u64_len(slash + 1, n - an - 1, v6 ? 128 : 32, &len);
}

/* Could more digits make s[0..n) a number in [lo, hi]? */
static bool
range_partial(const char *s, size_t n, uint64_t lo, uint64_t hi)
{
	uint64_t	 v, span = 1;

	if (!strnum_u64_len(s, n, UINT64_MAX, &v))
		return false;
	for (;;) {
		/* v followed by k more digits spans [v, v + span - 1]. */
		if (v <= hi && v + (span - 1) >= lo)
			return true;
		if (v > UINT64_MAX / 10 || span > UINT64_MAX / 10)
			return false;
		v *= 10;
		span *= 10;
	}
}

static bool
tok_partial(const struct cmd_tok *t, const char *s, size_t n)
{
	switch (t->type) {
	case CMD_TOK_KEYWORD:
		return n <= t->len && memcmp(t->text, s, n) == 0;
	case CMD_TOK_IPV4:
		return v4_partial(s, n);
	case CMD_TOK_IPV4_PREFIX:
	case CMD_TOK_IPV4_OPT:
		return prefix_partial(s, n, false);
	case CMD_TOK_IPV6:
		return v6_partial(s, n);
	case CMD_TOK_IPV6_PREFIX:
	case CMD_TOK_IPV6_OPT:
		return prefix_partial(s, n, true);
	case CMD_TOK_MAC:
		return mac_partial(s, n);
	case CMD_TOK_RANGE:
		return range_partial(s, n, t->lo, t->hi);
	default:
		return true;
	}
}

#define CAND_MAX	256

/*
 * Insert into a sorted array of at most CAND_MAX tokens, unique by text:
 * the first command (in set order) to offer a token gives its help.
 */
static void
cand_add(const struct cmd_tok **c, unsigned *n, const struct cmd_tok *t)
{
	unsigned	 lo = 0, hi = *n, mid;
	int		 d;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((d = strcmp(c[mid]->text, t->text)) == 0)
			return;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == CAND_MAX)
		return;
	if (*n == CAND_MAX)
		(*n)--;
	memmove(c + lo + 1, c + lo, (*n - lo) * sizeof(*c));
	c[lo] = t;
	(*n)++;
}

/*
 * The candidates for the word being typed: all of them after a space,
 * else those the partial last word may still become.
 */
static int
candidates(const struct cmd_set *const *sets, unsigned nsets,
    const char *line, bool keywords, const struct cmd_tok **c, unsigned *nc,
    bool *cr)
{
	char			 buf[STORE_LEN];
	struct cmd_line		 l;
	struct cmd_tokset	 next;
	const struct cmd_graph	*g;
	const char		*pw = "";
	unsigned		 si, ci, n, t, w;
	uint64_t		 b;
	size_t			 plen = 0;
	bool			 any = false, end;

	*nc = 0;
	*cr = false;
	if (!line_split(line, buf, sizeof(buf), &l) || l.comment)
		return -1;
	n = l.nw;
	if (l.partial) {
		n--;
		pw = l.w[n];
		plen = l.len[n];
	}
	for (si = 0; si < nsets; si++) {
		if (sets[si] == NULL)
			continue;
		for (ci = 0; ci < sets[si]->n; ci++) {
			g = sets[si]->cmd[ci];
			if (g->def->flags & CMD_F_HIDDEN)
				continue;
			if (!reach(g, &l, n, &next, &end))
				continue;
			any = true;
			if (end && !l.partial)
				*cr = true;
			TOKSET_FOREACH(t, &next, w, b) {
				if (keywords &&
				    g->tok[t].type != CMD_TOK_KEYWORD)
					continue;
				if (l.partial &&
				    !tok_partial(&g->tok[t], pw, plen))
					continue;
				cand_add(c, nc, &g->tok[t]);
			}
		}
	}
	return any ? 0 : -1;
}

int
cmd_describe(const struct cmd_set *const *sets, unsigned nsets,
    const char *line, struct cmd_help *out, unsigned max)
{
	const struct cmd_tok	*c[CAND_MAX];
	unsigned		 nc, i, n = 0;
	bool			 cr;

	if (candidates(sets, nsets, line, false, c, &nc, &cr) < 0)
		return -1;
	for (i = 0; i < nc && n + (cr ? 1 : 0) < max; i++) {
		out[n].token = c[i]->text;
		out[n].help = c[i]->help;
		n++;
	}
	if (cr && n < max) {
		out[n].token = "<cr>";
		out[n].help = "";
		n++;
	}
	return (int)n;
}

int
cmd_complete(const struct cmd_set *const *sets, unsigned nsets,
    const char *line, const char **out, unsigned max)
{
	const struct cmd_tok	*c[CAND_MAX];
	unsigned		 nc, i;
	bool			 cr;

	if (candidates(sets, nsets, line, true, c, &nc, &cr) < 0)
		return -1;
	for (i = 0; i < nc && i < max; i++)
		out[i] = c[i]->text;
	return (int)i;
}

/*
 * A "$name" wins over a keyword of the same text, so that "cost" finds
 * the number in "[cost (0-16777215)$cost]".
 */
const struct cmd_value *
cmd_get(const struct cmd_match *m, const char *name)
{
	const struct cmd_value	*v, *kw = NULL;
	uint32_t		 i;

	for (i = 0; i < m->nvals; i++) {
		v = &m->vals[i];
		if (strcmp(v->name, name) != 0)
			continue;
		if (v->type != CMD_TOK_KEYWORD || strcmp(v->text, name) != 0)
			return v;
		if (kw == NULL)
			kw = v;
	}
	return kw;
}

bool
cmd_has(const struct cmd_match *m, const char *name)
{
	return cmd_get(m, name) != NULL;
}

const char *
cmd_str(const struct cmd_match *m, const char *name)
{
	const struct cmd_value	*v = cmd_get(m, name);

	return v ? v->text : NULL;
}

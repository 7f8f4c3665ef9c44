/*
 * DOC: libFuzzer target for the command grammar. The first byte picks
 * the mode:
 *
 * even: the rest, up to a NUL, is a syntax string, compiled with as many
 *   help lines as it wants (found by bisection on the error). If it is
 *   accepted, the bytes after the NUL steer walks through the compiled
 *   automaton; each walk spells a line that must match (OK or ambiguous,
 *   never unknown or incomplete), and whose every prefix '?' and TAB
 *   must accept. Lines cut from the same bytes are matched as well.
 * odd: the rest is a line, matched, described and completed against a
 *   fixed FRR-like set, checking the answers' invariants.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_graph.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fixed_syntax[] = {
	"show ip ospf [vrf <NAME|all>] [json]",
	"show ip ospf [vrf <NAME|all>] neighbor [json]",
	"show ip ospf [vrf <NAME|all>] neighbor detail [json]",
	"show ip ospf neighbor A.B.C.D$nbr [detail] [json]",
	"show ip ospf [vrf <NAME>] neighbor IFNAME [json]",
	"show ip ospf [vrf <NAME|all>] neighbor [detail] all [json]",
	"show ip ospf [vrf <NAME|all>] interface [INTERFACE] [json]",
	"show ip ospf [vrf <NAME|all>] database [<asbr-summary|external|"
	    "network|router|summary>$type [A.B.C.D$lsid [<self-originate|"
	    "adv-router A.B.C.D$adv>]]] [json]",
	"show ip ospf [vrf <NAME|all>] route [json]",
	"show ip ospf router-info [json]",
	"show ip route [<ospf|kernel|connected|static>$proto|A.B.C.D|"
	    "A.B.C.D/M] [json]",
	"show ipv6 route [X:X::X:X[/M]] [json]",
	"show bgp [A.B.C.D[/M]] [mac X:X:X:X:X:X] [community AA:NN]",
	"terminal length (0-512)",
	"configure [terminal]",
	"write [memory|file|terminal]",
	"network A.B.C.D/M area <A.B.C.D|(0-4294967295)>$area",
	"default-information originate [{always|metric (0-16777214)|"
	    "metric-type (1-2)|route-map RMAP_NAME}]",
	"ip ospf dead-interval <(1-65535)|minimal hello-multiplier (2-20)>",
	"ipv6 ospf6 area X:X::X:X [X:X::X:X/M]",
	"banner motd <default|line LINE|file FILE>",
	"bignum (0-18446744073709551615)",
	"show debugging",
};
#define NFIXED	(sizeof(fixed_syntax) / sizeof(fixed_syntax[0]))

static struct cmd_set	*fixed;
static struct cmd_def	 fixed_defs[NFIXED];
static char		*fixed_help[NFIXED];	/* live with the set */
static struct cmd_match	 m;

static char *
lines_help(unsigned n)
{
	char		*h = malloc(2 * n + 1), *o = h;
	unsigned	 i;

	for (i = 0; i < n; i++) {
		*o++ = 'h';
		if (i + 1 < n)
			*o++ = '\n';
	}
	*o = '\0';
	return h;
}

/* Compile with the help line count the syntax needs, or fail. */
static int
add_any_help(struct cmd_set *set, struct cmd_def *def, char **help)
{
	char		 err[256];
	unsigned	 lo = 1, hi = CMD_MAX_TOKENS, mid;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		*help = lines_help(mid);
		def->help = *help;
		if (cmd_set_add(set, def, err, sizeof(err)) == 0)
			return 0;
		free(*help);
		*help = NULL;
		if (strstr(err, "fewer help lines") != NULL)
			lo = mid + 1;
		else if (strstr(err, "more help lines") != NULL)
			hi = mid - 1;
		else
			return -1;
	}
	return -1;
}

static void
build_fixed(void)
{
	unsigned	 i;

	fixed = cmd_set_new();
	for (i = 0; i < NFIXED; i++) {
		fixed_defs[i].syntax = fixed_syntax[i];
		fixed_defs[i].flags = strstr(fixed_syntax[i], "debugging") ?
		    CMD_F_HIDDEN : 0;
		if (add_any_help(fixed, &fixed_defs[i], &fixed_help[i]) != 0) {
			fprintf(stderr, "%s: rejected\n", fixed_syntax[i]);
			abort();
		}
	}
}

static void
check_line(const struct cmd_set *set, const char *line)
{
	const struct cmd_set *const sets[] = { set };
	struct cmd_help	 h[16];
	const char	*c[16];
	size_t		 errpos = 0, len = strlen(line);
	enum cmd_verdict v;
	uint32_t	 i;
	int		 n, k;

	v = cmd_match(sets, 1, line, &m, &errpos);
	if (v == CMD_MATCH_UNKNOWN && errpos > len)
		abort();
	if (v == CMD_MATCH_OK) {
		if (m.def == NULL || m.nvals == 0 || m.nvals > CMD_MAX_WORDS)
			abort();
		for (i = 0; i < m.nvals; i++) {
			if (m.vals[i].name == NULL || m.vals[i].text == NULL)
				abort();
			if (cmd_get(&m, m.vals[i].name) == NULL)
				abort();
		}
	}
	n = cmd_describe(sets, 1, line, h, 16);
	if (n > 16)
		abort();
	for (k = 1; k < n; k++)
		if (strcmp(h[k].token, "<cr>") != 0 &&
		    strcmp(h[k - 1].token, h[k].token) >= 0)
			abort();
	n = cmd_complete(sets, 1, line, c, 16);
	if (n > 16)
		abort();
	for (k = 1; k < n; k++)
		if (strcmp(c[k - 1], c[k]) >= 0)
			abort();
}

/* A word token t accepts, its spelling steered by b. */
static void
sample(const struct cmd_tok *t, uint8_t b, char *out, size_t outlen)
{
	switch (t->type) {
	case CMD_TOK_KEYWORD:
		snprintf(out, outlen, "%.*s",
		    (int)(1 + b % t->len), t->text);
		break;
	case CMD_TOK_IPV4:
		snprintf(out, outlen, "10.0.%u.1", b);
		break;
	case CMD_TOK_IPV4_PREFIX:
		snprintf(out, outlen, "10.%u.0.0/%u", b, b % 33);
		break;
	case CMD_TOK_IPV6:
		snprintf(out, outlen, "2001:db8::%x", b);
		break;
	case CMD_TOK_IPV6_PREFIX:
		snprintf(out, outlen, "2001:db8::/%u", b % 129);
		break;
	case CMD_TOK_IPV4_OPT:
		if (b & 1)
			snprintf(out, outlen, "10.0.%u.1", b);
		else
			snprintf(out, outlen, "10.%u.0.0/%u", b, b % 33);
		break;
	case CMD_TOK_IPV6_OPT:
		if (b & 1)
			snprintf(out, outlen, "2001:db8::%x", b);
		else
			snprintf(out, outlen, "2001:db8::/%u", b % 129);
		break;
	case CMD_TOK_MAC:
		snprintf(out, outlen, "0:1:2:3:4:%x", b);
		break;
	case CMD_TOK_RANGE:
		snprintf(out, outlen, "%llu", (unsigned long long)(b & 1 ?
		    t->hi : t->lo + (t->hi - t->lo) / (b + 1)));
		break;
	case CMD_TOK_WORD:
		snprintf(out, outlen, "%s", b & 1 ? "w0rd" : "X");
		break;
	default:
		snprintf(out, outlen, "%s", b & 1 ? "rest of line" : "x");
		break;
	}
}

/* The n-th member of a token set, counting round. */
static int
pick(const struct cmd_tokset *s, unsigned n)
{
	unsigned	 t, w, count = 0, k = 0;
	uint64_t	 b;

	TOKSET_FOREACH(t, s, w, b)
		count++;
	if (count == 0)
		return -1;
	n %= count;
	TOKSET_FOREACH(t, s, w, b)
		if (k++ == n)
			return (int)t;
	return -1;
}

/* Spell a path through the automaton and check the matcher takes it. */
static void
walk(const struct cmd_set *set, const uint8_t *p, size_t n)
{
	const struct cmd_set *const sets[] = { set };
	const struct cmd_graph	*g = set->cmd[0];
	struct cmd_help		 h[8];
	const char		*c[8];
	char			 line[4096], word[64];
	size_t			 len = 0, errpos, i = 0;
	unsigned		 words = 0, k;
	enum cmd_verdict	 v;
	int			 t;

	for (k = 0; k < g->ntok; k++)
		if (g->tok[k].flags & CMD_TOKF_GROUP)
			return;	/* repeats make the walk unsound */
	line[0] = '\0';
	t = pick(&g->first, i < n ? p[i++] : 0);
	while (t >= 0) {
		if (words >= CMD_MAX_WORDS - 3)
			return;		/* too long to spell */
		sample(&g->tok[t], i < n ? p[i++] : 0, word, sizeof(word));
		len += snprintf(line + len, sizeof(line) - len, "%s%s",
		    len ? " " : "", word);
		words += g->tok[t].type == CMD_TOK_LINE ? 3 : 1;
		/* Every prefix of a path can be described and completed. */
		if (cmd_describe(sets, 1, line, h, 8) < 0 ||
		    cmd_complete(sets, 1, line, c, 8) < 0)
			abort();
		if (tokset_has(&g->last, t) && (i >= n || p[i++] & 1 ||
		    tokset_empty(&g->tok[t].follow)))
			break;
		t = pick(&g->tok[t].follow, i < n ? p[i++] : 0);
	}
	if (t < 0 || !tokset_has(&g->last, t))
		return;
	v = cmd_match(sets, 1, line, &m, &errpos);
	if (v != CMD_MATCH_OK && v != CMD_MATCH_AMBIGUOUS) {
		if (getenv("FUZZ_CMD_DEBUG"))
			fprintf(stderr, "\"%s\": \"%s\" -> %d\n",
			    g->def->syntax, line, v);
		abort();
	}
	if (v == CMD_MATCH_OK && m.def != g->def)
		abort();
}

static void
fuzz_syntax(const uint8_t *data, size_t len)
{
	struct cmd_set	*set = cmd_set_new();
	struct cmd_def	 def = { NULL, NULL, NULL, 0 };
	const uint8_t	*nul = memchr(data, '\0', len);
	size_t		 slen = nul ? (size_t)(nul - data) : len, at, e;
	char		*syntax, *help = NULL, line[512];
	unsigned	 round;

	syntax = malloc(slen + 1);
	memcpy(syntax, data, slen);
	syntax[slen] = '\0';
	def.syntax = syntax;
	if (add_any_help(set, &def, &help) == 0) {
		data += slen;
		len -= slen;
		if (len > 0) {
			data++;
			len--;
		}
		walk(set, data, len);
		/* The same bytes, cut into lines, as typed input. */
		for (at = 0, round = 0; at < len && round < 8; round++) {
			for (e = at; e < len && data[e] != '\n' &&
			    e - at < sizeof(line) - 1; e++)
				;
			memcpy(line, data + at, e - at);
			line[e - at] = '\0';
			check_line(set, line);
			at = e + 1;
		}
	}
	cmd_set_free(set);
	free(help);
	free(syntax);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	*line;

	if (len == 0)
		return 0;
	if (fixed == NULL)
		build_fixed();
	if ((data[0] & 1) == 0) {
		fuzz_syntax(data + 1, len - 1);
		return 0;
	}
	line = malloc(len);
	memcpy(line, data + 1, len - 1);
	line[len - 1] = '\0';
	check_line(fixed, line);
	free(line);
	return 0;
}

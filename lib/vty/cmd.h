/*
 * DOC: the command grammar. Every command is declared once, as data: a
 * syntax string in FRRouting's notation and one help line per token.
 *
 *   "show ip ospf neighbor [A.B.C.D$nbr] [detail] [json]"
 *
 * Tokens: lower-case keywords; A.B.C.D, A.B.C.D/M, X:X::X:X, X:X::X:X/M,
 * X:X:X:X:X:X (a MAC address); A.B.C.D[/M] and X:X::X:X[/M] (an address
 * or a prefix in one word: the value's type says which was typed; okapi's
 * shorthand for FRR's <A.B.C.D|A.B.C.D/M>); ranges (1-65535) or
 * (1 - 65535), unsigned 64-bit; WORD or any other upper-case name such as
 * AA:NN (one word); LINE or NAME... (the rest of the line, last token
 * only; its value is the words joined by one space, as FRR's argv_concat).
 * [a|b c]
 * is optional, <a|b> a required choice, {a|b c} FRR's keyword group (one
 * or more alternatives in any order, each at most once); they nest.
 * "$name" names a token's value; on a group it names whichever token
 * starts the alternative chosen (<kernel|connected>$proto: text "kernel").
 * Otherwise a keyword is named by its text and a variable by its token
 * text ("A.B.C.D"). Prefix values keep the text as typed; u.p4/u.p6 are
 * masked.
 *
 * Matching follows FRRouting's command_match.c: keywords may be
 * abbreviated, and a command must match as a whole. Each word scores by
 * how it matched: address/prefix/range > exact keyword > abbreviated
 * keyword > WORD > LINE; complete readings compare word by word from the
 * left, the first difference decides. Two equal best readings (two
 * commands, or two paths of one) are ambiguous; the same def reached
 * through two sets counts once. Otherwise incomplete when some command
 * could still accept more words, or unknown with the position of the
 * furthest word any command reached. The same data drives '?' help and TAB
 * completion, which, like FRR, offer what follows any reading of the
 * words so far. Pure: no I/O.
 */
#ifndef OKAPI_CMD_H
#define OKAPI_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define CMD_MAX_WORDS	64	/* words in one command line */

struct vty;
struct cmd_match;

/* Handler results. */
enum cmd_status {
	CMD_SUCCESS = 0,
	CMD_WARNING,		/* the handler printed a "% ..." error */
	CMD_CONTINUE,		/* more output: call again when drained */
	CMD_ERR_NO_MATCH,	/* the matcher's verdicts, for callers */
	CMD_ERR_INCOMPLETE,
	CMD_ERR_AMBIGUOUS,
};

typedef int (*cmd_fn)(struct vty *, const struct cmd_match *, void *arg);

struct cmd_def {
	const char	*syntax;
	const char	*help;		/* one line per token, '\n'-separated */
	cmd_fn		 fn;
	uint32_t	 flags;		/* CMD_F_* */
};
#define CMD_F_HIDDEN	0x01	/* not listed by '?' or TAB */
#define CMD_F_SECRET	0x02	/* its variables are secrets: "log commands"
				   writes them as "****" */

enum cmd_tok_type {
	CMD_TOK_KEYWORD,
	CMD_TOK_IPV4,		/* A.B.C.D */
	CMD_TOK_IPV4_PREFIX,	/* A.B.C.D/M */
	CMD_TOK_IPV6,		/* X:X::X:X */
	CMD_TOK_IPV6_PREFIX,	/* X:X::X:X/M */
	CMD_TOK_IPV4_OPT,	/* A.B.C.D[/M]: the value is IPV4 or _PREFIX */
	CMD_TOK_IPV6_OPT,	/* X:X::X:X[/M]: the value is IPV6 or _PREFIX */
	CMD_TOK_MAC,		/* X:X:X:X:X:X */
	CMD_TOK_RANGE,		/* (lo-hi) */
	CMD_TOK_WORD,		/* WORD, IFNAME, NAME... */
	CMD_TOK_LINE,		/* LINE: the rest */
};

struct cmd_value {
	const char	*name;		/* "$name", keyword text or token text */
	uint8_t		 type;		/* enum cmd_tok_type; never _OPT */
	const char	*text;		/* the word as typed (LINE: the rest);
					   keywords: the full keyword */
	union {
		struct in_addr	 v4;
		struct prefix4	 p4;
		struct in6_addr	 v6;
		struct prefix6	 p6;
		struct mac	 mac;
		uint64_t	 num;	/* ranges */
	} u;
};

struct cmd_match {
	const struct cmd_def	*def;
	uint32_t		 nvals;
	struct cmd_value	 vals[CMD_MAX_WORDS];
	char			 store[4096 + CMD_MAX_WORDS];	/* words */
};

enum cmd_verdict {
	CMD_MATCH_OK,
	CMD_MATCH_EMPTY,	/* blank line or comment */
	CMD_MATCH_INCOMPLETE,
	CMD_MATCH_AMBIGUOUS,
	CMD_MATCH_UNKNOWN,
};

/* One '?' line: the token as shown ("detail", "A.B.C.D", "<cr>") and help. */
struct cmd_help {
	const char	*token;
	const char	*help;
};

struct cmd_set;

/* cmd.c */
struct cmd_set	*cmd_set_new(void);
void		 cmd_set_free(struct cmd_set *);
/* Compile and add; -1 with err on bad syntax or a help line count that does
 * not match the tokens. The def must outlive the set. */
int		 cmd_set_add(struct cmd_set *, const struct cmd_def *,
		    char *err, size_t errlen);
/* cmd_match.c */
/*
 * Match a line against the union of sets. On CMD_MATCH_UNKNOWN, *errpos is
 * the byte offset of the first word nothing accepts (for the '^' marker).
 */
enum cmd_verdict cmd_match(const struct cmd_set *const *, unsigned nsets,
		    const char *line, struct cmd_match *, size_t *errpos);
/*
 * '?' at the end of line (the last word may be partial): what may come
 * next, sorted by token text (strcmp), unique by text (the help of the
 * first command offering it); "<cr>" last, when the line ends in a space
 * and may end there. A partial word keeps keywords it abbreviates and
 * variables it could still become. Returns the number written (at most
 * max; <cr> keeps its place), or -1 when the words typed so far already
 * match nothing. Hidden commands are left out here and in cmd_complete.
 */
int		 cmd_describe(const struct cmd_set *const *, unsigned nsets,
		    const char *line, struct cmd_help *, unsigned max);
/*
 * TAB: keywords that complete the last (partial) word, sorted, unique.
 * Returns the count written, or -1 when nothing before it matches.
 */
int		 cmd_complete(const struct cmd_set *const *, unsigned nsets,
		    const char *line, const char **out, unsigned max);

/*
 * Values of a match, by name. NULL or false when the token was not given.
 * A "$name" is found before a keyword of the same text.
 */
const struct cmd_value *cmd_get(const struct cmd_match *, const char *name);
bool		 cmd_has(const struct cmd_match *, const char *name);
const char	*cmd_str(const struct cmd_match *, const char *name);

#endif

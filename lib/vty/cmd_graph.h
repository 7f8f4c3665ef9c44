/*
 * DOC: the compiled form of a command, shared by the syntax compiler
 * (cmd.c) and the matcher (cmd_match.c); private to the grammar.
 *
 * A syntax string is a regular expression over tokens, so it compiles to
 * a position automaton (Glushkov): one state per token, no epsilon moves.
 * "first" holds the tokens a line may start with, "last" those it may end
 * on, and each token's "follow" the tokens that may come next. Token sets
 * are fixed-size bit sets, so matching needs no allocation.
 */
#ifndef OKAPI_CMD_GRAPH_H
#define OKAPI_CMD_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"

#define CMD_MAX_TOKENS	128	/* tokens in one syntax string */
#define CMD_MAX_DEPTH	16	/* bracket nesting */

struct cmd_tokset {
	uint64_t	 w[CMD_MAX_TOKENS / 64];
};

#define CMD_TOKF_GROUP	0x01	/* inside {}: may appear once per line */

struct cmd_tok {
	const char		*text;	/* keyword or token text */
	const char		*name;	/* "$name", else text */
	const char		*help;
	uint64_t		 lo, hi;	/* ranges */
	struct cmd_tokset	 follow;
	uint16_t		 len;	/* strlen(text) */
	uint8_t			 type;	/* enum cmd_tok_type */
	uint8_t			 flags;	/* CMD_TOKF_* */
};

struct cmd_graph {
	const struct cmd_def	*def;
	char			*strings;	/* texts, names, help lines */
	struct cmd_tokset	 first;
	struct cmd_tokset	 last;
	unsigned		 ntok;
	struct cmd_tok		 tok[];
};

struct cmd_set {
	struct cmd_graph	**cmd;
	unsigned		  n;
	unsigned		  cap;
};

static inline void
tokset_add(struct cmd_tokset *s, unsigned t)
{
	s->w[t / 64] |= (uint64_t)1 << (t % 64);
}

static inline bool
tokset_has(const struct cmd_tokset *s, unsigned t)
{
	return (s->w[t / 64] >> (t % 64)) & 1;
}

static inline void
tokset_or(struct cmd_tokset *d, const struct cmd_tokset *s)
{
	unsigned	 i;

	for (i = 0; i < CMD_MAX_TOKENS / 64; i++)
		d->w[i] |= s->w[i];
}

static inline bool
tokset_empty(const struct cmd_tokset *s)
{
	unsigned	 i;

	for (i = 0; i < CMD_MAX_TOKENS / 64; i++)
		if (s->w[i])
			return false;
	return true;
}

static inline bool
tokset_meets(const struct cmd_tokset *a, const struct cmd_tokset *b)
{
	unsigned	 i;

	for (i = 0; i < CMD_MAX_TOKENS / 64; i++)
		if (a->w[i] & b->w[i])
			return true;
	return false;
}

/*
 * Iterate over the members of a set in increasing order; "t" is the
 * member, "_b" and "_i" are scratch.
 */
#define TOKSET_FOREACH(t, s, _i, _b)					\
	for ((_i) = 0; (_i) < CMD_MAX_TOKENS / 64; (_i)++)		\
		for ((_b) = (s)->w[(_i)];				\
		    (_b) != 0 && ((t) = (_i) * 64 +			\
		    (unsigned)__builtin_ctzll(_b), 1);			\
		    (_b) &= (_b) - 1)

#endif

/*
 * DOC: '?' and TAB for a line typed in a session's node, for the Telnet
 * client (session.c) and for okapi-sh (vty_describe, vty_complete): the
 * node's command sets through the grammar's cmd_describe/cmd_complete,
 * "do CMD" read in ENABLE, and after a '|' where pipes are allowed (VIEW,
 * ENABLE) the filter words and what each takes. The pipe has no grammar
 * of its own: vty_pipe() in session.c parses it when the line runs, and
 * the table below only describes it.
 */
#include <stdio.h>
#include <string.h>

#include "vty_int.h"

/* The pipe's words, for '?' and TAB, sorted. */
static const struct cmd_help vty_pipe_words[] = {
	{ "count", "Count the lines of the output" },
	{ "exclude", "Output the lines that do not match a regular expression" },
	{ "include", "Output the lines that match a regular expression" },
};
#define VTY_NPIPE_WORDS	(sizeof(vty_pipe_words) / sizeof(vty_pipe_words[0]))

/* The words after a '|' (at most 3 looked at), and whether the last is cut. */
static unsigned
vty_pipe_words_split(const char *after, char *copy, size_t len, char **w,
    bool *partial)
{
	unsigned	 n = 0;
	char		*p;

	snprintf(copy, len, "%s", after);
	*partial = *after != '\0' && !strchr(" \t", after[strlen(after) - 1]);
	for (p = copy; n < 3; ) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		w[n++] = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

/* The pipe word that s abbreviates, or NULL. */
static const char *
vty_pipe_word(const char *s)
{
	size_t	 i;

	for (i = 0; i < VTY_NPIPE_WORDS; i++)
		if (strncmp(vty_pipe_words[i].token, s, strlen(s)) == 0)
			return vty_pipe_words[i].token;
	return NULL;
}

/*
 * '?' after a '|': the filter words, then what a filter takes (include
 * and exclude a regular expression, to the end of the line; count
 * nothing). -1 when the text after the '|' is no filter.
 */
static int
vty_pipe_describe(const char *after, struct cmd_help *h, unsigned max)
{
	char		 copy[EDITOR_LINE_MAX + 1], *w[3];
	const char	*word;
	unsigned	 nw, n = 0;
	size_t		 i;
	bool		 partial;

	nw = vty_pipe_words_split(after, copy, sizeof(copy), w, &partial);
	if (nw == 0 || (nw == 1 && partial)) {
		for (i = 0; i < VTY_NPIPE_WORDS && n < max; i++)
			if (nw == 0 || strncmp(vty_pipe_words[i].token, w[0],
			    strlen(w[0])) == 0)
				h[n++] = vty_pipe_words[i];
		return n > 0 ? (int)n : -1;
	}
	if ((word = vty_pipe_word(w[0])) == NULL)
		return -1;
	if (strcmp(word, "count") == 0) {
		if (nw > 1 || max == 0)
			return -1;
		h[n].token = "<cr>";
		h[n++].help = "";
		return (int)n;
	}
	if (n < max) {
		h[n].token = "REGEX";
		h[n++].help = "POSIX extended regular expression (the rest of "
		    "the line)";
	}
	if (nw > 1 && !partial && n < max) {
		h[n].token = "<cr>";
		h[n++].help = "";
	}
	return (int)n;
}

/* TAB after a '|': the filter words the word being typed may become. */
static int
vty_pipe_complete(const char *after, const char **c, unsigned max)
{
	char		 copy[EDITOR_LINE_MAX + 1], *w[3];
	unsigned	 nw, n = 0;
	size_t		 i;
	bool		 partial;

	nw = vty_pipe_words_split(after, copy, sizeof(copy), w, &partial);
	if (nw > 1 || (nw == 1 && !partial))
		return 0;
	for (i = 0; i < VTY_NPIPE_WORDS && n < max; i++)
		if (nw == 0 || strncmp(vty_pipe_words[i].token, w[0],
		    strlen(w[0])) == 0)
			c[n++] = vty_pipe_words[i].token;
	return (int)n;
}

/*
 * Where a partial line is read for '?' and TAB: the command sets of the
 * node ("do" reads in ENABLE), the words to match in head, and after a
 * '|' where pipes are allowed, the text after it in *after (else NULL).
 * -1 when the words before a '|' are not a whole command.
 */
static int
vty_line_split(struct vty *vty, const char *line, char *head, size_t len,
    const struct cmd_set **sets, unsigned *ns, const char **after)
{
	size_t	 off, ep;
	char	*p;
	int	 node = vty->node;

	if ((off = vty_do_prefix(node, line)) > 0)
		node = VTY_NODE_ENABLE;
	vty_sets(vty->srv, node, sets, ns);
	snprintf(head, len, "%s", line + off);
	*after = NULL;
	if (!vty_pipe_allowed(vty, node) || (p = strchr(head, '|')) == NULL)
		return 0;
	*p = '\0';
	*after = line + off + (size_t)(p - head) + 1;
	return cmd_match(sets, *ns, head, &vty->match, &ep) == CMD_MATCH_OK ?
	    0 : -1;
}

/* '?' at the end of line, in vty's node; as cmd_describe(). */
int
vty_line_describe(struct vty *vty, const char *line, struct cmd_help *h,
    unsigned max)
{
	const struct cmd_set	*sets[VTY_SETS_MAX];
	char			 head[EDITOR_LINE_MAX + 1];
	const char		*after;
	unsigned		 ns;

	if (vty_line_split(vty, line, head, sizeof(head), sets, &ns,
	    &after) == -1)
		return -1;
	if (after != NULL)
		return vty_pipe_describe(after, h, max);
	return cmd_describe(sets, ns, head, h, max);
}

/* TAB at the end of line, in vty's node; as cmd_complete(). */
int
vty_line_complete(struct vty *vty, const char *line, const char **c,
    unsigned max)
{
	const struct cmd_set	*sets[VTY_SETS_MAX];
	char			 head[EDITOR_LINE_MAX + 1];
	const char		*after;
	unsigned		 ns;

	if (vty_line_split(vty, line, head, sizeof(head), sets, &ns,
	    &after) == -1)
		return -1;
	if (after != NULL)
		return vty_pipe_complete(after, c, max);
	return cmd_complete(sets, ns, head, c, max);
}

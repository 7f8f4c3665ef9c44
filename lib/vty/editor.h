/*
 * DOC: the line editor of a VTY session: an emacs-style line with a cursor,
 * a 20-entry history ring, and the key bindings FRRouting's VTY has. Pure:
 * keys go in, the bytes that redraw the client's screen come out, and an
 * action tells the session what the key meant (a line to execute, help,
 * completion, Ctrl-C/Z/D...). Echo can be turned off for passwords.
 */
#ifndef OKAPI_EDITOR_H
#define OKAPI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define EDITOR_LINE_MAX		4096
#define EDITOR_HISTORY		20

enum editor_action {
	EDITOR_NONE = 0,	/* key handled; output (if any) written */
	EDITOR_EXECUTE,		/* CR/LF: the line is in ed->line */
	EDITOR_HELP,		/* '?': describe at the cursor (not inserted) */
	EDITOR_COMPLETE,	/* TAB */
	EDITOR_INTERRUPT,	/* Ctrl-C */
	EDITOR_END,		/* Ctrl-Z */
	EDITOR_EOF,		/* Ctrl-D on an empty line */
};

struct editor {
	char		 line[EDITOR_LINE_MAX + 1];	/* NUL-terminated */
	size_t		 len;
	size_t		 cursor;
	bool		 echo;		/* false while reading a password */
	bool		 literal_qmark;	/* '?' inserts itself (password) */
	uint8_t		 esc;		/* escape-sequence parser state */
	char		*hist[EDITOR_HISTORY];
	unsigned	 hist_head;	/* next slot to write */
	unsigned	 hist_count;
	int		 hist_pos;	/* -1: editing a new line */
	char		 saved[EDITOR_LINE_MAX + 1];	/* line before browsing */
};

/* editor.c */
void	editor_init(struct editor *);
void	editor_free(struct editor *);
/* One input byte; screen updates are appended to out. */
enum editor_action editor_key(struct editor *, uint8_t, struct buf *out);
void	editor_clear(struct editor *);		/* new empty line */
void	editor_set(struct editor *, const char *);	/* replace the line */
/* Insert text at the cursor and echo it (completion). */
void	editor_insert(struct editor *, const char *, struct buf *out);
/* Re-print the line (after help output) and put the cursor back. */
void	editor_redraw(const struct editor *, struct buf *out);
void	editor_history_add(struct editor *, const char *);
/* i-th most recent entry, 0 = oldest kept; NULL past the end. */
const char *editor_history_at(const struct editor *, unsigned);

#endif

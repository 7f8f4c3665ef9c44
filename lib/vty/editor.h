/*
 * DOC: the line editor of a VTY session: an emacs-style line with a cursor,
 * a 20-entry history ring, and the key bindings FRRouting's VTY has. Pure:
 * keys go in, the bytes that redraw the client's screen come out, and an
 * action tells the session what the key meant (a line to execute, help,
 * completion, Ctrl-C/Z/D...). Echo can be turned off for passwords.
 *
 * Who prints what. For EDITOR_NONE the editor has written every byte the
 * screen needs (echo, BS/space redraws, BEL when the line is full). For
 * every other action it writes nothing and leaves line, len and cursor as
 * they are: the session prints the "\r\n" that ends the line (FRRouting
 * prints it before running the command, before the help list, before the
 * completion list, and on Ctrl-C/Ctrl-Z/Ctrl-D), does its work, then
 * either calls editor_clear() and prints a new prompt, or prints the prompt
 * and calls editor_redraw() to go on editing the same line (after '?',
 * after an ambiguous TAB). Adding the executed line to the history is the
 * session's job too (editor_history_add).
 *
 * Ctrl-L is the only key that moves to a new screen row by itself: it
 * writes "\r\n", the prompt given to editor_set_prompt() (if any), the
 * line, and puts the cursor back; it returns EDITOR_NONE.
 *
 * With echo off (passwords) the editor writes nothing at all, not even BEL,
 * and Ctrl-P/Ctrl-N do not browse the history.
 *
 * The screen is redrawn with BS (0x08), spaces and re-printed text only, as
 * FRRouting does; the only other byte written is BEL (0x07).
 */
#ifndef OKAPI_EDITOR_H
#define OKAPI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define EDITOR_LINE_MAX		4096
#define EDITOR_HISTORY		20
#define EDITOR_PROMPT_MAX	128

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
	bool		 esc_odd;	/* CSI/SS3 we do not understand */
	uint16_t	 esc_arg;	/* CSI numeric parameter */
	char		*hist[EDITOR_HISTORY];
	unsigned	 hist_head;	/* next slot to write */
	unsigned	 hist_count;
	int		 hist_pos;	/* -1: editing a new line */
	char		 saved[EDITOR_LINE_MAX + 1];	/* line before browsing */
	char		 prompt[EDITOR_PROMPT_MAX + 1]; /* Ctrl-L */
};

/* editor.c */
void	editor_init(struct editor *);
void	editor_free(struct editor *);
/* One input byte; screen updates are appended to out. */
enum editor_action editor_key(struct editor *, uint8_t, struct buf *out);
/* A new empty line; ends history browsing and any escape sequence. */
void	editor_clear(struct editor *);
/* Replace the line, cursor at the end, nothing printed. */
void	editor_set(struct editor *, const char *);
/*
 * Insert text at the cursor and echo it (completion). Only printable
 * ASCII is inserted; text past EDITOR_LINE_MAX is dropped with a BEL.
 */
void	editor_insert(struct editor *, const char *, struct buf *out);
/*
 * Re-print the line (after help output) and put the cursor back. The
 * prompt is not printed: the session prints it first. Nothing with echo off.
 */
void	editor_redraw(const struct editor *, struct buf *out);
/* The prompt Ctrl-L re-prints (copied, truncated to EDITOR_PROMPT_MAX). */
void	editor_set_prompt(struct editor *, const char *);
/*
 * Remember an executed line. Empty and all-blank lines and a repeat of the
 * newest entry are skipped; the oldest entry goes when 20 are kept.
 */
void	editor_history_add(struct editor *, const char *);
/* The i-th entry kept, oldest first (0 = oldest); NULL past the end. */
const char *editor_history_at(const struct editor *, unsigned);
unsigned editor_history_count(const struct editor *);

#endif

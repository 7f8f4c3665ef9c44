/*
 * DOC: the line editor of a VTY session, with FRRouting's key bindings
 * (lib/vty.c vty_read). A key is a control byte, looked up in ed_ctrl[],
 * a printable byte, inserted, or part of an escape sequence: ESC x (Meta
 * keys), ESC [ params final (CSI, the arrow and editing keys of xterm and
 * VT220) or ESC O final (SS3, arrows in application mode), decoded by the
 * small parser in ed_escape() and looked up in ed_meta[] / ed_csi[].
 * Sequences we do not know are read to their final byte and dropped.
 *
 * Every change of the line goes through ed_move(), ed_insert() and
 * ed_delete(), which also write the bytes that update the client's screen
 * the way FRRouting does: the text from the cursor on, spaces over what
 * went away, then BS back to the cursor. The terminal is never asked for
 * anything else, so any VT100-or-dumber client follows.
 */
#include <stdlib.h>
#include <string.h>

#include "editor.h"

#define CTRL(c)		((c) & 0x1f)
#define ED_BS		0x08
#define ED_BEL		0x07
#define ED_ESC		0x1b
#define ED_DEL		0x7f

/* Escape parser states (ed->esc). */
enum ed_esc {
	ED_ESC_NONE = 0,
	ED_ESC_ESC,	/* after ESC */
	ED_ESC_CSI,	/* after ESC [ */
	ED_ESC_SS3,	/* after ESC O */
};

/* Upper bound on a CSI parameter; larger ones mean nothing to us. */
#define ED_ARG_MAX	999

typedef enum editor_action (*ed_fn)(struct editor *, struct buf *);

/* Screen output: nothing at all while echo is off. */
static void
ed_write(const struct editor *ed, struct buf *out, const void *p, size_t n)
{
	if (ed->echo && n > 0)
		buf_put_bytes(out, p, n);
}

static void
ed_repeat(const struct editor *ed, struct buf *out, uint8_t c, size_t n)
{
	uint8_t	*d;

	if (!ed->echo || n == 0 || (d = buf_space(out, n)) == NULL)
		return;
	memset(d, c, n);
	out->len += n;
}

static void
ed_bell(const struct editor *ed, struct buf *out)
{
	ed_repeat(ed, out, ED_BEL, 1);
}

/* Move the cursor: BS to go left, re-print the text to go right. */
static void
ed_move(struct editor *ed, size_t pos, struct buf *out)
{
	if (pos < ed->cursor)
		ed_repeat(ed, out, ED_BS, ed->cursor - pos);
	else
		ed_write(ed, out, ed->line + ed->cursor, pos - ed->cursor);
	ed->cursor = pos;
}

/*
 * Insert n bytes at the cursor (FRRouting's vty_self_insert): print them
 * and the tail, BS back over the tail. Returns false if some did not fit.
 */
static bool
ed_insert(struct editor *ed, const char *s, size_t n, struct buf *out)
{
	size_t	 tail = ed->len - ed->cursor;
	bool	 fit = true;

	if (n > EDITOR_LINE_MAX - ed->len) {
		n = EDITOR_LINE_MAX - ed->len;
		fit = false;
	}
	if (n == 0)
		return fit;
	memmove(ed->line + ed->cursor + n, ed->line + ed->cursor, tail);
	memcpy(ed->line + ed->cursor, s, n);
	ed->len += n;
	ed->line[ed->len] = '\0';
	ed_write(ed, out, ed->line + ed->cursor, n + tail);
	ed_repeat(ed, out, ED_BS, tail);
	ed->cursor += n;
	return fit;
}

/*
 * Delete [from, to) where from is the cursor (FRRouting's vty_delete_char
 * and vty_kill_line): print the new tail, blank what is left of the old
 * one, BS back to the cursor.
 */
static void
ed_delete(struct editor *ed, size_t to, struct buf *out)
{
	size_t	 from = ed->cursor, n = to - from, tail = ed->len - to;

	if (n == 0)
		return;
	memmove(ed->line + from, ed->line + to, tail);
	ed->len -= n;
	ed->line[ed->len] = '\0';
	ed_write(ed, out, ed->line + from, tail);
	ed_repeat(ed, out, ' ', n);
	ed_repeat(ed, out, ED_BS, tail + n);
}

/* Show another line in place of this one, cursor at its end. */
static void
ed_replace(struct editor *ed, const char *s, struct buf *out)
{
	size_t	 old = ed->len, n = strnlen(s, EDITOR_LINE_MAX);

	ed_move(ed, 0, out);
	memcpy(ed->line, s, n);
	ed->line[n] = '\0';
	ed->len = ed->cursor = n;
	ed_write(ed, out, ed->line, n);
	if (old > n) {
		ed_repeat(ed, out, ' ', old - n);
		ed_repeat(ed, out, ED_BS, old - n);
	}
}

/* Word boundaries are spaces, as in FRRouting's vty_*_word(). */
static size_t
ed_word_left(const struct editor *ed)
{
	size_t	 p = ed->cursor;

	while (p > 0 && ed->line[p - 1] == ' ')
		p--;
	while (p > 0 && ed->line[p - 1] != ' ')
		p--;
	return p;
}

static size_t
ed_word_right(const struct editor *ed)
{
	size_t	 p = ed->cursor;

	while (p < ed->len && ed->line[p] != ' ')
		p++;
	while (p < ed->len && ed->line[p] == ' ')
		p++;
	return p;
}

/* ESC-d kills spaces first, then the word (vty_forward_kill_word). */
static size_t
ed_word_end(const struct editor *ed)
{
	size_t	 p = ed->cursor;

	while (p < ed->len && ed->line[p] == ' ')
		p++;
	while (p < ed->len && ed->line[p] != ' ')
		p++;
	return p;
}

/* The history entry age steps back from the newest (0 = newest). */
static const char *
ed_hist_age(const struct editor *ed, unsigned age)
{
	if (age >= ed->hist_count)
		return NULL;
	return editor_history_at(ed, ed->hist_count - 1 - age);
}

static enum editor_action
ed_home(struct editor *ed, struct buf *out)
{
	ed_move(ed, 0, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_end(struct editor *ed, struct buf *out)
{
	ed_move(ed, ed->len, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_left(struct editor *ed, struct buf *out)
{
	if (ed->cursor > 0)
		ed_move(ed, ed->cursor - 1, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_right(struct editor *ed, struct buf *out)
{
	if (ed->cursor < ed->len)
		ed_move(ed, ed->cursor + 1, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_word_back(struct editor *ed, struct buf *out)
{
	ed_move(ed, ed_word_left(ed), out);
	return EDITOR_NONE;
}

static enum editor_action
ed_word_fwd(struct editor *ed, struct buf *out)
{
	ed_move(ed, ed_word_right(ed), out);
	return EDITOR_NONE;
}

static enum editor_action
ed_backspace(struct editor *ed, struct buf *out)
{
	if (ed->cursor > 0) {
		ed_move(ed, ed->cursor - 1, out);
		ed_delete(ed, ed->cursor + 1, out);
	}
	return EDITOR_NONE;
}

static enum editor_action
ed_delete_char(struct editor *ed, struct buf *out)
{
	if (ed->cursor < ed->len)
		ed_delete(ed, ed->cursor + 1, out);
	return EDITOR_NONE;
}

/* Ctrl-D: FRRouting runs "exit" when the line is empty. */
static enum editor_action
ed_ctrl_d(struct editor *ed, struct buf *out)
{
	if (ed->len == 0)
		return EDITOR_EOF;
	return ed_delete_char(ed, out);
}

static enum editor_action
ed_kill_end(struct editor *ed, struct buf *out)
{
	ed_delete(ed, ed->len, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_kill_line(struct editor *ed, struct buf *out)
{
	ed_move(ed, 0, out);
	ed_delete(ed, ed->len, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_kill_word_back(struct editor *ed, struct buf *out)
{
	size_t	 to = ed->cursor;

	ed_move(ed, ed_word_left(ed), out);
	ed_delete(ed, to, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_kill_word_fwd(struct editor *ed, struct buf *out)
{
	ed_delete(ed, ed_word_end(ed), out);
	return EDITOR_NONE;
}

/*
 * Ctrl-T (vty_transpose_chars): swap the two characters before the cursor
 * at the end of the line, else the ones around it and step right.
 */
static enum editor_action
ed_transpose(struct editor *ed, struct buf *out)
{
	size_t	 a;
	char	 c;

	if (ed->len < 2 || ed->cursor < 1)
		return EDITOR_NONE;
	a = ed->cursor == ed->len ? ed->cursor - 2 : ed->cursor - 1;
	c = ed->line[a];
	ed->line[a] = ed->line[a + 1];
	ed->line[a + 1] = c;
	ed_move(ed, a, out);
	ed_move(ed, a + 2, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_hist_prev(struct editor *ed, struct buf *out)
{
	const char	*s;

	if (!ed->echo || (s = ed_hist_age(ed, (unsigned)(ed->hist_pos + 1))) ==
	    NULL)
		return EDITOR_NONE;
	if (ed->hist_pos < 0)
		memcpy(ed->saved, ed->line, ed->len + 1);
	ed->hist_pos++;
	ed_replace(ed, s, out);
	return EDITOR_NONE;
}

/* Stepping past the newest entry brings back the line being typed. */
static enum editor_action
ed_hist_next(struct editor *ed, struct buf *out)
{
	const char	*s;

	if (!ed->echo || ed->hist_pos < 0)
		return EDITOR_NONE;
	ed->hist_pos--;
	if (ed->hist_pos < 0 ||
	    (s = ed_hist_age(ed, (unsigned)ed->hist_pos)) == NULL) {
		ed->hist_pos = -1;
		s = ed->saved;
	}
	ed_replace(ed, s, out);
	return EDITOR_NONE;
}

/* Ctrl-L: start again on a fresh row (no clear-screen sequence). */
static enum editor_action
ed_refresh(struct editor *ed, struct buf *out)
{
	ed_write(ed, out, "\r\n", 2);
	ed_write(ed, out, ed->prompt, strlen(ed->prompt));
	editor_redraw(ed, out);
	return EDITOR_NONE;
}

static enum editor_action
ed_execute(struct editor *ed, struct buf *out)
{
	return EDITOR_EXECUTE;
}

static enum editor_action
ed_complete(struct editor *ed, struct buf *out)
{
	return EDITOR_COMPLETE;
}

static enum editor_action
ed_interrupt(struct editor *ed, struct buf *out)
{
	return EDITOR_INTERRUPT;
}

static enum editor_action
ed_end_config(struct editor *ed, struct buf *out)
{
	return EDITOR_END;
}

static enum editor_action
ed_escape_start(struct editor *ed, struct buf *out)
{
	ed->esc = ED_ESC_ESC;
	return EDITOR_NONE;
}

/* Control keys (FRRouting's vty_read switch, plus Ctrl-L). */
static const ed_fn ed_ctrl[128] = {
	[CTRL('A')] = ed_home,
	[CTRL('B')] = ed_left,
	[CTRL('C')] = ed_interrupt,
	[CTRL('D')] = ed_ctrl_d,
	[CTRL('E')] = ed_end,
	[CTRL('F')] = ed_right,
	[CTRL('H')] = ed_backspace,
	['\t'] = ed_complete,
	['\n'] = ed_execute,
	[CTRL('K')] = ed_kill_end,
	[CTRL('L')] = ed_refresh,
	['\r'] = ed_execute,
	[CTRL('N')] = ed_hist_next,
	[CTRL('P')] = ed_hist_prev,
	[CTRL('T')] = ed_transpose,
	[CTRL('U')] = ed_kill_line,
	[CTRL('W')] = ed_kill_word_back,
	[CTRL('Z')] = ed_end_config,
	[ED_ESC] = ed_escape_start,
	[ED_DEL] = ed_backspace,
};

/* ESC x, the Meta keys. */
static const ed_fn ed_meta[128] = {
	['b'] = ed_word_back,
	['f'] = ed_word_fwd,
	['d'] = ed_kill_word_fwd,
	[ED_BS] = ed_kill_word_back,
	[ED_DEL] = ed_kill_word_back,
};

/* Final bytes of ESC [ x and ESC O x without a parameter. */
static const ed_fn ed_csi[128] = {
	['A'] = ed_hist_prev,
	['B'] = ed_hist_next,
	['C'] = ed_right,
	['D'] = ed_left,
	['H'] = ed_home,
	['F'] = ed_end,
};

/* ESC [ n ~, the VT220 editing keys (1/7 Home, 4/8 End, 3 Delete). */
static const ed_fn ed_vt220[] = {
	[1] = ed_home,
	[3] = ed_delete_char,
	[4] = ed_end,
	[7] = ed_home,
	[8] = ed_end,
};
#define ED_NVT220	(sizeof(ed_vt220) / sizeof(ed_vt220[0]))

/*
 * One byte of an escape sequence (ECMA-48 section 5.4: parameter bytes
 * 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E). Returns false when
 * the byte cannot belong to the sequence: the sequence is dropped and the
 * caller reads the byte as a key of its own, so a stray ESC never eats the
 * Enter that follows it.
 */
static bool
ed_escape(struct editor *ed, uint8_t c, struct buf *out,
    enum editor_action *act)
{
	ed_fn	 fn = NULL;

	*act = EDITOR_NONE;
	switch (ed->esc) {
	case ED_ESC_ESC:
		ed->esc = ED_ESC_NONE;
		ed->esc_arg = 0;
		ed->esc_odd = false;
		if (c == '[') {
			ed->esc = ED_ESC_CSI;
			return true;
		}
		if (c == 'O') {
			ed->esc = ED_ESC_SS3;
			return true;
		}
		if (c == ED_ESC) {
			ed->esc = ED_ESC_ESC;
			return true;
		}
		if (c < 0x20 && c != ED_BS)
			return false;
		if (c < 128)
			fn = ed_meta[c];
		break;
	case ED_ESC_CSI:
	case ED_ESC_SS3:
		if (c < 0x20 || c >= 0x7f) {
			ed->esc = ED_ESC_NONE;
			return false;
		}
		if (c >= '0' && c <= '9' && ed->esc == ED_ESC_CSI) {
			ed->esc_arg = ed->esc_arg * 10 + (c - '0');
			if (ed->esc_arg > ED_ARG_MAX) {
				ed->esc_arg = ED_ARG_MAX;
				ed->esc_odd = true;
			}
			return true;
		}
		if (c < 0x40) {
			ed->esc_odd = true;	/* ';', '?', intermediates */
			return true;
		}
		/* c is the final byte */
		if (ed->esc_odd)
			;
		else if (c == '~' && ed->esc == ED_ESC_CSI) {
			if (ed->esc_arg < ED_NVT220)
				fn = ed_vt220[ed->esc_arg];
		} else if (ed->esc_arg == 0)
			fn = ed_csi[c];
		ed->esc = ED_ESC_NONE;
		break;
	default:
		ed->esc = ED_ESC_NONE;
		return false;
	}
	if (fn != NULL)
		*act = fn(ed, out);
	return true;
}

void
editor_init(struct editor *ed)
{
	memset(ed, 0, sizeof(*ed));
	ed->echo = true;
	ed->hist_pos = -1;
}

void
editor_free(struct editor *ed)
{
	unsigned	 i;

	for (i = 0; i < EDITOR_HISTORY; i++) {
		free(ed->hist[i]);
		ed->hist[i] = NULL;
	}
	ed->hist_count = 0;
	ed->hist_head = 0;
}

enum editor_action
editor_key(struct editor *ed, uint8_t c, struct buf *out)
{
	enum editor_action	 act;

	if (ed->esc != ED_ESC_NONE && ed_escape(ed, c, out, &act))
		return act;
	if (c == '?' && !ed->literal_qmark)
		return EDITOR_HELP;
	if (c >= 0x20 && c < ED_DEL) {
		if (!ed_insert(ed, (const char *)&c, 1, out))
			ed_bell(ed, out);
		return EDITOR_NONE;
	}
	if (c < 128 && ed_ctrl[c] != NULL)
		return ed_ctrl[c](ed, out);
	return EDITOR_NONE;	/* other controls and 8-bit bytes */
}

void
editor_clear(struct editor *ed)
{
	ed->len = ed->cursor = 0;
	ed->line[0] = '\0';
	ed->esc = ED_ESC_NONE;
	ed->hist_pos = -1;
}

void
editor_set(struct editor *ed, const char *s)
{
	size_t	 n = strnlen(s, EDITOR_LINE_MAX);

	memcpy(ed->line, s, n);
	ed->line[n] = '\0';
	ed->len = ed->cursor = n;
}

void
editor_insert(struct editor *ed, const char *s, struct buf *out)
{
	size_t	 i, run;
	bool	 fit = true;

	/* Insert runs of printable text; skip anything else. */
	for (i = 0; s[i] != '\0' && fit; i += run) {
		for (run = 0; s[i + run] >= 0x20 && s[i + run] < ED_DEL; run++)
			;
		if (run == 0) {
			run = 1;
			continue;
		}
		fit = ed_insert(ed, s + i, run, out);
	}
	if (!fit)
		ed_bell(ed, out);
}

void
editor_redraw(const struct editor *ed, struct buf *out)
{
	ed_write(ed, out, ed->line, ed->len);
	ed_repeat(ed, out, ED_BS, ed->len - ed->cursor);
}

void
editor_set_prompt(struct editor *ed, const char *prompt)
{
	size_t	 n = strnlen(prompt, EDITOR_PROMPT_MAX);

	memcpy(ed->prompt, prompt, n);
	ed->prompt[n] = '\0';
}

void
editor_history_add(struct editor *ed, const char *s)
{
	size_t		 n = strnlen(s, EDITOR_LINE_MAX), i;
	const char	*last;
	char		*copy;

	ed->hist_pos = -1;
	for (i = 0; i < n && s[i] == ' '; i++)
		;
	if (i == n)
		return;
	last = ed_hist_age(ed, 0);
	if (last != NULL && strlen(last) == n && memcmp(last, s, n) == 0)
		return;
	if ((copy = strndup(s, n)) == NULL)
		return;		/* a convenience: lose the entry */
	free(ed->hist[ed->hist_head]);	/* the oldest, when full */
	ed->hist[ed->hist_head] = copy;
	ed->hist_head = (ed->hist_head + 1) % EDITOR_HISTORY;
	if (ed->hist_count < EDITOR_HISTORY)
		ed->hist_count++;
}

const char *
editor_history_at(const struct editor *ed, unsigned i)
{
	if (i >= ed->hist_count)
		return NULL;
	return ed->hist[(ed->hist_head + EDITOR_HISTORY - ed->hist_count + i) %
	    EDITOR_HISTORY];
}

unsigned
editor_history_count(const struct editor *ed)
{
	return ed->hist_count;
}

/*
 * Unit tests for lib/vty/editor.c: every key binding, the exact screen
 * bytes of the redraws FRRouting users see (mid-line insert, backspace,
 * Ctrl-U, ...), history browsing and its ring, the line cap, echo off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "editor.h"

struct ctx {
	struct editor	 ed;
	struct buf	 out;
};

static int
setup(void **state)
{
	struct ctx	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	editor_init(&c->ed);
	buf_init(&c->out);
	*state = c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx	*c = *state;

	editor_free(&c->ed);
	buf_free(&c->out);
	free(c);
	return 0;
}

/* Feed n keys, return the last action. */
static enum editor_action
keys(struct ctx *c, const char *s, size_t n)
{
	enum editor_action	 a = EDITOR_NONE;
	size_t			 i;

	for (i = 0; i < n; i++)
		a = editor_key(&c->ed, (uint8_t)s[i], &c->out);
	return a;
}

#define KEYS(c, s)	keys((c), (s), sizeof(s) - 1)

/* Put a line on the client's screen with the cursor at pos, output cleared. */
static void
start(struct ctx *c, const char *line, size_t pos)
{
	editor_clear(&c->ed);
	editor_set(&c->ed, line);
	c->ed.cursor = pos;
	buf_reset(&c->out);
}

static void
check(struct ctx *c, const char *line, size_t cursor, const char *screen,
    size_t screen_len)
{
	assert_string_equal(c->ed.line, line);
	assert_int_equal(c->ed.len, strlen(line));
	assert_int_equal(c->ed.cursor, cursor);
	assert_int_equal(c->out.len, screen_len);
	if (screen_len > 0)
		assert_memory_equal(c->out.data, screen, screen_len);
	buf_reset(&c->out);
}

#define CHECK(c, line, cursor, screen) \
	check((c), (line), (cursor), (screen), sizeof(screen) - 1)

static void
test_insert(void **state)
{
	struct ctx	*c = *state;

	assert_int_equal(KEYS(c, "show"), EDITOR_NONE);
	CHECK(c, "show", 4, "show");
	/* Mid-line: the tail is re-printed, then BS back over it. */
	start(c, "acd", 1);
	KEYS(c, "b");
	CHECK(c, "abcd", 2, "bcd\b\b");
	/* At the start. */
	start(c, "bc", 0);
	KEYS(c, "a");
	CHECK(c, "abc", 1, "abc\b\b");
	/* Controls without a binding and 8-bit bytes do nothing. */
	start(c, "ab", 1);
	KEYS(c, "\x00\x07\x0f\x11\x13\x16\x18\x19\x1c\x1f\x80\xa0\xfe\xff");
	CHECK(c, "ab", 1, "");
}

static void
test_backspace(void **state)
{
	struct ctx	*c = *state;

	start(c, "ab", 2);
	KEYS(c, "\x7f");
	CHECK(c, "a", 1, "\b \b");
	KEYS(c, "\x08");
	CHECK(c, "", 0, "\b \b");
	KEYS(c, "\x08\x7f");		/* nothing to delete */
	CHECK(c, "", 0, "");
	/* Mid-line: BS, the tail, a space over the last cell, BS back. */
	start(c, "abcd", 2);
	KEYS(c, "\x7f");
	CHECK(c, "acd", 1, "\bcd \b\b\b");
}

static void
test_kill(void **state)
{
	struct ctx	*c = *state;

	/* Ctrl-U: back to the start, blank the whole line, back again. */
	start(c, "abcd", 2);
	KEYS(c, "\x15");
	CHECK(c, "", 0, "\b\b    \b\b\b\b");
	/* Ctrl-K: blank from the cursor on. */
	start(c, "abcd", 1);
	KEYS(c, "\x0b");
	CHECK(c, "a", 1, "   \b\b\b");
	KEYS(c, "\x0b");
	CHECK(c, "a", 1, "");
	/* Ctrl-W: the word before the cursor and the spaces after it. */
	start(c, "show ip ospf", 12);
	KEYS(c, "\x17");
	CHECK(c, "show ip ", 8, "\b\b\b\b    \b\b\b\b");
	start(c, "show ip  ", 9);
	KEYS(c, "\x17");
	CHECK(c, "show ", 5, "\b\b\b\b    \b\b\b\b");
	/* ESC-Backspace (both DEL and BS) does the same. */
	start(c, "show ip", 7);
	KEYS(c, "\x1b\x7f");
	CHECK(c, "show ", 5, "\b\b  \b\b");
	start(c, "show ip", 4);
	KEYS(c, "\x1b\x08");
	CHECK(c, " ip", 0, "\b\b\b\b ip    \b\b\b\b\b\b\b");
	/* ESC-d: spaces, then the next word. */
	start(c, "show ip ospf", 4);
	KEYS(c, "\x1b" "d");
	CHECK(c, "show ospf", 4, " ospf   \b\b\b\b\b\b\b\b");
	start(c, "ab", 2);
	KEYS(c, "\x1b" "d\x17\x17");
	CHECK(c, "", 0, "\b\b  \b\b");
}

static void
test_motion(void **state)
{
	struct ctx	*c = *state;

	start(c, "abcd", 4);
	KEYS(c, "\x01");		/* Ctrl-A */
	CHECK(c, "abcd", 0, "\b\b\b\b");
	KEYS(c, "\x05");		/* Ctrl-E re-prints up to the end */
	CHECK(c, "abcd", 4, "abcd");
	KEYS(c, "\x02\x02");		/* Ctrl-B */
	CHECK(c, "abcd", 2, "\b\b");
	KEYS(c, "\x06");		/* Ctrl-F */
	CHECK(c, "abcd", 3, "c");
	KEYS(c, "\x06\x06\x06");	/* stops at the end */
	CHECK(c, "abcd", 4, "d");
	KEYS(c, "\x1b[D\x1bOD");	/* arrows, normal and application */
	CHECK(c, "abcd", 2, "\b\b");
	KEYS(c, "\x1b[C\x1bOC");
	CHECK(c, "abcd", 4, "cd");
	KEYS(c, "\x1b[H");
	CHECK(c, "abcd", 0, "\b\b\b\b");
	KEYS(c, "\x1b[F");
	CHECK(c, "abcd", 4, "abcd");
	KEYS(c, "\x1b[1~");
	CHECK(c, "abcd", 0, "\b\b\b\b");
	KEYS(c, "\x1b[4~");
	CHECK(c, "abcd", 4, "abcd");
	KEYS(c, "\x1bOH\x1b[8~\x1b[7~\x1bOF");
	assert_int_equal(c->ed.cursor, 4);
	buf_reset(&c->out);
	KEYS(c, "\x02\x02\x02\x02\x02");	/* stops at the start */
	CHECK(c, "abcd", 0, "\b\b\b\b");
	/* Words: ESC-f lands after the spaces, ESC-b at the word start. */
	start(c, "show ip  ospf", 0);
	KEYS(c, "\x1b" "f");
	CHECK(c, "show ip  ospf", 5, "show ");
	KEYS(c, "\x1b" "f");
	CHECK(c, "show ip  ospf", 9, "ip  ");
	KEYS(c, "\x1b" "f");
	CHECK(c, "show ip  ospf", 13, "ospf");
	KEYS(c, "\x1b" "b");
	CHECK(c, "show ip  ospf", 9, "\b\b\b\b");
	KEYS(c, "\x1b" "b");
	CHECK(c, "show ip  ospf", 5, "\b\b\b\b");
	KEYS(c, "\x1b" "b\x1b" "b");
	CHECK(c, "show ip  ospf", 0, "\b\b\b\b\b");
}

static void
test_delete(void **state)
{
	struct ctx	*c = *state;

	/* Ctrl-D deletes under the cursor (vty_delete_char bytes). */
	start(c, "abc", 1);
	assert_int_equal(KEYS(c, "\x04"), EDITOR_NONE);
	CHECK(c, "ac", 1, "c \b\b");
	start(c, "abc", 3);
	assert_int_equal(KEYS(c, "\x04"), EDITOR_NONE);
	CHECK(c, "abc", 3, "");
	/* On an empty line it means "exit". */
	start(c, "", 0);
	assert_int_equal(KEYS(c, "\x04"), EDITOR_EOF);
	CHECK(c, "", 0, "");
	/* The Delete key never does. */
	start(c, "ab", 0);
	KEYS(c, "\x1b[3~");
	CHECK(c, "b", 0, "b \b\b");
	KEYS(c, "\x1b[3~");
	CHECK(c, "", 0, " \b");
	assert_int_equal(KEYS(c, "\x1b[3~"), EDITOR_NONE);
	CHECK(c, "", 0, "");
}

static void
test_transpose(void **state)
{
	struct ctx	*c = *state;

	start(c, "ab", 2);		/* at the end: the last two */
	KEYS(c, "\x14");
	CHECK(c, "ba", 2, "\b\bba");
	start(c, "abc", 1);		/* mid-line: around the cursor */
	KEYS(c, "\x14");
	CHECK(c, "bac", 2, "\bba");
	start(c, "abc", 0);
	KEYS(c, "\x14");
	CHECK(c, "abc", 0, "");
	start(c, "a", 1);
	KEYS(c, "\x14");
	CHECK(c, "a", 1, "");
}

static void
test_actions(void **state)
{
	struct ctx	*c = *state;

	/* The editor prints nothing for an action and keeps the line. */
	start(c, "show ip", 4);
	assert_int_equal(KEYS(c, "\r"), EDITOR_EXECUTE);
	CHECK(c, "show ip", 4, "");
	assert_int_equal(KEYS(c, "\n"), EDITOR_EXECUTE);
	assert_int_equal(KEYS(c, "?"), EDITOR_HELP);
	assert_int_equal(KEYS(c, "\t"), EDITOR_COMPLETE);
	assert_int_equal(KEYS(c, "\x03"), EDITOR_INTERRUPT);
	assert_int_equal(KEYS(c, "\x1a"), EDITOR_END);
	CHECK(c, "show ip", 4, "");
	/* In a password '?' is a character. */
	c->ed.literal_qmark = true;
	assert_int_equal(KEYS(c, "?"), EDITOR_NONE);
	CHECK(c, "show? ip", 5, "? ip\b\b\b");
	c->ed.literal_qmark = false;

	/* Ctrl-L: a new row, the prompt, the line, the cursor put back. */
	editor_set_prompt(&c->ed, "r1# ");
	start(c, "ab", 1);
	assert_int_equal(KEYS(c, "\x0c"), EDITOR_NONE);
	CHECK(c, "ab", 1, "\r\nr1# ab\b");

	/* editor_redraw (after help) and editor_insert (completion). */
	start(c, "abc", 1);
	editor_redraw(&c->ed, &c->out);
	CHECK(c, "abc", 1, "abc\b\b");
	start(c, "sh ip", 2);
	editor_insert(&c->ed, "ow", &c->out);
	CHECK(c, "show ip", 4, "ow ip\b\b\b");
	/* Controls in completion text are dropped. */
	editor_insert(&c->ed, "\x1b[2J\r\n", &c->out);
	CHECK(c, "show[2J ip", 7, "[2J ip\b\b\b");
	editor_clear(&c->ed);
	CHECK(c, "", 0, "");
}

static void
test_escape_swallowed(void **state)
{
	struct ctx	*c = *state;

	start(c, "ab", 1);
	/* Known keys with modifiers, unknown keys, F-keys, Meta keys. */
	KEYS(c, "\x1b[1;5C" "\x1b[200~" "\x1b[2~" "\x1b[15~" "\x1bOP"
	    "\x1b[99999999999A" "\x1b[?25h" "\x1bx" "\x1b\x1b[Z" "\x1bO5C"
	    "\x1b\xff" "\x1b[Q");
	CHECK(c, "ab", 1, "");
	/* The next key after a sequence is a key again. */
	KEYS(c, "x");
	CHECK(c, "axb", 2, "xb\b");
	/* A control byte ends a sequence and counts as itself. */
	assert_int_equal(KEYS(c, "\x1b[12\r"), EDITOR_EXECUTE);
	assert_int_equal(KEYS(c, "\x1b\r"), EDITOR_EXECUTE);
	assert_int_equal(KEYS(c, "\x1bO\x03"), EDITOR_INTERRUPT);
	KEYS(c, "\x1b[\x1b[D");		/* ESC restarts */
	CHECK(c, "axb", 1, "\b");
	/* editor_clear forgets a half-read sequence. */
	KEYS(c, "\x1b[");
	editor_clear(&c->ed);
	KEYS(c, "A");
	CHECK(c, "A", 1, "A");
}

static void
test_history_browse(void **state)
{
	struct ctx	*c = *state;

	editor_history_add(&c->ed, "one");
	editor_history_add(&c->ed, "two");
	editor_history_add(&c->ed, "three");
	start(c, "par", 3);
	KEYS(c, "\x10");		/* Ctrl-P */
	CHECK(c, "three", 5, "\b\b\bthree");
	KEYS(c, "\x1b[A");
	CHECK(c, "two", 3, "\b\b\b\b\btwo  \b\b");
	KEYS(c, "\x10");
	CHECK(c, "one", 3, "\b\b\bone");
	KEYS(c, "\x10");		/* oldest: stays */
	CHECK(c, "one", 3, "");
	KEYS(c, "\x0e");		/* Ctrl-N */
	CHECK(c, "two", 3, "\b\b\btwo");
	KEYS(c, "\x1b[B\x1bOB");
	CHECK(c, "par", 3, "\b\b\bthree\b\b\b\b\bpar  \b\b");
	KEYS(c, "\x0e");		/* the line being typed: stays */
	CHECK(c, "par", 3, "");

	/* A line edited mid-browse is brought back too, cursor anywhere. */
	start(c, "xy", 0);
	KEYS(c, "\x10\x0e");
	CHECK(c, "xy", 2, "three\b\b\b\b\bxy   \b\b\b");

	/* Adding a line (after execute) starts browsing from the newest. */
	KEYS(c, "\x10\x10");
	editor_history_add(&c->ed, "four");
	start(c, "", 0);
	KEYS(c, "\x10");
	CHECK(c, "four", 4, "four");
	editor_clear(&c->ed);
	KEYS(c, "\x0e");
	CHECK(c, "", 0, "");
}

static void
test_history_add(void **state)
{
	struct ctx	*c = *state;
	char		 s[32];
	unsigned	 i;

	editor_history_add(&c->ed, "");
	editor_history_add(&c->ed, "   ");
	assert_int_equal(editor_history_count(&c->ed), 0);
	assert_null(editor_history_at(&c->ed, 0));
	KEYS(c, "\x10");
	CHECK(c, "", 0, "");

	editor_history_add(&c->ed, "a");
	editor_history_add(&c->ed, "a");
	editor_history_add(&c->ed, "b");
	editor_history_add(&c->ed, "a");	/* not immediate: kept */
	assert_int_equal(editor_history_count(&c->ed), 3);
	assert_string_equal(editor_history_at(&c->ed, 0), "a");
	assert_string_equal(editor_history_at(&c->ed, 1), "b");
	assert_string_equal(editor_history_at(&c->ed, 2), "a");
	assert_null(editor_history_at(&c->ed, 3));

	/* A ring of 20: the oldest go first. */
	for (i = 0; i < 25; i++) {
		snprintf(s, sizeof(s), "cmd%u", i);
		editor_history_add(&c->ed, s);
	}
	assert_int_equal(editor_history_count(&c->ed), EDITOR_HISTORY);
	assert_string_equal(editor_history_at(&c->ed, 0), "cmd5");
	assert_string_equal(editor_history_at(&c->ed, 19), "cmd24");
	assert_null(editor_history_at(&c->ed, 20));
	start(c, "", 0);
	for (i = 0; i < 30; i++)
		KEYS(c, "\x10");
	assert_string_equal(c->ed.line, "cmd5");
	for (i = 0; i < 19; i++)
		KEYS(c, "\x0e");
	assert_string_equal(c->ed.line, "cmd24");
	KEYS(c, "\x0e");
	assert_string_equal(c->ed.line, "");
}

static void
test_line_cap(void **state)
{
	struct ctx	*c = *state;
	char		*big;

	big = malloc(EDITOR_LINE_MAX + 10);
	assert_non_null(big);
	memset(big, 'x', EDITOR_LINE_MAX + 9);
	big[EDITOR_LINE_MAX + 9] = '\0';
	editor_set(&c->ed, big);		/* truncated */
	assert_int_equal(c->ed.len, EDITOR_LINE_MAX);
	assert_int_equal(c->ed.line[EDITOR_LINE_MAX], '\0');
	buf_reset(&c->out);
	KEYS(c, "y");
	CHECK(c, big + 9, EDITOR_LINE_MAX, "\x07");
	c->ed.cursor = 0;
	KEYS(c, "y");
	CHECK(c, big + 9, 0, "\x07");
	/* One cell left: completion text is cut there. */
	KEYS(c, "\x08\x04");
	assert_int_equal(c->ed.len, EDITOR_LINE_MAX - 1);
	c->ed.cursor = c->ed.len;
	buf_reset(&c->out);
	editor_insert(&c->ed, "abc", &c->out);
	assert_int_equal(c->ed.len, EDITOR_LINE_MAX);
	assert_int_equal(c->ed.line[EDITOR_LINE_MAX - 1], 'a');
	CHECK(c, c->ed.line, EDITOR_LINE_MAX, "a\x07");
	/* History entries are capped the same way. */
	editor_history_add(&c->ed, big);
	assert_int_equal(strlen(editor_history_at(&c->ed, 0)),
	    EDITOR_LINE_MAX);
	free(big);
}

static void
test_echo_off(void **state)
{
	struct ctx	*c = *state;

	editor_history_add(&c->ed, "show version");
	c->ed.echo = false;
	c->ed.literal_qmark = true;
	start(c, "", 0);
	KEYS(c, "s3cr?t");
	CHECK(c, "s3cr?t", 6, "");
	KEYS(c, "\x7f\x02\x02\x14\x01\x05\x0c\x1b[D\x1b" "b\x17");
	assert_int_equal(c->out.len, 0);
	KEYS(c, "\x15pw");
	CHECK(c, "pw", 2, "");
	/* History is not browsed in a password. */
	KEYS(c, "\x10\x1b[A");
	CHECK(c, "pw", 2, "");
	editor_redraw(&c->ed, &c->out);
	editor_insert(&c->ed, "x", &c->out);
	CHECK(c, "pwx", 3, "");
	assert_int_equal(KEYS(c, "\r"), EDITOR_EXECUTE);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_insert),
		T(test_backspace),
		T(test_kill),
		T(test_motion),
		T(test_delete),
		T(test_transpose),
		T(test_actions),
		T(test_escape_swallowed),
		T(test_history_browse),
		T(test_history_add),
		T(test_line_cap),
		T(test_echo_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

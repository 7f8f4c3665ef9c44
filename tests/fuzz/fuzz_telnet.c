/*
 * DOC: libFuzzer target for what a VTY session does with a client's bytes:
 * the input goes through telnet_input() in pieces the way reads would (the
 * first byte picks the piece size and the editor's echo / literal '?'
 * modes), and every data byte through editor_key() with a small history.
 * Checks the invariants: the same input in one piece gives the same data
 * and replies; the parser state stays in bounds; the editor keeps
 * cursor <= len <= EDITOR_LINE_MAX with the line NUL-terminated at len and
 * only printable bytes in it; the editor writes only printable text, BS,
 * BEL and (Ctrl-L) CR LF, and nothing with echo off; telnet_output() of the
 * data leaves no undoubled 0xFF and no LF without its CR.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "telnet.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_editor(const struct editor *ed)
{
	size_t	 i;

	if (ed->cursor > ed->len || ed->len > EDITOR_LINE_MAX ||
	    ed->line[ed->len] != '\0')
		abort();
	for (i = 0; i < ed->len; i++)
		if (ed->line[i] < 0x20 || ed->line[i] > 0x7e)
			abort();
}

static void
check_screen(const struct editor *ed, const struct buf *out)
{
	size_t	 i;
	uint8_t	 c;

	if (!ed->echo && out->len != 0)
		abort();
	for (i = 0; i < out->len; i++) {
		c = out->data[i];
		if ((c < 0x20 || c > 0x7e) && c != 0x08 && c != 0x07 &&
		    c != '\r' && c != '\n')
			abort();
	}
}

static void
check_output(const struct buf *in)
{
	struct buf	 out = BUF_INIT;
	size_t		 i;

	telnet_output(&out, in->data, in->len);
	for (i = 0; i < out.len; i++) {
		if (out.data[i] == 0xff) {
			if (i + 1 == out.len || out.data[i + 1] != 0xff)
				abort();
			i++;
		} else if (out.data[i] == '\n' &&
		    (i == 0 || out.data[i - 1] != '\r'))
			abort();
	}
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t len)
{
	static struct editor	 ed;	/* 12 kB: off the stack */
	struct telnet		 t, whole;
	struct buf		 data = BUF_INIT, reply = BUF_INIT;
	struct buf		 data1 = BUF_INIT, reply1 = BUF_INIT;
	struct buf		 screen = BUF_INIT;
	size_t			 off, step, i;
	uint8_t			 mode;

	if (len < 1)
		return 0;
	mode = p[0];
	p++;
	len--;
	step = (mode & 0x0f) + 1;

	telnet_init(&t);
	telnet_start(&t, &reply);
	for (off = 0; off < len; off += step) {
		telnet_input(&t, p + off, len - off < step ? len - off : step,
		    &data, &reply);
		if (t.state > 8 || t.sb_len > TELNET_SB_MAX)
			abort();
	}
	telnet_init(&whole);
	telnet_start(&whole, &reply1);
	telnet_input(&whole, p, len, &data1, &reply1);
	if (data.len != data1.len || reply.len != reply1.len ||
	    (data.len && memcmp(data.data, data1.data, data.len)) ||
	    (reply.len && memcmp(reply.data, reply1.data, reply.len)) ||
	    t.width != whole.width || t.height != whole.height ||
	    memcmp(t.us, whole.us, sizeof(t.us)) ||
	    memcmp(t.him, whole.him, sizeof(t.him)))
		abort();
	check_output(&data);

	editor_init(&ed);
	ed.echo = !(mode & 0x80);
	ed.literal_qmark = mode & 0x40;
	editor_set_prompt(&ed, "fuzz# ");
	editor_history_add(&ed, "show version");
	editor_history_add(&ed, "configure terminal");
	editor_history_add(&ed, "");
	for (i = 0; i < data.len; i++) {
		switch (editor_key(&ed, data.data[i], &screen)) {
		case EDITOR_EXECUTE:
			editor_history_add(&ed, ed.line);
			editor_clear(&ed);
			break;
		case EDITOR_COMPLETE:
			editor_insert(&ed, "ip\x1b\xff ", &screen);
			break;
		case EDITOR_HELP:
			editor_redraw(&ed, &screen);
			break;
		case EDITOR_INTERRUPT:
			editor_clear(&ed);
			break;
		default:
			break;
		}
		check_editor(&ed);
		check_screen(&ed, &screen);
		buf_reset(&screen);
		if (editor_history_count(&ed) > EDITOR_HISTORY)
			abort();
	}

	editor_free(&ed);
	buf_free(&screen);
	buf_free(&data);
	buf_free(&reply);
	buf_free(&data1);
	buf_free(&reply1);
	return 0;
}

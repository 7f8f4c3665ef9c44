/*
 * Unit tests for the BEEP session core of lib/beep/session.c: an
 * initiator and a listener wired back to back (greetings, MSG/RPY,
 * ANS/NUL, messages that need several windows, replies given out of
 * order), and single sessions fed hand-written frames that break a rule.
 *
 * Tests named test_check_NN_* cover item NN of the conformance checklist
 * of the spec digest (../shared/spec/beep.md, section 14). Every wire a
 * session writes is also run through wire_check(), which decodes it and
 * checks the seqnos and that no two messages interleave on a channel.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "frame.h"
#include "session.h"

#define CT	"Content-Type: application/beep+xml\r\n\r\n"
#define GREET	CT "<greeting />\r\n"
#define MAXEV	2048
#define MAXCH	1024

enum ev_kind { EV_GREETING, EV_CH0, EV_DELIVER };

struct ev {
	enum ev_kind	 kind;
	uint32_t	 ch;
	enum beep_type	 type;
	uint32_t	 msgno;
	uint32_t	 ansno;
	uint8_t		*p;
	size_t		 len;
	bool		 complete;
};

struct peer;
typedef void (*hook_fn)(struct peer *, const struct ev *);

struct peer {
	struct beep_session	*s;
	struct buf		 out;	/* written, not yet given to the other */
	struct buf		 wire;	/* everything written */
	struct ev		 ev[MAXEV];
	unsigned int		 nev;
	hook_fn			 hook;
	int			 hook_arg;
};

/* ---- callbacks ---------------------------------------------------------- */

static void
record(struct peer *pe, enum ev_kind kind, uint32_t ch, enum beep_type type,
    uint32_t msgno, uint32_t ansno, const uint8_t *p, size_t len,
    bool complete)
{
	struct ev	*e;

	assert_true(pe->nev < MAXEV);
	e = &pe->ev[pe->nev++];
	e->kind = kind;
	e->ch = ch;
	e->type = type;
	e->msgno = msgno;
	e->ansno = ansno;
	e->len = len;
	e->complete = complete;
	e->p = malloc(len + 1);
	assert_non_null(e->p);
	if (len > 0)
		memcpy(e->p, p, len);
	e->p[len] = '\0';
	if (pe->hook != NULL)
		pe->hook(pe, e);
}

static void
cb_output(void *arg, const uint8_t *p, size_t len)
{
	struct peer	*pe = arg;

	assert_true(buf_put_bytes(&pe->out, p, len));
	assert_true(buf_put_bytes(&pe->wire, p, len));
}

static void
cb_greeting(void *arg, enum beep_type type, const uint8_t *p, size_t len)
{
	record(arg, EV_GREETING, 0, type, 0, 0, p, len, true);
}

static void
cb_channel0(void *arg, enum beep_type type, uint32_t msgno, uint32_t ansno,
    const uint8_t *p, size_t len)
{
	record(arg, EV_CH0, 0, type, msgno, ansno, p, len, true);
}

static void
cb_deliver(void *arg, uint32_t ch, enum beep_type type, uint32_t msgno,
    uint32_t ansno, const uint8_t *p, size_t len, bool complete)
{
	record(arg, EV_DELIVER, ch, type, msgno, ansno, p, len, complete);
}

/* ---- helpers ------------------------------------------------------------ */

static void
peer_init(struct peer *pe, enum beep_role role, uint32_t window,
    uint32_t frame_max, uint32_t msg_max)
{
	struct beep_session_cfg	 cfg;

	memset(pe, 0, sizeof(*pe));
	buf_init(&pe->out);
	buf_init(&pe->wire);
	memset(&cfg, 0, sizeof(cfg));
	cfg.role = role;
	cfg.window = window;
	cfg.frame_max = frame_max;
	cfg.msg_max = msg_max;
	cfg.arg = pe;
	cfg.output = cb_output;
	cfg.greeting = cb_greeting;
	cfg.channel0 = cb_channel0;
	cfg.deliver = cb_deliver;
	pe->s = beep_session_new(&cfg);
	assert_non_null(pe->s);
}

static void
peer_clear_events(struct peer *pe)
{
	unsigned int	 i;

	for (i = 0; i < pe->nev; i++)
		free(pe->ev[i].p);
	pe->nev = 0;
}

/*
 * Decode a whole wire and check, per channel: seqnos follow each other
 * from 0 (checklist 6, 7) and after a '*' frame the next frame has the
 * same msgno, or is an ANS of the same reply (checklist 16).
 */
static unsigned int
wire_scan(const struct buf *w, const char *kw, bool strict)
{
	struct beep_frame_dec	 d;
	struct beep_frame	 f;
	static uint32_t		 seq[MAXCH], lock_msgno[MAXCH];
	static bool		 lock[MAXCH];
	size_t			 off = 0, used;
	unsigned int		 count = 0;
	enum beep_dec		 rc;

	memset(seq, 0, sizeof(seq));
	memset(lock, 0, sizeof(lock));
	beep_frame_dec_init(&d, BEEP_NUM_MAX);
	while (off < w->len) {
		rc = beep_frame_decode(&d, w->data + off, w->len - off,
		    &used, &f);
		off += used;
		assert_int_not_equal(rc, BEEP_DEC_ERROR);
		if (rc != BEEP_DEC_FRAME)
			continue;
		if (kw != NULL && strcmp(beep_type_name(f.hdr.type), kw) == 0)
			count++;
		if (f.hdr.type == BEEP_TYPE_SEQ || !strict)
			continue;
		assert_true(f.hdr.channel < MAXCH);
		assert_int_equal(f.hdr.seqno, seq[f.hdr.channel]);
		seq[f.hdr.channel] += f.hdr.size;
		if (lock[f.hdr.channel])
			assert_int_equal(f.hdr.msgno,
			    lock_msgno[f.hdr.channel]);
		if (f.hdr.type != BEEP_TYPE_ANS) {
			lock[f.hdr.channel] = f.hdr.more;
			lock_msgno[f.hdr.channel] = f.hdr.msgno;
		}
	}
	beep_frame_dec_clear(&d);
	return count;
}

static unsigned int
wire_check(const struct buf *w, const char *kw)
{
	return wire_scan(w, kw, true);
}

/* Count frames of a wire that starts mid-session. */
static unsigned int
wire_count(const struct buf *w, const char *kw)
{
	return wire_scan(w, kw, false);
}

static void
peer_free(struct peer *pe)
{
	wire_check(&pe->wire, NULL);
	peer_clear_events(pe);
	beep_session_free(pe->s);
	buf_free(&pe->out);
	buf_free(&pe->wire);
}

/* Move bytes both ways until both are quiet; every recv must succeed. */
static void
pair_run(struct peer *a, struct peer *b)
{
	struct buf	 tmp = BUF_INIT;
	struct peer	*from, *to;
	bool		 moved;
	int		 i;

	do {
		moved = false;
		for (i = 0; i < 2; i++) {
			from = i == 0 ? a : b;
			to = i == 0 ? b : a;
			if (from->out.len == 0)
				continue;
			buf_reset(&tmp);
			assert_true(buf_put_bytes(&tmp, from->out.data,
			    from->out.len));
			buf_reset(&from->out);
			assert_int_equal(beep_session_recv(to->s, tmp.data,
			    tmp.len, NULL), BEEP_SESS_OK);
			moved = true;
		}
	} while (moved);
	buf_free(&tmp);
}

static void
pair_init(struct peer *i, struct peer *l, uint32_t window,
    uint32_t frame_max)
{
	peer_init(i, BEEP_ROLE_INITIATOR, window, frame_max, 0);
	peer_init(l, BEEP_ROLE_LISTENER, window, frame_max, 0);
	assert_int_equal(beep_session_greet(i->s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_greet(l->s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	pair_run(i, l);
	assert_int_equal(beep_session_state(i->s), BEEP_SESS_ST_OPEN);
	assert_int_equal(beep_session_state(l->s), BEEP_SESS_ST_OPEN);
	peer_clear_events(i);
	peer_clear_events(l);
}

static void
pair_open(struct peer *i, struct peer *l, uint32_t ch, unsigned int flags)
{
	assert_int_equal(beep_session_channel_open(i->s, ch, flags),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_channel_open(l->s, ch, flags),
	    BEEP_SESS_OK);
}

/* One session that has greeted and got "RPY 0 0 . 0 0". */
static void
single_init(struct peer *pe, enum beep_role role)
{
	static const char	 peer_greet[] = "RPY 0 0 . 0 0\r\nEND\r\n";

	peer_init(pe, role, 0, 0, 0);
	assert_int_equal(beep_session_greet(pe->s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_recv(pe->s, (const uint8_t *)peer_greet,
	    strlen(peer_greet), NULL), BEEP_SESS_OK);
	assert_int_equal(beep_session_state(pe->s), BEEP_SESS_ST_OPEN);
	peer_clear_events(pe);
	buf_reset(&pe->out);
}

static enum beep_sess_err
feed(struct peer *pe, const char *s)
{
	return beep_session_recv(pe->s, (const uint8_t *)s, strlen(s), NULL);
}

/* A fatal error: the code, a message, and the session is dead. */
static void
expect_fatal(struct peer *pe, const char *s, enum beep_sess_err want)
{
	size_t	 before = pe->out.len;

	assert_int_equal(feed(pe, s), want);
	assert_true(beep_sess_err_fatal(want));
	assert_int_equal(beep_session_err(pe->s), want);
	assert_int_equal(beep_session_state(pe->s), BEEP_SESS_ST_ABORTED);
	assert_true(strlen(beep_session_errmsg(pe->s)) > 0);
	/* No response: nothing written because of it. */
	assert_int_equal(pe->out.len, before);
	/* And it stays dead. */
	assert_int_equal(feed(pe, "SEQ 0 0 4096\r\n"), want);
	assert_int_equal(beep_session_send_msg(pe->s, 0, "x", 1, NULL),
	    BEEP_SESS_ERR_CLOSED);
}

static uint8_t *
pattern(size_t len)
{
	uint8_t	*p = malloc(len);
	size_t	 k;

	assert_non_null(p);
	for (k = 0; k < len; k++)
		p[k] = (uint8_t)(k * 7 + k / 251);
	return p;
}

/* ---- back to back ------------------------------------------------------- */

static void
test_greeting(void **state)
{
	struct peer	 i, l;

	(void)state;
	peer_init(&i, BEEP_ROLE_INITIATOR, 0, 0, 0);
	peer_init(&l, BEEP_ROLE_LISTENER, 0, 0, 0);
	/* Not before the greetings: MSG needs the peer's profiles. */
	assert_int_equal(beep_session_send_msg(i.s, 0, "x", 1, NULL),
	    BEEP_SESS_ERR_STATE);
	assert_int_equal(beep_session_greet(i.s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_greet(i.s, GREET, strlen(GREET)),
	    BEEP_SESS_ERR_STATE);
	assert_int_equal(beep_session_greet(l.s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_msg(i.s, 0, "x", 1, NULL),
	    BEEP_SESS_ERR_STATE);
	pair_run(&i, &l);
	assert_int_equal(beep_session_state(i.s), BEEP_SESS_ST_OPEN);
	assert_int_equal(l.nev, 1);
	assert_int_equal(l.ev[0].kind, EV_GREETING);
	assert_int_equal(l.ev[0].type, BEEP_TYPE_RPY);
	assert_string_equal((char *)l.ev[0].p, GREET);
	assert_int_equal(i.nev, 1);
	assert_int_equal(i.ev[0].kind, EV_GREETING);
	peer_free(&i);
	peer_free(&l);
}

static void
test_msg_rpy(void **state)
{
	struct peer	 i, l;
	uint32_t	 msgno;

	(void)state;
	pair_init(&i, &l, 0, 0);
	/* A start on channel 0, its reply, then the channel. */
	assert_int_equal(beep_session_send_msg(i.s, 0, "start", 5, &msgno),
	    BEEP_SESS_OK);
	assert_int_equal(msgno, 1);
	pair_run(&i, &l);
	assert_int_equal(l.nev, 1);
	assert_int_equal(l.ev[0].kind, EV_CH0);
	assert_int_equal(l.ev[0].type, BEEP_TYPE_MSG);
	assert_int_equal(beep_session_channel_open(l.s, 1, 0), BEEP_SESS_OK);
	assert_int_equal(beep_session_send_rpy(l.s, 0, 1, "profile", 7),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 1);
	assert_int_equal(i.ev[0].type, BEEP_TYPE_RPY);
	assert_string_equal((char *)i.ev[0].p, "profile");
	assert_int_equal(beep_session_channel_open(i.s, 1, 0), BEEP_SESS_OK);

	assert_int_equal(beep_session_send_msg(i.s, 1, "\r\nhello", 7,
	    &msgno), BEEP_SESS_OK);
	assert_int_equal(msgno, 1);
	pair_run(&i, &l);
	assert_int_equal(l.nev, 2);
	assert_int_equal(l.ev[1].kind, EV_DELIVER);
	assert_int_equal(l.ev[1].ch, 1);
	assert_true(l.ev[1].complete);
	assert_string_equal((char *)l.ev[1].p, "\r\nhello");
	/* A reply to nothing is refused, not sent. */
	assert_int_equal(beep_session_send_rpy(l.s, 1, 9, "x", 1),
	    BEEP_SESS_ERR_INVAL);
	assert_int_equal(beep_session_send_rpy(l.s, 1, 1, "\r\nworld", 7),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_rpy(l.s, 1, 1, "again", 5),
	    BEEP_SESS_ERR_INVAL);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 2);
	assert_int_equal(i.ev[1].type, BEEP_TYPE_RPY);
	assert_int_equal(i.ev[1].msgno, 1);
	assert_string_equal((char *)i.ev[1].p, "\r\nworld");
	assert_true(beep_session_flushed(i.s));
	assert_true(beep_session_flushed(l.s));
	peer_free(&i);
	peer_free(&l);
}

static void
test_ans_nul(void **state)
{
	struct peer	 i, l;
	uint32_t	 ansno;
	unsigned int	 k;

	(void)state;
	pair_init(&i, &l, 0, 0);
	pair_open(&i, &l, 1, 0);
	assert_int_equal(beep_session_send_msg(i.s, 1, "q", 1, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	for (k = 0; k < 3; k++) {
		assert_int_equal(beep_session_send_ans(l.s, 1, 1, "answer", 6,
		    &ansno), BEEP_SESS_OK);
		assert_int_equal(ansno, k);
	}
	/* One-to-many: no RPY now. */
	assert_int_equal(beep_session_send_rpy(l.s, 1, 1, "x", 1),
	    BEEP_SESS_ERR_STATE);
	assert_int_equal(beep_session_send_nul(l.s, 1, 1), BEEP_SESS_OK);
	assert_int_equal(beep_session_send_nul(l.s, 1, 1),
	    BEEP_SESS_ERR_INVAL);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 4);
	for (k = 0; k < 3; k++) {
		assert_int_equal(i.ev[k].type, BEEP_TYPE_ANS);
		assert_int_equal(i.ev[k].ansno, k);
		assert_string_equal((char *)i.ev[k].p, "answer");
	}
	assert_int_equal(i.ev[3].type, BEEP_TYPE_NUL);
	assert_int_equal(i.ev[3].len, 0);
	assert_int_equal(wire_check(&l.wire, "NUL"), 1);
	peer_free(&i);
	peer_free(&l);
}

static void
test_big_message(void **state)
{
	struct peer	 i, l;
	uint8_t		*p = pattern(100000);
	struct beep_chan_status st;

	(void)state;
	pair_init(&i, &l, 0, 0);
	pair_open(&i, &l, 1, 0);
	assert_int_equal(beep_session_send_msg(i.s, 1, p, 100000, NULL),
	    BEEP_SESS_OK);
	/* Only the first window left before the peer's SEQ. */
	assert_int_equal(beep_session_channel_status(i.s, 1, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.tx_queued, 100000 - 4096);
	assert_int_equal(st.tx_space, 0);
	pair_run(&i, &l);
	assert_int_equal(l.nev, 1);
	assert_int_equal(l.ev[0].len, 100000);
	assert_memory_equal(l.ev[0].p, p, 100000);
	assert_true(wire_check(&l.wire, "SEQ") >= 100000 / 4096);
	assert_int_equal(beep_session_send_rpy(l.s, 1, 1, p, 50000),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 1);
	assert_memory_equal(i.ev[0].p, p, 50000);
	free(p);
	peer_free(&i);
	peer_free(&l);
}

/* A bigger window: granted by SEQ as soon as the first frame arrives. */
static void
test_big_window(void **state)
{
	struct peer	 i, l;
	uint8_t		*p = pattern(300000);

	(void)state;
	pair_init(&i, &l, 65536, 16384);
	pair_open(&i, &l, 1, BEEP_CHAN_STREAM);
	assert_int_equal(beep_session_send_msg(i.s, 1, p, 300000, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_true(l.nev > 1);
	assert_true(l.ev[l.nev - 1].complete);
	free(p);
	peer_free(&i);
	peer_free(&l);
}

/* ---- checklist: framing ------------------------------------------------- */

static void
test_check_01_keyword(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	expect_fatal(&pe, "FOO 0 1 . 0 0\r\nEND\r\n", BEEP_SESS_ERR_FRAME);
	peer_free(&pe);
}

static void
test_check_04_size_trailer(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	expect_fatal(&pe, "MSG 0 1 . 0 3\r\nabcdEND\r\n",
	    BEEP_SESS_ERR_FRAME);
	peer_free(&pe);
}

static void
test_check_05_channel_not_open(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	expect_fatal(&pe, "MSG 3 1 . 0 0\r\nEND\r\n", BEEP_SESS_ERR_CHANNEL);
	peer_free(&pe);
	/* Closed is as good as never open. */
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(beep_session_channel_open(pe.s, 1, 0), BEEP_SESS_OK);
	assert_int_equal(feed(&pe, "MSG 1 1 . 0 1\r\naEND\r\n"),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_channel_close(pe.s, 1), BEEP_SESS_OK);
	expect_fatal(&pe, "MSG 1 2 . 1 0\r\nEND\r\n", BEEP_SESS_ERR_CHANNEL);
	peer_free(&pe);
}

static void
test_check_06_seqno(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(feed(&pe, "MSG 0 1 . 0 3\r\nabcEND\r\n"),
	    BEEP_SESS_OK);
	/* 3, not 2 or 4; and the MSG, not its size, moves it. */
	expect_fatal(&pe, "MSG 0 2 . 2 0\r\nEND\r\n", BEEP_SESS_ERR_SEQNO);
	peer_free(&pe);
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(feed(&pe, "MSG 0 1 . 0 3\r\nabcEND\r\n"
	    "MSG 0 2 . 3 0\r\nEND\r\nMSG 0 3 . 3 1\r\nxEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "MSG 0 4 . 5 0\r\nEND\r\n", BEEP_SESS_ERR_SEQNO);
	peer_free(&pe);
}

static void
test_check_07_seqno_zero(void **state)
{
	struct peer	 pe;
	char		 line[64];

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	/* The greeting we sent started at 0; so does a new channel. */
	assert_memory_equal(pe.wire.data, "RPY 0 0 . 0 52\r\n", 16);
	assert_int_equal(beep_session_channel_open(pe.s, 2, 0), BEEP_SESS_OK);
	assert_int_equal(beep_session_send_msg(pe.s, 2, "ab", 2, NULL),
	    BEEP_SESS_OK);
	assert_memory_equal(pe.out.data, "MSG 2 1 . 0 2\r\nabEND\r\n", 22);
	assert_int_equal(feed(&pe, "RPY 2 1 . 0 1\r\nxEND\r\n"),
	    BEEP_SESS_OK);
	/* After a reset: channel 0 at 0 both ways, other channels gone. */
	beep_session_reset(pe.s);
	assert_int_equal(beep_session_state(pe.s), BEEP_SESS_ST_GREETING);
	assert_false(beep_session_channel_is_open(pe.s, 2));
	buf_reset(&pe.out);
	buf_reset(&pe.wire);	/* a new session starts on the wire */
	assert_int_equal(beep_session_greet(pe.s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	snprintf(line, sizeof(line), "RPY 0 0 . 0 %zu\r\n", strlen(GREET));
	assert_memory_equal(pe.out.data, line, strlen(line));
	expect_fatal(&pe, "RPY 0 0 . 52 0\r\nEND\r\n", BEEP_SESS_ERR_SEQNO);
	peer_free(&pe);
}

static void
test_check_08_nul(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	expect_fatal(&pe, "NUL 0 1 * 0 0\r\nEND\r\n", BEEP_SESS_ERR_FRAME);
	peer_free(&pe);
}

/* Our MSG 1 on channel 0, sent. */
static void
single_with_msg(struct peer *pe)
{
	uint32_t	 msgno;

	single_init(pe, BEEP_ROLE_INITIATOR);
	assert_int_equal(beep_session_send_msg(pe->s, 0, "m", 1, &msgno),
	    BEEP_SESS_OK);
	assert_int_equal(msgno, 1);
}

static void
test_check_09_nul_after_rpy(void **state)
{
	struct peer	 pe;

	(void)state;
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "RPY 0 1 * 0 3\r\nabcEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "NUL 0 1 . 3 0\r\nEND\r\n", BEEP_SESS_ERR_NUL);
	peer_free(&pe);
	/* After ANS it is the end of the reply. */
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "ANS 0 1 . 0 3 0\r\nabcEND\r\n"
	    "NUL 0 1 . 3 0\r\nEND\r\n"), BEEP_SESS_OK);
	assert_int_equal(pe.nev, 2);
	assert_int_equal(pe.ev[1].type, BEEP_TYPE_NUL);
	peer_free(&pe);
}

static void
test_check_10_keyword_continuation(void **state)
{
	struct peer	 pe;

	(void)state;
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "RPY 0 1 * 0 3\r\nabcEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "ERR 0 1 . 3 0\r\nEND\r\n", BEEP_SESS_ERR_KEYWORD);
	peer_free(&pe);
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "ANS 0 1 . 0 3 0\r\nabcEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "RPY 0 1 . 3 0\r\nEND\r\n", BEEP_SESS_ERR_KEYWORD);
	peer_free(&pe);
	/* A MSG continued by a reply with its number. */
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "MSG 0 1 * 0 3\r\nabcEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "RPY 0 1 . 3 0\r\nEND\r\n", BEEP_SESS_ERR_KEYWORD);
	peer_free(&pe);
}

static void
test_check_11_interleave(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(feed(&pe, "MSG 0 1 * 0 3\r\nabcEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "MSG 0 2 . 3 0\r\nEND\r\n",
	    BEEP_SESS_ERR_INTERLEAVE);
	peer_free(&pe);
	/* ANS of one reply are exempt (and 23: reassembled per ansno). */
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "ANS 0 1 * 0 2 0\r\naaEND\r\n"
	    "ANS 0 1 * 2 2 1\r\nbbEND\r\n" "ANS 0 1 . 4 1 0\r\nAEND\r\n"
	    "ANS 0 1 . 5 1 1\r\nBEND\r\n"), BEEP_SESS_OK);
	assert_int_equal(pe.nev, 2);
	assert_string_equal((char *)pe.ev[0].p, "aaA");
	assert_int_equal(pe.ev[0].ansno, 0);
	assert_string_equal((char *)pe.ev[1].p, "bbB");
	assert_int_equal(pe.ev[1].ansno, 1);
	assert_int_equal(feed(&pe, "NUL 0 1 . 6 0\r\nEND\r\n"),
	    BEEP_SESS_OK);
	peer_free(&pe);
	/* ... but not a MSG between them, nor a NUL. */
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "ANS 0 1 * 0 2 0\r\naaEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "MSG 0 5 . 2 0\r\nEND\r\n",
	    BEEP_SESS_ERR_INTERLEAVE);
	peer_free(&pe);
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "ANS 0 1 * 0 2 0\r\naaEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "NUL 0 1 . 2 0\r\nEND\r\n", BEEP_SESS_ERR_NUL);
	peer_free(&pe);
}

static void
test_check_12_msgno_reuse(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(feed(&pe, "MSG 0 1 . 0 1\r\naEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "MSG 0 1 . 1 1\r\nbEND\r\n",
	    BEEP_SESS_ERR_MSGNO_REUSE);
	peer_free(&pe);
	/* Once our reply is out, the number is free again. */
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(feed(&pe, "MSG 0 1 . 0 1\r\naEND\r\n"),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_rpy(pe.s, 0, 1, "ok", 2),
	    BEEP_SESS_OK);
	assert_int_equal(feed(&pe, "MSG 0 1 . 1 1\r\nbEND\r\n"),
	    BEEP_SESS_OK);
	peer_free(&pe);
}

static void
test_check_13_reply_unknown(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	expect_fatal(&pe, "RPY 0 5 . 0 0\r\nEND\r\n",
	    BEEP_SESS_ERR_MSGNO_UNKNOWN);
	peer_free(&pe);
	/* A second greeting is a reply to nothing. */
	single_init(&pe, BEEP_ROLE_LISTENER);
	expect_fatal(&pe, "RPY 0 0 . 0 0\r\nEND\r\n",
	    BEEP_SESS_ERR_MSGNO_UNKNOWN);
	peer_free(&pe);
	/* Already answered. */
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "RPY 0 1 . 0 1\r\nxEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "RPY 0 1 . 1 1\r\nxEND\r\n",
	    BEEP_SESS_ERR_MSGNO_UNKNOWN);
	peer_free(&pe);
	single_with_msg(&pe);
	assert_int_equal(feed(&pe, "NUL 0 1 . 0 0\r\nEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "ANS 0 1 . 0 1 0\r\nxEND\r\n",
	    BEEP_SESS_ERR_MSGNO_UNKNOWN);
	peer_free(&pe);
}

static void
test_check_14_zero_length(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(beep_session_channel_open(pe.s, 1, 0), BEEP_SESS_OK);
	assert_int_equal(feed(&pe, "MSG 1 0 . 0 0\r\nEND\r\n"),
	    BEEP_SESS_OK);
	assert_int_equal(pe.nev, 1);
	assert_int_equal(pe.ev[0].len, 0);
	assert_true(pe.ev[0].complete);
	peer_free(&pe);
}

static void
test_check_15_reassembly(void **state)
{
	static const char	 s[] = "MSG 1 1 * 0 3\r\nabcEND\r\n"
	    "MSG 1 1 * 3 0\r\nEND\r\n" "MSG 1 1 . 3 2\r\ndeEND\r\n";
	struct peer		 pe, i, l;
	uint8_t			*p = pattern(20000);
	size_t			 k, used;

	(void)state;
	/* Byte by byte. */
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(beep_session_channel_open(pe.s, 1, 0), BEEP_SESS_OK);
	for (k = 0; k < strlen(s); k++) {
		assert_int_equal(beep_session_recv(pe.s, (const uint8_t *)s + k,
		    1, &used), BEEP_SESS_OK);
		assert_int_equal(used, 1);
	}
	assert_int_equal(pe.nev, 1);
	assert_string_equal((char *)pe.ev[0].p, "abcde");
	peer_free(&pe);
	/* Odd frame sizes through a pair. */
	pair_init(&i, &l, 0, 7);
	pair_open(&i, &l, 1, 0);
	assert_int_equal(beep_session_send_msg(i.s, 1, p, 20000, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(l.nev, 1);
	assert_int_equal(l.ev[0].len, 20000);
	assert_memory_equal(l.ev[0].p, p, 20000);
	free(p);
	peer_free(&i);
	peer_free(&l);
}

static void
test_check_16_no_interleave(void **state)
{
	struct peer	 i, l;
	uint8_t		*p = pattern(30000);

	(void)state;
	pair_init(&i, &l, 0, 1000);
	pair_open(&i, &l, 1, 0);
	assert_int_equal(beep_session_send_msg(i.s, 1, p, 30000, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_msg(i.s, 1, p, 12345, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_msg(i.s, 1, "z", 1, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(l.nev, 3);
	assert_int_equal(l.ev[0].len, 30000);
	assert_int_equal(l.ev[1].len, 12345);
	assert_int_equal(l.ev[2].len, 1);
	/* wire_check() in peer_free() asserts no interleaving. */
	assert_true(wire_check(&i.wire, "MSG") > 40);
	free(p);
	peer_free(&i);
	peer_free(&l);
}

static void
test_check_17_window(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	/* Detected at the header: no payload needed. */
	expect_fatal(&pe, "MSG 0 1 . 0 4097\r\n", BEEP_SESS_ERR_WINDOW);
	peer_free(&pe);
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(beep_session_channel_open(pe.s, 1, BEEP_CHAN_MANUAL),
	    BEEP_SESS_OK);
	assert_int_equal(feed(&pe, "MSG 1 1 * 0 4000\r\n"), BEEP_SESS_OK);
	{
		static char	 big[4000 + sizeof("END\r\n")];

		memset(big, 'x', 4000);
		memcpy(big + 4000, "END\r\n", sizeof("END\r\n"));
		assert_int_equal(feed(&pe, big), BEEP_SESS_OK);
	}
	/* Not consumed: no SEQ, the window ends at 4096. */
	assert_int_equal(pe.out.len, 0);
	expect_fatal(&pe, "MSG 1 1 . 4000 97\r\n", BEEP_SESS_ERR_WINDOW);
	peer_free(&pe);
}

/* ---- checklist: messages -------------------------------------------------- */

static void
test_check_21_reply_order(void **state)
{
	struct peer	 i, l;
	unsigned int	 k;

	(void)state;
	pair_init(&i, &l, 0, 0);
	pair_open(&i, &l, 1, 0);
	for (k = 0; k < 3; k++)
		assert_int_equal(beep_session_send_msg(i.s, 1, "q", 1, NULL),
		    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(l.nev, 3);
	assert_int_equal(beep_session_send_rpy(l.s, 1, 3, "three", 5),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 0);		/* waits for 1 and 2 */
	assert_int_equal(beep_session_send_rpy(l.s, 1, 1, "one", 3),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 1);
	assert_int_equal(beep_session_send_err(l.s, 1, 2, "two", 3),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 3);
	for (k = 0; k < 3; k++)
		assert_int_equal(i.ev[k].msgno, k + 1);
	assert_int_equal(i.ev[1].type, BEEP_TYPE_ERR);
	assert_string_equal((char *)i.ev[2].p, "three");
	peer_free(&i);
	peer_free(&l);
}

static void
test_check_22_one_nul(void **state)
{
	struct peer	 i, l;

	(void)state;
	pair_init(&i, &l, 0, 0);
	pair_open(&i, &l, 1, 0);
	assert_int_equal(beep_session_send_msg(i.s, 1, "many", 4, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_msg(i.s, 1, "one", 3, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(beep_session_send_rpy(l.s, 1, 2, "r2", 2),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_ans(l.s, 1, 1, "a0", 2, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 1);
	assert_int_equal(beep_session_send_ans(l.s, 1, 1, "a1", 2, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_nul(l.s, 1, 1), BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 4);
	assert_int_equal(i.ev[2].type, BEEP_TYPE_NUL);
	assert_int_equal(i.ev[3].type, BEEP_TYPE_RPY);
	assert_int_equal(i.ev[3].msgno, 2);
	assert_int_equal(wire_check(&l.wire, "NUL"), 1);
	peer_free(&i);
	peer_free(&l);
}

static void
err_on_first(struct peer *pe, const struct ev *e)
{
	if (e->kind == EV_DELIVER && e->type == BEEP_TYPE_MSG &&
	    !e->complete && pe->hook_arg++ == 0)
		assert_int_equal(beep_session_send_err(pe->s, e->ch, e->msgno,
		    "no", 2), BEEP_SESS_OK);
}

static void
test_check_25_preemptive_err(void **state)
{
	struct peer	 i, l;
	uint8_t		*p = pattern(10000);
	unsigned int	 k;
	struct beep_chan_status st;

	(void)state;
	pair_init(&i, &l, 0, 0);
	pair_open(&i, &l, 1, BEEP_CHAN_STREAM);
	l.hook = err_on_first;
	assert_int_equal(beep_session_send_msg(i.s, 1, p, 10000, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	/* The listener saw the first frame only, then nothing of it. */
	for (k = 0; k < l.nev; k++)
		assert_false(l.ev[k].complete);
	assert_int_equal(l.nev, 1);
	/* The initiator got the ERR and ended the MSG with an empty '.'. */
	assert_int_equal(i.nev, 1);
	assert_int_equal(i.ev[0].type, BEEP_TYPE_ERR);
	assert_non_null(memmem(i.wire.data, i.wire.len,
	    "MSG 1 1 . 4096 0\r\nEND\r\n", 23));
	assert_int_equal(beep_session_channel_status(i.s, 1, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.msgs_unreplied, 0);
	assert_int_equal(st.tx_queued, 0);
	assert_int_equal(beep_session_channel_status(l.s, 1, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.replies_owed, 0);
	/* Both go on. */
	assert_int_equal(beep_session_send_msg(i.s, 1, "x", 1, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(l.nev, 2);
	assert_true(l.ev[1].complete);
	free(p);
	peer_free(&i);
	peer_free(&l);
}

/* ---- checklist: channel 0 ------------------------------------------------- */

static void
test_check_26_greet_at_once(void **state)
{
	struct peer	 i, l;

	(void)state;
	peer_init(&i, BEEP_ROLE_INITIATOR, 0, 0, 0);
	peer_init(&l, BEEP_ROLE_LISTENER, 0, 0, 0);
	assert_int_equal(beep_session_greet(l.s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_greet(i.s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	/* Both written before anything was received. */
	assert_memory_equal(i.out.data, "RPY 0 0 . 0 52\r\n", 16);
	assert_memory_equal(l.out.data, "RPY 0 0 . 0 52\r\n", 16);
	pair_run(&i, &l);
	assert_int_equal(beep_session_state(i.s), BEEP_SESS_ST_OPEN);
	assert_int_equal(beep_session_state(l.s), BEEP_SESS_ST_OPEN);
	peer_free(&i);
	peer_free(&l);
}

static void
test_check_27_refuse(void **state)
{
	static const char	 e421[] = CT "<error code='421' />\r\n";
	struct peer		 i, l;

	(void)state;
	peer_init(&i, BEEP_ROLE_INITIATOR, 0, 0, 0);
	peer_init(&l, BEEP_ROLE_LISTENER, 0, 0, 0);
	assert_int_equal(beep_session_refuse(i.s, e421, strlen(e421)),
	    BEEP_SESS_ERR_STATE);
	assert_int_equal(beep_session_greet(i.s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_refuse(l.s, e421, strlen(e421)),
	    BEEP_SESS_OK);
	assert_memory_equal(l.out.data, "ERR 0 0 . 0 60\r\n", 16);
	assert_int_equal(beep_session_state(l.s), BEEP_SESS_ST_REFUSED);
	assert_int_equal(beep_session_recv(i.s, l.out.data, l.out.len, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_state(i.s), BEEP_SESS_ST_REFUSED);
	assert_int_equal(i.nev, 1);
	assert_int_equal(i.ev[0].kind, EV_GREETING);
	assert_int_equal(i.ev[0].type, BEEP_TYPE_ERR);
	/* The initiator's greeting is ignored. */
	assert_int_equal(beep_session_recv(l.s, i.out.data, i.out.len, NULL),
	    BEEP_SESS_ERR_CLOSED);
	peer_free(&i);
	peer_free(&l);
}

static void
test_check_28_first_frame(void **state)
{
	struct peer	 pe;

	(void)state;
	peer_init(&pe, BEEP_ROLE_LISTENER, 0, 0, 0);
	expect_fatal(&pe, "MSG 0 1 . 0 0\r\nEND\r\n", BEEP_SESS_ERR_GREETING);
	peer_free(&pe);
	/* ERR 0 0 only from the listener. */
	peer_init(&pe, BEEP_ROLE_LISTENER, 0, 0, 0);
	expect_fatal(&pe, "ERR 0 0 . 0 0\r\nEND\r\n", BEEP_SESS_ERR_GREETING);
	peer_free(&pe);
	peer_init(&pe, BEEP_ROLE_INITIATOR, 0, 0, 0);
	expect_fatal(&pe, "RPY 0 1 . 0 0\r\nEND\r\n", BEEP_SESS_ERR_GREETING);
	peer_free(&pe);
	/* A greeting in two frames, then something else. */
	peer_init(&pe, BEEP_ROLE_INITIATOR, 0, 0, 0);
	assert_int_equal(feed(&pe, "RPY 0 0 * 0 2\r\nabEND\r\n"),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_state(pe.s), BEEP_SESS_ST_GREETING);
	assert_int_equal(feed(&pe, "RPY 0 0 . 2 1\r\ncEND\r\n"),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_state(pe.s), BEEP_SESS_ST_OPEN);
	assert_string_equal((char *)pe.ev[0].p, "abc");
	peer_free(&pe);
}

static void
test_check_29_parity(void **state)
{
	struct peer	 i, l;
	uint32_t	 ch;

	(void)state;
	pair_init(&i, &l, 0, 0);
	assert_int_equal(beep_session_channel_next(i.s, &ch), BEEP_SESS_OK);
	assert_int_equal(ch, 1);
	assert_int_equal(beep_session_start_check(l.s, ch), BEEP_START_OK);
	assert_int_equal(beep_session_channel_open(i.s, ch, 0), BEEP_SESS_OK);
	assert_int_equal(beep_session_channel_open(l.s, ch, 0), BEEP_SESS_OK);
	assert_int_equal(beep_session_channel_next(i.s, &ch), BEEP_SESS_OK);
	assert_int_equal(ch, 3);
	assert_int_equal(beep_session_channel_next(l.s, &ch), BEEP_SESS_OK);
	assert_int_equal(ch, 2);
	assert_int_equal(beep_session_start_check(l.s, 0), BEEP_START_ZERO);
	assert_int_equal(beep_session_start_check(l.s, 2), BEEP_START_PARITY);
	assert_int_equal(beep_session_start_check(i.s, 3), BEEP_START_PARITY);
	assert_int_equal(beep_session_start_check(i.s, 4), BEEP_START_OK);
	assert_int_equal(beep_session_start_check(l.s, 1), BEEP_START_IN_USE);
	assert_int_equal(beep_session_channel_open(l.s, 1, 0),
	    BEEP_SESS_ERR_INVAL);
	/* Not fatal. */
	assert_int_equal(beep_session_state(l.s), BEEP_SESS_ST_OPEN);
	peer_free(&i);
	peer_free(&l);
}

static void
test_check_34_35_close_status(void **state)
{
	struct peer		 i, l;
	struct beep_chan_status	 st;

	(void)state;
	pair_init(&i, &l, 0, 0);
	pair_open(&i, &l, 1, 0);
	assert_int_equal(beep_session_send_msg(i.s, 1, "q", 1, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_channel_status(i.s, 1, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.msgs_unacked, 1);
	pair_run(&i, &l);
	assert_int_equal(beep_session_channel_status(l.s, 1, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.replies_owed, 1);
	assert_int_equal(beep_session_send_ans(l.s, 1, 1, "a", 1, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(beep_session_channel_status(i.s, 1, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.msgs_unacked, 0);	/* acknowledged */
	assert_int_equal(st.msgs_unreplied, 1);
	/* After our close: no new MSG, replies still go. */
	assert_int_equal(beep_session_channel_closing(i.s, 1), BEEP_SESS_OK);
	assert_int_equal(beep_session_send_msg(i.s, 1, "q", 1, NULL),
	    BEEP_SESS_ERR_STATE);
	assert_int_equal(beep_session_send_msg(l.s, 1, "p", 1, NULL),
	    BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(beep_session_send_rpy(i.s, 1, 1, "r", 1),
	    BEEP_SESS_OK);
	assert_int_equal(beep_session_send_nul(l.s, 1, 1), BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(beep_session_channel_status(l.s, 1, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.replies_owed, 0);
	assert_int_equal(st.msgs_unreplied, 0);
	assert_int_equal(beep_session_channel_status(i.s, 1, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.msgs_unreplied, 0);
	assert_int_equal(st.replies_owed, 0);
	peer_free(&i);
	peer_free(&l);
}

static void
test_check_40_many_channels(void **state)
{
	struct peer	 i, l;
	uint32_t	 ch, k;

	(void)state;
	pair_init(&i, &l, 0, 0);
	for (k = 0; k < 257; k++) {
		assert_int_equal(beep_session_channel_next(i.s, &ch),
		    BEEP_SESS_OK);
		pair_open(&i, &l, ch, 0);
		assert_int_equal(beep_session_send_msg(i.s, ch, "q", 1,
		    NULL), BEEP_SESS_OK);
	}
	pair_run(&i, &l);
	assert_int_equal(l.nev, 257);
	for (k = 0; k < 257; k++)
		assert_int_equal(beep_session_send_rpy(l.s, l.ev[k].ch, 1,
		    "r", 1), BEEP_SESS_OK);
	pair_run(&i, &l);
	assert_int_equal(i.nev, 257);
	peer_free(&i);
	peer_free(&l);
}

/* ---- checklist: flow control ---------------------------------------------- */

static void
test_check_41_43_initial_window(void **state)
{
	struct peer		 pe;
	struct beep_chan_status	 st;
	uint8_t			*p = pattern(5000);

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(beep_session_channel_open(pe.s, 2, 0), BEEP_SESS_OK);
	assert_int_equal(beep_session_send_msg(pe.s, 2, p, 5000, NULL),
	    BEEP_SESS_OK);
	/* 42, 43: a '*' frame that fills the window, the rest waits. */
	assert_memory_equal(pe.out.data, "MSG 2 1 * 0 4096\r\n", 18);
	assert_int_equal(pe.out.len, 18 + 4096 + 5);
	assert_int_equal(beep_session_channel_status(pe.s, 2, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.tx_queued, 5000 - 4096);
	assert_int_equal(st.tx_space, 0);
	buf_reset(&pe.out);
	assert_int_equal(feed(&pe, "SEQ 2 4096 100\r\n"), BEEP_SESS_OK);
	assert_memory_equal(pe.out.data, "MSG 2 1 * 4096 100\r\n", 20);
	buf_reset(&pe.out);
	assert_int_equal(feed(&pe, "SEQ 2 4196 4096\r\n"), BEEP_SESS_OK);
	assert_memory_equal(pe.out.data, "MSG 2 1 . 4196 804\r\n", 20);
	/* 41: channel 0 too, and again after a reset. */
	assert_int_equal(beep_session_channel_status(pe.s, 0, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.tx_space, 4096 - 52);
	beep_session_reset(pe.s);
	assert_int_equal(beep_session_channel_status(pe.s, 0, &st),
	    BEEP_SESS_OK);
	assert_int_equal(st.tx_space, 4096);
	expect_fatal(&pe, "RPY 0 0 . 0 4097\r\n", BEEP_SESS_ERR_WINDOW);
	free(p);
	peer_free(&pe);
}

static void
msg_of(struct buf *b, uint32_t ch, uint32_t msgno, uint32_t seqno,
    uint32_t size)
{
	struct beep_frame_hdr	 h;
	uint8_t			*p = pattern(size);

	memset(&h, 0, sizeof(h));
	h.type = BEEP_TYPE_MSG;
	h.channel = ch;
	h.msgno = msgno;
	h.seqno = seqno;
	h.size = size;
	buf_reset(b);
	assert_int_equal(beep_frame_put(b, &h, p), BEEP_FRAME_OK);
	free(p);
}

static void
test_check_44_45_seq(void **state)
{
	struct peer	 pe;
	struct buf	 b = BUF_INIT;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(beep_session_channel_open(pe.s, 1, 0), BEEP_SESS_OK);
	msg_of(&b, 1, 1, 0, 2047);
	assert_int_equal(beep_session_recv(pe.s, b.data, b.len, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(pe.out.len, 0);	/* less than half */
	msg_of(&b, 1, 2, 2047, 1);
	assert_int_equal(beep_session_recv(pe.s, b.data, b.len, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(pe.out.len, strlen("SEQ 1 2048 4096\r\n"));
	assert_memory_equal(pe.out.data, "SEQ 1 2048 4096\r\n", pe.out.len);
	buf_reset(&pe.out);
	/* Manual: the window reopens as the application consumes. */
	assert_int_equal(beep_session_channel_open(pe.s, 3, BEEP_CHAN_MANUAL),
	    BEEP_SESS_OK);
	msg_of(&b, 3, 1, 0, 4096);
	assert_int_equal(beep_session_recv(pe.s, b.data, b.len, NULL),
	    BEEP_SESS_OK);
	assert_int_equal(pe.out.len, 0);
	assert_int_equal(beep_session_consume(pe.s, 3, 1000), BEEP_SESS_OK);
	assert_int_equal(pe.out.len, 0);
	assert_int_equal(beep_session_consume(pe.s, 3, 1048), BEEP_SESS_OK);
	/* 45: the right edge moved from 4096 to 6144, never back. */
	assert_memory_equal(pe.out.data, "SEQ 3 4096 2048\r\n", pe.out.len);
	buf_reset(&pe.out);
	assert_int_equal(beep_session_consume(pe.s, 3, 100), BEEP_SESS_OK);
	assert_int_equal(pe.out.len, 0);
	/* A bigger buffer is advertised at once. */
	assert_int_equal(beep_session_channel_window(pe.s, 3, 16384),
	    BEEP_SESS_OK);
	assert_memory_equal(pe.out.data, "SEQ 3 4096 14436\r\n", pe.out.len);
	buf_reset(&pe.out);
	assert_int_equal(beep_session_channel_window(pe.s, 3, 4096),
	    BEEP_SESS_OK);
	assert_int_equal(pe.out.len, 0);
	buf_free(&b);
	peer_free(&pe);
}

static void
test_check_46_bad_seq(void **state)
{
	struct peer	 pe;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	expect_fatal(&pe, "SEQ 7 0 4096\r\n", BEEP_SESS_ERR_SEQ);
	peer_free(&pe);
	/* We sent 52 octets on channel 0: 53 is beyond. */
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(feed(&pe, "SEQ 0 52 4096\r\n"), BEEP_SESS_OK);
	expect_fatal(&pe, "SEQ 0 53 4096\r\n", BEEP_SESS_ERR_SEQ);
	peer_free(&pe);
	single_init(&pe, BEEP_ROLE_LISTENER);
	expect_fatal(&pe, "SEQ 0 x 4096\r\n", BEEP_SESS_ERR_FRAME);
	peer_free(&pe);
	/* A just-closed channel: ignored. */
	single_init(&pe, BEEP_ROLE_LISTENER);
	assert_int_equal(beep_session_channel_open(pe.s, 1, 0), BEEP_SESS_OK);
	assert_int_equal(beep_session_channel_close(pe.s, 1), BEEP_SESS_OK);
	assert_int_equal(feed(&pe, "SEQ 1 0 4096\r\n"), BEEP_SESS_OK);
	assert_int_equal(beep_session_state(pe.s), BEEP_SESS_ST_OPEN);
	peer_free(&pe);
}

/* ---- checklist: tuning ---------------------------------------------------- */

static void
stop_on_msg(struct peer *pe, const struct ev *e)
{
	if (e->kind == EV_CH0 && e->type == BEEP_TYPE_MSG) {
		assert_int_equal(beep_session_send_rpy(pe->s, 0, e->msgno,
		    "<proceed />", 11), BEEP_SESS_OK);
		beep_session_stop(pe->s);
	}
}

static void
test_check_49_reset(void **state)
{
	struct peer	 pe;
	struct buf	 b = BUF_INIT;
	size_t		 used, flen;

	(void)state;
	single_init(&pe, BEEP_ROLE_LISTENER);
	pe.hook = stop_on_msg;
	/* 3000 octets would earn a SEQ; then "TLS" bytes. */
	msg_of(&b, 0, 1, 0, 3000);
	flen = b.len;
	assert_true(buf_put_str(&b, "\x16\x03\x01 TLS"));
	assert_int_equal(beep_session_recv(pe.s, b.data, b.len, &used),
	    BEEP_SESS_OK);
	assert_int_equal(used, flen);
	/* The proceed went out, nothing after it, not even a SEQ. */
	assert_int_equal(wire_count(&pe.out, "SEQ"), 0);
	assert_int_equal(wire_count(&pe.out, "RPY"), 1);
	assert_int_equal(beep_session_recv(pe.s, b.data + used, b.len - used,
	    NULL), BEEP_SESS_ERR_STATE);
	assert_int_equal(beep_session_send_msg(pe.s, 0, "x", 1, NULL),
	    BEEP_SESS_ERR_STATE);
	buf_reset(&pe.out);
	beep_session_reset(pe.s);
	assert_false(beep_session_stopped(pe.s));
	pe.hook = NULL;
	assert_int_equal(beep_session_greet(pe.s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	assert_memory_equal(pe.out.data, "RPY 0 0 . 0 52\r\n", 16);
	assert_int_equal(feed(&pe, "RPY 0 0 . 0 0\r\nEND\r\n"), BEEP_SESS_OK);
	assert_int_equal(beep_session_state(pe.s), BEEP_SESS_ST_OPEN);
	buf_free(&b);
	/* wire_check() at free would see two sessions: clear it. */
	buf_reset(&pe.wire);
	peer_free(&pe);
}

static void
test_msg_max(void **state)
{
	struct peer	 pe;

	(void)state;
	peer_init(&pe, BEEP_ROLE_LISTENER, 0, 0, 10);
	assert_int_equal(beep_session_greet(pe.s, GREET, strlen(GREET)),
	    BEEP_SESS_OK);
	assert_int_equal(feed(&pe, "RPY 0 0 . 0 0\r\nEND\r\n"), BEEP_SESS_OK);
	assert_int_equal(beep_session_channel_open(pe.s, 1, 0), BEEP_SESS_OK);
	assert_int_equal(feed(&pe, "MSG 1 1 * 0 6\r\nabcdefEND\r\n"),
	    BEEP_SESS_OK);
	expect_fatal(&pe, "MSG 1 1 . 6 5\r\n", BEEP_SESS_ERR_MSG_SIZE);
	peer_free(&pe);
}

static void
test_release_abort(void **state)
{
	struct peer	 i, l;

	(void)state;
	pair_init(&i, &l, 0, 0);
	beep_session_release(i.s);
	assert_int_equal(beep_session_state(i.s), BEEP_SESS_ST_RELEASED);
	assert_int_equal(feed(&i, "SEQ 0 0 4096\r\n"), BEEP_SESS_ERR_CLOSED);
	beep_session_abort(l.s, "malformed channel-0 reply");
	assert_int_equal(beep_session_err(l.s), BEEP_SESS_ERR_ABORT);
	assert_string_equal(beep_session_errmsg(l.s),
	    "malformed channel-0 reply");
	peer_free(&i);
	peer_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_greeting),
		cmocka_unit_test(test_msg_rpy),
		cmocka_unit_test(test_ans_nul),
		cmocka_unit_test(test_big_message),
		cmocka_unit_test(test_big_window),
		cmocka_unit_test(test_msg_max),
		cmocka_unit_test(test_release_abort),
		cmocka_unit_test(test_check_01_keyword),
		cmocka_unit_test(test_check_04_size_trailer),
		cmocka_unit_test(test_check_05_channel_not_open),
		cmocka_unit_test(test_check_06_seqno),
		cmocka_unit_test(test_check_07_seqno_zero),
		cmocka_unit_test(test_check_08_nul),
		cmocka_unit_test(test_check_09_nul_after_rpy),
		cmocka_unit_test(test_check_10_keyword_continuation),
		cmocka_unit_test(test_check_11_interleave),
		cmocka_unit_test(test_check_12_msgno_reuse),
		cmocka_unit_test(test_check_13_reply_unknown),
		cmocka_unit_test(test_check_14_zero_length),
		cmocka_unit_test(test_check_15_reassembly),
		cmocka_unit_test(test_check_16_no_interleave),
		cmocka_unit_test(test_check_17_window),
		cmocka_unit_test(test_check_21_reply_order),
		cmocka_unit_test(test_check_22_one_nul),
		cmocka_unit_test(test_check_25_preemptive_err),
		cmocka_unit_test(test_check_26_greet_at_once),
		cmocka_unit_test(test_check_27_refuse),
		cmocka_unit_test(test_check_28_first_frame),
		cmocka_unit_test(test_check_29_parity),
		cmocka_unit_test(test_check_34_35_close_status),
		cmocka_unit_test(test_check_40_many_channels),
		cmocka_unit_test(test_check_41_43_initial_window),
		cmocka_unit_test(test_check_44_45_seq),
		cmocka_unit_test(test_check_46_bad_seq),
		cmocka_unit_test(test_check_49_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: the Telnet layer of a VTY session: two table-driven state machines.
 *
 * The input parser (RFC 854 "The Telnet Protocol", RFC 855 for SB ... SE)
 * classifies each byte and looks up {parser states, byte class, action,
 * next state}. Its state lives in struct telnet, so input may be cut at any
 * byte. Data goes out with IAC IAC folded to 0xFF and CR LF / CR NUL folded
 * to CR; IP, EC and EL become the control keys the line editor knows.
 *
 * Option negotiation follows RFC 1143 (the Q method) without the queue bit:
 * each side of each option is NO, YES, WANTNO or WANTYES, and a received
 * WILL/WONT (client's side) or DO/DONT (our side) is an event on that
 * side. Because a request we sent is remembered as WANTYES/WANTNO, the
 * client's answer is taken as an acknowledgment and never answered, so
 * two correct implementations cannot loop. We agree to ECHO and SGA on our
 * side and to NAWS and SGA on the client's; everything else is refused.
 */
#include <stddef.h>
#include <string.h>

#include "telnet.h"

/* Input parser states. */
enum tn_state {
	TN_DATA,
	TN_IAC,		/* after IAC */
	TN_WILL,	/* after IAC WILL, waiting for the option */
	TN_WONT,
	TN_DO,
	TN_DONT,
	TN_SB,		/* after IAC SB, waiting for the option */
	TN_SB_DATA,	/* inside IAC SB opt ... */
	TN_SB_IAC,	/* IAC inside a subnegotiation */
	TN_STATE_MAX
};

/* Byte classes the parser tells apart. */
enum tn_class {
	TC_DATA,	/* any other byte */
	TC_CR,
	TC_LF_NUL,	/* what may follow CR (RFC 854, "NVT") */
	TC_IAC,
	TC_WILL,
	TC_WONT,
	TC_DO,
	TC_DONT,
	TC_SB,
	TC_SE,
	TC_CMD,		/* NOP, DM, BRK, IP, AO, AYT, EC, EL, GA */
};

#define TS(x)		(1U << (x))
#define TC(x)		(1U << (x))
#define TC_ANY		0xffffU

struct tn_io {
	struct buf	*data;
	struct buf	*reply;
	bool		 resized;
};

typedef void	(*tn_action)(struct telnet *, uint8_t, struct tn_io *);

static void	tn_data(struct telnet *, uint8_t, struct tn_io *);
static void	tn_data_cr(struct telnet *, uint8_t, struct tn_io *);
static void	tn_data_after_cr(struct telnet *, uint8_t, struct tn_io *);
static void	tn_command(struct telnet *, uint8_t, struct tn_io *);
static void	tn_bad(struct telnet *, uint8_t, struct tn_io *);
static void	tn_rcv_will(struct telnet *, uint8_t, struct tn_io *);
static void	tn_rcv_wont(struct telnet *, uint8_t, struct tn_io *);
static void	tn_rcv_do(struct telnet *, uint8_t, struct tn_io *);
static void	tn_rcv_dont(struct telnet *, uint8_t, struct tn_io *);
static void	tn_sb_begin(struct telnet *, uint8_t, struct tn_io *);
static void	tn_sb_put(struct telnet *, uint8_t, struct tn_io *);
static void	tn_sb_end(struct telnet *, uint8_t, struct tn_io *);
static void	tn_sb_abort(struct telnet *, uint8_t, struct tn_io *);

/*
 * RFC 854 ("Telnet command structure", "The NVT") and RFC 855 (SB ... SE).
 * The first matching row wins. A row with redo runs the same byte again in
 * the next state: an IAC inside SB followed by anything but IAC or SE ends
 * the broken subnegotiation and is read as an ordinary command, the way
 * BSD telnetd recovers.
 */
#define ROW(s, c, a, n)		{ (s), (c), (a), (n), false }
#define REDO(s, c, a, n)	{ (s), (c), (a), (n), true }
static const struct tn_row {
	uint16_t	 states;
	uint16_t	 classes;
	tn_action	 action;
	uint8_t		 next;
	bool		 redo;
} tn_table[] = {
	ROW(TS(TN_DATA), TC(TC_IAC), NULL, TN_IAC),
	ROW(TS(TN_DATA), TC(TC_CR), tn_data_cr, TN_DATA),
	ROW(TS(TN_DATA), TC(TC_LF_NUL), tn_data_after_cr, TN_DATA),
	ROW(TS(TN_DATA), TC_ANY, tn_data, TN_DATA),
	ROW(TS(TN_IAC), TC(TC_IAC), tn_data, TN_DATA),
	ROW(TS(TN_IAC), TC(TC_WILL), NULL, TN_WILL),
	ROW(TS(TN_IAC), TC(TC_WONT), NULL, TN_WONT),
	ROW(TS(TN_IAC), TC(TC_DO), NULL, TN_DO),
	ROW(TS(TN_IAC), TC(TC_DONT), NULL, TN_DONT),
	ROW(TS(TN_IAC), TC(TC_SB), NULL, TN_SB),
	ROW(TS(TN_IAC), TC(TC_CMD) | TC(TC_SE), tn_command, TN_DATA),
	ROW(TS(TN_IAC), TC_ANY, tn_bad, TN_DATA),
	ROW(TS(TN_WILL), TC_ANY, tn_rcv_will, TN_DATA),
	ROW(TS(TN_WONT), TC_ANY, tn_rcv_wont, TN_DATA),
	ROW(TS(TN_DO), TC_ANY, tn_rcv_do, TN_DATA),
	ROW(TS(TN_DONT), TC_ANY, tn_rcv_dont, TN_DATA),
	ROW(TS(TN_SB), TC_ANY, tn_sb_begin, TN_SB_DATA),
	ROW(TS(TN_SB_DATA), TC(TC_IAC), NULL, TN_SB_IAC),
	ROW(TS(TN_SB_DATA), TC_ANY, tn_sb_put, TN_SB_DATA),
	ROW(TS(TN_SB_IAC), TC(TC_IAC), tn_sb_put, TN_SB_DATA),
	ROW(TS(TN_SB_IAC), TC(TC_SE), tn_sb_end, TN_DATA),
	REDO(TS(TN_SB_IAC), TC_ANY, tn_sb_abort, TN_IAC),
};

/* RFC 1143 option states as bit flags, and the events on one side. */
#define QS(x)		(1U << (x))

enum tn_qevent {
	QE_ON_OK,	/* WILL/DO for an option we accept */
	QE_ON_REFUSE,	/* WILL/DO for an option we refuse */
	QE_OFF,		/* WONT/DONT */
};
#define QE(x)		(1U << (x))

enum tn_qaction {
	QA_NONE,
	QA_AGREE,	/* send DO (client's side) or WILL (ours) */
	QA_REFUSE,	/* send DONT or WONT */
};

/*
 * RFC 1143 section 7, "The Q Method of Implementing TELNET Option
 * Negotiation", with the queue bit always EMPTY. The same rows serve the
 * client's side (him: WILL/WONT in, DO/DONT out) and ours (us: DO/DONT in,
 * WILL/WONT out). No row answers a WANTNO/WANTYES state: those events are
 * the answers to our own requests.
 */
static const struct tn_qrow {
	uint8_t		 states;
	uint8_t		 events;
	uint8_t		 action;
	uint8_t		 next;
} tn_qtable[] = {
	{ QS(TELNET_Q_NO),	QE(QE_ON_OK),	QA_AGREE, TELNET_Q_YES },
	{ QS(TELNET_Q_NO),	QE(QE_ON_REFUSE), QA_REFUSE, TELNET_Q_NO },
	{ QS(TELNET_Q_YES),	QE(QE_ON_OK) | QE(QE_ON_REFUSE),
						  QA_NONE,   TELNET_Q_YES },
	/*
	 * "DONT answered by WILL": RFC 1143 calls it an error, but our
	 * unsolicited DONT LINEMODE crosses a client's own WILL LINEMODE
	 * in normal operation, so it is not counted against the client.
	 */
	{ QS(TELNET_Q_WANTNO),	QE(QE_ON_OK) | QE(QE_ON_REFUSE),
						  QA_NONE,   TELNET_Q_NO },
	{ QS(TELNET_Q_WANTYES), QE(QE_ON_OK) | QE(QE_ON_REFUSE),
						  QA_NONE,   TELNET_Q_YES },
	{ QS(TELNET_Q_YES),	QE(QE_OFF),	QA_REFUSE, TELNET_Q_NO },
	{ QS(TELNET_Q_NO) | QS(TELNET_Q_WANTNO) | QS(TELNET_Q_WANTYES),
				QE(QE_OFF),	  QA_NONE,   TELNET_Q_NO },
};

enum tn_side { TN_HIM, TN_US };

static void
tn_send(struct buf *reply, uint8_t verb, uint8_t opt)
{
	uint8_t	 b[3] = { TELNET_IAC, verb, opt };

	buf_put_bytes(reply, b, sizeof(b));
}

/* The options we agree to when the client asks. */
static bool
tn_accept(enum tn_side side, uint8_t opt)
{
	if (side == TN_US)
		return opt == TELNET_OPT_ECHO || opt == TELNET_OPT_SGA;
	return opt == TELNET_OPT_NAWS || opt == TELNET_OPT_SGA;
}

/* Every negotiation transition goes through here. */
static void
tn_negotiate(struct telnet *t, enum tn_side side, uint8_t opt, bool on,
    struct buf *reply)
{
	uint8_t			*q;
	enum tn_qevent		 ev;
	const struct tn_qrow	*row;
	size_t			 i;

	q = side == TN_US ? &t->us[opt] : &t->him[opt];
	if (!on)
		ev = QE_OFF;
	else
		ev = tn_accept(side, opt) ? QE_ON_OK : QE_ON_REFUSE;
	for (i = 0; i < sizeof(tn_qtable) / sizeof(tn_qtable[0]); i++) {
		row = &tn_qtable[i];
		if ((row->states & QS(*q)) && (row->events & QE(ev)))
			break;
	}
	if (i == sizeof(tn_qtable) / sizeof(tn_qtable[0])) {
		/* cannot happen: the table covers every pair */
		t->proto_errors++;
		return;
	}
	switch (row->action) {
	case QA_AGREE:
		tn_send(reply, side == TN_US ? TELNET_WILL : TELNET_DO, opt);
		break;
	case QA_REFUSE:
		tn_send(reply, side == TN_US ? TELNET_WONT : TELNET_DONT, opt);
		break;
	default:
		break;
	}
	*q = row->next;
}

static void
tn_put_data(struct telnet *t, uint8_t c, struct tn_io *io)
{
	t->after_cr = false;
	buf_put_u8(io->data, c);
}

static void
tn_data(struct telnet *t, uint8_t c, struct tn_io *io)
{
	tn_put_data(t, c, io);
}

static void
tn_data_cr(struct telnet *t, uint8_t c, struct tn_io *io)
{
	tn_put_data(t, c, io);
	t->after_cr = true;
}

/* RFC 854: CR LF and CR NUL are one end of line; a lone LF is data. */
static void
tn_data_after_cr(struct telnet *t, uint8_t c, struct tn_io *io)
{
	if (t->after_cr)
		t->after_cr = false;
	else
		tn_put_data(t, c, io);
}

/*
 * RFC 854 "Telnet control functions". The line editor already has keys for
 * what IP, EC and EL mean; AYT gets a visible answer. The others concern
 * half-duplex or urgent-data handling a character-at-a-time VTY has no use
 * for.
 */
static void
tn_command(struct telnet *t, uint8_t c, struct tn_io *io)
{
	switch (c) {
	case TELNET_IP:
		tn_put_data(t, 0x03, io);
		break;
	case TELNET_EC:
		tn_put_data(t, 0x08, io);
		break;
	case TELNET_EL:
		tn_put_data(t, 0x15, io);
		break;
	case TELNET_AYT:
		buf_put_str(io->reply, "\r\n[Yes]\r\n");
		break;
	default:	/* NOP, DM, BRK, AO, GA, SE outside SB */
		break;
	}
}

/* IAC followed by a byte below 240 is not a command: drop both. */
static void
tn_bad(struct telnet *t, uint8_t c, struct tn_io *io)
{
	t->proto_errors++;
}

static void
tn_rcv_will(struct telnet *t, uint8_t opt, struct tn_io *io)
{
	tn_negotiate(t, TN_HIM, opt, true, io->reply);
}

static void
tn_rcv_wont(struct telnet *t, uint8_t opt, struct tn_io *io)
{
	tn_negotiate(t, TN_HIM, opt, false, io->reply);
}

static void
tn_rcv_do(struct telnet *t, uint8_t opt, struct tn_io *io)
{
	tn_negotiate(t, TN_US, opt, true, io->reply);
}

static void
tn_rcv_dont(struct telnet *t, uint8_t opt, struct tn_io *io)
{
	tn_negotiate(t, TN_US, opt, false, io->reply);
}

static void
tn_sb_begin(struct telnet *t, uint8_t opt, struct tn_io *io)
{
	t->sb_opt = opt;
	t->sb_len = 0;
	t->sb_overflow = false;
}

static void
tn_sb_put(struct telnet *t, uint8_t c, struct tn_io *io)
{
	if (t->sb_len < TELNET_SB_MAX)
		t->sb_buf[t->sb_len++] = c;
	else
		t->sb_overflow = true;
}

/* RFC 1073: IAC SB NAWS w_hi w_lo h_hi h_lo IAC SE, 0xFF doubled. */
static void
tn_sb_end(struct telnet *t, uint8_t c, struct tn_io *io)
{
	struct buf_reader	 r;
	uint16_t		 w, h;

	if (t->sb_overflow) {
		t->sb_overflows++;
		return;
	}
	if (t->sb_opt != TELNET_OPT_NAWS)
		return;
	buf_reader_init(&r, t->sb_buf, t->sb_len);
	if (t->sb_len != 4 || !buf_get_u16(&r, &w) || !buf_get_u16(&r, &h)) {
		t->naws_errors++;
		return;
	}
	if (w != t->width || h != t->height)
		io->resized = true;
	t->width = w;
	t->height = h;
}

static void
tn_sb_abort(struct telnet *t, uint8_t c, struct tn_io *io)
{
	t->proto_errors++;
	t->sb_len = 0;
	t->sb_overflow = false;
}

static enum tn_class
tn_classify(uint8_t c)
{
	switch (c) {
	case TELNET_IAC:
		return TC_IAC;
	case TELNET_WILL:
		return TC_WILL;
	case TELNET_WONT:
		return TC_WONT;
	case TELNET_DO:
		return TC_DO;
	case TELNET_DONT:
		return TC_DONT;
	case TELNET_SB:
		return TC_SB;
	case TELNET_SE:
		return TC_SE;
	case '\r':
		return TC_CR;
	case '\n':
	case '\0':
		return TC_LF_NUL;
	default:
		return c > TELNET_SE ? TC_CMD : TC_DATA;
	}
}

void
telnet_init(struct telnet *t)
{
	memset(t, 0, sizeof(*t));
	t->state = TN_DATA;
}

/*
 * FRRouting's opening (lib/vty.c vty_create): WILL ECHO, WILL SGA,
 * DONT LINEMODE, DO NAWS. Each is remembered as a request in flight, so the
 * client's answers complete it silently. DONT LINEMODE is sent although
 * LINEMODE is off, as FRRouting does; a client that answers WONT simply
 * settles it.
 */
void
telnet_start(struct telnet *t, struct buf *out)
{
	tn_send(out, TELNET_WILL, TELNET_OPT_ECHO);
	t->us[TELNET_OPT_ECHO] = TELNET_Q_WANTYES;
	tn_send(out, TELNET_WILL, TELNET_OPT_SGA);
	t->us[TELNET_OPT_SGA] = TELNET_Q_WANTYES;
	tn_send(out, TELNET_DONT, TELNET_OPT_LINEMODE);
	t->him[TELNET_OPT_LINEMODE] = TELNET_Q_WANTNO;
	tn_send(out, TELNET_DO, TELNET_OPT_NAWS);
	t->him[TELNET_OPT_NAWS] = TELNET_Q_WANTYES;
}

bool
telnet_input(struct telnet *t, const uint8_t *p, size_t len, struct buf *data,
    struct buf *reply)
{
	struct tn_io		 io = { data, reply, false };
	const struct tn_row	*row;
	uint16_t		 cls;
	size_t			 i, j;

	if (t->state >= TN_STATE_MAX)
		t->state = TN_DATA;
	for (i = 0; i < len; i++) {
		cls = TC(tn_classify(p[i]));
again:
		for (j = 0; j < sizeof(tn_table) / sizeof(tn_table[0]); j++) {
			row = &tn_table[j];
			if ((row->states & TS(t->state)) &&
			    (row->classes & cls))
				break;
		}
		/* Every state ends with a TC_ANY row, so a row matched. */
		if (row->action != NULL)
			row->action(t, p[i], &io);
		t->state = row->next;
		if (row->redo)
			goto again;
	}
	return io.resized;
}

void
telnet_output(struct buf *out, const void *v, size_t len)
{
	const uint8_t	*p = v;
	size_t		 i, run = 0;
	bool		 cr;

	if (len == 0)
		return;		/* p may be NULL */
	for (i = 0; i < len; i++) {
		if (p[i] != '\n' && p[i] != TELNET_IAC)
			continue;
		buf_put_bytes(out, p + run, i - run);
		run = i + 1;
		if (p[i] == TELNET_IAC) {
			buf_put_u16(out, 0xffff);
			continue;
		}
		if (i > 0)
			cr = p[i - 1] == '\r';
		else
			cr = out->len > 0 && out->data[out->len - 1] == '\r';
		buf_put_str(out, cr ? "\n" : "\r\n");
	}
	buf_put_bytes(out, p + run, len - run);
}

/*
 * DOC: session: the BEEP session core (see session.h for the contract).
 *
 * Data flow in. beep_session_recv() runs the frame decoder over the
 * input. At a data frame's HEADER, before any payload is buffered,
 * rx_header() checks everything that needs session state: the channel
 * is open, the seqno is the expected one, the frame fits the window we
 * advertised, and the per-message rules of RFC 3080 2.2.1.1 (digest 2.3
 * items 4-8) against the channel's receive lock (the message a '*' frame
 * left open) and its two message lists. At the FRAME, rx_data() applies
 * the frame (counters, lists, reassembly) and hands the message to the
 * application; then rx_seq_maybe() advertises more window when enough
 * was consumed. SEQ frames go to rx_seq(), which moves the send window
 * and lets queued frames out.
 *
 * Per channel and direction:
 *   rxq   MSGs from the peer, in arrival order, until our whole reply is
 *         sent; the application's reply parts wait on their rxmsg until
 *         every earlier MSG is fully answered (RFC 3080 2.6.1).
 *   outq  our MSGs until their whole reply is in (msgno allocation,
 *         which replies are legal).
 *   txq   messages ready to send, one at a time (no interleaving on a
 *         channel, checklist 16), cut into frames that fit the peer's
 *         window and frame_max.
 *
 * Counters are 64 bits wide and never wrap; the 32-bit seqno and ackno on
 * the wire are their low halves (RFC 3080 2.2.1.2: mod 2^32).
 */
#include <sys/queue.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "frame.h"
#include "log.h"
#include "session.h"

#define CLOSED_RING	16	/* just-closed channels whose SEQ we ignore */

struct outmsg;

/* A message to send: a MSG, a reply or one answer of a reply. */
struct txmsg {
	TAILQ_ENTRY(txmsg)	 entry;
	enum beep_type		 type;
	uint32_t		 msgno;
	uint32_t		 ansno;
	uint8_t			*p;
	size_t			 len;
	size_t			 off;		/* octets already framed */
	bool			 ends_reply;	/* RPY, ERR, NUL */
	struct outmsg		*out;		/* MSG */
};
TAILQ_HEAD(txmsg_q, txmsg);

/* A MSG from the peer, until our whole reply has been sent. */
struct rxmsg {
	TAILQ_ENTRY(rxmsg)	 entry;
	uint32_t		 msgno;
	uint32_t		 next_ansno;
	bool			 complete;	/* its last frame is in */
	bool			 discard;	/* pre-emptive ERR: drop the rest */
	bool			 ans;		/* answered one-to-many */
	bool			 final;		/* the reply's end is queued */
	bool			 sent;		/* ... and sent */
	struct txmsg_q		 parts;		/* reply parts not yet in txq */
};

/* One of our MSGs, until its whole reply is in. */
struct outmsg {
	TAILQ_ENTRY(outmsg)	 entry;
	uint32_t		 msgno;
	struct txmsg		*tx;		/* still being sent */
	bool			 sent_any;	/* a frame of it left */
	bool			 acked;		/* a frame of the reply came */
	bool			 ans;		/* the reply is one-to-many */
	bool			 reply_done;
};

/* An ANS message being received. */
struct rxans {
	TAILQ_ENTRY(rxans)	 entry;
	uint32_t		 ansno;
	struct buf		 buf;
};

struct chan {
	TAILQ_ENTRY(chan)	 entry;
	uint32_t		 num;
	unsigned int		 flags;
	bool			 closing;
	/* receiving */
	uint64_t		 rx_got;	/* octets received */
	uint64_t		 rx_used;	/* ... consumed by the application */
	uint64_t		 rx_edge;	/* ackno + window we advertised */
	uint32_t		 rx_window;	/* the buffer we reserve */
	bool			 rx_lock;	/* a message is open ('*') */
	enum beep_type		 lock_type;
	uint32_t		 lock_msgno;
	struct buf		 rx_buf;	/* the open MSG, RPY or ERR */
	TAILQ_HEAD(, rxans)	 rx_ans;	/* the open ANS messages */
	TAILQ_HEAD(, rxmsg)	 rxq;
	/* sending */
	uint64_t		 tx_sent;
	uint64_t		 tx_acked;	/* the peer's latest ackno */
	uint64_t		 tx_edge;	/* ... plus its window */
	size_t			 tx_queued;
	uint32_t		 next_msgno;
	struct txmsg_q		 txq;
	TAILQ_HEAD(, outmsg)	 outq;
};

struct beep_session {
	struct beep_session_cfg	 cfg;
	enum beep_sess_state	 state;
	enum beep_sess_err	 err;
	char			 errmsg[160];
	bool			 greeted;	/* our greeting is queued */
	bool			 stopped;
	unsigned int		 gen;		/* bumped by every reset */
	uint32_t		 next_chan;
	struct beep_frame_dec	 dec;
	struct buf		 obuf;
	TAILQ_HEAD(, chan)	 chans;
	uint32_t		 closed[CLOSED_RING];
	unsigned int		 nclosed;
};

static const char *const beep_sess_err_strs[BEEP_SESS_ERR_MAX] = {
	[BEEP_SESS_OK] = "ok",
	[BEEP_SESS_ERR_FRAME] = "poorly formed frame",
	[BEEP_SESS_ERR_GREETING] = "first frame is not a greeting",
	[BEEP_SESS_ERR_CHANNEL] = "channel not open",
	[BEEP_SESS_ERR_SEQNO] = "unexpected seqno",
	[BEEP_SESS_ERR_WINDOW] = "frame past the advertised window",
	[BEEP_SESS_ERR_NUL] = "NUL not after ANS",
	[BEEP_SESS_ERR_KEYWORD] = "continuation with another keyword",
	[BEEP_SESS_ERR_INTERLEAVE] = "other msgno after a '*' frame",
	[BEEP_SESS_ERR_MSGNO_REUSE] = "MSG reuses a msgno awaiting reply",
	[BEEP_SESS_ERR_MSGNO_UNKNOWN] = "reply to no outstanding MSG",
	[BEEP_SESS_ERR_SEQ] = "invalid SEQ",
	[BEEP_SESS_ERR_MSG_SIZE] = "message too large",
	[BEEP_SESS_ERR_ABORT] = "aborted",
	[BEEP_SESS_ERR_NOMEM] = "out of memory",
	[BEEP_SESS_ERR_STATE] = "not possible in this state",
	[BEEP_SESS_ERR_INVAL] = "invalid argument",
	[BEEP_SESS_ERR_CLOSED] = "session closed",
};

const char *
beep_sess_err_str(enum beep_sess_err e)
{
	if ((unsigned int)e >= BEEP_SESS_ERR_MAX)
		return "unknown error";
	return beep_sess_err_strs[e];
}

bool
beep_sess_err_fatal(enum beep_sess_err e)
{
	return e > BEEP_SESS_OK && e < BEEP_SESS_ERR_STATE;
}

const char *
beep_sess_state_name(enum beep_sess_state st)
{
	switch (st) {
	case BEEP_SESS_ST_GREETING:
		return "greeting";
	case BEEP_SESS_ST_OPEN:
		return "open";
	case BEEP_SESS_ST_REFUSED:
		return "refused";
	case BEEP_SESS_ST_RELEASED:
		return "released";
	case BEEP_SESS_ST_ABORTED:
		return "aborted";
	}
	return "unknown";
}

/* ---- the session state machine (digest 12) --------------------------- */

enum sess_evt {
	SESS_EVT_PEER_GREETING,
	SESS_EVT_PEER_REFUSAL,
	SESS_EVT_REFUSE,
	SESS_EVT_RESET,
	SESS_EVT_RELEASE,
	SESS_EVT_FATAL,
	SESS_EVT_MAX
};

static const char *const sess_evt_names[SESS_EVT_MAX] = {
	[SESS_EVT_PEER_GREETING] = "PeerGreeting",
	[SESS_EVT_PEER_REFUSAL] = "PeerRefusal",
	[SESS_EVT_REFUSE] = "Refuse",
	[SESS_EVT_RESET] = "TuningReset",
	[SESS_EVT_RELEASE] = "Release",
	[SESS_EVT_FATAL] = "Fatal",
};

#define ST_LIVE		(BEEP_SESS_ST_GREETING | BEEP_SESS_ST_OPEN)
#define ST_ANY		(ST_LIVE | BEEP_SESS_ST_REFUSED | \
			    BEEP_SESS_ST_RELEASED)

/*
 * RFC 3080 2.3.1.1 (greeting, refusal), 2.4 (release), 3 and 4 (tuning
 * reset), 2.2.1.1 (poorly formed: terminate).
 */
static const struct {
	unsigned int		 states;
	enum sess_evt		 evt;
	enum beep_sess_state	 next;
} sess_fsm_tab[] = {
	{ BEEP_SESS_ST_GREETING, SESS_EVT_PEER_GREETING, BEEP_SESS_ST_OPEN },
	{ BEEP_SESS_ST_GREETING, SESS_EVT_PEER_REFUSAL, BEEP_SESS_ST_REFUSED },
	{ BEEP_SESS_ST_GREETING, SESS_EVT_REFUSE, BEEP_SESS_ST_REFUSED },
	{ ST_LIVE, SESS_EVT_RESET, BEEP_SESS_ST_GREETING },
	{ ST_ANY, SESS_EVT_RELEASE, BEEP_SESS_ST_RELEASED },
	{ ST_ANY, SESS_EVT_FATAL, BEEP_SESS_ST_ABORTED },
};

static bool
sess_fsm(struct beep_session *s, enum sess_evt evt)
{
	size_t	 i;

	for (i = 0; i < sizeof(sess_fsm_tab) / sizeof(sess_fsm_tab[0]); i++)
		if ((sess_fsm_tab[i].states & s->state) &&
		    sess_fsm_tab[i].evt == evt) {
			s->state = sess_fsm_tab[i].next;
			return true;
		}
	log_debug("beep session: event %s ignored in state %s",
	    sess_evt_names[evt], beep_sess_state_name(s->state));
	return false;
}

static enum beep_sess_err
sess_fail(struct beep_session *s, enum beep_sess_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum beep_sess_err
sess_fail(struct beep_session *s, enum beep_sess_err e, const char *fmt, ...)
{
	va_list	 ap;

	if (s->state == BEEP_SESS_ST_ABORTED)
		return s->err;
	s->err = e;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	sess_fsm(s, SESS_EVT_FATAL);
	return e;
}

/* ---- channels and their lists ------------------------------------------ */

static void
txmsg_free(struct txmsg *t)
{
	free(t->p);
	free(t);
}

static struct txmsg *
txmsg_new(enum beep_type type, uint32_t msgno, uint32_t ansno,
    const void *p, size_t len)
{
	struct txmsg	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if (len > 0) {
		if ((t->p = malloc(len)) == NULL) {
			free(t);
			return NULL;
		}
		memcpy(t->p, p, len);
	}
	t->type = type;
	t->msgno = msgno;
	t->ansno = ansno;
	t->len = len;
	t->ends_reply = type == BEEP_TYPE_RPY || type == BEEP_TYPE_ERR ||
	    type == BEEP_TYPE_NUL;
	return t;
}

static struct chan *
chan_find(const struct beep_session *s, uint32_t num)
{
	struct chan	*c;

	TAILQ_FOREACH(c, &s->chans, entry)
		if (c->num == num)
			return c;
	return NULL;
}

static struct chan *
chan_new(struct beep_session *s, uint32_t num, unsigned int flags)
{
	struct chan	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->num = num;
	c->flags = num == 0 ? 0 : flags;
	/* RFC 3081 3.1.3: both directions start with 4096 octets. */
	c->rx_window = s->cfg.window;
	c->rx_edge = BEEP_WINDOW_INITIAL;
	c->tx_edge = BEEP_WINDOW_INITIAL;
	c->next_msgno = 1;
	buf_init(&c->rx_buf);
	TAILQ_INIT(&c->rx_ans);
	TAILQ_INIT(&c->rxq);
	TAILQ_INIT(&c->txq);
	TAILQ_INIT(&c->outq);
	TAILQ_INSERT_TAIL(&s->chans, c, entry);
	return c;
}

static void
chan_free(struct beep_session *s, struct chan *c)
{
	struct rxans	*a;
	struct rxmsg	*m;
	struct txmsg	*t;
	struct outmsg	*o;

	TAILQ_REMOVE(&s->chans, c, entry);
	buf_free(&c->rx_buf);
	while ((a = TAILQ_FIRST(&c->rx_ans)) != NULL) {
		TAILQ_REMOVE(&c->rx_ans, a, entry);
		buf_free(&a->buf);
		free(a);
	}
	while ((m = TAILQ_FIRST(&c->rxq)) != NULL) {
		TAILQ_REMOVE(&c->rxq, m, entry);
		while ((t = TAILQ_FIRST(&m->parts)) != NULL) {
			TAILQ_REMOVE(&m->parts, t, entry);
			txmsg_free(t);
		}
		free(m);
	}
	while ((t = TAILQ_FIRST(&c->txq)) != NULL) {
		TAILQ_REMOVE(&c->txq, t, entry);
		txmsg_free(t);
	}
	while ((o = TAILQ_FIRST(&c->outq)) != NULL) {
		TAILQ_REMOVE(&c->outq, o, entry);
		free(o);
	}
	free(c);
}

static struct rxmsg *
rxmsg_find(const struct chan *c, uint32_t msgno)
{
	struct rxmsg	*m;

	TAILQ_FOREACH(m, &c->rxq, entry)
		if (m->msgno == msgno)
			return m;
	return NULL;
}

static void
rxmsg_del(struct chan *c, struct rxmsg *m)
{
	TAILQ_REMOVE(&c->rxq, m, entry);
	free(m);
}

static struct outmsg *
outmsg_find(const struct chan *c, uint32_t msgno)
{
	struct outmsg	*o;

	TAILQ_FOREACH(o, &c->outq, entry)
		if (o->msgno == msgno)
			return o;
	return NULL;
}

static void
outmsg_del(struct chan *c, struct outmsg *o)
{
	TAILQ_REMOVE(&c->outq, o, entry);
	free(o);
}

static struct rxans *
rxans_find(const struct chan *c, uint32_t ansno)
{
	struct rxans	*a;

	TAILQ_FOREACH(a, &c->rx_ans, entry)
		if (a->ansno == ansno)
			return a;
	return NULL;
}

static bool
closed_recently(const struct beep_session *s, uint32_t num)
{
	unsigned int	 i, n;

	n = s->nclosed < CLOSED_RING ? s->nclosed : CLOSED_RING;
	for (i = 0; i < n; i++)
		if (s->closed[i] == num)
			return true;
	return false;
}

/* Frames of a channel whose messages are delivered whole. */
static bool
chan_reassembles(const struct beep_session *s, const struct chan *c)
{
	return c->num == 0 || s->state == BEEP_SESS_ST_GREETING ||
	    !(c->flags & BEEP_CHAN_STREAM);
}

/* ---- sending ------------------------------------------------------------ */

static enum beep_sess_err
emit(struct beep_session *s, const struct beep_frame_hdr *h, const void *p)
{
	enum beep_frame_err	 fe;

	buf_reset(&s->obuf);
	if ((fe = beep_frame_put(&s->obuf, h, p)) != BEEP_FRAME_OK)
		return sess_fail(s, BEEP_SESS_ERR_NOMEM, "building %s: %s",
		    beep_type_name(h->type), beep_frame_err_str(fe));
	s->cfg.output(s->cfg.arg, s->obuf.data, s->obuf.len);
	buf_reset(&s->obuf);
	return BEEP_SESS_OK;
}

/* RFC 3080 2.6.1: replies leave in the order their MSGs came. */
static void
chan_replies(struct chan *c)
{
	struct rxmsg	*m;
	struct txmsg	*t;

	TAILQ_FOREACH(m, &c->rxq, entry) {
		while ((t = TAILQ_FIRST(&m->parts)) != NULL) {
			TAILQ_REMOVE(&m->parts, t, entry);
			TAILQ_INSERT_TAIL(&c->txq, t, entry);
		}
		if (!m->final)
			break;
	}
}

/* The last frame of a message has left. */
static void
chan_tx_done(struct chan *c, struct txmsg *t)
{
	struct rxmsg	*m;
	struct outmsg	*o;

	if ((o = t->out) != NULL) {
		o->tx = NULL;
		if (o->reply_done)
			outmsg_del(c, o);
	}
	if (t->ends_reply && (m = rxmsg_find(c, t->msgno)) != NULL) {
		m->sent = true;
		if (m->complete)
			rxmsg_del(c, m);
	}
}

/*
 * Send what the peer's window lets out (RFC 3081 3.1.4): the head
 * message only, in frames of at most frame_max octets, none past
 * tx_edge; a message that does not fit leaves as '*' frames and the rest
 * waits for a SEQ. Empty frames (an empty message, NUL, the end of a
 * MSG cut short by an ERR) need no window.
 */
static enum beep_sess_err
chan_pump(struct beep_session *s, struct chan *c)
{
	struct beep_frame_hdr	 h;
	struct txmsg		*t;
	enum beep_sess_err	 e;
	uint64_t		 space;
	size_t			 n;

	if (s->stopped || !(s->state & (ST_LIVE | BEEP_SESS_ST_REFUSED)))
		return BEEP_SESS_OK;
	chan_replies(c);
	while ((t = TAILQ_FIRST(&c->txq)) != NULL) {
		space = c->tx_edge > c->tx_sent ? c->tx_edge - c->tx_sent : 0;
		n = t->len - t->off;
		if (n > space)
			n = (size_t)space;
		if (n > s->cfg.frame_max)
			n = s->cfg.frame_max;
		if (n == 0 && t->off < t->len)
			break;
		memset(&h, 0, sizeof(h));
		h.type = t->type;
		h.channel = c->num;
		h.msgno = t->msgno;
		h.more = t->off + n < t->len;
		h.seqno = (uint32_t)c->tx_sent;
		h.size = (uint32_t)n;
		h.ansno = t->ansno;
		if ((e = emit(s, &h, t->p + t->off)) != BEEP_SESS_OK)
			return e;
		t->off += n;
		c->tx_sent += n;
		c->tx_queued -= n;
		if (t->out != NULL)
			t->out->sent_any = true;
		if (h.more)
			continue;
		TAILQ_REMOVE(&c->txq, t, entry);
		chan_tx_done(c, t);
		txmsg_free(t);
	}
	return BEEP_SESS_OK;
}

/*
 * RFC 3081 3.1.4: advertise more window once what we can newly grant is
 * at least half the channel's buffer. The right edge never moves back
 * (checklist 45): it follows rx_used, which only grows.
 */
static enum beep_sess_err
rx_seq_maybe(struct beep_session *s, struct chan *c)
{
	struct beep_frame_hdr	 h;
	uint64_t		 edge;
	enum beep_sess_err	 e;

	if (s->stopped || !s->greeted || !(s->state & ST_LIVE))
		return BEEP_SESS_OK;
	edge = c->rx_used + c->rx_window;
	if (edge <= c->rx_edge || edge - c->rx_edge < c->rx_window / 2)
		return BEEP_SESS_OK;
	memset(&h, 0, sizeof(h));
	h.type = BEEP_TYPE_SEQ;
	h.channel = c->num;
	h.ackno = (uint32_t)c->rx_got;
	h.window = (uint32_t)(edge - c->rx_got);
	if ((e = emit(s, &h, NULL)) != BEEP_SESS_OK)
		return e;
	c->rx_edge = edge;
	return BEEP_SESS_OK;
}

/* ---- receiving ---------------------------------------------------------- */

/*
 * A data frame's header, before its payload: RFC 3080 2.2.1.1 and
 * 2.2.1.2, RFC 3081 3.1.4, digest 2.3 and 5.1.
 */
static enum beep_sess_err
rx_header(struct beep_session *s, const struct beep_frame_hdr *h)
{
	const char	*kw = beep_type_name(h->type);
	struct chan	*c;
	struct outmsg	*o;
	struct rxmsg	*m;
	struct rxans	*a;
	size_t		 cur;

	if ((c = chan_find(s, h->channel)) == NULL)
		return sess_fail(s, BEEP_SESS_ERR_CHANNEL,
		    "%s on channel %u, which is not open", kw, h->channel);
	if (h->seqno != (uint32_t)c->rx_got)
		return sess_fail(s, BEEP_SESS_ERR_SEQNO,
		    "%s on channel %u: seqno %u, expected %u", kw,
		    h->channel, h->seqno, (uint32_t)c->rx_got);
	if (c->rx_got + h->size > c->rx_edge)
		return sess_fail(s, BEEP_SESS_ERR_WINDOW,
		    "%s on channel %u: %u octets at %u, window ends at %u",
		    kw, h->channel, h->size, h->seqno, (uint32_t)c->rx_edge);
	if (c->rx_lock) {
		if (h->msgno != c->lock_msgno)
			return sess_fail(s, BEEP_SESS_ERR_INTERLEAVE,
			    "%s %u on channel %u while %s %u is unfinished",
			    kw, h->msgno, h->channel,
			    beep_type_name(c->lock_type), c->lock_msgno);
		if (h->type == BEEP_TYPE_NUL)
			return sess_fail(s, BEEP_SESS_ERR_NUL,
			    "NUL %u on channel %u after an unfinished %s",
			    h->msgno, h->channel,
			    beep_type_name(c->lock_type));
		if (h->type != c->lock_type)
			return sess_fail(s, BEEP_SESS_ERR_KEYWORD,
			    "%s continues %s %u on channel %u", kw,
			    beep_type_name(c->lock_type), h->msgno,
			    h->channel);
	} else if (s->state == BEEP_SESS_ST_GREETING) {
		if (h->channel != 0 || h->msgno != 0 ||
		    !(h->type == BEEP_TYPE_RPY || (h->type == BEEP_TYPE_ERR &&
		    s->cfg.role == BEEP_ROLE_INITIATOR)))
			return sess_fail(s, BEEP_SESS_ERR_GREETING,
			    "%s %u %u before the peer's greeting", kw,
			    h->channel, h->msgno);
	} else if (h->type == BEEP_TYPE_MSG) {
		if (rxmsg_find(c, h->msgno) != NULL)
			return sess_fail(s, BEEP_SESS_ERR_MSGNO_REUSE,
			    "MSG %u on channel %u still awaits our reply",
			    h->msgno, h->channel);
	} else {
		o = outmsg_find(c, h->msgno);
		if (o == NULL || !o->sent_any || o->reply_done)
			return sess_fail(s, BEEP_SESS_ERR_MSGNO_UNKNOWN,
			    "%s %u on channel %u answers no MSG of ours", kw,
			    h->msgno, h->channel);
		if (o->ans && h->type != BEEP_TYPE_ANS &&
		    h->type != BEEP_TYPE_NUL)
			return sess_fail(s, BEEP_SESS_ERR_KEYWORD,
			    "%s %u on channel %u after ANS", kw, h->msgno,
			    h->channel);
	}
	if (!chan_reassembles(s, c))
		return BEEP_SESS_OK;
	if (h->type == BEEP_TYPE_MSG && (m = rxmsg_find(c, h->msgno)) !=
	    NULL && m->discard)
		return BEEP_SESS_OK;
	if (h->type == BEEP_TYPE_ANS)
		cur = (a = rxans_find(c, h->ansno)) != NULL ? a->buf.len : 0;
	else
		cur = c->rx_buf.len;
	if (cur + h->size > s->cfg.msg_max)
		return sess_fail(s, BEEP_SESS_ERR_MSG_SIZE,
		    "%s %u on channel %u: message above %u octets", kw,
		    h->msgno, h->channel, s->cfg.msg_max);
	return BEEP_SESS_OK;
}

/*
 * A data frame, whole and checked by rx_header(): account for it, update
 * the lists and the lock, and hand the message over. The callback comes
 * last: it may close the channel or reset the session.
 */
static enum beep_sess_err
rx_data(struct beep_session *s, const struct beep_frame *f)
{
	const struct beep_frame_hdr	*h = &f->hdr;
	struct chan			*c;
	struct rxmsg			*m = NULL;
	struct outmsg			*o = NULL;
	struct rxans			*a = NULL;
	struct buf			*acc = NULL, whole = BUF_INIT;
	const uint8_t			*p = f->payload;
	size_t				 len = h->size;
	bool				 greeting, deliver = true;
	enum beep_sess_err		 e;

	if ((c = chan_find(s, h->channel)) == NULL)	/* not reached */
		return sess_fail(s, BEEP_SESS_ERR_CHANNEL, "channel gone");
	greeting = s->state == BEEP_SESS_ST_GREETING;
	c->rx_got += h->size;
	if (!(c->flags & BEEP_CHAN_MANUAL))
		c->rx_used = c->rx_got;

	if (h->type == BEEP_TYPE_MSG) {
		if ((m = rxmsg_find(c, h->msgno)) == NULL) {
			if ((m = calloc(1, sizeof(*m))) == NULL)
				return sess_fail(s, BEEP_SESS_ERR_NOMEM,
				    "MSG %u on channel %u", h->msgno, c->num);
			m->msgno = h->msgno;
			TAILQ_INIT(&m->parts);
			TAILQ_INSERT_TAIL(&c->rxq, m, entry);
		}
		deliver = !m->discard;
	} else if (!greeting) {
		o = outmsg_find(c, h->msgno);
		o->acked = true;
		if (h->type == BEEP_TYPE_ANS || h->type == BEEP_TYPE_NUL)
			o->ans = true;
	}

	/* The lock: which message the next frame must continue. */
	if (h->type == BEEP_TYPE_ANS) {
		a = rxans_find(c, h->ansno);
		if (a == NULL && h->more) {
			if ((a = calloc(1, sizeof(*a))) == NULL)
				return sess_fail(s, BEEP_SESS_ERR_NOMEM,
				    "ANS %u on channel %u", h->msgno, c->num);
			a->ansno = h->ansno;
			buf_init(&a->buf);
			TAILQ_INSERT_TAIL(&c->rx_ans, a, entry);
		}
		if (a != NULL)
			acc = &a->buf;
		if (!h->more && a != NULL)
			TAILQ_REMOVE(&c->rx_ans, a, entry);
		c->rx_lock = !TAILQ_EMPTY(&c->rx_ans);
	} else {
		acc = &c->rx_buf;
		c->rx_lock = h->more;
	}
	c->lock_type = h->type;
	c->lock_msgno = h->msgno;

	/* Reassembly: keep '*' frames, deliver the whole at the '.'. */
	if (!deliver && !h->more)
		buf_free(&c->rx_buf);	/* what came before the ERR */
	else if (deliver && chan_reassembles(s, c) && acc != NULL) {
		if (len > 0 && !buf_put_bytes(acc, p, len))
			return sess_fail(s, BEEP_SESS_ERR_NOMEM,
			    "%s %u on channel %u", beep_type_name(h->type),
			    h->msgno, c->num);
		if (h->more)
			deliver = false;
		else {
			whole = *acc;
			buf_init(acc);
			p = whole.data;
			len = whole.len;
		}
	}
	if (a != NULL && !h->more) {
		buf_free(&a->buf);
		free(a);
	}

	/* A message ends: the lists. */
	if (!h->more) {
		if (m != NULL) {
			m->complete = true;
			if (m->sent)
				rxmsg_del(c, m);
		} else if (o != NULL && h->type != BEEP_TYPE_ANS) {
			o->reply_done = true;
			if (h->type == BEEP_TYPE_ERR && o->tx != NULL) {
				/*
				 * RFC 3080 2.6.3: a pre-emptive ERR; end our
				 * MSG with an empty '.' frame.
				 */
				c->tx_queued -= o->tx->len - o->tx->off;
				o->tx->len = o->tx->off;
			}
			if (o->tx == NULL)
				outmsg_del(c, o);
			else if ((e = chan_pump(s, c)) != BEEP_SESS_OK)
				goto out;
		}
	}

	e = BEEP_SESS_OK;
	if (!deliver || (len == 0 && h->more))
		goto out;
	if (greeting) {
		sess_fsm(s, h->type == BEEP_TYPE_RPY ?
		    SESS_EVT_PEER_GREETING : SESS_EVT_PEER_REFUSAL);
		if (s->cfg.greeting != NULL)
			s->cfg.greeting(s->cfg.arg, h->type, p, len);
	} else if (c->num == 0) {
		if (s->cfg.channel0 != NULL)
			s->cfg.channel0(s->cfg.arg, h->type, h->msgno,
			    h->ansno, p, len);
	} else if (s->cfg.deliver != NULL)
		s->cfg.deliver(s->cfg.arg, h->channel, h->type, h->msgno,
		    h->ansno, p, len, !h->more);
out:
	buf_free(&whole);
	return e;
}

/* RFC 3081 3.1.3 and 3.1.4; digest 7 and 5.4. */
static enum beep_sess_err
rx_seq(struct beep_session *s, const struct beep_frame_hdr *h)
{
	struct chan	*c;
	uint32_t	 back;
	uint64_t	 ack, edge;

	if ((c = chan_find(s, h->channel)) == NULL) {
		if (closed_recently(s, h->channel))
			return BEEP_SESS_OK;
		return sess_fail(s, BEEP_SESS_ERR_SEQ,
		    "SEQ for channel %u, which is not open", h->channel);
	}
	/* The ackno must lie between the previous one and what we sent. */
	back = (uint32_t)c->tx_sent - h->ackno;
	if (back > c->tx_sent - c->tx_acked)
		return sess_fail(s, BEEP_SESS_ERR_SEQ,
		    "SEQ on channel %u: ackno %u outside %u..%u", h->channel,
		    h->ackno, (uint32_t)c->tx_acked, (uint32_t)c->tx_sent);
	ack = c->tx_sent - back;
	edge = ack + h->window;
	c->tx_acked = ack;
	if (edge > c->tx_edge)
		c->tx_edge = edge;
	return chan_pump(s, c);
}

enum beep_sess_err
beep_session_recv(struct beep_session *s, const uint8_t *p, size_t len,
    size_t *used)
{
	struct beep_frame	 f;
	enum beep_sess_err	 e = BEEP_SESS_OK;
	enum beep_dec		 rc;
	struct chan		*c;
	unsigned int		 gen = s->gen;
	uint32_t		 num;
	size_t			 off = 0, n;

	if (used != NULL)
		*used = 0;
	if (s->state == BEEP_SESS_ST_ABORTED)
		return s->err;
	if (!(s->state & ST_LIVE))
		return BEEP_SESS_ERR_CLOSED;
	if (s->stopped)
		return BEEP_SESS_ERR_STATE;
	while (off < len) {
		rc = beep_frame_decode(&s->dec, p + off, len - off, &n, &f);
		off += n;
		if (rc == BEEP_DEC_MORE)
			break;
		if (rc == BEEP_DEC_ERROR) {
			e = sess_fail(s, BEEP_SESS_ERR_FRAME,
			    "poorly formed frame at octet %llu: %s",
			    (unsigned long long)
			    beep_frame_dec_offset(&s->dec) - 1,
			    beep_frame_err_str(beep_frame_dec_err(&s->dec)));
			break;
		}
		if (rc == BEEP_DEC_HEADER) {
			if ((e = rx_header(s, &f.hdr)) != BEEP_SESS_OK)
				break;
			continue;
		}
		num = f.hdr.channel;
		if (f.hdr.type == BEEP_TYPE_SEQ)
			e = rx_seq(s, &f.hdr);
		else
			e = rx_data(s, &f);
		if (e != BEEP_SESS_OK)
			break;
		if (s->state == BEEP_SESS_ST_ABORTED) {
			e = s->err;
			break;
		}
		if (s->gen != gen || s->stopped || !(s->state & ST_LIVE))
			break;
		if (f.hdr.type != BEEP_TYPE_SEQ &&
		    (c = chan_find(s, num)) != NULL &&
		    (e = rx_seq_maybe(s, c)) != BEEP_SESS_OK)
			break;
	}
	if (used != NULL)
		*used = off;
	return e;
}

/* ---- the API -------------------------------------------------------------- */

struct beep_session *
beep_session_new(const struct beep_session_cfg *cfg)
{
	struct beep_session	*s;

	if (cfg->output == NULL)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->cfg = *cfg;
	if (s->cfg.window < BEEP_WINDOW_INITIAL)
		s->cfg.window = BEEP_WINDOW_INITIAL;
	if (s->cfg.window > BEEP_NUM_MAX)
		s->cfg.window = BEEP_NUM_MAX;
	if (s->cfg.frame_max == 0)
		s->cfg.frame_max = BEEP_WINDOW_INITIAL;
	if (s->cfg.frame_max > BEEP_NUM_MAX)
		s->cfg.frame_max = BEEP_NUM_MAX;
	if (s->cfg.msg_max == 0)
		s->cfg.msg_max = BEEP_MSG_MAX_DEFAULT;
	s->state = BEEP_SESS_ST_GREETING;
	s->next_chan = cfg->role == BEEP_ROLE_INITIATOR ? 1 : 2;
	buf_init(&s->obuf);
	TAILQ_INIT(&s->chans);
	/*
	 * The payload is buffered only after rx_header() has checked it
	 * against the window, so the codec's own limit can be the widest.
	 */
	beep_frame_dec_init(&s->dec, BEEP_NUM_MAX);
	if (chan_new(s, 0, 0) == NULL) {
		beep_session_free(s);
		return NULL;
	}
	return s;
}

void
beep_session_free(struct beep_session *s)
{
	struct chan	*c;

	if (s == NULL)
		return;
	while ((c = TAILQ_FIRST(&s->chans)) != NULL)
		chan_free(s, c);
	beep_frame_dec_clear(&s->dec);
	buf_free(&s->obuf);
	free(s);
}

enum beep_sess_state
beep_session_state(const struct beep_session *s)
{
	return s->state;
}

enum beep_role
beep_session_role(const struct beep_session *s)
{
	return s->cfg.role;
}

enum beep_sess_err
beep_session_err(const struct beep_session *s)
{
	return s->err;
}

const char *
beep_session_errmsg(const struct beep_session *s)
{
	return s->errmsg;
}

/* Whether frames may be queued on channel num at all. */
static enum beep_sess_err
send_check(struct beep_session *s, uint32_t num, struct chan **cp)
{
	if (!(s->state & ST_LIVE))
		return BEEP_SESS_ERR_CLOSED;
	if (s->stopped || !s->greeted)
		return BEEP_SESS_ERR_STATE;
	if ((*cp = chan_find(s, num)) == NULL)
		return BEEP_SESS_ERR_INVAL;
	return BEEP_SESS_OK;
}

static enum beep_sess_err
send_greeting(struct beep_session *s, enum beep_type type, const void *p,
    size_t len)
{
	struct txmsg	*t;
	struct chan	*c;

	if (s->state != BEEP_SESS_ST_GREETING)
		return BEEP_SESS_ERR_CLOSED;
	if (s->greeted || s->stopped)
		return BEEP_SESS_ERR_STATE;
	if (len > BEEP_NUM_MAX || (len > 0 && p == NULL))
		return BEEP_SESS_ERR_INVAL;
	c = chan_find(s, 0);
	if ((t = txmsg_new(type, 0, 0, p, len)) == NULL)
		return BEEP_SESS_ERR_NOMEM;
	t->ends_reply = false;		/* it answers no MSG */
	TAILQ_INSERT_TAIL(&c->txq, t, entry);
	c->tx_queued += len;
	s->greeted = true;
	if (type == BEEP_TYPE_ERR)
		sess_fsm(s, SESS_EVT_REFUSE);
	return chan_pump(s, c);
}

enum beep_sess_err
beep_session_greet(struct beep_session *s, const void *p, size_t len)
{
	return send_greeting(s, BEEP_TYPE_RPY, p, len);
}

enum beep_sess_err
beep_session_refuse(struct beep_session *s, const void *p, size_t len)
{
	if (s->cfg.role != BEEP_ROLE_LISTENER)
		return BEEP_SESS_ERR_STATE;
	return send_greeting(s, BEEP_TYPE_ERR, p, len);
}

enum beep_sess_err
beep_session_send_msg(struct beep_session *s, uint32_t num, const void *p,
    size_t len, uint32_t *msgnop)
{
	struct chan		*c;
	struct outmsg		*o;
	struct txmsg		*t;
	enum beep_sess_err	 e;
	uint32_t		 msgno, tries;

	if ((e = send_check(s, num, &c)) != BEEP_SESS_OK)
		return e;
	/* Digest 5.1: the peer's greeting says what it offers. */
	if (s->state != BEEP_SESS_ST_OPEN || c->closing)
		return BEEP_SESS_ERR_STATE;
	if (len > BEEP_NUM_MAX || (len > 0 && p == NULL))
		return BEEP_SESS_ERR_INVAL;
	/* Digest 4: from 1, wrapping, skipping outstanding numbers. */
	msgno = c->next_msgno;
	for (tries = 0; outmsg_find(c, msgno) != NULL; tries++) {
		if (tries > 1U << 20)
			return BEEP_SESS_ERR_STATE;
		msgno = (msgno + 1) & BEEP_NUM_MAX;
	}
	c->next_msgno = (msgno + 1) & BEEP_NUM_MAX;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return BEEP_SESS_ERR_NOMEM;
	if ((t = txmsg_new(BEEP_TYPE_MSG, msgno, 0, p, len)) == NULL) {
		free(o);
		return BEEP_SESS_ERR_NOMEM;
	}
	o->msgno = msgno;
	o->tx = t;
	t->out = o;
	TAILQ_INSERT_TAIL(&c->outq, o, entry);
	TAILQ_INSERT_TAIL(&c->txq, t, entry);
	c->tx_queued += len;
	if (msgnop != NULL)
		*msgnop = msgno;
	return chan_pump(s, c);
}

static enum beep_sess_err
send_reply(struct beep_session *s, uint32_t num, enum beep_type type,
    uint32_t msgno, const void *p, size_t len, uint32_t *ansnop)
{
	struct chan		*c;
	struct rxmsg		*m;
	struct txmsg		*t;
	enum beep_sess_err	 e;
	uint32_t		 ansno = 0;

	if ((e = send_check(s, num, &c)) != BEEP_SESS_OK)
		return e;
	if (len > BEEP_NUM_MAX || (len > 0 && p == NULL))
		return BEEP_SESS_ERR_INVAL;
	if ((m = rxmsg_find(c, msgno)) == NULL || m->final)
		return BEEP_SESS_ERR_INVAL;
	/* Only a negative reply may come before the whole MSG (2.6.3). */
	if (!m->complete && type != BEEP_TYPE_ERR)
		return BEEP_SESS_ERR_STATE;
	if (m->ans && (type == BEEP_TYPE_RPY || type == BEEP_TYPE_ERR))
		return BEEP_SESS_ERR_STATE;
	if (type == BEEP_TYPE_ANS) {
		if (m->next_ansno > BEEP_NUM_MAX)
			return BEEP_SESS_ERR_STATE;
		ansno = m->next_ansno;
	}
	if ((t = txmsg_new(type, msgno, ansno, p, len)) == NULL)
		return BEEP_SESS_ERR_NOMEM;
	if (type == BEEP_TYPE_ANS) {
		m->ans = true;
		m->next_ansno++;
	} else
		m->final = true;
	if (type == BEEP_TYPE_NUL)
		m->ans = true;
	if (!m->complete)
		m->discard = true;
	TAILQ_INSERT_TAIL(&m->parts, t, entry);
	c->tx_queued += len;
	if (ansnop != NULL)
		*ansnop = ansno;
	return chan_pump(s, c);
}

enum beep_sess_err
beep_session_send_rpy(struct beep_session *s, uint32_t ch, uint32_t msgno,
    const void *p, size_t len)
{
	return send_reply(s, ch, BEEP_TYPE_RPY, msgno, p, len, NULL);
}

enum beep_sess_err
beep_session_send_err(struct beep_session *s, uint32_t ch, uint32_t msgno,
    const void *p, size_t len)
{
	return send_reply(s, ch, BEEP_TYPE_ERR, msgno, p, len, NULL);
}

enum beep_sess_err
beep_session_send_ans(struct beep_session *s, uint32_t ch, uint32_t msgno,
    const void *p, size_t len, uint32_t *ansno)
{
	return send_reply(s, ch, BEEP_TYPE_ANS, msgno, p, len, ansno);
}

enum beep_sess_err
beep_session_send_nul(struct beep_session *s, uint32_t ch, uint32_t msgno)
{
	return send_reply(s, ch, BEEP_TYPE_NUL, msgno, NULL, 0, NULL);
}

enum beep_sess_err
beep_session_channel_open(struct beep_session *s, uint32_t num,
    unsigned int flags)
{
	unsigned int	 i, n;

	if (!(s->state & ST_LIVE))
		return BEEP_SESS_ERR_CLOSED;
	if (num == 0 || num > BEEP_NUM_MAX || chan_find(s, num) != NULL)
		return BEEP_SESS_ERR_INVAL;
	if (chan_new(s, num, flags) == NULL)
		return BEEP_SESS_ERR_NOMEM;
	n = s->nclosed < CLOSED_RING ? s->nclosed : CLOSED_RING;
	for (i = 0; i < n; i++)
		if (s->closed[i] == num)
			s->closed[i] = 0;	/* channel 0 never closes */
	return BEEP_SESS_OK;
}

enum beep_sess_err
beep_session_channel_close(struct beep_session *s, uint32_t num)
{
	struct chan	*c;

	if (num == 0 || (c = chan_find(s, num)) == NULL)
		return BEEP_SESS_ERR_INVAL;
	chan_free(s, c);
	s->closed[s->nclosed++ % CLOSED_RING] = num;
	return BEEP_SESS_OK;
}

bool
beep_session_channel_is_open(const struct beep_session *s, uint32_t num)
{
	return chan_find(s, num) != NULL;
}

enum beep_sess_err
beep_session_channel_next(struct beep_session *s, uint32_t *num)
{
	uint32_t	 n = s->next_chan, first;

	first = s->cfg.role == BEEP_ROLE_INITIATOR ? 1 : 2;
	do {
		if (chan_find(s, n) == NULL) {
			*num = n;
			s->next_chan = n + 2 > BEEP_NUM_MAX ? first : n + 2;
			return BEEP_SESS_OK;
		}
		n = n + 2 > BEEP_NUM_MAX ? first : n + 2;
	} while (n != s->next_chan);
	return BEEP_SESS_ERR_STATE;
}

/* RFC 3080 2.3.1.2: I uses odd numbers, L even ones, never 0. */
enum beep_start_check
beep_session_start_check(const struct beep_session *s, uint32_t num)
{
	uint32_t	 peer_odd = s->cfg.role == BEEP_ROLE_LISTENER;

	if (num == 0)
		return BEEP_START_ZERO;
	if ((num & 1) != peer_odd || num > BEEP_NUM_MAX)
		return BEEP_START_PARITY;
	if (chan_find(s, num) != NULL)
		return BEEP_START_IN_USE;
	return BEEP_START_OK;
}

enum beep_sess_err
beep_session_channel_closing(struct beep_session *s, uint32_t num)
{
	struct chan	*c;

	if ((c = chan_find(s, num)) == NULL)
		return BEEP_SESS_ERR_INVAL;
	c->closing = true;
	return BEEP_SESS_OK;
}

enum beep_sess_err
beep_session_channel_status(const struct beep_session *s, uint32_t num,
    struct beep_chan_status *st)
{
	const struct chan	*c;
	const struct outmsg	*o;
	const struct rxmsg	*m;

	if ((c = chan_find(s, num)) == NULL)
		return BEEP_SESS_ERR_INVAL;
	memset(st, 0, sizeof(*st));
	TAILQ_FOREACH(o, &c->outq, entry) {
		if (!o->acked)
			st->msgs_unacked++;
		if (!o->reply_done)
			st->msgs_unreplied++;
	}
	TAILQ_FOREACH(m, &c->rxq, entry)
		st->replies_owed++;
	st->tx_queued = c->tx_queued;
	st->tx_space = c->tx_edge > c->tx_sent ?
	    (uint32_t)(c->tx_edge - c->tx_sent) : 0;
	return BEEP_SESS_OK;
}

enum beep_sess_err
beep_session_channel_window(struct beep_session *s, uint32_t num,
    uint32_t window)
{
	struct chan	*c;

	if ((c = chan_find(s, num)) == NULL || window > BEEP_NUM_MAX)
		return BEEP_SESS_ERR_INVAL;
	if (window > c->rx_window)
		c->rx_window = window;
	return rx_seq_maybe(s, c);
}

enum beep_sess_err
beep_session_consume(struct beep_session *s, uint32_t num, uint32_t n)
{
	struct chan	*c;

	if ((c = chan_find(s, num)) == NULL)
		return BEEP_SESS_ERR_INVAL;
	c->rx_used += n;
	if (c->rx_used > c->rx_got)
		c->rx_used = c->rx_got;
	return rx_seq_maybe(s, c);
}

void
beep_session_stop(struct beep_session *s)
{
	s->stopped = true;
}

bool
beep_session_stopped(const struct beep_session *s)
{
	return s->stopped;
}

/* RFC 3080 3, 4, RFC 3620 4 (digest 8): a new session on the same roles. */
void
beep_session_reset(struct beep_session *s)
{
	struct chan	*c;

	if (!sess_fsm(s, SESS_EVT_RESET))
		return;
	while ((c = TAILQ_FIRST(&s->chans)) != NULL)
		chan_free(s, c);
	s->nclosed = 0;
	s->greeted = false;
	s->stopped = false;
	s->gen++;
	s->next_chan = s->cfg.role == BEEP_ROLE_INITIATOR ? 1 : 2;
	beep_frame_dec_reset(&s->dec);
	if (chan_new(s, 0, 0) == NULL)
		sess_fail(s, BEEP_SESS_ERR_NOMEM, "reset: channel 0");
}

void
beep_session_release(struct beep_session *s)
{
	sess_fsm(s, SESS_EVT_RELEASE);
}

void
beep_session_abort(struct beep_session *s, const char *why)
{
	sess_fail(s, BEEP_SESS_ERR_ABORT, "%s", why);
}

bool
beep_session_flushed(const struct beep_session *s)
{
	const struct chan	*c;
	const struct rxmsg	*m;

	TAILQ_FOREACH(c, &s->chans, entry) {
		if (!TAILQ_EMPTY(&c->txq))
			return false;
		TAILQ_FOREACH(m, &c->rxq, entry)
			if (!TAILQ_EMPTY(&m->parts))
				return false;
	}
	return true;
}

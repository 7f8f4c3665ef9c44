/*
 * DOC: hop: one tunnel request (RFC 3620 4, digest 11.4) from start to
 * relay. The element is parsed and checked, the user's right to the
 * target decided before anything is dialled (so a refusal says nothing
 * of what lies beyond, checklist 75, 76), then by the outermost element:
 *
 *   empty, or an endpoint of kind local   final destination: ok, reset,
 *                                         a new greeting (step 1);
 *   endpoint raw, or addresses alone      connect, ok, pipe (step 5);
 *   endpoint tls                          connect, ok, then TLS server on
 *                                         the raw stream, pipe the clear
 *                                         bytes to the service;
 *   endpoint beep, or addresses + nested  connect, greet, SASL as the
 *                                         upstream user if the next hop
 *                                         asks, start TUNNEL with the
 *                                         inner element; its ok or error
 *                                         comes back unchanged (step 4).
 *
 * The hop's life, as a table (STYLE: state machines as tables):
 *
 *   HOP_ST_CONNECT  connected        -> raw/tls: ok, HOP_ST_SWITCH
 *                                    -> beep: HOP_ST_GREET
 *   HOP_ST_GREET    greeting         -> HOP_ST_AUTH or HOP_ST_START
 *   HOP_ST_AUTH     SASL complete    -> HOP_ST_START
 *   HOP_ST_START    ok               -> ok, HOP_ST_SWITCH
 *   any             failure, timeout -> error, freed
 *   HOP_ST_SWITCH   (next loop turn) -> both sockets to a relay
 *   HOP_ST_RELAY    relay done       -> logged, freed
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>

#include "evloop.h"
#include "log.h"
#include "saslprof.h"
#include "sock.h"
#include "tls.h"
#include "tunneld.h"

enum hop_mode {
	HOP_LOCAL,
	HOP_RAW,
	HOP_TLS,
	HOP_BEEP,
};

enum hop_state {
	HOP_ST_CONNECT,
	HOP_ST_GREET,
	HOP_ST_AUTH,
	HOP_ST_START,
	HOP_ST_SWITCH,
	HOP_ST_RELAY,
};

static const char *const hop_state_names[] = {
	[HOP_ST_CONNECT] = "connect",
	[HOP_ST_GREET] = "greeting",
	[HOP_ST_AUTH] = "authentication",
	[HOP_ST_START] = "start",
	[HOP_ST_SWITCH] = "switch",
	[HOP_ST_RELAY] = "relay",
};

struct thop {
	TAILQ_ENTRY(thop)	 entry;		/* in td->hops */
	struct tunneld		*td;
	struct tconn		*down;		/* NULL once relaying */
	struct beep_start_req	*req;		/* form 1: in the start */
	uint32_t		 channel;	/* form 2: MSG on the channel */
	uint32_t		 msgno;
	enum hop_mode		 mode;
	enum hop_state		 state;
	char			 user[128];
	char			 from[64];
	char			 target[160];	/* for the log line */
	char			 addr[64];
	uint16_t		 port;
	struct buf		 inner;		/* the element for the next hop */
	int			 ufd;
	struct event		*conn_ev;
	struct event		*timer;
	struct event		*switch_ev;
	struct beep_peer	*up;
	struct beep_relay	*relay;
	struct bufferevent	*tlsb;		/* TLS endpoint, handshaking */
	struct beep_detached	 dd;		/* downstream, after detach */
	bool			 counted;
	uint64_t		 t0;
};

static void	hop_free(struct thop *);
static void	hop_fail(struct thop *, unsigned int, const char *);

static void
hop_state_set(struct thop *h, enum hop_state st)
{
	log_debug("hop %s -> %s: %s -> %s", h->from, h->target,
	    hop_state_names[h->state],
	    hop_state_names[st]);
	h->state = st;
}

/* ---- answers downstream -------------------------------------------------- */

static int
answer_ok(struct thop *h)
{
	struct beep_peer	*p = h->down->peer;
	struct buf		 b = BUF_INIT;
	int			 rc;

	if (h->req != NULL) {
		rc = beep_peer_accept(h->req, "<ok />", 6);
		h->req = NULL;
	} else {
		buf_put_str(&b, "Content-Type: application/beep+xml\r\n\r\n"
		    "<ok />\r\n");
		rc = buf_ok(&b) ? beep_peer_rpy(p, h->channel, h->msgno,
		    b.data, b.len) : -1;
		buf_free(&b);
	}
	if (rc == 0)
		beep_peer_tune(p);
	return rc;
}

static void
answer_err(struct thop *h, unsigned int code, const char *text)
{
	if (h->down == NULL)
		return;
	if (h->req != NULL) {
		beep_peer_refuse(h->req, code, text);
		h->req = NULL;
	} else
		beep_peer_err(h->down->peer, h->channel, h->msgno, code, text);
}

static void
hop_log(struct thop *h, const char *what, unsigned int code, const char *why,
    const struct beep_relay_stats *st)
{
	uint64_t	 ms = evloop_now_ms(h->td->base) - h->t0;

	if (st != NULL)
		log_info("tunnel user=%s from=%s to=%s %s up=%llu down=%llu "
		    "duration=%llu.%03llus end=%s", h->user,
		    h->from, h->target, what,
		    (unsigned long long)st->bytes_ab,
		    (unsigned long long)st->bytes_ba,
		    (unsigned long long)(ms / 1000),
		    (unsigned long long)(ms % 1000), why);
	else
		log_info("tunnel user=%s from=%s to=%s %s code=%u reason=%s",
		    h->user[0] ? h->user : "-",
		    h->from,
		    h->target[0] ? h->target : "-", what, code, why);
}

static void
hop_fail(struct thop *h, unsigned int code, const char *why)
{
	h->td->refused_total++;
	hop_log(h, "refused", code, why, NULL);
	answer_err(h, code, why);
	hop_free(h);
}

/* The error text never says more than the code (checklist 75, 76). */
static const char *
code_text(unsigned int code)
{
	switch (code) {
	case 421: return "service not available";
	case 450: return "next hop unreachable";
	case 501: return "syntax error in parameters";
	case 504: return "parameter not implemented";
	case 530: return "authentication required";
	case 537: return "action not authorized for user";
	case 538: return "encryption already enabled";
	case 550: return "next hop did not continue the protocol";
	case 553: return "parameter invalid";
	case 554: return "transaction failed";
	default: return "request refused";
	}
}

/* ---- the relay ------------------------------------------------------------ */

static void
relay_done(void *arg, const struct beep_relay_stats *st, const char *why)
{
	struct thop	*h = arg;

	hop_log(h, "closed", 0, why, st);
	hop_free(h);		/* frees the relay too, as relay.h allows */
}

static int
bev_side(struct event_base *base, int fd, struct bufferevent **bev)
{
	*bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (*bev == NULL) {
		close(fd);
		return -1;
	}
	return 0;
}

/* Downstream is a TLS stream (TLS endpoint, or TUNNEL inside TLS). */
static int
relay_tls(struct thop *h, struct bufferevent *tls, int ufd,
    const struct buf *to_up, const struct buf *to_down)
{
	struct beep_relay_cfg	 rc;
	struct bufferevent	*ub;

	if (bev_side(h->td->base, ufd, &ub) == -1) {
		bufferevent_free(tls);
		return -1;
	}
	memset(&rc, 0, sizeof(rc));
	rc.pre_ab = to_up->data;
	rc.n_ab = to_up->len;
	rc.pre_ba = to_down->data;
	rc.n_ba = to_down->len;
	rc.idle_secs = h->td->conf->timeout_idle;
	rc.done = relay_done;
	rc.arg = h;
	h->relay = beep_relay_bev_new(h->td->base,
	    &(struct beep_relay_side){ tls, tls },
	    &(struct beep_relay_side){ ub, ub }, &rc);
	return h->relay != NULL ? 0 : -1;
}

static void
tls_accepted(struct bufferevent *bev, short what, void *arg)
{
	struct thop	*h = arg;
	struct buf	 none = BUF_INIT;
	int		 ufd = h->ufd;
	char		 e[256];

	if (!(what & BEV_EVENT_CONNECTED)) {
		hop_log(h, "closed", 0, beep_tls_bev_errstr(bev, e, sizeof(e)),
		    NULL);
		hop_free(h);		/* frees bev, h->tlsb */
		return;
	}
	h->tlsb = NULL;
	bufferevent_setcb(bev, NULL, NULL, NULL, NULL);
	/* a client that closes without close_notify simply ends the relay */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	h->ufd = -1;
	hop_state_set(h, HOP_ST_RELAY);
	if (relay_tls(h, bev, ufd, &none, &none) == -1) {
		hop_log(h, "closed", 0, "cannot relay", NULL);
		hop_free(h);
	}
}

/* TLS server on the raw stream after ok: the end-to-end leg. */
static int
switch_tls_endpoint(struct thop *h)
{
	struct bufferevent	*sb, *f;
	SSL			*ssl;

	if (h->td->tls_server == NULL ||
	    (ssl = SSL_new(h->td->tls_server)) == NULL)
		return -1;
	if ((sb = bufferevent_socket_new(h->td->base, h->dd.fd,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		SSL_free(ssl);
		return -1;
	}
	h->dd.fd = -1;
	/* our ok still to go out, then what the client sent after it */
	if (h->dd.out.len > 0)
		bufferevent_write(sb, h->dd.out.data, h->dd.out.len);
	if (h->dd.in.len > 0)
		evbuffer_add(bufferevent_get_input(sb), h->dd.in.data,
		    h->dd.in.len);
	/* tls.c frees ssl and sb if it fails */
	if ((f = beep_tls_bev_filter(h->td->base, sb, ssl, true)) == NULL)
		return -1;
	h->tlsb = f;
	bufferevent_setcb(f, NULL, NULL, tls_accepted, h);
	bufferevent_enable(f, EV_READ | EV_WRITE);
	return 0;
}

static void
hop_switch(evutil_socket_t fd, short what, void *arg)
{
	struct thop		*h = arg;
	struct tconn		*c = h->down;
	struct beep_detached	 du;
	struct beep_relay_cfg	 rc;
	struct buf		 to_up = BUF_INIT, to_down = BUF_INIT;
	int			 ufd, ok = -1;

	memset(&du, 0, sizeof(du));
	du.fd = -1;
	if (beep_peer_detach(c->peer, &h->dd) == -1) {
		hop_log(h, "closed", 0, "cannot detach", NULL);
		hop_free(h);
		return;
	}
	/* the connection is the relay's now; the session is over */
	conn_hop_done(c);
	h->down = NULL;
	if (h->up != NULL) {
		if (beep_peer_detach(h->up, &du) == -1) {
			hop_log(h, "closed", 0, "cannot detach upstream", NULL);
			hop_free(h);
			return;
		}
		beep_peer_free(h->up);
		h->up = NULL;
		ufd = du.fd;
	} else {
		ufd = h->ufd;
		h->ufd = -1;
	}
	hop_state_set(h, HOP_ST_RELAY);
	/* a stream already inside TLS with the client is relayed as is */
	if (h->mode == HOP_TLS && h->dd.tls == NULL) {
		h->ufd = ufd;
		if (switch_tls_endpoint(h) == -1) {
			hop_log(h, "closed", 0, "TLS not available", NULL);
			hop_free(h);
		}
		return;
	}
	/* checklist 73: octets read past either ok go through first */
	buf_put_bytes(&to_up, h->dd.in.data, h->dd.in.len);
	buf_put_bytes(&to_up, du.out.data, du.out.len);
	buf_put_bytes(&to_down, h->dd.out.data, h->dd.out.len);
	buf_put_bytes(&to_down, du.in.data, du.in.len);
	buf_free(&du.in);
	buf_free(&du.out);
	if (buf_ok(&to_up) && buf_ok(&to_down)) {
		if (h->dd.tls != NULL) {
			ok = relay_tls(h, h->dd.tls, ufd, &to_up, &to_down);
			h->dd.tls = NULL;
		} else {
			memset(&rc, 0, sizeof(rc));
			rc.pre_ab = to_up.data;
			rc.n_ab = to_up.len;
			rc.pre_ba = to_down.data;
			rc.n_ba = to_down.len;
			rc.idle_secs = h->td->conf->timeout_idle;
			rc.done = relay_done;
			rc.arg = h;
			h->relay = beep_relay_new(h->td->base, h->dd.fd, ufd,
			    &rc);
			h->dd.fd = -1;
			ok = h->relay != NULL ? 0 : -1;
		}
	} else
		close(ufd);
	buf_free(&to_up);
	buf_free(&to_down);
	if (ok == -1) {
		hop_log(h, "closed", 0, "cannot relay", NULL);
		hop_free(h);
	}
}

static void
hop_ok(struct thop *h)
{
	struct timeval	 tv = { 0, 0 };

	if ((h->switch_ev = evtimer_new(h->td->base, hop_switch, h)) == NULL ||
	    answer_ok(h) == -1) {
		hop_fail(h, 451, "cannot answer");
		return;
	}
	if (h->timer != NULL)
		evtimer_del(h->timer);
	h->td->tunnels_total++;
	hop_log(h, "open", 200, "ok", NULL);
	hop_state_set(h, HOP_ST_SWITCH);
	/* both peers are stopped; detach once their callbacks are over */
	evtimer_add(h->switch_ev, &tv);
}

/* ---- upstream BEEP ---------------------------------------------------------- */

static void
up_started(struct beep_peer *p, const struct beep_start_result *r, void *arg)
{
	struct thop		*h = arg;
	struct beep_mgmt	 m;

	if (!r->ok) {
		/* digest 11.4 4.5: the same error back, unchanged */
		hop_log(h, "refused", r->code, "by the next hop", NULL);
		h->td->refused_total++;
		answer_err(h, r->code, r->text);
		hop_free(h);
		return;
	}
	if (beep_mgmt_parse(&m, r->content, r->content_len,
	    BEEP_EL_BIT(BEEP_EL_OK) | BEEP_EL_BIT(BEEP_EL_ERROR)) !=
	    BEEP_MGMT_OK) {
		hop_fail(h, 550, code_text(550));
		return;
	}
	if (m.type == BEEP_EL_ERROR) {
		unsigned int code = m.u.error.code;

		answer_err(h, code, m.u.error.text ? m.u.error.text : "");
		beep_mgmt_clear(&m);
		h->td->refused_total++;
		hop_log(h, "refused", code, "by the next hop", NULL);
		hop_free(h);
		return;
	}
	beep_mgmt_clear(&m);
	beep_peer_tune(p);
	hop_ok(h);
}

static void
up_start_tunnel(struct thop *h)
{
	hop_state_set(h, HOP_ST_START);
	if (beep_peer_start(h->up, BEEP_URI_TUNNEL, h->inner.data,
	    h->inner.len, NULL, up_started, h) == -1)
		hop_fail(h, 451, "cannot start the tunnel upstream");
}

static void
up_authed(struct beep_peer *p, bool ok, unsigned int code, const char *text,
    void *arg)
{
	struct thop	*h = arg;

	if (!ok) {
		log_warnx("hop %s: upstream authentication failed: %u %s",
		    h->target, code, text);
		/* the client is told what any refusal says */
		hop_fail(h, 550, code_text(550));
		return;
	}
	up_start_tunnel(h);
}

static void
up_ready(struct beep_peer *p, void *arg)
{
	struct thop		*h = arg;
	const char		*user;

	if (h->state != HOP_ST_GREET)
		return;
	if (!beep_peer_offers(p, BEEP_URI_TUNNEL)) {
		hop_fail(h, 550, code_text(550));
		return;
	}
	user = (h->td->conf->upstream_user[0] ? h->td->conf->upstream_user : NULL);
	if (user != NULL && h->td->upstream_pass != NULL &&
	    beep_peer_offers(p, BEEP_URI_SASL "SCRAM-SHA-256")) {
		hop_state_set(h, HOP_ST_AUTH);
		if (beep_sasl_login(p, h->td->sasl, "SCRAM-SHA-256", user,
		    h->td->upstream_pass, up_authed, h) == -1)
			hop_fail(h, 451, "cannot authenticate upstream");
		return;
	}
	up_start_tunnel(h);
}

static void
up_gone(struct beep_peer *p, const char *why, void *arg)
{
	struct thop	*h = arg;

	if (h->state == HOP_ST_SWITCH || h->state == HOP_ST_RELAY)
		return;
	log_debug("hop %s: next hop session: %s", h->target, why);
	/* the peer object is freed by hop_free */
	hop_fail(h, 550, code_text(550));
}

/* ---- connecting ------------------------------------------------------------- */

static void
hop_connected(evutil_socket_t fd, short what, void *arg)
{
	struct thop		*h = arg;
	struct beep_peer_cfg	 pc;
	socklen_t		 sl = sizeof(int);
	int			 soerr = 0;
	char			 err[128];

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1)
		soerr = errno;
	if (soerr != 0) {
		log_debug("hop %s: connect: %s", h->target, strerror(soerr));
		hop_fail(h, 450, code_text(450));
		return;
	}
	if (h->mode != HOP_BEEP) {
		hop_ok(h);
		return;
	}
	memset(&pc, 0, sizeof(pc));
	pc.role = BEEP_ROLE_INITIATOR;
	pc.name = h->target;
	pc.arg = h;
	pc.ready = up_ready;
	pc.gone = up_gone;
	hop_state_set(h, HOP_ST_GREET);
	h->up = beep_peer_new(h->td->base, h->ufd, &pc, err, sizeof(err));
	h->ufd = -1;
	if (h->up == NULL || beep_peer_greet(h->up) == -1) {
		hop_fail(h, 451, "cannot start a session upstream");
		return;
	}
}

static void
hop_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct thop	*h = arg;

	hop_fail(h, 450, code_text(450));
}

static void
hop_dial(struct thop *h)
{
	h->ufd = sock_connect_tcp(h->addr, h->port, true);
	if (h->ufd == -1) {
		log_debug("hop %s: connect: %s", h->target, strerror(errno));
		hop_fail(h, 450, code_text(450));
		return;
	}
	sock_tune(h->ufd);
	h->conn_ev = event_new(h->td->base, h->ufd, EV_WRITE, hop_connected, h);
	if (h->conn_ev == NULL) {
		hop_fail(h, 451, "out of memory");
		return;
	}
	event_add(h->conn_ev, NULL);
	hop_state_set(h, HOP_ST_CONNECT);
}

/* ---- the request -------------------------------------------------------------- */

static void
hop_free(struct thop *h)
{
	if (h->down != NULL) {
		if (h->down->hop == h)
			h->down->hop = NULL;
		h->down->tuning = false;
	}
	if (h->counted)
		tunneld_usage_dec(&h->td->usage, h->user);
	if (h->conn_ev != NULL)
		event_free(h->conn_ev);
	if (h->timer != NULL)
		event_free(h->timer);
	if (h->switch_ev != NULL)
		event_free(h->switch_ev);
	if (h->up != NULL)
		beep_peer_free(h->up);
	if (h->ufd != -1)
		close(h->ufd);
	if (h->relay != NULL)
		beep_relay_free(h->relay);
	if (h->tlsb != NULL)
		bufferevent_free(h->tlsb);
	TAILQ_REMOVE(&h->td->hops, h, entry);
	if (h->dd.tls != NULL)
		bufferevent_free(h->dd.tls);
	if (h->dd.fd != -1)
		close(h->dd.fd);
	buf_free(&h->dd.in);
	buf_free(&h->dd.out);
	buf_free(&h->inner);
	free(h);
}

/* At exit: every tunnel, set up or relaying. */
void
hop_free_all(struct tunneld *td)
{
	struct thop	*h;

	while ((h = TAILQ_FIRST(&td->hops)) != NULL) {
		if (h->down != NULL)
			h->down->hop = NULL;
		h->down = NULL;
		h->req = NULL;
		hop_free(h);
	}
}

void
hop_cancel(struct thop *h)
{
	h->down = NULL;
	h->req = NULL;
	hop_free(h);
}

bool
hop_offer_tunnel(struct tconn *c)
{
	/* RFC 3620 5, checklist 61: not after TLS, unless told otherwise */
	return tunneld_tunnel_offered(c->td->conf,
	    beep_peer_tls_active(c->peer));
}

static bool
hop_has_addr(const struct beep_tunnel_hop *e)
{
	return e->fqdn != NULL || e->ip4 != NULL || e->ip6 != NULL ||
	    e->srv != NULL;
}

/* Decide what to do; a reply code if refused, 0 to go on. */
static unsigned int
hop_plan(struct thop *h, const struct beep_tunnel *t, const char **why)
{
	const struct beep_tunnel_hop	*e = &t->hops[0];
	const struct tunneld_endpoint	*ep;
	struct tunneld_target		 tg;
	enum tunneld_verdict		 v;

	memset(&tg, 0, sizeof(tg));
	if (e->profile != NULL) {
		tg.kind = TUNNELD_TGT_PROFILE;
		tg.name = e->profile;
	} else if (e->endpoint != NULL) {
		tg.kind = TUNNELD_TGT_ENDPOINT;
		tg.name = e->endpoint;
	} else if (!hop_has_addr(e)) {
		/* an empty element: this peer is the final destination */
		tg.kind = TUNNELD_TGT_LOCAL;
		tg.name = "";
	} else if (e->ip4 != NULL || e->ip6 != NULL) {
		tg.kind = TUNNELD_TGT_ADDRESS;
		tg.name = e->ip4 != NULL ? e->ip4 : e->ip6;
		tg.port = e->port;
	} else {
		tg.kind = TUNNELD_TGT_HOST;
		tg.name = e->fqdn != NULL ? e->fqdn : e->srv;
		tg.port = e->port;
	}
	if (tg.kind == TUNNELD_TGT_ADDRESS || tg.kind == TUNNELD_TGT_HOST)
		snprintf(h->target, sizeof(h->target), e->ip6 != NULL ?
		    "[%s]:%u" : "%s:%u", tg.name, tg.port);
	else
		snprintf(h->target, sizeof(h->target), "%s",
		    tg.kind == TUNNELD_TGT_LOCAL ? "(local)" : tg.name);
	/* checklist 75, 76: decided before anything is dialled */
	v = tunneld_authorize(h->td->conf, h->user, &tg);
	if (v != TUNNELD_ALLOW) {
		*why = tunneld_verdict_name(v);
		return tunneld_verdict_code(v);
	}
	if (tg.kind == TUNNELD_TGT_HOST) {
		/* names would need a resolver on the event loop */
		*why = "fqdn and srv not implemented";
		return 504;
	}
	if (tg.kind == TUNNELD_TGT_ADDRESS) {
		snprintf(h->addr, sizeof(h->addr), "%s", tg.name);
		h->port = e->port;
		if (t->nhops > 1) {
			h->mode = HOP_BEEP;
			if (beep_tunnel_put(&h->inner, t->hops + 1,
			    t->nhops - 1) != BEEP_MGMT_OK) {
				*why = "cannot write the inner element";
				return 501;
			}
		} else
			h->mode = HOP_RAW;
		return 0;
	}
	if ((ep = tunneld_target_endpoint(h->td->conf, &tg)) == NULL) {
		*why = "unknown endpoint";
		return 550;
	}
	snprintf(h->target, sizeof(h->target), "%s", ep->name);
	switch (ep->kind) {
	case TUNNELD_EP_LOCAL:
		h->mode = HOP_LOCAL;
		return 0;
	case TUNNELD_EP_TLS:
		if (h->td->tls_server == NULL) {
			*why = "no TLS certificate configured";
			return 504;
		}
		h->mode = HOP_TLS;
		break;
	case TUNNELD_EP_BEEP:
		h->mode = HOP_BEEP;
		if (beep_tunnel_put(&h->inner, NULL, 0) != BEEP_MGMT_OK) {
			*why = "out of memory";
			return 451;
		}
		break;
	default:
		h->mode = HOP_RAW;
		break;
	}
	if (inet_ntop(ep->addr.af, &ep->addr.u, h->addr, sizeof(h->addr)) ==
	    NULL) {
		*why = "bad endpoint address";
		return 451;
	}
	h->port = ep->port;
	return 0;
}

void
hop_request(struct tconn *c, struct beep_start_req *req, uint32_t channel,
    uint32_t msgno, const uint8_t *xml, size_t len)
{
	struct tunneld		*td = c->td;
	struct thop		*h;
	struct beep_mgmt	 m;
	enum beep_mgmt_err	 e;
	const char		*user = beep_peer_user(c->peer);
	const char		*why = "";
	unsigned int		 code;

	if ((h = calloc(1, sizeof(*h))) == NULL) {
		if (req != NULL)
			beep_peer_refuse(req, 421, "out of memory");
		else
			beep_peer_err(c->peer, channel, msgno, 421,
			    "out of memory");
		return;
	}
	h->td = td;
	TAILQ_INSERT_TAIL(&td->hops, h, entry);
	h->down = c;
	h->req = req;
	h->channel = channel;
	h->msgno = msgno;
	h->ufd = -1;
	h->dd.fd = -1;
	h->t0 = evloop_now_ms(td->base);
	buf_init(&h->inner);
	snprintf(h->user, sizeof(h->user), "%s", user != NULL ? user : "");
	snprintf(h->from, sizeof(h->from), "%s", c->from);
	c->hop = h;
	c->tuning = true;

	if ((e = beep_mgmt_parse(&m, xml, len, BEEP_EL_BIT(BEEP_EL_TUNNEL))) !=
	    BEEP_MGMT_OK) {
		/* nesting past what the parser holds is past limit hops too */
		if (e == BEEP_MGMT_ERR_LIMIT)
			hop_fail(h, 554, "too many hops");
		else
			hop_fail(h, beep_mgmt_err_code(e), beep_mgmt_err_str(e));
		return;
	}
	/* checklist 75: SASL first */
	if (user == NULL) {
		beep_mgmt_clear(&m);
		hop_fail(h, 530, code_text(530));
		return;
	}
	if ((code = tunneld_hops_check(td->conf, m.u.tunnel.nhops)) != 0) {
		beep_mgmt_clear(&m);
		hop_fail(h, code, "too many hops");
		return;
	}
	if ((code = tunneld_limit_check(td->conf, &td->usage, h->user)) != 0) {
		beep_mgmt_clear(&m);
		hop_fail(h, code, code_text(code));
		return;
	}
	code = hop_plan(h, &m.u.tunnel, &why);
	beep_mgmt_clear(&m);
	if (code != 0) {
		log_debug("hop %s: %s", h->target, why);
		/* 550 here is for a user allowed any endpoint: say which */
		hop_fail(h, code, code == 550 ? "no such endpoint" :
		    code_text(code));
		return;
	}
	if (h->mode == HOP_LOCAL) {
		/* step 1: ok, reset, a fresh greeting as listener */
		hop_log(h, "open", 200, "final destination", NULL);
		td->tunnels_total++;
		if (answer_ok(h) == -1) {
			hop_fail(h, 451, "cannot answer");
			return;
		}
		c->hop = NULL;
		c->tuning = false;
		c->sasl_done = false;
		h->down = NULL;
		hop_free(h);
		beep_peer_restart(c->peer);
		return;
	}
	if (tunneld_usage_inc(&td->usage, h->user) == -1) {
		hop_fail(h, 421, code_text(421));
		return;
	}
	h->counted = true;
	if ((h->timer = evtimer_new(td->base, hop_timeout, h)) == NULL) {
		hop_fail(h, 421, code_text(421));
		return;
	}
	evtimer_add_ms(h->timer, 1000ULL * td->conf->timeout_setup);
	hop_dial(h);
}

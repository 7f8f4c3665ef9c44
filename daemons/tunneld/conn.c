/*
 * DOC: conn: one accepted connection while it is a BEEP session. Its
 * greeting offers, as the session's state allows (digest 9-11.9):
 *
 *   TLS               when a certificate is configured, before TLS and
 *                     before any SASL exchange (RFC 3080 4);
 *   SASL SCRAM-SHA-256 until someone is authenticated; PLAIN only inside
 *                     TLS and if configured; ANONYMOUS only if configured;
 *   TUNNEL            before TLS (RFC 3620 5), or after it too with the
 *                     tunnel-after-tls deviation.
 *
 * Only one tuning channel at a time (checklist 50). A tunnel request
 * goes to hop.c; when it turns into a relay the connection is no longer
 * a session and this object goes (conn_hop_done()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "log.h"
#include "saslprof.h"
#include "tlsprof.h"
#include "tunneld.h"

static bool
offer_tls(struct beep_peer *p, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);

	return c != NULL && c->td->tls_server != NULL &&
	    !beep_peer_tls_active(p) && !c->sasl_done;
}

static bool
offer_scram(struct beep_peer *p, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);

	return c != NULL && !c->sasl_done;
}

static bool
offer_plain(struct beep_peer *p, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);

	return c != NULL && !c->sasl_done && beep_peer_tls_active(p) &&
	    c->td->conf->sasl[TUNNELD_SASL_PLAIN];
}

static bool
offer_anonymous(struct beep_peer *p, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);

	return c != NULL && !c->sasl_done &&
	    c->td->conf->sasl[TUNNELD_SASL_ANONYMOUS];
}

static bool
offer_tunnel(struct beep_peer *p, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);

	return c != NULL && hop_offer_tunnel(c);
}

/* Checklist 50: one tuning channel at a time. */
static bool
tuning_busy(struct tconn *c, struct beep_start_req *req)
{
	if (c->tuning) {
		beep_peer_refuse(req, 550, "a tuning channel is already open");
		return true;
	}
	return false;
}

static void
tls_start(struct beep_peer *p, struct beep_start_req *req, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);
	SSL		*ssl;

	if (tuning_busy(c, req))
		return;
	if (c->sasl_done) {
		beep_peer_refuse(req, 550, "TLS after SASL is not allowed");
		return;
	}
	if ((ssl = SSL_new(c->td->tls_server)) == NULL) {
		beep_peer_refuse(req, 451, "TLS not available");
		return;
	}
	beep_tls_server_start(req, ssl);
}

static void
tls_message(struct beep_peer *p, uint32_t channel, enum beep_type type,
    uint32_t msgno, const uint8_t *d, size_t len, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);
	SSL		*ssl;

	if ((ssl = SSL_new(c->td->tls_server)) == NULL) {
		beep_peer_err(p, channel, msgno, 451, "TLS not available");
		return;
	}
	beep_tls_server_message(p, channel, msgno, d, len, ssl);
}

static const char *
user_lookup(void *arg, const char *user)
{
	struct tconn	*c = arg;

	return tunneld_user_verifier(c->td->conf, user);
}

static void
sasl_result(struct beep_peer *p, bool ok, const char *user,
    unsigned int code, void *arg)
{
	struct tconn	*c = arg;

	c->tuning = false;
	if (ok) {
		c->sasl_done = true;
		log_info("auth user=%s from=%s ok", user, c->from);
	} else
		log_warnx("auth user=%s from=%s failed code=%u",
		    user != NULL ? user : "-", c->from, code);
}

static void
sasl_start(struct beep_peer *p, struct beep_start_req *req, void *arg)
{
	struct tconn			*c = beep_peer_arg(p);
	struct beep_sasl_server_cfg	 sc;

	if (tuning_busy(c, req))
		return;
	if (c->sasl_done) {
		/* checklist 56: one authentication per session */
		beep_peer_refuse(req, 554, "already authenticated");
		return;
	}
	memset(&sc, 0, sizeof(sc));
	sc.lookup = user_lookup;
	sc.arg = c;
	sc.allow_plain = beep_peer_tls_active(p) &&
	    c->td->conf->sasl[TUNNELD_SASL_PLAIN];
	sc.allow_anonymous = c->td->conf->sasl[TUNNELD_SASL_ANONYMOUS];
	beep_sasl_serve_start(req, c->td->sasl, &sc, sasl_result, c);
}

static void
sasl_message(struct beep_peer *p, uint32_t channel, enum beep_type type,
    uint32_t msgno, const uint8_t *d, size_t len, void *arg)
{
	beep_sasl_serve_message(p, channel, msgno, d, len);
}

static void
sasl_closed(struct beep_peer *p, uint32_t channel, void *arg)
{
	beep_sasl_serve_closed(p, channel);
}

static void
tunnel_start(struct beep_peer *p, struct beep_start_req *req, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);

	if (tuning_busy(c, req))
		return;
	if (!hop_offer_tunnel(c)) {
		/* RFC 3620 6: 538, encryption already enabled */
		beep_peer_refuse(req, 538, "encryption already enabled");
		return;
	}
	if (beep_peer_channels(p) > 0) {
		beep_peer_refuse(req, 550, "other channels are open");
		return;
	}
	if (req->content_len == 0) {
		/* the element comes as the channel's first MSG */
		beep_peer_accept(req, NULL, 0);
		return;
	}
	hop_request(c, req, 0, 0, req->content, req->content_len);
}

static void
tunnel_message(struct beep_peer *p, uint32_t channel, enum beep_type type,
    uint32_t msgno, const uint8_t *d, size_t len, void *arg)
{
	struct tconn	*c = beep_peer_arg(p);
	const uint8_t	*body;
	size_t		 blen;
	unsigned int	 code;

	if (c->tuning) {
		beep_peer_err(p, channel, msgno, 550, "tunnel already requested");
		return;
	}
	if ((code = beep_xml_body(d, len, &body, &blen)) != 0) {
		beep_peer_err(p, channel, msgno, code, "not beep+xml");
		return;
	}
	hop_request(c, NULL, channel, msgno, body, blen);
}

static const struct beep_profile_ops tunneld_profiles[] = {
	{ .uri = BEEP_URI_TLS, .offer = offer_tls, .start = tls_start,
	  .message = tls_message },
	{ .uri = BEEP_URI_SASL "SCRAM-SHA-256", .offer = offer_scram,
	  .start = sasl_start, .message = sasl_message,
	  .closed = sasl_closed },
	{ .uri = BEEP_URI_SASL "PLAIN", .offer = offer_plain,
	  .start = sasl_start, .message = sasl_message,
	  .closed = sasl_closed },
	{ .uri = BEEP_URI_SASL "ANONYMOUS", .offer = offer_anonymous,
	  .start = sasl_start, .message = sasl_message,
	  .closed = sasl_closed },
	{ .uri = BEEP_URI_TUNNEL, .offer = offer_tunnel,
	  .start = tunnel_start, .message = tunnel_message },
};

static void
conn_setup_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct tconn	*c = arg;

	if (c->hop != NULL)
		return;		/* hop.c has its own timer */
	log_info("session from=%s: no tunnel within the setup timeout",
	    c->from);
	conn_free(c);
}

static void
conn_arm(struct tconn *c)
{
	evtimer_add_ms(c->setup_timer,
	    1000ULL * c->td->conf->timeout_setup);
}

static void
conn_ready(struct beep_peer *p, void *arg)
{
	struct tconn	*c = arg;

	/* a new session after a reset (TLS, final destination): afresh */
	c->sasl_done = beep_peer_user(p) != NULL;
	conn_arm(c);
}

static void
conn_gone(struct beep_peer *p, const char *why, void *arg)
{
	struct tconn	*c = arg;

	log_debug("session from=%s: %s", c->from, why);
	conn_free(c);
}

void
conn_free(struct tconn *c)
{
	struct tunneld	*td = c->td;

	if (c->hop != NULL)
		hop_cancel(c->hop);
	if (c->setup_timer != NULL)
		event_free(c->setup_timer);
	if (c->peer != NULL)
		beep_peer_free(c->peer);
	TAILQ_REMOVE(&td->conns, c, entry);
	td->nconns--;
	free(c);
}

void
conn_hop_done(struct tconn *c)
{
	c->hop = NULL;
	conn_free(c);
}

void
conn_accept(struct tunneld *td, int fd, const char *from)
{
	struct beep_peer_cfg	 pc;
	struct tconn		*c;
	char			 err[128];

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(fd);
		return;
	}
	c->td = td;
	snprintf(c->from, sizeof(c->from), "%s", from);
	TAILQ_INSERT_TAIL(&td->conns, c, entry);
	td->nconns++;
	memset(&pc, 0, sizeof(pc));
	pc.role = BEEP_ROLE_LISTENER;
	pc.profiles = tunneld_profiles;
	pc.nprofiles = sizeof(tunneld_profiles) / sizeof(tunneld_profiles[0]);
	pc.name = c->from;
	pc.arg = c;
	pc.ready = conn_ready;
	pc.gone = conn_gone;
	if ((c->setup_timer = evtimer_new(td->base, conn_setup_timeout, c)) ==
	    NULL || (c->peer = beep_peer_new(td->base, fd, &pc, err,
	    sizeof(err))) == NULL) {
		log_warnx("session from=%s: %s", from, "out of memory");
		conn_free(c);
		return;
	}
	conn_arm(c);
	/* digest 7 and 11.8: 421 when out of resources */
	if (td->nconns > 4 * td->conf->tunnels) {
		log_warnx("session from=%s: too many sessions", from);
		beep_peer_refuse_session(c->peer, 421, "service not available");
		return;
	}
	if (beep_peer_greet(c->peer) == -1)
		conn_free(c);
}

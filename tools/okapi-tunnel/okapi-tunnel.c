/*
 * DOC: okapi-tunnel: reach a service behind one or more tunnelds.
 *
 *   okapi-tunnel [options] HOST[:PORT] NAME[/NAME...]
 *
 * HOST is the first tunneld. Each NAME but the last is a router asked of
 * the one before it (an endpoint of kind raw there, pointing at the next
 * tunneld); the last NAME is the service on the last router (an endpoint
 * of kind tls, or raw with --plain). For every router on the way the
 * client runs a BEEP session through the tunnel built so far:
 * authenticates with SASL SCRAM-SHA-256 (nothing reusable crosses the
 * wire) and asks for <tunnel endpoint='NEXT'/> (RFC 3620); after the
 * ok, a tuning reset, and the next session goes to the next router over
 * the same bytes. At the last router the service's stream starts with a
 * TLS handshake with that router, its certificate checked against -C or
 * --pin: operator traffic is encrypted end to end, every proxy in
 * between sees ciphertext. With -E (needs the tunnel-after-tls
 * deviation on the tunnelds) each session first runs TLS with its
 * router, so no hop sees even the names beyond its neighbour.
 *
 * Without -L the tunnel is stdin/stdout; with -L [ADDR:]PORT each local
 * connection (telnet 127.0.0.1 PORT) gets its own tunnel.
 *
 *   okapi-tunnel passwd [-i ITERATIONS] USER
 *
 * prints the configuration line for a user, with a salted verifier.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/listener.h>

#include "evloop.h"
#include "log.h"
#include "peer.h"
#include "relay.h"
#include "sasl.h"
#include "saslprof.h"
#include "sock.h"
#include "tls.h"
#include "tlsprof.h"

#define NAMES_MAX	BEEP_TUNNEL_HOPS_MAX

struct client {
	struct event_base	*base;
	struct beep_sasl_ctx	*sasl;
	SSL_CTX			*tls;
	struct beep_tls_cfg	 tcfg;
	char			 host[256];
	uint16_t		 port;
	const char		*first;		/* the first router's name */
	const char		*names[NAMES_MAX];
	size_t			 nnames;
	const char		*user;
	char			*pass;
	bool			 plain;		/* the service is not TLS */
	bool			 tls_every_hop;
	bool			 stdio;
	int			 status;	/* exit status, stdio mode */
	unsigned int		 active;
};

/* One tunnel, for stdio or one local connection. */
struct tun {
	struct client		*cl;
	struct beep_peer	*peer;
	int			 lfd;		/* local socket; -1: stdio */
	size_t			 k;		/* names[k] is asked next */
	bool			 authed;
	bool			 tls_pending;	/* -E: handshake with this router */
	bool			 tls_here;	/* -E: TLS with this router done */
	struct beep_relay	*relay;
	struct bufferevent	*tb;		/* the TLS stream, while handshaking */
	struct beep_detached	 dd;
};

static void	tun_free(struct tun *);

static const char *
router_name(const struct tun *t)
{
	/* the router we are talking to: the first, or the last name asked */
	size_t	 k = t->k < t->cl->nnames ? t->k : t->cl->nnames - 1;

	return k == 0 ? t->cl->first : t->cl->names[k - 1];
}

static void
tun_fail(struct tun *t, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "okapi-tunnel: %s: ", router_name(t));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	t->cl->status = 1;
	tun_free(t);
}

static void
tun_free(struct tun *t)
{
	struct client	*cl = t->cl;

	if (t->peer != NULL)
		beep_peer_free(t->peer);
	if (t->relay != NULL)
		beep_relay_free(t->relay);
	if (t->tb != NULL)
		bufferevent_free(t->tb);
	if (t->dd.tls != NULL)
		bufferevent_free(t->dd.tls);
	if (t->dd.fd != -1)
		close(t->dd.fd);
	buf_free(&t->dd.in);
	buf_free(&t->dd.out);
	if (t->lfd != -1)
		close(t->lfd);
	free(t);
	if (--cl->active == 0 && cl->stdio)
		event_base_loopexit(cl->base, NULL);
}

static void
relay_done(void *arg, const struct beep_relay_stats *st, const char *why)
{
	struct tun	*t = arg;

	if (t->cl->stdio && strncmp(why, "eof", 3) != 0) {
		fprintf(stderr, "okapi-tunnel: %s\n", why);
		t->cl->status = 1;
	}
	tun_free(t);
}

/* The local side: the accepted socket, or stdin and stdout. */
static int
local_side(struct tun *t, struct beep_relay_side *s)
{
	struct event_base	*b = t->cl->base;

	if (t->lfd != -1) {
		s->in = s->out = bufferevent_socket_new(b, t->lfd,
		    BEV_OPT_CLOSE_ON_FREE);
		if (s->in == NULL)
			return -1;
		t->lfd = -1;
		return 0;
	}
	evutil_make_socket_nonblocking(0);
	evutil_make_socket_nonblocking(1);
	s->in = bufferevent_socket_new(b, 0, 0);
	s->out = bufferevent_socket_new(b, 1, 0);
	return s->in != NULL && s->out != NULL ? 0 : -1;
}

static void
relay_start(struct tun *t, struct bufferevent *far)
{
	struct beep_relay_side	 a, b;
	struct beep_relay_cfg	 rc;

	if (local_side(t, &a) == -1) {
		bufferevent_free(far);
		tun_fail(t, "out of memory");
		return;
	}
	b.in = b.out = far;
	memset(&rc, 0, sizeof(rc));
	rc.pre_ba = t->dd.in.data;
	rc.n_ba = t->dd.in.len;
	rc.done = relay_done;
	rc.arg = t;
	if ((t->relay = beep_relay_bev_new(t->cl->base, &a, &b, &rc)) == NULL)
		tun_fail(t, "cannot relay");
}

static void
service_tls_event(struct bufferevent *bev, short what, void *arg)
{
	struct tun	*t = arg;
	char		 err[256];

	if (!(what & BEV_EVENT_CONNECTED)) {
		tun_fail(t, "TLS with the service failed: %s",
		    beep_tls_bev_errstr(bev, err, sizeof(err)));
		return;
	}
	if (beep_tls_check_peer(bufferevent_openssl_get_ssl(bev), &t->cl->tcfg,
	    err, sizeof(err)) == -1) {
		tun_fail(t, "%s", err);
		return;
	}
	t->tb = NULL;
	bufferevent_setcb(bev, NULL, NULL, NULL, NULL);
	/* the service's end closing TCP is the end, close_notify or not */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	relay_start(t, bev);
}

/* The last ok: the service's stream, TLS with the last router first. */
static void
service_start(evutil_socket_t unused, short what, void *arg)
{
	struct tun		*t = arg;
	struct bufferevent	*sb;
	SSL			*ssl;
	char			 err[256];

	if (beep_peer_detach(t->peer, &t->dd) == -1) {
		tun_fail(t, "cannot take over the stream");
		return;
	}
	beep_peer_free(t->peer);
	t->peer = NULL;
	if (t->dd.tls != NULL) {
		/* -E: the stream already runs inside TLS with this router */
		/* the socket stays ours (dd.fd): closed after the relay */
		sb = t->dd.tls;
		t->dd.tls = NULL;
		relay_start(t, sb);
		return;
	}
	if ((sb = bufferevent_socket_new(t->cl->base, t->dd.fd,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		tun_fail(t, "out of memory");
		return;
	}
	t->dd.fd = -1;
	if (t->dd.out.len > 0)
		bufferevent_write(sb, t->dd.out.data, t->dd.out.len);
	if (t->cl->plain) {
		/* the service's first octets, read with the ok: sent first */
		relay_start(t, sb);
		return;
	}
	/* the server's first TLS records, read with the ok: the filter's */
	if (t->dd.in.len > 0) {
		evbuffer_add(bufferevent_get_input(sb), t->dd.in.data,
		    t->dd.in.len);
		buf_reset(&t->dd.in);
	}
	t->cl->tcfg.peer_name = router_name(t);
	if ((ssl = beep_tls_ssl_new(t->cl->tls, &t->cl->tcfg, false, err,
	    sizeof(err))) == NULL) {
		bufferevent_free(sb);
		tun_fail(t, "%s", err);
		return;
	}
	/* tls.c frees ssl and sb if it fails */
	if ((t->tb = beep_tls_bev_filter(t->cl->base, sb, ssl, false)) ==
	    NULL) {
		tun_fail(t, "out of memory");
		return;
	}
	bufferevent_setcb(t->tb, NULL, NULL, service_tls_event, t);
	bufferevent_enable(t->tb, EV_READ | EV_WRITE);
}

static void
tunnel_answer(struct beep_peer *p, const struct beep_start_result *r,
    void *arg)
{
	struct tun		*t = arg;
	struct beep_mgmt	 m;
	struct timeval		 tv = { 0, 0 };
	const char		*asked = t->cl->names[t->k];

	if (!r->ok) {
		tun_fail(t, "tunnel to '%s' refused: %u %s", asked, r->code,
		    r->text);
		return;
	}
	if (beep_mgmt_parse(&m, r->content, r->content_len,
	    BEEP_EL_BIT(BEEP_EL_OK) | BEEP_EL_BIT(BEEP_EL_ERROR)) !=
	    BEEP_MGMT_OK) {
		tun_fail(t, "tunnel to '%s': malformed answer", asked);
		return;
	}
	if (m.type == BEEP_EL_ERROR) {
		tun_fail(t, "tunnel to '%s' refused: %u %s", asked,
		    m.u.error.code, m.u.error.text ? m.u.error.text : "");
		beep_mgmt_clear(&m);
		return;
	}
	beep_mgmt_clear(&m);
	beep_peer_tune(p);
	t->k++;
	t->authed = false;
	t->tls_here = false;
	if (t->k == t->cl->nnames) {
		/* after this callback returns, take the socket */
		event_base_once(t->cl->base, -1, EV_TIMEOUT, service_start, t,
		    &tv);
		return;
	}
	/* RFC 3620 4: a new session, with the next router, same bytes */
	beep_peer_restart(p);
}

static void
ask_tunnel(struct tun *t)
{
	struct beep_tunnel_hop	 hop;
	struct buf		 b = BUF_INIT;

	memset(&hop, 0, sizeof(hop));
	hop.endpoint = t->cl->names[t->k];
	if (beep_tunnel_put(&b, &hop, 1) != BEEP_MGMT_OK ||
	    beep_peer_start(t->peer, BEEP_URI_TUNNEL, b.data, b.len, NULL,
	    tunnel_answer, t) == -1)
		tun_fail(t, "cannot ask for a tunnel");
	buf_free(&b);
}

static void
authed(struct beep_peer *p, bool ok, unsigned int code, const char *text,
    void *arg)
{
	struct tun	*t = arg;

	if (!ok) {
		tun_fail(t, "authentication failed: %u %s", code, text);
		return;
	}
	t->authed = true;
	ask_tunnel(t);
}

static void
tls_started(struct beep_peer *p, bool ok, unsigned int code,
    const char *text, void *arg)
{
	struct tun	*t = arg;

	if (!ok)
		tun_fail(t, "TLS refused: %u %s", code, text);
}

static void
tun_ready(struct beep_peer *p, void *arg)
{
	struct tun	*t = arg;
	SSL		*ssl;
	char		 err[256];

	if (t->tls_pending) {
		/* the greeting inside TLS with this router */
		t->tls_pending = false;
		t->tls_here = true;
		if (beep_tls_check_peer(beep_peer_ssl(p), &t->cl->tcfg, err,
		    sizeof(err)) == -1) {
			tun_fail(t, "%s", err);
			return;
		}
	}
	if (t->cl->tls_every_hop && !t->tls_here) {
		if (!beep_peer_offers(p, BEEP_URI_TLS)) {
			tun_fail(t, "TLS is not offered");
			return;
		}
		t->cl->tcfg.peer_name = router_name(t);
		t->tls_pending = true;
		if ((ssl = beep_tls_ssl_new(t->cl->tls, &t->cl->tcfg, false,
		    err, sizeof(err))) == NULL ||
		    beep_tls_client_start(p, ssl, router_name(t), tls_started,
		    t) == -1)
			tun_fail(t, "cannot start TLS");
		return;
	}
	if (!beep_peer_offers(p, BEEP_URI_TUNNEL)) {
		tun_fail(t, "no TUNNEL profile offered");
		return;
	}
	if (!beep_peer_offers(p, BEEP_URI_SASL "SCRAM-SHA-256")) {
		tun_fail(t, "SASL SCRAM-SHA-256 is not offered");
		return;
	}
	if (beep_sasl_login(p, t->cl->sasl, "SCRAM-SHA-256", t->cl->user,
	    t->cl->pass, authed, t) == -1)
		tun_fail(t, "cannot authenticate");
}

static void
tun_gone(struct beep_peer *p, const char *why, void *arg)
{
	struct tun	*t = arg;

	tun_fail(t, "session ended: %s", why);
}

static void
tun_new(struct client *cl, int lfd)
{
	struct beep_peer_cfg	 pc;
	struct tun		*t;
	char			 err[128];
	int			 fd;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		if (lfd != -1)
			close(lfd);
		return;
	}
	t->cl = cl;
	t->lfd = lfd;
	t->dd.fd = -1;
	cl->active++;
	if ((fd = sock_connect_tcp(cl->host, cl->port, false)) == -1) {
		tun_fail(t, "connect to port %u: %s", cl->port,
		    strerror(errno));
		return;
	}
	memset(&pc, 0, sizeof(pc));
	pc.role = BEEP_ROLE_INITIATOR;
	pc.name = cl->host;
	pc.arg = t;
	pc.ready = tun_ready;
	pc.gone = tun_gone;
	if ((t->peer = beep_peer_new(cl->base, fd, &pc, err, sizeof(err))) ==
	    NULL) {
		tun_fail(t, "%s", err);
		return;
	}
	/* digest 5.1: greet at once, never wait for the listener */
	if (beep_peer_greet(t->peer) == -1)
		tun_fail(t, "cannot greet");
}

static void
on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
    int salen, void *arg)
{
	tun_new(arg, fd);
}

/* ---- passwords --------------------------------------------------------------- */

static char *
read_secret(const char *file, const char *prompt)
{
	struct termios	 old, quiet;
	char		 line[512];
	FILE		*f;
	bool		 tty = false;
	size_t		 n;

	if (file != NULL) {
		if ((f = fopen(file, "r")) == NULL)
			return NULL;
	} else {
		if ((f = fopen("/dev/tty", "r+")) == NULL)
			return NULL;
		fputs(prompt, f);
		fflush(f);
		if (tcgetattr(fileno(f), &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~ECHO;
			tty = tcsetattr(fileno(f), TCSAFLUSH, &quiet) == 0;
		}
	}
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	if (tty) {
		tcsetattr(fileno(f), TCSAFLUSH, &old);
		fputc('\n', f);
	}
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return n > 0 ? strdup(line) : NULL;
}

static int
cmd_passwd(int argc, char **argv)
{
	char		 v[512], *pw, *again;
	unsigned int	 iter = 4096;
	const char	*file = NULL;
	int		 ch;

	optind = 1;
	while ((ch = getopt(argc, argv, "i:P:")) != -1) {
		switch (ch) {
		case 'i':
			iter = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'P':
			file = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: okapi-tunnel passwd [-i ITERATIONS] "
		    "[-P FILE] USER\n");
		return 2;
	}
	if ((pw = read_secret(file, "Password: ")) == NULL) {
		fprintf(stderr, "okapi-tunnel: no password\n");
		return 1;
	}
	if (file == NULL) {
		again = read_secret(NULL, "Again: ");
		if (again == NULL || strcmp(again, pw) != 0) {
			fprintf(stderr, "okapi-tunnel: passwords differ\n");
			return 1;
		}
		free(again);
	}
	if (beep_scram_verifier_make(pw, iter, v, sizeof(v)) == -1) {
		fprintf(stderr, "okapi-tunnel: cannot make the verifier\n");
		return 1;
	}
	printf("user %s scram-sha-256 %s\n", argv[optind], v);
	free(pw);
	return 0;
}

/* ---- main --------------------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr,
	    "usage: okapi-tunnel [-dEkv] [-L [ADDR:]PORT] [-N NAME] [-u USER] "
	    "[-P PASSFILE]\n"
	    "                    [-C CAFILE] [--pin SHA256] [--plain] "
	    "HOST[:PORT] NAME[/NAME...]\n"
	    "       okapi-tunnel passwd [-i ITERATIONS] [-P FILE] USER\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pin", required_argument, NULL, 'p' },
		{ "plain", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct client		 cl;
	struct evloop		 loop;
	struct evconnlistener	*lst = NULL;
	const char		*listen_at = NULL, *passfile = NULL;
	char			 err[256], lhost[64] = "127.0.0.1", *path, *s;
	uint16_t		 lport = 0;
	int			 ch, verbose = 0, lfd;

	if (argc > 1 && strcmp(argv[1], "passwd") == 0)
		return cmd_passwd(argc - 1, argv + 1);
	memset(&cl, 0, sizeof(cl));
	cl.port = BEEP_TUNNEL_PORT;
	cl.user = getenv("USER");
	while ((ch = getopt_long(argc, argv, "C:dEkL:N:P:u:v", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'C':
			cl.tcfg.ca_file = optarg;
			break;
		case 'E':
			cl.tls_every_hop = true;
			break;
		case 'k':
			cl.tcfg.no_verify = true;
			break;
		case 'L':
			listen_at = optarg;
			break;
		case 'N':
			cl.first = optarg;
			break;
		case 'P':
			passfile = optarg;
			break;
		case 'p':
			cl.tcfg.pin_sha256 = optarg;
			break;
		case 'u':
			cl.user = optarg;
			break;
		case 'd':
		case 'v':
			verbose++;
			break;
		case 'x':
			cl.plain = true;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	log_init("okapi-tunnel", verbose, false);
	if (strchr(argv[optind], ':') == NULL &&
	    strlen(argv[optind]) < sizeof(cl.host))
		snprintf(cl.host, sizeof(cl.host), "%s", argv[optind]);
	else if (sock_split_hostport(argv[optind], cl.host, sizeof(cl.host),
	    &cl.port) == -1) {
		fprintf(stderr, "okapi-tunnel: bad address %s\n", argv[optind]);
		return 2;
	}
	if (cl.first == NULL)
		cl.first = cl.host;
	if ((path = strdup(argv[optind + 1])) == NULL)
		return 1;
	for (s = strtok(path, "/"); s != NULL; s = strtok(NULL, "/")) {
		if (cl.nnames == NAMES_MAX) {
			fprintf(stderr, "okapi-tunnel: too many names\n");
			return 2;
		}
		cl.names[cl.nnames++] = s;
	}
	if (cl.nnames == 0 || cl.user == NULL)
		usage();
	if (listen_at != NULL && sock_split_hostport(listen_at, lhost,
	    sizeof(lhost), &lport) == -1) {
		char *end;
		unsigned long v = strtoul(listen_at, &end, 10);

		if (*end != '\0' || v == 0 || v > 65535)
			usage();
		lport = (uint16_t)v;
	}
	if ((cl.pass = read_secret(passfile, "Password: ")) == NULL) {
		fprintf(stderr, "okapi-tunnel: no password\n");
		return 1;
	}
	if ((!cl.plain || cl.tls_every_hop) && (cl.tls = beep_tls_ctx_new(
	    &cl.tcfg, false, err, sizeof(err))) == NULL) {
		fprintf(stderr, "okapi-tunnel: %s\n", err);
		return 1;
	}
	if ((cl.sasl = beep_sasl_ctx_new(err, sizeof(err))) == NULL) {
		fprintf(stderr, "okapi-tunnel: %s\n", err);
		return 1;
	}
	/* stdio may be files or /dev/null, which epoll refuses */
	if (evloop_init_features(&loop, listen_at == NULL ? EV_FEATURE_FDS :
	    0) == -1)
		return 1;
	cl.base = loop.base;
	if (listen_at != NULL) {
		if ((lfd = sock_listen_tcp(lhost, lport, &lport)) == -1) {
			fprintf(stderr, "okapi-tunnel: listen on %s: %s\n",
			    listen_at, strerror(errno));
			return 1;
		}
		lst = evconnlistener_new(cl.base, on_accept, &cl,
		    LEV_OPT_CLOSE_ON_FREE, -1, lfd);
		fprintf(stderr, "okapi-tunnel: listening on %s:%u\n", lhost,
		    lport);
	} else {
		cl.stdio = true;
		tun_new(&cl, -1);
	}
	if (cl.active > 0 || lst != NULL)
		evloop_run(&loop);
	if (lst != NULL)
		evconnlistener_free(lst);
	beep_sasl_ctx_free(cl.sasl);
	if (cl.tls != NULL)
		SSL_CTX_free(cl.tls);
	evloop_fini(&loop);
	explicit_bzero(cl.pass, strlen(cl.pass));
	free(cl.pass);
	free(path);
	return cl.status;
}

/*
 * DOC: one client connection. Requests from the client are dispatched to
 * the Finder's own target and answered at once. Calls from the Finder to
 * the client (hello, cache invalidations, tunneled events) wait in `outq`
 * and go out one at a time, the next when the previous is answered
 * (§11.6). A failed or timed-out call means the client is hung or broken:
 * its connection is killed, which removes its targets (§11.6).
 *
 * A connection is never torn down inside another object's callback: kills
 * are deferred to kill_ev. A call still in flight when the client goes
 * holds the memory until its completion runs (fconn completes it with
 * SEND_FAILED from the loop).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "finder.h"

#define CLIENT_OUTQ_MAX		100000	/* a client this far behind is dead */
#define CLIENT_HELLO		"finder_client/0.2/hello"
#define CLIENT_TUNNEL		"finder_client/0.2/dispatch_tunneled_xrl"

struct fclient_call {
	struct fclient	*c;
	bool		 tunneled;
	char		 what[96];
};

static void	client_pump(struct fclient *);

static void
client_destroy(struct fclient *c)
{
	free(c);
}

static void
client_request(struct fconn *fc, struct finder_msg *msg, void *arg)
{
	struct fclient			*c = arg;
	struct finder			*f = c->f;
	const struct xrl_dispatch_entry	*e;
	struct xrl_args			 out = XRL_ARGS_INIT;
	struct xrl_error		 err;

	if (c->dying)
		return;
	xrl_error_ok(&err);
	/* §11.2: only the command counts; the target field is ignored. */
	e = xrl_dispatch_lookup(f->dispatch, msg->xrl.command,
	    strlen(msg->xrl.command));
	if (e == NULL)
		xrl_error_set(&err, XRL_NO_SUCH_METHOD, "%s", "");
	else {
		f->active = c;
		xrl_dispatch_call(e, &msg->xrl.args, &out, &err);
		f->active = NULL;
	}
	if (f->opts.trace)
		xrl_target_trace(f, c, &msg->xrl, &err, &out);
	if (!c->dying)
		fconn_reply(fc, msg->seq, &err,
		    err.code == XRL_OKAY ? &out : NULL);
	xrl_args_clear(&out);
	free(f->scratch);
	f->scratch = NULL;
	if (f->shutdown) {
		struct timeval	 tv = { 0, 200000 };

		/* Let the reply leave before the loop stops. */
		event_base_loopexit(f->base, &tv);
	}
}

static void
client_closed(struct fconn *fc, void *arg)
{
	struct fclient	*c = arg;

	log_debug("client %s: connection closed", c->peer);
	if (!c->dying)
		finder_drop_client(c->f, c);
}

static void
client_kill_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fclient	*c = arg;

	finder_drop_client(c->f, c);
}

void
client_kill(struct fclient *c, const char *why)
{
	if (c->dying)
		return;
	log_warnx("client %s: %s, closing", c->peer, why);
	c->dying = true;
	event_active(c->kill_ev, EV_TIMEOUT, 0);
}

static void
client_hello_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fclient	*c = arg;
	struct xrl	 x;

	evtimer_add_ms(c->hello_ev, c->f->opts.hello_ms);
	/* A call in flight already proves, or disproves, liveness. */
	if (c->inflight || !TAILQ_EMPTY(&c->outq))
		return;
	xrl_init(&x);
	if (xrl_set(&x, "finder", FINDER_HELLO_TARGET, CLIENT_HELLO) == -1) {
		xrl_clear(&x);
		return;
	}
	client_send(c, &x);
}

struct fclient *
client_new(struct finder *f, int fd, const char *peer)
{
	static const struct fconn_cbs cbs = {
		.request = client_request,
		.closed = client_closed,
	};
	struct fclient	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->f = f;
	TAILQ_INIT(&c->outq);
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	c->hello_ev = evtimer_new(f->base, client_hello_cb, c);
	c->kill_ev = event_new(f->base, -1, 0, client_kill_cb, c);
	if (c->hello_ev == NULL || c->kill_ev == NULL ||
	    (c->fc = fconn_new(f->base, fd, &cbs, c)) == NULL) {
		if (c->hello_ev)
			event_free(c->hello_ev);
		if (c->kill_ev)
			event_free(c->kill_ev);
		free(c);
		return NULL;
	}
	evtimer_add_ms(c->hello_ev, f->opts.hello_ms);
	TAILQ_INSERT_TAIL(&f->clients, c, entry);
	log_debug("client %s: connected", c->peer);
	return c;
}

/* Called once the client is off the Finder's list. */
void
client_free(struct fclient *c)
{
	struct fout	*o;

	c->dying = true;
	event_free(c->hello_ev);
	event_free(c->kill_ev);
	c->hello_ev = c->kill_ev = NULL;
	fconn_free(c->fc);
	c->fc = NULL;
	while ((o = TAILQ_FIRST(&c->outq)) != NULL) {
		TAILQ_REMOVE(&c->outq, o, entry);
		xrl_clear(&o->xrl);
		free(o);
	}
	if (!c->inflight)
		client_destroy(c);
}

static void
client_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct fclient_call	*call = arg;
	struct fclient		*c = call->c;
	const struct xrl_atom	*code, *note;
	char			 why[XRL_NOTE_MAX + 128];

	c->inflight = false;
	if (c->fc == NULL) {		/* freed while we were out */
		client_destroy(c);
		free(call);
		return;
	}
	if (err->code != XRL_OKAY) {
		snprintf(why, sizeof(why), "%s failed: %u %s%s%s", call->what,
		    err->code, xrl_code_str(err->code), err->note[0] ? " " : "",
		    err->note);
		client_kill(c, why);
		free(call);
		return;
	}
	if (call->tunneled) {
		code = xrl_args_find(reply, "xrl_error");
		note = xrl_args_find(reply, "xrl_error_note");
		if (code != NULL && code->type == XRL_TYPE_U32 &&
		    code->v.u32 != XRL_OKAY && log_limit_ok(&c->f->loglim))
			log_warnx("client %s: tunneled event refused: %u %s",
			    c->peer, code->v.u32, note != NULL &&
			    note->type == XRL_TYPE_TXT ?
			    (const char *)note->v.bytes.p : "");
	}
	free(call);
	client_pump(c);
}

static void
client_pump(struct fclient *c)
{
	struct fout		*o;
	struct fclient_call	*call;

	if (c->inflight || c->dying || (o = TAILQ_FIRST(&c->outq)) == NULL)
		return;
	TAILQ_REMOVE(&c->outq, o, entry);
	c->noutq--;
	if ((call = calloc(1, sizeof(*call))) == NULL) {
		xrl_clear(&o->xrl);
		free(o);
		client_kill(c, "out of memory");
		return;
	}
	call->c = c;
	call->tunneled = strcmp(o->xrl.command, CLIENT_TUNNEL) == 0;
	snprintf(call->what, sizeof(call->what), "%s", o->xrl.command);
	if (fconn_call(c->fc, &o->xrl, c->f->opts.timeout_ms, client_done,
	    NULL, call) == -1) {
		free(call);
		client_kill(c, "cannot send");
	} else
		c->inflight = true;
	xrl_clear(&o->xrl);
	free(o);
}

/* Queue a Finder->client call; takes the XRL's contents. */
void
client_send(struct fclient *c, struct xrl *x)
{
	struct fout	*o;

	if (c->dying || (o = calloc(1, sizeof(*o))) == NULL) {
		xrl_clear(x);
		return;
	}
	if (c->noutq >= CLIENT_OUTQ_MAX) {
		free(o);
		xrl_clear(x);
		client_kill(c, "not reading its calls");
		return;
	}
	o->xrl = *x;
	xrl_init(x);
	TAILQ_INSERT_TAIL(&c->outq, o, entry);
	c->noutq++;
	client_pump(c);
}

/*
 * DOC: the router's Finder client (§11.4-11.6). One fconn to the Finder
 * carries our calls to it (registration, resolve_xrl, finder-bound user
 * calls) and its calls to us (finder_client/0.2). Registration is a small
 * state machine per target, one Finder call at a time, in the order of
 * §11.4: register_finder_client (passing back our old cookie after a
 * reconnect), add_xrl for each method and each listener (unix first, so
 * local callers prefer it), set_finder_client_enabled, then the event
 * interests. When the connection is lost the resolution cache is cleared,
 * calls needing the Finder fail at once with NO_FINDER, and we reconnect
 * with a backoff of 100 ms doubling to 2 s and register everything again
 * by ourselves. Calls made while the very first connect is in progress
 * wait for it instead of failing.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"
#include "sock.h"

static void	fc_connect(struct xrl_router *);
static void	fc_next(struct xrl_router *);

/* finder_client/0.2, served on the Finder connection. */
static void
fcm_hello(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
}

static int
fcm_parse(const struct xrl_atom *a, struct xrl *x, struct xrl_error *err)
{
	char	 msg[XRL_ERRBUF];

	xrl_init(x);
	if (xrl_parse(x, (const char *)a->v.bytes.p, a->v.bytes.len, msg,
	    sizeof(msg)) == -1) {
		xrl_error_set(err, XRL_BAD_ARGS, "xrl: %s", msg);
		return -1;
	}
	return 0;
}

static void
fcm_remove_xrl(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	struct xrl_router	*r = ctx;
	struct xrl		 x;

	if (fcm_parse(in[0], &x, err) == -1)
		return;
	if (r->fctrace)
		log_info("FINDERCLIENTTRACE uncache %s/%s", x.target,
		    x.command);
	cache_remove_xrl(r, x.target, x.command);
	xrl_clear(&x);
}

static void
fcm_remove_target(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	struct xrl_router	*r = ctx;

	if (r->fctrace)
		log_info("FINDERCLIENTTRACE uncache target %s",
		    (const char *)in[0]->v.bytes.p);
	cache_remove_target(r, (const char *)in[0]->v.bytes.p);
}

/* A birth or death event, wrapped in the Finder's call (§11.6). */
static void
fcm_tunnel(const struct xrl_method *m, const void *impl, void *ctx,
    const struct xrl_atom *const *in, struct xrl_args *out,
    struct xrl_error *err)
{
	struct xrl_router		*r = ctx;
	const struct xrl_dispatch_entry	*e;
	struct xrl			 x;
	struct xrl_args			 ret = XRL_ARGS_INIT;
	struct xrl_error		 ierr;

	if (fcm_parse(in[0], &x, &ierr) == 0) {
		if ((e = xrl_dispatch_lookup(r->resolved, x.command,
		    strlen(x.command))) == NULL)
			xrl_error_set(&ierr, XRL_NO_SUCH_METHOD, "%s",
			    x.command);
		else
			xrl_dispatch_call(e, &x.args, &ret, &ierr);
		if (r->fctrace)
			log_info("FINDERCLIENTTRACE tunneled %s: %u %s",
			    x.command, ierr.code, ierr.note);
		xrl_clear(&x);
		xrl_args_clear(&ret);
	}
	if (xrl_args_add_u32(out, "xrl_error", ierr.code) == -1 ||
	    xrl_args_add_txt(out, "xrl_error_note", ierr.note) == -1)
		xrl_error_set(err, XRL_INTERNAL_ERROR, "out of memory");
}

static const struct xrl_param fcp_xrl[] = {
	{ "xrl", XRL_TYPE_TXT, XRL_TYPE_NONE },
};
static const struct xrl_param fcp_target[] = {
	{ "target_name", XRL_TYPE_TXT, XRL_TYPE_NONE },
};
static const struct xrl_param fcp_tunnel_out[] = {
	{ "xrl_error", XRL_TYPE_U32, XRL_TYPE_NONE },
	{ "xrl_error_note", XRL_TYPE_TXT, XRL_TYPE_NONE },
};
static const struct xrl_method fc_methods[] = {
	{ "finder_client/0.2/hello", fcm_hello, NULL, 0, NULL, 0 },
	{ "finder_client/0.2/remove_xrl_from_cache", fcm_remove_xrl,
	    fcp_xrl, 1, NULL, 0 },
	{ "finder_client/0.2/remove_xrls_for_target_from_cache",
	    fcm_remove_target, fcp_target, 1, NULL, 0 },
	{ "finder_client/0.2/dispatch_tunneled_xrl", fcm_tunnel,
	    fcp_xrl, 1, fcp_tunnel_out, 2 },
};

static void
fc_request(struct fconn *fc, struct finder_msg *msg, void *arg)
{
	struct xrl_router		*r = arg;
	const struct xrl_dispatch_entry	*e;
	const char			*cmd = msg->xrl.command;
	struct xrl_args			 out = XRL_ARGS_INIT;
	struct xrl_error		 err;

	/* Only the command counts; the target is ignored (§11.2). */
	if ((e = xrl_dispatch_lookup(r->fc_dispatch, cmd, strlen(cmd))) ==
	    NULL)
		e = xrl_dispatch_lookup(r->resolved, cmd, strlen(cmd));
	router_enter(r);
	if (e == NULL)
		xrl_error_set(&err, XRL_NO_SUCH_METHOD, "%s", cmd);
	else
		xrl_dispatch_call(e, &msg->xrl.args, &out, &err);
	if (r->fctrace && strcmp(cmd, fc_methods[0].name) != 0)
		log_info("FINDERCLIENTTRACE request %s: %u %s", cmd,
		    err.code, err.note);
	(void)fconn_reply(fc, msg->seq, &err, &out);
	xrl_args_clear(&out);
	router_leave(r);
}

static void
fc_lost(struct xrl_router *, const char *);

static void
fc_closed(struct fconn *fc, void *arg)
{
	fc_lost(arg, "connection lost");
}

static const struct fconn_cbs fc_cbs = { fc_request, fc_closed };

/* The Finder is unreachable: fail what needs it, retry later. */
static void
fc_down(struct xrl_router *r, const char *why)
{
	struct xrl_call	*call;

	/* Say it once; retries every 2 s would otherwise fill the log. */
	if (!r->fc_unreachable)
		log_warnx("xrl router: Finder %s%s%s:%u: %s; retrying",
		    r->finder_path ? r->finder_path : "",
		    r->finder_path ? " " : "", r->finder_addr,
		    r->finder_port, why);
	else
		log_debug("xrl router: Finder still unreachable: %s", why);
	r->fc_unreachable = true;
	r->fc_state = FC_DOWN;
	r->registered = false;
	router_enter(r);
	while ((call = TAILQ_FIRST(&r->fc_wait)) != NULL) {
		TAILQ_REMOVE(&r->fc_wait, call, entry);
		call_fail(r, call, XRL_NO_FINDER, "%s", why);
	}
	cache_finder_lost(r);
	router_leave(r);
	evtimer_add_ms(r->fc_timer, r->fc_backoff);
	r->fc_backoff = r->fc_backoff * 2 > FC_BACKOFF_MAX_MS ?
	    FC_BACKOFF_MAX_MS : r->fc_backoff * 2;
}

static void
fc_lost(struct xrl_router *r, const char *why)
{
	struct xrl_target	*t;

	if (r->fc != NULL)
		fconn_free(r->fc);
	r->fc = NULL;
	r->fc_busy = false;
	r->fc_drop = false;
	r->fc_gen++;
	TAILQ_FOREACH(t, &r->targets, entry) {
		t->stage = TS_REGISTER;
		t->idx = 0;
	}
	fc_down(r, why);
}

/* Send a finder-bound call now; the Finder connection is up. */
static void
fc_call_now(struct xrl_router *r, struct xrl_call *call, const struct xrl *x)
{
	if (r->trace) {
		struct buf	 b = BUF_INIT;

		(void)xrl_print(x, &b);
		log_info("XRLTRACE send %s", b.len ? buf_cstr(&b) : "?");
		buf_free(&b);
	}
	if (fconn_call(r->fc, x, r->timeout_ms, call->fn, call->ucb,
	    call->arg) == -1) {
		call_fail(r, call, XRL_SEND_FAILED,
		    "cannot send to the Finder");
		return;
	}
	call_put(r, call);
}

static void
fc_connected(evutil_socket_t fd, short ev, void *arg)
{
	struct xrl_router	*r = arg;
	struct xrl_call		*call;
	struct xrl		 x;
	socklen_t		 len = sizeof(int);
	int			 soerr = 0;
	char			 msg[XRL_ERRBUF];

	event_free(r->fc_ev);
	r->fc_ev = NULL;
	r->fc_fd = -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		soerr = errno;
	if (soerr != 0) {
		close(fd);
		fc_down(r, strerror(soerr));
		return;
	}
	if ((r->fc = fconn_new(r->base, fd, &fc_cbs, r)) == NULL) {
		close(fd);
		fc_down(r, "out of memory");
		return;
	}
	r->fc_state = FC_UP;
	if (r->fc_unreachable)
		log_info("xrl router: Finder reachable again");
	r->fc_unreachable = false;
	r->fc_backoff = FC_BACKOFF_MIN_MS;
	r->fc_gen++;
	if (r->fctrace)
		log_info("FINDERCLIENTTRACE connected to the Finder");
	router_enter(r);
	while ((call = TAILQ_FIRST(&r->fc_wait)) != NULL) {
		TAILQ_REMOVE(&r->fc_wait, call, entry);
		xrl_init(&x);
		x.protocol = (char *)"finder";
		x.target = (char *)call->target.data;
		x.command = (char *)call->cmd.data;
		if (xrl_args_unpack(&x.args, call->args.data, call->args.len,
		    msg, sizeof(msg)) == -1)
			call_fail(r, call, XRL_INTERNAL_ERROR, "%s", msg);
		else
			fc_call_now(r, call, &x);
		xrl_args_clear(&x.args);
	}
	cache_finder_up(r);
	fc_next(r);
	router_leave(r);
}

static void
fc_connect(struct xrl_router *r)
{
	int	 fd;

	r->fc_state = FC_CONNECTING;
	if (r->finder_path != NULL)
		fd = sock_connect_unix(r->finder_path, true);
	else
		fd = sock_connect_tcp(r->finder_addr, r->finder_port, true);
	if (fd == -1) {
		fc_down(r, strerror(errno));
		return;
	}
	r->fc_fd = fd;
	if ((r->fc_ev = event_new(r->base, fd, EV_WRITE, fc_connected,
	    r)) == NULL || event_add(r->fc_ev, NULL) == -1) {
		if (r->fc_ev)
			event_free(r->fc_ev);
		r->fc_ev = NULL;
		close(fd);
		r->fc_fd = -1;
		fc_down(r, "out of memory");
	}
}

static void
fc_timercb(evutil_socket_t fd, short ev, void *arg)
{
	struct xrl_router	*r = arg;

	if (r->fc_drop) {
		fc_lost(r, "registration failed");
		return;
	}
	if (r->fc_state == FC_DOWN)
		fc_connect(r);
}

static struct fop *
fop_new(struct xrl_router *r, enum fop_kind kind)
{
	struct fop	*op;

	if ((op = calloc(1, sizeof(*op))) == NULL)
		return NULL;
	op->r = r;
	op->kind = kind;
	op->gen = r->fc_gen;
	TAILQ_INSERT_TAIL(&r->fops, op, entry);
	return op;
}

static void	fc_step_done(struct xrl_router *, const struct xrl_error *,
		    const struct xrl_args *);

static void
fop_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct fop		*op = arg;
	struct xrl_router	*r = op->r;
	struct resol		*res = op->res;

	if (r == NULL) {		/* the router is gone */
		free(op);
		return;
	}
	TAILQ_REMOVE(&r->fops, op, entry);
	router_enter(r);
	if (op->kind == FOP_RESOLVE) {
		res->busy = false;
		if (res->orphan) {
			TAILQ_REMOVE(&r->orphans, res, centry);
			resol_reap(res);
		} else
			cache_resolved(r, res, err, reply);
	} else if (op->gen == r->fc_gen)
		fc_step_done(r, err, reply);
	free(op);
	router_leave(r);
}

/* Call the Finder on the router's own behalf. */
static int
fc_call(struct xrl_router *r, struct xrl *x, struct fop *op)
{
	int	 rc = -1;

	if (op != NULL && fconn_call(r->fc, x, r->timeout_ms, fop_done, NULL,
	    op) == 0)
		rc = 0;
	else if (op != NULL) {
		TAILQ_REMOVE(&r->fops, op, entry);
		free(op);
	}
	xrl_clear(x);
	return rc;
}

void
fc_resolve(struct xrl_router *r, struct resol *res)
{
	struct xrl	 x;
	struct buf	 b = BUF_INIT;
	struct fop	*op;

	if (r->fc_state == FC_CONNECTING) {
		res->state = RESOL_PENDING;
		return;
	}
	if (r->fc_state != FC_UP) {
		resol_fail(res, XRL_NO_FINDER, "no Finder");
		return;
	}
	xrl_init(&x);
	(void)buf_printf(&b, "finder://%s/%s", res->rt->name, res->command);
	if (!buf_ok(&b) || xrl_set(&x, "finder", "finder",
	    "finder/0.2/resolve_xrl") == -1 ||
	    xrl_args_add_txt(&x.args, "xrl", buf_cstr(&b)) == -1 ||
	    (op = fop_new(r, FOP_RESOLVE)) == NULL) {
		xrl_clear(&x);
		buf_free(&b);
		resol_fail(res, XRL_INTERNAL_ERROR, "out of memory");
		return;
	}
	op->res = res;
	if (r->fctrace)
		log_info("FINDERCLIENTTRACE resolve %s", buf_cstr(&b));
	buf_free(&b);
	if (fc_call(r, &x, op) == -1) {
		resol_fail(res, XRL_SEND_FAILED, "cannot send to the Finder");
		return;
	}
	res->state = RESOL_RESOLVING;
	res->busy = true;
}

void
fc_send(struct xrl_router *r, struct xrl_call *call, const struct xrl *x)
{
	if (r->fc_state == FC_UP) {
		fc_call_now(r, call, x);
		return;
	}
	if (r->fc_state != FC_CONNECTING) {
		call_fail(r, call, XRL_NO_FINDER, "no Finder");
		return;
	}
	buf_reset(&call->target);
	buf_reset(&call->cmd);
	buf_reset(&call->args);
	if (!buf_put_bytes(&call->target, x->target, strlen(x->target) + 1) ||
	    !buf_put_bytes(&call->cmd, x->command, strlen(x->command) + 1) ||
	    !xrl_args_pack(&x->args, &call->args)) {
		call_fail(r, call, XRL_INTERNAL_ERROR, "out of memory");
		return;
	}
	call->state = CALL_WAIT_FINDER;
	TAILQ_INSERT_TAIL(&r->fc_wait, call, entry);
}

static uint32_t
fc_nlisteners(const struct xrl_router *r)
{
	return (r->uaddr != NULL) + (r->taddr != NULL);
}

/* Build the next registration call for t; false when t has none left. */
static bool
fc_step(struct xrl_router *r, struct xrl_target *t, struct xrl *x)
{
	const struct xrl_dispatch_entry	*e;
	struct buf			 b = BUF_INIT;
	uint32_t			 nl = fc_nlisteners(r), l;
	int				 rc = 0;

	for (;;) {
		switch (t->stage) {
		case TS_REGISTER:
			rc |= xrl_set(x, "finder", "finder",
			    "finder/0.2/register_finder_client");
			rc |= xrl_args_add_txt(&x->args, "instance_name",
			    t->instance);
			rc |= xrl_args_add_txt(&x->args, "class_name",
			    t->class_name);
			rc |= xrl_args_add_bool(&x->args, "singleton",
			    t->singleton);
			rc |= xrl_args_add_txt(&x->args, "in_cookie",
			    t->cookie ? t->cookie : "");
			return rc == 0;
		case TS_ADD_XRL:
			if (nl == 0 ||
			    t->idx >= xrl_dispatch_count(t->d) * nl) {
				t->stage = TS_ENABLE;
				t->idx = 0;
				continue;
			}
			e = xrl_dispatch_at(t->d, t->idx / nl);
			l = t->idx % nl;
			if (r->uaddr == NULL)
				l++;
			(void)buf_printf(&b, "finder://%s/%s", t->instance,
			    e->method->name);
			rc |= xrl_set(x, "finder", "finder",
			    "finder/0.2/add_xrl");
			rc |= xrl_args_add_txt(&x->args, "xrl", buf_ok(&b) ?
			    buf_cstr(&b) : "");
			rc |= xrl_args_add_txt(&x->args, "protocol_name",
			    l == 0 ? "unix" : "stcp");
			rc |= xrl_args_add_txt(&x->args, "protocol_args",
			    l == 0 ? r->uaddr : r->taddr);
			rc |= buf_ok(&b) ? 0 : -1;
			buf_free(&b);
			return rc == 0;
		case TS_ENABLE:
			rc |= xrl_set(x, "finder", "finder",
			    "finder/0.2/set_finder_client_enabled");
			rc |= xrl_args_add_txt(&x->args, "instance_name",
			    t->instance);
			rc |= xrl_args_add_bool(&x->args, "enabled", true);
			return rc == 0;
		case TS_WATCH:
			if (t->idx >= t->nwatch) {
				t->stage = TS_DONE;
				return false;
			}
			rc |= xrl_set(x, "finder", "finder",
			    t->watches[t->idx].instance ?
			    "finder_event_notifier/0.1/"
			    "register_instance_event_interest" :
			    "finder_event_notifier/0.1/"
			    "register_class_event_interest");
			rc |= xrl_args_add_txt(&x->args, "requester_instance",
			    t->instance);
			rc |= xrl_args_add_txt(&x->args,
			    t->watches[t->idx].instance ? "instance_name" :
			    "class_name", t->watches[t->idx].name);
			return rc == 0;
		default:
			return false;
		}
	}
}

static void
fc_next(struct xrl_router *r)
{
	struct xrl_target	*t;
	struct xrl		 x;
	struct fop		*op;

	while (r->fc_state == FC_UP && !r->fc_busy && !r->fc_drop) {
		TAILQ_FOREACH(t, &r->targets, entry)
			if (t->stage != TS_DONE)
				break;
		if (t == NULL) {
			r->registered = true;
			if (!r->ready_done) {
				r->ready_done = true;
				if (r->fctrace)
					log_info("FINDERCLIENTTRACE ready");
				if (r->ready_fn != NULL)
					r->ready_fn(r, r->ready_arg);
			}
			return;
		}
		r->registered = false;
		xrl_init(&x);
		if (!fc_step(r, t, &x)) {
			xrl_clear(&x);
			if (t->stage == TS_DONE)
				continue;
			log_warnx("xrl router: %s: out of memory", t->instance);
			return;
		}
		if (r->fctrace) {
			struct buf	 b = BUF_INIT;

			(void)xrl_print(&x, &b);
			log_info("FINDERCLIENTTRACE %s", buf_cstr(&b));
			buf_free(&b);
		}
		if ((op = fop_new(r, FOP_REGISTER)) == NULL ||
		    fc_call(r, &x, op) == -1) {
			if (op == NULL)
				xrl_clear(&x);
			log_warnx("xrl router: %s: cannot call the Finder",
			    t->instance);
			return;
		}
		r->fc_busy = true;
	}
}

static void
fc_step_done(struct xrl_router *r, const struct xrl_error *err,
    const struct xrl_args *reply)
{
	static const struct xrl_param p_cookie[] = {
		{ "out_cookie", XRL_TYPE_TXT, XRL_TYPE_NONE },
	};
	static const struct xrl_param p_name[] = {
		{ "resolved_xrl_method_name", XRL_TYPE_TXT, XRL_TYPE_NONE },
	};
	const struct xrl_dispatch_entry	*e;
	const struct xrl_atom		*a[1];
	struct xrl_target		*t;
	struct xrl_error		 berr;
	char				 ebuf[XRL_NOTE_MAX + 64];

	r->fc_busy = false;
	TAILQ_FOREACH(t, &r->targets, entry)
		if (t->stage != TS_DONE)
			break;
	if (t == NULL)
		return;
	if (err->code != XRL_OKAY) {
		if (t->stage == TS_WATCH) {
			/* A watch on a missing instance: not worth a retry. */
			log_warnx("xrl router: %s: watch %s: %s", t->instance,
			    t->watches[t->idx].name,
			    xrl_error_print(err, ebuf, sizeof(ebuf)));
			t->idx++;
			fc_next(r);
			return;
		}
		goto fail;
	}
	switch (t->stage) {
	case TS_REGISTER:
		if (xrl_args_bind(reply, p_cookie, 1, a, &berr) == -1)
			goto badreply;
		free(t->cookie);
		t->cookie = strdup((const char *)a[0]->v.bytes.p);
		t->stage = TS_ADD_XRL;
		t->idx = 0;
		break;
	case TS_ADD_XRL:
		if (xrl_args_bind(reply, p_name, 1, a, &berr) == -1)
			goto badreply;
		e = xrl_dispatch_at(t->d, t->idx / fc_nlisteners(r));
		if (e == NULL || xrl_dispatch_add_as(r->resolved,
		    (const char *)a[0]->v.bytes.p, e) == -1) {
			xrl_error_set(&berr, XRL_INTERNAL_ERROR,
			    "out of memory");
			goto badreply;
		}
		t->idx++;
		break;
	case TS_ENABLE:
		t->stage = TS_WATCH;
		t->idx = 0;
		break;
	case TS_WATCH:
		t->idx++;
		break;
	}
	fc_next(r);
	return;
badreply:
	err = &berr;
fail:
	/* Start over on a fresh connection, after the usual backoff. */
	log_warnx("xrl router: %s: registration failed: %s", t->instance,
	    xrl_error_print(err, ebuf, sizeof(ebuf)));
	r->fc_drop = true;
	evtimer_add_ms(r->fc_timer, 0);
}

void
fc_kick(struct xrl_router *r)
{
	fc_next(r);
}

int
fc_init(struct xrl_router *r)
{
	TAILQ_INIT(&r->fc_wait);
	TAILQ_INIT(&r->fops);
	r->fc_fd = -1;
	r->fc_state = FC_IDLE;
	r->fc_backoff = FC_BACKOFF_MIN_MS;
	if ((r->fc_dispatch = xrl_dispatch_new()) == NULL ||
	    xrl_dispatch_add_all(r->fc_dispatch, fc_methods,
	    sizeof(fc_methods) / sizeof(fc_methods[0]), NULL, r) == -1 ||
	    (r->fc_timer = evtimer_new(r->base, fc_timercb, r)) == NULL)
		return -1;
	return 0;
}

int
fc_start(struct xrl_router *r)
{
	if (r->fc_state == FC_IDLE)
		fc_connect(r);
	return 0;
}

void
fc_fini(struct xrl_router *r)
{
	struct xrl_call	*call;
	struct fop	*op;

	/* Replies still to come find their router gone and just free. */
	while ((op = TAILQ_FIRST(&r->fops)) != NULL) {
		TAILQ_REMOVE(&r->fops, op, entry);
		op->r = NULL;
		op->res = NULL;
	}
	if (r->fc != NULL)
		fconn_free(r->fc);
	r->fc = NULL;
	if (r->fc_ev != NULL)
		event_free(r->fc_ev);
	if (r->fc_fd != -1)
		close(r->fc_fd);
	if (r->fc_timer != NULL)
		event_free(r->fc_timer);
	while ((call = TAILQ_FIRST(&r->fc_wait)) != NULL) {
		TAILQ_REMOVE(&r->fc_wait, call, entry);
		call_put(r, call);
	}
	xrl_dispatch_free(r->fc_dispatch);
}

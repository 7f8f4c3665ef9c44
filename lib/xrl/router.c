/*
 * DOC: the XRL router: options, targets, the public send API and the life
 * of a call. A call is a small record taken from a free list (its buffers
 * keep their capacity, so a steady stream of calls allocates nothing),
 * routed by cache.c or, for targets whose name starts with "finder", sent
 * over the Finder connection (§11.2). Every entry point from the event
 * loop runs between router_enter() and router_leave(): output produced in
 * between is written once, when the outermost pass ends. Errors known
 * before anything was sent complete through a deferred queue, run by an
 * event, so a completion never runs inside xrl_router_send().
 */
#include <sys/random.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "evloop.h"
#include "runtime.h"
#include "sock.h"

#define CALL_FREE_MAX	4096
#define CALL_BUF_KEEP	(64u << 10)

static const struct xrl_args no_args = XRL_ARGS_INIT;

uint64_t
router_now(struct xrl_router *r)
{
	return evloop_now_ms(r->base);
}

void
router_enter(struct xrl_router *r)
{
	r->depth++;
}

void
router_leave(struct xrl_router *r)
{
	if (--r->depth == 0)
		router_flush(r);
}

unsigned
router_flush_every(unsigned n)
{
	n /= XRL_FLUSH_SPLIT;
	return n < XRL_FLUSH_MIN ? XRL_FLUSH_MIN : n > XRL_FLUSH_MAX ?
	    XRL_FLUSH_MAX : n;
}

void
router_flush(struct xrl_router *r)
{
	struct stream	*s;

	while ((s = TAILQ_FIRST(&r->dirty)) != NULL) {
		TAILQ_REMOVE(&r->dirty, s, dirty);
		s->on_dirty = false;
		if (!event_pending(s->wr, EV_WRITE, NULL))
			(void)stream_flush(s);
	}
}

struct xrl_call *
call_get(struct xrl_router *r)
{
	struct xrl_call	*c;

	if ((c = TAILQ_FIRST(&r->free_calls)) != NULL) {
		TAILQ_REMOVE(&r->free_calls, c, entry);
		r->nfree--;
		return c;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	buf_init(&c->target);
	buf_init(&c->cmd);
	buf_init(&c->args);
	buf_init(&c->frame);
	return c;
}

static void
call_free(struct xrl_call *c)
{
	buf_free(&c->target);
	buf_free(&c->cmd);
	buf_free(&c->args);
	buf_free(&c->frame);
	free(c);
}

static void
call_trim(struct buf *b)
{
	if (b->cap > CALL_BUF_KEEP || !buf_ok(b))
		buf_free(b);
	else
		buf_reset(b);
}

void
call_put(struct xrl_router *r, struct xrl_call *c)
{
	if (r->nfree >= CALL_FREE_MAX) {
		call_free(c);
		return;
	}
	c->state = CALL_IDLE;
	c->rt = NULL;
	call_trim(&c->target);
	call_trim(&c->cmd);
	call_trim(&c->args);
	call_trim(&c->frame);
	TAILQ_INSERT_HEAD(&r->free_calls, c, entry);
	r->nfree++;
}

void
call_complete(struct xrl_router *r, struct xrl_call *c,
    const struct xrl_error *err, const struct xrl_args *reply)
{
	xrl_reply_fn	 fn = c->fn;
	xrl_fnptr	 ucb = c->ucb;
	void		*arg = c->arg;

	/* Recycled first: the completion may well send the next call. */
	call_put(r, c);
	fn(err, reply ? reply : &no_args, ucb, arg);
}

void
call_fail(struct xrl_router *r, struct xrl_call *c, uint32_t code,
    const char *fmt, ...)
{
	char	 note[XRL_NOTE_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	(void)vsnprintf(note, sizeof(note), fmt, ap);
	va_end(ap);
	xrl_error_set(&c->err, code, "%s", note);
	c->state = CALL_DONE;
	c->rt = NULL;
	TAILQ_INSERT_TAIL(&r->done, c, entry);
	event_active(r->done_ev, EV_TIMEOUT, 1);
}

static void
router_done(evutil_socket_t fd, short ev, void *arg)
{
	struct xrl_router	*r = arg;
	struct call_list	 batch;
	struct xrl_call		*c;
	struct xrl_error	 err;

	/* Only what is here now: a completion failing again waits a turn. */
	TAILQ_INIT(&batch);
	TAILQ_CONCAT(&batch, &r->done, entry);
	router_enter(r);
	while ((c = TAILQ_FIRST(&batch)) != NULL) {
		TAILQ_REMOVE(&batch, c, entry);
		err = c->err;
		if (r->trace)
			log_info("XRLTRACE failed: %u %s", err.code, err.note);
		call_complete(r, c, &err, &no_args);
	}
	router_leave(r);
}

static bool
env_on(const char *name)
{
	const char	*v = getenv(name);

	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

static int
router_opts(struct xrl_router *r, const struct xrl_router_opts *o)
{
	const char	*env, *dir;
	char		 host[128];
	uint16_t	 port;

	r->finder_port = o->finder_port ? o->finder_port : FINDER_DEFAULT_PORT;
	env = getenv("OKAPI_FINDER");
	if (o->finder_addr == NULL && env != NULL && *env != '\0' &&
	    sock_split_hostport(env, host, sizeof(host), &port) == 0) {
		r->finder_addr = strdup(host);
		r->finder_port = port;
	} else
		r->finder_addr = strdup(o->finder_addr ? o->finder_addr :
		    "127.0.0.1");
	if (o->finder_path != NULL &&
	    (r->finder_path = strdup(o->finder_path)) == NULL)
		return -1;
	r->listen_addr = strdup(o->listen_addr ? o->listen_addr :
	    "127.0.0.1");
	if ((dir = o->unix_dir) == NULL &&
	    ((dir = getenv("OKAPI_RUNDIR")) == NULL || *dir == '\0'))
		dir = "/tmp";
	if (*dir != '\0' && (r->unix_dir = strdup(dir)) == NULL)
		return -1;
	r->no_tcp = o->no_tcp;
	r->timeout_ms = o->timeout_ms ? o->timeout_ms :
	    XRL_DEFAULT_TIMEOUT_MS;
	r->window = o->window ? o->window : XRL_DEFAULT_WINDOW;
	r->keepalive_ms = o->keepalive_ms ? o->keepalive_ms :
	    XRL_KEEPALIVE_MS;
	r->idle_ms = o->idle_ms ? o->idle_ms : XRL_IDLE_MS;
	r->trace = env_on("XRLTRACE");
	r->fctrace = env_on("FINDERCLIENTTRACE");
	if (r->finder_addr == NULL || r->listen_addr == NULL)
		return -1;
	return 0;
}

int
xrl_router_opts_finder(struct xrl_router_opts *o, const char *spec,
    char *host, size_t hostlen)
{
	const char	*colon = strchr(spec, ':');

	if (strchr(spec, '/') != NULL) {
		o->finder_path = spec;
		return 0;
	}
	if (sock_split_hostport(spec, host, hostlen, &o->finder_port) == -1) {
		/* A bare host; one colon means a port that did not parse. */
		if (*spec == '\0' || strlen(spec) >= hostlen ||
		    (colon != NULL && colon == strrchr(spec, ':')))
			return -1;
		snprintf(host, hostlen, "%s", spec);
		o->finder_port = 1104;
	}
	o->finder_addr = host;
	return 0;
}

struct xrl_router *
xrl_router_new(struct event_base *base, const struct xrl_router_opts *opts)
{
	static const struct xrl_router_opts defaults;
	struct xrl_router	*r;
	struct log_limit	 lim = LOG_LIMIT_INIT(10, 5);

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->base = base;
	r->ufd = r->tfd = -1;
	r->lim = lim;
	TAILQ_INIT(&r->targets);
	TAILQ_INIT(&r->lconns);
	TAILQ_INIT(&r->sconns);
	TAILQ_INIT(&r->free_calls);
	TAILQ_INIT(&r->done);
	TAILQ_INIT(&r->dirty);
	xrl_args_init(&r->scratch);
	cache_init(r);
	if (router_opts(r, opts ? opts : &defaults) == -1 ||
	    (r->resolved = xrl_dispatch_new()) == NULL ||
	    (r->done_ev = event_new(base, -1, 0, router_done, r)) == NULL ||
	    fc_init(r) == -1) {
		xrl_router_free(r);
		return NULL;
	}
	stcp_server_init(&r->srv, r->resolved);
	r->srv.trace = r->trace;
	return r;
}

static void
target_free(struct xrl_target *t)
{
	uint32_t	 i;

	for (i = 0; i < t->nwatch; i++)
		free(t->watches[i].name);
	free(t->watches);
	free(t->class_name);
	free(t->instance);
	free(t->cookie);
	xrl_dispatch_free(t->d);
	free(t);
}

void
xrl_router_free(struct xrl_router *r)
{
	struct xrl_target	*t;
	struct xrl_call		*c;

	if (r == NULL)
		return;
	fc_fini(r);
	listener_close(r);
	sconn_free_all(r);
	cache_fini(r);
	while ((c = TAILQ_FIRST(&r->done)) != NULL) {
		TAILQ_REMOVE(&r->done, c, entry);
		call_free(c);
	}
	while ((c = TAILQ_FIRST(&r->free_calls)) != NULL) {
		TAILQ_REMOVE(&r->free_calls, c, entry);
		call_free(c);
	}
	while ((t = TAILQ_FIRST(&r->targets)) != NULL) {
		TAILQ_REMOVE(&r->targets, t, entry);
		target_free(t);
	}
	if (r->done_ev)
		event_free(r->done_ev);
	stcp_server_clear(&r->srv);
	xrl_args_clear(&r->scratch);
	xrl_dispatch_free(r->resolved);
	free(r->finder_addr);
	free(r->finder_path);
	free(r->listen_addr);
	free(r->unix_dir);
	free(r);
}

/* "<class>-<32 hex>@127.0.0.1", as XORP names instances (§11.4). */
static char *
target_instance_name(const struct xrl_router *r, const char *class_name)
{
	uint8_t		 rnd[16];
	char		 hex[33], *s;
	size_t		 i;
	uint64_t	 mix;

	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		/* No entropy yet: still unique enough within this host. */
		mix = (uint64_t)getpid() << 32 ^ (uintptr_t)r ^
		    (uint64_t)evloop_now_ms(r->base);
		for (i = 0; i < sizeof(rnd); i++) {
			mix = mix * 6364136223846793005ULL +
			    1442695040888963407ULL;
			rnd[i] = (uint8_t)(mix >> 56);
		}
	}
	for (i = 0; i < sizeof(rnd); i++)
		(void)snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	if (asprintf(&s, "%s-%s@127.0.0.1", class_name, hex) == -1)
		return NULL;
	return s;
}

struct xrl_target *
xrl_router_add_target(struct xrl_router *r, const char *class_name,
    bool singleton)
{
	struct xrl_target	*t;

	if (class_name == NULL || *class_name == '\0' ||
	    strpbrk(class_name, "/@?&=:") != NULL ||
	    strncmp(class_name, "finder", 6) == 0)
		return NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->r = r;
	t->singleton = singleton;
	if ((t->class_name = strdup(class_name)) == NULL ||
	    (t->instance = target_instance_name(r, class_name)) == NULL ||
	    (t->d = xrl_dispatch_new()) == NULL) {
		target_free(t);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&r->targets, t, entry);
	if (r->fc_state != FC_IDLE) {
		if (listener_open(r) == -1)
			log_warnx("xrl router: %s: no listener", t->instance);
		fc_kick(r);
	}
	return t;
}

const char *
xrl_target_instance(const struct xrl_target *t)
{
	return t->instance;
}

const char *
xrl_target_class(const struct xrl_target *t)
{
	return t->class_name;
}

struct xrl_dispatch *
xrl_target_dispatch(struct xrl_target *t)
{
	return t->d;
}

static int
target_watch(struct xrl_target *t, const char *name, bool instance)
{
	struct watch	*w;

	uint32_t	 i;

	if (name == NULL || *name == '\0')
		return -1;
	for (i = 0; i < t->nwatch; i++)
		if (t->watches[i].instance == instance &&
		    strcmp(t->watches[i].name, name) == 0)
			return 0;	/* watched already */
	if ((w = reallocarray(t->watches, t->nwatch + 1, sizeof(*w))) == NULL)
		return -1;
	t->watches = w;
	if ((w[t->nwatch].name = strdup(name)) == NULL)
		return -1;
	w[t->nwatch].instance = instance;
	t->nwatch++;
	if (t->stage == TS_DONE) {
		t->stage = TS_WATCH;
		t->idx = t->nwatch - 1;
		fc_kick(t->r);
	}
	return 0;
}

int
xrl_target_watch_class(struct xrl_target *t, const char *class_name)
{
	return target_watch(t, class_name, false);
}

int
xrl_target_watch_instance(struct xrl_target *t, const char *instance)
{
	return target_watch(t, instance, true);
}

int
xrl_target_bind_resolved(struct xrl_target *t, const char *method,
    const char *resolved)
{
	const struct xrl_dispatch_entry	*e;

	if ((e = xrl_dispatch_lookup(t->d, method, strlen(method))) == NULL)
		return -1;
	return xrl_dispatch_add_as(t->r->resolved, resolved, e);
}

int
xrl_router_listen(struct xrl_router *r)
{
	return listener_open(r);
}

const char *
xrl_router_listen_addr(const struct xrl_router *r, const char *protocol)
{
	if (strcmp(protocol, "unix") == 0)
		return r->uaddr;
	if (strcmp(protocol, "stcp") == 0)
		return r->taddr;
	return NULL;
}

int
xrl_router_start(struct xrl_router *r)
{
	if (!TAILQ_EMPTY(&r->targets) && listener_open(r) == -1)
		return -1;
	return fc_start(r);
}

bool
xrl_router_ready(const struct xrl_router *r)
{
	return r->fc_state == FC_UP && r->registered;
}

void
xrl_router_on_ready(struct xrl_router *r,
    void (*fn)(struct xrl_router *, void *), void *arg)
{
	r->ready_fn = fn;
	r->ready_arg = arg;
}

struct event_base *
xrl_router_base(const struct xrl_router *r)
{
	return r->base;
}

static void
router_trace_send(const char *protocol, const char *target,
    const char *command, const struct xrl_args *args)
{
	struct xrl	 x;
	struct buf	 b = BUF_INIT;

	x.protocol = (char *)protocol;
	x.target = (char *)target;
	x.command = (char *)command;
	x.args = *args;
	(void)xrl_print(&x, &b);
	log_info("XRLTRACE send %s", b.len ? buf_cstr(&b) : "?");
	buf_free(&b);
}

static struct xrl_call *
router_call(struct xrl_router *r, xrl_reply_fn fn, xrl_fnptr ucb, void *arg)
{
	struct xrl_call	*c;

	if ((c = call_get(r)) == NULL)
		return NULL;
	c->fn = fn;
	c->ucb = ucb;
	c->arg = arg;
	c->deadline = router_now(r) + r->timeout_ms;
	return c;
}

int
xrl_router_send(struct xrl_router *r, const char *target,
    const char *command, const struct xrl_args *args, xrl_reply_fn fn,
    xrl_fnptr ucb, void *arg)
{
	struct xrl_call	*c;
	struct rtarget	*rt;
	struct xrl	 x;

	if (target == NULL || *target == '\0' || command == NULL ||
	    *command == '\0' || fn == NULL || strchr(target, '/') != NULL)
		return -1;
	if (args == NULL)
		args = &no_args;
	if ((c = router_call(r, fn, ucb, arg)) == NULL)
		return -1;
	if (strncmp(target, "finder", 6) == 0) {
		x.protocol = (char *)"finder";
		x.target = (char *)target;
		x.command = (char *)command;
		x.args = *args;
		fc_send(r, c, &x);
		return 0;
	}
	if ((rt = rtarget_get(r, target, strlen(target), false)) == NULL) {
		call_put(r, c);
		return -1;
	}
	if (r->trace)
		router_trace_send("finder", target, command, args);
	cache_submit(r, rt, command, c, args);
	return 0;
}

int
xrl_router_send_xrl(struct xrl_router *r, const struct xrl *x,
    xrl_reply_fn fn, xrl_fnptr ucb, void *arg)
{
	struct xrl_call	*c;
	struct rtarget	*rt;
	char		 key[300];
	size_t		 tlen;

	if (x->protocol == NULL || strcasecmp(x->protocol, "finder") == 0)
		return xrl_router_send(r, x->target, x->command, &x->args, fn,
		    ucb, arg);
	if ((strcmp(x->protocol, "stcp") != 0 &&
	    strcmp(x->protocol, "unix") != 0) || x->target == NULL ||
	    *x->target == '\0' || x->command == NULL || *x->command == '\0' ||
	    fn == NULL)
		return -1;
	/* "stcp://" and "unix://" are both 7 bytes; no printf per call. */
	if ((tlen = strlen(x->target)) > sizeof(key) - 8)
		return -1;
	memcpy(key, x->protocol, 4);
	memcpy(key + 4, "://", 3);
	memcpy(key + 7, x->target, tlen + 1);
	if ((rt = rtarget_get(r, key, tlen + 7, true)) == NULL ||
	    (c = router_call(r, fn, ucb, arg)) == NULL)
		return -1;
	if (r->trace)
		router_trace_send(x->protocol, x->target, x->command,
		    &x->args);
	cache_submit(r, rt, x->command, c, &x->args);
	return 0;
}

/* Heap-held, so a loop that stops early leaves nothing dangling. */
struct call_wait {
	bool			 done;
	bool			 abandoned;
	struct xrl_error	 err;
	struct xrl_args		 reply;
};

static void
call_wait_done(const struct xrl_error *err, const struct xrl_args *reply,
    xrl_fnptr ucb, void *arg)
{
	struct call_wait	*w = arg;

	if (w->abandoned) {
		free(w);
		return;
	}
	w->done = true;
	w->err = *err;
	if (err->code == XRL_OKAY && xrl_args_copy(&w->reply, reply) == -1)
		xrl_error_set(&w->err, XRL_INTERNAL_ERROR, "out of memory");
}

uint32_t
xrl_router_call(struct xrl_router *r, const struct xrl *x,
    struct xrl_args *reply, struct xrl_error *err)
{
	struct call_wait	*w;

	if (reply != NULL)
		xrl_args_clear(reply);
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		xrl_error_set(err, XRL_INTERNAL_ERROR, "out of memory");
		return err->code;
	}
	xrl_args_init(&w->reply);
	if (xrl_router_send_xrl(r, x, call_wait_done, NULL, w) == -1) {
		free(w);
		xrl_error_set(err, XRL_INTERNAL_ERROR, "cannot send");
		return err->code;
	}
	while (!w->done) {
		if (event_base_loop(r->base, EVLOOP_ONCE) == -1 ||
		    event_base_got_break(r->base) ||
		    event_base_got_exit(r->base))
			break;
	}
	if (!w->done) {
		w->abandoned = true;
		xrl_error_set(err, XRL_INTERNAL_ERROR, "event loop stopped");
		return err->code;
	}
	*err = w->err;
	if (reply != NULL && err->code == XRL_OKAY)
		*reply = w->reply;
	else
		xrl_args_clear(&w->reply);
	free(w);
	return err->code;
}

static void
wait_ready_timeout(evutil_socket_t fd, short ev, void *arg)
{
	*(bool *)arg = true;
}

bool
xrl_router_wait_ready(struct xrl_router *r, uint32_t ms)
{
	struct event	*timer;
	bool		 expired = false;

	if (xrl_router_ready(r))
		return true;
	if ((timer = evtimer_new(r->base, wait_ready_timeout, &expired)) ==
	    NULL)
		return false;
	evtimer_add_ms(timer, ms);
	while (!xrl_router_ready(r) && !expired) {
		if (event_base_loop(r->base, EVLOOP_ONCE) == -1 ||
		    event_base_got_break(r->base) ||
		    event_base_got_exit(r->base))
			break;
	}
	event_free(timer);
	return xrl_router_ready(r);
}

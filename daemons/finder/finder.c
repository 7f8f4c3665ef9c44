/*
 * DOC: targets, classes and registrations (§11.3-11.5). A target is created
 * disabled by register_finder_client, gathers methods with add_xrl, and
 * becomes resolvable once enabled. A class lists its instances oldest first;
 * the first is the primary, which a lookup by class name resolves to. Every
 * change that others must hear about goes through events.c.
 *
 * Ownership: f->active is the client whose request is being served; only
 * the connection that registered a target may change it.
 */
#include <sys/random.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "finder.h"

#define NOT_OWNER	"Target \"%s\" does not exist or caller is not " \
			"responsible for it."

struct finder *
finder_new(struct event_base *base, const struct finder_opts *opts)
{
	struct finder	*f;
	uint32_t	 seed;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	f->base = base;
	f->opts = *opts;
	TAILQ_INIT(&f->targets);
	TAILQ_INIT(&f->classes);
	TAILQ_INIT(&f->watches);
	TAILQ_INIT(&f->clients);
	f->loglim = (struct log_limit)LOG_LIMIT_INIT(10, 10);
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint32_t)time(NULL);
	f->cookie_ctr = seed;
	if (permit_init(&f->permit) == -1 ||
	    (f->dispatch = xrl_dispatch_new()) == NULL) {
		finder_free(f);
		return NULL;
	}
	return f;
}

void
finder_free(struct finder *f)
{
	struct fclient	*c;
	struct fwatch	*w;

	if (f == NULL)
		return;
	/* Nobody is left to tell: no goodbyes on the way out. */
	TAILQ_FOREACH(c, &f->clients, entry)
		c->dying = true;
	while ((c = TAILQ_FIRST(&f->clients)) != NULL)
		finder_drop_client(f, c);
	while ((w = TAILQ_FIRST(&f->watches)) != NULL) {
		TAILQ_REMOVE(&f->watches, w, entry);
		free(w->watcher);
		free(w->name);
		free(w);
	}
	if (f->dispatch)
		xrl_dispatch_free(f->dispatch);
	permit_clear(&f->permit);
	free(f->scratch);
	free(f);
}

/*
 * An 8-hex-digit counter and 8 random hex digits (§7), so that a process
 * bypassing the Finder cannot guess a callable method name.
 */
void
finder_cookie(struct finder *f, char *out)
{
	uint32_t	 r;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (uint32_t)random();
	snprintf(out, FINDER_COOKIE_LEN + 1, "%08x%08x", f->cookie_ctr++, r);
}

/* Target and class names: what an XRL target field may hold (§2.2). */
bool
finder_name_ok(const char *s)
{
	if (*s == '\0')
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_.:@-") == strlen(s);
}

struct ftarget *
finder_target(struct finder *f, const char *name)
{
	struct ftarget	*t;

	TAILQ_FOREACH(t, &f->targets, entry)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

struct fclass *
finder_class(struct finder *f, const char *name)
{
	struct fclass	*c;

	TAILQ_FOREACH(c, &f->classes, entry)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

struct ftarget *
finder_target_owned(struct finder *f, const char *name)
{
	struct ftarget	*t = finder_target(f, name);

	if (t == NULL || f->active == NULL || t->owner != f->active)
		return NULL;
	return t;
}

struct fmethod *
finder_method(struct ftarget *t, const char *command)
{
	struct fmethod	*m;

	TAILQ_FOREACH(m, &t->methods, entry)
		if (strcmp(m->command, command) == 0)
			return m;
	return NULL;
}

static void
finder_method_free(struct fmethod *m)
{
	uint32_t	 i;

	for (i = 0; i < m->nres; i++) {
		free(m->res[i].xrl);
		free(m->res[i].method);
	}
	free(m->res);
	free(m->key);
	free(m->command);
	free(m);
}

/* Reserved for the Finder itself: clients send these names to it (§11.2). */
static bool
finder_name_reserved(const char *s)
{
	return strncmp(s, FINDER_TARGET, strlen(FINDER_TARGET)) == 0;
}

static struct ftarget *
finder_target_with_cookie(struct finder *f, const char *cookie)
{
	struct ftarget	*t;

	TAILQ_FOREACH(t, &f->targets, entry)
		if (strcmp(t->cookie, cookie) == 0)
			return t;
	return NULL;
}

int
finder_register(struct finder *f, const char *instance, const char *clsname,
    bool singleton, const char *in_cookie, char *out_cookie,
    struct xrl_error *err)
{
	struct ftarget	*t;
	struct fclass	*cls;
	bool		 newcls = false;

	if (!finder_name_ok(instance) || !finder_name_ok(clsname)) {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Invalid target or class name.");
		return -1;
	}
	if (finder_name_reserved(instance) || finder_name_reserved(clsname)) {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Names starting with \"%s\" are reserved.", FINDER_TARGET);
		return -1;
	}
	if (*in_cookie != '\0') {
		/* A client back after a reconnect: evict its stale copy. */
		if (strlen(in_cookie) != FINDER_COOKIE_LEN || strspn(in_cookie,
		    "0123456789abcdef") != FINDER_COOKIE_LEN) {
			xrl_error_set(err, XRL_COMMAND_FAILED,
			    "Invalid cookie.");
			return -1;
		}
		if ((t = finder_target_with_cookie(f, in_cookie)) != NULL) {
			log_info("finder: %s re-registers, evicting its old "
			    "registration", t->name);
			finder_target_remove(f, t);
		}
		snprintf(out_cookie, FINDER_COOKIE_LEN + 1, "%s", in_cookie);
	} else
		finder_cookie(f, out_cookie);

	if ((t = finder_target(f, instance)) != NULL) {
		if (t->owner == f->active) {
			/* Registering again on the same connection is fine. */
			snprintf(out_cookie, FINDER_COOKIE_LEN + 1, "%s",
			    t->cookie);
			return 0;
		}
		goto taken;
	}
	if ((cls = finder_class(f, clsname)) != NULL) {
		if (!TAILQ_EMPTY(&cls->instances) &&
		    (singleton || cls->singleton))
			goto taken;
	} else {
		if ((cls = calloc(1, sizeof(*cls))) == NULL ||
		    (cls->name = strdup(clsname)) == NULL) {
			free(cls);
			goto nomem;
		}
		cls->singleton = singleton;
		TAILQ_INIT(&cls->instances);
		TAILQ_INSERT_TAIL(&f->classes, cls, entry);
		newcls = true;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->name = strdup(instance)) == NULL) {
		free(t);
		if (newcls) {
			TAILQ_REMOVE(&f->classes, cls, entry);
			free(cls->name);
			free(cls);
		}
		goto nomem;
	}
	snprintf(t->cookie, sizeof(t->cookie), "%s", out_cookie);
	t->cls = cls;
	t->singleton = singleton;
	t->owner = f->active;
	TAILQ_INIT(&t->methods);
	TAILQ_INSERT_TAIL(&f->targets, t, entry);
	TAILQ_INSERT_TAIL(&cls->instances, t, cls_entry);
	log_debug("finder: registered %s (class %s%s) from %s", t->name,
	    cls->name, singleton ? ", singleton" : "",
	    t->owner ? t->owner->peer : "?");
	return 0;
taken:
	xrl_error_set(err, XRL_COMMAND_FAILED, "%s already registered.",
	    instance);
	return -1;
nomem:
	xrl_error_set(err, XRL_COMMAND_FAILED, "Out of memory.");
	return -1;
}

/*
 * Remove a target: its registrations, the watches it holds, and, when it
 * was visible, tell everyone it is gone.
 */
void
finder_target_remove(struct finder *f, struct ftarget *t)
{
	struct fclass	*cls = t->cls;
	struct fmethod	*m;
	bool		 primary = TAILQ_FIRST(&cls->instances) == t;

	log_debug("finder: removing %s (class %s)", t->name, cls->name);
	TAILQ_REMOVE(&f->targets, t, entry);
	TAILQ_REMOVE(&cls->instances, t, cls_entry);
	events_forget_watcher(f, t->name);
	if (t->enabled)
		events_death(f, t, primary);
	if (TAILQ_EMPTY(&cls->instances)) {
		TAILQ_REMOVE(&f->classes, cls, entry);
		free(cls->name);
		free(cls);
	}
	while ((m = TAILQ_FIRST(&t->methods)) != NULL) {
		TAILQ_REMOVE(&t->methods, m, entry);
		finder_method_free(m);
	}
	free(t->name);
	free(t);
}

void
finder_target_enable(struct finder *f, struct ftarget *t, bool on)
{
	if (t->enabled == on)
		return;
	t->enabled = on;
	log_debug("finder: %s %s", t->name, on ? "enabled" : "disabled");
	if (on)
		events_birth(f, t);
	else
		events_death(f, t, TAILQ_FIRST(&t->cls->instances) == t);
}

/* Parse an unresolved XRL argument ("finder://target/command"). */
static int
finder_parse_unresolved(const char *text, struct xrl *x,
    struct xrl_error *err)
{
	char	 why[XRL_ERRBUF];

	if (xrl_parse(x, text, strlen(text), why, sizeof(why)) == -1) {
		xrl_error_set(err, XRL_COMMAND_FAILED, "Invalid xrl string: %s",
		    why);
		return -1;
	}
	if (strcmp(x->protocol, "finder") != 0) {
		xrl_clear(x);
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Invalid xrl string: not an unresolved XRL");
		return -1;
	}
	return 0;
}

static char *
finder_strjoin(const char *a, const char *b, const char *c, const char *d)
{
	char	*s;

	if (asprintf(&s, "%s%s%s%s", a, b, c, d) == -1)
		return NULL;
	return s;
}

int
finder_add_xrl(struct finder *f, const char *xrl, const char *pf,
    const char *pfargs, char **resolved, struct xrl_error *err)
{
	struct xrl	 x;
	struct ftarget	*t = NULL;
	struct fmethod	*m = NULL;
	struct fres	*res;
	char		 cookie[FINDER_COOKIE_LEN + 1];
	char		*prefix = NULL, *rxrl = NULL, *rmethod = NULL;
	uint32_t	 i;
	int		 rv = -1;

	*resolved = NULL;
	xrl_init(&x);
	if (finder_parse_unresolved(xrl, &x, err) == -1)
		return -1;
	if ((t = finder_target_owned(f, x.target)) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED, NOT_OWNER, x.target);
		goto out;
	}
	if (strcmp(pf, "stcp") != 0 && strcmp(pf, "unix") != 0) {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Unknown protocol family \"%s\".", pf);
		goto out;
	}
	if (!finder_name_ok(pfargs)) {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Invalid protocol address \"%s\".", pfargs);
		goto out;
	}
	if ((prefix = finder_strjoin(pf, "://", pfargs, "/")) == NULL)
		goto nomem;
	if ((m = finder_method(t, x.command)) != NULL) {
		/* The same endpoint again: re-asserting is not an error. */
		for (i = 0; i < m->nres; i++)
			if (strncmp(m->res[i].xrl, prefix,
			    strlen(prefix)) == 0) {
				if ((*resolved = strdup(m->res[i].method)) ==
				    NULL)
					goto nomem;
				rv = 0;
				goto out;
			}
	} else {
		if ((m = calloc(1, sizeof(*m))) == NULL)
			goto nomem;
		m->key = finder_strjoin("finder://", t->name, "/", x.command);
		m->command = strdup(x.command);
		if (m->key == NULL || m->command == NULL) {
			finder_method_free(m);
			goto nomem;
		}
		TAILQ_INSERT_TAIL(&t->methods, m, entry);
	}
	finder_cookie(f, cookie);
	rmethod = finder_strjoin(x.command, "-", cookie, "");
	if (rmethod == NULL ||
	    (rxrl = finder_strjoin(prefix, rmethod, "", "")) == NULL ||
	    (*resolved = strdup(rmethod)) == NULL ||
	    (res = reallocarray(m->res, m->nres + 1, sizeof(*res))) == NULL) {
		free(*resolved);
		*resolved = NULL;
		goto nomem;
	}
	m->res = res;
	m->res[m->nres].xrl = rxrl;
	m->res[m->nres].method = rmethod;
	m->nres++;
	rxrl = rmethod = NULL;
	rv = 0;
	goto out;
nomem:
	xrl_error_set(err, XRL_COMMAND_FAILED, "Out of memory.");
out:
	if (rv == -1 && m != NULL && t != NULL && m->nres == 0) {
		TAILQ_REMOVE(&t->methods, m, entry);
		finder_method_free(m);
	}
	free(prefix);
	free(rxrl);
	free(rmethod);
	xrl_clear(&x);
	return rv;
}

int
finder_remove_xrl(struct finder *f, const char *xrl, struct xrl_error *err)
{
	struct xrl	 x;
	struct ftarget	*t;
	struct fmethod	*m;
	int		 rv = -1;

	xrl_init(&x);
	if (finder_parse_unresolved(xrl, &x, err) == -1)
		return -1;
	if ((t = finder_target_owned(f, x.target)) == NULL)
		xrl_error_set(err, XRL_COMMAND_FAILED, NOT_OWNER, x.target);
	else if ((m = finder_method(t, x.command)) == NULL)
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Xrl \"%s\" is not registered.", xrl);
	else {
		TAILQ_REMOVE(&t->methods, m, entry);
		if (t->enabled)
			events_xrl_gone(f, t, m);
		finder_method_free(m);
		rv = 0;
	}
	xrl_clear(&x);
	return rv;
}

/*
 * §11.5: a class name means its primary instance, and wins over an instance
 * of the same name. The answer lists every endpoint in registration order.
 */
int
finder_resolve(struct finder *f, const char *xrl, struct xrl_args *out,
    struct xrl_error *err)
{
	struct xrl	 x;
	struct fclass	*cls;
	struct ftarget	*t;
	struct fmethod	*m;
	uint32_t	 i;
	int		 rv = -1;

	xrl_init(&x);
	if (finder_parse_unresolved(xrl, &x, err) == -1)
		return -1;
	if ((cls = finder_class(f, x.target)) != NULL)
		t = TAILQ_FIRST(&cls->instances);
	else
		t = finder_target(f, x.target);
	if (t == NULL)
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Target \"%s\" does not exist or is not enabled.",
		    x.target);
	else if (!t->enabled)
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Xrl target is not enabled.");
	else if ((m = finder_method(t, x.command)) == NULL || m->nres == 0)
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Xrl does not resolve: %s", xrl);
	else {
		rv = 0;
		for (i = 0; i < m->nres; i++)
			if (xrl_args_add_txt(out, NULL, m->res[i].xrl) == -1) {
				xrl_error_set(err, XRL_COMMAND_FAILED,
				    "Out of memory.");
				rv = -1;
				break;
			}
	}
	xrl_clear(&x);
	return rv;
}

/* A connection is gone: every target it owned goes with it (§11.6). */
void
finder_drop_client(struct finder *f, struct fclient *c)
{
	struct ftarget	*t, *next;

	TAILQ_REMOVE(&f->clients, c, entry);
	c->dying = true;
	for (t = TAILQ_FIRST(&f->targets); t != NULL; t = next) {
		next = TAILQ_NEXT(t, entry);
		if (t->owner == c)
			finder_target_remove(f, t);
	}
	if (f->active == c)
		f->active = NULL;
	client_free(c);
}

/*
 * DOC: what the Finder tells its clients (§11.5, §11.6). Watches name a
 * class or an instance; a birth goes out when a watched instance is enabled
 * (and at once, on registering interest, for those already enabled), a
 * death when it is disabled or removed. Events are tunneled: the Finder
 * resolves the watcher's own finder_event_observer/0.1 method and sends the
 * resulting XRL inside finder_client/0.2/dispatch_tunneled_xrl over the
 * watcher's Finder connection. Cache invalidations go to every client.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finder.h"

#define OBSERVER_IFACE	"finder_event_observer/0.1/"
#define CLIENT_IFACE	"finder_client/0.2/"

static struct fwatch *
events_find(struct finder *f, enum fwatch_kind kind, const char *watcher,
    const char *name)
{
	struct fwatch	*w;

	TAILQ_FOREACH(w, &f->watches, entry)
		if (w->kind == kind && strcmp(w->watcher, watcher) == 0 &&
		    strcmp(w->name, name) == 0)
			return w;
	return NULL;
}

static bool
events_matches(const struct fwatch *w, const struct ftarget *t)
{
	if (w->kind == FWATCH_CLASS)
		return strcmp(w->name, t->cls->name) == 0;
	return strcmp(w->name, t->name) == 0;
}

/* Build "finder://<watcher>/<resolved observer method>?..." and tunnel it. */
static void
events_send(struct finder *f, const char *watcher, const char *event,
    const struct ftarget *t)
{
	struct ftarget	*w;
	struct fmethod	*m;
	struct xrl	 inner, outer;
	struct buf	 text = BUF_INIT;
	char		 command[64];

	if ((w = finder_target(f, watcher)) == NULL || w->owner == NULL ||
	    w->owner->dying)
		return;
	snprintf(command, sizeof(command), OBSERVER_IFACE "%s", event);
	if ((m = finder_method(w, command)) == NULL || m->nres == 0) {
		if (log_limit_ok(&f->loglim))
			log_warnx("finder: failed to resolve %s on %s, %s of "
			    "%s lost", command, watcher, event, t->name);
		return;
	}
	xrl_init(&inner);
	xrl_init(&outer);
	if (xrl_set(&inner, "finder", watcher, m->res[0].method) == -1 ||
	    xrl_args_add_txt(&inner.args, "target_class", t->cls->name) ||
	    xrl_args_add_txt(&inner.args, "target_instance", t->name) ||
	    !xrl_print(&inner, &text) ||
	    xrl_set(&outer, "finder", watcher,
	    CLIENT_IFACE "dispatch_tunneled_xrl") == -1 ||
	    xrl_args_add_txt_len(&outer.args, "xrl", text.data,
	    text.len) == -1) {
		log_warnx("finder: out of memory sending %s to %s", event,
		    watcher);
		xrl_clear(&outer);
	} else {
		log_debug("finder: %s of %s to %s", event, t->name, watcher);
		client_send(w->owner, &outer);
	}
	xrl_clear(&inner);
	buf_free(&text);
}

/* One event per watcher, however many of its watches match. */
static void
events_announce(struct finder *f, const struct ftarget *t, const char *event)
{
	struct fwatch	*w, *v;

	TAILQ_FOREACH(w, &f->watches, entry) {
		if (!events_matches(w, t))
			continue;
		for (v = TAILQ_FIRST(&f->watches); v != w;
		    v = TAILQ_NEXT(v, entry))
			if (events_matches(v, t) &&
			    strcmp(v->watcher, w->watcher) == 0)
				break;
		if (v == w)
			events_send(f, w->watcher, event, t);
	}
}

int
events_watch(struct finder *f, enum fwatch_kind kind, const char *watcher,
    const char *name, struct xrl_error *err)
{
	struct fwatch	*w;
	struct fclass	*cls;
	struct ftarget	*t;

	if (finder_target_owned(f, watcher) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "failed (not originator).");
		return -1;
	}
	if (!finder_name_ok(name)) {
		xrl_error_set(err, XRL_COMMAND_FAILED, "Invalid name \"%s\".",
		    name);
		return -1;
	}
	t = finder_target(f, name);
	if (kind == FWATCH_INSTANCE && t == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "Instance \"%s\" does not exist.", name);
		return -1;
	}
	if (events_find(f, kind, watcher, name) == NULL) {
		if ((w = calloc(1, sizeof(*w))) == NULL ||
		    (w->watcher = strdup(watcher)) == NULL ||
		    (w->name = strdup(name)) == NULL) {
			if (w)
				free(w->watcher);
			free(w);
			xrl_error_set(err, XRL_COMMAND_FAILED,
			    "Out of memory.");
			return -1;
		}
		w->kind = kind;
		TAILQ_INSERT_TAIL(&f->watches, w, entry);
	}
	/* §11.6: the watcher hears at once about what is already alive. */
	if (kind == FWATCH_INSTANCE) {
		if (t->enabled)
			events_send(f, watcher, "xrl_target_birth", t);
	} else if ((cls = finder_class(f, name)) != NULL) {
		TAILQ_FOREACH(t, &cls->instances, cls_entry)
			if (t->enabled)
				events_send(f, watcher, "xrl_target_birth", t);
	}
	return 0;
}

int
events_unwatch(struct finder *f, enum fwatch_kind kind, const char *watcher,
    const char *name, struct xrl_error *err)
{
	struct fwatch	*w;

	if (finder_target_owned(f, watcher) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED,
		    "failed (not originator).");
		return -1;
	}
	/* Dropping interest that is not there already holds: not an error. */
	if ((w = events_find(f, kind, watcher, name)) != NULL) {
		TAILQ_REMOVE(&f->watches, w, entry);
		free(w->watcher);
		free(w->name);
		free(w);
	}
	return 0;
}

void
events_forget_watcher(struct finder *f, const char *watcher)
{
	struct fwatch	*w, *next;

	for (w = TAILQ_FIRST(&f->watches); w != NULL; w = next) {
		next = TAILQ_NEXT(w, entry);
		if (strcmp(w->watcher, watcher) == 0) {
			TAILQ_REMOVE(&f->watches, w, entry);
			free(w->watcher);
			free(w->name);
			free(w);
		}
	}
}

void
events_birth(struct finder *f, const struct ftarget *t)
{
	events_announce(f, t, "xrl_target_birth");
}

/* Send one finder_client/0.2 call to every live client. */
static void
events_broadcast(struct finder *f, const char *target, const char *method,
    const char *argname, const char *value)
{
	struct fclient	*c;
	struct xrl	 x;

	TAILQ_FOREACH(c, &f->clients, entry) {
		if (c->dying)
			continue;
		xrl_init(&x);
		if (xrl_set(&x, "finder", target, method) == -1 ||
		    xrl_args_add_txt(&x.args, argname, value) == -1) {
			log_warnx("finder: out of memory telling %s %s",
			    c->peer, method);
			xrl_clear(&x);
			continue;
		}
		client_send(c, &x);
	}
}

/*
 * §11.5: the instance's cache entries go, and the class's too when the
 * instance was the primary a class lookup resolved to. Then the death.
 */
void
events_death(struct finder *f, const struct ftarget *t, bool was_primary)
{
	events_broadcast(f, t->name,
	    CLIENT_IFACE "remove_xrls_for_target_from_cache", "target_name",
	    t->name);
	if (was_primary)
		events_broadcast(f, t->cls->name,
		    CLIENT_IFACE "remove_xrls_for_target_from_cache",
		    "target_name", t->cls->name);
	events_announce(f, t, "xrl_target_death");
}

/*
 * A method went away. Clients that looked it up by class name cached it
 * under the class key, so the primary's removal drops that entry as well.
 */
void
events_xrl_gone(struct finder *f, const struct ftarget *t,
    const struct fmethod *m)
{
	char	*key;

	events_broadcast(f, t->name, CLIENT_IFACE "remove_xrl_from_cache",
	    "xrl", m->key);
	if (TAILQ_FIRST(&t->cls->instances) != t)
		return;
	if (asprintf(&key, "finder://%s/%s", t->cls->name, m->command) == -1)
		return;
	events_broadcast(f, t->cls->name, CLIENT_IFACE "remove_xrl_from_cache",
	    "xrl", key);
	free(key);
}

/*
 * DOC: one event loop per daemon, stopped by SIGINT or SIGTERM.
 */
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "evloop.h"

static void
evloop_signal(evutil_socket_t sig, short ev, void *arg)
{
	struct evloop	*l = arg;

	l->signo = (int)sig;
	event_base_loopbreak(l->base);
}

int
evloop_init(struct evloop *l)
{
	return evloop_init_features(l, 0);
}

/* EV_FEATURE_FDS: a backend (poll) that takes files and ttys too. */
int
evloop_init_features(struct evloop *l, int features)
{
	struct event_config	*cfg;

	memset(l, 0, sizeof(*l));
	signal(SIGPIPE, SIG_IGN);
	if ((cfg = event_config_new()) == NULL)
		return -1;
	if (features != 0)
		event_config_require_features(cfg, features);
	l->base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	if (l->base == NULL)
		return -1;
	l->sigint = evsignal_new(l->base, SIGINT, evloop_signal, l);
	l->sigterm = evsignal_new(l->base, SIGTERM, evloop_signal, l);
	if (l->sigint == NULL || l->sigterm == NULL ||
	    evsignal_add(l->sigint, NULL) == -1 ||
	    evsignal_add(l->sigterm, NULL) == -1) {
		evloop_fini(l);
		return -1;
	}
	return 0;
}

void
evloop_fini(struct evloop *l)
{
	if (l->sigint)
		event_free(l->sigint);
	if (l->sigterm)
		event_free(l->sigterm);
	if (l->base)
		event_base_free(l->base);
	memset(l, 0, sizeof(*l));
}

int
evloop_run(struct evloop *l)
{
	return event_base_dispatch(l->base);
}

void
evtimer_add_ms(struct event *ev, uint64_t ms)
{
	struct timeval	 tv = { (time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000 };

	evtimer_add(ev, &tv);
}

uint64_t
evloop_now_ms(struct event_base *base)
{
	struct timeval	 tv;

	event_base_gettimeofday_cached(base, &tv);
	return (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
}

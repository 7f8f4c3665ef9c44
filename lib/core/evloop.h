/*
 * DOC: libevent glue. Each daemon runs one event_base; evloop_new() makes it
 * with SIGPIPE ignored and SIGINT/SIGTERM wired to a clean loop exit, and
 * timer helpers take milliseconds.
 */
#ifndef OKAPI_EVLOOP_H
#define OKAPI_EVLOOP_H

#include <event2/event.h>
#include <stdint.h>

struct evloop {
	struct event_base	*base;
	struct event		*sigint;
	struct event		*sigterm;
	int			 signo;		/* signal that stopped the loop */
};

/* evloop.c */
int	 evloop_init(struct evloop *);
int	 evloop_init_features(struct evloop *, int ev_features);
void	 evloop_fini(struct evloop *);
int	 evloop_run(struct evloop *);
void	 evtimer_add_ms(struct event *, uint64_t ms);
uint64_t evloop_now_ms(struct event_base *);

#endif

/*
 * DOC: dumps of links, addresses and routes on a socket of their own.
 * nl_dump_start() adds kinds to the pending set; one dump runs at a time
 * (the kernel allows no more per socket), in the order links, addresses,
 * routes, so that routes arrive after the interfaces they use. Replies are
 * read as the loop reports the socket readable, for at most DUMP_PASS_US
 * per wakeup (the kernel fills the next part only when we read, so a big
 * table is spread over several wakeups). Each object goes to the
 * nl_events callbacks as NL_EV_DUMP; NLMSG_DONE or an error ends the kind
 * with dump_done(). A dump marked NLM_F_DUMP_INTR (the table changed
 * under it) is run again, up to DUMP_RETRIES times. nl_dump_sync() and
 * nl_dump_routes() run the same machine with poll() instead of the loop.
 *
 * rtnl_deliver() turns one message into one callback; the monitor uses it
 * too.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>

#include <event2/event.h>

#include "log.h"
#include "rtnl.h"

#define DUMP_RCVBUF		(1024 * 1024)
#define DUMP_RX_COUNT		8
#define DUMP_RX_SIZE		(64 * 1024)	/* kernel parts are <= 32 KB */
#define DUMP_PASS_US		5000
#define DUMP_RETRIES		3
#define DUMP_SYNC_TIMEOUT_MS	10000

struct nl_dump {
	struct mnl_socket	*sock;
	int			 fd;
	uint32_t		 portid;
	uint32_t		 seq;
	struct event		*ev;		/* NULL without a loop */
	struct nl_events	 events;
	unsigned int		 pending;	/* kinds waiting */
	unsigned int		 current;	/* kind running, or 0 */
	int			 retries;
	bool			 intr;		/* NLM_F_DUMP_INTR seen */
	bool			 busy;		/* a blocking call runs */
	unsigned int		 sync_kinds;	/* what the blocking call wants */
	int			 error;		/* first error of the run */
	struct rtnl_rx		*rx;
};

static void	dump_read_cb(evutil_socket_t, short, void *);

/*
 * Hand one message to the callbacks: NL_EV_DUMP if dump, else new / del
 * as the message says. Returns what the parser returned.
 */
int
rtnl_deliver(const struct nl_events *evs, const void *p, size_t len,
    bool dump)
{
	struct nlmsghdr	 h;
	struct nl_route	 rt;
	struct nl_link	 link;
	struct nl_ifaddr ifa;
	enum nl_event	 ev;
	int		 rv;

	if (len < NLMSG_HDRLEN)
		return NL_PARSE_BAD;
	memcpy(&h, p, sizeof(h));
	switch (h.nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if ((rv = nl_link_parse(p, len, &link, &ev)) == NL_PARSE_OK &&
		    evs->link != NULL)
			evs->link(evs->arg, dump ? NL_EV_DUMP : ev, &link);
		return rv;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if ((rv = nl_ifaddr_parse(p, len, &ifa, &ev)) == NL_PARSE_OK &&
		    evs->ifaddr != NULL)
			evs->ifaddr(evs->arg, dump ? NL_EV_DUMP : ev, &ifa);
		return rv;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if ((rv = nl_route_parse(p, len, &rt, &ev)) == NL_PARSE_OK &&
		    evs->route != NULL &&
		    (evs->table == 0 || evs->table == rt.table))
			evs->route(evs->arg, dump ? NL_EV_DUMP : ev, &rt);
		return rv;
	default:
		return NL_PARSE_SKIP;
	}
}

struct nl_dump *
nl_dump_new(struct event_base *base, const struct nl_events *evs)
{
	struct nl_dump	*d;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	if (evs != NULL)
		d->events = *evs;
	d->seq = (uint32_t)rtnl_now_us();
	if ((d->sock = rtnl_open(DUMP_RCVBUF, 0)) == NULL)
		goto fail;
	d->fd = mnl_socket_get_fd(d->sock);
	d->portid = mnl_socket_get_portid(d->sock);
	if ((d->rx = rtnl_rx_new(DUMP_RX_COUNT, DUMP_RX_SIZE)) == NULL)
		goto fail;
	if (base != NULL) {
		if ((d->ev = event_new(base, d->fd, EV_READ | EV_PERSIST,
		    dump_read_cb, d)) == NULL || event_add(d->ev, NULL) == -1)
			goto fail;
	}
	return d;
fail:
	nl_dump_del(d);
	return NULL;
}

/* A dump in progress is abandoned without dump_done. */
void
nl_dump_del(struct nl_dump *d)
{
	if (d == NULL)
		return;
	if (d->ev)
		event_free(d->ev);
	rtnl_rx_del(d->rx);
	if (d->sock)
		mnl_socket_close(d->sock);
	free(d);
}

bool
nl_dump_busy(const struct nl_dump *d)
{
	return d->current != 0 || d->pending != 0;
}

static int
dump_request(struct nl_dump *d)
{
	union {
		struct nlmsghdr	 h;
		uint8_t		 b[NLMSG_HDRLEN + 64];
	}		 req;
	struct nlmsghdr	*nlh;

	memset(&req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req.b);
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++d->seq;
	switch (d->current) {
	case NL_DUMP_LINKS:
		nlh->nlmsg_type = RTM_GETLINK;
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
		break;
	case NL_DUMP_ADDRS:
		nlh->nlmsg_type = RTM_GETADDR;
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifaddrmsg));
		break;
	default:
		nlh->nlmsg_type = RTM_GETROUTE;
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtmsg));
		break;
	}
	d->intr = false;
	return rtnl_send(d->fd, nlh, nlh->nlmsg_len);
}

static void	dump_finish(struct nl_dump *, int);

static void
dump_next(struct nl_dump *d)
{
	static const unsigned int order[] = {
		NL_DUMP_LINKS, NL_DUMP_ADDRS, NL_DUMP_ROUTES
	};
	unsigned int	 i, allowed;

	/* A blocking call runs only its own kinds; the rest waits for it. */
	allowed = d->busy ? d->sync_kinds : NL_DUMP_ALL;
	while (d->current == 0 && (d->pending & allowed) != 0) {
		for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
			if (d->pending & allowed & order[i])
				break;
		if (i == sizeof(order) / sizeof(order[0])) {
			d->pending = 0;
			break;
		}
		d->pending &= ~order[i];
		d->current = order[i];
		d->retries = 0;
		if (dump_request(d) == -1) {
			log_warn("%s: request", __func__);
			dump_finish(d, errno);
		}
	}
}

static void
dump_finish(struct nl_dump *d, int error)
{
	unsigned int	 kind = d->current;

	if (error == 0 && d->intr) {
		if (d->retries < DUMP_RETRIES) {
			d->retries++;
			if (dump_request(d) == 0)
				return;
			error = errno;
		} else
			error = EINTR;
	}
	d->current = 0;
	d->seq++;		/* whatever still comes for it is stale */
	if (error != 0 && d->error == 0)
		d->error = error;
	if (d->events.dump_done != NULL)
		d->events.dump_done(d->events.arg, kind, error);
	dump_next(d);
}

/*
 * Kinds to dump after those pending (a kind already pending is not
 * repeated; one running is run again). 0, or -1 with errno EINVAL.
 */
int
nl_dump_start(struct nl_dump *d, unsigned int kinds)
{
	if (kinds == 0 || (kinds & ~NL_DUMP_ALL) != 0) {
		errno = EINVAL;
		return -1;
	}
	d->pending |= kinds;
	dump_next(d);
	return 0;
}

static void
dump_msg(struct nl_dump *d, const uint8_t *p, size_t len)
{
	struct nlmsghdr	 h;
	struct rtnl_ack	 ack;

	memcpy(&h, p, sizeof(h));
	if (d->current == 0 || h.nlmsg_seq != d->seq ||
	    h.nlmsg_pid != d->portid)
		return;
	if (h.nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = true;
	if (h.nlmsg_type == NLMSG_DONE || h.nlmsg_type == NLMSG_ERROR) {
		if (rtnl_ack_parse(p, len, &ack) != NL_PARSE_OK)
			ack.error = EPROTO;
		dump_finish(d, ack.error);
	} else if (rtnl_deliver(&d->events, p, len, true) == NL_PARSE_BAD)
		log_warnx("%s: malformed message type %u dropped", __func__,
		    h.nlmsg_type);
}

/* Read what is queued, for at most DUMP_PASS_US unless sync. */
static void
dump_read(struct nl_dump *d, bool sync)
{
	const uint8_t	*p;
	uint64_t	 start = rtnl_now_us();
	size_t		 len, step;
	int		 n, i;

	for (;;) {
		if (!sync && rtnl_now_us() - start >= DUMP_PASS_US)
			return;		/* level triggered: we come back */
		if ((n = rtnl_rx_recv(d->fd, d->rx)) == 0)
			return;
		if (n == -1) {
			log_warn("%s: recvmmsg", __func__);
			if (d->current != 0)
				dump_finish(d, errno);
			return;
		}
		for (i = 0; i < n; i++) {
			if ((p = rtnl_rx_get(d->rx, (unsigned int)i,
			    &len)) == NULL) {
				if (d->current != 0)
					d->intr = true;	/* lost a part */
				continue;
			}
			for (; len >= NLMSG_HDRLEN; p += step, len -= step) {
				step = rtnl_msg_next(p, len);
				dump_msg(d, p, len);
			}
		}
	}
}

static void
dump_read_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct nl_dump	*d = arg;

	if (!d->busy)
		dump_read(d, false);
}

/*
 * Dump the given kinds and deliver everything before returning, without
 * the event loop. 0, or -1 with errno: EBUSY (a dump runs), ETIMEDOUT,
 * or the first error a kind ended with (callbacks were still called).
 */
int
nl_dump_sync(struct nl_dump *d, unsigned int kinds)
{
	int		 r, error;

	if (kinds == 0 || (kinds & ~NL_DUMP_ALL) != 0) {
		errno = EINVAL;
		return -1;
	}
	if (d->busy || nl_dump_busy(d)) {
		errno = EBUSY;
		return -1;
	}
	d->busy = true;
	d->sync_kinds = kinds;
	d->error = 0;
	d->pending = kinds;
	dump_next(d);
	while (d->current != 0) {
		if ((r = rtnl_wait(d->fd, DUMP_SYNC_TIMEOUT_MS)) <= 0) {
			d->error = r == 0 ? ETIMEDOUT : errno;
			d->current = 0;
			d->pending &= ~kinds;
			d->seq++;
			break;
		}
		dump_read(d, true);
	}
	d->busy = false;
	d->sync_kinds = 0;
	/* Kinds a callback asked for meanwhile: the loop runs them, if any. */
	if (d->ev != NULL)
		dump_next(d);
	else
		d->pending = 0;
	if ((error = d->error) != 0) {
		errno = error;
		return -1;
	}
	return 0;
}

struct route_filter {
	const struct nl_protoset *protos;
	void		(*fn)(void *, const struct nl_route *);
	void		*arg;
	long		 count;
};

static void
filter_route(void *arg, enum nl_event ev, const struct nl_route *rt)
{
	struct route_filter *f = arg;

	if (f->protos != NULL && !nl_protoset_has(f->protos, rt->protocol))
		return;
	f->count++;
	f->fn(f->arg, rt);
}

/*
 * Blocking dump of the IPv4 and IPv6 routes of `table` (0: all) whose
 * protocol is in protos (NULL: all), each passed to fn. The number of
 * routes passed (a restarted dump may pass one twice), or -1 with errno.
 */
long
nl_dump_routes(struct nl_dump *d, const struct nl_protoset *protos,
    uint32_t table, void (*fn)(void *, const struct nl_route *), void *arg)
{
	struct route_filter f = { protos, fn, arg, 0 };
	struct nl_events saved = d->events;
	int		 rv;

	if (d->busy || nl_dump_busy(d)) {
		errno = EBUSY;
		return -1;
	}
	memset(&d->events, 0, sizeof(d->events));
	d->events.route = filter_route;
	d->events.arg = &f;
	d->events.table = table;
	rv = nl_dump_sync(d, NL_DUMP_ROUTES);
	d->events = saved;
	return rv == -1 ? -1 : f.count;
}

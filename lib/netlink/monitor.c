/*
 * DOC: the kernel's change notifications. The monitor joins the link,
 * IPv4/IPv6 address and IPv4/IPv6 route groups on a socket of its own
 * with a 32 MB receive buffer, and at each wakeup reads everything queued
 * (many datagrams per recvmmsg), handing each message to the nl_events
 * callbacks at once, so a link going down reaches the daemon within the
 * loop iteration. A wakeup stops after MON_PASS_US to let the rest of the
 * loop run; the socket stays readable and the loop comes straight back.
 * ENOBUFS means the kernel dropped notifications: the monitor counts it,
 * calls resync() and starts a full dump, from which the daemon rebuilds
 * its view. Messages not from the kernel are dropped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "log.h"
#include "rtnl.h"

#define MON_RCVBUF		(32 * 1024 * 1024)
#define MON_RX_COUNT		64
#define MON_RX_SIZE		8192	/* notifications are one message */
#define MON_PASS_US		20000

struct nl_monitor {
	struct mnl_socket	*sock;
	int			 fd;
	struct event		*ev;
	struct nl_dump		*dump;
	struct nl_events	 events;
	struct rtnl_rx		*rx;
	struct nl_monitor_stats	 stats;
	struct log_limit	 badlog;
};

static void	monitor_read_cb(evutil_socket_t, short, void *);

static const unsigned int monitor_groups[] = {
	RTNLGRP_LINK,
	RTNLGRP_IPV4_IFADDR,
	RTNLGRP_IPV6_IFADDR,
	RTNLGRP_IPV4_ROUTE,
	RTNLGRP_IPV6_ROUTE,
};

/*
 * A monitor on the loop of base (required), delivering to evs; after an
 * overflow it dumps everything through dump (NULL: resync() only).
 */
struct nl_monitor *
nl_monitor_new(struct event_base *base, struct nl_dump *dump,
    const struct nl_events *evs)
{
	struct nl_monitor *mon;
	unsigned int	 i;
	int		 g;

	if (base == NULL || evs == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((mon = calloc(1, sizeof(*mon))) == NULL)
		return NULL;
	mon->dump = dump;
	mon->events = *evs;
	mon->badlog = (struct log_limit)LOG_LIMIT_INIT(60, 5);
	if ((mon->sock = rtnl_open(MON_RCVBUF, 0)) == NULL)
		goto fail;
	mon->fd = mnl_socket_get_fd(mon->sock);
	for (i = 0; i < sizeof(monitor_groups) / sizeof(monitor_groups[0]);
	    i++) {
		g = (int)monitor_groups[i];
		if (setsockopt(mon->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		    &g, sizeof(g)) == -1)
			goto fail;
	}
	if ((mon->rx = rtnl_rx_new(MON_RX_COUNT, MON_RX_SIZE)) == NULL)
		goto fail;
	if ((mon->ev = event_new(base, mon->fd, EV_READ | EV_PERSIST,
	    monitor_read_cb, mon)) == NULL || event_add(mon->ev, NULL) == -1)
		goto fail;
	return mon;
fail:
	nl_monitor_del(mon);
	return NULL;
}

void
nl_monitor_del(struct nl_monitor *mon)
{
	if (mon == NULL)
		return;
	if (mon->ev)
		event_free(mon->ev);
	rtnl_rx_del(mon->rx);
	if (mon->sock)
		mnl_socket_close(mon->sock);
	free(mon);
}

/* Resize the receive buffer (tests make it small to force an overflow). */
int
nl_monitor_set_rcvbuf(struct nl_monitor *mon, int bytes)
{
	return rtnl_set_rcvbuf(mon->fd, bytes);
}

const struct nl_monitor_stats *
nl_monitor_stats(const struct nl_monitor *mon)
{
	return &mon->stats;
}

static void
monitor_overrun(struct nl_monitor *mon)
{
	mon->stats.overruns++;
	log_warnx("%s: kernel dropped notifications (ENOBUFS), resyncing",
	    __func__);
	if (mon->events.resync != NULL)
		mon->events.resync(mon->events.arg);
	if (mon->dump != NULL && nl_dump_start(mon->dump, NL_DUMP_ALL) == -1)
		log_warn("%s: dump", __func__);
}

static void
monitor_read_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct nl_monitor *mon = arg;
	const uint8_t	*p;
	uint64_t	 start = rtnl_now_us();
	size_t		 len, step;
	int		 n, i;

	while (rtnl_now_us() - start < MON_PASS_US) {
		if ((n = rtnl_rx_recv(mon->fd, mon->rx)) == 0)
			return;
		if (n == -1) {
			if (errno == ENOBUFS) {
				monitor_overrun(mon);
				continue;
			}
			log_warn("%s: recvmmsg", __func__);
			return;
		}
		for (i = 0; i < n; i++) {
			if ((p = rtnl_rx_get(mon->rx, (unsigned int)i,
			    &len)) == NULL) {
				/* A cut notification is a lost one. */
				if (rtnl_rx_truncated(mon->rx, (unsigned int)i))
					monitor_overrun(mon);
				else
					mon->stats.bad++;
				continue;
			}
			for (; len >= NLMSG_HDRLEN; p += step, len -= step) {
				step = rtnl_msg_next(p, len);
				mon->stats.msgs++;
				if (rtnl_deliver(&mon->events, p, len,
				    false) == NL_PARSE_BAD) {
					mon->stats.bad++;
					if (log_limit_ok(&mon->badlog))
						log_warnx("%s: malformed "
						    "notification dropped",
						    __func__);
				}
			}
		}
	}
}

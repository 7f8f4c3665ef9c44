/*
 * DOC: kroute.c: how many routes of one protocol the kernel of another
 * network namespace holds, and when that last changed.
 *
 * Two rtnetlink sockets are made inside the namespace (setns(2) for the
 * time of socket(2): a socket keeps the namespace it was made in). One
 * listens to IPv4 route notifications and only notes the time of the last
 * change of a route of our protocol; the other dumps the main table and
 * counts, at most every KROUTE_INTERVAL and only after a change, so that
 * counting steals little of the router's CPU on a small machine. The time
 * reported when the count is reached is the last change's, not the
 * dump's: it does not depend on the dump interval.
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inject.h"

#define KROUTE_INTERVAL	0.05		/* seconds between dumps */
#define KROUTE_RCVBUF	(8 * 1024 * 1024)
#define KROUTE_BUF	(64 * 1024)

struct kroute {
	int		 ev_fd;		/* notifications */
	int		 dump_fd;
	int		 proto;
	bool		 dirty;		/* changed since the last dump */
	double		 last_change;
	double		 last_dump;
	uint32_t	 seq;
};

/* RTPROT_* by name, or a number; -1 if neither. */
int
kroute_proto(const char *s)
{
	char	*end;
	long	 v;

	if (strcmp(s, "ospf") == 0)
		return RTPROT_OSPF;
	if (strcmp(s, "bird") == 0)
		return RTPROT_BIRD;
	if (strcmp(s, "zebra") == 0)
		return RTPROT_ZEBRA;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 255)
		return -1;
	return (int)v;
}

static int
nl_socket(unsigned int groups)
{
	struct sockaddr_nl	 sa;
	int			 fd, size = KROUTE_RCVBUF;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_ROUTE);
	if (fd == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = groups;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof(size)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* netns: a name in /run/netns, or a path. NULL with a message in err. */
struct kroute *
kroute_open(const char *netns, int proto, char *err, size_t errlen)
{
	struct kroute	*kr;
	char		 path[256];
	int		 home, target, e = 0;

	if (strchr(netns, '/') != NULL)
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
	if ((kr = calloc(1, sizeof(*kr))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	kr->ev_fd = kr->dump_fd = -1;
	kr->proto = proto;
	kr->dirty = true;	/* a first count, whatever happens */
	if ((home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC))
	    == -1) {
		snprintf(err, errlen, "our namespace: %s", strerror(errno));
		free(kr);
		return NULL;
	}
	if ((target = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(home);
		free(kr);
		return NULL;
	}
	if (setns(target, CLONE_NEWNET) == -1)
		e = errno;
	else {
		kr->ev_fd = nl_socket(RTMGRP_IPV4_ROUTE);
		kr->dump_fd = nl_socket(0);
		if (kr->ev_fd == -1 || kr->dump_fd == -1)
			e = errno;
		if (setns(home, CLONE_NEWNET) == -1 && e == 0)
			e = errno;	/* stuck in theirs: give up */
	}
	close(target);
	close(home);
	if (e != 0) {
		snprintf(err, errlen, "netlink in %s: %s", path, strerror(e));
		kroute_close(kr);
		return NULL;
	}
	return kr;
}

void
kroute_close(struct kroute *kr)
{
	if (kr == NULL)
		return;
	if (kr->ev_fd != -1)
		close(kr->ev_fd);
	if (kr->dump_fd != -1)
		close(kr->dump_fd);
	free(kr);
}

int
kroute_fd(const struct kroute *kr)
{
	return kr->ev_fd;
}

/* Whether a netlink message is an IPv4 unicast route of ours in main. */
static bool
route_ours(const struct kroute *kr, const struct nlmsghdr *nh)
{
	const struct rtmsg	*rtm;

	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return false;
	rtm = NLMSG_DATA(nh);
	return rtm->rtm_family == AF_INET && rtm->rtm_table == RT_TABLE_MAIN &&
	    rtm->rtm_type == RTN_UNICAST && rtm->rtm_protocol == kr->proto;
}

/* Reads the notifications waiting; notes when ours changed. */
void
kroute_events(struct kroute *kr, double now)
{
	uint8_t			 buf[KROUTE_BUF];
	const struct nlmsghdr	*nh;
	ssize_t			 n;
	size_t			 left;

	for (;;) {
		n = recv(kr->ev_fd, buf, sizeof(buf), 0);
		if (n == -1) {
			if (errno == ENOBUFS) {	/* lost some: assume ours */
				kr->dirty = true;
				kr->last_change = now;
				continue;
			}
			return;
		}
		left = (size_t)n;
		for (nh = (const struct nlmsghdr *)(void *)buf;
		    NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left))
			if ((nh->nlmsg_type == RTM_NEWROUTE ||
			    nh->nlmsg_type == RTM_DELROUTE) &&
			    route_ours(kr, nh)) {
				kr->dirty = true;
				kr->last_change = now;
			}
	}
}

bool
kroute_due(const struct kroute *kr, double now)
{
	return kr->dirty && now >= kr->last_dump + KROUTE_INTERVAL;
}

double
kroute_last_change(const struct kroute *kr)
{
	return kr->last_change;
}

/* Dumps the main table; the routes of ours in it, or (size_t)-1. */
size_t
kroute_count(struct kroute *kr, double now)
{
	struct {
		struct nlmsghdr	 nh;
		struct rtmsg	 rtm;
	} req;
	uint8_t			 buf[KROUTE_BUF];
	const struct nlmsghdr	*nh;
	ssize_t			 n;
	size_t			 left, count = 0;
	int			 flags;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = ++kr->seq;
	req.rtm.rtm_family = AF_INET;
	kr->dirty = false;
	kr->last_dump = now;
	if (send(kr->dump_fd, &req, sizeof(req), 0) == -1)
		return (size_t)-1;
	/* A dump is answered at once: wait for each part of it. */
	flags = fcntl(kr->dump_fd, F_GETFL);
	(void)fcntl(kr->dump_fd, F_SETFL, flags & ~O_NONBLOCK);
	for (;;) {
		n = recv(kr->dump_fd, buf, sizeof(buf), 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			count = (size_t)-1;
			break;
		}
		left = (size_t)n;
		for (nh = (const struct nlmsghdr *)(void *)buf;
		    NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
			if (nh->nlmsg_seq != kr->seq)
				continue;
			if (nh->nlmsg_type == NLMSG_DONE)
				goto done;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				count = (size_t)-1;
				goto done;
			}
			if (nh->nlmsg_type == RTM_NEWROUTE &&
			    route_ours(kr, nh))
				count++;
		}
	}
done:
	(void)fcntl(kr->dump_fd, F_SETFL, flags);
	return count;
}

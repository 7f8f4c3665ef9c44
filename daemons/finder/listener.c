/*
 * DOC: the Finder's listening sockets (TCP, and optionally a Unix socket).
 * Each accepted connection is checked against the permit list (§11.1) and
 * becomes a client; refused peers are logged, rate-limited, and closed.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "finder.h"
#include "sock.h"

struct listener {
	struct finder		*f;
	int			 fd;
	struct event		*ev;
	char			*path;		/* Unix socket; unlinked */
	struct log_limit	 loglim;
	char			 name[80];
};

static void
listener_peer(const struct sockaddr_storage *ss, char *out, size_t len)
{
	char	 a[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
		snprintf(out, len, "%s:%u", a, ntohs(sin->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, a, sizeof(a));
		snprintf(out, len, "[%s]:%u", a, ntohs(sin6->sin6_port));
	} else
		snprintf(out, len, "unix");
}

static void
listener_accept(evutil_socket_t lfd, short what, void *arg)
{
	struct listener		*l = arg;
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(ss);
	char			 peer[64];
	int			 fd;

	if ((fd = accept4(lfd, (struct sockaddr *)&ss, &len,
	    SOCK_NONBLOCK | SOCK_CLOEXEC)) == -1) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED && log_limit_ok(&l->loglim))
			log_warn("listener %s: accept", l->name);
		return;
	}
	listener_peer(&ss, peer, sizeof(peer));
	if (!permit_check(&l->f->permit, (struct sockaddr *)&ss)) {
		if (log_limit_ok(&l->loglim))
			log_warnx("listener %s: %s is not permitted, closing",
			    l->name, peer);
		close(fd);
		return;
	}
	if (ss.ss_family != AF_UNIX)
		sock_tune(fd);
	if (client_new(l->f, fd, peer) == NULL) {
		log_warnx("listener %s: no memory for %s", l->name, peer);
		close(fd);
	}
}

static struct listener *
listener_new(struct finder *f, int fd, const char *name, const char *path)
{
	struct listener	*l;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		goto fail;
	l->f = f;
	l->fd = fd;
	l->loglim = (struct log_limit)LOG_LIMIT_INIT(10, 5);
	snprintf(l->name, sizeof(l->name), "%s", name);
	if (path != NULL && (l->path = strdup(path)) == NULL)
		goto fail;
	l->ev = event_new(f->base, fd, EV_READ | EV_PERSIST, listener_accept,
	    l);
	if (l->ev == NULL || event_add(l->ev, NULL) == -1)
		goto fail;
	return l;
fail:
	if (l) {
		if (l->ev)
			event_free(l->ev);
		free(l->path);
		free(l);
	}
	close(fd);
	return NULL;
}

struct listener *
listener_tcp(struct finder *f, const char *addr, uint16_t port)
{
	char	 name[80];
	int	 fd;

	if ((fd = sock_listen_tcp(addr, port, &port)) == -1)
		return NULL;
	snprintf(name, sizeof(name), "%s%s%s:%u", strchr(addr, ':') ? "[" : "",
	    addr, strchr(addr, ':') ? "]" : "", port);
	log_info("listening on %s", name);
	return listener_new(f, fd, name, NULL);
}

struct listener *
listener_unix(struct finder *f, const char *path)
{
	int	 fd;

	if ((fd = sock_listen_unix(path, 0660)) == -1)
		return NULL;
	log_info("listening on %s", path);
	return listener_new(f, fd, path, path);
}

void
listener_free(struct listener *l)
{
	if (l == NULL)
		return;
	event_free(l->ev);
	close(l->fd);
	if (l->path)
		unlink(l->path);
	free(l->path);
	free(l);
}

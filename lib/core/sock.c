/*
 * DOC: listeners and connections. Listeners are non-blocking with
 * SO_REUSEADDR; connections get TCP_NODELAY because every okapi protocol is
 * request/response and Nagle would add 40 ms to a lone small reply.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "strnum.h"
#include "sock.h"

int
sock_nonblock(int fd)
{
	int	 fl = fcntl(fd, F_GETFL);

	if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return -1;
	return 0;
}

void
sock_tune(int fd)
{
	int	 one = 1;
	int	 sz = 1 << 20;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
}

/* addr is an IPv4 or IPv6 literal. */
static int
sock_addr(const char *addr, uint16_t port, struct sockaddr_storage *ss,
    socklen_t *sslen)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*sslen = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*sslen = sizeof(*sin6);
		return 0;
	}
	errno = EINVAL;
	return -1;
}

int
sock_listen_tcp(const char *addr, uint16_t port, uint16_t *bound)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	int			 fd, one = 1, saved;

	if (sock_addr(addr, port, &ss, &sslen) == -1)
		return -1;
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sslen) == -1 ||
	    listen(fd, 128) == -1)
		goto fail;
	if (bound) {
		sslen = sizeof(ss);
		if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == -1)
			goto fail;
		*bound = ntohs(ss.ss_family == AF_INET ?
		    ((struct sockaddr_in *)&ss)->sin_port :
		    ((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static int
sock_unix_addr(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun->sun_path, path);
	return 0;
}

int
sock_listen_unix(const char *path, unsigned mode)
{
	struct sockaddr_un	 sun;
	int			 fd, saved;

	if (sock_unix_addr(path, &sun) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	(void)unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(path, mode) == -1 || listen(fd, 128) == -1)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static int
sock_connect(int fd, const struct sockaddr *sa, socklen_t len, bool nonblock)
{
	int	 saved;

	if (nonblock && sock_nonblock(fd) == -1)
		goto fail;
	if (connect(fd, sa, len) == -1 && !(nonblock && errno == EINPROGRESS))
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int
sock_connect_tcp(const char *addr, uint16_t port, bool nonblock)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	int			 fd;

	if (sock_addr(addr, port, &ss, &sslen) == -1)
		return -1;
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	sock_tune(fd);
	return sock_connect(fd, (struct sockaddr *)&ss, sslen, nonblock);
}

int
sock_connect_unix(const char *path, bool nonblock)
{
	struct sockaddr_un	 sun;
	int			 fd;

	if (sock_unix_addr(path, &sun) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	return sock_connect(fd, (struct sockaddr *)&sun, sizeof(sun),
	    nonblock);
}

/* "1.2.3.4:80" or "[::1]:80" into host and port. */
int
sock_split_hostport(const char *s, char *host, unsigned hostlen,
    uint16_t *port)
{
	const char	*colon = strrchr(s, ':');
	const char	*h = s;
	size_t		 hl;
	uint64_t	 v;

	if (colon == NULL || !strnum_u64(colon + 1, 65535, &v))
		goto bad;
	hl = colon - s;
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		h = s + 1;
		hl -= 2;
	}
	if (hl == 0 || hl >= hostlen)
		goto bad;
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = (uint16_t)v;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

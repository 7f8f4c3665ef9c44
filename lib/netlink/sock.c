/*
 * DOC: NETLINK_ROUTE sockets. rtnl_open() makes a nonblocking socket bound
 * to a kernel-chosen port id, asks for extended acks with the request
 * capped to its header, and sizes its buffers, forcing past rmem_max
 * (SO_RCVBUFFORCE, needs CAP_NET_ADMIN) and falling back to SO_RCVBUF.
 * An rtnl_rx receives up to n datagrams per system call (recvmmsg);
 * rtnl_rx_get() hands back only whole datagrams sent by the kernel.
 */
#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rtnl.h"

static int
set_buf(int fd, int force, int plain, int bytes)
{
	if (setsockopt(fd, SOL_SOCKET, force, &bytes, sizeof(bytes)) == 0)
		return 0;
	return setsockopt(fd, SOL_SOCKET, plain, &bytes, sizeof(bytes));
}

int
rtnl_set_rcvbuf(int fd, int bytes)
{
	return set_buf(fd, SO_RCVBUFFORCE, SO_RCVBUF, bytes);
}

struct mnl_socket *
rtnl_open(int rcvbuf, int sndbuf)
{
	struct mnl_socket *nl;
	int		 fd, on = 1, save;

	if ((nl = mnl_socket_open2(NETLINK_ROUTE,
	    SOCK_NONBLOCK | SOCK_CLOEXEC)) == NULL)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == -1)
		goto fail;
	fd = mnl_socket_get_fd(nl);
	/* Optional: older kernels lack them, and acks work without. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on));
	if (rcvbuf > 0 && rtnl_set_rcvbuf(fd, rcvbuf) == -1)
		goto fail;
	if (sndbuf > 0 && set_buf(fd, SO_SNDBUFFORCE, SO_SNDBUF, sndbuf) == -1)
		goto fail;
	return nl;
fail:
	save = errno;
	mnl_socket_close(nl);
	errno = save;
	return NULL;
}

/* Send one datagram (one or many messages) to the kernel. */
int
rtnl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl	 sa;
	ssize_t			 n;

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	do {
		n = sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa));
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	if ((size_t)n != len) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

/* 1 when readable, 0 on timeout, -1 on error. */
int
rtnl_wait(int fd, int timeout_ms)
{
	struct pollfd	 pfd = { .fd = fd, .events = POLLIN };
	int		 n;

	do {
		n = poll(&pfd, 1, timeout_ms);
	} while (n == -1 && errno == EINTR);
	return n;
}

struct rtnl_rx *
rtnl_rx_new(unsigned int n, size_t size)
{
	struct rtnl_rx	*rx;
	unsigned int	 i;

	if ((rx = calloc(1, sizeof(*rx))) == NULL)
		return NULL;
	rx->n = n;
	rx->size = size;
	rx->buf = malloc(n * size);
	rx->mm = calloc(n, sizeof(*rx->mm));
	rx->iov = calloc(n, sizeof(*rx->iov));
	rx->from = calloc(n, sizeof(*rx->from));
	if (rx->buf == NULL || rx->mm == NULL || rx->iov == NULL ||
	    rx->from == NULL) {
		rtnl_rx_del(rx);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		rx->iov[i].iov_base = rx->buf + i * size;
		rx->iov[i].iov_len = size;
	}
	return rx;
}

void
rtnl_rx_del(struct rtnl_rx *rx)
{
	if (rx == NULL)
		return;
	free(rx->buf);
	free(rx->mm);
	free(rx->iov);
	free(rx->from);
	free(rx);
}

/*
 * Receive what is queued, up to rx->n datagrams, without waiting: their
 * count, 0 if none, or -1 with errno (ENOBUFS: the kernel dropped some).
 */
int
rtnl_rx_recv(int fd, struct rtnl_rx *rx)
{
	unsigned int	 i;
	int		 n;

	for (i = 0; i < rx->n; i++) {
		memset(&rx->mm[i], 0, sizeof(rx->mm[i]));
		rx->mm[i].msg_hdr.msg_iov = &rx->iov[i];
		rx->mm[i].msg_hdr.msg_iovlen = 1;
		rx->mm[i].msg_hdr.msg_name = &rx->from[i];
		rx->mm[i].msg_hdr.msg_namelen = sizeof(rx->from[i]);
	}
	do {
		n = recvmmsg(fd, rx->mm, rx->n, MSG_DONTWAIT, NULL);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
	return n;
}

/* Datagram i of the last receive, or NULL if truncated or not the kernel's. */
const uint8_t *
rtnl_rx_get(const struct rtnl_rx *rx, unsigned int i, size_t *len)
{
	const struct mmsghdr *mm = &rx->mm[i];

	if ((mm->msg_hdr.msg_flags & MSG_TRUNC) ||
	    mm->msg_hdr.msg_namelen != sizeof(struct sockaddr_nl) ||
	    rx->from[i].nl_pid != 0)
		return NULL;
	*len = mm->msg_len;
	return rx->iov[i].iov_base;
}

bool
rtnl_rx_truncated(const struct rtnl_rx *rx, unsigned int i)
{
	return (rx->mm[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
}

uint64_t
rtnl_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

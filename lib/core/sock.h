/*
 * DOC: socket set-up shared by every daemon: non-blocking listeners and
 * connections over TCP and Unix stream sockets. Nothing here knows about a
 * protocol; errors come back as -1 with errno set.
 */
#ifndef OKAPI_SOCK_H
#define OKAPI_SOCK_H

#include <stdbool.h>
#include <stdint.h>

/* sock.c */
int	sock_listen_tcp(const char *addr, uint16_t port, uint16_t *bound);
int	sock_listen_unix(const char *path, unsigned mode);
int	sock_connect_tcp(const char *addr, uint16_t port, bool nonblock);
int	sock_connect_unix(const char *path, bool nonblock);
int	sock_nonblock(int fd);
void	sock_tune(int fd);	/* TCP_NODELAY, larger buffers */
int	sock_split_hostport(const char *, char *host, unsigned hostlen,
	    uint16_t *port);

#endif

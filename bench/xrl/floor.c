/*
 * DOC: the floor for XRL round trips: a bare 32-byte ping-pong between two
 * processes over a Unix stream socket or TCP on loopback, with blocking
 * reads and writes. Nothing can beat it; XRL figures are read against it.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "sock.h"

static int
full_io(int fd, uint8_t *p, size_t len, bool wr)
{
	size_t	 off;
	ssize_t	 n;

	for (off = 0; off < len; off += (size_t)n)
		if ((n = wr ? write(fd, p + off, len - off) :
		    read(fd, p + off, len - off)) <= 0)
			return -1;
	return 0;
}

/* Connected pair of the given kind: [0] for the parent, [1] the child. */
static int
floor_pair(enum bench_sock kind, int fds[2])
{
	char		 path[64];
	uint16_t	 port;
	int		 l;

	if (kind == BENCH_UNIX) {
		snprintf(path, sizeof(path), "/tmp/okapi-floor.%d", (int)getpid());
		if ((l = sock_listen_unix(path, 0600)) == -1)
			return -1;
		fds[0] = sock_connect_unix(path, false);
	} else {
		if ((l = sock_listen_tcp("127.0.0.1", 0, &port)) == -1)
			return -1;
		fds[0] = sock_connect_tcp("127.0.0.1", port, false);
	}
	usleep(1000);
	fds[1] = accept(l, NULL, NULL);
	close(l);
	if (kind == BENCH_UNIX)
		unlink(path);
	if (fds[0] == -1 || fds[1] == -1)
		return -1;
	if (kind == BENCH_TCP)
		sock_tune(fds[1]);
	return 0;
}

int
bench_floor(enum bench_sock kind, enum bench_place place, unsigned n,
    struct bench_lat *out)
{
	uint8_t		 msg[32];
	uint64_t	*rtt;
	int		 fds[2], status;
	unsigned	 i;
	pid_t		 pid;

	if (floor_pair(kind, fds) == -1)
		return -1;
	if ((rtt = calloc(n, sizeof(*rtt))) == NULL)
		return -1;
	memset(msg, 0x5a, sizeof(msg));
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(fds[0]);
		bench_pin(place == BENCH_SAME_CPU ? 0 : 1);
		sock_blocking(fds[1]);
		while (full_io(fds[1], msg, sizeof(msg), false) == 0 &&
		    full_io(fds[1], msg, sizeof(msg), true) == 0)
			;
		_exit(0);
	}
	close(fds[1]);
	bench_pin(0);
	for (i = 0; i < n + n / 10; i++) {
		uint64_t t0 = bench_now_ns();

		if (full_io(fds[0], msg, sizeof(msg), true) == -1 ||
		    full_io(fds[0], msg, sizeof(msg), false) == -1)
			break;
		if (i >= n / 10)	/* the first tenth warms up */
			rtt[i - n / 10] = bench_now_ns() - t0;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	bench_unpin();
	bench_lat_summarise(rtt, n, out);
	free(rtt);
	return 0;
}

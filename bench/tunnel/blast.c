/*
 * DOC: blast: the data path of bench_tunnel.py, so that no octet of a
 * measured transfer goes through Python. Three modes:
 *
 *   blast serve [-p PORT]
 *	listens on 127.0.0.1:PORT (0: any free port), prints "port N" and
 *	serves every connection at once (epoll): a one-octet banner 'B' on
 *	accept; then any number of requests: an 8-octet big-endian count
 *	N > 0 and N octets, answered with the 8-octet count once all are
 *	in. A peer that sends nothing is held until it closes. Runs until
 *	killed.
 *
 *   blast send [-n MB] [-f FD] HOST:PORT
 *	connects (or takes the connected socket FD), synchronises (below),
 *	then starts the clock, sends a request of MB * 10^6 octets and stops
 *	the clock when the answer is in. Prints "mbps X octets N secs T".
 *
 *   blast setup [-c COUNT] HOST:PORT
 *	COUNT times, one after the other: connect and synchronise. Prints
 *	one line per try: microseconds from the start of connect() to the
 *	first octet from the service, and 1 if the banner never came, else 0.
 *
 * Synchronising: send a one-octet request at once and read until its
 * answer is in. The first octet back is the banner, or, if the banner
 * was lost on the way (okapi-tunnel --plain drops octets that reach it
 * in the same read as the last <ok/>; see bench/README.md), the answer.
 * Either way the tunnel is up end to end.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IO_SZ		(1024 * 1024)
#define MAX_EVENTS	64

struct conn {
	int		 fd;
	int		 hlen;		/* header octets in so far */
	uint8_t		 hdr[8];
	uint64_t	 want, got;
};

static uint8_t	iobuf[IO_SZ];

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fprintf(stderr, "usage: blast serve [-p PORT]\n"
	    "       blast send [-n MB] [-f FD] HOST:PORT\n"
	    "       blast setup [-c COUNT] HOST:PORT\n");
	exit(2);
}

static void
put64(uint8_t *p, uint64_t v)
{
	int	 i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static int
parse_addr(const char *s, struct sockaddr_in *sin)
{
	char		 host[64];
	const char	*colon = strrchr(s, ':');
	size_t		 hl;

	if (colon == NULL || (hl = colon - s) == 0 || hl >= sizeof(host))
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)atoi(colon + 1));
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -1;
}

static int
dial(const struct sockaddr_in *sin)
{
	int	 fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)sin, sizeof(*sin)) == -1) {
		close(fd);
		return -1;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static int
read_full(int fd, void *p, size_t n)
{
	size_t	 got = 0;
	ssize_t	 r;

	while (got < n) {
		r = read(fd, (uint8_t *)p + got, n - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

static int
write_full(int fd, const void *p, size_t n)
{
	size_t	 done = 0;
	ssize_t	 r;

	while (done < n) {
		r = write(fd, (const uint8_t *)p + done, n - done);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += r;
	}
	return 0;
}

/* ---- serve -------------------------------------------------------------- */

static void
conn_close(int ep, struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c);
}

/* Readable: requests, one after the other; 0 when the connection ends. */
static int
conn_read(struct conn *c)
{
	uint8_t	 ans[8];
	ssize_t	 r;
	size_t	 room;

	for (;;) {
		if (c->hlen < 8)
			room = 8 - c->hlen;
		else
			room = c->want - c->got < IO_SZ ? c->want - c->got :
			    IO_SZ;
		r = read(c->fd, c->hlen < 8 ? c->hdr + c->hlen : iobuf, room);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && errno == EAGAIN)
			return 1;
		if (r <= 0)
			return 0;
		if (c->hlen < 8) {
			c->hlen += r;
			if (c->hlen == 8 && (c->want = get64(c->hdr)) == 0)
				return 0;	/* not our protocol */
			c->got = 0;
		} else
			c->got += r;
		if (c->hlen == 8 && c->got == c->want) {
			put64(ans, c->got);
			/* 8 octets into an idle connection: never short */
			if (write(c->fd, ans, 8) != 8)
				return 0;
			c->hlen = 0;
		}
	}
}

static int
cmd_serve(int argc, char **argv)
{
	struct sockaddr_in	 sin;
	struct epoll_event	 ev, evs[MAX_EVENTS];
	socklen_t		 sl = sizeof(sin);
	struct conn		*c, lc;
	int			 ch, lfd, fd, ep, n, i, one = 1, port = 0;

	while ((ch = getopt(argc, argv, "p:")) != -1) {
		switch (ch) {
		case 'p':
			port = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0)) == -1 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ==
	    -1 || bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(lfd, 4096) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &sl) == -1) {
		perror("blast: listen");
		return 1;
	}
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("blast: epoll");
		return 1;
	}
	lc.fd = lfd;
	ev.events = EPOLLIN;
	ev.data.ptr = &lc;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	printf("port %u\n", ntohs(sin.sin_port));
	fflush(stdout);
	for (;;) {
		if ((n = epoll_wait(ep, evs, MAX_EVENTS, -1)) == -1) {
			if (errno == EINTR)
				continue;
			perror("blast: epoll_wait");
			return 1;
		}
		for (i = 0; i < n; i++) {
			c = evs[i].data.ptr;
			if (c != &lc) {
				if (!conn_read(c))
					conn_close(ep, c);
				continue;
			}
			while ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC |
			    SOCK_NONBLOCK)) != -1) {
				if ((c = calloc(1, sizeof(*c))) == NULL) {
					close(fd);
					continue;
				}
				c->fd = fd;
				(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY,
				    &one, sizeof(one));
				if (write(fd, "B", 1) != 1) {
					close(fd);
					free(c);
					continue;
				}
				ev.events = EPOLLIN;
				ev.data.ptr = c;
				epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
			}
		}
	}
}

/*
 * A one-octet request, then its answer: the tunnel is up end to end. The
 * first octet back is the banner or, if that was lost, the answer's.
 * Returns microseconds to the first octet, or -1; *lost: no banner.
 */
static double
sync_service(int fd, double t0, int *lost)
{
	uint8_t	 req[9], ans[9];
	double	 t1;
	size_t	 need;

	put64(req, 1);
	req[8] = 'x';
	if (write_full(fd, req, sizeof(req)) == -1 || read_full(fd, ans, 1) ==
	    -1)
		return -1;
	t1 = now();
	*lost = ans[0] != 'B';
	need = *lost ? 7 : 8;
	if (read_full(fd, ans + 1, need) == -1 ||
	    get64(*lost ? ans : ans + 1) != 1)
		return -1;
	return (t1 - t0) * 1e6;
}

/* ---- send --------------------------------------------------------------- */

static int
cmd_send(int argc, char **argv)
{
	struct sockaddr_in	 sin;
	uint64_t		 total, left, got;
	uint8_t			 hdr[8];
	double			 t0, t1;
	long			 mb = 500;
	int			 ch, fd = -1, lost;
	size_t			 k;

	while ((ch = getopt(argc, argv, "f:n:")) != -1) {
		switch (ch) {
		case 'f':
			fd = atoi(optarg);
			break;
		case 'n':
			if ((mb = strtol(optarg, NULL, 10)) <= 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (fd != -1) {
		/* a socket from a Python caller may be non-blocking */
		if ((ch = fcntl(fd, F_GETFL)) == -1 ||
		    fcntl(fd, F_SETFL, ch & ~O_NONBLOCK) == -1) {
			perror("blast: fd");
			return 1;
		}
	} else {
		if (argc - optind != 1 || parse_addr(argv[optind], &sin) == -1)
			usage();
		if ((fd = dial(&sin)) == -1) {
			perror("blast: connect");
			return 1;
		}
	}
	if (sync_service(fd, now(), &lost) < 0) {
		fprintf(stderr, "blast: no answer from the service\n");
		return 1;
	}
	for (k = 0; k < IO_SZ; k++)
		iobuf[k] = (uint8_t)(k * 131 + 7);
	total = (uint64_t)mb * 1000 * 1000;
	put64(hdr, total);
	t0 = now();
	if (write_full(fd, hdr, 8) == -1)
		goto broken;
	for (left = total; left > 0; left -= k) {
		k = left < IO_SZ ? left : IO_SZ;
		if (write_full(fd, iobuf, k) == -1)
			goto broken;
	}
	if (read_full(fd, hdr, 8) == -1)
		goto broken;
	t1 = now();
	if ((got = get64(hdr)) != total) {
		fprintf(stderr, "blast: the sink got %llu of %llu octets\n",
		    (unsigned long long)got, (unsigned long long)total);
		return 1;
	}
	printf("mbps %.1f octets %llu secs %.4f\n", total / (t1 - t0) / 1e6,
	    (unsigned long long)total, t1 - t0);
	close(fd);
	return 0;
broken:
	fprintf(stderr, "blast: transfer broken: %s\n", strerror(errno));
	return 1;
}

/* ---- setup -------------------------------------------------------------- */

static int
cmd_setup(int argc, char **argv)
{
	struct sockaddr_in	 sin;
	double			 t0, us;
	long			 count = 50, i;
	int			 ch, fd, lost;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		switch (ch) {
		case 'c':
			if ((count = strtol(optarg, NULL, 10)) <= 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1 || parse_addr(argv[optind], &sin) == -1)
		usage();
	for (i = 0; i < count; i++) {
		t0 = now();
		if ((fd = dial(&sin)) == -1) {
			perror("blast: connect");
			return 1;
		}
		if ((us = sync_service(fd, t0, &lost)) < 0) {
			fprintf(stderr, "blast: no answer on try %ld\n", i);
			return 1;
		}
		close(fd);
		printf("%.1f %d\n", us, lost);
		fflush(stdout);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	(void)signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(argv[1], "send") == 0)
		return cmd_send(argc - 1, argv + 1);
	if (strcmp(argv[1], "setup") == 0)
		return cmd_setup(argc - 1, argv + 1);
	usage();
	return 2;
}

/*
 * DOC: start and reap test processes by PID. The PID table is the test
 * program's own; an atexit hook and the usual fatal signals kill whatever
 * is still running, so no test leaves a daemon behind.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"

#define PROC_MAX	64

static pid_t	procs[PROC_MAX];
static int	nprocs;
static int	hooked;

static void
proc_signal(int sig)
{
	proc_kill_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

pid_t
proc_start(const char *log, char *const argv[])
{
	pid_t	 pid;
	int	 fd;

	if (!hooked) {
		atexit(proc_kill_all);
		signal(SIGINT, proc_signal);
		signal(SIGTERM, proc_signal);
		signal(SIGABRT, proc_signal);
		signal(SIGSEGV, proc_signal);
		signal(SIGPIPE, SIG_IGN);
		hooked = 1;
	}
	if (nprocs == PROC_MAX)
		return -1;
	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	procs[nprocs++] = pid;
	return pid;
}

void
proc_kill(pid_t pid, int sig)
{
	int	 i;

	for (i = 0; i < nprocs; i++) {
		if (procs[i] != pid)
			continue;
		kill(pid, sig);
		waitpid(pid, NULL, 0);
		procs[i] = procs[--nprocs];
		return;
	}
}

void
proc_kill_all(void)
{
	while (nprocs > 0)
		proc_kill(procs[nprocs - 1], SIGKILL);
}

uint16_t
proc_free_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd;
	uint16_t		 port = 0;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return 0;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

uint64_t
proc_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

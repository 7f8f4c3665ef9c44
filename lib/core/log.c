/*
 * DOC: logging to stderr or syslog. The only process-wide state here is the
 * logging destination, which every daemon sets once at start.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static struct {
	const char	*ident;
	int		 verbose;
	bool		 syslog;
} logdst = { "okapi", 0, false };

void
log_init(const char *ident, int verbose, bool use_syslog)
{
	logdst.ident = ident;
	logdst.verbose = verbose;
	logdst.syslog = use_syslog;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	tzset();
}

void
log_setverbose(int verbose)
{
	logdst.verbose = verbose;
}

int
log_getverbose(void)
{
	return logdst.verbose;
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	char		 ts[32];
	struct timespec	 now;
	struct tm	 tm;

	if (logdst.syslog) {
		vsyslog(pri, fmt, ap);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y/%m/%d %H:%M:%S", &tm);
	flockfile(stderr);
	fprintf(stderr, "%s.%03ld %s[%d]: ", ts, now.tv_nsec / 1000000,
	    logdst.ident, (int)getpid());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

static void
log_errno(int pri, int saved, const char *fmt, va_list ap)
{
	char	 msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (saved)
		log_warnx("%s: %s", msg, strerror(saved));
	else
		log_warnx("%s", msg);
	(void)pri;
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_errno(LOG_ERR, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (logdst.verbose < 1)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_errno(LOG_CRIT, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}

bool
log_limit_ok(struct log_limit *l)
{
	time_t	 now = time(NULL);

	if (now - l->window >= (time_t)l->interval) {
		if (l->suppressed)
			log_warnx("log: %u similar messages suppressed",
			    l->suppressed);
		l->window = now;
		l->used = 0;
		l->suppressed = 0;
	}
	if (l->used < l->burst) {
		l->used++;
		return true;
	}
	l->suppressed++;
	return false;
}

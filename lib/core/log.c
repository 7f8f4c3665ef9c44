/*
 * DOC: logging to stderr or syslog, and optionally also to a file and to
 * syslog at a level (FRRouting's "log file", "log syslog"). The only
 * process-wide state here is the logging destination.
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
	FILE		*file;		/* "log file": a copy of every line */
	int		 file_pri;	/* up to this priority */
	bool		 extra_syslog;	/* "log syslog", besides stderr */
	int		 syslog_pri;
} logdst = { "okapi", 0, false, NULL, LOG_DEBUG, false, LOG_DEBUG };

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

/*
 * "log file PATH LEVEL": also append every line up to priority pri to path
 * (NULL: stop). -1 with errno when the file cannot be opened; the previous
 * file is kept then.
 */
int
log_set_file(const char *path, int pri)
{
	FILE	*f = NULL;

	if (path != NULL && (f = fopen(path, "a")) == NULL)
		return -1;
	if (logdst.file != NULL)
		fclose(logdst.file);
	logdst.file = f;
	logdst.file_pri = pri;
	return 0;
}

/* "log syslog LEVEL": also send lines up to pri to syslog. */
void
log_set_syslog(bool on, int pri)
{
	if (on && !logdst.extra_syslog && !logdst.syslog)
		openlog(logdst.ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	logdst.extra_syslog = on && !logdst.syslog;
	logdst.syslog_pri = pri;
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

	va_list		 aq;

	if (logdst.extra_syslog && pri <= logdst.syslog_pri) {
		va_copy(aq, ap);
		vsyslog(pri, fmt, aq);
		va_end(aq);
	}
	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y/%m/%d %H:%M:%S", &tm);
	if (logdst.file != NULL && pri <= logdst.file_pri) {
		va_copy(aq, ap);
		fprintf(logdst.file, "%s.%03ld %s[%d]: ", ts,
		    now.tv_nsec / 1000000, logdst.ident, (int)getpid());
		vfprintf(logdst.file, fmt, aq);
		fputc('\n', logdst.file);
		fflush(logdst.file);
		va_end(aq);
	}
	if (pri >= LOG_DEBUG && logdst.verbose < 1)
		return;		/* only the file or syslog asked for it */
	if (logdst.syslog) {
		vsyslog(pri, fmt, ap);
		return;
	}
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

	if (logdst.verbose < 1 && (logdst.file == NULL ||
	    logdst.file_pri < LOG_DEBUG) && (!logdst.extra_syslog ||
	    logdst.syslog_pri < LOG_DEBUG))
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

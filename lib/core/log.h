/*
 * DOC: logging. Daemons and tools log to stderr (with a timestamp when not a
 * terminal) or to syslog after log_init(). Libraries log but never exit:
 * only a daemon's main may call fatal()/fatalx().
 */
#ifndef OKAPI_LOG_H
#define OKAPI_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <time.h>

#define LOG_FMT(a, b) __attribute__((format(printf, a, b)))

/* log.c */
void	log_init(const char *ident, int verbose, bool use_syslog);
void	log_setverbose(int verbose);
int	log_set_file(const char *path, int syslog_pri);
void	log_set_syslog(bool on, int syslog_pri);
int	log_getverbose(void);
void	log_warn(const char *, ...) LOG_FMT(1, 2);	/* appends strerror */
void	log_warnx(const char *, ...) LOG_FMT(1, 2);
void	log_info(const char *, ...) LOG_FMT(1, 2);
void	log_debug(const char *, ...) LOG_FMT(1, 2);
void	vlog(int pri, const char *, va_list) LOG_FMT(2, 0);
__attribute__((noreturn)) void fatal(const char *, ...) LOG_FMT(1, 2);
__attribute__((noreturn)) void fatalx(const char *, ...) LOG_FMT(1, 2);

/*
 * A rate limiter owned by whoever logs about peer input, so that a peer can
 * never flood the log: at most `burst` lines per `interval` seconds, then a
 * single summary of what was suppressed.
 */
struct log_limit {
	time_t		 window;
	unsigned	 interval;
	unsigned	 burst;
	unsigned	 used;
	unsigned	 suppressed;
};
#define LOG_LIMIT_INIT(interval, burst) { 0, (interval), (burst), 0, 0 }
bool	log_limit_ok(struct log_limit *);

#endif

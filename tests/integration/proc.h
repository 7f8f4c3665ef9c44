/*
 * DOC: process helpers for integration tests: start a program with its
 * output in a log file, remember its PID, and kill every process started
 * when the test ends, however it ends.
 */
#ifndef OKAPI_TEST_PROC_H
#define OKAPI_TEST_PROC_H

#include <stdint.h>
#include <sys/types.h>

/* proc.c */
pid_t		proc_start(const char *log, char *const argv[]);
void		proc_kill(pid_t, int sig);	/* signal and reap */
void		proc_kill_all(void);
uint16_t	proc_free_port(void);
uint64_t	proc_now_us(void);

#endif

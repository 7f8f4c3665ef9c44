/*
 * DOC: the byte relay of a TUNNEL proxy in pipe mode (RFC 3620, digest
 * 11.5). After the `ok` RPY a proxy copies octets unchanged both ways
 * between the listening and the upstream connection; it never frames,
 * holds or injects anything.
 *
 * beep_relay_new() relays between two file descriptors with splice(2):
 * socket -> pipe -> socket, one pipe per direction, so the octets never
 * enter user space. When splice is refused (EINVAL: a tty, a regular file)
 * that direction falls back to read/write through a 256 KiB buffer.
 * beep_relay_bev_new() relays between bufferevents (a TLS side, or a
 * client tool's stdin/stdout given as two bufferevents) by moving evbuffer
 * chains, with watermarks.
 *
 * Either way each direction is bounded: the source is not read while that
 * direction's pipe or output buffer is full, and a blocked destination is
 * only waited on for EV_WRITE, so a peer that stops reading makes the relay
 * neither buffer without bound nor spin. Octets already read past the `ok`
 * (cfg pre_ab, pre_ba) go out first. EOF one way is passed on as
 * shutdown(SHUT_WR) once that way is flushed; the relay ends when both ways
 * have seen EOF ("eof"), at once on an error or RST on either side
 * ("error: ..."), or after idle_secs without traffic ("idle"). It then
 * closes both sides and calls done. Writes use MSG_NOSIGNAL where they can,
 * but a splice into a reset socket may still raise SIGPIPE: the process
 * should ignore it (evloop_init() does).
 */
#ifndef OKAPI_BEEP_RELAY_H
#define OKAPI_BEEP_RELAY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

struct beep_relay;

struct beep_relay_stats {
	uint64_t	 bytes_ab;	/* delivered to B, pre_ab included */
	uint64_t	 bytes_ba;	/* delivered to A, pre_ba included */
	uint64_t	 wakeups;	/* I/O callbacks served */
	struct timespec	 start;		/* CLOCK_REALTIME */
	struct timespec	 end;		/* zero until done */
};

/*
 * reason is "eof", "idle" or "error: <what>"; it is valid during the call
 * only. done may call beep_relay_free().
 */
typedef void	(*beep_relay_done_cb)(void *arg,
		    const struct beep_relay_stats *, const char *reason);

struct beep_relay_cfg {
	const void		*pre_ab;	/* read from A, for B first */
	size_t			 n_ab;
	const void		*pre_ba;	/* read from B, for A first */
	size_t			 n_ba;
	unsigned		 idle_secs;	/* 0: no idle timeout */
	beep_relay_done_cb	 done;		/* may be NULL */
	void			*arg;
};

/*
 * One side of a bufferevent relay: where its octets come from and where
 * the other side's go. in == out for a socket or TLS bufferevent; two
 * bufferevents for a tool's stdin and stdout.
 */
struct beep_relay_side {
	struct bufferevent	*in;
	struct bufferevent	*out;
};

#define BEEP_RELAY_PIPE_SZ	(1024 * 1024)	/* asked for, per direction */
#define BEEP_RELAY_BUF_SZ	(256 * 1024)	/* read/write fallback */
#define BEEP_RELAY_BEV_HIGH	(1024 * 1024)	/* stop reading above */
#define BEEP_RELAY_BEV_LOW	(256 * 1024)	/* resume below */

/* relay.c */
struct beep_relay	*beep_relay_new(struct event_base *, int fd_a, int fd_b,
			    const struct beep_relay_cfg *);
struct beep_relay	*beep_relay_bev_new(struct event_base *,
			    const struct beep_relay_side *a,
			    const struct beep_relay_side *b,
			    const struct beep_relay_cfg *);
void			 beep_relay_free(struct beep_relay *);
void			 beep_relay_get_stats(const struct beep_relay *,
			    struct beep_relay_stats *);
size_t			 beep_relay_buffered(const struct beep_relay *);
int			 beep_relay_is_done(const struct beep_relay *);
int			 beep_relay_uses_splice(const struct beep_relay *);

#endif

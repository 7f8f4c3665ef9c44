/*
 * DOC: the VTY a daemon serves: a Telnet command line on 127.0.0.1:<port>
 * (and on a Unix socket for local tools) with FRRouting's modes, prompts,
 * commands and error strings, the same commands read from the daemon's
 * configuration file, and (vty_xrl.c) callable over XRL as cli/0.1.
 *
 * A daemon creates one vty_server, adds its own nodes (sub-modes such as
 * "router ospf") and installs its commands (struct cmd_def, cmd.h) into
 * nodes, registers writers for "show running-config", loads its config
 * and listens. Handlers print with vty_out(); long output is streamed: a
 * handler that sees vty_out_full() returns CMD_CONTINUE and is called again
 * with the same vty_cont() once the client has drained the output, so a
 * 50 MB "show" neither buffers 50 MB nor stalls the event loop.
 *
 * FRRouting 8.4 is the model (prompts, modes, error strings, Telnet bytes,
 * pager). Deliberate differences:
 *  - "% [TAG] Unknown command: LINE" is followed by a line with '^' under
 *    the first word no command accepts.
 *  - Without a "password", a session from loopback starts in VIEW (FRR
 *    refuses it with "Vty password is not set."): local users already
 *    have the box. vty_server_listen() refuses to bind anything but
 *    loopback without a password, and remote peers are refused if the
 *    password is removed later.
 *  - Pipes: "| include RE", "| exclude RE" and "| count" (FRR has only
 *    include), abbreviable ("| i RE"); in exec modes only, so that a
 *    config LINE argument may contain '|'.
 *  - Output streams with flow control (FRR buffers a whole "show"); a
 *    running command is aborted by Ctrl-C, keys typed meanwhile wait.
 *  - "write memory" keeps the previous file as <path>.sav by a hard link
 *    and renames a fsynced temporary file over the path: the path always
 *    holds a complete configuration.
 *  - "who" marks the asking session with ", this session".
 *  - "service password-encryption" stores a salted SHA-512 crypt hash
 *    (FRR: DES crypt) and forgets the plain text; "password 8 HASH" is
 *    written even with the service off, and reads back to the same state.
 *  - '?' and TAB work after '|' (the filter words, then REGEX).
 *  - "A.B.C.D[/M]" and "X:X::X:X[/M]" in a syntax: an address or a prefix
 *    in one token (FRR writes <A.B.C.D|A.B.C.D/M>).
 */
#ifndef OKAPI_VTY_H
#define OKAPI_VTY_H

#include <event2/event.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "cmd.h"

/* Built-in nodes; daemons add theirs with vty_node_add(). */
enum vty_node {
	VTY_NODE_AUTH = 0,	/* "Password: " */
	VTY_NODE_VIEW,		/* "host> " */
	VTY_NODE_AUTH_ENABLE,	/* "Password: " after "enable" */
	VTY_NODE_ENABLE,	/* "host# " */
	VTY_NODE_CONFIG,	/* "host(config)# " */
	VTY_NODE_LINE,		/* "host(config-line)# ", "line vty" */
	VTY_NODE_FIRST_DAEMON,
};
#define VTY_NODE_MAX	32

struct vty_server_opts {
	const char	*daemon;	/* "ospfd": logs, config file name */
	const char	*tag;		/* "OSPF": "% [OSPF] Unknown command: .." */
	const char	*version;	/* for "show version" */
	const char	*listen_addr;	/* default 127.0.0.1 */
	uint16_t	 port;		/* 0: no TCP listener */
	const char	*config_path;	/* where "write memory" saves */
	unsigned	 max_sessions;	/* default 128 */
};

/* Persistent state of a streaming handler, zeroed before the first call. */
struct cmd_cont {
	uint64_t	 pos;
	void		*state;
	void		(*free)(void *);	/* called on abort or when done */
};

typedef void (*vty_config_write_fn)(struct buf *out, void *arg);

struct vty_server;
struct vty;

/* server.c */
struct vty_server *vty_server_new(struct event_base *,
		    const struct vty_server_opts *, void *ctx);
void		 vty_server_free(struct vty_server *);
/* Add a sub-mode below parent; returns its node id, or -1. */
int		 vty_node_add(struct vty_server *, const char *prompt_suffix,
		    enum vty_node parent);
/* Install commands into a node; -1 with a log line on a bad declaration. */
int		 vty_install(struct vty_server *, int node,
		    const struct cmd_def *, unsigned n);
/* Writers print the daemon's part of "show running-config", in order. */
int		 vty_config_writer(struct vty_server *, vty_config_write_fn,
		    void *arg);
/*
 * Read a configuration file through the command declarations, as if typed
 * in CONFIG mode. -1 with "file:line: message" in err on the first error.
 */
int		 vty_server_load(struct vty_server *, const char *path,
		    char *err, size_t errlen);
/*
 * Start the Telnet listener. Refuses (-1, reason in err) to bind anything
 * but loopback unless a password is configured.
 */
int		 vty_server_listen(struct vty_server *, char *err, size_t errlen);
/*
 * Serve the same sessions on a Unix stream socket, for local tools: mode
 * 0600, peers must run as this process's user or root, and they count as
 * loopback ("local" in "who" and logs). A socket left at path by a dead
 * process is replaced; a live one, or any other file, is an error (-1,
 * reason in err). The socket is removed by vty_server_free().
 */
int		 vty_server_listen_unix(struct vty_server *, const char *path,
		    char *err, size_t errlen);
/*
 * Serve a connected socket as a Telnet session (the listener calls it on
 * accept; tests pass one end of a socketpair). addr is the peer as text,
 * for access-class, "who" and logs. The server owns fd from here on, also
 * when it refuses the session (-1).
 */
int		 vty_server_accept_fd(struct vty_server *, int fd,
		    const char *addr);
const char	*vty_server_hostname(const struct vty_server *);
void		*vty_server_ctx(const struct vty_server *);
/*
 * Run one or more lines ('\n'-separated) starting in ENABLE, as okapi-sh
 * and cli/0.1/execute do; the whole output is appended to out. Returns the
 * status of the last line (enum cmd_status; unknown is CMD_ERR_NO_MATCH).
 */
int		 vty_execute(struct vty_server *, const char *lines,
		    struct buf *out);
/*
 * Like vty_execute, but in a mode: context is the lines that enter it
 * from ENABLE, one level each ("configure terminal\nrouter ospf"; "" or
 * NULL is ENABLE). The context is replayed first (its output dropped);
 * if a line of it fails or enters no new level, this server lacks the
 * mode: nothing runs and the status is CMD_ERR_NO_MATCH, with the context
 * (trimmed, blank lines dropped) in newctx and an empty prompt. Otherwise
 * newctx receives the lines that lead to the node the session ended in,
 * as the session itself recorded them (a line typed as "conf t" stays so)
 * and prompt its prompt ("host(config-router)# "). newctx and prompt are
 * reset first; out is appended to.
 */
int		 vty_execute_in(struct vty_server *, const char *context,
		    const char *lines, struct buf *out, struct buf *newctx,
		    struct buf *prompt);
/*
 * '?' and TAB for okapi-sh: context is the lines that lead to the mode
 * (e.g. "configure terminal\nrouter demo"), line the partial command.
 * describe appends "token<TAB>help" lines, complete one candidate per line.
 * Both return the count, or -1 when the line already matches nothing or
 * the context does not replay (as for vty_execute_in).
 */
int		 vty_describe(struct vty_server *, const char *context,
		    const char *line, struct buf *out);
int		 vty_complete(struct vty_server *, const char *context,
		    const char *line, struct buf *out);

/* session.c: for handlers */
void		 vty_out(struct vty *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 vty_vout(struct vty *, const char *fmt, va_list)
		    __attribute__((format(printf, 2, 0)));
void		 vty_write(struct vty *, const void *, size_t);
bool		 vty_out_full(const struct vty *);
struct cmd_cont	*vty_cont(struct vty *);
struct vty_server *vty_server(const struct vty *);
/*
 * Enter a node from a handler. node_ctx names the instance ("interface
 * eth0"): entering the node the session is in with another node_ctx is
 * entering another instance, and vty_execute_in's context then holds this
 * command's line for that level.
 */
void		 vty_node_enter(struct vty *, int node, void *node_ctx);
int		 vty_node(const struct vty *);
void		*vty_node_ctx(const struct vty *);
bool		 vty_is_config_load(const struct vty *);	/* reading a file */
/* Print a json-c object as FRRouting does (pretty, "\/"), then put it. */
struct json_object;
void		 vty_json_out(struct vty *, struct json_object *);

#endif

/*
 * DOC: the VTY server's insides, shared by session.c (one client: telnet,
 * line editor, output path with filter and pager, streaming handlers),
 * help.c ('?' and TAB), server.c (listeners, nodes, accept policy,
 * sessions without a client), builtin.c (the commands every daemon has),
 * secret.c (passwords and their hashes) and config.c (loading, writing
 * and saving configuration).
 *
 * Output path of a session, in order: handler -> vty_out() -> pipe filter
 * (line by line, partial line kept in lbuf) -> telnet encoding (LF to
 * CR LF) -> obuf -> pager (--More--) -> socket. Sessions without a socket
 * (vty_execute, configuration loading) append plain text to a caller buf.
 */
#ifndef OKAPI_VTY_INT_H
#define OKAPI_VTY_INT_H

#include <sys/queue.h>

#include <netinet/in.h>
#include <regex.h>

#include "editor.h"
#include "evloop.h"
#include "log.h"
#include "telnet.h"
#include "vty.h"

#define VTY_OUT_HIWAT		(64 * 1024)	/* vty_out_full() above it */
#define VTY_OUT_LOWAT		(16 * 1024)	/* resume a handler below it */
#define VTY_IBUF_MAX		4096		/* keys typed ahead while busy */
#define VTY_TIMEOUT_DEFAULT	600		/* exec-timeout, seconds */
#define VTY_MAX_SESSIONS	128
#define VTY_MAX_FAIL		3
#define VTY_CLOSE_GRACE_MS	2000	/* last words to a client that stalls */
#define VTY_NAME_MAX		64
#define VTY_SETS_MAX		4
#define VTY_PEER_LOCAL		"local"		/* Unix-socket sessions */

/* A node's commands, kept as a list too so that "list" can print them. */
struct vty_cmds {
	struct cmd_set		 *set;
	const struct cmd_def	**defs;
	unsigned		  ndefs;
	unsigned		  cap;
};

struct vty_nodeinfo {
	char			 suffix[VTY_NAME_MAX];	/* "(config-router)" */
	int			 parent;
	bool			 used;
	struct vty_cmds		 cmds;
};

/* One entry of "access-list" (v6 false) or "ipv6 access-list" (v6). */
struct vty_acl {
	TAILQ_ENTRY(vty_acl)	 entry;
	char			 name[VTY_NAME_MAX];
	bool			 v6;
	bool			 permit;
	bool			 any;
	struct prefix4		 prefix;
	struct prefix6		 prefix6;
};
TAILQ_HEAD(vty_acl_list, vty_acl);

struct vty_writer {
	vty_config_write_fn	 fn;
	void			*arg;
};

TAILQ_HEAD(vty_list, vty);

/*
 * A password: as typed, or only its hash (secret.c). With "service
 * password-encryption" the plain text is hashed and forgotten.
 */
struct vty_secret {
	char			*plain;
	char			*hash;		/* crypt(3) form, "$6$salt$..." */
};

enum vty_banner {
	VTY_BANNER_DEFAULT,	/* "Hello, this is okapi (version X)." */
	VTY_BANNER_LINE,	/* "banner motd line LINE" */
	VTY_BANNER_NONE,	/* "no banner motd" */
};

struct vty_server {
	struct event_base	*base;
	void			*ctx;
	char			*daemon;
	char			*tag;
	char			*version;
	char			*listen_addr;
	char			*config_path;
	uint16_t		 port;
	unsigned		 max_sessions;

	/* configuration the VTY owns */
	char			 hostname[VTY_NAME_MAX];
	bool			 hostname_set;
	struct vty_secret	 password;
	struct vty_secret	 enable_password;
	bool			 encrypt;	/* service password-encryption */
	bool			 no_login;	/* line vty: no login */
	bool			 log_commands;
	char			*log_file;	/* "log file PATH [LEVEL]" */
	int			 log_file_level;	/* syslog priority */
	bool			 log_stdout;	/* "log stdout [LEVEL]" */
	int			 log_stdout_level;
	bool			 log_syslog;	/* "log syslog [LEVEL]" */
	int			 log_syslog_level;
	enum vty_banner		 banner;
	char			*banner_line;
	unsigned		 exec_timeout;		/* seconds, 0: never */
	char			 access_class[VTY_NAME_MAX];
	char			 access_class6[VTY_NAME_MAX];
	struct vty_acl_list	 acls;

	struct vty_nodeinfo	 nodes[VTY_NODE_MAX];
	struct vty_cmds		 any_cmds;	/* exit, quit: every node */
	struct vty_cmds		 cfg_cmds;	/* end, do: config nodes */
	struct vty_writer	*writers;
	unsigned		 nwriters;

	int			 listen_fd;
	struct event		*listen_ev;
	int			 unix_fd;
	struct event		*unix_ev;
	char			*unix_path;	/* unlinked by vty_server_free */
	struct vty_list		 sessions;
	unsigned		 nsessions;
	struct log_limit	 peer_limit;	/* bad telnet from clients */
};

/*
 * A session's way from ENABLE to its node: the lines that entered each
 * level (vty_execute_in's context), kept by sessions without a client.
 */
struct vty_level {
	int			 node;
	char			*line;
};

enum vty_filter {
	VTY_FILTER_NONE,
	VTY_FILTER_INCLUDE,
	VTY_FILTER_EXCLUDE,
	VTY_FILTER_COUNT,
};

struct vty {
	struct vty_server	*srv;
	TAILQ_ENTRY(vty)	 entry;
	int			 fd;		/* -1: no client socket */
	char			 addr[INET6_ADDRSTRLEN];
	int			 node;
	void			*node_ctx[VTY_NODE_MAX];
	struct vty_level	 levels[VTY_NODE_MAX];	/* fd == -1 only */
	unsigned		 depth;
	unsigned		 fail;		/* bad passwords */
	bool			 config_load;
	bool			 closed;	/* "exit" from the top */
	struct buf		*sink;		/* fd == -1: output goes here */

	/* client side */
	struct telnet		 tn;
	struct editor		 ed;
	struct buf		 ibuf;		/* typed while a command runs */
	struct buf		 obuf;		/* encoded, waiting for the socket */
	struct buf		 pbuf;		/* pager prompt and its erasure */
	struct event		*rev;
	struct event		*wev;
	struct event		*kick;		/* next slice or queued input */
	struct event		*timer;		/* exec-timeout, close grace */
	bool			 wev_on;
	bool			 closing;	/* close once obuf is out */

	/* pager */
	int			 lines;		/* -1: window height, 0: off */
	bool			 more;
	unsigned		 page_left;
	unsigned		 col;

	/* the command being run */
	bool			 busy;
	int			 saved_node;	/* before "do", else -1 */
	int			 cmd_node;	/* where it matched */
	bool			 entered;	/* it called vty_node_enter */
	char			*cmd_line;	/* as matched, for levels[] */
	struct cmd_match	 match;
	struct cmd_cont		 cont;
	size_t			 slice;		/* bytes produced this slice */

	/* pipe filter */
	enum vty_filter		 filter;
	regex_t			 re;
	bool			 re_set;
	struct buf		 lbuf;		/* partial line */
	uint64_t		 count;
};

/* session.c */
struct vty	*vty_new(struct vty_server *, int fd, const char *addr);
struct vty	*vty_new_local(struct vty_server *, struct buf *sink,
		    int node, bool config_load);
void		 vty_del(struct vty *);
void		 vty_start(struct vty *);
void		 vty_emit(struct vty *, const void *, size_t);
void		 vty_prompt_str(const struct vty *, char *, size_t);
int		 vty_command(struct vty *, const char *line);
int		 vty_slice(struct vty *);
int		 vty_run(struct vty *, const char *line);
void		 vty_close(struct vty *, const char *why);
void		 vty_timeout_reset(struct vty *);
void		 vty_sets(const struct vty_server *, int node,
		    const struct cmd_set **, unsigned *);
int		 vty_node_parent(const struct vty_server *, int node);
bool		 vty_node_is_config(int node);
bool		 vty_pipe_allowed(const struct vty *, int node);
size_t		 vty_do_prefix(int node, const char *line);
void		 vty_levels_print(const struct vty *, struct buf *);

/* help.c */
int		 vty_line_describe(struct vty *, const char *line,
		    struct cmd_help *, unsigned max);
int		 vty_line_complete(struct vty *, const char *line,
		    const char **, unsigned max);

/* server.c */
bool		 vty_acl_permits(const struct vty_server *, const char *addr);
bool		 vty_login_needed(const struct vty_server *);
int		 vty_cmds_add(struct vty_cmds *, const struct cmd_def *,
		    unsigned n);

/* builtin.c */
int		 vty_builtin_install(struct vty_server *);
const char	*vty_log_level_name(int syslog_pri);
void		 vty_exit_node(struct vty *);

/* secret.c */
void		 vty_secret_clear(struct vty_secret *);
int		 vty_secret_set(struct vty_secret *, const char *plain,
		    bool encrypt);
int		 vty_secret_set_hash(struct vty_secret *, const char *hash);
int		 vty_secret_encrypt(struct vty_secret *);
bool		 vty_secret_is_set(const struct vty_secret *);
bool		 vty_secret_check(const struct vty_secret *, const char *pw);
bool		 vty_secret_hash_valid(const char *hash);

/* config.c */
int		 vty_config_build(struct vty_server *, struct buf *);
int		 vty_config_save(struct vty_server *, const char *path,
		    char *err, size_t errlen);

#endif

/*
 * DOC: the VTY server: nodes and their command sets, the Telnet listener
 * and what it lets in (access-class, the session cap), and the entry
 * points that run commands without a client (vty_execute, vty_describe,
 * vty_complete) through sessions that print into a buf.
 *
 * Deliberate differences from FRRouting: without a password, a session
 * from loopback starts in VIEW instead of being refused ("Vty password is
 * not set."), since a local user already has the box; a password (or "no
 * login") is required before the listener may bind anything but loopback.
 *
 * A Unix-socket listener (vty_server_listen_unix) serves the same Telnet
 * sessions to local tools, treated as loopback peers ("local"); the
 * socket is 0600 and a peer must run as the daemon's user or root.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sock.h"
#include "vty_int.h"

static char *
vty_strdup_or(const char *s, const char *dflt)
{
	return strdup(s ? s : dflt);
}

struct vty_server *
vty_server_new(struct event_base *base, const struct vty_server_opts *opts,
    void *ctx)
{
	struct vty_server	*srv;
	char			*dot;

	if ((srv = calloc(1, sizeof(*srv))) == NULL)
		return NULL;
	srv->base = base;
	srv->ctx = ctx;
	srv->listen_fd = -1;
	srv->unix_fd = -1;
	TAILQ_INIT(&srv->sessions);
	TAILQ_INIT(&srv->acls);
	srv->peer_limit = (struct log_limit)LOG_LIMIT_INIT(60, 10);
	srv->daemon = vty_strdup_or(opts->daemon, "okapi");
	srv->tag = vty_strdup_or(opts->tag, "OKAPI");
	srv->version = vty_strdup_or(opts->version, "0.1.0");
	srv->listen_addr = vty_strdup_or(opts->listen_addr, "127.0.0.1");
	srv->config_path = opts->config_path ? strdup(opts->config_path) :
	    NULL;
	srv->port = opts->port;
	srv->max_sessions = opts->max_sessions ? opts->max_sessions :
	    VTY_MAX_SESSIONS;
	srv->exec_timeout = VTY_TIMEOUT_DEFAULT;
	if (gethostname(srv->hostname, sizeof(srv->hostname) - 1) == -1 ||
	    srv->hostname[0] == '\0')
		snprintf(srv->hostname, sizeof(srv->hostname), "%s",
		    srv->daemon);
	if ((dot = strchr(srv->hostname, '.')) != NULL)
		*dot = '\0';
	if (srv->daemon == NULL || srv->tag == NULL || srv->version == NULL ||
	    srv->listen_addr == NULL ||
	    (opts->config_path && srv->config_path == NULL))
		goto fail;
	srv->nodes[VTY_NODE_VIEW].used = true;
	srv->nodes[VTY_NODE_ENABLE].used = true;
	srv->nodes[VTY_NODE_CONFIG].used = true;
	srv->nodes[VTY_NODE_LINE].used = true;
	srv->nodes[VTY_NODE_LINE].parent = VTY_NODE_CONFIG;
	srv->nodes[VTY_NODE_CONFIG].parent = VTY_NODE_ENABLE;
	if ((srv->nodes[VTY_NODE_VIEW].cmds.set = cmd_set_new()) == NULL ||
	    (srv->nodes[VTY_NODE_ENABLE].cmds.set = cmd_set_new()) == NULL ||
	    (srv->nodes[VTY_NODE_CONFIG].cmds.set = cmd_set_new()) == NULL ||
	    (srv->nodes[VTY_NODE_LINE].cmds.set = cmd_set_new()) == NULL ||
	    (srv->any_cmds.set = cmd_set_new()) == NULL ||
	    (srv->cfg_cmds.set = cmd_set_new()) == NULL)
		goto fail;
	if (vty_builtin_install(srv) == -1)
		goto fail;
	return srv;
fail:
	vty_server_free(srv);
	return NULL;
}

static void
vty_cmds_free(struct vty_cmds *c)
{
	cmd_set_free(c->set);
	free(c->defs);
	memset(c, 0, sizeof(*c));
}

void
vty_server_free(struct vty_server *srv)
{
	struct vty	*vty;
	struct vty_acl	*a;
	int		 i;

	if (srv == NULL)
		return;
	while ((vty = TAILQ_FIRST(&srv->sessions)) != NULL)
		vty_del(vty);
	while ((a = TAILQ_FIRST(&srv->acls)) != NULL) {
		TAILQ_REMOVE(&srv->acls, a, entry);
		free(a);
	}
	if (srv->listen_ev)
		event_free(srv->listen_ev);
	if (srv->listen_fd != -1)
		close(srv->listen_fd);
	if (srv->unix_ev)
		event_free(srv->unix_ev);
	if (srv->unix_fd != -1) {
		close(srv->unix_fd);
		(void)unlink(srv->unix_path);
	}
	free(srv->unix_path);
	for (i = 0; i < VTY_NODE_MAX; i++)
		vty_cmds_free(&srv->nodes[i].cmds);
	vty_cmds_free(&srv->any_cmds);
	vty_cmds_free(&srv->cfg_cmds);
	free(srv->writers);
	free(srv->daemon);
	free(srv->tag);
	free(srv->version);
	free(srv->listen_addr);
	free(srv->config_path);
	vty_secret_clear(&srv->password);
	vty_secret_clear(&srv->enable_password);
	free(srv->banner_line);
	free(srv->log_file);
	free(srv);
}

int
vty_node_add(struct vty_server *srv, const char *prompt_suffix,
    enum vty_node parent)
{
	int	 i;

	if (parent < VTY_NODE_CONFIG || parent >= VTY_NODE_MAX ||
	    !srv->nodes[parent].used) {
		log_warnx("vty_node_add %s: parent must be a config node",
		    prompt_suffix);
		return -1;
	}
	for (i = VTY_NODE_FIRST_DAEMON; i < VTY_NODE_MAX; i++)
		if (!srv->nodes[i].used)
			break;
	if (i == VTY_NODE_MAX) {
		log_warnx("vty_node_add %s: too many nodes", prompt_suffix);
		return -1;
	}
	if ((srv->nodes[i].cmds.set = cmd_set_new()) == NULL)
		return -1;
	snprintf(srv->nodes[i].suffix, sizeof(srv->nodes[i].suffix), "%s",
	    prompt_suffix);
	srv->nodes[i].parent = parent;
	srv->nodes[i].used = true;
	return i;
}

int
vty_cmds_add(struct vty_cmds *c, const struct cmd_def *defs, unsigned n)
{
	const struct cmd_def	**p;
	char			  err[256];
	unsigned		  i;

	for (i = 0; i < n; i++) {
		if (cmd_set_add(c->set, &defs[i], err, sizeof(err)) == -1) {
			log_warnx("vty_install \"%s\": %s", defs[i].syntax, err);
			return -1;
		}
		if (c->ndefs == c->cap) {
			p = reallocarray(c->defs, c->cap ? c->cap * 2 : 16,
			    sizeof(*p));
			if (p == NULL)
				return -1;
			c->defs = p;
			c->cap = c->cap ? c->cap * 2 : 16;
		}
		c->defs[c->ndefs++] = &defs[i];
	}
	return 0;
}

int
vty_install(struct vty_server *srv, int node, const struct cmd_def *defs,
    unsigned n)
{
	if (node < VTY_NODE_VIEW || node >= VTY_NODE_MAX ||
	    node == VTY_NODE_AUTH_ENABLE || !srv->nodes[node].used) {
		log_warnx("vty_install: no node %d", node);
		return -1;
	}
	return vty_cmds_add(&srv->nodes[node].cmds, defs, n);
}

int
vty_config_writer(struct vty_server *srv, vty_config_write_fn fn, void *arg)
{
	struct vty_writer	*w;

	w = reallocarray(srv->writers, srv->nwriters + 1, sizeof(*w));
	if (w == NULL)
		return -1;
	srv->writers = w;
	w[srv->nwriters].fn = fn;
	w[srv->nwriters].arg = arg;
	srv->nwriters++;
	return 0;
}

const char *
vty_server_hostname(const struct vty_server *srv)
{
	return srv->hostname;
}

void *
vty_server_ctx(const struct vty_server *srv)
{
	return srv->ctx;
}

static bool
prefix6_has(const struct prefix6 *p, const struct in6_addr *a)
{
	unsigned	 full = p->len / 8, rest = p->len % 8;
	uint8_t		 mask;

	if (memcmp(p->addr.s6_addr, a->s6_addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return ((p->addr.s6_addr[full] ^ a->s6_addr[full]) & mask) == 0;
}

/*
 * As FRRouting: an IPv4 peer is checked against "access-class", an IPv6
 * peer against "ipv6 access-class", each over its own family's lists; a
 * family without an access-class lets every peer in, and so does a Unix
 * socket, which has no address. In the list, the first matching entry
 * decides; no entry, or no such list, denies.
 */
bool
vty_acl_permits(const struct vty_server *srv, const char *addr)
{
	const struct vty_acl	*a;
	const char		*name;
	struct in_addr		 in;
	struct in6_addr		 in6;
	bool			 v6;

	if (inet_pton(AF_INET, addr, &in) == 1)
		v6 = false;
	else if (inet_pton(AF_INET6, addr, &in6) == 1)
		v6 = true;
	else
		return true;
	name = v6 ? srv->access_class6 : srv->access_class;
	if (name[0] == '\0')
		return true;
	TAILQ_FOREACH(a, &srv->acls, entry) {
		if (a->v6 != v6 || strcmp(a->name, name) != 0)
			continue;
		if (a->any || (v6 ? prefix6_has(&a->prefix6, &in6) :
		    prefix4_contains(&a->prefix, &in)))
			return a->permit;
	}
	return false;
}

/* Does a session start at "Password: "? Not with "no login". */
bool
vty_login_needed(const struct vty_server *srv)
{
	return vty_secret_is_set(&srv->password) && !srv->no_login;
}

static void
vty_peer_name(const struct sockaddr_storage *ss, char *dst, size_t len)
{
	const struct sockaddr_in	*sin = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6	*sin6 = (const struct sockaddr_in6 *)ss;

	snprintf(dst, len, "?");
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &sin->sin_addr, dst, (socklen_t)len);
	else if (ss->ss_family == AF_INET6) {
		/* v4-mapped peers read as plain IPv4, for the ACLs. */
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr))
			inet_ntop(AF_INET, &sin6->sin6_addr.s6_addr[12], dst,
			    (socklen_t)len);
		else
			inet_ntop(AF_INET6, &sin6->sin6_addr, dst,
			    (socklen_t)len);
	} else if (ss->ss_family == AF_UNIX)
		snprintf(dst, len, "%s", VTY_PEER_LOCAL);
}

static bool
vty_addr_is_loopback(const char *addr)
{
	struct in_addr	 in;
	struct in6_addr	 in6;

	if (inet_pton(AF_INET, addr, &in) == 1)
		return addr4_is_loopback(&in);
	if (inet_pton(AF_INET6, addr, &in6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&in6);
	return false;
}

int
vty_server_accept_fd(struct vty_server *srv, int fd, const char *addr)
{
	static const char too_many[] = "% Too many sessions\r\n";
	struct vty	*vty;

	if (!vty_acl_permits(srv, addr)) {
		log_info("Vty connection refused from %s", addr);
		close(fd);
		return -1;
	}
	/* "no password" after listening: remote peers are refused again. */
	if (!vty_secret_is_set(&srv->password) && !srv->no_login &&
	    !vty_addr_is_loopback(addr) && strcmp(addr, VTY_PEER_LOCAL) != 0) {
		static const char nopw[] = "Vty password is not set.\r\n";

		log_info("vty: %s refused: no password set", addr);
		(void)send(fd, nopw, sizeof(nopw) - 1,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		close(fd);
		return -1;
	}
	if (srv->nsessions >= srv->max_sessions) {
		log_info("vty: %s refused: %u sessions", addr,
		    srv->nsessions);
		(void)send(fd, too_many, sizeof(too_many) - 1,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		close(fd);
		return -1;
	}
	if (sock_nonblock(fd) == -1 || (vty = vty_new(srv, fd, addr)) == NULL) {
		log_warn("vty: session for %s", addr);
		close(fd);
		return -1;
	}
	log_debug("vty[%d]: connection from %s", fd, addr);
	vty_start(vty);
	return 0;
}

static void
vty_acceptcb(evutil_socket_t lfd, short ev, void *arg)
{
	struct vty_server	*srv = arg;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof(ss);
	char			 addr[INET6_ADDRSTRLEN];
	int			 fd;

	fd = accept4(lfd, (struct sockaddr *)&ss, &sslen, SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED && log_limit_ok(&srv->peer_limit))
			log_warn("vty: accept");
		return;
	}
	vty_peer_name(&ss, addr, sizeof(addr));
	(void)vty_server_accept_fd(srv, fd, addr);
}

int
vty_server_listen(struct vty_server *srv, char *err, size_t errlen)
{
	bool	 local = vty_addr_is_loopback(srv->listen_addr);

	if (srv->port == 0)
		return 0;
	if (!local && !vty_secret_is_set(&srv->password) && !srv->no_login) {
		snprintf(err, errlen, "vty: refusing to listen on %s without "
		    "a password (set \"password\" or use 127.0.0.1)",
		    srv->listen_addr);
		return -1;
	}
	if (!local && srv->no_login)
		log_warnx("vty: \"no login\": sessions on %s need no password",
		    srv->listen_addr);
	if ((srv->listen_fd = sock_listen_tcp(srv->listen_addr, srv->port,
	    NULL)) == -1) {
		snprintf(err, errlen, "vty: listen on %s port %u: %s",
		    srv->listen_addr, srv->port, strerror(errno));
		return -1;
	}
	srv->listen_ev = event_new(srv->base, srv->listen_fd,
	    EV_READ | EV_PERSIST, vty_acceptcb, srv);
	if (srv->listen_ev == NULL || event_add(srv->listen_ev, NULL) == -1) {
		snprintf(err, errlen, "vty: no memory");
		return -1;
	}
	log_info("vty: listening on %s port %u", srv->listen_addr, srv->port);
	return 0;
}

/*
 * The path may hold a socket a daemon left when it died: remove that one,
 * but never a socket someone still accepts on, nor anything else.
 */
static int
vty_unix_check(const char *path, char *err, size_t errlen)
{
	struct stat	 st;
	int		 fd;

	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "vty: %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "vty: %s exists and is not a socket",
		    path);
		return -1;
	}
	if ((fd = sock_connect_unix(path, false)) != -1) {
		close(fd);
		snprintf(err, errlen, "vty: %s: another process listens there",
		    path);
		return -1;
	}
	if (errno != ECONNREFUSED && errno != ENOENT) {
		snprintf(err, errlen, "vty: %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;	/* stale: sock_listen_unix() unlinks it */
}

static void
vty_unix_acceptcb(evutil_socket_t lfd, short ev, void *arg)
{
	struct vty_server	*srv = arg;
	struct ucred		 cred;
	socklen_t		 len = sizeof(cred);
	int			 fd;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED && log_limit_ok(&srv->peer_limit))
			log_warn("vty: accept on %s", srv->unix_path);
		return;
	}
	/* Mode 0600 is set after bind(); the peer's user is what counts. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1 ||
	    (cred.uid != 0 && cred.uid != geteuid())) {
		if (log_limit_ok(&srv->peer_limit))
			log_warnx("vty: %s: refused pid %ld, uid %ld",
			    srv->unix_path, len == sizeof(cred) ?
			    (long)cred.pid : -1L, len == sizeof(cred) ?
			    (long)cred.uid : -1L);
		close(fd);
		return;
	}
	(void)vty_server_accept_fd(srv, fd, VTY_PEER_LOCAL);
}

int
vty_server_listen_unix(struct vty_server *srv, const char *path, char *err,
    size_t errlen)
{
	if (srv->unix_fd != -1) {
		snprintf(err, errlen, "vty: already listening on %s",
		    srv->unix_path);
		return -1;
	}
	if (vty_unix_check(path, err, errlen) == -1)
		return -1;
	if ((srv->unix_path = strdup(path)) == NULL) {
		snprintf(err, errlen, "vty: no memory");
		return -1;
	}
	if ((srv->unix_fd = sock_listen_unix(path, 0600)) == -1) {
		snprintf(err, errlen, "vty: listen on %s: %s", path,
		    strerror(errno));
		free(srv->unix_path);
		srv->unix_path = NULL;
		return -1;
	}
	srv->unix_ev = event_new(srv->base, srv->unix_fd, EV_READ | EV_PERSIST,
	    vty_unix_acceptcb, srv);
	if (srv->unix_ev == NULL || event_add(srv->unix_ev, NULL) == -1) {
		snprintf(err, errlen, "vty: no memory");
		return -1;
	}
	log_info("vty: listening on %s", path);
	return 0;
}

/*
 * Run lines of text, one by one, in a client-less session. An "exit" from
 * the top closes it and ends the run, unless keep_open (execute_in: the
 * caller owns the session, and its context only names a mode).
 */
static int
vty_run_lines(struct vty *vty, const char *lines, bool keep_open)
{
	const char	*p = lines, *nl;
	char		 line[EDITOR_LINE_MAX + 1];
	size_t		 n;
	int		 rc = CMD_SUCCESS;

	while (*p && !vty->closed) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > EDITOR_LINE_MAX)
			n = EDITOR_LINE_MAX;
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl ? nl + 1 : p + strlen(p);
		if (line[strspn(line, " \t\r")] == '\0')
			continue;
		rc = vty_run(vty, line);
		if (keep_open)
			vty->closed = false;
	}
	return rc;
}

int
vty_execute(struct vty_server *srv, const char *lines, struct buf *out)
{
	struct vty	*vty;
	int		 rc;

	if ((vty = vty_new_local(srv, out, VTY_NODE_ENABLE, false)) == NULL)
		return CMD_WARNING;
	rc = vty_run_lines(vty, lines, false);
	vty_del(vty);
	return rc;
}

/* The next line of *s without the blanks around it; false at the end. */
static bool
vty_next_line(const char **s, const char **p, size_t *n)
{
	const char	*b = *s, *e;

	if (*b == '\0')
		return false;
	e = b + strcspn(b, "\n");
	*s = *e == '\n' ? e + 1 : e;
	while (b < e && strchr(" \t\r", *b))
		b++;
	while (e > b && strchr(" \t\r", e[-1]))
		e--;
	*p = b;
	*n = (size_t)(e - b);
	return true;
}

/* Lines that run as nothing: blank, or a comment. */
static bool
vty_line_blank(const char *p, size_t n)
{
	return n == 0 || p[0] == '!' || p[0] == '#';
}

/* A context as execute_in gives it back: trimmed lines, no blank ones. */
static void
vty_context_normalize(const char *context, struct buf *out)
{
	const char	*p;
	size_t		 n;

	while (vty_next_line(&context, &p, &n)) {
		if (vty_line_blank(p, n))
			continue;
		if (out->len > 0)
			buf_put_u8(out, '\n');
		buf_put_bytes(out, p, n);
	}
	buf_cstr(out);
}

/*
 * A session in the mode the context lines lead to from ENABLE, their
 * output in scratch. *ok is false when the context does not replay here:
 * a line failed, or did not enter one more level (this server lacks the
 * mode, or the line is no mode change).
 */
static struct vty *
vty_context(struct vty_server *srv, const char *context, struct buf *scratch,
    bool *ok)
{
	struct vty	*vty;
	char		 line[EDITOR_LINE_MAX + 1];
	const char	*p;
	size_t		 n;
	unsigned	 depth = 0;

	*ok = true;
	if ((vty = vty_new_local(srv, scratch, VTY_NODE_ENABLE, false)) == NULL)
		return NULL;
	while (context != NULL && vty_next_line(&context, &p, &n)) {
		if (vty_line_blank(p, n))
			continue;
		if (n > EDITOR_LINE_MAX) {
			*ok = false;
			break;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (vty_run(vty, line) != CMD_SUCCESS || vty->closed ||
		    vty->depth != ++depth) {
			*ok = false;
			break;
		}
	}
	return vty;
}

int
vty_execute_in(struct vty_server *srv, const char *context, const char *lines,
    struct buf *out, struct buf *newctx, struct buf *prompt)
{
	struct buf	 scratch = BUF_INIT;
	struct vty	*vty;
	char		 p[EDITOR_PROMPT_MAX + 1];
	bool		 ok;
	int		 rc;

	buf_reset(newctx);
	buf_reset(prompt);
	if ((vty = vty_context(srv, context, &scratch, &ok)) == NULL) {
		buf_free(&scratch);
		return CMD_WARNING;
	}
	if (!ok) {
		rc = CMD_ERR_NO_MATCH;
		vty_context_normalize(context ? context : "", newctx);
		buf_cstr(prompt);
	} else {
		vty->sink = out;
		rc = vty_run_lines(vty, lines ? lines : "", true);
		/*
		 * levels[] holds the lines to every node a command can enter
		 * from its parent, as all of okapi's do; a node a command
		 * reaches only by falling back to a parent nobody entered
		 * could not be written as a context.
		 */
		vty_levels_print(vty, newctx);
		vty_prompt_str(vty, p, sizeof(p));
		buf_put_str(prompt, p);
		buf_cstr(prompt);
	}
	vty_del(vty);
	buf_free(&scratch);
	return rc;
}

int
vty_describe(struct vty_server *srv, const char *context, const char *line,
    struct buf *out)
{
	struct cmd_help		 h[256];
	struct buf		 scratch = BUF_INIT;
	struct vty		*vty;
	bool			 ok;
	int			 n = -1, i;

	if ((vty = vty_context(srv, context, &scratch, &ok)) == NULL) {
		buf_free(&scratch);
		return -1;
	}
	if (ok)
		n = vty_line_describe(vty, line, h, 256);
	for (i = 0; i < n; i++)
		buf_printf(out, "%s\t%s\n", h[i].token,
		    h[i].help ? h[i].help : "");
	vty_del(vty);
	buf_free(&scratch);
	return n;
}

int
vty_complete(struct vty_server *srv, const char *context, const char *line,
    struct buf *out)
{
	const char		*c[256];
	struct buf		 scratch = BUF_INIT;
	struct vty		*vty;
	bool			 ok;
	int			 n = -1, i;

	if ((vty = vty_context(srv, context, &scratch, &ok)) == NULL) {
		buf_free(&scratch);
		return -1;
	}
	if (ok)
		n = vty_line_complete(vty, line, c, 256);
	for (i = 0; i < n; i++)
		buf_printf(out, "%s\n", c[i]);
	vty_del(vty);
	buf_free(&scratch);
	return n;
}

/*
 * DOC: one VTY session. A Telnet client's bytes go through the telnet
 * parser and the line editor ('?' and TAB ask help.c); an executed line
 * goes through vty_command() (the "do" shortcut, the pipe, matching in the
 * node and its parents, FRRouting's error strings, "log commands") to a
 * handler. Handlers print with vty_out() into the output path described
 * in vty_int.h.
 *
 * Streaming: a handler that returns CMD_CONTINUE is called again from the
 * session's kick event, once the pager is not waiting and obuf has drained
 * below VTY_OUT_LOWAT, at most one slice per loop pass. vty_out_full()
 * turns true when obuf passes VTY_OUT_HIWAT or the slice produced that much
 * (a "| count" swallows everything, yet must not run the whole command in
 * one pass). Keys typed while a command runs wait in ibuf; Ctrl-C aborts.
 *
 * Sessions without a socket (vty_execute, configuration loading) run the
 * same path into a plain buf, calling slices back to back. They also keep
 * levels[]: for each mode entered on the way from ENABLE, the line that
 * entered it, updated from the node a command leaves the session in, so
 * that vty_execute_in can return the exact context of any node.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "vty_int.h"

#define VTY_MORE	" --More-- "
#define CTRL(c)		((c) & 0x1f)

static void	vty_flush(struct vty *);
static void	vty_emitf(struct vty *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	vty_settle(struct vty *);
static void	vty_input(struct vty *);

static void
vty_kick(struct vty *vty)
{
	struct timeval	 tv = { 0, 0 };

	/* A zero timer runs in the next loop pass, never in this one. */
	if (vty->kick && !evtimer_pending(vty->kick, NULL))
		evtimer_add(vty->kick, &tv);
}

bool
vty_node_is_config(int node)
{
	return node >= VTY_NODE_CONFIG;
}

static bool
vty_node_is_auth(int node)
{
	return node == VTY_NODE_AUTH || node == VTY_NODE_AUTH_ENABLE;
}

void
vty_prompt_str(const struct vty *vty, char *dst, size_t len)
{
	const char	*h = vty->srv->hostname;

	switch (vty->node) {
	case VTY_NODE_AUTH:
	case VTY_NODE_AUTH_ENABLE:
		snprintf(dst, len, "Password: ");
		break;
	case VTY_NODE_VIEW:
		snprintf(dst, len, "%s> ", h);
		break;
	case VTY_NODE_ENABLE:
		snprintf(dst, len, "%s# ", h);
		break;
	case VTY_NODE_CONFIG:
		snprintf(dst, len, "%s(config)# ", h);
		break;
	case VTY_NODE_LINE:
		snprintf(dst, len, "%s(config-line)# ", h);
		break;
	default:
		snprintf(dst, len, "%s%s# ", h,
		    vty->srv->nodes[vty->node].suffix);
		break;
	}
}

/* The prompt, and the editor set up for what the node reads. */
static void
vty_prompt(struct vty *vty)
{
	char	 p[EDITOR_PROMPT_MAX + 1];

	if (vty->fd == -1 || vty->closing)
		return;
	vty_prompt_str(vty, p, sizeof(p));
	vty->ed.echo = !vty_node_is_auth(vty->node);
	vty->ed.literal_qmark = !vty->ed.echo;
	editor_set_prompt(&vty->ed, p);
	vty_emit(vty, p, strlen(p));
}

/* Is a the node n or one of its parents? ENABLE is above every config node. */
static bool
vty_node_above(const struct vty_server *srv, int a, int n)
{
	for (; n != -1; n = vty_node_parent(srv, n))
		if (n == a)
			return true;
	return false;
}

static int
vty_level_node(const struct vty *vty)
{
	return vty->depth ? vty->levels[vty->depth - 1].node :
	    VTY_NODE_ENABLE;
}

static void
vty_level_pop(struct vty *vty)
{
	vty->depth--;
	free(vty->levels[vty->depth].line);
	vty->levels[vty->depth].line = NULL;
}

/*
 * Bring levels[] to the session's node after a command (line) moved it:
 * drop the levels that are not above the node, and if the node is not
 * reached yet, line entered it. reenter: the command entered the node it
 * was in, for another instance ("interface eth1" in eth0's node), so that
 * level's line is replaced. Without a line (a fall back to a parent before
 * a command runs) levels are only dropped.
 */
static void
vty_levels_sync(struct vty *vty, const char *line, bool reenter)
{
	struct vty_level	*l;

	if (vty->fd != -1)
		return;
	while (vty->depth > 0 && !vty_node_above(vty->srv,
	    vty->levels[vty->depth - 1].node, vty->node))
		vty_level_pop(vty);
	if (reenter && vty->depth > 0 && vty_level_node(vty) == vty->node)
		vty_level_pop(vty);
	if (vty_level_node(vty) == vty->node || line == NULL ||
	    vty->depth == VTY_NODE_MAX)
		return;
	l = &vty->levels[vty->depth];
	if ((l->line = strdup(line)) == NULL)
		return;
	l->node = vty->node;
	vty->depth++;
}

/* The lines of levels[], '\n'-separated ("" in ENABLE). */
void
vty_levels_print(const struct vty *vty, struct buf *out)
{
	unsigned	 i;

	for (i = 0; i < vty->depth; i++)
		buf_printf(out, "%s%s", i ? "\n" : "", vty->levels[i].line);
	buf_cstr(out);
}

struct vty *
vty_new_local(struct vty_server *srv, struct buf *sink, int node,
    bool config_load)
{
	struct vty	*vty;

	if ((vty = calloc(1, sizeof(*vty))) == NULL)
		return NULL;
	vty->srv = srv;
	vty->fd = -1;
	vty->sink = sink;
	vty->node = node;
	vty->saved_node = -1;
	vty->config_load = config_load;
	snprintf(vty->addr, sizeof(vty->addr), "%s", config_load ? "config" :
	    "execute");
	editor_init(&vty->ed);
	buf_init(&vty->lbuf);
	if (node == VTY_NODE_CONFIG)
		vty_levels_sync(vty, "configure terminal", false);
	return vty;
}

static void	vty_readcb(evutil_socket_t, short, void *);
static void	vty_writecb(evutil_socket_t, short, void *);
static void	vty_kickcb(evutil_socket_t, short, void *);
static void	vty_timercb(evutil_socket_t, short, void *);

struct vty *
vty_new(struct vty_server *srv, int fd, const char *addr)
{
	struct vty	*vty;

	if ((vty = vty_new_local(srv, NULL, vty_login_needed(srv) ?
	    VTY_NODE_AUTH : VTY_NODE_VIEW, false)) == NULL)
		return NULL;
	vty->fd = fd;
	vty->lines = -1;
	snprintf(vty->addr, sizeof(vty->addr), "%s", addr);
	telnet_init(&vty->tn);
	buf_init(&vty->ibuf);
	buf_init(&vty->obuf);
	buf_init(&vty->pbuf);
	vty->rev = event_new(srv->base, fd, EV_READ | EV_PERSIST, vty_readcb,
	    vty);
	vty->wev = event_new(srv->base, fd, EV_WRITE | EV_PERSIST,
	    vty_writecb, vty);
	vty->kick = evtimer_new(srv->base, vty_kickcb, vty);
	vty->timer = evtimer_new(srv->base, vty_timercb, vty);
	if (vty->rev == NULL || vty->wev == NULL || vty->kick == NULL ||
	    vty->timer == NULL) {
		vty->fd = -1;	/* the caller still owns it */
		vty_del(vty);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&srv->sessions, vty, entry);
	srv->nsessions++;
	return vty;
}

static void
vty_filter_reset(struct vty *vty)
{
	if (vty->re_set)
		regfree(&vty->re);
	vty->re_set = false;
	vty->filter = VTY_FILTER_NONE;
	vty->count = 0;
	buf_reset(&vty->lbuf);
}

/* Drop the running command: its state, its filter, its "do". */
static void
vty_cmd_end(struct vty *vty)
{
	if (vty->cont.free && vty->cont.state)
		vty->cont.free(vty->cont.state);
	memset(&vty->cont, 0, sizeof(vty->cont));
	if (vty->saved_node != -1 && vty->node == VTY_NODE_ENABLE)
		vty->node = vty->saved_node;
	vty->saved_node = -1;
	if (vty->busy && (vty->node != vty->cmd_node || vty->entered))
		vty_levels_sync(vty, vty->cmd_line, vty->entered);
	free(vty->cmd_line);
	vty->cmd_line = NULL;
	vty->entered = false;
	vty->busy = false;
}

void
vty_del(struct vty *vty)
{
	if (vty == NULL)
		return;
	vty_cmd_end(vty);
	vty_filter_reset(vty);
	while (vty->depth > 0)
		vty_level_pop(vty);
	if (vty->rev) {
		event_free(vty->rev);
		event_free(vty->wev);
		event_free(vty->kick);
		event_free(vty->timer);
	}
	if (vty->fd != -1) {
		TAILQ_REMOVE(&vty->srv->sessions, vty, entry);
		vty->srv->nsessions--;
		close(vty->fd);
	}
	editor_free(&vty->ed);
	buf_free(&vty->ibuf);
	buf_free(&vty->obuf);
	buf_free(&vty->pbuf);
	buf_free(&vty->lbuf);
	free(vty);
}

void
vty_close(struct vty *vty, const char *why)
{
	if (vty->fd == -1) {
		vty->closed = true;
		return;
	}
	if (vty->closing)
		return;
	vty->closing = true;
	log_debug("vty[%d]: %s closed%s%s", vty->fd, vty->addr,
	    why ? ": " : "", why ? why : "");
	if (vty->busy) {
		vty_cmd_end(vty);
		vty_filter_reset(vty);
	}
	event_del(vty->rev);
	evtimer_del(vty->kick);
	evtimer_add_ms(vty->timer, VTY_CLOSE_GRACE_MS);
}

void
vty_timeout_reset(struct vty *vty)
{
	if (vty->fd == -1 || vty->closing)
		return;
	if (vty->srv->exec_timeout == 0)
		evtimer_del(vty->timer);
	else
		evtimer_add_ms(vty->timer,
		    (uint64_t)vty->srv->exec_timeout * 1000);
}

/*
 * The banner, then FRRouting's "User Access Verification" when a password
 * is asked. A "banner motd line" stands where the default text does, with
 * the same blank lines around it.
 */
void
vty_start(struct vty *vty)
{
	struct vty_server	*srv = vty->srv;

	switch (srv->banner) {
	case VTY_BANNER_DEFAULT:
		vty_emitf(vty, "\nHello, this is okapi (version %s).\n\n",
		    srv->version);
		break;
	case VTY_BANNER_LINE:
		vty_emitf(vty, "\n%s\n\n", srv->banner_line);
		break;
	case VTY_BANNER_NONE:
		break;
	}
	if (vty->node == VTY_NODE_AUTH)
		vty_emit(vty, "\nUser Access Verification\n\n", 27);
	telnet_start(&vty->tn, &vty->obuf);
	vty_prompt(vty);
	event_add(vty->rev, NULL);
	vty_timeout_reset(vty);
	vty_settle(vty);
}

/* Output after the filter: to the client (CR LF) or to the caller's buf. */
void
vty_emit(struct vty *vty, const void *p, size_t len)
{
	if (vty->fd == -1) {
		if (vty->sink)
			buf_put_bytes(vty->sink, p, len);
		return;
	}
	if (!vty->closing)
		telnet_output(&vty->obuf, p, len);
}

static void
vty_emitf(struct vty *vty, const char *fmt, ...)
{
	char	 s[EDITOR_LINE_MAX + 256];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	if (n > 0)
		vty_emit(vty, s, (size_t)n < sizeof(s) ? (size_t)n :
		    sizeof(s) - 1);
}

/* One complete line (without its LF) through the filter. */
static void
vty_filter_line(struct vty *vty, char *line, size_t len, bool nl)
{
	bool	 hit;

	if (vty->filter == VTY_FILTER_COUNT) {
		vty->count++;
		return;
	}
	line[len] = '\0';
	hit = regexec(&vty->re, line, 0, NULL, 0) == 0;
	if (hit != (vty->filter == VTY_FILTER_INCLUDE))
		return;
	line[len] = '\n';
	vty_emit(vty, line, len + (nl ? 1 : 0));
}

static void
vty_filter_put(struct vty *vty, const char *p, size_t len)
{
	const char	*nl;
	size_t		 n;

	while (len > 0) {
		nl = memchr(p, '\n', len);
		n = nl ? (size_t)(nl - p) : len;
		if (!buf_put_bytes(&vty->lbuf, p, n) ||
		    buf_space(&vty->lbuf, 1) == NULL)
			return;
		if (nl == NULL)
			return;
		vty_filter_line(vty, (char *)vty->lbuf.data, vty->lbuf.len,
		    true);
		buf_reset(&vty->lbuf);
		p += n + 1;
		len -= n + 1;
	}
}

/* The end of a command's output: the partial last line, the count. */
static void
vty_filter_end(struct vty *vty)
{
	if (vty->filter == VTY_FILTER_NONE)
		return;
	if (vty->lbuf.len > 0 && buf_space(&vty->lbuf, 1) != NULL)
		vty_filter_line(vty, (char *)vty->lbuf.data, vty->lbuf.len,
		    false);
	if (vty->filter == VTY_FILTER_COUNT)
		vty_emitf(vty, "%llu\n", (unsigned long long)vty->count);
	vty_filter_reset(vty);
}

void
vty_write(struct vty *vty, const void *p, size_t len)
{
	vty->slice += len;
	if (vty->filter != VTY_FILTER_NONE)
		vty_filter_put(vty, p, len);
	else
		vty_emit(vty, p, len);
}

void
vty_vout(struct vty *vty, const char *fmt, va_list ap)
{
	char	 s[1024], *big;
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(s, sizeof(s), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(s)) {
		vty_write(vty, s, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL)
		return;
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	vty_write(vty, big, (size_t)n);
	free(big);
}

void
vty_out(struct vty *vty, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vty_vout(vty, fmt, ap);
	va_end(ap);
}

void
vty_json_out(struct vty *vty, struct json_object *obj)
{
	const char	*s;

	s = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY);
	if (s) {
		vty_write(vty, s, strlen(s));
		vty_write(vty, "\n", 1);
	}
	json_object_put(obj);
}

bool
vty_out_full(const struct vty *vty)
{
	return vty->obuf.len >= VTY_OUT_HIWAT || vty->slice >= VTY_OUT_HIWAT;
}

struct cmd_cont *
vty_cont(struct vty *vty)
{
	return &vty->cont;
}

struct vty_server *
vty_server(const struct vty *vty)
{
	return vty->srv;
}

void
vty_node_enter(struct vty *vty, int node, void *node_ctx)
{
	if (node < 0 || node >= VTY_NODE_MAX)
		return;
	/* The same node for another instance counts as entering it. */
	if (node != vty->node || node_ctx != vty->node_ctx[node])
		vty->entered = true;
	vty->node = node;
	vty->node_ctx[node] = node_ctx;
	/* A handler run by "do" that changes mode keeps the change. */
	vty->saved_node = -1;
}

int
vty_node(const struct vty *vty)
{
	return vty->node;
}

void *
vty_node_ctx(const struct vty *vty)
{
	return vty->node_ctx[vty->node];
}

bool
vty_is_config_load(const struct vty *vty)
{
	return vty->config_load;
}

/*
 * The pipe: "include REGEX", "exclude REGEX", "count". Actions may be
 * abbreviated (all three differ in their first letter).
 */
static int
vty_pipe(struct vty *vty, char *p)
{
	static const char *const actions[] = {
		[VTY_FILTER_INCLUDE] = "include",
		[VTY_FILTER_EXCLUDE] = "exclude",
		[VTY_FILTER_COUNT] = "count",
	};
	char	*word, *re;
	size_t	 n;
	int	 i, f = VTY_FILTER_NONE;

	p += strspn(p, " \t");
	word = p;
	n = strcspn(p, " \t");
	re = p + n;
	re += strspn(re, " \t");
	word[n] = '\0';
	for (i = VTY_FILTER_INCLUDE; n > 0 && i <= VTY_FILTER_COUNT; i++)
		if (strncmp(actions[i], word, n) == 0)
			f = i;
	if (f == VTY_FILTER_NONE) {
		vty_emitf(vty, "%% Unknown action '%s'\n", word);
		return -1;
	}
	if (f != VTY_FILTER_COUNT) {
		n = strlen(re);
		while (n > 0 && (re[n - 1] == ' ' || re[n - 1] == '\t'))
			re[--n] = '\0';
		if (n == 0) {
			vty_emitf(vty, "%% Need a regexp to filter with\n");
			return -1;
		}
		if (regcomp(&vty->re, re, REG_EXTENDED | REG_NEWLINE |
		    REG_NOSUB) != 0) {
			vty_emitf(vty, "%% Bad regexp '%s'\n", re);
			return -1;
		}
		vty->re_set = true;
	}
	vty->filter = f;
	vty->count = 0;
	buf_reset(&vty->lbuf);
	return 0;
}

int
vty_node_parent(const struct vty_server *srv, int node)
{
	switch (node) {
	case VTY_NODE_AUTH:
	case VTY_NODE_VIEW:
	case VTY_NODE_AUTH_ENABLE:
	case VTY_NODE_ENABLE:
		return -1;
	case VTY_NODE_CONFIG:
		return VTY_NODE_ENABLE;
	case VTY_NODE_LINE:
		return VTY_NODE_CONFIG;
	default:
		if (node < 0 || node >= VTY_NODE_MAX || !srv->nodes[node].used)
			return -1;
		return srv->nodes[node].parent;
	}
}

/* The command sets a node sees: its own, then the shared ones. */
void
vty_sets(const struct vty_server *srv, int node, const struct cmd_set **sets,
    unsigned *n)
{
	*n = 0;
	if (node < 0 || node >= VTY_NODE_MAX || vty_node_is_auth(node))
		return;
	if (srv->nodes[node].cmds.set)
		sets[(*n)++] = srv->nodes[node].cmds.set;
	if (node == VTY_NODE_ENABLE)
		sets[(*n)++] = srv->nodes[VTY_NODE_VIEW].cmds.set;
	if (vty_node_is_config(node))
		sets[(*n)++] = srv->cfg_cmds.set;
	sets[(*n)++] = srv->any_cmds.set;
}

/*
 * "do CMD" in a config node: the words after "do", matched in ENABLE.
 * Returns the offset of CMD in line, or 0.
 */
size_t
vty_do_prefix(int node, const char *line)
{
	size_t	 off = strspn(line, " \t");

	if (!vty_node_is_config(node) || strncmp(line + off, "do", 2) != 0 ||
	    (line[off + 2] != ' ' && line[off + 2] != '\t'))
		return 0;
	off += 2;
	return off + strspn(line + off, " \t");
}

bool
vty_pipe_allowed(const struct vty *vty, int node)
{
	return !vty->config_load &&
	    (node == VTY_NODE_VIEW || node == VTY_NODE_ENABLE);
}

/*
 * "log commands": every line a session runs, with the prompt it was typed
 * at and the peer, as FRRouting logs them ("vty[fd]@prompt# line"). The
 * variables of a CMD_F_SECRET command are written as "****".
 */
static void
vty_log_command(struct vty *vty, const char *prompt, const char *line,
    size_t len, enum cmd_verdict v)
{
	const struct cmd_match	*m = &vty->match;
	char			 red[EDITOR_LINE_MAX + 1];
	size_t			 n = 0;
	uint32_t		 i;

	if (v == CMD_MATCH_OK && (m->def->flags & CMD_F_SECRET)) {
		red[0] = '\0';
		for (i = 0; i < m->nvals && n < sizeof(red); i++)
			n += (size_t)snprintf(red + n, sizeof(red) - n, "%s%s",
			    i ? " " : "", m->vals[i].type == CMD_TOK_KEYWORD ?
			    m->vals[i].text : "****");
		line = red;
		len = strlen(red);
	}
	if (vty->fd != -1)
		log_info("vty[%d]@%s: %s%.*s", vty->fd, vty->addr, prompt,
		    (int)len, line);
	else
		log_info("vty@%s: %s%.*s", vty->addr, prompt, (int)len, line);
}

/* A copy of s without the blanks around it. */
static char *
vty_strdup_trim(const char *s)
{
	size_t	 n;

	s += strspn(s, " \t");
	for (n = strlen(s); n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t');)
		n--;
	return strndup(s, n);
}

/*
 * Parse and start one line. Errors are printed here, FRRouting's strings,
 * plus a '^' line under the first word nothing accepts. Returns the
 * handler's status, CMD_CONTINUE while it streams, or CMD_ERR_*.
 */
int
vty_command(struct vty *vty, const char *line)
{
	const struct cmd_set	*sets[VTY_SETS_MAX];
	struct vty_server	*srv = vty->srv;
	char			 work[EDITOR_LINE_MAX + 1], prompt[160], *pipe;
	char			 head[VTY_NAME_MAX + 32];
	const char		*cmdline;
	enum cmd_verdict	 v, v2;
	size_t			 errpos = 0, e2, off, len;
	unsigned		 n;
	int			 node = vty->node, pn, hl;
	bool			 via_do = false;
	bool			 logged = srv->log_commands && !vty->config_load;

	len = strlen(line);
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	if (len >= sizeof(work))
		len = sizeof(work) - 1;
	memcpy(work, line, len);
	work[len] = '\0';
	if (logged)
		vty_prompt_str(vty, prompt, sizeof(prompt));
	if ((off = vty_do_prefix(node, work)) > 0) {
		via_do = true;
		node = VTY_NODE_ENABLE;
	}
	cmdline = work + off;
	pipe = NULL;
	if (vty_pipe_allowed(vty, node) && (pipe = strchr(work + off, '|')))
		*pipe++ = '\0';

	vty_sets(srv, node, sets, &n);
	v = cmd_match(sets, n, cmdline, &vty->match, &errpos);
	/* As FRRouting: a config sub-node falls back to its parents. */
	if (v != CMD_MATCH_OK && v != CMD_MATCH_EMPTY && !via_do &&
	    vty_node_is_config(node)) {
		for (pn = vty_node_parent(srv, node); pn >= VTY_NODE_CONFIG;
		    pn = vty_node_parent(srv, pn)) {
			vty_sets(srv, pn, sets, &n);
			v2 = cmd_match(sets, n, cmdline, &vty->match, &e2);
			if (v2 == CMD_MATCH_OK) {
				vty->node = node = pn;
				vty_levels_sync(vty, NULL, false);
				v = v2;
				break;
			}
		}
	}
	if (logged && v != CMD_MATCH_EMPTY)
		vty_log_command(vty, prompt, line, len, v);
	switch (v) {
	case CMD_MATCH_EMPTY:
		return CMD_SUCCESS;
	case CMD_MATCH_INCOMPLETE:
		vty_emitf(vty, "%% Command incomplete.\n");
		return CMD_ERR_INCOMPLETE;
	case CMD_MATCH_AMBIGUOUS:
		vty_emitf(vty, "%% Ambiguous command.\n");
		return CMD_ERR_AMBIGUOUS;
	case CMD_MATCH_UNKNOWN:
		/* The line as typed, pipe included; the caret under it. */
		memcpy(work, line, len);
		hl = snprintf(head, sizeof(head), "%% [%s] Unknown command: ",
		    srv->tag);
		vty_emitf(vty, "%s%s\n", head, work);
		vty_emitf(vty, "%*s^\n", hl + (int)(off + errpos), "");
		return CMD_ERR_NO_MATCH;
	case CMD_MATCH_OK:
		break;
	}
	if (pipe && vty_pipe(vty, pipe) == -1)
		return CMD_WARNING;
	if (vty->fd != -1) {
		vty_prompt_str(vty, prompt, sizeof(prompt));
		log_debug("vty[%d]@%s%s", vty->fd, prompt, work);
	}
	/* What levels[] records if the command changes the mode. */
	vty->cmd_node = vty->node;
	vty->entered = false;
	free(vty->cmd_line);
	vty->cmd_line = vty->fd == -1 ? vty_strdup_trim(cmdline) : NULL;
	if (via_do) {
		vty->saved_node = vty->node;
		vty->node = VTY_NODE_ENABLE;
	}
	memset(&vty->cont, 0, sizeof(vty->cont));
	vty->busy = true;
	return vty_slice(vty);
}

/* One call of the running handler. */
int
vty_slice(struct vty *vty)
{
	int	 rc;

	vty->slice = 0;
	rc = vty->match.def->fn(vty, &vty->match, vty->srv->ctx);
	if (rc == CMD_CONTINUE && !vty->closing && !vty->closed)
		return CMD_CONTINUE;
	vty_filter_end(vty);
	vty_cmd_end(vty);
	return rc == CMD_CONTINUE ? CMD_SUCCESS : rc;
}

/* A line to completion, for sessions without a client. */
int
vty_run(struct vty *vty, const char *line)
{
	int	 rc;

	rc = vty_command(vty, line);
	while (rc == CMD_CONTINUE)
		rc = vty_slice(vty);
	return rc;
}

static int
vty_page_lines(const struct vty *vty)
{
	int	 n;

	if (vty->lines == 0 || vty->tn.width == 0 || vty->tn.height == 0)
		return 0;
	n = vty->lines > 0 ? vty->lines : vty->tn.height;
	return n > 1 ? n - 1 : 1;
}

/*
 * Walk len bytes of output as the terminal shows them (a line longer than
 * the window wraps) and return how many fit on what is left of the page.
 * With commit, the page state moves past them.
 */
static size_t
vty_page_walk(struct vty *vty, const uint8_t *p, size_t len, bool commit)
{
	unsigned	 left = vty->page_left, col = vty->col;
	unsigned	 width = vty->tn.width;
	size_t		 i;

	for (i = 0; i < len && left > 0; i++) {
		if (p[i] == '\n') {
			left--;
			col = 0;
		} else if (p[i] == '\r') {
			col = 0;
		} else if (p[i] >= 0x20 && p[i] < 0x7f) {
			if (col == width) {
				col = 0;
				if (--left == 0)
					break;
			}
			col++;
		}
	}
	if (commit) {
		vty->page_left = left;
		vty->col = col;
	}
	return i;
}

static void
vty_page_reset(struct vty *vty)
{
	vty->page_left = (unsigned)vty_page_lines(vty);
	vty->col = 0;
}

/* Is there more to page through: a whole line, or a handler not done? */
static bool
vty_more_pending(const struct vty *vty)
{
	return vty->busy || memchr(vty->obuf.data, '\n', vty->obuf.len);
}

/* Write what may go out now; false when the socket failed. */
static bool
vty_write_buf(struct vty *vty, struct buf *b, size_t max, size_t *done)
{
	ssize_t	 n;

	*done = 0;
	if (max == 0)
		return true;
	n = send(vty->fd, b->data, max, MSG_NOSIGNAL);
	if (n == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
	*done = (size_t)n;
	return true;
}

static void
vty_flush(struct vty *vty)
{
	size_t	 allow, done;
	bool	 paging;

	if (vty->fd == -1)
		return;
	if (vty->pbuf.len > 0) {
		if (!vty_write_buf(vty, &vty->pbuf, vty->pbuf.len, &done))
			goto fail;
		buf_consume(&vty->pbuf, done);
	}
	while (vty->pbuf.len == 0 && !vty->more && vty->obuf.len > 0) {
		paging = vty_page_lines(vty) > 0 && !vty->closing;
		/* A full page followed by only the prompt: no pause. */
		if (paging && vty->page_left == 0 && !vty_more_pending(vty))
			paging = false;
		allow = vty->obuf.len;
		if (paging)
			allow = vty_page_walk(vty, vty->obuf.data, allow, false);
		/* Nothing fits: the page ended inside a wrapped line. */
		if (paging && allow == 0)
			vty->page_left = 0;
		if (!vty_write_buf(vty, &vty->obuf, allow, &done))
			goto fail;
		if (paging)
			vty_page_walk(vty, vty->obuf.data, done, true);
		buf_consume(&vty->obuf, done);
		if (paging && vty->page_left == 0 && vty_more_pending(vty)) {
			vty->more = true;
			buf_put_bytes(&vty->pbuf, VTY_MORE, sizeof(VTY_MORE));
			if (!vty_write_buf(vty, &vty->pbuf, vty->pbuf.len,
			    &done))
				goto fail;
			buf_consume(&vty->pbuf, done);
			break;
		}
		if (done < allow || (paging && vty->page_left == 0))
			break;
	}
	if (vty->pbuf.len > 0 || (!vty->more && vty->obuf.len > 0)) {
		if (!vty->wev_on)
			event_add(vty->wev, NULL);
		vty->wev_on = true;
	} else if (vty->wev_on) {
		event_del(vty->wev);
		vty->wev_on = false;
	}
	if (vty->busy && !vty->more && vty->obuf.len < VTY_OUT_LOWAT)
		vty_kick(vty);
	return;
fail:
	buf_reset(&vty->obuf);
	buf_reset(&vty->pbuf);
	vty_close(vty, "write failed");
	vty->closing = true;
}

/* After every callback: push output; free a closing session once out. */
static void
vty_settle(struct vty *vty)
{
	vty_flush(vty);
	if (vty->closing && vty->obuf.len == 0 && vty->pbuf.len == 0)
		vty_del(vty);
}

/* A command finished: the prompt, then whatever was typed meanwhile. */
static void
vty_cmd_done(struct vty *vty)
{
	editor_clear(&vty->ed);
	vty_prompt(vty);
	if (vty->ibuf.len > 0)
		vty_kick(vty);
}

static void
vty_auth(struct vty *vty, const char *pw)
{
	struct vty_server	*srv = vty->srv;
	const struct vty_secret	*want;
	bool			 login = vty->node == VTY_NODE_AUTH;

	want = login ? &srv->password : &srv->enable_password;
	if (!vty_secret_is_set(want) || vty_secret_check(want, pw)) {
		vty->node = login ? VTY_NODE_VIEW : VTY_NODE_ENABLE;
		vty->fail = 0;
		return;
	}
	if (++vty->fail < VTY_MAX_FAIL)
		return;
	log_info("vty[%d]: too many bad %spasswords from %s", vty->fd,
	    login ? "" : "enable ", vty->addr);
	vty_emitf(vty, "%% Bad %spasswords, too many failures!\n",
	    login ? "" : "enable ");
	vty_close(vty, "bad passwords");
}

/* The line the editor holds up to the cursor. */
static void
vty_edit_line(const struct vty *vty, char *line, size_t len)
{
	size_t	 c = vty->ed.cursor < len - 1 ? vty->ed.cursor : len - 1;

	memcpy(line, vty->ed.line, c);
	line[c] = '\0';
}

/* '?': FRRouting's two columns, then the prompt and the line again. */
static void
vty_help(struct vty *vty)
{
	struct cmd_help		 h[256];
	char			 line[EDITOR_LINE_MAX + 1];
	int			 n, i, w = 0;

	vty_edit_line(vty, line, sizeof(line));
	vty_emit(vty, "\n", 1);
	vty_page_reset(vty);
	n = vty_line_describe(vty, line, h, 256);
	if (n < 0)
		vty_emitf(vty, "%% There is no matched command.\n");
	for (i = 0; i < n; i++)
		if ((int)strlen(h[i].token) > w)
			w = (int)strlen(h[i].token);
	for (i = 0; i < n; i++) {
		if (h[i].help == NULL || h[i].help[0] == '\0')
			vty_emitf(vty, "  %s\n", h[i].token);
		else
			vty_emitf(vty, "  %-*s  %s\n", w, h[i].token,
			    h[i].help);
	}
	vty_prompt(vty);
	editor_redraw(&vty->ed, &vty->obuf);
}

/* TAB: complete a unique word, extend a common prefix, or list. */
static void
vty_tab(struct vty *vty)
{
	const char	*c[256], *part;
	char		 line[EDITOR_LINE_MAX + 1], ins[EDITOR_LINE_MAX + 1];
	size_t		 plen, lcp, k;
	int		 n, i;

	vty_edit_line(vty, line, sizeof(line));
	if ((n = vty_line_complete(vty, line, c, 256)) <= 0)
		return;
	/* The word being typed: after the last blank, or a pipe's '|'. */
	for (part = line + strlen(line); part > line &&
	    !strchr(" \t|", part[-1]); part--)
		;
	plen = strlen(part);
	lcp = strlen(c[0]);
	for (i = 1; i < n; i++) {
		for (k = 0; k < lcp && c[i][k] == c[0][k]; k++)
			;
		lcp = k;
	}
	if (lcp > plen || n == 1) {
		if (lcp < plen)
			return;
		snprintf(ins, sizeof(ins), "%.*s%s", (int)(lcp - plen),
		    c[0] + plen, n == 1 ? " " : "");
		editor_insert(&vty->ed, ins, &vty->obuf);
		return;
	}
	vty_emit(vty, "\n", 1);
	vty_page_reset(vty);
	for (i = 0; i < n; i++) {
		if (i != 0 && i % 6 == 0)
			vty_emit(vty, "\n", 1);
		vty_emitf(vty, "%-10s ", c[i]);
	}
	vty_emit(vty, "\n", 1);
	vty_prompt(vty);
	editor_redraw(&vty->ed, &vty->obuf);
}

/* An executed line from the client. */
static void
vty_line(struct vty *vty)
{
	char	 line[EDITOR_LINE_MAX + 1];
	int	 rc;

	snprintf(line, sizeof(line), "%s", vty->ed.line);
	vty_emit(vty, "\n", 1);
	if (vty_node_is_auth(vty->node)) {
		vty_auth(vty, line);
		vty_cmd_done(vty);
		return;
	}
	editor_history_add(&vty->ed, line);
	vty_page_reset(vty);
	rc = vty_command(vty, line);
	if (rc != CMD_CONTINUE)
		vty_cmd_done(vty);
}

/* Ctrl-C, Ctrl-Z: FRRouting leaves config modes for ENABLE on both. */
static void
vty_to_enable(struct vty *vty)
{
	if (vty_node_is_config(vty->node))
		vty->node = VTY_NODE_ENABLE;
}

/* Keys from ibuf until a command starts streaming. */
static void
vty_input(struct vty *vty)
{
	enum editor_action	 a;
	size_t			 i;
	bool			 ran = false;

	for (i = 0; i < vty->ibuf.len && !ran && !vty->busy &&
	    !vty->closing && !vty->more; i++) {
		a = editor_key(&vty->ed, vty->ibuf.data[i], &vty->obuf);
		switch (a) {
		case EDITOR_NONE:
			break;
		case EDITOR_EXECUTE:
			vty_line(vty);
			ran = true;	/* one command per pass */
			break;
		case EDITOR_HELP:
			vty_help(vty);
			break;
		case EDITOR_COMPLETE:
			vty_tab(vty);
			break;
		case EDITOR_INTERRUPT:
		case EDITOR_END:
			vty_emit(vty, "\n", 1);
			if (vty->node == VTY_NODE_AUTH_ENABLE)
				vty->node = VTY_NODE_VIEW;
			else
				vty_to_enable(vty);
			editor_clear(&vty->ed);
			vty_prompt(vty);
			break;
		case EDITOR_EOF:
			vty_emit(vty, "\n", 1);
			if (vty_node_is_auth(vty->node))
				vty_close(vty, NULL);
			else
				vty_exit_node(vty);
			editor_clear(&vty->ed);
			vty_prompt(vty);
			break;
		}
	}
	buf_consume(&vty->ibuf, i);
	if (vty->ibuf.len > 0 && !vty->busy && !vty->more)
		vty_kick(vty);
}

/* A key while " --More-- " waits: next page, or q/Q/Ctrl-C to stop. */
static void
vty_more_key(struct vty *vty, uint8_t key)
{
	static const char erase[] = "\b\b\b\b\b\b\b\b\b\b"
	    "          \b\b\b\b\b\b\b\b\b\b";

	vty->more = false;
	buf_put_bytes(&vty->pbuf, erase, sizeof(erase) - 1);
	if (key == 'q' || key == 'Q' || key == CTRL('C')) {
		buf_reset(&vty->obuf);
		if (vty->busy) {
			vty_filter_reset(vty);
			vty_cmd_end(vty);
		}
		vty_page_reset(vty);
		vty_cmd_done(vty);
		return;
	}
	vty_page_reset(vty);
}

static void
vty_peer_error(struct vty *vty, const char *what)
{
	if (log_limit_ok(&vty->srv->peer_limit))
		log_warnx("vty[%d]: %s from %s", vty->fd, what, vty->addr);
}

static void
vty_readcb(evutil_socket_t fd, short ev, void *arg)
{
	struct vty	*vty = arg;
	struct buf	 data = BUF_INIT, reply = BUF_INIT;
	uint8_t		 in[4096];
	uint32_t	 naws = vty->tn.naws_errors, sbo = vty->tn.sb_overflows;
	uint32_t	 proto = vty->tn.proto_errors;
	ssize_t		 n;
	size_t		 i;

	n = recv(fd, in, sizeof(in), 0);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		buf_reset(&vty->obuf);
		buf_reset(&vty->pbuf);
		vty_close(vty, n == 0 ? "client closed" : "read failed");
		vty_settle(vty);
		return;
	}
	if (n == -1)
		return;
	vty_timeout_reset(vty);
	telnet_input(&vty->tn, in, (size_t)n, &data, &reply);
	if (vty->tn.naws_errors != naws)
		vty_peer_error(vty, "RFC 1073 violation detected");
	if (vty->tn.sb_overflows != sbo)
		vty_peer_error(vty, "telnet subnegotiation too long");
	if (vty->tn.proto_errors != proto)
		vty_peer_error(vty, "telnet protocol error");
	if (reply.len > 0)
		buf_put_bytes(&vty->obuf, reply.data, reply.len);
	if (data.len == 0)
		goto out;
	if (vty->more) {
		/* One key answers the pager; the rest of the read goes. */
		vty_more_key(vty, data.data[0]);
	} else if (vty->busy) {
		if (memchr(data.data, CTRL('C'), data.len)) {
			vty_filter_end(vty);
			vty_cmd_end(vty);
			buf_reset(&vty->ibuf);
			vty_emit(vty, "\n", 1);
			vty_cmd_done(vty);
		} else {
			for (i = 0; i < data.len &&
			    vty->ibuf.len < VTY_IBUF_MAX; i++)
				buf_put_u8(&vty->ibuf, data.data[i]);
		}
	} else {
		buf_put_bytes(&vty->ibuf, data.data, data.len);
		vty_input(vty);
	}
out:
	buf_free(&data);
	buf_free(&reply);
	vty_settle(vty);
}

static void
vty_writecb(evutil_socket_t fd, short ev, void *arg)
{
	vty_settle(arg);
}

static void
vty_kickcb(evutil_socket_t fd, short ev, void *arg)
{
	struct vty	*vty = arg;

	if (vty->closing) {
		vty_settle(vty);
		return;
	}
	if (vty->busy) {
		if (!vty->more && vty->obuf.len < VTY_OUT_LOWAT &&
		    vty_slice(vty) != CMD_CONTINUE)
			vty_cmd_done(vty);
	} else
		vty_input(vty);
	vty_settle(vty);
}

static void
vty_timercb(evutil_socket_t fd, short ev, void *arg)
{
	struct vty	*vty = arg;

	if (vty->closing) {
		/* The client would not take our last words. */
		vty_del(vty);
		return;
	}
	log_info("vty[%d]: %s timed out", vty->fd, vty->addr);
	vty_emit(vty, "\nVty connection is timed out.\n", 30);
	vty_close(vty, "timed out");
	vty_settle(vty);
}

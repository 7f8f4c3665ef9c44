/*
 * DOC: the commands every okapi daemon's VTY has, declared as data like a
 * daemon's own: mode changes (enable, configure, exit, end, line vty), the
 * session (terminal length, who, show history, list), the configuration
 * the VTY itself owns (hostname, passwords and their encryption, banner,
 * log commands, access-lists, line vty: exec-timeout, access-class, login)
 * and the configuration as a whole (show running-config, write, copy).
 */
#include <sys/utsname.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "vty_int.h"

/* Up one level; from the top, the end of the session. */
void
vty_exit_node(struct vty *vty)
{
	int	 parent;

	switch (vty->node) {
	case VTY_NODE_VIEW:
	case VTY_NODE_ENABLE:
		if (!vty->config_load)
			vty_close(vty, NULL);
		break;
	case VTY_NODE_CONFIG:
		vty->node = VTY_NODE_ENABLE;
		break;
	default:
		parent = vty_node_parent(vty->srv, vty->node);
		vty->node = parent == -1 ? VTY_NODE_ENABLE : parent;
		break;
	}
}

static int
cmd_exit(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty_exit_node(vty);
	return CMD_SUCCESS;
}

static int
cmd_end(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty->node = VTY_NODE_ENABLE;
	return CMD_SUCCESS;
}

/* Only reached as "do" alone: the session runs "do CMD" in ENABLE. */
static int
cmd_do(struct vty *vty, const struct cmd_match *m, void *arg)
{
	return CMD_SUCCESS;
}

static int
cmd_enable(struct vty *vty, const struct cmd_match *m, void *arg)
{
	if (vty_secret_is_set(&vty->srv->enable_password) && vty->fd != -1) {
		vty->fail = 0;
		vty->node = VTY_NODE_AUTH_ENABLE;
	} else
		vty->node = VTY_NODE_ENABLE;
	return CMD_SUCCESS;
}

static int
cmd_disable(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty->node = VTY_NODE_VIEW;
	return CMD_SUCCESS;
}

static int
cmd_configure(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty->node = VTY_NODE_CONFIG;
	return CMD_SUCCESS;
}

static int
cmd_show_version(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;
	struct utsname		 u;

	if (uname(&u) == -1)
		memset(&u, 0, sizeof(u));
	vty_out(vty, "okapi %s (%s) on %s(%s).\n", srv->version, srv->hostname,
	    u.sysname, u.release);
	vty_out(vty, "Daemon: %s\n", srv->daemon);
	return CMD_SUCCESS;
}

static int
cmd_show_history(struct vty *vty, const struct cmd_match *m, void *arg)
{
	const char	*h;
	unsigned	 i;

	for (i = 0; (h = editor_history_at(&vty->ed, i)) != NULL; i++)
		vty_out(vty, "  %s\n", h);
	return CMD_SUCCESS;
}

/* '*' marks a session in a config mode, as FRRouting marks the lock. */
static int
cmd_who(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty	*v;

	TAILQ_FOREACH(v, &vty->srv->sessions, entry) {
		if (v->closing)
			continue;
		vty_out(vty, "%svty[%d] connected from %s%s.\n",
		    vty_node_is_config(v->node) ? "*" : " ", v->fd, v->addr,
		    v == vty ? ", this session" : "");
	}
	return CMD_SUCCESS;
}

static void
list_cmds(struct vty *vty, const struct vty_cmds *c)
{
	unsigned	 i;

	const char	*p;
	char		 line[512];
	size_t		 n;

	/* The syntax as a user types it: without the "$name" labels. */
	for (i = 0; i < c->ndefs; i++) {
		if (c->defs[i]->flags & CMD_F_HIDDEN)
			continue;
		for (n = 0, p = c->defs[i]->syntax; *p && n < sizeof(line) - 1;
		    p++) {
			if (*p == '$') {
				while (p[1] && (isalnum((unsigned char)p[1]) ||
				    p[1] == '_' || p[1] == '-'))
					p++;
				continue;
			}
			line[n++] = *p;
		}
		line[n] = '\0';
		vty_out(vty, "  %s\n", line);
	}
}

static int
cmd_list(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;
	int			 node = vty->saved_node != -1 ?
				    vty->saved_node : vty->node;

	list_cmds(vty, &srv->nodes[node].cmds);
	if (node == VTY_NODE_ENABLE)
		list_cmds(vty, &srv->nodes[VTY_NODE_VIEW].cmds);
	if (vty_node_is_config(node))
		list_cmds(vty, &srv->cfg_cmds);
	list_cmds(vty, &srv->any_cmds);
	return CMD_SUCCESS;
}

static int
cmd_terminal_length(struct vty *vty, const struct cmd_match *m, void *arg)
{
	const struct cmd_value	*v = cmd_get(m, "(0-512)");

	vty->lines = v ? (int)v->u.num : -1;
	return CMD_SUCCESS;
}

static int
cmd_terminal_no_length(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty->lines = -1;
	return CMD_SUCCESS;
}

/*
 * The configuration is built once into a buf kept in the continuation,
 * then streamed: a daemon with a large configuration does not hold the
 * loop or buffer it twice.
 */
static void
running_free(void *p)
{
	buf_free(p);
	free(p);
}

static int
cmd_show_running(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct cmd_cont	*c = vty_cont(vty);
	struct buf	*b = c->state;
	size_t		 n;

	if (b == NULL) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return CMD_WARNING;
		c->state = b;
		c->free = running_free;
		buf_printf(b, "Building configuration...\n\n"
		    "Current configuration:\n");
		if (vty_config_build(vty->srv, b) == -1) {
			vty_out(vty, "%% No memory\n");
			return CMD_WARNING;
		}
	}
	while (c->pos < b->len && !vty_out_full(vty)) {
		n = b->len - c->pos;
		if (n > 8192)
			n = 8192;
		vty_write(vty, b->data + c->pos, n);
		c->pos += n;
	}
	return c->pos < b->len ? CMD_CONTINUE : CMD_SUCCESS;
}

static int
cmd_write_memory(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;
	char			 err[512];

	if (srv->config_path == NULL) {
		vty_out(vty, "%% No configuration file to save to\n");
		return CMD_WARNING;
	}
	if (vty_config_save(srv, srv->config_path, err, sizeof(err)) == -1) {
		vty_out(vty, "%% Can't save configuration: %s\n", err);
		return CMD_WARNING;
	}
	vty_out(vty, "Configuration saved to %s\n", srv->config_path);
	return CMD_SUCCESS;
}

/* FRRouting's rule: a letter first, then letters, digits, '-', '.'. */
static bool
hostname_valid(const char *s)
{
	size_t	 i;

	if (!isalpha((unsigned char)s[0]) || strlen(s) >= VTY_NAME_MAX)
		return false;
	for (i = 1; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '.' && s[i] != '_')
			return false;
	return true;
}

static int
cmd_hostname(struct vty *vty, const struct cmd_match *m, void *arg)
{
	const char	*h = cmd_str(m, "WORD");

	if (h == NULL || !hostname_valid(h)) {
		vty_out(vty, "%% Please specify string starting with alphabet\n");
		return CMD_WARNING;
	}
	snprintf(vty->srv->hostname, sizeof(vty->srv->hostname), "%s", h);
	vty->srv->hostname_set = true;
	return CMD_SUCCESS;
}

static int
cmd_no_hostname(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;
	char			*dot;

	if (gethostname(srv->hostname, sizeof(srv->hostname) - 1) == -1 ||
	    srv->hostname[0] == '\0')
		snprintf(srv->hostname, sizeof(srv->hostname), "%s",
		    srv->daemon);
	if ((dot = strchr(srv->hostname, '.')) != NULL)
		*dot = '\0';
	srv->hostname_set = false;
	return CMD_SUCCESS;
}

/*
 * "password [8] PW": with 8, PW is a hash ("password 8" as the running
 * configuration shows it). A plain password must start with a letter or
 * digit, as in FRRouting (a '!' would read back as a comment).
 */
static int
set_secret(struct vty *vty, const struct cmd_match *m, struct vty_secret *s)
{
	const char	*pw = cmd_str(m, "WORD");

	if (cmd_has(m, "(8-8)")) {
		if (!vty_secret_hash_valid(pw)) {
			vty_out(vty, "%% Not a password hash this system can "
			    "check\n");
			return CMD_WARNING;
		}
		if (vty_secret_set_hash(s, pw) == -1) {
			vty_out(vty, "%% No memory\n");
			return CMD_WARNING;
		}
		return CMD_SUCCESS;
	}
	if (!isalnum((unsigned char)pw[0])) {
		vty_out(vty, "%% Please specify string starting with "
		    "alphanumeric\n");
		return CMD_WARNING;
	}
	if (vty_secret_set(s, pw, vty->srv->encrypt) == -1) {
		vty_out(vty, "%% Can't store the password\n");
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

static int
cmd_password(struct vty *vty, const struct cmd_match *m, void *arg)
{
	return set_secret(vty, m, &vty->srv->password);
}

static int
cmd_no_password(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty_secret_clear(&vty->srv->password);
	return CMD_SUCCESS;
}

static int
cmd_enable_password(struct vty *vty, const struct cmd_match *m, void *arg)
{
	return set_secret(vty, m, &vty->srv->enable_password);
}

static int
cmd_no_enable_password(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty_secret_clear(&vty->srv->enable_password);
	return CMD_SUCCESS;
}

/*
 * Hash the passwords set so far; later ones are hashed as they are set.
 * Turning the service off cannot bring the plain text back: the hashes
 * stay ("password 8 ...") until a password is set again.
 */
static int
cmd_service_encryption(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;

	srv->encrypt = true;
	if (vty_secret_encrypt(&srv->password) == -1 ||
	    vty_secret_encrypt(&srv->enable_password) == -1) {
		vty_out(vty, "%% Can't hash the passwords\n");
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

static int
cmd_no_service_encryption(struct vty *vty, const struct cmd_match *m,
    void *arg)
{
	vty->srv->encrypt = false;
	return CMD_SUCCESS;
}

static int
cmd_banner_line(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;
	char			*l;

	if ((l = strdup(cmd_str(m, "LINE"))) == NULL) {
		vty_out(vty, "%% No memory\n");
		return CMD_WARNING;
	}
	free(srv->banner_line);
	srv->banner_line = l;
	srv->banner = VTY_BANNER_LINE;
	return CMD_SUCCESS;
}

static int
cmd_banner_default(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;

	free(srv->banner_line);
	srv->banner_line = NULL;
	srv->banner = VTY_BANNER_DEFAULT;
	return CMD_SUCCESS;
}

static int
cmd_no_banner(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;

	free(srv->banner_line);
	srv->banner_line = NULL;
	srv->banner = VTY_BANNER_NONE;
	return CMD_SUCCESS;
}

/* FRRouting's level words, in syslog priority order. */
static const char *const log_levels[] = {
	"emergencies", "alerts", "critical", "errors", "warnings",
	"notifications", "informational", "debugging",
};
#define LOG_LEVELS	"<emergencies|alerts|critical|errors|warnings|" \
	"notifications|informational|debugging>"
#define LOG_LEVELS_HELP	"System is unusable\nImmediate action needed\n" \
	"Critical conditions\nError conditions\nWarning conditions\n" \
	"Normal but significant conditions\nInformational messages\n" \
	"Debugging messages"

const char *
vty_log_level_name(int pri)
{
	return pri >= 0 && pri < 8 ? log_levels[pri] : "debugging";
}

static int
log_level(const struct cmd_match *m)
{
	int	 i;

	for (i = 0; i < 8; i++)
		if (cmd_has(m, log_levels[i]))
			return i;
	return 7;	/* FRR's default: debugging */
}

static int
cmd_log_file(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;
	const char		*path = cmd_str(m, "FILENAME");
	char			*copy;
	int			 lvl = log_level(m);

	if ((copy = strdup(path)) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	if (log_set_file(path, lvl) == -1) {
		vty_out(vty, "%% Failed to open log file %s: %s\n", path,
		    strerror(errno));
		free(copy);
		return CMD_WARNING;
	}
	free(srv->log_file);
	srv->log_file = copy;
	srv->log_file_level = lvl;
	return CMD_SUCCESS;
}

static int
cmd_no_log_file(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;

	(void)log_set_file(NULL, 7);
	free(srv->log_file);
	srv->log_file = NULL;
	return CMD_SUCCESS;
}

static int
cmd_log_syslog(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;

	srv->log_syslog = !cmd_has(m, "no");
	srv->log_syslog_level = log_level(m);
	log_set_syslog(srv->log_syslog, srv->log_syslog_level);
	return CMD_SUCCESS;
}

/*
 * FRR's "log stdout": okapi daemons run in the foreground and always log to
 * standard error, so the command is kept for the configuration's sake.
 */
static int
cmd_log_stdout(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;

	srv->log_stdout = !cmd_has(m, "no");
	srv->log_stdout_level = log_level(m);
	return CMD_SUCCESS;
}

static int
cmd_log_commands(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty->srv->log_commands = !cmd_has(m, "no");
	return CMD_SUCCESS;
}

static int
cmd_line_vty(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty->node = VTY_NODE_LINE;
	return CMD_SUCCESS;
}

/*
 * Fill an entry from "<permit|deny> <A.B.C.D/M|any>", or with "ipv6" in
 * front, "<permit|deny> <X:X::X:X/M|any>": two families, two name spaces,
 * as FRRouting keeps them.
 */
static void
acl_from_match(struct vty_acl *a, const struct cmd_match *m)
{
	const struct cmd_value	*p;

	a->v6 = cmd_has(m, "ipv6");
	p = cmd_get(m, a->v6 ? "X:X::X:X/M" : "A.B.C.D/M");
	snprintf(a->name, sizeof(a->name), "%s", cmd_str(m, "WORD"));
	a->permit = cmd_has(m, "permit");
	a->any = p == NULL;
	if (p && a->v6)
		a->prefix6 = p->u.p6;
	else if (p)
		a->prefix = p->u.p4;
}

static bool
acl_same(const struct vty_acl *a, const struct vty_acl *b)
{
	if (strcmp(a->name, b->name) != 0 || a->v6 != b->v6 ||
	    a->permit != b->permit || a->any != b->any)
		return false;
	if (a->any)
		return true;
	if (a->v6)
		return a->prefix6.len == b->prefix6.len &&
		    memcmp(&a->prefix6.addr, &b->prefix6.addr,
		    sizeof(a->prefix6.addr)) == 0;
	return a->prefix.len == b->prefix.len &&
	    a->prefix.addr.s_addr == b->prefix.addr.s_addr;
}

static int
cmd_access_list(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_acl	 key, *a;

	memset(&key, 0, sizeof(key));
	acl_from_match(&key, m);
	TAILQ_FOREACH(a, &vty->srv->acls, entry)
		if (acl_same(a, &key))
			return CMD_SUCCESS;
	if ((a = malloc(sizeof(*a))) == NULL) {
		vty_out(vty, "%% No memory\n");
		return CMD_WARNING;
	}
	*a = key;
	TAILQ_INSERT_TAIL(&vty->srv->acls, a, entry);
	return CMD_SUCCESS;
}

static int
cmd_no_access_list(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_acl	 key, *a, *next;
	bool		 all = !cmd_has(m, "permit") && !cmd_has(m, "deny");

	memset(&key, 0, sizeof(key));
	acl_from_match(&key, m);
	for (a = TAILQ_FIRST(&vty->srv->acls); a; a = next) {
		next = TAILQ_NEXT(a, entry);
		if (strcmp(a->name, key.name) == 0 && a->v6 == key.v6 &&
		    (all || acl_same(a, &key))) {
			TAILQ_REMOVE(&vty->srv->acls, a, entry);
			free(a);
		}
	}
	return CMD_SUCCESS;
}

static int
cmd_exec_timeout(struct vty *vty, const struct cmd_match *m, void *arg)
{
	const struct cmd_value	*min = cmd_get(m, "min");
	const struct cmd_value	*sec = cmd_get(m, "sec");

	vty->srv->exec_timeout = (unsigned)((min ? min->u.num : 0) * 60 +
	    (sec ? sec->u.num : 0));
	vty_timeout_reset(vty);
	return CMD_SUCCESS;
}

static int
cmd_no_exec_timeout(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty->srv->exec_timeout = VTY_TIMEOUT_DEFAULT;
	vty_timeout_reset(vty);
	return CMD_SUCCESS;
}

static int
cmd_access_class(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct vty_server	*srv = vty->srv;

	if (cmd_has(m, "ipv6"))
		snprintf(srv->access_class6, sizeof(srv->access_class6), "%s",
		    cmd_str(m, "WORD"));
	else
		snprintf(srv->access_class, sizeof(srv->access_class), "%s",
		    cmd_str(m, "WORD"));
	return CMD_SUCCESS;
}

static int
cmd_no_access_class(struct vty *vty, const struct cmd_match *m, void *arg)
{
	if (cmd_has(m, "ipv6"))
		vty->srv->access_class6[0] = '\0';
	else
		vty->srv->access_class[0] = '\0';
	return CMD_SUCCESS;
}

/*
 * FRRouting's "no login": sessions start without "Password: " even when a
 * password is set, from any peer the listener and access-class let in.
 */
static int
cmd_login(struct vty *vty, const struct cmd_match *m, void *arg)
{
	vty->srv->no_login = cmd_has(m, "no");
	return CMD_SUCCESS;
}

static const struct cmd_def any_cmds[] = {
	{ "exit", "Exit current mode and down to previous mode", cmd_exit, 0 },
	{ "quit", "Exit current mode and down to previous mode", cmd_exit, 0 },
};

static const struct cmd_def cfg_cmds[] = {
	{ "end", "End current mode and change to enable mode", cmd_end, 0 },
	{ "do LINE", "To run exec commands in config mode\nExec command",
	    cmd_do, 0 },
};

static const struct cmd_def view_cmds[] = {
	{ "enable", "Turn on privileged mode command", cmd_enable, 0 },
	{ "show version", "Show running system information\n"
	    "Displays okapi version", cmd_show_version, 0 },
	{ "show history", "Show running system information\n"
	    "Display the session command history", cmd_show_history, 0 },
	{ "who", "Display who is on vty", cmd_who, 0 },
	{ "list", "Print command list", cmd_list, 0 },
	{ "terminal length (0-512)", "Set terminal line parameters\n"
	    "Set number of lines on a screen\n"
	    "Number of lines on screen (0 for no pausing)",
	    cmd_terminal_length, 0 },
	{ "terminal no length", "Set terminal line parameters\n"
	    "Negate a command or set its defaults\n"
	    "Set number of lines on a screen", cmd_terminal_no_length, 0 },
};

static const struct cmd_def enable_cmds[] = {
	{ "disable", "Turn off privileged mode command", cmd_disable, 0 },
	{ "configure [terminal]", "Configuration from vty interface\n"
	    "Configuration terminal", cmd_configure, 0 },
	{ "show running-config", "Show running system information\n"
	    "running configuration (same as write terminal)",
	    cmd_show_running, 0 },
	{ "write terminal", "Write running configuration to memory, network, "
	    "or terminal\nWrite to terminal", cmd_show_running, 0 },
	{ "write [<memory|file>]", "Write running configuration to memory, "
	    "network, or terminal\nWrite configuration to the file (same as "
	    "write file)\nWrite configuration to the file (same as write "
	    "memory)", cmd_write_memory, 0 },
	{ "copy running-config startup-config", "Copy configuration\n"
	    "Copy running config to...\nCopy running config to startup "
	    "config (same as write file/memory)", cmd_write_memory, 0 },
};

static const struct cmd_def config_cmds[] = {
	{ "hostname WORD", "Set system's network name\n"
	    "This system's network name", cmd_hostname, 0 },
	{ "no hostname [WORD]", "Negate a command or set its defaults\n"
	    "Reset system's network name\nHost name of this router",
	    cmd_no_hostname, 0 },
	{ "password [(8-8)] WORD", "Modify the terminal connection password\n"
	    "Specifies a HIDDEN password will follow\nThe password string",
	    cmd_password, CMD_F_SECRET },
	{ "no password", "Negate a command or set its defaults\n"
	    "Remove the terminal connection password", cmd_no_password, 0 },
	{ "enable password [(8-8)] WORD", "Modify enable password parameters\n"
	    "Assign the privileged level password\n"
	    "Specifies a HIDDEN password will follow\n"
	    "The HIDDEN 'enable' password string", cmd_enable_password,
	    CMD_F_SECRET },
	{ "no enable password", "Negate a command or set its defaults\n"
	    "Modify enable password parameters\n"
	    "Assign the privileged level password", cmd_no_enable_password, 0 },
	{ "line vty", "Configure a terminal line\nVirtual terminal",
	    cmd_line_vty, 0 },
	{ "service password-encryption", "Set up miscellaneous service\n"
	    "Enable encrypted passwords", cmd_service_encryption, 0 },
	{ "no service password-encryption", "Negate a command or set its "
	    "defaults\nSet up miscellaneous service\n"
	    "Enable encrypted passwords", cmd_no_service_encryption, 0 },
	{ "banner motd line LINE", "Set banner string\n"
	    "Strings for motd\nBanner from an input\nText",
	    cmd_banner_line, 0 },
	{ "banner motd default", "Set banner string\n"
	    "Strings for motd\nDefault string", cmd_banner_default, 0 },
	{ "no banner motd", "Negate a command or set its defaults\n"
	    "Set banner string\nStrings for motd", cmd_no_banner, 0 },
	{ "[no] log commands", "Negate a command or set its defaults\n"
	    "Logging control\nLog all commands", cmd_log_commands, 0 },
	{ "log file FILENAME [" LOG_LEVELS "]", "Logging control\n"
	    "Logging to file\nLogging filename\n" LOG_LEVELS_HELP,
	    cmd_log_file, 0 },
	{ "no log file [FILENAME [" LOG_LEVELS "]]", "Negate a command or set "
	    "its defaults\nLogging control\nCancel logging to file\n"
	    "Logging file name\n" LOG_LEVELS_HELP, cmd_no_log_file, 0 },
	{ "[no] log stdout [" LOG_LEVELS "]", "Negate a command or set its "
	    "defaults\nLogging control\nSet stdout logging level\n"
	    LOG_LEVELS_HELP, cmd_log_stdout, 0 },
	{ "[no] log syslog [" LOG_LEVELS "]", "Negate a command or set its "
	    "defaults\nLogging control\nSet syslog logging level\n"
	    LOG_LEVELS_HELP, cmd_log_syslog, 0 },
	{ "ipv6 access-list WORD <permit|deny> <X:X::X:X/M|any>",
	    "IPv6 information\nAdd an access list entry\n"
	    "IPv6 zebra access-list\nSpecify packets to forward\n"
	    "Specify packets to reject\nIPv6 prefix\nAny prefix to match",
	    cmd_access_list, 0 },
	{ "no ipv6 access-list WORD [<permit|deny> <X:X::X:X/M|any>]",
	    "Negate a command or set its defaults\nIPv6 information\n"
	    "Add an access list entry\nIPv6 zebra access-list\n"
	    "Specify packets to forward\nSpecify packets to reject\n"
	    "IPv6 prefix\nAny prefix to match", cmd_no_access_list, 0 },
	{ "access-list WORD <permit|deny> <A.B.C.D/M|any>",
	    "Add an access list entry\nAccess-list name\n"
	    "Specify packets to forward\nSpecify packets to reject\n"
	    "Prefix to match\nAny source host", cmd_access_list, 0 },
	{ "no access-list WORD [<permit|deny> <A.B.C.D/M|any>]",
	    "Negate a command or set its defaults\n"
	    "Add an access list entry\nAccess-list name\n"
	    "Specify packets to forward\nSpecify packets to reject\n"
	    "Prefix to match\nAny source host", cmd_no_access_list, 0 },
};

static const struct cmd_def line_cmds[] = {
	{ "exec-timeout (0-35791)$min [(0-2147483)$sec]",
	    "Set timeout value\nTimeout value in minutes\n"
	    "Timeout value in seconds", cmd_exec_timeout, 0 },
	{ "no exec-timeout", "Negate a command or set its defaults\n"
	    "Set the EXEC timeout", cmd_no_exec_timeout, 0 },
	{ "access-class WORD", "Filter connections based on an IP access "
	    "list\nIP access list", cmd_access_class, 0 },
	{ "no access-class [WORD]", "Negate a command or set its defaults\n"
	    "Filter connections based on an IP access list\nIP access list",
	    cmd_no_access_class, 0 },
	{ "ipv6 access-class WORD", "IPv6 information\n"
	    "Filter connections based on an IP access list\n"
	    "IPv6 access list", cmd_access_class, 0 },
	{ "no ipv6 access-class [WORD]", "Negate a command or set its "
	    "defaults\nIPv6 information\n"
	    "Filter connections based on an IP access list\n"
	    "IPv6 access list", cmd_no_access_class, 0 },
	{ "[no] login", "Negate a command or set its defaults\n"
	    "Enable password checking", cmd_login, 0 },
};

#define NITEMS(a)	(unsigned)(sizeof(a) / sizeof((a)[0]))

int
vty_builtin_install(struct vty_server *srv)
{
	if (vty_cmds_add(&srv->any_cmds, any_cmds, NITEMS(any_cmds)) == -1 ||
	    vty_cmds_add(&srv->cfg_cmds, cfg_cmds, NITEMS(cfg_cmds)) == -1 ||
	    vty_install(srv, VTY_NODE_VIEW, view_cmds,
	    NITEMS(view_cmds)) == -1 ||
	    vty_install(srv, VTY_NODE_ENABLE, enable_cmds,
	    NITEMS(enable_cmds)) == -1 ||
	    vty_install(srv, VTY_NODE_CONFIG, config_cmds,
	    NITEMS(config_cmds)) == -1 ||
	    vty_install(srv, VTY_NODE_LINE, line_cmds,
	    NITEMS(line_cmds)) == -1)
		return -1;
	return 0;
}

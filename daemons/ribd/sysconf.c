/*
 * DOC: the rest of zebra.conf that ribd supports: "interface IFNAME" with
 * "description LINE", and "ip forwarding" / "ipv6 forwarding", which set
 * the kernel's forwarding switches as zebra does. An interface stanza may
 * name an interface that does not exist yet; its description waits for it.
 * Forwarding lines print back only when configured.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "ribd.h"

#define IP4_FORWARD	"/proc/sys/net/ipv4/ip_forward"
#define IP6_FORWARD	"/proc/sys/net/ipv6/conf/all/forwarding"

struct if_stanza {
	TAILQ_ENTRY(if_stanza) entry;
	char			 name[IFT_NAMSIZ];
	char			*desc;
};

static int	 ifnode = -1;

static int
forward_set(const char *path, bool on)
{
	int	 fd, rc = 0;

	if ((fd = open(path, O_WRONLY)) == -1)
		return -1;
	if (write(fd, on ? "1\n" : "0\n", 2) != 2)
		rc = -1;
	close(fd);
	return rc;
}

static int
forward_get(const char *path)
{
	char	 c = '0';
	int	 fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	if (read(fd, &c, 1) != 1)
		c = '?';
	close(fd);
	return c == '?' ? -1 : c != '0';
}

static int
cmd_forwarding(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ribd	*rd = vty_server_ctx(vty_server(vty));
	bool		 v6 = cmd_has(m, "ipv6"), on = !cmd_has(m, "no");

	if (!rd->check &&
	    forward_set(v6 ? IP6_FORWARD : IP4_FORWARD, on) == -1) {
		vty_out(vty, "%% Cannot %s %s forwarding: %s\n",
		    on ? "turn on" : "turn off", v6 ? "IPv6" : "IP",
		    strerror(errno));
		return CMD_WARNING;
	}
	*(v6 ? &rd->forward6 : &rd->forward4) = on ? 1 : 0;
	return CMD_SUCCESS;
}

static int
cmd_show_forwarding(struct vty *vty, const struct cmd_match *m, void *arg)
{
	bool	 v6 = cmd_has(m, "ipv6");
	int	 on = forward_get(v6 ? IP6_FORWARD : IP4_FORWARD);

	if (v6)
		vty_out(vty, "ipv6 forwarding is %s\n", on == 1 ? "on" :
		    on == 0 ? "off" : "unknown");
	else
		vty_out(vty, "IP forwarding is %s\n", on == 1 ? "on" :
		    on == 0 ? "off" : "unknown");
	return CMD_SUCCESS;
}

static struct if_stanza *
stanza_get(struct ribd *rd, const char *name, bool create)
{
	struct if_stanza	*c, *at;

	TAILQ_FOREACH(at, &rd->ifconfs, entry) {
		int d = strcmp(at->name, name);

		if (d == 0)
			return at;
		if (d > 0)
			break;
	}
	if (!create || (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (at != NULL)
		TAILQ_INSERT_BEFORE(at, c, entry);
	else
		TAILQ_INSERT_TAIL(&rd->ifconfs, c, entry);
	return c;
}

static int
cmd_interface(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ribd	*rd = vty_server_ctx(vty_server(vty));
	const char	*name = cmd_str(m, "IFNAME");
	struct if_stanza	*c;

	if (strlen(name) >= IFT_NAMSIZ) {
		vty_out(vty, "%% Interface name %s is too long\n", name);
		return CMD_WARNING;
	}
	if ((c = stanza_get(rd, name, true)) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	vty_node_enter(vty, ifnode, c);
	return CMD_SUCCESS;
}

static void
stanza_del(struct ribd *rd, struct if_stanza *c)
{
	TAILQ_REMOVE(&rd->ifconfs, c, entry);
	free(c->desc);
	free(c);
}

static int
cmd_no_interface(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ribd	*rd = vty_server_ctx(vty_server(vty));
	struct if_stanza	*c = stanza_get(rd, cmd_str(m, "IFNAME"), false);

	if (c != NULL)
		stanza_del(rd, c);
	return CMD_SUCCESS;
}

static int
cmd_description(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct if_stanza	*c = vty_node_ctx(vty);
	char		*d = NULL;

	if (!cmd_has(m, "no") && (d = strdup(cmd_str(m, "LINE"))) == NULL) {
		vty_out(vty, "%% Out of memory\n");
		return CMD_WARNING;
	}
	free(c->desc);
	c->desc = d;
	return CMD_SUCCESS;
}

const char *
sysconf_description(const struct ribd *rd, const char *ifname)
{
	struct if_stanza	*c = stanza_get((struct ribd *)rd, ifname, false);

	return c != NULL ? c->desc : NULL;
}

static void
sysconf_write(struct buf *b, void *arg)
{
	struct ribd	*rd = arg;
	struct if_stanza	*c;

	TAILQ_FOREACH(c, &rd->ifconfs, entry) {
		buf_printf(b, "interface %s\n", c->name);
		if (c->desc != NULL)
			buf_printf(b, " description %s\n", c->desc);
		buf_printf(b, "exit\n!\n");
	}
	if (rd->forward4 >= 0)
		buf_printf(b, "%sip forwarding\n", rd->forward4 ? "" : "no ");
	if (rd->forward6 >= 0)
		buf_printf(b, "%sipv6 forwarding\n", rd->forward6 ? "" : "no ");
	if (rd->forward4 >= 0 || rd->forward6 >= 0)
		buf_printf(b, "!\n");
}

static const struct cmd_def config_cmds[] = {
	{ "[no] ip forwarding", "Negate a command or set its defaults\n"
	    "IP information\nTurn on IP forwarding", cmd_forwarding, 0 },
	{ "[no] ipv6 forwarding", "Negate a command or set its defaults\n"
	    "IPv6 information\nTurn on IPv6 forwarding", cmd_forwarding, 0 },
	{ "interface IFNAME", "Select an interface to configure\n"
	    "Interface's name", cmd_interface, 0 },
	{ "no interface IFNAME", "Negate a command or set its defaults\n"
	    "Delete a pseudo interface's configuration\nInterface's name",
	    cmd_no_interface, 0 },
};

static const struct cmd_def if_cmds[] = {
	{ "description LINE", "Interface specific description\n"
	    "Characters describing this interface", cmd_description, 0 },
	{ "no description", "Negate a command or set its defaults\n"
	    "Interface specific description", cmd_description, 0 },
};

static const struct cmd_def view_cmds[] = {
	{ "show ip forwarding", "Show running system information\n"
	    "IP information\nIP forwarding status", cmd_show_forwarding, 0 },
	{ "show ipv6 forwarding", "Show running system information\n"
	    "IPv6 information\nForwarding status", cmd_show_forwarding, 0 },
};

#define N(a)	(unsigned)(sizeof(a) / sizeof((a)[0]))

int
sysconf_vty_install(struct ribd *rd)
{
	TAILQ_INIT(&rd->ifconfs);
	rd->forward4 = rd->forward6 = -1;
	if ((ifnode = vty_node_add(rd->vs, "(config-if)", VTY_NODE_CONFIG)) == -1 ||
	    vty_install(rd->vs, VTY_NODE_CONFIG, config_cmds,
	    N(config_cmds)) == -1 ||
	    vty_install(rd->vs, ifnode, if_cmds, N(if_cmds)) == -1 ||
	    vty_install(rd->vs, VTY_NODE_VIEW, view_cmds, N(view_cmds)) == -1 ||
	    vty_config_writer(rd->vs, sysconf_write, rd) == -1)
		return -1;
	return 0;
}

void
sysconf_fini(struct ribd *rd)
{
	struct if_stanza	*c;

	while ((c = TAILQ_FIRST(&rd->ifconfs)) != NULL)
		stanza_del(rd, c);
}

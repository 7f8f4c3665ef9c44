/*
 * DOC: configuration as text. vty_server_load() feeds a file, line by line,
 * through the same command declarations a user types, starting in CONFIG
 * (indentation is ignored: a line a sub-mode does not know is tried in its
 * parents, as FRRouting does). vty_config_build() prints the running
 * configuration in FRRouting's layout - globals, the daemon's writers,
 * "line vty", "end" - so that loading it gives the same state back.
 * vty_config_save() replaces the file atomically and keeps the previous
 * one as <path>.sav.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vty_int.h"

static void
config_write_secret(struct buf *b, const char *what,
    const struct vty_secret *s)
{
	if (s->hash != NULL)
		buf_printf(b, "%s 8 %s\n", what, s->hash);
	else if (s->plain != NULL)
		buf_printf(b, "%s %s\n", what, s->plain);
}

/* In FRRouting's order: host settings, then the lists, v4 before v6. */
static void
config_write_globals(struct vty_server *srv, struct buf *b)
{
	struct vty_acl	*a;
	char		 p[PREFIX6_STRLEN];
	size_t		 mark = b->len;
	int		 v6;

	if (srv->hostname_set)
		buf_printf(b, "hostname %s\n", srv->hostname);
	config_write_secret(b, "password", &srv->password);
	config_write_secret(b, "enable password", &srv->enable_password);
	if (srv->log_file != NULL)
		buf_printf(b, "log file %s%s%s\n", srv->log_file,
		    srv->log_file_level == 7 ? "" : " ",
		    srv->log_file_level == 7 ? "" :
		    vty_log_level_name(srv->log_file_level));
	if (srv->log_stdout)
		buf_printf(b, "log stdout%s%s\n",
		    srv->log_stdout_level == 7 ? "" : " ",
		    srv->log_stdout_level == 7 ? "" :
		    vty_log_level_name(srv->log_stdout_level));
	if (srv->log_syslog)
		buf_printf(b, "log syslog%s%s\n",
		    srv->log_syslog_level == 7 ? "" : " ",
		    srv->log_syslog_level == 7 ? "" :
		    vty_log_level_name(srv->log_syslog_level));
	if (srv->log_commands)
		buf_printf(b, "log commands\n");
	if (srv->encrypt)
		buf_printf(b, "service password-encryption\n");
	if (srv->banner == VTY_BANNER_LINE)
		buf_printf(b, "banner motd line %s\n", srv->banner_line);
	else if (srv->banner == VTY_BANNER_NONE)
		buf_printf(b, "no banner motd\n");
	for (v6 = 0; v6 <= 1; v6++)
		TAILQ_FOREACH(a, &srv->acls, entry) {
			if (a->v6 != v6)
				continue;
			if (a->any)
				snprintf(p, sizeof(p), "any");
			else if (v6)
				prefix6_print(&a->prefix6, p, sizeof(p));
			else
				prefix4_print(&a->prefix, p, sizeof(p));
			buf_printf(b, "%saccess-list %s %s %s\n", v6 ? "ipv6 " :
			    "", a->name, a->permit ? "permit" : "deny", p);
		}
	if (b->len != mark)
		buf_printf(b, "!\n");
}

/* Like FRRouting, "line vty" appears only when it holds something. */
static void
config_write_line(struct vty_server *srv, struct buf *b)
{
	if (srv->exec_timeout == VTY_TIMEOUT_DEFAULT &&
	    srv->access_class[0] == '\0' && srv->access_class6[0] == '\0' &&
	    !srv->no_login)
		return;
	buf_printf(b, "line vty\n");
	if (srv->exec_timeout != VTY_TIMEOUT_DEFAULT)
		buf_printf(b, " exec-timeout %u %u\n", srv->exec_timeout / 60,
		    srv->exec_timeout % 60);
	if (srv->access_class[0])
		buf_printf(b, " access-class %s\n", srv->access_class);
	if (srv->access_class6[0])
		buf_printf(b, " ipv6 access-class %s\n", srv->access_class6);
	if (srv->no_login)
		buf_printf(b, " no login\n");
	buf_printf(b, "exit\n!\n");
}

int
vty_config_build(struct vty_server *srv, struct buf *b)
{
	unsigned	 i;

	buf_printf(b, "!\n");
	config_write_globals(srv, b);
	for (i = 0; i < srv->nwriters; i++)
		srv->writers[i].fn(b, srv->writers[i].arg);
	config_write_line(srv, b);
	buf_printf(b, "end\n");
	return buf_ok(b) ? 0 : -1;
}

static int
write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Write a temporary file in the same directory, fsync it, keep the old
 * file as .sav (a hard link: the path never goes missing), rename the new
 * one over the path and fsync the directory. A crash at any point leaves
 * either the old or the new configuration, never half of one.
 */
int
vty_config_save(struct vty_server *srv, const char *path, char *err,
    size_t errlen)
{
	struct buf	 b = BUF_INIT;
	char		 tmp[4096], sav[4096], dir[4096];
	int		 fd = -1, dfd;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp) ||
	    snprintf(sav, sizeof(sav), "%s.sav", path) >= (int)sizeof(sav)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	buf_printf(&b, "!\n! okapi %s configuration saved from vty\n",
	    srv->daemon);
	if (vty_config_build(srv, &b) == -1) {
		snprintf(err, errlen, "no memory");
		goto fail;
	}
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto fail;
	}
	/* mkstemp gives 0600: the file holds passwords. */
	if (write_all(fd, b.data, b.len) == -1 || fsync(fd) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto fail_unlink;
	}
	if (close(fd) == -1) {
		fd = -1;
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto fail_unlink;
	}
	fd = -1;
	if (unlink(sav) == -1 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", sav, strerror(errno));
		goto fail_unlink;
	}
	if (link(path, sav) == -1 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", sav, strerror(errno));
		goto fail_unlink;
	}
	if (rename(tmp, path) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail_unlink;
	}
	if ((dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY)) != -1) {
		(void)fsync(dfd);
		close(dfd);
	}
	buf_free(&b);
	return 0;
fail_unlink:
	if (fd != -1)
		close(fd);
	unlink(tmp);
fail:
	buf_free(&b);
	return -1;
}

/* The first line a failed command printed, for "file:line: message". */
static void
config_error(const struct buf *out, size_t mark, int rc, char *msg,
    size_t len)
{
	const char	*p = (const char *)out->data + mark;
	size_t		 n = out->len - mark;
	const char	*nl;

	if (n == 0) {
		snprintf(msg, len, "%% Command failed (status %d)", rc);
		return;
	}
	if ((nl = memchr(p, '\n', n)) != NULL)
		n = (size_t)(nl - p);
	snprintf(msg, len, "%.*s", (int)n, p);
}

int
vty_server_load(struct vty_server *srv, const char *path, char *err,
    size_t errlen)
{
	struct buf	 out = BUF_INIT;
	struct vty	*vty;
	FILE		*f;
	char		*line = NULL, msg[512];
	size_t		 cap = 0, mark;
	ssize_t		 n;
	unsigned	 lineno = 0;
	int		 rc, ret = 0;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((vty = vty_new_local(srv, &out, VTY_NODE_CONFIG, true)) == NULL) {
		snprintf(err, errlen, "%s: no memory", path);
		fclose(f);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if ((size_t)n > EDITOR_LINE_MAX) {
			snprintf(err, errlen, "%s:%u: %% Line too long", path,
			    lineno);
			ret = -1;
			break;
		}
		mark = out.len;
		rc = vty_run(vty, line);
		if (rc == CMD_SUCCESS)
			continue;
		config_error(&out, mark, rc, msg, sizeof(msg));
		snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
		ret = -1;
		break;
	}
	if (ret == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		ret = -1;
	}
	free(line);
	fclose(f);
	vty_del(vty);
	buf_free(&out);
	return ret;
}

/*
 * DOC: the VTY server driven as a Telnet client would, with raw bytes over
 * one end of a socketpair (vty_server_accept_fd) or a loopback TCP
 * connection, all in this process: the test runs the server's event loop
 * until the bytes it expects have arrived. The example daemon's commands
 * (examples/demo_vty.c) give it a sub-node and a streaming "show".
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "demo_vty.h"
#include "sock.h"
#include "vty.h"

#define HELLO	"\r\nHello, this is okapi (version 9.9).\r\n\r\n"
#define NEGO	"\xff\xfb\x01\xff\xfb\x03\xff\xfe\x22\xff\xfd\x1f"

struct h {
	struct event_base	*base;
	struct vty_server	*srv;
	struct demo_vty		*dv;
	char			 dir[64];
	char			 path[128];
};

struct client {
	struct h	*h;
	int		 fd;
	char		 in[1 << 16];
	size_t		 len;
	bool		 eof;
};

static uint64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
h_init(struct h *h, unsigned max_sessions, const char *setup)
{
	struct vty_server_opts	 o;
	struct buf		 out = BUF_INIT;
	char			 cmd[1024];

	memset(h, 0, sizeof(*h));
	snprintf(h->dir, sizeof(h->dir), "/tmp/vtytest.XXXXXX");
	assert_non_null(mkdtemp(h->dir));
	snprintf(h->path, sizeof(h->path), "%s/demo.conf", h->dir);
	memset(&o, 0, sizeof(o));
	o.daemon = "demo";
	o.tag = "DEMO";
	o.version = "9.9";
	o.config_path = h->path;
	o.max_sessions = max_sessions;
	assert_non_null(h->base = event_base_new());
	assert_non_null(h->dv = demo_vty_new());
	assert_non_null(h->srv = vty_server_new(h->base, &o, h->dv));
	assert_int_equal(demo_vty_install(h->srv, h->dv), 0);
	assert_int_equal(vty_execute(h->srv, "configure terminal\n"
	    "hostname r1", &out), CMD_SUCCESS);
	if (setup) {
		buf_reset(&out);
		assert_int_equal(vty_execute(h->srv, "configure terminal",
		    &out), CMD_SUCCESS);
		snprintf(cmd, sizeof(cmd), "configure terminal\n%s", setup);
		if (vty_execute(h->srv, cmd, &out) != CMD_SUCCESS)
			fail_msg("setup: %s", buf_cstr(&out));
	}
	buf_free(&out);
}

static void
h_fini(struct h *h)
{
	char	 cmd[128];

	vty_server_free(h->srv);
	demo_vty_free(h->dv);
	event_base_free(h->base);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", h->dir);
	assert_int_equal(system(cmd), 0);
}

static void
c_pump(struct client *c)
{
	ssize_t	 n;

	event_base_loop(c->h->base, EVLOOP_NONBLOCK | EVLOOP_ONCE);
	while (!c->eof && c->len < sizeof(c->in) - 1) {
		n = recv(c->fd, c->in + c->len, sizeof(c->in) - 1 - c->len, 0);
		if (n == 0)
			c->eof = true;
		if (n <= 0)
			break;
		c->len += (size_t)n;
	}
	c->in[c->len] = '\0';
}

/* Run the loop until s arrived; drop what came before it and s itself. */
static bool
c_expect_ms(struct client *c, const void *s, size_t slen, unsigned ms)
{
	uint64_t	 end = now_ms() + ms;
	char		*p;

	for (;;) {
		p = memmem(c->in, c->len, s, slen);
		if (p) {
			p += slen;
			c->len -= (size_t)(p - c->in);
			memmove(c->in, p, c->len);
			c->in[c->len] = '\0';
			return true;
		}
		if (now_ms() > end || c->eof)
			break;
		c_pump(c);
		usleep(200);
	}
	fprintf(stderr, "expected [%.*s], have [%.*s]\n", (int)slen,
	    (const char *)s, (int)c->len, c->in);
	return false;
}

#define EXPECT(c, s)	assert_true(c_expect_ms((c), (s), strlen(s), 2000))

/* Everything that arrives within ms. */
static void
c_settle(struct client *c, unsigned ms)
{
	uint64_t	 end = now_ms() + ms;

	while (now_ms() < end) {
		c_pump(c);
		usleep(500);
	}
}

static void
c_send(struct client *c, const char *s)
{
	assert_int_equal(send(c->fd, s, strlen(s), 0), (ssize_t)strlen(s));
}

static void
c_connect(struct h *h, struct client *c, const char *addr)
{
	int	 sv[2];

	memset(c, 0, sizeof(*c));
	c->h = h;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	c->fd = sv[1];
	sock_nonblock(c->fd);
	(void)vty_server_accept_fd(h->srv, sv[0], addr);
}

/* Connected, banner and negotiation read, at the VIEW prompt. */
static void
c_open(struct h *h, struct client *c)
{
	c_connect(h, c, "127.0.0.1");
	EXPECT(c, HELLO NEGO "r1> ");
}

static void
c_close(struct client *c)
{
	close(c->fd);
	c_pump(c);
}

static void
test_banner_and_modes(void **state)
{
	struct h	 h;
	struct client	 c;

	h_init(&h, 0, NULL);
	c_connect(&h, &c, "127.0.0.1");
	c_settle(&c, 50);
	/* Exactly: banner, FRRouting's four options, the VIEW prompt. */
	assert_string_equal(c.in, HELLO NEGO "r1> ");
	c.len = 0;
	c_send(&c, "enable\r");
	EXPECT(&c, "enable\r\nr1# ");
	c_send(&c, "configure terminal\r");
	EXPECT(&c, "r1(config)# ");
	c_send(&c, "line vty\r");
	EXPECT(&c, "r1(config-line)# ");
	c_send(&c, "exit\r");
	EXPECT(&c, "r1(config)# ");
	c_send(&c, "router demo\r");
	EXPECT(&c, "r1(config-router)# ");
	/* A parent's command from a sub-node moves there, as FRRouting. */
	c_send(&c, "line vty\r");
	EXPECT(&c, "r1(config-line)# ");
	c_send(&c, "end\r");
	EXPECT(&c, "\r\nr1# ");
	c_send(&c, "conf\r");
	EXPECT(&c, "r1(config)# ");
	c_send(&c, "quit\r");
	EXPECT(&c, "r1# ");
	c_send(&c, "disable\r");
	EXPECT(&c, "r1> ");
	c_send(&c, "exit\r");
	c_settle(&c, 50);
	assert_true(c.eof);
	c_close(&c);
	h_fini(&h);
}

static void
test_errors(void **state)
{
	struct h	 h;
	struct client	 c;

	h_init(&h, 0, NULL);
	c_open(&h, &c);
	c_send(&c, "sh ver\r");
	EXPECT(&c, "okapi 9.9 (r1) on ");
	c_send(&c, "show foo\r");
	EXPECT(&c, "% [DEMO] Unknown command: show foo\r\n"
	    "                               ^\r\nr1> ");
	c_send(&c, "show demo lines\r");
	EXPECT(&c, "% Command incomplete.\r\nr1> ");
	c_send(&c, "en\r");
	EXPECT(&c, "r1# ");
	c_send(&c, "w\r");
	EXPECT(&c, "% Ambiguous command.\r\nr1# ");
	/* do in a config node runs in ENABLE, and stays in the node. */
	c_send(&c, "conf t\r");
	EXPECT(&c, "r1(config)# ");
	c_send(&c, "do show demo\r");
	EXPECT(&c, "Demo router is not configured\r\nr1(config)# ");
	c_send(&c, "do show bogus\r");
	EXPECT(&c, "% [DEMO] Unknown command: do show bogus\r\n"
	    "                                  ^\r\n");
	c_close(&c);
	h_fini(&h);
}

static void
test_help_tab_history(void **state)
{
	struct h	 h;
	struct client	 c;

	h_init(&h, 0, NULL);
	c_open(&h, &c);
	c_send(&c, "show demo ?");
	EXPECT(&c, "show demo \r\n");
	EXPECT(&c, "  lines      Print many lines (tests)\r\n");
	EXPECT(&c, "  neighbors  Neighbor list\r\n");
	EXPECT(&c, "  <cr>\r\nr1> show demo ");
	c_send(&c, "\x15");		/* Ctrl-U: kill the line */
	c_settle(&c, 20);
	c.len = 0;
	c_send(&c, "sh\t");
	EXPECT(&c, "show ");
	c_send(&c, "ver\r");
	EXPECT(&c, "okapi 9.9");
	EXPECT(&c, "r1> ");
	c_send(&c, "en\r");
	EXPECT(&c, "r1# ");
	c_send(&c, "w\t");
	EXPECT(&c, "\r\nwho        write      \r\nr1# w");
	c_send(&c, "\x15who\r");
	EXPECT(&c, " vty[");
	c_send(&c, "show history\r");
	EXPECT(&c, "  show ver\r\n  en\r\n  who\r\n  show history\r\nr1# ");
	c_close(&c);
	h_fini(&h);
}

static void
test_control_keys(void **state)
{
	struct h	 h;
	struct client	 c;

	h_init(&h, 0, NULL);
	c_open(&h, &c);
	c_send(&c, "en\rconf t\rrouter demo\r");
	EXPECT(&c, "r1(config-router)# ");
	c_send(&c, "greet\x03");		/* Ctrl-C: line gone, to ENABLE */
	EXPECT(&c, "\r\nr1# ");
	c_send(&c, "conf t\r");
	EXPECT(&c, "r1(config)# ");
	c_send(&c, "\x1a");			/* Ctrl-Z */
	EXPECT(&c, "\r\nr1# ");
	c_send(&c, "conf t\rline vty\r");
	EXPECT(&c, "r1(config-line)# ");
	c_send(&c, "\x04");			/* Ctrl-D: exit */
	EXPECT(&c, "\r\nr1(config)# ");
	c_send(&c, "end\r\x04");
	c_settle(&c, 50);
	assert_true(c.eof);
	c_close(&c);
	h_fini(&h);
}

static void
test_filters(void **state)
{
	struct h	 h;
	struct client	 c;

	h_init(&h, 0, "router demo\n neighbor 10.0.0.1\n neighbor 10.0.0.2 "
	    "cost 7\n passive");
	c_open(&h, &c);
	c_send(&c, "en\r");
	EXPECT(&c, "r1# ");
	c_send(&c, "show running-config | include ^ neighbor\r");
	EXPECT(&c, "\r\n neighbor 10.0.0.1\r\n neighbor 10.0.0.2 cost 7\r\n"
	    "r1# ");
	c_send(&c, "show run | exclude ^( |!)\r");
	EXPECT(&c, "\r\nBuilding configuration...\r\n\r\n"
	    "Current configuration:\r\nhostname r1\r\nrouter demo\r\nexit\r\n"
	    "end\r\nr1# ");
	c_send(&c, "show demo lines 1234 | count\r");
	EXPECT(&c, "\r\n1234\r\nr1# ");
	c_send(&c, "show demo | include\r");
	EXPECT(&c, "% Need a regexp to filter with\r\nr1# ");
	c_send(&c, "show demo | include (\r");
	EXPECT(&c, "% Bad regexp '('\r\nr1# ");
	c_send(&c, "show demo | grep x\r");
	EXPECT(&c, "% Unknown action 'grep'\r\nr1# ");
	c_close(&c);
	h_fini(&h);
}

static void
test_paging(void **state)
{
	static const char naws[] = "\xff\xfa\x1f\x00\xc8\x00\x0a\xff\xf0";
	struct h	 h;
	struct client	 c;

	h_init(&h, 0, NULL);
	c_open(&h, &c);
	/* Without NAWS: no paging, whatever "terminal length" says. */
	c_send(&c, "terminal length 5\r");
	EXPECT(&c, "r1> ");
	c_send(&c, "show demo lines 20\r");
	EXPECT(&c, "line        20 of        20");
	EXPECT(&c, "r1> ");
	c_send(&c, "terminal no length\r");
	EXPECT(&c, "r1> ");
	assert_int_equal(send(c.fd, naws, sizeof(naws) - 1, 0),
	    (ssize_t)sizeof(naws) - 1);
	c_send(&c, "show demo lines 30\r");
	/*
	 * Window height 10: the command's row, 8 lines and " --More-- "
	 * fill the first screen; then 9 lines a page.
	 */
	EXPECT(&c, "line         8 of        30");
	assert_true(c_expect_ms(&c, "\r\n --More-- \0", 13, 2000));
	c_settle(&c, 50);
	assert_int_equal(c.len, 0);
	c_send(&c, " ");
	EXPECT(&c, "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b"
	    "line         9 of");
	EXPECT(&c, "line        17 of        30");
	assert_true(c_expect_ms(&c, "\r\n --More-- \0", 13, 2000));
	c_send(&c, "q");
	EXPECT(&c, "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\br1> ");
	c_settle(&c, 50);
	assert_null(strstr(c.in, "line"));
	/* terminal length 0: never pause. */
	c_send(&c, "terminal length 0\r");
	EXPECT(&c, "r1> ");
	c_send(&c, "show demo lines 30\r");
	EXPECT(&c, "line        30 of        30");
	EXPECT(&c, "again          \r\nr1> ");
	c_close(&c);
	h_fini(&h);
}

static void
test_passwords(void **state)
{
	struct h	 h;
	struct client	 c;

	h_init(&h, 0, "password secret\nenable password top");
	c_connect(&h, &c, "127.0.0.1");
	EXPECT(&c, HELLO "\r\nUser Access Verification\r\n\r\n" NEGO
	    "Password: ");
	c_send(&c, "secret\r");
	EXPECT(&c, "\r\nr1> ");
	c_send(&c, "enable\r");
	EXPECT(&c, "Password: ");
	c_send(&c, "top\r");
	EXPECT(&c, "\r\nr1# ");
	c_send(&c, "disable\renable\r");
	EXPECT(&c, "Password: ");
	c_send(&c, "a\r");
	EXPECT(&c, "Password: ");
	c_send(&c, "b?\r");
	EXPECT(&c, "Password: ");
	c_send(&c, "c\r");
	EXPECT(&c, "% Bad enable passwords, too many failures!\r\n");
	c_settle(&c, 50);
	assert_true(c.eof);
	c_close(&c);

	c_connect(&h, &c, "127.0.0.1");
	EXPECT(&c, "Password: ");
	c_send(&c, "x1\rx2\rx3\r");
	EXPECT(&c, "% Bad passwords, too many failures!\r\n");
	c_settle(&c, 50);
	assert_true(c.eof);
	/* The typed passwords were never echoed. */
	c_close(&c);
	c_connect(&h, &c, "127.0.0.1");
	c_send(&c, "wrong\r");
	c_settle(&c, 50);
	assert_null(strstr(c.in, "wrong"));
	c_close(&c);
	h_fini(&h);
}

static void
test_exec_timeout(void **state)
{
	struct h	 h;
	struct client	 c;

	h_init(&h, 0, "line vty\n exec-timeout 0 1");
	c_open(&h, &c);
	assert_true(c_expect_ms(&c, "\r\nVty connection is timed out.\r\n",
	    32, 3000));
	c_settle(&c, 50);
	assert_true(c.eof);
	c_close(&c);
	h_fini(&h);
}

static void
test_access_class_and_cap(void **state)
{
	struct h	 h;
	struct client	 c, c2, c3;

	h_init(&h, 2, "access-list vty permit 127.0.0.0/8\n"
	    "access-list vty deny any\nline vty\n access-class vty");
	c_connect(&h, &c, "10.1.2.3");
	c_settle(&c, 50);
	assert_true(c.eof);
	assert_int_equal(c.len, 0);		/* refused without a word */
	c_close(&c);
	c_open(&h, &c);
	c_open(&h, &c2);
	c_connect(&h, &c3, "127.0.0.1");
	c_settle(&c3, 50);
	assert_string_equal(c3.in, "% Too many sessions\r\n");
	assert_true(c3.eof);
	c_close(&c3);
	c_send(&c2, "who\r");
	EXPECT(&c2, " vty[");
	EXPECT(&c2, "] connected from 127.0.0.1.\r\n vty[");
	EXPECT(&c2, "] connected from 127.0.0.1, this session.\r\nr1> ");
	c_close(&c);
	c_close(&c2);
	h_fini(&h);
}

static char *
slurp(const char *path)
{
	static char	 b[65536];
	int		 fd;
	ssize_t		 n;

	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	b[n < 0 ? 0 : n] = '\0';
	return b;
}

static void
test_write_memory(void **state)
{
	struct h	 h, h2;
	struct buf	 out = BUF_INIT, out2 = BUF_INIT;
	struct client	 c;
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		 sav[160], err[256], *s;
	FILE		*f;
	int		 n = 0;

	h_init(&h, 0, "router demo\n neighbor 10.0.0.9 cost 3\n greeting hi "
	    "there\nexit\npassword pw\nline vty\n exec-timeout 5 30");
	assert_non_null(f = fopen(h.path, "w"));
	fputs("! the old one\n", f);
	fclose(f);
	c_connect(&h, &c, "127.0.0.1");
	c_send(&c, "pw\ren\rwrite memory\r");
	EXPECT(&c, "Configuration saved to ");
	EXPECT(&c, "/demo.conf\r\nr1# ");
	c_close(&c);
	snprintf(sav, sizeof(sav), "%s.sav", h.path);
	assert_non_null(s = slurp(sav));
	assert_string_equal(s, "! the old one\n");
	assert_int_equal(stat(h.path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_non_null(d = opendir(h.dir));
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 2);			/* no temporary left */

	/* What was saved loads back to the same running configuration. */
	h_init(&h2, 0, NULL);
	assert_int_equal(vty_server_load(h2.srv, h.path, err, sizeof(err)), 0);
	vty_execute(h.srv, "show running-config", &out);
	vty_execute(h2.srv, "show running-config", &out2);
	assert_string_equal(buf_cstr(&out), buf_cstr(&out2));
	assert_non_null(strstr(buf_cstr(&out), "\nline vty\n exec-timeout 5 30\n"
	    "exit\n!\nend\n"));
	buf_free(&out);
	buf_free(&out2);
	h_fini(&h2);
	h_fini(&h);
}

static void
test_load_errors(void **state)
{
	struct h	 h;
	char		 err[512], want[512];
	FILE		*f;

	h_init(&h, 0, NULL);
	assert_non_null(f = fopen(h.path, "w"));
	fputs("! comment\nhostname r9\n  bogus words\n", f);
	fclose(f);
	assert_int_equal(vty_server_load(h.srv, h.path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:3: %% [DEMO] Unknown command: "
	    "  bogus words", h.path);
	assert_string_equal(err, want);
	assert_string_equal(vty_server_hostname(h.srv), "r9");
	assert_non_null(f = fopen(h.path, "w"));
	fputs("router demo\n neighbor\n", f);
	fclose(f);
	assert_int_equal(vty_server_load(h.srv, h.path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: %% Command incomplete.", h.path);
	assert_string_equal(err, want);
	assert_non_null(f = fopen(h.path, "w"));
	fputs("router demo\n no neighbor 1.2.3.4\n", f);
	fclose(f);
	assert_int_equal(vty_server_load(h.srv, h.path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: %% No such neighbor 1.2.3.4",
	    h.path);
	assert_string_equal(err, want);
	assert_int_equal(vty_server_load(h.srv, "/nonexistent/x.conf", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/x.conf: No such file or "
	    "directory");
	h_fini(&h);
}

static void
test_execute(void **state)
{
	struct h	 h;
	struct buf	 out = BUF_INIT;
	char		 err[256];

	h_init(&h, 0, NULL);
	assert_int_equal(vty_execute(h.srv, "show demo lines 100000 | count",
	    &out), CMD_SUCCESS);
	assert_string_equal(buf_cstr(&out), "100000\n");
	buf_reset(&out);
	assert_int_equal(vty_execute(h.srv, "show nothing", &out),
	    CMD_ERR_NO_MATCH);
	assert_string_equal(buf_cstr(&out), "% [DEMO] Unknown command: "
	    "show nothing\n                               ^\n");
	buf_reset(&out);
	assert_int_equal(vty_execute(h.srv, "configure terminal\n"
	    "router demo\nneighbor 192.0.2.1\ndo show demo neighbors json",
	    &out), CMD_SUCCESS);
	assert_non_null(strstr(buf_cstr(&out), "\"prefix\":\"192.0.2.1\\/32\""));
	buf_reset(&out);
	assert_int_equal(vty_describe(h.srv, "configure terminal\nrouter demo",
	    "neighbor 1.2.3.4 ", &out), 2);
	assert_string_equal(buf_cstr(&out), "cost\tLink cost\n<cr>\t\n");
	buf_reset(&out);
	assert_int_equal(vty_complete(h.srv, NULL, "show demo n", &out), 1);
	assert_string_equal(buf_cstr(&out), "neighbors\n");
	/* Listening anywhere but loopback needs a password. */
	buf_free(&out);
	h_fini(&h);
	{
		struct vty_server_opts	 o = { .listen_addr = "0.0.0.0",
		    .port = 1 };
		struct event_base	*b = event_base_new();
		struct vty_server	*s = vty_server_new(b, &o, NULL);

		assert_int_equal(vty_server_listen(s, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "without a password"));
		vty_server_free(s);
		event_base_free(b);
	}
}

/* An "interface NAME" node of the test's own: one instance per name. */
static const char *const if_names[] = { "eth0", "eth1", "eth2" };
static int	 if_node = -1;

static int
cmd_interface(struct vty *vty, const struct cmd_match *m, void *arg)
{
	const char	*name = cmd_str(m, "WORD");
	unsigned	 i;

	for (i = 0; i < 3; i++)
		if (strcmp(name, if_names[i]) == 0) {
			vty_node_enter(vty, if_node, (void *)if_names[i]);
			return CMD_SUCCESS;
		}
	vty_out(vty, "%% No such interface %s\n", name);
	return CMD_WARNING;
}

static int
cmd_if_mtu(struct vty *vty, const struct cmd_match *m, void *arg)
{
	return CMD_SUCCESS;
}

static const struct cmd_def if_cmds[] = {
	{ "interface WORD", "Select an interface\nIts name", cmd_interface, 0 },
};
static const struct cmd_def if_node_cmds[] = {
	{ "interface WORD", "Select an interface\nIts name", cmd_interface, 0 },
	{ "mtu (68-9000)", "Set the MTU\nBytes", cmd_if_mtu, 0 },
};

/* execute_in through the API: contexts, prompts, status. */
struct ein {
	struct buf	 out, ctx, prompt;
	int		 st;
};

static void
ein_run(struct h *h, struct ein *e, const char *ctx, const char *lines)
{
	buf_reset(&e->out);
	e->st = vty_execute_in(h->srv, ctx, lines, &e->out, &e->ctx,
	    &e->prompt);
	buf_cstr(&e->out);
	buf_cstr(&e->ctx);
	buf_cstr(&e->prompt);
}

static void
ein_expect(struct h *h, const char *ctx, const char *lines, int st,
    const char *newctx, const char *prompt)
{
	struct ein	 e;

	memset(&e, 0, sizeof(e));
	ein_run(h, &e, ctx, lines);
	if (e.st != st || strcmp((char *)e.ctx.data, newctx) != 0 ||
	    strcmp((char *)e.prompt.data, prompt) != 0)
		fail_msg("execute_in [%s] [%s]: status %d ctx [%s] prompt [%s] "
		    "out [%s]; wanted %d [%s] [%s]", ctx, lines, e.st,
		    (char *)e.ctx.data, (char *)e.prompt.data,
		    (char *)e.out.data, st, newctx, prompt);
	buf_free(&e.out);
	buf_free(&e.ctx);
	buf_free(&e.prompt);
}

static void
test_execute_in(void **state)
{
	struct h	 h;
	struct ein	 e;
	struct buf	 out = BUF_INIT;

	h_init(&h, 0, NULL);
	assert_true((if_node = vty_node_add(h.srv, "(config-if)",
	    VTY_NODE_CONFIG)) > 0);
	assert_int_equal(vty_install(h.srv, VTY_NODE_CONFIG, if_cmds, 1), 0);
	assert_int_equal(vty_install(h.srv, if_node, if_node_cmds, 2), 0);

	ein_expect(&h, "", "", CMD_SUCCESS, "", "r1# ");
	ein_expect(&h, NULL, "configure terminal", CMD_SUCCESS,
	    "configure terminal", "r1(config)# ");
	/* The lines as they were typed, one per level. */
	ein_expect(&h, "", "conf t\nrouter demo", CMD_SUCCESS,
	    "conf t\nrouter demo", "r1(config-router)# ");
	ein_expect(&h, "configure terminal\nrouter demo", "neighbor 10.0.0.1",
	    CMD_SUCCESS, "configure terminal\nrouter demo",
	    "r1(config-router)# ");
	/* Blank lines, comments and blanks around lines do not count. */
	ein_expect(&h, " configure terminal \n!\n\n  router demo\n",
	    "passive", CMD_SUCCESS, "configure terminal\nrouter demo",
	    "r1(config-router)# ");
	/* A parent's command from a sub-node: the session went there. */
	ein_expect(&h, "configure terminal\nrouter demo", "line vty",
	    CMD_SUCCESS, "configure terminal\nline vty",
	    "r1(config-line)# ");
	ein_expect(&h, "configure terminal\nrouter demo", "exit",
	    CMD_SUCCESS, "configure terminal", "r1(config)# ");
	ein_expect(&h, "configure terminal\nrouter demo", "end", CMD_SUCCESS,
	    "", "r1# ");
	ein_expect(&h, "configure terminal\nrouter demo", "router demo\nexit\n"
	    "line vty", CMD_SUCCESS, "configure terminal\nline vty",
	    "r1(config-line)# ");
	ein_expect(&h, "configure terminal\nrouter demo", "do show demo",
	    CMD_SUCCESS, "configure terminal\nrouter demo",
	    "r1(config-router)# ");
	ein_expect(&h, "configure terminal\nline vty", "do configure terminal",
	    CMD_SUCCESS, "configure terminal", "r1(config)# ");
	/*
	 * A parent's command that fails still moved the session, as in
	 * FRRouting: no guessing from the status.
	 */
	ein_expect(&h, "configure terminal\nrouter demo", "hostname 9lives",
	    CMD_WARNING, "configure terminal", "r1(config)# ");
	/* An unknown line leaves the mode alone. */
	ein_expect(&h, "configure terminal\nrouter demo", "bogus",
	    CMD_ERR_NO_MATCH, "configure terminal\nrouter demo",
	    "r1(config-router)# ");
	ein_expect(&h, "", "disable", CMD_SUCCESS, "disable", "r1> ");
	ein_expect(&h, "disable", "enable", CMD_SUCCESS, "", "r1# ");
	/* Another instance of the same node replaces the level's line. */
	ein_expect(&h, "configure terminal\ninterface eth0", "interface eth1",
	    CMD_SUCCESS, "configure terminal\ninterface eth1",
	    "r1(config-if)# ");
	ein_expect(&h, "configure terminal\ninterface eth0",
	    "interface eth0\nmtu 1500", CMD_SUCCESS,
	    "configure terminal\ninterface eth0", "r1(config-if)# ");
	ein_expect(&h, "configure terminal\ninterface eth0", "router demo",
	    CMD_SUCCESS, "configure terminal\nrouter demo",
	    "r1(config-router)# ");
	/* "exit" at the top ends nothing: the caller owns the session. */
	memset(&e, 0, sizeof(e));
	ein_run(&h, &e, "", "exit\nexit\nshow demo");
	assert_int_equal(e.st, CMD_SUCCESS);
	assert_string_equal((char *)e.ctx.data, "");
	assert_non_null(strstr((char *)e.out.data, "Demo router"));
	/* A mode this server lacks: nothing runs. */
	ein_run(&h, &e, "configure terminal\n router bogus \n", "hostname zz");
	assert_int_equal(e.st, CMD_ERR_NO_MATCH);
	assert_string_equal((char *)e.ctx.data,
	    "configure terminal\nrouter bogus");
	assert_string_equal((char *)e.prompt.data, "");
	assert_string_equal((char *)e.out.data, "");
	assert_string_equal(vty_server_hostname(h.srv), "r1");
	/* A context line that is no mode change does not replay either. */
	ein_run(&h, &e, "configure terminal\nhostname zz", "show running");
	assert_int_equal(e.st, CMD_ERR_NO_MATCH);
	ein_run(&h, &e, "configure terminal\ninterface eth9", "mtu 100");
	assert_int_equal(e.st, CMD_ERR_NO_MATCH);
	/* The context's own output is not the caller's. */
	ein_run(&h, &e, "configure terminal", "do show version");
	assert_int_equal(strncmp((char *)e.out.data, "okapi 9.9", 9), 0);
	buf_free(&e.out);
	buf_free(&e.ctx);
	buf_free(&e.prompt);
	/* describe and complete replay contexts the same way. */
	assert_int_equal(vty_describe(h.srv, "configure terminal\nrouter "
	    "bogus", "", &out), -1);
	assert_int_equal(vty_complete(h.srv, "configure terminal\n"
	    "interface eth1", "mt", &out), 1);
	assert_string_equal(buf_cstr(&out), "mtu\n");
	buf_free(&out);
	h_fini(&h);
}

static void
test_no_login(void **state)
{
	struct h	 h;
	struct client	 c;
	struct buf	 out = BUF_INIT;

	h_init(&h, 0, "password secret\nenable password top\nline vty\n"
	    " no login");
	/* No "User Access Verification", no "Password: ". */
	c_connect(&h, &c, "127.0.0.1");
	c_settle(&c, 50);
	assert_string_equal(c.in, HELLO NEGO "r1> ");
	c.len = 0;
	/* "enable password" still holds, as in FRRouting. */
	c_send(&c, "enable\r");
	EXPECT(&c, "Password: ");
	c_send(&c, "top\r");
	EXPECT(&c, "r1# ");
	c_close(&c);
	/* Remote peers too: "no login" is FRRouting's "no password check". */
	c_connect(&h, &c, "192.0.2.1");
	EXPECT(&c, "r1> ");
	c_close(&c);
	vty_execute(h.srv, "show running-config", &out);
	assert_non_null(strstr(buf_cstr(&out), "\nline vty\n no login\n"
	    "exit\n"));
	buf_reset(&out);
	vty_execute(h.srv, "configure terminal\nline vty\nlogin", &out);
	c_connect(&h, &c, "127.0.0.1");
	EXPECT(&c, "User Access Verification\r\n\r\n" NEGO "Password: ");
	c_close(&c);
	/* Without a password, remote peers are refused again. */
	vty_execute(h.srv, "configure terminal\nno password", &out);
	c_connect(&h, &c, "192.0.2.1");
	c_settle(&c, 50);
	assert_string_equal(c.in, "Vty password is not set.\r\n");
	c_close(&c);
	buf_free(&out);
	h_fini(&h);
}

static void
test_password_encryption(void **state)
{
	struct h	 h, h2;
	struct client	 c;
	struct buf	 out = BUF_INIT, out2 = BUF_INIT;
	char		 err[256];
	const char	*run, *p;
	FILE		*f;

	h_init(&h, 0, "password secret\nenable password top\n"
	    "service password-encryption");
	vty_execute(h.srv, "show running-config", &out);
	run = buf_cstr(&out);
	assert_null(strstr(run, "secret"));
	assert_null(strstr(run, "top\n"));
	assert_non_null(p = strstr(run, "\npassword 8 $6$"));
	assert_non_null(strstr(run, "\nenable password 8 $6$"));
	assert_non_null(strstr(run, "\nservice password-encryption\n"));
	/* Salted: the two hashes of the same password differ. */
	vty_execute(h.srv, "configure terminal\nenable password secret", &out2);
	buf_reset(&out2);
	vty_execute(h.srv, "show running-config", &out2);
	assert_null(strstr(buf_cstr(&out2), p + 11));
	buf_reset(&out2);
	vty_execute(h.srv, "configure terminal\nenable password top", &out2);
	buf_reset(&out2);
	/* The hash checks the password. */
	c_connect(&h, &c, "127.0.0.1");
	EXPECT(&c, "Password: ");
	c_send(&c, "wrong\r");
	EXPECT(&c, "Password: ");
	c_send(&c, "secret\r");
	EXPECT(&c, "\r\nr1> ");
	c_send(&c, "en\r");
	EXPECT(&c, "Password: ");
	c_send(&c, "top\r");
	EXPECT(&c, "\r\nr1# ");
	c_close(&c);
	/* What was shown loads back to the same state. */
	assert_non_null(f = fopen(h.path, "w"));
	fputs(strstr(run, "Current configuration:\n") + 23, f);
	fclose(f);
	h_init(&h2, 0, NULL);
	assert_int_equal(vty_server_load(h2.srv, h.path, err, sizeof(err)), 0);
	vty_execute(h2.srv, "show running-config", &out2);
	assert_string_equal(buf_cstr(&out2), run);
	c_connect(&h2, &c, "127.0.0.1");
	EXPECT(&c, "Password: ");
	c_send(&c, "secret\r");
	EXPECT(&c, "\r\nr1> ");
	c_close(&c);
	buf_reset(&out2);
	/* Off again: the hashes stay, the plain text is gone. */
	vty_execute(h2.srv, "configure terminal\nno service "
	    "password-encryption", &out2);
	buf_reset(&out2);
	vty_execute(h2.srv, "show running-config", &out2);
	assert_non_null(strstr(buf_cstr(&out2), "\npassword 8 $6$"));
	assert_null(strstr(buf_cstr(&out2), "service password-encryption"));
	buf_reset(&out2);
	/* FRRouting's DES form ("zebra", salt "ab") is understood. */
	assert_int_equal(vty_execute(h2.srv, "configure terminal\npassword 8 "
	    "abU4A50Jl/Geg", &out2), CMD_SUCCESS);
	c_connect(&h2, &c, "127.0.0.1");
	EXPECT(&c, "Password: ");
	c_send(&c, "zebra\r");
	EXPECT(&c, "\r\nr1> ");
	c_close(&c);
	/* Refused: a hash nothing can check, a password read as a comment. */
	assert_int_equal(vty_execute(h2.srv, "configure terminal\npassword 8 "
	    "zebra", &out2), CMD_WARNING);
	assert_string_equal(buf_cstr(&out2),
	    "% Not a password hash this system can check\n");
	buf_reset(&out2);
	assert_int_equal(vty_execute(h2.srv, "configure terminal\npassword "
	    "!x", &out2), CMD_WARNING);
	assert_string_equal(buf_cstr(&out2),
	    "% Please specify string starting with alphanumeric\n");
	buf_free(&out);
	buf_free(&out2);
	h_fini(&h2);
	h_fini(&h);
}

static void
test_banner(void **state)
{
	struct h	 h;
	struct client	 c;
	struct buf	 out = BUF_INIT;

	h_init(&h, 0, "banner motd line Authorised   users only");
	c_connect(&h, &c, "127.0.0.1");
	c_settle(&c, 50);
	assert_string_equal(c.in, "\r\nAuthorised users only\r\n\r\n" NEGO
	    "r1> ");
	c_close(&c);
	vty_execute(h.srv, "show running-config", &out);
	assert_non_null(strstr(buf_cstr(&out),
	    "\nbanner motd line Authorised users only\n"));
	buf_reset(&out);
	vty_execute(h.srv, "configure terminal\nno banner motd\npassword pw",
	    &out);
	c_connect(&h, &c, "127.0.0.1");
	c_settle(&c, 50);
	assert_string_equal(c.in, "\r\nUser Access Verification\r\n\r\n" NEGO
	    "Password: ");
	c_close(&c);
	vty_execute(h.srv, "show running-config", &out);
	assert_non_null(strstr(buf_cstr(&out), "\nno banner motd\n"));
	buf_reset(&out);
	vty_execute(h.srv, "configure terminal\nbanner motd default\n"
	    "no password", &out);
	c_connect(&h, &c, "127.0.0.1");
	c_settle(&c, 50);
	assert_string_equal(c.in, HELLO NEGO "r1> ");
	c_close(&c);
	vty_execute(h.srv, "show running-config", &out);
	assert_null(strstr(buf_cstr(&out), "banner"));
	buf_free(&out);
	h_fini(&h);
}

/* Run f with stderr (the log) going to a file; return what was logged. */
static char *
capture_log(void (*f)(struct h *), struct h *h)
{
	char	 path[160];
	int	 fd, saved;

	snprintf(path, sizeof(path), "%s/log", h->dir);
	fflush(stderr);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600))
	    != -1);
	saved = dup(2);
	dup2(fd, 2);
	close(fd);
	f(h);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	return slurp(path);
}

static void
log_session(struct h *h)
{
	struct client	 c;
	struct buf	 out = BUF_INIT;

	c_open(h, &c);
	c_send(&c, "show version\r");
	EXPECT(&c, "r1> ");
	c_send(&c, "en\rconf t\rpassword s3cret\renable password 8 "
	    "abU4A50Jl/Geg\rbogus x\r");
	EXPECT(&c, "Unknown command: bogus x");
	EXPECT(&c, "r1(config)# ");
	c_close(&c);
	vty_execute(h->srv, "show demo | count", &out);
	vty_execute(h->srv, "configure terminal\nno log commands\n"
	    "hostname r1", &out);
	buf_free(&out);
}

static void
test_log_commands(void **state)
{
	struct h	 h;
	char		*log;

	h_init(&h, 0, "log commands");
	log = capture_log(log_session, &h);
	assert_non_null(log);
	assert_non_null(strstr(log, "@127.0.0.1: r1> show version\n"));
	assert_non_null(strstr(log, "@127.0.0.1: r1# conf t\n"));
	/* Secrets are not logged. */
	assert_non_null(strstr(log, "@127.0.0.1: r1(config)# password ****\n"));
	assert_non_null(strstr(log, "r1(config)# enable password **** ****\n"));
	assert_null(strstr(log, "s3cret"));
	assert_null(strstr(log, "abU4A50Jl"));
	/* Lines that fail are logged too, as in FRRouting. */
	assert_non_null(strstr(log, "r1(config)# bogus x\n"));
	/* Sessions without a client name themselves. */
	assert_non_null(strstr(log, "vty@execute: r1# show demo | count\n"));
	assert_non_null(strstr(log, "vty@execute: r1(config)# no log "
	    "commands\n"));
	assert_null(strstr(log, "hostname r1"));
	h_fini(&h);
}

static void
test_unix_socket(void **state)
{
	struct h	 h, h2;
	struct client	 c;
	struct stat	 st;
	struct buf	 out = BUF_INIT;
	char		 path[160], err[256];
	FILE		*f;
	int		 fd;

	h_init(&h, 0, NULL);
	snprintf(path, sizeof(path), "%s/demo.vty", h.dir);
	/* A socket left by a dead process is replaced. */
	assert_true((fd = sock_listen_unix(path, 0644)) != -1);
	close(fd);
	assert_int_equal(vty_server_listen_unix(h.srv, path, err,
	    sizeof(err)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	/* A live one is not. */
	h_init(&h2, 0, NULL);
	assert_int_equal(vty_server_listen_unix(h2.srv, path, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "another process listens there"));
	/* Nor anything else. */
	snprintf(path, sizeof(path), "%s/demo.conf", h2.dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_int_equal(vty_server_listen_unix(h2.srv, path, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "is not a socket"));
	h_fini(&h2);

	/* The same session as on loopback, named "local". */
	snprintf(path, sizeof(path), "%s/demo.vty", h.dir);
	memset(&c, 0, sizeof(c));
	c.h = &h;
	assert_true((c.fd = sock_connect_unix(path, false)) != -1);
	sock_nonblock(c.fd);
	EXPECT(&c, HELLO NEGO "r1> ");
	c_send(&c, "who\r");
	EXPECT(&c, "] connected from local, this session.\r\nr1> ");
	c_close(&c);
	/* A password is asked as on loopback; access-class does not apply. */
	assert_int_equal(vty_execute(h.srv, "configure terminal\npassword pw\n"
	    "access-list x deny any\nipv6 access-list x deny any\nline vty\n"
	    "access-class x\nipv6 access-class x", &out), CMD_SUCCESS);
	memset(&c, 0, sizeof(c));
	c.h = &h;
	assert_true((c.fd = sock_connect_unix(path, false)) != -1);
	sock_nonblock(c.fd);
	EXPECT(&c, "Password: ");
	c_send(&c, "pw\r");
	EXPECT(&c, "\r\nr1> ");
	c_close(&c);
	/* The socket goes with the server. */
	vty_server_free(h.srv);
	h.srv = NULL;
	assert_int_equal(stat(path, &st), -1);
	buf_free(&out);
	h_fini(&h);
}

static void
test_ipv6_access(void **state)
{
	struct h	 h;
	struct client	 c;
	struct buf	 out = BUF_INIT;

	h_init(&h, 0, "ipv6 access-list v6 permit ::1/128\n"
	    "ipv6 access-list v6 deny any\naccess-list v4 deny any\n"
	    "access-list x permit any\nipv6 access-list x deny any\n"
	    "line vty\n access-class v4\n ipv6 access-class v6");
	c_connect(&h, &c, "::1");
	EXPECT(&c, "r1> ");
	c_send(&c, "who\r");
	EXPECT(&c, "] connected from ::1, this session.\r\n");
	c_close(&c);
	/* Refused without a word, by the family's own list. */
	c_connect(&h, &c, "2001:db8::5");
	c_settle(&c, 50);
	assert_true(c.eof);
	assert_int_equal(c.len, 0);
	c_close(&c);
	c_connect(&h, &c, "127.0.0.1");
	c_settle(&c, 50);
	assert_true(c.eof);
	assert_int_equal(c.len, 0);
	c_close(&c);
	vty_execute(h.srv, "show running-config", &out);
	assert_non_null(strstr(buf_cstr(&out), "access-list v4 deny any\n"
	    "access-list x permit any\nipv6 access-list v6 permit ::1/128\n"
	    "ipv6 access-list v6 deny any\nipv6 access-list x deny any\n"));
	assert_non_null(strstr(buf_cstr(&out), " access-class v4\n"
	    " ipv6 access-class v6\n"));
	buf_reset(&out);
	/* Two name spaces: "no access-list x" leaves the IPv6 list. */
	vty_execute(h.srv, "configure terminal\nno access-list x\n"
	    "no ipv6 access-list v6 permit ::1/128\nline vty\n"
	    "no access-class", &out);
	buf_reset(&out);
	vty_execute(h.srv, "show running-config", &out);
	assert_null(strstr(buf_cstr(&out), "\naccess-list x"));
	assert_non_null(strstr(buf_cstr(&out), "ipv6 access-list x deny any"));
	assert_null(strstr(buf_cstr(&out), "::1/128"));
	buf_reset(&out);
	c_connect(&h, &c, "::1");
	c_settle(&c, 50);
	assert_true(c.eof);
	c_close(&c);
	/* A family without an access-class lets its peers in. */
	c_connect(&h, &c, "127.0.0.1");
	EXPECT(&c, "r1> ");
	c_close(&c);
	vty_execute(h.srv, "configure terminal\nline vty\n"
	    "no ipv6 access-class", &out);
	c_connect(&h, &c, "::1");
	EXPECT(&c, "r1> ");
	c_close(&c);
	buf_free(&out);
	h_fini(&h);
}

/* '?' and TAB after '|'. */
static void
test_pipe_help(void **state)
{
	struct h	 h;
	struct client	 c;
	struct buf	 out = BUF_INIT;

	h_init(&h, 0, NULL);
	c_open(&h, &c);
	c_send(&c, "show demo | ?");
	EXPECT(&c, "show demo | \r\n"
	    "  count    Count the lines of the output\r\n"
	    "  exclude  Output the lines that do not match a regular "
	    "expression\r\n"
	    "  include  Output the lines that match a regular expression\r\n"
	    "r1> show demo | ");
	c_send(&c, "i?");
	EXPECT(&c, "\r\n  include  Output the lines that match a regular "
	    "expression\r\nr1> show demo | i");
	c_send(&c, "\t");
	EXPECT(&c, "nclude ");
	c_send(&c, "?");
	EXPECT(&c, "\r\n  REGEX  POSIX extended regular expression (the rest "
	    "of the line)\r\nr1> show demo | include ");
	c_send(&c, "^Demo ?");
	EXPECT(&c, "\r\n  REGEX  POSIX extended regular expression (the rest "
	    "of the line)\r\n  <cr>\r\nr1> show demo | include ^Demo ");
	c_send(&c, "\r");
	EXPECT(&c, "Demo router is not configured\r\nr1> ");
	c_send(&c, "show demo |c\t");
	EXPECT(&c, "ount ");
	c_send(&c, "?");
	EXPECT(&c, "\r\n  <cr>\r\nr1> show demo |count ");
	c_send(&c, "\x15show demo | \t");
	EXPECT(&c, "\r\ncount      exclude    include    \r\nr1> show demo | ");
	c_send(&c, "\x15show demo | grep ?");
	EXPECT(&c, "\r\n% There is no matched command.\r\n");
	c_send(&c, "\x15show bogus | ?");
	EXPECT(&c, "\r\n% There is no matched command.\r\n");
	c_close(&c);
	/* The same for okapi-sh, through vty_describe and vty_complete. */
	assert_int_equal(vty_describe(h.srv, "", "show demo | ", &out), 3);
	assert_int_equal(strncmp(buf_cstr(&out), "count\t", 6), 0);
	buf_reset(&out);
	assert_int_equal(vty_complete(h.srv, "", "show demo | ex", &out), 1);
	assert_string_equal(buf_cstr(&out), "exclude\n");
	buf_reset(&out);
	/* No pipes in config modes: '|' is only a character there. */
	assert_int_equal(vty_describe(h.srv, "configure terminal\nrouter "
	    "demo", "greeting a | ", &out), 2);
	assert_string_equal(buf_cstr(&out), "LINE\tThe words\n<cr>\t\n");
	buf_free(&out);
	h_fini(&h);
}

static long
rss_kb(void)
{
	char	 line[256];
	long	 kb = -1;
	FILE	*f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

struct big {
	struct event	*tick;
	uint64_t	 last, max_gap, ticks, slow;
	long		 rss_max;
	struct event	*rd;
	uint64_t	 bytes;
	char		 tail[256];
	size_t		 tlen;
	bool		 done;
};

static void
big_tick(evutil_socket_t fd, short ev, void *arg)
{
	struct big	*b = arg;
	uint64_t	 t = now_ms();
	long		 r;

	if (b->last && t - b->last > b->max_gap)
		b->max_gap = t - b->last;
	if (b->last && t - b->last >= 5)
		b->slow++;
	b->last = t;
	/* Sampled: reading /proc on every tick would be the stall itself. */
	if (b->ticks++ % 8 == 0 && (r = rss_kb()) > b->rss_max)
		b->rss_max = r;
}

static void
big_read(evutil_socket_t fd, short ev, void *arg)
{
	struct big	*b = arg;
	char		 in[65536];
	ssize_t		 n;
	size_t		 k;

	if ((n = recv(fd, in, sizeof(in), 0)) <= 0)
		return;
	b->bytes += (size_t)n;
	/* Keep the last bytes only: the client must stay small too. */
	k = (size_t)n < sizeof(b->tail) - 1 ? (size_t)n : sizeof(b->tail) - 1;
	if (b->tlen + k >= sizeof(b->tail)) {
		memmove(b->tail, b->tail + b->tlen + k - (sizeof(b->tail) - 1),
		    sizeof(b->tail) - 1 - k);
		b->tlen = sizeof(b->tail) - 1 - k;
	}
	memcpy(b->tail + b->tlen, in + n - k, k);
	b->tlen += k;
	b->tail[b->tlen] = '\0';
	if (strstr(b->tail, "of    500000: ") && b->tlen >= 4 &&
	    strcmp(b->tail + b->tlen - 4, "r1> ") == 0)
		b->done = true;
}

/* 50 MB through a loopback TCP socket: memory flat, loop responsive. */
static void
test_stream_50mb(void **state)
{
	struct vty_server_opts	 o;
	struct timeval		 tv = { 0, 1000 };
	struct h		 h;
	struct big		 b;
	char			 err[256];
	uint16_t		 port = 0;
	long			 rss0;
	uint64_t		 t0, t1;
	int			 fd, lfd;

	/* A free port: bind 0, note it, let the server take it. */
	assert_true((lfd = sock_listen_tcp("127.0.0.1", 0, &port)) != -1);
	close(lfd);
	memset(&h, 0, sizeof(h));
	memset(&o, 0, sizeof(o));
	o.daemon = "demo";
	o.tag = "DEMO";
	o.port = port;
	assert_non_null(h.base = event_base_new());
	assert_non_null(h.dv = demo_vty_new());
	assert_non_null(h.srv = vty_server_new(h.base, &o, h.dv));
	assert_int_equal(demo_vty_install(h.srv, h.dv), 0);
	assert_int_equal(vty_server_listen(h.srv, err, sizeof(err)), 0);
	{
		struct buf	 out = BUF_INIT;

		vty_execute(h.srv, "configure terminal\nhostname r1", &out);
		buf_free(&out);
	}
	assert_true((fd = sock_connect_tcp("127.0.0.1", port, false)) != -1);
	memset(&b, 0, sizeof(b));
	b.tick = event_new(h.base, -1, EV_PERSIST, big_tick, &b);
	b.rd = event_new(h.base, fd, EV_READ | EV_PERSIST, big_read, &b);
	sock_nonblock(fd);
	event_add(b.rd, NULL);
	while (!strstr(b.tail, "r1> "))
		event_base_loop(h.base, EVLOOP_ONCE);
	b.tlen = 0;
	b.tail[0] = '\0';
	b.bytes = 0;
	rss0 = rss_kb();
	b.rss_max = rss0;
	assert_int_equal(send(fd, "show demo lines 500000\r", 23, 0), 23);
	event_add(b.tick, &tv);
	t0 = now_ms();
	while (!b.done && now_ms() - t0 < 60000)
		event_base_loop(h.base, EVLOOP_ONCE);
	t1 = now_ms();
	big_tick(-1, 0, &b);
	fprintf(stderr, "stream: %llu bytes in %llu ms, RSS %ld -> max %ld kB "
	    "(+%ld kB), longest loop gap %llu ms (1 ms timer: %llu ticks, "
	    "%llu gaps >= 5 ms)\n",
	    (unsigned long long)b.bytes, (unsigned long long)(t1 - t0), rss0,
	    b.rss_max, b.rss_max - rss0, (unsigned long long)b.max_gap,
	    (unsigned long long)b.ticks, (unsigned long long)b.slow);
	assert_true(b.done);
	/* 500000 lines of 100 bytes, LF sent as CR LF, the echo, a prompt. */
	assert_true(b.bytes >= 500000ull * 101);
	assert_true(b.bytes < 500000ull * 101 + 100);
	assert_true(b.rss_max - rss0 < 8 * 1024);
	event_free(b.tick);
	event_free(b.rd);
	close(fd);
	vty_server_free(h.srv);
	demo_vty_free(h.dv);
	event_base_free(h.base);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_banner_and_modes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_help_tab_history),
		cmocka_unit_test(test_control_keys),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_exec_timeout),
		cmocka_unit_test(test_access_class_and_cap),
		cmocka_unit_test(test_write_memory),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_execute),
		cmocka_unit_test(test_execute_in),
		cmocka_unit_test(test_no_login),
		cmocka_unit_test(test_password_encryption),
		cmocka_unit_test(test_banner),
		cmocka_unit_test(test_log_commands),
		cmocka_unit_test(test_unix_socket),
		cmocka_unit_test(test_ipv6_access),
		cmocka_unit_test(test_pipe_help),
		cmocka_unit_test(test_stream_50mb),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

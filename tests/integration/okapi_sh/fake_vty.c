/*
 * DOC: the fake VTY server (see fake_vty.h): vty_execute, vty_execute_in,
 * vty_describe, vty_complete and vty_server_hostname over a table of
 * commands.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "fake_vty.h"

#define FAKE_MAX_NBR	16
#define BIG_BYTES	(9u << 20)

enum fake_node { N_ENABLE, N_CONFIG, N_ROUTER };

enum fake_cmd {
	C_SHOW_VERSION, C_SHOW_CLASS, C_SHOW_BIG, C_SHOW_RUN, C_WRITE_TERM,
	C_CONFIGURE, C_HOSTNAME, C_ROUTER, C_NO_ROUTER, C_NEIGHBOR, C_FAIL,
	C_EXIT, C_END,
};

struct fake_def {
	int		 node;		/* -1: every node */
	const char	*syntax;	/* "CLASS" is the daemon's class */
	const char	*help;
	enum fake_cmd	 cmd;
};

static const struct fake_def defs[] = {
	{ N_ENABLE, "show version", "Show\nVersion", C_SHOW_VERSION },
	{ N_ENABLE, "show CLASS", "Show\nThis daemon", C_SHOW_CLASS },
	{ N_ENABLE, "show big", "Show\nA lot", C_SHOW_BIG },
	{ N_ENABLE, "show running-config", "Show\nRunning config",
	    C_SHOW_RUN },
	{ N_ENABLE, "write terminal", "Write\nTo the terminal",
	    C_WRITE_TERM },
	{ N_ENABLE, "configure terminal", "Configure\nFrom the terminal",
	    C_CONFIGURE },
	{ N_CONFIG, "hostname WORD", "Set the host name\nName", C_HOSTNAME },
	{ N_CONFIG, "router CLASS", "Enable a routing process\nThis one",
	    C_ROUTER },
	{ N_CONFIG, "no router CLASS", "Negate\nRouting process\nThis one",
	    C_NO_ROUTER },
	{ N_ROUTER, "neighbor A.B.C.D", "Add a neighbor\nIts address",
	    C_NEIGHBOR },
	{ N_ROUTER, "fail", "Fail with a warning", C_FAIL },
	{ -1, "exit", "Exit current mode", C_EXIT },
	{ -1, "end", "End current mode", C_END },
};
#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

struct vty_server {
	char		 cls[32];
	char		 hostname[64];
	bool		 router;
	char		 nbr[FAKE_MAX_NBR][16];
	unsigned	 nnbr;
};

struct vty_server *
fake_vty_new(const char *cls)
{
	struct vty_server	*vs;

	if ((vs = calloc(1, sizeof(*vs))) == NULL)
		return NULL;
	snprintf(vs->cls, sizeof(vs->cls), "%s", cls);
	snprintf(vs->hostname, sizeof(vs->hostname), "fake");
	return vs;
}

void
fake_vty_free(struct vty_server *vs)
{
	free(vs);
}

const char *
vty_server_hostname(const struct vty_server *vs)
{
	return vs->hostname;
}

static unsigned
split(char *s, char **w, unsigned max)
{
	unsigned	 n = 0;

	while (n < max) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		w[n++] = s;
		while (*s != '\0' && !isspace((unsigned char)*s))
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
	return n;
}

/* The words of a def's syntax, CLASS replaced. */
static unsigned
def_words(const struct vty_server *vs, const struct fake_def *d,
    char *store, size_t len, char **w)
{
	snprintf(store, len, "%s", d->syntax);
	if (strstr(store, "CLASS") != NULL) {
		char tmp[128];

		snprintf(tmp, sizeof(tmp), "%.*s%s",
		    (int)(strstr(store, "CLASS") - store), store, vs->cls);
		snprintf(store, len, "%s", tmp);
	}
	return split(store, w, 8);
}

static bool
is_var(const char *tok)
{
	return isupper((unsigned char)tok[0]);
}

static bool
word_ok(const char *tok, const char *word, bool partial)
{
	struct in_addr	 a;

	if (strcmp(tok, "WORD") == 0)
		return true;
	if (strcmp(tok, "A.B.C.D") == 0)
		return partial || inet_pton(AF_INET, word, &a) == 1;
	return strncmp(tok, word, strlen(word)) == 0;
}

static bool
def_applies(const struct fake_def *d, int node)
{
	return d->node == -1 || d->node == node;
}

/* Match a whole line in node: the def, or NULL with *why set. */
static const struct fake_def *
match(const struct vty_server *vs, int node, char **w, unsigned n,
    int *why)
{
	const struct fake_def	*hit = NULL;
	char			 store[128], *t[8];
	unsigned		 i, k, nhits = 0, nprefix = 0;

	for (i = 0; i < NDEFS; i++) {
		if (!def_applies(&defs[i], node))
			continue;
		k = def_words(vs, &defs[i], store, sizeof(store), t);
		if (n > k)
			continue;
		unsigned j;
		for (j = 0; j < n && word_ok(t[j], w[j], false); j++)
			;
		if (j < n)
			continue;
		if (n < k) {
			nprefix++;
			continue;
		}
		/* An exact keyword beats an abbreviation. */
		if (hit != NULL && strcmp(w[n - 1], t[n - 1]) == 0)
			nhits = 0;
		hit = &defs[i];
		nhits++;
	}
	if (nhits == 1)
		return hit;
	*why = nhits > 1 ? CMD_ERR_AMBIGUOUS : nprefix ? CMD_ERR_INCOMPLETE :
	    CMD_ERR_NO_MATCH;
	return NULL;
}

static void
running_config(struct vty_server *vs, struct buf *out)
{
	unsigned	 i;

	buf_printf(out, "Building configuration...\n\nCurrent configuration:"
	    "\n!\nhostname %s\nlog syslog informational\nservice %s\n!\n",
	    vs->hostname, vs->cls);
	if (vs->router) {
		buf_printf(out, "router %s\n", vs->cls);
		for (i = 0; i < vs->nnbr; i++)
			buf_printf(out, " neighbor %s\n", vs->nbr[i]);
		buf_printf(out, "exit\n!\n");
	}
	buf_printf(out, "end\n");
}

static int
run_line(struct vty_server *vs, int *node, const char *line,
    struct buf *out)
{
	const struct fake_def	*d;
	char			 copy[512], *w[8];
	unsigned		 n, i;
	int			 why = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	n = split(copy, w, 8);
	if (n == 0 || w[0][0] == '!')
		return CMD_SUCCESS;
	if ((d = match(vs, *node, w, n, &why)) == NULL) {
		if (why == CMD_ERR_NO_MATCH)
			buf_printf(out, "%% [%s] Unknown command: %s\n",
			    vs->cls, line);
		else if (why == CMD_ERR_INCOMPLETE)
			buf_printf(out, "%% Command incomplete.\n");
		else
			buf_printf(out, "%% Ambiguous command.\n");
		return why;
	}
	switch (d->cmd) {
	case C_SHOW_VERSION:
		buf_printf(out, "okapi fake %s 0.1\n", vs->cls);
		break;
	case C_SHOW_CLASS:
		buf_printf(out, "%s: %u neighbors\n", vs->cls, vs->nnbr);
		break;
	case C_SHOW_BIG:
		for (i = 0; i < BIG_BYTES / 64; i++)
			buf_printf(out, "%063u\n", i);
		break;
	case C_SHOW_RUN:
	case C_WRITE_TERM:
		running_config(vs, out);
		break;
	case C_CONFIGURE:
		*node = N_CONFIG;
		break;
	case C_HOSTNAME:
		snprintf(vs->hostname, sizeof(vs->hostname), "%s", w[1]);
		break;
	case C_ROUTER:
		vs->router = true;
		*node = N_ROUTER;
		break;
	case C_NO_ROUTER:
		vs->router = false;
		vs->nnbr = 0;
		break;
	case C_NEIGHBOR:
		for (i = 0; i < vs->nnbr; i++)
			if (strcmp(vs->nbr[i], w[1]) == 0)
				break;
		if (i == vs->nnbr && vs->nnbr < FAKE_MAX_NBR)
			snprintf(vs->nbr[vs->nnbr++], sizeof(vs->nbr[0]),
			    "%s", w[1]);
		break;
	case C_FAIL:
		buf_printf(out, "%% %s fails\n", vs->cls);
		return CMD_WARNING;
	case C_EXIT:
		*node = *node == N_ROUTER ? N_CONFIG : N_ENABLE;
		break;
	case C_END:
		*node = N_ENABLE;
		break;
	}
	return CMD_SUCCESS;
}

/* Run lines from ENABLE; the node reached in *node. */
static int
run_lines(struct vty_server *vs, const char *lines, int *node,
    struct buf *out)
{
	char	*copy = strdup(lines), *s, *e;
	int	 st = CMD_SUCCESS;

	*node = N_ENABLE;
	if (copy == NULL)
		return CMD_WARNING;
	for (s = copy; s != NULL; s = e) {
		if ((e = strchr(s, '\n')) != NULL)
			*e++ = '\0';
		st = run_line(vs, node, s, out);
	}
	free(copy);
	return st;
}

int
vty_execute(struct vty_server *vs, const char *lines, struct buf *out)
{
	int	 node;

	return run_lines(vs, lines, &node, out);
}

/* The next line of *s, blanks around it cut; false at the end. */
static bool
next_line(const char **s, const char **p, size_t *n)
{
	const char	*b = *s, *e;

	if (*b == '\0')
		return false;
	e = b + strcspn(b, "\n");
	*s = *e == '\n' ? e + 1 : e;
	while (b < e && isspace((unsigned char)*b))
		b++;
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	*p = b;
	*n = (size_t)(e - b);
	return true;
}

/*
 * As lib/vty's: replay the context (each line must enter the next node,
 * ENABLE -> CONFIG -> router), then run the lines, keeping the line that
 * entered each level; "exit" at the top changes nothing.
 */
int
vty_execute_in(struct vty_server *vs, const char *context, const char *lines,
    struct buf *out, struct buf *newctx, struct buf *prompt)
{
	static const char *const suffix[] = { "#", "(config)#",
	    "(config-router)#" };
	struct buf	 junk = BUF_INIT;
	char		 level[2][512], line[512];
	const char	*p, *ctx = context;
	size_t		 n;
	int		 node = N_ENABLE, prev, st = CMD_SUCCESS, i;

	buf_reset(newctx);
	buf_reset(prompt);
	while (next_line(&context, &p, &n)) {
		if (n == 0 || *p == '!')
			continue;
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		prev = node;
		if (node == N_ROUTER || run_line(vs, &node, line, &junk) !=
		    CMD_SUCCESS || node != prev + 1) {
			buf_free(&junk);
			/* No such mode here: the context back, nothing run. */
			while (next_line(&ctx, &p, &n))
				if (n > 0 && *p != '!')
					buf_printf(newctx, "%s%.*s", newctx->len ?
					    "\n" : "", (int)n, p);
			buf_cstr(newctx);
			buf_cstr(prompt);
			return CMD_ERR_NO_MATCH;
		}
		snprintf(level[prev], sizeof(level[0]), "%s", line);
	}
	buf_free(&junk);
	while (next_line(&lines, &p, &n)) {
		if (n == 0)
			continue;
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		prev = node;
		st = run_line(vs, &node, line, out);
		if (node > prev)
			snprintf(level[prev], sizeof(level[0]), "%s", line);
	}
	for (i = 0; i < node; i++)
		buf_printf(newctx, "%s%s", i ? "\n" : "", level[i]);
	buf_cstr(newctx);
	buf_printf(prompt, "%s%s ", vs->hostname, suffix[node]);
	buf_cstr(prompt);
	return st;
}

/* '?' (describe) or TAB over the defs of the node context leads to. */
static int
help(struct vty_server *vs, const char *context, const char *line,
    struct buf *out, bool describe)
{
	struct buf	 junk = BUF_INIT;
	char		 copy[512], store[128], *w[8], *t[8];
	const char	*partial = "";
	unsigned	 n, i, j, k;
	size_t		 len = strlen(line);
	int		 node, count = 0;
	bool		 any = false;

	(void)run_lines(vs, context, &node, &junk);
	buf_free(&junk);
	snprintf(copy, sizeof(copy), "%s", line);
	n = split(copy, w, 8);
	if (n > 0 && len > 0 && !isspace((unsigned char)line[len - 1]))
		partial = w[--n];
	for (i = 0; i < NDEFS; i++) {
		if (!def_applies(&defs[i], node))
			continue;
		k = def_words(vs, &defs[i], store, sizeof(store), t);
		for (j = 0; j < n && j < k && word_ok(t[j], w[j], false); j++)
			;
		if (j < n)
			continue;
		any = true;
		if (n == k) {
			if (describe && *partial == '\0') {
				buf_printf(out, "<cr>\t\n");
				count++;
			}
			continue;
		}
		if (!word_ok(t[n], partial, true) ||
		    (!describe && is_var(t[n])))
			continue;
		if (describe) {
			const char *h = defs[i].help;

			for (j = 0; j < n && strchr(h, '\n'); j++)
				h = strchr(h, '\n') + 1;
			buf_printf(out, "%s\t%.*s\n", t[n],
			    (int)strcspn(h, "\n"), h);
		} else
			buf_printf(out, "%s\n", t[n]);
		count++;
	}
	return any ? count : -1;
}

int
vty_describe(struct vty_server *vs, const char *context, const char *line,
    struct buf *out)
{
	return help(vs, context, line, out, true);
}

int
vty_complete(struct vty_server *vs, const char *context, const char *line,
    struct buf *out)
{
	return help(vs, context, line, out, false);
}

/*
 * DOC: cli/0.1 served from a vty_server (see vty_xrl.h and xif/cli.xif).
 *
 * execute runs lines through vty_execute() as they are. execute_in adds
 * modes, for okapi-sh: the caller holds the mode as its context, the lines
 * that lead there from ENABLE ("configure terminal\nrouter ospf"), and
 * each call replays the context before its own lines. The context must
 * replay here, or the daemon does not have that mode and answers "unknown"
 * without running anything: that is how okapi-sh sends "neighbor ..." only
 * to the daemon that entered "router bgp".
 *
 * The resulting mode is found without help from the server: "end" and
 * "exit" are known, and a successful line in a configuration mode (or a
 * "configure" in ENABLE) entered a sub-mode when '?' on an empty line
 * lists other commands after it than before it. This costs two describes
 * per configuration line and stays exact for any node a daemon adds; a
 * server call returning the new node (vty_execute_in) would replace it.
 *
 * The handlers are written against the generic dispatcher rather than the
 * generated table, because their txt results (up to 8 MiB) are built in
 * local buffers that must be freed before returning; the signatures below
 * are checked against the generated ones by tests/integration/okapi_sh.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dispatch.h"
#include "router.h"
#include "vty.h"
#include "vty_xrl.h"
#include "xrl.h"

#define P(n, t)	{ n, XRL_TYPE_##t, XRL_TYPE_NONE }

static const struct xrl_param execute_in_sig[] = { P("command", TXT) };
static const struct xrl_param execute_out_sig[] = {
	P("output", TXT), P("status", U32),
};
static const struct xrl_param execute_in_in_sig[] = {
	P("context", TXT), P("command", TXT),
};
static const struct xrl_param execute_in_out_sig[] = {
	P("output", TXT), P("status", U32), P("new_context", TXT),
	P("prompt", TXT),
};
static const struct xrl_param ctx_line_sig[] = {
	P("context", TXT), P("line", TXT),
};
static const struct xrl_param describe_out_sig[] = {
	P("help", TXT), P("count", I32),
};
static const struct xrl_param complete_out_sig[] = {
	P("candidates", TXT), P("count", I32),
};

#undef P

/* One line of a '\n'-separated text: [p, p + len). */
struct line {
	const char	*p;
	size_t		 len;
};

static const char *
atom_txt(const struct xrl_atom *a)
{
	return a->v.bytes.p != NULL ? (const char *)a->v.bytes.p : "";
}

/* The next line of *s, trimmed; false at the end. */
static bool
line_next(const char **s, struct line *l)
{
	const char	*p = *s, *e;

	if (*p == '\0')
		return false;
	e = strchr(p, '\n');
	if (e == NULL)
		e = p + strlen(p);
	*s = *e == '\n' ? e + 1 : e;
	while (p < e && isspace((unsigned char)*p))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	l->p = p;
	l->len = (size_t)(e - p);
	return true;
}

/* Blank lines and comments run as nothing and never change the mode. */
static bool
line_empty(const struct line *l)
{
	return l->len == 0 || l->p[0] == '!' || l->p[0] == '#';
}

/* Whether the first word of l is an abbreviation of full (min chars). */
static bool
line_word_is(const struct line *l, const char *full, size_t min)
{
	size_t	 n = 0;

	while (n < l->len && !isspace((unsigned char)l->p[n]))
		n++;
	return n >= min && n <= strlen(full) && strncmp(l->p, full, n) == 0;
}

/* Context lines, trimmed, without blanks or comments, '\n'-joined. */
static void
ctx_normalize(const char *in, struct buf *out)
{
	struct line	 l;

	buf_reset(out);
	while (line_next(&in, &l)) {
		if (line_empty(&l))
			continue;
		if (out->len)
			buf_put_u8(out, '\n');
		buf_put_bytes(out, l.p, l.len);
	}
	buf_cstr(out);
}

static void
ctx_push(struct buf *ctx, const struct line *l)
{
	if (ctx->len)
		buf_put_u8(ctx, '\n');
	buf_put_bytes(ctx, l->p, l->len);
	buf_cstr(ctx);
}

static void
ctx_pop(struct buf *ctx)
{
	while (ctx->len > 0 && ctx->data[ctx->len - 1] != '\n')
		ctx->len--;
	if (ctx->len > 0)
		ctx->len--;
	buf_cstr(ctx);
}

static unsigned
ctx_depth(const struct buf *ctx)
{
	unsigned	 n = ctx->len ? 1 : 0;
	size_t		 i;

	for (i = 0; i < ctx->len; i++)
		if (ctx->data[i] == '\n')
			n++;
	return n;
}

static bool
status_ok(int st)
{
	return st == CMD_SUCCESS || st == CMD_CONTINUE;
}

/* Run the context alone; false when it does not lead to a mode here. */
static bool
ctx_replay(struct vty_server *vs, const struct buf *ctx, struct buf *out)
{
	buf_reset(out);
	if (ctx->len == 0)
		return true;
	return status_ok(vty_execute(vs, (const char *)ctx->data, out));
}

void
vty_xrl_mode_name(const char *line, char *dst, size_t len)
{
	static const struct {
		const char	*word;
		size_t		 min;
		const char	*mode;
	} modes[] = {
		{ "route-map", 6, "config-route-map" },
		{ "router", 1, "config-router" },
		{ "interface", 1, "config-if" },
		{ "line", 1, "config-line" },
		{ "address-family", 1, "config-router-af" },
		{ "vrf", 1, "config-vrf" },
		{ "key", 1, "config-keychain" },
	};
	struct line	 l;
	size_t		 i, n;
	const char	*s = line;

	if (!line_next(&s, &l)) {
		snprintf(dst, len, "config");
		return;
	}
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (line_word_is(&l, modes[i].word, modes[i].min)) {
			snprintf(dst, len, "%s", modes[i].mode);
			return;
		}
	for (n = 0; n < l.len && !isspace((unsigned char)l.p[n]); n++)
		;
	snprintf(dst, len, "config-%.*s", (int)n, l.p);
}

/* "host# ", "host(config)# ", "host(config-router)# " */
static void
ctx_prompt(struct vty_server *vs, const struct buf *ctx, struct buf *out)
{
	const char	*host = vty_server_hostname(vs);
	const char	*last;
	char		 mode[64];

	if (host == NULL || *host == '\0')
		host = "okapi";
	buf_reset(out);
	switch (ctx_depth(ctx)) {
	case 0:
		buf_printf(out, "%s# ", host);
		break;
	case 1:
		buf_printf(out, "%s(config)# ", host);
		break;
	default:
		last = memrchr(ctx->data, '\n', ctx->len);
		vty_xrl_mode_name(last + 1, mode, sizeof(mode));
		buf_printf(out, "%s(%s)# ", host, mode);
		break;
	}
	buf_cstr(out);
}

void
vty_xrl_truncate(struct buf *out, size_t max)
{
	static const char	 note[] = "%% Output truncated: more than %zu "
				    "MiB.\n";
	char			 last[80];
	size_t			 cut, n;

	if (out->len <= max)
		return;
	n = (size_t)snprintf(last, sizeof(last), note, max >> 20);
	cut = max > n ? max - n : 0;
	while (cut > 0 && out->data[cut - 1] != '\n')
		cut--;
	out->len = cut;
	buf_put_bytes(out, last, n);
}

/*
 * Whether line l, just run with success from ctx, entered a sub-mode: the
 * commands '?' lists there differ from those of the mode it ran in.
 * before caches the listing of ctx (valid while *have_before).
 */
static bool
entered_mode(struct vty_server *vs, const struct buf *ctx,
    const struct line *l, struct buf *before, bool *have_before)
{
	struct buf	 next = BUF_INIT, after = BUF_INIT;
	int		 n0, n1;
	bool		 entered;

	if (!*have_before) {
		buf_reset(before);
		n0 = vty_describe(vs, ctx->len ? (char *)ctx->data : "", "",
		    before);
		if (n0 < 0)
			buf_reset(before);
		*have_before = true;
	}
	buf_put_bytes(&next, ctx->data, ctx->len);
	ctx_push(&next, l);
	n1 = vty_describe(vs, buf_cstr(&next), "", &after);
	entered = n1 >= 0 && buf_ok(&after) && buf_ok(before) &&
	    (after.len != before->len ||
	    memcmp(after.data, before->data, after.len) != 0);
	buf_free(&next);
	buf_free(&after);
	return entered;
}

/* Apply line l's effect on the mode, after it ran with success. */
static bool
ctx_follow(struct vty_server *vs, struct buf *ctx, const struct line *l,
    struct buf *before, bool *have_before)
{
	if (line_word_is(l, "exit", 2) || line_word_is(l, "quit", 1)) {
		ctx_pop(ctx);
		return true;
	}
	if (line_word_is(l, "end", 2)) {
		buf_reset(ctx);
		buf_cstr(ctx);
		return true;
	}
	if (line_word_is(l, "do", 2))
		return false;
	/* In ENABLE only "configure" changes the mode: no describes for
	 * the "show" commands, which may be long to run. */
	if (ctx->len == 0 && !line_word_is(l, "configure", 1))
		return false;
	if (!entered_mode(vs, ctx, l, before, have_before))
		return false;
	ctx_push(ctx, l);
	return true;
}

static int
add_txt_buf(struct xrl_args *out, const char *name, struct buf *b)
{
	if (!buf_ok(b))
		return -1;
	return xrl_args_add_txt_len(out, name, b->len ? (char *)b->data : "",
	    b->len);
}

static void
cli_execute(const struct xrl_method *m, const void *impl, void *arg,
    const struct xrl_atom *const *bound, struct xrl_args *out,
    struct xrl_error *err)
{
	struct vty_server	*vs = arg;
	struct buf		 text = BUF_INIT;
	int			 st;

	st = vty_execute(vs, atom_txt(bound[0]), &text);
	vty_xrl_truncate(&text, VTY_XRL_OUTPUT_MAX);
	if (add_txt_buf(out, "output", &text) == -1 ||
	    xrl_args_add_u32(out, "status", (uint32_t)st) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "out of memory");
	buf_free(&text);
}

static void
cli_execute_in(const struct xrl_method *m, const void *impl, void *arg,
    const struct xrl_atom *const *bound, struct xrl_args *out,
    struct xrl_error *err)
{
	struct vty_server	*vs = arg;
	struct buf		 ctx = BUF_INIT, pre = BUF_INIT, run = BUF_INIT;
	struct buf		 text = BUF_INIT, res = BUF_INIT;
	struct buf		 before = BUF_INIT, prompt = BUF_INIT;
	struct line		 l;
	const char		*lines = atom_txt(bound[1]);
	int			 st = CMD_SUCCESS;
	bool			 pre_ok, have_before = false;

	ctx_normalize(atom_txt(bound[0]), &ctx);
	if (!ctx_replay(vs, &ctx, &pre)) {
		st = CMD_ERR_NO_MATCH;
		goto reply;
	}
	pre_ok = true;
	while (line_next(&lines, &l)) {
		if (line_empty(&l))
			continue;
		if (!pre_ok)
			(void)ctx_replay(vs, &ctx, &pre);
		buf_reset(&run);
		buf_put_bytes(&run, ctx.data, ctx.len);
		ctx_push(&run, &l);
		buf_reset(&text);
		st = vty_execute(vs, buf_cstr(&run), &text);
		/* The context's own output (normally none) was seen already. */
		if (text.len >= pre.len && buf_ok(&pre) &&
		    memcmp(text.data, pre.data, pre.len) == 0)
			buf_put_bytes(&res, text.data + pre.len,
			    text.len - pre.len);
		else
			buf_put_bytes(&res, text.data, text.len);
		if (status_ok(st) && ctx_follow(vs, &ctx, &l, &before,
		    &have_before)) {
			pre_ok = false;
			have_before = false;
		}
	}
 reply:
	ctx_prompt(vs, &ctx, &prompt);
	vty_xrl_truncate(&res, VTY_XRL_OUTPUT_MAX);
	if (!buf_ok(&ctx) || add_txt_buf(out, "output", &res) == -1 ||
	    xrl_args_add_u32(out, "status", (uint32_t)st) == -1 ||
	    add_txt_buf(out, "new_context", &ctx) == -1 ||
	    add_txt_buf(out, "prompt", &prompt) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "out of memory");
	buf_free(&ctx);
	buf_free(&pre);
	buf_free(&run);
	buf_free(&text);
	buf_free(&res);
	buf_free(&before);
	buf_free(&prompt);
}

/* describe and complete: the same shape, one server call apart. */
static void
cli_help(const struct xrl_atom *const *bound, struct xrl_args *out,
    struct xrl_error *err, struct vty_server *vs, bool describe)
{
	struct buf	 ctx = BUF_INIT, pre = BUF_INIT, text = BUF_INIT;
	int		 n = -1;

	ctx_normalize(atom_txt(bound[0]), &ctx);
	if (ctx_replay(vs, &ctx, &pre)) {
		const char *c = ctx.len ? (char *)ctx.data : "";

		n = describe ? vty_describe(vs, c, atom_txt(bound[1]), &text) :
		    vty_complete(vs, c, atom_txt(bound[1]), &text);
	}
	if (n < 0)
		buf_reset(&text);
	vty_xrl_truncate(&text, VTY_XRL_OUTPUT_MAX);
	if (add_txt_buf(out, describe ? "help" : "candidates", &text) == -1 ||
	    xrl_args_add_i32(out, "count", n < 0 ? -1 : n) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "out of memory");
	buf_free(&ctx);
	buf_free(&pre);
	buf_free(&text);
}

static void
cli_describe(const struct xrl_method *m, const void *impl, void *arg,
    const struct xrl_atom *const *bound, struct xrl_args *out,
    struct xrl_error *err)
{
	cli_help(bound, out, err, arg, true);
}

static void
cli_complete(const struct xrl_method *m, const void *impl, void *arg,
    const struct xrl_atom *const *bound, struct xrl_args *out,
    struct xrl_error *err)
{
	cli_help(bound, out, err, arg, false);
}

#define N(a)	(uint32_t)(sizeof(a) / sizeof((a)[0]))

static const struct xrl_method cli_methods[] = {
	{ "cli/0.1/execute", cli_execute, execute_in_sig, N(execute_in_sig),
	    execute_out_sig, N(execute_out_sig) },
	{ "cli/0.1/execute_in", cli_execute_in, execute_in_in_sig,
	    N(execute_in_in_sig), execute_in_out_sig,
	    N(execute_in_out_sig) },
	{ "cli/0.1/describe", cli_describe, ctx_line_sig, N(ctx_line_sig),
	    describe_out_sig, N(describe_out_sig) },
	{ "cli/0.1/complete", cli_complete, ctx_line_sig, N(ctx_line_sig),
	    complete_out_sig, N(complete_out_sig) },
};

const struct xrl_method *
vty_xrl_methods(unsigned *n)
{
	*n = N(cli_methods);
	return cli_methods;
}

int
vty_xrl_register_dispatch(struct vty_server *vs, struct xrl_dispatch *d)
{
	return xrl_dispatch_add_all(d, cli_methods, N(cli_methods), NULL, vs);
}

int
vty_xrl_register(struct vty_server *vs, struct xrl_target *t)
{
	return vty_xrl_register_dispatch(vs, xrl_target_dispatch(t));
}

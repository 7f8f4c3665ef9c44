/*
 * DOC: cli/0.1 served from a vty_server (see vty_xrl.h and xif/cli.xif).
 *
 * execute runs lines through vty_execute() as they are. execute_in adds
 * modes, for okapi-sh: the caller holds the mode as its context, the lines
 * that lead there from ENABLE ("configure terminal\nrouter ospf"), and
 * vty_execute_in() replays it in a fresh session before the call's own
 * lines. The context must replay here, or the daemon does not have that
 * mode and answers "unknown" without running anything: that is how
 * okapi-sh sends "neighbor ..." only to the daemon that entered "router
 * bgp". The new context and the prompt come from the session itself (the
 * lines it recorded for each level it went through, and its node's
 * prompt), so they are exact for any node a daemon adds.
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

static const char *
atom_txt(const struct xrl_atom *a)
{
	return a->v.bytes.p != NULL ? (const char *)a->v.bytes.p : "";
}

/* The first word of a line, and whether it abbreviates full (min chars). */
static bool
word_is(const char *p, size_t len, const char *full, size_t min)
{
	size_t	 n = 0;

	while (n < len && !isspace((unsigned char)p[n]))
		n++;
	return n >= min && n <= strlen(full) && strncmp(p, full, n) == 0;
}

/*
 * Kept for tools that name a mode from the line that entered it, as
 * FRRouting's prompts do; execute_in itself now takes the prompt from the
 * session.
 */
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
	const char	*p = line;
	size_t		 i, n;

	while (isspace((unsigned char)*p))
		p++;
	n = strcspn(p, "\n");
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	if (n == 0) {
		snprintf(dst, len, "config");
		return;
	}
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (word_is(p, n, modes[i].word, modes[i].min)) {
			snprintf(dst, len, "%s", modes[i].mode);
			return;
		}
	for (i = 0; i < n && !isspace((unsigned char)p[i]); i++)
		;
	snprintf(dst, len, "config-%.*s", (int)i, p);
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
	struct buf		 text = BUF_INIT, ctx = BUF_INIT;
	struct buf		 prompt = BUF_INIT;
	int			 st;

	st = vty_execute_in(vs, atom_txt(bound[0]), atom_txt(bound[1]), &text,
	    &ctx, &prompt);
	vty_xrl_truncate(&text, VTY_XRL_OUTPUT_MAX);
	if (add_txt_buf(out, "output", &text) == -1 ||
	    xrl_args_add_u32(out, "status", (uint32_t)st) == -1 ||
	    add_txt_buf(out, "new_context", &ctx) == -1 ||
	    add_txt_buf(out, "prompt", &prompt) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "out of memory");
	buf_free(&text);
	buf_free(&ctx);
	buf_free(&prompt);
}

/* describe and complete: the same shape, one server call apart. */
static void
cli_help(const struct xrl_atom *const *bound, struct xrl_args *out,
    struct xrl_error *err, struct vty_server *vs, bool describe)
{
	struct buf	 ctx = BUF_INIT, pre = BUF_INIT, text = BUF_INIT;
	struct buf	 prompt = BUF_INIT;
	const char	*c = atom_txt(bound[0]);
	int		 n = -1;

	/* A context that does not replay here: no help from this daemon. */
	if (vty_execute_in(vs, c, "", &pre, &ctx, &prompt) !=
	    CMD_ERR_NO_MATCH)
		n = describe ? vty_describe(vs, c, atom_txt(bound[1]), &text) :
		    vty_complete(vs, c, atom_txt(bound[1]), &text);
	if (n < 0)
		buf_reset(&text);
	vty_xrl_truncate(&text, VTY_XRL_OUTPUT_MAX);
	if (add_txt_buf(out, describe ? "help" : "candidates", &text) == -1 ||
	    xrl_args_add_i32(out, "count", n < 0 ? -1 : n) == -1)
		xrl_error_set(err, XRL_COMMAND_FAILED, "out of memory");
	buf_free(&ctx);
	buf_free(&pre);
	buf_free(&text);
	buf_free(&prompt);
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

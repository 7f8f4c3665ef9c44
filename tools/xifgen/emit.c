/*
 * DOC: C code generation (spec xrl.md §9, okapi mapping). For each
 * interface defined in the input file itself (not in one it includes, so
 * that no two generated files define the same symbols), with prefix
 * xrl_<iface>_v<major>p<minor>:
 *
 *   server  struct <prefix> (one handler pointer per method), an
 *           <prefix>_<method>_out struct per method with results, the
 *           xrl_method table <prefix>_methods[] whose rows point at static
 *           wrappers (typed arguments in, results appended to the reply by
 *           name in .xif order), and <prefix>_register().
 *   client  <prefix>_<method>_cb and <prefix>_send_<method>(), whose static
 *           unmarshaller checks the reply against the method's output
 *           signature and hands typed pointers to the callback.
 *
 * The header declares both; the server side goes to <base>_xif.c and the
 * client side to <base>_xif_client.c.
 *
 * The dispatcher checks arguments against the tables before a wrapper
 * runs, so the wrappers read bound atoms without checking their types.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xifgen.h"

/* How an XRL type is passed in C; see the DOC of the generated header. */
enum ckind {
	CK_SCALAR,		/* by value in and out */
	CK_REF,			/* const pointer in, by value out */
	CK_TXT,
	CK_BIN,
	CK_LIST,
};

struct ctype {
	enum ckind	 kind;
	const char	*xrl;		/* enum xrl_type constant */
	const char	*in;		/* argument type, ends in ' ' or '*' */
	const char	*field;		/* _out struct field type */
	const char	*ret;		/* callback argument type */
	const char	*member;	/* struct xrl_atom union member */
	const char	*add;		/* xrl_args_add_<add> */
};

static const struct ctype ctypes[XG_TYPE_MAX] = {
	[XG_I32] = { CK_SCALAR, "XRL_TYPE_I32", "int32_t ", "int32_t ",
	    "const int32_t *", "i32", "i32" },
	[XG_U32] = { CK_SCALAR, "XRL_TYPE_U32", "uint32_t ", "uint32_t ",
	    "const uint32_t *", "u32", "u32" },
	[XG_I64] = { CK_SCALAR, "XRL_TYPE_I64", "int64_t ", "int64_t ",
	    "const int64_t *", "i64", "i64" },
	[XG_U64] = { CK_SCALAR, "XRL_TYPE_U64", "uint64_t ", "uint64_t ",
	    "const uint64_t *", "u64", "u64" },
	[XG_BOOL] = { CK_SCALAR, "XRL_TYPE_BOOL", "bool ", "bool ",
	    "const bool *", "boolean", "bool" },
	[XG_FP64] = { CK_SCALAR, "XRL_TYPE_FP64", "double ", "double ",
	    "const double *", "fp64", "fp64" },
	[XG_IPV4] = { CK_REF, "XRL_TYPE_IPV4", "const struct in_addr *",
	    "struct in_addr ", "const struct in_addr *", "ipv4", "ipv4" },
	[XG_IPV4NET] = { CK_REF, "XRL_TYPE_IPV4NET", "const struct prefix4 *",
	    "struct prefix4 ", "const struct prefix4 *", "ipv4net", "ipv4net" },
	[XG_IPV6] = { CK_REF, "XRL_TYPE_IPV6", "const struct in6_addr *",
	    "struct in6_addr ", "const struct in6_addr *", "ipv6", "ipv6" },
	[XG_IPV6NET] = { CK_REF, "XRL_TYPE_IPV6NET", "const struct prefix6 *",
	    "struct prefix6 ", "const struct prefix6 *", "ipv6net", "ipv6net" },
	[XG_MAC] = { CK_REF, "XRL_TYPE_MAC", "const struct mac *",
	    "struct mac ", "const struct mac *", "mac", "mac" },
	[XG_TXT] = { CK_TXT, "XRL_TYPE_TXT", "const char *", "const char *",
	    "const char *", "bytes", "txt" },
	[XG_BINARY] = { CK_BIN, "XRL_TYPE_BINARY", "const struct xrl_bytes *",
	    "struct xrl_bytes ", "const struct xrl_bytes *", "bytes",
	    "binary" },
	[XG_LIST] = { CK_LIST, "XRL_TYPE_LIST", "const struct xrl_args *",
	    "struct xrl_args *", "const struct xrl_args *", "list", "list" },
};

/*
 * Names that would clash with C keywords (method and argument names) or
 * with the fixed parameters and locals of the generated functions
 * (argument names) get a trailing '_'.
 */
static const char *const keywords[] = {
	"auto", "break", "case", "char", "const", "continue", "default",
	"do", "double", "else", "enum", "extern", "float", "for", "goto",
	"if", "inline", "int", "long", "register", "restrict", "return",
	"short", "signed", "sizeof", "static", "struct", "switch", "typedef",
	"union", "unsigned", "void", "volatile", "while", "bool", "true",
	"false", "asm", "typeof", "errno", "assert", NULL
};
static const char *const generated[] = {
	"r", "target", "cb", "arg", "ctx", "err", "out", "xa", "rc", NULL
};

/* Output with line wrapping for long parameter lists. */
struct gen {
	FILE		*f;
	const char	*path;
	int		 col;
};

static void __attribute__((format(printf, 2, 3)))
g_printf(struct gen *g, const char *fmt, ...)
{
	char	 buf[1024];
	va_list	 ap;
	int	 n, i;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		xg_fatal(g->path, 0, "generated line too long");
	fputs(buf, g->f);
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n')
			g->col = 0;
		else if (buf[i] == '\t')
			g->col = (g->col / 8 + 1) * 8;
		else
			g->col++;
	}
}

/*
 * One item of a comma-separated list. first: no separator before it;
 * indent: continuation-line indentation (tabs then four spaces, as
 * style(9) continues a line). The last item carries its closing text.
 */
static void
g_item(struct gen *g, bool first, const char *indent, const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!first)
		g_printf(g, ",");
	if (!first && g->col + 1 + (int)strlen(buf) > 79)
		g_printf(g, "\n%s", indent);
	else if (!first)
		g_printf(g, " ");
	g_printf(g, "%s", buf);
}

static bool
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* '-' and '/' become '_'; a clash with a listed name gets a '_'. */
static char *
mangle(const char *s, const char *const *list1, const char *const *list2)
{
	char	*p = xg_strdup(s), *q;

	for (q = p; *q != '\0'; q++)
		if (*q == '-' || *q == '/')
			*q = '_';
	if ((list1 != NULL && in_list(p, list1)) ||
	    (list2 != NULL && in_list(p, list2))) {
		q = xg_alloc(strlen(p) + 2);
		sprintf(q, "%s_", p);
		free(p);
		p = q;
	}
	return p;
}

/* A method's C name: '-' and '/' become '_', keywords get a '_'. */
static char *
cname(const char *s)
{
	return mangle(s, keywords, NULL);
}

/* An argument's C name: also clear of the generated names. */
static char *
cparam(const char *s)
{
	return mangle(s, keywords, generated);
}

static char *
prefix_of(const struct xg_iface *ifc)
{
	char	*n = mangle(ifc->name, NULL, NULL);
	size_t	 len = strlen(n) + strlen(ifc->major) + strlen(ifc->minor) + 8;
	char	*p = xg_alloc(len);

	snprintf(p, len, "xrl_%s_v%sp%s", n, ifc->major, ifc->minor);
	free(n);
	return p;
}

static char *
upper(const char *s)
{
	char	*p = xg_strdup(s), *q;

	for (q = p; *q != '\0'; q++)
		*q = isalnum((unsigned char)*q) ? toupper((unsigned char)*q) :
		    '_';
	return p;
}

static void
check_cparams(const struct xg_method *m, const struct xg_param *ps,
    size_t n)
{
	char	**all = xg_alloc((n + 1) * sizeof(*all));
	size_t	 j, k;

	for (j = 0; j < n; j++)
		all[j] = cparam(ps[j].name);
	for (j = 0; j < n; j++)
		for (k = 0; k < j; k++)
			if (strcmp(all[j], all[k]) == 0)
				xg_fatal(m->file, m->lineno, "method %s: two "
				    "arguments have the C name '%s'", m->name,
				    all[j]);
	for (j = 0; j < n; j++)
		free(all[j]);
	free(all);
}

/* Method and argument names must stay distinct once made into C names. */
static void
check_cnames(const struct xg_iface *ifc)
{
	const struct xg_method	*m;
	size_t			 i, j;

	for (i = 0; i < ifc->nmethods; i++)
		for (j = 0; j < i; j++) {
			char	*a = cname(ifc->methods[i].name);
			char	*b = cname(ifc->methods[j].name);

			if (strcmp(a, b) == 0)
				xg_fatal(ifc->methods[i].file,
				    ifc->methods[i].lineno, "methods '%s' and "
				    "'%s' have the same C name", ifc->methods[i].name,
				    ifc->methods[j].name);
			free(a);
			free(b);
		}
	for (i = 0; i < ifc->nmethods; i++) {
		m = &ifc->methods[i];
		check_cparams(m, m->in, m->nin);
		check_cparams(m, m->out, m->nout);
	}
}

/* ------------------------------------------------------------------ */
/* Header */

static void
emit_h_iface(struct gen *g, const struct xg_iface *ifc)
{
	char			*P = prefix_of(ifc), *UP = upper(P);
	const struct xg_method	*m;
	const struct xg_param	*p;
	size_t			 i, j;
	char			*mc, *pc;

	g_printf(g, "/*\n * %s/%s.%s, server side. Handlers receive the "
	    "inputs in .xif order and\n * fill *out; leaving err OKAY "
	    "sends the results. txt results are copied\n * after the "
	    "handler returns (NULL means \"\"); list results are appended "
	    "to\n * the empty list the wrapper points them at. A NULL "
	    "handler answers\n * COMMAND_FAILED \"not implemented\".\n */\n",
	    ifc->name, ifc->major, ifc->minor);
	for (i = 0; i < ifc->nmethods; i++) {
		m = &ifc->methods[i];
		if (m->nout == 0)
			continue;
		mc = cname(m->name);
		g_printf(g, "struct %s_%s_out {\n", P, mc);
		for (j = 0; j < m->nout; j++) {
			p = &m->out[j];
			pc = cparam(p->name);
			g_printf(g, "\t%s%s;\n", ctypes[p->type].field, pc);
			free(pc);
		}
		g_printf(g, "};\n\n");
		free(mc);
	}

	g_printf(g, "struct %s {\n", P);
	for (i = 0; i < ifc->nmethods; i++) {
		m = &ifc->methods[i];
		mc = cname(m->name);
		g_printf(g, "\tvoid\t(*%s)(", mc);
		g_item(g, true, "\t\t    ", "void *ctx");
		g_item(g, false, "\t\t    ", "struct xrl_error *err%s",
		    m->nin == 0 && m->nout == 0 ? ");\n" : "");
		for (j = 0; j < m->nin; j++) {
			p = &m->in[j];
			pc = cparam(p->name);
			g_item(g, false, "\t\t    ", "%s%s%s",
			    ctypes[p->type].in, pc,
			    j + 1 == m->nin && m->nout == 0 ? ");\n" : "");
			free(pc);
		}
		if (m->nout > 0)
			g_item(g, false, "\t\t    ", "struct %s_%s_out *out);\n",
			    P, mc);
		free(mc);
	}
	g_printf(g, "};\n\n");
	g_printf(g, "#define %s_NMETHODS\t%zu\n", UP, ifc->nmethods);
	g_printf(g, "extern const struct xrl_method %s_methods[%s_NMETHODS];"
	    "\n", P, UP);
	g_printf(g, "/* Adds every method to d: xrl_dispatch_add_all(). */\n");
	g_printf(g, "int\t %s_register(struct xrl_dispatch *d,\n"
	    "\t    const struct %s *impl, void *ctx);\n\n", P, P);

	g_printf(g, "/*\n * %s/%s.%s, client side. send_* returns 0 when "
	    "the call is queued (cb then\n * runs exactly once, from the "
	    "event loop) or -1. The callback's result\n * pointers are NULL "
	    "unless err->code is XRL_OKAY and only valid during\n * the "
	    "call. cb may be NULL.\n */\n", ifc->name, ifc->major,
	    ifc->minor);
	for (i = 0; i < ifc->nmethods; i++) {
		m = &ifc->methods[i];
		mc = cname(m->name);
		g_printf(g, "typedef void (*%s_%s_cb)(", P, mc);
		g_item(g, true, "    ", "const struct xrl_error *err");
		for (j = 0; j < m->nout; j++) {
			p = &m->out[j];
			pc = cparam(p->name);
			g_item(g, false, "    ", "%s%s", ctypes[p->type].ret, pc);
			free(pc);
		}
		g_item(g, false, "    ", "void *arg);\n");
		g_printf(g, "int\t %s_send_%s(", P, mc);
		g_item(g, true, "\t    ", "struct xrl_router *r");
		g_item(g, false, "\t    ", "const char *target");
		for (j = 0; j < m->nin; j++) {
			p = &m->in[j];
			pc = cparam(p->name);
			g_item(g, false, "\t    ", "%s%s", ctypes[p->type].in, pc);
			free(pc);
		}
		g_item(g, false, "\t    ", "%s_%s_cb cb", P, mc);
		g_item(g, false, "\t    ", "void *arg);\n");
		free(mc);
	}
	g_printf(g, "\n");
	free(UP);
	free(P);
}

static void
emit_h(struct gen *g, const struct xg_spec *spec, const char *base,
    const char *srcname)
{
	char	*guard = upper(base);
	size_t	 i;

	g_printf(g, "/*\n * DOC: generated by xifgen from %s; do not edit. "
	    "Typed XRL client stubs\n * and server dispatch tables for:",
	    srcname);
	for (i = 0; i < spec->nifaces; i++)
		if (spec->ifaces[i].main)
			g_printf(g, " %s/%s.%s", spec->ifaces[i].name,
			    spec->ifaces[i].major, spec->ifaces[i].minor);
	g_printf(g, ".\n */\n");
	g_printf(g, "#ifndef OKAPI_GEN_%s_XIF_H\n#define OKAPI_GEN_%s_XIF_H\n\n",
	    guard, guard);
	g_printf(g, "#include <stdbool.h>\n#include <stdint.h>\n\n");
	g_printf(g, "#include \"dispatch.h\"\n#include \"router.h\"\n"
	    "#include \"xrl.h\"\n\n");
	for (i = 0; i < spec->nifaces; i++)
		if (spec->ifaces[i].main)
			emit_h_iface(g, &spec->ifaces[i]);
	g_printf(g, "#endif\n");
	free(guard);
}

/* ------------------------------------------------------------------ */
/* Source */

static const char helpers[] =
"/* txt atoms are NUL-terminated past their length; an empty one may have\n"
" * no buffer at all. */\n"
"static __attribute__((unused)) const char *\n"
"xg_txt(const struct xrl_atom *a)\n"
"{\n"
"\treturn a->v.bytes.p != NULL ? (const char *)a->v.bytes.p : \"\";\n"
"}\n"
"\n"
"static __attribute__((unused)) const struct xrl_args *\n"
"xg_list(const struct xrl_atom *a)\n"
"{\n"
"\tstatic const struct xrl_args empty = XRL_ARGS_INIT;\n"
"\n"
"\treturn a->v.list != NULL ? a->v.list : &empty;\n"
"}\n"
"\n"
"static __attribute__((unused)) int\n"
"xg_add_list(struct xrl_args *xa, const char *name,\n"
"    const struct xrl_args *items)\n"
"{\n"
"\tstruct xrl_args\t*l;\n"
"\n"
"\tif ((l = xrl_args_add_list(xa, name)) == NULL)\n"
"\t\treturn -1;\n"
"\tif (items == NULL || items->count == 0)\n"
"\t\treturn 0;\n"
"\treturn xrl_args_copy(l, items) == 0 ? 0 : -1;\n"
"}\n"
"\n"
"/* A list result: the items the handler appended to the list the wrapper\n"
" * lent it are moved, not copied; a list of the handler's own is copied. */\n"
"static __attribute__((unused)) int\n"
"xg_put_list(struct xrl_args *out, const char *name,\n"
"    const struct xrl_args *items, struct xrl_args *lent)\n"
"{\n"
"\tstruct xrl_args\t*l;\n"
"\n"
"\tif (items != lent)\n"
"\t\treturn xg_add_list(out, name, items);\n"
"\tif ((l = xrl_args_add_list(out, name)) == NULL)\n"
"\t\treturn -1;\n"
"\txrl_args_clear(l);\n"
"\t*l = *lent;\n"
"\txrl_args_init(lent);\n"
"\treturn 0;\n"
"}\n"
"\n";

/* The expression for a bound atom as a typed value. */
static void
value_of(char *buf, size_t len, const char *atom, enum xg_type type,
    bool pointer)
{
	const struct ctype	*ct = &ctypes[type];

	switch (ct->kind) {
	case CK_SCALAR:
	case CK_REF:
		snprintf(buf, len, "%s%s->v.%s",
		    pointer || ct->kind == CK_REF ? "&" : "", atom, ct->member);
		break;
	case CK_TXT:
		snprintf(buf, len, "xg_txt(%s)", atom);
		break;
	case CK_BIN:
		snprintf(buf, len, "&%s->v.bytes", atom);
		break;
	case CK_LIST:
		snprintf(buf, len, "xg_list(%s)", atom);
		break;
	}
}

static void
emit_sig(struct gen *g, const char *P, const char *mc, const char *which,
    const struct xg_param *ps, size_t n)
{
	size_t	 i;

	if (n == 0)
		return;
	g_printf(g, "static const struct xrl_param %s_%s_%ssig[] = {\n",
	    P, mc, which);
	for (i = 0; i < n; i++)
		g_printf(g, "\t{ \"%s\", %s, %s },\n", ps[i].name,
		    ctypes[ps[i].type].xrl, ps[i].type == XG_LIST ?
		    ctypes[ps[i].member].xrl : "XRL_TYPE_NONE");
	g_printf(g, "};\n");
}

static void
emit_wrapper(struct gen *g, const char *P, const struct xg_method *m)
{
	char			*mc = cname(m->name), *pc;
	const struct xg_param	*p;
	char			 val[128];
	size_t			 i, nlists = 0;

	g_printf(g, "static void\n%s_%s_call(const struct xrl_method *m, "
	    "const void *impl,\n    void *ctx, const struct xrl_atom *const "
	    "*bound, struct xrl_args *out,\n    struct xrl_error *err)\n{\n",
	    P, mc);
	g_printf(g, "\tconst struct %s\t*t = impl;\n", P);
	if (m->nout > 0)
		g_printf(g, "\tstruct %s_%s_out\t o;\n", P, mc);
	for (i = 0; i < m->nout; i++)
		if (m->out[i].type == XG_LIST)
			g_printf(g, "\tstruct xrl_args\t l%zu = XRL_ARGS_INIT;\n",
			    nlists++);
	g_printf(g, "\n\tif (t == NULL || t->%s == NULL) {\n"
	    "\t\txrl_error_set(err, XRL_COMMAND_FAILED, \"not implemented\");"
	    "\n\t\treturn;\n\t}\n", mc);
	if (m->nout > 0)
		g_printf(g, "\tmemset(&o, 0, sizeof(o));\n");
	for (i = 0, nlists = 0; i < m->nout; i++)
		if (m->out[i].type == XG_LIST) {
			pc = cparam(m->out[i].name);
			g_printf(g, "\to.%s = &l%zu;\n", pc, nlists++);
			free(pc);
		}
	g_printf(g, "\tt->%s(", mc);
	g_item(g, true, "\t    ", "ctx");
	g_item(g, false, "\t    ", "err");
	for (i = 0; i < m->nin; i++) {
		char	 atom[32];

		snprintf(atom, sizeof(atom), "bound[%zu]", i);
		value_of(val, sizeof(val), atom, m->in[i].type, false);
		g_item(g, false, "\t    ", "%s", val);
	}
	if (m->nout > 0)
		g_item(g, false, "\t    ", "&o");
	g_printf(g, ");\n");
	if (m->nout > 0) {
		g_printf(g, "\tif (err->code == XRL_OKAY && (");
		for (i = 0, nlists = 0; i < m->nout; i++) {
			p = &m->out[i];
			pc = cparam(p->name);
			g_printf(g, "%s", i > 0 ? " ||\n\t    " : "\n\t    ");
			switch (ctypes[p->type].kind) {
			case CK_SCALAR:
				g_printf(g, "xrl_args_add_%s(out, \"%s\", o.%s)",
				    ctypes[p->type].add, p->name, pc);
				break;
			case CK_REF:
				g_printf(g, "xrl_args_add_%s(out, \"%s\", &o.%s)",
				    ctypes[p->type].add, p->name, pc);
				break;
			case CK_TXT:
				g_printf(g, "xrl_args_add_txt(out, \"%s\",\n\t    "
				    "o.%s != NULL ? o.%s : \"\")", p->name, pc,
				    pc);
				break;
			case CK_BIN:
				g_printf(g, "xrl_args_add_binary(out, \"%s\", "
				    "o.%s.p, o.%s.len)", p->name, pc, pc);
				break;
			case CK_LIST:
				g_printf(g, "xg_put_list(out, \"%s\", o.%s, &l%zu)",
				    p->name, pc, nlists++);
				break;
			}
			g_printf(g, " == -1");
			free(pc);
		}
		g_printf(g, "))\n\t\txrl_error_set(err, XRL_INTERNAL_ERROR, "
		    "\"out of memory\");\n");
	}
	for (i = 0; i < nlists; i++)
		g_printf(g, "\txrl_args_clear(&l%zu);\n", i);
	g_printf(g, "}\n\n");
	free(mc);
}

static void
emit_client(struct gen *g, const char *P, const struct xg_iface *ifc,
    const struct xg_method *m)
{
	char			*mc = cname(m->name), *pc;
	const struct xg_param	*p;
	char			 val[128], atom[32];
	size_t			 i;

	/* The unmarshaller. */
	g_printf(g, "static void\n%s_%s_reply(const struct xrl_error *err,\n"
	    "    const struct xrl_args *reply, xrl_fnptr ucb, void *arg)\n{\n",
	    P, mc);
	g_printf(g, "\t%s_%s_cb\t cb = (%s_%s_cb)ucb;\n", P, mc, P, mc);
	g_printf(g, "\tconst struct xrl_atom\t*b[%zu];\n",
	    m->nout > 0 ? m->nout : 1);
	g_printf(g, "\tstruct xrl_error\t e2;\n\n");
	g_printf(g, "\tif (cb == NULL)\n\t\treturn;\n");
	g_printf(g, "\tif (err->code != XRL_OKAY) {\n\t\tcb(err");
	for (i = 0; i < m->nout; i++)
		g_printf(g, ", NULL");
	g_printf(g, ", arg);\n\t\treturn;\n\t}\n");
	g_printf(g, "\te2.code = XRL_BAD_ARGS;\n\te2.note[0] = '\\0';\n");
	if (m->nout > 0)
		g_printf(g, "\tif (xrl_args_bind(reply, %s_%s_outsig, %zu, b, "
		    "&e2) != 0) {\n", P, mc, m->nout);
	else
		g_printf(g, "\tif (xrl_args_bind(reply, NULL, 0, b, &e2) != 0) "
		    "{\n");
	g_printf(g, "\t\tcb(&e2");
	for (i = 0; i < m->nout; i++)
		g_printf(g, ", NULL");
	g_printf(g, ", arg);\n\t\treturn;\n\t}\n");
	g_printf(g, "\tcb(");
	g_item(g, true, "\t    ", "err");
	for (i = 0; i < m->nout; i++) {
		snprintf(atom, sizeof(atom), "b[%zu]", i);
		value_of(val, sizeof(val), atom, m->out[i].type, true);
		g_item(g, false, "\t    ", "%s", val);
	}
	g_item(g, false, "\t    ", "arg);\n}\n\n");

	/* The stub. */
	g_printf(g, "int\n%s_send_%s(", P, mc);
	g_item(g, true, "    ", "struct xrl_router *r");
	g_item(g, false, "    ", "const char *target");
	for (i = 0; i < m->nin; i++) {
		p = &m->in[i];
		pc = cparam(p->name);
		g_item(g, false, "    ", "%s%s", ctypes[p->type].in, pc);
		free(pc);
	}
	g_item(g, false, "    ", "%s_%s_cb cb", P, mc);
	g_item(g, false, "    ", "void *arg)\n{\n");
	g_printf(g, "\tstruct xrl_args\t xa = XRL_ARGS_INIT;\n"
	    "\tint\t\t rc = -1;\n\n");
	if (m->nin > 0) {
		g_printf(g, "\tif (");
		for (i = 0; i < m->nin; i++) {
			p = &m->in[i];
			pc = cparam(p->name);
			if (i > 0)
				g_printf(g, " ||\n\t    ");
			switch (ctypes[p->type].kind) {
			case CK_SCALAR:
			case CK_REF:
				g_printf(g, "xrl_args_add_%s(&xa, \"%s\", %s)",
				    ctypes[p->type].add, p->name, pc);
				break;
			case CK_TXT:
				g_printf(g, "xrl_args_add_txt(&xa, \"%s\",\n\t    "
				    "%s != NULL ? %s : \"\")", p->name, pc, pc);
				break;
			case CK_BIN:
				g_printf(g, "xrl_args_add_binary(&xa, \"%s\",\n"
				    "\t    %s != NULL ? %s->p : NULL,\n"
				    "\t    %s != NULL ? %s->len : 0)", p->name,
				    pc, pc, pc, pc);
				break;
			case CK_LIST:
				g_printf(g, "xg_add_list(&xa, \"%s\", %s)",
				    p->name, pc);
				break;
			}
			g_printf(g, " == -1");
			free(pc);
		}
		g_printf(g, ")\n\t\tgoto done;\n");
	}
	g_printf(g, "\trc = xrl_router_send(r, target, \"%s/%s.%s/%s\", &xa,\n"
	    "\t    %s_%s_reply, (xrl_fnptr)cb, arg);\n", ifc->name, ifc->major,
	    ifc->minor, m->name, P, mc);
	if (m->nin > 0)
		g_printf(g, "done:\n");
	g_printf(g, "\txrl_args_clear(&xa);\n\treturn rc;\n}\n\n");
	free(mc);
}

static void
emit_c_iface(struct gen *g, const struct xg_iface *ifc)
{
	char			*P = prefix_of(ifc), *UP = upper(P), *mc;
	const struct xg_method	*m;
	size_t			 i;

	g_printf(g, "/* %s/%s.%s */\n\n", ifc->name, ifc->major, ifc->minor);
	for (i = 0; i < ifc->nmethods; i++) {
		m = &ifc->methods[i];
		mc = cname(m->name);
		emit_sig(g, P, mc, "in", m->in, m->nin);
		emit_sig(g, P, mc, "out", m->out, m->nout);
		free(mc);
	}
	g_printf(g, "\n");
	for (i = 0; i < ifc->nmethods; i++)
		emit_wrapper(g, P, &ifc->methods[i]);

	g_printf(g, "const struct xrl_method %s_methods[%s_NMETHODS] = {\n",
	    P, UP);
	for (i = 0; i < ifc->nmethods; i++) {
		m = &ifc->methods[i];
		mc = cname(m->name);
		g_printf(g, "\t{\n\t\t.name = \"%s/%s.%s/%s\",\n"
		    "\t\t.fn = %s_%s_call,\n", ifc->name, ifc->major,
		    ifc->minor, m->name, P, mc);
		if (m->nin > 0)
			g_printf(g, "\t\t.in = %s_%s_insig,\n\t\t.nin = %zu,\n",
			    P, mc, m->nin);
		if (m->nout > 0)
			g_printf(g, "\t\t.out = %s_%s_outsig,\n"
			    "\t\t.nout = %zu,\n", P, mc, m->nout);
		g_printf(g, "\t},\n");
		free(mc);
	}
	g_printf(g, "};\n\n");
	g_printf(g, "int\n%s_register(struct xrl_dispatch *d,\n"
	    "    const struct %s *impl, void *ctx)\n{\n"
	    "\treturn xrl_dispatch_add_all(d, %s_methods,\n"
	    "\t    %s_NMETHODS, impl, ctx);\n}\n\n", P, P, P, UP);

	free(UP);
	free(P);
}

static void
emit_client_iface(struct gen *g, const struct xg_iface *ifc)
{
	char			*P = prefix_of(ifc), *mc;
	const struct xg_method	*m;
	size_t			 i;

	g_printf(g, "/* %s/%s.%s */\n\n", ifc->name, ifc->major, ifc->minor);
	for (i = 0; i < ifc->nmethods; i++) {
		m = &ifc->methods[i];
		if (m->nout == 0)
			continue;
		mc = cname(m->name);
		emit_sig(g, P, mc, "out", m->out, m->nout);
		free(mc);
	}
	g_printf(g, "\n");
	for (i = 0; i < ifc->nmethods; i++)
		emit_client(g, P, ifc, &ifc->methods[i]);
	free(P);
}

static void
emit_c_file(struct gen *g, const struct xg_spec *spec, const char *base,
    const char *srcname, bool client)
{
	size_t	 i;

	g_printf(g, "/*\n * DOC: generated by xifgen from %s; do not edit. "
	    "The %s side;\n * see %s_xif.h.\n */\n", srcname,
	    client ? "client" : "server", base);
	g_printf(g, "#include <stddef.h>\n#include <string.h>\n\n"
	    "#include \"%s_xif.h\"\n\n", base);
	fputs(helpers, g->f);
	for (i = 0; i < spec->nifaces; i++) {
		if (!spec->ifaces[i].main)
			continue;
		if (client)
			emit_client_iface(g, &spec->ifaces[i]);
		else
			emit_c_iface(g, &spec->ifaces[i]);
	}
}

static void
write_file(const char *path, const struct xg_spec *spec, const char *base,
    const char *srcname, int which)
{
	struct gen	 g;

	memset(&g, 0, sizeof(g));
	g.path = path;
	if ((g.f = fopen(path, "w")) == NULL)
		xg_fatal(path, 0, "%s", strerror(errno));
	if (which == 0)
		emit_h(&g, spec, base, srcname);
	else
		emit_c_file(&g, spec, base, srcname, which == 2);
	if (ferror(g.f) || fclose(g.f) == EOF) {
		remove(path);
		xg_fatal(path, 0, "write error");
	}
}

/*
 * Three files: the header, the server side (<base>_xif.c) and the client
 * side (<base>_xif_client.c). They are apart so that a program serving an
 * interface without ever calling one, the Finder itself, does not pull
 * the router in through the client stubs.
 */
void
emit_c(const struct xg_spec *spec, const char *outdir, const char *base,
    const char *srcname)
{
	char		 path[4096];
	size_t		 i;

	/* A file whose interfaces are all #ifdef'd out still gives every
	 * file, so that the build's list of outputs does not change. */
	for (i = 0; i < spec->nifaces; i++)
		if (spec->ifaces[i].main)
			check_cnames(&spec->ifaces[i]);
	snprintf(path, sizeof(path), "%s/%s_xif.h", outdir, base);
	write_file(path, spec, base, srcname, 0);
	snprintf(path, sizeof(path), "%s/%s_xif.c", outdir, base);
	write_file(path, spec, base, srcname, 1);
	snprintf(path, sizeof(path), "%s/%s_xif_client.c", outdir, base);
	write_file(path, spec, base, srcname, 2);
}

/*
 * DOC: xifgen, okapi's interface-definition compiler (spec xrl.md §8, §9).
 * A .xif or .tgt file goes through three stages:
 *
 *   cpp.c    its own small preprocessor: comments, `\` continuations,
 *            #include, #define, #ifdef/#ifndef/#else/#endif. The result is
 *            a list of lines, each remembering its file and line number.
 *   parse.c  the statements (interface, method, target), with the full
 *            name patterns of §8.2 enforced, into a struct xg_spec.
 *   emit.c   the C server dispatch tables and client stubs; list.c the
 *            plain-text listings used by tests and the .xrls output.
 *
 * xifgen is a build tool run once per file: on any error it prints
 * "file:line: message" and exits non-zero, so nothing here returns errors.
 */
#ifndef OKAPI_XIFGEN_H
#define OKAPI_XIFGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The same numbering as enum xrl_type in lib/xrl/xrl.h (wire codes). */
enum xg_type {
	XG_NONE = 0,
	XG_I32,
	XG_U32,
	XG_IPV4,
	XG_IPV4NET,
	XG_IPV6,
	XG_IPV6NET,
	XG_MAC,
	XG_TXT,
	XG_LIST,
	XG_BOOL,
	XG_BINARY,
	XG_I64,
	XG_U64,
	XG_FP64,
	XG_TYPE_MAX
};

/* One line of preprocessed text and where it came from. */
struct xg_line {
	char		*text;		/* lower-cased, comments removed */
	const char	*file;		/* path as opened, for messages */
	int		 lineno;
	bool		 main;		/* from the file named on the command
					   line, not from an #include */
};

struct xg_src {
	struct xg_line	*lines;
	size_t		 nlines;
	size_t		 linecap;
	char		**defines;
	size_t		 ndefines;
	char		**incdirs;
	size_t		 nincdirs;
	char		**paths;	/* included files, owned */
	size_t		 npaths;
	size_t		 pathcap;
};

struct xg_param {
	char		*name;
	enum xg_type	 type;
	enum xg_type	 member;	/* item type of a list, else XG_NONE */
};

struct xg_method {
	char		*name;
	struct xg_param	*in;
	size_t		 nin;
	struct xg_param	*out;
	size_t		 nout;
	const char	*file;
	int		 lineno;
};

struct xg_iface {
	char		*name;
	char		*major;		/* version digits, kept as written */
	char		*minor;
	struct xg_method *methods;
	size_t		 nmethods;
	const char	*file;
	int		 lineno;
	bool		 main;
};

struct xg_target {
	char		*name;
	char		**ifrefs;	/* "iface/version" */
	size_t		 nifrefs;
	const char	*file;
	int		 lineno;
};

struct xg_spec {
	struct xg_iface	*ifaces;
	size_t		 nifaces;
	struct xg_target *targets;
	size_t		 ntargets;
};

/* main.c */
void	 xg_fatal(const char *file, int lineno, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4), noreturn));
void	*xg_alloc(size_t);
void	*xg_grow(void *, size_t *cap, size_t n, size_t size);
char	*xg_strndup(const char *, size_t);
char	*xg_strdup(const char *);

/* cpp.c */
void	 cpp_define(struct xg_src *, const char *);
void	 cpp_incdir(struct xg_src *, const char *);
void	 cpp_run(struct xg_src *, const char *path);
void	 cpp_free(struct xg_src *);

/* parse.c */
extern const char *const xg_type_names[XG_TYPE_MAX];
void	 parse_spec(const struct xg_src *, struct xg_spec *);
void	 spec_free(struct xg_spec *);
const struct xg_iface *spec_find_iface(const struct xg_spec *,
	    const char *ifref);

/* list.c */
void	 list_methods(FILE *, const char *shown, const struct xg_spec *);
void	 list_targets(FILE *, const char *shown, const struct xg_spec *);
void	 list_xrls(FILE *, const struct xg_spec *);
void	 print_param_list(FILE *, const struct xg_param *, size_t,
	    bool members);

/* emit.c */
void	 emit_c(const struct xg_spec *, const char *outdir,
	    const char *base, const char *srcname);

#endif

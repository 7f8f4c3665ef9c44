/*
 * DOC: xifgen's command line.
 *
 *   xifgen [-DNAME[=V]] [-I DIR] --methods FILE.xif   one line per method
 *   xifgen [-D...] [-I...] --targets FILE.tgt         one line per target
 *   xifgen [-D...] [-I...] --xrls FILE.tgt            XORP .xrls listing
 *   xifgen [-D...] [-I...] -o OUTDIR FILE.xif         OUTDIR/<base>_xif.h,
 *                                                     <base>_xif.c (server),
 *                                                     <base>_xif_client.c
 *
 * Being a build tool that runs once per input, xifgen stops at the first
 * error (xg_fatal) and allocation failure is fatal too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xifgen.h"

enum mode {
	MODE_NONE,
	MODE_METHODS,
	MODE_TARGETS,
	MODE_XRLS,
	MODE_C,
};

void
xg_fatal(const char *file, int lineno, const char *fmt, ...)
{
	va_list	 ap;

	fflush(stdout);
	if (lineno > 0)
		fprintf(stderr, "%s:%d: ", file, lineno);
	else
		fprintf(stderr, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *
xg_alloc(size_t n)
{
	void	*p;

	if ((p = calloc(1, n == 0 ? 1 : n)) == NULL)
		xg_fatal("xifgen", 0, "out of memory");
	return p;
}

/* Make room for n elements of size bytes; *cap tracks the allocation. */
void *
xg_grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t	 ncap;

	if (n <= *cap && p != NULL)
		return p;
	ncap = *cap * 2 > n ? *cap * 2 : n;
	if (ncap < 8)
		ncap = 8;
	if ((p = realloc(p, ncap * size)) == NULL)
		xg_fatal("xifgen", 0, "out of memory");
	*cap = ncap;
	return p;
}

char *
xg_strndup(const char *s, size_t n)
{
	char	*p = xg_alloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xg_strdup(const char *s)
{
	return xg_strndup(s, strlen(s));
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: xifgen [-DNAME] [-I DIR] "
	    "(--methods | --targets | --xrls | -o OUTDIR) FILE\n");
	exit(2);
}

static const char *
basename_of(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

int
main(int argc, char *argv[])
{
	struct xg_src	 src;
	struct xg_spec	 spec;
	enum mode	 mode = MODE_NONE;
	const char	*outdir = NULL, *file = NULL, *a, *shown, *dot;
	char		*base;
	int		 i;

	memset(&src, 0, sizeof(src));
	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (strcmp(a, "--methods") == 0)
			mode = MODE_METHODS;
		else if (strcmp(a, "--targets") == 0)
			mode = MODE_TARGETS;
		else if (strcmp(a, "--xrls") == 0)
			mode = MODE_XRLS;
		else if (strcmp(a, "-o") == 0) {
			if (++i == argc)
				usage();
			mode = MODE_C;
			outdir = argv[i];
		} else if (strncmp(a, "-D", 2) == 0) {
			if (a[2] == '\0' && ++i == argc)
				usage();
			cpp_define(&src, a[2] != '\0' ? a + 2 : argv[i]);
		} else if (strncmp(a, "-I", 2) == 0) {
			if (a[2] == '\0' && ++i == argc)
				usage();
			cpp_incdir(&src, a[2] != '\0' ? a + 2 : argv[i]);
		} else if (a[0] == '-' || file != NULL)
			usage();
		else
			file = a;
	}
	if (mode == MODE_NONE || file == NULL)
		usage();

	cpp_run(&src, file);
	parse_spec(&src, &spec);

	shown = basename_of(file);
	switch (mode) {
	case MODE_METHODS:
		list_methods(stdout, shown, &spec);
		break;
	case MODE_TARGETS:
		list_targets(stdout, shown, &spec);
		break;
	case MODE_XRLS:
		list_xrls(stdout, &spec);
		break;
	case MODE_C:
		dot = strrchr(shown, '.');
		base = xg_strndup(shown, dot != NULL && dot != shown ?
		    (size_t)(dot - shown) : strlen(shown));
		emit_c(&spec, outdir, base, shown);
		free(base);
		break;
	case MODE_NONE:
		break;
	}
	if (fflush(stdout) == EOF || ferror(stdout))
		xg_fatal("xifgen", 0, "write error on standard output");
	/* Freed so that a sanitizer build of the whole tree, which runs
	 * xifgen with leak checking, stays quiet. */
	spec_free(&spec);
	cpp_free(&src);
	return 0;
}

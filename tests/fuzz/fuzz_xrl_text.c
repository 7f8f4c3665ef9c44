/*
 * DOC: libFuzzer target for the XRL text parsers. Arbitrary bytes are
 * parsed as a whole XRL, as an argument list and as one atom; whatever
 * parses must print, and the print must be a fixed point:
 * print(parse(print(x))) == print(x), with equal values both times.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xrl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_args(const struct xrl_args *a)
{
	struct buf	 p1 = BUF_INIT, p2 = BUF_INIT;
	struct xrl_args	 b;

	if (!xrl_args_print(a, &p1))
		abort();
	if (xrl_args_parse(&b, (char *)p1.data, p1.len, NULL, 0) != 0)
		abort();
	if (!xrl_args_equal(a, &b) || !xrl_args_print(&b, &p2))
		abort();
	if (p1.len != p2.len || (p1.len && memcmp(p1.data, p2.data, p1.len)))
		abort();
	xrl_args_clear(&b);
	buf_free(&p1);
	buf_free(&p2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char	*s = (const char *)data;
	struct xrl	 x, y;
	struct xrl_args	 a;
	struct xrl_atom	 at;
	struct buf	 p1 = BUF_INIT, p2 = BUF_INIT;
	char		 err[XRL_ERRBUF];

	if (xrl_parse(&x, s, len, err, sizeof(err)) == 0) {
		if (!xrl_print(&x, &p1))
			abort();
		if (xrl_parse(&y, (char *)p1.data, p1.len, err,
		    sizeof(err)) != 0)
			abort();
		if (strcmp(x.protocol, y.protocol) != 0 ||
		    strcmp(x.target, y.target) != 0 ||
		    strcmp(x.command, y.command) != 0 ||
		    !xrl_args_equal(&x.args, &y.args))
			abort();
		if (!xrl_print(&y, &p2) || p1.len != p2.len ||
		    memcmp(p1.data, p2.data, p1.len) != 0)
			abort();
		xrl_clear(&y);
		xrl_clear(&x);
	} else if (x.protocol != NULL || x.args.count != 0)
		abort();	/* a failed parse leaves the output cleared */
	buf_free(&p1);
	buf_free(&p2);

	if (xrl_args_parse(&a, s, len, err, sizeof(err)) == 0) {
		check_args(&a);
		xrl_args_clear(&a);
	}

	if (xrl_atom_parse(&at, s, len, err, sizeof(err)) == 0) {
		xrl_args_init(&a);
		a.atoms = &at;
		a.count = a.cap = 1;
		check_args(&a);
		xrl_atom_clear(&at);
	}
	return 0;
}

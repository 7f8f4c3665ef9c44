/*
 * DOC: libFuzzer target for the packed-form unpackers. Arbitrary bytes are
 * unpacked as an argument list and as a packed XRL. Whatever unpacks must
 * repack; the repacked bytes must equal the input unless the input held a
 * value the unpacker normalises (MAC text, prefix host bits), and must in
 * any case be a fixed point of unpack-then-pack.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xrl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* MAC text and prefixes are the only values with more than one encoding. */
static bool
canonical_only(const struct xrl_args *a)
{
	uint32_t	 i;

	for (i = 0; i < a->count; i++) {
		const struct xrl_atom *at = &a->atoms[i];

		if (!at->has_data)
			continue;
		if (at->type == XRL_TYPE_MAC || at->type == XRL_TYPE_IPV4NET ||
		    at->type == XRL_TYPE_IPV6NET)
			return false;
		if (at->type == XRL_TYPE_LIST && !canonical_only(at->v.list))
			return false;
	}
	return true;
}

static bool
same(const struct buf *b, const uint8_t *p, size_t len)
{
	return b->len == len && (len == 0 || memcmp(b->data, p, len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct xrl_args	 a, b;
	struct buf	 p1 = BUF_INIT, p2 = BUF_INIT;
	const char	*head;
	size_t		 headlen;
	char		 err[XRL_ERRBUF];

	if (xrl_args_unpack(&a, data, len, err, sizeof(err)) == 0) {
		if (!xrl_args_pack(&a, &p1))
			abort();
		if (canonical_only(&a) && !same(&p1, data, len))
			abort();
		if (xrl_args_unpack(&b, p1.data, p1.len, err,
		    sizeof(err)) != 0 || !xrl_args_equal(&a, &b))
			abort();
		if (!xrl_args_pack(&b, &p2) || !same(&p2, p1.data, p1.len))
			abort();
		xrl_args_clear(&b);
		xrl_args_clear(&a);
	} else if (a.count != 0 || a.atoms != NULL)
		abort();
	buf_reset(&p1);
	buf_reset(&p2);

	if (xrl_unpack(data, len, &head, &headlen, &a, err,
	    sizeof(err)) == 0) {
		if (head < (const char *)data ||
		    head + headlen > (const char *)data + len)
			abort();
		if (!xrl_pack(head, headlen, &a, &p1))
			abort();
		if (canonical_only(&a) && !same(&p1, data, len))
			abort();
		xrl_args_clear(&a);
	}
	buf_free(&p1);
	buf_free(&p2);
	return 0;
}

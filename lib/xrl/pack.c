/*
 * DOC: the packed (binary) form of atoms, argument lists and XRLs (spec
 * §10.1, §10.2), which STCP and Unix transports carry. An atom is a header
 * byte (bit 7 name, bit 6 data, low 6 bits type), an optional u16-prefixed
 * name and a per-type payload; a list atom holds a plain u32 count of
 * items; an argument list starts with 0xCC << 24 | count; a packed XRL is an
 * argument list whose first atom is an unnamed txt holding the head.
 *
 * The unpacker reads untrusted bytes: every length is checked against what
 * is left before anything is allocated, counts that cannot fit are refused
 * up front, nesting is bounded by XRL_PACK_MAX_DEPTH, and it accepts only
 * the encodings XORP emits, so that repacking what it accepted gives the
 * input back (MAC text case and prefix host bits aside, which are
 * normalised as XORP does).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xrl.h"

#define PACK_NAME	0x80
#define PACK_DATA	0x40
#define PACK_TYPE	0x3f
#define PACK_LIST_MAGIC	0xCC
#define PACK_COUNT_MAX	0xFFFFFF
#define PACK_HEAD	(PACK_DATA | XRL_TYPE_TXT)	/* 0x48 */

static bool
pack_fail(struct buf *b)
{
	b->failed = true;
	return false;
}

static bool	atom_pack(const struct xrl_atom *, struct buf *, int);

static bool
atom_pack_data(const struct xrl_atom *a, struct buf *b, int depth)
{
	char		 mac[MAC_STRLEN];
	struct prefix4	 p4;
	struct prefix6	 p6;
	uint64_t	 bits;
	uint32_t	 i;
	size_t		 n;

	switch (a->type) {
	case XRL_TYPE_I32:
		return buf_put_u32(b, (uint32_t)a->v.i32);
	case XRL_TYPE_U32:
		return buf_put_u32(b, a->v.u32);
	case XRL_TYPE_I64:
		return buf_put_u64(b, (uint64_t)a->v.i64);
	case XRL_TYPE_U64:
		return buf_put_u64(b, a->v.u64);
	case XRL_TYPE_BOOL:
		return buf_put_u8(b, a->v.boolean ? 1 : 0);
	case XRL_TYPE_FP64:
		memcpy(&bits, &a->v.fp64, sizeof(bits));
		return buf_put_u64(b, bits);
	case XRL_TYPE_IPV4:
		return buf_put_bytes(b, &a->v.ipv4, 4);
	case XRL_TYPE_IPV4NET:
		p4.addr = a->v.ipv4net.addr;
		p4.len = a->v.ipv4net.len;
		prefix4_mask(&p4);
		return buf_put_bytes(b, &p4.addr, 4) && buf_put_u8(b, p4.len);
	case XRL_TYPE_IPV6:
		return buf_put_bytes(b, &a->v.ipv6, 16);
	case XRL_TYPE_IPV6NET:
		p6.addr = a->v.ipv6net.addr;
		p6.len = a->v.ipv6net.len;
		prefix6_mask(&p6);
		return buf_put_bytes(b, &p6.addr, 16) && buf_put_u8(b, p6.len);
	case XRL_TYPE_MAC:
		/* XORP packs a MAC as its text, length first. */
		mac_print(&a->v.mac, mac, sizeof(mac));
		n = strlen(mac);
		return buf_put_u32(b, (uint32_t)n) && buf_put_bytes(b, mac, n);
	case XRL_TYPE_TXT:
	case XRL_TYPE_BINARY:
		if (a->v.bytes.len > UINT32_MAX)
			return pack_fail(b);
		return buf_put_u32(b, (uint32_t)a->v.bytes.len) &&
		    buf_put_bytes(b, a->v.bytes.p, a->v.bytes.len);
	case XRL_TYPE_LIST:
		if (depth >= XRL_PACK_MAX_DEPTH)
			return pack_fail(b);
		if (a->v.list == NULL)
			return buf_put_u32(b, 0);
		if (!buf_put_u32(b, a->v.list->count))
			return false;
		for (i = 0; i < a->v.list->count; i++)
			if (!atom_pack(&a->v.list->atoms[i], b, depth + 1))
				return false;
		return true;
	default:
		return pack_fail(b);
	}
}

static bool
atom_pack(const struct xrl_atom *a, struct buf *b, int depth)
{
	size_t	 namelen = a->name != NULL ? strlen(a->name) : 0;
	uint8_t	 hdr = a->type;

	if (a->type == XRL_TYPE_NONE || a->type >= XRL_TYPE_MAX ||
	    namelen > UINT16_MAX)
		return pack_fail(b);
	if (namelen)
		hdr |= PACK_NAME;
	if (a->has_data)
		hdr |= PACK_DATA;
	if (!buf_put_u8(b, hdr))
		return false;
	if (namelen && (!buf_put_u16(b, (uint16_t)namelen) ||
	    !buf_put_bytes(b, a->name, namelen)))
		return false;
	if (!a->has_data)
		return buf_ok(b);
	return atom_pack_data(a, b, depth);
}

bool
xrl_atom_pack(const struct xrl_atom *a, struct buf *b)
{
	return atom_pack(a, b, 0);
}

static bool
args_pack_atoms(const struct xrl_args *args, struct buf *b)
{
	uint32_t	 i;

	for (i = 0; i < args->count; i++)
		if (!atom_pack(&args->atoms[i], b, 0))
			return false;
	return buf_ok(b);
}

bool
xrl_args_pack(const struct xrl_args *args, struct buf *b)
{
	if (args->count > PACK_COUNT_MAX)
		return pack_fail(b);
	if (!buf_put_u32(b, (uint32_t)PACK_LIST_MAGIC << 24 | args->count))
		return false;
	return args_pack_atoms(args, b);
}

bool
xrl_pack(const char *head, size_t headlen, const struct xrl_args *args,
    struct buf *b)
{
	if (args->count >= PACK_COUNT_MAX || headlen > UINT32_MAX)
		return pack_fail(b);
	if (!buf_put_u32(b, (uint32_t)PACK_LIST_MAGIC << 24 |
	    (args->count + 1)) || !buf_put_u8(b, PACK_HEAD) ||
	    !buf_put_u32(b, (uint32_t)headlen) ||
	    !buf_put_bytes(b, head, headlen))
		return false;
	return args_pack_atoms(args, b);
}


static int	atom_unpack(struct buf_reader *, struct xrl_atom *, int,
		    char *, size_t);

static int
list_unpack(struct buf_reader *r, struct xrl_args *list, uint32_t count,
    int depth, char *err, size_t errlen)
{
	struct xrl_atom	*a;
	uint32_t	 i;

	/* Every atom takes at least its header byte. */
	if (count > buf_left(r))
		return xrl_errf(err, errlen, "packed: count %u past the end",
		    count);
	/*
	 * One allocation for the usual lists; hostile counts still grow by
	 * doubling, so nested lists cannot each reserve the whole input.
	 */
	if (xrl_args_reserve(list, count < 64 ? count : 64) == -1)
		return xrl_errf(err, errlen, "out of memory");
	for (i = 0; i < count; i++) {
		if ((a = xrl_args_add(list, NULL, XRL_TYPE_NONE)) == NULL)
			return xrl_errf(err, errlen, "out of memory");
		if (atom_unpack(r, a, depth, err, errlen) == -1)
			return -1;
		if (depth > 0 && a->type != list->atoms[0].type)
			return xrl_errf(err, errlen, "packed: mixed list");
	}
	return 0;
}

static int
atom_unpack_data(struct buf_reader *r, struct xrl_atom *a, int depth,
    char *err, size_t errlen)
{
	const uint8_t	*p;
	char		 mac[MAC_STRLEN];
	uint64_t	 bits;
	uint32_t	 n;
	uint8_t		 u8;

	switch (a->type) {
	case XRL_TYPE_I32:
	case XRL_TYPE_U32:
		if (!buf_get_u32(r, &a->v.u32))
			goto short_read;
		return 0;
	case XRL_TYPE_I64:
	case XRL_TYPE_U64:
		if (!buf_get_u64(r, &a->v.u64))
			goto short_read;
		return 0;
	case XRL_TYPE_FP64:
		if (!buf_get_u64(r, &bits))
			goto short_read;
		memcpy(&a->v.fp64, &bits, sizeof(bits));
		return 0;
	case XRL_TYPE_BOOL:
		if (!buf_get_u8(r, &u8))
			goto short_read;
		if (u8 > 1)
			return xrl_errf(err, errlen, "packed: bool %u", u8);
		a->v.boolean = u8;
		return 0;
	case XRL_TYPE_IPV4:
		if (!buf_get_bytes(r, &a->v.ipv4, 4))
			goto short_read;
		return 0;
	case XRL_TYPE_IPV4NET:
		if (!buf_get_bytes(r, &a->v.ipv4net.addr, 4) ||
		    !buf_get_u8(r, &a->v.ipv4net.len))
			goto short_read;
		if (a->v.ipv4net.len > 32)
			return xrl_errf(err, errlen, "packed: ipv4net /%u",
			    a->v.ipv4net.len);
		prefix4_mask(&a->v.ipv4net);
		return 0;
	case XRL_TYPE_IPV6:
		if (!buf_get_bytes(r, &a->v.ipv6, 16))
			goto short_read;
		return 0;
	case XRL_TYPE_IPV6NET:
		if (!buf_get_bytes(r, &a->v.ipv6net.addr, 16) ||
		    !buf_get_u8(r, &a->v.ipv6net.len))
			goto short_read;
		if (a->v.ipv6net.len > 128)
			return xrl_errf(err, errlen, "packed: ipv6net /%u",
			    a->v.ipv6net.len);
		prefix6_mask(&a->v.ipv6net);
		return 0;
	case XRL_TYPE_MAC:
		if (!buf_get_u32(r, &n))
			goto short_read;
		if (n >= sizeof(mac))
			return xrl_errf(err, errlen, "packed: mac of %u bytes", n);
		if (!buf_get_bytes(r, mac, n))
			goto short_read;
		mac[n] = '\0';
		if (strlen(mac) != n || !mac_parse(mac, &a->v.mac))
			return xrl_errf(err, errlen, "packed: bad mac");
		return 0;
	case XRL_TYPE_TXT:
	case XRL_TYPE_BINARY:
		if (!buf_get_u32(r, &n) || !buf_get_ptr(r, &p, n))
			goto short_read;
		if ((a->v.bytes.p = malloc((size_t)n + 1)) == NULL)
			return xrl_errf(err, errlen, "out of memory");
		if (n)
			memcpy(a->v.bytes.p, p, n);
		a->v.bytes.p[n] = '\0';
		a->v.bytes.len = n;
		return 0;
	case XRL_TYPE_LIST:
		if (depth >= XRL_PACK_MAX_DEPTH)
			return xrl_errf(err, errlen, "packed: lists nested too deep");
		if (!buf_get_u32(r, &n))
			goto short_read;
		if ((a->v.list = xrl_args_new()) == NULL)
			return xrl_errf(err, errlen, "out of memory");
		return list_unpack(r, a->v.list, n, depth + 1, err, errlen);
	default:
		return xrl_errf(err, errlen, "packed: bad type %u", a->type);
	}
short_read:
	return xrl_errf(err, errlen, "packed: %s value past the end",
	    xrl_type_names[a->type]);
}

static int
atom_unpack(struct buf_reader *r, struct xrl_atom *a, int depth, char *err,
    size_t errlen)
{
	const uint8_t	*name;
	uint16_t	 namelen;
	uint8_t		 hdr, type;

	memset(a, 0, sizeof(*a));
	if (!buf_get_u8(r, &hdr))
		return xrl_errf(err, errlen, "packed: atom past the end");
	type = hdr & PACK_TYPE;
	if (type == XRL_TYPE_NONE || type >= XRL_TYPE_MAX)
		return xrl_errf(err, errlen, "packed: bad type %u", type);
	if (hdr & PACK_NAME) {
		if (!buf_get_u16(r, &namelen) ||
		    !buf_get_ptr(r, &name, namelen))
			return xrl_errf(err, errlen, "packed: name past the end");
		/* XORP never sets the name bit for an unnamed atom. */
		if (namelen == 0 ||
		    !xrl_name_valid((const char *)name, namelen))
			return xrl_errf(err, errlen, "packed: bad atom name");
		if ((a->name = strndup((const char *)name, namelen)) == NULL)
			return xrl_errf(err, errlen, "out of memory");
	}
	a->type = type;
	if (!(hdr & PACK_DATA))
		return 0;
	a->has_data = true;
	if (atom_unpack_data(r, a, depth, err, errlen) == -1) {
		xrl_atom_clear(a);
		return -1;
	}
	return 0;
}

int
xrl_args_unpack(struct xrl_args *args, const uint8_t *p, size_t len,
    char *err, size_t errlen)
{
	struct buf_reader r;
	const char	*dup;
	uint32_t	 h;

	xrl_args_init(args);
	buf_reader_init(&r, p, len);
	if (!buf_get_u32(&r, &h) || h >> 24 != PACK_LIST_MAGIC)
		return xrl_errf(err, errlen, "packed: bad list header");
	if (list_unpack(&r, args, h & PACK_COUNT_MAX, 0, err, errlen) == -1)
		goto bad;
	if (buf_left(&r) != 0) {
		xrl_errf(err, errlen, "packed: %zu bytes of trailing garbage",
		    buf_left(&r));
		goto bad;
	}
	if ((dup = xrl_args_dup_name(args)) != NULL) {
		xrl_errf(err, errlen, "packed: duplicate atom name \"%s\"", dup);
		goto bad;
	}
	return 0;
bad:
	xrl_args_clear(args);
	return -1;
}

int
xrl_unpack(const uint8_t *p, size_t len, const char **head, size_t *headlen,
    struct xrl_args *args, char *err, size_t errlen)
{
	struct buf_reader r;
	const uint8_t	*hp;
	const char	*dup;
	uint32_t	 h, n;
	uint8_t		 hdr;

	xrl_args_init(args);
	*head = NULL;
	*headlen = 0;
	buf_reader_init(&r, p, len);
	if (!buf_get_u32(&r, &h) || h >> 24 != PACK_LIST_MAGIC)
		return xrl_errf(err, errlen, "packed: bad list header");
	if ((h & PACK_COUNT_MAX) == 0)
		return xrl_errf(err, errlen, "packed: no XRL head");
	if (!buf_get_u8(&r, &hdr) || hdr != PACK_HEAD)
		return xrl_errf(err, errlen, "packed: XRL head is not unnamed txt");
	if (!buf_get_u32(&r, &n) || !buf_get_ptr(&r, &hp, n))
		return xrl_errf(err, errlen, "packed: XRL head past the end");
	if (list_unpack(&r, args, (h & PACK_COUNT_MAX) - 1, 0, err,
	    errlen) == -1)
		goto bad;
	if (buf_left(&r) != 0) {
		xrl_errf(err, errlen, "packed: %zu bytes of trailing garbage",
		    buf_left(&r));
		goto bad;
	}
	if ((dup = xrl_args_dup_name(args)) != NULL) {
		xrl_errf(err, errlen, "packed: duplicate atom name \"%s\"", dup);
		goto bad;
	}
	*head = (const char *)hp;
	*headlen = n;
	return 0;
bad:
	xrl_args_clear(args);
	return -1;
}

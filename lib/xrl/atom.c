/*
 * DOC: the XRL value model (spec §4, §5). An atom is a named, typed value;
 * an argument list is a growable array of atoms in insertion order. Atoms
 * own their name, their txt/binary bytes and their list items, so clearing
 * an argument list frees everything below it. txt and binary values carry a
 * length and are also NUL-terminated one byte past it, so txt can be handed
 * to C string functions when the caller knows it holds no NUL.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xrl.h"

const char *const xrl_type_names[XRL_TYPE_MAX] = {
	[XRL_TYPE_NONE]		= "none",
	[XRL_TYPE_I32]		= "i32",
	[XRL_TYPE_U32]		= "u32",
	[XRL_TYPE_IPV4]		= "ipv4",
	[XRL_TYPE_IPV4NET]	= "ipv4net",
	[XRL_TYPE_IPV6]		= "ipv6",
	[XRL_TYPE_IPV6NET]	= "ipv6net",
	[XRL_TYPE_MAC]		= "mac",
	[XRL_TYPE_TXT]		= "txt",
	[XRL_TYPE_LIST]		= "list",
	[XRL_TYPE_BOOL]		= "bool",
	[XRL_TYPE_BINARY]	= "binary",
	[XRL_TYPE_I64]		= "i64",
	[XRL_TYPE_U64]		= "u64",
	[XRL_TYPE_FP64]		= "fp64",
};

static const uint8_t type_name_len[XRL_TYPE_MAX] = {
	[XRL_TYPE_I32] = 3, [XRL_TYPE_U32] = 3, [XRL_TYPE_IPV4] = 4,
	[XRL_TYPE_IPV4NET] = 7, [XRL_TYPE_IPV6] = 4, [XRL_TYPE_IPV6NET] = 7,
	[XRL_TYPE_MAC] = 3, [XRL_TYPE_TXT] = 3, [XRL_TYPE_LIST] = 4,
	[XRL_TYPE_BOOL] = 4, [XRL_TYPE_BINARY] = 6, [XRL_TYPE_I64] = 3,
	[XRL_TYPE_U64] = 3, [XRL_TYPE_FP64] = 4,
};

/*
 * Case-sensitive, and "none" is not a type anyone may write (§2.2 rule 5).
 * The name is not NUL-terminated and may hold any byte.
 */
int
xrl_type_lookup(const char *name, size_t len)
{
	int	 t;

	if (len < 3 || len > 7)
		return -1;
	for (t = XRL_TYPE_I32; t < XRL_TYPE_MAX; t++)
		if (type_name_len[t] == len && name[0] == xrl_type_names[t][0] &&
		    memcmp(name, xrl_type_names[t], len) == 0)
			return t;
	return -1;
}

static const bool name_char[256] = {
	['0' ... '9'] = true, ['A' ... 'Z'] = true, ['a' ... 'z'] = true,
	['_'] = true, ['-'] = true,
};

bool
xrl_name_valid(const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!name_char[(unsigned char)name[i]])
			return false;
	return true;
}

void
xrl_atom_clear(struct xrl_atom *a)
{
	free(a->name);
	switch (a->type) {
	case XRL_TYPE_TXT:
	case XRL_TYPE_BINARY:
		free(a->v.bytes.p);
		break;
	case XRL_TYPE_LIST:
		xrl_args_free(a->v.list);
		break;
	default:
		break;
	}
	memset(a, 0, sizeof(*a));
}

int
xrl_atom_copy(struct xrl_atom *dst, const struct xrl_atom *src)
{
	*dst = *src;
	dst->name = NULL;
	if (src->name != NULL && (dst->name = strdup(src->name)) == NULL)
		goto fail;
	switch (src->type) {
	case XRL_TYPE_TXT:
	case XRL_TYPE_BINARY:
		dst->v.bytes.p = NULL;
		if (!src->has_data)
			break;
		if ((dst->v.bytes.p = malloc(src->v.bytes.len + 1)) == NULL)
			goto fail;
		if (src->v.bytes.len)
			memcpy(dst->v.bytes.p, src->v.bytes.p, src->v.bytes.len);
		dst->v.bytes.p[src->v.bytes.len] = '\0';
		break;
	case XRL_TYPE_LIST:
		dst->v.list = NULL;
		if (!src->has_data || src->v.list == NULL)
			break;
		if ((dst->v.list = xrl_args_new()) == NULL ||
		    xrl_args_copy(dst->v.list, src->v.list) == -1)
			goto fail;
		break;
	default:
		break;
	}
	return 0;
fail:
	xrl_atom_clear(dst);
	return -1;
}

static bool
xrl_name_equal(const char *a, const char *b)
{
	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	return strcmp(a, b) == 0;
}

/* NaNs compare equal to each other (by sign), everything else by bits. */
static bool
fp64_equal(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b) && !signbit(a) == !signbit(b);
	return memcmp(&a, &b, sizeof(a)) == 0;
}

bool
xrl_atom_equal(const struct xrl_atom *a, const struct xrl_atom *b)
{
	if (a->type != b->type || a->has_data != b->has_data ||
	    !xrl_name_equal(a->name, b->name))
		return false;
	if (!a->has_data)
		return true;
	switch (a->type) {
	case XRL_TYPE_I32:
		return a->v.i32 == b->v.i32;
	case XRL_TYPE_U32:
		return a->v.u32 == b->v.u32;
	case XRL_TYPE_I64:
		return a->v.i64 == b->v.i64;
	case XRL_TYPE_U64:
		return a->v.u64 == b->v.u64;
	case XRL_TYPE_BOOL:
		return a->v.boolean == b->v.boolean;
	case XRL_TYPE_FP64:
		return fp64_equal(a->v.fp64, b->v.fp64);
	case XRL_TYPE_IPV4:
		return a->v.ipv4.s_addr == b->v.ipv4.s_addr;
	case XRL_TYPE_IPV4NET:
		return a->v.ipv4net.len == b->v.ipv4net.len &&
		    a->v.ipv4net.addr.s_addr == b->v.ipv4net.addr.s_addr;
	case XRL_TYPE_IPV6:
		return memcmp(&a->v.ipv6, &b->v.ipv6, sizeof(a->v.ipv6)) == 0;
	case XRL_TYPE_IPV6NET:
		return a->v.ipv6net.len == b->v.ipv6net.len &&
		    memcmp(&a->v.ipv6net.addr, &b->v.ipv6net.addr,
		    sizeof(a->v.ipv6net.addr)) == 0;
	case XRL_TYPE_MAC:
		return memcmp(&a->v.mac, &b->v.mac, sizeof(a->v.mac)) == 0;
	case XRL_TYPE_TXT:
	case XRL_TYPE_BINARY:
		return a->v.bytes.len == b->v.bytes.len && (a->v.bytes.len == 0 ||
		    memcmp(a->v.bytes.p, b->v.bytes.p, a->v.bytes.len) == 0);
	case XRL_TYPE_LIST:
		if (a->v.list == NULL || b->v.list == NULL)
			return (a->v.list == NULL || a->v.list->count == 0) &&
			    (b->v.list == NULL || b->v.list->count == 0);
		return xrl_args_equal(a->v.list, b->v.list);
	default:
		return true;
	}
}

void
xrl_args_init(struct xrl_args *args)
{
	args->atoms = NULL;
	args->count = args->cap = 0;
}

void
xrl_args_clear(struct xrl_args *args)
{
	uint32_t	 i;

	for (i = 0; i < args->count; i++)
		xrl_atom_clear(&args->atoms[i]);
	free(args->atoms);
	xrl_args_init(args);
}

struct xrl_args *
xrl_args_new(void)
{
	return calloc(1, sizeof(struct xrl_args));
}

void
xrl_args_free(struct xrl_args *args)
{
	if (args == NULL)
		return;
	xrl_args_clear(args);
	free(args);
}

/* Make room for n more atoms; -1 on no memory or a count past 2^32. */
int
xrl_args_reserve(struct xrl_args *args, uint32_t n)
{
	struct xrl_atom	*p;
	uint64_t	 cap;

	if ((uint64_t)args->count + n <= args->cap)
		return 0;
	cap = args->cap ? args->cap * 2 : 8;
	if (cap < (uint64_t)args->count + n)
		cap = (uint64_t)args->count + n;
	if (cap > UINT32_MAX || cap > SIZE_MAX / sizeof(*p))
		return -1;
	if ((p = realloc(args->atoms, cap * sizeof(*p))) == NULL)
		return -1;
	args->atoms = p;
	args->cap = (uint32_t)cap;
	return 0;
}

int
xrl_args_copy(struct xrl_args *dst, const struct xrl_args *src)
{
	uint32_t	 i;

	xrl_args_init(dst);
	if (src->count == 0)
		return 0;
	if (xrl_args_reserve(dst, src->count) == -1)
		return -1;
	for (i = 0; i < src->count; i++) {
		if (xrl_atom_copy(&dst->atoms[i], &src->atoms[i]) == -1) {
			xrl_args_clear(dst);
			return -1;
		}
		dst->count++;
	}
	return 0;
}

bool
xrl_args_equal(const struct xrl_args *a, const struct xrl_args *b)
{
	uint32_t	 i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++)
		if (!xrl_atom_equal(&a->atoms[i], &b->atoms[i]))
			return false;
	return true;
}

struct xrl_atom *
xrl_args_add(struct xrl_args *args, const char *name, enum xrl_type type)
{
	struct xrl_atom	*a;

	if (xrl_args_reserve(args, 1) == -1)
		return NULL;
	a = &args->atoms[args->count];
	memset(a, 0, sizeof(*a));
	if (name != NULL && name[0] != '\0' &&
	    (a->name = strdup(name)) == NULL)
		return NULL;
	if (type == XRL_TYPE_LIST && (a->v.list = xrl_args_new()) == NULL) {
		free(a->name);
		return NULL;
	}
	a->type = (uint8_t)type;
	a->has_data = true;
	args->count++;
	return a;
}

const struct xrl_atom *
xrl_args_find(const struct xrl_args *args, const char *name)
{
	uint32_t	 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < args->count; i++)
		if (args->atoms[i].name != NULL &&
		    strcmp(args->atoms[i].name, name) == 0)
			return &args->atoms[i];
	return NULL;
}

static uint32_t
name_hash(const char *s)
{
	uint32_t	 h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/*
 * Small lists (the usual case) are checked pairwise; big ones, which only a
 * hostile peer sends, through a throw-away hash table so the check stays
 * linear.
 */
const char *
xrl_args_dup_name(const struct xrl_args *args)
{
	const struct xrl_atom	*at = args->atoms;
	uint32_t		*slot, mask, i, j, h;
	size_t			 size;

	if (args->count <= 16) {
		for (i = 0; i < args->count; i++) {
			if (at[i].name == NULL || at[i].name[0] == '\0')
				continue;
			for (j = i + 1; j < args->count; j++)
				if (at[j].name != NULL &&
				    at[i].name[0] == at[j].name[0] &&
				    strcmp(at[i].name, at[j].name) == 0)
					return at[i].name;
		}
		return NULL;
	}

	for (size = 32; size < (size_t)args->count * 2; size *= 2)
		;
	if ((slot = calloc(size, sizeof(*slot))) == NULL) {
		/* No memory for the table: slow but still correct. */
		for (i = 0; i < args->count; i++) {
			if (at[i].name == NULL || at[i].name[0] == '\0')
				continue;
			for (j = i + 1; j < args->count; j++)
				if (at[j].name != NULL &&
				    strcmp(at[i].name, at[j].name) == 0)
					return at[i].name;
		}
		return NULL;
	}
	mask = (uint32_t)(size - 1);
	for (i = 0; i < args->count; i++) {
		if (at[i].name == NULL || at[i].name[0] == '\0')
			continue;
		/* Slots hold index + 1, so 0 means empty. */
		for (h = name_hash(at[i].name) & mask; slot[h] != 0;
		    h = (h + 1) & mask) {
			if (strcmp(at[slot[h] - 1].name, at[i].name) == 0) {
				free(slot);
				return at[i].name;
			}
		}
		slot[h] = i + 1;
	}
	free(slot);
	return NULL;
}

int
xrl_args_add_i32(struct xrl_args *args, const char *name, int32_t v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_I32);

	if (a == NULL)
		return -1;
	a->v.i32 = v;
	return 0;
}

int
xrl_args_add_u32(struct xrl_args *args, const char *name, uint32_t v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_U32);

	if (a == NULL)
		return -1;
	a->v.u32 = v;
	return 0;
}

int
xrl_args_add_i64(struct xrl_args *args, const char *name, int64_t v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_I64);

	if (a == NULL)
		return -1;
	a->v.i64 = v;
	return 0;
}

int
xrl_args_add_u64(struct xrl_args *args, const char *name, uint64_t v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_U64);

	if (a == NULL)
		return -1;
	a->v.u64 = v;
	return 0;
}

int
xrl_args_add_bool(struct xrl_args *args, const char *name, bool v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_BOOL);

	if (a == NULL)
		return -1;
	a->v.boolean = v;
	return 0;
}

int
xrl_args_add_fp64(struct xrl_args *args, const char *name, double v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_FP64);

	if (a == NULL)
		return -1;
	a->v.fp64 = v;
	return 0;
}

int
xrl_args_add_ipv4(struct xrl_args *args, const char *name,
    const struct in_addr *v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_IPV4);

	if (a == NULL)
		return -1;
	a->v.ipv4 = *v;
	return 0;
}

/* Prefixes are stored as XORP keeps them: host bits cleared. */
int
xrl_args_add_ipv4net(struct xrl_args *args, const char *name,
    const struct prefix4 *v)
{
	struct xrl_atom	*a = xrl_args_add(args, name,
	    XRL_TYPE_IPV4NET);

	if (a == NULL)
		return -1;
	a->v.ipv4net.addr = v->addr;
	a->v.ipv4net.len = v->len;
	prefix4_mask(&a->v.ipv4net);
	return 0;
}

int
xrl_args_add_ipv6(struct xrl_args *args, const char *name,
    const struct in6_addr *v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_IPV6);

	if (a == NULL)
		return -1;
	a->v.ipv6 = *v;
	return 0;
}

int
xrl_args_add_ipv6net(struct xrl_args *args, const char *name,
    const struct prefix6 *v)
{
	struct xrl_atom	*a = xrl_args_add(args, name,
	    XRL_TYPE_IPV6NET);

	if (a == NULL)
		return -1;
	a->v.ipv6net.addr = v->addr;
	a->v.ipv6net.len = v->len;
	prefix6_mask(&a->v.ipv6net);
	return 0;
}

int
xrl_args_add_mac(struct xrl_args *args, const char *name,
    const struct mac *v)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_MAC);

	if (a == NULL)
		return -1;
	a->v.mac = *v;
	return 0;
}

static int
xrl_args_add_bytes(struct xrl_args *args, const char *name,
    enum xrl_type type, const void *p, size_t len)
{
	struct xrl_atom	*a;
	uint8_t		*copy;

	if (len == SIZE_MAX || (copy = malloc(len + 1)) == NULL)
		return -1;
	if (len)
		memcpy(copy, p, len);
	copy[len] = '\0';
	if ((a = xrl_args_add(args, name, type)) == NULL) {
		free(copy);
		return -1;
	}
	a->v.bytes.p = copy;
	a->v.bytes.len = len;
	return 0;
}

int
xrl_args_add_txt(struct xrl_args *args, const char *name, const char *s)
{
	return xrl_args_add_bytes(args, name, XRL_TYPE_TXT, s, strlen(s));
}

int
xrl_args_add_txt_len(struct xrl_args *args, const char *name, const void *p,
    size_t len)
{
	return xrl_args_add_bytes(args, name, XRL_TYPE_TXT, p, len);
}

int
xrl_args_add_binary(struct xrl_args *args, const char *name, const void *p,
    size_t len)
{
	return xrl_args_add_bytes(args, name, XRL_TYPE_BINARY, p, len);
}

struct xrl_args *
xrl_args_add_list(struct xrl_args *args, const char *name)
{
	struct xrl_atom	*a = xrl_args_add(args, name, XRL_TYPE_LIST);

	return a != NULL ? a->v.list : NULL;
}

/* Copy before growing: src may be an atom of args itself. */
int
xrl_args_add_atom(struct xrl_args *args, const struct xrl_atom *src)
{
	struct xrl_atom	 copy;

	if (xrl_atom_copy(&copy, src) == -1)
		return -1;
	if (xrl_args_reserve(args, 1) == -1) {
		xrl_atom_clear(&copy);
		return -1;
	}
	args->atoms[args->count++] = copy;
	return 0;
}

void
xrl_init(struct xrl *x)
{
	x->protocol = x->target = x->command = NULL;
	xrl_args_init(&x->args);
}

void
xrl_clear(struct xrl *x)
{
	free(x->protocol);
	free(x->target);
	free(x->command);
	xrl_args_clear(&x->args);
	xrl_init(x);
}

/* A NULL protocol means the unresolved form, "finder". */
int
xrl_set(struct xrl *x, const char *protocol, const char *target,
    const char *command)
{
	char	*p, *t, *c;

	p = strdup(protocol != NULL ? protocol : "finder");
	t = strdup(target != NULL ? target : "");
	c = strdup(command != NULL ? command : "");
	if (p == NULL || t == NULL || c == NULL) {
		free(p);
		free(t);
		free(c);
		return -1;
	}
	free(x->protocol);
	free(x->target);
	free(x->command);
	x->protocol = p;
	x->target = t;
	x->command = c;
	return 0;
}

/* "Resolved" simply means the protocol is not finder (§7). */
bool
xrl_is_resolved(const struct xrl *x)
{
	return x->protocol != NULL && strcasecmp(x->protocol, "finder") != 0;
}

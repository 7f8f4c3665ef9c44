/*
 * DOC: method tables and argument checking. A dispatcher is an array of
 * entries in insertion order (registration walks it) plus a chained hash
 * over their names (every request looks a name up). Arguments are bound
 * to a method's signature the way XORP's generated handlers do it, but
 * every mismatch becomes BAD_ARGS with a note naming the argument: a bad
 * call never reaches a handler, and a handler's bad reply never reaches
 * the wire (§5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"

struct dentry {
	struct xrl_dispatch_entry e;
	const char	*name;
	char		*owned;		/* name, if add_as copied it */
	size_t		 len;
	uint32_t	 hash;
	int32_t		 next;		/* chain, -1 ends */
};

struct xrl_dispatch {
	struct dentry	*v;
	uint32_t	 n;
	uint32_t	 cap;
	int32_t		*bucket;	/* heads, -1 empty */
	uint32_t	 mask;
};

#define BIND_STACK	16

static uint32_t
dispatch_hash(const char *s, size_t len)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

struct xrl_dispatch *
xrl_dispatch_new(void)
{
	return calloc(1, sizeof(struct xrl_dispatch));
}

void
xrl_dispatch_free(struct xrl_dispatch *d)
{
	uint32_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		free(d->v[i].owned);
	free(d->v);
	free(d->bucket);
	free(d);
}

static int32_t
dispatch_find(const struct xrl_dispatch *d, const char *name, size_t len,
    uint32_t h)
{
	int32_t	 i;

	if (d->bucket == NULL)
		return -1;
	for (i = d->bucket[h & d->mask]; i != -1; i = d->v[i].next)
		if (d->v[i].hash == h && d->v[i].len == len &&
		    memcmp(d->v[i].name, name, len) == 0)
			return i;
	return -1;
}

/* Keep the load at most one entry per bucket; 1 when rebuilt. */
static int
dispatch_rehash(struct xrl_dispatch *d)
{
	uint32_t	 nb, i;
	int32_t		*b;

	if (d->bucket != NULL && d->n <= d->mask + 1)
		return 0;
	nb = d->bucket ? (d->mask + 1) * 2 : 16;
	if ((b = malloc(nb * sizeof(*b))) == NULL)
		return -1;
	for (i = 0; i < nb; i++)
		b[i] = -1;
	free(d->bucket);
	d->bucket = b;
	d->mask = nb - 1;
	for (i = 0; i < d->n; i++) {
		d->v[i].next = b[d->v[i].hash & d->mask];
		b[d->v[i].hash & d->mask] = (int32_t)i;
	}
	return 1;
}

static int
dispatch_insert(struct xrl_dispatch *d, const char *name, char *owned,
    const struct xrl_dispatch_entry *e)
{
	struct dentry	*v;
	uint32_t	 cap;
	int		 rc;

	if (d->n == d->cap) {
		cap = d->cap ? d->cap * 2 : 16;
		if ((v = reallocarray(d->v, cap, sizeof(*v))) == NULL)
			return -1;
		d->v = v;
		d->cap = cap;
	}
	v = &d->v[d->n];
	v->e = *e;
	v->name = name;
	v->owned = owned;
	v->len = strlen(name);
	v->hash = dispatch_hash(name, v->len);
	d->n++;
	if ((rc = dispatch_rehash(d)) == -1) {
		d->n--;
		return -1;
	}
	if (rc == 0) {		/* a rebuild links every entry itself */
		v->next = d->bucket[v->hash & d->mask];
		d->bucket[v->hash & d->mask] = (int32_t)(d->n - 1);
	}
	return 0;
}

int
xrl_dispatch_add(struct xrl_dispatch *d, const struct xrl_method *m,
    const void *impl, void *ctx)
{
	struct xrl_dispatch_entry e = { m, impl, ctx };
	size_t		 len;

	if (m == NULL || m->name == NULL || (m->nin && m->in == NULL) ||
	    (m->nout && m->out == NULL))
		return -1;
	len = strlen(m->name);
	if (dispatch_find(d, m->name, len, dispatch_hash(m->name, len)) != -1)
		return -1;
	return dispatch_insert(d, m->name, NULL, &e);
}

int
xrl_dispatch_add_all(struct xrl_dispatch *d, const struct xrl_method *m,
    uint32_t n, const void *impl, void *ctx)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		if (xrl_dispatch_add(d, &m[i], impl, ctx) == -1)
			return -1;
	return 0;
}

int
xrl_dispatch_add_as(struct xrl_dispatch *d, const char *name,
    const struct xrl_dispatch_entry *e)
{
	size_t		 len = strlen(name);
	int32_t		 i;
	char		*copy;

	if ((i = dispatch_find(d, name, len, dispatch_hash(name, len))) != -1) {
		d->v[i].e = *e;
		return 0;
	}
	if ((copy = strdup(name)) == NULL)
		return -1;
	if (dispatch_insert(d, copy, copy, e) == -1) {
		free(copy);
		return -1;
	}
	return 0;
}

const struct xrl_dispatch_entry *
xrl_dispatch_lookup(const struct xrl_dispatch *d, const char *name,
    size_t len)
{
	int32_t	 i;

	if ((i = dispatch_find(d, name, len, dispatch_hash(name, len))) == -1)
		return NULL;
	return &d->v[i].e;
}

uint32_t
xrl_dispatch_count(const struct xrl_dispatch *d)
{
	return d->n;
}

const struct xrl_dispatch_entry *
xrl_dispatch_at(const struct xrl_dispatch *d, uint32_t i)
{
	return i < d->n ? &d->v[i].e : NULL;
}

static const char *
type_name(uint8_t t)
{
	return t < XRL_TYPE_MAX && xrl_type_names[t] ? xrl_type_names[t] :
	    "?";
}

/* "argument 2" or "argument \"metric\"", for notes. */
static void
arg_label(char *s, size_t len, const struct xrl_param *p, uint32_t pos)
{
	if (p->name != NULL && p->name[0] != '\0')
		(void)snprintf(s, len, "argument \"%s\"", p->name);
	else
		(void)snprintf(s, len, "argument %u", pos + 1);
}

static int
bind_check(const struct xrl_atom *a, const struct xrl_param *p, uint32_t pos,
    struct xrl_error *err)
{
	char		 label[96];
	uint32_t	 i;

	arg_label(label, sizeof(label), p, pos);
	if (a->type != p->type) {
		xrl_error_set(err, XRL_BAD_ARGS, "%s: expected %s, got %s",
		    label, type_name(p->type), type_name(a->type));
		return -1;
	}
	if (!a->has_data) {
		xrl_error_set(err, XRL_BAD_ARGS, "%s: no value", label);
		return -1;
	}
	if (a->type != XRL_TYPE_LIST || p->member == XRL_TYPE_NONE ||
	    a->v.list == NULL)
		return 0;
	for (i = 0; i < a->v.list->count; i++) {
		const struct xrl_atom *m = &a->v.list->atoms[i];

		if (m->type != p->member) {
			xrl_error_set(err, XRL_BAD_ARGS,
			    "%s: item %u: expected %s, got %s", label, i + 1,
			    type_name(p->member), type_name(m->type));
			return -1;
		}
		if (!m->has_data) {
			xrl_error_set(err, XRL_BAD_ARGS,
			    "%s: item %u: no value", label, i + 1);
			return -1;
		}
	}
	return 0;
}

int
xrl_args_bind(const struct xrl_args *args, const struct xrl_param *p,
    uint32_t n, const struct xrl_atom **bound, struct xrl_error *err)
{
	const struct xrl_atom	*a;
	uint32_t		 i, j;

	if (args->count != n) {
		xrl_error_set(err, XRL_BAD_ARGS,
		    "expected %u argument%s, got %u", n, n == 1 ? "" : "s",
		    args->count);
		return -1;
	}
	for (j = 0; j < n; j++)
		bound[j] = NULL;
	for (i = 0; i < n; i++) {
		a = &args->atoms[i];
		if (a->name != NULL) {
			for (j = 0; j < n; j++)
				if (p[j].name != NULL &&
				    strcmp(p[j].name, a->name) == 0)
					break;
			if (j == n) {
				xrl_error_set(err, XRL_BAD_ARGS,
				    "unexpected argument \"%s\"", a->name);
				return -1;
			}
		} else
			j = i;
		if (bound[j] != NULL) {
			char	 label[96];

			arg_label(label, sizeof(label), &p[j], j);
			xrl_error_set(err, XRL_BAD_ARGS, "%s given twice",
			    label);
			return -1;
		}
		if (bind_check(a, &p[j], j, err) == -1)
			return -1;
		bound[j] = a;
	}
	return 0;
}

void
xrl_dispatch_call(const struct xrl_dispatch_entry *e,
    const struct xrl_args *in, struct xrl_args *out, struct xrl_error *err)
{
	const struct xrl_method	*m = e->method;
	const struct xrl_atom	*stack[BIND_STACK], **bound = stack;
	const struct xrl_atom	*ret[BIND_STACK], **rbound = ret;
	struct xrl_error	 rerr;

	xrl_error_ok(err);
	xrl_args_clear(out);
	if (m->nin > BIND_STACK &&
	    (bound = calloc(m->nin, sizeof(*bound))) == NULL) {
		xrl_error_set(err, XRL_INTERNAL_ERROR, "out of memory");
		return;
	}
	if (xrl_args_bind(in, m->in, m->nin, bound, err) == -1)
		goto done;
	if (m->fn == NULL) {
		xrl_error_set(err, XRL_INTERNAL_ERROR, "%s has no handler",
		    m->name);
		goto done;
	}
	m->fn(m, e->impl, e->ctx, bound, out, err);
	if (err->code != XRL_OKAY)
		goto done;
	if (m->nout > BIND_STACK &&
	    (rbound = calloc(m->nout, sizeof(*rbound))) == NULL) {
		xrl_error_set(err, XRL_INTERNAL_ERROR, "out of memory");
		goto done;
	}
	if (xrl_args_bind(out, m->out, m->nout, rbound, &rerr) == -1)
		xrl_error_set(err, XRL_INTERNAL_ERROR,
		    "%s returned bad results: %s", m->name, rerr.note);
done:
	if (err->code != XRL_OKAY)
		xrl_args_clear(out);
	if (bound != stack)
		free(bound);
	if (rbound != ret)
		free(rbound);
}

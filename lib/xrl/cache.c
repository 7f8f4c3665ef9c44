/*
 * DOC: the resolution cache and the order of calls (§10.3, §11.5). A
 * remote target (class or instance name, or "proto://addr" for XRLs that
 * arrive resolved) owns its cached resolutions and a queue of calls that
 * wait behind an unfinished resolve. A call whose target has no waiters
 * and whose (target, command) is cached goes straight to the connection;
 * any other call joins the queue, and the queue drains in order as
 * resolutions arrive, so calls from this router to one target are never
 * reordered. The cache key is (target, command), which is the unresolved
 * argument-free "finder://target/command" of §11.5 without building it.
 * A resolution records the connection chosen and the packed head atom
 * ("unix://.../iface/ver/method-cookie"), so sending on it costs no
 * parsing and no allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

uint32_t
htab_hash(const void *p, size_t len, uint32_t seed)
{
	const uint8_t	*s = p;
	uint32_t	 h = 2166136261u ^ seed;
	size_t		 i;

	for (i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return h ^ (h >> 15);
}

static int
htab_grow(struct htab *t)
{
	struct htab_node	**b, *n, *next;
	uint32_t		  nb = t->b ? (t->mask + 1) * 2 : 64, i;

	if ((b = calloc(nb, sizeof(*b))) == NULL)
		return -1;
	for (i = 0; t->b != NULL && i <= t->mask; i++)
		for (n = t->b[i]; n != NULL; n = next) {
			next = n->next;
			n->next = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
		}
	free(t->b);
	t->b = b;
	t->mask = nb - 1;
	return 0;
}

int
htab_insert(struct htab *t, struct htab_node *n)
{
	if ((t->b == NULL || t->count > t->mask) && htab_grow(t) == -1 &&
	    t->b == NULL)
		return -1;
	n->next = t->b[n->hash & t->mask];
	t->b[n->hash & t->mask] = n;
	t->count++;
	return 0;
}

void
htab_remove(struct htab *t, struct htab_node *n)
{
	struct htab_node	**pp;

	for (pp = &t->b[n->hash & t->mask]; *pp != NULL; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			t->count--;
			return;
		}
}

struct htab_node *
htab_first(const struct htab *t, uint32_t hash)
{
	return t->b ? t->b[hash & t->mask] : NULL;
}

void
cache_init(struct xrl_router *r)
{
	memset(&r->rtargets, 0, sizeof(r->rtargets));
	memset(&r->resols, 0, sizeof(r->resols));
	TAILQ_INIT(&r->orphans);
}

bool
pack_head(struct buf *b, const char *s, size_t len)
{
	buf_reset(b);
	(void)buf_put_u8(b, 0x48);	/* unnamed txt with data */
	(void)buf_put_u32(b, (uint32_t)len);
	return buf_put_bytes(b, s, len);
}

struct rtarget *
rtarget_get(struct xrl_router *r, const char *name, size_t len, bool direct)
{
	struct htab_node	*n;
	struct rtarget		*rt;
	uint32_t		 h = htab_hash(name, len, 0);

	for (n = htab_first(&r->rtargets, h); n != NULL; n = n->next) {
		rt = (struct rtarget *)n;
		if (n->hash == h && strncmp(rt->name, name, len) == 0 &&
		    rt->name[len] == '\0')
			return rt;
	}
	if ((rt = calloc(1, sizeof(*rt))) == NULL ||
	    (rt->name = strndup(name, len)) == NULL)
		goto fail;
	rt->hn.hash = h;
	rt->direct = direct;
	TAILQ_INIT(&rt->wait);
	TAILQ_INIT(&rt->resols);
	if (htab_insert(&r->rtargets, &rt->hn) == -1)
		goto fail;
	return rt;
fail:
	if (rt)
		free(rt->name);
	free(rt);
	return NULL;
}

static struct resol *
resol_find(struct xrl_router *r, struct rtarget *rt, const char *cmd,
    size_t len)
{
	struct htab_node	*n;
	struct resol		*res;
	uint32_t		 h;

	h = htab_hash(cmd, len, (uint32_t)(uintptr_t)rt);
	for (n = htab_first(&r->resols, h); n != NULL; n = n->next) {
		res = (struct resol *)n;
		if (n->hash == h && res->rt == rt &&
		    strncmp(res->command, cmd, len) == 0 &&
		    res->command[len] == '\0')
			return res;
	}
	return NULL;
}

static struct resol *
resol_new(struct xrl_router *r, struct rtarget *rt, const char *cmd,
    size_t len)
{
	struct resol	*res;

	if ((res = calloc(1, sizeof(*res))) == NULL)
		return NULL;
	if ((res->command = strndup(cmd, len)) == NULL) {
		free(res);
		return NULL;
	}
	res->rt = rt;
	res->hn.hash = htab_hash(cmd, len, (uint32_t)(uintptr_t)rt);
	buf_init(&res->head);
	if (htab_insert(&r->resols, &res->hn) == -1) {
		free(res->command);
		free(res);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&rt->resols, res, rentry);
	return res;
}

void
resol_reap(struct resol *res)
{
	buf_free(&res->head);
	free(res->command);
	free(res->note);
	free(res);
}

void
resol_del(struct xrl_router *r, struct resol *res)
{
	htab_remove(&r->resols, &res->hn);
	TAILQ_REMOVE(&res->rt->resols, res, rentry);
	if (res->conn != NULL) {
		TAILQ_REMOVE(&res->conn->resols, res, centry);
		res->conn = NULL;
	}
	if (res->busy) {
		/* Its resolve_xrl reply will find it here and free it. */
		res->orphan = true;
		res->rt = NULL;
		TAILQ_INSERT_TAIL(&r->orphans, res, centry);
		return;
	}
	resol_reap(res);
}

void
resol_fail(struct resol *res, uint32_t code, const char *note)
{
	res->state = RESOL_FAILED;
	res->code = code;
	free(res->note);
	res->note = strdup(note ? note : "");
}

/* Use connection c for res, whose resolved XRL (no args) is s[0..len). */
static bool
resol_bind(struct resol *res, struct sconn *c, const char *s, size_t len)
{
	if (!pack_head(&res->head, s, len))
		return false;
	res->conn = c;
	TAILQ_INSERT_TAIL(&c->resols, res, centry);
	res->state = RESOL_OK;
	return true;
}

/* rt->name is "proto://addr": no Finder involved. */
static void
resol_direct(struct xrl_router *r, struct rtarget *rt, struct resol *res)
{
	const char	*sep = strstr(rt->name, "://");
	struct sconn	*c;
	struct buf	 s = BUF_INIT;
	char		 proto[8];

	if (sep == NULL || sep - rt->name >= (ptrdiff_t)sizeof(proto)) {
		resol_fail(res, XRL_SEND_FAILED, "bad address");
		return;
	}
	memcpy(proto, rt->name, sep - rt->name);
	proto[sep - rt->name] = '\0';
	if ((c = sconn_get(r, proto, sep + 3, strlen(sep + 3))) == NULL) {
		resol_fail(res, XRL_SEND_FAILED, "cannot connect");
		return;
	}
	(void)buf_printf(&s, "%s/%s", rt->name, res->command);
	if (!buf_ok(&s) || !resol_bind(res, c, (char *)s.data, s.len))
		resol_fail(res, XRL_INTERNAL_ERROR, "out of memory");
	buf_free(&s);
}

/* Send what can go, in order; stop at the first unfinished resolve. */
static void
rtarget_drain(struct xrl_router *r, struct rtarget *rt)
{
	struct xrl_call	*call;
	struct resol	*res, *next;
	size_t		 len;

	router_enter(r);
	while ((call = TAILQ_FIRST(&rt->wait)) != NULL) {
		len = call->cmd.len - 1;
		if ((res = resol_find(r, rt, (char *)call->cmd.data, len)) ==
		    NULL) {
			if ((res = resol_new(r, rt, (char *)call->cmd.data,
			    len)) == NULL) {
				TAILQ_REMOVE(&rt->wait, call, entry);
				call_fail(r, call, XRL_INTERNAL_ERROR,
				    "out of memory");
				continue;
			}
			if (rt->direct)
				resol_direct(r, rt, res);
			else
				fc_resolve(r, res);
		}
		if (res->state == RESOL_PENDING ||
		    res->state == RESOL_RESOLVING)
			break;
		TAILQ_REMOVE(&rt->wait, call, entry);
		call->rt = NULL;
		if (res->state == RESOL_OK)
			sconn_send(res->conn, &res->head, call, NULL,
			    &call->args);
		else
			call_fail(r, call, res->code, "%s", res->note ?
			    res->note : "");
	}
	/* Failures are not cached: the next call asks again. */
	for (res = TAILQ_FIRST(&rt->resols); res != NULL; res = next) {
		next = TAILQ_NEXT(res, rentry);
		if (res->state == RESOL_FAILED)
			resol_del(r, res);
	}
	router_leave(r);
}

void
cache_submit(struct xrl_router *r, struct rtarget *rt, const char *command,
    struct xrl_call *call, const struct xrl_args *args)
{
	struct resol	*res;
	size_t		 len = strlen(command);

	if (TAILQ_EMPTY(&rt->wait) &&
	    (res = resol_find(r, rt, command, len)) != NULL &&
	    res->state == RESOL_OK) {
		sconn_send(res->conn, &res->head, call, args,
		    args ? NULL : &call->args);
		return;
	}
	if (args != NULL) {
		buf_reset(&call->args);
		if (!xrl_args_pack(args, &call->args)) {
			call_fail(r, call, XRL_INTERNAL_ERROR,
			    "cannot pack arguments");
			return;
		}
	}
	buf_reset(&call->cmd);
	if (!buf_put_bytes(&call->cmd, command, len + 1)) {
		call_fail(r, call, XRL_INTERNAL_ERROR, "out of memory");
		return;
	}
	call->rt = rt;
	call->state = CALL_WAIT_RESOLVE;
	TAILQ_INSERT_TAIL(&rt->wait, call, entry);
	rtarget_drain(r, rt);
}

static int
resolution_order(const struct xrl_atom *a)
{
	return a->v.bytes.len >= 7 && memcmp(a->v.bytes.p, "unix://", 7) == 0 ?
	    0 : 1;
}

void
cache_resolved(struct xrl_router *r, struct resol *res,
    const struct xrl_error *err, const struct xrl_args *reply)
{
	static const struct xrl_param sig[] = {
		{ "resolutions", XRL_TYPE_LIST, XRL_TYPE_TXT },
	};
	const struct xrl_atom	*bound[1];
	const struct xrl_args	*list;
	struct xrl_error	 berr;
	struct sconn		*c;
	const char		*s, *sep, *slash, *q;
	char			 proto[9];
	size_t			 len;
	uint32_t		 i;
	int			 pass;

	if (err->code != XRL_OKAY) {
		resol_fail(res, err->code == XRL_SEND_FAILED ||
		    err->code == XRL_NO_FINDER ? XRL_NO_FINDER :
		    err->code == XRL_REPLY_TIMED_OUT ? XRL_REPLY_TIMED_OUT :
		    XRL_RESOLVE_FAILED, err->note);
		goto drain;
	}
	if (xrl_args_bind(reply, sig, 1, bound, &berr) == -1) {
		resol_fail(res, XRL_RESOLVE_FAILED, berr.note);
		goto drain;
	}
	list = bound[0]->v.list;
	/* The Finder's order, except that unix:// (always local) goes first. */
	for (pass = 0; pass < 2 && res->state != RESOL_OK; pass++)
		for (i = 0; list && i < list->count; i++) {
			if (resolution_order(&list->atoms[i]) != pass)
				continue;
			s = (const char *)list->atoms[i].v.bytes.p;
			len = list->atoms[i].v.bytes.len;
			if ((q = memchr(s, '?', len)) != NULL)
				len = q - s;
			if ((sep = strstr(s, "://")) == NULL ||
			    sep - s > 8 || (slash = memchr(sep + 3, '/',
			    len - (sep + 3 - s))) == NULL)
				continue;
			memcpy(proto, s, sep - s);
			proto[sep - s] = '\0';
			if ((c = sconn_get(r, proto, sep + 3,
			    slash - (sep + 3))) == NULL)
				continue;
			if (r->fctrace)
				log_info("FINDERCLIENTTRACE resolved %s %s"
				    " -> %.*s", res->rt->name, res->command,
				    (int)len, s);
			if (resol_bind(res, c, s, len))
				break;
		}
	if (res->state != RESOL_OK)
		resol_fail(res, list && list->count ? XRL_SEND_FAILED :
		    XRL_RESOLVE_FAILED, list && list->count ?
		    "no usable transport" : "no resolutions");
drain:
	if (r->fctrace && res->state == RESOL_FAILED)
		log_info("FINDERCLIENTTRACE resolve %s %s failed: %s",
		    res->rt->name, res->command, res->note);
	rtarget_drain(r, res->rt);
}

static struct rtarget *
rtarget_find(struct xrl_router *r, const char *name)
{
	struct htab_node	*n;
	size_t			 len = strlen(name);
	uint32_t		 h = htab_hash(name, len, 0);

	for (n = htab_first(&r->rtargets, h); n != NULL; n = n->next)
		if (n->hash == h && strcmp(((struct rtarget *)n)->name,
		    name) == 0)
			return (struct rtarget *)n;
	return NULL;
}

void
cache_remove_xrl(struct xrl_router *r, const char *target,
    const char *command)
{
	struct rtarget	*rt;
	struct resol	*res;

	if ((rt = rtarget_find(r, target)) == NULL || (res = resol_find(r, rt,
	    command, strlen(command))) == NULL || res->state != RESOL_OK)
		return;
	resol_del(r, res);
}

void
cache_remove_target(struct xrl_router *r, const char *target)
{
	struct rtarget	*rt;
	struct resol	*res, *next;

	if ((rt = rtarget_find(r, target)) == NULL)
		return;
	for (res = TAILQ_FIRST(&rt->resols); res != NULL; res = next) {
		next = TAILQ_NEXT(res, rentry);
		if (res->state == RESOL_OK)
			resol_del(r, res);
	}
}

/* Every remote target, for walks that may add resolutions. */
#define RTARGET_FOREACH(r, i, n)					\
	for ((i) = 0; (r)->rtargets.b != NULL && (i) <= (r)->rtargets.mask; \
	    (i)++)							\
		for ((n) = (r)->rtargets.b[i]; (n) != NULL; (n) = (n)->next)

void
cache_finder_up(struct xrl_router *r)
{
	struct htab_node	*n;
	struct rtarget		*rt;
	struct resol		*res;
	uint32_t		 i;

	RTARGET_FOREACH(r, i, n) {
		rt = (struct rtarget *)n;
		if (rt->direct)
			continue;
		TAILQ_FOREACH(res, &rt->resols, rentry)
			if (res->state == RESOL_PENDING)
				fc_resolve(r, res);
		rtarget_drain(r, rt);
	}
}

void
cache_finder_lost(struct xrl_router *r)
{
	struct htab_node	*n;
	struct rtarget		*rt;
	struct resol		*res;
	struct xrl_call		*call;
	uint32_t		 i;

	RTARGET_FOREACH(r, i, n) {
		rt = (struct rtarget *)n;
		if (rt->direct)
			continue;
		while ((call = TAILQ_FIRST(&rt->wait)) != NULL) {
			TAILQ_REMOVE(&rt->wait, call, entry);
			call_fail(r, call, XRL_NO_FINDER, "Finder lost");
		}
		while ((res = TAILQ_FIRST(&rt->resols)) != NULL)
			resol_del(r, res);
	}
}

void
cache_fini(struct xrl_router *r)
{
	struct htab_node	*n, *next;
	struct rtarget		*rt;
	struct resol		*res;
	struct xrl_call		*call;
	uint32_t		 i;

	for (i = 0; r->rtargets.b != NULL && i <= r->rtargets.mask; i++)
		for (n = r->rtargets.b[i]; n != NULL; n = next) {
			next = n->next;
			rt = (struct rtarget *)n;
			while ((call = TAILQ_FIRST(&rt->wait)) != NULL) {
				TAILQ_REMOVE(&rt->wait, call, entry);
				call_put(r, call);
			}
			while ((res = TAILQ_FIRST(&rt->resols)) != NULL) {
				TAILQ_REMOVE(&rt->resols, res, rentry);
				resol_reap(res);
			}
			free(rt->name);
			free(rt);
		}
	while ((res = TAILQ_FIRST(&r->orphans)) != NULL) {
		TAILQ_REMOVE(&r->orphans, res, centry);
		resol_reap(res);
	}
	free(r->rtargets.b);
	free(r->resols.b);
	memset(&r->rtargets, 0, sizeof(r->rtargets));
	memset(&r->resols, 0, sizeof(r->resols));
}

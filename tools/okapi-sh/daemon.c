/*
 * DOC: the daemons okapi-sh talks to. The Finder lists every target
 * (finder/0.2/get_xrl_targets); those that registered cli/0.1/execute_in
 * (get_xrls_registered_by) are daemons, in the Finder's order, which sorts
 * them by instance name and so by class. Calls are blocking: the shell
 * runs one command at a time.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "okapi_sh.h"
#include "router.h"
#include "xrl.h"

#define CLI_METHOD	"/cli/0.1/execute_in"

void
sh_reply_init(struct sh_reply *rp)
{
	memset(rp, 0, sizeof(*rp));
}

void
sh_reply_free(struct sh_reply *rp)
{
	buf_free(&rp->output);
	buf_free(&rp->context);
	buf_free(&rp->prompt);
	sh_reply_init(rp);
}

void
sh_daemons_free(struct sh *sh)
{
	unsigned	 i;

	for (i = 0; i < sh->nd; i++) {
		free(sh->d[i].instance);
		free(sh->d[i].cls);
	}
	sh->nd = 0;
}

/* Call target's method with args; the reply in *reply on OKAY. */
static uint32_t
sh_call(struct sh *sh, const char *target, const char *command,
    const struct xrl_args *args, struct xrl_args *reply,
    struct xrl_error *err)
{
	struct xrl	 x;
	uint32_t	 code;

	xrl_init(&x);
	if (xrl_set(&x, "finder", target, command) == -1 ||
	    (args != NULL && xrl_args_copy(&x.args, args) == -1)) {
		xrl_clear(&x);
		xrl_error_set(err, XRL_INTERNAL_ERROR, "out of memory");
		return err->code;
	}
	code = xrl_router_call(sh->r, &x, reply, err);
	xrl_clear(&x);
	return code;
}

/* The txt items of a reply's single list. */
static const struct xrl_args *
reply_list(const struct xrl_args *reply)
{
	if (reply->count != 1 || reply->atoms[0].type != XRL_TYPE_LIST ||
	    reply->atoms[0].v.list == NULL)
		return NULL;
	return reply->atoms[0].v.list;
}

static const char *
item_txt(const struct xrl_atom *a)
{
	if (a->type != XRL_TYPE_TXT || a->v.bytes.p == NULL)
		return "";
	return (const char *)a->v.bytes.p;
}

/* "ospfd-0a1b...(32 hex)@127.0.0.1" -> "ospfd"; else the whole name. */
static char *
instance_class(const char *inst)
{
	const char	*at = strchr(inst, '@'), *dash;
	size_t		 i;

	if (at == NULL || at - inst < 34)
		return strdup(inst);
	dash = at - 33;
	if (*dash != '-')
		return strdup(inst);
	for (i = 1; i <= 32; i++)
		if (!isxdigit((unsigned char)dash[i]))
			return strdup(inst);
	return strndup(inst, (size_t)(dash - inst));
}

static bool
serves_cli(struct sh *sh, const char *target)
{
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_error	 err;
	const struct xrl_args	*l;
	const char		*s;
	size_t			 n, k = strlen(CLI_METHOD);
	uint32_t		 i;
	bool			 found = false;

	if (xrl_args_add_txt(&args, "target_name", target) == -1)
		return false;
	if (sh_call(sh, "finder", "finder/0.2/get_xrls_registered_by", &args,
	    &reply, &err) == XRL_OKAY && (l = reply_list(&reply)) != NULL)
		for (i = 0; i < l->count && !found; i++) {
			s = item_txt(&l->atoms[i]);
			n = strlen(s);
			found = n >= k && strcmp(s + n - k, CLI_METHOD) == 0;
		}
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	return found;
}

static bool
wanted(const struct sh *sh, const char *cls)
{
	unsigned	 i;

	if (sh->nonly == 0)
		return true;
	for (i = 0; i < sh->nonly; i++)
		if (strcmp(sh->only[i], cls) == 0)
			return true;
	return false;
}

int
sh_discover(struct sh *sh)
{
	struct xrl_args		 reply = XRL_ARGS_INIT;
	struct xrl_error	 err;
	const struct xrl_args	*l;
	const char		*name;
	char			 msg[XRL_NOTE_MAX + 64], *cls;
	uint32_t		 i;

	if (sh_call(sh, "finder", "finder/0.2/get_xrl_targets", NULL, &reply,
	    &err) != XRL_OKAY) {
		fprintf(stderr, "okapi-sh: cannot list the daemons through "
		    "the Finder: %s\n", xrl_error_print(&err, msg,
		    sizeof(msg)));
		xrl_args_clear(&reply);
		return -1;
	}
	sh_daemons_free(sh);
	if ((l = reply_list(&reply)) != NULL)
		for (i = 0; i < l->count && sh->nd < SH_MAX_DAEMONS; i++) {
			name = item_txt(&l->atoms[i]);
			if (*name == '\0' || strncmp(name, "finder", 6) == 0)
				continue;
			if ((cls = instance_class(name)) == NULL)
				continue;
			if (!wanted(sh, cls) || !serves_cli(sh, name)) {
				free(cls);
				continue;
			}
			sh->d[sh->nd].cls = cls;
			if ((sh->d[sh->nd].instance = strdup(name)) == NULL) {
				free(cls);
				continue;
			}
			sh->nd++;
		}
	xrl_args_clear(&reply);
	return 0;
}

static void
put_txt(struct buf *b, const struct xrl_args *reply, const char *name)
{
	const struct xrl_atom	*a = xrl_args_find(reply, name);

	buf_reset(b);
	if (a != NULL && a->type == XRL_TYPE_TXT && a->v.bytes.p != NULL)
		buf_put_bytes(b, a->v.bytes.p, a->v.bytes.len);
	buf_cstr(b);
}

bool
sh_execute(struct sh *sh, unsigned i, const char *context, const char *line,
    struct sh_reply *rp, char *errbuf, size_t errlen)
{
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_error	 err;
	const struct xrl_atom	*st;

	sh_reply_free(rp);
	if (xrl_args_add_txt(&args, "context", context) == -1 ||
	    xrl_args_add_txt(&args, "command", line) == -1) {
		snprintf(errbuf, errlen, "out of memory");
		xrl_args_clear(&args);
		return false;
	}
	if (sh_call(sh, sh->d[i].instance, "cli/0.1/execute_in", &args,
	    &reply, &err) != XRL_OKAY) {
		xrl_error_print(&err, errbuf, errlen);
		xrl_args_clear(&args);
		xrl_args_clear(&reply);
		return false;
	}
	rp->ok = true;
	st = xrl_args_find(&reply, "status");
	rp->status = st != NULL && st->type == XRL_TYPE_U32 ? st->v.u32 :
	    SH_ST_NO_MATCH;
	put_txt(&rp->output, &reply, "output");
	put_txt(&rp->context, &reply, "new_context");
	put_txt(&rp->prompt, &reply, "prompt");
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	return true;
}

int
sh_help(struct sh *sh, unsigned i, bool describe, const char *context,
    const char *line, struct buf *out)
{
	struct xrl_args		 args = XRL_ARGS_INIT, reply = XRL_ARGS_INIT;
	struct xrl_error	 err;
	const struct xrl_atom	*a, *n;
	int			 count = -1;

	if (xrl_args_add_txt(&args, "context", context) == 0 &&
	    xrl_args_add_txt(&args, "line", line) == 0 &&
	    sh_call(sh, sh->d[i].instance, describe ? "cli/0.1/describe" :
	    "cli/0.1/complete", &args, &reply, &err) == XRL_OKAY) {
		a = xrl_args_find(&reply, describe ? "help" : "candidates");
		n = xrl_args_find(&reply, "count");
		if (n != NULL && n->type == XRL_TYPE_I32 && n->v.i32 >= 0 &&
		    a != NULL && a->type == XRL_TYPE_TXT) {
			count = n->v.i32;
			if (a->v.bytes.len > 0) {
				buf_put_bytes(out, a->v.bytes.p,
				    a->v.bytes.len);
				if (a->v.bytes.p[a->v.bytes.len - 1] != '\n')
					buf_put_u8(out, '\n');
			}
		}
	}
	xrl_args_clear(&args);
	xrl_args_clear(&reply);
	return count;
}

/*
 * DOC: ifmgr_replicator/0.1, ribd's side of the interface mirror. Each
 * registered mirror first gets the whole tree (ift_dump, ending with
 * hint_tree_complete), then every op ribd applies to its own tree, each
 * kernel event closed by hint_updates_made. Calls to one mirror are
 * delivered in order by the XRL router. A mirror that fails a call or
 * whose instance dies (Finder death event) is dropped; it comes back by
 * registering again, which restarts from a full dump.
 */
#include <stdlib.h>
#include <string.h>

#include "ifmgr_replicator_xif.h"
#include "ifxrl.h"
#include "log.h"
#include "ribd.h"

struct mirror {
	TAILQ_ENTRY(mirror)	 entry;
	struct ribd		*rd;
	char			*name;
	unsigned		 inflight;
	bool			 dead;		/* unlinked, freed when idle */
};

static void
mirror_unref(struct mirror *m)
{
	if (m->dead && m->inflight == 0) {
		free(m->name);
		free(m);
	}
}

static void
mirror_drop(struct ribd *rd, struct mirror *m, const char *why)
{
	if (m->dead)
		return;
	log_info("ifmgr: dropping mirror %s: %s", m->name, why);
	TAILQ_REMOVE(&rd->mirrors, m, entry);
	rd->nmirrors--;
	m->dead = true;
	mirror_unref(m);
}

static void
mirror_sent(const struct xrl_error *err, void *arg)
{
	struct mirror	*m = arg;
	char		 buf[256];

	m->inflight--;
	if (err->code != XRL_OKAY && !m->dead) {
		/* It frees m when nothing else is in flight: not again. */
		mirror_drop(m->rd, m, xrl_error_print(err, buf, sizeof(buf)));
		return;
	}
	mirror_unref(m);
}

static void
mirror_send(const struct ift_op *op, void *arg)
{
	struct mirror	*m = arg;

	if (m->dead)
		return;
	if (ift_op_send(m->rd->r, m->name, op, mirror_sent, m) == -1) {
		mirror_drop(m->rd, m, "cannot queue a call");
		return;
	}
	m->inflight++;
}

static struct mirror *
mirror_find(struct ribd *rd, const char *name)
{
	struct mirror	*m;

	TAILQ_FOREACH(m, &rd->mirrors, entry)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

void
replicator_op(struct ribd *rd, const struct ift_op *op)
{
	struct mirror	*m, *next;

	for (m = TAILQ_FIRST(&rd->mirrors); m != NULL; m = next) {
		next = TAILQ_NEXT(m, entry);
		mirror_send(op, m);
	}
}

void
replicator_death(struct ribd *rd, const char *instance)
{
	struct mirror	*m;

	if ((m = mirror_find(rd, instance)) != NULL)
		mirror_drop(rd, m, "its target died");
}

static void
rep_register(void *ctx, struct xrl_error *err, const char *clientname)
{
	struct ribd	*rd = ctx;
	struct mirror	*m;

	if (*clientname == '\0') {
		xrl_error_set(err, XRL_BAD_ARGS, "clientname: empty");
		return;
	}
	if ((m = mirror_find(rd, clientname)) != NULL)
		mirror_drop(rd, m, "registered again");
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->name = strdup(clientname)) == NULL) {
		free(m);
		xrl_error_set(err, XRL_COMMAND_FAILED, "out of memory");
		return;
	}
	m->rd = rd;
	TAILQ_INSERT_TAIL(&rd->mirrors, m, entry);
	rd->nmirrors++;
	/* Instance names are watched so that a dead mirror is dropped at once. */
	if (strchr(clientname, '@') != NULL)
		(void)xrl_target_watch_instance(rd->t, clientname);
	log_info("ifmgr: mirror %s registered, sending %u interfaces",
	    clientname, rd->ifs.n);
	ift_dump(&rd->ifs, mirror_send, m);
}

static void
rep_unregister(void *ctx, struct xrl_error *err, const char *clientname)
{
	struct ribd	*rd = ctx;
	struct mirror	*m;

	if ((m = mirror_find(rd, clientname)) == NULL) {
		xrl_error_set(err, XRL_COMMAND_FAILED, "%s is not registered",
		    clientname);
		return;
	}
	mirror_drop(rd, m, "unregistered");
}

static const struct xrl_ifmgr_replicator_v0p1 rep_impl = {
	.register_ifmgr_mirror = rep_register,
	.unregister_ifmgr_mirror = rep_unregister,
};

int
replicator_init(struct ribd *rd)
{
	TAILQ_INIT(&rd->mirrors);
	return xrl_ifmgr_replicator_v0p1_register(xrl_target_dispatch(rd->t),
	    &rep_impl, rd);
}

void
replicator_fini(struct ribd *rd)
{
	struct mirror	*m;

	/* Called after the router is gone: no completion will come. */
	while ((m = TAILQ_FIRST(&rd->mirrors)) != NULL) {
		m->inflight = 0;
		mirror_drop(rd, m, "ribd stops");
	}
}

/*
 * DOC: the interface tree over XRL: ribd sends ops to its mirrors with
 * ift_op_send(); a protocol daemon keeps a mirror with struct ifmirror
 * (see ifxrl.c).
 */
#ifndef OKAPI_IFXRL_H
#define OKAPI_IFXRL_H

#include "iftree.h"
#include "router.h"

typedef void (*ift_sent_fn)(const struct xrl_error *, void *arg);

struct ifmirror_cbs {
	/* After each op is applied (and for each interface a re-register drops). */
	void	(*op)(const struct ift_op *, void *arg);
};

struct ifmirror;

/* ifxrl.c */
int		 ift_op_send(struct xrl_router *, const char *target,
		    const struct ift_op *, ift_sent_fn, void *arg);
/* Serve fea_ifmgr_mirror/0.1 on target (before the router starts). */
struct ifmirror	*ifmirror_new(struct xrl_target *, struct xrl_router *,
		    const char *replicator, const struct ifmirror_cbs *,
		    void *arg);
void		 ifmirror_free(struct ifmirror *);
/* Empty the tree and ask the replicator for a fresh dump. */
int		 ifmirror_register(struct ifmirror *);
const struct iftree *ifmirror_tree(const struct ifmirror *);
bool		 ifmirror_complete(const struct ifmirror *);	/* dump seen */
unsigned	 ifmirror_rejected(const struct ifmirror *);
#endif

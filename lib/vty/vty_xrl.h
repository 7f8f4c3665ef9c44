/*
 * DOC: cli/0.1 (xif/cli.xif) served from a vty_server, so that every VTY
 * command of a daemon is callable over XRL and okapi-sh can drive all the
 * daemons as one router:
 *
 *   finder://ospfd/cli/0.1/execute?command:txt=show+ip+ospf+neighbor
 *     -> output:txt=...&status:u32=0
 *
 * The handlers run the lines through vty_execute_in() and friends; they keep
 * no state of their own (the method table is static, the target's context
 * is the server), so there is nothing to free: the registration lasts as
 * long as the target.
 */
#ifndef OKAPI_VTY_XRL_H
#define OKAPI_VTY_XRL_H

#include <stddef.h>

#include "buf.h"

/* Output larger than this is cut at a line end and a last line says so. */
#define VTY_XRL_OUTPUT_MAX	(8u << 20)

struct vty_server;
struct xrl_target;
struct xrl_dispatch;
struct xrl_method;

/* vty_xrl.c */
/* Serve cli/0.1 for the server on the target; -1 on no memory. */
int		 vty_xrl_register(struct vty_server *, struct xrl_target *);
/* The same on a bare dispatcher (tests, a Finder-less server). */
int		 vty_xrl_register_dispatch(struct vty_server *,
		    struct xrl_dispatch *);
/* The method table, for tests that check it against xif/cli.xif. */
const struct xrl_method *vty_xrl_methods(unsigned *n);
/* Cut out to at most max bytes at a line end, adding a final line. */
void		 vty_xrl_truncate(struct buf *out, size_t max);
/*
 * The prompt suffix FRRouting gives the mode a context line enters:
 * "router ospf" -> "config-router", "interface eth0" -> "config-if". A
 * guess from the line alone, for tools; execute_in returns the daemon's
 * own prompt.
 */
void		 vty_xrl_mode_name(const char *line, char *dst, size_t len);

#endif

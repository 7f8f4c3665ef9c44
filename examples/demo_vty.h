/*
 * DOC: the example daemon's VTY: a "router demo" node with a greeting, a
 * passive flag and neighbours, its running-config writer, and show
 * commands, one of which streams any number of lines (for the tests that
 * check the server's memory and loop latency under a 50 MB output).
 */
#ifndef OKAPI_DEMO_VTY_H
#define OKAPI_DEMO_VTY_H

struct vty_server;
struct demo_vty;

/* demo_vty.c */
struct demo_vty	*demo_vty_new(void);
void		 demo_vty_free(struct demo_vty *);
/* Install the node, commands and writer; the server's ctx must be dv. */
int		 demo_vty_install(struct vty_server *, struct demo_vty *);

#endif

/*
 * DOC: a stand-in for lib/vty's server behind vty_xrl.c, so that cli/0.1
 * and okapi-sh are tested on a known grammar whatever the real VTY does.
 * A fake daemon of class C has:
 *
 *   ENABLE:  show version | show C | show big | show running-config |
 *            write terminal | configure terminal
 *   CONFIG:  hostname WORD | router C | no router C
 *   C node:  neighbor A.B.C.D | fail
 *
 * plus exit and end everywhere, keyword abbreviations, FRRouting's error
 * strings and statuses. "show big" prints 9 MiB.
 */
#ifndef OKAPI_FAKE_VTY_H
#define OKAPI_FAKE_VTY_H

#include "vty.h"

/* fake_vty.c */
struct vty_server *fake_vty_new(const char *cls);
void		 fake_vty_free(struct vty_server *);

#endif

/*
 * DOC: vty_util: what ospfd's show commands share between vty.c (show ip
 * ospf, neighbor, interface, traffic, route; the command table) and
 * vty_db.c (show ip ospf database). vty_util.c formats in FRRouting 8.4's
 * ways (dotted quads, ospf_timeval_dump() durations, LSA options, JSON
 * members) and presents the model in FRRouting's order and words (areas by
 * area ID, interfaces by name, neighbours by router ID or address). All of
 * it reads struct ospfd and changes nothing; strings go to caller-supplied
 * buffers, and the *_sorted() arrays of pointers are the caller's to free().
 */
#ifndef OKAPI_OSPFD_VTY_UTIL_H
#define OKAPI_OSPFD_VTY_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "vty.h"
#include "ospfd.h"

#define VTY_AREAS_MAX		64	/* areas shown at most */

/* vty_util.c: formatting. */
char		*ip4_str(uint32_t, char *, size_t);
/* FRR's ospf_timeval_dump(): 51 usecs, 3.823s, 1m32s, 2h05m07s, ... */
char		*tv_dump(uint64_t sec, uint64_t usec, char *, size_t);
char		*ms_dump(uint64_t ms, char *, size_t);
uint64_t	 ms_until(uint64_t at, uint64_t now);	/* 0 once passed */
/* FRR's ospf_options_dump(). */
char		*options_str(uint8_t, char *, size_t);
bool		 ev_on(const struct event *);	/* a pending timer */
void		 json_add_str(json_object *, const char *, const char *);
void		 json_add_int(json_object *, const char *, int64_t);
void		 json_add_true(json_object *, const char *);
void		 json_add_ip(json_object *, const char *, uint32_t);
/* Print o with json-c's flags and a newline, then put it. */
void		 json_out(struct vty *, json_object *o, int flags);

/* vty_util.c: the model. */
size_t		 areas_sorted(const struct ospfd *, struct ospf_area **out,
		    size_t max);
/* The area database AS-scoped LSAs are read from; NULL: none anywhere. */
const struct lsdb *as_db(const struct ospfd *);
char		*oif_label(const struct ospf_if *, char *, size_t);
char		*nbr_state_str(const struct ospf_nbr *, char *, size_t);
const char	*nbr_role_json(const struct ospf_nbr *);
uint64_t	 nbr_up_ms(const struct ospf_nbr *, uint64_t now);
size_t		 nbr_dbsum(const struct ospf_nbr *);
struct ospf_nbr	**nbrs_sorted(const struct ospf_if *, size_t *n);
struct ospf_if	**oifs_sorted(const struct ospfd *, size_t *n);
const struct ift_if *mirror_if(const struct ospfd *, const char *);
char		*if_flags(const struct ospfd *, const struct ospf_if *,
		    const char *name, char *, size_t);
const char	*oif_net_type(const struct ospf_if *);
struct ospf_nbr	*oif_nbr_by_addr(const struct ospf_if *, uint32_t);
/* Neighbours in state (0: any). */
unsigned	 oif_nbr_count(const struct ospf_if *, unsigned state);
/*
 * An area's kind as our own router-LSA in it tells (RFC 2328 12.1.2: no E
 * bit in a stub area; FRRouting, like RFC 3101's N bit, sets N/P in an
 * NSSA's): the show commands need no copy of the area configuration.
 */
enum ospf_area_type area_kind(const struct ospfd *, const struct ospf_area *);
/* FRR's ospf_area_desc_string(): "0.0.0.1", "0.0.0.1 [Stub]", ... */
char		*area_desc(const struct ospfd *, const struct ospf_area *,
		    char *, size_t);
/* RFC 3101 3.1: we translate this NSSA's type-7 LSAs (abr.c elects). */
bool		 area_nssa_translator(const struct ospfd *,
		    const struct ospf_area *);
/* False, having said so as FRRouting 8.4 does, without "router ospf". */
bool		 ospf_running(struct vty *, const struct ospfd *, bool json);

/* vty_db.c: show ip ospf database. */
int		 cmd_show_database(struct vty *, const struct cmd_match *,
		    void *);

#endif

/*
 * DOC: the interface tree ribd learns from the kernel and protocol daemons
 * mirror over XRL (XORP's model: interface, vif, address; on Linux every
 * interface has exactly one vif of the same name, so vif attributes live
 * on the interface).
 *
 * Every change to a tree is an ift_op, one per fea_ifmgr_mirror/0.1
 * method. ribd computes ops with ift_diff() (old state against new) and
 * applies them to its own tree with ift_apply() while sending the same
 * ops to each mirror, which applies them to its copy: both trees change
 * through one function, so they cannot drift apart.
 */
#ifndef OKAPI_IFTREE_H
#define OKAPI_IFTREE_H

#include <sys/queue.h>

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "addr.h"

#define IFT_NAMSIZ	16		/* IFNAMSIZ */

struct ift_addr4 {
	TAILQ_ENTRY(ift_addr4)	 entry;
	struct in_addr		 addr;
	uint8_t			 plen;
	bool			 enabled;
	bool			 multicast;
	bool			 loopback;
	bool			 has_bcast;
	bool			 has_peer;
	struct in_addr		 bcast;
	struct in_addr		 peer;
};

struct ift_addr6 {
	TAILQ_ENTRY(ift_addr6)	 entry;
	struct in6_addr		 addr;
	uint8_t			 plen;
	bool			 enabled;
	bool			 multicast;
	bool			 loopback;
	bool			 has_peer;
	struct in6_addr		 peer;
};

struct ift_if {
	TAILQ_ENTRY(ift_if)	 entry;
	char			 name[IFT_NAMSIZ];
	uint32_t		 ifindex;
	uint32_t		 mtu;
	struct mac		 mac;
	bool			 has_mac;
	bool			 has_vif;
	bool			 enabled;	/* IFF_UP */
	bool			 no_carrier;	/* !IFF_RUNNING */
	bool			 loopback;
	bool			 broadcast;
	bool			 multicast;
	bool			 p2p;
	TAILQ_HEAD(, ift_addr4)	 a4;
	TAILQ_HEAD(, ift_addr6)	 a6;
	unsigned		 na4, na6;
};

/* Interfaces sorted by name, as "show interface" lists them. */
struct iftree {
	TAILQ_HEAD(, ift_if)	 ifs;
	unsigned		 n;
};

enum ift_op_type {
	IFT_IF_ADD,
	IFT_IF_REMOVE,
	IFT_IF_ENABLED,
	IFT_IF_MTU,
	IFT_IF_MAC,
	IFT_IF_PIF_INDEX,
	IFT_IF_NO_CARRIER,
	IFT_VIF_ADD,
	IFT_VIF_REMOVE,
	IFT_VIF_ENABLED,
	IFT_VIF_MULTICAST,
	IFT_VIF_BROADCAST,
	IFT_VIF_P2P,
	IFT_VIF_LOOPBACK,
	IFT_VIF_PIF_INDEX,
	IFT_VIF_VIF_INDEX,
	IFT_A4_ADD,
	IFT_A4_REMOVE,
	IFT_A4_PREFIX,
	IFT_A4_ENABLED,
	IFT_A4_MULTICAST,
	IFT_A4_LOOPBACK,
	IFT_A4_BROADCAST,
	IFT_A4_ENDPOINT,
	IFT_A6_ADD,
	IFT_A6_REMOVE,
	IFT_A6_PREFIX,
	IFT_A6_ENABLED,
	IFT_A6_LOOPBACK,
	IFT_A6_MULTICAST,
	IFT_A6_ENDPOINT,
	IFT_HINT_TREE_COMPLETE,
	IFT_HINT_UPDATES_MADE,
	IFT_OP_MAX
};

/* One mirror method call. Which fields matter depends on type. */
struct ift_op {
	enum ift_op_type	 type;
	const char		*ifname;	/* vifname is the same */
	struct in_addr		 a4;		/* the address an A4 op is about */
	struct in6_addr		 a6;
	struct in_addr		 v4;		/* broadcast / endpoint */
	struct in6_addr		 v6;
	uint32_t		 u;		/* mtu, index, prefix length */
	bool			 b;
	struct mac		 mac;
};

typedef void (*ift_emit_fn)(const struct ift_op *, void *arg);

extern const char *const ift_op_names[IFT_OP_MAX];

/* iftree.c */
void		 iftree_init(struct iftree *);
void		 iftree_clear(struct iftree *);
struct ift_if	*iftree_find(const struct iftree *, const char *name);
struct ift_if	*iftree_find_index(const struct iftree *, uint32_t ifindex);
struct ift_if	*ift_if_alloc(const char *name);
struct ift_if	*ift_if_dup(const struct ift_if *);
void		 ift_if_free(struct ift_if *);
bool		 ift_if_up(const struct ift_if *);	/* enabled, carrier */
struct ift_addr4 *ift_a4_find(const struct ift_if *, struct in_addr);
struct ift_addr6 *ift_a6_find(const struct ift_if *, const struct in6_addr *);
/* Add (or find) an address on a detached interface copy; NULL: no memory. */
struct ift_addr4 *ift_a4_add(struct ift_if *, struct in_addr);
struct ift_addr6 *ift_a6_add(struct ift_if *, const struct in6_addr *);
void		 ift_a4_del(struct ift_if *, struct ift_addr4 *);
void		 ift_a6_del(struct ift_if *, struct ift_addr6 *);

/* ifdiff.c */
/*
 * The ops that turn old into new (either may be NULL: an interface that
 * appears or goes away). Names must match unless one side is NULL.
 */
void		 ift_diff(const struct ift_if *old, const struct ift_if *nw,
		    ift_emit_fn, void *arg);
/* Every op that builds t from nothing, then IFT_HINT_TREE_COMPLETE. */
void		 ift_dump(const struct iftree *t, ift_emit_fn, void *arg);
/*
 * Apply one op. -1 when it does not fit the tree (unknown interface or
 * address, no memory); the tree is then unchanged.
 */
int		 ift_apply(struct iftree *, const struct ift_op *);

#endif

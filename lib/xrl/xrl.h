/*
 * DOC: XRL values. An XRL is protocol://target/command?args; its arguments
 * and a reply's return values are lists of atoms (name:type=value). This
 * header holds the value model, its canonical text form (byte-for-byte what
 * XORP prints, parsed strictly as okapi decides) and its packed binary form.
 * Everything here is pure: no sockets, no event loop, no globals, so every
 * decoder is fuzzed on its own.
 */
#ifndef OKAPI_XRL_H
#define OKAPI_XRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "buf.h"

/* Wire codes: the order is frozen by XORP's packed form. */
enum xrl_type {
	XRL_TYPE_NONE = 0,
	XRL_TYPE_I32,
	XRL_TYPE_U32,
	XRL_TYPE_IPV4,
	XRL_TYPE_IPV4NET,
	XRL_TYPE_IPV6,
	XRL_TYPE_IPV6NET,
	XRL_TYPE_MAC,
	XRL_TYPE_TXT,
	XRL_TYPE_LIST,
	XRL_TYPE_BOOL,
	XRL_TYPE_BINARY,
	XRL_TYPE_I64,
	XRL_TYPE_U64,
	XRL_TYPE_FP64,
	XRL_TYPE_MAX
};

/* Reply codes, as XORP numbers them. */
enum xrl_code {
	XRL_OKAY			= 100,
	XRL_BAD_ARGS			= 101,
	XRL_COMMAND_FAILED		= 102,
	XRL_NO_FINDER			= 200,
	XRL_RESOLVE_FAILED		= 201,
	XRL_NO_SUCH_METHOD		= 202,
	XRL_SEND_FAILED			= 210,
	XRL_REPLY_TIMED_OUT		= 211,
	XRL_SEND_FAILED_TRANSIENT	= 212,
	XRL_INTERNAL_ERROR		= 220,
};

#define XRL_NOTE_MAX	512
#define XRL_ERRBUF	160	/* parse error messages */

struct xrl_error {
	uint32_t	 code;			/* enum xrl_code */
	char		 note[XRL_NOTE_MAX];	/* NUL-terminated, may be "" */
};

/* txt and binary payloads; txt is also NUL-terminated past len. */
struct xrl_bytes {
	uint8_t		*p;
	size_t		 len;
};

struct xrl_args;

struct xrl_atom {
	char		*name;		/* owned; NULL for an unnamed atom */
	uint8_t		 type;		/* enum xrl_type */
	bool		 has_data;	/* false: dataless (name:type) */
	union {
		int32_t		 i32;
		uint32_t	 u32;
		int64_t		 i64;
		uint64_t	 u64;
		bool		 boolean;
		double		 fp64;
		struct in_addr	 ipv4;
		struct prefix4	 ipv4net;
		struct in6_addr	 ipv6;
		struct prefix6	 ipv6net;
		struct mac	 mac;
		struct xrl_bytes bytes;		/* txt, binary */
		struct xrl_args	*list;		/* owned */
	} v;
};

struct xrl_args {
	struct xrl_atom	*atoms;
	uint32_t	 count;
	uint32_t	 cap;
};

#define XRL_ARGS_INIT { NULL, 0, 0 }

/* A parsed XRL. protocol is "finder", "stcp" or "unix". */
struct xrl {
	char		*protocol;
	char		*target;
	char		*command;
	struct xrl_args	 args;
};

/* error.c */
const char	*xrl_code_str(uint32_t);	/* "Okay", "Bad argument(s)"... */
void		 xrl_error_set(struct xrl_error *, uint32_t code,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void		 xrl_error_ok(struct xrl_error *);
/* "<code> <message>[ <note>]" */
char		*xrl_error_print(const struct xrl_error *, char *, size_t);
/* maps an unknown received code to INTERNAL_ERROR "Errorcode <n> unknown" */
void		 xrl_error_from_wire(struct xrl_error *, uint32_t code,
		    const char *note, size_t notelen);
/* Format a parse error into err (may be NULL); always returns -1. */
int		 xrl_errf(char *err, size_t errlen, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * atom.c: the value model. Copies and parsers overwrite (initialise) their
 * output without freeing what it held. An unnamed atom has name NULL.
 */
extern const char *const xrl_type_names[XRL_TYPE_MAX];
int		 xrl_type_lookup(const char *name, size_t len);	/* -1 */
/* Atom names are [A-Za-z0-9_-]* (empty: unnamed). */
bool		 xrl_name_valid(const char *name, size_t len);
void		 xrl_atom_clear(struct xrl_atom *);
int		 xrl_atom_copy(struct xrl_atom *, const struct xrl_atom *);
bool		 xrl_atom_equal(const struct xrl_atom *,
		    const struct xrl_atom *);

void		 xrl_args_init(struct xrl_args *);
/* Room for n more atoms, so n appends do not allocate; -1 on no memory. */
int		 xrl_args_reserve(struct xrl_args *, uint32_t n);
void		 xrl_args_clear(struct xrl_args *);
struct xrl_args	*xrl_args_new(void);
void		 xrl_args_free(struct xrl_args *);
int		 xrl_args_copy(struct xrl_args *, const struct xrl_args *);
bool		 xrl_args_equal(const struct xrl_args *,
		    const struct xrl_args *);
/*
 * Append an atom of the given type (name may be NULL); NULL on no memory.
 * It has data, all zero: a list atom gets an empty list, a txt or binary
 * atom an empty value with p NULL (set both p and len, or use the typed
 * appenders below). The pointer is valid until the next append.
 */
struct xrl_atom	*xrl_args_add(struct xrl_args *, const char *name,
		    enum xrl_type);
const struct xrl_atom *xrl_args_find(const struct xrl_args *,
		    const char *name);
/* The first name that two atoms share (§2.2 rule 6), or NULL. */
const char	*xrl_args_dup_name(const struct xrl_args *);
/* Typed appenders: return 0, or -1 on no memory. */
int	 xrl_args_add_i32(struct xrl_args *, const char *, int32_t);
int	 xrl_args_add_u32(struct xrl_args *, const char *, uint32_t);
int	 xrl_args_add_i64(struct xrl_args *, const char *, int64_t);
int	 xrl_args_add_u64(struct xrl_args *, const char *, uint64_t);
int	 xrl_args_add_bool(struct xrl_args *, const char *, bool);
int	 xrl_args_add_fp64(struct xrl_args *, const char *, double);
int	 xrl_args_add_ipv4(struct xrl_args *, const char *,
	    const struct in_addr *);
int	 xrl_args_add_ipv4net(struct xrl_args *, const char *,
	    const struct prefix4 *);
int	 xrl_args_add_ipv6(struct xrl_args *, const char *,
	    const struct in6_addr *);
int	 xrl_args_add_ipv6net(struct xrl_args *, const char *,
	    const struct prefix6 *);
int	 xrl_args_add_mac(struct xrl_args *, const char *, const struct mac *);
int	 xrl_args_add_txt(struct xrl_args *, const char *, const char *);
int	 xrl_args_add_txt_len(struct xrl_args *, const char *, const void *,
	    size_t);
int	 xrl_args_add_binary(struct xrl_args *, const char *, const void *,
	    size_t);
/* The list atom's items (empty), or NULL on no memory. */
struct xrl_args	*xrl_args_add_list(struct xrl_args *, const char *);
/* Copy an existing atom (deep) onto the end. */
int	 xrl_args_add_atom(struct xrl_args *, const struct xrl_atom *);

void		 xrl_init(struct xrl *);
void		 xrl_clear(struct xrl *);
/* Set the head fields (copies); returns -1 on no memory. */
int		 xrl_set(struct xrl *, const char *protocol,
		    const char *target, const char *command);
bool		 xrl_is_resolved(const struct xrl *);

/* escape.c: §3 value encoding */
bool		 xrl_escape(struct buf *, const void *, size_t);
/* Decode s[0..len) onto out; -1 on a bad or truncated %XX. */
int		 xrl_unescape(struct buf *, const char *, size_t);
/* The same into dst, which has room for len bytes; *outlen gets the size. */
int		 xrl_unescape_to(uint8_t *dst, const char *, size_t len,
		    size_t *outlen);

/*
 * text.c: canonical text. Parsers return 0 or -1 with a message in err
 * (err may be NULL). On failure the output is left cleared.
 */
int	 xrl_atom_parse(struct xrl_atom *, const char *, size_t,
	    char *err, size_t errlen);
int	 xrl_args_parse(struct xrl_args *, const char *, size_t,
	    char *err, size_t errlen);
int	 xrl_parse(struct xrl *, const char *, size_t, char *err,
	    size_t errlen);
/* Printers append to the buf and return buf_ok(). */
bool	 xrl_atom_print(const struct xrl_atom *, struct buf *);
bool	 xrl_args_print(const struct xrl_args *, struct buf *);
bool	 xrl_print(const struct xrl *, struct buf *);
/* Just "protocol://target/command", the head of a packed XRL. */
bool	 xrl_print_head(const struct xrl *, struct buf *);
/* Print just the value part of an atom (what follows '='), escaped. */
bool	 xrl_atom_print_value(const struct xrl_atom *, struct buf *);

/*
 * pack.c: §10 packed form. Unpackers consume exactly len bytes and refuse
 * trailing garbage, nesting deeper than XRL_PACK_MAX_DEPTH and counts that
 * cannot fit in the input.
 */
#define XRL_PACK_MAX_DEPTH	8
bool	 xrl_atom_pack(const struct xrl_atom *, struct buf *);
bool	 xrl_args_pack(const struct xrl_args *, struct buf *);
int	 xrl_args_unpack(struct xrl_args *, const uint8_t *, size_t,
	    char *err, size_t errlen);
/* A packed XRL: head "protocol://target/command" then the arguments. */
bool	 xrl_pack(const char *head, size_t headlen, const struct xrl_args *,
	    struct buf *);
/*
 * Unpack a packed XRL without copying its head: *head points into the input.
 * The arguments are unpacked into args.
 */
int	 xrl_unpack(const uint8_t *, size_t, const char **head,
	    size_t *headlen, struct xrl_args *args, char *err, size_t errlen);

#endif

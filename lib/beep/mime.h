/*
 * DOC: mime: the MIME wrapping of a BEEP message (RFC 3080 2.2, spec
 * digest section 3), pure: no sockets, no event loop, no globals.
 *
 * A BEEP message is a MIME entity: entity headers, an empty line, the
 * body. beep_mime_parse() splits a complete message (the payloads of
 * its frames put together) into its header fields and its body, without
 * copying: every pointer it returns points into the caller's payload.
 * The digest's wire convention decides where headers are:
 *
 *   - a payload starting with CR LF has no headers; the body follows;
 *   - a payload whose first line looks like a header field (a name of
 *     letters, digits and '-', then ':') has headers up to the first
 *     empty line (CR LF CR LF), which must be there;
 *   - any other payload (the empty one included) is all body.
 *
 * Header lines end with CR LF (a lone CR or LF is an error), may be
 * folded (a line starting with SP or HT continues the field before it),
 * hold no control octets but HT, and are limited in number and length.
 * A missing Content-Type is application/octet-stream, a missing
 * Content-Transfer-Encoding is binary (RFC 3080 2.2).
 *
 * beep_mime_xml_check() then says whether a parsed message is
 * application/beep+xml as channel 0, TLS, SASL and TUNNEL want it:
 * that media type, a charset of UTF-8 (or its subset US-ASCII) if one
 * is given, and an identity transfer encoding (binary, 8bit, 7bit).
 *
 * Building: beep_mime_hdr_put() writes header fields and the empty line
 * (just CR LF when there are none, so a headerless message starts with
 * CR LF, checklist item 19); beep_mime_put() a whole message. Both
 * refuse a field that would not parse back and then write nothing.
 */
#ifndef OKAPI_BEEP_MIME_H
#define OKAPI_BEEP_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define BEEP_MIME_FIELDS_MAX	16	/* header fields in one message */
#define BEEP_MIME_LINE_MAX	998	/* octets of a line, CR LF excluded */
#define BEEP_MIME_FIELD_MAX	4096	/* octets of a field, folds included */

#define BEEP_MIME_XML		"application/beep+xml"
#define BEEP_MIME_DEFAULT_TYPE	"application/octet-stream"
#define BEEP_MIME_DEFAULT_CTE	"binary"

enum beep_mime_err {
	BEEP_MIME_OK = 0,
	BEEP_MIME_ERR_NO_END,		/* headers without the empty line */
	BEEP_MIME_ERR_CRLF,		/* CR without LF, or LF without CR */
	BEEP_MIME_ERR_CHAR,		/* a control octet in a header */
	BEEP_MIME_ERR_FIELD,		/* a line not "name: value" */
	BEEP_MIME_ERR_TOO_MANY,		/* over BEEP_MIME_FIELDS_MAX fields */
	BEEP_MIME_ERR_TOO_LONG,		/* a line or field over its maximum */
	BEEP_MIME_ERR_DUPLICATE,	/* Content-Type or -Transfer-Encoding twice */
	BEEP_MIME_ERR_VALUE,		/* a Content-Type that does not parse */
	BEEP_MIME_ERR_TYPE,		/* not application/beep+xml */
	BEEP_MIME_ERR_CHARSET,		/* a charset other than UTF-8 */
	BEEP_MIME_ERR_ENCODING,		/* a transfer encoding to undo */
	BEEP_MIME_ERR_NOMEM,		/* out of memory (building) */
	BEEP_MIME_ERR_MAX
};

/* A header field; name and value point into the payload, not NUL-ended. */
struct beep_mime_field {
	const char	*name;
	size_t		 name_len;
	const char	*value;		/* no leading or trailing WSP */
	size_t		 value_len;	/* folds (CR LF WSP) kept */
};

struct beep_mime {
	size_t			 nfields;
	struct beep_mime_field	 fields[BEEP_MIME_FIELDS_MAX];
	const char		*ctype;		/* the field, or the default */
	size_t			 ctype_len;
	const char		*cte;		/* the field, or the default */
	size_t			 cte_len;
	const uint8_t		*body;		/* not NULL */
	size_t			 body_len;
	bool			 headerless;	/* no empty line: all body */
	size_t			 err_off;	/* where an error was found */
};

/* A Content-Type value taken apart; slices of the value. */
struct beep_mime_ctype {
	const char	*type;
	size_t		 type_len;
	const char	*subtype;
	size_t		 subtype_len;
	const char	*charset;	/* NULL: no charset parameter */
	size_t		 charset_len;
};

/* mime.c */
const char	*beep_mime_err_str(enum beep_mime_err);
/* The reply code for a refused channel-0 message: 500, 501 or 504. */
unsigned int	 beep_mime_err_code(enum beep_mime_err);
/* p[0..len) is a whole message; m points into it afterwards. */
enum beep_mime_err beep_mime_parse(const uint8_t *p, size_t len,
		    struct beep_mime *m);
/* The first field named name (case-insensitive), or NULL. */
const struct beep_mime_field *beep_mime_field(const struct beep_mime *,
		    const char *name);
enum beep_mime_err beep_mime_ctype_parse(const char *v, size_t len,
		    struct beep_mime_ctype *);
/* application/beep+xml, UTF-8, no transfer encoding to undo. */
enum beep_mime_err beep_mime_xml_check(const struct beep_mime *);

/*
 * Header fields then the empty line; n == 0 writes CR LF alone. Names
 * are tokens, values printable (HT allowed), one line each.
 */
enum beep_mime_err beep_mime_hdr_put(struct buf *,
		    const struct beep_mime_field *, size_t n);
/* A message: Content-Type ctype (NULL: no headers), then the body. */
enum beep_mime_err beep_mime_put(struct buf *, const char *ctype,
		    const void *body, size_t len);

#endif

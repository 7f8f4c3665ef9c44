/*
 * DOC: mgmt: the XML elements BEEP carries as application/beep+xml, pure:
 * no sockets, no event loop, no globals. Channel management (RFC 3080
 * 2.3 and 7.1, spec digest section 5): greeting, start, close, ok, error
 * and the profile reply to start; TLS (RFC 3080 3.1, digest 9): ready and
 * proceed; SASL (RFC 3080 4, digest 10): blob; TUNNEL (RFC 3620, digest
 * 11): tunnel.
 *
 * Parsing. beep_mgmt_parse() reads one message body (the MIME body, see
 * mime.h; or a profile's piggybacked content) with expat into a struct
 * beep_mgmt: the root element's kind and its fields. The caller says
 * which root elements it expects (BEEP_EL_BIT()s), since that depends
 * on where the message came from: a MSG on channel 0 holds start or
 * close, an RPY greeting, profile or ok, an ERR error. The strings the
 * result points to live in the struct until beep_mgmt_clear().
 *
 * What is refused, each with its own error, and the reply code to send
 * in <error code=...> (beep_mgmt_err_code(), RFC 3080 8, digest 5.7):
 *
 *   500  not well formed XML; what the application/beep+xml media type
 *        forbids (digest 3, checklist item 20): an XML declaration, a
 *        DOCTYPE, entity references but &amp; &lt; &gt; &apos; &quot;
 *        and numeric ones; input over BEEP_MGMT_LEN_MAX, too many
 *        profiles or tunnel hops;
 *   501  valid XML that is not what the DTDs of RFC 3080 7 and RFC 3620
 *        allow: an unknown or unexpected element, a child or text where
 *        none may be, an unknown attribute or a missing required one, a
 *        value of the wrong syntax (a number with a non-digit, a code
 *        not [1-5][0-9][0-9], an encoding not none or base64, bad
 *        base64, an ip4 with letters), a start without a profile,
 *        piggybacked content over 4096 octets (checklist item 32), a
 *        tunnel with an attribute combination RFC 3620 2.2 does not list;
 *   553  a well-formed value out of its range: a channel number 0 or
 *        above 2147483647 in start, a port outside 1..65535, an ip4
 *        octet above 255 (digest 11.2: "553 (bad value)").
 *
 * CDATA sections, comments and processing instructions are allowed, the
 * text is UTF-8 (a charset parameter is mime.h's business). Whitespace
 * between elements is ignored; the text of close, error, profile and
 * blob is kept as it is. A close without number has number 0 (digest
 * 5.5). Profile content with encoding='base64', and blob content, are
 * decoded (whitespace inside the base64 is skipped).
 *
 * Building. Each *_put() appends one element to a struct buf in the
 * canonical form of the digest (sections 3 and 11.7): single-quoted
 * attributes, a greeting's or start's profiles on their own lines
 * indented by three spaces, piggybacked content in CDATA when it can be
 * (escaped text otherwise, base64 when asked), and the exact strings
 * Vortex compares: "<ready />", "<proceed />", "<ok />", "<tunnel />".
 * The element is not followed by CR LF, so that it can be piggybacked;
 * beep_mgmt_msg_put() writes a whole channel-0 message body: the
 * Content-Type header, the element and CR LF. Values are checked as the
 * parser checks them (a close always carries number, interop note 4),
 * text is escaped, and a string that XML cannot carry (invalid UTF-8, a
 * control character) is refused; on any error nothing is written.
 */
#ifndef OKAPI_BEEP_MGMT_H
#define OKAPI_BEEP_MGMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define BEEP_URI_TLS		"http://iana.org/beep/TLS"
#define BEEP_URI_TUNNEL		"http://iana.org/beep/TUNNEL"
#define BEEP_URI_SASL		"http://iana.org/beep/SASL/"	/* + mechanism */
#define BEEP_TUNNEL_PORT	604		/* IANA, RFC 3620 A.2 */

#define BEEP_MGMT_LEN_MAX	65536	/* octets of XML parsed at once */
#define BEEP_MGMT_PROFILES_MAX	64	/* in a greeting or a start */
#define BEEP_PIGGYBACK_MAX	4096	/* profile content, RFC 3080 2.3.1.2 */
#define BEEP_TUNNEL_HOPS_MAX	16	/* nested tunnel elements */
#define BEEP_CHANNEL_MAX	2147483647U

enum beep_el {
	BEEP_EL_NONE,
	BEEP_EL_GREETING,
	BEEP_EL_START,
	BEEP_EL_CLOSE,
	BEEP_EL_OK,
	BEEP_EL_ERROR,
	BEEP_EL_PROFILE,
	BEEP_EL_READY,		/* TLS */
	BEEP_EL_PROCEED,	/* TLS */
	BEEP_EL_BLOB,		/* SASL */
	BEEP_EL_TUNNEL,		/* TUNNEL */
	BEEP_EL_MAX
};

#define BEEP_EL_BIT(e)		(1U << (e))
#define BEEP_EL_ANY		(((1U << BEEP_EL_MAX) - 1) & \
				    ~BEEP_EL_BIT(BEEP_EL_NONE))
/* What each kind of channel-0 message may hold (RFC 3080 2.3.1). */
#define BEEP_EL_CH0_MSG		(BEEP_EL_BIT(BEEP_EL_START) | \
				    BEEP_EL_BIT(BEEP_EL_CLOSE))
#define BEEP_EL_CH0_RPY		(BEEP_EL_BIT(BEEP_EL_GREETING) | \
				    BEEP_EL_BIT(BEEP_EL_PROFILE) | \
				    BEEP_EL_BIT(BEEP_EL_OK))
#define BEEP_EL_CH0_ERR		BEEP_EL_BIT(BEEP_EL_ERROR)

enum beep_mgmt_err {
	BEEP_MGMT_OK = 0,
	BEEP_MGMT_ERR_XML,		/* not well formed (500) */
	BEEP_MGMT_ERR_XML_DECL,		/* an XML declaration (500) */
	BEEP_MGMT_ERR_DOCTYPE,		/* a DOCTYPE (500) */
	BEEP_MGMT_ERR_ENTITY,		/* a named entity of our own (500) */
	BEEP_MGMT_ERR_LIMIT,		/* too long, too many (500) */
	BEEP_MGMT_ERR_ELEMENT,		/* an unknown element (501) */
	BEEP_MGMT_ERR_UNEXPECTED,	/* a known one, not expected here (501) */
	BEEP_MGMT_ERR_CONTENT,		/* a child or text not allowed (501) */
	BEEP_MGMT_ERR_ATTR_UNKNOWN,	/* an unknown attribute (501) */
	BEEP_MGMT_ERR_ATTR_MISSING,	/* a required attribute missing (501) */
	BEEP_MGMT_ERR_ATTR_VALUE,	/* a value of the wrong syntax (501) */
	BEEP_MGMT_ERR_NUMBER,		/* a number with a non-digit (501) */
	BEEP_MGMT_ERR_CODE,		/* a code not [1-5][0-9][0-9] (501) */
	BEEP_MGMT_ERR_NO_PROFILE,	/* a start without profile (501) */
	BEEP_MGMT_ERR_PIGGYBACK,	/* content over 4096 octets (501) */
	BEEP_MGMT_ERR_BASE64,		/* content not base64 (501) */
	BEEP_MGMT_ERR_ADDR,		/* a malformed fqdn ip4 ip6 srv (501) */
	BEEP_MGMT_ERR_TUNNEL_COMBO,	/* attributes not a legal set (501) */
	BEEP_MGMT_ERR_TUNNEL_INNER,	/* profile endpoint or none, nested (501) */
	BEEP_MGMT_ERR_RANGE,		/* a number out of range (553) */
	BEEP_MGMT_ERR_CHAR,		/* building: not an XML string (500) */
	BEEP_MGMT_ERR_NOMEM,		/* out of memory (451) */
	BEEP_MGMT_ERR_MAX
};

enum beep_encoding {
	BEEP_ENC_NONE,
	BEEP_ENC_BASE64,
};

/* A profile: in a greeting (no content), a start, or a start's reply. */
struct beep_profile {
	const char		*uri;
	enum beep_encoding	 encoding;	/* as sent */
	const uint8_t		*content;	/* decoded; NUL-ended */
	size_t			 content_len;	/* 0: none */
};

struct beep_greeting {
	const char			*features;	/* NULL: none */
	const char			*localize;	/* NULL: i-default */
	const struct beep_profile	*profiles;
	size_t				 nprofiles;
};

struct beep_start {
	uint32_t			 number;	/* 1..2147483647 */
	const char			*server_name;	/* NULL: none */
	const struct beep_profile	*profiles;	/* at least one */
	size_t				 nprofiles;
};

struct beep_close {
	uint32_t	 number;	/* 0: the session */
	uint16_t	 code;		/* 100..599 */
	const char	*lang;		/* xml:lang; NULL: none */
	const char	*text;		/* NULL: none */
};

struct beep_error {
	uint16_t	 code;
	const char	*lang;
	const char	*text;
};

struct beep_tls_ready {
	const char	*version;	/* NULL: none (means "1") */
};

enum beep_blob_status {
	BEEP_BLOB_CONTINUE,		/* the default */
	BEEP_BLOB_ABORT,
	BEEP_BLOB_COMPLETE,
	BEEP_BLOB_STATUS_MAX
};

struct beep_sasl_blob {
	enum beep_blob_status	 status;
	const uint8_t		*data;		/* decoded; NUL-ended */
	size_t			 len;
};

/* One tunnel element; NULL strings and port 0 are absent attributes. */
struct beep_tunnel_hop {
	const char	*fqdn;
	const char	*ip4;
	const char	*ip6;
	uint16_t	 port;
	const char	*srv;
	const char	*profile;
	const char	*endpoint;
};

/* hops[0] is the outermost element, hops[nhops - 1] the innermost. */
struct beep_tunnel {
	const struct beep_tunnel_hop	*hops;
	size_t				 nhops;
};

struct beep_mgmt {
	enum beep_el		 type;
	union {
		struct beep_greeting	 greeting;
		struct beep_start	 start;
		struct beep_close	 close;
		struct beep_error	 error;
		struct beep_profile	 profile;
		struct beep_tls_ready	 ready;
		struct beep_sasl_blob	 blob;
		struct beep_tunnel	 tunnel;
	} u;
	/* where the parse failed: expat's line and column, and its words */
	unsigned long		 err_line;
	unsigned long		 err_col;
	const char		*err_detail;	/* static; NULL: none */
	/* storage behind the pointers above */
	struct beep_profile	 profiles[BEEP_MGMT_PROFILES_MAX];
	struct beep_tunnel_hop	 hops[BEEP_TUNNEL_HOPS_MAX];
	char			*strs;
	size_t			 strs_len;
	size_t			 strs_cap;
};

/* mgmt.c */
const char	*beep_el_name(enum beep_el);
const char	*beep_mgmt_err_str(enum beep_mgmt_err);
/* The reply code that answers a message refused with this error. */
unsigned int	 beep_mgmt_err_code(enum beep_mgmt_err);
const char	*beep_blob_status_name(enum beep_blob_status);

/*
 * Parse p[0..len), whose root element must be one of allow. m is
 * initialized whatever the result; after an error it holds no memory
 * and type is BEEP_EL_NONE. After success, beep_mgmt_clear() frees it.
 */
enum beep_mgmt_err beep_mgmt_parse(struct beep_mgmt *m, const void *p,
		    size_t len, unsigned int allow);
void		 beep_mgmt_clear(struct beep_mgmt *);
/* RFC 3620 2.2: the hops form a legal chain (also checked by parsing). */
enum beep_mgmt_err beep_tunnel_check(const struct beep_tunnel_hop *,
		    size_t nhops);

enum beep_mgmt_err beep_greeting_put(struct buf *,
		    const struct beep_greeting *);
enum beep_mgmt_err beep_start_put(struct buf *, const struct beep_start *);
/* A profile alone: the positive reply to start. */
enum beep_mgmt_err beep_profile_put(struct buf *,
		    const struct beep_profile *);
enum beep_mgmt_err beep_close_put(struct buf *, const struct beep_close *);
enum beep_mgmt_err beep_ok_put(struct buf *);
enum beep_mgmt_err beep_error_put(struct buf *, const struct beep_error *);
enum beep_mgmt_err beep_tls_ready_put(struct buf *,
		    const struct beep_tls_ready *);
enum beep_mgmt_err beep_tls_proceed_put(struct buf *);
enum beep_mgmt_err beep_sasl_blob_put(struct buf *,
		    const struct beep_sasl_blob *);
/* hops[0..nhops): pass hops + 1 to strip the outer element (3620 4). */
enum beep_mgmt_err beep_tunnel_put(struct buf *,
		    const struct beep_tunnel_hop *hops, size_t nhops);
/* Whichever element m holds. */
enum beep_mgmt_err beep_mgmt_put(struct buf *, const struct beep_mgmt *);
/* Content-Type: application/beep+xml, the element, CR LF. */
enum beep_mgmt_err beep_mgmt_msg_put(struct buf *,
		    const struct beep_mgmt *);

#endif

/*
 * Unit tests for the MIME wrapping (mime.c) and the application/beep+xml
 * elements (mgmt.c) of lib/beep: each element parsed and written, the
 * exact bytes of the digest's examples (../shared/spec/beep.md sections
 * 3, 9, 11.7 and 13, whose frame sizes pin every octet), every
 * rejection with the reply code it maps to, escaping, and round trips.
 *
 * Tests named test_check_NN_* cover item NN of the digest's conformance
 * checklist (section 14), as far as it concerns the message bodies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "mgmt.h"
#include "mime.h"

#define CT	"Content-Type: application/beep+xml\r\n\r\n"

/* ---- helpers --------------------------------------------------------- */

static void
parse_ok(const char *xml, unsigned int allow, struct beep_mgmt *m,
    enum beep_el type)
{
	enum beep_mgmt_err	 e;

	e = beep_mgmt_parse(m, xml, strlen(xml), allow);
	if (e != BEEP_MGMT_OK)
		fail_msg("%s: %s (line %lu col %lu %s)", xml,
		    beep_mgmt_err_str(e), m->err_line, m->err_col,
		    m->err_detail ? m->err_detail : "");
	assert_int_equal(m->type, type);
}

static void
parse_err(const char *xml, unsigned int allow, enum beep_mgmt_err want,
    unsigned int code)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	enum beep_mgmt_err	 e;

	assert_non_null(m);
	e = beep_mgmt_parse(m, xml, strlen(xml), allow);
	if (e != want)
		fail_msg("%s: got '%s', want '%s'", xml,
		    beep_mgmt_err_str(e), beep_mgmt_err_str(want));
	assert_int_equal(beep_mgmt_err_code(e), code);
	assert_int_equal(m->type, BEEP_EL_NONE);
	assert_null(m->strs);
	beep_mgmt_clear(m);
	free(m);
}

static void
buf_is(struct buf *b, const char *want)
{
	assert_true(buf_ok(b));
	if (b->len != strlen(want) || memcmp(b->data, want, b->len) != 0)
		fail_msg("got '%.*s', want '%s'", (int)b->len,
		    (const char *)b->data, want);
}

/* m written, parsed back, written again: the same octets both times. */
static void
round_trip(const struct beep_mgmt *m, const char *want)
{
	struct beep_mgmt	*n = malloc(sizeof(*n));
	struct buf		 a = BUF_INIT, b = BUF_INIT;

	assert_non_null(n);
	assert_int_equal(beep_mgmt_put(&a, m), BEEP_MGMT_OK);
	if (want != NULL)
		buf_is(&a, want);
	assert_int_equal(beep_mgmt_parse(n, a.data, a.len, BEEP_EL_ANY),
	    BEEP_MGMT_OK);
	assert_int_equal(n->type, m->type);
	assert_int_equal(beep_mgmt_put(&b, n), BEEP_MGMT_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	beep_mgmt_clear(n);
	free(n);
	buf_free(&a);
	buf_free(&b);
}

/* A parsed element written back is exactly the input. */
static void
canonical(const char *xml)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct buf		 b = BUF_INIT;

	assert_non_null(m);
	assert_int_equal(beep_mgmt_parse(m, xml, strlen(xml), BEEP_EL_ANY),
	    BEEP_MGMT_OK);
	assert_int_equal(beep_mgmt_put(&b, m), BEEP_MGMT_OK);
	buf_is(&b, xml);
	beep_mgmt_clear(m);
	free(m);
	buf_free(&b);
}

/* The whole message m makes: CT, the element, CR LF. */
static void
msg_is(const struct beep_mgmt *m, const char *body, size_t size)
{
	struct buf	 b = BUF_INIT;

	assert_int_equal(beep_mgmt_msg_put(&b, m), BEEP_MGMT_OK);
	assert_int_equal(b.len, size);
	buf_is(&b, body);
	buf_free(&b);
}

/* ---- MIME ------------------------------------------------------------- */

static void
test_mime_headers(void **state)
{
	const char		*p = "Content-Type: application/beep+xml\r\n"
	    "X-Other:   spaced value  \r\n\r\n<ok />\r\n";
	struct beep_mime	 m;
	const struct beep_mime_field *f;

	(void)state;
	assert_int_equal(beep_mime_parse((const uint8_t *)p, strlen(p), &m),
	    BEEP_MIME_OK);
	assert_int_equal(m.nfields, 2);
	assert_false(m.headerless);
	assert_int_equal(m.ctype_len, strlen(BEEP_MIME_XML));
	assert_memory_equal(m.ctype, BEEP_MIME_XML, m.ctype_len);
	assert_int_equal(m.body_len, 8);
	assert_memory_equal(m.body, "<ok />\r\n", 8);
	f = beep_mime_field(&m, "x-other");
	assert_non_null(f);
	assert_int_equal(f->value_len, 12);
	assert_memory_equal(f->value, "spaced value", 12);
	assert_null(beep_mime_field(&m, "X-Missing"));
	assert_int_equal(beep_mime_xml_check(&m), BEEP_MIME_OK);
	/* the default transfer encoding is binary */
	assert_int_equal(m.cte_len, 6);
	assert_memory_equal(m.cte, "binary", 6);
}

static void
test_mime_folded(void **state)
{
	const char		*p = "Content-Type: application/beep+xml;\r\n"
	    "\t charset=\"UTF-8\"\r\n\r\nbody";
	struct beep_mime	 m;
	struct beep_mime_ctype	 ct;

	(void)state;
	assert_int_equal(beep_mime_parse((const uint8_t *)p, strlen(p), &m),
	    BEEP_MIME_OK);
	assert_int_equal(m.nfields, 1);
	assert_int_equal(beep_mime_ctype_parse(m.ctype, m.ctype_len, &ct),
	    BEEP_MIME_OK);
	assert_int_equal(ct.charset_len, 5);
	assert_memory_equal(ct.charset, "UTF-8", 5);
	assert_int_equal(beep_mime_xml_check(&m), BEEP_MIME_OK);
	assert_int_equal(m.body_len, 4);
}

static void
test_check_18_default_type(void **state)
{
	struct beep_mime	 m;

	(void)state;
	assert_int_equal(beep_mime_parse((const uint8_t *)"\r\nabc", 5, &m),
	    BEEP_MIME_OK);
	assert_int_equal(m.ctype_len, strlen(BEEP_MIME_DEFAULT_TYPE));
	assert_memory_equal(m.ctype, "application/octet-stream", m.ctype_len);
	assert_memory_equal(m.cte, "binary", m.cte_len);
	assert_int_equal(m.body_len, 3);
	/* and so it is not application/beep+xml */
	assert_int_equal(beep_mime_xml_check(&m), BEEP_MIME_ERR_TYPE);
	assert_int_equal(beep_mime_err_code(BEEP_MIME_ERR_TYPE), 501);
}

static void
test_check_19_headerless(void **state)
{
	struct beep_mime	 m;
	struct buf		 b = BUF_INIT;

	(void)state;
	/* outgoing: CR LF first (Vortex's "MSG 3 0 . 0 12") */
	assert_int_equal(beep_mime_put(&b, NULL, "my message", 10),
	    BEEP_MIME_OK);
	buf_is(&b, "\r\nmy message");
	assert_int_equal(b.len, 12);
	/* incoming, either way */
	assert_int_equal(beep_mime_parse(b.data, b.len, &m), BEEP_MIME_OK);
	assert_false(m.headerless);
	assert_int_equal(m.body_len, 10);
	assert_memory_equal(m.body, "my message", 10);
	assert_int_equal(beep_mime_parse((const uint8_t *)"my message", 10,
	    &m), BEEP_MIME_OK);
	assert_true(m.headerless);
	assert_int_equal(m.body_len, 10);
	assert_int_equal(beep_mime_parse((const uint8_t *)"<ok />", 6, &m),
	    BEEP_MIME_OK);
	assert_true(m.headerless);
	assert_int_equal(beep_mime_parse((const uint8_t *)"<a:b/>", 6, &m),
	    BEEP_MIME_OK);
	assert_true(m.headerless);
	assert_int_equal(beep_mime_parse(NULL, 0, &m), BEEP_MIME_OK);
	assert_int_equal(m.body_len, 0);
	assert_non_null(m.body);
	buf_free(&b);
}

static void
test_mime_put(void **state)
{
	struct beep_mime_field	 f[2] = {
		{ "Content-Type", 12, BEEP_MIME_XML, 20 },
		{ "X-A", 3, "b", 1 },
	};
	struct beep_mime_field	 bad;
	struct buf		 b = BUF_INIT;

	(void)state;
	assert_int_equal(beep_mime_put(&b, BEEP_MIME_XML, "<ok />", 6),
	    BEEP_MIME_OK);
	buf_is(&b, CT "<ok />");
	buf_reset(&b);
	assert_int_equal(beep_mime_hdr_put(&b, f, 2), BEEP_MIME_OK);
	buf_is(&b, "Content-Type: application/beep+xml\r\nX-A: b\r\n\r\n");
	buf_reset(&b);
	/* refused, nothing written */
	bad = f[1];
	bad.value = "a\r\nb";
	bad.value_len = 4;
	assert_int_equal(beep_mime_hdr_put(&b, &bad, 1), BEEP_MIME_ERR_CHAR);
	bad.name = "X:A";
	bad.value_len = 1;
	assert_int_equal(beep_mime_hdr_put(&b, &bad, 1), BEEP_MIME_ERR_FIELD);
	bad.name = "X-A";
	bad.value = " lead";
	bad.value_len = 5;
	assert_int_equal(beep_mime_hdr_put(&b, &bad, 1), BEEP_MIME_ERR_FIELD);
	assert_int_equal(beep_mime_put(&b, "a\nb", "", 0), BEEP_MIME_ERR_CHAR);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void
test_mime_errors(void **state)
{
	static const struct {
		const char		*p;
		enum beep_mime_err	 e;
		size_t			 off;
	} cases[] = {
		{ "Content-Type: a/b\r\nbody", BEEP_MIME_ERR_NO_END, 23 },
		{ "Content-Type: a/b", BEEP_MIME_ERR_NO_END, 17 },
		{ "Content-Type: a/b\r", BEEP_MIME_ERR_NO_END, 17 },
		{ "Content-Type: a/b\n\r\n", BEEP_MIME_ERR_CRLF, 17 },
		{ "Content-Type: a/b\rx\r\n\r\n", BEEP_MIME_ERR_CRLF, 17 },
		{ "Content-Type: a\001b\r\n\r\n", BEEP_MIME_ERR_CHAR, 15 },
		{ "Content-Type: a/b\r\nnocolon\r\n\r\n",
		    BEEP_MIME_ERR_FIELD, 26 },
		{ "Content-Type: a/b\r\n: v\r\n\r\n", BEEP_MIME_ERR_FIELD, 19 },
		{ "Content-Type: a/b\r\nContent-type: c/d\r\n\r\n",
		    BEEP_MIME_ERR_DUPLICATE, 19 },
		{ "Content-Transfer-Encoding: binary\r\n"
		    "Content-Transfer-Encoding: binary\r\n\r\n",
		    BEEP_MIME_ERR_DUPLICATE, 35 },
	};
	struct beep_mime	 m;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum beep_mime_err e = beep_mime_parse(
		    (const uint8_t *)cases[i].p, strlen(cases[i].p), &m);

		if (e != cases[i].e || m.err_off != cases[i].off)
			fail_msg("case %zu: %s at %zu", i,
			    beep_mime_err_str(e), m.err_off);
		assert_int_equal(beep_mime_err_code(e), 500);
	}
}

static void
test_mime_limits(void **state)
{
	struct buf		 b = BUF_INIT;
	struct beep_mime	 m;
	size_t			 i;

	(void)state;
	for (i = 0; i < BEEP_MIME_FIELDS_MAX; i++)
		(void)buf_printf(&b, "X-%zu: v\r\n", i);
	(void)buf_put_str(&b, "\r\n");
	assert_int_equal(beep_mime_parse(b.data, b.len, &m), BEEP_MIME_OK);
	assert_int_equal(m.nfields, BEEP_MIME_FIELDS_MAX);
	b.len -= 2;
	(void)buf_put_str(&b, "X-last: v\r\n\r\n");
	assert_int_equal(beep_mime_parse(b.data, b.len, &m),
	    BEEP_MIME_ERR_TOO_MANY);
	buf_reset(&b);
	(void)buf_put_str(&b, "X-Long: ");
	for (i = 8; i < BEEP_MIME_LINE_MAX; i++)
		(void)buf_put_u8(&b, 'a');
	(void)buf_put_str(&b, "\r\n\r\n");
	assert_int_equal(beep_mime_parse(b.data, b.len, &m), BEEP_MIME_OK);
	buf_reset(&b);
	(void)buf_put_str(&b, "X-Long: ");
	for (i = 8; i <= BEEP_MIME_LINE_MAX; i++)
		(void)buf_put_u8(&b, 'a');
	(void)buf_put_str(&b, "\r\n\r\n");
	assert_int_equal(beep_mime_parse(b.data, b.len, &m),
	    BEEP_MIME_ERR_TOO_LONG);
	/* a field folded past BEEP_MIME_FIELD_MAX */
	buf_reset(&b);
	(void)buf_put_str(&b, "X-Fold: a\r\n");
	for (i = 0; i < BEEP_MIME_FIELD_MAX / 100 + 1; i++) {
		(void)buf_put_u8(&b, ' ');
		(void)buf_printf(&b, "%0100d\r\n", 0);
	}
	(void)buf_put_str(&b, "\r\n");
	assert_int_equal(beep_mime_parse(b.data, b.len, &m),
	    BEEP_MIME_ERR_TOO_LONG);
	buf_free(&b);
}

static void
test_mime_xml_check(void **state)
{
	static const struct {
		const char		*p;
		enum beep_mime_err	 e;
	} cases[] = {
		{ CT, BEEP_MIME_OK },
		{ "content-type: Application/BEEP+XML\r\n\r\n", BEEP_MIME_OK },
		{ "Content-Type: application/beep+xml; charset=utf-8\r\n\r\n",
		    BEEP_MIME_OK },
		{ "Content-Type: application/beep+xml;charset=US-ASCII;\r\n"
		    "\r\n", BEEP_MIME_OK },
		{ "Content-Type: application/beep+xml\r\n"
		    "Content-Transfer-Encoding: 8bit\r\n\r\n", BEEP_MIME_OK },
		{ "Content-Type: text/xml\r\n\r\n", BEEP_MIME_ERR_TYPE },
		{ "Content-Type: application/beep+xml; charset=iso-8859-1\r\n"
		    "\r\n", BEEP_MIME_ERR_CHARSET },
		{ "Content-Type: application/beep+xml\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n",
		    BEEP_MIME_ERR_ENCODING },
		{ "Content-Type: application\r\n\r\n", BEEP_MIME_ERR_VALUE },
		{ "Content-Type: application/\r\n\r\n", BEEP_MIME_ERR_VALUE },
		{ "Content-Type: a/b c\r\n\r\n", BEEP_MIME_ERR_VALUE },
		{ "Content-Type: a/b; charset\r\n\r\n", BEEP_MIME_ERR_VALUE },
		{ "Content-Type: a/b; charset=\"x\r\n\r\n",
		    BEEP_MIME_ERR_VALUE },
		{ "Content-Type: a/b; charset=x; charset=y\r\n\r\n",
		    BEEP_MIME_ERR_VALUE },
	};
	struct beep_mime	 m;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(beep_mime_parse((const uint8_t *)cases[i].p,
		    strlen(cases[i].p), &m), BEEP_MIME_OK);
		if (beep_mime_xml_check(&m) != cases[i].e)
			fail_msg("case %zu: %s", i,
			    beep_mime_err_str(beep_mime_xml_check(&m)));
	}
	assert_int_equal(beep_mime_err_code(BEEP_MIME_ERR_CHARSET), 504);
	assert_int_equal(beep_mime_err_code(BEEP_MIME_ERR_ENCODING), 504);
}

/* ---- elements, parsed ------------------------------------------------ */

static void
test_greeting(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));

	(void)state;
	parse_ok("<greeting>\r\n   <profile uri='http://iana.org/beep/TLS' />"
	    "\r\n</greeting>\r\n", BEEP_EL_CH0_RPY, m, BEEP_EL_GREETING);
	assert_int_equal(m->u.greeting.nprofiles, 1);
	assert_string_equal(m->u.greeting.profiles[0].uri, BEEP_URI_TLS);
	assert_null(m->u.greeting.features);
	assert_null(m->u.greeting.localize);
	beep_mgmt_clear(m);
	parse_ok("<greeting features='x-a x-b' localize='fr en'>"
	    "<profile uri='a'/><profile uri='b' encoding='base64'></profile>"
	    "<!-- comment --><?pi x?></greeting>", BEEP_EL_ANY, m,
	    BEEP_EL_GREETING);
	assert_string_equal(m->u.greeting.features, "x-a x-b");
	assert_string_equal(m->u.greeting.localize, "fr en");
	assert_int_equal(m->u.greeting.nprofiles, 2);
	assert_int_equal(m->u.greeting.profiles[1].encoding, BEEP_ENC_BASE64);
	beep_mgmt_clear(m);
	parse_ok("<greeting />", BEEP_EL_ANY, m, BEEP_EL_GREETING);
	assert_int_equal(m->u.greeting.nprofiles, 0);
	beep_mgmt_clear(m);
	/* a greeting's profiles are empty */
	parse_err("<greeting><profile uri='a'>x</profile></greeting>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_CONTENT, 501);
	parse_err("<greeting><start number='1'/></greeting>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_CONTENT, 501);
	parse_err("<greeting><foo/></greeting>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_ELEMENT, 501);
	parse_err("<greeting>text</greeting>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_CONTENT, 501);
	parse_err("<greeting><profile/></greeting>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_ATTR_MISSING, 501);
	parse_err("<greeting version='2'/>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_ATTR_UNKNOWN, 501);
	free(m);
}

static void
test_start(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	const struct beep_profile *p;

	(void)state;
	parse_ok("<start number='1' serverName='r1.example.com'>\r\n"
	    "   <profile uri='http://iana.org/beep/SASL/OTP' />\r\n"
	    "   <profile uri='http://iana.org/beep/TLS'>"
	    "<![CDATA[<ready />]]></profile>\r\n"
	    "   <profile uri='u' encoding='base64'>aGVs\r\n bG8=</profile>\r\n"
	    "   <profile uri='v'>&lt;ok /&gt;</profile>\r\n"
	    "</start>\r\n", BEEP_EL_CH0_MSG, m, BEEP_EL_START);
	assert_int_equal(m->u.start.number, 1);
	assert_string_equal(m->u.start.server_name, "r1.example.com");
	assert_int_equal(m->u.start.nprofiles, 4);
	p = m->u.start.profiles;
	assert_null(p[0].content);
	assert_int_equal(p[0].content_len, 0);
	assert_int_equal(p[1].content_len, 9);
	assert_string_equal((const char *)p[1].content, "<ready />");
	assert_int_equal(p[2].encoding, BEEP_ENC_BASE64);
	assert_int_equal(p[2].content_len, 5);
	assert_string_equal((const char *)p[2].content, "hello");
	assert_string_equal((const char *)p[3].content, "<ok />");
	beep_mgmt_clear(m);
	parse_ok("<start number='2147483647'><profile uri='a'/></start>",
	    BEEP_EL_ANY, m, BEEP_EL_START);
	assert_int_equal(m->u.start.number, 2147483647U);
	beep_mgmt_clear(m);
	parse_err("<start number='1'></start>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_NO_PROFILE, 501);
	parse_err("<start><profile uri='a'/></start>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_ATTR_MISSING, 501);
	parse_err("<start number='1'><profile uri='a' encoding='hex'/>"
	    "</start>", BEEP_EL_ANY, BEEP_MGMT_ERR_ATTR_VALUE, 501);
	parse_err("<start number='1'><profile uri=''/></start>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_ATTR_VALUE, 501);
	parse_err("<start number='1'><profile uri='a'><ready/></profile>"
	    "</start>", BEEP_EL_ANY, BEEP_MGMT_ERR_CONTENT, 501);
	parse_err("<start number='1'><profile uri='a' encoding='base64'>"
	    "!!!!</profile></start>", BEEP_EL_ANY, BEEP_MGMT_ERR_BASE64, 501);
	parse_err("<start number='1'>x<profile uri='a'/></start>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_CONTENT, 501);
	free(m);
}

static void
test_close_ok_error(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));

	(void)state;
	parse_ok("<close number='3' code='550' xml:lang='en'>still "
	    "working</close>", BEEP_EL_CH0_MSG, m, BEEP_EL_CLOSE);
	assert_int_equal(m->u.close.number, 3);
	assert_int_equal(m->u.close.code, 550);
	assert_string_equal(m->u.close.lang, "en");
	assert_string_equal(m->u.close.text, "still working");
	beep_mgmt_clear(m);
	parse_ok("<ok />", BEEP_EL_CH0_RPY, m, BEEP_EL_OK);
	beep_mgmt_clear(m);
	parse_ok("<ok></ok>", BEEP_EL_CH0_RPY, m, BEEP_EL_OK);
	beep_mgmt_clear(m);
	parse_ok("<error code='550'>all requested profiles are "
	    "unsupported</error>", BEEP_EL_CH0_ERR, m, BEEP_EL_ERROR);
	assert_int_equal(m->u.error.code, 550);
	assert_null(m->u.error.lang);
	assert_string_equal(m->u.error.text,
	    "all requested profiles are unsupported");
	beep_mgmt_clear(m);
	/* Vortex's spacing, and no text */
	parse_ok("<error code='421' />", BEEP_EL_CH0_ERR, m, BEEP_EL_ERROR);
	assert_null(m->u.error.text);
	beep_mgmt_clear(m);
	parse_ok("<error code='450' >Request action not taken</error>",
	    BEEP_EL_CH0_ERR, m, BEEP_EL_ERROR);
	beep_mgmt_clear(m);
	parse_err("<error/>", BEEP_EL_ANY, BEEP_MGMT_ERR_ATTR_MISSING, 501);
	parse_err("<error code='55'/>", BEEP_EL_ANY, BEEP_MGMT_ERR_CODE, 501);
	parse_err("<error code='5500'/>", BEEP_EL_ANY, BEEP_MGMT_ERR_CODE, 501);
	parse_err("<error code='650'/>", BEEP_EL_ANY, BEEP_MGMT_ERR_CODE, 501);
	parse_err("<error code='0x5'/>", BEEP_EL_ANY, BEEP_MGMT_ERR_CODE, 501);
	parse_err("<error code='550'><ok/></error>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_CONTENT, 501);
	parse_err("<error code='550'><b/></error>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_ELEMENT, 501);
	parse_err("<ok code='200'/>", BEEP_EL_ANY, BEEP_MGMT_ERR_ATTR_UNKNOWN,
	    501);
	parse_err("<ok>x</ok>", BEEP_EL_ANY, BEEP_MGMT_ERR_CONTENT, 501);
	parse_err("<close number='1' code='200' lang='en'/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_ATTR_UNKNOWN, 501);
	parse_err("<close number='1' code=' 200'/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_CODE, 501);
	parse_err("<close number='-1' code='200'/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_NUMBER, 501);
	parse_err("<close number='2147483648' code='200'/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_RANGE, 553);
	free(m);
}

static void
test_profile_reply(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));

	(void)state;
	parse_ok("<profile uri='http://iana.org/beep/TUNNEL'>"
	    "<![CDATA[<ok />]]></profile>\r\n", BEEP_EL_CH0_RPY, m,
	    BEEP_EL_PROFILE);
	assert_string_equal(m->u.profile.uri, BEEP_URI_TUNNEL);
	assert_int_equal(m->u.profile.content_len, 6);
	assert_string_equal((const char *)m->u.profile.content, "<ok />");
	beep_mgmt_clear(m);
	/* Vortex's SASL reply: an element in the piggyback, spaced */
	parse_ok("<profile uri='http://iana.org/beep/SASL/PLAIN' >"
	    "<![CDATA[<blob status='complete' />]]></profile>",
	    BEEP_EL_CH0_RPY, m, BEEP_EL_PROFILE);
	assert_string_equal((const char *)m->u.profile.content,
	    "<blob status='complete' />");
	beep_mgmt_clear(m);
	/* a reply is not a request */
	parse_err("<start number='1'><profile uri='a'/></start>",
	    BEEP_EL_CH0_RPY, BEEP_MGMT_ERR_UNEXPECTED, 501);
	parse_err("<greeting/>", BEEP_EL_CH0_MSG, BEEP_MGMT_ERR_UNEXPECTED,
	    501);
	parse_err("<ok/>", BEEP_EL_CH0_ERR, BEEP_MGMT_ERR_UNEXPECTED, 501);
	parse_err("<tunnel/>", BEEP_EL_CH0_MSG, BEEP_MGMT_ERR_UNEXPECTED, 501);
	free(m);
}

static void
test_tls(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	unsigned int		 tls = BEEP_EL_BIT(BEEP_EL_READY) |
	    BEEP_EL_BIT(BEEP_EL_PROCEED) | BEEP_EL_BIT(BEEP_EL_ERROR);

	(void)state;
	parse_ok("<ready />", tls, m, BEEP_EL_READY);
	assert_null(m->u.ready.version);
	beep_mgmt_clear(m);
	parse_ok("<ready version='1'/>", tls, m, BEEP_EL_READY);
	assert_string_equal(m->u.ready.version, "1");
	beep_mgmt_clear(m);
	parse_ok("<proceed />", tls, m, BEEP_EL_PROCEED);
	beep_mgmt_clear(m);
	parse_err("<ready version='one'/>", tls, BEEP_MGMT_ERR_ATTR_VALUE, 501);
	parse_err("<ready version='1.'/>", tls, BEEP_MGMT_ERR_ATTR_VALUE, 501);
	parse_err("<proceed version='1'/>", tls, BEEP_MGMT_ERR_ATTR_UNKNOWN,
	    501);
	free(m);
}

/* ---- elements, written ----------------------------------------------- */

static void
test_put_each(void **state)
{
	struct beep_mgmt	 m;
	struct beep_profile	 p[2];

	(void)state;
	memset(&m, 0, sizeof(m));
	memset(p, 0, sizeof(p));
	m.type = BEEP_EL_GREETING;
	round_trip(&m, "<greeting />");
	p[0].uri = BEEP_URI_TLS;
	p[1].uri = "http://iana.org/beep/SASL/OTP";
	m.u.greeting.profiles = p;
	m.u.greeting.nprofiles = 2;
	m.u.greeting.localize = "en";
	round_trip(&m, "<greeting localize='en'>\r\n"
	    "   <profile uri='http://iana.org/beep/TLS' />\r\n"
	    "   <profile uri='http://iana.org/beep/SASL/OTP' />\r\n"
	    "</greeting>");

	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_START;
	m.u.start.number = 5;
	m.u.start.server_name = "host";
	p[1].content = (const uint8_t *)"\x00\x01\xff";
	p[1].content_len = 3;
	p[1].encoding = BEEP_ENC_BASE64;
	m.u.start.profiles = p;
	m.u.start.nprofiles = 2;
	round_trip(&m, "<start number='5' serverName='host'>\r\n"
	    "   <profile uri='http://iana.org/beep/TLS' />\r\n"
	    "   <profile uri='http://iana.org/beep/SASL/OTP' "
	    "encoding='base64'>AAH/</profile>\r\n</start>");

	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_CLOSE;
	m.u.close.number = 7;
	m.u.close.code = 550;
	m.u.close.lang = "en-US";
	m.u.close.text = "busy";
	round_trip(&m, "<close number='7' code='550' xml:lang='en-US'>busy"
	    "</close>");

	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_ERROR;
	m.u.error.code = 501;
	m.u.error.text = "number attribute in <start> element must be "
	    "odd-valued";
	round_trip(&m, "<error code='501'>number attribute in &lt;start&gt; "
	    "element must be odd-valued</error>");

	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_OK;
	round_trip(&m, "<ok />");
	m.type = BEEP_EL_PROCEED;
	round_trip(&m, "<proceed />");
	m.type = BEEP_EL_READY;
	round_trip(&m, "<ready />");
	m.u.ready.version = "1";
	round_trip(&m, "<ready version='1' />");

	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_PROFILE;
	m.u.profile.uri = BEEP_URI_TLS;
	m.u.profile.content = (const uint8_t *)"<proceed />";
	m.u.profile.content_len = 11;
	round_trip(&m, "<profile uri='http://iana.org/beep/TLS'>"
	    "<![CDATA[<proceed />]]></profile>");

	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_BLOB;
	round_trip(&m, "<blob />");
	m.u.blob.status = BEEP_BLOB_CONTINUE;
	m.u.blob.data = (const uint8_t *)"ab";
	m.u.blob.len = 2;
	round_trip(&m, "<blob>YWI=</blob>");
}

static void
test_put_refused(void **state)
{
	struct buf		 b = BUF_INIT;
	struct beep_profile	 p = { .uri = "a" };
	struct beep_start	 s = { .number = 1, .profiles = &p,
	    .nprofiles = 1 };
	struct beep_greeting	 g = { .profiles = &p, .nprofiles = 1 };
	struct beep_close	 c = { .number = 0, .code = 200 };
	struct beep_error	 er = { .code = 200 };
	struct beep_tls_ready	 r = { .version = "x" };
	struct beep_sasl_blob	 bl = { .status = BEEP_BLOB_STATUS_MAX };
	struct beep_tunnel_hop	 h = { .port = 604 };

	(void)state;
	(void)buf_put_str(&b, "keep");
	s.number = 0;
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_RANGE);
	s.number = 2147483648U;
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_RANGE);
	s.number = 1;
	s.nprofiles = 0;
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_NO_PROFILE);
	s.nprofiles = BEEP_MGMT_PROFILES_MAX + 1;
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_LIMIT);
	s.nprofiles = 1;
	p.uri = NULL;
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_ATTR_MISSING);
	p.uri = "";
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_ATTR_VALUE);
	p.uri = "a";
	p.content = (const uint8_t *)"x";
	p.content_len = 1;
	assert_int_equal(beep_greeting_put(&b, &g), BEEP_MGMT_ERR_CONTENT);
	p.content = NULL;
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_CONTENT);
	p.content_len = 0;
	p.uri = "a\001b";
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_CHAR);
	p.uri = "\xc3\x28";			/* invalid UTF-8 */
	assert_int_equal(beep_start_put(&b, &s), BEEP_MGMT_ERR_CHAR);
	p.uri = "\xed\xa0\x80";			/* a surrogate */
	assert_int_equal(beep_greeting_put(&b, &g), BEEP_MGMT_ERR_CHAR);
	p.uri = "\xef\xbf\xbe";			/* U+FFFE */
	assert_int_equal(beep_greeting_put(&b, &g), BEEP_MGMT_ERR_CHAR);
	p.uri = "\xc0\xaf";			/* overlong */
	assert_int_equal(beep_greeting_put(&b, &g), BEEP_MGMT_ERR_CHAR);
	c.code = 99;
	assert_int_equal(beep_close_put(&b, &c), BEEP_MGMT_ERR_CODE);
	c.code = 600;
	assert_int_equal(beep_close_put(&b, &c), BEEP_MGMT_ERR_CODE);
	c.code = 200;
	c.number = 2147483648U;
	assert_int_equal(beep_close_put(&b, &c), BEEP_MGMT_ERR_RANGE);
	c.number = 0;
	c.text = "bell\a";
	assert_int_equal(beep_close_put(&b, &c), BEEP_MGMT_ERR_CHAR);
	er.code = 0;
	assert_int_equal(beep_error_put(&b, &er), BEEP_MGMT_ERR_CODE);
	assert_int_equal(beep_tls_ready_put(&b, &r), BEEP_MGMT_ERR_ATTR_VALUE);
	assert_int_equal(beep_sasl_blob_put(&b, &bl),
	    BEEP_MGMT_ERR_ATTR_VALUE);
	bl.status = BEEP_BLOB_ABORT;
	bl.len = 1;
	assert_int_equal(beep_sasl_blob_put(&b, &bl), BEEP_MGMT_ERR_CONTENT);
	assert_int_equal(beep_tunnel_put(&b, &h, 1),
	    BEEP_MGMT_ERR_TUNNEL_COMBO);
	assert_int_equal(beep_tunnel_put(&b, &h, 0), BEEP_MGMT_ERR_CONTENT);
	/* nothing of any of them was written */
	buf_is(&b, "keep");
	buf_free(&b);
}

static void
test_escaping(void **state)
{
	struct beep_mgmt	 m, *n = malloc(sizeof(*n));
	struct beep_profile	 p;
	struct buf		 b = BUF_INIT;
	const char		*nasty = "a'b\"c<d>e&f\tg\nh\ri \xc3\xa9";

	(void)state;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_CLOSE;
	m.u.close.code = 200;
	m.u.close.lang = nasty;
	m.u.close.text = nasty;
	round_trip(&m, "<close number='0' code='200' xml:lang='a&apos;b&quot;"
	    "c&lt;d&gt;e&amp;f&#9;g&#10;h&#13;i \xc3\xa9'>a'b\"c&lt;d&gt;e&amp;"
	    "f\tg\nh&#13;i \xc3\xa9</close>");
	assert_int_equal(beep_mgmt_put(&b, &m), BEEP_MGMT_OK);
	parse_ok((const char *)buf_cstr(&b), BEEP_EL_ANY, n, BEEP_EL_CLOSE);
	assert_string_equal(n->u.close.lang, nasty);
	assert_string_equal(n->u.close.text, nasty);
	beep_mgmt_clear(n);
	/* piggyback: CDATA unless it holds "]]>" or a CR */
	memset(&p, 0, sizeof(p));
	m.type = BEEP_EL_PROFILE;
	m.u.profile = p;
	m.u.profile.uri = "u";
	m.u.profile.content = (const uint8_t *)"x]]>y";
	m.u.profile.content_len = 5;
	round_trip(&m, "<profile uri='u'>x]]&gt;y</profile>");
	m.u.profile.content = (const uint8_t *)"a\r\nb";
	m.u.profile.content_len = 4;
	round_trip(&m, "<profile uri='u'>a&#13;\nb</profile>");
	m.u.profile.content = (const uint8_t *)"<a & b>";
	m.u.profile.content_len = 7;
	round_trip(&m, "<profile uri='u'><![CDATA[<a & b>]]></profile>");
	/* binary piggyback wants base64 */
	m.u.profile.content = (const uint8_t *)"\x00";
	m.u.profile.content_len = 1;
	buf_reset(&b);
	assert_int_equal(beep_mgmt_put(&b, &m), BEEP_MGMT_ERR_CHAR);
	m.u.profile.encoding = BEEP_ENC_BASE64;
	round_trip(&m, "<profile uri='u' encoding='base64'>AA==</profile>");
	/* references read back, numeric ones included */
	parse_ok("<error code='500'>&amp;&lt;&gt;&apos;&quot;&#65;&#x42;"
	    "&#x10000;<![CDATA[&amp;]]></error>", BEEP_EL_ANY, n,
	    BEEP_EL_ERROR);
	assert_string_equal(n->u.error.text,
	    "&<>'\"AB\xf0\x90\x80\x80&amp;");
	beep_mgmt_clear(n);
	buf_free(&b);
	free(n);
}

/* ---- SASL ------------------------------------------------------------- */

static void
test_blob(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));

	(void)state;
	parse_ok("<blob xml:space='preserve'>\r\n  YWJj\r\n  ZA==\r\n</blob>",
	    BEEP_EL_BIT(BEEP_EL_BLOB), m, BEEP_EL_BLOB);
	assert_int_equal(m->u.blob.status, BEEP_BLOB_CONTINUE);
	assert_int_equal(m->u.blob.len, 4);
	assert_memory_equal(m->u.blob.data, "abcd", 4);
	beep_mgmt_clear(m);
	parse_ok("<blob status='continue'/>", BEEP_EL_ANY, m, BEEP_EL_BLOB);
	assert_int_equal(m->u.blob.len, 0);
	assert_null(m->u.blob.data);
	beep_mgmt_clear(m);
	parse_err("<blob status='done'/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_ATTR_VALUE, 501);
	parse_err("<blob xml:space='keep'/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_ATTR_VALUE, 501);
	parse_err("<blob><ok/></blob>", BEEP_EL_ANY, BEEP_MGMT_ERR_CONTENT, 501);
	free(m);
}

static void
test_check_55_blob_bad_base64(void **state)
{
	static const char *const bad[] = {
		"<blob>YWJ</blob>",		/* not a multiple of 4 */
		"<blob>YW=j</blob>",		/* padding inside */
		"<blob>Y===</blob>",		/* too much padding */
		"<blob>YWI=YWI=</blob>",	/* data after padding */
		"<blob>YW*j</blob>",		/* not the alphabet */
		"<blob>=</blob>",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		parse_err(bad[i], BEEP_EL_ANY, BEEP_MGMT_ERR_BASE64, 501);
}

static void
test_check_56_blob_complete(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct beep_mgmt	 w;

	(void)state;
	parse_ok("<blob status='complete' />", BEEP_EL_ANY, m, BEEP_EL_BLOB);
	assert_int_equal(m->u.blob.status, BEEP_BLOB_COMPLETE);
	beep_mgmt_clear(m);
	parse_ok("<blob status='complete'>AQI=</blob>", BEEP_EL_ANY, m,
	    BEEP_EL_BLOB);
	assert_int_equal(m->u.blob.len, 2);
	beep_mgmt_clear(m);
	memset(&w, 0, sizeof(w));
	w.type = BEEP_EL_BLOB;
	w.u.blob.status = BEEP_BLOB_COMPLETE;
	round_trip(&w, "<blob status='complete' />");
	free(m);
}

static void
test_check_57_blob_abort(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct beep_mgmt	 w;

	(void)state;
	parse_ok("<blob status='abort'/>", BEEP_EL_ANY, m, BEEP_EL_BLOB);
	assert_int_equal(m->u.blob.status, BEEP_BLOB_ABORT);
	beep_mgmt_clear(m);
	memset(&w, 0, sizeof(w));
	w.type = BEEP_EL_BLOB;
	w.u.blob.status = BEEP_BLOB_ABORT;
	round_trip(&w, "<blob status='abort' />");
	free(m);
}

static void
test_check_60_sasl_plain(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct beep_mgmt	 w;

	(void)state;
	parse_ok("<blob>AGJvYgBzZWNyZXQ=</blob>", BEEP_EL_ANY, m, BEEP_EL_BLOB);
	assert_int_equal(m->u.blob.len, 11);
	assert_memory_equal(m->u.blob.data, "\0bob\0secret", 11);
	beep_mgmt_clear(m);
	memset(&w, 0, sizeof(w));
	w.type = BEEP_EL_BLOB;
	w.u.blob.data = (const uint8_t *)"\0bob\0secret";
	w.u.blob.len = 11;
	round_trip(&w, "<blob>AGJvYgBzZWNyZXQ=</blob>");
	free(m);
}

/* ---- channel 0, by checklist item ------------------------------------ */

static void
test_check_20_xml_restrictions(void **state)
{
	(void)state;
	parse_err("<?xml version='1.0'?><ok/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_XML_DECL, 500);
	parse_err("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<greeting/>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_XML_DECL, 500);
	parse_err(" <?xml version='1.0'?><ok/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_XML_DECL, 500);
	parse_err("<!DOCTYPE ok><ok/>", BEEP_EL_ANY, BEEP_MGMT_ERR_DOCTYPE,
	    500);
	parse_err("<!DOCTYPE ok [<!ENTITY x 'y'>]><ok/>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_DOCTYPE, 500);
	/* billion laughs stops at the DOCTYPE */
	parse_err("<!DOCTYPE e [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]>"
	    "<error code='500'>&b;</error>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_DOCTYPE, 500);
	parse_err("<error code='500'>&nbsp;</error>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_ENTITY, 500);
	parse_err("<close number='0' code='200' xml:lang='&x;'/>",
	    BEEP_EL_ANY, BEEP_MGMT_ERR_ENTITY, 500);
	/* the five and numeric ones are fine */
	canonical("<error code='500'>&amp;&lt;&gt;</error>");
	parse_err("<error code='500'>&#0;</error>", BEEP_EL_ANY,
	    BEEP_MGMT_ERR_XML, 500);
	/* a PI, not a declaration, is allowed */
	canonical("<ok />");
	{
		struct beep_mgmt *m = malloc(sizeof(*m));

		parse_ok("<?okapi hint?><!-- c --><ok/><!-- d -->",
		    BEEP_EL_ANY, m, BEEP_EL_OK);
		beep_mgmt_clear(m);
		free(m);
	}
}

static void
test_check_26_greeting(void **state)
{
	struct beep_mgmt	 m;
	struct beep_profile	 p = { .uri = BEEP_URI_TLS };

	(void)state;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_GREETING;
	msg_is(&m, CT "<greeting />\r\n", 52);
	m.u.greeting.profiles = &p;
	m.u.greeting.nprofiles = 1;
	msg_is(&m, CT "<greeting>\r\n"
	    "   <profile uri='http://iana.org/beep/TLS' />\r\n"
	    "</greeting>\r\n", 110);
}

static void
test_check_27_refusal(void **state)
{
	struct beep_mgmt	 m;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_ERROR;
	m.u.error.code = 421;
	msg_is(&m, CT "<error code='421' />\r\n", 60);
}

static void
test_check_29_start_number(void **state)
{
	(void)state;
	parse_err("<start number='0'><profile uri='a'/></start>",
	    BEEP_EL_CH0_MSG, BEEP_MGMT_ERR_RANGE, 553);
	parse_err("<start number='2147483648'><profile uri='a'/></start>",
	    BEEP_EL_CH0_MSG, BEEP_MGMT_ERR_RANGE, 553);
	parse_err("<start number='99999999999999999999999'>"
	    "<profile uri='a'/></start>", BEEP_EL_CH0_MSG,
	    BEEP_MGMT_ERR_RANGE, 553);
	parse_err("<start number='1a'><profile uri='a'/></start>",
	    BEEP_EL_CH0_MSG, BEEP_MGMT_ERR_NUMBER, 501);
	parse_err("<start number=''><profile uri='a'/></start>",
	    BEEP_EL_CH0_MSG, BEEP_MGMT_ERR_NUMBER, 501);
	parse_err("<start number='+1'><profile uri='a'/></start>",
	    BEEP_EL_CH0_MSG, BEEP_MGMT_ERR_NUMBER, 501);
}

static void
test_check_31_one_profile(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));

	(void)state;
	parse_ok("<profile uri='a' />", BEEP_EL_CH0_RPY, m, BEEP_EL_PROFILE);
	beep_mgmt_clear(m);
	/* two profile elements are no document */
	parse_err("<profile uri='a' /><profile uri='b' />", BEEP_EL_CH0_RPY,
	    BEEP_MGMT_ERR_XML, 500);
	parse_err("<profile />", BEEP_EL_CH0_RPY, BEEP_MGMT_ERR_ATTR_MISSING,
	    501);
	free(m);
}

static void
test_check_32_piggyback(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct buf		 b = BUF_INIT;
	struct beep_profile	 p = { .uri = "u" };
	char			 big[BEEP_PIGGYBACK_MAX + 1];

	(void)state;
	memset(big, 'x', sizeof(big));
	(void)buf_printf(&b, "<profile uri='u'>%.*s</profile>",
	    BEEP_PIGGYBACK_MAX, big);
	parse_ok(buf_cstr(&b), BEEP_EL_ANY, m, BEEP_EL_PROFILE);
	assert_int_equal(m->u.profile.content_len, BEEP_PIGGYBACK_MAX);
	beep_mgmt_clear(m);
	buf_reset(&b);
	(void)buf_printf(&b, "<start number='1'><profile uri='u'>"
	    "<![CDATA[%.*s]]></profile></start>",
	    BEEP_PIGGYBACK_MAX + 1, big);
	parse_err(buf_cstr(&b), BEEP_EL_ANY, BEEP_MGMT_ERR_PIGGYBACK, 501);
	/* the same limit when writing */
	p.content = (const uint8_t *)big;
	p.content_len = sizeof(big);
	buf_reset(&b);
	assert_int_equal(beep_profile_put(&b, &p), BEEP_MGMT_ERR_PIGGYBACK);
	p.encoding = BEEP_ENC_BASE64;
	p.content_len = BEEP_PIGGYBACK_MAX / 4 * 3 + 1;
	assert_int_equal(beep_profile_put(&b, &p), BEEP_MGMT_ERR_PIGGYBACK);
	p.content_len--;
	assert_int_equal(beep_profile_put(&b, &p), BEEP_MGMT_OK);
	assert_int_equal(b.len, strlen("<profile uri='u' encoding='base64'>"
	    "</profile>") + BEEP_PIGGYBACK_MAX);
	/* base64 content comes out decoded */
	parse_ok("<profile uri='http://iana.org/beep/TLS' encoding='base64'>"
	    "PHJlYWR5IC8+</profile>", BEEP_EL_ANY, m, BEEP_EL_PROFILE);
	assert_string_equal((const char *)m->u.profile.content, "<ready />");
	beep_mgmt_clear(m);
	buf_free(&b);
	free(m);
}

static void
test_check_36_close_ok(void **state)
{
	struct beep_mgmt	 m;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_CLOSE;
	m.u.close.code = 200;
	msg_is(&m, CT "<close number='0' code='200' />\r\n", 71);
	m.type = BEEP_EL_OK;
	msg_is(&m, CT "<ok />\r\n", 46);
	canonical("<close number='0' code='200' />");
}

static void
test_check_38_close_number(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct buf		 b = BUF_INIT;

	(void)state;
	parse_ok("<close code='200' />", BEEP_EL_CH0_MSG, m, BEEP_EL_CLOSE);
	assert_int_equal(m->u.close.number, 0);
	assert_int_equal(beep_mgmt_put(&b, m), BEEP_MGMT_OK);
	buf_is(&b, "<close number='0' code='200' />");
	beep_mgmt_clear(m);
	buf_free(&b);
	free(m);
}

static void
test_check_39_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"<ok",
		"<ok/",
		"<ok></ko>",
		"<ok/>junk",
		"<close number='0' code='200'>",
		"<close number=0 code='200'/>",
		"<close number='0' number='1' code='200'/>",
		"<ok/>\xff",
		"<error code='500'>\xc0\xaf</error>",
		"\xfe\xff\0<\0o\0k\0/\0>",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		parse_err(bad[i], BEEP_EL_ANY, BEEP_MGMT_ERR_XML, 500);
	parse_err("<foo/>", BEEP_EL_ANY, BEEP_MGMT_ERR_ELEMENT, 501);
	parse_err("<x:close code='200'/>", BEEP_EL_ANY, BEEP_MGMT_ERR_ELEMENT,
	    501);
	parse_err("<Close code='200'/>", BEEP_EL_ANY, BEEP_MGMT_ERR_ELEMENT,
	    501);
	/* the reasons are told apart */
	assert_string_not_equal(beep_mgmt_err_str(BEEP_MGMT_ERR_XML),
	    beep_mgmt_err_str(BEEP_MGMT_ERR_DOCTYPE));
	assert_string_equal(beep_el_name(BEEP_EL_TUNNEL), "tunnel");
	assert_int_equal(beep_mgmt_err_code(BEEP_MGMT_ERR_NOMEM), 451);
}

static void
test_check_51_52_tls(void **state)
{
	struct beep_mgmt	 m;
	struct beep_profile	 p = { .uri = BEEP_URI_TLS };
	struct buf		 b = BUF_INIT;

	(void)state;
	/* the exact strings, then piggybacked (digest 11.7, row 9) */
	assert_int_equal(beep_tls_ready_put(&b, NULL), BEEP_MGMT_OK);
	buf_is(&b, "<ready />");
	buf_reset(&b);
	assert_int_equal(beep_tls_proceed_put(&b), BEEP_MGMT_OK);
	buf_is(&b, "<proceed />");
	p.content = (const uint8_t *)"<ready />";
	p.content_len = 9;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_START;
	m.u.start.number = 1;
	m.u.start.profiles = &p;
	m.u.start.nprofiles = 1;
	msg_is(&m, CT "<start number='1'>\r\n"
	    "   <profile uri='http://iana.org/beep/TLS'>"
	    "<![CDATA[<ready />]]></profile>\r\n</start>\r\n", 144);
	p.content = b.data;
	p.content_len = b.len;
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_PROFILE;
	m.u.profile = p;
	msg_is(&m, CT "<profile uri='http://iana.org/beep/TLS'>"
	    "<![CDATA[<proceed />]]></profile>\r\n", 113);
	buf_free(&b);
}

/* ---- TUNNEL ------------------------------------------------------------ */

static void
test_check_61_tunnel_identity(void **state)
{
	struct beep_mgmt	 m;
	struct beep_profile	 p = { .uri = BEEP_URI_TUNNEL };

	(void)state;
	assert_string_equal(BEEP_URI_TUNNEL, "http://iana.org/beep/TUNNEL");
	assert_int_equal(BEEP_TUNNEL_PORT, 604);
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_GREETING;
	m.u.greeting.profiles = &p;
	m.u.greeting.nprofiles = 1;
	msg_is(&m, CT "<greeting>\r\n"
	    "   <profile uri='http://iana.org/beep/TUNNEL' />\r\n"
	    "</greeting>\r\n", 113);
}

static void
test_check_63_tunnel_alone(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	const struct beep_tunnel_hop *h;

	(void)state;
	/* as the first MSG on the TUNNEL channel, or piggybacked */
	parse_ok("<tunnel fqdn='proxy.example.com' srv='_tunnel._tcp' "
	    "port='604'>\r\n <tunnel endpoint='operator console'/>\r\n"
	    "</tunnel>", BEEP_EL_BIT(BEEP_EL_TUNNEL), m, BEEP_EL_TUNNEL);
	assert_int_equal(m->u.tunnel.nhops, 2);
	h = m->u.tunnel.hops;
	assert_string_equal(h[0].fqdn, "proxy.example.com");
	assert_string_equal(h[0].srv, "_tunnel._tcp");
	assert_int_equal(h[0].port, 604);
	assert_null(h[0].ip4);
	assert_string_equal(h[1].endpoint, "operator console");
	beep_mgmt_clear(m);
	free(m);
}

static void
test_check_64_tunnel_combinations(void **state)
{
	static const char *const legal[] = {
		"<tunnel fqdn='a.example' port='1' />",
		"<tunnel fqdn='a.example' srv='_x._tcp' />",
		"<tunnel fqdn='a.example' port='65535' srv='_x._tcp' />",
		"<tunnel ip4='10.23.34.45' port='604' />",
		"<tunnel ip6='2001:db8::1' port='604' />",
		"<tunnel ip6='::ffff:10.0.0.1' port='604' />",
		"<tunnel profile='http://iana.org/beep/APEX' />",
		"<tunnel endpoint='cli' />",
		"<tunnel />",
		"<tunnel ip4='0.0.0.0' port='604'><tunnel fqdn='b.example.' "
		    "port='604'><tunnel profile='urn:x' /></tunnel></tunnel>",
	};
	static const struct {
		const char		*xml;
		enum beep_mgmt_err	 e;
		unsigned int		 code;
	} illegal[] = {
		{ "<tunnel fqdn='a.example' />", BEEP_MGMT_ERR_TUNNEL_COMBO,
		    501 },
		{ "<tunnel port='604' />", BEEP_MGMT_ERR_TUNNEL_COMBO, 501 },
		{ "<tunnel ip4='10.0.0.1' />", BEEP_MGMT_ERR_TUNNEL_COMBO,
		    501 },
		{ "<tunnel ip4='10.0.0.1' srv='_a._tcp' port='1' />",
		    BEEP_MGMT_ERR_TUNNEL_COMBO, 501 },
		{ "<tunnel ip4='10.0.0.1' ip6='::1' port='1' />",
		    BEEP_MGMT_ERR_TUNNEL_COMBO, 501 },
		{ "<tunnel fqdn='a' ip4='10.0.0.1' port='1' />",
		    BEEP_MGMT_ERR_TUNNEL_COMBO, 501 },
		{ "<tunnel profile='p' endpoint='e' />",
		    BEEP_MGMT_ERR_TUNNEL_COMBO, 501 },
		{ "<tunnel profile='p' port='1' />",
		    BEEP_MGMT_ERR_TUNNEL_COMBO, 501 },
		{ "<tunnel srv='_a._tcp' />", BEEP_MGMT_ERR_TUNNEL_COMBO,
		    501 },
		/* profile, endpoint, nothing: innermost only */
		{ "<tunnel profile='p'><tunnel/></tunnel>",
		    BEEP_MGMT_ERR_TUNNEL_INNER, 501 },
		{ "<tunnel endpoint='e'><tunnel/></tunnel>",
		    BEEP_MGMT_ERR_TUNNEL_INNER, 501 },
		{ "<tunnel><tunnel/></tunnel>", BEEP_MGMT_ERR_TUNNEL_INNER,
		    501 },
		{ "<tunnel ip4='1.2.3.4' port='1'><tunnel><tunnel/></tunnel>"
		    "</tunnel>", BEEP_MGMT_ERR_TUNNEL_INNER, 501 },
		/* one nested element at most */
		{ "<tunnel ip4='1.2.3.4' port='1'><tunnel/><tunnel/></tunnel>",
		    BEEP_MGMT_ERR_CONTENT, 501 },
		{ "<tunnel svc='_a._tcp' fqdn='a' />",
		    BEEP_MGMT_ERR_ATTR_UNKNOWN, 501 },
		{ "<tunnel><ok/></tunnel>", BEEP_MGMT_ERR_CONTENT, 501 },
		{ "<tunnel>x</tunnel>", BEEP_MGMT_ERR_CONTENT, 501 },
		/* values */
		{ "<tunnel ip4='1.2.3.4' port='0' />", BEEP_MGMT_ERR_RANGE,
		    553 },
		{ "<tunnel ip4='1.2.3.4' port='65536' />", BEEP_MGMT_ERR_RANGE,
		    553 },
		{ "<tunnel ip4='1.2.3.4' port='http' />",
		    BEEP_MGMT_ERR_NUMBER, 501 },
		{ "<tunnel ip4='1.2.3.x' port='1' />", BEEP_MGMT_ERR_ADDR,
		    501 },
		{ "<tunnel ip4='1.2.3' port='1' />", BEEP_MGMT_ERR_ADDR, 501 },
		{ "<tunnel ip4='1.2.3.4.5' port='1' />", BEEP_MGMT_ERR_ADDR,
		    501 },
		{ "<tunnel ip4='01.2.3.4' port='1' />", BEEP_MGMT_ERR_ADDR,
		    501 },
		{ "<tunnel ip4='1.2.3.256' port='1' />", BEEP_MGMT_ERR_RANGE,
		    553 },
		{ "<tunnel ip6='1.2.3.4' port='1' />", BEEP_MGMT_ERR_ADDR,
		    501 },
		{ "<tunnel ip6='::g' port='1' />", BEEP_MGMT_ERR_ADDR, 501 },
		{ "<tunnel fqdn='a..b' port='1' />", BEEP_MGMT_ERR_ADDR, 501 },
		{ "<tunnel fqdn='-a.b' port='1' />", BEEP_MGMT_ERR_ADDR, 501 },
		{ "<tunnel fqdn='a b' port='1' />", BEEP_MGMT_ERR_ADDR, 501 },
		{ "<tunnel fqdn='' port='1' />", BEEP_MGMT_ERR_ADDR, 501 },
		{ "<tunnel fqdn='a' srv='tunnel.tcp' />", BEEP_MGMT_ERR_ADDR,
		    501 },
		{ "<tunnel fqdn='a' srv='_tunnel' />", BEEP_MGMT_ERR_ADDR,
		    501 },
		{ "<tunnel fqdn='a' srv='_a._b._c' />", BEEP_MGMT_ERR_ADDR,
		    501 },
		{ "<tunnel endpoint='' />", BEEP_MGMT_ERR_ATTR_VALUE, 501 },
	};
	struct beep_mgmt	*m = malloc(sizeof(*m));
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(legal) / sizeof(legal[0]); i++) {
		parse_ok(legal[i], BEEP_EL_ANY, m, BEEP_EL_TUNNEL);
		beep_mgmt_clear(m);
	}
	for (i = 0; i < sizeof(illegal) / sizeof(illegal[0]); i++)
		parse_err(illegal[i].xml, BEEP_EL_ANY, illegal[i].e,
		    illegal[i].code);
	free(m);
}

static void
test_check_65_empty_tunnel(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct beep_tunnel_hop	 h;
	struct buf		 b = BUF_INIT;

	(void)state;
	parse_ok("<tunnel/>", BEEP_EL_ANY, m, BEEP_EL_TUNNEL);
	assert_int_equal(m->u.tunnel.nhops, 1);
	assert_int_equal(m->u.tunnel.hops[0].port, 0);
	beep_mgmt_clear(m);
	memset(&h, 0, sizeof(h));
	assert_int_equal(beep_tunnel_put(&b, &h, 1), BEEP_MGMT_OK);
	buf_is(&b, "<tunnel />");
	buf_free(&b);
	free(m);
}

static void
test_check_66_strip_outer(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct buf		 b = BUF_INIT;

	(void)state;
	parse_ok("<tunnel ip4='127.0.0.1' port='44010'><tunnel fqdn="
	    "'c.example' port='604'><tunnel /></tunnel></tunnel>",
	    BEEP_EL_ANY, m, BEEP_EL_TUNNEL);
	assert_int_equal(m->u.tunnel.nhops, 3);
	assert_int_equal(beep_tunnel_put(&b, m->u.tunnel.hops + 1,
	    m->u.tunnel.nhops - 1), BEEP_MGMT_OK);
	buf_is(&b, "<tunnel fqdn='c.example' port='604'><tunnel /></tunnel>");
	buf_reset(&b);
	assert_int_equal(beep_tunnel_put(&b, m->u.tunnel.hops + 2, 1),
	    BEEP_MGMT_OK);
	buf_is(&b, "<tunnel />");
	beep_mgmt_clear(m);
	buf_free(&b);
	free(m);
}

static void
test_check_79_vortex_forms(void **state)
{
	struct beep_mgmt	 m;
	struct beep_profile	 p = { .uri = BEEP_URI_TUNNEL };

	(void)state;
	canonical("<tunnel />");
	canonical("<ok />");
	canonical("<tunnel ip4='127.0.0.1' port='44010'><tunnel /></tunnel>");
	canonical("<tunnel ip4='127.0.0.1' port='45110'><tunnel /></tunnel>");
	/* digest 11.7 rows 3, 5 and 6, and the failure */
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_START;
	m.u.start.number = 1;
	m.u.start.profiles = &p;
	m.u.start.nprofiles = 1;
	p.content = (const uint8_t *)"<tunnel endpoint='cli' />";
	p.content_len = strlen((const char *)p.content);
	msg_is(&m, CT "<start number='1'>\r\n"
	    "   <profile uri='http://iana.org/beep/TUNNEL'>"
	    "<![CDATA[<tunnel endpoint='cli' />]]></profile>\r\n"
	    "</start>\r\n", 163);
	p.content = (const uint8_t *)"<tunnel />";
	p.content_len = 10;
	msg_is(&m, CT "<start number='1'>\r\n"
	    "   <profile uri='http://iana.org/beep/TUNNEL'>"
	    "<![CDATA[<tunnel />]]></profile>\r\n</start>\r\n", 148);
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_PROFILE;
	m.u.profile.uri = BEEP_URI_TUNNEL;
	m.u.profile.content = (const uint8_t *)"<ok />";
	m.u.profile.content_len = 6;
	msg_is(&m, CT "<profile uri='http://iana.org/beep/TUNNEL'>"
	    "<![CDATA[<ok />]]></profile>\r\n", 111);
	memset(&m, 0, sizeof(m));
	m.type = BEEP_EL_ERROR;
	m.u.error.code = 450;
	m.u.error.text = "next hop unreachable";
	msg_is(&m, CT "<error code='450'>next hop unreachable</error>\r\n",
	    86);
}

/* ---- limits ------------------------------------------------------------ */

static void
test_limits(void **state)
{
	struct beep_mgmt	*m = malloc(sizeof(*m));
	struct buf		 b = BUF_INIT;
	size_t			 i;

	(void)state;
	(void)buf_put_str(&b, "<greeting>");
	for (i = 0; i < BEEP_MGMT_PROFILES_MAX; i++)
		(void)buf_printf(&b, "<profile uri='p%zu'/>", i);
	(void)buf_put_str(&b, "</greeting>");
	parse_ok(buf_cstr(&b), BEEP_EL_ANY, m, BEEP_EL_GREETING);
	assert_int_equal(m->u.greeting.nprofiles, BEEP_MGMT_PROFILES_MAX);
	assert_string_equal(m->u.greeting.profiles[63].uri, "p63");
	beep_mgmt_clear(m);
	buf_reset(&b);
	(void)buf_put_str(&b, "<start number='1'>");
	for (i = 0; i <= BEEP_MGMT_PROFILES_MAX; i++)
		(void)buf_printf(&b, "<profile uri='p%zu'/>", i);
	(void)buf_put_str(&b, "</start>");
	parse_err(buf_cstr(&b), BEEP_EL_ANY, BEEP_MGMT_ERR_LIMIT, 500);
	/* hops */
	buf_reset(&b);
	for (i = 0; i + 1 < BEEP_TUNNEL_HOPS_MAX; i++)
		(void)buf_put_str(&b, "<tunnel ip4='1.2.3.4' port='1'>");
	(void)buf_put_str(&b, "<tunnel/>");
	for (i = 0; i + 1 < BEEP_TUNNEL_HOPS_MAX; i++)
		(void)buf_put_str(&b, "</tunnel>");
	parse_ok(buf_cstr(&b), BEEP_EL_ANY, m, BEEP_EL_TUNNEL);
	assert_int_equal(m->u.tunnel.nhops, BEEP_TUNNEL_HOPS_MAX);
	beep_mgmt_clear(m);
	buf_reset(&b);
	for (i = 0; i < BEEP_TUNNEL_HOPS_MAX; i++)
		(void)buf_put_str(&b, "<tunnel ip4='1.2.3.4' port='1'>");
	(void)buf_put_str(&b, "<tunnel/>");
	for (i = 0; i < BEEP_TUNNEL_HOPS_MAX; i++)
		(void)buf_put_str(&b, "</tunnel>");
	parse_err(buf_cstr(&b), BEEP_EL_ANY, BEEP_MGMT_ERR_LIMIT, 500);
	/* the input */
	buf_reset(&b);
	(void)buf_put_str(&b, "<error code='500'>");
	while (b.len < BEEP_MGMT_LEN_MAX)
		(void)buf_put_u8(&b, 'x');
	(void)buf_put_str(&b, "</error>");
	assert_int_equal(beep_mgmt_parse(m, b.data, b.len, BEEP_EL_ANY),
	    BEEP_MGMT_ERR_LIMIT);
	/* deep nesting of unknown structure stops at the first child */
	buf_reset(&b);
	(void)buf_put_str(&b, "<error code='500'>");
	for (i = 0; i < 1000; i++)
		(void)buf_put_str(&b, "<a>");
	parse_err(buf_cstr(&b), BEEP_EL_ANY, BEEP_MGMT_ERR_ELEMENT, 501);
	buf_free(&b);
	free(m);
}

/* A MIME message through to the element, as the session does it. */
static void
test_mime_then_mgmt(void **state)
{
	const char		*p = CT "<close number='0' code='200' />\r\n";
	struct beep_mime	 mm;
	struct beep_mgmt	*m = malloc(sizeof(*m));

	(void)state;
	assert_int_equal(strlen(p), 71);
	assert_int_equal(beep_mime_parse((const uint8_t *)p, strlen(p), &mm),
	    BEEP_MIME_OK);
	assert_int_equal(beep_mime_xml_check(&mm), BEEP_MIME_OK);
	assert_int_equal(beep_mgmt_parse(m, mm.body, mm.body_len,
	    BEEP_EL_CH0_MSG), BEEP_MGMT_OK);
	assert_int_equal(m->type, BEEP_EL_CLOSE);
	assert_int_equal(m->u.close.code, 200);
	beep_mgmt_clear(m);
	free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mime_headers),
		cmocka_unit_test(test_mime_folded),
		cmocka_unit_test(test_mime_put),
		cmocka_unit_test(test_mime_errors),
		cmocka_unit_test(test_mime_limits),
		cmocka_unit_test(test_mime_xml_check),
		cmocka_unit_test(test_mime_then_mgmt),
		cmocka_unit_test(test_greeting),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_close_ok_error),
		cmocka_unit_test(test_profile_reply),
		cmocka_unit_test(test_tls),
		cmocka_unit_test(test_put_each),
		cmocka_unit_test(test_put_refused),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_blob),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_check_18_default_type),
		cmocka_unit_test(test_check_19_headerless),
		cmocka_unit_test(test_check_20_xml_restrictions),
		cmocka_unit_test(test_check_26_greeting),
		cmocka_unit_test(test_check_27_refusal),
		cmocka_unit_test(test_check_29_start_number),
		cmocka_unit_test(test_check_31_one_profile),
		cmocka_unit_test(test_check_32_piggyback),
		cmocka_unit_test(test_check_36_close_ok),
		cmocka_unit_test(test_check_38_close_number),
		cmocka_unit_test(test_check_39_malformed),
		cmocka_unit_test(test_check_51_52_tls),
		cmocka_unit_test(test_check_55_blob_bad_base64),
		cmocka_unit_test(test_check_56_blob_complete),
		cmocka_unit_test(test_check_57_blob_abort),
		cmocka_unit_test(test_check_60_sasl_plain),
		cmocka_unit_test(test_check_61_tunnel_identity),
		cmocka_unit_test(test_check_63_tunnel_alone),
		cmocka_unit_test(test_check_64_tunnel_combinations),
		cmocka_unit_test(test_check_65_empty_tunnel),
		cmocka_unit_test(test_check_66_strip_outer),
		cmocka_unit_test(test_check_79_vortex_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

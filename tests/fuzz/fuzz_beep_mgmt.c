/*
 * DOC: libFuzzer target for the MIME splitter (mime.c) and the
 * application/beep+xml element codec (mgmt.c) of lib/beep. The input is
 * one message payload, as a session hands it over once reassembled.
 *
 * It is split with beep_mime_parse(), whose slices must lie inside the
 * input; when it is application/beep+xml, the body is parsed as an
 * element. The whole input is also parsed as an element on its own, the
 * way a piggybacked profile content is. Whatever parses must write back
 * (beep_mgmt_put never refuses what beep_mgmt_parse accepted), and the
 * written form is a fixed point: parsed again it gives the same element
 * kind and writes the same octets. Wrapped as a message
 * (beep_mgmt_msg_put) it goes through the MIME splitter and the XML
 * check back to the same body. A refusal always maps to a reply code
 * the session can send and leaves no memory behind.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mgmt.h"
#include "mime.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct beep_mgmt	 m1, m2;

static bool
inside(const void *s, size_t n, const uint8_t *p, size_t len)
{
	const uint8_t	*q = s;

	return q >= p && q <= p + len && n <= (size_t)(p + len - q);
}

static void
check_refusal(enum beep_mgmt_err e, const struct beep_mgmt *m)
{
	unsigned int	 code = beep_mgmt_err_code(e);

	if (code != 500 && code != 501 && code != 553 && code != 451)
		abort();
	if (m->strs != NULL || m->type != BEEP_EL_NONE)
		abort();
}

static void
check_element(const uint8_t *p, size_t len)
{
	struct beep_mime	 mm;
	struct buf		 a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	enum beep_mgmt_err	 e;

	e = beep_mgmt_parse(&m1, p, len, BEEP_EL_ANY);
	if (e != BEEP_MGMT_OK) {
		check_refusal(e, &m1);
		return;
	}
	if (m1.type <= BEEP_EL_NONE || m1.type >= BEEP_EL_MAX)
		abort();
	if (beep_mgmt_put(&a, &m1) != BEEP_MGMT_OK)
		abort();
	if (a.len <= BEEP_MGMT_LEN_MAX) {
		if (beep_mgmt_parse(&m2, a.data, a.len,
		    BEEP_EL_BIT(m1.type)) != BEEP_MGMT_OK ||
		    m2.type != m1.type)
			abort();
		if (beep_mgmt_put(&b, &m2) != BEEP_MGMT_OK ||
		    a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
			abort();
		beep_mgmt_clear(&m2);
		/* as a whole message */
		if (beep_mgmt_msg_put(&c, &m1) != BEEP_MGMT_OK ||
		    beep_mime_parse(c.data, c.len, &mm) != BEEP_MIME_OK ||
		    beep_mime_xml_check(&mm) != BEEP_MIME_OK ||
		    mm.body_len != a.len + 2 ||
		    memcmp(mm.body, a.data, a.len) != 0)
			abort();
	}
	beep_mgmt_clear(&m1);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct beep_mime	 mm;
	size_t			 i;

	if (beep_mime_parse(data, size, &mm) == BEEP_MIME_OK) {
		if (!inside(mm.body, mm.body_len, data, size) ||
		    mm.body + mm.body_len != data + size ||
		    mm.nfields > BEEP_MIME_FIELDS_MAX)
			abort();
		for (i = 0; i < mm.nfields; i++)
			if (!inside(mm.fields[i].name, mm.fields[i].name_len,
			    data, size) || !inside(mm.fields[i].value,
			    mm.fields[i].value_len, data, size))
				abort();
		if (beep_mime_xml_check(&mm) == BEEP_MIME_OK)
			check_element(mm.body, mm.body_len);
	} else if (mm.err_off > size)
		abort();
	check_element(data, size);
	return 0;
}

/*
 * DOC: XRL reply codes (spec §6). A reply is a code plus an optional free
 * text note; its text form is "<code> <message>[ <note>]", the message
 * being XORP's fixed wording for the code. Codes that a peer sends but that
 * XORP 1.8 does not know are folded into INTERNAL_ERROR, as XORP does, so
 * the rest of okapi only ever sees the codes of enum xrl_code.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xrl.h"

static const struct {
	uint32_t	 code;
	const char	*msg;
} xrl_codes[] = {
	{ XRL_OKAY,			"Okay" },
	{ XRL_BAD_ARGS,			"Bad argument(s)" },
	{ XRL_COMMAND_FAILED,		"Command failed" },
	{ XRL_NO_FINDER,		"Finder not present/ready" },
	{ XRL_RESOLVE_FAILED,		"Resolve failed" },
	{ XRL_NO_SUCH_METHOD,		"No such method" },
	{ XRL_SEND_FAILED,		"Transport failed" },
	{ XRL_REPLY_TIMED_OUT,		"Reply timed out" },
	{ XRL_SEND_FAILED_TRANSIENT,	"Transient transport failure" },
	{ XRL_INTERNAL_ERROR,		"Internal error" },
};

static const char *
xrl_code_lookup(uint32_t code)
{
	size_t	 i;

	for (i = 0; i < sizeof(xrl_codes) / sizeof(xrl_codes[0]); i++)
		if (xrl_codes[i].code == code)
			return xrl_codes[i].msg;
	return NULL;
}

const char *
xrl_code_str(uint32_t code)
{
	const char	*s = xrl_code_lookup(code);

	return s != NULL ? s : "Unknown error";
}

void
xrl_error_set(struct xrl_error *e, uint32_t code, const char *fmt, ...)
{
	va_list	 ap;

	e->code = code;
	e->note[0] = '\0';
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->note, sizeof(e->note), fmt, ap);
	va_end(ap);
}

void
xrl_error_ok(struct xrl_error *e)
{
	e->code = XRL_OKAY;
	e->note[0] = '\0';
}

char *
xrl_error_print(const struct xrl_error *e, char *buf, size_t len)
{
	if (e->note[0] != '\0')
		snprintf(buf, len, "%u %s %s", e->code, xrl_code_str(e->code),
		    e->note);
	else
		snprintf(buf, len, "%u %s", e->code, xrl_code_str(e->code));
	return buf;
}

/*
 * The note arrives as raw bytes (STCP) or already decoded (Finder text): it
 * is copied up to the first NUL, truncated to fit.
 */
void
xrl_error_from_wire(struct xrl_error *e, uint32_t code, const char *note,
    size_t notelen)
{
	const char	*nul;

	if (note == NULL)
		notelen = 0;
	else if ((nul = memchr(note, '\0', notelen)) != NULL)
		notelen = (size_t)(nul - note);

	if (xrl_code_lookup(code) != NULL) {
		e->code = code;
		if (notelen >= sizeof(e->note))
			notelen = sizeof(e->note) - 1;
		if (notelen)
			memcpy(e->note, note, notelen);
		e->note[notelen] = '\0';
		return;
	}

	e->code = XRL_INTERNAL_ERROR;
	if (notelen > (size_t)INT32_MAX)
		notelen = INT32_MAX;
	if (notelen)
		snprintf(e->note, sizeof(e->note), "Errorcode %u unknown %.*s",
		    code, (int)notelen, note);
	else
		snprintf(e->note, sizeof(e->note), "Errorcode %u unknown",
		    code);
}

int
xrl_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * libFuzzer target for the Finder message parser (lib/xrl/finder_msg.c).
 * Arbitrary bytes must never crash it; whatever parses must print back to
 * a message that parses to the same values and prints identically again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "finder_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
emit(const struct finder_msg *m, struct buf *b)
{
	bool	 ok;

	if (m->type == FINDER_MSG_REQUEST)
		ok = finder_msg_request(b, m->seq, &m->xrl);
	else
		ok = finder_msg_reply(b, m->seq, &m->err, &m->args);
	/* Only a message grown past the limit may fail to print. */
	if (!ok && (!buf_ok(b) || b->len != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct finder_msg	 m, m2;
	struct buf		 b1 = BUF_INIT, b2 = BUF_INIT;
	char			 err[XRL_ERRBUF];
	uint32_t		 seq = 0;

	if (finder_msg_parse(&m, data, len, &seq, err, sizeof(err)) == -1) {
		if (m.type != 0 && seq != m.seq)
			abort();
		finder_msg_clear(&m);
		return 0;
	}
	if (seq != m.seq)
		abort();
	emit(&m, &b1);
	if (b1.len == 0)
		goto out;	/* re-encoding grew past FINDER_MSG_MAX */
	if (be32_load(b1.data) != b1.len - 4)
		abort();
	if (finder_msg_parse(&m2, b1.data + 4, b1.len - 4, NULL, err,
	    sizeof(err)) == -1)
		abort();
	if (m2.type != m.type || m2.seq != m.seq)
		abort();
	if (m.type == FINDER_MSG_REQUEST) {
		if (strcmp(m.xrl.protocol, m2.xrl.protocol) != 0 ||
		    strcmp(m.xrl.target, m2.xrl.target) != 0 ||
		    strcmp(m.xrl.command, m2.xrl.command) != 0 ||
		    !xrl_args_equal(&m.xrl.args, &m2.xrl.args))
			abort();
	} else if (m.err.code != m2.err.code ||
	    strcmp(m.err.note, m2.err.note) != 0 ||
	    !xrl_args_equal(&m.args, &m2.args))
		abort();
	emit(&m2, &b2);
	if (b1.len != b2.len || memcmp(b1.data, b2.data, b1.len) != 0)
		abort();
	finder_msg_clear(&m2);
out:
	finder_msg_clear(&m);
	buf_free(&b1);
	buf_free(&b2);
	return 0;
}

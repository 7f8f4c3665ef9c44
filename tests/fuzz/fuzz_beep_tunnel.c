/*
 * DOC: libFuzzer target for the TUNNEL element (RFC 3620 2.2) as tunneld
 * receives it: piggybacked in a start, parsed with only <tunnel> allowed.
 * What parses must be a legal chain (beep_tunnel_check), write back, and
 * stripping the outer element (what a proxy sends to its next hop, RFC
 * 3620 4) must give an element that parses to exactly the inner hops. A
 * refusal maps to 500, 501 or 553 and holds no memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mgmt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
hop_eq(const struct beep_tunnel_hop *a, const struct beep_tunnel_hop *b)
{
	return str_eq(a->fqdn, b->fqdn) && str_eq(a->ip4, b->ip4) &&
	    str_eq(a->ip6, b->ip6) && a->port == b->port &&
	    str_eq(a->srv, b->srv) && str_eq(a->profile, b->profile) &&
	    str_eq(a->endpoint, b->endpoint);
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t len)
{
	struct beep_mgmt	 m, inner;
	struct buf		 b = BUF_INIT;
	enum beep_mgmt_err	 e;
	unsigned int		 code;
	size_t			 i;

	e = beep_mgmt_parse(&m, p, len, BEEP_EL_BIT(BEEP_EL_TUNNEL));
	if (e != BEEP_MGMT_OK) {
		code = beep_mgmt_err_code(e);
		if ((code != 500 && code != 501 && code != 553 && code != 451) ||
		    m.strs != NULL)
			abort();
		return 0;
	}
	if (m.type != BEEP_EL_TUNNEL || m.u.tunnel.nhops == 0 ||
	    beep_tunnel_check(m.u.tunnel.hops, m.u.tunnel.nhops) !=
	    BEEP_MGMT_OK)
		abort();
	if (m.u.tunnel.nhops > 1) {
		if (beep_tunnel_put(&b, m.u.tunnel.hops + 1,
		    m.u.tunnel.nhops - 1) != BEEP_MGMT_OK || !buf_ok(&b))
			abort();
		if (beep_mgmt_parse(&inner, b.data, b.len,
		    BEEP_EL_BIT(BEEP_EL_TUNNEL)) != BEEP_MGMT_OK ||
		    inner.u.tunnel.nhops != m.u.tunnel.nhops - 1)
			abort();
		for (i = 0; i < inner.u.tunnel.nhops; i++)
			if (!hop_eq(&inner.u.tunnel.hops[i],
			    &m.u.tunnel.hops[i + 1]))
				abort();
		beep_mgmt_clear(&inner);
	}
	buf_free(&b);
	beep_mgmt_clear(&m);
	return 0;
}

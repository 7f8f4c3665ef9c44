/*
 * DOC: reading one netlink message without trusting it. rtnl_msg_read()
 * checks the header and copies out the family header; rtnl_attr_index()
 * walks the attributes, rejecting any whose length runs past its parent,
 * and files each under its type; the typed getters check the payload size
 * before copying. rtnl_ack_parse() decodes NLMSG_ERROR and NLMSG_DONE with
 * the extended ack message. Everything here is pure.
 */
#include <string.h>

#include "rtnl.h"

static const char *const nl_event_names[NL_EV_MAX] = {
	[NL_EV_NEW] = "new",
	[NL_EV_DEL] = "del",
	[NL_EV_DUMP] = "dump",
};

static const char *const nl_fib_op_names[NL_FIB_OP_MAX] = {
	[NL_FIB_INSTALL] = "install",
	[NL_FIB_REMOVE] = "remove",
};

const char *
nl_event_name(enum nl_event ev)
{
	if ((unsigned int)ev >= NL_EV_MAX)
		return "?";
	return nl_event_names[ev];
}

const char *
nl_fib_op_name(enum nl_fib_op op)
{
	if ((unsigned int)op >= NL_FIB_OP_MAX)
		return "?";
	return nl_fib_op_names[op];
}

/*
 * Check the message at buf (len bytes available) and copy its fixed header
 * (fixedlen bytes, may be 0) into fixed.
 */
int
rtnl_msg_read(const void *buf, size_t len, void *fixed, size_t fixedlen,
    struct rtnl_msg *m)
{
	const uint8_t	*p = buf;
	size_t		 start;

	if (len < NLMSG_HDRLEN)
		return NL_PARSE_BAD;
	memcpy(&m->hdr, p, sizeof(m->hdr));
	if (m->hdr.nlmsg_len < NLMSG_HDRLEN || m->hdr.nlmsg_len > len)
		return NL_PARSE_BAD;
	if (m->hdr.nlmsg_len - NLMSG_HDRLEN < fixedlen)
		return NL_PARSE_BAD;
	if (fixedlen)
		memcpy(fixed, p + NLMSG_HDRLEN, fixedlen);
	start = NLMSG_HDRLEN + NLMSG_ALIGN(fixedlen);
	if (start >= m->hdr.nlmsg_len) {
		m->attrs = p + m->hdr.nlmsg_len;
		m->attrlen = 0;
	} else {
		m->attrs = p + start;
		m->attrlen = m->hdr.nlmsg_len - start;
	}
	return NL_PARSE_OK;
}

/* Bytes from this message to the next one of a datagram (len if none). */
size_t
rtnl_msg_next(const void *buf, size_t len)
{
	struct nlmsghdr	 hdr;
	size_t		 step;

	if (len < NLMSG_HDRLEN)
		return len;
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.nlmsg_len < NLMSG_HDRLEN || hdr.nlmsg_len > len)
		return len;
	step = NLMSG_ALIGN(hdr.nlmsg_len);
	return step > len ? len : step;
}

/*
 * File the attributes in p[0..len) under tb[type] for type <= max; a later
 * duplicate wins. The last attribute may lack its padding.
 */
int
rtnl_attr_index(const uint8_t *p, size_t len, const uint8_t **tb, uint16_t max)
{
	struct nlattr	 a;
	uint16_t	 type;
	size_t		 step;

	memset(tb, 0, ((size_t)max + 1) * sizeof(*tb));
	while (len > 0) {
		if (len < NLA_HDRLEN)
			return NL_PARSE_BAD;
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > len)
			return NL_PARSE_BAD;
		type = a.nla_type & NLA_TYPE_MASK;
		if (type <= max)
			tb[type] = p;
		step = NLA_ALIGN(a.nla_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return NL_PARSE_OK;
}

size_t
rtnl_attr_len(const uint8_t *a)
{
	struct nlattr	 h;

	memcpy(&h, a, sizeof(h));
	return h.nla_len - NLA_HDRLEN;	/* index checked nla_len >= HDRLEN */
}

const uint8_t *
rtnl_attr_data(const uint8_t *a)
{
	return a + NLA_HDRLEN;
}

bool
rtnl_attr_bytes(const uint8_t *a, void *dst, size_t n)
{
	if (a == NULL || rtnl_attr_len(a) != n)
		return false;
	memcpy(dst, rtnl_attr_data(a), n);
	return true;
}

bool
rtnl_attr_u8(const uint8_t *a, uint8_t *v)
{
	return rtnl_attr_bytes(a, v, sizeof(*v));
}

bool
rtnl_attr_u32(const uint8_t *a, uint32_t *v)
{
	return rtnl_attr_bytes(a, v, sizeof(*v));
}

/* A string attribute: NUL within the payload and short enough for dst. */
bool
rtnl_attr_str(const uint8_t *a, char *dst, size_t size)
{
	const uint8_t	*nul;
	size_t		 len, slen;

	if (a == NULL || size == 0)
		return false;
	len = rtnl_attr_len(a);
	if ((nul = memchr(rtnl_attr_data(a), '\0', len)) == NULL)
		return false;
	slen = (size_t)(nul - rtnl_attr_data(a));
	if (slen >= size)
		return false;
	memcpy(dst, rtnl_attr_data(a), slen + 1);
	return true;
}

static void
ack_msg(const uint8_t *a, char *dst, size_t size)
{
	size_t		 len = rtnl_attr_len(a), i;
	const uint8_t	*s = rtnl_attr_data(a);

	for (i = 0; i < len && i + 1 < size && s[i] != '\0'; i++)
		dst[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? (char)s[i] : '?';
	dst[i] = '\0';
}

/*
 * An NLMSG_ERROR or NLMSG_DONE message. The extended ack attributes follow
 * the echoed request, which NETLINK_CAP_ACK trims to its header.
 */
int
rtnl_ack_parse(const void *buf, size_t len, struct rtnl_ack *ack)
{
	const uint8_t	*tb[NLMSGERR_ATTR_MAX + 1];
	struct rtnl_msg	 m;
	struct nlmsgerr	 err;
	const uint8_t	*p;
	size_t		 plen, off;
	int32_t		 e = 0;

	memset(ack, 0, sizeof(*ack));
	if (rtnl_msg_read(buf, len, NULL, 0, &m) != NL_PARSE_OK)
		return NL_PARSE_BAD;
	ack->type = m.hdr.nlmsg_type;
	ack->seq = m.hdr.nlmsg_seq;
	ack->portid = m.hdr.nlmsg_pid;
	p = m.attrs;
	plen = m.attrlen;
	switch (m.hdr.nlmsg_type) {
	case NLMSG_DONE:
		if (plen >= sizeof(e))
			memcpy(&e, p, sizeof(e));
		off = sizeof(e);
		break;
	case NLMSG_ERROR:
		if (plen < sizeof(err))
			return NL_PARSE_BAD;
		memcpy(&err, p, sizeof(err));
		e = err.error;
		off = sizeof(err);
		if (!(m.hdr.nlmsg_flags & NLM_F_CAPPED)) {
			if (err.msg.nlmsg_len < NLMSG_HDRLEN)
				return NL_PARSE_BAD;
			off = sizeof(e) + NLMSG_ALIGN((size_t)err.msg.nlmsg_len);
		}
		break;
	default:
		return NL_PARSE_SKIP;
	}
	if (e > 0 || e < -4095)
		return NL_PARSE_BAD;
	ack->error = -e;
	if ((m.hdr.nlmsg_flags & NLM_F_ACK_TLVS) && off < plen) {
		if (rtnl_attr_index(p + off, plen - off, tb,
		    NLMSGERR_ATTR_MAX) != NL_PARSE_OK)
			return NL_PARSE_BAD;
		if (tb[NLMSGERR_ATTR_MSG])
			ack_msg(tb[NLMSGERR_ATTR_MSG], ack->msg,
			    sizeof(ack->msg));
	}
	return NL_PARSE_OK;
}

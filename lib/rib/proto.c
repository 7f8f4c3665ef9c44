/*
 * DOC: proto: the route sources the RIB knows. The built-in table gives each
 * protocol its name (as XORP and FRR spell it), FRR's one-letter code for
 * `show ip route`, FRR's default administrative distance and the rtnetlink
 * protocol number FRR installs its routes with. Each RIB copies the table, so
 * that distances can be changed and protocols registered per RIB.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "rib_private.h"

static const struct rib_proto_def proto_builtin[RIB_PROTO_OTHER] = {
	[RIB_PROTO_CONNECTED] =	{ "connected", 'C', 0, RIB_RTPROT_KERNEL, true },
	[RIB_PROTO_KERNEL] =	{ "kernel", 'K', 0, RIB_RTPROT_KERNEL, true },
	[RIB_PROTO_STATIC] =	{ "static", 'S', 1, RIB_RTPROT_STATIC, true },
	[RIB_PROTO_RIP] =	{ "rip", 'R', 120, RIB_RTPROT_RIP, true },
	[RIB_PROTO_OSPF] =	{ "ospf", 'O', 110, RIB_RTPROT_OSPF, true },
	[RIB_PROTO_EBGP] =	{ "ebgp", 'B', 20, RIB_RTPROT_BGP, true },
	[RIB_PROTO_IBGP] =	{ "ibgp", 'B', 200, RIB_RTPROT_BGP, true },
};

/* Other spellings accepted by rib_proto_parse(). */
static const struct {
	const char	*name;
	uint8_t		 proto;
	uint32_t	 mask;		/* for rib_proto_mask_parse() */
} proto_alias[] = {
	{ "bgp", RIB_PROTO_EBGP,
	    RIB_PROTO_BIT(RIB_PROTO_EBGP) | RIB_PROTO_BIT(RIB_PROTO_IBGP) },
	{ "ripng", RIB_PROTO_RIP, RIB_PROTO_BIT(RIB_PROTO_RIP) },
	{ "ospf6", RIB_PROTO_OSPF, RIB_PROTO_BIT(RIB_PROTO_OSPF) },
	{ "ospfv3", RIB_PROTO_OSPF, RIB_PROTO_BIT(RIB_PROTO_OSPF) },
	{ "direct", RIB_PROTO_CONNECTED, RIB_PROTO_BIT(RIB_PROTO_CONNECTED) },
};

void
proto_init(struct rib *rib)
{
	memset(rib->protos, 0, sizeof(rib->protos));
	memcpy(rib->protos, proto_builtin, sizeof(proto_builtin));
}

bool
proto_valid(const struct rib *rib, uint8_t proto)
{
	return proto < RIB_PROTO_MAX && rib->protos[proto].used;
}

/*
 * Registers a protocol by name ("isis", "babel") with its letter code,
 * default distance and rtnetlink protocol number (RIB_RTPROT_ZEBRA if it has
 * none of its own). Returns its number, or -1: EEXIST, ENOSPC, EINVAL.
 */
int
rib_proto_register(struct rib *rib, const char *name, char letter,
    unsigned int distance, uint8_t rtproto)
{
	struct rib_proto_def	*pd;
	int			 p;

	if (name == NULL || *name == '\0' ||
	    strlen(name) >= RIB_PROTO_NAMELEN || distance > RIB_DISTANCE_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (rib_proto_parse(rib, name) != -1) {
		errno = EEXIST;
		return -1;
	}
	for (p = RIB_PROTO_OTHER; p < RIB_PROTO_MAX; p++) {
		pd = &rib->protos[p];
		if (pd->used)
			continue;
		memset(pd->name, 0, sizeof(pd->name));
		memcpy(pd->name, name, strlen(name));
		pd->letter = letter;
		pd->distance = (uint8_t)distance;
		pd->rtproto = rtproto;
		pd->used = true;
		return p;
	}
	errno = ENOSPC;
	return -1;
}

/*
 * The protocol of a name, case-insensitive, or -1. "bgp" means eBGP here;
 * rib_proto_mask_parse() reads it as both.
 */
int
rib_proto_parse(const struct rib *rib, const char *name)
{
	size_t	 i;
	int	 p;

	for (p = 0; p < RIB_PROTO_MAX; p++)
		if (rib->protos[p].used &&
		    strcasecmp(rib->protos[p].name, name) == 0)
			return p;
	for (i = 0; i < sizeof(proto_alias) / sizeof(proto_alias[0]); i++)
		if (strcasecmp(proto_alias[i].name, name) == 0)
			return proto_alias[i].proto;
	return -1;
}

/*
 * The set of protocols a name stands for, as RIB_PROTO_BIT()s, for
 * "redistribute bgp": eBGP and iBGP. 0 for an unknown name.
 */
uint32_t
rib_proto_mask_parse(const struct rib *rib, const char *name)
{
	size_t	 i;
	int	 p;

	for (i = 0; i < sizeof(proto_alias) / sizeof(proto_alias[0]); i++)
		if (strcasecmp(proto_alias[i].name, name) == 0)
			return proto_alias[i].mask;
	if ((p = rib_proto_parse(rib, name)) == -1)
		return 0;
	return RIB_PROTO_BIT(p);
}

const char *
rib_proto_name(const struct rib *rib, uint8_t proto)
{
	if (!proto_valid(rib, proto))
		return "unknown";
	return rib->protos[proto].name;
}

/* FRR's code in `show ip route`: K C S R O B; '?' if unknown. */
char
rib_proto_letter(const struct rib *rib, uint8_t proto)
{
	if (!proto_valid(rib, proto) || rib->protos[proto].letter == '\0')
		return '?';
	return rib->protos[proto].letter;
}

/* The rtm_protocol to install the protocol's routes with. */
uint8_t
rib_proto_rtproto(const struct rib *rib, uint8_t proto)
{
	if (!proto_valid(rib, proto))
		return RIB_RTPROT_ZEBRA;
	return rib->protos[proto].rtproto;
}

/*
 * The protocol a route read from the kernel belongs to, or -1 if none: boot
 * and kernel routes are RIB_PROTO_KERNEL; static, ospf, rip and bgp ones are
 * routes installed by an earlier run (bgp reads as eBGP).
 */
int
rib_proto_from_rtproto(const struct rib *rib, uint8_t rtproto)
{
	int	 p;

	if (rtproto == RIB_RTPROT_KERNEL || rtproto == RIB_RTPROT_BOOT)
		return RIB_PROTO_KERNEL;
	for (p = RIB_PROTO_STATIC; p < RIB_PROTO_MAX; p++)
		if (rib->protos[p].used && rib->protos[p].rtproto == rtproto &&
		    rtproto != RIB_RTPROT_ZEBRA)
			return p;
	return -1;
}

/*
 * Whether the daemon installs the protocol's routes in the kernel: not
 * connected and kernel routes, which come from there.
 */
bool
rib_proto_installs(uint8_t proto)
{
	return proto != RIB_PROTO_CONNECTED && proto != RIB_PROTO_KERNEL &&
	    proto < RIB_PROTO_MAX;
}

/* The protocol's administrative distance, or -1 for an unknown protocol. */
int
rib_distance(const struct rib *rib, uint8_t proto)
{
	if (!proto_valid(rib, proto))
		return -1;
	return rib->protos[proto].distance;
}

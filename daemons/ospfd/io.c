/*
 * DOC: io: one raw IP protocol 89 socket per OSPF interface, bound to its
 * device, so that where a packet arrived is never in doubt. Receiving
 * checks the IP header, the OSPF header and body (packet.c) and the
 * interface rules of RFC 2328 8.2, then dispatches by type; every drop is
 * counted by reason and logged through a rate limit. Sending finishes the
 * packet in od->txbuf (length, checksum) and sends it with TTL 1 and the
 * internetwork control precedence.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ospfd.h"

#define IO_RCVBUF	(8 * 1024 * 1024)
#define IO_BURST	64	/* packets read per wake-up */

static const char *const drop_names[DROP_MAX] = {
	[DROP_PARSE] = "malformed",
	[DROP_CHECKSUM] = "bad checksum",
	[DROP_VERSION] = "bad version",
	[DROP_AREA] = "area mismatch",
	[DROP_MASK] = "network mask mismatch",
	[DROP_HELLO] = "hello/dead interval mismatch",
	[DROP_OPTIONS] = "options mismatch",
	[DROP_AUTH] = "authentication mismatch",
	[DROP_SELF] = "own packet",
	[DROP_NBR] = "no such neighbor",
	[DROP_DST] = "wrong destination",
	[DROP_MTU] = "MTU mismatch",
	[DROP_IPHDR] = "bad IP header",
	[DROP_LSA] = "bad LSA",
};

const char *
io_drop_name(unsigned d)
{
	return d < DROP_MAX ? drop_names[d] : "unknown";
}

void
io_drop(struct ospf_if *oif, enum ospf_drop why, uint32_t src,
    const char *fmt, ...)
{
	struct ospfd	*od = oif->od;
	char		 msg[256];
	struct in_addr	 a = { htonl(src) };
	va_list		 ap;

	oif->cnt.drop[why]++;
	od->cnt.drop[why]++;
	if (!log_limit_ok(&od->drop_log))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (strcmp(msg, drop_names[why]) == 0)
		*msg = '\0';
	log_warnx("%s: dropped packet from %s: %s%s%s", oif->name,
	    inet_ntoa(a), drop_names[why], *msg ? ": " : "", msg);
}

static int
io_join(int fd, uint32_t group, uint32_t ifindex)
{
	struct ip_mreqn	 mr;

	memset(&mr, 0, sizeof(mr));
	mr.imr_multiaddr.s_addr = htonl(group);
	mr.imr_ifindex = (int)ifindex;
	return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr));
}

static void io_read(evutil_socket_t, short, void *);

int
io_open(struct ospf_if *oif)
{
	struct ip_mreqn	 mr;
	int		 fd, on = 1, off = 0, ttl = 1, tos = IPTOS_PREC_INTERNETCONTROL;
	int		 rcv = IO_RCVBUF;

	if (oif->fd != -1)
		return 0;
	fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    OSPF_IPPROTO);
	if (fd == -1) {
		log_warn("%s: raw socket", oif->name);
		return -1;
	}
	memset(&mr, 0, sizeof(mr));
	mr.imr_ifindex = (int)oif->ifindex;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, oif->name,
	    (socklen_t)strlen(oif->name)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off,
	    sizeof(off)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl,
	    sizeof(ttl)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) == -1) {
		log_warn("%s: socket options", oif->name);
		close(fd);
		return -1;
	}
	/* A large buffer: a neighbour's burst of Updates must not be lost. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &rcv, sizeof(rcv));
	/*
	 * Both groups: packets to AllDRouters are filtered in io_read() by
	 * our role, which changes faster than memberships should.
	 */
	if (io_join(fd, OSPF_ALL_SPF_ROUTERS, oif->ifindex) == -1 ||
	    io_join(fd, OSPF_ALL_D_ROUTERS, oif->ifindex) == -1) {
		log_warn("%s: multicast membership", oif->name);
		close(fd);
		return -1;
	}
	oif->rd_ev = event_new(oif->od->loop->base, fd, EV_READ | EV_PERSIST,
	    io_read, oif);
	if (oif->rd_ev == NULL || event_add(oif->rd_ev, NULL) == -1) {
		close(fd);
		return -1;
	}
	oif->fd = fd;
	return 0;
}

void
io_close(struct ospf_if *oif)
{
	if (oif->rd_ev != NULL) {
		event_free(oif->rd_ev);
		oif->rd_ev = NULL;
	}
	if (oif->fd != -1) {
		close(oif->fd);
		oif->fd = -1;
	}
}

static enum ospf_drop
io_err_drop(enum ospf_err e)
{
	switch (e) {
	case OSPF_ERR_CHECKSUM:
		return DROP_CHECKSUM;
	case OSPF_ERR_VERSION:
		return DROP_VERSION;
	case OSPF_ERR_AUTYPE:
		return DROP_AUTH;
	default:
		return DROP_PARSE;
	}
}

/* RFC 2328 8.2: the neighbour a non-Hello packet comes from. */
static struct ospf_nbr *
io_nbr(struct ospf_if *oif, const struct ospf_pkt *p, uint32_t src)
{
	if (oif->net == ISM_NET_PTP || oif->net == ISM_NET_VIRTUAL)
		return nbr_find(oif, p->hdr.rtr_id);
	return nbr_find_addr(oif, src);
}

static void
io_dispatch(struct ospf_if *oif, const uint8_t *pkt, size_t len,
    uint32_t src, uint32_t dst)
{
	struct ospf_pkt	 p;
	struct ospf_nbr	*nbr;
	struct ospf_if	*vl;
	enum ospf_err	 e;
	unsigned	 need;

	if ((e = ospf_pkt_parse(pkt, len, &p)) != OSPF_OK) {
		io_drop(oif, io_err_drop(e), src, "%s", ospf_err_name(e));
		return;
	}
	/* 8.2: a backbone packet on a transit area's interface belongs to
	 * the virtual link with its sender, if there is one. */
	if (p.hdr.area_id == SPF_EXT_BACKBONE &&
	    oif->area->id != SPF_EXT_BACKBONE &&
	    (vl = vlink_for(oif->od, oif, p.hdr.rtr_id)) != NULL)
		oif = vl;
	if (p.hdr.area_id != oif->area->id) {
		io_drop(oif, DROP_AREA, src, "area %u.%u.%u.%u",
		    p.hdr.area_id >> 24, (p.hdr.area_id >> 16) & 0xff,
		    (p.hdr.area_id >> 8) & 0xff, p.hdr.area_id & 0xff);
		return;
	}
	if (!auth_check(oif, pkt, len, &p, src))
		return;
	if (p.hdr.rtr_id == oif->od->rtr_id) {
		io_drop(oif, DROP_SELF, src, "router ID is ours");
		return;
	}
	if (p.hdr.type == OSPF_PKT_HELLO) {
		hello_recv(oif, &p, src, dst);
		return;
	}
	if ((nbr = io_nbr(oif, &p, src)) == NULL) {
		io_drop(oif, DROP_NBR, src, "%s", ospf_pkt_type_name(p.hdr.type));
		return;
	}
	need = p.hdr.type == OSPF_PKT_DD ? NSM_STA_INIT_UP :
	    NSM_STA_EXCHANGE_UP;
	if (!(nbr->nsm.state & need)) {
		io_drop(oif, DROP_NBR, src, "%s in state %s",
		    ospf_pkt_type_name(p.hdr.type),
		    nsm_state_name(nbr->nsm.state));
		return;
	}
	oif->cnt.rx[p.hdr.type]++;
	oif->od->cnt.rx[p.hdr.type]++;
	switch (p.hdr.type) {
	case OSPF_PKT_DD:
		dd_recv(nbr, &p);
		break;
	case OSPF_PKT_LSR:
		lsr_recv(nbr, &p);
		break;
	case OSPF_PKT_LSU:
		lsu_recv(nbr, &p);
		break;
	case OSPF_PKT_LSACK:
		lsack_recv(nbr, &p);
		break;
	}
}

static void
io_packet(struct ospf_if *oif, const uint8_t *b, size_t n)
{
	size_t		 hl, tl;
	uint32_t	 src, dst;

	if (n < 20 || (b[0] >> 4) != 4 || (hl = (size_t)(b[0] & 0xf) * 4) <
	    20 || hl > n) {
		io_drop(oif, DROP_IPHDR, 0, "%zu bytes", n);
		return;
	}
	src = be32_load(b + 12);
	dst = be32_load(b + 16);
	tl = (size_t)b[2] << 8 | b[3];
	/* Linux hands raw sockets the IP header as it arrived. */
	if (tl < hl || tl > n || b[9] != OSPF_IPPROTO) {
		io_drop(oif, DROP_IPHDR, src, "length %zu of %zu", tl, n);
		return;
	}
	if (src == oif->addr)
		return;		/* our own, looped back */
	/*
	 * We are in AllDRouters whatever our role (see io_open): another
	 * DROther's packets to the DR reach us too, normally. Not a drop.
	 */
	if (dst == OSPF_ALL_D_ROUTERS && !(oif->ism.state &
	    (ISM_STA_DR | ISM_STA_BACKUP)))
		return;
	if (dst != OSPF_ALL_SPF_ROUTERS && dst != OSPF_ALL_D_ROUTERS &&
	    dst != oif->addr && iface_find_addr(oif->od, dst) == NULL) {
		io_drop(oif, DROP_DST, src, "to %u.%u.%u.%u", dst >> 24,
		    (dst >> 16) & 0xff, (dst >> 8) & 0xff, dst & 0xff);
		return;
	}
	io_dispatch(oif, b + hl, tl - hl, src, dst);
}

static void
io_read(evutil_socket_t fd, short what, void *arg)
{
	struct ospf_if	*oif = arg;
	uint8_t		*b = oif->od->rxbuf;
	ssize_t		 n;
	int		 i;

	(void)what;
	for (i = 0; i < IO_BURST && oif->fd == fd; i++) {
		n = recv(fd, b, OSPF_MAX_PKT + 1, 0);
		if (n == -1) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("%s: recv", oif->name);
			return;
		}
		io_packet(oif, b, (size_t)n);
	}
}

/* The socket a packet leaves by: a virtual link borrows the one of the
 * transit area's interface on the way to its other end. */
int
io_fd(const struct ospf_if *oif)
{
	const struct ospf_if	*p;

	if (oif->net != ISM_NET_VIRTUAL)
		return oif->fd;
	if (!oif->up)
		return -1;
	TAILQ_FOREACH(p, &oif->od->ifs, entry)
		if (p->net != ISM_NET_VIRTUAL && p->ifindex == oif->vl_ifindex)
			return p->fd;
	return -1;
}

size_t
io_begin(struct ospf_if *oif, enum ospf_pkt_type type)
{
	struct ospf_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.version = OSPF_VERSION;
	h.type = (uint8_t)type;
	h.rtr_id = oif->od->rtr_id;
	h.area_id = oif->area->id;
	auth_hdr(oif, &h);
	buf_reset(&oif->od->txbuf);
	return ospf_pkt_begin(&oif->od->txbuf, &h);
}

int
io_send(struct ospf_if *oif, size_t start, uint32_t dst)
{
	struct buf		*b = &oif->od->txbuf;
	struct sockaddr_in	 sin;
	const uint8_t		*p;
	size_t			 len;
	uint8_t			 type;

	int			 fd = io_fd(oif);

	if (fd == -1 || !ospf_pkt_finish(b, start))
		return -1;
	type = b->data[start + 1];
	/* A cryptographic digest goes on a copy: txbuf stays unsigned, so a
	 * resent packet is signed anew. */
	if ((p = auth_sign(oif, b->data + start, b->len - start, &len)) ==
	    NULL)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(dst);
	if (sendto(fd, p, len, 0, (struct sockaddr *)&sin,
	    sizeof(sin)) == -1) {
		oif->cnt.tx_err++;
		oif->od->cnt.tx_err++;
		if (errno != ENOBUFS && errno != EAGAIN && errno != ENETDOWN)
			log_warn("%s: send %s", oif->name,
			    ospf_pkt_type_name(type));
		return -1;
	}
	if (type < OSPF_PKT_MAX) {
		oif->cnt.tx[type]++;
		oif->od->cnt.tx[type]++;
	}
	return 0;
}

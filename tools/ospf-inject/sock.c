/*
 * DOC: sock.c: the raw IP protocol 89 socket on one interface: its
 * address, mask and MTU, sending to AllSPFRouters, and reading IP packets
 * into the handlers of nbr.c and flood.c.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "inject.h"

#define SOCK_BUF	(8 * 1024 * 1024)

/* The interface's index, first IPv4 address and mask, and MTU. */
int
sock_iface(struct inject *inj)
{
	struct ifaddrs	*ifa, *i;
	struct ifreq	 ifr;
	int		 fd, rc = -1;

	if ((inj->ifindex = if_nametoindex(inj->ifname)) == 0) {
		fprintf(stderr, "ospf-inject: %s: no such interface\n",
		    inj->ifname);
		return -1;
	}
	if (getifaddrs(&ifa) == -1) {
		perror("ospf-inject: getifaddrs");
		return -1;
	}
	for (i = ifa; i != NULL; i = i->ifa_next)
		if (i->ifa_addr != NULL && i->ifa_netmask != NULL &&
		    i->ifa_addr->sa_family == AF_INET &&
		    strcmp(i->ifa_name, inj->ifname) == 0) {
			inj->addr = ntohl(((struct sockaddr_in *)
			    (void *)i->ifa_addr)->sin_addr.s_addr);
			inj->mask = ntohl(((struct sockaddr_in *)
			    (void *)i->ifa_netmask)->sin_addr.s_addr);
			rc = 0;
			break;
		}
	freeifaddrs(ifa);
	if (rc == -1) {
		fprintf(stderr, "ospf-inject: %s has no IPv4 address\n",
		    inj->ifname);
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", inj->ifname);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    ioctl(fd, SIOCGIFMTU, &ifr) == -1) {
		perror("ospf-inject: MTU");
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	inj->mtu = (uint16_t)ifr.ifr_mtu;
	return 0;
}

int
sock_open(struct inject *inj)
{
	struct ip_mreqn	 mr;
	int		 fd, off = 0, ttl = 1, tos = IPTOS_PREC_INTERNETCONTROL;
	int		 size = SOCK_BUF;

	fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    OSPF_IPPROTO);
	if (fd == -1) {
		perror("ospf-inject: raw socket (root?)");
		return -1;
	}
	memset(&mr, 0, sizeof(mr));
	mr.imr_ifindex = (int)inj->ifindex;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, inj->ifname,
	    (socklen_t)strlen(inj->ifname)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off,
	    sizeof(off)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl,
	    sizeof(ttl)) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)) == -1) {
		perror("ospf-inject: socket options");
		close(fd);
		return -1;
	}
	/* The router's acknowledgments of a whole area come in a burst. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof(size)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size,
	    sizeof(size)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	mr.imr_multiaddr.s_addr = htonl(OSPF_ALL_SPF_ROUTERS);
	if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
	    sizeof(mr)) == -1) {
		perror("ospf-inject: multicast membership");
		close(fd);
		return -1;
	}
	inj->fd = fd;
	return 0;
}

/* False when the kernel cannot take it now (the caller tries later). */
bool
sock_send(struct inject *inj, const uint8_t *p, size_t len)
{
	struct sockaddr_in	 sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(OSPF_ALL_SPF_ROUTERS);
	if (sendto(inj->fd, p, len, 0, (struct sockaddr *)&sin,
	    sizeof(sin)) == -1) {
		if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
			inj_log(inj, "send: %s", strerror(errno));
		return false;
	}
	return true;
}

/* Starts a packet of type in inj->out, emptied; its start, for pkt_send. */
size_t
pkt_begin(struct inject *inj, enum ospf_pkt_type type)
{
	struct ospf_hdr	 h;

	memset(&h, 0, sizeof(h));
	h.version = OSPF_VERSION;
	h.type = (uint8_t)type;
	h.rtr_id = inj->rid;
	h.area_id = inj->area_id;
	h.autype = OSPF_AUTH_NULL;
	buf_reset(&inj->out);
	return ospf_pkt_begin(&inj->out, &h);
}

bool
pkt_send(struct inject *inj, size_t start)
{
	if (!ospf_pkt_finish(&inj->out, start))
		return false;
	return sock_send(inj, inj->out.data + start, inj->out.len - start);
}

/* One IP datagram: the IP header, then an OSPF packet for this area. */
static void
sock_input(struct inject *inj, const uint8_t *p, size_t len)
{
	struct ospf_pkt	 pkt;
	enum ospf_err	 err;
	size_t		 hl;
	uint32_t	 src;

	if (len < INJ_IP_HDR_LEN || (p[0] >> 4) != 4)
		return;
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (hl < INJ_IP_HDR_LEN || hl > len || p[9] != OSPF_IPPROTO)
		return;
	src = be32_load(p + 12);
	if (src == inj->addr)
		return;
	if ((err = ospf_pkt_parse(p + hl, len - hl, &pkt)) != OSPF_OK) {
		if (inj->verbose)
			inj_log(inj, "dropped a packet: %s",
			    ospf_err_name(err));
		return;
	}
	if (pkt.hdr.area_id != inj->area_id || pkt.hdr.rtr_id == inj->rid)
		return;
	if (pkt.hdr.type == OSPF_PKT_HELLO) {
		hello_recv(inj, src, &pkt);
		return;
	}
	/* RFC 2328 10.5 ff.: the rest only from our neighbour. */
	if (inj->nbr.rid != pkt.hdr.rtr_id)
		return;
	switch (pkt.hdr.type) {
	case OSPF_PKT_DD:
		dd_recv(inj, &pkt);
		break;
	case OSPF_PKT_LSR:
		if (inj->nbr.state & (NBR_STA_EXCHANGE | NBR_STA_FULL) &&
		    !flood_lsr_recv(inj, &pkt))
			nbr_fsm(inj, NBR_EVT_SEQ_MISMATCH);	/* BadLSReq */
		break;
	case OSPF_PKT_LSU:
		if (inj->nbr.state & (NBR_STA_EXCHANGE | NBR_STA_FULL))
			flood_lsu_recv(inj, &pkt);
		break;
	case OSPF_PKT_LSACK:
		if (inj->nbr.state & (NBR_STA_EXCHANGE | NBR_STA_FULL))
			flood_ack_recv(inj, &pkt);
		break;
	default:
		break;
	}
}

/* Everything waiting on the socket. */
void
sock_recv(struct inject *inj)
{
	uint8_t		 pkt[INJ_MAX_PKT];
	ssize_t		 n;

	for (;;) {
		n = recv(inj->fd, pkt, sizeof(pkt), 0);
		if (n == -1) {
			if (errno != EAGAIN && errno != EINTR)
				inj_log(inj, "recv: %s", strerror(errno));
			return;
		}
		sock_input(inj, pkt, (size_t)n);
	}
}

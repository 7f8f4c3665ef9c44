/*
 * DOC: rtnetlink plumbing shared by the files of lib/netlink, not exported
 * to daemons: a bounds-checked reader of one message and its attributes
 * (nlmsg.c), the ack decoder, the socket helpers (sock.c), and the routine
 * that turns one message into an nl_events callback (dump.c).
 *
 * Readers copy every header and value out with memcpy, so input bytes need
 * no alignment; tb[] slots point at attribute headers inside the input.
 */
#ifndef OKAPI_NETLINK_RTNL_H
#define OKAPI_NETLINK_RTNL_H

#include <sys/socket.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "netlink.h"

#define RTNL_ACK_MSGLEN		128

/* One message: its header, its fixed family header, its attribute area. */
struct rtnl_msg {
	struct nlmsghdr		 hdr;
	const uint8_t		*attrs;
	size_t			 attrlen;
};

/* A decoded NLMSG_ERROR (an ack when error is 0) or NLMSG_DONE. */
struct rtnl_ack {
	uint16_t		 type;		/* NLMSG_ERROR or NLMSG_DONE */
	uint32_t		 seq;
	uint32_t		 portid;
	int			 error;		/* 0 or a positive errno */
	char			 msg[RTNL_ACK_MSGLEN];	/* "" if none */
};

/* A batch of received datagrams (recvmmsg). */
struct rtnl_rx {
	unsigned int		 n;
	size_t			 size;
	uint8_t			*buf;
	struct mmsghdr		*mm;
	struct iovec		*iov;
	struct sockaddr_nl	*from;
};

/* nlmsg.c */
int	 rtnl_msg_read(const void *, size_t, void *, size_t, struct rtnl_msg *);
int	 rtnl_attr_index(const uint8_t *, size_t, const uint8_t **, uint16_t);
size_t	 rtnl_attr_len(const uint8_t *);
const uint8_t *rtnl_attr_data(const uint8_t *);
bool	 rtnl_attr_u8(const uint8_t *, uint8_t *);
bool	 rtnl_attr_u32(const uint8_t *, uint32_t *);
bool	 rtnl_attr_bytes(const uint8_t *, void *, size_t);
bool	 rtnl_attr_str(const uint8_t *, char *, size_t);
int	 rtnl_ack_parse(const void *, size_t, struct rtnl_ack *);
size_t	 rtnl_msg_next(const void *, size_t);

/* sock.c */
struct mnl_socket *rtnl_open(int rcvbuf, int sndbuf);
int	 rtnl_set_rcvbuf(int, int);
int	 rtnl_send(int, const void *, size_t);
int	 rtnl_wait(int, int timeout_ms);
struct rtnl_rx *rtnl_rx_new(unsigned int, size_t);
void	 rtnl_rx_del(struct rtnl_rx *);
int	 rtnl_rx_recv(int, struct rtnl_rx *);
const uint8_t *rtnl_rx_get(const struct rtnl_rx *, unsigned int, size_t *);
bool	 rtnl_rx_truncated(const struct rtnl_rx *, unsigned int);
uint64_t rtnl_now_us(void);

/* dump.c */
int	 rtnl_deliver(const struct nl_events *, const void *, size_t, bool);

#endif

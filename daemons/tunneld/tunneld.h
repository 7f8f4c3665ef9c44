/*
 * DOC: tunneld: okapi's BEEP TUNNEL proxy on TCP 604 (RFC 3620), the one
 * door facing the network. main.c loads the configuration and listens;
 * conn.c runs one BEEP session per accepted connection (TLS, SASL,
 * TUNNEL and the profiles' offers); hop.c carries out a tunnel request:
 * authorization, the next hop, the switch to a relay, the log line.
 * docs/tunnel.md explains the design.
 */
#ifndef OKAPI_TUNNELD_H
#define OKAPI_TUNNELD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <event2/event.h>
#include <openssl/ssl.h>

#include "mgmt.h"
#include "peer.h"
#include "relay.h"
#include "sasl.h"
#include "tunneld_conf.h"

struct tconn;
struct thop;

struct tlisten {
	TAILQ_ENTRY(tlisten)	 entry;
	int			 fd;
	struct event		*ev;
	struct tunneld		*td;
};

struct tunneld {
	struct event_base	*base;
	struct tunneld_conf	*conf;
	struct tunneld_usage	 usage;
	struct beep_sasl_ctx	*sasl;
	SSL_CTX			*tls_server;	/* NULL: no TLS configured */
	SSL_CTX			*tls_client;	/* unused today */
	char			*upstream_pass;	/* upstream user's secret */
	TAILQ_HEAD(, tlisten)	 listeners;
	TAILQ_HEAD(, tconn)	 conns;
	TAILQ_HEAD(, thop)	 hops;		/* being set up or relaying */
	unsigned int		 nconns;
	uint64_t		 tunnels_total;
	uint64_t		 refused_total;
};

/* One accepted connection, while it is a BEEP session. */
struct tconn {
	TAILQ_ENTRY(tconn)	 entry;
	struct tunneld		*td;
	struct beep_peer	*peer;
	char			 from[64];	/* address:port of the peer */
	struct thop		*hop;		/* the tunnel being set up */
	struct event		*setup_timer;
	bool			 sasl_done;	/* no second authentication */
	bool			 tuning;	/* one tuning channel at a time */
	struct beep_sasl_server	*sasl;
	uint32_t		 sasl_channel;
};

/* conn.c */
void	 conn_accept(struct tunneld *, int fd, const char *from);
void	 conn_free(struct tconn *);
/* The peer has been handed to a relay (or restarted): forget the hop. */
void	 conn_hop_done(struct tconn *);

/* hop.c */
void	 hop_request(struct tconn *, struct beep_start_req *,
	    uint32_t channel, uint32_t msgno, const uint8_t *xml, size_t len);
void	 hop_cancel(struct thop *);
void	 hop_free_all(struct tunneld *);
bool	 hop_offer_tunnel(struct tconn *);

#endif

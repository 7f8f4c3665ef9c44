/*
 * DOC: tlsprof: the TLS tuning profile on a beep_peer (see tlsprof.c).
 */
#ifndef OKAPI_BEEP_TLSPROF_H
#define OKAPI_BEEP_TLSPROF_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "peer.h"

/* ok: the handshake is under way; the peer's ready() follows it. */
typedef void (*beep_tls_client_cb)(struct beep_peer *, bool ok,
		    unsigned int code, const char *text, void *arg);

/* tlsprof.c: each takes ssl and frees it on every path. */
void	beep_tls_server_start(struct beep_start_req *, SSL *);
void	beep_tls_server_message(struct beep_peer *, uint32_t channel,
	    uint32_t msgno, const uint8_t *p, size_t len, SSL *);
int	beep_tls_client_start(struct beep_peer *, SSL *,
	    const char *server_name, beep_tls_client_cb, void *arg);

#endif

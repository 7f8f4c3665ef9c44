/*
 * DOC: saslprof: the SASL profile family on a beep_peer (see saslprof.c).
 */
#ifndef OKAPI_BEEP_SASLPROF_H
#define OKAPI_BEEP_SASLPROF_H

#include <stdbool.h>
#include <stdint.h>

#include "peer.h"
#include "sasl.h"

/* Server side: the exchange is over (ok: user is authenticated). */
typedef void (*beep_sasl_result_cb)(struct beep_peer *, bool ok,
		    const char *user, unsigned int code, void *arg);
/* Client side: ok, or the code and text of the refusal. */
typedef void (*beep_sasl_login_cb)(struct beep_peer *, bool ok,
		    unsigned int code, const char *text, void *arg);

/* saslprof.c */
void	beep_sasl_serve_start(struct beep_start_req *, struct beep_sasl_ctx *,
	    const struct beep_sasl_server_cfg *, beep_sasl_result_cb, void *);
void	beep_sasl_serve_message(struct beep_peer *, uint32_t channel,
	    uint32_t msgno, const uint8_t *, size_t);
void	beep_sasl_serve_closed(struct beep_peer *, uint32_t channel);
int	beep_sasl_login(struct beep_peer *, struct beep_sasl_ctx *,
	    const char *mech, const char *user, const char *pass,
	    beep_sasl_login_cb, void *arg);

#endif

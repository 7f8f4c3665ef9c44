/*
 * DOC: throttle: FRRouting's "timers throttle spf DELAY HOLD MAX" as a pure
 * function. The first change after a quiet hold time runs after DELAY;
 * a change inside the hold time waits for its end, and each such wait
 * doubles the hold time, up to MAX. A quiet hold time resets it.
 */
#ifndef OKAPI_OSPF_THROTTLE_H
#define OKAPI_OSPF_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

struct throttle_conf {
	uint32_t	 delay;		/* ms */
	uint32_t	 hold;
	uint32_t	 max_hold;
};

/* throttle.c */
/*
 * The delay (ms) before the next run, for a change at now, when the last
 * run started at last (ran: there was one); *cur_hold is the hold time in
 * force, updated.
 */
uint64_t	 throttle_delay(const struct throttle_conf *, uint64_t now,
		    uint64_t last, bool ran, uint32_t *cur_hold);

#endif

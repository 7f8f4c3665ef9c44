/*
 * DOC: throttle: when the next SPF runs (see throttle.h).
 */
#include "throttle.h"

uint64_t
throttle_delay(const struct throttle_conf *c, uint64_t now, uint64_t last,
    bool ran, uint32_t *cur_hold)
{
	uint64_t	 elapsed = now >= last ? now - last : 0, delay;
	uint32_t	 hold = c->hold, max = c->max_hold < c->hold ? c->hold :
	    c->max_hold;

	if (*cur_hold < hold)
		*cur_hold = hold;
	if (!ran || elapsed >= *cur_hold) {
		*cur_hold = hold;
		return c->delay;
	}
	delay = *cur_hold - elapsed;
	if (delay < c->delay)
		delay = c->delay;
	*cur_hold = *cur_hold > max / 2 ? max : *cur_hold * 2;
	return delay;
}

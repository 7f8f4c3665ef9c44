/*
 * The BEEP peer on real sockets (socketpairs): greetings, a profile's
 * channel started and used, channel-0 errors, release, and a tuning
 * reset with the octets after the trigger kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "peer.h"

#define ECHO_URI	"http://example.org/beep/echo"

struct side {
	struct beep_peer	*p;
	int			 ready;
	int			 gone;
	char			 why[160];
	char			 got[256];
	unsigned int		 code;
	uint32_t		 channel;
	bool			 restart_on_start;
};

struct world {
	struct event_base	*base;
	struct side		 l, i;
};

static void
echo_start(struct beep_peer *p, struct beep_start_req *req, void *arg)
{
	struct side	*s = arg;

	if (req->content_len > 0 && strcmp((const char *)req->content,
	    "refuse") == 0) {
		beep_peer_refuse(req, 554, "told to refuse");
		return;
	}
	beep_peer_accept(req, "hi", 2);
	if (s->restart_on_start) {
		beep_peer_tune(p);
		beep_peer_restart(p);
	}
}

static void
echo_message(struct beep_peer *p, uint32_t channel, enum beep_type type,
    uint32_t msgno, const uint8_t *d, size_t len, void *arg)
{
	beep_peer_rpy(p, channel, msgno, d, len);
}

static void
side_ready(struct beep_peer *p, void *arg)
{
	struct side	*s = arg;

	s->ready++;
}

static void
side_gone(struct beep_peer *p, const char *why, void *arg)
{
	struct side	*s = arg;

	s->gone++;
	snprintf(s->why, sizeof(s->why), "%s", why);
	beep_peer_free(p);
	s->p = NULL;
}

static struct beep_profile_ops echo_l = {
	.uri = ECHO_URI, .start = echo_start, .message = echo_message,
};

static void
run(struct world *w)
{
	int	 i;

	for (i = 0; i < 50; i++)
		event_base_loop(w->base, EVLOOP_NONBLOCK);
}

static void
world_new(struct world *w)
{
	struct beep_peer_cfg	 c;
	int			 sv[2];
	char			 err[128];

	memset(w, 0, sizeof(*w));
	w->base = event_base_new();
	assert_non_null(w->base);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	echo_l.arg = &w->l;
	memset(&c, 0, sizeof(c));
	c.role = BEEP_ROLE_LISTENER;
	c.profiles = &echo_l;
	c.nprofiles = 1;
	c.ready = side_ready;
	c.gone = side_gone;
	c.arg = &w->l;
	w->l.p = beep_peer_new(w->base, sv[0], &c, err, sizeof(err));
	c.role = BEEP_ROLE_INITIATOR;
	c.profiles = NULL;
	c.nprofiles = 0;
	c.arg = &w->i;
	w->i.p = beep_peer_new(w->base, sv[1], &c, err, sizeof(err));
	assert_non_null(w->l.p);
	assert_non_null(w->i.p);
	assert_int_equal(beep_peer_greet(w->l.p), 0);
	assert_int_equal(beep_peer_greet(w->i.p), 0);
	run(w);
}

static void
world_free(struct world *w)
{
	beep_peer_free(w->l.p);
	beep_peer_free(w->i.p);
	event_base_free(w->base);
}

static void
started(struct beep_peer *p, const struct beep_start_result *r, void *arg)
{
	struct side	*s = arg;

	s->code = r->ok ? 200 : r->code;
	s->channel = r->channel;
	if (r->ok)
		snprintf(s->got, sizeof(s->got), "%.*s", (int)r->content_len,
		    (const char *)r->content);
	else
		snprintf(s->got, sizeof(s->got), "%s", r->text);
}

static void
replied(struct beep_peer *p, uint32_t channel, enum beep_type type,
    const uint8_t *d, size_t len, void *arg)
{
	struct side	*s = arg;

	snprintf(s->got, sizeof(s->got), "%s:%.*s", beep_type_name(type),
	    (int)len, (const char *)d);
}

/* Checklist 26: both greet at once; the profile list is learned. */
static void
test_26_greeting(void **state)
{
	struct world	 w;

	world_new(&w);
	assert_int_equal(w.l.ready, 1);
	assert_int_equal(w.i.ready, 1);
	assert_true(beep_peer_offers(w.i.p, ECHO_URI));
	assert_false(beep_peer_offers(w.l.p, ECHO_URI));
	world_free(&w);
}

static void
test_30_37_start_msg(void **state)
{
	struct world	 w;

	world_new(&w);
	assert_int_equal(beep_peer_start(w.i.p, ECHO_URI, NULL, 0, NULL,
	    started, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.code, 200);
	assert_int_equal(w.i.channel, 1);
	assert_string_equal(w.i.got, "hi");
	assert_int_equal(beep_peer_msg(w.i.p, 1, "\r\nping", 6, replied, &w.i),
	    0);
	run(&w);
	assert_string_equal(w.i.got, "RPY:\r\nping");
	/* checklist 30: unknown profile, 550; the session stays */
	assert_int_equal(beep_peer_start(w.i.p, "http://x/none", NULL, 0,
	    NULL, started, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.code, 550);
	assert_int_equal(beep_peer_start(w.i.p, ECHO_URI, "refuse", 6, NULL,
	    started, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.code, 554);
	assert_string_equal(w.i.got, "told to refuse");
	/* a release with a channel open is declined (checklist 37) */
	assert_int_equal(beep_peer_release(w.i.p, started, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.code, 550);
	assert_int_equal(w.i.gone, 0);
	world_free(&w);
}

static void
test_36_release(void **state)
{
	struct world	 w;

	world_new(&w);
	assert_int_equal(beep_peer_release(w.i.p, started, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.code, 200);
	assert_int_equal(w.i.gone, 1);
	assert_int_equal(w.l.gone, 1);
	world_free(&w);
}

/* A tuning reset on both sides: fresh greetings, channel 1 usable again. */
static void
restarted(struct beep_peer *p, const struct beep_start_result *r, void *arg)
{
	started(p, r, arg);
	beep_peer_tune(p);
	beep_peer_restart(p);
}

static void
test_49_77_restart(void **state)
{
	struct world	 w;

	world_new(&w);
	w.l.restart_on_start = true;
	assert_int_equal(beep_peer_start(w.i.p, ECHO_URI, NULL, 0, NULL,
	    restarted, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.code, 200);
	assert_int_equal(w.l.ready, 2);
	assert_int_equal(w.i.ready, 2);
	assert_int_equal(beep_peer_channels(w.i.p), 0);
	w.l.restart_on_start = false;
	assert_int_equal(beep_peer_start(w.i.p, ECHO_URI, NULL, 0, NULL,
	    started, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.code, 200);
	assert_int_equal(w.i.channel, 1);
	world_free(&w);
}

/* Checklist 39: a malformed channel-0 MSG gets ERR, the session stays. */
static void
test_39_bad_xml(void **state)
{
	struct world	 w;
	const char	*bad = "Content-Type: application/beep+xml\r\n\r\n"
	    "<start number='1'><profile uri='x'></start>\r\n";

	world_new(&w);
	assert_int_equal(beep_peer_msg(w.i.p, 0, bad, strlen(bad), replied,
	    &w.i), 0);
	run(&w);
	assert_non_null(strstr(w.i.got, "ERR:"));
	assert_non_null(strstr(w.i.got, "code='500'"));
	assert_int_equal(w.i.gone, 0);
	assert_int_equal(w.l.gone, 0);
	world_free(&w);
}

/* Checklist 24: a MSG where we only act as client gets ERR, not silence. */
static void
test_24_unexpected_msg(void **state)
{
	struct world	 w;

	world_new(&w);
	assert_int_equal(beep_peer_start(w.i.p, ECHO_URI, NULL, 0, NULL,
	    started, &w.i), 0);
	run(&w);
	assert_int_equal(w.i.code, 200);
	/* the listener sends a MSG on channel 1; the initiator has no handler */
	assert_int_equal(beep_peer_msg(w.l.p, 1, "\r\nhello", 7, replied,
	    &w.l), 0);
	run(&w);
	assert_non_null(strstr(w.l.got, "ERR:"));
	assert_int_equal(w.i.gone + w.l.gone, 0);
	world_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_26_greeting),
		cmocka_unit_test(test_30_37_start_msg),
		cmocka_unit_test(test_36_release),
		cmocka_unit_test(test_49_77_restart),
		cmocka_unit_test(test_39_bad_xml),
		cmocka_unit_test(test_24_unexpected_msg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

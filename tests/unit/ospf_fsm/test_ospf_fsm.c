/*
 * Unit tests for the pure state machines of daemons/ospfd: the interface
 * state machine (RFC 2328 9.3), the DR/BDR election (9.4) and the
 * neighbour state machine (10.3). Every row of both tables is walked, for
 * every state its mask covers, and the callbacks record what they were
 * asked to do as a string ("hello_start wait_start rtr_lsa") that is
 * compared with the sequence the RFC asks for. Every (state, event) pair
 * without a row must leave the state unchanged, call nothing and log.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ism.h"
#include "nsm.h"

#define A(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define SELF		A(10, 0, 0, 1)
#define SELF_ID		A(1, 1, 1, 1)
#define DD_SEQ0		0x1000U

/* ---- recorder ------------------------------------------------------ */

static char	 rec[1024];
static char	 last_log[256];
static int	 nlog;

static void
rec_reset(void)
{
	rec[0] = '\0';
	last_log[0] = '\0';
	nlog = 0;
}

static void
rec_add(const char *what)
{
	size_t	 len = strlen(rec);

	snprintf(rec + len, sizeof(rec) - len, "%s%s", len ? " " : "", what);
}

static void
cb_log(void *arg, const char *msg)
{
	snprintf(last_log, sizeof(last_log), "%s", msg);
	nlog++;
}

/* ---- ISM fixture --------------------------------------------------- */

static struct dr_cand	 seg[64];	/* the neighbours on the segment */
static size_t		 nseg;

static void i_hello_start(void *arg) { rec_add("hello_start"); }
static void i_hello_stop(void *arg) { rec_add("hello_stop"); }
static void i_wait_start(void *arg) { rec_add("wait_start"); }
static void i_wait_stop(void *arg) { rec_add("wait_stop"); }
static void i_start_elig(void *arg) { rec_add("nbr_start_eligible"); }
static void i_start_inelig(void *arg) { rec_add("nbr_start_ineligible"); }
static void i_adjok(void *arg) { rec_add("nbr_adjok"); }
static void i_kill(void *arg) { rec_add("nbr_kill"); }
static void i_rtr_lsa(void *arg) { rec_add("rtr_lsa"); }

static void
i_net_lsa(void *arg, bool dr)
{
	rec_add(dr ? "net_lsa(dr)" : "net_lsa(!dr)");
}

static size_t
i_dr_cands(void *arg, struct dr_cand *out, size_t max)
{
	size_t	 i;

	for (i = 0; i < nseg && i < max; i++)
		out[i] = seg[i];
	return nseg;
}

static const struct ism_cb ism_cbs = {
	.hello_start = i_hello_start,
	.hello_stop = i_hello_stop,
	.wait_start = i_wait_start,
	.wait_stop = i_wait_stop,
	.nbr_start_eligible = i_start_elig,
	.nbr_start_ineligible = i_start_inelig,
	.nbr_adjok = i_adjok,
	.nbr_kill = i_kill,
	.dr_cands = i_dr_cands,
	.rtr_lsa = i_rtr_lsa,
	.net_lsa = i_net_lsa,
	.log = cb_log,
};

static struct dr_cand
cand(uint32_t addr, uint32_t id, uint8_t prio, uint32_t dr, uint32_t bdr,
    bool twoway)
{
	struct dr_cand	 c = { id, addr, prio, dr, bdr, twoway };

	return c;
}

static void
ism_setup(struct ism *ism, enum ism_net net, uint8_t prio,
    enum ism_state state)
{
	ism_init(ism, "eth0", net, SELF_ID, SELF, prio, &ism_cbs, NULL);
	ism->state = state;
	nseg = 0;
	rec_reset();
}

/* ---- ISM: the rows of 9.3 ------------------------------------------ */

static void
test_ism_names(void **state)
{
	assert_string_equal(ism_state_name(ISM_STA_DOWN), "Down");
	assert_string_equal(ism_state_name(ISM_STA_LOOPBACK), "Loopback");
	assert_string_equal(ism_state_name(ISM_STA_WAITING), "Waiting");
	assert_string_equal(ism_state_name(ISM_STA_PTP), "Point-To-Point");
	assert_string_equal(ism_state_name(ISM_STA_DROTHER), "DROther");
	assert_string_equal(ism_state_name(ISM_STA_BACKUP), "Backup");
	assert_string_equal(ism_state_name(ISM_STA_DR), "DR");
	assert_string_equal(ism_state_name(0x03), "unknown");
	assert_string_equal(ism_state_name(0x1000), "unknown");
	assert_string_equal(ism_event_name(ISM_EVT_IF_UP), "InterfaceUp");
	assert_string_equal(ism_event_name(ISM_EVT_NBR_CHANGE),
	    "NeighborChange");
	assert_string_equal(ism_event_name(ISM_EVT_IF_DOWN), "InterfaceDown");
	assert_string_equal(ism_event_name(ISM_EVT_MAX), "unknown");
}

/* Down, InterfaceUp: the new state depends on the network type. */
static void
test_ism_up(void **state)
{
	static const struct {
		enum ism_net	 net;
		uint8_t		 prio;
		enum ism_state	 next;
		const char	*calls;
	} c[] = {
		{ ISM_NET_PTP, 1, ISM_STA_PTP, "hello_start rtr_lsa" },
		{ ISM_NET_PTMP, 1, ISM_STA_PTP, "hello_start rtr_lsa" },
		{ ISM_NET_VIRTUAL, 0, ISM_STA_PTP, "hello_start rtr_lsa" },
		{ ISM_NET_BROADCAST, 0, ISM_STA_DROTHER,
		    "hello_start rtr_lsa" },
		{ ISM_NET_NBMA, 0, ISM_STA_DROTHER, "hello_start rtr_lsa" },
		{ ISM_NET_BROADCAST, 1, ISM_STA_WAITING,
		    "hello_start wait_start rtr_lsa" },
		{ ISM_NET_NBMA, 1, ISM_STA_WAITING,
		    "hello_start wait_start nbr_start_eligible rtr_lsa" },
	};
	struct ism	 ism;
	char		 want[128];
	size_t		 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ism_setup(&ism, c[i].net, c[i].prio, ISM_STA_DOWN);
		assert_int_equal(ism_event(&ism, ISM_EVT_IF_UP), c[i].next);
		assert_int_equal(ism.state, c[i].next);
		assert_string_equal(rec, c[i].calls);
		snprintf(want, sizeof(want), "ISM eth0: Down -> %s "
		    "(InterfaceUp)", ism_state_name(c[i].next));
		assert_string_equal(last_log, want);
		assert_int_equal(ism.nchange, 1);
	}
}

/* Waiting, WaitTimer alone on the segment: DR, no BDR. */
static void
test_ism_wait_timer_alone(void **state)
{
	struct ism	 ism;

	ism_setup(&ism, ISM_NET_BROADCAST, 1, ISM_STA_WAITING);
	assert_int_equal(ism_event(&ism, ISM_EVT_WAIT_TIMER), ISM_STA_DR);
	assert_string_equal(rec, "nbr_adjok rtr_lsa net_lsa(dr)");
	assert_string_equal(last_log, "ISM eth0: Waiting -> DR (WaitTimer)");
	assert_int_equal(ism.dr, SELF);
	assert_int_equal(ism.dr_id, SELF_ID);
	assert_int_equal(ism.bdr, 0);
	assert_int_equal(ism.bdr_id, 0);
}

/* Waiting, WaitTimer with a DR and a BDR in place: DR Other. */
static void
test_ism_wait_timer_drother(void **state)
{
	struct ism	 ism;

	ism_setup(&ism, ISM_NET_BROADCAST, 1, ISM_STA_WAITING);
	seg[nseg++] = cand(A(10, 0, 0, 2), 2, 1, A(10, 0, 0, 3),
	    A(10, 0, 0, 2), true);
	seg[nseg++] = cand(A(10, 0, 0, 3), 3, 1, A(10, 0, 0, 3),
	    A(10, 0, 0, 2), true);
	assert_int_equal(ism_event(&ism, ISM_EVT_WAIT_TIMER),
	    ISM_STA_DROTHER);
	assert_string_equal(rec, "nbr_adjok rtr_lsa");
	assert_string_equal(last_log,
	    "ISM eth0: Waiting -> DROther (WaitTimer)");
	assert_int_equal(ism.dr, A(10, 0, 0, 3));
	assert_int_equal(ism.dr_id, 3);
	assert_int_equal(ism.bdr, A(10, 0, 0, 2));
	assert_int_equal(ism.bdr_id, 2);
}

/* Waiting, BackupSeen: stop the Wait Timer, then elect. */
static void
test_ism_backup_seen(void **state)
{
	struct ism	 ism;

	ism_setup(&ism, ISM_NET_BROADCAST, 1, ISM_STA_WAITING);
	/* A DR that has just come up, no BDR: we become it. */
	seg[nseg++] = cand(A(10, 0, 0, 3), 3, 1, A(10, 0, 0, 3), 0, true);
	assert_int_equal(ism_event(&ism, ISM_EVT_BACKUP_SEEN),
	    ISM_STA_BACKUP);
	assert_string_equal(rec, "wait_stop nbr_adjok rtr_lsa");
	assert_string_equal(last_log,
	    "ISM eth0: Waiting -> Backup (BackupSeen)");
	assert_int_equal(ism.dr, A(10, 0, 0, 3));
	assert_int_equal(ism.bdr, SELF);
}

/* DR Other, NeighborChange: the BDR is gone, we take its place. */
static void
test_ism_nbr_change_drother(void **state)
{
	struct ism	 ism;

	ism_setup(&ism, ISM_NET_BROADCAST, 1, ISM_STA_DROTHER);
	ism.dr = A(10, 0, 0, 3);
	ism.bdr = A(10, 0, 0, 2);
	seg[nseg++] = cand(A(10, 0, 0, 2), 2, 1, A(10, 0, 0, 3),
	    A(10, 0, 0, 2), false);
	seg[nseg++] = cand(A(10, 0, 0, 3), 3, 1, A(10, 0, 0, 3),
	    A(10, 0, 0, 2), true);
	assert_int_equal(ism_event(&ism, ISM_EVT_NBR_CHANGE),
	    ISM_STA_BACKUP);
	assert_string_equal(rec, "nbr_adjok rtr_lsa");
	assert_string_equal(last_log,
	    "ISM eth0: DROther -> Backup (NeighborChange)");
	assert_int_equal(ism.bdr, SELF);

	/* The same on NBMA: 9.4 step 6, Start to the priority 0 ones. */
	ism_setup(&ism, ISM_NET_NBMA, 1, ISM_STA_DROTHER);
	ism.dr = A(10, 0, 0, 3);
	ism.bdr = A(10, 0, 0, 2);
	seg[nseg++] = cand(A(10, 0, 0, 2), 2, 1, A(10, 0, 0, 3),
	    A(10, 0, 0, 2), false);
	seg[nseg++] = cand(A(10, 0, 0, 3), 3, 1, A(10, 0, 0, 3),
	    A(10, 0, 0, 2), true);
	assert_int_equal(ism_event(&ism, ISM_EVT_NBR_CHANGE),
	    ISM_STA_BACKUP);
	assert_string_equal(rec, "nbr_start_ineligible nbr_adjok rtr_lsa");
}

/* Backup, NeighborChange: the DR is gone, the BDR takes over. */
static void
test_ism_nbr_change_backup(void **state)
{
	struct ism	 ism;

	ism_setup(&ism, ISM_NET_BROADCAST, 1, ISM_STA_BACKUP);
	ism.dr = A(10, 0, 0, 3);
	ism.bdr = SELF;
	seg[nseg++] = cand(A(10, 0, 0, 2), 2, 1, A(10, 0, 0, 3), SELF, true);
	seg[nseg++] = cand(A(10, 0, 0, 3), 3, 1, A(10, 0, 0, 3), SELF,
	    false);
	assert_int_equal(ism_event(&ism, ISM_EVT_NBR_CHANGE), ISM_STA_DR);
	assert_string_equal(rec, "nbr_adjok rtr_lsa net_lsa(dr)");
	assert_string_equal(last_log,
	    "ISM eth0: Backup -> DR (NeighborChange)");
	assert_int_equal(ism.dr, SELF);
	assert_int_equal(ism.bdr, A(10, 0, 0, 2));
	assert_int_equal(ism.bdr_id, 2);
}

/*
 * DR, NeighborChange: a new neighbour of higher priority becomes BDR, we
 * stay DR (no state change: no log, no LSA, but AdjOK?); nothing changes
 * the second time (nothing at all asked for).
 */
static void
test_ism_nbr_change_dr(void **state)
{
	struct ism	 ism;

	ism_setup(&ism, ISM_NET_BROADCAST, 1, ISM_STA_DR);
	ism.dr = SELF;
	ism.dr_id = SELF_ID;
	seg[nseg++] = cand(A(10, 0, 0, 9), 9, 200, SELF, 0, true);
	assert_int_equal(ism_event(&ism, ISM_EVT_NBR_CHANGE), ISM_STA_DR);
	assert_string_equal(rec, "nbr_adjok");
	assert_int_equal(nlog, 0);
	assert_int_equal(ism.nchange, 0);
	assert_int_equal(ism.dr, SELF);
	assert_int_equal(ism.bdr, A(10, 0, 0, 9));

	rec_reset();
	seg[0].bdr = A(10, 0, 0, 9);
	assert_int_equal(ism_event(&ism, ISM_EVT_NBR_CHANGE), ISM_STA_DR);
	assert_string_equal(rec, "");

	/* A DR that loses bidirectionality with everyone stays DR. */
	rec_reset();
	seg[0].twoway = false;
	assert_int_equal(ism_event(&ism, ISM_EVT_NBR_CHANGE), ISM_STA_DR);
	assert_string_equal(rec, "nbr_adjok");
	assert_int_equal(ism.bdr, 0);
}

/* More neighbours than the election's stack array holds. */
static void
test_ism_many_nbrs(void **state)
{
	struct ism	 ism;
	size_t		 i;

	ism_setup(&ism, ISM_NET_BROADCAST, 1, ISM_STA_WAITING);
	for (i = 0; i < 40; i++)
		seg[nseg++] = cand(A(10, 0, 1, i + 1), A(20, 0, 0, i + 1), 1,
		    0, 0, true);
	/* The last one, highest router ID, wins BDR and so DR. */
	assert_int_equal(ism_event(&ism, ISM_EVT_WAIT_TIMER),
	    ISM_STA_DROTHER);
	assert_int_equal(ism.bdr, A(10, 0, 1, 40));
	assert_int_equal(ism.dr, A(10, 0, 1, 40));
	assert_int_equal(ism.dr_id, A(20, 0, 0, 40));
}

/* Any state, InterfaceDown and LoopInd; Loopback, UnloopInd. */
static void
test_ism_down_loop(void **state)
{
	static const enum ism_state all[] = { ISM_STA_DOWN, ISM_STA_LOOPBACK,
	    ISM_STA_WAITING, ISM_STA_PTP, ISM_STA_DROTHER, ISM_STA_BACKUP,
	    ISM_STA_DR };
	struct ism	 ism;
	char		 want[256];
	size_t		 i, j;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		for (j = 0; j < 2; j++) {
			enum ism_event	 ev = j ? ISM_EVT_LOOP_IND :
			    ISM_EVT_IF_DOWN;
			enum ism_state	 next = j ? ISM_STA_LOOPBACK :
			    ISM_STA_DOWN;

			ism_setup(&ism, ISM_NET_BROADCAST, 1, all[i]);
			ism.dr = SELF;
			ism.bdr = A(10, 0, 0, 2);
			ism.bdr_id = 2;
			assert_int_equal(ism_event(&ism, ev), next);
			assert_int_equal(ism.dr, 0);
			assert_int_equal(ism.bdr, 0);
			assert_int_equal(ism.bdr_id, 0);
			snprintf(want, sizeof(want), "hello_stop wait_stop "
			    "nbr_kill%s%s", all[i] == next ? "" : " rtr_lsa",
			    all[i] == ISM_STA_DR ? " net_lsa(!dr)" : "");
			assert_string_equal(rec, want);
			if (all[i] == next) {
				assert_int_equal(nlog, 0);
				continue;
			}
			snprintf(want, sizeof(want), "ISM eth0: %s -> %s (%s)",
			    ism_state_name(all[i]), ism_state_name(next),
			    ism_event_name(ev));
			assert_string_equal(last_log, want);
		}
	}

	ism_setup(&ism, ISM_NET_BROADCAST, 1, ISM_STA_LOOPBACK);
	assert_int_equal(ism_event(&ism, ISM_EVT_UNLOOP_IND), ISM_STA_DOWN);
	assert_string_equal(rec, "rtr_lsa");
	assert_string_equal(last_log,
	    "ISM eth0: Loopback -> Down (UnloopInd)");
}

/* Whether 9.3 has a row for (state, event). */
static bool
ism_has_row(enum ism_state s, enum ism_event e)
{
	switch (e) {
	case ISM_EVT_IF_UP:
		return s == ISM_STA_DOWN;
	case ISM_EVT_WAIT_TIMER:
	case ISM_EVT_BACKUP_SEEN:
		return s == ISM_STA_WAITING;
	case ISM_EVT_NBR_CHANGE:
		return s == ISM_STA_DROTHER || s == ISM_STA_BACKUP ||
		    s == ISM_STA_DR;
	case ISM_EVT_UNLOOP_IND:
		return s == ISM_STA_LOOPBACK;
	case ISM_EVT_LOOP_IND:
	case ISM_EVT_IF_DOWN:
	default:
		return true;
	}
}

static void
test_ism_no_row(void **state)
{
	struct ism	 ism;
	unsigned int	 s, n = 0;
	int		 e;
	char		 want[128];

	for (s = ISM_STA_DOWN; s <= ISM_STA_DR; s <<= 1) {
		for (e = 0; e < ISM_EVT_MAX; e++) {
			if (ism_has_row(s, e))
				continue;
			ism_setup(&ism, ISM_NET_BROADCAST, 1, s);
			assert_int_equal(ism_event(&ism, e), s);
			assert_int_equal(ism.state, s);
			assert_string_equal(rec, "");
			assert_int_equal(ism.nignored, 1);
			assert_int_equal(ism.nchange, 0);
			snprintf(want, sizeof(want), "ISM eth0: event %s "
			    "ignored in state %s", ism_event_name(e),
			    ism_state_name(s));
			assert_string_equal(last_log, want);
			n++;
		}
	}
	/* 7 states x 7 events, less 1 + 1 + 1 + 3 + 7 + 7 + 1 with a row. */
	assert_int_equal(n, 49 - 21);
}

/* No callbacks at all, and the default log: nothing crashes. */
static void
test_ism_no_cb(void **state)
{
	struct ism	 ism;

	ism_init(&ism, "an-interface-name-too-long", ISM_NET_BROADCAST,
	    SELF_ID, SELF, 1, NULL, NULL);
	assert_string_equal(ism.name, "an-interface-na");
	assert_int_equal(ism_event(&ism, ISM_EVT_IF_UP), ISM_STA_WAITING);
	assert_int_equal(ism_event(&ism, ISM_EVT_WAIT_TIMER), ISM_STA_DR);
	assert_int_equal(ism_event(&ism, ISM_EVT_WAIT_TIMER), ISM_STA_DR);
	assert_int_equal(ism.nignored, 1);
	assert_int_equal(ism_event(&ism, ISM_EVT_IF_DOWN), ISM_STA_DOWN);
}

/* ---- DR election (9.4) --------------------------------------------- */

static struct dr_result
elect(const struct dr_cand *c, size_t n)
{
	struct dr_result r;

	memset(&r, 0xa5, sizeof(r));
	dr_elect(c, n, 0, &r);
	return r;
}

/* A fresh segment, nobody declares anything yet. */
static void
test_dr_fresh(void **state)
{
	struct dr_cand	 c[4];
	struct dr_result r;

	/* We have the highest priority: BDR, then DR on the re-run. */
	c[0] = cand(SELF, 1, 10, 0, 0, true);
	c[1] = cand(A(10, 0, 0, 2), 2, 5, 0, 0, true);
	c[2] = cand(A(10, 0, 0, 3), 3, 3, 0, 0, true);
	c[3] = cand(A(10, 0, 0, 4), 4, 7, 0, 0, false);	/* not 2-Way */
	r = elect(c, 4);
	assert_int_equal(r.dr, SELF);
	assert_int_equal(r.dr_id, 1);
	assert_int_equal(r.bdr, A(10, 0, 0, 2));
	assert_int_equal(r.bdr_id, 2);
	assert_true(r.rerun);

	/*
	 * We have the lowest: steps 2 and 3 make the best neighbour BDR
	 * and, nobody declaring DR, DR as well; our role does not change,
	 * so no re-run (that neighbour's own re-run and next Hello sort it
	 * out, see the test below).
	 */
	c[0].prio = 1;
	r = elect(c, 4);
	assert_int_equal(r.dr, A(10, 0, 0, 2));
	assert_int_equal(r.bdr, A(10, 0, 0, 2));
	assert_false(r.rerun);

	/* Its next Hello declares DR: BDR by priority among the others. */
	c[1].dr = A(10, 0, 0, 2);
	c[0].dr = c[0].bdr = A(10, 0, 0, 2);
	r = elect(c, 4);
	assert_int_equal(r.dr, A(10, 0, 0, 2));
	assert_int_equal(r.bdr, A(10, 0, 0, 3));	/* prio 3 > 1 */
	assert_false(r.rerun);
}

/* Ties in priority go to the highest router ID, in steps 2 and 3. */
static void
test_dr_ties(void **state)
{
	struct dr_cand	 c[4];
	struct dr_result r;

	c[0] = cand(SELF, 1, 1, 0, 0, true);
	c[1] = cand(A(10, 0, 0, 2), 0x0a000009, 5, A(10, 0, 0, 2), 0, true);
	c[2] = cand(A(10, 0, 0, 3), 0x0a000008, 5, A(10, 0, 0, 3), 0, true);
	r = elect(c, 3);
	assert_int_equal(r.dr, A(10, 0, 0, 2));
	assert_int_equal(r.dr_id, 0x0a000009);
	assert_int_equal(r.bdr, SELF);		/* the only one left */
	assert_true(r.rerun);

	c[0] = cand(SELF, 1, 1, A(10, 0, 0, 4), 0, true);
	c[1] = cand(A(10, 0, 0, 2), 0x0a000008, 5, A(10, 0, 0, 4), 0, true);
	c[2] = cand(A(10, 0, 0, 3), 0x0a000009, 5, A(10, 0, 0, 4), 0, true);
	c[3] = cand(A(10, 0, 0, 4), 0x0a000001, 1, A(10, 0, 0, 4), 0, true);
	r = elect(c, 4);
	assert_int_equal(r.dr, A(10, 0, 0, 4));
	assert_int_equal(r.bdr, A(10, 0, 0, 3));
	assert_int_equal(r.bdr_id, 0x0a000009);
	assert_false(r.rerun);

	/* Two declared BDRs of equal priority. */
	c[1].bdr = A(10, 0, 0, 2);
	c[2].bdr = A(10, 0, 0, 3);
	c[2].rtr_id = 0x0a000007;
	r = elect(c, 4);
	assert_int_equal(r.bdr, A(10, 0, 0, 2));
}

/* An existing DR and BDR are kept against higher priorities. */
static void
test_dr_no_preemption(void **state)
{
	struct dr_cand	 c[4];
	struct dr_result r;

	c[0] = cand(SELF, 1, 1, A(10, 0, 0, 2), A(10, 0, 0, 3), true);
	c[1] = cand(A(10, 0, 0, 2), 2, 1, A(10, 0, 0, 2), A(10, 0, 0, 3),
	    true);
	c[2] = cand(A(10, 0, 0, 3), 3, 1, A(10, 0, 0, 2), A(10, 0, 0, 3),
	    true);
	c[3] = cand(A(10, 0, 0, 9), 9, 255, 0, 0, true);	/* newcomer */
	r = elect(c, 4);
	assert_int_equal(r.dr, A(10, 0, 0, 2));
	assert_int_equal(r.bdr, A(10, 0, 0, 3));
	assert_false(r.rerun);

	/* The same with us as the DR. */
	c[0] = cand(SELF, 1, 1, SELF, A(10, 0, 0, 3), true);
	c[1] = cand(A(10, 0, 0, 2), 2, 1, SELF, A(10, 0, 0, 3), true);
	c[2] = cand(A(10, 0, 0, 3), 3, 1, SELF, A(10, 0, 0, 3), true);
	r = elect(c, 4);
	assert_int_equal(r.dr, SELF);
	assert_int_equal(r.bdr, A(10, 0, 0, 3));
	assert_false(r.rerun);
}

/* Priority 0 is never elected, whatever it declares. */
static void
test_dr_prio0(void **state)
{
	struct dr_cand	 c[3];
	struct dr_result r;

	c[0] = cand(SELF, 1, 1, 0, 0, true);
	c[1] = cand(A(10, 0, 0, 2), 9, 0, A(10, 0, 0, 2), A(10, 0, 0, 2),
	    true);
	c[2] = cand(A(10, 0, 0, 3), 8, 0, 0, A(10, 0, 0, 3), true);
	r = elect(c, 3);
	assert_int_equal(r.dr, SELF);
	assert_int_equal(r.bdr, 0);
	assert_int_equal(r.bdr_id, 0);
	assert_true(r.rerun);

	/*
	 * Ourselves at priority 0, even declared DR: never elected (and
	 * "no longer DR", so step 4 re-runs, to the same answer).
	 */
	c[0] = cand(SELF, 1, 0, SELF, 0, true);
	c[2].prio = 1;
	r = elect(c, 3);
	assert_int_equal(r.dr, A(10, 0, 0, 3));		/* declared BDR */
	assert_int_equal(r.bdr, A(10, 0, 0, 3));
	assert_true(r.rerun);
}

/* We become BDR and, with no DR declared, DR: steps 2 and 3 re-run. */
static void
test_dr_self_rerun(void **state)
{
	struct dr_cand	 c[3];
	struct dr_result r;

	/* We were BDR, the DR went away. */
	c[0] = cand(SELF, 1, 1, A(10, 0, 0, 9), SELF, true);
	c[1] = cand(A(10, 0, 0, 2), 2, 1, A(10, 0, 0, 9), SELF, true);
	c[2] = cand(A(10, 0, 0, 3), 3, 2, A(10, 0, 0, 9), SELF, true);
	r = elect(c, 3);
	/* First pass: BDR us (declared), DR us; re-run: BDR by priority. */
	assert_true(r.rerun);
	assert_int_equal(r.dr, SELF);
	assert_int_equal(r.bdr, A(10, 0, 0, 3));
	assert_int_equal(r.bdr_id, 3);

	/* Newly BDR under a standing DR: re-run, same answer. */
	c[0] = cand(SELF, 1, 7, A(10, 0, 0, 2), 0, true);
	c[1] = cand(A(10, 0, 0, 2), 2, 1, A(10, 0, 0, 2), 0, true);
	c[2] = cand(A(10, 0, 0, 3), 3, 2, A(10, 0, 0, 2), 0, true);
	r = elect(c, 3);
	assert_true(r.rerun);
	assert_int_equal(r.dr, A(10, 0, 0, 2));
	assert_int_equal(r.bdr, SELF);

	/* No longer DR (a DR of higher priority appeared): re-run too. */
	c[0] = cand(SELF, 1, 1, SELF, 0, true);
	c[1] = cand(A(10, 0, 0, 2), 2, 9, A(10, 0, 0, 2), 0, true);
	c[2] = cand(A(10, 0, 0, 3), 3, 2, SELF, 0, true);
	r = elect(c, 3);
	assert_true(r.rerun);
	assert_int_equal(r.dr, A(10, 0, 0, 2));
	/* On the re-run we declare DR no more: BDR by priority, c[2]. */
	assert_int_equal(r.bdr, A(10, 0, 0, 3));
}

/* Only a BDR is declared: it is promoted, ahead of higher priorities. */
static void
test_dr_only_bdr(void **state)
{
	struct dr_cand	 c[3];
	struct dr_result r;

	c[0] = cand(SELF, 1, 1, 0, A(10, 0, 0, 2), true);
	c[1] = cand(A(10, 0, 0, 2), 2, 1, 0, A(10, 0, 0, 2), true);
	c[2] = cand(A(10, 0, 0, 3), 3, 100, 0, A(10, 0, 0, 2), true);
	r = elect(c, 3);
	assert_int_equal(r.bdr, A(10, 0, 0, 2));
	assert_int_equal(r.dr, A(10, 0, 0, 2));
	assert_int_equal(r.dr_id, 2);
	assert_false(r.rerun);

	/* We are that BDR: DR on the first pass, BDR the best other. */
	c[0] = cand(SELF, 1, 1, 0, SELF, true);
	c[1] = cand(A(10, 0, 0, 2), 2, 1, 0, SELF, true);
	c[2] = cand(A(10, 0, 0, 3), 3, 100, 0, SELF, true);
	r = elect(c, 3);
	assert_true(r.rerun);
	assert_int_equal(r.dr, SELF);
	assert_int_equal(r.bdr, A(10, 0, 0, 3));
}

/* Nobody eligible: no DR, no BDR. */
static void
test_dr_nobody(void **state)
{
	struct dr_cand	 c[3];
	struct dr_result r;

	c[0] = cand(SELF, 1, 0, 0, 0, true);
	c[1] = cand(A(10, 0, 0, 2), 2, 0, A(10, 0, 0, 2), 0, true);
	c[2] = cand(A(10, 0, 0, 3), 3, 5, A(10, 0, 0, 3), 0, false);
	r = elect(c, 3);
	assert_int_equal(r.dr, 0);
	assert_int_equal(r.dr_id, 0);
	assert_int_equal(r.bdr, 0);
	assert_int_equal(r.bdr_id, 0);
	assert_false(r.rerun);

	r = elect(c, 0);
	assert_int_equal(r.dr, 0);
	assert_int_equal(r.bdr, 0);

	/* An observer not on the list (self past the end). */
	c[1].prio = 1;
	dr_elect(c, 3, 3, &r);
	assert_int_equal(r.dr, A(10, 0, 0, 2));
	assert_false(r.rerun);
}

/* ---- NSM fixture --------------------------------------------------- */

static bool	 ans_adj_ok;
static bool	 ans_lsreq;
static uint32_t	 dd_seq_seen;

static void n_inact_start(void *arg) { rec_add("inact_start"); }
static void n_inact_stop(void *arg) { rec_add("inact_stop"); }
static void n_hello_send(void *arg) { rec_add("hello_send"); }
static void n_db_summary(void *arg) { rec_add("db_summary"); }
static void n_lsreq_send(void *arg) { rec_add("lsreq_send"); }
static void n_lists_clear(void *arg) { rec_add("lists_clear"); }
static void n_nbr_change(void *arg) { rec_add("nbr_change"); }

static bool
n_adj_ok(void *arg)
{
	rec_add(ans_adj_ok ? "adj_ok?yes" : "adj_ok?no");
	return ans_adj_ok;
}

static bool
n_lsreq_pending(void *arg)
{
	rec_add(ans_lsreq ? "lsreq?yes" : "lsreq?no");
	return ans_lsreq;
}

static uint32_t
n_dd_seq_init(void *arg)
{
	rec_add("dd_seq_init");
	return DD_SEQ0;
}

static void
n_dd_start(void *arg, uint32_t seq)
{
	dd_seq_seen = seq;
	rec_add("dd_start");
}

static void
n_adj_change(void *arg, bool full)
{
	rec_add(full ? "adj_change(full)" : "adj_change(!full)");
}

static const struct nsm_cb nsm_cbs = {
	.inact_start = n_inact_start,
	.inact_stop = n_inact_stop,
	.hello_send = n_hello_send,
	.adj_ok = n_adj_ok,
	.dd_seq_init = n_dd_seq_init,
	.dd_start = n_dd_start,
	.db_summary = n_db_summary,
	.lsreq_pending = n_lsreq_pending,
	.lsreq_send = n_lsreq_send,
	.lists_clear = n_lists_clear,
	.nbr_change = n_nbr_change,
	.adj_change = n_adj_change,
	.log = cb_log,
};

static void
nsm_setup(struct nsm *nbr, enum nsm_state state)
{
	nsm_init(nbr, "10.0.0.2 eth0", &nsm_cbs, NULL);
	nbr->state = state;
	ans_adj_ok = false;
	ans_lsreq = false;
	dd_seq_seen = 0;
	rec_reset();
}

static void
test_nsm_names(void **state)
{
	static const char *const want[] = { "Down", "Attempt", "Init",
	    "2-Way", "ExStart", "Exchange", "Loading", "Full" };
	unsigned int	 s, i = 0;

	for (s = NSM_STA_DOWN; s <= NSM_STA_FULL; s <<= 1)
		assert_string_equal(nsm_state_name(s), want[i++]);
	assert_string_equal(nsm_state_name(0), "unknown");
	assert_string_equal(nsm_state_name(0x0c), "unknown");
	assert_string_equal(nsm_state_name(0x100), "unknown");
	assert_string_equal(nsm_event_name(NSM_EVT_ADJ_OK), "AdjOK?");
	assert_string_equal(nsm_event_name(NSM_EVT_2WAY_RCVD),
	    "2-WayReceived");
	assert_string_equal(nsm_event_name(NSM_EVT_LL_DOWN), "LLDown");
	assert_string_equal(nsm_event_name(NSM_EVT_MAX), "unknown");
}

/*
 * One expected transition: from every state of the mask, with the given
 * answers to the two questions, the next state (0: unchanged) and the
 * calls, before the notifications that nsm_event() adds on a change.
 */
struct nsm_case {
	unsigned int	 states;
	enum nsm_event	 ev;
	bool		 adj_ok;
	bool		 lsreq;
	unsigned int	 next;
	const char	*calls;
};

/* RFC 2328 10.3, row by row, both branches of each decision. */
static const struct nsm_case nsm_cases[] = {
	{ NSM_STA_DOWN, NSM_EVT_START, 0, 0, NSM_STA_ATTEMPT,
	    "hello_send inact_start" },
	{ NSM_STA_ATTEMPT, NSM_EVT_HELLO_RCVD, 0, 0, NSM_STA_INIT,
	    "inact_start" },
	{ NSM_STA_DOWN, NSM_EVT_HELLO_RCVD, 0, 0, NSM_STA_INIT,
	    "inact_start" },
	{ NSM_STA_INIT_UP, NSM_EVT_HELLO_RCVD, 0, 0, 0, "inact_start" },
	{ NSM_STA_INIT, NSM_EVT_2WAY_RCVD, 0, 0, NSM_STA_2WAY,
	    "adj_ok?no" },
	{ NSM_STA_INIT, NSM_EVT_2WAY_RCVD, 1, 0, NSM_STA_EXSTART,
	    "adj_ok?yes dd_seq_init dd_start" },
	{ NSM_STA_EXSTART, NSM_EVT_NEG_DONE, 0, 0, NSM_STA_EXCHANGE,
	    "db_summary" },
	{ NSM_STA_EXCHANGE, NSM_EVT_EXCH_DONE, 0, 0, NSM_STA_FULL,
	    "lsreq?no" },
	{ NSM_STA_EXCHANGE, NSM_EVT_EXCH_DONE, 0, 1, NSM_STA_LOADING,
	    "lsreq?yes lsreq_send" },
	{ NSM_STA_LOADING, NSM_EVT_LOADING_DONE, 0, 0, NSM_STA_FULL, "" },
	{ NSM_STA_2WAY, NSM_EVT_ADJ_OK, 0, 0, 0, "adj_ok?no" },
	{ NSM_STA_2WAY, NSM_EVT_ADJ_OK, 1, 0, NSM_STA_EXSTART,
	    "adj_ok?yes dd_seq_init dd_start" },
	{ NSM_STA_EXSTART_UP, NSM_EVT_ADJ_OK, 1, 0, 0, "adj_ok?yes" },
	{ NSM_STA_EXSTART_UP, NSM_EVT_ADJ_OK, 0, 0, NSM_STA_2WAY,
	    "adj_ok?no lists_clear" },
	{ NSM_STA_EXCHANGE_UP, NSM_EVT_SEQ_MISMATCH, 0, 0, NSM_STA_EXSTART,
	    "lists_clear dd_seq_init dd_start" },
	{ NSM_STA_EXCHANGE_UP, NSM_EVT_BAD_LS_REQ, 0, 0, NSM_STA_EXSTART,
	    "lists_clear dd_seq_init dd_start" },
	{ NSM_STA_ANY, NSM_EVT_KILL_NBR, 0, 0, NSM_STA_DOWN,
	    "lists_clear inact_stop" },
	{ NSM_STA_ANY, NSM_EVT_LL_DOWN, 0, 0, NSM_STA_DOWN,
	    "lists_clear inact_stop" },
	{ NSM_STA_ANY, NSM_EVT_INACT_TIMER, 0, 0, NSM_STA_DOWN,
	    "lists_clear" },
	{ NSM_STA_2WAY_UP, NSM_EVT_1WAY_RCVD, 0, 0, NSM_STA_INIT,
	    "lists_clear" },
	{ NSM_STA_2WAY_UP, NSM_EVT_2WAY_RCVD, 0, 0, 0, "" },
	{ NSM_STA_INIT, NSM_EVT_1WAY_RCVD, 0, 0, 0, "" },
};

static void
test_nsm_rows(void **state)
{
	struct nsm	 nbr;
	char		 want[256], logw[128];
	unsigned int	 s, next, nrun = 0;
	size_t		 i;

	for (i = 0; i < sizeof(nsm_cases) / sizeof(nsm_cases[0]); i++) {
		const struct nsm_case	*c = &nsm_cases[i];

		for (s = NSM_STA_DOWN; s <= NSM_STA_FULL; s <<= 1) {
			if (!(c->states & s))
				continue;
			nsm_setup(&nbr, s);
			ans_adj_ok = c->adj_ok;
			ans_lsreq = c->lsreq;
			next = c->next ? c->next : s;
			assert_int_equal(nsm_event(&nbr, c->ev), next);
			assert_int_equal(nbr.state, next);

			snprintf(want, sizeof(want), "%s", c->calls);
			if ((s >= NSM_STA_2WAY) != (next >= NSM_STA_2WAY))
				snprintf(want + strlen(want),
				    sizeof(want) - strlen(want), "%s%s",
				    *want ? " " : "", "nbr_change");
			if (next != s && (next == NSM_STA_FULL ||
			    s == NSM_STA_FULL))
				snprintf(want + strlen(want),
				    sizeof(want) - strlen(want), "%s%s",
				    *want ? " " : "",
				    next == NSM_STA_FULL ?
				    "adj_change(full)" : "adj_change(!full)");
			assert_string_equal(rec, want);

			if (next == s) {
				assert_int_equal(nlog, 0);
				assert_int_equal(nbr.nchange, 0);
			} else {
				snprintf(logw, sizeof(logw),
				    "NSM 10.0.0.2 eth0: %s -> %s (%s)",
				    nsm_state_name(s), nsm_state_name(next),
				    nsm_event_name(c->ev));
				assert_string_equal(last_log, logw);
				assert_int_equal(nbr.nchange, 1);
			}
			if (next == NSM_STA_EXSTART && s != NSM_STA_EXSTART) {
				assert_true(nbr.master);
				assert_int_equal(nbr.dd_seq, DD_SEQ0);
				assert_int_equal(dd_seq_seen, DD_SEQ0);
			}
			assert_int_equal(nbr.nignored, 0);
			nrun++;
		}
	}
	assert_true(nrun > 40);
}

/* Whether 10.3 has a row for (state, event). */
static bool
nsm_has_row(unsigned int s, enum nsm_event e)
{
	size_t	 i;

	for (i = 0; i < sizeof(nsm_cases) / sizeof(nsm_cases[0]); i++)
		if ((nsm_cases[i].states & s) && nsm_cases[i].ev == e)
			return true;
	return false;
}

static void
test_nsm_no_row(void **state)
{
	struct nsm	 nbr;
	unsigned int	 s, n = 0;
	int		 e;
	char		 want[128];

	for (s = NSM_STA_DOWN; s <= NSM_STA_FULL; s <<= 1) {
		for (e = 0; e < NSM_EVT_MAX; e++) {
			if (nsm_has_row(s, e))
				continue;
			nsm_setup(&nbr, s);
			assert_int_equal(nsm_event(&nbr, e), s);
			assert_int_equal(nbr.state, s);
			assert_string_equal(rec, "");
			assert_int_equal(nbr.nignored, 1);
			snprintf(want, sizeof(want), "NSM 10.0.0.2 eth0: event "
			    "%s ignored in state %s", nsm_event_name(e),
			    nsm_state_name(s));
			assert_string_equal(last_log, want);
			n++;
		}
	}
	/* A few the RFC leaves out on purpose. */
	assert_false(nsm_has_row(NSM_STA_ATTEMPT, NSM_EVT_2WAY_RCVD));
	assert_false(nsm_has_row(NSM_STA_ATTEMPT, NSM_EVT_START));
	assert_false(nsm_has_row(NSM_STA_EXSTART, NSM_EVT_SEQ_MISMATCH));
	assert_false(nsm_has_row(NSM_STA_LOADING, NSM_EVT_EXCH_DONE));
	assert_false(nsm_has_row(NSM_STA_INIT, NSM_EVT_ADJ_OK));
	/* 8 states x 13 events, less the 59 pairs the rows cover. */
	assert_int_equal(n, 8 * 13 - 59);
}

/* A whole adjacency, then a SeqNumberMismatch: the DD number goes up. */
static void
test_nsm_adjacency(void **state)
{
	struct nsm	 nbr;

	nsm_setup(&nbr, NSM_STA_DOWN);
	ans_adj_ok = true;
	ans_lsreq = true;
	assert_int_equal(nsm_event(&nbr, NSM_EVT_HELLO_RCVD), NSM_STA_INIT);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_2WAY_RCVD),
	    NSM_STA_EXSTART);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_NEG_DONE),
	    NSM_STA_EXCHANGE);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_EXCH_DONE),
	    NSM_STA_LOADING);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_LOADING_DONE),
	    NSM_STA_FULL);
	assert_string_equal(rec, "inact_start adj_ok?yes dd_seq_init "
	    "dd_start nbr_change db_summary lsreq?yes lsreq_send "
	    "adj_change(full)");
	assert_int_equal(nbr.nchange, 5);
	assert_int_equal(dd_seq_seen, DD_SEQ0);

	rec_reset();
	nbr.master = false;	/* negotiation made us slave */
	assert_int_equal(nsm_event(&nbr, NSM_EVT_SEQ_MISMATCH),
	    NSM_STA_EXSTART);
	assert_string_equal(rec, "lists_clear dd_start adj_change(!full)");
	assert_int_equal(dd_seq_seen, DD_SEQ0 + 1);
	assert_true(nbr.master);
	assert_string_equal(last_log,
	    "NSM 10.0.0.2 eth0: Full -> ExStart (SeqNumberMismatch)");

	rec_reset();
	assert_int_equal(nsm_event(&nbr, NSM_EVT_NEG_DONE),
	    NSM_STA_EXCHANGE);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_BAD_LS_REQ),
	    NSM_STA_EXSTART);
	assert_int_equal(dd_seq_seen, DD_SEQ0 + 2);

	rec_reset();
	assert_int_equal(nsm_event(&nbr, NSM_EVT_1WAY_RCVD), NSM_STA_INIT);
	assert_string_equal(rec, "lists_clear nbr_change");
	assert_int_equal(nsm_event(&nbr, NSM_EVT_INACT_TIMER),
	    NSM_STA_DOWN);
}

/* No callbacks: no adjacency is ever wanted, nothing crashes. */
static void
test_nsm_no_cb(void **state)
{
	struct nsm	 nbr;

	nsm_init(&nbr, "10.0.0.2", NULL, NULL);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_START), NSM_STA_ATTEMPT);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_HELLO_RCVD), NSM_STA_INIT);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_2WAY_RCVD), NSM_STA_2WAY);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_NEG_DONE), NSM_STA_2WAY);
	assert_int_equal(nbr.nignored, 1);
	assert_int_equal(nsm_event(&nbr, NSM_EVT_LL_DOWN), NSM_STA_DOWN);
}

/* 10.4: should an adjacency be formed. */
static void
test_nsm_adj_wanted(void **state)
{
	uint32_t	 me = SELF, nb = A(10, 0, 0, 2), o1 = A(10, 0, 0, 3),
			 o2 = A(10, 0, 0, 4);

	assert_true(nsm_adj_wanted(ISM_NET_PTP, me, nb, 0, 0));
	assert_true(nsm_adj_wanted(ISM_NET_PTMP, me, nb, 0, 0));
	assert_true(nsm_adj_wanted(ISM_NET_VIRTUAL, me, nb, o1, o2));
	assert_true(nsm_adj_wanted(ISM_NET_BROADCAST, me, nb, me, o1));
	assert_true(nsm_adj_wanted(ISM_NET_BROADCAST, me, nb, o1, me));
	assert_true(nsm_adj_wanted(ISM_NET_BROADCAST, me, nb, nb, o1));
	assert_true(nsm_adj_wanted(ISM_NET_NBMA, me, nb, o1, nb));
	assert_false(nsm_adj_wanted(ISM_NET_BROADCAST, me, nb, o1, o2));
	assert_false(nsm_adj_wanted(ISM_NET_NBMA, me, nb, o1, 0));
	assert_false(nsm_adj_wanted(ISM_NET_BROADCAST, me, nb, 0, 0));
	assert_false(nsm_adj_wanted(ISM_NET_BROADCAST, 0, nb, 0, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ism_names),
		cmocka_unit_test(test_ism_up),
		cmocka_unit_test(test_ism_wait_timer_alone),
		cmocka_unit_test(test_ism_wait_timer_drother),
		cmocka_unit_test(test_ism_backup_seen),
		cmocka_unit_test(test_ism_nbr_change_drother),
		cmocka_unit_test(test_ism_nbr_change_backup),
		cmocka_unit_test(test_ism_nbr_change_dr),
		cmocka_unit_test(test_ism_many_nbrs),
		cmocka_unit_test(test_ism_down_loop),
		cmocka_unit_test(test_ism_no_row),
		cmocka_unit_test(test_ism_no_cb),
		cmocka_unit_test(test_dr_fresh),
		cmocka_unit_test(test_dr_ties),
		cmocka_unit_test(test_dr_no_preemption),
		cmocka_unit_test(test_dr_prio0),
		cmocka_unit_test(test_dr_self_rerun),
		cmocka_unit_test(test_dr_only_bdr),
		cmocka_unit_test(test_dr_nobody),
		cmocka_unit_test(test_nsm_names),
		cmocka_unit_test(test_nsm_rows),
		cmocka_unit_test(test_nsm_no_row),
		cmocka_unit_test(test_nsm_adjacency),
		cmocka_unit_test(test_nsm_no_cb),
		cmocka_unit_test(test_nsm_adj_wanted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

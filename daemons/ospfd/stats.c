/*
 * DOC: stats: "show ip ospf statistics", an okapi command beside FRR's:
 * per interface, packets received and sent by type and packets dropped by
 * reason (every drop of io.c is counted here), then the daemon's totals:
 * LSAs originated and received, SPF runs and the last one's duration,
 * routes given to ribd.
 */
#include "cmd.h"
#include "ospfd.h"
#include "vty.h"

static void
stats_counters(struct vty *vty, const char *name,
    const struct ospf_counters *c)
{
	static const char *const types[OSPF_PKT_MAX] = {
		NULL, "Hello", "DB-Desc", "LS-Req", "LS-Update", "LS-Ack"
	};
	unsigned	 i;

	vty_out(vty, "%s\n", name);
	vty_out(vty, "  %-10s %10s %10s\n", "Packets", "Received", "Sent");
	for (i = OSPF_PKT_HELLO; i < OSPF_PKT_MAX; i++)
		vty_out(vty, "  %-10s %10llu %10llu\n", types[i],
		    (unsigned long long)c->rx[i],
		    (unsigned long long)c->tx[i]);
	vty_out(vty, "  Send errors: %llu\n", (unsigned long long)c->tx_err);
	vty_out(vty, "  Dropped:\n");
	for (i = 0; i < DROP_MAX; i++)
		vty_out(vty, "    %-30s %10llu\n", io_drop_name(i),
		    (unsigned long long)c->drop[i]);
}

static int
cmd_show_stats(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospfd	*od = vty_server_ctx(vty_server(vty));
	struct ospf_if	*oif;

	(void)m;
	(void)arg;
	TAILQ_FOREACH(oif, &od->ifs, entry)
		if (!oif->loopback)
			stats_counters(vty, oif->name, &oif->cnt);
	stats_counters(vty, "Total", &od->cnt);
	vty_out(vty, "LSAs originated: %llu, received: %llu\n",
	    (unsigned long long)od->lsa_originated,
	    (unsigned long long)od->lsa_received);
	vty_out(vty, "SPF runs: %llu, last took %u us\n",
	    (unsigned long long)od->spf_runs, od->spf_last_us);
	vty_out(vty, "Routes in ribd: %zu (%llu sent, %llu withdrawn, %llu "
	    "errors)\n", od->nrt, (unsigned long long)od->rib_adds,
	    (unsigned long long)od->rib_dels,
	    (unsigned long long)od->rib_errs);
	return CMD_SUCCESS;
}

static const struct cmd_def stats_cmds[] = {
	{ "show ip ospf statistics",
	    "Show running system information\n"
	    "IP information\n"
	    "OSPF information\n"
	    "Packet, drop, LSA and SPF counters", cmd_show_stats, 0 },
};

int
stats_vty_install(struct ospfd *od)
{
	return vty_install(od->vs, VTY_NODE_VIEW, stats_cmds,
	    sizeof(stats_cmds) / sizeof(stats_cmds[0]));
}

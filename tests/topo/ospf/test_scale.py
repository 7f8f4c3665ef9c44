#!/usr/bin/env python3
"""Scale and churn: 50,000 external routes down a chain of three okapi
routers, r1 - r2 - r3 (tools/lab, point-to-point links).

r1's ospfd is told `redistribute kernel`, then 50,000 routes
20.x.y.0/24 are added to r1's kernel with one `ip -batch` (out of an
interface of their own, bulk0). Checks: every one reaches r3's kernel as
an OSPF route via r2 (and r2's via r1); r2 and r3 each hold 50,000
AS-external LSAs. Then the routes are deleted from r1's kernel: none is
left in r2's or r3's kernel, and no AS-external LSA is left in any LSDB
(flushed, acknowledged and removed), while the lab's own routes are
still as converged OSPF has them. Times are printed, never judged: the
timeouts (300 s each) only stop a hang, and are generous for the
sanitizer build.

    test_scale.py BUILD_DIR [ROUTES]

Exits 77 (skipped) with the reason when not root or ospfd is not built.
"""
import os
import sys
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402
import lab_bulk  # noqa: E402

TOPOLOGY = """\
defaults hello 1 dead 40 cost 10
node r1 okapi id 10.255.8.1
node r2 okapi id 10.255.8.2
node r3 okapi id 10.255.8.3
link r1 r2 10.8.12.0/30
link r2 r3 10.8.23.0/30
"""
DAEMONS = ("finder", "ribd", "ospfd")
TIMEOUT = 300


def count(lab, node, want):
    have = lab_bulk.count_routes(lab.ns(node), "ospf")
    return [] if have == want else ["%s's kernel: %d of %d routes" % (
        node, have, want)]


def lsas(lab, nodes, want):
    problems = []
    for node in nodes:
        have = lab_bulk.external_lsas(lab, node)
        if have != want:
            problems.append("%s: %s AS-external LSAs, want %d" % (
                node, have, want))
    return problems


def nexthops(lab, node, via, dev, n):
    """Every 20/8 route of node's kernel through via on dev."""
    bad, seen = [], 0
    for r in lab.kernel_routes(node):
        if r.get("protocol") != "ospf" or not r.get("dst", "").startswith(
                "20."):
            continue
        seen += 1
        hops = lab_mod.route_nexthops(r)
        if hops != {(via, dev)}:
            bad.append("%s: %s via %s" % (node, r["dst"],
                                          lab_mod.fmt_hops(hops)))
    if seen != n:
        bad.append("%s: %d routes in 20/8, want %d" % (node, seen, n))
    return bad[:10]


def scale(c, lab, n):
    c.require("converged", lab.route_problems)
    lab_bulk.add_bulk_if(lab.ns("r1"))
    lab_bulk.redistribute_kernel(lab, "r1")
    lab_bulk.warm_up(lab, "r1", "r3", "ospf")     # LabError: a failure
    c.ok("redistribution in force: a first route reaches r3 and goes")
    t0 = time.monotonic()
    lab_bulk.ip_batch(lab.ns("r1"), lab_bulk.batch_text(n, "add"))
    c.log("%d routes added to r1's kernel in %.2f s" %
          (n, time.monotonic() - t0))
    c.require("all %d in r3's kernel" % n,
              lambda: count(lab, "r3", n), TIMEOUT)
    c.log("  %.2f s from the start of the batch" % (time.monotonic() - t0))
    c.wait("all %d in r2's kernel" % n, lambda: count(lab, "r2", n),
           TIMEOUT)
    r2 = lab.topo.segments["r2-r3"].addresses["r2"].ip
    r1 = lab.topo.segments["r1-r2"].addresses["r1"].ip
    c.wait("r3's routes via r2 (%s) on r2-r3" % r2,
           lambda: nexthops(lab, "r3", str(r2), "r2-r3", n), 30)
    c.wait("r2's routes via r1 (%s) on r1-r2" % r1,
           lambda: nexthops(lab, "r2", str(r1), "r1-r2", n), 30)
    c.wait("%d AS-external LSAs at r1, r2 and r3" % n,
           lambda: lsas(lab, ("r1", "r2", "r3"), n), TIMEOUT)

    t0 = time.monotonic()
    lab_bulk.ip_batch(lab.ns("r1"), lab_bulk.batch_text(n, "del"))
    c.require("withdrawn: none left in r3's kernel",
              lambda: count(lab, "r3", 0), TIMEOUT)
    c.log("  %.2f s from the start of the batch" % (time.monotonic() - t0))
    c.wait("none left in r2's kernel", lambda: count(lab, "r2", 0),
           TIMEOUT)
    c.wait("no AS-external LSA left at r1, r2 or r3",
           lambda: lsas(lab, ("r1", "r2", "r3"), 0), TIMEOUT)
    c.wait("the lab's own routes as before", lab.route_problems)


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: test_scale.py BUILD_DIR [ROUTES]", file=sys.stderr)
        return 2
    build = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) == 3 else 50000
    lab_mod.skip_unless_ready(TOPOLOGY, build, DAEMONS)
    c = lab_mod.Checks()

    def body():
        with lab_mod.lab_up(TOPOLOGY, build, prefix="ts",
                            okapi_daemons=DAEMONS) as lab:
            c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
            scale(c, lab, n)
    c.scenario("%d external routes through three okapi routers" % n, body)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Operating okapi's ospfd: stub router, clearing, a clean stop. Four okapi
routers in a square of point-to-point links (tools/lab):

      r1 --10-- r2 --10-- r3          r1-r2 with dead interval 40,
       \\                  /           every other link dead 4
        20 ---- r4 ---- 20

r1 reaches r3 (and r3 reaches r1) through r2 at cost 20, through r4 at 40.

  max-metric  "max-metric router-lsa administrative" at r2: r2's router-LSA
        carries 65535 on its point-to-point links and their cost on its
        stub links (RFC 6987), traffic between r1 and r3 moves to r4 while r1 still
        reaches r2's own address through r2; show ip ospf and the running
        configuration say so; removed: 10 again and back through r2.
  clear  "clear ip ospf process" at r2: r1 sees the adjacency go down and
        come back (its state change count grows), every adjacency Full
        again, the same LSDBs and routes; "clear ip ospf interface r2-r3"
        and "clear ip ospf neighbor" at r2 do the same to those neighbours.
  on-startup  "max-metric router-lsa on-startup 15" saved with write memory,
        r2's ospfd stopped and started: r2's router-LSA carries 65535 on
        its point-to-point links, then 10 again once the period is over
        (the LSAs are checked, never the clock).
  clean stop  r2's ospfd stopped with SIGTERM (by PID) just after a new
        router-LSA of its reached r1 (max-metric set: the flush must not
        come within r1's MinLSArrival of it): r1 drops r2's router-LSA
        (gone, or at MaxAge being flushed) and its kernel routes to r2 and
        through r2 while r1 still lists r2 as a Full neighbour, which its
        40 s dead interval would keep for a long while: the flush at exit
        did it, not the dead timer.

    test_ospf_ops.py BUILD_DIR

Exits 77 (skipped) with the reason when BUILD_DIR/daemons/ospfd/ospfd is
not built or the test is not root. Times are printed, never judged.
"""
import os
import re
import signal
import sys

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402

SQUARE = """\
defaults hello 1 dead 4 cost 10
node r1 okapi id 10.255.7.1
node r2 okapi id 10.255.7.2
node r3 okapi id 10.255.7.3
node r4 okapi id 10.255.7.4
link r1 r2 10.7.12.0/30 dead 40
link r2 r3 10.7.23.0/30
link r1 r4 10.7.14.0/30 cost 20
link r4 r3 10.7.34.0/30 cost 20
"""

R2 = "10.255.7.2"
CONF = ["enable", "configure terminal", "router ospf"]


def rtr_links(lab, node, adv=None):
    """[(kind, metric)] of a router-LSA in node's LSDB (its own without
    adv), from show ip ospf database router; None without one, "maxage"
    when it is at MaxAge."""
    cmd = ("show ip ospf database router self-originate" if adv is None
           else "show ip ospf database router %s" % adv)
    out = lab.vty(node, cmd)
    if "LS Type: router-LSA" not in out:
        return None
    if re.search(r"^\s*LS age: 3600\s*$", out, re.M):
        return "maxage"
    links = []
    for block in out.split("Link connected to: ")[1:]:
        kind = "stub" if block.startswith("Stub Network") else (
            "p2p" if block.startswith("another Router") else "transit")
        m = re.search(r"TOS 0 Metric: (\d+)", block)
        links.append((kind, int(m.group(1)) if m else -1))
    return links


def metrics_problems(lab, node, p2p):
    """Problems unless node's router-LSA has p2p links at metric p2p and
    stub links at their cost (10, and 0 for the loopback)."""
    links = rtr_links(lab, node)
    if not links or links == "maxage":
        return ["%s has no router-LSA of its own (%s)" % (node, links)]
    bad = [(k, m) for k, m in links
           if (k == "p2p" and m != p2p) or (k == "stub" and m not in (0, 10))]
    if bad or not any(k == "p2p" for k, _ in links):
        return ["%s's router-LSA links %s, want p2p %d, stub 0 or 10" %
                (node, links, p2p)]
    return []


def via(lab, node, dest, gw_node):
    """Problems unless node's kernel route to dest's stub goes through
    gw_node (its address on their link)."""
    seg = [s for s in lab.topo.segments.values()
           if set(s.members) == {node, gw_node}][0]
    gw = str(lab.topo.iface(gw_node, seg.name).address.ip)
    stub = str(lab.topo.node(dest).stub.network)
    r = lab.kernel_route(node, stub)
    got = sorted(h[0] for h in lab_mod.lab_routers.route_nexthops(r)) \
        if r else []
    return [] if got == [gw] else ["%s reaches %s via %s, not %s (%s)" %
                                   (node, stub, got, gw_node, gw)]


def converged(c, lab, what):
    c.require("%s: every adjacency Full" % what, lab.adjacency_problems)
    c.wait("%s: every LSDB identical" % what, lab.lsdb_problems)
    c.wait("%s: every route as the topology says" % what,
           lab.route_problems)


def max_metric(c, lab):
    c.require("r1 reaches r3 through r2", lambda: via(lab, "r1", "r3", "r2"))
    lab.vty("r2", CONF + ["max-metric router-lsa administrative", "end"])
    c.wait("max-metric at r2: its p2p links 65535, stub links 10",
           lambda: metrics_problems(lab, "r2", 0xffff))
    c.wait("max-metric at r2: r1 reaches r3 through r4",
           lambda: via(lab, "r1", "r3", "r4"))
    c.wait("max-metric at r2: r3 reaches r1 through r4",
           lambda: via(lab, "r3", "r1", "r4"))
    c.wait("max-metric at r2: r1 still reaches r2 through r2",
           lambda: via(lab, "r1", "r2", "r2"))
    out = lab.vty("r2", "show ip ospf")
    want = ("   Originating stub / maximum-distance Router-LSA\n"
            "     Administratively activated (indefinitely)\n")
    if want in out:
        c.ok("max-metric at r2: show ip ospf says so")
    else:
        c.fail("max-metric at r2: show ip ospf says so", out)
    rc = lab.vty("r2", ["enable", "show running-config"])
    if " max-metric router-lsa administrative\n" in rc:
        c.ok("max-metric at r2: in the running configuration")
    else:
        c.fail("max-metric at r2: in the running configuration", rc)
    lab.vty("r2", CONF + ["no max-metric router-lsa administrative", "end"])
    c.wait("no max-metric at r2: its p2p links 10 again",
           lambda: metrics_problems(lab, "r2", 10))
    c.wait("no max-metric at r2: r1 reaches r3 through r2 again",
           lambda: via(lab, "r1", "r3", "r2"))
    c.wait("no max-metric at r2: every route as the topology says",
           lab.route_problems)


def state_changes(lab, node, nbr):
    """node's count of state changes of its neighbour nbr (None: none)."""
    out = lab.vty(node, "show ip ospf neighbor %s detail" % nbr)
    m = re.search(r"State is (\S+), (\d+) state changes", out)
    return (m.group(1), int(m.group(2))) if m else None


def reset_seen(lab, node, nbr, before):
    """Problems unless node's adjacency to nbr went down and is Full again
    (more state changes than before)."""
    now = state_changes(lab, node, nbr)
    if now is None or now[1] <= before[1] or not now[0].startswith("Full"):
        return ["%s's neighbour %s: %s, before %s" % (node, nbr, now, before)]
    return []


def clear(c, lab):
    r1_before = state_changes(lab, "r1", R2)
    r3_before = state_changes(lab, "r3", R2)
    lab.vty("r2", ["enable", "clear ip ospf process"])
    c.wait("clear ip ospf process at r2: r1's adjacency went down and is "
           "Full again", lambda: reset_seen(lab, "r1", R2, r1_before))
    c.wait("clear ip ospf process at r2: r3's too",
           lambda: reset_seen(lab, "r3", R2, r3_before))
    converged(c, lab, "after clear ip ospf process")

    r1_before = state_changes(lab, "r1", R2)
    r3_before = state_changes(lab, "r3", R2)
    lab.vty("r2", ["enable", "clear ip ospf interface r2-r3"])
    c.wait("clear ip ospf interface r2-r3 at r2: r3's adjacency reset",
           lambda: reset_seen(lab, "r3", R2, r3_before))
    now = state_changes(lab, "r1", R2)
    if now == r1_before:
        c.ok("clear ip ospf interface r2-r3 at r2: r1's adjacency kept")
    else:
        c.fail("clear ip ospf interface r2-r3 at r2: r1's adjacency kept",
               "%s, before %s" % (now, r1_before))
    out = lab.vty("r2", ["enable", "clear ip ospf interface nosuch0"])
    if "No such interface name" in out:
        c.ok("clear ip ospf interface nosuch0: No such interface name")
    else:
        c.fail("clear ip ospf interface nosuch0: No such interface name",
               out)
    r1_before = state_changes(lab, "r1", R2)
    lab.vty("r2", ["enable", "clear ip ospf neighbor 10.255.7.1"])
    c.wait("clear ip ospf neighbor 10.255.7.1 at r2: r1's adjacency reset",
           lambda: reset_seen(lab, "r1", R2, r1_before))
    converged(c, lab, "after the clears")


def on_startup(c, lab):
    out = lab.vty("r2", CONF + ["max-metric router-lsa on-startup 15",
                                "end", "write memory"])
    if "Configuration saved" not in out:
        c.fail("on-startup: write memory at r2", out)
    pid = lab.kill("r2", "ospfd", signal.SIGTERM)
    lab.restart("r2", "ospfd")
    c.wait("on-startup 15, r2's ospfd stopped (pid %d) and started: its "
           "p2p links 65535" % pid,
           lambda: metrics_problems(lab, "r2", 0xffff))
    out = lab.vty("r2", "show ip ospf")
    want = (" Stub router advertisement is configured\n"
            "   Enabled for 15s after start-up\n")
    if want in out:
        c.ok("on-startup: show ip ospf says so")
    else:
        c.fail("on-startup: show ip ospf says so", out)
    c.wait("on-startup: the period over, r2's p2p links 10 again",
           lambda: metrics_problems(lab, "r2", 10))
    lab.vty("r2", CONF + ["no max-metric router-lsa on-startup", "end",
                          "write memory"])
    converged(c, lab, "after on-startup")


def clean_stop(c, lab):
    c.require("r1 reaches r3 through r2", lambda: via(lab, "r1", "r3", "r2"))
    c.require("r1 reaches r2's address",
              lambda: via(lab, "r1", "r2", "r2"))
    # A new router-LSA of r2's just reached r1, so the flush at exit comes
    # within r1's MinLSArrival of it (RFC 2328 13 (5a)) unless ospfd waits.
    lab.vty("r2", CONF + ["max-metric router-lsa administrative", "end"])

    def fresh():
        links = rtr_links(lab, "r1", R2)
        return [] if links not in (None, "maxage") and \
            ("p2p", 0xffff) in links else ["r1 has r2's %s" % (links,)]
    c.require("r1 has r2's new router-LSA (max-metric)", fresh)
    pid = lab.kill("r2", "ospfd", signal.SIGTERM)
    seen = {}

    def flushed():
        links = rtr_links(lab, "r1", R2)
        r2_route = lab.kernel_route("r1", R2 + "/32")
        r3_route = via(lab, "r1", "r3", "r4")
        # Asked last: listed now means listed when the rest held.
        listed = [n for n in lab.neighbors("r1")
                  if n.router_id == R2 and n.state == "Full"]
        problems = []
        if links not in (None, "maxage"):
            problems.append("r1 still has r2's router-LSA")
        if r2_route is not None:
            problems.append("r1 still routes to r2's address")
        problems += r3_route
        if not problems:
            seen["listed"] = bool(listed)
        return problems
    c.wait("r2's ospfd stopped (SIGTERM, pid %d) at once: r1 dropped r2's "
           "router-LSA and its routes through r2" % pid, flushed)
    if seen.get("listed"):
        c.ok("clean stop: meanwhile r1 still lists r2 as Full (dead "
             "interval 40): the flush did it")
    else:
        c.fail("clean stop: r1 still lists r2 as Full meanwhile",
               "r2 was no longer r1's Full neighbour: %s" %
               lab.vty("r1", "show ip ospf neighbor"))
    lab.restart("r2", "ospfd")
    converged(c, lab, "r2's ospfd started again")


def scenario(c, lab):
    converged(c, lab, "start")
    c.scenario("max-metric router-lsa administrative", max_metric, c, lab)
    c.scenario("clear ip ospf", clear, c, lab)
    c.scenario("max-metric router-lsa on-startup", on_startup, c, lab)
    c.scenario("a clean stop flushes our LSAs", clean_stop, c, lab)


def main():
    if len(sys.argv) != 2:
        print("usage: test_ospf_ops.py BUILD_DIR", file=sys.stderr)
        return 2
    build = sys.argv[1]
    lab_mod.skip_unless_ready(SQUARE, build)
    c = lab_mod.Checks()

    def body():
        with lab_mod.lab_up(SQUARE, build, prefix="tp") as lab:
            c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
            scenario(c, lab)
    c.scenario("a square of four okapi routers", body)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""okapi's ospfd between okapi routers, each router a network namespace
with its own Finder, ribd and ospfd (tools/lab):

  lan   r1, r2, r3 on lan1 with priorities 100, 50, 0: r1 DR, r2 BDR, r3
        DROther; r3-r4 point-to-point (cost 10); r2-r4 point-to-point
        (cost 50), the way round when r3-r4 is cut. Every adjacency Full,
        the DR and BDR the priorities dictate, every LSDB identical, every
        route in every kernel (proto ospf) with the right next hops, pings
        between loopbacks; r3-r4 cut: the routes move to r2-r4 and r1 still
        reaches r4; restored: the routes come back; r3's ospfd killed (-9,
        by PID) and started again: Full again, the same LSDB and routes.
  chain r1-r2-r3-r4-r5 over point-to-point links: Full everywhere, LSDBs
        identical, each router's routes through the right neighbour, r1 and
        r5 ping each other across four hops.
  live configuration: r3's cost on r3-r4 raised to 100 over the VTY, and
        r1's route to r4 moves to r2 (cost 60 against 110); set back, it
        returns through r3.
  mtu   r1-r2 point-to-point, r2's MTU lowered to 1400 and r1's ospfd
        restarted: r2 drops r1's Database Descriptions (MTU 1500), counts
        them, and the adjacency does not reach Full; "ip ospf mtu-ignore" on
        r2, set live, lets it reach Full.
  bad input: r2 sends malformed packets on lan1 (badpkt.py: truncated,
        wrong version, area, checksum, length, mask, intervals, type, and a
        large one of garbage); r1 counts every one as dropped (show ip ospf
        statistics) and keeps its adjacencies Full.

    test_ospf.py BUILD_DIR

Exits 77 (skipped) with the reason when BUILD_DIR/daemons/ospfd/ospfd is
not built or the test is not root. Times are printed, never judged.
"""
import os
import re
import subprocess
import sys

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402

LAN = """\
defaults hello 1 dead 4 cost 10
node r1 okapi id 10.255.2.1
node r2 okapi id 10.255.2.2
node r3 okapi id 10.255.2.3
node r4 okapi id 10.255.2.4
lan lan1 10.2.123.0/24
attach lan1 r1 priority 100
attach lan1 r2 priority 50
attach lan1 r3 priority 0
link r3 r4 10.2.34.0/30
link r2 r4 10.2.24.0/31 cost 50
"""

CHAIN = """\
defaults hello 1 dead 4 cost 10
node r1 okapi id 10.255.3.1
node r2 okapi id 10.255.3.2
node r3 okapi id 10.255.3.3
node r4 okapi id 10.255.3.4
node r5 okapi id 10.255.3.5
link r1 r2 10.3.12.0/30
link r2 r3 10.3.23.0/30
link r3 r4 10.3.34.0/31
link r4 r5 10.3.45.0/24
"""


PAIR = """\
defaults hello 1 dead 4 cost 10
node r1 okapi id 10.255.4.1
node r2 okapi id 10.255.4.2
link r1 r2 10.4.12.0/30
"""


def converged(c, lab, pings):
    c.require("every adjacency Full (2-Way only between DROthers)",
              lab.adjacency_problems)
    if lab.topo.lans():
        c.wait("DR and BDR as priorities dictate", lab.role_problems)
    c.wait("every LSDB identical (ages aside)", lab.lsdb_problems)
    c.require("every route in every kernel, proto ospf, right next hops",
              lab.route_problems)
    c.wait("pings between loopbacks",
           lambda: lab_mod.ping_problems(lab, pings))


def drops(lab, node, reason=None):
    """The total of show ip ospf statistics' dropped counters (or of the
    one named reason)."""
    out = lab.vty(node, "show ip ospf statistics")
    total = out[out.index("\nTotal"):]
    block = total[total.index("Dropped:"):total.index("LSAs originated")]
    if reason is not None:
        m = re.search(r"^\s*%s\s+(\d+)\s*$" % re.escape(reason), block,
                      re.M)
        return int(m.group(1)) if m else 0
    return sum(int(n) for n in re.findall(r"(\d+)\s*$", block, re.M))


def bad_input(c, lab):
    before = drops(lab, "r1")
    script = os.path.join(SRC, "tests", "topo", "ospf", "badpkt.py")
    out = subprocess.run(["ip", "netns", "exec", lab.ns("r2"), "python3",
                          script, "lan1", "10.255.2.9"], check=True,
                         capture_output=True, text=True).stdout
    sent = int(out.strip())

    def counted():
        got = drops(lab, "r1") - before
        return [] if got >= sent else ["r1 counted %d of %d bad packets" %
                                       (got, sent)]
    c.wait("bad input: r1 counted all %d malformed packets as drops" % sent,
           counted)
    c.wait("bad input: adjacencies still Full", lab.adjacency_problems)


def r4_via(lab, want):
    """Problems unless r1's kernel route to r4's stub goes through want."""
    gw = str(lab.topo.iface(want, "lan1").address.ip)
    stub = str(lab.topo.node("r4").stub.network)
    r = lab.kernel_route("r1", stub)
    got = [r.get("gateway")] if r and "gateway" in r else \
        [n.get("gateway") for n in (r or {}).get("nexthops", [])]
    return [] if got == [gw] else ["r1 reaches %s via %s, not %s (%s)" %
                                   (stub, got, want, gw)]


def live_cost(c, lab):
    ifname = lab.topo.iface("r3", "r3-r4").name
    conf = ["enable", "configure terminal", "interface " + ifname]
    lab.vty("r3", conf + ["ip ospf cost 100", "end"])
    c.wait("live: r3-r4 cost 100 at r3: r1 reaches r4 through r2",
           lambda: r4_via(lab, "r2"))
    lab.vty("r3", conf + ["no ip ospf cost", "end"])
    c.wait("live: cost back to 10: r1 reaches r4 through r3 again",
           lambda: r4_via(lab, "r3"))


def lan_scenario(c, lab):
    converged(c, lab, [("r1", "r4"), ("r4", "r1"), ("r2", "r3"),
                       ("r4", "r2")])
    bad_input(c, lab)
    live_cost(c, lab)
    down = lab.cut("r3-r4")
    c.wait("r3-r4 cut: routes to r4 through r2-r4",
           lambda: lab.route_problems(down=down))
    c.wait("r3-r4 cut: r1 still pings r4",
           lambda: lab_mod.ping_problems(lab, [("r1", "r4"), ("r3", "r4")]))
    lab.restore("r3-r4")
    c.wait("r3-r4 restored: adjacencies Full", lab.adjacency_problems)
    c.wait("r3-r4 restored: the routes as before", lab.route_problems)
    pid = lab.kill("r3", "ospfd")
    lab.restart("r3", "ospfd")
    c.wait("r3's ospfd killed (-9, pid %d) and started again: Full" % pid,
           lab.adjacency_problems)
    c.wait("after r3's restart: LSDBs identical", lab.lsdb_problems)
    c.wait("after r3's restart: the same routes", lab.route_problems)
    c.wait("after r3's restart: pings",
           lambda: lab_mod.ping_problems(lab, [("r1", "r4")]))


def mtu_scenario(c, lab):
    c.require("every adjacency Full", lab.adjacency_problems)
    lab_mod.lab_ns.ip(lab.ns("r2"), "link", "set", "r1-r2", "mtu", "1400")
    lab.kill("r1", "ospfd")
    lab.restart("r1", "ospfd")
    c.wait("MTU 1400 at r2: r1's Database Descriptions dropped and counted",
           lambda: [] if drops(lab, "r2", "MTU mismatch") > 0 else
           ["r2 counted no MTU mismatch yet"])
    nbrs = lab.vty("r2", "show ip ospf neighbor")
    if "Full" in nbrs:
        c.fail("MTU 1400 at r2: no Full adjacency", nbrs)
    else:
        c.ok("MTU 1400 at r2: no Full adjacency")
    lab.vty("r2", ["enable", "configure terminal", "interface r1-r2",
                   "ip ospf mtu-ignore", "end"])
    c.wait("ip ospf mtu-ignore at r2: Full", lab.adjacency_problems)


def chain_scenario(c, lab):
    converged(c, lab, [("r1", "r5"), ("r5", "r1"), ("r2", "r4")])


def run(c, title, topology, scenario, build):
    def body():
        with lab_mod.lab_up(topology, build, prefix="to") as lab:
            c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
            scenario(c, lab)
    c.scenario(title, body)


def main():
    if len(sys.argv) != 2:
        print("usage: test_ospf.py BUILD_DIR", file=sys.stderr)
        return 2
    build = sys.argv[1]
    lab_mod.skip_unless_ready(LAN, build)
    c = lab_mod.Checks()
    run(c, "broadcast segment and point-to-point links", LAN, lan_scenario,
        build)
    run(c, "a chain of five", CHAIN, chain_scenario, build)
    run(c, "an MTU mismatch", PAIR, mtu_scenario, build)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

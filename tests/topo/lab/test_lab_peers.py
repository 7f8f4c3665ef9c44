#!/usr/bin/env python3
"""The lab itself, with FRRouting and BIRD routers only (no okapi daemon):
proves that the harness builds namespaces, LANs and links, configures and
starts both peers, reads their neighbours, LSDBs and kernel routes, cuts a
link and restarts a daemon, and tears everything down.

    f1 (frr) --+
    b2 (bird) -+- lan0 10.1.0.0/24 (f1 DR, b2 BDR, f3 never DR)
    f3 (frr) --+
    f3 -- b4 (bird)   10.1.34.0/30, cost 10
    b2 -- b4          10.1.24.0/31, cost 100 (the way round when f3-b4 is cut)

    test_lab_peers.py [BUILD_DIR]

Needs root, FRRouting and BIRD 2 (scripts/deps.sh installs them); exits 77
(skipped) with the reason otherwise. Prints each check; exits 0 when all
pass, 1 otherwise. Times are printed, never judged.
"""
import os
import sys

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402

TOPOLOGY = """\
defaults hello 1 dead 4 cost 10
node f1 frr  id 10.255.1.1
node b2 bird id 10.255.1.2
node f3 frr  id 10.255.1.3
node b4 bird id 10.255.1.4
lan lan0 10.1.0.0/24
attach lan0 f1 priority 10
attach lan0 b2 priority 5
attach lan0 f3 priority 0
link f3 b4 10.1.34.0/30
link b2 b4 10.1.24.0/31 cost 100
"""
PINGS = [("f1", "b4"), ("b4", "f1"), ("f3", "b2"), ("b2", "f3")]


def converge(c, lab):
    c.require("every adjacency Full, seen by each router's own show command",
              lab.adjacency_problems)
    c.wait("f1 DR, b2 BDR, f3 DROther on lan0", lab.role_problems)
    c.wait("every LSDB identical (ages aside)", lab.lsdb_problems)
    c.require("every route in every kernel with its next hops",
              lab.route_problems)
    c.wait("pings stub to stub across FRR and BIRD",
           lambda: lab_mod.ping_problems(lab, PINGS))


def cut_link(c, lab):
    down = lab.cut("f3-b4")
    c.wait("f3-b4 cut: f1 reaches b4 round through b2",
           lambda: lab.route_problems(down=down))
    c.wait("f1 still pings b4",
           lambda: lab_mod.ping_problems(lab, [("f1", "b4")]))
    lab.restore("f3-b4")
    c.wait("f3-b4 back: the routes as before", lab.route_problems)


def restart(c, lab, node, daemon):
    pid = lab.kill(node, daemon)
    lab.restart(node, daemon)
    c.wait("%s's %s killed (-9, pid %d) and started again: adjacencies "
           "Full" % (node, daemon, pid), lab.adjacency_problems)
    c.wait("after %s's %s restart: LSDBs identical" % (node, daemon),
           lab.lsdb_problems)
    c.wait("after %s's %s restart: the same routes" % (node, daemon),
           lab.route_problems)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SRC, "build")
    lab_mod.skip_unless_ready(TOPOLOGY, build)
    c = lab_mod.Checks()
    with lab_mod.lab_up(TOPOLOGY, build, prefix="tp") as lab:
        c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
        c.scenario("convergence", converge, c, lab)
        c.scenario("link cut", cut_link, c, lab)
        c.scenario("BIRD restart", restart, c, lab, "b2", "bird")
        c.scenario("FRR ospfd restart", restart, c, lab, "f3", "ospfd")
        namespaces = list(lab.namespaces)
    left = [ns for ns in namespaces if lab_mod.lab_ns.ns_exists(ns)]
    if left:
        c.fail("teardown", "namespaces left: %s" % " ".join(left))
    else:
        c.ok("teardown: %d namespaces and their daemons gone" %
             len(namespaces))
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

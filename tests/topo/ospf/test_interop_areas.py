#!/usr/bin/env python3
"""Multi-area OSPF between okapi, FRRouting 8.4 and BIRD 2, each router a
network namespace (tools/lab): an ABR of one kind, internal routers of
another behind it, and the reverse.

    p0 ------------- abr ------------- p1
    area 0              \\              area 1 (normal)
    lo 10.255.6.1        \\             lo 10.6.255.3/32
    ext 172.17.0.1/24     p2           ext 172.17.1.1/24
    (redistributed)       area 2 (stub), lo 10.6.255.4/32

  p0-abr 10.6.1.0/30 (area 0), abr-p1 10.6.2.0/30 (area 1), abr-p2
  10.6.3.0/30 (area 2, stub); abr's router ID 10.255.6.2 on lo in area
  0; hello 1, dead 4, point-to-point, cost 10. p0 and p1 redistribute
  their ext0 address (FRRouting and okapi: redistribute connected; BIRD:
  its ospf channel exports the direct protocol of ext0, type 2 metric
  20).

  Asserted: every adjacency Full; each router's kernel has exactly the
  routes written out below with their next hops: p0 reaches areas 1 and
  2 inter-area through the ABR and p1's external as an E2 route; p1 the
  backbone and area 2 inter-area and p0's external (which needs the
  ABR's ASBR-summary, type 4, of p0 in area 1); p2 in the stub area a
  default through the ABR, the inter-area routes and no external; the ABR
  both sides intra-area and both externals. Each router's own table
  gives the route types (N, N IA, N E2; BIRD's I, IA, E2) and some
  costs (the externals at distance 20 and metric 20, the stub default at
  11: its link plus default cost 1, the inter-area loopbacks at 20).
  LSDBs: p1
  holds the ABR's type 4 for p0 in area 1 and p0's type 5, p0 the ABR's
  type 4 for p1 in area 0 and p1's type 5, p2 no type 4 or 5 and the
  ABR's default summary. Pings from p2 to p0's loopback and from p1 to
  p0's external address.

    test_interop_areas.py BUILD_DIR [--pair ABR/INTERNAL ...]

A pair names the kind of the ABR and of the three internal routers, from
okapi, frr and bird. The default, as meson runs it: okapi/frr, okapi/bird
(okapi the ABR), frr/okapi, bird/okapi (okapi behind a peer ABR).
frr/frr, frr/bird and bird/frr need no okapi and check the expectations.
Exits 77 (skipped) with the reason when not root, ospfd is not built, or
FRRouting or BIRD is not installed. Times are printed, never judged.
"""
import argparse
import os
import sys

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402

# No tunneld: the host link it brings would be redistributed as an external
# by an entry router that redistributes connected.
DAEMONS = ("finder", "ribd", "ospfd")

KINDS = ("okapi", "frr", "bird")
DEFAULT_PAIRS = ("okapi/frr", "okapi/bird", "frr/okapi", "bird/okapi")

TOPOLOGY = """\
defaults hello 1 dead 4 cost 10
node p0  {i} id 10.255.6.1
node abr {a} id 10.255.6.2
node p1  {i} id 10.255.6.3 stub 10.6.255.3/32 area 1
node p2  {i} id 10.255.6.4 stub 10.6.255.4/32 area 2
link p0 abr 10.6.1.0/30
link abr p1 10.6.2.0/30 area 1
link abr p2 10.6.3.0/30 area 2
area 2 stub
extra p0 172.17.0.1/24
extra p1 172.17.1.1/24
"""

BIRD_EXPORT = ('filter { if proto = "ext0" then { ospf_metric2 = 20; '
               'accept; } reject; }')


def topology(abr, internal):
    text = TOPOLOGY.format(a=abr, i=internal)
    for node in ("p0", "p1"):
        if internal == "bird":
            text += "bird %s export %s\n" % (node, BIRD_EXPORT)
        else:
            text += "ospf %s redistribute connected\n" % node
    return text


ABR_ID, P0_ID, P1_ID = "10.255.6.2", "10.255.6.1", "10.255.6.3"
P0_LO, P1_LO, P2_LO, ABR_LO = (
    "10.255.6.1/32", "10.6.255.3/32", "10.6.255.4/32", "10.255.6.2/32")
L01, L1, L2 = "10.6.1.0/30", "10.6.2.0/30", "10.6.3.0/30"
EXT0, EXT1, DEFAULT = "172.17.0.0/24", "172.17.1.0/24", "0.0.0.0/0"

# Once every kernel is as expected (or the first wait gave up), each check
# only needs a moment.
SETTLE = 5

# node -> (prefix -> (next hop, type), absent); every kernel exact.
EXPECT = {
    "p0": ({ABR_LO: ("10.6.1.2", "N"), L1: ("10.6.1.2", "N IA"),
            P1_LO: ("10.6.1.2", "N IA"), L2: ("10.6.1.2", "N IA"),
            P2_LO: ("10.6.1.2", "N IA"), EXT1: ("10.6.1.2", "N E2")},
           [DEFAULT]),
    "p1": ({ABR_LO: ("10.6.2.1", "N IA"), L01: ("10.6.2.1", "N IA"),
            P0_LO: ("10.6.2.1", "N IA"), L2: ("10.6.2.1", "N IA"),
            P2_LO: ("10.6.2.1", "N IA"), EXT0: ("10.6.2.1", "N E2")},
           [DEFAULT]),
    "p2": ({DEFAULT: ("10.6.3.1", "N IA"), ABR_LO: ("10.6.3.1", "N IA"),
            L01: ("10.6.3.1", "N IA"), P0_LO: ("10.6.3.1", "N IA"),
            L1: ("10.6.3.1", "N IA"), P1_LO: ("10.6.3.1", "N IA")},
           [EXT0, EXT1]),
    "abr": ({P0_LO: ("10.6.1.1", "N"), P1_LO: ("10.6.2.2", "N"),
             P2_LO: ("10.6.3.2", "N"), EXT0: ("10.6.1.1", "N E2"),
             EXT1: ("10.6.2.2", "N E2")},
            [DEFAULT]),
}


# Costs in each router's own table: the ASBRs at distance 20, the stub
# default at its link plus default cost 1 (the writers give BIRD 1 too).
COSTS = {
    "p0": {EXT1: ("N E2", "20/20"), P2_LO: ("N IA", "20")},
    "p1": {EXT0: ("N E2", "20/20"), P0_LO: ("N IA", "20")},
    "p2": {DEFAULT: ("N IA", "11"), P0_LO: ("N IA", "20")},
}


def lsa_problems(lab, node, want=(), unwanted=()):
    """want, unwanted: (area, type, LS ID, adv) patterns, None for any."""
    have = lab.lsas(node)

    def match(pattern, lsa):
        return all(p is None or p == v for p, v in zip(pattern, lsa))
    return (["%s: no LSA like %s" % (node, w) for w in want
             if not any(match(w, l) for l in have)] +
            ["%s: %s should not be there" % (node, l)
             for u in unwanted for l in sorted(have, key=str)
             if match(u, l)])


def interop(c, lab):
    c.require("every adjacency Full, seen by each router's own show "
              "command", lab.adjacency_problems)
    def kernel_problems(node):
        want, absent = EXPECT[node]
        return lab.kernel_route_problems(
            node, {p: h for p, (h, _) in want.items()}, absent, exact=True)
    c.wait("converged: every kernel as expected below",
           lambda: [p for n in EXPECT for p in kernel_problems(n)])
    for node, (want, absent) in EXPECT.items():
        c.wait("%s (%s)'s kernel: exactly %s" % (
            node, lab.kind(node), ", ".join(sorted(want))),
            lambda n=node: kernel_problems(n), SETTLE)
    for node, (want, _) in EXPECT.items():
        types = {p: t for p, (_, t) in want.items()}
        c.wait("%s (%s)'s own OSPF table: the route types" % (
            node, lab.kind(node)),
            lambda n=node, t=types: lab.route_type_problems(n, t), SETTLE)
    for node, want in COSTS.items():
        c.wait("%s (%s)'s own OSPF table: costs %s" % (
            node, lab.kind(node), ", ".join(
                "%s [%s]" % (p, cost) for p, (_, cost) in
                sorted(want.items()))),
            lambda n=node, w=want: lab.route_type_problems(n, w), SETTLE)
    c.wait("p1's LSDB: the ABR's type 4 for p0 in area 1, p0's type 5",
           lambda: lsa_problems(lab, "p1", [("0.0.0.1", 4, P0_ID, ABR_ID),
                                            (None, 5, None, P0_ID)]),
           SETTLE)
    c.wait("p0's LSDB: the ABR's type 4 for p1 in area 0, p1's type 5",
           lambda: lsa_problems(lab, "p0", [("0.0.0.0", 4, P1_ID, ABR_ID),
                                            (None, 5, None, P1_ID)]),
           SETTLE)
    c.wait("p2's LSDB (stub): the ABR's default summary, no type 4 or 5",
           lambda: lsa_problems(lab, "p2", [("0.0.0.2", 3, "0.0.0.0",
                                             ABR_ID)],
                                [(None, 4, None, None),
                                 (None, 5, None, None)]), SETTLE)
    pings = [("p2", "10.255.6.1", "10.6.255.4"),
             ("p1", "172.17.0.1", "10.6.255.3"),
             ("p0", "172.17.1.1", "10.255.6.1")]
    c.wait("pings: p2 to p0's loopback, p1 to p0's external, p0 to p1's",
           lambda: ["%s cannot ping %s from %s" % p for p in pings
                    if not lab.ping(p[0], p[1], src=p[2])], 3 * SETTLE)


def pair(word):
    abr, _, internal = word.partition("/")
    if abr not in KINDS or internal not in KINDS:
        raise argparse.ArgumentTypeError("%r: want ABR/INTERNAL, each "
                                         "okapi, frr or bird" % word)
    return abr, internal


def main():
    p = argparse.ArgumentParser(prog="test_interop_areas.py")
    p.add_argument("build")
    p.add_argument("--pair", type=pair, action="append")
    args = p.parse_args()
    pairs = args.pair or [pair(w) for w in DEFAULT_PAIRS]
    for abr, internal in pairs:
        lab_mod.skip_unless_ready(topology(abr, internal), args.build,
                                  DAEMONS)
    c = lab_mod.Checks()
    for abr, internal in pairs:
        def body(abr=abr, internal=internal):
            with lab_mod.lab_up(topology(abr, internal), args.build,
                                prefix="tmi", okapi_daemons=DAEMONS) as lab:
                c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
                interop(c, lab)
        c.scenario("%s ABR, %s routers behind it" % (abr, internal), body)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

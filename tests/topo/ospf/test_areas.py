#!/usr/bin/env python3
"""Multi-area OSPF (RFC 2328 3, 12.4.3, 16.2-16.4; RFC 3101 for the NSSA),
every router of one kind, each in a network namespace (tools/lab).

areas: three areas besides the backbone, two ABRs, two ASBRs in the
backbone and one in the NSSA; hello 1, dead 4, every link point-to-point,
cost 10:

      172.16.1.0/24 (E1)                        172.16.2.0/24 (E2)
      172.16.0.0/24 (E1, metric 100)            172.16.0.0/24 (E2, metric 20)
                  asbr1                         asbr2  10.2.255.1/32 (E2)
                     \\ 10.0.3.0/30     10.0.4.0/30 /    default-information
                      \\                           /     originate always
    area 0             +----------- bb -----------+
                      10.0.1.0/30 /    \\ 10.0.2.0/30
                                abr1    abr2
    area 1 (stub),  10.1.1.0/30  |        |  10.2.1.0/30   area 2 (NSSA)
    range 10.1.0.0/16 on abr1    rs      rn  redistributes 172.16.7.0/24
    rs's lo 10.1.255.1/32                    (type 7), lo 10.2.255.1/32
                                          abr2
    area 3 (stub no-summary,  10.3.1.0/30  |
            default-cost 5)
                                           rt  lo 10.3.255.1/32

  Router IDs 10.255.0.1 (bb), .11 (abr1), .12 (abr2), .21 (asbr1), .22
  (asbr2), 10.255.1.1 (rs), 10.255.2.1 (rn), 10.255.3.1 (rt); backbone
  routers advertise their router ID on lo, in area 0. The externals are
  addresses on each ASBR's ext0, redistributed with "redistribute
  connected" (asbr1 metric 100 type 1, asbr2 metric 20 type 2, rn the
  defaults: 20, type 2).

  Asserted, every expectation written out below (EXPECT), not computed:
  - every adjacency Full;
  - each router's kernel has exactly its expected OSPF routes, each
    through the expected next hop (no ECMP: the graph is a tree); the
    only exceptions tolerated are a discard route for abr1's own range
    (FRRouting installs one) and rn's default (below);
  - each router's own OSPF table (show ip ospf route) gives each of
    those prefixes its type: intra-area "N" (abr1 reaches rs's loopback
    inside area 1); inter-area "N IA": the backbone sees areas 2 and 3
    through abr2 and area 1 only as abr1's range 10.1.0.0/16, neither
    10.1.1.0/30 nor 10.1.255.1/32 leaves area 1; inter-area before
    external: 10.2.255.1/32 is rn's loopback and an E2 from asbr2, and
    the backbone routes it "N IA" through abr2; E1 before E2:
    172.16.0.0/24 comes from both ASBRs, asbr1's E1 at cost 110 wins
    over asbr2's E2 of metric 20 (RFC 2328 16.4 (6)); asbr2's default is
    an "N E2" route in the backbone; rn's 172.16.7.0/24 is "N E2"
    through abr2 in the backbone (abr2 translates it) and at abr2
    through rn;
  - costs (COSTS) in those tables: the range at its components' highest
    cost, E1 as distance plus metric, E2 as distance and metric, the
    NSSA external's distance to its forwarding address, stub defaults at
    the link plus the area's default cost (1, and 5 for area 3);
  - stub areas: rs (area 1, summaries) has a default through abr1 ("N
    IA"), every inter-area route and no external; rt (area 3, totally
    stubby, default-cost 5) has the default through abr2 and nothing
    else;
  - NSSA: rn has the inter-area routes and no external from outside;
    whether an NSSA with summaries also gets a type 3 default is the
    ABR's choice (FRRouting 8.4 sends one, BIRD does not): not asserted;
  - LSDBs: rn holds its type 7 for 172.16.7.0 in area 0.0.0.2 and no
    type 5 of asbr1, asbr2 or abr2; the backbone (bb, asbr1) holds abr2's
    translation (type 5, advertising router abr2), no type 7, abr1's
    summary 10.1.0.0 and none for 10.1.1.0 or 10.1.255.1; bb holds
    asbr2's type 5 for 10.2.255.1; rs holds abr1's default summary and
    no type 4, 5 or 7; rt holds abr2's default summary and no other
    summary or external;
  - pings from loopbacks: rs to rt, rt to asbr2's 172.16.2.1, rn to rs
    (through the range), rs to asbr1's 172.16.1.1 (through the default),
    bb to rn's 172.16.7.1.

vlink: a backbone in two parts joined through a transit area:

    a0 --- v1 ===== x5 ===== v2 --- b0
    area 0   area 0.0.0.5 (transit)   area 0

  a0-v1 10.5.1.0/30, v1-x5 10.5.2.0/30, x5-v2 10.5.3.0/30, v2-b0
  10.5.4.0/30; router IDs 10.255.5.1 to .5; x5's loopback in area 5,
  the others' in area 0. First without the virtual link: a0 has no route
  to b0's loopback nor to v2-b0 (an ABR ignores the summaries it hears in
  a non-backbone area), b0 none to a0's; then "area 0.0.0.5 virtual-link"
  on v1 and v2, over the VTY: a0 reaches b0's loopback and v2-b0 through
  v1 as intra-area ("N", the virtual link is in the backbone), b0 a0's
  through v2, and they ping each other.

    test_areas.py BUILD_DIR [--kind okapi|frr] [--no-vlink | --vlink-only]

--kind frr runs the same topology and expectations with FRRouting 8.4
routers: that is how the expectations were checked. The virtual-link
scenario runs unless --no-vlink (or OKAPI_TEST_NO_VLINK=1); --vlink-only
runs it alone. Exits 77 (skipped) with the reason when not root, ospfd is
not built or FRRouting is not installed. Times are printed, never judged.
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

AREAS = """\
defaults hello 1 dead 4 cost 10
node bb    {k} id 10.255.0.1
node abr1  {k} id 10.255.0.11
node abr2  {k} id 10.255.0.12
node asbr1 {k} id 10.255.0.21
node asbr2 {k} id 10.255.0.22
node rs    {k} id 10.255.1.1 stub 10.1.255.1/32 area 1
node rn    {k} id 10.255.2.1 stub 10.2.255.1/32 area 2
node rt    {k} id 10.255.3.1 stub 10.3.255.1/32 area 3
link bb abr1   10.0.1.0/30
link bb abr2   10.0.2.0/30
link bb asbr1  10.0.3.0/30
link bb asbr2  10.0.4.0/30
link abr1 rs   10.1.1.0/30 area 1
link abr2 rn   10.2.1.0/30 area 2
link abr2 rt   10.3.1.0/30 area 3
area 1 stub
area 2 nssa
area 3 stub no-summary default-cost 5
ospf abr1 area 0.0.0.1 range 10.1.0.0/16
extra asbr1 172.16.1.1/24
extra asbr1 172.16.0.1/24
ospf asbr1 redistribute connected metric 100 metric-type 1
extra asbr2 172.16.2.1/24
extra asbr2 172.16.0.2/24
extra asbr2 10.2.255.1/32
ospf asbr2 redistribute connected metric 20 metric-type 2
ospf asbr2 default-information originate always metric 30 metric-type 2
extra rn 172.16.7.1/24
ospf rn redistribute connected
"""

# Next hops by direction.
BB_ABR1, BB_ABR2, BB_ASBR1, BB_ASBR2 = (
    "10.0.1.2", "10.0.2.2", "10.0.3.2", "10.0.4.2")
TO_BB_1, TO_BB_2, TO_BB_3, TO_BB_4 = (
    "10.0.1.1", "10.0.2.1", "10.0.3.1", "10.0.4.1")
ABR1_RS, RS_ABR1 = "10.1.1.2", "10.1.1.1"
ABR2_RN, RN_ABR2 = "10.2.1.2", "10.2.1.1"
ABR2_RT, RT_ABR2 = "10.3.1.2", "10.3.1.1"

LOOPS = {"bb": "10.255.0.1/32", "abr1": "10.255.0.11/32",
         "abr2": "10.255.0.12/32", "asbr1": "10.255.0.21/32",
         "asbr2": "10.255.0.22/32"}
AREA0_LINKS = {"bb-abr1": "10.0.1.0/30", "bb-abr2": "10.0.2.0/30",
               "bb-asbr1": "10.0.3.0/30", "bb-asbr2": "10.0.4.0/30"}
AREA1 = ["10.1.1.0/30", "10.1.255.1/32"]       # behind the range
RANGE = "10.1.0.0/16"
AREA2 = ["10.2.1.0/30", "10.2.255.1/32"]
AREA3 = ["10.3.1.0/30", "10.3.255.1/32"]
E1_ONLY, E2_ONLY, BOTH, NSSA_EXT, DEFAULT = (
    "172.16.1.0/24", "172.16.2.0/24", "172.16.0.0/24", "172.16.7.0/24",
    "0.0.0.0/0")
EXTERNALS = [E1_ONLY, E2_ONLY, BOTH, NSSA_EXT]
SHADOWED = "10.2.255.1/32"      # rn's loopback, also an E2 from asbr2


def _all(prefixes, hop, kind):
    return {p: (hop, kind) for p in prefixes}


def _backbone_externals(to_asbr1, to_asbr2, to_abr2):
    return {E1_ONLY: (to_asbr1, "N E1"), BOTH: (to_asbr1, "N E1"),
            E2_ONLY: (to_asbr2, "N E2"), DEFAULT: (to_asbr2, "N E2"),
            NSSA_EXT: (to_abr2, "N E2")}


def _expect():
    """node -> (prefix -> (next hop, type), absent prefixes, exact)."""
    e = {}
    # bb: the backbone's hub; everything else through the router it faces.
    want = {LOOPS["abr1"]: (BB_ABR1, "N"), LOOPS["abr2"]: (BB_ABR2, "N"),
            LOOPS["asbr1"]: (BB_ASBR1, "N"),
            LOOPS["asbr2"]: (BB_ASBR2, "N"),
            RANGE: (BB_ABR1, "N IA")}
    want.update(_all(AREA2 + AREA3, BB_ABR2, "N IA"))
    want.update(_backbone_externals(BB_ASBR1, BB_ASBR2, BB_ABR2))
    e["bb"] = (want, AREA1, True)
    # abr1: area 1 intra-area, the rest through bb.
    want = {LOOPS[n]: (TO_BB_1, "N") for n in LOOPS if n != "abr1"}
    want.update({p: (TO_BB_1, "N") for k, p in AREA0_LINKS.items()
                 if k != "bb-abr1"})
    want["10.1.255.1/32"] = (ABR1_RS, "N")
    want.update(_all(AREA2 + AREA3, TO_BB_1, "N IA"))
    want.update(_backbone_externals(TO_BB_1, TO_BB_1, TO_BB_1))
    e["abr1"] = (want, [], True)
    # abr2: areas 2 and 3 intra-area, the type 7 as an E2 route via rn.
    want = {LOOPS[n]: (TO_BB_2, "N") for n in LOOPS if n != "abr2"}
    want.update({p: (TO_BB_2, "N") for k, p in AREA0_LINKS.items()
                 if k != "bb-abr2"})
    want["10.2.255.1/32"] = (ABR2_RN, "N")
    want["10.3.255.1/32"] = (ABR2_RT, "N")
    want[RANGE] = (TO_BB_2, "N IA")
    want.update(_backbone_externals(TO_BB_2, TO_BB_2, ABR2_RN))
    e["abr2"] = (want, AREA1, True)
    # The ASBRs: the backbone, the range, the other areas, the other
    # ASBR's externals (the shared prefix is connected at both).
    for asbr, hop, link in (("asbr1", TO_BB_3, "bb-asbr1"),
                            ("asbr2", TO_BB_4, "bb-asbr2")):
        want = {LOOPS[n]: (hop, "N") for n in LOOPS if n != asbr}
        want.update({p: (hop, "N") for k, p in AREA0_LINKS.items()
                     if k != link})
        want.update(_all(AREA2 + AREA3 + [RANGE], hop, "N IA"))
        want[NSSA_EXT] = (hop, "N E2")
        if asbr == "asbr1":
            want[E2_ONLY] = (hop, "N E2")
            want[DEFAULT] = (hop, "N E2")
        else:
            want[E1_ONLY] = (hop, "N E1")
            del want[SHADOWED]          # on its own ext0
        e[asbr] = (want, AREA1, True)
    # rs (stub, summaries): a default and every inter-area route, no
    # external route.
    want = {DEFAULT: (RS_ABR1, "N IA")}
    want.update(_all(list(LOOPS.values()) + list(AREA0_LINKS.values()) +
                     AREA2 + AREA3, RS_ABR1, "N IA"))
    e["rs"] = (want, EXTERNALS + [RANGE], True)
    # rt (totally stubby): the default only.
    e["rt"] = ({DEFAULT: (RT_ABR2, "N IA")}, [], True)
    # rn (NSSA, summaries): inter-area routes, the range; no externals
    # from outside, no default.
    # Whether an NSSA with summaries also gets a type 3 default is the
    # ABR's choice (FRRouting sends one, BIRD does not): not asserted.
    want = _all(list(LOOPS.values()) + list(AREA0_LINKS.values()) + AREA3 +
                [RANGE], RN_ABR2, "N IA")
    e["rn"] = (want, [E1_ONLY, E2_ONLY, BOTH] + AREA1, True)
    return e


# Costs as each router's show ip ospf route gives them (RFC 2328 16.2,
# 16.4; "distance/type 2 metric" for E2): the range costs its components'
# highest cost (10) plus the way to abr1; E1 adds asbr1's 100 to the
# distance; the NSSA external's distance is to its forwarding address
# (rn's end of abr2-rn); stub defaults cost the link plus the area's
# default cost (1 unless given; 5 for area 3).
COSTS = {
    "bb": {RANGE: ("N IA", "20"), BOTH: ("N E1", "110"),
           E1_ONLY: ("N E1", "110"), E2_ONLY: ("N E2", "10/20"),
           DEFAULT: ("N E2", "10/30"), NSSA_EXT: ("N E2", "20/20"),
           SHADOWED: ("N IA", "20")},
    "abr2": {NSSA_EXT: ("N E2", "10/20"), BOTH: ("N E1", "120"),
             RANGE: ("N IA", "30")},
    "rs": {DEFAULT: ("N IA", "11"), "10.3.255.1/32": ("N IA", "40")},
    "rt": {DEFAULT: ("N IA", "15")},
    "rn": {RANGE: ("N IA", "40"), "10.3.255.1/32": ("N IA", "20")},
}

# Whether an ABR installs a discard route for its own range is its choice
# (FRRouting does).
IGNORE = {"rn": [DEFAULT], "abr1": [RANGE]}


EXPECT = _expect()


# Once every kernel is as expected (or the first wait gave up), each
# check only needs a moment: a failing run reports every check without
# waiting a minute for each.
SETTLE = 5


def kernel_problems(lab, node):
    want, absent, exact = EXPECT[node]
    return lab.kernel_route_problems(node, {p: h for p, (h, _) in
                                            want.items()},
                                     absent, exact, IGNORE.get(node, ()))


def kernel_checks(c, lab):
    c.wait("converged: every kernel as expected below",
           lambda: [p for n in EXPECT for p in kernel_problems(lab, n)])
    for node, (want, absent, exact) in EXPECT.items():
        c.wait("%s's kernel: %d routes with their next hops%s%s" % (
            node, len(want), ", nothing else" if exact else "",
            (", none to " + " ".join(absent)) if absent else ""),
            lambda n=node: kernel_problems(lab, n), SETTLE)


def type_checks(c, lab):
    for node, (want, _, _) in EXPECT.items():
        types = {p: t for p, (_, t) in want.items()}
        counts = {}
        for t in types.values():
            counts[t] = counts.get(t, 0) + 1
        c.wait("%s's show ip ospf route: %s" % (
            node, ", ".join("%d %s" % (n, t) for t, n in sorted(
                counts.items()))),
            lambda n=node, t=types: lab.route_type_problems(n, t), SETTLE)
    for node, want in COSTS.items():
        c.wait("%s's show ip ospf route: costs %s" % (
            node, ", ".join("%s [%s]" % (p, cost) for p, (_, cost) in
                            sorted(want.items()))),
            lambda n=node, w=want: lab.route_type_problems(n, w), SETTLE)


def lsa_problems(lab, node, want=(), unwanted=()):
    """want: (area, type, LS ID, adv) tuples, None matching anything;
    unwanted: the same, none of which may match."""
    have = lab.lsas(node)

    def match(pattern, lsa):
        return all(p is None or p == v for p, v in zip(pattern, lsa))
    problems = ["%s: no LSA like %s" % (node, w) for w in want
                if not any(match(w, l) for l in have)]
    problems += ["%s: %s should not be there" % (node, l)
                 for u in unwanted for l in sorted(have, key=str)
                 if match(u, l)]
    return problems


def lsdb_checks(c, lab):
    abr1, abr2, rn = "10.255.0.11", "10.255.0.12", "10.255.2.1"
    # (FRRouting lists its own type 5 for what it redistributes, never
    # flooded into the NSSA, beside the type 7: only other routers' type 5
    # LSAs are wrong there.)
    c.wait("rn's LSDB: its type 7 for 172.16.7.0 in area 0.0.0.2, no "
           "type 5 of asbr1, asbr2 or abr2",
           lambda: lsa_problems(lab, "rn", [("0.0.0.2", 7, "172.16.7.0", rn)],
                                [(None, 5, None, r) for r in (
                                    "10.255.0.21", "10.255.0.22", abr2)]),
           SETTLE)
    for node in ("bb", "asbr1"):
        c.wait("%s's LSDB: abr2's translation of 172.16.7.0 (type 5), no "
               "type 7" % node,
               lambda n=node: lsa_problems(
                   lab, n, [(None, 5, "172.16.7.0", abr2)],
                   [(None, 7, None, None)]), SETTLE)
        c.wait("%s's LSDB: abr1's summary 10.1.0.0 (the range), none of "
               "its components" % node,
               lambda n=node: lsa_problems(
                   lab, n, [("0.0.0.0", 3, "10.1.0.0", abr1)],
                   [(None, 3, "10.1.1.0", None),
                    (None, 3, "10.1.255.1", None)]), SETTLE)
    # An external that loses: bb's route to 10.2.255.1/32 is "N IA".
    c.wait("bb's LSDB: asbr2's type 5 for 10.2.255.1 (rn's loopback, "
           "which bb reaches inter-area through abr2)",
           lambda: lsa_problems(lab, "bb",
                                [(None, 5, "10.2.255.1", "10.255.0.22")]),
           SETTLE)
    c.wait("rs's LSDB (stub): abr1's default summary; no type 4, 5 or 7",
           lambda: lsa_problems(lab, "rs", [("0.0.0.1", 3, "0.0.0.0", abr1)],
                                [(None, 4, None, None), (None, 5, None, None),
                                 (None, 7, None, None)]), SETTLE)

    def rt_summaries():
        have = {l for l in lab.lsas("rt") if l[1] in (3, 4, 5, 7)}
        want = {("0.0.0.3", 3, "0.0.0.0", abr2)}
        return [] if have == want else ["rt: %s, want only %s" % (
            sorted(have), sorted(want))]
    c.wait("rt's LSDB (totally stubby): abr2's default summary, no other "
           "summary or external", rt_summaries, SETTLE)


PINGS = [("rs", "10.3.255.1", "10.1.255.1"),
         ("rt", "172.16.2.1", "10.3.255.1"),
         ("rn", "10.1.255.1", "10.2.255.1"),
         ("rs", "172.16.1.1", "10.1.255.1"),
         ("bb", "172.16.7.1", "10.255.0.1")]


def ping_problems(lab, pings):
    return ["%s cannot ping %s from %s" % (n, dst, src)
            for n, dst, src in pings if not lab.ping(n, dst, src=src)]


def areas(c, lab):
    c.require("every adjacency Full", lab.adjacency_problems)
    kernel_checks(c, lab)
    type_checks(c, lab)
    lsdb_checks(c, lab)
    c.wait("pings: %s" % ", ".join("%s to %s" % (n, d) for n, d, _ in PINGS),
           lambda: ping_problems(lab, PINGS), 3 * SETTLE)


VLINK = """\
defaults hello 1 dead 4 cost 10
node a0 {k} id 10.255.5.1
node v1 {k} id 10.255.5.2
node x5 {k} id 10.255.5.3 area 5
node v2 {k} id 10.255.5.4
node b0 {k} id 10.255.5.5
link a0 v1 10.5.1.0/30
link v1 x5 10.5.2.0/30 area 5
link x5 v2 10.5.3.0/30 area 5
link v2 b0 10.5.4.0/30
"""


def vlink(c, lab):
    c.require("every adjacency Full", lab.adjacency_problems)
    far = ["10.255.5.5/32", "10.5.4.0/30"]
    near = ["10.255.5.1/32", "10.5.1.0/30"]
    # Partitioned: both halves see the transit area, not each other, even
    # once each ABR holds the other's summaries of its half in area 5 (an
    # ABR looks at backbone summaries only, RFC 2328 16.2).
    c.require("partitioned: v1 holds v2's summary of b0's loopback in area "
              "5, v2 v1's of a0's",
              lambda: lsa_problems(lab, "v1", [("0.0.0.5", 3, "10.255.5.5",
                                                "10.255.5.4")]) +
              lsa_problems(lab, "v2", [("0.0.0.5", 3, "10.255.5.1",
                                        "10.255.5.2")]))
    c.wait("partitioned: a0 reaches area 5 through v1, not b0's half",
           lambda: lab.kernel_route_problems(
               "a0", {"10.255.5.3/32": "10.5.1.2",
                      "10.5.3.0/30": "10.5.1.2"}, far))
    c.wait("partitioned: b0 reaches area 5 through v2, not a0's half",
           lambda: lab.kernel_route_problems(
               "b0", {"10.255.5.3/32": "10.5.4.1",
                      "10.5.2.0/30": "10.5.4.1"}, near))
    for node, peer in (("v1", "10.255.5.4"), ("v2", "10.255.5.2")):
        lab.vty(node, ["enable", "configure terminal", "router ospf",
                       "area 0.0.0.5 virtual-link %s" % peer, "end"])
    c.wait("virtual link v1-v2: a0 reaches b0's half through v1",
           lambda: lab.kernel_route_problems(
               "a0", {p: "10.5.1.2" for p in far}))
    c.wait("virtual link v1-v2: b0 reaches a0's half through v2",
           lambda: lab.kernel_route_problems(
               "b0", {p: "10.5.4.1" for p in near}))
    c.wait("a0's show ip ospf route: b0's loopback and v2-b0 intra-area "
           "(N)", lambda: lab.route_type_problems(
               "a0", {p: "N" for p in far}))
    c.wait("a0 and b0 ping each other",
           lambda: ping_problems(lab, [("a0", "10.255.5.5", "10.255.5.1"),
                                       ("b0", "10.255.5.1", "10.255.5.5")]))


def parse_args(argv):
    p = argparse.ArgumentParser(prog="test_areas.py")
    p.add_argument("build")
    p.add_argument("--kind", choices=("okapi", "frr"), default="okapi")
    p.add_argument("--no-vlink", action="store_true",
                   default=bool(os.environ.get("OKAPI_TEST_NO_VLINK")))
    p.add_argument("--vlink-only", action="store_true")
    args = p.parse_args(argv)
    if args.no_vlink and args.vlink_only:
        p.error("--no-vlink and --vlink-only exclude each other")
    return args


def main():
    args = parse_args(sys.argv[1:])
    scenarios = []
    if not args.vlink_only:
        scenarios.append(("three areas, two ABRs, stub, totally stubby, "
                          "NSSA, two ASBRs (%s)" % args.kind, AREAS, areas))
    if not args.no_vlink:
        scenarios.append(("a partitioned backbone repaired by a virtual "
                          "link (%s)" % args.kind, VLINK, vlink))
    else:
        print("virtual links: not run (--no-vlink)", flush=True)
    for _, topo, _ in scenarios:
        lab_mod.skip_unless_ready(topo.format(k=args.kind), args.build,
                                  DAEMONS)
    c = lab_mod.Checks()
    for title, topo, body in scenarios:
        def run(topo=topo, body=body):
            with lab_mod.lab_up(topo.format(k=args.kind), args.build,
                                prefix="tma", okapi_daemons=DAEMONS) as lab:
                c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
                body(c, lab)
        c.scenario(title, run)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

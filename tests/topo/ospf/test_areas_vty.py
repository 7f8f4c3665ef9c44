#!/usr/bin/env python3
"""okapi's show commands with more than one area, against FRRouting 8.4
printing the same things (tools/lab). FRR's f1 is the area border router:

    o1 (okapi) --+                      area 0: o1-f1, f3-f1
                 f1 (FRR) -- f2 (FRR)   area 1: f1-f2, f2's loopback
    f3 (FRR) ----+

o1 and f3 sit in the same place, so once addresses, numbers, interface
names and times are masked, what o1's ospfd prints must be what f3's
prints: show ip ospf (and json), show ip ospf database (the listing, and
summary, asbr-summary, external, nssa-external in full, and summary json),
and the routes of show ip ospf route and border-routers ("N IA", the ABR's
and the ASBR's "R ... IA" lines, "N E2"; as sorted lines, since the two
routers' own addresses sort differently).

  normal  area 1 a normal area, f2 redistributing an address of its own:
        f1's summary-LSAs and its ASBR-summary-LSA for f2, f2's external.
  nssa    area 1 made an NSSA: f2's type-7 becomes f1's type-5 with a
        forwarding address, and the ASBR-summary goes.

    test_areas_vty.py BUILD_DIR

Exits 77 (skipped) with the reason when ospfd is not built, FRRouting is
not installed (scripts/deps.sh), or not root.
"""
import os
import re
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402

TOPOLOGY = """\
defaults hello 1 dead 4 cost 10
node o1 okapi id 10.255.8.1
node f1 frr id 10.255.8.11
node f2 frr id 10.255.8.12
node f3 frr id 10.255.8.13
link o1 f1 10.8.1.0/30
link f3 f1 10.8.3.0/30
link f1 f2 10.8.12.0/30
"""

EXTERNAL = "10.99.2.0/24"
SAME = ["show ip ospf", "show ip ospf json", "show ip ospf database",
        "show ip ospf database summary", "show ip ospf database asbr-summary",
        "show ip ospf database external",
        "show ip ospf database nssa-external",
        "show ip ospf database summary json"]
SORTED = ["show ip ospf route", "show ip ospf border-routers"]


def mask(text):
    text = re.sub(r"\b(o1|f3)-f1\b", "IF", text)
    text = re.sub(r"\d+\.\d+\.\d+\.\d+", "A", text)
    text = re.sub(r"0x[0-9a-f]+", "X", text)
    # Durations as FRR prints them past a minute: 1m20s, 2h05m, 1d02h.
    text = re.sub(r"\b(\d+[dhm])+\d*(\.\d+)?s?\b", "N", text)
    text = re.sub(r"\b\d+(\.\d+)?(s|ms)?\b", "N", text)
    return re.sub(r"\b[0-9a-f]{8}\b", "S", text)    # sequence numbers


def diff(a, b):
    with tempfile.NamedTemporaryFile("w", suffix=".f3") as fa, \
            tempfile.NamedTemporaryFile("w", suffix=".o1") as fb:
        fa.write(a)
        fb.write(b)
        fa.flush()
        fb.flush()
        return subprocess.run(["diff", "-u", fa.name, fb.name],
                              capture_output=True, text=True).stdout


def alike(lab, command, sort=False):
    """Problems unless o1's and f3's outputs are the same, masked."""
    a, b = lab.vty("f3", command), lab.vty("o1", command)
    ma, mb = mask(a), mask(b)
    if sort:
        ma, mb = sorted(ma.splitlines()), sorted(mb.splitlines())
    return [] if ma == mb else ["%s: f3 (-) and o1 (+) differ:\n%s" %
                                (command, diff(a, b))]


def settled(lab, want):
    """Problems until o1 and f3 hold the same LSDB, with want in it, and
    o1's kernel routes the external prefix. FRRouting keeps a flushed LSA
    for its maxage-delay (60 s) where okapi drops it once acknowledged:
    until f3 has dropped them too, their listings differ."""
    problems = lab.lsdb_problems(["o1", "f3"])
    db = lab.vty("o1", "show ip ospf database")
    problems += ["o1's LSDB has no %s" % w for w in want if w not in db]
    if re.search(r"^\S+\s+\S+\s+3600 ", lab.vty("f3",
                 "show ip ospf database"), re.M):
        problems.append("f3 still lists LSAs at MaxAge")
    if lab.kernel_route("o1", EXTERNAL) is None:
        problems.append("o1 has no route to %s" % EXTERNAL)
    return problems


def compare(c, lab, phase):
    for command in SAME:
        c.wait("%s: o1 prints %s as f3 does" % (phase, command),
               lambda: alike(lab, command), timeout=20)
    for command in SORTED:
        c.wait("%s: o1 prints %s as f3 does (sorted)" % (phase, command),
               lambda: alike(lab, command, sort=True), timeout=20)


def areas(c, lab):
    c.require("every adjacency Full", lab.adjacency_problems)
    conf = ["enable", "configure terminal", "router ospf",
            "no network 10.8.12.0/30 area 0.0.0.0",
            "network 10.8.12.0/30 area 0.0.0.1"]
    lab.vty("f1", conf + ["end"])
    lab_mod.lab_ns.ip(lab.ns("f2"), "addr", "add", "10.99.2.1/24", "dev",
                      "lo")
    lab.vty("f2", conf + ["no network 10.255.8.12/32 area 0.0.0.0",
                          "network 10.255.8.12/32 area 0.0.0.1",
                          "redistribute connected", "end"])
    c.require("normal: f1's summaries and ASBR-summary, f2's external",
              lambda: settled(lab, ["ASBR-Summary Link States",
                                    "10.99.2.0      10.255.8.12"]))
    compare(c, lab, "normal")
    for node in ("f1", "f2"):
        lab.vty(node, ["enable", "configure terminal", "router ospf",
                       "area 0.0.0.1 nssa", "end"])
    c.require("nssa: f1 translates f2's type-7 to a type-5 of its own",
              lambda: settled(lab, ["10.99.2.0      10.255.8.11"]),
              timeout=150)
    out = lab.vty("o1", "show ip ospf database external 10.99.2.0")
    if "Forward Address: 10.8.12.2" in out:
        c.ok("nssa: o1 shows the type-5's forwarding address")
    else:
        c.fail("nssa: o1 shows the type-5's forwarding address", out)
    compare(c, lab, "nssa")


def main():
    if len(sys.argv) != 2:
        print("usage: test_areas_vty.py BUILD_DIR", file=sys.stderr)
        return 2
    build = sys.argv[1]
    lab_mod.skip_unless_ready(TOPOLOGY, build)
    c = lab_mod.Checks()

    def body():
        with lab_mod.lab_up(TOPOLOGY, build, prefix="ta") as lab:
            c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
            areas(c, lab)
    c.scenario("an okapi router beside an FRR one, behind an FRR ABR", body)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""okapi's ospfd against FRRouting 8.4 and BIRD 2, each router a network
namespace (tools/lab). For each peer, one okapi router o1 and the peer p1
share three segments:

  lanA  broadcast, o1 priority 100, p1 priority 1: okapi is DR
  lanB  broadcast, o1 priority 1, p1 priority 100: the peer is DR
  o1-p1 point-to-point, cost 5 (the best path between the loopbacks)

hello 1, dead 4. Checks: Full on all three, as o1's VTY and the peer's own
show command (vtysh-equivalent VTY for FRR, birdc for BIRD) each see it; the
DR and BDR of each LAN; identical LSDBs; every route in both kernels with
the right next hops; pings between the loopbacks both ways. With FRR, also:
the VTY layout (show ip ospf neighbor, database and route over Telnet: the
topology is symmetric, so once numbers, addresses and times are masked the
two routers' outputs must be the same lines), and FRR ospfd's own
running-config loads into okapi's ospfd unchanged (ospfd -n), and an
address FRR redistributes (redistribute connected, an AS-external LSA)
becomes an E2 route in o1's kernel, and goes away when FRR stops; keyed
MD5 on lanA, configured live on both sides, keeps the adjacency Full; a
wrong key on o1 brings it down and o1 counts authentication drops; the
right key brings it back. With both: okapi's "redistribute connected"
puts an address of o1's into the peer's kernel and takes it out again.
With BIRD: HMAC-SHA-256 (RFC 5709) on lanA,
BIRD reconfigured with "authentication cryptographic" and "algorithm hmac
sha256", okapi with "ip ospf message-digest-key 1 hmac-sha-256": Full.

    test_interop.py BUILD_DIR

Exits 77 (skipped) with the reason when ospfd is not built, FRRouting or
BIRD is not installed (scripts/deps.sh installs both), or not root.
"""
import collections
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
node o1 okapi id 10.255.4.1
node p1 %s id 10.255.4.2
lan lanA 10.4.1.0/24
attach lanA o1 priority 100
attach lanA p1 priority 1
lan lanB 10.4.2.0/24
attach lanB o1 priority 1
attach lanB p1 priority 100
link o1 p1 10.4.3.0/30 cost 5
"""


def interop(c, lab, peer):
    c.require("Full on lanA, lanB and o1-p1, seen from o1 and from %s" %
              peer, lab.adjacency_problems)
    c.wait("lanA: o1 (okapi) DR; lanB: p1 (%s) DR" % peer, lab.role_problems)
    c.wait("LSDBs identical (ages aside)", lab.lsdb_problems)
    c.wait("routes in both kernels with the right next hops",
           lab.route_problems)
    c.wait("pings between loopbacks both ways",
           lambda: lab_mod.ping_problems(lab, [("o1", "p1"), ("p1", "o1")]))


LAYOUT_CMDS = ("show ip ospf neighbor", "show ip ospf database",
               "show ip ospf route")


def masked(text):
    """Lines with numbers, addresses and times masked, as a multiset."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"[0-9a-fx.:]*[0-9][0-9a-fx.:]*[ms]?", "#", line)
        line = re.sub(r"(Full|2-Way)/(DR|Backup|DROther)", r"\1/ROLE", line)
        line = re.sub(r"^\S+[>#] ?$", "", line)    # the prompt
        if line.strip():
            lines.append(" ".join(line.split()))
    return collections.Counter(lines)


def layout(c, lab, build):
    for cmd in LAYOUT_CMDS:
        ours, theirs = masked(lab.vty("o1", cmd)), masked(lab.vty("p1", cmd))
        if ours == theirs:
            c.ok("VTY layout: %s as FRRouting's" % cmd)
        else:
            c.fail("VTY layout: %s as FRRouting's" % cmd,
                   "only okapi: %s\nonly FRR: %s" %
                   (list((ours - theirs).elements()),
                    list((theirs - ours).elements())))
    conf = lab.vty("p1", ["enable", "show running-config"])
    if "Current configuration:" in conf:    # the file starts after it
        conf = conf[conf.index("Current configuration:"):].split("\n", 1)[1]
    with tempfile.NamedTemporaryFile("w", suffix=".conf") as f:
        f.write(conf)
        f.flush()
        r = subprocess.run([os.path.join(build, "daemons", "ospfd", "ospfd"),
                            "-n", "-f", f.name], capture_output=True,
                           text=True)
    if r.returncode == 0:
        c.ok("FRR ospfd's running-config loads into okapi's ospfd (-n)")
    else:
        c.fail("FRR ospfd's running-config loads into okapi's ospfd (-n)",
               r.stdout + r.stderr + "\n" + conf)


EXT = "192.0.2.1/32"


def ext_route(lab, want):
    r = lab.kernel_route("o1", EXT)
    have = r is not None and r.get("protocol") == "ospf"
    return [] if have == want else ["o1's kernel: %s" % (r,)]


def externals(c, lab):
    lab_mod.lab_ns.ip(lab.ns("p1"), "addr", "add", EXT, "dev", "lo")
    conf = ["enable", "configure terminal", "router ospf"]
    lab.vty("p1", conf + ["redistribute connected", "end"])
    c.wait("FRR redistributes %s: in o1's kernel (proto ospf)" % EXT,
           lambda: ext_route(lab, True))
    c.wait("o1's show ip ospf route: N E2 %s" % EXT,
           lambda: [] if re.search(r"^N E2 %s " % re.escape(EXT),
                                   lab.vty("o1", "show ip ospf route"),
                                   re.M) else ["no N E2 line"])
    c.wait("LSDBs identical with the external LSAs", lab.lsdb_problems)
    lab.vty("p1", conf + ["no redistribute connected", "end"])
    c.wait("FRR stops: %s gone from o1's kernel" % EXT,
           lambda: ext_route(lab, False))


def lan_a_full(lab, want=True):
    out = lab.vty("o1", "show ip ospf neighbor")
    full = any("Full" in l and "lanA:" in l for l in out.splitlines())
    return [] if full == want else ["o1's lanA neighbour: %s" % out]


def auth_drops(lab):
    out = lab.vty("o1", "show ip ospf statistics")
    total = out[out.index("\nTotal"):]
    m = re.search(r"authentication mismatch\s+(\d+)", total)
    return int(m.group(1)) if m else 0


def md5(c, lab):
    key = ["enable", "configure terminal", "interface lanA",
           "ip ospf authentication message-digest"]
    lab.vty("p1", key + ["ip ospf message-digest-key 1 md5 okapi-md5", "end"])
    lab.vty("o1", key + ["ip ospf message-digest-key 1 md5 okapi-md5", "end"])
    c.wait("MD5 on lanA, both sides: Full", lambda: lan_a_full(lab))
    # (Full may be the old adjacency still; the wrong-key round below
    # brings it down and back, which proves the digests interoperate.)
    c.wait("MD5 on lanA: LSDBs identical", lab.lsdb_problems)
    before = auth_drops(lab)
    lab.vty("o1", ["enable", "configure terminal", "interface lanA",
                   "ip ospf message-digest-key 1 md5 wrong-key", "end"])
    c.wait("a wrong MD5 key on o1: lanA adjacency down",
           lambda: lan_a_full(lab, False))
    c.wait("a wrong MD5 key on o1: counted as authentication drops",
           lambda: [] if auth_drops(lab) > before else ["no drops yet"])
    lab.vty("o1", key + ["ip ospf message-digest-key 1 md5 okapi-md5", "end"])
    c.wait("the right key again: Full", lambda: lan_a_full(lab))


def lan_a_peer_full(lab):
    for n in lab.neighbors("p1"):
        if "lanA" in str(n) and "Full" in str(n):
            return []
    return ["p1 (BIRD) has no Full neighbour on lanA"]


def hmac_sha256(c, lab):
    path = os.path.join(lab.node_dir("p1"), "bird.conf")
    with open(path) as f:
        conf = f.read()
    auth = ('authentication cryptographic; password "okapi-sha" '
            '{ id 1; algorithm hmac sha256; };')
    conf = re.sub(r'(interface "lanA" \{[^}]*)\}', r"\1 %s }" % auth, conf,
                  count=1)
    with open(path, "w") as f:
        f.write(conf)
    lab.birdc("p1", "configure")
    c.wait("BIRD alone signs with HMAC-SHA-256: lanA down at o1",
           lambda: lan_a_full(lab, False))
    c.wait("and o1 counts BIRD's packets as authentication drops",
           lambda: [] if auth_drops(lab) > 0 else ["no drops yet"])
    lab.vty("o1", ["enable", "configure terminal", "interface lanA",
                   "ip ospf authentication message-digest",
                   "ip ospf message-digest-key 1 hmac-sha-256 okapi-sha",
                   "end"])
    c.wait("HMAC-SHA-256 on both: Full again at o1", lambda: lan_a_full(lab))
    c.wait("HMAC-SHA-256 on both: Full at BIRD", lambda: lan_a_peer_full(lab))
    c.wait("HMAC-SHA-256 on lanA: LSDBs identical", lab.lsdb_problems)


OURS = "198.51.100.1/32"


def peer_has(lab, prefix, want):
    r = lab.kernel_route("p1", prefix)
    have = r is not None and ("gateway" in r or "nexthops" in r)
    return [] if have == want else ["p1's kernel: %s" % (r,)]


def redistribute(c, lab, peer):
    lab_mod.lab_ns.ip(lab.ns("o1"), "addr", "add", OURS, "dev", "lo")
    conf = ["enable", "configure terminal", "router ospf"]
    lab.vty("o1", conf + ["redistribute connected metric 30", "end"])
    c.wait("okapi redistributes %s: in %s's kernel" % (OURS, peer),
           lambda: peer_has(lab, OURS, True))
    c.wait("with the external LSAs: LSDBs identical", lab.lsdb_problems)
    lab.vty("o1", conf + ["no redistribute connected", "end"])
    c.wait("okapi stops: %s gone from %s's kernel" % (OURS, peer),
           lambda: peer_has(lab, OURS, False))


def main():
    if len(sys.argv) != 2:
        print("usage: test_interop.py BUILD_DIR", file=sys.stderr)
        return 2
    build = sys.argv[1]
    for peer in ("frr", "bird"):
        lab_mod.skip_unless_ready(TOPOLOGY % peer, build)
    c = lab_mod.Checks()
    for peer, name in (("frr", "FRRouting"), ("bird", "BIRD")):
        def body(peer=peer):
            with lab_mod.lab_up(TOPOLOGY % peer, build, prefix="ti") as lab:
                c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
                interop(c, lab, peer)
                # The layouts before any redistribution: afterwards FRR
                # keeps okapi's flushed LSAs (MaxAge) in its listing for a
                # while, and okapi as an ASBR until its router-LSA without
                # the E bit clears MinLSInterval.
                if peer == "frr":
                    layout(c, lab, build)
                redistribute(c, lab, peer)
                if peer == "frr":
                    externals(c, lab)
                    md5(c, lab)
                else:
                    hmac_sha256(c, lab)
        c.scenario("okapi and %s" % name, body)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

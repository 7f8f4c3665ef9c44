"""DOC: lab_bulk - many external routes through a lab (the scale test and
bench/ospf-bulk).

Routes 20.x.y.0/24 are put into a router's kernel with one `ip -batch`
(default protocol `boot`, so ribd and zebra alike learn them as kernel
routes, never as their own), out of an interface `bulk0` (one end of a
veth pair); the router's ospfd is told `redistribute kernel` over its VTY
(okapi and FRR share the syntax). Arrival and withdrawal are watched by counting the /24 routes of
one protocol in a namespace's main table with a raw netlink dump: cheap
enough to poll every 100 ms with 50,000 routes, where `ip route` would
print megabytes each time. The lab's own segments and stubs are /30s and
/32s, so a /24 of the watched protocol is one of ours.
"""
import re
import socket
import struct
import subprocess
import tempfile
import time

import lab_ns

BULK_IF = "bulk0"
BULK_NET = "10.99.0.1/24"
RTPROT = {"ospf": 188, "bird": 12, "boot": 3}
NLMSG_DONE, NLMSG_ERROR, RTM_GETROUTE = 3, 2, 26
NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300
RT_TABLE_MAIN = 254


def prefixes(n):
    """n distinct /24s: 20.0.0.0/24, 20.0.1.0/24, ... (n up to 65,536)."""
    return ["20.%d.%d.0/24" % (i >> 8, i & 0xff) for i in range(n)]


def batch_text(n, verb, dev=BULK_IF):
    return "".join("route %s %s dev %s\n" % (verb, p, dev)
                   for p in prefixes(n))


def ip_batch(ns, text):
    """Run `ip -n ns -batch` on text; wall seconds it took."""
    with tempfile.NamedTemporaryFile("w", suffix=".batch") as f:
        f.write(text)
        f.flush()
        t0 = time.monotonic()
        subprocess.run(["ip", "-n", ns, "-batch", f.name], check=True,
                       stdin=subprocess.DEVNULL)
        return time.monotonic() - t0


def add_bulk_if(ns, ifname=BULK_IF, addr=BULK_NET):
    """An interface for the routes to point at: a veth pair with both ends
    in ns (kernels without the dummy module have veth, which the lab uses
    anyway), both up so it has carrier."""
    peer = ifname + "p"
    lab_ns.ip(ns, "link", "add", ifname, "type", "veth", "peer", "name",
              peer)
    lab_ns.ip(ns, "addr", "add", addr, "dev", ifname)
    lab_ns.ip(ns, "link", "set", peer, "up")
    lab_ns.ip(ns, "link", "set", ifname, "up")


def count_routes(ns, proto, plen=24):
    """IPv4 routes of protocol proto (name or number) and prefix length
    plen in ns's main table, by a netlink dump."""
    want = RTPROT.get(proto, proto)
    s = lab_ns.socket_in_ns(ns, socket.AF_NETLINK, socket.SOCK_RAW,
                            socket.NETLINK_ROUTE)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        s.bind((0, 0))
        req = struct.pack("=IHHII", 16 + 12, RTM_GETROUTE,
                          NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + \
            struct.pack("=BBBBBBBBI", socket.AF_INET, 0, 0, 0, 0, 0, 0, 0,
                        0)
        s.send(req)
        n = 0
        while True:
            data = s.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype = struct.unpack_from("=IH", data, off)
                if mtype == NLMSG_DONE:
                    return n
                if mtype == NLMSG_ERROR:
                    raise lab_ns.LabError("route dump in %s failed" % ns)
                # struct rtmsg: family, dst_len, src_len, tos, table,
                # protocol, scope, type
                _, dlen, _, _, table, prot = struct.unpack_from(
                    "=BBBBBB", data, off + 16)
                if dlen == plen and prot == want and table == RT_TABLE_MAIN:
                    n += 1
                off += (mlen + 3) & ~3
                if mlen == 0:
                    break
    finally:
        s.close()


def wait_count(ns, proto, want, timeout, interval=0.1, plen=24):
    """Poll until count_routes(ns, proto, plen) == want; seconds from the
    call, or None after timeout."""
    t0 = time.monotonic()
    while True:
        if count_routes(ns, proto, plen) == want:
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout:
            return None
        time.sleep(interval)


def rss_kb(pid):
    """VmRSS of a process in KB (0 when it is gone)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            m = re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M)
    except OSError:
        return 0
    return int(m.group(1)) if m else 0


# The daemons whose memory holds a router's routes, by kind.
MEMORY_DAEMONS = {"okapi": ("ospfd", "ribd"), "frr": ("ospfd", "zebra"),
                  "bird": ("bird",)}


def router_rss_kb(lab, node):
    return sum(rss_kb(lab.proc(node, d).pid)
               for d in MEMORY_DAEMONS[lab.kind(node)])


def redistribute_kernel(lab, node):
    """`redistribute kernel` in node's router ospf (okapi or FRR)."""
    lab.vty(node, ["enable", "configure terminal", "router ospf",
                   "redistribute kernel", "end"])


def warm_up(lab, first, last, proto, timeout=60):
    """One route (a /25, which the counts of /24s leave out) from first's
    kernel to last's and back out, before anything is timed: the
    redistribution is on everywhere, and first's router-LSA with the E
    bit (an ASBR; held back by MinLSInterval after the configuration) is
    known, as it would be on a router redistributing for a while."""
    for verb, want in (("add", 1), ("del", 0)):
        lab_ns.ip(lab.ns(first), "route", verb, "30.0.0.0/25", "dev",
                  BULK_IF)
        if wait_count(lab.ns(last), proto, want, timeout, plen=25) is None:
            raise lab_ns.LabError("warm-up route: %s's kernel never had "
                                  "%d of it" % (last, want))


def external_lsas(lab, node):
    """The number of AS-external LSAs in node's LSDB, from `show ip ospf`
    (okapi or FRR); None for BIRD."""
    if lab.kind(node) == "bird":
        return None
    out = lab.vty(node, "show ip ospf")
    m = re.search(r"Number of external LSA (\d+)", out)
    return int(m.group(1)) if m else None

#!/usr/bin/env python3
"""bench_bulk: many external routes down a chain of three OSPF routers.

    python3 bench/ospf-bulk/bench_bulk.py BUILD_DIR [-q] [-n N]...
                                          [-s SETUP]... [-t TIMEOUT]

As root. For each setup (okapi on all three; FRRouting - BIRD - FRRouting;
FRRouting - okapi - FRRouting) and each count (default 10,000 and 50,000;
-q: 10,000 only), a fresh lab (tools/lab) of three routers on two
point-to-point links, r1 - r2 - r3. Once OSPF has converged, r1's ospfd is
told `redistribute kernel`, then the count's 20.x.y.0/24 routes are added
to r1's kernel with one `ip -batch`. Measured, from the start of that
batch: the time until every one is in r3's kernel (as an OSPF route), and,
from the start of the batch deleting them again, the time until none is
left there; and each router's resident memory (okapi: ospfd + ribd; FRR:
ospfd + zebra; BIRD: bird) a second after arrival, less what it was before
the batch, per route. The floor is `ip -batch` itself adding, then
deleting, the same routes in a namespace of its own (median of three), in
the same run. Before the batch, one route goes from r1's kernel to r3's
and back (lab_bulk.warm_up), so that redistribution is in force. Prints
one Markdown table; nothing passes or fails on time.
"""
import argparse
import os
import statistics
import sys
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402
import lab_bulk  # noqa: E402
import lab_ns  # noqa: E402

# hello 1 for a quick start; dead 40 so that a router busy with 50,000
# LSAs for a few seconds keeps its adjacencies.
TOPOLOGY = """\
defaults hello 1 dead 40 cost 10
node r1 %s id 10.255.9.1
node r2 %s id 10.255.9.2
node r3 %s id 10.255.9.3
link r1 r2 10.9.12.0/30
link r2 r3 10.9.23.0/30
"""
SETUPS = {
    "okapi": ("okapi", "okapi", "okapi"),
    "frr-bird-frr": ("frr", "bird", "frr"),
    "frr-okapi-frr": ("frr", "okapi", "frr"),
}
OKAPI_DAEMONS = ("finder", "ribd", "ospfd")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def floor(n, runs=3):
    """ip -batch adding, then deleting, n routes in a namespace of its own:
    the median seconds of each."""
    ns = "bulkfloor%d" % os.getpid()
    adds, dels = [], []
    lab_ns.ns_add(ns)
    try:
        lab_bulk.add_bulk_if(ns)
        for _ in range(runs):
            adds.append(lab_bulk.ip_batch(ns, lab_bulk.batch_text(n, "add")))
            dels.append(lab_bulk.ip_batch(ns, lab_bulk.batch_text(n, "del")))
    finally:
        lab_ns.ns_del(ns)
    return statistics.median(adds), statistics.median(dels)


def chain(build, kinds, n, timeout):
    """One lab, one count: (seconds to r3, seconds to withdraw, [KB per
    route of r1, r2, r3]); a time is None when it timed out."""
    with lab_mod.lab_up(TOPOLOGY % kinds, build, prefix="bb",
                        okapi_daemons=OKAPI_DAEMONS, log=log) as lab:
        lab.wait_converged(timeout=120)
        r1, r3 = lab.ns("r1"), lab.ns("r3")
        proto = lab_mod.ROUTE_PROTOCOL[kinds[2]]
        lab_bulk.add_bulk_if(r1)
        lab_bulk.redistribute_kernel(lab, "r1")
        lab_bulk.warm_up(lab, "r1", "r3", proto)
        time.sleep(1)
        nodes = ("r1", "r2", "r3")
        before = [lab_bulk.router_rss_kb(lab, x) for x in nodes]
        t0 = time.monotonic()
        lab_bulk.ip_batch(r1, lab_bulk.batch_text(n, "add"))
        left = timeout - (time.monotonic() - t0)
        up = lab_bulk.wait_count(r3, proto, n, left)
        if up is not None:
            up = time.monotonic() - t0
        time.sleep(1)
        after = [lab_bulk.router_rss_kb(lab, x) for x in nodes]
        kb = [(a - b) / n for a, b in zip(after, before)]
        t0 = time.monotonic()
        lab_bulk.ip_batch(r1, lab_bulk.batch_text(n, "del"))
        left = timeout - (time.monotonic() - t0)
        down = lab_bulk.wait_count(r3, proto, 0, left)
        if down is not None:
            down = time.monotonic() - t0
        return up, down, kb


def secs(t, timeout):
    return "> %d" % timeout if t is None else "%.2f" % t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build")
    ap.add_argument("-q", action="store_true", help="10,000 routes only")
    ap.add_argument("-n", type=int, action="append",
                    help="route count (repeatable; at most 65536)")
    ap.add_argument("-s", action="append", choices=sorted(SETUPS),
                    help="setup (repeatable; default all three)")
    ap.add_argument("-t", type=int, default=300,
                    help="give up waiting after this many seconds")
    args = ap.parse_args()
    counts = args.n or ([10000] if args.q else [10000, 50000])
    setups = args.s or list(SETUPS)
    for s in setups:
        lab_mod.skip_unless_ready(TOPOLOGY % SETUPS[s], args.build,
                                  OKAPI_DAEMONS)
    rows = []
    for n in counts:
        fa, fd = floor(n)
        log("floor, %d routes: add %.2f s, del %.2f s" % (n, fa, fd))
        for s in setups:
            log("%s, %d routes ..." % (s, n))
            try:
                up, down, kb = chain(args.build, SETUPS[s], n, args.t)
            except (lab_mod.LabError, OSError) as e:
                log("%s, %d routes: %s" % (s, n, e))
                rows.append((s, n, "error", "error", ["-"] * 3, fa, fd, "-"))
                continue
            log("%s, %d routes: %s s up, %s s down" % (
                s, n, secs(up, args.t), secs(down, args.t)))
            ratio = "%.1f" % (up / fa) if up is not None else "-"
            rows.append((s, n, secs(up, args.t), secs(down, args.t),
                         ["%.2f" % k for k in kb], fa, fd, ratio))
    print("| setup | routes | all in r3's kernel (s) | all gone (s) | "
          "KB/route r1 | r2 | r3 | floor add (s) | floor del (s) | "
          "add / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s, n, up, down, kb, fa, fd, ratio in rows:
        print("| %s | %d | %s | %s | %s | %s | %s | %.2f | %.2f | %s |" % (
            s, n, up, down, kb[0], kb[1], kb[2], fa, fd, ratio))
    return 0


if __name__ == "__main__":
    sys.exit(main())

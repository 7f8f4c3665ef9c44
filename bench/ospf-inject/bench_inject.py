#!/usr/bin/env python3
"""bench_inject: okapi, FRRouting and BIRD each take a synthetic OSPF area
from tools/ospf-inject, and the time until their kernels hold its routes.

    python3 bench/ospf-inject/bench_inject.py BUILD_DIR [-q] [-n ROUTERS]...
                                              [-m STUBS] [-k EXTERNALS]
                                              [-r RUNS] [--random]

As root. For each size (default 10,000 routers; -q: 1,000) and each kind,
a lab (tools/lab) of two namespaces: the router under test, r1 (okapi:
Finder, ribd, ospfd; FRR: zebra, ospfd; BIRD: bird), and a bare host,
inj, on a point-to-point /30 with hello 1 and dead 4. The lab waits until
the daemons answer, then the bench waits SETTLE seconds, so that the
router's own router-LSA is older than MinLSInterval (5 s: okapi and BIRD
re-originate it once soon after start, and would otherwise hold back the
one that links to the injector for up to 5 s), then runs ospf-inject in
inj: a grid of ROUTERS routers (--random: a random graph with LANs), -m
stub networks per router (default 2) and -k AS-external LSAs (default
ROUTERS / 10), flooded at Full, with r1's route count watched over netlink
inside its namespace. The injector is killed by PID if it outlives its
timeout; the lab goes down by PID whatever happens.

Prints a Markdown table: time to Full (from the injector's start), time
from the first Link State Update to the last route in the kernel (the
headline), to every LSA acknowledged, LSAs sent again, and the peak RSS
(VmHWM) of the router's OSPF and RIB processes. With -r RUNS > 1, times
are the median of the runs, kinds interleaved. Nothing passes or fails on
time.
"""
import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402

KINDS = ("okapi", "frr", "bird")
NAMES = {"okapi": "okapi", "frr": "FRRouting 8.4", "bird": "BIRD 2"}
PROCESSES = {"okapi": ("ospfd", "ribd"), "frr": ("ospfd", "zebra"),
             "bird": ("bird",)}
PROTO = {"okapi": "ospf", "frr": "ospf", "bird": "bird"}
OKAPI_DAEMONS = ("finder", "ribd", "ospfd")     # no tunneld: not measured
SETTLE = 12.0
TIMEOUT = 600
LINK = "r1-inj"
TOPOLOGY = """\
defaults hello 1 dead 4 cost 10
node r1 %s id 10.255.9.1
node inj host stub none
link r1 inj 10.254.0.0/30
"""


def vm_hwm_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def parse_result(out):
    for line in out.splitlines():
        if line.startswith("result "):
            return {k: float(v) for k, v in
                    re.findall(r"(\w+)=([-0-9.]+)", line)}
    return None


def one_run(build, kind, args, n, ext, log):
    """One lab, one injection: a dict of figures (or with "error")."""
    tool = os.path.join(build, "tools", "ospf-inject", "ospf-inject")
    fig = {"kind": kind}
    with lab_mod.lab_up(TOPOLOGY % kind, build, prefix="bi",
                        okapi_daemons=OKAPI_DAEMONS,
                        log=lambda m: None) as lab:
        time.sleep(SETTLE)
        argv = ["ip", "netns", "exec", lab.ns("inj"), tool, "-i", LINK,
                "--hello", "1", "--dead", "4",
                "--random" if args.random else "--grid", str(n),
                "-m", str(args.m), "-k", str(ext),
                "--netns", lab.ns("r1"), "--proto", PROTO[kind],
                "--timeout", str(TIMEOUT)]
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        try:
            out, _ = proc.communicate(timeout=TIMEOUT + 30)
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        res = parse_result(out)
        hwm = [vm_hwm_kb(lab.proc("r1", d).pid) for d in PROCESSES[kind]]
        fig["rss_mb"] = (sum(hwm) / 1024.0 if None not in hwm else None)
        if proc.returncode != 0 or res is None:
            fig["error"] = "ospf-inject exit %s" % proc.returncode
            log("\n".join(out.splitlines()[-8:]))
            for d in PROCESSES[kind]:
                log(lab.log_tail("r1", d, 10))
        if res is not None:
            fig.update(res)
    return fig


def secs(v):
    return "%.2f s" % v if v is not None and v >= 0 else "-"


def median(figs, key):
    vals = [f[key] for f in figs if f.get(key) is not None and
            f.get(key, -1) >= 0 and "error" not in f]
    return statistics.median(vals) if vals else None


def table(rows):
    print("| kind | routers | stub nets | externals | LSAs | routes expected "
          "| Full | all routes in kernel | all LSAs acked | LSAs sent again "
          "| peak RSS (OSPF + RIB) |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        f0 = r["figs"][0]
        rss = median(r["figs"], "rss_mb")
        again = sum(int(f.get("retransmitted", 0)) for f in r["figs"])
        errors = [f["error"] for f in r["figs"] if "error" in f]
        print("| %s | %d | %d | %d | %s | %s | %s | %s%s | %s | %d | %s |" % (
            NAMES[r["kind"]], r["routers"], r["stubs"], r["ext"],
            int(f0["lsas"]) if "lsas" in f0 else "-",
            int(f0["prefixes"]) if "prefixes" in f0 else "-",
            secs(median(r["figs"], "full")),
            secs(median(r["figs"], "routes")),
            " (%s)" % "; ".join(errors) if errors else "",
            secs(median(r["figs"], "acked")), again,
            "%.0f MB" % rss if rss is not None else "-"))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("build")
    p.add_argument("-q", action="store_true", help="1,000 routers")
    p.add_argument("-n", type=int, action="append",
                   help="routers (repeatable)")
    p.add_argument("-m", type=int, default=2, help="stubs per router")
    p.add_argument("-k", type=int, default=None,
                   help="externals (default routers / 10)")
    p.add_argument("-r", type=int, default=1, help="runs per kind")
    p.add_argument("--random", action="store_true",
                   help="a random graph with LANs, not a grid")
    p.add_argument("--kinds", default=",".join(KINDS))
    args = p.parse_args()
    build = os.path.abspath(args.build)
    kinds = [k for k in args.kinds.split(",") if k]
    sizes = args.n or ([1000] if args.q else [10000])
    for kind in kinds:
        lab_mod.skip_unless_ready(TOPOLOGY % kind, build, OKAPI_DAEMONS)
    tool = os.path.join(build, "tools", "ospf-inject", "ospf-inject")
    if not os.access(tool, os.X_OK):
        print("SKIP: %s not built (ninja -C %s bench-ospf-inject)" %
              (tool, build))
        return 77

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    rows = []
    for n in sizes:
        ext = args.k if args.k is not None else n // 10
        figs = {k: [] for k in kinds}
        for run in range(args.r):
            for kind in kinds:
                t0 = time.monotonic()
                try:
                    f = one_run(build, kind, args, n, ext, log)
                except lab_mod.LabError as e:
                    f = {"kind": kind, "error": str(e).splitlines()[0]}
                figs[kind].append(f)
                log("bench_inject: %s, %d routers, run %d: Full %s, routes "
                    "%s, acked %s, %s (%.0f s)" % (
                        kind, n, run + 1, secs(f.get("full")),
                        secs(f.get("routes")), secs(f.get("acked")),
                        f.get("error", "ok"), time.monotonic() - t0))
        for kind in kinds:
            rows.append({"kind": kind,
                         "routers": int(figs[kind][0].get("routers", n)),
                         "stubs": args.m, "ext": ext, "figs": figs[kind]})
    print("\nospf-inject into each router over a point-to-point link, "
          "hello 1 dead 4, %s; times from the first Link State Update "
          "(Full: from the injector's start); median of %d run%s; %s\n" % (
              "random graph" if args.random else "grid", args.r,
              "" if args.r == 1 else "s", cpu_name()))
    table(rows)
    by_size = {}
    for r in rows:
        by_size.setdefault(r["routers"], {})[r["kind"]] = \
            median(r["figs"], "routes")
    for routers, t in sorted(by_size.items()):
        others = [t[k] for k in ("frr", "bird") if t.get(k)]
        if t.get("okapi") and others:
            print("\n%d routers: the faster of FRRouting and BIRD / okapi "
                  "= %.2f (the issue's target: 2 or more)" %
                  (routers, min(others) / t["okapi"]))
    return 0


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return "%s, %d CPUs" % (line.split(":", 1)[1].strip(),
                                            os.cpu_count())
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())

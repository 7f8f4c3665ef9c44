#!/usr/bin/env python3
"""tools/ospf-inject against one okapi router (tools/lab): r1 (Finder,
ribd, ospfd) and a bare host, inj, on a point-to-point /30, hello 1 and
dead 4. ospf-inject in inj floods a grid of 100 routers, 2 stub networks
each and 10 AS-external LSAs from several ASBRs. Checks: the adjacency
reaches Full and every LSA is acknowledged (the tool's own report); r1's
kernel holds exactly the prefixes the area implies (the tool writes them
with --prefixes), as proto ospf, each through inj's address on r1-inj;
r1's ospfd shows the externals as N E2 routes; the injector killed (by
PID), r1 drops the adjacency after the dead interval and takes every one
of those routes out of its kernel.

    test_inject.py BUILD_DIR

Exits 77 (skipped) with the reason when ospfd or ospf-inject is not
built, or the test is not root. Times are printed, never judged.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402

TOPOLOGY = """\
defaults hello 1 dead 4 cost 10
node r1 okapi id 10.255.9.1
node inj host stub none
link r1 inj 10.254.0.0/30
"""
DAEMONS = ("finder", "ribd", "ospfd")
ROUTERS, STUBS, EXTERNALS = 100, 2, 10
INJ_ADDR, LINK = "10.254.0.2", "r1-inj"


def ospf_routes(lab):
    return {lab_mod.route_prefix(r): r for r in lab.kernel_routes("r1")
            if r.get("protocol") == "ospf"}


def exact_routes(lab, want):
    have = ospf_routes(lab)
    problems = ["missing %s" % p for p in sorted(want - set(have))][:5]
    problems += ["unexpected %s" % p for p in sorted(set(have) - want)][:5]
    for p in sorted(want & set(have)):
        hops = lab_mod.route_nexthops(have[p])
        if hops != {(INJ_ADDR, LINK)}:
            problems.append("%s via %s" % (p, lab_mod.fmt_hops(hops)))
            break
    if len(have) != len(want):
        problems.append("%d routes, want %d" % (len(have), len(want)))
    return problems


def result_line(path):
    try:
        with open(path) as f:
            m = re.search(r"^result .*$", f.read(), re.M)
    except OSError:
        return None
    return m.group(0) if m else None


def inject(c, lab, build, tmp):
    """Starts ospf-inject (held up after its report, until killed); waits
    for its report. Returns (process, the area's prefixes)."""
    pfx = os.path.join(tmp, "prefixes")
    out_path = os.path.join(tmp, "inject.out")
    argv = ["ip", "netns", "exec", lab.ns("inj"),
            os.path.join(build, "tools", "ospf-inject", "ospf-inject"),
            "-i", LINK, "--hello", "1", "--dead", "4",
            "--grid", str(ROUTERS), "-m", str(STUBS), "-k", str(EXTERNALS),
            "--netns", lab.ns("r1"), "--proto", "ospf", "--timeout", "60",
            "--hold", "300", "--prefixes", pfx]
    with open(out_path, "w") as out:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        lab_mod.wait_until(lambda: result_line(out_path) is not None or
                           proc.poll() is not None, "ospf-inject's report",
                           timeout=90)
    except lab_mod.LabError:
        pass
    line = result_line(out_path)
    with open(out_path) as f:
        c.log(f.read().rstrip())
    res = dict(re.findall(r"(\w+)=([-0-9.]+)", line or ""))
    if line and float(res.get("full", -1)) >= 0 and \
            res.get("acked_lsas") == res.get("lsas") and \
            float(res.get("routes", -1)) >= 0:
        c.ok("ospf-inject: Full, %s LSAs all acknowledged, %s routes "
             "counted in r1's kernel" % (res["lsas"], res["want_routes"]))
    else:
        c.fail("ospf-inject: Full, every LSA acknowledged, the routes "
               "counted", "exit %s, %s" % (proc.poll(), line or "no report"))
        return proc, None
    with open(pfx) as f:
        want = {line.strip() for line in f if line.strip()}
    side = 10
    expected = ROUTERS + 2 * side * (side - 1) + ROUTERS * STUBS + EXTERNALS
    if len(want) == expected:
        c.ok("the area: %d prefixes" % expected)
    else:
        c.fail("the area's prefixes", "%d, want %d" % (len(want), expected))
    return proc, want


def stop(proc):
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()


def externals_shown(lab):
    out = lab.vty("r1", "show ip ospf route")
    n = len(re.findall(r"^N E2 48\.0\.\d+\.0/24 ", out, re.M))
    return [] if n == EXTERNALS else ["%d N E2 lines, want %d" %
                                      (n, EXTERNALS)]


def scenario(c, lab, build):
    with tempfile.TemporaryDirectory(prefix="test-inject-") as tmp:
        proc, want = inject(c, lab, build, tmp)
        try:
            if want is None:
                raise lab_mod.Abort("ospf-inject")
            c.wait("r1's kernel: exactly the %d prefixes of the area, "
                   "proto ospf, via %s" % (len(want), INJ_ADDR),
                   lambda: exact_routes(lab, want), required=True)
            c.wait("r1's show ip ospf route: %d N E2 routes" % EXTERNALS,
                   lambda: externals_shown(lab))
        finally:
            stop(proc)
    c.wait("the injector killed: r1 drops every one of those routes",
           lambda: ["%d ospf routes left" % len(ospf_routes(lab))]
           if ospf_routes(lab) else [])


def main():
    if len(sys.argv) != 2:
        print("usage: test_inject.py BUILD_DIR", file=sys.stderr)
        return 2
    build = sys.argv[1]
    lab_mod.skip_unless_ready(TOPOLOGY, build, DAEMONS)
    tool = os.path.join(build, "tools", "ospf-inject", "ospf-inject")
    if not os.access(tool, os.X_OK):
        print("SKIP: %s not built" % tool, flush=True)
        return lab_mod.EXIT_SKIP
    c = lab_mod.Checks()

    def body():
        with lab_mod.lab_up(TOPOLOGY, build, prefix="tn",
                            okapi_daemons=DAEMONS) as lab:
            c.log("lab %s: %s" % (lab.name, lab.topo.summary()))
            scenario(c, lab, build)
    c.scenario("ospf-inject: a grid of %d routers into okapi" % ROUTERS, body)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

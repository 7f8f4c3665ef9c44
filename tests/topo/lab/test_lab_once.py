#!/usr/bin/env python3
"""The README's main command in its non-interactive form: the built-in lab
(four okapi routers) started, shown and stopped by `scripts/lab.sh BUILD
once`, under a lab name of its own. Checks that it converged, that each
router's neighbours and routes were shown, and that no namespace, daemon
or state directory is left.

    test_lab_once.py BUILD_DIR

Exits 77 (skipped) with the reason when not root or ospfd is not built.
"""
import os
import subprocess
import sys

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SRC, "tools", "lab"))
import okapi_lab as lab_mod  # noqa: E402


def main():
    if len(sys.argv) != 2:
        print("usage: test_lab_once.py BUILD_DIR", file=sys.stderr)
        return 2
    build = sys.argv[1]
    lab_mod.skip_unless_ready(lab_mod.DEFAULT_TOPOLOGY, build)
    name = "once%d" % os.getpid()
    topo = lab_mod.lab_topology.parse(lab_mod.DEFAULT_TOPOLOGY)
    c = lab_mod.Checks()
    try:
        p = subprocess.run(["sh", os.path.join(SRC, "scripts", "lab.sh"),
                            build, "-n", name, "once"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=600)
    finally:
        if os.path.exists(os.path.join(lab_mod.STATE_ROOT, name,
                                       "state.json")):
            lab_mod.Lab.load(name).stop()
    print(p.stdout)
    if p.returncode == 0:
        c.ok("lab.sh once exited 0")
    else:
        c.fail("lab.sh once", "exit %d" % p.returncode)
    wants = ["OSPF converged", "lab %s: stopped" % name]
    for node in topo.nodes:
        wants += ["== %s (okapi): show ip ospf neighbor" % node,
                  "== %s (okapi): show ip route" % node]
    for want in wants:
        if want in p.stdout:
            c.ok("shown: %s" % want)
        else:
            c.fail("shown: %s" % want, "missing from the output")
    if p.stdout.count("Full") < 6:
        c.fail("neighbours shown Full", "only %d 'Full' in the output" %
               p.stdout.count("Full"))
    left = [n for n in list(topo.nodes) + [s.name for s in topo.lans()]
            if lab_mod.lab_ns.ns_exists("%s-%s" % (name, n))]
    if left or os.path.exists(os.path.join(lab_mod.STATE_ROOT, name)):
        c.fail("nothing left", "namespaces %s, state %s" % (
            left, os.path.join(lab_mod.STATE_ROOT, name)))
    else:
        c.ok("nothing left: namespaces and state directory gone")
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The README's main command in its non-interactive form: the built-in lab
(four okapi routers) started, shown and stopped by `scripts/lab.sh BUILD
once`, under a lab name of its own. Checks that it converged, that each
router's neighbours and routes were shown, and that no namespace, daemon
or state directory is left.

Then the tunnels: the same lab brought up by `scripts/lab.sh BUILD start`
(under another name), the okapi-tunnel command it prints run from the host
as printed, but on stdin/stdout (no -L): `show version` reaches the
farthest router's ospfd (r4, through r1 and r3) and a wrong password is
refused (535); `scripts/lab.sh BUILD stop NAME` leaves nothing, the host
link in the root namespace included.

    test_lab_once.py BUILD_DIR

Exits 77 (skipped) with the reason when not root or ospfd is not built.
"""
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading

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
    for node in topo.nodes:
        want = "lab: %s tunneld pid" % node
        if want in p.stdout:
            c.ok("started: %s's tunneld" % node)
        else:
            c.fail("started: %s's tunneld" % node, "no '%s' in the output"
                   % want)
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
    nothing_in_root(c, name)
    tunnels(c, build, topo, "tun%d" % os.getpid())
    return c.finish()


# --- the tunnels ----------------------------------------------------------

# The built-in topology: r1 is the entry (the host link's router), r4 the
# farthest okapi router from it, two segments away through r3.
FARTHEST, PATH = "r4", "r3/r4/ospfd"
BLOCK = "Through BEEP tunnels from the host (SCRAM per hop, TLS end to end):"


def lab_sh(build, *args):
    return subprocess.run(["sh", os.path.join(SRC, "scripts", "lab.sh"),
                           build] + list(args),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600)


def nothing_in_root(c, name):
    """The host link's root end, and its address, gone."""
    ifname = lab_mod.lab_tunnel.host_ifname(name)
    links = lab_mod.lab_ns.run(["ip", "-o", "link", "show"])
    addrs = [a for a in lab_mod.lab_ns.run(["ip", "-o", "-4", "addr",
                                            "show"]).splitlines()
             if ifname in a]
    if ifname in links or addrs:
        c.fail("nothing left in the root namespace",
               "%s still there:\n%s" % (ifname, links))
    else:
        c.ok("nothing left in the root namespace (no %s in ip link)" %
             ifname)


def converse(argv, text, timeout=60):
    """Run argv with text on stdin, keeping stdin open until it exits (the
    relay ends at end of input, before the answer could come back);
    (exit status or None if it had to be killed, stdout, stderr)."""
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out, err = [], []
    readers = [threading.Thread(target=lambda f=f, acc=acc: acc.append(
        f.read())) for f, acc in ((p.stdout, out), (p.stderr, err))]
    for t in readers:
        t.start()
    try:
        p.stdin.write(text.encode())
        p.stdin.flush()
    except BrokenPipeError:             # it gave up before reading
        pass
    try:
        rc = p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = None
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    for t in readers:
        t.join()
    return (rc, b"".join(out).decode("utf-8", "replace"),
            b"".join(err).decode("utf-8", "replace"))


def tunnel_command(c, out, build):
    """The okapi-tunnel argv the lab printed, or None."""
    lines = out.splitlines()
    if BLOCK not in lines:
        c.fail("shown: how to reach the farthest router through tunnels",
               "no '%s' in the output" % BLOCK)
        return None
    i = lines.index(BLOCK)
    argv = shlex.split(lines[i + 1]) if i + 1 < len(lines) else []
    telnet = lines[i + 2].strip() if i + 2 < len(lines) else ""
    binary = os.path.join(os.path.abspath(build), "tools", "okapi-tunnel",
                          "okapi-tunnel")
    if not argv or argv[0] != binary or argv[-1] != PATH or \
            "-L" not in argv or telnet != "telnet 127.0.0.1 12604":
        c.fail("shown: okapi-tunnel %s -L, then telnet" % PATH,
               "\n".join(lines[i:i + 3]))
        return None
    c.ok("shown: %s ... -L 12604 %s %s, then %s" % (binary, argv[-2],
                                                     argv[-1], telnet))
    return argv


def tunnels(c, build, topo, name):
    c.log("\n== tunnels: lab %s, started and left running" % name)
    signal.signal(signal.SIGTERM, lab_mod._sigterm)
    try:
        p = lab_sh(build, "-n", name, "start")
        print(p.stdout)
        if p.returncode != 0:
            c.fail("lab.sh start", "exit %d" % p.returncode)
            return
        c.ok("lab.sh start exited 0")
        tunnel_checks(c, name, tunnel_command(c, p.stdout, build))
    finally:
        if os.path.exists(os.path.join(lab_mod.STATE_ROOT, name,
                                       "state.json")):
            p = lab_sh(build, "stop", name)
            print(p.stdout)
            if p.returncode == 0 and "lab %s: stopped" % name in p.stdout:
                c.ok("lab.sh stop %s exited 0" % name)
            else:
                c.fail("lab.sh stop %s" % name, "exit %d" % p.returncode)
            if os.path.exists(os.path.join(lab_mod.STATE_ROOT, name,
                                           "state.json")):
                lab_mod.Lab.load(name).stop()
    left = [n for n in list(topo.nodes) + [s.name for s in topo.lans()]
            if lab_mod.lab_ns.ns_exists("%s-%s" % (name, n))]
    if left or os.path.exists(os.path.join(lab_mod.STATE_ROOT, name)):
        c.fail("tunnels lab: nothing left", "namespaces %s, state %s" % (
            left, os.path.join(lab_mod.STATE_ROOT, name)))
    else:
        c.ok("tunnels lab: namespaces and state directory gone")
    nothing_in_root(c, name)


def tunnel_checks(c, name, argv):
    if argv is None:
        return
    ifname = lab_mod.lab_tunnel.host_ifname(name)
    if lab_mod.lab_tunnel.root_link_exists(ifname):
        c.ok("host link %s in the root namespace while the lab runs" %
             ifname)
    else:
        c.fail("host link in the root namespace", "no %s" % ifname)
    i = argv.index("-L")
    stdio = argv[:i] + argv[i + 2:]
    rc, out, err = converse(stdio, "show version\nexit\n")
    print("$ %s\n%s%s" % (" ".join(stdio), out, err))
    if "%s> " % FARTHEST in out and "Daemon: ospfd" in out:
        c.ok("through r1, r3 to %s's ospfd: prompt '%s>' and 'Daemon: "
             "ospfd'" % (FARTHEST, FARTHEST))
    else:
        c.fail("through the tunnels to %s's ospfd" % FARTHEST,
               "exit %s; stdout %r; stderr %r" % (rc, out[-400:],
                                                  err[-400:]))
    log = os.path.join(lab_mod.STATE_ROOT, name, "r1", "tunneld.log")

    def refusals():
        try:
            with open(log, errors="replace") as f:
                return f.read().count("failed code=535")
        except OSError:
            return 0
    before = refusals()
    with tempfile.NamedTemporaryFile("w", prefix="okapi-wrong-",
                                     suffix=".pw") as wrong:
        wrong.write("not-the-operator-password\n")
        wrong.flush()
        bad = list(stdio)
        bad[bad.index("-P") + 1] = wrong.name
        rc, out, err = converse(bad, "show version\nexit\n")
    print("$ %s\n%s%s" % (" ".join(bad), out, err))
    logged = refusals() > before
    if rc not in (0, None) and "Daemon:" not in out and \
            "authentication failed" in err and ("535" in err or logged):
        c.ok("a wrong password refused: %s%s" % (
            err.strip().splitlines()[-1] if err.strip() else "",
            " (r1's tunneld logs code=535)" if logged else ""))
    else:
        c.fail("a wrong password refused with 535",
               "exit %s; stdout %r; stderr %r; r1's tunneld logged 535: %s"
               % (rc, out[-400:], err[-400:], logged))


if __name__ == "__main__":
    sys.exit(main())

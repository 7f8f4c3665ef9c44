"""DOC: okapi_lab - OSPF routers in Linux network namespaces.

One namespace per router (<lab>-<node>), with its own loopback so every
daemon keeps its well-known ports (Finder 1104, ribd or zebra 2601, ospfd
2604); one more per LAN (<lab>-<lan>) holding a Linux bridge that the
members' veths plug into; a veth pair per point-to-point link. Routers are
okapi's (okapi-finder, ribd, ospfd), FRRouting's (zebra, ospfd) or BIRD's,
configured from a topology file (docs/lab.md). Beside this file:
lab_topology (the format, and what converged OSPF must look like),
lab_routers (each kind's configuration files and show output parsers),
lab_ns (namespaces, processes, Telnet to a VTY inside a namespace),
lab_tunnel (tunneld on every okapi router, and the host's way in).

Everything the lab makes is recorded before it is made, in
/run/okapi-lab/<lab>/state.json: namespaces, and each daemon's PID with its
start time. stop() works from that record alone (another process may call
it), kills only what it started and deletes the namespaces, which takes the
veths and bridges with them. Logs and generated configurations are in
/run/okapi-lab/<lab>/<node>/.

Tests use the same class: lab_up() brings a topology up under a unique lab
name and always tears it down; the query helpers (neighbors, lsdb,
kernel_routes, ping, vty, birdc) and the problem finders (what differs
from converged OSPF, as a list of sentences) combine with wait_for(),
which polls until there is no problem or a generous timeout expires. Wall
time is reported, never judged.
"""
import atexit
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import socket
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import lab_ns                                       # noqa: E402
import lab_routers                                  # noqa: E402
import lab_topology                                 # noqa: E402
import lab_tunnel                                   # noqa: E402
from lab_ns import LabError                         # noqa: E402,F401
from lab_routers import Neighbor                    # noqa: E402,F401
from lab_routers import route_prefix, route_nexthops  # noqa: E402
from lab_routers import fmt_hops, fmt_lsas          # noqa: E402
from lab_topology import TopologyError              # noqa: E402,F401

STATE_ROOT = "/run/okapi-lab"
FINDER_PORT, RIBD_PORT, OSPFD_PORT = 1104, 2601, 2604
FRR_DIR = "/usr/lib/frr"
TUNNEL_PORT = lab_tunnel.TUNNEL_PORT
OKAPI_DAEMONS = ("finder", "ribd", "ospfd", "tunneld")
OKAPI_BINARIES = {
    "finder": "daemons/finder/okapi-finder",
    "ribd": "daemons/ribd/ribd",
    "ospfd": "daemons/ospfd/ospfd",
    "tunneld": "daemons/tunneld/tunneld",
}
OKAPI_TUNNEL = "tools/okapi-tunnel/okapi-tunnel"
ROUTE_PROTOCOL = {"okapi": "ospf", "frr": "ospf", "bird": "bird"}
WAIT = 60.0

DEFAULT_TOPOLOGY = """\
# The default lab: r1, r2 and r3 on a LAN (r1 DR, r2 BDR, r3 never DR),
# r4 behind r3 on a point-to-point link. Each router advertises its
# router ID as a /32 on lo.
lab okapi
defaults hello 1 dead 4 cost 10
node r1 okapi id 10.255.0.1
node r2 okapi id 10.255.0.2
node r3 okapi id 10.255.0.3
node r4 okapi id 10.255.0.4
lan lan1 10.0.123.0/24
attach lan1 r1 priority 100
attach lan1 r2 priority 50
attach lan1 r3 priority 0
link r3 r4 10.0.34.0/30
"""


def log_default(msg):
    """print, except that a reader gone away (| head) stops no teardown."""
    try:
        print(msg, flush=True)
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")


# --- the lab --------------------------------------------------------------

class DaemonDied(LabError):
    """A daemon exited while we waited for it: no use waiting longer."""


class Daemon:
    """How to start one daemon, and how to tell it is ready."""

    def __init__(self, name, argv, ready, env=None):
        self.name = name
        self.argv = argv
        self.ready = ready              # () -> bool
        self.env = env


class Lab:
    def __init__(self, topo, name=None, build=None, state_root=STATE_ROOT,
                 owner="cli", okapi_daemons=OKAPI_DAEMONS, log=log_default):
        self.topo = topo
        self.name = name or topo.name or "okapi"
        if not lab_topology.LABNAME_RE.match(self.name):
            raise LabError("lab name %r: 1-24 of a-z 0-9 '-'" % self.name)
        self.build = os.path.abspath(build) if build else None
        self.dir = os.path.join(state_root, self.name)
        self.owner = owner
        self.owner_pid = os.getpid()
        self.owner_start = lab_ns.proc_start_time(self.owner_pid)
        self.okapi_daemons = tuple(okapi_daemons)
        self.log = log
        self.namespaces = []
        self.procs = []
        self.host_link = None           # dict, see _make_host_link
        self.operator_line = None       # tunneld.conf's user line

    # names and places

    def ns(self, node):
        """The namespace of a node or of a LAN's bridge."""
        return "%s-%s" % (self.name, node)

    def node_dir(self, node):
        return os.path.join(self.dir, node)

    @property
    def state_path(self):
        return os.path.join(self.dir, "state.json")

    def kind(self, node):
        return self.topo.nodes[node].kind

    @property
    def tunnels(self):
        """Whether okapi routers run tunneld (and the host link exists)."""
        return "tunneld" in self.okapi_daemons and \
            lab_tunnel.entry_router(self.topo) is not None

    @property
    def pki_dir(self):
        return os.path.join(self.dir, "pki")

    @property
    def operator_pw(self):
        return os.path.join(self.dir, "operator.pw")

    # the state file

    def _save(self):
        state = {"name": self.name, "owner": self.owner,
                 "owner_pid": self.owner_pid,
                 "owner_start": self.owner_start, "build": self.build,
                 "source": self.topo.source, "topology": self.topo.text,
                 "okapi_daemons": list(self.okapi_daemons),
                 "namespaces": self.namespaces,
                 "host_link": self.host_link,
                 "procs": [p.to_json() for p in self.procs]}
        tmp = self.state_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(state, f, indent=1)
        os.replace(tmp, self.state_path)

    @classmethod
    def load(cls, name, state_root=STATE_ROOT, log=log_default):
        path = os.path.join(state_root, name, "state.json")
        try:
            with open(path) as f:
                state = json.load(f)
        except FileNotFoundError:
            raise LabError("no lab %s (no %s)" % (name, path)) from None
        topo = lab_topology.parse(state["topology"], state["source"])
        lab = cls(topo, state["name"], state["build"], state_root,
                  state["owner"], state["okapi_daemons"], log)
        lab.owner_pid = state["owner_pid"]
        lab.owner_start = state.get("owner_start")
        lab.namespaces = state["namespaces"]
        lab.host_link = state.get("host_link")
        lab.procs = [lab_ns.Proc.from_json(p) for p in state["procs"]]
        return lab

    # bringing it up

    def start(self):
        """Make every namespace, link and daemon. On failure what was made
        stays recorded: call stop()."""
        missing = missing_requirements(self.topo, self.build,
                                       self.okapi_daemons)
        if missing:
            raise LabError("cannot start lab %s: %s" %
                           (self.name, "; ".join(missing)))
        if os.path.exists(self.state_path):
            raise LabError("lab %s is already up (stop it first: "
                           "./okapi lab stop %s)" % (self.name, self.name))
        os.makedirs(self.dir, mode=0o755, exist_ok=True)
        self._save()
        for node in self.topo.nodes.values():
            self._make_router(node)
        for seg in self.topo.segments.values():
            if seg.kind == "lan":
                self._make_lan(seg)
            else:
                self._make_link(seg)
        if self.tunnels:
            self._make_tunnel_keys()
            self._make_host_link()
        for node in self.topo.nodes:
            self._write_configs(node)
            for daemon in self._daemons(node):
                self._start(node, daemon)

    def _add_ns(self, ns):
        if lab_ns.ns_exists(ns):
            raise LabError("namespace %s already exists, and is not this "
                           "lab's (ip netns del %s if it is left over)" %
                           (ns, ns))
        self.namespaces.append(ns)
        self._save()
        lab_ns.ns_add(ns)

    def _make_router(self, node):
        ns = self.ns(node.name)
        self._add_ns(ns)
        if node.stub is not None:
            lab_ns.ip(ns, "addr", "add", str(node.stub), "dev", "lo")
        if node.extra:
            # A veth pair inside the namespace, both ends up: an interface
            # with carrier, as a dummy would be (not every kernel has the
            # dummy driver); the peer end holds no address.
            ext = lab_topology.EXTRA_IFNAME
            peer = lab_topology.EXTRA_PEER_IFNAME
            lab_ns.ip(ns, "link", "add", ext, "type", "veth", "peer", "name",
                      peer)
            for addr in node.extra:
                lab_ns.ip(ns, "addr", "add", str(addr), "dev", ext)
            lab_ns.ip(ns, "link", "set", peer, "up")
            lab_ns.ip(ns, "link", "set", ext, "up")
        lab_ns.ns_sysctl(ns, "net.ipv4.ip_forward", 1)
        os.makedirs(self.node_dir(node.name), mode=0o755, exist_ok=True)
        if node.kind == "frr":
            shutil.chown(self.node_dir(node.name), "frr", "frr")

    def _make_lan(self, seg):
        hub = self.ns(seg.name)
        self._add_ns(hub)
        lab_ns.ip(hub, "link", "add", "br0", "type", "bridge", "stp_state",
                  "0", "forward_delay", "0", "mcast_snooping", "0")
        lab_ns.ip(hub, "link", "set", "br0", "up")
        for node in seg.members:
            lab_ns.run(["ip", "link", "add", "dev", seg.name, "netns",
                        self.ns(node), "type", "veth", "peer", "name", node,
                        "netns", hub])
            lab_ns.ip(hub, "link", "set", node, "master", "br0", "up")
            self._address(node, seg)

    def _make_link(self, seg):
        a, b = seg.members
        lab_ns.run(["ip", "link", "add", "dev", seg.name, "netns", self.ns(a),
                    "type", "veth", "peer", "name", seg.name, "netns",
                    self.ns(b)])
        self._address(a, seg)
        self._address(b, seg)

    def _address(self, node, seg):
        ns = self.ns(node)
        lab_ns.ip(ns, "addr", "add", str(seg.addresses[node]), "dev",
                  seg.name)
        lab_ns.ip(ns, "link", "set", seg.name, "up")

    def _make_tunnel_keys(self):
        """The lab's CA and a certificate per okapi router; the operator's
        random password (0600) and its SCRAM verifier."""
        lab_tunnel.make_pki(self.pki_dir,
                            lab_tunnel.okapi_nodes(self.topo))
        self.operator_line = lab_tunnel.make_operator(
            os.path.join(self.build, OKAPI_TUNNEL), self.operator_pw)

    def _make_host_link(self):
        """A veth pair from the root namespace to the entry router, on a
        /30 of 198.18.0.0/15 that no router announces (ospfd's network
        statements do not cover it). Recorded before it is made; the root
        end goes with the router's namespace, and stop() checks."""
        node = lab_tunnel.entry_router(self.topo)
        root_if = lab_tunnel.host_ifname(self.name)
        if lab_tunnel.root_link_exists(root_if):
            raise LabError("interface %s already exists in the root "
                           "namespace, and is not this lab's (ip link del "
                           "%s if it is left over)" % (root_if, root_if))
        host, router = lab_tunnel.pick_host_net(self.name)
        self.host_link = {"node": node, "root_ifname": root_if,
                          "ifname": lab_tunnel.router_ifname(self.topo),
                          "host": str(host), "router": str(router)}
        self._save()
        ns, ifname = self.ns(node), self.host_link["ifname"]
        lab_ns.run(["ip", "link", "add", "dev", root_if, "type", "veth",
                    "peer", "name", ifname, "netns", ns])
        lab_ns.run(["ip", "addr", "add", str(host), "dev", root_if])
        lab_ns.run(["ip", "link", "set", root_if, "up"])
        lab_ns.ip(ns, "addr", "add", str(router), "dev", ifname)
        lab_ns.ip(ns, "link", "set", ifname, "up")

    def _write_configs(self, node):
        d, kind = self.node_dir(node), self.kind(node)
        r = lab_routers
        files = {
            "okapi": {"ribd.conf": r.ribd_conf(self.topo, node),
                      "ospfd.conf": r.ospfd_conf(self.topo, node)},
            "frr": {"zebra.conf": r.zebra_conf(self.topo, node),
                    "ospfd.conf": r.ospfd_conf(self.topo, node, frr=True)},
            "bird": {"bird.conf": r.bird_conf(self.topo, node)},
            "host": {},
        }[kind]
        if kind == "okapi" and self.tunnels:
            files["tunneld.conf"] = lab_tunnel.tunneld_conf(
                self.topo, node, self.operator_line, self.pki_dir)
        for fname, text in files.items():
            with open(os.path.join(d, fname), "w") as f:
                f.write(text)

    def _daemons(self, node):
        return {"okapi": self._okapi_daemons, "frr": self._frr_daemons,
                "bird": self._bird_daemons,
                "host": lambda node: []}[self.kind(node)](node)

    def _okapi_daemons(self, node):
        d, ns = self.node_dir(node), self.ns(node)
        env = dict(os.environ, OKAPI_RUNDIR=d)
        finder = "127.0.0.1:%d" % FINDER_PORT
        binary = {k: os.path.join(self.build, v)
                  for k, v in OKAPI_BINARIES.items()}
        specs = {
            "finder": Daemon("finder", [binary["finder"], "-d"],
                             lambda: lab_ns.tcp_listening(ns, FINDER_PORT),
                             env),
            "ribd": Daemon("ribd", [binary["ribd"], "-d", "-F", finder,
                                    "-f", os.path.join(d, "ribd.conf")],
                           lambda: lab_ns.tcp_listening(ns, RIBD_PORT), env),
            "ospfd": Daemon("ospfd", [binary["ospfd"], "-d", "-F", finder,
                                      "-f", os.path.join(d, "ospfd.conf")],
                            lambda: lab_ns.tcp_listening(ns, OSPFD_PORT),
                            env),
            "tunneld": Daemon("tunneld", [binary["tunneld"], "-d", "-f",
                                          os.path.join(d, "tunneld.conf")],
                              lambda: lab_ns.tcp_listening(ns, TUNNEL_PORT),
                              env),
        }
        return [specs[k] for k in OKAPI_DAEMONS if k in self.okapi_daemons]

    def _frr_daemons(self, node):
        d, ns = self.node_dir(node), self.ns(node)
        zserv = os.path.join(d, "zserv.api")

        def argv(daemon, port):
            return [os.path.join(FRR_DIR, daemon),
                    "-f", os.path.join(d, daemon + ".conf"),
                    "-i", os.path.join(d, daemon + ".pid"),
                    "-z", zserv, "--vty_socket", d,
                    "-A", "127.0.0.1", "-P", str(port)]
        return [
            Daemon("zebra", argv("zebra", RIBD_PORT),
                   lambda: lab_ns.tcp_listening(ns, RIBD_PORT)),
            Daemon("ospfd", argv("ospfd", OSPFD_PORT),
                   lambda: lab_ns.tcp_listening(ns, OSPFD_PORT)),
        ]

    def _bird_daemons(self, node):
        d = self.node_dir(node)
        ctl = os.path.join(d, "bird.ctl")
        return [Daemon("bird", ["bird", "-f", "-c",
                                os.path.join(d, "bird.conf"), "-s", ctl,
                                "-P", os.path.join(d, "bird.pid")],
                       lambda: unix_listening(ctl))]

    def _daemon(self, node, name):
        for daemon in self._daemons(node):
            if daemon.name == name:
                return daemon
        raise LabError("%s runs no %s" % (node, name))

    def _start(self, node, daemon):
        log_path = os.path.join(self.node_dir(node), daemon.name + ".log")
        proc = lab_ns.spawn(node, daemon.name, self.ns(node), daemon.argv,
                            log_path, daemon.env, self.node_dir(node))
        self.procs.append(proc)
        self._save()

        def ready():
            if not proc.alive():
                raise DaemonDied("%s's %s exited at start:\n%s" % (
                    node, daemon.name, self.log_tail(node, daemon.name)))
            return daemon.ready()
        wait_until(ready, "%s's %s to answer" % (node, daemon.name))
        return proc

    # daemons one by one (tests)

    def proc(self, node, daemon):
        """The latest record of that daemon (alive or not)."""
        for p in reversed(self.procs):
            if p.node == node and p.daemon == daemon:
                return p
        raise LabError("%s's %s was never started" % (node, daemon))

    def kill(self, node, daemon, sig=signal.SIGKILL):
        """Signal one daemon by its recorded PID and wait until it is gone."""
        p = self.proc(node, daemon)
        if not p.alive():
            raise LabError("%s's %s (pid %d) is not running" %
                           (node, daemon, p.pid))
        p.signal(sig)
        if not p.wait_gone(WAIT):
            raise LabError("%s's %s (pid %d) survived signal %d" %
                           (node, daemon, p.pid, sig))
        return p.pid

    def restart(self, node, daemon):
        """Start a daemon again (after kill) with the same arguments."""
        if self.proc(node, daemon).alive():
            raise LabError("%s's %s is still running" % (node, daemon))
        return self._start(node, self._daemon(node, daemon)).pid

    def log_tail(self, node, daemon, lines=15):
        path = os.path.join(self.node_dir(node), daemon + ".log")
        try:
            with open(path, errors="replace") as f:
                tail = f.read().splitlines()[-lines:]
        except OSError as e:
            return "  (no log: %s)" % e
        return "\n".join("  | " + line for line in tail)

    # tearing it down

    def stop(self):
        """Kill every recorded daemon by PID, delete every recorded
        namespace (veths and bridges go with them), remove the state
        directory. Returns a list of what could not be undone."""
        left = []
        for p in reversed(self.procs):
            if not p.stop():
                left.append("%s's %s (pid %d) would not die" %
                            (p.node, p.daemon, p.pid))
            elif p.daemon in ("zebra", "ospfd") and \
                    self.kind(p.node) == "frr":
                # FRR keeps a crash-log directory per PID; a clean exit
                # removes it, a kill does not.
                shutil.rmtree("/var/tmp/frr/%s.%d" % (p.daemon, p.pid),
                              ignore_errors=True)
        left += self._del_host_link()
        for ns in reversed(self.namespaces):
            for pid in lab_ns.ns_pids(ns):
                self.log("lab %s: pid %d, not started by the lab, is in %s"
                         % (self.name, pid, ns))
            try:
                lab_ns.ns_del(ns)
            except LabError as e:
                left.append(str(e))
        if self.host_link and lab_tunnel.root_link_exists(
                self.host_link["root_ifname"]):
            left.append("interface %s is still in the root namespace" %
                        self.host_link["root_ifname"])
        if not os.path.exists(self.state_path):
            return left
        if left:
            self.procs = [p for p in self.procs if p.alive()]
            self.namespaces = [n for n in self.namespaces
                               if lab_ns.ns_exists(n)]
            if self.host_link and not lab_tunnel.root_link_exists(
                    self.host_link["root_ifname"]):
                self.host_link = None
            self._save()
        elif os.environ.get("OKAPI_LAB_KEEP"):
            os.replace(self.state_path, self.state_path + ".stopped")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)
        return left

    def _del_host_link(self):
        """Delete the root end of the host link (the router's end goes with
        it); deleting the router's namespace would take both as well."""
        if not self.host_link:
            return []
        root_if = self.host_link["root_ifname"]
        if not lab_tunnel.root_link_exists(root_if):
            return []
        try:
            lab_ns.run(["ip", "link", "del", "dev", root_if])
        except LabError as e:
            if lab_tunnel.root_link_exists(root_if):
                return [str(e)]
        return []

    # queries

    def vty(self, node, command, port=OSPFD_PORT):
        """A command's output from an okapi or FRR daemon's VTY (ospfd by
        default; RIBD_PORT for ribd or zebra)."""
        if self.kind(node) == "bird":
            raise LabError("%s is a BIRD router: use birdc()" % node)
        return lab_ns.vty(self.ns(node), port, command)

    def birdc(self, node, command):
        if self.kind(node) != "bird":
            raise LabError("%s is not a BIRD router" % node)
        out = lab_ns.run(["birdc", "-s", self.bird_socket(node)] +
                         command.split())
        return re.sub(r"^BIRD [0-9.]+ ready\.\n", "", out)

    def vtysh(self, node, command):
        """A command's output through FRR's vtysh (FRR routers only)."""
        if self.kind(node) != "frr":
            raise LabError("%s is not an FRR router" % node)
        return lab_ns.run(["vtysh", "--vty_socket", self.node_dir(node),
                           "-c", command])

    def bird_socket(self, node):
        return os.path.join(self.node_dir(node), "bird.ctl")

    def show(self, node, what):
        """neighbors, routes or database, in the router's own words."""
        if self.kind(node) == "bird":
            return self.birdc(node, {"neighbors": "show ospf neighbors",
                                     "routes": "show route",
                                     "database": "show ospf lsadb"}[what])
        if what == "routes":
            return self.vty(node, "show ip route", RIBD_PORT)
        return self.vty(node, {"neighbors": "show ip ospf neighbor",
                               "database": "show ip ospf database"}[what])

    def neighbors(self, node):
        text = self.show(node, "neighbors")
        if self.kind(node) == "bird":
            return lab_routers.parse_bird_neighbors(text)
        return lab_routers.parse_frr_neighbors(text)

    def lsdb(self, node):
        """The LSDB as a set of (type, LS ID, advertising router, sequence,
        checksum): ages left out, so equal sets mean synchronised."""
        text = self.show(node, "database")
        if self.kind(node) == "bird":
            return lab_routers.parse_bird_lsdb(text)
        return lab_routers.parse_frr_lsdb(text)

    def kernel_routes(self, node):
        return json.loads(lab_ns.ip(self.ns(node), "-j", "route", "show",
                                    "table", "main") or "[]")

    def kernel_route(self, node, prefix):
        for r in self.kernel_routes(node):
            if route_prefix(r) == prefix:
                return r
        return None

    def ping(self, node, dst, src=None, count=1):
        argv = ["ping", "-n", "-q", "-c", str(count), "-W", "1"]
        if src:
            argv += ["-I", str(src)]
        try:
            lab_ns.in_ns(self.ns(node), argv + [str(dst)])
            return True
        except LabError:
            return False

    def link_down(self, node, ifname):
        lab_ns.ip(self.ns(node), "link", "set", "dev", ifname, "down")

    def link_up(self, node, ifname):
        lab_ns.ip(self.ns(node), "link", "set", "dev", ifname, "up")

    def cut(self, segment, node=None):
        """Take a segment down as an operator would (ip link set down): a
        link at both ends, a LAN at node's interface (every member's if
        node is None). Both ends, because a router whose peer vanished but
        whose own interface stays up may advertise a host route for it (RFC
        2328 12.4.1.1, as BIRD does) where another drops it. Returns the
        (node, segment) pairs now down, for the problem finders."""
        return self._set_segment(segment, node, "down")

    def restore(self, segment, node=None):
        """Undo cut()."""
        return self._set_segment(segment, node, "up")

    def _set_segment(self, segment, node, state):
        seg = self.topo.segment(segment)
        if seg.kind == "link" and node is not None:
            raise LabError("link %s is cut at both ends: no node" % segment)
        if node is not None and node not in seg.members:
            raise LabError("%s is not on %s" % (node, segment))
        nodes = [node] if node else seg.members
        for n in nodes:
            lab_ns.ip(self.ns(n), "link", "set", "dev", seg.name, state)
        return {(n, seg.name) for n in nodes}

    def stub(self, node):
        return self.topo.nodes[node].stub.ip

    def running(self):
        return [p for p in self.procs if p.alive()]

    # what differs from converged OSPF

    def adjacency_problems(self, down=()):
        """Every pair of routers on a segment should be Full, or 2-Way when
        both are DROthers on a LAN; a LAN with candidates needs a DR."""
        problems, views = [], {}
        for node in self.topo.nodes:
            try:
                views[node] = self.neighbors(node)
            except (LabError, OSError) as e:
                problems.append("%s: %s" % (node, e))
        for seg in self.topo.segments.values():
            up = [m for m in seg.members
                  if (m, seg.name) not in down and m in views]
            problems += self._segment_problems(seg, up, views)
        return problems

    def _segment_problems(self, seg, up, views):
        rid = {m: str(self.topo.nodes[m].router_id) for m in up}
        seen = {m: {n.router_id: n for n in views[m] if n.ifname == seg.name}
                for m in up}
        problems = []
        for a, b in itertools.permutations(up, 2):
            n = seen[a].get(rid[b])
            back = seen[b].get(rid[a])
            if n is None:
                problems.append("%s sees no %s on %s" % (a, b, seg.name))
            elif n.state == "Full":
                continue
            elif not (n.state == "2-Way" and n.role == "DROther" and
                      back is not None and back.role == "DROther"):
                problems.append("%s sees %s on %s %s%s" % (
                    a, b, seg.name, n.state, "/" + n.role if n.role else ""))
        broadcast = self.topo.iface(seg.members[0], seg.name).network == \
            "broadcast"
        eligible = [m for m in up if self.topo.iface(m, seg.name).priority]
        if broadcast and len(up) > 1 and eligible and not any(
                n.role == "DR" for m in up for n in seen[m].values()):
            problems.append("no DR on %s" % seg.name)
        return problems

    def role_problems(self, down=()):
        """DR and BDR of each LAN as priorities and router IDs dictate."""
        problems = []
        views = {n: self.neighbors(n) for n in self.topo.nodes}
        for seg in self.topo.segments.values():
            if self.topo.iface(seg.members[0], seg.name).network != \
                    "broadcast":
                continue
            dr, bdr = lab_topology.expected_roles(self.topo, seg.name, down)
            up = [m for m in seg.members if (m, seg.name) not in down]
            for m in up:
                want = "DR" if m == dr else "BDR" if m == bdr else "DROther"
                rid = str(self.topo.nodes[m].router_id)
                for other in up:
                    for n in views[other]:
                        if n.router_id == rid and n.ifname == seg.name and \
                                n.role != want:
                            problems.append("%s sees %s as %s on %s, not %s"
                                            % (other, m, n.role or "-",
                                               seg.name, want))
        return problems

    def route_problems(self, down=(), check_nexthops=True):
        """Every node's kernel has exactly the OSPF routes the topology
        implies (lab_topology.expected_routes), with those next hops."""
        problems = []
        for node in self.topo.nodes:
            proto = ROUTE_PROTOCOL[self.kind(node)]
            want = lab_topology.expected_routes(self.topo, node, down)
            have = {route_prefix(r): r for r in self.kernel_routes(node)
                    if r.get("protocol") == proto}
            for prefix, (_, hops) in sorted(want.items()):
                if prefix not in have:
                    problems.append("%s: no %s route to %s" %
                                    (node, proto, prefix))
                elif check_nexthops and route_nexthops(have[prefix]) != hops:
                    problems.append("%s: %s via %s, want %s" % (
                        node, prefix, fmt_hops(route_nexthops(have[prefix])),
                        fmt_hops(hops)))
            for prefix in sorted(set(have) - set(want)):
                problems.append("%s: unexpected %s route %s" %
                                (node, proto, prefix))
        return problems

    def lsdb_problems(self, nodes=None):
        """Every router's LSDB the same (ages aside)."""
        nodes = list(nodes or self.topo.nodes)
        dbs = {n: self.lsdb(n) for n in nodes}
        ref = nodes[0]
        problems = []
        if not dbs[ref]:
            problems.append("%s: empty LSDB" % ref)
        for n in nodes[1:]:
            if dbs[n] != dbs[ref]:
                problems.append("%s and %s differ: %s only at %s, %s only "
                                "at %s" % (ref, n, fmt_lsas(dbs[ref] - dbs[n]),
                                           ref, fmt_lsas(dbs[n] - dbs[ref]),
                                           n))
        return problems

    def wait_converged(self, down=(), timeout=WAIT):
        """Wait until adjacencies, then kernel routes, are as they should
        be; the seconds it took. Routes only when the topology says what
        they are (Topology.predictable: one area, no raw OSPF lines)."""
        t0 = time.monotonic()
        wait_for(lambda: self.adjacency_problems(down),
                 "adjacencies of lab %s" % self.name, timeout)
        if self.topo.predictable:
            wait_for(lambda: self.route_problems(down),
                     "routes of lab %s" % self.name, timeout)
        return time.monotonic() - t0

    # multi-area: what a test expects, stated by the test

    def ospf_routes(self, node):
        """The router's own OSPF routing table: prefix -> (type, {next
        hop}, cost) with type "N", "N IA", "N E1" or "N E2" (FRRouting's
        words; BIRD's I, IA, E1, E2 mapped to them), next hops as
        addresses ("" when directly attached) and the cost as shown
        ("20", or "10/20" for an E2 route: distance, type 2 metric)."""
        if self.kind(node) == "bird":
            return lab_routers.parse_bird_ospf_routes(
                self.birdc(node, "show route protocol ospf1"))
        return lab_routers.parse_frr_ospf_routes(
            self.vty(node, "show ip ospf route"))

    def lsas(self, node):
        """The LSDB as a set of (area, type, LS ID, advertising router),
        area None for AS-scoped (type 5) LSAs; MaxAge ones left out."""
        if self.kind(node) == "bird":
            return lab_routers.parse_bird_lsas(
                self.show(node, "database"))
        return lab_routers.parse_frr_lsas(self.show(node, "database"))

    def kernel_route_problems(self, node, want, absent=(), exact=False,
                              ignore=()):
        """[] when node's kernel has, from its routing protocol, a route to
        each prefix of want (prefix -> next hop address, or a set of them)
        through exactly those next hops, none to a prefix of absent, and,
        when exact, no other except those in ignore."""
        proto = ROUTE_PROTOCOL[self.kind(node)]
        have = {route_prefix(r): r for r in self.kernel_routes(node)
                if r.get("protocol") == proto}
        problems = []
        for prefix, hops in sorted(want.items()):
            hops = {hops} if isinstance(hops, str) else set(hops)
            if prefix not in have:
                problems.append("%s: no %s route to %s" %
                                (node, proto, prefix))
                continue
            got = {gw for gw, _ in route_nexthops(have[prefix])}
            if got != hops:
                problems.append("%s: %s via %s, want via %s" % (
                    node, prefix, ", ".join(sorted(got)) or "nothing",
                    ", ".join(sorted(hops))))
        for prefix in sorted(absent):
            if prefix in have:
                problems.append("%s: %s route %s should not be there "
                                "(via %s)" % (node, proto, prefix, fmt_hops(
                                    route_nexthops(have[prefix]))))
        if exact:
            for prefix in sorted(set(have) - set(want) - set(ignore)):
                problems.append("%s: unexpected %s route %s" %
                                (node, proto, prefix))
        return problems

    def route_type_problems(self, node, want):
        """[] when node's OSPF routing table has each prefix of want
        (prefix -> "N", "N IA", "N E1" or "N E2", or a (type, cost) pair,
        the cost as ospf_routes gives it) with that type and cost."""
        table = self.ospf_routes(node)
        problems = []
        for prefix, kind in sorted(want.items()):
            kind, cost = kind if isinstance(kind, tuple) else (kind, None)
            if prefix not in table:
                problems.append("%s: no %s in its OSPF routing table" %
                                (node, prefix))
            elif table[prefix][0] != kind:
                problems.append("%s: %s is %s, want %s" %
                                (node, prefix, table[prefix][0], kind))
            elif cost is not None and table[prefix][2] != cost:
                problems.append("%s: %s %s costs [%s], want [%s]" % (
                    node, kind, prefix, table[prefix][2], cost))
        return problems

    # the operator's view

    def report(self):
        """Each router's neighbours and routes, as its own tools show."""
        for node in self.topo.nodes:
            kind = self.kind(node)
            for what, cmd in (("neighbors", "show ip ospf neighbor"),
                              ("routes", "show ip route")):
                if kind == "bird":
                    cmd = {"neighbors": "birdc show ospf neighbors",
                           "routes": "birdc show route"}[what]
                self.log("\n== %s (%s): %s" % (node, kind, cmd))
                try:
                    self.log(self.show(node, what).rstrip("\n"))
                except (LabError, OSError) as e:
                    self.log("(%s)" % e)

    def how_to_reach(self):
        lines = ["", "Reach each router:"]
        for node in self.topo.nodes:
            ns, kind = self.ns(node), self.kind(node)
            if kind == "bird":
                lines.append("  %-4s birdc:  birdc -s %s" %
                             (node, self.bird_socket(node)))
                continue
            rib = "ribd" if kind == "okapi" else "zebra"
            lines.append("  %-4s ospfd:  ip netns exec %s telnet 127.0.0.1 %d"
                         % (node, ns, OSPFD_PORT))
            lines.append("  %-4s %-6s  ip netns exec %s telnet 127.0.0.1 %d"
                         % ("", rib + ":", ns, RIBD_PORT))
            if kind == "frr":
                lines.append("  %-4s vtysh:  vtysh --vty_socket %s" %
                             ("", self.node_dir(node)))
        lines.append("Logs and configurations: %s/NODE/" % self.dir)
        if self.tunnels and self.host_link:
            lines += ["", "Through BEEP tunnels from the host (SCRAM per "
                      "hop, TLS end to end):",
                      "  " + lab_tunnel.shell_line(self.tunnel_argv()),
                      "  telnet 127.0.0.1 %d" % lab_tunnel.LOCAL_PORT]
        self.log("\n".join(lines))

    def tunnel_path(self):
        """The okapi routers from the entry (the host link's) to the
        farthest one."""
        return lab_tunnel.farthest_path(self.topo, self.host_link["node"])

    def tunnel_argv(self, service="ospfd", path=None,
                    local_port=lab_tunnel.LOCAL_PORT, pwfile=None):
        """okapi-tunnel's command line from the host to service on the last
        router of path (default: the farthest router); stdio when
        local_port is None."""
        if not (self.tunnels and self.host_link):
            raise LabError("lab %s runs no tunnels" % self.name)
        return lab_tunnel.client_argv(
            os.path.join(self.build, OKAPI_TUNNEL),
            pwfile or self.operator_pw, os.path.join(self.pki_dir, "ca.pem"),
            self.host_link["node"],
            self.host_link["router"].split("/")[0],
            path or self.tunnel_path(), service, local_port)

    def proc_alive_any(self, node):
        return any(p.alive() for p in self.procs if p.node == node)

    def status(self):
        self.log("lab %s (%s, %s): %s" % (self.name, self.topo.source,
                                          self.owner, self.topo.summary()))
        for node in self.topo.nodes:
            ns = self.ns(node)
            latest = {p.daemon: p for p in self.procs if p.node == node}
            procs = ", ".join(
                "%s %s" % (p.daemon, p.pid if p.alive() else "dead")
                for p in latest.values())
            here = "" if lab_ns.ns_exists(ns) else " (namespace gone)"
            self.log("  %-4s %-5s netns %s%s: %s" % (
                node, self.kind(node), ns, here, procs or "no daemons"))
            if not self.proc_alive_any(node):
                continue
            try:
                for n in self.neighbors(node):
                    self.log("       neighbour %-15s %s%s on %s" % (
                        n.router_id, n.state, "/" + n.role if n.role else "",
                        n.ifname))
            except (LabError, OSError) as e:
                self.log("       (neighbours: %s)" % e)
        for seg in self.topo.lans():
            hub = self.ns(seg.name)
            here = "" if lab_ns.ns_exists(hub) else " (namespace gone)"
            self.log("  %-10s bridge br0 in netns %s%s: %s" % (
                seg.name, hub, here, " ".join(seg.members)))
        if self.host_link:
            h = self.host_link
            here = "" if lab_tunnel.root_link_exists(h["root_ifname"]) \
                else " (gone)"
            self.log("  host link  %s %s%s <-> %s %s %s (tunneld on %d)" % (
                h["root_ifname"], h["host"], here, h["node"], h["ifname"],
                h["router"], TUNNEL_PORT))


# --- waiting --------------------------------------------------------------

def wait_for(problems, what, timeout=WAIT, interval=0.25):
    """Poll problems() (a list of sentences; exceptions count as one) until
    it is empty; raise LabError with the last list after timeout seconds.
    The timeout only stops a hang: the elapsed time is never judged."""
    end = time.monotonic() + timeout
    while True:
        try:
            left = problems()
        except DaemonDied:
            raise
        except (LabError, OSError) as e:
            left = [str(e)]
        if not left:
            return
        if time.monotonic() > end:
            raise LabError("gave up after %ds waiting for %s:\n  %s" %
                           (timeout, what, "\n  ".join(left[:20])))
        time.sleep(interval)


def wait_until(predicate, what, timeout=WAIT, interval=0.1):
    """Poll predicate() until it is true; LabError after timeout seconds."""
    def problems():
        return [] if predicate() else ["not yet"]
    wait_for(problems, what, timeout, interval)


def unix_listening(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


# --- requirements ---------------------------------------------------------

def missing_requirements(topo, build, okapi_daemons=OKAPI_DAEMONS):
    """What this topology needs and the machine lacks, as sentences."""
    missing = []
    if os.geteuid() != 0:
        missing.append("needs root (network namespaces)")
    for tool in ("ip", "sysctl", "ping"):
        if shutil.which(tool) is None:
            missing.append("%s not installed (sh scripts/deps.sh)" % tool)
    kinds = topo.kinds()
    if "okapi" in kinds:
        if not build:
            missing.append("okapi routers need the build directory")
        else:
            for daemon in okapi_daemons:
                path = os.path.join(build, OKAPI_BINARIES[daemon])
                if not os.access(path, os.X_OK):
                    missing.append("%s not built" % path)
            if "tunneld" in okapi_daemons:
                path = os.path.join(build, OKAPI_TUNNEL)
                if not os.access(path, os.X_OK):
                    missing.append("%s not built (tunneld's verifiers)" %
                                   path)
                if shutil.which("openssl") is None:
                    missing.append("openssl not installed (the lab's "
                                   "certificates for tunneld)")
    if "frr" in kinds:
        for daemon in ("zebra", "ospfd"):
            if not os.access(os.path.join(FRR_DIR, daemon), os.X_OK):
                missing.append("FRRouting not installed (no %s/%s; "
                               "sh scripts/deps.sh)" % (FRR_DIR, daemon))
                break
    if "bird" in kinds and (shutil.which("bird") is None or
                            shutil.which("birdc") is None):
        missing.append("BIRD 2 not installed (no bird/birdc; "
                       "sh scripts/deps.sh)")
    return missing


# --- tests ----------------------------------------------------------------

_counter = itertools.count(1)
_live = []
_atexit_armed = []


def _stop_live():
    while _live:
        lab = _live.pop()
        for problem in lab.stop():
            print("lab %s: %s" % (lab.name, problem), file=sys.stderr)


def _sigterm(signum, frame):
    raise SystemExit(128 + signum)


def sweep_abandoned(state_root=STATE_ROOT, log=log_default):
    """Stop test labs whose test process is gone (killed before teardown)."""
    for name in lab_names(state_root):
        try:
            lab = Lab.load(name, state_root, log)
        except (LabError, TopologyError, KeyError, ValueError):
            continue
        if lab.owner == "test" and lab_ns.proc_start_time(
                lab.owner_pid) != lab.owner_start:
            log("lab %s: its test (pid %d) is gone; stopping it" %
                (name, lab.owner_pid))
            lab.stop()


@contextlib.contextmanager
def lab_up(topo, build=None, prefix="t", okapi_daemons=OKAPI_DAEMONS,
           log=log_default):
    """A running lab of topo (a Topology or topology text) under a unique
    name (<prefix><pid>x<n>), torn down when the block ends, at exit, and on
    SIGTERM; the daemons' log tails are printed when the block fails."""
    if isinstance(topo, str):
        topo = lab_topology.parse(topo, "<test>")
    sweep_abandoned(log=log)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _sigterm)
    lab = Lab(topo, "%s%dx%d" % (prefix, os.getpid(), next(_counter)),
              build, owner="test", okapi_daemons=okapi_daemons, log=log)
    if not _atexit_armed:
        atexit.register(_stop_live)
        _atexit_armed.append(True)
    _live.append(lab)
    try:
        lab.start()
        yield lab
    except BaseException:
        for p in lab.procs:
            log("--- %s's %s (pid %d, %s), last lines:\n%s" % (
                p.node, p.daemon, p.pid,
                "running" if p.alive() else "exited",
                lab.log_tail(p.node, p.daemon)))
        raise
    finally:
        _live.remove(lab)
        for problem in lab.stop():
            log("lab %s: %s" % (lab.name, problem))


EXIT_SKIP = 77


def skip_unless_ready(topo, build, okapi_daemons=OKAPI_DAEMONS):
    """Exit 77 (skipped, for meson) with the reason when the machine cannot
    run topo: not root, a daemon not built, FRR or BIRD not installed."""
    if isinstance(topo, str):
        topo = lab_topology.parse(topo, "<test>")
    missing = missing_requirements(topo, build, okapi_daemons)
    if missing:
        print("SKIP: " + "; ".join(missing), flush=True)
        sys.exit(EXIT_SKIP)


class Abort(Exception):
    """A check the rest of a scenario depends on failed."""


class Checks:
    """A test's verdicts, printed as they come: 'ok: ...' or 'FAIL: ...',
    with the seconds each wait took (informative only)."""

    def __init__(self, log=log_default):
        self.log = log
        self.passed = 0
        self.failed = []

    def ok(self, what):
        self.passed += 1
        self.log("ok: %s" % what)

    def fail(self, what, why):
        self.failed.append(what)
        self.log("FAIL: %s\n  %s" % (what, str(why).replace("\n", "\n  ")))

    def wait(self, what, problems, timeout=WAIT, required=False):
        """Poll problems() (a list; empty when what holds) until it holds or
        timeout. Raise Abort on failure when required."""
        t0 = time.monotonic()
        try:
            wait_for(problems, what, timeout)
        except LabError as e:
            self.fail(what, e)
            if required:
                raise Abort(what) from None
            return False
        self.ok("%s (%.1f s)" % (what, time.monotonic() - t0))
        return True

    def require(self, what, problems, timeout=WAIT):
        return self.wait(what, problems, timeout, required=True)

    def scenario(self, title, body, *args):
        """Run body(*args); an Abort or a lab error ends only this
        scenario."""
        self.log("\n== %s" % title)
        try:
            body(*args)
        except Abort as e:
            self.log("(%s: the rest of this scenario skipped)" % e)
        except (LabError, TopologyError, OSError) as e:
            self.fail(title, e)

    def finish(self):
        self.log("\n%d passed, %d failed" % (self.passed, len(self.failed)))
        for what in self.failed:
            self.log("  failed: %s" % what)
        return 1 if self.failed else 0


def ping_problems(lab, pairs):
    """[] when every (node, other node) pair pings stub to stub."""
    return ["%s cannot ping %s (%s from %s)" % (a, b, lab.stub(b),
                                                lab.stub(a))
            for a, b in pairs
            if not lab.ping(a, lab.stub(b), src=lab.stub(a))]


# --- command line ---------------------------------------------------------

def lab_names(state_root=STATE_ROOT):
    try:
        names = sorted(os.listdir(state_root))
    except FileNotFoundError:
        return []
    return [n for n in names
            if os.path.exists(os.path.join(state_root, n, "state.json"))]


def load_topology(path):
    if path is None:
        return lab_topology.parse(DEFAULT_TOPOLOGY, "default topology")
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        raise LabError("%s: %s" % (path, e.strerror)) from None
    return lab_topology.parse(text, path)


def cmd_start(args, once):
    topo = load_topology(args.file)
    lab = Lab(topo, args.name, args.build, args.state)
    lab.log("lab %s: %s; state in %s" % (lab.name, topo.summary(), lab.dir))
    try:
        lab.start()
        for p in lab.procs:
            lab.log("lab: %s %s pid %d" % (p.node, p.daemon, p.pid))
        took = lab.wait_converged()
        lab.log("lab: OSPF converged in %.1f s: every adjacency Full "
                "(2-Way between DROthers)%s" % (
                    took, ", every route in every kernel"
                    if topo.predictable else
                    " (routes not checked: more than one area or raw OSPF "
                    "lines)"))
        lab.report()
    except BaseException as e:
        if isinstance(e, (LabError, TopologyError)):
            lab.log("lab: %s" % e)
        for p in lab.procs:
            lab.log("--- %s's %s log:\n%s" % (p.node, p.daemon,
                                              lab.log_tail(p.node, p.daemon)))
        if os.path.exists(lab.state_path):
            report_stop(lab)
        return 1
    if once:
        return report_stop(lab)
    lab.how_to_reach()
    lab.log("Status: ./okapi lab status; stop: ./okapi lab stop")
    return 0


def report_stop(lab):
    left = lab.stop()
    for problem in left:
        lab.log("lab %s: %s" % (lab.name, problem))
    lab.log("lab %s: stopped%s" % (lab.name, " (with problems)" if left
                                   else ""))
    return 1 if left else 0


def cmd_stop(args):
    names = args.names or [n for n in lab_names(args.state)
                           if Lab.load(n, args.state).owner == "cli"]
    if not names:
        print("lab: nothing to stop")
        return 0
    rc = 0
    for name in names:
        rc |= report_stop(Lab.load(name, args.state))
    return rc


def cmd_status(args):
    names = lab_names(args.state)
    if not names:
        print("lab: not running (start it with ./okapi lab)")
    for name in names:
        Lab.load(name, args.state).status()
    return 0


USAGE = """\
usage: okapi-lab [-b BUILD] [-n NAME] [-s STATEDIR] COMMAND
  start [FILE]   bring up FILE's topology (default: the built-in one), wait
                 until OSPF has converged, show each router's neighbours and
                 routes, leave it running
  once [FILE]    the same, then stop it
  stop [NAME..]  stop labs (default: every lab started from here)
  status         what runs: namespaces, daemons and their PIDs, neighbours
Topology files: docs/lab.md."""


def parse_args(argv):
    import argparse
    p = argparse.ArgumentParser(prog="okapi-lab", usage=USAGE,
                                add_help=False)
    p.add_argument("-b", "--build", default=None)
    p.add_argument("-n", "--name", default=None)
    p.add_argument("-s", "--state", default=STATE_ROOT)
    p.add_argument("-h", "--help", action="store_true")
    p.add_argument("command", nargs="?", default="start")
    p.add_argument("rest", nargs="*")
    args = p.parse_args(argv)
    if args.help or args.command not in ("start", "once", "stop", "status"):
        print(USAGE, file=sys.stderr)
        sys.exit(0 if args.help else 2)
    if args.command in ("start", "once") and len(args.rest) > 1:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    args.file = args.rest[0] if args.command in ("start", "once") and \
        args.rest else None
    args.names = args.rest if args.command == "stop" else []
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _sigterm)
    try:
        if args.command in ("start", "once"):
            return cmd_start(args, args.command == "once")
        if args.command == "stop":
            return cmd_stop(args)
        return cmd_status(args)
    except (LabError, TopologyError) as e:
        print("lab: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""DOC: BEEP tunnels in the lab: tunneld on every okapi router, and the way in
from the host.

Every okapi router runs tunneld (docs/tunnel.md) on TCP 604, with one `raw`
endpoint per okapi neighbour (named after it, at its address on the
segment they share) and its own VTYs (`ospfd`, `ribd`) as `tls` endpoints.
The lab makes a PKI (scripts/mkcerts.sh: a CA and a certificate per okapi
router) and one operator user with a random password, both in the lab's
state directory. The host reaches the first okapi router (the entry) over
a veth pair of its own, a /30 out of 198.18.0.0/15 (RFC 2544 benchmarking
space) that no router announces; from there the operator names routers
hop by hop, along the shortest chain of okapi routers (BFS over segments)
to the farthest one.

This module only derives names, addresses, paths and file contents, and
runs the two helpers (mkcerts.sh, okapi-tunnel passwd); okapi_lab makes
the links and starts the daemons.
"""
import collections
import hashlib
import ipaddress
import json
import os
import secrets
import shlex

import lab_ns

TUNNEL_PORT = 604
SERVICES = (("ospfd", 2604), ("ribd", 2601))     # endpoint name, VTY port
OPERATOR = "operator"
HOST_NET = ipaddress.IPv4Network("198.18.0.0/15")
HOST_PREFIXLEN = 30
LOCAL_PORT = 12604
MKCERTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "scripts", "mkcerts.sh")


# --- the host link --------------------------------------------------------

def _digest(lab_name):
    return hashlib.sha256(("okapi-lab " + lab_name).encode()).hexdigest()


def host_ifname(lab_name):
    """The root namespace's end of the host link: okh + 10 hex digits of a
    hash of the lab's name (13 characters, under IFNAMSIZ)."""
    return "okh" + _digest(lab_name)[:10]


def router_ifname(topo):
    """The entry router's end: 'host', or host0, host1... if the topology
    already names a segment so."""
    used = set(topo.segments) | set(topo.nodes)
    for name in ["host"] + ["host%d" % i for i in range(100)]:
        if name not in used:
            return name
    raise lab_ns.LabError("no free interface name for the host link")


def host_nets(lab_name, tries=64):
    """/30s of 198.18.0.0/15 to try for the host link, the first derived
    from the lab's name, so that concurrent labs take different ones."""
    count = HOST_NET.num_addresses >> (32 - HOST_PREFIXLEN)
    start = int(_digest(lab_name)[10:26], 16)
    base = int(HOST_NET.network_address)
    for k in range(tries):
        index = (start + k * 7919) % count
        yield ipaddress.IPv4Network((base + (index << (32 - HOST_PREFIXLEN)),
                                     HOST_PREFIXLEN))


def root_ipv4_networks():
    """Every IPv4 network configured in the root namespace."""
    nets = []
    for link in json.loads(lab_ns.run(["ip", "-j", "-4", "addr", "show"])
                           or "[]"):
        for a in link.get("addr_info", []):
            if a.get("family") == "inet":
                nets.append(ipaddress.IPv4Interface(
                    "%s/%s" % (a["local"], a["prefixlen"])).network)
    return nets


def pick_host_net(lab_name):
    """The first candidate /30 that overlaps nothing in the root namespace:
    (host address, router address) as IPv4Interfaces."""
    used = root_ipv4_networks()
    for net in host_nets(lab_name):
        if not any(net.overlaps(u) for u in used):
            host, router = list(net.hosts())[:2]
            return (ipaddress.IPv4Interface("%s/%d" % (host, net.prefixlen)),
                    ipaddress.IPv4Interface("%s/%d" % (router,
                                                       net.prefixlen)))
    raise lab_ns.LabError("no free /30 in %s for the host link" % HOST_NET)


def root_link_exists(ifname):
    return os.path.exists(os.path.join("/sys/class/net", ifname))


# --- who tunnels to whom --------------------------------------------------

def okapi_nodes(topo):
    return [n for n, node in topo.nodes.items() if node.kind == "okapi"]


def entry_router(topo):
    """The okapi router the host link goes to: the first in the file."""
    nodes = okapi_nodes(topo)
    return nodes[0] if nodes else None


def okapi_neighbors(topo, node):
    """{neighbour: its address on the first segment they share}, okapi
    routers only, in the topology's order. A neighbour named like a service
    endpoint is left out (the name would be ambiguous)."""
    services = {name for name, _ in SERVICES}
    nbrs = collections.OrderedDict()
    for seg in topo.segments.values():
        if node not in seg.members:
            continue
        for m in seg.members:
            if m != node and m not in nbrs and m not in services and \
                    topo.nodes[m].kind == "okapi":
                nbrs[m] = seg.addresses[m].ip
    return nbrs


def farthest_path(topo, entry):
    """The routers from entry to the okapi router farthest from it, in hops
    of okapi routers sharing a segment (BFS; ties go to the first found)."""
    parent = {entry: None}
    order = [entry]
    queue = collections.deque([entry])
    depth = {entry: 0}
    while queue:
        node = queue.popleft()
        for nbr in okapi_neighbors(topo, node):
            if nbr not in parent:
                parent[nbr] = node
                depth[nbr] = depth[node] + 1
                order.append(nbr)
                queue.append(nbr)
    far = max(order, key=lambda n: (depth[n], -order.index(n)))
    path = []
    while far is not None:
        path.append(far)
        far = parent[far]
    return path[::-1]


# --- files ------------------------------------------------------------------

def tunneld_conf(topo, node, user_line, pki):
    lines = ["! tunneld.conf for %s, written by the lab (docs/lab.md)" % node,
             "hostname %s" % node,
             "listen 0.0.0.0 %d" % TUNNEL_PORT,
             user_line.strip()]
    for nbr, addr in okapi_neighbors(topo, node).items():
        lines.append("endpoint %s address %s port %d raw" %
                     (nbr, addr, TUNNEL_PORT))
    for name, port in SERVICES:
        lines.append("endpoint %s address 127.0.0.1 port %d tls" %
                     (name, port))
    lines += ["permit user %s endpoint any" % OPERATOR,
              "tls certificate %s key %s ca %s" % (
                  os.path.join(pki, node + ".pem"),
                  os.path.join(pki, node + ".key"),
                  os.path.join(pki, "ca.pem"))]
    return "\n".join(lines + [""])


def make_pki(pki, names):
    """A CA and a certificate per name, in pki (scripts/mkcerts.sh)."""
    lab_ns.run(["sh", MKCERTS, pki] + list(names))


def make_operator(okapi_tunnel, pwfile):
    """A random password in pwfile (0600); the tunneld.conf user line with
    its SCRAM verifier."""
    fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(24) + "\n")
    os.chmod(pwfile, 0o600)
    line = lab_ns.run([okapi_tunnel, "passwd", "-P", pwfile,
                       OPERATOR]).strip()
    if not line.startswith("user %s scram-sha-256 " % OPERATOR):
        raise lab_ns.LabError("okapi-tunnel passwd: unexpected output %r" %
                              line)
    return line


def client_argv(okapi_tunnel, pwfile, ca, entry, address, path,
                service="ospfd", local_port=LOCAL_PORT):
    """okapi-tunnel's command line from the host through path (entry
    first) to service on the last router; stdio mode if local_port is
    None."""
    argv = [okapi_tunnel, "-u", OPERATOR, "-P", pwfile, "-C", ca, "-N", entry]
    if local_port is not None:
        argv += ["-L", str(local_port)]
    # HOST:PORT: okapi-tunnel's usage says the port is optional, but it
    # refuses an address without one.
    return argv + ["%s:%d" % (address, TUNNEL_PORT),
                   "/".join(list(path[1:]) + [service])]


def shell_line(argv):
    return " ".join(shlex.quote(a) for a in argv)

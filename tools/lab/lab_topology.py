"""DOC: lab topology files: parsing, and what OSPF should make of them.

A topology names routers (nodes) of three kinds (okapi, frr, bird), or
bare hosts (kind host: a namespace and its addresses, no daemon, for a
tool such as ospf-inject to run in), the
point-to-point links and broadcast LANs between them, and the OSPF settings
of each interface. The format is described in docs/lab.md; parse() turns a
file's text into a Topology, or raises TopologyError naming the line.

Interfaces belong to OSPF areas (area 0.0.0.0 unless a line says
otherwise); an area may be declared stub or NSSA, and a node may carry raw
lines for its OSPF configuration and extra addresses to redistribute.

From a Topology this module also derives what a converged OSPF domain must
show, without running anything: the DR and BDR of each LAN as priorities and
router IDs dictate (expected_roles), and, for a single-area topology without
raw OSPF lines (Topology.predictable), every router's routes with their
next hops by Dijkstra over the interface costs (expected_routes).
Multi-area tests state their expected routes themselves.
"""
import heapq
import ipaddress
import re

KINDS = ("okapi", "frr", "bird", "host")
NETWORK_TYPES = ("broadcast", "point-to-point")
DEFAULTS = {"hello": 10, "dead": 40, "cost": 10, "priority": 1}
BACKBONE = "0.0.0.0"
AREA_TYPES = ("stub", "nssa")
EXTRA_IFNAME = "ext0"       # the interface holding a node's extras
EXTRA_PEER_IFNAME = "ext0-peer"     # its veth peer, in the same namespace
IFNAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$")
LABNAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,23}$")


class TopologyError(Exception):
    """A topology that cannot be built; the message names file and line."""


class Node:
    def __init__(self, name, kind, router_id, stub, index, area=BACKBONE):
        self.name = name
        self.kind = kind
        self.router_id = router_id      # ipaddress.IPv4Address
        self.stub = stub                # IPv4Interface on lo, or None
        self.index = index
        self.area = area                # the stub's (lo's) area, dotted
        self.extra = []                 # IPv4Interfaces on ext0
        self.ospf_lines = []            # raw lines under "router ospf"
        self.bird_lines = []            # raw lines in BIRD's ospf block
        self.bird_area_lines = {}       # area -> raw lines in its block
        self.bird_export = None         # BIRD's ospf channel export


class Area:
    """A stub or NSSA area, as an "area" line declares it."""

    def __init__(self, area_id, kind, no_summary, default_cost):
        self.id = area_id               # dotted
        self.kind = kind                # "stub" or "nssa"
        self.no_summary = no_summary
        self.default_cost = default_cost    # None: each router's default


class Segment:
    """A link (two nodes, a veth pair) or a LAN (a bridge, N nodes)."""

    def __init__(self, name, kind, prefix, opts):
        self.name = name
        self.kind = kind                # "link" or "lan"
        self.prefix = prefix            # ipaddress.IPv4Network
        self.opts = opts                # hello, dead, cost, priority, network
        self.members = []               # node names, in order
        self.addresses = {}             # node -> IPv4Interface
        self.iface_opts = {}            # node -> per-interface overrides


class Iface:
    """One node's interface on one segment, with its settings resolved."""

    def __init__(self, node, segment, address, settings):
        self.node = node
        self.segment = segment          # also the interface's name in the node
        self.address = address
        self.network = settings["network"]
        self.hello = settings["hello"]
        self.dead = settings["dead"]
        self.cost = settings["cost"]
        self.priority = settings["priority"]
        self.area = settings["area"]

    @property
    def name(self):
        return self.segment


class Topology:
    def __init__(self, text, source):
        self.text = text
        self.source = source
        self.name = None
        self.defaults = dict(DEFAULTS)
        self.nodes = {}
        self.segments = {}
        self.areas = {}                 # dotted id -> Area (stub, NSSA)

    def node(self, name):
        try:
            return self.nodes[name]
        except KeyError:
            raise TopologyError("no node %s" % name) from None

    def segment(self, name):
        try:
            return self.segments[name]
        except KeyError:
            raise TopologyError("no lan or link %s" % name) from None

    def iface(self, node, segment):
        seg = self.segments[segment]
        settings = dict(self.defaults)
        settings["area"] = BACKBONE
        settings["network"] = ("broadcast" if seg.kind == "lan"
                               else "point-to-point")
        settings.update(seg.opts)
        settings.update(seg.iface_opts.get(node, {}))
        return Iface(node, segment, seg.addresses[node], settings)

    def ifaces(self, node):
        return [self.iface(node, s.name) for s in self.segments.values()
                if node in s.members]

    def lans(self):
        return [s for s in self.segments.values() if s.kind == "lan"]

    def links(self):
        return [s for s in self.segments.values() if s.kind == "link"]

    def kinds(self):
        return sorted({n.kind for n in self.nodes.values()})

    def node_areas(self, node):
        """The areas a node has an interface in (its stub's included),
        backbone first, then in numeric order."""
        areas = {i.area for i in self.ifaces(node)}
        if self.nodes[node].stub is not None:
            areas.add(self.nodes[node].area)
        return sorted(areas, key=lambda a: int(ipaddress.IPv4Address(a)))

    def all_areas(self):
        return sorted({a for n in self.nodes for a in self.node_areas(n)},
                      key=lambda a: int(ipaddress.IPv4Address(a)))

    @property
    def predictable(self):
        """Whether expected_routes knows the answer: one area, no stub or
        NSSA, no raw OSPF lines (redistribution and the like)."""
        return len(self.all_areas()) <= 1 and not self.areas and not any(
            n.ospf_lines or n.bird_lines or n.bird_area_lines or
            n.bird_export for n in self.nodes.values())

    def summary(self):
        return "%d routers (%s), %d LAN%s, %d link%s" % (
            len(self.nodes), " ".join(self.nodes),
            len(self.lans()), "" if len(self.lans()) == 1 else "s",
            len(self.links()), "" if len(self.links()) == 1 else "s")


# --- parsing --------------------------------------------------------------

def _int_in(lo, hi):
    def conv(word):
        if not re.fullmatch(r"[0-9]+", word) or not lo <= int(word) <= hi:
            raise TopologyError("%r: want a number %d-%d" % (word, lo, hi))
        return int(word)
    return conv


def _ipv4(word):
    try:
        return ipaddress.IPv4Address(word)
    except ValueError:
        raise TopologyError("%r: want an IPv4 address" % word) from None


def _prefix(word):
    try:
        return ipaddress.IPv4Network(word, strict=True)
    except ValueError:
        raise TopologyError("%r: want a prefix such as 10.0.1.0/24 "
                            "(host bits zero)" % word) from None


def _stub(word):
    if word == "none":
        return None
    try:
        return ipaddress.IPv4Interface(word)
    except ValueError:
        raise TopologyError("%r: want A.B.C.D/M or none" % word) from None


def _area(word):
    """An area ID, dotted (A.B.C.D) or a number, as A.B.C.D."""
    try:
        if re.fullmatch(r"[0-9]+", word):
            return str(ipaddress.IPv4Address(int(word)))
        return str(ipaddress.IPv4Address(word))
    except ValueError:
        raise TopologyError("%r: want an area, A.B.C.D or a number "
                            "0-4294967295" % word) from None


def _network(word):
    if word not in NETWORK_TYPES:
        raise TopologyError("%r: want broadcast or point-to-point" % word)
    return word


def _ifname(word):
    if not IFNAME_RE.match(word):
        raise TopologyError("%r: want an interface name, 1-15 letters, "
                            "digits, '_', '-', '.'" % word)
    return word


OPTION_TYPES = {
    "hello": _int_in(1, 65535),
    "dead": _int_in(1, 65535),
    "cost": _int_in(1, 65535),
    "priority": _int_in(0, 255),
    "network": _network,
    "id": _ipv4,
    "stub": _stub,
    "address": _ipv4,
    "name": _ifname,
    "area": _area,
    "default-cost": _int_in(0, 16777215),
}


def _options(words, allowed):
    """key value pairs, each key one of allowed, each at most once."""
    if len(words) % 2:
        raise TopologyError("%r has no value" % words[-1])
    opts = {}
    for key, value in zip(words[::2], words[1::2]):
        if key not in allowed:
            raise TopologyError("unknown option %r (here: %s)" %
                                (key, ", ".join(allowed)))
        if key in opts:
            raise TopologyError("%s given twice" % key)
        opts[key] = OPTION_TYPES[key](value)
    return opts


def _want(words, n, usage):
    if len(words) < n:
        raise TopologyError("usage: " + usage)


def _do_lab(topo, words):
    _want(words, 1, "lab NAME")
    if len(words) != 1 or not LABNAME_RE.match(words[0]):
        raise TopologyError("lab NAME: 1-24 of a-z 0-9 '-'")
    topo.name = words[0]


def _do_defaults(topo, words):
    topo.defaults.update(_options(words, ("hello", "dead", "cost",
                                          "priority")))


def _do_node(topo, words):
    usage = ("node NAME okapi|frr|bird|host [id A.B.C.D] "
             "[stub A.B.C.D/M|none] [area AREA]")
    _want(words, 2, usage)
    name, kind = _ifname(words[0]), words[1]
    if kind not in KINDS:
        raise TopologyError("%r: kind must be okapi, frr, bird or host" %
                            kind)
    _fresh_name(topo, name)
    opts = _options(words[2:], ("id", "stub", "area"))
    index = len(topo.nodes) + 1
    rid = opts.get("id", ipaddress.IPv4Address("10.255.0.%d" % index))
    stub = opts.get("stub", ipaddress.IPv4Interface("%s/32" % rid))
    topo.nodes[name] = Node(name, kind, rid, stub, index,
                            opts.get("area", BACKBONE))


def _do_lan(topo, words):
    usage = ("lan NAME PREFIX [hello N] [dead N] [cost N] [priority N] "
             "[area AREA]")
    _want(words, 2, usage)
    name = _ifname(words[0])
    _fresh_name(topo, name)
    prefix = _prefix(words[1])
    if prefix.prefixlen > 29:
        raise TopologyError("lan %s: %s leaves no room for a LAN" %
                            (name, prefix))
    opts = _options(words[2:], ("hello", "dead", "cost", "priority",
                                "area"))
    topo.segments[name] = Segment(name, "lan", prefix, opts)


def _do_attach(topo, words):
    usage = "attach LAN NODE [address A.B.C.D] [priority N] [cost N]"
    _want(words, 2, usage)
    seg, node = topo.segment(words[0]), topo.node(words[1])
    if seg.kind != "lan":
        raise TopologyError("%s is a link, not a lan" % seg.name)
    if node.name in seg.members:
        raise TopologyError("%s is already on %s" % (node.name, seg.name))
    opts = _options(words[2:], ("address", "priority", "cost"))
    if "address" in opts:
        addr = opts.pop("address")
    else:
        addr = seg.prefix.network_address + len(seg.members) + 1
    seg.members.append(node.name)
    seg.addresses[node.name] = _iface_address(seg, addr)
    seg.iface_opts[node.name] = opts


def _do_link(topo, words):
    usage = ("link NODE NODE PREFIX [name IFNAME] [hello N] [dead N] "
             "[cost N] [priority N] [network broadcast|point-to-point] "
             "[area AREA]")
    _want(words, 3, usage)
    a, b = topo.node(words[0]), topo.node(words[1])
    if a is b:
        raise TopologyError("a link needs two different nodes")
    prefix = _prefix(words[2])
    if prefix.prefixlen > 31:
        raise TopologyError("%s: a link needs a /31 or wider" % prefix)
    opts = _options(words[3:], ("name", "hello", "dead", "cost", "priority",
                                "network", "area"))
    name = opts.pop("name", None) or "%s-%s" % (a.name, b.name)
    if not IFNAME_RE.match(name):
        raise TopologyError("link name %r is over 15 characters: give one "
                            "with 'name IFNAME'" % name)
    _fresh_name(topo, name)
    seg = Segment(name, "link", prefix, opts)
    first = prefix.network_address + (0 if prefix.prefixlen == 31 else 1)
    for i, node in enumerate((a, b)):
        seg.members.append(node.name)
        seg.addresses[node.name] = _iface_address(seg, first + i)
        seg.iface_opts[node.name] = {}
    topo.segments[name] = seg


def _do_interface(topo, words):
    usage = "interface NODE SEGMENT [priority N] [cost N] [hello N] [dead N]"
    _want(words, 2, usage)
    node, seg = topo.node(words[0]), topo.segment(words[1])
    if node.name not in seg.members:
        raise TopologyError("%s is not on %s" % (node.name, seg.name))
    seg.iface_opts[node.name].update(
        _options(words[2:], ("priority", "cost", "hello", "dead")))


def _do_area(topo, words):
    usage = ("area AREA stub|nssa [no-summary] [default-cost N]")
    _want(words, 2, usage)
    area = _area(words[0])
    if area == BACKBONE:
        raise TopologyError("the backbone (area 0) cannot be stub or NSSA")
    if words[1] not in AREA_TYPES:
        raise TopologyError("%r: want stub or nssa" % words[1])
    if area in topo.areas:
        raise TopologyError("area %s declared twice" % area)
    rest = words[2:]
    no_summary = bool(rest) and rest[0] == "no-summary"
    if no_summary:
        rest = rest[1:]
    opts = _options(rest, ("default-cost",))
    topo.areas[area] = Area(area, words[1], no_summary,
                            opts.get("default-cost"))


def _do_ospf(topo, words):
    _want(words, 2, "ospf NODE LINE...")
    node = topo.node(words[0])
    if node.kind not in ("okapi", "frr"):
        raise TopologyError("%s is a %s router: ospf lines are for okapi "
                            "and frr (bird NODE ... for BIRD)" %
                            (node.name, node.kind))
    node.ospf_lines.append(" ".join(words[1:]))


def _do_bird(topo, words):
    _want(words, 2, "bird NODE LINE... | bird NODE export FILTER | "
          "bird NODE area AREA LINE...")
    node = topo.node(words[0])
    if node.kind != "bird":
        raise TopologyError("%s is a %s router, not bird" %
                            (node.name, node.kind))
    if words[1] == "export":
        _want(words, 3, "bird NODE export FILTER")
        if node.bird_export is not None:
            raise TopologyError("%s's export given twice" % node.name)
        node.bird_export = " ".join(words[2:])
    elif words[1] == "area":
        _want(words, 4, "bird NODE area AREA LINE...")
        node.bird_area_lines.setdefault(_area(words[2]), []).append(
            " ".join(words[3:]))
    else:
        node.bird_lines.append(" ".join(words[1:]))


def _do_extra(topo, words):
    _want(words, 2, "extra NODE A.B.C.D/M")
    node = topo.node(words[0])
    if len(words) != 2:
        raise TopologyError("usage: extra NODE A.B.C.D/M")
    try:
        addr = ipaddress.IPv4Interface(words[1])
    except ValueError:
        raise TopologyError("%r: want A.B.C.D/M" % words[1]) from None
    if addr in node.extra:
        raise TopologyError("%s is already on %s's %s" %
                            (addr, node.name, EXTRA_IFNAME))
    node.extra.append(addr)


DIRECTIVES = {
    "lab": _do_lab,
    "defaults": _do_defaults,
    "node": _do_node,
    "lan": _do_lan,
    "attach": _do_attach,
    "link": _do_link,
    "interface": _do_interface,
    "area": _do_area,
    "ospf": _do_ospf,
    "bird": _do_bird,
    "extra": _do_extra,
}


def _fresh_name(topo, name):
    if name in ("lo", "br0", EXTRA_IFNAME, EXTRA_PEER_IFNAME):
        raise TopologyError("%s is reserved (the loopback, the LAN bridge, "
                            "the extras' interface and its peer)" % name)
    if name in topo.nodes or name in topo.segments:
        raise TopologyError("name %s is already used" % name)


def _iface_address(seg, addr):
    net = seg.prefix
    if addr not in net:
        raise TopologyError("%s is not in %s" % (addr, net))
    if net.prefixlen < 31 and addr in (net.network_address,
                                       net.broadcast_address):
        raise TopologyError("%s is %s's network or broadcast address" %
                            (addr, net))
    for other, have in seg.addresses.items():
        if have.ip == addr:
            raise TopologyError("%s is already %s's on %s" %
                                (addr, other, seg.name))
    return ipaddress.IPv4Interface("%s/%d" % (addr, net.prefixlen))


def parse(text, source="<topology>"):
    """A Topology from the text of a topology file."""
    topo = Topology(text, source)
    for lineno, raw in enumerate(text.splitlines(), 1):
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        try:
            if words[0] not in DIRECTIVES:
                raise TopologyError("unknown directive %r (want one of %s)" %
                                    (words[0], ", ".join(DIRECTIVES)))
            DIRECTIVES[words[0]](topo, words[1:])
        except TopologyError as e:
            raise TopologyError("%s:%d: %s" % (source, lineno, e)) from None
    try:
        _check(topo)
    except TopologyError as e:
        raise TopologyError("%s: %s" % (source, e)) from None
    return topo


def _check(topo):
    if not topo.nodes:
        raise TopologyError("no nodes")
    seen = {}
    for node in topo.nodes.values():
        if node.router_id in seen:
            raise TopologyError("%s and %s share router-id %s" %
                                (seen[node.router_id], node.name,
                                 node.router_id))
        seen[node.router_id] = node.name
    for seg in topo.lans():
        if len(seg.members) < 2:
            raise TopologyError("lan %s has %d node(s); attach at least two"
                                % (seg.name, len(seg.members)))
    used = topo.all_areas()
    for area in topo.areas:
        if area not in used:
            raise TopologyError("area %s is declared %s, but no interface "
                                "is in it" % (area, topo.areas[area].kind))
    for node in topo.nodes.values():
        for area, lines in node.bird_area_lines.items():
            if area not in topo.node_areas(node.name):
                raise TopologyError("bird %s area %s: %s has no interface "
                                    "in that area" % (node.name, area,
                                                      node.name))
        for iface in topo.ifaces(node.name):
            if iface.dead <= iface.hello:
                raise TopologyError("%s on %s: dead interval %d is not above "
                                    "hello %d" % (node.name, iface.name,
                                                  iface.dead, iface.hello))


# --- what converged OSPF looks like ---------------------------------------

def expected_roles(topo, lan, down=()):
    """(DR, BDR) node names a fresh election gives on a LAN (RFC 2328 9.4:
    highest priority, then highest router ID; priority 0 never), or None.
    Interfaces in down, as (node, segment) pairs, take no part."""
    seg = topo.segments[lan]
    ranked = sorted(
        (m for m in seg.members
         if (m, lan) not in down and topo.iface(m, lan).priority > 0),
        key=lambda m: (topo.iface(m, lan).priority,
                       int(topo.nodes[m].router_id)),
        reverse=True)
    return (ranked[0] if ranked else None,
            ranked[1] if len(ranked) > 1 else None)


def _edges(topo, down):
    """node -> [(neighbour, cost, neighbour's address, segment)]."""
    edges = {n: [] for n in topo.nodes}
    for seg in topo.segments.values():
        up = [m for m in seg.members if (m, seg.name) not in down]
        for a in up:
            cost = topo.iface(a, seg.name).cost
            for b in up:
                if b != a:
                    edges[a].append((b, cost, seg.addresses[b].ip, seg.name))
    return edges


def _shortest(topo, source, down):
    """Dijkstra from source: node -> (distance, {(next hop, ifname)})."""
    edges = _edges(topo, down)
    best = {source: (0, set())}
    queue = [(0, source)]
    done = set()
    while queue:
        dist, node = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        for nbr, cost, addr, seg in edges[node]:
            hops = ({(str(addr), seg)} if node == source
                    else best[node][1])
            d = dist + cost
            if nbr not in best or d < best[nbr][0]:
                best[nbr] = (d, set(hops))
                heapq.heappush(queue, (d, nbr))
            elif d == best[nbr][0]:
                best[nbr][1].update(hops)
    return best


def expected_routes(topo, node, down=()):
    """Every prefix node should learn through OSPF: prefix (str) ->
    (metric, {(next hop, ifname)}). Stubs are advertised at cost 0 and
    reached through their router; a segment's prefix at the cost of the
    interface of whichever member is nearest. Prefixes node is attached to
    are connected, not OSPF routes. down: (node, segment) pairs cut.
    Single-area topologies only (Topology.predictable)."""
    if not topo.predictable:
        raise TopologyError("%s: more than one area, stub or NSSA areas, or "
                            "raw OSPF lines: the expected routes are the "
                            "test's to state" % topo.source)
    best = _shortest(topo, node, down)
    routes = {}

    def offer(prefix, metric, hops):
        if prefix in routes and routes[prefix][0] < metric:
            return
        if prefix in routes and routes[prefix][0] == metric:
            routes[prefix][1].update(hops)
        else:
            routes[prefix] = (metric, set(hops))

    attached = {str(s.prefix) for s in topo.segments.values()
                if node in s.members and (node, s.name) not in down}
    for other, (dist, hops) in best.items():
        if other == node:
            continue
        stub = topo.nodes[other].stub
        if stub is not None:
            offer(str(stub.network), dist, hops)
        for seg in topo.segments.values():
            if other in seg.members and (other, seg.name) not in down:
                prefix = str(seg.prefix)
                if prefix not in attached:
                    offer(prefix, dist + topo.iface(other, seg.name).cost,
                          hops)
    own = topo.nodes[node].stub
    if own is not None:
        routes.pop(str(own.network), None)
    return routes

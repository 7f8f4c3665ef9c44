"""DOC: what differs between router kinds: the configuration files the lab
writes for okapi, FRRouting and BIRD routers, and parsers that turn their
show output into common records (Neighbor, LSDB sets, kernel routes).

okapi's ospfd reads FRRouting's ospfd.conf and prints FRRouting's show
layouts, so one writer and one parser serve both; BIRD has its own.
"""
import collections
import re

import lab_topology

Neighbor = collections.namedtuple(
    "Neighbor", "router_id state role address ifname")


# --- configuration files --------------------------------------------------

def ospfd_conf(topo, node, frr=False):
    """ospfd.conf in FRRouting's syntax (okapi's ospfd reads the same)."""
    n = topo.nodes[node]
    lines = ["hostname %s" % node]
    if frr:
        lines.append("log stdout debugging")
    for iface in topo.ifaces(node):
        lines += ["!", "interface %s" % iface.name]
        if iface.network == "point-to-point":
            lines.append(" ip ospf network point-to-point")
        lines += [" ip ospf hello-interval %d" % iface.hello,
                  " ip ospf dead-interval %d" % iface.dead,
                  " ip ospf cost %d" % iface.cost]
        if iface.network == "broadcast":
            lines.append(" ip ospf priority %d" % iface.priority)
    lines += ["!", "router ospf",
              " ospf router-id %s" % n.router_id,
              " log-adjacency-changes",
              " timers throttle spf 0 50 5000"]
    if n.stub is not None:
        lines.append(" passive-interface lo")
    for iface in topo.ifaces(node):
        lines.append(" network %s area %s" % (iface.address.network,
                                              iface.area))
    if n.stub is not None:
        lines.append(" network %s area %s" % (n.stub.network, n.area))
    for area_id in topo.node_areas(node):
        area = topo.areas.get(area_id)
        if area is None:
            continue
        lines.append(" area %s %s%s" % (area_id, area.kind,
                                        " no-summary" if area.no_summary
                                        else ""))
        if area.default_cost is not None:
            lines.append(" area %s default-cost %d" % (area_id,
                                                       area.default_cost))
    lines += [" " + line for line in n.ospf_lines]
    if frr:
        lines += ["!", "line vty", " no login"]
    return "\n".join(lines + ["!", ""])


def ribd_conf(topo, node):
    return "hostname %s\nip forwarding\n" % node


def zebra_conf(topo, node):
    """zebra.conf. FRR 8.4 loses a member of a kernel nexthop group when a
    link flaps (FRRouting PR 14080, fixed in 9.0): plain routes instead."""
    return ("hostname %s\nlog stdout debugging\nip forwarding\n"
            "no zebra nexthop kernel enable\n!\nline vty\n no login\n"
            % node)


def bird_area_options(topo, area_id):
    """BIRD's options for a stub or NSSA area: BIRD's summary defaults to
    no (totally stubby) and its default cost to 1000, FRRouting's and
    okapi's to summaries and 1, so both are always written."""
    area = topo.areas.get(area_id)
    if area is None:
        return []
    cost = 1 if area.default_cost is None else area.default_cost
    return ["%s;" % area.kind,
            "summary %s;" % ("no" if area.no_summary else "yes"),
            "default cost %d;" % cost]


def bird_conf(topo, node):
    """BIRD 2: OSPFv2 into the kernel table, device routes left out; one
    area block per area the node is in. Extras (on ext0) are a direct
    protocol of their own, which "bird NODE export ..." may export."""
    n = topo.nodes[node]
    lines = ["log stderr all;",
             "router id %s;" % n.router_id,
             "protocol device { scan time 10; }",
             "protocol kernel {",
             "  metric 20;",
             "  ipv4 { import none; export filter { if gw = :: then reject;"
             " accept; }; };",
             "}"]
    if n.extra:
        lines.append('protocol direct %s { ipv4; interface "%s"; }' %
                     (lab_topology.EXTRA_IFNAME, lab_topology.EXTRA_IFNAME))
    lines += ["protocol ospf v2 ospf1 {",
              "  ipv4 { import all; export %s; };" %
              (n.bird_export or "none")]
    lines += ["  " + line for line in n.bird_lines]
    for area in topo.node_areas(node):
        lines.append("  area %s {" % area)
        lines += ["    " + o for o in bird_area_options(topo, area)]
        for iface in topo.ifaces(node):
            if iface.area != area:
                continue
            kind = "ptp" if iface.network == "point-to-point" \
                else "broadcast"
            opts = "type %s; hello %d; dead %d; cost %d;" % (
                kind, iface.hello, iface.dead, iface.cost)
            if iface.network == "broadcast":
                opts += " priority %d;" % iface.priority
            lines.append('    interface "%s" { %s };' % (iface.name, opts))
        if n.stub is not None and n.area == area:
            lines.append('    interface "lo" { stub yes; };')
        lines += ["    " + line for line in n.bird_area_lines.get(area, [])]
        lines.append("  };")
    lines += ["};", ""]
    return "\n".join(lines)


# --- output parsers -------------------------------------------------------

IPV4_RE = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
ROLES = {"DR": "DR", "BDR": "BDR", "Backup": "BDR", "DROther": "DROther",
         "Other": "DROther"}
STATES = {"full": "Full", "2-way": "2-Way", "init": "Init", "down": "Down",
          "exstart": "ExStart", "exchange": "Exchange",
          "loading": "Loading", "attempt": "Attempt"}


def _state_role(word):
    state, _, role = word.partition("/")
    return STATES.get(state.lower(), state), ROLES.get(role, "")


def parse_frr_neighbors(text):
    """FRRouting's 'show ip ospf neighbor' (okapi's ospfd prints the same):
    ID, priority, State/Role, ..., address, interface[:address]."""
    out = []
    for line in text.splitlines():
        w = line.split()
        if len(w) < 5 or not IPV4_RE.match(w[0]) or not w[1].isdigit():
            continue
        state, role = _state_role(w[2])
        rest = w[3:]
        addr = next((i for i, x in enumerate(rest) if IPV4_RE.match(x)), None)
        if addr is None or addr + 1 >= len(rest):
            continue
        out.append(Neighbor(w[0], state, role, rest[addr],
                            rest[addr + 1].split(":")[0]))
    return out


def parse_bird_neighbors(text):
    """BIRD's 'show ospf neighbors': ID, priority, State/Role, dead time,
    interface, address."""
    out = []
    for line in text.splitlines():
        w = line.split()
        if len(w) != 6 or not IPV4_RE.match(w[0]) or not w[1].isdigit():
            continue
        state, role = _state_role(w[2])
        out.append(Neighbor(w[0], state, role, w[5], w[4]))
    return out


LSA_SECTIONS = {"Router Link States": 1, "Net Link States": 2,
                "Summary Link States": 3, "ASBR-Summary Link States": 4,
                "AS External Link States": 5,
                "NSSA-external Link States": 7}
FRR_LSA_RE = re.compile(r"^(\d+\.\d+\.\d+\.\d+)\s+(\d+\.\d+\.\d+\.\d+)\s+"
                        r"(\d+)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)")
MAX_AGE = 3600      # flushed: kept for as long as each implementation likes
BIRD_LSA_RE = re.compile(r"^\s*([0-9a-fA-F]{4})\s+(\d+\.\d+\.\d+\.\d+)\s+"
                         r"(\d+\.\d+\.\d+\.\d+)\s+([0-9a-fA-F]+)\s+(\d+)\s+"
                         r"([0-9a-fA-F]+)\s*$")


def parse_frr_lsdb(text):
    lsas, kind = set(), None
    for line in text.splitlines():
        # "Router Link States (Area 0.0.0.0)", "AS External Link States"
        header = re.match(r"^\s*(.+?Link States)(?: \(|\s*$)", line)
        if header and header.group(1) in LSA_SECTIONS:
            kind = LSA_SECTIONS[header.group(1)]
            continue
        m = FRR_LSA_RE.match(line)
        if m and kind is not None and int(m.group(3)) < MAX_AGE:
            lsas.add((kind, m.group(1), m.group(2), int(m.group(4), 16),
                      int(m.group(5), 16)))
    return frozenset(lsas)


def parse_bird_lsdb(text):
    lsas = set()
    for line in text.splitlines():
        m = BIRD_LSA_RE.match(line)
        if m and int(m.group(5)) < MAX_AGE:
            lsas.add((int(m.group(1), 16) & 0xff, m.group(2), m.group(3),
                      int(m.group(4), 16), int(m.group(6), 16)))
    return frozenset(lsas)


FRR_AREA_RE = re.compile(r"\(Area (\d+\.\d+\.\d+\.\d+)")


def parse_frr_lsas(text):
    """(area, type, LS ID, advertising router), area None for the AS
    External section; from FRRouting's (and okapi's) show ip ospf
    database."""
    lsas, kind, area = set(), None, None
    for line in text.splitlines():
        header = re.match(r"^\s*(.+?Link States)(?: \(|\s*$)", line)
        if header and header.group(1) in LSA_SECTIONS:
            kind = LSA_SECTIONS[header.group(1)]
            m = FRR_AREA_RE.search(line)
            area = m.group(1) if m else None
            continue
        m = FRR_LSA_RE.match(line)
        if m and kind is not None and int(m.group(3)) < MAX_AGE:
            lsas.add((area, kind, m.group(1), m.group(2)))
    return frozenset(lsas)


def parse_bird_lsas(text):
    """The same from BIRD's show ospf lsadb: "Area A.B.C.D" and "Global"
    headings, LSA types as hex (0x2007 for NSSA)."""
    lsas, area = set(), None
    for line in text.splitlines():
        m = re.match(r"^\s*(?:Area (\d+\.\d+\.\d+\.\d+)|(Global))\s*$",
                     line)
        if m:
            area = m.group(1)
            continue
        m = BIRD_LSA_RE.match(line)
        if m and int(m.group(5)) < MAX_AGE:
            kind = int(m.group(1), 16) & 0xff
            lsas.add((None if kind == 5 else area, kind, m.group(2),
                      m.group(3)))
    return frozenset(lsas)


FRR_ROUTE_RE = re.compile(r"^(N(?: IA| E1| E2)?)\s+(\d+\.\d+\.\d+\.\d+/\d+)"
                          r"\s+\[([0-9/]+)\]")
FRR_VIA_RE = re.compile(r"^\s+(?:via (\d+\.\d+\.\d+\.\d+)|"
                        r"(directly attached))")


def parse_frr_ospf_routes(text):
    """FRRouting's (and okapi's) show ip ospf route: prefix -> (type,
    {next hop}, cost), the type N, N IA, N E1 or N E2, the cost as shown
    ("20"; "10/20" for E2: the distance to the ASBR, the type 2 metric)."""
    routes, current = {}, None
    for line in text.splitlines():
        m = FRR_ROUTE_RE.match(line)
        if m:
            current = m.group(2)
            routes[current] = (m.group(1), set(), m.group(3))
            continue
        if line and not line[0].isspace():
            current = None
            continue
        m = FRR_VIA_RE.match(line)
        if m and current is not None:
            routes[current][1].add(m.group(1) or "")
    return routes


BIRD_ROUTE_RE = re.compile(r"^(\d+\.\d+\.\d+\.\d+/\d+)\s+unicast\s+"
                           r"\[[^\]]*\]\s+\*?\s*(I|IA|E1|E2)\s+"
                           r"\(\d+/([0-9/]+)\)")
BIRD_VIA_RE = re.compile(r"^\s+(?:via (\d+\.\d+\.\d+\.\d+)|dev )")
BIRD_TYPES = {"I": "N", "IA": "N IA", "E1": "N E1", "E2": "N E2"}


def parse_bird_ospf_routes(text):
    """BIRD's show route protocol ospf1, in parse_frr_ospf_routes' terms
    (the cost: BIRD's metrics after the preference)."""
    routes, current = {}, None
    for line in text.splitlines():
        m = BIRD_ROUTE_RE.match(line)
        if m:
            current = m.group(1)
            routes[current] = (BIRD_TYPES[m.group(2)], set(), m.group(3))
            continue
        m = BIRD_VIA_RE.match(line)
        if m and current is not None:
            routes[current][1].add(m.group(1) or "")
        elif line and not line[0].isspace():
            current = None
    return routes


def route_prefix(route):
    dst = route.get("dst", "")
    if dst == "default":
        return "0.0.0.0/0"
    return dst if "/" in dst else dst + "/32"


def route_nexthops(route):
    """{(gateway, dev)} of an 'ip -j route' entry, ECMP or not."""
    hops = route.get("nexthops") or [route]
    return {(h.get("gateway", ""), h.get("dev", "")) for h in hops}


def fmt_hops(hops):
    return ", ".join("%s %s" % h for h in sorted(hops)) or "nothing"


def fmt_lsas(lsas, most=4):
    items = sorted(lsas)
    text = ", ".join("type %d %s adv %s seq %#x" % (t, i, a, s)
                     for t, i, a, s, _ in items[:most])
    more = len(items) - most
    return (text + (" and %d more" % more if more > 0 else "")) or "nothing"

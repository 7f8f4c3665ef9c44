#!/usr/bin/env python3
"""Send malformed OSPF packets out of one interface (run inside a test
namespace): truncated, wrong version, wrong area, wrong checksum, a length
field larger than the packet, a Hello with the wrong mask and interval,
and a large packet of garbage. The router on the other side must count
and drop each one and keep its adjacencies.

usage: badpkt.py IFNAME ROUTER_ID   (prints how many packets it sent)
"""
import socket
import struct
import sys

ALL_SPF = "224.0.0.5"


def cksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ospf(ptype, body, rid, area=0, version=2, length=None, good_sum=True):
    length = 24 + len(body) if length is None else length
    hdr = struct.pack("!BBHIIHH8s", version, ptype, length, rid, area, 0, 0,
                      b"\0" * 8)
    pkt = bytearray(hdr + body)
    if good_sum:
        # The checksum covers the packet without the authentication field.
        c = cksum(bytes(pkt[:16]) + bytes(pkt[24:]))
        struct.pack_into("!H", pkt, 12, c)
    else:
        struct.pack_into("!H", pkt, 12, 0x1234)
    return bytes(pkt)


def hello(mask, hello_int=1, dead=4):
    return struct.pack("!IHBBIII", mask, hello_int, 0x02, 1, dead, 0, 0)


def packets(rid):
    good = hello(0xFFFFFF00)
    return [
        ("truncated", ospf(1, good, rid)[:10]),
        ("bad version", ospf(1, good, rid, version=3)),
        ("wrong area", ospf(1, good, rid, area=9)),
        ("bad checksum", ospf(1, good, rid, good_sum=False)),
        ("length too large", ospf(1, good, rid, length=2000)),
        ("bad mask", ospf(1, hello(0xFFFF0000), rid)),
        ("bad intervals", ospf(1, hello(0xFFFFFF00, 10, 40), rid)),
        ("unknown type", ospf(9, good, rid)),
        ("garbage", ospf(4, b"\xff" * 4000, rid)),
    ]


def main():
    ifname, rid = sys.argv[1], sys.argv[2]
    rid = struct.unpack("!I", socket.inet_aton(rid))[0]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 89)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    n = 0
    for _, p in packets(rid):
        s.sendto(p, (ALL_SPF, 0))
        n += 1
    print(n)


if __name__ == "__main__":
    main()

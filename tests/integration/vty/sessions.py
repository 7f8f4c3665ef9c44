#!/usr/bin/env python3
"""VTY load checks against a running okapi-demo (hostname lab1, no password):

  sessions.py PORT PID

1. 100 concurrent sessions, each runs "show version" and must see its output.
2. One session reads ~50 MB ("show demo lines 500000") while another keeps
   running "show version"; prints the daemon's memory growth (VmRSS, asserted
   under 8 MB) and the other session's worst round trip (printed only: the
   project never fails a test on wall time).
"""
import socket
import sys
import threading
import time

PROMPT_VIEW = b"lab1> "
PROMPT_ENABLE = b"lab1# "


def read_until(s, token, limit=1 << 20):
    data = b""
    while token not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise EOFError("closed before %r (got %r)" % (token, data[-200:]))
        data += chunk
        if len(data) > limit:
            data = data[-4096:]
    return data


def session(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    read_until(s, PROMPT_VIEW)
    return s


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    port, pid = int(sys.argv[1]), int(sys.argv[2])
    failures = []

    # 1. 100 concurrent sessions.
    socks = [session(port) for _ in range(100)]
    results = [None] * len(socks)

    def run(i):
        try:
            socks[i].sendall(b"show version\r\n")
            out = read_until(socks[i], PROMPT_VIEW)
            results[i] = b"okapi" in out
        except Exception as e:  # noqa: BLE001 - reported below
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(socks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    good = sum(1 for r in results if r is True)
    print("100 concurrent sessions: %d answered" % good)
    if good != 100:
        failures.append("concurrent sessions: %d of 100" % good)
    for s in socks:
        s.close()

    # 2. A 50 MB show, with a second session probing the loop.
    before = rss_kb(pid)
    big = session(port)
    big.sendall(b"terminal length 0\r\nshow demo lines 500000\r\n")
    probe = session(port)
    stop = threading.Event()
    worst = [0.0]
    peak = [before]

    def probing():
        while not stop.is_set():
            t0 = time.monotonic()
            probe.sendall(b"show version\r\n")
            read_until(probe, PROMPT_VIEW)
            worst[0] = max(worst[0], time.monotonic() - t0)
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.005)

    pt = threading.Thread(target=probing)
    pt.start()
    total = 0
    t0 = time.monotonic()
    tail = b""
    while True:
        chunk = big.recv(1 << 20)
        if not chunk:
            break
        total += len(chunk)
        tail = (tail + chunk)[-64:]
        if tail.endswith(PROMPT_VIEW) and total > 1000:
            break
    elapsed = time.monotonic() - t0
    stop.set()
    pt.join()
    peak[0] = max(peak[0], rss_kb(pid))
    growth = peak[0] - before
    print("50 MB output: %.1f MB in %.2f s, daemon RSS %d kB -> peak %d kB "
          "(+%d kB), worst concurrent round trip %.1f ms"
          % (total / 1e6, elapsed, before, peak[0], growth, worst[0] * 1000))
    if total < 45_000_000:
        failures.append("big output only %d bytes" % total)
    if growth > 8 * 1024:
        failures.append("memory grew by %d kB" % growth)
    big.close()
    probe.close()

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""bench_tunnel: tunneld and okapi-tunnel end to end on 127.0.0.1.

    python3 bench/tunnel/bench_tunnel.py BUILD_DIR [-n MB] [-r RUNS]
                                         [-s SETUPS] [-t TUNNELS]

Starts its own tunnelds, okapi-tunnels and blast services (bench/tunnel/
blast.c) on free 127.0.0.1 ports, by PID, and kills them by PID at the
end whatever happens; its temporary directory goes too. Prints three
Markdown tables, each with a baseline from the same run:

1. bulk throughput, client -> sink, -n MB (default 300) per run, median
   of -r runs (default 3), rows interleaved: direct TCP; 1 and 3 hops
   through okapi-tunnel --plain -L and tunnelds chained by raw endpoints;
   the same with TLS end to end (last endpoint of kind tls); and 1 and 3
   hops with no okapi-tunnel in the path (the tunnel built by a minimal
   BEEP client in this script, the socket then handed to blast). Also
   the CPU time the relaying processes spent per GB.
2. tunnel set-up: connect to okapi-tunnel -L until the first octet of
   the service's banner, median of -s tries (default 50), per hop (the
   client also sends a one-octet request at once: if okapi-tunnel loses
   the banner, its answer stands in, one round trip later, and the try
   is counted under "banner lost"); CPU per tunnel in okapi-tunnel and
   the tunnelds; PBKDF2-SHA256 at 4096 iterations (the SCRAM default
   and minimum) measured on its own; a phase breakdown of one hop from
   the script's own BEEP client.
3. memory per idle tunnel: -t (default 1000) tunnels held open through
   one fresh tunneld (raw endpoint, then tls endpoint, each with a fresh
   tunneld and okapi-tunnel): VmRSS and open files of tunneld and
   okapi-tunnel before and after, per tunnel.

No data of a measured transfer goes through Python: blast sends, sinks
and serves the banner. Nothing passes or fails on time.
"""

import argparse
import base64
import hashlib
import hmac
import html
import os
import re
import resource
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SCRAM_URI = "http://iana.org/beep/SASL/SCRAM-SHA-256"
TUNNEL_URI = "http://iana.org/beep/TUNNEL"
XML_HDR = b"Content-Type: application/beep+xml\r\n\r\n"
USER, PASSWORD = "alice", "bench-tunnel-pw"


class Stop(Exception):
    pass


def on_signal(signum, frame):
    raise Stop("signal %d" % signum)


# ---- processes ------------------------------------------------------------

def _die_with_us():
    """In the child: SIGTERM when this script goes, even by SIGKILL."""
    try:
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
    except (OSError, AttributeError):
        pass


class Procs:
    """Children started here, stopped by PID (TERM, then KILL); they also
    get SIGTERM if this script dies without cleaning up."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.procs = []

    def start(self, name, argv, stdout=None, **kw):
        log = open(os.path.join(self.logdir, name + ".log"), "wb")
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                             stdout=stdout if stdout is not None else log,
                             stderr=log, preexec_fn=_die_with_us, **kw)
        log.close()
        p.name = name
        self.procs.append(p)
        return p

    def stop(self, p):
        if p.poll() is None:
            try:
                os.kill(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(3)
            except subprocess.TimeoutExpired:
                try:
                    os.kill(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        if p in self.procs:
            self.procs.remove(p)

    def stop_all(self):
        for p in reversed(list(self.procs)):
            self.stop(p)


def log_tail(logdir, name, n=15):
    try:
        with open(os.path.join(logdir, name + ".log"), "rb") as f:
            lines = f.read().decode(errors="replace").splitlines()
        return "\n".join("    " + x for x in lines[-n:])
    except OSError:
        return ""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listening(port):
    """A LISTEN socket on 127.0.0.1:port, from /proc (no connection)."""
    want = "0100007F:%04X" % port
    with open("/proc/net/tcp") as f:
        for line in f:
            fl = line.split()
            if len(fl) > 3 and fl[1] == want and fl[3] == "0A":
                return True
    return False


def wait_for(pred, limit, what, proc=None):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("%s exited with %s" % (what, proc.returncode))
        r = pred()
        if r:
            return r
        time.sleep(0.02)
    raise RuntimeError("timed out waiting for %s" % what)


def vmrss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def nfds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def cpu_ns(pid):
    """Time on CPU of all threads of pid so far, ns (schedstat)."""
    total = 0
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def sync_sock(s):
    """blast's synchronisation: a one-octet request and its answer, the
    banner before it if it was not lost. True if the banner was lost."""
    s.sendall(b"\0" * 7 + b"\1x")
    got = b""
    while len(got) < 8 or (got[:1] == b"B" and len(got) < 9):
        d = s.recv(16)
        if not d:
            raise RuntimeError("the service closed")
        got += d
    return got[:1] != b"B"


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# ---- a minimal BEEP initiator (RFC 3080/3081, SCRAM, RFC 3620) ------------

class BeepError(Exception):
    pass


class Beep:
    """Just enough BEEP to build a tunnel through tunnelds: greeting,
    SASL SCRAM-SHA-256 on channel 1 (closed after), TUNNEL on channel 3
    with the element piggybacked, tuning reset on ok."""

    def __init__(self, port, timeout=15.0):
        self.s = socket.create_connection(("127.0.0.1", port),
                                          timeout=timeout)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.pbkdf2 = 0.0
        self.reset()

    def reset(self):
        self.out_seq, self.in_seq, self.msgno = {}, {}, {}

    def close(self):
        self.s.close()

    def send_frame(self, kw, ch, msgno, payload):
        seq = self.out_seq.get(ch, 0)
        hdr = "%s %d %d . %d %d\r\n" % (kw, ch, msgno, seq, len(payload))
        self.s.sendall(hdr.encode() + payload + b"END\r\n")
        self.out_seq[ch] = (seq + len(payload)) % 2**32

    def _fill(self):
        d = self.s.recv(65536)
        if not d:
            raise BeepError("connection closed by the peer")
        self.buf += d

    def recv_frame(self):
        while True:
            while b"\r\n" not in self.buf:
                if len(self.buf) > 128:
                    raise BeepError("bad header %r" % self.buf[:60])
                self._fill()
            line, self.buf = self.buf.split(b"\r\n", 1)
            f = line.decode("ascii", "replace").split(" ")
            if f[0] == "SEQ":
                continue
            if f[0] not in ("MSG", "RPY", "ERR", "ANS", "NUL") or \
                    len(f) != (7 if f[0] == "ANS" else 6):
                raise BeepError("bad header %r" % line)
            ch, msgno, more, size = int(f[1]), int(f[2]), f[3], int(f[5])
            while len(self.buf) < size + 5:
                self._fill()
            payload = self.buf[:size]
            if self.buf[size:size + 5] != b"END\r\n":
                raise BeepError("bad trailer")
            self.buf = self.buf[size + 5:]
            self.in_seq[ch] = (self.in_seq.get(ch, 0) + size) % 2**32
            return f[0], ch, msgno, more, payload

    def recv_msg(self):
        kw, ch, msgno, more, payload = self.recv_frame()
        while more == "*":
            _, _, _, more, p2 = self.recv_frame()
            payload += p2
        if b"\r\n\r\n" in payload:
            payload = payload.split(b"\r\n\r\n", 1)[1]
        return kw, ch, payload.decode("utf-8", "replace")

    def send_xml(self, ch, xml):
        n = self.msgno.get(ch, 1)
        self.msgno[ch] = n + 1
        self.send_frame("MSG", ch, n, XML_HDR + xml.encode() + b"\r\n")

    def greet(self):
        self.send_frame("RPY", 0, 0, XML_HDR + b"<greeting />\r\n")
        kw, ch, body = self.recv_msg()
        if (kw, ch) != ("RPY", 0) or "<greeting" not in body:
            raise BeepError("no greeting: %s" % body)

    def start(self, ch, uri, piggy):
        self.send_xml(0, "<start number='%d'><profile uri='%s'>"
                      "<![CDATA[%s]]></profile></start>" % (ch, uri, piggy))
        kw, _, body = self.recv_msg()
        if kw != "RPY":
            raise BeepError("start %s refused: %s" % (uri, body))
        m = re.search(r"<profile[^>]*?>(.*)</profile>", body, re.S)
        c = m.group(1).strip() if m else ""
        cd = re.fullmatch(r"<!\[CDATA\[(.*)\]\]>", c, re.S)
        return cd.group(1) if cd else html.unescape(c)

    def login(self, user, password):
        b64 = lambda b: base64.b64encode(b).decode()
        cnonce = b64(os.urandom(18))
        bare = "n=%s,r=%s" % (user, cnonce)
        content = self.start(1, SCRAM_URI, "<blob>%s</blob>" %
                             b64(("n,," + bare).encode()))
        m = re.search(r"<blob[^>]*>([^<]*)</blob>", content)
        if m is None:
            raise BeepError("SCRAM: no challenge: %s" % content)
        sfirst = base64.b64decode(m.group(1)).decode()
        a = dict(kv.split("=", 1) for kv in sfirst.split(","))
        t = time.perf_counter()
        salted = hashlib.pbkdf2_hmac("sha256", password.encode(),
                                     base64.b64decode(a["s"]), int(a["i"]))
        self.pbkdf2 += time.perf_counter() - t
        ckey = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored = hashlib.sha256(ckey).digest()
        final_wo = "c=biws,r=%s" % a["r"]
        auth = ",".join((bare, sfirst, final_wo)).encode()
        sig = hmac.new(stored, auth, hashlib.sha256).digest()
        proof = bytes(x ^ y for x, y in zip(ckey, sig))
        self.send_xml(1, "<blob>%s</blob>" % b64(
            ("%s,p=%s" % (final_wo, b64(proof))).encode()))
        kw, _, body = self.recv_msg()
        if kw != "RPY" or "complete" not in body:
            raise BeepError("SCRAM failed: %s" % body)

    def close_channel(self, ch):
        self.send_xml(0, "<close number='%d' code='200' />" % ch)
        kw, _, body = self.recv_msg()
        if kw != "RPY" or "<ok" not in body:
            raise BeepError("close %d: %s" % (ch, body))

    def tunnel(self, endpoint):
        content = self.start(3, TUNNEL_URI, "<tunnel endpoint='%s' />" %
                             endpoint)
        if not re.search(r"<ok\s*/>", content):
            raise BeepError("tunnel to %s: %s" % (endpoint, content))
        self.reset()

    def banner(self, wait=True):
        """The service's banner: read (wait), or only checked for if it
        came in with the ok. Nothing else may have come yet."""
        while wait and not self.buf:
            self._fill()
        b, self.buf = self.buf[:1], self.buf[1:]
        if b not in (b"B", b"") or self.buf:
            raise BeepError("unexpected octets after the tunnel's ok")


def beep_tunnel(port, path, phases=None, wait_banner=True):
    """A tunnel through tunnelds, no okapi-tunnel: the socket; the banner
    read (or, without wait_banner, only if it came with the last ok).
    With phases (a dict), the time of each step is added to it."""
    t = [time.perf_counter()]
    b = Beep(port)

    def mark(name):
        t.append(time.perf_counter())
        if phases is not None:
            phases[name] = phases.get(name, 0.0) + t[-1] - t[-2]
    mark("connect")
    for name in path:
        b.greet()
        mark("greeting (both at once)")
        p0 = b.pbkdf2
        b.login(USER, PASSWORD)
        mark("SCRAM, 2 round trips")
        if phases is not None:
            # the client's PBKDF2 is not the server's doing: its own line
            phases["SCRAM, 2 round trips"] -= b.pbkdf2 - p0
            phases["client PBKDF2 (Python hashlib)"] = phases.get(
                "client PBKDF2 (Python hashlib)", 0.0) + b.pbkdf2 - p0
        b.close_channel(1)
        mark("close the SASL channel")
        b.tunnel(name)
        mark("TUNNEL start until ok (tunneld dials the next hop)")
    b.banner(wait_banner)
    mark("the service's banner")
    return b


# ---- the bench --------------------------------------------------------------

class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.src = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        self.tunneld = os.path.join(self.build, "daemons/tunneld/tunneld")
        self.client = os.path.join(self.build,
                                   "tools/okapi-tunnel/okapi-tunnel")
        self.blast = os.path.join(self.build, "bench/tunnel/blast")
        for f in (self.tunneld, self.client, self.blast):
            if not os.access(f, os.X_OK):
                raise RuntimeError("%s not built" % f)
        self.dir = tempfile.mkdtemp(prefix="okapi-bench-tunnel.")
        self.procs = Procs(self.dir)

    def close(self):
        self.procs.stop_all()
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    # -- set-up
    def prepare(self):
        with open(self.path("pw"), "w") as f:
            f.write(PASSWORD + "\n")
        out = subprocess.run([self.client, "passwd", "-P", self.path("pw"),
                              USER], capture_output=True, text=True,
                             check=True).stdout
        self.userline = out.strip()
        subprocess.run(["sh", os.path.join(self.src, "scripts/mkcerts.sh"),
                        self.dir, "r1", "r2", "r3"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.ca = self.path("ca.pem")

    def serve(self, name):
        p = self.procs.start(name, [self.blast, "serve"],
                             stdout=subprocess.PIPE)
        line = p.stdout.readline().decode()
        if not line.startswith("port "):
            raise RuntimeError("blast serve: %r\n%s" % (
                line, log_tail(self.dir, name)))
        p.port = int(line.split()[1])
        p.stdout.close()
        return p

    def start_tunneld(self, name, router, endpoints, extra=()):
        port = free_port()
        lines = ["hostname %s" % router, "listen 127.0.0.1 %d" % port,
                 self.userline,
                 "limit tunnels %d" % max(2000, 2 * self.args.tunnels),
                 "limit tunnels-per-user %d" % max(2000,
                                                   2 * self.args.tunnels),
                 "timeout setup 30"]
        for ep, eport, kind in endpoints:
            lines.append("endpoint %s address 127.0.0.1 port %d %s" % (
                ep, eport, kind))
        lines.append("permit user %s endpoint any" % USER)
        if any(kind == "tls" for _, _, kind in endpoints):
            lines.append("tls certificate %s key %s ca %s" % (
                self.path(router + ".pem"), self.path(router + ".key"),
                self.ca))
        lines += list(extra)
        conf = self.path(name + ".conf")
        with open(conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        p = self.procs.start(name, [self.tunneld, "-d", "-f", conf])
        try:
            wait_for(lambda: listening(port), 10, name, p)
        except RuntimeError as e:
            raise RuntimeError("%s\n%s" % (e, log_tail(self.dir, name)))
        p.port = port
        return p

    def start_client(self, name, tport, path, tls):
        argv = [self.client, "-u", USER, "-P", self.path("pw")]
        argv += ["-C", self.ca, "-N", "r1"] if tls else ["--plain"]
        argv += ["-L", "127.0.0.1:0", "127.0.0.1:%d" % tport, path]
        p = self.procs.start(name, argv)

        def port():
            with open(self.path(name + ".log")) as f:
                m = re.search(r"listening on 127\.0\.0\.1:(\d+)", f.read())
            return int(m.group(1)) if m else None
        try:
            p.port = wait_for(port, 10, name, p)
        except RuntimeError as e:
            raise RuntimeError("%s\n%s" % (e, log_tail(self.dir, name)))
        return p

    # -- 1. throughput
    def send(self, port=None, fd=None):
        argv = [self.blast, "send", "-n", str(self.args.mb)]
        if fd is not None:
            argv += ["-f", str(fd)]
        else:
            argv.append("127.0.0.1:%d" % port)
        r = subprocess.run(argv, capture_output=True, text=True,
                           pass_fds=(fd,) if fd is not None else (),
                           timeout=300)
        m = re.match(r"mbps ([\d.]+)", r.stdout)
        if r.returncode != 0 or m is None:
            raise RuntimeError("blast send: %s %s" % (r.stdout, r.stderr))
        return float(m.group(1))

    def send_beep(self, port, path):
        b = beep_tunnel(port, path, wait_banner=False)
        try:
            b.s.setblocking(True)
            return self.send(fd=b.s.fileno())
        finally:
            b.close()

    def throughput(self):
        t1, t2, t3 = self.t
        relays = lambda c: [c] + list(self.t)
        rows = [
            ("direct TCP (baseline)", 0,
             lambda: self.send(self.sink.port), []),
            ("1 hop, okapi-tunnel --plain", 1,
             lambda: self.send(self.o["1p"].port), relays(self.o["1p"])),
            ("3 hops, okapi-tunnel --plain", 3,
             lambda: self.send(self.o["3p"].port), relays(self.o["3p"])),
            ("1 hop, TLS end to end", 1,
             lambda: self.send(self.o["1t"].port), relays(self.o["1t"])),
            ("3 hops, TLS end to end", 3,
             lambda: self.send(self.o["3t"].port), relays(self.o["3t"])),
            ("1 hop, no okapi-tunnel (raw BEEP client)", 1,
             lambda: self.send_beep(t1.port, ["sink"]), list(self.t)),
            ("3 hops, no okapi-tunnel (raw BEEP client)", 3,
             lambda: self.send_beep(t1.port, ["r2", "r3", "sink"]),
             list(self.t)),
        ]
        mbs = {r[0]: [] for r in rows}
        cpu = {r[0]: [] for r in rows}
        for k in range(self.args.runs):
            for name, _, fn, watch in rows:
                c0 = [cpu_ns(p.pid) for p in watch]
                mbs[name].append(fn())
                c1 = [cpu_ns(p.pid) for p in watch]
                # CPU s per GB: the client side (okapi-tunnel) and the
                # tunnelds, summed
                gb = self.args.mb / 1000.0
                oc = (c1[0] - c0[0]) / 1e9 / gb if len(watch) == 4 else None
                tc = sum(c1[i] - c0[i] for i in range(len(watch))
                         if not (len(watch) == 4 and i == 0)) / 1e9 / gb
                cpu[name].append((oc, tc))
        direct = median(mbs[rows[0][0]])
        print("## 1. Bulk throughput, client -> sink, %d MB per run, "
              "median of %d runs (interleaved)\n" % (self.args.mb,
                                                    self.args.runs))
        print("| path | MB/s median | MB/s best | median / direct | "
              "CPU s/GB okapi-tunnel | CPU s/GB tunnelds |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, hops, _, watch in rows:
            med = median(mbs[name])
            oc = [c[0] for c in cpu[name] if c[0] is not None]
            tc = [c[1] for c in cpu[name]]
            print("| %s | %.0f | %.0f | %.2f | %s | %s |" % (
                name, med, max(mbs[name]), med / direct,
                "%.2f" % median(oc) if oc else "-",
                "%.2f" % median(tc) if watch else "-"))
        print()
        sys.stdout.flush()

    # -- 2. set-up time
    def setup_times(self, port, count):
        """ms to the first octet from the service, and how many tries
        lost the banner."""
        r = subprocess.run([self.blast, "setup", "-c", str(count),
                            "127.0.0.1:%d" % port], capture_output=True,
                           text=True, timeout=300)
        if r.returncode != 0:
            raise RuntimeError("blast setup: %s" % r.stderr)
        tries = [line.split() for line in r.stdout.splitlines()]
        return [float(t[0]) / 1000.0 for t in tries], \
            sum(int(t[1]) for t in tries)

    def setup(self):
        n = self.args.setups
        rows = [
            ("direct TCP (baseline)", 0, self.sink.port, None),
            ("1 hop, --plain", 1, self.o["1p"].port, self.o["1p"]),
            ("3 hops, --plain", 3, self.o["3p"].port, self.o["3p"]),
            ("1 hop, TLS end to end", 1, self.o["1t"].port, self.o["1t"]),
            ("3 hops, TLS end to end", 3, self.o["3t"].port, self.o["3t"]),
        ]
        pb = []
        for _ in range(20):
            t = time.perf_counter()
            hashlib.pbkdf2_hmac("sha256", b"x" * 16, b"s" * 16, 4096)
            pb.append((time.perf_counter() - t) * 1000)
        pbkdf2 = median(pb)
        print("## 2. Tunnel set-up: connect to okapi-tunnel -L until the "
              "first octet from the service, %d tries each\n" % n)
        print("| path | median ms | p10 ms | p90 ms | median ms per hop | "
              "CPU ms/tunnel okapi-tunnel | CPU ms/tunnel tunnelds | "
              "banner lost |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, hops, port, client in rows:
            watch = ([client] if client else []) + list(self.t)
            c0 = [cpu_ns(p.pid) for p in watch]
            ts, lost = self.setup_times(port, n)
            ts.sort()
            c1 = [cpu_ns(p.pid) for p in watch]
            d = [(b - a) / 1e6 / n for a, b in zip(c0, c1)]
            med = median(ts)
            if hops == 1 and client is self.o["1p"]:
                one_hop = (med, d[0], sum(d[1:]))
            print("| %s | %.2f | %.2f | %.2f | %s | %s | %s | %d/%d |" % (
                name, med, ts[len(ts) // 10], ts[(len(ts) * 9) // 10],
                "%.2f" % (med / hops) if hops else "-",
                "%.2f" % d[0] if client else "-",
                "%.2f" % sum(d[1:]) if client else "-", lost, n))
        print()
        # one hop, phase by phase, from this script's own BEEP client
        tries = max(10, n // 2)
        ph = {}
        tot = []
        for _ in range(tries):
            t = time.perf_counter()
            beep_tunnel(self.t[0].port, ["sink"], ph).close()
            tot.append((time.perf_counter() - t) * 1000)
        print("One hop, phase by phase (this script's BEEP client, mean "
              "of %d; Python adds its own overhead to each step):\n"
              % tries)
        print("| phase | mean ms |")
        print("|---|---:|")
        for k, v in ph.items():
            print("| %s | %.3f |" % (k, v * 1000 / tries))
        print("| total (median) | %.3f |" % median(tot))
        print()
        print("PBKDF2-HMAC-SHA256, 4096 iterations (the SCRAM default, and "
              "the minimum both ends accept, so no cheaper verifier can be "
              "made), alone in Python's hashlib (OpenSSL): %.2f ms median."
              " The client runs it once per hop; tunneld stores StoredKey "
              "and ServerKey and runs none.\n" % pbkdf2)
        scram = sum(v for k, v in ph.items() if "SCRAM" in k or
                    "PBKDF2" in k) * 1000 / tries
        print("SCRAM share: %.0f%% of the script client's one-hop set-up "
              "(its 2 round trips and PBKDF2: %.2f of %.2f ms mean). "
              "okapi-tunnel is on CPU for %.0f%% of its one-hop set-up "
              "(%.2f of %.2f ms) while tunneld needs %.2f ms for the same "
              "exchange without PBKDF2: the rest of the client's CPU is "
              "its own PBKDF2 (libgsasl's, against %.2f ms for OpenSSL's "
              "above).\n" % (
                  100 * scram / (sum(ph.values()) * 1000 / tries), scram,
                  sum(ph.values()) * 1000 / tries,
                  100 * one_hop[1] / one_hop[0], one_hop[1], one_hop[0],
                  one_hop[2], pbkdf2))
        sys.stdout.flush()

    # -- 3. memory
    def memory_row(self, name, endpoint, tls, n):
        hold = self.hold
        router = "r1"
        td = self.start_tunneld("m-" + name, router,
                                [(endpoint, hold.port,
                                  "tls" if tls else "raw")])
        cl = self.start_client("m-" + name + "-client", td.port, endpoint,
                               tls)
        idle = nfds(td.pid)
        # warm up: one tunnel opened and closed, lazy set-up out of the way
        c = socket.create_connection(("127.0.0.1", cl.port), timeout=30)
        sync_sock(c)
        c.close()
        wait_for(lambda: nfds(td.pid) <= idle or None, 10, "warm-up closed")
        time.sleep(0.2)
        r0 = (vmrss_kb(td.pid), vmrss_kb(cl.pid))
        f0 = (nfds(td.pid), nfds(cl.pid))
        socks = []
        lost = 0
        sel = selectors.DefaultSelector()
        t = time.monotonic()
        try:
            for i in range(0, n, 100):
                for _ in range(min(100, n - i)):
                    s = socket.create_connection(("127.0.0.1", cl.port),
                                                 timeout=30)
                    socks.append(s)
                    sel.register(s, selectors.EVENT_READ)
                # the banners, until all are in or none came for 0.5 s
                quiet = time.monotonic() + 0.5
                while sel.get_map() and time.monotonic() < quiet:
                    for key, _ in sel.select(0.1):
                        if key.fileobj.recv(1) != b"B":
                            raise RuntimeError("a tunnel closed early:\n%s"
                                               % log_tail(self.dir,
                                                          td.name))
                        sel.unregister(key.fileobj)
                        quiet = time.monotonic() + 0.5
                # no banner yet (late, or lost: see blast.c): a one-octet
                # request; the tunnel is up once anything comes back, and
                # the banner was lost if that is not the banner
                for key in list(sel.get_map().values()):
                    key.fileobj.sendall(b"\0" * 7 + b"\1x")
                end = time.monotonic() + 60
                while sel.get_map():
                    if time.monotonic() > end:
                        raise RuntimeError("tunnels not up after 60 s:\n%s"
                                           % log_tail(self.dir, cl.name))
                    for key, _ in sel.select(1):
                        b = key.fileobj.recv(1)
                        if not b:
                            raise RuntimeError("a tunnel closed early:\n%s"
                                               % log_tail(self.dir,
                                                          td.name))
                        lost += b != b"B"
                        sel.unregister(key.fileobj)
            up = time.monotonic() - t
            time.sleep(0.5)
            r1 = (vmrss_kb(td.pid), vmrss_kb(cl.pid))
            f1 = (nfds(td.pid), nfds(cl.pid))
        finally:
            for s in socks:
                s.close()
            sel.close()
        wait_for(lambda: nfds(td.pid) <= f0[0] or None, 30,
                 "tunnels closed")
        time.sleep(0.2)
        r2 = (vmrss_kb(td.pid), vmrss_kb(cl.pid))
        self.procs.stop(cl)
        self.procs.stop(td)
        return r0, r1, r2, f0, f1, up, lost

    def memory(self):
        n = self.args.tunnels
        self.hold = self.serve("hold")
        rows = [("raw endpoint (--plain)", "hold", False),
                ("tls endpoint (TLS end to end)", "holdtls", True)]
        print("## 3. Memory per idle tunnel: %d tunnels held open through "
              "one tunneld\n" % n)
        print("| endpoint | process | VmRSS before KB | VmRSS with %d KB | "
              "KB per tunnel | fds per tunnel | VmRSS after close KB |" % n)
        print("|---|---|---:|---:|---:|---:|---:|")
        ups = []
        for label, ep, tls in rows:
            r0, r1, r2, f0, f1, up, lost = self.memory_row(ep, ep, tls, n)
            ups.append((label, up, lost))
            for i, who in enumerate(("tunneld", "okapi-tunnel")):
                print("| %s | %s | %d | %d | %.1f | %.1f | %d |" % (
                    label, who, r0[i], r1[i], (r1[i] - r0[i]) / n,
                    (f1[i] - f0[i]) / n, r2[i]))
        print()
        print("Opening the %d tunnels, 100 connections at a time: %s. "
              "A tunnel whose banner was not in after 0.5 s carried one "
              "9-octet request and its answer before the count; the others "
              "only the banner.\n" % (n, "; ".join(
                  "%s %.1f s, %d banners lost" % u for u in ups)))
        self.procs.stop(self.hold)

    def run(self):
        self.prepare()
        self.sink = self.serve("sink")
        t3 = self.start_tunneld("t3", "r3", [("sink", self.sink.port, "raw"),
                                             ("sinktls", self.sink.port,
                                              "tls")])
        t2 = self.start_tunneld("t2", "r2", [("r3", t3.port, "raw")])
        t1 = self.start_tunneld("t1", "r1", [("r2", t2.port, "raw"),
                                             ("sink", self.sink.port, "raw"),
                                             ("sinktls", self.sink.port,
                                              "tls")])
        self.t = (t1, t2, t3)
        self.o = {
            "1p": self.start_client("o1p", t1.port, "sink", False),
            "3p": self.start_client("o3p", t1.port, "r2/r3/sink", False),
            "1t": self.start_client("o1t", t1.port, "sinktls", True),
            "3t": self.start_client("o3t", t1.port, "r2/r3/sinktls", True),
        }
        print("# bench_tunnel: tunneld and okapi-tunnel on 127.0.0.1, "
              "%d CPUs online, %s\n" % (os.cpu_count(),
                                       time.strftime("%Y-%m-%d %H:%M")))
        sys.stdout.flush()
        t = time.monotonic()
        self.throughput()
        self.setup()
        self.memory()
        print("Total %.0f s." % (time.monotonic() - t))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", metavar="BUILD_DIR")
    ap.add_argument("-n", dest="mb", type=int, default=300,
                    help="MB per throughput run (default 300)")
    ap.add_argument("-r", dest="runs", type=int, default=3,
                    help="throughput runs per row (default 3)")
    ap.add_argument("-s", dest="setups", type=int, default=50,
                    help="set-up tries per row (default 50)")
    ap.add_argument("-t", dest="tunnels", type=int, default=1000,
                    help="idle tunnels for the memory rows (default 1000)")
    args = ap.parse_args()
    if args.mb <= 0 or args.runs <= 0 or args.setups <= 0 or \
            args.tunnels <= 0:
        ap.error("counts must be positive")
    # 1,000 tunnels: a socket each here and in the service, two in
    # okapi-tunnel, two sockets and two pipes (four fds) in tunneld;
    # children inherit the limit
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 8 * args.tunnels + 256
    if hard != resource.RLIM_INFINITY and hard < want:
        sys.exit("bench_tunnel: RLIMIT_NOFILE hard limit %d < %d; lower -t"
                 % (hard, want))
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, on_signal)
    b = None
    try:
        b = Bench(args)
        b.run()
    except (RuntimeError, BeepError, subprocess.SubprocessError,
            OSError) as e:
        print("bench_tunnel: %s" % e, file=sys.stderr)
        return 1
    except Stop as e:
        print("bench_tunnel: stopped (%s)" % e, file=sys.stderr)
        return 1
    finally:
        if b is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            b.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""tunneld and okapi-tunnel end to end (docs/tunnel.md), on loopback.

    python3 test_tunnel.py BUILD_DIR SOURCE_DIR

Four tunnelds, an ospfd and a few small servers in threads (echo, banner,
sink, source, trap), all on free 127.0.0.1 ports, started here by PID and
killed by PID at the end whatever happens; temp files in one directory
removed at the end.

  t1 (r1)  endpoint r2 -> t2, source-routing, upstream alice, limit hops 3;
           users alice and bob (bob denied r2)
  t2 (r2)  endpoint r3 -> t3, source-routing, upstream alice
  t3 (r3)  endpoints ospfd, echo, eofecho, sink, source (tls), echoraw,
           eofechoraw (raw), source-routing
  t4       no source-routing, endpoint self local, echo (raw)

The checks drive the real client (okapi-tunnel, with telnet under expect
for the VTY) and, where okapi-tunnel cannot say what is needed, a minimal
BEEP client written below (RFC 3080/3081 framing, SASL SCRAM-SHA-256 per
RFC 5802/7677, the RFC 3620 tunnel element). Names carry "[checklist N]"
for the items of section 14 of the BEEP digest (shared/spec/beep.md).

One line per check, "ok: NAME" or "FAIL: NAME (details)"; exit 1 if any
failed, 77 (skip) if openssl, telnet or expect is missing. Nothing here
asserts on wall time: time only bounds how long we wait.
"""

import base64
import hashlib
import hmac
import html
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SCRAM_URI = "http://iana.org/beep/SASL/SCRAM-SHA-256"
TUNNEL_URI = "http://iana.org/beep/TUNNEL"
XML_HDR = b"Content-Type: application/beep+xml\r\n\r\n"
MB = 1 << 20

results = []


def check(name, ok, details=""):
    if ok:
        print("ok: %s" % name, flush=True)
    else:
        print("FAIL: %s (%s)" % (name, details), flush=True)
    results.append((name, bool(ok)))
    return ok


def note(text):
    print("  # %s" % text, flush=True)


# ---- processes, ports, small servers ----------------------------------------

# Under ASan, freed memory waits in a 256 MB quarantine before reuse, so a
# TLS relay's record churn looks like growth in VmRSS. A small quarantine
# keeps the memory checks about what is live, not about ASan.
os.environ["ASAN_OPTIONS"] = ":".join(
    x for x in (os.environ.get("ASAN_OPTIONS", ""), "quarantine_size_mb=4")
    if x)

class Procs:
    """Every process we start, by PID; all killed in kill_all()."""

    def __init__(self):
        self.procs = []

    def start(self, argv, log=None, **kw):
        out = open(log, "ab") if log is not None else subprocess.DEVNULL
        kw.setdefault("stdin", subprocess.DEVNULL)
        kw.setdefault("stdout", out)
        kw.setdefault("stderr", subprocess.STDOUT if log else
                      subprocess.DEVNULL)
        p = subprocess.Popen(argv, **kw)
        if log is not None:
            out.close()
        self.procs.append(p)
        return p

    def stop(self, p, sig=signal.SIGTERM):
        if p.poll() is None:
            try:
                os.kill(p.pid, sig)
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()
            except ProcessLookupError:
                pass
        for f in (p.stdin, p.stdout, p.stderr):
            try:
                if f is not None:
                    f.close()
            except OSError:
                pass

    def kill_all(self):
        for p in reversed(self.procs):
            self.stop(p)


_ports = set()


def free_port():
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in _ports:
            _ports.add(port)
            return port


def wait_port(port, proc, what, limit=10.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("%s exited with %s" % (what, proc.returncode))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("%s does not listen on %d" % (what, port))


def wait_for(pred, limit=10.0, step=0.05):
    end = time.monotonic() + limit
    while True:
        v = pred()
        if v or time.monotonic() >= end:
            return v
        time.sleep(step)


class Server:
    """A TCP server in threads: kind 'echo' (echo, close after EOF),
    'banner' (a line first, then echo), 'sink' (accept, never read),
    'eofecho' (read to EOF, then send it all back and close: a request
    answered once the client is done), 'source' (send up to 200 MB as
    fast as the peer takes it, never read) or 'trap' (count connections,
    close them)."""

    def __init__(self, kind, port):
        self.kind = kind
        self.port = port
        self.accepted = 0
        self.sent = 0
        self.conns = []
        self.lock = threading.Lock()
        self.stopping = False
        self.ls = socket.socket()
        self.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ls.bind(("127.0.0.1", port))
        self.ls.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopping:
            try:
                r, _, _ = select.select([self.ls], [], [], 0.2)
                if not r:
                    continue
                c, _ = self.ls.accept()
            except OSError:
                return
            with self.lock:
                self.accepted += 1
                self.conns.append(c)
            if self.kind == "trap":
                c.close()
            elif self.kind in ("echo", "banner"):
                threading.Thread(target=self._echo, args=(c,),
                                 daemon=True).start()
            elif self.kind == "source":
                threading.Thread(target=self._source, args=(c,),
                                 daemon=True).start()
            elif self.kind == "eofecho":
                threading.Thread(target=self._eofecho, args=(c,),
                                 daemon=True).start()

    def _eofecho(self, c):
        got = []
        try:
            while True:
                d = c.recv(262144)
                if not d:
                    break
                got.append(d)
            c.sendall(b"".join(got))
            c.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        finally:
            c.close()

    def _source(self, c):
        chunk = bytes(range(256)) * 256
        try:
            while not self.stopping and self.sent < 200 * MB:
                self.sent += c.send(chunk)
        except OSError:
            pass

    def _echo(self, c):
        try:
            if self.kind == "banner":
                c.sendall(b"BANNER from the target\r\n")
            while True:
                d = c.recv(262144)
                if not d:
                    break
                c.sendall(d)
            c.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        finally:
            c.close()

    def drop_all(self):
        with self.lock:
            conns, self.conns = self.conns, []
        for c in conns:
            try:
                # RST, and wake a thread blocked in send() on it
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                             b"\x01\x00\x00\x00\x00\x00\x00\x00")
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                c.close()
            except OSError:
                pass

    def close(self):
        self.stopping = True
        self.drop_all()
        try:
            self.ls.close()
        except OSError:
            pass


def vmrss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def nfds(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return -1


# ---- a minimal BEEP client (RFC 3080, 3081, 3620; SCRAM per RFC 5802) -------

class BeepError(Exception):
    pass


class Beep:
    """Initiator side of one TCP connection; just enough BEEP to talk to
    tunneld: frames with seqno checks, SEQ for our receive windows, the
    greeting, start/close on channel 0, SASL SCRAM-SHA-256, TUNNEL."""

    def __init__(self, port, timeout=15.0):
        self.s = socket.create_connection(("127.0.0.1", port),
                                          timeout=timeout)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.reset()

    def reset(self):
        """A tuning reset: every channel gone, counters from zero."""
        self.out_seq = {}
        self.in_seq = {}
        self.unacked = {}
        self.msgno = {}
        self.peer_profiles = []

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass

    # -- frames
    def send_raw(self, data):
        self.s.sendall(data)

    def send_frame(self, kw, ch, msgno, payload, more=".", seqno=None):
        seq = self.out_seq.get(ch, 0) if seqno is None else seqno
        hdr = "%s %d %d %s %d %d\r\n" % (kw, ch, msgno, more, seq,
                                         len(payload))
        self.s.sendall(hdr.encode() + payload + b"END\r\n")
        self.out_seq[ch] = (self.out_seq.get(ch, 0) + len(payload)) % 2**32

    def _fill(self):
        d = self.s.recv(65536)
        if not d:
            raise EOFError("connection closed by the peer")
        self.buf += d

    def _line(self):
        while b"\r\n" not in self.buf:
            if len(self.buf) > 128:
                raise BeepError("header line too long: %r" % self.buf[:80])
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line.decode("ascii", "replace")

    def recv_frame(self, ack=True):
        """One data frame: (kw, ch, msgno, more, payload). SEQ frames are
        skipped. With ack, a SEQ goes back once half a window is in (never
        after an ok that starts a tuning reset: ack=False there)."""
        while True:
            f = self._line().split(" ")
            if f[0] == "SEQ" and len(f) == 4:
                continue
            if f[0] not in ("MSG", "RPY", "ERR", "ANS", "NUL") or \
                    len(f) != (7 if f[0] == "ANS" else 6):
                raise BeepError("bad header %r" % " ".join(f))
            ch, msgno, more, seqno, size = int(f[1]), int(f[2]), f[3], \
                int(f[4]), int(f[5])
            while len(self.buf) < size + 5:
                self._fill()
            payload, trailer = self.buf[:size], self.buf[size:size + 5]
            self.buf = self.buf[size + 5:]
            if trailer != b"END\r\n":
                raise BeepError("bad trailer %r" % trailer)
            exp = self.in_seq.get(ch, 0)
            if seqno != exp:
                raise BeepError("seqno %d, expected %d" % (seqno, exp))
            self.in_seq[ch] = (exp + size) % 2**32
            self.unacked[ch] = self.unacked.get(ch, 0) + size
            if ack and self.unacked[ch] >= 2048:
                self.s.sendall(("SEQ %d %d 4096\r\n" % (
                    ch, self.in_seq[ch])).encode())
                self.unacked[ch] = 0
            return f[0], ch, msgno, more, payload

    def recv_msg(self, ack=True):
        """A whole message: (kw, ch, msgno, body without MIME headers)."""
        kw, ch, msgno, more, payload = self.recv_frame(ack)
        while more == "*":
            kw2, ch2, m2, more, p2 = self.recv_frame(ack)
            if (kw2, ch2, m2) != (kw, ch, msgno):
                raise BeepError("interleaved frames")
            payload += p2
        if b"\r\n\r\n" in payload and (payload.startswith(b"\r\n") or
                                       b":" in payload.split(b"\r\n")[0]):
            payload = payload.split(b"\r\n\r\n", 1)[1] if not \
                payload.startswith(b"\r\n") else payload[2:]
        elif payload.startswith(b"\r\n"):
            payload = payload[2:]
        return kw, ch, msgno, payload.decode("utf-8", "replace")

    def recv_raw(self, n):
        while len(self.buf) < n:
            self._fill()
        d, self.buf = self.buf[:n], self.buf[n:]
        return d

    def next_msgno(self, ch):
        n = self.msgno.get(ch, 1)
        self.msgno[ch] = n + 1
        return n

    def send_xml(self, ch, xml, kw="MSG", msgno=None):
        if msgno is None:
            msgno = self.next_msgno(ch)
        self.send_frame(kw, ch, msgno, XML_HDR + xml.encode() + b"\r\n")
        return msgno

    # -- channel 0
    def greet(self):
        """Send our greeting at once, read the peer's (its profiles)."""
        self.send_frame("RPY", 0, 0, XML_HDR + b"<greeting />\r\n")
        kw, ch, msgno, body = self.recv_msg()
        if (kw, ch, msgno) != ("RPY", 0, 0) or "<greeting" not in body:
            raise BeepError("no greeting: %s %d %d %s" % (kw, ch, msgno,
                                                           body))
        self.peer_profiles = re.findall(r"uri='([^']*)'", body)
        return body

    def start(self, ch, uri, piggy=None, ack=True):
        """start on channel 0: ('RPY', profile content) or ('ERR', code).
        A channel starts afresh: seqno 0 both ways [checklist 7]."""
        for d in (self.out_seq, self.in_seq, self.unacked, self.msgno):
            d.pop(ch, None)
        prof = "<profile uri='%s' />" % uri if piggy is None else \
            "<profile uri='%s'><![CDATA[%s]]></profile>" % (uri, piggy)
        self.send_xml(0, "<start number='%d'>\r\n   %s\r\n</start>" % (
            ch, prof))
        return self.answer(ack)

    def answer(self, ack=True):
        kw, ch, msgno, body = self.recv_msg(ack)
        if kw == "ERR":
            return "ERR", error_code(body), body
        if kw == "RPY":
            return "RPY", profile_content(body), body
        raise BeepError("unexpected %s: %s" % (kw, body))

    def close_channel(self, ch):
        self.send_xml(0, "<close number='%d' code='200' />" % ch)
        kw, _, _, body = self.recv_msg()
        if kw != "RPY" or "<ok" not in body:
            raise BeepError("close %d: %s %s" % (ch, kw, body))

    # -- SASL SCRAM-SHA-256 (RFC 5802, RFC 7677)
    def login(self, user, password, ch=1):
        """True, or the error code."""
        cnonce = base64.b64encode(os.urandom(18)).decode()
        bare = "n=%s,r=%s" % (user, cnonce)
        kw, content, body = self.start(ch, SCRAM_URI, "<blob>%s</blob>" %
                                       b64(("n,," + bare).encode()))
        if kw == "ERR":
            return content
        m = re.search(r"<blob[^>]*>([^<]*)</blob>", content)
        if m is None:
            return error_code(content) or 500
        sfirst = base64.b64decode(m.group(1)).decode()
        a = dict(kv.split("=", 1) for kv in sfirst.split(","))
        if not a["r"].startswith(cnonce):
            raise BeepError("server nonce does not extend ours")
        salted = hashlib.pbkdf2_hmac("sha256", password.encode(),
                                     base64.b64decode(a["s"]), int(a["i"]))
        ckey = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored = hashlib.sha256(ckey).digest()
        final_wo = "c=biws,r=%s" % a["r"]
        auth = ",".join((bare, sfirst, final_wo)).encode()
        sig = hmac.new(stored, auth, hashlib.sha256).digest()
        proof = bytes(x ^ y for x, y in zip(ckey, sig))
        self.send_xml(ch, "<blob>%s</blob>" % b64(
            ("%s,p=%s" % (final_wo, b64(proof))).encode()))
        kw, _, _, body = self.recv_msg()
        if kw == "ERR":
            return error_code(body)
        m = re.search(r"<blob[^>]*status='complete'[^>]*>([^<]*)</blob>",
                      body) or re.search(
            r"<blob[^>]*status='complete'[^>]*/>", body)
        if m is None:
            raise BeepError("SCRAM: no completion: %s" % body)
        skey = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        want = "v=" + b64(hmac.new(skey, auth, hashlib.sha256).digest())
        got = base64.b64decode(m.group(1)).decode() if m.groups() else ""
        if got != want:
            raise BeepError("SCRAM: the server's signature is wrong")
        self.close_channel(ch)
        return True

    # -- TUNNEL
    def tunnel(self, ch, element):
        """('ok', None) or ('error', code), the element piggybacked."""
        kw, content, body = self.start(ch, TUNNEL_URI, element, ack=False)
        if kw == "ERR":
            return "error", content
        if re.search(r"<ok\s*/>", content):
            self.reset()
            return "ok", None
        code = error_code(content)
        if code:
            return "error", code
        raise BeepError("tunnel: %s" % body)


def b64(b):
    return base64.b64encode(b).decode()


def error_code(body):
    m = re.search(r"<error\s+code=['\"](\d+)['\"]", body or "")
    return int(m.group(1)) if m else None


def profile_content(body):
    m = re.search(r"<profile[^>]*?>(.*)</profile>", body, re.S)
    if m is None:
        return ""
    c = m.group(1).strip()
    cd = re.fullmatch(r"<!\[CDATA\[(.*)\]\]>", c, re.S)
    return cd.group(1) if cd else html.unescape(c)


def read_until_eof(sock, limit=10.0):
    """What the peer sends until it closes (b'' if nothing), or None if it
    is still open after limit seconds."""
    sock.settimeout(limit)
    got = b""
    try:
        while True:
            d = sock.recv(65536)
            if not d:
                return got
            got += d
    except socket.timeout:
        return None
    except ConnectionResetError:
        return got


# ---- the test ---------------------------------------------------------------

class Env:
    pass


def setup(env):
    b, src, d = env.build, env.src, env.dir
    env.tunneld = os.path.join(b, "daemons/tunneld/tunneld")
    env.client = os.path.join(b, "tools/okapi-tunnel/okapi-tunnel")
    env.ospfd = os.path.join(b, "daemons/ospfd/ospfd")
    for path in (env.tunneld, env.client, env.ospfd):
        if not os.access(path, os.X_OK):
            raise RuntimeError("%s not built" % path)
    r = subprocess.run(["sh", os.path.join(src, "scripts/mkcerts.sh"), d,
                        "r1", "r2", "r3"], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("mkcerts.sh: %s" % r.stderr)
    env.ca = os.path.join(d, "ca.pem")

    env.pw = {}
    verifiers = {}
    for user, pw in (("alice", "alice-pass-1"), ("bob", "bob-pass-2")):
        path = os.path.join(d, user + ".pw")
        with open(path, "w") as f:
            f.write(pw + "\n")
        os.chmod(path, 0o600)
        env.pw[user] = (path, pw)
        r = subprocess.run([env.client, "passwd", "-P", path, user],
                           capture_output=True, text=True)
        line = r.stdout.strip()
        if r.returncode != 0 or not line.startswith("user %s scram-sha-256 "
                                                     "SCRAM-SHA-256$" % user):
            raise RuntimeError("okapi-tunnel passwd: %r %r" % (line,
                                                                r.stderr))
        verifiers[user] = line
    env.wrong_pw = os.path.join(d, "wrong.pw")
    with open(env.wrong_pw, "w") as f:
        f.write("not-alice-pass\n")

    p = env.ports = {k: free_port() for k in (
        "t1", "t2", "t3", "t4", "vty", "echo", "banner", "eofecho", "sink",
        "source", "trap", "closed", "probe", "listen")}
    env.servers = {k: Server(k, p[k]) for k in ("echo", "banner", "eofecho",
                                               "sink", "source", "trap")}
    alice = env.pw["alice"][0]
    confs = {
        "t1": """hostname r1
listen 127.0.0.1 {t1}
{alice}
{bob}
endpoint r2 address 127.0.0.1 port {t2} raw
endpoint dead address 127.0.0.1 port {closed} raw
endpoint echo address 127.0.0.1 port {echo} raw
permit user alice endpoint any
permit user alice address 127.0.0.1/32 port {t2}
permit user alice address 127.0.0.1/32 port {trap}
deny user bob endpoint r2
permit user bob endpoint echo
source-routing
limit hops 3
timeout setup 10
upstream user alice password-file {alicepw}
""",
        "t2": """hostname r2
listen 127.0.0.1 {t2}
{alice}
endpoint r3 address 127.0.0.1 port {t3} raw
permit user alice endpoint r3
permit user alice address 127.0.0.1/32 port {t3}
source-routing
timeout setup 10
upstream user alice password-file {alicepw}
""",
        "t3": """hostname r3
listen 127.0.0.1 {t3}
{alice}
endpoint ospfd address 127.0.0.1 port {vty} tls
endpoint echo address 127.0.0.1 port {echo} tls
endpoint echoraw address 127.0.0.1 port {echo} raw
endpoint eofecho address 127.0.0.1 port {eofecho} tls
endpoint eofechoraw address 127.0.0.1 port {eofecho} raw
endpoint sink address 127.0.0.1 port {sink} tls
endpoint source address 127.0.0.1 port {source} tls
permit user alice endpoint any
permit user alice address 127.0.0.1/32 port {echo}
permit user alice address 127.0.0.1/32 port {banner}
source-routing
timeout setup 10
tls certificate {d}/r3.pem key {d}/r3.key ca {d}/ca.pem
""",
        "t4": """hostname r4
listen 127.0.0.1 {t4}
{alice}
endpoint self local
endpoint echo address 127.0.0.1 port {echo} raw
permit user alice endpoint any
timeout setup 10
""",
    }
    env.procs_t = {}
    env.logs = {}
    for name, text in confs.items():
        conf = os.path.join(d, name + ".conf")
        with open(conf, "w") as f:
            f.write(text.format(alice=verifiers["alice"],
                                bob=verifiers["bob"], alicepw=alice, d=d,
                                **p))
        r = subprocess.run([env.tunneld, "-n", "-f", conf],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("tunneld -n %s: %s%s" % (name, r.stdout,
                                                        r.stderr))
        env.logs[name] = os.path.join(d, name + ".log")
        env.procs_t[name] = env.procs.start(
            [env.tunneld, "-d", "-v", "-f", conf], log=env.logs[name],
            cwd=d)
    with open(os.path.join(d, "ospfd.conf"), "w") as f:
        f.write("hostname r3\n")
    env.logs["ospfd"] = os.path.join(d, "ospfd.log")
    env.proc_ospfd = env.procs.start(
        [env.ospfd, "-d", "-F", "127.0.0.1:1", "-P", str(p["vty"]), "-f",
         os.path.join(d, "ospfd.conf")], log=env.logs["ospfd"], cwd=d,
        env=dict(os.environ, OKAPI_RUNDIR=d))
    for name in ("t1", "t2", "t3", "t4"):
        wait_port(p[name], env.procs_t[name], "tunneld " + name)
    wait_port(p["vty"], env.proc_ospfd, "ospfd")


def log_text(env, name):
    try:
        with open(env.logs[name], errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def client_argv(env, path, user="alice", pwfile=None, plain=False,
                listen=None):
    argv = [env.client, "-u", user, "-P", pwfile or env.pw[user][0],
            "-C", env.ca]
    if plain:
        argv.append("--plain")
    if listen is not None:
        argv += ["-L", "127.0.0.1:%d" % listen]
    return argv + ["127.0.0.1:%d" % env.ports["t1"], path]


def run_client(env, path, **kw):
    """okapi-tunnel in stdio mode with empty stdin: (rc, stderr)."""
    p = env.procs.start(client_argv(env, path, **kw),
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        env.procs.stop(p)
        return None, "timed out"
    return p.returncode, err.decode(errors="replace")


def quiet(env, names=("t1", "t2", "t3", "t4")):
    """Wait until no tunneld has a relay or session left: fd counts back to
    their idle values (taken after start-up)."""
    def idle():
        return all(nfds(env.procs_t[n].pid) <= env.idle_fds[n]
                   for n in names)
    return wait_for(idle, 15.0)


# -- 1. the user story: telnet to ospfd's VTY through three hops

def check_telnet(env):
    port = env.ports["listen"]
    errlog = os.path.join(env.dir, "okapi-tunnel-L.log")
    p = env.procs.start(client_argv(env, "r2/r3/ospfd", listen=port),
                        log=errlog)
    try:
        listening = wait_for(lambda: "listening on" in open(
            errlog, errors="replace").read() or p.poll() is not None, 10)
        if not listening or p.poll() is not None:
            check("telnet through 3 hops: okapi-tunnel -L listens", False,
                  open(errlog, errors="replace").read().strip())
            return
        r = subprocess.run(["expect", os.path.join(env.here,
                                                   "telnet_ospfd.exp"),
                            str(port)], capture_output=True, text=True,
                           timeout=120)
        steps = re.findall(r"step-(ok|fail): (.*)", r.stdout)
        for st, what in steps:
            check("telnet through 3 hops to ospfd's VTY: %s" % what.strip(),
                  st == "ok", "expect: %s; okapi-tunnel: %s" % (
                      r.stdout.strip()[-300:],
                      open(errlog, errors="replace").read().strip()[-300:]))
        if not steps or r.returncode != 0 and all(s == "ok" for s, _ in
                                                  steps):
            check("telnet through 3 hops: expect ran", False,
                  "rc=%s %s %s" % (r.returncode, r.stdout, r.stderr))
        t3 = log_text(env, "t3")
        check("tunneld logs the tunnel to ospfd, opened and closed",
              re.search(r"tunnel user=alice .*to=ospfd open", t3) and
              wait_for(lambda: re.search(r"tunnel user=alice .*to=ospfd "
                                         r"closed", log_text(env, "t3")), 10),
              "t3 log has no open/closed lines for ospfd")
    finally:
        env.procs.stop(p)


# -- 2. 100 MB through the chain, intact

def randbytes(rnd, n):
    """Random.randbytes() (Python 3.9) for older Pythons too."""
    return rnd.getrandbits(8 * n).to_bytes(n, "little")


def prefix_sha(total, n):
    """SHA-256 of the first n octets pump() sends."""
    rnd, h = random.Random(20261123), hashlib.sha256()
    while n > 0:
        chunk = randbytes(rnd, min(total, MB))
        total -= len(chunk)
        h.update(chunk[:n])
        n -= min(n, len(chunk))
    return h.hexdigest()


def pump(env, path, total, plain, hold=True):
    """Write total octets of seeded pseudo-random data into okapi-tunnel's
    stdin, read its stdout: (rc, sha_in, sha_out, n_out, stderr). With
    hold, stdin is closed only once as much came back as went in (an
    echo); otherwise right after the last octet."""
    p = env.procs.start(client_argv(env, path, plain=plain),
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
    h_in, h_out = hashlib.sha256(), hashlib.sha256()
    n_out = [0]
    back = threading.Event()
    err = []

    def writer():
        rnd = random.Random(20261123)
        left = total
        try:
            while left > 0:
                chunk = randbytes(rnd, min(left, MB))
                h_in.update(chunk)
                p.stdin.write(chunk)
                left -= len(chunk)
            p.stdin.flush()
            if hold:
                back.wait(120)
            p.stdin.close()
        except (BrokenPipeError, OSError, ValueError) as e:
            err.append("stdin: %s" % e)

    def reader():
        while True:
            d = p.stdout.read1(MB)
            if not d:
                break
            h_out.update(d)
            n_out[0] += len(d)
            if n_out[0] >= total:
                back.set()
        back.set()

    def errreader():
        err.append(p.stderr.read().decode(errors="replace"))

    ts = [threading.Thread(target=f, daemon=True) for f in (writer, reader,
                                                            errreader)]
    for t in ts:
        t.start()
    end = time.monotonic() + 150
    for t in ts:
        t.join(timeout=max(0.1, end - time.monotonic()))
    try:
        rc = p.wait(timeout=max(0.1, end - time.monotonic()))
    except subprocess.TimeoutExpired:
        rc = None
        err.append("okapi-tunnel still running, killed")
    back.set()
    env.procs.stop(p)
    return rc, h_in.hexdigest(), h_out.hexdigest(), n_out[0], " ".join(
        e.strip() for e in err if e.strip())


def check_bulk(env):
    total = 100 * MB
    for path, plain, what in (("r2/r3/echo", False, "tls endpoint, end to "
                               "end TLS"),
                              ("r2/r3/echoraw", True, "raw endpoint, "
                               "--plain")):
        rc, sin, sout, n, err = pump(env, path, total, plain)
        ok = rc == 0 and n == total and sin == sout
        why = ""
        if not ok and n < total:
            why = "; what came back %s a prefix of what was sent" % (
                "is" if prefix_sha(total, n) == sout else "is NOT")
        check("100 MB through 3 hops intact (%s) [checklist 73, 74]" % what,
              ok, "rc=%s, %d of %d octets back, sha256 %s vs %s%s; %s" % (
                  rc, n, total, sin[:16], sout[:16], why, err))


def check_eof(env):
    """stdin's EOF is a half-close: the answer still comes back (a service
    that answers once the request is complete, like a VTY fed a script)."""
    total = 4 * MB
    for path, plain, what in (("r2/r3/eofecho", False, "tls endpoint"),
                              ("r2/r3/eofechoraw", True, "raw endpoint, "
                               "--plain")):
        rc, sin, sout, n, err = pump(env, path, total, plain, hold=False)
        check("stdin EOF is a half-close: the answer sent after it comes "
              "back whole (%s)" % what, rc == 0 and n == total and
              sin == sout, "rc=%s, %d of %d octets back; %s" % (
                  rc, n, total, err))


# -- 3. authentication failure

def check_auth_failure(env):
    rc, err = run_client(env, "r2/r3/ospfd", pwfile=env.wrong_pw)
    check("wrong password: okapi-tunnel fails with 'authentication failed: "
          "535'", rc not in (0, None) and "authentication failed: 535" in err,
          "rc=%s stderr=%r" % (rc, err.strip()))
    check("wrong password: tunneld logs 'auth user=alice ... failed'",
          wait_for(lambda: re.search(r"auth user=alice \S+ failed",
                                     log_text(env, "t1")), 5),
          "t1 logs: %s" % [ln for ln in log_text(env, "t1").splitlines()
                           if "auth user=" in ln][-2:])


# -- 4. authorization

def check_authorization(env):
    rc, err = run_client(env, "r2/r3/ospfd", user="bob")
    check("bob denied r2: okapi-tunnel fails with 537 [checklist 75]",
          rc not in (0, None) and "refused: 537" in err,
          "rc=%s stderr=%r" % (rc, err.strip()))
    rc, err = run_client(env, "nosuch")
    check("unknown endpoint, user with 'endpoint any': 550 [checklist 72]",
          rc not in (0, None) and "refused: 550" in err,
          "rc=%s stderr=%r" % (rc, err.strip()))
    # Not permitted: 537 whatever lies behind the name, the same words.
    answers = {}
    for name, why in (("r2", "exists, denied by a rule"),
                      ("dead", "exists, no rule"),
                      ("nosuch", "does not exist")):
        rc, err = run_client(env, name, user="bob")
        line = [ln for ln in err.splitlines() if "refused" in ln]
        answers[why] = (rc, line[0].replace("'%s'" % name, "'NAME'")
                        if line else err.strip())
    texts = set(a[1] for a in answers.values())
    check("endpoint not permitted: 537 whether or not it exists, same "
          "message [checklist 75, 76]",
          len(texts) == 1 and all("refused: 537" in t for t in texts) and
          all(a[0] not in (0, None) for a in answers.values()),
          "; ".join("%s: %s" % (k, v[1]) for k, v in answers.items()))


# -- 5. unreachable next hop

def check_unreachable(env):
    t1 = env.procs_t["t1"].pid
    quiet(env, ("t1",))
    before = nfds(t1)
    rc, err = run_client(env, "dead")
    check("next hop refuses TCP: '450 next hop unreachable' [checklist 69]",
          rc not in (0, None) and "450 next hop unreachable" in err,
          "rc=%s stderr=%r" % (rc, err.strip()))
    after = wait_for(lambda: nfds(t1) <= before and nfds(t1), 5) or nfds(t1)
    check("next hop unreachable: tunneld keeps no socket to it "
          "[checklist 69]", after == before,
          "t1 has %d fds, %d before" % (after, before))


# -- 6. the protocol, with our own BEEP client

def authed(env, port, user="alice"):
    b = Beep(port)
    b.greet()
    r = b.login(user, env.pw[user][1])
    if r is not True:
        b.close()
        raise BeepError("login as %s: %s" % (user, r))
    return b


def echo_roundtrip(b, data):
    b.send_raw(data)
    return b.recv_raw(len(data)) == data


def trap_quiet(trap, before):
    """Connections the trap got since before (after a moment for an
    attempt in flight to show)."""
    time.sleep(0.5)
    return trap.accepted - before


def proto_session(env):
    p = env.ports
    b = Beep(p["t1"])
    try:
        g = b.greet()
        check("greeting offers TUNNEL and SASL SCRAM-SHA-256 "
              "[checklist 26, 61]", TUNNEL_URI in b.peer_profiles and
              SCRAM_URI in b.peer_profiles, g)
        r = b.login("alice", env.pw["alice"][1])
        check("SCRAM-SHA-256 login, server signature checked "
              "[checklist 56]", r is True, "login: %s" % r)
        # too many hops: deeper than "limit hops 3" at t1
        deep = "".join("<tunnel ip4='127.0.0.1' port='%d'>" % p["trap"]
                       for _ in range(4)) + "<tunnel />" + "</tunnel>" * 4
        kw, code = b.tunnel(1, deep)
        check("5 nested elements, limit hops 3: 554",
              (kw, code) == ("error", 554), "%s %s" % (kw, code))
        # checklist 78: the session survives an error and tunnels again
        kw, code = b.tunnel(3, "<tunnel endpoint='nosuch' />")
        kw2, code2 = b.tunnel(5, "<tunnel endpoint='echo' />")
        ok = kw == "error" and kw2 == "ok" and echo_roundtrip(
            b, b"after an error, a tunnel\r\n")
        check("after an error (%s) the same session starts another tunnel "
              "[checklist 78]" % code, ok, "%s %s, then %s %s" % (
                  kw, code, kw2, code2))
    finally:
        b.close()


def proto_deep(env):
    """Deeper than lib/beep's own bound (16 elements) too."""
    p = env.ports
    b = authed(env, p["t1"])
    try:
        deep = "".join("<tunnel ip4='127.0.0.1' port='%d'>" % p["trap"]
                       for _ in range(19)) + "<tunnel />" + "</tunnel>" * 19
        kw, code = b.tunnel(1, deep)
        check("20 nested elements, limit hops 3: 554",
              (kw, code) == ("error", 554), "%s %s" % (kw, code))
    finally:
        b.close()


def proto_malformed(env):
    """Checklist 64: never dialled. The trap is permitted to alice at t1,
    which does source routing: a well-formed element would reach it."""
    p = env.ports
    trap = env.servers["trap"]
    b = authed(env, p["t1"])
    try:
        before = trap.accepted
        bad = [
            "<tunnel ip4='127.0.0.x' port='%d' />" % p["trap"],
            "<tunnel ip4='127.0.0.1' port='70000' />",
            "<tunnel ip4='127.0.0.1' port='0' />",
            "<tunnel ip4='127.0.0.1' />",
            "<tunnel ip4='127.0.0.1' port='%d' color='red' />" % p["trap"],
            "<tunnel endpoint='echo'><tunnel /></tunnel>",
            "<tunnel endpoint='echo' ip4='127.0.0.1' port='%d' />" %
            p["trap"],
        ]
        got = [(el,) + b.tunnel(1 + 2 * i, el) for i, el in enumerate(bad)]
        n = trap_quiet(trap, before)
        check("malformed tunnel elements: 501/553, no connection attempt "
              "[checklist 64]",
              all(kw == "error" and code in (501, 553) for _, kw, code in
                  got) and n == 0,
              "; ".join("%s -> %s %s" % g for g in got if g[1] != "error" or
                        g[2] not in (501, 553)) +
              " trap connections: %d" % n)
    finally:
        b.close()


def proto_no_sasl(env):
    b = Beep(env.ports["t4"])
    try:
        b.greet()
        kw, code = b.tunnel(1, "<tunnel endpoint='echo' />")
        check("TUNNEL start before SASL: 530 [checklist 75]",
              (kw, code) == ("error", 530), "%s %s" % (kw, code))
    finally:
        b.close()


def proto_no_source_routing(env):
    """Checklist 76: refused where not configured, whatever the address,
    without dialling."""
    p = env.ports
    trap = env.servers["trap"]
    b = authed(env, p["t4"])
    try:
        before = trap.accepted
        els = ("<tunnel ip4='127.0.0.1' port='%d' />" % p["trap"],
               "<tunnel ip4='127.0.0.1' port='%d'><tunnel /></tunnel>" %
               p["trap"],
               "<tunnel ip4='192.0.2.1' port='%d' />" % p["trap"],
               "<tunnel ip6='::1' port='%d' />" % p["trap"],
               "<tunnel fqdn='localhost' port='%d' />" % p["trap"])
        got = [(el,) + b.tunnel(1 + 2 * i, el) for i, el in enumerate(els)]
        n = trap_quiet(trap, before)
        check("source route without 'source-routing': 537, no connection "
              "attempt [checklist 76]",
              all(g[1:] == ("error", 537) for g in got) and n == 0,
              "; ".join("%s -> %s %s" % g for g in got) +
              " trap connections: %d" % n)
    finally:
        b.close()


def proto_first_msg(env):
    """Checklist 63: the element as the first MSG on a started channel."""
    b = authed(env, env.ports["t4"])
    try:
        kw, content, body = b.start(1, TUNNEL_URI)
        ok, detail = kw == "RPY", body
        if ok:
            b.send_xml(1, "<tunnel endpoint='echo' />")
            kw, ch, msgno, body = b.recv_msg(ack=False)
            detail = "%s %d %d %s" % (kw, ch, msgno, body)
            ok = kw == "RPY" and ch == 1 and \
                re.search(r"<ok\s*/>", body) is not None and \
                echo_roundtrip(b, b"element as the first MSG\r\n")
        check("tunnel element as the first MSG on a started TUNNEL channel "
              "[checklist 63]", ok, detail)
    finally:
        b.close()


def proto_local(env):
    """Checklist 65, 77: <tunnel/> to a tunneld that is the destination."""
    b = authed(env, env.ports["t4"])
    try:
        kw, code = b.tunnel(1, "<tunnel />")
        ok, detail = kw == "ok", "%s %s" % (kw, code)
        if ok:
            try:
                detail = b.greet()
                ok = TUNNEL_URI in b.peer_profiles
            except (BeepError, EOFError, OSError) as e:
                ok, detail = False, "after ok: %s" % e
        check("empty <tunnel/> at 'endpoint self local': ok, then a fresh "
              "greeting [checklist 65]", ok, detail)
        if not ok:
            return
        try:
            r = b.login("alice", env.pw["alice"][1], ch=1)
            if r is True:
                b.send_xml(0, "<close number='0' code='200' />")
                kw, _, _, body = b.recv_msg()
                r = kw == "RPY" and "<ok" in body and \
                    read_until_eof(b.s, 5) is not None
            detail = "login/close: %s" % r
        except (BeepError, EOFError, OSError) as e:
            r, detail = False, str(e)
        check("new session after ok: SASL again on channel 1 (odd), then "
              "close 0 [checklist 77]", r is True, detail)
    finally:
        b.close()


def source_route(p, last):
    return ("<tunnel ip4='127.0.0.1' port='%d'><tunnel ip4='127.0.0.1' "
            "port='%d'><tunnel ip4='127.0.0.1' port='%d' /></tunnel>"
            "</tunnel>" % (p["t2"], p["t3"], last))


def proto_source_route(env):
    """Checklist 66, 67, 71: a nested source route through three
    tunnelds, each authenticating to the next as the upstream user."""
    p = env.ports
    b = authed(env, p["t1"])
    try:
        kw, code = b.tunnel(1, source_route(p, p["echo"]))
        ok = kw == "ok" and echo_roundtrip(b, b"source routed\r\n") and \
            echo_roundtrip(b, os.urandom(200000))
        check("nested source route t1 -> t2 -> t3 -> echo: ok, then bytes "
              "echo end to end [checklist 66, 67, 71]", ok, "%s %s" % (
                  kw, code))
    finally:
        b.close()
    # a target that speaks first: its octets come after the ok
    b = authed(env, p["t1"])
    try:
        kw, code = b.tunnel(1, source_route(p, p["banner"]))
        ok, detail = False, "%s %s" % (kw, code)
        if kw == "ok":
            first = b.recv_raw(len(b"BANNER from the target\r\n"))
            detail = "first octets after ok: %r" % first
            ok = first == b"BANNER from the target\r\n" and \
                echo_roundtrip(b, b"after the banner\r\n")
        check("non-BEEP target that speaks first: its octets arrive after "
              "the ok [checklist 71, 73]", ok, detail)
    finally:
        b.close()
    # checklist 68: an error from the next hop comes back unchanged
    b = authed(env, p["t1"])
    try:
        el = ("<tunnel ip4='127.0.0.1' port='%d'><tunnel endpoint='nosuch' "
              "/></tunnel>" % p["t2"])
        kw, content, body = b.start(1, TUNNEL_URI, el, ack=False)
        # t2 gives alice only 'endpoint r3': an unknown name is 537 there
        # (names cannot be probed), and t1 must pass t2's answer on as is
        check("next hop's error relayed unchanged (t2: 537 for a name alice "
              "may not use) [checklist 68]", kw == "ERR" and content == 537
              and "action not authorized for user" in str(body), body)
    finally:
        b.close()


def proto_fatal(env):
    """Checklist 1, 6: poorly formed frames end the session, no reply."""
    b = Beep(env.ports["t4"])
    try:
        b.greet()
        b.send_raw(b"FOO 0 1 . 52 5\r\nhello END\r\n")
        got = read_until_eof(b.s)
        check("wrong keyword: closed without a reply [checklist 1]",
              got == b"", "got %r" % got)
    finally:
        b.close()
    b = Beep(env.ports["t4"])
    try:
        b.greet()
        b.send_frame("MSG", 0, 1, XML_HDR + b"<close number='0' "
                     b"code='200' />\r\n", seqno=999)
        got = read_until_eof(b.s)
        check("bad seqno: closed without a reply [checklist 6]", got == b"",
              "got %r" % got)
    finally:
        b.close()


# -- 7. a peer that stops reading

def check_stalled_reader(env):
    sink = env.servers["sink"]
    quiet(env)
    tpids = {n: env.procs_t[n].pid for n in ("t1", "t2", "t3")}
    fds0 = {n: nfds(pid) for n, pid in tpids.items()}
    accepted0 = sink.accepted
    p = env.procs.start(client_argv(env, "r2/r3/sink"),
                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
    fd = p.stdin.fileno()
    os.set_blocking(fd, False)
    total = 200 * MB
    written = [0]
    stop = threading.Event()

    def writer():
        chunk = bytes(range(256)) * 256
        while not stop.is_set() and written[0] < total:
            _, w, _ = select.select([], [fd], [], 0.2)
            if not w:
                continue
            try:
                written[0] += os.write(fd, chunk[:total - written[0]])
            except BlockingIOError:
                pass
            except OSError:
                return

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    peak = dict.fromkeys(tpids, 0)
    peak["okapi-tunnel"] = 0
    # run until the writer has been stuck for a second (at most 30 s)
    last, still, end = -1, time.monotonic(), time.monotonic() + 30
    while time.monotonic() < end and p.poll() is None:
        for n, pid in tpids.items():
            peak[n] = max(peak[n], vmrss_kb(pid))
        peak["okapi-tunnel"] = max(peak["okapi-tunnel"], vmrss_kb(p.pid))
        if written[0] != last:
            last, still = written[0], time.monotonic()
        elif time.monotonic() - still > 1.0 and written[0] > 0:
            break
        time.sleep(0.1)
    blocked = written[0]
    # more than a pipe's worth went in, and the sink was reached: it is
    # the relay that holds the writer back, not a tunnel never built
    check("reader that stops: the writer blocks (%d MB of 200 accepted)" %
          (blocked // MB), 256 * 1024 < blocked < total and
          sink.accepted > accepted0 and p.poll() is None,
          "%d octets written, sink reached: %s, okapi-tunnel rc=%s" % (
              blocked, sink.accepted > accepted0, p.poll()))
    check("reader that stops: every tunneld's VmRSS below 64 MB (%s)" %
          ", ".join("%s %d MB" % (n, peak[n] // 1024) for n in tpids),
          all(0 < peak[n] < 64 * 1024 for n in tpids),
          "peaks in kB: %s" % peak)
    note("okapi-tunnel peak VmRSS %d MB" % (peak["okapi-tunnel"] // 1024))
    # stop the writer, then the sink gives up: everything goes
    stop.set()
    t.join(5)
    try:
        p.stdin.close()
    except OSError:
        pass
    sink.drop_all()
    try:
        p.wait(timeout=20)
        gone = True
    except subprocess.TimeoutExpired:
        gone = False
    env.procs.stop(p)
    back = wait_for(lambda: all(nfds(pid) <= fds0[n] for n, pid in
                                tpids.items()), 15)
    closed = wait_for(lambda: re.search(r"tunnel user=alice .*to=sink "
                                        r"closed", log_text(env, "t3")), 5)
    check("reader that stops: all torn down once the sink closes "
          "(okapi-tunnel exits, tunnelds back to their idle fds)",
          gone and back and closed,
          "okapi-tunnel exited: %s; fds %s now %s; t3 logged close: %s" % (
              gone, fds0, {n: nfds(pid) for n, pid in tpids.items()},
              bool(closed)))


def check_stalled_client(env):
    """The other way round: the service streams, the operator's side stops
    reading (okapi-tunnel's stdout is a pipe nobody reads)."""
    src = env.servers["source"]
    quiet(env)
    tpids = {n: env.procs_t[n].pid for n in ("t1", "t2", "t3")}
    fds0 = {n: nfds(pid) for n, pid in tpids.items()}
    sent0 = src.sent
    # stdin stays open (and empty): its EOF would end the tunnel
    p = env.procs.start(client_argv(env, "r2/r3/source"),
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL)
    peak = dict.fromkeys(tpids, 0)
    peak["okapi-tunnel"] = 0
    last, still, end = -1, time.monotonic(), time.monotonic() + 30
    while time.monotonic() < end and p.poll() is None:
        for n, pid in tpids.items():
            peak[n] = max(peak[n], vmrss_kb(pid))
        peak["okapi-tunnel"] = max(peak["okapi-tunnel"], vmrss_kb(p.pid))
        if src.sent != last:
            last, still = src.sent, time.monotonic()
        elif time.monotonic() - still > 1.0 and src.sent > sent0:
            break
        time.sleep(0.1)
    sent = src.sent - sent0
    check("client that stops reading: the service blocks (%d MB of 200 "
          "taken)" % (sent // MB), 256 * 1024 < sent < 200 * MB and
          p.poll() is None,
          "%d octets taken, okapi-tunnel rc=%s" % (sent, p.poll()))
    check("client that stops reading: every tunneld's VmRSS below 64 MB "
          "(%s)" % ", ".join("%s %d MB" % (n, peak[n] // 1024)
                             for n in tpids),
          all(0 < peak[n] < 64 * 1024 for n in tpids),
          "peaks in kB: %s" % peak)
    note("okapi-tunnel peak VmRSS %d MB" % (peak["okapi-tunnel"] // 1024))
    # the service gives up, and the operator's side goes away too (what
    # okapi-tunnel still holds for stdout can never be delivered)
    src.drop_all()
    for f in (p.stdout, p.stdin):
        try:
            f.close()
        except OSError:
            pass
    try:
        p.wait(timeout=20)
        gone = True
    except subprocess.TimeoutExpired:
        gone = False
    env.procs.stop(p)
    back = wait_for(lambda: all(nfds(pid) <= fds0[n] for n, pid in
                                tpids.items()), 15)
    check("client that stops reading: all torn down once the service "
          "closes", gone and back, "okapi-tunnel exited: %s; fds %s now %s"
          % (gone, fds0, {n: nfds(pid) for n, pid in tpids.items()}))


# -- 8. tshark decodes what we send as BEEP

def check_tshark(env):
    tshark = shutil.which("tshark")
    if tshark is None:
        print("skip: tshark: not installed (scripts/deps.sh installs it)")
        return
    port, probe = env.ports["t1"], env.ports["probe"]
    pcap = os.path.join(env.dir, "t1.pcapng")
    outlog = os.path.join(env.dir, "tshark.out")
    errlog = os.path.join(env.dir, "tshark.log")
    # -P -l: a line per packet as it is captured, so that we can tell when
    # capturing really runs, and when all of the session went through
    with open(outlog, "wb") as out, open(errlog, "wb") as err:
        cap = env.procs.start([tshark, "-i", "lo", "-f", "tcp port %d or "
                               "tcp port %d" % (port, probe), "-w", pcap,
                               "-P", "-l"], stdout=out, stderr=err)

    def seen():
        with open(outlog, errors="replace") as f:
            return f.read().count(" %d " % probe)

    def sync(before):
        """Knock on the closed probe port until the capture shows it."""
        def knocked():
            if cap.poll() is not None:
                return True
            try:
                socket.create_connection(("127.0.0.1", probe), 1).close()
            except OSError:
                pass
            return seen() > before
        return wait_for(knocked, 20, 0.1) and cap.poll() is None

    if not sync(0):
        env.procs.stop(cap)
        why = open(errlog, errors="replace").read().strip()
        if cap.returncode not in (None, 0) or "ermission" in why:
            print("skip: tshark: cannot capture on lo: %s" %
                  why.replace("\n", " | "))
        else:
            check("tshark: the capture on lo sees packets", False, why)
        return
    # one session with t1: greeting, SCRAM, TUNNEL start, ok; then the
    # raw echo endpoint gets an empty stream and the tunnel ends
    rc, err = run_client(env, "echo", plain=True)
    synced = sync(seen())
    env.procs.stop(cap, signal.SIGINT)
    if rc != 0 or not synced:
        check("tshark: the okapi-tunnel session ran and was captured",
              False, "rc=%s %s; capture synced: %s" % (rc, err, synced))
        return
    dec = ["-r", pcap, "-d", "tcp.port==%d,beep" % port]
    r = subprocess.run([tshark] + dec + ["-Y", "beep"], capture_output=True,
                       text=True, timeout=60)
    lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
    m = subprocess.run([tshark] + dec + ["-Y", "_ws.malformed"],
                       capture_output=True, text=True, timeout=60)
    bad = [ln for ln in m.stdout.splitlines() if ln.strip()]
    check("tshark decodes the session as BEEP (%d frames), none malformed"
          % len(lines), r.returncode == 0 and len(lines) >= 5 and not bad,
          "rc=%d, %d BEEP lines, malformed: %s %s" % (
              r.returncode, len(lines), bad[:3], r.stderr.strip()[-200:]))
    v = subprocess.run([tshark] + dec + ["-Y", "beep", "-T", "fields", "-e",
                                         "frame.number", "-e", "tcp.srcport",
                                         "-e", "tcp.payload"],
                       capture_output=True, text=True, timeout=60)
    frames = set()
    for ln in v.stdout.splitlines():
        f = ln.split("\t")
        if len(f) < 3:
            continue
        try:
            payload = bytes.fromhex(f[2].replace(":", "")).decode(
                "utf-8", "replace")
        except ValueError:
            continue
        if "<greeting>" in payload or "TUNNEL" in payload and "<start" in \
                payload:
            frames.add(f[0])
    for ln in lines:
        if ln.split()[0] in frames:
            note("tshark: %s" % ln.strip())


# ---- main -------------------------------------------------------------------

def main():
    if len(sys.argv) != 3:
        print("usage: test_tunnel.py BUILD_DIR SOURCE_DIR", file=sys.stderr)
        return 2
    for tool in ("openssl", "telnet", "expect"):
        if shutil.which(tool) is None:
            print("SKIP: %s not installed (scripts/deps.sh installs it)" %
                  tool)
            return 77
    # meson's timeout sends SIGTERM: clean up on the way out all the same
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(129))
    env = Env()
    env.build = os.path.abspath(sys.argv[1])
    env.src = os.path.abspath(sys.argv[2])
    env.here = os.path.dirname(os.path.abspath(__file__))
    env.procs = Procs()
    env.servers = {}
    env.dir = tempfile.mkdtemp(prefix="okapi-tunneltest.")
    try:
        setup(env)
        env.idle_fds = {n: nfds(pr.pid) for n, pr in env.procs_t.items()}
        for f in (check_telnet, check_auth_failure, check_authorization,
                  check_unreachable, proto_session, proto_deep,
                  proto_malformed, proto_no_sasl, proto_no_source_routing,
                  proto_first_msg, proto_local, proto_source_route,
                  proto_fatal, check_tshark, check_bulk, check_eof,
                  check_stalled_reader, check_stalled_client):
            try:
                f(env)
            except Exception as e:  # a broken check is a failed check
                check(f.__name__, False, "%s: %s" % (type(e).__name__, e))
        for n, pr in env.procs_t.items():
            check("tunneld %s still running" % n, pr.poll() is None,
                  "exited with %s" % pr.returncode)
    except Exception as e:
        check("setup", False, "%s: %s" % (type(e).__name__, e))
    finally:
        env.procs.kill_all()
        for s in env.servers.values():
            s.close()
        failed = [n for n, ok in results if not ok]
        if failed:
            for name in sorted(env.__dict__.get("logs", {})):
                text = log_text(env, name).splitlines()
                print("--- %s log (last 15 lines)" % name)
                for ln in text[-15:]:
                    print("    " + ln)
        shutil.rmtree(env.dir, ignore_errors=True)
    print("%d checks, %d failed" % (len(results), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""DOC: network namespaces, processes in them, and Telnet to their VTYs.

The lab's plumbing, with no knowledge of OSPF: running ip(8), making and
removing namespaces, starting a daemon inside one and identifying it later
by PID and start time (so a recycled PID is never signalled), opening a TCP
socket inside a namespace (setns(2) on this thread only, for the time of
socket(2)), and a small Telnet client that speaks to an FRRouting-style VTY
(okapi's daemons and FRR's alike).
"""
import ctypes
import os
import re
import signal
import socket
import subprocess
import time

CLONE_NEWNET = 0x40000000
NETNS_DIR = "/run/netns"

# ip, sysctl, bird and birdc live in sbin, which a test runner's PATH may
# leave out.
for _d in ("/usr/sbin", "/sbin"):
    if _d not in os.environ.get("PATH", "").split(":"):
        os.environ["PATH"] = os.environ.get("PATH", "/usr/bin:/bin") + \
            ":" + _d


class LabError(Exception):
    """Something the lab could not do; the message says what and why."""


# --- commands -------------------------------------------------------------

def run(argv, check=True, timeout=60):
    """Run a command; its stdout. Raises LabError with stderr on failure."""
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        raise LabError("%s: not installed" % argv[0]) from None
    except subprocess.TimeoutExpired:
        raise LabError("%s: no answer in %ds" % (" ".join(argv), timeout)) \
            from None
    if check and p.returncode != 0:
        raise LabError("'%s' failed (exit %d): %s" % (
            " ".join(argv), p.returncode, (p.stderr or p.stdout).strip()))
    return p.stdout


def in_ns(ns, argv, check=True, timeout=60):
    return run(["ip", "netns", "exec", ns] + list(argv), check, timeout)


def ip(ns, *args):
    return run(["ip", "-n", ns] + list(args))


# --- namespaces -----------------------------------------------------------

def ns_exists(ns):
    return os.path.exists(os.path.join(NETNS_DIR, ns))


def ns_add(ns):
    if ns_exists(ns):
        raise LabError("namespace %s already exists (a lab left behind? "
                       "see ./okapi lab status)" % ns)
    run(["ip", "netns", "add", ns])
    ip(ns, "link", "set", "lo", "up")


def ns_del(ns):
    if ns_exists(ns):
        run(["ip", "netns", "del", ns])


def ns_pids(ns):
    if not ns_exists(ns):
        return []
    return [int(p) for p in run(["ip", "netns", "pids", ns]).split()]


def ns_sysctl(ns, key, value):
    in_ns(ns, ["sysctl", "-qw", "%s=%s" % (key, value)])


# --- processes ------------------------------------------------------------

def proc_start_time(pid):
    """The process's start time in clock ticks since boot, or None if it is
    gone or a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


class Proc:
    """A daemon we started: enough to find it again from a state file."""

    def __init__(self, node, daemon, pid, start, argv, popen=None):
        self.node = node
        self.daemon = daemon
        self.pid = pid
        self.start = start
        self.argv = argv
        self.popen = popen              # only in the process that started it

    def alive(self):
        if self.popen is not None and self.popen.poll() is not None:
            return False
        return self.start is not None and proc_start_time(self.pid) == \
            self.start

    def signal(self, sig):
        if self.alive():
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def wait_gone(self, timeout):
        end = time.monotonic() + timeout
        while self.alive():
            if time.monotonic() > end:
                return False
            if self.popen is not None:
                try:
                    self.popen.wait(0.1)
                except subprocess.TimeoutExpired:
                    pass
            else:
                time.sleep(0.1)
        return True

    def stop(self, grace=10):
        """SIGTERM, then SIGKILL if it lingers past grace seconds."""
        self.signal(signal.SIGTERM)
        if not self.wait_gone(grace):
            self.signal(signal.SIGKILL)
            self.wait_gone(grace)
        return not self.alive()

    def to_json(self):
        return {"node": self.node, "daemon": self.daemon, "pid": self.pid,
                "start": self.start, "argv": self.argv}

    @classmethod
    def from_json(cls, d):
        return cls(d["node"], d["daemon"], d["pid"], d["start"], d["argv"])


def spawn(node, daemon, ns, argv, log_path, env=None, cwd=None):
    """Start argv inside ns, detached (own session, stdin /dev/null, stdout
    and stderr appended to log_path). ip netns exec execs argv in place, so
    the PID is the daemon's."""
    with open(log_path, "ab") as log:
        popen = subprocess.Popen(["ip", "netns", "exec", ns] + list(argv),
                                 stdin=subprocess.DEVNULL, stdout=log,
                                 stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                 start_new_session=True)
    return Proc(node, daemon, popen.pid, proc_start_time(popen.pid), argv,
                popen)


# --- sockets inside a namespace -------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)


def _setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: %s" % os.strerror(err))


def socket_in_ns(ns, family=socket.AF_INET, kind=socket.SOCK_STREAM,
                 proto=0):
    """A socket created inside ns (it keeps that namespace for its life);
    this thread returns to its own namespace before we return."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        target = os.open(os.path.join(NETNS_DIR, ns), os.O_RDONLY)
    except OSError:
        os.close(home)
        raise LabError("no namespace %s" % ns) from None
    try:
        _setns(target)
        try:
            return socket.socket(family, kind, proto)
        finally:
            _setns(home)
    finally:
        os.close(target)
        os.close(home)


def tcp_connect(ns, port, addr="127.0.0.1", timeout=10):
    s = socket_in_ns(ns)
    s.settimeout(timeout)
    try:
        s.connect((addr, port))
    except OSError:
        s.close()
        raise
    return s


def tcp_listening(ns, port):
    try:
        tcp_connect(ns, port, timeout=2).close()
        return True
    except OSError:
        return False


# --- Telnet to a VTY ------------------------------------------------------

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
PROMPT_RE = re.compile(r"(?:^|\n)([A-Za-z0-9_.-]+(?:\([a-z-]+\))?[>#] )$")


class Telnet:
    """Just enough Telnet for a VTY: refuse every option, drop
    subnegotiations, read until the prompt comes back."""

    def __init__(self, sock):
        self.sock = sock
        self.raw = b""                  # an IAC sequence cut by a read
        self.text = ""
        self.prompt = None

    def close(self):
        self.sock.close()

    def _decode(self, data):
        data, out, reply, i = self.raw + data, bytearray(), bytearray(), 0
        while i < len(data):
            if data[i] != IAC:
                out.append(data[i])
                i += 1
                continue
            if i + 1 >= len(data):
                break
            cmd = data[i + 1]
            if cmd == IAC:
                out.append(IAC)
                i += 2
            elif cmd in (DO, DONT, WILL, WONT):
                if i + 2 >= len(data):
                    break
                if cmd == DO:
                    reply += bytes((IAC, WONT, data[i + 2]))
                elif cmd == WILL:
                    reply += bytes((IAC, DONT, data[i + 2]))
                i += 3
            elif cmd == SB:
                end = data.find(bytes((IAC, SE)), i + 2)
                if end < 0:
                    break
                i = end + 2
            else:
                i += 2
        self.raw = data[i:]
        if reply:
            self.sock.sendall(bytes(reply))
        return out.decode("utf-8", "replace").replace("\r", "")

    def _read_more(self):
        data = self.sock.recv(65536)
        if not data:
            raise LabError("VTY closed the connection (after %r)" %
                           self.text[-200:])
        self.text += self._decode(data)

    def read_prompt(self, password=None):
        """Everything up to and including the next prompt."""
        while True:
            if self.text.endswith("Password: "):
                if password is None:
                    raise LabError("VTY asks for a password")
                self.text = ""
                self.sock.sendall(password.encode() + b"\n")
                continue
            m = PROMPT_RE.search(self.text)
            # The host name stays; the mode ("#", "(config-if)#") may not.
            host = m and re.match(r"[A-Za-z0-9_.-]+", m.group(1)).group(0)
            if m and (self.prompt is None or host == self.prompt):
                self.prompt = host
                out, self.text = self.text[:m.start(1)], ""
                return out
            self._read_more()

    def command(self, line):
        """The output of one command line, without its echo."""
        self.sock.sendall(line.encode() + b"\n")
        out = self.read_prompt()
        first, _, rest = out.partition("\n")
        if first.strip() == line.strip():
            out = rest
        return out


def vty(ns, port, commands, password=None, timeout=30):
    """Run commands (a string or a list) on the VTY at 127.0.0.1:port inside
    ns; their outputs, joined."""
    if isinstance(commands, str):
        commands = [commands]
    t = Telnet(tcp_connect(ns, port, timeout=timeout))
    try:
        t.read_prompt(password)
        t.command("terminal length 0")
        return "".join(t.command(c) for c in commands)
    except socket.timeout:
        raise LabError("VTY %s:%d timed out" % (ns, port)) from None
    finally:
        t.close()

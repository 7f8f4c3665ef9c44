#!/bin/sh
# VTY end to end through the stock telnet client (expect, in a pty) and raw
# sockets, then okapi-sh and cli/0.1 (okapi_sh.sh): run.sh BUILD_DIR.
# Starts okapi-demo by PID on a free loopback port and kills it at the end,
# whatever happens.
set -u
build=$1
here=$(cd "$(dirname "$0")" && pwd)
demo="$build/examples/okapi-demo"
dir=$(mktemp -d /tmp/okapi-vtytest.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
for tool in expect telnet python3; do
	command -v $tool >/dev/null || { echo "SKIP: $tool not installed (scripts/deps.sh installs it)"; exit 77; }
done
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() {
	port=$(freeport)
	OKAPI_RUNDIR=$dir "$demo" -F 127.0.0.1:1 -c vtydemo -P "$port" -f "$1" >"$dir/demo.log" 2>&1 &
	pid=$!
	n=0
	until python3 -c "import socket; socket.create_connection(('127.0.0.1',$port)).close()" 2>/dev/null; do
		n=$((n + 1)); [ $n -gt 100 ] && { echo "FAIL: VTY did not start"; cat "$dir/demo.log"; exit 1; }
		sleep 0.05
	done
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null; pid=""; }
rc=0

printf 'hostname lab1\n!\nrouter demo\n greeting hello\n!\n' >"$dir/open.conf"
start "$dir/open.conf"
expect "$here/telnet.exp" "$port" || rc=1
python3 "$here/sessions.py" "$port" "$pid" || rc=1
stop

printf 'hostname lab1\npassword lab\nenable password secret\n' >"$dir/pw.conf"
start "$dir/pw.conf"
expect "$here/password.exp" "$port" || rc=1
stop

printf 'hostname lab1\nservice password-encryption\npassword lab\nenable password secret\nbanner motd line Welcome to lab1\nlog commands\nline vty\n no login\n' >"$dir/login.conf"
start "$dir/login.conf"
expect "$here/login.exp" "$port" || rc=1
stop
# "log commands": each line with the session and its peer, secrets hidden.
if grep -q 'vty\[[0-9]*\]@127\.0\.0\.1: lab1# show running-config' "$dir/demo.log"; then
	echo "ok: log commands"
else
	echo "FAIL: log commands"; rc=1
fi
if grep -q 'secret\|wrong' "$dir/demo.log"; then
	echo "FAIL: a password reached the log"; rc=1
fi
[ $rc -ne 0 ] && { echo "--- daemon log"; cat "$dir/demo.log"; }

# okapi-sh and cli/0.1 over the same daemon, with a Finder.
sh "$here/okapi_sh.sh" "$build" || rc=1
exit $rc

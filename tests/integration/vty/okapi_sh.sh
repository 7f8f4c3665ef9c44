#!/bin/sh
# okapi-sh and cli/0.1/execute_in against the real lib/vty (okapi-demo),
# not the fake grammar of tests/integration/okapi_sh: the mode a line
# leads to and its prompt come from the daemon's session. Usage:
#   okapi_sh.sh BUILD_DIR
# Starts a Finder and okapi-demo on free loopback ports, by PID, and kills
# them at the end.
set -u
build=$1
finder="$build/daemons/finder/okapi-finder"
demo="$build/examples/okapi-demo"
xrlcall="$build/tools/xrlcall/xrlcall"
sh_bin="$build/tools/okapi-sh/okapi-sh"
dir=$(mktemp -d /tmp/okapi-shtest.XXXXXX)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
command -v python3 >/dev/null || { echo "SKIP: python3 not installed (scripts/deps.sh installs it)"; exit 77; }
for b in "$finder" "$demo" "$xrlcall" "$sh_bin"; do
	[ -x "$b" ] || { echo "FAIL: $b not built"; exit 1; }
done
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
fport=$(freeport)
vport=$(freeport)
"$finder" -d -p "$fport" >"$dir/finder.log" 2>&1 &
pids="$!"
printf 'hostname lab1\n' >"$dir/demo.conf"
OKAPI_RUNDIR=$dir "$demo" -F "127.0.0.1:$fport" -P "$vport" -f "$dir/demo.conf" >"$dir/demo.log" 2>&1 &
pids="$pids $!"
n=0
until "$xrlcall" -F "127.0.0.1:$fport" 'finder://demo/cli/0.1/execute?command:txt=show+version' >/dev/null 2>&1; do
	n=$((n + 1)); [ $n -gt 100 ] && { echo "FAIL: demo does not serve cli/0.1"; cat "$dir"/*.log; exit 1; }
	sleep 0.05
done
rc=0
# execute_in CONTEXT COMMAND WANT...: the reply must hold each WANT.
execute_in() {
	out=$("$xrlcall" -F "127.0.0.1:$fport" "finder://demo/cli/0.1/execute_in?context:txt=$1&command:txt=$2" 2>&1)
	shift 2
	for want in "$@"; do
		case "$out" in
		*"$want"*) ;;
		*) echo "FAIL: execute_in: no [$want] in [$out]"; rc=1; return ;;
		esac
	done
	echo "ok: execute_in $*"
}
execute_in '' 'configure+terminal' 'status:u32=0' 'new_context:txt=configure+terminal&' 'lab1(config)%23+'
execute_in 'configure+terminal' 'router+demo' 'new_context:txt=configure+terminal%0Arouter+demo&' 'lab1(config-router)%23+'
# A parent's command from the sub-node: the daemon's own session moved.
execute_in 'configure+terminal%0Arouter+demo' 'line+vty' 'new_context:txt=configure+terminal%0Aline+vty&' 'lab1(config-line)%23+'
execute_in 'configure+terminal%0Arouter+demo' 'end' 'new_context:txt=&' 'prompt:txt=lab1%23+'
# A mode the daemon lacks: nothing runs, status 3.
execute_in 'configure+terminal%0Arouter+ospf' 'hostname+zz' 'status:u32=3' 'output:txt=&'

# okapi-sh follows the modes the daemon reports.
out=$("$sh_bin" -F "127.0.0.1:$fport" -d demo -c 'conf t' -c 'router demo' -c 'neighbor 10.0.0.1' \
    -c 'line vty' -c 'exec-timeout 5 0' -c 'end' -c 'show running-config' 2>&1)
case "$out" in
*"router demo
 neighbor 10.0.0.1
exit"*"line vty
 exec-timeout 5 0
exit"*) echo "ok: okapi-sh modes" ;;
*) echo "FAIL: okapi-sh modes: [$out]"; rc=1 ;;
esac
# '?' after a '|', as okapi-sh asks it.
out=$("$xrlcall" -F "127.0.0.1:$fport" 'finder://demo/cli/0.1/describe?context:txt=&line:txt=show+running-config+%7C+' 2>&1)
case "$out" in
*"count%09Count"*"exclude%09"*"include%09"*"count:i32=3"*) echo "ok: describe after |" ;;
*) echo "FAIL: describe after |: [$out]"; rc=1 ;;
esac
[ $rc -ne 0 ] && { echo "--- logs"; cat "$dir"/*.log; }
exit $rc

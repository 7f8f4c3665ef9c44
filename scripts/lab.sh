#!/bin/sh
# lab.sh BUILD_DIR [start|stop|status|once]
#
# The lab, for now: a Finder on 127.0.0.1:1104 and two example targets,
# "alice" (which watches for births and deaths of class "bob") and "bob",
# and calls going through the Finder. Processes run in the background with
# their PIDs and logs in $OKAPI_LAB_DIR (default /tmp/okapi-lab).
#   start   start them (default), show calls, leave them running
#   stop    stop them, by PID
#   status  say what is running
#   once    start, show, kill bob to show its death reaching alice, stop
set -eu
build=$1
action=${2:-start}
dir=${OKAPI_LAB_DIR:-/tmp/okapi-lab}
port=${OKAPI_FINDER_PORT:-1104}
finder="$build/daemons/finder/okapi-finder"
demo="$build/examples/okapi-demo"
xrlcall="$build/tools/xrlcall/xrlcall"
F="127.0.0.1:$port"

alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

stop_one() {
	if alive "$1"; then
		kill "$(cat "$dir/$1.pid")" 2>/dev/null || true
		n=0
		while alive "$1" && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
		alive "$1" && kill -9 "$(cat "$dir/$1.pid")" 2>/dev/null || true
	fi
	rm -f "$dir/$1.pid"
}

stop() {
	for p in bob alice finder; do stop_one $p; done
	echo "lab: stopped"
}

start_one() {
	name=$1; shift
	"$@" >"$dir/$name.log" 2>&1 &
	echo $! >"$dir/$name.pid"
}

show() {
	echo "\$ xrlcall -F $F 'finder://bob/demo/0.1/greet?name:txt=operator'"
	"$xrlcall" -F "$F" -r 50 -w 100 'finder://bob/demo/0.1/greet?name:txt=operator'
	echo "\$ xrlcall -F $F 'finder://alice/demo/0.1/add?a:i32=40&b:i32=2'"
	"$xrlcall" -F "$F" -r 50 -w 100 'finder://alice/demo/0.1/add?a:i32=40&b:i32=2'
	echo "\$ xrlcall -F $F 'finder://finder/finder/0.2/resolve_xrl?xrl:txt=finder://bob/demo/0.1/greet'"
	"$xrlcall" -F "$F" 'finder://finder/finder/0.2/resolve_xrl?xrl:txt=finder://bob/demo/0.1/greet'
	echo "\$ xrlcall -F $F --targets"
	"$xrlcall" -F "$F" --targets
}

start() {
	mkdir -p "$dir"
	if alive finder; then
		echo "lab: already running (./okapi lab stop first)"
		exit 1
	fi
	export OKAPI_RUNDIR="$dir"
	start_one finder "$finder" -d -p "$port"
	"$xrlcall" -F "$F" -r 50 -w 100 finder://finder/common/0.1/get_status >/dev/null ||
		{ echo "lab: the Finder did not start, see $dir/finder.log"; stop; exit 1; }
	start_one alice "$demo" -F "$F" -c alice -w bob
	start_one bob "$demo" -F "$F" -c bob
	echo "lab: Finder on $F (pid $(cat "$dir/finder.pid")), targets alice (pid $(cat "$dir/alice.pid")) and bob (pid $(cat "$dir/bob.pid"))"
	show
	sleep 0.2
	echo "lab: alice heard: $(grep -E '^(birth|death)' "$dir/alice.log" | tr '\n' ';')"
}

case "$action" in
start)
	start
	echo "lab: running. Try: $xrlcall -F $F 'finder://alice/common/0.1/get_status'"
	echo "lab: logs in $dir; stop with: ./okapi lab stop"
	;;
once)
	start
	stop_one bob
	sleep 0.3
	echo "lab: after bob stopped, alice heard: $(grep -E '^(birth|death)' "$dir/alice.log" | tr '\n' ';')"
	stop
	;;
stop)
	stop
	;;
status)
	for p in finder alice bob; do
		if alive $p; then echo "$p: running (pid $(cat "$dir/$p.pid"))"; else echo "$p: stopped"; fi
	done
	;;
*)
	echo "usage: ./okapi lab [start|stop|status|once]" >&2
	exit 2
	;;
esac

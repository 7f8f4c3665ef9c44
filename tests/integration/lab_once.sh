#!/bin/sh
# The README's main command, in its non-interactive form: start the lab on a
# free port, check the calls it shows and the death alice hears, stop it.
set -eu
build=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dir=$(mktemp -d /tmp/okapi-labtest.XXXXXX)
trap 'OKAPI_LAB_DIR=$dir sh "$src/scripts/lab.sh" "$build" stop >/dev/null 2>&1; rm -rf "$dir"' EXIT
out=$(OKAPI_LAB_DIR=$dir OKAPI_FINDER_PORT=$port sh "$src/scripts/lab.sh" "$build" once 2>&1)
echo "$out"
fail=0
for want in "sum:i32=42" "greeting:txt=Hello+operator" "resolutions:list=:txt=unix://" \
    "alice heard: birth bob bob-" "death bob bob-" "lab: stopped"; do
	case "$out" in
	*"$want"*) echo "ok: $want" ;;
	*) echo "MISSING: $want"; fail=1 ;;
	esac
done
exit $fail

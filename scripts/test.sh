#!/bin/sh
# Build everything and run every test: unit and integration tests (meson),
# then every libFuzzer target for a short while under ASan and UBSan.
# Ends with the line "N passed, N failed, N skipped".
#
# Environment: FUZZ_SECONDS (per target, default 30), JOBS (ninja -j).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
passed=0 failed=0 skipped=0

sh "$top/scripts/deps.sh" || exit 1

echo "== build (gcc, -Werror)"
[ -f "$top/build/build.ninja" ] || meson setup "$top/build" "$top" >/dev/null || exit 1
ninja -C "$top/build" || exit 1

echo "== unit and integration tests"
meson test -C "$top/build" --print-errorlogs --num-processes 2 \
    > "$top/build/test-output.txt" 2>&1
cat "$top/build/test-output.txt"
count() {
	sed -n "s/^$1: *\([0-9][0-9]*\).*/\1/p" "$top/build/test-output.txt" | tail -1
}
ok=$(count Ok); xf=$(count "Expected Fail"); fl=$(count Fail)
up=$(count "Unexpected Pass"); sk=$(count Skipped); to=$(count Timeout)
passed=$((passed + ${ok:-0} + ${xf:-0}))
failed=$((failed + ${fl:-0} + ${up:-0} + ${to:-0}))
skipped=$((skipped + ${sk:-0}))
if [ -z "$ok" ]; then
	echo "test.sh: meson test printed no summary" >&2
	failed=$((failed + 1))
fi

echo "== fuzz targets (clang, libFuzzer, ASan+UBSan, ${FUZZ_SECONDS}s each)"
fb="$top/build-fuzz"
if [ ! -f "$fb/build.ninja" ]; then
	CC=clang meson setup "$fb" "$top" -Dfuzz=true -Dtests=false \
	    -Dbuildtype=debug >/dev/null || { echo "fuzz: setup failed"; failed=$((failed + 1)); }
fi
if ninja -C "$fb" >/dev/null; then
	for f in "$fb"/tests/fuzz/fuzz_*; do
		[ -f "$f" ] && [ -x "$f" ] || continue
		name=$(basename "$f")
		corpus="$fb/corpus-$name"
		mkdir -p "$corpus"
		if [ -d "$top/tests/fuzz/seeds/$name" ]; then
			cp -n "$top/tests/fuzz/seeds/$name"/* "$corpus"/ 2>/dev/null || true
		fi
		if "$f" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 \
		    -print_final_stats=1 "$corpus" > "$fb/$name.log" 2>&1; then
			execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$fb/$name.log")
			echo "PASS $name (${execs:-?} runs)"
			passed=$((passed + 1))
		else
			echo "FAIL $name"; tail -40 "$fb/$name.log"
			failed=$((failed + 1))
		fi
	done
else
	echo "FAIL fuzz build"; failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

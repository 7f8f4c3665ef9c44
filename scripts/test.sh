#!/bin/sh
# Build everything and run every test: unit and integration tests (meson),
# again under ASan and UBSan,
# then every libFuzzer target for a short while under ASan and UBSan.
# Ends with the line "N passed, N failed, N skipped".
#
# Environment: FUZZ_SECONDS (per target, default 20).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
passed=0 failed=0 skipped=0

sh "$top/scripts/deps.sh" || exit 1

echo "== build (gcc, -Werror)"
[ -f "$top/build/build.ninja" ] || meson setup "$top/build" "$top" >/dev/null || exit 1
ninja -C "$top/build" || exit 1

# Run one build's meson suites and add its counts to the totals.
run_suites() {
	out="$1/test-output.txt"
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    meson test -C "$1" --print-errorlogs --num-processes 2 >"$out" 2>&1
	cat "$out"
	ok=$(count "$out" Ok); xf=$(count "$out" "Expected Fail")
	fl=$(count "$out" Fail); up=$(count "$out" "Unexpected Pass")
	sk=$(count "$out" Skipped); to=$(count "$out" Timeout)
	passed=$((passed + ${ok:-0} + ${xf:-0}))
	failed=$((failed + ${fl:-0} + ${up:-0} + ${to:-0}))
	skipped=$((skipped + ${sk:-0}))
	if [ -z "$ok" ]; then
		echo "test.sh: meson test in $1 printed no summary" >&2
		failed=$((failed + 1))
	fi
}
count() {
	sed -n "s/^$2: *\([0-9][0-9]*\).*/\1/p" "$1" | tail -1
}

echo "== unit and integration tests"
run_suites "$top/build"

echo "== the same under ASan and UBSan"
ab="$top/build-asan"
if [ ! -f "$ab/build.ninja" ]; then
	meson setup "$ab" "$top" -Db_sanitize=address,undefined \
	    -Db_lundef=false >/dev/null || { echo "asan: setup failed"; failed=$((failed + 1)); }
fi
if ninja -C "$ab" >/dev/null; then
	run_suites "$ab"
else
	echo "FAIL asan build"; failed=$((failed + 1))
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

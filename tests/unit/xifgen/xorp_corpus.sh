#!/bin/sh
# DOC: runs xifgen over XORP's own interface and target files and compares
# the parse with what XORP's parser produced (shared/xorp-xif/README.md).
# The XORP files are GPL test input kept outside the repository: when they
# are absent the test is skipped (exit 77). isis.xif is malformed on
# purpose and must be rejected with a line-numbered error.
#
# usage: xorp_corpus.sh XIFGEN SHARED_DIR
set -u

xifgen=$1
corpus=$2/xorp-xif
if [ ! -f "$corpus/methods.expected.tsv" ]; then
	echo "SKIP: $corpus not found (the XORP corpus lives in ../shared," \
	    "outside the repository)"
	exit 77
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# XORP's settings when the expected files were made: IPv6 on, Click off,
# firewall and profile on (their XORP_DISABLE_* macros left undefined).
defs="-DHAVE_IPV6"
fail=0

: >"$tmp/methods.tsv"
for f in $(cd "$corpus/interfaces" && LC_ALL=C ls *.xif); do
	if [ "$f" = isis.xif ]; then
		if "$xifgen" $defs --methods "$corpus/interfaces/$f" \
		    >/dev/null 2>"$tmp/isis.err"; then
			echo "FAIL: isis.xif was accepted"
			fail=1
		elif ! grep -q "isis\.xif:[0-9][0-9]*: " "$tmp/isis.err"; then
			echo "FAIL: isis.xif error has no file:line:"
			cat "$tmp/isis.err"
			fail=1
		else
			echo "ok: isis.xif rejected: $(cat "$tmp/isis.err")"
		fi
		continue
	fi
	if ! "$xifgen" $defs --methods "$corpus/interfaces/$f" \
	    >>"$tmp/methods.tsv"; then
		echo "FAIL: xifgen --methods $f"
		fail=1
	fi
done
if diff -u "$corpus/methods.expected.tsv" "$tmp/methods.tsv"; then
	echo "ok: $(wc -l <"$tmp/methods.tsv") methods match"
else
	echo "FAIL: methods differ from methods.expected.tsv"
	fail=1
fi

: >"$tmp/targets.tsv"
for f in $(cd "$corpus/targets" && LC_ALL=C ls *.tgt); do
	if ! "$xifgen" $defs -I "$corpus/interfaces" --targets \
	    "$corpus/targets/$f" >>"$tmp/targets.tsv"; then
		echo "FAIL: xifgen --targets $f"
		fail=1
	fi
done
if diff -u "$corpus/targets.expected.tsv" "$tmp/targets.tsv"; then
	echo "ok: $(wc -l <"$tmp/targets.tsv") targets match"
else
	echo "FAIL: targets differ from targets.expected.tsv"
	fail=1
fi

# Every XORP interface must also give C that the generator accepts.
mkdir "$tmp/gen"
for f in $(cd "$corpus/interfaces" && LC_ALL=C ls *.xif); do
	[ "$f" = isis.xif ] && continue
	if ! "$xifgen" $defs -o "$tmp/gen" "$corpus/interfaces/$f"; then
		echo "FAIL: xifgen -o $f"
		fail=1
	fi
done
exit $fail

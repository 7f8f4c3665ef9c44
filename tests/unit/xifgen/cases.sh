#!/bin/sh
# DOC: xifgen on small inputs of our own. Each bad input must be refused
# with "file:line: message" naming the right line; each good input must
# give exactly the expected --methods / --targets listing. The inputs are
# written inline so each case reads as one unit.
#
# usage: cases.sh XIFGEN
set -u

xifgen=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0

# bad FILE LINE TEXT [xifgen options]: the input comes on stdin.
bad() {
	file=$1 line=$2 text=$3
	shift 3
	n=$((n + 1))
	cat >"$tmp/$file"
	if "$xifgen" "$@" "$tmp/$file" >"$tmp/out" 2>"$tmp/err"; then
		echo "FAIL: $file: accepted"
		fail=1
	elif ! grep -qF "$tmp/$file:$line: " "$tmp/err"; then
		echo "FAIL: $file: expected an error at line $line, got:"
		cat "$tmp/err"
		fail=1
	elif ! grep -qF -- "$text" "$tmp/err"; then
		echo "FAIL: $file: error does not mention '$text':"
		cat "$tmp/err"
		fail=1
	else
		echo "ok: $file: $(sed "s|$tmp/||" "$tmp/err")"
	fi
}

# good FILE EXPECTED [xifgen options]: the input comes on stdin.
good() {
	file=$1 expected=$2
	shift 2
	n=$((n + 1))
	cat >"$tmp/$file"
	printf '%s\n' "$expected" >"$tmp/expected"
	if ! "$xifgen" "$@" "$tmp/$file" >"$tmp/out" 2>"$tmp/err"; then
		echo "FAIL: $file: refused:"
		cat "$tmp/err"
		fail=1
	elif ! diff -u "$tmp/expected" "$tmp/out"; then
		echo "FAIL: $file: unexpected output"
		fail=1
	else
		echo "ok: $file"
	fi
}

# --- names (§8.2: okapi checks whole names, not just the first letter) ---
bad badiface.xif 2 "bad interface name" --methods <<'X'

interface bad.name/0.1 {
	ping;
}
X
bad badversion.xif 1 "bad interface name" --methods <<'X'
interface demo/1 {
	ping;
}
X
bad badmethod.xif 3 "bad method name 'get.x'" --methods <<'X'
interface demo/0.1 {
	ping;
	get.x -> a:u32;
}
X
bad digitmethod.xif 2 "bad method name '9lives'" --methods <<'X'
interface demo/0.1 {
	9lives;
}
X
bad badparam.xif 3 "bad argument name 'a[1]'" --methods <<'X'
interface demo/0.1 {
	ping;
	set ? a[1]:u32;
}
X
bad underscoreparam.xif 2 "bad argument name '_a'" --methods <<'X'
interface demo/0.1 {
	set ? _a:u32;
}
X
bad badtarget.tgt 5 "bad target name 'my-target'" --targets <<'X'
interface demo/0.1 {
	ping;
}

target my-target implements demo/0.1;
X
bad unknownref.tgt 4 "unknown interface demo/0.2" --targets <<'X'
interface demo/0.1 {
	ping;
}
target t implements demo/0.1,
    demo/0.2;
X

# --- types ---
bad unknowntype.xif 2 "unknown type 'u16'" --methods <<'X'
interface demo/0.1 {
	set ? a:u32 & b:u16;
}
X
bad bareliist.xif 3 "needs a member type" --methods <<'X'
interface demo/0.1 {
	ping;
	get -> items:list;
}
X
bad nestedlist.xif 2 "nested list" --methods <<'X'
interface demo/0.1 {
	get -> items:list<list>;
}
X
bad listmember.xif 2 "unknown list member type 'ipvx'" --methods <<'X'
interface demo/0.1 {
	get -> items:list<ipvx>;
}
X
bad notype.xif 2 "has no type" --methods <<'X'
interface demo/0.1 {
	set ? a;
}
X
bad missingamp.xif 2 "missing '&'" --methods <<'X'
interface demo/0.1 {
	set ? a:u32 \
	      b:u32;
}
X

# --- duplicates ---
bad dupin.xif 4 "duplicate input name 'a'" --methods <<'X'
interface demo/0.1 {
	ping;

	set ? a:u32 & b:txt & a:u32;
}
X
bad dupout.xif 2 "duplicate output name 'x'" --methods <<'X'
interface demo/0.1 {
	get -> x:u32 & x:txt;
}
X
bad dupinout.xif 2 "duplicate input and output name 'v'" --methods <<'X'
interface demo/0.1 {
	swap ? v:u32 -> v:u32;
}
X
bad dupmethod.xif 3 "method 'ping' defined twice" --methods <<'X'
interface demo/0.1 {
	ping;
	PING;
}
X
bad dupiface.xif 4 "defined twice" --methods <<'X'
interface demo/0.1 {
	ping;
}
interface demo/0.1 {
	ping;
}
X

# --- statements ---
bad nosemicolon.xif 2 "missing ';'" --methods <<'X'
interface demo/0.1 {
	ping
}
X
bad noclose.xif 1 "without a closing" --methods <<'X'
interface demo/0.1 {
	ping;
X
bad junk.xif 3 "expected 'interface' or 'target'" --methods <<'X'
/* nothing yet */

method ping;
X
bad twoarrows.xif 2 "more than one '->'" --methods <<'X'
interface demo/0.1 {
	get -> a:u32 -> b:u32;
}
X

# --- comments and the preprocessor ---
bad comment.xif 3 "unterminated comment" --methods <<'X'
interface demo/0.1 {
	ping;
	/* never closed
}
X
bad endif.xif 4 "#endif without #ifdef" --methods <<'X'
interface demo/0.1 {
	ping;
}
#endif
X
bad ifdef.xif 2 "unterminated #ifdef" --methods <<'X'
interface demo/0.1 {
#ifdef FOO
	ping;
}
X
bad twoelse.xif 5 "#else after #else" --methods <<'X'
#ifdef FOO
interface demo/0.1 {
#else
	ping;
#else
}
#endif
X
bad noinclude.xif 2 "file not found" --methods <<'X'
/* a quoted include must exist */
#include "nonexistent.xif"
X
# An error in an included file names that file and its line.
mkdir -p "$tmp/inc2"
printf 'interface inner/0.1 {\n\tping;\n\tbad ? x:nosuch;\n}\n' \
    >"$tmp/inc2/inner.xif"
n=$((n + 1))
printf '#include "inc2/inner.xif"\n' >"$tmp/outer.xif"
if "$xifgen" --methods "$tmp/outer.xif" >/dev/null 2>"$tmp/err" ||
    ! grep -qF "$tmp/inc2/inner.xif:3: unknown type 'nosuch'" "$tmp/err"; then
	echo "FAIL: outer.xif: error not located in the included file:"
	cat "$tmp/err"
	fail=1
else
	echo "ok: outer.xif: $(sed "s|$tmp/||" "$tmp/err")"
fi
bad self.xif 1 "nested too deeply" --methods <<'X'
#include "self.xif"
X
bad hashif.xif 1 "not supported" --methods <<'X'
#if 1
#endif
X
bad unknowndir.xif 1 "unknown directive #pragma" --methods <<'X'
#pragma once
X

# --- good input ---
mkdir -p "$tmp/inc"
cat >"$tmp/inc/base.xif" <<'X'
interface base/1.0 {
	hello;
}
X
good prep.xif 'prep.xif	base/1.0/hello
prep.xif	demo/0.1/a
prep.xif	demo/0.1/b
prep.xif	demo/0.1/d
prep.xif	demo/0.1/e?x:u32&y:list<ipv6net>->z:txt
prep.xif	demo/0.1/f-g/h?in:binary->out:fp64' \
    --methods -I "$tmp/inc" -DHAVE_THIS <<'X'
/* Comments, continuations, conditionals, includes and upper case. */
#include <xorp_config.h>
#include "base.xif"		// found through -I
#define LOCAL
INTERFACE Demo/0.1 {
#ifdef HAVE_THIS
	a;
#ifndef LOCAL
	c;
#else
	b;	/* nested #else taken */
#endif
#else
	c;
#endif
#ifdef NOT_THERE
	c;
#endif
	/**
	 * A kdoc comment, which xifgen reads past.
	 */
	d /* inside */ ;
	E ? X : U32 \
	    & y:list< ipv6net > -> z:txt;
	f-g/h ? in:binary
	    -> out:fp64;
}
X
good target.tgt 'target.tgt	one	base/1.0
target.tgt	two_2	base/1.0,demo/0.1' --targets -I "$tmp/inc" <<'X'
#include "base.xif"
interface demo/0.1 {
	ping;
}
target one implements base/1.0;
target two_2 implements base/1.0,
#ifdef NOT_THERE
    missing/0.1,
#endif
    demo/0.1;
X
good xrls.tgt 'finder://t/base/1.0/hello
finder://t/demo/0.1/get?a:u32->l:list' --xrls -I "$tmp/inc" <<'X'
#include "base.xif"
interface demo/0.1 {
	get ? a:u32 -> l:list<txt>;
}
target t implements base/1.0, demo/0.1;
X
# XORP's rtrmgr.xif writes an empty input list.
good emptyin.xif 'emptyin.xif	demo/0.1/get_pid->pid:u32' --methods <<'X'
interface demo/0.1 {
	get_pid ? -> pid:u32;
}
X
good echo.xif 'echo.xif	demo/0.1/echo?items:list<u32>->echoed:list<u32>' \
    --methods <<'X'
interface demo/0.1 {
	echo ? items:list<u32> -> echoed:list<u32>;
}
X

# -o writes both files, and C keywords are renamed.
n=$((n + 1))
cat >"$tmp/kw.xif" <<'X'
interface kw-test/2.10 {
	register ? int:u32 & target:txt -> default:bool;
}
X
mkdir "$tmp/gen"
if ! "$xifgen" -o "$tmp/gen" "$tmp/kw.xif" 2>"$tmp/err"; then
	echo "FAIL: kw.xif: -o refused:"; cat "$tmp/err"; fail=1
elif ! grep -q 'void	(\*register_)(void \*ctx, struct xrl_error \*err, uint32_t int_,' \
    "$tmp/gen/kw_xif.h" ||
    ! grep -q 'XRL_KW_TEST_V2P10_NMETHODS	1' "$tmp/gen/kw_xif.h" ||
    ! grep -q '"kw-test/2.10/register"' "$tmp/gen/kw_xif.c"; then
	echo "FAIL: kw.xif: unexpected generated code"; fail=1
else
	echo "ok: kw.xif"
fi

echo "$n cases"
exit $fail

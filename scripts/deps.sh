#!/bin/sh
# Install okapi's Debian build and test dependencies. Idempotent: packages
# already present are not fetched again, and the apt lists are refreshed at
# most once an hour.
#
# FRRouting and BIRD are the lab's other routers (tools/lab, docs/lab.md).
# They install with a policy-rc.d that forbids starting services, and their
# units are disabled: they only ever run inside the lab's namespaces.
set -eu
PKGS="build-essential meson ninja-build pkg-config clang libclang-rt-14-dev \
libevent-dev libcmocka-dev libssl-dev libexpat1-dev libmnl-dev libgsasl-dev \
python3 procps iproute2 iputils-ping libedit-dev libjson-c-dev libcrypt-dev \
expect telnet openssl tshark"
PEERS="frr bird2"

missing_of() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			printf ' %s' "$p"
	done
}

# policy-rc.d answering 101 (action forbidden) while the peers install; the
# machine's own policy-rc.d, if any, is put back whatever happens.
policy=/usr/sbin/policy-rc.d
policy_saved=""
policy_armed=0
policy_forbid() {
	if [ -e "$policy" ]; then
		policy_saved=$(mktemp)
		cp -p "$policy" "$policy_saved"
	fi
	policy_armed=1
	trap policy_restore EXIT
	trap 'policy_restore; exit 1' INT TERM
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
}
policy_restore() {
	[ "$policy_armed" = 1 ] || return 0
	if [ -n "$policy_saved" ]; then
		mv -f "$policy_saved" "$policy"
	else
		rm -f "$policy"
	fi
	policy_armed=0
}

# For each peer package just installed: should it have started its daemon
# all the same, stop it by its pid file (checking the process is that
# daemon), and keep its unit from starting at boot.
peers_quiet() {
	for p in "$@"; do
		case "$p" in
		frr)
			unit=frr.service
			pids="/run/frr/watchfrr.pid /run/frr/zebra.pid"
			pids="$pids /run/frr/staticd.pid"
			;;
		bird2)
			unit=bird.service
			pids=/run/bird/bird.pid
			;;
		*) continue ;;
		esac
		for f in $pids; do
			[ -s "$f" ] || continue
			pid=$(cat "$f")
			case "$(cat "/proc/$pid/comm" 2>/dev/null)" in
			watchfrr|zebra|staticd|bird) kill "$pid" 2>/dev/null || true ;;
			esac
		done
		if command -v systemctl >/dev/null; then
			systemctl disable "$unit" >/dev/null 2>&1 || true
		fi
	done
}

missing=$(missing_of $PKGS)
missing_peers=$(missing_of $PEERS)
[ -z "$missing$missing_peers" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing$missing_peers" \
	    "(run as root to install)" >&2
	exit 1
fi
stamp=/var/lib/apt/periodic/okapi-update-stamp
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +60)" ]; then
	apt-get update -q >/dev/null
	mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
if [ -n "$missing" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends $missing >/dev/null
fi
if [ -n "$missing_peers" ]; then
	policy_forbid
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends $missing_peers >/dev/null
	policy_restore
	peers_quiet $missing_peers
fi
echo "deps.sh: installed$missing$missing_peers"

#!/bin/sh
# Install okapi's Debian build and test dependencies. Idempotent: packages
# already present are not fetched again, and the apt lists are refreshed at
# most once an hour.
set -eu
PKGS="build-essential meson ninja-build pkg-config clang libclang-rt-14-dev \
libevent-dev libcmocka-dev libssl-dev libexpat1-dev libmnl-dev libgsasl-dev \
python3 procps iproute2 libedit-dev libjson-c-dev libcrypt-dev expect telnet"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install)" >&2
	exit 1
fi
stamp=/var/lib/apt/periodic/okapi-update-stamp
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +60)" ]; then
	apt-get update -q >/dev/null
	mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "deps.sh: installed$missing"

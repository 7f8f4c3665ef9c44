#!/bin/sh
# mkcerts.sh DIR NAME...: a test CA and, for each NAME, a key and a
# certificate it signs, for BEEP over TLS (lib/beep/tls.c) in labs and
# tests. Writes DIR/ca.pem, DIR/ca.key, DIR/NAME.pem, DIR/NAME.key: EC
# P-256 keys, 825 days, SAN DNS:NAME (and IP:NAME when NAME looks like an
# IPv4 address), usable as server and as client certificate.
# Idempotent: what exists and still chains to DIR/ca.pem is kept.
# Prints each certificate's SHA-256 fingerprint (for --pin).
set -eu

usage() {
	echo "usage: mkcerts.sh DIR NAME..." >&2
	exit 2
}

[ $# -ge 2 ] || usage
dir=$1
shift
command -v openssl >/dev/null 2>&1 || {
	echo "mkcerts.sh: openssl not found" >&2
	exit 1
}
days=825

for name in "$@"; do
	case $name in
	''|-*|*[!A-Za-z0-9._-]*)
		echo "mkcerts.sh: bad name '$name' (letters, digits, '.', '-', '_')" >&2
		exit 2
		;;
	ca)
		echo "mkcerts.sh: 'ca' is the CA's own name" >&2
		exit 2
		;;
	esac
done

mkdir -p "$dir"
umask 077

newkey() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$1.tmp" 2>/dev/null
	mv "$1.tmp" "$1"
}

is_ipv4() {
	case $1 in
	*[!0-9.]*|*..*|.*|*.) return 1 ;;
	esac
	oldifs=$IFS
	IFS=.
	# shellcheck disable=SC2086
	set -- $1
	IFS=$oldifs
	[ $# -eq 4 ] || return 1
	for o in "$@"; do
		[ "${#o}" -le 3 ] && [ "$o" -le 255 ] || return 1
	done
	return 0
}

if [ ! -s "$dir/ca.pem" ] || [ ! -s "$dir/ca.key" ]; then
	newkey "$dir/ca.key"
	openssl req -x509 -new -key "$dir/ca.key" -sha256 -days "$days" \
	    -subj "/CN=okapi test CA" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" \
	    -out "$dir/ca.pem.tmp"
	mv "$dir/ca.pem.tmp" "$dir/ca.pem"
	# a new CA: every certificate of the old one is stale
fi
chmod 644 "$dir/ca.pem"

for name in "$@"; do
	crt=$dir/$name.pem
	key=$dir/$name.key
	if [ -s "$crt" ] && [ -s "$key" ] &&
	    openssl verify -CAfile "$dir/ca.pem" "$crt" >/dev/null 2>&1; then
		:
	else
		[ -s "$key" ] || newkey "$key"
		san="DNS:$name"
		if is_ipv4 "$name"; then
			san="$san,IP:$name"
		fi
		ext=$dir/$name.ext.tmp
		cat >"$ext" <<EOF
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
		openssl req -new -key "$key" -subj "/CN=$name" \
		    -out "$dir/$name.csr.tmp"
		openssl x509 -req -in "$dir/$name.csr.tmp" -sha256 \
		    -days "$days" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
		    -set_serial "0x$(openssl rand -hex 16)" \
		    -extfile "$ext" -out "$crt.tmp" 2>/dev/null
		rm -f "$ext" "$dir/$name.csr.tmp"
		mv "$crt.tmp" "$crt"
	fi
	chmod 644 "$crt"
	printf '%s %s\n' "$name" \
	    "$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | sed 's/.*=//')"
done

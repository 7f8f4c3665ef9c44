#!/bin/sh
# lab.sh BUILD_DIR [start [FILE] | once [FILE] | stop [NAME...] | status]
#
# The lab: OSPF routers in Linux network namespaces, okapi's own and
# FRRouting's and BIRD's beside them (tools/lab/okapi-lab, docs/lab.md).
#   start [FILE]   bring up FILE's topology (default: the built-in one: r1,
#                  r2, r3 on a LAN, r4 behind r3), wait until OSPF has
#                  converged, show each router's neighbours and routes and
#                  how to reach its VTY; leave it running (the default)
#   once [FILE]    the same, then stop it
#   stop [NAME..]  kill its daemons by PID, delete its namespaces
#   status         namespaces, daemons and PIDs, neighbour states
# Needs root. State, logs and configurations: /run/okapi-lab/<lab>/.
set -eu
build=$1
shift
exec python3 "$(dirname "$0")/../tools/lab/okapi-lab" -b "$build" "$@"

#!/bin/bash
# One `vigie import` of EXPORT into a fresh case, with wall and CPU time (GNU time) and, on PostgreSQL, the server's
# CPU: the postmaster's reaped children (its backends) between start and end, read from /proc (a server of your own:
# other sessions would count too). Used for the store section of BENCHMARKS.md (issue 13); run the built code.
#   bench/import-cpu.sh sqlite EXPORT
#   PG_URL=postgres://… PG_DATA=/path/to/data bench/import-cpu.sh postgres EXPORT
# Prints: kind wall_s user_s sys_s [server_cpu_ms]
set -euo pipefail
kind=$1
export_dir=$2
cli="node $(dirname "$0")/../dist/cli/main.js"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
server_ticks() { [ -n "${PG_DATA:-}" ] && awk '{print $16 + $17}' "/proc/$(head -1 "$PG_DATA/postmaster.pid")/stat" || echo 0; }
if [ "$kind" = postgres ]; then $cli init "$work/case" --database "$PG_URL" >/dev/null; else $cli init "$work/case" >/dev/null; fi
s0=$(server_ticks)
/usr/bin/time -o "$work/time" -f "%e %U %S" $cli import --case "$work/case" --account bench "$export_dir" >/dev/null
s1=$(server_ticks)
tck=$(getconf CLK_TCK)
echo "$kind $(cat "$work/time")$([ "$kind" = postgres ] && echo " $(((s1 - s0) * 1000 / tck))")"

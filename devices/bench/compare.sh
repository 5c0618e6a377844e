#!/bin/bash
# Runs the Brian2 anchor (C++ standalone, one thread) and the Go benchmark on
# the same network, interleaved, rounds times, and prints the medians of
# simulated seconds per wall second for both, their ratio, and Go's
# simulated seconds per CPU-second of its thread (what to read on a loaded
# machine; Brian2's standalone binary reports wall time only, so the ratio
# is of wall-clock speeds measured under the same load).
#   usage: devices/bench/compare.sh [seconds [rounds]]   (default 20 s, 1 round)
# Needs /usr/bin/python3 with brian2 and numpy, g++, and the anchors in
# ../shared/anchors (relative to the repository root).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
anchors=${ANCHORS:-$root/../shared/anchors}
secs=${1:-20}
rounds=${2:-1}
declare -A brian go gocpu
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
echo "loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$root" && go test -c -o /tmp/petri-sim-bench.test ./devices/sim)
for r in $(seq "$rounds"); do
  for l in lattice homogeneous; do
    line=$(cd "$anchors" && /usr/bin/python3 culture_brian2.py --layout $l --seconds "$secs" --standalone 2>/dev/null | grep '^METRIC')
    echo "round $r brian2 $line"
    rtf=$(sed -n 's/.* rtf=\([0-9.]*\).*/\1/p' <<<"$line")
    brian[$l]+="$(awk -v r="$rtf" 'BEGIN{printf "%.3f", 1/r}') "
  done
  out=$(cd "$root/devices/sim" && /tmp/petri-sim-bench.test -test.run '^$' -test.bench 'BenchmarkCulture' -test.benchtime "${secs}x" -test.cpu 1)
  echo "$out" | grep Benchmark | sed "s/^/round $r /"
  for l in lattice homogeneous; do
    go[$l]+="$(echo "$out" | awk -v n="$l-1920" '$1 ~ n {for (i=2;i<=NF;i++) if ($(i+1)=="simsec/s") print $i}') "
    gocpu[$l]+="$(echo "$out" | awk -v n="$l-1920" '$1 ~ n {for (i=2;i<=NF;i++) if ($(i+1)=="simsec/cpu-s") print $i}') "
  done
done
echo "loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %16s %12s %8s %15s\n' layout brian2_simsec/s go_simsec/s ratio go_simsec/cpu-s
for l in lattice homogeneous; do
  b=$(tr ' ' '\n' <<<"${brian[$l]}" | grep . | median)
  g=$(tr ' ' '\n' <<<"${go[$l]}" | grep . | median)
  c=$(tr ' ' '\n' <<<"${gocpu[$l]}" | grep . | median)
  printf '%-12s %16s %12s %8.1f %15s\n' $l "$b" "$g" "$(awk -v a="$g" -v b="$b" 'BEGIN{print a/b}')" "$c"
done

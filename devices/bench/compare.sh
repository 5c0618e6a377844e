#!/bin/bash
# Runs the Brian2 anchor (C++ standalone, one thread) and the Go benchmark on
# the same network, one after the other, and prints simulated seconds per
# wall second for both and their ratio.
#   usage: devices/bench/compare.sh [seconds]     (default 20 simulated s)
# Needs /usr/bin/python3 with brian2 and numpy, g++, and the anchors in
# ../shared/anchors (relative to the repository root).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
anchors=${ANCHORS:-$root/../shared/anchors}
secs=${1:-20}
declare -A brian go
echo "loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"
for l in lattice homogeneous; do
  line=$(cd "$anchors" && /usr/bin/python3 culture_brian2.py --layout $l --seconds "$secs" --standalone 2>/dev/null | grep '^METRIC')
  echo "brian2 $line"
  rtf=$(sed -n 's/.* rtf=\([0-9.]*\).*/\1/p' <<<"$line")
  brian[$l]=$(awk -v r="$rtf" 'BEGIN{printf "%.3f", 1/r}')
done
out=$(cd "$root" && go test -run '^$' -bench 'BenchmarkCulture' -benchtime "${secs}x" -cpu 1 ./devices/sim)
echo "$out" | grep Benchmark
for l in lattice homogeneous; do
  go[$l]=$(echo "$out" | awk -v n="$l-1920" '$1 ~ n {for (i=2;i<=NF;i++) if ($(i+1)=="simsec/s") print $i}')
done
echo "loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %14s %14s %8s\n' layout brian2_simsec/s go_simsec/s ratio
for l in lattice homogeneous; do
  printf '%-12s %14s %14s %8.1f\n' $l "${brian[$l]}" "${go[$l]}" "$(awk -v a="${go[$l]}" -v b="${brian[$l]}" 'BEGIN{print a/b}')"
done

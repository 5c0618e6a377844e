#!/bin/bash
# compare.sh: run the numpy anchors and petri's Go benchmarks side by side,
# in one run on one machine, and print the ratios Go/numpy (< 1: Go faster).
#
#   reservoir/bench/compare.sh [benchtime]      (default benchtime 2s)
#
# - RLS: ../shared/anchors/rls_numpy.py --variants blas (scipy dgemv + in-place
#   dger on a Fortran-ordered P), with OpenBLAS's default threads and with 1
#   thread; the ratio uses the faster numpy figure. vs BenchmarkRLS/N=….
# - Rate network step: the loop body of ../shared/anchors/force_rate_numpy.py
#   (x = (1-dt) x + M @ (r dt) + wf z dt; r = tanh x; z = w.r; M dense as in
#   the authors' MATLAB) timed in numpy, vs BenchmarkRateNetworkStep/N=1000.
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the numpy runs only.
set -u
cd "$(dirname "$0")/../.." || exit 1   # module root
ANCHORS=${ANCHORS:-/work/shared/anchors}
PY=${PY:-/usr/bin/python3}
BT=${1:-2s}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "# loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

numpy() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$@"; }

numpy "$ANCHORS/rls_numpy.py" --sizes 256,1024,4096 --variants blas --min-time 1 \
  | grep '^METRIC' | tee "$tmp/np_default"
numpy "$ANCHORS/rls_numpy.py" --sizes 256,1024,4096 --variants blas --min-time 1 --threads 1 \
  | grep '^METRIC' | tee "$tmp/np_1"
numpy - <<'PY' | tee "$tmp/np_step"
import time, numpy as np
N, p, g, dt = 1000, 0.1, 1.5, 0.1
rng = np.random.default_rng(0)
M = (rng.random((N, N)) < p) * rng.standard_normal((N, N)) * (g / np.sqrt(p * N))
wf = 2.0 * (rng.random(N) - 0.5); w = np.zeros(N)
x = 0.5 * rng.standard_normal(N); r = np.tanh(x); z = 0.3
n, t0 = 0, time.perf_counter()
while time.perf_counter() - t0 < 2.0:
    for _ in range(100):
        x = (1.0 - dt) * x + M @ (r * dt) + wf * (z * dt)
        r = np.tanh(x)
        z = w @ r
    n += 100
print(f"METRIC bench=ratestep n={N} us_per_step={1e6 * (time.perf_counter() - t0) / n:.1f}")
PY
go test -run '^$' -bench 'BenchmarkRLS|BenchmarkRateNetworkStep' -benchtime "$BT" \
  ./reservoir/ ./reservoir/force/ | grep '^Benchmark' | tee "$tmp/go"

echo
printf '%-32s %12s %12s %8s\n' benchmark go_us numpy_us ratio
us() { grep -o "$1=[0-9.]*" | head -1 | cut -d= -f2; }
for n in 256 1024 4096; do
  g=$(awk -v b="BenchmarkRLS/N=$n-" 'index($1, b) == 1 {print $3 / 1000}' "$tmp/go")
  a=$(grep " n=$n " "$tmp/np_default" | us us_per_update)
  b=$(grep " n=$n " "$tmp/np_1" | us us_per_update)
  best=$(awk -v a="$a" -v b="$b" 'BEGIN {print (a < b ? a : b)}')
  printf '%-32s %12.1f %12.1f %8.2f\n' "RLS/N=$n" "$g" "$best" "$(awk -v g="$g" -v b="$best" 'BEGIN {print g / b}')"
done
g=$(awk 'index($1, "BenchmarkRateNetworkStep/N=1000-") == 1 {print $3 / 1000}' "$tmp/go")
s=$(us us_per_step < "$tmp/np_step")
printf '%-32s %12.1f %12.1f %8.2f\n' "RateNetworkStep/N=1000" "$g" "$s" "$(awk -v g="$g" -v b="$s" 'BEGIN {print g / b}')"

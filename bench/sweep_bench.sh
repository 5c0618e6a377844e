#!/usr/bin/env bash
# The cost of petri sweep per point, against running the same notebooks one by one
# with `petri run` (the reference): N points of a short seeded notebook, run
#   1. one by one with petri run -p (what a hand-written shell loop does),
#   2. petri sweep, local executor, 1 worker  -> overhead per point vs 1.
#   3. petri sweep, local executor, one worker per CPU,
#   4. petri sweep through a real single-node Slurm (tests/slurm_lib.sh; needs root and
#      slurm-wlm, munge), one array task per point -> overhead per point vs 1,
# and with --minute, a 2 × 2-point sweep of a notebook that computes for one minute on
# the local executor (on 2 cores: about two minutes, against four run one by one).
# Usage: bash bench/sweep_bench.sh [N] [--minute] [--no-slurm]
set -euo pipefail
cd "$(dirname "$0")/.."
n=8
minute=false
slurm=true
for a in "$@"; do
	case $a in
	--minute) minute=true ;;
	--no-slurm) slurm=false ;;
	*) n=$a ;;
	esac
done
go build -o petri .
petri=$PWD/petri
py=/usr/bin/python3

if $slurm; then
	. tests/slurm_lib.sh
	start_slurm >/dev/null
	B=$T/bench
else
	B=$(mktemp -d /tmp/petri-bench.XXXXXX)
	trap 'rm -rf "$B"' EXIT
fi
mkdir -p "$B"

notebook() { # notebook PATH SOURCE-OF-THE-WORK-CELL
	$py - "$1" "$2" <<'EOF'
import json, sys
cells = [
    {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [], "execution_count": None,
     "source": "seed := 1\nseconds := 0.0\n"},
    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": sys.argv[2]},
]
json.dump({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, open(sys.argv[1], "w"), indent=1)
EOF
}
now() { date +%s.%N; }
since() { $py -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }
per() { $py -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$1" "$2"; }
over() { $py -c "import sys; a, b, n = map(float, sys.argv[1:]); print(f'{(a - b) / n:+.3f}')" "$1" "$2" "$3"; }

notebook "$B/short.ipynb" 'r := rand.New(rand.NewPCG(uint64(seed), 0))
x := 0.0
for i := 0; i < 100000; i++ {
	x += r.NormFloat64()
}
display.Result("mean", x/100000)'
seeds=$(seq -s, 1 "$n")
spec() { # spec NAME EXECUTOR WORKERS NOTEBOOK GRID
	cat >"$B/$1.json" <<EOF
{"notebook": "$4", "executor": "$2", "workers": $3, "grid": $5,
 "slurm": {"partition": "debug", "time": "10", "poll": "250ms"}}
EOF
}

echo "== $n points of a short notebook on $(nproc) CPUs"
t0=$(now)
for s in $(seq 1 "$n"); do
	"$petri" run "$B/short.ipynb" -o "$B/one-$s.ipynb" -p seed="$s" --results "$B/one-$s.json" 2>/dev/null
done
seq_s=$(since "$t0")
spec local1 local 1 short.ipynb "{\"seed\": [$seeds]}"
t0=$(now)
(cd "$B" && "$petri" sweep local1.json 2>/dev/null)
l1=$(since "$t0")
spec localN local "$(nproc)" short.ipynb "{\"seed\": [$seeds]}"
t0=$(now)
(cd "$B" && "$petri" sweep localN.json 2>/dev/null)
lN=$(since "$t0")
printf '%-40s %8s %12s %14s\n' "how" "total s" "s per point" "overhead/point"
printf '%-40s %8s %12s %14s\n' "petri run, one by one (reference)" "$seq_s" "$(per "$seq_s" "$n")" "0"
printf '%-40s %8s %12s %14s\n' "petri sweep, local, 1 worker" "$l1" "$(per "$l1" "$n")" "$(over "$l1" "$seq_s" "$n")"
printf '%-40s %8s %12s %14s\n' "petri sweep, local, $(nproc) workers" "$lN" "$(per "$lN" "$n")" "$(over "$lN" "$seq_s" "$n")"
if $slurm; then
	spec slurm slurm 1 short.ipynb "{\"seed\": [$seeds]}"
	t0=$(now)
	(cd "$B" && "$petri" sweep slurm.json 2>/dev/null)
	sl=$(since "$t0")
	printf '%-40s %8s %12s %14s\n' "petri sweep, Slurm array ($(nproc) CPUs)" "$sl" "$(per "$sl" "$n")" "$(over "$sl" "$seq_s" "$n")"
fi
# The tables agree with the reference runs.
$py - "$B" "$n" <<'EOF'
import csv, json, os, sys
b, n = sys.argv[1], int(sys.argv[2])
ref = {str(s): json.load(open(os.path.join(b, f"one-{s}.json")))["results"]["mean"] for s in range(1, n + 1)}
for out in [d for d in os.listdir(b) if d.endswith(".out")]:
    for row in csv.DictReader(open(os.path.join(b, out, "results.csv"))):
        assert row["status"] == "ok" and float(row["mean"]) == ref[row["seed"]], (out, row)
print("every sweep's table equals the one-by-one runs")
EOF

if $minute; then
	notebook "$B/minute.ipynb" 'start := time.Now()
x, i := 0.0, 0
for time.Since(start) < time.Duration(seconds*float64(time.Second)) {
	x += math.Sqrt(float64(i + seed))
	i++
}
display.Result("iterations", i)'
	spec minute local "$(nproc)" minute.ipynb '{"seed": [1, 2], "seconds": [60, 60.0001]}'
	echo "== a 2 x 2-point sweep of a one-minute notebook, local executor, $(nproc) workers"
	t0=$(now)
	(cd "$B" && "$petri" sweep minute.json)
	echo "wall time $(since "$t0") s for 4 one-minute points (one by one: about 240 s)"
fi

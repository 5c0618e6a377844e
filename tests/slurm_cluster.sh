#!/usr/bin/env bash
# Runs a petri sweep through a real Slurm: starts a single-node cluster on this machine
# (munged, slurmctld and slurmd on localhost, from a generated slurm.conf in a temporary
# directory), submits a 2 × 2-point sweep of a short notebook as one job array, checks
# the results table, runs the same sweep on the local executor and compares the two,
# checks that a refused job is a clear error and that Ctrl-C scancels the array, and stops everything it started, also on
# failure. Needs root and Debian's slurm-wlm and munge (tests/deps.sh).
# Usage: bash tests/slurm_cluster.sh [PETRI]   (default: ./petri, built by tests/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
petri=$(realpath "${1:-./petri}")
py=/usr/bin/python3

. tests/slurm_lib.sh
start_slurm

echo "== a sweep through sbatch --array"
W=$T/work
mkdir -p "$W"
$py - "$W/nb.ipynb" <<'EOF'
import json, sys
cells = [
    {"cell_type": "markdown", "metadata": {}, "source": "A short seeded notebook for the sweep tests."},
    {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [], "execution_count": None,
     "source": "seed := 1\ngain := 1.0\nwait := 0.0 // seconds\n"},
    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
     "source": "time.Sleep(time.Duration(wait * float64(time.Second)))\nr := rand.New(rand.NewPCG(uint64(seed), 0))\nsum := 0.0\nfor i := 0; i < 1000; i++ {\n\tsum += gain * r.NormFloat64()\n}\ndisplay.Result(\"mean\", sum/1000)\ndisplay.Result(\"host_ok\", true)\n"},
]
json.dump({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, open(sys.argv[1], "w"), indent=1)
EOF
cat >"$W/slurm.json" <<EOF
{"notebook": "nb.ipynb", "out": "slurm.out", "executor": "slurm",
 "grid": {"gain": [0.5, 2]}, "seeds": {"name": "seed", "count": 2, "first": 1},
 "slurm": {"partition": "debug", "time": "5", "cpus_per_task": 1, "chunk": 1, "poll": "500ms"}}
EOF
sed -e 's/"slurm.out", "executor": "slurm"/"local.out", "executor": "local"/' "$W/slurm.json" >"$W/local.json"
(cd "$W" && "$petri" sweep slurm.json)
echo "== the same sweep on the local executor"
(cd "$W" && "$petri" sweep local.json)
echo "== the same sweep as 2 array tasks of 2 points each"
sed -e 's/"chunk": 1/"chunk": 2/' -e 's/slurm.out/chunk.out/' "$W/slurm.json" >"$W/chunk.json"
(cd "$W" && "$petri" sweep chunk.json 2>&1 | tee "$T/chunk.log")
grep -q "2 task(s) for 4 point(s)" "$T/chunk.log"

echo "== compare"
$py - "$W" <<'EOF'
import csv, sys, os
w = sys.argv[1]
def rows(name):
    with open(os.path.join(w, name, "results.csv")) as f:
        return list(csv.DictReader(f))
s, l, c = rows("slurm.out"), rows("local.out"), rows("chunk.out")
assert len(s) == 4 and len(l) == 4 and len(c) == 4, (len(s), len(l), len(c))
for a, b in list(zip(s, l)) + list(zip(c, l)):
    assert a["status"] == "ok" and b["status"] == "ok", (a, b)
    assert a["executor"] == "slurm" and b["executor"] == "local"
    assert a["slurm_job"] and "_" in a["slurm_job"], a["slurm_job"]
    for k in ("point", "id", "gain", "seed", "mean", "host_ok"):
        assert a[k] == b[k], (k, a[k], b[k])
    assert os.path.exists(os.path.join(w, "slurm.out", a["output"]))
print("slurm and local tables agree on", len(s), "points:", [r["mean"] for r in s])
EOF

echo "== resume: nothing left to run"
(cd "$W" && "$petri" sweep slurm.json 2>&1 | tee "$T/resume.log")
grep -q "4 complete from an earlier run, 0 to run" "$T/resume.log"

echo "== a job Slurm refuses is an error before anything runs"
sed -e 's/"partition": "debug"/"partition": "nosuch"/' -e 's/slurm.out/refused.out/' "$W/slurm.json" >"$W/refused.json"
if (cd "$W" && "$petri" sweep refused.json 2>"$T/refused.log"); then
	echo "a sweep to a partition that does not exist succeeded" >&2
	exit 1
fi
cat "$T/refused.log"
grep -q "sbatch refused the job array" "$T/refused.log"
grep -q "nosuch\|partition" "$T/refused.log"
if ls "$W"/refused.out/points/*/record.json 2>/dev/null; then
	echo "a refused sweep left records" >&2
	exit 1
fi
echo "== a task that dies without a record is a failed point, and the sweep goes on"
sed -e 's/slurm.out/dead.out/' -e 's|"chunk": 1,|"chunk": 1, "petri": "/bin/false",|' "$W/slurm.json" >"$W/dead.json"
if (cd "$W" && "$petri" sweep dead.json 2>"$T/dead.log"); then
	echo "a sweep whose tasks died succeeded" >&2
	exit 1
fi
cat "$T/dead.log"
grep -q "4 of 4 failed" "$T/dead.log"
$py - "$W/dead.out/results.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 4 and all(r["status"] == "failed" and "ended without finishing this point" in r["error"] for r in rows), rows
EOF

echo "== Ctrl-C scancels the array"
sed -e 's/slurm.out/cancel.out/' -e 's/"grid": {/"grid": {"wait": [60], /' "$W/slurm.json" >"$W/cancel.json"
(cd "$W" && exec "$petri" sweep cancel.json) 2>"$T/cancel.log" &
sweep=$!
for _ in $(seq 100); do grep -q running "$T/cancel.log" && break; sleep 0.2; done
grep -q running "$T/cancel.log"
kill -INT "$sweep"
if wait "$sweep"; then
	echo "an interrupted sweep exited 0" >&2
	exit 1
fi
cat "$T/cancel.log"
grep -q "cancelled Slurm job" "$T/cancel.log"
for _ in $(seq 50); do [ -z "$(squeue -h)" ] && break; sleep 0.2; done
if [ -n "$(squeue -h)" ]; then
	echo "jobs left in the queue after Ctrl-C:" >&2
	squeue >&2
	exit 1
fi
echo "slurm cluster test passed"

#!/usr/bin/env bash
# The test command: builds petri, runs every Go test, then the tests that need the
# real Jupyter stack (jupyter_kernel_test, jupyter_client, nbclient, nbformat) against
# the built and installed kernel. Needs Debian's python3-jupyter-kernel-test,
# python3-jupyter-client, python3-nbclient, python3-nbformat and python3-ipykernel
# (tests/deps.sh installs them). Usage: bash tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
py=/usr/bin/python3

echo "== build"
go build -o petri .
go vet ./...

echo "== go test"
go test -count=1 ./...

echo "== fuzz the wire decoder (20 s)"
go test -run '^$' -fuzz FuzzDecode -fuzztime 20s ./kernel/wire

if ! $py -c 'import jupyter_kernel_test, jupyter_client, nbclient, nbformat' 2>/dev/null; then
	echo "tests/run.sh: the Jupyter tests need Debian packages: run 'sudo bash tests/deps.sh' first" >&2
	exit 1
fi

# Install the kernelspec where only these tests see it.
export JUPYTER_DATA_DIR
JUPYTER_DATA_DIR=$(mktemp -d)
export JUPYTER_RUNTIME_DIR=$JUPYTER_DATA_DIR/runtime
trap 'rm -rf "$JUPYTER_DATA_DIR"' EXIT
./petri install
$py -c 'from jupyter_client.kernelspec import KernelSpecManager as K; s = K().get_kernel_spec("petri"); assert s.display_name == "Go (petri)", s.display_name'

echo "== jupyter_kernel_test"
(cd tests && $py -m unittest -v test_kernel.py)
echo "== protocol"
(cd tests && $py -m unittest -v test_protocol.py)
echo "== notebooks (nbclient and petri run)"
(cd tests && PETRI=$root/petri $py -m unittest -v test_notebooks.py)

echo "== compiled cells through jupyter_client (issue 15)"
(cd tests && $py -m unittest -v test_compiled.py)

echo "== reliability: hostile input, faults, limits (issue 12; about 1 min)"
(cd tests && PETRI=$root/petri $py -m unittest -v test_reliability.py)
echo "== petri run -p and petri sweep (local executor)"
(cd tests && PETRI=$root/petri $py -m unittest -v test_sweep.py)
echo "== petri sweep through a real single-node Slurm cluster"
bash tests/slurm_cluster.sh "$root/petri"

echo "== recordings read by neo"
(cd tests && PETRI=$root/petri $py -m unittest -v test_recording.py)
echo "== MaxWell and NWB files against neo and h5py"
(cd tests && PETRI=$root/petri $py -m unittest -v test_readers.py)
echo "== browser (jupyter-notebook + headless Chromium)"
export PETRI_ARTIFACTS=${PETRI_ARTIFACTS:-$root/out/artifacts}
(cd tests && $py -m unittest -v test_browser.py)

./petri install --uninstall
echo "all tests passed"

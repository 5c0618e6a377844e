#!/usr/bin/env bash
# The main job, for a newcomer with only Go: build petri, install the "Go (petri)"
# Jupyter kernel, and run the quickstart notebook headless.
set -euo pipefail
cd "$(dirname "$0")"
go build -o petri .
./petri install
mkdir -p out
./petri run notebooks/quickstart.ipynb -o out/quickstart.ipynb --html out/quickstart.html
echo "wrote out/quickstart.ipynb and out/quickstart.html"

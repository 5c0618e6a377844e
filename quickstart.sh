#!/usr/bin/env bash
# The main job, for a newcomer with only Go: build petri, install the "Go (petri)"
# Jupyter kernel, and run the quickstart notebook and the paper's flagship notebook (a
# culture trained in closed loop, about a minute) headless.
set -euo pipefail
cd "$(dirname "$0")"
go build -o petri .
./petri install
mkdir -p out
./petri run notebooks/quickstart.ipynb -o out/quickstart.ipynb --html out/quickstart.html
./petri run notebooks/closed_loop.ipynb -o out/closed_loop.ipynb --html out/closed_loop.html
echo "wrote out/quickstart.ipynb, out/closed_loop.ipynb and their .html pages"

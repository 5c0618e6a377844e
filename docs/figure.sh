#!/usr/bin/env bash
# Makes docs/closed_loop.png, the README's figure: runs the flagship notebook with
# petri run (its quick settings, as in CI) and keeps the image of the cell that
# plots target and output across the phases. Usage: bash docs/figure.sh
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o petri .
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./petri run notebooks/closed_loop.ipynb -o "$out/closed_loop.ipynb"
/usr/bin/python3 - "$out/closed_loop.ipynb" docs/closed_loop.png <<'PY'
import base64, json, sys
nb = json.load(open(sys.argv[1]))
for cell in nb["cells"]:
    if cell["cell_type"] != "code" or "TargetOutput" not in "".join(cell["source"]):
        continue
    for o in cell.get("outputs", []):
        png = o.get("data", {}).get("image/png")
        if png:
            open(sys.argv[2], "wb").write(base64.b64decode(png if isinstance(png, str) else "".join(png)))
            print("wrote", sys.argv[2])
            sys.exit(0)
sys.exit("no TargetOutput image in the notebook")
PY

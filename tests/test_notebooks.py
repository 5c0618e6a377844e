"""Notebooks executed end to end: by the real nbclient through the installed petri
kernel, and by `petri run` in-process. Both results must be valid nbformat 4 and
carry the same outputs (modulo timing text)."""

import glob
import os
import re
import subprocess
import sys
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PETRI = os.environ.get("PETRI", os.path.join(ROOT, "petri"))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))

# Text that legitimately differs between two runs: durations and wall-clock times.
TIMING = re.compile(r"\d+(\.\d+)?\s*(ns|µs|us|ms|s|/s|simsec/s)\b|\d{4}-\d\d-\d\dT[\d:.]+Z?")


def coalesce(outputs):
    """Consecutive stream outputs of the same name joined into one, as Jupyter shows
    them: where a kernel's stdout is cut into messages depends on timing (a cell that
    prints, computes for a while and prints again), not on what the cell printed."""
    merged = []
    for o in outputs:
        if (o["output_type"] == "stream" and merged and merged[-1]["output_type"] == "stream"
                and merged[-1]["name"] == o["name"]):
            merged[-1] = dict(merged[-1], text=merged[-1]["text"] + o["text"])
        else:
            merged.append(o)
    return merged


def normalise(outputs):
    """The comparable content of a cell's outputs."""
    out = []
    for o in coalesce(outputs):
        kind = o["output_type"]
        if kind == "stream":
            out.append((kind, o["name"], TIMING.sub("T", o["text"])))
        elif kind in ("display_data", "execute_result"):
            data = o.get("data", {})
            out.append((kind, tuple(sorted(data)), TIMING.sub("T", str(data.get("text/plain", "")))))
        elif kind == "error":
            out.append((kind, o["ename"], o["evalue"]))
    return out


class NotebookTests(unittest.TestCase):
    def test_have_notebooks(self):
        self.assertTrue(NOTEBOOKS, "no notebooks in notebooks/")

    def test_nbclient_matches_petri_run(self):
        for path in NOTEBOOKS:
            with self.subTest(notebook=os.path.basename(path)):
                nb = nbformat.read(path, as_version=4)
                client = NotebookClient(nb, kernel_name="petri", timeout=600, allow_errors=False)
                client.execute()
                nbformat.validate(nb)

                with tempfile.TemporaryDirectory() as tmp:
                    out = os.path.join(tmp, "out.ipynb")
                    html = os.path.join(tmp, "out.html")
                    r = subprocess.run([PETRI, "run", path, "-o", out, "--html", html],
                                       capture_output=True, text=True, timeout=600)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    ran = nbformat.read(out, as_version=4)
                    nbformat.validate(ran)
                    with open(html) as f:
                        self.assertIn("<html>", f.read())

                code_a = [c for c in nb.cells if c.cell_type == "code"]
                code_b = [c for c in ran.cells if c.cell_type == "code"]
                self.assertEqual(len(code_a), len(code_b))
                for i, (a, b) in enumerate(zip(code_a, code_b)):
                    self.assertEqual(normalise(a.outputs), normalise(b.outputs), f"cell {i + 1} differs")

    def test_petri_run_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "bad.ipynb")
            with open(bad, "w") as f:
                f.write("{not json")
            r = subprocess.run([PETRI, "run", bad], capture_output=True, text=True)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("not valid JSON", r.stderr)

            nb = nbformat.v4.new_notebook(cells=[
                nbformat.v4.new_code_cell('fmt.Println("one")'),
                nbformat.v4.new_code_cell('panic("cell two fails")'),
                nbformat.v4.new_code_cell('fmt.Println("three")'),
            ])
            path = os.path.join(tmp, "fails.ipynb")
            nbformat.write(nb, path)
            r = subprocess.run([PETRI, "run", path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("cell two fails", r.stderr)
            ran = nbformat.read(path, as_version=4)
            nbformat.validate(ran)
            self.assertEqual(ran.cells[1].outputs[0]["output_type"], "error")
            self.assertEqual(ran.cells[2].outputs, [])

            r = subprocess.run([PETRI, "run", "--allow-errors", path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            ran = nbformat.read(path, as_version=4)
            self.assertEqual(ran.cells[2].outputs[0]["text"], "three\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)

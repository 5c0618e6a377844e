"""petri run -p and petri sweep on the local executor, through the petri command.

Executed notebooks are validated with the real nbformat; tables are read with pandas
(and the Parquet file too where pandas has an engine for it: pyarrow or fastparquet).
The Slurm executor is tested against a real cluster by tests/slurm_cluster.sh.
Run: PETRI=../petri python3 -m unittest -v test_sweep.py
"""
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

import nbformat

PETRI = os.path.abspath(os.environ.get("PETRI", os.path.join(os.path.dirname(__file__), "..", "petri")))

DEFAULTS = 'seed := 1\ngain := 1.5\ntopology := "lattice"\nwait := 0.0 // seconds\n'
BODY = (
    "time.Sleep(time.Duration(wait * float64(time.Second)))\n"
    'if topology == "broken" {\n\tpanic("this topology is broken")\n}\n'
    "r := rand.New(rand.NewPCG(uint64(seed), 0)) // math/rand/v2, what cells get for rand\n"
    "x := 0.0\nfor i := 0; i < 100; i++ {\n\tx += gain * r.Float64()\n}\n"
    'display.Result("x", x)\n'
    'display.Result("label", fmt.Sprintf("%s/%d", topology, seed))\n'
    'display.Result("series", []float64{x, 2 * x})\n'
)


def write_notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("A parameterised notebook."),
        nbformat.v4.new_code_cell(DEFAULTS, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(BODY),
    ]
    nbformat.write(nb, path)


def petri(*args, cwd=None):
    return subprocess.run([PETRI, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


class RunParameters(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.nb = os.path.join(self.dir.name, "nb.ipynb")
        write_notebook(self.nb)

    def tearDown(self):
        self.dir.cleanup()

    def test_injected_parameters_and_results(self):
        out, side = os.path.join(self.dir.name, "out.ipynb"), os.path.join(self.dir.name, "r.json")
        pfile = os.path.join(self.dir.name, "p.json")
        with open(pfile, "w") as f:
            json.dump({"topology": "hierarchical", "gain": 2}, f)
        p = petri("run", self.nb, "-o", out, "--parameters", pfile, "-p", "seed=7", "-p", "gain=0.5", "--results", side)
        self.assertEqual(p.returncode, 0, p.stderr)
        nb = nbformat.read(out, as_version=4)
        nbformat.validate(nb)
        # papermill's layout: the injected cell right after the defaults, tagged.
        self.assertEqual(nb.cells[2].metadata.tags, ["injected-parameters"])
        self.assertIn('topology = "hierarchical"', nb.cells[2].source)
        self.assertIn("gain = float64(0.5)", nb.cells[2].source)  # -p wins over the file
        results = nb.metadata.petri.results
        self.assertEqual(results["label"], "hierarchical/7")
        self.assertEqual(results["series"][1], 2 * results["x"])
        with open(side) as f:
            rec = json.load(f)
        self.assertEqual(rec["results"], dict(results))
        self.assertEqual(rec["parameters"], {"seed": "7", "gain": "0.5", "topology": "hierarchical"})
        self.assertEqual(rec["order"], ["x", "label", "series"])

    def test_bad_parameters_name_value_and_fix(self):
        out = os.path.join(self.dir.name, "out.ipynb")
        for arg, want in [
            ("sede=2", '"sede" is not declared'),
            ("seed=two", 'seed is an int (default 1) and "two" is not one'),
            ("gain=1,5", "give a finite number"),
        ]:
            p = petri("run", self.nb, "-o", out, "-p", arg)
            self.assertEqual(p.returncode, 1, arg)
            self.assertIn(want, p.stderr, arg)
            self.assertFalse(os.path.exists(out), f"{arg}: a notebook was written although nothing ran")


SCRIPT = """package main

import (
	"flag"
	"fmt"
	"math/rand"
)

var gain = flag.Float64("gain", 1.5, "the gain")

func main() {
	seed := flag.Int("seed", 1, "the seed")
	flag.Parse()
	x := *gain * rand.New(rand.NewSource(int64(*seed))).Float64()
	fmt.Println("x is", x, "rest", flag.Args())
	display.Result("x", x)
}
"""


class Script(unittest.TestCase):
    """A script's parameters are its flags; -p checks them as petri run -p does."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.go = os.path.join(self.dir.name, "s.go")
        with open(self.go, "w") as f:
            f.write(SCRIPT)

    def tearDown(self):
        self.dir.cleanup()

    def test_script_parameters_and_sweep(self):
        side = os.path.join(self.dir.name, "r.json")
        p = petri("script", "--results", side, self.go, "-p", "seed=3", "more")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("rest [more]", p.stdout)
        with open(side) as f:
            x = json.load(f)["results"]["x"]
        self.assertIn(f"x is {x}", p.stdout)
        p = petri("script", self.go, "-p", "sede=3")
        self.assertEqual(p.returncode, 1)
        self.assertIn('"sede" is not a flag of', p.stderr)
        self.assertNotIn("x is", p.stdout)

        with open(os.path.join(self.dir.name, "s.json"), "w") as f:
            json.dump({"script": "s.go", "grid": {"seed": [3, 4], "gain": [1.5]}}, f)
        p = petri("sweep", "s.json", cwd=self.dir.name)
        self.assertEqual(p.returncode, 0, p.stderr)
        import csv
        with open(os.path.join(self.dir.name, "s.out", "results.csv")) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["seed"] for r in rows], ["3", "4"])
        self.assertEqual(float(rows[0]["x"]), x)  # the same seed gives the same x
        self.assertTrue(rows[0]["output"].endswith("log.txt"))


class SweepLocal(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name
        write_notebook(os.path.join(self.d, "nb.ipynb"))

    def tearDown(self):
        self.dir.cleanup()

    def spec(self, name, **fields):
        spec = {"notebook": "nb.ipynb", "workers": 2}
        spec.update(fields)
        with open(os.path.join(self.d, name), "w") as f:
            json.dump(spec, f)
        return name

    def test_grid_table_summary_resume(self):
        import pandas as pd

        spec = self.spec("s.json", grid={"gain": [1, 2], "topology": ["lattice", "broken"]}, seeds={"count": 2, "first": 1})
        p = petri("sweep", spec, cwd=self.d)
        self.assertEqual(p.returncode, 1, p.stderr)  # the broken points failed, the sweep went on
        self.assertIn("4 of 8 failed", p.stderr)
        out = os.path.join(self.d, "s.out")
        t = pd.read_csv(os.path.join(out, "results.csv"))
        self.assertEqual(len(t), 8)
        self.assertEqual(list(t.columns[:5]), ["point", "id", "gain", "seed", "topology"])
        self.assertEqual(t["seed"].dtype.kind, "i")
        self.assertEqual(t["x"].dtype.kind, "f")
        ok, bad = t[t.status == "ok"], t[t.status == "failed"]
        self.assertEqual(len(ok), 4)
        self.assertTrue((bad["error"].str.contains("this topology is broken")).all())
        self.assertTrue(bad["x"].isna().all())
        for col in ("duration_s", "host", "petri_version", "started", "output"):
            self.assertFalse(t[col].isna().any(), col)
        # The same seed and gain give the same x as petri run does by itself.
        row = ok[(ok.gain == 2) & (ok.seed == 1)].iloc[0]
        side = os.path.join(self.d, "one.json")
        one = petri("run", "nb.ipynb", "-o", os.path.join(self.d, "one.ipynb"), "-p", "gain=2", "-p", "seed=1", "--results", side, cwd=self.d)
        self.assertEqual(one.returncode, 0, one.stderr)
        with open(side) as f:
            self.assertEqual(json.load(f)["results"]["x"], row["x"])
        nbformat.validate(nbformat.read(os.path.join(out, row["output"]), as_version=4))
        with open(os.path.join(out, "summary.html")) as f:
            page = f.read()
        self.assertEqual(page.count("<img"), 1)  # x is the one numeric result
        self.assertIn("this topology is broken", page)

        # Again: only the failed points run.
        mtimes = {r: os.path.getmtime(os.path.join(out, "points", r, "record.json")) for r in ok["id"]}
        p = petri("sweep", spec, cwd=self.d)
        self.assertIn("8 points, 4 complete from an earlier run, 4 to run", p.stderr)
        for r, m in mtimes.items():
            self.assertEqual(os.path.getmtime(os.path.join(out, "points", r, "record.json")), m, r)

    def test_parquet_reads_like_the_csv(self):
        """The Parquet table, read by independent readers, holds what the CSV holds.

        hyparquet (JavaScript, from the npm registry, with the machine's Node.js) always;
        pandas too where it has a Parquet engine (Debian 12 packages neither pyarrow nor
        fastparquet)."""
        import csv
        import shutil

        if not shutil.which("node") or not shutil.which("npm"):
            self.skipTest("needs Node.js and npm to install the hyparquet reader")
        spec = self.spec("q.json", grid={"gain": [1, 2], "topology": ["lattice", "broken"]}, seeds={"count": 2, "first": 1})
        petri("sweep", spec, cwd=self.d)
        out = os.path.join(self.d, "q.out")
        with open(os.path.join(out, "results.csv")) as f:
            rows = list(csv.DictReader(f))
        reader = os.path.join(self.d, "reader")
        os.makedirs(reader)
        shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "parquet_read.mjs"), reader)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "hyparquet@1.31.5"], cwd=reader, check=True, timeout=300)
        p = subprocess.run(["node", "parquet_read.mjs", os.path.join(out, "results.parquet")], cwd=reader,
                           capture_output=True, text=True, check=True, timeout=60)
        got = json.loads(p.stdout)
        self.assertEqual(got["num_rows"], 8)
        self.assertEqual([c["name"] for c in got["columns"]], list(rows[0].keys()))
        types = {c["name"]: (c["type"], c["converted"]) for c in got["columns"]}
        self.assertEqual(types["seed"], ("INT64", "INT_64"))
        self.assertEqual(types["x"], ("DOUBLE", None))
        self.assertEqual(types["topology"], ("BYTE_ARRAY", "UTF8"))
        for want, row in zip(rows, got["rows"]):
            for k, v in want.items():
                if v == "":
                    self.assertIsNone(row[k], k)  # a missing value is null, not ""
                elif types[k][0] in ("INT64", "DOUBLE"):
                    self.assertEqual(float(v), row[k], k)
                else:
                    self.assertEqual(v, row[k], k)
        try:
            import pandas as pd

            b = pd.read_parquet(os.path.join(out, "results.parquet"))
        except ImportError:
            return
        self.assertEqual(list(b.columns), list(rows[0].keys()))

    def test_bad_specs_fail_before_anything_runs(self):
        cases = [
            ({"grid": {"gain": []}}, 'grid "gain" is empty'),
            ({"grid": {"gian": [1]}}, 'parameter "gian", which nb.ipynb does not declare'),
            ({"grid": {"seed": [1, "x"]}}, 'seed is an int (default 1) and "x" is not one'),
            ({}, "no points"),
            ({"grid": {"gain": [1]}, "executer": "local"}, 'unknown field "executer"'),
            ({"grid": {"gain": [1]}, "executor": "pbs"}, 'executor "pbs"'),
        ]
        for i, (fields, want) in enumerate(cases):
            spec = self.spec(f"bad{i}.json", **fields)
            p = petri("sweep", spec, cwd=self.d)
            self.assertNotEqual(p.returncode, 0, fields)
            self.assertIn(want, p.stderr, fields)
            self.assertFalse(os.path.exists(os.path.join(self.d, f"bad{i}.out", "points")), fields)
        # No sbatch on PATH: the slurm executor says so before anything runs.
        spec = self.spec("nosbatch.json", grid={"gain": [1]}, executor="slurm")
        env = dict(os.environ, PATH="/nonexistent")
        p = subprocess.run([os.path.abspath(PETRI), "sweep", spec], cwd=self.d, capture_output=True, text=True, env=env, timeout=60)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("needs Slurm's sbatch, which is not on PATH", p.stderr)
        self.assertIn('"executor": "local"', p.stderr)

    def test_timeout_fails_the_point_only(self):
        spec = self.spec("t.json", points=[{"wait": 30}, {"wait": 0}], timeout="1s")
        start = time.time()
        p = petri("sweep", spec, cwd=self.d)
        self.assertLess(time.time() - start, 25)
        self.assertIn("1 of 2 failed", p.stderr)
        with open(os.path.join(self.d, "t.out", "results.csv")) as f:
            rows = {r["wait"]: r for r in __import__("csv").DictReader(f)}
        self.assertEqual(rows["30"]["status"], "failed")
        self.assertIn("stopped after the spec's timeout 1s", rows["30"]["error"])
        self.assertEqual(rows["0"]["status"], "ok")

    def test_ctrl_c_stops_the_workers(self):
        spec = self.spec("c.json", grid={"seed": [1, 2, 3, 4]}, points=[{"wait": 60}])
        proc = subprocess.Popen([os.path.abspath(PETRI), "sweep", spec], cwd=self.d, stderr=subprocess.PIPE, text=True)
        logs = [os.path.join(self.d, "c.out", "points", f"seed=1_wait=60", "log.txt")]
        deadline = time.time() + 60
        while time.time() < deadline and not all(os.path.exists(l) and os.path.getsize(l) > 0 for l in logs):
            time.sleep(0.1)
        start = time.time()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        self.assertLess(time.time() - start, 30)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("interrupted: 0 of 4 points ran", err)
        records = [r for r, _, files in os.walk(os.path.join(self.d, "c.out")) if "record.json" in files]
        self.assertEqual(records, [], "an interrupted point was recorded as finished")


class ExampleSweep(unittest.TestCase):
    """notebooks/sweeps/force_seeds.json, the README's example: FORCE over 2 periods × 4
    seeds. Every run learns the sine: the numpy port of Sussillo & Abbott's code
    (../shared/anchors/force_rate_numpy.py) reaches a test correlation of 1.000 on a sine
    of period 60 τ (DESIGN.md); here N is 500 and the runs half as long, so the bar is
    0.95 in free run and 0.99 in training."""

    def test_force_over_seeds(self):
        import csv
        import shutil

        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        with tempfile.TemporaryDirectory() as d:
            for f in ("force_seeds.ipynb", "force_seeds.json"):
                shutil.copy(os.path.join(root, "notebooks", "sweeps", f), d)
            p = petri("sweep", "force_seeds.json", cwd=d)
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(os.path.join(d, "force_seeds.out", "results.csv")) as f:
                rows = list(csv.DictReader(f))
            self.assertEqual(len(rows), 8)
            for r in rows:
                self.assertGreater(float(r["train_r"]), 0.99, r["id"])
                self.assertGreater(float(r["test_r"]), 0.95, r["id"])
            with open(os.path.join(d, "force_seeds.out", "summary.html")) as f:
                self.assertEqual(f.read().count("<img"), 2)


if __name__ == "__main__":
    unittest.main()

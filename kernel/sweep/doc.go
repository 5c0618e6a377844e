// Package sweep runs a parameterised notebook over many points — a grid, a list,
// seeds — on this machine or as a Slurm job array, into one results table:
// `petri sweep SPEC`.
//
// # The notebook
//
// A notebook takes parameters the way papermill's do: its cell tagged "parameters"
// holds the defaults (`seed := 1`, `gain := 1.5`, `topology := "lattice"`), and for
// each point petri injects a cell tagged "injected-parameters" right after it that
// overrides them, typed as the defaults are (see notebook.InjectParameters). A cell
// records named results with display.Result("test_r", r); they land in the executed
// notebook's metadata, a results.json beside it, and the table.
//
// # SPEC
//
// SPEC is a JSON file. JSON because it needs no library (for petri, Python, jq or any
// scientist's tool), it is what notebooks and the records are already written in, and
// a sweep is small: a few lists. Unknown fields are errors, so a typo never silently
// runs the defaults.
//
//	{
//	  "notebook": "loop.ipynb",                 // relative to the spec file; or
//	  "script": "loop.go",                      // a Go file whose flags are its parameters
//	  "out": "loop.out",                        // default: SPEC's name + ".out", beside it
//	  "grid":   {"topology": ["lattice", "hierarchical"], "feedback": [true, false]},
//	  "points": [{"target": "sine", "period": 4}, {"target": "lorenz"}],
//	  "seeds":  {"name": "seed", "count": 5, "first": 1},
//	  "executor": "local",                      // or "slurm"
//	  "workers": 2,                             // local: points at once; default: the CPUs
//	  "timeout": "30m",                         // per point; default: none
//	  "slurm": {
//	    "partition": "compute", "account": "lab", "time": "00:30:00",
//	    "cpus_per_task": 1, "mem": "4G",
//	    "chunk": 1,                             // points per array task
//	    "max_running": 20,                      // the array's %limit
//	    "sbatch_args": ["--qos=short"],
//	    "petri": "/shared/bin/petri",           // as the nodes see it; default: this binary
//	    "poll": "2s"                            // how often squeue is asked
//	  }
//	}
//
// (JSON has no comments; they are here to explain.) The points are each entry of
// "points" (or one empty point) crossed with every combination of "grid" (names in
// alphabetical order, the last varying fastest) and then with the seeds. A value is
// what `-p name=value` would take: strings bare, numbers and bools as written, lists
// as JSON. Every value is checked against the notebook's defaults before anything
// runs; so are an empty grid list, a spec with no points, two identical points, an
// unknown executor, and, for Slurm, that sbatch, squeue and scancel exist.
//
// A script (`"script"` instead of `"notebook"`) takes its parameters as any Go program
// does, as flags — flag.Int("seed", 1, "…") and the like, read by flag.Parse — and
// records results with display.Result too; each point runs `petri script -p …`, its
// output column names the point's log.txt, and the images it displays are written
// into the point's directory.
//
// # Output
//
// In the output directory:
//
//	spec.json             the spec as run (absolute paths; what Slurm tasks read)
//	points/ID/            one per point, ID made from its parameters ("gain=1.5_seed=2")
//	    notebook.ipynb    the executed notebook
//	    results.json      its named results (petri run --results)
//	    record.json       parameters, results, status, error, duration, provenance
//	    log.txt           petri run's progress lines
//	results.csv           the table: point, id, the parameters, the results, status,
//	results.parquet       error, duration_s, started, host, executor, slurm_job,
//	                      petri_version, git_commit, output (the executed notebook)
//	summary.html          the counts, a plot per numeric result, the table
//	slurm/                the array's batch script and each task's output
//
// The Parquet file has one optional column per table column, typed int64, double,
// boolean or string by what every value parses as; a result that is a list or a table
// is its JSON text.
//
// # Safe to stop, safe to run again
//
// A point's record is written last and atomically (a temporary file renamed), and
// the tables and page are rewritten the same way as each point ends, so nothing ever
// holds half a row. Running the sweep again skips every point whose record says ok
// and whose notebook is there, and runs the rest: failed points are retried. A
// failed point (a cell's error, a timeout, a Slurm task killed) is a row with status
// "failed" and its error; the others go on. Ctrl-C interrupts the local points'
// running cells (their petri processes get SIGINT, as Ctrl-C in `petri run`) and
// starts no more, or scancels the job array; interrupted points leave no record and
// run next time.
//
// # Executors
//
// Local runs Workers points at once, each in its own `petri run` process (the
// interpreter's display and standard streams are per process, and a crash takes
// down one point). Slurm writes one batch script with the spec's resources as
// #SBATCH lines, submits it with `sbatch --parsable` as one job array (a task per
// chunk of points), and follows it with squeue until it leaves the queue, reporting
// each point as its record appears; sacct, where accounting is on, names the final
// state of a task that died without a record. The output directory and the petri
// binary must be on a filesystem every node sees.
package sweep

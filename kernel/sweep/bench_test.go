package sweep

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
)

// The cost of a point run by the sweep against the same notebook run by `petri run`
// directly (what a shell loop does): the difference is the sweep's overhead per point.
// Both need the petri binary, built once. bench/sweep_bench.sh measures whole sweeps,
// Slurm included.
//
//	go test -run '^$' -bench Point ./kernel/sweep
func BenchmarkPoint(b *testing.B) {
	petri := buildPetri(b)
	dir := b.TempDir()
	nb := writeNotebook(b, dir)
	b.Run("petri-run", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			out := filepath.Join(dir, "one.ipynb")
			cmd := exec.Command(petri, "run", nb, "-o", out, "-p", fmt.Sprintf("seed=%d", i), "--results", filepath.Join(dir, "one.json"))
			if b, err := cmd.CombinedOutput(); err != nil {
				panic(fmt.Sprintf("%v: %s", err, b))
			}
		}
	})
	b.Run("sweep-point", func(b *testing.B) {
		s, err := Parse(filepath.Join(dir, "s.json"), []byte(fmt.Sprintf(`{"notebook": "nb.ipynb", "seeds": {"count": %d}}`, b.N)))
		if err != nil {
			b.Fatal(err)
		}
		pts, err := s.Expand()
		if err != nil {
			b.Fatal(err)
		}
		r := &Runner{Spec: s, Petri: petri, Version: "bench", GitCommit: GitCommit(nb), Executor: "local"}
		b.ResetTimer()
		for _, p := range pts {
			rec, err := r.Run(context.Background(), p)
			if err != nil || rec.Status != StatusOK {
				b.Fatalf("%v %s", err, rec.Error)
			}
			if _, err := WriteTable(s, pts); err != nil { // as the sweep does after each point
				b.Fatal(err)
			}
		}
	})
}

// buildPetri builds the petri command into a directory the benchmark removes.
func buildPetri(b *testing.B) string {
	path := filepath.Join(b.TempDir(), "petri")
	if out, err := exec.Command("go", "build", "-o", path, "github.com/petri-mea/petri").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v: %s", err, out)
	}
	return path
}

package rt

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"testing"
)

// printValues are printed by the real builtin (in a child process) and by GoPrintln.
var printValues = []any{
	1.5, -0.001, 1e300, 0.1, 2.0 / 3, 123456789.0, 1e-310, float32(0.1), 9.9999999,
	0.0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
	complex(5, 6), complex(1.5, -2), complex64(complex(0.1, 0)),
	7, -3, int8(-8), uint64(1 << 63), true, false, "text",
	Eface(nil), Eface(error(nil)), // nil interfaces print as their two words
}

func printBuiltin() {
	println(1.5, -0.001, 1e300, 0.1, 2.0/3, 123456789.0, 1e-310, float32(0.1), 9.9999999,
		0.0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		complex(5, 6), complex(1.5, -2), complex64(complex(0.1, 0)),
		7, -3, int8(-8), uint64(1<<63), true, false, "text",
		any(nil), error(nil))
}

// TestPrintlnMatchesRuntime compares GoPrintln with the println builtin of the Go
// runtime this test is built with: the reference is the runtime itself.
func TestPrintlnMatchesRuntime(t *testing.T) {
	if os.Getenv("PETRI_RT_PRINT_CHILD") != "" {
		printBuiltin()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPrintlnMatchesRuntime$")
	cmd.Env = append(os.Environ(), "PETRI_RT_PRINT_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s", err, stderr.Bytes())
	}
	want, _, _ := bytes.Cut(stderr.Bytes(), []byte("\n"))
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	SetOutput(nil, w)
	defer SetOutput(nil, nil)
	GoPrintln(printValues...)
	w.Close()
	var got bytes.Buffer
	got.ReadFrom(r)
	if g := bytes.TrimSuffix(got.Bytes(), []byte("\n")); !bytes.Equal(g, want) {
		t.Errorf("GoPrintln:\n got %s\nwant %s", g, want)
	}
}

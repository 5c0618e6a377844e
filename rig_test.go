package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/intan"
)

// `petri rig serve --protocol intan-rhx` (DESIGN.md): serves on the ports
// given (0: free ones, as tests must), a driver connects and stimulates,
// and it stops when interrupted (ctx).
func TestRigServe(t *testing.T) {
	if err := serveRig(context.Background(), []string{"serve", "--protocol", "maxwell"}, io.Discard); err == nil || !strings.Contains(err.Error(), "intan-rhx") {
		t.Fatalf("an unknown protocol: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, stop := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serveRig(run, []string{"serve", "--protocol", "intan-rhx", "--cmd-port", "0", "--wave-port", "0", "--spike-port", "0",
			"--warmup", "0.1", "--type", "ControllerStimRecordUSB2", "--rhx-version", "3.0.3"}, pw)
		pw.Close()
	}()
	var line string
	buf := make([]byte, 512)
	for !strings.Contains(line, "\n") {
		n, err := pr.Read(buf)
		if err != nil {
			t.Fatalf("rig serve said %q, then %v", line, err)
		}
		line += string(buf[:n])
	}
	go io.Copy(io.Discard, pr)
	var cmd, wave, spike int
	if _, err := fmt.Sscanf(line[strings.Index(line, "command"):], "command %d, waveform %d, spike %d", &cmd, &wave, &spike); err != nil {
		t.Fatalf("cannot read the ports from %q: %v", line, err)
	}
	rig, err := intan.Dial(ctx, intan.Config{CommandPort: cmd, WavePort: wave, SpikePort: spike, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if i := rig.Info(); i.Type != "ControllerStimRecordUSB2" || i.Version != "3.0.3" {
		t.Fatalf("Info = %+v", i)
	}
	if _, err := rig.Step(ctx, 0.02, []devices.Stim{devices.Pulse(5, 100, 3)}); err != nil {
		t.Fatal(err)
	}
	rig.Close()
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("rig serve ended with %v", err)
		}
	case <-ctx.Done():
		t.Fatal("rig serve did not stop when interrupted")
	}
}

package intan

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/petri-mea/petri/devices"
)

// emulator starts an emulator on free loopback ports (never fixed ports
// in tests) and closes it when the test ends.
func emulator(t testing.TB, cfg EmulatorConfig) *Emulator {
	t.Helper()
	cfg.CommandAddr, cfg.WaveAddr, cfg.SpikeAddr = "127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"
	if testing.Verbose() {
		cfg.Log = os.Stderr
	}
	if cfg.Warmup == 0 {
		cfg.Warmup = 0.1
	}
	e, err := NewEmulator(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// dial connects a Rig to e; every test is bounded in time by ctx.
func dial(t testing.TB, ctx context.Context, e *Emulator, cfg Config) *Rig {
	t.Helper()
	cfg.CommandPort, cfg.WavePort, cfg.SpikePort = e.Ports()
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	r, err := Dial(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func bounded(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// triggers counts trigger commands in the bytes the emulator received.
func triggers(received []byte) int {
	return strings.Count(strings.ToLower(string(received)), "manualstimtriggerpulse")
}

func stimTick(e int) []devices.Stim { return []devices.Stim{devices.Pulse(5, 100, e)} }

var _ = bytes.Equal

func (e *Emulator) clientConnected() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cmdConn != nil
}

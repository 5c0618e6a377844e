package intan

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/petri-mea/petri/devices"
)

// Out-of-limits stimulation never reaches the controller's socket: the
// emulator logs every byte it received, and none of them is a stimulation
// parameter or a trigger.
func TestOutOfLimitsNeverReachesSocket(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0})
	r := dial(t, ctx, e, Config{})
	if _, err := r.Step(ctx, 0.01, nil); err != nil { // running, nothing programmed
		t.Fatal(err)
	}
	before := len(e.Received())
	late := devices.Pulse(5, 100, 3)
	late.Delay = 0.0099 - 200e-6
	if _, err := r.Step(ctx, 0.01, []devices.Stim{late}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.cmd.runMode(ctx); err != nil { // the emulator has read the trigger
		t.Fatal(err)
	}
	allowed := len(e.Received())
	if allowed == before {
		t.Fatal("a valid pulse sent nothing")
	}
	early := devices.Pulse(5, 100, 3)
	early.Delay = 0.0001 // 0.2 ms after the last pulse, across the tick boundary
	bad := [][]devices.Stim{
		{devices.Pulse(11, 100, 3)},   // 11 µA > 10 µA
		{devices.Pulse(5, 300, 3)},    // 1,500 pC > 1,000 pC
		{devices.Pulse(5, 100, 9999)}, // off the array
		{early},
		{{Electrodes: []int{4}, Amplitude: 5, PhaseWidth: 100, Count: 1 << 40, Rate: 100}},
		{{Electrodes: []int{4}, Amplitude: 5, PhaseWidth: 100, Count: 1e8, Rate: 100}},
		{devices.Pulse(0.4, 100, 4)}, // below half the 1 µA step
		{devices.Pulse(5, 100, 4), devices.Pulse(5, 100, 4)},
	}
	for k, s := range bad {
		if _, err := r.Step(ctx, 0.01, s); err == nil {
			t.Fatalf("request %d (%+v) accepted", k, s)
		}
	}
	// The Step after a refusal still works and the guard still knows.
	if _, err := r.Step(ctx, 0.01, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := r.cmd.runMode(ctx); err != nil { // all sent has been read
		t.Fatal(err)
	}
	got := e.Received()[allowed:]
	for _, w := range []string{"amplitude", "duration", "trigger", "upload", "stimenabled"} {
		if bytes.Contains(bytes.ToLower(got), []byte(w)) {
			t.Fatalf("after the refusals the emulator received %q", got)
		}
	}
}

// Limits cannot be raised through Config; RaiseLimits needs a reason and
// logs it; the controller's capability (255 × step) still caps them.
func TestRaiseLimitsIsLogged(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0, Step: 0.1, RelistenCommand: true})
	cfg := Config{CommandPort: 0}
	cfg.CommandPort, cfg.WavePort, cfg.SpikePort = e.Ports()
	hot := DefaultSafety()
	hot.MaxAmplitude = 50
	cfg.Safety = hot
	if _, err := Dial(ctx, cfg); err == nil || !strings.Contains(err.Error(), "RaiseLimits") {
		t.Fatalf("Config.Safety above the default: %v", err)
	}
	var log bytes.Buffer
	// The emulator frees its one command client when it notices the
	// refused Dial hung up.
	for e.clientConnected() && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	r := dial(t, ctx, e, Config{Log: &log})
	if err := r.RaiseLimits(hot, ""); err == nil {
		t.Fatal("RaiseLimits without a reason accepted")
	}
	if err := r.RaiseLimits(hot, "protocol 7 needs 20 µA"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "SAFETY OVERRIDE") || !strings.Contains(log.String(), "protocol 7 needs 20 µA") || len(r.Overrides()) != 1 {
		t.Fatalf("override not logged: %q", log.String())
	}
	if got := r.Limits().MaxAmplitude; got != 25.5 { // 255 × 0.1 µA
		t.Fatalf("MaxAmplitude %g µA after raising to 50 on a 0.1 µA step, want 25.5", got)
	}
	if _, err := r.Step(ctx, 0.01, []devices.Stim{devices.Pulse(20, 50, 1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Step(ctx, 0.01, []devices.Stim{devices.Pulse(30, 50, 2)}); err == nil {
		t.Fatal("30 µA accepted on a controller that delivers at most 25.5")
	}
}

// Both names of the stimulation controller across RHX 3.x, and a
// recording controller that cannot stimulate.
func TestControllerTypes(t *testing.T) {
	ctx := bounded(t)
	old := emulator(t, EmulatorConfig{Pace: 0, Type: "ControllerStimRecordUSB2", Version: "3.1.0", Rate: 30000, Channels: 64})
	r := dial(t, ctx, old, Config{})
	if i := r.Info(); !i.Stim || i.Version != "3.1.0" || i.Rate != 30000 || len(i.Channels) != 64 || i.Channels[63] != "B-031" {
		t.Fatalf("Info = %+v", i)
	}
	tick, err := r.Step(ctx, 0.01, []devices.Stim{devices.Pulse(3, 60, 5)})
	if err != nil {
		t.Fatal(err)
	}
	// 60 µs at 30 kHz is 1.8 samples: delivered as 2 samples, 66.67 µs.
	if w := tick.Stims[0].PhaseWidth; w < 66.66 || w > 66.67 {
		t.Fatalf("phase width delivered %g µs, want 2 samples = 66.67 µs", w)
	}
	rhd := emulator(t, EmulatorConfig{Pace: 0, Type: "ControllerRecordUSB3", Channels: 256})
	r2 := dial(t, ctx, rhd, Config{})
	if l := r2.Limits(); l.Units != 0 || l.Channels != 256 {
		t.Fatalf("recording controller limits %+v", l)
	}
	if _, err := r2.Step(ctx, 0.01, []devices.Stim{devices.Pulse(3, 60, 5)}); err == nil {
		t.Fatal("stimulation accepted on a recording controller")
	}
	if _, err := r2.Step(ctx, 0.01, nil); err != nil {
		t.Fatal(err)
	}
	var rx *RHXError
	if _, err := r2.cmd.get(ctx, "Z.NumberAmplifierChannels"); !errors.As(err, &rx) {
		t.Fatalf("an unknown port = %v, want RHX's error text", err)
	}
}

// Routing is kept in the caller's order although RHX streams channels in
// its own; a route change while running restarts and flags the tick.
func TestRouteOrder(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0})
	r := dial(t, ctx, e, Config{})
	if _, err := r.Step(ctx, 0.02, nil); err != nil {
		t.Fatal(err)
	}
	route := []int{70, 5, 33, 2}
	if err := r.Route(route); err != nil {
		t.Fatal(err)
	}
	if err := r.Route([]int{1, 200}); err == nil {
		t.Fatal("routing electrode 200 of 128 accepted")
	}
	if err := r.Route(route); err != nil {
		t.Fatal(err)
	}
	if err := r.Trace([]int{1, 3}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for k := 0; k < 40; k++ {
		tick, err := r.Step(ctx, 0.05, nil)
		if err != nil {
			t.Fatal(err)
		}
		if k == 0 && tick.Flags&devices.FlagRestart == 0 {
			t.Fatalf("first tick after Route flagged %v, want restart", tick.Flags)
		}
		if tick.Channels != 4 || tick.Raw == nil || tick.Raw.Frames() != 1000 {
			t.Fatalf("tick has %d channels, raw %+v", tick.Channels, tick.Raw)
		}
		for _, s := range tick.Spikes {
			if s.Electrode != route[s.Channel] {
				t.Fatalf("spike on channel %d reports electrode %d, routed %d", s.Channel, s.Electrode, route[s.Channel])
			}
			n++
		}
	}
	t.Logf("%d spikes on 4 channels", n)
}

// Spikes from RHX's own detector on the spike port.
func TestSpikesFromRHX(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 1})
	r := dial(t, ctx, e, Config{Spikes: SpikesFromRHX, SpikeGrace: 500 * time.Millisecond})
	n, neg := 0, 0
	for k := 0; k < 30; k++ {
		tick, err := r.Step(ctx, 0.02, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range tick.Spikes {
			if s.Time < tick.Start || s.Time >= tick.End || (i > 0 && s.Time < tick.Spikes[i-1].Time) {
				t.Fatalf("spike %+v outside [%g, %g) or out of order", s, tick.Start, tick.End)
			}
		}
		n += len(tick.Spikes)
		for _, s := range tick.Spikes {
			if s.Amplitude < 0 {
				neg++
			}
		}
	}
	// Records carry no amplitude; the WIDE peak under each is negative
	// (the emulator draws every detection of the array as a negative peak).
	if n == 0 || neg < n*95/100 {
		t.Fatalf("%d spikes from the spike port in 0.6 s, %d with a negative WIDE peak", n, neg)
	}
	t.Logf("%d spikes, stats %+v", n, r.Stats())
}

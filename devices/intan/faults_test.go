package intan

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/petri-mea/petri/devices"
)

// run is a closed loop of at most n ticks of period s on r, recorded to
// disk, stimulating every third tick (alternating two electrodes, so the
// patterns stay programmed); fault runs before tick at.
type run struct {
	ticks     []*devices.Tick
	err       error
	stimSteps int // Step calls that carried stimulation
	prefix    string
}

func loop(t *testing.T, ctx context.Context, r *Rig, n int, period float64, at int, fault func()) run {
	t.Helper()
	out := run{prefix: filepath.Join(t.TempDir(), "rec")}
	rec, err := devices.Record(out.prefix, r, nil, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	for k := 0; k < n; k++ {
		if k == at && fault != nil {
			fault()
		}
		var s []devices.Stim
		if k%3 == 0 {
			s = stimTick(10 + k/3%2)
			out.stimSteps++
		}
		tick, err := r.Step(ctx, period, s)
		if err != nil {
			out.err = err
			break
		}
		if err := rec.Write(tick, r.Routing()); err != nil {
			t.Fatal(err)
		}
		out.ticks = append(out.ticks, tick)
	}
	return out
}

// check asserts what every fault must leave true: ticks contiguous and in
// order, spikes in time order inside their tick, missing frames only on
// flagged ticks, the recording on disk complete up to the fault, and no
// trigger sent twice (what reached the emulator is at most one per Step
// with stimulation, and the culture got one pulse per trigger).
func (o run) check(t *testing.T, r *Rig, e *Emulator) {
	t.Helper()
	for i, tk := range o.ticks {
		if i > 0 && tk.Start != o.ticks[i-1].End {
			t.Fatalf("tick %d starts at %g, the last ended at %g", i, tk.Start, o.ticks[i-1].End)
		}
		if tk.Missing > 0 && tk.Flags&devices.FlagGap == 0 {
			t.Fatalf("tick %d misses %d frames without FlagGap", i, tk.Missing)
		}
		for j, s := range tk.Spikes {
			if s.Time < tk.Start || s.Time >= tk.End || (j > 0 && s.Time < tk.Spikes[j-1].Time) {
				t.Fatalf("tick %d: spike %d at %g out of order or outside [%g, %g)", i, j, s.Time, tk.Start, tk.End)
			}
		}
	}
	rec, err := devices.ReadRecording(o.prefix)
	if err != nil {
		t.Fatalf("the recording is unreadable after the fault: %v", err)
	}
	if len(rec.Ticks) != len(o.ticks) {
		t.Fatalf("the recording holds %d ticks, %d were returned", len(rec.Ticks), len(o.ticks))
	}
	for i, tk := range rec.Ticks {
		if tk.Flags != o.ticks[i].Flags || tk.Missing != o.ticks[i].Missing || len(tk.Spikes) != len(o.ticks[i].Spikes) {
			t.Fatalf("recorded tick %d differs: flags %v/%v, missing %d/%d, spikes %d/%d", i,
				tk.Flags, o.ticks[i].Flags, tk.Missing, o.ticks[i].Missing, len(tk.Spikes), len(o.ticks[i].Spikes))
		}
	}
	if r.cmd.lost() == nil && !errors.Is(o.err, ErrCommandLost) {
		// A barrier: the emulator has read and run every command sent. (Not after
		// the rig saw the command connection fail: its reader may not have yet.)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := r.cmd.runMode(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := triggers(e.Received())
	if sent := r.Stats().Triggers; got > sent || sent > o.stimSteps {
		t.Fatalf("%d triggers reached the emulator, %d were sent, for %d Steps with stimulation", got, r.Stats().Triggers, o.stimSteps)
	}
	if p := e.Stats().Triggers; p > got {
		t.Fatalf("the emulator fired %d triggers for %d received", p, got)
	}
}

func TestConnectionRefusedAtStart(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	ctx := bounded(t)
	_, err = Dial(ctx, Config{CommandPort: port, WavePort: port, SpikePort: port})
	if err == nil || !strings.Contains(err.Error(), "cannot reach RHX's command port") || !strings.Contains(err.Error(), "Remote TCP Control") {
		t.Fatalf("Dial to a closed port = %v, want an error that says how to fix it", err)
	}
}

func TestCommandConnectionLost(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0})
	r := dial(t, ctx, e, Config{})
	o := loop(t, ctx, r, 200, 0.02, 6, e.DropCommand)
	if !errors.Is(o.err, ErrCommandLost) {
		t.Fatalf("after the command connection dropped: %v (after %d ticks), want ErrCommandLost", o.err, len(o.ticks))
	}
	if !strings.Contains(o.err.Error(), "press Connect") {
		t.Fatalf("error does not say how to recover: %v", o.err)
	}
	if _, err := r.Step(ctx, 0.02, nil); !errors.Is(err, ErrCommandLost) {
		t.Fatalf("Step after the loss = %v, want the same fatal error", err)
	}
	if len(o.ticks) < 6 {
		t.Fatalf("only %d ticks before the fault at 6", len(o.ticks))
	}
	o.check(t, r, e)
	if err := r.Close(); err != nil && !strings.Contains(err.Error(), "closed") {
		t.Fatalf("Close after the loss: %v", err)
	}
}

func TestDataConnectionLost(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0})
	r := dial(t, ctx, e, Config{})
	o := loop(t, ctx, r, 30, 0.02, 8, func() { e.Inject(Faults{DropEvery: 1}) })
	if o.err != nil {
		t.Fatalf("a lost data connection ended the loop: %v", o.err)
	}
	if r.Stats().Reconnects != 1 {
		t.Fatalf("stats %+v, want one reconnect", r.Stats())
	}
	flagged := 0
	for _, tk := range o.ticks {
		if tk.Flags&devices.FlagReconnect != 0 {
			flagged++
		}
	}
	if flagged != 1 {
		t.Fatalf("%d ticks flagged FlagReconnect, want 1", flagged)
	}
	o.check(t, r, e)
}

func TestStalledStream(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 1})
	r := dial(t, ctx, e, Config{StallTimeout: 300 * time.Millisecond})
	o := loop(t, ctx, r, 20, 0.02, 5, func() { e.Inject(Faults{StallFor: 2 * time.Second}) })
	if o.err == nil || !strings.Contains(o.err.Error(), "stalled") {
		t.Fatalf("a 2 s stall against a 300 ms StallTimeout: %v", o.err)
	}
	o.check(t, r, e)
	// The next Step re-arms the stream and carries on (with a bound a
	// loaded machine cannot mistake for another stall).
	r.cfg.StallTimeout = 20 * time.Second
	tick, err := r.Step(ctx, 0.02, nil)
	if err != nil {
		t.Fatalf("Step after the stall: %v", err)
	}
	if tick.Flags&devices.FlagReconnect == 0 || r.Stats().Stalls != 1 {
		t.Fatalf("tick after the stall flagged %v, stats %+v", tick.Flags, r.Stats())
	}
}

func TestTimestampGaps(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0, Faults: Faults{GapEvery: 5, GapFrames: 300}})
	r := dial(t, ctx, e, Config{})
	o := loop(t, ctx, r, 40, 0.02, -1, nil)
	if o.err != nil {
		t.Fatal(o.err)
	}
	st := r.Stats()
	missing, flagged := 0, 0
	for _, tk := range o.ticks {
		missing += tk.Missing
		if tk.Flags&devices.FlagGap != 0 {
			flagged++
		}
	}
	// 300 frames per gap (the last may run past the loop's end); a gap
	// across a tick boundary flags both ticks.
	if st.Gaps == 0 || st.MissingFrames > st.Gaps*300 || st.MissingFrames <= (st.Gaps-1)*300 || missing != st.MissingFrames || flagged < st.Gaps || flagged > 2*st.Gaps {
		t.Fatalf("stats %+v; ticks miss %d frames, %d flagged; want 300 frames per gap", st, missing, flagged)
	}
	o.check(t, r, e)
}

func TestSlowConsumer(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 1, Queue: 1, Channels: 128})
	r := dial(t, ctx, e, Config{})
	o := loop(t, ctx, r, 30, 0.01, 10, func() { time.Sleep(1500 * time.Millisecond) })
	if o.err != nil {
		t.Fatal(o.err)
	}
	// What the emulator dropped (writes of 128 frames) shows as missing
	// frames on flagged ticks, as far as the loop got.
	missing := 0
	for _, tk := range o.ticks {
		missing += tk.Missing
	}
	if missing > e.Stats().DroppedWrites*FramesPerBlock {
		t.Fatalf("%d frames missing for %d dropped writes", missing, e.Stats().DroppedWrites)
	}
	t.Logf("dropped writes %d, missing frames %d, stats %+v", e.Stats().DroppedWrites, missing, r.Stats())
	o.check(t, r, e)
}

func TestGarbageOnDataPort(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0})
	r := dial(t, ctx, e, Config{})
	o := loop(t, ctx, r, 30, 0.02, 7, func() { e.Inject(Faults{GarbageBytes: 1000}) })
	if o.err != nil {
		t.Fatal(o.err)
	}
	flagged := 0
	for _, tk := range o.ticks {
		if tk.Flags&devices.FlagGarbage != 0 {
			flagged++
		}
		if tk.Missing != 0 {
			t.Fatalf("garbage between writes lost %d frames", tk.Missing)
		}
	}
	if flagged != 1 || r.Stats().GarbageBytes != 1000 {
		t.Fatalf("%d ticks flagged garbage, %d bytes skipped; want 1 and 1000", flagged, r.Stats().GarbageBytes)
	}
	o.check(t, r, e)
}

// Data cut into writes of 1..97 bytes, with latency and jitter, decodes
// into the same clean ticks.
func TestSegmentedJitteryStream(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0, Segment: 97, Latency: time.Millisecond, Jitter: 2 * time.Millisecond})
	r := dial(t, ctx, e, Config{})
	o := loop(t, ctx, r, 10, 0.02, -1, nil)
	if o.err != nil {
		t.Fatal(o.err)
	}
	for i, tk := range o.ticks {
		if tk.Flags&^devices.FlagRestart != 0 || tk.Missing != 0 {
			t.Fatalf("tick %d flagged %v with %d missing", i, tk.Flags, tk.Missing)
		}
	}
	o.check(t, r, e)
}

// A Step waiting on a silent stream returns as soon as ctx ends.
func TestStepRespectsContext(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0})
	r := dial(t, ctx, e, Config{StallTimeout: time.Minute})
	if _, err := r.Step(ctx, 0.02, nil); err != nil {
		t.Fatal(err)
	}
	e.Inject(Faults{StallFor: time.Minute})
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	var err error
	for k := 0; k < 1000 && err == nil; k++ { // drain what was buffered before the stall
		_, err = r.Step(short, 0.02, nil)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Step on a stalled stream with a cancelled ctx = %v", err)
	}
}

// With RHX's spike port as the source, a lost spike connection is re-armed
// too, and the tick that cannot have every record is flagged.
func TestSpikeConnectionLost(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 1})
	r := dial(t, ctx, e, Config{Spikes: SpikesFromRHX, SpikeGrace: 500 * time.Millisecond})
	o := loop(t, ctx, r, 30, 0.02, 8, func() { e.Inject(Faults{DropSpikeEvery: 1}) })
	if o.err != nil {
		t.Fatalf("a lost spike connection ended the loop: %v", o.err)
	}
	flagged, after := 0, 0
	for _, tk := range o.ticks {
		if tk.Flags&devices.FlagReconnect != 0 {
			flagged++
		}
		if flagged > 0 {
			after += len(tk.Spikes)
		}
	}
	if flagged != 1 || r.Stats().Reconnects != 1 || after == 0 {
		t.Fatalf("%d ticks flagged reconnect, %d spikes after it, stats %+v", flagged, after, r.Stats())
	}
	o.check(t, r, e)
}

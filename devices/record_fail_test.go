package devices

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullDisk is an *os.File whose writes, once full is set, write half their bytes and
// fail with ENOSPC, as write(2) does when a disk fills mid-write.
type fullDisk struct {
	*os.File
	full bool
}

func (f *fullDisk) Write(p []byte) (int, error) {
	if f.full {
		n, _ := f.File.Write(p[:len(p)/2])
		return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.Write(p)
}

func recordTicks(t *testing.T, r *Recorder, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		if err := r.Write(testTick(i), nil); err != nil {
			t.Fatalf("tick %d: %v", i, err)
		}
	}
}

// testTick i has one spike and 100 raw frames of channel 0 whose samples are i.
func testTick(i int) *Tick {
	s := make([]int16, 100)
	for k := range s {
		s[k] = int16(i)
	}
	return &Tick{Index: i, Start: float64(i) * 0.005, End: float64(i+1) * 0.005, Channels: 1,
		Spikes: []Spike{{Channel: 0, Electrode: 7, Time: float64(i)*0.005 + 0.001, Amplitude: -40}},
		Raw:    &Raw{Channels: []int{0}, Rate: 20000, Gain: 6.29, Start: float64(i) * 0.005, Samples: s}}
}

type oneChannel struct{}

func (oneChannel) Layout() Layout    { return MaxOne() }
func (oneChannel) Limits() Limits    { return MaxOneLimits() }
func (oneChannel) Routing() []int    { return []int{7} }
func (oneChannel) Now() float64      { return 0 }
func (oneChannel) Close() error      { return nil }
func (oneChannel) Route([]int) error { return nil }
func (oneChannel) Step(context.Context, float64, []Stim) (*Tick, error) {
	return nil, errors.New("oneChannel does not step")
}

// Issue 12 item 15: after one failed write, carrying on made every later event
// unreadable and raw samples read back wrong.
func TestRecorderAfterAFailedWriteKeepsEveryCompleteTick(t *testing.T) {
	for _, which := range []string{"raw", "events"} {
		t.Run(which, func(t *testing.T) {
			prefix := filepath.Join(t.TempDir(), "s")
			r, err := Record(prefix, oneChannel{}, []int{0}, 20000, 6.29)
			if err != nil {
				t.Fatal(err)
			}
			disk := &fullDisk{File: r.raw.(*os.File)}
			if which == "events" {
				disk.File = r.events.(*os.File)
				r.events = disk
			} else {
				r.raw = disk
			}
			recordTicks(t, r, 0, 50)
			disk.full = true
			if err := r.Write(testTick(50), nil); !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("write on a full disk: %v", err)
			}
			disk.full = false // space freed: the recorder must still refuse
			if err := r.Write(testTick(51), nil); err == nil || !strings.Contains(err.Error(), "recording stopped") {
				t.Fatalf("write after a failed write: %v, want a refusal", err)
			}
			r.Close()
			rec, err := ReadRecording(prefix)
			if err != nil || rec.Damage != "" {
				t.Fatalf("ReadRecording: %v, damage %q", err, rec.Damage)
			}
			if len(rec.Ticks) != 50 {
				t.Fatalf("%d ticks read back, want the 50 complete ones", len(rec.Ticks))
			}
			for i, tk := range rec.Ticks {
				if tk.Index != i || tk.Raw == nil || tk.Raw.Samples[0] != int16(i) || tk.Raw.Samples[99] != int16(i) {
					t.Fatalf("tick %d read back as index %d, raw %v", i, tk.Index, tk.Raw)
				}
			}
		})
	}
}

// A recording damaged by an older petri (a half line followed by whole ones, raw bytes
// of a failed tick before later ticks) still gives back every tick before the damage.
func TestReadRecordingStopsAtDamage(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "s")
	r, err := Record(prefix, oneChannel{}, []int{0}, 20000, 6.29)
	if err != nil {
		t.Fatal(err)
	}
	recordTicks(t, r, 0, 10)
	r.events.Write([]byte(`{"i":10,"t0":0.05,"t1":0.055,"channels":1,"t":[0.051`)) // cut short
	r.eventsEnd += int64(len(`{"i":10,"t0":0.05,"t1":0.055,"channels":1,"t":[0.051`))
	recordTicks(t, r, 11, 20)
	r.Close()
	rec, err := ReadRecording(prefix)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Ticks) != 10 || rec.Damage == "" || rec.Ticks[9].Raw.Samples[0] != 9 {
		t.Fatalf("%d ticks, damage %q; want the 10 before the damaged line, and the damage named", len(rec.Ticks), rec.Damage)
	}
}

package intan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/petri-mea/petri/devices"
)

// SpikeSource says where a Rig's spikes come from.
type SpikeSource int

const (
	// SpikesFromWide: petri detects spikes in the WIDE band of every
	// routed channel (negative threshold crossings; deterministic and
	// complete for each tick).
	SpikesFromWide SpikeSource = iota
	// SpikesFromRHX: RHX's own detector, from its spike port. RHX sends
	// nothing when there are no spikes, so a tick waits up to SpikeGrace
	// after its last frame for records; later ones are dropped and flagged.
	SpikesFromRHX
)

// Config says where RHX is and how the Rig behaves. Zero fields take the
// defaults of DefaultConfig.
type Config struct {
	Host                             string // RHX's host, 127.0.0.1
	CommandPort, WavePort, SpikePort int    // 5000, 5001, 5002 (RHX's defaults)

	Layout devices.Layout // electrode k is amplifier channel k; GridLayout(channels) if zero
	Safety devices.Limits // petri's safety limits, DefaultSafety() if zero; only lower than the default without an override (RaiseLimits)

	Spikes      SpikeSource
	ThresholdSD float64 // SpikesFromWide: threshold in noise SDs (median absolute deviation ÷ 0.6745 of the first tick), 5
	Threshold   float64 // SpikesFromWide: a fixed threshold in µV (< 0) instead
	DeadTime    float64 // s between two spikes of a channel, 1e-3

	BlocksPerWrite int           // TCPNumberDataBlocksPerWrite, 1 (128 frames: 6.4 ms at 20 kHz)
	StallTimeout   time.Duration // no waveform data this long is a stall, 2 s
	CommandTimeout time.Duration // a command's reply, a connection, 5 s
	SpikeGrace     time.Duration // SpikesFromRHX: wait for late records, 20 ms
	Log            io.Writer     // safety overrides and faults, os.Stderr
}

// DefaultConfig returns RHX's default ports on this machine.
func DefaultConfig() Config {
	return Config{Host: "127.0.0.1", CommandPort: 5000, WavePort: 5001, SpikePort: 5002,
		ThresholdSD: 5, DeadTime: 1e-3, BlocksPerWrite: 1,
		StallTimeout: 2 * time.Second, CommandTimeout: 5 * time.Second, SpikeGrace: 20 * time.Millisecond}
}

// DefaultSafety returns petri's default stimulation limits for a rig,
// those of the simulated MaxOne (devices.MaxOneLimits): 10 µA, 50–400 µs,
// 1,000 pC per phase, 200 pulses/s per electrode, with Units 0, meaning
// every channel of the controller (each RHS channel has its own
// stimulator). The controller's own capabilities cap them further.
func DefaultSafety() devices.Limits { l := devices.MaxOneLimits(); l.Units = 0; return l }

// Info is what the controller declared when the Rig connected.
type Info struct {
	Type     string   // as RHX names it (both 3.x names of the stimulation controller are accepted)
	Version  string   // RHX's version
	Rate     float64  // Hz
	Step     float64  // µA, stimulation step (0 on a recording controller)
	Stim     bool     // a stimulation/recording controller
	Channels []string // native names of the amplifier channels, in RHX's order
}

// Stats counts what happened on the wire since Dial.
type Stats struct {
	Ticks, Restarts, Reconnects, Stalls int
	Gaps, MissingFrames                 int // timestamp gaps, frames lost in them
	GarbageBytes                        int64
	Triggers, Uploads                   int // trigger commands sent (each once), channels uploaded
	LateSpikes                          int
	Held                                int // triggers held back to keep MaxRate in real time
}

// Rig is an Intan RHX controller over TCP; it implements devices.Device
// and devices.Tracer. A Rig is not safe for concurrent use, except Close
// and Stats.
type Rig struct {
	cfg    Config
	info   Info
	layout devices.Layout
	limits devices.Limits
	cmd    *commander
	guard  devices.Guard
	slots  slots

	routing   []int
	traced    []int
	running   bool
	dirty     bool // routing changed: reconfigure at the next start
	fatal     error
	closed    bool
	overrides []string

	wave  *dataStream
	spk   *dataStream
	words int   // words per frame of the current wave connection
	cols  []int // readout channel of each word
	blk   *Block
	bi    int  // next frame in blk
	fresh bool // the next block is the first of a restarted run
	inGap bool // the last tick ended inside a timestamp gap

	tsLast    int64 // unwrapped timestamp of the last frame
	tsOffset  int64 // device frame = unwrapped timestamp − tsOffset
	nextFrame int64 // first frame of the next tick
	garbage   int64
	tickIndex int

	sentLast map[int]time.Time // electrode → when its last pulse was sent to happen
	det      detector
	buf      []uint16
	spikeBuf []SpikeRecord

	mu    sync.Mutex
	stats Stats
}

// Dial connects to RHX's command port, reads the controller's
// capabilities, stops it if it runs, and routes every amplifier channel.
// Data ports are connected when the first Step starts the controller.
func Dial(ctx context.Context, cfg Config) (*Rig, error) {
	d := DefaultConfig()
	if cfg.Host == "" {
		cfg.Host = d.Host
	}
	for _, p := range []*int{&cfg.CommandPort, &cfg.WavePort, &cfg.SpikePort} {
		if *p < 0 || *p > 65535 {
			return nil, fmt.Errorf("intan: port %d is not a TCP port; RHX's defaults are 5000, 5001 and 5002", *p)
		}
	}
	if cfg.CommandPort == 0 {
		cfg.CommandPort = d.CommandPort
	}
	if cfg.WavePort == 0 {
		cfg.WavePort = d.WavePort
	}
	if cfg.SpikePort == 0 {
		cfg.SpikePort = d.SpikePort
	}
	if cfg.ThresholdSD == 0 {
		cfg.ThresholdSD = d.ThresholdSD
	}
	if cfg.DeadTime == 0 {
		cfg.DeadTime = d.DeadTime
	}
	if cfg.BlocksPerWrite == 0 {
		cfg.BlocksPerWrite = d.BlocksPerWrite
	}
	if cfg.BlocksPerWrite < 1 || cfg.BlocksPerWrite > 100 {
		return nil, fmt.Errorf("intan: BlocksPerWrite %d; RHX accepts 1 to 100", cfg.BlocksPerWrite)
	}
	if cfg.StallTimeout == 0 {
		cfg.StallTimeout = d.StallTimeout
	}
	if cfg.CommandTimeout == 0 {
		cfg.CommandTimeout = d.CommandTimeout
	}
	if cfg.SpikeGrace == 0 {
		cfg.SpikeGrace = d.SpikeGrace
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.CommandPort))
	dctx, cancel := context.WithTimeout(ctx, cfg.CommandTimeout)
	conn, err := (&net.Dialer{}).DialContext(dctx, "tcp", addr)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("intan: cannot reach RHX's command port at %s (%v); in RHX open Network → Remote TCP Control and press Connect for commands, or start an emulator (petri rig serve --protocol intan-rhx)", addr, err)
	}
	r := &Rig{cfg: cfg, cmd: newCommander(conn, cfg.CommandTimeout)}
	if err := r.identify(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return r, nil
}

func (r *Rig) identify(ctx context.Context) error {
	c := r.cmd
	typ, err := c.get(ctx, "Type")
	if err != nil {
		return fmt.Errorf("intan: reading the controller type: %w", err)
	}
	switch typ {
	case "ControllerStimRecord", "ControllerStimRecordUSB2": // RHX ≥ 3.2, ≤ 3.1
		r.info.Stim = true
	case "ControllerRecordUSB2", "ControllerRecordUSB3":
	default:
		return fmt.Errorf("intan: unknown controller type %q; this driver knows ControllerStimRecord (ControllerStimRecordUSB2 before RHX 3.2), ControllerRecordUSB2 and ControllerRecordUSB3", typ)
	}
	r.info.Type = typ
	if r.info.Version, err = c.get(ctx, "Version"); err != nil {
		return err
	}
	s, err := c.get(ctx, "SampleRateHertz")
	if err != nil {
		return err
	}
	if r.info.Rate, err = strconv.ParseFloat(s, 64); err != nil || !(r.info.Rate > 0) {
		return fmt.Errorf("intan: RHX reports a sample rate of %q Hz", s)
	}
	if r.info.Stim {
		s, err := c.get(ctx, "StimStepSizeMicroAmps")
		if err != nil {
			return err
		}
		if r.info.Step, err = strconv.ParseFloat(s, 64); err != nil || !(r.info.Step > 0) {
			return fmt.Errorf("intan: RHX reports a stimulation step of %q µA", s)
		}
	}
	for port := byte('A'); port <= 'P'; port++ {
		s, err := c.get(ctx, string(port)+".NumberAmplifierChannels")
		var rx *RHXError
		if errors.As(err, &rx) {
			break // no such port on this controller
		}
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 128 {
			return fmt.Errorf("intan: RHX reports %q amplifier channels on port %c", s, port)
		}
		for k := 0; k < n; k++ {
			r.info.Channels = append(r.info.Channels, fmt.Sprintf("%c-%03d", port, k))
		}
	}
	n := len(r.info.Channels)
	if n == 0 {
		return fmt.Errorf("intan: RHX reports no amplifier channels; connect a headstage (or choose a demo controller) and rescan ports in RHX")
	}
	if r.cfg.Layout.Len() == 0 && len(r.cfg.Layout.X) == 0 { // no layout given
		r.layout = GridLayout(n)
	} else {
		r.layout = r.cfg.Layout
		if r.layout.Len() < n {
			return fmt.Errorf("intan: Config.Layout has %d electrodes for %d amplifier channels; give one electrode per channel", r.layout.Len(), n)
		}
	}
	safety := r.cfg.Safety
	if safety == (devices.Limits{}) {
		safety = DefaultSafety()
	}
	if f := above(safety, DefaultSafety()); f != "" {
		return fmt.Errorf("intan: Config.Safety raises %s above petri's default; limits can be raised only with Rig.RaiseLimits(limits, reason), which logs the override", f)
	}
	if err := r.setLimits(safety); err != nil {
		return err
	}
	if mode, err := c.runMode(ctx); err != nil {
		return err
	} else if mode != "Stop" {
		if err := c.do(ctx, "set RunMode stop"); err != nil {
			return err
		}
	}
	if err := c.do(ctx, "set TCPNumberDataBlocksPerWrite "+strconv.Itoa(r.cfg.BlocksPerWrite)); err != nil {
		return err
	}
	all := make([]int, n)
	for k := range all {
		all[k] = k
	}
	r.routing, r.dirty = all, true
	return nil
}

// setLimits makes the Rig's limits safety capped by what the controller
// can do.
func (r *Rig) setLimits(s devices.Limits) error {
	n := len(r.info.Channels)
	l := s
	l.Channels = n
	if r.info.Stim {
		l.Units = min(max(s.Units, 0), n)
		if s.Units == 0 {
			l.Units = n // every RHS channel has its own stimulator
		}
		l.MaxAmplitude = math.Min(s.MaxAmplitude, 255*r.info.Step)
		l.MinPhaseWidth = math.Max(s.MinPhaseWidth, 1e6/r.info.Rate)
		l.MaxPhaseWidth = math.Min(s.MaxPhaseWidth, maxPhaseUS)
	} else {
		l.Units, l.MaxAmplitude = 0, 0
	}
	r.limits = l
	return nil
}

// RaiseLimits replaces the safety limits with l, even above petri's
// defaults, and logs the override with reason (which must say why). The
// controller's capabilities still cap every limit.
func (r *Rig) RaiseLimits(l devices.Limits, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("intan: RaiseLimits needs a reason; it is logged with the new limits")
	}
	old := r.limits
	if err := r.setLimits(l); err != nil {
		return err
	}
	msg := fmt.Sprintf("%s intan: SAFETY OVERRIDE: stimulation limits raised from %+v to %+v: %s",
		time.Now().UTC().Format(time.RFC3339), old, r.limits, reason)
	r.overrides = append(r.overrides, msg)
	fmt.Fprintln(r.cfg.Log, msg)
	return nil
}

// Overrides returns the log lines of every RaiseLimits call.
func (r *Rig) Overrides() []string { return append([]string(nil), r.overrides...) }

// Info returns what the controller declared.
func (r *Rig) Info() Info { i := r.info; i.Channels = append([]string(nil), i.Channels...); return i }

// Stats returns the counters.
func (r *Rig) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Layout, Limits, Routing and Now implement devices.Device.
func (r *Rig) Layout() devices.Layout { return r.layout }
func (r *Rig) Limits() devices.Limits { return r.limits }
func (r *Rig) Routing() []int         { return append([]int(nil), r.routing...) }
func (r *Rig) Now() float64           { return float64(r.nextFrame) / r.info.Rate }

// Route selects the amplifier channels (electrode k = channel k) streamed
// to petri, as readout channels 0, 1, … in the order given. RHX's stream
// carries no layout, so a running controller is stopped and restarted with
// the new set at the next Step (that tick is flagged FlagRestart).
func (r *Rig) Route(electrodes []int) error {
	if err := r.limits.CheckRouting(r.layout, electrodes); err != nil {
		return err
	}
	for _, e := range electrodes {
		if e >= len(r.info.Channels) {
			return fmt.Errorf("intan: electrode %d has no amplifier channel (the controller has %d); route 0..%d", e, len(r.info.Channels), len(r.info.Channels)-1)
		}
	}
	if len(electrodes) == 0 {
		return fmt.Errorf("intan: routing no electrodes; RHX streams at least one channel")
	}
	r.routing = append([]int(nil), electrodes...)
	r.traced = nil
	r.dirty = true
	return nil
}

// Trace makes every tick carry the raw WIDE samples of these readout
// channels (Tick.Raw, 0.195 µV per count); nil stops tracing.
func (r *Rig) Trace(channels []int) error {
	for _, ch := range channels {
		if ch < 0 || ch >= len(r.routing) {
			return fmt.Errorf("intan: channel %d is not routed (%d channels are); route its electrode first", ch, len(r.routing))
		}
	}
	r.traced = append([]int(nil), channels...)
	return nil
}

// Close stops the controller (if the command connection still works) and
// closes every connection.
func (r *Rig) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.cmd.lost() == nil && r.running {
		ctx, cancel := context.WithTimeout(context.Background(), r.cfg.CommandTimeout)
		r.cmd.do(ctx, "set RunMode stop")
		cancel()
	}
	r.running = false
	r.closeData()
	if r.fatal == nil {
		r.fatal = errors.New("intan: the rig is closed; Dial again")
	}
	return r.cmd.conn.Close()
}

func (r *Rig) fail(err error) error {
	if r.fatal == nil {
		r.fatal = err
		r.closeData()
		fmt.Fprintln(r.cfg.Log, err)
	}
	return r.fatal
}

// commandError turns an error on the command connection into the fatal
// error it is, unless ctx simply ended.
func (r *Rig) commandError(ctx context.Context, err error) error {
	if ctx.Err() != nil && r.cmd.lost() == nil {
		return ctx.Err()
	}
	var rx *RHXError
	if errors.As(err, &rx) {
		return err
	}
	return r.fail(fmt.Errorf("%w (%v) after %d ticks; every tick returned so far is complete. RHX stops listening for commands once a client leaves: press Connect under Network → Remote TCP Control and Dial again", ErrCommandLost, err, r.tickIndex))
}

// above names the first limit of l that allows more than d, or "".
func above(l, d devices.Limits) string {
	switch {
	case l.MaxAmplitude > d.MaxAmplitude:
		return "MaxAmplitude"
	case l.MaxCharge > d.MaxCharge:
		return "MaxCharge"
	case l.MaxRate > d.MaxRate:
		return "MaxRate"
	case l.MaxPhaseWidth > d.MaxPhaseWidth:
		return "MaxPhaseWidth"
	case l.MinPhaseWidth < d.MinPhaseWidth:
		return "MinPhaseWidth (lower)"
	case d.Units > 0 && l.Units > d.Units:
		return "Units"
	}
	return ""
}

var _ devices.Device = (*Rig)(nil)
var _ devices.Tracer = (*Rig)(nil)

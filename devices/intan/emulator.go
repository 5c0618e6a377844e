package intan

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/culture"
	"github.com/petri-mea/petri/devices/sim"
)

// EmulatorConfig configures an Emulator. Zero fields take the defaults of
// DefaultEmulatorConfig.
type EmulatorConfig struct {
	Type     string  // "ControllerStimRecord" (RHX ≥ 3.2), "ControllerStimRecordUSB2" (≤ 3.1), "ControllerRecordUSB3", "ControllerRecordUSB2"
	Version  string  // e.g. "3.4.0"
	Rate     float64 // Hz: 20000, 25000 or 30000 on a stimulation controller
	Step     float64 // StimStepSizeMicroAmps
	Channels int     // amplifier channels
	PerPort  int     // amplifier channels per port (A, B, …)

	// Addresses to listen on; ":0" picks a free port (tests).
	CommandAddr, WaveAddr, SpikeAddr string
	// RelistenCommand accepts a new command client after one leaves; RHX
	// does not (the operator must press Connect again), so the default is
	// false.
	RelistenCommand bool

	// ResetOnRun restarts timestamps at 0 on every RunMode run; whether
	// RHX does is not known (PROTOCOLS.md §1.7), so the driver must cope
	// with both.
	ResetOnRun bool

	BlocksPerWrite int // TCPNumberDataBlocksPerWrite until a client sets it (RHX's default, 10)

	Pace    float64       // 1 real time (as hardware); 0 as fast as the client reads
	Queue   int           // writes held per data connection when paced; more are dropped (a FIFO overflow: a timestamp gap)
	Latency time.Duration // before each data write
	Jitter  time.Duration // uniform extra delay before each data write
	Segment int           // > 0: each data write goes out in pieces of 1..Segment bytes (seeded)
	Faults  Faults        // injected periodically

	NoiseSD float64 // µV of the amplifier noise
	Warmup  float64 // s of culture simulated before serving
	Seed    uint64
	Log     io.Writer // events, one line each; nil: none
}

// Faults inject data-stream faults every so many data writes (0: never).
type Faults struct {
	GapEvery       int // skip GapFrames frames of timestamps
	GapFrames      int
	StallEvery     int // pause the data writers for StallFor
	StallFor       time.Duration
	DropEvery      int // close the waveform connection
	DropSpikeEvery int // close the spike connection
	GarbageEvery   int // send GarbageBytes random bytes on the waveform port
	GarbageBytes   int
}

// DefaultEmulatorConfig returns a 128-channel stimulation/recording
// controller of RHX 3.4.0 at 20 kHz with a 1 µA step on RHX's default
// ports, paced in real time.
func DefaultEmulatorConfig() EmulatorConfig {
	return EmulatorConfig{
		Type: "ControllerStimRecord", Version: "3.4.0", Rate: 20000, Step: 1,
		Channels: 128, PerPort: 32,
		CommandAddr: "127.0.0.1:5000", WaveAddr: "127.0.0.1:5001", SpikeAddr: "127.0.0.1:5002",
		Pace: 1, Queue: 64, NoiseSD: 6, Warmup: 0.5, Seed: 1,
	}
}

func (c *EmulatorConfig) fill() error {
	d := DefaultEmulatorConfig()
	if c.Type == "" {
		c.Type = d.Type
	}
	if c.Version == "" {
		c.Version = d.Version
	}
	if c.Rate == 0 {
		c.Rate = d.Rate
	}
	if c.Step == 0 {
		c.Step = d.Step
	}
	if c.Channels == 0 {
		c.Channels = d.Channels
	}
	if c.PerPort == 0 {
		c.PerPort = 32
		if !isStim(c.Type) {
			c.PerPort = 128
		}
	}
	if c.Queue == 0 {
		c.Queue = d.Queue
	}
	if c.BlocksPerWrite == 0 {
		c.BlocksPerWrite = 10
	}
	if c.BlocksPerWrite < 1 || c.BlocksPerWrite > 100 {
		return fmt.Errorf("intan: emulator BlocksPerWrite %d; RHX allows 1 to 100", c.BlocksPerWrite)
	}
	if c.NoiseSD == 0 {
		c.NoiseSD = d.NoiseSD
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	switch c.Type {
	case "ControllerStimRecord", "ControllerStimRecordUSB2", "ControllerRecordUSB3", "ControllerRecordUSB2":
	default:
		return fmt.Errorf("intan: emulator Type %q; use ControllerStimRecord, ControllerStimRecordUSB2, ControllerRecordUSB3 or ControllerRecordUSB2", c.Type)
	}
	if c.Channels < 1 || c.Channels > 1024 {
		return fmt.Errorf("intan: emulator Channels %d; use 1 to 1024", c.Channels)
	}
	if c.PerPort < 1 || c.PerPort > 128 || (c.Channels+c.PerPort-1)/c.PerPort > 16 {
		return fmt.Errorf("intan: emulator PerPort %d for %d channels; use 1 to 128 channels per port and at most 16 ports", c.PerPort, c.Channels)
	}
	if !(c.Rate >= 1000 && c.Rate <= 30000) {
		return fmt.Errorf("intan: emulator Rate %g Hz; RHX samples at 1 to 30 kHz", c.Rate)
	}
	return nil
}

func isStim(typ string) bool { return strings.HasPrefix(typ, "ControllerStimRecord") }

// Pulse is one biphasic pulse the emulator delivered to the culture.
type Pulse struct {
	Channel   int
	Time      float64 // s of the culture's time (timestamp ÷ rate unless timestamps were reset or skipped)
	Amplitude float64 // µA, as the hardware quantises it
	Width     float64 // µs, first phase
}

// Emulator serves RHX's TCP protocol on loopback, backed by a simulated
// culture on a simulated array: stimulation evokes activity. It logs every
// byte received on its command port (Received), so a test can prove what
// never reached it.
type Emulator struct {
	cfg                EmulatorConfig
	cmdL, waveL, spkL  net.Listener
	dev                *sim.Device
	names              []string
	index              map[string]int
	noise              []int16
	tmpl               []float64
	tmplLead           int
	ctx                context.Context
	cancel             context.CancelFunc
	wg                 sync.WaitGroup
	mu                 sync.Mutex
	simMu              sync.Mutex // held by the generator while it steps the culture
	received           []byte
	cmdClients         int
	cmdConn            net.Conn
	running            bool
	runStop            chan struct{}
	blocks             int
	ts                 uint32
	chans              []emuChan
	waveArmed, spArmed bool
	wave, spk          *dataConn
	pending            []Pulse // scheduled, not yet delivered
	delivered          []Pulse
	triggers           int
	writes, dropped    int
	inject             Faults // one-shot faults for the next write
	carry              []devices.Spike
	lastWrite          time.Time       // a data write last went out
	roundTrips         []time.Duration // trigger arrival − last data write
	rng                *rand.Rand
	simNow             float64   // device time at the end of the last generated write
	genWall            time.Time // when that write was generated
	trigT              float64   // device time of the last trigger
	trigWall           time.Time // and when it arrived
}

// triggerTime is the device time at which a trigger arriving now takes
// effect: the write being played out was generated already, so the
// controller acts from the next one on, as much later as the trigger came
// after that write was generated. Triggers keep their spacing in time.
func (e *Emulator) triggerTime() float64 {
	pace := e.cfg.Pace
	if pace == 0 {
		pace = 1
	}
	now := time.Now()
	t := e.simNow
	if !e.genWall.IsZero() {
		t += min(now.Sub(e.genWall).Seconds()*pace, float64(e.blocks*FramesPerBlock)/e.cfg.Rate)
	}
	if !e.trigWall.IsZero() {
		t = max(t, e.trigT+now.Sub(e.trigWall).Seconds()*pace)
	}
	e.trigT, e.trigWall = t, now
	return t
}

type emuChan struct {
	wide, spike bool
	set         map[string]string // parameters as set (lowercase name → value)
	up          map[string]string // as uploaded
}

// NewEmulator builds the culture, warms it up and starts listening.
func NewEmulator(ctx context.Context, cfg EmulatorConfig) (*Emulator, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	net0, err := culture.Lattice(culture.DefaultConfig())
	if err != nil {
		return nil, err
	}
	sc := sim.DefaultConfig()
	sc.Warmup, sc.Seed = cfg.Warmup, cfg.Seed
	// The culture gets what the controller can physically deliver; safety
	// limits are the driver's business, and the log shows what came in.
	sc.Array.Limits = devices.Limits{Channels: 1024, Units: cfg.Channels, MaxAmplitude: 255 * cfg.Step,
		MinPhaseWidth: 1e6 / cfg.Rate, MaxPhaseWidth: 5000, MaxCharge: math.Inf(1), MaxRate: cfg.Rate / 2}
	dev, err := sim.New(ctx, net0, sc)
	if err != nil {
		return nil, err
	}
	l := GridLayout(cfg.Channels)
	arr := dev.Layout()
	x0 := (arr.Width() - arr.Pitch - float64(l.Cols-1)*l.Pitch) / 2
	y0 := (arr.Height() - arr.Pitch - float64(l.Rows-1)*l.Pitch) / 2
	els := make([]int, cfg.Channels)
	for k := range els {
		x, y := l.Pos(k)
		els[k] = arr.Nearest(x0+x, y0+y)
	}
	if err := dev.Route(els); err != nil {
		return nil, fmt.Errorf("intan: emulator cannot place %d channels on the simulated array: %w", cfg.Channels, err)
	}
	e := &Emulator{cfg: cfg, dev: dev, index: map[string]int{}, blocks: cfg.BlocksPerWrite,
		rng: rand.New(rand.NewPCG(cfg.Seed, 0x1a7a)), chans: make([]emuChan, cfg.Channels)}
	for k := range e.chans {
		n := ChannelName(k, cfg.PerPort)
		e.names = append(e.names, n)
		e.index[strings.ToLower(n)] = k
		e.chans[k] = emuChan{set: map[string]string{}, up: map[string]string{}}
	}
	e.noise = make([]int16, 1<<16+7)
	for i := range e.noise {
		e.noise[i] = int16(math.Round(e.rng.NormFloat64() * cfg.NoiseSD / MicroVoltsPerBit))
	}
	// Spike template: a sharp negative peak (0.15 ms) and a slower rebound
	// of a quarter of it 0.5 ms later, as devices/hdmea draws raw traces.
	e.tmplLead = int(math.Ceil(0.5e-3 * cfg.Rate))
	for f := -e.tmplLead; f <= int(math.Ceil(1.5e-3*cfg.Rate)); f++ {
		tau := float64(f) / cfg.Rate
		e.tmpl = append(e.tmpl, math.Exp(-sq(tau/0.15e-3))-0.25*math.Exp(-sq((tau-0.5e-3)/0.3e-3)))
	}
	if e.cmdL, err = net.Listen("tcp", cfg.CommandAddr); err != nil {
		return nil, fmt.Errorf("intan: emulator command port: %w", err)
	}
	if e.waveL, err = net.Listen("tcp", cfg.WaveAddr); err != nil {
		e.cmdL.Close()
		return nil, fmt.Errorf("intan: emulator waveform port: %w", err)
	}
	if e.spkL, err = net.Listen("tcp", cfg.SpikeAddr); err != nil {
		e.cmdL.Close()
		e.waveL.Close()
		return nil, fmt.Errorf("intan: emulator spike port: %w", err)
	}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	e.wg.Add(3)
	go e.acceptCommands()
	go e.acceptData(e.waveL, true)
	go e.acceptData(e.spkL, false)
	e.logf("serving %s (RHX %s, %g Hz, %d channels, step %g µA) on command %s, waveform %s, spike %s",
		cfg.Type, cfg.Version, cfg.Rate, cfg.Channels, cfg.Step, e.cmdL.Addr(), e.waveL.Addr(), e.spkL.Addr())
	return e, nil
}

func sq(x float64) float64 { return x * x }

func (e *Emulator) logf(format string, a ...any) {
	if e.cfg.Log != nil {
		fmt.Fprintf(e.cfg.Log, "rig: "+format+"\n", a...)
	}
}

// Ports returns the command, waveform and spike ports listened on.
func (e *Emulator) Ports() (cmd, wave, spike int) {
	return e.cmdL.Addr().(*net.TCPAddr).Port, e.waveL.Addr().(*net.TCPAddr).Port, e.spkL.Addr().(*net.TCPAddr).Port
}

// Config returns the configuration in use (defaults filled in).
func (e *Emulator) Config() EmulatorConfig { return e.cfg }

// Device returns the simulated device behind the emulator (ground truth).
func (e *Emulator) Device() *sim.Device { return e.dev }

// Received returns a copy of every byte received on the command port.
func (e *Emulator) Received() []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]byte(nil), e.received...)
}

// Delivered returns every pulse delivered to the culture so far.
func (e *Emulator) Delivered() []Pulse {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Pulse(nil), e.delivered...)
}

// RoundTrips returns, for every trigger received, the time since the
// emulator last handed waveform data to the socket: with a client that
// keeps up and ticks of one data write, the closed loop's round trip
// (spikes in → stimulation out) on loopback.
func (e *Emulator) RoundTrips() []time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]time.Duration(nil), e.roundTrips...)
}

// EmulatorStats counts what the emulator did.
type EmulatorStats struct {
	Triggers      int // trigger commands that fired at least one channel
	Writes        int // data writes produced
	DroppedWrites int // writes lost to a full queue (slow consumer)
}

// Stats returns the counters.
func (e *Emulator) Stats() EmulatorStats {
	e.mu.Lock()
	defer e.mu.Unlock()
	return EmulatorStats{Triggers: e.triggers, Writes: e.writes, DroppedWrites: e.dropped}
}

// Inject schedules faults for the next data write: a timestamp gap of
// GapFrames, a stall of StallFor, closing the waveform or spike connection
// (DropEvery or DropSpikeEvery ≠ 0) and GarbageBytes random bytes; the Every fields are ignored.
func (e *Emulator) Inject(f Faults) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.inject = f
}

// DropCommand closes the command connection, as if the network failed.
func (e *Emulator) DropCommand() {
	e.mu.Lock()
	c := e.cmdConn
	e.mu.Unlock()
	if c != nil {
		c.Close()
	}
}

// Close stops serving and waits for every goroutine.
func (e *Emulator) Close() error {
	e.cancel()
	e.cmdL.Close()
	e.waveL.Close()
	e.spkL.Close()
	e.mu.Lock()
	if e.cmdConn != nil {
		e.cmdConn.Close()
	}
	e.stopLocked()
	for _, d := range []*dataConn{e.wave, e.spk} {
		if d != nil {
			d.close()
		}
	}
	e.mu.Unlock()
	e.wg.Wait()
	return nil
}

// Serve blocks until ctx is done, then closes the emulator.
func (e *Emulator) Serve(ctx context.Context) error {
	<-ctx.Done()
	return e.Close()
}

func (e *Emulator) acceptCommands() {
	defer e.wg.Done()
	for {
		c, err := e.cmdL.Accept()
		if err != nil {
			return
		}
		e.mu.Lock()
		if e.cmdConn != nil || (e.cmdClients > 0 && !e.cfg.RelistenCommand) {
			// RHX serves one command client and stops listening after it
			// leaves; a second connection gets nothing.
			e.mu.Unlock()
			c.Close()
			continue
		}
		e.cmdClients++
		e.cmdConn = c
		e.mu.Unlock()
		e.logf("command client %s connected", c.RemoteAddr())
		e.wg.Add(1)
		go e.serveCommands(c)
	}
}

func (e *Emulator) serveCommands(c net.Conn) {
	defer e.wg.Done()
	defer func() {
		c.Close()
		e.mu.Lock()
		if e.cmdConn == c {
			e.cmdConn = nil
		}
		e.mu.Unlock()
		e.logf("command client left")
	}()
	buf := make([]byte, 64<<10)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			e.mu.Lock()
			e.received = append(e.received, buf[:n]...)
			// Like RHX: what one read returns is split on ";".
			var out []string
			for k, piece := range strings.Split(string(buf[:n]), ";") {
				if strings.TrimSpace(piece) == "" {
					continue
				}
				if r := e.commandLocked(k+1, strings.TrimSpace(piece)); r != "" {
					out = append(out, r)
				}
			}
			e.mu.Unlock()
			for _, r := range out {
				c.Write([]byte(r))
			}
		}
		if err != nil {
			return
		}
	}
}

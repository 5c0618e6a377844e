package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"

	"github.com/petri-mea/petri/devices/intan"
)

const rigUsage = "usage: petri rig serve --protocol intan-rhx [--cmd-port 5000] [--wave-port 5001] [--spike-port 5002] [flags]"

// runRig serves a rig protocol on loopback, backed by the simulated culture,
// until interrupted: `petri rig serve --protocol intan-rhx`.
func runRig(args []string) error {
	ctx, stop := interruptible()
	defer stop()
	return serveRig(ctx, args, os.Stdout)
}

// serveRig is runRig until ctx ends, saying where it listens on out.
func serveRig(ctx context.Context, args []string, out io.Writer) error {
	if len(args) < 1 || args[0] != "serve" {
		return errors.New(rigUsage)
	}
	d := intan.DefaultEmulatorConfig()
	fs := flag.NewFlagSet("rig serve", flag.ContinueOnError)
	protocol := fs.String("protocol", "", "the protocol to serve: intan-rhx (Intan RHX's TCP interface)")
	host := fs.String("host", "127.0.0.1", "address to listen on (loopback unless you mean it)")
	cmdPort := fs.Int("cmd-port", 5000, "command port")
	wavePort := fs.Int("wave-port", 5001, "waveform data port")
	spikePort := fs.Int("spike-port", 5002, "spike data port")
	fs.StringVar(&d.Type, "type", d.Type, "controller type: ControllerStimRecord, ControllerStimRecordUSB2 (RHX ≤ 3.1), ControllerRecordUSB3, ControllerRecordUSB2")
	fs.StringVar(&d.Version, "rhx-version", d.Version, "RHX version reported")
	fs.Float64Var(&d.Rate, "rate", d.Rate, "sample rate in Hz")
	fs.Float64Var(&d.Step, "step", d.Step, "stimulation step in µA")
	fs.IntVar(&d.Channels, "channels", d.Channels, "amplifier channels")
	fs.IntVar(&d.PerPort, "per-port", 0, "amplifier channels per port (default 32 on a stimulation controller, 128 otherwise)")
	fs.Float64Var(&d.Pace, "pace", d.Pace, "1 real time, 2 twice as fast, 0 as fast as the client reads")
	fs.IntVar(&d.BlocksPerWrite, "blocks", 10, "data blocks (128 frames) per write until a client sets TCPNumberDataBlocksPerWrite")
	fs.IntVar(&d.Queue, "queue", d.Queue, "data writes held per client before dropping them (a slow client sees gaps)")
	fs.DurationVar(&d.Latency, "latency", 0, "delay before each data write")
	fs.DurationVar(&d.Jitter, "jitter", 0, "uniform extra delay before each data write")
	fs.IntVar(&d.Segment, "segment", 0, "cut each data write into pieces of 1..N bytes")
	fs.IntVar(&d.Faults.GapEvery, "gap-every", 0, "a timestamp gap every N data writes")
	fs.IntVar(&d.Faults.GapFrames, "gap-frames", 256, "frames lost in each gap")
	fs.IntVar(&d.Faults.StallEvery, "stall-every", 0, "stall the data stream every N writes")
	fs.DurationVar(&d.Faults.StallFor, "stall-for", 0, "length of each stall")
	fs.IntVar(&d.Faults.DropEvery, "drop-every", 0, "close the waveform connection every N writes")
	fs.IntVar(&d.Faults.DropSpikeEvery, "drop-spike-every", 0, "close the spike connection every N writes")
	fs.IntVar(&d.Faults.GarbageEvery, "garbage-every", 0, "send garbage on the waveform port every N writes")
	fs.IntVar(&d.Faults.GarbageBytes, "garbage-bytes", 100, "bytes of each garbage burst")
	fs.BoolVar(&d.RelistenCommand, "relisten", false, "accept a new command client after one leaves (RHX does not)")
	fs.Float64Var(&d.Warmup, "warmup", d.Warmup, "seconds of culture simulated before serving")
	fs.Uint64Var(&d.Seed, "seed", d.Seed, "seed of the culture, the array and the noise")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *protocol != "intan-rhx" {
		return fmt.Errorf("--protocol %q: the protocol served is intan-rhx\n%s", *protocol, rigUsage)
	}
	for _, p := range []int{*cmdPort, *wavePort, *spikePort} {
		if p < 0 || p > 65535 {
			return fmt.Errorf("port %d is not a TCP port (0–65535; 0 picks a free one)", p)
		}
	}
	d.CommandAddr = net.JoinHostPort(*host, strconv.Itoa(*cmdPort))
	d.WaveAddr = net.JoinHostPort(*host, strconv.Itoa(*wavePort))
	d.SpikeAddr = net.JoinHostPort(*host, strconv.Itoa(*spikePort))
	d.Log = os.Stderr
	e, err := intan.NewEmulator(ctx, d)
	if err != nil {
		return err
	}
	c, w, s := e.Ports()
	fmt.Fprintf(out, "petri rig: Intan RHX (%s %s) on %s: command %d, waveform %d, spike %d; Ctrl-C stops\n",
		e.Config().Type, e.Config().Version, *host, c, w, s)
	err = e.Serve(ctx)
	fmt.Fprintln(out, "petri rig: stopped")
	return err
}

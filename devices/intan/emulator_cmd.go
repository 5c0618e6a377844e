package intan

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// commandLocked runs one command and returns RHX's reply ("" on success of
// set and execute).
func (e *Emulator) commandLocked(k int, cmd string) string {
	w := strings.Fields(cmd)
	verb := strings.ToLower(w[0])
	switch verb {
	case "get":
		if len(w) != 2 {
			return fmt.Sprintf("Error - Command %d: Get commands require a parameter", k)
		}
		return e.getLocked(w[1])
	case "set":
		if len(w) != 3 {
			return fmt.Sprintf("Error - Command %d: Set commands require a parameter and a value", k)
		}
		return e.setLocked(w[1], w[2])
	case "execute":
		if len(w) < 2 || len(w) > 3 {
			return fmt.Sprintf("Error - Command %d: Execute commands require an action", k)
		}
		arg := ""
		if len(w) == 3 {
			arg = w[2]
		}
		return e.executeLocked(strings.ToLower(w[1]), strings.ToLower(arg))
	}
	return fmt.Sprintf("Error - Command %d: Unrecognized command", k)
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

func boolWord(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func (e *Emulator) runModeLocked() string {
	if e.running {
		return "Run"
	}
	return "Stop"
}

func (e *Emulator) getLocked(param string) string {
	p := strings.ToLower(param)
	switch p {
	case "type":
		return "Return: Type " + e.cfg.Type
	case "version":
		return "Return: Version " + e.cfg.Version
	case "sampleratehertz":
		return "Return: SampleRateHertz " + fmtNum(e.cfg.Rate)
	case "stimstepsizemicroamps":
		if !isStim(e.cfg.Type) {
			return "Unrecognized parameter"
		}
		return "Return: StimStepSizeMicroAmps " + fmtNum(e.cfg.Step)
	case "runmode":
		return "Return: RunMode " + e.runModeLocked()
	case "currenttimestamp":
		if !e.running {
			return "Return: -1"
		}
		return "Return: " + strconv.FormatUint(uint64(e.ts), 10)
	case "tcpnumberdatablocksperwrite":
		return "Return: TCPNumberDataBlocksPerWrite " + strconv.Itoa(e.blocks)
	case "uploadinprogress":
		return "Return: UploadInProgress False"
	case "tcpwaveformdataoutputconnectionstatus":
		return "Return: TCPWaveformDataOutputConnectionStatus " + status(e.wave, e.waveArmed)
	case "tcpspikedataoutputconnectionstatus":
		return "Return: TCPSpikeDataOutputConnectionStatus " + status(e.spk, e.spArmed)
	}
	scope, name, ok := strings.Cut(p, ".")
	if !ok {
		return "Unrecognized parameter"
	}
	if len(scope) == 1 && name == "numberamplifierchannels" {
		port := int(scope[0] - 'a')
		ports := 8
		if isStim(e.cfg.Type) {
			ports = 4
		}
		ports = max(ports, (e.cfg.Channels+e.cfg.PerPort-1)/e.cfg.PerPort)
		if port < 0 || port >= ports {
			return "Unrecognized parameter"
		}
		n := min(max(e.cfg.Channels-port*e.cfg.PerPort, 0), e.cfg.PerPort)
		return "Return: NumberAmplifierChannels " + strconv.Itoa(n)
	}
	ch, ok := e.index[scope]
	if !ok {
		return "Unrecognized parameter"
	}
	c := &e.chans[ch]
	switch name {
	case "tcpdataoutputenabled":
		return "Return: TCPDataOutputEnabled " + boolWord(c.wide)
	case "tcpdataoutputenabledspike":
		return "Return: TCPDataOutputEnabledSpike " + boolWord(c.spike)
	}
	if sp, ok := stimParams[name]; ok {
		v, set := c.set[name]
		if !set {
			v = sp.def
		}
		return "Return: " + sp.canon + " " + v
	}
	return "Unrecognized parameter"
}

func status(d *dataConn, armed bool) string {
	switch {
	case d != nil:
		return "Connected"
	case armed:
		return "Pending"
	}
	return "Disconnected"
}

func (e *Emulator) setLocked(param, value string) string {
	p, v := strings.ToLower(param), strings.ToLower(value)
	switch p {
	case "runmode":
		switch v {
		case "run":
			if e.running {
				return "Board must be stopped in order to start running"
			}
			e.startLocked()
		case "stop":
			if !e.running {
				return "Board is already stopped"
			}
			e.stopLocked()
		case "record", "trigger":
			return "Emulator: RunMode " + value + " (recording to disk in RHX) is not emulated; use run"
		default:
			return "Invalid value for RunMode command. Acceptable: Run;Record;Trigger;Stop;"
		}
		return ""
	case "tcpnumberdatablocksperwrite":
		if e.running {
			return "TCPNumberDataBlocksPerWrite cannot be set while controller is running."
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return "Invalid value for TCPNumberDataBlocksPerWrite command. Acceptable: [ 1 , 100 ]"
		}
		e.blocks = n
		return ""
	case "sampleratehertz", "stimstepsizemicroamps", "type", "version":
		return canonical(p) + " cannot be changed once software has started."
	}
	scope, name, ok := strings.Cut(p, ".")
	if !ok {
		return "Unrecognized parameter"
	}
	ch, ok := e.index[scope]
	if !ok {
		return "Unrecognized parameter"
	}
	c := &e.chans[ch]
	switch name {
	case "tcpdataoutputenabled", "tcpdataoutputenabledspike":
		if v != "true" && v != "false" {
			return "Invalid value for " + canonical(name) + " command. Acceptable: True;False;"
		}
		if name == "tcpdataoutputenabled" {
			c.wide = v == "true"
		} else {
			c.spike = v == "true"
		}
		return ""
	case "tcpdataoutputenabledlow", "tcpdataoutputenabledhigh", "tcpdataoutputenableddc", "tcpdataoutputenabledstim":
		return "Emulator: " + param + " is not emulated; only the WIDE band and spikes are"
	}
	sp, ok := stimParams[name]
	if !ok || !isStim(e.cfg.Type) {
		return "Unrecognized parameter"
	}
	if msg := sp.check(value); msg != "" {
		return msg
	}
	c.set[name] = value
	return ""
}

func canonical(p string) string {
	for _, n := range []string{"SampleRateHertz", "StimStepSizeMicroAmps", "Type", "Version", "TCPDataOutputEnabled", "TCPDataOutputEnabledSpike"} {
		if strings.EqualFold(n, p) {
			return n
		}
	}
	return p
}

func (e *Emulator) executeLocked(action, arg string) string {
	switch action {
	case "clearalldataoutputs":
		for k := range e.chans {
			e.chans[k].wide, e.chans[k].spike = false, false
		}
	case "connecttcpwaveformdataoutput":
		e.waveArmed = true
	case "connecttcpspikedataoutput":
		e.spArmed = true
	case "disconnecttcpwaveformdataoutput":
		e.waveArmed = false
		if e.wave != nil {
			e.wave.close()
			e.wave = nil
		}
	case "disconnecttcpspikedataoutput":
		e.spArmed = false
		if e.spk != nil {
			e.spk.close()
			e.spk = nil
		}
	case "uploadstimparameters":
		if !isStim(e.cfg.Type) {
			return "" // RHX ignores it silently on a recording controller
		}
		if arg == "" {
			if e.running {
				return "UploadStimParameters cannot be executed while controller is running."
			}
			for k := range e.chans {
				e.upload(k)
			}
			return ""
		}
		ch, ok := e.index[arg]
		if !ok {
			return "Unrecognized channel " + arg
		}
		e.upload(ch)
	case "manualstimtriggerpulse":
		if len(arg) != 2 || arg[0] != 'f' || arg[1] < '1' || arg[1] > '8' {
			return "" // RHX ignores keys other than F1–F8 silently
		}
		if !e.lastWrite.IsZero() && len(e.roundTrips) < 1<<20 {
			e.roundTrips = append(e.roundTrips, time.Since(e.lastWrite))
		}
		e.triggerLocked("keypress" + arg)
	default:
		return "Unrecognized action"
	}
	return ""
}

func (e *Emulator) upload(ch int) {
	c := &e.chans[ch]
	c.up = make(map[string]string, len(c.set))
	for k, v := range c.set {
		c.up[k] = v
	}
}

// triggerLocked schedules the pulses of every enabled channel whose source
// is key, from the next data write on, as the hardware quantises them.
func (e *Emulator) triggerLocked(key string) {
	if !e.running {
		return
	}
	fired := false
	rate := e.cfg.Rate
	for ch := range e.chans {
		up := e.chans[ch].up
		val := func(name string) string {
			if v, ok := up[name]; ok {
				return strings.ToLower(v)
			}
			return strings.ToLower(stimParams[name].def)
		}
		num := func(name string) float64 { v, _ := strconv.ParseFloat(val(name), 64); return v }
		samples := func(name string) float64 { return math.Round(num(name)*rate/1e6) / rate }
		if val("stimenabled") != "true" || val("source") != key {
			continue
		}
		fired = true
		mag := math.Min(math.Round(num("firstphaseamplitudemicroamps")/e.cfg.Step), 255)
		n := 1
		if val("pulseortrain") == "pulsetrain" {
			n = int(num("numberofstimpulses"))
		}
		t0 := e.triggerTime() + samples("posttriggerdelaymicroseconds")
		for k := 0; k < n; k++ {
			e.pending = append(e.pending, Pulse{Channel: ch, Time: t0 + float64(k)*samples("pulsetrainperiodmicroseconds"),
				Amplitude: mag * e.cfg.Step, Width: samples("firstphasedurationmicroseconds") * 1e6})
		}
	}
	if fired {
		e.triggers++
	}
	sort.SliceStable(e.pending, func(i, j int) bool { return e.pending[i].Time < e.pending[j].Time })
}

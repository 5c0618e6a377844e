package intan

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// stimParam is one per-channel stimulation parameter of an RHS controller
// (PROTOCOLS.md §1.4): canonical name, default, and either its enumeration
// or its numeric range.
type stimParam struct {
	canon    string
	def      string
	enum     []string
	min, max float64
}

func (p stimParam) check(v string) string {
	if p.enum != nil {
		for _, x := range p.enum {
			if strings.EqualFold(x, v) {
				return ""
			}
		}
		return "Invalid value for " + p.canon + " command. Acceptable: " + strings.Join(p.enum, ";") + ";"
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || x < p.min || x > p.max {
		return "Invalid value for " + p.canon + " command. Acceptable: [ " + fmtNum(p.min) + " , " + fmtNum(p.max) + " ]"
	}
	return ""
}

func keys(prefix string, n int, width int) []string {
	var out []string
	for k := 1; k <= n; k++ {
		s := strconv.Itoa(k)
		for len(s) < width {
			s = "0" + s
		}
		out = append(out, prefix+s)
	}
	return out
}

var stimParams = func() map[string]stimParam {
	src := append(append(keys("DigitalIn", 16, 2), keys("AnalogIn", 8, 2)...), keys("KeyPressF", 8, 1)...)
	tf := []string{"True", "False"}
	ps := []stimParam{
		{canon: "StimEnabled", def: "False", enum: tf},
		{canon: "Shape", def: "Biphasic", enum: []string{"Biphasic", "BiphasicWithInterphaseDelay", "Triphasic"}},
		{canon: "Polarity", def: "NegativeFirst", enum: []string{"NegativeFirst", "PositiveFirst"}},
		{canon: "Source", def: "DigitalIn01", enum: src},
		{canon: "TriggerEdgeOrLevel", def: "Edge", enum: []string{"Edge", "Level"}},
		{canon: "TriggerHighOrLow", def: "High", enum: []string{"High", "Low"}},
		{canon: "PulseOrTrain", def: "SinglePulse", enum: []string{"SinglePulse", "PulseTrain"}},
		{canon: "NumberOfStimPulses", def: "2", max: 256},
		{canon: "PulseTrainPeriodMicroseconds", def: "10000", max: 1e6},
		{canon: "FirstPhaseDurationMicroseconds", def: "100", max: 5000},
		{canon: "SecondPhaseDurationMicroseconds", def: "100", max: 5000},
		{canon: "InterphaseDelayMicroseconds", def: "100", max: 5000},
		{canon: "FirstPhaseAmplitudeMicroAmps", def: "0", max: 2550},
		{canon: "SecondPhaseAmplitudeMicroAmps", def: "0", max: 2550},
		{canon: "PostTriggerDelayMicroseconds", def: "0", max: 500000},
		{canon: "RefractoryPeriodMicroseconds", def: "1000", max: 1e6},
		{canon: "EnableAmpSettle", def: "True", enum: tf},
		{canon: "MaintainAmpSettle", def: "False", enum: tf},
		{canon: "PreStimAmpSettleMicroseconds", def: "0", max: 500000},
		{canon: "PostStimAmpSettleMicroseconds", def: "1000", max: 500000},
		{canon: "EnableChargeRecovery", def: "False", enum: tf},
		{canon: "PostStimChargeRecovOnMicroseconds", def: "0", max: 1e6},
		{canon: "PostStimChargeRecovOffMicroseconds", def: "0", max: 1e6},
	}
	m := make(map[string]stimParam, len(ps))
	for _, p := range ps {
		m[strings.ToLower(p.canon)] = p
	}
	return m
}()

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x9e37)) }

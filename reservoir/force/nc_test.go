package force

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/petri-mea/petri/reservoir"
)

func TestNCExplore(t *testing.T) {
	if os.Getenv("PETRI_NC") == "" {
		t.Skip()
	}
	t0 := time.Now()
	net, err := reservoir.NewIzhikevich(reservoir.SpikingConfig{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	dt := net.TimeStep()
	ms := func(x float64) int { return int(x / dt) }
	l := NewLoop(net, 0.5, 20)
	ctx := context.Background()
	if _, err := l.Run(ctx, ms(500)); err != nil {
		t.Fatal(err)
	}
	ns := 0
	l.Hook = func(int, float64, float64) { ns += len(net.Spiked()) }
	l.HookEvery = 1
	train, test := ms(2000), ms(1000)
	f := reservoir.Sine(ms(500)+train+test, dt, 200, 1)[ms(500):]
	res, err := l.TrainTest(ctx, f, train)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rate %.2f Hz; train corr %.4f test corr %.4f in %v", float64(ns)/2000/3, res.TrainCorr(), res.TestCorr(), time.Since(t0))
}

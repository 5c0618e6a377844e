package spiketrain_test

import (
	"fmt"

	"github.com/petri-mea/petri/devices/spiketrain"
)

// Four channels over 10 s: all four fire together at 1, 3 and 6 s (five
// spikes each within 10 ms), and channel 0 fires alone at 8 s.
func Example() {
	var times []float64
	var chans []int
	for _, at := range []float64{1, 3, 6} {
		for ch := 0; ch < 4; ch++ {
			for j := 0; j < 5; j++ {
				times = append(times, at+0.001*float64(j+1))
				chans = append(chans, ch)
			}
		}
	}
	times, chans = append(times, 8), append(chans, 0)
	tr, err := spiketrain.FromTimes(times, chans, 4, 0, 10)
	if err != nil {
		panic(err)
	}
	s, err := spiketrain.Summarize(tr)
	if err != nil {
		panic(err)
	}
	for _, b := range s.Bursts {
		fmt.Printf("burst %.2f–%.2f s, peak %.3f s, %d spikes, participation %.2f\n", b.Start, b.End, b.Peak, b.Spikes, b.Participation)
	}
	fmt.Print(s)
	// Output:
	// burst 0.95–1.06 s, peak 1.005 s, 20 spikes, participation 1.00
	// burst 2.95–3.06 s, peak 3.005 s, 20 spikes, participation 1.00
	// burst 5.95–6.06 s, peak 6.005 s, 20 spikes, participation 1.00
	// 4 channels (4 active), 61 spikes in 10.0 s, 3 bursts
	// statistic                  value
	// rate per channel (Hz)       1.52
	// bursts per minute (1/min)   18.0
	// median burst (ms)            110
	// mean/median burst           1.00
	// IBI CV                      0.28
	// spikes in bursts (%)          98
	// ISI CV                      2.47
	// count correlation (10 ms)   1.00
	// burst participation         1.00
}

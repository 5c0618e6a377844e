package force

import (
	"os"
	"strconv"
	"testing"
	"time"
)

func TestOneSA(t *testing.T) {
	tg := os.Getenv("PETRI_ONE")
	if tg == "" {
		t.Skip()
	}
	seed, _ := strconv.Atoi(os.Getenv("PETRI_SEED"))
	t0 := time.Now()
	r := saRun(t, tg, uint64(seed), 1000)
	t.Logf("%s seed %d corr %.4f train corr %.4f in %v", tg, seed, r.TestCorr(), r.TrainCorr(), time.Since(t0))
}

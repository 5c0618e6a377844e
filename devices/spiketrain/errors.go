package spiketrain

import (
	"errors"
	"sort"
)

var (
	errNoChannels = errors.New("spiketrain: the trains have no channels; build them with n > 0 channels")
	errNoVariance = errors.New("spiketrain: no channel has varying spike counts, so there is no correlation; record longer or check that the culture fired")
)

func sortFloats(x []float64) { sort.Float64s(x) }

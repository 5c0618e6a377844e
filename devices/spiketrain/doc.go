// Package spiketrain analyses spike trains from any source — a simulated
// culture, a closed loop's ticks, a recording read from disk — with one code
// path: everything is first turned into Trains (spike times per channel over
// a window), and every statistic is computed from Trains alone, so a
// simulation and a file give the same numbers for the same spikes.
//
// # Building trains
//
//	tr, err := spiketrain.FromTicks(ticks)                 // a loop's or a replay's ticks
//	tr, err := spiketrain.FromRecording(rec)               // devices.ReadRecording or a reader
//	tr, err := spiketrain.FromSpikes(spikes, 1024, 0, 60)  // device spikes, 1,024 channels, [0, 60) s
//	tr, err := spiketrain.FromTimes(t, neuron, n, 0, 60)   // a culture's ground truth
//
// The window [Start, End) matters: rates, bursts per minute and the mean
// population rate are per window. Channels without spikes stay in (they
// count as silent). Trains.Window and Trains.Subset cut out a time span or a
// group of channels (one well of a plate).
//
// # Population rate and network bursts
//
// PopulationRate(bin, sigma) is the spikes of all channels per second in
// bins of bin s, smoothed by a Gaussian of standard deviation sigma s
// (sampled at bin centres to ±4σ, normalised, zero-padded at the ends).
//
// Bursts(Detector) is the project's one network-burst detector (DESIGN.md,
// "Real cultures"); DefaultDetector sets its parameters:
//
//	Bin    10 ms   population-rate bins
//	Sigma  20 ms   Gaussian smoothing (standard deviation)
//	Onset  4       a burst starts where the smoothed rate exceeds 4 × its mean
//	Edge   1       its edges extend to where the rate falls to 1 × the mean
//	Merge  100 ms  bursts whose gap is shorter are merged
//
// The mean is over the whole window. Each Burst has its start and end (bin
// edges), the time and height of its peak, its spike count and its
// participation: the fraction of the active channels (those with at least
// one spike in the window) that fire in it. IBIs are start-to-start
// intervals; InBursts is the fraction of all spikes inside bursts.
//
// # Rates, variability and correlation
//
// Rates gives each channel's rate in Hz; ISICV each channel's coefficient
// of variation of inter-spike intervals (NaN below three spikes). CV uses
// the sample standard deviation (n − 1). Counts(bin) is the channel × bin
// spike-count matrix (gonum mat.Dense, one row per channel).
// Correlation(bin) is the Pearson correlation matrix of those counts over
// the channels whose counts vary: a silent channel (or one with the same
// count in every bin) has no correlation and is LEFT OUT, and the returned
// channel list says which channels the rows are. MeanCorrelation averages
// its off-diagonal entries. So a recording where half the electrodes are
// silent is not diluted towards zero by them.
//
// # Stats
//
// Summarize(tr) (or tr.Stats(detector, corrBin)) returns a Stats: rate per
// active channel (Hz), bursts per minute, median and mean burst length (ms)
// and their ratio, IBI CV, % of spikes in bursts, mean ISI CV over
// channels, mean count correlation at 10 ms and mean burst participation —
// the statistics DESIGN.md gives for the real cultures in ../shared/data.
// A Stats prints as a table (String); Table and Compare give rows of text
// for display.Table, MedianOf the median over wells; its slices (Rates,
// ISICVs, Lengths, IBIs, Bursts) are plain data for plots:
//
//	s, _ := spiketrain.Summarize(tr)
//	display.Table(spiketrain.Compare([]string{"sim", "TC89"}, []*spiketrain.Stats{s, real}))
//	t, ch := tr.Raster()
//	display.Raster(t, ch)
//	c, _, _ := tr.Correlation(0.01)
//	display.CorrelationMatrix(c)
//	x, r, _ := tr.PopulationRate(0.01, 0.02)
package spiketrain

package culture

import "fmt"

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// Programmer errors panic with one of these values.
const (
	errNegSteps  = "culture: negative number of steps"
	errNeuronIdx = "culture: neuron index out of range"
)

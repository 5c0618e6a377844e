package notebook

import (
	"errors"
	"fmt"

	"github.com/petri-mea/petri/kernel/session"
	"github.com/petri-mea/petri/stdlib"
)

// ExitError is returned by RunScript when the script called os.Exit: the process
// should exit with Code, as a compiled Go program would.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("the script called os.Exit(%d)", e.Code) }

// exitCode reports the status of an os.Exit called by the script's main goroutine.
func exitCode(err error) (int, bool) {
	var pe *session.PanicError
	if !errors.As(err, &pe) {
		return 0, false
	}
	if c, ok := pe.Value.(stdlib.ExitCode); ok {
		return int(c), true
	}
	return 0, false
}

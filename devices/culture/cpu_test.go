package culture

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPU returns the CPU time used by the calling OS thread (Linux
// RUSAGE_THREAD), so that speed can be judged on a loaded machine.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var _ = runtime.LockOSThread

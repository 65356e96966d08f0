package connguard

import (
	"fmt"
	"syscall"
)

// Bounds of the default caps.
const (
	// reservedFiles are descriptors kept for everything but clients: the
	// database pool, object-store transfers, River, logs, the binary itself.
	reservedFiles = 512
	// maxDefaultConns bounds the default total cap by memory: each open
	// connection holds read and write buffers.
	maxDefaultConns = 16384
	minDefaultConns = 32
	// perIPShare: by default one address may hold 1/perIPShare of the total
	// (many people may share one address behind a NAT).
	perIPShare        = 8
	minDefaultPerAddr = 16
)

// RaiseFileLimit raises the soft limit on open files to the hard limit and
// returns the limit now in force.
func RaiseFileLimit() (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("read the open-file limit: %w", err)
	}
	if lim.Cur < lim.Max {
		raised := lim
		raised.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised); err != nil {
			return lim.Cur, fmt.Errorf("raise the open-file limit to %d: %w", lim.Max, err)
		}
		lim = raised
	}
	return lim.Cur, nil
}

// DefaultCaps sizes the connection caps from the open-file limit and the
// database pool size: the total leaves reservedFiles plus the pool free
// (between 32 and 16384), one address may take an eighth of it (at least
// 16). A cap given (> 0) is kept as is.
func DefaultCaps(fileLimit uint64, dbConns, maxConns, maxPerIP int) (int, int) {
	if maxConns <= 0 {
		free := int64(fileLimit) - reservedFiles - int64(dbConns)
		if fileLimit > 1<<40 { // RLIM_INFINITY and the like
			free = maxDefaultConns
		}
		maxConns = int(min(max(free, minDefaultConns), maxDefaultConns))
	}
	if maxPerIP <= 0 {
		maxPerIP = min(max(maxConns/perIPShare, minDefaultPerAddr), maxConns)
	}
	return maxConns, maxPerIP
}

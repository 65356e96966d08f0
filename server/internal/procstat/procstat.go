// Package procstat reads a process's line of /proc/PID/stat (Linux), for
// the tools and tests that watch the processes they start.
package procstat

import (
	"fmt"
	"os"
	"strings"
)

// Fields returns the fields of /proc/PID/stat from the third (the state)
// on: field n of proc(5) is Fields[n-3]. The command name (field 2) is
// skipped whole, since it may hold spaces and parentheses.
func Fields(pid int) ([]string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, err
	}
	s := string(b)
	end := strings.LastIndexByte(s, ')')
	if end < 0 {
		return nil, fmt.Errorf("/proc/%d/stat: no command name in %q", pid, s)
	}
	return strings.Fields(s[end+1:]), nil
}

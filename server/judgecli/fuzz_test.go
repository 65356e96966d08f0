package judgecli

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzRun drives both commands with arbitrary input: the exit status must be
// 0 with JSON on stdout, or 2/3 with exactly one stderr line. Seeds are in
// testdata/fuzz/FuzzRun (rank selects "podium judge rank", else assign).
func FuzzRun(f *testing.F) {
	f.Fuzz(func(t *testing.T, rank bool, data []byte) {
		cmd := "assign"
		if rank {
			cmd = "rank"
		}
		if len(data) > 1<<14 {
			t.Skip("input too large for a fuzz iteration")
		}
		code, stdout, stderr := run([]string{cmd}, string(data))
		switch code {
		case ExitOK:
			if !json.Valid([]byte(stdout)) || stderr != "" {
				t.Fatalf("exit 0 with stdout %q stderr %q", stdout, stderr)
			}
		case ExitInvalid, ExitInfeasible:
			if stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "podium judge "+cmd+": ") {
				t.Fatalf("exit %d with stdout %q stderr %q", code, stdout, stderr)
			}
		default:
			t.Fatalf("exit %d: %s", code, stderr)
		}
	})
}

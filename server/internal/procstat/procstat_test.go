package procstat

import (
	"os"
	"strconv"
	"testing"
)

// The test's own process: its state is running, and its parent (field 4)
// is the one the runtime reports.
func TestFieldsOfThisProcess(t *testing.T) {
	f, err := Fields(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if len(f) < 17 || f[0] != "R" || f[1] != strconv.Itoa(os.Getppid()) {
		t.Fatalf("fields %q: want state R and parent %d", f, os.Getppid())
	}
	if _, err := Fields(-1); err == nil {
		t.Fatal("read the stat of no process")
	}
}

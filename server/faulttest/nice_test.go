package faulttest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/internal/procstat"
	"github.com/podium-contests/podium/server/internal/replica"
)

// TestLocalS3YieldsTheCPU: the local versitygw (started in a session of its
// own) runs at PODIUM_S3_NICE, and where the kernel schedules sessions as
// groups (autogroup), its session's group has that niceness too, so that
// its bulk transfers yield to the API and the database. A niceness on the
// process alone weighs nothing against the other sessions' groups.
func TestLocalS3YieldsTheCPU(t *testing.T) {
	script := requireEnv(t)
	dir := t.TempDir()
	port, err := replica.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	s := &services{script: script, s3Dir: filepath.Join(dir, "s3"), s3Port: port, access: "nice-access", secret: "nice-secret-key"}
	const nice = 7
	cmd := s.cmd("s3-start", s.s3Dir, strconv.Itoa(port), s.access, s.secret, "us-east-1")
	cmd.Env = append(os.Environ(), "PODIUM_S3_NICE="+strconv.Itoa(nice))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("services.sh s3-start: %v\n%s", err, out)
	}
	t.Cleanup(func() { s.stopS3(t) })
	raw, err := os.ReadFile(s.s3Dir + ".pid")
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatalf("versitygw's pid file: %v", err)
	}

	fields, err := procstat.Fields(pid)
	if err != nil {
		t.Fatal(err)
	}
	if got := fields[16]; got != strconv.Itoa(nice) { // field 19, the niceness
		t.Errorf("versitygw runs at niceness %s, want %d", got, nice)
	}
	if on, err := os.ReadFile("/proc/sys/kernel/sched_autogroup_enabled"); err != nil || strings.TrimSpace(string(on)) != "1" {
		t.Logf("autogroup scheduling is off here (%q, %v): the process niceness is all that counts", on, err)
		return
	}
	group, err := os.ReadFile(fmt.Sprintf("/proc/%d/autogroup", pid))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(strings.TrimSpace(string(group)), "nice "+strconv.Itoa(nice)) {
		t.Errorf("versitygw's session group: %q, want niceness %d", group, nice)
	}
	mine, err := os.ReadFile("/proc/self/autogroup")
	if err != nil {
		t.Fatal(err)
	}
	if string(mine) == string(group) {
		t.Errorf("versitygw shares the test's session group %q: it was meant to run in a session of its own", mine)
	}
}

package faulttest

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fakePodium stands in for bin/podium under run.sh: migrate and seed
// succeed; the first serve crashes, the second reports on the fifo $UP and
// runs until it is stopped, writing "stopped" to $DIR/stops.
const fakePodium = `#!/usr/bin/env bash
[[ $1 == serve ]] || exit 0
echo serve >>"$DIR/starts"
if [[ $(wc -l <"$DIR/starts") -lt 2 ]]; then exit 3; fi
trap 'kill $!; echo stopped >>"$DIR/stops"; exit 0' TERM
sleep 1000 &
echo up >"$UP"
wait
`

// TestRunShRestartsACrashedServerAndKeepsTheServices: under make run, a
// server that dies is started again (the services are not stopped), and
// SIGTERM still stops the server and the script.
func TestRunShRestartsACrashedServerAndKeepsTheServices(t *testing.T) {
	script := filepath.Join(filepath.Dir(requireEnv(t)), "run.sh")
	dir := t.TempDir()
	bin := filepath.Join(dir, "podium")
	if err := os.WriteFile(bin, []byte(fakePodium), 0o755); err != nil {
		t.Fatal(err)
	}
	up := filepath.Join(dir, "up")
	if err := syscall.Mkfifo(up, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "DIR="+dir, "UP="+up, "PODIUM_BIN="+bin, "PODIUM_DATA_DIR="+filepath.Join(dir, "data"),
		// Not the local services: run.sh starts none of them.
		"PODIUM_DATABASE_URL=postgres://elsewhere.invalid/podium", "PODIUM_S3_ENDPOINT=http://elsewhere.invalid")
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	serving := make(chan struct{})
	go func() {
		if f, err := os.Open(up); err == nil { // blocks until the server opens it
			_, _ = bufio.NewReader(f).ReadString('\n')
			f.Close()
		}
		close(serving)
	}()
	select {
	case err := <-exited:
		// Unblock the reader of the fifo.
		if f, ferr := os.OpenFile(up, os.O_WRONLY|os.O_APPEND, 0); ferr == nil {
			f.Close()
		}
		t.Fatalf("run.sh exited (%v) when the server crashed instead of restarting it:\n%s", err, logs.String())
	case <-serving:
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := <-exited
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 143 {
		t.Fatalf("run.sh after SIGTERM: %v, want exit status 143\n%s", err, logs.String())
	}
	starts, _ := os.ReadFile(filepath.Join(dir, "starts"))
	stops, _ := os.ReadFile(filepath.Join(dir, "stops"))
	if string(starts) != "serve\nserve\n" || string(stops) != "stopped\n" {
		t.Fatalf("server starts %q (want two), stops %q (want one)\n%s", starts, stops, logs.String())
	}
}

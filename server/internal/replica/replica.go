// Package replica builds bin/podium and runs `podium serve` processes on
// free loopback ports, for the tests and the load program that need real
// replicas: separate processes sharing one database and one bucket, reached
// over real HTTP.
package replica

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// ModuleRoot finds the directory of go.mod above the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("replica: go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Build compiles the podium command into dir and returns the binary's path.
func Build(ctx context.Context, dir string) (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "podium")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./server/cmd/podium")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build podium: %w\n%s", err, out)
	}
	return bin, nil
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Server is one running `podium serve`.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	Log  string // path of its stdout+stderr
	cmd  *exec.Cmd
	done chan error
}

// PID is the process id, for reading its CPU and memory from /proc.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Start runs `bin serve` with env (PODIUM_* settings; PODIUM_ADDR is set
// here to a free port) and its output in logPath, and returns once it is
// ready (/readyz answers 200) or fails with the log's tail.
func Start(ctx context.Context, bin string, env []string, logPath string) (*Server, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(append(os.Environ(), env...), fmt.Sprintf("PODIUM_ADDR=127.0.0.1:%d", port))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{URL: url, Log: logPath, cmd: cmd, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	if err := s.waitReady(ctx); err != nil {
		_ = s.Stop()
		return nil, fmt.Errorf("%w\n%s", err, tail(logPath, 20))
	}
	return s, nil
}

// waitReady polls /readyz until it answers 200, the process exits or ctx
// ends.
func (s *Server) waitReady(ctx context.Context) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		if resp, err := client.Get(s.URL + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("podium serve exited before it was ready: %v", err)
		case <-ctx.Done():
			return fmt.Errorf("podium serve at %s not ready: %w", s.URL, ctx.Err())
		case <-tick.C:
		}
	}
}

// Stop sends SIGTERM and waits for the process (SIGKILL after 30 s). It
// returns the exit error of a process that did not stop cleanly.
func (s *Server) Stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		return errors.New("podium serve ignored SIGTERM for 30s; killed")
	}
}

// tail returns the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

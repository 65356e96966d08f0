package faulttest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/internal/replica"
)

// floodFileLimit is the open-file limit (soft and hard) of the flooded
// server: far fewer descriptors than the flood's connections.
const floodFileLimit = 256

// TestRealServerSurvivesConnectionFlood runs `podium serve` with an
// open-file limit of 256 and opens 800 keep-alive connections from 20
// addresses, each sending one GET /healthz and then idling: the attack that
// made accept fail with EMFILE and the server exit. The server must go on
// answering a fresh client, stay up, and log the trouble a few times, not
// once per connection.
func TestRealServerSurvivesConnectionFlood(t *testing.T) {
	s := startServices(t)
	bin, err := buildBin()
	if err != nil {
		t.Fatal(err)
	}
	// The server raises its soft limit to the hard one: lower both.
	limited := filepath.Join(t.TempDir(), "podium-limited")
	script := fmt.Sprintf("#!/usr/bin/env bash\nulimit -n %d || exit 1\nexec %q \"$@\"\n", floodFileLimit, bin)
	if err := os.WriteFile(limited, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := replica.Start(ctx, limited, s.env(), filepath.Join(work, "flood.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	addr := strings.TrimPrefix(srv.URL, "http://")

	var flood []net.Conn
	defer func() {
		for _, c := range flood {
			_ = c.Close()
		}
	}()
	for i := range 800 {
		source := netip.AddrFrom4([4]byte{127, 0, 1, byte(1 + i%20)})
		d := net.Dialer{LocalAddr: net.TCPAddrFromAddrPort(netip.AddrPortFrom(source, 0)), Timeout: 10 * time.Second}
		c, err := d.Dial("tcp", addr)
		if err != nil {
			if syscall.Kill(srv.PID(), 0) != nil {
				t.Fatalf("the server exited after %d connections:\n%s", len(flood), logTail(t))
			}
			continue // a full backlog for a moment is the client's problem
		}
		flood = append(flood, c)
		_ = c.SetDeadline(time.Now().Add(10 * time.Second)) // a bound, not a measure
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err == nil {
			_, _ = http.ReadResponse(bufio.NewReader(c), nil)
		}
	}
	if len(flood) <= floodFileLimit {
		t.Fatalf("only %d connections opened: not a flood", len(flood))
	}

	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := fresh.Get(srv.URL + path)
		if err != nil {
			t.Fatalf("a fresh client after the flood, %s: %v\n%s", path, err, logTail(t))
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("a fresh client after the flood, %s: %d\n%s", path, resp.StatusCode, logTail(t))
		}
	}
	if err := syscall.Kill(srv.PID(), 0); err != nil {
		t.Fatalf("the server is gone after the flood: %v\n%s", err, logTail(t))
	}
	log, err := os.ReadFile(filepath.Join(work, "flood.log"))
	if err != nil {
		t.Fatal(err)
	}
	// One line per kind of trouble (accept, per-address, cap, idle closed).
	if n := strings.Count(string(log), "similar_since_last_report"); n == 0 || n > 4 {
		t.Fatalf("%d connection reports in the log, want 1 to 4:\n%s", n, logTail(t))
	}
}

// logTail is the end of the flooded server's log.
func logTail(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join(work, "flood.log"))
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-15):], "\n")
}

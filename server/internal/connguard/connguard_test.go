package connguard

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// childEnv makes the test binary run as the flooded server (see
// TestFloodedServerChild).
const childEnv = "CONNGUARD_TEST_CHILD"

// childFileLimit is the open-file limit of the flooded server: far fewer
// descriptors than the flood's connections.
const childFileLimit = 128

// TestFloodedServerChild is the server of TestServerSurvivesConnectionFlood,
// run in a subprocess with a low open-file limit; it does nothing in a
// normal run.
func TestFloodedServerChild(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("the subprocess of TestServerSurvivesConnectionFlood")
	}
	lim := syscall.Rlimit{Cur: childFileLimit, Max: childFileLimit}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		fmt.Println("setrlimit:", err)
		os.Exit(1)
	}
	// What `podium serve` does.
	files, err := RaiseFileLimit()
	if err != nil {
		fmt.Println("raise:", err)
		os.Exit(1)
	}
	maxConns, perIP := DefaultCaps(files, 0, 0, 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true, IdleTimeout: 2 * time.Minute})
	app.Get("/healthz", func(c *fiber.Ctx) error { return c.SendString("ok") })
	fmt.Println(ln.Addr().String())
	err = Serve(app, New(ln, Options{MaxConns: maxConns, MaxConnsPerIP: perIP}))
	fmt.Println("serve returned:", err)
	os.Exit(1) // a server that stops serving has failed
}

// TestServerSurvivesConnectionFlood floods a server whose open-file limit
// is 128 with 600 idle keep-alive connections from 20 addresses, each having
// sent one GET /healthz (the attack that made accept fail with EMFILE and
// fasthttp stop serving), then checks that a fresh connection still gets
// its answer and that the server never exited.
func TestServerSurvivesConnectionFlood(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestFloodedServerChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan string, 1)
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		t.Fatal("the server printed no address")
	}
	addr := lines.Text()
	go func() {
		var rest strings.Builder
		for lines.Scan() {
			rest.WriteString(lines.Text() + "\n")
		}
		_ = cmd.Wait()
		exited <- rest.String()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("the server failed to start: %s", addr)
	}

	var flood []net.Conn
	defer func() {
		for _, c := range flood {
			_ = c.Close()
		}
	}()
	for i := range 600 {
		source := netip.AddrFrom4([4]byte{127, 0, 1, byte(1 + i%20)})
		c, err := dialFrom(source, addr)
		if err != nil {
			select {
			case rest := <-exited:
				exited <- rest
				t.Fatalf("the server exited after %d connections: %s", len(flood), rest)
			default:
				continue // the backlog may be full for a moment: that is the client's problem
			}
		}
		flood = append(flood, c)
		// Each connection sends one request and reads what comes back (an
		// answer, a refusal or the close), then stays open doing nothing.
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err == nil {
			_, _ = http.ReadResponse(bufio.NewReader(c), nil)
		}
	}
	if len(flood) <= childFileLimit {
		t.Fatalf("only %d connections opened: not a flood", len(flood))
	}

	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("a fresh client after the flood: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Fatalf("a fresh client after the flood got %d %q", resp.StatusCode, body)
	}
	select {
	case rest := <-exited:
		exited <- rest
		t.Fatalf("the server exited during the flood: %s", rest)
	default:
	}
}

func dialFrom(source netip.Addr, addr string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: net.TCPAddrFromAddrPort(netip.AddrPortFrom(source, 0)), Timeout: 10 * time.Second}
	return d.Dial("tcp", addr)
}

// flakyListener fails its first accepts with errs, then accepts from ln.
type flakyListener struct {
	net.Listener
	errs []error
}

func (f *flakyListener) Accept() (net.Conn, error) {
	if len(f.errs) > 0 {
		err := f.errs[0]
		f.errs = f.errs[1:]
		return nil, err
	}
	return f.Listener.Accept()
}

func TestAcceptRetriesEveryErrorButClose(t *testing.T) {
	inner := listen(t)
	errs := []error{
		&net.OpError{Op: "accept", Err: os.NewSyscallError("accept4", syscall.EMFILE)},
		&net.OpError{Op: "accept", Err: os.NewSyscallError("accept4", syscall.ENFILE)},
		&net.OpError{Op: "accept", Err: os.NewSyscallError("accept4", syscall.ECONNABORTED)},
		errors.New("something else"),
	}
	l := New(&flakyListener{Listener: inner, errs: errs}, Options{})
	var pauses []time.Duration
	l.sleep = func(d time.Duration) { pauses = append(pauses, d) }
	client := dial(t, inner.Addr().String())
	c, err := l.Accept()
	if err != nil {
		t.Fatalf("Accept returned %v; want the connection after the failures", err)
	}
	_ = c.Close()
	_ = client.Close()
	want := []time.Duration{5 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}
	if fmt.Sprint(pauses) != fmt.Sprint(want) {
		t.Fatalf("pauses %v, want %v", pauses, want)
	}
	_ = inner.Close()
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept on a closed listener: %v, want net.ErrClosed", err)
	}
}

func TestPerAddressCapRefusesTheExtraConnectionUnlessExempt(t *testing.T) {
	for _, exempt := range []bool{false, true} {
		t.Run(fmt.Sprint("exempt=", exempt), func(t *testing.T) {
			inner := listen(t)
			l := New(inner, Options{MaxConnsPerIP: 2, Exempt: func(netip.Addr) bool { return exempt }})
			kept := acceptN(t, l, 2)
			third := dial(t, inner.Addr().String())
			_ = third.SetReadDeadline(time.Now().Add(10 * time.Second)) // a bound, should the refusal never come
			accepted := make(chan net.Conn, 1)
			go func() {
				c, _ := l.Accept()
				accepted <- c
			}()
			if exempt {
				if c := <-accepted; c == nil {
					t.Fatal("an exempt address was capped")
				}
				return
			}
			resp, err := http.ReadResponse(bufio.NewReader(third), nil)
			if err != nil || resp.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("third connection from one address: %v %v, want 429", resp, err)
			}
			// Closing one gives its place back.
			_ = kept[0].Close()
			dial(t, inner.Addr().String())
			if c := <-accepted; c == nil {
				t.Fatal("no connection admitted after one closed")
			}
			if n := l.Open(); n != 2 {
				t.Fatalf("open = %d, want 2", n)
			}
		})
	}
}

func TestOverHighWaterTheOldestIdleConnectionIsClosed(t *testing.T) {
	inner := listen(t)
	l := New(inner, Options{MaxConns: 4}) // high water 3
	server := acceptN(t, l, 3)
	// The first is busy (it has read a request); the second idle between
	// requests; the third has sent nothing.
	busy, idle := server[0], server[1]
	l.ConnState(busy, fasthttp.StateActive) // before the first byte: still idle
	l.markBusy(busy.(*conn))
	l.ConnState(idle, fasthttp.StateActive)
	idle.(*conn).readAny.Store(true)
	l.ConnState(idle, fasthttp.StateActive)
	l.ConnState(idle, fasthttp.StateIdle) // back to idle, now the newest
	dial(t, inner.Addr().String())
	fourth, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	if !server[2].(*conn).closed || idle.(*conn).closed || busy.(*conn).closed || fourth.(*conn).closed {
		t.Fatalf("closed: busy %v, idle %v, silent %v, new %v; want only the silent one (the oldest idle)",
			busy.(*conn).closed, idle.(*conn).closed, server[2].(*conn).closed, fourth.(*conn).closed)
	}
	if n := l.Open(); n != 3 {
		t.Fatalf("open = %d, want 3", n)
	}
}

func TestAtTheCapWithNothingIdleTheNewConnectionIsRefused(t *testing.T) {
	inner := listen(t)
	l := New(inner, Options{MaxConns: 2})
	acceptN(t, l, 2, func(c net.Conn) { l.markBusy(c.(*conn)) }) // each busy before the next arrives
	third := dial(t, inner.Addr().String())
	_ = third.SetReadDeadline(time.Now().Add(10 * time.Second)) // a bound, should the refusal never come
	go func() { _, _ = l.Accept() }()
	resp, err := http.ReadResponse(bufio.NewReader(third), nil)
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("over the cap: %v %v, want 503", resp, err)
	}
	_ = inner.Close()
}

func TestDefaultCaps(t *testing.T) {
	for _, tc := range []struct {
		files              uint64
		db, max, perIP     int
		wantMax, wantPerIP int
	}{
		{files: 1024, db: 40, wantMax: 472, wantPerIP: 59},
		{files: 1 << 20, db: 40, wantMax: 16384, wantPerIP: 2048},
		{files: 128, wantMax: 32, wantPerIP: 16},
		{files: 1 << 62, wantMax: 16384, wantPerIP: 2048},
		{files: 1024, max: 100, wantMax: 100, wantPerIP: 16},
		{files: 1024, max: 10, wantMax: 10, wantPerIP: 10},
		{files: 1024, max: 100, perIP: 7, wantMax: 100, wantPerIP: 7},
	} {
		gotMax, gotPerIP := DefaultCaps(tc.files, tc.db, tc.max, tc.perIP)
		if gotMax != tc.wantMax || gotPerIP != tc.wantPerIP {
			t.Errorf("DefaultCaps(%d, %d, %d, %d) = %d, %d; want %d, %d",
				tc.files, tc.db, tc.max, tc.perIP, gotMax, gotPerIP, tc.wantMax, tc.wantPerIP)
		}
	}
}

func TestRateLogReportsOncePerMinuteWithTheCount(t *testing.T) {
	var buf strings.Builder
	r := newRateLog(slogTo(&buf))
	now := time.Unix(0, 0)
	r.now = func() time.Time { return now }
	for range 5 {
		r.report("full", "refused")
	}
	now = now.Add(logEvery)
	r.report("full", "refused")
	r.report("per_ip", "refused")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "similar_since_last_report=4") {
		t.Fatalf("log:\n%s\nwant 3 lines, the second counting 4 held back", buf.String())
	}
}

// acceptN dials l n times and returns the n accepted connections, each
// passed to the optional then as soon as it is accepted.
func acceptN(t *testing.T, l *Listener, n int, then ...func(net.Conn)) []net.Conn {
	t.Helper()
	var out []net.Conn
	for range n {
		dial(t, l.Addr().String())
		c, err := l.Accept()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range then {
			f(c)
		}
		out = append(out, c)
	}
	return out
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	return ln
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

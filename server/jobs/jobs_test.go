package jobs_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/textproto"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testenv"
	"github.com/podium-contests/podium/server/jobs"
	"github.com/podium-contests/podium/server/store"
)

// smtpSink is a minimal SMTP server that records every message it accepts
// (the relay is outside the system under test; the database is real).
type smtpSink struct {
	addr string
	mu   sync.Mutex
	msgs []string
}

func newSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &smtpSink{addr: ln.Addr().String()}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpSink) serve(conn net.Conn) {
	defer conn.Close()
	tp := textproto.NewConn(conn)
	_ = tp.PrintfLine("220 sink ready")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		switch cmd := strings.ToUpper(strings.Fields(line + " x")[0]); cmd {
		case "EHLO", "HELO":
			_ = tp.PrintfLine("250 sink")
		case "DATA":
			_ = tp.PrintfLine("354 go on")
			body, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, string(body))
			s.mu.Unlock()
			_ = tp.PrintfLine("250 queued")
		case "QUIT":
			_ = tp.PrintfLine("221 bye")
			return
		default:
			_ = tp.PrintfLine("250 ok")
		}
	}
}

func (s *smtpSink) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}

// startRunner starts a job runner (one "replica") on st.
func startRunner(t *testing.T, st *store.Store, mail jobs.MailConfig) {
	t.Helper()
	contests := &domain.Contests{Store: st, Teams: st, Subs: st}
	r, err := jobs.Start(context.Background(), jobs.Deps{
		DB: st.DB().DB, Store: st, Contests: contests, Exports: &domain.Exports{Contests: contests, Rounds: st, Store: st},
		Mail: mail, Log: testenv.Logger(), OutboxEvery: 100 * time.Millisecond, PollInterval: 20 * time.Millisecond, TestOnly: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = r.Stop(ctx)
	})
}

func addMail(t *testing.T, st *store.Store, n int) {
	t.Helper()
	for i := range n {
		_, err := st.DB().Exec(`INSERT INTO outbox (to_email, subject, body) VALUES ($1, $2, $3)`,
			fmt.Sprintf("team%d@example.org", i), "Your receipt — Grüße", "Version 1\nDigest abc\nInvite code SECRET123\n")
		if err != nil {
			t.Fatal(err)
		}
	}
}

func unsent(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.CountUnsentMail(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Two replicas scanning the same outbox deliver every e-mail exactly once,
// in batches (several buckets of ids), and an e-mail queued after its
// bucket was delivered still goes out.
func TestOutboxDeliveredOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	st := testenv.Store(t)
	sink := newSMTPSink(t)
	const n = 120
	addMail(t, st, n-1)
	cfg := jobs.MailConfig{Addr: sink.addr, From: "Podium <no-reply@podium.test>"}
	startRunner(t, st, cfg)
	startRunner(t, st, cfg)
	testenv.Eventually(t, 30*time.Second, "every e-mail marked sent", func() bool { return unsent(t, st) == 0 })
	addMail(t, st, 1)
	testenv.Eventually(t, 30*time.Second, "the late e-mail marked sent", func() bool { return unsent(t, st) == 0 })

	msgs := sink.messages()
	if len(msgs) != n {
		t.Fatalf("%d messages delivered, want %d", len(msgs), n)
	}
	ids := map[string]bool{}
	idPattern := regexp.MustCompile(`(?m)^Message-ID: (<podium-outbox-\d+@podium\.test>)\r?$`)
	for _, m := range msgs {
		id := idPattern.FindStringSubmatch(m)
		if id == nil {
			t.Fatalf("no Message-ID in %q", m)
		}
		if ids[id[1]] {
			t.Fatalf("%s delivered twice", id[1])
		}
		ids[id[1]] = true
		if !strings.Contains(m, "Subject: =?utf-8?q?") || !strings.Contains(m, "Invite code SECRET123") {
			t.Fatalf("message not encoded as expected: %q", m)
		}
	}
	var attempts int
	if err := st.DB().Get(&attempts, `SELECT max(attempts) FROM outbox`); err != nil || attempts != 1 {
		t.Fatalf("attempts %d (%v), want 1", attempts, err)
	}
}

// An e-mail whose address cannot be parsed gets all its attempts at once,
// and the e-mails around it go out.
func TestOutboxSkipsUndeliverable(t *testing.T) {
	t.Parallel()
	st := testenv.Store(t)
	sink := newSMTPSink(t)
	addMail(t, st, 1)
	if _, err := st.DB().Exec(`INSERT INTO outbox (to_email, subject, body) VALUES ('not an address', 'Receipt', 'Body')`); err != nil {
		t.Fatal(err)
	}
	addMail(t, st, 1)
	startRunner(t, st, jobs.MailConfig{Addr: sink.addr, From: "no-reply@podium.test"})
	testenv.Eventually(t, 30*time.Second, "the good e-mails marked sent", func() bool { return unsent(t, st) == 1 })
	var bad struct {
		Attempts  int    `db:"attempts"`
		LastError string `db:"last_error"`
	}
	if err := st.DB().Get(&bad, `SELECT attempts, last_error FROM outbox WHERE sent_at IS NULL`); err != nil {
		t.Fatal(err)
	}
	if bad.Attempts != 10 || !strings.Contains(bad.LastError, "bad e-mail address") {
		t.Fatalf("undeliverable e-mail: %+v, want 10 attempts and the address error", bad)
	}
	if got := len(sink.messages()); got != 2 {
		t.Fatalf("%d messages delivered, want 2", got)
	}
}

// A relay that refuses the recipient leaves the e-mail unsent with the
// error recorded, for River to retry later.
func TestOutboxRecordsSMTPFailure(t *testing.T) {
	t.Parallel()
	st := testenv.Store(t)
	addMail(t, st, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				w := bufio.NewWriter(conn)
				tp := textproto.NewConn(conn)
				_ = tp.PrintfLine("220 grumpy")
				for {
					line, err := tp.ReadLine()
					if err != nil {
						return
					}
					if strings.HasPrefix(strings.ToUpper(line), "RCPT") {
						_ = tp.PrintfLine("550 no such user")
					} else {
						_ = tp.PrintfLine("250 ok")
					}
					_ = w.Flush()
				}
			}()
		}
	}()
	startRunner(t, st, jobs.MailConfig{Addr: ln.Addr().String(), From: "no-reply@podium.test"})
	var lastError string
	testenv.Eventually(t, 30*time.Second, "the failure recorded", func() bool {
		err := st.DB().Get(&lastError, `SELECT last_error FROM outbox`)
		return err == nil && lastError != ""
	})
	if !strings.Contains(lastError, "550") || unsent(t, st) != 1 {
		t.Fatalf("last_error %q, unsent %d", lastError, unsent(t, st))
	}
}

// In dev without SMTP, e-mails are logged and marked sent; outside dev they
// wait for SMTP to be configured.
func TestOutboxWithoutSMTP(t *testing.T) {
	t.Parallel()
	dev := testenv.Store(t)
	addMail(t, dev, 3)
	startRunner(t, dev, jobs.MailConfig{Dev: true})
	testenv.Eventually(t, 30*time.Second, "dev e-mails marked sent", func() bool { return unsent(t, dev) == 0 })

	prod := testenv.Store(t)
	addMail(t, prod, 2)
	startRunner(t, prod, jobs.MailConfig{})
	testenv.Eventually(t, 30*time.Second, "a completed outbox scan", func() bool {
		var n int
		err := prod.DB().Get(&n, `SELECT count(*) FROM river_job WHERE kind = 'outbox_scan' AND state = 'completed'`)
		return err == nil && n > 0
	})
	if got := unsent(t, prod); got != 2 {
		t.Fatalf("%d unsent without SMTP, want 2 kept for later", got)
	}
}

// The periodic prune job deletes expired sessions (formerly a ticker loop
// in serve).
func TestPruneExpiredSessions(t *testing.T) {
	t.Parallel()
	st := testenv.Store(t)
	var uid int64
	if err := st.DB().Get(&uid, `INSERT INTO users (email, name, password_hash) VALUES ('p@example.org', 'P', 'x') RETURNING id`); err != nil {
		t.Fatal(err)
	}
	for i, exp := range []string{"now() - interval '1 hour'", "now() + interval '1 hour'"} {
		if _, err := st.DB().Exec(fmt.Sprintf(`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, 'c', %s)`, exp),
			[]byte{byte(i)}, uid); err != nil {
			t.Fatal(err)
		}
	}
	startRunner(t, st, jobs.MailConfig{Dev: true})
	testenv.Eventually(t, 30*time.Second, "the expired session pruned", func() bool {
		var n int
		err := st.DB().Get(&n, `SELECT count(*) FROM sessions`)
		return err == nil && n == 1
	})
}

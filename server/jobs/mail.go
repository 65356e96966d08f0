package jobs

import (
	"bytes"
	"context"
	"crypto/tls"
	"database/sql"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/podium-contests/podium/server/store"
)

// MailConfig is the SMTP relay. With no Addr, e-mails are logged (without
// their body) and marked sent in dev, and left waiting otherwise, so that
// configuring SMTP later still delivers them.
type MailConfig struct {
	Addr string // host:port; STARTTLS is used when the server offers it
	From string // e.g. "Podium <no-reply@example.org>"
	User string // PLAIN auth when set (only over TLS or to localhost)
	Pass string
	// Rate is the most e-mails sent (or logged) per second by this
	// replica; 0 means no limit.
	Rate int
	Dev  bool
}

// Outbox tuning.
const (
	outboxMaxAttempts = 10 // then the e-mail stays unsent, with its last error
	// outboxBucket is how many consecutive outbox ids one delivery job
	// covers: a receipt rush queues one job per bucket, not per e-mail.
	outboxBucket    = 50
	outboxScanBatch = 10000 // e-mails looked at per scan
	smtpTimeout     = 30 * time.Second
)

type outboxScanArgs struct{}

func (outboxScanArgs) Kind() string { return "outbox_scan" }

// outboxScanWorker queues a delivery job per bucket of ids holding unsent
// e-mails. A bucket's job is unique while it waits, runs or waits for a
// retry, so scans never queue one twice; once it has completed, e-mails
// that arrived in its bucket since get a new one.
type outboxScanWorker struct {
	river.WorkerDefaults[outboxScanArgs]
	store *store.Store
	mail  MailConfig
	log   *slog.Logger
}

func (w *outboxScanWorker) Work(ctx context.Context, _ *river.Job[outboxScanArgs]) error {
	if w.mail.Addr == "" && !w.mail.Dev {
		n, err := w.store.CountUnsentMail(ctx)
		if err == nil && n > 0 {
			w.log.Warn("e-mails are waiting in the outbox; set PODIUM_SMTP_ADDR to send them", "count", n)
		}
		return err
	}
	ids, err := w.store.UnsentMail(ctx, outboxMaxAttempts, outboxScanBatch)
	if err != nil || len(ids) == 0 {
		return err
	}
	var params []river.InsertManyParams
	for i, id := range ids { // ids come in order
		if b := id / outboxBucket; i == 0 || b != ids[i-1]/outboxBucket {
			params = append(params, river.InsertManyParams{Args: deliverArgs{Bucket: b}})
		}
	}
	_, err = river.ClientFromContext[*sql.Tx](ctx).InsertMany(ctx, params)
	return err
}

// deliverArgs names a bucket of outbox ids: [Bucket, Bucket+1) ×
// outboxBucket.
type deliverArgs struct {
	Bucket int64 `json:"bucket"`
}

func (deliverArgs) Kind() string { return "outbox_deliver" }

// InsertOpts puts delivery jobs in their queue, makes them unique per
// bucket until they complete (see outboxScanWorker) and bounds retries
// (River backs off between them).
func (deliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMail, MaxAttempts: outboxMaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}
}

// deliverWorker sends a bucket's unsent e-mails. If one fails, the job
// fails after trying the others, and River tries the bucket again later:
// the e-mails sent by then are not sent twice. The replica's send rate is
// kept between batches, outside their transaction, which holds row locks
// and so must stay short.
type deliverWorker struct {
	river.WorkerDefaults[deliverArgs]
	store  *store.Store
	sender sender
	pace   *pacer
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[deliverArgs]) error {
	if err := w.pace.wait(ctx); err != nil {
		return err
	}
	from := job.Args.Bucket * outboxBucket
	tried, err := w.store.DeliverMail(ctx, from, from+outboxBucket, outboxMaxAttempts, func(m store.OutboxMail) error {
		return w.sender(ctx, m)
	})
	w.pace.book(tried)
	return err
}

// sender delivers one e-mail.
type sender func(ctx context.Context, m store.OutboxMail) error

// pacer spaces sends every apart on average, whoever sends: a caller waits
// for its turn, sends a batch, then books the batch's turns.
type pacer struct {
	every time.Duration // 0: no limit
	mu    sync.Mutex
	next  time.Time
}

func newPacer(rate int) *pacer {
	if rate <= 0 {
		return &pacer{}
	}
	return &pacer{every: time.Second / time.Duration(rate)}
}

// wait blocks until the next turn, or until ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	turn := p.next
	p.mu.Unlock()
	t := time.NewTimer(time.Until(turn))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// book takes n sends' turns from now (or from the last booked turn).
func (p *pacer) book(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); p.next.Before(now) {
		p.next = now
	}
	p.next = p.next.Add(time.Duration(n) * p.every)
}

func newSender(cfg MailConfig, log *slog.Logger) sender {
	if cfg.Addr == "" {
		return func(_ context.Context, m store.OutboxMail) error {
			// Only dev mode gets here (see outboxScanWorker). The body holds
			// single-use links (address verification, password reset,
			// invitations): it is logged in dev mode only, so that a local
			// trial can follow them; never run production with PODIUM_DEV.
			args := []any{"outbox_id", m.ID, "to", m.To, "subject", m.Subject, "body_bytes", len(m.Body)}
			if cfg.Dev {
				args = append(args, "body", m.Body)
			}
			log.Info("e-mail not sent (no PODIUM_SMTP_ADDR; dev mode logs it)", args...)
			return nil
		}
	}
	return func(ctx context.Context, m store.OutboxMail) error { return sendSMTP(ctx, cfg, m) }
}

// badAddressError is a recipient or sender address that cannot be parsed:
// no retry will fix it.
type badAddressError struct{ err error }

func (e badAddressError) Error() string { return "bad e-mail address: " + e.err.Error() }

func (e badAddressError) Is(target error) bool { return target == store.ErrUndeliverable }

// sendSMTP delivers m through the relay, with a deadline on the whole
// conversation, STARTTLS when offered and PLAIN auth when configured.
func sendSMTP(ctx context.Context, cfg MailConfig, m store.OutboxMail) error {
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return badAddressError{err}
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return badAddressError{err}
	}
	msg := buildMessage(from, to, m, time.Now())
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("PODIUM_SMTP_ADDR: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, smtpTimeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp dial: %w", err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", cfg.User, cfg.Pass, host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("smtp mail from: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fmt.Errorf("smtp rcpt to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	return c.Quit()
}

// buildMessage renders a UTF-8 plain-text e-mail. Its Message-ID is derived
// from the outbox row, so a resend after a lost acknowledgement can be
// recognised as the same message.
func buildMessage(from, to *mail.Address, m store.OutboxMail, now time.Time) []byte {
	var b bytes.Buffer
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	subject := strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, m.Subject)
	fmt.Fprintf(&b, "From: %s\r\n", from.String())
	fmt.Fprintf(&b, "To: %s\r\n", to.String())
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", now.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <podium-outbox-%d@%s>\r\n", m.ID, domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(m.Body)) // text mode: line breaks become CRLF
	_ = qp.Close()
	return b.Bytes()
}

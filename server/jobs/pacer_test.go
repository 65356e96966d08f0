package jobs

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A pacer lets the first batch go at once; the next waits for the turns
// the batches before it booked.
func TestPacerSpacesBatches(t *testing.T) {
	p := newPacer(1) // one send per second
	if err := p.wait(context.Background()); err != nil {
		t.Fatalf("first wait: %v", err)
	}
	p.book(3600) // an hour's worth of sends
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := p.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second wait returned %v before its turn, an hour later", err)
	}
	p.book(3600)
	if until := time.Until(p.next); until <= time.Hour {
		t.Fatalf("the next turn is %v away, want the two batches' two hours", until)
	}
	unpaced := newPacer(0)
	unpaced.book(3600)
	ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := unpaced.wait(ctx); err != nil {
		t.Fatalf("a pacer without a rate made its caller wait: %v", err)
	}
}

package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

// clock is a fake time source that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() (*clock, *Limiter) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	return c, NewWithClock(c.now)
}
func mustParse(t *testing.T, s string) Rate {
	t.Helper()
	r, err := ParseRate(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestParseRate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Rate
		str  string
	}{
		{"100 + 1200/1h", Rate{100, 1200, time.Hour}, "100 + 1200/1h"},
		{"5+20/h", Rate{5, 20, time.Hour}, "5 + 20/1h"},
		{" 50 + 200 / 15m ", Rate{50, 200, 15 * time.Minute}, "50 + 200/15m"},
		{"1 + 1/s", Rate{1, 1, time.Second}, "1 + 1/1s"},
		{"3 + 7/90s", Rate{3, 7, 90 * time.Second}, "3 + 7/1m30s"},
	} {
		got, err := ParseRate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseRate(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			continue
		}
		if got.String() != tc.str {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), tc.str)
		}
		if back, err := ParseRate(got.String()); err != nil || back != got {
			t.Errorf("String %q does not parse back: %+v %v", got.String(), back, err)
		}
	}
	for _, bad := range []string{"", "100", "100/1h", "x + 1/1h", "1 + x/1h", "1 + 1/fortnight", "0 + 1/1h", "1 + 0/1h", "1 + 1/1ms", "-1 + 1/1h", "1 + 1/-1h"} {
		if r, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) = %+v, want an error", bad, r)
		}
	}
}

func TestBurstThenSustainedWithTruthfulRetryAfter(t *testing.T) {
	c, l := newClock()
	r := Rate{Burst: 3, Count: 60, Period: time.Minute} // one a second after the burst
	for i := range 3 {
		if ok, _ := l.Allow("k", r); !ok {
			t.Fatalf("event %d of the burst refused", i+1)
		}
	}
	ok, wait := l.Allow("k", r)
	if ok || wait != time.Second {
		t.Fatalf("after the burst: %v %v, want refused for 1s", ok, wait)
	}
	c.add(400 * time.Millisecond)
	if ok, wait := l.Allow("k", r); ok || wait != 600*time.Millisecond {
		t.Fatalf("0.4s later: %v %v, want refused for 0.6s", ok, wait)
	}
	c.add(600 * time.Millisecond)
	if ok, _ := l.Allow("k", r); !ok {
		t.Fatal("refused when Retry-After said it would pass")
	}
	// Another key has its own bucket.
	if ok, _ := l.Allow("other", r); !ok {
		t.Fatal("another key refused")
	}
	// An hour of rest refills the burst, never more.
	c.add(time.Hour)
	for i := range 3 {
		if ok, _ := l.Allow("k", r); !ok {
			t.Fatalf("rested burst event %d refused", i+1)
		}
	}
	if ok, _ := l.Allow("k", r); ok {
		t.Fatal("rest gave more than the burst")
	}
}

// A 1,000-person event behind one address registers within the hour under
// the registration default, each client retrying when told.
func TestThousandFromOneAddressWithinAnHour(t *testing.T) {
	c, l := newClock()
	r := mustParse(t, "100 + 1200/1h")
	start := c.t
	for done := 0; done < 1000; {
		ok, wait := l.Allow("register:198.51.100.1", r)
		if ok {
			done++
			continue
		}
		if wait <= 0 || wait > 3*time.Second {
			t.Fatalf("after %d: Retry-After %v, want at most one refill interval (3s)", done, wait)
		}
		c.add(wait)
	}
	if took := c.t.Sub(start); took > time.Hour {
		t.Fatalf("1,000 sign-ups took %v", took)
	}
}

func TestCheckTakesNothingAndTakeGoesIntoDebt(t *testing.T) {
	c, l := newClock()
	r := Rate{Burst: 2, Count: 1, Period: time.Minute}
	for range 5 {
		if ok, _ := l.Check("k", r); !ok {
			t.Fatal("Check refused a full bucket")
		}
	}
	l.Take("k", r)
	l.Take("k", r)
	l.Take("k", r) // one more than the burst: a minute of debt
	ok, wait := l.Check("k", r)
	if ok || wait != 2*time.Minute {
		t.Fatalf("after 3 takes: %v %v, want refused for 2m", ok, wait)
	}
	c.add(2 * time.Minute)
	if ok, _ := l.Check("k", r); !ok {
		t.Fatal("still refused after the debt was paid")
	}
}

func TestUnlimitedAndChangedRates(t *testing.T) {
	_, l := newClock()
	for range 100 {
		if ok, _ := l.Allow("k", Rate{}); !ok {
			t.Fatal("the zero Rate limited")
		}
	}
	if l.Len() != 0 {
		t.Fatal("the zero Rate kept a bucket")
	}
	small := Rate{Burst: 1, Count: 1, Period: time.Hour}
	l.Allow("k", small)
	if ok, _ := l.Allow("k", small); ok {
		t.Fatal("second event passed a burst of 1")
	}
	// A raised setting applies to an existing bucket.
	big := Rate{Burst: 5, Count: 1, Period: time.Hour}
	if ok, _ := l.Allow("k", big); ok {
		t.Fatal("a raised burst refills nothing by itself")
	}
	if _, wait := l.Check("k", Rate{Burst: 5, Count: 60, Period: time.Hour}); wait != time.Minute {
		t.Fatalf("a faster rate: wait %v, want 1m", wait)
	}
}

func TestIdleKeysAreForgotten(t *testing.T) {
	c, l := newClock()
	r := Rate{Burst: 1, Count: 1, Period: time.Second}
	for i := range 200_000 {
		l.Allow(fmt.Sprint("k", i), r)
	}
	held := l.Len()
	c.add(time.Second) // every bucket is full again
	for i := range 200_000 {
		l.Allow(fmt.Sprint("n", i), r)
	}
	if l.Len() >= held+200_000 {
		t.Fatalf("%d keys held after %d: full buckets were not dropped", l.Len(), held+200_000)
	}
	if ok, _ := l.Allow("n199999", r); ok {
		t.Fatal("a recent key was forgotten")
	}
}

// Package ratelimit holds Podium's throttles: token buckets per key (a
// client address group, an account, a user), kept in the memory of each
// replica, so that a throttled request costs no database query.
//
// A Rate allows Burst events at once, then Count events per Period: the
// bucket holds Burst tokens and refills one every Period/Count. A refused
// event learns exactly how long until a token is back, which becomes the
// response's Retry-After.
//
// Counters are per replica: behind a load balancer that spreads a client's
// requests over N replicas, the client gets up to N times each budget
// (sticky sessions, or budgets divided by N, bring it back to one). A
// restart forgets the counters.
package ratelimit

import (
	"fmt"
	"hash/maphash"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate is a token bucket: Burst events at once, then Count per Period.
// The zero Rate does not limit.
type Rate struct {
	Burst  int
	Count  int
	Period time.Duration
}

// Unlimited reports whether r is the zero Rate.
func (r Rate) Unlimited() bool { return r.Burst <= 0 || r.Count <= 0 || r.Period <= 0 }

// limit is the refill rate in tokens per second.
func (r Rate) limit() rate.Limit {
	return rate.Limit(float64(r.Count) / r.Period.Seconds())
}

// String writes r as ParseRate reads it: "100 + 1200/1h".
func (r Rate) String() string {
	if r.Unlimited() {
		return "unlimited"
	}
	return fmt.Sprintf("%d + %d/%s", r.Burst, r.Count, shortDuration(r.Period))
}

func shortDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// ParseRate reads "<burst> + <count>/<period>", e.g. "100 + 1200/1h": 100
// at once, then 1,200 an hour. The period is a Go duration ("15m", "1h")
// or a bare unit ("s", "m", "h").
func ParseRate(s string) (Rate, error) {
	bad := fmt.Errorf("must look like 100 + 1200/1h (burst + count/period), got %q", s)
	burstText, sustained, ok := strings.Cut(s, "+")
	if !ok {
		return Rate{}, bad
	}
	countText, periodText, ok := strings.Cut(sustained, "/")
	if !ok {
		return Rate{}, bad
	}
	burst, err1 := strconv.Atoi(strings.TrimSpace(burstText))
	count, err2 := strconv.Atoi(strings.TrimSpace(countText))
	periodText = strings.TrimSpace(periodText)
	if periodText == "s" || periodText == "m" || periodText == "h" {
		periodText = "1" + periodText
	}
	period, err3 := time.ParseDuration(periodText)
	if err1 != nil || err2 != nil || err3 != nil {
		return Rate{}, bad
	}
	if burst < 1 || count < 1 || period < time.Second {
		return Rate{}, fmt.Errorf("needs a burst and a count of at least 1 and a period of at least 1s, got %q", s)
	}
	return Rate{Burst: burst, Count: count, Period: period}, nil
}

// Limiter keeps one token bucket per key. It is safe for concurrent use.
// A full bucket is the same as no bucket, so idle keys are dropped as the
// map grows; at most maxKeys are kept (beyond that, arbitrary keys are
// forgotten, which can only hand a key a fresh budget, never refuse one).
type Limiter struct {
	now    func() time.Time
	seed   maphash.Seed
	shards [shardCount]shard
}

const (
	shardCount = 64
	// maxKeys bounds the memory (about 200 bytes a key).
	maxKeys     = 1 << 20
	maxPerShard = maxKeys / shardCount
)

type shard struct {
	mu        sync.Mutex
	buckets   map[string]*rate.Limiter
	nextSweep int
}

// New returns an empty Limiter on the system clock.
func New() *Limiter { return NewWithClock(time.Now) }

// NewWithClock returns an empty Limiter reading time from now (for tests).
func NewWithClock(now func() time.Time) *Limiter {
	l := &Limiter{now: now, seed: maphash.MakeSeed()}
	for i := range l.shards {
		l.shards[i].buckets = map[string]*rate.Limiter{}
		l.shards[i].nextSweep = 1024
	}
	return l
}

// Allow takes one token from key's bucket. When none is left it takes
// nothing and returns false with the time until a token is back.
func (l *Limiter) Allow(key string, r Rate) (bool, time.Duration) {
	return l.take(key, r, false)
}

// Check reports what Allow would answer without taking a token.
func (l *Limiter) Check(key string, r Rate) (bool, time.Duration) {
	if r.Unlimited() {
		return true, 0
	}
	now := l.now()
	b := l.bucket(key, r, now)
	return available(b, r, now)
}

// Take records one event even when the bucket is empty (it then goes into
// debt), for events counted after the fact, such as a wrong password.
func (l *Limiter) Take(key string, r Rate) {
	l.take(key, r, true)
}

func (l *Limiter) take(key string, r Rate, force bool) (bool, time.Duration) {
	if r.Unlimited() {
		return true, 0
	}
	now := l.now()
	b := l.bucket(key, r, now)
	if force {
		b.ReserveN(now, 1)
		return true, 0
	}
	if b.AllowN(now, 1) {
		return true, 0
	}
	return available(b, r, now)
}

// available reports whether b has a token at now, else how long until it
// will: the missing fraction of a token over the refill rate, rounded up
// to a whole millisecond (less a hair of floating-point error, so that a
// wait of exactly 1 s is not reported as 1.001 s).
func available(b *rate.Limiter, r Rate, now time.Time) (bool, time.Duration) {
	tokens := b.TokensAt(now)
	if tokens >= 1 {
		return true, 0
	}
	secs := (1 - tokens) / float64(r.limit())
	return false, time.Duration(math.Ceil(secs*1000-1e-6)) * time.Millisecond
}

// bucket returns key's bucket, creating it full; a bucket whose rate or
// burst differs from r (a changed setting) is made to follow r.
func (l *Limiter) bucket(key string, r Rate, now time.Time) *rate.Limiter {
	s := &l.shards[maphash.String(l.seed, key)%shardCount]
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[key]
	if !ok {
		if len(s.buckets) >= s.nextSweep {
			s.sweep(now)
		}
		b = rate.NewLimiter(r.limit(), r.Burst)
		s.buckets[key] = b
		return b
	}
	if b.Limit() != r.limit() {
		b.SetLimitAt(now, r.limit())
	}
	if b.Burst() != r.Burst {
		b.SetBurstAt(now, r.Burst)
	}
	return b
}

// sweep drops full buckets, then, at the bound, arbitrary ones down to
// three quarters of it; the next sweep comes when the shard has doubled
// (or reached the bound), so sweeping stays O(1) a key.
func (s *shard) sweep(now time.Time) {
	for k, b := range s.buckets {
		if b.TokensAt(now) >= float64(b.Burst()) {
			delete(s.buckets, k)
		}
	}
	if len(s.buckets) >= maxPerShard {
		for k := range s.buckets {
			if len(s.buckets) < maxPerShard*3/4 {
				break
			}
			delete(s.buckets, k)
		}
	}
	s.nextSweep = min(maxPerShard, max(1024, 2*len(s.buckets)))
}

// Len is the number of keys held (for tests and metrics).
func (l *Limiter) Len() int {
	n := 0
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		n += len(s.buckets)
		s.mu.Unlock()
	}
	return n
}

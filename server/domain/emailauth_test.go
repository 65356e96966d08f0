package domain

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/internal/ratelimit"
)

func TestMailThrottlePerAddressAndKind(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	a := &Accounts{Limiter: ratelimit.NewWithClock(func() time.Time { return now })}
	if !a.mailAllowed(PurposeVerify, "a@example.org") || a.mailAllowed(PurposeVerify, "A@example.org") {
		t.Fatal("want one verification e-mail a minute per address, whatever its case")
	}
	if !a.mailAllowed(PurposeReset, "a@example.org") || !a.mailAllowed(PurposeVerify, "b@example.org") {
		t.Fatal("another kind or another address was throttled")
	}
	now = now.Add(59 * time.Second)
	if a.mailAllowed(PurposeVerify, "a@example.org") {
		t.Fatal("a second e-mail within the minute")
	}
	sent := 1
	for range 10 {
		now = now.Add(time.Minute)
		if a.mailAllowed(PurposeVerify, "a@example.org") {
			sent++
		}
	}
	if sent != 5 {
		t.Fatalf("%d verification e-mails in ten minutes, want 5 (the hour's budget)", sent)
	}
}

func TestTokenInputRules(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	for _, tc := range []struct {
		name      string
		ttl       time.Duration
		in        TokenInput
		field     string // the field named in the error, or "" when valid
		scope     TokenScope
		expiresIn time.Duration
	}{
		{name: "defaults", in: TokenInput{Name: "ci"}, scope: ScopeFull, expiresIn: DefaultTokenTTL},
		{name: "read only", in: TokenInput{Name: "ci", Scope: ScopeRead}, scope: ScopeRead, expiresIn: DefaultTokenTTL},
		{name: "configured lifetime", ttl: 7 * 24 * time.Hour, in: TokenInput{Name: "ci"}, scope: ScopeFull, expiresIn: 7 * 24 * time.Hour},
		{name: "shorter expiry", in: TokenInput{Name: "ci", ExpiresAt: at(time.Hour)}, scope: ScopeFull, expiresIn: time.Hour},
		{name: "the longest expiry", in: TokenInput{Name: "ci", ExpiresAt: at(DefaultTokenTTL)}, scope: ScopeFull, expiresIn: DefaultTokenTTL},
		{name: "beyond the lifetime", in: TokenInput{Name: "ci", ExpiresAt: at(DefaultTokenTTL + time.Second)}, field: "expires_at"},
		{name: "beyond a configured lifetime", ttl: time.Hour, in: TokenInput{Name: "ci", ExpiresAt: at(2 * time.Hour)}, field: "expires_at"},
		{name: "in the past", in: TokenInput{Name: "ci", ExpiresAt: at(-time.Second)}, field: "expires_at"},
		{name: "unknown scope", in: TokenInput{Name: "ci", Scope: "admin"}, field: "scope"},
		{name: "no name", in: TokenInput{}, field: "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &tokenStore{}
			a := &Accounts{Store: st, TokenTTL: tc.ttl, Now: func() time.Time { return now }}
			tok, secret, err := a.CreateToken(context.Background(), User{ID: 7}, tc.in)
			if tc.field != "" {
				if e, ok := err.(*Error); !ok || e.Code != CodeInvalid || e.Fields[tc.field].Message == "" || st.created {
					t.Fatalf("want an invalid %s and nothing stored, got %v (stored %v)", tc.field, err, st.created)
				}
				return
			}
			if err != nil || !strings.HasPrefix(secret, tokenPrefix) || tok.Scope != tc.scope || !tok.ExpiresAt.Equal(now.Add(tc.expiresIn)) {
				t.Fatalf("token %+v, %v", tok, err)
			}
		})
	}
}

// tokenStore is an AccountStore that only stores tokens.
type tokenStore struct {
	AccountStore
	created bool
}

func (s *tokenStore) CreateToken(_ context.Context, _ int64, t APIToken, _ []byte) (APIToken, error) {
	s.created = true
	return t, nil
}

func TestLinkTokensAndMails(t *testing.T) {
	for _, tc := range []struct {
		token string
		ok    bool
	}{{"abc", true}, {"  abc  ", true}, {"", false}, {"   ", false}, {strings.Repeat("x", 201), false}} {
		f := Fields{}
		h := checkLinkToken(f, tc.token)
		if (f.Err() == nil) != tc.ok || (h != nil) != tc.ok {
			t.Errorf("token %q: fields %v", tc.token, f)
		}
	}
	a := &Accounts{PublicURL: "https://contest.example.org/"}
	if m := a.verifyMail("zh-CN", "a@example.org", "http://x/verify/s"); !strings.Contains(m.Body, "http://x/verify/s") || !strings.Contains(m.Subject, "确认") || !strings.Contains(m.Subject, "contest.example.org") {
		t.Errorf("zh-CN verification e-mail: %+v", m)
	}
	if m := a.resetMail("", "a@example.org", "http://x/reset/s"); !strings.Contains(m.Body, "http://x/reset/s") || !strings.Contains(m.Subject, "Reset") || strings.Contains(m.Subject+m.Body, "%!") {
		t.Errorf("English reset e-mail: %+v", m)
	}
}

// registerStore answers RegisterUser as a free or a taken address would.
type registerStore struct {
	AccountStore
	taken bool
	mails []Email
}

func (s *registerStore) RegisterUser(_ context.Context, u User, _ string) (User, bool, error) {
	if s.taken {
		return User{ID: 1, Email: u.Email, Lang: "zh-CN", EmailVerified: true}, false, nil
	}
	u.ID = 2
	return u, true, nil
}

func (s *registerStore) CreateEmailToken(_ context.Context, _ []byte, _ EmailToken, m Email) error {
	s.mails = append(s.mails, m)
	return nil
}

func (s *registerStore) QueueAccountMail(_ context.Context, m Email) error {
	s.mails = append(s.mails, m)
	return nil
}

func TestRegisterAnswersTakenAndFreeAlike(t *testing.T) {
	in := RegisterInput{Email: "ada@example.org", Password: "a-long-password", Name: "Ada"}
	var answers []RegisterResult
	for _, taken := range []bool{false, true} {
		st := &registerStore{taken: taken}
		a := &Accounts{Store: st, PublicURL: "http://podium.test"}
		r, err := a.Register(context.Background(), "192.0.2.1", in)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, r)
		want := map[bool]string{false: "http://podium.test/verify/", true: "http://podium.test/reset"}[taken]
		if len(st.mails) != 1 || !strings.Contains(st.mails[0].Body, want) {
			t.Fatalf("taken=%v: e-mails %+v", taken, st.mails)
		}
		if taken && !strings.Contains(st.mails[0].Subject, "尝试") {
			t.Fatalf("the owner's notice is not in the owner's language: %q", st.mails[0].Subject)
		}
	}
	if answers[0] != answers[1] {
		t.Fatalf("answers differ: %+v / %+v", answers[0], answers[1])
	}
}

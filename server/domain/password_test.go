package domain

import (
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected parameters: %s", h)
	}
	if !CheckPassword(h, "correct horse battery staple") {
		t.Fatal("right password rejected")
	}
	if CheckPassword(h, "correct horse battery stapler") {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Fatal("salt must differ between hashes")
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=x$c2FsdA$a2V5", "$argon2id$v=19$m=1,t=1,p=1$!!$a2V5"} {
		if CheckPassword(h, "x") {
			t.Errorf("accepted malformed hash %q", h)
		}
	}
}

func TestPasswordToCheck(t *testing.T) {
	own, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		hash       string
		found      bool
		want       string
		wantUsable bool
	}{
		{"an account with a password", own, true, own, true},
		{"an account that signs in only through its provider", "", true, dummyHash, false},
		{"an unknown address", "", false, dummyHash, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, usable := passwordToCheck(tc.hash, tc.found)
			if got != tc.want || usable != tc.wantUsable {
				t.Fatalf("passwordToCheck(%q, %v) = %q, %v; want %q, %v", tc.hash, tc.found, got, usable, tc.want, tc.wantUsable)
			}
		})
	}
}

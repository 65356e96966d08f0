package domain

import (
	"strings"
	"testing"
)

func TestCheckStreamCaps(t *testing.T) {
	caps := StreamCaps{PerSession: 2, PerUser: 3}
	for _, tc := range []struct {
		session, user int
		want          string // "" for allowed, else a word of the message
	}{
		{0, 0, ""},
		{1, 2, ""},
		{2, 2, "sign-in"},
		{1, 3, "account"},
		{2, 3, "sign-in"},
		{5, 9, "sign-in"},
	} {
		err := CheckStreamCaps(caps, tc.session, tc.user)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("session %d, user %d: %v, want allowed", tc.session, tc.user, err)
		case tc.want != "" && (ErrorCode(err) != CodeRateLimited || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("session %d, user %d: %v, want rate_limited naming the %s", tc.session, tc.user, err, tc.want)
		}
	}
}

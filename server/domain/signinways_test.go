package domain

import "testing"

func TestCanUnlink(t *testing.T) {
	uni := LinkedIdentity{Provider: "uni", Name: "University SSO", Subject: "s1"}
	corp := LinkedIdentity{Provider: "corp", Name: "Corp SSO", Subject: "s2"}
	cases := []struct {
		name     string
		ways     SignInWays
		provider string
		want     Code // error code; nil error when allowed
	}{
		{"only provider, no password", SignInWays{Identities: []LinkedIdentity{uni}}, "uni", CodeConflict},
		{"only provider, with a password", SignInWays{HasPassword: true, Identities: []LinkedIdentity{uni}}, "uni", ""},
		{"another provider stays", SignInWays{Identities: []LinkedIdentity{uni, corp}}, "uni", ""},
		{"not linked", SignInWays{HasPassword: true, Identities: []LinkedIdentity{corp}}, "uni", CodeNotFound},
		{"nothing linked", SignInWays{HasPassword: true}, "uni", CodeNotFound},
	}
	for _, c := range cases {
		err := CanUnlink(c.ways, c.provider)
		if c.want == "" && err != nil || c.want != "" && ErrorCode(err) != c.want {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

package domain

import "testing"

func TestDomainAllowed(t *testing.T) {
	for _, tc := range []struct {
		allowed []string
		email   string
		want    bool
	}{
		{nil, "a@anything.example", true},
		{[]string{"uni.example.edu"}, "a@uni.example.edu", true},
		{[]string{"uni.example.edu"}, "a@UNI.Example.edu", true},
		{[]string{"uni.example.edu"}, "a@cs.uni.example.edu", true},
		{[]string{"uni.example.edu"}, "a@evil-uni.example.edu", false},
		{[]string{"uni.example.edu"}, "a@uni.example.edu.evil.example", false},
		{[]string{"uni.example.edu", "corp.example"}, "a@corp.example", true},
	} {
		if got := DomainAllowed(tc.allowed, tc.email); got != tc.want {
			t.Errorf("DomainAllowed(%v, %q) = %v, want %v", tc.allowed, tc.email, got, tc.want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "/",
		"/contests/green":        "/contests/green",
		"/team/1?tab=files":      "/team/1?tab=files",
		"//evil.example/":        "/",
		"https://evil.example/":  "/",
		"/\\evil.example":        "/",
		"/ok\r\nSet-Cookie: x=1": "/",
		"javascript:alert(1)":    "/",
	} {
		if got := SafeNext(in); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckProviderNamesEveryBadField(t *testing.T) {
	_, err := checkProvider(OIDCProviderInput{Slug: "-x", Issuer: "https://login.example.edu/?q=1", AllowedDomains: []string{"localhost"}})
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("%v", err)
	}
	for _, f := range []string{"slug", "name", "issuer", "client_id", "allowed_domains[0]"} {
		if _, ok := e.Fields[f]; !ok {
			t.Errorf("no problem on %s: %v", f, e.Fields)
		}
	}
	p, err := checkProvider(OIDCProviderInput{Slug: "uni", Name: "Uni", Issuer: "https://login.example.edu", ClientID: "c", AllowedDomains: []string{"@Uni.Example.EDU ", "uni.example.edu"}})
	if err != nil || len(p.AllowedDomains) != 1 || p.AllowedDomains[0] != "uni.example.edu" || !p.Enabled {
		t.Fatalf("%+v %v", p, err)
	}
}

package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testenv"
)

// TestOIDCProviderAllowedDomains: a provider's allowed domains (a text[]
// column) go in as a Go slice and come back as one, on creation and on
// change, and an empty list stays an empty list.
func TestOIDCProviderAllowedDomains(t *testing.T) {
	ctx := context.Background()
	s := testenv.Store(t)
	p, err := s.SaveOIDCProvider(ctx, domain.OIDCProvider{Slug: "uni", Name: "Uni", Issuer: "https://id.example.edu",
		ClientID: "podium", ClientSecret: "s", AllowedDomains: []string{"example.edu", "staff.example.edu"}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.OIDCProviderBySlug(ctx, "uni")
	if err != nil || !slices.Equal(got.AllowedDomains, []string{"example.edu", "staff.example.edu"}) {
		t.Fatalf("allowed domains %q (%v)", got.AllowedDomains, err)
	}
	p.AllowedDomains = []string{}
	if _, err := s.SaveOIDCProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got, err = s.OIDCProviderByID(ctx, p.ID); err != nil || got.AllowedDomains == nil || len(got.AllowedDomains) != 0 {
		t.Fatalf("allowed domains after clearing %#v (%v)", got.AllowedDomains, err)
	}
}

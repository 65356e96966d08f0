package api

import (
	"fmt"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// formOnlyInput is contestInput without any file slot: an idea contest.
func formOnlyInput(slug string) map[string]any {
	in := contestInput(slug)
	in["files"] = []map[string]any{}
	return in
}

// A contest without file slots accepts entries, and their receipts carry
// an empty list of files whose digest anyone can recompute.
func TestFormOnlyContestAcceptsEntries(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	mustStatus(t, admin.do("POST", "/api/v1/contests", formOnlyInput("ideas")), 201)
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("ideas", "Owls", "energy")
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "An idea", "fields": map[string]string{"repo": "https://git.example.org/owls"}}), 200)
	r := cap.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	rc := decode[receiptResult](t, r).Receipt
	if rc.Version != 1 || rc.Files == nil || len(rc.Files) != 0 || rc.Digest != domain.ComputeDigest(rc) {
		t.Fatalf("receipt: %+v", rc)
	}
	again := decode[receiptResult](t, cap.do("GET", base+"/versions/1", nil)).Receipt
	if again.Files == nil || again.Digest != rc.Digest || domain.ComputeDigest(again) != rc.Digest {
		t.Fatalf("stored receipt: %+v", again)
	}
}

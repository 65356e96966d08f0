package api

import (
	"fmt"
	"testing"
)

// A round's entries are fixed by its first assignment, not by whoever reads
// the round first: a ranking, progress or review plan read before the
// assignment leaves out nothing submitted after it.
func TestRoundEntriesAreFixedAtAssignment(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 2, 2)
	f.createRound(t, 1, "mean", false)
	round := fmt.Sprintf("/api/v1/rounds/%d", f.round.ID)
	mustStatus(t, f.admin.do("GET", round+"/ranking", nil), 200)
	mustStatus(t, f.admin.do("GET", round+"/ranking?confidence=1", nil), 200)
	late := f.ts.submitEntry("green", "late@uni9.example.edu", "Late owls", "energy", "https://git.example.org/late", pdfBytes(1024))
	mustStatus(t, f.admin.do("POST", round+"/assign", map[string]any{}), 200)
	sub := f.admin.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission", late.ID), nil)
	mustStatus(t, sub, 200)
	entry := decode[struct{ ID int64 }](t, sub).ID
	found := false
	for _, a := range f.assignments(t) {
		found = found || a.SubmissionID == entry
	}
	if !found {
		t.Fatal("the entry submitted before the assignment (after a ranking was read) is not in the round")
	}
}

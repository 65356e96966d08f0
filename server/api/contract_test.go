package api

import (
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// TestContestFieldProblemsCarryCodes: a contest whose keys the editor once
// derived with hyphens is refused with, per field, a code and parameters a
// client can word in its user's language, and an English message.
func TestContestFieldProblemsCarryCodes(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.admin()
	in := contestInput("keys")
	in["files"].([]map[string]any)[1]["key"] = "demo-video"
	in["form"].([]map[string]any)[0]["key"] = "what-problem-do-you-solve"
	r := admin.do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 400)
	probs := r.problems(t)
	for _, field := range []string{"files[1].key", "form[0].key"} {
		p := probs[field]
		if p.Code != domain.ProblemPattern || p.Params["rule"] != "key" || p.Message == "" {
			t.Errorf("%s: %+v, want code pattern with rule key and a message", field, p)
		}
	}
	pw := ts.client().do("POST", "/api/v1/auth/register", map[string]string{"email": "a@example.org", "password": "short", "name": "A"})
	mustStatus(t, pw, 400)
	if p := pw.problems(t)["password"]; p.Code != domain.ProblemTooShort || p.Params["min"] != float64(domain.Rules["password"].MinLength) {
		t.Errorf("password: %+v", p)
	}
}

// TestContestWithoutTracks: "no tracks" (what the editor offers) creates
// a contest with the one general track, which a team can enter.
func TestContestWithoutTracks(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.admin()
	in := contestInput("open")
	delete(in, "tracks")
	r := admin.do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 201)
	c := decode[domain.Contest](t, r)
	if len(c.Tracks) != 1 || c.Tracks[0].Slug != domain.GeneralTrack.Slug {
		t.Fatalf("tracks %+v, want the general track", c.Tracks)
	}
	ts.signUp("solo@example.org").createTeam("open", "Solo", domain.GeneralTrack.Slug)
}

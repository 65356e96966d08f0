package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// The contest zoo: contests of the shapes organizers really run, each
// through its whole life in one test — teams, submissions, a round (or
// three), automatic assignment, scores, ranking, awards and the published
// results page — so that a shape the usual fixture does not have (no file
// slots, no tracks, a dozen tracks, a single judge, a multi-GB file) cannot
// break a step unnoticed.

// zoo is one contest of the zoo and the people in it.
type zoo struct {
	t       *testing.T
	ts      *testServer
	admin   *client
	slug    string
	contest domain.Contest
	judges  []*client
	quality map[int64]float64 // entry → the mark every judge gives it
	track   map[int64]string  // entry → track
	people  int
}

// newZoo creates an open contest from contestInput changed by shape, with
// the given number of judges.
func newZoo(t *testing.T, slug string, judges int, shape func(in map[string]any)) *zoo {
	ts := newTestServer(t)
	z := &zoo{t: t, ts: ts, admin: ts.admin(), slug: slug, quality: map[int64]float64{}, track: map[int64]string{}}
	in := contestInput(slug)
	shape(in)
	r := z.admin.do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 201)
	z.contest = decode[domain.Contest](t, r)
	for i := range judges {
		email := fmt.Sprintf("judge%d@jury.example.net", i)
		mustStatus(t, z.admin.do("POST", "/api/v1/contests/"+slug+"/members", map[string]any{"email": email, "role": "judge"}), 201)
		z.judges = append(z.judges, z.person(email))
	}
	return z
}

// person signs up someone new, each from an address of their own (as
// people are; one address would soon meet the registration throttle).
func (z *zoo) person(email string) *client {
	z.t.Helper()
	z.people++
	c := z.ts.client()
	c.ip = fmt.Sprintf("198.51.%d.%d", 100+z.people/200, z.people%200+1)
	mustStatus(z.t, c.do("POST", "/api/v1/auth/register", map[string]string{"email": email, "password": "a-long-password", "name": "Person " + email}), 201)
	z.ts.verifyEmail(email) // judges get their roles only with a proven address
	c.login(email, "a-long-password")
	return c
}

// enter forms a team in track, saves its draft, lets files upload what the
// contest's slots need, submits, and returns the entry; every judge will
// give it quality.
func (z *zoo) enter(name, track string, draft map[string]any, quality float64, files func(c *client, teamID int64)) int64 {
	t := z.t
	t.Helper()
	c := z.person(strings.ToLower(strings.ReplaceAll(name, " ", "-")) + "@teams.example.edu")
	team := c.createTeam(z.slug, name, track)
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, c.do("PUT", base, draft), 200)
	if files != nil {
		files(c, team.ID)
	}
	r := c.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	rc := decode[receiptResult](t, r).Receipt
	if rc.Digest != domain.ComputeDigest(rc) {
		t.Fatalf("%s: receipt digest does not recompute", name)
	}
	z.quality[rc.SubmissionID], z.track[rc.SubmissionID] = quality, team.Track
	return rc.SubmissionID
}

// round defines the next round (one criterion, 1 to 10, mean of the
// judges) and runs the automatic assignment: every entry gets k judges.
func (z *zoo) round(name string, k, entries int) domain.Round {
	t := z.t
	t.Helper()
	r := z.admin.do("POST", "/api/v1/contests/"+z.slug+"/rounds", map[string]any{
		"name": name, "judges_per_entry": k, "method": "mean",
		"closes_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339),
		"rubric":    []map[string]any{{"id": "merit", "label": "Merit", "weight": 1, "min": 1, "max": 10}},
	})
	mustStatus(t, r, 201)
	rd := decode[domain.Round](t, r)
	r = z.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", rd.ID), map[string]any{})
	mustStatus(t, r, 200)
	if sum := decode[domain.AssignmentSummary](t, r); sum.Entries != entries || sum.Pairs != entries*k {
		t.Fatalf("%s: assignment %+v, want %d entries × %d judges", name, sum, entries, k)
	}
	return rd
}

// score has every judge submit a final mark for each entry of the round
// assigned to them, then checks progress and returns the ranking, which
// must follow the marks.
func (z *zoo) score(rd domain.Round) domain.Ranking {
	t := z.t
	t.Helper()
	for _, j := range z.judges {
		for _, a := range decode[[]domain.Assignment](t, j.do("GET", "/api/v1/me/assignments", nil)) {
			if a.RoundID != rd.ID {
				continue
			}
			mustStatus(t, j.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a.ID),
				map[string]any{"values": map[string]float64{"merit": z.quality[a.SubmissionID]}, "comment": "seen", "final": true}), 200)
		}
	}
	p := decode[domain.Progress](t, z.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/progress", rd.ID), nil))
	if p.Pending != 0 || p.Done != p.Assigned || p.Assigned == 0 {
		t.Fatalf("%s progress: %+v", rd.Name, p)
	}
	r := z.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", rd.ID), nil)
	mustStatus(t, r, 200)
	rk := decode[domain.Ranking](t, r)
	for i, e := range rk.Entries {
		if i > 0 && z.quality[e.EntryID] > z.quality[rk.Entries[i-1].EntryID] {
			t.Fatalf("%s ranking out of order: %v before %v", rd.Name, z.quality[rk.Entries[i-1].EntryID], z.quality[e.EntryID])
		}
	}
	return rk
}

// advance sends the picked entries on to the next round.
func (z *zoo) advance(rd domain.Round, in map[string]any) []int64 {
	z.t.Helper()
	r := z.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/advance", rd.ID), in)
	mustStatus(z.t, r, 200)
	var out struct {
		Data struct{ Advanced []int64 } `json:"data"`
	}
	r.json(z.t, &out)
	return out.Data.Advanced
}

// publish awards the ranking's top entries (in order) and checks the
// public results page.
func (z *zoo) publish(rk domain.Ranking, awards ...string) domain.Results {
	t := z.t
	t.Helper()
	anon := z.ts.client()
	mustStatus(t, anon.do("GET", "/api/v1/contests/"+z.slug+"/results", nil), 404)
	var in []map[string]any
	for i, a := range awards {
		in = append(in, map[string]any{"entry_id": rk.Entries[i].EntryID, "award": a})
	}
	mustStatus(t, z.admin.do("POST", "/api/v1/contests/"+z.slug+"/results", map[string]any{"awards": in, "publish": true}), 200)
	r := anon.do("GET", "/api/v1/contests/"+z.slug+"/results", nil)
	mustStatus(t, r, 200)
	res := decode[domain.Results](t, r)
	if res.PublishedAt == nil || len(res.Awards) != len(awards) {
		t.Fatalf("results: %+v", res)
	}
	for i, a := range res.Awards {
		if a.Award != awards[i] || a.EntryID != rk.Entries[i].EntryID || a.TeamName == "" || a.Track != z.track[a.EntryID] {
			t.Fatalf("award %d: %+v, want %q for entry %d", i, a, awards[i], rk.Entries[i].EntryID)
		}
	}
	if strings.Contains(string(r.Body), "jury.example.net") || strings.Contains(string(r.Body), "teams.example.edu") {
		t.Fatal("public results reveal e-mail addresses")
	}
	return res
}

// An idea contest: a form and no file at all.
func TestZooIdeaContestWithoutFiles(t *testing.T) {
	t.Parallel()
	z := newZoo(t, "ideas", 3, func(in map[string]any) {
		in["files"] = []map[string]any{}
		in["form"] = []map[string]any{
			{"key": "pitch", "label": "Your idea in a paragraph", "type": "textarea", "required": true},
			{"key": "stage", "label": "Stage", "type": "select", "required": true, "options": []string{"idea", "prototype"}},
		}
	})
	for i, q := range []float64{4, 9, 6, 2} {
		z.enter(fmt.Sprintf("Idea %d", i), []string{"energy", "mobility"}[i%2], map[string]any{"title": fmt.Sprintf("Idea %d", i),
			"fields": map[string]string{"pitch": "Plant more trees\nin cities.", "stage": "idea"}}, q, nil)
	}
	rd := z.round("Jury", 2, 4)
	rk := z.score(rd)
	z.publish(rk, "Best idea", "Runner-up")
}

// A hackathon: the entry is a repository and a demo video, both links.
func TestZooHackathonWithLinks(t *testing.T) {
	t.Parallel()
	z := newZoo(t, "hack", 2, func(in map[string]any) {
		in["files"] = []map[string]any{}
		in["form"] = []map[string]any{
			{"key": "repo", "label": "Repository", "type": "url", "required": true},
			{"key": "video", "label": "Demo video link", "type": "url", "required": true},
		}
	})
	// A link that is not one is refused, naming the field.
	c := z.person("sloppy@teams.example.edu")
	team := c.createTeam("hack", "Sloppy", "energy")
	r := c.do("PUT", fmt.Sprintf("/api/v1/teams/%d/submission", team.ID), map[string]any{"title": "x", "fields": map[string]string{"repo": "git@host:x", "video": "https://video.example.com/1"}})
	mustStatus(t, r, 400)
	if _, fl := r.errorCode(t); fl["fields.repo"] == "" || fl["fields.video"] != "" {
		t.Fatalf("%s", r.Body)
	}
	for i, q := range []float64{7, 3, 8} {
		z.enter(fmt.Sprintf("Hackers %d", i), "mobility", map[string]any{"title": fmt.Sprintf("Hack %d", i), "fields": map[string]string{
			"repo": fmt.Sprintf("https://git.example.org/hack%d", i), "video": fmt.Sprintf("https://video.example.com/watch?v=%d", i)}}, q, nil)
	}
	rk := z.score(z.round("Demo day", 2, 3))
	z.publish(rk, "Grand prize")
}

// A design award whose entries are portfolios of up to 5 GiB: a
// multi-GB upload is declared and planned in parts (resumable), and an
// entry above the multipart threshold goes through parts to the store.
func TestZooDesignAwardWithLargeFiles(t *testing.T) {
	t.Parallel()
	const maxSize = 5 << 30
	z := newZoo(t, "design", 2, func(in map[string]any) {
		in["files"] = []map[string]any{{"key": "portfolio", "label": "Portfolio", "required": true, "max_bytes": maxSize, "types": []string{".pdf"}}}
		in["form"] = []map[string]any{}
	})
	s3c := testS3Client(t)
	bucket := z.ts.blob.Bucket()
	big := func(c *client, teamID int64) {
		// The 3 GiB master file is declared: a multipart plan covering it.
		const huge = 3<<30 + 123
		hf := newBigFile(huge, 7)
		r, nf := c.declare(teamID, "portfolio", "master.pdf", huge, strings.Repeat("ab", 32))
		mustStatus(t, r, 201)
		count := int32((huge + nf.Upload.PartSize - 1) / nf.Upload.PartSize)
		if nf.Upload.Method != "MULTIPART" {
			t.Fatalf("3 GiB: %s", nf.Upload.Method)
		}
		checkParts(t, nf.Upload.PartSize, huge, c.allPartURLs(teamID, nf.FileID, nf.Upload), allParts(count))
		stored, err := z.ts.store.FileByID(t.Context(), nf.FileID)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { removeUpload(t, s3c, bucket, stored.ObjectKey, stored.UploadID) })
		// Two parts go up, then the laptop closes: resuming offers the rest.
		if _, err := hf.upload(t.Context(), nf.Upload.PartSize, nf.Upload.Parts[:2], 2); err != nil {
			t.Fatal(err)
		}
		state := decode[domain.UploadState](t, c.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s", teamID, nf.FileID), nil))
		checkParts(t, nf.Upload.PartSize, huge, c.allPartURLs(teamID, nf.FileID, state.Upload), allParts(count)[2:])

		// What the entry carries: a 20 MiB export, sent in parts.
		const size = 20<<20 + 1
		f := newBigFile(size, 11)
		r, nf = c.declare(teamID, "portfolio", "portfolio.pdf", size, f.sha256(t))
		mustStatus(t, r, 201)
		etags, err := f.upload(t.Context(), nf.Upload.PartSize, nf.Upload.Parts, 3)
		if err != nil {
			t.Fatal(err)
		}
		var parts []domain.StoredPart
		for _, n := range allParts(int32(len(nf.Upload.Parts))) {
			parts = append(parts, domain.StoredPart{Number: n, ETag: etags[n]})
		}
		mustStatus(t, c.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", teamID, nf.FileID), domain.CompleteInput{Parts: parts}), 200)
	}
	first := z.enter("Studio North", "energy", map[string]any{"title": "Light"}, 9, big)
	for i, q := range []float64{5, 6} {
		z.enter(fmt.Sprintf("Studio %d", i), "mobility", map[string]any{"title": "Form"}, q, func(c *client, teamID int64) {
			c.uploadTo(teamID, "portfolio", "portfolio.pdf", pdfBytes(4096))
		})
	}
	rk := z.score(z.round("Jury", 2, 3))
	if rk.Entries[0].EntryID != first {
		t.Fatalf("winner %d, want %d", rk.Entries[0].EntryID, first)
	}
	z.publish(rk, "Gold", "Silver", "Bronze")
}

// A national contest: 12 tracks, two teams in each, three rounds (the best
// of each track go on to the semi-final, three to the final).
func TestZooNationalContestTwelveTracksThreeRounds(t *testing.T) {
	t.Parallel()
	var tracks []map[string]string
	for i := range 12 {
		tracks = append(tracks, map[string]string{"slug": fmt.Sprintf("t%02d", i), "title": fmt.Sprintf("Track %d", i)})
	}
	z := newZoo(t, "national", 4, func(in map[string]any) { in["tracks"] = tracks })
	if len(z.contest.Tracks) != 12 {
		t.Fatalf("tracks: %+v", z.contest.Tracks)
	}
	for i := range 24 {
		track := tracks[i%12]["slug"]
		z.enter(fmt.Sprintf("Team %02d", i), track, map[string]any{"title": fmt.Sprintf("Entry %d", i),
			"fields": map[string]string{"repo": fmt.Sprintf("https://git.example.org/t%d", i)}},
			float64(1+(i*7)%9)+float64(i)/100, func(c *client, teamID int64) { c.uploadPDF(teamID, pdfBytes(1024)) })
	}
	prelim := z.round("Preliminary", 2, 24)
	rk := z.score(prelim)
	advanced := z.advance(prelim, map[string]any{"top_per_track": 1})
	if len(advanced) != 12 {
		t.Fatalf("advanced %d entries, want one per track", len(advanced))
	}
	perTrack := map[string]int{}
	for _, id := range advanced {
		perTrack[z.track[id]]++
	}
	if len(perTrack) != 12 {
		t.Fatalf("advanced per track: %v", perTrack)
	}

	semi := z.round("Semi-final", 3, 12)
	rk = z.score(semi)
	var top3 []int64
	for _, e := range rk.Entries[:3] {
		top3 = append(top3, e.EntryID)
	}
	if got := z.advance(semi, map[string]any{"entries": top3}); len(got) != 3 {
		t.Fatalf("advanced %v", got)
	}
	final := z.round("Final", 4, 3)
	rk = z.score(final)
	if len(rk.Entries) != 3 || !slices.Contains(top3, rk.Entries[0].EntryID) {
		t.Fatalf("final ranking: %+v", rk.Entries)
	}
	z.publish(rk, "National champion", "Second place", "Third place")
}

// A small award judged by one person.
func TestZooOneJudgeAward(t *testing.T) {
	t.Parallel()
	z := newZoo(t, "small-award", 1, func(in map[string]any) {
		in["tracks"] = []map[string]string{{"slug": "open", "title": "Open category"}}
	})
	for i, q := range []float64{3, 10, 5} {
		z.enter(fmt.Sprintf("Entrant %d", i), "open", map[string]any{"title": "Essay",
			"fields": map[string]string{"repo": "https://git.example.org/essay"}}, q, func(c *client, teamID int64) { c.uploadPDF(teamID, pdfBytes(512)) })
	}
	rk := z.score(z.round("Decision", 1, 3))
	z.publish(rk, "Award")
}

// A contest created without tracks: its one track is the general one, and
// teams need not name it.
func TestZooGeneralTrackOnly(t *testing.T) {
	t.Parallel()
	z := newZoo(t, "general", 2, func(in map[string]any) { delete(in, "tracks") })
	if len(z.contest.Tracks) != 1 || z.contest.Tracks[0].Slug != "general" {
		t.Fatalf("tracks: %+v", z.contest.Tracks)
	}
	for i, q := range []float64{2, 8, 5} {
		z.enter(fmt.Sprintf("Crew %d", i), "", map[string]any{"title": "Thing",
			"fields": map[string]string{"repo": "https://git.example.org/thing"}}, q, func(c *client, teamID int64) { c.uploadPDF(teamID, pdfBytes(512)) })
	}
	rk := z.score(z.round("Jury", 2, 3))
	if rk.Entries[0].Track != "general" {
		t.Fatalf("ranking: %+v", rk.Entries[0])
	}
	z.publish(rk, "Winner", "Runner-up")
}

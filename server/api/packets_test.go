package api

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// blindZIP unzips raw, fails t when a file's name or content names a team
// or a member, and returns the files' names.
func blindZIP(t *testing.T, raw []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(zf.Name, "Team ") || strings.Contains(string(body), "Team ") || strings.Contains(string(body), "example.edu") {
			t.Fatalf("blind ZIP names a team or member in %s", zf.Name)
		}
		names = append(names, zf.Name)
	}
	return names
}

// TestJudgePacketOfABlindRound: a judge's offline packet holds the files
// of the entries assigned to that judge in the round and no other, each
// named by entry number and slot label, with nothing naming a team, a
// member or an original file name; nobody else reads it, and nobody
// without an assignment in the round can ask for one.
func TestJudgePacketOfABlindRound(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 4, 2)
	f.ts.startJobs()
	f.createRound(t, 1, "mean", true)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	judge, other := f.judges["judge0@jury.example.net"], f.judges["judge1@jury.example.net"]
	mine := map[int64]bool{}
	for _, a := range decode[[]domain.Assignment](t, judge.do("GET", "/api/v1/me/assignments", nil)) {
		if a.RoundID == f.round.ID {
			mine[a.SubmissionID] = true
		}
	}
	if len(mine) == 0 || len(mine) == 4 {
		t.Fatalf("judge0 has %d of the 4 entries; the test needs some, not all", len(mine))
	}

	path := fmt.Sprintf("/api/v1/rounds/%d/packet", f.round.ID)
	for _, c := range []*client{f.admin, f.teams[firstKey(f.teams)]} { // no assignment in the round
		mustStatus(t, c.do("POST", path, map[string]any{}), 404)
	}
	mustStatus(t, judge.do("POST", "/api/v1/rounds/999999/packet", map[string]any{}), 404)
	r := judge.do("POST", path, map[string]any{})
	mustStatus(t, r, 202)
	started := decode[domain.Export](t, r)
	mustStatus(t, other.do("GET", path+"/"+started.ID, nil), 404)
	mustStatus(t, judge.do("GET", path+"/not-a-uuid", nil), 404)
	e := waitJob(t, judge, path+"/"+started.ID)
	if e.Status != domain.ExportDone || e.Kind != domain.ExportPacket || e.DoneItems != len(mine) {
		t.Fatalf("packet: %+v, want done with %d entries", e, len(mine))
	}
	got := map[int64]bool{}
	for _, name := range blindZIP(t, judge.downloadZIP(e.DownloadURL)) {
		if name == "submissions.csv" {
			continue
		}
		parts := strings.Split(name, "/")
		if len(parts) != 3 || parts[2] != "deck-Pitch deck.pdf" || !strings.HasSuffix(parts[1], "-entry") {
			t.Fatalf("packet file %q, want track/<entry>-entry/deck-Pitch deck.pdf", name)
		}
		got[mustInt(t, strings.TrimSuffix(parts[1], "-entry"))] = true
	}
	if fmt.Sprint(got) != fmt.Sprint(mine) {
		t.Fatalf("packet holds entries %v, want the judge's %v", got, mine)
	}
}

func firstKey[V any](m map[int64]V) int64 {
	for k := range m {
		return k
	}
	return 0
}

// TestTrackZIPExport: an organizer exports the final files of one track;
// the ZIP holds that track's teams only, and a track that is not the
// contest's is refused naming the field.
func TestTrackZIPExport(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 4, 1)
	f.ts.startJobs()
	want := map[string]int{}
	for _, tr := range f.track {
		want[tr]++
	}
	track := f.track[firstKey(f.track)]
	if len(want) < 2 {
		t.Fatalf("the fixture's teams are all in %v; the test needs two tracks", want)
	}
	r := f.admin.do("POST", "/api/v1/contests/green/exports", map[string]any{"kind": "zip", "track": "no-such-track"})
	mustStatus(t, r, 400)
	if !strings.Contains(string(r.Body), "track") {
		t.Fatalf("refusal does not name the field: %s", r.Body)
	}
	r = f.admin.do("POST", "/api/v1/contests/green/exports", map[string]any{"kind": "zip", "track": track})
	mustStatus(t, r, 202)
	e := waitExport(t, f.admin, "green", decode[domain.Export](t, r).ID)
	if e.Status != domain.ExportDone || e.DoneItems != want[track] || fmt.Sprint(e.Tracks) != "["+track+"]" {
		t.Fatalf("track export: %+v, want done with %d teams of %s", e, want[track], track)
	}
	raw := f.admin.downloadZIP(e.DownloadURL)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, zf := range zr.File {
		if zf.Name == "submissions.csv" {
			continue
		}
		if !strings.HasPrefix(zf.Name, track+"/") {
			t.Fatalf("%s in the export of track %s", zf.Name, track)
		}
		files++
	}
	if files != want[track] {
		t.Fatalf("%d files, want %d", files, want[track])
	}
}

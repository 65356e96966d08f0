package domain

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestDecideScore(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 123456789, time.UTC)
	stamp := now.Truncate(time.Microsecond)
	judge := User{ID: 7}
	a := Assignment{ID: 3, RoundID: 2, SubmissionID: 5, JudgeID: 7, Status: AssignActive}
	r := Round{ID: 2, ClosesAt: now.Add(time.Hour), Rubric: []RubricItem{{ID: "impact", Weight: 1, Min: 1, Max: 10}, {ID: "style", Weight: 1, Min: 1, Max: 10}}}
	sheet := func(final bool, seq int64, impact float64) *ScoreSheet {
		s := &ScoreSheet{AssignmentID: 3, RoundID: 2, JudgeID: 7, SubmissionID: 5, Values: map[string]float64{"impact": impact, "style": 4},
			Final: final, Seq: seq, UpdatedAt: stamp.Add(-time.Minute)}
		if final {
			at := s.UpdatedAt
			s.SubmittedAt = &at
		}
		return s
	}
	in := func(final bool, seq int64, impact float64) ScoreInput {
		return ScoreInput{Values: map[string]float64{"impact": impact, "style": 4}, Final: final, Seq: seq}
	}
	cases := []struct {
		name     string
		u        User
		a        Assignment
		r        Round
		prev     *ScoreSheet
		in       ScoreInput
		code     Code
		field    string
		keep     bool
		wantSeq  int64
		wantFin  bool
		wantImpc float64
	}{
		{name: "first draft", prev: nil, in: in(false, 1, 6), wantSeq: 1, wantImpc: 6},
		{name: "first save without a count", prev: nil, in: in(false, 0, 6), wantSeq: 0, wantImpc: 6},
		{name: "a draft over a draft", prev: sheet(false, 1, 6), in: in(false, 2, 8), wantSeq: 2, wantImpc: 8},
		{name: "final over a draft", prev: sheet(false, 2, 8), in: in(true, 3, 8), wantSeq: 3, wantFin: true, wantImpc: 8},
		{name: "the same scores again (a retry) keep the stored sheet", prev: sheet(false, 2, 8), in: in(false, 0, 8), keep: true, wantSeq: 2, wantImpc: 8},
		{name: "the same final scores again keep the submitted sheet", prev: sheet(true, 3, 8), in: in(true, 4, 8), keep: true, wantSeq: 3, wantFin: true, wantImpc: 8},
		{name: "an autosave overtaken by the submit changes nothing", prev: sheet(true, 3, 8), in: in(false, 2, 7), keep: true, wantSeq: 3, wantFin: true, wantImpc: 8},
		{name: "an older draft changes nothing", prev: sheet(false, 5, 9), in: in(false, 4, 7), keep: true, wantSeq: 5, wantImpc: 9},
		{name: "a save without a count keeps the sheet's count", prev: sheet(false, 5, 9), in: in(false, 0, 7), wantSeq: 5, wantImpc: 7},
		{name: "a newer change of submitted scores is a conflict", prev: sheet(true, 3, 8), in: in(false, 4, 7), code: CodeConflict},
		{name: "an uncounted change of submitted scores is a conflict", prev: sheet(true, 3, 8), in: in(true, 0, 7), code: CodeConflict},
		{name: "another judge's assignment", u: User{ID: 8}, in: in(false, 1, 6), code: CodeNotFound},
		{name: "a dropped assignment", a: Assignment{ID: 3, JudgeID: 7, Status: "dropped"}, in: in(false, 1, 6), code: CodeNotFound},
		{name: "while the final ranking is frozen", r: Round{ID: 2, ClosesAt: now.Add(time.Hour), Rubric: r.Rubric, FrozenAt: &stamp}, prev: sheet(false, 1, 6), in: in(false, 2, 8), code: CodeConflict},
		{name: "after the round closed", r: Round{ID: 2, ClosesAt: now.Add(-time.Second), Rubric: r.Rubric}, in: in(false, 1, 6), code: CodeTooLate},
		{name: "a value out of range", in: in(false, 1, 11), code: CodeInvalid, field: "values.impact"},
		{name: "final without every criterion", in: ScoreInput{Values: map[string]float64{"impact": 3}, Final: true}, code: CodeInvalid, field: "values.style"},
		{name: "an unknown criterion", in: ScoreInput{Values: map[string]float64{"charm": 3}}, code: CodeInvalid, field: "values.charm"},
		{name: "a negative count", in: in(false, -1, 6), code: CodeInvalid, field: "seq"},
		{name: "a long comment", in: ScoreInput{Comment: strings.Repeat("é", maxCommentRunes+1)}, code: CodeInvalid, field: "comment"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, asg, rd := judge, a, r
			if tc.u.ID != 0 {
				u = tc.u
			}
			if tc.a.ID != 0 {
				asg = tc.a
			}
			if tc.r.ID != 0 {
				rd = tc.r
			}
			d, err := DecideScore(u, asg, rd, tc.prev, tc.in, now)
			if tc.code != "" {
				if ErrorCode(err) != tc.code {
					t.Fatalf("want %s, got %v", tc.code, err)
				}
				if tc.field != "" && !strings.Contains(err.Error(), tc.field) {
					t.Fatalf("want a problem naming %s, got %v", tc.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Keep != tc.keep {
				t.Fatalf("keep = %v, want %v", d.Keep, tc.keep)
			}
			if tc.keep && d.Next.UpdatedAt != tc.prev.UpdatedAt {
				t.Fatal("a kept save must answer with the stored sheet")
			}
			if !tc.keep && !d.Next.UpdatedAt.Equal(stamp) {
				t.Fatalf("updated_at = %v, want %v (as stored: microseconds)", d.Next.UpdatedAt, stamp)
			}
			if d.Next.Seq != tc.wantSeq || d.Next.Final != tc.wantFin || d.Next.Values["impact"] != tc.wantImpc {
				t.Fatalf("got seq %d final %v impact %v, want %d %v %v", d.Next.Seq, d.Next.Final, d.Next.Values["impact"], tc.wantSeq, tc.wantFin, tc.wantImpc)
			}
			if d.Next.Final != (d.Next.SubmittedAt != nil) {
				t.Fatalf("final %v with submitted_at %v", d.Next.Final, d.Next.SubmittedAt)
			}
		})
	}
}

func TestDecideReopen(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	at := now.Add(-time.Hour)
	final := &ScoreSheet{AssignmentID: 3, Final: true, SubmittedAt: &at, Seq: 4, Values: map[string]float64{"impact": 5}}
	cases := []struct {
		name string
		prev *ScoreSheet
		ok   bool
	}{
		{name: "submitted scores become a draft", prev: final, ok: true},
		{name: "a draft is not submitted", prev: &ScoreSheet{AssignmentID: 3}},
		{name: "no scores at all", prev: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := DecideReopen(tc.prev, now)
			if !tc.ok {
				if ErrorCode(err) != CodeConflict {
					t.Fatalf("want conflict, got %v", err)
				}
				return
			}
			if err != nil || s.Final || s.SubmittedAt != nil || !s.UpdatedAt.Equal(now) || s.Seq != 4 || s.Values["impact"] != 5 {
				t.Fatalf("got %+v, %v", s, err)
			}
			if !tc.prev.Final {
				t.Fatal("the stored sheet must not change")
			}
		})
	}
}

func TestBuildReceipt(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 987654321, time.UTC)
	c := Contest{Form: []FormField{{Key: "url", Label: "Demo", Type: "url", Required: true}},
		Files: []FileSlot{{Key: "video", Required: false}, {Key: "deck", Required: true}}}
	draft := Submission{ID: 9, Title: "Owls", Abstract: "Night birds", Fields: map[string]string{"url": "https://example.org"}, CurrentVersion: 2}
	deck := SubmissionFile{ID: "f-deck", Slot: "deck", Filename: "deck.pdf", Size: 10, SHA256: "ab", Status: FileStored}
	video := SubmissionFile{ID: "f-video", Slot: "video", Filename: "v.mp4", Size: 20, SHA256: "cd", Status: FileStored}
	pending := SubmissionFile{ID: "f-new", Slot: "deck", Filename: "new.pdf", Status: "pending"}
	cases := []struct {
		name     string
		draft    Submission
		files    []SubmissionFile
		warnings map[string][]string
		field    string
		slots    string
	}{
		{name: "the next version, files in slot order with their findings", draft: draft, files: []SubmissionFile{video, deck, pending},
			warnings: map[string][]string{"f-deck": {"pages: too long"}}, slots: "deck,video"},
		{name: "an optional slot may be empty", draft: draft, files: []SubmissionFile{deck}, slots: "deck"},
		{name: "a required file is missing (pending does not count)", draft: draft, files: []SubmissionFile{pending}, field: "files.deck"},
		{name: "no title", draft: Submission{ID: 9, Fields: draft.Fields}, files: []SubmissionFile{deck}, field: "title"},
		{name: "a required answer is missing", draft: Submission{ID: 9, Title: "Owls"}, files: []SubmissionFile{deck}, field: "fields.url"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := BuildReceipt(c, 4, tc.draft, tc.files, tc.warnings, now)
			if tc.field != "" {
				if ErrorCode(err) != CodeInvalid || !strings.Contains(err.Error(), tc.field) {
					t.Fatalf("want invalid naming %s, got %v", tc.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var slots []string
			for _, f := range r.Files {
				slots = append(slots, f.Slot)
			}
			if strings.Join(slots, ",") != tc.slots || r.Version != 3 || r.TeamID != 4 || r.SubmissionID != 9 || !r.SubmittedAt.Equal(now.Truncate(time.Microsecond)) {
				t.Fatalf("got %+v", r)
			}
			if r.Digest != ComputeDigest(r) {
				t.Fatal("the digest must cover the receipt")
			}
			if w := tc.warnings["f-deck"]; len(w) > 0 && strings.Join(r.Files[0].Warnings, "|") != strings.Join(w, "|") {
				t.Fatalf("warnings %v, want %v", r.Files[0].Warnings, w)
			}
		})
	}
}

func TestSameEntry(t *testing.T) {
	base := Receipt{SubmissionID: 9, TeamID: 4, Version: 3, SubmittedAt: time.Unix(100, 0), Title: "Owls", Fields: map[string]string{"url": "x"},
		Files: []ReceiptFile{{FileID: "f", Slot: "deck", SHA256: "ab"}}}
	base.Digest = ComputeDigest(base)
	later := base
	later.Version, later.SubmittedAt = 4, time.Unix(200, 0)
	later.Digest = ComputeDigest(later)
	otherFile := later
	otherFile.Files = []ReceiptFile{{FileID: "g", Slot: "deck", SHA256: "cd"}}
	otherTitle := later
	otherTitle.Title = "Larks"
	cases := []struct {
		name string
		b    Receipt
		want bool
	}{
		{name: "another version at another time of the same entry", b: later, want: true},
		{name: "another file", b: otherFile},
		{name: "another title", b: otherTitle},
	}
	for _, tc := range cases {
		if got := SameEntry(base, tc.b); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestOptimistic(t *testing.T) {
	cases := []struct {
		name   string
		losses int
		code   Code
	}{
		{name: "written at once", losses: 0},
		{name: "written after losing races", losses: optimisticAttempts - 1},
		{name: "always overtaken", losses: optimisticAttempts, code: CodeConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tries, sawLost := 0, 0
			v, err := optimistic(context.Background(), "the thing", func(lost bool) (int, bool, error) {
				if lost {
					sawLost++
				}
				tries++
				return tries, tries > tc.losses, nil
			})
			if tc.code != "" {
				if ErrorCode(err) != tc.code || !strings.Contains(err.Error(), "the thing") {
					t.Fatalf("want %s naming the thing, got %v", tc.code, err)
				}
				return
			}
			if err != nil || v != tc.losses+1 || sawLost != tc.losses {
				t.Fatalf("got %d after %d lost, %v", v, sawLost, err)
			}
		})
	}
}

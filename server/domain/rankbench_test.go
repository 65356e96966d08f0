package domain

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// nationalRound is a synthetic round of national size, as `podium seed
// --scale national` makes its first round: 10,000 entries in 12 tracks,
// 500 judges each in one track, 3 judges an entry, every sheet submitted,
// three criteria scored 1–10 by judges with their own bias.
func nationalRound() (Round, *passStore) {
	rng := rand.New(rand.NewPCG(22, 7))
	r := Round{ID: 1, ContestID: 1, JudgesPerEntry: 3, Method: "calibrated", ScoresRevision: 1,
		Rubric: []RubricItem{{ID: "innovation", Weight: 3, Min: 1, Max: 10}, {ID: "impact", Weight: 2, Min: 1, Max: 10},
			{ID: "feasibility", Weight: 1, Min: 1, Max: 10}}}
	st := &passStore{}
	const tracks, judges = 12, 500
	bias := make([]float64, judges)
	for j := range judges {
		st.judges = append(st.judges, JudgeInfo{UserID: int64(100000 + j), Email: fmt.Sprintf("judge%d@national.example", j)})
		bias[j] = rng.NormFloat64()
	}
	perTrack := judges / tracks
	for i := range 10000 {
		id := int64(1 + i)
		t := i % tracks
		st.entries = append(st.entries, Entry{SubmissionID: id, TeamID: 50000 + id, TeamName: fmt.Sprintf("Team %d", i),
			Track: fmt.Sprintf("track-%02d", t+1), Title: fmt.Sprintf("Entry %d", i)})
		quality := 5 + 2*rng.NormFloat64()
		first := rng.IntN(perTrack)
		for k := range 3 {
			j := t*perTrack + (first+k*7)%perTrack
			aid := id*10 + int64(k)
			st.active = append(st.active, Assignment{ID: aid, SubmissionID: id, JudgeID: int64(100000 + j)})
			v := func() float64 { return min(10, max(1, float64(int(quality+bias[j]+rng.NormFloat64())))) }
			st.scores = append(st.scores, ScoreSheet{AssignmentID: aid, RoundID: r.ID, JudgeID: int64(100000 + j), SubmissionID: id,
				Values: map[string]float64{"innovation": v(), "impact": v(), "feasibility": v()}, Comment: "Solid work.", Final: true})
		}
	}
	return r, st
}

// BenchmarkRoundViewsNational builds every plain view of a national round
// (the whole round's and its 12 tracks') from its sheets in memory: the
// server's own CPU in a cold ranking, without the reads' wait.
func BenchmarkRoundViewsNational(b *testing.B) {
	r, st := nationalRound()
	j := &Judging{Store: st}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		views, err := j.computeViews(ctx, r, "", nil, true, nil)
		if err != nil || len(views) != 13 || len(views[""].Entries) != 10000 {
			b.Fatalf("%v: %d views", err, len(views))
		}
	}
}

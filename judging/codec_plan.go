package judging

import (
	"encoding/json"
	"fmt"
)

// wirePlan is the JSON form of PlanInput: the fields of the rank input plus
// the planning fields.
type wirePlan struct {
	RankInput
	Budget    *int              `json:"budget"`
	Judges    []PlanJudge       `json:"judges"`
	Conflicts []json.RawMessage `json:"conflicts"`
	Affinity  []json.RawMessage `json:"affinity"`
	TrackRule TrackRule         `json:"track_rule"`
}

// DecodePlanInput parses the JSON input of "podium judge plan-reviews":
// the "podium judge rank" fields (cuts required) plus "budget",
// "judges" ([{"id", "capacity", "tracks"}]), "conflicts" ([judge, entry]
// pairs), "affinity" ([judge, entry, value] triples) and "track_rule".
// Errors are *InputError.
func DecodePlanInput(data []byte) (PlanInput, error) {
	var w wirePlan
	if err := decodeStrict(data, &w); err != nil {
		return PlanInput{}, err
	}
	if w.Budget == nil {
		return PlanInput{}, invalid("budget", "is required")
	}
	in := PlanInput{Rank: w.RankInput, Budget: *w.Budget, Judges: w.Judges, TrackRule: w.TrackRule}
	for i, raw := range w.Conflicts {
		var c []string
		if err := json.Unmarshal(raw, &c); err != nil || len(c) != 2 {
			return PlanInput{}, invalid(fmt.Sprintf("conflicts[%d]", i), "want [judge, entry]")
		}
		in.Conflicts = append(in.Conflicts, PlanPair{Judge: c[0], Entry: c[1]})
	}
	for i, raw := range w.Affinity {
		var a []json.RawMessage
		var t PlanAffinity
		if json.Unmarshal(raw, &a) != nil || len(a) != 3 ||
			json.Unmarshal(a[0], &t.Judge) != nil || json.Unmarshal(a[1], &t.Entry) != nil || json.Unmarshal(a[2], &t.Value) != nil {
			return PlanInput{}, invalid(fmt.Sprintf("affinity[%d]", i), "want [judge, entry, value]")
		}
		in.Affinity = append(in.Affinity, t)
	}
	return in, nil
}

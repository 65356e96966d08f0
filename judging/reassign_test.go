package judging

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// dropJudge removes judge d from in, renumbering the pairs that refer to
// judges after it.
func dropJudge(in AssignInput, d int32) AssignInput {
	out := in
	out.Judges = slices.Delete(slices.Clone(in.Judges), int(d), int(d)+1)
	renumber := func(p Pair) Pair {
		if p.Judge > d {
			p.Judge--
		}
		return p
	}
	out.Conflicts, out.Affinity = nil, nil
	for _, c := range in.Conflicts {
		if c.Judge != d {
			out.Conflicts = append(out.Conflicts, renumber(c))
		}
	}
	for _, a := range in.Affinity {
		if a.Judge != d {
			out.Affinity = append(out.Affinity, Affinity{Pair: renumber(a.Pair), Value: a.Value})
		}
	}
	return out
}

// reassignCase returns a feasible medium problem with slack, and its
// optimal assignment.
func reassignCase(t *testing.T) (AssignInput, *AssignResult) {
	rng := rand.New(rand.NewPCG(21, 22))
	for {
		in := randomMedium(rng)
		for j := range in.Judges {
			in.Judges[j].MinLoad = 0
			in.Judges[j].MaxLoad += 3
		}
		if res, err := Assign(in); err == nil {
			return in, res
		}
	}
}

// checkKept asserts that every pair of prev whose judge is in in and not
// conflicted survives in res, and that exactly the entries that lost a judge
// are reported as changed.
func checkKept(t *testing.T, in *AssignInput, prev []Assignment, res *AssignResult, lost map[string]bool) {
	t.Helper()
	verifyAssignment(t, in, res)
	for i, a := range prev {
		for _, j := range a.Judges {
			if lost[a.Entry+"/"+j] {
				if slices.Contains(res.Assignments[i].Judges, j) {
					t.Fatalf("entry %s kept judge %s, which it should have lost", a.Entry, j)
				}
				continue
			}
			if !slices.Contains(res.Assignments[i].Judges, j) {
				t.Fatalf("entry %s lost judge %s although the pair is still allowed", a.Entry, j)
			}
		}
	}
	var want []string
	for _, a := range prev {
		for _, j := range a.Judges {
			if lost[a.Entry+"/"+j] {
				want = append(want, a.Entry)
				break
			}
		}
	}
	if !reflect.DeepEqual(res.Changed, want) {
		t.Fatalf("changed = %v, want %v", res.Changed, want)
	}
}

func TestReassignAfterJudgeDropsOut(t *testing.T) {
	in, prev := reassignCase(t)
	const d = 2
	gone := in.Judges[d].ID
	lost := map[string]bool{}
	for _, a := range prev.Assignments {
		if slices.Contains(a.Judges, gone) {
			lost[a.Entry+"/"+gone] = true
		}
	}
	if len(lost) == 0 {
		t.Fatal("the dropped judge had no entries; the test proves nothing")
	}
	in2 := dropJudge(in, d)
	res, err := Reassign(in2, prev.Assignments)
	if err != nil {
		t.Fatal(err)
	}
	checkKept(t, &in2, prev.Assignments, res, lost)
}

func TestReassignAfterNewConflict(t *testing.T) {
	in, prev := reassignCase(t)
	a := prev.Assignments[5]
	j := slices.IndexFunc(in.Judges, func(jd Judge) bool { return jd.ID == a.Judges[0] })
	in.Conflicts = append(slices.Clone(in.Conflicts), Pair{Judge: int32(j), Entry: 5})
	res, err := Reassign(in, prev.Assignments)
	if err != nil {
		t.Fatal(err)
	}
	checkKept(t, &in, prev.Assignments, res, map[string]bool{a.Entry + "/" + a.Judges[0]: true})
}

func TestReassignUnchangedInputKeepsEverything(t *testing.T) {
	in, prev := reassignCase(t)
	res, err := Reassign(in, prev.Assignments)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Assignments, prev.Assignments) || len(res.Changed) != 0 {
		t.Fatalf("reassigning an untouched round changed it: %v", res.Changed)
	}
}

func TestReassignRejectsRepeatedEntry(t *testing.T) {
	in, prev := reassignCase(t)
	_, err := Reassign(in, append(prev.Assignments, prev.Assignments[0]))
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "keep.assignments["+itoa(len(prev.Assignments))+"].entry" {
		t.Fatalf("err = %v", err)
	}
}

func TestReassignInfeasibleWhenKeptPairsBlock(t *testing.T) {
	in := AssignInput{K: 1, Entries: []Entry{{ID: "a"}, {ID: "b"}},
		Judges: []Judge{{ID: "x", MaxLoad: 1}, {ID: "y", MaxLoad: 1}, {ID: "z", MinLoad: 1, MaxLoad: 1}}}
	prev := []Assignment{{Entry: "a", Judges: []string{"x"}}, {Entry: "b", Judges: []string{"y"}}}
	_, err := Reassign(in, prev)
	var inf *InfeasibleError
	if !errors.As(err, &inf) {
		t.Fatalf("err = %v, want *InfeasibleError (z's min_load needs a kept pair moved)", err)
	}
}

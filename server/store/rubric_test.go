package store

import (
	"fmt"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// The rubric memo answers what decoding would, gives every caller a copy
// of its own, tells an empty rubric from none, keeps refusing bad JSON,
// and stays bounded.
func TestRubricMemo(t *testing.T) {
	memo := &rubricMemo{m: map[string][]domain.RubricItem{}}
	raw := []byte(`[{"id":"impact","label":"Impact","weight":2,"min":0,"max":10}]`)
	want := domain.RubricItem{ID: "impact", Label: "Impact", Weight: 2, Min: 0, Max: 10}
	for i := range 2 {
		got, err := memo.decode(raw)
		if err != nil || len(got) != 1 || got[0] != want {
			t.Fatalf("decode %d: %+v, %v", i, got, err)
		}
		got[0].Max = 99 // a caller's change must not reach the next caller
	}
	if empty, err := memo.decode([]byte(`[]`)); err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("empty rubric: %#v, %v", empty, err)
	}
	if none, err := memo.decode([]byte(`null`)); err != nil || none != nil {
		t.Fatalf("no rubric: %#v, %v", none, err)
	}
	for range 2 {
		if _, err := memo.decode([]byte(`[{"id":`)); err == nil {
			t.Fatal("bad JSON decoded")
		}
	}
	for i := range 3 * maxRubrics {
		if _, err := memo.decode(fmt.Appendf(nil, `[{"id":"c%d"}]`, i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(memo.m); n > maxRubrics {
		t.Fatalf("memo holds %d rubrics, at most %d", n, maxRubrics)
	}
}

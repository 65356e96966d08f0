package domain

import "testing"

// TestProgressDue: an export writes its progress about a hundred times
// whatever its size (every 10 teams for small ones), and always at the end.
func TestProgressDue(t *testing.T) {
	for _, c := range []struct{ total, writes int }{{5, 1}, {10, 1}, {95, 10}, {1000, 100}, {10000, 100}, {20001, 101}} {
		writes := 0
		for done := 1; done <= c.total; done++ {
			if progressDue(done, c.total) {
				writes++
			}
		}
		if writes != c.writes || !progressDue(c.total, c.total) {
			t.Errorf("%d teams: %d progress writes, want %d", c.total, writes, c.writes)
		}
	}
}

package api

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/podium-contests/podium/server/domain"
)

// TestEncodeJSONMatchesStdlib: the API's encoder writes the bytes
// encoding/json writes for the kinds of values the API answers with:
// times (UTC, zoned, nil pointers), escaped HTML and non-ASCII text, raw
// JSON with spaces, sorted map keys, floats at the edges of their
// formats, omitempty, embedded structs and nil slices.
func TestEncodeJSONMatchesStdlib(t *testing.T) {
	at := time.Date(2026, 12, 8, 1, 2, 3, 456789000, time.UTC)
	shanghai := at.In(time.FixedZone("CST", 8*3600))
	team := domain.TeamListItem{
		Team: domain.Team{ID: 7, ContestSlug: "national", Track: "ai", Name: `<Team & "Co">  测试 ☃ \u2028`,
			CreatedAt: at, Deadline: shanghai, DeadlineExtension: &shanghai,
			Members: []domain.TeamMember{{UserID: 1, Name: "Ann", Email: "ann@example.org", Captain: true, JoinedAt: at}}},
		Version: 2, SubmittedAt: &at, Submitted: true, FlaggedFiles: 0,
	}
	values := []any{
		fiber.Map{"data": fiber.Map{"items": []domain.TeamListItem{team, {}}, "next_after": int64(7)}},
		fiber.Map{"data": json.RawMessage(`{ "b" : [1, 2.50, "x<y"],  "a": null }`)},
		map[string]float64{"z": 0.1, "a": 1e21, "m": 1e-7, "n": math.Copysign(0, -1), "p": 123456789.125, "q": math.MaxFloat64, "r": 5e-324},
		[]float32{0.1, 1e21, 3.4e38},
		struct {
			A []int          `json:"a"`
			B map[string]any `json:"b,omitempty"`
			C *time.Time     `json:"c"`
			D []byte         `json:"d"`
		}{D: []byte("bytes\x00")},
	}
	for i, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeJSON(v)
		if err != nil {
			t.Fatalf("value %d: %v", i, err)
		}
		if string(got) != string(want) {
			t.Errorf("value %d:\n got %s\nwant %s", i, got, want)
		}
	}
	if _, err := encodeJSON(math.NaN()); err == nil {
		t.Error("NaN encoded; encoding/json refuses it")
	}
}

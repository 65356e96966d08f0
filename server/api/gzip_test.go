package api

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"testing"
)

// TestRankingPageGzipped: a page of a ranking (kept compressed with its
// view) goes compressed to a client that asks for gzip, and as the same
// JSON, plain, to one that does not ask or refuses it; the whole ranking
// (never kept) is plain.
func TestRankingPageGzipped(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 3, 2)
	f.createRound(t, 1, "mean", false)
	round := fmt.Sprintf("/api/v1/rounds/%d", f.round.ID)
	mustStatus(t, f.admin.do("POST", round+"/assign", map[string]any{}), 200)
	page := round + "/ranking?limit=2&offset=1"
	plain := f.admin.do("GET", page, nil)
	mustStatus(t, plain, 200)
	if plain.Header.Get("Content-Encoding") != "" || !bytes.HasPrefix(plain.Body, []byte(`{"data":{`)) {
		t.Fatalf("without Accept-Encoding: %q %.40s", plain.Header.Get("Content-Encoding"), plain.Body)
	}
	for _, accept := range []string{"gzip", "gzip, deflate, br", "br;q=1, gzip;q=0.5", "identity", "gzip;q=0", "br"} {
		f.admin.headers["Accept-Encoding"] = accept
		r := f.admin.do("GET", page, nil)
		mustStatus(t, r, 200)
		body := r.Body
		wantGzip := accept != "identity" && accept != "gzip;q=0" && accept != "br"
		if got := r.Header.Get("Content-Encoding") == "gzip"; got != wantGzip {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q", accept, r.Header.Get("Content-Encoding"))
		}
		if wantGzip {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(body, plain.Body) || r.Header.Get("Vary") == "" {
			t.Fatalf("Accept-Encoding %q: %s (Vary %q), want %s", accept, body, r.Header.Get("Vary"), plain.Body)
		}
	}
	f.admin.headers["Accept-Encoding"] = "gzip"
	whole := f.admin.do("GET", round+"/ranking", nil)
	mustStatus(t, whole, 200)
	if whole.Header.Get("Content-Encoding") != "" || !bytes.HasPrefix(whole.Body, []byte(`{"data":{`)) {
		t.Fatalf("the whole ranking: %q %.40s", whole.Header.Get("Content-Encoding"), whole.Body)
	}
}

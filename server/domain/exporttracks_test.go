package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestExportTracks(t *testing.T) {
	c := Contest{Tracks: []Track{{Slug: "energy"}, {Slug: "health"}, {Slug: "mobility"}}}
	all := Scope{All: true}
	lead := Scope{Tracks: []string{"energy", "health"}}
	cases := []struct {
		name  string
		sc    Scope
		track string
		want  string // the tracks, or the invalid field's message
	}{
		{"organizer, whole contest", all, "", "[]"},
		{"organizer, one track", all, "mobility", "[mobility]"},
		{"organizer, unknown track", all, "space", "is not a track of this contest"},
		{"track lead, their tracks", lead, "", "[energy health]"},
		{"track lead, one of theirs", lead, "health", "[health]"},
		{"track lead, another track", lead, "mobility", "is not one of the tracks you lead"},
		{"track lead, unknown track", lead, "space", "is not a track of this contest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ExportTracks(c, tc.sc, tc.track)
			out := fmt.Sprint(got)
			if err != nil {
				var de *Error
				if !errors.As(err, &de) || de.Code != CodeInvalid {
					t.Fatalf("error %v, want invalid", err)
				}
				out = de.Fields["track"].Message
			}
			if out != tc.want {
				t.Fatalf("got %q, want %q", out, tc.want)
			}
		})
	}
}

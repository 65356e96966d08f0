package domain

import (
	"errors"
	"strings"
	"testing"
)

func TestMemberFilterCheck(t *testing.T) {
	cases := []struct {
		name string
		in   MemberFilter
		want MemberFilter
		bad  string // the field named by the error; "" when valid
	}{
		{"no filter", MemberFilter{}, MemberFilter{}, ""},
		{"organizers", MemberFilter{Role: "organizer"}, MemberFilter{Role: "organizer"}, ""},
		{"track leads", MemberFilter{Role: "track_lead"}, MemberFilter{Role: "track_lead"}, ""},
		{"judges, spaces trimmed", MemberFilter{Role: " judge ", Query: "  ada "}, MemberFilter{Role: "judge", Query: "ada"}, ""},
		{"invitations", MemberFilter{Role: "invited"}, MemberFilter{Role: "invited"}, ""},
		{"participants are not staff", MemberFilter{Role: "participant"}, MemberFilter{}, "role"},
		{"unknown role", MemberFilter{Role: "Judge"}, MemberFilter{}, "role"},
		{"200 characters", MemberFilter{Query: strings.Repeat("é", 200)}, MemberFilter{Query: strings.Repeat("é", 200)}, ""},
		{"201 characters", MemberFilter{Query: strings.Repeat("a", 201)}, MemberFilter{}, "q"},
		{"NUL", MemberFilter{Query: "a\x00b"}, MemberFilter{}, "q"},
		{"invalid UTF-8", MemberFilter{Query: "a\xffb"}, MemberFilter{}, "q"},
	}
	for _, tc := range cases {
		got, err := tc.in.Check()
		if tc.bad == "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: got %+v, %v; want %+v", tc.name, got, err, tc.want)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeInvalid || len(e.Fields) != 1 || e.Fields[tc.bad].Message == "" {
			t.Errorf("%s: got %v, want an invalid %s", tc.name, err, tc.bad)
		}
	}
}

package domain

import (
	"strings"
	"testing"
)

func TestRoleConflict(t *testing.T) {
	const who = "alice@x.org"
	cases := []struct {
		name    string
		st      Standing
		want    Role
		joining bool
		code    Code   // "" when allowed
		says    string // part of the message
	}{
		{"nobody yet becomes a judge", Standing{}, RoleJudge, false, "", ""},
		{"nobody yet enters", Standing{}, RoleParticipant, false, "", ""},
		{"a judge again (tracks change)", Standing{Roles: []Role{RoleJudge}}, RoleJudge, false, "", ""},
		{"a team member cannot judge", Standing{Team: "Rocket"}, RoleJudge, false, CodeConflict, who + " is a member of team Rocket in this contest"},
		{"a team member cannot organize", Standing{Team: "Rocket"}, RoleOrganizer, false, CodeConflict, "team Rocket"},
		{"who left a team after it submitted cannot judge", Standing{LeftTeam: "Rocket"}, RoleJudge, false, CodeConflict, "team Rocket"},
		{"an organizer cannot judge", Standing{Roles: []Role{RoleOrganizer}}, RoleJudge, false, CodeConflict, "is an organizer of this contest"},
		{"a judge cannot organize", Standing{Roles: []Role{RoleJudge}}, RoleOrganizer, false, CodeConflict, "is a judge of this contest"},
		{"invited as organizer cannot be invited as judge", Standing{Invited: []Role{RoleOrganizer}}, RoleJudge, false, CodeConflict, "invited as organizer"},
		{"invited as judge again", Standing{Invited: []Role{RoleJudge}}, RoleJudge, false, "", ""},
		{"a judge cannot enter", Standing{Roles: []Role{RoleJudge}}, RoleParticipant, false, CodeForbidden, "judges cannot enter"},
		{"an organizer cannot enter", Standing{Roles: []Role{RoleOrganizer}}, RoleParticipant, true, CodeForbidden, "organizers cannot enter"},
		{"a platform admin cannot judge", Standing{PlatformAdmin: true}, RoleJudge, false, CodeConflict, "cannot judge"},
		{"a platform admin may be named organizer", Standing{PlatformAdmin: true}, RoleOrganizer, false, "", ""},
		{"a platform admin cannot enter", Standing{PlatformAdmin: true}, RoleParticipant, false, CodeForbidden, "platform admin"},
		{"a member cannot create a second team", Standing{Team: "Rocket"}, RoleParticipant, false, CodeConflict, "already a member of team Rocket"},
		{"a member cannot join a second team", Standing{Team: "Rocket"}, RoleParticipant, true, CodeConflict, "already a member of team Rocket"},
		{"who left after a submission cannot create a team", Standing{LeftTeam: "Rocket"}, RoleParticipant, false, CodeConflict, "left team Rocket after it submitted"},
		// Joining: only the team they left takes them back (the database
		// knows which team the invite code opens).
		{"who left after a submission may ask to join", Standing{LeftTeam: "Rocket"}, RoleParticipant, true, "", ""},
		{"a track lead cannot judge", Standing{Roles: []Role{RoleTrackLead}}, RoleJudge, false, CodeConflict, "is a track lead of this contest"},
		{"an organizer cannot lead a track", Standing{Roles: []Role{RoleOrganizer}}, RoleTrackLead, false, CodeConflict, "is an organizer"},
		{"a track lead again (tracks change)", Standing{Roles: []Role{RoleTrackLead}}, RoleTrackLead, false, "", ""},
		{"a track lead cannot enter", Standing{Roles: []Role{RoleTrackLead}}, RoleParticipant, false, CodeForbidden, "track leads cannot enter"},
		{"a platform admin cannot lead a track", Standing{PlatformAdmin: true}, RoleTrackLead, false, CodeConflict, "cannot lead a track"},
		{"a team member cannot lead a track", Standing{Team: "Rocket"}, RoleTrackLead, false, CodeConflict, "team Rocket"},
		{"participant is not a role to add", Standing{}, Role("captain"), false, CodeInvalid, "role"},
	}
	for _, tc := range cases {
		tc.st.Email = who
		err := RoleConflict(tc.st, tc.want, tc.joining)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v (%s), want %s", tc.name, err, ErrorCode(err), tc.code)
			continue
		}
		msg := err.Error()
		if de, ok := err.(*Error); ok {
			msg = de.Message + " " + strings.Join(mapValues(de.Fields), " ")
		}
		if !strings.Contains(msg, tc.says) {
			t.Errorf("%s: message %q does not say %q", tc.name, msg, tc.says)
		}
	}
}

func mapValues(m Fields) []string {
	var out []string
	for _, v := range m {
		out = append(out, v.Message)
	}
	return out
}

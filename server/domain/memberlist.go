package domain

import (
	"strings"
	"unicode/utf8"
)

// MembersInvited is the members list's role filter for pending
// invitations (of any role), as opposed to the accounts holding a role.
const MembersInvited = "invited"

// MemberFilter narrows a contest's members list (organizers, track leads,
// judges and pending invitations), which is paged like the team list
// (Page: after a cursor, at most Limit rows).
//
// The list's order is stable: accounts first, by role (organizers, track
// leads, judges), then invitations by role, each group by id (of the
// account or of the invitation). The store gives every row its place in
// that order as Member.Cursor, the `after` of the next page; an organizer
// finds a person by Query rather than by scrolling.
type MemberFilter struct {
	// Role is RoleOrganizer, RoleTrackLead or RoleJudge (the accounts
	// holding it), MembersInvited (the pending invitations), or "" for all.
	Role string
	// Query matches part of a person's name or e-mail address, ignoring
	// case ("" for all).
	Query string
}

// maxMemberQuery bounds the members list's search text.
const maxMemberQuery = 200

// Check trims the filter and checks it, naming the query parameter of a
// bad value (role, q).
func (f MemberFilter) Check() (MemberFilter, error) {
	f.Role, f.Query = strings.TrimSpace(f.Role), strings.TrimSpace(f.Query)
	bad := Fields{}
	switch Role(f.Role) {
	case "", RoleOrganizer, RoleTrackLead, RoleJudge, MembersInvited:
	default:
		bad.Add("role", "must be organizer, track_lead, judge or invited")
	}
	if utf8.RuneCountInString(f.Query) > maxMemberQuery || !StorableText(f.Query) {
		bad.Add("q", "must be valid text of at most 200 characters")
	}
	return f, bad.Err()
}

package api

import (
	"github.com/podium-contests/podium/server/domain"

	"github.com/gofiber/fiber/v2"
)

// access says who may call a route; the OpenAPI document publishes it.
type access string

const (
	public    access = "public"
	signedIn  access = "user"
	adminOnly access = "admin"
	// organizer routes need an organizer of the contest (or a platform admin).
	organizer access = "organizer"
	// teamMember routes need a member of the team (organizers may read).
	teamMember access = "team"
)

// route is one API operation: how it is served and how it is documented.
// The OpenAPI document is built from this table, and a test checks that
// every route Fiber serves is in the document.
type route struct {
	Method  string
	Path    string // relative to /api/v1, with Fiber :params
	Summary string
	Tag     string
	Access  access
	Body    any // a value of the request body type, or nil
	Result  any // a value of the response data type, or nil
	Status  int // success status
	Handler fiber.Handler
}

// routes lists every /api/v1 operation.
func (s *server) routes() []route {
	return []route{
		{Method: "POST", Path: "/auth/register", Summary: "Create an account", Tag: "auth", Access: public,
			Body: domain.RegisterInput{}, Result: domain.User{}, Status: 201, Handler: s.register},
		{Method: "POST", Path: "/auth/login", Summary: "Sign in; sets the session cookie", Tag: "auth", Access: public,
			Body: loginInput{}, Result: loginResponse{}, Status: 200, Handler: s.login},
		{Method: "POST", Path: "/auth/logout", Summary: "Sign out", Tag: "auth", Access: public,
			Status: 200, Handler: s.logout},
		{Method: "GET", Path: "/me", Summary: "The caller, its CSRF token and its roles", Tag: "auth", Access: signedIn,
			Result: meResponse{}, Status: 200, Handler: s.me},
		{Method: "POST", Path: "/me/password", Summary: "Change the password; ends every other session", Tag: "auth", Access: signedIn,
			Body: domain.ChangePasswordInput{}, Result: loginResponse{}, Status: 200, Handler: s.changePassword},
		{Method: "GET", Path: "/me/tokens", Summary: "List personal API tokens", Tag: "auth", Access: signedIn,
			Result: []domain.APIToken{}, Status: 200, Handler: s.listTokens},
		{Method: "POST", Path: "/me/tokens", Summary: "Create a personal API token (shown once)", Tag: "auth", Access: signedIn,
			Body: tokenInput{}, Result: newToken{}, Status: 201, Handler: s.createToken},
		{Method: "DELETE", Path: "/me/tokens/:id", Summary: "Revoke a personal API token", Tag: "auth", Access: signedIn,
			Status: 200, Handler: s.deleteToken},
		{Method: "GET", Path: "/me/teams", Summary: "The caller's teams", Tag: "teams", Access: signedIn,
			Result: []domain.Team{}, Status: 200, Handler: s.myTeams},

		{Method: "POST", Path: "/contests", Summary: "Create a contest (platform admins); the creator organizes it", Tag: "contests", Access: adminOnly,
			Body: domain.ContestInput{}, Result: domain.Contest{}, Status: 201, Handler: s.createContest},
		{Method: "GET", Path: "/contests", Summary: "List contests (paginated: ?after=&limit=)", Tag: "contests", Access: public,
			Result: pageResult[domain.Contest]{}, Status: 200, Handler: s.listContests},
		{Method: "GET", Path: "/contests/:slug", Summary: "A contest's public description", Tag: "contests", Access: public,
			Result: domain.Contest{}, Status: 200, Handler: s.getContest},
		{Method: "PATCH", Path: "/contests/:slug", Summary: "Edit a contest (organizers); fields given replace the current ones", Tag: "contests", Access: organizer,
			Body: domain.ContestInput{}, Result: domain.Contest{}, Status: 200, Handler: s.patchContest},
		{Method: "POST", Path: "/contests/:slug/members", Summary: "Add an organizer or judge by e-mail (invites unknown addresses)", Tag: "contests", Access: organizer,
			Body: domain.MemberInput{}, Result: memberResult{}, Status: 201, Handler: s.addMember},
		{Method: "GET", Path: "/contests/:slug/members", Summary: "List organizers, judges and invitations", Tag: "contests", Access: organizer,
			Result: []domain.Member{}, Status: 200, Handler: s.listMembers},
		{Method: "GET", Path: "/contests/:slug/audit", Summary: "The contest's audit log (paginated)", Tag: "contests", Access: organizer,
			Result: pageResult[domain.AuditEntry]{}, Status: 200, Handler: s.listAudit},

		{Method: "POST", Path: "/contests/:slug/teams", Summary: "Create a team; the caller is captain", Tag: "teams", Access: signedIn,
			Body: domain.TeamInput{}, Result: domain.Team{}, Status: 201, Handler: s.createTeam},
		{Method: "POST", Path: "/contests/:slug/teams/join", Summary: "Join a team by invite code", Tag: "teams", Access: signedIn,
			Body: joinInput{}, Result: domain.Team{}, Status: 200, Handler: s.joinTeam},
		{Method: "GET", Path: "/contests/:slug/teams", Summary: "List a contest's teams (organizers, paginated)", Tag: "teams", Access: organizer,
			Result: pageResult[domain.Team]{}, Status: 200, Handler: s.listTeams},
		{Method: "GET", Path: "/teams/:id", Summary: "A team (members and organizers)", Tag: "teams", Access: teamMember,
			Result: domain.Team{}, Status: 200, Handler: s.getTeam},
		{Method: "POST", Path: "/teams/:id/leave", Summary: "Leave the team", Tag: "teams", Access: teamMember,
			Status: 200, Handler: s.leaveTeam},
		{Method: "DELETE", Path: "/teams/:id/members/:user_id", Summary: "Remove a member (captain)", Tag: "teams", Access: teamMember,
			Status: 200, Handler: s.removeTeamMember},
		{Method: "POST", Path: "/teams/:id/captain", Summary: "Hand the captaincy to another member (captain)", Tag: "teams", Access: teamMember,
			Body: captainInput{}, Result: domain.Team{}, Status: 200, Handler: s.handOver},
		{Method: "POST", Path: "/teams/:id/extension", Summary: "Grant the team its own deadline (organizers, audited)", Tag: "teams", Access: organizer,
			Body: domain.ExtensionInput{}, Result: domain.Team{}, Status: 200, Handler: s.grantExtension},

		{Method: "GET", Path: "/teams/:id/submission", Summary: "The team's draft, files and versions", Tag: "submissions", Access: teamMember,
			Result: domain.Submission{}, Status: 200, Handler: s.getSubmission},
		{Method: "PUT", Path: "/teams/:id/submission", Summary: "Save the draft (before the deadline)", Tag: "submissions", Access: teamMember,
			Body: domain.DraftInput{}, Result: domain.Submission{}, Status: 200, Handler: s.saveDraft},
		{Method: "POST", Path: "/teams/:id/submission/files", Summary: "Declare a file and get a presigned upload (POST, or MULTIPART above 100 MiB)", Tag: "submissions", Access: teamMember,
			Body: domain.FileInput{}, Result: domain.NewFile{}, Status: 201, Handler: s.createFile},
		{Method: "GET", Path: "/teams/:id/submission/files/:file_id", Summary: "Upload progress: parts stored and fresh URLs for the rest (resume)", Tag: "submissions", Access: teamMember,
			Result: domain.UploadState{}, Status: 200, Handler: s.resumeFile},
		{Method: "POST", Path: "/teams/:id/submission/files/:file_id/complete", Summary: "Finish an upload; the server verifies size, SHA-256 and type", Tag: "submissions", Access: teamMember,
			Body: domain.CompleteInput{}, Result: domain.SubmissionFile{}, Status: 200, Handler: s.completeFile},
		{Method: "POST", Path: "/teams/:id/submission/submit", Summary: "Submit the draft as a new version (Idempotency-Key header honoured)", Tag: "submissions", Access: teamMember,
			Result: receiptResult{}, Status: 201, Handler: s.submit},
		{Method: "GET", Path: "/teams/:id/submission/versions", Summary: "List submitted versions", Tag: "submissions", Access: teamMember,
			Result: []domain.VersionSummary{}, Status: 200, Handler: s.listVersions},
		{Method: "GET", Path: "/teams/:id/submission/versions/:version", Summary: "The receipt of one version", Tag: "submissions", Access: teamMember,
			Result: receiptResult{}, Status: 200, Handler: s.getVersion},
		{Method: "GET", Path: "/files/:file_id/download", Summary: "302 to a 5-minute presigned download served as an attachment", Tag: "submissions", Access: signedIn,
			Status: 302, Handler: s.downloadFile},
	}
}

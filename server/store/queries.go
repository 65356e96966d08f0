package store

// queries holds every SQL statement, loaded from queries/*.sql by name;
// each concern keeps its statements in its own embedded struct.
type queries struct {
	accountQueries
	contestQueries
	teamQueries
	submissionQueries
	judgingQueries
	jobQueries
	privacyQueries
	retentionQueries
	certificateQueries
	liveQueries
	ceremonyQueries
	seedQueries
	ssoQueries
	addressQueries
}

// addressQueries are the statements of queries/addresses.sql.
type addressQueries struct {
	ChangeEmail        string `query:"change-email"`
	ContestParticipant string `query:"contest-participant"`
}

// ssoQueries are the statements of queries/sso.sql.
type ssoQueries struct {
	ListOIDCProviders      string `query:"list-oidc-providers"`
	OIDCProviderBySlug     string `query:"oidc-provider-by-slug"`
	OIDCProviderByID       string `query:"oidc-provider-by-id"`
	InsertOIDCProvider     string `query:"insert-oidc-provider"`
	UpdateOIDCProvider     string `query:"update-oidc-provider"`
	DeleteOIDCProvider     string `query:"delete-oidc-provider"`
	CreateOIDCLogin        string `query:"create-oidc-login"`
	UseOIDCLogin           string `query:"use-oidc-login"`
	IdentityUser           string `query:"identity-user"`
	InsertIdentity         string `query:"insert-identity"`
	MarkVerifiedByProvider string `query:"mark-verified-by-provider"`
	UserByID               string `query:"user-by-id"`
	CreateSSOUser          string `query:"create-sso-user"`
	EraseIdentities        string `query:"erase-identities"`
	SignInWays             string `query:"sign-in-ways"`
	UnlinkIdentity         string `query:"unlink-identity"`
}

// ceremonyQueries are the statements of queries/ceremony.sql.
type ceremonyQueries struct {
	FinalSettings     string `query:"final-settings"`
	EnsureFinal       string `query:"ensure-final"`
	SaveFinalWeights  string `query:"save-final-weights"`
	SetFrozen         string `query:"set-frozen"`
	AddOverride       string `query:"add-override"`
	ListOverrides     string `query:"list-overrides"`
	RevokeOverride    string `query:"revoke-override"`
	EnsureCeremony    string `query:"ensure-ceremony"`
	CeremonyByContest string `query:"ceremony"`
	CeremonyByToken   string `query:"ceremony-by-token"`
	UpdateCeremony    string `query:"update-ceremony"`
	DuePublications   string `query:"due-publications"`
	EntryPhotos       string `query:"entry-photos"`
	AddSystemAudit    string `query:"add-system-audit"`
}

// retentionQueries are the statements of queries/retention.sql.
type retentionQueries struct {
	ContestRetention      string `query:"contest-retention"`
	SetContestRetention   string `query:"set-contest-retention"`
	ClearContestRetention string `query:"clear-contest-retention"`
	PurgeFiles            string `query:"purge-files"`
	PurgeExports          string `query:"purge-exports"`
	PurgeCounts           string `query:"purge-counts"`
	PurgeContest          string `query:"purge-contest"`
	RetentionDue          string `query:"retention-due"`
	MarkRetentionNotified string `query:"mark-retention-notified"`
}

// privacyQueries are the statements of queries/privacy.sql.
type privacyQueries struct {
	PersonalData         string `query:"personal-data"`
	ErasureTeams         string `query:"erasure-teams"`
	ErasureFiles         string `query:"erasure-files"`
	LastOrganizerOf      string `query:"last-organizer-of"`
	EraseSessions        string `query:"erase-sessions"`
	EraseTokens          string `query:"erase-tokens"`
	EraseEmailTokens     string `query:"erase-email-tokens"`
	EraseInvitations     string `query:"erase-invitations"`
	EraseRoles           string `query:"erase-roles"`
	EraseMemberships     string `query:"erase-memberships"`
	EraseDepartures      string `query:"erase-departures"`
	EraseSetCaptain      string `query:"erase-set-captain"`
	EraseTeams           string `query:"erase-teams"`
	EraseFiles           string `query:"erase-files"`
	EraseDraftScores     string `query:"erase-draft-scores"`
	EraseOpenAssignments string `query:"erase-open-assignments"`
	EraseConflicts       string `query:"erase-conflicts"`
	EraseInterests       string `query:"erase-interests"`
	EraseOutbox          string `query:"erase-outbox"`
	RedactOutbox         string `query:"redact-outbox"`
	EraseRateLimits      string `query:"erase-rate-limits"`
	RedactAudit          string `query:"redact-audit"`
	AllowAuditRedaction  string `query:"allow-audit-redaction"`
	EraseUser            string `query:"erase-user"`
}

// accountQueries are the statements of queries/accounts.sql.
type accountQueries struct {
	CreateUser               string `query:"create-user"`
	RegisterUser             string `query:"register-user"`
	CreateEmailToken         string `query:"create-email-token"`
	QueueAccountMail         string `query:"queue-account-mail"`
	UseEmailToken            string `query:"use-email-token"`
	MarkVerified             string `query:"mark-verified"`
	ResetPassword            string `query:"reset-password"`
	DeleteUserEmailTokens    string `query:"delete-user-email-tokens"`
	DeleteExpiredEmailTokens string `query:"delete-expired-email-tokens"`
	UserCredentials          string `query:"user-credentials"`
	SetPassword              string `query:"set-password"`
	SetAdmin                 string `query:"set-admin"`
	CreateSession            string `query:"create-session"`
	SessionsByHash           string `query:"sessions-by-hash"`
	TouchSession             string `query:"touch-session"`
	ProbeSessionsChannel     string `query:"probe-sessions-channel"`
	ProbeProgressChannel     string `query:"probe-progress-channel"`
	DeleteSession            string `query:"delete-session"`
	DeleteUserSessions       string `query:"delete-user-sessions"`
	DeleteExpiredSessions    string `query:"delete-expired-sessions"`
	CreateToken              string `query:"create-token"`
	TokenByHash              string `query:"token-by-hash"`
	TouchToken               string `query:"touch-token"`
	DeleteUserTokens         string `query:"delete-user-tokens"`
	DeleteExpiredTokens      string `query:"delete-expired-tokens"`
	ListTokens               string `query:"list-tokens"`
	DeleteToken              string `query:"delete-token"`
	UserRoles                string `query:"user-roles"`
	DeleteOldRateLimits      string `query:"delete-old-rate-limits"`
	CountUsers               string `query:"count-users"`
	SetUserLanguage          string `query:"set-user-language"`
	UserLanguage             string `query:"user-language"`
	LanguagesByEmail         string `query:"languages-by-email"`
}

// contestQueries are the statements of queries/contests.sql.
type contestQueries struct {
	InsertContest       string `query:"insert-contest"`
	UpdateContest       string `query:"update-contest"`
	UpsertTrack         string `query:"upsert-track"`
	DeleteUnusedTracks  string `query:"delete-unused-tracks"`
	CountRemovedTracks  string `query:"count-removed-tracks"`
	ContestBySlug       string `query:"contest-by-slug"`
	ContestByID         string `query:"contest-by-id"`
	ListContests        string `query:"list-contests"`
	ContestWithRoles    string `query:"contest-with-roles"`
	MemberRoles         string `query:"member-roles"`
	LeadTracks          string `query:"lead-tracks"`
	AddMember           string `query:"add-member"`
	AddInvitation       string `query:"add-invitation"`
	ListMembers         string `query:"list-members"`
	ListMembersPage     string `query:"list-members-page"`
	ClaimInvitations    string `query:"claim-invitations"`
	AcceptInvitation    string `query:"accept-invitation"`
	RevokeInvitation    string `query:"revoke-invitation"`
	RemoveContestMember string `query:"remove-contest-member"`
	CountOrganizers     string `query:"count-organizers"`
	AddAudit            string `query:"add-audit"`
	ListAudit           string `query:"list-audit"`
	AddMemberByID       string `query:"add-member-by-id"`
	OpenContest         string `query:"open-contest"`
	Standing            string `query:"standing"`
	CreateRoleLink      string `query:"create-role-link"`
	RoleLinks           string `query:"role-links"`
	RevokeRoleLink      string `query:"revoke-role-link"`
	RoleLinkByHash      string `query:"role-link-by-hash"`
	UseRoleLink         string `query:"use-role-link"`
}

// teamQueries are the statements of queries/teams.sql.
type teamQueries struct {
	InsertTeam            string `query:"insert-team"`
	InsertTeamMember      string `query:"insert-team-member"`
	InsertSubmission      string `query:"insert-submission"`
	LockTeamByCode        string `query:"lock-team-by-code"`
	TeamsAndContests      string `query:"teams-and-contests"`
	TeamByID              string `query:"team-by-id"`
	TeamsOfUser           string `query:"teams-of-user"`
	ListTeams             string `query:"list-teams"`
	ListTeamsAmong        string `query:"list-teams-among"`
	ListedTeams           string `query:"listed-teams"`
	MembersOfTeams        string `query:"members-of-teams"`
	TeamPreview           string `query:"team-preview"`
	LockTeam              string `query:"lock-team"`
	TeamSize              string `query:"team-size"`
	DeleteTeamMember      string `query:"delete-team-member"`
	DeleteParticipantRole string `query:"delete-participant-role"`
	AddParticipantRole    string `query:"add-participant-role"`
	DeleteTeam            string `query:"delete-team"`
	SetCaptain            string `query:"set-captain"`
	SetExtension          string `query:"set-extension"`
	LockContestPerson     string `query:"lock-contest-person"`
	RecordDeparture       string `query:"record-departure"`
}

// submissionQueries are the statements of queries/submissions.sql.
type submissionQueries struct {
	SubmissionByTeam     string `query:"submission-by-team"`
	DraftsForSubmit      string `query:"drafts-for-submit"`
	SaveDraft            string `query:"save-draft"`
	InsertFile           string `query:"insert-file"`
	FileByID             string `query:"file-by-id"`
	StoreFile            string `query:"store-file"`
	SetFileStatus        string `query:"set-file-status"`
	RecordFileDigests    string `query:"record-file-digests"`
	DraftFiles           string `query:"draft-files"`
	InsertVersions       string `query:"insert-versions"`
	InsertOutbox         string `query:"insert-outbox"`
	ListVersions         string `query:"list-versions"`
	Version              string `query:"version"`
	CleanupFiles         string `query:"cleanup-files"`
	AbandonStaleUpload   string `query:"abandon-stale-upload"`
	UploadUsage          string `query:"upload-usage"`
	AbandonSuperseded    string `query:"abandon-superseded"`
	SubmissionByID       string `query:"submission-by-id"`
	SaveFileCheck        string `query:"save-file-check"`
	AddCheckWarning      string `query:"add-check-warning"`
	FileChecks           string `query:"file-checks"`
	DuplicateFiles       string `query:"duplicate-files"`
	ContestHasBlindRound string `query:"contest-has-blind-round"`
	EntryTexts           string `query:"entry-texts"`
}

// judgingQueries are the statements of queries/judging.sql.
type judgingQueries struct {
	InsertRound            string `query:"insert-round"`
	RoundByID              string `query:"round-by-id"`
	ListRounds             string `query:"list-rounds"`
	JudgeIDsByEmail        string `query:"judge-ids-by-email"`
	CountRoundEntries      string `query:"count-round-entries"`
	FillFirstRound         string `query:"fill-first-round"`
	FillLaterRound         string `query:"fill-later-round"`
	RoundEntries           string `query:"round-entries"`
	RoundEntry             string `query:"round-entry"`
	RoundEntryMembers      string `query:"round-entry-members"`
	ContestJudges          string `query:"contest-judges"`
	DeclaredConflicts      string `query:"declared-conflicts"`
	AddDeclaredConflict    string `query:"add-declared-conflict"`
	RoundInterests         string `query:"round-interests"`
	DeleteInterests        string `query:"delete-interests"`
	InsertInterest         string `query:"insert-interest"`
	RoundAssignments       string `query:"round-assignments"`
	RoundAssignmentsPage   string `query:"round-assignments-page"`
	CountRoundScores       string `query:"count-round-scores"`
	DeleteRoundAssignments string `query:"delete-round-assignments"`
	InsertAssignment       string `query:"insert-assignment"`
	MarkAssigned           string `query:"mark-assigned"`
	RetireAssignment       string `query:"retire-assignment"`
	AssignmentRounds       string `query:"assignment-rounds"`
	AssignmentByID         string `query:"assignment-by-id"`
	JudgeAssignments       string `query:"judge-assignments"`
	JudgeAssignmentsAll    string `query:"judge-assignments-with-conflicts"`
	ScoresByAssignment     string `query:"scores-by-assignment"`
	WriteScores            string `query:"write-scores"`
	BumpScoresRevision     string `query:"bump-scores-revision"`
	NotifyProgress         string `query:"notify-progress"`
	RoundScores            string `query:"round-scores"`
	RankingScores          string `query:"ranking-scores"`
	ScoreHistory           string `query:"score-history"`
	CachedRanking          string `query:"cached-ranking"`
	CacheRanking           string `query:"cache-ranking"`
	ClearAdvanced          string `query:"clear-advanced"`
	SetAdvanced            string `query:"set-advanced"`
	DeleteAwards           string `query:"delete-awards"`
	InsertAward            string `query:"insert-award"`
	PublishResults         string `query:"publish-results"`
	SetAwardsOrder         string `query:"set-awards-order"`
	AwardsOrder            string `query:"awards-order"`
	ContestAwards          string `query:"contest-awards"`
	EntryVersion           string `query:"entry-version"`
	JudgeCanReadFile       string `query:"judge-can-read-file"`
	TeamFeedback           string `query:"team-feedback"`
	RoundProgress          string `query:"round-progress"`
}

// seedQueries are the statements of queries/seed.sql.
type seedQueries struct {
	ReserveIDs       string `query:"reserve-ids"`
	SeedUsers        string `query:"seed-users"`
	SeedParticipants string `query:"seed-participants"`
	SeedJudges       string `query:"seed-judges"`
	SeedTeams        string `query:"seed-teams"`
	SeedTeamMembers  string `query:"seed-team-members"`
	SeedSubmissions  string `query:"seed-submissions"`
	SeedFileChecks   string `query:"seed-file-checks"`
	SeedRoundEntries string `query:"seed-round-entries"`
	SeedAssignments  string `query:"seed-assignments"`
	SeedScores       string `query:"seed-scores"`
	SeedAudit        string `query:"seed-audit"`
	SeedAnalyze      string `query:"seed-analyze"`
}

// certificateQueries are the statements of queries/certificates.sql.
type certificateQueries struct {
	CertificateTemplate      string `query:"certificate-template"`
	SaveCertificateTemplate  string `query:"save-certificate-template"`
	CertificateRecipients    string `query:"certificate-recipients"`
	IssueCertificates        string `query:"issue-certificates"`
	RevokeStaleCertificates  string `query:"revoke-stale-certificates"`
	MarkCertificatesRendered string `query:"mark-certificates-rendered"`
	CertificateByCode        string `query:"certificate-by-code"`
	ListCertificates         string `query:"list-certificates"`
	CountCertificates        string `query:"count-certificates"`
	TeamCertificates         string `query:"team-certificates"`
	UserCertificates         string `query:"user-certificates"`
	RevokeCertificate        string `query:"revoke-certificate"`
	InsertCertificateRun     string `query:"insert-certificate-run"`
	CertificateRun           string `query:"certificate-run"`
	LatestCertificateRun     string `query:"latest-certificate-run"`
	StartCertificateRun      string `query:"start-certificate-run"`
	CertificateRunProgress   string `query:"certificate-run-progress"`
	FinishCertificateRun     string `query:"finish-certificate-run"`
	FailCertificateRun       string `query:"fail-certificate-run"`
}

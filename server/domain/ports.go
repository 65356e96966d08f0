package domain

import "context"

// The judging store's ports, by resource. The store (server/store)
// implements them all; a service names the ones it uses. Reads that several
// requests make at once are shared by the store (the domain does not know
// how); writes that must not lose a concurrent change are split into a read
// with a revision and a write if the revision is unchanged, and the domain
// retries (see optimistic).

// RoundStore persists rounds and their entries.
type RoundStore interface {
	CreateRound(ctx context.Context, r Round) (Round, error)
	RoundByID(ctx context.Context, id int64) (Round, error)
	ListRounds(ctx context.Context, contestID int64) ([]Round, error)
	// FillRoundEntries gives a round without entries its entries: the
	// contest's submitted entries (round 1) or the previous round's advanced
	// ones. A round with entries keeps them.
	FillRoundEntries(ctx context.Context, r Round) error
	// RoundEntries lists a round's entries with their people (for conflicts
	// of interest) and their active assignments counted (Entry.Active).
	RoundEntries(ctx context.Context, roundID int64) ([]Entry, error)
	// RankingEntries lists a round's entries as RoundEntries does, without
	// their people (a ranking does not show them).
	RankingEntries(ctx context.Context, roundID int64) ([]Entry, error)
	// RoundEntry reads one entry of a round: its version, team and track
	// (not its title, team name or people).
	RoundEntry(ctx context.Context, roundID, submissionID int64) (Entry, error)
	EntryVersion(ctx context.Context, submissionID int64, version int) (Receipt, error)
}

// AssignmentStore persists who judges which entry, and what the assignment
// weighs: the contest's judges, their declared conflicts and interests.
type AssignmentStore interface {
	JudgeIDsByEmail(ctx context.Context, contestID int64, emails []string) (map[string]int64, error)
	Judges(ctx context.Context, contestID int64) ([]JudgeInfo, error)
	DeclaredConflicts(ctx context.Context, contestID int64) ([]DeclaredConflict, error)
	AddDeclaredConflict(ctx context.Context, c DeclaredConflict) error
	Interests(ctx context.Context, roundID int64) ([]Interest, error)
	SetInterests(ctx context.Context, roundID, judgeID int64, in []Interest) error
	Assignments(ctx context.Context, roundID int64, activeOnly bool) ([]Assignment, error)
	// AssignmentsPage is one page of a round's active assignments in id
	// order, of the entries of tracks (nil: every entry).
	AssignmentsPage(ctx context.Context, roundID int64, tracks []string, p Page) ([]Assignment, error)
	// ReplaceAssignments stores a fresh assignment of the whole round; it
	// refuses (conflict) once any score exists.
	ReplaceAssignments(ctx context.Context, roundID int64, pairs []AssignmentPair, mails []Email) error
	// AddAssignments adds pairs, after marking the assignments listed in
	// retire with their new status, atomically, with an audit entry.
	AddAssignments(ctx context.Context, roundID int64, retire []Retired, pairs []AssignmentPair, audit *AuditEntry, mails []Email) error
	AssignmentByID(ctx context.Context, id int64) (Assignment, error)
	// AssignmentRound returns an assignment with its round.
	AssignmentRound(ctx context.Context, id int64) (Assignment, Round, error)
	// JudgeAssignments lists a judge's active assignments, and with
	// withConflicts also those they declared a conflict on.
	JudgeAssignments(ctx context.Context, judgeID int64, withConflicts bool) ([]Assignment, error)
	JudgeCanReadFile(ctx context.Context, judgeID int64, f SubmissionFile) (FileGrant, error)
}

// ScoreStore persists score sheets and their history.
type ScoreStore interface {
	// ReadScore reads an assignment with its round, its stored score sheet
	// and the sheet's revision, together.
	ReadScore(ctx context.Context, assignmentID int64) (ScoreRead, error)
	// WriteScoreIf writes w's sheet with its history line (and audit entry,
	// when given) only if the stored sheet is still at w.Revision, and
	// reports whether it did. Writing or unwriting a final sheet moves the
	// round's scores revision (drafts do not rank); progress listeners are
	// told.
	WriteScoreIf(ctx context.Context, w ScoreWrite) (bool, error)
	ScoreByAssignment(ctx context.Context, assignmentID int64) (ScoreSheet, error)
	RoundScores(ctx context.Context, roundID int64, finalOnly bool) ([]ScoreSheet, error)
	// RankingScores lists a round's final sheets of active assignments as
	// RoundScores(ctx, roundID, true) does (same order), with only what a
	// ranking shows: no timestamps and no sequence numbers.
	RankingScores(ctx context.Context, roundID int64) ([]ScoreSheet, error)
	ScoreHistory(ctx context.Context, assignmentID int64) ([]ScoreChange, error)
}

// ResultStore persists what comes of the scores: cached rankings,
// advancement, awards and the teams' feedback.
type ResultStore interface {
	CachedRanking(ctx context.Context, roundID, revision int64) ([]byte, error)
	CacheRanking(ctx context.Context, roundID, revision int64, result []byte) error
	SetAdvanced(ctx context.Context, roundID int64, submissionIDs []int64, audit AuditEntry) error
	// SetAwards replaces a contest's awards (in order: their positions)
	// and its ranking of award names, and publishes them when asked.
	SetAwards(ctx context.Context, contestID int64, awards []AwardInput, order []string, publish bool, audit AuditEntry) error
	// Awards lists a contest's awards by position, with its ranking of
	// award names.
	Awards(ctx context.Context, contestID int64) ([]Award, []string, error)
	TeamFeedback(ctx context.Context, teamID int64) ([]Feedback, error)
}

// ProgressStore counts progress.
type ProgressStore interface {
	RoundProgress(ctx context.Context, roundID int64) ([]JudgeProgress, error)
}

// JudgingStore is every judging port: rounds, assignments, scores and
// results.
type JudgingStore interface {
	RoundStore
	AssignmentStore
	ScoreStore
	ResultStore
}

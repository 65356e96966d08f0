package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

type roundRow struct {
	domain.Round
	RubricJSON     []byte          `db:"rubric"`
	PoolTracksArr  pgArray[string] `db:"pool_tracks"`
	PoolJudgesArr  pgArray[int64]  `db:"pool_judges"`
	ScoresRevision int64           `db:"scores_revision"`
}

func (r roundRow) round() (domain.Round, error) {
	out := r.Round
	out.PoolTracks, out.PoolJudges, out.ScoresRevision = []string(r.PoolTracksArr), []int64(r.PoolJudgesArr), r.ScoresRevision
	if out.PoolTracks == nil {
		out.PoolTracks = []string{}
	}
	if out.PoolJudges == nil {
		out.PoolJudges = []int64{}
	}
	var err error
	out.Rubric, err = rubrics.decode(r.RubricJSON)
	return out, err
}

// CreateRound implements domain.JudgingStore.
func (s *Store) CreateRound(ctx context.Context, r domain.Round) (domain.Round, error) {
	rubric := domain.JSONValue(r.Rubric)
	var id int64
	err := s.db.GetContext(ctx, &id, s.q.InsertRound, r.ContestID, r.Name, rubric, r.JudgesPerEntry, r.MaxLoad, r.Blind,
		r.Method, r.PoolTracks, r.PoolJudges, r.ClosesAt, r.Balance)
	if err != nil {
		return domain.Round{}, mapErr(err, "round")
	}
	return s.RoundByID(ctx, id)
}

// RoundByID implements domain.JudgingStore.
func (s *Store) RoundByID(ctx context.Context, id int64) (domain.Round, error) {
	var r roundRow
	if err := s.db.GetContext(ctx, &r, s.q.RoundByID, id); err != nil {
		return domain.Round{}, mapErr(err, "round")
	}
	return r.round()
}

// ListRounds implements domain.JudgingStore.
func (s *Store) ListRounds(ctx context.Context, contestID int64) ([]domain.Round, error) {
	return selectConverted(ctx, s.db, "rounds", roundRow.round, s.q.ListRounds, contestID)
}

// JudgeIDsByEmail implements domain.JudgingStore.
func (s *Store) JudgeIDsByEmail(ctx context.Context, contestID int64, emails []string) (map[string]int64, error) {
	var rows []struct {
		Email string `db:"email"`
		ID    int64  `db:"id"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.JudgeIDsByEmail, contestID, emails); err != nil {
		return nil, mapErr(err, "judges")
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[strings.ToLower(r.Email)] = r.ID
	}
	return out, nil
}

// FillRoundEntries implements domain.JudgingStore.
func (s *Store) FillRoundEntries(ctx context.Context, r domain.Round) error {
	var n int
	if err := s.db.GetContext(ctx, &n, s.q.CountRoundEntries, r.ID); err != nil {
		return mapErr(err, "entries")
	}
	if n > 0 {
		return nil
	}
	q, args := s.q.FillFirstRound, []any{r.ID, r.ContestID}
	if r.Position > 1 {
		q, args = s.q.FillLaterRound, []any{r.ID, r.ContestID, r.Position}
	}
	_, err := s.db.ExecContext(ctx, q, args...)
	return mapErr(err, "entries")
}

// RoundEntry implements domain.JudgingStore.
func (s *Store) RoundEntry(ctx context.Context, roundID, submissionID int64) (domain.Entry, error) {
	var e domain.Entry
	err := s.db.GetContext(ctx, &e, s.q.RoundEntry, roundID, submissionID)
	return e, mapErr(err, "entry")
}

// RoundEntries implements domain.JudgingStore.
func (s *Store) RoundEntries(ctx context.Context, roundID int64) ([]domain.Entry, error) {
	out, err := s.RankingEntries(ctx, roundID)
	if err != nil {
		return nil, err
	}
	var members []struct {
		SubmissionID int64  `db:"submission_id"`
		UserID       int64  `db:"user_id"`
		Email        string `db:"email"`
		Organization string `db:"organization"`
	}
	if err := s.db.SelectContext(ctx, &members, s.q.RoundEntryMembers, roundID); err != nil {
		return nil, mapErr(err, "entries")
	}
	index := map[int64]int{}
	for i, e := range out {
		index[e.SubmissionID] = i
	}
	for _, m := range members {
		e := &out[index[m.SubmissionID]]
		e.MemberIDs = append(e.MemberIDs, m.UserID)
		e.MemberEmails = append(e.MemberEmails, m.Email)
		e.MemberOrgs = append(e.MemberOrgs, m.Organization)
	}
	return out, nil
}

// Judges implements domain.JudgingStore.
func (s *Store) Judges(ctx context.Context, contestID int64) ([]domain.JudgeInfo, error) {
	var rows []struct {
		domain.JudgeInfo
		TracksArr pgArray[string] `db:"tracks"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.ContestJudges, contestID); err != nil {
		return nil, mapErr(err, "judges")
	}
	out := make([]domain.JudgeInfo, len(rows))
	for i, r := range rows {
		out[i] = r.JudgeInfo
		out[i].Tracks = []string(r.TracksArr)
	}
	return out, nil
}

// DeclaredConflicts implements domain.JudgingStore.
func (s *Store) DeclaredConflicts(ctx context.Context, contestID int64) ([]domain.DeclaredConflict, error) {
	var out []domain.DeclaredConflict
	err := s.db.SelectContext(ctx, &out, s.q.DeclaredConflicts, contestID)
	return out, mapErr(err, "conflicts")
}

// AddDeclaredConflict implements domain.JudgingStore.
func (s *Store) AddDeclaredConflict(ctx context.Context, c domain.DeclaredConflict) error {
	_, err := s.db.ExecContext(ctx, s.q.AddDeclaredConflict, c.ContestID, c.JudgeID, c.TeamID, c.Organization, c.Reason)
	return mapErr(err, "conflict")
}

// Interests implements domain.JudgingStore.
func (s *Store) Interests(ctx context.Context, roundID int64) ([]domain.Interest, error) {
	var out []domain.Interest
	err := s.db.SelectContext(ctx, &out, s.q.RoundInterests, roundID)
	return out, mapErr(err, "interests")
}

// SetInterests implements domain.JudgingStore.
func (s *Store) SetInterests(ctx context.Context, roundID, judgeID int64, in []domain.Interest) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.DeleteInterests, roundID, judgeID); err != nil {
			return mapErr(err, "interests")
		}
		for _, i := range in {
			if _, err := tx.ExecContext(ctx, s.q.InsertInterest, roundID, judgeID, i.SubmissionID, i.Interest); err != nil {
				return mapErr(err, "interests")
			}
		}
		return nil
	})
}

// Assignments implements domain.JudgingStore.
func (s *Store) Assignments(ctx context.Context, roundID int64, activeOnly bool) ([]domain.Assignment, error) {
	out := []domain.Assignment{}
	err := s.db.SelectContext(ctx, &out, s.q.RoundAssignments, roundID, activeOnly)
	return out, mapErr(err, "assignments")
}

// AssignmentsPage implements domain.JudgingStore.
func (s *Store) AssignmentsPage(ctx context.Context, roundID int64, tracks []string, p domain.Page) ([]domain.Assignment, error) {
	out := []domain.Assignment{}
	if tracks == nil {
		tracks = []string{}
	}
	err := s.db.SelectContext(ctx, &out, s.q.RoundAssignmentsPage, roundID, p.After, p.Limit, tracks)
	return out, mapErr(err, "assignments")
}

// inRoundTx runs fn in a transaction and, after it commits, tells the
// progress listeners that the round changed.
func (s *Store) inRoundTx(ctx context.Context, roundID int64, fn func(*preparedTx) error) error {
	if err := s.inTx(ctx, fn); err != nil {
		return err
	}
	s.roundChanged(roundID)
	return nil
}

func (s *Store) insertPairs(ctx context.Context, tx *preparedTx, roundID int64, pairs []domain.AssignmentPair, mails []domain.Email) error {
	for _, p := range pairs {
		if _, err := tx.ExecContext(ctx, s.q.InsertAssignment, roundID, p.SubmissionID, p.JudgeID); err != nil {
			return mapErr(err, "assignment")
		}
	}
	if err := s.queueEmails(ctx, tx, mails); err != nil {
		return err
	}
	// Retired assignments leave the ranking: its cache must go.
	if _, err := tx.ExecContext(ctx, s.q.BumpScoresRevision, roundID); err != nil {
		return mapErr(err, "round")
	}
	return nil
}

// ReplaceAssignments implements domain.JudgingStore.
func (s *Store) ReplaceAssignments(ctx context.Context, roundID int64, pairs []domain.AssignmentPair, mails []domain.Email) error {
	return s.inRoundTx(ctx, roundID, func(tx *preparedTx) error {
		var scored int
		if err := tx.GetContext(ctx, &scored, s.q.CountRoundScores, roundID); err != nil {
			return mapErr(err, "scores")
		}
		if scored > 0 {
			return domain.Errorf(domain.CodeConflict, "judges have started scoring: change single assignments instead of reassigning the round")
		}
		if _, err := tx.ExecContext(ctx, s.q.DeleteRoundAssignments, roundID); err != nil {
			return mapErr(err, "assignments")
		}
		if _, err := tx.ExecContext(ctx, s.q.MarkAssigned, roundID); err != nil {
			return mapErr(err, "round")
		}
		return s.insertPairs(ctx, tx, roundID, pairs, mails)
	})
}

// AddAssignments implements domain.JudgingStore.
func (s *Store) AddAssignments(ctx context.Context, roundID int64, retire []domain.Retired, pairs []domain.AssignmentPair, audit *domain.AuditEntry, mails []domain.Email) error {
	return s.inRoundTx(ctx, roundID, func(tx *preparedTx) error {
		for _, r := range retire {
			res, err := tx.ExecContext(ctx, s.q.RetireAssignment, r.ID, r.Status, r.Reason)
			if err != nil {
				return mapErr(err, "assignment")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Errorf(domain.CodeConflict, "the assignment changed meanwhile; try again")
			}
		}
		if err := s.insertPairs(ctx, tx, roundID, pairs, mails); err != nil {
			return err
		}
		if audit != nil {
			return s.addAudit(ctx, tx, *audit)
		}
		return nil
	})
}

// AssignmentByID implements domain.JudgingStore.
func (s *Store) AssignmentByID(ctx context.Context, id int64) (domain.Assignment, error) {
	var a domain.Assignment
	err := s.db.GetContext(ctx, &a, s.q.AssignmentByID, id)
	return a, mapErr(err, "assignment")
}

// assignmentRoundRow is a round_view row with an assignment of it, the
// assignment's score sheet (HasScore: there is one) and the sheet's
// revision (0: none).
type assignmentRoundRow struct {
	roundRow
	Assignment    domain.Assignment `db:"a"`
	HasScore      bool              `db:"has_score"`
	Score         domain.ScoreSheet `db:"s"`
	ScoreValues   []byte            `db:"score_values"`
	ScoreRevision int               `db:"score_revision"`
	FrozenAt      *time.Time        `db:"frozen_at"`
}

// parts decodes the row: the assignment, its round, and its score sheet
// (nil before the first save).
func (row assignmentRoundRow) parts() (domain.Assignment, domain.Round, *domain.ScoreSheet, error) {
	a := row.Assignment
	a.CreatedAt = a.CreatedAt.UTC()
	r, err := row.round()
	r.FrozenAt = row.FrozenAt
	if err != nil || !row.HasScore {
		return a, r, nil, err
	}
	sheet := row.Score
	if err := json.Unmarshal(row.ScoreValues, &sheet.Values); err != nil {
		return a, r, nil, err
	}
	sheet.UpdatedAt = sheet.UpdatedAt.UTC()
	if sheet.SubmittedAt != nil {
		t := sheet.SubmittedAt.UTC()
		sheet.SubmittedAt = &t
	}
	return a, r, &sheet, nil
}

// AssignmentRound implements domain.JudgingStore. Concurrent lookups share
// one query (see batcher).
func (s *Store) AssignmentRound(ctx context.Context, id int64) (domain.Assignment, domain.Round, error) {
	row, err := lookup(ctx, s.assignmentRounds, id, "assignment")
	if err != nil {
		return domain.Assignment{}, domain.Round{}, err
	}
	a, r, _, err := row.parts()
	return a, r, err
}

// JudgeAssignments implements domain.JudgingStore.
func (s *Store) JudgeAssignments(ctx context.Context, judgeID int64, withConflicts bool) ([]domain.Assignment, error) {
	out := []domain.Assignment{}
	q := s.q.JudgeAssignments
	if withConflicts {
		q = s.q.JudgeAssignmentsAll
	}
	err := s.db.SelectContext(ctx, &out, q, judgeID)
	return out, mapErr(err, "assignments")
}

type scoreRow struct {
	domain.ScoreSheet
	ValuesJSON []byte `db:"values"`
	Revision   int    `db:"revision"`
}

func (r scoreRow) sheet() (domain.ScoreSheet, error) {
	s := r.ScoreSheet
	return s, json.Unmarshal(r.ValuesJSON, &s.Values)
}

// ScoreByAssignment implements domain.JudgingStore. Concurrent lookups
// share one query (see batcher).
func (s *Store) ScoreByAssignment(ctx context.Context, assignmentID int64) (domain.ScoreSheet, error) {
	r, err := lookup(ctx, s.scores, assignmentID, "score")
	if err != nil {
		return domain.ScoreSheet{}, err
	}
	return r.sheet()
}

// scoreWrite is one score sheet to write, as write-scores reads it.
type scoreWrite struct {
	AssignmentID int64           `json:"assignment_id"`
	RoundID      int64           `json:"round_id"`
	JudgeID      int64           `json:"judge_id"`
	SubmissionID int64           `json:"submission_id"`
	Values       json.RawMessage `json:"values"`
	Comment      string          `json:"comment"`
	Final        bool            `json:"final"`
	SubmittedAt  *time.Time      `json:"submitted_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
	Seq          int64           `json:"seq"`
	Revision     int             `json:"revision"` // the stored sheet's, as read (0: none)
	ActorID      int64           `json:"actor_id"`
	Action       string          `json:"action"`
	Old          json.RawMessage `json:"old"` // the stored sheet (null: none)
	New          json.RawMessage `json:"new"`
	Bump         bool            `json:"bump"` // move the round's scores revision
}

// writeScores applies write-scores on x and reports the assignments written.
func (s *Store) writeScores(ctx context.Context, x runner, items []scoreWrite) (map[int64]bool, error) {
	return writeJSONBatch(ctx, x, s.q.WriteScores, items, "score")
}

// ReadScore implements domain.JudgingStore: one lookup (concurrent ones
// share a query, see batcher).
func (s *Store) ReadScore(ctx context.Context, assignmentID int64) (domain.ScoreRead, error) {
	row, err := lookup(ctx, s.assignmentRounds, assignmentID, "assignment")
	if err != nil {
		return domain.ScoreRead{}, err
	}
	a, r, prev, err := row.parts()
	return domain.ScoreRead{Assignment: a, Round: r, Sheet: prev, Revision: row.ScoreRevision}, err
}

// WriteScoreIf implements domain.JudgingStore. Concurrent writes share
// their statement and commit (see writeBatcher); drafts leave the round row
// alone, so the saves of a round do not queue on it. With an audit entry
// the write and the entry commit together, alone. Progress listeners hear
// of the change after the commit (see announcer).
func (s *Store) WriteScoreIf(ctx context.Context, sw domain.ScoreWrite) (bool, error) {
	sc, prev := sw.Sheet, sw.Prev
	w := scoreWrite{AssignmentID: sc.AssignmentID, RoundID: sc.RoundID, JudgeID: sc.JudgeID, SubmissionID: sc.SubmissionID,
		Comment: sc.Comment, Final: sc.Final, SubmittedAt: sc.SubmittedAt, UpdatedAt: sc.UpdatedAt, Seq: sc.Seq,
		ActorID: sw.ActorID, Action: sw.Action, Revision: sw.Revision, Bump: sc.Final || (prev != nil && prev.Final)}
	w.Values = domain.JSONValue(sc.Values)
	w.New, _ = json.Marshal(sc)
	if prev != nil {
		w.Old, _ = json.Marshal(prev)
	}
	var written bool
	var err error
	if sw.Audit == nil {
		written, err = s.scoreWrites.do(ctx, w)
	} else {
		err = s.inTx(ctx, func(tx *preparedTx) error {
			done, err := s.writeScores(ctx, tx, []scoreWrite{w})
			if written = done[w.AssignmentID]; err != nil || !written {
				return err
			}
			return s.addAudit(ctx, tx, *sw.Audit)
		})
	}
	if err != nil {
		return false, err
	}
	if written {
		s.roundChanged(sc.RoundID)
	}
	return written, nil
}

// RoundScores implements domain.JudgingStore.
func (s *Store) RoundScores(ctx context.Context, roundID int64, finalOnly bool) ([]domain.ScoreSheet, error) {
	return selectConverted(ctx, s.db, "scores", scoreRow.sheet, s.q.RoundScores, roundID, finalOnly)
}

// ScoreHistory implements domain.JudgingStore.
func (s *Store) ScoreHistory(ctx context.Context, assignmentID int64) ([]domain.ScoreChange, error) {
	out := []domain.ScoreChange{}
	err := s.db.SelectContext(ctx, &out, s.q.ScoreHistory, assignmentID)
	return out, mapErr(err, "score history")
}

// CachedRanking implements domain.JudgingStore.
func (s *Store) CachedRanking(ctx context.Context, roundID, revision int64) ([]byte, error) {
	var b []byte
	err := s.db.GetContext(ctx, &b, s.q.CachedRanking, roundID, revision)
	return b, mapErr(err, "ranking")
}

// CacheRanking implements domain.JudgingStore.
func (s *Store) CacheRanking(ctx context.Context, roundID, revision int64, result []byte) error {
	_, err := s.db.ExecContext(ctx, s.q.CacheRanking, roundID, revision, result)
	return mapErr(err, "ranking")
}

// SetAdvanced implements domain.JudgingStore.
func (s *Store) SetAdvanced(ctx context.Context, roundID int64, ids []int64, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.ClearAdvanced, roundID); err != nil {
			return mapErr(err, "entries")
		}
		if _, err := tx.ExecContext(ctx, s.q.SetAdvanced, roundID, ids); err != nil {
			return mapErr(err, "entries")
		}
		// Rankings show which entries advanced: cached views must go.
		if _, err := tx.ExecContext(ctx, s.q.BumpScoresRevision, roundID); err != nil {
			return mapErr(err, "round")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

// SetAwards implements domain.JudgingStore.
func (s *Store) SetAwards(ctx context.Context, contestID int64, awards []domain.AwardInput, order []string, publish bool, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.DeleteAwards, contestID); err != nil {
			return mapErr(err, "awards")
		}
		if _, err := tx.ExecContext(ctx, s.q.SetAwardsOrder, contestID, order); err != nil {
			return mapErr(err, "awards order")
		}
		for i, a := range awards {
			res, err := tx.ExecContext(ctx, s.q.InsertAward, contestID, a.EntryID, a.Award, i)
			if err != nil {
				return mapErr(err, "award")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Invalid(map[string]string{"awards[" + strconv.Itoa(i) + "].entry_id": "is not a submitted entry of this contest"})
			}
		}
		if publish {
			if _, err := tx.ExecContext(ctx, s.q.PublishResults, contestID); err != nil {
				return mapErr(err, "contest")
			}
		}
		return s.addAudit(ctx, tx, audit)
	})
}

// Awards implements domain.JudgingStore.
func (s *Store) Awards(ctx context.Context, contestID int64) ([]domain.Award, []string, error) {
	out := []domain.Award{}
	if err := s.db.SelectContext(ctx, &out, s.q.ContestAwards, contestID); err != nil {
		return nil, nil, mapErr(err, "awards")
	}
	var order pgArray[string]
	if err := s.db.GetContext(ctx, &order, s.q.AwardsOrder, contestID); err != nil {
		return nil, nil, mapErr(err, "awards order")
	}
	if order == nil {
		order = pgArray[string]{}
	}
	return out, []string(order), nil
}

// EntryVersion implements domain.JudgingStore.
func (s *Store) EntryVersion(ctx context.Context, submissionID int64, version int) (domain.Receipt, error) {
	var v versionRow
	if err := s.db.GetContext(ctx, &v, s.q.EntryVersion, submissionID, version); err != nil {
		return domain.Receipt{}, mapErr(err, "version")
	}
	return v.receipt(domain.Submission{ID: submissionID})
}

// JudgeCanReadFile implements domain.JudgingStore: the judge must hold an
// active assignment for the entry, and the file must be in the judged
// version; the grant is blind when one of those rounds is.
func (s *Store) JudgeCanReadFile(ctx context.Context, judgeID int64, f domain.SubmissionFile) (domain.FileGrant, error) {
	var g domain.FileGrant
	err := s.db.GetContext(ctx, &g, s.q.JudgeCanReadFile, judgeID, f.SubmissionID, f.ID)
	return g, mapErr(err, "file")
}

// TeamFeedback implements domain.JudgingStore.
func (s *Store) TeamFeedback(ctx context.Context, teamID int64) ([]domain.Feedback, error) {
	var rows []struct {
		domain.Feedback
		ValuesJSON []byte `db:"values"`
		RubricJSON []byte `db:"rubric"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.TeamFeedback, teamID); err != nil {
		return nil, mapErr(err, "feedback")
	}
	out := make([]domain.Feedback, len(rows))
	for i, r := range rows {
		out[i] = r.Feedback
		if err := json.Unmarshal(r.ValuesJSON, &out[i].Values); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(r.RubricJSON, &out[i].Rubric); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RoundProgress implements domain.ProgressStore: counted once between two
// changes of the round on this replica (see progressCache).
func (s *Store) RoundProgress(ctx context.Context, roundID int64) ([]domain.JudgeProgress, error) {
	return s.progressCache.get(ctx, roundID, func(ctx context.Context) ([]domain.JudgeProgress, error) {
		out := []domain.JudgeProgress{}
		err := s.db.SelectContext(ctx, &out, s.q.RoundProgress, roundID)
		return out, mapErr(err, "progress")
	})
}

// roundChanged is called after a change of a round's sheets or assignments
// (of every round for 0) has committed: this replica's cached progress of
// the round goes at once, and the progress listeners of every replica hear
// of it shortly (see announcer).
func (s *Store) roundChanged(roundID int64) {
	s.progressCache.changed(roundID)
	s.progress.announce(roundID)
}

// ensure the stores satisfy the domain's interfaces.
var (
	_ domain.JudgingStore  = (*Store)(nil)
	_ domain.ProgressStore = (*Store)(nil)
)

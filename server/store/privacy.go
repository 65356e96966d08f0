package store

import (
	"context"
	"encoding/json"

	"github.com/lib/pq"

	"github.com/podium-contests/podium/server/domain"
)

// PersonalData implements domain.PrivacyStore.
func (s *Store) PersonalData(ctx context.Context, userID int64) (json.RawMessage, error) {
	var doc []byte
	err := s.db.GetContext(ctx, &doc, s.q.PersonalData, userID)
	return doc, mapErr(err, "personal data")
}

// ErasureTeams implements domain.PrivacyStore.
func (s *Store) ErasureTeams(ctx context.Context, userID int64) ([]domain.ErasureTeam, error) {
	var rows []struct {
		domain.ErasureTeam
		OthersArr pq.Int64Array `db:"others"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.ErasureTeams, userID); err != nil {
		return nil, mapErr(err, "teams")
	}
	out := make([]domain.ErasureTeam, len(rows))
	for i, r := range rows {
		out[i] = r.ErasureTeam
		out[i].Others = []int64(r.OthersArr)
	}
	return out, nil
}

// ErasureFiles implements domain.PrivacyStore.
func (s *Store) ErasureFiles(ctx context.Context, userID int64, teams []int64) ([]domain.ErasureFile, error) {
	out := []domain.ErasureFile{}
	err := s.db.SelectContext(ctx, &out, s.q.ErasureFiles, userID, pq.Array(teams))
	return out, mapErr(err, "files")
}

// LastOrganizerOf implements domain.PrivacyStore.
func (s *Store) LastOrganizerOf(ctx context.Context, userID int64) ([]string, error) {
	out := []string{}
	err := s.db.SelectContext(ctx, &out, s.q.LastOrganizerOf, userID)
	return out, mapErr(err, "contests")
}

// EraseUser implements domain.PrivacyStore: every change of the plan, the
// redaction of the address in the audit log and the outbox, the account's
// new name and address, and the audit line, in one transaction.
func (s *Store) EraseUser(ctx context.Context, u domain.User, p domain.ErasurePlan, audit domain.AuditEntry) error {
	files := make([]string, len(p.RemoveFiles))
	for i, f := range p.RemoveFiles {
		files[i] = f.ID
	}
	email := domain.Pattern(p.Email)
	err := s.inTx(ctx, func(tx *preparedTx) error {
		steps := []struct {
			q    string
			args []any
		}{
			{s.q.EraseSessions, []any{u.ID}},
			{s.q.EraseTokens, []any{u.ID}},
			{s.q.EraseEmailTokens, []any{u.ID}},
			{s.q.EraseIdentities, []any{u.ID}},
			{s.q.EraseInvitations, []any{p.Email}},
			{s.q.EraseRoles, []any{u.ID}},
			{s.q.EraseMemberships, []any{u.ID}},
			{s.q.EraseDepartures, []any{u.ID}},
		}
		for team, captain := range p.NewCaptains {
			steps = append(steps, struct {
				q    string
				args []any
			}{s.q.EraseSetCaptain, []any{team, captain}})
		}
		steps = append(steps, []struct {
			q    string
			args []any
		}{
			{s.q.EraseFiles, []any{pq.Array(files)}},
			{s.q.EraseTeams, []any{pq.Array(p.DeleteTeams)}},
			{s.q.EraseDraftScores, []any{u.ID}},
			{s.q.EraseOpenAssignments, []any{u.ID}},
			{s.q.EraseConflicts, []any{u.ID}},
			{s.q.EraseInterests, []any{u.ID}},
			{s.q.EraseOutbox, []any{p.Email}},
			{s.q.RedactOutbox, []any{email, p.ErasedEmail, domain.Pattern(p.Name), p.ErasedName}},
			{s.q.EraseRateLimits, []any{p.Email}},
			{s.q.AllowAuditRedaction, nil},
			{s.q.RedactAudit, []any{email, p.ErasedEmail}},
			{s.q.EraseUser, []any{u.ID, p.ErasedEmail, p.ErasedName}},
			{s.q.AddAudit, []any{nil, audit.ActorID, audit.Action, audit.ObjectType, audit.ObjectID, audit.Detail}},
		}...)
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				return mapErr(err, "erase account")
			}
		}
		return nil
	})
	if err == nil {
		// The account's drafts and open assignments, and its teams' entries,
		// may be in any round.
		s.roundChanged(0)
	}
	return err
}

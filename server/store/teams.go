package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// CreateTeam implements domain.TeamStore.
func (s *Store) CreateTeam(ctx context.Context, t domain.Team) (domain.Team, error) {
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if err := tx.GetContext(ctx, &t.ID, s.q.InsertTeam, t.ContestID, t.TrackID, t.Name, t.InviteCode, t.CaptainID); err != nil {
			return mapErr(err, "team")
		}
		return s.addTeamMember(ctx, tx, t.ID, t.ContestID, t.CaptainID, true)
	})
	return t, err
}

func teamConflict(err error, field, msg string) error {
	if domain.ErrorCode(err) == domain.CodeConflict {
		return &domain.Error{Code: domain.CodeConflict, Message: msg, Fields: domain.FieldsOf(map[string]string{field: msg}), Err: err}
	}
	return err
}

func (s *Store) addTeamMember(ctx context.Context, tx *preparedTx, teamID, contestID, userID int64, withSubmission bool) error {
	if _, err := tx.ExecContext(ctx, s.q.InsertTeamMember, teamID, contestID, userID); err != nil {
		if err = mapErr(err, "team member"); domain.ErrorCode(err) == domain.CodeConflict && isUniqueViolation(err) {
			return teamConflict(err, "contest", "you are already in a team in this contest")
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q.AddParticipantRole, contestID, userID); err != nil {
		return mapErr(err, "role")
	}
	if withSubmission {
		if _, err := tx.ExecContext(ctx, s.q.InsertSubmission, teamID, contestID); err != nil {
			return mapErr(err, "submission")
		}
	}
	return nil
}

// JoinTeam implements domain.TeamStore. The team row is locked while its
// members are counted, so concurrent joins for the last seat serialise.
func (s *Store) JoinTeam(ctx context.Context, contestID int64, code string, userID int64, maxSize int) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if err := tx.GetContext(ctx, &id, s.q.LockTeamByCode, contestID, code); err != nil {
			if err = mapErr(err, "team"); domain.ErrorCode(err) == domain.CodeNotFound {
				return &domain.Error{Code: domain.CodeNotFound, Message: "no team with this invite code", Fields: domain.FieldsOf(map[string]string{"invite_code": "is not valid for this contest"})}
			}
			return err
		}
		size, err := s.lockedTeamSize(ctx, tx, id)
		if err != nil {
			return err
		}
		if size.Members >= maxSize {
			return &domain.Error{Code: domain.CodeConflict, Message: "this team is full", Fields: domain.FieldsOf(map[string]string{"invite_code": "the team is full"})}
		}
		return s.addTeamMember(ctx, tx, id, contestID, userID, false)
	})
	return id, err
}

// teamSize is a team's member count and highest submitted version.
type teamSize struct {
	Members  int `db:"members"`
	Versions int `db:"versions"`
}

// lockedTeamSize reads the size of a team whose row tx has locked, in a
// statement of its own (see team-size), so that it counts every member
// committed by the transactions tx waited for.
func (s *Store) lockedTeamSize(ctx context.Context, tx *preparedTx, teamID int64) (teamSize, error) {
	var size teamSize
	err := tx.GetContext(ctx, &size, s.q.TeamSize, teamID)
	return size, mapErr(err, "team")
}

// teamRow is a team_view row; members is a JSON column.
type teamRow struct {
	domain.Team
	MembersJSON []byte `db:"members"`
}

func (r teamRow) team() (domain.Team, error) {
	t := r.Team
	if err := json.Unmarshal(r.MembersJSON, &t.Members); err != nil {
		return t, fmt.Errorf("team %d members: %w", t.ID, err)
	}
	for i := range t.Members {
		t.Members[i].JoinedAt = t.Members[i].JoinedAt.UTC()
	}
	return t, nil
}

// TeamByID implements domain.TeamStore.
func (s *Store) TeamByID(ctx context.Context, id int64) (domain.Team, error) {
	var r teamRow
	if err := s.db.GetContext(ctx, &r, s.q.TeamByID, id); err != nil {
		return domain.Team{}, mapErr(err, "team")
	}
	return r.team()
}

// teamContestRow is a team_view row with its contest as JSON.
type teamContestRow struct {
	teamRow
	ContestJSON []byte `db:"contest"`
}

// TeamAndContest implements domain.TeamStore. Concurrent lookups share one
// query (see batcher).
func (s *Store) TeamAndContest(ctx context.Context, id int64) (domain.Team, domain.Contest, error) {
	r, err := lookup(ctx, s.teamsAndContests, id, "team")
	if err != nil {
		return domain.Team{}, domain.Contest{}, err
	}
	t, err := r.team()
	if err != nil {
		return t, domain.Contest{}, err
	}
	var c contestRow
	if err := json.Unmarshal(r.ContestJSON, &c); err != nil {
		return t, domain.Contest{}, fmt.Errorf("team %d contest: %w", id, err)
	}
	contest, err := c.contest()
	return t, contest, err
}

// TeamsOfUser implements domain.TeamStore.
func (s *Store) TeamsOfUser(ctx context.Context, userID int64) ([]domain.Team, error) {
	return selectConverted(ctx, s.db, "teams", teamRow.team, s.q.TeamsOfUser, userID)
}

// ListTeams implements domain.TeamStore: list-teams (or list-teams-among
// for the filters that find few teams) chooses the page's teams,
// listed-teams and members-of-teams read them.
func (s *Store) ListTeams(ctx context.Context, contestID int64, f domain.TeamFilter, p domain.Page) ([]domain.TeamListItem, error) {
	pattern := ""
	if f.Query != "" {
		pattern = "%" + likeEscaper.Replace(f.Query) + "%"
	}
	var ids []int64
	var err error
	if pattern != "" || f.Flagged || f.Extended || f.Status == domain.TeamsLate {
		err = s.db.SelectContext(ctx, &ids, s.q.ListTeamsAmong, contestID, p.After, p.Limit, f.Track, f.Status, f.Tracks,
			pattern, f.Extended, f.Flagged)
	} else {
		err = s.db.SelectContext(ctx, &ids, s.q.ListTeams, contestID, p.After, p.Limit, f.Track, f.Status, f.Tracks)
	}
	if err != nil {
		return nil, mapErr(err, "teams")
	}
	items := []domain.TeamListItem{}
	if len(ids) == 0 {
		return items, nil
	}
	err = s.db.scanEach(ctx, "teams", s.q.ListedTeams, []any{ids}, func(rows *sql.Rows) error {
		var it domain.TeamListItem
		t := &it.Team
		err := rows.Scan(&t.ID, &t.ContestID, &t.ContestSlug, &t.TrackID, &t.Track, &t.Name, &t.InviteCode,
			&t.CaptainID, &t.DeadlineExtension, &t.CreatedAt, &it.Version, &it.SubmittedAt, &it.FlaggedFiles)
		it.SubmittedAt = utcPtr(it.SubmittedAt)
		items = append(items, it)
		return err
	})
	if err != nil {
		return nil, err
	}
	byTeam := make(map[int64][]domain.TeamMember, len(items))
	err = s.db.scanEach(ctx, "teams", s.q.MembersOfTeams, []any{ids}, func(rows *sql.Rows) error {
		var teamID int64
		var m domain.TeamMember
		err := rows.Scan(&teamID, &m.UserID, &m.Name, &m.Email, &m.JoinedAt, &m.EmailVerified)
		m.JoinedAt = m.JoinedAt.UTC()
		byTeam[teamID] = append(byTeam[teamID], m)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range items {
		t := &items[i].Team
		t.Members = byTeam[t.ID] // nil for none: describeListedTeam makes it []
		for j := range t.Members {
			t.Members[j].Captain = t.Members[j].UserID == t.CaptainID
		}
	}
	return items, nil
}

// likeEscaper makes text match itself in a LIKE pattern (backslash is
// PostgreSQL's default escape character).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// TeamPreview implements domain.TeamStore.
func (s *Store) TeamPreview(ctx context.Context, contestID int64, code string) (domain.TeamPreview, error) {
	var p domain.TeamPreview
	err := s.db.GetContext(ctx, &p, s.q.TeamPreview, contestID, code)
	return p, mapErr(err, "team")
}

// RemoveMember implements domain.TeamStore.
func (s *Store) RemoveMember(ctx context.Context, teamID, userID int64) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		var contestID int64
		if err := tx.GetContext(ctx, &contestID, s.q.LockTeam, teamID); err != nil {
			return mapErr(err, "team")
		}
		st, err := s.lockedTeamSize(ctx, tx, teamID)
		if err != nil {
			return err
		}
		if st.Members == 1 && st.Versions > 0 {
			return domain.Errorf(domain.CodeConflict, "the last member cannot leave a team that has submitted")
		}
		if _, err := tx.ExecContext(ctx, s.q.LockContestPerson, contestID, userID); err != nil {
			return mapErr(err, "member")
		}
		if err := tx.GetContext(ctx, &contestID, s.q.DeleteTeamMember, teamID, userID); err != nil {
			return mapErr(err, "member")
		}
		if st.Versions > 0 {
			// They leave an entry behind: still counted with it for
			// conflicts, and not free to enter another team.
			if _, err := tx.ExecContext(ctx, s.q.RecordDeparture, contestID, userID, teamID); err != nil {
				return mapErr(err, "member")
			}
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.q.DeleteParticipantRole, contestID, userID); err != nil {
			return mapErr(err, "role")
		}
		if st.Members == 1 {
			_, err := tx.ExecContext(ctx, s.q.DeleteTeam, teamID)
			return mapErr(err, "team")
		}
		return nil
	})
}

// SetCaptain implements domain.TeamStore.
func (s *Store) SetCaptain(ctx context.Context, teamID, userID int64) error {
	res, err := s.db.ExecContext(ctx, s.q.SetCaptain, teamID, userID)
	if err != nil {
		return mapErr(err, "team")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("member")
	}
	return nil
}

// SetExtension implements domain.TeamStore.
func (s *Store) SetExtension(ctx context.Context, teamID int64, until *time.Time, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.SetExtension, teamID, until); err != nil {
			return mapErr(err, "team")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/podium-contests/podium/server/domain"
)

// contestRow is a contest_view row (form, files and tracks are JSON
// columns), read as columns or as row_to_json of the view.
type contestRow struct {
	ID                   int64           `db:"id" json:"id"`
	Slug                 string          `db:"slug" json:"slug"`
	Status               string          `db:"status" json:"status"`
	Title                string          `db:"title" json:"title"`
	Description          string          `db:"description" json:"description"`
	Timezone             string          `db:"timezone" json:"timezone"`
	RegistrationOpensAt  time.Time       `db:"registration_opens_at" json:"registration_opens_at"`
	RegistrationClosesAt *time.Time      `db:"registration_closes_at" json:"registration_closes_at"`
	SubmissionOpensAt    time.Time       `db:"submission_opens_at" json:"submission_opens_at"`
	SubmissionDeadline   time.Time       `db:"submission_deadline" json:"submission_deadline"`
	MaxTeamSize          int             `db:"max_team_size" json:"max_team_size"`
	Form                 json.RawMessage `db:"form" json:"form"`
	Files                json.RawMessage `db:"files" json:"files"`
	ResultsPublishedAt   *time.Time      `db:"results_published_at" json:"results_published_at"`
	FeedbackEnabled      bool            `db:"feedback_enabled" json:"feedback_enabled"`
	CreatedAt            time.Time       `db:"created_at" json:"created_at"`
	UpdatedAt            time.Time       `db:"updated_at" json:"updated_at"`
	CreatedBy            int64           `db:"created_by" json:"created_by"`
	Tracks               json.RawMessage `db:"tracks" json:"tracks"`
}

func toRow(c domain.Contest) contestRow {
	form, files := domain.JSONValue(c.Form), domain.JSONValue(c.Files)
	return contestRow{ID: c.ID, Slug: c.Slug, Status: c.Status, Title: c.Title, Description: c.Description, Timezone: c.Timezone,
		RegistrationOpensAt: c.RegistrationOpensAt, RegistrationClosesAt: c.RegistrationClosesAt,
		SubmissionOpensAt: c.SubmissionOpensAt, SubmissionDeadline: c.SubmissionDeadline, MaxTeamSize: c.MaxTeamSize,
		Form: form, Files: files, FeedbackEnabled: c.FeedbackEnabled}
}

// contest converts the row, with its times in UTC however they were read.
func (r contestRow) contest() (domain.Contest, error) {
	c := domain.Contest{ID: r.ID, Slug: r.Slug, Status: r.Status, Title: r.Title, Description: r.Description, Timezone: r.Timezone,
		RegistrationOpensAt: r.RegistrationOpensAt.UTC(), RegistrationClosesAt: utcPtr(r.RegistrationClosesAt),
		SubmissionOpensAt: r.SubmissionOpensAt.UTC(), SubmissionDeadline: r.SubmissionDeadline.UTC(), MaxTeamSize: r.MaxTeamSize,
		ResultsPublishedAt: utcPtr(r.ResultsPublishedAt), FeedbackEnabled: r.FeedbackEnabled, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if err := json.Unmarshal(r.Form, &c.Form); err != nil {
		return c, fmt.Errorf("contest %d form: %w", r.ID, err)
	}
	if err := json.Unmarshal(r.Files, &c.Files); err != nil {
		return c, fmt.Errorf("contest %d files: %w", r.ID, err)
	}
	if err := json.Unmarshal(r.Tracks, &c.Tracks); err != nil {
		return c, fmt.Errorf("contest %d tracks: %w", r.ID, err)
	}
	return c, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (s *Store) oneContest(ctx context.Context, query string, arg any) (domain.Contest, error) {
	var r contestRow
	if err := s.db.GetContext(ctx, &r, query, arg); err != nil {
		return domain.Contest{}, mapErr(err, "contest")
	}
	return r.contest()
}

// ContestBySlug implements domain.ContestStore.
func (s *Store) ContestBySlug(ctx context.Context, slug string) (domain.Contest, error) {
	return s.oneContest(ctx, s.q.ContestBySlug, slug)
}

// ContestByID implements domain.ContestStore.
func (s *Store) ContestByID(ctx context.Context, id int64) (domain.Contest, error) {
	return s.oneContest(ctx, s.q.ContestByID, id)
}

// ListContests implements domain.ContestStore.
func (s *Store) ListContests(ctx context.Context, viewer domain.User, p domain.Page) ([]domain.Contest, error) {
	return selectConverted(ctx, s.db, "contests", contestRow.contest, s.q.ListContests, p.After, p.Limit, viewer.IsAdmin, viewer.ID)
}

// OpenContest implements domain.ContestStore.
func (s *Store) OpenContest(ctx context.Context, id int64, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.OpenContest, id); err != nil {
			return mapErr(err, "contest")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

func (s *Store) saveTracks(ctx context.Context, tx *preparedTx, contestID int64, tracks []domain.Track) error {
	slugs := make([]string, len(tracks))
	for i, t := range tracks {
		slugs[i] = t.Slug
		if _, err := tx.ExecContext(ctx, s.q.UpsertTrack, contestID, t.Slug, t.Title, i); err != nil {
			return mapErr(err, "track")
		}
	}
	if _, err := tx.ExecContext(ctx, s.q.DeleteUnusedTracks, contestID, slugs); err != nil {
		return mapErr(err, "track")
	}
	var left int
	if err := tx.GetContext(ctx, &left, s.q.CountRemovedTracks, contestID, slugs); err != nil {
		return mapErr(err, "track")
	}
	if left > 0 {
		return &domain.Error{Code: domain.CodeConflict, Message: "a track that teams have entered cannot be removed",
			Fields: domain.FieldsOf(map[string]string{"tracks": "must keep every track that has teams"})}
	}
	return nil
}

// CreateContest implements domain.ContestStore.
func (s *Store) CreateContest(ctx context.Context, c domain.Contest, creatorID int64) (domain.Contest, error) {
	row := toRow(c)
	row.CreatedBy = creatorID
	err := s.inTx(ctx, func(tx *preparedTx) error {
		q, args, err := tx.BindNamed(s.q.InsertContest, row)
		if err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &c.ID, q, args...); err != nil {
			return mapErr(err, "contest")
		}
		if err := s.saveTracks(ctx, tx, c.ID, c.Tracks); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q.AddMemberByID, c.ID, creatorID, domain.RoleOrganizer)
		return mapErr(err, "member")
	})
	if err != nil {
		return domain.Contest{}, err
	}
	return s.ContestByID(ctx, c.ID)
}

// UpdateContest implements domain.ContestStore.
func (s *Store) UpdateContest(ctx context.Context, c domain.Contest, audit domain.AuditEntry) (domain.Contest, error) {
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.NamedExecContext(ctx, s.q.UpdateContest, toRow(c)); err != nil {
			return mapErr(err, "contest")
		}
		if err := s.saveTracks(ctx, tx, c.ID, c.Tracks); err != nil {
			return err
		}
		return s.addAudit(ctx, tx, audit)
	})
	if err != nil {
		return domain.Contest{}, err
	}
	return s.ContestByID(ctx, c.ID)
}

// ContestWithRoles implements domain.ContestStore.
func (s *Store) ContestWithRoles(ctx context.Context, slug string, userID int64) (domain.Contest, domain.Membership, error) {
	return s.contestWithRoles(ctx, slug, 0, userID)
}

// ContestWithRolesByID implements domain.ContestStore.
func (s *Store) ContestWithRolesByID(ctx context.Context, id, userID int64) (domain.Contest, domain.Membership, error) {
	return s.contestWithRoles(ctx, "", id, userID)
}

// contestWithRoles reads the contest with this slug, or else this id.
func (s *Store) contestWithRoles(ctx context.Context, slug string, id, userID int64) (domain.Contest, domain.Membership, error) {
	var r struct {
		contestRow
		Roles      pgArray[string] `db:"roles"`
		LeadTracks pgArray[string] `db:"lead_tracks"`
	}
	if err := s.db.GetContext(ctx, &r, s.q.ContestWithRoles, slug, userID, id); err != nil {
		return domain.Contest{}, domain.Membership{}, mapErr(err, "contest")
	}
	c, err := r.contest()
	if err != nil {
		return domain.Contest{}, domain.Membership{}, err
	}
	m := domain.Membership{LeadTracks: []string(r.LeadTracks)}
	for _, role := range r.Roles {
		m.Roles = append(m.Roles, domain.Role(role))
	}
	return c, m, nil
}

// MemberRoles implements domain.ContestStore.
func (s *Store) MemberRoles(ctx context.Context, contestID, userID int64) ([]domain.Role, error) {
	var roles []domain.Role
	err := s.db.SelectContext(ctx, &roles, s.q.MemberRoles, contestID, userID)
	return roles, mapErr(err, "roles")
}

// LeadTracks implements domain.ContestStore.
func (s *Store) LeadTracks(ctx context.Context, contestID, userID int64) ([]string, error) {
	var tracks pgArray[string]
	err := s.db.GetContext(ctx, &tracks, s.q.LeadTracks, contestID, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return []string(tracks), mapErr(err, "roles")
}

// AddMember implements domain.ContestStore.
func (s *Store) AddMember(ctx context.Context, contestID int64, in domain.MemberInput, link domain.InvitationLink) (bool, error) {
	invited := false
	err := s.inTx(ctx, func(tx *preparedTx) error {
		res, err := tx.ExecContext(ctx, s.q.AddMember, contestID, in.Email, in.Role, in.Tracks, in.Organization, in.Scoped, in.Prize)
		if err != nil {
			return mapErr(err, "member")
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		invited = true
		_, err = tx.ExecContext(ctx, s.q.AddInvitation, contestID, in.Email, in.Role, in.Tracks, in.Organization,
			link.Hash, link.ExpiresAt, in.Scoped, in.Prize)
		return mapErr(err, "invitation")
	})
	return invited, err
}

// AcceptInvitation implements domain.ContestStore.
func (s *Store) AcceptInvitation(ctx context.Context, hash []byte, userID int64) (domain.Invitation, error) {
	var inv domain.Invitation
	err := s.db.GetContext(ctx, &inv, s.q.AcceptInvitation, hash, userID)
	return inv, mapErr(err, "invitation")
}

// RevokeInvitation implements domain.ContestStore.
func (s *Store) RevokeInvitation(ctx context.Context, contestID, id int64) (domain.Invitation, error) {
	var inv domain.Invitation
	err := s.db.GetContext(ctx, &inv, s.q.RevokeInvitation, contestID, id)
	return inv, mapErr(err, "invitation")
}

// RemoveContestMember implements domain.ContestStore.
func (s *Store) RemoveContestMember(ctx context.Context, contestID, userID int64, role domain.Role) ([]domain.Role, error) {
	removed := []domain.Role{}
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if err := tx.SelectContext(ctx, &removed, s.q.RemoveContestMember, contestID, userID, string(role)); err != nil {
			return mapErr(err, "member")
		}
		if !slices.Contains(removed, domain.RoleOrganizer) {
			return nil
		}
		var n int
		if err := tx.GetContext(ctx, &n, s.q.CountOrganizers, contestID); err != nil {
			return mapErr(err, "member")
		}
		if n == 0 {
			return domain.Errorf(domain.CodeConflict, "a contest keeps at least one organizer: add another one first")
		}
		return nil
	})
	return removed, err
}

// memberRow is a row of the members list: a member with its tracks.
type memberRow struct {
	domain.Member
	Tracks pgArray[string] `db:"tracks"`
}

// member converts the row, with an empty list for no tracks.
func (r memberRow) member() (domain.Member, error) {
	m := r.Member
	m.Tracks = []string(r.Tracks)
	if m.Tracks == nil {
		m.Tracks = []string{}
	}
	return m, nil
}

// ListMembers implements domain.ContestStore.
func (s *Store) ListMembers(ctx context.Context, contestID int64) ([]domain.Member, error) {
	return selectConverted(ctx, s.db, "members", memberRow.member, s.q.ListMembers, contestID)
}

// ListMembersPage implements domain.ContestStore.
func (s *Store) ListMembersPage(ctx context.Context, contestID int64, f domain.MemberFilter, p domain.Page) ([]domain.Member, error) {
	pattern := ""
	if f.Query != "" {
		pattern = "%" + likeEscaper.Replace(f.Query) + "%"
	}
	return selectConverted(ctx, s.db, "members", memberRow.member, s.q.ListMembersPage, contestID, p.After, p.Limit, f.Role, pattern)
}

// Standing implements domain.ContestStore.
func (s *Store) Standing(ctx context.Context, contestID int64, email string) (domain.Standing, error) {
	var row struct {
		IsAdmin  bool            `db:"is_admin"`
		Roles    pgArray[string] `db:"roles"`
		Team     string          `db:"team"`
		LeftTeam string          `db:"left_team"`
		Invited  pgArray[string] `db:"invited"`
	}
	if err := s.db.GetContext(ctx, &row, s.q.Standing, contestID, email); err != nil {
		return domain.Standing{}, mapErr(err, "standing")
	}
	st := domain.Standing{Email: email, PlatformAdmin: row.IsAdmin, Team: row.Team, LeftTeam: row.LeftTeam}
	for _, r := range row.Roles {
		st.Roles = append(st.Roles, domain.Role(r))
	}
	for _, r := range row.Invited {
		st.Invited = append(st.Invited, domain.Role(r))
	}
	return st, nil
}

func (s *Store) addAudit(ctx context.Context, x sqlx.ExecerContext, e domain.AuditEntry) error {
	detail := e.Detail
	if detail == nil {
		detail = json.RawMessage("{}")
	}
	_, err := x.ExecContext(ctx, s.q.AddAudit, e.ContestID, e.ActorID, e.Action, e.ObjectType, e.ObjectID, []byte(detail))
	return mapErr(err, "audit")
}

// AddAudit implements domain.ContestStore.
func (s *Store) AddAudit(ctx context.Context, e domain.AuditEntry) error {
	return s.addAudit(ctx, s.db, e)
}

// ListAudit implements domain.ContestStore: newest first, p.After the
// id of the last entry of the previous page (0: from the newest).
func (s *Store) ListAudit(ctx context.Context, contestID int64, p domain.Page) ([]domain.AuditEntry, error) {
	out := []domain.AuditEntry{}
	before := p.After
	if before <= 0 {
		before = math.MaxInt64
	}
	err := s.db.SelectContext(ctx, &out, s.q.ListAudit, contestID, before, p.Limit)
	return out, mapErr(err, "audit")
}

// roleLinkRow is an invitation link with its tracks as the driver reads them.
type roleLinkRow struct {
	domain.RoleLink
	TracksArr pgArray[string] `db:"tracks"`
}

func (r roleLinkRow) link() domain.RoleLink {
	l := r.RoleLink
	l.Tracks = []string(r.TracksArr)
	if l.Tracks == nil {
		l.Tracks = []string{}
	}
	return l
}

// getRoleLink runs a statement answering one invitation link.
func (s *Store) getRoleLink(ctx context.Context, q string, args ...any) (domain.RoleLink, error) {
	var row roleLinkRow
	if err := s.db.GetContext(ctx, &row, q, args...); err != nil {
		return domain.RoleLink{}, mapErr(err, "invitation link")
	}
	return row.link(), nil
}

// CreateRoleLink implements domain.RoleLinkStore.
func (s *Store) CreateRoleLink(ctx context.Context, l domain.RoleLink, hash []byte, createdBy int64) (domain.RoleLink, error) {
	return s.getRoleLink(ctx, s.q.CreateRoleLink, l.ContestID, hash, l.Role, l.Tracks, l.Scoped, l.Prize, l.Label,
		l.ExpiresAt, l.MaxUses, createdBy)
}

// RoleLinks implements domain.RoleLinkStore.
func (s *Store) RoleLinks(ctx context.Context, contestID int64) ([]domain.RoleLink, error) {
	var rows []roleLinkRow
	if err := s.db.SelectContext(ctx, &rows, s.q.RoleLinks, contestID); err != nil {
		return nil, mapErr(err, "invitation links")
	}
	out := make([]domain.RoleLink, len(rows))
	for i, r := range rows {
		out[i] = r.link()
	}
	return out, nil
}

// RevokeRoleLink implements domain.RoleLinkStore.
func (s *Store) RevokeRoleLink(ctx context.Context, contestID, id int64) (domain.RoleLink, error) {
	return s.getRoleLink(ctx, s.q.RevokeRoleLink, contestID, id)
}

// RoleLinkByHash implements domain.RoleLinkStore.
func (s *Store) RoleLinkByHash(ctx context.Context, hash []byte) (domain.RoleLink, error) {
	return s.getRoleLink(ctx, s.q.RoleLinkByHash, hash)
}

// UseRoleLink implements domain.RoleLinkStore.
func (s *Store) UseRoleLink(ctx context.Context, hash []byte, userID int64, now time.Time) (domain.RoleLink, error) {
	return s.getRoleLink(ctx, s.q.UseRoleLink, hash, userID, now)
}

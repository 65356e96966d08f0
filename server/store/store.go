// Package store implements the domain's persistence interfaces on PostgreSQL
// with sqlx. Every SQL statement lives in queries/*.sql as a named block and
// is checked by the server at start, so a broken query stops the boot instead
// of a request.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/podium-contests/podium/server/domain"
)

//go:embed queries/*.sql
var queryFiles embed.FS

// DriverName is the database/sql driver the store and its tools use
// (lib/pq).
const DriverName = "postgres"

// Store is the PostgreSQL implementation of the domain stores.
type Store struct {
	db        *preparedDB
	q         queries
	sqlByName map[string]string
	progress  *announcer
	// progressCache keeps rounds' progress between their changes.
	progressCache *progressCache
	// Lookups that every request of a kind makes, shared by concurrent
	// requests (see batcher).
	sessions         *batcher[string, sessionRow]
	sessionCache     *sessionCache
	teamsAndContests *batcher[int64, teamContestRow]
	drafts           *batcher[draftKey, draftRow]
	assignmentRounds *batcher[int64, assignmentRoundRow]
	scores           *batcher[int64, scoreRow]
	scoreWrites      *writeBatcher[int64, scoreWrite]
	versionWrites    *writeBatcher[int64, versionWrite]
}

// Options sizes the connection pool.
type Options struct {
	MaxOpenConns int
	MaxIdleConns int
	// Unprepared sends every query unprepared (two round trips each), for
	// transaction-mode poolers without prepared-statement support.
	Unprepared bool
	// CustomPlans leaves PostgreSQL to plan prepared queries as it likes
	// (plan_cache_mode=auto), for a pooler that refuses settings in the
	// startup message. By default the prepared queries are planned once per
	// connection; see genericPlans.
	CustomPlans bool
}

// genericPlans is sent when connecting, unless the URL sets plan_cache_mode
// itself: PostgreSQL then plans each prepared query once per connection. Left
// to choose (auto), it planned the hot lookups again at every execution,
// since the generic plan of `= ANY($1)` or jsonb_to_recordset($1) is costed
// for more keys than a batch usually has: a quarter of the database's CPU
// under load went to planning. Every hot query is a lookup by key, whose
// plan does not depend on the values; the EXPLAIN test checks the generic
// plans of every named query.
const genericPlans = "force_generic_plan"

// connector returns the connections of url, with plan_cache_mode set to
// generic plans unless custom.
func connector(url string, custom bool) (driver.Connector, error) {
	cfg, err := pq.NewConfig(url)
	if err != nil {
		return nil, err
	}
	if _, set := cfg.Runtime["plan_cache_mode"]; !custom && !set {
		cfg = cfg.Clone() // Clone makes Runtime
		cfg.Runtime["plan_cache_mode"] = genericPlans
	}
	return pq.NewConnectorConfig(cfg)
}

// Open connects, sizes the pool and checks every named query against the
// schema. The schema must already be migrated (see Migrate).
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	conns, err := connector(url, opt.CustomPlans || opt.Unprepared)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := sqlx.NewDb(sql.OpenDB(conns), DriverName)
	db.SetMaxOpenConns(opt.MaxOpenConns)
	db.SetMaxIdleConns(opt.MaxIdleConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{}
	if s.sqlByName, err = loadQueries(&s.q); err != nil {
		db.Close()
		return nil, err
	}
	if s.db, err = prepare(ctx, db, s.sqlByName, !opt.Unprepared); err != nil {
		return nil, err
	}
	s.progress = newAnnouncer(s.db, s.q.NotifyProgress)
	s.progressCache = newProgressCache()
	s.sessionCache = newSessionCache()
	s.sessions = newBatcher(batchRunners, selectByKeys(s.db, s.q.SessionsByHash, hashKeys, func(r sessionRow) string { return string(r.IDHash) }))
	s.teamsAndContests = newBatcher(batchRunners, selectByKeys(s.db, s.q.TeamsAndContests, arrayKeys, func(r teamContestRow) int64 { return r.ID }))
	s.assignmentRounds = newBatcher(scoreRunners, selectByKeys(s.db, s.q.AssignmentRounds, arrayKeys, func(r assignmentRoundRow) int64 { return r.Assignment.ID }))
	s.scoreWrites = newWriteBatcher(scoreRunners, func(w scoreWrite) int64 { return w.AssignmentID },
		func(ctx context.Context, items []scoreWrite) (map[int64]bool, error) {
			return s.writeScores(ctx, s.db, items)
		})
	s.drafts = newBatcher(batchRunners, selectByKeys(s.db, s.q.DraftsForSubmit, draftKeys, draftRow.key))
	s.versionWrites = newWriteBatcher(batchRunners, func(w versionWrite) int64 { return w.SubmissionID }, s.insertVersions)
	s.scores = newBatcher(scoreRunners, selectByKeys(s.db, s.q.ScoresByAssignment, arrayKeys, func(r scoreRow) int64 { return r.AssignmentID }))
	return s, nil
}

// Queries returns every named query's SQL by name (a copy), for checks that
// run over all of them, such as the EXPLAIN test of the hot paths.
func (s *Store) Queries() map[string]string {
	out := make(map[string]string, len(s.sqlByName))
	for k, v := range s.sqlByName {
		out[k] = v
	}
	return out
}

// DB exposes the pool for migrations, jobs and health checks.
func (s *Store) DB() *sqlx.DB { return s.db.DB }

// Close closes the pool.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// namedParam finds sqlx :name parameters (not :: casts).
var namedParam = regexp.MustCompile(`(^|[^:]):[a-z_]+`)

var nameLine = regexp.MustCompile(`(?m)^--\s*name:\s*(\S+)\s*$`)

// parseQueries splits a file into its named blocks.
func parseQueries(src string) map[string]string {
	out := map[string]string{}
	idx := nameLine.FindAllStringSubmatchIndex(src, -1)
	for i, m := range idx {
		end := len(src)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		out[src[m[2]:m[3]]] = strings.TrimSpace(src[m[1]:end])
	}
	return out
}

// loadQueries fills every `query:"name"` field of q from the embedded files,
// failing on a field without a query and on a query no field uses.
func loadQueries(q any) (map[string]string, error) {
	all := map[string]string{}
	err := fs.WalkDir(queryFiles, "queries", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := queryFiles.ReadFile(path)
		if err != nil {
			return err
		}
		for name, sql := range parseQueries(string(b)) {
			if _, dup := all[name]; dup {
				return fmt.Errorf("query %q defined twice (%s)", name, path)
			}
			all[name] = sql
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load queries: %w", err)
	}
	used := map[string]bool{}
	if err := fillQueries(reflect.ValueOf(q).Elem(), all, used); err != nil {
		return nil, err
	}
	for name := range all {
		if !used[name] {
			return nil, fmt.Errorf("load queries: query %q is not used", name)
		}
	}
	return all, nil
}

// fillQueries sets the tagged string fields of v, descending into embedded
// structs so that each concern can keep its queries in its own struct.
func fillQueries(v reflect.Value, all map[string]string, used map[string]bool) error {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if f.Type.Kind() == reflect.Struct {
			if err := fillQueries(v.Field(i), all, used); err != nil {
				return err
			}
			continue
		}
		name := f.Tag.Get("query")
		sql, ok := all[name]
		if !ok {
			return fmt.Errorf("load queries: no query named %q", name)
		}
		v.Field(i).SetString(sql)
		used[name] = true
	}
	return nil
}

// mapErr turns driver errors into domain errors: missing rows become
// not_found, unique violations conflict, lost connections unavailable.
func mapErr(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound(what)
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch {
		case pqErr.Code == "23505":
			return &domain.Error{Code: domain.CodeConflict, Message: what + " already exists", Err: err}
		case pqErr.Code == "23P01" && pqErr.Constraint == "contest_members_one_role":
			return &domain.Error{Code: domain.CodeConflict, Err: err,
				Message: "this person already holds the role " + pqErr.Detail + " in this contest; one person holds one role per contest"}
		case pqErr.Code == "23P01" && pqErr.Constraint == "team_members_one_team":
			return &domain.Error{Code: domain.CodeConflict, Err: err, Fields: domain.FieldsOf(map[string]string{"contest": "you left a team of this contest"}),
				Message: "you left team " + pqErr.Detail + " after it submitted; a person enters one team per contest"}
		case pqErr.Code.Class() == "08" || pqErr.Code.Class() == "57" || pqErr.Code.Class() == "53":
			return unavailable(err)
		}
		return err
	}
	var netErr net.Error
	if errors.Is(err, driver.ErrBadConn) || errors.As(err, &netErr) || errors.Is(err, sql.ErrConnDone) ||
		strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "EOF") {
		return unavailable(err)
	}
	return err
}

// isUniqueViolation reports whether err comes from a unique index.
func isUniqueViolation(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "23505"
}

func unavailable(err error) error {
	return &domain.Error{Code: domain.CodeUnavailable, Message: "the database is unavailable; try again shortly", Err: err}
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*preparedTx) error) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return mapErr(err, "transaction")
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after commit
	if err := fn(&preparedTx{Tx: tx, p: s.db}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "transaction")
}

// OpenRaw opens a plain database/sql pool, for migrations.
func OpenRaw(url string) (*sql.DB, error) {
	db, err := sql.Open(DriverName, url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// IsEmpty reports whether no account exists yet (a fresh install).
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.GetContext(ctx, &n, s.q.CountUsers)
	return n == 0, mapErr(err, "accounts")
}

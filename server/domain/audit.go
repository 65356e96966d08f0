package domain

import (
	"context"
	"io"
	"strconv"
	"time"
)

// AuditCSVHeader is the first row of the audit log export.
var AuditCSVHeader = []string{"id", "time", "actor_id", "actor_email", "action", "object_type", "object_id", "detail"}

// WriteAuditCSV writes a contest's whole audit log, newest first as the
// console shows it, as CSV for its organizers (an entry recorded while it
// pages is newer than the first page, so it is left out rather than
// repeated). Times are in the contest's time zone; every cell goes
// through CSVCell, since actors and details are user-supplied text that
// a spreadsheet would otherwise run as a formula. The caller is authorized
// before the first byte is written, so that a refusal can still be an error
// response.
func (s *Contests) WriteAuditCSV(ctx context.Context, u User, slug string, w io.Writer) error {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return err
	}
	loc := c.Location()
	cw := newSpreadsheetCSV(w)
	if err := cw.Write(AuditCSVHeader); err != nil {
		return err
	}
	p := Page{Limit: 200}
	for {
		list, err := s.Store.ListAudit(ctx, c.ID, p)
		if err != nil {
			return err
		}
		for _, e := range list {
			row := []string{strconv.FormatInt(e.ID, 10), e.CreatedAt.In(loc).Format(time.RFC3339),
				strconv.FormatInt(e.ActorID, 10), e.ActorEmail, e.Action, e.ObjectType, e.ObjectID, string(e.Detail)}
			if err := cw.Write(csvRow(row)); err != nil {
				return err
			}
		}
		if len(list) < p.Limit {
			break
		}
		p.After = list[len(list)-1].ID
	}
	cw.Flush()
	return cw.Error()
}

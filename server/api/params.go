package api

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// idParam reads a positive integer path parameter; anything else is a
// missing object, not a server error.
func idParam(c *fiber.Ctx, name, what string) (int64, error) {
	n, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, domain.NotFound(what)
	}
	return n, nil
}

// pageOf reads ?after= and ?limit= for keyset pagination.
func pageOf(c *fiber.Ctx) (domain.Page, error) {
	f := domain.Fields{}
	p := domain.Page{}
	if v := c.Query("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			f.Add("after", "must be a non-negative integer")
		}
		p.After = n
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			f.Add("limit", "must be an integer between 1 and 200")
		}
		p.Limit = n
	}
	return p.Normalize(), f.Err()
}

// rankingPageOf reads ?offset= and ?limit= of a ranking (limit 0: the
// whole ranking).
func rankingPageOf(c *fiber.Ctx) (offset, limit int, err error) {
	f := domain.Fields{}
	if v := c.Query("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			f.Add("offset", "must be a non-negative integer")
		}
	}
	if v := c.Query("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			f.Add("limit", "must be an integer between 1 and 1000")
		}
	}
	return offset, limit, f.Err()
}

// maxRankingEntries bounds the ids of ?entries= (a ranking page's limit).
const maxRankingEntries = 1000

// rankingEntriesOf reads ?entries=: entry ids separated by commas (at most
// maxRankingEntries), which select entries of a ranking instead of a page;
// nil when absent.
func rankingEntriesOf(c *fiber.Ctx) ([]int64, error) {
	v := c.Query("entries")
	if v == "" {
		return nil, nil
	}
	if c.Query("offset") != "" || c.Query("limit") != "" {
		return nil, domain.Invalid(map[string]string{"entries": "is not used with offset or limit"})
	}
	fields := strings.Split(v, ",")
	if len(fields) > maxRankingEntries {
		return nil, domain.Invalid(map[string]string{"entries": fmt.Sprintf("at most %d entry ids, got %d", maxRankingEntries, len(fields))})
	}
	ids := make([]int64, len(fields))
	for i, f := range fields {
		n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil || n <= 0 {
			return nil, domain.Invalid(map[string]string{"entries": "must be entry ids separated by commas"})
		}
		ids[i] = n
	}
	return ids, nil
}

// partNumbers reads ?resend=: part numbers separated by commas (at most
// 10,000, the number of parts S3 allows).
func partNumbers(v string) ([]int32, error) {
	if v == "" {
		return nil, nil
	}
	fields := strings.Split(v, ",")
	bad := domain.Invalid(map[string]string{"resend": "must be part numbers separated by commas"})
	if len(fields) > 10000 {
		return nil, bad
	}
	out := make([]int32, len(fields))
	for i, f := range fields {
		n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 32)
		if err != nil {
			return nil, bad
		}
		out[i] = int32(n)
	}
	return out, nil
}

// partWindow reads ?from_part= and ?limit= of a resume (the domain checks
// their range against the upload).
func partWindow(c *fiber.Ctx) (domain.PartWindow, error) {
	f := domain.Fields{}
	var w domain.PartWindow
	if v := c.Query("from_part"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 1 {
			f.Add("from_part", "must be a part number (1 or more)")
		}
		w.From = int32(n)
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > domain.MaxPartWindow {
			f.Add("limit", fmt.Sprintf("must be an integer between 1 and %d", domain.MaxPartWindow))
		}
		w.Limit = n
	}
	return w, f.Err()
}

// pageResult is a list with the cursor of the next page (0 when done).
type pageResult[T any] struct {
	Items     []T   `json:"items"`
	NextAfter int64 `json:"next_after"`
}

// paged wraps a page of items whose ids are given by id.
func paged[T any](items []T, p domain.Page, id func(T) int64) pageResult[T] {
	r := pageResult[T]{Items: items}
	if len(items) == p.Limit && len(items) > 0 {
		r.NextAfter = id(items[len(items)-1])
	}
	return r
}

// userPage answers one page of a list that the signed-in caller asks for.
func userPage[T any](c *fiber.Ctx, list func(domain.User, domain.Page) ([]T, error), id func(T) int64) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	items, err := list(u, p)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, paged(items, p, id))
}

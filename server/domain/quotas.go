package domain

import (
	"fmt"
	"sort"
	"time"

	"github.com/podium-contests/podium/server/internal/ratelimit"
)

// UploadLimits bound what one team can make the platform store and sign
// (PODIUM_UPLOAD_* and PODIUM_RATE_UPLOAD_* settings). The quotas follow
// the contest's file slots, so a contest with bigger files allows more:
//
//   - at most PendingPerSlot × (number of slots) uploads in progress at
//     once per team; at that limit, a user's new upload to a slot
//     supersedes their unfinished ones to the same slot (abandoned, for the
//     cleanup job to remove), so that choosing another file never locks a
//     team out;
//   - at most StorageFactor × (sum of the slots' max_bytes) held per team:
//     pending, stored, replaced (kept while a version includes them) and
//     abandoned files not yet removed by the cleanup job;
//   - at most HourlyFactor × (sum of the slots' max_bytes) declared per team
//     in any hour, whatever became of the uploads.
//
// The checks read the team's files and then insert: two declarations of a
// team at the same instant may both pass, so a quota may be exceeded by
// the few uploads declared concurrently (the per-user Declare throttle
// bounds those). Zero values do not limit.
type UploadLimits struct {
	Declare  ratelimit.Rate // file declarations per user
	Complete ratelimit.Rate // completions per user
	Parts    ratelimit.Rate // part-URL windows (resume) per user
	Submit   ratelimit.Rate // submits per user

	PendingPerSlot int
	StorageFactor  float64
	HourlyFactor   float64
	// AbandonAfter is how long an upload may stay pending before the
	// cleanup job gives it up and removes what it stored
	// (DefaultAbandonAfter when zero).
	AbandonAfter time.Duration
}

// DefaultAbandonAfter is UploadLimits.AbandonAfter's default: long enough
// for a multi-GB upload over a slow link (10 GB at 2 Mbit/s takes 11 h),
// short enough that abandoned parts do not pile up for a day.
const DefaultAbandonAfter = 12 * time.Hour

// FileUsage is a file as the upload quotas count it.
type FileUsage struct {
	ID        string    `db:"id"`
	Slot      string    `db:"slot"`
	Status    string    `db:"status"`
	Size      int64     `db:"size"`
	CreatedBy int64     `db:"created_by"`
	CreatedAt time.Time `db:"created_at"`
}

// quotaWindow is the period of the declared-bytes quota.
const quotaWindow = time.Hour

// checkUploadQuota decides whether userID may declare a file of size bytes
// to slot, given the team's files (what UploadUsage lists) at now; with
// supersede, only by giving up the user's unfinished uploads to the slot.
func checkUploadQuota(l UploadLimits, c Contest, files []FileUsage, userID int64, slot string, size int64, now time.Time) (supersede bool, err error) {
	var slotBytes int64
	for _, s := range c.Files {
		slotBytes += s.MaxBytes
	}
	pending, own, held := 0, 0, int64(0)
	var recent []FileUsage
	for _, f := range files {
		switch f.Status {
		case FilePending:
			pending++
			if f.CreatedBy == userID && f.Slot == slot {
				own++
			}
			held += f.Size
		case FileStored, FileReplaced, FileAbandoned:
			held += f.Size
		}
		if now.Sub(f.CreatedAt) < quotaWindow {
			recent = append(recent, f)
		}
	}
	if maxPending := l.PendingPerSlot * len(c.Files); l.PendingPerSlot > 0 && pending >= maxPending {
		if pending-own >= maxPending {
			return false, Errorf(CodeConflict, "the team already has %d uploads in progress, the most it may have at once; "+
				"finish one first (unfinished uploads are given up after %s)", pending, l.abandonAfter())
		}
		supersede = true
	}
	if limit := int64(l.StorageFactor * float64(slotBytes)); l.StorageFactor > 0 && held+size > limit {
		return false, Errorf(CodeTooLarge, "the team's files would take %s, more than its %s of storage; "+
			"replaced files are removed unless a submitted version includes them", byteSize(held+size), byteSize(limit))
	}
	if limit := int64(l.HourlyFactor * float64(slotBytes)); l.HourlyFactor > 0 {
		if wait := declaredWait(recent, size, limit, now); wait > 0 {
			return false, RateLimited(wait, fmt.Sprintf("the team started uploads of more than %s in the last hour", byteSize(limit)))
		}
	}
	return supersede, nil
}

// declaredWait is how long until size more bytes fit in the hourly limit:
// 0 when they fit now, else until enough of the recent declarations have
// left the window.
func declaredWait(recent []FileUsage, size, limit int64, now time.Time) time.Duration {
	var declared int64
	for _, f := range recent {
		declared += f.Size
	}
	if declared+size <= limit {
		return 0
	}
	sort.Slice(recent, func(i, j int) bool { return recent[i].CreatedAt.Before(recent[j].CreatedAt) })
	for _, f := range recent {
		declared -= f.Size
		if declared+size <= limit {
			return f.CreatedAt.Add(quotaWindow).Sub(now)
		}
	}
	return quotaWindow // size alone exceeds the limit (a factor below 1)
}

func (l UploadLimits) abandonAfter() time.Duration {
	if l.AbandonAfter > 0 {
		return l.AbandonAfter
	}
	return DefaultAbandonAfter
}

// byteSize writes n bytes for people: "1.5 GiB", "300 MiB", "512 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

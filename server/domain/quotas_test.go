package domain

import (
	"testing"
	"time"
)

func TestCheckUploadQuota(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	const mib = 1 << 20
	c := Contest{Files: []FileSlot{{Key: "deck", MaxBytes: 10 * mib}, {Key: "video", MaxBytes: 90 * mib}}} // 100 MiB
	l := UploadLimits{PendingPerSlot: 2, StorageFactor: 3, HourlyFactor: 2}
	old := 2 * time.Hour
	cases := []struct {
		name  string
		files []FileUsage
		user  int64
		slot  string
		size  int64
		code  Code          // "" when allowed
		wait  time.Duration // for rate_limited
		// supersede: allowed by giving up the user's unfinished uploads to the slot
		supersede bool
	}{
		{name: "empty team", size: 90 * mib, slot: "video", user: 1},
		{name: "four pending, the most for two slots", user: 9, slot: "deck", size: 1, code: CodeConflict, files: []FileUsage{
			{Status: FilePending, CreatedBy: 1, Slot: "deck", CreatedAt: ago(old)}, {Status: FilePending, CreatedBy: 2, Slot: "deck", CreatedAt: ago(old)},
			{Status: FilePending, CreatedBy: 1, Slot: "video", CreatedAt: ago(old)}, {Status: FilePending, CreatedBy: 3, Slot: "video", CreatedAt: ago(old)}}},
		{name: "below the limit nothing is superseded", user: 1, slot: "deck", size: 1, files: []FileUsage{
			{Status: FilePending, CreatedBy: 1, Slot: "deck", CreatedAt: ago(old)}, {Status: FilePending, CreatedBy: 2, Slot: "deck", CreatedAt: ago(old)},
			{Status: FilePending, CreatedBy: 1, Slot: "video", CreatedAt: ago(old)}}},
		{name: "at the limit the user's own pending upload to the slot is superseded", user: 1, slot: "deck", size: 1, supersede: true, files: []FileUsage{
			{Status: FilePending, CreatedBy: 1, Slot: "deck", CreatedAt: ago(old)}, {Status: FilePending, CreatedBy: 2, Slot: "deck", CreatedAt: ago(old)},
			{Status: FilePending, CreatedBy: 1, Slot: "video", CreatedAt: ago(old)}, {Status: FilePending, CreatedBy: 3, Slot: "video", CreatedAt: ago(old)}}},
		{name: "stored, replaced and abandoned bytes are held", user: 1, slot: "video", size: 90 * mib, code: CodeTooLarge, files: []FileUsage{
			{Status: FileStored, Size: 90 * mib, CreatedAt: ago(old)}, {Status: FileReplaced, Size: 90 * mib, CreatedAt: ago(old)},
			{Status: FileAbandoned, Size: 90 * mib, CreatedAt: ago(old)}}},
		{name: "deleted and rejected ones are not", user: 1, slot: "video", size: 90 * mib, files: []FileUsage{
			{Status: FileStored, Size: 90 * mib, CreatedAt: ago(old)}, {Status: FileDeleted, Size: 90 * mib, CreatedAt: ago(old)},
			{Status: FileRejected, Size: 90 * mib, CreatedAt: ago(old)}, {Status: FileDeleted, Size: 90 * mib, CreatedAt: ago(old)}}},
		{name: "exactly the storage limit", user: 1, slot: "video", size: 100 * mib, files: []FileUsage{
			{Status: FileStored, Size: 200 * mib, CreatedAt: ago(old)}}},
		{name: "an hour's declarations, whatever became of them", user: 1, slot: "video", size: 90 * mib, code: CodeRateLimited, wait: 10 * time.Minute,
			files: []FileUsage{
				{Status: FileDeleted, Size: 50 * mib, CreatedAt: ago(50 * time.Minute)},
				{Status: FileRejected, Size: 50 * mib, CreatedAt: ago(40 * time.Minute)},
				{Status: FileDeleted, Size: 60 * mib, CreatedAt: ago(30 * time.Minute)}}},
		{name: "the wait is until enough leave the window", user: 1, slot: "video", size: 90 * mib, code: CodeRateLimited, wait: 30 * time.Minute,
			files: []FileUsage{
				{Status: FileDeleted, Size: 2 * mib, CreatedAt: ago(50 * time.Minute)},
				{Status: FileDeleted, Size: 20 * mib, CreatedAt: ago(10 * time.Minute)},
				{Status: FileDeleted, Size: 100 * mib, CreatedAt: ago(30 * time.Minute)}}},
		{name: "older declarations have left the window", user: 1, slot: "video", size: 90 * mib, files: []FileUsage{
			{Status: FileDeleted, Size: 150 * mib, CreatedAt: ago(61 * time.Minute)}}},
	}
	for _, tc := range cases {
		supersede, err := checkUploadQuota(l, c, tc.files, tc.user, tc.slot, tc.size, now)
		if tc.code == "" {
			if err != nil || supersede != tc.supersede {
				t.Errorf("%s: supersede %v, %v; want %v", tc.name, supersede, err, tc.supersede)
			}
			continue
		}
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			continue
		}
		if e, _ := err.(*Error); tc.code == CodeRateLimited && e.RetryAfter != tc.wait {
			t.Errorf("%s: wait %v, want %v", tc.name, e.RetryAfter, tc.wait)
		}
	}
	// Zero limits do not limit.
	many := make([]FileUsage, 50)
	for i := range many {
		many[i] = FileUsage{Status: FilePending, Size: 1 << 30, CreatedAt: now}
	}
	if _, err := checkUploadQuota(UploadLimits{}, c, many, 1, "deck", 1, now); err != nil {
		t.Fatalf("zero limits: %v", err)
	}
}

func TestRateLimitedSaysWhen(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "1 second", 200 * time.Millisecond: "1 second", 1500 * time.Millisecond: "2 seconds",
		119 * time.Second: "119 seconds", 2 * time.Minute: "2 minutes", 61*time.Minute + time.Second: "62 minutes",
	} {
		e := RateLimited(d, "too many")
		if e.Code != CodeRateLimited || e.RetryAfter != d || e.Message != "too many; try again in "+want {
			t.Errorf("RateLimited(%v) = %+v, want %q", d, e, want)
		}
	}
}

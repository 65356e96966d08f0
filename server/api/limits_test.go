package api

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/config"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/ratelimit"
)

// Throttles, IPv6 grouping, upload quotas, part-URL windows and the
// cleanup of unneeded objects.

// slow is a throttle of burst events and then one an hour, so that no
// token comes back while a test runs.
func slow(burst int) ratelimit.Rate {
	return ratelimit.Rate{Burst: burst, Count: 1, Period: time.Hour}
}

// retryAfter is a 429's Retry-After in seconds.
func retryAfter(t *testing.T, r response) int {
	t.Helper()
	mustRateLimit(t, r)
	n, _ := strconv.Atoi(r.Header.Get("Retry-After"))
	return n
}

// mustWaitAbout asserts a Retry-After that is the real wait: at most want
// seconds, and less only by the time the test has taken.
func mustWaitAbout(t *testing.T, r response, want int) {
	t.Helper()
	if got := retryAfter(t, r); got > want || got < want-120 {
		t.Fatalf("Retry-After %d, want about %d seconds", got, want)
	}
}

func register(c *client, email, password string) response {
	return c.do("POST", "/api/v1/auth/register", map[string]string{"email": email, "password": password, "name": "Sign Up"})
}

// A campus behind one NAT address: the defaults let many more than 20
// people sign up at once (the 21st was refused for up to an hour).
func TestCampusSignsUpBehindOneAddress(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	if r := ts.cfg.Rates.Register; r.Burst < 100 || float64(r.Burst)+float64(r.Count)*time.Hour.Seconds()/r.Period.Seconds() < 1000 {
		t.Fatalf("registration default %s does not let 1,000 people sign up from one address within an hour", r)
	}
	campus := ts.client()
	campus.ip = "198.51.100.200"
	for i := range 30 {
		mustStatus(t, register(campus, fmt.Sprintf("student%d@example.edu", i), "a-long-password"), 201)
	}
}

// Retry-After is the time until the request would pass, not a constant.
func TestRetryAfterIsTheRealWait(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(c *config.Config) {
		c.Rates.Register = ratelimit.Rate{Burst: 2, Count: 2, Period: 4 * time.Hour} // one per 2 hours
	})
	now := time.Now()
	ts.acc.Limiter = ratelimit.NewWithClock(func() time.Time { return now })
	bot := ts.client()
	bot.ip = "198.51.100.77"
	for i := range 2 {
		mustStatus(t, register(bot, fmt.Sprintf("r%d@example.org", i), "a-long-password"), 201)
	}
	if got := retryAfter(t, register(bot, "r2@example.org", "a-long-password")); got != 7200 {
		t.Fatalf("Retry-After %d, want 7200", got)
	}
	now = now.Add(7199 * time.Second)
	if got := retryAfter(t, register(bot, "r2@example.org", "a-long-password")); got != 1 {
		t.Fatalf("Retry-After %d a second before, want 1", got)
	}
	now = now.Add(time.Second)
	mustStatus(t, register(bot, "r2@example.org", "a-long-password"), 201)
}

func TestAddressKeyGroupsIPv6ByPrefix(t *testing.T) {
	for _, tc := range []struct {
		addr string
		bits int
		want string
	}{
		{"198.51.100.7", 64, "198.51.100.7"},
		{"::ffff:198.51.100.7", 64, "198.51.100.7"},
		{"2001:db8:1:2::1", 64, "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", 64, "2001:db8:1:2::/64"},
		{"2001:db8:1:2::1", 56, "2001:db8:1::/56"},
		{"2001:db8:1:2::1", 128, "2001:db8:1:2::1/128"},
		{"fe80::1%eth0", 64, "fe80::/64"},
		{"2001:db8::1", 0, "2001:db8::/64"}, // unset: the default
		{"not-an-address", 64, "not-an-address"},
	} {
		if got := addressKey(tc.addr, tc.bits); got != tc.want {
			t.Errorf("addressKey(%q, %d) = %q, want %q", tc.addr, tc.bits, got, tc.want)
		}
	}
}

// Every per-address throttle keys on the /64 (PODIUM_IPV6_PREFIX), so a
// client cannot step around it through the addresses of its own network.
func TestThrottlesGroupIPv6ByPrefix(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(c *config.Config) {
		c.Rates.Register = slow(3)
		c.Rates.LoginAddress = slow(10)
		c.Rates.Token = slow(3)
	})
	ts.signUp("victim@example.org")
	c := ts.client()
	at := func(format string, i int) *client {
		c.ip = fmt.Sprintf(format, i)
		return c
	}

	// Sign-ups: three from one /64, whatever the address; another /64 is
	// another client.
	for i := range 3 {
		mustStatus(t, register(at("2001:db8:1:2::%x", i+1), fmt.Sprintf("v6-%d@example.org", i), "a-long-password"), 201)
	}
	mustRateLimit(t, register(at("2001:db8:1:2:ffff::%x", 9), "v6-9@example.org", "a-long-password"))
	mustStatus(t, register(at("2001:db8:1:3::%x", 1), "v6-10@example.org", "a-long-password"), 201)

	// Wrong passwords for one account: five per (account, /64).
	guess := func(email string, i int) response {
		return c.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": fmt.Sprintf("guess-%d", i)})
	}
	for i := range 5 {
		at("2001:db8:9:9::%x", i+100)
		mustStatus(t, guess("victim@example.org", i), 401)
	}
	at("2001:db8:9:9:abcd::%x", 1)
	mustRateLimit(t, guess("victim@example.org", 5))
	// The owner elsewhere is not locked out.
	owner := ts.client()
	owner.ip = "2001:db8:4:4::1"
	owner.login("victim@example.org", "a-long-password")

	// Wrong passwords across accounts: ten per /64.
	for i := range 10 {
		at("2001:db8:7:7:%x::1", i)
		mustStatus(t, guess(fmt.Sprintf("nobody%d@example.org", i), i), 401)
	}
	at("2001:db8:7:7:%x::1", 10)
	mustRateLimit(t, guess("nobody10@example.org", 10))

	// Invalid bearer tokens: three per /64.
	for i := range 4 {
		at("2001:db8:5:5::%x", i+1)
		c.bearer = "pdm_not-a-token"
		r := c.do("GET", "/api/v1/me", nil)
		if i < 3 {
			mustStatus(t, r, 401)
		} else {
			mustRateLimit(t, r)
		}
	}
}

// Wrong current passwords on a password change are throttled per user: a
// stolen session must not become a way to guess the password.
func TestPasswordChangeGuessesThrottled(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(c *config.Config) { c.Rates.PasswordChange = slow(3) })
	u := ts.signUp("owner@example.org")
	change := func(current string) response {
		return u.do("POST", "/api/v1/me/password", map[string]string{"current_password": current, "new_password": "another-long-password"})
	}
	for i := range 3 {
		mustStatus(t, change(fmt.Sprintf("guess-%d", i)), 400)
	}
	mustRateLimit(t, change("a-long-password"))
}

// Requests without a session or token are throttled per address group;
// signed-in callers from the same address are not.
func TestAnonymousRequestsThrottledPerAddress(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(c *config.Config) { c.RateAnonymous = slow(4) })
	u := ts.signUp("member@example.org") // a sign-up and a sign-in: two anonymous requests
	visitor := ts.client()
	mustStatus(t, visitor.do("GET", "/api/v1/contests", nil), 200)
	mustStatus(t, visitor.do("GET", "/api/v1/contests", nil), 200)
	mustRateLimit(t, visitor.do("GET", "/api/v1/contests", nil))
	mustStatus(t, u.do("GET", "/api/v1/contests", nil), 200)
	other := ts.client()
	other.ip = "2001:db8:42::1"
	mustStatus(t, other.do("GET", "/api/v1/contests", nil), 200)
}

// newDraftingTeam is a server with the contest "green" and a team whose
// captain has saved a complete draft but for the files; base is the path
// of its submission.
func newDraftingTeam(t *testing.T, mutate ...func(*config.Config)) (*testServer, *client, domain.Team, string) {
	t.Helper()
	ts := newTestServer(t, mutate...)
	ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Owls", "energy")
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "T", "fields": map[string]string{"repo": "https://example.org/r"}}), 200)
	return ts, cap, team, base
}

// Resuming, declaring, completing and submitting are throttled per user.
func TestUploadRoutesThrottledPerUser(t *testing.T) {
	t.Parallel()
	_, cap, team, base := newDraftingTeam(t, func(c *config.Config) {
		c.Uploads.Parts, c.Uploads.Complete, c.Uploads.Submit = slow(2), slow(1), slow(1)
	})
	content := pdfBytes(2048)
	f := cap.uploadPDF(team.ID, content) // one completion
	state := base + "/files/" + f.ID
	mustStatus(t, cap.do("GET", state, nil), 200)
	mustStatus(t, cap.do("GET", state, nil), 200)
	mustRateLimit(t, cap.do("GET", state, nil))
	// A retried completion of a stored file is answered without counting.
	mustStatus(t, cap.do("POST", state+"/complete", map[string]any{}), 200)
	r, nf := cap.declare(team.ID, "deck", "deck.pdf", int64(len(content)), sha(content))
	mustStatus(t, r, 201)
	if st, body := postToStore(t, nf.Upload, content); st/100 != 2 {
		t.Fatalf("store refused upload: %d %s", st, body)
	}
	mustRateLimit(t, cap.do("POST", base+"/files/"+nf.FileID+"/complete", map[string]any{}))
	mustStatus(t, cap.do("POST", base+"/submit", map[string]any{}), 201)
	mustRateLimit(t, cap.do("POST", base+"/submit", map[string]any{}))
}

// The upload quotas follow the contest's slots (deck 10 MiB + video
// 300 MiB here): 2 uploads in progress per slot, 4 × 310 MiB held, 4 ×
// 310 MiB declared an hour.
func TestUploadQuotasPerTeam(t *testing.T) {
	t.Parallel()
	ts, cap, team, _ := newDraftingTeam(t)
	mates := []*client{ts.signUp("m1@example.org"), ts.signUp("m2@example.org")}
	for _, m := range mates {
		mustStatus(t, m.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}), 200)
	}
	deck := pdfBytes(1024)
	declareVideo := func(c *client) response {
		r := c.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files", team.ID),
			map[string]any{"slot": "video", "filename": "demo.mp4", "size": 300 << 20, "content_type": "video/mp4", "sha256": sha(deck)})
		return r
	}
	declareDeck := func(c *client) response {
		r, _ := c.declare(team.ID, "deck", "deck.pdf", int64(len(deck)), sha(deck))
		return r
	}

	// In progress at once: 4 for 2 slots; at that limit a user's new upload
	// to a slot replaces their unfinished one there.
	mustStatus(t, declareDeck(cap), 201)
	mustStatus(t, declareDeck(mates[0]), 201)
	mustStatus(t, declareDeck(mates[1]), 201)
	mustStatus(t, declareVideo(cap), 201)
	r := declareVideo(mates[0])
	mustStatus(t, r, 409)
	if code, _ := r.errorCode(t); code != string(domain.CodeConflict) {
		t.Fatalf("code %s", code)
	}
	mustStatus(t, declareDeck(mates[0]), 201) // supersedes mates[0]'s deck

	// Held bytes: cap's superseded videos stay in the bucket until the
	// cleanup job removes them, and count until then.
	for range 3 {
		mustStatus(t, declareVideo(cap), 201) // 4 × 300 MiB declared and held
	}
	r = declareVideo(cap)
	mustStatus(t, r, 413)
	if code, _ := r.errorCode(t); code != string(domain.CodeTooLarge) {
		t.Fatalf("code %s: %s", code, r.Body)
	}
	// The cleanup frees the space, but the hour's declarations still
	// count: the answer says when the oldest leaves the window.
	if _, err := ts.con.CleanupUploads(t.Context(), 100); err != nil {
		t.Fatal(err)
	}
	mustWaitAbout(t, declareVideo(cap), 3600)
}

// Part URLs come in windows: the missing parts from ?from_part= on, at most
// ?limit= (100 and the default) of them, with where the next starts.
func TestPartURLsComeInWindows(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	in := contestInput("big")
	in["files"] = []map[string]any{{"key": "report", "label": "Report", "required": true, "max_bytes": 300 << 20, "types": []string{".pdf"}}}
	mustStatus(t, admin.do("POST", "/api/v1/contests", in), 201)
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("big", "Owls", "energy")
	const size = 300 << 20 // parts of the smallest size: more than 5, fewer than 100
	r, nf := cap.declare(team.ID, "report", "report.pdf", size, sha([]byte("x")))
	mustStatus(t, r, 201)
	up := nf.Upload
	count := int32((size + up.PartSize - 1) / up.PartSize)
	if up.PartCount != count || up.NextPart != 0 || count <= 5 || count > domain.MaxPartWindow {
		t.Fatalf("plan: %d parts of %d bytes, next %d", up.PartCount, up.PartSize, up.NextPart)
	}
	checkParts(t, up.PartSize, size, up.Parts, allParts(count))

	state := fmt.Sprintf("/api/v1/teams/%d/submission/files/%s", team.ID, nf.FileID)
	window := func(query string) domain.Upload {
		t.Helper()
		r := cap.do("GET", state+query, nil)
		mustStatus(t, r, 200)
		return decode[domain.UploadState](t, r).Upload
	}
	var got []int32
	for from := int32(1); from != 0; {
		w := window(fmt.Sprintf("?from_part=%d&limit=5", from))
		if len(w.Parts) > 5 || w.PartCount != count {
			t.Fatalf("window from %d: %d parts of %d", from, len(w.Parts), w.PartCount)
		}
		for _, p := range w.Parts {
			got = append(got, p.Number)
		}
		from = w.NextPart
	}
	if fmt.Sprint(got) != fmt.Sprint(allParts(count)) {
		t.Fatalf("windows gave parts %v", got)
	}

	// A stored part is skipped; the window still holds limit parts.
	part2 := pdfBytes(int(up.PartSize))
	if st, _ := putPart(t, up.Parts[1].URL, part2); st != 200 {
		t.Fatalf("part 2: status %d", st)
	}
	w := window("?limit=3")
	checkParts(t, up.PartSize, size, w.Parts, []int32{1, 3, 4})
	if w.NextPart != 5 {
		t.Fatalf("next part %d, want 5", w.NextPart)
	}
	// Unless the client does not trust it.
	checkParts(t, up.PartSize, size, window("?limit=3&resend=2").Parts, []int32{1, 2, 3})

	for query, field := range map[string]string{
		"?limit=101": "limit", "?limit=0": "limit", "?limit=x": "limit",
		"?from_part=0": "from_part", fmt.Sprintf("?from_part=%d", count+1): "from_part", "?from_part=-1": "from_part",
	} {
		r := cap.do("GET", state+query, nil)
		mustStatus(t, r, 400)
		if _, f := r.errorCode(t); f[field] == "" {
			t.Fatalf("%s: %s", query, r.Body)
		}
	}
}

// Replaced files that no version includes, abandoned uploads and uploads
// pending too long lose their objects to the cleanup job, which checks the
// bucket no longer has them; files a version includes stay.
func TestCleanupRemovesUnneededObjects(t *testing.T) {
	t.Parallel()
	// One upload in progress per slot: two for the team.
	ts, cap, team, base := newDraftingTeam(t, func(c *config.Config) { c.Uploads.PendingPerSlot = 1 })
	ctx := t.Context()
	file := func(id string) domain.SubmissionFile {
		t.Helper()
		f, err := ts.store.FileByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	inBucket := func(id string) bool {
		t.Helper()
		_, err := ts.blob.Size(ctx, file(id).ObjectKey)
		if err != nil && domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatal(err)
		}
		return err == nil
	}

	submitted := cap.uploadPDF(team.ID, pdfBytes(1000)) // in version 1
	mustStatus(t, cap.do("POST", base+"/submit", map[string]any{}), 201)
	replaced := cap.uploadPDF(team.ID, pdfBytes(1100)) // replaces it; in no version
	current := cap.uploadPDF(team.ID, pdfBytes(1200))  // replaces that
	// A multipart upload with a stored part, left pending by a teammate.
	mate := ts.signUp("mate@example.org")
	mustStatus(t, mate.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}), 200)
	r := mate.do("POST", base+"/files", map[string]any{"slot": "video", "filename": "demo.mp4", "size": 200 << 20, "content_type": "video/mp4", "sha256": sha([]byte("x"))})
	mustStatus(t, r, 201)
	stale := decode[domain.NewFile](t, r)
	if st, _ := putPart(t, stale.Upload.Parts[0].URL, pdfBytes(int(stale.Upload.PartSize))); st != 200 {
		t.Fatalf("part: %d", st)
	}
	staleFile := file(stale.FileID)
	// At the team's limit, an upload superseded by the same user's next one
	// to the slot.
	r, superseded := cap.declare(team.ID, "deck", "deck.pdf", 900, sha(pdfBytes(900)))
	mustStatus(t, r, 201)
	_, next := cap.declare(team.ID, "deck", "deck2.pdf", 800, sha(pdfBytes(800)))

	if file(superseded.FileID).Status != domain.FileAbandoned || file(replaced.ID).Status != domain.FileReplaced {
		t.Fatal("superseded upload not abandoned, or replaced file not replaced")
	}
	if n, err := ts.con.CleanupUploads(ctx, 100); err != nil || n != 2 {
		t.Fatalf("cleanup: %d, %v; want the replaced and the abandoned file", n, err)
	}
	for _, id := range []string{replaced.ID, superseded.FileID} {
		if f := file(id); f.Status != domain.FileDeleted || inBucket(id) {
			t.Fatalf("file %s: %s, in bucket %v", id, f.Status, inBucket(id))
		}
	}
	for id, status := range map[string]string{submitted.ID: domain.FileReplaced, current.ID: domain.FileStored, stale.FileID: domain.FilePending, next.FileID: domain.FilePending} {
		if f := file(id); f.Status != status || (status != domain.FilePending && !inBucket(id)) {
			t.Fatalf("file %s: %s (want %s), in bucket %v", id, f.Status, status, inBucket(id))
		}
	}
	// The submitted version's file is still served.
	mustStatus(t, cap.do("GET", "/api/v1/files/"+submitted.ID+"/download", nil), 302)
	mustStatus(t, cap.do("GET", "/api/v1/files/"+replaced.ID+"/download", nil), 404)
	// Completing a removed upload is refused.
	mustStatus(t, cap.do("POST", base+"/files/"+superseded.FileID+"/complete", map[string]any{}), 409)

	// Past PODIUM_UPLOAD_ABANDON_AFTER, pending uploads go too, their
	// multipart uploads aborted.
	ts.con.Now = func() time.Time { return time.Now().Add(ts.cfg.Uploads.AbandonAfter + time.Minute) }
	if n, err := ts.con.CleanupUploads(ctx, 100); err != nil || n != 2 {
		t.Fatalf("cleanup of stale uploads: %d, %v", n, err)
	}
	for _, id := range []string{stale.FileID, next.FileID} {
		if f := file(id); f.Status != domain.FileDeleted {
			t.Fatalf("stale upload %s: %s", id, f.Status)
		}
	}
	if _, err := ts.blob.ListParts(ctx, staleFile.ObjectKey, staleFile.UploadID); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("multipart upload of a stale file still listed: %v", err)
	}
}

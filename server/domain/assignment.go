package domain

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/podium-contests/podium/judging"
)

// publicMailDomains are providers whose users share nothing but a mailbox
// host: sharing one of these is not a conflict of interest.
var publicMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true, "live.com": true,
	"msn.com": true, "yahoo.com": true, "ymail.com": true, "icloud.com": true, "me.com": true, "aol.com": true,
	"proton.me": true, "protonmail.com": true, "gmx.com": true, "gmx.de": true, "gmx.net": true, "web.de": true,
	"mail.ru": true, "yandex.ru": true, "qq.com": true, "foxmail.com": true, "163.com": true, "126.com": true,
	"sina.com": true, "yeah.net": true, "zoho.com": true, "fastmail.com": true, "example.org": true, "example.com": true,
}

func emailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(email[at+1:])
}

func sameOrg(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	return a != "" && strings.EqualFold(a, b)
}

// conflictReason says why judge must not review entry, or "" if nothing
// stands in the way: membership of the team, the same organization, the
// same non-public e-mail domain, or a conflict the judge declared. An entry
// outside a sponsor judge's panel is ruled out the same way, so that the
// assignment (and every later fill, move or extra review) never gives it
// to them while the judging contract stays as it is.
func conflictReason(jd JudgeInfo, e Entry, declared []DeclaredConflict) string {
	if p := jd.Panel(); p.Limited() && !p.Admits(e.Track, e.Fields) {
		return "outside the judge's panel"
	}
	if slices.Contains(e.MemberIDs, jd.UserID) {
		return "member of the team"
	}
	for _, org := range e.MemberOrgs {
		if sameOrg(jd.Organization, org) {
			return "same organization (" + jd.Organization + ")"
		}
	}
	if d := emailDomain(jd.Email); d != "" && !publicMailDomains[d] {
		for _, m := range e.MemberEmails {
			if emailDomain(m) == d {
				return "same e-mail domain (" + d + ")"
			}
		}
	}
	for _, dc := range declared {
		if dc.JudgeID != jd.UserID {
			continue
		}
		if dc.TeamID != nil && *dc.TeamID == e.TeamID {
			return "declared: " + dc.Reason
		}
		for _, org := range e.MemberOrgs {
			if sameOrg(dc.Organization, org) {
				return "declared: " + dc.Reason
			}
		}
	}
	return ""
}

// problem is an assignment problem built from a round's state, with the
// indices that map the engine's ids back to ours.
type problem struct {
	round   Round
	entries []Entry
	judges  []JudgeInfo
	input   judging.AssignInput
	active  []Assignment
}

// buildProblem gathers a round's entries, pool, conflicts (automatic,
// declared, and past conflict/drop records) and affinities.
func (j *Judging) buildProblem(ctx context.Context, r Round) (*problem, error) {
	entries, err := j.Store.RoundEntries(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	all, err := j.Store.Judges(ctx, r.ContestID)
	if err != nil {
		return nil, err
	}
	declared, err := j.Store.DeclaredConflicts(ctx, r.ContestID)
	if err != nil {
		return nil, err
	}
	interests, err := j.Store.Interests(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	history, err := j.Store.Assignments(ctx, r.ID, false)
	if err != nil {
		return nil, err
	}
	p := &problem{round: r, entries: entries}
	for _, jd := range all {
		if inPool(r, jd) {
			p.judges = append(p.judges, jd)
		}
	}
	blocked := map[[2]int64]bool{} // judge, entry pairs ruled out by history
	for _, a := range history {
		switch a.Status {
		case AssignActive:
			p.active = append(p.active, a)
		case AssignConflict, AssignDropped:
			blocked[[2]int64{a.JudgeID, a.SubmissionID}] = true
		}
	}
	want := map[[2]int64]float64{}
	for _, in := range interests {
		want[[2]int64{in.JudgeID, in.SubmissionID}] = in.Interest
	}
	in := judging.AssignInput{K: r.JudgesPerEntry, TrackRule: judging.TrackPrefer}
	if r.Balance == BalanceTime {
		in.Balance = judging.BalanceWeight
	}
	for _, e := range entries {
		in.Entries = append(in.Entries, judging.Entry{ID: strconv.FormatInt(e.SubmissionID, 10), Track: e.Track,
			Weight: ExpectedMinutes(e.Pages, e.MediaSeconds)})
	}
	maxLoad := r.MaxLoad
	if maxLoad == 0 && len(p.judges) > 0 {
		// Automatic: an even share plus 20% slack, so conflicts and track
		// preferences have room.
		maxLoad = int(math.Ceil(float64(len(entries)*r.JudgesPerEntry)/float64(len(p.judges))*1.2)) + 1
	}
	for ji, jd := range p.judges {
		in.Judges = append(in.Judges, judging.Judge{ID: strconv.FormatInt(jd.UserID, 10), Tracks: jd.Tracks, MaxLoad: maxLoad})
		for ei, e := range entries {
			pair := judging.Pair{Judge: int32(ji), Entry: int32(ei)}
			if blocked[[2]int64{jd.UserID, e.SubmissionID}] || conflictReason(jd, e, declared) != "" {
				in.Conflicts = append(in.Conflicts, pair)
				continue
			}
			aff := interestAffinity * want[[2]int64{jd.UserID, e.SubmissionID}]
			if len(jd.Tracks) == 0 || slices.Contains(jd.Tracks, e.Track) {
				aff += trackAffinity
			}
			if jd.Panel().Limited() {
				aff += panelAffinity // only entries of the panel get here
			}
			if aff != 0 {
				in.Affinity = append(in.Affinity, judging.Affinity{Pair: pair, Value: aff})
			}
		}
	}
	p.input = in
	return p, nil
}

func inPool(r Round, jd JudgeInfo) bool {
	if len(r.PoolJudges) > 0 {
		return slices.Contains(r.PoolJudges, jd.UserID)
	}
	if len(r.PoolTracks) == 0 || len(jd.Tracks) == 0 {
		return true
	}
	for _, t := range jd.Tracks {
		if slices.Contains(r.PoolTracks, t) {
			return true
		}
	}
	return false
}

// engineError turns the engine's answer into a domain error.
func engineError(err error) error {
	var inf *judging.InfeasibleError
	var bad *judging.InputError
	switch {
	case errors.As(err, &inf):
		return &Error{Code: CodeConflict, Message: "no assignment satisfies the constraints: " + inf.Error(), Err: err}
	case errors.As(err, &bad):
		return &Error{Code: CodeInvalid, Message: "the round cannot be assigned: " + bad.Error(), Err: err}
	}
	return err
}

// AssignmentSummary reports a stored assignment. Unassigned names the
// round's judges (and invited judges) who got no entry, and why.
type AssignmentSummary struct {
	Entries   int            `json:"entries"`
	Judges    int            `json:"judges"`
	Pairs     int            `json:"pairs"`
	Objective float64        `json:"objective"`
	Loads     map[string]int `json:"loads"`
	// ExpectedMinutes is each judge's total expected reading time, by
	// judge id (rounds balanced by time).
	ExpectedMinutes map[string]float64  `json:"expected_minutes,omitempty"`
	Stats           judging.AssignStats `json:"stats"`
	Unassigned      []UnassignedJudge   `json:"unassigned"`
}

// Why a judge of a round's pool got no entry.
const (
	UnassignedNoAccount = "no_account" // invited, but has not signed up yet
	UnassignedConflict  = "conflict"   // has a conflict with every entry
	UnassignedCapacity  = "capacity"   // the other judges' capacity covered every entry
)

// UnassignedJudge is a judge who could not be (or was not) given entries.
type UnassignedJudge struct {
	JudgeID int64  `json:"judge_id,omitempty"` // 0 for an invitation
	Email   string `json:"email"`
	Name    string `json:"name,omitempty"`
	Reason  string `json:"reason"` // no_account, conflict or capacity
	Message string `json:"message"`
}

// invitedToPool lists the invited judges (no account yet) that the
// round's pool would take.
func invitedToPool(r Round, invited []Member) []UnassignedJudge {
	out := []UnassignedJudge{}
	for _, m := range invited {
		if m.Role != RoleJudge || !inPool(r, JudgeInfo{Tracks: m.Tracks}) || len(r.PoolJudges) > 0 {
			continue
		}
		out = append(out, UnassignedJudge{Email: m.Email, Reason: UnassignedNoAccount,
			Message: "invited but has no account yet: once they sign up with this address, assign again or add them as an extra judge"})
	}
	return out
}

// unassignedJudges lists the pool's judges without entries and the
// round's invited judges who have no account yet.
func unassignedJudges(p *problem, load map[int64]int, invited []Member) []UnassignedJudge {
	out := invitedToPool(p.round, invited)
	conflicts := map[int32]int{}
	for _, c := range p.input.Conflicts {
		conflicts[c.Judge]++
	}
	for ji, jd := range p.judges {
		if load[jd.UserID] > 0 {
			continue
		}
		u := UnassignedJudge{JudgeID: jd.UserID, Email: jd.Email, Name: jd.Name, Reason: UnassignedCapacity,
			Message: "not needed: the other judges' capacity covered every entry"}
		if len(p.entries) > 0 && conflicts[int32(ji)] >= len(p.entries) {
			u.Reason, u.Message = UnassignedConflict, "has a conflict of interest with every entry of the round"
		}
		out = append(out, u)
	}
	return out
}

// Assign runs the engine on the whole round and stores the result,
// replacing an earlier assignment as long as nobody has scored yet.
func (j *Judging) Assign(ctx context.Context, u User, roundID int64) (AssignmentSummary, error) {
	r, c, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return AssignmentSummary{}, err
	}
	// The round's entries are fixed by its first assignment: the contest's
	// entries as submitted now (round 1) or the previous round's advanced
	// ones.
	if err := j.Store.FillRoundEntries(ctx, r); err != nil {
		return AssignmentSummary{}, err
	}
	p, err := j.buildProblem(ctx, r)
	if err != nil {
		return AssignmentSummary{}, err
	}
	if len(p.entries) == 0 {
		return AssignmentSummary{}, Errorf(CodeConflict, "the round has no entries yet (round 1 takes submitted entries; later rounds take advanced ones)")
	}
	invited, err := j.invitedJudges(ctx, r.ContestID)
	if err != nil {
		return AssignmentSummary{}, err
	}
	res, err := judging.Assign(p.input)
	if err != nil {
		err = engineError(err)
		if n := len(invitedToPool(r, invited)); n > 0 {
			var e *Error
			if errors.As(err, &e) {
				e.Message += "; " + strconv.Itoa(n) + " invited judge(s) have no account yet and cannot be assigned"
			}
		}
		return AssignmentSummary{}, err
	}
	var pairs []AssignmentPair
	perJudge := map[int64]int{}
	for _, a := range res.Assignments {
		entryID, _ := strconv.ParseInt(a.Entry, 10, 64)
		for _, jid := range a.Judges {
			judgeID, _ := strconv.ParseInt(jid, 10, 64)
			pairs = append(pairs, AssignmentPair{SubmissionID: entryID, JudgeID: judgeID})
			perJudge[judgeID]++
		}
	}
	mails := judgeMails(mailAssignments, c, r, p.judges, perJudge, j.Contests.PublicURL)
	if err := j.Store.ReplaceAssignments(ctx, r.ID, pairs, mails); err != nil {
		return AssignmentSummary{}, err
	}
	return AssignmentSummary{Entries: len(p.entries), Judges: len(p.judges), Pairs: len(pairs), Objective: res.Objective, Loads: res.Loads,
		ExpectedMinutes: res.WeightedLoads, Stats: res.Stats, Unassigned: unassignedJudges(p, perJudge, invited)}, nil
}

// invitedJudges lists a contest's pending invitations (no account yet).
func (j *Judging) invitedJudges(ctx context.Context, contestID int64) ([]Member, error) {
	members, err := j.Contests.listMembers(ctx, contestID)
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, m := range members {
		if m.Invited {
			out = append(out, m)
		}
	}
	return out, nil
}

// newPairMails tells each judge of pairs, in their language, how many
// entries they were given in addition to their earlier ones.
func (j *Judging) newPairMails(ctx context.Context, r Round, judges []JudgeInfo, pairs []AssignmentPair) ([]Email, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	c, err := j.Contests.contestByID(ctx, r.ContestID)
	if err != nil {
		return nil, err
	}
	counts := map[int64]int{}
	for _, p := range pairs {
		counts[p.JudgeID]++
	}
	return judgeMails(mailNewAssignments, c, r, judges, counts, j.Contests.PublicURL), nil
}

// addAssignments stores new pairs (after retiring others) and e-mails the
// judges who received them.
func (j *Judging) addAssignments(ctx context.Context, p *problem, retire []Retired, pairs []AssignmentPair, audit *AuditEntry) error {
	mails, err := j.newPairMails(ctx, p.round, p.judges, pairs)
	if err != nil {
		return err
	}
	return j.Store.AddAssignments(ctx, p.round.ID, retire, pairs, audit, mails)
}

// indexes maps entry (submission) ids and judge (user) ids to their
// positions in the problem.
func (p *problem) indexes() (entries, judges map[int64]int) {
	entries, judges = map[int64]int{}, map[int64]int{}
	for i, e := range p.entries {
		entries[e.SubmissionID] = i
	}
	for i, jd := range p.judges {
		judges[jd.UserID] = i
	}
	return entries, judges
}

// fill finds one more judge for each of the given entries with the engine
// (k = 1 on a sub-problem): judges already on an entry are excluded, loads
// count what judges already carry, conflicts stay conflicts. Every other
// assignment is kept as it is.
func (j *Judging) fill(p *problem, entryIDs []int64) ([]AssignmentPair, error) {
	entryIndex, judgeIndex := p.indexes()
	load := make([]int, len(p.judges))
	on := map[[2]int]bool{}
	for _, a := range p.active {
		ji, ok := judgeIndex[a.JudgeID]
		if !ok {
			continue
		}
		load[ji]++
		on[[2]int{ji, entryIndex[a.SubmissionID]}] = true
	}
	full := p.input
	sub := judging.AssignInput{K: 1, TrackRule: full.TrackRule}
	subOf := map[int]int32{}
	for _, id := range entryIDs {
		ei, ok := entryIndex[id]
		if !ok {
			return nil, NotFound("entry")
		}
		subOf[ei] = int32(len(sub.Entries))
		sub.Entries = append(sub.Entries, full.Entries[ei])
	}
	for ji, jd := range full.Judges {
		jd.MinLoad = 0
		jd.MaxLoad = max(jd.MaxLoad-load[ji], 0)
		sub.Judges = append(sub.Judges, jd)
		for ei, se := range subOf {
			if on[[2]int{ji, ei}] {
				sub.Conflicts = append(sub.Conflicts, judging.Pair{Judge: int32(ji), Entry: se})
			}
		}
	}
	for _, c := range full.Conflicts {
		if se, ok := subOf[int(c.Entry)]; ok {
			sub.Conflicts = append(sub.Conflicts, judging.Pair{Judge: c.Judge, Entry: se})
		}
	}
	for _, a := range full.Affinity {
		if se, ok := subOf[int(a.Entry)]; ok {
			sub.Affinity = append(sub.Affinity, judging.Affinity{Pair: judging.Pair{Judge: a.Judge, Entry: se}, Value: a.Value})
		}
	}
	res, err := judging.Assign(sub)
	if err != nil {
		return nil, engineError(err)
	}
	var pairs []AssignmentPair
	for _, a := range res.Assignments {
		entryID, _ := strconv.ParseInt(a.Entry, 10, 64)
		for _, jid := range a.Judges {
			judgeID, _ := strconv.ParseInt(jid, 10, 64)
			pairs = append(pairs, AssignmentPair{SubmissionID: entryID, JudgeID: judgeID})
		}
	}
	return pairs, nil
}

// DropJudge takes a judge out of a round: their unscored assignments are
// retired and only those entries get a replacement judge.
func (j *Judging) DropJudge(ctx context.Context, u User, roundID, judgeID int64, reason string) ([]AssignmentPair, error) {
	r, _, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	f := Fields{}
	reason = CheckText(f, "reason", reason, 1000)
	if err := f.Err(); err != nil {
		return nil, err
	}
	p, err := j.buildProblem(ctx, r)
	if err != nil {
		return nil, err
	}
	var retire []Retired
	var affected []int64
	kept := p.active[:0]
	for _, a := range p.active {
		if a.JudgeID == judgeID && a.ScoreState != "final" {
			retire = append(retire, Retired{ID: a.ID, Status: AssignDropped, Reason: reason})
			affected = append(affected, a.SubmissionID)
			continue
		}
		kept = append(kept, a)
	}
	if len(retire) == 0 {
		return nil, Errorf(CodeNotFound, "the judge has no open assignments in this round")
	}
	p.active = kept
	// The dropped judge leaves the pool for this round.
	for i, jd := range p.judges {
		if jd.UserID == judgeID {
			p.input.Judges[i].MaxLoad = 0
		}
	}
	pairs, err := j.fill(p, affected)
	if err != nil {
		return nil, err
	}
	audit := &AuditEntry{ContestID: r.ContestID, ActorID: u.ID, Action: "round.drop_judge", ObjectType: "round",
		ObjectID: strconv.FormatInt(r.ID, 10), Detail: mustJSON(map[string]any{"judge_id": judgeID, "reason": reason, "reassigned": pairs})}
	return pairs, j.addAssignments(ctx, p, retire, pairs, audit)
}

// ExtraJudge adds one more judge to an entry (for example one flagged for
// disagreement), respecting conflicts and loads (organizers, and track
// leads for an entry of their tracks).
func (j *Judging) ExtraJudge(ctx context.Context, u User, roundID, entryID int64) (AssignmentPair, error) {
	r, err := j.entryRound(ctx, u, roundID, entryID, "entry")
	if err != nil {
		return AssignmentPair{}, err
	}
	p, err := j.buildProblem(ctx, r)
	if err != nil {
		return AssignmentPair{}, err
	}
	// The extra judge may exceed the round's load cap by one.
	for i := range p.input.Judges {
		p.input.Judges[i].MaxLoad++
	}
	pairs, err := j.fill(p, []int64{entryID})
	if err != nil {
		return AssignmentPair{}, err
	}
	audit := &AuditEntry{ContestID: r.ContestID, ActorID: u.ID, Action: "round.extra_judge", ObjectType: "entry",
		ObjectID: strconv.FormatInt(entryID, 10), Detail: mustJSON(map[string]any{"round_id": r.ID, "judge_id": pairs[0].JudgeID})}
	return pairs[0], j.addAssignments(ctx, p, nil, pairs, audit)
}

// MoveInput moves one assignment to another judge.
type MoveInput struct {
	JudgeID int64  `json:"judge_id"`
	Reason  string `json:"reason"`
}

// MoveAssignment hands one unscored assignment to another judge of the
// pool, by hand (audited; organizers, and track leads for an entry of their
// tracks). Conflicts are still enforced.
func (j *Judging) MoveAssignment(ctx context.Context, u User, assignmentID int64, in MoveInput) (AssignmentPair, error) {
	a, err := j.Store.AssignmentByID(ctx, assignmentID)
	if err != nil {
		return AssignmentPair{}, err
	}
	r, err := j.entryRound(ctx, u, a.RoundID, a.SubmissionID, "assignment")
	if err != nil {
		return AssignmentPair{}, err
	}
	f := Fields{}
	reason := CheckText(f, "reason", in.Reason, 1000)
	if a.Status != AssignActive || a.ScoreState == "final" {
		return AssignmentPair{}, Errorf(CodeConflict, "only active, unsubmitted assignments can be moved")
	}
	p, err := j.buildProblem(ctx, r)
	if err != nil {
		return AssignmentPair{}, err
	}
	var target *JudgeInfo
	for i := range p.judges {
		if p.judges[i].UserID == in.JudgeID {
			target = &p.judges[i]
		}
	}
	if target == nil {
		f.Add("judge_id", "is not a judge in this round's pool")
	}
	if err := f.Err(); err != nil {
		return AssignmentPair{}, err
	}
	for _, other := range p.active {
		if other.SubmissionID == a.SubmissionID && other.JudgeID == in.JudgeID {
			return AssignmentPair{}, Invalid(map[string]string{"judge_id": "already reviews this entry"})
		}
	}
	declared, err := j.Store.DeclaredConflicts(ctx, r.ContestID)
	if err != nil {
		return AssignmentPair{}, err
	}
	for _, e := range p.entries {
		if e.SubmissionID == a.SubmissionID {
			if why := conflictReason(*target, e, declared); why != "" {
				return AssignmentPair{}, Invalid(map[string]string{"judge_id": "has a conflict with this entry: " + why})
			}
		}
	}
	pair := AssignmentPair{SubmissionID: a.SubmissionID, JudgeID: in.JudgeID}
	audit := &AuditEntry{ContestID: r.ContestID, ActorID: u.ID, Action: "assignment.move", ObjectType: "assignment",
		ObjectID: strconv.FormatInt(a.ID, 10), Detail: mustJSON(map[string]any{"from": a.JudgeID, "to": in.JudgeID, "reason": reason})}
	return pair, j.addAssignments(ctx, p, []Retired{{ID: a.ID, Status: AssignMoved, Reason: reason}}, []AssignmentPair{pair}, audit)
}

// RoundAssignments lists a round's active assignments for organizers.
func (j *Judging) RoundAssignments(ctx context.Context, u User, roundID int64) ([]Assignment, error) {
	r, _, sc, err := j.scopedRound(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	list, err := j.Store.Assignments(ctx, roundID, true)
	if err != nil {
		return nil, err
	}
	return j.inScope(ctx, r, sc, list)
}

// RoundAssignmentsPage is one page of RoundAssignments, in id order (the
// console's table of a round of 30,000 assignments), each row naming its
// judge and its entry; a track lead's pages hold only the entries of their
// tracks, as RoundAssignments does. Its readers organize the contest or
// tracks of it, and see a blind entry's team as they do in the ranking
// (AudienceFull).
func (j *Judging) RoundAssignmentsPage(ctx context.Context, u User, roundID int64, p Page) ([]Assignment, error) {
	r, _, sc, err := j.scopedRound(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	var tracks []string
	if sc.Limited() {
		tracks = sc.Tracks
	}
	list, err := j.Store.AssignmentsPage(ctx, roundID, tracks, p.Normalize())
	if err != nil {
		return nil, err
	}
	return entriesFor(r, AudienceFull, list), nil
}

// entriesFor leaves out the team of each assignment's entry that the
// audience may not see in round r (ShowsTeam).
func entriesFor(r Round, audience string, list []Assignment) []Assignment {
	if !ShowsTeam(r.Blind, audience) {
		for i := range list {
			list[i].TeamName = ""
		}
	}
	return list
}

func pairOf(judge, entry int) judging.Pair {
	return judging.Pair{Judge: int32(judge), Entry: int32(entry)}
}

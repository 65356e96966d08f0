package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/judging"
)

func TestNormalizeLanguage(t *testing.T) {
	cases := []struct{ in, want, problem string }{
		{"", "", ""}, {"en", LangEnglish, ""}, {"en-GB", LangEnglish, ""}, {" EN-us ", LangEnglish, ""},
		{"zh-CN", LangChinese, ""}, {"zh", LangChinese, ""}, {"zh-Hans", LangChinese, ""}, {"zh-Hans-CN", LangChinese, ""}, {"zh-SG", LangChinese, ""},
		{"zh-TW", "", "must be en or zh-CN"}, {"fr", "", "must be en or zh-CN"}, {"english", "", "must be en or zh-CN"},
	}
	for _, c := range cases {
		f := Fields{}
		if got := NormalizeLanguage(f, "language", c.in); got != c.want || f["language"].Message != c.problem {
			t.Errorf("%q: got %q (%q), want %q (%q)", c.in, got, f["language"].Message, c.want, c.problem)
		}
	}
}

func TestLocalizedMails(t *testing.T) {
	c := Contest{Title: "Green Cup", Timezone: "Asia/Shanghai"}
	r := Round{Name: "Final", ClosesAt: time.Date(2030, 5, 1, 10, 0, 0, 0, time.UTC)}
	judges := []JudgeInfo{
		{UserID: 1, Email: "a@x.org", Language: LangChinese},
		{UserID: 2, Email: "b@x.org"},                 // not known: English
		{UserID: 3, Email: "c@x.org", Language: "fr"}, // not written: English
		{UserID: 4, Email: "d@x.org", Language: "en"}, // nothing new: no e-mail
	}
	mails := judgeMails(mailNewAssignments, c, r, judges, map[int64]int{1: 2, 2: 1, 3: 3}, "https://podium.example/")
	if len(mails) != 3 {
		t.Fatalf("%d e-mails: %+v", len(mails), mails)
	}
	want := []struct{ to, subject string }{
		{"a@x.org", "[Green Cup] Final：新增 2 个作品待评审"},
		{"b@x.org", "[Green Cup] 1 new entries to judge in Final"},
		{"c@x.org", "[Green Cup] 3 new entries to judge in Final"},
	}
	for i, w := range want {
		m := mails[i]
		if m.To != w.to || m.Subject != w.subject || !strings.Contains(m.Body, "https://podium.example/judge") || !strings.Contains(m.Body, "2030-05-01 18:00 CST") {
			t.Errorf("e-mail %d: %+v", i, m)
		}
		if strings.Contains(m.Subject+m.Body, "%!") {
			t.Errorf("e-mail %d has a formatting error: %+v", i, m)
		}
	}
	// Every message renders in every language without formatting errors.
	for lang, texts := range mailCatalog {
		for key := range texts {
			m := localMail(lang, key, "x@x.org", "C", 2, "R", "due", "link")
			if key == mailJudgeInvite {
				m = localMail(lang, key, "x@x.org", "C", roleNames[lang][RoleJudge], "link")
			}
			if key == mailLiveSlot {
				m = localMail(lang, key, "x@x.org", "C", "R", "Hall A", "due", "link")
			}
			if key == mailTeamInvite {
				m = localMail(lang, key, "x@x.org", "C", "T", "Ann", "link", "CODE")
			}
			if key == mailVerify || key == mailRegisterTaken || key == mailReset {
				m = localMail(lang, key, "x@x.org", "link", "podium.example")
			}
			if strings.Contains(m.Subject+m.Body, "%!") || !strings.Contains(m.Body, "link") {
				t.Errorf("%s %s: %+v", lang, key, m)
			}
		}
	}
	if len(mailCatalog[LangEnglish]) != len(mailCatalog[LangChinese]) {
		t.Fatal("a message lacks its translation")
	}
}

func TestUnassignedJudges(t *testing.T) {
	r := Round{PoolTracks: []string{"ai"}}
	p := &problem{round: r, entries: []Entry{{SubmissionID: 10}, {SubmissionID: 11}},
		judges: []JudgeInfo{{UserID: 1, Email: "busy@x.org"}, {UserID: 2, Email: "conflicted@x.org"}, {UserID: 3, Email: "spare@x.org"}}}
	p.input.Conflicts = []judging.Pair{{Judge: 1, Entry: 0}, {Judge: 1, Entry: 1}, {Judge: 2, Entry: 0}}
	invited := []Member{
		{Email: "late@x.org", Role: RoleJudge, Tracks: []string{"ai"}},
		{Email: "other-track@x.org", Role: RoleJudge, Tracks: []string{"bio"}},
		{Email: "boss@x.org", Role: RoleOrganizer},
	}
	got := unassignedJudges(p, map[int64]int{1: 2}, invited)
	var summary []string
	for _, u := range got {
		summary = append(summary, u.Email+":"+u.Reason)
	}
	want := "late@x.org:no_account conflicted@x.org:conflict spare@x.org:capacity"
	if strings.Join(summary, " ") != want {
		t.Fatalf("got %v, want %s", summary, want)
	}
	// A pool of listed judges cannot hold an invitation.
	p.round.PoolJudges = []int64{1}
	if n := len(invitedToPool(p.round, invited)); n != 0 {
		t.Fatalf("%d invitations in a pool of listed judges", n)
	}
}

package domain

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The languages Podium writes e-mails in. An account's preferred language
// is the SPA's language at registration, at sign-in or from PATCH /me; an
// address without an account, or an account that never said, gets English.
const (
	LangEnglish = "en"
	LangChinese = "zh-CN"
)

// NormalizeLanguage maps a browser language tag to one Podium writes
// e-mails in ("" stays "": not given), reporting others on field.
func NormalizeLanguage(f Fields, field, tag string) string {
	t := strings.ToLower(strings.TrimSpace(tag))
	switch {
	case t == "":
		return ""
	case t == "en" || strings.HasPrefix(t, "en-"):
		return LangEnglish
	case t == "zh" || t == "zh-cn" || t == "zh-hans" || strings.HasPrefix(t, "zh-hans-") || t == "zh-sg":
		return LangChinese
	}
	f.Add(field, "must be en or zh-CN")
	return ""
}

// Outbox queues e-mails; a background job delivers them (server/jobs).
type Outbox interface {
	QueueMail(ctx context.Context, mails []Email) error
	// LanguagesByEmail returns the preferred language of the accounts
	// with these addresses (addresses without an account, or without a
	// preference, are left out).
	LanguagesByEmail(ctx context.Context, emails []string) (map[string]string, error)
}

// mailText is one e-mail's subject and body in one language: fmt formats
// whose arguments each message documents (indexed, so that a translation
// may reorder them).
type mailText struct{ subject, body string }

// Message keys.
const (
	mailJudgeInvite    = "judge_invite"    // contest, role, link
	mailTeamInvite     = "team_invite"     // contest, team, inviter, link, code
	mailAssignments    = "assignments"     // contest, count, round, due, link
	mailNewAssignments = "new_assignments" // contest, count, round, due, link
	mailReminder       = "reminder"        // contest, count, round, due, link
	mailVerify         = "verify"          // link, site (the host of the public URL)
	mailRegisterTaken  = "register_taken"  // reset page, site
	mailReset          = "reset"           // link, site
	mailRetention      = "retention"       // contest, days, -, -, link
)

var mailCatalog = map[string]map[string]mailText{
	LangEnglish: {
		mailRetention: {"[%[1]s] Time to purge files and personal data",
			"The retention period of %[1]s (%[2]d days after its results, or its deadline) is over.\n\nReview what would be removed (a dry run) and purge it from the contest's console:\n%[5]s\n\nNothing is removed until an organizer confirms the purge.\n"},
		mailJudgeInvite: {"[%[1]s] You are invited as %[2]s",
			"You have been made %[2]s of %[1]s on Podium.\n\nSign up or sign in with this e-mail address to take up the role:\n%[3]s\n"},
		mailTeamInvite: {"[%[1]s] %[3]s invites you to the team %[2]s",
			"%[3]s invites you to join the team %[2]q in %[1]s.\n\nJoin it here (sign up or sign in first if asked):\n%[4]s\n\nOr enter the invite code %[5]s on the contest's page.\n"},
		mailAssignments: {"[%[1]s] %[2]d entries to judge in %[3]s",
			"You have %[2]d entries to review in the round %[3]q of %[1]s, due %[4]s.\n\nYour assignments: %[5]s\n"},
		mailNewAssignments: {"[%[1]s] %[2]d new entries to judge in %[3]s",
			"%[2]d more entries were assigned to you in the round %[3]q of %[1]s (another judge dropped out, declared a conflict, or the organizers asked for one more opinion), due %[4]s.\n\nYour assignments: %[5]s\n"},
		mailReminder: {"[%[1]s] Reminder: %[2]d entries still to score in %[3]s",
			"You still have %[2]d entries to score in the round %[3]q of %[1]s, due %[4]s. Please submit your scores.\n\nYour assignments: %[5]s\n"},
		mailVerify: {"Confirm your e-mail address for Podium at %[2]s",
			"Someone (we hope you) created a Podium account with this address.\n\nConfirm it by opening this link within 48 hours:\n\n%[1]s\n\nUntil you do, roles you are invited to wait. If it was not you, ignore this e-mail.\n"},
		mailRegisterTaken: {"Someone tried to register on Podium at %[2]s with your address",
			"Someone tried to create a Podium account with this address, which already has one. Nothing was changed.\n\nIf it was you, sign in, or reset your password here:\n\n%[1]s\n\nIf it was not you, you can ignore this e-mail.\n"},
		mailReset: {"Reset your Podium password at %[2]s",
			"Someone (we hope you) asked to reset the password of the Podium account with this address.\n\nChoose a new password by opening this link within an hour (it works once):\n\n%[1]s\n\nEvery session and personal token of the account will end. If it was not you, ignore this e-mail.\n"},
	},
	LangChinese: {
		mailRetention: {"[%[1]s] 请清除文件和个人数据",
			"%[1]s的保留期限（结果公布或截止日期后 %[2]d 天）已满。\n\n请在比赛控制台中查看将被删除的内容（试运行）并执行清除：\n%[5]s\n\n在组织者确认清除之前，不会删除任何内容。\n"},
		mailJudgeInvite: {"[%[1]s] 邀请您担任%[2]s",
			"您已被设为 Podium 上%[1]s的%[2]s。\n\n请使用本邮箱地址注册或登录以接受该角色：\n%[3]s\n"},
		mailTeamInvite: {"[%[1]s] %[3]s 邀请您加入团队 %[2]s",
			"%[3]s 邀请您加入%[1]s中的团队“%[2]s”。\n\n点击此处加入（如有提示，请先注册或登录）：\n%[4]s\n\n也可以在比赛页面输入邀请码 %[5]s。\n"},
		mailAssignments: {"[%[1]s] %[3]s：有 %[2]d 个作品待评审",
			"在%[1]s的“%[3]s”轮次中，您有 %[2]d 个作品需要评审，截止时间 %[4]s。\n\n我的评审任务：%[5]s\n"},
		mailNewAssignments: {"[%[1]s] %[3]s：新增 %[2]d 个作品待评审",
			"在%[1]s的“%[3]s”轮次中，又有 %[2]d 个作品分配给您（另一位评委退出、声明了利益冲突，或组织者需要增加一位评委的意见），截止时间 %[4]s。\n\n我的评审任务：%[5]s\n"},
		mailReminder: {"[%[1]s] 提醒：%[3]s 中还有 %[2]d 个作品未评分",
			"在%[1]s的“%[3]s”轮次中，您还有 %[2]d 个作品未提交评分，截止时间 %[4]s。请尽快提交。\n\n我的评审任务：%[5]s\n"},
		mailVerify: {"确认您在 Podium（%[2]s）的电子邮件地址",
			"有人（希望是您）使用此地址创建了 Podium 账户。\n\n请在 48 小时内打开以下链接确认：\n\n%[1]s\n\n确认之前，您收到的角色邀请不会生效。如果不是您本人操作，请忽略此邮件。\n"},
		mailRegisterTaken: {"有人尝试用您的地址注册 Podium（%[2]s）",
			"有人尝试使用此地址创建 Podium 账户，但该地址已有账户，未做任何更改。\n\n如果是您本人，请直接登录，或在此重设密码：\n\n%[1]s\n\n如果不是您本人，请忽略此邮件。\n"},
		mailReset: {"重设您的 Podium（%[2]s）密码",
			"有人（希望是您）申请重设使用此地址的 Podium 账户的密码。\n\n请在一小时内打开以下链接设置新密码（仅可使用一次）：\n\n%[1]s\n\n该账户的所有登录会话和个人令牌都将失效。如果不是您本人操作，请忽略此邮件。\n"},
	},
}

// roleNames are the roles as an invitation names them.
var roleNames = map[string]map[Role]string{
	LangEnglish: {RoleOrganizer: "an organizer", RoleJudge: "a judge", RoleTrackLead: "a track lead"},
	LangChinese: {RoleOrganizer: "组织者", RoleJudge: "评委", RoleTrackLead: "赛道负责人"},
}

// localMail renders message key for to in lang (English when lang is not
// one Podium writes).
func localMail(lang, key, to string, args ...any) Email {
	texts, ok := mailCatalog[lang]
	if !ok {
		texts = mailCatalog[LangEnglish]
	}
	m := texts[key]
	return Email{To: to, Subject: fmt.Sprintf(m.subject, args...), Body: fmt.Sprintf(m.body, args...)}
}

// mailLanguage is lang if Podium writes it, else English.
func mailLanguage(lang string) string {
	if _, ok := mailCatalog[lang]; ok {
		return lang
	}
	return LangEnglish
}

// link is an absolute link to a page of the SPA.
func link(base, path string, query url.Values) string {
	u := strings.TrimRight(base, "/") + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}

// dueText formats a round's closing time in the contest's time zone.
func dueText(c Contest, t time.Time) string {
	return t.In(c.Location()).Format("2006-01-02 15:04 MST")
}

// judgeMails builds one e-mail per judge with a count of entries in a
// round, in each judge's language.
func judgeMails(key string, c Contest, r Round, judges []JudgeInfo, counts map[int64]int, base string) []Email {
	var out []Email
	for _, jd := range judges {
		if n := counts[jd.UserID]; n > 0 {
			out = append(out, localMail(mailLanguage(jd.Language), key, jd.Email, c.Title, n, r.Name, dueText(c, r.ClosesAt), link(base, "/judge", nil)))
		}
	}
	return out
}

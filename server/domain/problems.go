package domain

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Problem is what is wrong with one input field: a stable code with its
// parameters, which clients word in the user's language, and the same in
// English for API users and logs.
type Problem struct {
	Code    string         `json:"code"`
	Params  map[string]any `json:"params,omitempty"`
	Message string         `json:"message"`
}

// The codes of field problems. Clients translate them (the SPA's
// errors.field.<code> strings); a new code needs an English template here
// and a translation there.
const (
	ProblemInvalid    = "invalid"     // anything without a more precise code; Message says what
	ProblemRequired   = "required"    // empty or missing
	ProblemTooLong    = "too_long"    // {max}: characters
	ProblemTooShort   = "too_short"   // {min}: characters
	ProblemPattern    = "pattern"     // {rule}: does not match the named rule (Rules)
	ProblemDuplicate  = "duplicate"   // the same value is used by another item of the list
	ProblemRange      = "range"       // {min, max}
	ProblemTooMany    = "too_many"    // {max}: items in a list
	ProblemTooFew     = "too_few"     // {min}: items in a list
	ProblemEmail      = "email"       // not an e-mail address
	ProblemURL        = "url"         // not an http(s) URL
	ProblemOption     = "option"      // not one of the listed options
	ProblemSingleLine = "single_line" // contains a line break
	ProblemText       = "text"        // not valid UTF-8 text without NUL
	ProblemTime       = "time"        // not a time
	ProblemTimeZone   = "timezone"    // not an IANA time zone
	ProblemAfter      = "after"       // {other}: must come after another field
	ProblemBefore     = "before"      // {other}: must come before another field
	ProblemPositive   = "positive"    // a number greater than zero
	ProblemGreater    = "greater"     // {other}: a number greater than another field
	ProblemFileType   = "file_type"   // {supported}: an extension Podium cannot verify
	ProblemUnknown    = "unknown"     // {what}: names no object of that kind here (track, judge, entry, criterion, ...)
	// ProblemPlaceholder: {field} is not a field this text may use; {allowed} lists those it may.
	ProblemPlaceholder = "placeholder"
	ProblemUnverified  = "unverified" // an account's address that it has not confirmed yet
)

// problemTemplates are the English messages of the codes; {name} is
// replaced by the parameter name.
var problemTemplates = map[string]string{
	ProblemRequired:    "is required",
	ProblemTooLong:     "must be at most {max} characters",
	ProblemTooShort:    "must be at least {min} characters",
	ProblemPattern:     "{hint}",
	ProblemDuplicate:   "is already used",
	ProblemRange:       "must be between {min} and {max}",
	ProblemTooMany:     "must have at most {max} items",
	ProblemTooFew:      "must have at least {min} items",
	ProblemEmail:       "must be a valid e-mail address",
	ProblemURL:         "must be an http or https URL",
	ProblemOption:      "must be one of the listed options",
	ProblemSingleLine:  "must be a single line",
	ProblemText:        "must be valid UTF-8 without NUL characters",
	ProblemTime:        "must be a time like 2026-12-01T18:00:00+08:00 (or without offset, in the contest's time zone)",
	ProblemTimeZone:    "must be an IANA time zone such as Europe/Paris or Asia/Shanghai",
	ProblemAfter:       "must be after {other}",
	ProblemBefore:      "must be before {other}",
	ProblemPositive:    "must be a positive number",
	ProblemGreater:     "must be greater than {other}",
	ProblemFileType:    "is not a type Podium can verify; supported: {supported}",
	ProblemUnknown:     "is not a {what} of this contest",
	ProblemPlaceholder: "cannot use the field {{field}}: it is unknown or not printed on this kind of certificate; this text may use {allowed}",
	ProblemUnverified:  "is not confirmed yet: open the link e-mailed to it, or ask for a new one",
}

var templateParam = regexp.MustCompile(`\{(\w+)\}`)

// NewProblem builds a problem with its English message.
func NewProblem(code string, params map[string]any) Problem {
	tpl, ok := problemTemplates[code]
	if !ok {
		tpl = "is not valid"
	}
	vals := map[string]any{}
	for k, v := range params {
		vals[k] = v
	}
	if r, ok := Rules[fmt.Sprint(params["rule"])]; ok && code == ProblemPattern {
		// The hint is English prose: the rule's name is what clients translate.
		vals["hint"] = r.Hint
	}
	msg := templateParam.ReplaceAllStringFunc(tpl, func(m string) string {
		if v, ok := vals[m[1:len(m)-1]]; ok {
			return fmt.Sprint(v)
		}
		return m
	})
	return Problem{Code: code, Params: params, Message: msg}
}

// knownMessages gives a code to English messages still written in full at
// their call sites (Fields.Add, Invalid).
var knownMessages = map[string]string{}

// messagePatterns give a code and parameters to parametrised messages.
var messagePatterns = []struct {
	re     *regexp.Regexp
	code   string
	params []string
}{
	{regexp.MustCompile(`^must be at most (\d+) characters$`), ProblemTooLong, []string{"max"}},
	{regexp.MustCompile(`^must be at least (\d+) characters$`), ProblemTooShort, []string{"min"}},
	{regexp.MustCompile(`^must be between (-?[\d.e+]+) and (-?[\d.e+]+)$`), ProblemRange, []string{"min", "max"}},
	{regexp.MustCompile(`^is not an? (track|judge|entry|criterion|team|submitted entry) of this (?:contest|round)$`), ProblemUnknown, []string{"what"}},
	{regexp.MustCompile(`^is not a criterion of this round$`), ProblemUnknown, nil},
}

func init() {
	for code, tpl := range problemTemplates {
		if !strings.Contains(tpl, "{") {
			knownMessages[tpl] = code
		}
	}
	knownMessages["is required to submit"] = ProblemRequired
	knownMessages["a file is required"] = ProblemRequired
	knownMessages["must be valid UTF-8"] = ProblemText
}

// problemOfMessage classifies an English message.
func problemOfMessage(msg string) Problem {
	if code, ok := knownMessages[msg]; ok {
		return Problem{Code: code, Message: msg}
	}
	for _, p := range messagePatterns {
		m := p.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		params := map[string]any{}
		for i, name := range p.params {
			if n, err := strconv.ParseFloat(m[i+1], 64); err == nil {
				params[name] = n
			} else {
				params[name] = m[i+1]
			}
		}
		if p.code == ProblemUnknown && len(p.params) == 0 {
			params["what"] = "criterion"
		}
		return Problem{Code: p.code, Params: params, Message: msg}
	}
	return Problem{Code: ProblemInvalid, Message: msg}
}

// Rule is a constraint on one kind of input field, declared once: the
// validators check it, and the OpenAPI document publishes it (on every
// field tagged `rule:"<name>"`, and all of them under x-podium-rules), so
// that clients read the same rule instead of restating it.
type Rule struct {
	Pattern   string   `json:"pattern,omitempty"`
	MinLength int      `json:"minLength,omitempty"`
	MaxLength int      `json:"maxLength,omitempty"`
	Minimum   *float64 `json:"minimum,omitempty"`
	Maximum   *float64 `json:"maximum,omitempty"`
	// Hint is the rule in English, the message of a pattern problem.
	Hint string `json:"hint,omitempty"`
	re   *regexp.Regexp
}

// Match reports whether v satisfies the rule's pattern and lengths
// (lengths in characters).
func (r Rule) Match(v string) bool {
	n := len([]rune(v))
	if (r.MinLength > 0 && n < r.MinLength) || (r.MaxLength > 0 && n > r.MaxLength) {
		return false
	}
	return r.re == nil || r.re.MatchString(v)
}

// InRange reports whether n is within the rule's bounds.
func (r Rule) InRange(n float64) bool {
	return (r.Minimum == nil || n >= *r.Minimum) && (r.Maximum == nil || n <= *r.Maximum)
}

// checkRange reports n outside the rule's bounds on field.
func (r Rule) checkRange(f Fields, field string, n float64) {
	if !r.InRange(n) {
		f.Problem(field, ProblemRange, map[string]any{"min": *r.Minimum, "max": *r.Maximum})
	}
}

func num(n float64) *float64 { return &n }

func rule(r Rule) Rule {
	if r.Pattern != "" {
		r.re = regexp.MustCompile(r.Pattern)
	}
	return r
}

// Rules are the field rules by name. Keys (form fields, file slots, rubric
// criteria) are identifiers clients derive from labels, so their pattern
// is also what a client must produce.
var Rules = map[string]Rule{
	"slug": rule(Rule{Pattern: `^[a-z0-9][a-z0-9-]{1,62}$`, MinLength: 2, MaxLength: 63,
		Hint: "must be 2-63 lowercase letters, digits or dashes, starting with a letter or digit"}),
	"key": rule(Rule{Pattern: `^[a-z][a-z0-9_]{0,39}$`, MinLength: 1, MaxLength: 40,
		Hint: "must be a lowercase identifier: a letter, then letters, digits or underscores (at most 40)"}),
	"extension":        rule(Rule{Pattern: `^\.[a-z0-9]{1,10}$`, Hint: "must be an extension such as .pdf"}),
	"password":         rule(Rule{MinLength: 10, MaxLength: 256}),
	"title":            rule(Rule{MaxLength: maxTitleRunes}),
	"person_name":      rule(Rule{MaxLength: 100}),
	"description":      rule(Rule{MaxLength: 20000}),
	"max_team_size":    rule(Rule{Minimum: num(1), Maximum: num(100)}),
	"judges_per_entry": rule(Rule{Minimum: num(1), Maximum: num(50)}),
}

// checkRule reports v on field when it breaks the named rule; it returns
// whether v is good.
func checkRule(f Fields, field, name, v string) bool {
	r := Rules[name]
	switch n := len([]rune(v)); {
	case v == "":
		f.Problem(field, ProblemRequired, nil)
	case r.MinLength > 0 && n < r.MinLength && r.re == nil:
		f.Problem(field, ProblemTooShort, map[string]any{"min": r.MinLength})
	case r.MaxLength > 0 && n > r.MaxLength && r.re == nil:
		f.Problem(field, ProblemTooLong, map[string]any{"max": r.MaxLength})
	case !r.Match(v):
		f.Problem(field, ProblemPattern, map[string]any{"rule": name})
	default:
		return true
	}
	return false
}

// RuleNames lists the rules' names, sorted.
func RuleNames() []string {
	return slices.Sorted(maps.Keys(Rules))
}

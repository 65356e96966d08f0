package domain

import "math"

// Round balance options: what the assignment evens out between judges.
const (
	BalanceCount = "count" // the number of entries (default)
	BalanceTime  = "time"  // the entries' expected reading time
)

// Reading-time model: what a judge needs for an entry, in minutes. A
// rough, documented rule of thumb (docs/viewer-and-checks.md), so that a
// 40-page report and a 3-minute video weigh what they cost to read, not
// one entry each.
const (
	// BaseMinutes covers the form: title, abstract, answers, scoring.
	BaseMinutes = 5.0
	// MinutesPerPage is the reading time of a PDF page.
	MinutesPerPage = 2.0
	// MediaFactor multiplies a video's or recording's length (watching
	// it once, with some seeking back).
	MediaFactor = 1.25
)

// ExpectedMinutes is an entry's expected reading time from its files'
// check facts: BaseMinutes, MinutesPerPage per PDF page and MediaFactor
// times the length of its videos and recordings, rounded to the minute.
func ExpectedMinutes(pages int, mediaSeconds float64) float64 {
	return math.Round(BaseMinutes + MinutesPerPage*float64(max(pages, 0)) + MediaFactor*max(mediaSeconds, 0)/60)
}

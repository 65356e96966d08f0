package api

import (
	"bytes"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

func (s *server) createRound(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.RoundInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	r, err := s.Judging.CreateRound(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusCreated, r)
}

func (s *server) listRounds(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	list, err := s.Judging.Rounds(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, list)
}

func (s *server) getRound(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		r, err := s.Judging.Round(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, r)
	})
}

func (s *server) assignRound(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		sum, err := s.Judging.Assign(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, sum)
	})
}

func (s *server) roundAssignments(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		var list []domain.Assignment
		var err error
		if c.Query("limit") != "" || c.Query("after") != "" {
			p, perr := pageOf(c)
			if perr != nil {
				return perr
			}
			list, err = s.Judging.RoundAssignmentsPage(c.UserContext(), u, id, p)
		} else {
			list, err = s.Judging.RoundAssignments(c.UserContext(), u, id)
		}
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, list)
	})
}

// dropInput names the reason a judge leaves a round.
type dropInput struct {
	Reason string `json:"reason"`
}

// dropResult counts the open assignments a judge's drop gave to others.
type dropResult struct {
	Reassigned int `json:"reassigned"`
}

// reassignment is the assignment an extra judge or a move made: the entry
// and its judge.
type reassignment struct {
	EntryID int64 `json:"entry_id"`
	JudgeID int64 `json:"judge_id"`
}

func (s *server) dropJudge(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		judgeID, err := idParam(c, "judge_id", "judge")
		if err != nil {
			return err
		}
		var in dropInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		pairs, err := s.Judging.DropJudge(c.UserContext(), u, id, judgeID, in.Reason)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, dropResult{Reassigned: len(pairs)})
	})
}

func (s *server) extraJudge(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		entryID, err := idParam(c, "entry_id", "entry")
		if err != nil {
			return err
		}
		pair, err := s.Judging.ExtraJudge(c.UserContext(), u, id, entryID)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusCreated, reassignment{EntryID: pair.SubmissionID, JudgeID: pair.JudgeID})
	})
}

func (s *server) moveAssignment(c *fiber.Ctx) error {
	return withID(c, "assignment", func(u domain.User, id int64) error {
		var in domain.MoveInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		pair, err := s.Judging.MoveAssignment(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, reassignment{EntryID: pair.SubmissionID, JudgeID: pair.JudgeID})
	})
}

func (s *server) myAssignments(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	list, err := s.Judging.MyAssignments(c.UserContext(), u, c.Query("include") == "conflicts")
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, list)
}

func (s *server) getAssignment(c *fiber.Ctx) error {
	return withID(c, "assignment", func(u domain.User, id int64) error {
		v, err := s.Judging.Entry(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, v)
	})
}

func (s *server) declareConflict(c *fiber.Ctx) error {
	return withID(c, "assignment", func(u domain.User, id int64) error {
		var in domain.ConflictInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		if err := s.Judging.DeclareConflict(c.UserContext(), u, id, in); err != nil {
			return err
		}
		return data(c, fiber.StatusOK, fiber.Map{})
	})
}

func (s *server) declareConflictInAdvance(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.ConflictInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	if err := s.Judging.DeclareConflictInAdvance(c.UserContext(), u, c.Params("slug"), in); err != nil {
		return err
	}
	return data(c, fiber.StatusCreated, fiber.Map{})
}

func (s *server) setInterests(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		var in domain.InterestInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		if err := s.Judging.SetInterests(c.UserContext(), u, id, in); err != nil {
			return err
		}
		return data(c, fiber.StatusOK, fiber.Map{})
	})
}

func (s *server) saveScore(c *fiber.Ctx) error {
	return withID(c, "assignment", func(u domain.User, id int64) error {
		var in domain.ScoreInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		sc, err := s.Judging.SaveScore(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, sc)
	})
}

func (s *server) reopenScore(c *fiber.Ctx) error {
	return withID(c, "assignment", func(u domain.User, id int64) error {
		var in domain.ReopenInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		sc, err := s.Judging.Reopen(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, sc)
	})
}

func (s *server) scoreHistory(c *fiber.Ctx) error {
	return withID(c, "assignment", func(u domain.User, id int64) error {
		list, err := s.Judging.ScoreHistory(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, list)
	})
}

// confidenceQuery reads ?confidence=1 and the repeated ?cut= of a ranking
// request (cuts without confidence are refused: they would do nothing).
func confidenceQuery(c *fiber.Ctx) (bool, []string, error) {
	var cuts []string
	for _, v := range c.Context().QueryArgs().PeekMulti("cut") {
		cuts = append(cuts, string(v))
	}
	on := false
	switch c.Query("confidence") {
	case "1", "true":
		on = true
	case "", "0", "false":
	default:
		return false, nil, domain.Invalid(map[string]string{"confidence": "must be 1 or 0"})
	}
	if len(cuts) > 0 && !on {
		return false, nil, domain.Invalid(map[string]string{"cut": "is only used with confidence=1"})
	}
	return on, cuts, nil
}

func (s *server) ranking(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		on, cuts, err := confidenceQuery(c)
		if err != nil {
			return err
		}
		ids, err := rankingEntriesOf(c)
		if err != nil {
			return err
		}
		if ids != nil {
			rk, err := s.Judging.RankingOf(c.UserContext(), u, id, c.Query("track"), on, cuts, ids)
			if err != nil {
				return err
			}
			return data(c, fiber.StatusOK, rk)
		}
		offset, limit, err := rankingPageOf(c)
		if err != nil {
			return err
		}
		if limit <= 0 { // the whole ranking: never kept, so not compressed
			b, err := s.Judging.RankingPage(c.UserContext(), u, id, c.Query("track"), on, cuts, offset, limit, encodeRankingPage)
			if err != nil {
				return err
			}
			c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
			return c.Status(fiber.StatusOK).Send(b)
		}
		gz, err := s.Judging.RankingPage(c.UserContext(), u, id, c.Query("track"), on, cuts, offset, limit, gzipRankingPage)
		if err != nil {
			return err
		}
		return sendGzipped(c, gz)
	})
}

// encodeRankingPage encodes a page of a ranking as data does.
func encodeRankingPage(rk domain.Ranking) ([]byte, error) {
	return encodeJSON(fiber.Map{"data": rk})
}

// gzipRankingPage is encodeRankingPage compressed: the domain keeps the
// bytes of a page with its ranking view (a warm page is neither encoded
// nor compressed again), and compressed a page of 100 entries is ~50 KB
// instead of ~270 KB, so a view's budget of kept pages holds every page of
// a national round and each answer writes a fifth of the bytes.
func gzipRankingPage(rk domain.Ranking) ([]byte, error) {
	b, err := encodeRankingPage(rk)
	if err != nil {
		return nil, err
	}
	return gzipBytes(b)
}

func (s *server) rankingCSV(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		on, cuts, err := confidenceQuery(c)
		if err != nil {
			return err
		}
		// Authorize and render before the first byte, so errors stay JSON.
		var buf bytes.Buffer
		if err := s.Judging.WriteRankingCSV(c.UserContext(), u, id, c.Query("track"), &buf, on, cuts); err != nil {
			return err
		}
		return sendCSV(c, "round-"+strconv.FormatInt(id, 10)+"-ranking.csv", buf.Bytes())
	})
}

func (s *server) reviewPlan(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		var in domain.ReviewPlanInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		plan, err := s.Judging.PlanReviews(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, plan)
	})
}

func (s *server) acceptReviewPlan(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		var in domain.AcceptReviewPlanInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		res, err := s.Judging.AcceptReviewPlan(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusCreated, res)
	})
}

func (s *server) advance(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		var in domain.AdvanceInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		res, err := s.Judging.Advance(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, res)
	})
}

func (s *server) progress(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		p, err := s.Judging.Progress(c.UserContext(), u, id, s.ProgressStore)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, p)
	})
}

func (s *server) remind(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		res, err := s.Judging.Remind(c.UserContext(), u, id, s.ProgressStore)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, res)
	})
}

func (s *server) setResults(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.ResultsInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	res, err := s.Judging.SetResults(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, res)
}

func (s *server) getResults(c *fiber.Ctx) error {
	var u domain.User
	if id := identityOf(c); id != nil {
		u = id.User
	}
	res, err := s.Judging.PublicResults(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, res)
}

func (s *server) resultsCSV(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.Judging.WriteResultsCSV(c.UserContext(), u, c.Params("slug"), &buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, domain.AttachmentDisposition(c.Params("slug")+"-results.csv"))
	return c.Send(buf.Bytes())
}

func (s *server) teamFeedback(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		fb, err := s.Judging.TeamFeedback(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, fb)
	})
}

// judgingRoutes lists the rounds, assignment, scoring and results operations.
func (s *server) judgingRoutes() []route {
	return []route{
		{Method: "POST", Path: "/contests/:slug/rounds", Summary: "Define the next round (rubric, k, pool, blind, method, closing time)", Tag: "judging", Access: organizer,
			Body: domain.RoundInput{}, Result: domain.Round{}, Status: 201, Handler: s.createRound},
		{Method: "GET", Path: "/contests/:slug/rounds", Summary: "List a contest's rounds", Tag: "judging", Access: organizer,
			Result: []domain.Round{}, Status: 200, Handler: s.listRounds},
		{Method: "POST", Path: "/contests/:slug/conflicts", Summary: "A judge declares a conflict with a team or an organization in advance", Tag: "judging", Access: judge,
			Body: domain.ConflictInput{}, Status: 201, Handler: s.declareConflictInAdvance},
		{Method: "GET", Path: "/rounds/:id", Summary: "A round", Tag: "judging", Access: organizer,
			Result: domain.Round{}, Status: 200, Handler: s.getRound},
		{Method: "POST", Path: "/rounds/:id/assign", Summary: "Run the optimal assignment for the whole round", Tag: "judging", Access: organizer,
			Result: domain.AssignmentSummary{}, Status: 200, Handler: s.assignRound},
		{Method: "GET", Path: "/rounds/:id/assignments", Summary: "The round's active assignments (?after= an assignment id and ?limit= (at most 200): one page of them in id order, each naming its judge (judge_name) and its entry (team_name, title); organizers see a blind entry's team as in the ranking; a track lead gets their tracks' entries only)", Tag: "judging", Access: organizer,
			Result: []domain.Assignment{}, Status: 200, Handler: s.roundAssignments},
		{Method: "POST", Path: "/rounds/:id/judges/:judge_id/drop", Summary: "A judge drops out: reassign only their open entries", Tag: "judging", Access: organizer,
			Body: dropInput{}, Result: dropResult{}, Status: 200, Handler: s.dropJudge},
		{Method: "POST", Path: "/rounds/:id/entries/:entry_id/extra-judge", Summary: "Add one more judge to an entry (organizers, and track leads for an entry of their tracks; audited)", Tag: "judging", Access: organizer,
			Result: reassignment{}, Status: 201, Handler: s.extraJudge},
		{Method: "PUT", Path: "/rounds/:id/interests", Summary: "A judge's interest (0..1) in entries, before assignment", Tag: "judging", Access: judge,
			Body: domain.InterestInput{}, Status: 200, Handler: s.setInterests},
		{Method: "GET", Path: "/rounds/:id/progress", Summary: "Done, pending and overdue per judge", Tag: "judging", Access: organizer,
			Result: domain.Progress{}, Status: 200, Handler: s.progress},
		{Method: "POST", Path: "/rounds/:id/remind", Summary: "E-mail every judge with scores still to submit a reminder (audited; 3 an hour)", Tag: "judging", Access: organizer,
			Result: domain.RemindResult{}, Status: 200, Handler: s.remind},
		{Method: "GET", Path: "/rounds/:id/progress/stream", Summary: "Progress as server-sent events, updated on every change", Tag: "judging", Access: organizer,
			Status: 200, Handler: s.progressStream},
		{Method: "GET", Path: "/rounds/:id/ranking", Summary: "Ranking with explanations (?track= for one track; ?offset= and ?limit= (at most 1,000) for one page of entries, then of unscored ones, with total and total_unscored counting all; or ?entries= up to 1,000 entry ids separated by commas for those entries only; ?confidence=1 adds decision confidence at ?cut=top:N or top:N:track, default the advanced count or the top 10 %)", Tag: "judging", Access: organizer,
			Result: domain.Ranking{}, Status: 200, Handler: s.ranking},
		{Method: "GET", Path: "/rounds/:id/ranking.csv", Summary: "Ranking with every score as CSV (?bom=1 starts it with a UTF-8 byte order mark for spreadsheets; ?confidence=1 and ?cut= as for the ranking add p_above and stability columns)", Tag: "judging", Access: organizer,
			Status: 200, Handler: s.rankingCSV},
		{Method: "POST", Path: "/rounds/:id/review-plan", Summary: "Propose which entries get one more judge under a budget, and which judges (nothing is assigned)", Tag: "judging", Access: organizer,
			Body: domain.ReviewPlanInput{}, Result: domain.ReviewPlan{}, Status: 200, Handler: s.reviewPlan},
		{Method: "POST", Path: "/rounds/:id/review-plan/accept", Summary: "Assign accepted extra reviews (judges are e-mailed; audited)", Tag: "judging", Access: organizer,
			Body: domain.AcceptReviewPlanInput{}, Result: domain.AcceptedReviews{}, Status: 201, Handler: s.acceptReviewPlan},
		{Method: "POST", Path: "/rounds/:id/advance", Summary: "Advance the top N per track, or listed entries, to the next round", Tag: "judging", Access: organizer,
			Body: domain.AdvanceInput{}, Result: domain.AdvanceResult{}, Status: 200, Handler: s.advance},
		{Method: "GET", Path: "/me/assignments", Summary: "The caller's assignments as a judge (?include=conflicts adds those given back with a conflict)", Tag: "judging", Access: signedIn,
			Result: []domain.Assignment{}, Status: 200, Handler: s.myAssignments},
		{Method: "GET", Path: "/assignments/:id", Summary: "An assigned entry as its judge sees it (blind rounds hide the team)", Tag: "judging", Access: judge,
			Result: domain.EntryView{}, Status: 200, Handler: s.getAssignment},
		{Method: "POST", Path: "/assignments/:id/conflict", Summary: "Declare a conflict with an assigned entry; it is reassigned", Tag: "judging", Access: judge,
			Body: domain.ConflictInput{}, Status: 200, Handler: s.declareConflict},
		{Method: "PUT", Path: "/assignments/:id/score", Summary: "Save scores (draft, or final)", Tag: "judging", Access: judge,
			Body: domain.ScoreInput{}, Result: domain.ScoreSheet{}, Status: 200, Handler: s.saveScore},
		{Method: "POST", Path: "/assignments/:id/reopen", Summary: "Reopen submitted scores (organizers, and track leads for an entry of their tracks; audited)", Tag: "judging", Access: organizer,
			Body: domain.ReopenInput{}, Result: domain.ScoreSheet{}, Status: 200, Handler: s.reopenScore},
		{Method: "GET", Path: "/assignments/:id/history", Summary: "Every change of an assignment's scores (organizers, and track leads for an entry of their tracks)", Tag: "judging", Access: organizer,
			Result: []domain.ScoreChange{}, Status: 200, Handler: s.scoreHistory},
		{Method: "PATCH", Path: "/assignments/:id", Summary: "Move an assignment to another judge of the pool (organizers, and track leads for an entry of their tracks; audited)", Tag: "judging", Access: organizer,
			Body: domain.MoveInput{}, Result: reassignment{}, Status: 200, Handler: s.moveAssignment},
		{Method: "POST", Path: "/contests/:slug/results", Summary: "Set awards in the order of awards_order (award names, highest first) and optionally publish them (audited)", Tag: "results", Access: organizer,
			Body: domain.ResultsInput{}, Result: domain.Results{}, Status: 200, Handler: s.setResults},
		{Method: "GET", Path: "/contests/:slug/results", Summary: "Published results (404 before publication)", Tag: "results", Access: public,
			Result: domain.Results{}, Status: 200, Handler: s.getResults},
		{Method: "GET", Path: "/contests/:slug/results.csv", Summary: "The awards in the organizer's order as CSV (organizers)", Tag: "results", Access: organizer,
			Status: 200, Handler: s.resultsCSV},
		{Method: "GET", Path: "/teams/:id/feedback", Summary: "The team's scores and comments, when feedback is enabled and results are out", Tag: "results", Access: teamMember,
			Result: []domain.Feedback{}, Status: 200, Handler: s.teamFeedback},
	}
}

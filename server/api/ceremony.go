package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// The final ranking, the jury's deliberation and the award ceremony.

// withContest runs fn for the signed-in caller and the contest in the path.
func withContest(c *fiber.Ctx, fn func(u domain.User, slug string) error) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	return fn(u, c.Params("slug"))
}

func (s *server) finalRanking(c *fiber.Ctx) error {
	return withContest(c, func(u domain.User, slug string) error {
		r, err := s.Judging.FinalRanking(c.UserContext(), u, slug)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, r)
	})
}

// bodyCall parses the body into In and answers fn's result.
func bodyCall[In, Out any](c *fiber.Ctx, status int, fn func(ctx context.Context, u domain.User, slug string, in In) (Out, error)) error {
	return withContest(c, func(u domain.User, slug string) error {
		var in In
		if err := parseBody(c, &in); err != nil {
			return err
		}
		out, err := fn(c.UserContext(), u, slug, in)
		if err != nil {
			return err
		}
		return data(c, status, out)
	})
}

func (s *server) setFinalWeights(c *fiber.Ctx) error {
	return bodyCall(c, fiber.StatusOK, s.Judging.SetFinalWeights)
}

func (s *server) freezeFinal(c *fiber.Ctx) error {
	return bodyCall(c, fiber.StatusOK, s.Judging.Freeze)
}

func (s *server) addOverride(c *fiber.Ctx) error {
	return bodyCall(c, fiber.StatusCreated, s.Judging.AddOverride)
}

func (s *server) revokeOverride(c *fiber.Ctx) error {
	return withContest(c, func(u domain.User, slug string) error {
		id, err := idParam(c, "id", "override")
		if err != nil {
			return err
		}
		if err := s.Judging.RevokeOverride(c.UserContext(), u, slug, id); err != nil {
			return err
		}
		return data(c, fiber.StatusOK, fiber.Map{"revoked": id})
	})
}

func (s *server) ceremonyPresenter(c *fiber.Ctx) error {
	return withContest(c, func(u domain.User, slug string) error {
		v, err := s.Judging.CeremonyPresenter(c.UserContext(), u, slug)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, v)
	})
}

func (s *server) configureCeremony(c *fiber.Ctx) error {
	return bodyCall(c, fiber.StatusOK, s.Judging.ConfigureCeremony)
}

func (s *server) stepCeremony(c *fiber.Ctx) error {
	step := c.Params("step")
	return bodyCall(c, fiber.StatusOK, func(ctx context.Context, u domain.User, slug string, in domain.CeremonyStepInput) (domain.PresenterView, error) {
		return s.Judging.StepCeremony(ctx, u, slug, step, in)
	})
}

func (s *server) newAudienceLink(c *fiber.Ctx) error {
	return bodyCall(c, fiber.StatusOK, s.Judging.NewAudienceLink)
}

func (s *server) ceremonyAudience(c *fiber.Ctx) error {
	v, _, err := s.Judging.CeremonyAudience(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, v)
}

// audienceStreamCap bounds the open audience streams of one link (big
// screens, presenters following along).
const audienceStreamCap = 50

// ceremonyAudienceStream sends the audience view now and after every step
// of the ceremony, on any replica, until the link is replaced.
func (s *server) ceremonyAudienceStream(c *fiber.Ctx) error {
	token := string([]byte(c.Params("token")))
	ctx, cancel := context.WithTimeout(c.UserContext(), 10*time.Second)
	first, contestID, err := s.Judging.CeremonyAudience(ctx, token)
	cancel()
	if err != nil {
		return err
	}
	feed := domain.CeremonyFeed(contestID)
	caps := domain.StreamCaps{PerSession: audienceStreamCap, PerUser: audienceStreamCap}
	st, err := s.Events.subscribe(feedKey{round: feed}, feed, "audience:"+string(domain.HashSecret(token)), feed, caps, func() ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		v, err := s.Judging.CeremonyAudienceOf(ctx, contestID)
		if err != nil {
			return nil, err
		}
		return json.Marshal(v)
	}, s.Log)
	if err != nil {
		return err
	}
	firstJSON, _ := json.Marshal(first)
	s.serveStream(c, st, "ceremony", firstJSON, func(ctx context.Context) (bool, error) {
		return s.Judging.AudienceLinkAlive(ctx, token)
	})
	return nil
}

// ceremonyRoutes lists the final ranking, deliberation and ceremony
// operations.
func (s *server) ceremonyRoutes() []route {
	return []route{
		{Method: "GET", Path: "/contests/:slug/final", Summary: "The contest's final ranking: rounds' calibrated scores combined with the weights, the jury's overrides applied, explained per entry", Tag: "final", Access: organizer,
			Result: domain.FinalRanking{}, Status: 200, Handler: s.finalRanking},
		{Method: "PUT", Path: "/contests/:slug/final/weights", Summary: "Set the rounds' weights in the final ranking (revision-checked; audited)", Tag: "final", Access: organizer,
			Body: domain.FinalWeightsInput{}, Result: domain.FinalSettings{}, Status: 200, Handler: s.setFinalWeights},
		{Method: "POST", Path: "/contests/:slug/final/freeze", Summary: "Freeze the final ranking (scores of the contest cannot change) or unfreeze it (audited)", Tag: "final", Access: organizer,
			Body: domain.FreezeInput{}, Result: domain.FinalSettings{}, Status: 200, Handler: s.freezeFinal},
		{Method: "POST", Path: "/contests/:slug/final/overrides", Summary: "Record a jury decision with its reason: move an entry, break a tie, withhold an award (audited)", Tag: "final", Access: organizer,
			Body: domain.OverrideInput{}, Result: domain.Override{}, Status: 201, Handler: s.addOverride},
		{Method: "DELETE", Path: "/contests/:slug/final/overrides/:id", Summary: "Revoke a jury decision (kept, marked revoked; audited)", Tag: "final", Access: organizer,
			Status: 200, Handler: s.revokeOverride},
		{Method: "GET", Path: "/contests/:slug/ceremony", Summary: "The award ceremony as its presenter sees it (order, current reveal, audience link)", Tag: "ceremony", Access: organizer,
			Result: domain.PresenterView{}, Status: 200, Handler: s.ceremonyPresenter},
		{Method: "PUT", Path: "/contests/:slug/ceremony", Summary: "Set the reveal order (or the default: overall or by_track, from the last place up) and the time the results are published (audited)", Tag: "ceremony", Access: organizer,
			Body: domain.CeremonyInput{}, Result: domain.PresenterView{}, Status: 200, Handler: s.configureCeremony},
		{Method: "POST", Path: "/contests/:slug/ceremony/:step", Summary: "Run the ceremony: start (real, or rehearsal: publishes nothing), next (reveal one award; after the last, end: a real run publishes the results), stop (revision-checked; audited)", Tag: "ceremony", Access: organizer,
			Body: domain.CeremonyStepInput{}, Result: domain.PresenterView{}, Status: 200, Handler: s.stepCeremony},
		{Method: "POST", Path: "/contests/:slug/ceremony-link", Summary: "Replace the audience screen's link (the old one stops working; audited)", Tag: "ceremony", Access: organizer,
			Body: domain.CeremonyStepInput{}, Result: domain.PresenterView{}, Status: 200, Handler: s.newAudienceLink},
		{Method: "GET", Path: "/ceremony/:token", Summary: "The audience screen of a ceremony (no sign-in: the link is the key)", Tag: "ceremony", Access: public,
			Result: domain.CeremonyView{}, Status: 200, Handler: s.ceremonyAudience},
		{Method: "GET", Path: "/ceremony/:token/stream", Summary: "The audience screen as server-sent events, updated on every step on any replica", Tag: "ceremony", Access: public,
			Status: 200, Handler: s.ceremonyAudienceStream},
	}
}

package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// Live rounds: the organizers' setup and schedule, the rooms' clocks, the
// room displays (no sign-in: an unguessable link), the judges' rooms, the
// teams' slots and the public timetable. Room states stream as
// server-sent events through the same hub and PostgreSQL channel as the
// judging progress, so a moderator's tap on one replica reaches the
// displays and phones on all.

// displayStreamsPerLink caps the streams one display link may hold open
// (a projector, spares, and reloads whose old stream the server only
// notices as gone at its next heartbeat).
const displayStreamsPerLink = 32

// displayStreamsTotal caps the display streams of a replica.
const displayStreamsTotal = 2000

// liveCtx bounds a stream loader's database work.
func liveCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Second)
}

func (s *server) liveSetup(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		out, err := s.Live.Setup(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) setLiveSetup(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		var in domain.LiveSetupInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		out, err := s.Live.SetLiveSetup(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) buildLiveSchedule(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		out, err := s.Live.BuildLiveSchedule(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) moveLiveSlot(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		var in domain.SlotMove
		if err := parseBody(c, &in); err != nil {
			return err
		}
		out, err := s.Live.MoveSlot(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) swapLiveSlots(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		var in domain.SlotSwap
		if err := parseBody(c, &in); err != nil {
			return err
		}
		out, err := s.Live.SwapSlots(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) publicTimetable(c *fiber.Ctx) error {
	id, err := idParam(c, "id", "round")
	if err != nil {
		return err
	}
	var u domain.User
	if ident := identityOf(c); ident != nil {
		u = ident.User
	}
	out, err := s.Live.PublicTimetable(c.UserContext(), u, id)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, out)
}

// withRoom runs fn for the signed-in caller and the room in the path.
func withRoom(c *fiber.Ctx, fn func(u domain.User, roomID int64) error) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id", "room")
	if err != nil {
		return err
	}
	return fn(u, id)
}

func (s *server) regenerateDisplayToken(c *fiber.Ctx) error {
	return withRoom(c, func(u domain.User, id int64) error {
		out, err := s.Live.RegenerateDisplayToken(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) liveRoom(c *fiber.Ctx) error {
	return withRoom(c, func(u domain.User, id int64) error {
		out, err := s.Live.Room(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) roomAction(c *fiber.Ctx) error {
	return withRoom(c, func(u domain.User, id int64) error {
		var in domain.RoomAction
		if err := parseBody(c, &in); err != nil {
			return err
		}
		out, err := s.Live.Act(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) myLiveRooms(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	out, err := s.Live.MyRooms(c.UserContext(), u)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, out)
}

func (s *server) teamLiveSlots(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		out, err := s.Live.TeamLiveSlots(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, out)
	})
}

func (s *server) displayRoom(c *fiber.Ctx) error {
	out, err := s.Live.DisplayRoom(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, out)
}

// roomLoader loads a room's state for an audience, as JSON; moderate
// marks the moderators' feed (organizers and the room's moderator).
func (s *server) roomLoader(roomID int64, audience string, moderate bool) func() ([]byte, error) {
	return func() ([]byte, error) {
		ctx, cancel := liveCtx()
		defer cancel()
		v, err := s.Live.RoomStateByID(ctx, roomID, audience)
		if err != nil {
			return nil, err
		}
		v.CanModerate = moderate
		return json.Marshal(v)
	}
}

// roomStream sends a room's state now and after every change, to its
// organizers, moderator and judges (judges of a blind round without the
// teams), while the caller's sign-in stands.
func (s *server) roomStream(c *fiber.Ctx) error {
	return withRoom(c, func(u domain.User, id int64) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), 10*time.Second)
		first, err := s.Live.Room(ctx, u, id) // authorizes before the stream starts
		cancel()
		if err != nil {
			return err
		}
		aud, key := domain.AudienceJudge, "judge"
		if first.CanModerate {
			aud, key = domain.AudienceFull, "moderator"
		}
		signIn, alive := s.signInOf(c)
		caps := domain.StreamCaps{PerSession: s.Config.EventStreamsPerSession, PerUser: s.Config.EventStreamsPerUser}
		st, err := s.Events.subscribe(feedKey{round: first.RoundID, room: id, audience: key}, first.RoundID, signIn, u.ID, caps,
			s.roomLoader(id, aud, first.CanModerate), s.Log)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(first)
		s.serveStream(c, st, "room", b, alive)
		return nil
	})
}

// displayStream is roomStream for a display link: it ends at the next
// heartbeat once the link has been regenerated.
func (s *server) displayStream(c *fiber.Ctx) error {
	token := c.Params("token")
	ctx, cancel := context.WithTimeout(c.UserContext(), 10*time.Second)
	first, err := s.Live.DisplayRoom(ctx, token)
	cancel()
	if err != nil {
		return err
	}
	roomID := first.RoomID
	caps := domain.StreamCaps{PerSession: displayStreamsPerLink, PerUser: displayStreamsTotal}
	st, err := s.Events.subscribe(feedKey{round: first.RoundID, room: roomID, audience: "display"}, first.RoundID,
		"display:"+string(domain.HashSecret(token)), 0, caps, s.roomLoader(roomID, domain.AudienceFull, false), s.Log)
	if err != nil {
		return err
	}
	alive := func(ctx context.Context) (bool, error) {
		room, err := s.Live.RoomByToken(ctx, token)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return false, nil
		}
		return err == nil && room.ID == roomID, err
	}
	b, _ := json.Marshal(first)
	s.serveStream(c, st, "room", b, alive)
	return nil
}

// liveRoutes lists the live round operations.
func (s *server) liveRoutes() []route {
	return []route{
		{Method: "GET", Path: "/rounds/:id/live", Summary: "A live round's setup and schedule (404: the round is not live)", Tag: "live", Access: organizer,
			Result: domain.LiveSetup{}, Status: 200, Handler: s.liveSetup},
		{Method: "PUT", Path: "/rounds/:id/live", Summary: "Make a round live: rooms (judges by e-mail, a moderator among them), pitch and question minutes (default 6 + 4), start, breaks; clears the schedule (audited)", Tag: "live", Access: organizer,
			Body: domain.LiveSetupInput{}, Result: domain.LiveSetup{}, Status: 200, Handler: s.setLiveSetup},
		{Method: "POST", Path: "/rounds/:id/live/schedule", Summary: "Build the schedule (by track, balanced rooms, conflicted judges kept out), assign each room's judges and e-mail every team its slot (audited; refused once a room has started or a judge has scored)", Tag: "live", Access: organizer,
			Result: domain.LiveSetup{}, Status: 200, Handler: s.buildLiveSchedule},
		{Method: "POST", Path: "/rounds/:id/live/move", Summary: "Move a waiting team to a room and position; times follow, teams whose slot changed are e-mailed (audited)", Tag: "live", Access: organizer,
			Body: domain.SlotMove{}, Result: domain.LiveSetup{}, Status: 200, Handler: s.moveLiveSlot},
		{Method: "POST", Path: "/rounds/:id/live/swap", Summary: "Swap two waiting teams' slots (audited)", Tag: "live", Access: organizer,
			Body: domain.SlotSwap{}, Result: domain.LiveSetup{}, Status: 200, Handler: s.swapLiveSlots},
		{Method: "GET", Path: "/live/rounds/:id/timetable", Summary: "A live round's public timetable, room by room (blind rounds leave out the titles)", Tag: "live", Access: public,
			Result: domain.Timetable{}, Status: 200, Handler: s.publicTimetable},
		{Method: "POST", Path: "/live/rooms/:id/display-token", Summary: "Give a room's display a new link; the old one stops working", Tag: "live", Access: organizer,
			Result: domain.LiveRoomSetup{}, Status: 200, Handler: s.regenerateDisplayToken},
		{Method: "GET", Path: "/live/rooms/:id", Summary: "A room's state with the server's time (organizers, the room's moderator and judges; judges of a blind round see no teams)", Tag: "live", Access: judge,
			Result: domain.RoomView{}, Status: 200, Handler: s.liveRoom},
		{Method: "POST", Path: "/live/rooms/:id/actions", Summary: "Drive a room's clock: start, pause, resume, extend (seconds), qa, next, skip (reason absent or no_show; recorded) — organizers and the room's moderator", Tag: "live", Access: judge,
			Body: domain.RoomAction{}, Result: domain.RoomView{}, Status: 200, Handler: s.roomAction},
		{Method: "GET", Path: "/live/rooms/:id/stream", Summary: "A room's state as server-sent events, on every change", Tag: "live", Access: judge,
			Status: 200, Handler: s.roomStream},
		{Method: "GET", Path: "/live/display/:token", Summary: "A room's state for its display link (no sign-in)", Tag: "live", Access: public,
			Result: domain.RoomView{}, Status: 200, Handler: s.displayRoom},
		{Method: "GET", Path: "/live/display/:token/stream", Summary: "A room's state for its display link as server-sent events", Tag: "live", Access: public,
			Status: 200, Handler: s.displayStream},
		{Method: "GET", Path: "/me/live-rooms", Summary: "The rooms of live rounds the caller judges in", Tag: "live", Access: signedIn,
			Result: []domain.JudgeRoom{}, Status: 200, Handler: s.myLiveRooms},
		{Method: "GET", Path: "/teams/:id/live-slots", Summary: "The team's slots in live rounds (members and organizers)", Tag: "live", Access: teamMember,
			Result: []domain.TeamSlot{}, Status: 200, Handler: s.teamLiveSlots},
	}
}

// The live-round API: the organizers' setup and schedule, the rooms'
// clocks, the display links, the judges' rooms and the teams' slots. Kept
// apart from endpoints.ts; live.test.ts checks its routes against the
// server's OpenAPI document as openapi.test.ts does for the others.

import { fillPath, listOf, request, API_BASE } from './client';
import type { Break, Id, JudgeRoom, LiveJudge, LiveRoomSetup, LiveSetup, LiveSetupInput, LiveSlot, RoomAction, RoomClock, RoomView, SlotMove, SlotSwap, TeamSlot, Timetable } from './model';

export const liveRoutes = {
  liveSetup: ['GET', '/rounds/{id}/live'],
  setLiveSetup: ['PUT', '/rounds/{id}/live'],
  buildSchedule: ['POST', '/rounds/{id}/live/schedule'],
  moveSlot: ['POST', '/rounds/{id}/live/move'],
  swapSlots: ['POST', '/rounds/{id}/live/swap'],
  timetable: ['GET', '/live/rounds/{id}/timetable'],
  displayToken: ['POST', '/live/rooms/{id}/display-token'],
  room: ['GET', '/live/rooms/{id}'],
  roomAction: ['POST', '/live/rooms/{id}/actions'],
  roomStream: ['GET', '/live/rooms/{id}/stream'],
  display: ['GET', '/live/display/{token}'],
  displayStream: ['GET', '/live/display/{token}/stream'],
  myRooms: ['GET', '/me/live-rooms'],
  teamSlots: ['GET', '/teams/{id}/live-slots'],
} as const satisfies Record<string, readonly [string, string]>;

type LiveRoute = keyof typeof liveRoutes;

function call<T>(name: LiveRoute, params: Record<string, string | number>, body?: unknown): Promise<T> {
  const [method, template] = liveRoutes[name];
  return request<T>(method, fillPath(template, params), body);
}

function url(name: LiveRoute, params: Record<string, string | number>): string {
  return API_BASE + fillPath(liveRoutes[name][1], params);
}

// The shapes are the server's (generated from its OpenAPI document).
export type { Break, JudgeRoom, LiveJudge, LiveRoomSetup, LiveSetup, LiveSetupInput, LiveSlot, RoomAction, RoomClock, RoomView, TeamSlot, Timetable };

/** A room's phase: idle, pitch, qa, over (time is up) or finished (no team left). */
export type RoomPhase = RoomView['phase'];

/** The query keys of the live screens (see keys.ts for the others). */
export const liveKeys = {
  setup: (round: Id) => ['live-setup', String(round)] as const,
  myRooms: () => ['live-rooms', 'mine'] as const,
  teamSlots: (team: Id) => ['team-live-slots', String(team)] as const,
  timetable: (round: Id) => ['live-timetable', String(round)] as const,
};

export const liveApi = {
  setup: (round: Id) => call<LiveSetup>('liveSetup', { id: round }),
  saveSetup: (round: Id, b: LiveSetupInput) => call<LiveSetup>('setLiveSetup', { id: round }, b),
  build: (round: Id) => call<LiveSetup>('buildSchedule', { id: round }, {}),
  move: (round: Id, b: SlotMove) => call<LiveSetup>('moveSlot', { id: round }, b),
  swap: (round: Id, b: SlotSwap) => call<LiveSetup>('swapSlots', { id: round }, b),
  timetable: (round: Id) => call<Timetable>('timetable', { id: round }),
  newDisplayToken: (room: Id) => call<LiveRoomSetup>('displayToken', { id: room }, {}),
  room: (room: Id) => call<RoomView>('room', { id: room }),
  act: (room: Id, a: RoomAction) => call<RoomView>('roomAction', { id: room }, a),
  roomStreamUrl: (room: Id) => url('roomStream', { id: room }),
  display: (token: string) => call<RoomView>('display', { token }),
  displayStreamUrl: (token: string) => url('displayStream', { token }),
  myRooms: async () => listOf<JudgeRoom>(await call<unknown>('myRooms', {})),
  teamSlots: async (team: Id) => listOf<TeamSlot>(await call<unknown>('teamSlots', { id: team })),
};

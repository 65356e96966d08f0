// The live-round API: the organizers' setup and schedule, the rooms'
// clocks, the display links, the judges' rooms and the teams' slots. Kept
// apart from endpoints.ts; live.test.ts checks its routes against the
// server's OpenAPI document as openapi.test.ts does for the others.

import { fillPath, listOf, request, API_BASE } from './client';
import type { Id } from './model';

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

export interface LiveJudge {
  id: Id;
  name: string;
  email: string;
}

export interface LiveRoomSetup {
  id: Id;
  name: string;
  judges: LiveJudge[];
  moderator: string;
  display_token: string;
}

export interface LiveSlot {
  id: Id;
  room_id: Id;
  entry_id: Id;
  position: number;
  starts_at: string;
  status: 'scheduled' | 'done' | 'absent' | 'no_show';
  team_id?: Id;
  team_name?: string;
  title?: string;
  track: string;
}

export interface LiveBreak {
  starts_at: string;
  minutes: number;
}

export interface LiveSetup {
  round_id: Id;
  pitch_seconds: number;
  qa_seconds: number;
  starts_at: string;
  breaks: LiveBreak[];
  rooms: LiveRoomSetup[];
  slots: LiveSlot[];
  unplaced: { entry_id: Id; reason: string }[];
}

export interface LiveSetupInput {
  pitch_minutes: number;
  qa_minutes: number;
  starts_at: string;
  breaks: LiveBreak[];
  rooms: { name: string; judges: string[]; moderator?: string }[];
}

export interface RoomClock {
  slot_id: Id;
  started_at: string | null;
  paused_at: string | null;
  paused_ms: number;
  pitch_ms: number;
  qa_ms: number;
  revision: number;
}

export type RoomPhase = 'idle' | 'pitch' | 'qa' | 'over' | 'finished';

export interface RoomView {
  room_id: Id;
  room_name: string;
  round_id: Id;
  round_name: string;
  contest_slug: string;
  timezone: string;
  blind: boolean;
  clock: RoomClock;
  phase: RoomPhase;
  remaining_ms: number;
  elapsed_ms: number;
  paused: boolean;
  server_time: string;
  current: LiveSlot | null;
  next: LiveSlot | null;
  slots: LiveSlot[];
  /** Judges who submitted their scores for the current entry, of the room's judges. */
  scored: number;
  judges: number;
  can_moderate: boolean;
}

export interface JudgeRoom {
  room_id: Id;
  room_name: string;
  round_id: Id;
  round_name: string;
  contest_slug: string;
  moderator: boolean;
}

export interface TeamSlot {
  round_id: Id;
  round_name: string;
  room_id: Id;
  room_name: string;
  position: number;
  starts_at: string;
  status: LiveSlot['status'];
}

export interface Timetable {
  round_name: string;
  contest_slug: string;
  timezone: string;
  rooms: { name: string; slots: LiveSlot[] }[];
}

export type RoomAction =
  | { action: 'start' | 'pause' | 'resume' | 'qa' | 'next' }
  | { action: 'extend'; seconds: number }
  | { action: 'skip'; reason: 'absent' | 'no_show' };

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
  move: (round: Id, b: { entry_id: Id; room_id: Id; position: number }) => call<LiveSetup>('moveSlot', { id: round }, b),
  swap: (round: Id, a: Id, b: Id) => call<LiveSetup>('swapSlots', { id: round }, { a, b }),
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

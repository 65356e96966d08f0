// The API's shapes as the app names them: every schema of the server's OpenAPI
// document under its own name (model.gen.ts, written by `npm run gen:api`), so
// a field the server stops sending, or sends as null, is a compile error where
// the app reads it. Only what the document does not describe is declared here.
// View models built from these live next to their logic (lib/judging.ts,
// lib/results.ts, lib/upload.ts).

export type * from './model.gen';

/** Ids are numbers on the server (int64); route helpers also take strings from URLs. */
export type Id = string | number;

/** Filters of the organizer's team list (query parameters, which the document does not type). */
export interface TeamFilter {
  track?: string;
  status?: '' | 'submitted' | 'not_submitted' | 'late';
  extended?: boolean;
  /** Only teams whose files the entry check flagged. */
  flagged?: boolean;
  /** Part of a team's name or of a member's e-mail. */
  q?: string;
}

/**
 * Filters of the members list (query parameters): a role, meaning the
 * accounts holding it, or 'invited', the pending invitations of any role;
 * and part of a name or e-mail.
 */
export interface MemberFilter {
  role?: '' | 'organizer' | 'track_lead' | 'judge' | 'invited';
  q?: string;
}

/**
 * A request body with the named fields required and the rest optional: the
 * document lists every field of an input, and the server reads a missing one
 * as its zero value.
 */
export type Body<T, K extends keyof T> = Pick<T, K> & Partial<T>;

// The query keys of the app, in one place: every useQuery and every
// invalidation builds its key here, so a page that reads a submission and the
// page that changes it name the same cache entry. Ids are normalised to
// strings (an id from the API is a number, one from a URL a string:
// ['submission', 42] and ['submission', '42'] must be one entry).

import type { Id } from './model';

/** An id as it appears in a key: always a string ('' when absent). */
export const keyId = (id: Id | null | undefined): string => (id === null || id === undefined ? '' : String(id));

/** The query keys, by resource. A key is a prefix of the keys of its sub-resources. */
export const keys = {
  me: () => ['me'] as const,
  tokens: () => ['tokens'] as const,
  contests: () => ['contests'] as const,
  contest: (slug: string) => ['contest', slug] as const,
  /** The contest's members list; with a filter, its pages of that filter. */
  members: (slug: string, filter?: object) => (filter === undefined ? (['members', slug] as const) : (['members', slug, filter] as const)),
  /** Every row of the members list that a filter selects (under members, so changing a member refreshes them). */
  allMembers: (slug: string, filter: object) => ['members', slug, 'all', filter] as const,
  /** The organizer's team list of a contest; with a filter, one filtered list. */
  teams: (slug: string, filter?: object) => (filter === undefined ? (['teams', slug] as const) : (['teams', slug, filter] as const)),
  rounds: (slug: string) => ['rounds', slug] as const,
  results: (slug: string) => ['results', slug] as const,
  audit: (slug: string) => ['audit', slug] as const,
  exports: (slug: string) => ['exports', slug] as const,
  invite: (slug: string, code: string) => ['invite', slug, code] as const,
  myTeams: () => ['my-teams'] as const,
  team: (id: Id) => ['team', keyId(id)] as const,
  submission: (teamId: Id) => ['submission', keyId(teamId)] as const,
  versions: (teamId: Id) => ['versions', keyId(teamId)] as const,
  receiptView: (teamId: Id, version: number) => ['receipt-view', keyId(teamId), version] as const,
  feedback: (teamId: Id) => ['feedback', keyId(teamId)] as const,
  myAssignments: () => ['my-assignments'] as const,
  assignment: (id: Id) => ['assignment', keyId(id)] as const,
  roundAssignments: (roundId: Id) => ['round-assignments', keyId(roundId)] as const,
  ranking: (roundId: Id) => ['ranking', keyId(roundId)] as const,
  /** One page of a round's ranking (of one track, '' for the whole round); under ranking, so refreshing the ranking refreshes its pages. */
  rankingPage: (roundId: Id, track: string, offset: number, limit: number) => ['ranking', keyId(roundId), 'page', track, offset, limit] as const,
  /** The contest's final ranking (weights, overrides) and its ceremony. */
  finalRanking: (slug: string) => ['final', slug] as const,
  ceremony: (slug: string) => ['ceremony', slug] as const,
  audience: (token: string) => ['audience', token] as const,
  /** A round's ranking confidence; without a cut, every cut of it. */
  rankingConfidence: (roundId: Id, cut?: string | number | null) =>
    cut === undefined ? (['ranking-confidence', keyId(roundId)] as const) : (['ranking-confidence', keyId(roundId), cut ?? ''] as const),
  /** The confidence of the listed entries of a round's ranking at a cut (undefined: the default one). */
  rankingConfidenceOf: (roundId: Id, cut: string | undefined, ids: Id[]) => ['ranking-confidence', keyId(roundId), cut ?? '', 'entries', ids.map(keyId).join(',')] as const,
};

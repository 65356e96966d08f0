// The awards tab's rules, kept out of the page so that they can be tested:
// the ranking of award names, the awards sent in that order, the preview of
// the public page, the round the tab opens on, and per-track ranking tables.

import type { Award, Id, RankedEntry, Track } from '../api/model';
import type { ResultEntry } from './results';

/** What the awards need of an entry: its id, names, track and place in the ranking. */
export type AwardRow = Pick<RankedEntry, 'entry_id' | 'title' | 'team_name' | 'track' | 'rank'>;

/**
 * The entries the awards tab knows: the ranking rows loaded (a few pages per
 * track) in the round's rank order, then the entries of awards saved before
 * that are not among them (further down a track than the pages shown), so
 * that their awards are sent again and previewed with their names.
 */
export function awardRows(loaded: AwardRow[], saved: Pick<Award, 'entry_id' | 'title' | 'team_name' | 'track'>[]): AwardRow[] {
  const rows = [...loaded].sort((a, b) => a.rank - b.rank);
  const known = new Set(rows.map((r) => String(r.entry_id)));
  for (const w of saved) {
    if (known.has(String(w.entry_id))) continue;
    known.add(String(w.entry_id));
    rows.push({ entry_id: w.entry_id, title: w.title, team_name: w.team_name, track: w.track, rank: Number.MAX_SAFE_INTEGER });
  }
  return rows;
}

/**
 * The award names in the organizer's order, followed by any name given to
 * an entry but not ranked yet (in the order first used); blanks and
 * duplicates dropped.
 */
export function completeOrder(order: string[], used: string[]): string[] {
  const out: string[] = [];
  for (const n of [...order, ...used].map((x) => x.trim())) if (n && !out.includes(n)) out.push(n);
  return out;
}

/** Moves the name at index i by delta places (up: -1, down: +1). */
export function moveName(order: string[], i: number, delta: number): string[] {
  const j = i + delta;
  if (i < 0 || i >= order.length || j < 0 || j >= order.length) return order;
  const out = [...order];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/**
 * The body of POST /contests/{slug}/results: the awards (entry key → name)
 * sorted by the rank of their name, then by the entries' ranking order, with
 * the names' ranking. Entry keys go back to the ids the ranking gave.
 */
export function awardsPayload(awards: Record<string, string>, order: string[], rows: AwardRow[]): { awards: { entry_id: number; award: string }[]; awards_order: string[] } {
  const rowIndex = (key: string) => {
    const i = rows.findIndex((r) => String(r.entry_id) === key);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  // Names not ranked yet rank by the best-ranked entry that got them: the
  // award typed on the ranking's first entry comes first, whatever the order
  // the organizer typed them in (and whatever the entries' ids).
  const given = Object.entries(awards)
    .map(([key, name]) => ({ key, name: name.trim() }))
    .filter((a) => a.name)
    .sort((a, b) => rowIndex(a.key) - rowIndex(b.key));
  const awardsOrder = completeOrder(order, given.map((a) => a.name));
  given.sort((a, b) => awardsOrder.indexOf(a.name) - awardsOrder.indexOf(b.name) || rowIndex(a.key) - rowIndex(b.key));
  return {
    awards: given.map((a) => ({ entry_id: Number(rows[rowIndex(a.key)]?.entry_id ?? a.key), award: a.name })),
    awards_order: awardsOrder,
  };
}

/** The public page's content for a payload: winners by track, in order. */
export function previewWinners(payload: ReturnType<typeof awardsPayload>, rows: AwardRow[], tracks: Track[] = []): { slug: string; title: string; winners: ResultEntry[] }[] {
  const byTrack = new Map<string, ResultEntry[]>();
  for (const a of payload.awards) {
    const r = rows.find((x) => String(x.entry_id) === String(a.entry_id));
    const slug = r?.track ?? '';
    const winner = { entry_id: a.entry_id, award: a.award, title: r?.title ?? '', team_name: r?.team_name ?? '', track: slug, position: 0, rank: 0, award_rank: payload.awards_order.indexOf(a.award) + 1 };
    byTrack.set(slug, [...(byTrack.get(slug) ?? []), winner]);
  }
  const known = tracks.map((t) => t.slug);
  const slugs = [...known.filter((s) => byTrack.has(s)), ...[...byTrack.keys()].filter((s) => !known.includes(s))];
  return slugs.map((slug) => ({ slug, title: tracks.find((t) => t.slug === slug)?.title ?? slug, winners: byTrack.get(slug)! }));
}

/**
 * The round the awards tab opens on: the latest round (by position in the
 * list, oldest first) whose ranking has scored entries, else the latest.
 */
export function defaultAwardsRound(roundIds: Id[], scored: (id: Id) => boolean | undefined): string {
  for (let i = roundIds.length - 1; i >= 0; i--) if (scored(roundIds[i])) return String(roundIds[i]);
  return roundIds.length ? String(roundIds[roundIds.length - 1]) : '';
}

/**
 * A ranking split into per-track tables, each in order of the rank within
 * its track: the server's track_rank when given, else the competition rank
 * among the track's entries in the overall order (ties share a rank).
 */
export function rankingByTrack(rows: RankedEntry[]): { track: string; rows: (RankedEntry & { trackRank: number })[] }[] {
  const groups = new Map<string, RankedEntry[]>();
  for (const r of rows) groups.set(r.track ?? '', [...(groups.get(r.track ?? '') ?? []), r]);
  return [...groups.entries()].map(([track, list]) => {
    const ranked = list.map((r, i) => {
      let trackRank = r.track_rank ?? 0;
      if (!trackRank) {
        const first = list.findIndex((x) => x.rank === r.rank);
        trackRank = (first < 0 ? i : first) + 1;
      }
      return { ...r, trackRank };
    });
    ranked.sort((a, b) => a.trackRank - b.trackRank);
    return { track, rows: ranked };
  });
}

// The public results page's view: the published awards grouped by track in
// the contest's order, winners in the organizer's order of award names.

import type { Award, Results as ServerResults, Track } from '../api/model';

export type ResultEntry = Award & { rank: number };

export interface Results {
  contest: { slug: string; title: string; tracks: Track[] };
  title: string;
  published_at?: string;
  /** Award names, highest first: the order of every list of winners. */
  awards_order: string[];
  tracks: { slug: string; title: string; winners: ResultEntry[] }[];
}

/** Awards in the organizer's order: by the rank of their name, then by position. */
export function sortAwards<T extends { award_rank?: number; position?: number }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.award_rank ?? 1e9) - (b.award_rank ?? 1e9) || (a.position ?? 0) - (b.position ?? 0));
}

/** GET /contests/{slug}/results → winners grouped by track. */
export function fromServerResults(s: ServerResults): Results {
  const tracksOf = s.tracks ?? [];
  const titles = new Map(tracksOf.map((t) => [t.slug, t.title]));
  const groups = s.by_track ?? {};
  const order = [...tracksOf.map((t) => t.slug), ...Object.keys(groups).filter((k) => !titles.has(k))];
  const withRank = (a: Award): ResultEntry => ({ ...a, rank: a.position });
  const tracks = order
    .filter((slug) => groups[slug]?.length)
    .map((slug) => ({
      slug,
      title: titles.get(slug) ?? slug,
      winners: sortAwards(groups[slug] ?? []).map(withRank),
    }));
  if (!tracks.length && s.awards?.length) tracks.push({ slug: '', title: '', winners: sortAwards(s.awards).map(withRank) });
  return { contest: { slug: s.contest_slug, title: s.title, tracks: tracksOf }, title: s.title, published_at: s.published_at ?? undefined, awards_order: s.awards_order ?? [], tracks };
}


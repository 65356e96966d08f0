// A round's ranking as the console reads it: one page per track at a time,
// from the server (never the whole ranking of a round, which runs to tens
// of megabytes at national size), with "show more" asking for a track's
// next page. The ranking section and the awards tab both read it so.

import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/endpoints';
import { keyId, keys } from '../api/keys';
import type { Id, RankedEntry, Ranking } from '../api/model';
import { rankingByTrack } from '../lib/awards';

/** Entries per page of a track's ranking (the awards tab's). */
export const RANKING_PAGE = 100;

/**
 * Entries per page of each track in the ranking section: about RANKING_PAGE
 * rows on the page at first whatever the number of tracks, and at least 25
 * of each track. Twelve tracks of 100 rows (1,200 table rows, each with its
 * details) took more than a second to lay out before the first row showed.
 */
export function sectionPageSize(tracks: number): number {
  return Math.max(25, Math.ceil(RANKING_PAGE / Math.max(tracks, 1)));
}

/** A track's loaded rows (its first pages, in rank order), the track's total and whether a page is still loading. */
export interface TrackPages {
  track: string;
  rows: (RankedEntry & { trackRank: number })[];
  total: number;
  loading: boolean;
  /** The track's first page has not arrived yet. */
  pending: boolean;
}

/**
 * The loaded pages of each track, in the order of tracks (queries holds, per track, its pages[track] pages in
 * order, 1 when absent): their rows joined and ranked within the track, and the track's total from its last page.
 */
export function rankingPages(tracks: string[], pages: Record<string, number>, queries: UseQueryResult<Ranking>[]): TrackPages[] {
  let at = 0;
  return tracks.map((track) => {
    const mine = queries.slice(at, at + (pages[track] ?? 1));
    at += mine.length;
    const list = mine.flatMap((x) => x.data?.entries ?? []);
    const total = mine.reduce((n, x) => (x.data ? x.data.total : n), 0);
    const rows = rankingByTrack(list.map((r) => ({ ...r, track: r.track ?? track })))[0]?.rows ?? [];
    return { track, rows, total, loading: mine.some((x) => x.isFetching), pending: !!mine[0]?.isPending };
  });
}

/**
 * The first pages (of size entries) of each track's ranking of a round, and the next page of a track on
 * demand; tracks is [''] for a contest without tracks. A round's pages start over when the round changes.
 */
export function useTrackRanking(roundId: Id, tracks: string[], size = RANKING_PAGE) {
  const [shown, setShown] = useState<Record<string, Record<string, number>>>({});
  const pages = shown[keyId(roundId)] ?? {};
  const queries = useQueries({
    queries: tracks.flatMap((track) =>
      Array.from({ length: pages[track] ?? 1 }, (_, i) => ({
        queryKey: keys.rankingPage(roundId, track, i * size, size),
        queryFn: () => api.rankingPage(roundId, track, i * size, size),
        enabled: keyId(roundId) !== '',
        retry: false,
      })),
    ),
  });
  const byTrack = rankingPages(tracks, pages, queries);
  return {
    byTrack,
    /** The entry ids of each loaded page, for requests about exactly the rows shown. */
    idPages: queries.map((x) => (x.data?.entries ?? []).map((r) => r.entry_id)).filter((ids) => ids.length > 0),
    /** No track's first page has arrived yet: each track shows as soon as its own does. */
    isPending: byTrack.every((g) => g.pending),
    error: queries.find((x) => x.error)?.error ?? null,
    refetch: () => Promise.all(queries.map((x) => x.refetch())),
    /** Asks for a track's next page. */
    more: (track: string) => setShown((s) => ({ ...s, [keyId(roundId)]: { ...pages, [track]: (pages[track] ?? 1) + 1 } })),
  };
}

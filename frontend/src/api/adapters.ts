// Maps the server's judging shapes to the ones the pages use, in one place, so
// that a change of the API touches this file and types.ts only.

import type {
  Assignment,
  EntryView,
  Progress,
  Ranking,
  RankingRow,
  Results,
  ServerAssignment,
  ServerProgress,
  ServerRankedEntry,
  ServerRanking,
  ServerResults,
} from './types';

/** The judge-facing state of an assignment. */
export function assignmentStatus(a: Pick<ServerAssignment, 'status' | 'score_state'>): Assignment['status'] {
  if (a.status === 'conflict') return 'conflict';
  if (a.status === 'dropped' || a.status === 'moved') return a.status;
  if (a.score_state === 'final') return 'submitted';
  if (a.score_state === 'draft') return 'draft';
  return 'pending';
}

/** An assignment row → UI assignment (details come from the entry view). */
export function fromServerAssignment(a: ServerAssignment | Assignment): Assignment {
  if ('score_state' in a || ['active', 'dropped', 'moved'].includes(a.status)) {
    const s = a as ServerAssignment;
    return { id: s.id, round_id: s.round_id, entry_id: s.entry_id, judge_id: s.judge_id, judge_name: s.judge_email, status: assignmentStatus(s) };
  }
  return a as Assignment;
}

/** GET /assignments/{id} → UI assignment with rubric, entry and score. */
export function fromEntryView(v: EntryView | Assignment): Assignment {
  if (!('assignment' in v)) return v as Assignment;
  const a = fromServerAssignment(v.assignment);
  return {
    ...a,
    round_name: v.round?.name,
    contest: v.contest_slug,
    rubric: v.round?.rubric ?? [],
    closes_at: v.round?.closes_at,
    team_name: v.team_name || null,
    title: v.title,
    abstract: v.abstract,
    track: v.track,
    fields: v.fields ?? {},
    form: v.form ?? [],
    files: (v.files ?? []).map((f) => ({ ...f, id: f.file_id })),
    values: v.score?.values ?? null,
    comment: v.score?.comment ?? '',
    updated_at: v.score?.updated_at,
  };
}

function fromRankedEntry(e: ServerRankedEntry | RankingRow): RankingRow {
  const s = e as ServerRankedEntry;
  return {
    ...(e as RankingRow),
    entry: String(s.entry ?? s.entry_id),
    entry_id: s.entry_id ?? s.entry,
    raw_mean: s.mean ?? (e as RankingRow).raw_mean,
    flagged: s.disagreement ?? (e as RankingRow).flagged,
    scores: s.scores?.map((x) => ({ judge: String(x.judge_id), judge_name: x.judge_email, total: x.total, values: x.values, bias: x.bias, scale: x.scale })),
  };
}

/** GET /rounds/{id}/ranking: one ranking, a list of per-track rankings, or {ranking: rows}. */
export function fromServerRanking(r: unknown): Ranking {
  const list = Array.isArray(r) ? r : [r];
  const rows: RankingRow[] = [];
  const unscored: NonNullable<Ranking['unscored']> = [];
  let method: Ranking['method'];
  for (const x of list as (ServerRanking | Ranking | ServerRankedEntry)[]) {
    if (!x || typeof x !== 'object') continue;
    if ('entries' in x) {
      method = x.method;
      rows.push(...(x.entries ?? []).map(fromRankedEntry));
      for (const u of (x as ServerRanking).unscored ?? []) unscored.push({ entry_id: u.submission_id, title: u.title, team_name: u.team_name, track: u.track });
    } else if ('ranking' in x) {
      method = x.method;
      rows.push(...(x.ranking ?? []).map(fromRankedEntry));
    } else if ('rank' in x) rows.push(fromRankedEntry(x));
  }
  return { method, ranking: rows, unscored };
}

/** GET /rounds/{id}/progress (and the SSE stream's events). */
export function fromServerProgress(p: ServerProgress | Progress): Progress {
  const s = p as ServerProgress;
  if (s.assigned === undefined) return p as Progress;
  return {
    round_id: s.round_id,
    done: s.done,
    pending: s.pending,
    overdue: s.overdue,
    total: s.assigned,
    judges: (s.judges ?? []).map((j) => ({ judge_id: j.judge_id, name: j.name || j.email, done: j.done, pending: j.pending, overdue: j.overdue, total: j.assigned })),
  };
}

/** Awards in the organizer's order: by the rank of their name, then by position. */
export function sortAwards<T extends { award_rank?: number; position?: number }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.award_rank ?? 1e9) - (b.award_rank ?? 1e9) || (a.position ?? 0) - (b.position ?? 0));
}

/** GET /contests/{slug}/results → winners grouped by track. */
export function fromServerResults(r: ServerResults | Results): Results {
  const s = r as ServerResults;
  if (!('by_track' in s) && !('contest_slug' in s)) return r as Results;
  const titles = new Map((s.tracks ?? []).map((t) => [t.slug, t.title]));
  const groups = s.by_track ?? {};
  const order = [...(s.tracks ?? []).map((t) => t.slug), ...Object.keys(groups).filter((k) => !titles.has(k))];
  const tracks = order
    .filter((slug) => groups[slug]?.length)
    .map((slug) => ({
      slug,
      title: titles.get(slug) ?? slug,
      winners: sortAwards(groups[slug]).map((a) => ({ ...a, rank: a.position })),
    }));
  if (!tracks.length && s.awards?.length) tracks.push({ slug: '', title: '', winners: sortAwards(s.awards).map((a) => ({ ...a, rank: a.position })) });
  return {
    contest: { slug: s.contest_slug, title: s.title, tracks: s.tracks ?? [] },
    title: s.title,
    published_at: s.published_at ?? undefined,
    awards_order: s.awards_order ?? [],
    tracks,
  };
}

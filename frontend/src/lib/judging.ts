// The judging pages' view models, built from the server's judging shapes:
// an assignment with its entry and score as the judge portal shows it, a
// ranking line and a round's progress as the console shows them. A change of
// the API is a compile error here, not a blank field on a page.

import type {
  Assignment as AssignmentRow,
  EntryView,
  Explanation,
  FormField,
  Id,
  Progress as ServerProgress,
  RankedEntry,
  Ranking as ServerRanking,
  ReceiptFile,
  RubricItem,
} from '../api/model';

/** An assignment as the judge portal shows it. */
export interface Assignment {
  id: Id;
  round_id: Id;
  round_name?: string;
  contest?: string;
  entry_id: Id;
  team_name?: string | null; // hidden when blind
  title?: string;
  abstract?: string;
  track?: string;
  judge_id?: Id;
  judge_name?: string;
  /** pending, draft, submitted, conflict (also dropped, moved for organizers) */
  status: 'pending' | 'draft' | 'submitted' | 'conflict' | 'dropped' | 'moved';
  values?: Record<string, number> | null;
  comment?: string;
  rubric?: RubricItem[];
  fields?: Record<string, string>;
  form?: FormField[];
  files?: (ReceiptFile & { id: string })[];
  closes_at?: string;
  updated_at?: string;
  /** Expected reading time in minutes (the judge's own list): pages and video length from the entry checks. */
  expected_minutes?: number;
  /** The stored sheet's count of saves: this client's saves count on from it. */
  seq?: number;
}

/** One line of a ranking as the console shows it. */
export interface RankingRow {
  entry: string;
  entry_id: Id;
  team_name: string;
  title: string;
  track: string;
  rank: number;
  score: number;
  raw_mean: number;
  uncertainty: number;
  judges: number;
  spread: number;
  flagged: boolean;
  /** Rank in the entry's track's own ranking (the one advancement uses). */
  track_rank: number;
  /** False while fewer judges than planned have submitted scores. */
  complete: boolean;
  planned: number;
  explanation: Explanation;
  scores: { judge: string; judge_name: string; total: number; values: Record<string, number>; bias?: number; scale?: number }[];
}

export interface Ranking {
  method?: string;
  ranking: RankingRow[];
  /** Entries of the round without final scores yet. */
  unscored: { entry_id: Id; title: string; team_name: string; track: string }[];
}

/** One page of a ranking (GET /rounds/{id}/ranking?offset=&limit=): total and total_unscored count the whole ranking. */
export interface RankingPage extends Ranking {
  total: number;
  total_unscored: number;
}

export interface ProgressJudge {
  judge_id: Id;
  name: string;
  done: number;
  pending: number;
  overdue: number;
  total: number;
}

export interface Progress {
  round_id: Id;
  done: number;
  pending: number;
  overdue: number;
  total: number;
  judges: ProgressJudge[];
}

/** The judge-facing state of an assignment. */
export function assignmentStatus(a: Pick<AssignmentRow, 'status' | 'score_state'>): Assignment['status'] {
  if (a.status === 'conflict') return 'conflict';
  if (a.status === 'dropped' || a.status === 'moved') return a.status;
  if (a.score_state === 'final') return 'submitted';
  if (a.score_state === 'draft') return 'draft';
  return 'pending';
}

/** An assignment row → UI assignment (details come from the entry view). */
export function fromServerAssignment(s: AssignmentRow): Assignment {
  return {
    id: s.id,
    round_id: s.round_id,
    entry_id: s.entry_id,
    judge_id: s.judge_id,
    judge_name: s.judge_email,
    status: assignmentStatus(s),
    // Only where known: the entry view (which has none) must not hide the list's figure.
    ...(s.expected_minutes ? { expected_minutes: s.expected_minutes } : {}),
  };
}

/** GET /assignments/{id} → UI assignment with rubric, entry and score. */
export function fromEntryView(v: EntryView): Assignment {
  return {
    ...fromServerAssignment(v.assignment),
    round_name: v.round.name,
    contest: v.contest_slug,
    rubric: v.round.rubric ?? [],
    closes_at: v.round.closes_at,
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
    seq: v.score?.seq ?? 0,
  };
}

function fromRankedEntry(s: RankedEntry): RankingRow {
  return {
    entry: s.entry,
    entry_id: s.entry_id,
    team_name: s.team_name,
    title: s.title,
    track: s.track,
    rank: s.rank,
    score: s.score,
    raw_mean: s.mean,
    uncertainty: s.uncertainty,
    judges: s.judges,
    spread: s.spread,
    flagged: s.disagreement,
    track_rank: s.track_rank,
    complete: s.complete,
    planned: s.planned,
    explanation: s.explanation,
    scores: (s.scores ?? []).map((x) => ({ judge: String(x.judge_id), judge_name: x.judge_email, total: x.total, values: x.values ?? {}, bias: x.bias ?? undefined, scale: x.scale ?? undefined })),
  };
}

/** GET /rounds/{id}/ranking. */
export function fromServerRanking(r: ServerRanking): Ranking {
  return {
    method: r.method,
    ranking: (r.entries ?? []).map(fromRankedEntry),
    unscored: (r.unscored ?? []).map((u) => ({ entry_id: u.submission_id, title: u.title, team_name: u.team_name, track: u.track })),
  };
}

/** GET /rounds/{id}/progress (and the SSE stream's events). */
export function fromServerProgress(s: ServerProgress): Progress {
  return {
    round_id: s.round_id,
    done: s.done,
    pending: s.pending,
    overdue: s.overdue,
    total: s.assigned,
    judges: (s.judges ?? []).map((j) => ({ judge_id: j.judge_id, name: j.name || j.email, done: j.done, pending: j.pending, overdue: j.overdue, total: j.assigned })),
  };
}


// The judge portal's view model, built from the server's judging shapes: an
// assignment with its entry and score, and the state the judge sees. A change
// of the API is a compile error here, not a blank field on a page. The
// console reads rankings and progress in the server's own shapes
// (RankedEntry, Ranking, Progress).

import type { Assignment as AssignmentRow, EntryView, FormField, Id, ReceiptFile, RubricItem } from '../api/model';

/** An assignment as the judge portal shows it. */
export interface Assignment {
  id: Id;
  round_id: Id;
  round_name?: string;
  contest_slug?: string;
  entry_id: Id;
  team_name?: string | null; // hidden when blind
  title?: string;
  abstract?: string;
  track?: string;
  judge_id?: Id;
  judge_email?: string;
  /** The judge's name (the organizers' page of a round's assignments). */
  judge_name?: string;
  /** pending, draft, submitted, conflict (also dropped, moved for organizers) */
  status: 'pending' | 'draft' | 'submitted' | 'conflict' | 'dropped' | 'moved';
  values?: Record<string, number> | null;
  comment?: string;
  rubric?: RubricItem[];
  fields?: Record<string, string>;
  form?: FormField[];
  files?: ReceiptFile[];
  closes_at?: string;
  updated_at?: string;
  /** Expected reading time in minutes (the judge's own list): pages and video length from the entry checks. */
  expected_minutes?: number;
  /** The stored sheet's count of saves: this client's saves count on from it. */
  seq?: number;
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
    judge_email: s.judge_email,
    status: assignmentStatus(s),
    // The organizers' page of a round names the judge and the entry; a judge's own list does not.
    ...(s.judge_name ? { judge_name: s.judge_name } : {}),
    ...(s.team_name ? { team_name: s.team_name } : {}),
    ...(s.title ? { title: s.title } : {}),
    // Only where known: the entry view (which has none) must not hide the list's figure.
    ...(s.expected_minutes ? { expected_minutes: s.expected_minutes } : {}),
  };
}

/** GET /assignments/{id} → UI assignment with rubric, entry and score. */
export function fromEntryView(v: EntryView): Assignment {
  return {
    ...fromServerAssignment(v.assignment),
    round_name: v.round.name,
    contest_slug: v.contest_slug,
    rubric: v.round.rubric ?? [],
    closes_at: v.round.closes_at,
    team_name: v.team_name || null,
    title: v.title,
    abstract: v.abstract,
    track: v.track,
    fields: v.fields ?? {},
    form: v.form ?? [],
    files: v.files ?? [],
    values: v.score?.values ?? null,
    comment: v.score?.comment ?? '',
    updated_at: v.score?.updated_at,
    seq: v.score?.seq ?? 0,
  };
}

// Types of the Podium API (DESIGN.md §7). They live in one file so that they are
// easy to align with the server's OpenAPI document (server/api/openapi.json).
// Fields the contract does not name are optional: the UI must cope without them.

/** Ids are numbers on the server (int64); the UI treats them as opaque. */
export type Id = string | number;

/** A signed-in person. */
export interface User {
  id: Id;
  email: string;
  name: string;
  is_admin?: boolean;
  created_at?: string;
}

/** A role of the current user in one contest. */
export interface Role {
  contest_slug: string;
  contest?: string;
  contest_id?: Id;
  role: 'organizer' | 'judge' | 'participant' | string;
  team_id?: Id;
}

/** GET /me */
export interface Me {
  user: User;
  csrf_token: string;
  roles: Role[] | null;
  /** The language of the account's e-mails (en, zh-CN), '' when not known. */
  language?: string;
}

/** POST /auth/login */
export interface LoginResult {
  user: User;
  csrf_token: string;
}

export interface Track {
  slug: string;
  title: string;
}

export type FormFieldType = 'text' | 'textarea' | 'url' | 'select';

/** One field of a contest's submission form. */
export interface FormField {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  options?: string[] | null;
}

/** One file slot of a contest's submission. */
export interface FileSlot {
  key: string;
  label: string;
  required: boolean;
  max_bytes: number;
  types: string[];
}

export interface Contest {
  id?: Id;
  slug: string;
  title: string;
  description: string;
  timezone: string;
  registration_opens_at: string;
  submission_opens_at: string;
  submission_deadline: string;
  max_team_size: number;
  tracks: Track[];
  form: FormField[];
  files: FileSlot[];
  created_at?: string;
  updated_at?: string;
  registration_closes_at?: string | null;
  results_published_at?: string | null;
  feedback_enabled?: boolean;
  /** Present when the server tells the caller their team in this contest. */
  my_team_id?: string | null;
  results_published?: boolean;
  /** draft: seen only by its organizers, no teams yet; open: public. */
  status?: 'draft' | 'open' | string;
}

/** Body of POST /contests and PATCH /contests/{slug}. */
export type ContestInput = Omit<Contest, 'id' | 'created_at' | 'my_team_id' | 'results_published'>;

export interface TeamMember {
  user_id: Id;
  name: string;
  email?: string;
  role?: 'captain' | 'member' | string;
  captain?: boolean;
  is_captain?: boolean;
  joined_at?: string;
}

export interface Team {
  id: Id;
  contest?: string; // contest slug
  contest_slug?: string;
  contest_id?: Id;
  name: string;
  track: string;
  invite_code?: string;
  captain_id?: Id;
  members?: TeamMember[];
  deadline?: string; // effective deadline (with an extension)
  deadline_extension?: string | null;
  track_id?: Id;
  created_at?: string;
}

/** A row of the organizer's team list (GET /contests/{slug}/teams). */
export interface TeamListItem extends Team {
  /** Latest submitted version, 0 when none. */
  version: number;
  submitted_at: string | null;
  submitted: boolean;
  /** The latest version came after the contest's deadline (within an extension). */
  late: boolean;
  /** The team has its own, later deadline (`deadline`). */
  extended: boolean;
}

/** Filters of the organizer's team list. */
export interface TeamFilter {
  track?: string;
  status?: '' | 'submitted' | 'not_submitted';
  extended?: boolean;
  /** Part of a team's name or of a member's e-mail. */
  q?: string;
}

/** One page of a list: `next_after` is the cursor of the next page, 0 at the end. */
export interface Page<T> {
  items: T[];
  next_after: Id;
}

/** What an invite link leads to (GET /contests/{slug}/invite?code=). */
export interface TeamPreview {
  contest: string;
  contest_slug: string;
  team: string;
  track: string;
  track_title: string;
  captain: string;
  members: number;
  max_team_size: number;
}

export interface SubmissionFile {
  id?: Id;
  file_id?: Id;
  slot: string;
  filename: string;
  size: number;
  sha256: string;
  content_type?: string;
  /** pending (uploading), stored (verified), replaced, rejected, abandoned. */
  status?: 'pending' | 'stored' | 'replaced' | 'rejected' | 'abandoned' | string;
  upload_kind?: string;
  created_at?: string;
  completed_at?: string | null;
}

export interface SubmissionVersion {
  version: number;
  submitted_at: string;
  digest?: string;
  files?: SubmissionFile[];
}

export interface Submission {
  id?: Id;
  team_id?: Id;
  title: string;
  abstract: string;
  fields: Record<string, string>;
  files?: SubmissionFile[];
  /** The latest submitted version, 0 when none. */
  current_version?: number;
  version?: number;
  status?: string;
  updated_at?: string;
  submitted_at?: string | null;
  versions?: SubmissionVersion[];
  deadline?: string;
}

export interface SubmissionInput {
  title: string;
  abstract: string;
  fields: Record<string, string>;
}

export interface FileCreateInput {
  slot: string;
  filename: string;
  size: number;
  content_type: string;
  sha256: string;
}

/** A presigned POST: send `fields` then `file` as multipart/form-data to `url`. */
export interface PostUpload {
  method: 'POST';
  url: string;
  fields: Record<string, string>;
}

/** A multipart upload: PUT each part to its URL, collect the ETags, then complete. */
export interface MultipartUpload {
  method: 'MULTIPART';
  part_size: number;
  /** URLs for one window of the missing parts (at most 100). */
  parts: { number: number; url: string }[];
  part_count?: number;
  /** Where the next window starts (GET the upload state with from_part); absent or 0 when none. */
  next_part?: number;
}

export type UploadPlan = PostUpload | MultipartUpload;

export interface FileCreateResult {
  file_id: Id;
  upload: UploadPlan;
}

export interface CompletedPart {
  number: number;
  etag: string;
}

export interface Receipt {
  submission_id: Id;
  team_id?: Id;
  version: number;
  submitted_at: string;
  title?: string;
  abstract?: string;
  fields?: Record<string, string>;
  files: { file_id?: string; slot: string; filename: string; size: number; sha256: string }[];
  digest: string;
  team_name?: string;
  contest?: string;
}

/** A receipt with its team, contest and the labels of its answers and files. */
export interface ReceiptView {
  receipt: Receipt;
  team?: { id: Id; name: string; track: string };
  contest?: { slug: string; title: string; timezone: string; form: { key: string; label: string }[]; files: { key: string; label: string }[] };
}

export interface RubricCriterion {
  id: string;
  label: string;
  weight: number;
  min: number;
  max: number;
  description?: string;
}

export type RankMethod = 'mean' | 'zscore' | 'calibrated';

export interface Round {
  id: Id;
  contest?: string;
  name: string;
  rubric: RubricCriterion[];
  judges_per_entry: number;
  blind: boolean;
  method: RankMethod;
  closes_at: string;
  contest_slug?: string;
  position?: number;
  max_load?: number;
  pool_tracks?: string[] | null;
  pool_judges?: Id[] | null;
  assigned_at?: string | null;
  status?: string;
  created_at?: string;
}

/** Body of POST /contests/{slug}/rounds; pool_judges are e-mail addresses. */
export interface RoundInput {
  name: string;
  rubric: RubricCriterion[];
  judges_per_entry: number;
  blind: boolean;
  method: RankMethod;
  closes_at: string;
  max_load?: number;
  pool_tracks?: string[];
  pool_judges?: string[];
}

export interface Assignment {
  id: Id;
  round_id: Id;
  round_name?: string;
  contest?: string;
  contest_title?: string;
  entry_id: Id;
  team_name?: string | null; // hidden when blind
  title?: string;
  abstract?: string;
  track?: string;
  judge_id?: Id;
  judge_name?: string;
  /** pending, draft, submitted, conflict (also dropped, moved for organizers) */
  status: 'pending' | 'draft' | 'submitted' | 'conflict' | string;
  values?: Record<string, number> | null;
  comment?: string;
  rubric?: RubricCriterion[];
  fields?: Record<string, string>;
  form?: FormField[];
  files?: SubmissionFile[];
  closes_at?: string;
  updated_at?: string;
}

export interface ScoreInput {
  values: Record<string, number>;
  comment: string;
  final: boolean;
}

export interface RankingRow {
  entry: string;
  entry_id?: Id;
  team_name?: string;
  title?: string;
  track?: string;
  rank: number;
  score: number;
  raw_mean?: number;
  uncertainty?: number;
  judges: number;
  spread: number;
  flagged?: boolean;
  /** Rank in the entry's track's own ranking (the one advancement uses). */
  track_rank?: number;
  /** False while fewer judges than planned have submitted scores. */
  complete?: boolean;
  planned?: number;
  explanation?: unknown;
  scores?: { judge: string; judge_name?: string; total?: number; values?: Record<string, number>; bias?: number; scale?: number }[];
}

export interface Ranking {
  round_id?: Id;
  method?: RankMethod;
  ranking: RankingRow[];
  /** Entries of the round without final scores yet. */
  unscored?: { entry_id: Id; title?: string; team_name?: string; track?: string }[];
}

export interface ProgressJudge {
  judge_id: Id;
  name?: string;
  done: number;
  pending: number;
  overdue?: number;
  total?: number;
}

export interface Progress {
  round_id?: Id;
  done: number;
  pending: number;
  overdue?: number;
  total?: number;
  judges?: ProgressJudge[];
}

export interface Member {
  user_id?: Id;
  email: string;
  name?: string;
  role: 'organizer' | 'judge' | 'participant' | string;
  tracks?: string[] | null;
  organization?: string;
  invited?: boolean;
  created_at?: string;
}

export interface MemberInput {
  email: string;
  role: 'organizer' | 'judge';
  tracks: string[];
  organization: string;
}

export interface Award {
  entry_id: Id;
  award: string;
}

export interface ResultEntry {
  entry_id?: Id;
  team_name?: string;
  title?: string;
  track?: string;
  award: string;
  rank?: number;
  /** 1 for the first name of the contest's awards order. */
  award_rank?: number;
}

export interface Results {
  contest?: { slug: string; title: string; description?: string; tracks?: Track[] };
  title?: string;
  published_at?: string;
  /** Award names, highest first: the order of every list of winners. */
  awards_order?: string[];
  awards?: ResultEntry[];
  tracks?: { slug: string; title: string; winners: ResultEntry[] }[];
}

export interface Extension {
  id?: Id;
  team_id: Id;
  team_name?: string;
  deadline: string;
  reason: string;
  granted_by?: string;
  created_at?: string;
}

export interface AuditEvent {
  id: Id;
  contest_id?: Id;
  actor_id?: Id;
  actor_email?: string;
  action: string;
  object_type?: string;
  object_id?: string;
  detail?: unknown;
  created_at: string;
}

/** GET /teams/{id}/submission/files/{file_id}: what is stored and fresh URLs for the rest. */
export interface UploadState {
  file_id: string;
  status: string;
  done: CompletedPart[] | null;
  upload: UploadPlan;
}

export interface ApiToken {
  id: Id;
  token: string;
}

/** A paginated list; the server may also answer a bare array. */
export interface Page<T> {
  items: T[];
  next?: string | null;
  total?: number;
}

// ---- Judging shapes as the server sends them (server/domain/rounds.go,
// scoring.go, ranking.go, results.go); adapters.ts maps them to the UI types above.

/** An assignment row (GET /me/assignments, /rounds/{id}/assignments). */
export interface ServerAssignment {
  id: Id;
  round_id: Id;
  entry_id: Id;
  judge_id: Id;
  judge_email?: string;
  /** active, conflict, dropped, moved */
  status: string;
  reason?: string;
  /** none, draft, final */
  score_state?: string;
  created_at?: string;
}

/** What a judge sees of a round: not its judge pool nor its load settings. */
export type JudgeRound = Pick<Round, 'id' | 'name' | 'rubric' | 'blind' | 'closes_at' | 'contest_slug' | 'position'>;

/** GET /assignments/{id}: the entry as a judge sees it (a blind round names files after their slots). */
export interface EntryView {
  assignment: ServerAssignment;
  round: JudgeRound;
  contest_slug: string;
  team_name?: string;
  members?: string[];
  track: string;
  title: string;
  abstract: string;
  fields: Record<string, string> | null;
  form: FormField[] | null;
  files: { file_id: string; slot: string; filename: string; size: number; sha256: string }[] | null;
  score: { values: Record<string, number> | null; comment: string; final: boolean; submitted_at?: string | null; updated_at?: string } | null;
}

/** One line of GET /rounds/{id}/ranking. */
export interface ServerRankedEntry {
  entry: string;
  rank: number;
  score: number;
  judges: number;
  spread: number;
  mean?: number;
  median?: number;
  uncertainty?: number;
  disagreement?: boolean;
  entry_id: Id;
  team_id?: Id;
  team_name?: string;
  track?: string;
  title?: string;
  advanced?: boolean;
  track_rank?: number;
  complete?: boolean;
  planned?: number;
  scores?: { judge_id: Id; judge_email?: string; total: number; values?: Record<string, number>; comment?: string; bias?: number; scale?: number }[];
  explanation?: string;
}

export interface ServerRanking {
  round_id: Id;
  track?: string;
  method: RankMethod;
  entries: ServerRankedEntry[] | null;
  unscored?: { submission_id: Id; title?: string; team_name?: string; track?: string }[] | null;
  disagreement_threshold?: number;
}

export interface ServerProgress {
  round_id: Id;
  closes_at?: string;
  assigned: number;
  done: number;
  pending: number;
  overdue: number;
  judges: { judge_id: Id; email?: string; name?: string; assigned: number; done: number; drafts?: number; pending: number; overdue?: number }[] | null;
}

export interface ServerAward {
  award: string;
  entry_id: Id;
  team_name?: string;
  track?: string;
  title?: string;
  position?: number;
  award_rank?: number;
}

export interface ServerResults {
  contest_slug: string;
  title: string;
  published_at?: string | null;
  awards_order?: string[] | null;
  tracks?: Track[] | null;
  awards?: ServerAward[] | null;
  by_track?: Record<string, ServerAward[]> | null;
}

/** A background export of a contest's final submissions (csv or zip). */
export interface ExportJob {
  id: string;
  kind: 'csv' | 'zip' | string;
  /** queued, running, done, failed */
  status: string;
  done_items: number;
  total_items: number;
  error?: string;
  created_at: string;
  finished_at?: string | null;
  download_url?: string;
}

/** GET /teams/{id}/feedback: one judge's scores and comment per round (no judge identity). */
export interface Feedback {
  round: string;
  values: Record<string, number> | null;
  comment: string;
  rubric: RubricCriterion[] | null;
}

/** A judge of a round's pool (or invited to it) who got no entry, and why. */
export interface UnassignedJudge {
  judge_id?: Id;
  email: string;
  name?: string;
  reason: 'no_account' | 'conflict' | 'capacity' | string;
  message?: string;
}

/** POST /rounds/{id}/assign */
export interface AssignmentSummary {
  entries: number;
  judges: number;
  pairs: number;
  objective?: number;
  unassigned?: UnassignedJudge[] | null;
}

/** POST /rounds/{id}/advance */
export interface AdvanceResult {
  advanced: Id[];
  entries?: { entry_id: Id; team_name?: string; title?: string; track?: string; track_rank?: number; complete?: boolean }[] | null;
}

/** POST /rounds/{id}/remind */
export interface RemindResult {
  reminded: { judge_id: Id; email: string; pending: number }[] | null;
  overdue?: boolean;
}

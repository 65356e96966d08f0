// Names for the API's shapes, as the server sends and takes them: every type
// here is an alias of a schema generated from server/api/openapi.json
// (schema.gen.ts, `npm run gen:api`), so a field the server stops sending,
// or sends as null, is a compile error where the app reads it. The view
// models the pages build from judging shapes are in adapters.ts.

import type { components } from './schema.gen';

type S = components['schemas'];

/** Ids are numbers on the server (int64); route helpers also take strings from URLs. */
export type Id = string | number;

export type User = S['User'];
export type Role = S['ContestRole'];
/** GET /me */
export type Me = S['MeResponse'];
/** POST /auth/login */
export type LoginResult = S['LoginResponse'];
export type ApiToken = S['NewToken'];
/** POST /auth/register and /auth/reset: the same answer whether or not the address has an account. */
export type InboxResult = S['RegisterResult'];
/** POST /invitations/accept */
export type AcceptedInvitation = S['Invitation'];

export type Track = S['Track'];
export type TrackInput = S['TrackInput'];
export type FormFieldType = 'text' | 'textarea' | 'url' | 'select';
/** One field of a contest's submission form. */
export type FormField = S['FormField'];
/** One file slot of a contest's submission. */
export type FileSlot = S['FileSlot'];
export type Contest = S['Contest'];
/** Body of POST /contests and PATCH /contests/{slug}. */
export type ContestInput = S['ContestInput'];
export type Member = S['Member'];
export type MemberInput = S['MemberInput'];
export type AuditEvent = S['AuditEntry'];

export type Team = S['Team'];
/** A row of the organizer's team list (GET /contests/{slug}/teams). */
export type TeamListItem = S['TeamListItem'];
export type NearDuplicates = S['NearDuplicates'];
/** What an invite link leads to (GET /contests/{slug}/invite?code=). */
export type TeamPreview = S['TeamPreview'];

/** Filters of the organizer's team list (query parameters). */
export interface TeamFilter {
  track?: string;
  status?: '' | 'submitted' | 'not_submitted';
  extended?: boolean;
  /** Only teams whose files the entry check flagged. */
  flagged?: boolean;
  /** Part of a team's name or of a member's e-mail. */
  q?: string;
}

/** One page of a list: `next_after` is the cursor of the next page, 0 at the end. */
export interface Page<T> {
  items: T[] | null;
  next_after: number;
}
export type TeamMember = S['TeamMember'];
export type Submission = S['Submission'];
export type SubmissionInput = S['DraftInput'];
export type SubmissionFile = S['SubmissionFile'];
export type SubmissionVersion = S['VersionSummary'];
export type FileCreateInput = S['FileInput'];
/** GET /teams/{id}/submission/files/{file_id}: what is stored and fresh URLs for the rest. */
export type ServerUploadState = S['UploadState'];
export type ServerFileCreateResult = S['NewFile'];
export type FileCreateResult = Omit<ServerFileCreateResult, 'upload'> & { upload: UploadPlan };
export type UploadState = Omit<ServerUploadState, 'upload'> & { upload: UploadPlan };
export type CompletedPart = S['StoredPart'];
export type Receipt = S['Receipt'];
/** A receipt with its team, contest and the labels of its answers and files. */
export type ReceiptView = S['ReceiptView'];
export type ReceiptResult = S['ReceiptResult'];
export type ReceiptFile = S['ReceiptFile'];
/** The server's upload plan: one object whose fields depend on its method (see toUploadPlan). */
export type ServerUpload = S['Upload'];
/** A presigned POST: send `fields` then `file` as multipart/form-data to `url`. */
export interface PostUpload {
  method: 'POST';
  url: string;
  fields: Record<string, string>;
  expires_at?: string;
}
/** A multipart upload: PUT each part to its URL, collect the ETags, then complete. */
export interface MultipartUpload {
  method: 'MULTIPART';
  part_size: number;
  /** URLs for one window of the missing parts (at most 100). */
  parts: S['PartURL'][];
  part_count?: number;
  /** Where the next window starts (GET the upload state with from_part); absent or 0 when none. */
  next_part?: number;
  expires_at?: string;
}
export type UploadPlan = PostUpload | MultipartUpload;

export type RubricCriterion = S['RubricItem'];
export type RankMethod = 'mean' | 'zscore' | 'calibrated';
export type Round = S['Round'];
/** What a judge sees of a round: not its judge pool nor its load settings. */
export type JudgeRound = S['JudgeRound'];
/** A judge of a round's pool (or invited to it) who got no entry, and why. */
export type UnassignedJudge = S['UnassignedJudge'];
/** POST /rounds/{id}/assign */
export type AssignmentSummary = S['AssignmentSummary'];
/** POST /rounds/{id}/advance */
export type AdvanceResult = S['AdvanceResult'];
/** POST /rounds/{id}/remind */
export type RemindResult = S['RemindResult'];
/** Body of POST /contests/{slug}/rounds; pool_judges are e-mail addresses. */
export type RoundInput = S['RoundInput'];
export type ScoreInput = S['ScoreInput'];
export type ScoreSheet = S['ScoreSheet'];
export type Award = S['AwardInput'];
export type ExportJob = S['Export'];
/** GET /teams/{id}/feedback: one judge's scores and comment per round (no judge identity). */
export type Feedback = S['Feedback'];

/** An assignment row (GET /me/assignments, /rounds/{id}/assignments). */
export type ServerAssignment = S['Assignment'];
/** GET /assignments/{id}: the entry as a judge sees it. */
export type EntryView = S['EntryView'];
/** One line of GET /rounds/{id}/ranking. */
export type ServerRankedEntry = S['RankedEntry'];
export type ServerRanking = S['Ranking'];
/** Why an entry ranks where it does: statements the SPA words in the user's language. */
export type Explanation = S['Explanation'];
export type ServerProgress = S['Progress'];
export type ServerAward = S['Award'];
export type ServerResults = S['Results'];

/** The problem of one field of an invalid request: a code with parameters, and in English. */
export type Problem = S['Problem'];
export type ErrorBody = S['ErrorBody'];

export type { Assignment, Progress, Ranking, RankingRow, ResultEntry, Results } from './adapters';

/** Everything Podium holds about the caller (GET /me/data). */
export type PersonalData = S['PersonalData'];
/** A judges' invitation link (its URL and QR code only when made). */
export type RoleLink = S['RoleLink'];
export type RoleLinkInput = S['RoleLinkInput'];
/** A contest's retention period and its state. */
export type Retention = S['Retention'];
/** A purge's dry run: what would go. */
export type PurgePlan = S['PurgePlan'];
/** How the signed-in account signs in: its password (if any) and its linked providers. */
export type SignInWays = S['SignInWays'];
/** A sign-in provider on the sign-in page. */
export interface SignInProvider {
  slug: string;
  name: string;
}

/** A sign-in provider's settings (platform admins); the secret is never sent back. */
export interface SsoProvider {
  id: Id;
  slug: string;
  name: string;
  issuer: string;
  client_id: string;
  has_secret: boolean;
  allowed_domains: string[];
  link_verified: boolean;
  enabled: boolean;
}

/** What an admin sends to create or change a provider (client_secret omitted: kept). */
export interface SsoProviderInput {
  slug: string;
  name: string;
  issuer: string;
  client_id: string;
  client_secret?: string;
  allowed_domains: string[];
  link_verified: boolean;
  enabled: boolean;
}

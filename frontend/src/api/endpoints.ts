// Every API route the app calls, in one table (checked against the server's
// OpenAPI document by endpoints.test.ts), and a typed function for each.

import { fillPath, listOf, request, setCsrfToken, setSessionHint, API_BASE } from './client';
import type {
  AdvanceInput,
  AdvanceResult,
  AssignmentSummary,
  Body,
  Contest,
  ContestInput,
  DeleteAccountInput,
  DraftInput,
  EntryView,
  Export,
  ExtensionInput,
  Feedback,
  FileInput,
  Id,
  Invitation,
  LoginInput,
  LoginResponse,
  Member,
  MemberFilter,
  MemberInput,
  MeResponse,
  NearDuplicates,
  NewFile,
  NewToken,
  OIDCProvider,
  OIDCStart,
  MeSettings,
  Reassignment,
  ScoreSheet,
  OIDCProviderInput,
  PageResultMember,
  PageResultAuditEntry,
  PageResultTeamListItem,
  PersonalData,
  PurgePlan,
  Receipt,
  ReceiptResult,
  ReceiptView,
  RegisterInput,
  RegisterResult,
  RemindResult,
  ResultsInput,
  Retention,
  RoleLink,
  RoleLinkInput,
  Round,
  RoundInput,
  ScoreInput,
  SignInProvider,
  SignInWays,
  StoredPart,
  Submission,
  Team,
  TeamFilter,
  TeamInput,
  TeamPreview,
  TokenInput,
  User,
  VersionSummary,
  Assignment as ServerAssignment,
  Progress,
  Ranking,
  Results as ServerResults,
  UploadState as ServerUploadState,
} from './model';
import { fromEntryView, fromServerAssignment, type Assignment } from '../lib/judging';
import { fromServerResults, type Results } from '../lib/results';
import { toUploadPlan, type WithPlan } from '../lib/upload';

/** Method and path template of each route, relative to /api/v1. */
export const routes = {
  register: ['POST', '/auth/register'],
  login: ['POST', '/auth/login'],
  logout: ['POST', '/auth/logout'],
  me: ['GET', '/me'],
  createToken: ['POST', '/me/tokens'],
  deleteToken: ['DELETE', '/me/tokens/{id}'],
  listTokens: ['GET', '/me/tokens'],
  verifyEmail: ['POST', '/auth/verify'],
  resendVerification: ['POST', '/me/verify'],
  requestReset: ['POST', '/auth/reset'],
  confirmReset: ['POST', '/auth/reset/confirm'],
  acceptInvitation: ['POST', '/invitations/accept'],
  myData: ['GET', '/me/data'],
  deleteMe: ['DELETE', '/me'],
  makeRoleLink: ['POST', '/contests/{slug}/invite-links'],
  listRoleLinks: ['GET', '/contests/{slug}/invite-links'],
  revokeRoleLink: ['DELETE', '/contests/{slug}/invite-links/{id}'],
  previewRoleLink: ['POST', '/invite-links/preview'],
  acceptRoleLink: ['POST', '/invite-links/accept'],
  getRetention: ['GET', '/contests/{slug}/retention'],
  setRetention: ['PUT', '/contests/{slug}/retention'],
  retentionDryRun: ['GET', '/contests/{slug}/retention/dry-run'],
  purge: ['POST', '/contests/{slug}/retention/purge'],
  ssoProviders: ['GET', '/auth/oidc/providers'],
  ssoStart: ['GET', '/auth/oidc/{provider}/start'],
  linkProvider: ['POST', '/me/identities/{provider}'],
  signInWays: ['GET', '/me/identities'],
  unlinkProvider: ['DELETE', '/me/identities/{provider}'],
  changeEmail: ['POST', '/me/email'],
  remindVerification: ['POST', '/contests/{slug}/participants/{user_id}/verification'],
  adminSsoProviders: ['GET', '/admin/sso-providers'],
  createSsoProvider: ['POST', '/admin/sso-providers'],
  updateSsoProvider: ['PUT', '/admin/sso-providers/{id}'],
  deleteSsoProvider: ['DELETE', '/admin/sso-providers/{id}'],

  listContests: ['GET', '/contests'],
  createContest: ['POST', '/contests'],
  getContest: ['GET', '/contests/{slug}'],
  openContest: ['POST', '/contests/{slug}/open'],
  updateContest: ['PATCH', '/contests/{slug}'],
  listMembers: ['GET', '/contests/{slug}/members'],
  addMember: ['POST', '/contests/{slug}/members'],
  removeContestMember: ['DELETE', '/contests/{slug}/members/{user_id}'],
  revokeInvitation: ['DELETE', '/contests/{slug}/invitations/{id}'],

  createTeam: ['POST', '/contests/{slug}/teams'],
  listTeams: ['GET', '/contests/{slug}/teams'],
  nearDuplicates: ['GET', '/contests/{slug}/near-duplicates'],
  joinTeam: ['POST', '/contests/{slug}/teams/join'],
  previewInvite: ['GET', '/contests/{slug}/invite'],
  getTeam: ['GET', '/teams/{id}'],
  teamFeedback: ['GET', '/teams/{id}/feedback'],
  leaveTeam: ['POST', '/teams/{id}/leave'],
  removeMember: ['DELETE', '/teams/{id}/members/{user_id}'],
  handOver: ['POST', '/teams/{id}/captain'],
  getSubmission: ['GET', '/teams/{id}/submission'],
  saveSubmission: ['PUT', '/teams/{id}/submission'],
  createFile: ['POST', '/teams/{id}/submission/files'],
  completeFile: ['POST', '/teams/{id}/submission/files/{file_id}/complete'],
  submit: ['POST', '/teams/{id}/submission/submit'],
  listVersions: ['GET', '/teams/{id}/submission/versions'],
  getVersion: ['GET', '/teams/{id}/submission/versions/{version}'],
  uploadState: ['GET', '/teams/{id}/submission/files/{file_id}'],
  myTeams: ['GET', '/me/teams'],
  download: ['GET', '/files/{file_id}/download'],
  view: ['GET', '/files/{file_id}/view'],
  grantExtension: ['POST', '/teams/{id}/extension'],

  listRounds: ['GET', '/contests/{slug}/rounds'],
  createRound: ['POST', '/contests/{slug}/rounds'],
  getRound: ['GET', '/rounds/{id}'],
  assign: ['POST', '/rounds/{id}/assign'],
  roundAssignments: ['GET', '/rounds/{id}/assignments'],
  roundProgress: ['GET', '/rounds/{id}/progress'],
  roundProgressStream: ['GET', '/rounds/{id}/progress/stream'],
  ranking: ['GET', '/rounds/{id}/ranking'],
  advance: ['POST', '/rounds/{id}/advance'],
  remind: ['POST', '/rounds/{id}/remind'],
  rankingCsv: ['GET', '/rounds/{id}/ranking.csv'],
  extraJudge: ['POST', '/rounds/{id}/entries/{entry_id}/extra-judge'],
  reviewPlan: ['POST', '/rounds/{id}/review-plan'],
  acceptReviewPlan: ['POST', '/rounds/{id}/review-plan/accept'],
  reopen: ['POST', '/assignments/{id}/reopen'],
  startExport: ['POST', '/contests/{slug}/exports'],
  listExports: ['GET', '/contests/{slug}/exports'],
  getExport: ['GET', '/contests/{slug}/exports/{id}'],
  startPacket: ['POST', '/rounds/{id}/packet'],
  getPacket: ['GET', '/rounds/{id}/packet/{export_id}'],

  myAssignments: ['GET', '/me/assignments'],
  getAssignment: ['GET', '/assignments/{id}'],
  declareConflict: ['POST', '/assignments/{id}/conflict'],
  score: ['PUT', '/assignments/{id}/score'],

  publishResults: ['POST', '/contests/{slug}/results'],
  getResults: ['GET', '/contests/{slug}/results'],
  resultsCsv: ['GET', '/contests/{slug}/results.csv'],
  updateMe: ['PATCH', '/me'],
  inviteToTeam: ['POST', '/teams/{id}/invitations'],
  audit: ['GET', '/contests/{slug}/audit'],

  // The final ranking, deliberation and the ceremony (api/ceremony.ts).
  finalRanking: ['GET', '/contests/{slug}/final'],
  finalWeights: ['PUT', '/contests/{slug}/final/weights'],
  finalFreeze: ['POST', '/contests/{slug}/final/freeze'],
  addOverride: ['POST', '/contests/{slug}/final/overrides'],
  revokeOverride: ['DELETE', '/contests/{slug}/final/overrides/{id}'],
  ceremony: ['GET', '/contests/{slug}/ceremony'],
  configureCeremony: ['PUT', '/contests/{slug}/ceremony'],
  ceremonyStep: ['POST', '/contests/{slug}/ceremony/{step}'],
  ceremonyLink: ['POST', '/contests/{slug}/ceremony-link'],
  audience: ['GET', '/ceremony/{token}'],
  audienceStream: ['GET', '/ceremony/{token}/stream'],
} as const satisfies Record<string, readonly [string, string]>;

export type RouteName = keyof typeof routes;

function call<T>(name: RouteName, params?: Record<string, string | number>, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
  const [method, template] = routes[name];
  return request<T>(method, fillPath(template, params), body, { query });
}

/** Absolute URL (same origin) of a route, for links and EventSource. */
export function routeUrl(name: RouteName, params?: Record<string, string | number>): string {
  return API_BASE + fillPath(routes[name][1], params);
}

/** One page of the members list (see api.membersPage). */
function membersPage(slug: string, f: MemberFilter, after: Id, limit: number) {
  return call<PageResultMember>('listMembers', { slug }, undefined, {
    role: f.role || undefined,
    q: f.q?.trim() || undefined,
    after: after ? String(after) : undefined,
    limit,
  });
}

/** The typed API used by every page. */
export const api = {
  register: (b: Body<RegisterInput, 'email' | 'password' | 'name'>) => call<RegisterResult>('register', {}, b),
  verifyEmail: (token: string) => call<User>('verifyEmail', {}, { token }),
  resendVerification: () => call<unknown>('resendVerification', {}, {}),
  requestReset: (email: string, language?: string) => call<RegisterResult>('requestReset', {}, { email, language }),
  async confirmReset(token: string, password: string): Promise<User> {
    const r = await call<User>('confirmReset', {}, { token, password });
    setCsrfToken(null);
    setSessionHint(false); // every session of the account ended
    return r;
  },
  acceptInvitation: (token: string) => call<Invitation>('acceptInvitation', {}, { token }),
  myData: () => call<PersonalData>('myData'),
  deleteMe: (b: DeleteAccountInput) => call<unknown>('deleteMe', {}, b),
  makeRoleLink: (slug: string, b: RoleLinkInput) => call<RoleLink>('makeRoleLink', { slug }, b),
  listRoleLinks: (slug: string) => call<RoleLink[]>('listRoleLinks', { slug }),
  revokeRoleLink: (slug: string, id: Id) => call<RoleLink>('revokeRoleLink', { slug, id }),
  previewRoleLink: (token: string) => call<RoleLink>('previewRoleLink', {}, { token }),
  acceptRoleLink: (token: string) => call<RoleLink>('acceptRoleLink', {}, { token }),
  getRetention: (slug: string) => call<Retention>('getRetention', { slug }),
  setRetention: (slug: string, days: number) => call<Retention>('setRetention', { slug }, { days }),
  retentionDryRun: (slug: string) => call<PurgePlan>('retentionDryRun', { slug }),
  purge: (slug: string, confirm: string) => call<PurgePlan>('purge', { slug }, { confirm }),
  /** The sign-in providers offered on the sign-in page. */
  ssoProviders: async () => listOf<SignInProvider>(await call<unknown>('ssoProviders')),
  /** Where the browser goes to sign in with a provider (a full page load). */
  ssoStartUrl: (provider: string, next: string) => `${routeUrl('ssoStart', { provider })}?next=${encodeURIComponent(next)}`,
  /** Starts linking a provider to the signed-in account: the provider's URL to open. */
  linkProvider: (provider: string) => call<OIDCStart>('linkProvider', { provider }, {}),
  /** Whether the account has a password, and the providers linked to it. */
  signInWays: () => call<SignInWays>('signInWays'),
  /** Unlinks a provider (refused, 409, when it is the account's only way to sign in). */
  unlinkProvider: (provider: string) => call<SignInWays>('unlinkProvider', { provider }),
  changeEmail: (email: string, current_password: string) => call<User>('changeEmail', {}, { email, current_password }),
  /** E-mails a participant who has not confirmed their address a new link (organizers). */
  remindVerification: (slug: string, userId: Id) => call<unknown>('remindVerification', { slug, user_id: userId }, {}),
  adminSsoProviders: async () => listOf<OIDCProvider>(await call<unknown>('adminSsoProviders')),
  createSsoProvider: (b: OIDCProviderInput) => call<OIDCProvider>('createSsoProvider', {}, b),
  updateSsoProvider: (id: Id, b: OIDCProviderInput) => call<OIDCProvider>('updateSsoProvider', { id }, b),
  deleteSsoProvider: (id: Id) => call<unknown>('deleteSsoProvider', { id }),
  listTokens: async () => listOf<NewToken>(await call<unknown>('listTokens')),
  /** Sets the language of the caller's e-mails (en or zh-CN). */
  setLanguage: (language: string) => call<MeSettings>('updateMe', {}, { language }),
  async login(b: Body<LoginInput, 'email' | 'password'>): Promise<LoginResponse> {
    const r = await call<LoginResponse>('login', {}, b);
    setCsrfToken(r?.csrf_token);
    setSessionHint(true);
    return r;
  },
  async logout(): Promise<void> {
    try {
      await call<void>('logout', {}, {});
    } finally {
      setCsrfToken(null);
      setSessionHint(false);
    }
  },
  async me(): Promise<MeResponse> {
    const r = await call<MeResponse>('me');
    setCsrfToken(r?.csrf_token);
    return r;
  },
  createToken: (b: Body<TokenInput, 'name'>) => call<NewToken>('createToken', {}, b),
  deleteToken: (id: Id) => call<unknown>('deleteToken', { id }),

  listContests: async () => listOf<Contest>(await call<unknown>('listContests')),
  createContest: (b: ContestInput) => call<Contest>('createContest', {}, b),
  getContest: (slug: string) => call<Contest>('getContest', { slug }),
  openContest: (slug: string) => call<Contest>('openContest', { slug }, {}),
  updateContest: (slug: string, b: Partial<ContestInput>) => call<Contest>('updateContest', { slug }, b),
  /** One page of the contest's members list (organizers, track leads, judges, then invitations), filtered. */
  membersPage: (slug: string, f: MemberFilter = {}, after: Id = 0, limit = 50) => membersPage(slug, f, after, limit),
  /**
   * Every row of the members list that a filter selects, page after page:
   * for the screens that need them all at once (a live round's judges to
   * seat, the invited judges a round waits for), never the whole unfiltered list.
   */
  allMembers: async (slug: string, f: MemberFilter) => {
    const out: Member[] = [];
    for (let after: Id = 0; ; ) {
      const page = await membersPage(slug, f, after, 200);
      out.push(...(page.items ?? []));
      if (!page.next_after || Number(page.next_after) === 0) return out;
      after = page.next_after;
    }
  },
  addMember: (slug: string, b: MemberInput) => call<Member>('addMember', { slug }, b),
  removeContestMember: (slug: string, user_id: Id, role: string) => call<unknown>('removeContestMember', { slug, user_id }, undefined, { role }),
  revokeInvitation: (slug: string, id: Id) => call<unknown>('revokeInvitation', { slug, id }),

  createTeam: (slug: string, b: TeamInput) => call<Team>('createTeam', { slug }, b),
  listTeams: async (slug: string) => listOf<Team>(await call<unknown>('listTeams', { slug })),
  /** One page of the organizer's team list, filtered. */
  teamsPage: (slug: string, f: TeamFilter = {}, after: Id = 0, limit = 50) =>
    call<PageResultTeamListItem>('listTeams', { slug }, undefined, {
      track: f.track || undefined,
      status: f.status || undefined,
      extended: f.extended ? 'true' : undefined,
      flagged: f.flagged ? 'true' : undefined,
      q: f.q?.trim() || undefined,
      after: after ? String(after) : undefined,
      limit,
    }),
  /** Pairs of entries with near-duplicate texts (organizers). */
  nearDuplicates: (slug: string) => call<NearDuplicates>('nearDuplicates', { slug }),
  joinTeam: (slug: string, invite_code: string) => call<Team>('joinTeam', { slug }, { invite_code }),
  previewInvite: (slug: string, code: string) => call<TeamPreview>('previewInvite', { slug }, undefined, { code }),
  getTeam: (id: Id) => call<Team>('getTeam', { id }),
  teamFeedback: async (id: Id) => listOf<Feedback>(await call<unknown>('teamFeedback', { id })),
  leaveTeam: (id: Id) => call<unknown>('leaveTeam', { id }, {}),
  removeMember: (id: Id, user_id: Id) => call<unknown>('removeMember', { id, user_id }),
  handOver: (id: Id, user_id: Id) => call<Team>('handOver', { id }, { user_id }),
  getSubmission: (id: Id) => call<Submission>('getSubmission', { id }),
  saveSubmission: (id: Id, b: DraftInput) => call<Submission>('saveSubmission', { id }, b),
  async createFile(id: Id, b: FileInput): Promise<WithPlan<NewFile>> {
    const r = await call<NewFile>('createFile', { id }, b);
    return { ...r, upload: toUploadPlan(r.upload) };
  },
  completeFile: (id: Id, file_id: Id, parts?: StoredPart[]) =>
    call<unknown>('completeFile', { id, file_id }, parts ? { parts } : {}),
  async submit(id: Id): Promise<Receipt> {
    return (await call<ReceiptResult>('submit', { id }, {})).receipt;
  },
  listVersions: async (id: Id) => listOf<VersionSummary>(await call<unknown>('listVersions', { id })),
  async getVersion(id: Id, version: number): Promise<Receipt> {
    return (await call<ReceiptView>('getVersion', { id, version })).receipt;
  },
  /** A version's receipt with its team, contest and labels. */
  getReceipt: (id: Id, version: number) => call<ReceiptView>('getVersion', { id, version }),
  async uploadState(id: Id, file_id: Id, resend?: number[], fromPart?: number): Promise<WithPlan<ServerUploadState>> {
    const r = await call<ServerUploadState>('uploadState', { id, file_id }, undefined, {
      resend: resend?.length ? resend.join(',') : undefined,
      from_part: fromPart ? String(fromPart) : undefined,
    });
    return { ...r, upload: toUploadPlan(r.upload) };
  },
  myTeams: async () => listOf<Team>(await call<unknown>('myTeams')),
  downloadUrl: (file_id: Id) => routeUrl('download', { file_id }),
  /** The viewer's link: inline for PDF, video, audio and images, an attachment otherwise. */
  viewUrl: (file_id: Id) => routeUrl('view', { file_id }),
  /** until: ISO instant, or '' to remove the extension. */
  grantExtension: (id: Id, b: ExtensionInput) => call<Team>('grantExtension', { id }, b),

  listRounds: async (slug: string) => listOf<Round>(await call<unknown>('listRounds', { slug })),
  createRound: (slug: string, b: RoundInput) => call<Round>('createRound', { slug }, b),
  getRound: (id: Id) => call<Round>('getRound', { id }),
  assign: (id: Id) => call<AssignmentSummary>('assign', { id }, {}),
  /**
   * One page of a round's assignments, in id order, after the assignment
   * `after` (0: the first page); next_after is 0 on the last page. A national
   * round has 30,000: the console never asks for them all at once.
   */
  roundAssignmentsPage: async (id: Id, after: Id = 0, limit = 200) => {
    const items = listOf<ServerAssignment>(await call<unknown>('roundAssignments', { id }, undefined, { after: after ? String(after) : undefined, limit })).map(fromServerAssignment);
    return { items, next_after: items.length === limit ? items[items.length - 1].id : 0 };
  },
  roundProgress: (id: Id) => call<Progress>('roundProgress', { id }),
  progressStreamUrl: (id: Id) => routeUrl('roundProgressStream', { id }),
  /** One page of a round's ranking (of one track when track is set), with the totals of the whole ranking. */
  rankingPage: (id: Id, track: string, offset: number, limit: number) => call<Ranking>('ranking', { id }, undefined, { track: track || undefined, offset, limit }),
  advance: (id: Id, b: Body<AdvanceInput, 'top_per_track'> | Body<AdvanceInput, 'entries'>) => call<AdvanceResult>('advance', { id }, b),
  remind: (id: Id) => call<RemindResult>('remind', { id }, {}),

  /** For spreadsheets: with a UTF-8 byte order mark, so Excel reads Chinese text right. */
  rankingCsvUrl: (id: Id) => `${routeUrl('rankingCsv', { id })}?bom=1`,
  extraJudge: (id: Id, entry_id: Id) => call<Reassignment>('extraJudge', { id, entry_id }, {}),
  reopen: (id: Id, reason: string) => call<unknown>('reopen', { id }, { reason }),
  /** The CSV (alone or in the ZIP) starts with a UTF-8 byte order mark, for spreadsheets. */
  /** An export of the contest, or of one track's teams when track is given. */
  startExport: (slug: string, kind: 'csv' | 'zip', track?: string) => call<Export>('startExport', { slug }, { kind, bom: true, ...(track ? { track } : {}) }),
  listExports: async (slug: string) => listOf<Export>(await call<unknown>('listExports', { slug })),
  getExport: (slug: string, id: Id) => call<Export>('getExport', { slug, id }),
  /** A judge's offline packet of a round: started in the background, then polled. */
  startPacket: (roundId: Id) => call<Export>('startPacket', { id: roundId }),
  getPacket: (roundId: Id, exportId: string) => call<Export>('getPacket', { id: roundId, export_id: exportId }),
  /** The caller's assignments, with the ones given back with a conflict (for progress). */
  myAssignments: async () => listOf<ServerAssignment>(await call<unknown>('myAssignments', {}, undefined, { include: 'conflicts' })).map(fromServerAssignment),
  getAssignment: async (id: Id): Promise<Assignment> => fromEntryView(await call<EntryView>('getAssignment', { id })),
  declareConflict: (id: Id, reason: string) => call<unknown>('declareConflict', { id }, { reason }),
  score: (id: Id, b: ScoreInput) => call<ScoreSheet>('score', { id }, b),

  publishResults: async (slug: string, b: Body<ResultsInput, 'awards' | 'publish'>): Promise<Results> => fromServerResults(await call<ServerResults>('publishResults', { slug }, b)),
  getResults: async (slug: string): Promise<Results> => fromServerResults(await call<ServerResults>('getResults', { slug })),
  resultsCsvUrl: (slug: string) => routeUrl('resultsCsv', { slug }),
  /** E-mails someone the team's invite link. */
  inviteToTeam: (id: Id, email: string) => call<unknown>('inviteToTeam', { id }, { email }),
  /** One page of the contest's audit log, newest first: after = the previous page's next_after gives older entries (next_after 0 on the oldest page). */
  auditPage: (slug: string, after: Id = 0, limit = 50) =>
    call<PageResultAuditEntry>('audit', { slug }, undefined, { after: after ? String(after) : undefined, limit }),
};

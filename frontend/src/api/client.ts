// The one HTTP client of the app: every call to the Podium API goes through
// request(), which adds the base path, JSON, the session cookie and the CSRF
// token, unwraps {"data": ...} and turns {"error": ...} into an ApiError.

import i18next from 'i18next';

/** Base path of the API (docs/architecture.md). */
export const API_BASE = '/api/v1';

/** Error codes of the domain (docs/architecture.md, "Errors"), plus the client's own. */
export type ErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'too_late'
  | 'too_large'
  | 'internal'
  | 'network'
  | string;

/** What is wrong with one field: a code with parameters, and the server's English message. */
export interface FieldProblem {
  code: string;
  params?: Record<string, unknown> | null;
  message: string;
}

/**
 * A field problem in the user's language: errors.field.<code> with its
 * parameters (a pattern problem names its rule: errors.rule.<rule>), or
 * the server's English message for a code the app does not know.
 */
export function problemText(p: FieldProblem): string {
  if (!i18next.isInitialized) return p.message;
  const params: Record<string, unknown> = { ...(p.params ?? {}) };
  if (typeof params.other === 'string') params.other = i18next.t(`fieldNames.${params.other}`, { defaultValue: params.other });
  if (p.code === 'pattern' && typeof params.rule === 'string') return i18next.t(`errors.rule.${params.rule}`, { defaultValue: p.message });
  if (p.code === 'invalid') return i18next.language?.startsWith('en') ? p.message : i18next.t('errors.field.invalid', { defaultValue: p.message });
  return i18next.t(`errors.field.${p.code}`, { ...params, defaultValue: p.message });
}

/** An error answered by the API (or a network failure, code "network"). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** The problem of each field, by the field's path in the request (e.g. "form[2].key"). */
  readonly problems: Record<string, FieldProblem>;
  readonly requestId?: string;

  constructor(status: number, code: ErrorCode, message: string, problems: Record<string, FieldProblem> = {}, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problems = problems;
    this.requestId = requestId;
  }

  /** Messages per field path in the user's language, e.g. {"email": "Enter a valid e-mail address."}. */
  get fields(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.problems).map(([k, p]) => [k, problemText(p)]));
  }

  /** The message for one field, if the server named it. */
  field(name: string): string | undefined {
    return this.fields[name];
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token from the login response or GET /me. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

/** The current CSRF token (null when signed out). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

const SESSION_HINT = 'podium.session';

/**
 * Remembers (in localStorage) whether this browser signed in, so that an
 * anonymous visitor's page load does not call GET /me only to get a 401
 * (which browsers log as a console error). The cookie stays the authority.
 */
export function setSessionHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    /* storage unavailable */
  }
}

/** True when this browser may have a session (see setSessionHint). */
export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    return true;
  }
}

type Listener = (err: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever an API call answers 401 (the session ended). */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** fetch implementation (tests). */
  fetch?: typeof fetch;
}

/** Fills a path template such as /contests/{slug} with encoded values. */
export function fillPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === '') throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(v));
  });
}

function isProblem(v: unknown): v is FieldProblem {
  return !!v && typeof v === 'object' && typeof (v as FieldProblem).code === 'string' && typeof (v as FieldProblem).message === 'string';
}

/** The error body's fields: {path: {code, params, message}} (a bare message is taken as code "invalid"). */
function problemsOf(raw: unknown): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (isProblem(v)) out[k] = v;
    else if (typeof v === 'string') out[k] = { code: 'invalid', message: v };
  }
  return out;
}

/** Builds an ApiError from a non-2xx response. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const requestId = res.headers.get('X-Request-Id') ?? undefined;
  let body: unknown = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  const e = (body as { error?: { code?: string; message?: string; fields?: unknown; request_id?: string } } | null)?.error;
  if (e && typeof e === 'object') {
    return new ApiError(res.status, e.code ?? codeForStatus(res.status), e.message ?? res.statusText, problemsOf(e.fields), e.request_id ?? requestId);
  }
  return new ApiError(res.status, codeForStatus(res.status), res.statusText || `HTTP ${res.status}`, {}, requestId);
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'invalid';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'too_large';
    default:
      return 'internal';
  }
}

/**
 * Calls the API. `path` is relative to /api/v1 (already filled). Returns the
 * unwrapped `data` of the response, or undefined for 204.
 */
export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const m = method.toUpperCase();
  let url = API_BASE + path;
  if (opts.query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const s = q.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(m) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const f = opts.fetch ?? globalThis.fetch.bind(globalThis);
  let res: Response;
  try {
    res = await f(url, {
      method: m,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', (err as Error)?.message || 'network error');
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    if (res.status === 401) {
      setSessionHint(false);
      unauthorizedListeners.forEach((fn) => fn(err));
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(res.status, 'internal', 'invalid JSON from server');
  }
  if (parsed && typeof parsed === 'object' && 'data' in (parsed as object)) return (parsed as { data: T }).data;
  return parsed as T;
}

/** Normalises a list answer: a bare array, {items: [...]}, or null. */
export function listOf<T>(v: unknown): T[] {
  if (Array.isArray(v)) return v as T[];
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['items', 'results', 'data']) if (Array.isArray(o[k])) return o[k] as T[];
  }
  return [];
}

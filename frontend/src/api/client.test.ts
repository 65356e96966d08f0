import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, fillPath, getCsrfToken, listOf, onUnauthorized, request, setCsrfToken } from './client';
import { api } from './endpoints';
import i18n from '../i18n';
import zhCN from '../i18n/zh-CN';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

afterEach(() => {
  setCsrfToken(null);
  vi.unstubAllGlobals();
});

describe('request', () => {
  it('unwraps data, uses /api/v1 and same-origin credentials', async () => {
    const f = vi.fn(async () => jsonResponse(200, { data: { ok: 1 } }));
    const r = await request<{ ok: number }>('GET', '/contests', undefined, { fetch: f });
    expect(r).toEqual({ ok: 1 });
    const [url, init] = f.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/contests');
    expect(init.credentials).toBe('same-origin');
    expect(init.method).toBe('GET');
  });

  it('sends X-CSRF-Token on state-changing methods only', async () => {
    setCsrfToken('tok-123');
    const f = vi.fn(async () => jsonResponse(200, { data: null }));
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) await request(m, '/x', m === 'GET' ? undefined : {}, { fetch: f });
    const headers = f.mock.calls.map((c) => ((c as unknown as [string, RequestInit])[1].headers as Record<string, string>)['X-CSRF-Token']);
    expect(headers).toEqual([undefined, 'tok-123', 'tok-123', 'tok-123', 'tok-123']);
  });

  it('sends JSON bodies with a content type', async () => {
    const f = vi.fn(async () => jsonResponse(201, { data: { id: 1 } }));
    await request('POST', '/auth/register', { email: 'a@b.c' }, { fetch: f });
    const init = (f.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"email":"a@b.c"}');
  });

  it('turns an error body into an ApiError with field problems worded in the user\'s language', async () => {
    const body = {
      error: {
        code: 'invalid',
        message: 'invalid input',
        fields: {
          password: { code: 'too_short', params: { min: 10 }, message: 'must be at least 10 characters' },
          'form[0].key': { code: 'pattern', params: { rule: 'key' }, message: 'must be a lowercase identifier' },
          'fields.summary': { code: 'invalid', message: 'something odd' },
        },
        request_id: 'r1',
      },
    };
    const f = vi.fn(async () => jsonResponse(400, body));
    await i18n.changeLanguage('zh-CN');
    const err = (await request('POST', '/auth/register', {}, { fetch: f }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('invalid');
    expect(err.problems.password).toEqual(body.error.fields.password);
    expect(err.field('password')).toBe(zhCN.errors.field.too_short.replace('{{min}}', '10'));
    expect(err.fields['form[0].key']).toBe(zhCN.errors.rule.key);
    expect(err.fields['fields.summary']).toBe(zhCN.errors.field.invalid);
    await i18n.changeLanguage('en');
    expect(err.field('password')).toBe('Use at least 10 characters.');
    expect(err.fields['fields.summary']).toBe('something odd');
    expect(err.requestId).toBe('r1');
  });

  it('classifies a non-JSON error by status', async () => {
    const f = vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err = (await request('GET', '/me', undefined, { fetch: f }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('internal');
    expect(err.status).toBe(502);
  });

  it('reports network failures with code "network"', async () => {
    const f = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = (await request('GET', '/me', undefined, { fetch: f }).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('network');
  });

  it('notifies listeners on 401', async () => {
    const seen: ApiError[] = [];
    const off = onUnauthorized((e) => seen.push(e));
    const f = vi.fn(async () => jsonResponse(401, { error: { code: 'unauthorized', message: 'sign in' } }));
    await request('GET', '/me', undefined, { fetch: f }).catch(() => undefined);
    off();
    expect(seen).toHaveLength(1);
    expect(seen[0].code).toBe('unauthorized');
  });

  it('accepts 204 with no body', async () => {
    const f = vi.fn(async () => new Response(null, { status: 204 }));
    expect(await request('DELETE', '/me/tokens/1', undefined, { fetch: f })).toBeUndefined();
  });
});

describe('session token handling', () => {
  it('login and /me store the CSRF token, logout clears it', async () => {
    const f = vi.fn(async (url: string) => {
      if (url.endsWith('/auth/login')) return jsonResponse(200, { data: { user: { id: 1, email: 'a@b.c', name: 'A' }, csrf_token: 'from-login' } });
      if (url.endsWith('/me')) return jsonResponse(200, { data: { user: { id: 1, email: 'a@b.c', name: 'A' }, csrf_token: 'from-me', roles: [] } });
      return jsonResponse(200, { data: null });
    });
    vi.stubGlobal('fetch', f);
    await api.login({ email: 'a@b.c', password: 'x' });
    expect(getCsrfToken()).toBe('from-login');
    await api.me();
    expect(getCsrfToken()).toBe('from-me');
    await api.logout();
    const logoutInit = (f.mock.calls[2] as unknown as [string, RequestInit])[1];
    expect((logoutInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('from-me');
    expect(getCsrfToken()).toBeNull();
  });
});

describe('exports for spreadsheets', () => {
  it('the console asks for CSVs with a UTF-8 byte order mark (Excel and Chinese text)', async () => {
    const f = vi.fn(async () => jsonResponse(202, { data: { id: 'e1' } }));
    vi.stubGlobal('fetch', f);
    await api.startExport('demo', 'csv');
    expect(JSON.parse((f.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).toEqual({ kind: 'csv', bom: true });
    expect(api.rankingCsvUrl(7)).toBe('/api/v1/rounds/7/ranking.csv?bom=1');
  });
});

describe('helpers', () => {
  it('fillPath encodes parameters and refuses missing ones', () => {
    expect(fillPath('/contests/{slug}/teams', { slug: 'a b' })).toBe('/contests/a%20b/teams');
    expect(fillPath('/teams/{id}/submission/files/{file_id}/complete', { id: 7, file_id: 9 })).toBe('/teams/7/submission/files/9/complete');
    expect(() => fillPath('/teams/{id}', {})).toThrow(/missing path parameter id/);
  });

  it('listOf accepts arrays, {items} pages and null', () => {
    expect(listOf([1, 2])).toEqual([1, 2]);
    expect(listOf({ items: [3], next: null })).toEqual([3]);
    expect(listOf(null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { MeResponse } from '../api/model';
import { refusalOf } from '../components/AccessState';
import { landingPath } from './Auth';
import { flashMessage } from './Judge';

const me = (roles: string[], is_admin = false): MeResponse =>
  ({ user: { id: 1, email: 'j@x.org', name: 'J', is_admin }, csrf_token: 'c', roles: roles.map((role, i) => ({ contest_slug: `c${i}`, role })) }) as MeResponse;

describe('landing after sign-in', () => {
  it('sends a judge-only user to the judge portal', () => {
    expect(landingPath(null, me(['judge']))).toBe('/judge');
    expect(landingPath(null, me(['judge', 'judge']))).toBe('/judge');
  });
  it('keeps the home page for everyone else, and the page asked for', () => {
    expect(landingPath(null, me(['judge', 'participant']))).toBe('/');
    expect(landingPath(null, me(['organizer']))).toBe('/');
    expect(landingPath(null, me([]))).toBe('/');
    expect(landingPath(null, me(['judge'], true))).toBe('/');
    expect(landingPath('/c/demo', me(['judge']))).toBe('/c/demo');
    expect(landingPath('//evil.example', me(['judge']))).toBe('/judge');
  });
});

describe('judge confirmations', () => {
  it('confirms a submitted score and a declared conflict', () => {
    expect(flashMessage({ submitted: true })).toBe('judge.submittedOk');
    expect(flashMessage({ conflict: true })).toBe('judge.conflictOk');
    expect(flashMessage(null)).toBeNull();
  });
});

describe('refusals', () => {
  it('tells not allowed and not found apart from other errors', () => {
    expect(refusalOf(new ApiError(403, 'forbidden', 'no'))).toBe('forbidden');
    expect(refusalOf(new ApiError(404, 'not_found', 'gone'))).toBe('notFound');
    expect(refusalOf(new ApiError(500, 'internal', 'boom'))).toBeNull();
    expect(refusalOf(new Error('x'))).toBeNull();
  });
});

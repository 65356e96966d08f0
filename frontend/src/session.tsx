// The signed-in user (GET /me), shared by every page through react-query.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, hasSessionHint, setCsrfToken } from './api/client';
import { api } from './api/endpoints';
import { keys } from './api/keys';
import type { MeResponse } from './api/model';

/** react-query key of the session. */
export const ME_KEY = keys.me();

/** Loads /me; a 401 means "signed out" (null), not an error. */
export async function loadMe(): Promise<MeResponse | null> {
  if (!hasSessionHint()) return null;
  try {
    return await api.me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

/** The current session and helpers to change it. */
export function useSession() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ME_KEY, queryFn: loadMe, staleTime: 60_000, retry: 1 });
  const refresh = useCallback(() => qc.invalidateQueries({ queryKey: ME_KEY }), [qc]);
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      qc.setQueryData(ME_KEY, null);
      qc.clear();
    }
  }, [qc]);
  const me = q.data ?? null;
  const roles = me?.roles ?? [];
  return {
    me,
    user: me?.user ?? null,
    loading: q.isPending,
    error: q.error,
    refresh,
    signOut,
    isAdmin: !!me?.user?.is_admin,
    organizerOf: (slug: string) => !!me?.user?.is_admin || roles.some((r) => r.contest_slug === slug && r.role === 'organizer'),
    /** A track lead of the contest organizes some of its tracks (the console's track tabs). */
    leadOf: (slug: string) => roles.some((r) => r.contest_slug === slug && r.role === 'track_lead'),
    judgeAnywhere: roles.some((r) => r.role === 'judge'),
    /** Organizers (platform admins included) and judges of a contest cannot enter it. */
    staffOf: (slug: string) => !!me?.user?.is_admin || roles.some((r) => r.contest_slug === slug && (r.role === 'organizer' || r.role === 'judge' || r.role === 'track_lead')),
    organizerAnywhere: !!me?.user?.is_admin || roles.some((r) => r.role === 'organizer' || r.role === 'track_lead'),
  };
}

import { fromServerProgress } from '../lib/judging';
import { api } from '../api/endpoints';
import type { Progress } from '../lib/judging';
import { useEventFeed } from './useEventFeed';

/** Live progress: server-sent events, with polling when the stream is unavailable. */
export function useLiveProgress(roundId: string) {
  const { value, error, live } = useEventFeed<Progress>({
    key: roundId,
    url: () => api.progressStreamUrl(roundId),
    event: 'progress',
    fetchOnce: () => api.roundProgress(roundId),
    parse: (d) => fromServerProgress(((d as { data?: unknown })?.data ?? d) as Parameters<typeof fromServerProgress>[0]),
    pollMs: 10_000,
    withCredentials: true,
  });
  return { progress: value, live, error };
}

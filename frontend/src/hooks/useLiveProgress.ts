import { api } from '../api/endpoints';
import type { Progress } from '../api/model';
import { useEventFeed } from './useEventFeed';

/** Live progress: server-sent events, with polling when the stream is unavailable. */
export function useLiveProgress(roundId: string) {
  const { value, error, live } = useEventFeed<Progress>({
    key: roundId,
    url: () => api.progressStreamUrl(roundId),
    event: 'progress',
    fetchOnce: () => api.roundProgress(roundId),
    parse: (d) => ((d as { data?: unknown })?.data ?? d) as Progress,
    pollMs: 10_000,
    withCredentials: true,
  });
  return { progress: value, live, error };
}

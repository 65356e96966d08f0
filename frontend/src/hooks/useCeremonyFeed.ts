import { ceremonyApi, type CeremonyView } from '../api/ceremony';
import { useEventFeed } from './useEventFeed';

/**
 * The audience view of a ceremony, live: server-sent events from any
 * replica, with polling when the stream is unavailable. A reload starts
 * from the current reveal (the server keeps it).
 */
export function useCeremonyFeed(token: string | undefined) {
  const { value, error } = useEventFeed<CeremonyView>({
    key: token,
    url: () => ceremonyApi.audienceStreamUrl(token ?? ''),
    event: 'ceremony',
    fetchOnce: () => ceremonyApi.audience(token ?? ''),
    parse: (d) => d as CeremonyView,
    pollMs: 5_000,
    fetchFirst: true,
  });
  return { view: value, error };
}

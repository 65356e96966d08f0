import { useEffect, useState } from 'react';
import { ceremonyApi, type CeremonyView } from '../api/ceremony';

/**
 * The audience view of a ceremony, live: server-sent events from any
 * replica, with polling when the stream is unavailable. A reload starts
 * from the current reveal (the server keeps it).
 */
export function useCeremonyFeed(token: string | undefined) {
  const [view, setView] = useState<CeremonyView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!token) return;
    let es: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    let stopped = false;
    const fetchOnce = () =>
      ceremonyApi
        .audience(token)
        .then((v) => {
          if (stopped) return;
          setView(v);
          setError(null);
        })
        .catch((err) => !stopped && setError(err));
    const startPolling = () => {
      if (poll) return;
      poll = setInterval(fetchOnce, 5_000);
    };
    void fetchOnce();
    if (typeof EventSource !== 'undefined') {
      es = new EventSource(ceremonyApi.audienceStreamUrl(token));
      es.addEventListener('ceremony', ((e: MessageEvent) => {
        try {
          setView(JSON.parse(e.data) as CeremonyView);
          setError(null);
        } catch {
          /* ignore keep-alives */
        }
      }) as EventListener);
      es.onerror = () => {
        if (es && es.readyState === EventSource.CLOSED) startPolling();
      };
    } else startPolling();
    return () => {
      stopped = true;
      es?.close();
      if (poll) clearInterval(poll);
    };
  }, [token]);
  return { view, error };
}

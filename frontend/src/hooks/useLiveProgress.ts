import { useEffect, useState } from 'react';
import { fromServerProgress } from '../api/adapters';
import { api } from '../api/endpoints';
import type { Progress } from '../api/types';

/** Live progress: server-sent events, with polling when the stream is unavailable. */
export function useLiveProgress(roundId: string) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    let es: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    let stopped = false;
    const fetchOnce = () =>
      api
        .roundProgress(roundId)
        .then((p) => {
          if (stopped) return;
          setProgress(p);
          setError(null);
        })
        .catch((err) => !stopped && setError(err));
    const startPolling = () => {
      if (poll) return;
      void fetchOnce();
      poll = setInterval(fetchOnce, 10_000);
    };
    if (typeof EventSource !== 'undefined') {
      es = new EventSource(api.progressStreamUrl(roundId), { withCredentials: true });
      const onMsg = (e: MessageEvent) => {
        try {
          const d = JSON.parse(e.data);
          setProgress(fromServerProgress(d?.data ?? d));
          setLive(true);
        } catch {
          /* ignore keep-alives */
        }
      };
      es.onmessage = onMsg;
      es.addEventListener('progress', onMsg as EventListener);
      es.onerror = () => {
        setLive(false);
        if (es && es.readyState === EventSource.CLOSED) startPolling();
      };
    } else startPolling();
    return () => {
      stopped = true;
      es?.close();
      if (poll) clearInterval(poll);
    };
  }, [roundId]);
  return { progress, live, error };
}

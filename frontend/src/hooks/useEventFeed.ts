import { useEffect, useState } from 'react';

/**
 * A value kept live by server-sent events (event `event` at `url`, each
 * message's data the new value), with polling through `fetchOnce` every
 * `pollMs` when the stream is unavailable. `key` restarts the feed; no key,
 * no feed. With `fetchFirst`, the value is also read once at the start.
 */
export function useEventFeed<T>(opts: {
  key: string | undefined;
  url: () => string;
  event: string;
  fetchOnce: () => Promise<T>;
  parse: (data: unknown) => T;
  pollMs: number;
  withCredentials?: boolean;
  fetchFirst?: boolean;
}) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!opts.key) return;
    let es: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    let stopped = false;
    const fetchOnce = () =>
      opts
        .fetchOnce()
        .then((v) => {
          if (stopped) return;
          setValue(v);
          setError(null);
        })
        .catch((err) => !stopped && setError(err));
    const startPolling = () => {
      if (poll) return;
      void fetchOnce();
      poll = setInterval(fetchOnce, opts.pollMs);
    };
    if (opts.fetchFirst) void fetchOnce();
    if (typeof EventSource !== 'undefined') {
      es = new EventSource(opts.url(), { withCredentials: !!opts.withCredentials });
      const onMsg = (e: MessageEvent) => {
        try {
          setValue(opts.parse(JSON.parse(e.data)));
          setError(null);
          setLive(true);
        } catch {
          /* ignore keep-alives */
        }
      };
      es.onmessage = onMsg;
      es.addEventListener(opts.event, onMsg as EventListener);
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
  }, [opts.key]); // eslint-disable-line react-hooks/exhaustive-deps
  return { value, error, live };
}

// A preview that never executes the file: images are shown through an <img>
// from a blob: URL (scripts in an SVG do not run there), text as plain text.
// Other types (PDF, video, archives) are only downloaded.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { extensionOf } from '../lib/form';
import { ErrorBox, Loading } from './ui';

const IMAGE: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml' };
const TEXT = new Set(['.txt', '.md', '.csv', '.json', '.log']);
const MAX_TEXT = 1024 * 1024;

/** What kind of preview a file name allows. */
export function previewKind(name: string): 'image' | 'text' | null {
  const ext = extensionOf(name);
  if (IMAGE[ext]) return 'image';
  if (TEXT.has(ext)) return 'text';
  return null;
}

export function FilePreview({ url, filename }: { url: string; filename: string }) {
  const { t } = useTranslation();
  const kind = previewKind(filename);
  const [state, setState] = useState<{ src?: string; text?: string; error?: unknown; loading: boolean }>({ loading: true });
  useEffect(() => {
    let revoke = '';
    const ac = new AbortController();
    (async () => {
      try {
        // The API answers 302 to a short-lived presigned URL; fetch follows it (CORS on the bucket).
        const res = await fetch(url, { credentials: 'same-origin', signal: ac.signal });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        if (kind === 'image') {
          const blob = new Blob([await res.arrayBuffer()], { type: IMAGE[extensionOf(filename)] });
          revoke = URL.createObjectURL(blob);
          setState({ src: revoke, loading: false });
        } else {
          const buf = await res.arrayBuffer();
          const text = new TextDecoder().decode(buf.slice(0, MAX_TEXT));
          setState({ text: buf.byteLength > MAX_TEXT ? `${text}\n…` : text, loading: false });
        }
      } catch (error) {
        if ((error as Error).name !== 'AbortError') setState({ error, loading: false });
      }
    })();
    return () => {
      ac.abort();
      if (revoke) URL.revokeObjectURL(revoke);
    };
  }, [url, filename, kind]);
  if (!kind) return null;
  if (state.loading) return <Loading label={t('judge.previewLoading')} />;
  if (state.error) return <ErrorBox error={state.error} title={t('judge.previewFailed')} />;
  return (
    <figure className="preview">
      {state.src ? <img src={state.src} alt={t('judge.previewOf', { name: filename })} /> : <pre className="code-block preview-text">{state.text}</pre>}
      <figcaption className="small muted">{filename}</figcaption>
    </figure>
  );
}

// A file's entry-check findings, shown to the team beside the file (while
// it can still replace it) and to organizers with the entry.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { clock, warningKey, type FileCheck } from '../lib/checks';

/** How often, and how many times, a page asks again for a check still running. */
const RECHECK_MS = 2000;
const RECHECKS = 15;

export function FileChecks({ check, onRecheck }: { check?: FileCheck | null; onRecheck?: () => void }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    if (check || !onRecheck || asked >= RECHECKS) return;
    const timer = setTimeout(() => {
      setAsked((n) => n + 1);
      onRecheck();
    }, RECHECK_MS);
    return () => clearTimeout(timer);
  }, [check, onRecheck, asked]);
  if (!check) return onRecheck && asked < RECHECKS ? <p className="small muted">{t('checks.checking')}</p> : null;
  const facts = check.facts;
  const media = check.media;
  return (
    <div className="file-checks">
      {facts && <p className="small muted">{t('checks.pages', { count: facts.pages })}</p>}
      {check.image && <p className="small muted">{t('checks.pixels', { width: check.image.width, height: check.image.height })}</p>}
      {media && (
        <p className="small muted">
          {[clock(media.duration_seconds), media.width && media.height ? `${media.width}×${media.height}` : '', [media.video_codec, media.audio_codec].filter(Boolean).join(' + ')]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {check.warnings?.length ? (
        <ul className="check-warnings">
          {check.warnings.map((w, i) => {
            const k = warningKey(w);
            return (
              <li key={i} className="notice notice-warning small">
                {t(k.key, { ...k.params, field: t(`checks.fields.${k.params.field}`), message: k.fallback })}
                {w.code === 'duplicate' && w.other_team_id && (
                  <>
                    {' '}
                    <Link to={`/teams/${encodeURIComponent(String(w.other_team_id))}/receipt`}>{t('checks.seeOther')}</Link>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="small muted">{t('checks.ok')}</p>
      )}
    </div>
  );
}

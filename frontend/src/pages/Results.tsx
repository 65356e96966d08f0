// The public results page of a contest: winners by track with award names.

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import type { ResultEntry, Results } from '../lib/results';
import { Empty, ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { formatDateTime } from '../lib/time';
import { shownTracks } from '../lib/tracks';

/** The winners by track (fromServerResults groups them in the contest's order); a contest with only the general track shows no track name. */
export function winnersByTrack(r: Results): { slug: string; title: string; winners: ResultEntry[] }[] {
  const named = shownTracks(r.tracks).length > 0;
  return named ? r.tracks : r.tracks.map((t) => ({ ...t, title: '' }));
}

export function ResultsPage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const contest = useQuery({ queryKey: keys.contest(slug), queryFn: () => api.getContest(slug), retry: false });
  const q = useQuery({ queryKey: keys.results(slug), queryFn: () => api.getResults(slug), retry: false });
  const [copied, setCopied] = useState(false);
  const title = q.data?.contest?.title ?? q.data?.title ?? contest.data?.title ?? slug;
  if (q.isPending) return <Loading />;
  if (q.error) {
    if (q.error instanceof ApiError && q.error.status === 404)
      return (
        <div className="card narrow">
          <PageTitle>{t('results.title', { title })}</PageTitle>
          <Empty>{t('results.notYet')}</Empty>
          <Link to={`/c/${encodeURIComponent(slug)}`}>{t('results.backToContest')}</Link>
        </div>
      );
    return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  }
  const groups = winnersByTrack(q.data!);
  return (
    <div className="stack results">
      <div className="page-head">
        <div>
          <PageTitle>{t('results.title', { title })}</PageTitle>
          {q.data?.published_at && <p className="muted small">{t('results.publishedAt', { at: formatDateTime(q.data.published_at, i18n.language) })}</p>}
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn btn-secondary"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(window.location.href);
                setCopied(true);
              } catch {
                setCopied(false);
              }
            }}
          >
            {t('results.share')}
          </button>
          <span role="status" className="small muted">
            {copied ? t('team.copied') : ''}
          </span>
        </div>
      </div>
      {!q.data?.published_at && <Notice kind="warning">{t('results.preview')}</Notice>}
      {!groups.length ? (
        <Empty>{t('results.noWinners')}</Empty>
      ) : (
        <div className="grid tracks">
          {groups.map((g) => (
            <section className="card" key={g.slug || 'all'} aria-labelledby={`tr-${g.slug || 'all'}`}>
              <h2 id={`tr-${g.slug || 'all'}`}>{g.title || t('results.allTracks')}</h2>
              <ol className="winners">
                {g.winners.map((w, i) => (
                  <li key={`${String(w.entry_id ?? i)}-${w.award}`} className={`winner winner-${i < 3 ? i + 1 : 'other'}`}>
                    <span className="award">{w.award}</span>
                    <span className="winner-name">{w.title || w.team_name}</span>
                    {w.title && w.team_name && <span className="muted small">{w.team_name}</span>}
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      )}
      <p>
        <Link to={`/c/${encodeURIComponent(slug)}`}>{t('results.backToContest')}</Link>
      </p>
    </div>
  );
}

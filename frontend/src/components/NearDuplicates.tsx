// Organizers: pairs of entries whose texts (title, abstract, text answers)
// are near-duplicates, with links to both entries. Asked for on request:
// the search reads every entry of the contest.

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/endpoints';
import { ErrorBox, Loading } from './ui';

export function NearDuplicatesPanel({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(false);
  const q = useQuery({ queryKey: ['near-duplicates', slug], queryFn: () => api.nearDuplicates(slug), enabled: asked });
  const entry = (e: { team_id: number; team_name: string; title: string }) => (
    <Link to={`/teams/${encodeURIComponent(String(e.team_id))}/receipt`}>
      {e.team_name}
      {e.title ? ` — ${e.title}` : ''}
    </Link>
  );
  return (
    <section className="card">
      <h2>{t('nearDup.title')}</h2>
      <p className="small muted">{t('nearDup.hint', { percent: 50 })}</p>
      {!asked ? (
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setAsked(true)}>
          {t('nearDup.search')}
        </button>
      ) : q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.pairs?.length ? (
        <ul className="near-duplicates">
          {q.data.pairs.map((p) => (
            <li key={`${p.a.submission_id}-${p.b.submission_id}`}>
              <span className="badge badge-warning">{t('nearDup.similar', { percent: Math.round(p.similarity * 100) })}</span> {entry(p.a)} · {entry(p.b)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small">{t('nearDup.none', { count: q.data.entries })}</p>
      )}
    </section>
  );
}

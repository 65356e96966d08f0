// The printable receipt of a final submission (GET .../versions/{version}):
// timestamp, version, every file's SHA-256 and the digest over all of it.

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/endpoints';
import { RequireAuth } from '../components/RequireAuth';
import { Empty, ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { formatBytes, formatDateTime } from '../lib/time';
import { latestVersion, teamContest } from './Team';

export function ReceiptPage() {
  return (
    <RequireAuth>
      <ReceiptView />
    </RequireAuth>
  );
}

function ReceiptView() {
  const { id = '', version: vParam } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const team = useQuery({ queryKey: ['team', id], queryFn: () => api.getTeam(id) });
  // Without a version in the path, show the latest one.
  const sub = useQuery({ queryKey: ['submission', id], queryFn: () => api.getSubmission(id), enabled: !vParam });
  const version = vParam ? Number(vParam) : sub.data ? latestVersion(sub.data).version : 0;
  const receipt = useQuery({ queryKey: ['receipt', id, version], queryFn: () => api.getVersion(id, version), enabled: version > 0 });
  const slug = team.data ? teamContest(team.data) : '';
  const contest = useQuery({ queryKey: ['contest', slug], queryFn: () => api.getContest(slug), enabled: !!slug });

  if ((!vParam && sub.isPending) || (version > 0 && receipt.isPending)) return <Loading />;
  const error = sub.error ?? receipt.error;
  if (error) return <ErrorBox error={error} onRetry={() => void (receipt.error ? receipt.refetch() : sub.refetch())} />;
  const r = receipt.data;
  const slotLabel = (k: string) => contest.data?.files?.find((s) => s.key === k)?.label ?? k;
  return (
    <div className="receipt card">
      <PageTitle>{t('receipt.title')}</PageTitle>
      {!r ? (
        <Empty>{t('receipt.none')}</Empty>
      ) : (
        <>
          {params.get('new') && <Notice kind="success">{t('receipt.thanks')}</Notice>}
          <dl className="facts">
            {contest.data && (
              <>
                <dt>{t('receipt.contest')}</dt>
                <dd>{contest.data.title}</dd>
              </>
            )}
            {team.data && (
              <>
                <dt>{t('receipt.team')}</dt>
                <dd>{team.data.name}</dd>
              </>
            )}
            {r.title && (
              <>
                <dt>{t('submission.entryTitle')}</dt>
                <dd>{r.title}</dd>
              </>
            )}
            <dt>{t('receipt.submission')}</dt>
            <dd>
              <code className="hash">{String(r.submission_id)}</code>
            </dd>
            <dt>{t('receipt.version')}</dt>
            <dd data-testid="receipt-version">v{r.version}</dd>
            <dt>{t('receipt.submittedAt')}</dt>
            <dd>
              {formatDateTime(r.submitted_at, i18n.language)} <span className="muted small">({r.submitted_at})</span>
            </dd>
          </dl>
          <h2>{t('receipt.files')}</h2>
          {r.files?.length ? (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('receipt.slot')}</th>
                    <th scope="col">{t('receipt.filename')}</th>
                    <th scope="col">{t('receipt.size')}</th>
                    <th scope="col">SHA-256</th>
                  </tr>
                </thead>
                <tbody>
                  {r.files.map((f) => (
                    <tr key={`${f.slot}-${f.sha256}`}>
                      <td>{slotLabel(f.slot)}</td>
                      <td>{f.filename}</td>
                      <td>{formatBytes(f.size, i18n.language)}</td>
                      <td>
                        <code className="hash wrap">{f.sha256}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('receipt.noFiles')}</p>
          )}
          <h2>{t('receipt.digest')}</h2>
          <p>
            <code className="hash wrap" data-testid="receipt-digest">
              {r.digest || '—'}
            </code>
          </p>
          <p className="small muted">{t('receipt.explain')}</p>
        </>
      )}
      <div className="actions no-print">
        {r && (
          <button type="button" className="btn btn-primary" onClick={() => window.print()}>
            {t('receipt.print')}
          </button>
        )}
        <Link className="btn btn-secondary" to={`/teams/${encodeURIComponent(id)}`}>
          {t('receipt.back')}
        </Link>
      </div>
    </div>
  );
}

// The printable receipt of a final submission: timestamp, version, every file's
// SHA-256 and the digest over all of it.

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/endpoints';
import type { Receipt } from '../api/types';
import { RequireAuth } from '../components/RequireAuth';
import { Empty, ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { formatBytes, formatDateTime } from '../lib/time';

const key = (teamId: string | number) => `podium.receipt.${teamId}`;

/** Keeps the last receipt so that the receipt page can show it after navigation. */
export function saveReceipt(teamId: string | number, r: Receipt): void {
  try {
    sessionStorage.setItem(key(teamId), JSON.stringify(r));
  } catch {
    /* storage unavailable */
  }
}

function loadReceipt(teamId: string): Receipt | null {
  try {
    const s = sessionStorage.getItem(key(teamId));
    return s ? (JSON.parse(s) as Receipt) : null;
  } catch {
    return null;
  }
}

export function ReceiptPage() {
  return (
    <RequireAuth>
      <ReceiptView />
    </RequireAuth>
  );
}

function ReceiptView() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const stored = loadReceipt(id);
  // Without a stored receipt, rebuild one from the submission's latest version.
  const sub = useQuery({ queryKey: ['submission', id], queryFn: () => api.getSubmission(id), enabled: !stored });
  const team = useQuery({ queryKey: ['team', id], queryFn: () => api.getTeam(id), enabled: !stored });
  if (!stored && (sub.isPending || team.isPending)) return <Loading />;
  if (!stored && sub.error) return <ErrorBox error={sub.error} />;
  const latest = sub.data?.versions?.slice().sort((a, b) => b.version - a.version)[0];
  const r: Receipt | null =
    stored ??
    (sub.data?.version
      ? {
          submission_id: sub.data.id ?? '',
          version: sub.data.version,
          submitted_at: sub.data.submitted_at ?? latest?.submitted_at ?? '',
          files: (latest?.files ?? sub.data.files ?? []).map((f) => ({ slot: f.slot, filename: f.filename, size: f.size, sha256: f.sha256 })),
          digest: latest?.digest ?? '',
          team_name: team.data?.name,
        }
      : null);
  return (
    <div className="receipt card">
      <PageTitle>{t('receipt.title')}</PageTitle>
      {!r ? (
        <Empty>{t('receipt.none')}</Empty>
      ) : (
        <>
          {stored && <Notice kind="success">{t('receipt.thanks')}</Notice>}
          <dl className="facts">
            {r.contest && (
              <>
                <dt>{t('receipt.contest')}</dt>
                <dd>{r.contest}</dd>
              </>
            )}
            {r.team_name && (
              <>
                <dt>{t('receipt.team')}</dt>
                <dd>{r.team_name}</dd>
              </>
            )}
            <dt>{t('receipt.submission')}</dt>
            <dd>
              <code className="hash">{r.submission_id}</code>
            </dd>
            <dt>{t('receipt.version')}</dt>
            <dd>v{r.version}</dd>
            <dt>{t('receipt.submittedAt')}</dt>
            <dd>
              {formatDateTime(r.submitted_at, i18n.language)} <span className="muted small">({r.submitted_at})</span>
            </dd>
          </dl>
          <h2>{t('receipt.files')}</h2>
          {r.files.length ? (
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
                      <td>{f.slot}</td>
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

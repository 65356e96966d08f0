// The printable receipt of a final submission (GET .../versions/{version}):
// team, contest, version, time (in the contest's zone), the form's answers
// with their labels, every file's SHA-256 and the digest over all of it.

import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import { DocumentViewer } from '../components/DocumentViewer';
import { RequireAuth } from '../components/RequireAuth';
import { Empty, ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { formatBytes, formatInZone } from '../lib/time';
import { viewerKind } from '../lib/viewer';
import { FileChecks } from '../components/FileChecks';
import type { FileCheck } from '../lib/checks';
import type { ReceiptView as ReceiptData } from '../api/model';
import { latestVersion, teamContest } from './Team';

/**
 * The answers of a receipt with their labels: in the form's order, then any
 * answer to a question the form no longer has (under its key).
 */
export function receiptAnswers(fields: Record<string, string>, form: { key: string; label: string }[]): { key: string; label: string; value: string }[] {
  const known = form.filter((f) => fields[f.key]).map((f) => ({ key: f.key, label: f.label, value: fields[f.key] }));
  const rest = Object.keys(fields)
    .filter((k) => fields[k] && !form.some((f) => f.key === k))
    .sort()
    .map((k) => ({ key: k, label: k, value: fields[k] }));
  return [...known, ...rest];
}

/** How often the receipt asks again while a file's fingerprint is pending. */
const FINGERPRINT_POLL_MS = 3000;

/**
 * The files of a receipt whose SHA-256 was still being computed when it was
 * submitted and is not known yet (the view's `fingerprints` has those known).
 */
export function pendingFingerprints(v: Pick<ReceiptData, 'receipt' | 'fingerprints'>): string[] {
  return (v.receipt.files ?? []).filter((f) => f.sha256_pending && !(v.fingerprints ?? {})[f.file_id]).map((f) => f.file_id);
}

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
  // The file of this version open in the viewer (organizers read entries here).
  const [viewing, setViewing] = useState<string | null>(null);
  // Without a version in the path, show the latest one.
  const sub = useQuery({ queryKey: keys.submission(id), queryFn: () => api.getSubmission(id), enabled: !vParam });
  const version = vParam ? Number(vParam) : sub.data ? latestVersion(sub.data).version : 0;
  // A file's SHA-256 still being computed (a large upload, hashed after it
  // was stored) appears here when ready: ask again until it is there.
  const view = useQuery({
    queryKey: keys.receiptView(id, version),
    queryFn: () => api.getReceipt(id, version),
    enabled: version > 0,
    refetchInterval: (q) => (q.state.data && pendingFingerprints(q.state.data).length ? FINGERPRINT_POLL_MS : false),
  });
  // Older servers answer the receipt alone: fall back to the team and contest.
  const bare = !!view.data && !view.data.contest;
  const team = useQuery({ queryKey: keys.team(id), queryFn: () => api.getTeam(id), enabled: bare });
  const slug = team.data ? teamContest(team.data) : '';
  const contest = useQuery({ queryKey: keys.contest(slug), queryFn: () => api.getContest(slug), enabled: bare && !!slug });

  if ((!vParam && sub.isPending) || (version > 0 && view.isPending)) return <Loading />;
  const error = sub.error ?? view.error;
  if (error) return <ErrorBox error={error} onRetry={() => void (view.error ? view.refetch() : sub.refetch())} />;
  const ctx: Partial<Omit<ReceiptData, 'receipt'>> = view.data?.contest
    ? view.data
    : {
        team: team.data ? { id: team.data.id, name: team.data.name, track: contest.data?.tracks?.find((x) => x.slug === team.data!.track)?.title ?? team.data.track } : undefined,
        contest: contest.data
          ? { slug: contest.data.slug, title: contest.data.title, timezone: contest.data.timezone, form: contest.data.form ?? [], files: contest.data.files ?? [] }
          : undefined,
      };
  const r = view.data?.receipt;
  // The entry checks of the version's files (organizers see every finding, the team its own).
  const checks = ((view.data as { checks?: Record<string, FileCheck> } | undefined)?.checks ?? {}) as Record<string, FileCheck>;
  const zone = ctx.contest?.timezone ?? 'UTC';
  const slotLabel = (k: string) => ctx.contest?.files?.find((s) => s.key === k)?.label ?? k;
  const answers = receiptAnswers(r?.fields ?? {}, ctx.contest?.form ?? []);
  return (
    <div className="receipt card">
      <PageTitle>{t('receipt.title')}</PageTitle>
      {!r ? (
        <Empty>{t('receipt.none')}</Empty>
      ) : (
        <>
          {params.get('new') && <Notice kind="success">{t('receipt.thanks')}</Notice>}
          <dl className="facts">
            {ctx.contest && (
              <>
                <dt>{t('receipt.contest')}</dt>
                <dd>{ctx.contest.title}</dd>
              </>
            )}
            {ctx.team && (
              <>
                <dt>{t('receipt.team')}</dt>
                <dd data-testid="receipt-team">{ctx.team.name}</dd>
                {ctx.team.track && (
                  <>
                    <dt>{t('receipt.track')}</dt>
                    <dd>{ctx.team.track}</dd>
                  </>
                )}
              </>
            )}
            {r.title && (
              <>
                <dt>{t('submission.entryTitle')}</dt>
                <dd>{r.title}</dd>
              </>
            )}
            <dt>{t('receipt.version')}</dt>
            <dd data-testid="receipt-version">v{r.version}</dd>
            <dt>{t('receipt.submittedAt')}</dt>
            <dd>
              {formatInZone(r.submitted_at, zone, i18n.language, { dateStyle: 'full', timeStyle: 'medium' })} <span className="muted small">({zone})</span>
            </dd>
          </dl>
          {r.abstract && (
            <>
              <h2>{t('submission.abstract')}</h2>
              <p className="prewrap">{r.abstract}</p>
            </>
          )}
          <h2>{t('receipt.answers')}</h2>
          {answers.length ? (
            <dl className="facts" data-testid="receipt-answers">
              {answers.map((a) => (
                <Fragment key={a.key}>
                  <dt>{a.label}</dt>
                  <dd className="prewrap">{a.value}</dd>
                </Fragment>
              ))}
            </dl>
          ) : (
            <p className="muted">{t('receipt.noAnswers')}</p>
          )}
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
                    <th scope="col" className="no-print">
                      <span className="sr-only">{t('viewer.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.files.map((f) => (
                    <tr key={`${f.slot}-${f.file_id}`}>
                      <td>{slotLabel(f.slot)}</td>
                      <td>
                        {f.filename}
                        {f.file_id && checks[f.file_id] && <FileChecks check={checks[f.file_id]} />}
                      </td>
                      <td>{formatBytes(f.size, i18n.language)}</td>
                      <td>
                        {!f.sha256_pending ? (
                          <code className="hash wrap">{f.sha256}</code>
                        ) : view.data?.fingerprints?.[f.file_id] ? (
                          <>
                            <code className="hash wrap">{view.data.fingerprints[f.file_id]}</code>
                            <span className="small muted"> {t('receipt.fingerprintLater')}</span>
                          </>
                        ) : (
                          <span className="small muted" data-testid="fingerprint-pending">
                            {t('receipt.fingerprintPending')}
                          </span>
                        )}
                      </td>
                      <td className="no-print">
                        {f.file_id && viewerKind(f.filename) && (
                          <button type="button" className="btn btn-ghost btn-small" aria-pressed={viewing === f.file_id} onClick={() => setViewing(viewing === f.file_id ? null : f.file_id!)}>
                            {t('viewer.open')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('receipt.noFiles')}</p>
          )}
          {viewing && r.files?.some((f) => f.file_id === viewing) && (
            <section className="no-print" aria-label={t('viewer.tabDocument')}>
              <DocumentViewer key={viewing} url={api.viewUrl(viewing)} filename={r.files.find((f) => f.file_id === viewing)!.filename} />
            </section>
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

// A person's or a team's certificates with their download links (team page,
// judging page). Downloads go through the API's redirect to a short-lived
// attachment link in the bucket: nothing is served inline from our origin.

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { certificatesApi, type Certificate } from '../api/certificates';

/** The kind and award of a certificate, in the user's language. */
export function certificateLabel(t: (k: string, o?: Record<string, unknown>) => string, x: Pick<Certificate, 'kind' | 'award'>): string {
  return x.kind === 'winner' && x.award ? t('certificates.kindWinnerAward', { award: x.award }) : t(`certificates.kinds.${x.kind}`);
}

function List({ list, showContest }: { list: Certificate[]; showContest?: boolean }) {
  const { t } = useTranslation();
  if (!list.length) return null;
  return (
    <section className="card">
      <h2>{t('certificates.yours')}</h2>
      <ul>
        {list.map((x) => (
          <li key={x.code}>
            <strong>{x.name}</strong> — {certificateLabel(t, x)}
            {showContest && x.contest_title ? <span className="muted"> · {x.contest_title}</span> : null}{' '}
            {x.revoked_at ? (
              <span className="badge">{t('certificates.revoked')}</span>
            ) : x.ready ? (
              <a className="btn btn-secondary btn-small" href={certificatesApi.downloadUrl(x.code)} download>
                {t('certificates.download')}
              </a>
            ) : (
              <span className="muted small">{t('certificates.notReady')}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The team's certificates (nothing until some were generated). */
export function TeamCertificates({ teamId }: { teamId: string | number }) {
  const q = useQuery({ queryKey: ['certificates', 'team', String(teamId)], queryFn: () => certificatesApi.team(teamId), retry: false });
  return q.data ? <List list={q.data} /> : null;
}

/** The signed-in person's own certificates of one kind (a judge's on the judging page). */
export function MyCertificates({ kind }: { kind?: Certificate['kind'] }) {
  const q = useQuery({ queryKey: ['certificates', 'mine'], queryFn: certificatesApi.mine, retry: false });
  const list = (q.data ?? []).filter((x) => !kind || x.kind === kind);
  return <List list={list} showContest />;
}

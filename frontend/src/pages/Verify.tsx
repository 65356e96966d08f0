// The public verification page of a certificate (/c/{code}, the link of its
// QR code): who issued it, for which contest, to whom, for what, when, and
// whether it was revoked. Contest pages share the /c/ prefix: a code is
// upper-case, a contest's address lower-case.

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { certificatesApi, CERTIFICATE_CODE } from '../api/certificates';
import { certificateLabel } from '../components/CertificateList';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { formatDateTime } from '../lib/time';
import { ContestPage } from './Contest';

/** /c/:slug — a certificate's verification for a code, else the contest's page. */
export function ContestOrCertificatePage() {
  const { slug = '' } = useParams();
  return CERTIFICATE_CODE.test(slug) ? <VerifyCertificate code={slug} /> : <ContestPage />;
}

function VerifyCertificate({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['certificate', code], queryFn: () => certificatesApi.verify(code), retry: false });
  if (q.isPending) return <Loading />;
  if (q.error instanceof ApiError && q.error.status === 404) {
    return (
      <div className="stack">
        <PageTitle>{t('certificates.verify.title')}</PageTitle>
        <div className="state state-error" role="alert">
          <strong>{t('certificates.verify.unknown')}</strong>
          <p>{t('certificates.verify.unknownText', { code })}</p>
        </div>
      </div>
    );
  }
  if (q.error) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  const v = q.data!;
  return (
    <div className="stack">
      <PageTitle>{t('certificates.verify.title')}</PageTitle>
      <section className="card">
        {v.revoked ? (
          <p className="state state-error" role="status">
            <strong>{t('certificates.verify.revoked')}</strong>
            {v.revoked_at ? ` ${formatDateTime(v.revoked_at, i18n.language)}` : ''}
          </p>
        ) : (
          <p className="notice notice-success" role="status">
            <strong>{t('certificates.verify.valid')}</strong>
          </p>
        )}
        <dl className="facts">
          <dt>{t('certificates.verify.name')}</dt>
          <dd>{v.name}</dd>
          <dt>{t('certificates.verify.for')}</dt>
          <dd>{certificateLabel(t, v)}</dd>
          <dt>{t('certificates.verify.contest')}</dt>
          <dd>{v.contest}</dd>
          <dt>{t('certificates.verify.issuer')}</dt>
          <dd>{v.issuer}</dd>
          <dt>{t('certificates.verify.date')}</dt>
          <dd>{formatDateTime(v.issued_at, i18n.language)}</dd>
          <dt>{t('certificates.verify.code')}</dt>
          <dd>
            <code>{v.code}</code>
          </dd>
        </dl>
      </section>
    </div>
  );
}

// /jury/<token>: an invitation link for judges (made by the organizers,
// often shown as a QR code at the venue). It says what it offers, or why it
// can no longer be used; a signed-in account with a confirmed address takes
// the judge role with a button press (not on load).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/endpoints';
import { ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { ME_KEY, useSession } from '../session';
import { ResendVerification } from './Account';

export function JuryLinkPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const s = useSession();
  const qc = useQueryClient();
  const preview = useQuery({ queryKey: ['jury-link', token], queryFn: () => api.previewRoleLink(token), retry: false });
  const accept = useMutation({ mutationFn: () => api.acceptRoleLink(token), onSuccess: () => void qc.invalidateQueries({ queryKey: ME_KEY }) });
  const here = `/jury/${token}`;
  let body;
  if (preview.isPending || s.loading) body = <Loading />;
  else if (preview.error) body = <ErrorBox error={preview.error} />;
  else if (accept.isSuccess)
    body = (
      <>
        <Notice kind="success">{t('links.joinDone')}</Notice>
        <p>
          <Link to="/judge">{t('links.goJudge')}</Link>
        </p>
      </>
    );
  else
    body = (
      <>
        <p>{t('links.joinOffer', { contest: preview.data.contest_title })}</p>
        {!s.user ? (
          <p>
            {t('links.joinSignIn')} <Link to={`/signin?next=${encodeURIComponent(here)}`}>{t('nav.signIn')}</Link> ·{' '}
            <Link to={`/signup?next=${encodeURIComponent(here)}`}>{t('nav.signUp')}</Link>
          </p>
        ) : !s.user.email_verified ? (
          <ResendVerification />
        ) : (
          <>
            {accept.error && <ErrorBox error={accept.error} />}
            <button type="button" className="btn btn-primary btn-block" disabled={accept.isPending} onClick={() => accept.mutate()}>
              {accept.isPending ? t('common.working') : t('links.joinButton')}
            </button>
          </>
        )}
      </>
    );
  return (
    <div className="card narrow">
      <PageTitle>{t('links.joinTitle')}</PageTitle>
      {body}
    </div>
  );
}

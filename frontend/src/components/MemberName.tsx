// A team member's name in the organizers' team list: members who have not
// confirmed their address are marked, with a button that e-mails them a new
// link (throttled by the server).

import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { TeamMember } from '../api/types';
import { useErrorText } from './ui';

export function MemberName({ slug, m }: { slug: string; m: TeamMember }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const resend = useMutation({ mutationFn: () => api.remindVerification(slug, m.user_id) });
  return (
    <>
      <span title={m.email}>{m.name || m.email}</span>
      {m.email_verified === false && (
        <>
          {' '}
          <span className="badge badge-warning" title={t('members.unconfirmedHint')}>
            {t('members.unconfirmed')}
          </span>{' '}
          {resend.isSuccess ? (
            <span className="muted small">{t('members.resent')}</span>
          ) : (
            <button type="button" className="btn btn-ghost btn-small" disabled={resend.isPending} onClick={() => resend.mutate()}>
              {t('members.resend')}
            </button>
          )}
          {resend.error && <span className="field-error">{text(resend.error)}</span>}
        </>
      )}
    </>
  );
}

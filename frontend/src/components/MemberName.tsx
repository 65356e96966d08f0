// A team member's name in the organizers' team list: members who have not
// confirmed their address are marked, with a button that e-mails them a new
// link (throttled by the server).

import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { TeamMember } from '../api/model';
import { useErrorText } from './ui';

export function MemberName({ slug, m }: { slug: string; m: TeamMember }) {
  const name = <span title={m.email}>{m.name || m.email}</span>;
  // Most members have confirmed: their name is plain text, with none of the
  // hooks the resend button needs (a list of a few hundred teams shows
  // their members by the thousand, each re-rendered with the list).
  if (m.email_verified !== false) return name;
  return (
    <>
      {name} <Unconfirmed slug={slug} userId={m.user_id} />
    </>
  );
}

/** The mark of an unconfirmed address, and the button that e-mails its owner a new link. */
function Unconfirmed({ slug, userId }: { slug: string; userId: TeamMember['user_id'] }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const resend = useMutation({ mutationFn: () => api.remindVerification(slug, userId) });
  return (
    <>
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
  );
}

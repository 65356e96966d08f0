import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../session';
import { ErrorBox, Loading } from './ui';

/** Shows children only to a signed-in user; others get a sign-in prompt. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const s = useSession();
  const { t } = useTranslation();
  const loc = useLocation();
  if (s.loading) return <Loading />;
  if (s.error) return <ErrorBox error={s.error} onRetry={() => void s.refresh()} />;
  if (!s.user) {
    const next = encodeURIComponent(loc.pathname + loc.search);
    return (
      <div className="card narrow">
        <h1 className="page-title">{t('auth.needSignIn')}</h1>
        <p>{t('auth.needSignInText')}</p>
        <div className="actions">
          <Link className="btn btn-primary" to={`/signin?next=${next}`}>
            {t('nav.signIn')}
          </Link>
          <Link className="btn btn-secondary" to={`/signup?next=${next}`}>
            {t('nav.signUp')}
          </Link>
        </div>
      </div>
    );
  }
  return <>{children}</>;
}

// What a page shows when the API says no: "not allowed" for a 403, "not
// found" for a 404. Retrying cannot change either, so neither offers it.

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';

/** The kind of refusal an error is, or null for any other error. */
export function refusalOf(err: unknown): 'forbidden' | 'notFound' | null {
  if (!(err instanceof ApiError)) return null;
  if (err.status === 403) return 'forbidden';
  if (err.status === 404) return 'notFound';
  return null;
}

/** A clear refusal: not allowed (403) or not found (404), with a way out. */
export function Refusal({ kind }: { kind: 'forbidden' | 'notFound' }) {
  const { t } = useTranslation();
  return (
    <div className="card narrow" role="alert">
      <h1 className="page-title">{t(`access.${kind}.title`)}</h1>
      <p>{t(`access.${kind}.text`)}</p>
      <Link to="/" className="btn btn-primary">
        {t('notFound.home')}
      </Link>
    </div>
  );
}

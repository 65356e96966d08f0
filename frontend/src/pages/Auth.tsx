// Sign up and sign in. Field errors from the API appear next to their field.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, setSessionHint } from '../api/client';
import { api } from '../api/endpoints';
import { rules } from '../api/rules.gen';
import { ErrorBox, Field, PageTitle } from '../components/ui';
import type { Me } from '../api/types';
import { ME_KEY, loadMe } from '../session';

/** A same-site path to go to after signing in (never an external URL). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/**
 * Where to land after signing in: the page asked for, else the judge portal
 * for someone who only judges (no organizer or participant role anywhere, not
 * an admin), else the home page.
 */
export function landingPath(next: string | null, me: Me | null): string {
  const asked = safeNext(next);
  if (asked !== '/' || !me) return asked;
  const roles = me.roles ?? [];
  const judgeOnly = !me.user?.is_admin && roles.length > 0 && roles.every((r) => r.role === 'judge');
  return judgeOnly ? '/judge' : '/';
}

/** The reasons the server gives for a refused sign-in with a provider (?sso_error=). */
const SSO_ERRORS = ['state', 'expired', 'denied', 'unavailable', 'code', 'token', 'no_email', 'domain', 'link_required', 'linked_other'] as const;

/** Sign-in buttons of the providers a platform admin configured, and why the last try failed. */
export function SsoButtons({ next }: { next: string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = useQuery({ queryKey: ['sso-providers'], queryFn: api.ssoProviders, staleTime: 60_000 });
  const failed = params.get('sso_error');
  const reason = SSO_ERRORS.find((r) => r === failed);
  const providers = q.data ?? [];
  return (
    <>
      {failed && (
        <div className="state state-error" role="alert">
          <strong>{t('auth.ssoFailed')}</strong>
          <p>{t(`auth.ssoErrors.${reason ?? 'unavailable'}`)}</p>
        </div>
      )}
      {providers.length > 0 && (
        <div className="stack">
          {providers.map((p) => (
            // The session arrives with the provider's redirect: remember that this browser may have one.
            <a key={p.slug} className="btn btn-secondary btn-block" href={api.ssoStartUrl(p.slug, next)} onClick={() => setSessionHint(true)}>
              {t('auth.ssoWith', { name: p.name })}
            </a>
          ))}
          <p className="muted small">{t('auth.ssoOr')}</p>
        </div>
      )}
    </>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const m = useMutation({
    mutationFn: async () => {
      // The SPA's language becomes the language of the account's e-mails.
      await api.login({ email: email.trim(), password, language: i18n.language });
      return loadMe();
    },
    onSuccess: (me) => {
      qc.setQueryData(ME_KEY, me);
      navigate(landingPath(params.get('next'), me));
    },
  });
  const fe = m.error instanceof ApiError ? m.error.fields : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <div className="card narrow">
      <PageTitle>{t('auth.signInTitle')}</PageTitle>
      <SsoButtons next={safeNext(params.get('next'))} />
      <form onSubmit={submit} noValidate>
        <Field label={t('auth.email')} error={fe.email} required>
          {(p) => <input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('auth.password')} error={fe.password} required>
          {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {m.error && !Object.keys(fe).length && <ErrorBox error={m.error} />}
        <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending}>
          {m.isPending ? t('common.working') : t('auth.signIn')}
        </button>
      </form>
      <p className="muted">
        <Link to="/reset">{t('auth.forgotPassword')}</Link>
      </p>
      <p className="muted">
        {t('auth.noAccount')} <Link to={`/signup${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>{t('nav.signUp')}</Link>
      </p>
    </div>
  );
}

export function SignUpPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { i18n } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: async () => {
      // The same answer whether the address was free or taken; a taken
      // address's owner is told by e-mail instead.
      await api.register({ email: email.trim(), password, name: name.trim(), language: i18n.language });
      try {
        await api.login({ email: email.trim(), password, language: i18n.language });
      } catch (err) {
        // A taken address: its owner got an e-mail; the page says the same.
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
      return loadMe();
    },
    onSuccess: (me) => {
      qc.setQueryData(ME_KEY, me);
      const next = landingPath(params.get('next'), me);
      navigate(`/check-inbox?email=${encodeURIComponent(email.trim())}${next !== '/' ? `&next=${encodeURIComponent(next)}` : ''}`);
    },
  });
  const fe = { ...local, ...(m.error instanceof ApiError ? m.error.fields : {}) };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('validation.required');
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())) errs.email = t('validation.email');
    if ([...password].length < rules.password.minLength) errs.password = t('validation.passwordLength', { n: rules.password.minLength });
    setLocal(errs);
    if (Object.keys(errs).length) return;
    m.mutate();
  };
  return (
    <div className="card narrow">
      <PageTitle>{t('auth.signUpTitle')}</PageTitle>
      <form onSubmit={submit} noValidate>
        <Field label={t('auth.name')} error={fe.name} required>
          {(p) => <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('auth.email')} error={fe.email} required>
          {(p) => <input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('auth.password')} error={fe.password} hint={t('auth.passwordHint', { n: rules.password.minLength })} required>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {m.error && !(m.error instanceof ApiError && Object.keys(m.error.fields).length) && <ErrorBox error={m.error} />}
        <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending}>
          {m.isPending ? t('common.working') : t('auth.createAccount')}
        </button>
      </form>
      <p className="muted">
        {t('auth.haveAccount')} <Link to={`/signin${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>{t('nav.signIn')}</Link>
      </p>
    </div>
  );
}

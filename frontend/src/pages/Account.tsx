// Proving an address and recovering an account: "check your inbox" after
// sign-up, the e-mailed links (/verify/<token>, /reset/<token>,
// /invite/<token>), the reset request, and the account page with its
// personal API tokens. Links are used by a button press, not on load, so
// that a mail scanner opening them uses nothing.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import type { NewToken } from '../api/model';
import { PersonalData } from '../components/PersonalData';
import { ErrorBox, Field, Loading, Notice, PageTitle } from '../components/ui';
import { formatInZone, userTimeZone } from '../lib/time';
import { ME_KEY, useSession } from '../session';
import { safeNext } from './Auth';

/** The resend button for an unverified account (throttled by the server). */
export function ResendVerification() {
  const { t } = useTranslation();
  const m = useMutation({ mutationFn: () => api.resendVerification() });
  return (
    <div className="stack">
      <button type="button" className="btn btn-secondary" disabled={m.isPending} onClick={() => m.mutate()}>
        {m.isPending ? t('common.working') : t('account.resend')}
      </button>
      {m.isSuccess && <Notice kind="success">{t('account.resent')}</Notice>}
      {m.error && <ErrorBox error={m.error} />}
    </div>
  );
}

/** Changes the account's address (with the current password); the new one must be confirmed. */
function ChangeEmail() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const m = useMutation({
    mutationFn: () => api.changeEmail(email.trim(), password),
    onSuccess: () => {
      setPassword('');
      void qc.invalidateQueries({ queryKey: ME_KEY });
    },
  });
  if (m.isSuccess) return <Notice kind="success">{t('account.emailChanged', { email: m.data.email })}</Notice>;
  if (!open)
    return (
      <button type="button" className="btn btn-ghost" onClick={() => setOpen(true)}>
        {t('account.changeEmail')}
      </button>
    );
  const fe = m.error instanceof ApiError ? m.error.fields : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field label={t('account.newEmail')} error={fe.email} required>
        {(p) => <input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label={t('account.currentPassword')} error={fe.current_password} required>
        {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      {!!m.error && !Object.keys(fe).length && <ErrorBox error={m.error} />}
      <button type="submit" className="btn btn-primary" disabled={m.isPending}>
        {m.isPending ? t('common.working') : t('account.changeEmailButton')}
      </button>
    </form>
  );
}

/** The account's sign-in providers: those linked (each can be unlinked while another way in stays), and links to the others. */
export function LinkProviders({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['sso-providers'], queryFn: api.ssoProviders, staleTime: 60_000 });
  const ways = useQuery({ queryKey: ['sign-in-ways'], queryFn: api.signInWays });
  const link = useMutation({
    mutationFn: (slug: string) => api.linkProvider(slug),
    onSuccess: (r) => window.location.assign(r.url),
  });
  const unlink = useMutation({
    mutationFn: (slug: string) => api.unlinkProvider(slug),
    onSuccess: (w) => qc.setQueryData(['sign-in-ways'], w),
  });
  const linked = ways.data?.identities ?? [];
  if (!q.data?.length && !linked.length && !admin) return null;
  // The last way in cannot go: the server refuses it too (409).
  const canUnlink = !!ways.data?.has_password || linked.length > 1;
  return (
    <section className="card">
      <h2>{t('account.providers')}</h2>
      {linked.length > 0 && (
        <ul className="plain-list">
          {linked.map((i) => (
            <li key={i.provider}>
              {t('account.linkedTo', { name: i.name, email: i.email })}{' '}
              {canUnlink ? (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  disabled={unlink.isPending}
                  onClick={() => {
                    if (window.confirm(t('account.unlinkConfirm', { name: i.name }))) unlink.mutate(i.provider);
                  }}
                >
                  {t('account.unlink', { name: i.name })}
                </button>
              ) : (
                <span className="muted small">{t('account.onlyWayIn')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {unlink.error && <ErrorBox error={unlink.error instanceof ApiError && unlink.error.status === 409 ? new Error(t('account.onlyWayIn')) : unlink.error} />}
      {!!q.data?.length && <p className="muted small">{t('account.providersText')}</p>}
      <div className="actions">
        {q.data
          ?.filter((p) => !linked.some((i) => i.provider === p.slug))
          .map((p) => (
            <button key={p.slug} type="button" className="btn btn-secondary" disabled={link.isPending} onClick={() => link.mutate(p.slug)}>
              {t('account.linkProvider', { name: p.name })}
            </button>
          ))}
      </div>
      {link.error && <ErrorBox error={link.error} />}
      {admin && (
        <p>
          <Link to="/admin/sign-in">{t('account.manageProviders')}</Link>
        </p>
      )}
    </section>
  );
}

/** A reminder shown on every page while the signed-in account is unverified. */
export function VerifyBanner() {
  const { t } = useTranslation();
  const s = useSession();
  const { pathname } = useLocation();
  if (!s.user || s.user.email_verified !== false || pathname.startsWith('/verify/') || pathname === '/check-inbox') return null;
  return (
    <Notice kind="warning">
      {t('account.unverifiedBanner', { email: s.user.email })} <Link to="/account">{t('account.title')}</Link>
    </Notice>
  );
}

/** After sign-up: the link is in the mailbox. */
export function CheckInboxPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const s = useSession();
  return (
    <div className="card narrow">
      <PageTitle>{t('account.checkInboxTitle')}</PageTitle>
      <p>{t('account.checkInboxText', { email: params.get('email') ?? s.user?.email ?? '' })}</p>
      <p className="muted small">{t('account.checkInboxHint')}</p>
      {s.user && !s.user.email_verified && <ResendVerification />}
      <p>
        {/* The address may have been confirmed meanwhile (from the mailbox, in another tab): reload the account. */}
        <Link to={safeNext(params.get('next'))} onClick={() => void s.refresh()}>
          {t('account.continue')}
        </Link>
      </p>
    </div>
  );
}

/** /verify/<token>: confirms the address. */
export function VerifyPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => api.verifyEmail(token),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ME_KEY }),
  });
  return (
    <div className="card narrow">
      <PageTitle>{t('account.verifyTitle')}</PageTitle>
      {m.isSuccess ? (
        <>
          <Notice kind="success">{t('account.verified')}</Notice>
          <p>
            <Link to="/">{t('account.continue')}</Link>
          </p>
        </>
      ) : (
        <>
          <p>{t('account.verifyText')}</p>
          {m.error && <ErrorBox error={m.error} />}
          <button type="button" className="btn btn-primary btn-block" disabled={m.isPending} onClick={() => m.mutate()}>
            {m.isPending ? t('common.working') : t('account.verifyButton')}
          </button>
        </>
      )}
    </div>
  );
}

/** A form of one field that runs m: the field's error (or the request's) and a submit button. */
function OneFieldForm({ m, field, label, hint, input, button, intro, outro }: {
  m: { mutate: () => void; isPending: boolean; error: unknown };
  field: string;
  label: string;
  hint?: string;
  input: Parameters<typeof Field>[0]['children'];
  button: string;
  intro?: ReactNode;
  outro?: ReactNode;
}) {
  const { t } = useTranslation();
  const fe = m.error instanceof ApiError ? m.error.fields : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      {intro}
      <Field label={label} error={fe[field]} hint={hint} required>
        {input}
      </Field>
      {!!m.error && !Object.keys(fe).length && <ErrorBox error={m.error} />}
      <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending}>
        {m.isPending ? t('common.working') : button}
      </button>
      {outro}
    </form>
  );
}

/** /reset: asks for a reset link (the answer never says whether the address has an account). */
export function ResetRequestPage() {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const m = useMutation({ mutationFn: () => api.requestReset(email.trim(), i18n.language) });
  return (
    <div className="card narrow">
      <PageTitle>{t('account.resetTitle')}</PageTitle>
      {m.isSuccess ? (
        <Notice kind="success">{t('account.resetSent', { email: email.trim() })}</Notice>
      ) : (
        <OneFieldForm
          m={m}
          field="email"
          label={t('auth.email')}
          intro={<p>{t('account.resetText')}</p>}
          input={(p) => <input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
          button={t('account.resetButton')}
        />
      )}
    </div>
  );
}

/** /reset/<token>: sets a new password; every session and token of the account ends. */
export function ResetPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const [password, setPassword] = useState('');
  const m = useMutation({
    mutationFn: () => api.confirmReset(token, password),
    onSuccess: () => qc.setQueryData(ME_KEY, null),
  });
  return (
    <div className="card narrow">
      <PageTitle>{t('account.newPasswordTitle')}</PageTitle>
      {m.isSuccess ? (
        <>
          <Notice kind="success">{t('account.passwordReset')}</Notice>
          <p>
            <Link to="/signin">{t('nav.signIn')}</Link>
          </p>
        </>
      ) : (
        <OneFieldForm
          m={m}
          field="password"
          label={t('account.newPassword')}
          hint={t('auth.passwordHint')}
          input={(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          button={t('account.setPassword')}
          outro={<p className="muted small">{t('account.resetEnds')}</p>}
        />
      )}
    </div>
  );
}

/** /invite/<token>: a signed-in, verified account accepts an invitation. */
export function InvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const s = useSession();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => api.acceptInvitation(token),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ME_KEY }),
  });
  const here = `/invite/${token}`;
  let body;
  if (s.loading) body = <Loading />;
  else if (!s.user)
    body = (
      <p>
        {t('account.inviteSignIn')} <Link to={`/signin?next=${encodeURIComponent(here)}`}>{t('nav.signIn')}</Link> ·{' '}
        <Link to={`/signup?next=${encodeURIComponent(here)}`}>{t('nav.signUp')}</Link>
      </p>
    );
  else if (m.isSuccess)
    body = (
      <>
        <Notice kind="success">{t('account.inviteAccepted', { role: t(`roles.${m.data.role}`, { defaultValue: m.data.role }), contest: m.data.contest_slug })}</Notice>
        <p>
          <Link to={m.data.role === 'judge' ? '/judge' : `/organize/${m.data.contest_slug}`}>{t('account.continue')}</Link>
        </p>
      </>
    );
  else if (!s.user.email_verified)
    body = (
      <>
        <p>{t('account.inviteVerifyFirst', { email: s.user.email })}</p>
        <ResendVerification />
      </>
    );
  else
    body = (
      <>
        <p>{t('account.inviteText', { email: s.user.email })}</p>
        {m.error && <ErrorBox error={m.error} />}
        <button type="button" className="btn btn-primary btn-block" disabled={m.isPending} onClick={() => m.mutate()}>
          {m.isPending ? t('common.working') : t('account.inviteAccept')}
        </button>
      </>
    );
  return (
    <div className="card narrow">
      <PageTitle>{t('account.inviteTitle')}</PageTitle>
      {body}
    </div>
  );
}

function when(iso: string | null | undefined, locale: string): string {
  return iso ? formatInZone(iso, userTimeZone(), locale) : '—';
}

/** /account: the address's status and the personal API tokens. */
export function AccountPage() {
  const { t, i18n } = useTranslation();
  const s = useSession();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'full'>('read');
  const [days, setDays] = useState('30');
  const [created, setCreated] = useState<NewToken | null>(null);
  const tokens = useQuery({ queryKey: keys.tokens(), queryFn: api.listTokens, enabled: !!s.user });
  const create = useMutation({
    mutationFn: () =>
      api.createToken({ name: name.trim(), scope, expires_at: days ? new Date(Date.now() + Number(days) * 86_400_000).toISOString() : undefined }),
    onSuccess: (tok) => {
      setCreated(tok);
      setName('');
      void qc.invalidateQueries({ queryKey: keys.tokens() });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: NewToken['id']) => api.deleteToken(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.tokens() }),
  });
  if (s.loading) return <Loading />;
  if (!s.user)
    return (
      <div className="card narrow">
        <PageTitle>{t('auth.needSignIn')}</PageTitle>
        <Link to="/signin?next=/account">{t('nav.signIn')}</Link>
      </div>
    );
  const fe = create.error instanceof ApiError ? create.error.fields : {};
  return (
    <div className="stack">
      <PageTitle>{t('account.title')}</PageTitle>
      <section className="card">
        <h2>{t('account.address')}</h2>
        <p>
          {s.user.email} — {s.user.email_verified ? t('account.isVerified') : t('account.isUnverified')}
        </p>
        {!s.user.email_verified && <ResendVerification />}
        <ChangeEmail />
      </section>
      <LinkProviders admin={!!s.user.is_admin} />
      <section className="card">
        <h2>{t('account.tokens')}</h2>
        <p className="muted small">{t('account.tokensHint')}</p>
        {tokens.isPending ? (
          <Loading />
        ) : tokens.error ? (
          <ErrorBox error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data?.length ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('account.tokenName')}</th>
                  <th scope="col">{t('account.scope')}</th>
                  <th scope="col">{t('account.created')}</th>
                  <th scope="col">{t('account.expires')}</th>
                  <th scope="col">{t('account.lastUsed')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((tok) => (
                  <tr key={String(tok.id)}>
                    <td>{tok.name}</td>
                    <td>{tok.scope === 'read' ? t('account.scopeRead') : t('account.scopeFull')}</td>
                    <td>{when(tok.created_at, i18n.language)}</td>
                    <td>{when(tok.expires_at, i18n.language)}</td>
                    <td>{when(tok.last_used_at, i18n.language)}</td>
                    <td>
                      <button type="button" className="btn btn-ghost btn-small" disabled={revoke.isPending} onClick={() => revoke.mutate(tok.id)}>
                        {t('account.revoke')}
                        <span className="sr-only"> {tok.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('account.noTokens')}</p>
        )}
        {revoke.error && <ErrorBox error={revoke.error} />}
        {created?.token && (
          <Notice kind="success">
            {t('account.tokenCreated')} <code>{created.token}</code>
          </Notice>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
          noValidate
        >
          <h3>{t('account.newToken')}</h3>
          <Field label={t('account.tokenName')} error={fe.name} required>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('account.scope')} error={fe.scope}>
            {(p) => (
              <select {...p} value={scope} onChange={(e) => setScope(e.target.value as 'read' | 'full')}>
                <option value="read">{t('account.scopeRead')}</option>
                <option value="full">{t('account.scopeFull')}</option>
              </select>
            )}
          </Field>
          <Field label={t('account.validDays')} error={fe.expires_at} hint={t('account.validDaysHint')}>
            {(p) => <input {...p} type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} />}
          </Field>
          {create.error && !Object.keys(fe).length && <ErrorBox error={create.error} />}
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? t('common.working') : t('account.createToken')}
          </button>
        </form>
      </section>
      <PersonalData email={s.user.email} />
    </div>
  );
}

// /admin/sign-in: the platform admins configure the organizations' sign-in
// providers (OpenID Connect). The client secret is write-only: the server
// says whether one is set and keeps it when the field is left empty.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { SsoProvider, SsoProviderInput } from '../api/types';
import { ConfirmAction, ErrorBox, Field, Loading, Notice, PageTitle, QueryState } from '../components/ui';
import { useSession } from '../session';

const KEY = ['admin-sso-providers'];

const blank: SsoProviderInput = { slug: '', name: '', issuer: '', client_id: '', client_secret: '', allowed_domains: [], link_verified: false, enabled: true };

/** The form of one provider: a new one (no `provider`) or a change. */
function ProviderForm({ provider, onDone }: { provider?: SsoProvider; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [v, setV] = useState<SsoProviderInput>(provider ? { ...provider, client_secret: '' } : blank);
  const [domains, setDomains] = useState((provider?.allowed_domains ?? []).join(', '));
  const m = useMutation({
    mutationFn: () => {
      const body: SsoProviderInput = { ...v, allowed_domains: domains.split(',').map((d) => d.trim()).filter(Boolean) };
      if (!body.client_secret) delete body.client_secret;
      return provider ? api.updateSsoProvider(provider.id, body) : api.createSsoProvider(body);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: KEY });
      void qc.invalidateQueries({ queryKey: ['sso-providers'] });
      onDone();
    },
  });
  const fe = m.error instanceof ApiError ? m.error.fields : {};
  const domainError = Object.entries(fe).find(([k]) => k.startsWith('allowed_domains'))?.[1];
  const text = (key: keyof SsoProviderInput, label: string, type = 'text') => (
    <Field label={label} error={fe[key]} required={key !== 'client_secret'} hint={key === 'client_secret' && provider?.has_secret ? t('sso.secretKept') : undefined}>
      {(p) => <input {...p} type={type} autoComplete="off" value={String(v[key] ?? '')} onChange={(e) => setV({ ...v, [key]: e.target.value })} />}
    </Field>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="card">
      {text('name', t('sso.name'))}
      {text('slug', t('sso.slug'))}
      {text('issuer', t('sso.issuer'), 'url')}
      {text('client_id', t('sso.clientId'))}
      {text('client_secret', t('sso.clientSecret'), 'password')}
      <Field label={t('sso.domains')} error={domainError} hint={t('sso.domainsHint')}>
        {(p) => <input {...p} value={domains} onChange={(e) => setDomains(e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={v.link_verified} onChange={(e) => setV({ ...v, link_verified: e.target.checked })} /> {t('sso.linkVerified')}
      </label>
      <label className="check">
        <input type="checkbox" checked={v.enabled} onChange={(e) => setV({ ...v, enabled: e.target.checked })} /> {t('sso.enabled')}
      </label>
      {m.error && !Object.keys(fe).length && <ErrorBox error={m.error} />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={m.isPending}>
          {m.isPending ? t('common.working') : t('sso.save')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** One configured provider, with its change and remove actions. */
function ProviderRow({ p }: { p: SsoProvider }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.deleteSsoProvider(p.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEY }),
  });
  if (editing) return <ProviderForm provider={p} onDone={() => setEditing(false)} />;
  return (
    <li className="card">
      <h3>
        {p.name} {!p.enabled && <span className="muted small">({t('sso.disabled')})</span>}
      </h3>
      <p className="muted small">
        {p.issuer} · {p.client_id}
        {p.allowed_domains.length > 0 && <> · {p.allowed_domains.join(', ')}</>}
      </p>
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={() => setEditing(true)}>
          {t('sso.edit')}
        </button>
        <ConfirmAction label={t('sso.remove')} question={t('sso.removeConfirm', { name: p.name })} confirmLabel={t('sso.remove')} pending={remove.isPending} onConfirm={() => remove.mutate()} />
      </div>
      {remove.error && <ErrorBox error={remove.error} />}
    </li>
  );
}

export function AdminSignInPage() {
  const { t } = useTranslation();
  const s = useSession();
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: KEY, queryFn: api.adminSsoProviders, enabled: !!s.user?.is_admin });
  const callback = `${window.location.origin}/api/v1/auth/oidc/callback`;
  if (s.loading) return <Loading />;
  if (!s.user?.is_admin) return <Notice kind="warning">{t('errors.codes.forbidden')}</Notice>;
  return (
    <div className="stack">
      <PageTitle>{t('sso.title')}</PageTitle>
      <p>
        {t('sso.intro')} <code>{callback}</code>
      </p>
      <QueryState q={q} empty={(d) => (d.length ? null : <Notice>{t('sso.none')}</Notice>)}>
        {(d) => (
          <ul className="grid">
            {d.map((p) => (
              <ProviderRow key={p.id} p={p} />
            ))}
          </ul>
        )}
      </QueryState>
      {adding ? (
        <ProviderForm onDone={() => setAdding(false)} />
      ) : (
        <p>
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            {t('sso.add')}
          </button>
        </p>
      )}
    </div>
  );
}

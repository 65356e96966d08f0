// Invitation links for judges at the venue: make one (label, panel tracks,
// use limit, expiry) and show its URL and QR code once; list the links
// with their state and uses; revoke one.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { Contest, RoleLink } from '../api/model';
import { ErrorBox, Field, Loading, Notice } from './ui';

/** The query key of a contest's invitation links. */
const linksKey = (slug: string) => ['invite-links', slug] as const;

export function InviteLinks({ c }: { c: Contest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: linksKey(c.slug), queryFn: () => api.listRoleLinks(c.slug), retry: false });
  const [label, setLabel] = useState('');
  const [maxUses, setMaxUses] = useState(0);
  const [expires, setExpires] = useState('');
  const [tracks, setTracks] = useState<string[]>([]);
  const [made, setMade] = useState<RoleLink | null>(null);
  const make = useMutation({
    mutationFn: () =>
      api.makeRoleLink(c.slug, { role: 'judge', label: label.trim(), max_uses: maxUses, expires_at: expires, tracks, scoped: tracks.length > 0, prize: '' }),
    onSuccess: (l) => {
      setMade(l);
      void qc.invalidateQueries({ queryKey: linksKey(c.slug) });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => api.revokeRoleLink(c.slug, id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: linksKey(c.slug) }),
  });
  const fe = make.error instanceof ApiError ? make.error.fields : {};
  return (
    <section className="card">
      <h2>{t('links.title')}</h2>
      <p className="small muted">{t('links.hint')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          make.mutate();
        }}
      >
        <Field label={t('links.label')} error={fe.label}>
          {(p) => <input {...p} value={label} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
        {!!c.tracks?.length && (
          <fieldset className="checks">
            <legend>{t('scoped.panel')}</legend>
            {c.tracks.map((tr) => (
              <label className="check" key={tr.slug}>
                <input type="checkbox" checked={tracks.includes(tr.slug)} onChange={(e) => setTracks(e.target.checked ? [...tracks, tr.slug] : tracks.filter((x) => x !== tr.slug))} /> {tr.title}
              </label>
            ))}
          </fieldset>
        )}
        <Field label={t('links.maxUses')} error={fe.max_uses}>
          {(p) => <input {...p} type="number" min={0} value={maxUses} onChange={(e) => setMaxUses(Number(e.target.value) || 0)} />}
        </Field>
        <Field label={t('links.expires')} error={fe.expires_at}>
          {(p) => <input {...p} type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />}
        </Field>
        {make.error && !Object.keys(fe).length && <ErrorBox error={make.error} />}
        <button className="btn btn-primary" type="submit" disabled={make.isPending}>
          {t('links.make')}
        </button>
      </form>
      {made?.url && (
        <div className="stack">
          <Notice kind="success">{t('links.made')}</Notice>
          <p>
            <code className="break">{made.url}</code>
          </p>
          {made.qr_png && <img src={made.qr_png} alt={t('links.qrAlt')} width={240} height={240} />}
        </div>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorBox error={list.error} />
      ) : !list.data?.length ? (
        <p className="muted">{t('links.none')}</p>
      ) : (
        <ul className="plain-list">
          {list.data.map((l) => (
            <li key={l.id}>
              <strong>{l.label || `#${l.id}`}</strong> — {t(`links.state.${l.state}`, { defaultValue: l.state })} · {t('links.uses', { uses: l.uses })}
              {l.tracks?.length ? ` · ${l.tracks.join(', ')}` : ''}{' '}
              {l.state === 'active' && (
                <button type="button" className="btn btn-ghost btn-small" disabled={revoke.isPending} onClick={() => revoke.mutate(l.id)}>
                  {t('links.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

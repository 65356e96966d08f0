// Console → Certificates: the template editor (texts with fields, logo,
// signature), generation with its progress, and the list of certificates
// with verification links and revocation.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { certificatesApi, fileToBase64, type Certificate, type CertificateTemplate, type CertificateTemplateInput } from '../../api/certificates';
import type { Contest } from '../../api/model';
import { certificateLabel } from '../../components/CertificateList';
import { Empty, ErrorBox, Field, Notice, ProgressBar, QueryState } from '../../components/ui';

const TEXTS = ['title', 'winner_text', 'participant_text', 'judge_text', 'signer'] as const;
type TextKey = (typeof TEXTS)[number];

/** Which field list applies to each text ("common" for the title and signer). */
const FIELDS_OF: Record<TextKey, string> = { title: 'common', winner_text: 'winner', participant_text: 'participant', judge_text: 'judge', signer: 'common' };

export function CertificatesTab({ c }: { c: Contest }) {
  return (
    <div className="stack">
      <TemplateEditor slug={c.slug} />
      <Generation slug={c.slug} />
    </div>
  );
}

function TemplateEditor({ slug }: { slug: string }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['certificate-template', slug], queryFn: () => certificatesApi.getTemplate(slug) });
  return <QueryState q={q}>{(tpl) => <TemplateForm slug={slug} tpl={tpl} onSaved={(x) => qc.setQueryData(['certificate-template', slug], x)} />}</QueryState>;
}

function TemplateForm({ slug, tpl, onSaved }: { slug: string; tpl: CertificateTemplate; onSaved: (x: CertificateTemplate) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState<CertificateTemplateInput>(() => pick(tpl));
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(pick(tpl)), [tpl]);
  const save = useMutation({
    mutationFn: () => certificatesApi.saveTemplate(slug, form),
    onSuccess: (x) => {
      setSaved(true);
      onSaved(x);
      void qc.invalidateQueries({ queryKey: ['certificates', slug] });
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  return (
    <section className="card">
      <h2>{t('certificates.template')}</h2>
      <p className="small muted">{t('certificates.templateHint')}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          save.mutate();
        }}
      >
        {TEXTS.map((k) => (
          <Field key={k} label={t(`certificates.fields.${k}`)} error={err?.field(k)} hint={t('certificates.fieldsHint', { fields: (tpl.fields?.[FIELDS_OF[k]] ?? []).map((f) => `{${f}}`).join(' ') })} required={k !== 'signer'}>
            {(p) =>
              k === 'title' || k === 'signer' ? (
                <input {...p} value={form[k] ?? ''} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
              ) : (
                <textarea {...p} rows={3} value={form[k] ?? ''} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
              )
            }
          </Field>
        ))}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('certificates.saveTemplate')}
          </button>
        </div>
        {saved && <Notice kind="success">{t('certificates.templateSaved')}</Notice>}
        {save.error && Object.keys(err?.problems ?? {}).length === 0 && <ErrorBox error={save.error} />}
      </form>
      <div className="two-col">
        <ImageField slug={slug} which="logo" url={tpl.logo_url} onSaved={onSaved} />
        <ImageField slug={slug} which="signature" url={tpl.signature_url} onSaved={onSaved} />
      </div>
    </section>
  );
}

function pick(tpl: CertificateTemplate): CertificateTemplateInput {
  return { title: tpl.title, winner_text: tpl.winner_text, participant_text: tpl.participant_text, judge_text: tpl.judge_text, signer: tpl.signer };
}

function ImageField({ slug, which, url, onSaved }: { slug: string; which: 'logo' | 'signature'; url?: string; onSaved: (x: CertificateTemplate) => void }) {
  const { t } = useTranslation();
  const m = useMutation({
    mutationFn: async (file: File | null) => certificatesApi.setImage(slug, which, file ? await fileToBase64(file) : ''),
    onSuccess: onSaved,
  });
  const err = m.error instanceof ApiError ? m.error.field(which) : undefined;
  return (
    <div className="stack">
      <Field label={t(`certificates.images.${which}`)} hint={t('certificates.imageHint')} error={err}>
        {(p) => <input {...p} type="file" accept="image/png,image/jpeg" disabled={m.isPending} onChange={(e) => e.target.files?.[0] && m.mutate(e.target.files[0])} />}
      </Field>
      {url && (
        <div>
          <img src={url} alt={t(`certificates.images.${which}`)} style={{ maxHeight: 60, maxWidth: 200 }} />{' '}
          <button type="button" className="btn btn-secondary btn-small" disabled={m.isPending} onClick={() => m.mutate(null)}>
            {t('certificates.removeImage')}
          </button>
        </div>
      )}
      {m.error && !err && <ErrorBox error={m.error} />}
    </div>
  );
}

function Generation({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['certificates', slug],
    queryFn: () => certificatesApi.overview(slug),
    // Poll while a generation runs.
    refetchInterval: (query) => (query.state.data?.run && (query.state.data.run.status === 'queued' || query.state.data.run.status === 'running') ? 1500 : false),
  });
  const start = useMutation({
    mutationFn: () => certificatesApi.generate(slug),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['certificates', slug] }),
  });
  return (
    <section className="card">
      <h2>{t('certificates.generation')}</h2>
      <p className="small muted">{t('certificates.generationHint')}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={start.isPending} onClick={() => start.mutate()}>
          {t('certificates.generate')}
        </button>
      </div>
      {start.error && <ErrorBox error={start.error} />}
      <QueryState q={q}>
        {(o) => (
          <div className="stack">
            {o.run && (
              <div>
                <p>
                  {t(`exports.states.${o.run.status}`, { defaultValue: o.run.status })} — {t('certificates.progressText', { done: o.run.done_items, total: o.run.total_items })}
                </p>
                {(o.run.status === 'running' || o.run.status === 'queued') && <ProgressBar value={o.run.done_items} max={Math.max(o.run.total_items, 1)} label={t('certificates.progress')} />}
                {o.run.error && <p className="field-error">{o.run.error}</p>}
              </div>
            )}
            <p className="small">{t('certificates.counts', { winner: o.counts?.winner ?? 0, participant: o.counts?.participant ?? 0, judge: o.counts?.judge ?? 0 })}</p>
            {o.certificates?.length ? <CertificateTable slug={slug} list={o.certificates} /> : <Empty>{t('certificates.none')}</Empty>}
          </div>
        )}
      </QueryState>
    </section>
  );
}

function CertificateTable({ slug, list }: { slug: string; list: Certificate[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: (x: Certificate) => {
      const reason = window.prompt(t('certificates.revokeReason', { name: x.name }));
      if (!reason) return Promise.resolve(null);
      return certificatesApi.revoke(x.code, reason);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['certificates', slug] }),
  });
  return (
    <div className="table-wrap">
      {revoke.error && <ErrorBox error={revoke.error} />}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('certificates.name')}</th>
            <th scope="col">{t('certificates.kind')}</th>
            <th scope="col">{t('certificates.team')}</th>
            <th scope="col">{t('certificates.code')}</th>
            <th scope="col">
              <span className="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((x) => (
            <tr key={x.code}>
              <td>{x.name}</td>
              <td>{certificateLabel(t, x)}</td>
              <td>{x.team_name}</td>
              <td>
                <a href={`/c/${x.code}`}>{x.code}</a>
                {x.revoked_at ? <span className="badge"> {t('certificates.revoked')}</span> : !x.ready && <span className="muted small"> {t('certificates.outdated')}</span>}
              </td>
              <td>
                {!x.revoked_at && (
                  <>
                    {x.ready && (
                      <a className="btn btn-secondary btn-small" href={certificatesApi.downloadUrl(x.code)} download>
                        {t('certificates.download')}
                      </a>
                    )}{' '}
                    <button type="button" className="btn btn-secondary btn-small" disabled={revoke.isPending} onClick={() => revoke.mutate(x)}>
                      {t('certificates.revoke')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

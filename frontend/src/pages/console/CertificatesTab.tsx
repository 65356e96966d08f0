// Console → Certificates: the template editor (texts with fields, logo,
// signature), generation with its progress, and the list of certificates
// with verification links and revocation.

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { certificatesApi, fileToBase64, type Certificate, type CertificateOverview, type CertificateTemplate, type CertificateTemplateInput } from '../../api/certificates';
import type { Contest } from '../../api/model';
import { certificateLabel } from '../../components/CertificateList';
import { DataTable, type MoreRows } from '../../components/DataTable';
import { ErrorBox, Field, Loading, Notice, ProgressBar, QueryState } from '../../components/ui';

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
  const running = (o?: CertificateOverview) => !!o?.run && (o.run.status === 'queued' || o.run.status === 'running');
  // The progress and counts come with the first page; more pages load on demand.
  const q = useInfiniteQuery({
    queryKey: ['certificates', slug],
    queryFn: ({ pageParam }) => certificatesApi.overview(slug, pageParam),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.next_after ? Number(last.next_after) : undefined),
    // Poll while a generation runs.
    refetchInterval: (query) => (running(query.state.data?.pages[0]) ? 1500 : false),
  });
  const start = useMutation({
    mutationFn: () => certificatesApi.generate(slug),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['certificates', slug] }),
  });
  const o = q.data?.pages[0];
  const list = q.data?.pages.flatMap((p) => p.certificates ?? []) ?? [];
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
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        o && (
          <div className="stack">
            {o.run && (
              <div>
                <p>
                  {t(`exports.states.${o.run.status}`, { defaultValue: o.run.status })} — {t('certificates.progressText', { done: o.run.done_items, total: o.run.total_items })}
                </p>
                {running(o) && <ProgressBar value={o.run.done_items} max={Math.max(o.run.total_items, 1)} label={t('certificates.progress')} />}
                {o.run.error && <p className="field-error">{o.run.error}</p>}
              </div>
            )}
            <p className="small">{t('certificates.counts', { winner: o.counts?.winner ?? 0, participant: o.counts?.participant ?? 0, judge: o.counts?.judge ?? 0 })}</p>
            <CertificateTable
              slug={slug}
              list={list}
              more={{ hasMore: q.hasNextPage, loading: q.isFetchingNextPage, onMore: () => void q.fetchNextPage(), label: t('certificates.more') }}
            />
          </div>
        )
      )}
    </section>
  );
}

function CertificateTable({ slug, list, more }: { slug: string; list: Certificate[]; more: MoreRows }) {
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
    <>
      {revoke.error && <ErrorBox error={revoke.error} />}
      <DataTable
        rows={list}
        rowKey={(x) => x.code}
        empty={t('certificates.none')}
        more={more}
        phone="cards"
        columns={[
          { header: t('certificates.name'), cell: (x) => x.name },
          { header: t('certificates.kind'), cell: (x) => certificateLabel(t, x) },
          { header: t('certificates.team'), cell: (x) => x.team_name },
          {
            header: t('certificates.code'),
            cell: (x) => (
              <>
                <a href={`/c/${x.code}`}>{x.code}</a>
                {x.revoked_at ? <span className="badge"> {t('certificates.revoked')}</span> : !x.ready && <span className="muted small"> {t('certificates.outdated')}</span>}
              </>
            ),
          },
          {
            header: t('common.actions'),
            srOnly: true,
            cell: (x) =>
              !x.revoked_at && (
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
              ),
          },
        ]}
      />
    </>
  );
}

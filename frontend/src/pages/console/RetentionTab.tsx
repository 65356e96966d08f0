// The console's data-retention tab: the contest's retention period, a dry
// run of what a purge would remove, and the purge itself (the contest's
// address typed again, then a confirming click).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { ConfirmAction, ErrorBox, Field, Loading, Notice } from '../../components/ui';
import { formatBytes, formatInZone } from '../../lib/time';
import type { TabProps } from './tabs';

export function RetentionTab({ c }: TabProps) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const ret = useQuery({ queryKey: ['retention', c.slug], queryFn: () => api.getRetention(c.slug), retry: false });
  const plan = useQuery({ queryKey: ['retention', c.slug, 'dry-run'], queryFn: () => api.retentionDryRun(c.slug), retry: false });
  const [days, setDays] = useState(0);
  useEffect(() => {
    if (ret.data) setDays(ret.data.days);
  }, [ret.data]);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['retention', c.slug] });
  const save = useMutation({ mutationFn: () => api.setRetention(c.slug, days), onSuccess: refresh });
  const [confirm, setConfirm] = useState('');
  const purge = useMutation({ mutationFn: () => api.purge(c.slug, confirm.trim()), onSuccess: refresh });
  const fe = save.error instanceof ApiError ? save.error.fields : {};
  const pe = purge.error instanceof ApiError ? purge.error.fields : {};
  if (ret.isPending) return <Loading />;
  if (ret.error) return <ErrorBox error={ret.error} />;
  const r = ret.data;
  return (
    <div className="two-col">
      <section className="card">
        <h2>{t('retention.title')}</h2>
        <p className="small muted">{t('retention.hint')}</p>
        <p>
          <strong>{t(`retention.state.${r.state}`, { defaultValue: r.state })}</strong>
          {r.due_at && ` · ${t('retention.dueAt', { date: formatInZone(r.due_at, c.timezone, i18n.language) })}`}
        </p>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Field label={t('retention.days')} error={fe.days}>
            {(p) => <input {...p} type="number" min={0} max={3650} value={days} onChange={(e) => setDays(Number(e.target.value) || 0)} />}
          </Field>
          {save.error && !Object.keys(fe).length && <ErrorBox error={save.error} />}
          <button className="btn btn-primary" type="submit" disabled={save.isPending}>
            {t('retention.save')}
          </button>
        </form>
      </section>
      <section className="card">
        <h2>{t('retention.dryRun')}</h2>
        {plan.isPending ? (
          <Loading />
        ) : plan.error ? (
          <ErrorBox error={plan.error} />
        ) : (
          <>
            <p>{t('retention.files', { count: plan.data.files?.length ?? 0, size: formatBytes(plan.data.bytes, i18n.language) })}</p>
            <ul className="plain-list small">
              {(plan.data.files ?? []).map((f) => (
                <li key={f.file_id}>
                  {f.team} — {f.filename} ({formatBytes(f.size, i18n.language)})
                </li>
              ))}
            </ul>
            <p className="small">{t('retention.counts', { ...plan.data.counts })}</p>
            <p className="small muted">{t('retention.keeps')}</p>
            {purge.isSuccess ? (
              <Notice kind="success">{t('retention.purged')}</Notice>
            ) : plan.data.allowed ? (
              <>
                <Field label={t('retention.confirm', { slug: c.slug })} error={pe.confirm}>
                  {(p) => <input {...p} value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
                </Field>
                {purge.error && !Object.keys(pe).length && <ErrorBox error={purge.error} />}
                {confirm.trim() === c.slug && (
                  <ConfirmAction label={t('retention.purge')} question={t('retention.purgeConfirm')} confirmLabel={t('retention.purge')} pending={purge.isPending} onConfirm={() => purge.mutate()} />
                )}
              </>
            ) : (
              <p className="muted">{t('retention.notYet')}</p>
            )}
          </>
        )}
      </section>
    </div>
  );
}

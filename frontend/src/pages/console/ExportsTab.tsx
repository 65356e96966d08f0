import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, ProgressBar, QueryState } from '../../components/ui';
import { formatDateTime } from '../../lib/time';
import type { TabProps } from './tabs';

/** The contest's exports (answers CSV, files ZIP): starting one, its progress, and its download. */
export function ExportsTab({ c }: TabProps) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: keys.exports(c.slug),
    queryFn: () => api.listExports(c.slug),
    retry: false,
    // Poll while an export is running.
    refetchInterval: (query) => ((query.state.data ?? []).some((e) => e.status === 'queued' || e.status === 'running') ? 2000 : false),
  });
  const tracks = c.tracks ?? [];
  const [track, setTrack] = useState(tracks[0]?.slug ?? '');
  const start = useMutation({
    mutationFn: ({ kind, track }: { kind: 'csv' | 'zip'; track?: string }) => api.startExport(c.slug, kind, track),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.exports(c.slug) }),
  });
  return (
    <section className="card">
      <h2>{t('exports.title')}</h2>
      <p className="small muted">{t('exports.hint')}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={start.isPending} onClick={() => start.mutate({ kind: 'csv' })}>
          {t('exports.csv')}
        </button>
        <button type="button" className="btn btn-secondary" disabled={start.isPending} onClick={() => start.mutate({ kind: 'zip' })}>
          {t('exports.zip')}
        </button>
      </div>
      {tracks.length > 1 && (
        <div className="actions">
          <label>
            {t('exports.track')}{' '}
            <select value={track} onChange={(e) => setTrack(e.target.value)}>
              {tracks.map((tr) => (
                <option key={tr.slug} value={tr.slug}>
                  {tr.title}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-secondary" disabled={start.isPending || !track} onClick={() => start.mutate({ kind: 'zip', track })}>
            {t('exports.trackZip')}
          </button>
        </div>
      )}
      {start.error && <ErrorBox error={start.error} />}
      <QueryState q={q}>
        {(list) => (
          <DataTable
            rows={list}
            rowKey={(e) => e.id}
            empty={t('exports.none')}
            columns={[
              { header: t('exports.kind'), cell: (e) => [e.kind.toUpperCase(), ...(e.tracks ?? [])].join(' · ') },
              { header: t('exports.started'), cell: (e) => formatDateTime(e.created_at, i18n.language) },
              {
                header: t('exports.status'),
                cell: (e) => (
                  <>
                    {t(`exports.states.${e.status}`, { defaultValue: e.status })}
                    {(e.status === 'running' || e.status === 'queued') && e.total_items > 0 && <ProgressBar value={e.done_items} max={e.total_items} label={t('exports.progress')} />}
                    {e.error && <span className="field-error"> {e.error}</span>}
                  </>
                ),
              },
              { header: t('common.actions'), srOnly: true, cell: (e) => e.status === 'done' && <ExportLink slug={c.slug} job={e} /> },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}

/** The download link of a finished export: fetched fresh (it is valid for 5 minutes). */
function ExportLink({ slug, job }: { slug: string; job: { id: string; download_url?: string } }) {
  const { t } = useTranslation();
  const m = useMutation({
    mutationFn: () => api.getExport(slug, job.id),
    onSuccess: (e) => {
      if (e.download_url) window.location.assign(e.download_url);
    },
  });
  return (
    <button type="button" className="btn btn-secondary btn-small" disabled={m.isPending} onClick={() => m.mutate()}>
      {t('exports.download')}
    </button>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Contest, Id, RankedEntry } from '../../api/model';
import { sectionPageSize, useTrackRanking } from '../../hooks/useTrackRanking';
import { DataTable } from '../../components/DataTable';
import { ConfidenceCell, ConfidenceControls, ConfidenceWhy, ReviewPlanPanel, useRankingConfidence } from '../../components/RankingConfidence';
import { Empty, ErrorBox, Field, Loading, Notice } from '../../components/ui';
import { explanationSentences } from '../../lib/explain';
import { formatNumber } from '../../lib/time';

/** A round's ranking by track with explanations and confidence, extra judges for flagged entries, and advancing the best. */
export function RankingSection({ c, roundId }: { c: Contest; roundId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  // One page of RANKING_PAGE entries per track, fetched from the server (never the whole ranking):
  // 'show more' asks for the track's next page; the totals come with every page.
  const tracks = c.tracks?.length ? c.tracks.map((x) => x.slug) : [''];
  const q = useTrackRanking(roundId, tracks, sectionPageSize(tracks.length));
  const byTrack = q.byTrack;
  const [open, setOpen] = useState<string | null>(null);
  const conf = useRankingConfidence(roundId, q.idPages);
  const [top, setTop] = useState(3);
  const advance = useMutation({
    mutationFn: () => api.advance(roundId, { top_per_track: top }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.rounds(c.slug) }),
  });
  const extra = useMutation({
    mutationFn: (entryId: Id) => api.extraJudge(roundId, entryId),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.roundAssignments(roundId) });
      void qc.invalidateQueries({ queryKey: keys.ranking(roundId) });
    },
  });
  const rows = byTrack.flatMap((g) => g.rows);
  return (
    <section className="card">
      <div className="card-head">
        <h2>{t('ranking.title')}</h2>
        <span className="actions-inline">
          <a className="btn btn-secondary btn-small" href={api.rankingCsvUrl(roundId)} download>
            {t('ranking.csv')}
          </a>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void q.refetch()}>
            {t('common.refresh')}
          </button>
        </span>
      </div>
      <ConfidenceControls s={conf} roundId={roundId} />
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : !rows.length ? (
        <Empty>{t('ranking.none')}</Empty>
      ) : null}
      {extra.isSuccess && <Notice kind="success">{t('ranking.extraAdded')}</Notice>}
      {extra.error && <ErrorBox error={extra.error} />}
      {q.isPending || q.error || !rows.length ? null : (
        byTrack.map(({ track, rows: list, total, loading, pending }) => (
          <div key={track} className="stack">
            {track && (
              <h3>
                {c.tracks?.find((x) => x.slug === track)?.title ?? track} <span className="muted small">{t('ranking.trackTotal', { count: total })}</span>
              </h3>
            )}
            {pending ? (
              <Loading />
            ) : (
              <DataTable
                className="ranking"
                rows={list}
                empty={t('ranking.none')}
                more={{
                  hasMore: list.length < total,
                  loading,
                  onMore: () => q.more(track),
                  label: t('common.showMore', { shown: list.length, total }),
                }}
                rowKey={(r) => String(r.entry_id ?? r.entry)}
                rowProps={(r) => ({ className: r.disagreement ? 'flagged' : '' })}
                detail={(r) => {
                  const key = String(r.entry_id ?? r.entry);
                  return open !== key ? null : (
                    <>
                      <Explanation r={r} />
                      {conf.on && <ConfidenceWhy info={conf.byEntry.get(String(r.entry_id))} />}
                      {r.disagreement && (
                        <button type="button" className="btn btn-secondary btn-small" disabled={extra.isPending} onClick={() => extra.mutate(r.entry_id ?? r.entry)}>
                          {t('ranking.extraJudge')}
                        </button>
                      )}
                    </>
                  );
                }}
                columns={[
                  {
                    header: track ? t('ranking.rankInTrack') : t('ranking.rank'),
                    cell: (r) => (
                      <>
                        {track ? r.trackRank : r.rank}
                        {track && r.trackRank !== r.rank && <span className="muted small"> ({t('ranking.overall', { rank: r.rank })})</span>}
                      </>
                    ),
                  },
                  {
                    header: t('ranking.entry'),
                    cell: (r) => (
                      <>
                        {r.title || r.team_name || r.entry}
                        {r.complete === false && (
                          <span className="badge badge-warning" title={t('ranking.incompleteHint')}>
                            {t('ranking.incomplete')}
                          </span>
                        )}
                        {r.disagreement && (
                          <span className="badge badge-warning" title={t('ranking.flagHint')}>
                            {t('ranking.flag')}
                          </span>
                        )}
                      </>
                    ),
                  },
                  {
                    header: t('ranking.score'),
                    cell: (r) => (
                      <>
                        {formatNumber(r.score, i18n.language, 3)}
                        {r.uncertainty !== undefined && <span className="muted small"> ± {formatNumber(r.uncertainty, i18n.language, 2)}</span>}
                      </>
                    ),
                  },
                  { header: t('ranking.rawMean'), cell: (r) => formatNumber(r.mean, i18n.language, 1) },
                  { header: t('ranking.judges'), cell: (r) => (r.planned ? t('ranking.judgesOf', { judges: r.judges, planned: r.planned }) : r.judges) },
                  { header: t('ranking.spread'), cell: (r) => formatNumber(r.spread, i18n.language, 1) },
                  conf.on && { header: t('confidence.column'), cell: (r) => <ConfidenceCell info={conf.byEntry.get(String(r.entry_id))} /> },
                  {
                    header: t('ranking.explanation'),
                    srOnly: true,
                    cell: (r) => {
                      const key = String(r.entry_id ?? r.entry);
                      return (
                        <button type="button" className="btn btn-ghost btn-small" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                          {t('ranking.why')}
                        </button>
                      );
                    },
                  },
                ]}
              />
            )}
          </div>
        ))
      )}
      {rows.length > 0 && <ReviewPlanPanel roundId={roundId} cut={conf.cut} />}
      <form
        className="advance"
        onSubmit={(e) => {
          e.preventDefault();
          advance.mutate();
        }}
      >
        <h3>{t('ranking.advance')}</h3>
        <div className="inline-form">
          <Field label={t('ranking.topPerTrack')}>
            {(p) => <input {...p} type="number" min={1} value={top} onChange={(e) => setTop(Number(e.target.value))} />}
          </Field>
          <button type="submit" className="btn btn-primary" disabled={advance.isPending || !rows.length}>
            {t('ranking.advanceButton')}
          </button>
        </div>
        {advance.data && (
          <div role="status">
            <Notice kind="success">{t('ranking.advancedCount', { count: advance.data.advanced?.length ?? 0 })}</Notice>
            {advance.data.entries?.length ? (
              <ul className="list small">
                {advance.data.entries.map((e) => (
                  <li key={String(e.entry_id)}>
                    {e.track_rank ? `${e.track_rank}. ` : ''}
                    {e.title || e.team_name || `#${e.entry_id}`}
                    {e.title && e.team_name ? <span className="muted"> — {e.team_name}</span> : null} <span className="muted">· {c.tracks?.find((x) => x.slug === e.track)?.title ?? e.track}</span>
                    {e.complete === false && <span className="badge badge-warning">{t('ranking.incomplete')}</span>}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
        {advance.error && <ErrorBox error={advance.error} />}
      </form>
    </section>
  );
}

function Explanation({ r }: { r: RankedEntry }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="explanation">
      <p className="small">{t('ranking.explainText', { rank: r.rank, judges: r.judges, spread: formatNumber(r.spread, i18n.language, 1) })}</p>
      <DataTable
        className="small"
        rows={r.scores ?? []}
        rowKey={(s) => String(s.judge_id)}
        columns={[
          { header: t('rounds.judge'), cell: (s) => s.judge_email },
          { header: t('ranking.total'), cell: (s) => formatNumber(s.total, i18n.language, 1) },
          { header: t('ranking.bias'), cell: (s) => formatNumber(s.bias ?? undefined, i18n.language, 2) },
          { header: t('ranking.scale'), cell: (s) => formatNumber(s.scale ?? undefined, i18n.language, 2) },
        ]}
      />
      {explanationSentences(r.explanation, t, i18n.language).map((s, i) => (
        <p className="small" key={i}>
          {s}
        </p>
      ))}
    </div>
  );
}

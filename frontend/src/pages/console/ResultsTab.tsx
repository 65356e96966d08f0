import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { DataTable } from '../../components/DataTable';
import { Empty, ErrorBox, Field, Loading, Notice } from '../../components/ui';
import { useTrackRanking } from '../../hooks/useTrackRanking';
import { awardRows, awardsPayload, completeOrder, defaultAwardsRound, moveName, previewWinners } from '../../lib/awards';
import type { TabProps } from './tabs';

/** Entries per page of a track in the awards tab: awards go to a track's first few ('show more' for the rest). */
export const AWARDS_PAGE = 20;

/** Awards from a round's ranking, the order of award names, and publishing the results after a preview. */
export function ResultsTab({ c }: TabProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rounds = useQuery({ queryKey: keys.rounds(c.slug), queryFn: () => api.listRounds(c.slug), retry: false });
  const roundIds = (rounds.data ?? []).map((r) => r.id);
  // Open on the latest round with scores (a new round without scores has nothing to award): the first
  // entry of each round's ranking tells, never the whole ranking.
  const firsts = useQueries({
    queries: roundIds.map((id) => ({ queryKey: keys.rankingPage(id, '', 0, 1), queryFn: () => api.rankingPage(id, '', 0, 1), retry: false })),
  });
  const [roundId, setRoundId] = useState('');
  const settled = firsts.every((r) => !r.isPending);
  const fallback = settled ? defaultAwardsRound(roundIds, (id) => !!firsts[roundIds.indexOf(Number(id))]?.data?.entries?.length) : '';
  const rid = roundId || fallback;
  const tracks = c.tracks?.length ? c.tracks.map((x) => x.slug) : [''];
  const ranking = useTrackRanking(rid, tracks, AWARDS_PAGE);
  const current = useQuery({ queryKey: keys.results(c.slug), queryFn: () => api.getResults(c.slug), retry: false });
  const [awards, setAwards] = useState<Record<string, string>>({});
  const suggestions = [t('awards.first'), t('awards.second'), t('awards.third'), t('awards.mention')];
  const [order, setOrder] = useState<string[] | null>(null);
  const [newName, setNewName] = useState('');
  // Start from the awards and the ranking of names saved before (organizers can read them before publication).
  const saved = current.data?.tracks?.flatMap((tr) => tr.winners) ?? [];
  useEffect(() => {
    if (saved.length && !Object.keys(awards).length) setAwards(Object.fromEntries(saved.filter((w) => w.entry_id !== undefined).map((w) => [String(w.entry_id), w.award])));
    if (order === null && current.data?.awards_order?.length) setOrder(current.data.awards_order);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current.data]);
  const names = completeOrder(order ?? suggestions, Object.values(awards));
  const rows = awardRows(
    ranking.byTrack.flatMap((g) => g.rows),
    saved.filter((w) => w.entry_id !== undefined),
  );
  const payload = awardsPayload(awards, names, rows);
  const [publish, setPublish] = useState(true);
  const [previewing, setPreviewing] = useState(false);
  const m = useMutation({
    mutationFn: () => api.publishResults(c.slug, { ...payload, publish }),
    onSuccess: () => {
      setPreviewing(false);
      void qc.invalidateQueries({ queryKey: keys.results(c.slug) });
    },
  });
  return (
    <div className="stack">
      <section className="card stack">
        <h2>{t('results.adminTitle')}</h2>
        <p className="small muted">{t('results.adminHint')}</p>
        {current.data?.published_at ? (
          <Notice kind="success">
            {t('results.published')} <Link to={`/c/${encodeURIComponent(c.slug)}/results`}>{t('results.view')}</Link>
          </Notice>
        ) : (
          <p className="small">{t('results.notPublished')}</p>
        )}
        {rounds.isPending || (roundIds.length > 0 && !rid) ? (
          <Loading />
        ) : rounds.error ? (
          <ErrorBox error={rounds.error} />
        ) : !rounds.data?.length ? (
          <Empty>{t('rounds.none')}</Empty>
        ) : (
          <Field label={t('results.fromRound')}>
            {(p) => (
              <select {...p} value={rid} onChange={(e) => setRoundId(e.target.value)}>
                {rounds.data!.map((r) => (
                  <option key={String(r.id)} value={String(r.id)}>
                    {r.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <fieldset className="award-order">
          <legend>{t('results.orderTitle')}</legend>
          <p className="hint">{t('results.orderHint')}</p>
          <ol className="list">
            {names.map((n, i) => (
              <li key={n} className="inline-form">
                <span>{n}</span>
                <button type="button" className="btn btn-ghost btn-small" disabled={i === 0} aria-label={t('results.moveUp', { name: n })} onClick={() => setOrder(moveName(names, i, -1))}>
                  ↑
                </button>
                <button type="button" className="btn btn-ghost btn-small" disabled={i === names.length - 1} aria-label={t('results.moveDown', { name: n })} onClick={() => setOrder(moveName(names, i, 1))}>
                  ↓
                </button>
                {!Object.values(awards).some((a) => a.trim() === n) && (
                  <button type="button" className="btn btn-ghost btn-small" aria-label={t('results.removeName', { name: n })} onClick={() => setOrder(names.filter((x) => x !== n))}>
                    {t('common.remove')}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <div className="inline-form">
            <Field label={t('results.addName')}>{(p) => <input {...p} value={newName} onChange={(e) => setNewName(e.target.value)} />}</Field>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={!newName.trim()}
              onClick={() => {
                setOrder(completeOrder(names, [newName]));
                setNewName('');
              }}
            >
              {t('results.add')}
            </button>
          </div>
        </fieldset>
        <datalist id="award-names">
          {names.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {rid && ranking.isPending && <Loading />}
        {ranking.error && <ErrorBox error={ranking.error} onRetry={() => void ranking.refetch()} />}
        {rid && !ranking.isPending && (
          <form
            className="stack"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              // Publishing is public: show what the page will say and ask first.
              if (publish) setPreviewing(true);
              else m.mutate();
            }}
          >
            {ranking.byTrack.every((g) => !g.pending && !g.rows.length) && <Empty>{t('ranking.none')}</Empty>}
            {ranking.byTrack.map(({ track, rows: list, total, loading, pending }) =>
              pending ? (
                <Loading key={track} />
              ) : !list.length ? null : (
                <div key={track} className="stack">
                  {track && (
                    <h3>
                      {c.tracks?.find((x) => x.slug === track)?.title ?? track} <span className="muted small">{t('ranking.trackTotal', { count: total })}</span>
                    </h3>
                  )}
                  <DataTable
                    rows={list}
                    rowKey={(r) => String(r.entry_id)}
                    more={{
                      hasMore: list.length < total,
                      loading,
                      onMore: () => ranking.more(track),
                      label: t('common.showMore', { shown: list.length, total }),
                    }}
                    columns={[
                      { header: track ? t('ranking.rankInTrack') : t('ranking.rank'), cell: (r) => (track ? r.trackRank : r.rank) },
                      {
                        header: t('ranking.entry'),
                        cell: (r) => (
                          <>
                            {r.title || r.team_name || r.entry}
                            {r.complete === false && <span className="badge badge-warning">{t('ranking.incomplete')}</span>}
                          </>
                        ),
                      },
                      {
                        header: t('results.award'),
                        cell: (r) => {
                          const key = String(r.entry_id);
                          return (
                            <input
                              list="award-names"
                              aria-label={t('results.awardFor', { entry: r.title || r.team_name || r.entry })}
                              value={awards[key] ?? ''}
                              onChange={(e) => {
                                setAwards({ ...awards, [key]: e.target.value });
                                setPreviewing(false);
                              }}
                              data-entry={key}
                            />
                          );
                        },
                      },
                    ]}
                  />
                </div>
              ),
            )}
            <label className="check">
              <input
                type="checkbox"
                checked={publish}
                onChange={(e) => {
                  setPublish(e.target.checked);
                  setPreviewing(false);
                }}
              />{' '}
              {t('results.publishNow')}
            </label>
            {m.error && <ErrorBox error={m.error} />}
            {m.isSuccess && <Notice kind="success">{publish ? t('results.publishedOk') : t('results.savedOk')}</Notice>}
            {previewing ? (
              <section className="card preview" aria-labelledby="publish-preview">
                <h3 id="publish-preview">{t('results.previewTitle')}</h3>
                <Notice kind="warning">{t('results.previewWarning')}</Notice>
                {previewWinners(payload, rows, c.tracks ?? []).map((g) => (
                  <div key={g.slug || 'all'}>
                    <h4>{g.title || t('results.allTracks')}</h4>
                    <ol className="winners">
                      {g.winners.map((w) => (
                        <li key={`${String(w.entry_id)}-${w.award}`}>
                          <span className="award">{w.award}</span> <span className="winner-name">{w.title || w.team_name}</span>
                          {w.title && w.team_name && <span className="muted small"> {w.team_name}</span>}
                        </li>
                      ))}
                    </ol>
                  </div>
                ))}
                <div className="actions">
                  <button type="button" className="btn btn-primary btn-large" disabled={m.isPending} onClick={() => m.mutate()}>
                    {t('results.confirmPublish')}
                  </button>
                  <button type="button" className="btn btn-ghost" onClick={() => setPreviewing(false)}>
                    {t('common.cancel')}
                  </button>
                </div>
              </section>
            ) : (
              <div className="actions">
                <button type="submit" className="btn btn-primary btn-large" disabled={m.isPending || !payload.awards.length}>
                  {publish ? t('results.previewPublish') : t('results.saveAwards')}
                </button>
                <a className="btn btn-secondary" href={api.resultsCsvUrl(c.slug)} download>
                  {t('results.csv')}
                </a>
              </div>
            )}
          </form>
        )}
      </section>
    </div>
  );
}

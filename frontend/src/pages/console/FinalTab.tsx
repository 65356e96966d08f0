import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, problemText } from '../../api/client';
import { ceremonyApi, type FinalRanking, type Override } from '../../api/ceremony';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { ConfirmAction, Empty, ErrorBox, Field, Notice, QueryState } from '../../components/ui';
import { finalSentences } from '../../lib/finalExplain';
import { formatDateTime, formatNumber } from '../../lib/time';
import { CeremonySettings } from './CeremonySettings';
import type { TabProps } from './tabs';
import '../ceremony.css';

/** The problem of one field of a refused request, in the user's language. */
export function fieldError(err: unknown, field: string): string | undefined {
  const p = err instanceof ApiError ? err.problems[field] : undefined;
  return p ? problemText(p) : undefined;
}

/** The final ranking (weights over rounds, freezing, the jury's decisions) and the ceremony's settings. */
export function FinalTab({ c }: TabProps) {
  const q = useQuery({ queryKey: keys.finalRanking(c.slug), queryFn: () => ceremonyApi.final(c.slug) });
  return (
    <div className="stack">
      <QueryState q={q}>
        {(fr) => (
          <>
            <Weights slug={c.slug} fr={fr} />
            <Freeze slug={c.slug} fr={fr} />
            <Ranking fr={fr} />
            <Decisions slug={c.slug} fr={fr} />
          </>
        )}
      </QueryState>
      <CeremonySettings c={c} />
    </div>
  );
}

/** One weight per round of the contest, typed in percent. */
function Weights({ slug, fr }: { slug: string; fr: FinalRanking }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rounds = useQuery({ queryKey: keys.rounds(slug), queryFn: () => api.listRounds(slug) });
  const savedWeights = Object.fromEntries((fr.settings.weights ?? []).map((w) => [String(w.round_id), String(w.weight)]));
  const [weights, setWeights] = useState<Record<string, string>>(savedWeights);
  const [missing, setMissing] = useState(fr.settings.missing || 'exclude');
  const [done, setDone] = useState(false);
  useEffect(() => setWeights(savedWeights), [fr.settings.revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const m = useMutation({
    mutationFn: () =>
      ceremonyApi.setWeights(slug, {
        weights: Object.entries(weights)
          .filter(([, w]) => w.trim() !== '')
          .map(([id, w]) => ({ round_id: Number(id), weight: Number(w) })),
        missing,
        revision: fr.settings.revision,
      }),
    onSuccess: () => {
      setDone(true);
      void qc.invalidateQueries({ queryKey: keys.finalRanking(slug) });
    },
    onError: () => void qc.invalidateQueries({ queryKey: keys.finalRanking(slug) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    m.mutate();
  };
  return (
    <section className="card">
      <h2>{t('final.title')}</h2>
      <p className="small muted">{t('final.hint')}</p>
      <form className="stack" onSubmit={submit}>
        <h3>{t('final.weightsTitle')}</h3>
        <div className="inline-form">
          {(rounds.data ?? []).map((r, i) => (
            <Field key={String(r.id)} label={t('final.weightOf', { round: r.name })} error={fieldError(m.error, `weights[${i}].weight`)}>
              {(p) => (
                <input {...p} type="number" min={0} max={1000} step="any" inputMode="decimal" value={weights[String(r.id)] ?? ''}
                  onChange={(e) => setWeights({ ...weights, [String(r.id)]: e.target.value })} />
              )}
            </Field>
          ))}
        </div>
        <Field label={t('final.missing')}>
          {(p) => (
            <select {...p} value={missing} onChange={(e) => setMissing(e.target.value)}>
              <option value="exclude">{t('final.missingExclude')}</option>
              <option value="renormalize">{t('final.missingRenormalize')}</option>
            </select>
          )}
        </Field>
        {m.error ? <ErrorBox error={m.error} /> : null}
        {done && <Notice kind="success">{t('final.saved')}</Notice>}
        <div className="actions">
          <button className="btn btn-primary" type="submit" disabled={m.isPending}>
            {m.isPending ? t('common.saving') : t('final.saveWeights')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Freezing (no score changes while the jury deliberates) and unfreezing, each after a confirmation. */
function Freeze({ slug, fr }: { slug: string; fr: FinalRanking }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const frozen = !!fr.settings.frozen_at;
  const m = useMutation({
    mutationFn: () => ceremonyApi.freeze(slug, !frozen),
    onSettled: () => void qc.invalidateQueries({ queryKey: keys.finalRanking(slug) }),
  });
  return (
    <section className="card">
      {frozen ? (
        <Notice kind="warning">{t('final.frozen', { time: formatDateTime(fr.settings.frozen_at, i18n.language) })}</Notice>
      ) : (
        <p className="small">{t('final.notFrozen')}</p>
      )}
      <div className="actions-inline">
        <ConfirmAction key={String(frozen)} label={frozen ? t('final.unfreeze') : t('final.freeze')}
          question={frozen ? t('final.unfreezeQuestion') : t('final.freezeQuestion')} confirmLabel={t('final.confirm')}
          pending={m.isPending} onConfirm={() => m.mutate()} />
      </div>
      {m.error ? <ErrorBox error={m.error} /> : null}
    </section>
  );
}

/** The final ranking, each line explained (rounds' parts, jury decisions). */
function Ranking({ fr }: { fr: FinalRanking }) {
  const { t, i18n } = useTranslation();
  const entries = fr.entries ?? [];
  if (!(fr.rounds ?? []).length) return <Empty>{t('final.noWeights')}</Empty>;
  return (
    <section className="card">
      <ol className="final-ranking" aria-label={t('final.title')}>
        {entries.map((e) => (
          <li key={e.entry_id} className="final-line">
            <div className="final-head">
              <strong className="final-rank">{e.rank}</strong>
              <span>
                <strong>{e.team_name}</strong> — {e.title} <span className="muted small">({e.track})</span>
              </span>
              <span className="final-score">{formatNumber(e.score, i18n.language, 2)}</span>
              {e.rank !== e.computed_rank && <span className="badge">{t('final.computed', { rank: e.computed_rank })}</span>}
            </div>
            <details>
              <summary className="small">{t('final.why')}</summary>
              <ul className="small">
                {finalSentences(e.explanation, t, i18n.language).map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ol>
      {(fr.incomplete ?? []).length > 0 && (
        <>
          <h3>{t('final.incomplete')}</h3>
          <ul className="small">
            {(fr.incomplete ?? []).map((e) => (
              <li key={e.entry_id}>
                {e.team_name} — {e.title}: {finalSentences(e.explanation, t, i18n.language).slice(-1)[0]}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Recording the jury's decisions (with a required reason) and revoking them. */
function Decisions({ slug, fr }: { slug: string; fr: FinalRanking }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const results = useQuery({ queryKey: keys.results(slug), queryFn: () => api.getResults(slug), retry: false });
  const entries = fr.entries ?? [];
  const [kind, setKind] = useState('move');
  const [entry, setEntry] = useState('');
  const [other, setOther] = useState('');
  const [position, setPosition] = useState('1');
  const [award, setAward] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.finalRanking(slug) });
    void qc.invalidateQueries({ queryKey: keys.ceremony(slug) });
  };
  const add = useMutation({
    mutationFn: () =>
      ceremonyApi.addOverride(slug, {
        kind,
        entry_id: Number(entry) || 0,
        other_id: Number(other) || 0,
        position: Number(position) || 0,
        award,
        reason,
      }),
    onSuccess: () => {
      setDone(true);
      setReason('');
      refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: number) => ceremonyApi.revokeOverride(slug, id), onSuccess: refresh });
  const name = (id?: number | null) => {
    const e = entries.find((x) => x.entry_id === id);
    return e ? `${e.team_name} — ${e.title}` : String(id ?? '');
  };
  const entrySelect = (label: string, value: string, set: (v: string) => void, field: string) => (
    <Field label={label} error={fieldError(add.error, field)} required>
      {(p) => (
        <select {...p} value={value} onChange={(e) => set(e.target.value)}>
          <option value="">{t('common.choose')}</option>
          {entries.map((e) => (
            <option key={e.entry_id} value={String(e.entry_id)}>
              {e.rank}. {e.team_name} — {e.title}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    add.mutate();
  };
  const overrides: Override[] = fr.overrides ?? [];
  return (
    <section className="card">
      <h2>{t('final.overridesTitle')}</h2>
      <p className="small muted">{t('final.overridesHint')}</p>
      {(fr.withheld ?? []).length > 0 && <Notice kind="warning">{t('final.withheld', { awards: (fr.withheld ?? []).join(', ') })}</Notice>}
      {overrides.length === 0 ? (
        <p className="small">{t('final.none')}</p>
      ) : (
        <ul className="stack small">
          {overrides.map((o) => (
            <li key={o.id}>
              <strong>{t(`final.kinds.${o.kind}`)}</strong>
              {o.kind === 'move' && `: ${name(o.entry_id)} → ${o.position}`}
              {o.kind === 'tie' && `: ${name(o.entry_id)} > ${name(o.other_id)}`}
              {o.kind === 'withhold' && `: ${o.award}`} — “{o.reason}” ({o.created_by}, {formatDateTime(o.created_at, i18n.language)})
              {o.revoked_at ? (
                <span className="badge"> {t('final.revoked')}</span>
              ) : (
                <>
                  {!o.applied && <span className="badge"> {t('final.notApplied')}</span>}{' '}
                  <button type="button" className="btn btn-ghost" disabled={revoke.isPending} onClick={() => revoke.mutate(o.id)}>
                    {t('final.revoke')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={submit}>
        <Field label={t('final.kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value)}>
              {['move', 'tie', 'withhold'].map((k) => (
                <option key={k} value={k}>
                  {t(`final.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind !== 'withhold' && entrySelect(t('final.entryField'), entry, setEntry, 'entry_id')}
        {kind === 'move' && (
          <Field label={t('final.position')} error={fieldError(add.error, 'position')} required>
            {(p) => <input {...p} type="number" min={1} max={entries.length} value={position} onChange={(e) => setPosition(e.target.value)} />}
          </Field>
        )}
        {kind === 'tie' && entrySelect(t('final.other'), other, setOther, 'other_id')}
        {kind === 'withhold' && (
          <Field label={t('final.award')} error={fieldError(add.error, 'award')} required>
            {(p) => (
              <select {...p} value={award} onChange={(e) => setAward(e.target.value)}>
                <option value="">{t('common.choose')}</option>
                {(results.data?.awards_order ?? []).map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('final.reason')} error={fieldError(add.error, 'reason')} required>
          {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        {add.error && !(add.error instanceof ApiError && Object.keys(add.error.problems).length) ? <ErrorBox error={add.error} /> : null}
        {done && <Notice kind="success">{t('final.recorded')}</Notice>}
        <div className="actions">
          <button className="btn btn-primary" type="submit" disabled={add.isPending}>
            {t('final.record')}
          </button>
        </div>
      </form>
      <p className="small">
        <Link to={`/present/${encodeURIComponent(slug)}`}>{t('ceremony.present')}</Link>
      </p>
    </section>
  );
}

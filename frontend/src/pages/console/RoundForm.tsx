import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Contest, RoundInput, RubricItem } from '../../api/model';
import { RoundBalanceField, type RoundBalance } from '../../components/RoundBalanceField';
import { ErrorBox, Field } from '../../components/ui';
import { keyFromLabel } from '../../lib/keys';
import { userTimeZone, wallTimeToISO } from '../../lib/time';

/** A new round: name, deadline, judges per entry, method, load, judge pool by track, and the rubric. */
export function RoundForm({ c, onDone }: { c: Contest; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [k, setK] = useState(3);
  const [blind, setBlind] = useState(true);
  const [method, setMethod] = useState<RoundInput['method']>('calibrated');
  const [closes, setCloses] = useState('');
  const [maxLoad, setMaxLoad] = useState(0);
  const [balance, setBalance] = useState<RoundBalance>('count');
  const [poolTracks, setPoolTracks] = useState<string[]>([]);
  const [rubric, setRubric] = useState<RubricItem[]>([
    { id: 'innovation', label: 'Innovation', weight: 3, min: 1, max: 10 },
    { id: 'impact', label: 'Impact', weight: 2, min: 1, max: 10 },
    { id: 'execution', label: 'Execution', weight: 2, min: 1, max: 10 },
  ]);
  const [local, setLocal] = useState<Record<string, string>>({});
  const tz = c.timezone || userTimeZone();
  const m = useMutation({
    mutationFn: () =>
      api.createRound(c.slug, {
        name: name.trim(),
        rubric,
        judges_per_entry: k,
        blind,
        method,
        closes_at: wallTimeToISO(closes, tz),
        max_load: maxLoad,
        balance,
        pool_tracks: poolTracks,
        pool_judges: [],
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: keys.rounds(c.slug) });
      onDone();
      if (r?.id !== undefined) navigate(`/organize/${encodeURIComponent(c.slug)}/rounds/${encodeURIComponent(String(r.id))}`);
    },
  });
  const fe: Record<string, string> = { ...local, ...(m.error instanceof ApiError ? m.error.fields : {}) };
  // A criterion's id follows its label: the server's problems with it belong there.
  rubric.forEach((_, i) => (fe[`rubric[${i}].label`] ??= fe[`rubric[${i}].id`]));
  const shown = (k: string) => /^(name|closes_at|judges_per_entry|method|max_load|rubric)$|^rubric\[\d+\]\.(label|id|weight|min|max)$/.test(k);
  const unshown = m.error instanceof ApiError ? Object.entries(m.error.fields).filter(([k]) => !shown(k)) : [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('validation.required');
    if (!closes) errs.closes_at = t('validation.required');
    if (!(k >= 1)) errs.judges_per_entry = t('validation.positive');
    if (!rubric.length) errs.rubric = t('validation.rubricEmpty');
    rubric.forEach((r, i) => {
      if (!r.id || !r.label.trim()) errs[`rubric[${i}].label`] = t('validation.required');
      if (!(r.max > r.min)) errs[`rubric[${i}].max`] = t('validation.range');
      if (!(r.weight > 0)) errs[`rubric[${i}].weight`] = t('validation.positive');
    });
    setLocal(errs);
    if (!Object.keys(errs).length) m.mutate();
  };
  const setRow = (i: number, p: Partial<RubricItem>) => setRubric(rubric.map((r, j) => (j === i ? { ...r, ...p } : r)));
  return (
    <section className="card">
      <h2>{t('rounds.new')}</h2>
      <form noValidate onSubmit={submit}>
        <div className="grid-2">
          <Field label={t('rounds.name')} error={fe.name} required>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('rounds.namePlaceholder')} />}
          </Field>
          <Field label={t('rounds.closesAt')} hint={tz} error={fe.closes_at} required>
            {(p) => <input {...p} type="datetime-local" value={closes} onChange={(e) => setCloses(e.target.value)} />}
          </Field>
          <Field label={t('rounds.k')} error={fe.judges_per_entry} required>
            {(p) => <input {...p} type="number" min={1} max={20} value={k} onChange={(e) => setK(Number(e.target.value))} />}
          </Field>
          <Field label={t('rounds.method')} error={fe.method} hint={t(`rounds.methodHints.${method}`)}>
            {(p) => (
              <select {...p} value={method} onChange={(e) => setMethod(e.target.value as RoundInput['method'])}>
                {(['calibrated', 'zscore', 'mean'] as const).map((x) => (
                  <option key={x} value={x}>
                    {t(`rounds.methods.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="grid-2">
          <Field label={t('rounds.maxLoad')} hint={t('rounds.maxLoadHint')} error={fe.max_load}>
            {(p) => <input {...p} type="number" min={0} value={maxLoad} onChange={(e) => setMaxLoad(Number(e.target.value))} />}
          </Field>
          <RoundBalanceField value={balance} onChange={setBalance} error={fe.balance} />
          {!!c.tracks?.length && (
            <fieldset className="checks">
              <legend>{t('rounds.poolTracks')}</legend>
              {c.tracks.map((tr) => (
                <label className="check" key={tr.slug}>
                  <input
                    type="checkbox"
                    checked={poolTracks.includes(tr.slug)}
                    onChange={(e) => setPoolTracks(e.target.checked ? [...poolTracks, tr.slug] : poolTracks.filter((x) => x !== tr.slug))}
                  />{' '}
                  {tr.title}
                </label>
              ))}
              <p className="hint">{t('rounds.poolTracksHint')}</p>
            </fieldset>
          )}
        </div>
        <label className="check">
          <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} /> {t('rounds.blindLabel')}
        </label>
        <fieldset className="rubric-editor">
          <legend>{t('rounds.rubric')}</legend>
          {fe.rubric && <p className="field-error">{fe.rubric}</p>}
          {rubric.map((r, i) => (
            <div className="row-editor" key={i}>
              <Field label={t('rounds.criterion')} error={fe[`rubric[${i}].label`]} required>
                {(p) => <input {...p} value={r.label} onChange={(e) => setRow(i, { label: e.target.value, id: keyFromLabel(e.target.value, rubric.filter((_, j) => j !== i).map((x) => x.id), 'criterion', i + 1) })} />}
              </Field>
              <Field label={t('rounds.weight')} error={fe[`rubric[${i}].weight`]}>
                {(p) => <input {...p} type="number" min={0} step="any" value={r.weight} onChange={(e) => setRow(i, { weight: Number(e.target.value) })} />}
              </Field>
              <Field label={t('rounds.min')} error={fe[`rubric[${i}].min`]}>
                {(p) => <input {...p} type="number" value={r.min} onChange={(e) => setRow(i, { min: Number(e.target.value) })} />}
              </Field>
              <Field label={t('rounds.max')} error={fe[`rubric[${i}].max`]}>
                {(p) => <input {...p} type="number" value={r.max} onChange={(e) => setRow(i, { max: Number(e.target.value) })} />}
              </Field>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setRubric(rubric.filter((_, j) => j !== i))}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setRubric([...rubric, { id: keyFromLabel('', rubric.map((x) => x.id), 'criterion', rubric.length + 1), label: '', weight: 1, min: 1, max: 10 }])}>
            {t('rounds.addCriterion')}
          </button>
        </fieldset>
        {m.error && !(m.error instanceof ApiError && Object.keys(m.error.problems).length) && <ErrorBox error={m.error} />}
        {unshown.length > 0 && (
          <div className="state state-error" role="alert">
            {unshown.map(([k, v]) => (
              <p key={k}>
                {t(k.startsWith('pool_') ? 'rounds.poolTracks' : 'errors.codes.invalid')}: {v}
              </p>
            ))}
          </div>
        )}
        <div className="actions">
          <button className="btn btn-primary" type="submit" disabled={m.isPending}>
            {t('rounds.create')}
          </button>
          <button className="btn btn-ghost" type="button" onClick={onDone}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

// Decision confidence beside a round's ranking, and the plan of targeted
// extra reviews (console, organizers).

import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../api/keys';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Id } from '../api/model';
import {
  confidenceApi,
  cutSpec,
  decisionsByEntry,
  identifiabilityWarnings,
  percent,
  planPairs,
  shiftToCross,
  stabilityLevel,
  type CutDecision,
} from '../lib/confidence';
import { formatNumber } from '../lib/time';
import { ConfirmAction, ErrorBox, Field, Loading, Notice } from './ui';

/** An entry's decision at the cut and the sd of its score. */
export interface DecisionInfo {
  d: CutDecision;
  sd: number;
}

/**
 * State of the confidence view of one round's ranking: the round's figures, and the decisions of the entries
 * shown (idPages: the entry ids of each page on screen), asked for page by page, never for the whole round.
 */
export function useRankingConfidence(roundId: Id, idPages: Id[][]) {
  const [on, setOn] = useState(false);
  const [top, setTop] = useState('');
  const cut = cutSpec(top);
  const q = useQuery({
    queryKey: keys.rankingConfidence(roundId, cut),
    queryFn: () => confidenceApi.summary(roundId, cut),
    enabled: on,
    retry: false,
  });
  const pages = useQueries({
    queries: idPages.map((ids) => ({
      queryKey: keys.rankingConfidenceOf(roundId, cut, ids),
      queryFn: () => confidenceApi.entries(roundId, cut, ids),
      enabled: on,
      retry: false,
    })),
  });
  return { on, setOn, top, setTop, cut, q, byEntry: decisionsByEntry(on ? pages.map((p) => p.data) : []) };
}

export type RankingConfidenceState = ReturnType<typeof useRankingConfidence>;

/** The switch, the decision line, the round-level figures and warnings. */
export function ConfidenceControls({ s, roundId }: { s: RankingConfidenceState; roundId: Id }) {
  const { t, i18n } = useTranslation();
  const rc = s.q.data?.confidence;
  const cutName = rc?.cuts?.[0]?.name;
  return (
    <div className="stack">
      <div className="inline-form">
        <label>
          <input type="checkbox" checked={s.on} onChange={(e) => s.setOn(e.target.checked)} /> {t('confidence.show')}
        </label>
        {s.on && (
          <Field label={t('confidence.cut')} hint={t('confidence.cutHint')}>
            {(p) => <input {...p} type="number" min={1} value={s.top} placeholder={t('confidence.cutDefault')} onChange={(e) => s.setTop(e.target.value)} />}
          </Field>
        )}
        {s.on && (
          <a className="btn btn-secondary btn-small" href={confidenceApi.csvUrl(roundId, s.cut)} download>
            {t('confidence.csv')}
          </a>
        )}
      </div>
      {s.on && s.q.isPending && <Loading />}
      {s.on && s.q.error && <ErrorBox error={s.q.error} onRetry={() => void s.q.refetch()} />}
      {s.on && rc && (
        <p className="small" role="status">
          {t('confidence.roundLine', {
            cut: cutName,
            selected: rc.cuts?.[0]?.selected ?? 0,
            changes: formatNumber(rc.expected_changes, i18n.language, 1),
            wrong: formatNumber(rc.expected_wrong, i18n.language, 1),
            uncertain: rc.cuts?.[0]?.uncertain ?? 0,
          })}
        </p>
      )}
      {s.on &&
        identifiabilityWarnings(rc?.identifiability).map((w) => (
          <Notice key={w.key + JSON.stringify(w.params)} kind="warning">
            {t(w.key, w.params)}
          </Notice>
        ))}
    </div>
  );
}

/** The column: probability above the cut and a stability badge. */
export function ConfidenceCell({ info }: { info?: DecisionInfo }) {
  const { t } = useTranslation();
  if (!info) return <td className="muted">—</td>;
  const { d } = info;
  const level = stabilityLevel(d.stability);
  const stay = percent(d.stability);
  return (
    <td>
      {t('confidence.pAbove', { p: percent(d.p_above) })}
      <span className={level === 'stable' ? 'badge badge-open' : 'badge badge-warning'} title={t(d.selected ? 'confidence.stayIn' : 'confidence.stayOut', { p: stay })}>
        {t(`confidence.level.${level}`, { p: stay })}
      </span>
    </td>
  );
}

/** In the explanation: how sure the decision is and what would change it. */
export function ConfidenceWhy({ info }: { info?: DecisionInfo }) {
  const { t, i18n } = useTranslation();
  if (!info) return null;
  const { d, sd } = info;
  const shift = formatNumber(shiftToCross(d.p_above, sd), i18n.language, 1);
  return (
    <p className="small">
      {t(d.selected ? 'confidence.stayIn' : 'confidence.stayOut', { p: percent(d.stability) })}{' '}
      {t(d.selected ? 'confidence.changeDown' : 'confidence.changeUp', { shift })}{' '}
      {d.stability < 0.9 ? t('confidence.settle') : null}
    </p>
  );
}

/** Plan extra reviews: budget, proposal, accept with confirmation. */
export function ReviewPlanPanel({ roundId, cut }: { roundId: Id; cut?: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [budget, setBudget] = useState(5);
  const plan = useMutation({ mutationFn: () => confidenceApi.plan(roundId, budget, cut) });
  const pairs = planPairs(plan.data);
  const accept = useMutation({
    mutationFn: () => confidenceApi.accept(roundId, pairs),
    onSuccess: () => {
      plan.reset();
      void qc.invalidateQueries({ queryKey: keys.roundAssignments(roundId) });
      void qc.invalidateQueries({ queryKey: keys.ranking(roundId) });
      void qc.invalidateQueries({ queryKey: keys.rankingConfidence(roundId) });
    },
  });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        accept.reset();
        plan.mutate();
      }}
    >
      <h3>{t('confidence.planTitle')}</h3>
      <p className="small muted">{t('confidence.planHint')}</p>
      <div className="inline-form">
        <Field label={t('confidence.budget')}>
          {(p) => <input {...p} type="number" min={1} max={1000} value={budget} onChange={(e) => setBudget(Number(e.target.value))} />}
        </Field>
        <button type="submit" className="btn btn-secondary" disabled={plan.isPending || budget < 1}>
          {plan.isPending ? t('common.working') : t('confidence.propose')}
        </button>
      </div>
      {plan.error && <ErrorBox error={plan.error} />}
      {accept.isSuccess && <Notice kind="success">{t('confidence.accepted', { count: accept.data?.assigned?.length ?? 0 })}</Notice>}
      {accept.error && <ErrorBox error={accept.error} />}
      {plan.data && (
        <>
          <p className="small" role="status">
            {t('confidence.planLine', {
              planned: plan.data.planned,
              budget: plan.data.budget,
              gain: formatNumber(plan.data.expected_gain, i18n.language, 2),
              wrong: formatNumber(plan.data.expected_wrong, i18n.language, 2),
            })}
            {plan.data.unplaced > 0 ? ` ${t('confidence.unplaced', { count: plan.data.unplaced })}` : ''}
          </p>
          {!plan.data.reviews?.length ? (
            <Notice>{t('confidence.nothingToPlan')}</Notice>
          ) : (
            <div className="table-wrap">
              <table className="table small">
                <thead>
                  <tr>
                    <th scope="col">{t('ranking.rank')}</th>
                    <th scope="col">{t('ranking.entry')}</th>
                    <th scope="col">{t('confidence.why')}</th>
                    <th scope="col">{t('confidence.gain')}</th>
                    <th scope="col">{t('confidence.judges')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(plan.data.reviews ?? []).map((r) => {
                    const d = r.cuts?.[0];
                    return (
                      <tr key={String(r.entry_id)}>
                        <td>{r.rank}</td>
                        <td>{r.title || r.team_name || `#${r.entry_id}`}</td>
                        <td>{d ? t('confidence.reviewWhy', { cut: d.cut, p: percent(d.p_above), stay: percent(d.stability) }) : r.why}</td>
                        <td>{formatNumber(r.gain, i18n.language, 2)}</td>
                        <td>{(r.judges ?? []).map((j) => j.name || j.email).join(', ')}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {pairs.length > 0 && (
            <div className="actions">
              {/* A new proposal asks again. */}
              <ConfirmAction
                key={plan.submittedAt}
                label={t('confidence.accept')}
                question={t('confidence.acceptConfirm', { count: pairs.length })}
                confirmLabel={t('confidence.acceptNow')}
                pending={accept.isPending}
                onConfirm={() => accept.mutate()}
              />
            </div>
          )}
        </>
      )}
    </form>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Contest, Id, Round } from '../../api/model';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading, Notice, ProgressBar, QueryState } from '../../components/ui';
import { useLiveProgress } from '../../hooks/useLiveProgress';
import { useServerPages } from '../../hooks/useServerPages';
import { judgesToChase } from '../../lib/progress';
import { formatInZone, formatNumber } from '../../lib/time';
import { useSession } from '../../session';
import { RankingSection } from './RankingSection';

/** One round: its settings, running the assignment, live progress and reminders, assignments, and the ranking. */
export function RoundDetail({ c, id }: { c: Contest; id: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  // Running the assignment and reminding judges act on the whole round: organizers only
  // (a track lead handles the reviews of their tracks' entries below).
  const organizer = useSession().organizerOf(c.slug);
  const rounds = useQuery({ queryKey: keys.rounds(c.slug), queryFn: () => api.listRounds(c.slug), retry: false });
  const round: Round | undefined = rounds.data?.find((r) => String(r.id) === id);
  // A page at a time (200): a national round has 30,000 assignments.
  const {
    list: assignments,
    rows: assignmentRows,
    more: moreAssignments,
  } = useServerPages(keys.roundAssignments(id), (after) => api.roundAssignmentsPage(id, after), t('rounds.moreAssignments'));
  const assign = useMutation({
    mutationFn: () => api.assign(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.roundAssignments(id) });
      void qc.invalidateQueries({ queryKey: keys.ranking(id) });
    },
  });
  const remind = useMutation({ mutationFn: () => api.remind(id) });
  // Invited judges who have not signed up cannot be assigned: say so before and after assigning.
  const invited = useQuery({ queryKey: keys.allMembers(c.slug, { role: 'invited' }), queryFn: () => api.allMembers(c.slug, { role: 'invited' }), retry: false });
  const waiting = (invited.data ?? []).filter((m) => m.role === 'judge');
  const reopen = useMutation({
    mutationFn: async (assignmentId: Id) => {
      const reason = window.prompt(t('rounds.reopenReason'));
      if (!reason?.trim()) return false;
      await api.reopen(assignmentId, reason.trim());
      return true;
    },
    onSuccess: (done) => {
      if (done) void qc.invalidateQueries({ queryKey: keys.roundAssignments(id) });
    },
  });
  const { progress, live, error: progressError } = useLiveProgress(id);
  // Who needs chasing first: most overdue, most pending, then by name in the reader's natural order.
  const judges = useMemo(() => judgesToChase(progress?.judges ?? [], i18n.language), [progress?.judges, i18n.language]);
  // 30,000 scores, not 30000.
  const count = (n: number) => formatNumber(n, i18n.language, 0);
  return (
    <div className="stack">
      <p>
        <Link to={`/organize/${encodeURIComponent(c.slug)}/rounds`}>← {t('rounds.all')}</Link>
      </p>
      <section className="card">
        <h2>{round?.name ?? t('rounds.round', { id })}</h2>
        {round && (
          <p className="muted small">
            {t(`rounds.methods.${round.method}`)} · {t('rounds.kShort', { k: round.judges_per_entry })} {round.blind ? `· ${t('rounds.blind')}` : ''} ·{' '}
            {t('rounds.closes', { at: formatInZone(round.closes_at, c.timezone, i18n.language) })}
          </p>
        )}
        {round?.rubric?.length ? (
          <p className="small">
            {t('rounds.rubric')}: {round.rubric.map((r) => `${r.label} ×${r.weight} (${r.min}–${r.max})`).join(' · ')}
          </p>
        ) : null}
        {organizer && (
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => assign.mutate()} disabled={assign.isPending}>
              {assign.isPending ? t('common.working') : assignmentRows.length ? t('rounds.reassign') : t('rounds.runAssignment')}
            </button>
          </div>
        )}
        {organizer && waiting.length > 0 && !assign.data && (
          <Notice kind="warning">{t('rounds.invitedWaiting', { count: waiting.length, emails: waiting.map((m) => m.email).join(', ') })}</Notice>
        )}
        {assign.isSuccess && <Notice kind="success">{t('rounds.assigned')}</Notice>}
        {assign.data?.unassigned?.length ? (
          <div className="notice-list" role="status">
            <Notice kind="warning">{t('rounds.unassignedTitle', { count: assign.data.unassigned.length })}</Notice>
            <ul className="list small">
              {assign.data.unassigned.map((u) => (
                <li key={`${String(u.judge_id ?? '')}-${u.email}`}>
                  <strong>{u.name || u.email}</strong> {u.name ? <span className="muted">({u.email})</span> : null} — {t(`rounds.unassignedReasons.${u.reason}`, { defaultValue: u.message ?? u.reason })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {assign.error && <ErrorBox error={assign.error} title={t('rounds.assignFailed')} />}
      </section>

      <section className="card" aria-labelledby="progress-title">
        <div className="card-head">
          <h2 id="progress-title">{t('rounds.progress')}</h2>
          <span className="actions-inline">
            <span className={`badge ${live ? 'badge-open' : ''}`}>{live ? t('rounds.live') : t('rounds.notLive')}</span>
            {organizer && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={remind.isPending || !progress?.pending}
                onClick={() => {
                  if (window.confirm(t('rounds.remindConfirm', { count: progress?.judges?.filter((j) => j.pending > 0).length ?? 0 }))) remind.mutate();
                }}
              >
                {t('rounds.remind')}
              </button>
            )}
          </span>
        </div>
        {remind.data && (
          <Notice kind="success">
            {remind.data.reminded?.length ? t('rounds.reminded', { count: remind.data.reminded.length }) : t('rounds.nobodyToRemind')}
          </Notice>
        )}
        {remind.error && <ErrorBox error={remind.error} />}
        {!progress ? (
          progressError ? <ErrorBox error={progressError} /> : <Loading />
        ) : (
          <>
            <p>{t('rounds.progressText', { done: count(progress.done), total: count(progress.assigned), overdue: count(progress.overdue) })}</p>
            <ProgressBar value={progress.done} max={progress.assigned} label={t('rounds.progress')} />
            {judges.length ? (
              <>
                <p className="small muted">{t('rounds.judgesOrder')}</p>
                <DataTable
                  pageSize={100}
                  rows={judges}
                  rowKey={(j) => String(j.judge_id)}
                  columns={[
                    { header: t('rounds.judge'), cell: (j) => j.name || j.email },
                    { header: t('rounds.done'), cell: (j) => j.done },
                    { header: t('rounds.pending'), cell: (j) => j.pending },
                    { header: t('rounds.overdue'), cell: (j) => j.overdue },
                  ]}
                />
              </>
            ) : null}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="assignments-title">
        <h2 id="assignments-title">{t('rounds.assignments')}</h2>
        {reopen.error && <ErrorBox error={reopen.error} />}
        <QueryState q={assignments}>
          {() => (
            <DataTable
              // On a phone each assignment is a card: the judge's name and e-mail under the entry, its status in view.
              phone="cards"
              more={moreAssignments}
              rows={assignmentRows}
              rowKey={(a) => String(a.id)}
              empty={t('rounds.noAssignments')}
              columns={[
                // Who, not numbers: each page of assignments names its entries and judges (never an internal id).
                {
                  header: t('rounds.entry'),
                  cell: (a) => (
                    <>
                      {a.title || a.team_name || t('rounds.untitledEntry')}
                      {a.title && a.team_name ? <div className="small muted">{a.team_name}</div> : null}
                    </>
                  ),
                },
                {
                  header: t('rounds.judge'),
                  cell: (a) => (
                    <>
                      <span title={a.judge_email}>{a.judge_name || a.judge_email}</span>
                      {a.judge_name && a.judge_email ? <div className="small muted">{a.judge_email}</div> : null}
                    </>
                  ),
                },
                {
                  header: t('rounds.status'),
                  cell: (a) => <span className={`badge badge-${a.status}`}>{t(`judge.status.${a.status}`, { defaultValue: a.status })}</span>,
                },
                {
                  header: t('common.actions'),
                  srOnly: true,
                  cell: (a) =>
                    a.status === 'submitted' && (
                      <button type="button" className="btn btn-ghost btn-small" disabled={reopen.isPending} onClick={() => reopen.mutate(a.id)}>
                        {t('rounds.reopen')}
                      </button>
                    ),
                },
              ]}
            />
          )}
        </QueryState>
      </section>

      <RankingSection c={c} roundId={id} />
    </div>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Contest, Team, TeamFilter, TeamListItem } from '../../api/model';
import { DataTable } from '../../components/DataTable';
import { NearDuplicatesPanel } from '../../components/NearDuplicates';
import { MemberName } from '../../components/MemberName';
import { ErrorBox, Field, Loading } from '../../components/ui';
import { useDebounced } from '../../hooks/useDebounced';
import { useServerPages } from '../../hooks/useServerPages';
import { formatInZone, isoToWallTime, wallTimeToISO } from '../../lib/time';
import type { TabProps } from './tabs';

/** The contest's teams: filters and search, a paginated list, and granting a team more time. */
export function TeamsTab({ c }: TabProps) {
  const { t, i18n } = useTranslation();
  const [filters, setFilter] = useState<Omit<TeamFilter, 'q'>>({ track: '', status: '', extended: false });
  const [search, setSearch] = useState('');
  // Search as the organizer types, once they pause.
  const q = useDebounced(search, 300);
  const filter: TeamFilter = { ...filters, q };
  const { list, rows, more } = useServerPages(keys.teams(c.slug, filter), (after) => api.teamsPage(c.slug, filter, after), t('teams.more'));
  const [ext, setExt] = useState<TeamListItem | null>(null);
  const zone = (iso: string) => formatInZone(iso, c.timezone, i18n.language);
  return (
    <div className="stack">
      <section className="card">
        <h2>{t('teams.title')}</h2>
        <div className="filters" role="search" aria-label={t('teams.filters')}>
          <Field label={t('teams.search')} hint={t('teams.searchHint')}>
            {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
          </Field>
          <Field label={t('teams.track')}>
            {(p) => (
              <select {...p} value={filters.track} onChange={(e) => setFilter({ ...filters, track: e.target.value })}>
                <option value="">{t('teams.allTracks')}</option>
                {c.tracks?.map((tr) => (
                  <option key={tr.slug} value={tr.slug}>
                    {tr.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('teams.status')}>
            {(p) => (
              <select {...p} value={filters.status} onChange={(e) => setFilter({ ...filters, status: e.target.value as TeamFilter['status'] })}>
                <option value="">{t('teams.allStatuses')}</option>
                <option value="submitted">{t('teams.submitted')}</option>
                <option value="not_submitted">{t('teams.notSubmitted')}</option>
                <option value="late">{t('teams.submittedLate')}</option>
              </select>
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={!!filters.extended} onChange={(e) => setFilter({ ...filters, extended: e.target.checked })} /> {t('teams.extendedOnly')}
          </label>
          <label className="check">
            <input type="checkbox" checked={!!filters.flagged} onChange={(e) => setFilter({ ...filters, flagged: e.target.checked })} /> {t('teams.flaggedOnly')}
          </label>
        </div>
        {list.isPending ? (
          <Loading />
        ) : list.error ? (
          <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <DataTable
            rows={rows}
            rowKey={(tm) => String(tm.id)}
            rowProps={(tm) => ({ 'data-team': String(tm.id) })}
            empty={t('teams.none')}
            more={more}
            columns={[
              {
                header: t('teams.name'),
                cell: (tm) => (
                  <>
                    <Link to={`/teams/${encodeURIComponent(String(tm.id))}`}>{tm.name}</Link>
                    {(tm.flagged_files ?? 0) > 0 && (
                      <Link to={`/teams/${encodeURIComponent(String(tm.id))}/receipt`} className="badge badge-warning" title={t('checks.flaggedHint')}>
                        {t('checks.flagged', { count: tm.flagged_files })}
                      </Link>
                    )}
                  </>
                ),
              },
              { header: t('teams.track'), cell: (tm) => c.tracks?.find((x) => x.slug === tm.track)?.title ?? tm.track },
              {
                header: t('teams.members'),
                cell: (tm) =>
                  tm.members?.length
                    ? tm.members.map((m, i) => (
                        <Fragment key={String(m.user_id)}>
                          {i > 0 && ', '}
                          <MemberName slug={c.slug} m={m} />
                        </Fragment>
                      ))
                    : '—',
              },
              {
                header: t('teams.submission'),
                cell: (tm) =>
                  tm.submitted ? (
                    <>
                      {t('teams.version', { v: tm.version, at: tm.submitted_at ? zone(tm.submitted_at) : '' })}
                      {tm.late && <span className="badge badge-warning">{t('teams.late')}</span>}
                    </>
                  ) : (
                    <span className="muted">{t('teams.notSubmitted')}</span>
                  ),
              },
              {
                header: t('teams.deadline'),
                cell: (tm) => (
                  <>
                    {zone(tm.deadline ?? c.submission_deadline)}
                    {tm.extended && <span className="badge">{t('teams.extended')}</span>}
                  </>
                ),
              },
              {
                header: t('common.actions'),
                srOnly: true,
                cell: (tm) => (
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setExt(tm)}>
                    {t('teams.extend')}
                  </button>
                ),
              },
            ]}
          />
        )}
      </section>
      {ext && <ExtensionForm c={c} team={ext} onDone={() => setExt(null)} />}
      <NearDuplicatesPanel slug={c.slug} />
    </div>
  );
}

/**
 * The extension form's starting value, as a wall time in the contest's zone:
 * the team's current extension if it has one, else the contest's deadline.
 * (A team's deadline is never before the contest's; anything earlier — a
 * missing or zero time — is ignored.)
 */
export function extensionDefault(team: Partial<Pick<Team, 'deadline' | 'deadline_extension'>>, c: Pick<Contest, 'submission_deadline' | 'timezone'>): string {
  const base = new Date(c.submission_deadline).getTime();
  const own = [team.deadline_extension, team.deadline].map((x) => (x ? new Date(x).getTime() : NaN)).find((x) => x > base);
  return isoToWallTime(new Date(own ?? base).toISOString(), c.timezone);
}

function ExtensionForm({ c, team, onDone }: { c: Contest; team: Team; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [when, setWhen] = useState(() => extensionDefault(team, c));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: () => api.grantExtension(team.id, { until: wallTimeToISO(when, c.timezone), reason: reason.trim() }),
    onSuccess: async () => {
      // The list shows the new deadline at once.
      await qc.invalidateQueries({ queryKey: keys.teams(c.slug) });
      onDone();
    },
  });
  const fe: Record<string, string> = { ...local, ...(m.error instanceof ApiError ? m.error.fields : {}) };
  if (fe.until) fe.deadline = fe.until;
  return (
    <section className="card" aria-labelledby="ext-title">
      <h2 id="ext-title">{t('teams.extendTitle', { name: team.name })}</h2>
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const errs: Record<string, string> = {};
          if (!when) errs.deadline = t('validation.required');
          if (!reason.trim()) errs.reason = t('validation.required');
          setLocal(errs);
          if (!Object.keys(errs).length) m.mutate();
        }}
      >
        <Field label={t('teams.newDeadline')} hint={c.timezone} error={fe.deadline} required>
          {(p) => <input {...p} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />}
        </Field>
        <Field label={t('teams.reason')} hint={t('teams.reasonHint')} error={fe.reason} required>
          {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        {m.error && !Object.keys(fe).length && <ErrorBox error={m.error} />}
        <div className="actions">
          <button className="btn btn-primary" type="submit" disabled={m.isPending}>
            {t('teams.grant')}
          </button>
          <button className="btn btn-ghost" type="button" onClick={onDone}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

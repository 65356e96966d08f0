import { useMutation, useQueryClient } from '@tanstack/react-query';
import Papa from 'papaparse';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Member, MemberFilter, MemberInput } from '../../api/model';
import { DataTable } from '../../components/DataTable';
import { InviteLinks } from '../../components/InviteLinks';
import { SearchField } from '../../components/SearchField';
import { ErrorBox, Field, Loading, Notice, useErrorText } from '../../components/ui';
import { useServerPages } from '../../hooks/useServerPages';
import type { TabProps } from './tabs';

/** One row of a members CSV (email, role, tracks separated by ; or |, organization). */
export function parseMembersCsv(text: string): { rows: MemberInput[]; errors: { line: number; message: string }[] } {
  const res = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim().toLowerCase() });
  const rows: MemberInput[] = [];
  const errors: { line: number; message: string }[] = [];
  res.data.forEach((r, i) => {
    const line = i + 2;
    const email = (r.email ?? '').trim();
    const role = ((r.role ?? 'judge').trim().toLowerCase() || 'judge') as MemberInput['role'];
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) return errors.push({ line, message: `invalid e-mail "${email}"` });
    if (role !== 'judge' && role !== 'organizer' && role !== 'track_lead') return errors.push({ line, message: `invalid role "${role}"` });
    rows.push({
      email,
      role,
      tracks: (r.tracks ?? '')
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter(Boolean),
      organization: (r.organization ?? r.organisation ?? '').trim(),
      scoped: false,
      prize: '',
    });
  });
  for (const e of res.errors) errors.push({ line: (e.row ?? 0) + 2, message: e.message });
  return { rows, errors };
}

/**
 * The contest's judges and organizers: the list (paged by the server, with a
 * role filter and a search), adding one, and inviting many from a CSV file.
 */
export function MembersTab({ c }: TabProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errText = useErrorText();
  const [role, setRole] = useState<MemberFilter['role']>('');
  // What is searched, once the organizer pauses typing (the box keeps the keystrokes).
  const [q, setQ] = useState('');
  const filter: MemberFilter = { role, q: q.trim() };
  const { list, rows, more } = useServerPages(keys.members(c.slug, filter), (after) => api.membersPage(c.slug, filter, after), t('members.more'));
  // Revoking an invitation kills its link; removing a member takes the role (both audited).
  const revoke = useMutation({
    mutationFn: (m: Member) => (m.invited ? api.revokeInvitation(c.slug, m.invitation_id ?? 0) : api.removeContestMember(c.slug, m.user_id ?? 0, m.role)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.members(c.slug) }),
  });
  const [form, setForm] = useState<MemberInput>({ email: '', role: 'judge', tracks: [], organization: '', scoped: false, prize: '' });
  const add = useMutation({
    mutationFn: (b: MemberInput) => api.addMember(c.slug, b),
    onSuccess: () => {
      setForm({ email: '', role: form.role, tracks: [], organization: '', scoped: false, prize: '' });
      void qc.invalidateQueries({ queryKey: keys.members(c.slug) });
    },
  });
  const fe = add.error instanceof ApiError ? add.error.fields : {};
  const [csv, setCsv] = useState<ReturnType<typeof parseMembersCsv> | null>(null);
  const [bulk, setBulk] = useState<{ email: string; ok: boolean; message?: string }[]>([]);
  const [bulkRunning, setBulkRunning] = useState(false);
  const runBulk = async () => {
    if (!csv) return;
    setBulkRunning(true);
    const out: typeof bulk = [];
    for (const r of csv.rows) {
      try {
        await api.addMember(c.slug, r);
        out.push({ email: r.email, ok: true });
      } catch (err) {
        out.push({ email: r.email, ok: false, message: errText(err) });
      }
      setBulk([...out]);
    }
    setBulkRunning(false);
    void qc.invalidateQueries({ queryKey: keys.members(c.slug) });
  };
  return (
    <div className="two-col">
      <section className="card">
        <h2>{t('members.title')}</h2>
        <div className="filters" role="search" aria-label={t('members.filters')}>
          <SearchField label={t('members.search')} hint={t('members.searchHint')} onSearch={setQ} />
          <Field label={t('members.role')}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as MemberFilter['role'])}>
                <option value="">{t('members.allRoles')}</option>
                <option value="organizer">{t('roles.organizer')}</option>
                <option value="track_lead">{t('roles.track_lead')}</option>
                <option value="judge">{t('roles.judge')}</option>
                <option value="invited">{t('members.invitedOnly')}</option>
              </select>
            )}
          </Field>
        </div>
        {revoke.error && <ErrorBox error={revoke.error} />}
        {list.isPending ? (
          <Loading />
        ) : list.error ? (
          list.error instanceof ApiError && list.error.status === 404 ? <p className="muted">{t('members.listUnavailable')}</p> : <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <DataTable
            rows={rows}
            rowKey={(m) => (m.invited ? `invitation-${m.invitation_id}` : `user-${m.user_id}`)}
            empty={filter.role || filter.q ? t('members.noMatch') : t('members.none')}
            more={more}
            columns={[
              {
                header: t('members.email'),
                cell: (m) => (
                  <>
                    {m.name ? `${m.name} ` : ''}
                    <span className="muted small">{m.email}</span>
                  </>
                ),
              },
              {
                header: t('members.role'),
                cell: (m) => (
                  <>
                    {t(`roles.${m.role}`, { defaultValue: m.role })}
                    {m.invited && <span className="badge">{t('members.invited')}</span>}
                  </>
                ),
              },
              { header: t('members.tracks'), cell: (m) => m.tracks?.map((slug) => c.tracks?.find((x) => x.slug === slug)?.title ?? slug).join(', ') || '—' },
              { header: t('members.organization'), cell: (m) => m.organization || '—' },
              {
                header: t('common.actions'),
                cell: (m) => (
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(m.invited ? t('members.revokeConfirm', { email: m.email }) : t('members.removeConfirm', { email: m.email }))) revoke.mutate(m);
                    }}
                  >
                    {m.invited ? t('members.revoke') : t('members.remove')}
                    <span className="sr-only"> {m.email}</span>
                  </button>
                ),
              },
            ]}
          />
        )}
      </section>
      <div className="stack">
        <section className="card">
          <h2>{t('members.add')}</h2>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate({ ...form, email: form.email.trim(), organization: form.organization.trim() });
            }}
          >
            <Field label={t('members.email')} error={fe.email} required>
              {(p) => <input {...p} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}
            </Field>
            <Field label={t('members.role')} error={fe.role}>
              {(p) => (
                <select {...p} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as MemberInput['role'] })}>
                  <option value="judge">{t('roles.judge')}</option>
                  <option value="track_lead">{t('roles.track_lead')}</option>
                  <option value="organizer">{t('roles.organizer')}</option>
                </select>
              )}
            </Field>
            {form.role !== 'organizer' && !!c.tracks?.length && (
              <fieldset className="checks">
                <legend>{form.role === 'track_lead' ? t('scoped.leadTracks') : t('members.tracks')}</legend>
                {fe.tracks && <p className="field-error">{fe.tracks}</p>}
                {c.tracks.map((tr) => (
                  <label className="check" key={tr.slug}>
                    <input
                      type="checkbox"
                      checked={(form.tracks ?? []).includes(tr.slug)}
                      onChange={(e) => setForm({ ...form, tracks: e.target.checked ? [...(form.tracks ?? []), tr.slug] : (form.tracks ?? []).filter((x) => x !== tr.slug) })}
                    />{' '}
                    {tr.title}
                  </label>
                ))}
                {form.role === 'judge' && (
                  <label className="check">
                    <input type="checkbox" checked={form.scoped} onChange={(e) => setForm({ ...form, scoped: e.target.checked })} /> {t('scoped.panel')}
                  </label>
                )}
              </fieldset>
            )}
            {form.role === 'judge' && (
              <Field label={t('scoped.prize')} error={fe.prize} hint={t('scoped.prizeHint')}>
                {(p) => <input {...p} value={form.prize} placeholder="sponsor=Acme" onChange={(e) => setForm({ ...form, prize: e.target.value })} />}
              </Field>
            )}
            <Field label={t('members.organization')} error={fe.organization} hint={t('members.organizationHint')}>
              {(p) => <input {...p} value={form.organization} onChange={(e) => setForm({ ...form, organization: e.target.value })} />}
            </Field>
            {add.error && !Object.keys(fe).length && <ErrorBox error={add.error} />}
            {add.isSuccess && <Notice kind="success">{t('members.added')}</Notice>}
            <button className="btn btn-primary" type="submit" disabled={add.isPending}>
              {t('members.addButton')}
            </button>
          </form>
        </section>
        <section className="card">
          <h2>{t('members.bulk')}</h2>
          <p className="small muted">{t('members.bulkHint')}</p>
          <pre className="code-block">email,role,tracks,organization{'\n'}judge1@example.org,judge,ai;health,ACME</pre>
          <Field label={t('members.csvFile')}>
            {(p) => (
              <input
                {...p}
                type="file"
                accept=".csv,text/csv"
                onChange={async (e) => {
                  const f = e.target.files?.[0];
                  setBulk([]);
                  setCsv(f ? parseMembersCsv(await f.text()) : null);
                }}
              />
            )}
          </Field>
          {csv && (
            <>
              <p>{t('members.csvRows', { n: csv.rows.length })}</p>
              {csv.errors.length > 0 && (
                <ul className="field-error">
                  {csv.errors.map((e, i) => (
                    <li key={i}>{t('members.csvLine', { line: e.line, message: e.message })}</li>
                  ))}
                </ul>
              )}
              <button type="button" className="btn btn-primary" disabled={!csv.rows.length || bulkRunning} onClick={() => void runBulk()}>
                {bulkRunning ? t('common.working') : t('members.invite', { n: csv.rows.length })}
              </button>
            </>
          )}
          {bulk.length > 0 && (
            <ul className="list small" aria-live="polite">
              {bulk.map((b, i) => (
                <li key={i} className={b.ok ? 'ok' : 'field-error'}>
                  {b.ok ? '✓' : '✗'} {b.email} {b.message ? `— ${b.message}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <InviteLinks c={c} />
    </div>
  );
}

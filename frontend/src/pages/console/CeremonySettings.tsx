import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ceremonyApi, type RevealCard } from '../../api/ceremony';
import type { Contest } from '../../api/model';
import { keys } from '../../api/keys';
import { ConfirmAction, ErrorBox, Field, Notice, QueryState } from '../../components/ui';
import { isoToWallTime, userTimeZone, wallTimeToISO } from '../../lib/time';
import { fieldError } from './FinalTab';

/** The address of a ceremony's audience screen. */
export const audienceUrl = (token: string) => `${window.location.origin}/show/${encodeURIComponent(token)}`;

/** list with its item i moved by delta places (a copy). */
export function moved<T>(list: T[], i: number, delta: number): T[] {
  const out = [...list];
  const j = Math.max(0, Math.min(out.length - 1, i + delta));
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** The ceremony's reveal order, its publication time and its audience link. */
export function CeremonySettings({ c }: { c: Contest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: keys.ceremony(c.slug), queryFn: () => ceremonyApi.presenter(c.slug) });
  const zone = c.timezone || userTimeZone();
  // The usual order chosen here ('': keep the saved one).
  const [order, setOrder] = useState('');
  // The organizer's own order, once they move an award (null: the order shown by the server).
  const [custom, setCustom] = useState<RevealCard[] | null>(null);
  const [publishAt, setPublishAt] = useState('');
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (q.data?.publish_at) setPublishAt(isoToWallTime(q.data.publish_at, zone));
  }, [q.data?.publish_at, zone]);
  const refresh = () => void qc.invalidateQueries({ queryKey: keys.ceremony(c.slug) });
  const save = useMutation({
    mutationFn: () =>
      ceremonyApi.configure(c.slug, {
        default: order || 'overall',
        order: (custom ?? (order === '' && q.data?.custom ? q.data.order : null))?.map((r) => ({ entry_id: r.entry_id, award: r.award })),
        publish_at: publishAt ? wallTimeToISO(publishAt, zone) : '',
        revision: q.data?.revision ?? 0,
      }),
    onSuccess: () => {
      setDone(true);
      setCustom(null);
      setOrder('');
      refresh();
    },
    onError: refresh,
  });
  const link = useMutation({ mutationFn: () => ceremonyApi.newLink(c.slug, q.data?.revision ?? 0), onSettled: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    save.mutate();
  };
  return (
    <section className="card">
      <h2>{t('ceremony.title')}</h2>
      <p className="small muted">{t('ceremony.hint')}</p>
      <QueryState q={q}>
        {(v) => (
          <div className="stack">
            <p>
              <Link className="btn btn-primary" to={`/present/${encodeURIComponent(c.slug)}`}>
                {t('ceremony.present')}
              </Link>{' '}
              <span className="badge">{t(`ceremony.states.${v.state}`)}</span>
            </p>
            <div>
              <p className="small">{t('ceremony.audienceLink')}</p>
              <p className="small">
                <a href={audienceUrl(v.audience_token)} target="_blank" rel="noreferrer" className="break">
                  {audienceUrl(v.audience_token)}
                </a>
              </p>
              <div className="actions-inline">
                <ConfirmAction label={t('ceremony.newLink')} question={t('ceremony.newLinkQuestion')} confirmLabel={t('final.confirm')}
                  pending={link.isPending} onConfirm={() => link.mutate()} />
              </div>
              {link.error ? <ErrorBox error={link.error} /> : null}
            </div>
            <h3>{t('ceremony.order')}</h3>
            {(v.order ?? []).length === 0 ? (
              <Notice kind="warning">{t('ceremony.noAwards')}</Notice>
            ) : (
              <>
                <p className="small muted">{t('ceremony.orderHint')}</p>
                <ol className="small reveal-order">
                  {(custom ?? v.order ?? []).map((r, i, list) => (
                    <li key={`${r.entry_id}:${r.award}`}>
                      {r.award} — {r.team_name} ({r.title}){' '}
                      <button type="button" className="btn btn-ghost" disabled={i === 0 || v.state === 'running'}
                        aria-label={t('ceremony.moveUp', { award: r.award, team: r.team_name })} onClick={() => setCustom(moved(list, i, -1))}>
                        ↑
                      </button>
                      <button type="button" className="btn btn-ghost" disabled={i === list.length - 1 || v.state === 'running'}
                        aria-label={t('ceremony.moveDown', { award: r.award, team: r.team_name })} onClick={() => setCustom(moved(list, i, 1))}>
                        ↓
                      </button>
                    </li>
                  ))}
                </ol>
              </>
            )}
            <form className="stack" onSubmit={submit}>
              <Field label={t('ceremony.defaultOrder')}>
                {(p) => (
                  <select {...p} value={order || (v.custom ? 'custom' : 'overall')} onChange={(e) => {
                    setOrder(e.target.value === 'custom' ? '' : e.target.value);
                    setCustom(null);
                  }}>
                    {v.custom && <option value="custom">{t('ceremony.customOrder')}</option>}
                    <option value="overall">{t('ceremony.overall')}</option>
                    <option value="by_track">{t('ceremony.byTrack')}</option>
                  </select>
                )}
              </Field>
              <Field label={`${t('ceremony.publishAt')} (${zone})`} error={fieldError(save.error, 'publish_at')}>
                {(p) => <input {...p} type="datetime-local" value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />}
              </Field>
              {save.error && !fieldError(save.error, 'publish_at') ? <ErrorBox error={save.error} /> : null}
              {done && <Notice kind="success">{t('ceremony.savedSettings')}</Notice>}
              <div className="actions">
                <button className="btn btn-secondary" type="submit" disabled={save.isPending}>
                  {t('ceremony.saveSettings')}
                </button>
              </div>
            </form>
          </div>
        )}
      </QueryState>
    </section>
  );
}

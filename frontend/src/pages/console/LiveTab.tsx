// The console's live-final tab: make a round live (rooms with their judges
// and moderator, pitch and question minutes, start, breaks), build the
// schedule, move or swap teams, and open each room's display, moderator
// page and the public timetable.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { liveApi, liveKeys, type LiveSetup, type LiveSetupInput, type LiveSlot } from '../../api/live';
import type { Contest, Id, SlotMove, SlotSwap } from '../../api/model';
import type { TabProps } from './tabs';
import { ConfirmAction, Empty, ErrorBox, Field, Loading, Notice } from '../../components/ui';
import { formatInZone, isoToWallTime, wallTimeToISO } from '../../lib/time';
import { DataTable } from '../../components/DataTable';
import { slotColumns } from '../../components/slotColumns';
import { dropChange, slotDragType, type DropTarget } from './liveDrag';

const setupKey = liveKeys.setup;

/** The live tab of a contest; sub is the chosen round's id. */
export function LiveTab({ c, sub }: TabProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rounds = useQuery({ queryKey: keys.rounds(c.slug), queryFn: () => api.listRounds(c.slug) });
  if (rounds.isPending) return <Loading />;
  if (rounds.error) return <ErrorBox error={rounds.error} />;
  const list = rounds.data ?? [];
  if (list.length === 0) return <Empty>{t('live.noRounds')}</Empty>;
  const current = sub || String(list[list.length - 1].id);
  return (
    <div className="stack">
      <Field label={t('live.chooseRound')}>
        {(p) => (
          <select {...p} value={current} onChange={(e) => navigate(`/organize/${encodeURIComponent(c.slug)}/live/${e.target.value}`)}>
            {list.map((r) => (
              <option key={String(r.id)} value={String(r.id)}>
                {r.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <LiveRound key={current} c={c} round={current} />
    </div>
  );
}

function LiveRound({ c, round }: { c: Contest; round: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: setupKey(round), queryFn: () => liveApi.setup(round), retry: false });
  if (q.isPending) return <Loading />;
  const notLive = q.error instanceof ApiError && q.error.status === 404;
  if (q.error && !notLive) return <ErrorBox error={q.error} />;
  const setup = notLive ? undefined : q.data;
  return (
    <div className="stack">
      {!setup && <Notice>{t('live.notLive')}</Notice>}
      <SetupForm c={c} round={round} setup={setup} />
      {setup && <Schedule c={c} round={round} setup={setup} />}
    </div>
  );
}

interface RoomDraft {
  name: string;
  judges: string[];
  moderator: string;
}

function SetupForm({ c, round, setup }: { c: Contest; round: string; setup?: LiveSetup }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  // Every judge with an account (an invitation cannot sit in a room), page after page.
  const members = useQuery({ queryKey: keys.allMembers(c.slug, { role: 'judge' }), queryFn: () => api.allMembers(c.slug, { role: 'judge' }) });
  const judges = members.data ?? [];
  const [pitch, setPitch] = useState(String((setup?.pitch_seconds ?? 360) / 60));
  const [qa, setQa] = useState(String((setup?.qa_seconds ?? 240) / 60));
  const [start, setStart] = useState(isoToWallTime(setup?.starts_at, c.timezone));
  const [breaks, setBreaks] = useState((setup?.breaks ?? []).map((b) => ({ starts_at: isoToWallTime(b.starts_at, c.timezone), minutes: String(b.minutes) })));
  const [rooms, setRooms] = useState<RoomDraft[]>(
    setup?.rooms?.map((r) => ({ name: r.name, judges: (r.judges ?? []).map((j) => j.email), moderator: r.moderator })) ?? [{ name: '', judges: [], moderator: '' }],
  );
  const [saved, setSaved] = useState(false);
  const m = useMutation({
    mutationFn: (b: LiveSetupInput) => liveApi.saveSetup(round, b),
    onSuccess: (s) => {
      setSaved(true);
      qc.setQueryData(setupKey(round), s);
    },
  });
  const problems = m.error instanceof ApiError ? m.error.problems : {};
  const err = (k: string) => problems[k]?.message;
  const setRoom = (i: number, r: Partial<RoomDraft>) => setRooms(rooms.map((x, k) => (k === i ? { ...x, ...r } : x)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    m.mutate({
      pitch_minutes: Number(pitch),
      qa_minutes: Number(qa),
      starts_at: start ? wallTimeToISO(start, c.timezone) : '',
      breaks: breaks.map((b) => ({ starts_at: b.starts_at ? wallTimeToISO(b.starts_at, c.timezone) : '', minutes: Number(b.minutes) })),
      rooms: rooms.map((r) => ({ name: r.name, judges: r.judges, moderator: r.moderator || undefined })),
    });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('live.setup')}>
      <h2>{t('live.setup')}</h2>
      {saved && <Notice kind="success">{t('live.saved')}</Notice>}
      <div className="actions">
        <Field label={t('live.pitchMinutes')} error={err('pitch_minutes')}>
          {(p) => <input {...p} type="number" min="0.5" step="0.5" value={pitch} onChange={(e) => setPitch(e.target.value)} />}
        </Field>
        <Field label={t('live.qaMinutes')} error={err('qa_minutes')}>
          {(p) => <input {...p} type="number" min="0" step="0.5" value={qa} onChange={(e) => setQa(e.target.value)} />}
        </Field>
        <Field label={t('live.startsAt', { zone: c.timezone })} error={err('starts_at')} required>
          {(p) => <input {...p} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
      </div>
      <fieldset className="stack">
        <legend>{t('live.breaks')}</legend>
        {breaks.map((b, i) => (
          <div className="actions" key={i}>
            <Field label={t('live.breakStart')} error={err(`breaks[${i}].starts_at`)}>
              {(p) => <input {...p} type="datetime-local" value={b.starts_at} onChange={(e) => setBreaks(breaks.map((x, k) => (k === i ? { ...x, starts_at: e.target.value } : x)))} />}
            </Field>
            <Field label={t('live.breakMinutes')} error={err(`breaks[${i}].minutes`)}>
              {(p) => <input {...p} type="number" min="1" value={b.minutes} onChange={(e) => setBreaks(breaks.map((x, k) => (k === i ? { ...x, minutes: e.target.value } : x)))} />}
            </Field>
            <button type="button" className="btn btn-secondary" onClick={() => setBreaks(breaks.filter((_, k) => k !== i))}>
              {t('live.remove')}
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="btn btn-secondary" onClick={() => setBreaks([...breaks, { starts_at: '', minutes: '15' }])}>
            {t('live.addBreak')}
          </button>
        </div>
      </fieldset>
      <fieldset className="stack">
        <legend>{t('live.rooms')}</legend>
        {err('rooms') && <p className="field-error">{err('rooms')}</p>}
        {rooms.map((r, i) => (
          <div className="card stack" key={i}>
            <Field label={t('live.roomName')} error={err(`rooms[${i}].name`)} required>
              {(p) => <input {...p} value={r.name} onChange={(e) => setRoom(i, { name: e.target.value })} />}
            </Field>
            <fieldset>
              <legend>{t('live.roomJudges')}</legend>
              {judges.length === 0 && <p className="muted small">{t('live.noJudges')}</p>}
              {judges.map((j) => (
                <label key={j.email} className="check">
                  <input
                    type="checkbox"
                    checked={r.judges.includes(j.email)}
                    onChange={(e) => setRoom(i, { judges: e.target.checked ? [...r.judges, j.email] : r.judges.filter((x) => x !== j.email), moderator: !e.target.checked && r.moderator === j.email ? '' : r.moderator })}
                  />{' '}
                  {j.name || j.email}
                </label>
              ))}
              {Object.entries(problems)
                .filter(([k]) => k.startsWith(`rooms[${i}].judges`))
                .map(([k, p]) => (
                  <p key={k} className="field-error">
                    {p.message}
                  </p>
                ))}
            </fieldset>
            <Field label={t('live.moderator')} error={err(`rooms[${i}].moderator`)}>
              {(p) => (
                <select {...p} value={r.moderator} onChange={(e) => setRoom(i, { moderator: e.target.value })}>
                  <option value="">{t('live.moderatorOrganizers')}</option>
                  {r.judges.map((email) => (
                    <option key={email} value={email}>
                      {judges.find((j) => j.email === email)?.name || email}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {rooms.length > 1 && (
              <div>
                <button type="button" className="btn btn-secondary" onClick={() => setRooms(rooms.filter((_, k) => k !== i))}>
                  {t('live.removeRoom')}
                </button>
              </div>
            )}
          </div>
        ))}
        <div>
          <button type="button" className="btn btn-secondary" onClick={() => setRooms([...rooms, { name: '', judges: [], moderator: '' }])}>
            {t('live.addRoom')}
          </button>
        </div>
      </fieldset>
      {m.error && <ErrorBox error={m.error} />}
      <div className="actions">
        <button className="btn btn-primary" type="submit" disabled={m.isPending}>
          {t('live.save')}
        </button>
      </div>
    </form>
  );
}

function Schedule({ c, round, setup }: { c: Contest; round: string; setup: LiveSetup }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const onSuccess = (s: LiveSetup) => qc.setQueryData(setupKey(round), s);
  const build = useMutation({ mutationFn: () => liveApi.build(round), onSuccess });
  const move = useMutation({ mutationFn: (b: SlotMove) => liveApi.move(round, b), onSuccess });
  const swap = useMutation({ mutationFn: (b: SlotSwap) => liveApi.swap(round, b), onSuccess });
  const token = useMutation({ mutationFn: (room: Id) => liveApi.newDisplayToken(room), onSuccess: () => void qc.invalidateQueries({ queryKey: setupKey(round) }) });
  const time = (iso: string) => formatInZone(iso, c.timezone, i18n.language, { hour: '2-digit', minute: '2-digit', month: 'short', day: 'numeric' });
  const slots = setup.slots ?? [];
  const unplaced = setup.unplaced ?? [];
  const built = slots.length > 0;
  const [dragged, setDragged] = useState<LiveSlot>();
  const drop = (target: DropTarget) => {
    const change = dropChange(dragged, target);
    setDragged(undefined);
    if (change?.kind === 'swap') swap.mutate({ a: change.a, b: change.b });
    else if (change?.kind === 'move') move.mutate({ entry_id: change.entry_id, room_id: change.room_id, position: change.position });
  };
  return (
    <section className="card stack" aria-label={t('live.schedule')}>
      <h2>{t('live.schedule')}</h2>
      <p className="muted small">{t('live.buildHint')}</p>
      {built && <p className="muted small">{t('live.dragHint')}</p>}
      <div className="actions">
        {built ? (
          <ConfirmAction label={t('live.rebuild')} question={t('live.rebuildConfirm')} confirmLabel={t('live.rebuild')} pending={build.isPending} onConfirm={() => build.mutate()} />
        ) : (
          <button className="btn btn-primary" type="button" disabled={build.isPending} onClick={() => build.mutate()}>
            {t('live.build')}
          </button>
        )}
        <Link className="btn btn-secondary" to={`/live/timetable/${round}`} target="_blank">
          {t('live.timetableLink')}
        </Link>
      </div>
      {[build.error, move.error, swap.error, token.error].map((e, i) => e && <ErrorBox key={i} error={e} />)}
      {unplaced.length > 0 && (
        <Notice kind="warning">
          {t('live.unplaced', { count: unplaced.length })} {unplaced.map((u) => `#${u.entry_id} (${u.reason})`).join(', ')}
        </Notice>
      )}
      {!built && <Empty>{t('live.noSchedule')}</Empty>}
      {(setup.rooms ?? []).map((room) => {
        const inRoom = slots.filter((s) => s.room_id === room.id);
        return (
          <section key={String(room.id)} className="stack" aria-label={room.name}>
            <h3
              onDragOver={(e) => dropChange(dragged, { room: room.id }) && e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                drop({ room: room.id });
              }}
            >
              {room.name}
            </h3>
            <p className="small muted">
              {(room.judges ?? []).map((j) => j.name || j.email).join(', ')}
              {room.moderator && ` · ${t('live.moderator')}: ${room.moderator}`}
            </p>
            <div className="actions">
              <a className="btn btn-secondary" href={`/live/display/${room.display_token}`} target="_blank" rel="noreferrer">
                {t('live.displayLink')}
              </a>
              <Link className="btn btn-secondary" to={`/live/rooms/${room.id}`}>
                {t('live.moderatorLink')}
              </Link>
              <ConfirmAction label={t('live.newLink')} question={t('live.newLinkConfirm')} confirmLabel={t('live.newLink')} pending={token.isPending} onConfirm={() => token.mutate(room.id)} />
            </div>
            {inRoom.length > 0 && (
              <DataTable
                columns={[...slotColumns(t, time), { header: t('live.change'), cell: (s) => <SlotChange s={s} setup={setup} onMove={(b) => move.mutate(b)} onSwap={(b) => swap.mutate(b)} /> }]}
                rows={inRoom}
                rowKey={(s) => String(s.id)}
                rowProps={(s) => ({
                  draggable: s.status === 'scheduled',
                  style: s.status === 'scheduled' ? { cursor: 'grab', opacity: dragged && String(dragged.id) === String(s.id) ? 0.5 : undefined } : undefined,
                  onDragStart: (e) => {
                    e.dataTransfer.setData(slotDragType, String(s.id));
                    e.dataTransfer.effectAllowed = 'move';
                    setDragged(s);
                  },
                  onDragEnd: () => setDragged(undefined),
                  onDragOver: (e) => dropChange(dragged, { slot: s }) && e.preventDefault(),
                  onDrop: (e) => {
                    e.preventDefault();
                    drop({ slot: s });
                  },
                })}
              />
            )}
          </section>
        );
      })}
    </section>
  );
}

/** A slot's move and swap form (pick a room, or a team to swap with): the keyboard and phone path besides drag and drop. */
function SlotChange({ s, setup, onMove, onSwap }: { s: LiveSlot; setup: LiveSetup; onMove: (b: SlotMove) => void; onSwap: (b: SlotSwap) => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const waiting = s.status === 'scheduled';
  const apply = () => {
    if (target.startsWith('room:')) onMove({ entry_id: s.entry_id, room_id: Number(target.slice(5)), position: 0 });
    else if (target.startsWith('team:')) onSwap({ a: s.entry_id, b: Number(target.slice(5)) });
    setTarget('');
  };
  if (!waiting) return null;
  return (
    <span className="actions-inline">
      <select aria-label={t('live.changeOf', { team: s.team_name })} value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value="">—</option>
        <optgroup label={t('live.moveTo')}>
          {(setup.rooms ?? [])
            .filter((r) => r.id !== s.room_id)
            .map((r) => (
              <option key={String(r.id)} value={`room:${r.id}`}>
                {r.name}
              </option>
            ))}
        </optgroup>
        <optgroup label={t('live.swapWith')}>
          {(setup.slots ?? [])
            .filter((o) => o.id !== s.id && o.status === 'scheduled')
            .map((o) => (
              <option key={String(o.id)} value={`team:${o.entry_id}`}>
                {o.team_name}
              </option>
            ))}
        </optgroup>
      </select>
      <button type="button" className="btn btn-secondary" disabled={!target} onClick={apply}>
        {t('live.apply')}
      </button>
    </span>
  );
}

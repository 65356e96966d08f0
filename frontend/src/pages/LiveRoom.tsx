// The live room's screens: the room display (full screen, no sign-in, by
// its link), the moderator's phone, the judges following the room, and the
// public timetable. Every screen receives the room's state as server-sent
// events and computes the countdown locally from the state's server-clock
// instants, corrected by the server's time (lib/liveclock.ts): a reload
// or a reconnect resumes at the right second.

import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import { liveApi, liveKeys, type RoomAction, type RoomPhase, type RoomView } from '../api/live';
import { DataTable } from '../components/DataTable';
import { slotColumns } from '../components/slotColumns';
import { RequireAuth } from '../components/RequireAuth';
import { ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { clockOffset, formatClock, phaseAt } from '../lib/liveclock';
import { formatInZone } from '../lib/time';
import './live.css';

/** A room's latest state with the server-clock offset measured at its receipt. */
interface Received {
  view: RoomView;
  offset: number;
}

/**
 * Follows a room: its state now (load) and after every change (the event
 * stream at url, which reconnects by itself; until it does the clock keeps
 * counting from the last state).
 */
function useRoom(load: () => Promise<RoomView>, url: string | null): { room?: Received; error?: unknown; connected: boolean; apply: (v: RoomView) => void } {
  const [room, setRoom] = useState<Received>();
  const [error, setError] = useState<unknown>();
  const [connected, setConnected] = useState(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const apply = (v: RoomView) =>
    setRoom((prev) => (prev && prev.view.room_id === v.room_id && prev.view.clock.revision > v.clock.revision ? prev : { view: v, offset: clockOffset(v.server_time, Date.now()) }));
  useEffect(() => {
    let closed = false;
    loadRef.current().then(
      (v) => !closed && apply(v),
      (e) => !closed && setError(e),
    );
    if (!url || typeof EventSource === 'undefined') return () => void (closed = true);
    const es = new EventSource(url, { withCredentials: true });
    es.addEventListener('room', (ev) => {
      setConnected(true);
      setError(undefined);
      apply(JSON.parse((ev as MessageEvent<string>).data) as RoomView);
    });
    es.onerror = () => setConnected(false);
    return () => {
      closed = true;
      es.close();
    };
  }, [url]);
  return { room, error, connected, apply };
}

/** The room's phase and remaining time now, ticking a few times a second. */
function useTicking(room?: Received): { phase: RoomPhase; remainingMs: number; at: number } {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(id);
  }, []);
  if (!room) return { phase: 'idle', remainingMs: 0, at: now };
  return { ...phaseAt(room.view.clock, now + room.offset), at: now + room.offset };
}

/** Beeps (WebAudio) and flashes when a phase's time runs out. */
function useAlarm(phase: RoomPhase): { flash: boolean; sound: boolean; enableSound: () => void } {
  const prev = useRef(phase);
  const ctx = useRef<AudioContext | null>(null);
  const [flash, setFlash] = useState(false);
  const [sound, setSound] = useState(false);
  const enableSound = () => {
    const AC = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AC) return;
    ctx.current ??= new AC();
    void ctx.current.resume().then(() => setSound(ctx.current?.state === 'running'));
  };
  useEffect(() => {
    const ended = (prev.current === 'pitch' && phase === 'qa') || (prev.current === 'qa' && phase === 'over');
    prev.current = phase;
    if (!ended) return;
    setFlash(true);
    const c = ctx.current;
    if (c && c.state === 'running') {
      for (let i = 0; i < 3; i++) {
        const o = c.createOscillator();
        const g = c.createGain();
        o.frequency.value = 880;
        g.gain.value = 0.3;
        o.connect(g).connect(c.destination);
        o.start(c.currentTime + i * 0.4);
        o.stop(c.currentTime + i * 0.4 + 0.25);
      }
    }
    const id = setTimeout(() => setFlash(false), 4000);
    return () => clearTimeout(id);
  }, [phase]);
  return { flash, sound, enableSound };
}

/** The phase and its countdown; data-ms and data-at (the server-clock instant it was computed for) let tests compare it with the server. */
function PhaseClock({ phase, remainingMs, at, paused, big }: { phase: RoomPhase; remainingMs: number; at: number; paused: boolean; big?: boolean }) {
  const { t } = useTranslation();
  const running = phase === 'pitch' || phase === 'qa' || phase === 'over';
  return (
    <div className={`live-clock live-${phase}${big ? ' live-clock-big' : ''}`}>
      <div className="live-phase" data-testid="live-phase">
        {t(`live.phase.${phase}`)}
        {paused && ` · ${t('live.paused')}`}
      </div>
      {running && (
        <div className="live-count" role="timer" aria-live="off" data-testid="live-remaining" data-ms={Math.round(remainingMs)} data-at={Math.round(at)}>
          {formatClock(remainingMs)}
        </div>
      )}
    </div>
  );
}

/** The full-screen room display, opened by its link on the projector. */
export function LiveDisplayPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const { room, error, connected } = useRoom(() => liveApi.display(token), liveApi.displayStreamUrl(token));
  const { phase, remainingMs, at } = useTicking(room);
  const { flash, sound, enableSound } = useAlarm(phase);
  if (!room) return error ? <ErrorBox error={error} /> : <Loading />;
  const v = room.view;
  return (
    <main className={`live-display${flash ? ' live-flash' : ''}`} data-testid="live-display">
      <header className="live-display-head">
        <span>{v.room_name}</span>
        <span className="muted">{v.round_name}</span>
      </header>
      {v.current ? (
        <section className="live-now">
          <div className="live-team" data-testid="live-team">
            {v.current.team_name}
          </div>
          <div className="live-title">{v.current.title}</div>
        </section>
      ) : (
        <section className="live-now">
          <div className="live-team">{t('live.phase.finished')}</div>
        </section>
      )}
      <PhaseClock phase={phase} remainingMs={remainingMs} at={at} paused={v.paused} big />
      <footer className="live-display-foot">
        {v.next && (
          <span>
            {t('live.next')}: <strong>{v.next.team_name}</strong>
          </span>
        )}
        {!connected && <span className="live-warn">{t('live.reconnecting')}</span>}
        {!sound && (
          <button type="button" className="btn btn-secondary" onClick={enableSound}>
            {t('live.soundOn')}
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
          {t('live.fullScreen')}
        </button>
      </footer>
    </main>
  );
}

/** A room for its moderator (controls) or for one of its judges (follow and score). */
export function LiveRoomPage() {
  return (
    <RequireAuth>
      <RoomLoader />
    </RequireAuth>
  );
}

function RoomLoader() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { room, error, connected, apply } = useRoom(() => liveApi.room(id), liveApi.roomStreamUrl(id));
  const { phase, remainingMs, at } = useTicking(room);
  const act = useMutation({ mutationFn: (a: RoomAction) => liveApi.act(id, a), onSuccess: apply });
  if (!room) return error ? <ErrorBox error={error} /> : <Loading />;
  const v = room.view;
  const team = (s: RoomView['current']) => (s ? s.team_name || s.title || t('live.hiddenTeam') : '—');
  const button = (label: string, a: RoomAction, kind = 'btn-secondary') => (
    <button type="button" className={`btn ${kind}`} disabled={act.isPending} onClick={() => act.mutate(a)}>
      {label}
    </button>
  );
  return (
    <div className="stack live-room">
      <PageTitle>{v.room_name}</PageTitle>
      <p className="muted">{v.round_name}</p>
      {!connected && <Notice kind="warning">{t('live.reconnecting')}</Notice>}
      <section className="card stack">
        <div>
          {t('live.now')}: <strong data-testid="live-current">{team(v.current)}</strong>
          {v.current?.title && v.current.team_name && <span className="muted"> — {v.current.title}</span>}
        </div>
        <PhaseClock phase={phase} remainingMs={remainingMs} at={at} paused={v.paused} />
        <div className="muted small">
          {t('live.next')}: {team(v.next)}
        </div>
        {v.current && v.judges > 0 && (
          <div className="small" data-testid="live-scored">
            {t('live.scored', { done: v.scored, total: v.judges })}
          </div>
        )}
      </section>
      {v.can_moderate ? (
        <section className="card stack" aria-label={t('live.controls')}>
          <div className="live-controls">
            {phase === 'idle' && button(t('live.act.start'), { action: 'start' }, 'btn-primary')}
            {phase !== 'idle' && phase !== 'finished' && !v.paused && button(t('live.act.pause'), { action: 'pause' })}
            {v.paused && button(t('live.act.resume'), { action: 'resume' }, 'btn-primary')}
            {phase !== 'finished' && button(t('live.act.extend'), { action: 'extend', seconds: 60 })}
            {phase === 'pitch' && button(t('live.act.qa'), { action: 'qa' })}
            {phase !== 'idle' && phase !== 'finished' && button(t('live.act.next'), { action: 'next' }, 'btn-primary')}
            {phase !== 'finished' && button(t('live.act.absent'), { action: 'skip', reason: 'absent' })}
            {phase !== 'finished' && button(t('live.act.no_show'), { action: 'skip', reason: 'no_show' })}
          </div>
          {act.error && <ErrorBox error={act.error} />}
        </section>
      ) : (
        <JudgeFollow v={v} />
      )}
      <RoomSlots v={v} />
    </div>
  );
}

/** A judge's view of the room: the current entry's scoring screen opens by itself. */
function JudgeFollow({ v }: { v: RoomView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = useQuery({ queryKey: keys.myAssignments(), queryFn: api.myAssignments });
  const aid = v.current ? mine.data?.find((a) => String(a.entry_id) === String(v.current?.entry_id) && String(a.round_id) === String(v.round_id))?.id : undefined;
  useEffect(() => {
    if (aid) navigate(`/judge/assignments/${aid}?room=${v.room_id}`);
  }, [aid, navigate, v.room_id]);
  return <p className="muted">{t('live.following', { room: v.room_name })}</p>;
}

/**
 * On the judge's scoring screen opened from a room (?room=): when the room
 * moves on, the next entry opens by itself. A judge who falls behind
 * stops following and finishes later from their list.
 */
export function LiveFollowBar({ entryId }: { entryId: string | number }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const roomId = params.get('room');
  if (!roomId) return null;
  return (
    <Notice>
      <FollowRoom roomId={roomId} entryId={String(entryId)} />{' '}
      <button type="button" className="btn btn-secondary" onClick={() => setParams({})}>
        {t('live.stopFollowing')}
      </button>
    </Notice>
  );
}

function FollowRoom({ roomId, entryId }: { roomId: string; entryId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { room } = useRoom(() => liveApi.room(roomId), liveApi.roomStreamUrl(roomId));
  const mine = useQuery({ queryKey: keys.myAssignments(), queryFn: api.myAssignments });
  const current = room?.view.current;
  const first = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!current) return;
    const now = String(current.entry_id);
    if (first.current === undefined) {
      first.current = now; // the entry that was on when the page opened
      return;
    }
    if (now === first.current || now === entryId) return;
    const a = mine.data?.find((x) => String(x.entry_id) === now && String(x.round_id) === String(room?.view.round_id));
    if (a) navigate(`/judge/assignments/${a.id}?room=${roomId}`);
  }, [current, entryId, mine.data, navigate, room?.view.round_id, roomId]);
  return <span>{t('live.following', { room: room?.view.room_name ?? '' })}</span>;
}

function RoomSlots({ v }: { v: RoomView }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card">
      <h2>{t('live.timetable')}</h2>
      <ol className="live-slots">
        {(v.slots ?? []).map((s) => (
          <li key={String(s.id)} className={s.id === v.current?.id ? 'live-slot-current' : undefined}>
            {formatInZone(s.starts_at, v.timezone, i18n.language, { hour: '2-digit', minute: '2-digit' })} · {s.team_name || s.title} ·{' '}
            <span className="muted">{t(`live.slotStatus.${s.status}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The public timetable of a live round, room by room. */
export function LiveTimetablePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: liveKeys.timetable(id), queryFn: () => liveApi.timetable(id) });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} />;
  const tt = q.data;
  return (
    <div className="stack">
      <PageTitle>{`${tt.round_name} — ${t('live.timetable')}`}</PageTitle>
      {(tt.rooms ?? []).map((r) => (
        <section key={r.name} className="card">
          <h2>{r.name}</h2>
          <DataTable columns={slotColumns(t, (iso) => formatInZone(iso, tt.timezone, i18n.language, { hour: '2-digit', minute: '2-digit' }))} rows={r.slots ?? []} rowKey={(s) => String(s.id)} />
        </section>
      ))}
    </div>
  );
}

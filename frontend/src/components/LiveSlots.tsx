// The small live-final pieces shown on other pages: a judge's rooms (on
// the judging home page) and a team's pitch slots (on its team page).

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { liveApi, liveKeys } from '../api/live';
import { formatInZone } from '../lib/time';

/** The judge's rooms, on the judging home page. */
export function MyLiveRooms() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: liveKeys.myRooms(), queryFn: liveApi.myRooms });
  if (!q.data?.length) return null;
  return (
    <section className="card stack">
      <h2>{t('live.myRooms')}</h2>
      <ul>
        {q.data.map((r) => (
          <li key={String(r.room_id)}>
            <Link to={`/live/rooms/${r.room_id}`}>
              {r.room_name} · {r.round_name}
            </Link>
            {r.moderator && <span className="muted small"> · {t('live.youModerate')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A team's pitch slots, on its team page. */
export function TeamLiveSlots({ teamId, timezone }: { teamId: string | number; timezone: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: liveKeys.teamSlots(teamId), queryFn: () => liveApi.teamSlots(teamId) });
  if (!q.data?.length) return null;
  return (
    <section className="card stack" aria-label={t('live.teamSlot')}>
      <h2>{t('live.teamSlot')}</h2>
      {q.data.map((s) => (
        <p key={`${s.round_id}`} data-testid="team-live-slot">
          {t('live.teamSlotText', { round: s.round_name, room: s.room_name, time: formatInZone(s.starts_at, timezone, i18n.language, { dateStyle: 'medium', timeStyle: 'short' }) })}{' '}
          <Link to={`/live/timetable/${s.round_id}`}>{t('live.timetable')}</Link>
          {s.status !== 'scheduled' && <span className="muted"> · {t(`live.slotStatus.${s.status}`)}</span>}
        </p>
      ))}
    </section>
  );
}


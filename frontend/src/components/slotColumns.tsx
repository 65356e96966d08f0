// The columns a live round's slots show wherever they are listed (the
// public timetable and the console's schedule), for a DataTable.

import type { TFunction } from 'i18next';
import type { LiveSlot } from '../api/live';
import type { Column } from './DataTable';

/** The time, team, entry and status columns of a slot; time formats a slot's start. */
export function slotColumns(t: TFunction, time: (iso: string) => string): Column<LiveSlot>[] {
  return [
    { header: t('live.time'), cell: (s) => time(s.starts_at) },
    { header: t('live.team'), cell: (s) => s.team_name },
    { header: t('live.entry'), cell: (s) => s.title },
    { header: t('live.status'), cell: (s) => t(`live.slotStatus.${s.status}`) },
  ];
}

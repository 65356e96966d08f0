// The order of a round's judges in the console's progress table.

import type { JudgeProgress } from '../api/model';

/**
 * Orders a round's judges so that the organizer sees first who needs
 * chasing: the most overdue reviews, then the most pending, then by name
 * (the e-mail when there is none) in the natural order of the reader's
 * language — "Judge 2" before "Judge 10", Chinese names by pinyin for
 * zh-CN — and finally by e-mail and id, so that equal rows never swap
 * between two updates of the live progress.
 *
 * Decision: this is sorted here, in the SPA, not by the server. Natural
 * order depends on the language of whoever reads the table, and the
 * server answers the live progress of a round once for all its watchers
 * (organizers reading in English and in Chinese share one load), so it
 * cannot collate for each. Sorting 500 judges on each update costs the
 * browser well under a millisecond. The server's own order (by e-mail)
 * is left as it is: only this table reads it.
 */
export function judgesToChase<T extends Pick<JudgeProgress, 'judge_id' | 'name' | 'email' | 'pending' | 'overdue'>>(judges: readonly T[], lang: string): T[] {
  const collator = new Intl.Collator(lang, { numeric: true });
  return [...judges].sort(
    (a, b) =>
      b.overdue - a.overdue ||
      b.pending - a.pending ||
      collator.compare(a.name || a.email, b.name || b.email) ||
      collator.compare(a.email, b.email) ||
      a.judge_id - b.judge_id,
  );
}

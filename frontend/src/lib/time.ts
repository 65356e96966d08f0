// Dates, deadlines and countdowns. The server's clock decides deadlines; the UI
// shows them in the contest's time zone and in the user's own.

/** Parts of a remaining duration. */
export interface Remaining {
  past: boolean;
  totalMs: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Splits the time from `now` until `deadline` (both ms since epoch). */
export function remaining(deadline: number, now: number): Remaining {
  const diff = deadline - now;
  const past = diff <= 0;
  let s = Math.floor(Math.abs(diff) / 1000);
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  const seconds = s - minutes * 60;
  return { past, totalMs: diff, days, hours, minutes, seconds };
}

/** The user's time zone according to the browser. */
export function userTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

// Making an Intl formatter costs a fraction of a millisecond (ICU loads the
// locale's and the zone's data), using one a microsecond: a table of a few
// hundred dates made thousands of them on each render (a hundred teams'
// deadlines: 600, about 100 ms). Each one is made once per locale and options.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

/** The formatter of a kind, locale and options: the one made before, or `make()`'s (which may throw, as the constructors do). */
function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat>(kind: string, locale: string, opts: object, make: () => F): F {
  const key = `${kind}\u0000${locale}\u0000${JSON.stringify(opts)}`;
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** The Intl.DateTimeFormat of these arguments, made once. */
export function dateTimeFormat(locale: string, opts: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return formatter('date', locale, opts, () => new Intl.DateTimeFormat(locale, opts));
}

/** The Intl.NumberFormat of these arguments, made once. */
export function numberFormat(locale: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return formatter('number', locale, opts, () => new Intl.NumberFormat(locale, opts));
}

/** True when `tz` is an IANA time zone this browser knows. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    dateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Formats an instant in a time zone, with the zone's short name (e.g. "GMT+8"). */
export function formatInZone(iso: string | number | Date, tz: string, locale: string, opts: Intl.DateTimeFormatOptions = {}): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const timeZone = isValidTimeZone(tz) ? tz : 'UTC';
  return dateTimeFormat(locale, {
    dateStyle: opts.dateStyle ?? 'medium',
    timeStyle: opts.timeStyle ?? 'short',
    timeZone,
  }).format(d) + ` (${zoneName(d, timeZone, locale)})`;
}

/** Short display name of a zone at an instant, e.g. "GMT+8" or "CET". */
export function zoneName(d: Date, tz: string, locale: string): string {
  try {
    const part = dateTimeFormat(locale, { timeZone: tz, timeZoneName: 'short' })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? tz;
  } catch {
    return tz;
  }
}

/** Formats a date-time in the user's zone (no zone label). */
export function formatDateTime(iso: string | number | Date | null | undefined, locale: string): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/**
 * The offset (minutes east of UTC) of `tz` at instant `d`. Used to turn a
 * wall-clock time typed in the contest's zone into an instant.
 */
export function zoneOffsetMinutes(d: Date, tz: string): number {
  const dtf = dateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p: Record<string, number> = {};
  for (const part of dtf.formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUTC = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return Math.round((asUTC - Math.floor(d.getTime() / 1000) * 1000) / 60000);
}

/** "2025-03-01T18:00" typed as wall-clock time in `tz` → ISO instant (UTC). */
export function wallTimeToISO(local: string, tz: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return '';
  const asUTC = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  const zone = isValidTimeZone(tz) ? tz : 'UTC';
  // Two passes handle instants near a DST change.
  let t = asUTC - zoneOffsetMinutes(new Date(asUTC), zone) * 60000;
  t = asUTC - zoneOffsetMinutes(new Date(t), zone) * 60000;
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

/** ISO instant → "YYYY-MM-DDTHH:mm" wall-clock time in `tz` (for datetime-local inputs). */
export function isoToWallTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const zone = isValidTimeZone(tz) ? tz : 'UTC';
  const t = d.getTime() + zoneOffsetMinutes(d, zone) * 60000;
  return new Date(t).toISOString().slice(0, 16);
}

/** Bytes in a human unit ("1.5 GB"), localised. */
export function formatBytes(n: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${numberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

/** A number with a fixed number of decimals, localised. */
export function formatNumber(n: number | null | undefined, locale: string, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return numberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/** Where a contest stands at `now`. */
export type Phase = 'upcoming' | 'registration' | 'open' | 'closed';

/** The phase of a contest from its windows (the server still decides). */
export function contestPhase(c: { registration_opens_at?: string; submission_opens_at?: string; submission_deadline?: string }, now: number): Phase {
  const t = (s?: string) => (s ? new Date(s).getTime() : NaN);
  const reg = t(c.registration_opens_at);
  const open = t(c.submission_opens_at);
  const end = t(c.submission_deadline);
  if (!Number.isNaN(end) && now >= end) return 'closed';
  if (!Number.isNaN(open) && now >= open) return 'open';
  if (!Number.isNaN(reg) && now >= reg) return 'registration';
  if (Number.isNaN(reg) && Number.isNaN(open)) return 'open';
  return 'upcoming';
}

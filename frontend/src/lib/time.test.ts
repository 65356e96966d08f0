import { describe, expect, it } from 'vitest';
import { contestPhase, formatBytes, formatInZone, formatNumber, isoToWallTime, isValidTimeZone, remaining, wallTimeToISO, zoneOffsetMinutes } from './time';

describe('remaining', () => {
  it('splits a duration into days, hours, minutes, seconds', () => {
    const now = Date.UTC(2025, 0, 1, 0, 0, 0);
    const r = remaining(now + ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000 + 999, now);
    expect(r).toMatchObject({ past: false, days: 2, hours: 3, minutes: 4, seconds: 5 });
  });
  it('is past at and after the deadline', () => {
    expect(remaining(1000, 1000).past).toBe(true);
    expect(remaining(1000, 5000)).toMatchObject({ past: true, seconds: 4 });
  });
});

describe('time zones', () => {
  const deadline = '2025-03-01T10:00:00Z';
  it('formats an instant in the contest zone and in another zone', () => {
    const sh = formatInZone(deadline, 'Asia/Shanghai', 'en', { dateStyle: 'medium', timeStyle: 'short' });
    expect(sh).toContain('6:00');
    expect(sh).toMatch(/GMT\+8/);
    const ny = formatInZone(deadline, 'America/New_York', 'en', { dateStyle: 'medium', timeStyle: 'short' });
    expect(ny).toContain('5:00');
    expect(ny).toMatch(/EST/);
  });
  it('formats in Chinese', () => {
    const s = formatInZone(deadline, 'Asia/Shanghai', 'zh-CN', { dateStyle: 'long', timeStyle: 'short' });
    expect(s).toContain('2025年3月1日');
    expect(s).toContain('18:00');
  });
  it('falls back to UTC for an unknown zone', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(formatInZone(deadline, 'Mars/Olympus', 'en', { timeStyle: 'short', dateStyle: 'short' })).toContain('10:00');
  });
  it('knows offsets, including daylight saving time', () => {
    expect(zoneOffsetMinutes(new Date('2025-01-15T12:00:00Z'), 'Europe/Paris')).toBe(60);
    expect(zoneOffsetMinutes(new Date('2025-07-15T12:00:00Z'), 'Europe/Paris')).toBe(120);
    expect(zoneOffsetMinutes(new Date('2025-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });
  it('turns a wall-clock time in a zone into an instant and back', () => {
    expect(wallTimeToISO('2025-03-01T18:00', 'Asia/Shanghai')).toBe('2025-03-01T10:00:00Z');
    expect(wallTimeToISO('2025-07-01T23:59', 'Europe/Paris')).toBe('2025-07-01T21:59:00Z');
    expect(wallTimeToISO('2025-12-01T23:59', 'Europe/Paris')).toBe('2025-12-01T22:59:00Z');
    expect(isoToWallTime('2025-07-01T21:59:00Z', 'Europe/Paris')).toBe('2025-07-01T23:59');
    expect(isoToWallTime('2025-03-01T10:00:00Z', 'Asia/Shanghai')).toBe('2025-03-01T18:00');
    expect(wallTimeToISO('nonsense', 'UTC')).toBe('');
  });
});

describe('contestPhase', () => {
  const c = { registration_opens_at: '2025-01-01T00:00:00Z', submission_opens_at: '2025-02-01T00:00:00Z', submission_deadline: '2025-03-01T00:00:00Z' };
  it.each([
    ['2024-12-31T00:00:00Z', 'upcoming'],
    ['2025-01-15T00:00:00Z', 'registration'],
    ['2025-02-15T00:00:00Z', 'open'],
    ['2025-03-01T00:00:00Z', 'closed'],
  ])('at %s is %s', (at, phase) => {
    expect(contestPhase(c, new Date(at).getTime())).toBe(phase);
  });
});

describe('formatBytes', () => {
  it('uses binary units with localised numbers', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 ** 3, 'en')).toBe('3 GB');
  });
});

describe('formatters', () => {
  it('makes each Intl formatter once, however many dates a table formats', () => {
    // Count the formatters made, with working ones (subclasses of the real ones).
    const real = { dates: Intl.DateTimeFormat, numbers: Intl.NumberFormat };
    const made = { dates: 0, numbers: 0 };
    const intl = Intl as unknown as Record<'DateTimeFormat' | 'NumberFormat', unknown>;
    intl.DateTimeFormat = class extends real.dates {
      constructor(...a: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        super(...a);
        made.dates++;
      }
    };
    intl.NumberFormat = class extends real.numbers {
      constructor(...a: ConstructorParameters<typeof Intl.NumberFormat>) {
        super(...a);
        made.numbers++;
      }
    };
    try {
      const dates = Array.from({ length: 100 }, (_, i) => formatInZone(Date.UTC(2026, 11, 1, 0, i), 'America/Lima', 'en-GB'));
      const counts = Array.from({ length: 100 }, (_, i) => formatNumber(1000 * i, 'en-GB', 0));
      expect(made.dates).toBeLessThanOrEqual(3);
      expect(made.numbers).toBeLessThanOrEqual(1);
      expect(dates[0]).toBe('30 Nov 2026, 19:00 (GMT-5)');
      expect(dates[99]).toBe('30 Nov 2026, 20:39 (GMT-5)');
      expect(counts[99]).toBe('99,000');
    } finally {
      intl.DateTimeFormat = real.dates;
      intl.NumberFormat = real.numbers;
    }
  });
});

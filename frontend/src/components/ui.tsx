// Small building blocks shared by the pages: states (loading, empty, error),
// labelled fields with their error, progress bars, the countdown.

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { formatInZone, remaining, userTimeZone } from '../lib/time';
import { Refusal, refusalOf } from './AccessState';

/** A spinner with a label announced to screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** The message of any error, translated where the code is known. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (err: unknown): string => {
    if (err instanceof ApiError) {
      if (err.code === 'network') return t('errors.network');
      // An unconfirmed address: say so in the user's language (ErrorBox
      // adds the way to the account page, which resends the link).
      if (isUnverified(err)) return t('errors.field.unverified');
      const known = t(`errors.codes.${err.code}`, { defaultValue: '' });
      // The server's message is English: other languages get the code's text
      // (and the fields' problems, in the user's language, next to each field).
      const english = i18n.language?.startsWith('en') && err.code !== 'internal';
      const msg = english && err.message ? err.message : known || err.message;
      return err.requestId && err.code === 'internal' ? `${msg} (${t('errors.requestId')}: ${err.requestId})` : msg;
    }
    if (err instanceof Error) return err.message;
    return String(err ?? t('errors.unknown'));
  };
}

/** Whether the server refused because the account has not confirmed its address. */
export function isUnverified(err: unknown): boolean {
  return err instanceof ApiError && Object.values(err.problems).some((p) => p.code === 'unverified');
}

/** An error box with an optional retry. */
export function ErrorBox({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  const text = useErrorText();
  if (!error) return null;
  return (
    <div className="state state-error" role="alert">
      <strong>{title ?? t('errors.title')}</strong>
      <p>{text(error)}</p>
      {isUnverified(error) && (
        <p>
          <Link to="/account">{t('account.title')}</Link>
        </p>
      )}
      {onRetry && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** An empty state. */
export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** Renders loading / error / content for a react-query result. */
export function QueryState<T>({ q, children, empty }: { q: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown }; children: (d: T) => ReactNode; empty?: (d: T) => ReactNode | null }) {
  if (q.isPending) return <Loading />;
  const refusal = refusalOf(q.error);
  if (refusal) return <Refusal kind={refusal} />;
  if (q.error) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data as T;
  const e = empty?.(d);
  if (e) return <>{e}</>;
  return <>{children(d)}</>;
}

/** A label + control + hint + error, wired with ids for assistive tech. */
export function Field({ label, error, hint, children, required }: { label: ReactNode; error?: string; hint?: ReactNode; required?: boolean; children: (p: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string; required?: boolean }) => ReactNode }) {
  const id = useId();
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="req" aria-hidden="true" title={t('common.required')}>
            {' '}
            *
          </span>
        )}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, required })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled progress bar. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={`${pct}%`}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

/** Re-renders every `ms` and returns the current time. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** A live countdown to a deadline, shown in the contest's zone and in the user's. */
export function Countdown({ deadline, timezone, label }: { deadline: string; timezone: string; label?: string }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const target = new Date(deadline).getTime();
  if (Number.isNaN(target)) return null;
  const r = remaining(target, now);
  const mine = userTimeZone();
  return (
    <section className={`countdown${r.past ? ' countdown-past' : r.totalMs < 86_400_000 ? ' countdown-soon' : ''}`} aria-label={label ?? t('contest.deadline')}>
      <div className="countdown-title">{label ?? t('contest.deadline')}</div>
      {r.past ? (
        <div className="countdown-value">{t('contest.closed')}</div>
      ) : (
        <div className="countdown-value" aria-live="off">
          {t('time.countdown', { d: r.days, h: pad(r.hours), m: pad(r.minutes), s: pad(r.seconds) })}
        </div>
      )}
      <dl className="countdown-zones">
        <dt>{t('time.contestZone', { tz: timezone })}</dt>
        <dd>{formatInZone(deadline, timezone, i18n.language, { dateStyle: 'full', timeStyle: 'short' })}</dd>
        {mine !== timezone && (
          <>
            <dt>{t('time.yourZone', { tz: mine })}</dt>
            <dd>{formatInZone(deadline, mine, i18n.language, { dateStyle: 'full', timeStyle: 'short' })}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Sets document.title and moves focus to the page's h1 after navigation. */
export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Podium`;
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}

/**
 * A button for an action nobody should take by accident (public, costly or
 * hard to undo): the first click asks the question, a second one confirms.
 */
export function ConfirmAction({ label, question, confirmLabel, pending, onConfirm }: { label: string; question: string; confirmLabel: string; pending: boolean; onConfirm: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button type="button" className="btn btn-primary" onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  return (
    <>
      <span>{question}</span>
      <button type="button" className="btn btn-primary" disabled={pending} onClick={onConfirm}>
        {pending ? t('common.working') : confirmLabel}
      </button>
      <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)}>
        {t('common.cancel')}
      </button>
    </>
  );
}

/** A short-lived status message for screen readers and sighted users. */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role="status">
      {children}
    </div>
  );
}

/** A tab bar (links or buttons) with aria-current on the active one. */
export function Tabs<T extends string>({ tabs, value, onChange, label }: { tabs: { id: T; label: string }[]; value: T; onChange: (t: T) => void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === value}
          aria-controls={`panel-${tab.id}`}
          tabIndex={tab.id === value ? 0 : -1}
          className={`tab${tab.id === value ? ' tab-active' : ''}`}
          onClick={() => onChange(tab.id)}
          onKeyDown={(e) => {
            const i = tabs.findIndex((x) => x.id === value);
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
              e.preventDefault();
              const n = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
              onChange(n.id);
              document.getElementById(`tab-${n.id}`)?.focus();
            }
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

// Hooks of the team page: a deadline that locks the page when it passes on
// screen, a debounced autosave, and a warning before leaving with unsaved
// changes.

import { useEffect, useRef, useState } from 'react';

/** Longest delay setTimeout accepts (about 24.8 days); later deadlines re-arm. */
const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * True once `deadline` (an ISO instant) has passed by this browser's clock,
 * turning true at that moment without a reload: one timer, no polling. The
 * server's clock still decides; this only stops people from typing into a
 * form that can no longer be saved.
 */
export function useDeadlinePassed(deadline: string | undefined): boolean {
  const target = deadline ? new Date(deadline).getTime() : NaN;
  const [passed, setPassed] = useState(() => !Number.isNaN(target) && Date.now() >= target);
  useEffect(() => {
    if (Number.isNaN(target)) {
      setPassed(false);
      return;
    }
    let h: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const ms = target - Date.now();
      setPassed(ms <= 0);
      if (ms > 0) h = setTimeout(arm, Math.min(ms, MAX_TIMEOUT));
    };
    arm();
    return () => clearTimeout(h);
  }, [target]);
  return passed;
}

/**
 * Calls save `delay` ms after the last change while `dirty` and `enabled`;
 * `revision` changes with every edit (each edit restarts the wait).
 */
export function useAutosave({ dirty, enabled, revision, save, delay = 1500 }: { dirty: boolean; enabled: boolean; revision: number; save: () => void; delay?: number }): void {
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    if (!dirty || !enabled) return;
    const h = setTimeout(() => saveRef.current(), delay);
    return () => clearTimeout(h);
  }, [dirty, enabled, revision, delay]);
}

/** While `active`, the browser asks before the page is closed or reloaded. */
export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active]);
}

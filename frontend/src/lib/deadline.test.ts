import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAutosave, useDeadlinePassed, useLeaveWarning } from './deadline';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T09:59:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('useDeadlinePassed', () => {
  it('turns true when the deadline passes on screen, without a reload', () => {
    const { result } = renderHook(() => useDeadlinePassed('2026-12-01T10:00:00Z'));
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(59_000));
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(1_000));
    expect(result.current).toBe(true);
  });

  it('is true at once for a past deadline and false again for a later one (an extension)', () => {
    const { result, rerender } = renderHook(({ d }) => useDeadlinePassed(d), { initialProps: { d: '2026-12-01T09:00:00Z' } });
    expect(result.current).toBe(true);
    rerender({ d: '2026-12-02T10:00:00Z' });
    expect(result.current).toBe(false);
  });

  it('ignores a missing or invalid deadline', () => {
    expect(renderHook(() => useDeadlinePassed(undefined)).result.current).toBe(false);
    expect(renderHook(() => useDeadlinePassed('soon')).result.current).toBe(false);
  });
});

describe('useAutosave', () => {
  it('saves once, a pause after the last edit', () => {
    const save = vi.fn();
    const { rerender } = renderHook(({ rev, dirty }) => useAutosave({ dirty, enabled: true, revision: rev, save, delay: 1000 }), {
      initialProps: { rev: 0, dirty: false },
    });
    act(() => vi.advanceTimersByTime(5000));
    expect(save).not.toHaveBeenCalled();
    rerender({ rev: 1, dirty: true });
    act(() => vi.advanceTimersByTime(600));
    rerender({ rev: 2, dirty: true });
    act(() => vi.advanceTimersByTime(600));
    expect(save).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(400));
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('does not save when disabled (after the deadline)', () => {
    const save = vi.fn();
    renderHook(() => useAutosave({ dirty: true, enabled: false, revision: 1, save, delay: 10 }));
    act(() => vi.advanceTimersByTime(1000));
    expect(save).not.toHaveBeenCalled();
  });
});

describe('useLeaveWarning', () => {
  it('asks before leaving only while there are unsaved changes', () => {
    const fire = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    const { rerender, unmount } = renderHook(({ on }) => useLeaveWarning(on), { initialProps: { on: true } });
    expect(fire()).toBe(true);
    rerender({ on: false });
    expect(fire()).toBe(false);
    rerender({ on: true });
    unmount();
    expect(fire()).toBe(false);
  });
});

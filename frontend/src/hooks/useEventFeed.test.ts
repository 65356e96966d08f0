import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEventFeed } from './useEventFeed';

/** A stand-in EventSource the test drives. */
class FakeSource {
  static last: FakeSource | null = null;
  static CLOSED = 2;
  readyState = 1;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: MessageEvent) => void>();
  constructor(public url: string) {
    FakeSource.last = this;
  }
  addEventListener(name: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(name, fn);
  }
  emit(name: string, data: unknown) {
    this.listeners.get(name)?.(new MessageEvent(name, { data: JSON.stringify(data) }));
  }
  close() {
    this.readyState = FakeSource.CLOSED;
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('useEventFeed', () => {
  it('reads once, then follows the stream; a closed stream falls back to polling', async () => {
    vi.stubGlobal('EventSource', FakeSource);
    const fetchOnce = vi.fn().mockResolvedValue({ n: 0 });
    const { result } = renderHook(() =>
      useEventFeed<{ n: number }>({ key: 'k', url: () => '/feed', event: 'tick', fetchOnce, parse: (d) => d as { n: number }, pollMs: 60_000, fetchFirst: true }),
    );
    await waitFor(() => expect(result.current.value).toEqual({ n: 0 }));
    expect(FakeSource.last?.url).toBe('/feed');
    act(() => FakeSource.last!.emit('tick', { n: 1 }));
    expect(result.current.value).toEqual({ n: 1 });
    expect(result.current.live).toBe(true);
    fetchOnce.mockResolvedValue({ n: 2 });
    act(() => {
      FakeSource.last!.readyState = FakeSource.CLOSED;
      FakeSource.last!.onerror?.();
    });
    await waitFor(() => expect(result.current.value).toEqual({ n: 2 }));
    expect(result.current.live).toBe(false);
  });

  it('does nothing without a key', () => {
    vi.stubGlobal('EventSource', FakeSource);
    FakeSource.last = null;
    const fetchOnce = vi.fn().mockResolvedValue({});
    renderHook(() => useEventFeed({ key: undefined, url: () => '/x', event: 'e', fetchOnce, parse: (d) => d, pollMs: 1000, fetchFirst: true }));
    expect(fetchOnce).not.toHaveBeenCalled();
    expect(FakeSource.last).toBeNull();
  });
});

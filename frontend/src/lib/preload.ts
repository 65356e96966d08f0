// Work started ahead of need and handed over once: the judge's entry page
// starts opening an entry's PDF while the page loads, and the viewer takes
// the opened document when the judge taps View instead of starting again.
// Kept apart from pdf.js so that the hand-over rules are tested on their own.

/** Work for one key at a time, started early, then taken or released. */
export class Preloads<T> {
  private readonly held = new Map<string, T>();

  /**
   * start begins the work for a key; dispose ends work that nobody took
   * (a preload released before the viewer opened it).
   */
  constructor(
    private readonly start: (key: string) => T,
    private readonly dispose: (work: T) => void,
  ) {}

  /**
   * Starts the work for key unless it is already held, and returns a
   * release that disposes of it unless it was taken in the meantime (the
   * caller calls it when it no longer expects the work to be used, as when
   * the page is left).
   */
  preload(key: string): () => void {
    let work = this.held.get(key);
    if (work === undefined) {
      work = this.start(key);
      this.held.set(key, work);
    }
    const mine = work;
    return () => {
      if (this.held.get(key) !== mine) return;
      this.held.delete(key);
      this.dispose(mine);
    };
  }

  /**
   * The work held for key, handed over (the caller now owns it and ends it),
   * or new work when none was started.
   */
  take(key: string): T {
    const work = this.held.get(key);
    if (work === undefined) return this.start(key);
    this.held.delete(key);
    return work;
  }

  /** Whether work for key is started and not yet taken. */
  has(key: string): boolean {
    return this.held.has(key);
  }
}

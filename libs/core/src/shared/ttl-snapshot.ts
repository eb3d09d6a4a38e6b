/**
 * A value loaded from the database and kept for a short while per process (rules and reference data
 * that operators change rarely). Concurrent readers share one load; a failed load is not kept.
 */
export class TtlSnapshot<T> {
  private pending?: Promise<{ value: T; at: number }>;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
  ) {}

  async get(): Promise<T> {
    const pending = this.pending;
    if (pending) {
      const snap = await pending;
      if (Date.now() - snap.at < this.ttlMs) return snap.value;
    }
    const next = this.load().then((value) => ({ value, at: Date.now() }));
    this.pending = next;
    next.catch(() => (this.pending = undefined));
    return (await next).value;
  }

  invalidate(): void {
    this.pending = undefined;
  }
}

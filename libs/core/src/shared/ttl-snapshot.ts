/**
 * A value loaded from the database and kept for a short while per process (rules and reference data
 * that operators change rarely). Concurrent readers share one load; a failed load is not kept.
 *
 * Once loaded, an expired value is still served while a refresh runs in the background
 * (stale-while-revalidate): services read snapshots inside transactions, and a reader that holds a
 * pooled connection must never wait for another one (with the pool exhausted by such readers, nobody
 * would get one back). Only the very first load, or the one after invalidate(), is waited for.
 */
export class TtlSnapshot<T> {
  private current?: { value: T; at: number };
  private loading?: Promise<T>;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
  ) {}

  async get(): Promise<T> {
    const cur = this.current;
    if (cur) {
      if (Date.now() - cur.at >= this.ttlMs) void this.refresh().catch(() => undefined);
      return cur.value;
    }
    return this.refresh();
  }

  /** The value held now, without waiting (starting a refresh if it is missing or old). */
  peek(): T | undefined {
    const cur = this.current;
    if (!cur || Date.now() - cur.at >= this.ttlMs) void this.refresh().catch(() => undefined);
    return cur?.value;
  }

  invalidate(): void {
    this.current = undefined;
    this.loading = undefined;
  }

  private refresh(): Promise<T> {
    if (this.loading) return this.loading;
    const p = this.load().then(
      (value) => {
        if (this.loading === p) {
          this.current = { value, at: Date.now() };
          this.loading = undefined;
        }
        return value;
      },
      (err: unknown) => {
        if (this.loading === p) this.loading = undefined;
        throw err;
      },
    );
    this.loading = p;
    return p;
  }
}

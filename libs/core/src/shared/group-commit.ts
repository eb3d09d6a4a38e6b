/**
 * Group commit for a request path: an item submitted while a slot is free runs at once, alone, so an
 * idle system adds no wait at all; items submitted while `maxInFlight` batches are running wait
 * together and go as the next batch (at most `maxItems`) when a slot frees. The busier the path, the
 * bigger its batches: the batch size follows the load, with no timer to tune.
 *
 * `run` settles every item on its own (one outcome per item, in order), so one bad item does not fail
 * the others; if `run` itself throws, every item of that batch gets the error.
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class GroupCommit<T, R> {
  private waiting: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (items: T[]) => Promise<readonly Outcome<R>[]>,
    private readonly maxItems: number,
    private readonly maxInFlight: number,
  ) {
    if (maxItems < 1 || maxInFlight < 1) throw new Error('GroupCommit needs maxItems and maxInFlight of at least 1');
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  /** Batches running now (for tests and metrics). */
  get running(): number {
    return this.inFlight;
  }

  /** Items waiting for a free slot. */
  get queued(): number {
    return this.waiting.length;
  }

  private next(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxItems);
      this.inFlight++;
      let outcomes: Promise<readonly Outcome<R>[]>;
      try {
        outcomes = this.run(batch.map((b) => b.item));
      } catch (err) {
        outcomes = Promise.reject(err);
      }
      void outcomes
        .then(
          (results) =>
            batch.forEach((b, i) => {
              const r = results[i];
              if (!r) b.reject(new Error(`group commit: no outcome for item ${i} of ${batch.length}`));
              else if (r.ok) b.resolve(r.value);
              else b.reject(r.error);
            }),
          (err: unknown) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.next();
        });
    }
  }
}

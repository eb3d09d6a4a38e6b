/**
 * Gathers items that arrive together and hands them to `run` as one batch: when `maxItems` are
 * waiting, or `maxWaitMs` after the first one arrived. Each submit() settles with its batch. Used by
 * the events worker, whose jobs arrive in bursts (one per committed change) and whose reactions fold
 * a batch in one transaction instead of one transaction per event.
 */
export class MicroBatch<T> {
  private waiting: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (items: T[]) => Promise<void>,
    private readonly maxItems: number,
    private readonly maxWaitMs: number,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  /** Runs what is waiting now (also at shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.run(batch.map((b) => b.item)).then(
      () => batch.forEach((b) => b.resolve()),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  }
}

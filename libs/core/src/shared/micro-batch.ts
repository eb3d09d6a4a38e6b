/**
 * Gathers items that arrive together and hands them to `run` as one batch: when `maxItems` are
 * waiting, or `maxWaitMs` after the first one arrived. Each submit() settles with its batch: with
 * the batch's result for that item (run returns one result per item, in order) or with its error.
 * Used by the workers whose jobs arrive in bursts (one per committed change): the events worker folds
 * a batch of reactions, the router routes a batch of orders, in one transaction instead of one each.
 */
export class MicroBatch<T, R = void> {
  private waiting: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (items: T[]) => Promise<readonly R[] | void>,
    private readonly maxItems: number,
    private readonly maxWaitMs: number,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
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
      (results) => batch.forEach((b, i) => b.resolve(results ? results[i] : (undefined as R))),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  }
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DispatchMetricsService, SATISFACTION_RECENT_RECONCILE_S, SATISFACTION_RECONCILE_LIMIT, SatisfactionService } from '@hotline/core';

const EVERY_MS = 60_000;
/** The satisfaction reconcile's full 35-day look-back: at boot, then this often. */
const FULL_SATISFACTION_EVERY_MS = 60 * 60_000;

/** The look-back of a sweep's satisfaction reconcile, in seconds; undefined: the full one is due. */
export function satisfactionLookBackS(now: number, lastFullAt: number): number | undefined {
  return now - lastFullAt >= FULL_SATISFACTION_EVERY_MS ? undefined : SATISFACTION_RECENT_RECONCILE_S;
}

/**
 * Every minute, fold events whose job never arrived (lost with a Redis restart) into the rate rollups.
 * Surveys: each minute those of the last minutes, and at boot and every hour all of the 35 days (each
 * minute until a full pass leaves none), so a survey whose job was lost is counted within a minute,
 * or within the hour if it was older.
 */
@Injectable()
export class RollupSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RollupSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastFullSatisfactionAt = -Infinity;

  constructor(
    private readonly satisfaction: SatisfactionService,
    private readonly dispatch: DispatchMetricsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    const warn = (what: string) => (n: number) => {
      if (n > 0) this.log.warn(`${what} rollup: folded ${n} event(s) whose job never arrived`);
    };
    const lookBackS = satisfactionLookBackS(Date.now(), this.lastFullSatisfactionAt);
    const surveys = this.satisfaction.reconcile(lookBackS).then((n) => {
      // A full pass that folded a whole batch may have left more: the next minute's is full again.
      if (lookBackS === undefined && n < SATISFACTION_RECONCILE_LIMIT) this.lastFullSatisfactionAt = Date.now();
      warn('satisfaction')(n);
    });
    this.running = Promise.all([surveys, this.dispatch.reconcile().then(warn('dispatch'))])
      .then(() => undefined)
      .catch((err: Error) => this.log.warn(`rollup sweep failed: ${err.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}

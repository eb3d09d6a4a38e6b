import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CalendarService, DeadlinesService } from '@hotline/core';

/**
 * Every settings.sweepIntervalS: the database sweep behind the delayed jobs, so a deadline whose job was
 * lost with Redis still fires. Several workers may sweep at once: locked orders are skipped and the
 * unique timer index makes a second write impossible.
 */
/** Every open order's next timer is checked (the triggers' backstop) at boot and then this often. */
const RECHECK_EVERY_MS = 60 * 60_000;

@Injectable()
export class DeadlinesSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DeadlinesSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastRecheckAt = -Infinity;

  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
  ) {}

  /** A worker that (re)starts sweeps at once: deadlines may have passed while no worker ran. */
  onApplicationBootstrap(): void {
    void this.tick().finally(() => void this.schedule());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** The interval is re-read each time, so an admin's change applies without a restart. */
  private async schedule(): Promise<void> {
    if (this.stopped) return;
    const seconds = await this.calendar
      .settings()
      .then((s) => s.sweepIntervalS)
      .catch(() => 60);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().finally(() => void this.schedule()), Math.max(1, seconds) * 1000);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.recheck()
      .catch((err: Error) => this.log.warn(`next-timer check failed: ${err.message}`))
      .then(() => this.deadlines.sweep())
      .then((r) => {
        if (r.fired > 0 || r.surveyTasksSynced > 0 || r.surveyTasksOverdue > 0 || r.nextTimersCorrected > 0) {
          this.log.warn(
            `deadline sweep: ${r.fired} timer(s) fired, ${r.surveyTasksSynced} survey task(s) brought in step, ${r.surveyTasksOverdue} survey task(s) overdue, ${r.nextTimersCorrected} next timer(s) corrected`,
          );
        }
      })
      .catch((err: Error) => this.log.warn(`deadline sweep failed: ${err.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /** At boot and hourly: every open order's next timer set right where a write no trigger saw left it wrong. */
  private async recheck(): Promise<void> {
    if (Date.now() - this.lastRecheckAt < RECHECK_EVERY_MS) return;
    const corrected = await this.deadlines.recheckNextTimers();
    this.lastRecheckAt = Date.now();
    if (corrected > 0) this.log.warn(`deadline sweep: ${corrected} order(s)' next timer corrected by the hourly check`);
  }
}

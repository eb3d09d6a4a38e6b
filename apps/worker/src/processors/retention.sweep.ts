import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import { ProcessedJobsRetentionService } from '@hotline/core';

const EVERY_MS = 60 * 60_000;
const FIRST_AFTER_MS = 60_000;

/** Every hour (the first a minute after boot): processed-job records past their retention are deleted. */
@Injectable()
export class RetentionSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RetentionSweep.name);
  private timers: NodeJS.Timeout[] = [];
  private running?: Promise<void>;

  constructor(
    private readonly processedJobs: ProcessedJobsRetentionService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timers = [setTimeout(() => void this.tick(), FIRST_AFTER_MS), setInterval(() => void this.tick(), EVERY_MS)];
    for (const t of this.timers) t.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.processedJobs
      .prune(this.cfg.PROCESSED_JOBS_RETENTION_DAYS)
      .then((n) => {
        if (n > 0) this.log.log(`processed jobs: deleted ${n} record(s) past their retention`);
      })
      .catch((err: Error) => this.log.warn(`processed-jobs retention failed: ${err.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}

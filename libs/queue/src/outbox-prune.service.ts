// Outbox retention: a published row is only the record that its job reached Redis. Kept for
// OUTBOX_RETENTION_HOURS (to answer "was this ever sent?"), then deleted, so the outbox stays the size
// of a few days' traffic instead of growing with every order the city ever took. Unpublished rows are
// never touched, however old.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@hotline/config';

const EVERY_MS = 10 * 60_000;
/** Rows per DELETE (short transactions) and DELETEs per sweep (a backlog is worked off over several sweeps). */
const CHUNK = 5_000;
const CHUNKS_PER_SWEEP = 40;

@Injectable()
export class OutboxPruneService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxPruneService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes published rows older than the retention; returns how many. One sweep at a time per process. */
  sweep(): Promise<number> {
    this.running ??= this.prune()
      .catch((err: Error) => {
        this.log.warn(`outbox prune failed: ${err.message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async prune(): Promise<number> {
    let total = 0;
    for (let i = 0; i < CHUNKS_PER_SWEEP; i++) {
      // Oldest first by id (ids grow with time): each sweep starts where the last one stopped.
      const res = (await this.ds.query(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE published_at < now() - make_interval(hours => $1) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [this.cfg.OUTBOX_RETENTION_HOURS, CHUNK],
      )) as [unknown[], number];
      const n = res[1];
      total += n;
      if (n < CHUNK) break;
    }
    if (total > 0) this.log.log(`outbox: deleted ${total} row(s) published more than ${this.cfg.OUTBOX_RETENTION_HOURS} h ago`);
    return total;
  }
}

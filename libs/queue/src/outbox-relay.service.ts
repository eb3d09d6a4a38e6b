// The outbox relay: claims unpublished rows (FOR UPDATE SKIP LOCKED, so any number of workers can
// run it), adds them to BullMQ in bulk (jobId = outbox id; the routing and reaction rows of a batch
// packed into one job each: see bullJobsFor), and marks them published in the same transaction. If
// Redis is down the transaction rolls back and the rows wait; nothing is lost. Each claim starts where
// ClaimStart says (claim-start.ts), so it does not walk the index's dead entries of rows already published.
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, appDatabaseUrl } from '@hotline/config';
import { QueueName } from '@hotline/contracts';
import { prepared, runPrepared } from '@hotline/core';
import { ClaimStart } from './claim-start';
import { type BullJob, type OutboxRow, bullJobsFor } from './outbox-jobs';

/**
 * The relay's claim: $1 rows at most, oldest first, from id $2 on (see ClaimStart). Exported for
 * bench/relay. `ORDER BY outbox.id`, not `ORDER BY id`: a bare name in ORDER BY is the output column
 * first, here the text `id::text AS id`, which sorted '1000' before '999' and could not use the index.
 */
export const OUTBOX_CLAIM = prepared(
  'outbox-claim',
  `SELECT id::text AS id, queue_name, job_name, payload, job_id,
          CASE WHEN delay_ms IS NULL THEN NULL
               ELSE GREATEST(0, delay_ms - floor(extract(epoch FROM clock_timestamp() - created_at) * 1000))::float8 END AS delay
   FROM outbox
   WHERE published_at IS NULL AND id >= $2::bigint ORDER BY outbox.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
  { replan: true },
);
const MARK_PUBLISHED = prepared('outbox-mark-published', `UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, {
  replan: true,
});

@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelayService.name);
  private readonly queues: Map<string, Queue>;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A commit notified new rows while the relay was busy: go again without sleeping. */
  private notified = false;
  /** Backing off after a failure: a notification must not cut the backoff short. */
  private backingOff = false;
  private listener?: Client;
  private listenRetry?: NodeJS.Timeout;
  private readonly start: ClaimStart;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
    @InjectQueue(QueueName.Events) events: Queue,
    @InjectQueue(QueueName.Dispatch) dispatch: Queue,
    @InjectQueue(QueueName.Deadlines) deadlines: Queue,
    @InjectQueue(QueueName.Surveys) surveys: Queue,
    @InjectQueue(QueueName.Delivery) delivery: Queue,
  ) {
    this.start = new ClaimStart({ settleMs: cfg.OUTBOX_SETTLE_MS, rescanMs: cfg.OUTBOX_RESCAN_MS });
    this.queues = new Map([events, dispatch, deadlines, surveys, delivery].map((q) => [q.name, q]));
    // While Redis reconnects the queue emits errors; the relay's own loop reports and backs off.
    for (const q of this.queues.values()) q.on('error', (err) => this.log.debug(`queue ${q.name}: ${err.message}`));
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.listen();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.listenRetry);
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * LISTEN outbox: a statement trigger on the outbox NOTIFYs at commit, so a new row is published
   * within milliseconds instead of after the idle poll. Polling stays as the safety net: a lost
   * listener connection only costs latency, never a row.
   */
  private listen(): void {
    if (!this.running) return;
    const client = new Client({ connectionString: appDatabaseUrl(this.cfg), application_name: 'hotline-relay-listen' });
    const retry = (err: Error) => {
      this.log.debug(`outbox listener: ${err.message}`);
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (this.listener === client) this.listener = undefined;
      if (this.running) this.listenRetry = setTimeout(() => this.listen(), 5_000);
    };
    client.on('error', retry);
    client.on('notification', () => {
      this.notified = true;
      if (!this.backingOff) this.wake?.();
    });
    this.listener = client;
    client
      .connect()
      .then(() => client.query('LISTEN outbox'))
      .catch(retry);
  }

  private async run(): Promise<void> {
    let failures = 0;
    let last = 0;
    while (this.running) {
      try {
        // Gather: let the commits of the next few milliseconds join this batch (one claim, one addBulk,
        // one mark, and downstream one routing transaction, for all of them). Skipped while the
        // outbox is backlogged: a full batch is waiting already.
        if (this.cfg.OUTBOX_GATHER_MS > 0 && last < this.cfg.OUTBOX_BATCH) await new Promise((r) => setTimeout(r, this.cfg.OUTBOX_GATHER_MS));
        if (!this.running) break;
        this.notified = false;
        const n = await this.publishBatch();
        last = n;
        failures = 0;
        if (n < this.cfg.OUTBOX_BATCH && !this.notified) await this.sleep(Math.min(this.cfg.OUTBOX_POLL_MS, this.start.settleDueIn(performance.now())));
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 20 === 0) this.log.warn(`outbox relay cannot publish (attempt ${failures}): ${(err as Error).message}`);
        this.backingOff = true;
        await this.sleep(Math.min(100 * 2 ** Math.min(failures, 6), 5_000));
        this.backingOff = false;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** One claim-publish-mark cycle; returns how many rows it published. */
  async publishBatch(): Promise<number> {
    let firstId: string | undefined;
    const { from } = this.start.next(performance.now());
    const n = await this.ds.transaction(async (m) => {
      const rows = await runPrepared<OutboxRow>(m, OUTBOX_CLAIM, [this.cfg.OUTBOX_BATCH, from]);
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, BullJob[]>();
      for (const j of bullJobsFor(rows)) {
        if (byQueue.has(j.queue)) byQueue.get(j.queue)!.push(j);
        else byQueue.set(j.queue, [j]);
      }
      for (const [name, jobs] of byQueue) {
        const queue = this.queues.get(name);
        if (!queue) throw new Error(`outbox row for unknown queue ${name}`);
        // Bounded: while Redis is away the rows stay claimed only this long, then roll back.
        await withTimeout(queue.addBulk(jobs.map((j) => ({ name: j.name, data: j.data, opts: j.opts }))), 5_000, 'Redis did not accept the batch in time');
      }
      await runPrepared(m, MARK_PUBLISHED, [rows.map((r) => r.id)]);
      firstId = rows[0].id;
      return rows.length;
    });
    if (firstId !== undefined) this.start.published(performance.now(), firstId);
    return n;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

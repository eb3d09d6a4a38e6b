import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import { QUEUE_NAMES } from '@hotline/contracts';
import { OutboxPruneService } from './outbox-prune.service';
import { OutboxRelayService } from './outbox-relay.service';
import { redisOptions } from './redis-options';

/**
 * Days a failed job is kept for inspection (and a retry by hand). Below the processed-job records'
 * retention floor, so a job retried by hand still finds its record and does nothing twice.
 */
export const FAILED_JOB_KEEP_DAYS = 30;

/** Retries with exponential backoff; failed jobs kept for inspection; completed ones bounded. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 10_000, age: FAILED_JOB_KEEP_DAYS * 24 * 3600 },
} as const;

const queues = BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name })));

@Module({})
export class QueueModule {
  /** BullMQ on Redis. With the relay, this process publishes the outbox and prunes what it published long ago (the worker). */
  static forRoot(opts: { relay: boolean }): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (cfg: AppConfig) => ({
            connection: redisOptions(cfg.REDIS_URL, 'worker'),
            prefix: cfg.QUEUE_PREFIX,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        queues,
      ],
      providers: opts.relay ? [OutboxRelayService, OutboxPruneService] : [],
      exports: [queues, ...(opts.relay ? [OutboxRelayService, OutboxPruneService] : [])],
    };
  }
}

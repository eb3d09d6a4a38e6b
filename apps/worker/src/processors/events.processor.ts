import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { type JobPayloads, QueueName } from '@hotline/contracts';
import { DomainError, EVENT_REACTIONS, type EventReaction, MicroBatch } from '@hotline/core';
import { runPacked } from './packed-jobs';

type Changed = JobPayloads['work-order.changed'];

/** A reaction refused an event (a DomainError), named by its consumer. */
class RefusedBy extends DomainError {
  readonly code = 'refused';
  constructor(
    readonly consumer: string,
    cause: DomainError,
  ) {
    super(cause.message, cause.details);
  }
}

/** Jobs that arrive within this window are folded together (each reaction's batch is one transaction). */
const BATCH_WAIT_MS = 5;
const BATCH_MAX = 64;

/**
 * Thin adapter: every committed work-order event goes to every reaction (rollups, deliveries…).
 * Jobs arriving together are handed over as one batch (reactAll); a job whose batch failed is retried
 * on its own, so one bad event cannot hold up the others. Each reaction is idempotent on its own, so
 * a retry after one failed re-runs the others harmlessly.
 */
@Processor(QueueName.Events, { concurrency: BATCH_MAX })
export class EventsProcessor extends WorkerHost implements OnApplicationShutdown {
  private readonly log = new Logger(EventsProcessor.name);
  private readonly batch = new MicroBatch<Changed>((events) => this.reactAll(events), BATCH_MAX, BATCH_WAIT_MS);

  constructor(@Inject(EVENT_REACTIONS) private readonly reactions: EventReaction[]) {
    super();
  }

  async process(job: Job<Changed | JobPayloads['work-order.changed.batch'], unknown, 'work-order.changed' | 'work-order.changed.batch'>): Promise<unknown> {
    if (job.name === 'work-order.changed.batch') {
      return runPacked(
        (job.data as JobPayloads['work-order.changed.batch']).items,
        BATCH_MAX,
        (part) => this.reactAll(part),
        (event) => this.reactEach(event),
        (event, err) => this.log.warn(`event ${event.eventId} cannot be folded: ${err.message}`),
      );
    }
    if (job.name !== 'work-order.changed') throw new UnrecoverableError(`unknown job ${String(job.name)} on the events queue`);
    const event = job.data as Changed;
    if (job.attemptsMade === 0) {
      try {
        await this.batch.submit(event);
        return { batched: true };
      } catch (err) {
        this.log.debug(`batch with event ${event.eventId} failed (${(err as Error).message}); retrying it alone`);
      }
    }
    return this.reactOne(event);
  }

  private async reactAll(events: Changed[]): Promise<void> {
    for (const r of this.reactions) {
      if (r.reactAll) await r.reactAll(events);
      else for (const e of events) await r.react(e);
    }
  }

  /** A lone job's event: a reaction the domain refuses makes the job unrecoverable. */
  private async reactOne(event: Changed): Promise<Record<string, unknown>> {
    try {
      return await this.reactEach(event);
    } catch (err) {
      if (err instanceof RefusedBy) throw new UnrecoverableError(`${err.consumer}: ${err.message}`);
      throw err;
    }
  }

  private async reactEach(event: Changed): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    for (const r of this.reactions) {
      try {
        results[r.consumer] = await r.react(event);
      } catch (err) {
        if (err instanceof DomainError) throw new RefusedBy(r.consumer, err);
        throw err;
      }
    }
    return results;
  }

  onApplicationShutdown(): void {
    this.batch.flush();
  }

  /** Redis connection errors while it reconnects: logged, not thrown (an unhandled 'error' would print raw). */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn(`events worker: ${err.message}`);
  }
}

import { Inject, Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { type JobPayloads, QueueName } from '@hotline/contracts';
import { DomainError, EVENT_REACTIONS, type EventReaction } from '@hotline/core';

/**
 * Thin adapter: every committed work-order event goes to every reaction (rollups, deliveries…).
 * Each reaction is idempotent on its own, so a retry after one failed re-runs the others harmlessly.
 */
@Processor(QueueName.Events, { concurrency: 16 })
export class EventsProcessor extends WorkerHost {
  private readonly log = new Logger(EventsProcessor.name);

  constructor(@Inject(EVENT_REACTIONS) private readonly reactions: EventReaction[]) {
    super();
  }

  async process(job: Job<JobPayloads['work-order.changed'], unknown, 'work-order.changed'>): Promise<unknown> {
    if (job.name !== 'work-order.changed') throw new UnrecoverableError(`unknown job ${String(job.name)} on the events queue`);
    const results: Record<string, unknown> = {};
    for (const r of this.reactions) {
      try {
        results[r.consumer] = await r.react(job.data);
      } catch (err) {
        if (err instanceof DomainError) throw new UnrecoverableError(`${r.consumer}: ${err.message}`);
        throw err;
      }
    }
    return results;
  }

  /** Redis connection errors while it reconnects: logged, not thrown (an unhandled 'error' would print raw). */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn(`events worker: ${err.message}`);
  }
}

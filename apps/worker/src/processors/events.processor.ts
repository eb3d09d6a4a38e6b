import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { type JobName, type JobPayloads, QueueName } from '@hotline/contracts';
import { DomainError, SatisfactionService } from '@hotline/core';

/** Thin adapter: work-order events -> core services. Idempotency lives in the services. */
@Processor(QueueName.Events, { concurrency: 8 })
export class EventsProcessor extends WorkerHost {
  private readonly log = new Logger(EventsProcessor.name);

  constructor(private readonly satisfaction: SatisfactionService) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    try {
      switch (job.name) {
        case 'work-order.changed': {
          const { eventId, type } = job.data;
          // Surveys feed the satisfaction rollup; routing, timers and fan-out subscribe in later processors.
          if (type === 'surveyed') return { rolledUp: await this.satisfaction.applySurveyEvent(eventId) };
          return { ignored: type };
        }
        default: {
          const unknown: never = job.name;
          throw new UnrecoverableError(`unknown job ${String(unknown)}`);
        }
      }
    } catch (err) {
      if (err instanceof DomainError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  /** Redis connection errors while it reconnects: logged, not thrown (an unhandled 'error' would print raw). */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn(`events worker: ${err.message}`);
  }
}

import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { type DeadlineFireResult, type JobName, type JobPayloads, QueueName } from '@hotline/contracts';
import { DeadlinesService, DomainError } from '@hotline/core';

export interface PlanResult {
  timers: number;
  surveyTask: string | null;
}

/**
 * Thin adapter on the deadlines queue. 'deadline.fire' fires one timer and, in the same transaction,
 * queues the order's next one through the outbox. 'deadlines.plan' re-plans an order's timers (the
 * lifecycle plans them in each change's own transaction; this job is for callers outside one).
 */
@Processor(QueueName.Deadlines, { concurrency: 8 })
export class DeadlinesProcessor extends WorkerHost {
  private readonly log = new Logger(DeadlinesProcessor.name);

  constructor(private readonly deadlines: DeadlinesService) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    try {
      switch (job.name) {
        case 'deadlines.plan':
          return await this.plan(job.data as JobPayloads['deadlines.plan']);
        case 'deadline.fire':
          return await this.fire(job.data as JobPayloads['deadline.fire']);
        default:
          throw new UnrecoverableError(`job ${job.name} does not belong on the deadlines queue`);
      }
    } catch (err) {
      if (err instanceof DomainError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  async plan(data: JobPayloads['deadlines.plan']): Promise<PlanResult> {
    const plan = await this.deadlines.plan(data.workOrderId);
    return { timers: plan.timers.length, surveyTask: plan.surveyTask?.id ?? null };
  }

  /** A job that runs before its time (clocks of Redis and this host disagree) fails and is retried with backoff. */
  async fire(data: JobPayloads['deadline.fire']): Promise<DeadlineFireResult> {
    const dueAt = new Date(data.dueAt);
    if (Number.isNaN(dueAt.getTime())) throw new UnrecoverableError(`deadline.fire: dueAt ${data.dueAt} is not a date`);
    const result = await this.deadlines.fire(data.workOrderId, data.kind, dueAt);
    if (result === 'not_due') throw new Error(`${data.kind} of ${data.workOrderId} is due at ${data.dueAt}, not yet: retrying`);
    return result;
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn(`deadlines worker: ${err.message}`);
  }
}

import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Job, Queue, UnrecoverableError } from 'bullmq';
import { type DeadlineFireResult, type JobName, type JobPayloads, QueueName } from '@hotline/contracts';
import { DeadlinesService, DomainError } from '@hotline/core';

export interface PlanResult {
  timers: number;
  surveyTask: string | null;
}

/**
 * Thin adapter on the deadlines queue: 'deadlines.plan' turns an order's next timer into a delayed
 * 'deadline.fire' job with a deterministic id (re-planning the same deadline adds nothing; a moved one
 * adds a new job and leaves the old one to fire as a stale no-op); 'deadline.fire' fires one timer and
 * queues the next.
 */
@Processor(QueueName.Deadlines, { concurrency: 8 })
export class DeadlinesProcessor extends WorkerHost {
  private readonly log = new Logger(DeadlinesProcessor.name);

  constructor(
    private readonly deadlines: DeadlinesService,
    @InjectQueue(QueueName.Deadlines) private readonly deadlinesQueue: Queue,
    @InjectQueue(QueueName.Surveys) private readonly surveysQueue: Queue,
  ) {
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
    if (plan.timers.length > 0) {
      await this.deadlinesQueue.addBulk(
        plan.timers.map((t) => ({
          name: 'deadline.fire' as const,
          data: { workOrderId: data.workOrderId, kind: t.kind, dueAt: t.dueAt.toISOString() } satisfies JobPayloads['deadline.fire'],
          opts: { jobId: t.jobId, delay: t.delayMs },
        })),
      );
    }
    const task = plan.surveyTask;
    if (task) {
      const payload: JobPayloads['survey.due'] = { surveyTaskId: task.id, workOrderId: data.workOrderId };
      await this.surveysQueue.add('survey.due', payload, { jobId: task.jobId, delay: task.delayMs });
    }
    return { timers: plan.timers.length, surveyTask: task?.id ?? null };
  }

  /** A job that runs before its time (clocks of Redis and this host disagree) fails and is retried with backoff. */
  async fire(data: JobPayloads['deadline.fire']): Promise<DeadlineFireResult> {
    const dueAt = new Date(data.dueAt);
    if (Number.isNaN(dueAt.getTime())) throw new UnrecoverableError(`deadline.fire: dueAt ${data.dueAt} is not a date`);
    const result = await this.deadlines.fire(data.workOrderId, data.kind, dueAt);
    if (result === 'not_due') throw new Error(`${data.kind} of ${data.workOrderId} is due at ${data.dueAt}, not yet: retrying`);
    // Only an order's next timer is queued: this one is settled, so queue the one after it.
    if (data.kind !== 'survey_due') await this.plan({ workOrderId: data.workOrderId, eventId: `after-${data.kind}-${dueAt.getTime()}` });
    return result;
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn(`deadlines worker: ${err.message}`);
  }
}

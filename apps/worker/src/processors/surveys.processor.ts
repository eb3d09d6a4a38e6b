import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { type JobName, type JobPayloads, QueueName } from '@hotline/contracts';
import { DeadlinesService, DomainError } from '@hotline/core';

/** Thin adapter on the surveys queue: a 回访 task fell due; flag it overdue if it is still open. */
@Processor(QueueName.Surveys, { concurrency: 4 })
export class SurveysProcessor extends WorkerHost {
  private readonly log = new Logger(SurveysProcessor.name);

  constructor(private readonly deadlines: DeadlinesService) {
    super();
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    if (job.name !== 'survey.due') throw new UnrecoverableError(`job ${job.name} does not belong on the surveys queue`);
    const { surveyTaskId } = job.data as JobPayloads['survey.due'];
    let result: Awaited<ReturnType<DeadlinesService['surveyDue']>>;
    try {
      result = await this.deadlines.surveyDue(surveyTaskId);
    } catch (err) {
      if (err instanceof DomainError) throw new UnrecoverableError(err.message);
      throw err;
    }
    // Ran before its time (clocks disagree): fail, to be retried with backoff.
    if (result === 'not_due') throw new Error(`survey task ${surveyTaskId} is not due yet: retrying`);
    return result;
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn(`surveys worker: ${err.message}`);
  }
}

import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, Queue, UnrecoverableError } from 'bullmq';
import { type JobName, type JobPayloads, QueueName } from '@hotline/contracts';
import { CalendarService, DomainError, MicroBatch, type RouteJob, type RouteOutcome, RoutingService } from '@hotline/core';
import { runPacked } from './packed-jobs';

const RETRAIN_SCHEDULER = 'routing-retrain';

/** Routing jobs that arrive within this window are routed together, in one transaction. */
const BATCH_WAIT_MS = 5;
const BATCH_MAX = 32;

/**
 * Thin adapter: the dispatch queue's jobs → RoutingService (routing an order, retraining the router).
 * Routing jobs arriving together are routed as one batch (routeMany); a job whose batch failed is
 * routed again on its own, so one bad order cannot hold up the others. A packed job (a relay batch's
 * routings as one job) is routed the same way, BATCH_MAX orders per transaction.
 */
@Processor(QueueName.Dispatch, { concurrency: 2 * BATCH_MAX })
export class RoutingProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RoutingProcessor.name);
  private readonly batch = new MicroBatch<RouteJob, RouteOutcome>((jobs) => this.routing.routeMany(jobs), BATCH_MAX, BATCH_WAIT_MS);

  constructor(
    private readonly routing: RoutingService,
    private readonly calendar: CalendarService,
    @InjectQueue(QueueName.Dispatch) private readonly queue: Queue,
  ) {
    super();
  }

  /** Schedules the repeatable retrain (one scheduler however many workers run) and trains a first model. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const { routingRetrainEveryMinutes } = await this.calendar.settings();
      await this.queue.upsertJobScheduler(
        RETRAIN_SCHEDULER,
        { every: routingRetrainEveryMinutes * 60_000 },
        { name: 'routing.retrain', data: { reason: 'schedule' } },
      );
      if (!(await this.routing.hasModel())) await this.queue.add('routing.retrain', { reason: 'bootstrap' }, { jobId: 'routing-bootstrap' });
    } catch (err) {
      // Redis may be down at boot: the scheduler is set on the next start; routing works on the catalogue model meanwhile.
      this.log.warn(`could not schedule router retraining: ${(err as Error).message}`);
    }
  }

  async process(job: Job<JobPayloads[JobName], unknown, JobName>): Promise<unknown> {
    try {
      switch (job.name) {
        case 'order.route': {
          const route: RouteJob = { workOrderId: (job.data as JobPayloads['order.route']).workOrderId, jobKey: `route-${job.id}` };
          if (job.attemptsMade === 0) {
            try {
              return await this.batch.submit(route);
            } catch (err) {
              this.log.debug(`routing batch with order ${route.workOrderId} failed (${(err as Error).message}); routing it alone`);
            }
          }
          return await this.routing.route(route.workOrderId, route.jobKey);
        }
        case 'order.route.batch': {
          const items = (job.data as JobPayloads['order.route.batch']).items.map((i): RouteJob => ({
            workOrderId: i.workOrderId,
            jobKey: `route-outbox-${i.outboxId}`,
          }));
          return await runPacked(
            items,
            BATCH_MAX,
            (part) => this.routing.routeMany(part),
            (item) => this.routing.route(item.workOrderId, item.jobKey),
            (item, err) => this.log.warn(`order ${item.workOrderId} cannot be routed: ${err.message}`),
          );
        }
        case 'routing.retrain': {
          const v = await this.routing.retrain((job.data as JobPayloads['routing.retrain']).reason);
          return v ? { version: v.version, positives: v.positives, negatives: v.negatives } : { unchanged: true };
        }
        default:
          throw new UnrecoverableError(`job ${job.name} does not belong on the dispatch queue`);
      }
    } catch (err) {
      if (err instanceof DomainError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  onApplicationShutdown(): void {
    this.batch.flush();
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn(`dispatch worker: ${err.message}`);
  }
}

import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { type JobPayloads, QueueName } from '@hotline/contracts';
import { DeliveryService } from '@hotline/core';

/**
 * Thin adapter over DeliveryService.send: a failed attempt throws, so BullMQ retries with the queue's
 * exponential backoff; the last allowed attempt fails for good; a delivery waiting for an earlier one
 * of its order goes back to the delayed set without spending an attempt.
 */
@Processor(QueueName.Delivery, { concurrency: 8 })
export class DeliveryProcessor extends WorkerHost {
  private readonly log = new Logger(DeliveryProcessor.name);

  constructor(private readonly deliveries: DeliveryService) {
    super();
  }

  async process(job: Job<JobPayloads['delivery.send'], unknown, 'delivery.send'>, token?: string): Promise<unknown> {
    if (job.name !== 'delivery.send') throw new UnrecoverableError(`unknown job ${String(job.name)} on the delivery queue`);
    const r = await this.deliveries.send(job.data.deliveryId, job.opts.attempts ?? 1);
    switch (r.outcome) {
      case 'done':
        return r.status;
      case 'wait':
        await job.moveToDelayed(Date.now() + r.retryInMs, token);
        throw new DelayedError(r.reason);
      case 'failed':
        if (r.final) throw new UnrecoverableError(`delivery ${job.data.deliveryId} failed for good: ${r.error}`);
        throw new Error(r.error);
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn(`delivery worker: ${err.message}`);
  }
}

// The typed job catalogue: job name -> payload -> queue. Payloads carry ids only.

export const QueueName = {
  /** Every work-order event, in commit order per order: rollups now, fan-out and timers later. */
  Events: 'events',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

export interface JobPayloads {
  /** A work-order event was committed (its id is the event's id in work_order_events). */
  'work-order.changed': { eventId: string; workOrderId: string; type: string };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  'work-order.changed': QueueName.Events,
};

export type JobOf<N extends JobName = JobName> = { name: N; data: JobPayloads[N] };

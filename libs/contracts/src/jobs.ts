// The typed job catalogue: job name -> payload -> queue. Payloads carry ids only.

export const QueueName = {
  Dispatch: 'dispatch',
  Deadlines: 'deadlines',
  Surveys: 'surveys',
  Delivery: 'delivery',
  Metrics: 'metrics',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

export interface JobPayloads {
  /** A survey was recorded: fold it into the daily satisfaction rollup. */
  'survey.recorded': { surveyId: string; workOrderId: string };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  'survey.recorded': QueueName.Metrics,
};

export type JobOf<N extends JobName = JobName> = { name: N; data: JobPayloads[N] };

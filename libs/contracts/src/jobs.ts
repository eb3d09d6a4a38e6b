// The typed job catalogue: job name -> payload -> queue. Payloads carry ids only (never a phone
// number or a citizen's name). Jobs born from the outbox have jobId `outbox-<outbox id>`; timers
// have deterministic ids (see deadlineJobId). BullMQ refuses ':' in a custom id unless it has
// exactly three parts, so ids here use '-'.

export const QueueName = {
  /** Every work-order event, in commit order: rollups and department deliveries fan out from here. */
  Events: 'events',
  /** Routing and dispatch of registered orders; the router's retraining. */
  Dispatch: 'dispatch',
  /** Time limits: planning an order's timers and firing them (催办 / 督办). */
  Deadlines: 'deadlines',
  /** Satisfaction callbacks (回访) falling due. */
  Surveys: 'surveys',
  /** Deliveries of orders to departments' own systems (webhooks). */
  Delivery: 'delivery',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

/** Which timer of an order a deadline job is about. */
export const DeadlineKind = {
  /** Sign-for time passed without 签收: 催办 first … */
  SignOverdue: 'sign_overdue',
  /** … then 督办 if it is still not signed after a second sign-for period. */
  SignEscalation: 'sign_escalation',
  /** 80 % of the completion time elapsed (yellow light): 催办 reminder. */
  DueSoon: 'due_soon',
  /** Completion time passed (red light): 督办 issued automatically. */
  Overdue: 'overdue',
  /** The satisfaction callback (回访) is due: the survey task falls due. */
  SurveyDue: 'survey_due',
} as const;
export type DeadlineKind = (typeof DeadlineKind)[keyof typeof DeadlineKind];

export interface JobPayloads {
  /** A work-order event was committed (its id is the event's id in work_order_events). */
  'work-order.changed': { eventId: string; workOrderId: string; type: string };
  /** A registered order (or one whose return was approved without a new unit) needs a unit. */
  'order.route': { workOrderId: string; eventId: string };
  /** Retrain the text router from the catalogue and the dispatch history (repeatable). */
  'routing.retrain': { reason: 'schedule' | 'manual' | 'bootstrap' };
  /** An event may have moved an order's timers: (re)plan its delayed deadline jobs. */
  'deadlines.plan': { workOrderId: string; eventId: string };
  /** A timer fell due. `dueAt` (ISO) is the deadline it was planned for: a moved deadline makes it stale. */
  'deadline.fire': { workOrderId: string; kind: DeadlineKind; dueAt: string };
  /** A satisfaction callback task falls due (delayed job at its due time). */
  'survey.due': { surveyTaskId: string; workOrderId: string };
  /** Deliver one logged delivery (an order event for a department's webhook). */
  'delivery.send': { deliveryId: string };
  /**
   * The order.route rows of one outbox relay batch as one job: one job's Redis round trips for many
   * orders. Each item keeps its own idempotency key (its outbox row), so an item done once is done
   * once whether it arrives alone or in a batch, first time or redelivered.
   */
  'order.route.batch': { items: (JobPayloads['order.route'] & { outboxId: string })[] };
  /** The work-order.changed rows of one relay batch as one job (each reaction is idempotent per event). */
  'work-order.changed.batch': { items: JobPayloads['work-order.changed'][] };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  'work-order.changed': QueueName.Events,
  'order.route': QueueName.Dispatch,
  'routing.retrain': QueueName.Dispatch,
  'deadlines.plan': QueueName.Deadlines,
  'deadline.fire': QueueName.Deadlines,
  'survey.due': QueueName.Surveys,
  'delivery.send': QueueName.Delivery,
  'order.route.batch': QueueName.Dispatch,
  'work-order.changed.batch': QueueName.Events,
};

/** The jobs the outbox relay packs into one job when a batch holds more than one of them (see JobPayloads). */
export const BATCH_JOB_OF: Partial<Record<JobName, 'order.route.batch' | 'work-order.changed.batch'>> = {
  'order.route': 'order.route.batch',
  'work-order.changed': 'work-order.changed.batch',
};

export type JobOf<N extends JobName = JobName> = { name: N; data: JobPayloads[N] };

/** Deterministic id of a timer job: one per order, kind and deadline (a moved deadline is a new job). */
export function deadlineJobId(workOrderId: string, kind: DeadlineKind, dueAt: Date): string {
  return `deadline-${workOrderId}-${kind}-${dueAt.getTime()}`;
}

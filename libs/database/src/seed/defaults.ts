// Seeded defaults of the rules DOMAIN.md names. Operators change them in the tables, not here.
import type { Priority, RequestKind, TimeLimitStage, TimeUnit } from '@hotline/contracts';

export interface DefaultTimeLimit {
  stage: TimeLimitStage;
  kind: RequestKind | null;
  priority: Priority | null;
  amount: number;
  unit: TimeUnit;
}

export const DEFAULT_TIME_LIMITS: DefaultTimeLimit[] = [
  // 签收 sign-for
  { stage: 'sign', kind: null, priority: 'critical', amount: 15, unit: 'minutes' },
  { stage: 'sign', kind: null, priority: 'urgent', amount: 30, unit: 'minutes' },
  { stage: 'sign', kind: null, priority: null, amount: 1, unit: 'working_days' },
  // 办结 completion
  { stage: 'complete', kind: null, priority: 'critical', amount: 24, unit: 'hours' },
  { stage: 'complete', kind: 'consultation', priority: null, amount: 3, unit: 'working_days' },
  { stage: 'complete', kind: 'help', priority: null, amount: 5, unit: 'working_days' },
  { stage: 'complete', kind: 'complaint', priority: null, amount: 10, unit: 'working_days' },
  { stage: 'complete', kind: 'report', priority: null, amount: 10, unit: 'working_days' },
  { stage: 'complete', kind: 'suggestion', priority: null, amount: 10, unit: 'working_days' },
  { stage: 'complete', kind: null, priority: null, amount: 5, unit: 'working_days' },
];

export const DEFAULT_SETTINGS: { key: string; value: unknown; description: string }[] = [
  { key: 'return_window_working_days', value: 2, description: '退单时限: working days after dispatch within which a unit may return an order' },
  { key: 'max_dispatches', value: 3, description: 'after this many centre dispatches no more returns are accepted' },
  { key: 'max_extension_working_days', value: 10, description: 'longest extension one request may ask for' },
  { key: 'yellow_light_fraction', value: 0.8, description: 'share of a time limit after which the order turns yellow (催办)' },
  { key: 'satisfaction_basic_weight', value: 1, description: 'weight w of 基本满意 in the satisfaction rate' },
  { key: 'short_abandon_s', value: 0, description: 'abandons shorter than this are excluded from the connection rate' },
  // Routing (智能派单). The mode and threshold here are the default of every centre; a centre may override them.
  { key: 'routing_mode', value: 'auto', description: "auto: dispatch when the router's top score reaches the threshold, else to the dispatchers' queue; suggest: always to a dispatcher with suggestions" },
  { key: 'routing_threshold', value: 0.75, description: "top score (0..1) from which the router dispatches by itself in auto mode" },
  { key: 'routing_retrain_every_minutes', value: 60, description: 'how often the text router retrains on the dispatch history' },
  // Deadlines (催办 / 督办)
  { key: 'sweep_interval_s', value: 60, description: 'how often the worker sweeps the database for deadlines whose timer job was lost' },
  // Accountability (约谈): a department under any threshold in a month, or over the supervision count, is an interview candidate.
  { key: 'accountability_min_dispatch_accuracy', value: 0.98, description: '约谈 threshold: monthly dispatch accuracy below this' },
  { key: 'accountability_min_on_time_sign_rate', value: 0.95, description: '约谈 threshold: monthly on-time sign rate below this' },
  { key: 'accountability_min_on_time_completion_rate', value: 0.9, description: '约谈 threshold: monthly on-time completion rate below this' },
  { key: 'accountability_min_satisfaction_rate', value: 0.98, description: '约谈 threshold: monthly satisfaction rate below this' },
  { key: 'accountability_max_supervisions', value: 5, description: '约谈 threshold: more 督办 than this in a month' },
  // Department connectors (垂建系统 webhooks)
  { key: 'delivery_max_attempts', value: 8, description: 'deliveries to a department webhook are retried with exponential backoff this many times' },
];

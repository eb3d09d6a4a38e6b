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
];

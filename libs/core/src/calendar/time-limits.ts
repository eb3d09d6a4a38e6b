// Picks the time limit that applies to an order: the most specific policy wins.
import type { Priority, RequestKind, TimeLimitStage, TimeUnit } from '@hotline/contracts';
import type { TimeLimit } from './working-time';

export interface TimeLimitPolicy {
  stage: TimeLimitStage;
  kind: RequestKind | null;
  priority: Priority | null;
  amount: number;
  unit: TimeUnit;
}

/** Specificity: kind+priority > priority > kind > catch-all. A priority rule (特急 24 h) beats a kind rule. */
function specificity(p: TimeLimitPolicy): number {
  return (p.priority ? 2 : 0) + (p.kind ? 1 : 0);
}

export function resolveTimeLimit(
  policies: readonly TimeLimitPolicy[],
  stage: TimeLimitStage,
  kind: RequestKind,
  priority: Priority,
): TimeLimit {
  const candidates = policies
    .filter((p) => p.stage === stage && (p.kind === null || p.kind === kind) && (p.priority === null || p.priority === priority))
    .sort((a, b) => specificity(b) - specificity(a));
  const best = candidates[0];
  if (!best) throw new Error(`no ${stage} time limit configured for ${kind}/${priority}`);
  return { amount: best.amount, unit: best.unit };
}

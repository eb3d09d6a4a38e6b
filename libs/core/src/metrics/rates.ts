// Rate formulas exactly as DOMAIN.md defines them. Pure; every rate carries numerator and denominator.
import type { RateCell, SatisfactionRating } from '@hotline/contracts';

/** The work-order events the satisfaction rollup folds. */
export const SATISFACTION_EVENT_TYPES = ['surveyed'] as const;

export function rate(numerator: number, denominator: number): RateCell {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

export type RatingCounts = Record<SatisfactionRating, number>;

/**
 * 满意率 = (非常满意 + 满意 + w × 基本满意) ÷ rated surveys; unreachable and refused are not rated.
 * The strict rate leaves 基本满意 out of the numerator.
 */
export function satisfactionRate(c: RatingCounts, weightBasic = 1): { satisfaction: RateCell; strict: RateCell } {
  const rated = c.very_satisfied + c.satisfied + c.basically_satisfied + c.dissatisfied + c.very_dissatisfied;
  return {
    satisfaction: rate(c.very_satisfied + c.satisfied + weightBasic * c.basically_satisfied, rated),
    strict: rate(c.very_satisfied + c.satisfied, rated),
  };
}

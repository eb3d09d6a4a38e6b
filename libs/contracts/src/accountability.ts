// Dispatch-accuracy metrics (派单准确率) and the monthly accountability list (约谈): response and request shapes.
import type { RateCell } from './api';
import type { DepartmentKind } from './enums';

/** One row of GET /api/metrics/dispatch: a day or a department, or the total. */
export interface DispatchMetricsRow {
  key: string;
  label?: string;
  /** 1 − approved returns ÷ first-level dispatches; numerator = dispatches not returned. */
  dispatchAccuracy: RateCell;
  /** Orders whose final first-level unit is the first one ÷ orders first dispatched. */
  firstDispatchAccuracy: RateCell;
  /** Every dispatch hop (sub-unit hand-downs included) ÷ orders first dispatched; `rate` is the average. */
  averageHops: RateCell;
  /** Signed within the sign-for time limit ÷ signed. */
  onTimeSignRate: RateCell;
  /** Replied (the unit's 办结) on time ÷ (replied + still open and overdue at the end of the period). */
  onTimeCompletionRate: RateCell;
  counts: DispatchCounts;
}

export interface DispatchCounts {
  dispatches: number;
  approvedReturns: number;
  orders: number;
  firstUnitFinal: number;
  hops: number;
  signs: number;
  signsOnTime: number;
  completions: number;
  completionsOnTime: number;
  /** Snapshot: orders still with a unit (not replied) whose completion deadline passed before the period's end. */
  openOverdue: number;
}

export interface DispatchMetricsReport {
  from: string;
  to: string;
  groupBy: 'day' | 'department';
  rows: DispatchMetricsRow[];
  total: DispatchMetricsRow;
}

export const INTERVIEW_OUTCOMES = ['rectification_required', 'warning', 'criticism', 'no_action'] as const;
/** 约谈 outcome: 限期整改, 警告, 通报批评, 不予处理. */
export type InterviewOutcome = (typeof INTERVIEW_OUTCOMES)[number];

export type AccountabilityReasonCode = 'dispatch_accuracy' | 'on_time_sign' | 'on_time_completion' | 'satisfaction' | 'supervisions';

export interface AccountabilityReason {
  code: AccountabilityReasonCode;
  /** The month's figure: a rate (0–1), or the number of 督办 for `supervisions`. */
  actual: number;
  threshold: number;
  message: string;
}

export interface AccountabilityThresholds {
  minDispatchAccuracy: number;
  minOnTimeSignRate: number;
  minOnTimeCompletionRate: number;
  minSatisfactionRate: number;
  maxSupervisions: number;
}

export interface AccountabilityInterviewView {
  id: string;
  departmentId: string;
  month: string;
  interviewedAt: string;
  outcome: InterviewOutcome;
  note: string;
  recordedById: string;
  recordedAt: string;
}

export interface RecordInterviewRequest {
  departmentId: string;
  /** YYYY-MM */
  month: string;
  interviewedAt: string;
  outcome: InterviewOutcome;
  note: string;
}

/** A first-level unit's month; its street offices' figures are included in its own. */
export interface AccountabilityRow {
  departmentId: string;
  code: string;
  name: string;
  kind: DepartmentKind;
  dispatchAccuracy: RateCell;
  onTimeSignRate: RateCell;
  onTimeCompletionRate: RateCell;
  satisfactionRate: RateCell;
  /** 督办 (manual and automatic) issued to the unit or its sub-units during the month. */
  supervisions: number;
  candidate: boolean;
  reasons: AccountabilityReason[];
  interviewed: boolean;
  interviews: AccountabilityInterviewView[];
}

export interface AccountabilityReport {
  month: string;
  from: string;
  to: string;
  thresholds: AccountabilityThresholds;
  rows: AccountabilityRow[];
}

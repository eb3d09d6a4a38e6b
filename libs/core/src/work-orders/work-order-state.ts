// The work-order lifecycle (工单流程) as a pure state machine: which action is allowed from which
// status, by which role, and where it leads. No I/O; the services consult it before writing.
import {
  type Role,
  type SatisfactionRating,
  type SurveyOutcome,
  CloseReason,
  Role as R,
  SatisfactionRating as Rating,
  SurveyOutcome as Outcome,
  type WorkOrderAction,
  WorkOrderAction as A,
  type WorkOrderStatus,
  WorkOrderStatus as S,
} from '@hotline/contracts';
import { Forbidden, IllegalTransition } from '../shared/errors';

/** 'same' keeps the status; 'previous' goes back to where the order was before (denied return). */
export type Target = WorkOrderStatus | 'same' | 'previous' | 'by_survey';

interface Rule {
  from: readonly WorkOrderStatus[];
  to: Target;
  roles: readonly Role[];
  label: string;
}

const OPEN_WITH_UNIT: readonly WorkOrderStatus[] = [S.Dispatched, S.Accepted, S.ReturnRequested, S.Replied];

export const LIFECYCLE: Readonly<Record<Exclude<WorkOrderAction, 'create' | 'answer_directly'>, Rule>> = {
  [A.Reject]: { from: [S.Registered], to: S.Rejected, roles: [R.Agent, R.Dispatcher], label: '不予受理' },
  [A.Dispatch]: { from: [S.Registered], to: S.Dispatched, roles: [R.Dispatcher], label: '派单' },
  [A.SubDispatch]: { from: [S.Dispatched, S.Accepted], to: S.Dispatched, roles: [R.Department], label: '二级派单' },
  [A.Sign]: { from: [S.Dispatched], to: S.Accepted, roles: [R.Department], label: '签收' },
  [A.RequestReturn]: { from: [S.Dispatched, S.Accepted], to: S.ReturnRequested, roles: [R.Department], label: '退单申请' },
  [A.ApproveReturn]: { from: [S.ReturnRequested], to: S.Dispatched, roles: [R.Dispatcher], label: '退单审核通过' },
  [A.DenyReturn]: { from: [S.ReturnRequested], to: 'previous', roles: [R.Dispatcher], label: '退单驳回' },
  [A.RequestExtension]: { from: [S.Accepted], to: 'same', roles: [R.Department], label: '延期申请' },
  [A.ApproveExtension]: { from: [S.Accepted, S.ReturnRequested], to: 'same', roles: [R.Dispatcher], label: '延期审核通过' },
  [A.DenyExtension]: { from: [S.Accepted, S.ReturnRequested], to: 'same', roles: [R.Dispatcher], label: '延期驳回' },
  [A.Reply]: { from: [S.Accepted], to: S.Replied, roles: [R.Department], label: '答复' },
  [A.Survey]: { from: [S.Replied], to: 'by_survey', roles: [R.Agent, R.Dispatcher], label: '回访' },
  [A.Reopen]: { from: [S.Replied], to: S.Dispatched, roles: [R.Dispatcher, R.Supervisor], label: '重办' },
  [A.Close]: { from: [S.Replied], to: S.Closed, roles: [R.Dispatcher, R.Supervisor], label: '办结' },
  [A.Merge]: { from: [S.Registered], to: S.Merged, roles: [R.Agent, R.Dispatcher], label: '并单' },
  [A.Supervise]: { from: OPEN_WITH_UNIT, to: 'same', roles: [R.Dispatcher, R.Supervisor], label: '督办' },
  [A.Transfer]: { from: [S.Registered], to: S.Transferred, roles: [R.Agent, R.Dispatcher], label: '转110' },
};

export type LifecycleAction = keyof typeof LIFECYCLE;

const STATUS_LABEL: Record<WorkOrderStatus, string> = {
  registered: '已受理',
  dispatched: '已派单',
  accepted: '已签收',
  return_requested: '退单待审',
  replied: '已答复',
  closed: '已办结',
  rejected: '不予受理',
  merged: '已并单',
  transferred: '已转110',
};

/** Checks role and status; returns the rule so the caller knows the target. */
export function checkTransition(action: LifecycleAction, status: WorkOrderStatus, role: Role): Rule {
  const rule = LIFECYCLE[action];
  if (!rule.roles.includes(role)) {
    throw new Forbidden(`role ${role} may not ${action} (${rule.label})`, { action, role });
  }
  if (!rule.from.includes(status)) {
    throw new IllegalTransition(
      `cannot ${action} (${rule.label}) a work order that is ${status} (${STATUS_LABEL[status]}); allowed from: ${rule.from.join(', ')}`,
      { action, status, allowedFrom: rule.from },
    );
  }
  return rule;
}

/** Roles allowed to perform an action: the HTTP layer declares the same lists on its routes. */
export function rolesFor(action: LifecycleAction): readonly Role[] {
  return LIFECYCLE[action].roles;
}

export const SATISFIED_RATINGS: readonly SatisfactionRating[] = [Rating.VerySatisfied, Rating.Satisfied, Rating.BasicallySatisfied];

export interface SurveyEffect {
  close: boolean;
  closeReason: CloseReason | null;
  /** A dissatisfied rating waits for a dispatcher to reopen (reasonable) or close it. */
  needsReview: boolean;
}

/** What a survey does to a replied order. */
export function surveyEffect(outcome: SurveyOutcome, rating: SatisfactionRating | null | undefined): SurveyEffect {
  if (outcome !== Outcome.Reached) return { close: true, closeReason: CloseReason.SurveyNotRated, needsReview: false };
  if (!rating) throw new IllegalTransition('a reached survey needs a rating');
  if (SATISFIED_RATINGS.includes(rating)) return { close: true, closeReason: CloseReason.Satisfied, needsReview: false };
  return { close: false, closeReason: null, needsReview: true };
}

export const TERMINAL_STATUSES: readonly WorkOrderStatus[] = [S.Closed, S.Rejected, S.Merged, S.Transferred];

import { Role, SatisfactionRating, SurveyOutcome, WORK_ORDER_STATUSES, WorkOrderStatus } from '@hotline/contracts';
import { Forbidden, IllegalTransition } from '../shared/errors';
import { LIFECYCLE, type LifecycleAction, checkTransition, surveyEffect } from './work-order-state';

describe('work-order lifecycle', () => {
  it('lets a dispatcher dispatch a registered order', () => {
    expect(checkTransition('dispatch', WorkOrderStatus.Registered, Role.Dispatcher).to).toBe(WorkOrderStatus.Dispatched);
  });

  it('refuses to dispatch an order that is already closed', () => {
    expect(() => checkTransition('dispatch', WorkOrderStatus.Closed, Role.Dispatcher)).toThrow(IllegalTransition);
  });

  it('refuses an agent who tries to sign for an order', () => {
    expect(() => checkTransition('sign', WorkOrderStatus.Dispatched, Role.Agent)).toThrow(Forbidden);
  });

  it('requires signing before replying', () => {
    expect(() => checkTransition('reply', WorkOrderStatus.Dispatched, Role.Department)).toThrow(/accepted/);
  });

  it('sends a denied return back to the previous status', () => {
    expect(checkTransition('deny_return', WorkOrderStatus.ReturnRequested, Role.Dispatcher).to).toBe('previous');
  });

  it('reopens a replied order to dispatched', () => {
    expect(checkTransition('reopen', WorkOrderStatus.Replied, Role.Supervisor).to).toBe(WorkOrderStatus.Dispatched);
  });

  it('allows no action at all on a terminal order except none', () => {
    for (const status of [WorkOrderStatus.Closed, WorkOrderStatus.Rejected, WorkOrderStatus.Merged, WorkOrderStatus.Transferred]) {
      for (const action of Object.keys(LIFECYCLE) as LifecycleAction[]) {
        const role = LIFECYCLE[action].roles[0];
        expect(() => checkTransition(action, status, role)).toThrow(IllegalTransition);
      }
    }
  });

  it('names only known statuses in every rule', () => {
    for (const rule of Object.values(LIFECYCLE)) {
      for (const s of rule.from) expect(WORK_ORDER_STATUSES).toContain(s);
    }
  });

  it('closes on a satisfied rating', () => {
    expect(surveyEffect(SurveyOutcome.Reached, SatisfactionRating.Satisfied)).toEqual({ close: true, closeReason: 'satisfied', needsReview: false });
  });

  it('counts 基本满意 as satisfied for closing', () => {
    expect(surveyEffect(SurveyOutcome.Reached, SatisfactionRating.BasicallySatisfied).close).toBe(true);
  });

  it('holds a dissatisfied rating for review instead of closing', () => {
    expect(surveyEffect(SurveyOutcome.Reached, SatisfactionRating.Dissatisfied)).toEqual({ close: false, closeReason: null, needsReview: true });
  });

  it('closes an unreachable survey without a rating', () => {
    expect(surveyEffect(SurveyOutcome.Unreachable, undefined).closeReason).toBe('survey_not_rated');
  });

  it('rejects a reached survey without a rating', () => {
    expect(() => surveyEffect(SurveyOutcome.Reached, undefined)).toThrow(IllegalTransition);
  });
});

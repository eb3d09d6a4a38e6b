import { jobsForEvent } from './event-jobs';

describe('jobsForEvent', () => {
  it('sends a newly registered order to the router', () => {
    expect(jobsForEvent({ type: 'registered', toStatus: 'registered' })).toEqual(['work-order.changed', 'order.route']);
  });

  it('does not route an order answered directly at intake', () => {
    expect(jobsForEvent({ type: 'answered_directly', toStatus: 'closed' })).toEqual(['work-order.changed']);
  });

  it('re-routes an approved return that left the next unit to the router', () => {
    expect(jobsForEvent({ type: 'return_approved', toStatus: 'registered' })).toContain('order.route');
  });

  it('plans timers, not routing, when a return is approved straight to a new unit', () => {
    const jobs = jobsForEvent({ type: 'return_approved', toStatus: 'dispatched' });
    expect(jobs).not.toContain('order.route');
    expect(jobs).toContain('deadlines.plan');
  });

  it('replans timers after an approved extension and after a reopen', () => {
    expect(jobsForEvent({ type: 'extension_approved', toStatus: 'accepted' })).toContain('deadlines.plan');
    expect(jobsForEvent({ type: 'reopened', toStatus: 'dispatched' })).toContain('deadlines.plan');
  });

  it('leaves timers alone for events that cannot move them', () => {
    expect(jobsForEvent({ type: 'extension_requested', toStatus: 'accepted' })).toEqual(['work-order.changed']);
  });
});

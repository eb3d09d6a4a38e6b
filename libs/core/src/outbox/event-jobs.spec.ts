import { jobsForEvent } from './event-jobs';

describe('jobsForEvent', () => {
  it('sends a newly registered order to the router', () => {
    expect(jobsForEvent({ type: 'registered', toStatus: 'registered' })).toEqual(['order.route']);
  });

  it('does not route an order answered directly at intake', () => {
    expect(jobsForEvent({ type: 'answered_directly', toStatus: 'closed' })).toEqual([]);
  });

  it('re-routes an approved return that left the next unit to the router', () => {
    expect(jobsForEvent({ type: 'return_approved', toStatus: 'registered' })).toContain('order.route');
  });

  it('does not route a return approved straight to a new unit', () => {
    expect(jobsForEvent({ type: 'return_approved', toStatus: 'dispatched' })).not.toContain('order.route');
  });

  it('leaves timers to the transaction of the change (no planning job)', () => {
    for (const type of ['dispatched', 'extension_approved', 'reopened', 'replied'])
      expect(jobsForEvent({ type, toStatus: null })).not.toContain('deadlines.plan');
    expect(jobsForEvent({ type: 'extension_requested', toStatus: 'accepted' })).toEqual([]);
  });

  it('sends to the events queue exactly the events a rollup or a connector reacts to', () => {
    for (const type of ['dispatched', 'sub_dispatched', 'return_approved', 'signed', 'replied', 'surveyed', 'supervised', 'closed', 'transferred']) {
      expect(jobsForEvent({ type, toStatus: null })).toContain('work-order.changed');
    }
    for (const type of ['registered', 'routing_suggested', 'answered_directly', 'extension_requested', 'return_requested']) {
      expect(jobsForEvent({ type, toStatus: null })).not.toContain('work-order.changed');
    }
  });
});

// Which jobs an event starts: a pure map, so one committed event fans out to every queue that must
// react, through the outbox, in the same transaction as the event itself.
import type { JobName } from '@hotline/contracts';

/** Events after which an order's timers may have changed (a new unit, a signature, a moved due time…). */
const TIMER_EVENTS = new Set([
  'dispatched',
  'sub_dispatched',
  'return_approved',
  'return_denied',
  'signed',
  'extension_approved',
  'reopened',
  'replied',
  'surveyed',
  'closed',
  'merged',
]);

export interface EventForJobs {
  type: string;
  toStatus: string | null;
  details?: Record<string, unknown>;
}

/** The jobs an event starts, besides none at all: every event also feeds the events queue. */
export function jobsForEvent(e: EventForJobs): JobName[] {
  const jobs: JobName[] = ['work-order.changed'];
  // A registered order, or an approved return that left the choice of the next unit to the router.
  if (e.toStatus === 'registered' && (e.type === 'registered' || e.type === 'return_approved')) jobs.push('order.route');
  if (TIMER_EVENTS.has(e.type)) jobs.push('deadlines.plan');
  return jobs;
}

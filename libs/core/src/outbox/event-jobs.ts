// Which jobs an event starts: a pure map, so one committed event fans out to every queue that must
// react, through the outbox, in the same transaction as the event itself. (An order's timers are not
// here: the deadlines TransitionHook schedules them in the change's own transaction.)
import type { JobName } from '@hotline/contracts';
import { DELIVERABLE_EVENT_TYPES } from '../connectors/connector-rules';
import { DISPATCH_ROLLUP_EVENT_TYPES } from '../metrics/dispatch-rates';
import { SATISFACTION_EVENT_TYPES } from '../metrics/rates';

/**
 * Events some EventReaction consumes (the rollups and the connector deliveries). Only these go to the
 * events queue: a registered order or a routing suggestion has no reaction, and a job per event nobody
 * reads would cost Redis and the worker three round trips for nothing.
 */
export const REACTION_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...SATISFACTION_EVENT_TYPES,
  ...DISPATCH_ROLLUP_EVENT_TYPES,
  ...DELIVERABLE_EVENT_TYPES,
]);

export interface EventForJobs {
  type: string;
  toStatus: string | null;
  details?: Record<string, unknown>;
}

/** The jobs an event starts (maybe none). */
export function jobsForEvent(e: EventForJobs): JobName[] {
  const jobs: JobName[] = REACTION_EVENT_TYPES.has(e.type) ? ['work-order.changed'] : [];
  // A registered order, or an approved return that left the choice of the next unit to the router.
  if (e.toStatus === 'registered' && (e.type === 'registered' || e.type === 'return_approved')) jobs.push('order.route');
  return jobs;
}

import type { EntityManager } from 'typeorm';
import type { WorkOrderEntity } from '../work-orders/work-order.entity';

/**
 * Work that belongs to a lifecycle change itself and commits with it: it runs inside the change's
 * transaction, after the orders were updated and their events written, once for all the orders of
 * a batch whose event it handles (the orders' timers are planned this way, so a change and its next
 * deadline job are one commit). Unlike an EventReaction it is not retried on its own: if it fails,
 * the change fails.
 */
export interface TransitionHook {
  /** Names the hook in errors. */
  readonly hookName: string;
  /** The event types after which it runs. */
  readonly hookEventTypes: ReadonlySet<string>;
  afterTransitions(m: EntityManager, orders: readonly WorkOrderEntity[], now: Date): Promise<unknown>;
}

/** Injection token of the list of every TransitionHook (assembled in CoreModule). */
export const TRANSITION_HOOKS = Symbol('TRANSITION_HOOKS');

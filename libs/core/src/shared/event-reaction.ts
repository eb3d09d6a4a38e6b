import type { JobPayloads } from '@hotline/contracts';

/**
 * Something that reacts to committed work-order events (a rollup, a department delivery…). The
 * worker's events processor hands every event to every reaction; each must be idempotent on its
 * own (a processed_jobs record in the same transaction as its effect), because a failure of one
 * retries the job for all.
 */
export interface EventReaction {
  /** Names the reaction in logs and in processed_jobs.consumer. */
  readonly consumer: string;
  react(event: JobPayloads['work-order.changed']): Promise<unknown>;
  /**
   * Optional: the same for several events at once (the events worker batches the jobs that arrive
   * together), e.g. in one transaction. Must have the effect of react() on each, in any order.
   */
  reactAll?(events: readonly JobPayloads['work-order.changed'][]): Promise<unknown>;
}

/** Injection token of the list of every EventReaction (assembled in CoreModule). */
export const EVENT_REACTIONS = Symbol('EVENT_REACTIONS');

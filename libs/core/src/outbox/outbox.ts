import type { EntityManager } from 'typeorm';
import { JOB_QUEUE, type JobName, type JobPayloads } from '@hotline/contracts';
import { prepared, runPrepared } from '../shared/prepared';

/** A job for the outbox; jobId and delayMs for the jobs that need them (timers), else the relay's own. */
export interface OutboxJob<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  /** A deterministic BullMQ job id (a timer's): re-adding the same id while it waits adds nothing. */
  jobId?: string;
  /** Delay counted from the commit; the relay subtracts the time the row waited before publishing. */
  delayMs?: number;
}

/**
 * created_at is the moment of the insert (clock_timestamp), not the transaction's start (now()): the
 * relay takes the time a row waited off its delay, and a delay is planned from a moment inside the
 * transaction, so counting from its start would make a timer fall due early.
 */
const ENQUEUE = prepared(
  'outbox-enqueue',
  `INSERT INTO outbox (queue_name, job_name, payload, job_id, delay_ms, created_at)
   SELECT q, j, p, id, d, clock_timestamp() FROM unnest($1::varchar[], $2::varchar[], $3::jsonb[], $4::varchar[], $5::bigint[]) AS u(q, j, p, id, d)`,
);

/** Writes a job to the outbox inside the caller's transaction; the worker's relay publishes it. */
export async function enqueue<N extends JobName>(m: EntityManager, name: N, payload: JobPayloads[N]): Promise<void> {
  await enqueueAll(m, [{ name, payload }]);
}

/** Writes several jobs in one statement (an event's fan-out, an order's timers). */
export async function enqueueAll(m: EntityManager, jobs: OutboxJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await runPrepared(m, ENQUEUE, [
    jobs.map((j) => JOB_QUEUE[j.name]),
    jobs.map((j) => j.name),
    jobs.map((j) => JSON.stringify(j.payload)),
    jobs.map((j) => j.jobId ?? null),
    jobs.map((j) => (j.delayMs === undefined ? null : Math.max(0, Math.round(j.delayMs)))),
  ]);
}

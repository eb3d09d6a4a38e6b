import type { EntityManager } from 'typeorm';
import { JOB_QUEUE, type JobName, type JobPayloads } from '@hotline/contracts';

/** Writes a job to the outbox inside the caller's transaction; the worker's relay publishes it. */
export async function enqueue<N extends JobName>(m: EntityManager, name: N, payload: JobPayloads[N]): Promise<void> {
  await m.query(`INSERT INTO outbox (queue_name, job_name, payload) VALUES ($1, $2, $3)`, [JOB_QUEUE[name], name, payload]);
}

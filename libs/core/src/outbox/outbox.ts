import type { EntityManager } from 'typeorm';
import { JOB_QUEUE, type JobName, type JobPayloads } from '@hotline/contracts';

/** Writes a job to the outbox inside the caller's transaction; the worker's relay publishes it. */
export async function enqueue<N extends JobName>(m: EntityManager, name: N, payload: JobPayloads[N]): Promise<void> {
  await m.query(`INSERT INTO outbox (queue_name, job_name, payload) VALUES ($1, $2, $3)`, [JOB_QUEUE[name], name, payload]);
}

/** Writes several jobs in one statement (an event's fan-out). */
export async function enqueueAll(m: EntityManager, jobs: { name: JobName; payload: JobPayloads[JobName] }[]): Promise<void> {
  if (jobs.length === 0) return;
  await m.query(
    `INSERT INTO outbox (queue_name, job_name, payload)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::jsonb[])`,
    [jobs.map((j) => JOB_QUEUE[j.name]), jobs.map((j) => j.name), jobs.map((j) => JSON.stringify(j.payload))],
  );
}

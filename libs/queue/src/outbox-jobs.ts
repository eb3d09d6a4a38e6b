// What the outbox relay adds to BullMQ for a claimed batch of outbox rows: a pure mapping.
import { BATCH_JOB_OF, type JobName } from '@hotline/contracts';

export interface OutboxRow {
  id: string;
  queue_name: string;
  job_name: string;
  payload: Record<string, unknown>;
  /** A timer's deterministic id; else the job is outbox-<id>. */
  job_id: string | null;
  /** What is left of a delayed job's delay once the time the row waited is taken off. */
  delay: number | null;
}

export interface BullJob {
  queue: string;
  name: string;
  data: Record<string, unknown>;
  opts: { jobId: string; delay?: number };
}

/**
 * One job per row (jobId outbox-<id>, or the timer's own id), except that the rows of a job that has
 * a batch form (BATCH_JOB_OF: routing, event reactions), when the batch holds more than one of them for
 * a queue, become one job carrying them all in id order. A re-claimed row (the relay's transaction
 * rolled back after Redis took the batch) may then arrive twice in different batches: every item is
 * idempotent on its own key, so the second arrival does nothing.
 */
export function bullJobsFor(rows: readonly OutboxRow[]): BullJob[] {
  const jobs: BullJob[] = [];
  // By packed job name (its queue is the rows' queue: each job name belongs to one queue).
  const packs = new Map<string, OutboxRow[]>();
  for (const r of rows) {
    const packed = BATCH_JOB_OF[r.job_name as JobName];
    if (!packed || r.job_id !== null || r.delay !== null) jobs.push(single(r));
    else if (packs.has(packed)) packs.get(packed)!.push(r);
    else packs.set(packed, [r]);
  }
  for (const [name, pack] of packs) {
    if (pack.length === 1) {
      jobs.push(single(pack[0]));
      continue;
    }
    const sorted = [...pack].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    jobs.push({
      queue: sorted[0].queue_name,
      name,
      data: { items: sorted.map((r) => ({ ...r.payload, outboxId: r.id })) },
      opts: { jobId: `outbox-${sorted[0].id}-batch-${sorted.length}` },
    });
  }
  return jobs;
}

function single(r: OutboxRow): BullJob {
  return {
    queue: r.queue_name,
    name: r.job_name,
    data: r.payload,
    opts: { jobId: r.job_id ?? `outbox-${r.id}`, ...(r.delay === null ? {} : { delay: r.delay }) },
  };
}

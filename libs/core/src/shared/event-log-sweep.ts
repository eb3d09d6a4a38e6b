// A consumer's sweep over the append-only event log: the database is the record, the queue only the
// fast path. The sweep reads the log forward from the consumer's watermark (rollup_watermarks) by
// primary key, applies the events of its types that have no processed-job record (their job was lost
// with Redis, or never published), and moves the watermark over what it has read. So a sweep costs
// the events since the last one, however far behind the consumer fell: nothing is left behind a
// fixed look-back window.
//
// Event ids come from a sequence: a transaction can take a lower id and commit after a higher one.
// The watermark therefore only moves over events older than `settleSeconds`; younger ones are read
// again by the next sweep.
import type { DataSource } from 'typeorm';

export interface EventLogSweepOptions {
  /** The consumer's name, as in processed_jobs and rollup_watermarks. */
  consumer: string;
  /** The event types the consumer reacts to; other events are passed over. */
  types: readonly string[];
  /** The watermark only moves over events at least this old (seconds). */
  settleSeconds: number;
  /** Unclaimed events are applied once at least this old (seconds): younger ones are the live path's. */
  applyAfterSeconds?: number;
  /** Events read per batch, and batches per call (a long backlog is worked off over several calls). */
  batch: number;
  maxBatches: number;
  /** Where a consumer without a watermark starts (the id before the first event it reads). */
  startAfter?: (ds: DataSource) => Promise<string>;
}

/** The consumer's watermark: every event at or below it has been looked at. Null: never swept. */
export async function watermarkOf(ds: DataSource, consumer: string): Promise<string | null> {
  const rows = (await ds.query(`SELECT last_event_id::text AS id FROM rollup_watermarks WHERE consumer = $1`, [consumer])) as { id: string }[];
  return rows[0]?.id ?? null;
}

/** Moves the watermark forward (never back: two sweeps racing keep the higher). */
export async function moveWatermark(ds: DataSource, consumer: string, eventId: string): Promise<void> {
  await ds.query(
    `INSERT INTO rollup_watermarks (consumer, last_event_id, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (consumer) DO UPDATE SET last_event_id = GREATEST(rollup_watermarks.last_event_id, EXCLUDED.last_event_id), updated_at = now()`,
    [consumer, eventId],
  );
}

/**
 * Moves the watermark to the newest settled event without applying anything: for a consumer that has
 * nothing to do with the events of the period (no webhook registered, say). Ordered by the column, not
 * by the output's text `id` (which would sort '999' above '1000' and scan the whole log).
 */
export async function passOverEventLog(ds: DataSource, consumer: string, settleSeconds: number): Promise<void> {
  const rows = (await ds.query(
    `SELECT id::text AS id FROM work_order_events WHERE occurred_at < now() - make_interval(secs => $1) ORDER BY work_order_events.id DESC LIMIT 1`,
    [settleSeconds],
  )) as { id: string }[];
  if (rows[0]) await moveWatermark(ds, consumer, rows[0].id);
}

/**
 * One batch of the log past the watermark, each event with whether it is settled and whether it is
 * pending (of the consumer's types, old enough, and without a processed-job record). The record is
 * probed per event of those types, in a LATERAL subquery with LIMIT 1: as a NOT EXISTS the planner
 * hashed the consumer's every record for each batch (a scan of processed_jobs, 31 of the batch's
 * 62 ms with 98,000 records, and growing with the retention), where the probes cost 6 ms in all.
 */
const SWEEP_BATCH_SQL = `
SELECT e.id::text AS id, e.occurred_at < now() - make_interval(secs => $3) AS settled,
       (e.type = ANY($4) AND e.occurred_at < now() - make_interval(secs => $6) AND p.claimed IS NULL) AS pending
FROM (SELECT id, type, occurred_at FROM work_order_events WHERE id > $1 ORDER BY id LIMIT $2) e
LEFT JOIN LATERAL (
  SELECT true AS claimed FROM processed_jobs p WHERE e.type = ANY($4) AND p.consumer = $5 AND p.job_key = e.id::text LIMIT 1
) p ON true
ORDER BY e.id`;

/**
 * One sweep: applies the unclaimed events of the consumer's types past its watermark (oldest first)
 * and moves the watermark over the settled ones. `apply` must be idempotent (it claims the event in
 * processed_jobs), since the live path may take the same event at the same time. Returns how many
 * events `apply` reported as applied.
 */
export async function sweepEventLog(ds: DataSource, opts: EventLogSweepOptions, apply: (eventId: string) => Promise<boolean>): Promise<number> {
  let applied = 0;
  for (let n = 0; n < opts.maxBatches; n++) {
    const from = (await watermarkOf(ds, opts.consumer)) ?? (opts.startAfter ? await opts.startAfter(ds) : '0');
    const rows = (await ds.query(SWEEP_BATCH_SQL, [
      from,
      opts.batch,
      opts.settleSeconds,
      opts.types,
      opts.consumer,
      Math.min(opts.applyAfterSeconds ?? 0, opts.settleSeconds),
    ])) as { id: string; settled: boolean; pending: boolean }[];
    for (const r of rows) if (r.pending && (await apply(r.id))) applied++;
    let next: string | null = null;
    for (const r of rows) {
      if (!r.settled) break;
      next = r.id;
    }
    if (next !== null) await moveWatermark(ds, opts.consumer, next);
    if (rows.length < opts.batch || next !== rows[rows.length - 1]?.id) break;
  }
  return applied;
}

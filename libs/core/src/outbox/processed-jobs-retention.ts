// Retention of processed-job records (processed_jobs: one row per job a consumer applied, written with
// the job's effect, so a redelivered job does nothing). Without it the table grows with every event
// the city ever had, several rows per order. A record is only needed while something may still ask
// for it:
// - a redelivery: a BullMQ retry (8 attempts with exponential backoff from 1 s, about 4 minutes in
//   all), the relay publishing a row again after a crash between adding the job and marking the row
//   (seconds), or someone retrying a failed job by hand, which BullMQ keeps for FAILED_JOB_KEEP_DAYS
//   (30, below the retention's floor; the queue library's spec checks it);
// - a consumer's sweep over the event log, which asks for the events past its watermark only
//   (dispatch rollup, connector deliveries): a record at or behind the watermark is never read again;
// - the satisfaction rollup's reconcile, which asks for survey events of the last
//   SATISFACTION_RECONCILE_DAYS days: a record processed before that is never read again.
// So a record is deleted once it is older than the retention (never less than that look-back), and,
// for a consumer with a watermark, only once the watermark has passed it. A consumer this table does
// not name keeps its records. The table has no index on processed_at (one more index on the hottest
// insert): a prune reads it whole, about 50 ms for 300,000 records, once an hour; SKIP LOCKED keeps
// two workers' prunes from waiting on each other.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DELIVERY_CONSUMER } from '../connectors/delivery.service';
import { DISPATCH_ROLLUP_CONSUMER } from '../metrics/dispatch-metrics.service';
import { SATISFACTION_RECONCILE_DAYS, SATISFACTION_ROLLUP_CONSUMER } from '../metrics/satisfaction.service';
import { ROUTER_CONSUMER } from '../shared/prepared';

/** 'age': older than the retention is enough; 'behind-watermark': also at or behind the consumer's watermark. */
export type ProcessedJobRetention = 'age' | 'behind-watermark';

export const PROCESSED_JOB_RETENTION: Readonly<Record<string, ProcessedJobRetention>> = {
  [ROUTER_CONSUMER]: 'age',
  [SATISFACTION_ROLLUP_CONSUMER]: 'age',
  [DISPATCH_ROLLUP_CONSUMER]: 'behind-watermark',
  [DELIVERY_CONSUMER]: 'behind-watermark',
};

/** The days a record is kept: the configured retention, but never within the satisfaction reconcile's look-back. */
export function processedJobsKeepDays(configuredDays: number): number {
  return Math.max(configuredDays, SATISFACTION_RECONCILE_DAYS + 1);
}

/** The consumers of each retention rule, as the prune statement takes them. */
export function consumersByRetention(
  policy: Readonly<Record<string, ProcessedJobRetention>> = PROCESSED_JOB_RETENTION,
): Record<ProcessedJobRetention, string[]> {
  const out: Record<ProcessedJobRetention, string[]> = { age: [], 'behind-watermark': [] };
  for (const [consumer, rule] of Object.entries(policy)) out[rule].push(consumer);
  return out;
}

/**
 * One chunk of expired records. A record's job key is the event id for the watermark consumers; a key
 * that is not a number is never behind a watermark (CASE, so the cast is never tried on it).
 */
const PRUNE_CHUNK = `
  WITH doomed AS (
    SELECT j.ctid FROM processed_jobs j
    LEFT JOIN rollup_watermarks w ON w.consumer = j.consumer
    WHERE j.processed_at < now() - make_interval(days => $1)
      AND (j.consumer = ANY($2::varchar[])
           OR (j.consumer = ANY($3::varchar[])
               AND CASE WHEN j.job_key ~ '^[0-9]{1,18}$' THEN j.job_key::bigint END <= w.last_event_id))
    LIMIT $4
    FOR UPDATE OF j SKIP LOCKED)
  DELETE FROM processed_jobs p USING doomed d WHERE p.ctid = d.ctid`;

/** Rows per DELETE (short transactions) and DELETEs per prune (a backlog is worked off over several). */
const CHUNK = 10_000;
const CHUNKS_PER_PRUNE = 20;

@Injectable()
export class ProcessedJobsRetentionService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Deletes expired records (see the file's header) of the consumers the policy names; returns how many. */
  async prune(configuredDays: number, policy: Readonly<Record<string, ProcessedJobRetention>> = PROCESSED_JOB_RETENTION): Promise<number> {
    const days = processedJobsKeepDays(configuredDays);
    const c = consumersByRetention(policy);
    let total = 0;
    for (let i = 0; i < CHUNKS_PER_PRUNE; i++) {
      const res = (await this.ds.query(PRUNE_CHUNK, [days, c.age, c['behind-watermark'], CHUNK])) as [unknown[], number];
      total += res[1];
      if (res[1] < CHUNK) break;
    }
    return total;
  }
}

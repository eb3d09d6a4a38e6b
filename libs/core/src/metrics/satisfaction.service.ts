// 满意率 from the daily rollup, and the worker-side fold of survey events into it.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { JobPayloads, SatisfactionReport, SatisfactionRow } from '@hotline/contracts';
import type { EventReaction } from '../shared/event-reaction';
import { CalendarService } from '../calendar/calendar.service';
import { CLAIM_JOB, runPrepared } from '../shared/prepared';
import { localDate } from '../calendar/working-time';
import { InvalidInput } from '../shared/errors';
import { type RatingCounts, satisfactionRate } from './rates';

const COLUMNS = {
  very_satisfied: 'very_satisfied',
  satisfied: 'satisfied',
  basically_satisfied: 'basically_satisfied',
  dissatisfied: 'dissatisfied',
  very_dissatisfied: 'very_dissatisfied',
  unreachable: 'unreachable',
  refused: 'refused',
} as const;

/** The consumer name of the satisfaction rollup (processed_jobs). */
export const SATISFACTION_ROLLUP_CONSUMER = 'satisfaction-rollup';
/** How far back reconcile looks for survey events the rollup has not seen (by their processed_jobs record). */
export const SATISFACTION_RECONCILE_DAYS = 35;
/**
 * The look-back of the worker's frequent reconcile: the last minutes' surveys only (their partial
 * index makes it a few rows). The full look-back runs less often: it reads every survey of the 35
 * days (57,000 on the intake bench's year of 1,000,000 orders: 250–600 ms, each minute, to find nothing).
 */
export const SATISFACTION_RECENT_RECONCILE_S = 15 * 60;
/** Surveys one reconcile folds at most; a call that folds this many may have left more. */
export const SATISFACTION_RECONCILE_LIMIT = 1_000;
const CONSUMER = SATISFACTION_ROLLUP_CONSUMER;
const NO_DEPARTMENT = '00000000-0000-0000-0000-000000000000';

interface RollupRow {
  key: string;
  label: string | null;
  very_satisfied: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
  very_dissatisfied: number;
  unreachable: number;
  refused: number;
}

@Injectable()
export class SatisfactionService implements EventReaction {
  readonly consumer = CONSUMER;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarService,
  ) {}

  /** Survey events feed the satisfaction rollup; other events are not its business. */
  async react(event: JobPayloads['work-order.changed']): Promise<boolean> {
    return event.type === 'surveyed' ? this.applySurveyEvent(event.eventId) : false;
  }

  /**
   * Folds one survey event into satisfaction_daily. Idempotent: the processed-job record is written in
   * the same transaction as the increment, so a redelivered job changes nothing.
   */
  async applySurveyEvent(eventId: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const claimed = await runPrepared(m, CLAIM_JOB, [CONSUMER, eventId]);
      if (claimed.length === 0) return false;
      const rows = (await m.query(
        `SELECT s.outcome, s.rating, s.department_id, s.surveyed_at FROM work_order_events e
         JOIN surveys s ON s.id = (e.details->>'surveyId')::uuid WHERE e.id = $1 AND e.type = 'surveyed'`,
        [eventId],
      )) as { outcome: string; rating: string | null; department_id: string | null; surveyed_at: Date }[];
      const s = rows[0];
      if (!s) return false;
      const bucket = (s.outcome === 'reached' ? s.rating : s.outcome) as keyof typeof COLUMNS | null;
      if (!bucket || !(bucket in COLUMNS)) return false;
      const col = COLUMNS[bucket];
      await m.query(
        `INSERT INTO satisfaction_daily (day, department_id, ${col}) VALUES ($1, $2, 1)
         ON CONFLICT (day, department_id) DO UPDATE SET ${col} = satisfaction_daily.${col} + 1`,
        [localDate(new Date(s.surveyed_at), this.calendar.timeZone), s.department_id ?? NO_DEPARTMENT],
      );
      return true;
    });
  }

  /**
   * Folds survey events of the last `sinceSeconds` (35 days unless told) the rollup has not seen: the
   * database is the record, the queue only the fast path, so a job lost with Redis is caught here.
   * Safe beside the processor (both are idempotent).
   */
  async reconcile(sinceSeconds = SATISFACTION_RECONCILE_DAYS * 86_400, limit = SATISFACTION_RECONCILE_LIMIT): Promise<number> {
    const rows = (await this.ds.query(
      `SELECT e.id::text AS id FROM work_order_events e
       WHERE e.type = 'surveyed' AND e.occurred_at > now() - make_interval(secs => $1)
         AND NOT EXISTS (SELECT 1 FROM processed_jobs p WHERE p.consumer = $2 AND p.job_key = e.id::text)
       ORDER BY e.occurred_at LIMIT $3`,
      [sinceSeconds, CONSUMER, limit],
    )) as { id: string }[];
    let folded = 0;
    for (const r of rows) if (await this.applySurveyEvent(r.id)) folded++;
    return folded;
  }

  async report(from: string, to: string, groupBy: 'day' | 'department'): Promise<SatisfactionReport> {
    if (to < from) throw new InvalidInput('to must not be before from');
    const w = (await this.calendar.settings()).satisfactionBasicWeight;
    const sums = Object.values(COLUMNS)
      .map((c) => `SUM(r.${c})::int AS ${c}`)
      .join(', ');
    const rows = (await this.ds.query(
      groupBy === 'day'
        ? `SELECT to_char(r.day, 'YYYY-MM-DD') AS key, NULL AS label, ${sums} FROM satisfaction_daily r
           WHERE r.day BETWEEN $1 AND $2 GROUP BY r.day ORDER BY r.day`
        : `SELECT r.department_id::text AS key, d.name_zh AS label, ${sums} FROM satisfaction_daily r
           LEFT JOIN departments d ON d.id = r.department_id
           WHERE r.day BETWEEN $1 AND $2 GROUP BY r.department_id, d.name_zh ORDER BY d.name_zh`,
      [from, to],
    )) as RollupRow[];
    const toRow = (r: RollupRow): SatisfactionRow => {
      const counts: RatingCounts = {
        very_satisfied: r.very_satisfied,
        satisfied: r.satisfied,
        basically_satisfied: r.basically_satisfied,
        dissatisfied: r.dissatisfied,
        very_dissatisfied: r.very_dissatisfied,
      };
      return {
        key: r.key,
        ...(r.label ? { label: r.label } : {}),
        ...satisfactionRate(counts, w),
        counts: { ...counts, unreachable: r.unreachable, refused: r.refused },
      };
    };
    const total = rows.reduce<RollupRow>(
      (t, r) => {
        for (const c of Object.values(COLUMNS)) t[c] += r[c];
        return t;
      },
      { key: 'total', label: null, very_satisfied: 0, satisfied: 0, basically_satisfied: 0, dissatisfied: 0, very_dissatisfied: 0, unreachable: 0, refused: 0 },
    );
    return { from, to, groupBy, weightBasic: w, rows: rows.map(toRow), total: toRow(total) };
  }
}

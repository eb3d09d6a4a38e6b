// The monthly accountability list (约谈): per first-level unit, the month's dispatch accuracy, on-time
// sign and completion, satisfaction and 督办 count, judged against the configured thresholds; and the
// interviews supervisors record.
//
// Units: the list has one row per first-level unit (city bureau, utility, district): the units the
// centre dispatches to and calls in. A street office's figures are added to its district's: the centre
// holds the district answerable for what it hands down (二级派单), and the street offices are the
// district's own business to call in.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  type AccountabilityInterviewView,
  type AccountabilityReport,
  type AccountabilityRow,
  type DepartmentKind,
  type DispatchCounts,
  INTERVIEW_OUTCOMES,
  type RecordInterviewRequest,
} from '@hotline/contracts';
import { CalendarService } from '../calendar/calendar.service';
import { businessDayRange } from '../calendar/working-time';
import { DispatchMetricsService } from '../metrics/dispatch-metrics.service';
import { ZERO_DISPATCH_COUNTS, addDispatchCounts, dispatchRates } from '../metrics/dispatch-rates';
import { type RatingCounts, satisfactionRate } from '../metrics/rates';
import type { Actor } from '../shared/actor';
import { CLOCK, type Clock } from '../shared/clock';
import { InvalidInput } from '../shared/errors';
import { accountabilityReasons, monthRange } from './accountability-rules';

const FIRST_LEVEL: DepartmentKind[] = ['city_bureau', 'utility', 'district'];
/** How far in the future an interview time may lie (clock skew between the console and the server). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

interface DeptRow {
  id: string;
  code: string;
  name_zh: string;
  kind: DepartmentKind;
  path: string;
  active: boolean;
}
interface InterviewRow {
  id: string;
  department_id: string;
  month: string;
  interviewed_at: Date;
  outcome: AccountabilityInterviewView['outcome'];
  note: string;
  recorded_by_id: string;
  recorded_at: Date;
}

const zeroRatings = (): RatingCounts => ({ very_satisfied: 0, satisfied: 0, basically_satisfied: 0, dissatisfied: 0, very_dissatisfied: 0 });

@Injectable()
export class AccountabilityService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly dispatch: DispatchMetricsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private month(month: string): { from: string; to: string } {
    try {
      return monthRange(month);
    } catch {
      throw new InvalidInput(`month must be YYYY-MM (e.g. 2026-11), got ${JSON.stringify(month)}`);
    }
  }

  async list(month: string): Promise<AccountabilityReport> {
    const { from, to } = this.month(month);
    const { start, end } = businessDayRange(from, to, this.calendar.timeZone);
    const settings = await this.calendar.settings();
    const thresholds = settings.accountability;

    const depts = (await this.ds.query(`SELECT id::text AS id, code, name_zh, kind, path, active FROM departments`)) as DeptRow[];
    const firstLevel = depts.filter((d) => FIRST_LEVEL.includes(d.kind)).sort((a, b) => a.path.length - b.path.length);
    // Each unit answers through its topmost first-level ancestor (itself for a first-level unit).
    const owner = new Map<string, string>();
    for (const d of depts) {
      const top = firstLevel.find((f) => d.path.startsWith(f.path));
      if (top) owner.set(d.id, top.id);
    }

    const dispatch = new Map<string, DispatchCounts>();
    for (const [unit, c] of await this.dispatch.countsByDepartment(from, to)) {
      const o = owner.get(unit);
      if (o) dispatch.set(o, addDispatchCounts(dispatch.get(o) ?? ZERO_DISPATCH_COUNTS, c));
    }

    const ratings = new Map<string, RatingCounts>();
    const sat = (await this.ds.query(
      `SELECT department_id::text AS unit, SUM(very_satisfied)::int AS very_satisfied, SUM(satisfied)::int AS satisfied,
              SUM(basically_satisfied)::int AS basically_satisfied, SUM(dissatisfied)::int AS dissatisfied, SUM(very_dissatisfied)::int AS very_dissatisfied
       FROM satisfaction_daily WHERE day BETWEEN $1 AND $2 GROUP BY department_id`,
      [from, to],
    )) as ({ unit: string } & RatingCounts)[];
    for (const r of sat) {
      const o = owner.get(r.unit);
      if (!o) continue;
      const acc = ratings.get(o) ?? zeroRatings();
      for (const k of Object.keys(acc) as (keyof RatingCounts)[]) acc[k] += r[k];
      ratings.set(o, acc);
    }

    // 督办 only (催办 reminders are a warning, not a supervision), manual and automatic alike.
    const supervisions = new Map<string, number>();
    const sup = (await this.ds.query(
      `SELECT department_id::text AS unit, count(*)::int AS n FROM supervisions
       WHERE kind = 'supervision' AND issued_at >= $1 AND issued_at < $2 AND department_id IS NOT NULL GROUP BY department_id`,
      [start, end],
    )) as { unit: string; n: number }[];
    for (const r of sup) {
      const o = owner.get(r.unit);
      if (o) supervisions.set(o, (supervisions.get(o) ?? 0) + r.n);
    }

    const interviews = new Map<string, AccountabilityInterviewView[]>();
    for (const i of await this.interviews(month)) interviews.set(i.departmentId, [...(interviews.get(i.departmentId) ?? []), i]);

    const rows: AccountabilityRow[] = firstLevel
      .filter((d) => d.active || dispatch.has(d.id) || interviews.has(d.id))
      .map((d) => {
        const rates = dispatchRates(dispatch.get(d.id) ?? ZERO_DISPATCH_COUNTS);
        const figures = {
          dispatchAccuracy: rates.dispatchAccuracy,
          onTimeSignRate: rates.onTimeSignRate,
          onTimeCompletionRate: rates.onTimeCompletionRate,
          satisfactionRate: satisfactionRate(ratings.get(d.id) ?? zeroRatings(), settings.satisfactionBasicWeight).satisfaction,
          supervisions: supervisions.get(d.id) ?? 0,
        };
        const reasons = accountabilityReasons(figures, thresholds);
        const done = interviews.get(d.id) ?? [];
        return { departmentId: d.id, code: d.code, name: d.name_zh, kind: d.kind, ...figures, candidate: reasons.length > 0, reasons, interviewed: done.length > 0, interviews: done };
      })
      // Candidates first, then the unit list in a stable order.
      .sort((a, b) => Number(b.candidate) - Number(a.candidate) || a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));
    return { month, from, to, thresholds, rows };
  }

  async interviews(month: string): Promise<AccountabilityInterviewView[]> {
    this.month(month);
    const rows = (await this.ds.query(
      `SELECT id::text AS id, department_id::text AS department_id, month, interviewed_at, outcome, note, recorded_by_id::text AS recorded_by_id, recorded_at
       FROM accountability_interviews WHERE month = $1 ORDER BY interviewed_at, recorded_at`,
      [month],
    )) as InterviewRow[];
    return rows.map(toView);
  }

  /** Records a 约谈 of a first-level unit about a month. Append-only: a correction is another record. */
  async recordInterview(actor: Actor, body: RecordInterviewRequest): Promise<AccountabilityInterviewView> {
    const { from } = this.month(body.month);
    if (!(INTERVIEW_OUTCOMES as readonly string[]).includes(body.outcome)) throw new InvalidInput(`outcome must be one of ${INTERVIEW_OUTCOMES.join(', ')}`);
    const note = body.note.trim();
    if (!note) throw new InvalidInput('note must say what was discussed');
    const at = new Date(body.interviewedAt);
    if (Number.isNaN(at.getTime())) throw new InvalidInput('interviewedAt must be an ISO 8601 date-time');
    const now = this.clock.now();
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new InvalidInput('interviewedAt is in the future; record an interview once it has taken place');
    if (at < businessDayRange(from, from, this.calendar.timeZone).start) throw new InvalidInput(`interviewedAt is before ${body.month} began; an interview is about a month that has started`);
    const dept = (await this.ds.query(`SELECT id, kind, name_zh FROM departments WHERE id = $1`, [body.departmentId])) as { id: string; kind: DepartmentKind; name_zh: string }[];
    if (!dept[0]) throw new InvalidInput(`department ${body.departmentId} does not exist`);
    if (!FIRST_LEVEL.includes(dept[0].kind)) {
      throw new InvalidInput(`${dept[0].name_zh} is a ${dept[0].kind}; interviews are held with city departments, utilities and districts (a street office answers through its district)`);
    }
    const rows = (await this.ds.query(
      `INSERT INTO accountability_interviews (department_id, month, interviewed_at, outcome, note, recorded_by_id, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id::text AS id, department_id::text AS department_id, month, interviewed_at, outcome, note, recorded_by_id::text AS recorded_by_id, recorded_at`,
      [body.departmentId, body.month, at, body.outcome, note, actor.id, now],
    )) as InterviewRow[];
    return toView(rows[0]);
  }
}

function toView(r: InterviewRow): AccountabilityInterviewView {
  return {
    id: r.id,
    departmentId: r.department_id,
    month: r.month,
    interviewedAt: new Date(r.interviewed_at).toISOString(),
    outcome: r.outcome,
    note: r.note,
    recordedById: r.recorded_by_id,
    recordedAt: new Date(r.recorded_at).toISOString(),
  };
}

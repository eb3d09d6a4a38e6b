// Deadlines that enforce themselves: plan an order's timers (the worker turns them into delayed jobs
// with deterministic ids), fire one timer (催办 / 督办: a supervision row and an event, once), and sweep
// the database for timers whose job never ran (a lost Redis must not lose a deadline).
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type DeadlineFireResult, DeadlineKind, type JobPayloads, deadlineJobId } from '@hotline/contracts';
import { CalendarService } from '../calendar/calendar.service';
import { type OutboxJob, enqueueAll } from '../outbox/outbox';
import { ALL, SYSTEM_USER_ID } from '../shared/actor';
import { CLOCK, type Clock } from '../shared/clock';
import { inScope } from '../shared/scoped-transaction';
import { prepared, runPrepared } from '../shared/prepared';
import type { TransitionHook } from '../shared/transition-hook';
import type { WorkOrderEntity } from '../work-orders/work-order.entity';
import { WorkOrderRepository } from '../work-orders/work-order.repository';
import { CLOCK_RUNNING, type SupervisionTimerKind, TIMER_EFFECT, TIMER_EVENT_TYPES, delayUntil, judgeTimer, timersFor, yellowPermille } from './deadline-rules';
import { NEXT_TIMERS_RECHECK_SQL, OVERDUE_TIMERS_SQL, STALE_NEXT_TIMERS_SQL } from './deadline-sql';
import { SurveyTasksService } from './survey-tasks.service';

/** A delayed job to schedule: its deterministic id and how long to wait (never negative). */
export interface PlannedJob {
  jobId: string;
  dueAt: Date;
  delayMs: number;
}

export interface DeadlinePlan {
  timers: (PlannedJob & { kind: SupervisionTimerKind })[];
  /** The open 回访 task of the current reply, to fall due with a 'survey.due' job. */
  surveyTask: (PlannedJob & { id: string }) | null;
}

export interface SweepResult {
  fired: number;
  surveyTasksSynced: number;
  surveyTasksOverdue: number;
  /** Orders whose next_timer_at was set right (it was earlier than their earliest unfired timer). */
  nextTimersCorrected: number;
}

/** Rows examined per query; the sweep repeats a full batch up to MAX_ROUNDS times per run. */
const BATCH = 200;
const MAX_ROUNDS = 20;

@Injectable()
export class DeadlinesService implements TransitionHook {
  constructor(
    private readonly repo: WorkOrderRepository,
    private readonly calendar: CalendarService,
    private readonly surveyTasks: SurveyTasksService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  readonly hookName = 'deadlines';
  readonly hookEventTypes = TIMER_EVENT_TYPES;

  /** TransitionHook: after changes that may move timers, each order's next timer commits with its change. */
  afterTransitions(m: EntityManager, orders: readonly WorkOrderEntity[], now: Date): Promise<DeadlinePlan[]> {
    return this.scheduleAll(m, orders, now);
  }

  /** Schedules the order's timers in a transaction of its own (the sweep, a 'deadlines.plan' job). */
  async plan(workOrderId: string): Promise<DeadlinePlan> {
    const now = this.clock.now();
    return inScope(this.repo.ds, ALL, async (m) => {
      const o = await this.repo.scoped(m, ALL).andWhere('wo.id = :id', { id: workOrderId }).getOne();
      return o ? this.schedule(m, o, now) : { timers: [], surveyTask: null };
    });
  }

  /**
   * The timers the order should have scheduled now, written to the outbox in the caller's
   * transaction as delayed jobs with deterministic ids: its next timer not yet fired (a past one gets
   * delay 0) and its open survey task, which this also creates or closes as the order requires.
   * Re-planning the same deadline adds nothing in BullMQ; a moved one adds a new job and leaves the old
   * one to fire as a stale no-op.
   */
  async schedule(m: EntityManager, o: WorkOrderEntity, now: Date): Promise<DeadlinePlan> {
    return (await this.scheduleAll(m, [o], now))[0];
  }

  /** schedule() for several orders (a routing batch): their timer jobs go to the outbox in one statement. */
  async scheduleAll(m: EntityManager, orders: readonly WorkOrderEntity[], now: Date): Promise<DeadlinePlan[]> {
    const settings = await this.calendar.settings();
    const plans: DeadlinePlan[] = [];
    const jobs: OutboxJob[] = [];
    for (const o of orders) {
      const all = timersFor(o, settings);
      // A timer fires only once it is due: while every timer is still ahead (a fresh dispatch, a sign),
      // none can have fired, and the lookup is skipped (were one fired early by a process with a fast
      // clock, its re-planned job would only meet the unique supervision index and do nothing).
      const fired = all.some((t) => t.dueAt.getTime() <= now.getTime()) ? await this.firedKeys(m, o.id) : new Set<string>();
      // Only the next timer goes to Redis: when it fires (or turns out stale) the worker plans the one
      // after it. One delayed job per open order instead of four; the sweep still covers every timer.
      const timers = all
        .filter((t) => !fired.has(key(t.kind, t.dueAt)))
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
        .slice(0, 1)
        .map((t) => ({ kind: t.kind, dueAt: t.dueAt, jobId: deadlineJobId(o.id, t.kind, t.dueAt), delayMs: delayUntil(t.dueAt, now) }));
      const task = await this.surveyTasks.sync(m, o, now);
      const surveyTask = task
        ? { id: task.id, dueAt: task.dueAt, jobId: deadlineJobId(o.id, DeadlineKind.SurveyDue, task.dueAt), delayMs: delayUntil(task.dueAt, now) }
        : null;
      for (const t of timers) {
        jobs.push({
          name: 'deadline.fire',
          payload: { workOrderId: o.id, kind: t.kind, dueAt: t.dueAt.toISOString() } satisfies JobPayloads['deadline.fire'],
          jobId: t.jobId,
          delayMs: t.delayMs,
        });
      }
      if (surveyTask) {
        jobs.push({
          name: 'survey.due',
          payload: { surveyTaskId: surveyTask.id, workOrderId: o.id } satisfies JobPayloads['survey.due'],
          jobId: surveyTask.jobId,
          delayMs: surveyTask.delayMs,
        });
      }
      plans.push({ timers, surveyTask });
    }
    await enqueueAll(m, jobs);
    return plans;
  }

  /**
   * Fires one timer, in one transaction with the order locked: if it is still current and due, writes
   * the supervision (催办 or 督办, source automatic) and its event. The unique index on (order, trigger,
   * due time) makes a redelivered job or a racing sweep write nothing. With skipLocked (the sweep) an
   * order someone else holds is left for the next run.
   */
  async fire(workOrderId: string, kind: DeadlineKind, dueAt: Date, opts: { skipLocked?: boolean } = {}): Promise<DeadlineFireResult> {
    if (kind === DeadlineKind.SurveyDue) return this.fireSurveyDue(workOrderId, dueAt);
    const settings = await this.calendar.settings();
    return inScope(this.repo.ds, ALL, async (m) => {
      const qb = this.repo.scoped(m, ALL).andWhere('wo.id = :id', { id: workOrderId }).setLock('pessimistic_write', undefined, ['wo']);
      const o = await (opts.skipLocked ? qb.setOnLocked('skip_locked') : qb).getOne();
      if (!o) return opts.skipLocked ? 'busy' : 'gone';
      const now = this.clock.now();
      const verdict = judgeTimer(o, settings, kind, dueAt, now);
      if (verdict === 'not_due') return verdict;
      const result = verdict === 'fire' ? await this.issue(m, o, kind as SupervisionTimerKind, dueAt, now) : verdict;
      // Only an order's next timer is queued: this one is settled (fired, stale or already fired), so
      // the one after it is queued in the same transaction.
      await this.schedule(m, o, now);
      return result;
    });
  }

  private async issue(m: EntityManager, o: WorkOrderEntity, kind: SupervisionTimerKind, dueAt: Date, now: Date): Promise<DeadlineFireResult> {
    const effect = TIMER_EFFECT[kind];
    const rows = (await m.query(
      `INSERT INTO supervisions (work_order_id, department_id, kind, source, note, issued_by_id, issued_at, trigger, due_at)
       VALUES ($1, $2, $3, 'automatic', $4, NULL, $5, $6, $7)
       ON CONFLICT (work_order_id, trigger, due_at) WHERE trigger IS NOT NULL DO NOTHING RETURNING id`,
      [o.id, o.departmentId, effect.supervision, effect.note, now, kind, dueAt],
    )) as { id: string }[];
    if (!rows[0]) return 'duplicate';
    await this.repo.recordEvent(m, {
      workOrderId: o.id,
      type: effect.event,
      actorId: SYSTEM_USER_ID,
      actorRole: 'system',
      fromStatus: o.status,
      toStatus: o.status,
      details: {
        kind,
        dueAt: dueAt.toISOString(),
        departmentId: o.departmentId,
        supervisionId: rows[0].id,
        supervisionKind: effect.supervision,
        note: effect.note,
      },
    });
    return 'issued';
  }

  /** A 'deadline.fire' of kind survey_due (the surveys queue normally carries these): the task falls due. */
  private async fireSurveyDue(workOrderId: string, dueAt: Date): Promise<DeadlineFireResult> {
    const rows = (await inScope(this.repo.ds, ALL, (m) =>
      m.query(`SELECT id FROM survey_tasks WHERE work_order_id = $1 AND due_at = $2 AND status = 'open'`, [workOrderId, dueAt]),
    )) as { id: string }[];
    if (!rows[0]) return 'stale';
    const r = await this.surveyTasks.markOverdue(rows[0].id);
    return r === 'overdue' ? 'issued' : r === 'already' ? 'duplicate' : r === 'not_due' ? 'not_due' : 'stale';
  }

  /** A 'survey.due' job: flag the task overdue if it is still open. */
  surveyDue(surveyTaskId: string): ReturnType<SurveyTasksService['markOverdue']> {
    return this.surveyTasks.markOverdue(surveyTaskId);
  }

  private async firedKeys(m: EntityManager, workOrderId: string): Promise<Set<string>> {
    const rows = await runPrepared<{ trigger: string; due_at: Date }>(m, FIRED_TIMERS, [workOrderId]);
    return new Set(rows.map((r) => key(r.trigger, new Date(r.due_at))));
  }

  /**
   * Timers past due with no supervision yet, straight from work_orders (the source of truth). Only
   * orders whose earliest unfired timer has come are looked at (next_timer_at, which PostgreSQL's
   * triggers keep, and its partial index); the timer instants are computed exactly as the rules
   * compute them (integer milliseconds).
   */
  async overdueTimers(
    now: Date,
    limit = BATCH,
    departmentPath: string | null = null,
  ): Promise<{ workOrderId: string; kind: SupervisionTimerKind; dueAt: Date }[]> {
    const permille = yellowPermille((await this.calendar.settings()).yellowLightFraction);
    const rows = (await inScope(this.repo.ds, ALL, (m) => m.query(OVERDUE_TIMERS_SQL, [now, permille, CLOCK_RUNNING, limit, departmentPath]))) as {
      id: string;
      kind: SupervisionTimerKind;
      due_at: Date;
    }[];
    return rows.map((r) => ({ workOrderId: r.id, kind: r.kind, dueAt: new Date(r.due_at) }));
  }

  /**
   * Sets right every open order's next_timer_at that is wrong either way: the backstop behind the
   * triggers for a write they cannot see (the worker runs it at boot and hourly). Returns how many
   * orders it corrected.
   */
  async recheckNextTimers(opts: { departmentPath?: string } = {}): Promise<number> {
    const [, corrected] = (await inScope(this.repo.ds, ALL, (m) => m.query(NEXT_TIMERS_RECHECK_SQL, [opts.departmentPath ?? null, CLOCK_RUNNING]))) as [
      unknown[],
      number,
    ];
    return corrected;
  }

  /**
   * One sweep: fire every past-due timer not yet fired, open survey tasks for replies that have none,
   * close tasks whose survey or reopen was missed, and flag open tasks past due. Bounded batches; safe
   * with several workers sweeping at once (row locks skipped, unique indexes). `departmentPath` limits
   * it to one unit and the units below it (an on-demand sweep of one unit; the worker sweeps all).
   */
  async sweep(opts: { departmentPath?: string } = {}): Promise<SweepResult> {
    const path = opts.departmentPath ?? null;
    const result: SweepResult = { fired: 0, surveyTasksSynced: 0, surveyTasksOverdue: 0, nextTimersCorrected: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.clock.now();
      const due = await this.overdueTimers(now, BATCH, path);
      let progressed = 0;
      for (const t of due) {
        const r = await this.fire(t.workOrderId, t.kind, t.dueAt, { skipLocked: true });
        if (r === 'issued') result.fired++;
        if (r !== 'busy') progressed++;
      }
      if (due.length < BATCH || progressed === 0) break;
    }
    // What is left at or before now and has nothing due is an order whose next_timer_at ran early.
    const corrected = (await inScope(this.repo.ds, ALL, (m) => m.query(STALE_NEXT_TIMERS_SQL, [this.clock.now(), BATCH, path]))) as [unknown[], number];
    result.nextTimersCorrected = corrected[1];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const ids = (await inScope(this.repo.ds, ALL, (m) => m.query(SURVEY_TASKS_OUT_OF_STEP_SQL, [BATCH, path]))) as { id: string }[];
      for (const { id } of ids) {
        await this.plan(id);
        result.surveyTasksSynced++;
      }
      if (ids.length < BATCH) break;
    }
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const ids = (await inScope(this.repo.ds, ALL, (m) => m.query(OVERDUE_SURVEY_TASKS_SQL, [this.clock.now(), BATCH, path]))) as { id: string }[];
      let progressed = 0;
      for (const { id } of ids) {
        const r = await this.surveyTasks.markOverdue(id);
        if (r === 'overdue') result.surveyTasksOverdue++;
        if (r !== 'not_due') progressed++;
      }
      if (ids.length < BATCH || progressed === 0) break;
    }
    return result;
  }
}

const FIRED_TIMERS = prepared('fired-timers', `SELECT trigger, due_at FROM supervisions WHERE work_order_id = $1 AND trigger IS NOT NULL`);

const key = (kind: string, dueAt: Date) => `${kind}@${dueAt.getTime()}`;

/** Open tasks past due not yet flagged ($1 now, $2 limit, $3 a unit's path or null). */
const OVERDUE_SURVEY_TASKS_SQL = `
SELECT t.id FROM survey_tasks t
WHERE t.status = 'open' AND NOT t.overdue AND t.due_at <= $1
  AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM work_orders wo WHERE wo.id = t.work_order_id AND wo.department_path LIKE $3::text || '%'))
ORDER BY t.due_at, t.id LIMIT $2`;

/** Replied orders without a task for their reply, and open tasks whose order moved on (their plan job was lost). */
const SURVEY_TASKS_OUT_OF_STEP_SQL = `
(SELECT wo.id FROM work_orders wo
 WHERE wo.status = 'replied' AND wo.replied_at IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM survey_tasks t WHERE t.work_order_id = wo.id AND t.replied_at = wo.replied_at)
   AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.work_order_id = wo.id AND s.surveyed_at >= wo.replied_at)
   AND ($2::text IS NULL OR wo.department_path LIKE $2::text || '%')
 LIMIT $1)
UNION
(SELECT t.work_order_id FROM survey_tasks t JOIN work_orders wo ON wo.id = t.work_order_id
 WHERE t.status = 'open'
   AND ($2::text IS NULL OR wo.department_path LIKE $2::text || '%')
   AND (wo.status <> 'replied' OR wo.replied_at IS DISTINCT FROM t.replied_at
        OR EXISTS (SELECT 1 FROM surveys s WHERE s.work_order_id = t.work_order_id AND s.surveyed_at >= t.replied_at))
 LIMIT $1)`;

// 回访任务: created when an order is replied (due the end of the next working day), closed when the
// survey is recorded or the order leaves 'replied', flagged overdue when its due time passes. Every
// step is idempotent, so the planner, the survey.due job and the sweep may all run it.
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, ALL, SYSTEM_USER_ID } from '../shared/actor';
import { type Language, type Page, Role, type SurveyTaskListQuery, type SurveyTaskStatus, type SurveyTaskView } from '@hotline/contracts';
import { CalendarService } from '../calendar/calendar.service';
import { CLOCK, type Clock } from '../shared/clock';
import { InvalidInput } from '../shared/errors';
import { maskPhone } from '../shared/masking';
import { prepared, runPrepared } from '../shared/prepared';
import { inScope } from '../shared/scoped-transaction';
import type { WorkOrderEntity } from '../work-orders/work-order.entity';
import { WorkOrderRepository } from '../work-orders/work-order.repository';
import { surveyDueAt } from './deadline-rules';

export interface OpenSurveyTask {
  id: string;
  workOrderId: string;
  dueAt: Date;
}

interface TaskRow {
  id: string;
  work_order_id: string;
  code: string;
  title: string;
  language: Language;
  department_id: string | null;
  citizen_phone: string | null;
  replied_at: Date;
  due_at: Date;
  status: SurveyTaskStatus;
  overdue: boolean;
  closed_at: Date | null;
}

const MAX_PAGE = 200;

const SURVEYED = `EXISTS (SELECT 1 FROM surveys s WHERE s.work_order_id = t.work_order_id AND s.surveyed_at >= t.replied_at)`;
/** Closes an order's open tasks that no longer stand (runs after every change that may move timers). */
const CLOSE_STALE_TASKS = prepared(
  'close-stale-survey-tasks',
  `UPDATE survey_tasks t SET status = CASE WHEN ${SURVEYED} THEN 'done' ELSE 'cancelled' END, closed_at = $2
   WHERE t.work_order_id = $1 AND t.status = 'open'
     AND (${SURVEYED} OR $3::varchar <> 'replied' OR $4::timestamptz IS NULL OR t.replied_at <> $4::timestamptz)`,
);

@Injectable()
export class SurveyTasksService {
  constructor(
    private readonly repo: WorkOrderRepository,
    private readonly calendar: CalendarService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Brings the order's tasks in line with its state, in the caller's transaction: closes open tasks
   * whose survey was recorded (done) or whose reply no longer stands (cancelled: reopened, closed
   * without a survey), and opens the task for the current reply. Returns the open task, if any.
   */
  async sync(m: EntityManager, o: WorkOrderEntity, now: Date): Promise<OpenSurveyTask | null> {
    // Tasks exist only for replies: an order never replied (no reply now, and never reopened, which is
    // the only change that clears repliedAt) has none to close or create.
    if (o.repliedAt === null && o.reopenCount === 0) return null;
    await runPrepared(m, CLOSE_STALE_TASKS, [o.id, now, o.status, o.repliedAt]);
    if (o.status !== 'replied' || !o.repliedAt) return null;
    const dueAt = surveyDueAt(o.repliedAt, await this.calendar.calendar());
    // No event here: the task is the record, and an order's history stays what people did to it.
    await m.query(
      `INSERT INTO survey_tasks (work_order_id, replied_at, language, department_id, due_at)
       SELECT $1, $2, $3, $4, $5
       WHERE NOT EXISTS (SELECT 1 FROM surveys s WHERE s.work_order_id = $1 AND s.surveyed_at >= $2)
       ON CONFLICT (work_order_id, replied_at) DO NOTHING`,
      [o.id, o.repliedAt, o.language, o.departmentId, dueAt],
    );
    const open = (await m.query(`SELECT id, due_at FROM survey_tasks WHERE work_order_id = $1 AND replied_at = $2 AND status = 'open'`, [
      o.id,
      o.repliedAt,
    ])) as {
      id: string;
      due_at: Date;
    }[];
    return open[0] ? { id: open[0].id, workOrderId: o.id, dueAt: new Date(open[0].due_at) } : null;
  }

  /**
   * The task fell due: if it is still open (and the order still waits for its survey) it is flagged
   * overdue, once, with an event. Returns what happened.
   */
  async markOverdue(taskId: string): Promise<'overdue' | 'already' | 'closed' | 'not_due' | 'gone'> {
    const now = this.clock.now();
    return inScope(this.repo.ds, ALL, async (m) => {
      const tasks = (await m.query(`SELECT id, work_order_id, due_at, status, overdue FROM survey_tasks WHERE id = $1 FOR UPDATE`, [taskId])) as {
        id: string;
        work_order_id: string;
        due_at: Date;
        status: SurveyTaskStatus;
        overdue: boolean;
      }[];
      const task = tasks[0];
      if (!task) return 'gone';
      const order = await this.repo.scoped(m, ALL).andWhere('wo.id = :id', { id: task.work_order_id }).getOne();
      if (!order) return 'gone';
      // A survey recorded or a reopen whose plan job never arrived: close the task instead.
      if ((await this.sync(m, order, now))?.id !== task.id) return 'closed';
      if (task.overdue) return 'already';
      if (now.getTime() < new Date(task.due_at).getTime()) return 'not_due';
      await m.query(`UPDATE survey_tasks SET overdue = true WHERE id = $1`, [task.id]);
      await this.repo.recordEvent(m, {
        workOrderId: order.id,
        type: 'survey_overdue',
        actorId: SYSTEM_USER_ID,
        actorRole: 'system',
        fromStatus: order.status,
        toStatus: order.status,
        details: { surveyTaskId: task.id, dueAt: new Date(task.due_at).toISOString(), language: order.language },
      });
      return 'overdue';
    });
  }

  /** The callbacks agents owe, soonest due first; an agent sees only the languages they speak. */
  async list(actor: Actor, q: SurveyTaskListQuery): Promise<Page<SurveyTaskView>> {
    const limit = Math.min(q.limit ?? 50, MAX_PAGE);
    let languages: Language[] | null = actor.role === Role.Agent ? actor.languageSkills : null;
    if (q.language) languages = languages ? languages.filter((l) => l === q.language) : [q.language];
    if (languages && languages.length === 0) return { items: [], nextCursor: null };
    const where = ['t.status = $1'];
    const params: unknown[] = [q.status ?? 'open'];
    if (q.overdue !== undefined) where.push(`t.overdue = $${params.push(q.overdue)}`);
    if (languages) where.push(`t.language = ANY($${params.push(languages)}::varchar[])`);
    if (q.cursor) {
      const [dueAt, id] = decodeTaskCursor(q.cursor);
      where.push(`(t.due_at, t.id) > ($${params.push(dueAt)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows = (await inScope(this.repo.ds, ALL, (m) =>
      m.query(
        `SELECT t.id, t.work_order_id, wo.code, wo.title, t.language, t.department_id, wo.citizen_phone, t.replied_at, t.due_at, t.status, t.overdue, t.closed_at
         FROM survey_tasks t JOIN work_orders wo ON wo.id = t.work_order_id
         WHERE ${where.join(' AND ')} ORDER BY t.due_at, t.id LIMIT $${params.push(limit + 1)}`,
        params,
      ),
    )) as TaskRow[];
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toView),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([new Date(last.due_at).toISOString(), last.id])).toString('base64url') : null,
    };
  }
}

function toView(r: TaskRow): SurveyTaskView {
  return {
    id: r.id,
    workOrderId: r.work_order_id,
    code: r.code,
    title: r.title,
    language: r.language,
    departmentId: r.department_id,
    citizenPhone: maskPhone(r.citizen_phone),
    repliedAt: new Date(r.replied_at).toISOString(),
    dueAt: new Date(r.due_at).toISOString(),
    status: r.status,
    overdue: r.overdue,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  };
}

function decodeTaskCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return [d, id];
  } catch {
    throw new InvalidInput('cursor is not valid; use nextCursor from the previous page');
  }
}

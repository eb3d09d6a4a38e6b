// Intake (受理) and reading of work orders: create, list, detail, history, contact details.
import { Inject, Injectable } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import {
  type CreateWorkOrderRequest,
  JOB_QUEUE,
  type Page,
  Role,
  type WorkOrderDetailView,
  type WorkOrderEventView,
  type WorkOrderListItem,
  type WorkOrderListQuery,
  type WorkOrderView,
  WorkOrderStatus as S,
} from '@hotline/contracts';
import { CalendarService } from '../calendar/calendar.service';
import { businessDayRange, localDate } from '../calendar/working-time';
import { CatalogueService } from '../catalogue/catalogue.service';
import { type Actor, ALL, isDepartmentScope, scopeOf } from '../shared/actor';
import { CLOCK, type Clock } from '../shared/clock';
import { Forbidden, InvalidInput } from '../shared/errors';
import { hydrate } from '../shared/hydrate';
import { inScope } from '../shared/scoped-transaction';
import { uuidV7 } from '../shared/uuid-v7';
import { type PreparedStatement, prepared, runPrepared } from '../shared/prepared';
import { AuditLogEntity } from '../audit/audit-log.entity';
import { GroupCommit, type Outcome } from '../shared/group-commit';
import { searchDocument, segments } from './search-text';
import { type ListFilter, WorkOrderRepository } from './work-order.repository';
import { DispatchRecordEntity, ExtensionRequestEntity, ReplyEntity, ReturnRequestEntity, SupervisionEntity, SurveyEntity } from './work-order-records.entity';
import { WorkOrderEntity } from './work-order.entity';
import { toWorkOrderListItem, toWorkOrderView } from './work-order-view';
import { checkIntakeText } from './intake-rules';
import { jobsForEvent } from '../outbox/event-jobs';

/**
 * The outbox rows of intake's events as four parallel arrays (directly answered?, event type, queue,
 * job): see jobsForEvent. A directly answered order's 'registered' event ends closed, so it starts no routing.
 */
function intakeJobs(): [boolean[], string[], string[], string[]] {
  const variants = [
    { direct: false, events: [{ type: 'registered', toStatus: S.Registered }] },
    {
      direct: true,
      events: [
        { type: 'registered', toStatus: S.Closed },
        { type: 'answered_directly', toStatus: S.Closed },
      ],
    },
  ];
  const rows = variants.flatMap((v) => v.events.flatMap((e) => jobsForEvent(e).map((name) => [v.direct, e.type, JOB_QUEUE[name], name] as const)));
  return [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])];
}

export interface CreateResult {
  order: WorkOrderView;
  replayed: boolean;
}

const OPEN_AT_UNIT = [S.Dispatched, S.Accepted, S.ReturnRequested];

/** One create's values, in the intake statement's column order (its id is drawn in Node so the batch's rows map back). */
type IntakeValues = [
  id: string,
  day: string,
  status: string,
  kind: string,
  priority: string,
  language: string,
  channel: string,
  title: string,
  content: string,
  summaryZh: string | null,
  address: string | null,
  districtCode: string | null,
  matterCode: string | null,
  citizenName: string | null,
  citizenPhone: string | null,
  confidential: boolean,
  createdById: string,
  idempotencyKey: string | null,
  searchDocument: string,
  answer: string | null,
  closeReason: string | null,
  closedAt: Date | null,
  createdAt: Date,
  actorRole: string,
  details: string,
];
/** The tuple's length, checked against its type: a column added to IntakeValues must be counted here. */
const INTAKE_COLUMNS: IntakeValues['length'] = 25;

/**
 * Intake, one statement for a batch of creates (one or many: see the group commit in the service): it
 * sets the RLS scope for its implicit transaction, inserts the orders, their event(s) and the events'
 * outbox rows. Atomic on its own: all of the batch or nothing.
 */
const INTAKE_SQL = `WITH scope AS (SELECT set_config('app.scope', 'all', true) AS s, set_config('app.scope_path', '', true) AS p),
   input AS (
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::boolean[], $17::uuid[], $18::text[], $19::text[],
       $20::text[], $21::text[], $22::timestamptz[], $23::timestamptz[], $24::text[], $25::jsonb[])
       WITH ORDINALITY AS i(id, day, status, kind, priority, language, channel, title, content, summary_zh, address, district_code,
         matter_code, citizen_name, citizen_phone, confidential, created_by_id, idempotency_key, search_document, answer, close_reason,
         closed_at, created_at, actor_role, details, n)),
   wo AS (
     INSERT INTO work_orders (id, code, status, kind, priority, language, channel, title, content, summary_zh, address, district_code,
       matter_code, citizen_name, citizen_phone, confidential, created_by_id, idempotency_key, search_vector, answer, close_reason, closed_at,
       created_at, updated_at)
     SELECT i.id,
       replace(i.day, '-', '') || '-' || lpad((nextval('work_order_seq') - (SELECT base FROM work_order_code_days d WHERE d.day = i.day::date))::text, 6, '0'),
       i.status, i.kind, i.priority, i.language, i.channel, i.title, i.content, i.summary_zh, i.address, i.district_code, i.matter_code,
       i.citizen_name, i.citizen_phone, i.confidential, i.created_by_id, i.idempotency_key, to_tsvector('simple', i.search_document),
       i.answer, i.close_reason, i.closed_at, i.created_at, i.created_at
     FROM scope, (SELECT * FROM input ORDER BY n) i
     RETURNING __COLUMNS__),
   ev AS (
     INSERT INTO work_order_events (work_order_id, type, actor_id, actor_role, from_status, to_status, details, occurred_at)
     SELECT wo.id, e.type, wo.created_by_id, i.actor_role, e.from_status, e.to_status, CASE WHEN e.n = 1 THEN i.details ELSE '{}'::jsonb END, wo.created_at
     FROM wo JOIN input i ON i.id = wo.id
       CROSS JOIN (VALUES (1, 'registered', NULL::varchar, 'registered'::varchar),
                          (2, 'answered_directly', 'registered', 'closed')) AS e(n, type, from_status, to_status)
     WHERE e.n = 1 OR wo.status = 'closed'
     ORDER BY i.n, e.n
     RETURNING id, work_order_id, type),
   ob AS (
     INSERT INTO outbox (queue_name, job_name, payload)
     SELECT j.queue_name, j.job_name, jsonb_build_object('eventId', ev.id::text, 'workOrderId', ev.work_order_id, 'type', ev.type)
     FROM ev JOIN wo ON wo.id = ev.work_order_id
       JOIN unnest($26::boolean[], $27::text[], $28::text[], $29::text[]) AS j(direct, event_type, queue_name, job_name)
         ON j.event_type = ev.type AND j.direct = (wo.status = 'closed')
     ORDER BY ev.id)
   SELECT __COLUMNS__ FROM wo`;

/** PostgreSQL answered the statement with an error, so none of it was written (a lost connection may hide a commit). */
function refusedByServer(err: unknown): boolean {
  return (err as { driverError?: unknown } | null)?.driverError instanceof DatabaseError;
}

@Injectable()
export class WorkOrdersService {
  private codeDays = new Map<string, Promise<void>>();
  private intake?: PreparedStatement;
  private readonly intakeJobs = intakeJobs();
  /**
   * Group commit: a create runs at once while fewer than INTAKE_BATCHES_IN_FLIGHT intake statements
   * run; the creates that arrive meanwhile go together in the next statement. One statement and one
   * commit for many orders is what lets intake keep up with a busy hall of agents.
   */
  private readonly intakeBatch: GroupCommit<IntakeValues, Record<string, unknown>>;

  constructor(
    private readonly repo: WorkOrderRepository,
    private readonly calendar: CalendarService,
    private readonly catalogue: CatalogueService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) cfg: AppConfig,
  ) {
    this.intakeBatch = new GroupCommit((batch) => this.insertBatch(batch), cfg.INTAKE_BATCH_MAX, cfg.INTAKE_BATCHES_IN_FLIGHT);
  }

  async create(actor: Actor, req: CreateWorkOrderRequest, idempotencyKey?: string): Promise<CreateResult> {
    if (actor.role !== Role.Agent && actor.role !== Role.Dispatcher) throw new Forbidden(`role ${actor.role} may not register work orders`);
    checkIntakeText(req);
    if (req.districtCode && !(await this.catalogue.isDistrict(req.districtCode)))
      throw new InvalidInput(`districtCode ${req.districtCode} is not a district of this city`);
    if (req.matterCode && !(await this.catalogue.isLeaf(req.matterCode)))
      throw new InvalidInput(`matterCode ${req.matterCode} is not a leaf of the matter catalogue`);

    if (idempotencyKey) {
      const existing = await this.findByIdempotencyKey(actor, idempotencyKey);
      if (existing) return { order: existing, replayed: true };
    }

    const now = this.clock.now();
    const day = localDate(now, this.calendar.timeZone);
    await this.ensureCodeDay(day);
    const yellow = (await this.calendar.settings()).yellowLightFraction;
    const direct = req.answer !== undefined && req.answer.trim() !== '';
    const values: IntakeValues = [
      uuidV7(now.getTime()),
      day,
      direct ? S.Closed : S.Registered,
      req.kind,
      req.priority,
      req.language,
      req.channel,
      req.title.trim(),
      req.content.trim(),
      req.summaryZh?.trim() || null,
      req.address?.trim() || null,
      req.districtCode ?? null,
      req.matterCode ?? null,
      req.citizenName?.trim() || null,
      req.citizenPhone?.replace(/\s+/g, '') || null,
      req.confidential ?? false,
      actor.id,
      idempotencyKey ?? null,
      searchDocument(req.title, req.content, req.summaryZh, req.address),
      direct ? req.answer!.trim() : null,
      direct ? 'answered_directly' : null,
      direct ? now : null,
      now,
      actor.role,
      JSON.stringify({ channel: req.channel, kind: req.kind, priority: req.priority, language: req.language }),
    ];
    try {
      const row = await this.intakeBatch.submit(values);
      const order = hydrate(this.repo.ds.manager, WorkOrderEntity, row);
      return { order: toWorkOrderView(order, actor.role, now, yellow), replayed: false };
    } catch (err) {
      // Two retries with the same key raced: the loser returns the winner's order.
      if (idempotencyKey && (err as { constraint?: string }).constraint === 'uq_work_orders_idempotency') {
        const existing = await this.findByIdempotencyKey(actor, idempotencyKey);
        if (existing) return { order: existing, replayed: true };
      }
      throw err;
    }
  }

  /**
   * Writes a batch of creates with one statement. If PostgreSQL refuses it (one create's idempotency
   * key raced, say), nothing was written and each create goes again alone, so only the one at fault fails.
   */
  private async insertBatch(batch: IntakeValues[]): Promise<Outcome<Record<string, unknown>>[]> {
    try {
      return await this.insertRows(batch);
    } catch (err) {
      if (batch.length === 1 || !refusedByServer(err)) return batch.map(() => ({ ok: false, error: err }));
      return Promise.all(
        batch.map((v) =>
          this.insertRows([v]).then(
            ([one]) => one,
            (error: unknown) => ({ ok: false as const, error }),
          ),
        ),
      );
    }
  }

  private async insertRows(batch: IntakeValues[]): Promise<Outcome<Record<string, unknown>>[]> {
    // The statement names its columns (from the entity): a column added by a migration while this
    // process runs cannot change the prepared statement's result type.
    this.intake ??= prepared('intake', INTAKE_SQL.replaceAll('__COLUMNS__', this.repo.columnList(this.repo.ds.manager)));
    const columns = Array.from({ length: INTAKE_COLUMNS }, (_, c) => batch.map((v) => v[c]));
    const rows = await runPrepared<Record<string, unknown>>(this.repo.ds, this.intake, [...columns, ...this.intakeJobs]);
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return batch.map((v) => {
      const row = byId.get(v[0]);
      return row ? { ok: true, value: row } : { ok: false, error: new Error(`intake: order ${v[0]} was not returned`) };
    });
  }

  private async findByIdempotencyKey(actor: Actor, key: string): Promise<WorkOrderView | null> {
    const yellow = (await this.calendar.settings()).yellowLightFraction;
    return inScope(this.repo.ds, ALL, async (m) => {
      const o = await m.getRepository(WorkOrderEntity).findOneBy({ createdById: actor.id, idempotencyKey: key });
      return o ? toWorkOrderView(o, actor.role, this.clock.now(), yellow) : null;
    });
  }

  /** The per-day base of the code sequence; the first order of a day in any process creates it. */
  private ensureCodeDay(day: string): Promise<void> {
    let pending = this.codeDays.get(day);
    if (!pending) {
      pending = this.repo.ds
        .query(
          `INSERT INTO work_order_code_days (day, base)
           SELECT $1::date, CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM work_order_seq
           ON CONFLICT (day) DO NOTHING`,
          [day],
        )
        .then(() => undefined);
      pending.catch(() => this.codeDays.delete(day));
      if (this.codeDays.size > 3) this.codeDays.clear();
      this.codeDays.set(day, pending);
    }
    return pending;
  }

  async get(actor: Actor, id: string): Promise<WorkOrderDetailView> {
    const yellow = (await this.calendar.settings()).yellowLightFraction;
    return inScope(this.repo.ds, scopeOf(actor), async (m) => {
      const o = await this.repo.get(m, scopeOf(actor), id);
      const by = { where: { workOrderId: id } };
      // One transaction is one connection: its queries run one after another.
      const dispatches = await m.getRepository(DispatchRecordEntity).find({ ...by, order: { hop: 'ASC' } });
      const returns = await m.getRepository(ReturnRequestEntity).find({ ...by, order: { requestedAt: 'ASC' } });
      const extensions = await m.getRepository(ExtensionRequestEntity).find({ ...by, order: { requestedAt: 'ASC' } });
      const replies = await m.getRepository(ReplyEntity).find({ ...by, order: { repliedAt: 'ASC' } });
      const surveys = await m.getRepository(SurveyEntity).find({ ...by, order: { surveyedAt: 'ASC' } });
      const supervisions = await m.getRepository(SupervisionEntity).find({ ...by, order: { issuedAt: 'ASC' } });
      const iso = (d: Date | null) => (d ? d.toISOString() : null);
      return {
        ...toWorkOrderView(o, actor.role, this.clock.now(), yellow),
        dispatches: dispatches.map((d) => ({
          id: d.id,
          hop: d.hop,
          level: d.level,
          departmentId: d.departmentId,
          fromDepartmentId: d.fromDepartmentId,
          dispatchedById: d.dispatchedById,
          dispatchedAt: d.dispatchedAt.toISOString(),
          signDueAt: iso(d.signDueAt),
          acceptedAt: iso(d.acceptedAt),
          endedAt: iso(d.endedAt),
          outcome: d.outcome,
          routedBy: d.routedBy,
          modelVersion: d.modelVersion,
          routeScore: d.routeScore,
          routeReason: d.routeReason,
        })),
        returns: returns.map((r) => ({
          id: r.id,
          departmentId: r.departmentId,
          reasonCode: r.reasonCode,
          note: r.note,
          status: r.status,
          requestedAt: r.requestedAt.toISOString(),
          reviewedAt: iso(r.reviewedAt),
          newDepartmentId: r.newDepartmentId,
        })),
        extensions: extensions.map((e) => ({
          id: e.id,
          departmentId: e.departmentId,
          days: e.days,
          reason: e.reason,
          status: e.status,
          requestedAt: e.requestedAt.toISOString(),
          previousDueAt: iso(e.previousDueAt),
          newDueAt: iso(e.newDueAt),
        })),
        replies: replies.map((r) => ({ id: r.id, departmentId: r.departmentId, content: r.content, repliedAt: r.repliedAt.toISOString() })),
        surveys: surveys.map((s) => ({
          id: s.id,
          outcome: s.outcome,
          rating: s.rating,
          resolved: s.resolved,
          comment: s.comment,
          departmentId: s.departmentId,
          surveyedAt: s.surveyedAt.toISOString(),
        })),
        supervisions: supervisions.map((s) => ({
          id: s.id,
          kind: s.kind,
          source: s.source,
          note: s.note,
          departmentId: s.departmentId,
          issuedAt: s.issuedAt.toISOString(),
        })),
      };
    });
  }

  async events(actor: Actor, id: string): Promise<WorkOrderEventView[]> {
    return inScope(this.repo.ds, scopeOf(actor), async (m) => {
      await this.repo.get(m, scopeOf(actor), id);
      return (await this.repo.events(m, id)).map((e) => ({
        id: String(e.id),
        type: e.type,
        actorId: e.actorId,
        actorRole: e.actorRole as WorkOrderEventView['actorRole'],
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        details: e.details,
        occurredAt: e.occurredAt.toISOString(),
      }));
    });
  }

  /** The unmasked caller contact, for a callback. Every read is written to the audit log. */
  async contact(actor: Actor, id: string): Promise<{ citizenName: string | null; citizenPhone: string | null }> {
    return inScope(this.repo.ds, scopeOf(actor), async (m) => {
      const o = await this.repo.get(m, scopeOf(actor), id);
      if (o.confidential && actor.role === Role.Department) throw new Forbidden('the caller of a confidential order is hidden from the handling unit');
      await m
        .getRepository(AuditLogEntity)
        .insert({ actorId: actor.id, actorRole: actor.role, action: 'read_citizen_contact', subjectId: o.id, details: { code: o.code } });
      return { citizenName: o.citizenName, citizenPhone: o.citizenPhone };
    });
  }

  async list(actor: Actor, q: WorkOrderListQuery): Promise<Page<WorkOrderListItem>> {
    const scope = scopeOf(actor);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const now = this.clock.now();
    const yellow = (await this.calendar.settings()).yellowLightFraction;
    const tz = this.calendar.timeZone;
    const f: ListFilter = {
      status: q.status,
      kind: q.kind,
      priority: q.priority,
      language: q.language,
      departmentId: q.departmentId,
      departmentSubtree: !!q.departmentId && isDepartmentScope(scope) && scope.departmentId !== q.departmentId,
      overdue: q.overdue,
      openStatuses: OPEN_AT_UNIT,
      now,
      createdFrom: q.from ? businessDayRange(q.from, q.from, tz).start : undefined,
      createdBefore: q.to ? businessDayRange(q.to, q.to, tz).end : undefined,
    };
    if (q.q) {
      const text = q.q.trim();
      if (/^\d{8}-\d{6}$/.test(text)) f.code = text;
      else {
        f.words = segments(text);
        if (f.words.length === 0) return { items: [], nextCursor: null };
      }
    }
    if (q.cursor) {
      const [createdAt, id] = decodeCursor(q.cursor);
      f.after = { createdAt, id };
    }
    const st = await this.repo.listStatement(scope, f, limit + 1);
    const rows = await this.repo.listPage(scope, st);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((o) => toWorkOrderListItem(o, actor.role, now, yellow)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }
}

/** The keyset cursor: the last row's created_at as PostgreSQL printed it (microseconds kept) and its id. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

/**
 * A cursor's time: PostgreSQL's timestamptz text, or an ISO instant (cursors issued before the list
 * kept microseconds), with every field in range, so PostgreSQL never refuses it.
 */
const CURSOR_TIME = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.\d{1,6})?(?:Z|[+-](\d\d)(?::[0-5]\d){0,2})$/;

function isCursorTime(text: string): boolean {
  const m = CURSOR_TIME.exec(text);
  if (!m || m[1] < '1900' || text.includes('T') !== text.endsWith('Z')) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && sec < 60 && Number(m[7] ?? 0) <= 15;
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || !isCursorTime(at)) throw new Error('bad');
    if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error('bad');
    return [at, id];
  } catch {
    throw new InvalidInput('cursor is not valid; use nextCursor from the previous page');
  }
}

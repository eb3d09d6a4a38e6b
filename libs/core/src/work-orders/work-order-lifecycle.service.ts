// Every lifecycle action after intake: dispatch, sign, return, extension, reply, survey, reopen,
// close, merge, supervise, transfer. Each runs in one transaction: load (scoped), check the pure
// rules, write the records, update the order under its version, append the event and outbox row.
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type DispatchRequest,
  type ExtensionRequestBody,
  type ExtensionReviewRequest,
  type MergeRequest,
  type RejectRequest,
  type ReplyRequest,
  type ReturnRequestBody,
  type ReturnReviewRequest,
  Role,
  type SuperviseRequest,
  type SurveyRequest,
  type WorkOrderView,
  WorkOrderStatus as S,
} from '@hotline/contracts';
import { CalendarService } from '../calendar/calendar.service';
import type { DepartmentEntity } from '../departments/department.entity';
import { DepartmentsService, isBelow } from '../departments/departments.service';
import { type Actor, ALL, scopeOf } from '../shared/actor';
import { CLOCK, type Clock } from '../shared/clock';
import { Conflict, InvalidInput, OutOfJurisdiction, RuleViolation } from '../shared/errors';
import { prepared, runPrepared } from '../shared/prepared';
import { inScope } from '../shared/scoped-transaction';
import { TRANSITION_HOOKS, type TransitionHook } from '../shared/transition-hook';
import { type WorkOrderPatch, WorkOrderRepository } from './work-order.repository';
import {
  DispatchRecordEntity,
  ExtensionRequestEntity,
  type RoutedBy,
  ReplyEntity,
  ReturnRequestEntity,
  SupervisionEntity,
  SurveyEntity,
} from './work-order-records.entity';
import type { WorkOrderEntity } from './work-order.entity';
import { type LifecycleAction, TERMINAL_STATUSES, checkTransition, surveyEffect } from './work-order-state';
import { toWorkOrderView } from './work-order-view';

interface Step {
  patch: WorkOrderPatch;
  event: string;
  details?: Record<string, unknown>;
  /** The dispatch hop the change opens (newHop): written with the change, in one statement for a batch. */
  hop?: NewHop;
}

/** A dispatch_records row to insert. */
interface NewHop {
  workOrderId: string;
  hop: number;
  level: 1 | 2;
  departmentId: string;
  fromDepartmentId: string | null;
  dispatchedById: string;
  dispatchedAt: Date;
  signDueAt: Date;
  note: string | null;
  stamp: RoutingStamp;
}

/** A change decided for an order (its step), waiting to be written. */
interface Change {
  order: WorkOrderEntity;
  step: Step;
}

/** How the unit of a dispatch was chosen, recorded on its dispatch record and event. */
export interface RoutingStamp {
  routedBy: RoutedBy;
  modelVersion: number | null;
  score: number | null;
  reason: string | null;
}

const MANUAL: RoutingStamp = { routedBy: 'manual', modelVersion: null, score: null, reason: null };

/** An order the router read and locked in its transaction, and the unit it chose for it. */
export interface RoutedDispatch {
  order: WorkOrderEntity;
  departmentId: string;
  stamp: RoutingStamp;
}

interface Ctx {
  m: EntityManager;
  order: WorkOrderEntity;
  now: Date;
  /** The caller's transaction already holds the order's row lock (see dispatchLocked). */
  locked: boolean;
}

/**
 * Dispatch hops (any number, one array per column), and for a centre dispatch (level 1) the order
 * leaving the dispatchers' manual queue, in one statement.
 */
const NEW_HOPS = prepared(
  'new-hops',
  `WITH v AS MATERIALIZED (
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::smallint[], $4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[], $8::timestamptz[],
       $9::varchar[], $10::varchar[], $11::int[], $12::real[], $13::text[])
     AS v(work_order_id, hop, level, department_id, from_department_id, dispatched_by_id, dispatched_at, sign_due_at, note,
       routed_by, model_version, route_score, route_reason)),
   gone AS (DELETE FROM routing_suggestions rs USING v WHERE v.level = 1 AND rs.work_order_id = v.work_order_id)
   INSERT INTO dispatch_records (work_order_id, hop, level, department_id, from_department_id, dispatched_by_id, dispatched_at, sign_due_at, note,
     routed_by, model_version, route_score, route_reason)
   SELECT work_order_id, hop, level, department_id, from_department_id, dispatched_by_id, dispatched_at, sign_due_at, note,
     routed_by, model_version, route_score, route_reason FROM v`,
);

const LOCK_ORDER = prepared('lock-order', `SELECT version FROM work_orders WHERE id = $1 FOR UPDATE`);

const LEVEL1_KINDS = new Set(['city_bureau', 'utility', 'district']);

@Injectable()
export class WorkOrderLifecycleService {
  constructor(
    private readonly repo: WorkOrderRepository,
    private readonly calendar: CalendarService,
    private readonly departments: DepartmentsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TRANSITION_HOOKS) private readonly hooks: TransitionHook[],
  ) {}

  private async act(actor: Actor, id: string, action: LifecycleAction, step: (c: Ctx) => Promise<Step>): Promise<WorkOrderView> {
    const scope = scopeOf(actor);
    const yellow = (await this.calendar.settings()).yellowLightFraction;
    return inScope(this.repo.ds, scope, async (m) => {
      const order = await this.repo.get(m, scope, id);
      checkTransition(action, order.status, actor.role);
      const now = this.clock.now();
      const s = await step({ m, order, now, locked: false });
      const [updated] = await this.commit(m, actor, now, [{ order, step: s }]);
      return toWorkOrderView(updated, actor.role, now, yellow);
    });
  }

  /**
   * Writes the changes decided for one or more orders, in the caller's transaction, one statement
   * per kind of record whatever their number: the hops they open, the orders under their versions,
   * the events with their outbox rows; then the transition hooks (the orders' timers).
   */
  private async commit(m: EntityManager, actor: Actor, now: Date, changes: readonly Change[]): Promise<WorkOrderEntity[]> {
    await this.writeHops(m, changes.flatMap((c) => (c.step.hop ? [c.step.hop] : [])));
    const updated = await this.repo.updateAll(
      m,
      changes.map((c) => ({ order: c.order, patch: c.step.patch })),
    );
    await this.repo.recordEvents(
      m,
      changes.map(({ order, step }) => ({
        workOrderId: order.id,
        type: step.event,
        actorId: actor.id,
        actorRole: actor.system ? 'system' : actor.role,
        fromStatus: order.status,
        toStatus: step.patch.status ?? order.status,
        details: step.details,
      })),
    );
    for (const hook of this.hooks) {
      const after = updated.filter((_, i) => hook.hookEventTypes.has(changes[i].step.event));
      if (after.length > 0) await hook.afterTransitions(m, after, now);
    }
    return updated;
  }

  private async writeHops(m: EntityManager, hops: readonly NewHop[]): Promise<void> {
    if (hops.length === 0) return;
    const col = <T>(f: (h: NewHop) => T) => hops.map(f);
    await runPrepared(m, NEW_HOPS, [
      col((h) => h.workOrderId),
      col((h) => h.hop),
      col((h) => h.level),
      col((h) => h.departmentId),
      col((h) => h.fromDepartmentId),
      col((h) => h.dispatchedById),
      col((h) => h.dispatchedAt),
      col((h) => h.signDueAt),
      col((h) => h.note),
      col((h) => h.stamp.routedBy),
      col((h) => h.stamp.modelVersion),
      col((h) => h.stamp.score),
      col((h) => h.stamp.reason),
    ]);
  }

  /** Department actions are for the unit the order currently sits with, not its parent or a sibling. */
  private assertHolder(actor: Actor, order: WorkOrderEntity): void {
    if (actor.role === Role.Department && actor.departmentId !== order.departmentId) {
      throw new OutOfJurisdiction(`work order ${order.code} is with another unit; only that unit may act on it`);
    }
  }

  private async currentDispatch(m: EntityManager, orderId: string): Promise<DispatchRecordEntity> {
    const rec = await m.getRepository(DispatchRecordEntity).findOne({ where: { workOrderId: orderId }, order: { hop: 'DESC' } });
    if (!rec) throw new RuleViolation('the work order has no dispatch record');
    return rec;
  }

  /** A dispatch hop (written by commit) and the order fields it sets. */
  private async newHop(
    c: Ctx,
    actor: Actor,
    dept: DepartmentEntity,
    level: 1 | 2,
    note?: string,
    stamp: RoutingStamp = MANUAL,
  ): Promise<{ patch: WorkOrderPatch; hop: NewHop }> {
    const signDueAt = await this.calendar.signDeadline(c.now, c.order.kind, c.order.priority);
    // A centre dispatch also takes the order out of the manual queue (NEW_HOPS). The order row is
    // locked first, then its manual-queue entry: the router locks in the same order, so a dispatcher
    // and a late routing job cannot deadlock on the two rows.
    if (level === 1 && !c.locked) {
      const [locked] = await runPrepared<{ version: number }>(c.m, LOCK_ORDER, [c.order.id]);
      if (locked?.version !== c.order.version)
        throw new Conflict(`work order ${c.order.code} was changed by someone else; reload it and try again`, { id: c.order.id });
    }
    const hop: NewHop = {
      workOrderId: c.order.id,
      hop: c.order.hopCount + 1,
      level,
      departmentId: dept.id,
      fromDepartmentId: level === 2 ? c.order.departmentId : null,
      dispatchedById: actor.id,
      dispatchedAt: c.now,
      signDueAt,
      note: note ?? null,
      stamp,
    };
    const patch: WorkOrderPatch = {
      status: S.Dispatched,
      departmentId: dept.id,
      departmentPath: dept.path,
      hopCount: c.order.hopCount + 1,
      dispatchedAt: c.now,
      signDueAt,
      acceptedAt: null,
    };
    if (level === 1) {
      patch.dispatchCount = c.order.dispatchCount + 1;
      patch.clockStartAt = c.now;
      patch.dueAt = await this.calendar.completionDeadline(c.now, c.order.kind, c.order.priority);
    }
    return { patch, hop };
  }

  private async endHop(c: Ctx, outcome: DispatchRecordEntity['outcome']): Promise<DispatchRecordEntity> {
    const rec = await this.currentDispatch(c.m, c.order.id);
    await c.m.getRepository(DispatchRecordEntity).update({ id: rec.id }, { outcome, endedAt: c.now });
    return rec;
  }

  reject(actor: Actor, id: string, body: RejectRequest): Promise<WorkOrderView> {
    return this.act(actor, id, 'reject', async (c) => ({
      patch: { status: S.Rejected, rejectReason: body.reason.trim(), closedAt: c.now },
      event: 'rejected',
      details: { reason: body.reason.trim() },
    }));
  }

  /** 派单: the centre dispatches to a city department, a utility or a district. */
  dispatch(actor: Actor, id: string, body: DispatchRequest): Promise<WorkOrderView> {
    return this.act(actor, id, 'dispatch', (c) => this.dispatchStep(c, actor, body, MANUAL));
  }

  /**
   * 派单 by the router (stamp: catalogue or router, with the model version): orders it read and locked
   * (SELECT … FOR UPDATE) in its own transaction `m`, each to the unit it chose, all written together.
   */
  async dispatchLocked(m: EntityManager, actor: Actor, items: readonly RoutedDispatch[]): Promise<WorkOrderEntity[]> {
    if (items.length === 0) return [];
    const now = this.clock.now();
    const changes: Change[] = [];
    for (const it of items) {
      checkTransition('dispatch', it.order.status, actor.role);
      changes.push({ order: it.order, step: await this.dispatchStep({ m, order: it.order, now, locked: true }, actor, { departmentId: it.departmentId }, it.stamp) });
    }
    return this.commit(m, actor, now, changes);
  }

  private async dispatchStep(c: Ctx, actor: Actor, body: DispatchRequest, stamp: RoutingStamp): Promise<Step> {
    const dept = await this.departments.dispatchTarget(body.departmentId, c.m);
    if (!LEVEL1_KINDS.has(dept.kind)) {
      throw new InvalidInput(
        `${dept.nameZh} is a ${dept.kind}; the centre dispatches to city departments, utilities and districts, which re-dispatch to their street offices`,
      );
    }
    const { patch, hop } = await this.newHop(c, actor, dept, 1, body.note, stamp);
    const routing = stamp.routedBy === 'manual' ? {} : { routedBy: stamp.routedBy, modelVersion: stamp.modelVersion, score: stamp.score, reason: stamp.reason };
    return { patch, hop, event: 'dispatched', details: { departmentId: dept.id, department: dept.nameZh, hop: patch.hopCount, level: 1, ...routing } };
  }

  /** 二级派单: a unit hands the order to a unit below it. */
  subDispatch(actor: Actor, id: string, body: DispatchRequest): Promise<WorkOrderView> {
    return this.act(actor, id, 'sub_dispatch', async (c) => {
      this.assertHolder(actor, c.order);
      const dept = await this.departments.dispatchTarget(body.departmentId, c.m);
      if (!actor.departmentPath || !isBelow(dept, actor.departmentPath)) {
        throw new OutOfJurisdiction(`${dept.nameZh} is not below your unit; re-dispatch only goes to your own sub-units`);
      }
      await this.endHop(c, 'handed_down');
      const { patch, hop } = await this.newHop(c, actor, dept, 2, body.note);
      return { patch, hop, event: 'sub_dispatched', details: { departmentId: dept.id, department: dept.nameZh, hop: patch.hopCount, level: 2 } };
    });
  }

  /** 签收 */
  sign(actor: Actor, id: string): Promise<WorkOrderView> {
    return this.act(actor, id, 'sign', async (c) => {
      this.assertHolder(actor, c.order);
      const rec = await this.currentDispatch(c.m, c.order.id);
      await c.m.getRepository(DispatchRecordEntity).update({ id: rec.id }, { acceptedAt: c.now });
      const late = c.order.signDueAt !== null && c.now > c.order.signDueAt;
      return {
        patch: { status: S.Accepted, acceptedAt: c.now },
        event: 'signed',
        details: { onTime: !late, departmentId: c.order.departmentId, hop: rec.hop },
      };
    });
  }

  /** 退单申请: within the return window and while the centre has dispatched fewer than the limit. */
  requestReturn(actor: Actor, id: string, body: ReturnRequestBody): Promise<WorkOrderView> {
    return this.act(actor, id, 'request_return', async (c) => {
      this.assertHolder(actor, c.order);
      const settings = await this.calendar.settings();
      if (c.order.dispatchCount >= settings.maxDispatches) {
        throw new RuleViolation(
          `this order has been dispatched ${c.order.dispatchCount} times; the centre has designated your unit and returns are no longer accepted`,
        );
      }
      const rec = await this.currentDispatch(c.m, c.order.id);
      const windowEnd = await this.calendar.addWorkingDays(rec.dispatchedAt, settings.returnWindowWorkingDays);
      if (c.now > windowEnd) {
        throw new RuleViolation(`the return window (${settings.returnWindowWorkingDays} working days after dispatch) ended at ${windowEnd.toISOString()}`);
      }
      await c.m.getRepository(ReturnRequestEntity).insert({
        workOrderId: c.order.id,
        dispatchRecordId: rec.id,
        departmentId: actor.departmentId!,
        reasonCode: body.reasonCode,
        note: body.note.trim(),
        previousStatus: c.order.status,
        requestedById: actor.id,
        requestedAt: c.now,
      });
      return { patch: { status: S.ReturnRequested }, event: 'return_requested', details: { reasonCode: body.reasonCode, note: body.note.trim() } };
    });
  }

  /** 退单审核: approved re-dispatches elsewhere (hop + 1); denied sends it back to the unit. */
  reviewReturn(actor: Actor, id: string, body: ReturnReviewRequest): Promise<WorkOrderView> {
    return this.act(actor, id, body.approved ? 'approve_return' : 'deny_return', async (c) => {
      const ret = await c.m
        .getRepository(ReturnRequestEntity)
        .findOne({ where: { workOrderId: c.order.id, status: 'pending' }, order: { requestedAt: 'DESC' } });
      if (!ret) throw new RuleViolation('there is no pending return request on this order');
      const review = { reviewedById: actor.id, reviewedAt: c.now, reviewNote: body.note?.trim() || null };
      if (!body.approved) {
        await c.m.getRepository(ReturnRequestEntity).update({ id: ret.id }, { ...review, status: 'denied' });
        return { patch: { status: ret.previousStatus }, event: 'return_denied', details: { note: review.reviewNote } };
      }
      if (!body.departmentId) {
        // No unit named: the order goes back to routing, which leaves out every unit that returned it.
        await c.m.getRepository(ReturnRequestEntity).update({ id: ret.id }, { ...review, status: 'approved' });
        await this.endHop(c, 'returned');
        return {
          patch: { status: S.Registered, departmentId: null, departmentPath: null, signDueAt: null, acceptedAt: null },
          event: 'return_approved',
          details: { returnedBy: ret.departmentId, reasonCode: ret.reasonCode, departmentId: null, reroute: true },
        };
      }
      if (body.departmentId === ret.departmentId) throw new InvalidInput('re-dispatch the order to a different unit than the one that returned it');
      const dept = await this.departments.dispatchTarget(body.departmentId, c.m);
      if (!LEVEL1_KINDS.has(dept.kind)) throw new InvalidInput(`${dept.nameZh} is a ${dept.kind}; re-dispatch to a city department, utility or district`);
      await c.m.getRepository(ReturnRequestEntity).update({ id: ret.id }, { ...review, status: 'approved', newDepartmentId: dept.id });
      await this.endHop(c, 'returned');
      const { patch, hop } = await this.newHop(c, actor, dept, 1, body.note);
      return {
        patch,
        hop,
        event: 'return_approved',
        details: { returnedBy: ret.departmentId, reasonCode: ret.reasonCode, departmentId: dept.id, department: dept.nameZh, hop: patch.hopCount },
      };
    });
  }

  /** 延期申请 */
  requestExtension(actor: Actor, id: string, body: ExtensionRequestBody): Promise<WorkOrderView> {
    return this.act(actor, id, 'request_extension', async (c) => {
      this.assertHolder(actor, c.order);
      const { maxExtensionWorkingDays } = await this.calendar.settings();
      if (body.days > maxExtensionWorkingDays) throw new RuleViolation(`an extension is at most ${maxExtensionWorkingDays} working days`);
      const pending = await c.m.getRepository(ExtensionRequestEntity).countBy({ workOrderId: c.order.id, status: 'pending' });
      if (pending) throw new RuleViolation('an extension request is already waiting for review');
      await c.m.getRepository(ExtensionRequestEntity).insert({
        workOrderId: c.order.id,
        departmentId: actor.departmentId!,
        days: body.days,
        reason: body.reason.trim(),
        requestedById: actor.id,
        requestedAt: c.now,
      });
      return { patch: {}, event: 'extension_requested', details: { days: body.days, reason: body.reason.trim() } };
    });
  }

  /** 延期审核: approval moves the completion deadline by working days. */
  reviewExtension(actor: Actor, id: string, body: ExtensionReviewRequest): Promise<WorkOrderView> {
    return this.act(actor, id, body.approved ? 'approve_extension' : 'deny_extension', async (c) => {
      const ext = await c.m.getRepository(ExtensionRequestEntity).findOneBy({ workOrderId: c.order.id, status: 'pending' });
      if (!ext) throw new RuleViolation('there is no pending extension request on this order');
      const review = { reviewedById: actor.id, reviewedAt: c.now, reviewNote: body.note?.trim() || null };
      if (!body.approved) {
        await c.m.getRepository(ExtensionRequestEntity).update({ id: ext.id }, { ...review, status: 'denied' });
        return { patch: {}, event: 'extension_denied', details: { days: ext.days } };
      }
      const previousDueAt = c.order.dueAt;
      const base = previousDueAt ?? c.now;
      const newDueAt = await this.calendar.addWorkingDays(base, ext.days);
      await c.m.getRepository(ExtensionRequestEntity).update({ id: ext.id }, { ...review, status: 'approved', previousDueAt, newDueAt });
      return {
        patch: { dueAt: newDueAt },
        event: 'extension_approved',
        details: { days: ext.days, previousDueAt: previousDueAt?.toISOString() ?? null, newDueAt: newDueAt.toISOString() },
      };
    });
  }

  /** 答复 */
  reply(actor: Actor, id: string, body: ReplyRequest): Promise<WorkOrderView> {
    return this.act(actor, id, 'reply', async (c) => {
      this.assertHolder(actor, c.order);
      await c.m
        .getRepository(ReplyEntity)
        .insert({ workOrderId: c.order.id, departmentId: actor.departmentId!, content: body.content.trim(), repliedById: actor.id, repliedAt: c.now });
      const rec = await this.endHop(c, 'replied');
      const onTime = c.order.dueAt === null || c.now <= c.order.dueAt;
      return { patch: { status: S.Replied, repliedAt: c.now }, event: 'replied', details: { onTime, hop: rec.hop } };
    });
  }

  /** 回访: satisfied (or unreachable/refused) closes; dissatisfied waits for review. */
  survey(actor: Actor, id: string, body: SurveyRequest): Promise<WorkOrderView> {
    return this.act(actor, id, 'survey', async (c) => {
      if (c.order.language === 'mn' && actor.role === Role.Agent && !actor.languageSkills.includes('mn')) {
        throw new OutOfJurisdiction('satisfaction callbacks of Mongolian-language orders are made by agents with the mn skill');
      }
      const pending = await c.m.getRepository(SurveyEntity).countBy({ workOrderId: c.order.id, review: 'pending' });
      if (pending) throw new RuleViolation('a dissatisfied survey is waiting for review: reopen (重办) or close the order');
      const effect = surveyEffect(body.outcome, body.rating);
      const survey = {
        workOrderId: c.order.id,
        departmentId: c.order.departmentId,
        outcome: body.outcome,
        rating: body.outcome === 'reached' ? (body.rating ?? null) : null,
        resolved: body.resolved ?? null,
        comment: body.comment?.trim() || null,
        review: effect.needsReview ? ('pending' as const) : null,
        surveyedById: actor.id,
        surveyedAt: c.now,
      };
      const inserted = await c.m.getRepository(SurveyEntity).insert(survey);
      const surveyId = String(inserted.identifiers[0]?.id);
      const details = { surveyId, outcome: survey.outcome, rating: survey.rating, resolved: survey.resolved, departmentId: survey.departmentId };
      if (!effect.close) return { patch: {}, event: 'surveyed', details: { ...details, needsReview: true } };
      return {
        patch: { status: S.Closed, closeReason: effect.closeReason, closedAt: c.now },
        event: 'surveyed',
        details,
      };
    });
  }

  /** 重办: back to the same unit as dispatched, with a fresh completion clock. */
  reopen(actor: Actor, id: string, note?: string): Promise<WorkOrderView> {
    return this.act(actor, id, 'reopen', async (c) => {
      if (!c.order.departmentId) throw new RuleViolation('the order has no handling unit to reopen to');
      await c.m.getRepository(SurveyEntity).update({ workOrderId: c.order.id, review: 'pending' }, { review: 'reopened' });
      const rec = await this.currentDispatch(c.m, c.order.id);
      const signDueAt = await this.calendar.signDeadline(c.now, c.order.kind, c.order.priority);
      await c.m.getRepository(DispatchRecordEntity).update({ id: rec.id }, { outcome: 'active', endedAt: null, acceptedAt: null, signDueAt });
      return {
        patch: {
          status: S.Dispatched,
          reopenCount: c.order.reopenCount + 1,
          dispatchedAt: c.now,
          signDueAt,
          clockStartAt: c.now,
          dueAt: await this.calendar.completionDeadline(c.now, c.order.kind, c.order.priority),
          acceptedAt: null,
          repliedAt: null,
        },
        event: 'reopened',
        details: { departmentId: c.order.departmentId, reopenCount: c.order.reopenCount + 1, note: note?.trim() || null },
      };
    });
  }

  /** 办结 by the centre (a dissatisfied survey reviewed as unreasonable, or no survey possible). */
  close(actor: Actor, id: string, note?: string): Promise<WorkOrderView> {
    return this.act(actor, id, 'close', async (c) => {
      await c.m.getRepository(SurveyEntity).update({ workOrderId: c.order.id, review: 'pending' }, { review: 'closed' });
      return { patch: { status: S.Closed, closeReason: 'closed_by_centre', closedAt: c.now }, event: 'closed', details: { note: note?.trim() || null } };
    });
  }

  /** 并单: a duplicate joins its parent; its caller is still surveyed through the parent. */
  merge(actor: Actor, id: string, body: MergeRequest): Promise<WorkOrderView> {
    return this.act(actor, id, 'merge', async (c) => {
      if (body.intoId === c.order.id) throw new InvalidInput('an order cannot be merged into itself');
      const parent = await this.repo.get(c.m, ALL, body.intoId);
      if (TERMINAL_STATUSES.includes(parent.status) && parent.status !== S.Closed) {
        throw new RuleViolation(`cannot merge into ${parent.code}: it is ${parent.status}`);
      }
      await this.repo.recordEvent(c.m, {
        workOrderId: parent.id,
        type: 'merge_received',
        actorId: actor.id,
        actorRole: actor.role,
        fromStatus: parent.status,
        toStatus: parent.status,
        details: { childId: c.order.id, childCode: c.order.code },
      });
      return { patch: { status: S.Merged, mergedIntoId: parent.id, closedAt: c.now }, event: 'merged', details: { intoId: parent.id, intoCode: parent.code } };
    });
  }

  /** 督办 by hand. */
  supervise(actor: Actor, id: string, body: SuperviseRequest): Promise<WorkOrderView> {
    return this.act(actor, id, 'supervise', async (c) => {
      await c.m.getRepository(SupervisionEntity).insert({
        workOrderId: c.order.id,
        departmentId: c.order.departmentId,
        kind: 'supervision',
        source: 'manual',
        note: body.note.trim(),
        issuedById: actor.id,
        issuedAt: c.now,
      });
      return { patch: {}, event: 'supervised', details: { note: body.note.trim(), departmentId: c.order.departmentId } };
    });
  }

  /** 转110: the order leaves the hotline for the police desk (the linkage itself comes later). */
  transfer(actor: Actor, id: string, note?: string): Promise<WorkOrderView> {
    return this.act(actor, id, 'transfer', async (c) => ({
      patch: { status: S.Transferred, closedAt: c.now },
      event: 'transferred',
      details: { to: '110', note: note?.trim() || null },
    }));
  }
}

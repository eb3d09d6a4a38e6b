// Deliveries of order events to departments' webhooks: the event reaction that logs them (with their
// outbox job, in one transaction), the signed POST with its attempt log, and the sweep that catches
// what a lost Redis dropped. Deliveries of one order reach a webhook in the order's event order.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type DeliveryBody, type DeliveryEvent, type DeliveryStatus, type JobPayloads, Role } from '@hotline/contracts';
import { CalendarService } from '../calendar/calendar.service';
import { enqueue } from '../outbox/outbox';
import { ALL } from '../shared/actor';
import { CLOCK, type Clock } from '../shared/clock';
import type { EventReaction } from '../shared/event-reaction';
import { inScope } from '../shared/scoped-transaction';
import { passOverEventLog, sweepEventLog } from '../shared/event-log-sweep';
import { CLAIM_JOB, prepared, runPrepared } from '../shared/prepared';
import { toWorkOrderView } from '../work-orders/work-order-view';
import { WorkOrderRepository } from '../work-orders/work-order.repository';
import { ASSIGNMENT_EVENTS, DELIVERABLE_EVENT_TYPES, deliveriesFor, isLastAttempt, signDelivery, subscribes } from './connector-rules';
import { ConnectorsService } from './connectors.service';

export const DELIVERY_CONSUMER = 'connector-delivery';
/** A receiver that has not answered within this time counts as a failed attempt. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** How long a sender holds a delivery: longer than the timeout, so a crashed sender's hold expires. */
const LEASE_S = 30;
/** How soon a delivery waiting for an earlier one of its order looks again. */
const WAIT_MS = 1_000;
/** A pending delivery untouched this long has lost its job (Redis lost it, or the queue gave up early). */
const STALE_MIN = 10;
const DELIVERABLE = new Set<string>(DELIVERABLE_EVENT_TYPES);
/** The sweep leaves events younger than this to their job; its watermark moves over events older than SETTLE_S. */
const APPLY_AFTER_S = 30;
const SETTLE_S = 300;
/** How far back the first sweep of a database looks (what the sweep read before it kept a watermark). */
const FIRST_LOOK_BACK = 20_000;

export interface DeliveryReconcileOptions {
  settleSeconds?: number;
  applyAfterSeconds?: number;
}
const ANY_WEBHOOK = prepared('any-webhook', `SELECT EXISTS (SELECT 1 FROM department_webhooks WHERE active) AS yes`);

export type SendResult =
  { outcome: 'done'; status: DeliveryStatus } | { outcome: 'wait'; retryInMs: number; reason: string } | { outcome: 'failed'; final: boolean; error: string };

interface EventRow {
  id: string;
  work_order_id: string;
  type: string;
  to_status: string | null;
  details: Record<string, unknown>;
  seq: number;
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  department_id: string;
  work_order_id: string;
  event_id: string;
  event: DeliveryEvent;
  sequence: number;
  status: DeliveryStatus;
  url: string;
  secret_sealed: string;
  active: boolean;
  webhook_created_at: Date;
  dept_path: string;
}

/** TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, count]. */
function updatedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

@Injectable()
export class DeliveryService implements EventReaction {
  readonly consumer = DELIVERY_CONSUMER;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly orders: WorkOrderRepository,
    private readonly calendar: CalendarService,
    private readonly connectors: ConnectorsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Events that hand an order to a unit or take it away become deliveries to that unit's webhook. */
  async react(event: JobPayloads['work-order.changed']): Promise<number> {
    if (!DELIVERABLE.has(event.type)) return 0;
    // Most units have no webhook: one cheap read instead of a transaction per event. An event skipped
    // here stays unclaimed; the webhook lookup below ignores events older than the webhook, so a unit
    // that registers later is not sent its past.
    const [any] = await runPrepared<{ yes: boolean }>(this.ds, ANY_WEBHOOK, []);
    return any.yes ? this.applyEvent(event.eventId) : 0;
  }

  /** A batch of events: one look for webhooks, then each deliverable event as react() would. */
  async reactAll(events: readonly JobPayloads['work-order.changed'][]): Promise<number> {
    const deliverable = events.filter((e) => DELIVERABLE.has(e.type));
    if (deliverable.length === 0) return 0;
    const [any] = await runPrepared<{ yes: boolean }>(this.ds, ANY_WEBHOOK, []);
    if (!any.yes) return 0;
    let logged = 0;
    for (const e of deliverable) logged += await this.applyEvent(e.eventId);
    return logged;
  }

  /**
   * Logs the deliveries an event makes, each with its outbox job, in one transaction with the
   * processed-job record: a redelivered event changes nothing. Returns how many were logged.
   */
  async applyEvent(eventId: string): Promise<number> {
    return this.ds.transaction(async (m) => {
      const claimed = await runPrepared(m, CLAIM_JOB, [DELIVERY_CONSUMER, eventId]);
      if (claimed.length === 0) return 0;
      const [e] = (await m.query(
        `SELECT e.id::text AS id, e.work_order_id, e.type, e.to_status, e.details,
                (SELECT count(*)::int FROM work_order_events x WHERE x.work_order_id = e.work_order_id AND x.id <= e.id) AS seq
         FROM work_order_events e WHERE e.id = $1`,
        [eventId],
      )) as EventRow[];
      if (!e) return 0;
      let logged = 0;
      for (const plan of deliveriesFor({ type: e.type, toStatus: e.to_status, details: e.details })) {
        const departmentId = plan.to.kind === 'department' ? plan.to.departmentId : await this.holderBefore(m, e);
        if (!departmentId) continue;
        const [w] = (await m.query(
          `SELECT id, events FROM department_webhooks WHERE department_id = $1 AND active AND created_at <= (SELECT occurred_at FROM work_order_events WHERE id = $2)`,
          [departmentId, e.id],
        )) as {
          id: string;
          events: string[] | null;
        }[];
        if (!w || !subscribes(w.events, plan.event)) continue;
        const rows = (await m.query(
          `INSERT INTO deliveries (webhook_id, department_id, work_order_id, event_id, event, sequence, queued_at)
           VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT DO NOTHING RETURNING id`,
          [w.id, departmentId, e.work_order_id, e.id, plan.event, e.seq],
        )) as { id: string }[];
        if (rows[0]) {
          await enqueue(m, 'delivery.send', { deliveryId: rows[0].id });
          logged++;
        }
      }
      return logged;
    });
  }

  /** The unit that held the order just before the event: the last assignment event's unit. */
  private async holderBefore(m: EntityManager, e: EventRow): Promise<string | null> {
    const [row] = (await m.query(
      `SELECT details->>'departmentId' AS department_id FROM work_order_events
       WHERE work_order_id = $1 AND id < $2 AND type = ANY($3) ORDER BY id DESC LIMIT 1`,
      [e.work_order_id, e.id, ASSIGNMENT_EVENTS],
    )) as { department_id: string | null }[];
    return row?.department_id ?? null;
  }

  /**
   * One attempt at a delivery. Waits (without spending an attempt) while an earlier delivery of the
   * same order to the same webhook is undelivered, or an earlier event of the order has not been
   * considered yet (it has no processed-job record and the sweep's watermark has not passed it).
   * `queueAttempts` is the job's own attempt budget.
   */
  async send(deliveryId: string, queueAttempts: number): Promise<SendResult> {
    const [d] = (await this.ds.query(
      `SELECT d.id, d.webhook_id, d.department_id, d.work_order_id, d.event_id::text AS event_id, d.event, d.sequence, d.status,
              w.url, w.secret_sealed, w.active, w.created_at AS webhook_created_at, dep.path AS dept_path
       FROM deliveries d JOIN department_webhooks w ON w.id = d.webhook_id JOIN departments dep ON dep.id = d.department_id
       WHERE d.id = $1`,
      [deliveryId],
    )) as DeliveryRow[];
    if (!d || d.status !== 'pending') return { outcome: 'done', status: d?.status ?? 'cancelled' };
    if (!d.active) {
      await this.ds.query(`UPDATE deliveries SET status = 'cancelled', last_error = 'webhook disabled' WHERE id = $1 AND status = 'pending'`, [d.id]);
      return { outcome: 'done', status: 'cancelled' };
    }
    const [block] = (await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM deliveries p WHERE p.webhook_id = $1 AND p.work_order_id = $2 AND p.sequence < $3 AND p.status = 'pending') AS earlier_pending,
              EXISTS (SELECT 1 FROM work_order_events e WHERE e.work_order_id = $2 AND e.id < $4 AND e.type = ANY($5)
                        AND e.occurred_at >= $6::timestamptz - interval '1 minute'
                        AND e.id > coalesce((SELECT w.last_event_id FROM rollup_watermarks w WHERE w.consumer = $7), 0)
                        AND NOT EXISTS (SELECT 1 FROM processed_jobs j WHERE j.consumer = $7 AND j.job_key = e.id::text)) AS earlier_unseen`,
      [d.webhook_id, d.work_order_id, d.sequence, d.event_id, DELIVERABLE_EVENT_TYPES, d.webhook_created_at, DELIVERY_CONSUMER],
    )) as { earlier_pending: boolean; earlier_unseen: boolean }[];
    if (block.earlier_pending) return { outcome: 'wait', retryInMs: WAIT_MS, reason: 'an earlier delivery of this order is not delivered yet' };
    if (block.earlier_unseen) return { outcome: 'wait', retryInMs: WAIT_MS, reason: 'an earlier event of this order is not considered yet' };

    const claimed = updatedRows<{ attempts: number }>(
      await this.ds.query(
        `UPDATE deliveries SET attempts = attempts + 1, lease_until = now() + make_interval(secs => $2), last_attempt_at = $3
       WHERE id = $1 AND status = 'pending' AND (lease_until IS NULL OR lease_until < now()) RETURNING attempts`,
        [d.id, LEASE_S, this.clock.now()],
      ),
    );
    const attempt = claimed[0]?.attempts;
    if (attempt === undefined) return { outcome: 'wait', retryInMs: WAIT_MS, reason: 'another sender holds this delivery' };

    const rawBody = JSON.stringify(await this.body(d));
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'hotline-12345-connector/1',
          'x-hotline-delivery': d.id,
          'x-hotline-event': d.event,
          'x-hotline-sequence': String(d.sequence),
          'x-hotline-timestamp': String(timestamp),
          'x-hotline-signature': signDelivery(this.connectors.secretOf({ secretSealed: d.secret_sealed }), timestamp, rawBody),
        },
        body: rawBody,
      });
      statusCode = res.status;
      const text = await res.text().catch(() => '');
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    } catch (err) {
      const e = err as Error;
      error = e.name === 'TimeoutError' ? `no answer within ${DELIVERY_TIMEOUT_MS} ms` : `${e.name}: ${(e.cause as Error | undefined)?.message ?? e.message}`;
    }
    const durationMs = Math.round(performance.now() - started);
    const { deliveryMaxAttempts } = await this.calendar.settings();
    const final = error !== null && isLastAttempt(attempt, deliveryMaxAttempts, queueAttempts);
    const status: DeliveryStatus = error === null ? 'delivered' : final ? 'failed' : 'pending';
    await this.ds.transaction(async (m) => {
      await m.query(`INSERT INTO delivery_attempts (delivery_id, attempt, at, status_code, duration_ms, error) VALUES ($1, $2, $3, $4, $5, $6)`, [
        d.id,
        attempt,
        this.clock.now(),
        statusCode,
        durationMs,
        error,
      ]);
      await m.query(
        `UPDATE deliveries SET status = $2, last_status_code = $3, last_error = $4, lease_until = NULL, delivered_at = coalesce($5, delivered_at)
         WHERE id = $1 AND status = 'pending'`,
        [d.id, status, statusCode, error, status === 'delivered' ? this.clock.now() : null],
      );
    });
    return error === null ? { outcome: 'done', status } : { outcome: 'failed', final, error };
  }

  /** The unit's view of the order; once the order left the unit, only its id and code. */
  private async body(d: DeliveryRow): Promise<DeliveryBody> {
    const [order, settings] = await Promise.all([inScope(this.ds, ALL, (m) => this.orders.get(m, ALL, d.work_order_id)), this.calendar.settings()]);
    const now = this.clock.now();
    const stillThere = d.event !== 'order.withdrawn' && !!order.departmentPath?.startsWith(d.dept_path);
    return {
      deliveryId: d.id,
      event: d.event,
      sequence: d.sequence,
      sentAt: now.toISOString(),
      order: stillThere ? toWorkOrderView(order, Role.Department, now, settings.yellowLightFraction) : { id: order.id, code: order.code },
    };
  }

  /**
   * The database is the record, the queue only the fast path: consider the events whose job never
   * arrived, read forward from the sweep's watermark (however many events came since, none is left
   * behind), and re-enqueue pending deliveries (first in their order's line) that lost their job.
   * While no webhook is active the watermark just moves on: an event of that time is delivered to no
   * one (a unit that registers later is not sent its past, a disabled webhook not what it missed).
   */
  async reconcile(opts: DeliveryReconcileOptions = {}): Promise<{ events: number; requeued: number }> {
    const settleSeconds = opts.settleSeconds ?? SETTLE_S;
    const [any] = await runPrepared<{ yes: boolean }>(this.ds, ANY_WEBHOOK, []);
    if (!any.yes) {
      await passOverEventLog(this.ds, DELIVERY_CONSUMER, settleSeconds);
      return { events: 0, requeued: 0 };
    }
    const events = await sweepEventLog(
      this.ds,
      {
        consumer: DELIVERY_CONSUMER,
        types: DELIVERABLE_EVENT_TYPES,
        settleSeconds,
        applyAfterSeconds: opts.applyAfterSeconds ?? APPLY_AFTER_S,
        batch: 2_000,
        maxBatches: 10,
        // A database swept for the first time by this version: where the old look-back began.
        startAfter: async (ds) =>
          ((await ds.query(`SELECT greatest(coalesce(max(id), 0) - ${FIRST_LOOK_BACK}, 0)::text AS id FROM work_order_events`)) as { id: string }[])[0].id,
      },
      // Every event read is considered (claimed), whether or not it made a delivery.
      (id) => this.applyEvent(id).then(() => true),
    );
    const requeued = await this.ds.transaction(async (m) => {
      const stale = updatedRows<{ id: string }>(
        await m.query(
          `UPDATE deliveries d SET queued_at = now()
         WHERE d.id IN (
           SELECT d2.id FROM deliveries d2
           WHERE d2.status = 'pending' AND greatest(d2.queued_at, d2.last_attempt_at) < now() - make_interval(mins => $1)
             AND (d2.lease_until IS NULL OR d2.lease_until < now())
             AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.webhook_id = d2.webhook_id AND p.work_order_id = d2.work_order_id
                               AND p.status = 'pending' AND p.sequence < d2.sequence)
           ORDER BY d2.created_at LIMIT 200 FOR UPDATE SKIP LOCKED)
         RETURNING d.id`,
          [STALE_MIN],
        ),
      );
      for (const r of stale) await enqueue(m, 'delivery.send', { deliveryId: r.id });
      return stale.length;
    });
    return { events, requeued };
  }
}

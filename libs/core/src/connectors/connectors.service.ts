// Registration of a department's webhook (垂建系统) and its delivery log.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import type { ConnectorRequest, ConnectorSecretView, ConnectorView, DeliveryStatus, DeliveryView } from '@hotline/contracts';
import { DepartmentEntity } from '../departments/department.entity';
import { type Actor, ALL } from '../shared/actor';
import { CLOCK, type Clock } from '../shared/clock';
import { InvalidInput, NotFound } from '../shared/errors';
import { inScope } from '../shared/scoped-transaction';
import { isWebhookUrl, newWebhookSecret, openSecret, sealSecret, sealingKey } from './connector-rules';
import { DeliveryAttemptEntity, DeliveryEntity, DepartmentWebhookEntity } from './connector.entity';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Admins manage every unit's connector; a department reads only its own. */
export function assertOwnUnitOrAdmin(actor: Actor, departmentId: string): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'department' && actor.departmentId === departmentId) return;
  throw new NotFound(`department ${departmentId} not found`);
}

@Injectable()
export class ConnectorsService {
  private readonly key: Buffer;
  /** Loopback receivers are for development and tests only. */
  private readonly allowLoopback: boolean;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) cfg: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.key = sealingKey(cfg.CONNECTOR_SECRET_KEY);
    this.allowLoopback = cfg.NODE_ENV !== 'production';
  }

  /** The webhook's signing secret, for the sender. */
  secretOf(w: Pick<DepartmentWebhookEntity, 'secretSealed'>): string {
    return openSecret(w.secretSealed, this.key);
  }

  /** Creates (returning the secret, once) or updates the webhook of a unit. */
  async register(actor: Actor, departmentId: string, body: ConnectorRequest): Promise<ConnectorView | ConnectorSecretView> {
    if (!isWebhookUrl(body.url, { allowLoopback: this.allowLoopback })) {
      throw new InvalidInput('url must be an http or https URL without credentials, not a loopback or link-local address');
    }
    await this.department(departmentId);
    const repo = this.ds.getRepository(DepartmentWebhookEntity);
    const now = this.clock.now();
    const events = body.events && body.events.length > 0 ? [...new Set(body.events)] : null;
    const existing = await repo.findOneBy({ departmentId });
    if (existing) {
      await repo.update({ id: existing.id }, { url: body.url, events, active: body.active ?? true, updatedById: actor.id, updatedAt: now });
      if (body.active === false) await this.cancelPending(existing.id);
      return this.view(departmentId);
    }
    const secret = newWebhookSecret();
    // A concurrent first registration loses on the unique department_id: it answers 409.
    await repo.insert({
      departmentId,
      url: body.url,
      events,
      active: body.active ?? true,
      secretSealed: sealSecret(secret, this.key),
      secretRotatedAt: now,
      updatedById: actor.id,
      updatedAt: now,
    });
    return { ...(await this.view(departmentId)), secret };
  }

  /** A new signing secret, returned once; pending retries are signed with it. */
  async rotateSecret(actor: Actor, departmentId: string): Promise<ConnectorSecretView> {
    const w = await this.webhook(departmentId);
    const secret = newWebhookSecret();
    const now = this.clock.now();
    await this.ds
      .getRepository(DepartmentWebhookEntity)
      .update({ id: w.id }, { secretSealed: sealSecret(secret, this.key), secretRotatedAt: now, updatedById: actor.id, updatedAt: now });
    return { ...(await this.view(departmentId)), secret };
  }

  /** Disables the webhook: no new deliveries, pending ones cancelled. Re-enable with PUT. */
  async disable(actor: Actor, departmentId: string): Promise<ConnectorView> {
    const w = await this.webhook(departmentId);
    await this.ds.getRepository(DepartmentWebhookEntity).update({ id: w.id }, { active: false, updatedById: actor.id, updatedAt: this.clock.now() });
    await this.cancelPending(w.id);
    return this.view(departmentId);
  }

  async get(actor: Actor, departmentId: string): Promise<ConnectorView> {
    assertOwnUnitOrAdmin(actor, departmentId);
    return this.view(departmentId);
  }

  /** The delivery log of a unit, newest first, with every attempt. */
  async deliveries(actor: Actor, departmentId: string, q: { status?: DeliveryStatus; workOrderId?: string; limit?: number }): Promise<DeliveryView[]> {
    assertOwnUnitOrAdmin(actor, departmentId);
    // The join reads work_orders, under row-level security: the caller's access was checked above.
    return inScope(this.ds, ALL, (m) => this.log(m, departmentId, q));
  }

  private async log(m: EntityManager, departmentId: string, q: { status?: DeliveryStatus; workOrderId?: string; limit?: number }): Promise<DeliveryView[]> {
    const qb = m
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .innerJoin('d.workOrder', 'wo')
      .addSelect('wo.code', 'wo_code')
      .where('d.department_id = :departmentId', { departmentId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.sequence', 'DESC')
      .limit(Math.min(q.limit ?? 100, 500));
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.workOrderId) qb.andWhere('d.work_order_id = :wo', { wo: q.workOrderId });
    const { entities, raw } = await qb.getRawAndEntities<{ wo_code: string; d_id: string }>();
    const codes = new Map(raw.map((r) => [r.d_id, r.wo_code]));
    const attempts = entities.length
      ? await m
          .getRepository(DeliveryAttemptEntity)
          .createQueryBuilder('a')
          .where('a.delivery_id IN (:...ids)', { ids: entities.map((e) => e.id) })
          .orderBy('a.id')
          .getMany()
      : [];
    return entities.map((d) => ({
      id: d.id,
      workOrderId: d.workOrderId,
      workOrderCode: codes.get(d.id) ?? '',
      event: d.event,
      sequence: d.sequence,
      status: d.status,
      attempts: d.attempts,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: iso(d.deliveredAt),
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      attemptLog: attempts
        .filter((a) => a.deliveryId === d.id)
        .map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, error: a.error })),
    }));
  }

  private async department(id: string): Promise<DepartmentEntity> {
    const d = await this.ds.getRepository(DepartmentEntity).findOneBy({ id });
    if (!d) throw new NotFound(`department ${id} not found`);
    return d;
  }

  private async webhook(departmentId: string): Promise<DepartmentWebhookEntity> {
    const w = await this.ds.getRepository(DepartmentWebhookEntity).findOneBy({ departmentId });
    if (!w) throw new NotFound(`department ${departmentId} has no connector`);
    return w;
  }

  private async cancelPending(webhookId: string): Promise<void> {
    await this.ds.query(
      `UPDATE deliveries SET status = 'cancelled', last_error = 'webhook disabled', lease_until = NULL WHERE webhook_id = $1 AND status = 'pending'`,
      [webhookId],
    );
  }

  private async view(departmentId: string): Promise<ConnectorView> {
    const w = await this.webhook(departmentId);
    const [counts] = (await this.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM deliveries WHERE webhook_id = $1`,
      [w.id],
    )) as { pending: number; failed: number }[];
    const last = await this.ds.getRepository(DeliveryEntity).findOne({ where: { departmentId }, order: { createdAt: 'DESC' } });
    return {
      departmentId,
      url: w.url,
      events: w.events,
      active: w.active,
      createdAt: w.createdAt.toISOString(),
      updatedAt: w.updatedAt.toISOString(),
      secretRotatedAt: w.secretRotatedAt.toISOString(),
      lastDelivery: last
        ? { id: last.id, status: last.status, event: last.event, at: (last.lastAttemptAt ?? last.createdAt).toISOString(), statusCode: last.lastStatusCode }
        : null,
      pending: counts?.pending ?? 0,
      failed: counts?.failed ?? 0,
    };
  }
}

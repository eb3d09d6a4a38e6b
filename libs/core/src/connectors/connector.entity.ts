// Department connectors: a unit's webhook, the deliveries made to it with their attempt log, and
// the API keys its system acts with.
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryEvent, DeliveryStatus } from '@hotline/contracts';
import { DepartmentEntity } from '../departments/department.entity';
import { UserEntity } from '../users/user.entity';
import { WorkOrderEntity } from '../work-orders/work-order.entity';

/** One webhook per department (its 垂建系统). The signing secret is sealed (AES-256-GCM), never returned again. */
@Entity('department_webhooks')
export class DepartmentWebhookEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'uuid' }) departmentId!: string;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
  @Column({ type: 'varchar', length: 2000 }) url!: string;
  /** null: every delivery event. */
  @Column({ type: 'text', array: true, nullable: true }) events!: DeliveryEvent[] | null;
  @Column({ type: 'text' }) secretSealed!: string;
  @Column({ type: 'timestamptz' }) secretRotatedAt!: Date;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ type: 'uuid', nullable: true }) updatedById!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** One order event for one webhook. Deliveries of an order are sent in `sequence` order. */
@Entity('deliveries')
@Index('uq_deliveries_webhook_event', ['webhookId', 'eventId', 'event'], { unique: true })
@Index('ix_deliveries_webhook_order', ['webhookId', 'workOrderId', 'sequence'])
@Index('ix_deliveries_department_created', ['departmentId', 'createdAt'])
@Index('ix_deliveries_pending', ['createdAt'], { where: `"status" = 'pending'` })
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) webhookId!: string;
  @ManyToOne(() => DepartmentWebhookEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'webhook_id' }) webhook?: DepartmentWebhookEntity;
  @Column({ type: 'uuid' }) departmentId!: string;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
  @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  /** The work_order_events row this delivery tells about. */
  @Column({ type: 'bigint' }) eventId!: string;
  @Column({ type: 'varchar', length: 40 }) event!: DeliveryEvent;
  /** The event's position in the order's history (1-based), the same for every unit. */
  @Column({ type: 'int' }) sequence!: number;
  @Column({ type: 'varchar', length: 12, default: 'pending' }) status!: DeliveryStatus;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  /** A sender holds the delivery until then, so two copies of its job never post it at once. */
  @Column({ type: 'timestamptz', nullable: true }) leaseUntil!: Date | null;
  @Column({ type: 'smallint', nullable: true }) lastStatusCode!: number | null;
  @Column({ type: 'text', nullable: true }) lastError!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) lastAttemptAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  /** When its job was last put on the queue (the sweep re-enqueues a delivery whose job was lost). */
  @Column({ type: 'timestamptz', default: () => 'now()' }) queuedAt!: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** The delivery log: one row per HTTP attempt (append-only). */
@Entity('delivery_attempts')
@Index('ix_delivery_attempts_delivery', ['deliveryId', 'attempt'])
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ type: 'uuid' }) deliveryId!: string;
  @ManyToOne(() => DeliveryEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'delivery_id' }) delivery?: DeliveryEntity;
  @Column({ type: 'int' }) attempt!: number;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'smallint', nullable: true }) statusCode!: number | null;
  @Column({ type: 'int' }) durationMs!: number;
  @Column({ type: 'text', nullable: true }) error!: string | null;
}

/** A department system's API key: only its SHA-256 hash is kept. It acts as the department's system user. */
@Entity('department_api_keys')
export class DepartmentApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) departmentId!: string;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
  /** The non-login users row the key acts as (so replies, signatures and events name a real user). */
  @Column({ type: 'uuid' }) userId!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT', nullable: false }) @JoinColumn({ name: 'user_id' }) user?: UserEntity;
  @Index({ unique: true }) @Column({ type: 'char', length: 64 }) keyHash!: string;
  @Column({ type: 'varchar', length: 16 }) prefix!: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) label!: string | null;
  @Column({ type: 'uuid', nullable: true }) createdById!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}

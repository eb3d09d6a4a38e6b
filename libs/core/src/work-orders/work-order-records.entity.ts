import { DepartmentEntity } from '../departments/department.entity';
import { WorkOrderEntity } from './work-order.entity';
// The records that hang off a work order: one row per dispatch hop, return, extension, reply,
// survey and supervision. Together with the event log they are the order's history.
import { Column, JoinColumn, ManyToOne, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type {
  RequestReviewStatus,
  ReturnReason,
  SatisfactionRating,
  SupervisionKind,
  SupervisionSource,
  SurveyOutcome,
  WorkOrderStatus,
} from '@hotline/contracts';

export type DispatchOutcome = 'active' | 'returned' | 'handed_down' | 'replied';
export type RoutedBy = 'manual' | 'catalogue' | 'router';

@Entity('dispatch_records')
@Index('ix_dispatch_records_order_hop', ['workOrderId', 'hop'], { unique: true })
@Index('ix_dispatch_records_dispatched', ['dispatchedAt'])
export class DispatchRecordEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  @Column({ type: 'int' }) hop!: number;
  /** 1: dispatched by the centre; 2: re-dispatched by a district to its sub-unit (二级派单). */
  @Column({ type: 'smallint' }) level!: number;
  @Index() @Column({ type: 'uuid' }) departmentId!: string;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT', nullable: false }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
  @Column({ type: 'uuid', nullable: true }) fromDepartmentId!: string | null;
  @Column({ type: 'uuid' }) dispatchedById!: string;
  @Column({ type: 'timestamptz' }) dispatchedAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) signDueAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Column({ type: 'varchar', length: 20, default: 'active' }) outcome!: DispatchOutcome;
  @Column({ type: 'varchar', length: 300, nullable: true }) note!: string | null;
  /** Who chose the unit: a person, the matter catalogue, or the text router. */
  @Column({ type: 'varchar', length: 10, default: 'manual' }) routedBy!: RoutedBy;
  /** Version of the text router in use when this dispatch was decided (routing_models.version). */
  @Column({ type: 'int', nullable: true }) modelVersion!: number | null;
  @Column({ type: 'real', nullable: true }) routeScore!: number | null;
  @Column({ type: 'text', nullable: true }) routeReason!: string | null;
}

@Entity('return_requests')
export class ReturnRequestEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  @Column({ type: 'uuid' }) dispatchRecordId!: string;
  @Index() @Column({ type: 'uuid' }) departmentId!: string;
  @Column({ type: 'varchar', length: 30 }) reasonCode!: ReturnReason;
  @Column({ type: 'text' }) note!: string;
  @Column({ type: 'varchar', length: 10, default: 'pending' }) status!: RequestReviewStatus;
  /** Status to go back to when the return is denied. */
  @Column({ type: 'varchar', length: 20 }) previousStatus!: WorkOrderStatus;
  @Column({ type: 'uuid' }) requestedById!: string;
  @Column({ type: 'timestamptz' }) requestedAt!: Date;
  @Column({ type: 'uuid', nullable: true }) reviewedById!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reviewNote!: string | null;
  @Column({ type: 'uuid', nullable: true }) newDepartmentId!: string | null;
}

@Entity('extension_requests')
export class ExtensionRequestEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  @Column({ type: 'uuid' }) departmentId!: string;
  @Column({ type: 'int' }) days!: number;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'varchar', length: 10, default: 'pending' }) status!: RequestReviewStatus;
  @Column({ type: 'uuid' }) requestedById!: string;
  @Column({ type: 'timestamptz' }) requestedAt!: Date;
  @Column({ type: 'uuid', nullable: true }) reviewedById!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reviewNote!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) previousDueAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) newDueAt!: Date | null;
}

@Entity('replies')
export class ReplyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  @Column({ type: 'uuid' }) departmentId!: string;
  @Column({ type: 'text' }) content!: string;
  @Column({ type: 'uuid' }) repliedById!: string;
  @Column({ type: 'timestamptz' }) repliedAt!: Date;
}

export type SurveyReview = 'pending' | 'reopened' | 'closed';

/** 回访 */
@Entity('surveys')
@Index('ix_surveys_surveyed', ['surveyedAt'])
export class SurveyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  @Index() @Column({ type: 'uuid', nullable: true }) departmentId!: string | null;
  @Column({ type: 'varchar', length: 20 }) outcome!: SurveyOutcome;
  @Column({ type: 'varchar', length: 30, nullable: true }) rating!: SatisfactionRating | null;
  @Column({ type: 'boolean', nullable: true }) resolved!: boolean | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  /** Set for dissatisfied ratings: a dispatcher reviews them (reopen if reasonable, else close). */
  @Column({ type: 'varchar', length: 10, nullable: true }) review!: SurveyReview | null;
  @Column({ type: 'uuid' }) surveyedById!: string;
  @Column({ type: 'timestamptz' }) surveyedAt!: Date;
}

/** 催办 (reminder) and 督办 (supervision). */
@Entity('supervisions')
// One automatic supervision per timer (order, kind, deadline): a redelivered job or the sweep racing it writes nothing.
@Index('uq_supervisions_timer', ['workOrderId', 'trigger', 'dueAt'], { unique: true, where: '"trigger" IS NOT NULL' })
export class SupervisionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  @Index() @Column({ type: 'uuid', nullable: true }) departmentId!: string | null;
  @Column({ type: 'varchar', length: 12 }) kind!: SupervisionKind;
  @Column({ type: 'varchar', length: 10 }) source!: SupervisionSource;
  @Column({ type: 'text' }) note!: string;
  @Column({ type: 'uuid', nullable: true }) issuedById!: string | null;
  @Column({ type: 'timestamptz' }) issuedAt!: Date;
  /** The timer that issued an automatic one (null when issued by hand). */
  @Column({ type: 'varchar', length: 20, nullable: true }) trigger!: import('@hotline/contracts').DeadlineKind | null;
  /** The deadline that timer was for. */
  @Column({ type: 'timestamptz', nullable: true }) dueAt!: Date | null;
}

/** Append-only: the application role has no UPDATE or DELETE grant on this table. */
@Entity('work_order_events')
@Index('ix_work_order_events_order', ['workOrderId', 'id'])
// The rollup sweep looks for recent survey events the rollup has not folded.
@Index('ix_work_order_events_surveyed', ['occurredAt'], { where: "type = 'surveyed'" })
export class WorkOrderEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  @Column({ type: 'varchar', length: 40 }) type!: string;
  @Column({ type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 20 }) actorRole!: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) fromStatus!: WorkOrderStatus | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) toStatus!: WorkOrderStatus | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) details!: Record<string, unknown>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) occurredAt!: Date;
}

/** Per-day base of the global order sequence, so codes read 20261122-000123. */
@Entity('work_order_code_days')
export class WorkOrderCodeDayEntity {
  @Column({ type: 'date', primary: true }) day!: string;
  @Column({ type: 'bigint' }) base!: string;
}

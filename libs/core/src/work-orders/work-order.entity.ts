import { UserEntity } from '../users/user.entity';
import { DepartmentEntity } from '../departments/department.entity';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type {
  Channel,
  CloseReason,
  Language,
  Priority,
  RequestKind,
  WorkOrderStatus,
} from '@hotline/contracts';

/** 工单. Row-level security limits department users to rows under their department path. */
@Entity('work_orders')
@Index('ix_work_orders_created', ['createdAt', 'id'])
// text_pattern_ops for department-path prefix scans; created by the security migration.
@Index('ix_work_orders_department_path', { synchronize: false })
@Index('ix_work_orders_status_created', ['status', 'createdAt', 'id'])
@Index('ix_work_orders_department_created', ['departmentId', 'createdAt', 'id'])
@Index('uq_work_orders_idempotency', ['createdById', 'idempotencyKey'], { unique: true, where: '"idempotency_key" IS NOT NULL' })
export class WorkOrderEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 20 }) code!: string;
  @Column({ type: 'varchar', length: 20 }) status!: WorkOrderStatus;
  @Column({ type: 'varchar', length: 20 }) kind!: RequestKind;
  @Column({ type: 'varchar', length: 10 }) priority!: Priority;
  @Column({ type: 'varchar', length: 4 }) language!: Language;
  @Column({ type: 'varchar', length: 20 }) channel!: Channel;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text' }) content!: string;
  @Column({ type: 'text', nullable: true }) summaryZh!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) address!: string | null;
  @Column({ type: 'varchar', length: 12, nullable: true }) districtCode!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) matterCode!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) citizenName!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) citizenPhone!: string | null;
  @Column({ type: 'boolean', default: false }) confidential!: boolean;
  @Column({ type: 'uuid', nullable: true }) departmentId!: string | null;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT', nullable: true }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
  @Column({ type: 'text', nullable: true }) departmentPath!: string | null;
  /** First-level dispatches by the centre (the 3-dispatch limit counts these). */
  @Column({ type: 'int', default: 0 }) dispatchCount!: number;
  /** Every dispatch, sub-unit re-dispatches included. */
  @Column({ type: 'int', default: 0 }) hopCount!: number;
  @Column({ type: 'int', default: 0 }) reopenCount!: number;
  @Column({ type: 'timestamptz', nullable: true }) dispatchedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) signDueAt!: Date | null;
  /** Start of the completion clock (first dispatch, or the reopen). */
  @Column({ type: 'timestamptz', nullable: true }) clockStartAt!: Date | null;
  @Index() @Column({ type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  /**
   * The earliest deadline timer (催办 / 督办) of the order not yet fired, or null: kept by PostgreSQL's
   * triggers (migration NextTimer), never written by the application; the deadline sweep's index.
   */
  @Index('ix_work_orders_next_timer', { synchronize: false })
  @Column({ type: 'timestamptz', nullable: true, select: false, insert: false, update: false })
  nextTimerAt!: Date | null;
  @Column({ type: 'text', nullable: true }) answer!: string | null;
  @Column({ type: 'text', nullable: true }) rejectReason!: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) closeReason!: CloseReason | null;
  @Column({ type: 'uuid', nullable: true }) mergedIntoId!: string | null;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'RESTRICT', nullable: true }) @JoinColumn({ name: 'merged_into_id' }) mergedInto?: WorkOrderEntity;
  @Column({ type: 'uuid' }) createdById!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT', nullable: false }) @JoinColumn({ name: 'created_by_id' }) createdBy?: UserEntity;
  @Column({ type: 'varchar', length: 100, nullable: true }) idempotencyKey!: string | null;
  /** Chinese word segments of title, content and summary (jieba), for full-text search. */
  @Index('ix_work_orders_search', { synchronize: false }) @Column({ type: 'tsvector', select: false, nullable: true }) searchVector!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) repliedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ type: 'int', default: 1 }) version!: number;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Language, SurveyTaskStatus } from '@hotline/contracts';
import { WorkOrderEntity } from '../work-orders/work-order.entity';

/**
 * 回访任务: after each reply the centre owes the caller a satisfaction callback by the end of the next
 * working day. One task per reply (a reopened order replied again gets a new one).
 */
@Entity('survey_tasks')
@Index('uq_survey_tasks_reply', ['workOrderId', 'repliedAt'], { unique: true })
// The agents' worklist and the sweep both walk open tasks in due order.
@Index('ix_survey_tasks_open_due', ['dueAt', 'id'], { where: "status = 'open'" })
export class SurveyTaskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  /** The reply this callback follows. */
  @Column({ type: 'timestamptz' }) repliedAt!: Date;
  /** The order's language: Mongolian-language callbacks go to agents with the mn skill. */
  @Column({ type: 'varchar', length: 4 }) language!: Language;
  /** The unit whose reply is being surveyed. */
  @Column({ type: 'uuid', nullable: true }) departmentId!: string | null;
  @Column({ type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'varchar', length: 10, default: 'open' }) status!: SurveyTaskStatus;
  /** Set when the due time passed with the task still open. */
  @Column({ type: 'boolean', default: false }) overdue!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { InterviewOutcome } from '@hotline/contracts';
import { DepartmentEntity } from '../departments/department.entity';

/** 约谈 record: who was called in about which month, when, and with what outcome. Append-only. */
@Entity('accountability_interviews')
@Index('ix_accountability_interviews_month', ['month', 'departmentId'])
export class AccountabilityInterviewEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) departmentId!: string;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT', nullable: false }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
  /** The month under assessment, 'YYYY-MM'. */
  @Column({ type: 'char', length: 7 }) month!: string;
  @Column({ type: 'timestamptz' }) interviewedAt!: Date;
  @Column({ type: 'varchar', length: 30 }) outcome!: InterviewOutcome;
  @Column({ type: 'text' }) note!: string;
  @Column({ type: 'uuid' }) recordedById!: string;
  @Column({ type: 'timestamptz' }) recordedAt!: Date;
}

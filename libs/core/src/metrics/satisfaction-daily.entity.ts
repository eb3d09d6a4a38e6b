import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Daily rollup of survey outcomes per handling unit, maintained by the worker. */
@Entity('satisfaction_daily')
export class SatisfactionDailyEntity {
  @PrimaryColumn({ type: 'date' }) day!: string;
  @PrimaryColumn({ type: 'uuid' }) departmentId!: string;
  @Column({ type: 'int', default: 0 }) verySatisfied!: number;
  @Column({ type: 'int', default: 0 }) satisfied!: number;
  @Column({ type: 'int', default: 0 }) basicallySatisfied!: number;
  @Column({ type: 'int', default: 0 }) dissatisfied!: number;
  @Column({ type: 'int', default: 0 }) veryDissatisfied!: number;
  @Column({ type: 'int', default: 0 }) unreachable!: number;
  @Column({ type: 'int', default: 0 }) refused!: number;
}

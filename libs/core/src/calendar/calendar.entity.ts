import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { CalendarDayKind, Priority, RequestKind, TimeLimitStage, TimeUnit } from '@hotline/contracts';

/** A day that departs from the Mon–Fri rule: an official holiday or a make-up working day (调休). */
@Entity('calendar_days')
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date' }) date!: string;
  @Column({ type: 'varchar', length: 10 }) kind!: CalendarDayKind;
  @Column({ type: 'varchar', length: 100 }) name!: string;
}

/**
 * A time limit for signing for or completing an order. The most specific policy wins: one naming
 * the priority beats one naming the kind, which beats the catch-all (both null).
 */
@Entity('time_limit_policies')
@Unique('uq_time_limit_policy', ['stage', 'kind', 'priority'])
export class TimeLimitPolicyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 10 }) stage!: TimeLimitStage;
  @Column({ type: 'varchar', length: 20, nullable: true }) kind!: RequestKind | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) priority!: Priority | null;
  @Column({ type: 'int' }) amount!: number;
  @Column({ type: 'varchar', length: 20 }) unit!: TimeUnit;
}

/** Operator-tunable settings (return window, dispatch limit, yellow-light fraction, rate weights). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'jsonb' }) value!: unknown;
  @Column({ type: 'varchar', length: 300, default: '' }) description!: string;
}

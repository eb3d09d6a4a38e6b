import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Daily rollup of dispatch outcomes per unit, folded by the worker from work-order events
 * (DispatchMetricsService). Which day and unit each counter lands on is documented there.
 */
@Entity('dispatch_daily')
export class DispatchDailyEntity {
  @PrimaryColumn({ type: 'date' }) day!: string;
  @PrimaryColumn({ type: 'uuid' }) departmentId!: string;
  /** First-level dispatches by the centre received by the unit (day of the dispatch). */
  @Column({ type: 'int', default: 0 }) dispatches!: number;
  /** Approved returns, counted against the first-level dispatch they ended (its day and unit). */
  @Column({ type: 'int', default: 0 }) approvedReturns!: number;
  /** Orders whose first first-level dispatch went to the unit that day. */
  @Column({ type: 'int', default: 0 }) orders!: number;
  /** Of those orders, the ones whose latest first-level unit is still the first one. */
  @Column({ type: 'int', default: 0 }) firstUnitFinal!: number;
  /** Every dispatch hop of those orders (sub-unit hand-downs included). */
  @Column({ type: 'int', default: 0 }) hops!: number;
  @Column({ type: 'int', default: 0 }) signs!: number;
  @Column({ type: 'int', default: 0 }) signsOnTime!: number;
  /** Replies (the unit's 办结), by reply day. */
  @Column({ type: 'int', default: 0 }) completions!: number;
  @Column({ type: 'int', default: 0 }) completionsOnTime!: number;
}

/** How far a consumer's sweep (a rollup's, the connector deliveries') has read the event log: every event at or below the id has been looked at. */
@Entity('rollup_watermarks')
export class RollupWatermarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 }) consumer!: string;
  @Column({ type: 'bigint', default: 0 }) lastEventId!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

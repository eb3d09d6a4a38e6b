import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DepartmentEntity } from '../departments/department.entity';
import { WorkOrderEntity } from '../work-orders/work-order.entity';

/** A trained text router, versioned: the newest row is the one in use; dispatches record its version. */
@Entity('routing_models')
export class RoutingModelEntity {
  @PrimaryGeneratedColumn('identity', { type: 'int', generatedIdentity: 'ALWAYS' }) version!: number;
  @Column({ type: 'varchar', length: 40 }) algorithm!: string;
  @Column({ type: 'varchar', length: 20 }) reason!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) trainedAt!: Date;
  @Column({ type: 'int' }) positives!: number;
  @Column({ type: 'int' }) negatives!: number;
  @Column({ type: 'int' }) labels!: number;
  /** The model itself (plain JSON from trainRouter). */
  @Column({ type: 'jsonb' }) model!: Record<string, unknown>;
  @Column({ type: 'jsonb', default: () => "'{}'" }) stats!: Record<string, unknown>;
}

/** Routing mode and threshold of one centre; centres without a row use the settings table's defaults. */
@Entity('routing_settings')
export class RoutingSettingEntity {
  @PrimaryColumn({ type: 'uuid' }) centreId!: string;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'centre_id' }) centre?: DepartmentEntity;
  @Column({ type: 'varchar', length: 10 }) mode!: 'auto' | 'suggest';
  @Column({ type: 'real' }) threshold!: number;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'uuid', nullable: true }) updatedById!: string | null;
}

/** The router's ranked units for an order waiting in the dispatchers' manual queue. */
@Entity('routing_suggestions')
export class RoutingSuggestionEntity {
  @PrimaryColumn({ type: 'uuid' }) workOrderId!: string;
  @ManyToOne(() => WorkOrderEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'work_order_id' }) workOrder?: WorkOrderEntity;
  @Column({ type: 'jsonb' }) suggestions!: unknown[];
  @Column({ type: 'int', nullable: true }) modelVersion!: number | null;
  /** Why it was not dispatched automatically (suggest mode, score under the threshold, no district…). */
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'timestamptz' }) createdAt!: Date;
}

import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Transactional outbox: written with the state change, published to BullMQ by the relay. */
@Entity('outbox')
@Index('ix_outbox_unpublished', ['id'], { where: '"published_at" IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ type: 'varchar', length: 30 }) queueName!: string;
  @Column({ type: 'varchar', length: 60 }) jobName!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  /** A deterministic job id (timers); null: the relay uses outbox-<id>. */
  @Column({ type: 'varchar', length: 120, nullable: true }) jobId!: string | null;
  /** A delayed job's delay from the commit (timers); the relay subtracts the time the row waited. */
  @Column({ type: 'bigint', nullable: true }) delayMs!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @Column({ type: 'text', nullable: true }) lastError!: string | null;
}

/** Idempotency record of a job handler: written in the same transaction as its effect. */
@Entity('processed_jobs')
export class ProcessedJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 }) consumer!: string;
  @PrimaryColumn({ type: 'varchar', length: 120 }) jobKey!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) processedAt!: Date;
}

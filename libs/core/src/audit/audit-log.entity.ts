import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only audit trail of sensitive reads (an unmasked citizen phone number, for one). */
@Entity('audit_log')
@Index('ix_audit_log_subject', ['subjectId'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 20 }) actorRole!: string;
  @Column({ type: 'varchar', length: 40 }) action!: string;
  @Column({ type: 'uuid', nullable: true }) subjectId!: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) details!: Record<string, unknown>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
}

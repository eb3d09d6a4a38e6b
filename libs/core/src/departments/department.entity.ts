import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DepartmentKind } from '@hotline/contracts';

/** 承办单位: city bureaus, utilities, districts and their street offices, and the centre itself. */
@Entity('departments')
export class DepartmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) code!: string;
  @Column({ type: 'varchar', length: 200 }) nameZh!: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) nameMn!: string | null;
  @Column({ type: 'varchar', length: 20 }) kind!: DepartmentKind;
  @Index() @Column({ type: 'uuid', nullable: true }) parentId!: string | null;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT', nullable: true }) @JoinColumn({ name: 'parent_id' }) parent?: DepartmentEntity;
  /** Materialised path of ids ("/<root>/<child>/"): a unit sees orders whose path starts with its own. */
  @Index() @Column({ type: 'text' }) path!: string;
  @Column({ type: 'varchar', length: 12, nullable: true }) districtCode!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

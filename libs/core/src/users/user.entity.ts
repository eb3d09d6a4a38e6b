import { DepartmentEntity } from '../departments/department.entity';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Language, Role } from '@hotline/contracts';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) username!: string;
  @Column({ type: 'varchar', length: 100 }) displayName!: string;
  @Column({ type: 'varchar', length: 200 }) passwordHash!: string;
  @Column({ type: 'varchar', length: 20 }) role!: Role;
  @Index() @Column({ type: 'uuid', nullable: true }) departmentId!: string | null;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT', nullable: true }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) languageSkills!: Language[];
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** Bumped to revoke every refresh token of the user. */
  @Column({ type: 'int', default: 0 }) tokenVersion!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

import { DepartmentEntity } from '../departments/department.entity';
import { Column, JoinColumn, ManyToOne, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** 派单目录 / 事项分类: a tree of matter codes; each leaf names the responsible unit. */
@Entity('matters')
export class MatterEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 100 }) code!: string;
  @Index() @Column({ type: 'uuid', nullable: true }) parentId!: string | null;
  @ManyToOne(() => MatterEntity, { onDelete: 'RESTRICT', nullable: true }) @JoinColumn({ name: 'parent_id' }) parent?: MatterEntity;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) keywords!: string[];
  @Column({ type: 'uuid', nullable: true }) departmentId!: string | null;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT', nullable: true }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
  @Column({ type: 'boolean', default: false }) isLeaf!: boolean;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ type: 'int', default: 1 }) catalogueVersion!: number;
}

/** 属地管理: the unit responsible for a matter in one district. */
@Entity('matter_district_units')
export class MatterDistrictUnitEntity {
  @PrimaryColumn({ type: 'uuid' }) matterId!: string;
  @ManyToOne(() => MatterEntity, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'matter_id' }) matter?: MatterEntity;
  @PrimaryColumn({ type: 'varchar', length: 12 }) districtCode!: string;
  @Column({ type: 'uuid' }) departmentId!: string;
  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT', nullable: false }) @JoinColumn({ name: 'department_id' }) department?: DepartmentEntity;
}
